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
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/vmalloc.h>
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
};

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

static void fastrpc_buf_release(struct dma_buf *dmabuf)
{
	fastrpc_buf_free(dmabuf->priv);
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
 * from the highest zone, since an IOMMU maps them where the bank can reach.
 */
static int fastrpc_buf_alloc_pages(struct fastrpc_buf *buf)
{
	unsigned long i;

	for (i = 0; i < buf->npages; i++) {
		buf->pages[i] = alloc_page(GFP_HIGHUSER | __GFP_ZERO |
					   __GFP_ACCOUNT | __GFP_NOWARN |
					   __GFP_RETRY_MAYFAIL);
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
 * fastrpc_buf_alloc() - allocate a buffer as a dma-buf
 * @dev: a context bank's device with no IOMMU, to allocate contiguous
 *	memory on (the buffer keeps it); NULL for pages of the driver's own
 * @size: bytes, a multiple of the page size, not 0
 *
 * Return: the dma-buf, one reference for the caller; ERR_PTR(-ENOMEM),
 * -ENOSPC past the caller's budget, or -EINTR when the caller was killed
 * while it allocated.
 */
static struct dma_buf *fastrpc_buf_alloc(struct device *dev, size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct fastrpc_buf *buf;
	struct dma_buf *dmabuf;
	int err;

	/* More than the machine has never fits: fail before trying. */
	if (size >> PAGE_SHIFT > totalram_pages())
		return ERR_PTR(-ENOMEM);

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	buf->size = size;
	buf->npages = size >> PAGE_SHIFT;
	buf->uid = fastrpc_budget_uid();
	err = fastrpc_budget_charge(buf->uid, size);
	if (err) {
		kfree(buf);
		return ERR_PTR(err);
	}
	buf->charged = true;
	buf->pages = kvcalloc(buf->npages, sizeof(*buf->pages),
			      GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!buf->pages) {
		fastrpc_buf_free(buf);
		return ERR_PTR(-ENOMEM);
	}

	if (dev)
		err = fastrpc_buf_alloc_contiguous(buf, dev);
	else
		err = fastrpc_buf_alloc_pages(buf);
	if (err) {
		fastrpc_buf_free(buf);
		return ERR_PTR(err);
	}

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
 * fastrpc_domain_buf_alloc() - a buffer of the domain, for any session
 * @domain: the domain
 * @size: bytes, page aligned, not 0
 *
 * Mapped on the bank of each session that uses it, when it uses it.  Only
 * the kind of bank is read under drm_dev_enter(): allocating may take long
 * and must not hold up a removal.
 *
 * Return: the dma-buf, or an ERR_PTR: -ENOMEM, -ENOSPC past the caller's
 * budget (max_user_bytes), -EINTR, or -ENODEV when the domain is gone.
 */
struct dma_buf *fastrpc_domain_buf_alloc(struct fastrpc_domain *domain,
					 size_t size)
{
	struct device *dev = NULL;
	struct dma_buf *dmabuf;
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
	if (!cb)
		return ERR_PTR(-ENODEV);

	dmabuf = fastrpc_buf_alloc(dev, size);
	put_device(dev);
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

	get_dma_buf(dmabuf);
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

/**
 * fastrpc_dma_unmap() - undo fastrpc_dma_map()
 * @dma: the mapping; nothing happens if it holds no buffer
 */
void fastrpc_dma_unmap(struct fastrpc_dma *dma)
{
	if (!dma->dmabuf)
		return;

	dma_buf_unmap_attachment_unlocked(dma->attach, dma->sgt,
					  DMA_BIDIRECTIONAL);
	dma_buf_detach(dma->dmabuf, dma->attach);
	dma_buf_put(dma->dmabuf);
	dma->dmabuf = NULL;
}

#if IS_ENABLED(CONFIG_DRM_ACCEL_FASTRPC_KUNIT_TEST)
#include "tests/fastrpc_dma_test.c"
#endif
