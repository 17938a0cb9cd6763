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
 * Then the caller's memory: a call whose input lies in memory that faults
 * until userspace says otherwise (userfaultfd) is held in the driver's
 * copy; the DSP goes meanwhile, and going must complete all the same.  Once
 * the fault is resolved the call fails with ENODEV.
 *
 * And a MAP in flight: the DSP holds its answer (LAB_MISBEHAVE_NEVER) while
 * the buffer is mapped on the session's bank, and goes then.  The MAP fails
 * with ECONNRESET, and the buffer, made and exported before, is still the
 * process's to map and write through its dma-buf, import on the domain
 * come back, and pass to a call there.
 *
 * And the static PDs' heap: the first static PD session lends the domain's
 * heap (the edge's remote-heap carveout when the device tree names one:
 * behind the SMMU the DSP reaches nothing else by a physical address), a
 * second one lends nothing, closing both keeps it lent, and the domain come
 * back after a restart lends it anew.
 *
 * usage: restart_test SHELL_ELF [ROUNDS]
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/userfaultfd.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <dirent.h>
#include <time.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define PROCS		3	/* the lab's context banks: one session each */
#define THREADS		4
#define HELD_SIZE	65536


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

struct held_call {
	pthread_t thread;
	int fd;
	void *in;
	int ret;
	int32_t retval;
};

static void *held_call(void *p)
{
	struct held_call *h = p;
	unsigned char out[64];
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .ptr = (uintptr_t)h->in, .size = 4096 },
		{ .ptr = (uintptr_t)out, .size = sizeof(out) },
	};

	h->ret = invoke_handle(h->fd, LAB_SKEL_HANDLE,
			       DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a, &h->retval);
	return NULL;
}

static void *going_down(void *p)
{
	*(int *)p = edge_state(DOMAIN, "down");
	return NULL;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A page that faults to @uffd until resolved; NULL on failure. */
static void *faulting_page(int *uffd)
{
	struct uffdio_api api = { .api = UFFD_API };
	struct uffdio_register reg = { .mode = UFFDIO_REGISTER_MODE_MISSING };
	void *page;

	*uffd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (*uffd < 0 || ioctl(*uffd, UFFDIO_API, &api))
		return NULL;
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		return NULL;
	reg.range.start = (uintptr_t)page;
	reg.range.len = 4096;
	return ioctl(*uffd, UFFDIO_REGISTER, &reg) ? NULL : page;
}

static void held_copy(void)
{
	struct held_call h = { .ret = 1 };
	struct drm_fastrpc_session_create s = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};
	struct uffd_msg msg;
	struct pollfd pfd;
	pthread_t down;
	int uffd = -1, down_ret = 1, i;
	bool faulted, done = false;
	double t0;

	h.in = faulting_page(&uffd);
	report(h.in != NULL, "uffd", "a page served by userfaultfd", "%s", strerror(errno));
	h.fd = wait_domain(DOMAIN);
	if (!h.in || h.fd < 0 || xioctl(h.fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s)) {
		report(false, "uffd", "a session for the held call", "%s", strerror(errno));
		return;
	}
	pthread_create(&h.thread, NULL, held_call, &h);

	/* The driver's copy of the input faults: the call is held there. */
	pfd = (struct pollfd){ .fd = uffd, .events = POLLIN };
	faulted = poll(&pfd, 1, 5000) == 1 && read(uffd, &msg, sizeof(msg)) == sizeof(msg) &&
		  msg.event == UFFD_EVENT_PAGEFAULT;
	report(faulted, "uffd", "the call's input copy faults and waits", "no fault in 5 s");

	t0 = now();
	pthread_create(&down, NULL, going_down, &down_ret);
	for (i = 0; i < 100 && !done; i++) {
		usleep(100 * 1000);
		done = !pthread_tryjoin_np(down, NULL);
	}
	report(done && !down_ret, "uffd", "the DSP goes while a caller's memory faults",
	       "%s after %.1f s", done ? ename(down_ret) : "still going", now() - t0);

	/* Resolved: the copy completes, the call finds the domain gone. */
	if (faulted) {
		struct uffdio_zeropage z = {
			.range = { .start = msg.arg.pagefault.address & ~4095ull, .len = 4096 },
		};

		ioctl(uffd, UFFDIO_ZEROPAGE, &z);
	}
	if (!done)
		pthread_join(down, NULL);
	pthread_join(h.thread, NULL);
	report(h.ret == -ENODEV, "uffd", "the held call then fails with ENODEV", "%s, retval %#x",
	       ename(h.ret), (unsigned int)h.retval);
	close(h.fd);
	close(uffd);
	report(!edge_state(DOMAIN, "up"), "uffd", "the DSP comes back", "%s", strerror(errno));
}

