// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DSP process: serves calls from vdspd, speaking shell_proto.h on
 * standard input and output, one call at a time, in order.  During a call
 * a skeleton may read and write DSP memory through vdspd (shell_mem_*);
 * every handle argument is let go of in the call's reply unless the
 * skeleton keeps it in the process's table (shell_keep, shell_drop).
 *
 * Errors the stream survives (a buffer over SHELL_MAX_BUF_LEN, no memory
 * for the buffers, an unknown handle, a skeleton's refusal) are answered
 * with an error retval and the next call is served.  Errors that lose the
 * stream's framing (bad magic, nbufs not the in + out count of sc or over
 * SHELL_MAX_BUFS) are answered with AEE_EBADPARM, so the caller is not
 * left waiting, and the shell exits.  Exit status:
 *   0  end of file on standard input between calls
 *   1  end of file inside a call, a read or write error, or a malformed
 *      answer from vdspd to a memory request
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

/* The current call's handles, and which of them the skeleton keeps. */
static struct shell_handle hdls[SHELL_MAX_HANDLES];
static uint8_t kept[SHELL_MAX_HANDLES];
static uint32_t nhdls;

/* fds the current call's reply lets go of. */
static uint32_t freed[SHELL_MAX_FREE];
static uint32_t nfreed;

/* Handles the process keeps across calls: one entry per fd, with its holds. */
struct held_fd {
	uint32_t fd;
	uint32_t holds;
};

static struct held_fd held[SHELL_MAX_HELD];
static uint32_t nheld;

static _Noreturn void fail_io(void)
{
	rt_exit(EXIT_IO);
}

static void read_exact(void *buf, size_t count)
{
	if (rt_read_full(SHELL_IN, buf, count) != (long)count)
		fail_io();
}

static void write_exact(const void *buf, size_t count)
{
	if (rt_write_full(SHELL_OUT, buf, count))
		fail_io();
}

/* The header, the out lengths, the fds let go of, then the out bytes. */
static void reply(int32_t retval, const struct shell_buf *out, uint32_t nout)
{
	static uint32_t head[4 + 255 + SHELL_MAX_FREE];
	uint32_t i, n = 4;

	if (retval)
		nout = 0;
	head[0] = SHELL_REPLY_MAGIC;
	head[1] = (uint32_t)retval;
	head[2] = nout;
	head[3] = nfreed;
	for (i = 0; i < nout; i++)
		head[n++] = out[i].len;
	for (i = 0; i < nfreed; i++)
		head[n++] = freed[i];
	write_exact(head, n * sizeof(head[0]));
	for (i = 0; i < nout; i++) {
		if (out[i].len)
			write_exact(out[i].ptr, out[i].len);
	}
}

/* ---- memory through vdspd ------------------------------------------------ */

/* One request of at most SHELL_MAX_MEM_LEN bytes. */
static int32_t mem_chunk(uint32_t op, uint32_t fd, uint64_t addr, uint8_t *p, uint32_t len)
{
	struct shell_mem req = {
		.magic = SHELL_MEM_MAGIC, .op = op, .fd = fd, .len = len, .addr = addr,
	};
	struct shell_mem_ack ack;

	write_exact(&req, sizeof(req));
	if (op == SHELL_MEM_WRITE)
		write_exact(p, len);
	read_exact(&ack, sizeof(ack));
	if (ack.magic != SHELL_MEM_ACK_MAGIC ||
	    ack.len != (op == SHELL_MEM_READ && !ack.retval ? len : 0u))
		fail_io();
	if (ack.len)
		read_exact(p, ack.len);
	return ack.retval;
}

static int32_t mem_op(uint32_t op, uint32_t fd, uint64_t addr, uint8_t *p, uint32_t len)
{
	int32_t ret;
	uint32_t n;

	if (!len)
		return AEE_DSP_ERR(AEE_EBADPARM);
	while (len) {
		n = len < SHELL_MAX_MEM_LEN ? len : SHELL_MAX_MEM_LEN;
		ret = mem_chunk(op, fd, addr, p, n);
		if (ret)
			return ret;
		addr += n;
		p += n;
		len -= n;
	}
	return 0;
}

