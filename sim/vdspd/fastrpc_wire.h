/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The FastRPC wire format as a DSP reads it (drivers/misc/fastrpc.c, Linux
 * 6.12): the driver's message, the answer, the payload's metadata and the
 * create call's first input buffer.  Shared by vdspd and the lab's
 * scripted DSP (tests/vm/progs/fakedsp.c).
 */
#ifndef FASTRPC_WIRE_H
#define FASTRPC_WIRE_H

#include <stdint.h>

struct fastrpc_msg {
	int32_t pid;		/* client id of the session, 0 for kernel calls */
	int32_t tid;
	uint64_t ctx;		/* context id << 4 | pd type */
	uint32_t handle;
	uint32_t sc;
	uint64_t addr;		/* payload DMA address | stream id << 32 */
	uint64_t size;		/* payload size, page multiple */
};

struct fastrpc_invoke_rsp {
	uint64_t ctx;
	int32_t retval;
	uint32_t pad;		/* upstream's struct is padded to 16 bytes */
};

struct remote_buf {
	uint64_t pv;
	uint64_t len;
};

struct invoke_buf {
	uint32_t num;
	uint32_t pgidx;
};

struct phy_page {
	uint64_t addr;
	uint64_t size;
};

_Static_assert(sizeof(struct fastrpc_msg) == 40, "fastrpc_msg is 40 bytes");
_Static_assert(sizeof(struct fastrpc_invoke_rsp) == 16, "rsp is 16 bytes");

#define FASTRPC_MAX_FDLIST	16
#define FASTRPC_MAX_CRCLIST	64
#define FASTRPC_PAGE_SIZE	4096u
#define FASTRPC_PAGE_MASK	((uint64_t)FASTRPC_PAGE_SIZE - 1)

#define SC_ATTRS(sc)	(((sc) >> 29) & 0x7)
#define SC_METHOD(sc)	(((sc) >> 24) & 0x1f)
#define SC_INBUFS(sc)	(((sc) >> 16) & 0xff)
#define SC_OUTBUFS(sc)	(((sc) >> 8) & 0xff)
#define SC_INHANDLES(sc)	(((sc) >> 4) & 0xf)
#define SC_OUTHANDLES(sc)	((sc) & 0xf)
#define SC_MAKE(method, in, out) \
	(((uint32_t)(method) << 24) | ((uint32_t)(in) << 16) | ((uint32_t)(out) << 8))

/* A handle argument's entry, in the same array as struct remote_buf. */
struct remote_handle {
	int32_t fd;
	uint32_t offset;
	uint32_t len;
	uint32_t pad;
};

_Static_assert(sizeof(struct remote_handle) == sizeof(struct remote_buf),
	       "a handle takes a buffer's slot");

/* Static handles and the process-init methods. */
#define HANDLE_INIT		1
#define HANDLE_UTILS		2
#define INIT_ATTACH		0
#define INIT_RELEASE		1
#define INIT_MMAP		4
#define INIT_MUNMAP		5
#define INIT_CREATE		6
#define INIT_CREATE_ATTR	7
#define INIT_CREATE_STATIC	8
#define INIT_MEM_MAP		10
#define INIT_MEM_UNMAP		11

/*
 * msg.ctx is the driver's: a DSP echoes all 64 bits in its answer.  The
 * accel driver puts a sequence number in bits 12..63, the context id in
 * 4..11 and the PD type in 0..3; a DSP may read the PD type (attach says
 * which PD with it) and nothing above bit 11.
 */
#define CTX_PD_MASK		0xfull
#define CTX_ID_MASK		0xff0ull
#define CTX_SEQ_SHIFT		12
#define CTX_PD(ctx)		((unsigned int)((ctx) & CTX_PD_MASK))

/* PD types in the low bits of msg.ctx. */
#define PD_ROOT			0
#define PD_USER			1
#define PD_SENSORS		2

/*
 * Create static: in 0 struct create_static_inbuf, in 1 the PD's name
 * (namelen bytes with the NUL), in 2 pageslen struct phy_page (the heap the
 * driver lends, possibly none).
 */
struct create_static_inbuf {
	int32_t client_id;
	uint32_t namelen;
	uint32_t pageslen;
};

/* mmap (pages for the process heap): in 0; in 1 one phy_page; out 0 u64 vaddr. */
#define MMAP_ADD_PAGES		0x1000
struct mmap_req {
	int32_t pgid;
	uint32_t flags;
	uint64_t vaddr;
	int32_t num;
	uint32_t pad;
};

/* munmap: in 0 only; must name an mmap of the client exactly. */
struct munmap_req {
	int32_t pgid;
	uint32_t pad;
	uint64_t vaddr;
	uint64_t size;
};

/* mem map: in 0; in 1 one phy_page; in 2 empty; out 0 u64 vaddr. */
struct mem_map_req {
	int32_t pgid;
	int32_t fd;
	int32_t offset;
	uint32_t flags;
	uint64_t vaddrin;
	int32_t num;
	int32_t data_len;
};

/* mem unmap: in 0 only; must name a mem map of the client (fd, address, length). */
struct mem_unmap_req {
	int32_t pgid;
	int32_t fd;
	uint64_t vaddrin;
	uint64_t len;
};

_Static_assert(sizeof(struct create_static_inbuf) == 12, "create_static_inbuf is 12 bytes");
_Static_assert(sizeof(struct mmap_req) == 24, "mmap_req is 24 bytes");
_Static_assert(sizeof(struct munmap_req) == 24, "munmap_req is 24 bytes");
_Static_assert(sizeof(struct mem_map_req) == 32, "mem_map_req is 32 bytes");
_Static_assert(sizeof(struct mem_unmap_req) == 24, "mem_unmap_req is 24 bytes");

/* The first input buffer of create (upstream's fastrpc_init_create_process). */
struct create_inbuf {
	int32_t client_id;
	uint32_t namelen;
	uint32_t filelen;
	uint32_t pageslen;
	uint32_t attrs;
	uint32_t siglen;
};

#endif /* FASTRPC_WIRE_H */
