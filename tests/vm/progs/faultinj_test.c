// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * faultinj_test: systematic fault injection into the accel driver's ioctls,
 * for the lab, against vdspd serving cdsp.
 *
 * For each scenario, N = 1, 2, ...: make the Nth fault-injection point the
 * calling thread meets fail (/proc/thread-self/fail-nth: slab and page
 * allocations, sleeping ones included, and copies to and from user space),
 * run the scenario, undo what it did.  Every failure must end in an error
 * or in a clean success; the loop ends at the first N the scenario no
 * longer reaches.  Afterwards the domain must hold no session and no call.
 * The lab's oracle (KASAN, lockdep, kmemleak) judges the rest.
 *
 * usage: faultinj_test SHELL_ELF
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define MAX_N		2000	/* far above any scenario's injection points */
#define DEBUGFS		"/sys/kernel/debug/"

static int nth_fd = -1;

/* What one scenario works on; set up once, fresh file per iteration. */
struct ctx {
	int fd;			/* the iteration's file */
	int keep_fd;		/* a file with a session, kept across iterations */
	uint32_t gem;		/* an object of keep_fd */
	uint32_t gem2;
	int dmabuf;		/* a system-heap buffer */
	uint32_t made;		/* what the scenario created, to undo */
	int made_fd;
};

static int write_file(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static void *probe_thread(void *arg);

/* Sleeping allocations too, every order, quietly. */
static int faults_setup(void)
{
	static const char *const knobs[][2] = {
		{ DEBUGFS "failslab/ignore-gfp-wait", "N" },
		{ DEBUGFS "failslab/verbose", "0" },
		{ DEBUGFS "fail_page_alloc/ignore-gfp-wait", "N" },
		{ DEBUGFS "fail_page_alloc/ignore-gfp-highmem", "N" },
		{ DEBUGFS "fail_page_alloc/min-order", "0" },
		{ DEBUGFS "fail_page_alloc/verbose", "0" },
		{ DEBUGFS "fail_usercopy/verbose", "0" },
	};
	pthread_t probe;
	char path[64];
	size_t i;
	int ret;

	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		ret = write_file(knobs[i][0], knobs[i][1]);
		if (ret) {
			report(false, "faults", "set up fault injection", "%s: %s",
			       knobs[i][0], ename(ret));
			return ret;
		}
	}
	/* The main thread's, by its id, so that the probe thread can use it. */
	snprintf(path, sizeof(path), "/proc/self/task/%d/fail-nth", gettid());
	nth_fd = open(path, O_RDWR);
	if (nth_fd < 0 || pthread_create(&probe, NULL, probe_thread, NULL)) {
		report(false, "faults", "set up fault injection", "fail-nth: %s",
		       strerror(errno));
		return -errno;
	}
	return 0;
}

static void fail_nth(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	/* The write copies the number in before arming: it hits nothing. */
	if (pwrite(nth_fd, buf, len, 0) != len)
		abort();
}

/*
 * Whether the armed failure fired, and disarm it.  Reading fail-nth copies
 * to user space, an injection point itself: a helper thread reads and
 * resets the main thread's, while the main thread waits without a system
 * call that could take the failure.
 */
static atomic_int probe_state;	/* 0 idle, 1 asked, 2 fired, 3 not fired */

static void *probe_thread(void *arg)
{
	char buf[16];
	ssize_t n;

	(void)arg;
	for (;;) {
		while (atomic_load(&probe_state) != 1)
			usleep(50);
		memset(buf, 0, sizeof(buf));
		n = pread(nth_fd, buf, sizeof(buf) - 1, 0);
		if (n <= 0 || pwrite(nth_fd, "0", 1, 0) != 1)
			abort();
		atomic_store(&probe_state, atoi(buf) == 0 ? 2 : 3);
	}
	return NULL;
}

static bool fired(void)
{
	int state;

	atomic_store(&probe_state, 1);
	while ((state = atomic_load(&probe_state)) == 1)
		;
	atomic_store(&probe_state, 0);
	return state == 2;
}

/* ---- the scenarios: 0 or -errno -------------------------------------- */

