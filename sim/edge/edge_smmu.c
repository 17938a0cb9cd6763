// SPDX-License-Identifier: GPL-2.0-only
/*
 * The virtual SMMU.  On a board every context bank of a DSP is a stream of
 * the application processor's SMMU: the bank's device tree node names it in
 * "iommus", the DMA API on the bank's device goes through iommu-dma, and the
 * DSP reaches host memory only at the IOVAs that bank's page table maps.
 * This file gives the lab the same: an IOMMU driver for the edge's context
 * banks, so that a FastRPC driver's DMA API calls produce IOVAs in each
 * bank's own IOMMU domain, and a translation the DSP side (vdspd, through
 * /dev/vdsp-<domain>) must go through to reach memory.
 *
 * Each bank's device is a group of its own, with its own default domain and
 * so its own IOVA space.  A domain's page table is an xarray of page frame
 * numbers by IOVA page, filled by iommu-dma through map_pages().  Unmapping
 * removes the entries, then zaps whatever DSP-side mapping of the edge
 * device still shows those IOVAs of a bank using the domain, before the
 * caller may reuse the pages: as strict invalidation does on a board.
 *
 * Stream ids are EDGE_SMMU_SID(domain index, reg), unique over all domains
 * as a board's SMMU stream ids are; the DSP names a bank by its reg, which
 * the driver sends in bits 32 and up of every address.
 */
#include <linux/debugfs.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "edge.h"

/* IOVAs the protocol can carry: 32 bits (the stream id goes above). */
#define EDGE_SMMU_APERTURE_END	U32_MAX

/**
 * struct edge_smmu_domain - one IOMMU domain: a page table
 * @domain: the core's domain
 * @ptes: page frame numbers by IOVA page, as xa_mk_value()
 * @masters: banks attached (struct edge_smmu_master), under edge_smmu_lock
 */
struct edge_smmu_domain {
	struct iommu_domain domain;
	struct xarray ptes;
	struct list_head masters;
};

/**
 * struct edge_smmu_master - one context bank's device
 * @dev: the device
 * @sid: its stream id (EDGE_SMMU_SID())
 * @dom: the edge domain of the bank
 * @reg: the bank's reg, as addresses to the DSP carry it
 * @domain: the IOMMU domain attached, NULL when none; under edge_smmu_lock
 * @node: in @domain's masters
 */
struct edge_smmu_master {
	struct device *dev;
	u32 sid;
	struct edge_domain *dom;
	u32 reg;
	struct edge_smmu_domain *domain;
	struct list_head node;
};

static struct iommu_device edge_smmu;
static bool edge_smmu_registered;
static struct platform_device *edge_smmu_pdev;
static struct edge_domain *edge_smmu_doms;
static unsigned int edge_smmu_ndoms;
static struct dentry *edge_smmu_debugfs;

/* Masters by stream id; guards every master's domain and domain's masters. */
static DEFINE_XARRAY(edge_smmu_masters);
static DEFINE_SPINLOCK(edge_smmu_lock);

static const struct iommu_ops edge_smmu_ops;

static struct edge_smmu_domain *to_edge_smmu_domain(struct iommu_domain *d)
{
	return container_of(d, struct edge_smmu_domain, domain);
}

static struct iommu_domain *edge_smmu_domain_alloc_paging(struct device *dev)
{
	struct edge_smmu_domain *sd;

	sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	if (!sd)
		return NULL;
	xa_init(&sd->ptes);
	INIT_LIST_HEAD(&sd->masters);
	sd->domain.geometry.aperture_start = 0;
	sd->domain.geometry.aperture_end = EDGE_SMMU_APERTURE_END;
	sd->domain.geometry.force_aperture = true;
	return &sd->domain;
}

static void edge_smmu_domain_free(struct iommu_domain *domain)
{
	struct edge_smmu_domain *sd = to_edge_smmu_domain(domain);

	/* The core detached every device first. */
	WARN_ON(!list_empty(&sd->masters));
	xa_destroy(&sd->ptes);
	kfree(sd);
}

/*
 * Make every DSP-side mapping of [iova, iova + size) through @m's bank fault
 * again, so that the next access translates anew.
 */
static void edge_smmu_zap(struct edge_smmu_master *m, u64 iova, u64 size)
{
	edge_cdev_zap_range(m->dom, ((u64)m->reg << 32) + iova, size);
}

