// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: memory the DSP reaches in place.
 *
 * Buffers the driver allocates are dma-bufs of its own, tied to no
 * context bank: behind an IOMMU (a board's SMMU) they are pages the
 * driver owns, allocated one by one, charged to the allocating process's
 * memory cgroup, and mapped on the bank of each session that uses them,
 * when it uses them, where the IOMMU makes them one range.  A bank behind
 * no IOMMU (the lab without its virtual SMMU) sees physical addresses, so
 * there the buffer is one physically contiguous allocation of the DMA API
 * on the domain's first bank, whose device it keeps.  Exporting a buffer
 * is exporting that dma-buf.  Any dma-buf, ours or imported, reaches the
 * DSP the same way: attached to the device of the session's bank and
 * mapped through the DMA API.  The DSP is given one range per buffer, so
 * the mapping must come out contiguous in the bank's address space.
 *
 * Mappings for calls.  A buffer passed to a call stays mapped on the
 * session's bank afterwards (struct fastrpc_bufmap), so that the next call
 * with it costs no IOMMU work, only the cache maintenance a non-coherent
 * bank needs.  The cache holds no reference to the buffer: a kept mapping
 * hangs off a home that tells when it must go (struct
 * fastrpc_bufmap_home), and goes then or when the session ends (before its
 * bank is given to another), whichever comes first.  A buffer of ours is
 * its own home: its mappings go when it is freed.  Another exporter's
 * dma-buf has the GEM object that names it, if any: its mappings go with
 * the object.  Passed by a bare dma-buf fd (the legacy door), it is mapped
 * for each call: nothing tells the driver when it goes.
 *
 * Budget.  Every buffer is charged to the user (uid) that allocated it,
 * through either door, for as long as it lives: a GEM handle, an mmap(), a
 * dma-buf file or a DSP mapping keeping it is enough.  So is the payload of
 * each call, for as long as its flight lasts (fastrpc_invoke.c).  One user
 * holds at most max_user_bytes; a buffer beyond fails with -ENOSPC.
 */

#include <linux/cred.h>
#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/iosys-map.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/vmalloc.h>
#include <linux/wait_bit.h>
#include <linux/xarray.h>

#include <drm/drm_drv.h>

#include "fastrpc_cb.h"
#include "fastrpc_dma.h"
#include "fastrpc_drv.h"

static u64 max_user_bytes = SZ_1G;
module_param(max_user_bytes, ullong, 0644);
MODULE_PARM_DESC(max_user_bytes,
		 "Most bytes of buffers one user (uid) may hold, allocated through either door and alive in any way (default 1 GiB)");

/* Bytes charged per uid, by uid; an entry goes with its last byte. */
static DEFINE_XARRAY(fastrpc_budgets);
static DEFINE_MUTEX(fastrpc_budget_lock);

/**
 * fastrpc_user_max_bytes() - the per-user limit on buffers
 *
 * Return: bytes, as the module parameter max_user_bytes says now.
 */
u64 fastrpc_user_max_bytes(void)
{
	return READ_ONCE(max_user_bytes);
}

/* May a user holding @used bytes take @size more under @limit? */
static bool fastrpc_budget_fits(u64 used, u64 size, u64 limit)
{
	return size <= limit && used <= limit - size;
}

/* Drop @uid's entry once nothing is charged to it; the lock held. */
static void fastrpc_budget_drop_empty(u32 uid, u64 *used)
{
	lockdep_assert_held(&fastrpc_budget_lock);

	if (!*used) {
		xa_erase(&fastrpc_budgets, uid);
		kfree(used);
	}
}

/**
 * fastrpc_budget_uid() - the user the caller's memory is charged to
 *
 * Return: the caller's uid in the initial user namespace.
 */
u32 fastrpc_budget_uid(void)
{
	return from_kuid(&init_user_ns, current_uid());
}

/**
 * fastrpc_budget_charge() - charge memory to a user's budget
 * @uid: the user, from fastrpc_budget_uid()
 * @size: bytes
 *
 * Return: 0; -ENOSPC when @uid would hold more than max_user_bytes;
 * -ENOMEM.
 */
int fastrpc_budget_charge(u32 uid, u64 size)
{
	u64 *used;
	int err = 0;

	mutex_lock(&fastrpc_budget_lock);
	used = xa_load(&fastrpc_budgets, uid);
	if (!used) {
		used = kzalloc(sizeof(*used), GFP_KERNEL);
		err = used ? xa_err(xa_store(&fastrpc_budgets, uid, used,
					     GFP_KERNEL)) : -ENOMEM;
		if (err) {
			kfree(used);
			goto out_unlock;
		}
	}
	if (fastrpc_budget_fits(*used, size, fastrpc_user_max_bytes()))
		*used += size;
	else
		err = -ENOSPC;
	fastrpc_budget_drop_empty(uid, used);
out_unlock:
	mutex_unlock(&fastrpc_budget_lock);
	return err;
}

/**
 * fastrpc_budget_uncharge() - give back what fastrpc_budget_charge() took
 * @uid: the user it charged
 * @size: bytes
 */
void fastrpc_budget_uncharge(u32 uid, u64 size)
{
	u64 *used;

	mutex_lock(&fastrpc_budget_lock);
	used = xa_load(&fastrpc_budgets, uid);
	if (!WARN_ON(!used || *used < size)) {
		*used -= size;
		fastrpc_budget_drop_empty(uid, used);
	}
	mutex_unlock(&fastrpc_budget_lock);
}

/**
 * struct fastrpc_buf - a buffer the driver allocated
 * @pages: its pages, in order
 * @npages: how many
 * @size: bytes, @npages whole pages
 * @dev: for a contiguous buffer, the device of the DMA API allocation,
 *	referenced; NULL for pages the driver owns
 * @dma: the DMA address of a contiguous buffer on @dev
 * @vaddr: kernel mapping while the dma-buf is vmapped
 * @uid: the user @size is charged to
 * @charged: @size is charged
 * @home: its mappings kept for sessions
 */
struct fastrpc_buf {
	struct page **pages;
	unsigned long npages;
	size_t size;
	struct device *dev;
	dma_addr_t dma;
	void *vaddr;
	u32 uid;
	bool charged;
	struct fastrpc_bufmap_home home;
};

/**
 * struct fastrpc_bufmap - a buffer argument's mapping on a session's bank
 * @dma: the mapping; @dma.dmabuf is not referenced by it
 * @users: calls using it, and the cache while it keeps it
 * @home: where it hangs, while kept
 * @owner: the session's mappings, while kept
 * @home_node: in @home's maps
 * @owner_node: in @owner's list
 */
struct fastrpc_bufmap {
	struct fastrpc_dma dma;
	refcount_t users;
	struct fastrpc_bufmap_home *home;
	struct fastrpc_bufmaps *owner;
	struct list_head home_node;
	struct list_head owner_node;
};

/* Guards every home's and session's kept mappings. */
static DEFINE_SPINLOCK(fastrpc_bufmap_lock);

static int fastrpc_buf_attach(struct dma_buf *dmabuf,
			      struct dma_buf_attachment *attach)
{
	struct fastrpc_buf *buf = dmabuf->priv;
	struct sg_table *sgt;
	int err;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return -ENOMEM;

	err = sg_alloc_table_from_pages(sgt, buf->pages, buf->npages, 0,
					buf->size, GFP_KERNEL);
	if (err) {
		kfree(sgt);
		return err;
	}
	attach->priv = sgt;

	return 0;
}

static void fastrpc_buf_detach(struct dma_buf *dmabuf,
			       struct dma_buf_attachment *attach)
{
	struct sg_table *sgt = attach->priv;

	sg_free_table(sgt);
	kfree(sgt);
}

static struct sg_table *fastrpc_buf_map(struct dma_buf_attachment *attach,
					enum dma_data_direction dir)
{
	struct sg_table *sgt = attach->priv;
	int err;

	err = dma_map_sgtable(attach->dev, sgt, dir, 0);

	return err ? ERR_PTR(err) : sgt;
}

static void fastrpc_buf_unmap(struct dma_buf_attachment *attach,
			      struct sg_table *sgt,
			      enum dma_data_direction dir)
{
	dma_unmap_sgtable(attach->dev, sgt, dir, 0);
}

static int fastrpc_buf_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct fastrpc_buf *buf = dmabuf->priv;

	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);

	/* The DMA API's pages are not all refcounted: map them by frame. */
	if (buf->dev)
		return remap_pfn_range(vma, vma->vm_start,
				       page_to_pfn(buf->pages[0]) + vma->vm_pgoff,
				       vma->vm_end - vma->vm_start,
				       vma->vm_page_prot);

	return vm_map_pages(vma, buf->pages, buf->npages);
}

