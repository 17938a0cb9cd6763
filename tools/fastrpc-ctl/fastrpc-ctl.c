/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc-ctl: list the FastRPC domains and show what the driver says of one. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <drm/fastrpc_accel.h>
#include <libfastrpc.h>

#include "tools-common.h"

struct opts {
	const char *domain;
};

struct cmd {
	const char *name;
	int (*fn)(const struct opts *opts);
	const char *args;
	const char *help;
};

static int cmd_list(const struct opts *opts);
static int cmd_info(const struct opts *opts);

static const struct cmd cmds[] = {
	{ "list", cmd_list, "", "one line per domain: name, id, node" },
	{ "info", cmd_info, "[-d DOMAIN]",
	  "what the driver reports about a domain (default: cdsp, else the first)" },
};

static const struct option long_opts[] = {
	{ "domain", required_argument, NULL, 'd' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(void)
{
	size_t i;

	printf("Usage: %s [--json] COMMAND [OPTIONS]\n"
	       "       %s -h|--help | -V|--version\n\n"
	       "Commands:\n", prog_name(), prog_name());
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		printf("  %-4s %-12s %s\n", cmds[i].name, cmds[i].args,
		       cmds[i].help);
	printf("\nOptions:\n"
	       "  -d, --domain DOMAIN  a domain name (cdsp) or node (/dev/accel/accel0)\n"
	       "  -j, --json           JSON on stdout instead of text\n"
	       "  -h, --help           this help\n"
	       "  -V, --version        the version\n\n"
	       EXIT_STATUS_HELP(""));
}

static int cmd_list(const struct opts *opts)
{
	struct fastrpc_device *dev;
	char **paths;
	size_t n, i;
	int ret;

	if (opts->domain)
		die_usage("list takes no -d");
	ret = fastrpc_device_scan(NULL, &paths, &n);
	if (ret)
		die(EXIT_FAIL, NULL, "cannot scan /dev/accel: %s", strerror(-ret));
	if (!n)
		die(EXIT_NO_DEVICE,
		    "modprobe fastrpc_accel, and check the permissions of /dev/accel/accel*",
		    "no FastRPC domain found (is fastrpc_accel loaded?)");

	print_open_array("domains");
	for (i = 0; i < n; i++) {
		ret = fastrpc_device_open(paths[i], &dev);
		if (ret) {
			print_err(NULL, "cannot open %s: %s", paths[i],
				  strerror(-ret));
			continue;
		}
		print_open_object("domain");
		print_string("name", "%-6s ", fastrpc_device_get_domain(dev));
		print_uint("id", "%-2" PRIu64 " ", fastrpc_device_get_domain_id(dev));
		print_string("node", "%s\n", fastrpc_device_get_path(dev));
		print_close_object();
		fastrpc_device_close(dev);
	}
	print_close_array();
	fastrpc_device_scan_free(paths, n);
	return EXIT_OK;
}

static const char *const cap_names[] = {
	"user_pd", "invoke", "gem", "invoke_gem", "map", "attach",
};

static void print_caps(uint64_t caps)
{
	unsigned int bit;
	char unknown[16];
	const char *name;
	bool first = true;

	print_string(NULL, "%-16s", "caps:");
	print_open_array("caps");
	for (bit = 0; bit < 64; bit++) {
		if (!(caps & (1ULL << bit)))
			continue;
		if (bit < ARRAY_SIZE(cap_names)) {
			name = cap_names[bit];
		} else {
			snprintf(unknown, sizeof(unknown), "bit%u", bit);
			name = unknown;
		}
		print_string("cap", first ? "%s" : " %s", name);
		first = false;
	}
	print_close_array();
	print_string(NULL, "%s", "\n");
}

/* The numeric parameters, in the order info prints them. */
static const struct {
	uint32_t param;
	const char *key;
	const char *fmt;
} params[] = {
	{ DRM_FASTRPC_PARAM_UAPI_VERSION, "uapi_version", "uapi version:   %" PRIu64 "\n" },
	{ DRM_FASTRPC_PARAM_MAX_ARGS, "max_args", "max args:       %" PRIu64 "\n" },
	{ DRM_FASTRPC_PARAM_MAX_SHELL_SIZE, "max_shell_size", "max shell size: %" PRIu64 "\n" },
	{ DRM_FASTRPC_PARAM_CONTEXT_BANKS, "context_banks", "context banks:  %" PRIu64 "\n" },
	{ DRM_FASTRPC_PARAM_SESSIONS_FREE, "sessions_free", "free sessions:  %" PRIu64 "\n" },
};

static uint64_t query(struct fastrpc_device *dev, uint32_t param, const char *key)
{
	uint64_t value;
	int ret;

	ret = fastrpc_device_query(dev, param, 0, &value);
	if (ret)
		die(EXIT_FAIL, "check the driver's version (dmesg | grep -i fastrpc)",
		    "cannot query %s of %s: %s", key,
		    fastrpc_device_get_path(dev), strerror(-ret));
	return value;
}

static int cmd_info(const struct opts *opts)
{
	struct fastrpc_device *dev = open_domain(opts->domain);
	size_t i;

	print_string("domain", "domain:         %s\n", fastrpc_device_get_domain(dev));
	print_uint("domain_id", "domain id:      %" PRIu64 "\n",
		   fastrpc_device_get_domain_id(dev));
	print_string("node", "node:           %s\n", fastrpc_device_get_path(dev));
	print_bool("secure", "secure:         %s\n",
		   query(dev, DRM_FASTRPC_PARAM_SECURE, "secure"));
	print_caps(query(dev, DRM_FASTRPC_PARAM_CAPS, "caps"));
	for (i = 0; i < ARRAY_SIZE(params); i++)
		print_uint(params[i].key, params[i].fmt,
			   query(dev, params[i].param, params[i].key));
	fastrpc_device_close(dev);
	return EXIT_OK;
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

int main(int argc, char **argv)
{
	struct opts opts = { 0 };
	const struct cmd *cmd;
	bool json = false;
	int c, status, ret;

	tool_init(argv[0]);
	while ((c = getopt_long(argc, argv, ":d:jhV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			opts.domain = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage();
			return EXIT_OK;
		case 'V':
			printf("%s %s\n", prog_name(), FASTRPC_VERSION);
			return EXIT_OK;
		default:
			die_bad_option(c, argv);
		}
	}
	if (optind == argc)
		die_usage("no command given");
	cmd = find_cmd(argv[optind]);
	if (!cmd)
		die_usage("unknown command '%s'", argv[optind]);
	if (optind + 1 != argc)
		die_usage("%s: unexpected argument '%s'", cmd->name, argv[optind + 1]);

	output_init(stdout, json);
	status = cmd->fn(&opts);
	ret = output_finish();
	if (ret)
		die(EXIT_FAIL, NULL, "cannot write the output: %s", strerror(-ret));
	return status;
}
