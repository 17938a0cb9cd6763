// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DSP process: serves calls from vdspd, speaking shell_proto.h on
 * standard input and output, one call at a time, in order.
 *
 * Errors the stream survives (a buffer over SHELL_MAX_BUF_LEN, no memory
 * for the buffers, an unknown handle, a skeleton's refusal) are answered
 * with an error retval and the next call is served.  Errors that lose the
 * stream's framing (bad magic, nbufs not the in + out count of sc or over
 * SHELL_MAX_BUFS) are answered with AEE_EBADPARM, so the caller is not
 * left waiting, and the shell exits.  Exit status:
 *   0  end of file on standard input between calls
 *   1  end of file inside a call, or a read or write error
 *   2  a call that lost the framing
 */
#include "rt.h"
#include "skel.h"

#define EXIT_EOF	0
#define EXIT_IO		1
#define EXIT_FRAMING	2

#define SHELL_IN	0
#define SHELL_OUT	1

static uint32_t lens[SHELL_MAX_BUFS];
static struct shell_buf bufs[SHELL_MAX_BUFS];

static _Noreturn void fail_io(void)
{
	rt_exit(EXIT_IO);
}

static void read_exact(void *buf, size_t count)
{
	if (rt_read_full(SHELL_IN, buf, count) != (long)count)
		fail_io();
}

/* The header, the out lengths, then the out bytes; lengths only on success. */
static void reply(int32_t retval, const struct shell_buf *out, uint32_t nout)
{
	static uint32_t head[4 + 255];
	uint32_t i;

	if (retval)
		nout = 0;
	head[0] = SHELL_REPLY_MAGIC;
	head[1] = (uint32_t)retval;
	head[2] = nout;
	head[3] = 0;
	for (i = 0; i < nout; i++)
		head[4 + i] = out[i].len;
	if (rt_write_full(SHELL_OUT, head, (4 + nout) * sizeof(head[0])))
		fail_io();
	for (i = 0; i < nout; i++) {
		if (out[i].len && rt_write_full(SHELL_OUT, out[i].ptr, out[i].len))
			fail_io();
	}
}

static int32_t dispatch(uint32_t handle, uint32_t sc, uint32_t nin)
{
	switch (handle) {
	case LAB_SKEL_HANDLE:
		return lab_skel_invoke(sc, bufs, bufs + nin);
	case 0:
		return remotectl_invoke(sc, bufs, bufs + nin);
	default:
		return AEE_DSP_ERR(AEE_EBADPARM);
	}
}

/* Maps the call's buffers into the arena; returns 0 or the AEE error. */
static int32_t place_buffers(uint32_t nbufs, uint32_t nin)
{
	uint64_t total = 0;
	uint32_t i;

	for (i = 0; i < nbufs; i++) {
		if (lens[i] > SHELL_MAX_BUF_LEN)
			return AEE_DSP_ERR(AEE_EBADPARM);
		total += ((uint64_t)lens[i] + 7) & ~(uint64_t)7;
	}
	if (rt_arena_reserve(total))
		return AEE_DSP_ERR(AEE_ENOMEMORY);
	for (i = 0; i < nbufs; i++) {
		bufs[i].len = lens[i];
		bufs[i].ptr = lens[i] ? rt_arena_alloc(lens[i]) : NULL;
		if (i < nin && lens[i])
			read_exact(bufs[i].ptr, lens[i]);
	}
	return 0;
}

static void serve(const struct shell_call *call)
{
	uint32_t nin = SC_INBUFS(call->sc);
	uint32_t nout = SC_OUTBUFS(call->sc);
	uint64_t in_bytes = 0;
	int32_t retval;
	uint32_t i;

	/* nin + nout is at most SHELL_MAX_BUFS by the width of their fields. */
	if (call->magic != SHELL_CALL_MAGIC || call->nbufs != nin + nout) {
		reply(AEE_DSP_ERR(AEE_EBADPARM), NULL, 0);
		rt_exit(EXIT_FRAMING);
	}
	read_exact(lens, call->nbufs * sizeof(lens[0]));
	retval = place_buffers(call->nbufs, nin);
	if (retval) {
		/* Drop the input bytes unread so the next call starts in step. */
		for (i = 0; i < nin; i++)
			in_bytes += lens[i];
		if (rt_discard(SHELL_IN, in_bytes))
			fail_io();
		reply(retval, NULL, 0);
		return;
	}
	retval = dispatch(call->handle, call->sc, nin);
	/* Never send more than the caller has room for, whatever a skeleton says. */
	for (i = 0; i < nout; i++) {
		if (bufs[nin + i].len > lens[nin + i])
			retval = AEE_DSP_ERR(AEE_EFAILED);
	}
	reply(retval, bufs + nin, nout);
	rt_arena_trim();
}

int main(void)
{
	struct shell_call call;
	long n;

	for (;;) {
		n = rt_read_full(SHELL_IN, &call, sizeof(call));
		if (n == 0)
			return EXIT_EOF;
		if (n != (long)sizeof(call))
			return EXIT_IO;
		serve(&call);
	}
}
