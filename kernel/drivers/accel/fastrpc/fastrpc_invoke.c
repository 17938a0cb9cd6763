// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: calls into a DSP process.
 *
 * A call is a context.  Its arguments travel in one payload buffer,
 * mapped on the session's context bank: metadata describing every
 * argument, then a copy of every buffer, each copy 128-byte aligned and
 * user buffers that overlap sharing one copy.  The DSP's answer finds the
 * context again by msg.ctx: its id and the PD bits, and, when the DSP
 * echoes it, a sequence number that tells a late duplicate answer from the
 * answer to a newer call that took the same id.  Arguments backed by a
 * dma-buf travel by their pages instead (zero copy), mapped on the
 * session's context bank.  Handle arguments too, but the session keeps
 * those mapped until the DSP lets go of them through the fd list of an
 * answer (fastrpc_map.c).
 *
 * Lifetime.  Every live context is in the domain's table from allocation
 * to free, so that remove can fail all of them.  What a context holds on
 * the bank (the payload's mapping, its buffers') goes as soon as the
 * flight has ended, and remove waits for that only: the caller's memory
 * is read before a context reaches the bank and written after it left, so
 * however that memory faults, a removal completes.  A context
 * holds a reference for its waiter and, while in flight, one for the DSP.
 * The waiter may leave early (a signal, a timeout), but the DSP may still
 * write into the payload: the flight, and so the payload, ends only when
 * the DSP answers, when the session's release has been answered (its
 * process is gone), or when the domain goes away.  Whichever comes first
 * moves the context out of FASTRPC_CTX_INFLIGHT under the table's lock and
 * drops the DSP's reference; the others find it ended and leave it alone.
 */

#include <linux/bitfield.h>
#include <linux/completion.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/overflow.h>
#include <linux/pagemap.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/uaccess.h>
#include <linux/wait_bit.h>
#include <linux/workqueue.h>

#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/fastrpc_accel.h>

#include "fastrpc_cb.h"
#include "fastrpc_dma.h"
#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_map.h"
#include "fastrpc_rpmsg.h"
#include "fastrpc_session.h"

#define FASTRPC_ALIGN		128
#define FASTRPC_FDLIST		16
#define FASTRPC_CRCLIST		64
/*
 * msg.ctx: PD type and context id, the bits the misc driver relies on and
 * every DSP echoes; above them a sequence number a DSP may echo too.
 */
#define FASTRPC_CTX_PD		GENMASK_ULL(3, 0)
#define FASTRPC_CTX_ID		GENMASK_ULL(11, 4)
#define FASTRPC_CTX_SEQ		GENMASK_ULL(43, 12)
#define FASTRPC_CTX_CALL	(FASTRPC_CTX_ID | FASTRPC_CTX_PD)
#define FASTRPC_CTX_MAX		255
/*
 * Ids only the driver's own calls may take: a session has at most two in
 * flight (a create that timed out, then its release), and the domain one
 * capability query (they are serialized), so a release is never starved
 * of an id: each session's is as good as reserved when it is created.
 */
#define FASTRPC_CTX_USER_MAX	(FASTRPC_CTX_MAX - 2 * FASTRPC_MAX_SESSIONS - 1)

/* Payload metadata, one entry per argument in each array. */
struct fastrpc_remote_buf {
	u64 pv;
	u64 len;
};

/* A handle's entry in the same array. */
struct fastrpc_remote_handle {
	s32 fd;
	u32 offset;
	u32 len;
	u32 pad;
};

struct fastrpc_invoke_buf {
	u32 num;
	u32 pgidx;
};

static_assert(sizeof(struct fastrpc_remote_handle) ==
	      sizeof(struct fastrpc_remote_buf));

enum fastrpc_ctx_state {
	FASTRPC_CTX_BUILDING,
	FASTRPC_CTX_INFLIGHT,
	FASTRPC_CTX_ANSWERED,
	FASTRPC_CTX_FAILED,
};

/**
 * struct fastrpc_context - one call
 * @ref: the waiter's reference, and the DSP's while in flight
 * @session: the session called into, referenced
 * @id: context id, the key in the domain's table
 * @msg_ctx: msg.ctx of the call, which the answer must carry
 * @kernel: a call of the driver's own, not counted against the session
 * @sent: the message went to the DSP
 * @state: enum fastrpc_ctx_state, under the table's lock
 * @retval: the DSP's answer, once FASTRPC_CTX_ANSWERED
 * @err: why it ended, once FASTRPC_CTX_FAILED
 * @done: completed when the flight ends
 * @fail_node: on a local list while its flight is being ended
 * @free_work: frees the context when its last reference went in the
 *	receive path, which may be atomic
 * @payload: the payload, charged to the caller's budget for user calls
 * @banked: @payload and @bufs are mapped on the session's bank, and
 *	counted in the domain's nr_banked
 * @nscalars: arguments of the call
 * @bufs: mappings of the buffer arguments backed by a dma-buf, one slot
 *	per buffer argument; held while @banked
 * @handles: ids of the handle arguments in the session's table
 * @nhandles: how many
 */