int32_t shell_mem_read(uint32_t fd, uint64_t addr, void *dst, uint32_t len)
{
	return mem_op(SHELL_MEM_READ, fd, addr, dst, len);
}

int32_t shell_mem_write(uint32_t fd, uint64_t addr, const void *src, uint32_t len)
{
	/* Only read from on a write. */
	return mem_op(SHELL_MEM_WRITE, fd, addr, (uint8_t *)(uintptr_t)src, len);
}

/* ---- handles the process keeps ------------------------------------------- */

static struct held_fd *held_find(uint32_t fd)
{
	uint32_t i;

	for (i = 0; i < nheld; i++)
		if (held[i].fd == fd)
			return &held[i];
	return NULL;
}

static void held_put(struct held_fd *h)
{
	if (--h->holds == 0)
		*h = held[--nheld];
}

int shell_handle_known(uint32_t fd)
{
	uint32_t i;

	if (!fd)
		return 0;
	for (i = 0; i < nhdls; i++)
		if (hdls[i].fd == fd)
			return 1;
	return held_find(fd) != NULL;
}

int32_t shell_keep(uint32_t i)
{
	struct held_fd *h;

	if (i >= nhdls || kept[i])
		return AEE_DSP_ERR(AEE_EBADPARM);
	h = held_find(hdls[i].fd);
	if (h) {
		if (h->holds == 0xffffffffu)
			return AEE_DSP_ERR(AEE_ENOMEMORY);
		h->holds++;
	} else {
		if (nheld == SHELL_MAX_HELD)
			return AEE_DSP_ERR(AEE_ENOMEMORY);
		held[nheld].fd = hdls[i].fd;
		held[nheld].holds = 1;
		nheld++;
	}
	kept[i] = 1;
	return 0;
}

int32_t shell_drop(const uint32_t *fds, uint32_t n)
{
	struct held_fd *h;
	uint32_t i, j, times;

	if (n > SHELL_MAX_FREE - nfreed)
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (i = 0; i < n; i++) {
		h = held_find(fds[i]);
		for (j = 0, times = 0; j < n; j++)
			times += fds[j] == fds[i];
		if (!h || times > h->holds)
			return AEE_DSP_ERR(AEE_EBADPARM);
	}
	for (i = 0; i < n; i++) {
		held_put(held_find(fds[i]));
		freed[nfreed++] = fds[i];
	}
	return 0;
}

/* The call's handles nobody kept go in its reply; past 16 the table keeps them. */
static void let_go_of_unkept(void)
{
	uint32_t i;

	for (i = 0; i < nhdls; i++) {
		if (kept[i])
			continue;
		if (nfreed < SHELL_MAX_FREE)
			freed[nfreed++] = hdls[i].fd;
		else
			shell_keep(i);
	}
}

static int32_t dispatch(uint32_t handle, uint32_t sc, uint32_t nin)
{
	struct skel_call call = {
		.sc = sc, .in = bufs, .out = bufs + nin, .hdl = hdls, .nhdl = nhdls,
	};

	switch (handle) {
	case LAB_SKEL_HANDLE:
		return lab_skel_invoke(&call);
	case REMOTECTL_HANDLE:
	case REMOTECTL1_HANDLE:
		return remotectl_invoke(handle, sc, bufs, bufs + nin);
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
		nfreed = 0;
		reply(AEE_DSP_ERR(AEE_EBADPARM), NULL, 0);
		rt_exit(EXIT_FRAMING);
	}
	read_exact(lens, call->nbufs * sizeof(lens[0]));
	nhdls = SC_INHANDLES(call->sc) + SC_OUTHANDLES(call->sc);
	read_exact(hdls, nhdls * sizeof(hdls[0]));
	memset(kept, 0, sizeof(kept));
	nfreed = 0;
	retval = place_buffers(call->nbufs, nin);
	if (retval) {
		/* Drop the input bytes unread so the next call starts in step. */
		for (i = 0; i < nin; i++)
			in_bytes += lens[i];
		if (rt_discard(SHELL_IN, in_bytes))
			fail_io();
		let_go_of_unkept();
		reply(retval, NULL, 0);
		return;
	}
	retval = dispatch(call->handle, call->sc, nin);
	let_go_of_unkept();
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
