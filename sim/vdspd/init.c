// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dispatch of one message from the kernel: the static handles (1, process
 * init: attach, release, create, create static, mmap, munmap, mem map, mem
 * unmap; 2, utilities) and the lab's own service (LAB_CTL_HANDLE, lab.c)
 * are served here on the main thread; everything else goes to the DSP
 * process of the message's pid, or, for a client attached to a PD where no
 * shell runs, to the lab skeleton's native part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

#define EM_QDSP6	164

static struct client **client_slot(struct domain *d, int32_t id)
{
	struct client **pp;

	for (pp = &d->attached; *pp; pp = &(*pp)->next)
		if ((*pp)->id == id)
			return pp;
	return NULL;
}

static int read_s32(const struct call *c, unsigned int i, int32_t *v)
{
	if (c->bufs[i].len < sizeof(*v))
		return AEE_EBADPARM;
	return call_copy_in(c, i, v, 0, sizeof(*v)) ? AEE_EBADPARM : 0;
}

/* Attach and release take one argument: the client id. */
static int read_client_arg(const struct call *c, int32_t *id)
{
	if (c->nin != 1 || c->nout)
		return AEE_EBADPARM;
	return read_s32(c, 0, id);
}

/* Root PD attach: nothing runs; remember the client. */
static int init_attach(struct domain *d, const struct call *c)
{
	struct client *cl;
	int32_t id;
	int ret;

	ret = read_client_arg(c, &id);
	if (ret)
		return ret;
	if (proc_find(d, id))
		return AEE_EBADSTATE;
	if (!client_slot(d, id)) {
		cl = calloc(1, sizeof(*cl));
		if (!cl)
			return AEE_ENOMEMORY;
		cl->id = id;
		cl->next = d->attached;
		d->attached = cl;
	}
	log_dbg("%s: client %d attached to the root PD", d->name, id);
	return 0;
}

static int init_release(struct domain *d, const struct call *c)
{
	struct client **slot, *cl;
	struct proc *p;
	int32_t id;
	int ret;

	ret = read_client_arg(c, &id);
	if (ret)
		return ret;

	/* What it mapped and held goes with it. */
	cstate_forget(d, id);
	p = proc_find(d, id);
	if (p) {
		/* Its calls in flight are answered AEE_ENOSUCHPROCESS first. */
		proc_stop(p, FATE_RESET);
		log_dbg("%s: client %d released", d->name, id);
		return 0;
	}
	slot = client_slot(d, id);
	if (slot) {
		cl = *slot;
		*slot = cl->next;
		free(cl);
		log_dbg("%s: client %d detached", d->name, id);
		return 0;
	}
	log_msg("%s: release of unknown client %d", d->name, id);
	return AEE_EBADPARM;
}

static int check_elf(const struct call *c, unsigned int i)
{
	uint8_t eh[20];

	if (c->bufs[i].len < 52)	/* sizeof(Elf32_Ehdr) */
		return AEE_EBADPARM;
	if (call_copy_in(c, i, eh, 0, sizeof(eh)))
		return AEE_EBADPARM;
	if (memcmp(eh, "\177ELF", 4) || eh[4] != 1 /* ELFCLASS32 */ ||
	    eh[5] != 1 /* ELFDATA2LSB */ ||
	    (eh[18] | eh[19] << 8) != EM_QDSP6)
		return AEE_EBADPARM;
	return 0;
}

/*
 * Create a user PD: in 0 struct create_inbuf, in 1 the name, in 2 the ELF,
 * in 3 the init memory (one phy page); with method 7 and six inputs, in 4
 * and in 5 repeat attrs and siglen (upstream sends method 7 with four).
 */
