/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vdspd internals: the decoded form of one call, domains and DSP
 * processes.  The wire format is fastrpc_wire.h.
 */
#ifndef VDSPD_H
#define VDSPD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "fastrpc_wire.h"

/* Bounds vdspd holds the kernel to. */
#define VDSPD_MAX_PAYLOAD	(80u << 20)	/* one call's payload buffer */
#define VDSPD_MAX_EXTRA_MAP	(256u << 20)	/* mapped outside the payload */
#define VDSPD_MAX_SHELL		(2u << 20)	/* a shell ELF */
#define VDSPD_MAX_MAPS		1024		/* DSP mappings of one client */
#define VDSPD_MAX_HOLDS		1024		/* handle fds one client's process holds */
#define VDSPD_MAX_STATIC_PAGES	16		/* heap ranges lent to a static PD */
#define VDSPD_MAX_STATIC_PDS	8		/* names --static-pd may add, with audiopd */
#define VDSPD_MAX_PARKED	16		/* next2 calls one client may have waiting */
#define VDSPD_MAX_DIED		64		/* died processes whose release is awaited */
#define VDSPD_DSP_ATTRIBUTES	256		/* capability table, with attribute 0 */
#define VDSPD_MAX_PRELOADS	16		/* modules --preload may add */

/* DSP virtual addresses mmap and mem map hand out: [first, end). */
#define VDSPD_VADDR_FIRST	0x20000000ull
#define VDSPD_VADDR_END		0x100000000ull

/*
 * A DSP address, as the driver gives it and the edge maps it: the context
 * bank in bits 32 and up, below them what the bank reaches (an IOVA of
 * the bank behind the edge's SMMU, else a physical address).  Ranges stay
 * within one bank's 4 GiB.
 */
static inline uint64_t dsp_low(uint64_t addr)
{
	return addr & 0xffffffffu;
}

static inline unsigned int dsp_bank(uint64_t addr)
{
	return (unsigned int)(addr >> 32);
}

/* A page-aligned, non-empty range [addr, addr + size) within one bank. */
static inline bool dsp_range_ok(uint64_t addr, uint64_t size)
{
	return !((addr | size) & FASTRPC_PAGE_MASK) && size &&
	       size <= (1ull << 32) - dsp_low(addr);
}

/* ---- one decoded call ---------------------------------------------------- */

/* Where a piece of a buffer lives in vdspd's address space. */
struct seg {
	uint8_t *p;
	size_t len;
};

struct buf {
	uint64_t len;
	unsigned int nseg;
	struct seg *seg;
};

struct mapping {
	void *p;
	size_t len;
};

/* How DSP memory reaches vdspd: the edge device, or a test's fake. */
struct mapper {
	/* Map @len bytes at page-aligned DSP address @addr; NULL with errno. */
	void *(*map)(void *ctx, uint64_t addr, size_t len);
	void (*unmap)(void *ctx, void *p, size_t len);
	void *ctx;
};

struct domain;

/* A handle argument: its id and range, and the pages holding it. */
struct hdl {
	int32_t fd;
	uint32_t offset;
	uint32_t len;
	uint64_t addr;		/* DSP address, page aligned */
	uint64_t size;		/* whole pages */
};

struct call {
	struct fastrpc_msg msg;
	unsigned int sid;
	unsigned int method, nin, nout, nhin, nhout;
	unsigned int nbufs;		/* nin + nout */
	struct buf *bufs;
	struct hdl *hdls;		/* nhin + nhout handle arguments */
	uint64_t *fdlist;		/* in the payload; NULL without arguments */
	uint32_t release[FASTRPC_MAX_FDLIST];	/* fds the answer lets go of */
	unsigned int nrelease;
	bool keep_handles;		/* else the answer lets go of every handle */
	bool plain_answer;		/* never misbehave on this one */
	struct mapping *maps;		/* payload first, then the others */
	unsigned int nmaps;
	size_t extra_mapped;
	const struct mapper *mapper;
	struct domain *dom;
	uint64_t gen;			/* domain generation it belongs to */
	struct call *next;		/* a process's queue */
};

/* msg.c: decoding.  Return 0, or an AEE code to answer with. */
int msg_parse(const void *data, size_t len, struct fastrpc_msg *msg);
int call_decode(struct call *c, const struct fastrpc_msg *msg,
		const struct mapper *mapper);
void call_unmap(struct call *c);
void call_free(struct call *c);
int call_copy_in(const struct call *c, unsigned int i, void *dst,
		 size_t off, size_t len);
int call_copy_out(const struct call *c, unsigned int i, const void *src,
		  size_t len);