static int fastrpc_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct fastrpc_buf *buf = dmabuf->priv;

	/* The dma-buf core calls this for the first vmap only. */
	buf->vaddr = vmap(buf->pages, buf->npages, VM_MAP, PAGE_KERNEL);
	if (!buf->vaddr)
		return -ENOMEM;
	iosys_map_set_vaddr(map, buf->vaddr);

	return 0;
}

static void fastrpc_buf_vunmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct fastrpc_buf *buf = dmabuf->priv;

	vunmap(buf->vaddr);
	buf->vaddr = NULL;
}

static void fastrpc_buf_free(struct fastrpc_buf *buf)
{
	unsigned long i;

	if (buf->dev) {
		dma_free_pages(buf->dev, buf->size, buf->pages[0], buf->dma,
			       DMA_BIDIRECTIONAL);
		put_device(buf->dev);
	} else {
		for (i = 0; buf->pages && i < buf->npages && buf->pages[i]; i++)
			__free_page(buf->pages[i]);
	}
	kvfree(buf->pages);
	if (buf->charged)
		fastrpc_budget_uncharge(buf->uid, buf->size);
	kfree(buf);
}

/* No call uses the buffer any more (each holds a reference). */
static void fastrpc_buf_release(struct dma_buf *dmabuf)
{
	struct fastrpc_buf *buf = dmabuf->priv;

	fastrpc_bufmap_home_evict(&buf->home);
	fastrpc_buf_free(buf);
}

