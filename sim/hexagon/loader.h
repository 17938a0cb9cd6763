/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The loader of skeletons: Hexagon ELF shared objects (ELFCLASS32, LSB,
 * EM_QDSP6, ET_DYN) placed in memory, relocated and their symbols looked
 * up, with no trust in the file.  Plain C: the shell builds it for Hexagon
 * and its test for the host, where the relocated image is checked but
 * never run.  Addresses inside the image are 32-bit words, computed modulo
 * 2^32 from the load bias (base - lowest vaddr), which is exact on the
 * 32-bit DSP.
 */
#ifndef LOADER_H
#define LOADER_H

#include <stddef.h>
#include <stdint.h>

#define LDR_MAX_SEGS	16
#define LDR_MAX_SPAN	(64u << 20)
#define LDR_MAX_INITS	256

/* What the loader needs from its host: memory, and the symbols it exports. */
struct ldr_ops {
	void *(*map)(size_t len);	/* zeroed, readable, writable, executable; or NULL */
	void (*unmap)(void *p, size_t len);
	const void *(*import)(const char *name);	/* NULL when not exported */
};

struct ldr_seg {
	uint32_t lo, hi;	/* [p_vaddr, p_vaddr + p_memsz) */
	uint32_t flags;		/* PF_X 1, PF_W 2, PF_R 4 */
};

struct ldr_module {
	uint8_t *mem;		/* the mapping, span bytes */
	uint32_t vmin;		/* the lowest vaddr, page aligned: it is at mem[0] */
	uint32_t span;
	uint32_t bias;		/* (uint32_t)mem - vmin */
	struct ldr_seg seg[LDR_MAX_SEGS];
	uint32_t nseg;
	uint32_t symtab, strtab, strsz, nbucket, nchain, hash;
	uint32_t init, fini;
	uint32_t init_array, init_arraysz, fini_array, fini_arraysz;
};

/* Loads file[0..len) into m: 0, or -1 with the reason in err (always NUL-terminated). */
int ldr_load(struct ldr_module *m, const uint8_t *file, size_t len, const struct ldr_ops *ops,
	     char *err, size_t errlen);
/* The address of a function the module defines in an executable segment, or 0. */
uintptr_t ldr_function(const struct ldr_module *m, const char *name);
/*
 * The functions to run after loading (DT_INIT, then DT_INIT_ARRAY in order)
 * or before unloading (DT_FINI_ARRAY in reverse, then DT_FINI), at most
 * max: how many were written to fns.  Each was checked to lie in an
 * executable segment when the module loaded.
 */
uint32_t ldr_inits(const struct ldr_module *m, uintptr_t *fns, uint32_t max);
uint32_t ldr_finis(const struct ldr_module *m, uintptr_t *fns, uint32_t max);
void ldr_unload(struct ldr_module *m, const struct ldr_ops *ops);

#endif /* LOADER_H */