/*
 * The banks using @sd, copied out of the lock: zapping sleeps.  Each bank's
 * device is a group of its own, so a domain has one user; more would be
 * left unzapped, and is said.
 */
static unsigned int edge_smmu_users(struct edge_smmu_domain *sd,
				    struct edge_smmu_master **users,
				    unsigned int max)
{
	struct edge_smmu_master *m;
	unsigned int n = 0;

	spin_lock(&edge_smmu_lock);
	list_for_each_entry(m, &sd->masters, node)
		if (!WARN_ON_ONCE(n == max))
			users[n++] = m;
	spin_unlock(&edge_smmu_lock);
	return n;
}

static void edge_smmu_detach(struct edge_smmu_master *m)
{
	spin_lock(&edge_smmu_lock);
	if (m->domain)
		list_del(&m->node);
	m->domain = NULL;
	spin_unlock(&edge_smmu_lock);
	edge_smmu_zap(m, 0, (u64)EDGE_SMMU_APERTURE_END + 1);
}

static int edge_smmu_attach_dev(struct iommu_domain *domain,
				struct device *dev)
{
	struct edge_smmu_master *m = dev_iommu_priv_get(dev);
	struct edge_smmu_domain *sd = to_edge_smmu_domain(domain);

	edge_smmu_detach(m);
	spin_lock(&edge_smmu_lock);
	m->domain = sd;
	list_add_tail(&m->node, &sd->masters);
	spin_unlock(&edge_smmu_lock);
	return 0;
}

static int edge_smmu_map_pages(struct iommu_domain *domain, unsigned long iova,
			       phys_addr_t paddr, size_t pgsize, size_t pgcount,
			       int prot, gfp_t gfp, size_t *mapped)
{
	struct edge_smmu_domain *sd = to_edge_smmu_domain(domain);
	unsigned long first = iova >> PAGE_SHIFT, pfn = PHYS_PFN(paddr);
	size_t i, npages = pgcount * (pgsize >> PAGE_SHIFT);
	int err = 0;

	/*
	 * The caller's flags are for its own memory (__GFP_ZERO and the like
	 * from dma_alloc_*()): keep only how the table may allocate.
	 */
	gfp &= GFP_KERNEL | __GFP_HIGH | __GFP_NOWARN;
	for (i = 0; i < npages; i++) {
		err = xa_insert(&sd->ptes, first + i, xa_mk_value(pfn + i), gfp);
		if (err)
			break;
	}
	if (err) {
		/* An IOVA mapped twice is the caller's bug: say so, undo. */
		WARN_ON(err == -EBUSY);
		while (i--)
			xa_erase(&sd->ptes, first + i);
		return err;
	}
	*mapped = npages << PAGE_SHIFT;
	return 0;
}

static size_t edge_smmu_unmap_pages(struct iommu_domain *domain,
				    unsigned long iova, size_t pgsize,
				    size_t pgcount,
				    struct iommu_iotlb_gather *gather)
{
	struct edge_smmu_domain *sd = to_edge_smmu_domain(domain);
	unsigned long first = iova >> PAGE_SHIFT;
	size_t i, npages = pgcount * (pgsize >> PAGE_SHIFT);
	struct edge_smmu_master *users[4];
	unsigned int n, j;

	for (i = 0; i < npages; i++)
		if (!xa_erase(&sd->ptes, first + i))
			break;

	/* Before the pages can be reused: strict invalidation. */
	n = edge_smmu_users(sd, users, ARRAY_SIZE(users));
	for (j = 0; j < n; j++)
		edge_smmu_zap(users[j], iova, (u64)npages << PAGE_SHIFT);

	return i << PAGE_SHIFT;
}

static phys_addr_t edge_smmu_iova_to_phys(struct iommu_domain *domain,
					  dma_addr_t iova)
{
	struct edge_smmu_domain *sd = to_edge_smmu_domain(domain);
	void *pte = xa_load(&sd->ptes, iova >> PAGE_SHIFT);

	if (!pte)
		return 0;
	return PFN_PHYS(xa_to_value(pte)) + offset_in_page(iova);
}

