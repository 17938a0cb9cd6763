// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hostile_test: a DSP that misbehaves, signals that rain on callers, and
 * threads that race over one buffer, for the lab, against vdspd serving
 * cdsp (its LAB_CTL service, shell_proto.h).
 *
 * - vdspd answers with a context nobody made, twice, twice with the second
 *   200 ms late (after the id was reused), or after a truncated message:
 *   every call still gets its own answer, the strays are dropped.
 * - vdspd never answers: the caller's signal ends its wait, release frees
 *   the call.
 * - SIGUSR1 every millisecond on two invoking threads: each call reaches
 *   the DSP exactly once (vdspd counts what it receives).
 * - Three threads: invoke with a GEM argument, map and unmap it, close and
 *   re-import it, for many iterations.
 *
 * usage: hostile_test SHELL_ELF
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define PAGE		4096u


static int misbehave(int fd, uint32_t mode, uint32_t count)
{
	uint32_t v[2] = { mode, count };
	struct drm_fastrpc_invoke_arg a = { .ptr = (uintptr_t)v, .size = sizeof(v) };
	int32_t rv = 0;
	int ret = invoke_handle(fd, LAB_CTL_HANDLE,
				DRM_FASTRPC_SCALARS(LAB_CTL_MISBEHAVE, 1, 0, 0, 0), &a, &rv);

	return ret ? ret : rv ? -EREMOTEIO : 0;
}

/* An echo of a pattern unique to @n: 0 if the right bytes came back. */
static int echo_n(int fd, unsigned int n)
{
	unsigned char in[64], out[64];
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .ptr = (uintptr_t)in, .size = sizeof(in) },
		{ .ptr = (uintptr_t)out, .size = sizeof(out) },
	};
	int32_t rv = 0;
	int ret;

	for (unsigned int i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(n * 31 + i);
	memset(out, 0, sizeof(out));
	ret = invoke_handle(fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0),
			    a, &rv);
	if (ret)
		return ret;
	if (rv)
		return -EREMOTEIO;
	return memcmp(in, out, sizeof(in)) ? -EILSEQ : 0;
}

static bool calls_drained(int seconds)
{
	for (int i = 0; i < seconds * 10; i++) {
		if (system("! grep -qs . /sys/kernel/debug/accel/*/calls") == 0)
			return true;
		usleep(100 * 1000);
	}
	return false;
}

/* ---- a misbehaving DSP ----------------------------------------------- */

static void test_misbehaviour(int fd)
{
	static const struct {
		uint32_t mode;
		const char *what;
	} modes[] = {
		{ LAB_MISBEHAVE_UNKNOWN_CTX, "answers to unknown contexts" },
		{ LAB_MISBEHAVE_TWICE, "every answer twice" },
		{ LAB_MISBEHAVE_LATE_DUP, "late duplicates after ids were reused" },
		{ LAB_MISBEHAVE_TRUNCATED, "truncated messages" },
		{ LAB_MISBEHAVE_LOW_CTX, "answers that echo bits 0-11 of ctx only" },
	};
	char what[128];
	unsigned int i, n;
	int ret = 0;

	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		ret = misbehave(fd, modes[i].mode, 50);
		/* Keep calling for 600 ms: late duplicates land on reused ids. */
		for (n = 0; !ret && n < 50; n++)
			ret = echo_n(fd, n + 100 * i);
		for (struct timespec t0, t1 = { 0 }; !ret && clock_gettime(CLOCK_MONOTONIC, &t0) == 0;) {
			ret = echo_n(fd, n++);
			if (!t1.tv_sec)
				t1 = t0;
			if (t0.tv_sec * 1000 + t0.tv_nsec / 1000000 -
			    (t1.tv_sec * 1000 + t1.tv_nsec / 1000000) > 600)
				break;
		}
		snprintf(what, sizeof(what), "%s: every call gets its own answer", modes[i].what);
		report(!ret, "hostile", what, "call %u: %s", n, ename(ret));
		misbehave(fd, LAB_MISBEHAVE_OFF, 0);
	}
	/* Rate limited: each kind of warning is there at least once. */
	report(system("dmesg | grep -q 'answer to no call in flight'") == 0, "hostile",
	       "the driver logs the stray answers it dropped", "not in the kernel log");
	report(system("dmesg | grep -q 'short answer'") == 0, "hostile",
	       "the driver logs the truncated messages it dropped", "not in the kernel log");
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_never_answered(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd = lab_user_session(), ret;
	int32_t rv = 0;

	sigaction(SIGALRM, &sa, NULL);
	ret = fd < 0 ? fd : misbehave(fd, LAB_MISBEHAVE_NEVER, 1);
	expect_err("hostile", "the DSP will not answer the next call", ret, 0);
	alarm(1);
	ret = invoke_handle(fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0),
			    NULL, &rv);
	alarm(0);
	expect_err("hostile", "a signal ends the wait -> EINTR", ret, -EINTR);
	expect_err("hostile", "release with the call still on the DSP", release(fd), 0);
	report(calls_drained(10), "hostile", "the unanswered call is freed by the release",
	       "calls left in debugfs");
	close(fd);
}

