// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding one FastRPC message the way a DSP reads it: the 40-byte message,
 * the scalars, then the payload's metadata (remote args, invoke bufs, phy
 * pages) into a list of memory segments per buffer.  Nothing the kernel
 * sends is trusted: every count, length and page range is checked, and the
 * metadata is read once into private memory before it is checked.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

/* The metadata in front of the payload, for @n scalars. */
static size_t meta_size(unsigned int n)
{
	return (size_t)n * (sizeof(struct remote_buf) + sizeof(struct invoke_buf) +
			    sizeof(struct phy_page)) +
	       FASTRPC_MAX_FDLIST * sizeof(uint64_t) +
	       FASTRPC_MAX_CRCLIST * sizeof(uint32_t);
}

int msg_parse(const void *data, size_t len, struct fastrpc_msg *msg)
{
	if (len < sizeof(*msg))
		return -EINVAL;
	memcpy(msg, data, sizeof(*msg));
	return 0;
}

static int add_mapping(struct call *c, uint64_t addr, size_t len, void **p)
{
	struct mapping *m;

	m = realloc(c->maps, (c->nmaps + 1) * sizeof(*m));
	if (!m)
		return AEE_ENOMEMORY;
	c->maps = m;
	*p = c->mapper->map(c->mapper->ctx, addr, len);
	if (!*p)
		return AEE_EBADPARM;
	c->maps[c->nmaps].p = *p;
	c->maps[c->nmaps].len = len;
	c->nmaps++;
	return 0;
}

/* Where [addr, addr + len) is in our address space, mapping it if need be. */
static int locate(struct call *c, uint64_t pay_dma, size_t pay_len,
		  uint64_t addr, size_t len, uint8_t **out)
{
	uint64_t start, end;
	void *p;
	int ret;

	if (c->nmaps && addr >= pay_dma && addr - pay_dma <= pay_len &&
	    len <= pay_len - (addr - pay_dma)) {
		*out = (uint8_t *)c->maps[0].p + (pay_dma & FASTRPC_PAGE_MASK) +
		       (addr - pay_dma);
		return 0;
	}

	start = addr & ~FASTRPC_PAGE_MASK;
	end = (addr + len + FASTRPC_PAGE_MASK) & ~FASTRPC_PAGE_MASK;
	if (end - start > VDSPD_MAX_EXTRA_MAP - c->extra_mapped)
		return AEE_EBADPARM;
	ret = add_mapping(c, start, end - start, &p);
	if (ret)
		return ret;
	c->extra_mapped += end - start;
	*out = (uint8_t *)p + (addr - start);
	return 0;
}

/*
 * Buffer @i: rpra[i] gives its length and (low 12 bits of pv) its offset in
 * the first of list[i].num phy pages from list[i].pgidx on; the pages,
 * concatenated, hold the bytes.
 */
static int decode_buf(struct call *c, unsigned int i, unsigned int n,
		      const struct remote_buf *rpra, const struct invoke_buf *list,
		      const struct phy_page *pages, uint64_t pay_dma,
		      size_t pay_len)
{
	struct buf *b = &c->bufs[i];
	uint64_t rem = rpra[i].len, skip = rpra[i].pv & FASTRPC_PAGE_MASK;
	unsigned int num = list[i].num, pgidx = list[i].pgidx, j;

	b->len = rpra[i].len;
	if (!b->len)
		return 0;
	if (b->len > VDSPD_MAX_PAYLOAD + (uint64_t)VDSPD_MAX_EXTRA_MAP)
		return AEE_EBADPARM;
	if (!num || pgidx >= n || num > n - pgidx)
		return AEE_EBADPARM;

	b->seg = calloc(num, sizeof(*b->seg));
	if (!b->seg)
		return AEE_ENOMEMORY;

	for (j = 0; j < num && rem; j++) {
		const struct phy_page *pg = &pages[pgidx + j];
		uint64_t addr = pg->addr, take;
		int ret;

		if (!dsp_range_ok(addr, pg->size))
			return AEE_EBADPARM;
		if (skip >= pg->size)
			return AEE_EBADPARM;
		take = pg->size - skip;
		if (take > rem)
			take = rem;

		ret = locate(c, pay_dma, pay_len, addr + skip, take,
			     &b->seg[b->nseg].p);
		if (ret)
			return ret;
		b->seg[b->nseg].len = take;
		b->nseg++;
		rem -= take;
		skip = 0;
	}
	return rem ? AEE_EBADPARM : 0;
}

