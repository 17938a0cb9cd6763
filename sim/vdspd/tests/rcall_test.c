// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A DSP process's side of vdspd, with the test as the shell: a real
 * worker thread (proc_start) talks to pipes the test holds, a child that
 * only waits stands for the process (so that killing and reaping it are
 * real), and the client's calls go through dispatch().  Reverse calls
 * routed to a parked next2 and their answers back to the shell,
 * get_in_bufs2, every way a reverse call ends, the mapping records before
 * a call, the preloaded modules and the fds a spawned shell gets.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake_qemu.h"
#include "fakeram.h"
#include "shell_proto.h"

#define ERR(code)	AEE_DSP_ERR(AEE_##code)
#define CLIENT		5
#define PAGE		FASTRPC_PAGE_SIZE
/* Payloads: a parked next2 stays mapped, so each lives apart. */
#define PAY_A		PAY
#define PAY_B		(PAY + 0x40000)
#define PAY_C		(PAY + 0x80000)
#define BIG		10000		/* a reverse call's inputs larger than a next2's room */

static struct domain dom;
static int peer;
static uint64_t seq;
static int sh_in = -1, sh_out = -1;	/* the shell's ends: what vdspd writes, what it reads */
static pid_t child;

static int setup(void **state)
{
	(void)state;
	fr_fixture_up(&dom, &peer);
	return 0;
}

static void close_shell_out(void)
{
	if (sh_out >= 0)
		close(sh_out);
	sh_out = -1;
}

static int32_t release(int32_t id);

static int teardown(void **state)
{
	(void)state;
	/* The process's end of its output is the child's alone: killing it ends the worker. */
	close_shell_out();
	if (proc_find(&dom, CLIENT))
		assert_int_equal(release(CLIENT), 0);
	if (sh_in >= 0)
		close(sh_in);
	sh_in = -1;
	preload_reset();
	fr_fixture_down(&dom, peer);
	return 0;
}

static uint64_t ctx_of(void)
{
	seq++;
	return (seq << CTX_SEQ_SHIFT) | ((seq & 0xff) << 4) | PD_USER;
}

static struct fastrpc_msg sent(struct fastrpc_msg m)
{
	dispatch(&dom, &m, sizeof(m));
	return m;
}

static int32_t send(struct fastrpc_msg m)
{
	return fr_answer(peer, sent(m).ctx);
}

static struct fastrpc_msg bare(uint32_t handle, uint32_t method)
{
	return fr_msg(CLIENT, ctx_of(), handle, SC_MAKE(method, 0, 0), NULL);
}

/* The kernel's release of client @id (pid 0). */
static struct fastrpc_msg release_msg(int32_t id)
{
	struct fr_payload p;

	fr_payload_init(&p, PAY_C, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	return fr_msg(0, ctx_of(), HANDLE_INIT, SC_MAKE(INIT_RELEASE, 1, 0), &p);
}

static int32_t release(int32_t id)
{
	return send(release_msg(id));
}

/* The DSP process of CLIENT: a child that waits, and a worker on our pipes. */
static void start_proc(void)
{
	int to[2], from[2];

	assert_int_equal(pipe2(to, O_CLOEXEC), 0);
	assert_int_equal(pipe2(from, O_CLOEXEC), 0);
	child = fork();
	assert_true(child >= 0);
	if (!child) {
		for (;;)
			pause();
	}
	sh_in = to[0];
	sh_out = from[1];
	assert_int_equal(proc_start(&dom, CLIENT, "test", child, to[1], from[0]), 0);
}

/* ---- the shell's side of the pipes ------------------------------------------ */

static void shell_read(void *buf, size_t len)
{
	assert_int_equal(read_all(sh_in, buf, len), 0);
}

static void shell_write(const void *buf, size_t len)
{
	assert_int_equal(write_all(sh_out, buf, len), 0);
}

/* Read the mapping records before a call without buffers, then the call. */
static unsigned int expect_call(struct shell_map *maps, unsigned int max, uint32_t handle)
{
	unsigned int n = 0;
	uint32_t w[4];

	for (;;) {
		shell_read(w, sizeof(w));
		if (w[0] != SHELL_MAP_MAGIC)
			break;
		assert_true(n < max);
		memcpy(&maps[n], w, sizeof(w));
		shell_read((uint8_t *)&maps[n] + sizeof(w), sizeof(maps[n]) - sizeof(w));
		n++;
	}
	assert_int_equal(w[0], SHELL_CALL_MAGIC);
	assert_int_equal(w[1], handle);
	assert_int_equal(w[3], 0);
	return n;
}

static void shell_reply(int32_t retval)
{
	struct shell_reply rep = { SHELL_REPLY_MAGIC, retval, 0, 0 };

	shell_write(&rep, sizeof(rep));
}

static void shell_rcall(uint32_t handle, uint32_t sc, const void *in, uint32_t inlen)
{
	struct shell_rcall rc = { SHELL_RCALL_MAGIC, handle, sc, inlen };

	shell_write(&rc, sizeof(rc));
	if (inlen)
		shell_write(in, inlen);
}

/* The ack of a reverse call: its retval; the bytes into @out (at most @max). */
static int32_t shell_ack(void *out, uint32_t max, uint32_t *outlen)
{
	struct shell_rcall_ack ack;

	shell_read(&ack, sizeof(ack));
	assert_int_equal(ack.magic, SHELL_RCALL_ACK_MAGIC);
	assert_int_equal(ack.reserved, 0);
	assert_true(ack.outlen <= max);
	if (ack.outlen)
		shell_read(out, ack.outlen);
	if (outlen)
		*outlen = ack.outlen;
	return ack.retval;
}

/* A lab skeleton call without arguments, which goes to the process. */
static uint64_t null_call(void)
{
	return sent(fr_msg(CLIENT, ctx_of(), LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0),
			   NULL)).ctx;
}

