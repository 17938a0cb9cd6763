/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-mem: sizes, "{}" substitution, the lab's pattern, the command
 * line with its exact errors; and, against the built binary, that its
 * --help matches the man page and that the bash completion answers.
 */
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tool_test.h"
#include "tools-common.h"
#include "mem.h"

/* ---- parse_size(), size_str() ---- */

static void assert_size(const char *s, uint64_t want)
{
	uint64_t v = 1;

	assert_int_equal(parse_size(s, &v), 0);
	assert_true(v == want);
}

static void parse_size__takes_suffixes_and_hex(void **state)
{
	(void)state;
	assert_size("4096", 4096);
	assert_size("0", 0);
	assert_size("4K", 4096);
	assert_size("4k", 4096);
	assert_size("4KiB", 4096);
	assert_size("1M", 1 << 20);
	assert_size("1MiB", 1 << 20);
	assert_size("3g", 3ull << 30);
	assert_size("2GiB", 2ull << 30);
	assert_size("0x1000", 4096);
	assert_size("0X10K", 16 << 10);
	/* No octal: a leading zero is decimal. */
	assert_size("010", 10);
}

static void parse_size__malformed_is_einval(void **state)
{
	static const char *const bad[] = {
		"", "K", "iB", "1KB", "1Ki", "1KiBs", "1KK", "1iB", "1.5M", "-1", "+1",
		" 1", "1 ", "1 K", "0x", "0xK", "1T", "K1", "1e3", "abc", "4Kib",
	};
	uint64_t v = 7;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		if (parse_size(bad[i], &v) != -EINVAL)
			fail_msg("parse_size(\"%s\") is not -EINVAL", bad[i]);
	}
	assert_int_equal(parse_size(NULL, &v), -EINVAL);
	assert_true(v == 7);
}

static void parse_size__too_large_is_erange(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_size("18446744073709551616", &v), -ERANGE);
	assert_int_equal(parse_size("17179869184G", &v), -ERANGE);
	assert_int_equal(parse_size("0x40000000000000K", &v), -ERANGE);
	assert_int_equal(parse_size("17179869183G", &v), 0);
	assert_true(v == 17179869183ull << 30);
}

static void size_str__exact_units_only(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(size_str(0, buf, sizeof(buf)), "0 bytes");
	assert_string_equal(size_str(4096, buf, sizeof(buf)), "4 KiB");
	assert_string_equal(size_str(4097, buf, sizeof(buf)), "4097 bytes");
	assert_string_equal(size_str(96 << 10, buf, sizeof(buf)), "96 KiB");
	assert_string_equal(size_str(1 << 20, buf, sizeof(buf)), "1 MiB");
	assert_string_equal(size_str(3ull << 30, buf, sizeof(buf)), "3 GiB");
	assert_string_equal(size_str(1ull << 40, buf, sizeof(buf)), "1024 GiB");
}

/* ---- subst_fd() ---- */

static void subst_fd__replaces_every_pair_inside_words(void **state)
{
	char *argv[] = { "cat", "/proc/self/fdinfo/{}", "{}{}", "x{y}", "{", "}{", "a{}b", NULL };
	static const char *const want[] = {
		"cat", "/proc/self/fdinfo/17", "1717", "x{y}", "{", "}{", "a17b",
	};
	char **out = NULL;
	size_t i;

	(void)state;
	assert_int_equal(subst_fd(argv, 17, &out), 0);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		assert_string_equal(out[i], want[i]);
	assert_null(out[ARRAY_SIZE(want)]);
	/* The words given are left as they were. */
	assert_string_equal(argv[1], "/proc/self/fdinfo/{}");
	subst_free(out);
}

static void subst_fd__no_words_or_negative_fd_is_einval(void **state)
{
	char *none[] = { NULL }, *one[] = { "true", NULL };
	char **out = NULL;

	(void)state;
	assert_int_equal(subst_fd(none, 3, &out), -EINVAL);
	assert_int_equal(subst_fd(NULL, 3, &out), -EINVAL);
	assert_int_equal(subst_fd(one, -1, &out), -EINVAL);
	assert_null(out);
	subst_free(NULL);
}

/* ---- the pattern ---- */

static void pattern_fill__is_the_lab_formula(void **state)
{
	unsigned char b[600];
	size_t i;

	(void)state;
	pattern_fill(b, sizeof(b), 0x5a);
	for (i = 0; i < sizeof(b); i++)
		assert_int_equal(b[i], (0x5a + i * 7) & 0xff);
	/* Seeds count modulo 256, as on the DSP. */
	pattern_fill(b, sizeof(b), 3);
	assert_int_equal(b[0], 3);
	assert_int_equal(b[37], (3 + 37 * 7) & 0xff);
}

