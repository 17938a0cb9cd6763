/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-run's parts: a call's options (options.c), scripts of calls
 * (script.c), making the calls (invoke.c) and printing what they returned
 * (print.c); fastrpc-run.c holds the session and the command line.
 */
#ifndef FASTRPC_RUN_H
#define FASTRPC_RUN_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libfastrpc.h>

#include "tools-common.h"

/* Calls one -r may ask for: their latencies are kept, 8 bytes each. */
#define RUN_MAX_REPEAT	1000000u
/* Room for one usage message. */
#define RUN_ERR_MAX	512

/* How outputs of N bytes print (-f): hex, raw, or as a type. */
struct format {
	const struct spec_type *type;	/* NULL: hex, or raw */
	bool raw;
};

enum out_kind {
	OUT_BYTES,	/* N: printed per -f */
	OUT_TYPED,	/* TYPE:N: printed as TYPE */
	OUT_FILE,	/* file:PATH:N: written to PATH */
};

struct out_spec {
	enum out_kind kind;
	const struct spec_type *type;	/* OUT_TYPED */
	char *path;			/* OUT_FILE, malloc'd */
	size_t len;			/* bytes */
};

/* One call: what -k/-H, -m, -i, -o, -f, -z and -r said. */
struct call {
	unsigned int line;		/* its script line, 0 on the command line */
	char *skel;			/* -k NAME, malloc'd; NULL with -H */
	uint32_t handle;		/* -H */
	uint32_t method;
	bool have_handle, have_method;
	struct spec_buf *in;
	unsigned int n_in;
	struct out_spec *out;
	unsigned int n_out;
	struct format format;
	bool zero_copy;
	uint32_t repeat;		/* how many times: 1 unless -r */
	bool have_repeat;		/* -r given: latency is printed */
};

/* ---- options.c: the command line's options, and a call's ---- */
enum {
	OPT_HEAP = 256,
	OPT_SCRIPT,
	OPT_LOG,
	OPT_NO_LISTENER,
	OPT_COMPLETE,
};

extern const char run_short_opts[];
extern const struct option run_long_opts[];

/* Whether option @c (getopt's value) is a call's, allowed in scripts. */
bool is_call_option(int c);
/* "-m" or "--heap" for option @c, into @buf of @size bytes. */
const char *option_name(int c, char *buf, size_t size);

/* An empty call, from script line @line (0: the command line). */
void call_init(struct call *c, unsigned int line);
/*
 * call_option() - apply one of a call's options to @c
 * Return: 0, or -EINVAL (and others of parse_spec()) with @err saying why.
 */
int call_option(struct call *c, int opt, const char *arg, char err[RUN_ERR_MAX]);
/* A call's options make a call: a target, a method, -f fitting the outputs. */
int call_check(const struct call *c, char err[RUN_ERR_MAX]);
void call_free(struct call *c);

/*
 * parse_out() - an output buffer from OUT: N, TYPE:N or file:PATH:N
 * @why: out, on failure what is wrong (a static string).
 * Return: 0, -EINVAL, -EFBIG (more than SPEC_MAX_LEN bytes), -ENOMEM.
 */
int parse_out(const char *arg, struct out_spec *out, const char **why);
void out_spec_free(struct out_spec *out);
/* -f: hex, raw or a type name.  Return: 0 or -EINVAL. */
int parse_format(const char *arg, struct format *f);

/* ---- script.c: several calls from a file ---- */
struct words {
	char **v;	/* malloc'd strings */
	size_t n, cap;
};

/*
 * split_line() - a script line into words, as a shell would split it
 * @line: the line, @len bytes, without its newline.
 *
 * Blanks separate words; '...' keeps everything literally; "..." too but
 * for \" and \\; a backslash outside quotes keeps the next character; a #
 * at the start of a word starts a comment.  No expansions.
 * Return: 0 with @w filled (free it with words_free()), -EINVAL with @why
 * (a static string), or -ENOMEM.
 */
int split_line(const char *line, size_t len, struct words *w, const char **why);
void words_free(struct words *w);

/*
 * script_parse() - the calls of a script, one per line that has words
 * @text: the script, @len bytes.
 * @calls: out, a malloc'd array of *@n calls; free it with calls_free().
 * Return: 0; -EINVAL with @err as "line N: why"; -ENOMEM; -errno of a SPEC.
 */
int script_parse(const char *text, size_t len, struct call **calls,
		 unsigned int *n, char err[RUN_ERR_MAX]);
void calls_free(struct call *calls, unsigned int n);

/* ---- invoke.c: the calls, in one session ---- */
struct skel {
	char *name;
	uint32_t handle;
};

struct runner {
	struct fastrpc_device *dev;
	struct fastrpc_session *session;
	struct skel *skels;		/* opened by -k, closed by runner_close() */
	unsigned int n_skels;
};

/* What a call returned. */
struct result {
	bool called;			/* the DSP answered: retval is its */
	uint32_t handle;		/* called: -H, or the one -k opened */
	int32_t retval;			/* the DSP's result */
	unsigned char **out;		/* each output's bytes, n_out of them */
	struct latency lat;		/* each call's time, with -r */
	/* Where the arguments live, to free. */
	struct fastrpc_args *args;
	struct fastrpc_buffer **bufs;	/* -z: n_in + n_out, NULL for 0 bytes */
	unsigned char **copies;		/* output copies, n_out, NULL with -z */
};

/*
 * runner_call() - make call @c (its repeats too)
 * @where: what names the call in messages ("" or "call 2 (line 5): ").
 *
 * Prints its errors.  Return: EXIT_OK with @res filled; EXIT_DSP_ERROR
 * with @res->retval the DSP's error (no outputs); EXIT_FAIL.  Free @res
 * with result_free() in every case.
 */
int runner_call(struct runner *r, const struct call *c, const char *where,
		struct result *res);
void result_free(const struct call *c, struct result *res);
/* Close the skeletons -k opened.  Return: EXIT_OK, EXIT_DSP_ERROR or EXIT_FAIL. */
int runner_close(struct runner *r);

/* ---- print.c: the results, as text or JSON (the output layer) ---- */

/*
 * print_result() - one call's fields and outputs
 * @index: its number in a script (0: not a script; no "call N:" then).
 * @raw: where -f raw writes its bytes.
 *
 * Writes file: outputs; sorts @res->lat.  Return: EXIT_OK, or EXIT_FAIL when one could not
 * be written (and says so).
 */
int print_result(const struct call *c, struct result *res,
		 unsigned int index, FILE *raw);

/* The shortest text that reads back as @v (an f32 when @f32). */
void float_text(double v, bool f32, char *buf, size_t size);

#endif /* FASTRPC_RUN_H */
