// SPDX-License-Identifier: GPL-2.0-or-later
/* The fake physical memory and domain of vdspd's unit tests (fakeram.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "fakeram.h"

uint8_t *fr_ram;
int fr_nmapped;

/* As the edge without its SMMU: the bank bits are ignored. */
static void *fake_map(void *ctx, uint64_t addr, size_t len)
{
	uint64_t phys = dsp_low(addr);

	(void)ctx;
	assert_int_equal(phys & FASTRPC_PAGE_MASK, 0);
	assert_int_equal(len & FASTRPC_PAGE_MASK, 0);
	if (phys < RAM_BASE || phys - RAM_BASE > RAM_SIZE ||
	    len > RAM_SIZE - (phys - RAM_BASE))
		return NULL;
	fr_nmapped++;
	return fr_ram + (phys - RAM_BASE);
}

static void fake_unmap(void *ctx, void *p, size_t len)
{
	(void)ctx;
	(void)p;
	(void)len;
	fr_nmapped--;
}

const struct mapper fr_mapper = { fake_map, fake_unmap, NULL };

void *fr_at(uint64_t phys)
{
	return fr_ram + (phys - RAM_BASE);
}

void fr_setup(void)
{
	fr_ram = aligned_alloc(FASTRPC_PAGE_SIZE, RAM_SIZE);
	assert_non_null(fr_ram);
	memset(fr_ram, 0, RAM_SIZE);
	fr_nmapped = 0;
}

void fr_teardown(void)
{
	assert_int_equal(fr_nmapped, 0);
	free(fr_ram);
	fr_ram = NULL;
}

void fr_payload_init(struct fr_payload *p, uint64_t pay, unsigned int n)
{
	p->pay = pay;
	p->n = n;
	p->rpra = fr_at(pay);
	p->list = (struct invoke_buf *)(p->rpra + n);
	p->pages = (struct phy_page *)(p->list + n);
	p->fdlist = (uint64_t *)(p->pages + n);
	p->next = pay + n * 40 + FASTRPC_MAX_FDLIST * 8 + FASTRPC_MAX_CRCLIST * 4;
	memset(p->rpra, 0, p->next - pay);
}

uint64_t fr_buf(struct fr_payload *p, unsigned int i, const void *data, uint64_t len)
{
	uint64_t at = (p->next + 127) & ~127ull;
	uint64_t first = at & ~FASTRPC_PAGE_MASK;
	uint64_t last = (at + (len ? len : 1) - 1) & ~FASTRPC_PAGE_MASK;

	assert_true(i < p->n);
	p->rpra[i].pv = 0xffff800000000000ull | (at & FASTRPC_PAGE_MASK);
	p->rpra[i].len = len;
	p->list[i].num = len ? 1 : 0;
	p->list[i].pgidx = i;
	p->pages[i].addr = first | (2ull << 32);	/* the bank, as the driver sends it */
	p->pages[i].size = last - first + FASTRPC_PAGE_SIZE;
	if (data && len)
		memcpy(fr_at(at), data, len);
	p->next = at + len;
	return at;
}

void fr_handle(struct fr_payload *p, unsigned int i, int32_t fd, uint32_t off,
	       uint32_t len, uint64_t buf, uint64_t size)
{
	struct remote_handle *rh = (struct remote_handle *)&p->rpra[i];

	assert_true(i < p->n);
	rh->fd = fd;
	rh->offset = off;
	rh->len = len;
	rh->pad = 0;
	p->list[i].num = len ? 1 : 0;
	p->list[i].pgidx = i;
	p->pages[i].addr = buf | (2ull << 32);	/* the bank */
	p->pages[i].size = size;
}

struct fastrpc_msg fr_msg(int32_t pid, uint64_t ctx, uint32_t handle, uint32_t sc,
			  const struct fr_payload *p)
{
	struct fastrpc_msg msg = {
		.pid = pid, .tid = 7, .ctx = ctx, .handle = handle, .sc = sc,
	};

	if (p) {
		msg.addr = p->pay | (2ull << 32);
		msg.size = (p->next - p->pay + FASTRPC_PAGE_MASK) & ~FASTRPC_PAGE_MASK;
	}
	return msg;
}