struct fastrpc_context {
	struct kref ref;
	struct fastrpc_session *session;
	u32 id;
	u64 msg_ctx;
	bool kernel;
	bool sent;
	enum fastrpc_ctx_state state;
	s32 retval;
	int err;
	struct completion done;
	struct list_head fail_node;
	struct work_struct free_work;
	struct fastrpc_payload payload;
	bool banked;
	unsigned int nscalars;
	struct fastrpc_bufmap **bufs;
	u32 handles[FASTRPC_MAX_HANDLES];
	unsigned int nhandles;
};

/* For a buffer's place among the others when looking for overlaps. */
struct fastrpc_span {
	u64 start;
	u64 end;
	unsigned int idx;
	bool kernel;
};

static struct workqueue_struct *fastrpc_wq;

static size_t fastrpc_fdlist_offset(unsigned int nscalars)
{
	return nscalars * (sizeof(struct fastrpc_remote_buf) +
			   sizeof(struct fastrpc_invoke_buf) +
			   sizeof(struct fastrpc_phy_page));
}

/*
 * The DSP lets go of handles by listing their ids in the fd list of an
 * answer.  The list is DSP-writable: read each entry once.
 */
static void fastrpc_context_release_handles(struct fastrpc_context *ctx)
{
	const u64 *fdlist = ctx->payload.virt +
			    fastrpc_fdlist_offset(ctx->nscalars);
	u32 ids[FASTRPC_FDLIST];
	unsigned int i, n = 0;
	u64 fd;

	for (i = 0; i < FASTRPC_FDLIST; i++) {
		fd = READ_ONCE(fdlist[i]);
		if (!fd)
			break;
		if (fd <= U32_MAX)
			ids[n++] = fd;
	}
	if (n)
		fastrpc_handles_release(ctx->session, ids, n);
}

/*
 * The flight has ended, or never began: take everything off the bank.
 * Called by the waiter or at the free, whichever comes first; never both
 * at once (the waiter holds a reference).
 */
static void fastrpc_context_unbank(struct fastrpc_context *ctx)
{
	struct fastrpc_domain *domain = ctx->session->domain;
	unsigned int i;

	if (!ctx->banked)
		return;

	for (i = 0; i < ctx->nscalars; i++) {
		if (ctx->bufs[i])
			fastrpc_bufmap_put(ctx->bufs[i]);
		ctx->bufs[i] = NULL;
	}
	fastrpc_payload_unmap(&ctx->payload);
	ctx->banked = false;

	if (atomic_dec_and_test(&domain->nr_banked))
		wake_up_var(&domain->nr_banked);
}

static void fastrpc_context_free(struct fastrpc_context *ctx)
{
	struct fastrpc_session *session = ctx->session;
	struct fastrpc_domain *domain = session->domain;

	fastrpc_context_unbank(ctx);
	xa_erase_irq(&domain->ctxs, ctx->id);
	if (ctx->payload.buf) {
		if (ctx->state == FASTRPC_CTX_ANSWERED)
			fastrpc_context_release_handles(ctx);
		fastrpc_payload_free(&ctx->payload);
	}
	/* Handles the DSP never heard of. */
	if (!ctx->sent && ctx->nhandles)
		fastrpc_handles_release(session, ctx->handles, ctx->nhandles);
	kfree(ctx->bufs);
	if (!ctx->kernel)
		atomic_dec(&session->calls);
	kfree(ctx);

	fastrpc_session_put(session);
}

static void fastrpc_context_release(struct kref *ref)
{
	fastrpc_context_free(container_of(ref, struct fastrpc_context, ref));
}

static void fastrpc_context_free_work(struct work_struct *work)
{
	fastrpc_context_free(container_of(work, struct fastrpc_context,
					  free_work));
}

/* Unmapping may sleep: the receive path defers the free. */
static void fastrpc_context_release_async(struct kref *ref)
{
	struct fastrpc_context *ctx =
		container_of(ref, struct fastrpc_context, ref);

	queue_work(fastrpc_wq, &ctx->free_work);
}

static void fastrpc_context_put(struct fastrpc_context *ctx)
{
	kref_put(&ctx->ref, fastrpc_context_release);
}

