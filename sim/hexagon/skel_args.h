/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the shell and the skeletons built here share: the remote_arg array
 * a skeleton is called with, the check of the sc word's counts, and the
 * byte helpers for the protocol's little-endian words.  Needs only
 * <stdint.h>, so that a skeleton can include it without the shell's other
 * headers.
 */
#ifndef SKEL_ARGS_H
#define SKEL_ARGS_H

#include <stdint.h>

#include "scalars.h"

/* The Hexagon (32-bit) layout: 8 bytes each. */
typedef union {
	struct {
		void *pv;
		uint32_t nLen;
	} buf;
	uint32_t h;
	uint64_t h64;
	struct {
		int32_t fd;
		uint32_t offset;
	} dma;
} remote_arg;

/* True when sc asks for exactly these buffers and no handles. */
static inline int sc_counts_are(uint32_t sc, uint32_t in, uint32_t out)
{
	return SC_COUNTS(sc) == SC_COUNTS(SC_MAKE(0, in, out));
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

#endif /* SKEL_ARGS_H */
