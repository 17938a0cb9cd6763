/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc-run: start a DSP process from a shell and call one method in it. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libfastrpc.h>

#include "tools-common.h"

#define MAX_BUFS	255
#define MAX_METHOD	31

enum format { FORMAT_HEX, FORMAT_U32, FORMAT_U64, FORMAT_RAW };

static const char *const format_names[] = {
	[FORMAT_HEX] = "hex",
	[FORMAT_U32] = "u32",
	[FORMAT_U64] = "u64",
	[FORMAT_RAW] = "raw",
};

struct opts {
	const char *domain;
	const char *shell;
	uint32_t attrs;
	uint32_t handle;
	uint32_t method;
	bool have_handle, have_method;
	enum format format;
	bool json;
	struct fastrpc_iovec in[MAX_BUFS];
	unsigned int n_in;
	struct fastrpc_iovec out[MAX_BUFS];
	unsigned int n_out;
};

static const struct option long_opts[] = {
	{ "domain", required_argument, NULL, 'd' },
	{ "shell", required_argument, NULL, 's' },
	{ "attrs", required_argument, NULL, 'a' },
	{ "handle", required_argument, NULL, 'H' },
	{ "method", required_argument, NULL, 'm' },
	{ "in", required_argument, NULL, 'i' },
	{ "out", required_argument, NULL, 'o' },
	{ "format", required_argument, NULL, 'f' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(void)
{
	printf("Usage: %s [-d DOMAIN] [-s SHELL] [-a ATTRS] -H HANDLE -m METHOD\n"
	       "       [-i SPEC]... [-o SIZE]... [-f hex|u32|u64|raw] [--json]\n\n"
	       "Start a process on the DSP from SHELL, call METHOD of remote HANDLE once\n"
	       "with the input buffers in order and output buffers of the given sizes,\n"
	       "then print every output buffer.\n\n"
	       "Options:\n"
	       "  -d, --domain DOMAIN  domain name or node (default: cdsp, else the first)\n"
	       "  -s, --shell SHELL    shell ELF (default: $FASTRPC_SHELL)\n"
	       "  -a, --attrs ATTRS    process attributes (DRM_FASTRPC_PD_ATTR_* bits)\n"
	       "  -H, --handle HANDLE  remote handle\n"
	       "  -m, --method METHOD  method number, 0 to 31\n"
	       "  -i, --in SPEC        an input buffer, up to 255: hex:0a0b0c, str:TEXT,\n"
	       "                       file:PATH, u32:1,2,3 or u64:1,2 (little-endian)\n"
	       "  -o, --out SIZE       an output buffer of SIZE bytes, up to 255\n"
	       "  -f, --format FMT     how outputs print: hex (default), u32, u64 (words,\n"
	       "                       decimal), raw (bytes as they are; one output only)\n"
	       "  -j, --json           JSON on stdout instead of text\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n\n"
	       "Numbers are decimal or 0x hex.\n\n"
	       EXIT_STATUS_HELP("  3  the method returned an error on the DSP\n"),
	       prog_name());
}

static enum format parse_format(const char *arg)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(format_names); i++)
		if (strcmp(arg, format_names[i]) == 0)
			return i;
	die_usage("invalid -f '%s': use hex, u32, u64 or raw", arg);
}

static void add_in(struct opts *o, const char *spec)
{
	struct spec_buf buf;
	const char *why;

	if (o->n_in == MAX_BUFS)
		die_usage("more than %u input buffers", MAX_BUFS);
	if (parse_spec(spec, &buf, &why))
		die_usage("invalid input '%s': %s", spec, why);
	o->in[o->n_in].base = buf.data;
	o->in[o->n_in++].len = buf.len;
}

static void add_out(struct opts *o, const char *arg)
{
	uint32_t size = opt_u32("-o", arg, UINT32_MAX);

	if (o->n_out == MAX_BUFS)
		die_usage("more than %u output buffers", MAX_BUFS);
	o->out[o->n_out].base = size ? calloc(1, size) : NULL;
	if (size && !o->out[o->n_out].base)
		die(EXIT_FAIL, NULL, "cannot allocate %" PRIu32 " bytes for -o", size);
	o->out[o->n_out++].len = size;
}

static void check_opts(const struct opts *o)
{
	unsigned int word = o->format == FORMAT_U32 ? 4 : 8, i;

	if (!o->have_handle || !o->have_method)
		die_usage("-H HANDLE and -m METHOD are required");
	if (!o->shell)
		die_usage("no shell: give -s SHELL or set FASTRPC_SHELL");
	if (o->format == FORMAT_RAW && (o->json || o->n_out != 1))
		die_usage("-f raw needs exactly one -o and no --json");
	if (o->format != FORMAT_U32 && o->format != FORMAT_U64)
		return;
	for (i = 0; i < o->n_out; i++)
		if (o->out[i].len % word)
			die_usage("-f %s: output %u has %zu bytes, not a multiple of %u",
				  format_names[o->format], i, o->out[i].len, word);
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	int c;

	o->shell = getenv("FASTRPC_SHELL");
	while ((c = getopt_long(argc, argv, ":d:s:a:H:m:i:o:f:jhV", long_opts,
				NULL)) != -1) {
		switch (c) {
		case 'd':
			o->domain = optarg;
			break;
		case 's':
			o->shell = optarg;
			break;
		case 'a':
			o->attrs = opt_u32("-a", optarg, UINT32_MAX);
			break;
		case 'H':
			o->handle = opt_u32("-H", optarg, UINT32_MAX);
			o->have_handle = true;
			break;
		case 'm':
			o->method = opt_u32("-m", optarg, MAX_METHOD);
			o->have_method = true;
			break;
		case 'i':
			add_in(o, optarg);
			break;
		case 'o':
			add_out(o, optarg);
			break;
		case 'f':
			o->format = parse_format(optarg);
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage();
			exit(EXIT_OK);
		case 'V':
			printf("%s %s\n", prog_name(), FASTRPC_VERSION);
			exit(EXIT_OK);
		default:
			die_bad_option(c, argv);
		}
	}
	if (optind != argc)
		die_usage("unexpected argument '%s'", argv[optind]);
	check_opts(o);
}

