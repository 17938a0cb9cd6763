// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: memory a session's DSP process holds beyond a call.
 *
 * Handles.  A buffer passed as a handle argument may be kept by the DSP
 * after the call returns.  The session maps it once on its context bank
 * and gives it an id, the "fd" the DSP knows it by; each call that passes
 * it counts one hold, each time the DSP names the id in the fd list of an
 * answer drops one, and the mapping goes with the last hold.
 *
 * Mappings.  MAP asks the DSP to map a range of a buffer into the process
 * (mem map), or to add it to the process's heap (mmap); UNMAP asks it to
 * undo that.  When the DSP's answer does not come (a fatal signal, a
 * timeout) nobody knows whether the process can reach the range: such a
 * mapping is "lost" and kept, memory and all, until the session ends.
 *
 * Everything goes when the session ends, after the DSP confirmed the
 * process is gone (or the DSP itself is): fastrpc_maps_close().
 */

#include <linux/dma-buf.h>
#include <linux/list.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include <drm/fastrpc_accel.h>

#include "fastrpc_cb.h"
#include "fastrpc_dma.h"
#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_map.h"
#include "fastrpc_session.h"

/* A mapping call must end; a fatal signal ends it early. */
#define FASTRPC_MAP_TIMEOUT	(10 * HZ)

/* mmap's flag for pages given to the process's heap. */
#define FASTRPC_MMAP_ADD_PAGES	0x1000

/**
 * struct fastrpc_handle - a buffer the DSP may keep
 * @dma: its mapping on the session's bank
 * @holds: calls that passed it, less the DSP's releases
 */
struct fastrpc_handle {
	struct fastrpc_dma dma;
	unsigned int holds;
};

/**
 * struct fastrpc_map - a range of a buffer mapped into the DSP process
 * @node: in the session's list
 * @dma: the buffer's mapping on the session's bank
 * @offset: where the range starts in the buffer
 * @size: its length
 * @dsp_addr: where the process sees it
 * @fd: the id the mem map call gave it
 * @flags: the mem map call's flags, passed through to the DSP
 * @vaddrin: the CPU address the mem map call named, passed through
 * @heap: given to the process's heap (mmap), not mem mapped
 * @lost: the DSP never answered the map or unmap call
 * @busy: an unmap is in progress
 */
struct fastrpc_map {
	struct list_head node;
	struct fastrpc_dma dma;
	u64 offset;
	u64 size;
	u64 dsp_addr;
	u32 fd;
	u32 flags;
	u64 vaddrin;
	bool heap;
	bool lost;
	bool busy;
};

/* The init handle's mapping messages (in buffer 0 of each call). */
struct fastrpc_mmap_req {
	s32 pgid;
	u32 flags;
	u64 vaddr;
	s32 num;
	u32 pad;
};

struct fastrpc_munmap_req {
	s32 pgid;
	u32 pad;
	u64 vaddr;
	u64 size;
};

struct fastrpc_mem_map_req {
	s32 pgid;
	s32 fd;
	s32 offset;
	u32 flags;
	u64 vaddrin;
	s32 num;
	s32 data_len;
};

struct fastrpc_mem_unmap_req {
	s32 pgid;
	s32 fd;
	u64 vaddrin;
	u64 len;
};

/*
 * Why a session that ended holds nothing: its DSP went away (-ENODEV, as
 * every later call says), or its owner released it (-ENOENT).  The state
 * only moves on to these, so a lockless read is enough.
 */
static int fastrpc_maps_closed_err(struct fastrpc_session *session)
{
	return READ_ONCE(session->state) == FASTRPC_SESSION_DEAD ? -ENODEV :
								     -ENOENT;
}

/**
 * fastrpc_maps_init() - a new session holds nothing
 * @session: the session
 */
void fastrpc_maps_init(struct fastrpc_session *session)
{
	mutex_init(&session->map_lock);
	init_waitqueue_head(&session->map_wq);
	xa_init_flags(&session->handles, XA_FLAGS_ALLOC1);
	INIT_LIST_HEAD(&session->maps);
}