/* ---- a signal storm: each call reaches the DSP once ------------------- */

struct stormer {
	pthread_t thread;
	int fd;
	atomic_bool *stop;
	unsigned long ok, eintr, busy, other;
};

static void *storm_calls(void *arg)
{
	struct stormer *s = arg;
	int32_t rv;
	int ret;

	while (!atomic_load(s->stop)) {
		ret = invoke_handle(s->fd, LAB_SKEL_HANDLE,
				    DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0), NULL, &rv);
		if (!ret && !rv)
			s->ok++;
		else if (ret == -EINTR)
			s->eintr++;
		else if (ret == -EBUSY)
			s->busy++;	/* interrupted calls fill the session's quota */
		else
			s->other++;
	}
	return NULL;
}

static void test_signal_storm(int fd)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	uint32_t key[2] = { LAB_SKEL_HANDLE, LAB_METHOD_NULL };
	struct drm_fastrpc_invoke_arg a[2] = {
		{ .ptr = (uintptr_t)key, .size = sizeof(key) },
	};
	struct stormer s[2] = { 0 };
	atomic_bool stop = false;
	uint64_t counted = 0;
	unsigned long sent;
	int32_t rv = 0;
	int i, ret;

	sigaction(SIGUSR1, &sa, NULL);
	ret = invoke_handle(fd, LAB_CTL_HANDLE, DRM_FASTRPC_SCALARS(LAB_CTL_RESET_COUNT, 0, 0, 0, 0),
			    NULL, &rv);
	expect_retval("storm", "vdspd's counts reset", ret, rv, 0);
	for (i = 0; i < 2; i++) {
		s[i] = (struct stormer){ .fd = fd, .stop = &stop };
		pthread_create(&s[i].thread, NULL, storm_calls, &s[i]);
	}
	for (i = 0; i < 2000; i++) {
		pthread_kill(s[i & 1].thread, SIGUSR1);
		usleep(1000);
	}
	atomic_store(&stop, true);
	for (i = 0; i < 2; i++)
		pthread_join(s[i].thread, NULL);
	sent = s[0].ok + s[0].eintr + s[1].ok + s[1].eintr;

	a[1] = (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)&counted, .size = sizeof(counted) };
	ret = invoke_handle(fd, LAB_CTL_HANDLE, DRM_FASTRPC_SCALARS(LAB_CTL_COUNT, 1, 1, 0, 0), a,
			    &rv);
	expect_retval("storm", "vdspd tells its count", ret, rv, 0);
	report(s[0].eintr + s[1].eintr > 0, "storm", "signals interrupted some calls",
	       "none of %lu", sent);
	report(!s[0].other && !s[1].other, "storm",
	       "no call failed otherwise (EBUSY: refused unsent while its share is in flight)",
	       "%lu", s[0].other + s[1].other);
	report(counted == sent, "storm", "each call reached the DSP exactly once",
	       "%llu received, %lu sent (%lu interrupted)", (unsigned long long)counted, sent,
	       s[0].eintr + s[1].eintr);
	report(calls_drained(10), "storm", "interrupted calls are freed when answered",
	       "calls left in debugfs");
}

/* ---- three threads over one buffer ------------------------------------ */

/* Rounds each racer makes at least; a bound on the wait, far above it. */
#define RACE_ROUNDS		200
#define RACE_MAX_WAIT_MS	120000

struct racer {
	int fd;
	_Atomic uint32_t handle;
	atomic_bool stop;
	atomic_ulong invokes, maps, swaps, errors;
	int dmabuf;
};

