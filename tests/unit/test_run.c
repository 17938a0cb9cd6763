/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-run: OUTs and formats, a call's options, the script line
 * splitter and scripts, how results print; and the built tool against its
 * man page and bash completion.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "run.h"
#include "tool_test.h"

/* ---- OUTs and formats ---------------------------------------------- */

static void parse_out__bytes(void **state)
{
	struct out_spec o;
	const char *why;

	(void)state;
	assert_int_equal(parse_out("16", &o, &why), 0);
	assert_int_equal(o.kind, OUT_BYTES);
	assert_int_equal(o.len, 16);
	assert_null(o.type);
	assert_null(o.path);
	assert_int_equal(parse_out("0x10", &o, &why), 0);
	assert_int_equal(o.len, 16);
	assert_int_equal(parse_out("0", &o, &why), 0);
	assert_int_equal(o.len, 0);
	assert_int_equal(parse_out("67108864", &o, &why), 0);
	assert_int_equal(o.len, SPEC_MAX_LEN);
}

static void parse_out__typed_counts_elements(void **state)
{
	static const struct {
		const char *arg;
		const char *type;
		size_t len;
	} good[] = {
		{ "u8:3", "u8", 3 }, { "u16:3", "u16", 6 }, { "u32:4", "u32", 16 },
		{ "u64:2", "u64", 16 }, { "i8:1", "i8", 1 }, { "i16:0x2", "i16", 4 },
		{ "i32:1", "i32", 4 }, { "i64:1", "i64", 8 }, { "f32:3", "f32", 12 },
		{ "f64:0", "f64", 0 }, { "u64:8388608", "u64", SPEC_MAX_LEN },
	};
	struct out_spec o;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		assert_int_equal(parse_out(good[i].arg, &o, &why), 0);
		assert_int_equal(o.kind, OUT_TYPED);
		assert_string_equal(o.type->name, good[i].type);
		assert_int_equal(o.len, good[i].len);
		out_spec_free(&o);
	}
}

static void parse_out__file_size_follows_the_last_colon(void **state)
{
	struct out_spec o;
	const char *why;

	(void)state;
	assert_int_equal(parse_out("file:/tmp/x:8", &o, &why), 0);
	assert_int_equal(o.kind, OUT_FILE);
	assert_string_equal(o.path, "/tmp/x");
	assert_int_equal(o.len, 8);
	out_spec_free(&o);
	assert_int_equal(parse_out("file:/tmp/a:b:0x10", &o, &why), 0);
	assert_string_equal(o.path, "/tmp/a:b");
	assert_int_equal(o.len, 16);
	out_spec_free(&o);
	assert_null(o.path);
}

static void parse_out__bad_forms_say_why(void **state)
{
	static const char bytes_nan[] = "not a size (bytes, decimal or 0x hex)";
	static const char count_nan[] = "not a count (elements, decimal or 0x hex)";
	static const char unknown[] = "unknown kind (use N, TYPE:N with a type u8 u16 u32 "
				      "u64 i8 i16 i32 i64 f32 f64, or file:PATH:N)";
	static const struct {
		const char *arg;
		int err;
		const char *why;
	} bad[] = {
		{ "", -EINVAL, bytes_nan },
		{ "x", -EINVAL, bytes_nan },
		{ "-1", -EINVAL, bytes_nan },
		{ " 4", -EINVAL, bytes_nan },
		{ "4k", -EINVAL, bytes_nan },
		{ "67108865", -EFBIG, "larger than 64 MiB" },
		{ "99999999999999999999999", -EFBIG, "larger than 64 MiB" },
		{ "u32:", -EINVAL, count_nan },
		{ "u32:x", -EINVAL, count_nan },
		{ "u64:8388609", -EFBIG, "larger than 64 MiB" },
		{ "f32:0x4000000000000000", -EFBIG, "larger than 64 MiB" },
		{ "u33:4", -EINVAL, unknown },
		{ "hex:4", -EINVAL, unknown },
		{ ":4", -EINVAL, unknown },
		{ "file:/tmp/x", -EINVAL, "file: needs a size (file:PATH:N)" },
		{ "file::4", -EINVAL, "file: the path is empty (file:PATH:N)" },
		{ "file:/tmp/x:", -EINVAL, "file: not a size after the path (file:PATH:N)" },
		{ "file:/tmp/x:y", -EINVAL, "file: not a size after the path (file:PATH:N)" },
		{ "file:/tmp/x:67108865", -EFBIG, "larger than 64 MiB" },
	};
	struct out_spec o;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		why = NULL;
		assert_int_equal(parse_out(bad[i].arg, &o, &why), bad[i].err);
		assert_string_equal(why, bad[i].why);
		assert_null(o.path);
		assert_null(o.type);
	}
}

static void parse_format__hex_raw_and_every_type(void **state)
{
	struct format f;

	(void)state;
	assert_int_equal(parse_format("hex", &f), 0);
	assert_null(f.type);
	assert_false(f.raw);
	assert_int_equal(parse_format("raw", &f), 0);
	assert_true(f.raw);
	assert_int_equal(parse_format("i16", &f), 0);
	assert_string_equal(f.type->name, "i16");
	assert_false(f.raw);
	assert_int_equal(parse_format("f64", &f), 0);
	assert_string_equal(f.type->name, "f64");
	assert_int_equal(parse_format("HEX", &f), -EINVAL);
	assert_int_equal(parse_format("u32:", &f), -EINVAL);
	assert_int_equal(parse_format("", &f), -EINVAL);
}

