// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lab skeleton, liblab_skel.so: small methods that exercise every
 * path of a call, and what a DSP process does with memory it reaches
 * beyond its buffers: mappings (FILL, CHECK: directly where the shell has
 * placed the mapping, else through vdspd) and handles (HOLD, DROP, HFILL,
 * HCHECK, through vdspd).  Built as a user's skeleton is, loaded by the
 * shell: "lab" or file:///liblab_skel.so?lab_skel_handle_invoke&_modver=1.0
 * opens it, and vdspd preloads it on LAB_SKEL_HANDLE in the lab.  Methods
 * 0 and 1 are its remote_handle64 open and close, in the shape a DSP calls
 * them; other arguments are raw buffers, words little-endian
 * (shell_proto.h).  It reaches the lab's services through the shell's
 * lab_ exports and the C runtime through the others (exports.c).
 */
#include <stddef.h>
#include <stdint.h>

#include "scalars.h"
#include "shell_proto.h"
#include "skel_args.h"

struct shell_buf {
	uint8_t *ptr;
	uint32_t len;
};

/* What the shell exports (exports.c). */
void *memcpy(void *dst, const void *src, size_t n);
int32_t lab_shell_mem_read(uint32_t fd, uint64_t addr, void *dst, uint32_t len);
int32_t lab_shell_mem_write(uint32_t fd, uint64_t addr, const void *src, uint32_t len);
int lab_shell_handle_known(uint32_t fd);
int32_t lab_shell_keep(uint32_t i);
int32_t lab_shell_drop(const uint32_t *fds, uint32_t n);
const struct shell_handle *lab_shell_call_handles(uint32_t *n);
void *lab_shell_mapped(uint64_t addr, uint64_t len);
int lab_shell_sleep_ms(uint32_t ms);
int32_t lab_shell_host_open(const char *name, const char *mode);

int lab_skel_handle_invoke(uint64_t h64, uint32_t sc, remote_arg *pra);

/* One call as the methods below see it. */
struct skel_call {
	uint32_t sc;
	const struct shell_buf *in;
	struct shell_buf *out;
	const struct shell_handle *hdl;
	uint32_t nhdl;
};

static int sc_bufs_are(uint32_t sc, uint32_t in, uint32_t out)
{
	return SC_INBUFS(sc) == in && SC_OUTBUFS(sc) == out;
}

static int32_t lab_null(uint32_t sc)
{
	return sc_counts_are(sc, 0, 0) ? 0 : AEE_DSP_ERR(AEE_EBADPARM);
}

/* Copies as many bytes as both buffers hold. */
static int32_t lab_echo(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	uint32_t n;

	if (!sc_counts_are(sc, 1, 1))
		return AEE_DSP_ERR(AEE_EBADPARM);
	n = in[0].len < out[0].len ? in[0].len : out[0].len;
	memcpy(out[0].ptr, in[0].ptr, n);
	out[0].len = n;
	return 0;
}

static int32_t lab_sum(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	uint64_t sum = 0;
	uint32_t i;

	if (!sc_counts_are(sc, 1, 1) || in[0].len % 4 || out[0].len < 8)
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (i = 0; i < in[0].len; i += 4)
		sum += get_le32(in[0].ptr + i);
	put_le32(out[0].ptr, (uint32_t)sum);
	put_le32(out[0].ptr + 4, (uint32_t)(sum >> 32));
	out[0].len = 8;
	return 0;
}

static int32_t lab_sleep(uint32_t sc, const struct shell_buf *in)
{
	if (!sc_counts_are(sc, 1, 0) || in[0].len != 4)
		return AEE_DSP_ERR(AEE_EBADPARM);
	return lab_shell_sleep_ms(get_le32(in[0].ptr)) ? AEE_DSP_ERR(AEE_EFAILED) : 0;
}

static uint8_t pattern(uint32_t seed, uint32_t i)
{
	return (uint8_t)(seed + i * 7u);
}

/* Room for one memory request's bytes. */
static uint8_t chunk[64u << 10];

/*
 * Write the pattern over [addr, addr + len) of fd's memory (0: a mapping).
 * A mapping the shell placed in the process is written through the
 * pointer, as a DSP dereferences a mapped buffer at its DSP address.
 */
