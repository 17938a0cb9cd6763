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

/* How physical memory reaches vdspd: the edge device, or a test's fake. */
struct mapper {
	/* Map @len bytes at page-aligned @phys; NULL with errno on failure. */
	void *(*map)(void *ctx, uint64_t phys, size_t len);
	void (*unmap)(void *ctx, void *p, size_t len);
	void *ctx;
};

struct domain;

/* A handle argument: its id and range, and the pages holding it. */
struct hdl {
	int32_t fd;
	uint32_t offset;
	uint32_t len;
	uint64_t addr;		/* physical, page aligned, stream id stripped */
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

/* guard.c: memory the kernel may take away (SIGBUS) */
void guard_init(void);
int guarded_copy(void *dst, const void *src, size_t n);

/* ---- domains and DSP processes ------------------------------------------- */

struct stats {
	atomic_uint_fast64_t msgs;	/* MSG events */
	atomic_uint_fast64_t bad;	/* messages refused while decoding */
	atomic_uint_fast64_t init_calls;
	atomic_uint_fast64_t util_calls;
	atomic_uint_fast64_t forwarded;
	atomic_uint_fast64_t answered;
	atomic_uint_fast64_t errors;	/* answers with a non-zero retval */
	atomic_uint_fast64_t spawned;
	atomic_uint_fast64_t died;	/* DSP processes that died on their own */
	atomic_uint_fast64_t downs;
	atomic_uint_fast64_t ups;
};

struct client {
	int32_t id;
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

struct held {
	struct hdl h;
	struct held *next;
};

struct call_count {
	uint32_t handle, method;
	uint64_t calls;
	struct call_count *next;
};

struct cstate {
	int32_t id;
	uint64_t next_vaddr;
	struct dsp_map *maps;
	struct held *held;
	struct call_count *counts;
	uint32_t bad_mode, bad_count;	/* LAB_CTL_MISBEHAVE */
	struct cstate *next;
};

enum proc_fate {
	FATE_RESET,	/* answer what is left with AEE_ENOSUCHPROCESS */
	FATE_DROP,	/* answer nothing: the domain went down */
};

struct proc {
	struct domain *dom;
	int32_t client_id;
	char name[64];
	pid_t pid;
	int to_shell;			/* its stdin */
	int from_shell;			/* its stdout */
	pthread_t worker;

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
	struct mapper mapper;
	atomic_uint_fast64_t gen;	/* bumped on DOWN */
	struct proc *procs;		/* main thread only */
	struct client *attached;	/* root-PD clients, main thread only */
	pthread_mutex_t clients_lock;	/* cstates: answers come from workers */
	struct cstate *cstates;
	struct stats st;
};

/* edge.c */
int edge_open(struct domain *d, const char *name);
void edge_close(struct domain *d);
int edge_answer(struct domain *d, uint64_t ctx, int32_t retval);

/* proc.c */
extern const char *vdspd_qemu;
extern int vdspd_wake_fd;
int proc_spawn(struct domain *d, int32_t client_id, const char *name,
	       const struct call *c, unsigned int elf_buf);
struct proc *proc_find(struct domain *d, int32_t client_id);
void proc_submit(struct proc *p, struct call *c);
void proc_stop(struct proc *p, enum proc_fate fate);
void proc_reap(struct domain *doms, unsigned int ndoms, pid_t pid,
	       int status);
void proc_collect(struct domain *d);
void proc_stop_all(struct domain *d, enum proc_fate fate);

/* client.c */
struct cstate *cstate_get(struct domain *d, int32_t id);
void cstate_forget(struct domain *d, int32_t id);
void cstate_forget_all(struct domain *d);
void cstate_count(struct domain *d, const struct fastrpc_msg *msg);
void *phys_map(struct domain *d, uint64_t addr, uint64_t size, void **base,
	       size_t *len);
void answer(struct domain *d, int32_t client, uint64_t ctx, int32_t retval);

/* lab.c */
int lab_ctl(struct domain *d, struct call *c);
int lab_skel_native(const struct call *c);

/* init.c */
void dispatch(struct domain *d, const void *data, size_t len);
void finish_call(struct call *c, int32_t retval);
void domain_down(struct domain *d);
void domain_forget_clients(struct domain *d);

/* log.c */
extern int vdspd_verbose;
int log_open(const char *path);
void log_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* VDSPD_H */
