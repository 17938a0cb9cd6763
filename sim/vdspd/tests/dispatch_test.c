// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Messages through dispatch() as the driver sends them, answers read from
 * the edge's place (a socketpair): the init handle's attach, create
 * static, release, mmap, munmap, mem map and mem unmap; the native lab
 * skeleton of clients with no shell; the LAB_CTL service; DOWN.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fakeram.h"
#include "shell_proto.h"

#define PAGE		FASTRPC_PAGE_SIZE
#define ERR(code)	AEE_DSP_ERR(AEE_##code)

static struct domain dom;
static int peer;
static uint64_t seq;

static int setup(void **state)
{
	(void)state;
	fr_fixture_up(&dom, &peer);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fr_fixture_down(&dom, peer);
	return 0;
}

/* A fresh ctx: a sequence number above bit 11, an id, the PD type. */
static uint64_t ctx_of(unsigned int pd)
{
	seq++;
	return (seq << 40) | (seq << CTX_SEQ_SHIFT) | ((seq & 0xff) << 4) | pd;
}

static int32_t send(const struct fastrpc_msg *m)
{
	dispatch(&dom, m, sizeof(*m));
	return fr_answer(peer, m->ctx);
}

static int32_t attach(int32_t id, unsigned int pd)
{
	struct fr_payload p;
	struct fastrpc_msg m;

	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	m = fr_msg(id, ctx_of(pd), HANDLE_INIT, SC_MAKE(INIT_ATTACH, 1, 0), &p);
	return send(&m);
}

static int32_t release(int32_t id)
{
	struct fr_payload p;
	struct fastrpc_msg m;

	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	/* From the kernel: pid 0. */
	m = fr_msg(0, ctx_of(PD_USER), HANDLE_INIT, SC_MAKE(INIT_RELEASE, 1, 0), &p);
	return send(&m);
}

static int32_t create_static(int32_t id, const char *name, uint32_t namelen,
			     const struct phy_page *heap, uint32_t npages, uint32_t heaplen)
{
	struct create_static_inbuf in = { id, namelen, npages };
	struct fr_payload p;
	struct fastrpc_msg m;

	fr_payload_init(&p, PAY, 3);
	fr_buf(&p, 0, &in, sizeof(in));
	fr_buf(&p, 1, name, namelen);
	fr_buf(&p, 2, heap, heaplen);
	m = fr_msg(id, ctx_of(PD_USER), HANDLE_INIT, SC_MAKE(INIT_CREATE_STATIC, 3, 0), &p);
	return send(&m);
}

static int32_t mmap_call(int32_t pid, int32_t pgid, uint32_t flags, uint64_t addr, uint64_t size,
			 uint64_t *vaddr)
{
	struct fastrpc_msg m;
	uint64_t out;
	int32_t ret;

	m = fr_mmap_msg(PAY, pid, ctx_of(PD_USER), pgid, flags, addr, size, &out);
	ret = send(&m);
	memcpy(vaddr, fr_at(out), 8);
	return ret;
}

static int32_t munmap_call(int32_t id, uint64_t vaddr, uint64_t size)
{
	struct fastrpc_msg m = fr_munmap_msg(PAY, id, ctx_of(PD_USER), id, vaddr, size);

	return send(&m);
}

static int32_t mem_map_call(int32_t id, int32_t fd, uint64_t addr, uint64_t size,
			    uint32_t in2len, uint64_t *vaddr)
{
	struct fastrpc_msg m;
	uint64_t out;
	int32_t ret;

	m = fr_mem_map_msg(PAY, id, ctx_of(PD_USER), id, fd, addr, size, in2len, &out);
	ret = send(&m);
	memcpy(vaddr, fr_at(out), 8);
	return ret;
}

static int32_t mem_unmap_call(int32_t id, int32_t fd, uint64_t vaddr, uint64_t len)
{
	struct fastrpc_msg m = fr_mem_unmap_msg(PAY, id, ctx_of(PD_USER), id, fd, vaddr, len);

	return send(&m);
}

static struct client *attached(int32_t id)
{
	struct client *cl;

	for (cl = dom.attached; cl; cl = cl->next)
		if (cl->id == id)
			return cl;
	return NULL;
}

