/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: memory the DSP reaches in place.  The core knows a
 * buffer by its dma-buf only, whoever exported it.
 */
#ifndef __FASTRPC_DMA_H__
#define __FASTRPC_DMA_H__

#include <linux/list.h>
#include <linux/scatterlist.h>
#include <linux/types.h>

struct dma_buf;
struct dma_buf_attachment;
struct device;
struct fastrpc_cb;
struct fastrpc_domain;

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

/**
 * struct fastrpc_bufmaps - the mappings a session's bank keeps of buffers
 * @list: struct fastrpc_bufmap, under the cache's lock
 * @closed: the session ended: nothing more is kept
 */
struct fastrpc_bufmaps {
	struct list_head list;
	bool closed;
};

/**
 * struct fastrpc_bufmap_home - where the kept mappings of one buffer hang
 * @maps: struct fastrpc_bufmap, under the cache's lock
 * @evicting: kept mappings a session's end is undoing, under the same lock
 *
 * A buffer of ours has one; so has a GEM object naming another exporter's
 * dma-buf, for the object's life.
 */
struct fastrpc_bufmap_home {
	struct list_head maps;
	unsigned int evicting;
};

struct fastrpc_bufmap;
struct fastrpc_buf;

/**
 * struct fastrpc_payload - memory the driver fills for one call
 * @buf: its pages
 * @virt: the kernel's address of its first byte
 * @sgt: its mapping on @dev
 * @dev: the bank device it is mapped on; NULL while it is mapped on none
 * @dma: the DMA address of its first byte on @dev
 * @size: bytes asked for
 */
struct fastrpc_payload {
	struct fastrpc_buf *buf;
	void *virt;
	struct sg_table sgt;
	struct device *dev;
	dma_addr_t dma;
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

int fastrpc_payload_alloc(struct fastrpc_payload *payload,
			  struct fastrpc_domain *domain, size_t size,
			  bool charge);
int fastrpc_payload_map(struct fastrpc_payload *payload, struct fastrpc_cb *cb);
void fastrpc_payload_sync(struct fastrpc_payload *payload);
void fastrpc_payload_unmap(struct fastrpc_payload *payload);
void fastrpc_payload_free(struct fastrpc_payload *payload);

void fastrpc_bufmaps_init(struct fastrpc_bufmaps *owner);
void fastrpc_bufmaps_close(struct fastrpc_bufmaps *owner);
void fastrpc_bufmap_home_init(struct fastrpc_bufmap_home *home);
void fastrpc_bufmap_home_evict(struct fastrpc_bufmap_home *home);
struct fastrpc_bufmap *fastrpc_bufmap_get(struct fastrpc_bufmaps *owner,
					  struct fastrpc_cb *cb,
					  struct dma_buf *dmabuf,
					  struct fastrpc_bufmap_home *home);
const struct fastrpc_dma *fastrpc_bufmap_dma(const struct fastrpc_bufmap *map);
void fastrpc_bufmap_put(struct fastrpc_bufmap *map);

#endif /* __FASTRPC_DMA_H__ */