bool call_release_add(struct call *c, uint32_t fd);
int call_put_fdlist(const struct call *c);

/* guard.c: memory the kernel may take away (SIGBUS) */
void guard_init(void);
int guarded_copy(void *dst, const void *src, size_t n);
bool dsp_reachable(const struct mapper *mapper, uint64_t addr, uint64_t size);

/* ---- domains and DSP processes ------------------------------------------- */

struct stats {
	atomic_uint_fast64_t msgs;	/* MSG events */
	atomic_uint_fast64_t bad;	/* messages refused while decoding */
	atomic_uint_fast64_t init_calls;
	atomic_uint_fast64_t util_calls;
	atomic_uint_fast64_t listener;	/* listener and process control calls */
	atomic_uint_fast64_t forwarded;
	atomic_uint_fast64_t answered;
	atomic_uint_fast64_t errors;	/* answers with a non-zero retval */
	atomic_uint_fast64_t spawned;
	atomic_uint_fast64_t died;	/* DSP processes that died on their own */
	atomic_uint_fast64_t downs;
	atomic_uint_fast64_t ups;
	atomic_uint_fast64_t attaches;	/* root, sensors and static PD attachments */
	atomic_uint_fast64_t maps;	/* mmap and mem map accepted */
	atomic_uint_fast64_t unmaps;	/* munmap and mem unmap accepted */
	atomic_uint_fast64_t holds;	/* handle arguments given to a DSP process */
	atomic_uint_fast64_t released;	/* fds written to answers' fd lists */
	atomic_uint_fast64_t mem_ok;	/* a DSP process's memory requests served */
	atomic_uint_fast64_t mem_refused;	/* ... and refused */
	atomic_uint_fast64_t native;	/* calls answered where no shell runs */
	atomic_uint_fast64_t lab_ctl;	/* LAB_CTL_HANDLE calls */
	atomic_uint_fast64_t misbehaved;	/* answers sent misbehaving */
	atomic_uint_fast64_t late_sent;	/* late duplicates sent */
	atomic_uint_fast64_t rcalls;	/* reverse calls DSP processes made */
	atomic_uint_fast64_t rcalls_refused;	/* ... answered at once: no listener, exited */
	atomic_uint_fast64_t rcalls_ended;	/* ... ended by exit, release, death, stop */
};

/* A client attached to a PD where no shell runs. */
enum attach_kind {
	ATTACH_ROOT,
	ATTACH_SENSORS,
	ATTACH_STATIC,
};

struct client {
	int32_t id;
	enum attach_kind kind;
	char name[64];			/* the static PD's */
	unsigned int heap_pages;	/* ranges lent to a static PD */
	struct client *next;
};

/* What vdspd keeps for a client id, whatever its PD (client.c). */
struct dsp_map {
	uint64_t vaddr;
	uint64_t addr;		/* physical */
	uint64_t size;
	int32_t fd;		/* mem map's fd, -1 for an mmap into the heap */
	struct dsp_map *next;
};

/* A handle LAB_CTL_HOLD keeps (one entry per fd). */
struct held {
	struct hdl h;
	struct held *next;
};

/* A handle a DSP process may reach: one hold per call that passed it. */
struct dsp_hold {
	int32_t fd;
	uint64_t addr;		/* physical, the whole buffer */
	uint64_t size;
	uint32_t holds;
	struct dsp_hold *next;
};

struct call_count {
	uint32_t handle, method;
	uint64_t calls;
	struct call_count *next;
};

/*
 * A DSP process's reverse call (rcall.c), owned by its worker, which
 * waits on @cond under the domain's clients_lock until it is done.  While
 * it waits the client's state points to it; whoever sets it done (the
 * host's answer, or the end of the client, its process or vdspd) takes it
 * off the state first, so a done call is the worker's alone.
 */
enum rcall_state {
	RCALL_PENDING,		/* no next2 has carried it to the host yet */
	RCALL_DELIVERED,	/* a next2 carried it: the host works on it */
	RCALL_DONE,		/* answered (retval, out) or ended */
};

struct rcall {
	uint32_t ctx;		/* non-zero, new for each reverse call of a client */
	uint32_t handle, sc;
	const uint8_t *in;	/* the flat-encoded inputs */
	uint32_t inlen;
	enum rcall_state state;
	bool ended;		/* done without the host's answer */
	int32_t retval;
	uint8_t *out;		/* the host's flat-encoded outputs, malloc'd */
	uint32_t outlen;
	pthread_cond_t cond;
};

