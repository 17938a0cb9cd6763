// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Dispatch of one message from the kernel: the static handles (1, process
 * init: attach, release, create, create static, mmap, munmap, mem map, mem
 * unmap; 2, utilities, caps.c; 3, 4 and 7, the listener and process
 * control, listener.c) and the lab's own service (LAB_CTL_HANDLE, lab.c)
 * are served here on the main thread; everything else goes to the DSP
 * process of the message's pid, or, for a client attached to a PD where no
 * shell runs (root, sensors, a static PD), to remotectl.c (handles 0 and
 * 8) or the lab skeleton's native part.
 *
 * Every phy_page the init handle receives (create's init memory, a static
 * PD's heap, mmap's and mem map's page) is checked before vdspd records
 * anything: page aligned, not empty, below 4 GiB, and mappable through the
 * edge; a bad one is answered AEE_EBADPARM and counted as bad.
 */
#include <errno.h>
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
/*
 * Does the message come from @id?  The driver's own calls may carry pid 0
 * (the misc driver sends every kernel-originated call so): then the id in
 * the arguments says who it is for, as on a real DSP.
 */
static bool pid_matches(const struct call *c, int32_t id)
{
	return c->msg.pid == 0 || c->msg.pid == id;
}

static int read_client_arg(const struct call *c, int32_t *id)
{
	if (c->nin != 1 || c->nout)
		return AEE_EBADPARM;
	return read_s32(c, 0, id);
}

static const char *const attach_names[] = {
	[ATTACH_ROOT] = "the root PD",
	[ATTACH_SENSORS] = "the sensors PD",
	[ATTACH_STATIC] = "a static PD",
};

/* A DSP process runs for @id, or it is attached to a PD with none. */
bool domain_has_client(struct domain *d, int32_t id)
{
	return proc_find(d, id) || client_slot(d, id);
}

void domain_note_died(struct domain *d, int32_t id)
{
	/* The oldest is dropped when full: its release then finds nothing. */
	if (d->ndied == VDSPD_MAX_DIED) {
		memmove(d->died, d->died + 1, (VDSPD_MAX_DIED - 1) * sizeof(d->died[0]));
		d->ndied--;
	}
	d->died[d->ndied++] = id;
}

static bool forget_died(struct domain *d, int32_t id)
{
	unsigned int i;

	for (i = 0; i < d->ndied; i++) {
		if (d->died[i] == id) {
			d->died[i] = d->died[--d->ndied];
			return true;
		}
	}
	return false;
}

static int attach_client(struct domain *d, int32_t id, enum attach_kind kind,
			 const char *name)
{
	struct client *cl = calloc(1, sizeof(*cl));

	/* A new session of an id whose process died and was never released. */
	forget_died(d, id);
	if (!cl)
		return AEE_ENOMEMORY;
	cl->id = id;
	cl->kind = kind;
	snprintf(cl->name, sizeof(cl->name), "%s", name);
	cl->next = d->attached;
	d->attached = cl;
	atomic_fetch_add(&d->st.attaches, 1);
	return 0;
}

/* Attach to the root or the sensors PD, as msg.ctx's PD bits say: nothing runs. */
static int init_attach(struct domain *d, const struct call *c)
{
	unsigned int pd = CTX_PD(c->msg.ctx);
	enum attach_kind kind;
	int32_t id;
	int ret;

	ret = read_client_arg(c, &id);
	if (ret)
		return ret;
	if (pd == PD_ROOT) {
		kind = ATTACH_ROOT;
	} else if (pd == PD_SENSORS) {
		kind = ATTACH_SENSORS;
	} else {
		log_msg("%s: client %d: attach to PD type %u", d->name, id, pd);
		return AEE_EBADPARM;
	}
	if (id <= 0 || !pid_matches(c, id))
		return AEE_EBADPARM;
	if (domain_has_client(d, id)) {
		log_msg("%s: client %d exists already", d->name, id);
		return AEE_EBADSTATE;
	}
	ret = attach_client(d, id, kind, "");
	if (ret)
		return ret;
	log_dbg("%s: client %d attached to %s", d->name, id, attach_names[kind]);
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

	/* Its listener's next2 ends first; what it mapped and held goes with it. */
	listener_end(d, id);
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
		log_dbg("%s: client %d detached from %s%s%s", d->name, id,
			attach_names[cl->kind], *cl->name ? " " : "", cl->name);
		free(cl);
		return 0;
	}
	/* A process that died on its own is released as a DSP releases a crashed PD. */
	if (forget_died(d, id)) {
		log_dbg("%s: client %d released after its process died", d->name, id);
		return 0;
	}
	/* The driver then knows that nothing of it runs here. */
	log_msg("%s: release of unknown client %d", d->name, id);
	return AEE_ENOSUCHPROCESS;
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
 * A phy_page received from the driver: page aligned, not empty, within its
 * bank, and reached by the DSP through the edge.  A bad one is counted and
 * logged.
 */
static int check_page(struct domain *d, const struct call *c, struct phy_page *pg,
		      const char *what)
{
	if (dsp_range_ok(pg->addr, pg->size) &&
	    dsp_reachable(&d->mapper, pg->addr, pg->size))
		return 0;

	atomic_fetch_add(&d->st.bad, 1);
	log_msg("%s: client %d: bad %s page 0x%llx+0x%llx", d->name, c->msg.pid, what,
		(unsigned long long)pg->addr, (unsigned long long)pg->size);
	return AEE_EBADPARM;
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
	ret = check_page(d, c, &imem, "init memory");
	if (ret)
		return ret;

	ret = check_elf(c, 2);
	if (ret) {
		log_msg("%s: client %d: the shell is not a Hexagon ELF32",
			d->name, in.client_id);
		return ret;
	}
	if (domain_has_client(d, in.client_id)) {
		log_msg("%s: client %d exists already", d->name, in.client_id);
		return AEE_EBADSTATE;
	}

	forget_died(d, in.client_id);
	ret = proc_spawn(d, in.client_id, name, c, 2);
	if (ret)
		return ret;
	log_dbg("%s: client %d created: '%s', shell %u bytes, attrs 0x%x, init memory 0x%llx+0x%llx",
		d->name, in.client_id, name, in.filelen, in.attrs,
		(unsigned long long)imem.addr, (unsigned long long)imem.size);
	return 0;
}

/* Static PDs this DSP runs, by name (attach only: no shell); --static-pd adds. */
static char static_pds[1 + VDSPD_MAX_STATIC_PDS][64] = { "audiopd" };
static unsigned int nstatic_pds = 1;

/* 0, -EINVAL for a bad name, -ENOSPC past VDSPD_MAX_STATIC_PDS. */
int init_add_static_pd(const char *name)
{
	size_t len = strlen(name);
	unsigned int i;

	if (!len || len >= sizeof(static_pds[0]))
		return -EINVAL;
	for (i = 0; i < nstatic_pds; i++)
		if (!strcmp(static_pds[i], name))
			return 0;
	if (nstatic_pds == sizeof(static_pds) / sizeof(static_pds[0]))
		return -ENOSPC;
	memcpy(static_pds[nstatic_pds++], name, len + 1);
	return 0;
}

static bool static_pd_known(const char *name)
{
	unsigned int i;

	for (i = 0; i < nstatic_pds; i++)
		if (!strcmp(name, static_pds[i]))
			return true;
	return false;
}

/*
 * Create static: in 0 struct create_static_inbuf, in 1 the name (namelen
 * bytes with the NUL), in 2 phy pages, of which the first pageslen are the
 * heap lent to the PD (possibly none: the misc driver sends one page with
 * pageslen 0).
 */
static int init_create_static(struct domain *d, const struct call *c)
{
	struct phy_page heap[VDSPD_MAX_STATIC_PAGES];
	struct create_static_inbuf in;
	struct client *cl;
	char name[64];
	unsigned int i;
	int ret;

	if (c->nin != 3 || c->nout || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(in) || call_copy_in(c, 0, &in, 0, sizeof(in)))
		return AEE_EBADPARM;
	if (!in.namelen || in.namelen > sizeof(name) || c->bufs[1].len != in.namelen ||
	    in.pageslen > VDSPD_MAX_STATIC_PAGES ||
	    c->bufs[2].len < in.pageslen * sizeof(heap[0]) ||
	    c->bufs[2].len % sizeof(heap[0]) ||
	    call_copy_in(c, 1, name, 0, in.namelen) || name[in.namelen - 1] ||
	    call_copy_in(c, 2, heap, 0, in.pageslen * sizeof(heap[0])))
		return AEE_EBADPARM;
	for (i = 0; i < in.pageslen; i++) {
		ret = check_page(d, c, &heap[i], "static PD heap");
		if (ret)
			return ret;
	}
	if (!static_pd_known(name)) {
		log_msg("%s: client %d: no static PD '%s'", d->name, in.client_id, name);
		return AEE_ENOSUCHMOD;
	}
	if (in.client_id <= 0 || !pid_matches(c, in.client_id))
		return AEE_EBADPARM;
	if (domain_has_client(d, in.client_id)) {
		log_msg("%s: client %d exists already", d->name, in.client_id);
		return AEE_EBADSTATE;
	}
	ret = attach_client(d, in.client_id, ATTACH_STATIC, name);
	if (ret)
		return ret;
	cl = d->attached;
	cl->heap_pages = in.pageslen;
	log_dbg("%s: client %d attached to static PD '%s', heap %u page range(s)",
		d->name, in.client_id, name, in.pageslen);
	return 0;
}

static int read_page(struct domain *d, const struct call *c, unsigned int i,
		     struct phy_page *pg)
{
	if (c->bufs[i].len != sizeof(*pg) || call_copy_in(c, i, pg, 0, sizeof(*pg)))
		return AEE_EBADPARM;
	return check_page(d, c, pg, "mapping");
}

/* Record a mapping of @client's and give it a DSP address (out @out). */
static int add_map(struct domain *d, const struct call *c, int32_t client,
		   int32_t fd, const struct phy_page *pg, unsigned int out)
{
	uint64_t vaddr = 0;
	struct cstate *s;
	int ret;

	if (!pid_matches(c, client))
		return AEE_EBADPARM;
	if (!domain_has_client(d, client))
		return AEE_EBADSTATE;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, client);
	ret = s ? maps_add(s, pg->addr, pg->size, fd, &vaddr) : AEE_ENOMEMORY;
	pthread_mutex_unlock(&d->clients_lock);
	if (ret) {
		log_msg("%s: client %d: cannot map 0x%llx+0x%llx (AEE 0x%x)", d->name,
			client, (unsigned long long)pg->addr,
			(unsigned long long)pg->size, ret);
		return ret;
	}
	if (call_copy_out(c, out, &vaddr, sizeof(vaddr))) {
		pthread_mutex_lock(&d->clients_lock);
		if (s == cstate_find(d, client))
			maps_remove(s, fd, vaddr, pg->size);
		pthread_mutex_unlock(&d->clients_lock);
		return AEE_EBADPARM;
	}
	atomic_fetch_add(&d->st.maps, 1);
	log_dbg("%s: client %d: mapped 0x%llx+0x%llx at 0x%llx (fd %d)", d->name, client,
		(unsigned long long)pg->addr, (unsigned long long)pg->size,
		(unsigned long long)vaddr, fd);
	return 0;
}

