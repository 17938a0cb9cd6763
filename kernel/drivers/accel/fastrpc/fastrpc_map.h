/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: memory a session's DSP process holds beyond one
 * call: handles the DSP keeps, and mappings into the process.
 */
#ifndef __FASTRPC_MAP_H__
#define __FASTRPC_MAP_H__

#include <linux/types.h>

struct dma_buf;
struct fastrpc_cb;
struct fastrpc_dma;
struct fastrpc_session;
struct seq_file;

int fastrpc_handle_hold(struct fastrpc_session *session, struct fastrpc_cb *cb,
			struct dma_buf *dmabuf, u32 *id,
			struct fastrpc_dma *dma);
void fastrpc_handles_release(struct fastrpc_session *session, const u32 *ids,
			     unsigned int n);

/**
 * struct fastrpc_map_req - what to map into the DSP process
 * @offset: page-aligned start of the range in the buffer
 * @size: page-aligned length, not 0
 * @heap: give the range to the process's heap (mmap, user PDs only)
 *	instead of mem mapping it
 * @flags: the mem map call's flags for the DSP (0: static mapping)
 * @vaddrin: the CPU address the mem map call names, or 0
 */
struct fastrpc_map_req {
	u64 offset;
	u64 size;
	bool heap;
	u32 flags;
	u64 vaddrin;
};

int fastrpc_map_create(struct fastrpc_session *session, struct dma_buf *dmabuf,
		       const struct fastrpc_map_req *req, u64 *dsp_addr);
enum fastrpc_map_kind {
	FASTRPC_MAP_ANY,
	FASTRPC_MAP_MEM,
	FASTRPC_MAP_HEAP,
};

/**
 * struct fastrpc_map_key - which mapping to remove
 * @dmabuf: the buffer mapped, or NULL for any
 * @dsp_addr: where the DSP process sees it
 * @size: its page-aligned length, or 0 for any
 * @kind: mem mapped, given to the heap, or either
 */
struct fastrpc_map_key {
	struct dma_buf *dmabuf;
	u64 dsp_addr;
	u64 size;
	enum fastrpc_map_kind kind;
};

int fastrpc_map_remove(struct fastrpc_session *session,
		       const struct fastrpc_map_key *key);

struct fastrpc_file;

int fastrpc_file_map(struct fastrpc_file *fpriv, struct dma_buf *dmabuf,
		     const struct fastrpc_map_req *req, u64 *dsp_addr);
int fastrpc_file_unmap(struct fastrpc_file *fpriv,
		       const struct fastrpc_map_key *key);

void fastrpc_maps_init(struct fastrpc_session *session);
void fastrpc_maps_close(struct fastrpc_session *session);
void fastrpc_maps_show(struct fastrpc_session *session, struct seq_file *m);
void fastrpc_maps_count(struct fastrpc_session *session, unsigned int *nmaps,
			unsigned int *nhandles, u64 *bytes);

#endif /* __FASTRPC_MAP_H__ */
