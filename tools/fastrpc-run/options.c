/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-run's options, and what a call's options (-k/-H, -m, -i, -o, -f,
 * -z, -r) make of a call: the same on the command line and in scripts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

const char run_short_opts[] = ":d:I:s:a:P:k:H:m:i:o:f:zr:jhV";

const struct option run_long_opts[] = {
	{ "domain", required_argument, NULL, 'd' },
	{ "interface", required_argument, NULL, 'I' },
	{ "shell", required_argument, NULL, 's' },
	{ "attrs", required_argument, NULL, 'a' },
	{ "pd", required_argument, NULL, 'P' },
	{ "heap", required_argument, NULL, OPT_HEAP },
	{ "skel", required_argument, NULL, 'k' },
	{ "handle", required_argument, NULL, 'H' },
	{ "method", required_argument, NULL, 'm' },
	{ "in", required_argument, NULL, 'i' },
	{ "out", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "zero-copy", no_argument, NULL, 'z' },
	{ "repeat", required_argument, NULL, 'r' },
	{ "script", required_argument, NULL, OPT_SCRIPT },
	{ "log", no_argument, NULL, OPT_LOG },
	{ "no-listener", no_argument, NULL, OPT_NO_LISTENER },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "complete", required_argument, NULL, OPT_COMPLETE },
	{ NULL, 0, NULL, 0 },
};

bool is_call_option(int c)
{
	return c > 0 && c < 128 && strchr("kHmiofzr", c);
}

const char *option_name(int c, char *buf, size_t size)
{
	size_t i;

	for (i = 0; c >= 128 && run_long_opts[i].name; i++) {
		if (run_long_opts[i].val == c) {
			snprintf(buf, size, "--%s", run_long_opts[i].name);
			return buf;
		}
	}
	snprintf(buf, size, "-%c", c);
	return buf;
}

/* A SPEC or OUT quoted in a message: long ones are cut. */
#define QUOTE_MAX	60
#define QUOTE(s)	QUOTE_MAX, (s), strlen(s) > QUOTE_MAX ? "..." : ""

/* N, or a TYPE's count: a size in bytes of at most SPEC_MAX_LEN. */
static int parse_len(const char *s, unsigned int size, size_t *len,
		     const char *nan, const char **why)
{
	uint64_t n;
	int ret;

	ret = parse_u64(s, &n);
	if (ret == -EINVAL) {
		*why = nan;
		return -EINVAL;
	}
	if (ret || n > SPEC_MAX_LEN / size) {
		*why = "larger than 64 MiB";
		return -EFBIG;
	}
	*len = n * size;
	return 0;
}

int parse_out(const char *arg, struct out_spec *out, const char **why)
{
	const char *colon = strchr(arg, ':'), *last;
	int ret;

	*out = (struct out_spec){ .kind = OUT_BYTES };
	if (!colon)
		return parse_len(arg, 1, &out->len,
				 "not a size (bytes, decimal or 0x hex)", why);
	if (colon - arg == 4 && strncmp(arg, "file", 4) == 0) {
		/* The size follows the last colon: a path may hold colons. */
		last = strrchr(arg, ':');
		if (last == colon) {
			*why = "file: needs a size (file:PATH:N)";
			return -EINVAL;
		}
		if (last == colon + 1) {
			*why = "file: the path is empty (file:PATH:N)";
			return -EINVAL;
		}
		ret = parse_len(last + 1, 1, &out->len,
				"file: not a size after the path (file:PATH:N)", why);
		if (ret)
			return ret;
		out->kind = OUT_FILE;
		out->path = strndup(colon + 1, last - colon - 1);
		if (!out->path) {
			*why = "out of memory";
			return -ENOMEM;
		}
		return 0;
	}
	out->type = spec_type_find(arg, colon - arg);
	if (!out->type) {
		*why = "unknown kind (use N, TYPE:N with a type u8 u16 u32 u64 i8 i16 i32 "
		       "i64 f32 f64, or file:PATH:N)";
		return -EINVAL;
	}
	out->kind = OUT_TYPED;
	ret = parse_len(colon + 1, out->type->size, &out->len,
			"not a count (elements, decimal or 0x hex)", why);
	if (ret)
		out->type = NULL;
	return ret;
}

void out_spec_free(struct out_spec *out)
{
	free(out->path);
	*out = (struct out_spec){ 0 };
}

int parse_format(const char *arg, struct format *f)
{
	const struct spec_type *type;

	if (strcmp(arg, "hex") == 0) {
		*f = (struct format){ 0 };
		return 0;
	}
	if (strcmp(arg, "raw") == 0) {
		*f = (struct format){ .raw = true };
		return 0;
	}
	type = spec_type_find(arg, strlen(arg));
	if (!type)
		return -EINVAL;
	*f = (struct format){ .type = type };
	return 0;
}

static int add_in(struct call *c, const char *arg, char err[RUN_ERR_MAX])
{
	struct spec_buf buf, *grown;
	const char *why;
	int ret;

	if (c->n_in == FASTRPC_MAX_BUFFERS) {
		snprintf(err, RUN_ERR_MAX, "more than %u inputs (-i)", FASTRPC_MAX_BUFFERS);
		return -EINVAL;
	}
	ret = parse_spec(arg, &buf, &why);
	/* Arrays grow by 8: few calls carry more than a handful. */
	if (!ret && c->n_in % 8 == 0) {
		grown = realloc(c->in, (c->n_in + 8) * sizeof(*grown));
		if (grown) {
			c->in = grown;
		} else {
			spec_buf_free(&buf);
			ret = -ENOMEM;
			why = "out of memory";
		}
	}
	if (ret) {
		snprintf(err, RUN_ERR_MAX, "invalid -i '%.*s%s': %s", QUOTE(arg), why);
		return ret;
	}
	c->in[c->n_in++] = buf;
	return 0;
}