static void init2(void)
{
	assert_int_equal(send(bare(HANDLE_LISTENER1, 5)), 0);
}

/* A process listening (init2, no next2 parked) and serving a call it got: the call's ctx. */
static uint64_t serving_call(void)
{
	uint64_t call;

	start_proc();
	init2();
	call = null_call();
	expect_call(NULL, 0, LAB_SKEL_HANDLE);
	return call;
}

/* next2 at @pay: in 0 and in 1 as given, out 1 of @bufs_len bytes (prefilled 0xee). */
struct n2 {
	struct fastrpc_msg m;
	uint32_t *out0;
	uint8_t *out1;
};

static struct n2 next2_at(uint64_t pay, uint32_t prev_ctx, int32_t prev_result, const void *prev,
			  uint32_t prevlen, uint32_t bufs_len)
{
	uint32_t in0[4] = { prev_ctx, (uint32_t)prev_result, prevlen, bufs_len };
	struct fr_payload p;
	struct n2 n;

	fr_payload_init(&p, pay, 4);
	fr_buf(&p, 0, in0, sizeof(in0));
	fr_buf(&p, 1, prev, prevlen);
	n.out0 = fr_at(fr_buf(&p, 2, NULL, 16));
	n.out1 = fr_at(fr_buf(&p, 3, NULL, bufs_len));
	memset(n.out0, 0xee, 16);
	memset(n.out1, 0xee, bufs_len);
	n.m = fr_msg(CLIENT, ctx_of(), HANDLE_LISTENER1, SC_MAKE(6, 2, 2), &p);
	return n;
}

static uint32_t wait_pending(void)
{
	uint32_t ctx = 0;

	/* The worker registers the call on its own; this only waits for it. */
	while (rcall_state_of(&dom, CLIENT, &ctx) != RCALL_PENDING)
		sched_yield();
	return ctx;
}

static uint8_t pattern(unsigned int i)
{
	return (uint8_t)(i * 13 + 1);
}

/* A process listening, serving a call, which made a reverse call a next2 took. */
static uint64_t rcall_delivered(struct n2 *n, uint32_t *ctx)
{
	static const uint8_t in[16] = "0123456789abcdef";
	uint64_t call;

	start_proc();
	init2();
	*n = next2_at(PAY_A, 0, 0, NULL, 0, 4096);
	sent(n->m);
	call = null_call();
	expect_call(NULL, 0, LAB_SKEL_HANDLE);
	shell_rcall(0, SC_MAKE(1, 1, 1), in, sizeof(in));
	assert_int_equal(fr_answer_wait(peer, n->m.ctx), 0);
	*ctx = n->out0[0];
	return call;
}

/* rcall_delivered(), and the listener's next next2 parked while the host works on it. */
static uint64_t rcall_waiting(struct n2 *n, uint32_t *ctx)
{
	uint64_t call = rcall_delivered(n, ctx);

	*n = next2_at(PAY_B, 0, 0, NULL, 0, 4096);
	sent(n->m);
	return call;
}