static char *to_hex(const unsigned char *p, size_t len)
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
	return s;
}

/* Little-endian words, whatever the host's order. */
static void print_words(const unsigned char *p, size_t len, unsigned int size)
{
	uint64_t v;
	size_t i;
	unsigned int b;

	print_open_array(size == 4 ? "u32" : "u64");
	for (i = 0; i < len; i += size) {
		for (v = 0, b = 0; b < size; b++)
			v |= (uint64_t)p[i + b] << (8 * b);
		print_uint("word", i ? " %" PRIu64 : "%" PRIu64, v);
	}
	print_close_array();
}

static void print_outputs(const struct opts *o)
{
	unsigned int i;
	char *hex;

	if (o->format == FORMAT_RAW) {
		if (o->out[0].len)
			fwrite(o->out[0].base, 1, o->out[0].len, stdout);
		return;
	}
	print_open_array("outputs");
	for (i = 0; i < o->n_out; i++) {
		hex = to_hex(o->out[i].base, o->out[i].len);
		print_open_object("output");
		print_uint(NULL, "out%" PRIu64 ": ", i);
		print_uint("size", NULL, o->out[i].len);
		/* hex is always in the JSON; in text only when asked for. */
		print_string("hex", o->format == FORMAT_HEX ? "%s" : NULL, hex);
		if (o->format != FORMAT_HEX)
			print_words(o->out[i].base, o->out[i].len,
				    o->format == FORMAT_U32 ? 4 : 8);
		print_string(NULL, "%s", "\n");
		print_close_object();
		free(hex);
	}
	print_close_array();
}

static int run(const struct opts *o)
{
	struct fastrpc_session *session;
	struct fastrpc_device *dev;
	const char *reason;
	int32_t retval = 0;
	int ret, status = EXIT_FAIL;

	dev = open_domain(o->domain);
	ret = fastrpc_session_new(dev, o->shell, o->attrs, &session, &reason);
	if (ret == -ENOEXEC) {
		print_err("-s PATH to a Hexagon (QDSP6) executable",
			  "cannot use shell '%s': %s", o->shell, reason);
		goto out_close;
	}
	if (ret == -EFBIG) {
		print_err("fastrpc-ctl info (it shows the max shell size)",
			  "cannot use shell '%s': larger than the driver takes",
			  o->shell);
		goto out_close;
	}
	if (ret == -ECONNREFUSED) {
		print_err("-a 0x8 (an unsigned process) if the shell is not signed",
			  "cannot start a process from shell '%s': the DSP refused it",
			  o->shell);
		goto out_close;
	}
	if (ret) {
		print_err(NULL, "cannot start a process from shell '%s': %s",
			  o->shell, strerror(-ret));
		goto out_close;
	}

	ret = fastrpc_session_invoke(session, o->handle, o->method, o->in,
				     o->n_in, o->out, o->n_out, &retval);
	if (ret == -EREMOTEIO) {
		print_err(NULL, "method %" PRIu32 " failed on the DSP: %s (0x%08" PRIx32 ")",
			  o->method, fastrpc_dsp_strerror(retval), (uint32_t)retval);
		status = EXIT_DSP_ERROR;
	} else if (ret) {
		print_err(ret == -ENODEV || ret == -ECONNRESET ?
			  "dmesg | grep -i fastrpc (did the DSP restart?)" : NULL,
			  "cannot call method %" PRIu32 " of handle 0x%" PRIx32 ": %s",
			  o->method, o->handle, strerror(-ret));
	} else {
		print_string("domain", NULL, fastrpc_device_get_domain(dev));
		print_uint("handle", NULL, o->handle);
		print_uint("method", NULL, o->method);
		print_int("retval", NULL, retval);
		print_outputs(o);
		status = EXIT_OK;
	}
	fastrpc_session_free(session);
out_close:
	fastrpc_device_close(dev);
	return status;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	unsigned int i;
	int status, ret;

	tool_init(argv[0]);
	parse_args(argc, argv, &o);
	output_init(stdout, o.json);
	status = run(&o);
	ret = output_finish();
	if (ret && status == EXIT_OK) {
		print_err(NULL, "cannot write the output: %s", strerror(-ret));
		status = EXIT_FAIL;
	}
	for (i = 0; i < o.n_in; i++)
		free(o.in[i].base);
	for (i = 0; i < o.n_out; i++)
		free(o.out[i].base);
	return status;
}