static const struct dma_buf_ops fastrpc_buf_ops = {
	.attach = fastrpc_buf_attach,
	.detach = fastrpc_buf_detach,
	.map_dma_buf = fastrpc_buf_map,
	.unmap_dma_buf = fastrpc_buf_unmap,
	.mmap = fastrpc_buf_mmap,
	.vmap = fastrpc_buf_vmap,
	.vunmap = fastrpc_buf_vunmap,
	.release = fastrpc_buf_release,
};

/*
 * Pages of the driver's own, zeroed, charged to the caller's memory cgroup;
 * from @gfp's zones: buffers from the highest, since an IOMMU maps them
 * where the bank can reach, payloads where the kernel addresses them.
 */
static int fastrpc_buf_alloc_pages(struct fastrpc_buf *buf, gfp_t gfp)
{
	unsigned long i;

	for (i = 0; i < buf->npages; i++) {
		buf->pages[i] = alloc_page(gfp | __GFP_ZERO | __GFP_ACCOUNT |
					   __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
		if (!buf->pages[i])
			return -ENOMEM;
		if (fatal_signal_pending(current))
			return -EINTR;
	}

	return 0;
}

/* One contiguous allocation on a bank without an IOMMU; zeroed by it. */
static int fastrpc_buf_alloc_contiguous(struct fastrpc_buf *buf,
					struct device *dev)
{
	struct page *page;
	unsigned long i;

	page = dma_alloc_pages(dev, buf->size, &buf->dma, DMA_BIDIRECTIONAL,
			       GFP_KERNEL | __GFP_ACCOUNT | __GFP_NOWARN);
	if (!page)
		return -ENOMEM;
	for (i = 0; i < buf->npages; i++)
		buf->pages[i] = page + i;
	buf->dev = get_device(dev);

	return 0;
}

/**
 * fastrpc_buf_new() - allocate a buffer's memory
 * @dev: a context bank's device with no IOMMU, to allocate contiguous
 *	memory on (the buffer keeps it); NULL for pages of the driver's own
 * @size: bytes, a multiple of the page size, not 0
 * @gfp: the zones of the driver's own pages
 * @charge: charge @size to the caller's budget
 *
 * Return: the buffer; ERR_PTR(-ENOMEM), -ENOSPC past the caller's budget,
 * or -EINTR when the caller was killed while it allocated.
 */
static struct fastrpc_buf *fastrpc_buf_new(struct device *dev, size_t size,
					   gfp_t gfp, bool charge)
{
	struct fastrpc_buf *buf;
	int err;

	/* More than the machine has never fits: fail before trying. */
	if (size >> PAGE_SHIFT > totalram_pages())
		return ERR_PTR(-ENOMEM);

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->size = size;
	buf->npages = size >> PAGE_SHIFT;
	fastrpc_bufmap_home_init(&buf->home);
	if (charge) {
		buf->uid = fastrpc_budget_uid();
		err = fastrpc_budget_charge(buf->uid, size);
		if (err) {
			kfree(buf);
			return ERR_PTR(err);
		}
		buf->charged = true;
	}
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages),
			      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!buf->pages) {
		fastrpc_buf_free(buf);
		return ERR_PTR(-ENOMEM);
	}

	if (dev)
		err = fastrpc_buf_alloc_contiguous(buf, dev);
	else
		err = fastrpc_buf_alloc_pages(buf, gfp);
	if (err) {
		fastrpc_buf_free(buf);
		return ERR_PTR(err);
	}

	return buf;
}