/* ---- reverse calls ---------------------------------------------------------------- */

static void rcall__to_a_parked_next2_and_the_answer_back(void **state)
{
	static const uint8_t in[16] = "0123456789abcdef";
	uint8_t out[64];
	uint32_t ctx, ctx2, len;
	struct n2 a, b, c;
	uint64_t call;

	(void)state;
	start_proc();
	init2();
	a = next2_at(PAY_A, 0, 0, NULL, 0, 4096);
	sent(a.m);
	fr_no_answer(peer);
	call = null_call();
	expect_call(NULL, 0, LAB_SKEL_HANDLE);

	/* The worker finds the parked next2 and answers it with the call. */
	shell_rcall(0, SC_MAKE(1, 1, 1), in, sizeof(in));
	assert_int_equal(fr_answer_wait(peer, a.m.ctx), 0);
	ctx = a.out0[0];
	assert_int_not_equal(ctx, 0);
	assert_int_equal(a.out0[1], 0);
	assert_int_equal(a.out0[2], SC_MAKE(1, 1, 1));
	assert_int_equal(a.out0[3], sizeof(in));
	assert_memory_equal(a.out1, in, sizeof(in));
	assert_int_equal(a.out1[sizeof(in)], 0xee);
	assert_int_equal(rcall_state_of(&dom, CLIENT, NULL), RCALL_DELIVERED);

	/* A next2 that names another call is refused; the call still waits. */
	b = next2_at(PAY_B, ctx + 1, 0, "12345678", 8, 4096);
	assert_int_equal(send(b.m), ERR(EBADPARM));
	assert_int_equal(rcall_state_of(&dom, CLIENT, NULL), RCALL_DELIVERED);

	/* The host's answer goes to the shell; its next2 waits for the next call. */
	b = next2_at(PAY_B, ctx, 0, "12345678", 8, 4096);
	sent(b.m);
	assert_int_equal(shell_ack(out, sizeof(out), &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(out, "12345678", 8);
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	fr_no_answer(peer);

	/* A second reverse call: a new ctx, carried by that next2. */
	shell_rcall(2, SC_MAKE(3, 0, 1), "\x10\0\0\0", 4);
	assert_int_equal(fr_answer_wait(peer, b.m.ctx), 0);
	ctx2 = b.out0[0];
	assert_int_not_equal(ctx2, 0);
	assert_int_not_equal(ctx2, ctx);
	assert_int_equal(b.out0[1], 2);
	assert_int_equal(b.out0[3], 4);
	/* The first call is done: naming it again is refused. */
	c = next2_at(PAY_C, ctx, 0, NULL, 0, 4096);
	assert_int_equal(send(c.m), ERR(EBADPARM));
	/* An error answer carries no bytes, whatever prevbufs holds. */
	a = next2_at(PAY_A, ctx2, ERR(EFAILED), "abcd", 4, 4096);
	sent(a.m);
	assert_int_equal(shell_ack(out, sizeof(out), &len), ERR(EFAILED));
	assert_int_equal(len, 0);

	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, a.m.ctx), ERR(EBADSTATE));
	assert_int_equal(atomic_load(&dom.st.rcalls), 2);
	assert_int_equal(atomic_load(&dom.st.rcalls_refused), 0);
	assert_int_equal(atomic_load(&dom.st.rcalls_ended), 0);
}

/* No next2 waits when the call comes: the next one takes it on the main thread. */
static void rcall__waits_for_a_next2(void **state)
{
	uint8_t out[16];
	uint32_t ctx, len;
	uint64_t call;
	struct n2 a, b;

	(void)state;
	call = serving_call();
	shell_rcall(0, SC_MAKE(0, 2, 2), "abcdefgh", 8);
	ctx = wait_pending();
	a = next2_at(PAY_A, 0, 0, NULL, 0, 4096);
	assert_int_equal(send(a.m), 0);
	assert_int_equal(a.out0[0], ctx);
	assert_int_equal(a.out0[2], SC_MAKE(0, 2, 2));
	assert_memory_equal(a.out1, "abcdefgh", 8);
	assert_int_equal(listener_waiting(&dom, CLIENT), 0);
	b = next2_at(PAY_B, ctx, 0, "xy\0\0", 4, 4096);
	sent(b.m);
	assert_int_equal(shell_ack(out, sizeof(out), &len), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(out, "xy", 2);
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, b.m.ctx), ERR(EBADSTATE));
}

