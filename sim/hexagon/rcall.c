// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reverse calls: the DSP process calling the host's listener through
 * vdspd (shell_proto.h, "Reverse calls").  The buffers travel in the
 * listener's flat encoding.  The host's outputs are checked as a DSP's
 * unpack checks them: each output's length must be exactly the room that
 * was asked for, and the encoding must fill the answer exactly; anything
 * else is AEE_EBADPARM and the outputs are not touched beyond their room.
 * Only possible while a call is being served, when the client's listener
 * has a next2 waiting.
 */
#include "rt.h"
#include "skel.h"

#define SHELL_IN	0
#define SHELL_OUT	1

/* The encoded request, then the answer: one at a time, never both. */
static uint8_t wire[SHELL_MAX_RCALL_LEN];

static uint32_t align8(uint32_t v)
{
	return (v + 7) & ~7u;
}

static void write_or_exit(const void *p, uint32_t n)
{
	if (rt_write_full(SHELL_OUT, p, n))
		rt_exit(1);
}

static void read_or_exit(void *p, uint32_t n)
{
	if (rt_read_full(SHELL_IN, p, n) != (long)n)
		rt_exit(1);
}

/* The flat encoding of the inputs and the output lengths: its length, or 0 when too long. */
static uint32_t encode(uint32_t nin, const struct rcall_buf *in, uint32_t nout,
		       const struct rcall_buf *out)
{
	uint64_t off = 0;
	uint32_t i;

	for (i = 0; i < nin; i++) {
		if (off + 4 > sizeof(wire))
			return 0;
		put_le32(wire + off, in[i].len);
		off += 4;
		if (!in[i].len)
			continue;
		while (off & 7)
			wire[off++] = 0;
		if (in[i].len > sizeof(wire) - off)
			return 0;
		memcpy(wire + off, in[i].ptr, in[i].len);
		off += in[i].len;
	}
	for (i = 0; i < nout; i++) {
		if (off + 4 > sizeof(wire))
			return 0;
		put_le32(wire + off, out[i].len);
		off += 4;
	}
	return (uint32_t)off;
}

static int32_t decode(const uint8_t *p, uint32_t len, uint32_t nout, const struct rcall_buf *out)
{
	uint32_t off = 0, i, n;

	for (i = 0; i < nout; i++) {
		if (len - off < 4)
			return AEE_DSP_ERR(AEE_EBADPARM);
		n = get_le32(p + off);
		off += 4;
		if (n != out[i].len)
			return AEE_DSP_ERR(AEE_EBADPARM);
		if (!n)
			continue;
		off = align8(off);
		if (off > len || n > len - off)
			return AEE_DSP_ERR(AEE_EBADPARM);
		memcpy(out[i].ptr, p + off, n);
		off += n;
	}
	return off == len ? 0 : AEE_DSP_ERR(AEE_EBADPARM);
}

int32_t shell_rcall(uint32_t handle, uint32_t sc, const struct rcall_buf *in,
		    const struct rcall_buf *out)
{
	uint32_t nin = SC_INBUFS(sc), nout = SC_OUTBUFS(sc);
	struct shell_rcall req = { .magic = SHELL_RCALL_MAGIC, .handle = handle, .sc = sc };
	struct shell_rcall_ack ack;

	if (!shell_in_call())
		return AEE_DSP_ERR(AEE_EBADSTATE);
	if (SC_INHANDLES(sc) || SC_OUTHANDLES(sc))
		return AEE_DSP_ERR(AEE_EBADPARM);
	req.inlen = encode(nin, in, nout, out);
	if (!req.inlen && nin + nout)
		return AEE_DSP_ERR(AEE_EBADPARM);
	write_or_exit(&req, sizeof(req));
	write_or_exit(wire, req.inlen);
	read_or_exit(&ack, sizeof(ack));
	/* vdspd never sends more; a stream that says so has lost its framing. */
	if (ack.magic != SHELL_RCALL_ACK_MAGIC || ack.outlen > SHELL_MAX_RCALL_LEN ||
	    (ack.retval && ack.outlen))
		rt_exit(1);
	read_or_exit(wire, ack.outlen);
	if (ack.retval)
		return ack.retval;
	return decode(wire, ack.outlen, nout, out);
}

/*
 * The host's apps_remotectl open, method 0 on reverse handle 0:
 *   in 0 {u32 name length with the NUL, u32 dlerror room}, in 1 the name;
 *   out 0 {u32 handle, u32 nErr}, out 1 dlerror.
 */
int32_t host_module_open(const char *name, uint32_t *handle)
{
	uint8_t lens[8], res[8], dlerr[64];
	uint32_t namelen = (uint32_t)strlen(name) + 1;
	struct rcall_buf in[2] = { { lens, 8 }, { (void *)name, namelen } };
	struct rcall_buf out[2] = { { res, 8 }, { dlerr, sizeof(dlerr) } };
	int32_t ret;

	put_le32(lens, namelen);
	put_le32(lens + 4, sizeof(dlerr));
	ret = shell_rcall(0, SC_MAKE(0, 2, 2), in, out);
	if (ret)
		return ret;
	if (get_le32(res + 4))
		return (int32_t)get_le32(res + 4);
	*handle = get_le32(res);
	return 0;
}