/*
 * A MAP or UNMAP is done with its map, @err the outcome of its DSP call:
 * under the map lock.  Without an answer the DSP may or may not reach the
 * range: the map is lost, kept until the session ends.
 */
static void fastrpc_map_unbusy(struct fastrpc_session *session,
			       struct fastrpc_map *map, int err)
{
	lockdep_assert_held(&session->map_lock);

	if (fastrpc_call_unanswered(err))
		map->lost = true;
	map->busy = false;
	WRITE_ONCE(session->nbusy, session->nbusy - 1);
	if (!session->nbusy)
		wake_up_all(&session->map_wq);
}

/**
 * fastrpc_handle_hold() - one more hold on a handle argument
 * @session: the session
 * @cb: its context bank
 * @dmabuf: the buffer
 * @id: out, the id the DSP knows it by
 * @dma: out, a copy of its mapping, to describe it to the DSP
 *
 * Return: 0; -ENOSPC past FASTRPC_SESSION_MAX_MAPS buffers held; -ENODEV
 * once the DSP went away, -ENOENT once the session was released; the
 * errors of fastrpc_dma_map().
 */
int fastrpc_handle_hold(struct fastrpc_session *session, struct fastrpc_cb *cb,
			struct dma_buf *dmabuf, u32 *id,
			struct fastrpc_dma *dma)
{
	struct fastrpc_handle *h;
	unsigned long i;
	int err;

	mutex_lock(&session->map_lock);
	if (session->maps_closed) {
		err = fastrpc_maps_closed_err(session);
		goto out_unlock;
	}

	xa_for_each(&session->handles, i, h) {
		if (h->dma.dmabuf == dmabuf) {
			h->holds++;
			*id = i;
			*dma = h->dma;
			err = 0;
			goto out_unlock;
		}
	}

	if (session->nhandles >= FASTRPC_SESSION_MAX_MAPS) {
		err = -ENOSPC;
		goto out_unlock;
	}

	h = kzalloc(sizeof(*h), GFP_KERNEL);
	if (!h) {
		err = -ENOMEM;
		goto out_unlock;
	}

	err = fastrpc_dma_map(&h->dma, cb, dmabuf);
	if (err)
		goto err_free;

	/* Ids stay positive: the DSP reads them as an int. */
	err = xa_alloc_cyclic(&session->handles, id, h, XA_LIMIT(1, INT_MAX),
			      &session->next_handle, GFP_KERNEL);
	if (err < 0)
		goto err_unmap;

	h->holds = 1;
	session->nhandles++;
	*dma = h->dma;
	err = 0;
	goto out_unlock;

err_unmap:
	fastrpc_dma_unmap(&h->dma);
err_free:
	kfree(h);
out_unlock:
	mutex_unlock(&session->map_lock);
	return err;
}

static void fastrpc_handle_free(struct fastrpc_session *session, u32 id,
				struct fastrpc_handle *h)
{
	lockdep_assert_held(&session->map_lock);

	xa_erase(&session->handles, id);
	session->nhandles--;
	fastrpc_dma_unmap(&h->dma);
	kfree(h);
}

/**
 * fastrpc_handles_release() - drop one hold per id
 * @session: the session
 * @ids: ids from an answer's fd list, or of a call that was never sent
 * @n: how many
 *
 * Ids the session does not hold (a confused DSP) are ignored.
 */
void fastrpc_handles_release(struct fastrpc_session *session, const u32 *ids,
			     unsigned int n)
{
	struct fastrpc_handle *h;
	unsigned int i;

	mutex_lock(&session->map_lock);
	for (i = 0; i < n; i++) {
		h = xa_load(&session->handles, ids[i]);
		if (!h) {
			dev_dbg_ratelimited(session->domain->drm.dev,
					    "client %d: DSP released unknown handle %u\n",
					    session->client_id, ids[i]);
			continue;
		}
		if (!--h->holds)
			fastrpc_handle_free(session, ids[i], h);
	}
	mutex_unlock(&session->map_lock);
}

