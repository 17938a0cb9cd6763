/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * apps_mem: the DSP process asks the host for memory (its heap growing);
 * the host allocates a buffer of the session's device, maps it to the
 * process and unmaps and frees it on request or when the listener ends.
 * Layouts and flags of Qualcomm's apps_mem_skel.c and apps_mem_imp.c.
 */
#include <string.h>

#include "listener.h"

#define MEM_REQUEST_MAP		0
#define MEM_REQUEST_UNMAP	1
#define MEM_REQUEST_MAP64	2
#define MEM_REQUEST_UNMAP64	3

/* rflags of a request: heap the DSP takes for itself (fastrpc_mem.h). */
#define ADSP_MMAP_HEAP_ADDR		4
#define ADSP_MMAP_REMOTE_HEAP_ADDR	8
#define ADSP_MMAP_ADD_PAGES		0x1000
#define ADSP_MMAP_ADD_PAGES_LLC		0x3000
/* A buffer shared by fd, mapped only later: not served. */
#define FASTRPC_ALLOC_HLOS_FD		0x10000

static bool heap_flags(uint32_t rflags)
{
	return rflags == ADSP_MMAP_HEAP_ADDR || rflags == ADSP_MMAP_REMOTE_HEAP_ADDR ||
	       rflags == ADSP_MMAP_ADD_PAGES || rflags == ADSP_MMAP_ADD_PAGES_LLC;
}

static int mem_map(struct fastrpc_listener *l, uint32_t rflags, int64_t len,
		   uint64_t *vapps, uint64_t *vadsp)
{
	struct fastrpc_buffer *buf;
	size_t page = fastrpc_page_size();
	uint32_t flags = 0;
	unsigned int i;
	uint64_t size;
	void *cpu;

	if (len <= 0 || rflags == FASTRPC_ALLOC_HLOS_FD)
		return len <= 0 ? AEE_EBADPARM : AEE_EUNSUPPORTED;
	if ((uint64_t)len > APPS_MEM_TOTAL_MAX)
		return AEE_ENOMEMORY;
	size = ((uint64_t)len + page - 1) & ~(uint64_t)(page - 1);
	if (size > APPS_MEM_TOTAL_MAX - l->mem_total)
		return AEE_ENOMEMORY;
	for (i = 0; i < APPS_MEM_MAPS_MAX && l->maps[i].buf; i++)
		;
	if (i == APPS_MEM_MAPS_MAX)
		return AEE_EOUTOFHANDLES;
	if (fastrpc_buffer_new(l->s->dev, size, &buf))
		return AEE_ENOMEMORY;
	/* Heap is lent as heap where the interface can say so (accel). */
	if (heap_flags(rflags) && l->s->dev->iface == FASTRPC_INTERFACE_ACCEL)
		flags = FASTRPC_MAP_HEAP;
	if (fastrpc_buffer_map(l->s, buf, 0, size, flags, vadsp))
		goto err_free;
	*vapps = 0;
	/* Memory the host shares (not heap) has a host address, as Qualcomm's answers. */
	if (!heap_flags(rflags)) {
		if (fastrpc_buffer_mmap(buf, &cpu)) {
			fastrpc_buffer_unmap(l->s, buf, *vadsp);
			goto err_free;
		}
		*vapps = (uintptr_t)cpu;
	}
	l->maps[i] = (struct apps_mem_map){ buf, *vadsp, (uint64_t)len };
	l->mem_total += size;
	return 0;

err_free:
	fastrpc_buffer_free(buf);
	return AEE_EFAILED;
}

static int mem_unmap(struct fastrpc_listener *l, uint64_t vadsp)
{
	struct apps_mem_map *m;
	unsigned int i;

	for (i = 0; i < APPS_MEM_MAPS_MAX; i++) {
		m = &l->maps[i];
		if (!m->buf || m->vadsp != vadsp)
			continue;
		if (fastrpc_buffer_unmap(l->s, m->buf, m->vadsp))
			return AEE_EFAILED;
		l->mem_total -= fastrpc_buffer_get_size(m->buf);
		fastrpc_buffer_free(m->buf);
		memset(m, 0, sizeof(*m));
		return 0;
	}
	return AEE_ENOSUCHMAP;
}

int apps_mem_invoke(struct fastrpc_listener *l, struct rpc_call *c)
{
	const unsigned char *in = c->in[0].ptr;
	uint32_t method = DRM_FASTRPC_SCALARS_METHOD(c->sc);
	uint64_t vapps, vadsp;
	int ret;

	if (method > MEM_REQUEST_UNMAP64)
		return AEE_EUNSUPPORTED;
	if (c->n_in != 1 || c->n_out != (method == MEM_REQUEST_MAP || method == MEM_REQUEST_MAP64))
		return AEE_EBADPARM;
	switch (method) {
	case MEM_REQUEST_MAP:
		/* in {i32 heapid, u32 lflags, rflags, vin, i32 len}; out {u32 vapps, vadsp} */
		if (c->in[0].len < 20 || c->out[0].len < 8)
			return AEE_EBADPARM;
		ret = mem_map(l, rd32(in + 8), (int32_t)rd32(in + 16), &vapps, &vadsp);
		if (!ret && (vadsp > UINT32_MAX || vapps > UINT32_MAX)) {
			/* The 32-bit answer cannot carry these addresses. */
			mem_unmap(l, vadsp);
			ret = AEE_EBADPARM;
		}
		if (!ret) {
			wr32(c->out[0].ptr, (uint32_t)vapps);
			wr32((unsigned char *)c->out[0].ptr + 4, (uint32_t)vadsp);
		}
		return ret;
	case MEM_REQUEST_UNMAP:
		/* in {u32 vadsp, i32 len} */
		if (c->in[0].len < 8)
			return AEE_EBADPARM;
		return mem_unmap(l, rd32(in));
	case MEM_REQUEST_MAP64:
		/* in {i32 heapid, u32 lflags, rflags, pad, u64 vin, i64 len}; out {u64 vapps, vadsp} */
		if (c->in[0].len < 32 || c->out[0].len < 16)
			return AEE_EBADPARM;
		ret = mem_map(l, rd32(in + 8), (int64_t)rd64(in + 24), &vapps, &vadsp);
		if (!ret) {
			wr64(c->out[0].ptr, vapps);
			wr64((unsigned char *)c->out[0].ptr + 8, vadsp);
		}
		return ret;
	default:
		/* in {u64 vadsp, i64 len} */
		if (c->in[0].len < 16)
			return AEE_EBADPARM;
		return mem_unmap(l, rd64(in));
	}
}

void apps_mem_release(struct fastrpc_listener *l)
{
	unsigned int i;

	/* The session's end takes the DSP's mappings with it; the buffers go now. */
	for (i = 0; i < APPS_MEM_MAPS_MAX; i++)
		fastrpc_buffer_free(l->maps[i].buf);
	memset(l->maps, 0, sizeof(l->maps));
	l->mem_total = 0;
}