/* ---- attach, create static, release ---------------------------------------- */

static void attach__root_and_sensors_by_pd_bits(void **state)
{
	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(attach(6, PD_SENSORS), 0);
	assert_int_equal(attached(5)->kind, ATTACH_ROOT);
	assert_int_equal(attached(6)->kind, ATTACH_SENSORS);
	assert_int_equal(attach(7, PD_USER), ERR(EBADPARM));
	assert_int_equal(attach(7, 3), ERR(EBADPARM));
	assert_null(attached(7));
	assert_int_equal(atomic_load(&dom.st.attaches), 2);
}

static void attach__refuses_a_client_that_exists(void **state)
{
	struct fr_payload p;
	struct fastrpc_msg m;
	int32_t id = 8;

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(attach(5, PD_ROOT), ERR(EBADSTATE));
	assert_int_equal(attach(5, PD_SENSORS), ERR(EBADSTATE));
	assert_int_equal(create_static(5, "audiopd", 8, NULL, 0, 0), ERR(EBADSTATE));
	/* The id in the argument is the message's pid. */
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	m = fr_msg(9, ctx_of(PD_ROOT), HANDLE_INIT, SC_MAKE(INIT_ATTACH, 1, 0), &p);
	assert_int_equal(send(&m), ERR(EBADPARM));
	assert_null(attached(8));
	assert_null(attached(9));
}

/* msg.ctx comes back whole, sequence bits and all. */
static void answer__echoes_every_bit_of_ctx(void **state)
{
	struct fr_payload p;
	struct fastrpc_msg m;
	int32_t id = 5;

	(void)state;
	fr_payload_init(&p, PAY, 1);
	fr_buf(&p, 0, &id, sizeof(id));
	m = fr_msg(id, 0xfedcba9876543a52ull, HANDLE_INIT, SC_MAKE(INIT_ATTACH, 1, 0), &p);
	assert_int_equal(send(&m), 0);
	assert_int_equal(attached(5)->kind, ATTACH_SENSORS);
}

static void create_static__known_names_only(void **state)
{
	(void)state;
	assert_int_equal(create_static(5, "audiopd", 8, NULL, 0, 0), 0);
	assert_int_equal(attached(5)->kind, ATTACH_STATIC);
	assert_string_equal(attached(5)->name, "audiopd");
	assert_int_equal(create_static(6, "ovpd", 5, NULL, 0, 0), ERR(ENOSUCHMOD));
	assert_null(attached(6));
	assert_int_equal(init_add_static_pd("ovpd"), 0);
	assert_int_equal(create_static(6, "ovpd", 5, NULL, 0, 0), 0);
	/* The name with its NUL, exactly namelen long. */
	assert_int_equal(create_static(7, "audiopdX", 8, NULL, 0, 0), ERR(EBADPARM));
	assert_int_equal(create_static(7, "audiopd", 0, NULL, 0, 0), ERR(EBADPARM));
	assert_int_equal(create_static(7, "audio", 4, NULL, 0, 0), ERR(EBADPARM));
}

static void create_static__heap_pages_checked(void **state)
{
	struct phy_page heap[VDSPD_MAX_STATIC_PAGES + 1];
	uint32_t i;

	(void)state;
	for (i = 0; i <= VDSPD_MAX_STATIC_PAGES; i++)
		heap[i] = (struct phy_page){ (SPARE + i * PAGE) | (1ull << 32), PAGE };
	assert_int_equal(create_static(5, "audiopd", 8, heap, 2, 2 * sizeof(heap[0])), 0);
	assert_int_equal(attached(5)->heap_pages, 2);
	assert_int_equal(create_static(6, "audiopd", 8, heap, 17, 17 * sizeof(heap[0])),
			 ERR(EBADPARM));
	assert_int_equal(create_static(6, "audiopd", 8, heap, 2, sizeof(heap[0])),
			 ERR(EBADPARM));
	heap[1].addr += 8;			/* unaligned */
	assert_int_equal(create_static(6, "audiopd", 8, heap, 2, 2 * sizeof(heap[0])),
			 ERR(EBADPARM));
	heap[1] = (struct phy_page){ 0x3000, PAGE };	/* not RAM */
	assert_int_equal(create_static(6, "audiopd", 8, heap, 2, 2 * sizeof(heap[0])),
			 ERR(EBADPARM));
	heap[1] = (struct phy_page){ SPARE, 0 };
	assert_int_equal(create_static(6, "audiopd", 8, heap, 2, 2 * sizeof(heap[0])),
			 ERR(EBADPARM));
	heap[1] = (struct phy_page){ 0xfffff000u, 2 * PAGE };	/* past 4 GiB */
	assert_int_equal(create_static(6, "audiopd", 8, heap, 2, 2 * sizeof(heap[0])),
			 ERR(EBADPARM));
	assert_null(attached(6));
	assert_int_equal(atomic_load(&dom.st.bad), 4);
}

