/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: the domain (one DSP) and the per-file state of the
 * accel door.
 */
#ifndef __FASTRPC_DRV_H__
#define __FASTRPC_DRV_H__

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include <linux/firmware/qcom/qcom_scm.h>

#include <drm/drm_device.h>
#include <drm/drm_file.h>

#include "fastrpc_heap.h"

struct rpmsg_device;
struct fastrpc_legacy_node;
struct fastrpc_session;

/*
 * Sessions of a domain, over all its context banks (upstream has 14): also
 * bounds the driver's own calls in flight, which have ids kept for them.
 */
#define FASTRPC_MAX_SESSIONS	16

/* Largest shell ELF a user PD may be created from. */
#define FASTRPC_MAX_SHELL_SIZE	SZ_2M

/* Entries of the DSP's capability table (the utilities handle's answer). */
#define FASTRPC_DSP_CAPS	256

/* VMs a domain's memory may be assigned to (qcom,vmids). */
#define FASTRPC_MAX_VMIDS	16

/**
 * struct fastrpc_domain - one DSP speaking FastRPC
 * @drm: the accel device; its reference count is the domain's
 * @rpdev: the RPMsg channel to the DSP; valid until remove
 * @id: DRM_FASTRPC_DOMAIN_*
 * @name: "cdsp", ...
 * @secure: the DT node lacks qcom,non-secure-domain
 * @vmperms: the VMs of qcom,vmids, each given read-write-execute access
 * @vmcount: entries in @vmperms; 0 when memory stays with Linux
 * @lock: guards @cbs, their session slots and @sessions
 * @cbs: context banks (struct fastrpc_cb)
 * @sessions: sessions holding a slot (struct fastrpc_session)
 * @client_ida: client ids of the sessions, never 0
 * @ctxs: every live call (struct fastrpc_context) by context id; its lock
 *	(irq safe) also guards each context's state
 * @next_ctx: cursor of the cyclic context id allocation
 * @ctx_seq: sequence number of the last call, carried in msg.ctx
 * @nr_banked: calls with memory mapped on a bank, waited for when the
 *	domain goes away
 * @call_share: calls one session may have in flight (fastrpc_call_share()
 *	of the slots the banks offer), set when the domain registers
 * @legacy: the legacy nodes registered, /dev/fastrpc-<name>[-secure]
 * @nlegacy: entries of @legacy
 * @dsp_caps: the DSP's capability table, once it answered; under @lock
 * @caps_state: enum fastrpc_caps_state of @dsp_caps; under @lock
 * @caps_wq: askers wait here while another asks the DSP
 * @heap: what the domain lends its static PDs (fastrpc_heap.c)
 */
struct fastrpc_domain {
	struct drm_device drm;
	struct rpmsg_device *rpdev;
	u32 id;
	const char *name;
	bool secure;
	struct qcom_scm_vmperm vmperms[FASTRPC_MAX_VMIDS];
	u32 vmcount;

	struct mutex lock;	/* cbs, slots, sessions */
	struct list_head cbs;
	struct list_head sessions;
	struct ida client_ida;

	struct xarray ctxs;
	u32 next_ctx;
	atomic_t ctx_seq;
	atomic_t nr_banked;
	u32 call_share;

	struct fastrpc_legacy_node *legacy;
	unsigned int nlegacy;
	u32 dsp_caps[FASTRPC_DSP_CAPS];
	int caps_state;
	wait_queue_head_t caps_wq;
	struct fastrpc_heap heap;
};

static inline struct fastrpc_domain *to_fastrpc_domain(struct drm_device *drm)
{
	return container_of(drm, struct fastrpc_domain, drm);
}

struct fastrpc_domain *fastrpc_domain_alloc(struct device *parent, u32 id,
					    const char *name, bool secure);
int fastrpc_domain_register(struct fastrpc_domain *domain);
void fastrpc_domain_remove(struct fastrpc_domain *domain);

#endif /* __FASTRPC_DRV_H__ */
