/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl: the command line, the node filter, formatting, doctor's
 * findings and fixes; then the built binary's --help against the man page,
 * and the bash completion script run in bash against the binary.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <drm/fastrpc_accel.h>

#include "ctl.h"
#include "tool_test.h"
#include "tools-common.h"

#define ARGV(...) ((char *[]){ "fastrpc-ctl", __VA_ARGS__, NULL })

/* ---- helpers ---- */

/* Run @argv (execvp) and return its exit status, its stdout in @out. */
static int run_argv(char *const argv[], char *out, size_t size)
{
	return tt_exec(argv, TT_STDOUT, out, size);
}

struct parse_args {
	int argc;
	char **argv;
};

static void parse_in_child(void *arg)
{
	struct parse_args *p = arg;
	struct ctl_opts o;

	tool_init("fastrpc-ctl");
	ctl_parse(p->argc, p->argv, &o);
}

/* ctl_parse() in a child; its exit status, its stdout and stderr in @err. */
static int parse_exit_status(int argc, char **argv, char *err, size_t size)
{
	struct parse_args p = { argc, argv };

	return tt_child(parse_in_child, &p, -1, TT_STDOUT | TT_STDERR, err, size);
}

static char *read_file(const char *path)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = fopen(path, "re");

	assert_non_null(f);
	assert_true(getdelim(&text, &size, '\0', f) > 0);
	fclose(f);
	return text;
}

/* ---- the command line ---- */

static void ctl_parse__global_options_after_the_command(void **state)
{
	char **argv = ARGV("list", "-j", "-d", "cdsp", "--interface", "legacy");
	struct ctl_opts o;
	const struct cmd *cmd;

	(void)state;
	cmd = ctl_parse(7, argv, &o);
	assert_string_equal(cmd->name, "list");
	assert_true(o.json);
	assert_string_equal(o.domain, "cdsp");
	assert_int_equal(o.iface, FASTRPC_INTERFACE_LEGACY);
	assert_int_equal(o.given, 0);
}

static void ctl_parse__ping_defaults(void **state)
{
	char **argv = ARGV("ping");
	struct ctl_opts o;

	(void)state;
	unsetenv("FASTRPC_SHELL");
	assert_string_equal(ctl_parse(2, argv, &o)->name, "ping");
	/* remotectl's close of handle 0, which every DSP answers. */
	assert_null(o.skel);
	assert_int_equal(o.handle, 0);
	assert_int_equal(o.method, 1);
	assert_int_equal(o.count, 10);
	assert_int_equal(o.interval_ms, 0);
	assert_int_equal(o.iface, FASTRPC_INTERFACE_ANY);
	assert_null(o.shell);
	assert_null(o.shell_from);
	assert_null(o.domain);
}

static void ctl_parse__shell_from_option_over_env(void **state)
{
	char **env_only = ARGV("doctor");
	char **both = ARGV("-s", "/opt/shell", "doctor");
	struct ctl_opts o;

	(void)state;
	setenv("FASTRPC_SHELL", "/env/shell", 1);
	ctl_parse(2, env_only, &o);
	assert_string_equal(o.shell, "/env/shell");
	assert_string_equal(o.shell_from, "FASTRPC_SHELL");
	ctl_parse(4, both, &o);
	assert_string_equal(o.shell, "/opt/shell");
	assert_string_equal(o.shell_from, "-s");
	assert_int_equal(o.given, OPT_SHELL);
	/* Empty is unset. */
	setenv("FASTRPC_SHELL", "", 1);
	ctl_parse(2, env_only, &o);
	assert_null(o.shell);
	unsetenv("FASTRPC_SHELL");
}

static void ctl_parse__handle_opens_no_skel(void **state)
{
	char **argv = ARGV("ping", "-H", "0x10", "-m", "3", "-c", "5", "-i", "20", "-a",
			   "unsigned");
	struct ctl_opts o;

	(void)state;
	ctl_parse(12, argv, &o);
	assert_null(o.skel);
	assert_int_equal(o.handle, 0x10);
	assert_int_equal(o.method, 3);
	assert_int_equal(o.count, 5);
	assert_int_equal(o.interval_ms, 20);
	assert_int_equal(o.attrs, FASTRPC_PD_ATTR_UNSIGNED);
}