static void init_add_static_pd__names_and_bound(void **state)
{
	char name[80];
	unsigned int i;

	(void)state;
	assert_int_equal(init_add_static_pd(""), -EINVAL);
	memset(name, 'a', 64);
	name[64] = 0;
	assert_int_equal(init_add_static_pd(name), -EINVAL);
	name[63] = 0;
	assert_int_equal(init_add_static_pd(name), 0);
	assert_int_equal(init_add_static_pd("audiopd"), 0);	/* known already */
	/* "ovpd" and the 63 a's are in: six more fit. */
	for (i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "pd%u", i);
		assert_int_equal(init_add_static_pd(name), 0);
	}
	assert_int_equal(init_add_static_pd("onetoomany"), -ENOSPC);
	assert_int_equal(create_static(5, "pd5", 4, NULL, 0, 0), 0);
}

static void release__ends_attachments_and_mappings(void **state)
{
	uint64_t v = 0, v2 = 0;

	(void)state;
	assert_int_equal(attach(5, PD_SENSORS), 0);
	assert_int_equal(create_static(6, "audiopd", 8, NULL, 0, 0), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, PAGE, &v), 0);
	assert_int_equal(mem_map_call(6, 3, SPARE, 2 * PAGE, 0, &v2), 0);
	assert_int_equal(release(5), 0);
	assert_int_equal(release(6), 0);
	assert_null(dom.attached);
	assert_null(dom.cstates);
	assert_int_equal(munmap_call(5, v, PAGE), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, PAGE, &v), ERR(EBADSTATE));
	assert_int_equal(release(5), ERR(ENOSUCHPROCESS));
	/* A new client of the same id starts afresh. */
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, PAGE, &v), 0);
	assert_int_equal(v, VDSPD_VADDR_FIRST);
}

/* ---- mappings ---------------------------------------------------------------- */

static void mmap__heap_pages_get_dsp_addresses(void **state)
{
	uint64_t v1 = 0, v2 = 0, v;

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE | (3ull << 32), 2 * PAGE, &v1),
			 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE + 8 * PAGE, PAGE, &v2), 0);
	assert_int_equal(v1, 0x20000000);
	assert_int_equal(v2, v1 + 0x10000);	/* in steps of 64 KiB */
	assert_int_equal(atomic_load(&dom.st.maps), 2);

	assert_int_equal(mmap_call(5, 5, 0, SPARE, PAGE, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES | 1, SPARE, PAGE, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 6, MMAP_ADD_PAGES, SPARE, PAGE, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(6, 6, MMAP_ADD_PAGES, SPARE, PAGE, &v), ERR(EBADSTATE));
	assert_int_equal(atomic_load(&dom.st.bad), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE + 1, PAGE, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, 0, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, PAGE + 1, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, 0x4000, PAGE, &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, RAM_BASE + RAM_SIZE - PAGE, 2 * PAGE,
				   &v), ERR(EBADPARM));
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, 0xfffff000u, 0x2000, &v),
			 ERR(EBADPARM));
	assert_int_equal(atomic_load(&dom.st.bad), 6);
	assert_int_equal(atomic_load(&dom.st.maps), 2);
}