/* ---- a call's options ----------------------------------------------- */

static void set(struct call *c, int opt, const char *arg)
{
	char err[RUN_ERR_MAX] = "";

	if (call_option(c, opt, arg, err))
		fail_msg("-%c '%s': %s", opt, arg ? arg : "", err);
}

static void call_option__fills_the_call(void **state)
{
	struct call c;

	(void)state;
	call_init(&c, 7);
	assert_int_equal(c.line, 7);
	assert_int_equal(c.repeat, 1);
	set(&c, 'k', "lab");
	set(&c, 'm', "31");
	set(&c, 'i', "hex:0a0b");
	set(&c, 'i', "u16:1");
	set(&c, 'o', "u32:2");
	set(&c, 'o', "file:/tmp/o:3");
	set(&c, 'f', "i8");
	set(&c, 'z', NULL);
	set(&c, 'r', "0x10");
	assert_string_equal(c.skel, "lab");
	assert_int_equal(c.method, 31);
	assert_true(c.have_method);
	assert_int_equal(c.n_in, 2);
	assert_memory_equal(c.in[0].data, "\x0a\x0b", 2);
	assert_memory_equal(c.in[1].data, "\x01\x00", 2);
	assert_int_equal(c.n_out, 2);
	assert_int_equal(c.out[0].len, 8);
	assert_string_equal(c.out[1].path, "/tmp/o");
	assert_string_equal(c.format.type->name, "i8");
	assert_true(c.zero_copy);
	assert_int_equal(c.repeat, 16);
	assert_true(c.have_repeat);
	/* The last -k wins. */
	set(&c, 'k', "other");
	assert_string_equal(c.skel, "other");
	call_free(&c);
	assert_null(c.skel);
	assert_null(c.in);
}

static void call_option__bad_values_say_why(void **state)
{
	static const struct {
		int opt;
		const char *arg;
		const char *err;
	} bad[] = {
		{ 'm', "32", "invalid -m '32': more than 31" },
		{ 'm', "two", "invalid -m 'two': not a number (decimal or 0x hex)" },
		{ 'H', "0x", "invalid -H '0x': not a number (decimal or 0x hex)" },
		{ 'H', "0x100000000", "invalid -H '0x100000000': more than 4294967295" },
		{ 'r', "0", "invalid -r '0': at least 1" },
		{ 'r', "1000001", "invalid -r '1000001': more than 1000000" },
		{ 'k', "", "invalid -k '': no skeleton name" },
		{ 'i', "hex:1", "invalid -i 'hex:1': hex: odd number of digits" },
		{ 'i', "nope", "invalid -i 'nope': unknown kind (use hex:, str:, file:, - or "
		  "stdin:, or an array u8: u16: u32: u64: i8: i16: i32: i64: f32: f64:)" },
		{ 'i', "file:/nonexistent",
		  "invalid -i 'file:/nonexistent': No such file or directory" },
		{ 'o', "u32:x", "invalid -o 'u32:x': not a count (elements, decimal or 0x hex)" },
		{ 'f', "u128", "invalid -f 'u128': use hex, raw, u8, u16, u32, u64, i8, i16, "
		  "i32, i64, f32 or f64" },
		{ 'd', "cdsp", "-d is not an option of a call" },
	};
	char err[RUN_ERR_MAX];
	struct call c;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		call_init(&c, 0);
		assert_int_not_equal(call_option(&c, bad[i].opt, bad[i].arg, err), 0);
		assert_string_equal(err, bad[i].err);
		assert_int_equal(c.n_in, 0);
		assert_int_equal(c.n_out, 0);
		call_free(&c);
	}
}

static void call_option__long_spec_is_cut_in_the_message(void **state)
{
	char spec[127], err[RUN_ERR_MAX];
	struct call c;

	(void)state;
	memset(spec, '0', sizeof(spec));
	memcpy(spec, "hex:", 4);
	spec[sizeof(spec) - 2] = 'g';
	spec[sizeof(spec) - 1] = '\0';
	call_init(&c, 0);
	assert_int_equal(call_option(&c, 'i', spec, err), -EINVAL);
	assert_string_equal(err, "invalid -i 'hex:000000000000000000000000000000000000000000"
			    "00000000000000...': hex: not a hex digit");
	call_free(&c);
}

static void call_option__256th_buffer_is_refused(void **state)
{
	char err[RUN_ERR_MAX];
	struct call c;
	unsigned int i;

	(void)state;
	call_init(&c, 0);
	for (i = 0; i < FASTRPC_MAX_BUFFERS; i++) {
		set(&c, 'i', "u8:1");
		set(&c, 'o', "1");
	}
	assert_int_equal(call_option(&c, 'i', "u8:1", err), -EINVAL);
	assert_string_equal(err, "more than 255 inputs (-i)");
	assert_int_equal(call_option(&c, 'o', "1", err), -EINVAL);
	assert_string_equal(err, "more than 255 outputs (-o)");
	assert_int_equal(c.n_in, 255);
	assert_int_equal(c.n_out, 255);
	assert_int_equal(c.in[254].data[0], 1);
	call_free(&c);
}

