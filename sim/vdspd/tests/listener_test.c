// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The listener and process control handles (listener.c) through
 * dispatch(), answers read from the edge's place: next2 waits without
 * holding up anything, and is answered AEE_EBADSTATE exactly once at exit,
 * release, the process's end or vdspd's exit; a DOWN drops it; every call
 * of the wrong shape is refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fakeram.h"
#include "shell_proto.h"

#define ERR(code)	AEE_DSP_ERR(AEE_##code)
#define CLIENT		5

static struct domain dom;
static int peer;
static uint64_t seq;

static int setup(void **state)
{
	(void)state;
	fr_fixture_up(&dom, &peer);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fr_fixture_down(&dom, peer);
	return 0;
}

static uint64_t ctx_of(unsigned int pd)
{
	seq++;
	return (seq << CTX_SEQ_SHIFT) | ((seq & 0xff) << 4) | pd;
}

/* Dispatch @m; the answer, if one is expected, is the test's to read. */
static struct fastrpc_msg sent(struct fastrpc_msg m)
{
	dispatch(&dom, &m, sizeof(m));
	return m;
}

static int32_t send(struct fastrpc_msg m)
{
	return fr_answer(peer, sent(m).ctx);
}

static int32_t attach(int32_t id)
{
	struct fr_payload p;

	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	return send(fr_msg(id, ctx_of(PD_ROOT), HANDLE_INIT, SC_MAKE(INIT_ATTACH, 1, 0), &p));
}

static int32_t release(int32_t id)
{
	struct fr_payload p;

	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	return send(fr_msg(0, ctx_of(PD_USER), HANDLE_INIT, SC_MAKE(INIT_RELEASE, 1, 0), &p));
}

/* A call without arguments. */
static struct fastrpc_msg bare(int32_t pid, uint32_t handle, uint32_t method)
{
	return fr_msg(pid, ctx_of(PD_USER), handle, SC_MAKE(method, 0, 0), NULL);
}

/* next2 as the qaic stub lays it out, with the lengths it would give. */
struct next2 {
	uint32_t sc;
	uint32_t in0[4];	/* prev_ctx, prev_result, prevbufs length, bufs length */
	uint32_t in0len, in1len, out0len, out1len;
};

static struct next2 next2_of(void)
{
	return (struct next2){
		.sc = SC_MAKE(0, 2, 2),
		.in0 = { 0, (uint32_t)-1, 0, 4096 },
		.in0len = 16, .in1len = 0, .out0len = 16, .out1len = 4096,
	};
}

static struct fastrpc_msg next2_msg(int32_t pid, uint32_t handle, uint32_t method,
				    const struct next2 *n)
{
	unsigned int nh = SC_INHANDLES(n->sc) + SC_OUTHANDLES(n->sc), i;
	struct fr_payload p;

	static const uint8_t prev[16] = "prevbufs";

	assert_true(n->in0len <= sizeof(n->in0) && n->in1len <= sizeof(prev));
	fr_payload_init(&p, PAY, 4 + nh);
	fr_buf(&p, 0, n->in0, n->in0len);
	fr_buf(&p, 1, prev, n->in1len);
	fr_buf(&p, 2, NULL, n->out0len);
	fr_buf(&p, 3, NULL, n->out1len);
	for (i = 0; i < nh; i++)
		fr_handle(&p, 4 + i, 20 + i, 0, 8, SPARE, FASTRPC_PAGE_SIZE);
	return fr_msg(pid, ctx_of(PD_USER), handle, n->sc | SC_MAKE(method, 0, 0), &p);
}

/* A well-formed next2 on listener1 (handle 7 method 6). */
static struct fastrpc_msg next2(int32_t pid)
{
	struct next2 n = next2_of();

	return next2_msg(pid, HANDLE_LISTENER1, 6, &n);
}

static int32_t exit_call(int32_t pid)
{
	return send(bare(pid, HANDLE_CURRENT_PROCESS1, CURRENT_PROCESS1_EXIT));
}

/* ---- waiting ----------------------------------------------------------------- */

