// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What vdspd keeps per client: the DSP mappings and their addresses, the
 * holds of a DSP process on handles, where a process's memory request
 * lands, and how answers misbehave on request (the plan, the counting
 * down, the late duplicate on the main loop's timer).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "fakeram.h"
#include "shell_proto.h"

#define MB		(1ull << 20)
#define PAGE		FASTRPC_PAGE_SIZE

static struct cstate *new_cstate(void)
{
	struct cstate *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->id = 1;
	s->next_vaddr = VDSPD_VADDR_FIRST;
	return s;
}

static void free_cstate(struct cstate *s)
{
	cstate_drop_memory(s);
	assert_null(s->maps);
	assert_int_equal(s->nmaps, 0);
	assert_null(s->holds);
	free(s);
}

static void maps_add__page_aligned_addresses_from_0x20000000(void **state)
{
	struct cstate *s = new_cstate();
	uint64_t a, b, c;

	(void)state;
	assert_int_equal(maps_add(s, RAM_BASE, PAGE, -1, &a), 0);
	assert_int_equal(maps_add(s, RAM_BASE, 3 * PAGE, 7, &b), 0);
	assert_int_equal(maps_add(s, RAM_BASE + PAGE, PAGE, 7, &c), 0);
	/* In steps of 64 KiB, qemu-hexagon-static's page. */
	assert_int_equal(a, 0x20000000);
	assert_int_equal(b, a + 0x10000);
	assert_int_equal(c, b + 0x10000);
	assert_int_equal(s->nmaps, 3);
	free_cstate(s);
}

static void maps_add__refuses_ranges_that_are_not_pages(void **state)
{
	struct cstate *s = new_cstate();
	uint64_t v;

	(void)state;
	assert_int_equal(maps_add(s, RAM_BASE, 0, -1, &v), AEE_EBADPARM);
	assert_int_equal(maps_add(s, RAM_BASE, 100, -1, &v), AEE_EBADPARM);
	assert_int_equal(maps_add(s, RAM_BASE + 8, PAGE, -1, &v), AEE_EBADPARM);
	assert_int_equal(s->nmaps, 0);
	free_cstate(s);
}

/* An address comes back only when the space runs out, and never while mapped. */
static void maps_add__no_reuse_while_mapped(void **state)
{
	struct cstate *s = new_cstate();
	uint64_t a, b, c, d, e;

	(void)state;
	assert_int_equal(maps_add(s, RAM_BASE, 1024 * MB, -1, &a), 0);
	assert_int_equal(maps_add(s, RAM_BASE, 1024 * MB, -1, &b), 0);
	assert_int_equal(maps_remove(s, -1, a, 1024 * MB), 0);
	/* Freed, but not reused while there is room further up. */
	assert_int_equal(maps_add(s, RAM_BASE, 1024 * MB, -1, &c), 0);
	assert_int_equal(c, b + 1024 * MB);
	/* 0x20000000 + 3 GiB = 0xe0000000: 512 MiB are left above. */
	assert_int_equal(maps_add(s, RAM_BASE, 512 * MB, -1, &d), 0);
	assert_int_equal(d, 0xe0000000);
	/* Now only the hole where a was fits. */
	assert_int_equal(maps_add(s, RAM_BASE, 1024 * MB, -1, &e), 0);
	assert_int_equal(e, a);
	assert_int_equal(maps_add(s, RAM_BASE, PAGE, -1, &e), AEE_ENOMEMORY);
	assert_int_equal(maps_remove(s, -1, b, 1024 * MB), 0);
	assert_int_equal(maps_add(s, RAM_BASE, 2 * PAGE, -1, &e), 0);
	assert_int_equal(e, b);
	free_cstate(s);
}

static void maps_add__bounded_per_client(void **state)
{
	struct cstate *s = new_cstate();
	uint64_t v;
	unsigned int i;

	(void)state;
	for (i = 0; i < VDSPD_MAX_MAPS; i++)
		assert_int_equal(maps_add(s, RAM_BASE, PAGE, 1, &v), 0);
	assert_int_equal(maps_add(s, RAM_BASE, PAGE, 1, &v), AEE_ENOMEMORY);
	assert_int_equal(maps_remove(s, 1, v, PAGE), 0);
	assert_int_equal(maps_add(s, RAM_BASE, PAGE, 1, &v), 0);
	free_cstate(s);
}

/* Unmaps name a mapping exactly: address, size, and fd (-1 for mmap). */
static void maps_remove__exact_match_only(void **state)
{
	struct cstate *s = new_cstate();
	uint64_t heap, mm;

	(void)state;
	assert_int_equal(maps_add(s, RAM_BASE, 2 * PAGE, -1, &heap), 0);
	assert_int_equal(maps_add(s, RAM_BASE, 2 * PAGE, 3, &mm), 0);
	assert_int_equal(maps_remove(s, -1, heap, PAGE), AEE_EBADPARM);
	assert_int_equal(maps_remove(s, -1, heap + PAGE, PAGE), AEE_EBADPARM);
	assert_int_equal(maps_remove(s, 3, heap, 2 * PAGE), AEE_EBADPARM);
	assert_int_equal(maps_remove(s, -1, mm, 2 * PAGE), AEE_EBADPARM);
	assert_int_equal(maps_remove(s, 4, mm, 2 * PAGE), AEE_EBADPARM);
	assert_int_equal(maps_remove(s, 3, mm, 2 * PAGE), 0);
	assert_int_equal(maps_remove(s, 3, mm, 2 * PAGE), AEE_EBADPARM);
	assert_int_equal(maps_remove(s, -1, heap, 2 * PAGE), 0);
	assert_int_equal(s->nmaps, 0);
	free_cstate(s);
}

static void maps_find__inside_one_mapping_only(void **state)
{
	struct cstate *s = new_cstate();
	uint64_t a, b;

	(void)state;
	assert_int_equal(maps_add(s, RAM_BASE, PAGE, -1, &a), 0);
	assert_int_equal(maps_add(s, RAM_BASE + 4 * PAGE, PAGE, 2, &b), 0);
	assert_int_equal(b, a + 0x10000);	/* the next 64 KiB step */
	assert_non_null(maps_find(s, a, PAGE));
	assert_non_null(maps_find(s, a + PAGE - 1, 1));
	assert_null(maps_find(s, a + PAGE - 1, 2));	/* across two mappings */
	assert_null(maps_find(s, a - 1, 1));
	assert_null(maps_find(s, b + PAGE, 1));
	assert_null(maps_find(s, b, UINT64_MAX));
	assert_null(maps_find(s, UINT64_MAX, 2));
	free_cstate(s);
}

static struct hdl hdl(int32_t fd, uint64_t addr, uint64_t size)
{
	struct hdl h = { .fd = fd, .offset = 0, .len = 8, .addr = addr, .size = size };

	return h;
}

/* One hold per call that passed the fd, one less per release. */
static void holds__counted_per_fd(void **state)
{
	struct cstate *s = new_cstate();
	struct hdl a = hdl(3, RAM_BASE, PAGE), b = hdl(4, RAM_BASE + PAGE, 2 * PAGE);

	(void)state;
	assert_int_equal(holds_take(s, &a), 0);
	assert_int_equal(holds_take(s, &a), 0);
	assert_int_equal(holds_take(s, &b), 0);
	assert_int_equal(s->nholds, 2);
	assert_int_equal(holds_find(s, 3)->holds, 2);
	assert_int_equal(holds_put(s, 3), 0);
	assert_non_null(holds_find(s, 3));
	assert_int_equal(holds_put(s, 3), 0);
	assert_null(holds_find(s, 3));
	assert_int_equal(holds_put(s, 3), AEE_EBADPARM);
	assert_int_equal(holds_put(s, 5), AEE_EBADPARM);
	assert_int_equal(s->nholds, 1);
	free_cstate(s);
}

static void holds__the_latest_buffer_counts(void **state)
{
	struct cstate *s = new_cstate();
	struct hdl a = hdl(3, RAM_BASE, PAGE), a2 = hdl(3, RAM_BASE + 8 * PAGE, 4 * PAGE);

	(void)state;
	assert_int_equal(holds_take(s, &a), 0);
	assert_int_equal(holds_take(s, &a2), 0);
	assert_int_equal(holds_find(s, 3)->addr, RAM_BASE + 8 * PAGE);
	assert_int_equal(holds_find(s, 3)->size, 4 * PAGE);
	free_cstate(s);
}

static void holds__bounded_per_client(void **state)
{
	struct cstate *s = new_cstate();
	struct hdl h;
	int32_t fd;

	(void)state;
	for (fd = 1; fd <= VDSPD_MAX_HOLDS; fd++) {
		h = hdl(fd, RAM_BASE, PAGE);
		assert_int_equal(holds_take(s, &h), 0);
	}
	h = hdl(fd, RAM_BASE, PAGE);
	assert_int_equal(holds_take(s, &h), AEE_ENOMEMORY);
	h = hdl(1, RAM_BASE, PAGE);		/* another hold on a held fd */
	assert_int_equal(holds_take(s, &h), 0);
	free_cstate(s);
}

/* Where a process's request lands: a mapping by DSP address, a handle by offset. */
static void mem_resolve__mappings_and_handles(void **state)
{
	struct cstate *s = new_cstate();
	struct hdl h = hdl(9, RAM_BASE + 16 * PAGE, 2 * PAGE);
	uint64_t v, phys = 0;

	(void)state;
	assert_int_equal(maps_add(s, RAM_BASE + 4 * PAGE, 2 * PAGE, 5, &v), 0);
	assert_int_equal(holds_take(s, &h), 0);

	assert_int_equal(mem_resolve(s, 0, v + 100, 50, &phys), 0);
	assert_int_equal(phys, RAM_BASE + 4 * PAGE + 100);
	assert_int_equal(mem_resolve(s, 0, v, 2 * PAGE, &phys), 0);
	assert_int_equal(mem_resolve(s, 0, v + 1, 2 * PAGE, &phys), AEE_EBADPARM);
	assert_int_equal(mem_resolve(s, 0, v - 1, 2, &phys), AEE_EBADPARM);
	assert_int_equal(mem_resolve(s, 0, v, 0, &phys), AEE_EBADPARM);

	assert_int_equal(mem_resolve(s, 9, PAGE + 10, 20, &phys), 0);
	assert_int_equal(phys, RAM_BASE + 17 * PAGE + 10);
	assert_int_equal(mem_resolve(s, 9, 0, 2 * PAGE, &phys), 0);
	assert_int_equal(mem_resolve(s, 9, 2 * PAGE, 1, &phys), AEE_EBADPARM);
	assert_int_equal(mem_resolve(s, 9, 1, UINT64_MAX, &phys), AEE_EBADPARM);
	assert_int_equal(mem_resolve(s, 9, UINT64_MAX, 2, &phys), AEE_EBADPARM);
	/* The mem map's fd is not a handle; nor is an fd not held, or a huge one. */
	assert_int_equal(mem_resolve(s, 5, 0, 1, &phys), AEE_EBADPARM);
	assert_int_equal(mem_resolve(s, 8, 0, 1, &phys), AEE_EBADPARM);
	assert_int_equal(mem_resolve(s, 0x80000009u, 0, 1, &phys), AEE_EBADPARM);

	assert_int_equal(holds_put(s, 9), 0);
	assert_int_equal(mem_resolve(s, 9, 0, 1, &phys), AEE_EBADPARM);
	free_cstate(s);
}

static void cstate_drop_memory__keeps_counts_and_misbehaviour(void **state)
{
	struct cstate *s = new_cstate();
	struct hdl h = hdl(9, RAM_BASE, PAGE);
	struct call_count *k = calloc(1, sizeof(*k));
	uint64_t v;

	(void)state;
	assert_non_null(k);
	k->calls = 3;
	s->counts = k;
	s->bad_mode = LAB_MISBEHAVE_TWICE;
	s->bad_count = 2;
	assert_int_equal(maps_add(s, RAM_BASE, PAGE, -1, &v), 0);
	assert_int_equal(holds_take(s, &h), 0);
	cstate_drop_memory(s);
	assert_null(s->maps);
	assert_null(s->holds);
	assert_ptr_equal(s->counts, k);
	assert_int_equal(s->bad_count, 2);
	free(k);
	free(s);
}

/* ---- misbehaviour ---------------------------------------------------------- */

#define CTX	0x123456789abcd5a1ull	/* sequence, id 0x5a, PD 1 */

static void misbehave_plan__each_mode(void **state)
{
	struct send_step st[MAX_SEND_STEPS];

	(void)state;
	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_OFF, CTX, st), 1);
	assert_int_equal(st[0].kind, SEND_ANSWER);
	assert_int_equal(st[0].ctx, CTX);
	assert_int_equal(st[0].delay_ms, 0);

	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_UNKNOWN_CTX, CTX, st), 2);
	assert_int_equal(st[0].ctx & CTX_PD_MASK, CTX & CTX_PD_MASK);
	assert_int_not_equal(st[0].ctx & CTX_ID_MASK, CTX & CTX_ID_MASK);
	assert_int_not_equal(st[0].ctx >> CTX_SEQ_SHIFT, CTX >> CTX_SEQ_SHIFT);
	assert_int_equal(st[1].ctx, CTX);

	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_TWICE, CTX, st), 2);
	assert_int_equal(st[0].ctx, CTX);
	assert_int_equal(st[1].ctx, CTX);
	assert_int_equal(st[1].delay_ms, 0);

	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_LATE_DUP, CTX, st), 2);
	assert_int_equal(st[0].delay_ms, 0);
	assert_int_equal(st[1].delay_ms, 200);
	assert_int_equal(st[1].ctx, CTX);

	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_TRUNCATED, CTX, st), 2);
	assert_int_equal(st[0].kind, SEND_TRUNCATED);
	assert_int_equal(st[1].kind, SEND_ANSWER);

	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_NEVER, CTX, st), 0);

	assert_int_equal(misbehave_plan(LAB_MISBEHAVE_LOW_CTX, CTX, st), 1);
	assert_int_equal(st[0].kind, SEND_ANSWER);
	assert_int_equal(st[0].ctx, CTX & 0xfff);
	assert_int_equal(st[0].delay_ms, 0);
}

