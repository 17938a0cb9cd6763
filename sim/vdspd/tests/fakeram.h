/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What vdspd's unit tests share: a fake physical memory behind a struct
 * mapper, payloads laid out in it the way the driver lays them out, and a
 * domain whose answers go to a socketpair the test reads.
 */
#ifndef FAKERAM_H
#define FAKERAM_H

#include <stdint.h>

#include "vdspd.h"

#define RAM_BASE	0x10000000ull
#define RAM_SIZE	(8u << 20)
#define PAY		(RAM_BASE + 0x100000)	/* a payload's DMA address */
#define SPARE		(RAM_BASE + 0x400000)	/* pages for mappings and handles */

extern uint8_t *fr_ram;
extern int fr_nmapped;		/* mappings made and not undone */
extern const struct mapper fr_mapper;

void *fr_at(uint64_t phys);
void fr_setup(void);
void fr_teardown(void);		/* asserts every mapping was undone */

/* A test's fixture: the memory and a domain answering into *@peer. */
void fr_fixture_up(struct domain *d, int *peer);
/* Nothing more answered, the domain and the memory gone. */
void fr_fixture_down(struct domain *d, int peer);

/* A payload under construction at @pay for @n scalars. */
struct fr_payload {
	uint64_t pay;
	unsigned int n;
	struct remote_buf *rpra;
	struct invoke_buf *list;
	struct phy_page *pages;
	uint64_t *fdlist;
	uint64_t next;		/* where the next copy goes */
};

void fr_payload_init(struct fr_payload *p, uint64_t pay, unsigned int n);
/* Buffer @i copied into the payload (an input with @data, or an output). */
uint64_t fr_buf(struct fr_payload *p, unsigned int i, const void *data, uint64_t len);
/* Handle @i: fd, range, and the whole buffer at physical @buf of @size. */
void fr_handle(struct fr_payload *p, unsigned int i, int32_t fd, uint32_t off,
	       uint32_t len, uint64_t buf, uint64_t size);
struct fastrpc_msg fr_msg(int32_t pid, uint64_t ctx, uint32_t handle, uint32_t sc,
			  const struct fr_payload *p);
/*
 * Handle 1's memory methods from @pid as the driver sends them, their
 * payload at @pay, one page [@addr, @addr + @size) to a map.  A map's
 * output, the address it answers, is at *@out once the call is answered
 * (fr_at()).  A mem map's third input is @in2len (8 at most) zero bytes.
 */
struct fastrpc_msg fr_mmap_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
			       uint32_t flags, uint64_t addr, uint64_t size, uint64_t *out);
struct fastrpc_msg fr_munmap_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
				 uint64_t vaddr, uint64_t size);
struct fastrpc_msg fr_mem_map_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
				  int32_t fd, uint64_t addr, uint64_t size, uint32_t in2len,
				  uint64_t *out);
struct fastrpc_msg fr_mem_unmap_msg(uint64_t pay, int32_t pid, uint64_t ctx, int32_t pgid,
				    int32_t fd, uint64_t vaddr, uint64_t len);
/* A call decoded from @msg (asserts it decodes). */
struct call *fr_decode(struct domain *d, const struct fastrpc_msg *msg);

/* The scalars with handles, which SC_MAKE leaves out. */
#define SC_FULL(m, in, out, hin, hout) \
	(SC_MAKE(m, in, out) | ((uint32_t)(hin) << 4) | (uint32_t)(hout))

/* A domain named "test" answering into a socketpair; *peer reads answers. */
void fr_domain_init(struct domain *d, int *peer);
void fr_domain_fini(struct domain *d, int peer);
/* The next message the domain sent: its length, 0 if none waits. */
size_t fr_recv(int peer, void *buf, size_t len);
/* The next answer, which must be a whole one: its retval. */
int32_t fr_answer(int peer, uint64_t ctx);
/* The next answer, waited for (one a worker thread sends): its retval. */
int32_t fr_answer_wait(int peer, uint64_t ctx);
/* Asserts that nothing more was sent. */
void fr_no_answer(int peer);

#endif /* FAKERAM_H */
