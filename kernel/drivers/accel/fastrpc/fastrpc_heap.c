// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: the heap a domain lends its static PDs.
 *
 * A static PD (the audio PD of an ADSP) runs in memory Linux lends it when
 * the first client creates it.  The memory is the fastrpc node's
 * memory-region when the device tree has one (a carveout the board reserved
 * at boot), else contiguous memory from the DMA API on the channel's own
 * device, which sits behind no IOMMU.  Either way the DSP and SCM get its
 * physical address: the PD reaches it outside any context bank.
 *
 * The DSP keeps the heap for as long as it runs, whoever created the PD,
 * so the heap is lent once per life of the channel: the first create that
 * the DSP accepts names it, later creates send no pages, and it is taken
 * back (from the DSP's VMs first) only when the channel goes away.
 *
 * The sensors DSP's memory-region is different: it is handed to the DSP's
 * VMs when the channel comes up and never lent through a create.
 */

#include <linux/dma-mapping.h>
#include <linux/firmware/qcom/qcom_scm.h>
#include <linux/of.h>
#include <linux/of_address.h>
#include <linux/of_reserved_mem.h>
#include <linux/rpmsg.h>
#include <linux/sched.h>
#include <linux/seq_file.h>

#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/fastrpc_accel.h>

#include "fastrpc_drv.h"
#include "fastrpc_heap.h"
#include "fastrpc_invoke.h"

/* The range of memory-region, as reserved memory or as the node's reg. */
static int fastrpc_heap_region(struct device *dev, phys_addr_t *base,
			       size_t *size)
{
	struct reserved_mem *rmem;
	struct device_node *np;
	struct resource res;
	int err = 0;

	np = of_parse_phandle(dev->of_node, "memory-region", 0);
	if (!np)
		return -ENOENT;

	rmem = of_reserved_mem_lookup(np);
	if (rmem) {
		*base = rmem->base;
		*size = rmem->size;
	} else {
		err = of_address_to_resource(np, 0, &res);
		*base = res.start;
		*size = err ? 0 : resource_size(&res);
	}
	of_node_put(np);

	if (!*size || !PAGE_ALIGNED(*base) || !PAGE_ALIGNED(*size))
		return dev_err_probe(dev, -EINVAL,
				     "memory-region is no page aligned range\n");
	return 0;
}

/* Give [base, base + size) to the DSP's VMs; @owners says who had it. */
static int fastrpc_heap_assign(struct fastrpc_domain *domain,
			       phys_addr_t base, size_t size, u64 *owners)
{
	*owners = BIT(QCOM_SCM_VMID_HLOS);
	return qcom_scm_assign_mem(base, size, owners, domain->vmperms,
				   domain->vmcount);
}

/**
 * fastrpc_heap_init() - find where the domain's static PDs will run
 * @domain: the domain, its @rpdev and VMs set
 *
 * Return: 0 or -errno.
 */
int fastrpc_heap_init(struct fastrpc_domain *domain)
{
	struct fastrpc_heap *heap = &domain->heap;
	struct device *dev = &domain->rpdev->dev;
	phys_addr_t base;
	size_t size;
	u64 owners;
	int err;

	init_waitqueue_head(&heap->wq);
	err = drmm_mutex_init(&domain->drm, &heap->lock);
	if (err)
		return err;

	/* The DMA API's heap must be reachable by 32-bit DSP addresses. */
	err = dma_coerce_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (err)
		return err;

	err = fastrpc_heap_region(dev, &base, &size);
	if (err == -ENOENT)
		return 0;
	if (err)
		return err;

	if (domain->id != DRM_FASTRPC_DOMAIN_SDSP) {
		heap->region = true;
		heap->phys = base;
		heap->size = size;
		return 0;
	}

	if (!domain->vmcount)
		return 0;
	err = fastrpc_heap_assign(domain, base, size, &owners);
	if (err)
		return dev_err_probe(dev, err, "cannot assign memory-region\n");
	return 0;
}

/* The first heap: from the DMA API, then to the DSP's VMs. */
static int fastrpc_heap_get(struct fastrpc_domain *domain, size_t size)
{
	struct fastrpc_heap *heap = &domain->heap;
	struct device *dev = &domain->rpdev->dev;
	int err;

	if (!heap->size) {
		heap->virt = dma_alloc_coherent(dev, size, &heap->dma,
						GFP_KERNEL | __GFP_NOWARN);
		if (!heap->virt)
			return -ENOMEM;
		/* No IOMMU translates the channel's device: physical. */
		heap->phys = heap->dma;
		heap->size = size;
	}

	if (heap->assigned || !domain->vmcount)
		return 0;
	err = fastrpc_heap_assign(domain, heap->phys, heap->size,
				  &heap->owners);
	if (err) {
		dev_err(domain->drm.dev, "cannot assign the heap to the DSP: %pe\n",
			ERR_PTR(err));
		return err;
	}
	heap->assigned = true;
	return 0;
}

/**
 * fastrpc_heap_lend() - what a static PD create lends the DSP
 * @domain: the domain
 * @size: bytes the caller asks for, page aligned; used only if the heap
 *	comes from the DMA API and is not there yet
 * @page: out, the heap, when @lending
 * @lending: out, true if the create must name @page; the caller then ends
 *	with fastrpc_heap_settle(), whatever happens
 *
 * Waits while another create is lending the heap, so that the DSP hears
 * of it once.
 *
 * Return: 0; -EINTR when killed; -ENODEV when the domain is gone; -ENOMEM
 * or SCM's error when the heap could not be had.
 */
int fastrpc_heap_lend(struct fastrpc_domain *domain, size_t size,
		      struct fastrpc_phy_page *page, bool *lending)
{
	struct fastrpc_heap *heap = &domain->heap;
	int idx, err = 0;

	*lending = false;
	for (;;) {
		if (wait_event_killable(heap->wq, !READ_ONCE(heap->lending)))
			return -EINTR;
		mutex_lock(&heap->lock);
		if (!heap->lending)
			break;
		mutex_unlock(&heap->lock);
	}

	/* Lent already, or nothing to lend: no pages. */
	if (heap->lent || (!heap->region && !size))
		goto out_unlock;

	/* The channel's device is there until remove, which frees the heap. */
	if (!drm_dev_enter(&domain->drm, &idx)) {
		err = -ENODEV;
		goto out_unlock;
	}
	err = fastrpc_heap_get(domain, size);
	drm_dev_exit(idx);
	if (err)
		goto out_unlock;

	page->addr = heap->phys;
	page->size = heap->size;
	heap->lending = true;
	*lending = true;

out_unlock:
	mutex_unlock(&heap->lock);
	return err;
}

/**
 * fastrpc_heap_settle() - the create that was lending the heap ended
 * @domain: the domain
 * @taken: the DSP accepted it, or may have: it gave no answer
 */
void fastrpc_heap_settle(struct fastrpc_domain *domain, bool taken)
{
	struct fastrpc_heap *heap = &domain->heap;

	mutex_lock(&heap->lock);
	heap->lending = false;
	heap->lent |= taken;
	mutex_unlock(&heap->lock);
	wake_up_all(&heap->wq);
}

/**
 * fastrpc_heap_free() - take the heap back: the DSP has gone
 * @domain: the domain, unplugged, with no call left in flight
 *
 * Memory the DSP's VMs may still own is never given back to Linux: if SCM
 * cannot take it back, it is leaked.
 */
void fastrpc_heap_free(struct fastrpc_domain *domain)
{
	struct fastrpc_heap *heap = &domain->heap;
	struct qcom_scm_vmperm hlos = {
		.vmid = QCOM_SCM_VMID_HLOS,
		.perm = QCOM_SCM_PERM_RWX,
	};
	int err;

	mutex_lock(&heap->lock);
	if (heap->assigned) {
		err = qcom_scm_assign_mem(heap->phys, heap->size, &heap->owners,
					  &hlos, 1);
		if (err) {
			dev_err(domain->drm.dev, "cannot take the heap back from the DSP, leaking %zu bytes: %pe\n",
				heap->size, ERR_PTR(err));
			heap->virt = NULL;
		}
		heap->assigned = false;
	}
	if (heap->virt) {
		dma_free_coherent(&domain->rpdev->dev, heap->size, heap->virt,
				  heap->dma);
		heap->virt = NULL;
		heap->size = 0;
	}
	heap->lent = false;
	mutex_unlock(&heap->lock);
}

/**
 * fastrpc_heap_show() - the debugfs line of the domain's heap
 * @m: where to print
 * @domain: the domain
 */
void fastrpc_heap_show(struct seq_file *m, struct fastrpc_domain *domain)
{
	struct fastrpc_heap *heap = &domain->heap;

	mutex_lock(&heap->lock);
	if (heap->size)
		seq_printf(m, "%s %pa size %zu%s%s%s\n",
			   heap->region ? "memory-region" : "dma", &heap->phys,
			   heap->size, heap->lent ? " lent" : "",
			   heap->lending ? " lending" : "",
			   heap->assigned ? " assigned" : "");
	else
		seq_puts(m, "none\n");
	mutex_unlock(&heap->lock);
}