static void pattern_check__finds_the_first_bad_byte_and_counts(void **state)
{
	struct pattern_diff d;
	unsigned char b[4096];

	(void)state;
	pattern_fill(b, sizeof(b), 9);
	assert_true(pattern_check(b, sizeof(b), 9, &d));
	assert_int_equal(d.first, sizeof(b));
	assert_int_equal(d.count, 0);

	b[100] ^= 1;
	b[4095] = ~b[4095];
	assert_false(pattern_check(b, sizeof(b), 9, &d));
	assert_int_equal(d.first, 100);
	assert_int_equal(d.count, 2);
	assert_int_equal(d.expected, pattern_byte(9, 100));
	assert_int_equal(d.found, pattern_byte(9, 100) ^ 1);

	/* Another seed differs everywhere but where both patterns agree. */
	assert_false(pattern_check(b, sizeof(b), 10, &d));
	assert_int_equal(d.first, 0);
	assert_true(pattern_check(b, 0, 1, &d));
}

/* ---- parse_args() ---- */

struct parsed {
	struct mem_opts o;
	char why[256];
	char *argv[32];
	char buf[512];
};

/* parse_args() of "fastrpc-mem" and @line split on blanks. */
static int parse(struct parsed *p, const char *line)
{
	int argc = 0;
	char *w, *save = NULL;

	snprintf(p->buf, sizeof(p->buf), "fastrpc-mem %s", line);
	for (w = strtok_r(p->buf, " ", &save); w && argc < 31; w = strtok_r(NULL, " ", &save))
		p->argv[argc++] = w;
	p->argv[argc] = NULL;
	return parse_args(argc, p->argv, &p->o, p->why, sizeof(p->why));
}

static void assert_parse_err(const char *line, int err, const char *words)
{
	struct parsed p;
	int ret = parse(&p, line);

	if (ret != err)
		fail_msg("'%s': %d (%s), not %d", line, ret, p.why, err);
	if (!strstr(p.why, words))
		fail_msg("'%s': \"%s\" does not say \"%s\"", line, p.why, words);
}

static int setup_env(void **state)
{
	(void)state;
	unsetenv("FASTRPC_SHELL");
	return 0;
}

static void parse_args__no_command_is_einval(void **state)
{
	(void)state;
	assert_parse_err("", -EINVAL, "no command");
	assert_parse_err("-j -d cdsp", -EINVAL, "no command");
}

static void parse_args__unknown_command_is_enoent(void **state)
{
	(void)state;
	assert_parse_err("allocate 4K", -ENOENT, "unknown command 'allocate'");
}

static void parse_args__unknown_or_malformed_option_is_einval(void **state)
{
	(void)state;
	assert_parse_err("list --nope", -EINVAL, "unknown option '--nope'");
	assert_parse_err("list -x", -EINVAL, "unknown option '-x'");
	assert_parse_err("alloc 4K --fill", -EINVAL, "'--fill' needs an argument");
	assert_parse_err("alloc --map=1 4K", -EINVAL, "'--map=1' takes no argument");
	assert_parse_err("-I foo list", -EINVAL, "invalid -I 'foo'");
	assert_parse_err("alloc 4K --fill x", -EINVAL, "not a number");
	assert_parse_err("import --heap ../x 4K", -EINVAL, "a name, not a path");
}

static void parse_args__option_of_another_command_is_einval(void **state)
{
	(void)state;
	assert_parse_err("alloc 4K --skel lab", -EINVAL, "alloc takes no --skel");
	assert_parse_err("list --map", -EINVAL, "list takes no --map");
	assert_parse_err("verify --hold", -EINVAL, "verify takes no --hold");
	assert_parse_err("import --fd 3 --skel lab", -EINVAL, "--skel is for --verify");
}

static void parse_args__size_missing_or_bad(void **state)
{
	(void)state;
	assert_parse_err("alloc", -EINVAL, "alloc needs SIZE");
	assert_parse_err("export -- true", -EINVAL, "export needs SIZE");
	assert_parse_err("alloc 4X", -EINVAL, "invalid SIZE '4X'");
	assert_parse_err("alloc 0", -EINVAL, "a buffer has bytes");
	assert_parse_err("alloc 99999999999999999999", -ERANGE, "too large");
	assert_parse_err("verify 4G", -ERANGE, "at most 4 GiB - 4 KiB");
	assert_parse_err("import --fd 3 --verify 5G", -ERANGE, "at most 4 GiB - 4 KiB");
}

