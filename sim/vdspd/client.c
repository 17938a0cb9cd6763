// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What vdspd keeps per client id, whatever its PD: the DSP mappings the
 * init handle made (mmap, mem map), the handles the lab service holds, the
 * calls counted by handle and method, and the misbehaviour asked for its
 * answers (shell_proto.h, LAB_CTL_*).  The main thread makes and reads
 * these; workers answer calls, so answers look at the misbehaviour under
 * the domain's clients_lock.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "shell_proto.h"
#include "vdspd.h"

/* DSP addresses handed out by mmap and mem map start here. */
#define FIRST_VADDR	0x20000000ull

/* The client's state, made if new; NULL without memory.  Lock held. */
struct cstate *cstate_get(struct domain *d, int32_t id)
{
	struct cstate *s;

	for (s = d->cstates; s; s = s->next)
		if (s->id == id)
			return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->id = id;
	s->next_vaddr = FIRST_VADDR;
	s->next = d->cstates;
	d->cstates = s;
	return s;
}

static void cstate_free(struct cstate *s)
{
	while (s->maps) {
		struct dsp_map *m = s->maps;

		s->maps = m->next;
		free(m);
	}
	while (s->held) {
		struct held *h = s->held;

		s->held = h->next;
		free(h);
	}
	while (s->counts) {
		struct call_count *k = s->counts;

		s->counts = k->next;
		free(k);
	}
	free(s);
}

/* The client is gone (released, or its DSP went down). */
void cstate_forget(struct domain *d, int32_t id)
{
	struct cstate **pp, *s;

	pthread_mutex_lock(&d->clients_lock);
	for (pp = &d->cstates; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			s = *pp;
			*pp = s->next;
			cstate_free(s);
			break;
		}
	}
	pthread_mutex_unlock(&d->clients_lock);
}

void cstate_forget_all(struct domain *d)
{
	pthread_mutex_lock(&d->clients_lock);
	while (d->cstates) {
		struct cstate *s = d->cstates;

		d->cstates = s->next;
		cstate_free(s);
	}
	pthread_mutex_unlock(&d->clients_lock);
}

/* Count a message as received, before anything checks it. */
void cstate_count(struct domain *d, const struct fastrpc_msg *msg)
{
	uint32_t method = SC_METHOD(msg->sc);
	struct call_count *k;
	struct cstate *s;

	if (msg->pid <= 0)
		return;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, msg->pid);
	for (k = s ? s->counts : NULL; k; k = k->next)
		if (k->handle == msg->handle && k->method == method)
			break;
	if (s && !k) {
		k = calloc(1, sizeof(*k));
		if (k) {
			k->handle = msg->handle;
			k->method = method;
			k->next = s->counts;
			s->counts = k;
		}
	}
	if (k)
		k->calls++;
	pthread_mutex_unlock(&d->clients_lock);
}

/*
 * Map [addr, addr + size) of DSP-visible memory: the pointer to addr, and
 * what to unmap later in *base and *len.  NULL when it cannot be mapped.
 */
void *phys_map(struct domain *d, uint64_t addr, uint64_t size, void **base,
	       size_t *len)
{
	uint64_t start = addr & ~FASTRPC_PAGE_MASK;
	uint64_t end = (addr + size + FASTRPC_PAGE_MASK) & ~FASTRPC_PAGE_MASK;

	if (!size || end <= start || end - start > VDSPD_MAX_EXTRA_MAP)
		return NULL;
	*len = end - start;
	*base = d->mapper.map(d->mapper.ctx, start, *len);
	return *base ? (uint8_t *)*base + (addr - start) : NULL;
}

struct late_answer {
	struct domain *d;
	uint64_t ctx;
	int32_t retval;
};

static void *late_answer_fn(void *arg)
{
	struct late_answer *l = arg;
	struct timespec ts = { .tv_nsec = 200 * 1000 * 1000 };

	nanosleep(&ts, NULL);
	log_dbg("%s: late duplicate answer ctx=0x%llx", l->d->name,
		(unsigned long long)l->ctx);
	edge_answer(l->d, l->ctx, l->retval);
	free(l);
	return NULL;
}

static void answer_late(struct domain *d, uint64_t ctx, int32_t retval)
{
	struct late_answer *l = malloc(sizeof(*l));
	pthread_attr_t attr;
	pthread_t t;

	if (!l)
		return;
	*l = (struct late_answer){ d, ctx, retval };
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, late_answer_fn, l))
		free(l);
	pthread_attr_destroy(&attr);
}

/*
 * Answer a call of @client, misbehaving as LAB_CTL_MISBEHAVE asked: a
 * hostile DSP the driver must survive.
 */
void answer(struct domain *d, int32_t client, uint64_t ctx, int32_t retval)
{
	uint32_t mode = LAB_MISBEHAVE_OFF;
	struct fastrpc_invoke_rsp rsp;
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	for (s = client > 0 ? d->cstates : NULL; s; s = s->next) {
		if (s->id == client && s->bad_count) {
			s->bad_count--;
			mode = s->bad_mode;
			break;
		}
	}
	pthread_mutex_unlock(&d->clients_lock);

	switch (mode) {
	case LAB_MISBEHAVE_UNKNOWN_CTX:
		/* Another id and sequence, the same PD bits. */
		edge_answer(d, ctx ^ (0x5aull << 4) ^ (0x3ull << 12), retval);
		break;
	case LAB_MISBEHAVE_TRUNCATED:
		memset(&rsp, 0, sizeof(rsp));
		rsp.ctx = ctx;
		if (write(d->fd, &rsp, 4) < 0)
			log_dbg("%s: truncated answer refused: %s", d->name,
				strerror(errno));
		break;
	case LAB_MISBEHAVE_NEVER:
		log_dbg("%s: not answering ctx=0x%llx", d->name,
			(unsigned long long)ctx);
		return;
	default:
		break;
	}

	edge_answer(d, ctx, retval);

	if (mode == LAB_MISBEHAVE_TWICE)
		edge_answer(d, ctx, retval);
	else if (mode == LAB_MISBEHAVE_LATE_DUP)
		answer_late(d, ctx, retval);
}