static struct fastrpc_context *fastrpc_context_new(struct fastrpc_session *session,
						   const struct fastrpc_call *call)
{
	unsigned int nscalars = DRM_FASTRPC_SCALARS_NARGS(call->sc);
	struct fastrpc_domain *domain = session->domain;
	struct fastrpc_context *ctx;
	int err;

	/*
	 * Interrupted calls count until answered: a bound on pinned memory,
	 * and a session's fair share of the ids, so none starves another.
	 */
	if (!call->kernel &&
	    atomic_inc_return(&session->calls) > domain->call_share) {
		atomic_dec(&session->calls);
		return ERR_PTR(-EBUSY);
	}

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		goto err_uncount;

	kref_init(&ctx->ref);
	init_completion(&ctx->done);
	INIT_WORK(&ctx->free_work, fastrpc_context_free_work);
	ctx->state = FASTRPC_CTX_BUILDING;
	ctx->session = session;
	ctx->kernel = call->kernel;
	ctx->nscalars = nscalars;

	if (nscalars) {
		ctx->bufs = kcalloc(nscalars, sizeof(*ctx->bufs), GFP_KERNEL);
		if (!ctx->bufs)
			goto err_free;
	}

	/* -EBUSY when every id is taken by a live call. */
	err = xa_alloc_cyclic_irq(&domain->ctxs, &ctx->id, ctx,
				  XA_LIMIT(1, call->kernel ? FASTRPC_CTX_MAX :
							     FASTRPC_CTX_USER_MAX),
				  &domain->next_ctx, GFP_KERNEL);
	if (err < 0) {
		kfree(ctx->bufs);
		kfree(ctx);
		if (!call->kernel)
			atomic_dec(&session->calls);
		return ERR_PTR(err);
	}

	ctx->msg_ctx = FIELD_PREP(FASTRPC_CTX_SEQ,
				  (u32)atomic_inc_return(&domain->ctx_seq)) |
		       FIELD_PREP(FASTRPC_CTX_ID, ctx->id) |
		       FIELD_PREP(FASTRPC_CTX_PD, session->pd);

	fastrpc_session_get(session);

	return ctx;

err_free:
	kfree(ctx);
err_uncount:
	if (!call->kernel)
		atomic_dec(&session->calls);
	return ERR_PTR(-ENOMEM);
}

static int fastrpc_span_cmp(const void *a, const void *b)
{
	const struct fastrpc_span *x = a, *y = b;

	/* Kernel and user addresses never share a copy. */
	if (x->kernel != y->kernel)
		return x->kernel ? 1 : -1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	/* Of two buffers starting together, the longer comes first. */
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return 0;
}

static size_t fastrpc_meta_size(unsigned int nscalars)
{
	return fastrpc_fdlist_offset(nscalars) +
	       FASTRPC_FDLIST * sizeof(u64) + FASTRPC_CRCLIST * sizeof(u32);
}

/*
 * Place every buffer's copy in the payload: off[i] is where buffer i's
 * first byte goes.  A buffer starting inside the copy before it (the spans
 * sorted by address) shares that copy and extends it if it ends later.
 */
static int fastrpc_layout(const struct fastrpc_arg *args, unsigned int nbufs,
			  unsigned int nscalars, u64 *off, u64 *size)
{
	u64 pos, start = 0, end = 0, base = 0;
	struct fastrpc_span *spans;
	bool kernel = false, have = false;
	unsigned int i;
	int err = 0;

	pos = ALIGN(fastrpc_meta_size(nscalars), FASTRPC_ALIGN);

	spans = kcalloc(nbufs, sizeof(*spans), GFP_KERNEL);
	if (!spans)
		return -ENOMEM;

	for (i = 0; i < nbufs; i++) {
		spans[i].idx = i;
		/* Passed by its pages: an empty span, no copy. */
		if (args[i].dmabuf)
			continue;
		spans[i].start = args[i].ptr;
		if (check_add_overflow(args[i].ptr, args[i].size,
				       &spans[i].end)) {
			err = -EFAULT;
			goto out_free;
		}
		spans[i].kernel = args[i].kernel;
	}
	sort(spans, nbufs, sizeof(*spans), fastrpc_span_cmp, NULL);

	for (i = 0; i < nbufs; i++) {
		const struct fastrpc_span *s = &spans[i];

		if (s->start == s->end) {
			off[s->idx] = 0;
			continue;
		}

		if (have && s->kernel == kernel && s->start < end) {
			off[s->idx] = base + (s->start - start);
			end = max(end, s->end);
		} else {
			base = ALIGN(pos, FASTRPC_ALIGN);
			start = s->start;
			end = s->end;
			kernel = s->kernel;
			have = true;
			off[s->idx] = base;
		}

		if (check_add_overflow(base, end - start, &pos) ||
		    pos > FASTRPC_MAX_PAYLOAD) {
			err = -E2BIG;
			goto out_free;
		}
	}
	*size = pos;

out_free:
	kfree(spans);
	return err;
}

