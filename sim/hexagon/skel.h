/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the shell hands a skeleton.  in[] holds the call's input buffers,
 * out[] its output buffers with len set to their capacity; the skeleton
 * sets each out[i].len to the bytes it produced (at most the capacity).
 * A skeleton returns 0 or AEE_DSP_ERR(code); outputs count only on 0.
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

/* True when sc asks for exactly these buffers and no handles. */
static inline int sc_counts_are(uint32_t sc, uint32_t in, uint32_t out)
{
	return SC_COUNTS(sc) == SC_COUNTS(SC_MAKE(0, in, out));
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

int32_t lab_skel_invoke(uint32_t sc, const struct shell_buf *in, struct shell_buf *out);
int32_t remotectl_invoke(uint32_t sc, const struct shell_buf *in, struct shell_buf *out);

#endif /* SKEL_H */