/* A call from @n option-argument pairs, and what call_check() says of it. */
static int check_of(char err[RUN_ERR_MAX], int n, ...)
{
	struct call c;
	va_list ap;
	int i, ret;

	call_init(&c, 0);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		int opt = va_arg(ap, int);

		set(&c, opt, va_arg(ap, const char *));
	}
	va_end(ap);
	ret = call_check(&c, err);
	call_free(&c);
	return ret;
}

static void call_check__a_call_needs_a_target_and_a_method(void **state)
{
	char err[RUN_ERR_MAX];

	(void)state;
	assert_int_equal(check_of(err, 2, 'H', "0x10", 'm', "2"), 0);
	assert_int_equal(check_of(err, 2, 'k', "lab", 'm', "2"), 0);
	assert_int_equal(check_of(err, 1, 'm', "2"), -EINVAL);
	assert_string_equal(err, "-k SKEL or -H HANDLE is required");
	assert_int_equal(check_of(err, 3, 'k', "lab", 'H', "1", 'm', "2"), -EINVAL);
	assert_string_equal(err, "-k and -H exclude each other: give one");
	assert_int_equal(check_of(err, 1, 'H', "1"), -EINVAL);
	assert_string_equal(err, "-m METHOD is required");
}

static void call_check__format_fits_the_outputs(void **state)
{
	static const char raw_one[] =
		"-f raw takes exactly one output for standard output (-o N or -o TYPE:N)";
	char err[RUN_ERR_MAX];

	(void)state;
	assert_int_equal(check_of(err, 5, 'H', "1", 'm', "2", 'o', "8", 'o', "u8:3",
				  'f', "u64"), 0);
	assert_int_equal(check_of(err, 4, 'H', "1", 'm', "2", 'o', "6", 'f', "u32"), -EINVAL);
	assert_string_equal(err, "-f u32: output 0 has 6 bytes, not a multiple of 4");
	assert_int_equal(check_of(err, 5, 'H', "1", 'm', "2", 'o', "4", 'o', "3", 'f', "f32"),
			 -EINVAL);
	assert_string_equal(err, "-f f32: output 1 has 3 bytes, not a multiple of 4");
	/* TYPE:N and file: outputs keep their own form. */
	assert_int_equal(check_of(err, 5, 'H', "1", 'm', "2", 'o', "u8:3", 'o', "file:/x:5",
				  'f', "u32"), 0);
	assert_int_equal(check_of(err, 4, 'H', "1", 'm', "2", 'o', "3", 'f', "raw"), 0);
	assert_int_equal(check_of(err, 4, 'H', "1", 'm', "2", 'o', "u32:3", 'f', "raw"), 0);
	assert_int_equal(check_of(err, 3, 'H', "1", 'm', "2", 'f', "raw"), -EINVAL);
	assert_string_equal(err, raw_one);
	assert_int_equal(check_of(err, 5, 'H', "1", 'm', "2", 'o', "3", 'o', "3", 'f', "raw"),
			 -EINVAL);
	assert_string_equal(err, raw_one);
	assert_int_equal(check_of(err, 4, 'H', "1", 'm', "2", 'o', "file:/x:3", 'f', "raw"),
			 -EINVAL);
	assert_string_equal(err, raw_one);
	assert_int_equal(check_of(err, 5, 'H', "1", 'm', "2", 'o', "3", 'f', "raw", 'r', "2"),
			 -EINVAL);
	assert_string_equal(err, "-f raw prints the output's bytes alone: no -r");
}

/* ---- the script line splitter --------------------------------------- */

/* Split @line; the words joined by '|'. */
static char *split(const char *line)
{
	static char joined[512];
	struct words w;
	const char *why;
	size_t i;

	if (split_line(line, strlen(line), &w, &why))
		fail_msg("'%s': %s", line, why);
	joined[0] = '\0';
	for (i = 0; i < w.n; i++) {
		if (i)
			strcat(joined, "|");
		strcat(joined, w.v[i]);
	}
	assert_null(w.v ? w.v[w.n] : NULL);
	words_free(&w);
	return joined;
}

static void split_line__blanks_separate_words(void **state)
{
	(void)state;
	assert_string_equal(split("-m 3"), "-m|3");
	assert_string_equal(split("  -k\tlab  -m  2 \r"), "-k|lab|-m|2");
	assert_string_equal(split(""), "");
	assert_string_equal(split(" \t "), "");
}

static void split_line__quotes_keep_what_they_hold(void **state)
{
	(void)state;
	assert_string_equal(split("-i 'str:a  b' -i \"str:c\td\""), "-i|str:a  b|-i|str:c\td");
	assert_string_equal(split("'a'\"b\"c"), "abc");
	assert_string_equal(split("'' x \"\""), "|x|");
	assert_string_equal(split("'a\"b' \"c'd\""), "a\"b|c'd");
	/* No expansions: $, ` and * are only characters. */
	assert_string_equal(split("\"$HOME\" `x` *"), "$HOME|`x`|*");
}

static void split_line__backslashes_escape(void **state)
{
	(void)state;
	assert_string_equal(split("str:a\\ b"), "str:a b");
	assert_string_equal(split("\\'x\\\" \\\\"), "'x\"|\\");
	/* Inside "...", only \" and \\ are escapes; inside '...' nothing is. */
	assert_string_equal(split("\"a\\\"b\\\\c\\n\""), "a\"b\\c\\n");
	assert_string_equal(split("'a\\' b"), "a\\|b");
}