/* A range of a mapped dma-buf, as the DSP is told of it. */
static void fastrpc_phy_range(struct fastrpc_phy_page *page,
			      const struct fastrpc_dma *dma, u64 off, u64 len)
{
	u64 first = ALIGN_DOWN(dma->dsp_addr + off, PAGE_SIZE);

	page->addr = first;
	page->size = PAGE_ALIGN(dma->dsp_addr + off + len) - first;
}

/*
 * A handle argument: the session's mapping of the buffer, by the id the
 * DSP knows it by.  The DSP holds it from the moment it hears of it.
 */
static int fastrpc_payload_handle(struct fastrpc_context *ctx,
				  struct fastrpc_cb *cb,
				  const struct fastrpc_arg *arg,
				  struct fastrpc_remote_handle *rh,
				  struct fastrpc_phy_page *page)
{
	struct fastrpc_dma dma;
	int err;

	err = fastrpc_handle_hold(ctx->session, cb, arg->dmabuf,
				  &ctx->handles[ctx->nhandles], &dma);
	if (err)
		return err;

	rh->fd = ctx->handles[ctx->nhandles++];
	rh->offset = arg->ptr;
	rh->len = arg->size;
	page->addr = dma.dsp_addr;
	page->size = PAGE_ALIGN(dma.size);

	return 0;
}

/*
 * The input copies, before the context reaches the bank: the caller's
 * memory may fault for as long as it likes.
 */
static int fastrpc_payload_copy_in(struct fastrpc_context *ctx,
				   const struct fastrpc_call *call,
				   const u64 *off)
{
	unsigned int nin = DRM_FASTRPC_SCALARS_IN(call->sc);
	unsigned int i;

	for (i = 0; i < nin; i++) {
		const struct fastrpc_arg *arg = &call->args[i];
		void *copy = ctx->payload.virt + off[i];

		if (!arg->size || arg->dmabuf)
			continue;
		if (arg->kernel)
			memcpy(copy, (const void *)(uintptr_t)arg->ptr,
			       arg->size);
		else if (copy_from_user(copy, u64_to_user_ptr(arg->ptr),
					arg->size))
			return -EFAULT;
	}

	return 0;
}

/* The metadata, once the payload is mapped; the payload came zeroed. */
static int fastrpc_payload_fill(struct fastrpc_context *ctx,
				const struct fastrpc_call *call,
				const u64 *off, struct fastrpc_cb *cb)
{
	unsigned int nbufs = DRM_FASTRPC_SCALARS_IN(call->sc) +
			     DRM_FASTRPC_SCALARS_OUT(call->sc);
	unsigned int nscalars = ctx->nscalars;
	struct fastrpc_remote_buf *rpra = ctx->payload.virt;
	struct fastrpc_invoke_buf *list = (void *)(rpra + nscalars);
	struct fastrpc_phy_page *pages = (void *)(list + nscalars);
	unsigned int i;
	int err;

	for (i = 0; i < nscalars; i++) {
		const struct fastrpc_arg *arg = &call->args[i];
		u64 addr;

		list[i].pgidx = i;
		list[i].num = arg->size ? 1 : 0;

		if (i >= nbufs) {
			err = fastrpc_payload_handle(ctx, cb, arg,
						     (void *)&rpra[i],
						     &pages[i]);
			if (err)
				return err;
			continue;
		}

		if (!arg->size)
			continue;
		rpra[i].len = arg->size;

		if (arg->dmabuf) {
			const struct fastrpc_dma *dma;
			struct fastrpc_bufmap *map;

			map = fastrpc_bufmap_get(&ctx->session->bufmaps, cb,
						 arg->dmabuf, arg->home);
			if (IS_ERR(map))
				return PTR_ERR(map);
			ctx->bufs[i] = map;
			dma = fastrpc_bufmap_dma(map);
			/* The DSP reads the offset in the first page from pv. */
			rpra[i].pv = dma->addr + arg->ptr;
			fastrpc_phy_range(&pages[i], dma, arg->ptr, arg->size);
			continue;
		}

		addr = ctx->payload.dma + off[i];
		rpra[i].pv = addr;
		pages[i].addr = ALIGN_DOWN(addr, PAGE_SIZE) + ((u64)cb->sid << 32);
		pages[i].size = PAGE_ALIGN(addr + arg->size) -
				ALIGN_DOWN(addr, PAGE_SIZE);
	}

	return 0;
}

