// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cve_test: the bug classes of drivers/misc/fastrpc.c's CVE history, each
 * as a lab test against the accel driver, with vdspd and the Hexagon lab
 * shell serving cdsp: argument boundaries and overflows, stale and foreign
 * handles, out-parameters on error, and callers that die while the DSP
 * still holds their calls.  KASAN, lockdep and kmemleak judge too.
 *
 * usage: cve_test SHELL_ELF
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define PAGE		4096u
#define SENTINEL	0x5a5a5a5au


static int echo(int fd, struct drm_fastrpc_invoke_arg *a, int32_t *rv)
{
	return invoke_handle(fd, LAB_SKEL_HANDLE,
			     DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a, rv);
}

/* ---- argument boundaries --------------------------------------------- */

static void test_boundaries(int fd)
{
	static const size_t lens[] = { 1, PAGE - 1, PAGE, PAGE + 1, 3 * PAGE + 77 };
	static const size_t offs[] = { 0, 1, PAGE - 7, PAGE - 1 };
	unsigned char *in, *out, *ro;
	struct drm_fastrpc_invoke_arg a[2];
	char what[96];
	int32_t rv = -1;
	size_t i, j, k;
	int ret;

	in = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	out = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* A read-only page with a hole after it. */
	ro = mmap(NULL, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (in == MAP_FAILED || out == MAP_FAILED || ro == MAP_FAILED ||
	    munmap(ro + PAGE, PAGE)) {
		report(false, "bounds", "map test memory", "%s", strerror(errno));
		return;
	}

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		for (j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
			size_t len = lens[i], off = offs[j];
			bool same = true;

			for (k = 0; k < len; k++)
				in[off + k] = (unsigned char)(k * 13 + i + j);
			memset(out, 0xee, 8 * PAGE);
			a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)(in + off), .size = len };
			a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)(out + off), .size = len };
			ret = echo(fd, a, &rv);
			same = !ret && !rv && !memcmp(in + off, out + off, len) &&
			       out[off + len] == 0xee && (!off || out[off - 1] == 0xee);
			snprintf(what, sizeof(what), "echo %zu bytes at page offset %zu, nothing around",
				 len, off);
			report(same, "bounds", what, "%s, retval %#x", ename(ret), (unsigned int)rv);
		}
	}

	a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in, .size = 0 };
	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)out, .size = 0 };
	expect_invoke("bounds", "zero-length in and out", fd, LAB_SKEL_HANDLE,
		      DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a, 0);

	a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in, .size = 16 };
	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)ro, .size = 16 };
	expect_err("bounds", "read-only output -> EFAULT before the call", echo(fd, a, &rv),
		   -EFAULT);
	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)out, .size = 16 };
	a[0].ptr = (uintptr_t)ro + PAGE - 8;		/* runs off the mapping */
	expect_err("bounds", "input running into unmapped memory -> EFAULT", echo(fd, a, &rv),
		   -EFAULT);
	a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = UINT64_MAX - 7, .size = 16 };
	expect_err("bounds", "input wrapping the address space -> EFAULT", echo(fd, a, &rv),
		   -EFAULT);
	a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in, .size = UINT64_MAX };
	expect_err("bounds", "input of 2^64-1 bytes -> EFAULT", echo(fd, a, &rv), -EFAULT);
	/* Two inputs, each under the bound, not together: refused unread. */
	a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in, .size = 40ull << 20 };
	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in + (48ull << 20), .size = 40ull << 20 };
	expect_err("bounds", "sizes that sum past the payload bound -> E2BIG",
		   invoke_handle(fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_SUM, 2, 0, 0, 0),
				 a, &rv), -E2BIG);

	/* Overlapping in and out, both directions. */
	for (k = 0; k < 64; k++)
		in[k] = k;
	a[0] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in + 16, .size = 32 };
	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in, .size = 32 };
	ret = echo(fd, a, &rv);
	for (k = 0, j = 1; k < 32; k++)
		j &= in[k] == 16 + k;
	report(!ret && !rv && j, "bounds", "out overlapping the start of in", "%s", ename(ret));

	munmap(in, 8 * PAGE);
	munmap(out, 8 * PAGE);
	munmap(ro, PAGE);
}

/* ---- stale and foreign handles, out-parameters ------------------------ */