/* The bank whose node is @np: its edge domain and reg. */
static int edge_smmu_bank_of(struct device_node *np, struct edge_domain **dom,
			     u32 *reg)
{
	struct device_node *parent = of_get_parent(np);
	unsigned int i;
	int err = -ENODEV;

	for (i = 0; parent && i < edge_smmu_ndoms; i++) {
		if (edge_smmu_doms[i].fastrpc_np != parent)
			continue;
		*dom = &edge_smmu_doms[i];
		err = of_property_read_u32(np, "reg", reg);
		break;
	}
	of_node_put(parent);
	return err;
}

static int edge_smmu_of_xlate(struct device *dev,
			      const struct of_phandle_args *args)
{
	if (args->args_count != 1)
		return -EINVAL;
	return iommu_fwspec_add_ids(dev, args->args, 1);
}

static struct iommu_device *edge_smmu_probe_device(struct device *dev)
{
	struct iommu_fwspec *fwspec = dev_iommu_fwspec_get(dev);
	struct edge_smmu_master *m;
	int err;

	if (!fwspec || fwspec->num_ids != 1)
		return ERR_PTR(-ENODEV);

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	m->dev = dev;
	m->sid = fwspec->ids[0];
	INIT_LIST_HEAD(&m->node);
	err = edge_smmu_bank_of(dev->of_node, &m->dom, &m->reg);
	if (!err && EDGE_SMMU_SID(m->dom->index, m->reg) != m->sid)
		err = -EINVAL;
	if (!err)
		err = xa_insert(&edge_smmu_masters, m->sid, m, GFP_KERNEL);
	if (err) {
		dev_err(dev, "vdsp-smmu: stream id %#x is not a free bank of the edge: %pe\n",
			m->sid, ERR_PTR(err));
		kfree(m);
		return ERR_PTR(err);
	}
	dev_iommu_priv_set(dev, m);
	return &edge_smmu;
}

static void edge_smmu_release_device(struct device *dev)
{
	struct edge_smmu_master *m = dev_iommu_priv_get(dev);

	/* A bank without a domain translates nothing: every access faults. */
	edge_smmu_detach(m);
	xa_erase(&edge_smmu_masters, m->sid);
	kfree(m);
}

static const struct iommu_ops edge_smmu_ops = {
	.domain_alloc_paging = edge_smmu_domain_alloc_paging,
	.probe_device = edge_smmu_probe_device,
	.release_device = edge_smmu_release_device,
	.device_group = generic_device_group,
	.of_xlate = edge_smmu_of_xlate,
	.pgsize_bitmap = PAGE_SIZE,
	.owner = THIS_MODULE,
	.default_domain_ops = &(const struct iommu_domain_ops) {
		.attach_dev = edge_smmu_attach_dev,
		.map_pages = edge_smmu_map_pages,
		.unmap_pages = edge_smmu_unmap_pages,
		.iova_to_phys = edge_smmu_iova_to_phys,
		.free = edge_smmu_domain_free,
	},
};

/**
 * edge_smmu_translate() - where the DSP reaches through a bank
 * @dom: the edge domain
 * @reg: the bank, as bits 32 and up of the DSP's address carry it
 * @iova: the address in the bank's IOVA space
 * @phys: out, the physical address
 *
 * Bank 0 is no context bank: it stands for the DSP's own accesses outside
 * any, which reach the domain's remote-heap carveout (physical addresses)
 * and nothing else.
 *
 * Return: 0; -ENODEV when the bank has no IOMMU domain (not probed, or
 * gone with the DSP); -EFAULT when its page table does not map @iova.
 */
int edge_smmu_translate(struct edge_domain *dom, u32 reg, u64 iova,
			phys_addr_t *phys)
{
	struct edge_smmu_master *m;
	void *pte = NULL;
	int err = -ENODEV;

	if (!reg && dom->heap && iova >= dom->heap_phys &&
	    iova - dom->heap_phys < dom->heap_size) {
		*phys = iova;
		return 0;
	}
	if (iova > EDGE_SMMU_APERTURE_END)
		return -EFAULT;

	spin_lock(&edge_smmu_lock);
	m = xa_load(&edge_smmu_masters, EDGE_SMMU_SID(dom->index, reg));
	if (m && m->domain) {
		pte = xa_load(&m->domain->ptes, iova >> PAGE_SHIFT);
		err = pte ? 0 : -EFAULT;
	}
	spin_unlock(&edge_smmu_lock);

	if (pte)
		*phys = PFN_PHYS(xa_to_value(pte)) + offset_in_page(iova);
	return err;
}

