// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The skeleton loader (loader.h): validates a Hexagon ELF shared object
 * against its own length at every step, places its PT_LOAD segments in
 * one fresh mapping, reads PT_DYNAMIC, applies the RELA relocations that
 * ld.lld and Qualcomm's SDK emit for Hexagon, and finds symbols through
 * DT_HASH.  Every offset, size, count and index the file holds is checked
 * before use; a file that fails a check is refused with a sentence saying
 * which, and nothing of it stays mapped.
 */
#ifdef __hexagon__
#include "rt.h"
#else
#include <stdio.h>
#include <string.h>
#endif
#include "loader.h"

#define EHDR_SIZE	52
#define PHDR_SIZE	32
#define SYM_SIZE	16
#define RELA_SIZE	12
#define DYN_SIZE	8
#define PAGE		4096u
#define MAX_PHDRS	64
#define MAX_HASH	(1u << 20)
#define MAX_NEEDED	16

#define EM_QDSP6	164
#define ET_DYN		3
#define PT_LOAD		1
#define PT_DYNAMIC	2
#define PT_INTERP	3
#define PT_TLS		7
#define PF_X		1

#define DT_NULL		0
#define DT_NEEDED	1
#define DT_PLTRELSZ	2
#define DT_HASH		4
#define DT_STRTAB	5
#define DT_SYMTAB	6
#define DT_RELA		7
#define DT_RELASZ	8
#define DT_RELAENT	9
#define DT_STRSZ	10
#define DT_SYMENT	11
#define DT_INIT		12
#define DT_FINI		13
#define DT_REL		17
#define DT_PLTREL	20
#define DT_TEXTREL	22
#define DT_JMPREL	23
#define DT_INIT_ARRAY	25
#define DT_FINI_ARRAY	26
#define DT_INIT_ARRAYSZ	27
#define DT_FINI_ARRAYSZ	28
#define DT_PREINIT_ARRAY 32

#define SHN_UNDEF	0
#define SHN_ABS		0xfff1
#define STB_WEAK	2

/* Hexagon relocation types (LLVM's ELFRelocs/Hexagon.def). */
#define R_HEX_NONE	0
#define R_HEX_32	6
#define R_HEX_COPY	32
#define R_HEX_GLOB_DAT	33
#define R_HEX_JMP_SLOT	34
#define R_HEX_RELATIVE	35