static void split_line__hash_starts_a_comment_at_a_word(void **state)
{
	(void)state;
	assert_string_equal(split("# a comment"), "");
	assert_string_equal(split("   #indented"), "");
	assert_string_equal(split("-m 2 # the rest"), "-m|2");
	assert_string_equal(split("-m 2 #the rest"), "-m|2");
	assert_string_equal(split("str:a#b"), "str:a#b");
	assert_string_equal(split("'#x' \\#y"), "#x|#y");
}

static void split_line__errors_say_why(void **state)
{
	static const struct {
		const char *line;
		size_t len;
		const char *why;
	} bad[] = {
		{ "-i 'str:a", 9, "unterminated ' quote" },
		{ "-i \"str:a", 9, "unterminated \" quote" },
		{ "-i \"a\\\"", 7, "unterminated \" quote" },
		{ "-i str:a\\", 9, "a backslash ends the line (lines do not continue)" },
		{ "-m\0 2", 5, "a NUL byte" },
	};
	struct words w;
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(split_line(bad[i].line, bad[i].len, &w, &why), -EINVAL);
		assert_string_equal(why, bad[i].why);
		assert_null(w.v);
		assert_int_equal(w.n, 0);
	}
}

/* ---- scripts -------------------------------------------------------- */

static void script_parse__one_call_a_line(void **state)
{
	static const char text[] =
		"# a script\n"
		"-k lab -m 2\n"
		"\n"
		"-H 0x10 -m 3 -i 'str:a b' -o 3 -f u8 # echo\r\n"
		"   \t\n"
		"-k lab -m 12 -z -r 5 -i hex:00ff -o file:/tmp/x:2";
	char err[RUN_ERR_MAX];
	struct call *calls;
	unsigned int n;

	(void)state;
	assert_int_equal(script_parse(text, strlen(text), &calls, &n, err), 0);
	assert_int_equal(n, 3);
	assert_int_equal(calls[0].line, 2);
	assert_string_equal(calls[0].skel, "lab");
	assert_int_equal(calls[0].method, 2);
	assert_int_equal(calls[0].repeat, 1);
	assert_int_equal(calls[1].line, 4);
	assert_null(calls[1].skel);
	assert_int_equal(calls[1].handle, 0x10);
	assert_int_equal(calls[1].n_in, 1);
	assert_int_equal(calls[1].in[0].len, 3);
	assert_memory_equal(calls[1].in[0].data, "a b", 3);
	assert_string_equal(calls[1].format.type->name, "u8");
	assert_int_equal(calls[2].line, 6);
	assert_true(calls[2].zero_copy);
	assert_int_equal(calls[2].repeat, 5);
	assert_string_equal(calls[2].out[0].path, "/tmp/x");
	calls_free(calls, n);
}

static void script_parse__empty_script_has_no_calls(void **state)
{
	static const char text[] = "# nothing\n\n   \n";
	char err[RUN_ERR_MAX];
	struct call *calls;
	unsigned int n = 7;

	(void)state;
	assert_int_equal(script_parse(text, strlen(text), &calls, &n, err), 0);
	assert_int_equal(n, 0);
	calls_free(calls, n);
	assert_int_equal(script_parse("", 0, &calls, &n, err), 0);
	assert_int_equal(n, 0);
	calls_free(calls, n);
}

static void script_parse__bad_line_names_its_number(void **state)
{
	static const struct {
		const char *text;
		const char *err;
		int ret;
	} bad[] = {
		{ "-H 1 -m 2\n-H 1 -m 2\n-m 2\n-H 1 -m 2\n",
		  "line 3: -k SKEL or -H HANDLE is required", -EINVAL },
		{ "-H 1 -m 2\n-H 1 -m 2 -d cdsp\n",
		  "line 2: -d is not an option of a call: give it on the command line", -EINVAL },
		{ "-H 1 -m 2 --script x", "line 1: --script is not an option of a call: "
		  "give it on the command line", -EINVAL },
		{ "-H 1 -m 2 -j",
		  "line 1: -j is not an option of a call: give it on the command line", -EINVAL },
		{ "-H 1 -m 2 -h",
		  "line 1: -h is not an option of a call: give it on the command line", -EINVAL },
		{ "-H 1 -m 2 --heap 4", "line 1: --heap is not an option of a call: "
		  "give it on the command line", -EINVAL },
		{ "-H 1 -m 2 -f raw -o 4", "line 1: -f raw is not for scripts", -EINVAL },
		{ "-H 1 -m", "line 1: option '-m' needs an argument", -EINVAL },
		{ "-H 1 -m 2 --in", "line 1: option '--in' needs an argument", -EINVAL },
		{ "-H 1 -m 2 -x", "line 1: unknown option '-x'", -EINVAL },
		{ "-H 1 -m 2 -zx", "line 1: unknown option '-x'", -EINVAL },
		{ "-H 1 -m 2 --bogus", "line 1: unknown option '--bogus'", -EINVAL },
		{ "-H 1 -m 2 extra", "line 1: unexpected argument 'extra'", -EINVAL },
		{ "\n\n-H 1 -m 2 -i 'str:a\n", "line 3: unterminated ' quote", -EINVAL },
		{ "# one\n-H 1 -m 2 -i u8:300\n",
		  "line 2: invalid -i 'u8:300': u8: out of range (0 to 255)", -ERANGE },
		{ "-H 1 -m 2 -i file:/nonexistent",
		  "line 1: invalid -i 'file:/nonexistent': No such file or directory", -ENOENT },
		{ "-H 1 -m 32", "line 1: invalid -m '32': more than 31", -EINVAL },
		{ "-k lab -H 1 -m 2", "line 1: -k and -H exclude each other: give one", -EINVAL },
	};
	char err[RUN_ERR_MAX];
	struct call *calls;
	unsigned int n;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		n = 7;
		assert_int_equal(script_parse(bad[i].text, strlen(bad[i].text), &calls, &n, err),
				 bad[i].ret);
		assert_string_equal(err, bad[i].err);
		assert_null(calls);
		assert_int_equal(n, 0);
	}
}

