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
#include <unistd.h>
#include <cmocka.h>

#include "tool_test.h"
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
	assert_bad_spec("u32:4294967296", -ERANGE, "u32: out of range (0 to 4294967295)");
	assert_bad_spec("u32:1,,2", -EINVAL, "u32: not a number (decimal or 0x hex)");
	assert_bad_spec("u32:", -EINVAL, "u32: not a number (decimal or 0x hex)");
	assert_bad_spec("u64:1,-2", -EINVAL, "u64: not a number (decimal or 0x hex)");
	assert_bad_spec("u64:18446744073709551616", -ERANGE,
			"u64: out of range (0 to 18446744073709551615)");
}

static void parse_spec__arrays_of_every_integer_width(void **state)
{
	(void)state;
	assert_spec("u8:0,255,0x7f", "\x00\xff\x7f", 3);
	assert_spec("u16:1,0xfffe", "\x01\x00\xfe\xff", 4);
	assert_spec("u64:0xffffffffffffffff", "\xff\xff\xff\xff\xff\xff\xff\xff", 8);
	assert_spec("i8:-1,127,-128,-0", "\xff\x7f\x80\x00", 4);
	assert_spec("i16:-2,0x7fff", "\xfe\xff\xff\x7f", 4);
	assert_spec("i32:-2147483648,-0x10", "\x00\x00\x00\x80\xf0\xff\xff\xff", 8);
	assert_spec("i64:-9223372036854775808",
		    "\x00\x00\x00\x00\x00\x00\x00\x80", 8);
	assert_spec("i64:9223372036854775807",
		    "\xff\xff\xff\xff\xff\xff\xff\x7f", 8);
}

static void parse_spec__integers_are_range_checked(void **state)
{
	(void)state;
	assert_bad_spec("u8:256", -ERANGE, "u8: out of range (0 to 255)");
	assert_bad_spec("u8:1,0x100", -ERANGE, "u8: out of range (0 to 255)");
	assert_bad_spec("u16:65536", -ERANGE, "u16: out of range (0 to 65535)");
	assert_bad_spec("i8:128", -ERANGE, "i8: out of range (-128 to 127)");
	assert_bad_spec("i8:-129", -ERANGE, "i8: out of range (-128 to 127)");
	assert_bad_spec("i8:0xff", -ERANGE, "i8: out of range (-128 to 127)");
	assert_bad_spec("i16:-32769", -ERANGE, "i16: out of range (-32768 to 32767)");
	assert_bad_spec("i32:2147483648", -ERANGE,
			"i32: out of range (-2147483648 to 2147483647)");
	assert_bad_spec("i64:-9223372036854775809", -ERANGE,
			"i64: out of range (-9223372036854775808 to 9223372036854775807)");
	assert_bad_spec("i64:99999999999999999999", -ERANGE,
			"i64: out of range (-9223372036854775808 to 9223372036854775807)");
}

static void parse_spec__integers_are_decimal_or_hex(void **state)
{
	static const char i8_nan[] = "i8: not a number (decimal or 0x hex, - for negatives)";

	(void)state;
	assert_bad_spec("u8:-1", -EINVAL, "u8: not a number (decimal or 0x hex)");
	assert_bad_spec("u16:+1", -EINVAL, "u16: not a number (decimal or 0x hex)");
	assert_bad_spec("u8:1.0", -EINVAL, "u8: not a number (decimal or 0x hex)");
	assert_bad_spec("u8: 1", -EINVAL, "u8: not a number (decimal or 0x hex)");
	assert_bad_spec("i8:--1", -EINVAL, i8_nan);
	assert_bad_spec("i8:-", -EINVAL, i8_nan);
	assert_bad_spec("i8:1,", -EINVAL, i8_nan);
	assert_bad_spec("i16:x", -EINVAL,
			"i16: not a number (decimal or 0x hex, - for negatives)");
	assert_bad_spec("i32:1e3", -EINVAL,
			"i32: not a number (decimal or 0x hex, - for negatives)");
	assert_bad_spec("i64:-+1", -EINVAL,
			"i64: not a number (decimal or 0x hex, - for negatives)");
}