static int fastrpc_payload_copy_out(struct fastrpc_context *ctx,
				    const struct fastrpc_call *call,
				    const u64 *off)
{
	unsigned int nin = DRM_FASTRPC_SCALARS_IN(call->sc);
	unsigned int nbufs = nin + DRM_FASTRPC_SCALARS_OUT(call->sc);
	unsigned int i;

	/*
	 * Off the bank already, so the CPU's caches hold nothing stale; the
	 * DSP's writes must still be read after its answer was.
	 */
	dma_rmb();

	for (i = nin; i < nbufs; i++) {
		const struct fastrpc_arg *arg = &call->args[i];
		const void *copy = ctx->payload.virt + off[i];

		if (!arg->size || arg->dmabuf)
			continue;
		if (arg->kernel)
			memcpy((void *)(uintptr_t)arg->ptr, copy, arg->size);
		else if (copy_to_user(u64_to_user_ptr(arg->ptr), copy,
				      arg->size))
			return -EFAULT;
	}

	return 0;
}

/* Send under the session's send_sem, so that nothing follows its release. */
static int fastrpc_context_send(struct fastrpc_context *ctx,
				const struct fastrpc_call *call, u32 sid)
{
	struct fastrpc_session *session = ctx->session;
	struct fastrpc_domain *domain = session->domain;
	struct fastrpc_msg msg = {
		.pid = call->pid,
		.tid = task_pid_nr(current),
		.ctx = ctx->msg_ctx,
		.handle = call->handle,
		.sc = call->sc,
		.addr = ctx->payload.dma + ((u64)sid << 32),
		.size = PAGE_ALIGN(ctx->payload.size),
	};
	bool unsent = false;
	int err;

	down_read(&session->send_sem);
	err = fastrpc_session_check(session, call->kernel);
	if (!err) {
		xa_lock_irq(&domain->ctxs);
		ctx->state = FASTRPC_CTX_INFLIGHT;
		ctx->sent = true;
		kref_get(&ctx->ref);
		xa_unlock_irq(&domain->ctxs);

		/* The payload must be visible before the DSP hears of it. */
		dma_wmb();
		err = fastrpc_rpmsg_send(domain, &msg);
		if (err) {
			/*
			 * An answer (or the domain's removal) may have ended
			 * the flight already and dropped the DSP's reference:
			 * then the call is over and its waiter finds out.
			 */
			xa_lock_irq(&domain->ctxs);
			if (ctx->state == FASTRPC_CTX_INFLIGHT) {
				ctx->state = FASTRPC_CTX_FAILED;
				ctx->sent = false;
				ctx->err = err;
				unsent = true;
			} else {
				err = 0;
			}
			xa_unlock_irq(&domain->ctxs);
		}
	}
	up_read(&session->send_sem);

	/* Not the last reference: the caller holds the waiter's. */
	if (unsent)
		fastrpc_context_put(ctx);

	return err;
}

/*
 * Map and send, inside drm_dev_enter(): remove unplugs first, so it never
 * sees a context half on the bank, and the bank stays until it is done.
 */
static int fastrpc_context_start(struct fastrpc_context *ctx,
				 const struct fastrpc_call *call,
				 const u64 *off)
{
	struct fastrpc_session *session = ctx->session;
	struct fastrpc_domain *domain = session->domain;
	struct fastrpc_cb *cb;
	int idx, err;

	if (!drm_dev_enter(&domain->drm, &idx))
		return -ENODEV;

	mutex_lock(&session->lock);
	err = fastrpc_session_check(session, call->kernel);
	cb = session->cb;
	mutex_unlock(&session->lock);
	if (err)
		goto out_exit;

	/*
	 * The bank outlives what this context maps on it even if the session
	 * lets its slot go meanwhile: remove waits for nr_banked.
	 */
	err = fastrpc_payload_map(&ctx->payload, cb);
	if (err)
		goto out_exit;
	ctx->banked = true;
	atomic_inc(&domain->nr_banked);

	err = fastrpc_payload_fill(ctx, call, off, cb);
	if (err)
		goto out_exit;
	fastrpc_payload_sync(&ctx->payload);

	err = fastrpc_context_send(ctx, call, cb->sid);

out_exit:
	drm_dev_exit(idx);
	return err;
}

static int fastrpc_context_wait(struct fastrpc_context *ctx,
				const struct fastrpc_call *call)
{
	long left;

	switch (call->wait) {
	case FASTRPC_WAIT_INTERRUPTIBLE:
		/* Not -ERESTARTSYS: a restarted call would run twice. */
		if (wait_for_completion_interruptible(&ctx->done))
			return -EINTR;
		return 0;
	case FASTRPC_WAIT_KILLABLE:
		left = wait_for_completion_killable_timeout(&ctx->done,
							    call->timeout);
		break;
	default:
		left = wait_for_completion_timeout(&ctx->done, call->timeout);
		break;
	}

	if (left < 0)
		return -EINTR;

	return left ? 0 : -ETIMEDOUT;
}

