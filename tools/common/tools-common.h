/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the FastRPC tools share: messages, option parsing, output, input SPECs. */
#ifndef FASTRPC_TOOLS_COMMON_H
#define FASTRPC_TOOLS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>

struct fastrpc_device;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses, the same in every tool. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_DSP_ERROR = 3,	/* the DSP method returned an error */
	EXIT_NO_DEVICE = 4,	/* no FastRPC device, or no such domain */
};

/* The --help text of them; @extra lists a tool's own (status 3). */
#define EXIT_STATUS_HELP(extra) \
	"Exit status:\n" \
	"  0  success\n" \
	"  1  failure\n" \
	"  2  usage error\n" \
	extra \
	"  4  no FastRPC device, or the domain was not found\n"

/* ---- messages (common.c) ---- */
void tool_init(const char *argv0);
const char *prog_name(void);
/* "<prog>: <fmt...>" on stderr, then "try: <hint>" when @hint is not NULL. */
void print_err(const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
noreturn void die(int status, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The usage error every tool reports the same way; exits 2. */
noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* die_usage() for getopt_long()'s '?' or ':' (optstring starting with ':'). */
noreturn void die_bad_option(int c, char **argv);

/* ---- option parsing (common.c) ---- */
/* Decimal or 0x-prefixed hex, nothing else.  Return: 0, -EINVAL or -ERANGE. */
int parse_u32(const char *s, uint32_t *value);
int parse_u64(const char *s, uint64_t *value);
/* The same for the argument of option @opt, at most @max; dies (exit 2) otherwise. */
uint32_t opt_u32(const char *opt, const char *arg, uint32_t max);

/*
 * Open @name (a domain or a node), or cdsp, else the first domain, when NULL.
 * Dies with exit 4 when there is none, 1 on other errors.
 */
struct fastrpc_device *open_domain(const char *name);

/* ---- input buffers (spec.c) ---- */
struct spec_buf {
	unsigned char *data;	/* malloc'd, may be NULL when len is 0 */
	size_t len;
};

/*
 * parse_spec() - turn "hex:0a0b", "str:TEXT", "file:PATH", "u32:1,2" or
 * "u64:1,2" into bytes (words little-endian).
 * @why: out, on failure what is wrong with @spec (a static string).
 * Return: 0, -EINVAL or -ERANGE (a bad SPEC), -EFBIG, or -errno of reading PATH.
 */
int parse_spec(const char *spec, struct spec_buf *buf, const char **why);
void spec_buf_free(struct spec_buf *buf);

/* ---- output (output.c) ----
 * Each print call is one field: in text mode @fmt is printed (skipped when
 * NULL), in JSON mode the value is stored under @key (skipped when NULL).
 * Inside an array the value is appended and the key only says it is JSON
 * too.  Objects and arrays only shape the JSON document (a key is required
 * for them, even inside an array), which output_finish() prints.
 */
void output_init(FILE *stream, bool json);
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);
void print_uint(const char *key, const char *fmt, uint64_t value);
void print_int(const char *key, const char *fmt, int64_t value);
void print_string(const char *key, const char *fmt, const char *value);
/* Text: @fmt with "yes" or "no". */
void print_bool(const char *key, const char *fmt, bool value);
/* Return: 0, or -EIO when the output could not be written. */
int output_finish(void);

#endif /* FASTRPC_TOOLS_COMMON_H */

