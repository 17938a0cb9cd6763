/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: sessions, one process on the DSP each.
 */
#ifndef __FASTRPC_SESSION_H__
#define __FASTRPC_SESSION_H__

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct drm_device;
struct drm_file;
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
 * @lock: guards @state, @cb, @slot and the init memory; held while a call
 *	is sent so that no call follows the release on the channel
 * @state: see enum fastrpc_session_state
 * @node: in the domain's sessions while it holds a slot
 * @client_id: the id the DSP knows the process by
 * @keep_id: the DSP may still know a process by @client_id: never reuse it
 * @orphan: its release was not confirmed: the domain holds a reference and
 *	keeps its slot, memory and calls in flight until it goes away
 * @pd: FASTRPC_PD_*
 * @cb: context bank of the session's slot, NULL once freed
 * @slot: the slot in @cb
 * @init_virt: init memory handed to the DSP process at creation
 * @init_dma: its DMA address
 * @init_size: its size
 */
struct fastrpc_session {
	struct kref ref;
	struct fastrpc_domain *domain;
	struct mutex lock;	/* state, bank, init memory; held to send */
	enum fastrpc_session_state state;
	struct list_head node;
	int client_id;
	bool keep_id;
	bool orphan;
	u32 pd;
	struct fastrpc_cb *cb;
	unsigned int slot;
	void *init_virt;
	dma_addr_t init_dma;
	size_t init_size;
};

/**
 * struct fastrpc_user_pd - what a user PD is created from
 * @attrs: DRM_FASTRPC_PD_ATTR_*
 * @shell: user address of the shell ELF
 * @shell_size: its size, at most FASTRPC_MAX_SHELL_SIZE
 * @siglen: length of the signature at its end
 * @name: process name, NUL terminated
 */
struct fastrpc_user_pd {
	u32 attrs;
	u64 shell;
	u32 shell_size;
	u32 siglen;
	const char *name;
};

struct fastrpc_session *fastrpc_session_create(struct fastrpc_domain *domain,
					       const struct fastrpc_user_pd *pd);
void fastrpc_session_release(struct fastrpc_session *session);
void fastrpc_session_put(struct fastrpc_session *session);
int fastrpc_session_check(struct fastrpc_session *session, bool kernel);
void fastrpc_sessions_kill(struct fastrpc_domain *domain);

static inline void fastrpc_session_get(struct fastrpc_session *session)
{
	kref_get(&session->ref);
}

int fastrpc_session_create_ioctl(struct drm_device *dev, void *data,
				 struct drm_file *file);
int fastrpc_session_release_ioctl(struct drm_device *dev, void *data,
				  struct drm_file *file);

#endif /* __FASTRPC_SESSION_H__ */