/* Forget @client's mapping at @vaddr of @size (and @fd, -1 for an mmap). */
static int remove_map(struct domain *d, int32_t client, int32_t fd,
		      uint64_t vaddr, uint64_t size)
{
	struct cstate *s;
	int ret;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	ret = s ? maps_remove(s, fd, vaddr, size) : AEE_EBADPARM;
	pthread_mutex_unlock(&d->clients_lock);
	if (ret) {
		log_msg("%s: client %d: no mapping 0x%llx+0x%llx (fd %d)", d->name, client,
			(unsigned long long)vaddr, (unsigned long long)size, fd);
		return ret;
	}
	atomic_fetch_add(&d->st.unmaps, 1);
	log_dbg("%s: client %d: unmapped 0x%llx+0x%llx (fd %d)", d->name, client,
		(unsigned long long)vaddr, (unsigned long long)size, fd);
	return 0;
}

static int init_mmap(struct domain *d, const struct call *c)
{
	struct mmap_req req;
	struct phy_page pg;

	int ret;

	if (c->nin != 2 || c->nout != 1 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(req) || c->bufs[2].len != sizeof(uint64_t) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)))
		return AEE_EBADPARM;
	if (req.flags != MMAP_ADD_PAGES) {
		log_msg("%s: client %d: mmap flags 0x%x", d->name, req.pgid, req.flags);
		return AEE_EBADPARM;
	}
	ret = read_page(d, c, 1, &pg);
	if (ret)
		return ret;
	return add_map(d, c, req.pgid, -1, &pg, 2);
}