static int32_t fill(uint32_t fd, uint64_t addr, uint32_t len, uint32_t seed)
{
	uint32_t done, n, i;
	uint8_t *direct = fd ? NULL : lab_shell_mapped(addr, len);
	int32_t ret;

	if (!len)
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (direct) {
		for (i = 0; i < len; i++)
			direct[i] = pattern(seed, i);
		return 0;
	}
	for (done = 0; done < len; done += n) {
		n = len - done < sizeof(chunk) ? len - done : (uint32_t)sizeof(chunk);
		for (i = 0; i < n; i++)
			chunk[i] = pattern(seed, done + i);
		ret = lab_shell_mem_write(fd, addr + done, chunk, n);
		if (ret)
			return ret;
	}
	return 0;
}

/* Compare [addr, addr + len) with the pattern; out 0 gets { ok, first_bad }. */
static int32_t check(uint32_t fd, uint64_t addr, uint32_t len, uint32_t seed,
		     struct shell_buf *out)
{
	uint32_t done, n, i, bad = len;
	const uint8_t *direct = fd ? NULL : lab_shell_mapped(addr, len), *p;
	int32_t ret;

	if (!len || out->len < sizeof(struct lab_check))
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (done = 0; done < len && bad == len; done += n) {
		n = len - done < sizeof(chunk) ? len - done : (uint32_t)sizeof(chunk);
		p = direct ? direct + done : chunk;
		if (!direct) {
			ret = lab_shell_mem_read(fd, addr + done, chunk, n);
			if (ret)
				return ret;
		}
		for (i = 0; i < n; i++) {
			if (p[i] != pattern(seed, done + i)) {
				bad = done + i;
				break;
			}
		}
	}
	put_le32(out->ptr, bad == len);
	put_le32(out->ptr + 4, bad);
	out->len = sizeof(struct lab_check);
	return 0;
}

/* FILL (no output) and CHECK (one): in 0 is a struct lab_arange. */
static int32_t lab_arange(const struct skel_call *c, int do_check)
{
	const uint8_t *r = c->in[0].ptr;

	if (!sc_counts_are(c->sc, 1, do_check ? 1 : 0) ||
	    c->in[0].len != sizeof(struct lab_arange))
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (do_check)
		return check(0, get_le64(r), get_le32(r + 8), get_le32(r + 12), &c->out[0]);
	return fill(0, get_le64(r), get_le32(r + 8), get_le32(r + 12));
}

/* HFILL and HCHECK: in 0 is a struct lab_hrange on a held handle or one of this call. */
static int32_t lab_hrange(const struct skel_call *c, int do_check)
{
	const uint8_t *r = c->in[0].ptr;
	uint32_t fd, offset;

	if (!sc_bufs_are(c->sc, 1, do_check ? 1 : 0) ||
	    c->in[0].len != sizeof(struct lab_hrange))
		return AEE_DSP_ERR(AEE_EBADPARM);
	fd = get_le32(r);
	offset = get_le32(r + 4);
	if (!lab_shell_handle_known(fd))
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (do_check)
		return check(fd, offset, get_le32(r + 8), get_le32(r + 12), &c->out[0]);
	return fill(fd, offset, get_le32(r + 8), get_le32(r + 12));
}

/* Keep every in-handle, or none. */
static int32_t lab_hold(const struct skel_call *c)
{
	uint32_t i, j;
	int32_t ret;

	if (SC_INBUFS(c->sc) || SC_OUTBUFS(c->sc) || SC_OUTHANDLES(c->sc))
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (i = 0; i < c->nhdl; i++) {
		ret = lab_shell_keep(i);
		if (ret) {
			/* Undo: the reply lets go of them all. */
			for (j = 0; j < i; j++)
				lab_shell_drop(&c->hdl[j].fd, 1);
			return ret;
		}
	}
	return 0;
}

static int32_t lab_drop(const struct skel_call *c)
{
	uint32_t fds[SHELL_MAX_FREE], n, i;

	if (!sc_counts_are(c->sc, 1, 0) || c->in[0].len % 4 ||
	    c->in[0].len / 4 > SHELL_MAX_FREE)
		return AEE_DSP_ERR(AEE_EBADPARM);
	n = c->in[0].len / 4;
	for (i = 0; i < n; i++)
		fds[i] = get_le32(c->in[0].ptr + 4 * i);
	return lab_shell_drop(fds, n);
}

