/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reverse RPC inside libfastrpc: the listener's state, the flat argument
 * encoding, and the host modules it serves (apps_remotectl, apps_std,
 * apps_mem, adspmsgd_apps).  Shared by listener.c, flat.c, rctl.c,
 * apps_std.c, apps_mem.c, dsplog.c, searchpath.c and the unit tests, which
 * drive the dispatcher without a thread.
 */
#ifndef LIBFASTRPC_LISTENER_H
#define LIBFASTRPC_LISTENER_H

#include <pthread.h>
#include <stdio.h>
#include <dirent.h>

#include "internal.h"

/* AEE codes a host module answers with (Qualcomm's AEEStdErr.h numbers). */
#define AEE_SUCCESS		0x00
#define AEE_EFAILED		0x01
#define AEE_ENOMEMORY		0x02
#define AEE_EBADSTATE		0x0d
#define AEE_EBADPARM		0x0e
#define AEE_EUNSUPPORTED	0x14
#define AEE_ENOTALLOWED		0x2b
#define AEE_EINVHANDLE		0x2c
#define AEE_EOUTOFHANDLES	0x2d
#define AEE_ENOSUCH		0x27
#define AEE_ENOSUCHMOD		0x3e
#define AEE_ENOSUCHFILE		0x45
#define AEE_ENOSUCHMAP		0x48
#define AEE_EFILE		0x201
#define AEE_DSP(code)		((int32_t)(FASTRPC_DSP_ERROR_BASE + (uint32_t)(code)))

/* Static handles and methods of the listener's side of the protocol. */
#define LISTENER1_HANDLE	7u	/* adsp_listener1 */
#define LISTENER1_INIT2		5
#define LISTENER1_NEXT2		6
#define LISTENER1_GET_IN_BUFS2	7
#define LISTENER_HANDLE		3u	/* adsp_listener, the older one */
#define LISTENER_INIT2		3
#define LISTENER_NEXT2		4
#define LISTENER_GET_IN_BUFS2	5
#define CURRENT_PROCESS_HANDLE	4u	/* adsp_current_process1 */
#define CURRENT_PROCESS_EXIT	2

/* Bounds on what a DSP may make the host hold. */
#define LISTENER_BUFS_MAX	(64u << 20)	/* one request's inputs, one reply's outputs */
#define LISTENER_BUFS_START	(64u << 10)	/* the request buffer next2 starts with */
#define LISTENER_MODULES_MAX	32		/* open reverse handles */
#define APPS_STD_FILES_MAX	64		/* open files (fopen and fopen_with_env_fd) */
#define APPS_STD_DIRS_MAX	16		/* open directories */
#define APPS_MEM_MAPS_MAX	256		/* heap mappings */
#define APPS_MEM_TOTAL_MAX	(512ull << 20)	/* bytes of them */
#define APPS_STD_FD_FILE_MAX	(64u << 20)	/* a file fopen_with_env_fd reads */

/* The file the library's own log lines name. */
#define LISTENER_LOG_FILE	"libfastrpc"

/* One buffer argument of a reverse call: inputs point into the request, outputs into the reply. */
struct rpc_arg {
	void *ptr;
	uint32_t len;
};

/* A decoded reverse call. */
struct rpc_call {
	uint32_t handle;
	uint32_t sc;
	unsigned int n_in, n_out;
	struct rpc_arg in[FASTRPC_MAX_BUFFERS];
	struct rpc_arg out[FASTRPC_MAX_BUFFERS];
};

enum rpc_module { MOD_NONE, MOD_APPS_STD, MOD_APPS_MEM, MOD_ADSPMSGD };

struct apps_std_file {
	FILE *f;			/* an fopen()ed file, or NULL */
	struct fastrpc_buffer *buf;	/* fopen_with_env_fd's copy, mapped at dsp_addr */
	uint64_t dsp_addr;
	int32_t fd;			/* what the DSP knows that copy by */
};

struct apps_mem_map {
	struct fastrpc_buffer *buf;
	uint64_t vadsp;
	uint64_t len;
};