static void next2__waits_and_holds_up_nothing(void **state)
{
	struct fastrpc_msg a;
	uint32_t one = 1;
	struct fr_payload p;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	assert_int_equal(send(bare(CLIENT, HANDLE_LISTENER1, 5)), 0);	/* init2 */
	a = sent(next2(CLIENT));
	fr_no_answer(peer);
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	/* The client's other calls, the init handle and the utilities go on. */
	assert_int_equal(send(bare(CLIENT, LAB_SKEL_HANDLE, LAB_METHOD_NULL)), 0);
	assert_int_equal(send(bare(CLIENT, HANDLE_CURRENT_PROCESS1, CURRENT_PROCESS1_THREAD_EXIT)),
			 0);
	assert_int_equal(attach(CLIENT + 1), 0);
	fr_payload_init(&p, PAY, 2);
	fr_buf(&p, 0, &one, 4);
	fr_buf(&p, 1, NULL, 4);
	assert_int_equal(send(fr_msg(CLIENT, ctx_of(PD_USER), HANDLE_UTILS, SC_MAKE(0, 1, 1), &p)),
			 ERR(EUNSUPPORTED));	/* the test domain has no table */
	/* The payload stays mapped while it waits, and is let go of when answered. */
	assert_int_equal(fr_nmapped, 1);
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, a.ctx), ERR(EBADSTATE));
	assert_int_equal(fr_nmapped, 0);
	assert_int_equal(release(CLIENT + 1), 0);
}

/* Exit answers the waiting next2 first, then itself; a later next2 at once. */
static void exit__ends_the_waiting_next2_with_ebadstate(void **state)
{
	struct fastrpc_msg a, b;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	assert_int_equal(send(bare(CLIENT, HANDLE_LISTENER, 3)), 0);	/* init2 */
	a = sent(next2(CLIENT));
	{
		struct next2 n = next2_of();

		b = sent(next2_msg(CLIENT, HANDLE_LISTENER, 4, &n));
	}
	fr_no_answer(peer);
	assert_int_equal(listener_waiting(&dom, CLIENT), 2);
	{
		struct fastrpc_msg e = sent(bare(CLIENT, HANDLE_CURRENT_PROCESS1,
						 CURRENT_PROCESS1_EXIT));

		assert_int_equal(fr_answer(peer, a.ctx), ERR(EBADSTATE));
		assert_int_equal(fr_answer(peer, b.ctx), ERR(EBADSTATE));
		assert_int_equal(fr_answer(peer, e.ctx), 0);
	}
	fr_no_answer(peer);
	assert_int_equal(listener_waiting(&dom, CLIENT), 0);
	/* After exit: refused at once; the process stays until released. */
	assert_int_equal(send(next2(CLIENT)), ERR(EBADSTATE));
	assert_int_equal(send(bare(CLIENT, LAB_SKEL_HANDLE, LAB_METHOD_NULL)), 0);
	assert_int_equal(exit_call(CLIENT), 0);
	assert_int_equal(release(CLIENT), 0);
	fr_no_answer(peer);
	/* A new client of the same id listens again. */
	assert_int_equal(attach(CLIENT), 0);
	a = sent(next2(CLIENT));
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, a.ctx), ERR(EBADSTATE));
}

static void release__answers_the_waiting_next2_once_before_itself(void **state)
{
	struct fastrpc_msg a, r;
	int32_t id = CLIENT;
	struct fr_payload p;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	a = sent(next2(CLIENT));
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	r = sent(fr_msg(0, ctx_of(PD_USER), HANDLE_INIT, SC_MAKE(INIT_RELEASE, 1, 0), &p));
	assert_int_equal(fr_answer(peer, a.ctx), ERR(EBADSTATE));
	assert_int_equal(fr_answer(peer, r.ctx), 0);
	fr_no_answer(peer);
	/* Nothing is left to answer twice. */
	listener_end(&dom, CLIENT);
	listener_end_all(&dom);
	fr_no_answer(peer);
	/* The client is gone: its listener calls are refused. */
	assert_int_equal(send(next2(CLIENT)), ERR(EBADSTATE));
	assert_int_equal(send(bare(CLIENT, HANDLE_LISTENER1, 5)), ERR(EBADSTATE));
	assert_int_equal(exit_call(CLIENT), ERR(EBADSTATE));
}