/**
 * fastrpc_call_share() - calls one session may have in flight
 * @slots: session slots of the domain, over all its banks
 *
 * The ids for user calls shared evenly among the slots, so that every
 * session can always have its share in flight whatever the others do; at
 * most FASTRPC_SESSION_MAX_CALLS.
 *
 * Return: the share, at least 1.
 */
u32 fastrpc_call_share(u32 slots)
{
	return clamp_t(u32, FASTRPC_CTX_USER_MAX / max(slots, 1u), 1,
		       FASTRPC_SESSION_MAX_CALLS);
}

/**
 * fastrpc_call() - make one call into a session's DSP process and wait
 * @session: the session
 * @call: what to call, with what; @call->retval gets the answer
 *
 * If the wait ends early (-EINTR, -ETIMEDOUT), the call stays in flight
 * on its own and is freed when its flight ends.
 *
 * Return: 0 when the DSP answered (its result in @call->retval; outputs
 * copied back when that is 0); -EINVAL for a dma-buf the context bank
 * cannot see as one range; -EBUSY past the session's share of calls
 * (fastrpc_call_share()); -ENOSPC when the payload would pass the
 * caller's budget (max_user_bytes); -E2BIG
 * past FASTRPC_MAX_PAYLOAD; -EBUSY when every context id is taken;
 * -ENOENT when the session was released; -ENODEV when the domain is gone;
 * -ECONNRESET when it went away during the call; -EINTR, -ETIMEDOUT,
 * -EFAULT, -ENOMEM, or the transport's error.
 */
int fastrpc_call(struct fastrpc_session *session, struct fastrpc_call *call)
{
	unsigned int nbufs = DRM_FASTRPC_SCALARS_IN(call->sc) +
			     DRM_FASTRPC_SCALARS_OUT(call->sc);
	unsigned int nscalars = DRM_FASTRPC_SCALARS_NARGS(call->sc);
	struct fastrpc_context *ctx;
	u64 *off, size;
	int err;

	off = kcalloc(nscalars, sizeof(*off), GFP_KERNEL);
	if (!off)
		return -ENOMEM;

	err = fastrpc_layout(call->args, nbufs, nscalars, off, &size);
	if (err)
		goto out_free;

	ctx = fastrpc_context_new(session, call);
	if (IS_ERR(ctx)) {
		err = PTR_ERR(ctx);
		goto out_free;
	}

	/*
	 * A user's payload pins memory until the DSP answers: it counts
	 * against the budget of the user's buffers.  The driver's own calls'
	 * do not (a release must never be refused).
	 */
	err = fastrpc_payload_alloc(&ctx->payload, session->domain, size,
				    !call->kernel);
	if (!err)
		err = fastrpc_payload_copy_in(ctx, call, off);
	if (!err)
		err = fastrpc_context_start(ctx, call, off);
	if (!err)
		err = fastrpc_context_wait(ctx, call);
	/* Ended: off the bank before the caller's memory is written. */
	if (!err)
		fastrpc_context_unbank(ctx);
	if (!err && ctx->state == FASTRPC_CTX_FAILED)
		err = ctx->err;
	if (!err) {
		call->retval = ctx->retval;
		if (!ctx->retval)
			err = fastrpc_payload_copy_out(ctx, call, off);
	}

	fastrpc_context_put(ctx);
out_free:
	kfree(off);
	return err;
}

/**
 * fastrpc_init_call() - call the process-init handle for a session
 * @session: the session
 * @sc: scalars of the method
 * @args: its arguments
 * @kernel: part of creating or ending the session (see &fastrpc_call)
 * @timeout: jiffies; a fatal signal also ends the wait
 * @retval: out, the DSP's answer when this returned 0
 *
 * Return: as fastrpc_call().
 */
int fastrpc_init_call(struct fastrpc_session *session, u32 sc,
		      const struct fastrpc_arg *args, bool kernel,
		      unsigned long timeout, s32 *retval)
{
	struct fastrpc_call call = {
		.handle = FASTRPC_INIT_HANDLE,
		.sc = sc,
		.pid = session->client_id,
		.kernel = kernel,
		.args = args,
		.wait = FASTRPC_WAIT_KILLABLE,
		.timeout = timeout,
	};
	int err;

	err = fastrpc_call(session, &call);
	*retval = call.retval;
	return err;
}