/*
 * What the domain's buffers are allocated on: a referenced bank device
 * when its banks have no IOMMU, NULL when they have one.  Only this is
 * read under drm_dev_enter(): allocating may take long and must not hold
 * up a removal.
 */
static struct device *fastrpc_domain_alloc_dev(struct fastrpc_domain *domain)
{
	struct device *dev = NULL;
	struct fastrpc_cb *cb;
	int idx;

	/* Remove unplugs before the banks go. */
	if (!drm_dev_enter(&domain->drm, &idx))
		return ERR_PTR(-ENODEV);

	mutex_lock(&domain->lock);
	cb = list_first_entry_or_null(&domain->cbs, struct fastrpc_cb, node);
	if (cb && !device_iommu_mapped(cb->dev))
		dev = get_device(cb->dev);
	mutex_unlock(&domain->lock);

	drm_dev_exit(idx);
	return cb ? dev : ERR_PTR(-ENODEV);
}

/**
 * fastrpc_domain_buf_alloc() - a buffer of the domain, for any session
 * @domain: the domain
 * @size: bytes, page aligned, not 0
 *
 * Mapped on the bank of each session that uses it, when it uses it.
 *
 * Return: the dma-buf, or an ERR_PTR: -ENOMEM, -ENOSPC past the caller's
 * budget (max_user_bytes), -EINTR, or -ENODEV when the domain is gone.
 */
struct dma_buf *fastrpc_domain_buf_alloc(struct fastrpc_domain *domain,
					 size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct fastrpc_buf *buf;
	struct dma_buf *dmabuf;
	struct device *dev;

	dev = fastrpc_domain_alloc_dev(domain);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	buf = fastrpc_buf_new(dev, size, GFP_HIGHUSER, true);
	put_device(dev);
	if (IS_ERR(buf))
		return ERR_CAST(buf);

	info.ops = &fastrpc_buf_ops;
	info.size = size;
	info.flags = O_RDWR | O_CLOEXEC;
	info.priv = buf;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf))
		fastrpc_buf_free(buf);

	return dmabuf;
}

