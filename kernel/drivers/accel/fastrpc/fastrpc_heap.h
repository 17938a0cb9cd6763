/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: the heap a domain lends its static PDs.
 */
#ifndef __FASTRPC_HEAP_H__
#define __FASTRPC_HEAP_H__

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

struct fastrpc_domain;
struct fastrpc_phy_page;
struct seq_file;

/**
 * struct fastrpc_heap - memory the DSP's static PDs (audio) run in
 * @lock: guards the fields below
 * @wq: creates wait here while another one is lending the heap
 * @region: the memory comes from the node's memory-region, not the DMA API
 * @phys: its physical address, when @size is not 0
 * @size: its size; 0 until the first lend allocates it (DMA API)
 * @virt: the DMA API's mapping of it, NULL for a memory-region
 * @dma: the DMA API's handle of it
 * @assigned: it belongs to the DSP's VMs (qcom,vmids) through SCM
 * @owners: the VMs SCM says own it, when @assigned
 * @lending: a create names it to the DSP and waits for the answer
 * @lent: the DSP took it; later creates send no pages
 */
struct fastrpc_heap {
	struct mutex lock;	/* everything below */
	wait_queue_head_t wq;
	bool region;
	phys_addr_t phys;
	size_t size;
	void *virt;
	dma_addr_t dma;
	bool assigned;
	u64 owners;
	bool lending;
	bool lent;
};

int fastrpc_heap_init(struct fastrpc_domain *domain);
int fastrpc_heap_lend(struct fastrpc_domain *domain, size_t size,
		      struct fastrpc_phy_page *page, bool *lending);
void fastrpc_heap_settle(struct fastrpc_domain *domain, bool taken);
void fastrpc_heap_free(struct fastrpc_domain *domain);
void fastrpc_heap_show(struct seq_file *m, struct fastrpc_domain *domain);

#endif /* __FASTRPC_HEAP_H__ */
