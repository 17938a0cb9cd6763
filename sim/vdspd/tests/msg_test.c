// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdspd's decoding against a fake physical memory: payloads laid out as
 * the kernel lays them out, and the malformed ones a DSP must refuse.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "shell_proto.h"
#include "vdspd.h"

#define RAM_BASE	0x10000000ull
#define RAM_SIZE	(4u << 20)
#define PAY		(RAM_BASE + 0x100000)	/* the payload's DMA address */

static uint8_t *ram;
static int nmapped;

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
	nmapped++;
	return ram + (phys - RAM_BASE);
}

static void fake_unmap(void *ctx, void *p, size_t len)
{
	(void)ctx;
	(void)p;
	(void)len;
	nmapped--;
}

static const struct mapper fake = { fake_map, fake_unmap, NULL };

static void *at(uint64_t phys)
{
	return ram + (phys - RAM_BASE);
}

static int setup(void **state)
{
	(void)state;
	ram = aligned_alloc(FASTRPC_PAGE_SIZE, RAM_SIZE);
	assert_non_null(ram);
	memset(ram, 0, RAM_SIZE);
	nmapped = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(nmapped, 0);
	free(ram);
	return 0;
}

/* The metadata arrays of a payload with @n scalars at @pay. */
struct meta {
	struct remote_buf *rpra;
	struct invoke_buf *list;
	struct phy_page *pages;
	uint64_t data;		/* first byte after the metadata */
};

static struct meta meta_at(uint64_t pay, unsigned int n)
{
	struct meta m;

	m.rpra = at(pay);
	m.list = (struct invoke_buf *)(m.rpra + n);
	m.pages = (struct phy_page *)(m.list + n);
	m.data = pay + n * 40 + 16 * 8 + 64 * 4;
	return m;
}

/* Lay buffer @i's copy at @copy (phys), as upstream's get_args does. */
static void place(struct meta *m, unsigned int i, uint64_t copy, uint64_t len,
		  unsigned int sid)
{
	uint64_t first = copy & ~FASTRPC_PAGE_MASK;
	uint64_t last = (copy + len - 1) & ~FASTRPC_PAGE_MASK;

	m->rpra[i].pv = 0xffff800000000000ull | (copy & FASTRPC_PAGE_MASK);
	m->rpra[i].len = len;
	m->list[i].num = len ? 1 : 0;
	m->list[i].pgidx = i;
	m->pages[i].addr = first | ((uint64_t)sid << 32);
	m->pages[i].size = last - first + FASTRPC_PAGE_SIZE;
}

static struct fastrpc_msg mkmsg(uint32_t sc, uint64_t size, unsigned int sid)
{
	struct fastrpc_msg msg = {
		.pid = 42, .tid = 7, .ctx = 0x130, .handle = 0x10, .sc = sc,
		.addr = PAY | ((uint64_t)sid << 32), .size = size,
	};
	return msg;
}

static int decode(const struct fastrpc_msg *msg, struct call **out)
{
	struct call *c = calloc(1, sizeof(*c));
	int ret;

	assert_non_null(c);
	ret = call_decode(c, msg, &fake);
	*out = c;
	return ret;
}

static void msg_parse__short_message(void **state)
{
	uint8_t raw[40] = { 0 };
	struct fastrpc_msg msg;

	(void)state;
	assert_int_equal(msg_parse(raw, 39, &msg), -EINVAL);
	assert_int_equal(msg_parse(raw, 40, &msg), 0);
}

static void call_decode__no_arguments(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(2, 0, 0), 0, 0);
	struct call *c;

	(void)state;
	msg.addr = 0;
	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(c->nbufs, 0);
	assert_int_equal(c->nmaps, 0);
	call_free(c);
}

static void call_decode__in_and_out_in_payload(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(3, 1, 1), 8192, 3);
	struct meta m = meta_at(PAY, 2);
	uint64_t in = (m.data + 127) & ~127ull, out = in + 128;
	char got[6] = { 0 };
	struct call *c;

	(void)state;
	place(&m, 0, in, 5, 3);
	place(&m, 1, out, 16, 3);
	memcpy(at(in), "hello", 5);

	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(c->sid, 3);
	assert_int_equal(c->nin, 1);
	assert_int_equal(c->nout, 1);
	assert_int_equal(c->nmaps, 1);		/* the payload only */
	assert_int_equal(call_copy_in(c, 0, got, 0, 5), 0);
	assert_string_equal(got, "hello");
	assert_int_equal(call_copy_out(c, 1, "0123456789abcdef", 16), 0);
	assert_memory_equal(at(out), "0123456789abcdef", 16);
	assert_int_equal(call_copy_out(c, 1, "0123456789abcdefX", 17), -EINVAL);
	assert_int_equal(call_copy_in(c, 0, got, 3, 3), -EINVAL);
	call_free(c);
}