static void munmap__must_name_an_mmap_exactly(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, 2 * PAGE, &v), 0);
	assert_int_equal(munmap_call(5, v, PAGE), ERR(EBADPARM));
	assert_int_equal(munmap_call(5, v + PAGE, PAGE), ERR(EBADPARM));
	assert_int_equal(mem_unmap_call(5, 0, v, 2 * PAGE), ERR(EBADPARM));
	assert_int_equal(munmap_call(5, v, 2 * PAGE), 0);
	assert_int_equal(munmap_call(5, v, 2 * PAGE), ERR(EBADPARM));
	assert_int_equal(atomic_load(&dom.st.unmaps), 1);
}

static void mem_map__and_unmap_by_fd_address_and_length(void **state)
{
	uint64_t v = 0, v2 = 0;

	(void)state;
	assert_int_equal(create_static(5, "audiopd", 8, NULL, 0, 0), 0);
	assert_int_equal(mem_map_call(5, 3, SPARE, 4 * PAGE, 0, &v), 0);
	assert_int_equal(mem_map_call(5, 3, SPARE, 4 * PAGE, 0, &v2), 0);
	assert_int_equal(v2, v + 0x10000);
	assert_int_equal(mem_map_call(5, 3, SPARE, 4 * PAGE, 8, &v2), ERR(EBADPARM));
	assert_int_equal(mem_map_call(5, -1, SPARE, 4 * PAGE, 0, &v2), ERR(EBADPARM));
	assert_int_equal(mem_map_call(5, 3, 0x8000, PAGE, 0, &v2), ERR(EBADPARM));
	assert_int_equal(mem_unmap_call(5, 4, v, 4 * PAGE), ERR(EBADPARM));
	assert_int_equal(mem_unmap_call(5, 3, v, 3 * PAGE), ERR(EBADPARM));
	assert_int_equal(munmap_call(5, v, 4 * PAGE), ERR(EBADPARM));
	assert_int_equal(mem_unmap_call(5, 3, v, 4 * PAGE), 0);
	assert_int_equal(mem_unmap_call(5, 3, v, 4 * PAGE), ERR(EBADPARM));
	assert_int_equal(atomic_load(&dom.st.maps), 2);
	assert_int_equal(atomic_load(&dom.st.unmaps), 1);
}

/* ---- the native lab skeleton ------------------------------------------------- */

static int32_t skel(int32_t pid, uint32_t handle, uint32_t sc, const void *in, uint32_t inlen,
		    uint32_t outlen, void *out)
{
	unsigned int nin = SC_INBUFS(sc), nout = SC_OUTBUFS(sc), nh = SC_INHANDLES(sc) +
		SC_OUTHANDLES(sc), i;
	struct fr_payload p;
	struct fastrpc_msg m;
	uint64_t o = 0;
	int32_t ret;

	fr_payload_init(&p, PAY, nin + nout + nh);
	for (i = 0; i < nin; i++)
		fr_buf(&p, i, in, inlen);
	for (i = 0; i < nout; i++)
		o = fr_buf(&p, nin + i, NULL, outlen);
	for (i = 0; i < nh; i++)
		fr_handle(&p, nin + nout + i, 20 + i, 0, 8, SPARE + i * PAGE, PAGE);
	m = fr_msg(pid, ctx_of(PD_USER), handle, sc, &p);
	ret = send(&m);
	if (out && nout)
		memcpy(out, fr_at(o), outlen);
	return ret;
}

static uint64_t *fdlist(unsigned int nscalars)
{
	return fr_at(PAY + nscalars * 40);
}

static void native_skel__null_and_echo_like_the_shell(void **state)
{
	char out[6] = { 0 };

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, 0,
			      NULL), 0);
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1), "hello", 5, 6,
			      out), 0);
	assert_string_equal(out, "hello");
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 1, 0), "x", 1, 0,
			      NULL), ERR(EBADPARM));
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 2, 1), "x", 1, 1,
			      NULL), ERR(EBADPARM));
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_SUM, 1, 1), "xxxx", 4, 8,
			      NULL), ERR(EUNSUPPORTED));
	assert_int_equal(skel(5, 0x1234, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, 0, NULL),
			 ERR(EUNSUPPORTED));
	assert_int_equal(skel(6, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, 0,
			      NULL), ERR(EBADSTATE));
	assert_int_equal(atomic_load(&dom.st.native), 6);
}

