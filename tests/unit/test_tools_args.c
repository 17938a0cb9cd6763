/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tools/common: number and SPEC parsing, the output layer, usage exits. */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tools-common.h"

static void parse_u32__accepts_decimal_and_hex(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(parse_u32("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_u32("4294967295", &v), 0);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(parse_u32("0x10", &v), 0);
	assert_int_equal(v, 16);
	assert_int_equal(parse_u32("0XfF", &v), 0);
	assert_int_equal(v, 255);
	/* A leading zero is not octal. */
	assert_int_equal(parse_u32("010", &v), 0);
	assert_int_equal(v, 10);
}

static void parse_u32__rejects_what_is_not_a_number(void **state)
{
	static const char *const bad[] = {
		"", " 1", "1 ", "-1", "+1", "1x", "0x", "0x-1", "x10", "1.5", "abc",
	};
	uint32_t v = 7;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(parse_u32(bad[i], &v), -EINVAL);
	assert_int_equal(parse_u32(NULL, &v), -EINVAL);
	assert_int_equal(v, 7);
}

static void parse_u32__out_of_range_is_erange(void **state)
{
	uint32_t v;

	(void)state;
	assert_int_equal(parse_u32("4294967296", &v), -ERANGE);
	assert_int_equal(parse_u32("0x100000000", &v), -ERANGE);
	assert_int_equal(parse_u32("99999999999999999999999", &v), -ERANGE);
}

static void parse_u64__takes_the_full_range(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("0xffffffffffffffff", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(parse_u64("18446744073709551616", &v), -ERANGE);
	assert_int_equal(parse_u64("-0", &v), -EINVAL);
}

static void assert_spec(const char *spec, const void *bytes, size_t len)
{
	struct spec_buf buf;
	const char *why;

	assert_int_equal(parse_spec(spec, &buf, &why), 0);
	assert_int_equal(buf.len, len);
	if (len)
		assert_memory_equal(buf.data, bytes, len);
	spec_buf_free(&buf);
}

static void assert_bad_spec(const char *spec, int err, const char *reason)
{
	struct spec_buf buf;
	const char *why = NULL;

	assert_int_equal(parse_spec(spec, &buf, &why), err);
	assert_string_equal(why, reason);
	assert_null(buf.data);
	assert_int_equal(buf.len, 0);
}

static void parse_spec__hex(void **state)
{
	(void)state;
	assert_spec("hex:0a0b0c", "\x0a\x0b\x0c", 3);
	assert_spec("hex:DEADbeef", "\xde\xad\xbe\xef", 4);
	assert_spec("hex:", NULL, 0);
	assert_bad_spec("hex:abc", -EINVAL, "hex: odd number of digits");
	assert_bad_spec("hex:0g", -EINVAL, "hex: not a hex digit");
	assert_bad_spec("hex:0x01", -EINVAL, "hex: not a hex digit");
}

static void parse_spec__str_has_no_nul(void **state)
{
	(void)state;
	assert_spec("str:hello", "hello", 5);
	assert_spec("str:a:b,c", "a:b,c", 5);
	assert_spec("str:", NULL, 0);
}

static void parse_spec__words_are_little_endian(void **state)
{
	(void)state;
	assert_spec("u32:1,0x02030405", "\x01\0\0\0\x05\x04\x03\x02", 8);
	assert_spec("u32:4294967295", "\xff\xff\xff\xff", 4);
	assert_spec("u64:1,2", "\x01\0\0\0\0\0\0\0\x02\0\0\0\0\0\0\0", 16);
	assert_bad_spec("u32:4294967296", -ERANGE, "value out of range");
	assert_bad_spec("u32:1,,2", -EINVAL, "not a number (decimal or 0x hex)");
	assert_bad_spec("u32:", -EINVAL, "not a number (decimal or 0x hex)");
	assert_bad_spec("u64:1,-2", -EINVAL, "not a number (decimal or 0x hex)");
	assert_bad_spec("u64:18446744073709551616", -ERANGE, "value out of range");
}

static void parse_spec__file_reads_the_bytes(void **state)
{
	char path[] = "/tmp/test_tools_args.XXXXXX";
	unsigned char bytes[10000];
	char spec[64];
	size_t i;
	int fd;

	(void)state;
	for (i = 0; i < sizeof(bytes); i++)
		bytes[i] = i * 7;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, sizeof(bytes)), sizeof(bytes));
	close(fd);
	snprintf(spec, sizeof(spec), "file:%s", path);
	assert_spec(spec, bytes, sizeof(bytes));
	unlink(path);
	assert_spec("file:/dev/null", NULL, 0);
	assert_bad_spec("file:/nonexistent/input", -ENOENT, strerror(ENOENT));
}

static void parse_spec__unknown_kind_is_einval(void **state)
{
	static const char why[] = "unknown kind (use hex:, str:, file:, u32: or u64:)";

	(void)state;
	assert_bad_spec("hex", -EINVAL, why);
	assert_bad_spec("nope:1", -EINVAL, why);
	assert_bad_spec("he:00", -EINVAL, why);
	assert_bad_spec("hexx:00", -EINVAL, why);
	assert_bad_spec(":00", -EINVAL, why);
}

/* Run @fn in a child and return its exit status, its stderr in @err. */
static int exit_status_of(void (*fn)(void), char *err, size_t size)
{
	int pipefd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(pipefd[1], STDERR_FILENO);
		fn();
		_exit(100);
	}
	close(pipefd[1]);
	while (len < size - 1 && (n = read(pipefd[0], err + len, size - 1 - len)) > 0)
		len += n;
	err[len] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void bad_method(void)
{
	tool_init("/usr/bin/fastrpc-run");
	opt_u32("-m", "32", 31);
}

static void bad_handle(void)
{
	tool_init("fastrpc-run");
	opt_u32("-H", "0x", UINT32_MAX);
}

static void opt_u32__bad_value_exits_2_with_the_reason(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(exit_status_of(bad_method, err, sizeof(err)), EXIT_USAGE);
	assert_string_equal(err, "fastrpc-run: invalid -m '32': more than 31\n"
			    "try: fastrpc-run --help\n");
	assert_int_equal(exit_status_of(bad_handle, err, sizeof(err)), EXIT_USAGE);
	assert_string_equal(err, "fastrpc-run: invalid -H '0x': not a number (decimal or 0x hex)\n"
			    "try: fastrpc-run --help\n");
}

static void opt_u32__good_value_is_returned(void **state)
{
	(void)state;
	assert_int_equal(opt_u32("-m", "31", 31), 31);
	assert_int_equal(opt_u32("-H", "0x10", UINT32_MAX), 16);
}

/* The same calls in both modes: the command code has no "if (json)". */
static void emit(void)
{
	print_string("domain", "domain %s\n", "cdsp");
	print_uint("id", "id %" PRIu64 "\n", 3);
	print_uint(NULL, "text only %" PRIu64 "\n", 1);
	print_int("retval", NULL, -5);
	print_bool("secure", "secure %s\n", false);
	print_open_array("words");
	print_uint("word", "%" PRIu64, 1);
	print_uint("word", " %" PRIu64, 2);
	print_close_array();
	print_string(NULL, "%s", "\n");
	print_open_array("outputs");
	print_open_object("output");
	print_uint("size", NULL, 8);
	print_close_object();
	print_close_array();
}

static char *capture(bool json)
{
	size_t size;
	char *text;
	FILE *f;

	f = open_memstream(&text, &size);
	assert_non_null(f);
	output_init(f, json);
	emit();
	assert_int_equal(output_finish(), 0);
	fclose(f);
	return text;
}

static void output__text_mode_prints_the_formats(void **state)
{
	char *text = capture(false);

	(void)state;
	assert_string_equal(text, "domain cdsp\nid 3\ntext only 1\nsecure no\n1 2\n");
	free(text);
}

static void output__json_mode_builds_one_document(void **state)
{
	char *text = capture(true);

	(void)state;
	assert_string_equal(text,
			    "{\"domain\":\"cdsp\",\"id\":3,\"retval\":-5,\"secure\":false,"
			    "\"words\":[1,2],\"outputs\":[{\"size\":8}]}\n");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_u32__accepts_decimal_and_hex),
		cmocka_unit_test(parse_u32__rejects_what_is_not_a_number),
		cmocka_unit_test(parse_u32__out_of_range_is_erange),
		cmocka_unit_test(parse_u64__takes_the_full_range),
		cmocka_unit_test(parse_spec__hex),
		cmocka_unit_test(parse_spec__str_has_no_nul),
		cmocka_unit_test(parse_spec__words_are_little_endian),
		cmocka_unit_test(parse_spec__file_reads_the_bytes),
		cmocka_unit_test(parse_spec__unknown_kind_is_einval),
		cmocka_unit_test(opt_u32__bad_value_exits_2_with_the_reason),
		cmocka_unit_test(opt_u32__good_value_is_returned),
		cmocka_unit_test(output__text_mode_prints_the_formats),
		cmocka_unit_test(output__json_mode_builds_one_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