struct ctx {
	struct ldr_module *m;
	const struct ldr_ops *ops;
	char *err;
	size_t errlen;
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* True when [vaddr, vaddr + size) lies inside the mapped image. */
static int in_image(const struct ldr_module *m, uint32_t vaddr, uint64_t size)
{
	return vaddr >= m->vmin && (uint64_t)(vaddr - m->vmin) + size <= m->span;
}

/* True when [vaddr, vaddr + size) lies inside one segment (with PF_X when exec). */
static int in_segment(const struct ldr_module *m, uint32_t vaddr, uint64_t size, int exec)
{
	uint32_t i;

	for (i = 0; i < m->nseg; i++) {
		const struct ldr_seg *s = &m->seg[i];

		if (vaddr >= s->lo && (uint64_t)vaddr + size <= s->hi &&
		    (!exec || (s->flags & PF_X)))
			return 1;
	}
	return 0;
}

static uint8_t *at(const struct ldr_module *m, uint32_t vaddr)
{
	return m->mem + (vaddr - m->vmin);
}

/* The string at offset off of the dynamic string table, or NULL when it is not one. */
static const char *dyn_string(const struct ldr_module *m, uint32_t off)
{
	const uint8_t *s;
	uint32_t i;

	if (off >= m->strsz)
		return NULL;
	s = at(m, m->strtab);
	for (i = off; i < m->strsz; i++) {
		if (!s[i])
			return (const char *)s + off;
	}
	return NULL;
}

static int segments(struct ctx *c, const uint8_t *f, size_t len, uint32_t phoff,
		    uint32_t phnum, uint32_t *dyn_vaddr, uint32_t *dyn_size)
{
	struct ldr_module *m = c->m;
	uint32_t i, ndyn = 0, lo = 0xffffffffu, hi = 0;

	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + i * PHDR_SIZE;
		uint32_t type = rd32(ph), off = rd32(ph + 4), vaddr = rd32(ph + 8);
		uint32_t filesz = rd32(ph + 16), memsz = rd32(ph + 20), flags = rd32(ph + 24);
		uint32_t align = rd32(ph + 28);

		if (type == PT_DYNAMIC) {
			ndyn++;
			*dyn_vaddr = vaddr;
			*dyn_size = memsz;
			continue;
		}
		if (type == PT_INTERP) {
			snprintf(c->err, c->errlen, "has a program interpreter: not a shared "
				 "object");
			return -1;
		}
		if (type == PT_TLS) {
			snprintf(c->err, c->errlen, "uses thread-local storage, which the DSP "
				 "process does not support");
			return -1;
		}
		if (type != PT_LOAD || !memsz)
			continue;
		if (m->nseg == LDR_MAX_SEGS) {
			snprintf(c->err, c->errlen, "more than %u PT_LOAD segments", LDR_MAX_SEGS);
			return -1;
		}
		if ((uint64_t)off + filesz > len) {
			snprintf(c->err, c->errlen, "truncated: segment %u beyond the end of the "
				 "file", m->nseg);
			return -1;
		}
		if (filesz > memsz) {
			snprintf(c->err, c->errlen, "segment %u: file size over memory size",
				 m->nseg);
			return -1;
		}
		if ((uint64_t)vaddr + memsz > 0xffffffffu) {
			snprintf(c->err, c->errlen, "segment %u: beyond a 32-bit address space",
				 m->nseg);
			return -1;
		}
		if (align & (align - 1) || (align > 1 && (vaddr - off) & (align - 1))) {
			snprintf(c->err, c->errlen, "segment %u: misaligned", m->nseg);
			return -1;
		}
		if (m->nseg && vaddr < m->seg[m->nseg - 1].hi) {
			snprintf(c->err, c->errlen, "segment %u overlaps or precedes segment %u",
				 m->nseg, m->nseg - 1);
			return -1;
		}
		m->seg[m->nseg++] = (struct ldr_seg){ vaddr, vaddr + memsz, flags };
		if (vaddr < lo)
			lo = vaddr;
		if (vaddr + memsz > hi)
			hi = vaddr + memsz;
	}
	if (!m->nseg) {
		snprintf(c->err, c->errlen, "no PT_LOAD segment");
		return -1;
	}
	if (ndyn != 1) {
		snprintf(c->err, c->errlen, ndyn ? "more than one PT_DYNAMIC" :
			 "no PT_DYNAMIC: not a shared object");
		return -1;
	}
	m->vmin = lo & ~(PAGE - 1);
	if (hi - m->vmin > LDR_MAX_SPAN) {
		snprintf(c->err, c->errlen, "segments span %u bytes, over the %u allowed",
			 hi - m->vmin, LDR_MAX_SPAN);
		return -1;
	}
	m->span = ((hi - m->vmin) + PAGE - 1) & ~(PAGE - 1);
	return 0;
}

/* Copies the segments into fresh memory; the rest (bss included) stays zero. */
static int place(struct ctx *c, const uint8_t *f, uint32_t phoff, uint32_t phnum)
{
	struct ldr_module *m = c->m;
	uint32_t i;

	m->mem = c->ops->map(m->span);
	if (!m->mem) {
		snprintf(c->err, c->errlen, "no memory for %u bytes of segments", m->span);
		return -1;
	}
	m->bias = (uint32_t)(uintptr_t)m->mem - m->vmin;
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = f + phoff + i * PHDR_SIZE;

		if (rd32(ph) == PT_LOAD && rd32(ph + 20))
			memcpy(at(m, rd32(ph + 8)), f + rd32(ph + 4), rd32(ph + 16));
	}
	return 0;
}

