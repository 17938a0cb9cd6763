// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lab skeleton (LAB_SKEL_HANDLE): small methods that exercise every
 * path of a call.  Arguments are raw buffers; words are little-endian.
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

int32_t lab_skel_invoke(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	switch (SC_METHOD(sc)) {
	case LAB_METHOD_NULL:
		return lab_null(sc);
	case LAB_METHOD_ECHO:
		return lab_echo(sc, in, out);
	case LAB_METHOD_SUM:
		return lab_sum(sc, in, out);
	case LAB_METHOD_SLEEP:
		return lab_sleep(sc, in);
	default:
		return AEE_DSP_ERR(AEE_EUNSUPPORTED);
	}
}