/**
 * fastrpc_maps_close() - the session ended: free everything it held
 * @session: the session; its process is gone
 *
 * A MAP or UNMAP in progress uses the session's bank, which must outlive
 * it: wait for it.  Its call to the DSP ends at once now (the session no
 * longer takes calls, and those in flight were failed), and it leaves its
 * map to be freed here.
 */
void fastrpc_maps_close(struct fastrpc_session *session)
{
	struct fastrpc_map *map, *next;
	struct fastrpc_handle *h;
	unsigned long id;

	mutex_lock(&session->map_lock);
	session->maps_closed = true;
	xa_for_each(&session->handles, id, h)
		fastrpc_handle_free(session, id, h);
	mutex_unlock(&session->map_lock);

	/* Written under the map lock, read here without: only 0 matters. */
	wait_event(session->map_wq, !READ_ONCE(session->nbusy));

	mutex_lock(&session->map_lock);
	list_for_each_entry_safe(map, next, &session->maps, node) {
		list_del(&map->node);
		session->nmaps--;
		fastrpc_dma_unmap(&map->dma);
		kfree(map);
	}
	mutex_unlock(&session->map_lock);
}

static void fastrpc_map_free(struct fastrpc_map *map)
{
	fastrpc_dma_unmap(&map->dma);
	kfree(map);
}

/* The DSP side of MAP: mem map, or mmap into the heap. */
static int fastrpc_map_dsp(struct fastrpc_session *session,
			   struct fastrpc_map *map, s32 *retval)
{
	struct fastrpc_phy_page page = {
		.addr = map->dma.dsp_addr + map->offset,
		.size = map->size,
	};
	struct fastrpc_mem_map_req mem = {
		.pgid = session->client_id,
		.fd = map->fd,
		.flags = map->flags,
		.vaddrin = map->vaddrin,
		.num = 1,
	};
	struct fastrpc_mmap_req mmap = {
		.pgid = session->client_id,
		.flags = FASTRPC_MMAP_ADD_PAGES,
		.num = 1,
	};
	u64 vaddr = 0;
	struct fastrpc_arg args[4] = {
		{ (uintptr_t)&mem, sizeof(mem), true },
		{ (uintptr_t)&page, sizeof(page), true },
		{ 0, 0, true },
		{ (uintptr_t)&vaddr, sizeof(vaddr), true },
	};
	u32 sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_MEM_MAP, 3, 1, 0, 0);
	int err;

	if (map->heap) {
		args[0] = (struct fastrpc_arg){ (uintptr_t)&mmap, sizeof(mmap), true };
		args[2] = args[3];
		sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_MMAP, 2, 1, 0, 0);
	}

	err = fastrpc_init_call(session, sc, args, false, FASTRPC_MAP_TIMEOUT,
				retval);
	if (!err && !*retval)
		map->dsp_addr = vaddr;

	return err;
}

static int fastrpc_unmap_dsp(struct fastrpc_session *session,
			     struct fastrpc_map *map, s32 *retval)
{
	struct fastrpc_mem_unmap_req mem = {
		.pgid = session->client_id,
		.fd = map->fd,
		.vaddrin = map->dsp_addr,
		.len = map->size,
	};
	struct fastrpc_munmap_req munmap = {
		.pgid = session->client_id,
		.vaddr = map->dsp_addr,
		.size = map->size,
	};
	struct fastrpc_arg arg = { (uintptr_t)&mem, sizeof(mem), true };
	u32 sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_MEM_UNMAP, 1, 0, 0, 0);

	if (map->heap) {
		arg = (struct fastrpc_arg){ (uintptr_t)&munmap, sizeof(munmap), true };
		sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_MUNMAP, 1, 0, 0, 0);
	}

	return fastrpc_init_call(session, sc, &arg, false, FASTRPC_MAP_TIMEOUT,
				 retval);
}

/**
 * fastrpc_map_create() - map a range of a buffer into the DSP process
 * @session: the session
 * @dmabuf: the buffer; the mapping takes its own reference
 * @req: the range (page aligned, not empty, within @dmabuf), and how
 * @dsp_addr: out, where the process sees it
 *
 * Return: 0; -EINVAL for a heap mapping outside a user PD; -ENOSPC past
 * FASTRPC_SESSION_MAX_MAPS; -ECONNREFUSED when the DSP refused; the
 * errors of fastrpc_call() otherwise.
 */
