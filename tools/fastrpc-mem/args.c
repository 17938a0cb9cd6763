/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command line: one table of commands and one of options drive the
 * parser, --help and --complete alike.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools-common.h"
#include "mem.h"

static const struct cmd cmds[] = {
	{ "alloc", cmd_alloc, "SIZE [--map] [--fill SEED] [--hold]",
	  "allocate a buffer of the driver's; show its size, interface and dma-buf inode",
	  OPTF_MAP | OPTF_FILL | OPTF_HOLD, SIZE_REQUIRED, false },
	{ "import",
	  cmd_import, "(--heap NAME | --udmabuf | --pid PID --fd FD | --fd FD) [SIZE]\n"
	  "         [--map] [--verify] [--skel NAME] [--hold]",
	  "import a dma-buf of a heap, of udmabuf, of another process or inherited",
	  OPTF_HEAP | OPTF_UDMABUF | OPTF_PID | OPTF_FD | OPTF_MAP | OPTF_VERIFY |
	  OPTF_SKEL | OPTF_HOLD, SIZE_OPTIONAL, false },
	{ "export", cmd_export, "SIZE [--fill SEED] -- COMMAND [ARG...]",
	  "fill a buffer, run COMMAND with its dma-buf fd ({} and $FASTRPC_DMABUF_FD),\n"
	  "      then say whether the pattern survived",
	  OPTF_FILL, SIZE_REQUIRED, true },
	{ "verify", cmd_verify, "[SIZE] [--skel NAME]",
	  "the DSP and the CPU write and check patterns in a mapped buffer (SIZE: 64K)",
	  OPTF_SKEL, SIZE_OPTIONAL, false },
	{ "list", cmd_list, "",
	  "the driver's buffers and DSP mappings, per process and per session",
	  0, SIZE_NONE, false },
};

/* Long-only options: values above any character. */
enum {
	OPT_COMPLETE = 256,
	OPT_MAP,
	OPT_FILL,
	OPT_HOLD,
	OPT_HEAP,
	OPT_UDMABUF,
	OPT_PID,
	OPT_FD,
	OPT_VERIFY,
	OPT_SKEL,
};

struct mem_option {
	const char *name;
	int has_arg;
	int val;
	unsigned int flag;	/* OPTF_* of a command option, 0 for a global one */
	const char *arg;	/* its argument's name in --help */
	const char *help;	/* NULL: hidden */
};

static const struct mem_option options[] = {
	{ "domain", required_argument, 'd', 0, "DOMAIN",
	  "domain name (cdsp) or node (default: cdsp, else the first)" },
	{ "interface", required_argument, 'I', 0, "IFACE",
	  "any (default), accel or legacy" },
	{ "shell", required_argument, 's', 0, "SHELL",
	  "shell ELF of the DSP process (default: $FASTRPC_SHELL, else searched)" },
	{ "json", no_argument, 'j', 0, NULL, "JSON on stdout instead of text" },
	{ "help", no_argument, 'h', 0, NULL, "this help; after a command, that command's" },
	{ "version", no_argument, 'V', 0, NULL, "the version" },
	{ "map", no_argument, OPT_MAP, OPTF_MAP, NULL,
	  "map the buffer into a DSP process, show its DSP address" },
	{ "fill", required_argument, OPT_FILL, OPTF_FILL, "SEED",
	  "write the pattern of SEED (0 to 255; export: 0 by default)" },
	{ "hold", no_argument, OPT_HOLD, OPTF_HOLD, NULL,
	  "keep it all until SIGINT, SIGTERM or end of input" },
	{ "heap", required_argument, OPT_HEAP, OPTF_HEAP, "NAME",
	  "a new dma-buf of /dev/dma_heap/NAME (needs SIZE)" },
	{ "udmabuf", no_argument, OPT_UDMABUF, OPTF_UDMABUF, NULL,
	  "a new dma-buf of a sealed memfd, by /dev/udmabuf (needs SIZE)" },
	{ "pid", required_argument, OPT_PID, OPTF_PID, "PID",
	  "take fd FD of process PID (needs the right to ptrace it)" },
	{ "fd", required_argument, OPT_FD, OPTF_FD, "FD",
	  "the dma-buf's fd: of --pid's process, else inherited" },
	{ "verify", no_argument, OPT_VERIFY, OPTF_VERIFY, NULL,
	  "run verify's steps on the imported buffer" },
	{ "skel", required_argument, OPT_SKEL, OPTF_SKEL, "NAME",
	  "the skeleton with the lab's methods (default: lab)" },
	{ "complete", required_argument, OPT_COMPLETE, 0, "WHAT", NULL },
};