/* What vdspd does when a DSP process dies, and at its own exit. */
static void listener_end__answers_each_waiting_call_once(void **state)
{
	struct fastrpc_msg a, b, c;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	assert_int_equal(attach(CLIENT + 1), 0);
	a = sent(next2(CLIENT));
	b = sent(next2(CLIENT + 1));
	c = sent(next2(CLIENT + 1));
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, a.ctx), ERR(EBADSTATE));
	fr_no_answer(peer);
	listener_end(&dom, CLIENT);
	fr_no_answer(peer);
	listener_end_all(&dom);
	assert_int_equal(fr_answer(peer, b.ctx), ERR(EBADSTATE));
	assert_int_equal(fr_answer(peer, c.ctx), ERR(EBADSTATE));
	listener_end_all(&dom);
	fr_no_answer(peer);
	/* Not exiting: the clients may listen again. */
	a = sent(next2(CLIENT));
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	listener_end(&dom, CLIENT);
	assert_int_equal(fr_answer(peer, a.ctx), ERR(EBADSTATE));
}

/* The DSP went down: every call is dropped, unanswered, and nothing leaks. */
static void domain_down__drops_the_waiting_next2(void **state)
{
	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	sent(next2(CLIENT));
	sent(next2(CLIENT));
	assert_int_equal(listener_waiting(&dom, CLIENT), 2);
	domain_down(&dom);
	fr_no_answer(peer);
	assert_int_equal(listener_waiting(&dom, CLIENT), 0);
	listener_end_all(&dom);
	fr_no_answer(peer);
	assert_int_equal(send(next2(CLIENT)), ERR(EBADSTATE));	/* gone with the DSP */
}

static void next2__at_most_16_wait_per_client(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	for (i = 0; i < VDSPD_MAX_PARKED; i++)
		sent(next2(CLIENT));
	fr_no_answer(peer);
	assert_int_equal(send(next2(CLIENT)), ERR(ENOMEMORY));
	assert_int_equal(listener_waiting(&dom, CLIENT), VDSPD_MAX_PARKED);
	domain_down(&dom);
}

/* ---- shapes ------------------------------------------------------------------------ */

static void next2__wrong_shapes_are_ebadparm(void **state)
{
	struct next2 n;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	n = next2_of();
	n.in0len = 12;
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n)), ERR(EBADPARM));
	n = next2_of();
	n.in1len = 8;					/* prevbufs not as in 0 says */
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n)), ERR(EBADPARM));
	n = next2_of();
	n.out0len = 12;
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n)), ERR(EBADPARM));
	n = next2_of();
	n.out1len = 100;				/* bufs not as in 0 says */
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER, 4, &n)), ERR(EBADPARM));
	n = next2_of();
	n.in0[0] = 7;					/* a reverse call never made */
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n)), ERR(EBADPARM));
	n = next2_of();
	n.sc = SC_MAKE(0, 2, 2) | 1u << 4;		/* a handle */
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n)), ERR(EBADPARM));
	n = next2_of();
	n.sc = SC_MAKE(0, 3, 1);
	assert_int_equal(send(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n)), ERR(EBADPARM));
	assert_int_equal(send(bare(CLIENT, HANDLE_LISTENER1, 6)), ERR(EBADPARM));
	/* A non-zero prev_result and prevbufs are fine. */
	n = next2_of();
	n.in0[1] = ERR(EBADPARM);
	n.in0[2] = 4;
	n.in1len = 4;
	n.in0[3] = 0;
	n.out1len = 0;
	sent(next2_msg(CLIENT, HANDLE_LISTENER1, 6, &n));
	fr_no_answer(peer);
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	assert_int_equal(fr_nmapped, 1);
	domain_down(&dom);
	assert_int_equal(fr_nmapped, 0);
}

static int32_t get_in_bufs2(uint32_t handle, uint32_t method, uint32_t in0len, uint32_t out0len,
			    uint32_t out1len, uint32_t bufs_len)
{
	uint32_t in[3] = { 0x10, 0, bufs_len };
	struct fr_payload p;

	fr_payload_init(&p, PAY, 3);
	fr_buf(&p, 0, in, in0len);
	fr_buf(&p, 1, NULL, out0len);
	fr_buf(&p, 2, NULL, out1len);
	return send(fr_msg(CLIENT, ctx_of(PD_USER), handle, SC_MAKE(method, 1, 2), &p));
}

