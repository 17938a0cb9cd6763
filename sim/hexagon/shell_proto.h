/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The channel between vdspd (the DSP's FastRPC side, on the host) and a DSP
 * process (the Hexagon shell under qemu-hexagon-static).  vdspd writes calls
 * to the shell's standard input and reads replies from its standard output.
 * Every word is a little-endian uint32_t; this header is shared by both
 * sides and needs only <stdint.h>.
 *
 * A call:  struct shell_call, then nbufs lengths (uint32_t), input buffers
 *          first, then output buffers, then the bytes of every input buffer
 *          back to back.
 * A reply: struct shell_reply, then nout lengths (uint32_t, each at most
 *          the length the call gave for that output), then the bytes of
 *          every output buffer back to back.  Output lengths are sent only
 *          when retval is 0; otherwise nout is 0.
 *
 * The shell answers calls in order, one at a time.  End of file on its
 * standard input makes it exit with status 0.
 */
#ifndef SHELL_PROTO_H
#define SHELL_PROTO_H

#include <stdint.h>

#define SHELL_CALL_MAGIC	0x4c4c4143u	/* "CALL" */
#define SHELL_REPLY_MAGIC	0x594c5052u	/* "RPLY" */

/* Most buffers one call carries (the protocol's 255 in + 255 out). */
#define SHELL_MAX_BUFS		510
/* Largest single buffer the shell accepts. */
#define SHELL_MAX_BUF_LEN	(64u << 20)

struct shell_call {
	uint32_t magic;
	uint32_t handle;	/* remote handle */
	uint32_t sc;		/* scalars, as on the wire */
	uint32_t nbufs;		/* in + out buffers of sc */
};

struct shell_reply {
	uint32_t magic;
	int32_t retval;		/* 0, or AEE_DSP_ERR(code) */
	uint32_t nout;
	uint32_t reserved;	/* 0 */
};

/* DSP errors travel as the AEE code offset into the DSP error range. */
#define AEE_DSP_ERR(code)	((int32_t)(0x80000400u + (uint32_t)(code)))
#define AEE_EFAILED		0x01
#define AEE_ENOMEMORY		0x02
#define AEE_EBADSTATE		0x0d
#define AEE_EBADPARM		0x0e
#define AEE_EUNSUPPORTED	0x14
#define AEE_ENOSUCHMOD		0x3e
#define AEE_ECONNREFUSED	0x72
#define AEE_EINTERRUPTED	0x2e
#define AEE_ENOSUCHPROCESS	0x41	/* the DSP process is gone */

/*
 * The lab skeleton: built into the shell, served on a fixed remote handle.
 * remotectl open (handle 0 method 0) of LAB_SKEL_NAME also returns it.
 * Methods 0 and 1 are an interface's open and close by convention; the
 * skeleton's own start at 2.  Arguments are raw buffers.
 */
#define LAB_SKEL_NAME		"lab"
#define LAB_SKEL_HANDLE		0x10u
#define LAB_METHOD_NULL		2	/* no arguments */
#define LAB_METHOD_ECHO		3	/* in: bytes; out: the same bytes, as many as fit */
#define LAB_METHOD_SUM		4	/* in: uint32_t[n]; out: uint64_t sum (8 bytes) */
#define LAB_METHOD_SLEEP	5	/* in: uint32_t milliseconds; no output */

/*
 * vdspd's own test service, answered by vdspd itself on its main thread for
 * a client of any PD (not by the shell): it stands for what a DSP process
 * does with memory it holds, and lets the lab make the DSP misbehave.
 * Patterns are byte i = (seed + i * 7) & 0xff.
 */
#define LAB_CTL_HANDLE		0x11u
#define LAB_CTL_MISBEHAVE	2	/* in: { u32 mode; u32 count } */
#define LAB_CTL_COUNT		3	/* in: { u32 handle; u32 method }; out: u64 calls */
#define LAB_CTL_RESET_COUNT	4	/* no arguments */
#define LAB_CTL_HOLD		5	/* in handles: keep them */
#define LAB_CTL_DROP		6	/* in: u32 fds[n]: let go, through the fd list */
#define LAB_CTL_HCHECK		7	/* in: { u32 fd, offset, len, seed }; out: { u32 ok, first_bad } */
#define LAB_CTL_HFILL		8	/* in: { u32 fd, offset, len, seed } */
#define LAB_CTL_CHECK		9	/* in: { u64 addr; u32 len, seed }; out: { u32 ok, first_bad } */
#define LAB_CTL_FILL		10	/* in: { u64 addr; u32 len, seed } */

/* Modes of LAB_CTL_MISBEHAVE, for the client's next count answers. */
#define LAB_MISBEHAVE_OFF	0
#define LAB_MISBEHAVE_UNKNOWN_CTX 1	/* an answer to a context nobody made, then the real one */
#define LAB_MISBEHAVE_TWICE	2	/* the real answer twice */
#define LAB_MISBEHAVE_LATE_DUP	3	/* the real answer, and again 200 ms later */
#define LAB_MISBEHAVE_TRUNCATED	4	/* a 4-byte message, then the real answer */
#define LAB_MISBEHAVE_NEVER	5	/* no answer at all */

/* A range vdspd holds, by handle fd (HCHECK, HFILL) or DSP address (CHECK, FILL). */
struct lab_hrange {
	uint32_t fd;
	uint32_t offset;
	uint32_t len;
	uint32_t seed;
};

struct lab_arange {
	uint64_t addr;
	uint32_t len;
	uint32_t seed;
};

struct lab_check {
	uint32_t ok;
	uint32_t first_bad;
};

#endif /* SHELL_PROTO_H */