/*
 * Does an answer carrying msg.ctx @answer belong to the call sent with
 * @ours?  The PD type and the id (bits 0-11) must be ours.  Above them a
 * DSP echoes the whole of msg.ctx, or nothing (zero): a sequence that is
 * neither zero nor ours is a late duplicate for an id since reused.
 */
static bool fastrpc_ctx_matches(u64 ours, u64 answer)
{
	u64 seq = answer & ~FASTRPC_CTX_CALL;

	if ((answer ^ ours) & FASTRPC_CTX_CALL)
		return false;

	return !seq || seq == (ours & ~FASTRPC_CTX_CALL);
}

/**
 * fastrpc_context_answer() - the DSP answered a call
 * @domain: the domain
 * @ctx: msg.ctx of the answer
 * @retval: the DSP's result
 *
 * May run in atomic context.  Answers to no call in flight (unknown ids,
 * duplicates, calls already ended) are dropped.
 */
void fastrpc_context_answer(struct fastrpc_domain *domain, u64 ctx,
			    s32 retval)
{
	struct fastrpc_context *c;
	unsigned long flags;

	xa_lock_irqsave(&domain->ctxs, flags);
	c = xa_load(&domain->ctxs, FIELD_GET(FASTRPC_CTX_ID, ctx));
	if (c && c->state == FASTRPC_CTX_INFLIGHT &&
	    fastrpc_ctx_matches(c->msg_ctx, ctx)) {
		c->state = FASTRPC_CTX_ANSWERED;
		c->retval = retval;
	} else {
		c = NULL;
	}
	xa_unlock_irqrestore(&domain->ctxs, flags);

	if (!c) {
		dev_warn_ratelimited(domain->drm.dev,
				     "answer to no call in flight (ctx %#llx)\n",
				     ctx);
		return;
	}

	complete(&c->done);
	kref_put(&c->ref, fastrpc_context_release_async);
}

/**
 * fastrpc_contexts_fail() - end calls the DSP will never answer
 * @domain: the domain
 * @session: only this session's calls, or NULL for all of them
 *
 * Their waiters get -ECONNRESET; calls nobody waits for are freed.
 */
void fastrpc_contexts_fail(struct fastrpc_domain *domain,
			   struct fastrpc_session *session)
{
	struct fastrpc_context *ctx, *next;
	unsigned long id;
	LIST_HEAD(ended);

	xa_lock_irq(&domain->ctxs);
	xa_for_each(&domain->ctxs, id, ctx) {
		if (ctx->state != FASTRPC_CTX_INFLIGHT)
			continue;
		if (session && ctx->session != session)
			continue;
		ctx->state = FASTRPC_CTX_FAILED;
		ctx->err = -ECONNRESET;
		list_add_tail(&ctx->fail_node, &ended);
	}
	xa_unlock_irq(&domain->ctxs);

	list_for_each_entry_safe(ctx, next, &ended, fail_node) {
		complete(&ctx->done);
		fastrpc_context_put(ctx);
	}
}

static const char *const fastrpc_ctx_state_names[] = {
	[FASTRPC_CTX_BUILDING] = "building",
	[FASTRPC_CTX_INFLIGHT] = "in-flight",
	[FASTRPC_CTX_ANSWERED] = "answered",
	[FASTRPC_CTX_FAILED] = "failed",
};

/**
 * fastrpc_contexts_show() - list a domain's live calls, for debugfs
 * @domain: the domain
 * @m: the file
 */
void fastrpc_contexts_show(struct fastrpc_domain *domain, struct seq_file *m)
{
	struct fastrpc_context *ctx;
	unsigned long id;

	xa_lock_irq(&domain->ctxs);
	xa_for_each(&domain->ctxs, id, ctx)
		seq_printf(m, "ctx %lu msg %#llx client %d %s%s payload %zu\n",
			   id, ctx->msg_ctx, ctx->session->client_id,
			   fastrpc_ctx_state_names[ctx->state],
			   ctx->kernel ? " kernel" : "", ctx->payload.size);
	xa_unlock_irq(&domain->ctxs);
}

/**
 * fastrpc_contexts_wait() - wait until no call holds memory on a bank
 * @domain: the domain, unplugged and with every flight ended
 *
 * Their waiters have been woken and hold no lock, and take their calls off
 * the bank before touching the caller's memory: the wait is short.
 */
void fastrpc_contexts_wait(struct fastrpc_domain *domain)
{
	wait_var_event(&domain->nr_banked, !atomic_read(&domain->nr_banked));
}

/**
 * fastrpc_arg_user() - a buffer argument in user memory, to be copied
 * @ptr: its user address
 * @size: its length
 * @out: the DSP writes it
 * @arg: out, the argument
 *
 * Return: 0, or -EFAULT for memory the caller cannot pass (a read-only
 * output is found before the DSP runs, not after).
 */
