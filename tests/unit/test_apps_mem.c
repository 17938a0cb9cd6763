/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * apps_mem.c and dsplog.c: heap the DSP asks for (buffers allocated,
 * mapped, unmapped, freed with the listener) and its log records handed to
 * the program's callback, well-formed and malformed, through the
 * dispatcher without a thread and the kernel mocked.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "listener.h"
#include "fake_kernel.h"
#include "rpc_test.h"

struct fixture {
	struct fastrpc_device dev;
	struct fastrpc_session *s;
	struct fastrpc_listener *l;
	struct rq r;
	struct rpc_reply o;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	rt_device_init(&f->dev, rt_kernel);
	f->l = rt_listener(&f->dev, &f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	rt_device_fini(&f->dev, f->s, f->l);
	free(f);
	return 0;
}

/* request_map64 (rflags, len): its result, *vadsp the DSP address. */
static int map64(struct fixture *f, uint32_t h, uint32_t rflags, int64_t len, uint64_t *vadsp,
		 uint64_t *vapps)
{
	unsigned char in0[32] = { 0 };
	int ret;

	memset(&f->r, 0, sizeof(f->r));
	wr32(in0 + 8, rflags);
	wr64(in0 + 24, (uint64_t)len);
	rq_in(&f->r, in0, 32);
	rq_out(&f->r, 16);
	ret = rt_call(f->l, h, DRM_FASTRPC_SCALARS(2, 1, 1, 0, 0), &f->r, 1, &f->o);
	if (!ret) {
		*vapps = rd64(f->o.out[0]);
		*vadsp = rd64(f->o.out[0] + 8);
	}
	return ret;
}

static int unmap64(struct fixture *f, uint32_t h, uint64_t vadsp, int64_t len)
{
	unsigned char in0[16];

	memset(&f->r, 0, sizeof(f->r));
	wr64(in0, vadsp);
	wr64(in0 + 8, (uint64_t)len);
	rq_in(&f->r, in0, 16);
	return rt_call(f->l, h, DRM_FASTRPC_SCALARS(3, 1, 0, 0, 0), &f->r, 0, NULL);
}

static void request_map64__heap_is_mapped_as_heap_and_unmapped(void **state)
{
	struct fixture *f = *state;
	uint32_t h = rt_open(f->l, "apps_mem");
	uint64_t vadsp, vapps;

	assert_int_equal(map64(f, h, 4, 10000, &vadsp, &vapps), 0);
	assert_int_equal(vadsp, 0x50000000ull + (1ull << 24));
	assert_int_equal(vapps, 0);
	assert_int_equal(rt_k.map_flags, DRM_FASTRPC_MAP_HEAP);
	assert_int_equal(rt_k.map_size, 3 * 4096);
	assert_int_equal(unmap64(f, h, vadsp, 10000), 0);
	assert_int_equal(rt_k.unmaps, 1);
	assert_int_equal(rt_k.closes, 1);
	assert_int_equal(unmap64(f, h, vadsp, 10000), AEE_ENOSUCHMAP);
	/* Plain memory, shared with the host: a host address too. */
	assert_int_equal(map64(f, h, 0, 4096, &vadsp, &vapps), 0);
	assert_int_equal(rt_k.map_flags, 0);
	assert_true(vapps != 0);
}

static void request_map64__bad_requests(void **state)
{
	struct fixture *f = *state;
	uint32_t h = rt_open(f->l, "apps_mem");
	uint64_t vadsp, vapps;
	unsigned int i;

	assert_int_equal(map64(f, h, 4, 0, &vadsp, &vapps), AEE_EBADPARM);
	assert_int_equal(map64(f, h, 4, -4096, &vadsp, &vapps), AEE_EBADPARM);
	assert_int_equal(map64(f, h, 4, 1ll << 40, &vadsp, &vapps), AEE_ENOMEMORY);
	assert_int_equal(map64(f, h, 0x10000, 4096, &vadsp, &vapps), AEE_EUNSUPPORTED);
	/* The total is bounded. */
	for (i = 0; i < APPS_MEM_TOTAL_MAX / (64u << 20); i++)
		assert_int_equal(map64(f, h, 4, 64 << 20, &vadsp, &vapps), 0);
	assert_int_equal(map64(f, h, 4, 4096, &vadsp, &vapps), AEE_ENOMEMORY);
	/* The DSP refusing the map: the buffer goes. */
	assert_int_equal(unmap64(f, h, vadsp, 64 << 20), 0);
	rt_k.map_ret = -EINVAL;
	i = rt_k.closes;
	assert_int_equal(map64(f, h, 4, 4096, &vadsp, &vapps), AEE_EFAILED);
	assert_int_equal(rt_k.closes, i + 1);
	/* The wrong sc, in 0 too short, an unknown method. */
	memset(&f->r, 0, sizeof(f->r));
	rq_in(&f->r, "1234567890123456", 16);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(2, 1, 0, 0, 0), &f->r, 0, NULL),
			 AEE_EBADPARM);
	rq_out(&f->r, 16);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(2, 1, 1, 0, 0), &f->r, 1, NULL),
			 AEE_EBADPARM);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(4, 1, 1, 0, 0), &f->r, 1, NULL),
			 AEE_EUNSUPPORTED);
}