/**
 * fastrpc_buf_is_ours() - was a dma-buf allocated by fastrpc_buf_alloc()?
 * @dmabuf: the dma-buf
 *
 * Return: true if so.
 */
bool fastrpc_buf_is_ours(const struct dma_buf *dmabuf)
{
	return dmabuf->ops == &fastrpc_buf_ops;
}

/* The DSP takes one range per buffer: the segments must follow each other. */
static int fastrpc_dma_contiguous(struct sg_table *sgt, size_t size,
				  dma_addr_t *addr)
{
	struct scatterlist *sg;
	dma_addr_t next = 0;
	size_t len = 0;
	unsigned int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (i && sg_dma_address(sg) != next)
			return -EINVAL;
		if (!i)
			*addr = sg_dma_address(sg);
		next = sg_dma_address(sg) + sg_dma_len(sg);
		len += sg_dma_len(sg);
	}

	return len >= size ? 0 : -EINVAL;
}

/**
 * fastrpc_payload_alloc() - memory for a call's payload, on no bank yet
 * @payload: out
 * @domain: the domain called into
 * @size: bytes, not 0
 * @charge: charge it to the caller's budget
 *
 * Filled through @payload->virt before it is mapped on a bank, so that
 * the caller's memory may fault for as long as it likes while nothing
 * waits for it.
 *
 * Return: 0, or as fastrpc_domain_buf_alloc().
 */
int fastrpc_payload_alloc(struct fastrpc_payload *payload,
			  struct fastrpc_domain *domain, size_t size,
			  bool charge)
{
	struct fastrpc_buf *buf;
	struct device *dev;

	dev = fastrpc_domain_alloc_dev(domain);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	buf = fastrpc_buf_new(dev, PAGE_ALIGN(size), GFP_KERNEL, charge);
	put_device(dev);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	/* Contiguous ones are in the kernel's linear map already. */
	if (buf->npages == 1 || buf->dev)
		payload->virt = page_address(buf->pages[0]);
	else
		payload->virt = vmap(buf->pages, buf->npages, VM_MAP,
				     PAGE_KERNEL);
	if (!payload->virt) {
		fastrpc_buf_free(buf);
		return -ENOMEM;
	}
	payload->buf = buf;
	payload->size = size;
	payload->dev = NULL;

	return 0;
}

/**
 * fastrpc_payload_map() - map a filled payload on a session's bank
 * @payload: from fastrpc_payload_alloc()
 * @cb: the bank
 *
 * What the CPU wrote is visible to the DSP once this returns; later writes
 * need fastrpc_payload_sync().
 *
 * Return: 0; -EINVAL when the bank would not see it as one range;
 * -ENOMEM or the DMA API's -errno.
 */
int fastrpc_payload_map(struct fastrpc_payload *payload, struct fastrpc_cb *cb)
{
	struct fastrpc_buf *buf = payload->buf;
	int err;

	err = sg_alloc_table_from_pages(&payload->sgt, buf->pages, buf->npages,
					0, buf->size, GFP_KERNEL);
	if (err)
		return err;
	err = dma_map_sgtable(cb->dev, &payload->sgt, DMA_BIDIRECTIONAL, 0);
	if (err)
		goto err_free;
	err = fastrpc_dma_contiguous(&payload->sgt, buf->size, &payload->dma);
	if (err)
		goto err_unmap;
	payload->dev = cb->dev;

	return 0;

err_unmap:
	dma_unmap_sgtable(cb->dev, &payload->sgt, DMA_BIDIRECTIONAL, 0);
err_free:
	sg_free_table(&payload->sgt);
	return err;
}

/**
 * fastrpc_payload_sync() - make the CPU's latest writes visible to the DSP
 * @payload: mapped
 */