static int sc_query(struct ctx *c)
{
	uint64_t v;

	return query(c->keep_fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
}

static int sc_gem_create(struct ctx *c)
{
	struct drm_fastrpc_gem_create g = { .size = 64 << 10 };
	int ret = xioctl(c->keep_fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g);

	c->made = ret ? 0 : g.handle;
	return ret;
}

static int sc_mmap_offset(struct ctx *c)
{
	struct drm_fastrpc_gem_mmap_offset o = { .handle = c->gem };
	void *p;
	int ret = xioctl(c->keep_fd, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, &o);

	if (ret)
		return ret;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, c->keep_fd, o.offset);
	if (p == MAP_FAILED)
		return -errno;
	((volatile char *)p)[0] = 1;
	munmap(p, 4096);
	return 0;
}

static int sc_prime_export(struct ctx *c)
{
	struct drm_prime_handle h = { .handle = c->gem, .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret = xioctl(c->keep_fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &h);

	c->made_fd = ret ? -1 : h.fd;
	return ret;
}

static int sc_prime_import(struct ctx *c)
{
	struct drm_prime_handle h = { .fd = c->dmabuf };
	int ret;

	c->fd = open(lab_node, O_RDWR);
	if (c->fd < 0)
		return -errno;
	ret = xioctl(c->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h);
	return ret;
}

static int sc_user_pd(struct ctx *c)
{
	struct drm_fastrpc_session_create s = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};

	c->fd = open(lab_node, O_RDWR);
	if (c->fd < 0)
		return -errno;
	return xioctl(c->fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s);
}

static int sc_root_pd(struct ctx *c)
{
	struct drm_fastrpc_session_create s = { .type = DRM_FASTRPC_SESSION_ROOT_PD };

	c->fd = open(lab_node, O_RDWR);
	if (c->fd < 0)
		return -errno;
	return xioctl(c->fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s);
}

static unsigned char in[5000], out[5000];

static int sc_invoke_copy(struct ctx *c)
{
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .ptr = (uintptr_t)in, .size = sizeof(in) },
		{ .ptr = (uintptr_t)out, .size = sizeof(out) },
	};
	int32_t rv = 0;
	int ret = invoke_handle(c->keep_fd, LAB_SKEL_HANDLE,
				DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a, &rv);

	return ret ? ret : rv ? -EIO : 0;
}

static int sc_invoke_gem(struct ctx *c)
{
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .handle = c->gem, .size = 3000, .offset = 100, .flags = DRM_FASTRPC_ARG_GEM },
		{ .handle = c->gem2, .size = 3000, .offset = 2000, .flags = DRM_FASTRPC_ARG_GEM },
	};
	int32_t rv = 0;
	int ret = invoke_handle(c->keep_fd, LAB_SKEL_HANDLE,
				DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a, &rv);

	return ret ? ret : rv ? -EIO : 0;
}

/* A file of the iteration's own, attached to the root PD, with an object. */
static int root_session_object(struct ctx *c, uint32_t *handle)
{
	struct drm_fastrpc_session_create s = { .type = DRM_FASTRPC_SESSION_ROOT_PD };
	struct drm_fastrpc_gem_create g = { .size = 8192 };
	int ret;

	c->fd = open(lab_node, O_RDWR);
	if (c->fd < 0)
		return -errno;
	ret = xioctl(c->fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s);
	if (!ret)
		ret = xioctl(c->fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g);
	*handle = g.handle;
	return ret;
}

/* Map an object into the DSP process and unmap it. */
static int sc_map(struct ctx *c)
{
	struct drm_fastrpc_map m = { .size = 8192 };
	struct drm_fastrpc_unmap u = { 0 };
	int ret = root_session_object(c, &m.handle);

	u.handle = m.handle;
	if (!ret)
		ret = xioctl(c->fd, DRM_IOCTL_FASTRPC_MAP, &m);
	u.dsp_addr = m.dsp_addr;
	if (!ret)
		ret = xioctl(c->fd, DRM_IOCTL_FASTRPC_UNMAP, &u);
	return ret;
}

/* The DSP holds an object as a handle, then lets go of it. */
static int sc_handle(struct ctx *c)
{
	struct drm_fastrpc_invoke_arg h = { .size = 8192, .flags = DRM_FASTRPC_ARG_GEM };
	uint32_t id = 1;	/* a fresh session's first handle */
	struct drm_fastrpc_invoke_arg d = { .ptr = (uintptr_t)&id, .size = sizeof(id) };
	int32_t rv = 0;
	int ret = root_session_object(c, &h.handle);

	if (!ret)
		ret = invoke_handle(c->fd, LAB_CTL_HANDLE,
				    DRM_FASTRPC_SCALARS(LAB_CTL_HOLD, 0, 0, 1, 0), &h, &rv);
	if (!ret && !rv)
		ret = invoke_handle(c->fd, LAB_CTL_HANDLE,
				    DRM_FASTRPC_SCALARS(LAB_CTL_DROP, 1, 0, 0, 0), &d, &rv);
	return ret ? ret : rv ? -EREMOTEIO : 0;
}

