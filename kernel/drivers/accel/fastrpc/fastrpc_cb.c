// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: context banks.
 *
 * Each "qcom,fastrpc-compute-cb" child of a domain's node becomes a platform
 * device when the domain probes.  A bank is an IOMMU stream the DSP reaches
 * host memory through: the payload of every call and the init memory of
 * every session are allocated on the bank of the session's slot.  A bank
 * offers qcom,nsessions slots (default 1), one per session.
 */

#include <linux/bitmap.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/lockdep.h>
#include <linux/mod_devicetable.h>
#include <linux/of.h>

#include "fastrpc_cb.h"
#include "fastrpc_drv.h"
#include "fastrpc_rpmsg.h"

/**
 * fastrpc_cb_slot_get() - take a free session slot of any context bank
 * @domain: the domain; its lock must be held
 * @cb: out, the bank of the slot
 * @slot: out, the slot's index in @cb
 *
 * Return: 0, or -ENOSPC when every slot of every bank is taken.
 */
int fastrpc_cb_slot_get(struct fastrpc_domain *domain, struct fastrpc_cb **cb,
			unsigned int *slot)
{
	struct fastrpc_cb *bank;
	unsigned int i;

	lockdep_assert_held(&domain->lock);

	list_for_each_entry(bank, &domain->cbs, node) {
		i = find_first_zero_bit(bank->used, bank->nslots);
		if (i < bank->nslots) {
			__set_bit(i, bank->used);
			*cb = bank;
			*slot = i;
			return 0;
		}
	}

	return -ENOSPC;
}

/**
 * fastrpc_cb_slot_put() - give a slot back
 * @cb: the bank from fastrpc_cb_slot_get()
 * @slot: the slot from fastrpc_cb_slot_get()
 *
 * The domain's lock must be held.
 */
void fastrpc_cb_slot_put(struct fastrpc_cb *cb, unsigned int slot)
{
	lockdep_assert_held(&cb->domain->lock);
	__clear_bit(slot, cb->used);
}

static u32 fastrpc_cb_slots_locked(struct fastrpc_domain *domain, u32 *banks,
				   u32 *free)
{
	struct fastrpc_cb *cb;
	u32 n = 0, nbanks = 0, nfree = 0;

	lockdep_assert_held(&domain->lock);
	list_for_each_entry(cb, &domain->cbs, node) {
		nbanks++;
		n += cb->nslots;
		nfree += cb->nslots - bitmap_weight(cb->used, cb->nslots);
	}

	if (banks)
		*banks = nbanks;
	if (free)
		*free = nfree;
	return n;
}

/**
 * fastrpc_cb_slots() - a domain's banks and their session slots
 * @domain: the domain
 * @banks: out, the banks probed so far; may be NULL
 * @free: out, the slots no session holds; may be NULL
 *
 * Return: the slots, taken or not.
 */
u32 fastrpc_cb_slots(struct fastrpc_domain *domain, u32 *banks, u32 *free)
{
	u32 n;

	mutex_lock(&domain->lock);
	n = fastrpc_cb_slots_locked(domain, banks, free);
	mutex_unlock(&domain->lock);
	return n;
}

static int fastrpc_cb_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct fastrpc_domain *domain;
	struct fastrpc_cb *cb;
	u32 sid, nslots = 1, room;
	int err;

	/* Banks of a domain bound to another driver are not ours. */
	domain = fastrpc_rpmsg_domain(dev->parent);
	if (!domain)
		return -ENODEV;

	if (of_property_read_u32(dev->of_node, "reg", &sid))
		return dev_err_probe(dev, -EINVAL, "no stream id (reg)\n");

	of_property_read_u32(dev->of_node, "qcom,nsessions", &nslots);
	if (!nslots)
		return dev_err_probe(dev, -EINVAL, "qcom,nsessions is 0\n");

	/* The protocol carries 32-bit addresses; the stream id goes above. */
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(32));
	if (err)
		return dev_err_probe(dev, err, "no 32-bit DMA\n");
	/* A buffer is one range for the DSP: one DMA segment, however long. */
	dma_set_max_seg_size(dev, UINT_MAX);

	cb = devm_kzalloc(dev, sizeof(*cb), GFP_KERNEL);
	if (!cb)
		return -ENOMEM;
	cb->domain = domain;
	cb->dev = dev;
	cb->sid = sid;
	platform_set_drvdata(pdev, cb);

	mutex_lock(&domain->lock);
	room = FASTRPC_MAX_SESSIONS - fastrpc_cb_slots_locked(domain, NULL, NULL);
	cb->nslots = min(nslots, room);
	if (cb->nslots)
		list_add_tail(&cb->node, &domain->cbs);
	mutex_unlock(&domain->lock);

	if (!cb->nslots)
		return dev_err_probe(dev, -ENOSPC, "domain has %u sessions already\n",
				     FASTRPC_MAX_SESSIONS);
	if (cb->nslots < nslots)
		dev_warn(dev, "%u of %u sessions: %u per domain at most\n",
			 cb->nslots, nslots, FASTRPC_MAX_SESSIONS);

	dev_dbg(dev, "context bank: sid %u, %u sessions\n", sid, cb->nslots);

	return 0;
}

static void fastrpc_cb_remove(struct platform_device *pdev)
{
	struct fastrpc_cb *cb = platform_get_drvdata(pdev);
	struct fastrpc_domain *domain = cb->domain;

	/* The domain's remove ended every session before depopulating. */
	mutex_lock(&domain->lock);
	if (!bitmap_empty(cb->used, cb->nslots))
		dev_err(&pdev->dev, "removed with sessions in use\n");
	list_del(&cb->node);
	mutex_unlock(&domain->lock);
}

static const struct of_device_id fastrpc_cb_of_match[] = {
	{ .compatible = "qcom,fastrpc-compute-cb" },
	{ }
};

struct platform_driver fastrpc_cb_driver = {
	.probe = fastrpc_cb_probe,
	.remove = fastrpc_cb_remove,
	.driver = {
		.name = "fastrpc-accel-cb",
		.of_match_table = fastrpc_cb_of_match,
		/* A bank goes away only with its domain. */
		.suppress_bind_attrs = true,
	},
};