static void call_decode__copy_across_pages(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(3, 1, 0), 3 * 4096, 0);
	struct meta m = meta_at(PAY, 1);
	uint64_t in = PAY + 4096 - 100;
	uint8_t got[300];
	struct call *c;

	(void)state;
	place(&m, 0, in, 300, 0);
	for (int i = 0; i < 300; i++)
		*(uint8_t *)at(in + i) = (uint8_t)i;
	assert_int_equal(m.pages[0].size, 8192);

	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(call_copy_in(c, 0, got, 0, 300), 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(got[i], (uint8_t)i);
	call_free(c);
}

/* A buffer outside the payload, on two scattered pages (num = 2). */
static void call_decode__scattered_pages_mapped_apart(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(3, 1, 1), 4096, 1);
	struct meta m = meta_at(PAY, 2);
	uint64_t a = RAM_BASE + 0x200000, b = RAM_BASE + 0x300000;
	uint8_t got[200];
	struct call *c;

	(void)state;
	m.rpra[0].pv = 4096 - 100;
	m.rpra[0].len = 200;
	m.list[0].num = 2;
	m.list[0].pgidx = 0;
	m.pages[0].addr = a | (1ull << 32);
	m.pages[0].size = 4096;
	m.pages[1].addr = b | (1ull << 32);
	m.pages[1].size = 4096;
	m.rpra[1].len = 0;		/* a zero-length output */
	memset(at(a + 4096 - 100), 0xaa, 100);
	memset(at(b), 0xbb, 100);

	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(c->nmaps, 3);
	assert_int_equal(c->bufs[0].nseg, 2);
	assert_int_equal(c->bufs[1].nseg, 0);
	assert_int_equal(call_copy_in(c, 0, got, 0, 200), 0);
	for (int i = 0; i < 200; i++)
		assert_int_equal(got[i], i < 100 ? 0xaa : 0xbb);
	call_free(c);
}

/* Expect @msg (with the metadata as the test left it) to be refused. */
static void refused(const struct fastrpc_msg *msg)
{
	struct call *c;

	assert_int_equal(decode(msg, &c), AEE_EBADPARM);
	call_free(c);
}

static void call_decode__bad_sizes(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(3, 1, 0), 4096, 0);

	(void)state;
	msg.size = 4000;			/* not a page multiple */
	refused(&msg);
	msg = mkmsg(SC_MAKE(3, 255, 255), 4096, 0);	/* metadata > size */
	refused(&msg);
	msg = mkmsg(SC_MAKE(3, 1, 0), 81u << 20, 0);	/* > 80 MiB */
	refused(&msg);
	msg = mkmsg(SC_MAKE(3, 1, 0), 4096, 0);
	msg.addr = 0xfffff000;			/* past 4 GiB */
	msg.size = 8192;
	refused(&msg);
	msg = mkmsg(SC_MAKE(3, 1, 0), 4096, 0);
	msg.addr = 0x1000;			/* not RAM */
	refused(&msg);
}

static void call_decode__bad_page_lists(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(3, 1, 0), 8192, 0);
	struct meta m = meta_at(PAY, 1);
	uint64_t in = (m.data + 127) & ~127ull;

	(void)state;
	place(&m, 0, in, 64, 0);
	m.list[0].num = 0;			/* bytes but no page */
	refused(&msg);
	place(&m, 0, in, 64, 0);
	m.list[0].pgidx = 1;			/* past the page table */
	refused(&msg);
	place(&m, 0, in, 64, 0);
	m.list[0].num = 2;			/* runs past it */
	refused(&msg);
	place(&m, 0, in, 64, 0);
	m.pages[0].addr += 8;			/* unaligned page */
	refused(&msg);
	place(&m, 0, in, 64, 0);
	m.pages[0].size = 0;
	refused(&msg);
	place(&m, 0, in, 4096, 0);		/* longer than its pages */
	m.pages[0].size = 4096;
	refused(&msg);
	place(&m, 0, in, 64, 0);
	m.pages[0].addr = 0xfffff000;		/* wraps the 32-bit space */
	m.pages[0].size = 8192;
	refused(&msg);
	place(&m, 0, in, 64, 0);
	m.pages[0].addr = 0x2000;		/* not RAM */
	refused(&msg);
	place(&m, 0, in, 1ull << 40, 0);	/* absurd length */
	refused(&msg);
}

