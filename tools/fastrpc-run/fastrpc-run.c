/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-run: start a process on a DSP from a shell ELF (or attach to a
 * PD that runs there), and call methods in it with typed arguments: one
 * call from the command line, or several from a script, in one session.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libfastrpc.h>

#include "run.h"

/* What a static PD is lent as its heap unless --heap says otherwise. */
#define DEFAULT_HEAP	(1u << 20)
/* A static PD's name, without its NUL (the driver's limit). */
#define STATIC_NAME_MAX	63

struct session_opts {
	const char *domain;
	enum fastrpc_interface iface;
	const char *shell;		/* -s, else $FASTRPC_SHELL, else NULL */
	bool have_shell, have_attrs, have_heap;
	uint32_t attrs;
	enum fastrpc_pd pd;
	const char *static_name;	/* -P static:NAME */
	uint32_t heap;
	const char *script;		/* --script FILE, "-" for standard input */
	bool log;			/* --log: the DSP's log lines on stderr */
	bool no_listener;		/* --no-listener */
	bool json;
};

static const char *const pd_names[] = {
	[FASTRPC_PD_USER] = "user",
	[FASTRPC_PD_ROOT] = "root",
	[FASTRPC_PD_SENSORS] = "sensors",
	[FASTRPC_PD_STATIC] = "static",
};

static void usage(void)
{
	printf("Usage: %1$s [-d DOMAIN] [-I any|accel|legacy] [-s SHELL] [-a ATTRS]\n"
	       "           [-P user|root|sensors|static:NAME] [--heap SIZE]\n"
	       "           (-k SKEL | -H HANDLE) -m METHOD [-i SPEC]... [-o OUT]...\n"
	       "           [-f FORMAT] [-z] [-r N] [--log] [--no-listener] [-j]\n"
	       "       %1$s [SESSION OPTIONS] --script FILE|- [-j]\n"
	       "       %1$s -h|--help | -V|--version\n\n"
	       "Start a process on a DSP from a shell ELF (or attach to a PD), call METHOD\n"
	       "of a skeleton or remote handle with the input buffers in order and output\n"
	       "buffers of the given sizes, and print the outputs.  With --script, make\n"
	       "the calls of a file's lines, one a line, in the same process.\n\n"
	       "Session options:\n"
	       "  -d, --domain DOMAIN    domain name or node (default: cdsp, else the first)\n"
	       "  -I, --interface IFACE  any (default: accel when the domain has it, else\n"
	       "                         legacy), accel or legacy\n"
	       "  -s, --shell SHELL      shell ELF (default: $FASTRPC_SHELL, else the\n"
	       "                         library's search for fastrpc_shell_<domain id>)\n"
	       "  -a, --attrs ATTRS      process attributes: debug, ptrace, crc, unsigned,\n"
	       "                         adaptive-qos, system, privileged (comma-separated),\n"
	       "                         or a number\n"
	       "  -P, --pd KIND          the session: user (default: a new process from the\n"
	       "                         shell), root or sensors (attach to that PD), or\n"
	       "                         static:NAME (a static PD, such as audiopd)\n"
	       "      --heap SIZE        a static PD's heap, in bytes (default %2$u)\n"
	       "      --script FILE      the calls of FILE's lines (- for standard input)\n"
	       "      --log              print the DSP's log lines (FARF) on standard error\n"
	       "      --no-listener      serve no reverse calls: the DSP then cannot load\n"
	       "                         skeletons from this machine's files\n"
	       "  -j, --json             JSON on stdout instead of text\n\n"
	       "Call options (on the command line, or on each line of a script):\n"
	       "  -k, --skel SKEL        open skeleton SKEL (a name such as calculator, for\n"
	       "                         libcalculator_skel.so, or a URI file:///LIB?SYMBOL\n"
	       "                         [&_modver=1.0]) and call it; the DSP reads the\n"
	       "                         library from this machine's DSP search path\n"
	       "  -H, --handle HANDLE    call remote handle HANDLE\n"
	       "  -m, --method METHOD    method number, 0 to 31\n"
	       "  -i, --in SPEC          an input buffer, in order, up to 255 (SPECs below)\n"
	       "  -o, --out OUT          an output buffer, in order, up to 255 (OUTs below)\n"
	       "  -f, --format FORMAT    how N-byte outputs print: hex (default), u8, u16,\n"
	       "                         u32, u64, i8, i16, i32, i64, f32, f64, or raw (the\n"
	       "                         bytes as they are; one output, no -j, -r, script)\n"
	       "  -z, --zero-copy        pass the buffers in memory of the device, not copies\n"
	       "  -r, --repeat N         call N times (up to %3$u), print the last call's\n"
	       "                         outputs and the latency: min, p50, p99, max, mean\n\n"
	       "Other options:\n"
	       "  -h, --help             this help\n"
	       "  -V, --version          the version\n\n"
	       "SPECs: hex:0a0b  str:TEXT  file:PATH  - or stdin: (standard input, once)\n"
	       "       TYPE:V1,V2,...  an array of TYPE, little-endian: u8 u16 u32 u64\n"
	       "       i8 i16 i32 i64 (decimal or 0x hex, range-checked), f32 f64\n"
	       "OUTs:  N (N bytes, printed per -f)  TYPE:N (N elements, printed as TYPE)\n"
	       "       file:PATH:N (N bytes written to PATH as they are)\n"
	       "Numbers are decimal or 0x hex.  Script lines are split as a shell would\n"
	       "('...', \"...\", \\; # starts a comment); the session options come from\n"
	       "the command line.\n\n"
	       EXIT_STATUS_HELP("  3  the method (or opening the skeleton) failed on the DSP\n"),
	       prog_name(), DEFAULT_HEAP, RUN_MAX_REPEAT);
}