struct dyn {
	uint32_t rela, relasz, relaent, jmprel, pltrelsz, pltrel, syment;
	uint32_t needed[MAX_NEEDED], nneeded;
	int has_hash, has_symtab, has_strtab, has_strsz, has_rel;
};

static int read_dynamic(struct ctx *c, uint32_t vaddr, uint32_t size, struct dyn *d)
{
	struct ldr_module *m = c->m;
	uint32_t i, tag, val;
	const uint8_t *p;

	if (!in_segment(m, vaddr, size, 0) || size < DYN_SIZE) {
		snprintf(c->err, c->errlen, "PT_DYNAMIC outside the loaded segments");
		return -1;
	}
	p = at(m, vaddr);
	for (i = 0; i + DYN_SIZE <= size; i += DYN_SIZE) {
		tag = rd32(p + i);
		val = rd32(p + i + 4);
		switch (tag) {
		case DT_NULL:
			return 0;
		case DT_NEEDED:
			if (d->nneeded == MAX_NEEDED) {
				snprintf(c->err, c->errlen, "more than %u DT_NEEDED", MAX_NEEDED);
				return -1;
			}
			d->needed[d->nneeded++] = val;
			break;
		case DT_HASH:
			m->hash = val;
			d->has_hash = 1;
			break;
		case DT_SYMTAB:
			m->symtab = val;
			d->has_symtab = 1;
			break;
		case DT_STRTAB:
			m->strtab = val;
			d->has_strtab = 1;
			break;
		case DT_STRSZ:
			m->strsz = val;
			d->has_strsz = 1;
			break;
		case DT_SYMENT:
			d->syment = val;
			break;
		case DT_RELA:
			d->rela = val;
			break;
		case DT_RELASZ:
			d->relasz = val;
			break;
		case DT_RELAENT:
			d->relaent = val;
			break;
		case DT_JMPREL:
			d->jmprel = val;
			break;
		case DT_PLTRELSZ:
			d->pltrelsz = val;
			break;
		case DT_PLTREL:
			d->pltrel = val;
			break;
		case DT_REL:
			d->has_rel = 1;
			break;
		case DT_INIT:
			m->init = val;
			break;
		case DT_FINI:
			m->fini = val;
			break;
		case DT_INIT_ARRAY:
			m->init_array = val;
			break;
		case DT_INIT_ARRAYSZ:
			m->init_arraysz = val;
			break;
		case DT_FINI_ARRAY:
			m->fini_array = val;
			break;
		case DT_FINI_ARRAYSZ:
			m->fini_arraysz = val;
			break;
		case DT_PREINIT_ARRAY:
			snprintf(c->err, c->errlen, "DT_PREINIT_ARRAY in a shared object");
			return -1;
		default:
			/* SONAME, PLTGOT, FLAGS, GNU_HASH, RELACOUNT...: nothing to do. */
			break;
		}
	}
	snprintf(c->err, c->errlen, "PT_DYNAMIC has no DT_NULL end");
	return -1;
}

