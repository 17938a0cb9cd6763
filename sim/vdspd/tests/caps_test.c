// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Handle 2, the capability table (caps.c): the defaults per domain, the
 * --cap and --no-caps options, and the query as the upstream driver sends
 * it through dispatch(), with each malformed variant refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fakeram.h"
#include "shell_proto.h"

#define ERR(code)	AEE_DSP_ERR(AEE_##code)
#define N_UPSTREAM	255	/* what fastrpc_get_info_from_dsp asks for */

static struct domain dom;
static int peer;
static uint64_t seq;

static int setup(void **state)
{
	(void)state;
	caps_reset();
	fr_fixture_up(&dom, &peer);
	snprintf(dom.name, sizeof(dom.name), "cdsp");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fr_fixture_down(&dom, peer);
	return 0;
}

static uint32_t cap(const char *domain, uint32_t id)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(caps_get(domain, id, &v), 0);
	return v;
}

/*
 * The query: in 0 (@inlen bytes, starting with @n), out 0 of @outlen
 * bytes, copied to @out.  @sc as given (SC_MAKE(0, 1, 1) upstream).
 */
static int32_t query(uint32_t sc, uint32_t n, uint32_t inlen, uint32_t outlen, uint32_t *out)
{
	unsigned int nin = SC_INBUFS(sc), nout = SC_OUTBUFS(sc), i;
	uint32_t in[2] = { n, 0 };
	uint64_t o = 0;
	struct fr_payload p;
	struct fastrpc_msg m;
	int32_t ret;

	fr_payload_init(&p, PAY, nin + nout + SC_INHANDLES(sc));
	for (i = 0; i < nin; i++)
		fr_buf(&p, i, in, inlen);
	for (i = 0; i < nout; i++)
		o = fr_buf(&p, nin + i, NULL, outlen);
	for (i = 0; i < SC_INHANDLES(sc); i++)
		fr_handle(&p, nin + nout + i, 20, 0, 8, SPARE, FASTRPC_PAGE_SIZE);
	if (nout)
		memset(fr_at(o), 0xa5, outlen);
	seq++;
	/* A kernel call for a process that never attached: pid 1234. */
	m = fr_msg(1234, (seq << CTX_SEQ_SHIFT) | (seq & 0xff) << 4, HANDLE_UTILS, sc, &p);
	dispatch(&dom, &m, sizeof(m));
	ret = fr_answer(peer, m.ctx);
	if (out && nout)
		memcpy(out, fr_at(o), outlen);
	return ret;
}

/* ---- the tables -------------------------------------------------------------- */

static void caps_get__compute_dsps_look_like_v68_with_hvx(void **state)
{
	static const char *const compute[] = { "cdsp", "cdsp1" };
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(cap(compute[i], 0), 0);
		assert_int_equal(cap(compute[i], 1), 1);		/* unsigned PD */
		assert_int_equal(cap(compute[i], 2), 0);		/* HVX 64B */
		assert_int_equal(cap(compute[i], 3), 4);		/* HVX 128B */
		assert_int_equal(cap(compute[i], 4), 4u << 20);	/* VTCM page */
		assert_int_equal(cap(compute[i], 5), 1);		/* VTCM pages */
		assert_int_equal(cap(compute[i], 6), 0x68);	/* arch */
		assert_int_equal(cap(compute[i], 7), 0);		/* HMX */
		assert_int_equal(cap(compute[i], 9), 0);		/* async */
		assert_int_equal(cap(compute[i], 10), 0);	/* notifications */
		assert_int_equal(cap(compute[i], 129), 0);
		assert_int_equal(cap(compute[i], 131), 0);
		assert_int_equal(cap(compute[i], 255), 0);
	}
}

static void caps_get__unsigned_pds_only_on_compute_dsps(void **state)
{
	static const char *const others[] = { "adsp", "mdsp", "sdsp", "gdsp0", "gdsp1" };
	unsigned int i;

	(void)state;
	for (i = 0; i < 5; i++) {
		assert_int_equal(cap(others[i], 1), 0);
		assert_int_equal(cap(others[i], 3), 0);
		assert_int_equal(cap(others[i], 4), 0);
		assert_int_not_equal(cap(others[i], 6), 0);
	}
	assert_int_equal(cap("adsp", 6), 0x68);
	assert_int_equal(cap("gdsp0", 6), 0x73);
}

static void caps_get__unknown_domain_or_id_is_einval(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(caps_get("test", 1, &v), -EINVAL);
	assert_int_equal(caps_get("cdsp2", 1, &v), -EINVAL);
	assert_int_equal(caps_get("cdsp", 256, &v), -EINVAL);
}

/* ---- the options --------------------------------------------------------------- */

static void caps_option__sets_one_attribute_of_one_domain(void **state)
{
	(void)state;
	assert_null(caps_option("cdsp:3=2"));
	assert_null(caps_option("cdsp:0x10=0xFFFFFFFF"));
	assert_null(caps_option("adsp:255=7"));
	assert_null(caps_option("sdsp:9=010"));		/* decimal, not octal */
	assert_null(caps_option("gdsp1:0X80=0xaB"));
	assert_int_equal(cap("cdsp", 3), 2);
	assert_int_equal(cap("cdsp", 16), 0xffffffffu);
	assert_int_equal(cap("adsp", 255), 7);
	assert_int_equal(cap("sdsp", 9), 10);
	assert_int_equal(cap("gdsp1", 128), 0xab);
	assert_int_equal(cap("cdsp1", 3), 4);		/* the other DSP keeps its own */
	caps_reset();
	assert_int_equal(cap("cdsp", 3), 4);
}