/* Nothing keeps a handle passed to a PD with no shell: the answer lets go of it. */
static void native_skel__handles_let_go_of_in_the_answer(void **state)
{
	(void)state;
	assert_int_equal(attach(5, PD_SENSORS), 0);
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_FULL(LAB_METHOD_NULL, 0, 0, 2, 1), NULL, 0,
			      0, NULL), ERR(EBADPARM));
	assert_int_equal(fdlist(3)[0], 20);
	assert_int_equal(fdlist(3)[1], 21);
	assert_int_equal(fdlist(3)[2], 22);
	assert_int_equal(fdlist(3)[3], 0);
	/* Init methods take no handles either. */
	assert_int_equal(skel(5, HANDLE_INIT, SC_FULL(INIT_MUNMAP, 1, 0, 1, 0), "x", 1, 0, NULL),
			 ERR(EBADPARM));
	assert_int_equal(fdlist(2)[0], 20);
}

/* ---- remotectl where no shell runs ------------------------------------------------ */

/* open (handle 0 method 0, or handle 8 method 2) of @name, with @errlen of dlerror room. */
static int32_t rctl_open(int32_t pid, uint32_t handle, uint32_t method, const char *name,
			 uint32_t namelen, uint32_t errlen, uint32_t out0len, uint32_t out0[2],
			 char *err)
{
	uint32_t in0[2] = { namelen, errlen };
	struct fr_payload p;
	struct fastrpc_msg m;
	uint64_t o0, o1;
	int32_t ret;

	fr_payload_init(&p, PAY, 4);
	fr_buf(&p, 0, in0, sizeof(in0));
	fr_buf(&p, 1, name, namelen);
	o0 = fr_buf(&p, 2, NULL, out0len);
	o1 = fr_buf(&p, 3, NULL, errlen);
	memset(fr_at(o0), 0xee, out0len);
	memset(fr_at(o1), 0xee, errlen);
	m = fr_msg(pid, ctx_of(PD_USER), handle, SC_MAKE(method, 2, 2), &p);
	ret = send(&m);
	memcpy(out0, fr_at(o0), out0len < 8 ? out0len : 8);
	memcpy(err, fr_at(o1), errlen);
	return ret;
}

static int32_t rctl_close(int32_t pid, uint32_t handle, uint32_t method, uint32_t h,
			  uint32_t errlen, uint32_t out0len, uint32_t *nerr, char *err)
{
	uint32_t in0[2] = { h, errlen };
	struct fr_payload p;
	struct fastrpc_msg m;
	uint64_t o0, o1;
	int32_t ret;

	fr_payload_init(&p, PAY, 3);
	fr_buf(&p, 0, in0, sizeof(in0));
	o0 = fr_buf(&p, 1, NULL, out0len);
	o1 = fr_buf(&p, 2, NULL, errlen);
	memset(fr_at(o1), 0xee, errlen);
	m = fr_msg(pid, ctx_of(PD_USER), handle, SC_MAKE(method, 1, 2), &p);
	ret = send(&m);
	memcpy(nerr, fr_at(o0), 4);
	memcpy(err, fr_at(o1), errlen);
	return ret;
}