/* The tables PT_DYNAMIC names, each inside the image; NEEDED names the DSP has. */
static int check_tables(struct ctx *c, struct dyn *d)
{
	struct ldr_module *m = c->m;
	const uint8_t *h;
	const char *name;
	uint32_t i;

	if (!d->has_hash) {
		snprintf(c->err, c->errlen, "no DT_HASH (link with --hash-style=sysv)");
		return -1;
	}
	if (!d->has_symtab || !d->has_strtab || !d->has_strsz) {
		snprintf(c->err, c->errlen, "no DT_SYMTAB, DT_STRTAB or DT_STRSZ");
		return -1;
	}
	if (d->has_rel) {
		snprintf(c->err, c->errlen, "REL relocations: Hexagon objects use RELA");
		return -1;
	}
	if ((d->syment && d->syment != SYM_SIZE) || (d->relaent && d->relaent != RELA_SIZE)) {
		snprintf(c->err, c->errlen, "DT_SYMENT or DT_RELAENT of a size not ELF32's");
		return -1;
	}
	if (!m->strsz || !in_image(m, m->strtab, m->strsz)) {
		snprintf(c->err, c->errlen, "string table outside the image");
		return -1;
	}
	if (!in_image(m, m->hash, 8)) {
		snprintf(c->err, c->errlen, "hash table outside the image");
		return -1;
	}
	h = at(m, m->hash);
	m->nbucket = rd32(h);
	m->nchain = rd32(h + 4);
	if (!m->nbucket || m->nbucket > MAX_HASH || m->nchain > MAX_HASH ||
	    !in_image(m, m->hash, 8 + 4 * ((uint64_t)m->nbucket + m->nchain))) {
		snprintf(c->err, c->errlen, "hash table of %u buckets and %u chains does not fit "
			 "the image", m->nbucket, m->nchain);
		return -1;
	}
	if (!in_image(m, m->symtab, (uint64_t)m->nchain * SYM_SIZE)) {
		snprintf(c->err, c->errlen, "symbol table of %u entries outside the image",
			 m->nchain);
		return -1;
	}
	for (i = 0; i < m->nbucket + m->nchain; i++) {
		if (rd32(h + 8 + 4 * i) >= m->nchain) {
			snprintf(c->err, c->errlen, "hash table entry %u beyond the symbol table",
				 i);
			return -1;
		}
	}
	for (i = 0; i < d->nneeded; i++) {
		name = dyn_string(m, d->needed[i]);
		if (!name) {
			snprintf(c->err, c->errlen, "DT_NEEDED name outside the string table");
			return -1;
		}
		if (strcmp(name, "libc.so") && strcmp(name, "libgcc.so")) {
			snprintf(c->err, c->errlen, "needs %s, which the DSP process does not "
				 "have", name);
			return -1;
		}
	}
	return 0;
}

static const uint8_t *symbol(const struct ldr_module *m, uint32_t i)
{
	return at(m, m->symtab) + i * SYM_SIZE;
}

/* S for a relocation: the shell's export first, then the module's own definition. */
static int resolve(struct ctx *c, uint32_t symi, uint32_t *value)
{
	struct ldr_module *m = c->m;
	const uint8_t *s;
	const char *name;
	const void *addr;
	uint16_t shndx;

	if (symi == 0) {
		*value = 0;
		return 0;
	}
	if (symi >= m->nchain) {
		snprintf(c->err, c->errlen, "relocation names symbol %u of %u", symi, m->nchain);
		return -1;
	}
	s = symbol(m, symi);
	name = dyn_string(m, rd32(s));
	if (!name) {
		snprintf(c->err, c->errlen, "symbol %u: name outside the string table", symi);
		return -1;
	}
	addr = name[0] ? c->ops->import(name) : NULL;
	if (addr) {
		*value = (uint32_t)(uintptr_t)addr;
		return 0;
	}
	shndx = rd16(s + 14);
	if (shndx == SHN_ABS) {
		*value = rd32(s + 4);
		return 0;
	}
	if (shndx != SHN_UNDEF) {
		if (!in_image(m, rd32(s + 4), 0)) {
			snprintf(c->err, c->errlen, "symbol %s outside the image", name);
			return -1;
		}
		*value = m->bias + rd32(s + 4);
		return 0;
	}
	if ((s[12] >> 4) == STB_WEAK) {
		*value = 0;
		return 0;
	}
	snprintf(c->err, c->errlen, "unresolved symbol %s", name);
	return -1;
}