static int init_create(struct domain *d, const struct call *c)
{
	struct create_inbuf in;
	struct phy_page imem;
	char name[64];
	size_t nlen;
	int ret;

	if (c->nout || c->nhin || c->nhout ||
	    !(c->nin == 4 || (c->method == INIT_CREATE_ATTR && c->nin == 6)))
		return AEE_EBADPARM;
	if (c->bufs[0].len < sizeof(in) ||
	    call_copy_in(c, 0, &in, 0, sizeof(in)))
		return AEE_EBADPARM;
	if (c->nin == 6) {
		if (c->bufs[4].len != 4 || c->bufs[5].len != 4 ||
		    call_copy_in(c, 4, &in.attrs, 0, 4) ||
		    call_copy_in(c, 5, &in.siglen, 0, 4))
			return AEE_EBADPARM;
	}

	if (!in.namelen || c->bufs[1].len != in.namelen ||
	    !in.filelen || in.filelen > VDSPD_MAX_SHELL ||
	    c->bufs[2].len != in.filelen || in.siglen > in.filelen ||
	    in.pageslen != 1 || c->bufs[3].len != sizeof(imem))
		return AEE_EBADPARM;

	nlen = in.namelen < sizeof(name) ? in.namelen : sizeof(name) - 1;
	if (call_copy_in(c, 1, name, 0, nlen) ||
	    call_copy_in(c, 3, &imem, 0, sizeof(imem)))
		return AEE_EBADPARM;
	name[nlen] = '\0';
	if ((imem.addr & FASTRPC_PAGE_MASK) || !imem.size ||
	    (imem.size & FASTRPC_PAGE_MASK))
		return AEE_EBADPARM;

	ret = check_elf(c, 2);
	if (ret) {
		log_msg("%s: client %d: the shell is not a Hexagon ELF32",
			d->name, in.client_id);
		return ret;
	}
	if (proc_find(d, in.client_id) || client_slot(d, in.client_id)) {
		log_msg("%s: client %d exists already", d->name, in.client_id);
		return AEE_EBADSTATE;
	}

	ret = proc_spawn(d, in.client_id, name, c, 2);
	if (ret)
		return ret;
	log_dbg("%s: client %d created: '%s', shell %u bytes, attrs 0x%x, init memory 0x%llx+0x%llx",
		d->name, in.client_id, name, in.filelen, in.attrs,
		(unsigned long long)imem.addr, (unsigned long long)imem.size);
	return 0;
}

/* Static PDs this DSP runs, by name (attach only: no shell). */
static const char *const static_pds[] = { "audiopd" };

/*
 * Create static: in 0 struct create_static_inbuf, in 1 the name, in 2
 * pageslen phy pages (the heap lent to the PD, possibly none).
 */
static int init_create_static(struct domain *d, const struct call *c)
{
	struct create_static_inbuf in;
	struct phy_page heap;
	struct client *cl;
	char name[64];
	unsigned int i;

	if (c->nin != 3 || c->nout || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(in) || call_copy_in(c, 0, &in, 0, sizeof(in)))
		return AEE_EBADPARM;
	if (!in.namelen || in.namelen > sizeof(name) || c->bufs[1].len != in.namelen ||
	    in.pageslen > 1 || c->bufs[2].len != in.pageslen * sizeof(heap) ||
	    call_copy_in(c, 1, name, 0, in.namelen) || name[in.namelen - 1])
		return AEE_EBADPARM;
	if (in.pageslen) {
		if (call_copy_in(c, 2, &heap, 0, sizeof(heap)) ||
		    (heap.addr & FASTRPC_PAGE_MASK) || !heap.size ||
		    (heap.size & FASTRPC_PAGE_MASK))
			return AEE_EBADPARM;
	}
	for (i = 0; i < sizeof(static_pds) / sizeof(static_pds[0]); i++)
		if (!strcmp(name, static_pds[i]))
			break;
	if (i == sizeof(static_pds) / sizeof(static_pds[0])) {
		log_msg("%s: client %d: no static PD '%s'", d->name, in.client_id, name);
		return AEE_ENOSUCHMOD;
	}
	if (in.client_id != c->msg.pid || proc_find(d, in.client_id) ||
	    client_slot(d, in.client_id))
		return AEE_EBADSTATE;
	cl = calloc(1, sizeof(*cl));
	if (!cl)
		return AEE_ENOMEMORY;
	cl->id = in.client_id;
	cl->next = d->attached;
	d->attached = cl;
	log_dbg("%s: client %d attached to static PD '%s', heap %u page range(s)",
		d->name, in.client_id, name, in.pageslen);
	return 0;
}

static bool client_known(struct domain *d, int32_t id)
{
	return proc_find(d, id) || client_slot(d, id);
}

static int read_page(const struct call *c, unsigned int i, struct phy_page *pg)
{
	if (c->bufs[i].len != sizeof(*pg) || call_copy_in(c, i, pg, 0, sizeof(*pg)))
		return AEE_EBADPARM;
	pg->addr &= 0xffffffffu;	/* the stream id */
	if ((pg->addr & FASTRPC_PAGE_MASK) || !pg->size ||
	    (pg->size & FASTRPC_PAGE_MASK) || pg->size > (1ull << 32) - pg->addr)
		return AEE_EBADPARM;
	return 0;
}

