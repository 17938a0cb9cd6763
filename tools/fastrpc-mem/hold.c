/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --hold: keep the buffers, maps and session until SIGINT, SIGTERM or end
 * of input, so that other tools can look at them meanwhile.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

static volatile sig_atomic_t got;
static sigset_t saved;

static void on_signal(int sig)
{
	got = sig;
}

void hold_prepare(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigset_t block;

	/*
	 * Blocked from here, caught in hold_wait() only: a signal that comes
	 * early is kept pending and ends the hold at once, after the report,
	 * instead of killing the process halfway.
	 */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &saved);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/*
 * Whether end of file on stdin means "let go": not for /dev/null or a
 * file, which end at once, nor for the terminal of a background job,
 * which would stop us at the first read (SIGTTIN).
 */
static bool stdin_watched(void)
{
	struct stat st;

	if (fstat(STDIN_FILENO, &st))
		return false;
	if (isatty(STDIN_FILENO))
		return tcgetpgrp(STDIN_FILENO) == getpgrp();
	return S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode);
}

const char *hold_until(void)
{
	return stdin_watched() ? "until SIGINT, SIGTERM or end of input" :
				 "until SIGINT or SIGTERM";
}

const char *hold_wait(void)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	bool watch = stdin_watched();
	const char *why = NULL;
	sigset_t open = saved;
	char buf[256];
	ssize_t n;

	sigdelset(&open, SIGINT);
	sigdelset(&open, SIGTERM);
	while (!why) {
		/* Signals are let in only while waiting: no race with the check. */
		if (ppoll(&pfd, watch ? 1 : 0, NULL, &open) < 0) {
			if (errno != EINTR)
				why = "a wait error";
			else if (got)
				why = got == SIGINT ? "SIGINT" : "SIGTERM";
			continue;
		}
		/* Input is read and dropped; only its end counts. */
		n = read(STDIN_FILENO, buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
			why = "end of input";
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	return why;
}

int hold_report(void)
{
	int ret;

	print_string(NULL, "holding:      %s\n", hold_until());
	/* The report goes out now, for whoever waits for it, not at exit. */
	ret = output_finish();
	if (ret) {
		print_err(NULL, "cannot write the output: %s", strerror(-ret));
		return EXIT_FAIL;
	}
	hold_wait();
	return EXIT_OK;
}