/* Word at a time where it can: a 16 MiB buffer is 16M emulated bytes. */
static int32_t lab_xor(const struct skel_call *c)
{
	const uint8_t *src = c->in[0].ptr;
	uint8_t *dst = c->out[0].ptr;
	uint32_t n = c->in[0].len, i = 0;

	if (!sc_counts_are(c->sc, 1, 1) || c->out[0].len != n)
		return AEE_DSP_ERR(AEE_EBADPARM);
	/* The arena hands out 8-byte aligned buffers. */
	for (; i + 4 <= n; i += 4)
		*(uint32_t *)(dst + i) = *(const uint32_t *)(src + i) ^ 0x5a5a5a5au;
	for (; i < n; i++)
		dst[i] = src[i] ^ 0x5a;
	return 0;
}

/*
 * Methods 0 and 1 in the shape a DSP's loader calls them: open(uri, rout
 * h64) with 2 in buffers and 1 out handle, close(h64) with 1 in handle.
 * The lab skeleton keeps no state per open; h64 is a constant.  Any other
 * shape is an unknown method, as before.
 */
#define LAB_H64		0x1ab0000000000001ull

static int32_t lab_interface(uint32_t sc, remote_arg *pra)
{
	if (SC_METHOD(sc) == 0 && SC_COUNTS(sc) == (SC_COUNTS(SC_MAKE(0, 2, 0)) | 1u)) {
		if (pra[0].buf.nLen != 4 || !pra[1].buf.nLen ||
		    get_le32(pra[0].buf.pv) != pra[1].buf.nLen)
			return AEE_DSP_ERR(AEE_EBADPARM);
		pra[2].h64 = LAB_H64;
		return 0;
	}
	if (SC_METHOD(sc) == 1 && SC_COUNTS(sc) == 1u << 4)
		return pra[0].h64 == LAB_H64 ? 0 : AEE_DSP_ERR(AEE_EBADPARM);
	return AEE_DSP_ERR(AEE_EUNSUPPORTED);
}

/* A DSP that opens host files by name and mode, as a hostile one would. */
static int32_t lab_host_open(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	int32_t res;

	if (!sc_counts_are(sc, 2, 1) || !in[0].len || !in[1].len || out[0].len < 4 ||
	    in[0].ptr[in[0].len - 1] || in[1].ptr[in[1].len - 1])
		return AEE_DSP_ERR(AEE_EBADPARM);
	res = lab_shell_host_open((const char *)in[0].ptr, (const char *)in[1].ptr);
	put_le32(out[0].ptr, (uint32_t)res);
	out[0].len = 4;
	return 0;
}

static int32_t lab_method(const struct skel_call *c)
{
	switch (SC_METHOD(c->sc)) {
	case LAB_METHOD_NULL:
		return lab_null(c->sc);
	case LAB_METHOD_ECHO:
		return lab_echo(c->sc, c->in, c->out);
	case LAB_METHOD_SUM:
		return lab_sum(c->sc, c->in, c->out);
	case LAB_METHOD_SLEEP:
		return lab_sleep(c->sc, c->in);
	case LAB_METHOD_FILL:
	case LAB_METHOD_CHECK:
		return lab_arange(c, SC_METHOD(c->sc) == LAB_METHOD_CHECK);
	case LAB_METHOD_HOLD:
		return lab_hold(c);
	case LAB_METHOD_DROP:
		return lab_drop(c);
	case LAB_METHOD_HFILL:
	case LAB_METHOD_HCHECK:
		return lab_hrange(c, SC_METHOD(c->sc) == LAB_METHOD_HCHECK);
	case LAB_METHOD_XOR:
		return lab_xor(c);
	case LAB_METHOD_HOST_OPEN:
		return lab_host_open(c->sc, c->in, c->out);
	default:
		return AEE_DSP_ERR(AEE_EUNSUPPORTED);
	}
}

int lab_skel_handle_invoke(uint64_t h64, uint32_t sc, remote_arg *pra)
{
	struct shell_buf bufs[SHELL_MAX_BUFS];
	uint32_t nin = SC_INBUFS(sc), nout = SC_OUTBUFS(sc), i, n;
	struct skel_call c = { .sc = sc, .in = bufs, .out = bufs + nin };
	int32_t ret;

	(void)h64;
	if (SC_METHOD(sc) < 2)
		return lab_interface(sc, pra);
	for (i = 0; i < nin + nout; i++) {
		bufs[i].ptr = pra[i].buf.pv;
		bufs[i].len = pra[i].buf.nLen;
	}
	c.hdl = lab_shell_call_handles(&n);
	c.nhdl = n;
	ret = lab_method(&c);
	/* Outputs shorter than their room say so through nLen. */
	for (i = 0; !ret && i < nout; i++)
		pra[nin + i].buf.nLen = bufs[nin + i].len;
	return ret;
}
