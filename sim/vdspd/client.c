// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What vdspd keeps per client id, whatever its PD: the DSP mappings the
 * init handle made (mmap, mem map), the handles its DSP process holds (one
 * hold per call that passed one, one less per fd the process lets go of),
 * the handles the lab service holds, the calls counted by handle and
 * method, the misbehaviour asked for its answers (shell_proto.h,
 * LAB_CTL_*), its listener's next2 calls parked by listener.c and the
 * reverse call in flight (rcall.c).  The main thread makes and changes
 * most of it; workers take and put holds, reach memory for their process,
 * make reverse calls and answer calls, so everything here is under the
 * domain's clients_lock.
 *
 * The table functions (maps_*, holds_*, mem_resolve) take a struct cstate
 * and no lock: the caller holds it.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

/* ---- DSP mappings ---------------------------------------------------------- */

static bool vrange_free(const struct cstate *s, uint64_t start, uint64_t size)
{
	const struct dsp_map *m;

	if (start < VDSPD_VADDR_FIRST || start > VDSPD_VADDR_END ||
	    size > VDSPD_VADDR_END - start)
		return false;
	for (m = s->maps; m; m = m->next)
		if (start < m->vaddr + m->size && m->vaddr < start + size)
			return false;
	return true;
}

/*
 * DSP addresses are handed out in steps of 64 KiB: qemu-hexagon-static's
 * pages are that large, and the shell can place a mapping in the DSP
 * process at its address only when both it and the memory are aligned so.
 */
#define VADDR_ALIGN	0x10000ull

static uint64_t vaddr_up(uint64_t v)
{
	return (v + VADDR_ALIGN - 1) & ~(VADDR_ALIGN - 1);
}

/*
 * A DSP address for @size bytes: after the last one handed out while there
 * is room (so an address is not soon reused), else the lowest free range.
 */
static int vaddr_alloc(struct cstate *s, uint64_t size, uint64_t *vaddr)
{
	const struct dsp_map *m;
	uint64_t best = 0, next = vaddr_up(s->next_vaddr);

	if (vrange_free(s, next, size)) {
		*vaddr = next;
		return 0;
	}
	if (vrange_free(s, VDSPD_VADDR_FIRST, size))
		best = VDSPD_VADDR_FIRST;
	for (m = s->maps; m; m = m->next) {
		uint64_t cand = vaddr_up(m->vaddr + m->size);

		if ((!best || cand < best) && vrange_free(s, cand, size))
			best = cand;
	}
	if (!best)
		return AEE_ENOMEMORY;
	*vaddr = best;
	return 0;
}

/* Record [addr, addr + size) (physical, page aligned) and give it a DSP address. */
int maps_add(struct cstate *s, uint64_t addr, uint64_t size, int32_t fd,
	     uint64_t *vaddr)
{
	struct dsp_map *m;
	int ret;

	if (!size || (size & FASTRPC_PAGE_MASK) || (addr & FASTRPC_PAGE_MASK))
		return AEE_EBADPARM;
	if (s->nmaps >= VDSPD_MAX_MAPS)
		return AEE_ENOMEMORY;
	ret = vaddr_alloc(s, size, vaddr);
	if (ret)
		return ret;
	m = calloc(1, sizeof(*m));
	if (!m)
		return AEE_ENOMEMORY;
	m->vaddr = *vaddr;
	m->addr = addr;
	m->size = size;
	m->fd = fd;
	m->next = s->maps;
	s->maps = m;
	s->nmaps++;
	s->next_vaddr = *vaddr + size;
	return 0;
}

/* Forget the mapping at exactly @vaddr, @size and @fd (-1: an mmap). */
int maps_remove(struct cstate *s, int32_t fd, uint64_t vaddr, uint64_t size)
{
	struct dsp_map **pp, *m;

	for (pp = &s->maps; *pp; pp = &(*pp)->next) {
		m = *pp;
		if (m->vaddr == vaddr && m->size == size && m->fd == fd) {
			*pp = m->next;
			s->nmaps--;
			free(m);
			return 0;
		}
	}
	return AEE_EBADPARM;
}

/* The mapping holding all of [vaddr, vaddr + len), or NULL. */
const struct dsp_map *maps_find(const struct cstate *s, uint64_t vaddr,
				uint64_t len)
{
	const struct dsp_map *m;

	for (m = s->maps; m; m = m->next)
		if (vaddr >= m->vaddr && vaddr - m->vaddr <= m->size &&
		    len <= m->size - (vaddr - m->vaddr))
			return m;
	return NULL;
}

