// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DSP process: serves calls from vdspd, speaking shell_proto.h on
 * standard input and output, one call at a time, in order.  Between calls
 * vdspd may place or remove the client's mappings (struct shell_map), and
 * before the first one hand it modules of the DSP image (struct
 * shell_preload).  During a call a skeleton may read and write DSP memory
 * through vdspd (shell_mem_*) or directly where a mapping is placed, and
 * the shell may call the host (rcall.c); every handle argument is let go
 * of in the call's reply unless the skeleton keeps it in the process's
 * table (shell_keep, shell_drop).
 *
 * Errors the stream survives (a buffer over SHELL_MAX_BUF_LEN, no memory
 * for the buffers, an unknown handle, a skeleton's refusal) are answered
 * with an error retval and the next call is served.  Errors that lose the
 * stream's framing (bad magic, nbufs not the in + out count of sc or over
 * SHELL_MAX_BUFS, a preload record after the first call) are answered with
 * AEE_EBADPARM, so the caller is not left waiting, and the shell exits; a
 * preload record of impossible lengths ends it without an answer.  Exit
 * status:
 *   0  end of file on standard input between calls
 *   1  end of file inside a call, a read or write error, or a malformed
 *      answer from vdspd to a memory request
 *   2  a call that lost the framing
 *   3  a skeleton smashed its stack or failed an assertion (exports.c)
 */
#include "rt.h"
#include "skel.h"

#define EXIT_EOF	0
#define EXIT_IO		1
#define EXIT_FRAMING	2

#define SHELL_IN	0
#define SHELL_OUT	1

#define MAX_MAPPINGS	64
#define PAGE_SIZE	4096u

/* Read by doctor: the lab's shell says what it is. */
__attribute__((used, section(".fastrpc.lab")))
static const char lab_mark[] = "fastrpc lab shell for qemu-hexagon-static";

static uint32_t lens[SHELL_MAX_BUFS];
/* The call's buffers, then its handles, as the skeleton gets them. */
static remote_arg pra[SHELL_MAX_BUFS + SHELL_MAX_HANDLES];
static int serving;
static int served_one;

/* The client's mappings placed in the process, each at its own DSP address. */
struct mapping {
	uint32_t vaddr;
	uint32_t len;	/* 0: a free slot */
};

static struct mapping maps[MAX_MAPPINGS];

/* The current call's handles, and which of them the skeleton keeps. */
static struct shell_handle hdls[SHELL_MAX_HANDLES];
static uint8_t kept[SHELL_MAX_HANDLES];
static uint32_t nhdls;

/* fds the current call's reply lets go of. */
static uint32_t freed[SHELL_MAX_FREE];
static uint32_t nfreed;

/* Handles the process keeps across calls: one entry per fd, with its holds. */
struct held_fd {
	uint32_t fd;
	uint32_t holds;
};

static struct held_fd held[SHELL_MAX_HELD];
static uint32_t nheld;

static _Noreturn void fail_io(void)
{
	rt_exit(EXIT_IO);
}

static void read_exact(void *buf, size_t count)
{
	if (rt_read_full(SHELL_IN, buf, count) != (long)count)
		fail_io();
}

static void write_exact(const void *buf, size_t count)
{
	if (rt_write_full(SHELL_OUT, buf, count))
		fail_io();
}

/* The header, the out lengths, the fds let go of, then the out bytes. */
static void reply(int32_t retval, const remote_arg *out, uint32_t nout)
{
	static uint32_t head[4 + 255 + SHELL_MAX_FREE];
	uint32_t i, n = 4;

	if (retval)
		nout = 0;
	head[0] = SHELL_REPLY_MAGIC;
	head[1] = (uint32_t)retval;
	head[2] = nout;
	head[3] = nfreed;
	for (i = 0; i < nout; i++)
		head[n++] = out[i].buf.nLen;
	for (i = 0; i < nfreed; i++)
		head[n++] = freed[i];
	write_exact(head, n * sizeof(head[0]));
	for (i = 0; i < nout; i++) {
		if (out[i].buf.nLen)
			write_exact(out[i].buf.pv, out[i].buf.nLen);
	}
}

/* ---- memory through vdspd ------------------------------------------------ */