static int32_t get_in_bufs2(uint32_t ctx, int32_t offset, uint32_t len, uint32_t *req,
			    uint8_t **bufs)
{
	uint32_t in[3] = { ctx, (uint32_t)offset, len };
	struct fr_payload p;
	uint64_t o0, o1;
	int32_t ret;

	fr_payload_init(&p, PAY_C, 3);
	fr_buf(&p, 0, in, sizeof(in));
	o0 = fr_buf(&p, 1, NULL, 4);
	o1 = fr_buf(&p, 2, NULL, len);
	memset(fr_at(o1), 0xee, len);
	ret = send(fr_msg(CLIENT, ctx_of(), HANDLE_LISTENER1, SC_MAKE(7, 1, 2), &p));
	memcpy(req, fr_at(o0), 4);
	*bufs = fr_at(o1);
	return ret;
}

/* Inputs larger than the next2's room: the rest read with get_in_bufs2. */
static void get_in_bufs2__reads_what_did_not_fit(void **state)
{
	static uint8_t in[BIG];
	uint32_t ctx, req = 0, i;
	uint8_t *bufs;
	uint64_t call;
	struct n2 a, b;

	(void)state;
	for (i = 0; i < BIG; i++)
		in[i] = pattern(i);
	start_proc();
	init2();
	a = next2_at(PAY_A, 0, 0, NULL, 0, 4096);
	sent(a.m);
	call = null_call();
	expect_call(NULL, 0, LAB_SKEL_HANDLE);
	shell_rcall(0, SC_MAKE(4, 1, 1), in, BIG);
	assert_int_equal(fr_answer_wait(peer, a.m.ctx), 0);
	ctx = a.out0[0];
	assert_int_equal(a.out0[3], BIG);
	assert_memory_equal(a.out1, in, 4096);

	assert_int_equal(get_in_bufs2(ctx, 4096, 8192, &req, &bufs), 0);
	assert_int_equal(req, BIG);
	assert_memory_equal(bufs, in + 4096, BIG - 4096);
	assert_int_equal(bufs[BIG - 4096], 0xee);
	/* A shorter room: as much as fits. */
	assert_int_equal(get_in_bufs2(ctx, 9000, 100, &req, &bufs), 0);
	assert_memory_equal(bufs, in + 9000, 100);
	/* At the end: nothing more, and the length. */
	assert_int_equal(get_in_bufs2(ctx, BIG, 16, &req, &bufs), 0);
	assert_int_equal(req, BIG);
	assert_int_equal(bufs[0], 0xee);
	/* Past the end, negative, another ctx. */
	assert_int_equal(get_in_bufs2(ctx, BIG + 1, 16, &req, &bufs), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(ctx, -1, 16, &req, &bufs), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(ctx + 1, 0, 16, &req, &bufs), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(0, 0, 16, &req, &bufs), ERR(EBADPARM));

	b = next2_at(PAY_B, ctx, 0, NULL, 0, 4096);
	sent(b.m);
	assert_int_equal(shell_ack(NULL, 0, NULL), 0);
	/* Answered: there is nothing left to read. */
	assert_int_equal(get_in_bufs2(ctx, 0, 16, &req, &bufs), ERR(EBADPARM));
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, b.m.ctx), ERR(EBADSTATE));
}

static void rcall__without_init2_is_econnrefused(void **state)
{
	uint64_t call;

	(void)state;
	start_proc();
	/* A parked next2 is not a listener: init2 is. */
	call = null_call();
	expect_call(NULL, 0, LAB_SKEL_HANDLE);
	shell_rcall(0, SC_MAKE(0, 0, 0), NULL, 0);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(ECONNREFUSED));
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
	/* init2 through handle 3 counts as well. */
	assert_int_equal(send(bare(HANDLE_LISTENER, 3)), 0);
	call = null_call();
	expect_call(NULL, 0, LAB_SKEL_HANDLE);
	shell_rcall(0, SC_MAKE(0, 0, 0), NULL, 0);
	wait_pending();
	listener_end(&dom, CLIENT);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
	assert_int_equal(atomic_load(&dom.st.rcalls), 2);
	assert_int_equal(atomic_load(&dom.st.rcalls_refused), 1);
	assert_int_equal(atomic_load(&dom.st.rcalls_ended), 1);
}