static void ctl_parse__skel_calls_method_2_by_default(void **state)
{
	char **argv = ARGV("ping", "--skel", "calculator");
	struct ctl_opts o;

	(void)state;
	ctl_parse(4, argv, &o);
	assert_string_equal(o.skel, "calculator");
	assert_int_equal(o.method, PING_DEFAULT_METHOD);
}

static void ctl_parse__method_without_skel_or_handle_exits_2(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(parse_exit_status(4, ARGV("ping", "-m", "3"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_non_null(strstr(err, "ping: -m needs --skel NAME or -H HANDLE"));
}

static void ctl_parse__words_after_double_dash(void **state)
{
	char **argv = ARGV("-j", "--", "sessions");
	struct ctl_opts o;

	(void)state;
	assert_string_equal(ctl_parse(4, argv, &o)->name, "sessions");
	assert_true(o.json);
}

static void ctl_parse__option_of_another_command_exits_2(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(parse_exit_status(4, ARGV("list", "-c", "3"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_string_equal(err, "fastrpc-ctl: list takes no -c/--count\n"
			    "try: fastrpc-ctl --help\n");
	assert_int_equal(parse_exit_status(3, ARGV("ping", "--debugfs"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_string_equal(err, "fastrpc-ctl: ping takes no --debugfs\n"
			    "try: fastrpc-ctl --help\n");
}

static void ctl_parse__skel_and_handle_exit_2(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(parse_exit_status(6, ARGV("ping", "--skel", "x", "-H", "1"), err,
					   sizeof(err)), EXIT_USAGE);
	assert_non_null(strstr(err, "--skel and -H exclude each other"));
}

static void ctl_parse__bad_values_exit_2(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(parse_exit_status(4, ARGV("ping", "-c", "0"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_string_equal(err, "fastrpc-ctl: invalid -c '0': at least 1 call\n"
			    "try: fastrpc-ctl --help\n");
	assert_int_equal(parse_exit_status(6, ARGV("ping", "-H", "1", "-m", "32"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_string_equal(err, "fastrpc-ctl: invalid -m '32': more than 31\n"
			    "try: fastrpc-ctl --help\n");
	assert_int_equal(parse_exit_status(4, ARGV("info", "-I", "usb"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_int_equal(parse_exit_status(4, ARGV("ping", "-i", "60001"), err, sizeof(err)),
			 EXIT_USAGE);
}

static void ctl_parse__unknown_missing_or_extra_command_exits_2(void **state)
{
	char err[512];

	(void)state;
	assert_int_equal(parse_exit_status(2, ARGV("lsit"), err, sizeof(err)), EXIT_USAGE);
	assert_string_equal(err, "fastrpc-ctl: unknown command 'lsit'\n"
			    "try: fastrpc-ctl --help\n");
	assert_int_equal(parse_exit_status(2, ARGV("-j"), err, sizeof(err)), EXIT_USAGE);
	assert_non_null(strstr(err, "no command given"));
	assert_int_equal(parse_exit_status(3, ARGV("info", "cdsp"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_string_equal(err, "fastrpc-ctl: info: unexpected argument 'cdsp'\n"
			    "try: fastrpc-ctl --help\n");
	assert_int_equal(parse_exit_status(3, ARGV("info", "--bogus"), err, sizeof(err)),
			 EXIT_USAGE);
	assert_int_equal(parse_exit_status(2, ARGV("-d"), err, sizeof(err)), EXIT_USAGE);
	assert_non_null(strstr(err, "option '-d' needs an argument"));
}

static void ctl_parse__version_names_both(void **state)
{
	char out[512], want[128];

	(void)state;
	assert_int_equal(parse_exit_status(2, ARGV("-V"), out, sizeof(out)), EXIT_OK);
	snprintf(want, sizeof(want), "fastrpc-ctl %s (libfastrpc %s)\n", FASTRPC_VERSION,
		 fastrpc_version());
	assert_string_equal(out, want);
}

/* ---- the node filter ---- */

static void ctl_node_wanted__by_domain_and_interface(void **state)
{
	struct ctl_opts o = { .iface = FASTRPC_INTERFACE_ANY };

	(void)state;
	assert_true(ctl_node_wanted(&o, "cdsp", "/dev/accel/accel0", FASTRPC_INTERFACE_ACCEL));
	o.domain = "cdsp";
	assert_true(ctl_node_wanted(&o, "cdsp", "/dev/fastrpc-cdsp", FASTRPC_INTERFACE_LEGACY));
	assert_false(ctl_node_wanted(&o, "adsp", "/dev/fastrpc-adsp", FASTRPC_INTERFACE_LEGACY));
	o.iface = FASTRPC_INTERFACE_ACCEL;
	assert_false(ctl_node_wanted(&o, "cdsp", "/dev/fastrpc-cdsp", FASTRPC_INTERFACE_LEGACY));
	assert_true(ctl_node_wanted(&o, "cdsp", "/dev/accel/accel0", FASTRPC_INTERFACE_ACCEL));
}

static void ctl_node_wanted__path_through_a_symlink(void **state)
{
	char dir[] = "/tmp/test_ctl.XXXXXX", node[PATH_MAX], link[PATH_MAX];
	struct ctl_opts o = { .iface = FASTRPC_INTERFACE_ANY };
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(node, sizeof(node), "%s/fastrpc-cdsp", dir);
	snprintf(link, sizeof(link), "%s/link", dir);
	fd = open(node, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(symlink(node, link), 0);
	o.domain = link;
	assert_true(ctl_node_wanted(&o, "cdsp", node, FASTRPC_INTERFACE_LEGACY));
	assert_false(ctl_node_wanted(&o, "cdsp", "/dev/fastrpc-cdsp-secure",
				     FASTRPC_INTERFACE_LEGACY));
	/* A path is no domain name, even when the node's domain is. */
	o.domain = "/nonexistent/cdsp";
	assert_false(ctl_node_wanted(&o, "cdsp", node, FASTRPC_INTERFACE_LEGACY));
	unlink(link);
	unlink(node);
	rmdir(dir);
}

/* ---- formatting ---- */

static void ctl_cap_name__matches_the_uapi_bits(void **state)
{
	static const struct {
		uint64_t cap;
		const char *name;
	} caps[] = {
		{ DRM_FASTRPC_CAP_USER_PD, "user_pd" },
		{ DRM_FASTRPC_CAP_INVOKE, "invoke" },
		{ DRM_FASTRPC_CAP_GEM, "gem" },
		{ DRM_FASTRPC_CAP_INVOKE_GEM, "invoke_gem" },
		{ DRM_FASTRPC_CAP_MAP, "map" },
		{ DRM_FASTRPC_CAP_ATTACH, "attach" },
		{ DRM_FASTRPC_CAP_DSP_ATTR, "dsp_attr" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(caps); i++)
		assert_string_equal(ctl_cap_name(__builtin_ctzll(caps[i].cap)), caps[i].name);
	assert_null(ctl_cap_name(63));
}

static void ctl_state_name__by_errno(void **state)
{
	(void)state;
	assert_string_equal(ctl_state_name(0), "ready");
	assert_string_equal(ctl_state_name(-EACCES), "no-access");
	assert_string_equal(ctl_state_name(-EPERM), "no-access");
	assert_string_equal(ctl_state_name(-ENODEV), "error");
}

static void ctl_params__keys_are_snake_case_and_unique(void **state)
{
	size_t i, j;
	const char *k;

	(void)state;
	assert_int_equal(ctl_nparams, 8);
	for (i = 0; i < ctl_nparams; i++) {
		for (k = ctl_params[i].key; *k; k++)
			assert_true((*k >= 'a' && *k <= 'z') || *k == '_');
		for (j = 0; j < i; j++) {
			assert_string_not_equal(ctl_params[i].key, ctl_params[j].key);
			assert_int_not_equal(ctl_params[i].param, ctl_params[j].param);
		}
	}
}

/* ---- doctor ---- */

static void group_name__root_and_a_gid_without_a_name(void **state)
{
	char buf[64];

	(void)state;
	assert_true(group_name(0, buf, sizeof(buf)));
	assert_string_equal(buf, "root");
	/* No distribution hands out gids this high. */
	assert_false(group_name(3999999, buf, sizeof(buf)));
	assert_string_equal(buf, "3999999");
}

static void node_perm_read__a_file_of_this_process(void **state)
{
	char path[] = "/tmp/test_ctl_node.XXXXXX";
	struct node_perm perm;
	struct group *gr;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(node_perm_read(path, &perm), 0);
	assert_int_equal(perm.mode, 0640);
	assert_int_equal(perm.uid, geteuid());
	gr = getgrgid(perm.gid);
	if (gr)
		assert_string_equal(perm.group, gr->gr_name);
	assert_int_equal(perm.group_known, gr != NULL);
	/* A new file takes this process's group (no setgid directory in /tmp). */
	assert_true(perm.in_session);
	unlink(path);
	assert_int_equal(node_perm_read(path, &perm), -ENOENT);
}

static void doctor_access_fix__root_group_needs_a_udev_rule(void **state)
{
	struct node_perm perm = { .gid = 0, .mode = 0600, .group = "root", .group_known = true };
	char fix[512];

	(void)state;
	assert_string_equal(doctor_access_fix(&perm, FASTRPC_INTERFACE_LEGACY, fix, sizeof(fix)),
			    "a udev rule giving the node a group, in "
			    "/etc/udev/rules.d/60-fastrpc.rules: KERNEL==\"fastrpc-*\", "
			    "GROUP=\"fastrpc\", MODE=\"0660\"; then udevadm trigger, and "
			    "usermod -aG fastrpc $USER");
	doctor_access_fix(&perm, FASTRPC_INTERFACE_ACCEL, fix, sizeof(fix));
	assert_non_null(strstr(fix, "SUBSYSTEM==\"accel\", DRIVERS==\"fastrpc-accel\", "
			       "GROUP=\"fastrpc\""));
}

static void doctor_access_fix__group_kept_out_by_the_mode(void **state)
{
	struct node_perm perm = { .gid = 44, .mode = 0640, .group = "video", .group_known = true };
	char fix[512];

	(void)state;
	/* Read is enough for legacy nodes, accel ones are opened read-write. */
	doctor_access_fix(&perm, FASTRPC_INTERFACE_LEGACY, fix, sizeof(fix));
	assert_string_equal(fix, "usermod -aG video $USER, then log in again");
	doctor_access_fix(&perm, FASTRPC_INTERFACE_ACCEL, fix, sizeof(fix));
	assert_non_null(strstr(fix, "a udev rule"));
	assert_non_null(strstr(fix, "GROUP=\"video\", MODE=\"0660\""));
	perm.mode = 0600;
	doctor_access_fix(&perm, FASTRPC_INTERFACE_LEGACY, fix, sizeof(fix));
	assert_non_null(strstr(fix, "KERNEL==\"fastrpc-*\", GROUP=\"video\""));
}

static void doctor_access_fix__member_not_in_this_session_logs_in_again(void **state)
{
	struct node_perm perm = {
		.gid = 1001, .mode = 0660, .group = "fastrpc", .group_known = true,
		.listed = true, .in_session = false,
	};
	char fix[512];

	(void)state;
	assert_string_equal(doctor_access_fix(&perm, FASTRPC_INTERFACE_ACCEL, fix, sizeof(fix)),
			    "log in again (or newgrp fastrpc): you are in group fastrpc, "
			    "this session is not");
	perm.listed = false;
	assert_string_equal(doctor_access_fix(&perm, FASTRPC_INTERFACE_ACCEL, fix, sizeof(fix)),
			    "usermod -aG fastrpc $USER, then log in again");
}

static void doctor_access_fix__group_without_a_name_needs_a_rule(void **state)
{
	struct node_perm perm = { .gid = 3999999, .mode = 0660, .group = "3999999" };
	char fix[512];

	(void)state;
	doctor_access_fix(&perm, FASTRPC_INTERFACE_LEGACY, fix, sizeof(fix));
	assert_non_null(strstr(fix, "GROUP=\"fastrpc\""));
}

static void doctor_dsp_health__by_errno(void **state)
{
	(void)state;
	assert_int_equal(doctor_dsp_health(0), DSP_UP);
	assert_int_equal(doctor_dsp_health(-EOPNOTSUPP), DSP_NO_TABLE);
	assert_int_equal(doctor_dsp_health(-ENODEV), DSP_DOWN);
	assert_int_equal(doctor_dsp_health(-ETIMEDOUT), DSP_DOWN);
	assert_int_equal(doctor_dsp_health(-ECONNRESET), DSP_DOWN);
	assert_int_equal(doctor_dsp_health(-EIO), DSP_BROKEN);
	assert_int_equal(doctor_dsp_health(-EACCES), DSP_BROKEN);
}

static void doctor_shell_fix__by_source(void **state)
{
	char fix[512];

	(void)state;
	assert_string_equal(doctor_shell_fix(SHELL_FROM_OPTION, true, 3, fix, sizeof(fix)),
			    "-s PATH of an existing shell ELF (fastrpc_shell_3 for cdsp)");
	assert_string_equal(doctor_shell_fix(SHELL_FROM_ENV, false, 0, fix, sizeof(fix)),
			    "FASTRPC_SHELL=PATH of a Hexagon shell ELF (fastrpc_shell_0 for adsp), "
			    "or unset FASTRPC_SHELL for the default search");
	assert_string_equal(doctor_shell_fix(SHELL_FROM_SEARCH, true, 0, fix, sizeof(fix)),
			    "install the DSP's shell as /usr/lib/dsp/adsp/fastrpc_shell_0 (it "
			    "comes with the DSP firmware or SDK), or name one with -s PATH or "
			    "FASTRPC_SHELL=PATH");
	assert_non_null(strstr(shell_search_places(), "/usr/lib/rfsa/adsp"));
}

/* ---- the binary, its man page and its completion ---- */

/* Every "-x" and "--word" of @text, each once, into @opts. */
static size_t options_in(const char *text, char opts[][32], size_t max)
{
	const char *p;
	size_t n = 0, len, i;

	for (p = text; (p = strchr(p, '-')); p += len ? len : 1) {
		len = 0;
		if (p > text && !strchr(" \n,[|(", p[-1]))
			continue;
		len = strspn(p, "-");
		if (len > 2 || !((p[len] >= 'a' && p[len] <= 'z') ||
				 (p[len] >= 'A' && p[len] <= 'Z'))) {
			len = 0;
			continue;
		}
		len += strspn(p + len, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-");
		/* "-d" alone; a one-dash word is no option. */
		if (p[1] != '-' && len != 2)
			continue;
		for (i = 0; i < n; i++)
			if (strlen(opts[i]) == len && !strncmp(opts[i], p, len))
				break;
		if (i == n && n < max && len < 32)
			snprintf(opts[n++], 32, "%.*s", (int)len, p);
	}
	return n;
}

/* @opt in the roff text, written with "\-", as a word of its own. */
static bool in_man_page(const char *man, const char *opt)
{
	char roff[80];
	const char *p, *o;
	size_t len = 0, rlen;

	for (o = opt; *o && len < sizeof(roff) - 3; o++) {
		if (*o == '-')
			roff[len++] = '\\';
		roff[len++] = *o;
	}
	roff[len] = '\0';
	rlen = strlen(roff);
	for (p = man; (p = strstr(p, roff)); p += rlen) {
		char next = p[rlen];

		if (!((next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
		      next == '\\'))
			return true;
	}
	return false;
}

static void help__every_option_it_lists_is_in_the_man_page(void **state)
{
	static char help[16384];
	char opts[64][32];
	char *man;
	size_t n, i;

	(void)state;
	assert_int_equal(run_argv((char *[]){ CTL_BINARY, "--help", NULL }, help,
				  sizeof(help)), 0);
	man = read_file(CTL_MAN_PAGE);
	n = options_in(help, opts, ARRAY_SIZE(opts));
	/* -d -I -j -h -V -s -a -H -m -c -i and the long ones. */
	assert_true(n >= 20);
	for (i = 0; i < n; i++) {
		if (!in_man_page(man, opts[i]))
			fail_msg("%s is in --help but not in %s", opts[i], CTL_MAN_PAGE);
	}
	free(man);
}

static void help__lists_every_command_and_option(void **state)
{
	static char help[16384], words[4096];
	char *w, *save = NULL;

	(void)state;
	assert_int_equal(run_argv((char *[]){ CTL_BINARY, "--help", NULL }, help,
				  sizeof(help)), 0);
	assert_int_equal(run_argv((char *[]){ CTL_BINARY, "--complete", "commands", NULL },
				  words, sizeof(words)), 0);
	assert_string_equal(words, "list\ninfo\nping\nsessions\ndoctor\n");
	for (w = strtok_r(words, "\n", &save); w; w = strtok_r(NULL, "\n", &save)) {
		char line[64];

		snprintf(line, sizeof(line), "\n  %s ", w);
		if (!strstr(help, line))
			fail_msg("command %s is not in --help", w);
	}
	assert_int_equal(run_argv((char *[]){ CTL_BINARY, "--complete", "options", NULL },
				  words, sizeof(words)), 0);
	assert_null(strstr(words, "--complete"));
	for (w = strtok_r(words, "\n", &save); w; w = strtok_r(NULL, "\n", &save))
		if (!strstr(help, w))
			fail_msg("option %s is not in --help", w);
}

/* A directory with a fastrpc-ctl that answers --complete domains as a lab would. */
static char fake_dir[64];

static int completion_setup(void **state)
{
	char path[PATH_MAX];
	FILE *f;

	(void)state;
	snprintf(fake_dir, sizeof(fake_dir), "/tmp/test_ctl_bin.XXXXXX");
	if (!mkdtemp(fake_dir))
		return -1;
	snprintf(path, sizeof(path), "%s/fastrpc-ctl", fake_dir);
	f = fopen(path, "we");
	if (!f)
		return -1;
	fprintf(f, "#!/bin/sh\n"
		"if [ \"$1\" = --complete ] && [ \"$2\" = domains ]; then\n"
		"\tprintf 'cdsp\\nadsp\\n/dev/accel/accel0\\n/dev/fastrpc-cdsp\\n'\n"
		"\texit 0\n"
		"fi\n"
		"exec '%s' \"$@\"\n", CTL_BINARY);
	fclose(f);
	snprintf(path, sizeof(path), "%s/shell_a", fake_dir);
	fclose(fopen(path, "we"));
	snprintf(path, sizeof(path), "%s/shell_b", fake_dir);
	fclose(fopen(path, "we"));
	snprintf(path, sizeof(path), "%s/fastrpc-ctl", fake_dir);
	return chmod(path, 0755);
}

static int completion_teardown(void **state)
{
	char path[PATH_MAX];

	(void)state;
	snprintf(path, sizeof(path), "%s/fastrpc-ctl", fake_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/shell_a", fake_dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/shell_b", fake_dir);
	unlink(path);
	return rmdir(fake_dir);
}

/*
 * COMPREPLY for the command line @line (completing its last word, "" after
 * a trailing blank), sorted, one blank after each word.
 */
static const char *complete_line(const char *line)
{
	static const struct tt_completion ctl = {
		.script = CTL_COMPLETION, .function = "_fastrpc_ctl",
		.binary = "fastrpc-ctl", .sorted = true,
	};
	static char out[4096];
	char words[1024] = "", path[PATH_MAX * 2], *copy, *w, *save = NULL, *text;
	size_t len;

	/* The words after the binary, as bash array items. */
	copy = strdup(line);
	assert_non_null(copy);
	w = strtok_r(copy, " ", &save);
	assert_string_equal(w, "fastrpc-ctl");
	while ((w = strtok_r(NULL, " ", &save)))
		snprintf(words + strlen(words), sizeof(words) - strlen(words), " '%s'", w);
	free(copy);
	len = strlen(line);
	if (len && line[len - 1] == ' ')
		strncat(words, " ''", sizeof(words) - strlen(words) - 1);

	/* The fake fastrpc-ctl first in PATH. */
	snprintf(path, sizeof(path), "%s:%s", fake_dir, getenv("PATH") ? getenv("PATH") : "");
	setenv("PATH", path, 1);
	text = tt_complete(&ctl, words);
	setenv("PATH", path + strlen(fake_dir) + 1, 1);

	snprintf(out, sizeof(out), "%s", text);
	free(text);
	for (w = out; (w = strchr(w, '\n')); w++)
		*w = ' ';
	return out;
}

static void _fastrpc_ctl__commands(void **state)
{
	(void)state;
	assert_string_equal(complete_line("fastrpc-ctl "),
			    "doctor info list ping sessions ");
	assert_string_equal(complete_line("fastrpc-ctl -j s"), "sessions ");
	assert_string_equal(complete_line("fastrpc-ctl -d cdsp p"), "ping ");
	/* One command only. */
	assert_string_equal(complete_line("fastrpc-ctl list "), " ");
}

static void _fastrpc_ctl__options(void **state)
{
	(void)state;
	assert_string_equal(complete_line("fastrpc-ctl --i"), "--interface --interval ");
	assert_string_equal(complete_line("fastrpc-ctl ping --sk"), "--skel ");
	assert_string_equal(complete_line("fastrpc-ctl sessions --deb"), "--debugfs ");
}

static void _fastrpc_ctl__domains_are_live(void **state)
{
	(void)state;
	assert_string_equal(complete_line("fastrpc-ctl -d "),
			    "/dev/accel/accel0 /dev/fastrpc-cdsp adsp cdsp ");
	assert_string_equal(complete_line("fastrpc-ctl info --domain c"), "cdsp ");
}

static void _fastrpc_ctl__interfaces_and_attrs(void **state)
{
	(void)state;
	assert_string_equal(complete_line("fastrpc-ctl -I "), "accel any legacy ");
	assert_string_equal(complete_line("fastrpc-ctl --interface l"), "legacy ");
	assert_string_equal(complete_line("fastrpc-ctl ping -a debug,un"), "debug,unsigned ");
	/* A number: nothing to offer. */
	assert_string_equal(complete_line("fastrpc-ctl ping -c "), " ");
}

static void _fastrpc_ctl__shell_is_a_file(void **state)
{
	char line[PATH_MAX + 64], want[2 * PATH_MAX + 8];

	(void)state;
	snprintf(line, sizeof(line), "fastrpc-ctl ping -s %s/shell_", fake_dir);
	snprintf(want, sizeof(want), "%s/shell_a %s/shell_b ", fake_dir, fake_dir);
	assert_string_equal(complete_line(line), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ctl_parse__global_options_after_the_command),
		cmocka_unit_test(ctl_parse__ping_defaults),
		cmocka_unit_test(ctl_parse__shell_from_option_over_env),
		cmocka_unit_test(ctl_parse__handle_opens_no_skel),
		cmocka_unit_test(ctl_parse__skel_calls_method_2_by_default),
		cmocka_unit_test(ctl_parse__method_without_skel_or_handle_exits_2),
		cmocka_unit_test(ctl_parse__words_after_double_dash),
		cmocka_unit_test(ctl_parse__option_of_another_command_exits_2),
		cmocka_unit_test(ctl_parse__skel_and_handle_exit_2),
		cmocka_unit_test(ctl_parse__bad_values_exit_2),
		cmocka_unit_test(ctl_parse__unknown_missing_or_extra_command_exits_2),
		cmocka_unit_test(ctl_parse__version_names_both),
		cmocka_unit_test(ctl_node_wanted__by_domain_and_interface),
		cmocka_unit_test(ctl_node_wanted__path_through_a_symlink),
		cmocka_unit_test(ctl_cap_name__matches_the_uapi_bits),
		cmocka_unit_test(ctl_state_name__by_errno),
		cmocka_unit_test(ctl_params__keys_are_snake_case_and_unique),
		cmocka_unit_test(group_name__root_and_a_gid_without_a_name),
		cmocka_unit_test(node_perm_read__a_file_of_this_process),
		cmocka_unit_test(doctor_access_fix__root_group_needs_a_udev_rule),
		cmocka_unit_test(doctor_access_fix__group_kept_out_by_the_mode),
		cmocka_unit_test(doctor_access_fix__member_not_in_this_session_logs_in_again),
		cmocka_unit_test(doctor_access_fix__group_without_a_name_needs_a_rule),
		cmocka_unit_test(doctor_dsp_health__by_errno),
		cmocka_unit_test(doctor_shell_fix__by_source),
		cmocka_unit_test(help__every_option_it_lists_is_in_the_man_page),
		cmocka_unit_test(help__lists_every_command_and_option),
		cmocka_unit_test_setup_teardown(_fastrpc_ctl__commands, completion_setup,
						completion_teardown),
		cmocka_unit_test_setup_teardown(_fastrpc_ctl__options, completion_setup,
						completion_teardown),
		cmocka_unit_test_setup_teardown(_fastrpc_ctl__domains_are_live,
						completion_setup, completion_teardown),
		cmocka_unit_test_setup_teardown(_fastrpc_ctl__interfaces_and_attrs,
						completion_setup, completion_teardown),
		cmocka_unit_test_setup_teardown(_fastrpc_ctl__shell_is_a_file,
						completion_setup, completion_teardown),
	};

	tool_init("fastrpc-ctl");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
