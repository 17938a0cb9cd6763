/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc_dsp_strerror(): DSP error names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libfastrpc.h>

#include "shell_proto.h"

static void fastrpc_dsp_strerror__zero_is_success(void **state)
{
	(void)state;
	assert_string_equal(fastrpc_dsp_strerror(0), "success");
}

static void fastrpc_dsp_strerror__names_the_lab_codes(void **state)
{
	(void)state;
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_EFAILED)), "AEE_EFAILED");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_ENOMEMORY)), "AEE_ENOMEMORY");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_EBADSTATE)), "AEE_EBADSTATE");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_EBADPARM)), "AEE_EBADPARM");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_EUNSUPPORTED)),
			    "AEE_EUNSUPPORTED");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_ENOSUCHMOD)), "AEE_ENOSUCHMOD");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_ECONNREFUSED)),
			    "AEE_ECONNREFUSED");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_EINTERRUPTED)),
			    "AEE_EINTERRUPTED");
	assert_string_equal(fastrpc_dsp_strerror(AEE_DSP_ERR(AEE_ENOSUCHPROCESS)),
			    "AEE_ENOSUCHPROCESS");
}

static void fastrpc_dsp_strerror__names_the_raw_value(void **state)
{
	(void)state;
	assert_string_equal(fastrpc_dsp_strerror((int32_t)0x8000040e), "AEE_EBADPARM");
	assert_string_equal(fastrpc_dsp_strerror((int32_t)0x80000600), "AEE_ERPC");
}

static void fastrpc_dsp_strerror__unknown_codes(void **state)
{
	(void)state;
	assert_string_equal(fastrpc_dsp_strerror((int32_t)0x80000400), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror((int32_t)0x80000427), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror((int32_t)0x80001000), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror((int32_t)0x800003ff), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror(-1), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror(14), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror(INT32_MIN), "unknown DSP error");
	assert_string_equal(fastrpc_dsp_strerror(INT32_MAX), "unknown DSP error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fastrpc_dsp_strerror__zero_is_success),
		cmocka_unit_test(fastrpc_dsp_strerror__names_the_lab_codes),
		cmocka_unit_test(fastrpc_dsp_strerror__names_the_raw_value),
		cmocka_unit_test(fastrpc_dsp_strerror__unknown_codes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
