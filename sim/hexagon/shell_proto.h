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

#endif /* SHELL_PROTO_H */