/* Handles in sc, or more than SHELL_MAX_RCALL_LEN: the process is ended. */
static void rcall__malformed_ends_the_process(void **state)
{
	uint64_t call, one;
	int wake = vdspd_wake_fd;

	(void)state;
	vdspd_wake_fd = eventfd(0, EFD_CLOEXEC);
	assert_true(vdspd_wake_fd >= 0);
	call = serving_call();
	shell_rcall(0, SC_FULL(0, 1, 0, 1, 0), NULL, 0);
	/* The worker gives up on the process and kills it. */
	assert_int_equal(fr_answer_wait(peer, call), ERR(ENOSUCHPROCESS));
	assert_int_equal(read(vdspd_wake_fd, &one, sizeof(one)), sizeof(one));
	proc_collect(&dom);
	assert_null(proc_find(&dom, CLIENT));
	assert_int_equal(atomic_load(&dom.st.died), 1);
	close(vdspd_wake_fd);
	vdspd_wake_fd = wake;
	close_shell_out();
}

static void rcall__too_long_ends_the_process(void **state)
{
	struct shell_rcall rc = { SHELL_RCALL_MAGIC, 0, SC_MAKE(0, 1, 0), SHELL_MAX_RCALL_LEN + 1 };
	uint64_t call;

	(void)state;
	call = serving_call();
	shell_write(&rc, sizeof(rc));
	assert_int_equal(fr_answer_wait(peer, call), ERR(ENOSUCHPROCESS));
	/* Its death is the main loop's to see; the release reaps it. */
}

/* prevbufs over SHELL_MAX_RCALL_LEN: the shell gets AEE_EBADPARM; the next2 waits. */
static void rcall__host_answer_too_long(void **state)
{
	struct n2 n, b;
	uint32_t ctx;
	uint64_t call;

	(void)state;
	call = rcall_delivered(&n, &ctx);
	b = next2_at(PAY_B, ctx, 0, NULL, SHELL_MAX_RCALL_LEN + 8, 4096);
	sent(b.m);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADPARM));
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, b.m.ctx), ERR(EBADSTATE));
}

/* ---- how a waiting reverse call ends ------------------------------------------------ */

static void rcall__exit_while_waiting(void **state)
{
	struct fastrpc_msg e;
	uint64_t call;
	uint32_t ctx;
	struct n2 n;

	(void)state;
	call = rcall_waiting(&n, &ctx);
	e = sent(bare(HANDLE_CURRENT_PROCESS1, CURRENT_PROCESS1_EXIT));
	assert_int_equal(fr_answer(peer, n.m.ctx), ERR(EBADSTATE));
	assert_int_equal(fr_answer(peer, e.ctx), 0);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	/* The host's late answer names a call no longer in flight. */
	n = next2_at(PAY_B, ctx, 0, NULL, 0, 4096);
	assert_int_equal(send(n.m), ERR(EBADSTATE));
	/* After exit, a new reverse call is refused at once; the call goes on. */
	shell_rcall(0, SC_MAKE(0, 0, 0), NULL, 0);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
}

/* Exit while the call waits for a next2 (none parked). */
static void rcall__exit_while_pending(void **state)
{
	uint64_t call;

	(void)state;
	call = serving_call();
	shell_rcall(0, SC_MAKE(0, 0, 0), NULL, 0);
	wait_pending();
	assert_int_equal(send(bare(HANDLE_CURRENT_PROCESS1, CURRENT_PROCESS1_EXIT)), 0);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
}

static void rcall__release_while_waiting(void **state)
{
	struct fastrpc_msg r;
	uint64_t call;
	uint32_t ctx;
	struct n2 n;

	(void)state;
	call = rcall_waiting(&n, &ctx);
	close_shell_out();
	r = sent(release_msg(CLIENT));
	assert_int_equal(fr_answer(peer, n.m.ctx), ERR(EBADSTATE));
	assert_int_equal(fr_answer(peer, call), ERR(ENOSUCHPROCESS));
	assert_int_equal(fr_answer(peer, r.ctx), 0);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	assert_null(proc_find(&dom, CLIENT));
}