static void request_map__32_bit_forms(void **state)
{
	struct fixture *f = *state;
	uint32_t h = rt_open(f->l, "apps_mem");
	unsigned char in0[20] = { 0 };
	uint32_t vadsp;

	wr32(in0 + 8, 4);
	wr32(in0 + 16, 8192);
	rq_in(&f->r, in0, 20);
	rq_out(&f->r, 8);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(0, 1, 1, 0, 0), &f->r, 1, &f->o), 0);
	vadsp = rd32(f->o.out[0] + 4);
	assert_int_equal(vadsp, 0x51000000u);
	memset(&f->r, 0, sizeof(f->r));
	wr32(in0, vadsp);
	wr32(in0 + 4, 8192);
	rq_in(&f->r, in0, 8);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(1, 1, 0, 0, 0), &f->r, 0, NULL), 0);
	assert_int_equal(rt_k.unmaps, 1);
}

static void listener_free__frees_the_heap_it_mapped(void **state)
{
	struct fixture *f = *state;
	uint32_t h = rt_open(f->l, "apps_mem");
	uint64_t vadsp, vapps;

	assert_int_equal(map64(f, h, 4, 4096, &vadsp, &vapps), 0);
	assert_int_equal(map64(f, h, 0x1000, 4096, &vadsp, &vapps), 0);
	listener_free(f->l);
	f->l = NULL;
	assert_int_equal(rt_k.closes, 2);
	assert_null(f->dev.buffers);
}

/* A log record of adspmsgd_printf.c's layout. */
static void record(unsigned char *r, uint32_t level, uint16_t line, uint16_t tid,
		   const char *msg, size_t msg_len, const char *file, size_t file_len)
{
	memset(r, 0, 256);
	wr32(r, level);
	r[4] = line;
	r[5] = line >> 8;
	r[6] = tid;
	r[7] = tid >> 8;
	memcpy(r + 8, msg, msg_len);
	memcpy(r + 226, file, file_len);
}

static int log_call(struct fixture *f, uint32_t h, const unsigned char *recs, uint32_t len,
		    uint32_t said)
{
	unsigned char in0[4];

	memset(&f->r, 0, sizeof(f->r));
	wr32(in0, said);
	rq_in(&f->r, in0, 4);
	rq_in(&f->r, recs, len);
	return rt_call(f->l, h, DRM_FASTRPC_SCALARS(0, 2, 0, 0, 0), &f->r, 0, NULL);
}

static void adspmsgd_log__records_to_the_callback(void **state)
{
	struct fixture *f = *state;
	uint32_t h = rt_open(f->l, "adspmsgd_apps");
	static unsigned char recs[3 * 256];
	char full[218];

	record(recs, FASTRPC_LOG_ERROR, 42, 7, "sum=6\n", 6, "calc.c", 6);
	/* Text and file filling their fields, no NUL; a level beyond FATAL. */
	memset(full, 'x', sizeof(full));
	record(recs + 256, 9, 65535, 1, full, sizeof(full), "abcdefghijabcdefghijabcdefghij", 30);
	assert_int_equal(log_call(f, h, recs, 512, 512), 0);
	assert_int_equal(rt_logs.n, 2);
	assert_int_equal(rt_logs.last.level, FASTRPC_LOG_FATAL);
	assert_int_equal(rt_logs.last.line, 65535);
	assert_int_equal(rt_logs.last.thread_id, 1);
	assert_int_equal(strlen(rt_logs.message), 218);
	assert_string_equal(rt_logs.file, "abcdefghijabcdefghijabcdefghij");
	/* The first one, alone. */
	assert_int_equal(log_call(f, h, recs, 256, 256), 0);
	assert_int_equal(rt_logs.last.level, FASTRPC_LOG_ERROR);
	assert_int_equal(rt_logs.last.line, 42);
	assert_int_equal(rt_logs.last.thread_id, 7);
	assert_string_equal(rt_logs.message, "sum=6");
	assert_string_equal(rt_logs.file, "calc.c");
	assert_int_equal(rt_logs.n, 3);
}

static void adspmsgd_log__malformed_records(void **state)
{
	struct fixture *f = *state;
	uint32_t h = rt_open(f->l, "adspmsgd_apps");
	static unsigned char recs[3 * 256];

	record(recs, FASTRPC_LOG_LOW, 1, 1, "one", 3, "", 0);
	record(recs + 256, FASTRPC_LOG_LOW, 2, 1, "two", 3, "", 0);
	/* A part of a record after whole ones: those are logged, the call refused. */
	assert_int_equal(log_call(f, h, recs, 300, 300), AEE_EBADPARM);
	assert_int_equal(rt_logs.n, 1);
	/* A length beyond the buffer, and zero. */
	assert_int_equal(log_call(f, h, recs, 256, 512), AEE_EBADPARM);
	assert_int_equal(log_call(f, h, recs, 0, 0), 0);
	assert_int_equal(rt_logs.n, 1);
	/* The wrong sc, an unknown method. */
	memset(&f->r, 0, sizeof(f->r));
	rq_in(&f->r, "\0\0\0\0", 4);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(0, 1, 0, 0, 0), &f->r, 0, NULL),
			 AEE_EBADPARM);
	assert_int_equal(rt_call(f->l, h, DRM_FASTRPC_SCALARS(1, 1, 0, 0, 0), &f->r, 0, NULL),
			 AEE_EUNSUPPORTED);
	/* With no callback, lines are dropped. */
	f->l->log_fn = NULL;
	assert_int_equal(log_call(f, h, recs, 256, 256), 0);
	assert_int_equal(rt_logs.n, 1);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(request_map64__heap_is_mapped_as_heap_and_unmapped),
		T(request_map64__bad_requests),
		T(request_map__32_bit_forms),
		T(listener_free__frees_the_heap_it_mapped),
		T(adspmsgd_log__records_to_the_callback),
		T(adspmsgd_log__malformed_records),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
