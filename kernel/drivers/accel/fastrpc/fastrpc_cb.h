/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: context banks, the devices DSP-visible memory is
 * allocated on, and the session slots they offer.
 */
#ifndef __FASTRPC_CB_H__
#define __FASTRPC_CB_H__

#include <linux/bitmap.h>
#include <linux/list.h>
#include <linux/platform_device.h>
#include <linux/types.h>

#include "fastrpc_drv.h"

/**
 * struct fastrpc_cb - one context bank ("qcom,fastrpc-compute-cb" node)
 * @node: in the domain's list, under the domain's lock
 * @domain: the domain the bank belongs to
 * @dev: the platform device; DSP-visible memory is allocated on it
 * @sid: stream id (reg), carried in bits 32 and up of DSP addresses
 * @nslots: sessions the bank can hold (qcom,nsessions)
 * @used: which slots are taken, under the domain's lock
 */
struct fastrpc_cb {
	struct list_head node;
	struct fastrpc_domain *domain;
	struct device *dev;
	u32 sid;
	u32 nslots;
	DECLARE_BITMAP(used, FASTRPC_MAX_SESSIONS);
};

extern struct platform_driver fastrpc_cb_driver;

int fastrpc_cb_slot_get(struct fastrpc_domain *domain, struct fastrpc_cb **cb,
			unsigned int *slot);
void fastrpc_cb_slot_put(struct fastrpc_cb *cb, unsigned int slot);
u32 fastrpc_cb_slots(struct fastrpc_domain *domain, u32 *banks, u32 *free);

#endif /* __FASTRPC_CB_H__ */