struct held_map {
	pthread_t thread;
	int fd;
	uint32_t handle;
	int ret;
};

static void *held_map(void *p)
{
	struct held_map *h = p;
	struct drm_fastrpc_map m = { .handle = h->handle, .size = HELD_SIZE };

	h->ret = xioctl(h->fd, DRM_IOCTL_FASTRPC_MAP, &m);
	return NULL;
}

/* The DSP's sum of the words of GEM object @handle, on a new session of @fd. */
static int sum_on(int fd, uint32_t handle, uint64_t *sum, int32_t *rv)
{
	struct drm_fastrpc_session_create s = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .handle = handle, .size = HELD_SIZE, .flags = DRM_FASTRPC_ARG_GEM },
		{ .ptr = (uintptr_t)sum, .size = sizeof(*sum) },
	};
	int i;

	/* vdspd reconnects after the UP event: give it a moment. */
	for (i = 0; i < 50 && xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s); i++)
		usleep(100 * 1000);
	return invoke_handle(fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_SUM, 1, 1, 0, 0),
			     a, rv);
}

static void map_in_flight(void)
{
	struct drm_fastrpc_session_create s = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};
	struct drm_fastrpc_gem_create g = { .size = HELD_SIZE };
	struct drm_prime_handle ex = { .flags = DRM_CLOEXEC | DRM_RDWR }, im = { 0 };
	uint32_t never[2] = { LAB_MISBEHAVE_NEVER, 1 };
	struct drm_fastrpc_invoke_arg a = { .ptr = (uintptr_t)never, .size = sizeof(never) };
	struct held_map h = { .ret = 1 };
	unsigned long long want = 0;
	uint64_t sum = 0;
	uint32_t *words;
	int32_t rv = -1;
	bool held;
	int fd, ret;

	h.fd = wait_domain(DOMAIN);
	if (h.fd < 0 || xioctl(h.fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s) ||
	    xioctl(h.fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g)) {
		report(false, "held-map", "a session and a buffer", "%s", strerror(errno));
		return;
	}
	h.handle = g.handle;
	ex.handle = g.handle;
	ret = xioctl(h.fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &ex);
	report(!ret, "held-map", "the buffer is exported", "%s", strerror(errno));
	if (ret)
		return;
	expect_invoke("held-map", "the DSP will not answer the next call", h.fd, LAB_CTL_HANDLE,
		      DRM_FASTRPC_SCALARS(LAB_CTL_MISBEHAVE, 1, 0, 0, 0), &a, 0);
	pthread_create(&h.thread, NULL, held_map, &h);
	usleep(300 * 1000);
	held = pthread_tryjoin_np(h.thread, NULL) != 0;
	report(held, "held-map", "a MAP waits for the DSP with its buffer on the bank",
	       "it returned at once: %s", ename(h.ret));

	ret = edge_state(DOMAIN, "down");
	if (held)
		pthread_join(h.thread, NULL);
	report(!ret && held && h.ret == -ECONNRESET, "held-map",
	       "the DSP goes: the MAP fails with ECONNRESET", "%s, MAP %s", ename(ret),
	       ename(h.ret));

	/* The buffer was made before: its file goes, its dma-buf is mapped and written. */
	close(h.fd);
	words = mmap(NULL, HELD_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, ex.fd, 0);
	if (words == MAP_FAILED)
		words = NULL;
	for (unsigned int i = 0; words && i < HELD_SIZE / 4; i++)
		want += words[i] = 7 * i + 1;
	report(words != NULL, "held-map", "a buffer made before the DSP went is mapped and written",
	       "%s", strerror(errno));

	report(!edge_state(DOMAIN, "up"), "held-map", "the DSP comes back", "%s", strerror(errno));
	fd = wait_domain(DOMAIN);
	im.fd = ex.fd;
	ret = fd < 0 ? fd : xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &im);
	report(!ret, "held-map", "it is imported on the domain come back", "%s", ename(ret));
	ret = ret ? ret : sum_on(fd, im.handle, &sum, &rv);
	report(!ret && !rv && sum == want, "held-map", "and passed to a call there: its bytes intact",
	       "%s, retval %#x, sum %llu, want %llu", ename(ret), (unsigned int)rv,
	       (unsigned long long)sum, want);
	if (words)
		munmap(words, HELD_SIZE);
	close(ex.fd);
	if (fd >= 0)
		close(fd);
}