/* --complete WHAT: this tool's own word lists, else the shared ones. */
static void complete(const char *what)
{
	const struct spec_type *t;
	size_t i;

	if (strcmp(what, "formats") == 0) {
		printf("hex\nraw\n");
		for (i = 0; (t = spec_type_at(i)); i++)
			printf("%s\n", t->name);
	} else if (strcmp(what, "pds") == 0) {
		printf("user\nroot\nsensors\nstatic:\n");
	} else if (strcmp(what, "specs") == 0) {
		printf("hex:\nstr:\nfile:\nstdin:\n-\n");
		for (i = 0; (t = spec_type_at(i)); i++)
			printf("%s:\n", t->name);
	} else if (strcmp(what, "outs") == 0) {
		printf("file:\n");
		for (i = 0; (t = spec_type_at(i)); i++)
			printf("%s:\n", t->name);
	} else {
		complete_words(what, NULL, run_long_opts);
	}
	exit(EXIT_OK);
}

static void parse_pd(const char *arg, struct session_opts *o)
{
	size_t len;

	for (o->pd = FASTRPC_PD_USER; o->pd < FASTRPC_PD_STATIC; o->pd++)
		if (strcmp(arg, pd_names[o->pd]) == 0)
			return;
	if (strncmp(arg, "static:", 7) != 0)
		die_usage("invalid -P '%s': use user, root, sensors or static:NAME", arg);
	len = strlen(arg + 7);
	if (!len || len > STATIC_NAME_MAX)
		die_usage("invalid -P '%s': a static PD's name has 1 to %u bytes", arg,
			  STATIC_NAME_MAX);
	o->static_name = arg + 7;
}

static void parse_args(int argc, char **argv, struct session_opts *o, struct call *c)
{
	char err[RUN_ERR_MAX], name[32];
	int opt, first_call_opt = 0, ret;
	const char *env;

	while ((opt = getopt_long(argc, argv, run_short_opts, run_long_opts, NULL)) != -1) {
		if (is_call_option(opt)) {
			ret = call_option(c, opt, optarg, err);
			if (ret == -ENOMEM)
				die(EXIT_FAIL, NULL, "%s", err);
			if (ret)
				die_usage("%s", err);
			if (!first_call_opt)
				first_call_opt = opt;
			continue;
		}
		switch (opt) {
		case 'd':
			o->domain = optarg;
			break;
		case 'I':
			o->iface = opt_interface(optarg);
			break;
		case 's':
			o->shell = optarg;
			o->have_shell = true;
			break;
		case 'a':
			o->attrs = opt_attrs(optarg);
			o->have_attrs = true;
			break;
		case 'P':
			parse_pd(optarg, o);
			break;
		case OPT_HEAP:
			o->heap = opt_u32("--heap", optarg, UINT32_MAX);
			o->have_heap = true;
			break;
		case OPT_SCRIPT:
			o->script = optarg;
			break;
		case OPT_LOG:
			o->log = true;
			break;
		case OPT_NO_LISTENER:
			o->no_listener = true;
			break;
		case 'j':
			o->json = true;
			break;
		case 'h':
			usage();
			exit(EXIT_OK);
		case 'V':
			printf("fastrpc-run %s (libfastrpc %s)\n", FASTRPC_VERSION,
			       fastrpc_version());
			exit(EXIT_OK);
		case OPT_COMPLETE:
			complete(optarg);
			break;
		default:
			die_bad_option(opt, argv);
		}
	}
	if (optind != argc)
		die_usage("unexpected argument '%s'", argv[optind]);

	if (o->script && first_call_opt)
		die_usage("%s belongs on the script's lines with --script",
			  option_name(first_call_opt, name, sizeof(name)));
	if (!o->script && call_check(c, err))
		die_usage("%s", err);
	if (c->format.raw && o->json)
		die_usage("-f raw writes the output's bytes: not with --json");
	if (o->pd != FASTRPC_PD_USER && o->have_shell)
		die_usage("-s is for a user PD: -P %s runs no shell", pd_names[o->pd]);
	if (o->pd != FASTRPC_PD_USER && o->have_attrs)
		die_usage("-a is for a user PD: -P %s takes no attributes", pd_names[o->pd]);
	if (o->pd != FASTRPC_PD_STATIC && o->have_heap)
		die_usage("--heap is for a static PD (-P static:NAME)");
	if (o->log && o->no_listener)
		die_usage("--log needs the listener: the DSP's log lines come through it");
	if (!o->have_shell) {
		env = getenv("FASTRPC_SHELL");
		o->shell = env && *env ? env : NULL;
	}
}