static void call_decode__zero_length_buffer(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(3, 1, 0), 4096, 0);
	struct meta m = meta_at(PAY, 1);
	uint8_t x;
	struct call *c;

	(void)state;
	m.rpra[0].pv = 0;
	m.rpra[0].len = 0;
	m.list[0].num = 0;
	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(c->bufs[0].len, 0);
	assert_int_equal(call_copy_in(c, 0, &x, 0, 0), 0);
	assert_int_equal(call_copy_in(c, 1, &x, 0, 0), -EINVAL);
	call_free(c);
}

/* Memory that vanishes under a copy (a truncated file here, a domain
 * going down in the lab) gives -EFAULT, not a dead daemon.
 */
static void guarded_copy__vanished_memory_is_efault(void **state)
{
	uint8_t buf[16] = { 0 };
	uint8_t *p;
	int fd;

	(void)state;
	guard_init();		/* cmocka has its own SIGBUS handler in tests */
	fd = memfd_create("vanishing", 0);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 4096), 0);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(guarded_copy(p, "abc", 3), 0);
	assert_int_equal(guarded_copy(buf, p, 3), 0);
	assert_memory_equal(buf, "abc", 3);
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(guarded_copy(buf, p, 16), -EFAULT);
	assert_int_equal(guarded_copy(p, buf, 16), -EFAULT);
	munmap(p, 4096);
	close(fd);
}

/* A handle, as the accel driver describes one: the whole buffer's pages. */
static void place_handle(struct meta *m, unsigned int i, int32_t fd, uint32_t off,
			 uint32_t len, uint64_t buf, uint64_t size)
{
	struct remote_handle *rh = (struct remote_handle *)&m->rpra[i];

	rh->fd = fd;
	rh->offset = off;
	rh->len = len;
	m->list[i].num = len ? 1 : 0;
	m->list[i].pgidx = i;
	m->pages[i].addr = buf | (3ull << 32);
	m->pages[i].size = size;
}

static void call_decode__handles_and_fd_list(void **state)
{
	struct fastrpc_msg msg = mkmsg((2u << 24) | (1u << 16) | (2u << 4) | 1u, 8192, 3);
	struct meta m = meta_at(PAY, 4);
	uint64_t in = (m.data + 127) & ~127ull;
	struct call *c;

	(void)state;
	place(&m, 0, in, 4, 3);
	place_handle(&m, 1, 1, 100, 200, RAM_BASE + 0x200000, 8192);
	place_handle(&m, 2, 2, 0, 0, RAM_BASE + 0x300000, 4096);
	place_handle(&m, 3, 7, 4000, 96, RAM_BASE + 0x300000, 4096);

	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(c->nhin, 2);
	assert_int_equal(c->nhout, 1);
	assert_int_equal(c->hdls[0].fd, 1);
	assert_int_equal(c->hdls[0].offset, 100);
	assert_int_equal(c->hdls[0].len, 200);
	assert_int_equal(c->hdls[0].addr, (RAM_BASE + 0x200000) | (3ull << 32));
	assert_int_equal(c->hdls[0].size, 8192);
	assert_int_equal(c->hdls[2].fd, 7);
	/* The fd list follows the phy pages, in the payload itself. */
	assert_ptr_equal(c->fdlist, at(PAY + 4 * 40));
	call_unmap(c);
	assert_null(c->fdlist);
	call_free(c);
}

static void call_decode__bad_handles(void **state)
{
	struct fastrpc_msg msg = mkmsg((2u << 24) | (1u << 4), 8192, 0);
	struct meta m = meta_at(PAY, 1);
	struct call *c;

	(void)state;
	/* fd 0, a range past the buffer, an unaligned buffer, an empty one. */
	place_handle(&m, 0, 0, 0, 8, RAM_BASE, 4096);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 4090, 8, RAM_BASE, 4096);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0, 8, RAM_BASE + 8, 4096);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0, 0, RAM_BASE, 0);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0, 8, RAM_BASE, 4096);
	m.list[0].pgidx = 1;
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	/* More than one page, a negative fd, a range wrapping 32 bits. */
	place_handle(&m, 0, 1, 0, 8, RAM_BASE, 4096);
	m.list[0].num = 2;
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, -3, 0, 8, RAM_BASE, 4096);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0xfffffff0u, 0x20, RAM_BASE, 4096);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0, 8, 0xfffff000u, 8192);
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
}