static void *race_invoke(void *arg)
{
	struct racer *r = arg;
	unsigned char out[256];
	int32_t rv;

	while (!atomic_load(&r->stop)) {
		struct drm_fastrpc_invoke_arg a[2] = {
			{ .handle = atomic_load(&r->handle), .size = 256, .offset = PAGE - 128,
			  .flags = DRM_FASTRPC_ARG_GEM },
			{ .ptr = (uintptr_t)out, .size = sizeof(out) },
		};
		int ret = invoke_handle(r->fd, LAB_SKEL_HANDLE,
					DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), a, &rv);

		if (ret && ret != -ENOENT)
			r->errors++;
		r->invokes++;
	}
	return NULL;
}

static void *race_map(void *arg)
{
	struct racer *r = arg;

	while (!atomic_load(&r->stop)) {
		uint32_t h = atomic_load(&r->handle);
		struct drm_fastrpc_map m = { .handle = h, .size = 2 * PAGE };
		struct drm_fastrpc_unmap u = { .handle = h };
		int ret = xioctl(r->fd, DRM_IOCTL_FASTRPC_MAP, &m);

		if (!ret) {
			u.dsp_addr = m.dsp_addr;
			ret = xioctl(r->fd, DRM_IOCTL_FASTRPC_UNMAP, &u);
			/* The handle may have been closed in between: ENOENT. */
		}
		if (ret && ret != -ENOENT)
			r->errors++;
		r->maps++;
	}
	return NULL;
}

/* Close the object's handle and import it back under a new one. */
static void *race_close(void *arg)
{
	struct racer *r = arg;

	while (!atomic_load(&r->stop)) {
		struct drm_prime_handle p = { .fd = r->dmabuf };
		struct drm_gem_close c = { .handle = atomic_load(&r->handle) };

		if (xioctl(r->fd, DRM_IOCTL_GEM_CLOSE, &c) ||
		    xioctl(r->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p))
			r->errors++;
		else
			atomic_store(&r->handle, p.handle);
		r->swaps++;
		usleep(200);
	}
	return NULL;
}

static void test_race(int fd)
{
	struct drm_fastrpc_gem_create g = { .size = 2 * PAGE };
	struct drm_prime_handle p = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct racer r = { .fd = fd };
	pthread_t t[3];
	int i;

	if (xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &g)) {
		report(false, "race", "an object", "%s", strerror(errno));
		return;
	}
	p.handle = g.handle;
	if (xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p)) {
		report(false, "race", "its dma-buf", "%s", strerror(errno));
		return;
	}
	r.dmabuf = p.fd;
	atomic_store(&r.handle, g.handle);
	pthread_create(&t[0], NULL, race_invoke, &r);
	pthread_create(&t[1], NULL, race_map, &r);
	pthread_create(&t[2], NULL, race_close, &r);
	/* Until each has gone round RACE_ROUNDS times: a count, not a time. */
	for (i = 0; i < RACE_MAX_WAIT_MS / 100; i++) {
		if (atomic_load(&r.invokes) >= RACE_ROUNDS && atomic_load(&r.maps) >= RACE_ROUNDS &&
		    atomic_load(&r.swaps) >= RACE_ROUNDS)
			break;
		usleep(100 * 1000);
	}
	atomic_store(&r.stop, true);
	for (i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	report(!r.errors && r.invokes >= RACE_ROUNDS && r.maps >= RACE_ROUNDS &&
	       r.swaps >= RACE_ROUNDS, "race",
	       "invoke, map/unmap and close raced over one buffer",
	       "%lu errors; %lu invokes, %lu maps, %lu closes", (unsigned long)r.errors,
	       (unsigned long)r.invokes, (unsigned long)r.maps, (unsigned long)r.swaps);
	close(r.dmabuf);
}

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: hostile_test SHELL_ELF\n");
		return 2;
	}
	if (lab_load_shell("hostile_test", argv[1]))
		return 1;

	fd = lab_user_session();
	if (fd < 0) {
		report(false, "setup", "a session on cdsp", "%s", ename(fd));
		return report_counts();
	}
	test_misbehaviour(fd);
	test_signal_storm(fd);
	test_race(fd);
	close(fd);
	test_never_answered();
	report(calls_drained(10), "hostile", "nothing left in flight at the end",
	       "calls left in debugfs");

	return report_counts();
}