/*
 * Handle arguments i = nbufs .. n - 1: { fd, offset, len } in rpra[i], the
 * whole buffer in pages[list[i].pgidx] (list[i].num is 1, or 0 when len is
 * 0).  Their memory is not mapped here: it is the DSP process's to reach
 * while it holds them.  The DSP must reach it, though, before vdspd
 * records it anywhere.
 */
static int decode_handles(struct call *c, unsigned int n,
			  const struct remote_buf *rpra,
			  const struct invoke_buf *list,
			  const struct phy_page *pages)
{
	unsigned int i;

	c->hdls = calloc(n - c->nbufs, sizeof(*c->hdls));
	if (!c->hdls)
		return AEE_ENOMEMORY;
	for (i = c->nbufs; i < n; i++) {
		const struct remote_handle *rh = (const void *)&rpra[i];
		struct hdl *h = &c->hdls[i - c->nbufs];
		const struct phy_page *pg;

		if (rh->fd <= 0 || list[i].num > 1 || list[i].pgidx >= n)
			return AEE_EBADPARM;
		pg = &pages[list[i].pgidx];
		h->addr = pg->addr;
		h->size = pg->size;
		if (!dsp_range_ok(h->addr, h->size) ||
		    (uint64_t)rh->offset + rh->len > h->size)
			return AEE_EBADPARM;
		if (!dsp_reachable(c->mapper, h->addr, h->size))
			return AEE_EBADPARM;
		h->fd = rh->fd;
		h->offset = rh->offset;
		h->len = rh->len;
	}
	return 0;
}

int call_decode(struct call *c, const struct fastrpc_msg *msg,
		const struct mapper *mapper)
{
	const struct remote_buf *rpra;
	const struct invoke_buf *list;
	const struct phy_page *pages;
	uint64_t pay_dma, map_start, map_len;
	unsigned int n, i;
	size_t meta;
	void *snap, *p;
	int ret;

	c->msg = *msg;
	c->mapper = mapper;
	c->sid = dsp_bank(msg->addr);
	c->method = SC_METHOD(msg->sc);
	c->nin = SC_INBUFS(msg->sc);
	c->nout = SC_OUTBUFS(msg->sc);
	c->nhin = SC_INHANDLES(msg->sc);
	c->nhout = SC_OUTHANDLES(msg->sc);
	c->nbufs = c->nin + c->nout;
	n = c->nbufs + c->nhin + c->nhout;

	/* No arguments: upstream sends no payload at all. */
	if (!n)
		return 0;

	meta = meta_size(n);
	if (msg->size > VDSPD_MAX_PAYLOAD || msg->size < meta ||
	    (msg->size & FASTRPC_PAGE_MASK))
		return AEE_EBADPARM;
	pay_dma = msg->addr;
	if (msg->size > (1ull << 32) - dsp_low(pay_dma))
		return AEE_EBADPARM;

	map_start = pay_dma & ~FASTRPC_PAGE_MASK;
	map_len = (pay_dma + msg->size + FASTRPC_PAGE_MASK) & ~FASTRPC_PAGE_MASK;
	map_len -= map_start;
	ret = add_mapping(c, map_start, map_len, &p);
	if (ret)
		return ret;

	snap = malloc(meta);
	if (!snap)
		return AEE_ENOMEMORY;
	if (guarded_copy(snap, (uint8_t *)p + (pay_dma - map_start), meta)) {
		free(snap);
		return AEE_EBADPARM;
	}
	rpra = snap;
	list = (const struct invoke_buf *)(rpra + n);
	pages = (const struct phy_page *)(list + n);

	c->bufs = calloc(c->nbufs ? c->nbufs : 1, sizeof(*c->bufs));
	if (!c->bufs) {
		free(snap);
		return AEE_ENOMEMORY;
	}
	for (i = 0; i < c->nbufs; i++) {
		ret = decode_buf(c, i, n, rpra, list, pages, pay_dma,
				 msg->size);
		if (ret)
			break;
	}
	if (!ret && n > c->nbufs)
		ret = decode_handles(c, n, rpra, list, pages);
	free(snap);
	/* The DSP's fd list, right after the phy pages, in the payload itself. */
	c->fdlist = (uint64_t *)((uint8_t *)p + (pay_dma - map_start) +
				 (size_t)n * (sizeof(struct remote_buf) +
					      sizeof(struct invoke_buf) +
					      sizeof(struct phy_page)));
	return ret;
}

