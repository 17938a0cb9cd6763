// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdspd's own services for the lab, answered on the main thread:
 * LAB_CTL_HANDLE (shell_proto.h) for a client of any PD: misbehaviour,
 * call counts, and what a DSP process does with memory it holds (keep and
 * let go of handles, read and write handles and mapped ranges, read at an
 * IOVA of its bank); and the lab skeleton's null and echo for clients
 * attached to a PD where no shell runs (root, sensors, static), with the
 * shell's semantics.
 *
 * Handles: HOLD keeps those of its call; every other call lets go of its
 * handles in its own answer (finish_call), DROP of the fds it names too.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

static uint8_t pattern(uint32_t seed, uint64_t i)
{
	return (uint8_t)(seed + i * 7);
}

/* Fill or check @len bytes of DSP memory at physical @addr. */
static int touch(struct domain *d, uint64_t addr, uint32_t len, uint32_t seed,
		 bool fill, struct lab_check *res)
{
	size_t maplen;
	uint8_t *p, tmp;
	void *base;
	uint32_t i;

	p = phys_map(d, addr, len, &base, &maplen);
	if (!p)
		return AEE_EBADPARM;
	res->ok = 1;
	res->first_bad = len;
	for (i = 0; i < len; i++) {
		if (fill) {
			tmp = pattern(seed, i);
			if (guarded_copy(p + i, &tmp, 1))
				break;
		} else if (guarded_copy(&tmp, p + i, 1) || tmp != pattern(seed, i)) {
			res->ok = 0;
			res->first_bad = i;
			break;
		}
	}
	d->mapper.unmap(d->mapper.ctx, base, maplen);
	return i == len || !fill ? 0 : AEE_EBADPARM;
}

static const struct hdl *find_handle(const struct cstate *s, const struct call *c,
				     uint32_t fd)
{
	const struct held *h;
	unsigned int i;

	for (i = 0; i < c->nhin + c->nhout; i++)
		if ((uint32_t)c->hdls[i].fd == fd)
			return &c->hdls[i];
	for (h = s->held; h; h = h->next)
		if ((uint32_t)h->h.fd == fd)
			return &h->h;
	return NULL;
}

static int hold(struct cstate *s, const struct call *c)
{
	unsigned int i;
	struct held *h;

	for (i = 0; i < c->nhin + c->nhout; i++) {
		for (h = s->held; h; h = h->next)
			if (h->h.fd == c->hdls[i].fd)
				break;
		if (!h) {
			h = calloc(1, sizeof(*h));
			if (!h)
				return AEE_ENOMEMORY;
			h->next = s->held;
			s->held = h;
		}
		h->h = c->hdls[i];
	}
	return 0;
}

/* Forget the fds of in 0 and name them in the answer's fd list. */
static int drop(struct cstate *s, struct call *c)
{
	uint32_t fds[FASTRPC_MAX_FDLIST];
	struct held **pp, *h;
	unsigned int n, i;

	if (c->nin != 1 || c->nout || c->nhin || c->nhout || c->bufs[0].len % 4 ||
	    c->bufs[0].len / 4 > FASTRPC_MAX_FDLIST || !c->fdlist)
		return AEE_EBADPARM;
	n = c->bufs[0].len / 4;
	if (call_copy_in(c, 0, fds, 0, n * 4))
		return AEE_EBADPARM;
	for (i = 0; i < n; i++) {
		for (pp = &s->held; *pp; pp = &(*pp)->next)
			if ((uint32_t)(*pp)->h.fd == fds[i])
				break;
		if (!*pp)
			return AEE_EBADPARM;
		h = *pp;
		*pp = h->next;
		free(h);
		call_release_add(c, fds[i]);
	}
	return 0;
}

static int range_of_handle(struct cstate *s, const struct call *c, bool fill,
			   struct domain *d)
{
	struct lab_check res = { 0 };
	struct lab_hrange r;
	const struct hdl *h;
	int ret;

	if (c->nin != 1 || c->nout != (fill ? 0u : 1u) || c->bufs[0].len != sizeof(r) ||
	    call_copy_in(c, 0, &r, 0, sizeof(r)))
		return AEE_EBADPARM;
	h = find_handle(s, c, r.fd);
	if (!h || (uint64_t)r.offset + r.len > h->size || !r.len) {
		log_msg("%s: client %d: range %u+%u of handle %u is not held", d->name,
			s->id, r.offset, r.len, r.fd);
		return AEE_EBADPARM;
	}
	ret = touch(d, h->addr + r.offset, r.len, r.seed, fill, &res);
	if (!ret && !fill && call_copy_out(c, 1, &res, sizeof(res)))
		return AEE_EBADPARM;
	return ret;
}

static int range_of_map(struct cstate *s, const struct call *c, bool fill,
			struct domain *d)
{
	struct lab_check res = { 0 };
	const struct dsp_map *m;
	struct lab_arange r;
	int ret;

	if (c->nin != 1 || c->nout != (fill ? 0u : 1u) || c->bufs[0].len != sizeof(r) ||
	    call_copy_in(c, 0, &r, 0, sizeof(r)) || !r.len)
		return AEE_EBADPARM;
	m = maps_find(s, r.addr, r.len);
	if (!m) {
		log_msg("%s: client %d: 0x%llx+%u is not mapped", d->name, s->id,
			(unsigned long long)r.addr, r.len);
		return AEE_EBADPARM;
	}
	ret = touch(d, m->addr + (r.addr - m->vaddr), r.len, r.seed, fill, &res);
	if (!ret && !fill && call_copy_out(c, 1, &res, sizeof(res)))
		return AEE_EBADPARM;
	return ret;
}

