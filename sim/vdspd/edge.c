// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The edge device, /dev/vdsp-<domain> (sim/edge/vdsp_edge.h): events come
 * in with read(), answers go out with write(), DSP memory is reached with
 * mmap() at the DSP address (bank and IOVA, or physical address).
 *
 * Answers go out here, and so does the misbehaviour LAB_CTL_MISBEHAVE asks
 * for (shell_proto.h): an answer to a context nobody made first, the answer
 * twice, a truncated message first, no answer, or the answer again 200 ms
 * later.  Late answers wait in a list ordered by when they are due, on a
 * timerfd the main loop polls (edge_timer_run): no thread sleeps for them,
 * and a DOWN or the exit drops those still waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "shell_proto.h"
#include "vdspd.h"

static void *edge_map(void *ctx, uint64_t addr, size_t len)
{
	struct domain *d = ctx;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 (off_t)addr);
	if (p == MAP_FAILED) {
		log_msg("%s: cannot map %zu bytes at 0x%llx: %s", d->name, len,
			(unsigned long long)addr, strerror(errno));
		return NULL;
	}
	return p;
}

static void edge_unmap(void *ctx, void *p, size_t len)
{
	(void)ctx;
	munmap(p, len);
}

/*
 * Whether the edge has its virtual SMMU (parameter smmu): then the bank
 * bits of a DSP address choose the translation; else the edge ignores them.
 */
static bool edge_has_smmu(void)
{
	char c = 'N';
	FILE *f = fopen("/sys/module/vdsp_edge/parameters/smmu", "re");

	if (f) {
		if (fread(&c, 1, 1, f) != 1)
			c = 'N';
		fclose(f);
	}
	return c == 'Y';
}

int edge_open(struct domain *d, const char *name)
{
	char path[64];

	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(path, sizeof(path), "/dev/vdsp-%s", name);
	d->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	d->banked = edge_has_smmu();
	d->mapper.map = edge_map;
	d->mapper.unmap = edge_unmap;
	d->mapper.ctx = d;
	return 0;
}