static void parse_args__extra_words_are_e2big(void **state)
{
	(void)state;
	assert_parse_err("alloc 4K 8K", -E2BIG, "unexpected argument '8K'");
	assert_parse_err("list 4K", -E2BIG, "unexpected argument '4K'");
	assert_parse_err("export 4K cat", -E2BIG, "the command goes after --");
	assert_parse_err("verify -- true", -E2BIG, "unexpected argument 'true'");
}

static void parse_args__numbers_out_of_range_are_erange(void **state)
{
	(void)state;
	assert_parse_err("alloc 4K --fill 256", -ERANGE, "0 to 255");
	assert_parse_err("import --pid 0 --fd 3", -ERANGE, "--pid '0'");
	assert_parse_err("import --fd 4294967296", -ERANGE, "--fd '4294967296'");
}

static void parse_args__import_takes_one_source(void **state)
{
	(void)state;
	assert_parse_err("import", -EINVAL, "import needs a source");
	assert_parse_err("import 4K --map", -EINVAL, "import needs a source");
	assert_parse_err("import --heap system --udmabuf 4K", -EINVAL, "one source");
	assert_parse_err("import --heap system --fd 3 4K", -EINVAL, "one source");
	assert_parse_err("import --pid 5", -EINVAL, "--pid needs --fd");
	assert_parse_err("import --heap system", -EINVAL, "--heap needs SIZE");
	assert_parse_err("import --udmabuf", -EINVAL, "--udmabuf needs SIZE");
	assert_parse_err("export 4K", -EINVAL, "export needs -- COMMAND");
}

static void parse_args__options_go_anywhere(void **state)
{
	struct parsed p;

	(void)state;
	assert_int_equal(parse(&p, "-j alloc 1M --map -d adsp -I legacy --fill 0x10 --hold"), 0);
	assert_true(p.o.json);
	assert_string_equal(p.o.cmd->name, "alloc");
	assert_string_equal(p.o.domain, "adsp");
	assert_int_equal(p.o.iface, FASTRPC_INTERFACE_LEGACY);
	assert_true(p.o.have_size);
	assert_int_equal(p.o.size, 1 << 20);
	assert_int_equal(p.o.given, OPTF_MAP | OPTF_FILL | OPTF_HOLD);
	assert_int_equal(p.o.seed, 16);
	assert_null(p.o.child);

	assert_int_equal(parse(&p, "import 64K --pid 42 --fd 5 --verify --skel other"), 0);
	assert_int_equal(p.o.pid, 42);
	assert_int_equal(p.o.fd, 5);
	assert_string_equal(p.o.skel, "other");
	assert_int_equal(p.o.size, 64 << 10);
}

static void parse_args__export_command_follows_dashdash(void **state)
{
	struct parsed p;

	(void)state;
	/* The command's own options are its own, -j and -- included. */
	assert_int_equal(parse(&p, "export 64K --fill 3 -- cat -j -- /proc/self/fdinfo/{}"), 0);
	assert_false(p.o.json);
	assert_int_equal(p.o.size, 64 << 10);
	assert_int_equal(p.o.seed, 3);
	assert_non_null(p.o.child);
	assert_string_equal(p.o.child[0], "cat");
	assert_string_equal(p.o.child[1], "-j");
	assert_string_equal(p.o.child[2], "--");
	assert_string_equal(p.o.child[3], "/proc/self/fdinfo/{}");
	assert_null(p.o.child[4]);
}

static void parse_args__defaults_and_environment(void **state)
{
	struct parsed p;

	(void)state;
	assert_int_equal(parse(&p, "verify"), 0);
	assert_false(p.o.have_size);
	assert_string_equal(p.o.skel, "lab");
	assert_int_equal(p.o.iface, FASTRPC_INTERFACE_ANY);
	assert_null(p.o.domain);
	assert_null(p.o.shell);
	assert_int_equal(p.o.fd, -1);

	setenv("FASTRPC_SHELL", "/env/shell", 1);
	assert_int_equal(parse(&p, "verify"), 0);
	assert_string_equal(p.o.shell, "/env/shell");
	assert_int_equal(parse(&p, "verify -s /given/shell"), 0);
	assert_string_equal(p.o.shell, "/given/shell");
	unsetenv("FASTRPC_SHELL");
}

