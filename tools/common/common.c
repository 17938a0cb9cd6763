/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Messages, option parsing and domain selection shared by the tools. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libfastrpc.h>

#include "tools-common.h"

static const char *prog = "fastrpc";

void tool_init(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *prog_name(void)
{
	return prog;
}

static void vprint_err(const char *hint, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	if (hint)
		fprintf(stderr, "try: %s\n", hint);
}

void print_err(const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_err(hint, fmt, ap);
	va_end(ap);
}

void die(int status, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprint_err(hint, fmt, ap);
	va_end(ap);
	exit(status);
}

void die_usage(const char *fmt, ...)
{
	char hint[64];
	va_list ap;

	snprintf(hint, sizeof(hint), "%s --help", prog);
	va_start(ap, fmt);
	vprint_err(hint, fmt, ap);
	va_end(ap);
	exit(EXIT_USAGE);
}

void die_bad_option(int c, char **argv)
{
	/*
	 * Missing arguments and long options consumed their word; short ones
	 * inside a cluster ("-xj") may not have.
	 */
	if (c == ':')
		die_usage("option '%s' needs an argument", argv[optind - 1]);
	if (optopt)
		die_usage("unknown option '-%c'", optopt);
	die_usage("unknown option '%s'", argv[optind - 1]);
}

int parse_u64(const char *s, uint64_t *value)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		base = 16;
	}
	/* strtoull() would also take blanks, a sign and octal. */
	if (base == 16 ? !isxdigit((unsigned char)*s) : !isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, base);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE)
		return -ERANGE;
	*value = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *value)
{
	uint64_t v;
	int ret;

	ret = parse_u64(s, &v);
	if (ret)
		return ret;
	if (v > UINT32_MAX)
		return -ERANGE;
	*value = v;
	return 0;
}

uint32_t opt_u32(const char *opt, const char *arg, uint32_t max)
{
	uint32_t v;
	int ret;

	ret = parse_u32(arg, &v);
	if (ret == -EINVAL)
		die_usage("invalid %s '%s': not a number (decimal or 0x hex)", opt, arg);
	if (ret || v > max)
		die_usage("invalid %s '%s': more than %u", opt, arg, max);
	return v;
}

static int open_first(struct fastrpc_device **dev)
{
	char **paths;
	size_t n;
	int ret;

	ret = fastrpc_device_scan(NULL, &paths, &n);
	if (ret)
		return ret;
	ret = n ? fastrpc_device_open(paths[0], dev) : -ENOENT;
	fastrpc_device_scan_free(paths, n);
	return ret;
}

struct fastrpc_device *open_domain(const char *name)
{
	struct fastrpc_device *dev;
	int ret;

	if (name) {
		ret = fastrpc_device_open(name, &dev);
	} else {
		ret = fastrpc_device_open("cdsp", &dev);
		if (ret == -ENOENT)
			ret = open_first(&dev);
	}
	if (ret == -ENOENT && name)
		die(EXIT_NO_DEVICE, "fastrpc-ctl list",
		    "domain '%s' not found", name);
	if (ret == -ENOENT)
		die(EXIT_NO_DEVICE,
		    "modprobe fastrpc_accel, and check the permissions of /dev/accel/accel*",
		    "no FastRPC domain found (is fastrpc_accel loaded?)");
	if (ret == -ENODEV)
		die(EXIT_NO_DEVICE, "fastrpc-ctl list",
		    "'%s' is not a FastRPC node", name);
	if (ret)
		die(EXIT_FAIL, NULL, "cannot open domain '%s': %s",
		    name ? name : "cdsp", strerror(-ret));
	return dev;
}