/* Record a mapping of @client's and give it a DSP address (out @out). */
static int add_map(struct domain *d, const struct call *c, int32_t client,
		   int32_t fd, const struct phy_page *pg, unsigned int out)
{
	struct dsp_map *m;
	struct cstate *s;
	uint64_t vaddr;

	if (!client_known(d, client) || client != c->msg.pid)
		return AEE_EBADSTATE;
	m = calloc(1, sizeof(*m));
	if (!m)
		return AEE_ENOMEMORY;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, client);
	if (s) {
		m->vaddr = s->next_vaddr;
		m->addr = pg->addr;
		m->size = pg->size;
		m->fd = fd;
		s->next_vaddr += pg->size;
		m->next = s->maps;
		s->maps = m;
		vaddr = m->vaddr;
	}
	pthread_mutex_unlock(&d->clients_lock);
	if (!s) {
		free(m);
		return AEE_ENOMEMORY;
	}
	log_dbg("%s: client %d: mapped 0x%llx+0x%llx at 0x%llx (fd %d)", d->name, client,
		(unsigned long long)pg->addr, (unsigned long long)pg->size,
		(unsigned long long)vaddr, fd);
	return call_copy_out(c, out, &vaddr, sizeof(vaddr)) ? AEE_EBADPARM : 0;
}

/* Forget @client's mapping at @vaddr of @size (and @fd, unless -1 any). */
static int remove_map(struct domain *d, int32_t client, int32_t fd,
		      uint64_t vaddr, uint64_t size)
{
	struct dsp_map **pp, *m = NULL;
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	for (s = d->cstates; s && s->id != client; s = s->next)
		;
	for (pp = s ? &s->maps : NULL; pp && *pp; pp = &(*pp)->next) {
		if ((*pp)->vaddr == vaddr && (*pp)->size == size && (*pp)->fd == fd) {
			m = *pp;
			*pp = m->next;
			break;
		}
	}
	pthread_mutex_unlock(&d->clients_lock);
	if (!m) {
		log_msg("%s: client %d: no mapping 0x%llx+0x%llx (fd %d)", d->name, client,
			(unsigned long long)vaddr, (unsigned long long)size, fd);
		return AEE_EBADPARM;
	}
	free(m);
	return 0;
}

static int init_mmap(struct domain *d, const struct call *c)
{
	struct mmap_req req;
	struct phy_page pg;

	if (c->nin != 2 || c->nout != 1 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(req) || c->bufs[2].len != sizeof(uint64_t) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || read_page(c, 1, &pg))
		return AEE_EBADPARM;
	if (req.flags != MMAP_ADD_PAGES)
		return AEE_EBADPARM;
	return add_map(d, c, req.pgid, -1, &pg, 2);
}

static int init_munmap(struct domain *d, const struct call *c)
{
	struct munmap_req req;

	if (c->nin != 1 || c->nout || c->bufs[0].len != sizeof(req) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || req.pgid != c->msg.pid)
		return AEE_EBADPARM;
	return remove_map(d, req.pgid, -1, req.vaddr, req.size);
}

static int init_mem_map(struct domain *d, const struct call *c)
{
	struct mem_map_req req;
	struct phy_page pg;

	if (c->nin != 3 || c->nout != 1 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(req) || c->bufs[2].len ||
	    c->bufs[3].len != sizeof(uint64_t) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || read_page(c, 1, &pg) ||
	    req.fd < 0)
		return AEE_EBADPARM;
	return add_map(d, c, req.pgid, req.fd, &pg, 3);
}

static int init_mem_unmap(struct domain *d, const struct call *c)
{
	struct mem_unmap_req req;

	if (c->nin != 1 || c->nout || c->bufs[0].len != sizeof(req) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || req.pgid != c->msg.pid ||
	    req.fd < 0)
		return AEE_EBADPARM;
	return remove_map(d, req.pgid, req.fd, req.vaddrin, req.len);
}

static int init_call(struct domain *d, const struct call *c)
{
	switch (c->method) {
	case INIT_ATTACH:
		return init_attach(d, c);
	case INIT_RELEASE:
		return init_release(d, c);
	case INIT_CREATE:
	case INIT_CREATE_ATTR:
		return init_create(d, c);
	case INIT_CREATE_STATIC:
		return init_create_static(d, c);
	case INIT_MMAP:
		return init_mmap(d, c);
	case INIT_MUNMAP:
		return init_munmap(d, c);
	case INIT_MEM_MAP:
		return init_mem_map(d, c);
	case INIT_MEM_UNMAP:
		return init_mem_unmap(d, c);
	default:
		return AEE_EUNSUPPORTED;
	}
}