/* A handle's buffer must map through the edge (system RAM) as a whole. */
static void call_decode__handle_not_mappable(void **state)
{
	struct fastrpc_msg msg = mkmsg((2u << 24) | (1u << 4), 8192, 0);
	struct meta m = meta_at(PAY, 1);
	struct call *c;

	(void)state;
	place_handle(&m, 0, 1, 0, 8, 0x2000, 4096);		/* not RAM */
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0, 8, RAM_BASE + RAM_SIZE - 4096, 8192);	/* runs past it */
	assert_int_equal(decode(&msg, &c), AEE_EBADPARM);
	call_free(c);
	place_handle(&m, 0, 1, 0, 8, RAM_BASE + RAM_SIZE - 4096, 4096);
	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(nmapped, 1);		/* the payload: the check unmapped */
	call_free(c);
}

static void call_put_fdlist__writes_entries_and_a_zero(void **state)
{
	struct fastrpc_msg msg = mkmsg((2u << 24) | (2u << 4), 8192, 3);
	struct meta m = meta_at(PAY, 2);
	uint64_t *fdlist = at(PAY + 2 * 40);
	struct call *c;

	(void)state;
	place_handle(&m, 0, 4, 0, 8, RAM_BASE + 0x200000, 4096);
	place_handle(&m, 1, 5, 0, 8, RAM_BASE + 0x300000, 4096);
	for (int i = 0; i < FASTRPC_MAX_FDLIST; i++)
		fdlist[i] = 0xdead;			/* not zeroed, to see the zero */
	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(call_put_fdlist(c), 0);	/* nothing to let go of */
	assert_int_equal(fdlist[0], 0xdead);
	assert_true(call_release_add(c, 5));
	assert_true(call_release_add(c, 4));
	assert_false(call_release_add(c, 0));	/* would end the list */
	assert_int_equal(call_put_fdlist(c), 0);
	assert_int_equal(fdlist[0], 5);
	assert_int_equal(fdlist[1], 4);
	assert_int_equal(fdlist[2], 0);
	assert_int_equal(fdlist[3], 0xdead);
	call_free(c);
}

/* Sixteen entries fill the list: no zero after them, the 17th is refused. */
static void call_put_fdlist__sixteen_at_most(void **state)
{
	struct fastrpc_msg msg = mkmsg((2u << 24) | (1u << 4), 8192, 0);
	struct meta m = meta_at(PAY, 1);
	uint64_t *fdlist = at(PAY + 40);
	uint32_t *crc = (uint32_t *)(fdlist + FASTRPC_MAX_FDLIST);
	struct call *c;
	uint32_t i;

	(void)state;
	place_handle(&m, 0, 1, 0, 8, RAM_BASE + 0x200000, 4096);
	crc[0] = 0xc0ffee;
	assert_int_equal(decode(&msg, &c), 0);
	for (i = 0; i < FASTRPC_MAX_FDLIST; i++)
		assert_true(call_release_add(c, 100 + i));
	assert_false(call_release_add(c, 200));
	assert_int_equal(call_put_fdlist(c), 0);
	for (i = 0; i < FASTRPC_MAX_FDLIST; i++)
		assert_int_equal(fdlist[i], 100 + i);
	assert_int_equal(crc[0], 0xc0ffee);		/* nothing past the list */
	call_free(c);
}

/* A call with no arguments has no payload, so no fd list to write. */
static void call_put_fdlist__without_a_payload(void **state)
{
	struct fastrpc_msg msg = mkmsg(SC_MAKE(2, 0, 0), 0, 0);
	struct call *c;

	(void)state;
	msg.addr = 0;
	assert_int_equal(decode(&msg, &c), 0);
	assert_int_equal(call_put_fdlist(c), 0);
	assert_true(call_release_add(c, 1));
	assert_int_equal(call_put_fdlist(c), -EINVAL);
	call_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(msg_parse__short_message),
		cmocka_unit_test(guarded_copy__vanished_memory_is_efault),
		cmocka_unit_test_setup_teardown(call_decode__no_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__in_and_out_in_payload, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__copy_across_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__scattered_pages_mapped_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__bad_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__bad_page_lists, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__zero_length_buffer, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__handles_and_fd_list, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__bad_handles, setup, teardown),
		cmocka_unit_test_setup_teardown(call_decode__handle_not_mappable, setup, teardown),
		cmocka_unit_test_setup_teardown(call_put_fdlist__writes_entries_and_a_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(call_put_fdlist__sixteen_at_most, setup, teardown),
		cmocka_unit_test_setup_teardown(call_put_fdlist__without_a_payload, setup, teardown),
	};

	guard_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
