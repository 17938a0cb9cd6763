// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * restart_test: the DSP goes away while several processes, each with
 * several threads, invoke through copies and GEM buffers and map and unmap
 * a buffer into the DSP process; repeated.  For
 * the lab, with vdspd and the Hexagon lab shell serving cdsp.
 *
 * Every call that does not complete must fail with ECONNRESET (in flight
 * when the DSP went) or ENODEV (started after); each session then reports
 * DEAD; every process exits normally; the domain comes back and serves a
 * new session.  KASAN, lockdep and kmemleak judge the rest.
 *
 * usage: restart_test SHELL_ELF [ROUNDS]
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define PROCS		3	/* the lab's context banks: one session each */
#define THREADS		4


struct worker {
	pthread_t thread;
	int fd;
	uint32_t gem;
	bool use_gem;
	bool maps;		/* maps and unmaps instead of invoking */
	unsigned long calls;
	int ret;
	int32_t retval;
};

static void *work(void *p)
{
	struct worker *w = p;
	unsigned char in[300], out[300];
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .ptr = (uintptr_t)in, .size = sizeof(in) },
		{ .ptr = (uintptr_t)out, .size = sizeof(out) },
	};

	memset(in, 0x3c, sizeof(in));
	while (w->maps) {
		struct drm_fastrpc_map m = { .handle = w->gem, .size = 8192 };
		struct drm_fastrpc_unmap u = { .handle = w->gem };

		w->ret = xioctl(w->fd, DRM_IOCTL_FASTRPC_MAP, &m);
		u.dsp_addr = m.dsp_addr;
		if (!w->ret)
			w->ret = xioctl(w->fd, DRM_IOCTL_FASTRPC_UNMAP, &u);
		w->calls++;
		if (w->ret)
			return NULL;
	}
	if (w->use_gem)
		a[1] = (struct drm_fastrpc_invoke_arg){ .handle = w->gem, .size = sizeof(out),
							.offset = 4000,
							.flags = DRM_FASTRPC_ARG_GEM };
	do {
		w->ret = invoke_handle(w->fd, LAB_SKEL_HANDLE,
				       DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a,
				       &w->retval);
		w->calls++;
	} while (!w->ret && !w->retval);
	return NULL;
}

/*
 * One process: a session, THREADS callers until the DSP goes; exit status
 * 0 when every caller ended as documented and the session says DEAD.
 */
static int child(int ready_fd)
{
	struct drm_fastrpc_session_create s = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};
	struct drm_fastrpc_gem_create g = { .size = 8192 };
	struct worker w[THREADS];
	uint64_t state = 0;
	int fd = open_domain(DOMAIN), i, bad = 0;
	char c = 1;

	if (fd < 0 || xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s) ||
	    xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g)) {
		printf("restart_test: process %d: no session: %s\n", getpid(),
		       fd < 0 ? ename(fd) : strerror(errno));
		return 10;
	}
	for (i = 0; i < THREADS; i++) {
		/* Copies, GEM arguments, and one thread mapping and unmapping. */
		w[i] = (struct worker){ .fd = fd, .gem = g.handle, .use_gem = i & 1,
					.maps = i == THREADS - 1 };
		pthread_create(&w[i].thread, NULL, work, &w[i]);
	}
	if (write(ready_fd, &c, 1) != 1) {
		printf("restart_test: process %d: cannot say it is ready\n", getpid());
		return 11;
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].thread, NULL);
		if (w[i].ret != -ECONNRESET && w[i].ret != -ENODEV) {
			printf("restart_test: thread %d ended with %s, retval %#x after %lu calls\n",
			       i, ename(w[i].ret), (unsigned int)w[i].retval, w[i].calls);
			bad = 12;
		}
	}
	/* Once the device is gone every ioctl says so: -ENODEV. */
	if (query(fd, DRM_FASTRPC_PARAM_SESSION_STATE, &state) != -ENODEV) {
		printf("restart_test: process %d: QUERY on the gone device did not fail ENODEV\n",
		       getpid());
		bad = 13;
	}
	close(fd);
	return bad;
}

static void round_once(unsigned int round)
{
	int pipefd[2], st, i, started = 0, ok = 0, ret;
	pid_t pids[PROCS];
	char c, what[80];
	int32_t rv = -1;
	int fd;

	if (pipe(pipefd))
		return;
	fflush(stdout);
	for (i = 0; i < PROCS; i++) {
		pids[i] = fork();
		if (!pids[i]) {
			close(pipefd[0]);
			/* Its own lines, which _exit() would not flush. */
			st = child(pipefd[1]);
			fflush(stdout);
			_exit(st);
		}
	}
	close(pipefd[1]);
	for (i = 0; i < PROCS && read(pipefd[0], &c, 1) == 1; i++)
		started++;
	close(pipefd[0]);
	usleep(200 * 1000);

	ret = edge_state(DOMAIN, "restart");
	for (i = 0; i < PROCS; i++) {
		waitpid(pids[i], &st, 0);
		ok += WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	snprintf(what, sizeof(what), "round %u: %d processes x %d threads end as documented",
		 round, PROCS, THREADS);
	report(!ret && started == PROCS && ok == PROCS, "restart", what,
	       "%s, %d started, %d ok", ename(ret), started, ok);

	fd = wait_domain(DOMAIN);
	/* vdspd reconnects after the UP event: give it a moment. */
	for (i = 0; i < 50; i++) {
		struct drm_fastrpc_session_create s = {
			.type = DRM_FASTRPC_SESSION_USER_PD,
			.shell_ptr = (uintptr_t)lab_shell,
			.shell_size = lab_shell_size,
		};

		if (fd >= 0 && !xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s))
			break;
		usleep(100 * 1000);
	}
	ret = fd < 0 ? fd : invoke_handle(fd, LAB_SKEL_HANDLE,
					  DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0),
					  NULL, &rv);
	snprintf(what, sizeof(what), "round %u: the domain serves again", round);
	expect_retval("restart", what, ret, rv, 0);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	unsigned int rounds = argc > 2 ? atoi(argv[2]) : 5, r;

	if (argc < 2) {
		fprintf(stderr, "usage: restart_test SHELL_ELF [ROUNDS]\n");
		return 2;
	}
	if (lab_load_shell("restart_test", argv[1]))
		return 1;

	for (r = 1; r <= rounds; r++)
		round_once(r);

	return report_counts();
}
