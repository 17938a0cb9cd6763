/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: sessions, one process on the DSP each.
 */
#ifndef __FASTRPC_SESSION_H__
#define __FASTRPC_SESSION_H__

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include <drm/drm_file.h>

#include "fastrpc_dma.h"

struct dma_buf;
struct drm_device;
struct drm_file;
struct drm_printer;
struct fastrpc_call;
struct fastrpc_cb;
struct fastrpc_domain;

/* PD types, as the low bits of msg.ctx carry them. */
#define FASTRPC_PD_ROOT		0
#define FASTRPC_PD_USER		1
#define FASTRPC_PD_SENSORS	2

/**
 * enum fastrpc_session_state - where a session is in its life
 * @FASTRPC_SESSION_NEW: being created, the DSP has not answered yet
 * @FASTRPC_SESSION_ACTIVE: usable
 * @FASTRPC_SESSION_RELEASED: its owner ended it
 * @FASTRPC_SESSION_DEAD: the domain went away under it
 */
enum fastrpc_session_state {
	FASTRPC_SESSION_NEW,
	FASTRPC_SESSION_ACTIVE,
	FASTRPC_SESSION_RELEASED,
	FASTRPC_SESSION_DEAD,
};

/**
 * struct fastrpc_session - one process on the DSP
 * @ref: held by its owner (an open file) and by each of its calls
 * @domain: the domain, referenced
 * @send_sem: read-held while a call is sent, write-held (outside @lock)
 *	to end the session (@state to RELEASED or DEAD, @cb to NULL), so
 *	that no call of its owner follows the release on the channel, and a
 *	send blocked on the transport holds up nothing else
 * @lock: guards @state, @cb, @slot and the init memory
 * @state: see enum fastrpc_session_state
 * @node: in the domain's sessions while it holds a slot
 * @client_id: the id the DSP knows the process by
 * @keep_id: the DSP may still know a process by @client_id: never reuse it
 * @orphan: its release was not confirmed: the domain holds a reference and
 *	keeps its slot, memory and calls in flight until it goes away
 * @type: DRM_FASTRPC_SESSION_*
 * @pd: FASTRPC_PD_*
 * @cb: context bank of the session's slot, NULL once freed
 * @slot: the slot in @cb
 * @init_virt: a user PD's init memory, handed to it at creation
 * @init_dma: its DMA address
 * @init_size: its size
 * @calls: calls of the owner in flight (fastrpc_invoke.c)
 * @map_lock: guards the fields below (fastrpc_map.c)
 * @maps_closed: the session ended; it holds nothing more
 * @handles: buffers the DSP holds as handles, by id
 * @next_handle: cursor of the handle id allocation
 * @nhandles: entries in @handles
 * @maps: DSP mappings (struct fastrpc_map)
 * @nmaps: entries in @maps
 * @nbusy: entries of @maps a MAP or UNMAP is working on
 * @map_wq: fastrpc_maps_close() waits here for @nbusy to drop to 0
 * @next_map_fd: the last id given to a mem map
 * @bufmaps: buffers of call arguments kept mapped on @cb (fastrpc_dma.c)
 */
struct fastrpc_session {
	struct kref ref;
	struct fastrpc_domain *domain;
	struct rw_semaphore send_sem;
	struct mutex lock;	/* state, bank, init memory */
	enum fastrpc_session_state state;
	struct list_head node;
	int client_id;
	bool keep_id;
	bool orphan;
	u32 type;
	u32 pd;
	struct fastrpc_cb *cb;
	unsigned int slot;
	void *init_virt;
	dma_addr_t init_dma;
	size_t init_size;
	atomic_t calls;

	struct mutex map_lock;	/* handles, maps */
	bool maps_closed;
	struct xarray handles;
	u32 next_handle;
	unsigned int nhandles;
	struct list_head maps;
	unsigned int nmaps;
	unsigned int nbusy;
	wait_queue_head_t map_wq;
	u32 next_map_fd;

	struct fastrpc_bufmaps bufmaps;
};

/**
 * struct fastrpc_file - what one open file of either door holds
 * @domain: the domain the file was opened on
 * @lock: guards @session and @creating
 * @session: the file's session, NULL if none
 * @creating: a session is being started
 */
struct fastrpc_file {
	struct fastrpc_domain *domain;
	struct mutex lock;	/* session, creating */
	struct fastrpc_session *session;
	bool creating;
};

static inline struct fastrpc_file *to_fastrpc_file(struct drm_file *file)
{
	return file->driver_priv;
}

/* Largest heap lent to a static PD. */
#define FASTRPC_MAX_STATIC_HEAP	SZ_64M

/**
 * struct fastrpc_pd_spec - what a session is started from
 * @type: DRM_FASTRPC_SESSION_*
 * @attrs: DRM_FASTRPC_PD_ATTR_* (user PD)
 * @shell: user address of the shell ELF (user PD)
 * @shell_size: its size, at most FASTRPC_MAX_SHELL_SIZE (user PD)
 * @siglen: length of the signature at its end (user PD)
 * @heap_size: bytes of heap the PD asks for, page aligned once checked
 *	(static PD);
 *	used if the domain has no heap yet and no memory-region
 * @name: NUL terminated: the process name (user PD), the PD's (static PD)
 * @shell_buf: if not NULL, the shell is the start of this dma-buf, passed
 *	by its pages instead of copied from @shell (user PD)
 */
struct fastrpc_pd_spec {
	u32 type;
	u32 attrs;
	u64 shell;
	u64 shell_size;
	u32 siglen;
	u64 heap_size;
	const char *name;
	struct dma_buf *shell_buf;
};

struct fastrpc_session *fastrpc_session_create(struct fastrpc_domain *domain,
					       const struct fastrpc_pd_spec *spec,
					       s32 *dsp_retval);
int fastrpc_domain_call(struct fastrpc_domain *domain,
			struct fastrpc_call *call);
bool fastrpc_may_attach(void);
bool fastrpc_session_trusted_only(const struct fastrpc_domain *domain,
				  u32 attrs);
void fastrpc_session_release(struct fastrpc_session *session);
void fastrpc_session_put(struct fastrpc_session *session);
int fastrpc_session_check(struct fastrpc_session *session, bool kernel);
void fastrpc_sessions_kill(struct fastrpc_domain *domain);
const char *fastrpc_session_type_name(u32 type);

static inline void fastrpc_session_get(struct fastrpc_session *session)
{
	kref_get(&session->ref);
}

/* What starting a PD takes besides a well-formed spec. */
#define FASTRPC_PD_NEEDS_PRIVILEGE	BIT(0)	/* it serves the whole system */
#define FASTRPC_PD_NEEDS_TRUST		BIT(1)	/* signed code, secure domain */

int fastrpc_pd_spec_check(const struct fastrpc_domain *domain,
			  struct fastrpc_pd_spec *spec);

struct fastrpc_session *fastrpc_file_session_get(struct fastrpc_file *fpriv);
int fastrpc_file_session_start(struct fastrpc_file *fpriv,
			       const struct fastrpc_pd_spec *spec,
			       u32 *client_id, s32 *dsp_retval);
void fastrpc_file_init(struct fastrpc_file *fpriv, struct fastrpc_domain *domain);
void fastrpc_file_fini(struct fastrpc_file *fpriv);
void fastrpc_file_show(struct drm_printer *p, struct fastrpc_file *fpriv);

#endif /* __FASTRPC_SESSION_H__ */