static int init_munmap(struct domain *d, const struct call *c)
{
	struct munmap_req req;

	if (c->nin != 1 || c->nout || c->nhin || c->nhout || c->bufs[0].len != sizeof(req) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || !pid_matches(c, req.pgid))
		return AEE_EBADPARM;
	return remove_map(d, req.pgid, -1, req.vaddr, req.size);
}

static int init_mem_map(struct domain *d, const struct call *c)
{
	struct mem_map_req req;
	struct phy_page pg;

	int ret;

	if (c->nin != 3 || c->nout != 1 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(req) || c->bufs[2].len ||
	    c->bufs[3].len != sizeof(uint64_t) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || req.fd < 0)
		return AEE_EBADPARM;
	ret = read_page(d, c, 1, &pg);
	if (ret)
		return ret;
	return add_map(d, c, req.pgid, req.fd, &pg, 3);
}

static int init_mem_unmap(struct domain *d, const struct call *c)
{
	struct mem_unmap_req req;

	if (c->nin != 1 || c->nout || c->nhin || c->nhout || c->bufs[0].len != sizeof(req) ||
	    call_copy_in(c, 0, &req, 0, sizeof(req)) || !pid_matches(c, req.pgid) ||
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

/* The PD of an attached client, as remotectl's dlerror names it. */
static const char *pd_name(const struct client *cl)
{
	switch (cl->kind) {
	case ATTACH_ROOT:
		return "root";
	case ATTACH_SENSORS:
		return "sensors";
	default:
		return cl->name;
	}
}

/* A call of a client attached to a PD where no shell runs, answered here. */
static int native_call(const struct client *cl, const struct call *c)
{
	if (c->msg.handle == REMOTECTL_HANDLE || c->msg.handle == REMOTECTL1_HANDLE)
		return remotectl_native(c, pd_name(cl));
	return lab_skel_native(c);
}

/* Hand @c to its DSP process; it is theirs to answer from now on. */
static void forward(struct domain *d, struct call *c)
{
	struct client **slot;
	struct proc *p;
	unsigned int i;

	for (i = 0; i < c->nbufs; i++) {
		if (c->bufs[i].len > SHELL_MAX_BUF_LEN) {
			finish_call(c, AEE_DSP_ERR(AEE_EBADPARM));
			return;
		}
	}
	p = proc_find(d, c->msg.pid);
	slot = p ? NULL : client_slot(d, c->msg.pid);
	if (slot) {
		int ret = native_call(*slot, c);

		atomic_fetch_add(&d->st.native, 1);
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
		dsp_bank(msg.addr), (unsigned long long)msg.size);

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
		ret = caps_call(d, c);
		finish_call(c, ret ? AEE_DSP_ERR(ret) : 0);
		break;
	case HANDLE_LISTENER:
	case HANDLE_CURRENT_PROCESS1:
	case HANDLE_LISTENER1:
		/* Answered, or parked until the process ends: never blocks. */
		listener_dispatch(d, c);
		break;
	case LAB_CTL_HANDLE:
		atomic_fetch_add(&d->st.lab_ctl, 1);
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
	d->ndied = 0;
}

/* The DSP crashed: every process is gone, nothing is answered. */
void domain_down(struct domain *d)
{
	atomic_fetch_add(&d->gen, 1);
	atomic_fetch_add(&d->st.downs, 1);
	proc_stop_all(d, FATE_DROP);
	domain_forget_clients(d);
	cstate_forget_all(d);
	edge_timer_drop(d);
	log_dbg("%s: domain down: every DSP process is gone", d->name);
}