void fastrpc_payload_sync(struct fastrpc_payload *payload)
{
	dma_sync_sgtable_for_device(payload->dev, &payload->sgt,
				    DMA_BIDIRECTIONAL);
}

/**
 * fastrpc_payload_unmap() - the DSP is done with the payload
 * @payload: mapped or not; what the DSP wrote is visible to the CPU after
 */
void fastrpc_payload_unmap(struct fastrpc_payload *payload)
{
	if (!payload->dev)
		return;
	dma_unmap_sgtable(payload->dev, &payload->sgt, DMA_BIDIRECTIONAL, 0);
	sg_free_table(&payload->sgt);
	payload->dev = NULL;
}

/**
 * fastrpc_payload_free() - free a payload
 * @payload: from fastrpc_payload_alloc(), unmapped or not
 */
void fastrpc_payload_free(struct fastrpc_payload *payload)
{
	struct fastrpc_buf *buf = payload->buf;

	fastrpc_payload_unmap(payload);
	if (buf->npages > 1 && !buf->dev)
		vunmap(payload->virt);
	fastrpc_buf_free(buf);
	payload->buf = NULL;
}

/* Map @dmabuf on @cb's device; @dma takes no reference to it. */
static int fastrpc_dma_attach(struct fastrpc_dma *dma, struct fastrpc_cb *cb,
			      struct dma_buf *dmabuf)
{
	int err;

	dma->attach = dma_buf_attach(dmabuf, cb->dev);
	if (IS_ERR(dma->attach))
		return PTR_ERR(dma->attach);

	dma->sgt = dma_buf_map_attachment_unlocked(dma->attach,
						   DMA_BIDIRECTIONAL);
	if (IS_ERR(dma->sgt)) {
		err = PTR_ERR(dma->sgt);
		goto err_detach;
	}

	err = fastrpc_dma_contiguous(dma->sgt, dmabuf->size, &dma->addr);
	if (err) {
		dev_dbg(cb->dev, "dma-buf of %zu bytes is not contiguous here\n",
			dmabuf->size);
		goto err_unmap;
	}

	dma->dmabuf = dmabuf;
	dma->size = dmabuf->size;
	dma->dsp_addr = dma->addr + ((u64)cb->sid << 32);

	return 0;

err_unmap:
	dma_buf_unmap_attachment_unlocked(dma->attach, dma->sgt,
					  DMA_BIDIRECTIONAL);
err_detach:
	dma_buf_detach(dmabuf, dma->attach);
	return err;
}

static void fastrpc_dma_detach(struct fastrpc_dma *dma)
{
	dma_buf_unmap_attachment_unlocked(dma->attach, dma->sgt,
					  DMA_BIDIRECTIONAL);
	dma_buf_detach(dma->dmabuf, dma->attach);
	dma->dmabuf = NULL;
}

/**
 * fastrpc_dma_map() - map a dma-buf for the DSP on a context bank
 * @dma: out, the mapping
 * @cb: the bank of the session that uses it
 * @dmabuf: the buffer; the mapping takes its own reference
 *
 * Return: 0; -EINVAL when the bank would not see the buffer as one
 * contiguous range; the dma-buf layer's -errno otherwise.
 */
int fastrpc_dma_map(struct fastrpc_dma *dma, struct fastrpc_cb *cb,
		    struct dma_buf *dmabuf)
{
	int err;

	err = fastrpc_dma_attach(dma, cb, dmabuf);
	if (!err)
		get_dma_buf(dmabuf);
	return err;
}

/**
 * fastrpc_dma_unmap() - undo fastrpc_dma_map()
 * @dma: the mapping; nothing happens if it holds no buffer
 */
void fastrpc_dma_unmap(struct fastrpc_dma *dma)
{
	struct dma_buf *dmabuf = dma->dmabuf;

	if (!dmabuf)
		return;

	fastrpc_dma_detach(dma);
	dma_buf_put(dmabuf);
}

/**
 * fastrpc_bufmaps_init() - a new session keeps no mapping
 * @owner: the session's mappings
 */
