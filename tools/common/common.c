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

static const char *usage_cmd;

void usage_command(const char *command)
{
	usage_cmd = command;
}

void die_usage(const char *fmt, ...)
{
	char hint[96];
	va_list ap;

	snprintf(hint, sizeof(hint), "%s%s%s --help", prog, usage_cmd ? " " : "",
		 usage_cmd ? usage_cmd : "");
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

static const struct {
	const char *name;
	uint32_t bit;
} attr_names[] = {
	{ "debug", FASTRPC_PD_ATTR_DEBUG },
	{ "ptrace", FASTRPC_PD_ATTR_PTRACE },
	{ "crc", FASTRPC_PD_ATTR_CRC },
	{ "unsigned", FASTRPC_PD_ATTR_UNSIGNED },
	{ "adaptive-qos", FASTRPC_PD_ATTR_ADAPTIVE_QOS },
	{ "system", FASTRPC_PD_ATTR_SYSTEM },
	{ "privileged", FASTRPC_PD_ATTR_PRIVILEGED },
};

const char *opt_attr_name(size_t i)
{
	return i < ARRAY_SIZE(attr_names) ? attr_names[i].name : NULL;
}

uint32_t opt_attrs(const char *arg)
{
	char *copy, *item, *save = NULL;
	uint32_t attrs = 0, v;
	size_t i;

	if (parse_u32(arg, &v) == 0) {
		if (v & ~FASTRPC_PD_ATTRS)
			die_usage("invalid -a '%s': bits beyond 0x%x", arg, FASTRPC_PD_ATTRS);
		return v;
	}
	copy = strdup(arg);
	if (!copy)
		die(EXIT_FAIL, NULL, "out of memory");
	for (item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(attr_names); i++)
			if (strcmp(item, attr_names[i].name) == 0)
				break;
		if (i == ARRAY_SIZE(attr_names))
			die_usage("invalid -a '%s': '%s' is no attribute (debug, ptrace, crc, "
				  "unsigned, adaptive-qos, system, privileged, or a number)",
				  arg, item);
		attrs |= attr_names[i].bit;
	}
	free(copy);
	return attrs;
}

enum fastrpc_interface opt_interface(const char *arg)
{
	enum fastrpc_interface iface;

	if (fastrpc_interface_parse(arg, &iface))
		die_usage("invalid -I '%s': use any, accel or legacy", arg);
	return iface;
}

const char *tool_strerror(int err, int32_t retval)
{
	static char buf[256];

	return fastrpc_strerror(err, retval, buf, sizeof(buf));
}

/* The first domain of the machine, on @iface (scan order: by domain id). */
static int open_first(enum fastrpc_interface iface, struct fastrpc_device **dev)
{
	struct fastrpc_node **nodes;
	int ret = -ENOENT, r;
	size_t n, i;

	r = fastrpc_scan(&nodes, &n);
	if (r)
		return r;
	for (i = 0; i < n && ret; i++) {
		if (iface != FASTRPC_INTERFACE_ANY &&
		    fastrpc_node_get_interface(nodes[i]) != iface)
			continue;
		r = fastrpc_device_open(fastrpc_node_get_domain(nodes[i]), iface, dev);
		if (ret == -ENOENT || !r)
			ret = r;
	}
	fastrpc_scan_free(nodes, n);
	return ret;
}

/* What to try when no node serves the domain asked for. */
static const char *no_node_hint(enum fastrpc_interface iface)
{
	switch (iface) {
	case FASTRPC_INTERFACE_ACCEL:
		return "modprobe fastrpc_accel; fastrpc-ctl list shows what there is";
	case FASTRPC_INTERFACE_LEGACY:
		return "modprobe fastrpc_accel (or fastrpc); fastrpc-ctl list shows what there is";
	default:
		return "fastrpc-ctl doctor";
	}
}

struct fastrpc_device *open_domain(const char *name, enum fastrpc_interface iface)
{
	const char *on = iface == FASTRPC_INTERFACE_ANY ? "" :
			 iface == FASTRPC_INTERFACE_ACCEL ? " on the accel interface" :
			 " on the legacy interface";
	struct fastrpc_device *dev;
	int ret;

	if (name) {
		ret = fastrpc_device_open(name, iface, &dev);
	} else {
		ret = fastrpc_device_open("cdsp", iface, &dev);
		if (ret == -ENOENT)
			ret = open_first(iface, &dev);
	}
	if (ret == -ENOENT && name && !strchr(name, '/'))
		die(EXIT_NO_DEVICE, no_node_hint(iface), "domain '%s' not found%s%s", name, on,
		    fastrpc_domain_id(name) < 0 ? " (not a domain name: adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0, gdsp1)" : "");
	if (ret == -ENOENT && name)
		die(EXIT_NO_DEVICE, "fastrpc-ctl list", "no such node '%s'", name);
	if (ret == -ENOENT)
		die(EXIT_NO_DEVICE, no_node_hint(iface),
		    "no FastRPC domain found%s (is fastrpc_accel or fastrpc loaded?)", on);
	if (ret == -ENODEV)
		die(EXIT_NO_DEVICE, "fastrpc-ctl list",
		    "'%s' is not a FastRPC node%s", name ? name : "cdsp", on);
	if (ret == -EACCES || ret == -EPERM)
		die(EXIT_FAIL, "fastrpc-ctl doctor (it names the group to join)",
		    "cannot open domain '%s': permission denied", name ? name : "cdsp");
	if (ret)
		die(EXIT_FAIL, NULL, "cannot open domain '%s': %s",
		    name ? name : "cdsp", tool_strerror(ret, 0));
	return dev;
}
