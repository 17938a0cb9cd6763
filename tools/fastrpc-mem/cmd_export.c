/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * export SIZE [--fill SEED] -- COMMAND [ARG...]: a filled buffer handed to
 * another program as an inherited dma-buf fd, and what that program did
 * to it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

/* The fd number, for programs that read it from the environment. */
#define FD_ENV	"FASTRPC_DMABUF_FD"

/*
 * In the child: the fd inherited, the signals as they were, and with
 * --json our stdout left to the report alone.  An exec failure is sent
 * back through @report (close-on-exec, so it is empty on success).
 */
static noreturn void child(char **argv, int fd, int report, bool json,
			   const struct sigaction *intr, const struct sigaction *quit)
{
	char num[16];
	ssize_t n;
	int err;

	sigaction(SIGINT, intr, NULL);
	sigaction(SIGQUIT, quit, NULL);
	snprintf(num, sizeof(num), "%d", fd);
	if (fcntl(fd, F_SETFD, 0) == 0 && setenv(FD_ENV, num, 1) == 0 &&
	    (!json || dup2(STDERR_FILENO, STDOUT_FILENO) == STDOUT_FILENO))
		execvp(argv[0], argv);
	err = errno;
	/* Should even this fail, the parent still sees exit status 127. */
	n = write(report, &err, sizeof(err));
	(void)n;
	_exit(127);
}

/*
 * Run @argv with @fd and wait, as system() does: Ctrl-C goes to the
 * child, and we report what it made of it.  Return: 0 with *@wstatus,
 * or -errno when it could not run.
 */
static int run(char **argv, int fd, bool json, int *wstatus)
{
	struct sigaction ign = { .sa_handler = SIG_IGN }, intr, quit;
	int pipefd[2], err = 0, ret = 0;
	ssize_t n;
	pid_t pid;

	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	fflush(NULL);
	sigaction(SIGINT, &ign, &intr);
	sigaction(SIGQUIT, &ign, &quit);
	pid = fork();
	if (pid == 0)
		child(argv, fd, pipefd[1], json, &intr, &quit);
	close(pipefd[1]);
	if (pid < 0) {
		ret = -errno;
	} else {
		do
			n = read(pipefd[0], &err, sizeof(err));
		while (n < 0 && errno == EINTR);
		while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
			;
		if (n == sizeof(err))
			ret = -err;
	}
	close(pipefd[0]);
	sigaction(SIGINT, &intr, NULL);
	sigaction(SIGQUIT, &quit, NULL);
	return ret;
}

static void report_child(char **argv, int wstatus)
{
	size_t i;

	print_open_array("command");
	print_string(NULL, "%s", "command:     ");
	for (i = 0; argv[i]; i++)
		print_string("arg", " %s", argv[i]);
	print_close_array();
	print_string(NULL, "%s", "\n");
	if (WIFEXITED(wstatus)) {
		print_int("exit_status", "exit status:  %" PRId64 "\n", WEXITSTATUS(wstatus));
		print_null("signal", NULL);
	} else {
		const char *sig = sigabbrev_np(WTERMSIG(wstatus));

		print_null("exit_status", NULL);
		print_string("signal", "killed by:    SIG%s\n", sig ? sig : "?");
	}
}

/* Whether the buffer still holds the pattern, and where it first does not. */
static int report_pattern(struct fastrpc_buffer *buf, int fd, uint32_t seed)
{
	struct pattern_diff d;
	void *data;
	bool intact;
	int ret;

	ret = fastrpc_buffer_mmap(buf, &data);
	if (ret) {
		print_err(NULL, "cannot map the buffer for the CPU: %s", strerror(-ret));
		return EXIT_FAIL;
	}
	dmabuf_cpu_begin(fd, false);
	intact = pattern_check(data, fastrpc_buffer_get_size(buf), seed, &d);
	dmabuf_cpu_end(fd, false);
	print_bool("pattern_intact", "pattern:      %s", intact);
	if (intact) {
		print_null("first_diff", NULL);
		print_uint("changed_bytes", NULL, 0);
		print_string(NULL, "%s", " (intact)\n");
	} else {
		print_uint("first_diff", " (changed: first at offset %" PRIu64, d.first);
		print_uint(NULL, ", 0x%02" PRIx64, d.expected);
		print_uint(NULL, " -> 0x%02" PRIx64, d.found);
		print_uint("changed_bytes", "; %" PRIu64 " bytes differ)\n", d.count);
	}
	return EXIT_OK;
}

int cmd_export(const struct mem_opts *o)
{
	struct fastrpc_buffer *buf = NULL;
	struct fastrpc_device *dev;
	struct dmabuf_info info;
	char **argv = NULL;
	int fd = -1, wstatus = 0, status, ret;

	dev = mem_open_domain(o);
	status = mem_buffer_new(dev, o->size, &buf);
	if (!status)
		status = mem_buffer_export(buf, &fd, &info);
	if (!status)
		status = mem_buffer_fill(buf, fd, fastrpc_buffer_get_size(buf), o->seed);
	if (status)
		goto out;
	ret = subst_fd(o->child, fd, &argv);
	if (!ret)
		ret = run(argv, fd, o->json, &wstatus);
	if (ret) {
		print_err(ret == -ENOENT ? "a command on PATH, or its path" : NULL,
			  "cannot run '%s': %s", o->child[0], strerror(-ret));
		status = EXIT_FAIL;
		goto out;
	}

	report_device(dev);
	report_size("size", "size:", fastrpc_buffer_get_size(buf));
	print_uint("seed", "pattern seed: %" PRIu64 "\n", o->seed);
	report_dmabuf(fd, &info);
	report_child(argv, wstatus);
	status = report_pattern(buf, fd, o->seed);
	if (!status && !(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0))
		status = EXIT_FAIL;
out:
	subst_free(argv);
	if (fd >= 0)
		close(fd);
	fastrpc_buffer_free(buf);
	fastrpc_device_close(dev);
	return status;
}
