// SPDX-License-Identifier: GPL-2.0-or-later
/* The tools' unit tests' shared helpers: tool_test.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "tool_test.h"

int tt_child(void (*fn)(void *arg), void *arg, int in_fd, unsigned int streams,
	     char *out, size_t size)
{
	int pipefd[2], status;
	size_t len = 0;
	ssize_t n;
	char drop[256];
	pid_t pid;

	assert_true(size > 0);
	assert_int_equal(pipe(pipefd), 0);
	/* Nothing buffered may be written twice, by the child too. */
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (in_fd >= 0)
			dup2(in_fd, STDIN_FILENO);
		if (streams & TT_STDOUT)
			dup2(pipefd[1], STDOUT_FILENO);
		if (streams & TT_STDERR)
			dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		fn(arg);
		_exit(100);
	}
	close(pipefd[1]);
	/* Read to the end, so that a child with more to say never blocks. */
	while ((n = read(pipefd[0], len < size - 1 ? out + len : drop,
			 len < size - 1 ? size - 1 - len : sizeof(drop))) > 0)
		if (len < size - 1)
			len += n;
	out[len] = '\0';
	close(pipefd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("the child was killed (status 0x%x)", status);
	return WEXITSTATUS(status);
}

static void exec_argv(void *arg)
{
	char *const *argv = arg;

	execvp(argv[0], argv);
	_exit(127);
}

int tt_exec(char *const argv[], unsigned int streams, char *out, size_t size)
{
	return tt_child(exec_argv, (void *)argv, -1, streams, out, size);
}

char *tt_output(const char *cmd, int *status)
{
	size_t len = 0, cap = 4096, n;
	char *text = malloc(cap);
	FILE *p;
	int st;

	assert_non_null(text);
	fflush(NULL);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((n = fread(text + len, 1, cap - len - 1, p)) > 0) {
		len += n;
		if (cap - len < 2) {
			cap *= 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
	}
	text[len] = '\0';
	st = pclose(p);
	if (status)
		*status = st;
	else if (st)
		fail_msg("'%s' ended with status 0x%x", cmd, st);
	return text;
}

char *tt_complete(const struct tt_completion *c, const char *words)
{
	char script[] = "/tmp/tool_test_completion.XXXXXX", cmd[64], *text;
	int fd, status;
	FILE *f;

	fd = mkstemp(script);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f,
		"source '%s' || exit 90\n"
		"source '%s' || exit 91\n"
		/* compopt works only inside a completion bash runs itself. */
		"compopt() { :; }\n"
		"COMP_WORDS=('%s' %s)\n"
		"COMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n"
		"COMP_LINE=\"${COMP_WORDS[*]}\"\n"
		"COMP_POINT=${#COMP_LINE}\n"
		"%s \"${COMP_WORDS[0]}\" \"${COMP_WORDS[COMP_CWORD]}\" "
		"\"${COMP_WORDS[COMP_CWORD - 1]}\"\n"
		"printf '%%s\\n' \"${COMPREPLY[@]}\"%s\n",
		TT_BASH_COMPLETION, c->script, c->binary, words, c->function,
		c->sorted ? " | LC_ALL=C sort" : "");
	fclose(f);
	snprintf(cmd, sizeof(cmd), "bash --norc --noprofile %s", script);
	text = tt_output(cmd, &status);
	unlink(script);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail_msg("bash ended with status 0x%x completing '%s' (exit 90: no %s; "
			 "91: %s does not source; apt-get install bash-completion)",
			 status, words, TT_BASH_COMPLETION, c->script);
	return text;
}