static void parse_spec__floats_are_little_endian_ieee754(void **state)
{
	(void)state;
	/* 1.5f = 0x3fc00000, -2.25f = 0xc0100000, 1.0 = 0x3ff0000000000000. */
	assert_spec("f32:1.5,-2.25", "\x00\x00\xc0\x3f\x00\x00\x10\xc0", 8);
	assert_spec("f64:1", "\x00\x00\x00\x00\x00\x00\xf0\x3f", 8);
	assert_spec("f32:0x1p4", "\x00\x00\x80\x41", 4);
	assert_spec("f32:inf,-inf", "\x00\x00\x80\x7f\x00\x00\x80\xff", 8);
	assert_spec("f64:-0", "\x00\x00\x00\x00\x00\x00\x00\x80", 8);
	/* Underflow is no error: the value is as close as the type gets. */
	assert_spec("f32:1e-50", "\x00\x00\x00\x00", 4);
}

static void parse_spec__floats_are_checked(void **state)
{
	(void)state;
	assert_bad_spec("f32:1e39", -ERANGE, "f32: out of range (magnitude above 3.40282347e+38)");
	assert_bad_spec("f32:-1e39", -ERANGE, "f32: out of range (magnitude above 3.40282347e+38)");
	assert_bad_spec("f64:1e309", -ERANGE,
			"f64: out of range (magnitude above 1.7976931348623157e+308)");
	assert_bad_spec("f32:abc", -EINVAL, "f32: not a number");
	assert_bad_spec("f32:1.5x", -EINVAL, "f32: not a number");
	assert_bad_spec("f32: 1", -EINVAL, "f32: not a number");
	assert_bad_spec("f32:", -EINVAL, "f32: not a number");
	assert_bad_spec("f64:1,,2", -EINVAL, "f64: not a number");
	assert_bad_spec("f64:1;2", -EINVAL, "f64: not a number");
}

static void spec_type_find__names_every_type(void **state)
{
	static const char *const names[] = {
		"u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "f32", "f64",
	};
	const struct spec_type *t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		t = spec_type_at(i);
		assert_non_null(t);
		assert_string_equal(t->name, names[i]);
		assert_ptr_equal(spec_type_find(names[i], strlen(names[i])), t);
		assert_int_equal(t->size, names[i][1] == '8' ? 1 : atoi(names[i] + 1) / 8);
		assert_int_equal(t->class, names[i][0] == 'u' ? SPEC_UINT :
				 names[i][0] == 'i' ? SPEC_INT : SPEC_FLOAT);
	}
	assert_null(spec_type_at(i));
	assert_ptr_equal(spec_type_find("u32:1", 3), spec_type_at(2));
	assert_null(spec_type_find("u3", 2));
	assert_null(spec_type_find("u128", 4));
	assert_null(spec_type_find("", 0));
}

static void spec_get__reads_little_endian_and_sign_extends(void **state)
{
	static const unsigned char b[] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	static const unsigned char f[] = { 0x00, 0x00, 0xc0, 0x3f };

	(void)state;
	assert_int_equal(spec_get_uint(spec_type_find("u8", 2), b), 0xfe);
	assert_int_equal(spec_get_uint(spec_type_find("u16", 3), b), 0xfffe);
	assert_true(spec_get_uint(spec_type_find("u64", 3), b) == UINT64_MAX - 1);
	assert_int_equal(spec_get_int(spec_type_find("i8", 2), b), -2);
	assert_int_equal(spec_get_int(spec_type_find("i16", 3), b), -2);
	assert_int_equal(spec_get_int(spec_type_find("i32", 3), b), -2);
	assert_int_equal(spec_get_int(spec_type_find("i64", 3), b), -2);
	assert_int_equal(spec_get_int(spec_type_find("i8", 2), f + 2), -64);
	assert_int_equal(spec_get_int(spec_type_find("i16", 3), f + 2), 0x3fc0);
	assert_true(spec_get_float(spec_type_find("f32", 3), f) == 1.5);
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
	assert_bad_spec("file:/tmp", -EISDIR, strerror(EISDIR));
	assert_bad_spec("file:", -ENOENT, strerror(ENOENT));
}

static void parse_spec__file_over_64_mib_is_efbig(void **state)
{
	char path[] = "/tmp/test_tools_args.XXXXXX";
	struct spec_buf buf;
	const char *why;
	char spec[64];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	/* Sparse: nothing is written but the size. */
	assert_int_equal(ftruncate(fd, SPEC_MAX_LEN + 1), 0);
	close(fd);
	snprintf(spec, sizeof(spec), "file:%s", path);
	assert_bad_spec(spec, -EFBIG, "file: larger than 64 MiB");
	/* 64 MiB itself is taken. */
	assert_int_equal(truncate(path, SPEC_MAX_LEN), 0);
	assert_int_equal(parse_spec(spec, &buf, &why), 0);
	assert_int_equal(buf.len, SPEC_MAX_LEN);
	spec_buf_free(&buf);
	unlink(path);
}

