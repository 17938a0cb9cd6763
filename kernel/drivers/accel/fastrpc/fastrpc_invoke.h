/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: calls into a DSP process.
 */
#ifndef __FASTRPC_INVOKE_H__
#define __FASTRPC_INVOKE_H__

#include <linux/errno.h>
#include <linux/sizes.h>
#include <linux/types.h>

struct dma_buf;
struct drm_gem_object;
struct fastrpc_domain;
struct fastrpc_session;
struct seq_file;

/* Static handles of the protocol, reserved to the driver. */
#define FASTRPC_INIT_HANDLE		1
#define FASTRPC_UTILITIES_HANDLE	2

/* Methods of FASTRPC_INIT_HANDLE. */
#define FASTRPC_INIT_ATTACH		0
#define FASTRPC_INIT_RELEASE		1
#define FASTRPC_INIT_MMAP		4
#define FASTRPC_INIT_MUNMAP		5
#define FASTRPC_INIT_CREATE		6
#define FASTRPC_INIT_CREATE_ATTR	7
#define FASTRPC_INIT_CREATE_STATIC	8
#define FASTRPC_INIT_MEM_MAP		10
#define FASTRPC_INIT_MEM_UNMAP		11

/* Every argument the scalars can count: 255 + 255 buffers, 15 + 15 handles. */
#define FASTRPC_MAX_ARGS		540
#define FASTRPC_MAX_HANDLES		30

/* Bound on one call's payload (metadata and copied buffers). */
#define FASTRPC_MAX_PAYLOAD		SZ_64M

/**
 * struct fastrpc_phy_page - a DSP-visible memory range, as the DSP reads it
 * @addr: DMA address, stream id in bits 32 and up
 * @size: bytes, whole pages
 */
struct fastrpc_phy_page {
	u64 addr;
	u64 size;
};

/*
 * Most calls one session may have in flight (its share of the domain's ids
 * may be less: fastrpc_call_share()), and DSP mappings it may hold.
 */
#define FASTRPC_SESSION_MAX_CALLS	128
#define FASTRPC_SESSION_MAX_MAPS	256

/**
 * struct fastrpc_arg - one argument of a call
 * @ptr: user address, or kernel address when @kernel; the offset into
 *	@dmabuf when that is set
 * @size: bytes, 0 for an empty buffer
 * @kernel: @ptr is a kernel address
 * @dmabuf: the argument travels by the pages of this buffer (zero copy);
 *	the caller keeps its reference for the duration of fastrpc_call().
 *	Required for handle arguments.
 * @home: where the session's bank may keep @dmabuf mapped after the call,
 *	if another driver exported it (see fastrpc_bufmap_get()); held by
 *	the caller like @dmabuf.  NULL: mapped for the call only.
 * @gem: the GEM object that holds @dmabuf and @home, referenced, when a
 *	door's argument names one; its reference stands for @dmabuf's
 *	(fastrpc_file_invoke() drops whichever the argument holds)
 */
struct fastrpc_arg {
	u64 ptr;
	u64 size;
	bool kernel;
	struct dma_buf *dmabuf;
	struct fastrpc_bufmap_home *home;
	struct drm_gem_object *gem;
};

struct fastrpc_file;

/**
 * typedef fastrpc_arg_resolve_t - a door's reading of one argument entry
 * @priv: the door's own, as given to fastrpc_file_invoke()
 * @uarg: the entry, copied in
 * @out: the DSP writes the argument
 * @handle: the argument is a handle the DSP may keep
 * @arg: out, the argument; the references it takes (@dmabuf, @gem) are
 *	dropped by fastrpc_file_invoke(), also on failure
 *
 * Return: 0 or -errno.
 */
typedef int (*fastrpc_arg_resolve_t)(void *priv, const void *uarg, bool out,
				     bool handle, struct fastrpc_arg *arg);

/**
 * enum fastrpc_wait - how a caller waits for the DSP's answer
 * @FASTRPC_WAIT_INTERRUPTIBLE: until answered; a signal ends the wait
 * @FASTRPC_WAIT_KILLABLE: at most the call's timeout; a fatal signal ends it
 * @FASTRPC_WAIT_BOUNDED: at most the call's timeout, signals ignored
 */
enum fastrpc_wait {
	FASTRPC_WAIT_INTERRUPTIBLE,
	FASTRPC_WAIT_KILLABLE,
	FASTRPC_WAIT_BOUNDED,
};

/**
 * struct fastrpc_call - one call to make
 * @handle: remote handle
 * @sc: scalars
 * @pid: msg.pid: the session's client id, or 0 for the kernel's own calls
 * @kernel: a call of the driver's own (create, release): allowed before the
 *	session is active and after its owner released it
 * @args: the in buffers, the out buffers, the in handles and the out
 *	handles, as @sc counts them
 * @wait: how to wait
 * @timeout: jiffies, for the bounded waits
 * @retval: out, the DSP's answer when fastrpc_call() returned 0
 */
struct fastrpc_call {
	u32 handle;
	u32 sc;
	s32 pid;
	bool kernel;
	const struct fastrpc_arg *args;
	enum fastrpc_wait wait;
	unsigned long timeout;
	s32 retval;
};

u32 fastrpc_call_share(u32 slots);
int fastrpc_call(struct fastrpc_session *session, struct fastrpc_call *call);

/*
 * fastrpc_call() ended its wait before the answer (see there): the call is
 * still in flight, and the DSP may yet act on it.
 */
static inline bool fastrpc_call_unanswered(int err)
{
	return err == -EINTR || err == -ETIMEDOUT;
}

int fastrpc_init_call(struct fastrpc_session *session, u32 sc,
		      const struct fastrpc_arg *args, bool kernel,
		      unsigned long timeout, s32 *retval);
void fastrpc_context_answer(struct fastrpc_domain *domain, u64 ctx,
			    s32 retval);
void fastrpc_contexts_fail(struct fastrpc_domain *domain,
			   struct fastrpc_session *session);
void fastrpc_contexts_wait(struct fastrpc_domain *domain);
void fastrpc_contexts_show(struct fastrpc_domain *domain, struct seq_file *m);

int fastrpc_file_invoke(struct fastrpc_file *fpriv, u32 handle, u32 sc,
			u64 uargs, size_t stride, fastrpc_arg_resolve_t resolve,
			void *priv, s32 *retval);
int fastrpc_arg_user(u64 ptr, u64 size, bool out, struct fastrpc_arg *arg);
int fastrpc_arg_dmabuf(struct dma_buf *dmabuf, u64 offset, u64 size,
		       bool handle, struct fastrpc_arg *arg);

int fastrpc_invoke_init(void);
void fastrpc_invoke_exit(void);

#endif /* __FASTRPC_INVOKE_H__ */