static int add_out(struct call *c, const char *arg, char err[RUN_ERR_MAX])
{
	struct out_spec out, *grown;
	const char *why;
	int ret;

	if (c->n_out == FASTRPC_MAX_BUFFERS) {
		snprintf(err, RUN_ERR_MAX, "more than %u outputs (-o)", FASTRPC_MAX_BUFFERS);
		return -EINVAL;
	}
	ret = parse_out(arg, &out, &why);
	if (!ret && c->n_out % 8 == 0) {
		grown = realloc(c->out, (c->n_out + 8) * sizeof(*grown));
		if (grown) {
			c->out = grown;
		} else {
			out_spec_free(&out);
			ret = -ENOMEM;
			why = "out of memory";
		}
	}
	if (ret) {
		snprintf(err, RUN_ERR_MAX, "invalid -o '%.*s%s': %s", QUOTE(arg), why);
		return ret;
	}
	c->out[c->n_out++] = out;
	return 0;
}

/* A number for option @opt, at most @max. */
static int number(const char *opt, const char *arg, uint32_t max, uint32_t *v,
		  char err[RUN_ERR_MAX])
{
	int ret = parse_u32(arg, v);

	if (ret == -EINVAL) {
		snprintf(err, RUN_ERR_MAX, "invalid %s '%s': not a number (decimal or 0x hex)",
			 opt, arg);
		return -EINVAL;
	}
	if (ret || *v > max) {
		snprintf(err, RUN_ERR_MAX, "invalid %s '%s': more than %u", opt, arg, max);
		return -EINVAL;
	}
	return 0;
}

void call_init(struct call *c, unsigned int line)
{
	*c = (struct call){ .line = line, .repeat = 1 };
}

int call_option(struct call *c, int opt, const char *arg, char err[RUN_ERR_MAX])
{
	switch (opt) {
	case 'k':
		if (!*arg) {
			snprintf(err, RUN_ERR_MAX, "invalid -k '': no skeleton name");
			return -EINVAL;
		}
		free(c->skel);
		c->skel = strdup(arg);
		if (!c->skel) {
			snprintf(err, RUN_ERR_MAX, "out of memory");
			return -ENOMEM;
		}
		return 0;
	case 'H':
		c->have_handle = true;
		return number("-H", arg, UINT32_MAX, &c->handle, err);
	case 'm':
		c->have_method = true;
		return number("-m", arg, FASTRPC_MAX_METHOD, &c->method, err);
	case 'i':
		return add_in(c, arg, err);
	case 'o':
		return add_out(c, arg, err);
	case 'f':
		if (parse_format(arg, &c->format)) {
			snprintf(err, RUN_ERR_MAX, "invalid -f '%s': use hex, raw, u8, u16, u32, "
				 "u64, i8, i16, i32, i64, f32 or f64", arg);
			return -EINVAL;
		}
		return 0;
	case 'z':
		c->zero_copy = true;
		return 0;
	case 'r':
		c->have_repeat = true;
		if (number("-r", arg, RUN_MAX_REPEAT, &c->repeat, err))
			return -EINVAL;
		if (!c->repeat) {
			snprintf(err, RUN_ERR_MAX, "invalid -r '%s': at least 1", arg);
			return -EINVAL;
		}
		return 0;
	}
	snprintf(err, RUN_ERR_MAX, "-%c is not an option of a call", opt);
	return -EINVAL;
}

int call_check(const struct call *c, char err[RUN_ERR_MAX])
{
	unsigned int size, i;

	if (c->skel && c->have_handle) {
		snprintf(err, RUN_ERR_MAX, "-k and -H exclude each other: give one");
		return -EINVAL;
	}
	if (!c->skel && !c->have_handle) {
		snprintf(err, RUN_ERR_MAX, "-k SKEL or -H HANDLE is required");
		return -EINVAL;
	}
	if (!c->have_method) {
		snprintf(err, RUN_ERR_MAX, "-m METHOD is required");
		return -EINVAL;
	}
	if (c->format.raw && (c->n_out != 1 || c->out[0].kind == OUT_FILE)) {
		snprintf(err, RUN_ERR_MAX,
			 "-f raw takes exactly one output for standard output (-o N or -o TYPE:N)");
		return -EINVAL;
	}
	if (c->format.raw && c->have_repeat) {
		/* Standard output holds the bytes alone: no room for the latency. */
		snprintf(err, RUN_ERR_MAX, "-f raw prints the output's bytes alone: no -r");
		return -EINVAL;
	}
	if (!c->format.type)
		return 0;
	size = c->format.type->size;
	for (i = 0; i < c->n_out; i++) {
		if (c->out[i].kind == OUT_BYTES && c->out[i].len % size) {
			snprintf(err, RUN_ERR_MAX,
				 "-f %s: output %u has %zu bytes, not a multiple of %u",
				 c->format.type->name, i, c->out[i].len, size);
			return -EINVAL;
		}
	}
	return 0;
}

void call_free(struct call *c)
{
	unsigned int i;

	for (i = 0; i < c->n_in; i++)
		spec_buf_free(&c->in[i]);
	for (i = 0; i < c->n_out; i++)
		out_spec_free(&c->out[i]);
	free(c->in);
	free(c->out);
	free(c->skel);
	*c = (struct call){ 0 };
}