static void parse_args__help_and_version_need_no_whole_command(void **state)
{
	struct parsed p;

	(void)state;
	assert_int_equal(parse(&p, "alloc --help"), 0);
	assert_true(p.o.help);
	assert_string_equal(p.o.cmd->name, "alloc");
	assert_int_equal(parse(&p, "-V"), 0);
	assert_true(p.o.version);
	assert_int_equal(parse(&p, "--complete options"), 0);
	assert_string_equal(p.o.complete, "options");
}

/* ---- the built binary, its man page and its completion ---- */

static char *read_file(const char *path)
{
	struct stat st;
	char *text;
	FILE *f;

	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	text = calloc(1, st.st_size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, st.st_size, f), (size_t)st.st_size);
	fclose(f);
	return text;
}

/* The man page's text without roff's escapes: "\-" is "-", fonts go. */
static char *man_text(const char *path)
{
	char *src = read_file(path), *out = malloc(strlen(src) + 1), *o = out;
	const char *s;

	assert_non_null(out);
	for (s = src; *s; s++) {
		if (s[0] == '\\' && s[1] == '-') {
			*o++ = '-';
			s++;
		} else if (s[0] == '\\' && s[1] == 'f' && s[2]) {
			s += 2;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
	free(src);
	return out;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/* @word in @text, not inside a longer word ("-d" is not in "--domain"). */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(text, word); p; p = strstr(p + 1, word))
		if ((p == text || !word_char(p[-1])) && !word_char(p[n]))
			return true;
	return false;
}

/* A usage error points at the command's own help once the command is known. */
static void usage_error__hint_names_the_command(void **state)
{
	char *text;
	int status;

	(void)state;
	text = tt_output(FASTRPC_MEM_BIN " alloc --bogus 2>&1", &status);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), EXIT_USAGE);
	assert_string_equal(text, "fastrpc-mem: unknown option '--bogus'\n"
			    "try: fastrpc-mem alloc --help\n");
	free(text);
	text = tt_output(FASTRPC_MEM_BIN " --bogus 2>&1", &status);
	assert_int_equal(WEXITSTATUS(status), EXIT_USAGE);
	assert_string_equal(text, "fastrpc-mem: unknown option '--bogus'\n"
			    "try: fastrpc-mem --help\n");
	free(text);
}

static void help__every_option_and_command_is_in_the_man_page(void **state)
{
	char *help = tt_output(FASTRPC_MEM_BIN " --help", NULL);
	char *man = man_text(FASTRPC_MEM_MAN);
	char *cmds = tt_output(FASTRPC_MEM_BIN " --complete commands", NULL);
	char opt[64], *save = NULL, *w;
	unsigned int found = 0;
	const char *p;
	size_t n;

	(void)state;
	/* Every "-x" and "--long" the help names, wherever it stands. */
	for (p = help; (p = strchr(p, '-')); p++) {
		if (p > help && word_char(p[-1]))
			continue;
		n = 1 + (p[1] == '-');
		if (!isalpha((unsigned char)p[n]))
			continue;
		while (word_char(p[n]) && n < sizeof(opt) - 1)
			n++;
		if (p[1] != '-' && n != 2)
			continue;
		memcpy(opt, p, n);
		opt[n] = '\0';
		if (!has_word(man, opt))
			fail_msg("%s is in --help but not in %s", opt, FASTRPC_MEM_MAN);
		found++;
		p += n - 1;
	}
	/* The help names the 15 options at least. */
	assert_true(found >= 15);
	for (w = strtok_r(cmds, "\n", &save); w; w = strtok_r(NULL, "\n", &save))
		if (!has_word(man, w))
			fail_msg("command %s is not in the man page", w);
	free(cmds);
	free(man);
	free(help);
}

/*
 * COMPREPLY of _fastrpc_mem for the words given (the last one being
 * completed), one per line, sorted; the first word is the binary.
 */
static char *complete(const char *words)
{
	static const struct tt_completion mem = {
		.script = FASTRPC_MEM_COMPLETION, .function = "_fastrpc_mem",
		.binary = FASTRPC_MEM_BIN, .sorted = true,
	};

	return tt_complete(&mem, words);
}

static void assert_completes(const char *words, const char *want)
{
	char *got = complete(words);

	if (strcmp(got, want))
		fail_msg("completing %s: got\n%s\nnot\n%s", words, got, want);
	free(got);
}