static void undo(struct ctx *c)
{
	struct drm_gem_close g = { .handle = c->made };

	if (c->made)
		xioctl(c->keep_fd, DRM_IOCTL_GEM_CLOSE, &g);
	if (c->made_fd >= 0)
		close(c->made_fd);
	if (c->fd >= 0)
		close(c->fd);
	c->made = 0;
	c->made_fd = -1;
	c->fd = -1;
}

static const struct scenario {
	const char *name;
	int (*run)(struct ctx *c);
} scenarios[] = {
	{ "query", sc_query },
	{ "gem create", sc_gem_create },
	{ "gem mmap", sc_mmap_offset },
	{ "prime export", sc_prime_export },
	{ "prime import", sc_prime_import },
	{ "invoke with copies", sc_invoke_copy },
	{ "invoke with GEM arguments", sc_invoke_gem },
	{ "root pd attach", sc_root_pd },
	{ "map and unmap", sc_map },
	{ "handles held and released", sc_handle },
	{ "user pd create", sc_user_pd },
};

static void run_scenario(const struct scenario *s, struct ctx *c)
{
	unsigned int n, failures = 0, tolerated = 0;
	char what[96];
	int ret = 0;

	for (n = 1; n <= MAX_N; n++) {
		fail_nth(n);
		ret = s->run(c);
		if (!fired()) {
			undo(c);
			break;
		}
		if (ret)
			failures++;
		else
			tolerated++;
		undo(c);
	}
	snprintf(what, sizeof(what), "%s: every injected fault handled (%u errors, %u absorbed)",
		 s->name, failures, tolerated);
	if (n > MAX_N)
		report(false, "faults", what, "still reaching faults after %u", MAX_N);
	else
		report(!ret, "faults", what, "the run without a fault failed: %s", ename(ret));
}

/* Nothing left behind: no session, no call, every slot free. */
static void check_clean(uint64_t free0)
{
	uint64_t v = 0;
	int fd = open(lab_node, O_RDWR), ret;

	ret = query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
	expect_value("faults", "every session slot is free again", ret, v, free0);
	report(system("! grep -qs . /sys/kernel/debug/accel/*/calls") == 0, "faults",
	       "no call is left in flight", "debugfs lists calls");
	report(system("! grep -qs client /sys/kernel/debug/accel/*/sessions") == 0, "faults",
	       "no session is left", "debugfs lists sessions");
	close(fd);
}

int main(int argc, char **argv)
{
	struct drm_fastrpc_session_create s = { .type = DRM_FASTRPC_SESSION_USER_PD };
	struct drm_fastrpc_gem_create g = { .size = 8192 };
	struct ctx c = { .fd = -1, .made_fd = -1 };
	uint64_t free0 = 0;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: faultinj_test SHELL_ELF\n");
		return 2;
	}
	if (lab_load_shell("faultinj_test", argv[1]))
		return 1;

	/* No page fault of ours may take an injected failure. */
	memset(in, 1, sizeof(in));
	memset(out, 0, sizeof(out));

	c.keep_fd = open_domain(DOMAIN);
	if (c.keep_fd < 0 || faults_setup())
		return report_counts() | 1;
	query(c.keep_fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &free0);

	s.shell_ptr = (uintptr_t)lab_shell;
	s.shell_size = lab_shell_size;
	c.dmabuf = dma_heap_buffer(64 << 10);
	if (xioctl(c.keep_fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s) ||
	    xioctl(c.keep_fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g) || c.dmabuf < 0) {
		report(false, "faults", "set up a session and buffers", "%s", strerror(errno));
		return report_counts() | 1;
	}
	c.gem = g.handle;
	if (xioctl(c.keep_fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g)) {
		report(false, "faults", "set up a second buffer", "%s", strerror(errno));
		return report_counts() | 1;
	}
	c.gem2 = g.handle;

	for (i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++)
		run_scenario(&scenarios[i], &c);

	close(c.dmabuf);
	close(c.keep_fd);
	check_clean(free0);
	return report_counts();
}