/* No reverse call exists to read from: every get_in_bufs2 is refused. */
static void get_in_bufs2__there_is_no_reverse_call(void **state)
{
	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	assert_int_equal(get_in_bufs2(HANDLE_LISTENER1, 7, 12, 4, 64, 64), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(HANDLE_LISTENER, 5, 12, 4, 64, 64), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(HANDLE_LISTENER1, 7, 8, 4, 64, 64), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(HANDLE_LISTENER1, 7, 12, 8, 64, 64), ERR(EBADPARM));
	assert_int_equal(get_in_bufs2(HANDLE_LISTENER1, 7, 12, 4, 64, 32), ERR(EBADPARM));
	fr_no_answer(peer);
}

static void init2_exit_thread_exit__take_no_arguments(void **state)
{
	struct fr_payload p;
	uint32_t x = 0;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &x, 4);
	assert_int_equal(send(fr_msg(CLIENT, ctx_of(PD_USER), HANDLE_LISTENER1, SC_MAKE(5, 1, 0),
				     &p)), ERR(EBADPARM));
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &x, 4);
	assert_int_equal(send(fr_msg(CLIENT, ctx_of(PD_USER), HANDLE_LISTENER, SC_MAKE(3, 0, 1),
				     &p)), ERR(EBADPARM));
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &x, 4);
	assert_int_equal(send(fr_msg(CLIENT, ctx_of(PD_USER), HANDLE_CURRENT_PROCESS1,
				     SC_MAKE(2, 1, 0), &p)), ERR(EBADPARM));
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &x, 4);
	assert_int_equal(send(fr_msg(CLIENT, ctx_of(PD_USER), HANDLE_CURRENT_PROCESS1,
				     SC_MAKE(3, 1, 0), &p)), ERR(EBADPARM));
	/* A malformed exit changes nothing: next2 still waits. */
	sent(next2(CLIENT));
	assert_int_equal(listener_waiting(&dom, CLIENT), 1);
	assert_int_equal(send(bare(CLIENT, HANDLE_CURRENT_PROCESS1, CURRENT_PROCESS1_THREAD_EXIT)),
			 0);
	fr_no_answer(peer);
	domain_down(&dom);
}

static void other_methods_are_eunsupported(void **state)
{
	static const uint32_t calls[][2] = {
		{ HANDLE_LISTENER, 0 }, { HANDLE_LISTENER, 1 }, { HANDLE_LISTENER, 2 },
		{ HANDLE_LISTENER, 6 }, { HANDLE_LISTENER1, 0 }, { HANDLE_LISTENER1, 1 },
		{ HANDLE_LISTENER1, 2 }, { HANDLE_LISTENER1, 4 }, { HANDLE_LISTENER1, 8 },
		{ HANDLE_CURRENT_PROCESS1, 0 }, { HANDLE_CURRENT_PROCESS1, 1 },
		{ HANDLE_CURRENT_PROCESS1, 4 }, { HANDLE_CURRENT_PROCESS1, 12 },
	};
	unsigned int i;

	(void)state;
	assert_int_equal(attach(CLIENT), 0);
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		assert_int_equal(send(bare(CLIENT, calls[i][0], calls[i][1])), ERR(EUNSUPPORTED));
	/* Unknown methods of an unknown client too. */
	assert_int_equal(send(bare(99, HANDLE_LISTENER, 0)), ERR(EUNSUPPORTED));
	assert_int_equal(atomic_load(&dom.st.listener), 14);
}

static void unknown_client_is_ebadstate(void **state)
{
	(void)state;
	assert_int_equal(send(next2(CLIENT)), ERR(EBADSTATE));
	assert_int_equal(send(bare(CLIENT, HANDLE_LISTENER1, 5)), ERR(EBADSTATE));
	assert_int_equal(exit_call(CLIENT), ERR(EBADSTATE));
	assert_int_equal(send(next2(0)), ERR(EBADSTATE));
	assert_int_equal(send(next2(-3)), ERR(EBADSTATE));
	assert_int_equal(listener_waiting(&dom, CLIENT), 0);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(next2__waits_and_holds_up_nothing),
		T(exit__ends_the_waiting_next2_with_ebadstate),
		T(release__answers_the_waiting_next2_once_before_itself),
		T(listener_end__answers_each_waiting_call_once),
		T(domain_down__drops_the_waiting_next2),
		T(next2__at_most_16_wait_per_client),
		T(next2__wrong_shapes_are_ebadparm),
		T(get_in_bufs2__there_is_no_reverse_call),
		T(init2_exit_thread_exit__take_no_arguments),
		T(other_methods_are_eunsupported),
		T(unknown_client_is_ebadstate),
	};

	guard_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