/**
 * edge_smmu_fault() - report a DSP access no translation allows
 * @dom: the edge domain
 * @reg: the bank
 * @iova: the address
 * @err: edge_smmu_translate()'s error
 *
 * As an arm-smmu reports a context fault: one kernel log line naming the
 * stream and the address.  Counted in the domain's smmu_faults attribute.
 */
void edge_smmu_fault(struct edge_domain *dom, u32 reg, u64 iova, int err)
{
	atomic_inc(&dom->smmu_faults);
	pr_err_ratelimited("vdsp_edge: %s: SMMU context fault: sid %#x (bank %u), iova %#llx: %s\n",
			   dom->name, EDGE_SMMU_SID(dom->index, reg), reg, iova,
			   err == -ENODEV ? "no context bank" : "unmapped");
}

/* debugfs vdsp_edge/smmu: every bank's mapped ranges, merged. */
static int edge_smmu_show(struct seq_file *s, void *unused)
{
	struct edge_smmu_master *m;
	unsigned long sid, idx, start, next;
	void *pte;

	spin_lock(&edge_smmu_lock);
	xa_for_each(&edge_smmu_masters, sid, m) {
		seq_printf(s, "%s bank %u sid %#lx%s\n", m->dom->name, m->reg,
			   sid, m->domain ? "" : " (no domain)");
		if (!m->domain)
			continue;
		start = ULONG_MAX;
		next = ULONG_MAX;
		xa_for_each(&m->domain->ptes, idx, pte) {
			if (idx != next) {
				if (start != ULONG_MAX)
					seq_printf(s, "  %#lx %#lx\n",
						   start << PAGE_SHIFT,
						   (next - start) << PAGE_SHIFT);
				start = idx;
			}
			next = idx + 1;
		}
		if (start != ULONG_MAX)
			seq_printf(s, "  %#lx %#lx\n", start << PAGE_SHIFT,
				   (next - start) << PAGE_SHIFT);
	}
	spin_unlock(&edge_smmu_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(edge_smmu);

/**
 * edge_smmu_register() - start the virtual SMMU
 * @np: its node, attached
 * @doms: the edge's domains, whose banks it translates
 * @ndoms: how many
 *
 * Before any bank probes: a bank naming an IOMMU that is not registered
 * would defer.
 *
 * Return: 0 or a negative errno.
 */
int edge_smmu_register(struct device_node *np, struct edge_domain *doms,
		       unsigned int ndoms)
{
	int err;

	edge_smmu_pdev = of_find_device_by_node(np);
	if (!edge_smmu_pdev) {
		pr_err("vdsp_edge: no platform device for %pOF\n", np);
		return -ENODEV;
	}
	edge_smmu_doms = doms;
	edge_smmu_ndoms = ndoms;

	err = iommu_device_sysfs_add(&edge_smmu, &edge_smmu_pdev->dev, NULL,
				     "vdsp-smmu");
	if (err)
		goto err_put;
	err = iommu_device_register(&edge_smmu, &edge_smmu_ops,
				    &edge_smmu_pdev->dev);
	if (err)
		goto err_sysfs;
	edge_smmu_registered = true;
	edge_smmu_debugfs = debugfs_create_file("vdsp_edge_smmu", 0400, NULL,
						NULL, &edge_smmu_fops);
	return 0;

err_sysfs:
	iommu_device_sysfs_remove(&edge_smmu);
err_put:
	platform_device_put(edge_smmu_pdev);
	edge_smmu_pdev = NULL;
	pr_err("vdsp_edge: registering the virtual SMMU failed: %pe\n",
	       ERR_PTR(err));
	return err;
}

/**
 * edge_smmu_unregister() - stop the virtual SMMU
 *
 * After every bank device is gone.  A no-op if it was not registered.
 */
void edge_smmu_unregister(void)
{
	if (!edge_smmu_registered)
		return;
	debugfs_remove(edge_smmu_debugfs);
	iommu_device_unregister(&edge_smmu);
	iommu_device_sysfs_remove(&edge_smmu);
	platform_device_put(edge_smmu_pdev);
	edge_smmu_pdev = NULL;
	edge_smmu_registered = false;
}