/* As a root PD with no loader: no name opens, no handle closes, and the calls succeed. */
static void remotectl_native__answers_like_a_pd_without_a_loader(void **state)
{
	uint32_t out0[2] = { 0 }, nerr = 0;
	char err[256];

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(attach(6, PD_SENSORS), 0);
	assert_int_equal(create_static(7, "audiopd", 8, NULL, 0, 0), 0);

	assert_int_equal(rctl_open(5, REMOTECTL1_HANDLE, REMOTECTL1_OPEN1, "lab", 4, 256, 8, out0,
				   err), 0);
	assert_int_equal(out0[0], 0);
	assert_int_equal(out0[1], (uint32_t)ERR(ENOSUCHMOD));
	assert_string_equal(err, "the virtual DSP's root PD loads no modules");
	assert_int_equal(rctl_open(6, REMOTECTL_HANDLE, REMOTECTL_OPEN, "file:///liblab_skel.so",
				   23, 256, 8, out0, err), 0);
	assert_int_equal(out0[1], (uint32_t)ERR(ENOSUCHMOD));
	assert_string_equal(err, "the virtual DSP's sensors PD loads no modules");
	/* dlerror cut to the room given, NUL-terminated; none asked, none written. */
	assert_int_equal(rctl_open(7, REMOTECTL_HANDLE, REMOTECTL_OPEN, "lab", 4, 12, 8, out0,
				   err), 0);
	assert_string_equal(err, "the virtual");
	assert_int_equal(rctl_open(7, REMOTECTL_HANDLE, REMOTECTL_OPEN, "lab", 4, 0, 8, out0,
				   err), 0);
	assert_int_equal(out0[1], (uint32_t)ERR(ENOSUCHMOD));

	/* close of any handle, 0 included: the call every PD answers. */
	assert_int_equal(rctl_close(5, REMOTECTL_HANDLE, REMOTECTL_CLOSE, 0, 256, 4, &nerr, err),
			 0);
	assert_int_equal(nerr, (uint32_t)ERR(EBADPARM));
	assert_string_equal(err, "the virtual DSP's root PD has no module open (handle 0x0)");
	assert_int_equal(rctl_close(7, REMOTECTL1_HANDLE, REMOTECTL1_CLOSE1, LAB_SKEL_HANDLE, 256,
				    4, &nerr, err), 0);
	assert_int_equal(nerr, (uint32_t)ERR(EBADPARM));
	assert_string_equal(err, "the virtual DSP's audiopd PD has no module open (handle 0x10)");
	assert_int_equal(atomic_load(&dom.st.native), 6);
}

static void remotectl_native__malformed_is_ebadparm(void **state)
{
	uint32_t out0[2], nerr;
	char err[64];

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	/* The name: not NUL-terminated, not as long as in 0 says, empty. */
	assert_int_equal(rctl_open(5, REMOTECTL_HANDLE, REMOTECTL_OPEN, "labx", 4, 64, 8, out0,
				   err), ERR(EBADPARM));
	assert_int_equal(rctl_open(5, REMOTECTL_HANDLE, REMOTECTL_OPEN, "lab", 0, 64, 8, out0,
				   err), ERR(EBADPARM));
	assert_int_equal(rctl_open(5, REMOTECTL_HANDLE, REMOTECTL_OPEN, "lab", 4, 64, 4, out0,
				   err), ERR(EBADPARM));
	assert_int_equal(rctl_close(5, REMOTECTL_HANDLE, REMOTECTL_CLOSE, 0, 64, 8, &nerr, err),
			 ERR(EBADPARM));
	/* Wrong counts: open's layout to close's method and the other way round. */
	assert_int_equal(rctl_open(5, REMOTECTL_HANDLE, REMOTECTL_CLOSE, "lab", 4, 64, 8, out0,
				   err), ERR(EBADPARM));
	assert_int_equal(rctl_close(5, REMOTECTL1_HANDLE, REMOTECTL1_OPEN1, 0, 64, 4, &nerr, err),
			 ERR(EBADPARM));
	/* Handles in the call. */
	assert_int_equal(skel(5, REMOTECTL_HANDLE, SC_FULL(REMOTECTL_CLOSE, 1, 2, 1, 0), "xxxxxxxx",
			      8, 4, NULL), ERR(EBADPARM));
	/* Other methods; remotectl1's own open and close. */
	assert_int_equal(skel(5, REMOTECTL_HANDLE, SC_MAKE(2, 0, 0), NULL, 0, 0, NULL),
			 ERR(EUNSUPPORTED));
	assert_int_equal(skel(5, REMOTECTL1_HANDLE, SC_MAKE(0, 0, 0), NULL, 0, 0, NULL),
			 ERR(EUNSUPPORTED));
	assert_int_equal(skel(5, REMOTECTL1_HANDLE, SC_MAKE(1, 0, 0), NULL, 0, 0, NULL),
			 ERR(EUNSUPPORTED));
}

/* ---- LAB_CTL -------------------------------------------------------------------- */

static int32_t ctl(int32_t pid, uint32_t method, const void *in, uint32_t inlen, uint32_t nout,
		   void *out, uint32_t outlen)
{
	return skel(pid, LAB_CTL_HANDLE, SC_MAKE(method, in ? 1 : 0, nout), in, inlen, outlen,
		    out);
}