/* ---- handles a DSP process holds ------------------------------------------- */

static struct dsp_hold *hold_lookup(const struct cstate *s, int32_t fd)
{
	struct dsp_hold *h;

	for (h = s->holds; h; h = h->next)
		if (h->fd == fd)
			return h;
	return NULL;
}

/* One more hold on @h's fd; its buffer is the one the latest call named. */
int holds_take(struct cstate *s, const struct hdl *h)
{
	struct dsp_hold *x = hold_lookup(s, h->fd);

	if (!x) {
		if (s->nholds >= VDSPD_MAX_HOLDS)
			return AEE_ENOMEMORY;
		x = calloc(1, sizeof(*x));
		if (!x)
			return AEE_ENOMEMORY;
		x->fd = h->fd;
		x->next = s->holds;
		s->holds = x;
		s->nholds++;
	}
	if (x->holds == UINT32_MAX)
		return AEE_ENOMEMORY;
	x->addr = h->addr;
	x->size = h->size;
	x->holds++;
	return 0;
}

/* One hold less; the last one forgets the fd.  AEE_EBADPARM if not held. */
int holds_put(struct cstate *s, int32_t fd)
{
	struct dsp_hold **pp, *x;

	for (pp = &s->holds; *pp; pp = &(*pp)->next) {
		x = *pp;
		if (x->fd != fd)
			continue;
		if (--x->holds == 0) {
			*pp = x->next;
			s->nholds--;
			free(x);
		}
		return 0;
	}
	return AEE_EBADPARM;
}

const struct dsp_hold *holds_find(const struct cstate *s, int32_t fd)
{
	return hold_lookup(s, fd);
}

/*
 * Where [addr, addr + len) of a process's memory is, physically: fd 0 and
 * a DSP address inside one mapping, or a held handle's fd and an offset
 * into its buffer.  AEE_EBADPARM when it lies outside.
 */
int mem_resolve(const struct cstate *s, uint32_t fd, uint64_t addr,
		uint64_t len, uint64_t *phys)
{
	const struct dsp_map *m;
	const struct dsp_hold *h;

	if (!len)
		return AEE_EBADPARM;
	if (!fd) {
		m = maps_find(s, addr, len);
		if (!m)
			return AEE_EBADPARM;
		*phys = m->addr + (addr - m->vaddr);
		return 0;
	}
	h = fd <= INT32_MAX ? hold_lookup(s, (int32_t)fd) : NULL;
	if (!h || addr > h->size || len > h->size - addr)
		return AEE_EBADPARM;
	*phys = h->addr + addr;
	return 0;
}

/* Mappings and handles go; counts and misbehaviour stay until release. */
void cstate_drop_memory(struct cstate *s)
{
	while (s->maps) {
		struct dsp_map *m = s->maps;

		s->maps = m->next;
		free(m);
	}
	s->nmaps = 0;
	while (s->held) {
		struct held *h = s->held;

		s->held = h->next;
		free(h);
	}
	while (s->holds) {
		struct dsp_hold *x = s->holds;

		s->holds = x->next;
		free(x);
	}
	s->nholds = 0;
}

/* ---- per domain ------------------------------------------------------------ */

struct cstate *cstate_find(struct domain *d, int32_t id)
{
	struct cstate *s;

