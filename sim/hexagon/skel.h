/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the shell hands a skeleton.  in[] holds the call's input buffers,
 * out[] its output buffers with len set to their capacity; the skeleton
 * sets each out[i].len to the bytes it produced (at most the capacity).
 * hdl[] holds the call's handle arguments, in-handles first.  A skeleton
 * returns 0 or AEE_DSP_ERR(code); outputs count only on 0.
 *
 * The shell's services for skeletons (shell.c): DSP memory through vdspd,
 * and the table of handles the process keeps.  Every handle of a call is
 * let go of in its reply unless the skeleton keeps it.
 */
#ifndef SKEL_H
#define SKEL_H

#include <stdint.h>

#include "scalars.h"
#include "shell_proto.h"

struct shell_buf {
	uint8_t *ptr;
	uint32_t len;
};

struct skel_call {
	uint32_t sc;
	const struct shell_buf *in;
	struct shell_buf *out;
	const struct shell_handle *hdl;
	uint32_t nhdl;
};

/* True when sc asks for exactly these buffers and no handles. */
static inline int sc_counts_are(uint32_t sc, uint32_t in, uint32_t out)
{
	return SC_COUNTS(sc) == SC_COUNTS(SC_MAKE(0, in, out));
}

/* True when sc asks for exactly these buffers, whatever its handles. */
static inline int sc_bufs_are(uint32_t sc, uint32_t in, uint32_t out)
{
	return SC_INBUFS(sc) == in && SC_OUTBUFS(sc) == out;
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int32_t lab_skel_invoke(const struct skel_call *call);
int32_t remotectl_invoke(uint32_t handle, uint32_t sc, const struct shell_buf *in,
			 struct shell_buf *out);

/*
 * Read or write len bytes of DSP memory: fd 0 and a DSP address inside a
 * mapping, or a held handle's fd and an offset into its buffer.  Any
 * length (split into SHELL_MAX_MEM_LEN requests); 0, or vdspd's refusal.
 */
int32_t shell_mem_read(uint32_t fd, uint64_t addr, void *dst, uint32_t len);
int32_t shell_mem_write(uint32_t fd, uint64_t addr, const void *src, uint32_t len);

/* True when fd is held by the process or passed in the current call. */
int shell_handle_known(uint32_t fd);
/* Keep handle i of the current call after the call: 0 or AEE_DSP_ERR. */
int32_t shell_keep(uint32_t i);
/* Let go of one hold of each fd, all or none: 0 or AEE_DSP_ERR. */
int32_t shell_drop(const uint32_t *fds, uint32_t n);

#endif /* SKEL_H */
