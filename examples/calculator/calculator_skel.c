// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The calculator example's skeleton: what runs on the DSP when a client
 * calls calculator_sum or calculator_max.  Written by hand in the argument
 * layout Qualcomm's qaic generates from calculator.idl, so that only the
 * open toolchain (clang, ld.lld) is needed.  The DSP's loader calls
 * calculator_skel_handle_invoke(h, sc, pra) for every call:
 *
 *   0 open(in string uri, rout remote_handle64 h)
 *        in 0 {u32 uri length with the NUL}, in 1 the uri; out handle: h
 *   1 close(in remote_handle64 h)
 *        in handle: h
 *   2 sum(in sequence<int32> vec, rout int64 res)
 *        in 0 {u32 vecLen}, in 1 vecLen int32s; out 0 {int64 res}
 *   3 max(in sequence<int32> vec, rout int32 res)
 *        in 0 {u32 vecLen}, in 1 vecLen int32s; out 0 {int32 res}
 *
 * Words are little-endian, as on the host.  Each method logs a line with
 * FARF's function, HAP_debug_v2, which the DSP sends to the host's log.
 */
#include <stddef.h>
#include <stdint.h>

/* From Qualcomm's remote.h: one argument of a call, 8 bytes on the DSP. */
typedef union {
	struct {
		void *pv;
		uint32_t nLen;
	} buf;
	uint32_t h;
	uint64_t h64;
	struct {
		int32_t fd;
		uint32_t offset;
	} dma;
} remote_arg;

#define SC_METHOD(sc)		(((sc) >> 24) & 0x1f)
#define SC_INBUFS(sc)		(((sc) >> 16) & 0xff)
#define SC_OUTBUFS(sc)		(((sc) >> 8) & 0xff)
#define SC_INHANDLES(sc)	(((sc) >> 4) & 0x0f)
#define SC_OUTHANDLES(sc)	((sc) & 0x0f)

/* DSP error codes, as the client sees them. */
#define AEE_EBADPARM		0x8000040e
#define AEE_EUNSUPPORTED	0x80000414

/* FARF's levels (HAP_farf.h) and the function behind FARF (HAP_debug.h). */
#define HAP_LEVEL_HIGH		2
void HAP_debug_v2(int level, const char *file, int line, const char *format, ...);
#define FARF_HIGH(...)		HAP_debug_v2(HAP_LEVEL_HIGH, __FILE__, __LINE__, __VA_ARGS__)

int calculator_skel_handle_invoke(uint64_t h, uint32_t sc, remote_arg *pra);

/* The value each open hands out: the calculator keeps no state. */
#define CALCULATOR_HANDLE	0xca1cull

static int counts_are(uint32_t sc, uint32_t in, uint32_t out, uint32_t hin, uint32_t hout)
{
	return SC_INBUFS(sc) == in && SC_OUTBUFS(sc) == out && SC_INHANDLES(sc) == hin &&
	       SC_OUTHANDLES(sc) == hout;
}

static uint32_t read32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void write32(void *p, uint32_t v)
{
	uint8_t *b = p;

	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

static int calculator_open(uint32_t sc, remote_arg *pra)
{
	uint32_t len;

	if (!counts_are(sc, 2, 0, 0, 1) || pra[0].buf.nLen < 4)
		return (int)AEE_EBADPARM;
	len = read32(pra[0].buf.pv);
	/* The uri must be as long as in 0 says, and end in its NUL. */
	if (!len || pra[1].buf.nLen < len || ((const char *)pra[1].buf.pv)[len - 1])
		return (int)AEE_EBADPARM;
	pra[2].h64 = CALCULATOR_HANDLE;
	FARF_HIGH("calculator: open %s", (const char *)pra[1].buf.pv);
	return 0;
}

static int calculator_close(uint32_t sc, remote_arg *pra)
{
	if (!counts_are(sc, 0, 0, 1, 0) || pra[0].h64 != CALCULATOR_HANDLE)
		return (int)AEE_EBADPARM;
	FARF_HIGH("calculator: close");
	return 0;
}

/* sum and max share their arguments: the vector's length, the vector, one result. */
static int vector_args(uint32_t sc, remote_arg *pra, uint32_t res_len, uint32_t *n)
{
	if (!counts_are(sc, 2, 1, 0, 0) || pra[0].buf.nLen < 4 || pra[2].buf.nLen < res_len)
		return -1;
	*n = read32(pra[0].buf.pv);
	return pra[1].buf.nLen / 4 < *n ? -1 : 0;
}

static int calculator_sum(uint32_t sc, remote_arg *pra)
{
	const uint8_t *vec = pra[1].buf.pv;
	int64_t sum = 0;
	uint32_t n, i;

	if (vector_args(sc, pra, 8, &n))
		return (int)AEE_EBADPARM;
	for (i = 0; i < n; i++)
		sum += (int32_t)read32(vec + 4 * i);
	write32(pra[2].buf.pv, (uint32_t)sum);
	write32((uint8_t *)pra[2].buf.pv + 4, (uint32_t)((uint64_t)sum >> 32));
	FARF_HIGH("calculator: sum of %u values is %lld", n, (long long)sum);
	return 0;
}

static int calculator_max(uint32_t sc, remote_arg *pra)
{
	const uint8_t *vec = pra[1].buf.pv;
	int32_t max, v;
	uint32_t n, i;

	if (vector_args(sc, pra, 4, &n) || n == 0)
		return (int)AEE_EBADPARM;
	max = (int32_t)read32(vec);
	for (i = 1; i < n; i++) {
		v = (int32_t)read32(vec + 4 * i);
		if (v > max)
			max = v;
	}
	write32(pra[2].buf.pv, (uint32_t)max);
	FARF_HIGH("calculator: max of %u values is %d", n, max);
	return 0;
}

int calculator_skel_handle_invoke(uint64_t h, uint32_t sc, remote_arg *pra)
{
	(void)h;
	switch (SC_METHOD(sc)) {
	case 0:
		return calculator_open(sc, pra);
	case 1:
		return calculator_close(sc, pra);
	case 2:
		return calculator_sum(sc, pra);
	case 3:
		return calculator_max(sc, pra);
	default:
		return (int)AEE_EUNSUPPORTED;
	}
}
