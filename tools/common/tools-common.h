/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the FastRPC tools share: messages, option parsing, output, input SPECs. */
#ifndef FASTRPC_TOOLS_COMMON_H
#define FASTRPC_TOOLS_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdnoreturn.h>

#include <libfastrpc.h>

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
/* From now on die_usage() points at "PROG @command --help" (a tool with per-command help). */
void usage_command(const char *command);
/* die_usage() for getopt_long()'s '?' or ':' (optstring starting with ':'). */
noreturn void die_bad_option(int c, char **argv);

/* ---- option parsing (common.c) ---- */
/* Decimal or 0x-prefixed hex, nothing else.  Return: 0, -EINVAL or -ERANGE. */
int parse_u32(const char *s, uint32_t *value);
int parse_u64(const char *s, uint64_t *value);
/* The same for the argument of option @opt, at most @max; dies (exit 2) otherwise. */
uint32_t opt_u32(const char *opt, const char *arg, uint32_t max);

/* The argument of -I/--interface: any, accel or legacy; dies (exit 2) otherwise. */
enum fastrpc_interface opt_interface(const char *arg);

/*
 * Open @name (a domain or a node) on @iface, or cdsp, else the first
 * domain, when NULL.  Dies with exit 4 when there is none, 1 on other
 * errors.
 */
struct fastrpc_device *open_domain(const char *name, enum fastrpc_interface iface);

/* fastrpc_strerror() into a static buffer: one message at a time. */
const char *tool_strerror(int err, int32_t retval);

/* Process attributes: names ("unsigned,debug") or a number; dies (exit 2) otherwise. */
uint32_t opt_attrs(const char *arg);
/* The @i-th attribute name opt_attrs() knows, NULL past the last. */
const char *opt_attr_name(size_t i);

/* ---- completion (complete.c) ----
 * For --complete WHAT: commands (NULL-terminated @commands), options (of
 * @opts), domains (the machine's names and nodes), interfaces.  Prints
 * one word a line and exits 0.
 */
struct option;
noreturn void complete_words(const char *what, const char *const *commands,
			     const struct option *opts);

/* ---- latency (stats.c) ---- */
struct latency {
	double *v;	/* microseconds */
	size_t n, cap;
};

struct latency_summary {
	uint64_t count;
	double min, p50, p99, max, mean;
};

/* A monotonic clock in microseconds. */
double now_us(void);
/* Return: 0 or -ENOMEM. */
int latency_add(struct latency *l, double us);
/* Sorts the samples.  Return: 0, or -ENODATA for none. */
int latency_summary(struct latency *l, struct latency_summary *s);
/* One field per figure, under @key in JSON; nothing for no samples. */
void latency_print(struct latency *l, const char *key);
void latency_free(struct latency *l);

/* ---- input buffers (spec.c) ---- */
/* The most one SPEC (and one output of fastrpc-run) may hold: the lab DSP's limit too. */
#define SPEC_MAX_LEN	(64u << 20)

struct spec_buf {
	unsigned char *data;	/* malloc'd, may be NULL when len is 0 */
	size_t len;
};

/*
 * parse_spec() - the bytes of one input buffer, from a SPEC:
 *   hex:0a0b          the bytes the digits say (an even number of them)
 *   str:TEXT          TEXT's bytes, no NUL
 *   file:PATH         the file's bytes, at most SPEC_MAX_LEN
 *   - or stdin:       standard input's bytes, at most SPEC_MAX_LEN; once a process
 *   TYPE:V1,V2,...    an array of a spec_type (u8..u64, i8..i64: decimal or 0x
 *                     hex, - for negatives, range-checked; f32, f64: as strtod
 *                     reads them, checked), little-endian
 * @why: out, on failure what is wrong with @spec (a static string).
 * Return: 0; -EINVAL or -ERANGE (a bad SPEC); -EFBIG (too large); -EBUSY
 * (standard input asked for twice); -ENOMEM; -errno of reading PATH.
 */
int parse_spec(const char *spec, struct spec_buf *buf, const char **why);
void spec_buf_free(struct spec_buf *buf);

/* The element types of typed SPECs and outputs. */
enum spec_class {
	SPEC_UINT,
	SPEC_INT,
	SPEC_FLOAT,
};

struct spec_type {
	const char *name;	/* "u32" */
	unsigned int size;	/* bytes: 1, 2, 4 or 8 */
	enum spec_class class;
};

/* The type called by the @len bytes at @name ("u32"), or NULL. */
const struct spec_type *spec_type_find(const char *name, size_t len);
/* The @i-th type (u8, u16, u32, u64, i8, ..., f32, f64), NULL past the last. */
const struct spec_type *spec_type_at(size_t i);

/* One element of @type at @p (little-endian), read as its class says. */
uint64_t spec_get_uint(const struct spec_type *type, const unsigned char *p);
int64_t spec_get_int(const struct spec_type *type, const unsigned char *p);
double spec_get_float(const struct spec_type *type, const unsigned char *p);

/* ---- sizes (size.c) ---- */
/*
 * parse_size() - "4096", "0x1000", "64K", "64KiB", "1M", "2G" (K, M, G in
 * either case: KiB, MiB, GiB) in bytes.  0 is accepted: the caller says
 * whether it makes sense.  Return: 0, -EINVAL, or -ERANGE beyond SIZE_MAX.
 */
int parse_size(const char *s, uint64_t *size);
/* "64 KiB", "4097 bytes": exact units only.  Return: @buf. */
const char *size_str(uint64_t bytes, char *buf, size_t n);

/* ---- the DSP's log lines (dsplog.c) ---- */
/*
 * dsplog_enable() - print the DSP's log lines of @dev's sessions on stderr
 * @keep: also keep them (at most 1000) for dsplog_report().
 * Call it before the session starts.  Return: 0 or -errno of the library.
 */
int dsplog_enable(struct fastrpc_device *dev, bool keep);
/* JSON: the kept lines as "log" (an array) and "log_truncated"; text: nothing. */
void dsplog_report(void);
void dsplog_free(void);
/* "low", "medium", "high", "error", "fatal". */
const char *dsplog_level_name(enum fastrpc_log_level level);

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
void print_double(const char *key, const char *fmt, double value);
/* JSON null under @key; text: @fmt as it is. */
void print_null(const char *key, const char *fmt);
/* Text: @fmt with "yes" or "no". */
void print_bool(const char *key, const char *fmt, bool value);
/* Return: 0, or -EIO when the output could not be written. */
int output_finish(void);

#endif /* FASTRPC_TOOLS_COMMON_H */