/* One request of at most SHELL_MAX_MEM_LEN bytes. */
static int32_t mem_chunk(uint32_t op, uint32_t fd, uint64_t addr, uint8_t *p, uint32_t len)
{
	struct shell_mem req = {
		.magic = SHELL_MEM_MAGIC, .op = op, .fd = fd, .len = len, .addr = addr,
	};
	struct shell_mem_ack ack;

	write_exact(&req, sizeof(req));
	if (op == SHELL_MEM_WRITE)
		write_exact(p, len);
	read_exact(&ack, sizeof(ack));
	if (ack.magic != SHELL_MEM_ACK_MAGIC ||
	    ack.len != (op == SHELL_MEM_READ && !ack.retval ? len : 0u))
		fail_io();
	if (ack.len)
		read_exact(p, ack.len);
	return ack.retval;
}

static int32_t mem_op(uint32_t op, uint32_t fd, uint64_t addr, uint8_t *p, uint32_t len)
{
	int32_t ret;
	uint32_t n;

	if (!len)
		return AEE_DSP_ERR(AEE_EBADPARM);
	while (len) {
		n = len < SHELL_MAX_MEM_LEN ? len : SHELL_MAX_MEM_LEN;
		ret = mem_chunk(op, fd, addr, p, n);
		if (ret)
			return ret;
		addr += n;
		p += n;
		len -= n;
	}
	return 0;
}

int32_t shell_mem_read(uint32_t fd, uint64_t addr, void *dst, uint32_t len)
{
	return mem_op(SHELL_MEM_READ, fd, addr, dst, len);
}

int32_t shell_mem_write(uint32_t fd, uint64_t addr, const void *src, uint32_t len)
{
	/* Only read from on a write. */
	return mem_op(SHELL_MEM_WRITE, fd, addr, (uint8_t *)(uintptr_t)src, len);
}

/* ---- handles the process keeps ------------------------------------------- */

static struct held_fd *held_find(uint32_t fd)
{
	uint32_t i;

	for (i = 0; i < nheld; i++)
		if (held[i].fd == fd)
			return &held[i];
	return NULL;
}

static void held_put(struct held_fd *h)
{
	if (--h->holds == 0)
		*h = held[--nheld];
}

int shell_handle_known(uint32_t fd)
{
	uint32_t i;

	if (!fd)
		return 0;
	for (i = 0; i < nhdls; i++)
		if (hdls[i].fd == fd)
			return 1;
	return held_find(fd) != NULL;
}

int32_t shell_keep(uint32_t i)
{
	struct held_fd *h;

	if (i >= nhdls || kept[i])
		return AEE_DSP_ERR(AEE_EBADPARM);
	h = held_find(hdls[i].fd);
	if (h) {
		if (h->holds == 0xffffffffu)
			return AEE_DSP_ERR(AEE_ENOMEMORY);
		h->holds++;
	} else {
		if (nheld == SHELL_MAX_HELD)
			return AEE_DSP_ERR(AEE_ENOMEMORY);
		held[nheld].fd = hdls[i].fd;
		held[nheld].holds = 1;
		nheld++;
	}
	kept[i] = 1;
	return 0;
}

int32_t shell_drop(const uint32_t *fds, uint32_t n)
{
	struct held_fd *h;
	uint32_t i, j, times;

	if (n > SHELL_MAX_FREE - nfreed)
		return AEE_DSP_ERR(AEE_EBADPARM);
	for (i = 0; i < n; i++) {
		h = held_find(fds[i]);
		for (j = 0, times = 0; j < n; j++)
			times += fds[j] == fds[i];
		if (!h || times > h->holds)
			return AEE_DSP_ERR(AEE_EBADPARM);
	}
	for (i = 0; i < n; i++) {
		held_put(held_find(fds[i]));
		freed[nfreed++] = fds[i];
	}
	return 0;
}

const struct shell_handle *shell_call_handles(uint32_t *n)
{
	*n = serving ? nhdls : 0;
	return hdls;
}

int shell_in_call(void)
{
	return serving;
}

/* ---- mappings placed in the process -------------------------------------- */

void *shell_mapped(uint64_t addr, uint64_t len)
{
	uint32_t i;

	for (i = 0; len && i < MAX_MAPPINGS; i++) {
		const struct mapping *m = &maps[i];

		if (m->len && addr >= m->vaddr && addr - m->vaddr <= m->len &&
		    len <= m->len - (addr - m->vaddr))
			return (void *)(uintptr_t)addr;
	}
	return NULL;
}