/* The process dies while the host works on its reverse call. */
static void rcall__process_death_while_waiting(void **state)
{
	int wake = vdspd_wake_fd, status;
	uint64_t call, one;
	uint32_t ctx;
	struct n2 n;

	(void)state;
	vdspd_wake_fd = eventfd(0, EFD_CLOEXEC);
	assert_true(vdspd_wake_fd >= 0);
	call = rcall_waiting(&n, &ctx);
	close_shell_out();
	kill(child, SIGKILL);
	assert_int_equal(waitpid(child, &status, 0), child);
	proc_reap(&dom, 1, child, status);
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	assert_int_equal(fr_answer_wait(peer, call), ERR(ENOSUCHPROCESS));
	assert_int_equal(read(vdspd_wake_fd, &one, sizeof(one)), sizeof(one));
	proc_collect(&dom);
	assert_int_equal(fr_answer(peer, n.m.ctx), ERR(EBADSTATE));
	assert_null(proc_find(&dom, CLIENT));
	/* The host's answer comes too late. */
	n = next2_at(PAY_B, ctx, 0, NULL, 0, 4096);
	assert_int_equal(send(n.m), ERR(EBADSTATE));
	/* The driver's release of the dead process succeeds, once. */
	assert_int_equal(release(CLIENT), 0);
	assert_int_equal(release(CLIENT), ERR(ENOSUCHPROCESS));
	close(vdspd_wake_fd);
	vdspd_wake_fd = wake;
}

/* What vdspd does at SIGTERM. */
static void rcall__vdspd_stops_while_waiting(void **state)
{
	uint64_t call;
	uint32_t ctx;
	struct n2 n;

	(void)state;
	call = rcall_delivered(&n, &ctx);
	close_shell_out();
	proc_stop_all(&dom, FATE_RESET);
	listener_end_all(&dom);
	assert_int_equal(fr_answer(peer, call), ERR(ENOSUCHPROCESS));
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
}

/* A DOWN: the worker's wait ends, nothing is answered. */
static void rcall__domain_down_while_waiting(void **state)
{
	uint32_t ctx;
	struct n2 n;

	(void)state;
	rcall_waiting(&n, &ctx);
	close_shell_out();
	domain_down(&dom);
	assert_null(proc_find(&dom, CLIENT));
	assert_int_equal(shell_ack(NULL, 0, NULL), ERR(EBADSTATE));
	fr_no_answer(peer);
}

/* ---- mappings pushed to the shell ------------------------------------------------------ */

static int32_t mmap_call(uint64_t addr, uint64_t size, uint64_t *vaddr)
{
	uint64_t out;
	int32_t ret;

	ret = send(fr_mmap_msg(PAY_C, CLIENT, ctx_of(), CLIENT, MMAP_ADD_PAGES, addr, size, &out));
	memcpy(vaddr, fr_at(out), 8);
	return ret;
}

static int32_t munmap_call(uint64_t vaddr, uint64_t size)
{
	return send(fr_munmap_msg(PAY_C, CLIENT, ctx_of(), CLIENT, vaddr, size));
}

static int32_t mem_map_call(int32_t fd, uint64_t addr, uint64_t size, uint64_t *vaddr)
{
	uint64_t out;
	int32_t ret;

	ret = send(fr_mem_map_msg(PAY_C, CLIENT, ctx_of(), CLIENT, fd, addr, size, 0, &out));
	memcpy(vaddr, fr_at(out), 8);
	return ret;
}

static int32_t mem_unmap_call(int32_t fd, uint64_t vaddr, uint64_t len)
{
	return send(fr_mem_unmap_msg(PAY_C, CLIENT, ctx_of(), CLIENT, fd, vaddr, len));
}

static void expect_map(const struct shell_map *m, uint32_t op, uint64_t vaddr, uint64_t phys,
		       uint32_t len)
{
	assert_int_equal(m->magic, SHELL_MAP_MAGIC);
	assert_int_equal(m->op, op);
	assert_int_equal(m->vaddr, vaddr);
	assert_int_equal(m->phys, phys);
	assert_int_equal(m->len, len);
	assert_int_equal(m->reserved, 0);
}

static void serve_null(struct shell_map *maps, unsigned int max, unsigned int nmaps)
{
	uint64_t call = null_call();

	assert_int_equal(expect_call(maps, max, LAB_SKEL_HANDLE), nmaps);
	shell_reply(0);
	assert_int_equal(fr_answer_wait(peer, call), 0);
}

