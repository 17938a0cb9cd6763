// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The process heap: malloc and friends for the shell and the skeletons it
 * loads, living across calls (the per-call arena is reset after each).
 * Blocks up to HEAP_MAX_CLASS bytes come from power-of-two size classes
 * carved out of HEAP_POOL mappings and are kept on a free list per class;
 * larger ones get a mapping of their own, returned to the system on free.
 * Every block starts with a struct block header, 8 bytes, so that the
 * pointer handed out is 8-byte aligned.  The process is single-threaded.
 */
#include "rt.h"

#define HEAP_MIN_SHIFT	4	/* 16 bytes, header included */
#define HEAP_MAX_SHIFT	15	/* 32 KiB */
#define HEAP_CLASSES	(HEAP_MAX_SHIFT - HEAP_MIN_SHIFT + 1)
#define HEAP_POOL	(256u << 10)
#define HEAP_PAGE	4096u
/* A 32-bit process cannot have more in one piece. */
#define HEAP_MAX_ALLOC	(1u << 30)

#define TAG_CLASS	0x48430000u	/* low byte: the class */
#define TAG_MAPPED	0x484d0000u	/* info: the mapping's length in pages */
#define TAG_ALIGNED	0x48410000u	/* info: the offset back to the real block */
#define TAG_MASK	0xffff0000u

struct block {
	uint32_t tag;
	uint32_t info;
};

struct free_block {
	struct block head;
	struct free_block *next;
};

static struct free_block *free_list[HEAP_CLASSES];
static uint8_t *pool_next;
static size_t pool_left;

static void *take_from_class(unsigned int c)
{
	size_t size = (size_t)1 << (c + HEAP_MIN_SHIFT);
	struct free_block *f = free_list[c];

	if (f) {
		free_list[c] = f->next;
		return f;
	}
	if (pool_left < size) {
		/* The tail of the old pool is lost: at most 32 KiB per pool. */
		pool_next = rt_mmap_anon(HEAP_POOL);
		if (!pool_next) {
			pool_left = 0;
			return NULL;
		}
		pool_left = HEAP_POOL;
	}
	f = (struct free_block *)pool_next;
	pool_next += size;
	pool_left -= size;
	return f;
}

void *malloc(size_t size)
{
	struct block *b;
	size_t total;
	unsigned int c;

	if (size > HEAP_MAX_ALLOC)
		return NULL;
	total = size + sizeof(struct block);
	for (c = 0; c < HEAP_CLASSES; c++) {
		if (total <= (size_t)1 << (c + HEAP_MIN_SHIFT))
			break;
	}
	if (c < HEAP_CLASSES) {
		b = take_from_class(c);
		if (!b)
			return NULL;
		b->tag = TAG_CLASS | c;
		b->info = 0;
		return b + 1;
	}
	total = (total + HEAP_PAGE - 1) & ~(size_t)(HEAP_PAGE - 1);
	b = rt_mmap_anon(total);
	if (!b)
		return NULL;
	b->tag = TAG_MAPPED;
	b->info = (uint32_t)(total / HEAP_PAGE);
	return b + 1;
}

/* Room the block behind p has for the caller's bytes. */
static size_t usable(const struct block *b)
{
	if ((b->tag & TAG_MASK) == TAG_CLASS)
		return ((size_t)1 << ((b->tag & 0xff) + HEAP_MIN_SHIFT)) - sizeof(*b);
	return (size_t)b->info * HEAP_PAGE - sizeof(*b);
}

void free(void *p)
{
	struct block *b;
	struct free_block *f;
	unsigned int c;

	if (!p)
		return;
	b = (struct block *)p - 1;
	if ((b->tag & TAG_MASK) == TAG_ALIGNED) {
		free((uint8_t *)p - b->info);
		return;
	}
	if ((b->tag & TAG_MASK) == TAG_MAPPED) {
		rt_munmap(b, (size_t)b->info * HEAP_PAGE);
		return;
	}
	c = b->tag & 0xff;
	if ((b->tag & TAG_MASK) != TAG_CLASS || c >= HEAP_CLASSES)
		return;	/* not a block of this heap: leave it alone */
	f = (struct free_block *)b;
	f->head.tag = 0;
	f->next = free_list[c];
	free_list[c] = f;
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > HEAP_MAX_ALLOC / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t size)
{
	struct block *b;
	size_t have;
	void *q;

	if (!p)
		return malloc(size);
	if (!size) {
		free(p);
		return NULL;
	}
	b = (struct block *)p - 1;
	if ((b->tag & TAG_MASK) == TAG_ALIGNED)
		have = usable((struct block *)((uint8_t *)p - b->info) - 1) - b->info;
	else
		have = usable(b);
	if (size <= have && (b->tag & TAG_MASK) != TAG_ALIGNED)
		return p;
	q = malloc(size);
	if (!q)
		return NULL;
	memcpy(q, p, size < have ? size : have);
	free(p);
	return q;
}

/* align must be a power of two; up to 8 every block already is. */
void *memalign(size_t align, size_t size)
{
	uint8_t *raw, *p;
	struct block *b;

	if (!align || (align & (align - 1)) || align > HEAP_MAX_ALLOC)
		return NULL;
	if (align <= sizeof(struct block))
		return malloc(size);
	if (size > HEAP_MAX_ALLOC - align)
		return NULL;
	raw = malloc(size + align);
	if (!raw)
		return NULL;
	p = (uint8_t *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
	if (p == raw)
		p += align;
	b = (struct block *)p - 1;
	b->tag = TAG_ALIGNED;
	b->info = (uint32_t)(p - raw);
	return p;
}