static int count(struct cstate *s, const struct call *c)
{
	const struct call_count *k;
	uint32_t key[2];
	uint64_t n = 0;

	if (c->nin != 1 || c->nout != 1 || c->bufs[0].len != sizeof(key) ||
	    c->bufs[1].len != sizeof(n) || call_copy_in(c, 0, key, 0, sizeof(key)))
		return AEE_EBADPARM;
	for (k = s->counts; k; k = k->next)
		if (k->handle == key[0] && k->method == key[1])
			n = k->calls;
	return call_copy_out(c, 1, &n, sizeof(n)) ? AEE_EBADPARM : 0;
}

static void reset_counts(struct cstate *s)
{
	while (s->counts) {
		struct call_count *k = s->counts;

		s->counts = k->next;
		free(k);
	}
}

static int misbehave(struct cstate *s, struct call *c)
{
	uint32_t v[2];

	if (c->nin != 1 || c->bufs[0].len != sizeof(v) ||
	    call_copy_in(c, 0, v, 0, sizeof(v)) || v[0] > LAB_MISBEHAVE_LAST)
		return AEE_EBADPARM;
	s->bad_mode = v[0];
	s->bad_count = v[0] ? v[1] : 0;
	/* This call's own answer is a plain one. */
	c->plain_answer = true;
	return 0;
}

/*
 * PEEK at an IOVA of the call's own bank.  True in *fault when the bank
 * does not map it: the caller kills the process, out of the clients lock.
 */
static int peek(struct domain *d, struct call *c, bool *fault)
{
	struct lab_peek r;
	uint8_t tmp[LAB_PEEK_MAX], *p;
	size_t maplen;
	void *base;

	if (c->nin != 1 || c->nout != 1 || c->bufs[0].len != sizeof(r) ||
	    call_copy_in(c, 0, &r, 0, sizeof(r)) || !r.len || r.len > LAB_PEEK_MAX ||
	    r.pad || r.iova >= (1ull << 32) || r.len > (1ull << 32) - r.iova ||
	    c->bufs[1].len < r.len)
		return AEE_EBADPARM;

	p = phys_map(d, ((uint64_t)c->sid << 32) | r.iova, r.len, &base, &maplen);
	*fault = !p || guarded_copy(tmp, p, r.len);
	if (p)
		d->mapper.unmap(d->mapper.ctx, base, maplen);
	if (*fault) {
		log_msg("%s: client %d: context fault at bank %u iova 0x%llx: the DSP process dies",
			d->name, (int)c->msg.pid, c->sid, (unsigned long long)r.iova);
		return AEE_ENOSUCHPROCESS;
	}
	return call_copy_out(c, 1, tmp, r.len) ? AEE_EBADPARM : 0;
}

int lab_ctl(struct domain *d, struct call *c)
{
	bool fault = false;
	struct proc *p;
	struct cstate *s;
	int ret;

	if (c->msg.pid <= 0)
		return AEE_EBADPARM;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, c->msg.pid);
	if (!s) {
		pthread_mutex_unlock(&d->clients_lock);
		return AEE_ENOMEMORY;
	}
	switch (c->method) {
	case LAB_CTL_MISBEHAVE:
		ret = misbehave(s, c);
		break;
	case LAB_CTL_COUNT:
		ret = count(s, c);
		break;
	case LAB_CTL_RESET_COUNT:
		reset_counts(s);
		ret = 0;
		break;
	case LAB_CTL_HOLD:
		ret = hold(s, c);
		c->keep_handles = !ret;
		break;
	case LAB_CTL_DROP:
		ret = drop(s, c);
		break;
	case LAB_CTL_HCHECK:
	case LAB_CTL_HFILL:
		ret = range_of_handle(s, c, c->method == LAB_CTL_HFILL, d);
		break;
	case LAB_CTL_CHECK:
	case LAB_CTL_FILL:
		ret = range_of_map(s, c, c->method == LAB_CTL_FILL, d);
		break;
	case LAB_CTL_PEEK:
		ret = peek(d, c, &fault);
		break;
	default:
		ret = AEE_EUNSUPPORTED;
		break;
	}
	pthread_mutex_unlock(&d->clients_lock);

	/* The main thread reaps it as a process that died on its own. */
	p = fault ? proc_find(d, c->msg.pid) : NULL;
	if (p && !proc_gone(p))
		kill(p->pid, SIGKILL);
	return ret;
}

/*
 * The lab skeleton where no shell runs: null, and echo of in 0 to out 0,
 * with the shell's answers to wrong arguments; nothing else.
 */
int lab_skel_native(const struct call *c)
{
	uint8_t *tmp;
	size_t n;
	int ret;

	if (c->msg.handle != LAB_SKEL_HANDLE ||
	    (c->method != LAB_METHOD_NULL && c->method != LAB_METHOD_ECHO))
		return AEE_EUNSUPPORTED;
	if (c->nhin || c->nhout)
		return AEE_EBADPARM;
	if (c->method == LAB_METHOD_NULL)
		return c->nbufs ? AEE_EBADPARM : 0;
	if (c->nin != 1 || c->nout != 1)
		return AEE_EBADPARM;
	n = c->bufs[0].len < c->bufs[1].len ? c->bufs[0].len : c->bufs[1].len;
	tmp = malloc(n ? n : 1);
	if (!tmp)
		return AEE_ENOMEMORY;
	ret = call_copy_in(c, 0, tmp, 0, n) || call_copy_out(c, 1, tmp, n) ?
	      AEE_EBADPARM : 0;
	free(tmp);
	return ret;
}