static void map_says(const struct shell_map *r, const char *why)
{
	char line[160];
	int n = snprintf(line, sizeof(line), "fastrpc_shell: mapping 0x%llx + 0x%x %s\n",
			 (unsigned long long)r->vaddr, r->len, why);

	rt_write_full(2, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/*
 * Places a mapping at exactly its DSP address, or not at all: the address
 * is only a hint, and a result elsewhere (the range is taken, by the
 * shell's own memory or another mapping) is unmapped again, so nothing of
 * the process is ever replaced.  qemu-hexagon-static 7.2 ignores
 * MAP_FIXED_NOREPLACE (it maps elsewhere), and its 64 KiB target pages
 * refuse a vaddr or phys that is not a multiple of 64 KiB: such a mapping
 * is left out, and reached through vdspd; so is one above 4 GiB of edge
 * offsets (any behind the edge's SMMU, whose bank is in bits 32 and up).
 */
static void map_add(const struct shell_map *r)
{
	struct mapping *free_slot = NULL;
	uint32_t i;
	void *p;

	if (!r->len || (r->len | r->vaddr | r->phys) & (PAGE_SIZE - 1) || !r->vaddr ||
	    r->vaddr >= 0x100000000ull || r->len > 0x100000000ull - r->vaddr) {
		map_says(r, "is not whole pages of a 32-bit address space: left out");
		return;
	}
	/*
	 * qemu-hexagon-static 7.2 computes a 32-bit guest's mmap2 offset in
	 * 32 bits: an edge offset with a bank above them (the edge's SMMU)
	 * would map bank 0.
	 */
	if (r->phys + r->len > 0x100000000ull) {
		map_says(r, "lies above the 4 GiB of offsets qemu-hexagon maps: left out");
		return;
	}
	for (i = 0; i < MAX_MAPPINGS; i++) {
		const struct mapping *m = &maps[i];

		if (!m->len) {
			if (!free_slot)
				free_slot = &maps[i];
		} else if (r->vaddr < (uint64_t)m->vaddr + m->len && m->vaddr < r->vaddr + r->len) {
			map_says(r, "overlaps a placed mapping: left out");
			return;
		}
	}
	if (!free_slot) {
		map_says(r, "is one mapping too many: left out");
		return;
	}
	p = rt_mmap((void *)(uintptr_t)r->vaddr, r->len, RT_PROT_READ | RT_PROT_WRITE,
		    RT_MAP_SHARED, SHELL_EDGE_FD, r->phys);
	if (p != (void *)(uintptr_t)r->vaddr) {
		if (p)
			rt_munmap(p, r->len);
		map_says(r, "cannot be placed at its address: left out");
		return;
	}
	free_slot->vaddr = (uint32_t)r->vaddr;
	free_slot->len = r->len;
}

static void map_remove(const struct shell_map *r)
{
	uint32_t i;

	for (i = 0; i < MAX_MAPPINGS; i++) {
		if (maps[i].len && maps[i].vaddr == r->vaddr && maps[i].len == r->len) {
			rt_munmap((void *)(uintptr_t)maps[i].vaddr, maps[i].len);
			maps[i].len = 0;
			return;
		}
	}
	/* One that was left out: said so when it came. */
}

/* ---- the call ------------------------------------------------------------- */

/* The call's handles nobody kept go in its reply; past 16 the table keeps them. */
static void let_go_of_unkept(void)
{
	uint32_t i;

	for (i = 0; i < nhdls; i++) {
		if (kept[i])
			continue;
		if (nfreed < SHELL_MAX_FREE)
			freed[nfreed++] = hdls[i].fd;
		else
			shell_keep(i);
	}
}

static int32_t dispatch(uint32_t handle, uint32_t sc, uint32_t nbufs)
{
	uint32_t i;
	int32_t ret;

	for (i = 0; i < nhdls; i++) {
		pra[nbufs + i].dma.fd = (int32_t)hdls[i].fd;
		pra[nbufs + i].dma.offset = hdls[i].offset;
	}
	serving = 1;
	if (handle == REMOTECTL_HANDLE || handle == REMOTECTL1_HANDLE)
		ret = remotectl_invoke(handle, sc, pra);
	else
		ret = module_invoke(handle, sc, pra);
	serving = 0;
	return ret;
}

/* Maps the call's buffers into the arena; returns 0 or the AEE error. */
static int32_t place_buffers(uint32_t nbufs, uint32_t nin)
{
	uint64_t total = 0;
	uint32_t i;

	for (i = 0; i < nbufs; i++) {
		if (lens[i] > SHELL_MAX_BUF_LEN)
			return AEE_DSP_ERR(AEE_EBADPARM);
		total += ((uint64_t)lens[i] + 7) & ~(uint64_t)7;
	}
	if (rt_arena_reserve(total))
		return AEE_DSP_ERR(AEE_ENOMEMORY);
	for (i = 0; i < nbufs; i++) {
		pra[i].buf.nLen = lens[i];
		pra[i].buf.pv = lens[i] ? rt_arena_alloc(lens[i]) : NULL;
		if (i < nin && lens[i])
			read_exact(pra[i].buf.pv, lens[i]);
	}
	return 0;
}

static void serve(const struct shell_call *call)
{
	uint32_t nin = SC_INBUFS(call->sc);
	uint32_t nout = SC_OUTBUFS(call->sc);
	uint64_t in_bytes = 0;
	int32_t retval;
	uint32_t i;

	/* nin + nout is at most SHELL_MAX_BUFS by the width of their fields. */
	if (call->magic != SHELL_CALL_MAGIC || call->nbufs != nin + nout) {
		nfreed = 0;
		reply(AEE_DSP_ERR(AEE_EBADPARM), NULL, 0);
		rt_exit(EXIT_FRAMING);
	}
	read_exact(lens, call->nbufs * sizeof(lens[0]));
	nhdls = SC_INHANDLES(call->sc) + SC_OUTHANDLES(call->sc);
	read_exact(hdls, nhdls * sizeof(hdls[0]));
	memset(kept, 0, sizeof(kept));
	nfreed = 0;
	retval = place_buffers(call->nbufs, nin);
	if (retval) {
		/* Drop the input bytes unread so the next call starts in step. */
		for (i = 0; i < nin; i++)
			in_bytes += lens[i];
		if (rt_discard(SHELL_IN, in_bytes))
			fail_io();
		let_go_of_unkept();
		reply(retval, NULL, 0);
		return;
	}
	retval = dispatch(call->handle, call->sc, call->nbufs);
	let_go_of_unkept();
	/* Never send more than the caller has room for, whatever a skeleton says. */
	for (i = 0; i < nout; i++) {
		if (pra[nin + i].buf.nLen > lens[nin + i])
			retval = AEE_DSP_ERR(AEE_EFAILED);
	}
	reply(retval, pra + nin, nout);
	rt_arena_trim();
}

/* A module of the DSP image: its name and ELF follow the record. */
static void preload(const struct shell_preload *r)
{
	char name[256];
	uint8_t *elf;

	if (!r->namelen || r->namelen >= sizeof(name) || !r->len ||
	    r->len > SHELL_MAX_PRELOAD_LEN)
		rt_exit(EXIT_FRAMING);
	read_exact(name, r->namelen);
	name[r->namelen] = 0;
	elf = rt_mmap_anon(r->len);
	if (!elf) {
		if (rt_discard(SHELL_IN, r->len))
			fail_io();
		module_preload(r->handle, name, NULL, 0);
		return;
	}
	read_exact(elf, r->len);
	module_preload(r->handle, name, elf, r->len);
	rt_munmap(elf, r->len);
}

int main(void)
{
	union {
		struct shell_call call;
		struct shell_preload pre;
		struct shell_map map;
	} u;
	long n;

	_Static_assert(sizeof(u.call) == 16 && sizeof(u.pre) == 16, "records start alike");
	/* A use the linker sees, so --gc-sections keeps the mark. */
	__asm__ volatile("" : : "r"(lab_mark));
	for (;;) {
		n = rt_read_full(SHELL_IN, &u, 16);
		if (n == 0)
			return EXIT_EOF;
		if (n != 16)
			return EXIT_IO;
		if (u.call.magic == SHELL_MAP_MAGIC) {
			read_exact((uint8_t *)&u + 16, sizeof(u.map) - 16);
			if (u.map.op == SHELL_MAP_ADD && !u.map.reserved)
				map_add(&u.map);
			else if (u.map.op == SHELL_MAP_REMOVE && !u.map.reserved)
				map_remove(&u.map);
			else
				map_says(&u.map, "has an unknown op: ignored");
			continue;
		}
		if (u.call.magic == SHELL_PRELOAD_MAGIC && !served_one) {
			preload(&u.pre);
			continue;
		}
		served_one = 1;
		serve(&u.call);
	}
}