static void caps_option__refuses_what_is_not_domain_id_value(void **state)
{
	static const char *const bad[] = {
		"cdsp", "cdsp:3", "cdsp=3:1", ":3=1", "xdsp:3=1", "averyveryverylongname:3=1",
		"cdsp:0=1", "cdsp:256=1", "cdsp:-1=1", "cdsp:+3=1", "cdsp:=1", "cdsp:0x=1",
		"cdsp:3=", "cdsp:3=0x", "cdsp:3=4294967296", "cdsp:3=0x100000000", "cdsp:3=12abc",
		"cdsp:3= 1", "cdsp:3=+1", "cdsp:3=-1", "cdsp:3=1.5", "cdsp:3=0xg", "CDSP:3=1",
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (!caps_option(bad[i]))
			fail_msg("--cap %s was accepted", bad[i]);
	}
	assert_string_equal(caps_option("xdsp:3=1"), "unknown domain");
	assert_string_equal(caps_option("cdsp:0=1"), "ID is not 1 to 255");
	assert_int_equal(cap("cdsp", 3), 4);
}

static void caps_disable__the_domain_has_no_table(void **state)
{
	uint32_t v;

	(void)state;
	assert_null(caps_disable("adsp"));
	assert_int_equal(caps_get("adsp", 6, &v), -EOPNOTSUPP);
	assert_int_equal(cap("cdsp", 6), 0x68);
	assert_string_equal(caps_disable("modem"), "unknown domain");
}

/* ---- the query ------------------------------------------------------------------ */

/* Word i of the output is attribute i + 1: attribute 0 is the kernel's. */
static void caps_call__upstream_query_gets_attributes_1_to_255(void **state)
{
	uint32_t out[N_UPSTREAM];
	unsigned int i;

	(void)state;
	assert_null(caps_option("cdsp:255=0x12345678"));
	assert_int_equal(query(SC_MAKE(0, 1, 1), N_UPSTREAM, 4, sizeof(out), out), 0);
	for (i = 0; i < N_UPSTREAM; i++)
		assert_int_equal(out[i], cap("cdsp", i + 1));
	assert_int_equal(out[0], 1);
	assert_int_equal(out[2], 4);
	assert_int_equal(out[5], 0x68);
	assert_int_equal(out[254], 0x12345678);
	assert_int_equal(atomic_load(&dom.st.util_calls), 1);
}

static void caps_call__fewer_attributes_into_a_larger_buffer(void **state)
{
	uint32_t out[20];

	(void)state;
	assert_int_equal(query(SC_MAKE(0, 1, 1), 10, 4, sizeof(out), out), 0);
	assert_int_equal(out[2], 4);
	assert_int_equal(out[9], 0);
	assert_int_equal(out[10], 0xa5a5a5a5);	/* past n: untouched */
	assert_int_equal(query(SC_MAKE(0, 1, 1), 1, 4, 4, out), 0);
	assert_int_equal(out[0], 1);
}

static void caps_call__refuses_each_malformed_query(void **state)
{
	(void)state;
	assert_int_equal(query(SC_MAKE(0, 1, 1), 0, 4, 1020, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1), 256, 4, 1024, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1), 0xffffffff, 4, 1020, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1), 10, 4, 39, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1), N_UPSTREAM, 4, 1016, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1), 10, 8, 40, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1), 10, 2, 40, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 2, 1), 10, 4, 40, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 2), 10, 4, 40, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 0), 10, 4, 0, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 0, 1), 10, 0, 40, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(0, 1, 1) | 1u << 4, 10, 4, 40, NULL), ERR(EBADPARM));
	assert_int_equal(query(SC_MAKE(1, 1, 1), 10, 4, 40, NULL), ERR(EUNSUPPORTED));
	assert_int_equal(query(SC_MAKE(31, 0, 0), 0, 0, 0, NULL), ERR(EUNSUPPORTED));
	assert_int_equal(atomic_load(&dom.st.util_calls), 14);
}

static void caps_call__no_caps_domain_answers_eunsupported(void **state)
{
	(void)state;
	assert_null(caps_disable("cdsp"));
	assert_int_equal(query(SC_MAKE(0, 1, 1), N_UPSTREAM, 4, 1020, NULL), ERR(EUNSUPPORTED));
	/* What the upstream driver turns into -EOPNOTSUPP. */
	assert_int_equal(ERR(EUNSUPPORTED), (int32_t)0x80000414);
	snprintf(dom.name, sizeof(dom.name), "cdsp1");
	assert_int_equal(query(SC_MAKE(0, 1, 1), N_UPSTREAM, 4, 1020, NULL), 0);
	/* A domain vdspd has no table for. */
	snprintf(dom.name, sizeof(dom.name), "test");
	assert_int_equal(query(SC_MAKE(0, 1, 1), N_UPSTREAM, 4, 1020, NULL), ERR(EUNSUPPORTED));
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(caps_get__compute_dsps_look_like_v68_with_hvx),
		T(caps_get__unsigned_pds_only_on_compute_dsps),
		T(caps_get__unknown_domain_or_id_is_einval),
		T(caps_option__sets_one_attribute_of_one_domain),
		T(caps_option__refuses_what_is_not_domain_id_value),
		T(caps_disable__the_domain_has_no_table),
		T(caps_call__upstream_query_gets_attributes_1_to_255),
		T(caps_call__fewer_attributes_into_a_larger_buffer),
		T(caps_call__refuses_each_malformed_query),
		T(caps_call__no_caps_domain_answers_eunsupported),
	};

	guard_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