void edge_close(struct domain *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* Answer a call.  Safe from any thread: each answer is one write(). */
int edge_answer(struct domain *d, uint64_t ctx, int32_t retval)
{
	struct fastrpc_invoke_rsp rsp;
	ssize_t n;
	int err;

	memset(&rsp, 0, sizeof(rsp));
	rsp.ctx = ctx;
	rsp.retval = retval;
	atomic_fetch_add(&d->st.answered, 1);
	if (retval)
		atomic_fetch_add(&d->st.errors, 1);

	n = write(d->fd, &rsp, sizeof(rsp));
	err = errno;
	if (n == (ssize_t)sizeof(rsp)) {
		log_dbg("%s: answer ctx=0x%llx retval=0x%x", d->name,
			(unsigned long long)ctx, (unsigned int)retval);
		return 0;
	}
	if (n < 0 && err == ENOTCONN) {
		log_dbg("%s: answer ctx=0x%llx dropped: the domain is down",
			d->name, (unsigned long long)ctx);
		return -ENOTCONN;
	}
	log_msg("%s: answer ctx=0x%llx failed: %s", d->name,
		(unsigned long long)ctx, n < 0 ? strerror(err) : "short write");
	return n < 0 ? -err : -EIO;
}

/*
 * The messages one answer becomes under @mode; 0 steps for no answer.  An
 * unknown context keeps the PD bits and changes the id and the sequence.
 */
unsigned int misbehave_plan(uint32_t mode, uint64_t ctx,
			    struct send_step steps[MAX_SEND_STEPS])
{
	struct send_step real = { SEND_ANSWER, ctx, 0 };

	switch (mode) {
	case LAB_MISBEHAVE_UNKNOWN_CTX:
		steps[0] = (struct send_step){ SEND_ANSWER,
			ctx ^ (0x5aull << 4) ^ (0x3ull << CTX_SEQ_SHIFT), 0 };
		steps[1] = real;
		return 2;
	case LAB_MISBEHAVE_TWICE:
		steps[0] = real;
		steps[1] = real;
		return 2;
	case LAB_MISBEHAVE_LATE_DUP:
		steps[0] = real;
		steps[1] = real;
		steps[1].delay_ms = LATE_DUP_MS;
		return 2;
	case LAB_MISBEHAVE_TRUNCATED:
		steps[0] = (struct send_step){ SEND_TRUNCATED, ctx, 0 };
		steps[1] = real;
		return 2;
	case LAB_MISBEHAVE_NEVER:
		return 0;
	case LAB_MISBEHAVE_LOW_CTX:
		/* As a DSP that keeps only what the misc driver reads. */
		steps[0] = (struct send_step){ SEND_ANSWER, ctx & 0xfffull, 0 };
		return 1;
	default:
		steps[0] = real;
		return 1;
	}
}

/* ---- late answers ---------------------------------------------------------- */

struct late {
	struct domain *d;
	uint64_t gen;		/* the domain's generation when scheduled */
	uint64_t ctx;
	int32_t retval;
	struct timespec due;	/* CLOCK_MONOTONIC */
	struct late *next;
};

static pthread_mutex_t late_lock = PTHREAD_MUTEX_INITIALIZER;
static struct late *late_head;
static int timer_fd = -1;

static bool ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec ||
	       (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* Arm the timer for the first late answer, or disarm it.  Lock held. */
static void timer_arm(void)
{
	struct itimerspec its;

	if (timer_fd < 0)
		return;
	memset(&its, 0, sizeof(its));
	if (late_head) {
		its.it_value = late_head->due;
		/* Zero would disarm it. */
		if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
			its.it_value.tv_nsec = 1;
	}
	if (timerfd_settime(timer_fd, TFD_TIMER_ABSTIME, &its, NULL))
		log_msg("timerfd_settime: %s", strerror(errno));
}

/* The timer the main loop polls; late answers are sent when it fires. */
int edge_timer_init(void)
{
	timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	return timer_fd < 0 ? -errno : timer_fd;
}

static void late_schedule(struct domain *d, uint64_t ctx, int32_t retval,
			  unsigned int delay_ms)
{
	struct late *l = calloc(1, sizeof(*l)), **pp;

	if (!l) {
		log_msg("%s: no memory for a late answer to ctx=0x%llx", d->name,
			(unsigned long long)ctx);
		return;
	}
	l->d = d;
	l->gen = atomic_load(&d->gen);
	l->ctx = ctx;
	l->retval = retval;
	clock_gettime(CLOCK_MONOTONIC, &l->due);
	l->due.tv_sec += delay_ms / 1000;
	l->due.tv_nsec += (long)(delay_ms % 1000) * 1000000;
	if (l->due.tv_nsec >= 1000000000) {
		l->due.tv_sec++;
		l->due.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&late_lock);
	for (pp = &late_head; *pp && !ts_before(&l->due, &(*pp)->due); pp = &(*pp)->next)
		;
	l->next = *pp;
	*pp = l;
	timer_arm();
	pthread_mutex_unlock(&late_lock);
}

/* Send the late answers that are due (the main loop, when the timer fires). */
void edge_timer_run(void)
{
	struct late *due = NULL, **tail = &due, *l;
	struct timespec now;
	uint64_t ticks;

	if (timer_fd >= 0 && read(timer_fd, &ticks, sizeof(ticks)) < 0 &&
	    errno != EAGAIN)
		log_msg("reading the timer: %s", strerror(errno));
	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&late_lock);
	while (late_head && !ts_before(&now, &late_head->due)) {
		l = late_head;
		late_head = l->next;
		l->next = NULL;
		*tail = l;
		tail = &l->next;
	}
	timer_arm();
	pthread_mutex_unlock(&late_lock);

	while ((l = due)) {
		due = l->next;
		/* Not into a domain that went down since: that driver is gone. */
		if (l->gen == atomic_load(&l->d->gen)) {
			log_dbg("%s: late duplicate answer ctx=0x%llx", l->d->name,
				(unsigned long long)l->ctx);
			atomic_fetch_add(&l->d->st.late_sent, 1);
			edge_answer(l->d, l->ctx, l->retval);
		}
		free(l);
	}
}

/* Drop @d's late answers (DOWN, exit); NULL drops every domain's. */
void edge_timer_drop(struct domain *d)
{
	struct late **pp = &late_head, *l;

	pthread_mutex_lock(&late_lock);
	while ((l = *pp)) {
		if (!d || l->d == d) {
			*pp = l->next;
			free(l);
		} else {
			pp = &l->next;
		}
	}
	timer_arm();
	pthread_mutex_unlock(&late_lock);
}

unsigned int edge_timer_pending(const struct domain *d)
{
	const struct late *l;
	unsigned int n = 0;

	pthread_mutex_lock(&late_lock);
	for (l = late_head; l; l = l->next)
		n += !d || l->d == d;
	pthread_mutex_unlock(&late_lock);
	return n;
}

/* Answer a call, misbehaving as @mode says (LAB_MISBEHAVE_*). */
void edge_send(struct domain *d, uint64_t ctx, int32_t retval, uint32_t mode)
{
	struct send_step steps[MAX_SEND_STEPS];
	struct fastrpc_invoke_rsp rsp;
	unsigned int n, i;

	n = misbehave_plan(mode, ctx, steps);
	if (mode != LAB_MISBEHAVE_OFF) {
		atomic_fetch_add(&d->st.misbehaved, 1);
		log_dbg("%s: ctx=0x%llx: misbehaving (mode %u)", d->name,
			(unsigned long long)ctx, mode);
	}
	if (!n)
		log_dbg("%s: not answering ctx=0x%llx", d->name, (unsigned long long)ctx);
	for (i = 0; i < n; i++) {
		if (steps[i].delay_ms) {
			late_schedule(d, steps[i].ctx, retval, steps[i].delay_ms);
		} else if (steps[i].kind == SEND_TRUNCATED) {
			memset(&rsp, 0, sizeof(rsp));
			rsp.ctx = steps[i].ctx;
			if (write(d->fd, &rsp, 4) < 0)
				log_dbg("%s: truncated answer refused: %s", d->name,
					strerror(errno));
		} else {
			edge_answer(d, steps[i].ctx, retval);
		}
	}
}