static struct option long_opts[ARRAY_SIZE(options) + 1];
static const char *names[ARRAY_SIZE(cmds) + 1];

const struct option *long_options(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++)
		long_opts[i] = (struct option){ options[i].name, options[i].has_arg,
						NULL, options[i].val };
	return long_opts;
}

const char *const *cmd_names(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		names[i] = cmds[i].name;
	return names;
}

/* ---- --help ---- */

static void print_option(const struct mem_option *opt)
{
	char flags[40], takers[64] = "";
	size_t i, n = 0;

	if (opt->val < 256)
		n = snprintf(flags, sizeof(flags), "-%c, ", opt->val);
	else
		n = snprintf(flags, sizeof(flags), "    ");
	snprintf(flags + n, sizeof(flags) - n, "--%s%s%s", opt->name,
		 opt->arg ? " " : "", opt->arg ? opt->arg : "");
	/* A command option names the commands that take it. */
	for (i = 0, n = 0; opt->flag && i < ARRAY_SIZE(cmds); i++)
		if (cmds[i].opts & opt->flag)
			n += snprintf(takers + n, sizeof(takers) - n, "%s%s",
				      n ? ", " : "", cmds[i].name);
	printf("  %-22s %s%s%s\n", flags, takers, n ? ": " : "", opt->help);
}

static void print_options(unsigned int flags, bool global)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++) {
		if (!options[i].help)
			continue;
		if (options[i].flag ? options[i].flag & flags : global)
			print_option(&options[i]);
	}
}

static const char globals[] = "[-d DOMAIN] [-I any|accel|legacy] [-s SHELL] [-j]";

void usage(const struct cmd *cmd)
{
	size_t i;

	if (cmd) {
		printf("Usage: %s %s %s %s\n\n  %s\n", prog_name(), globals, cmd->name,
		       cmd->args, cmd->help);
		if (cmd->opts) {
			printf("\nOptions of %s:\n", cmd->name);
			print_options(cmd->opts, false);
		}
		printf("\nOptions of every command:\n");
		print_options(0, true);
	} else {
		printf("Usage: %s %s COMMAND [ARGS]\n"
		       "       %s [COMMAND] -h|--help\n"
		       "       %s -V|--version\n\n"
		       "Buffers the DSP reaches in place: allocate, import, export, check, list.\n\n"
		       "Commands:\n", prog_name(), globals, prog_name(), prog_name());
		for (i = 0; i < ARRAY_SIZE(cmds); i++)
			printf("  %s%s%s\n      %s\n", cmds[i].name, *cmds[i].args ? " " : "",
			       cmds[i].args, cmds[i].help);
		printf("\nOptions:\n");
		print_options(~0u, true);
	}
	printf("\nSIZE: bytes, decimal or 0x hex, with an optional K, M or G (KiB, MiB, GiB).\n\n"
	       EXIT_STATUS_HELP("  3  a DSP method returned an error\n"));
}

/* ---- parsing ---- */

static int fail(char *why, size_t size, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(char *why, size_t size, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return err;
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

static const char *flag_name(unsigned int flag)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(options); i++)
		if (options[i].flag == flag)
			return options[i].name;
	return "?";
}

/* A number option's value, from @lo to @hi. */
static int number(const char *opt, const char *arg, uint32_t lo, uint32_t hi,
		  uint32_t *v, char *why, size_t size)
{
	int ret = parse_u32(arg, v);

	if (ret == -EINVAL)
		return fail(why, size, -EINVAL,
			    "invalid %s '%s': not a number (decimal or 0x hex)", opt, arg);
	if (ret || *v < lo || *v > hi)
		return fail(why, size, -ERANGE, "invalid %s '%s': %u to %u", opt, arg, lo, hi);
	return 0;
}