int fastrpc_map_create(struct fastrpc_session *session, struct dma_buf *dmabuf,
		       const struct fastrpc_map_req *req, u64 *dsp_addr)
{
	struct fastrpc_map *map;
	struct fastrpc_cb *cb;
	s32 retval = 0;
	int err;

	if (req->heap && session->type != DRM_FASTRPC_SESSION_USER_PD)
		return -EINVAL;

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map->offset = req->offset;
	map->size = req->size;
	map->heap = req->heap;
	map->flags = req->flags;
	map->vaddrin = req->vaddrin;

	/* Counted from now, so that racing MAPs cannot pass the bound. */
	mutex_lock(&session->map_lock);
	if (session->maps_closed)
		err = fastrpc_maps_closed_err(session);
	else if (session->nmaps >= FASTRPC_SESSION_MAX_MAPS)
		err = -ENOSPC;
	else
		err = 0;
	if (!err) {
		session->nmaps++;
		WRITE_ONCE(session->nbusy, session->nbusy + 1);
		map->fd = ++session->next_map_fd;
		map->busy = true;
		list_add_tail(&map->node, &session->maps);
	}
	mutex_unlock(&session->map_lock);
	if (err) {
		kfree(map);
		return err;
	}

	mutex_lock(&session->lock);
	err = fastrpc_session_check(session, false);
	cb = session->cb;
	mutex_unlock(&session->lock);

	/* The bank stays while the map is busy: closing waits for it. */
	if (!err)
		err = fastrpc_dma_map(&map->dma, cb, dmabuf);
	if (!err)
		err = fastrpc_map_dsp(session, map, &retval);
	if (!err && retval)
		err = -ECONNREFUSED;

	mutex_lock(&session->map_lock);
	fastrpc_map_unbusy(session, map, err);
	if (session->maps_closed) {
		/* fastrpc_maps_close() frees it. */
		err = err ?: fastrpc_maps_closed_err(session);
	} else if (err && !map->lost) {
		list_del(&map->node);
		session->nmaps--;
		fastrpc_map_free(map);
	} else if (!err) {
		*dsp_addr = map->dsp_addr;
	}
	mutex_unlock(&session->map_lock);

	if (retval)
		dev_dbg(session->domain->drm.dev, "client %d: DSP refused a mapping: %#x\n",
			session->client_id, retval);
	return err;
}

static bool fastrpc_map_matches(const struct fastrpc_map *map,
				const struct fastrpc_map_key *key)
{
	if (map->busy || map->lost || map->dsp_addr != key->dsp_addr)
		return false;
	if (key->dmabuf && map->dma.dmabuf != key->dmabuf)
		return false;
	if (key->size && map->size != key->size)
		return false;
	if (key->kind == FASTRPC_MAP_HEAP)
		return map->heap;
	if (key->kind == FASTRPC_MAP_MEM)
		return !map->heap;

	return true;
}

/**
 * fastrpc_map_remove() - undo fastrpc_map_create()
 * @session: the session
 * @key: which mapping: the address fastrpc_map_create() gave, and
 *	optionally the buffer, the size and the kind
 *
 * Return: 0; -ENOENT when the session has no such mapping (or is busy
 * removing it), or was released; -ENODEV when its DSP went away;
 * -ECONNREFUSED when the DSP refused (the mapping stays); the errors of
 * fastrpc_call() otherwise.
 */
