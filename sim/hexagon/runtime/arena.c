// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The per-call arena: one anonymous mapping holds every buffer of the call
 * being served, handed out by a bump pointer and reset for the next call.
 * A mapping big enough is reused; a call that needs more replaces it; after
 * a call that needed more than ARENA_KEEP the mapping is returned, so one
 * huge call does not pin its memory for the life of the process.
 */
#include "rt.h"

#define ARENA_PAGE	4096u
#define ARENA_KEEP	(4u << 20)
/* A 32-bit DSP process cannot map more than this in one piece anyway. */
#define ARENA_MAX	(1u << 30)
#define ARENA_ALIGN	8u

static uint8_t *arena_base;
static size_t arena_size;
static size_t arena_used;

int rt_arena_reserve(uint64_t size)
{
	size_t want;

	if (size > ARENA_MAX)
		return -RT_ENOMEM;
	want = ((size_t)size + ARENA_PAGE - 1) & ~(size_t)(ARENA_PAGE - 1);
	arena_used = 0;
	if (want <= arena_size)
		return 0;
	if (arena_base)
		rt_munmap(arena_base, arena_size);
	arena_base = rt_mmap_anon(want);
	arena_size = arena_base ? want : 0;
	return arena_base ? 0 : -RT_ENOMEM;
}

/* Never fails inside a reservation that counted size rounded up to 8. */
void *rt_arena_alloc(size_t size)
{
	size_t rounded = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (rounded < size || rounded > arena_size - arena_used)
		return NULL;
	p = arena_base + arena_used;
	arena_used += rounded;
	return p;
}

void rt_arena_trim(void)
{
	if (arena_size <= ARENA_KEEP)
		return;
	rt_munmap(arena_base, arena_size);
	arena_base = NULL;
	arena_size = 0;
	arena_used = 0;
}