/*
 * The "heap" line of the domain open on @fd, in its debugfs directory,
 * which is named after the accel device's parent (the RPMsg device).
 */
static int heap_line(int fd, char *line, size_t len)
{
	char path[320], dev[256];
	struct stat st;
	ssize_t n;
	FILE *f;
	int ret;

	if (fstat(fd, &st))
		return -errno;
	snprintf(path, sizeof(path), "/sys/class/accel/accel%u/device", minor(st.st_rdev));
	n = readlink(path, dev, sizeof(dev) - 1);
	if (n < 0)
		return -errno;
	dev[n] = 0;
	snprintf(path, sizeof(path), "/sys/kernel/debug/accel/%s/heap",
		 strrchr(dev, '/') ? strrchr(dev, '/') + 1 : dev);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	ret = fgets(line, len, f) ? 0 : -EIO;
	fclose(f);
	line[strcspn(line, "\n")] = 0;
	return ret;
}

/* The edge's carveout for DOMAIN, as its node's unit address; 0 if none. */
static unsigned long long carveout(void)
{
	unsigned long long addr = 0;
	struct dirent *e;
	DIR *d;

	d = opendir("/sys/firmware/devicetree/base/vdsp-edge-" DOMAIN);
	while (d && (e = readdir(d)))
		if (sscanf(e->d_name, "remote-heap@%llx", &addr) == 1)
			break;
	if (d)
		closedir(d);
	return addr;
}

static int attach_static(int fd, uint64_t heap)
{
	struct drm_fastrpc_session_create c = {
		.type = DRM_FASTRPC_SESSION_STATIC_PD,
		.shell_size = heap,
		.name_ptr = (uintptr_t)"audiopd",
		.name_size = sizeof("audiopd"),
	};

	return xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &c);
}

static void heap_lent_once(void)
{
	unsigned long long region = carveout(), addr = 0;
	char first[128] = "", line[128] = "";
	int a, b, ret;

	a = wait_domain(DOMAIN);
	b = open_domain(DOMAIN);
	ret = a < 0 ? a : b < 0 ? b : heap_line(a, line, sizeof(line));
	report(!ret && !strstr(line, "lent"), "heap", "a domain come up has lent no heap",
	       "%s: '%s'", ename(ret), line);

	ret = attach_static(a, 1 << 20);
	if (!ret)
		ret = heap_line(a, first, sizeof(first));
	report(!ret && strstr(first, " lent"), "heap", "the first static PD session lends it",
	       "%s: '%s'", ename(ret), first);
	if (region) {
		sscanf(first, "memory-region %llx", &addr);
		report(addr == region, "heap", "it is the device tree's memory-region, by address",
		       "'%s', the carveout is at %#llx", first, region);
	}

	ret = attach_static(b, 2 << 20);
	if (!ret)
		ret = heap_line(b, line, sizeof(line));
	report(!ret && !strcmp(line, first), "heap", "a second session lends nothing more",
	       "%s: '%s', first '%s'", ename(ret), line, first);

	close(a);
	close(b);
	a = open_domain(DOMAIN);
	ret = a < 0 ? a : heap_line(a, line, sizeof(line));
	report(!ret && !strcmp(line, first), "heap", "closing both keeps it lent to the DSP",
	       "%s: '%s'", ename(ret), line);
	if (a >= 0)
		close(a);

	ret = edge_state(DOMAIN, "restart");
	a = ret ? ret : wait_domain(DOMAIN);
	ret = a < 0 ? a : heap_line(a, line, sizeof(line));
	report(!ret && !strstr(line, "lent"), "heap", "after a restart the heap is the DSP's no more",
	       "%s: '%s'", ename(ret), line);
	ret = a < 0 ? a : attach_static(a, 1 << 20);
	if (!ret)
		ret = heap_line(a, line, sizeof(line));
	report(!ret && strstr(line, " lent"), "heap", "and the next static PD session lends it anew",
	       "%s: '%s'", ename(ret), line);
	if (a >= 0)
		close(a);
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
	held_copy();
	map_in_flight();
	heap_lent_once();
	round_once(r);

	return report_counts();
}