int fastrpc_map_remove(struct fastrpc_session *session,
		       const struct fastrpc_map_key *key)
{
	struct fastrpc_map *map = NULL, *iter;
	s32 retval = 0;
	int err;

	mutex_lock(&session->map_lock);
	list_for_each_entry(iter, &session->maps, node) {
		if (fastrpc_map_matches(iter, key)) {
			map = iter;
			map->busy = true;
			WRITE_ONCE(session->nbusy, session->nbusy + 1);
			break;
		}
	}
	err = session->maps_closed ? fastrpc_maps_closed_err(session) : -ENOENT;
	mutex_unlock(&session->map_lock);
	if (!map)
		return err;

	err = fastrpc_unmap_dsp(session, map, &retval);
	if (!err && retval)
		err = -ECONNREFUSED;

	mutex_lock(&session->map_lock);
	fastrpc_map_unbusy(session, map, err);
	/* Once closed, fastrpc_maps_close() frees it. */
	if (!err && !session->maps_closed) {
		list_del(&map->node);
		session->nmaps--;
		fastrpc_map_free(map);
	}
	mutex_unlock(&session->map_lock);

	return err;
}

/**
 * fastrpc_maps_count() - what a session holds, for fdinfo
 * @session: the session
 * @nmaps: out, DSP mappings
 * @nhandles: out, buffers held as handles
 * @bytes: out, bytes of both
 */
void fastrpc_maps_count(struct fastrpc_session *session, unsigned int *nmaps,
			unsigned int *nhandles, u64 *bytes)
{
	struct fastrpc_handle *h;
	struct fastrpc_map *map;
	unsigned long id;
	u64 sum = 0;

	mutex_lock(&session->map_lock);
	*nmaps = session->nmaps;
	*nhandles = session->nhandles;
	list_for_each_entry(map, &session->maps, node)
		sum += map->size;
	xa_for_each(&session->handles, id, h)
		sum += h->dma.size;
	mutex_unlock(&session->map_lock);

	*bytes = sum;
}

/**
 * fastrpc_maps_show() - list what a session holds, for debugfs
 * @session: the session
 * @m: the file
 */
void fastrpc_maps_show(struct fastrpc_session *session, struct seq_file *m)
{
	struct fastrpc_handle *h;
	struct fastrpc_map *map;
	unsigned long id;

	mutex_lock(&session->map_lock);
	list_for_each_entry(map, &session->maps, node)
		seq_printf(m, "  map %s dsp %#llx size %#llx buffer %#llx+%#llx%s\n",
			   map->heap ? "heap" : "mem", map->dsp_addr, map->size,
			   map->dma.dsp_addr, map->offset,
			   map->lost ? " (lost)" : map->busy ? " (busy)" : "");
	xa_for_each(&session->handles, id, h)
		seq_printf(m, "  handle %lu holds %u buffer %#llx size %#zx\n",
			   id, h->holds, h->dma.dsp_addr, h->dma.size);
	mutex_unlock(&session->map_lock);
}

/**
 * fastrpc_file_map() - a door's MAP: map a range of a buffer into the
 * file's DSP process
 * @fpriv: the file
 * @dmabuf: the buffer, which the caller holds
 * @req: the range, page aligned and not empty, and how
 * @dsp_addr: out, where the process sees it
 *
 * Return: 0; -EINVAL for a range outside @dmabuf; -ENOENT when the file
 * has no session; the errors of fastrpc_map_create() otherwise.
 */
int fastrpc_file_map(struct fastrpc_file *fpriv, struct dma_buf *dmabuf,
		     const struct fastrpc_map_req *req, u64 *dsp_addr)
{
	struct fastrpc_session *session;
	int err;

	if (req->offset > dmabuf->size || req->size > dmabuf->size - req->offset)
		return -EINVAL;

	session = fastrpc_file_session_get(fpriv);
	if (!session)
		return -ENOENT;
	err = fastrpc_map_create(session, dmabuf, req, dsp_addr);
	fastrpc_session_put(session);
	return err;
}

/**
 * fastrpc_file_unmap() - a door's UNMAP
 * @fpriv: the file
 * @key: which mapping
 *
 * Return: 0; -ENOENT when the file has no session or no such mapping; the
 * errors of fastrpc_map_remove() otherwise.
 */
int fastrpc_file_unmap(struct fastrpc_file *fpriv,
		       const struct fastrpc_map_key *key)
{
	struct fastrpc_session *session;
	int err;

	session = fastrpc_file_session_get(fpriv);
	if (!session)
		return -ENOENT;
	err = fastrpc_map_remove(session, key);
	fastrpc_session_put(session);
	return err;
}
