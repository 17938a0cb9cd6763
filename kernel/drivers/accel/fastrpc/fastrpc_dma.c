// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: memory the DSP reaches in place.
 *
 * Buffers the driver allocates are dma-bufs of its own, physically
 * contiguous (dma_alloc_coherent() on a context bank), so that a DSP
 * behind no IOMMU can reach them as one range; exporting them is
 * exporting that dma-buf.  Any dma-buf, ours or imported, reaches the DSP
 * the same way: attached to the device of the session's context bank and
 * mapped through the DMA API, which is an SMMU on a board and direct
 * mapping in the lab.  The DSP is given one range per buffer, so the
 * mapping must come out contiguous in the bank's address space.
 */

#include <linux/device.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/iosys-map.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>

#include "fastrpc_cb.h"
#include "fastrpc_dma.h"
#include "fastrpc_drv.h"

/**
 * struct fastrpc_buf - a buffer the driver allocated
 * @dev: the device it was allocated on, referenced
 * @virt: kernel address
 * @dma: DMA address on @dev
 * @size: bytes, whole pages
 */
struct fastrpc_buf {
	struct device *dev;
	void *virt;
	dma_addr_t dma;
	size_t size;
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

	err = dma_get_sgtable(buf->dev, sgt, buf->virt, buf->dma, buf->size);
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

	return dma_mmap_coherent(buf->dev, vma, buf->virt, buf->dma,
				 buf->size);
}

static int fastrpc_buf_vmap(struct dma_buf *dmabuf, struct iosys_map *map)
{
	struct fastrpc_buf *buf = dmabuf->priv;

	iosys_map_set_vaddr(map, buf->virt);

	return 0;
}

static void fastrpc_buf_free(struct fastrpc_buf *buf)
{
	dma_free_coherent(buf->dev, buf->size, buf->virt, buf->dma);
	put_device(buf->dev);
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
	.release = fastrpc_buf_release,
};

/**
 * fastrpc_buf_alloc() - allocate a contiguous buffer as a dma-buf
 * @cb: the context bank to allocate on; the buffer keeps its device
 * @size: bytes, a multiple of the page size, not 0
 *
 * Return: the dma-buf, one reference for the caller; ERR_PTR(-ENOMEM).
 */
struct dma_buf *fastrpc_buf_alloc(struct fastrpc_cb *cb, size_t size)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct fastrpc_buf *buf;
	struct dma_buf *dmabuf;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);

	buf->virt = dma_alloc_coherent(cb->dev, size, &buf->dma,
				       GFP_KERNEL | __GFP_NOWARN);
	if (!buf->virt) {
		kfree(buf);
		return ERR_PTR(-ENOMEM);
	}
	buf->dev = get_device(cb->dev);
	buf->size = size;

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
 * Allocated on the first context bank and mapped on the bank of each
 * session that uses it.
 *
 * Return: the dma-buf, or an ERR_PTR: -ENOMEM, or -ENODEV when the domain
 * is gone.
 */
struct dma_buf *fastrpc_domain_buf_alloc(struct fastrpc_domain *domain,
					 size_t size)
{
	struct dma_buf *dmabuf;
	struct fastrpc_cb *cb;
	int idx;

	/* Remove unplugs before the banks go. */
	if (!drm_dev_enter(&domain->drm, &idx))
		return ERR_PTR(-ENODEV);

	mutex_lock(&domain->lock);
	cb = list_first_entry_or_null(&domain->cbs, struct fastrpc_cb, node);
	mutex_unlock(&domain->lock);

	dmabuf = cb ? fastrpc_buf_alloc(cb, size) : ERR_PTR(-ENODEV);

	drm_dev_exit(idx);
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