struct cstate {
	int32_t id;
	uint64_t next_vaddr;
	struct dsp_map *maps;
	unsigned int nmaps;
	struct held *held;		/* LAB_CTL's */
	struct dsp_hold *holds;		/* the DSP process's */
	unsigned int nholds;
	struct call_count *counts;
	uint32_t bad_mode, bad_count;	/* LAB_CTL_MISBEHAVE */
	struct call *parked;		/* next2 calls waiting (listener.c) */
	unsigned int nparked;
	bool exiting;			/* exit received: next2 is refused at once */
	bool listening;			/* init2 received: reverse calls may go to the host */
	struct rcall *rcall;		/* the reverse call in flight, or NULL */
	uint32_t rcall_seq;		/* the last reverse call's ctx */
	struct cstate *next;
};

enum proc_fate {
	FATE_RESET,	/* answer what is left with AEE_ENOSUCHPROCESS */
	FATE_DROP,	/* answer nothing: the domain went down */
};

/* A DSP mapping as the shell was told of it (struct shell_map). */
struct sent_map {
	uint64_t vaddr;
	uint64_t phys;
	uint64_t size;
};

struct proc {
	struct domain *dom;
	int32_t client_id;
	char name[64];
	pid_t pid;
	int to_shell;			/* its stdin */
	int from_shell;			/* its stdout */
	pthread_t worker;
	struct sent_map *sent;		/* the mappings the shell was told of (worker only) */
	unsigned int nsent;

	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t cond;
	struct call *head, *tail;	/* queued calls */
	bool stopping;			/* told to stop by release or DOWN */
	enum proc_fate fate;
	bool exited;			/* reaped by the main loop */
	bool closed;			/* the worker takes no more calls */
	bool worker_done;		/* the worker answered or dropped all */
	struct proc *next;
};

struct domain {
	char name[16];
	int fd;
	bool banked;			/* the edge translates per bank (its SMMU) */
	struct mapper mapper;
	atomic_uint_fast64_t gen;	/* bumped on DOWN */
	struct proc *procs;		/* main thread only */
	struct client *attached;	/* clients with no shell, main thread only */
	/* Clients whose DSP process died on its own, until released (main thread). */
	int32_t died[VDSPD_MAX_DIED];
	unsigned int ndied;
	pthread_mutex_t clients_lock;	/* cstates: answers come from workers */
	struct cstate *cstates;
	struct stats st;
};

/* edge.c */
int edge_open(struct domain *d, const char *name);
void edge_close(struct domain *d);
int edge_answer(struct domain *d, uint64_t ctx, int32_t retval);

/* How one answer goes out under a LAB_CTL_MISBEHAVE mode. */
enum send_kind {
	SEND_ANSWER,		/* a whole answer */
	SEND_TRUNCATED,		/* its first 4 bytes */
};

struct send_step {
	enum send_kind kind;
	uint64_t ctx;
	unsigned int delay_ms;	/* 0: now; else from the main loop's timer */
};

#define LATE_DUP_MS		200
#define MAX_SEND_STEPS		2

unsigned int misbehave_plan(uint32_t mode, uint64_t ctx,
			    struct send_step steps[MAX_SEND_STEPS]);
void edge_send(struct domain *d, uint64_t ctx, int32_t retval, uint32_t mode);
int edge_timer_init(void);
void edge_timer_run(void);
void edge_timer_drop(struct domain *d);
unsigned int edge_timer_pending(const struct domain *d);

/* proc.c */
extern const char *vdspd_qemu;
extern int vdspd_wake_fd;
int proc_spawn(struct domain *d, int32_t client_id, const char *name,
	       const struct call *c, unsigned int elf_buf);
int proc_start(struct domain *d, int32_t client_id, const char *name, pid_t pid,
	       int to, int from);
bool proc_gone(struct proc *p);
struct proc *proc_find(struct domain *d, int32_t client_id);
void proc_submit(struct proc *p, struct call *c);
void proc_stop(struct proc *p, enum proc_fate fate);
void proc_reap(struct domain *doms, unsigned int ndoms, pid_t pid,
	       int status);
void proc_collect(struct domain *d);
void proc_stop_all(struct domain *d, enum proc_fate fate);

/* dspcall.c: one call's exchange with a DSP process (shell_proto.h) */
int call_write_buf(int fd, const struct call *c, unsigned int i);
int write_all(int fd, const void *buf, size_t len);
int read_all(int fd, void *buf, size_t len);
int shell_run_call(struct proc *p, struct call *c);
int shell_sync_maps(struct proc *p);