static int name_arg(const char *opt, const char *arg, bool path_ok, char *why,
		    size_t size)
{
	if (!*arg)
		return fail(why, size, -EINVAL, "%s: empty name", opt);
	if (!path_ok && (strchr(arg, '/') || !strcmp(arg, ".") || !strcmp(arg, "..")))
		return fail(why, size, -EINVAL, "invalid %s '%s': a name, not a path", opt, arg);
	return 0;
}

/* One option of the table, into @o. */
static int take_option(int c, struct mem_opts *o, char *why, size_t size)
{
	uint32_t v;
	int ret = 0;

	switch (c) {
	case 'd':
		o->domain = optarg;
		return name_arg("-d", optarg, true, why, size);
	case 'I':
		if (fastrpc_interface_parse(optarg, &o->iface))
			return fail(why, size, -EINVAL,
				    "invalid -I '%s': use any, accel or legacy", optarg);
		return 0;
	case 's':
		o->shell = optarg;
		return name_arg("-s", optarg, true, why, size);
	case 'j':
		o->json = true;
		return 0;
	case 'h':
		o->help = true;
		return 0;
	case 'V':
		o->version = true;
		return 0;
	case OPT_COMPLETE:
		o->complete = optarg;
		return 0;
	case OPT_MAP:
		o->given |= OPTF_MAP;
		return 0;
	case OPT_FILL:
		o->given |= OPTF_FILL;
		return number("--fill", optarg, 0, 255, &o->seed, why, size);
	case OPT_HOLD:
		o->given |= OPTF_HOLD;
		return 0;
	case OPT_HEAP:
		o->given |= OPTF_HEAP;
		o->heap = optarg;
		return name_arg("--heap", optarg, false, why, size);
	case OPT_UDMABUF:
		o->given |= OPTF_UDMABUF;
		return 0;
	case OPT_PID:
		o->given |= OPTF_PID;
		ret = number("--pid", optarg, 1, INT_MAX, &v, why, size);
		o->pid = v;
		return ret;
	case OPT_FD:
		o->given |= OPTF_FD;
		ret = number("--fd", optarg, 0, INT_MAX, &v, why, size);
		o->fd = v;
		return ret;
	case OPT_VERIFY:
		o->given |= OPTF_VERIFY;
		return 0;
	case OPT_SKEL:
		o->given |= OPTF_SKEL;
		o->skel = optarg;
		return name_arg("--skel", optarg, true, why, size);
	}
	return fail(why, size, -EINVAL, "option %d is not handled", c);
}

/* What getopt_long() refused. */
static int bad_option(int c, char **argv, char *why, size_t size)
{
	const char *word = argv[optind - 1];

	if (c == ':')
		return fail(why, size, -EINVAL, "option '%s' needs an argument", word);
	if (optopt >= 256)
		return fail(why, size, -EINVAL, "option '%s' takes no argument", word);
	if (optopt)
		return fail(why, size, -EINVAL, "unknown option '-%c'", optopt);
	return fail(why, size, -EINVAL, "unknown option '%s'", word);
}

/* import: exactly one source, and SIZE where the source makes the buffer. */
static int check_import(const struct mem_opts *o, char *why, size_t size)
{
	unsigned int sources = !!(o->given & OPTF_HEAP) + !!(o->given & OPTF_UDMABUF) +
			       !!(o->given & OPTF_FD);

	if ((o->given & OPTF_PID) && !(o->given & OPTF_FD))
		return fail(why, size, -EINVAL, "--pid needs --fd FD (its number in that process)");
	if (!sources)
		return fail(why, size, -EINVAL, "import needs a source: --heap NAME, --udmabuf, "
			    "--pid PID --fd FD, or --fd FD");
	if (sources > 1)
		return fail(why, size, -EINVAL, "import takes one source: --heap, --udmabuf or --fd");
	if ((o->given & (OPTF_HEAP | OPTF_UDMABUF)) && !o->have_size)
		return fail(why, size, -EINVAL, "--%s needs SIZE, the size to allocate",
			    o->given & OPTF_HEAP ? "heap" : "udmabuf");
	if ((o->given & OPTF_SKEL) && !(o->given & OPTF_VERIFY))
		return fail(why, size, -EINVAL, "--skel is for --verify");
	return 0;
}