/* Hand @c to its DSP process; it is theirs to answer from now on. */
static void forward(struct domain *d, struct call *c)
{
	struct proc *p;
	unsigned int i;

	if (c->nhin || c->nhout) {
		finish_call(c, AEE_DSP_ERR(AEE_EUNSUPPORTED));
		return;
	}
	for (i = 0; i < c->nbufs; i++) {
		if (c->bufs[i].len > SHELL_MAX_BUF_LEN) {
			finish_call(c, AEE_DSP_ERR(AEE_EBADPARM));
			return;
		}
	}
	p = proc_find(d, c->msg.pid);
	if (!p && client_slot(d, c->msg.pid)) {
		int ret = lab_skel_native(c);

		finish_call(c, ret ? AEE_DSP_ERR(ret) : 0);
		return;
	}
	if (!p) {
		log_msg("%s: call for unknown client %d", d->name, c->msg.pid);
		finish_call(c, AEE_DSP_ERR(AEE_EBADSTATE));
		return;
	}
	atomic_fetch_add(&d->st.forwarded, 1);
	proc_submit(p, c);
}

void dispatch(struct domain *d, const void *data, size_t len)
{
	struct fastrpc_msg msg;
	struct call *c;
	int ret;

	atomic_fetch_add(&d->st.msgs, 1);
	if (msg_parse(data, len, &msg)) {
		atomic_fetch_add(&d->st.bad, 1);
		log_msg("%s: dropped a %zu-byte message (not a fastrpc_msg)",
			d->name, len);
		return;
	}
	log_dbg("%s: msg pid=%d tid=%d ctx=0x%llx handle=%u method=%u in=%u out=%u hin=%u hout=%u sid=%u size=%llu",
		d->name, msg.pid, msg.tid, (unsigned long long)msg.ctx,
		msg.handle, SC_METHOD(msg.sc), SC_INBUFS(msg.sc),
		SC_OUTBUFS(msg.sc), SC_INHANDLES(msg.sc), SC_OUTHANDLES(msg.sc),
		(unsigned int)(msg.addr >> 32), (unsigned long long)msg.size);

	/* Counted as received: a call sent twice is counted twice. */
	cstate_count(d, &msg);

	c = calloc(1, sizeof(*c));
	if (!c) {
		edge_answer(d, msg.ctx, AEE_DSP_ERR(AEE_ENOMEMORY));
		return;
	}
	c->dom = d;
	c->gen = atomic_load(&d->gen);
	ret = call_decode(c, &msg, &d->mapper);
	if (ret) {
		atomic_fetch_add(&d->st.bad, 1);
		log_msg("%s: ctx=0x%llx: malformed payload (AEE 0x%x)", d->name,
			(unsigned long long)msg.ctx, ret);
		finish_call(c, AEE_DSP_ERR(ret));
		return;
	}

	switch (msg.handle) {
	case HANDLE_INIT:
		atomic_fetch_add(&d->st.init_calls, 1);
		ret = init_call(d, c);
		finish_call(c, ret ? AEE_DSP_ERR(ret) : 0);
		break;
	case HANDLE_UTILS:
		atomic_fetch_add(&d->st.util_calls, 1);
		finish_call(c, AEE_DSP_ERR(AEE_EUNSUPPORTED));
		break;
	case LAB_CTL_HANDLE:
		ret = lab_ctl(d, c);
		finish_call(c, ret ? AEE_DSP_ERR(ret) : 0);
		break;
	default:
		forward(d, c);
		break;
	}
}

void domain_forget_clients(struct domain *d)
{
	struct client *cl;

	while (d->attached) {
		cl = d->attached;
		d->attached = cl->next;
		free(cl);
	}
}

/* The DSP crashed: every process is gone, nothing is answered. */
void domain_down(struct domain *d)
{
	atomic_fetch_add(&d->gen, 1);
	atomic_fetch_add(&d->st.downs, 1);
	proc_stop_all(d, FATE_DROP);
	domain_forget_clients(d);
	cstate_forget_all(d);
	log_dbg("%s: domain down: every DSP process is gone", d->name);
}