static int relocate(struct ctx *c, uint32_t table, uint32_t size, const char *what)
{
	struct ldr_module *m = c->m;
	uint32_t i, off, info, type, value;
	const uint8_t *r;
	int32_t addend;

	if (!size)
		return 0;
	if (size % RELA_SIZE || !in_image(m, table, size)) {
		snprintf(c->err, c->errlen, "%s table outside the image", what);
		return -1;
	}
	for (i = 0; i < size / RELA_SIZE; i++) {
		r = at(m, table) + i * RELA_SIZE;
		off = rd32(r);
		info = rd32(r + 4);
		addend = (int32_t)rd32(r + 8);
		type = info & 0xff;
		if (type == R_HEX_NONE)
			continue;
		if (!in_segment(m, off, 4, 0)) {
			snprintf(c->err, c->errlen, "%s %u: offset 0x%x outside the segments",
				 what, i, off);
			return -1;
		}
		switch (type) {
		case R_HEX_RELATIVE:
			value = m->bias + (uint32_t)addend;
			break;
		case R_HEX_32:
		case R_HEX_GLOB_DAT:
		case R_HEX_JMP_SLOT:
			if (resolve(c, info >> 8, &value))
				return -1;
			value += (uint32_t)addend;
			break;
		default:
			snprintf(c->err, c->errlen, "relocation type %u%s is not supported", type,
				 type == R_HEX_COPY ? " (R_HEX_COPY)" : "");
			return -1;
		}
		wr32(at(m, off), value);
	}
	return 0;
}

/* An init or fini array, after relocation: its entries must be code of the module. */
static int check_array(struct ctx *c, uint32_t vaddr, uint32_t size, const char *what)
{
	struct ldr_module *m = c->m;
	uint32_t i, fn;

	if (!size)
		return 0;
	if (size % 4 || size / 4 > LDR_MAX_INITS || !in_segment(m, vaddr, size, 0)) {
		snprintf(c->err, c->errlen, "%s outside the segments", what);
		return -1;
	}
	for (i = 0; i < size / 4; i++) {
		fn = rd32(at(m, vaddr) + 4 * i) - m->bias;
		if (!in_segment(m, fn, 4, 1)) {
			snprintf(c->err, c->errlen, "%s entry %u is not code of the module", what,
				 i);
			return -1;
		}
	}
	return 0;
}

static int load(struct ctx *c, const uint8_t *f, size_t len)
{
	struct ldr_module *m = c->m;
	uint32_t phoff, phnum, machine, dyn_vaddr = 0, dyn_size = 0;
	struct dyn d;

	if (len < 4 || f[0] != 0x7f || f[1] != 'E' || f[2] != 'L' || f[3] != 'F') {
		snprintf(c->err, c->errlen, "not an ELF file");
		return -1;
	}
	if (len < EHDR_SIZE) {
		snprintf(c->err, c->errlen, "truncated: no whole ELF header");
		return -1;
	}
	if (f[4] != 1 || f[5] != 1 || f[6] != 1) {
		snprintf(c->err, c->errlen, "not a 32-bit little-endian ELF version 1 file");
		return -1;
	}
	machine = rd16(f + 18);
	if (machine != EM_QDSP6) {
		snprintf(c->err, c->errlen, "ELF machine %u, not Hexagon", machine);
		return -1;
	}
	if (rd16(f + 16) != ET_DYN) {
		snprintf(c->err, c->errlen, "ELF type %u, not a shared object", rd16(f + 16));
		return -1;
	}
	phoff = rd32(f + 28);
	phnum = rd16(f + 44);
	if (rd16(f + 42) != PHDR_SIZE || !phnum || phnum > MAX_PHDRS) {
		snprintf(c->err, c->errlen, "%u program headers of %u bytes", phnum, rd16(f + 42));
		return -1;
	}
	if ((uint64_t)phoff + (uint64_t)phnum * PHDR_SIZE > len) {
		snprintf(c->err, c->errlen, "truncated: program headers beyond the end of the "
			 "file");
		return -1;
	}
	if (segments(c, f, len, phoff, phnum, &dyn_vaddr, &dyn_size) ||
	    place(c, f, phoff, phnum))
		return -1;
	memset(&d, 0, sizeof(d));
	if (read_dynamic(c, dyn_vaddr, dyn_size, &d) || check_tables(c, &d))
		return -1;
	if (d.jmprel && d.pltrelsz && d.pltrel != DT_RELA) {
		snprintf(c->err, c->errlen, "DT_PLTREL %u, not DT_RELA", d.pltrel);
		return -1;
	}
	if (relocate(c, d.rela, d.relasz, "RELA") ||
	    relocate(c, d.jmprel, d.jmprel ? d.pltrelsz : 0, "JMPREL"))
		return -1;
	if ((m->init && !in_segment(m, m->init, 4, 1)) ||
	    (m->fini && !in_segment(m, m->fini, 4, 1))) {
		snprintf(c->err, c->errlen, "DT_INIT or DT_FINI is not code of the module");
		return -1;
	}
	return check_array(c, m->init_array, m->init_arraysz, "DT_INIT_ARRAY") ||
	       check_array(c, m->fini_array, m->fini_arraysz, "DT_FINI_ARRAY");
}

