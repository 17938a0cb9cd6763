// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lab skeleton (LAB_SKEL_HANDLE): small methods that exercise every
 * path of a call, and what a DSP process does with memory it reaches
 * beyond its buffers: mappings (FILL, CHECK) and handles (HOLD, DROP,
 * HFILL, HCHECK), through vdspd.  Arguments are raw buffers; words are
 * little-endian (shell_proto.h).
 */
#include "rt.h"
#include "skel.h"

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
	struct rt_timespec32 req, rem;
	uint32_t ms;
	int ret;

	if (!sc_counts_are(sc, 1, 0) || in[0].len != 4)
		return AEE_DSP_ERR(AEE_EBADPARM);
	ms = get_le32(in[0].ptr);
	req.tv_sec = (int32_t)(ms / 1000);
	req.tv_nsec = (int32_t)(ms % 1000 * 1000000);
	/* A signal cuts the sleep short; sleep the rest. */
	while ((ret = rt_nanosleep(&req, &rem)) == -RT_EINTR)
		req = rem;
	return ret ? AEE_DSP_ERR(AEE_EFAILED) : 0;
}

static uint8_t pattern(uint32_t seed, uint32_t i)
{
	return (uint8_t)(seed + i * 7u);
}

/* Room for one memory request's bytes. */
static uint8_t chunk[64u << 10];

/* Write the pattern over [addr, addr + len) of fd's memory (0: a mapping). */
static int32_t fill(uint32_t fd, uint64_t addr, uint32_t len, uint32_t seed)
{
	uint32_t done, n, i;
	int32_t ret;

	if (!len)
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (done = 0; done < len; done += n) {
		n = len - done < sizeof(chunk) ? len - done : (uint32_t)sizeof(chunk);
		for (i = 0; i < n; i++)
			chunk[i] = pattern(seed, done + i);
		ret = shell_mem_write(fd, addr + done, chunk, n);
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
	int32_t ret;

	if (!len || out->len < sizeof(struct lab_check))
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (done = 0; done < len && bad == len; done += n) {
		n = len - done < sizeof(chunk) ? len - done : (uint32_t)sizeof(chunk);
		ret = shell_mem_read(fd, addr + done, chunk, n);
		if (ret)
			return ret;
		for (i = 0; i < n; i++) {
			if (chunk[i] != pattern(seed, done + i)) {
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
	if (!shell_handle_known(fd))
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
		ret = shell_keep(i);
		if (ret) {
			/* Undo: the reply lets go of them all. */
			for (j = 0; j < i; j++)
				shell_drop(&c->hdl[j].fd, 1);
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
	return shell_drop(fds, n);
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

int32_t lab_skel_invoke(const struct skel_call *c)
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
	default:
		return AEE_DSP_ERR(AEE_EUNSUPPORTED);
	}
}