/* Whatever the upper bits hold, the unknown context differs in id and sequence. */
static void misbehave_plan__unknown_ctx_for_any_ctx(void **state)
{
	static const uint64_t ctxs[] = { 0, 0xf, 0xff0, ~0ull, 1ull << 63, 0x5a0 };
	struct send_step st[MAX_SEND_STEPS];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(ctxs) / sizeof(ctxs[0]); i++) {
		misbehave_plan(LAB_MISBEHAVE_UNKNOWN_CTX, ctxs[i], st);
		assert_int_equal(st[0].ctx & CTX_PD_MASK, ctxs[i] & CTX_PD_MASK);
		assert_int_not_equal(st[0].ctx & CTX_ID_MASK, ctxs[i] & CTX_ID_MASK);
		assert_int_not_equal(st[0].ctx >> CTX_SEQ_SHIFT, ctxs[i] >> CTX_SEQ_SHIFT);
	}
}

static int peer_fd;

static int edge_setup(void **state)
{
	static struct domain d;

	fr_setup();
	fr_domain_init(&d, &peer_fd);
	*state = &d;
	return 0;
}

static int edge_teardown(void **state)
{
	fr_domain_fini(*state, peer_fd);
	fr_teardown();
	return 0;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void edge_send__each_mode_on_the_wire(void **state)
{
	struct domain *d = *state;
	struct fastrpc_invoke_rsp rsp;
	uint8_t raw[32];

	edge_send(d, CTX, 5, LAB_MISBEHAVE_OFF);
	assert_int_equal(fr_answer(peer_fd, CTX), 5);
	fr_no_answer(peer_fd);

	edge_send(d, CTX, 6, LAB_MISBEHAVE_TWICE);
	assert_int_equal(fr_answer(peer_fd, CTX), 6);
	assert_int_equal(fr_answer(peer_fd, CTX), 6);
	fr_no_answer(peer_fd);

	edge_send(d, CTX, 7, LAB_MISBEHAVE_UNKNOWN_CTX);
	assert_int_equal(fr_recv(peer_fd, &rsp, sizeof(rsp)), sizeof(rsp));
	assert_int_not_equal(rsp.ctx, CTX);
	assert_int_equal(rsp.retval, 7);
	assert_int_equal(fr_answer(peer_fd, CTX), 7);

	edge_send(d, CTX, 8, LAB_MISBEHAVE_TRUNCATED);
	assert_int_equal(fr_recv(peer_fd, raw, sizeof(raw)), 4);
	assert_memory_equal(raw, &(uint64_t){ CTX }, 4);
	assert_int_equal(fr_answer(peer_fd, CTX), 8);

	edge_send(d, CTX, 9, LAB_MISBEHAVE_NEVER);
	fr_no_answer(peer_fd);
	assert_int_equal(atomic_load(&d->st.misbehaved), 4);
	assert_int_equal(atomic_load(&d->st.answered), 6);	/* not the truncated one */
}

/* The duplicate waits for the main loop's timer; sending it early does nothing. */
static void edge_send__late_duplicate_after_200ms(void **state)
{
	struct domain *d = *state;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	edge_send(d, CTX, 3, LAB_MISBEHAVE_LATE_DUP);
	edge_send(d, CTX + 0x10, 4, LAB_MISBEHAVE_LATE_DUP);
	assert_int_equal(fr_answer(peer_fd, CTX), 3);
	assert_int_equal(fr_answer(peer_fd, CTX + 0x10), 4);
	assert_int_equal(edge_timer_pending(d), 2);
	edge_timer_run();			/* not due yet */
	fr_no_answer(peer_fd);
	sleep_ms(210);
	edge_timer_run();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 200);
	assert_int_equal(fr_answer(peer_fd, CTX), 3);
	assert_int_equal(fr_answer(peer_fd, CTX + 0x10), 4);
	fr_no_answer(peer_fd);
	assert_int_equal(edge_timer_pending(d), 0);
	assert_int_equal(atomic_load(&d->st.late_sent), 2);
}