/* rcall.c: a DSP process's reverse calls, through its client's listener */
struct shell_rcall;
int rcall_serve(struct proc *p, const struct shell_rcall *hdr);
int rcall_deliver_locked(struct rcall *rc, struct call *next2);
void rcall_end_locked(struct cstate *s, int32_t retval);
void rcall_end(struct domain *d, int32_t client, int32_t retval);
int rcall_complete(struct domain *d, struct call *c, uint32_t ctx, int32_t result,
		   uint32_t outlen);
int rcall_get_in_bufs(struct domain *d, struct call *c, uint32_t ctx, int32_t offset,
		      uint32_t len);
enum rcall_state rcall_state_of(struct domain *d, int32_t client, uint32_t *ctx);

/* client.c: the tables of one client (no locking; the caller's lock) */
int maps_add(struct cstate *s, uint64_t addr, uint64_t size, int32_t fd,
	     uint64_t *vaddr);
int maps_remove(struct cstate *s, int32_t fd, uint64_t vaddr, uint64_t size);
const struct dsp_map *maps_find(const struct cstate *s, uint64_t vaddr,
				uint64_t len);
int holds_take(struct cstate *s, const struct hdl *h);
int holds_put(struct cstate *s, int32_t fd);
const struct dsp_hold *holds_find(const struct cstate *s, int32_t fd);
int mem_resolve(const struct cstate *s, uint32_t fd, uint64_t addr,
		uint64_t len, uint64_t *phys);
void cstate_drop_memory(struct cstate *s);

/* client.c: per domain, under its clients_lock */
struct cstate *cstate_get(struct domain *d, int32_t id);
struct cstate *cstate_find(struct domain *d, int32_t id);
void cstate_forget(struct domain *d, int32_t id);
void cstate_forget_all(struct domain *d);
void cstate_drop(struct domain *d, int32_t id);
void cstate_count(struct domain *d, const struct fastrpc_msg *msg);
void *phys_map(struct domain *d, uint64_t addr, uint64_t size, void **base,
	       size_t *len);
int client_take_holds(struct domain *d, int32_t client, const struct call *c);
void client_put_holds(struct domain *d, int32_t client, const struct call *c);
int client_release(struct domain *d, int32_t client, uint32_t fd);
int client_mem(struct domain *d, int32_t client, uint32_t op, uint32_t fd,
	       uint64_t addr, void *buf, uint32_t len);
void answer(struct domain *d, int32_t client, uint64_t ctx, int32_t retval);

/* remotectl.c: handles 0 and 8 where no shell runs */
int remotectl_native(const struct call *c, const char *pd);

/* preload.c: --preload, modules every DSP process gets at start */
const char *preload_option(const char *arg);	/* HANDLE=PATH: NULL or why not */
unsigned int preload_count(void);
void preload_log(void);
int preload_send(int fd);
void preload_reset(void);

/* lab.c */
int lab_ctl(struct domain *d, struct call *c);
int lab_skel_native(const struct call *c);

/* caps.c: handle 2, the capability table, per domain name */
void caps_reset(void);
const char *caps_option(const char *arg);	/* DOMAIN:ID=VALUE: NULL or why not */
const char *caps_disable(const char *domain);	/* NULL or why not */
int caps_get(const char *domain, uint32_t id, uint32_t *value);
int caps_call(struct domain *d, const struct call *c);
/*
 * The @len bytes at @s as a u32 in decimal, or in hex after 0x, for the
 * options' numbers: nothing else around it (no sign, no spaces, no octal).
 */
bool option_u32(const char *s, size_t len, uint32_t *v);

/* listener.c: handles 3, 4 and 7 (Qualcomm's IDL numbers) */
#define HANDLE_LISTENER			3
#define HANDLE_CURRENT_PROCESS1		4
#define HANDLE_LISTENER1		7
#define LISTENER_INIT2			3	/* handle 7: the same + 2 */
#define LISTENER_NEXT2			4
#define LISTENER_GET_IN_BUFS2		5
#define CURRENT_PROCESS1_EXIT		2
#define CURRENT_PROCESS1_THREAD_EXIT	3
void listener_dispatch(struct domain *d, struct call *c);
void listener_end(struct domain *d, int32_t client);
void listener_end_all(struct domain *d);
unsigned int listener_waiting(struct domain *d, int32_t client);

/* init.c */
int init_add_static_pd(const char *name);
bool domain_has_client(struct domain *d, int32_t id);
void dispatch(struct domain *d, const void *data, size_t len);
void finish_call(struct call *c, int32_t retval);
void domain_down(struct domain *d);
void domain_forget_clients(struct domain *d);
void domain_note_died(struct domain *d, int32_t id);

/* log.c */
extern int vdspd_verbose;
int log_open(const char *path);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* VDSPD_H */