void fastrpc_bufmaps_init(struct fastrpc_bufmaps *owner)
{
	INIT_LIST_HEAD(&owner->list);
	owner->closed = false;
}

static void fastrpc_bufmap_unuse(struct fastrpc_bufmap *map)
{
	if (refcount_dec_and_test(&map->users)) {
		fastrpc_dma_detach(&map->dma);
		kfree(map);
	}
}

/**
 * fastrpc_bufmap_home_init() - a buffer with no kept mapping yet
 * @home: its home
 */
void fastrpc_bufmap_home_init(struct fastrpc_bufmap_home *home)
{
	INIT_LIST_HEAD(&home->maps);
	home->evicting = 0;
}

static bool fastrpc_bufmap_home_empty(struct fastrpc_bufmap_home *home)
{
	bool done;

	spin_lock(&fastrpc_bufmap_lock);
	done = !home->evicting;
	spin_unlock(&fastrpc_bufmap_lock);
	return done;
}

/**
 * fastrpc_bufmap_home_evict() - the buffer goes: undo the mappings it kept
 * @home: its home, which no call can reach any more
 *
 * A call in flight keeps its mapping until it is freed.  A session's end
 * may be undoing one of them meanwhile: waits for it, so that every
 * attachment is gone before the dma-buf is.
 */
void fastrpc_bufmap_home_evict(struct fastrpc_bufmap_home *home)
{
	struct fastrpc_bufmap *map;

	spin_lock(&fastrpc_bufmap_lock);
	while ((map = list_first_entry_or_null(&home->maps,
					       struct fastrpc_bufmap,
					       home_node))) {
		list_del_init(&map->home_node);
		list_del_init(&map->owner_node);
		spin_unlock(&fastrpc_bufmap_lock);
		fastrpc_bufmap_unuse(map);
		spin_lock(&fastrpc_bufmap_lock);
	}
	spin_unlock(&fastrpc_bufmap_lock);

	wait_var_event(&home->evicting, fastrpc_bufmap_home_empty(home));
}

/**
 * fastrpc_bufmaps_close() - the session ended: undo the mappings it kept
 * @owner: the session's mappings
 *
 * Before the session's bank goes to another: that process must not reach
 * these buffers.  A call still in flight keeps its mapping until it is
 * freed.  Idempotent.
 */
void fastrpc_bufmaps_close(struct fastrpc_bufmaps *owner)
{
	struct fastrpc_bufmap_home *home;
	struct fastrpc_bufmap *map;

	spin_lock(&fastrpc_bufmap_lock);
	owner->closed = true;
	while ((map = list_first_entry_or_null(&owner->list,
					       struct fastrpc_bufmap,
					       owner_node))) {
		list_del_init(&map->home_node);
		list_del_init(&map->owner_node);
		/* The home's eviction waits for this: the dma-buf stays. */
		home = map->home;
		home->evicting++;
		spin_unlock(&fastrpc_bufmap_lock);

		fastrpc_bufmap_unuse(map);

		spin_lock(&fastrpc_bufmap_lock);
		if (!--home->evicting)
			wake_up_var(&home->evicting);
	}
	spin_unlock(&fastrpc_bufmap_lock);
}

/* @home's mapping kept for @owner, with a use taken; the lock held. */
static struct fastrpc_bufmap *
fastrpc_bufmap_find(struct fastrpc_bufmap_home *home,
		    struct fastrpc_bufmaps *owner)
{
	struct fastrpc_bufmap *map;

	lockdep_assert_held(&fastrpc_bufmap_lock);

	list_for_each_entry(map, &home->maps, home_node) {
		if (map->owner == owner) {
			refcount_inc(&map->users);
			return map;
		}
	}

	return NULL;
}

/* Keep @map unless another call kept one first; the lock held. */
static struct fastrpc_bufmap *
fastrpc_bufmap_keep(struct fastrpc_bufmap *map,
		    struct fastrpc_bufmap_home *home,
		    struct fastrpc_bufmaps *owner)
{
	struct fastrpc_bufmap *kept;