/* A DOWN in between: the duplicate would reach a driver that never sent the call. */
static void edge_send__late_duplicate_dropped_by_down(void **state)
{
	struct domain *d = *state;

	edge_send(d, CTX, 3, LAB_MISBEHAVE_LATE_DUP);
	assert_int_equal(fr_answer(peer_fd, CTX), 3);
	atomic_fetch_add(&d->gen, 1);		/* as domain_down() does */
	sleep_ms(210);
	edge_timer_run();
	fr_no_answer(peer_fd);
	assert_int_equal(edge_timer_pending(d), 0);

	edge_send(d, CTX, 3, LAB_MISBEHAVE_LATE_DUP);
	assert_int_equal(fr_answer(peer_fd, CTX), 3);
	edge_timer_drop(d);
	assert_int_equal(edge_timer_pending(d), 0);
}

/* The next count answers to the client misbehave; others' do not. */
static void answer__counts_the_misbehaviour_down(void **state)
{
	struct domain *d = *state;
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, 5);
	s->bad_mode = LAB_MISBEHAVE_TWICE;
	s->bad_count = 2;
	pthread_mutex_unlock(&d->clients_lock);

	answer(d, 6, CTX, 0);			/* another client */
	assert_int_equal(fr_answer(peer_fd, CTX), 0);
	fr_no_answer(peer_fd);
	answer(d, 0, CTX, 0);			/* a kernel call */
	assert_int_equal(fr_answer(peer_fd, CTX), 0);
	fr_no_answer(peer_fd);
	for (int i = 0; i < 2; i++) {
		answer(d, 5, CTX, 1);
		assert_int_equal(fr_answer(peer_fd, CTX), 1);
		assert_int_equal(fr_answer(peer_fd, CTX), 1);
	}
	answer(d, 5, CTX, 2);
	assert_int_equal(fr_answer(peer_fd, CTX), 2);
	fr_no_answer(peer_fd);
	assert_int_equal(s->bad_count, 0);
}

