// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Black-box test of the edge's character device and state attribute
 * (sim/edge/vdsp_edge.h), for the lab guest: edge_test DOMAIN.
 *
 * Needs root, vdsp_edge loaded with DOMAIN, and no vdspd serving DOMAIN (it
 * takes the device for itself).  Takes the domain down and up: a driver
 * bound to it is removed and probed again.  Leaves it up.  One line per
 * test, "PASS: edge DOMAIN: <what>" or "FAIL: edge DOMAIN: <what>: <why>",
 * then "N passed, N failed"; exit status 0 only if all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vdsp_edge.h"

static int passed, failed;
static char group[32];	/* "edge DOMAIN" */
static char state_path[128];

static void result(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("PASS: %s: %s\n", group, name);
	} else {
		failed++;
		printf("FAIL: %s: %s: ", group, name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static int set_state(const char *s)
{
	int fd = open(state_path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

static void get_state(char *buf, size_t len)
{
	int fd = open(state_path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* Next event that is not a driver message (those are skipped). */
static int next_event(int fd, struct vdsp_edge_event *ev)
{
	uint8_t buf[sizeof(*ev) + VDSP_EDGE_MAX_MSG];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		memcpy(ev, buf, sizeof(*ev));
		if (ev->type != VDSP_EDGE_EV_MSG)
			return 0;
	}
}

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_env, 1);
}

/* Does reading *p fault with SIGBUS? */
static bool faults(volatile uint8_t *p)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	bool ret = false;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_env, 1))
		ret = true;
	else
		(void)*p;
	sigaction(SIGBUS, &old, NULL);
	return ret;
}

int main(int argc, char **argv)
{
	struct vdsp_edge_event ev;
	char path[64], st[16], big[VDSP_EDGE_MAX_MSG + 1] = { 0 };
	struct pollfd pfd;
	uint8_t *ram;
	int fd, fd2, ret;
	void *p;

	if (argc != 2) {
		fprintf(stderr, "usage: edge_test DOMAIN\n");
		return 2;
	}
	snprintf(group, sizeof(group), "edge %s", argv[1]);
	snprintf(path, sizeof(path), "/dev/vdsp-%s", argv[1]);
	snprintf(state_path, sizeof(state_path),
		 "/sys/class/misc/vdsp-%s/state", argv[1]);

	fd = open(path, O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		result(false, "open", "%s: %s", path, strerror(errno));
		printf("%d passed, %d failed\n", passed, failed);
		return 1;
	}
	fd2 = open(path, O_RDWR);
	result(fd2 < 0 && errno == EBUSY, "a second open is refused",
	       "fd %d, %s", fd2, strerror(errno));
	if (fd2 >= 0)
		close(fd2);

	/* Whatever was queued before us. */
	while (next_event(fd, &ev) == 0)
		;
	ret = next_event(fd, &ev);
	result(ret == -EAGAIN, "empty queue -> EAGAIN", "%s", strerror(-ret));

	get_state(st, sizeof(st));
	result(!strcmp(st, "up\n"), "state reads up", "'%s'", st);
	result(set_state("sideways") == -EINVAL, "an unknown state is refused",
	       "no EINVAL");
	result(set_state("up") == 0, "up when up is a no-op", "failed");
	ret = next_event(fd, &ev);
	result(ret == -EAGAIN, "no event from a no-op", "%s", strerror(-ret));

	errno = 0;
	result(write(fd, big, 0) < 0 && errno == EINVAL, "empty write -> EINVAL",
	       "%s", strerror(errno));
	errno = 0;
	result(write(fd, big, sizeof(big)) < 0 && errno == EMSGSIZE,
	       "oversized write -> EMSGSIZE", "%s", strerror(errno));

	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0xfee00000);
	result(p == MAP_FAILED && errno == EPERM, "mmap of non-RAM -> EPERM",
	       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0x100000);
	result(p == MAP_FAILED && errno == EINVAL, "private mmap -> EINVAL",
	       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	ram = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x100000);
	result(ram != MAP_FAILED && !faults(ram), "mmap of RAM",
	       "%s", ram == MAP_FAILED ? strerror(errno) : "faults");

	/* Down: a DOWN event, writes refused, DSP memory unmapped. */
	result(set_state("down") == 0, "down", "failed");
	pfd.fd = fd;
	pfd.events = POLLIN;
	result(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN),
	       "poll reports the event", "revents 0x%x", pfd.revents);
	errno = 0;
	result(read(fd, st, 4) < 0 && errno == EMSGSIZE,
	       "short read -> EMSGSIZE", "%s", strerror(errno));
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_DOWN && !ev.len,
	       "DOWN event", "ret %d type %u", ret, ev.type);
	get_state(st, sizeof(st));
	result(!strcmp(st, "down\n"), "state reads down", "'%s'", st);
	errno = 0;
	result(write(fd, big, 16) < 0 && errno == ENOTCONN,
	       "write while down -> ENOTCONN", "%s", strerror(errno));
	if (ram != MAP_FAILED)
		result(faults(ram), "down unmaps DSP memory", "still mapped");
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x100000);
	result(p == MAP_FAILED && errno == ENOTCONN, "mmap while down -> ENOTCONN",
	       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	result(set_state("down") == 0 && next_event(fd, &ev) == -EAGAIN,
	       "down when down is a no-op", "an event or an error");

	result(set_state("up") == 0, "up", "failed");
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_UP, "UP event",
	       "ret %d type %u", ret, ev.type);
	if (ram != MAP_FAILED) {
		result(faults(ram), "a mapping from before the down stays dead",
		       "mapped again");
		munmap(ram, 4096);
	}
	ram = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x100000);
	result(ram != MAP_FAILED && !faults(ram), "mmap after up",
	       "%s", ram == MAP_FAILED ? strerror(errno) : "faults");
	if (ram != MAP_FAILED)
		munmap(ram, 4096);

	result(set_state("restart") == 0, "restart", "failed");
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_DOWN, "restart gives a DOWN event",
	       "ret %d type %u", ret, ev.type);
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_UP, "restart then gives an UP event",
	       "ret %d type %u", ret, ev.type);
	get_state(st, sizeof(st));
	result(!strcmp(st, "up\n"), "state reads up again", "'%s'", st);

	close(fd);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