struct fastrpc_msg fr_mmap_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
			       uint32_t flags, uint64_t addr, uint64_t size, uint64_t *out)
{
	struct mmap_req req = { .pgid = pgid, .flags = flags, .num = 16 };
	struct phy_page pg = { addr, size };
	struct fr_payload p;

	fr_payload_init(&p, pay, 3);
	fr_buf(&p, 0, &req, sizeof(req));
	fr_buf(&p, 1, &pg, sizeof(pg));
	*out = fr_buf(&p, 2, NULL, 8);
	return fr_msg(pid, ctx, HANDLE_INIT, SC_MAKE(INIT_MMAP, 2, 1), &p);
}

struct fastrpc_msg fr_munmap_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
				 uint64_t vaddr, uint64_t size)
{
	struct munmap_req req = { .pgid = pgid, .vaddr = vaddr, .size = size };
	struct fr_payload p;

	fr_payload_init(&p, pay, 1);
	fr_buf(&p, 0, &req, sizeof(req));
	return fr_msg(pid, ctx, HANDLE_INIT, SC_MAKE(INIT_MUNMAP, 1, 0), &p);
}

struct fastrpc_msg fr_mem_map_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
				  int32_t fd, uint64_t addr, uint64_t size, uint32_t in2len,
				  uint64_t *out)
{
	struct mem_map_req req = { .pgid = pgid, .fd = fd, .num = 16 };
	struct phy_page pg = { addr, size };
	static const uint8_t zeros[8];
	struct fr_payload p;

	assert_true(in2len <= sizeof(zeros));
	fr_payload_init(&p, pay, 4);
	fr_buf(&p, 0, &req, sizeof(req));
	fr_buf(&p, 1, &pg, sizeof(pg));
	fr_buf(&p, 2, zeros, in2len);
	*out = fr_buf(&p, 3, NULL, 8);
	return fr_msg(pid, ctx, HANDLE_INIT, SC_MAKE(INIT_MEM_MAP, 3, 1), &p);
}

struct fastrpc_msg fr_mem_unmap_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
				    int32_t fd, uint64_t vaddr, uint64_t len)
{
	struct mem_unmap_req req = { .pgid = pgid, .fd = fd, .vaddrin = vaddr, .len = len };
	struct fr_payload p;

	fr_payload_init(&p, pay, 1);
	fr_buf(&p, 0, &req, sizeof(req));
	return fr_msg(pid, ctx, HANDLE_INIT, SC_MAKE(INIT_MEM_UNMAP, 1, 0), &p);
}

struct call *fr_decode(struct domain *d, const struct fastrpc_msg *msg)
{
	struct call *c = calloc(1, sizeof(*c));

	assert_non_null(c);
	c->dom = d;
	assert_int_equal(call_decode(c, msg, &fr_mapper), 0);
	return c;
}

void fr_domain_init(struct domain *d, int *peer)
{
	int sv[2];

	memset(d, 0, sizeof(*d));
	snprintf(d->name, sizeof(d->name), "test");
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	d->fd = sv[0];
	*peer = sv[1];
	d->mapper = fr_mapper;
	pthread_mutex_init(&d->clients_lock, NULL);
}

void fr_domain_fini(struct domain *d, int peer)
{
	edge_timer_drop(d);
	domain_forget_clients(d);
	cstate_forget_all(d);
	pthread_mutex_destroy(&d->clients_lock);
	close(d->fd);
	close(peer);
}

size_t fr_recv(int peer, void *buf, size_t len)
{
	ssize_t n = recv(peer, buf, len, MSG_DONTWAIT);

	return n < 0 ? 0 : (size_t)n;
}

int32_t fr_answer(int peer, uint64_t ctx)
{
	struct fastrpc_invoke_rsp rsp;

	assert_int_equal(fr_recv(peer, &rsp, sizeof(rsp)), sizeof(rsp));
	assert_int_equal(rsp.ctx, ctx);
	return rsp.retval;
}

int32_t fr_answer_wait(int peer, uint64_t ctx)
{
	struct fastrpc_invoke_rsp rsp;

	assert_int_equal(recv(peer, &rsp, sizeof(rsp), 0), sizeof(rsp));
	assert_int_equal(rsp.ctx, ctx);
	return rsp.retval;
}

void fr_no_answer(int peer)
{
	uint8_t buf[64];

	assert_int_equal(fr_recv(peer, buf, sizeof(buf)), 0);
}

void fr_fixture_up(struct domain *d, int *peer)
{
	fr_setup();
	fr_domain_init(d, peer);
}

void fr_fixture_down(struct domain *d, int peer)
{
	fr_no_answer(peer);
	fr_domain_fini(d, peer);
	fr_teardown();
}