static uint64_t count_of(int32_t pid, uint32_t handle, uint32_t method)
{
	uint32_t key[2] = { handle, method };
	uint64_t n = 0;

	assert_int_equal(ctl(pid, LAB_CTL_COUNT, key, sizeof(key), 1, &n, sizeof(n)), 0);
	return n;
}

/* Counted as received, before any check: malformed calls too. */
static void lab_ctl__counts_calls_on_arrival(void **state)
{
	struct fastrpc_msg m;

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(skel(5, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, 0,
			      NULL), 0);
	m = fr_msg(5, ctx_of(PD_USER), LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 1, 0), NULL);
	m.size = 100;				/* not a payload */
	assert_int_equal(send(&m), ERR(EBADPARM));
	assert_int_equal(send(&m), ERR(EBADPARM));	/* sent twice: counted twice */
	assert_int_equal(count_of(5, LAB_SKEL_HANDLE, LAB_METHOD_NULL), 3);
	assert_int_equal(count_of(5, LAB_CTL_HANDLE, LAB_CTL_COUNT), 2);
	assert_int_equal(count_of(6, LAB_SKEL_HANDLE, LAB_METHOD_NULL), 0);
	assert_int_equal(ctl(5, LAB_CTL_RESET_COUNT, NULL, 0, 0, NULL, 0), 0);
	assert_int_equal(count_of(5, LAB_SKEL_HANDLE, LAB_METHOD_NULL), 0);
	assert_int_equal(count_of(5, HANDLE_INIT, INIT_ATTACH), 0);
}

static void lab_ctl__misbehave_on_the_next_answers(void **state)
{
	uint32_t mode[2] = { LAB_MISBEHAVE_TWICE, 2 };
	struct fastrpc_msg m;
	int i;

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	/* Its own answer is a plain one. */
	assert_int_equal(ctl(5, LAB_CTL_MISBEHAVE, mode, sizeof(mode), 0, NULL, 0), 0);
	fr_no_answer(peer);
	for (i = 0; i < 2; i++) {
		m = fr_msg(5, ctx_of(PD_USER), LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0),
			   NULL);
		assert_int_equal(send(&m), 0);
		assert_int_equal(fr_answer(peer, m.ctx), 0);
	}
	m = fr_msg(5, ctx_of(PD_USER), LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL);
	assert_int_equal(send(&m), 0);
	fr_no_answer(peer);

	mode[0] = LAB_MISBEHAVE_NEVER;
	mode[1] = 1;
	assert_int_equal(ctl(5, LAB_CTL_MISBEHAVE, mode, sizeof(mode), 0, NULL, 0), 0);
	m = fr_msg(5, ctx_of(PD_USER), LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL);
	dispatch(&dom, &m, sizeof(m));
	fr_no_answer(peer);
	mode[0] = LAB_MISBEHAVE_LAST + 1;
	assert_int_equal(ctl(5, LAB_CTL_MISBEHAVE, mode, sizeof(mode), 0, NULL, 0), ERR(EBADPARM));
	assert_int_equal(atomic_load(&dom.st.misbehaved), 3);
}

/* PEEK reads at an IOVA of the call's bank; one the edge does not map faults. */
static void lab_ctl__peek_reads_the_bank_or_faults(void **state)
{
	struct lab_peek r = { .iova = SPARE, .len = 8 };
	uint8_t got[8] = { 0 };

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	memcpy(fr_at(SPARE), "peekaboo", 8);
	assert_int_equal(ctl(5, LAB_CTL_PEEK, &r, sizeof(r), 1, got, sizeof(got)), 0);
	assert_memory_equal(got, "peekaboo", 8);
	/* Beyond the fake memory: the edge refuses, as an SMMU faults. */
	r.iova = RAM_BASE + RAM_SIZE;
	assert_int_equal(ctl(5, LAB_CTL_PEEK, &r, sizeof(r), 1, got, sizeof(got)),
			 ERR(ENOSUCHPROCESS));
	r.iova = SPARE;
	r.len = LAB_PEEK_MAX + 1;
	assert_int_equal(ctl(5, LAB_CTL_PEEK, &r, sizeof(r), 1, got, sizeof(got)), ERR(EBADPARM));
	r.len = 8;
	r.pad = 1;
	assert_int_equal(ctl(5, LAB_CTL_PEEK, &r, sizeof(r), 1, got, sizeof(got)), ERR(EBADPARM));
}