/* The calls of --script FILE, every line checked; dies on a bad one. */
static struct call *load_script(const char *script, unsigned int *n)
{
	const char *name = strcmp(script, "-") ? script : "standard input";
	char err[RUN_ERR_MAX], *spec;
	struct spec_buf text;
	struct call *calls;
	const char *why;
	int ret;

	if (asprintf(&spec, "file:%s", script) < 0)
		die(EXIT_FAIL, NULL, "out of memory");
	ret = parse_spec(strcmp(script, "-") ? spec : "-", &text, &why);
	free(spec);
	if (ret)
		die(EXIT_FAIL, NULL, "cannot read script '%s': %s", name, why);
	ret = script_parse((const char *)text.data, text.len, &calls, n, err);
	spec_buf_free(&text);
	if (ret == -ENOMEM)
		die(EXIT_FAIL, NULL, "%s", err);
	if (ret)
		die_usage("--script %s: %s", name, err);
	if (!*n)
		die_usage("--script %s: no calls in it (every line is empty or a comment)", name);
	return calls;
}

/* -P user: a new process from the shell. */
static int start_user(struct fastrpc_device *dev, const struct session_opts *o,
		      struct fastrpc_session **s)
{
	unsigned int id = fastrpc_device_get_domain_id(dev);
	const char *domain = fastrpc_device_get_domain(dev);
	const char *reason, *shell = o->shell;
	char *found = NULL;
	int ret;

	ret = fastrpc_session_new(dev, o->shell, o->attrs, s, &reason);
	if (!ret)
		return EXIT_OK;
	/* Name the shell the library's search found, to say what was wrong with it. */
	if (!shell && fastrpc_shell_find(id, o->attrs, NULL, &found) == 0)
		shell = found;
	if (!shell && ret == -ENOENT) {
		print_err("-s SHELL, or FASTRPC_SHELL=PATH",
			  "no shell for %s: fastrpc_shell_%u is in none of the places searched "
			  "(., /usr/lib/rfsa/adsp, /usr/lib/dsp, /vendor/dsp, "
			  "the library's lib/dsp)",
			  domain, id);
	} else if (ret == -ENOEXEC) {
		print_err("-s PATH to a Hexagon (QDSP6) executable",
			  "cannot use shell '%s': %s", shell, reason);
	} else if (ret == -EFBIG) {
		print_err("fastrpc-ctl info (it shows the largest shell the driver takes)",
			  "cannot use shell '%s': larger than the driver takes", shell);
	} else if (shell && (ret == -ENOENT || ret == -EISDIR ||
			     ((ret == -EACCES || ret == -EPERM) && access(shell, R_OK)))) {
		print_err("-s PATH to the shell ELF, or FASTRPC_SHELL=PATH",
			  "cannot read shell '%s': %s", shell,
			  strerror(ret == -EISDIR || ret == -ENOENT ? -ret : errno));
	} else if (ret == -ECONNREFUSED) {
		print_err("-a unsigned, if the shell is not signed",
			  "cannot start a process on %s from shell '%s': the DSP refused it",
			  domain, shell ? shell : "?");
	} else if (ret == -EACCES || ret == -EPERM) {
		print_err(o->attrs & (FASTRPC_PD_ATTR_SYSTEM | FASTRPC_PD_ATTR_PRIVILEGED) ?
			  "-a without system and privileged, or as a trusted user (CAP_SYS_ADMIN)" :
			  "fastrpc-ctl doctor",
			  "cannot start a process on %s: %s", domain, tool_strerror(ret, 0));
	} else {
		print_err(NULL, "cannot start a process on %s from shell '%s': %s", domain,
			  shell ? shell : "?", tool_strerror(ret, 0));
	}
	free(found);
	return EXIT_FAIL;
}

