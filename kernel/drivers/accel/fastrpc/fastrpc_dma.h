/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: memory the DSP reaches in place.  The core knows a
 * buffer by its dma-buf only, whoever exported it.
 */
#ifndef __FASTRPC_DMA_H__
#define __FASTRPC_DMA_H__

#include <linux/types.h>

struct dma_buf;
struct dma_buf_attachment;
struct fastrpc_cb;
struct fastrpc_domain;
struct sg_table;

/**
 * struct fastrpc_dma - a dma-buf mapped for the DSP on one context bank
 * @dmabuf: the buffer, referenced
 * @attach: its attachment to the bank's device
 * @sgt: the mapping
 * @addr: DMA address of the buffer's first byte, as the bank sees it
 * @dsp_addr: @addr with the bank's stream id in bits 32 and up
 * @size: the buffer's size
 */
struct fastrpc_dma {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	dma_addr_t addr;
	u64 dsp_addr;
	size_t size;
};

struct dma_buf *fastrpc_domain_buf_alloc(struct fastrpc_domain *domain,
					 size_t size);
bool fastrpc_buf_is_ours(const struct dma_buf *dmabuf);
u64 fastrpc_user_max_bytes(void);
u32 fastrpc_budget_uid(void);
int fastrpc_budget_charge(u32 uid, u64 size);
void fastrpc_budget_uncharge(u32 uid, u64 size);

int fastrpc_dma_map(struct fastrpc_dma *dma, struct fastrpc_cb *cb,
		    struct dma_buf *dmabuf);
void fastrpc_dma_unmap(struct fastrpc_dma *dma);

#endif /* __FASTRPC_DMA_H__ */