int fastrpc_arg_user(u64 ptr, u64 size, bool out, struct fastrpc_arg *arg)
{
	if (!access_ok(u64_to_user_ptr(ptr), size))
		return -EFAULT;
	if (out && size && fault_in_safe_writeable(u64_to_user_ptr(ptr), size))
		return -EFAULT;

	arg->ptr = ptr;
	arg->size = size;
	return 0;
}

/**
 * fastrpc_arg_dmabuf() - a range of a dma-buf passed by its pages
 * @dmabuf: the buffer; @arg takes over the caller's reference (or that of
 *	@arg's GEM object), which fastrpc_file_invoke() drops, even when the
 *	range is refused
 * @offset: where the range starts in it
 * @size: its length
 * @handle: a handle argument, whose offset and length the DSP reads as
 *	32-bit numbers
 * @arg: out, the argument
 *
 * Return: 0, or -EINVAL for a range outside the buffer.
 */
int fastrpc_arg_dmabuf(struct dma_buf *dmabuf, u64 offset, u64 size,
		       bool handle, struct fastrpc_arg *arg)
{
	arg->dmabuf = dmabuf;
	if (handle && (offset > U32_MAX || size > U32_MAX))
		return -EINVAL;
	if (offset > dmabuf->size || size > dmabuf->size - offset)
		return -EINVAL;

	arg->ptr = offset;
	arg->size = size;
	return 0;
}

/**
 * fastrpc_file_invoke() - a door's INVOKE: a call of the file's session
 * @fpriv: the file
 * @handle: the remote handle, which the door checked
 * @sc: the scalars word, which the door checked
 * @uargs: user address of the door's argument entries
 * @stride: bytes per entry
 * @resolve: the door's reading of an entry
 * @priv: passed to @resolve
 * @retval: out, the method's result, when the DSP answered
 *
 * Return: 0 when the DSP answered; -ENOENT when the file has no session;
 * the errors of @resolve and of fastrpc_call() otherwise.
 */
int fastrpc_file_invoke(struct fastrpc_file *fpriv, u32 handle, u32 sc,
			u64 uargs, size_t stride, fastrpc_arg_resolve_t resolve,
			void *priv, s32 *retval)
{
	unsigned int nargs = DRM_FASTRPC_SCALARS_NARGS(sc);
	unsigned int nin = DRM_FASTRPC_SCALARS_IN(sc);
	unsigned int nbufs = nin + DRM_FASTRPC_SCALARS_OUT(sc);
	struct fastrpc_call call = {
		.handle = handle,
		.sc = sc,
		.wait = FASTRPC_WAIT_INTERRUPTIBLE,
	};
	struct fastrpc_session *session;
	struct fastrpc_arg *args = NULL;
	void *entries = NULL;
	unsigned int i;
	int err = 0;

	if (nargs) {
		entries = memdup_array_user(u64_to_user_ptr(uargs), nargs,
					    stride);
		if (IS_ERR(entries))
			return PTR_ERR(entries);
		args = kcalloc(nargs, sizeof(*args), GFP_KERNEL);
		if (!args) {
			err = -ENOMEM;
			goto out_free;
		}
	}

	for (i = 0; i < nargs && !err; i++)
		err = resolve(priv, entries + i * stride, i >= nin && i < nbufs,
			      i >= nbufs, &args[i]);
	if (err)
		goto out_put;

	session = fastrpc_file_session_get(fpriv);
	if (!session) {
		err = -ENOENT;
		goto out_put;
	}
	call.pid = session->client_id;
	call.args = args;
	err = fastrpc_call(session, &call);
	if (!err)
		*retval = call.retval;
	fastrpc_session_put(session);

out_put:
	for (i = 0; i < nargs; i++) {
		if (args[i].gem)
			drm_gem_object_put(args[i].gem);
		else if (args[i].dmabuf)
			dma_buf_put(args[i].dmabuf);
	}
out_free:
	kfree(args);
	kfree(entries);
	return err;
}

/**
 * fastrpc_invoke_init() - module init of the call machinery
 *
 * Return: 0 or -ENOMEM.
 */
int fastrpc_invoke_init(void)
{
	fastrpc_wq = alloc_workqueue("fastrpc_accel", 0, 0);

	return fastrpc_wq ? 0 : -ENOMEM;
}

/**
 * fastrpc_invoke_exit() - module exit: runs the frees still queued
 */
void fastrpc_invoke_exit(void)
{
	destroy_workqueue(fastrpc_wq);
}

#if IS_ENABLED(CONFIG_DRM_ACCEL_FASTRPC_KUNIT_TEST)
#include "tests/fastrpc_invoke_test.c"
#endif