static int start_session(struct fastrpc_device *dev, const struct session_opts *o,
			 struct fastrpc_session **s)
{
	const char *domain = fastrpc_device_get_domain(dev);
	const char *hint = NULL;
	char what[128];
	int ret;

	if (o->pd == FASTRPC_PD_USER)
		return start_user(dev, o, s);
	if (o->pd == FASTRPC_PD_STATIC) {
		ret = fastrpc_session_new_static(dev, o->static_name, o->heap, s);
		snprintf(what, sizeof(what), "the static PD '%s'", o->static_name);
	} else {
		ret = fastrpc_session_attach(dev, o->pd, s);
		snprintf(what, sizeof(what), "the %s PD", pd_names[o->pd]);
	}
	if (!ret)
		return EXIT_OK;
	if (ret == -EACCES || ret == -EPERM)
		hint = "attaching needs a trusted user: CAP_SYS_ADMIN, or the group "
		       "fastrpc_accel's attach_gid names";
	else if (ret == -ECONNREFUSED && o->pd == FASTRPC_PD_STATIC)
		hint = "the name of a static PD the DSP runs (audiopd, ...)";
	print_err(hint, "cannot attach to %s of %s: %s", what, domain, tool_strerror(ret, 0));
	return EXIT_FAIL;
}

/* --log and --no-listener, before the session starts. */
static int listener_setup(struct fastrpc_device *dev, const struct session_opts *o)
{
	int ret = 0;

	if (o->no_listener)
		ret = fastrpc_device_set_listener_flags(dev, FASTRPC_LISTENER_OFF);
	else if (o->log)
		ret = dsplog_enable(dev, o->json);
	if (ret) {
		print_err(NULL, "cannot set up the listener of %s: %s",
			  fastrpc_device_get_domain(dev), tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* The calls, in order, until one fails; prints what each returned. */
static int run_calls(struct runner *r, struct call *calls, unsigned int n, bool script,
		     bool *printed)
{
	int status = EXIT_OK, ret;
	struct result res;
	char where[64] = "";
	unsigned int i;

	for (i = 0; i < n && status == EXIT_OK; i++) {
		if (script)
			snprintf(where, sizeof(where), "call %u (line %u): ", i + 1,
				 calls[i].line);
		status = runner_call(r, &calls[i], where, &res);
		if (res.called) {
			*printed = true;
			ret = print_result(&calls[i], &res, script ? i + 1 : 0, stdout);
			if (ret)
				status = ret;
		}
		result_free(&calls[i], &res);
	}
	return status;
}

int main(int argc, char **argv)
{
	struct session_opts o = {
		.iface = FASTRPC_INTERFACE_ANY,
		.pd = FASTRPC_PD_USER,
		.heap = DEFAULT_HEAP,
	};
	struct runner r = { 0 };
	struct call cmdline, *calls;
	bool printed = false;
	unsigned int n = 1;
	int status, ret;

	tool_init(argv[0]);
	call_init(&cmdline, 0);
	parse_args(argc, argv, &o, &cmdline);
	calls = o.script ? load_script(o.script, &n) : &cmdline;

	r.dev = open_domain(o.domain, o.iface);
	status = listener_setup(r.dev, &o);
	if (status == EXIT_OK)
		status = start_session(r.dev, &o, &r.session);
	if (status == EXIT_OK) {
		output_init(stdout, o.json);
		print_string("domain", NULL, fastrpc_device_get_domain(r.dev));
		print_string("interface", NULL,
			     fastrpc_interface_name(fastrpc_device_get_interface(r.dev)));
		print_string("node", NULL, fastrpc_device_get_path(r.dev));
		print_string("pd", NULL, pd_names[o.pd]);
		if (o.script)
			print_open_array("calls");
		status = run_calls(&r, calls, n, o.script, &printed);
		if (o.script)
			print_close_array();
		ret = runner_close(&r);
		if (status == EXIT_OK)
			status = ret;
		/* Ending the session ends the listener: every line is in by then. */
		fastrpc_session_free(r.session);
		if (o.log)
			dsplog_report();
	}
	dsplog_free();
	fastrpc_device_close(r.dev);

	/* Nothing is printed unless a call answered. */
	if (printed) {
		ret = output_finish();
		if (ret) {
			print_err(NULL, "cannot write the output: %s", strerror(-ret));
			if (status == EXIT_OK)
				status = EXIT_FAIL;
		}
	}
	if (o.script)
		calls_free(calls, n);
	call_free(&cmdline);
	return status;
}