void call_unmap(struct call *c)
{
	unsigned int i;

	for (i = 0; i < c->nmaps; i++)
		c->mapper->unmap(c->mapper->ctx, c->maps[i].p, c->maps[i].len);
	free(c->maps);
	c->maps = NULL;
	c->nmaps = 0;
	c->fdlist = NULL;
}

void call_free(struct call *c)
{
	unsigned int i;

	if (!c)
		return;
	call_unmap(c);
	for (i = 0; c->bufs && i < c->nbufs; i++)
		free(c->bufs[i].seg);
	free(c->bufs);
	free(c->hdls);
	free(c);
}

/* Copy @len bytes at @off of buffer @i to @dst: 0, -EINVAL or -EFAULT. */
int call_copy_in(const struct call *c, unsigned int i, void *dst, size_t off,
		 size_t len)
{
	const struct buf *b;
	uint8_t *out = dst;
	unsigned int s;

	if (i >= c->nbufs)
		return -EINVAL;
	b = &c->bufs[i];
	if (off > b->len || len > b->len - off)
		return -EINVAL;
	for (s = 0; s < b->nseg && len; s++) {
		size_t n;

		if (off >= b->seg[s].len) {
			off -= b->seg[s].len;
			continue;
		}
		n = b->seg[s].len - off;
		if (n > len)
			n = len;
		if (guarded_copy(out, b->seg[s].p + off, n))
			return -EFAULT;
		out += n;
		len -= n;
		off = 0;
	}
	return 0;
}

/* Copy @len bytes from @src to the start of buffer @i. */
int call_copy_out(const struct call *c, unsigned int i, const void *src,
		  size_t len)
{
	const struct buf *b;
	const uint8_t *in = src;
	unsigned int s;

	if (i >= c->nbufs)
		return -EINVAL;
	b = &c->bufs[i];
	if (len > b->len)
		return -EINVAL;
	for (s = 0; s < b->nseg && len; s++) {
		size_t n = b->seg[s].len < len ? b->seg[s].len : len;

		if (guarded_copy(b->seg[s].p, in, n))
			return -EFAULT;
		in += n;
		len -= n;
	}
	return 0;
}

/* Let go of @fd (non-zero) in the answer; false when its fd list is full. */
bool call_release_add(struct call *c, uint32_t fd)
{
	if (!fd || c->nrelease >= FASTRPC_MAX_FDLIST)
		return false;
	c->release[c->nrelease++] = fd;
	return true;
}

/*
 * Write the fds the answer lets go of to the payload's fd list: non-zero
 * u64 entries, a zero after them when fewer than 16.  0, -EINVAL without a
 * fd list (a call with no arguments), -EFAULT when the payload is gone.
 */
int call_put_fdlist(const struct call *c)
{
	uint64_t list[FASTRPC_MAX_FDLIST];
	unsigned int i, n = c->nrelease;

	if (!n)
		return 0;
	if (!c->fdlist)
		return -EINVAL;
	for (i = 0; i < n; i++)
		list[i] = c->release[i];
	if (n < FASTRPC_MAX_FDLIST)
		list[n++] = 0;
	return guarded_copy(c->fdlist, list, n * sizeof(list[0]));
}
