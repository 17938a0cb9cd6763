/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl's command line: the command table, the options (global ones
 * before or after the command), --help generated from both tables.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "tools-common.h"

/* Long options without a short one. */
enum {
	LOPT_SKEL = 256,
	LOPT_DEBUGFS,
	LOPT_COMPLETE,
};

static const struct cmd cmds[] = {
	{ "list", cmd_list, "",
	  "every domain and its nodes, through both interfaces", 0 },
	{ "info", cmd_info, "",
	  "what the driver and the DSP say about one domain", 0 },
	{ "ping", cmd_ping, "[-s SHELL] [--skel NAME|-H HANDLE] [-m METHOD] [-c COUNT]",
	  "start a session, call a method, report the round-trip latency",
	  OPT_SHELL | OPT_ATTRS | OPT_SKEL | OPT_HANDLE | OPT_METHOD | OPT_COUNT |
	  OPT_INTERVAL },
	{ "sessions", cmd_sessions, "[--debugfs]",
	  "who holds FastRPC files, and what their sessions hold", OPT_DEBUGFS },
	{ "doctor", cmd_doctor, "[-s SHELL]",
	  "check what a FastRPC program needs, with a fix for each failure",
	  OPT_SHELL },
};

static const struct option long_opts[] = {
	{ "domain", required_argument, NULL, 'd' },
	{ "interface", required_argument, NULL, 'I' },
	{ "json", no_argument, NULL, 'j' },
	{ "shell", required_argument, NULL, 's' },
	{ "attrs", required_argument, NULL, 'a' },
	{ "skel", required_argument, NULL, LOPT_SKEL },
	{ "handle", required_argument, NULL, 'H' },
	{ "method", required_argument, NULL, 'm' },
	{ "count", required_argument, NULL, 'c' },
	{ "interval", required_argument, NULL, 'i' },
	{ "debugfs", no_argument, NULL, LOPT_DEBUGFS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "complete", required_argument, NULL, LOPT_COMPLETE },	/* hidden */
	{ NULL, 0, NULL, 0 },
};

/* "-" first: words come back in order, whatever POSIXLY_CORRECT says. */
static const char short_opts[] = "-:d:I:js:a:H:m:c:i:hV";

/* --help's text of each option, in the order it lists them. */
static const struct {
	int val;
	const char *arg;
	const char *help;
	unsigned int bit;	/* OPT_* of a command's option, 0 for a global one */
} opt_docs[] = {
	{ 'd', "DOMAIN", "a domain name (cdsp) or node (/dev/accel/accel0);\n"
	  "default: cdsp, else the first domain", 0 },
	{ 'I', "IFACE", "any (default: accel when the domain has it, else\n"
	  "legacy), accel, or legacy (/dev/fastrpc-*)", 0 },
	{ 'j', NULL, "JSON on stdout instead of text", 0 },
	{ 'h', NULL, "this help", 0 },
	{ 'V', NULL, "the version", 0 },
	{ 's', "SHELL", "ping, doctor: the shell ELF (default: $FASTRPC_SHELL,\n"
	  "else the library's search for fastrpc_shell_<id>)", OPT_SHELL },
	{ 'a', "ATTRS", "ping: process attributes (unsigned,debug,... or a number)",
	  OPT_ATTRS },
	{ LOPT_SKEL, "NAME", "ping: open this skeleton (a name or a URI) and call it\n"
	  "(default: remotectl's close of handle 0, which every\nDSP answers)", OPT_SKEL },
	{ 'H', "HANDLE", "ping: call this remote handle, opening no skeleton", OPT_HANDLE },
	{ 'm', "METHOD", "ping: with --skel or -H, a method without arguments,\n"
	  "0 to 31 (default: 2)", OPT_METHOD },
	{ 'c', "COUNT", "ping: calls to make (default: 10)", OPT_COUNT },
	{ 'i', "MS", "ping: milliseconds to wait between calls (default: 0)",
	  OPT_INTERVAL },
	{ LOPT_DEBUGFS, NULL, "sessions: also the driver's own view (debugfs, root)",
	  OPT_DEBUGFS },
};

static const struct option *long_opt_of(int val)
{
	size_t i;

	for (i = 0; long_opts[i].name; i++)
		if (long_opts[i].val == val)
			return &long_opts[i];
	return NULL;
}

/* "-s/--shell" or "--skel": how messages name an option. */
static const char *opt_name(int val, char *buf, size_t size)
{
	const struct option *lo = long_opt_of(val);

	if (val < 256)
		snprintf(buf, size, "-%c/--%s", val, lo->name);
	else
		snprintf(buf, size, "--%s", lo->name);
	return buf;
}

static void print_opt_doc(size_t i)
{
	const struct option *lo = long_opt_of(opt_docs[i].val);
	const char *help = opt_docs[i].help, *nl;
	char left[64];
	int n;

	if (opt_docs[i].val < 256)
		n = snprintf(left, sizeof(left), "-%c, --%s", opt_docs[i].val, lo->name);
	else
		n = snprintf(left, sizeof(left), "    --%s", lo->name);
	if (opt_docs[i].arg)
		snprintf(left + n, sizeof(left) - n, " %s", opt_docs[i].arg);
	/* Continuation lines of the help line up under its first. */
	for (; (nl = strchr(help, '\n')); help = nl + 1, left[0] = '\0')
		printf("  %-22s %.*s\n", left, (int)(nl - help), help);
	printf("  %-22s %s\n", left, help);
}

