/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a call returned, through the output layer: text lines "out0: ..."
 * or one JSON object per call.  Bytes print as hex, or as the elements of
 * a type; file: outputs are written to their file.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run.h"

/* Does @text read back as @v? */
static bool reads_back(const char *text, double v, bool f32)
{
	return f32 ? strtof(text, NULL) == (float)v : strtod(text, NULL) == v;
}

void float_text(double v, bool f32, char *buf, size_t size)
{
	int prec;

	if (!isfinite(v)) {
		snprintf(buf, size, "%g", v);
		return;
	}
	/* The fewest digits that read back as the same value. */
	for (prec = 1; prec < 17 && (snprintf(buf, size, "%.*g", prec, v),
				     !reads_back(buf, v, f32)); prec++)
		;
	if (prec == 17)
		snprintf(buf, size, "%.17g", v);
	/* 100, not 1e+02: whole numbers below 1e17 keep their digits. */
	if (strstr(buf, "e+") && fabs(v) < 1e17) {
		char whole[32];

		snprintf(whole, sizeof(whole), "%.0f", v);
		if (reads_back(whole, v, f32))
			snprintf(buf, size, "%s", whole);
	}
}

static void print_hex(const unsigned char *p, size_t len, bool text)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * len + 1);
	size_t i;

	if (!s)
		die(EXIT_FAIL, NULL, "out of memory");
	for (i = 0; i < len; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 0xf];
	}
	s[2 * len] = '\0';
	print_string("hex", text && len ? " %s" : NULL, s);
	free(s);
}

/* The elements of @type in @len bytes at @p, " 1 2 3" in text. */
static void print_values(const struct spec_type *type, const unsigned char *p, size_t len)
{
	char text[64];
	size_t i;
	double d;

	print_string("type", NULL, type->name);
	print_open_array("values");
	for (i = 0; i + type->size <= len; i += type->size) {
		switch (type->class) {
		case SPEC_UINT:
			print_uint("value", " %" PRIu64, spec_get_uint(type, p + i));
			break;
		case SPEC_INT:
			print_int("value", " %" PRId64, spec_get_int(type, p + i));
			break;
		case SPEC_FLOAT:
			d = spec_get_float(type, p + i);
			float_text(d, type->size == 4, text, sizeof(text));
			print_string(NULL, " %s", text);
			/* JSON has no NaN or infinity: null, and the hex has the bits. */
			if (isfinite(d))
				print_double("value", NULL, d);
			else
				print_null("value", NULL);
			break;
		}
	}
	print_close_array();
}

static int write_file(const char *path, const unsigned char *p, size_t len)
{
	size_t done = 0;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return -errno;
	while (done < len) {
		n = write(fd, p + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		done += n;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

/* Output @i: "out0: ..." in text, an object of the outputs array in JSON. */
static int print_output(const struct call *c, unsigned int i, const unsigned char *p,
			const char *indent)
{
	const struct out_spec *o = &c->out[i];
	const struct spec_type *type;
	int ret;

	if (o->kind == OUT_FILE) {
		ret = write_file(o->path, p, o->len);
		if (ret) {
			print_err(NULL, "cannot write output %u to '%s': %s", i, o->path,
				  strerror(-ret));
			return EXIT_FAIL;
		}
	}
	print_open_object("output");
	print_string(NULL, "%s", indent);
	print_uint(NULL, "out%" PRIu64 ":", i);
	print_uint("size", o->kind == OUT_FILE ? " %" PRIu64 " bytes to " : NULL, o->len);
	if (o->kind == OUT_FILE) {
		print_string("path", "%s", o->path);
	} else {
		type = o->kind == OUT_TYPED ? o->type : c->format.type;
		/* The hex is always in the JSON; in text only when nothing else is. */
		print_hex(p, o->len, !type);
		if (type)
			print_values(type, p, o->len);
	}
	print_string(NULL, "%s", "\n");
	print_close_object();
	return EXIT_OK;
}

int print_result(const struct call *c, struct result *res,
		 unsigned int index, FILE *raw)
{
	const char *indent = index ? "  " : "";
	int status = EXIT_OK;
	unsigned int i;

	if (index) {
		print_open_object("call");
		print_uint(NULL, res->retval ? NULL : "call %" PRIu64 ":\n", index);
		print_uint("line", NULL, c->line);
	}
	if (c->skel)
		print_string("skel", NULL, c->skel);
	print_uint("handle", NULL, res->handle);
	print_uint("method", NULL, c->method);
	print_int("retval", NULL, res->retval);
	if (res->retval) {
		print_string("error", NULL, fastrpc_dsp_strerror(res->retval));
	} else if (c->format.raw) {
		/* A short write shows in the stream's error, as output_finish() checks. */
		if (c->out[0].len)
			fwrite(res->out[0], 1, c->out[0].len, raw);
	} else {
		print_open_array("outputs");
		for (i = 0; i < c->n_out && status == EXIT_OK; i++)
			status = print_output(c, i, res->out[i], indent);
		print_close_array();
	}
	if (!res->retval && c->have_repeat && status == EXIT_OK) {
		print_string(NULL, "%slatency: ", indent);
		latency_print(&res->lat, "latency");
	}
	if (index)
		print_close_object();
	return status;
}