/* HOLD keeps its handles; any other call lets go of its own; DROP of the named. */
static void lab_ctl__hold_keeps_others_let_go(void **state)
{
	uint32_t key[2] = { 0, 0 }, fd = 20;
	uint64_t n;

	(void)state;
	assert_int_equal(create_static(5, "audiopd", 8, NULL, 0, 0), 0);
	assert_int_equal(skel(5, LAB_CTL_HANDLE, SC_FULL(LAB_CTL_HOLD, 0, 0, 1, 0), NULL, 0, 0,
			      NULL), 0);
	assert_int_equal(fdlist(1)[0], 0);
	assert_int_equal(skel(5, LAB_CTL_HANDLE, SC_FULL(LAB_CTL_COUNT, 1, 1, 1, 0), key, 8, 8,
			      &n), 0);
	assert_int_equal(fdlist(3)[0], 20);
	assert_int_equal(fdlist(3)[1], 0);
	assert_int_equal(ctl(5, LAB_CTL_DROP, &fd, 4, 0, NULL, 0), 0);
	assert_int_equal(fdlist(1)[0], 20);
	assert_int_equal(fdlist(1)[1], 0);
	assert_int_equal(ctl(5, LAB_CTL_DROP, &fd, 4, 0, NULL, 0), ERR(EBADPARM));
	assert_int_equal(fdlist(1)[0], 0);
}

/* ---- DOWN -------------------------------------------------------------------------- */

static void domain_down__forgets_every_client(void **state)
{
	uint32_t mode[2] = { LAB_MISBEHAVE_LATE_DUP, 1 };
	struct fastrpc_msg m;
	uint64_t v = 0;

	(void)state;
	assert_int_equal(attach(5, PD_ROOT), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, PAGE, &v), 0);
	assert_int_equal(ctl(5, LAB_CTL_MISBEHAVE, mode, sizeof(mode), 0, NULL, 0), 0);
	m = fr_msg(5, ctx_of(PD_USER), LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL);
	assert_int_equal(send(&m), 0);
	assert_int_equal(edge_timer_pending(&dom), 1);
	domain_down(&dom);
	assert_null(dom.attached);
	assert_null(dom.cstates);
	assert_int_equal(edge_timer_pending(&dom), 0);
	assert_int_equal(mmap_call(5, 5, MMAP_ADD_PAGES, SPARE, PAGE, &v), ERR(EBADSTATE));
	assert_int_equal(atomic_load(&dom.st.downs), 1);
}

static void dispatch__short_message_is_dropped(void **state)
{
	uint8_t raw[39] = { 0 };

	(void)state;
	dispatch(&dom, raw, sizeof(raw));
	fr_no_answer(peer);
	assert_int_equal(atomic_load(&dom.st.bad), 1);
}

#define T(f)	cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(attach__root_and_sensors_by_pd_bits),
		T(attach__refuses_a_client_that_exists),
		T(answer__echoes_every_bit_of_ctx),
		T(create_static__known_names_only),
		T(create_static__heap_pages_checked),
		T(init_add_static_pd__names_and_bound),
		T(release__ends_attachments_and_mappings),
		T(mmap__heap_pages_get_dsp_addresses),
		T(munmap__must_name_an_mmap_exactly),
		T(mem_map__and_unmap_by_fd_address_and_length),
		T(native_skel__null_and_echo_like_the_shell),
		T(native_skel__handles_let_go_of_in_the_answer),
		T(remotectl_native__answers_like_a_pd_without_a_loader),
		T(remotectl_native__malformed_is_ebadparm),
		T(lab_ctl__counts_calls_on_arrival),
		T(lab_ctl__misbehave_on_the_next_answers),
		T(lab_ctl__peek_reads_the_bank_or_faults),
		T(lab_ctl__hold_keeps_others_let_go),
		T(domain_down__forgets_every_client),
		T(dispatch__short_message_is_dropped),
	};

	guard_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