	kept = fastrpc_bufmap_find(home, owner);
	if (kept || owner->closed)
		return kept;

	refcount_inc(&map->users);
	map->home = home;
	map->owner = owner;
	list_add(&map->home_node, &home->maps);
	list_add(&map->owner_node, &owner->list);
	return NULL;
}

/**
 * fastrpc_bufmap_get() - a buffer argument's mapping for one call
 * @owner: the calling session's mappings
 * @cb: the session's bank
 * @dmabuf: the buffer, which the caller holds
 * @home: where a mapping of another exporter's @dmabuf may be kept, which
 *	the caller holds; NULL to map it for this call only.  A buffer of
 *	ours is kept on its own.
 *
 * The mapping holds @dmabuf until fastrpc_bufmap_put(), and is made
 * visible to the DSP.
 *
 * Return: the mapping, or an ERR_PTR: -EINVAL when the bank would not see
 * the buffer as one range, -ENOMEM, the dma-buf layer's -errno.
 */
struct fastrpc_bufmap *fastrpc_bufmap_get(struct fastrpc_bufmaps *owner,
					  struct fastrpc_cb *cb,
					  struct dma_buf *dmabuf,
					  struct fastrpc_bufmap_home *home)
{
	struct fastrpc_bufmap *map, *kept = NULL;
	int err;

	if (fastrpc_buf_is_ours(dmabuf))
		home = &((struct fastrpc_buf *)dmabuf->priv)->home;

	if (home) {
		spin_lock(&fastrpc_bufmap_lock);
		kept = fastrpc_bufmap_find(home, owner);
		spin_unlock(&fastrpc_bufmap_lock);
		if (kept) {
			/* Mapped once: only what the CPU wrote must reach it. */
			dma_sync_sgtable_for_device(kept->dma.attach->dev,
						    kept->dma.sgt,
						    DMA_BIDIRECTIONAL);
			get_dma_buf(dmabuf);
			return kept;
		}
	}

	map = kzalloc(sizeof(*map), GFP_KERNEL);
	if (!map)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&map->home_node);
	INIT_LIST_HEAD(&map->owner_node);
	refcount_set(&map->users, 1);

	err = fastrpc_dma_attach(&map->dma, cb, dmabuf);
	if (err) {
		kfree(map);
		return ERR_PTR(err);
	}

	if (home) {
		spin_lock(&fastrpc_bufmap_lock);
		kept = fastrpc_bufmap_keep(map, home, owner);
		spin_unlock(&fastrpc_bufmap_lock);
		if (kept) {
			fastrpc_bufmap_unuse(map);
			map = kept;
		}
	}

	get_dma_buf(dmabuf);
	return map;
}

/**
 * fastrpc_bufmap_dma() - where the DSP sees a buffer argument
 * @map: from fastrpc_bufmap_get()
 *
 * Return: the mapping.
 */
const struct fastrpc_dma *fastrpc_bufmap_dma(const struct fastrpc_bufmap *map)
{
	return &map->dma;
}

/**
 * fastrpc_bufmap_put() - the call is over with its buffer argument
 * @map: from fastrpc_bufmap_get()
 *
 * What the DSP wrote is made visible to the CPU; a mapping not kept goes.
 */
void fastrpc_bufmap_put(struct fastrpc_bufmap *map)
{
	struct dma_buf *dmabuf = map->dma.dmabuf;

	dma_sync_sgtable_for_cpu(map->dma.attach->dev, map->dma.sgt,
				 DMA_BIDIRECTIONAL);
	fastrpc_bufmap_unuse(map);
	dma_buf_put(dmabuf);
}

#if IS_ENABLED(CONFIG_DRM_ACCEL_FASTRPC_KUNIT_TEST)
#include "tests/fastrpc_dma_test.c"
#endif