static void maps__sent_before_a_call_as_they_change(void **state)
{
	struct shell_map maps[4];
	uint64_t v1, v2, v3;

	(void)state;
	start_proc();
	serve_null(maps, 4, 0);
	assert_int_equal(mmap_call(SPARE | (2ull << 32), 2 * PAGE, &v1), 0);
	assert_int_equal(mem_map_call(9, SPARE + 4 * PAGE, PAGE, &v2), 0);
	serve_null(maps, 4, 2);
	/* Newest first, as the client's list holds them. */
	expect_map(&maps[0], SHELL_MAP_ADD, v2, SPARE + 4 * PAGE, PAGE);
	/* The test's edge has no SMMU: the bank bits go, as the edge ignores them. */
	expect_map(&maps[1], SHELL_MAP_ADD, v1, SPARE, 2 * PAGE);
	/* Nothing changed: nothing sent. */
	serve_null(maps, 4, 0);
	/* Removals first, then the new mapping. */
	assert_int_equal(munmap_call(v1, 2 * PAGE), 0);
	assert_int_equal(mmap_call(SPARE + 8 * PAGE, PAGE, &v3), 0);
	serve_null(maps, 4, 2);
	expect_map(&maps[0], SHELL_MAP_REMOVE, v1, 0, 2 * PAGE);
	expect_map(&maps[1], SHELL_MAP_ADD, v3, SPARE + 8 * PAGE, PAGE);
	serve_null(maps, 4, 0);
	assert_int_equal(mem_unmap_call(9, v2, PAGE), 0);
	serve_null(maps, 4, 1);
	expect_map(&maps[0], SHELL_MAP_REMOVE, v2, 0, PAGE);
	/* The process goes with its view: a new one is told of every mapping. */
	close_shell_out();
	assert_int_equal(release(CLIENT), 0);
	close(sh_in);
	sh_in = -1;
	start_proc();
	assert_int_equal(mmap_call(SPARE, PAGE, &v1), 0);
	serve_null(maps, 4, 1);
	expect_map(&maps[0], SHELL_MAP_ADD, v1, SPARE, PAGE);
	/* Behind the edge's SMMU the bank chooses the translation: kept. */
	dom.banked = true;
	assert_int_equal(mmap_call(SPARE | (2ull << 32), PAGE, &v2), 0);
	serve_null(maps, 4, 1);
	expect_map(&maps[0], SHELL_MAP_ADD, v2, SPARE | (2ull << 32), PAGE);
	dom.banked = false;
}

/* ---- preloaded modules ----------------------------------------------------------------- */

static char tmpdir[64];