/* What a process may read and write, and what it is refused (and counted). */
static void client_mem__checks_then_copies(void **state)
{
	struct domain *d = *state;
	struct hdl h = hdl(4, SPARE + 8 * PAGE, PAGE);
	uint8_t buf[16];
	uint64_t v;
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, 5);
	assert_int_equal(maps_add(s, SPARE, 2 * PAGE, 3, &v), 0);
	assert_int_equal(holds_take(s, &h), 0);
	pthread_mutex_unlock(&d->clients_lock);

	memcpy(buf, "0123456789abcdef", 16);
	assert_int_equal(client_mem(d, 5, SHELL_MEM_WRITE, 0, v + PAGE - 8, buf, 16), 0);
	assert_memory_equal(fr_at(SPARE + PAGE - 8), "0123456789abcdef", 16);
	memset(buf, 0, sizeof(buf));
	assert_int_equal(client_mem(d, 5, SHELL_MEM_READ, 0, v + PAGE - 8, buf, 16), 0);
	assert_memory_equal(buf, "0123456789abcdef", 16);
	assert_int_equal(client_mem(d, 5, SHELL_MEM_WRITE, 4, PAGE - 16, buf, 16), 0);
	assert_memory_equal(fr_at(SPARE + 9 * PAGE - 16), "0123456789abcdef", 16);

	assert_int_equal(client_mem(d, 5, SHELL_MEM_READ, 0, v + 2 * PAGE - 8, buf, 16),
			 AEE_EBADPARM);
	assert_int_equal(client_mem(d, 5, SHELL_MEM_READ, 4, PAGE - 8, buf, 16), AEE_EBADPARM);
	assert_int_equal(client_mem(d, 6, SHELL_MEM_READ, 0, v, buf, 16), AEE_EBADPARM);
	assert_int_equal(client_mem(d, 5, SHELL_MEM_READ, 3, 0, buf, 16), AEE_EBADPARM);
	assert_int_equal(atomic_load(&d->st.mem_ok), 3);
	assert_int_equal(atomic_load(&d->st.mem_refused), 4);

	/* Released, then the client's memory dropped: nothing is reachable. */
	assert_int_equal(client_release(d, 5, 4), 0);
	assert_int_equal(client_release(d, 5, 4), AEE_EBADPARM);
	assert_int_equal(client_mem(d, 5, SHELL_MEM_READ, 4, 0, buf, 1), AEE_EBADPARM);
	cstate_drop(d, 5);
	assert_int_equal(client_mem(d, 5, SHELL_MEM_READ, 0, v, buf, 1), AEE_EBADPARM);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maps_add__page_aligned_addresses_from_0x20000000),
		cmocka_unit_test(maps_add__refuses_ranges_that_are_not_pages),
		cmocka_unit_test(maps_add__no_reuse_while_mapped),
		cmocka_unit_test(maps_add__bounded_per_client),
		cmocka_unit_test(maps_remove__exact_match_only),
		cmocka_unit_test(maps_find__inside_one_mapping_only),
		cmocka_unit_test(holds__counted_per_fd),
		cmocka_unit_test(holds__the_latest_buffer_counts),
		cmocka_unit_test(holds__bounded_per_client),
		cmocka_unit_test(mem_resolve__mappings_and_handles),
		cmocka_unit_test(cstate_drop_memory__keeps_counts_and_misbehaviour),
		cmocka_unit_test(misbehave_plan__each_mode),
		cmocka_unit_test(misbehave_plan__unknown_ctx_for_any_ctx),
		cmocka_unit_test_setup_teardown(edge_send__each_mode_on_the_wire, edge_setup,
						edge_teardown),
		cmocka_unit_test_setup_teardown(edge_send__late_duplicate_after_200ms, edge_setup,
						edge_teardown),
		cmocka_unit_test_setup_teardown(edge_send__late_duplicate_dropped_by_down,
						edge_setup, edge_teardown),
		cmocka_unit_test_setup_teardown(answer__counts_the_misbehaviour_down, edge_setup,
						edge_teardown),
		cmocka_unit_test_setup_teardown(client_mem__checks_then_copies, edge_setup,
						edge_teardown),
	};

	guard_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