/* In a child: standard input is read once, by - or stdin: alike. */
static void stdin_once(void *arg)
{
	struct spec_buf buf;
	const char *why;

	(void)arg;
	if (parse_spec("-", &buf, &why) || buf.len != 5 || memcmp(buf.data, "a\0b\nc", 5))
		_exit(10);
	spec_buf_free(&buf);
	if (parse_spec("stdin:", &buf, &why) != -EBUSY ||
	    strcmp(why, "standard input is read once, and was already") || buf.data)
		_exit(11);
	if (parse_spec("-", &buf, &why) != -EBUSY)
		_exit(12);
	if (parse_spec("stdin:x", &buf, &why) != -EINVAL ||
	    strcmp(why, "stdin: takes nothing after the colon"))
		_exit(13);
	_exit(0);
}

static void stdin_kind(void *arg)
{
	struct spec_buf buf;
	const char *why;

	(void)arg;
	if (parse_spec("stdin:", &buf, &why) || buf.len != 5 || memcmp(buf.data, "a\0b\nc", 5))
		_exit(10);
	spec_buf_free(&buf);
	_exit(0);
}

/* Run @fn in a child whose standard input holds "a\0b\nc"; its exit status. */
static int with_stdin(void (*fn)(void *))
{
	char path[] = "/tmp/test_tools_args.XXXXXX", out[1];
	int fd, status;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "a\0b\nc", 5), 5);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	unlink(path);
	status = tt_child(fn, NULL, fd, 0, out, sizeof(out));
	close(fd);
	return status;
}

static void parse_spec__stdin_is_read_once(void **state)
{
	(void)state;
	assert_int_equal(with_stdin(stdin_once), 0);
	assert_int_equal(with_stdin(stdin_kind), 0);
}

static void parse_spec__unknown_kind_is_einval(void **state)
{
	static const char why[] = "unknown kind (use hex:, str:, file:, - or stdin:, or an array "
				  "u8: u16: u32: u64: i8: i16: i32: i64: f32: f64:)";

	(void)state;
	assert_bad_spec("hex", -EINVAL, why);
	assert_bad_spec("nope:1", -EINVAL, why);
	assert_bad_spec("he:00", -EINVAL, why);
	assert_bad_spec("hexx:00", -EINVAL, why);
	assert_bad_spec(":00", -EINVAL, why);
	assert_bad_spec("u128:1", -EINVAL, why);
	assert_bad_spec("U32:1", -EINVAL, why);
	assert_bad_spec("--", -EINVAL, why);
	assert_bad_spec("", -EINVAL, why);
}

static void bad_method(void *arg)
{
	(void)arg;
	tool_init("/usr/bin/fastrpc-run");
	opt_u32("-m", "32", 31);
}

static void bad_handle(void *arg)
{
	(void)arg;
	tool_init("fastrpc-run");
	opt_u32("-H", "0x", UINT32_MAX);
}

static void opt_u32__bad_value_exits_2_with_the_reason(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(tt_child(bad_method, NULL, -1, TT_STDERR, err, sizeof(err)), EXIT_USAGE);
	assert_string_equal(err, "fastrpc-run: invalid -m '32': more than 31\n"
			    "try: fastrpc-run --help\n");
	assert_int_equal(tt_child(bad_handle, NULL, -1, TT_STDERR, err, sizeof(err)), EXIT_USAGE);
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
		cmocka_unit_test(parse_spec__arrays_of_every_integer_width),
		cmocka_unit_test(parse_spec__integers_are_range_checked),
		cmocka_unit_test(parse_spec__integers_are_decimal_or_hex),
		cmocka_unit_test(parse_spec__floats_are_little_endian_ieee754),
		cmocka_unit_test(parse_spec__floats_are_checked),
		cmocka_unit_test(spec_type_find__names_every_type),
		cmocka_unit_test(spec_get__reads_little_endian_and_sign_extends),
		cmocka_unit_test(parse_spec__file_reads_the_bytes),
		cmocka_unit_test(parse_spec__file_over_64_mib_is_efbig),
		cmocka_unit_test(parse_spec__stdin_is_read_once),
		cmocka_unit_test(parse_spec__unknown_kind_is_einval),
		cmocka_unit_test(opt_u32__bad_value_exits_2_with_the_reason),
		cmocka_unit_test(opt_u32__good_value_is_returned),
		cmocka_unit_test(output__text_mode_prints_the_formats),
		cmocka_unit_test(output__json_mode_builds_one_document),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