/* ---- printing results ----------------------------------------------- */

static void float_text__shortest_that_reads_back(void **state)
{
	static const struct {
		double v;
		bool f32;
		const char *text;
	} cases[] = {
		{ 1.5, true, "1.5" }, { 0.1f, true, "0.1" }, { 0.1, false, "0.1" },
		{ 1.0 / 3, false, "0.3333333333333333" }, { 1.0f / 3, true, "0.33333334" },
		{ 100, false, "100" }, { 1500, true, "1500" }, { 1e16, false, "10000000000000000" },
		{ 1e17, false, "1e+17" }, { 16777216, true, "16777216" },
		{ -2.25, true, "-2.25" }, { 1e-45f, true, "1e-45" }, { 1e-5, false, "1e-05" },
		{ 3.4028234663852886e38, true, "3.4028235e+38" }, { 0, false, "0" },
		{ -0.0, false, "-0" }, { INFINITY, true, "inf" }, { -INFINITY, false, "-inf" },
		{ NAN, true, "nan" }, { 5e-324, false, "5e-324" },
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		float_text(cases[i].v, cases[i].f32, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

/* print_result() of @c, as text or JSON, -f raw's bytes in the same stream. */
static char *render(const struct call *c, struct result *res, unsigned int index,
		    bool json, int *status)
{
	size_t size;
	char *text;
	FILE *f;

	f = open_memstream(&text, &size);
	assert_non_null(f);
	output_init(f, json);
	if (index)
		print_open_array("calls");
	*status = print_result(c, res, index, f);
	if (index)
		print_close_array();
	assert_int_equal(output_finish(), 0);
	fclose(f);
	return text;
}

/* A call, of script line 5, from options and arguments separated by blanks. */
static void make_call(struct call *c, const char *opts)
{
	char copy[256], *save = NULL, *opt, *arg;

	call_init(c, 5);
	snprintf(copy, sizeof(copy), "%s", opts);
	for (opt = strtok_r(copy, " ", &save); opt; opt = strtok_r(NULL, " ", &save)) {
		arg = opt[1] == 'z' ? NULL : strtok_r(NULL, " ", &save);
		set(c, opt[1], arg);
	}
}

static void expect_print(const char *opts, const void *bytes, bool json, const char *want)
{
	unsigned char *out[2] = { (unsigned char *)bytes, (unsigned char *)bytes };
	struct result res = { .called = true, .handle = 0x10, .out = out };
	struct call c;
	char *text;
	int status;

	make_call(&c, opts);
	text = render(&c, &res, 0, json, &status);
	assert_int_equal(status, EXIT_OK);
	assert_string_equal(text, want);
	free(text);
	call_free(&c);
}

static void print_result__hex_by_default(void **state)
{
	(void)state;
	expect_print("-H 16 -m 3 -o 3", "hel", false, "out0: 68656c\n");
	expect_print("-H 16 -m 3 -o 3 -o 0", "\x00\xab\xff", false, "out0: 00abff\nout1:\n");
	expect_print("-H 16 -m 2", "", false, "");
	expect_print("-H 16 -m 3 -o 2 -f hex", "\x12\x34", true,
		     "{\"handle\":16,\"method\":3,\"retval\":0,"
		     "\"outputs\":[{\"size\":2,\"hex\":\"1234\"}]}\n");
}

static void print_result__every_type_as_text(void **state)
{
	static const unsigned char ints[16] = {
		0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	/* 1.5f, -2.25f; then as f64: 0.1, -inf. */
	static const unsigned char f32s[8] = { 0x00, 0x00, 0xc0, 0x3f, 0x00, 0x00, 0x10, 0xc0 };
	static const unsigned char f64s[16] = {
		0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0xff,
	};

	(void)state;
	expect_print("-H 16 -m 3 -o u8:2", ints, false, "out0: 254 255\n");
	expect_print("-H 16 -m 3 -o u16:2", ints, false, "out0: 65534 65535\n");
	expect_print("-H 16 -m 3 -o u32:2", ints, false, "out0: 4294967294 4294967295\n");
	expect_print("-H 16 -m 3 -o u64:2", ints, false, "out0: 18446744073709551614 1\n");
	expect_print("-H 16 -m 3 -o i8:2", ints, false, "out0: -2 -1\n");
	expect_print("-H 16 -m 3 -o i16:2", ints, false, "out0: -2 -1\n");
	expect_print("-H 16 -m 3 -o i32:4", ints, false, "out0: -2 -1 1 0\n");
	expect_print("-H 16 -m 3 -o i64:2", ints, false, "out0: -2 1\n");
	expect_print("-H 16 -m 3 -o f32:2", f32s, false, "out0: 1.5 -2.25\n");
	expect_print("-H 16 -m 3 -o f64:2", f64s, false, "out0: 0.1 -inf\n");
	expect_print("-H 16 -m 3 -o u8:0", ints, false, "out0:\n");
}

static void print_result__format_types_n_byte_outputs(void **state)
{
	static const unsigned char b[8] = { 1, 0, 0, 0, 2, 0, 0, 0 };

	(void)state;
	expect_print("-H 16 -m 3 -o 8 -f u32", b, false, "out0: 1 2\n");
	expect_print("-H 16 -m 3 -o 8 -f i16", b, false, "out0: 1 0 2 0\n");
	/* TYPE:N keeps its type whatever -f says. */
	expect_print("-H 16 -m 3 -o u8:2 -o 4 -f u32", b, false, "out0: 1 0\nout1: 1\n");
	expect_print("-H 16 -m 3 -o 8 -f u64", b, true,
		     "{\"handle\":16,\"method\":3,\"retval\":0,\"outputs\":[{\"size\":8,"
		     "\"hex\":\"0100000002000000\",\"type\":\"u64\",\"values\":[8589934593]}]}\n");
}

static void print_result__json_has_every_key(void **state)
{
	static const unsigned char b[8] = { 0x2a };
	/* NaN, then 1.5, as f32. */
	static const unsigned char f[8] = { 0x00, 0x00, 0xc0, 0x7f, 0x00, 0x00, 0xc0, 0x3f };

	(void)state;
	expect_print("-k lab -m 4 -o u64:1", b, true,
		     "{\"skel\":\"lab\",\"handle\":16,\"method\":4,\"retval\":0,\"outputs\":"
		     "[{\"size\":8,\"hex\":\"2a00000000000000\",\"type\":\"u64\","
		     "\"values\":[42]}]}\n");
	expect_print("-H 16 -m 3 -o i8:1", "\xff", true,
		     "{\"handle\":16,\"method\":3,\"retval\":0,\"outputs\":"
		     "[{\"size\":1,\"hex\":\"ff\",\"type\":\"i8\",\"values\":[-1]}]}\n");
	/* JSON has no NaN: null, and the hex holds the bits. */
	expect_print("-H 16 -m 3 -o f32:2", f, true,
		     "{\"handle\":16,\"method\":3,\"retval\":0,\"outputs\":[{\"size\":8,"
		     "\"hex\":\"0000c07f0000c03f\",\"type\":\"f32\",\"values\":[null,1.5]}]}\n");
	expect_print("-H 16 -m 3 -o f32:1", f, false, "out0: nan\n");
}

static void print_result__file_output_is_written(void **state)
{
	char path[] = "/tmp/test_run.XXXXXX", opts[128], want[256], got[8];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	snprintf(opts, sizeof(opts), "-H 16 -m 12 -o file:%s:4", path);
	snprintf(want, sizeof(want), "out0: 4 bytes to %s\n", path);
	expect_print(opts, "\x01\x02\x03\x04", false, want);
	assert_int_equal(read(fd, got, sizeof(got)), 4);
	assert_memory_equal(got, "\x01\x02\x03\x04", 4);
	/* json-c escapes the slashes. */
	snprintf(want, sizeof(want), "{\"handle\":16,\"method\":12,\"retval\":0,"
		 "\"outputs\":[{\"size\":4,\"path\":\"/tmp/%s\"}]}\n", path + 5);
	expect_print(opts, "\x05\x06\x07\x08", true, want);
	assert_int_equal(pread(fd, got, sizeof(got), 0), 4);
	assert_memory_equal(got, "\x05\x06\x07\x08", 4);
	close(fd);
	unlink(path);
}

static void print_result__unwritable_file_fails(void **state)
{
	unsigned char *out[1] = { (unsigned char *)"abcd" };
	struct result res = { .called = true, .handle = 0x10, .out = out };
	struct call c;
	char *text;
	int status;

	(void)state;
	make_call(&c, "-H 16 -m 12 -o file:/nonexistent/dir/x:4");
	text = render(&c, &res, 0, false, &status);
	assert_int_equal(status, EXIT_FAIL);
	free(text);
	call_free(&c);
}

static void print_result__raw_writes_the_bytes(void **state)
{
	(void)state;
	expect_print("-H 16 -m 3 -o 4 -f raw", "a\nbc", false, "a\nbc");
	expect_print("-H 16 -m 3 -o u16:2 -f raw", "xyzw", false, "xyzw");
}

static void print_result__script_call_under_its_number(void **state)
{
	unsigned char *out[1] = { (unsigned char *)"\x07" };
	struct result res = { .called = true, .handle = 0x10, .out = out };
	struct call c;
	char *text;
	int status;

	(void)state;
	make_call(&c, "-k lab -m 3 -o 1");
	text = render(&c, &res, 2, false, &status);
	assert_string_equal(text, "call 2:\n  out0: 07\n");
	free(text);
	text = render(&c, &res, 2, true, &status);
	assert_string_equal(text, "{\"calls\":[{\"line\":5,\"skel\":\"lab\",\"handle\":16,"
			    "\"method\":3,\"retval\":0,"
			    "\"outputs\":[{\"size\":1,\"hex\":\"07\"}]}]}\n");
	free(text);
	call_free(&c);
}

static void print_result__dsp_error_has_no_outputs(void **state)
{
	struct result res = { .called = true, .handle = 0x10, .retval = (int32_t)0x8000040e };
	struct call c;
	char *text;
	int status;

	(void)state;
	make_call(&c, "-H 16 -m 4 -o 4");
	text = render(&c, &res, 0, false, &status);
	assert_string_equal(text, "");
	free(text);
	text = render(&c, &res, 0, true, &status);
	assert_int_equal(status, EXIT_OK);
	assert_string_equal(text, "{\"handle\":16,\"method\":4,\"retval\":-2147482610,"
			    "\"error\":\"AEE_EBADPARM\"}\n");
	free(text);
	text = render(&c, &res, 3, true, &status);
	assert_string_equal(text, "{\"calls\":[{\"line\":5,\"handle\":16,\"method\":4,"
			    "\"retval\":-2147482610,\"error\":\"AEE_EBADPARM\"}]}\n");
	free(text);
	call_free(&c);
}

static void print_result__latency_with_repeat(void **state)
{
	struct result res = { .called = true, .handle = 0x10 };
	struct call c;
	char *text;
	int status;

	(void)state;
	make_call(&c, "-H 16 -m 2 -r 3");
	assert_int_equal(latency_add(&res.lat, 30), 0);
	assert_int_equal(latency_add(&res.lat, 10), 0);
	assert_int_equal(latency_add(&res.lat, 20), 0);
	text = render(&c, &res, 0, false, &status);
	assert_string_equal(text, "latency: 3 calls: min 10.0 us, p50 20.0 us, p99 30.0 us, "
			    "max 30.0 us (mean 20.0 us)\n");
	free(text);
	text = render(&c, &res, 1, false, &status);
	assert_string_equal(text, "call 1:\n  latency: 3 calls: min 10.0 us, p50 20.0 us, "
			    "p99 30.0 us, max 30.0 us (mean 20.0 us)\n");
	free(text);
	text = render(&c, &res, 0, true, &status);
	assert_non_null(strstr(text, "\"latency\":{\"count\":3,\"min_us\":10"));
	assert_non_null(strstr(text, "\"p50_us\":20"));
	assert_non_null(strstr(text, "\"p99_us\":30"));
	assert_non_null(strstr(text, "\"max_us\":30"));
	assert_non_null(strstr(text, "\"mean_us\":20"));
	free(text);
	latency_free(&res.lat);
	call_free(&c);
}

/* ---- the built tool: --help against the man page, completion -------- */

static char *read_text(const char *path)
{
	struct spec_buf buf;
	char spec[512], *text;
	const char *why;

	snprintf(spec, sizeof(spec), "file:%s", path);
	if (parse_spec(spec, &buf, &why))
		fail_msg("%s: %s", path, why);
	text = malloc(buf.len + 1);
	assert_non_null(text);
	memcpy(text, buf.data, buf.len);
	text[buf.len] = '\0';
	spec_buf_free(&buf);
	return text;
}

/* Does the man page set @opt in bold, its dashes as \-? */
static bool man_has(const char *man, const char *opt, size_t len)
{
	char roff[64] = "\\fB";
	size_t i, n = 3;

	for (i = 0; i < len && n < sizeof(roff) - 8; i++) {
		if (opt[i] == '-')
			roff[n++] = '\\';
		roff[n++] = opt[i];
	}
	memcpy(roff + n, "\\fR", 4);
	return strstr(man, roff);
}

static void help__every_option_is_in_the_man_page(void **state)
{
	char *help, *man, *line, *save = NULL, *p;
	unsigned int found = 0;
	int status;
	size_t len;

	(void)state;
	help = tt_output("'" RUN_BINARY "' --help", &status);
	assert_int_equal(status, 0);
	man = read_text(RUN_MAN_PAGE);
	/* Option lines: blanks, then "-x, --long ARG" or "--long ARG". */
	for (line = strtok_r(help, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		p = line + strspn(line, " ");
		if (p == line || *p != '-')
			continue;
		while (*p == '-') {
			len = strcspn(p, ", ");
			if (!man_has(man, p, len))
				fail_msg("%.*s is in --help but not in %s", (int)len, p,
					 RUN_MAN_PAGE);
			found++;
			p += len;
			if (*p != ',')
				break;
			p += strspn(p, ", ");
		}
	}
	/* 16 with a short form (32 words) and 4 long only. */
	assert_int_equal(found, 36);
	free(help);
	free(man);
}

static void version__names_the_tool_and_the_library(void **state)
{
	char want[128], *text;
	int status;

	(void)state;
	text = tt_output("'" RUN_BINARY "' --version", &status);
	assert_int_equal(status, 0);
	snprintf(want, sizeof(want), "fastrpc-run %s (libfastrpc %s)\n", FASTRPC_VERSION,
		 fastrpc_version());
	assert_string_equal(text, want);
	free(text);
}

/*
 * _fastrpc_run's COMPREPLY, one a line, for the words after the tool's
 * name (as a bash array's items: '' is an empty word), the cursor on the
 * last.
 */
static char *complete(const char *words)
{
	static const struct tt_completion run = {
		.script = RUN_COMPLETION, .function = "_fastrpc_run", .binary = RUN_BINARY,
	};

	return tt_complete(&run, words);
}

static void expect_completion(const char *words, const char *want)
{
	char *text = complete(words);

	if (strcmp(text, want))
		fail_msg("completing '%s': got '%s', want '%s'", words, text, want);
	free(text);
}

static void completion__options_from_the_tool(void **state)
{
	char *text;

	(void)state;
	expect_completion("--he", "--heap\n--help\n");
	expect_completion("-m 2 --z", "--zero-copy\n");
	expect_completion("--sc", "--script\n");
	text = complete("-");
	assert_non_null(strstr(text, "--domain\n-d\n"));
	assert_non_null(strstr(text, "--repeat\n-r\n"));
	assert_null(strstr(text, "--complete"));
	free(text);
}

static void completion__values_of_options(void **state)
{
	(void)state;
	expect_completion("-I ''", "any\naccel\nlegacy\n");
	expect_completion("--interface l", "legacy\n");
	expect_completion("-f f", "f32\nf64\n");
	expect_completion("-f r", "raw\n");
	expect_completion("-P s", "sensors\nstatic:\n");
	expect_completion("--pd r", "root\n");
	/* Attributes: comma-separated, the last one completed. */
	expect_completion("-a u", "unsigned\n");
	expect_completion("--attrs unsigned,d", "unsigned,debug\n");
	expect_completion("-a ''", "debug\nptrace\ncrc\nunsigned\nadaptive-qos\nsystem\nprivileged\n");
	/* Numbers and names have nothing to complete. */
	expect_completion("-m ''", "\n");
	expect_completion("-k ''", "\n");
}

static void completion__spec_and_out_prefixes(void **state)
{
	(void)state;
	expect_completion("-i h", "hex:\n");
	expect_completion("-i s", "str:\nstdin:\n");
	expect_completion("-i ''", "hex:\nstr:\nfile:\nstdin:\n-\nu8:\nu16:\nu32:\nu64:\n"
			  "i8:\ni16:\ni32:\ni64:\nf32:\nf64:\n");
	expect_completion("--in i3", "i32:\n");
	expect_completion("-o u", "u8:\nu16:\nu32:\nu64:\n");
	expect_completion("-o f", "file:\nf32:\nf64:\n");
}

static void completion__files(void **state)
{
	char dir[] = "/tmp/test_run.XXXXXX", path[64], words[128], want[128];
	char *text;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/shell_3", dir);
	fclose(fopen(path, "w"));
	snprintf(words, sizeof(words), "-s %s/sh", dir);
	snprintf(want, sizeof(want), "%s/shell_3\n", dir);
	expect_completion(words, want);
	snprintf(words, sizeof(words), "--script %s/", dir);
	expect_completion(words, want);
	/* After file:, a path; the reply is what follows the colon. */
	snprintf(words, sizeof(words), "-i file:%s/s", dir);
	expect_completion(words, want);
	snprintf(words, sizeof(words), "-o file:%s/", dir);
	expect_completion(words, want);
	unlink(path);
	rmdir(dir);
	/* Domains come live from the machine: whatever it has, bash is content. */
	text = complete("-d ''");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_out__bytes),
		cmocka_unit_test(parse_out__typed_counts_elements),
		cmocka_unit_test(parse_out__file_size_follows_the_last_colon),
		cmocka_unit_test(parse_out__bad_forms_say_why),
		cmocka_unit_test(parse_format__hex_raw_and_every_type),
		cmocka_unit_test(call_option__fills_the_call),
		cmocka_unit_test(call_option__bad_values_say_why),
		cmocka_unit_test(call_option__long_spec_is_cut_in_the_message),
		cmocka_unit_test(call_option__256th_buffer_is_refused),
		cmocka_unit_test(call_check__a_call_needs_a_target_and_a_method),
		cmocka_unit_test(call_check__format_fits_the_outputs),
		cmocka_unit_test(split_line__blanks_separate_words),
		cmocka_unit_test(split_line__quotes_keep_what_they_hold),
		cmocka_unit_test(split_line__backslashes_escape),
		cmocka_unit_test(split_line__hash_starts_a_comment_at_a_word),
		cmocka_unit_test(split_line__errors_say_why),
		cmocka_unit_test(script_parse__one_call_a_line),
		cmocka_unit_test(script_parse__empty_script_has_no_calls),
		cmocka_unit_test(script_parse__bad_line_names_its_number),
		cmocka_unit_test(float_text__shortest_that_reads_back),
		cmocka_unit_test(print_result__hex_by_default),
		cmocka_unit_test(print_result__every_type_as_text),
		cmocka_unit_test(print_result__format_types_n_byte_outputs),
		cmocka_unit_test(print_result__json_has_every_key),
		cmocka_unit_test(print_result__file_output_is_written),
		cmocka_unit_test(print_result__unwritable_file_fails),
		cmocka_unit_test(print_result__raw_writes_the_bytes),
		cmocka_unit_test(print_result__script_call_under_its_number),
		cmocka_unit_test(print_result__dsp_error_has_no_outputs),
		cmocka_unit_test(print_result__latency_with_repeat),
		cmocka_unit_test(help__every_option_is_in_the_man_page),
		cmocka_unit_test(version__names_the_tool_and_the_library),
		cmocka_unit_test(completion__options_from_the_tool),
		cmocka_unit_test(completion__values_of_options),
		cmocka_unit_test(completion__spec_and_out_prefixes),
		cmocka_unit_test(completion__files),
	};

	tool_init("fastrpc-run");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