void ctl_usage(void)
{
	size_t i;

	printf("Usage: %s [-d DOMAIN] [-I any|accel|legacy] [-j] COMMAND [OPTIONS]\n"
	       "       %s -h|--help | -V|--version\n\n"
	       "Commands:\n", prog_name(), prog_name());
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (cmds[i].args[0])
			printf("  %s %s\n  %-10s %s\n", cmds[i].name, cmds[i].args, "",
			       cmds[i].help);
		else
			printf("  %-10s %s\n", cmds[i].name, cmds[i].help);
	}
	printf("\nOptions (before or after the command):\n");
	for (i = 0; i < ARRAY_SIZE(opt_docs); i++) {
		if (opt_docs[i].bit && !opt_docs[i - 1].bit)
			printf("\nOptions of the commands:\n");
		print_opt_doc(i);
	}
	printf("\nNumbers are decimal or 0x hex.  The shell ELF may also be given\n"
	       "in FASTRPC_SHELL.\n\n"
	       EXIT_STATUS_HELP("  3  the DSP refused the skeleton or failed the method (ping)\n"));
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

/* A word of the command line: the command, then nothing more. */
static void take_word(const struct cmd **cmd, const char *word)
{
	if (*cmd)
		die_usage("%s: unexpected argument '%s'", (*cmd)->name, word);
	*cmd = find_cmd(word);
	if (!*cmd)
		die_usage("unknown command '%s'", word);
}

static noreturn void complete(const char *what)
{
	const char *names[ARRAY_SIZE(cmds) + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		names[i] = cmds[i].name;
	names[i] = NULL;
	complete_words(what, names, long_opts);
}

/* The option of each OPT_* bit, for "ping takes no --debugfs". */
static int val_of_bit(unsigned int bit)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_docs); i++)
		if (opt_docs[i].bit == bit)
			return opt_docs[i].val;
	return 0;
}

static void check_opts(const struct cmd *cmd, const struct ctl_opts *o)
{
	unsigned int extra = o->given & ~cmd->takes;
	char name[32];

	/* The lowest bit: the first option in opt_docs' order. */
	if (extra)
		die_usage("%s takes no %s", cmd->name,
			  opt_name(val_of_bit(extra & -extra), name, sizeof(name)));
	if ((o->given & OPT_SKEL) && (o->given & OPT_HANDLE))
		die_usage("ping: --skel and -H exclude each other (-H calls a handle "
			  "already open, --skel opens one)");
	if ((o->given & OPT_METHOD) && !(o->given & (OPT_SKEL | OPT_HANDLE)))
		die_usage("ping: -m needs --skel NAME or -H HANDLE (without them ping "
			  "calls remotectl, which every DSP answers)");
}

const struct cmd *ctl_parse(int argc, char **argv, struct ctl_opts *o)
{
	const struct cmd *cmd = NULL;
	const char *env;
	int c;

	*o = (struct ctl_opts){
		.iface = FASTRPC_INTERFACE_ANY,
		.handle = PING_PROBE_HANDLE,
		.method = PING_PROBE_METHOD,
		.count = PING_DEFAULT_COUNT,
	};
	optind = 0;
	while ((c = getopt_long(argc, argv, short_opts, long_opts, NULL)) != -1) {
		switch (c) {
		case 1:
			take_word(&cmd, optarg);
			break;
		case 'd':
			o->domain = optarg;
			break;
		case 'I':
			o->iface = opt_interface(optarg);
			break;
		case 'j':
			o->json = true;
			break;
		case 's':
			if (!*optarg)
				die_usage("invalid -s '': an empty path");
			o->shell = optarg;
			o->shell_from = "-s";
			o->given |= OPT_SHELL;
			break;
		case 'a':
			o->attrs = opt_attrs(optarg);
			o->given |= OPT_ATTRS;
			break;
		case LOPT_SKEL:
			if (!*optarg)
				die_usage("invalid --skel '': an empty name");
			o->skel = optarg;
			o->given |= OPT_SKEL;
			break;
		case 'H':
			o->handle = opt_u32("-H", optarg, UINT32_MAX);
			o->given |= OPT_HANDLE;
			break;
		case 'm':
			o->method = opt_u32("-m", optarg, FASTRPC_MAX_METHOD);
			o->given |= OPT_METHOD;
			break;
		case 'c':
			o->count = opt_u32("-c", optarg, PING_MAX_COUNT);
			if (!o->count)
				die_usage("invalid -c '%s': at least 1 call", optarg);
			o->given |= OPT_COUNT;
			break;
		case 'i':
			o->interval_ms = opt_u32("-i", optarg, PING_MAX_INTERVAL_MS);
			o->given |= OPT_INTERVAL;
			break;
		case LOPT_DEBUGFS:
			o->debugfs = true;
			o->given |= OPT_DEBUGFS;
			break;
		case 'h':
			ctl_usage();
			exit(EXIT_OK);
		case 'V':
			printf("%s %s (libfastrpc %s)\n", prog_name(), FASTRPC_VERSION,
			       fastrpc_version());
			exit(EXIT_OK);
		case LOPT_COMPLETE:
			complete(optarg);
		default:
			die_bad_option(c, argv);
		}
	}
	/* What follows "--". */
	for (; optind < argc; optind++)
		take_word(&cmd, argv[optind]);
	if (!cmd)
		die_usage("no command given (list, info, ping, sessions or doctor)");
	check_opts(cmd, o);
	if ((o->given & (OPT_SKEL | OPT_HANDLE)) && !(o->given & OPT_METHOD))
		o->method = PING_DEFAULT_METHOD;
	if (!o->shell) {
		env = getenv("FASTRPC_SHELL");
		if (env && *env) {
			o->shell = env;
			o->shell_from = "FASTRPC_SHELL";
		}
	}
	return cmd;
}