static void test_handles(int fd)
{
	struct drm_fastrpc_gem_create g = { .size = PAGE };
	struct drm_gem_close gc = { 0 };
	struct drm_fastrpc_invoke_arg a[2];
	struct drm_fastrpc_invoke inv;
	struct drm_fastrpc_map m;
	struct drm_fastrpc_unmap u;
	unsigned char out[16];
	uint32_t other_handle;
	int32_t rv = 0;
	int other = open_domain(DOMAIN);

	/* Handles are per file: this file has no object yet. */
	if (xioctl(other, DRM_IOCTL_FASTRPC_GEM_CREATE, &g)) {
		report(false, "handles", "another file's object", "%s", strerror(errno));
		return;
	}
	other_handle = g.handle;

	a[0] = (struct drm_fastrpc_invoke_arg){ .handle = other_handle, .size = 8,
						.flags = DRM_FASTRPC_ARG_GEM };
	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)out, .size = 8 };
	inv = (struct drm_fastrpc_invoke){
		.handle = LAB_SKEL_HANDLE,
		.sc = DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0),
		.args_ptr = (uintptr_t)a,
		.retval = (int32_t)SENTINEL,
	};
	expect_err("handles", "another file's GEM handle -> ENOENT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_INVOKE, &inv), -ENOENT);
	report(inv.retval == (int32_t)SENTINEL, "handles", "retval untouched on error", "%#x",
	       (unsigned int)inv.retval);

	m = (struct drm_fastrpc_map){ .handle = other_handle, .size = PAGE,
				      .dsp_addr = SENTINEL };
	expect_err("handles", "map another file's handle -> ENOENT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_MAP, &m), -ENOENT);
	report(m.dsp_addr == SENTINEL, "handles", "dsp_addr untouched on error", "%#llx",
	       (unsigned long long)m.dsp_addr);

	g = (struct drm_fastrpc_gem_create){ .size = PAGE };
	expect_err("handles", "an object of this file", xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g),
		   0);
	u = (struct drm_fastrpc_unmap){ .handle = g.handle, .dsp_addr = 0x20000000 };
	expect_err("handles", "unmap of what was never mapped -> ENOENT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_UNMAP, &u), -ENOENT);
	u.flags = 1;
	expect_err("handles", "unmap with flags -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_UNMAP, &u), -EINVAL);

	gc.handle = g.handle;
	xioctl(fd, DRM_IOCTL_GEM_CLOSE, &gc);
	a[0].handle = g.handle;
	expect_err("handles", "a closed GEM handle -> ENOENT", echo(fd, a, &rv), -ENOENT);

	g = (struct drm_fastrpc_gem_create){ .size = 0, .handle = SENTINEL };
	expect_err("handles", "gem create of 0 bytes -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g), -EINVAL);
	report(g.handle == SENTINEL, "handles", "handle untouched on error", "%#x", g.handle);
	close(other);
}

/* ---- callers that die with calls on the DSP --------------------------- */

struct sleeper {
	int fd;
	uint32_t ms;
};

static void *sleep_call(void *arg)
{
	struct sleeper *s = arg;
	struct drm_fastrpc_invoke_arg a = { .ptr = (uintptr_t)&s->ms, .size = sizeof(s->ms) };
	int32_t rv;

	invoke_handle(s->fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_SLEEP, 1, 0, 0, 0),
		      &a, &rv);
	return NULL;
}

/* A child whose threads sleep on the DSP is killed (or closes) mid-call. */
static void dying_caller(bool kill_it)
{
	const char *what = kill_it ? "SIGKILL with 4 calls on the DSP" :
				     "close with 4 calls on the DSP";
	int pipefd[2], st = 0, ready = 0;
	pid_t pid;

	if (pipe(pipefd))
		return;
	fflush(stdout);
	pid = fork();
	if (!pid) {
		static struct sleeper s[4];
		pthread_t t[4];
		int fd = lab_user_session(), i;

		for (i = 0; i < 4; i++) {
			s[i] = (struct sleeper){ .fd = fd, .ms = 300 };
			pthread_create(&t[i], NULL, sleep_call, &s[i]);
		}
		ready = fd >= 0;
		if (write(pipefd[1], &ready, sizeof(ready)) != sizeof(ready))
			_exit(1);
		usleep(100 * 1000);
		if (!kill_it) {
			/* Closing a file with calls in flight ends them. */
			close(fd);
			for (i = 0; i < 4; i++)
				pthread_join(t[i], NULL);
			_exit(0);
		}
		pause();
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &ready, sizeof(ready)) != sizeof(ready))
		ready = 0;
	close(pipefd[0]);
	usleep(150 * 1000);
	if (kill_it)
		kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	report(ready && (kill_it ? WIFSIGNALED(st) : WIFEXITED(st) && !WEXITSTATUS(st)),
	       "dying", what, "child status %#x", st);
}

static bool wait_quiet(int seconds)
{
	for (int i = 0; i < seconds * 10; i++) {
		if (system("! grep -qs . /sys/kernel/debug/accel/*/calls && "
			   "! grep -qs client /sys/kernel/debug/accel/*/sessions") == 0)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

static void test_dying(void)
{
	int32_t rv = -1;
	int fd, ret;

	dying_caller(true);
	report(wait_quiet(10), "dying", "after SIGKILL, late answers free every call",
	       "calls or sessions left in debugfs");
	dying_caller(false);
	report(wait_quiet(10), "dying", "after close, late answers free every call",
	       "calls or sessions left in debugfs");
	fd = lab_user_session();
	ret = fd < 0 ? fd : invoke_handle(fd, LAB_SKEL_HANDLE,
					  DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0),
					  NULL, &rv);
	expect_retval("dying", "the domain still serves", ret, rv, 0);
	if (fd >= 0)
		close(fd);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: cve_test SHELL_ELF\n");
		return 2;
	}
	if (lab_load_shell("cve_test", argv[1]))
		return 1;

	fd = lab_user_session();
	if (fd < 0) {
		report(false, "setup", "a session on cdsp", "%s", ename(fd));
		return report_counts();
	}
	test_boundaries(fd);
	test_handles(fd);
	close(fd);
	test_dying();

	return report_counts();
}