struct fastrpc_listener {
	struct fastrpc_session *s;
	pthread_t thread;
	bool started;		/* the thread was created */
	int done;		/* the thread has ended (atomic) */
	uint32_t lhandle;	/* LISTENER1_HANDLE, or LISTENER_HANDLE after the fallback */
	/* The device's settings, copied when the listener starts. */
	uint32_t flags;
	char *search_path;
	fastrpc_log_fn log_fn;
	void *log_data;
	char domain[FASTRPC_DOMAIN_NAME_SIZE];
	/* The module table: reverse handle h (1..) is modules[h - 1]. */
	enum rpc_module modules[LISTENER_MODULES_MAX];
	struct apps_std_file files[APPS_STD_FILES_MAX];
	DIR *dirs[APPS_STD_DIRS_MAX];
	struct apps_mem_map maps[APPS_MEM_MAPS_MAX];
	uint64_t mem_total;
	int32_t next_fd;	/* accel: the numbers fopen_with_env_fd hands out */
	/* The loop's buffers: the request next2 fills, the reply to the previous call. */
	unsigned char *req;
	size_t req_cap;
	unsigned char *reply;
	size_t reply_len;
};

/* ---- listener.c ---- */
/*
 * How long the end of a listener waits, after exit, for the DSP to end
 * its next2 before releasing an accel session under it (the tests shorten it).
 */
extern unsigned int listener_exit_wait_ms;
/* A listener of @s with the device's settings, no thread.  Return: 0 or -ENOMEM. */
int listener_new(struct fastrpc_session *s, struct fastrpc_listener **lp);
/* Close and free everything the servers hold, then @l itself. */
void listener_free(struct fastrpc_listener *l);
/*
 * Serve one reverse call: @req/@req_len are next2's flat-encoded inputs.
 * On success (0) the reply is in l->reply/l->reply_len; otherwise the AEE
 * code to answer with, and no reply.
 */
int listener_dispatch(struct fastrpc_listener *l, uint32_t handle, uint32_t sc,
		      const void *req, size_t req_len);
/* Hand a line to the program's log callback (dropped when there is none). */
void listener_log(struct fastrpc_listener *l, enum fastrpc_log_level level,
		  const char *file, unsigned int line, unsigned int thread_id,
		  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* ---- flat.c ---- */
static inline uint32_t rd32(const void *p)
{
	const unsigned char *b = p;

	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t rd64(const void *p)
{
	return rd32(p) | (uint64_t)rd32((const unsigned char *)p + 4) << 32;
}

static inline void wr32(void *p, uint32_t v)
{
	unsigned char *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}

static inline void wr64(void *p, uint64_t v)
{
	wr32(p, (uint32_t)v);
	wr32((unsigned char *)p + 4, (uint32_t)(v >> 32));
}

/*
 * Decode @len bytes of next2's inputs for @sc into @call (its inputs point
 * into @buf).  Return: 0, or AEE_EBADPARM when a length runs past the
 * buffer or @sc has handles.
 */
int flat_decode(uint32_t sc, const void *buf, size_t len, struct rpc_call *call);
/*
 * Lay out the reply for @call's output lengths: *@reply (calloc'ed, the
 * caller frees it) gets each output's length and room, and call->out[i].ptr
 * points at that room.  Return: 0, or AEE_ENOMEMORY (beyond
 * LISTENER_BUFS_MAX, or no memory).
 */
int flat_reply(struct rpc_call *call, unsigned char **reply, size_t *reply_len);

/* ---- the servers: each returns 0 or an AEE code ---- */
int rctl_invoke(struct fastrpc_listener *l, struct rpc_call *call);
int apps_std_invoke(struct fastrpc_listener *l, struct rpc_call *call);
void apps_std_release(struct fastrpc_listener *l);
int apps_mem_invoke(struct fastrpc_listener *l, struct rpc_call *call);
void apps_mem_release(struct fastrpc_listener *l);
int dsplog_invoke(struct fastrpc_listener *l, struct rpc_call *call);

/*
 * A string argument of the qaic layout: @len bytes (with the NUL) that
 * must fit in @arg and end in a NUL at len - 1.  Return: the string or NULL.
 */
const char *rpc_string(const struct rpc_arg *arg, uint32_t len);

/* ---- searchpath.c ---- */
/* The search path in force for @dev, malloc'ed.  Return: it or NULL. */
char *search_path_of(struct fastrpc_device *dev);
/*
 * Resolve a name the DSP asked for: in the search path (each entry D as
 * D/<domain>/name, then D/name), or an absolute name inside it.  @write:
 * the open may write or create.  @dir: the name must be a directory.
 * Refusals are logged.  Return: 0 with *@path malloc'ed; AEE_ENOTALLOWED
 * (refused), AEE_ENOSUCHFILE (nowhere), AEE_ENOMEMORY.
 */
int search_resolve(struct fastrpc_listener *l, const char *what, const char *name,
		   bool write, bool dir, char **path);

#endif /* LIBFASTRPC_LISTENER_H */