static void make_file(const char *name, const void *data, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static const char *opt(const char *handle, const char *name)
{
	static char arg[160];

	snprintf(arg, sizeof(arg), "%s=%s/%s", handle, tmpdir, name);
	return preload_option(arg);
}

static void preload_option__values(void **state)
{
	static const char *const bad_handles[] = {
		"0", "1", "2", "3", "4", "7", "8", "0x11", "", "0x", "-1", "+16", " 16", "16 ",
		"4294967296", "0x100000000", "1e3", "0x1g", "ten",
	};
	unsigned int i;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vdspd-preload-XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	make_file("liba_skel.so", "\177ELFa", 5);
	make_file("libb_skel.so", "\177ELFbb", 6);
	make_file("empty", "", 0);

	assert_non_null(preload_option("16"));
	assert_non_null(preload_option("liba_skel.so"));
	for (i = 0; i < sizeof(bad_handles) / sizeof(bad_handles[0]); i++)
		assert_non_null(opt(bad_handles[i], "liba_skel.so"));
	assert_non_null(opt("0x10", "nothing-here"));
	assert_non_null(opt("0x10", "empty"));
	assert_non_null(opt("0x10", ""));		/* the directory, no file name */
	assert_int_equal(preload_count(), 0);

	assert_null(opt("0x10", "liba_skel.so"));
	assert_null(opt("4294967295", "libb_skel.so"));
	assert_null(opt("0XaB", "libb_skel.so"));
	assert_null(opt("5", "liba_skel.so"));
	assert_non_null(opt("16", "libb_skel.so"));	/* 0x10 again */
	assert_int_equal(preload_count(), 4);
	for (i = 4; i < VDSPD_MAX_PRELOADS; i++) {
		char h[16];

		snprintf(h, sizeof(h), "%u", 0x100 + i);
		assert_null(opt(h, "liba_skel.so"));
	}
	assert_non_null(opt("0x1000", "liba_skel.so"));
	assert_int_equal(preload_count(), VDSPD_MAX_PRELOADS);
	preload_reset();
	assert_int_equal(preload_count(), 0);
}

static void expect_preload(uint32_t handle, const char *name, const void *data, uint32_t len)
{
	struct shell_preload pl;
	char buf[64];

	shell_read(&pl, sizeof(pl));
	assert_int_equal(pl.magic, SHELL_PRELOAD_MAGIC);
	assert_int_equal(pl.handle, handle);
	assert_int_equal(pl.namelen, strlen(name));
	assert_int_equal(pl.len, len);
	shell_read(buf, pl.namelen);
	assert_memory_equal(buf, name, pl.namelen);
	shell_read(buf, pl.len);
	assert_memory_equal(buf, data, len);
}

/* Every process gets them first, before the mapping records and its first call. */
static void preload__sent_before_the_first_call(void **state)
{
	struct shell_map maps[2];
	uint64_t v;

	(void)state;
	assert_null(opt("0x10", "liba_skel.so"));
	assert_null(opt("0x20", "libb_skel.so"));
	assert_int_equal(mmap_call(SPARE, PAGE, &v), ERR(EBADSTATE));	/* no client yet */
	start_proc();
	assert_int_equal(mmap_call(SPARE, PAGE, &v), 0);
	expect_preload(0x10, "liba_skel.so", "\177ELFa", 5);
	expect_preload(0x20, "libb_skel.so", "\177ELFbb", 6);
	serve_null(maps, 2, 1);
	expect_map(&maps[0], SHELL_MAP_ADD, v, SPARE, PAGE);
	serve_null(maps, 2, 0);
}

/* ---- the shell's fds -------------------------------------------------------------------- */

/* Exactly 0, 1, 2, the edge as 3 and the ELF as 4 reach the emulator. */
static void spawn__the_shell_gets_five_fds(void **state)
{
	static const uint8_t elf[8] = "\177ELF\1\1\1";
	struct fake_qemu_report r;
	struct fr_payload p;
	struct fastrpc_msg m;
	const char *qemu = vdspd_qemu;
	struct call *c;
	struct proc *pr;
	struct stat st;
	unsigned int i;
	int stray;

	(void)state;
	/* An fd of ours without close-on-exec must not reach the child either. */
	stray = open("/dev/null", O_RDONLY);
	assert_true(stray >= 0);
	vdspd_qemu = FAKE_QEMU;
	fr_payload_init(&p, PAY_C, 1);
	fr_buf(&p, 0, elf, sizeof(elf));
	m = fr_msg(CLIENT, ctx_of(), HANDLE_INIT, SC_MAKE(INIT_CREATE, 1, 0), &p);
	c = fr_decode(&dom, &m);
	assert_int_equal(proc_spawn(&dom, CLIENT, "fdcheck", c, 0), 0);
	call_free(c);
	vdspd_qemu = qemu;
	close(stray);
	pr = proc_find(&dom, CLIENT);
	assert_non_null(pr);
	assert_int_equal(read_all(pr->from_shell, &r, sizeof(r)), 0);
	assert_string_equal(r.path, "/proc/self/fd/4");
	assert_int_equal(r.nfds, 5);
	for (i = 0; i < r.nfds; i++)
		assert_true(r.fds[i] < 5);
	assert_int_equal(fstat(dom.fd, &st), 0);
	assert_int_equal(r.edge_dev, st.st_dev);
	assert_int_equal(r.edge_ino, st.st_ino);
	assert_memory_equal(r.elf, elf, 4);
	assert_int_equal(release(CLIENT), 0);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(rcall__to_a_parked_next2_and_the_answer_back),
		T(rcall__waits_for_a_next2),
		T(get_in_bufs2__reads_what_did_not_fit),
		T(rcall__without_init2_is_econnrefused),
		T(rcall__malformed_ends_the_process),
		T(rcall__too_long_ends_the_process),
		T(rcall__host_answer_too_long),
		T(rcall__exit_while_waiting),
		T(rcall__exit_while_pending),
		T(rcall__release_while_waiting),
		T(rcall__process_death_while_waiting),
		T(rcall__vdspd_stops_while_waiting),
		T(rcall__domain_down_while_waiting),
		T(maps__sent_before_a_call_as_they_change),
		T(preload_option__values),
		T(preload__sent_before_the_first_call),
		T(spawn__the_shell_gets_five_fds),
	};
	int ret;

	signal(SIGPIPE, SIG_IGN);
	guard_init();
	/* Workers wake the main loop as they end; the tests that wait for it have their own. */
	vdspd_wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	ret = cmocka_run_group_tests(tests, NULL, NULL);
	close(vdspd_wake_fd);
	if (*tmpdir) {
		char cmd[96];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
		if (system(cmd))
			ret = 1;
	}
	return ret;
}
