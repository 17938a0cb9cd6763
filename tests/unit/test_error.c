/* SPDX-License-Identifier: GPL-2.0-or-later */
/* error.c: DSP error names, and the sentences of fastrpc_strerror(). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

static void fastrpc_strerror__eremoteio_names_the_code_and_its_meaning(void **state)
{
	char buf[256];

	(void)state;
	assert_ptr_equal(fastrpc_strerror(-EREMOTEIO, AEE_DSP_ERR(AEE_EBADPARM), buf,
					  sizeof(buf)), buf);
	assert_string_equal(buf, "the method failed on the DSP: AEE_EBADPARM (0x8000040e), "
			    "a parameter is not valid for this method");
	fastrpc_strerror(-EREMOTEIO, AEE_DSP_ERR(AEE_ENOSUCHMOD), buf, sizeof(buf));
	assert_string_equal(buf, "the method failed on the DSP: AEE_ENOSUCHMOD (0x8000043e), "
			    "the DSP has no such module (skeleton)");
}

static void fastrpc_strerror__eremoteio_code_without_meaning(void **state)
{
	char buf[256];

	(void)state;
	fastrpc_strerror(-EREMOTEIO, (int32_t)0x8000041a, buf, sizeof(buf));
	assert_string_equal(buf, "the method failed on the DSP: AEE_EALREADY (0x8000041a)");
}

static void fastrpc_strerror__eremoteio_unnamed_code(void **state)
{
	char buf[256];

	(void)state;
	fastrpc_strerror(-EREMOTEIO, (int32_t)0x80000427, buf, sizeof(buf));
	assert_string_equal(buf, "the method failed on the DSP: unknown DSP error (0x80000427)");
	fastrpc_strerror(-EREMOTEIO, -1, buf, sizeof(buf));
	assert_string_equal(buf, "the method failed on the DSP: unknown DSP error (0xffffffff)");
}

static void fastrpc_strerror__known_errnos(void **state)
{
	static const struct {
		int err;
		const char *text;
	} known[] = {
		{ -ENOENT, "no such FastRPC domain, node or file" },
		{ -EACCES, "permission denied (the node's group, or the privilege the driver asks for attaches and system processes)" },
		{ -EPERM, "permission denied (the node's group, or the privilege the driver asks for attaches and system processes)" },
		{ -ENODEV, "the DSP is not there (it went down, or the driver was unbound): open the domain again once it is back" },
		{ -ECONNRESET, "the DSP went away during the call (it crashed or restarted)" },
		{ -ECONNREFUSED, "the DSP refused to start the process (a shell it cannot load, or a signed-code rule)" },
		{ -ENOEXEC, "not a shell ELF a DSP can load" },
		{ -EFBIG, "the shell is larger than the driver takes" },
		{ -EBUSY, "busy: the device already holds a session, or no session slot is free" },
		{ -EXDEV, "the buffer belongs to another device or interface: export it and import it where it is used" },
		{ -EOPNOTSUPP, "this interface or driver does not support it" },
		{ -EINTR, "interrupted by a signal (the method may have run on the DSP)" },
		{ -ETIMEDOUT, "the DSP did not answer in time" },
		{ 0, "success" },
	};
	char buf[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		/* retval matters with -EREMOTEIO only. */
		fastrpc_strerror(known[i].err, AEE_DSP_ERR(AEE_EBADPARM), buf, sizeof(buf));
		assert_string_equal(buf, known[i].text);
	}
}

static void fastrpc_strerror__other_errnos_are_strerror(void **state)
{
	char buf[256];

	(void)state;
	fastrpc_strerror(-EINVAL, 0, buf, sizeof(buf));
	assert_string_equal(buf, strerror(EINVAL));
	fastrpc_strerror(-ENOSPC, 0, buf, sizeof(buf));
	assert_string_equal(buf, strerror(ENOSPC));
	fastrpc_strerror(-E2BIG, 0, buf, sizeof(buf));
	assert_string_equal(buf, strerror(E2BIG));
	fastrpc_strerror(-4000, 0, buf, sizeof(buf));
	assert_string_equal(buf, strerror(4000));
}

static void fastrpc_strerror__truncates_into_a_small_buffer(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, '#', sizeof(buf));
	fastrpc_strerror(-ECONNRESET, 0, buf, sizeof(buf));
	assert_string_equal(buf, "the DSP");
	fastrpc_strerror(-EREMOTEIO, AEE_DSP_ERR(AEE_EBADPARM), buf, sizeof(buf));
	assert_string_equal(buf, "the met");
	fastrpc_strerror(-EINVAL, 0, buf, 1);
	assert_string_equal(buf, "");
}

static void fastrpc_strerror__no_room_writes_nothing(void **state)
{
	char buf[4] = "abc";

	(void)state;
	assert_ptr_equal(fastrpc_strerror(-EINVAL, 0, buf, 0), buf);
	assert_string_equal(buf, "abc");
	assert_null(fastrpc_strerror(-EINVAL, 0, NULL, 16));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fastrpc_dsp_strerror__zero_is_success),
		cmocka_unit_test(fastrpc_dsp_strerror__names_the_lab_codes),
		cmocka_unit_test(fastrpc_dsp_strerror__names_the_raw_value),
		cmocka_unit_test(fastrpc_dsp_strerror__unknown_codes),
		cmocka_unit_test(fastrpc_strerror__eremoteio_names_the_code_and_its_meaning),
		cmocka_unit_test(fastrpc_strerror__eremoteio_code_without_meaning),
		cmocka_unit_test(fastrpc_strerror__eremoteio_unnamed_code),
		cmocka_unit_test(fastrpc_strerror__known_errnos),
		cmocka_unit_test(fastrpc_strerror__other_errnos_are_strerror),
		cmocka_unit_test(fastrpc_strerror__truncates_into_a_small_buffer),
		cmocka_unit_test(fastrpc_strerror__no_room_writes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