/* Without bash and bash-completion these fail, saying why: they are not skipped. */
static int need_bash_completion(void **state)
{
	(void)state;
	if (access(TT_BASH_COMPLETION, R_OK) ||
	    access("/bin/bash", X_OK)) {
		print_error("bash or bash-completion is missing (apt-get install bash-completion)\n");
		return -1;
	}
	return 0;
}

static void _fastrpc_mem__completes_commands(void **state)
{
	(void)state;
	assert_completes("''", "alloc\nexport\nimport\nlist\nverify\n");
	assert_completes("ex", "export\n");
	assert_completes("-j v", "verify\n");
	/* One command only. */
	assert_completes("list ''", "\n");
}

static void _fastrpc_mem__completes_options(void **state)
{
	(void)state;
	assert_completes("alloc --h", "--heap\n--help\n--hold\n");
	assert_completes("--ver", "--verify\n--version\n");
	assert_completes("-I legacy verify --sk", "--skel\n");
}

static void _fastrpc_mem__completes_interfaces_and_domains(void **state)
{
	char *live = tt_output(FASTRPC_MEM_BIN " --complete domains | LC_ALL=C sort", NULL);

	(void)state;
	assert_completes("-I ''", "accel\nany\nlegacy\n");
	assert_completes("list --interface a", "accel\nany\n");
	/* Domains are the binary's, as it finds them now (none without a DSP). */
	assert_completes("-d ''", live[0] ? live : "\n");
	free(live);
}

static void _fastrpc_mem__completes_shell_files(void **state)
{
	char dir[] = "/tmp/test_mem_shells.XXXXXX", path[64], words[128];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fastrpc_shell_3", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(words, sizeof(words), "-s %s/fastrpc_sh", dir);
	snprintf(path, sizeof(path), "%s/fastrpc_shell_3\n", dir);
	assert_completes(words, path);
	snprintf(path, sizeof(path), "%s/fastrpc_shell_3", dir);
	unlink(path);
	rmdir(dir);
}

static void _fastrpc_mem__values_only_the_user_knows_complete_to_nothing(void **state)
{
	(void)state;
	assert_completes("alloc 4K --fill ''", "\n");
	assert_completes("import --pid ''", "\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_size__takes_suffixes_and_hex),
		cmocka_unit_test(parse_size__malformed_is_einval),
		cmocka_unit_test(parse_size__too_large_is_erange),
		cmocka_unit_test(size_str__exact_units_only),
		cmocka_unit_test(subst_fd__replaces_every_pair_inside_words),
		cmocka_unit_test(subst_fd__no_words_or_negative_fd_is_einval),
		cmocka_unit_test(pattern_fill__is_the_lab_formula),
		cmocka_unit_test(pattern_check__finds_the_first_bad_byte_and_counts),
		cmocka_unit_test_setup(parse_args__no_command_is_einval, setup_env),
		cmocka_unit_test_setup(parse_args__unknown_command_is_enoent, setup_env),
		cmocka_unit_test_setup(parse_args__unknown_or_malformed_option_is_einval, setup_env),
		cmocka_unit_test_setup(parse_args__option_of_another_command_is_einval, setup_env),
		cmocka_unit_test_setup(parse_args__size_missing_or_bad, setup_env),
		cmocka_unit_test_setup(parse_args__extra_words_are_e2big, setup_env),
		cmocka_unit_test_setup(parse_args__numbers_out_of_range_are_erange, setup_env),
		cmocka_unit_test_setup(parse_args__import_takes_one_source, setup_env),
		cmocka_unit_test_setup(parse_args__options_go_anywhere, setup_env),
		cmocka_unit_test_setup(parse_args__export_command_follows_dashdash, setup_env),
		cmocka_unit_test_setup(parse_args__defaults_and_environment, setup_env),
		cmocka_unit_test_setup(parse_args__help_and_version_need_no_whole_command, setup_env),
		cmocka_unit_test(usage_error__hint_names_the_command),
		cmocka_unit_test(help__every_option_and_command_is_in_the_man_page),
		cmocka_unit_test_setup(_fastrpc_mem__completes_commands, need_bash_completion),
		cmocka_unit_test_setup(_fastrpc_mem__completes_options, need_bash_completion),
		cmocka_unit_test_setup(_fastrpc_mem__completes_interfaces_and_domains,
				       need_bash_completion),
		cmocka_unit_test_setup(_fastrpc_mem__completes_shell_files, need_bash_completion),
		cmocka_unit_test_setup(_fastrpc_mem__values_only_the_user_knows_complete_to_nothing,
				       need_bash_completion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