/* The command's words and options, once all are read. */
static int check_cmd(struct mem_opts *o, const char *const *words, int nwords,
		     char **rest, char *why, size_t size)
{
	const struct cmd *cmd = o->cmd;
	unsigned int extra = o->given & ~cmd->opts;
	int ret;

	if (extra)
		return fail(why, size, -EINVAL, "%s takes no --%s", cmd->name,
			    flag_name(extra & -extra));
	if (nwords > (cmd->size == SIZE_NONE ? 0 : 1))
		return fail(why, size, -E2BIG, "%s: unexpected argument '%s'%s", cmd->name,
			    words[cmd->size == SIZE_NONE ? 0 : 1],
			    cmd->child ? " (the command goes after --)" : "");
	if (cmd->size == SIZE_REQUIRED && !nwords)
		return fail(why, size, -EINVAL, "%s needs SIZE", cmd->name);
	if (nwords) {
		ret = parse_size(words[0], &o->size);
		if (ret == -ERANGE)
			return fail(why, size, ret, "invalid SIZE '%s': too large", words[0]);
		if (ret)
			return fail(why, size, -EINVAL, "invalid SIZE '%s': use bytes, "
				    "decimal or 0x hex, with an optional K, M or G", words[0]);
		if (!o->size)
			return fail(why, size, -EINVAL, "invalid SIZE '%s': a buffer has bytes",
				    words[0]);
		o->have_size = true;
	}
	if (cmd->child && (!rest || !rest[0]))
		return fail(why, size, -EINVAL, "%s needs -- COMMAND [ARG...]", cmd->name);
	if (!cmd->child && rest && rest[0])
		return fail(why, size, -E2BIG, "%s: unexpected argument '%s'", cmd->name, rest[0]);
	o->child = cmd->child ? rest : NULL;
	if ((cmd->fn == cmd_verify || (o->given & OPTF_VERIFY)) && o->size > VERIFY_MAX)
		return fail(why, size, -ERANGE, "invalid SIZE '%s': the lab's methods take "
			    "at most 4 GiB - 4 KiB", words[0]);
	if (cmd->fn == cmd_import)
		return check_import(o, why, size);
	return 0;
}

int parse_args(int argc, char **argv, struct mem_opts *o, char *why, size_t size)
{
	const char *words[2];
	const char *env;
	char **rest;
	int nwords = 0, c, ret;

	*o = (struct mem_opts){ .fd = -1, .skel = "lab" };
	why[0] = '\0';
	long_options();
	/* "-": words come back in order, and "--" ends the options for good. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-:d:I:s:jhV", long_opts, NULL)) != -1) {
		if (c == 1 && !o->cmd) {
			o->cmd = find_cmd(optarg);
			if (!o->cmd)
				return fail(why, size, -ENOENT, "unknown command '%s'", optarg);
		} else if (c == 1) {
			if (nwords == (int)ARRAY_SIZE(words))
				return fail(why, size, -E2BIG, "%s: unexpected argument '%s'",
					    o->cmd->name, optarg);
			words[nwords++] = optarg;
		} else if (c == '?' || c == ':') {
			return bad_option(c, argv, why, size);
		} else {
			ret = take_option(c, o, why, size);
			if (ret)
				return ret;
		}
	}
	rest = optind < argc ? argv + optind : NULL;
	if (!o->shell) {
		env = getenv("FASTRPC_SHELL");
		o->shell = env && *env ? env : NULL;
	}
	/* Help, version and completion need no command, nor a whole one. */
	if (o->help || o->version || o->complete)
		return 0;
	if (!o->cmd)
		return fail(why, size, -EINVAL, "no command given");
	return check_cmd(o, words, nwords, rest, why, size);
}