	for (s = d->cstates; s; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

/* The client's state, made if new; NULL without memory.  Lock held. */
struct cstate *cstate_get(struct domain *d, int32_t id)
{
	struct cstate *s = cstate_find(d, id);

	if (s)
		return s;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->id = id;
	s->next_vaddr = VDSPD_VADDR_FIRST;
	s->next = d->cstates;
	d->cstates = s;
	return s;
}

/*
 * Calls still parked are dropped unanswered: the DSP went down, or the
 * client was released after its next2s were answered.  A reverse call
 * still in flight ends: its worker answers the shell.
 */
static void cstate_free(struct cstate *s)
{
	struct call *c;

	rcall_end_locked(s, AEE_DSP_ERR(AEE_EBADSTATE));
	while (s->parked) {
		c = s->parked;
		s->parked = c->next;
		call_free(c);
	}
	cstate_drop_memory(s);
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

/* The client's DSP process died: what it mapped and held goes with it. */
void cstate_drop(struct domain *d, int32_t id)
{
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, id);
	if (s)
		cstate_drop_memory(s);
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

/* The call's handles are the process's now: one hold each. */
int client_take_holds(struct domain *d, int32_t client, const struct call *c)
{
	unsigned int i, n = c->nhin + c->nhout;
	struct cstate *s;
	int ret = 0;

	if (!n)
		return 0;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, client);
	for (i = 0; s && i < n; i++) {
		ret = holds_take(s, &c->hdls[i]);
		if (ret)
			break;
	}
	if (!s)
		ret = AEE_ENOMEMORY;
	else if (ret)
		while (i--)	/* all or none */
			holds_put(s, c->hdls[i].fd);
	pthread_mutex_unlock(&d->clients_lock);
	if (!ret)
		atomic_fetch_add(&d->st.holds, n);
	return ret;
}

/* The call never reached the process: give back what client_take_holds took. */
void client_put_holds(struct domain *d, int32_t client, const struct call *c)
{
	unsigned int i, n = c->nhin + c->nhout;
	struct cstate *s;

	if (!n)
		return;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	for (i = 0; s && i < n; i++)
		holds_put(s, c->hdls[i].fd);
	pthread_mutex_unlock(&d->clients_lock);
}

/* The process lets go of @fd: 0, or AEE_EBADPARM when it holds none. */
int client_release(struct domain *d, int32_t client, uint32_t fd)
{
	struct cstate *s;
	int ret = AEE_EBADPARM;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	if (s && fd && fd <= INT32_MAX)
		ret = holds_put(s, (int32_t)fd);
	pthread_mutex_unlock(&d->clients_lock);
	if (ret)
		log_msg("%s: client %d: the DSP process lets go of fd %u it does not hold",
			d->name, client, fd);
	return ret;
}

/*
 * A DSP process reads (SHELL_MEM_READ: into @buf) or writes DSP memory.
 * The lock is held across the copy, so that an unmap or a release (which
 * the driver follows by freeing the memory) waits for it.
 */
int client_mem(struct domain *d, int32_t client, uint32_t op, uint32_t fd,
	       uint64_t addr, void *buf, uint32_t len)
{
	uint64_t phys = 0;
	struct cstate *s;
	size_t maplen;
	void *base = NULL;
	uint8_t *p = NULL;
	int ret;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	ret = s ? mem_resolve(s, fd, addr, len, &phys) : AEE_EBADPARM;
	if (!ret) {
		p = phys_map(d, phys, len, &base, &maplen);
		if (!p)
			ret = AEE_EBADPARM;
	}
	if (!ret) {
		if (op == SHELL_MEM_WRITE)
			ret = guarded_copy(p, buf, len) ? AEE_EBADPARM : 0;
		else
			ret = guarded_copy(buf, p, len) ? AEE_EBADPARM : 0;
		d->mapper.unmap(d->mapper.ctx, base, maplen);
	}
	pthread_mutex_unlock(&d->clients_lock);

	if (ret) {
		atomic_fetch_add(&d->st.mem_refused, 1);
		if (fd)
			log_msg("%s: client %d: refused the DSP process a %s of %u bytes at offset 0x%llx of handle fd %u",
				d->name, client, op == SHELL_MEM_WRITE ? "write" : "read",
				len, (unsigned long long)addr, fd);
		else
			log_msg("%s: client %d: refused the DSP process a %s of %u bytes at DSP address 0x%llx",
				d->name, client, op == SHELL_MEM_WRITE ? "write" : "read",
				len, (unsigned long long)addr);
		return ret;
	}
	atomic_fetch_add(&d->st.mem_ok, 1);
	return 0;
}

/*
 * Answer a call of @client, misbehaving as LAB_CTL_MISBEHAVE asked: a
 * hostile DSP the driver must survive (edge_send).
 */
void answer(struct domain *d, int32_t client, uint64_t ctx, int32_t retval)
{
	uint32_t mode = LAB_MISBEHAVE_OFF;
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	s = client > 0 ? cstate_find(d, client) : NULL;
	if (s && s->bad_count) {
		s->bad_count--;
		mode = s->bad_mode;
	}
	pthread_mutex_unlock(&d->clients_lock);
	edge_send(d, ctx, retval, mode);
}