int ldr_load(struct ldr_module *m, const uint8_t *file, size_t len, const struct ldr_ops *ops,
	     char *err, size_t errlen)
{
	struct ctx c = { m, ops, err, errlen };

	memset(m, 0, sizeof(*m));
	if (errlen)
		err[0] = 0;
	if (!load(&c, file, len))
		return 0;
	ldr_unload(m, ops);
	return -1;
}

static uint32_t sysv_hash(const char *name)
{
	uint32_t h = 0, g;

	while (*name) {
		h = (h << 4) + (uint8_t)*name++;
		g = h & 0xf0000000u;
		if (g)
			h ^= g >> 24;
		h &= ~g;
	}
	return h;
}

uintptr_t ldr_function(const struct ldr_module *m, const char *name)
{
	const uint8_t *h, *s;
	const char *sname;
	uint32_t i, steps, value;

	if (!m->mem)
		return 0;
	h = at(m, m->hash);
	i = rd32(h + 8 + 4 * (sysv_hash(name) % m->nbucket));
	/* Every index was checked at load; the step count stops a cycle. */
	for (steps = 0; i && steps < m->nchain; steps++) {
		s = symbol(m, i);
		sname = dyn_string(m, rd32(s));
		value = rd32(s + 4);
		if (sname && !strcmp(sname, name) && rd16(s + 14) != SHN_UNDEF &&
		    rd16(s + 14) != SHN_ABS && in_segment(m, value, 4, 1))
			return (uintptr_t)m->mem + (value - m->vmin);
		i = rd32(h + 8 + 4 * (m->nbucket + i));
	}
	return 0;
}

static uintptr_t code(const struct ldr_module *m, uint32_t vaddr)
{
	return (uintptr_t)m->mem + (vaddr - m->vmin);
}

uint32_t ldr_inits(const struct ldr_module *m, uintptr_t *fns, uint32_t max)
{
	uint32_t n = 0, i;

	if (m->init && n < max)
		fns[n++] = code(m, m->init);
	for (i = 0; i < m->init_arraysz / 4 && n < max; i++)
		fns[n++] = code(m, rd32(at(m, m->init_array) + 4 * i) - m->bias);
	return n;
}

uint32_t ldr_finis(const struct ldr_module *m, uintptr_t *fns, uint32_t max)
{
	uint32_t n = 0, i = m->fini_arraysz / 4;

	while (i-- && n < max)
		fns[n++] = code(m, rd32(at(m, m->fini_array) + 4 * i) - m->bias);
	if (m->fini && n < max)
		fns[n++] = code(m, m->fini);
	return n;
}

void ldr_unload(struct ldr_module *m, const struct ldr_ops *ops)
{
	if (m->mem)
		ops->unmap(m->mem, m->span);
	m->mem = NULL;
}
