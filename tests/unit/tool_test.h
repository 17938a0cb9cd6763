/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the tools' unit tests share: running code or commands in a child
 * and taking what they print, and a tool's bash completion run in bash.
 * Each helper fails the running cmocka test when it cannot do its part.
 */
#ifndef TEST_TOOL_TEST_H
#define TEST_TOOL_TEST_H

#include <stdbool.h>
#include <stddef.h>

/* Which of the child's streams go into tt_child()'s @out. */
#define TT_STDOUT	(1u << 0)
#define TT_STDERR	(1u << 1)

/*
 * tt_child() - @fn(@arg) in a forked child, which ends with exit status 100
 * should @fn return.  @in_fd, unless -1, is its standard input; @streams
 * go to @out (@size bytes, NUL-terminated, the rest dropped).
 * Return: its exit status (the test fails if it was killed).
 */
int tt_child(void (*fn)(void *arg), void *arg, int in_fd, unsigned int streams,
	     char *out, size_t size);

/* tt_child() running the program @argv (PATH searched; 127 if it cannot). */
int tt_exec(char *const argv[], unsigned int streams, char *out, size_t size);

/*
 * tt_output() - everything the shell command @cmd writes on its standard
 * output, malloc'd.  @status: out, its wait status; NULL asserts it is 0.
 */
char *tt_output(const char *cmd, int *status);

/* A tool's completion, to be run by tt_complete(). */
struct tt_completion {
	const char *script;	/* tools/completion/<tool> */
	const char *function;	/* "_fastrpc_ctl" */
	const char *binary;	/* the tool, as the command line's first word */
	bool sorted;		/* sort the answers */
};

/*
 * tt_complete() - COMPREPLY for a command line in bash, one word a line
 * (an empty COMPREPLY is one empty line).  @words: the words after the
 * binary as bash array items ('' is an empty word), the cursor at the end
 * of the last.  bash_completion (TT_BASH_COMPLETION) and the script are
 * sourced first; the test fails, not skips, when either cannot be.
 * Return: malloc'd.
 */
char *tt_complete(const struct tt_completion *c, const char *words);

#endif /* TEST_TOOL_TEST_H */
