/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The channel between vdspd (the DSP's FastRPC side, on the host) and a DSP
 * process (the Hexagon shell under qemu-hexagon-static).  vdspd writes calls
 * to the shell's standard input and reads replies from its standard output.
 * Every word is a little-endian uint32_t (addresses uint64_t); this header
 * is shared by both sides and needs only <stdint.h>.
 *
 * A call:  struct shell_call, then nbufs lengths (uint32_t), input buffers
 *          first, then output buffers, then one struct shell_handle per
 *          handle argument of sc (SC_INHANDLES + SC_OUTHANDLES of them,
 *          in-handles first), then the bytes of every input buffer back to
 *          back.
 * Memory:  while it serves a call, before its reply, the shell may read or
 *          write DSP memory through vdspd, any number of times: it writes a
 *          struct shell_mem (then, for SHELL_MEM_WRITE, len bytes) and reads
 *          a struct shell_mem_ack (then, for a read that succeeded, len
 *          bytes).  fd 0 names a DSP virtual address inside one mapping
 *          the client made (init mmap or mem map); any other fd names a
 *          handle the process holds (passed in this call or in an earlier
 *          one and not yet released), addr being the offset from the start
 *          of the handle's buffer (its whole pages, not its offset).  vdspd
 *          refuses, with AEE_EBADPARM and a log line, any range outside a
 *          live mapping or held handle of this client; len 0 is refused
 *          too, and a len over SHELL_MAX_MEM_LEN loses the framing (vdspd
 *          ends the process).
 * A reply: struct shell_reply, then nout lengths (uint32_t, each at most
 *          the length the call gave for that output), then nfree handle
 *          fds (uint32_t) the process lets go of, then the bytes of every
 *          output buffer back to back.  Output lengths are sent only when
 *          retval is 0 (otherwise nout is 0); fds whatever the retval.
 *
 * Handles.  Every handle argument of a call is one hold on its buffer (the
 * driver counts them), until the process names its fd in a reply: vdspd
 * writes those fds to the answer's fd list, at most FASTRPC_MAX_FDLIST
 * (16), and the process must not touch the memory after.  The shell lets
 * go of every handle of a call that its skeleton did not keep, in that
 * call's reply.  vdspd counts the holds per client and fd the same way and
 * allows memory access by fd while the count is above 0.
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
/* Handle arguments of one call (15 in + 15 out by the width of sc's fields). */
#define SHELL_MAX_HANDLES	30
/* fds one reply may release: the answer's fd list. */
#define SHELL_MAX_FREE		16
/* Largest single memory request. */
#define SHELL_MAX_MEM_LEN	(1u << 20)
#define SHELL_MEM_MAGIC		0x514d454du	/* "MEMQ" */
#define SHELL_MEM_ACK_MAGIC	0x414d454du	/* "MEMA" */
#define SHELL_MEM_READ		1
#define SHELL_MEM_WRITE		2

/*
 * Reverse calls.  While it serves a call, and only then, the shell may
 * call the host: the client's listener,
 * through the next2 the client has waiting.  It writes a struct
 * shell_rcall, then inlen bytes: the call's buffers in the listener's flat
 * encoding (for each input buffer of sc a u32 length, then, when the
 * length is not 0, padding to a multiple of 8 from the start of these
 * bytes and the bytes; then for each output buffer a u32 length, the
 * room it wants).  It reads a struct shell_rcall_ack, then outlen bytes:
 * when retval is 0, the outputs in the flat encoding as the host sent them
 * (for each output buffer a u32 length, padding to 8 when it is not 0, the
 * bytes), which the shell checks; else nothing.  retval is the host's
 * result, or AEE_DSP_ERR(AEE_ECONNREFUSED) when the client has no listener
 * (it never sent init2), AEE_DSP_ERR(AEE_EBADSTATE) when the client has
 * exited or its session ended before the host answered.  The handle is a
 * reverse handle (0: the host's remotectl).  sc has no handles; inlen is
 * at most SHELL_MAX_RCALL_LEN, and a larger one, or handles, lose the
 * framing (vdspd ends the process).  vdspd refuses an answer of more than
 * SHELL_MAX_RCALL_LEN bytes with AEE_EBADPARM.
 *
 * Mappings.  Between calls vdspd may write any number of struct shell_map
 * records before the next struct shell_call: SHELL_MAP_ADD places the
 * client's DSP mapping [vaddr, vaddr + len) at vaddr in the process's
 * memory, shared with the physical pages at offset phys of the edge
 * device the process inherits as file descriptor SHELL_EDGE_FD (the edge's
 * mmap(), sim/edge/vdsp_edge.h); SHELL_MAP_REMOVE takes it away.  They get
 * no answer: a mapping the shell cannot place is left out, and reaching
 * it faults as a stray DSP access would.
 *
 * Preloaded modules.  Before its first call vdspd may write struct
 * shell_preload records (then namelen bytes of name, no NUL, then len
 * bytes of a skeleton ELF): modules that are part of the DSP image, as a
 * real DSP has some, loaded at start and served on the fixed remote
 * handle given (the lab's test skeleton on LAB_SKEL_HANDLE).  A preloaded
 * module is not found by name.  No answer; one that does not load is
 * logged on standard error and left out.  A preloaded module makes no
 * reverse calls while it loads (its log lines go to standard error).
 */
#define SHELL_RCALL_MAGIC	0x4c414352u	/* "RCAL" */
#define SHELL_RCALL_ACK_MAGIC	0x4b434152u	/* "RACK" */
#define SHELL_MAX_RCALL_LEN	(1u << 20)
#define SHELL_MAP_MAGIC		0x5050414du	/* "MAPP" */
#define SHELL_MAP_ADD		1
#define SHELL_MAP_REMOVE	2
#define SHELL_EDGE_FD		3
#define SHELL_PRELOAD_MAGIC	0x4c455250u	/* "PREL" */
#define SHELL_MAX_PRELOAD_LEN	(16u << 20)

struct shell_rcall {
	uint32_t magic;		/* SHELL_RCALL_MAGIC */
	uint32_t handle;	/* reverse handle */
	uint32_t sc;		/* scalars: method, in and out buffers */
	uint32_t inlen;		/* bytes of flat-encoded buffers following */
};

struct shell_rcall_ack {
	uint32_t magic;		/* SHELL_RCALL_ACK_MAGIC */
	int32_t retval;		/* the host's result, or AEE_DSP_ERR(code) */
	uint32_t outlen;	/* bytes following: the flat-encoded outputs */
	uint32_t reserved;	/* 0 */
};

struct shell_map {
	uint32_t magic;		/* SHELL_MAP_MAGIC */
	uint32_t op;		/* SHELL_MAP_ADD or SHELL_MAP_REMOVE */
	uint32_t len;		/* bytes, whole pages */
	uint32_t reserved;	/* 0 */
	uint64_t vaddr;		/* DSP address, page aligned */
	uint64_t phys;		/* edge mmap offset (ADD); 0 for REMOVE */
};

struct shell_preload {
	uint32_t magic;		/* SHELL_PRELOAD_MAGIC */
	uint32_t handle;	/* the remote handle it is served on */
	uint32_t namelen;	/* 1 .. 255 bytes of name following */
	uint32_t len;		/* 1 .. SHELL_MAX_PRELOAD_LEN bytes of ELF after the name */
};

struct shell_call {
	uint32_t magic;
	uint32_t handle;	/* remote handle */
	uint32_t sc;		/* scalars, as on the wire */
	uint32_t nbufs;		/* in + out buffers of sc */
};

/* A handle argument: the driver's fd for the buffer and the range passed. */
struct shell_handle {
	uint32_t fd;
	uint32_t offset;
	uint32_t len;
};

struct shell_reply {
	uint32_t magic;
	int32_t retval;		/* 0, or AEE_DSP_ERR(code) */
	uint32_t nout;
	uint32_t nfree;		/* fds released, at most SHELL_MAX_FREE */
};

/* The shell's request to read or write DSP memory during a call. */
struct shell_mem {
	uint32_t magic;		/* SHELL_MEM_MAGIC */
	uint32_t op;		/* SHELL_MEM_READ or SHELL_MEM_WRITE */
	uint32_t fd;		/* 0: addr is a DSP address; else a held handle */
	uint32_t len;		/* 1 .. SHELL_MAX_MEM_LEN */
	uint64_t addr;		/* DSP address, or offset into the handle's buffer */
};

/* vdspd's answer to a struct shell_mem. */
struct shell_mem_ack {
	uint32_t magic;		/* SHELL_MEM_ACK_MAGIC */
	int32_t retval;		/* 0, or AEE_DSP_ERR(AEE_EBADPARM): refused */
	uint32_t len;		/* bytes following: a read's len on success, else 0 */
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
 * remotectl, served by the shell (remotectl.c has the buffer layout): a
 * module's handle by name.  Handle 0 is remotectl, handle 8 remotectl1,
 * which clients try first.
 */
#define REMOTECTL_HANDLE	0u
#define REMOTECTL_OPEN		0
#define REMOTECTL_CLOSE		1
#define REMOTECTL1_HANDLE	8u
#define REMOTECTL1_OPEN1	2
#define REMOTECTL1_CLOSE1	3

/*
 * The lab skeleton: liblab_skel.so (lab_skel.c), a loadable skeleton built
 * as a user's is, entry lab_skel_handle_invoke.  In the lab vdspd preloads
 * it on the fixed remote handle LAB_SKEL_HANDLE; remotectl open or open1 of
 * LAB_SKEL_NAME (or its URI) loads a copy from the host on a new handle.
 * Methods 0 and 1 are its remote_handle64 open and close, in the shape a
 * DSP's loader calls them; the skeleton's own start at 2.  Arguments are
 * raw buffers.
 */
#define LAB_SKEL_NAME		"lab"
#define LAB_SKEL_HANDLE		0x10u
#define LAB_METHOD_NULL		2	/* no arguments */
#define LAB_METHOD_ECHO		3	/* in: bytes; out: the same bytes, as many as fit */
#define LAB_METHOD_SUM		4	/* in: uint32_t[n]; out: uint64_t sum (8 bytes) */
#define LAB_METHOD_SLEEP	5	/* in: uint32_t milliseconds; no output */
/*
 * Memory the process reaches through vdspd (shell_mem).  Patterns are byte
 * i = (seed + i * 7) & 0xff.  CHECK and HCHECK answer out 0 = struct
 * lab_check { ok, first_bad } (first_bad = len when ok).  A range vdspd
 * refuses fails the call with AEE_EBADPARM; so does len 0.
 */
#define LAB_METHOD_FILL		6	/* in: struct lab_arange; write the pattern at addr (a mapping) */
#define LAB_METHOD_CHECK	7	/* in: struct lab_arange; out: struct lab_check */
#define LAB_METHOD_HOLD		8	/* in-handles only, any number: the process keeps them */
#define LAB_METHOD_DROP		9	/* in: u32 fds[n], n <= 16, each held: let go, through the fd list */
#define LAB_METHOD_HFILL	10	/* in: struct lab_hrange, on a held handle or one of this call */
#define LAB_METHOD_HCHECK	11	/* in: struct lab_hrange; out: struct lab_check */
#define LAB_METHOD_XOR		12	/* in: bytes; out: as many, each XOR 0x5a */
/*
 * in 0: a file name, in 1: an fopen mode, each NUL-terminated; out 0:
 * { i32 result }: what the host's apps_std answered fopen_with_env of them
 * (the file, if opened, is closed at once).  A DSP asking for host files
 * the listener may refuse.
 */
#define LAB_METHOD_HOST_OPEN	13
/*
 * HOLD keeps one hold per in-handle (an fd passed twice is held twice);
 * DROP lets go of one hold per fd listed, all or none (an fd not held, or
 * listed more often than it is held: AEE_EBADPARM, nothing let go).  The
 * shell keeps at most SHELL_MAX_HELD fds.
 */
#define SHELL_MAX_HELD		256

/*
 * vdspd's own test service, answered by vdspd itself on its main thread for
 * a client of any PD (not by the shell): it lets the lab make the DSP
 * misbehave and count what it received, and (methods 5 to 10) stands for
 * what a DSP process does with memory it holds, for clients with no shell.
 *
 * MISBEHAVE: the next count answers vdspd sends to this client (not this
 * call's own) misbehave as mode says; mode 0 clears.  COUNT: the calls with
 * that handle and method this client's messages carried, counted as they
 * arrive, before any check (a message sent twice counts twice).
 * RESET_COUNT clears this client's counters.  HOLD keeps the handles of
 * the call (one entry per fd); DROP lets go of fds through the answer's fd
 * list; any other call's handles are let go of in its own answer.
 * Patterns as for the lab skeleton above.
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
/*
 * PEEK reads DSP memory as the process's own code would: at an IOVA of its
 * bank (that of the call's payload), through no mapping it was given.  An
 * address its bank does not map is an SMMU context fault: the process is
 * killed, as a DSP kills a PD that faults, and the call fails with
 * AEE_ENOSUCHPROCESS.
 */
#define LAB_CTL_PEEK		11	/* in: struct lab_peek; out: len bytes */

/* Modes of LAB_CTL_MISBEHAVE, for the client's next count answers. */
#define LAB_MISBEHAVE_OFF	0
#define LAB_MISBEHAVE_UNKNOWN_CTX 1	/* an answer to a context nobody made, then the real one */
#define LAB_MISBEHAVE_TWICE	2	/* the real answer twice */
#define LAB_MISBEHAVE_LATE_DUP	3	/* the real answer, and again 200 ms later */
#define LAB_MISBEHAVE_TRUNCATED	4	/* a 4-byte message, then the real answer */
#define LAB_MISBEHAVE_NEVER	5	/* no answer at all */
#define LAB_MISBEHAVE_LOW_CTX	6	/* the real answer, its ctx cut to bits 0-11 (id and PD) */
#define LAB_MISBEHAVE_LAST	LAB_MISBEHAVE_LOW_CTX

/* A range by handle fd (HCHECK, HFILL) or by DSP address (CHECK, FILL). */
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

struct lab_peek {
	uint64_t iova;		/* below 4 GiB */
	uint32_t len;		/* 1 .. LAB_PEEK_MAX */
	uint32_t pad;		/* 0 */
};

#define LAB_PEEK_MAX		4096

struct lab_check {
	uint32_t ok;
	uint32_t first_bad;
};

_Static_assert(sizeof(struct shell_call) == 16, "shell_call is 16 bytes");
_Static_assert(sizeof(struct shell_reply) == 16, "shell_reply is 16 bytes");
_Static_assert(sizeof(struct shell_handle) == 12, "shell_handle is 12 bytes");
_Static_assert(sizeof(struct shell_mem) == 24, "shell_mem is 24 bytes");
_Static_assert(sizeof(struct shell_mem_ack) == 16, "shell_mem_ack is 16 bytes");
_Static_assert(sizeof(struct lab_arange) == 16, "lab_arange is 16 bytes");
_Static_assert(sizeof(struct lab_peek) == 16, "lab_peek is 16 bytes");
_Static_assert(sizeof(struct shell_rcall) == 16, "shell_rcall is 16 bytes");
_Static_assert(sizeof(struct shell_rcall_ack) == 16, "shell_rcall_ack is 16 bytes");
_Static_assert(sizeof(struct shell_map) == 32, "shell_map is 32 bytes");
_Static_assert(sizeof(struct shell_preload) == 16, "shell_preload is 16 bytes");

#endif /* SHELL_PROTO_H */
