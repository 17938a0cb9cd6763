// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The skeleton loader's checks, built for the host: a good skeleton (the
 * lab's, built for Hexagon) loads and relocates, and a corpus of broken
 * copies made from it by patching bytes (truncated files, offsets and
 * sizes out of range, overflowing sums, huge counts, bad string offsets,
 * symbol indices past the table, unknown relocations, foreign NEEDED) is
 * each refused with the sentence that names the fault; then random byte
 * flips, which must never crash (AddressSanitizer watches).  The image is
 * checked, never run.  Also the parsing of module names (uri.c).
 *
 * Usage: hexagon_loader_test LIBLAB_SKEL_SO LIBINITFINI_SKEL_SO
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "loader.h"
#include "uri.h"

#define FAKE_IMPORT	0x12340000u

static uint8_t *good, *initfini;
static size_t good_len, initfini_len;

static void *map_mem(size_t len)
{
	void *p = aligned_alloc(4096, len);

	if (p)
		memset(p, 0, len);
	return p;
}

static void unmap_mem(void *p, size_t len)
{
	(void)len;
	free(p);
}

/* The names the shell exports that the test skeletons import; each at a fake address. */
static const void *import(const char *name)
{
	static const char *const names[] = {
		"memcpy", "lab_shell_call_handles", "lab_shell_handle_known", "lab_shell_keep",
		"lab_shell_drop", "lab_shell_mapped", "lab_shell_mem_read", "lab_shell_mem_write",
		"lab_shell_sleep_ms", "lab_shell_host_open", "HAP_debug_v2",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(name, names[i]))
			return (const void *)(uintptr_t)(FAKE_IMPORT + 16 * i);
	}
	return NULL;
}

static const struct ldr_ops ops = { map_mem, unmap_mem, import };

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static uint16_t rd16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/* ---- finding things in the good file ----------------------------------------- */

static uint8_t *phdr(uint8_t *f, uint32_t i)
{
	return f + rd32(f + 28) + 32 * i;
}

static uint32_t phnum(const uint8_t *f)
{
	return rd16(f + 44);
}

/* The program header of the given type, or of the index-th PT_LOAD. */
static uint8_t *phdr_of(uint8_t *f, uint32_t type, uint32_t index)
{
	uint32_t i;

	for (i = 0; i < phnum(f); i++) {
		if (rd32(phdr(f, i)) == type && index-- == 0)
			return phdr(f, i);
	}
	fail_msg("no program header of type %u", type);
	return NULL;
}

/* The file offset of vaddr, through the PT_LOAD that holds it. */
static size_t file_off(uint8_t *f, uint32_t vaddr)
{
	uint32_t i;

	for (i = 0; i < phnum(f); i++) {
		uint8_t *ph = phdr(f, i);

		if (rd32(ph) == 1 && vaddr >= rd32(ph + 8) && vaddr < rd32(ph + 8) + rd32(ph + 16))
			return rd32(ph + 4) + (vaddr - rd32(ph + 8));
	}
	fail_msg("vaddr 0x%x is not in the file", vaddr);
	return 0;
}

/* The file offset of the dynamic entry with tag, or 0. */
static size_t dyn_find(uint8_t *f, uint32_t tag)
{
	uint8_t *ph = phdr_of(f, 2, 0);
	uint32_t off = rd32(ph + 4), end = off + rd32(ph + 16);

	for (; off + 8 <= end; off += 8) {
		if (rd32(f + off) == tag)
			return off;
	}
	return 0;
}

static size_t dyn(uint8_t *f, uint32_t tag)
{
	size_t off = dyn_find(f, tag);

	if (!off)
		fail_msg("no dynamic tag %u", tag);
	return off;
}

static uint32_t dyn_val(uint8_t *f, uint32_t tag)
{
	return rd32(f + dyn(f, tag) + 4);
}

/* ---- loading --------------------------------------------------------------------- */

static uint8_t *copy(void)
{
	uint8_t *c = malloc(good_len);

	assert_non_null(c);
	memcpy(c, good, good_len);
	return c;
}

/* Loading f (len bytes) fails, with a reason holding want. */
static void refused(uint8_t *f, size_t len, const char *want)
{
	struct ldr_module m;
	char err[256];

	if (ldr_load(&m, f, len, &ops, err, sizeof(err)) == 0)
		fail_msg("loaded; expected \"%s\"", want);
	assert_null(m.mem);
	if (!strstr(err, want))
		fail_msg("\"%s\" does not say \"%s\"", err, want);
	free(f);
}

static void good__loads_and_finds_its_entry(void **state)
{
	struct ldr_module m;
	uintptr_t fn, inits[8];
	char err[256];

	(void)state;
	assert_int_equal(ldr_load(&m, good, good_len, &ops, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	fn = ldr_function(&m, "lab_skel_handle_invoke");
	assert_true(fn > (uintptr_t)m.mem && fn < (uintptr_t)m.mem + m.span);
	assert_int_equal(ldr_function(&m, "lab_skel_invoke"), 0);
	/* Imports are not the module's functions. */
	assert_int_equal(ldr_function(&m, "memcpy"), 0);
	assert_int_equal(ldr_inits(&m, inits, 8), 0);
	ldr_unload(&m, &ops);
	assert_null(m.mem);
}

/*
 * Each R_HEX_RELATIVE word of @f's DT_RELA table (if it has one) as @m
 * holds it: the load bias plus the addend.  The table's entries, counted.
 */
static uint32_t check_relative(const struct ldr_module *m, uint8_t *f)
{
	uint32_t table = dyn_find(f, 7) ? dyn_val(f, 7) : 0;
	uint32_t size = dyn_find(f, 8) ? dyn_val(f, 8) : 0;
	uint32_t i;

	for (i = 0; i < size / 12; i++) {
		const uint8_t *r = f + file_off(f, table) + 12 * i;

		if ((rd32(r + 4) & 0xff) == 35)
			assert_int_equal(rd32(m->mem + (rd32(r) - m->vmin)), m->bias + rd32(r + 8));
	}
	return size / 12;
}

/* Every PLT slot holds its import's address; every RELATIVE word the load bias plus addend. */
static void good__relocations_are_applied(void **state)
{
	struct ldr_module m;
	uint32_t i, table, size, off, info;
	char err[256];
	int slots = 0;

	(void)state;
	assert_int_equal(ldr_load(&m, good, good_len, &ops, err, sizeof(err)), 0);
	table = dyn_val(good, 23);
	size = dyn_val(good, 2);
	for (i = 0; i < size / 12; i++) {
		const uint8_t *r = good + file_off(good, table) + 12 * i;
		uint32_t v;

		off = rd32(r);
		info = rd32(r + 4);
		assert_int_equal(info & 0xff, 34);
		v = rd32(m.mem + (off - m.vmin));
		assert_true(v >= FAKE_IMPORT && v < FAKE_IMPORT + 16 * 10);
		slots++;
	}
	assert_true(slots > 3);
	/* The lab skeleton has no RELATIVE words; a skeleton with data pointers has. */
	check_relative(&m, good);
	ldr_unload(&m, &ops);
}

static void header__each_fault_is_named(void **state)
{
	uint8_t *c;

	(void)state;
	refused(copy(), 0, "not an ELF file");
	refused(copy(), 3, "not an ELF file");
	c = copy();
	c[1] = 'X';
	refused(c, good_len, "not an ELF file");
	refused(copy(), 40, "truncated: no whole ELF header");
	c = copy();
	c[4] = 2;
	refused(c, good_len, "not a 32-bit little-endian");
	c = copy();
	c[5] = 2;
	refused(c, good_len, "not a 32-bit little-endian");
	c = copy();
	c[18] = 62;
	c[19] = 0;
	refused(c, good_len, "ELF machine 62, not Hexagon");
	c = copy();
	c[16] = 2;
	refused(c, good_len, "ELF type 2, not a shared object");
	c = copy();
	c[42] = 0;
	refused(c, good_len, "program headers of 0 bytes");
	c = copy();
	c[44] = 0xff;
	c[45] = 0xff;
	refused(c, good_len, "65535 program headers");
	c = copy();
	wr32(c + 28, 0xfffffff0u);
	refused(c, good_len, "truncated: program headers beyond the end of the file");
	refused(copy(), rd32(good + 28) + 40, "truncated: program headers beyond the end");
}

static void segments__each_fault_is_named(void **state)
{
	uint8_t *c, *ph;

	(void)state;
	refused(copy(), rd32(phdr_of(good, 1, 1) + 4) + 1, "truncated: segment 1 beyond the end "
		"of the file");
	c = copy();
	ph = phdr_of(c, 1, 1);
	wr32(ph + 4, 0xffffff00u);
	refused(c, good_len, "truncated: segment 1 beyond the end of the file");
	c = copy();
	ph = phdr_of(c, 1, 0);
	wr32(ph + 16, rd32(ph + 20) + 1);
	refused(c, good_len, "segment 0: file size over memory size");
	c = copy();
	ph = phdr_of(c, 1, 3);
	wr32(ph + 8, 0xffff0000u);
	wr32(ph + 4, 0);
	wr32(ph + 20, 0x20000);
	wr32(ph + 16, 0);
	refused(c, good_len, "beyond a 32-bit address space");
	c = copy();
	ph = phdr_of(c, 1, 3);
	wr32(ph + 20, 0x7ffffff0u);
	refused(c, good_len, "over the 67108864 allowed");
	c = copy();
	wr32(phdr_of(c, 1, 1) + 8, rd32(phdr_of(c, 1, 0) + 8));
	wr32(phdr_of(c, 1, 1) + 28, 0);
	refused(c, good_len, "segment 1 overlaps or precedes segment 0");
	c = copy();
	ph = phdr_of(c, 1, 1);
	wr32(ph + 8, rd32(ph + 8) + 4);
	refused(c, good_len, "segment 1: misaligned");
	c = copy();
	ph = phdr_of(c, 1, 1);
	wr32(ph + 28, 3);
	refused(c, good_len, "segment 1: misaligned");
	c = copy();
	wr32(phdr_of(c, 2, 0), 0x6474e552u);
	refused(c, good_len, "no PT_DYNAMIC");
	c = copy();
	wr32(phdr_of(c, 0x6474e551u, 0), 2);
	refused(c, good_len, "more than one PT_DYNAMIC");
	c = copy();
	wr32(phdr_of(c, 0x6474e551u, 0), 7);
	refused(c, good_len, "thread-local storage");
	c = copy();
	wr32(phdr_of(c, 0x6474e551u, 0), 3);
	refused(c, good_len, "program interpreter");
	c = copy();
	wr32(phdr_of(c, 2, 0) + 8, 0x7fff0000u);
	refused(c, good_len, "PT_DYNAMIC outside the loaded segments");
	c = copy();
	wr32(phdr_of(c, 2, 0) + 20, 16);
	refused(c, good_len, "PT_DYNAMIC has no DT_NULL end");
}

static void dynamic__each_fault_is_named(void **state)
{
	uint8_t *c;
	size_t h;

	(void)state;
	c = copy();
	wr32(c + dyn(c, 4), 0x6ffffef5u);
	refused(c, good_len, "no DT_HASH (link with --hash-style=sysv)");
	c = copy();
	wr32(c + dyn(c, 5), 0x6ffffff0u);
	refused(c, good_len, "no DT_SYMTAB, DT_STRTAB or DT_STRSZ");
	c = copy();
	wr32(c + dyn(c, 14), 17);
	refused(c, good_len, "REL relocations");
	c = copy();
	wr32(c + dyn(c, 11) + 4, 24);
	refused(c, good_len, "DT_SYMENT or DT_RELAENT");
	c = copy();
	wr32(c + dyn(c, 10) + 4, 0x7fffffffu);
	refused(c, good_len, "string table outside the image");
	c = copy();
	wr32(c + dyn(c, 4) + 4, 0xfffffff0u);
	refused(c, good_len, "hash table outside the image");
	c = copy();
	h = file_off(c, dyn_val(c, 4));
	wr32(c + h, 0xffffffffu);
	refused(c, good_len, "hash table of 4294967295 buckets");
	c = copy();
	h = file_off(c, dyn_val(c, 4));
	wr32(c + h, 0);
	refused(c, good_len, "hash table of 0 buckets");
	c = copy();
	h = file_off(c, dyn_val(c, 4));
	wr32(c + h + 4, 0x100000);
	refused(c, good_len, "does not fit the image");
	c = copy();
	h = file_off(c, dyn_val(c, 4));
	wr32(c + h + 8, rd32(c + h + 4) + 5);
	refused(c, good_len, "hash table entry 0 beyond the symbol table");
	c = copy();
	wr32(c + dyn(c, 6) + 4, 0xfff00000u);
	refused(c, good_len, "symbol table of");
	c = copy();
	wr32(c + dyn(c, 14), 1);
	refused(c, good_len, "needs liblab_skel.so, which the DSP process does not have");
	c = copy();
	wr32(c + dyn(c, 14), 1);
	wr32(c + dyn(c, 1) + 4, 0xfffff);
	refused(c, good_len, "DT_NEEDED name outside the string table");
	c = copy();
	wr32(c + dyn(c, 14), 12);
	refused(c, good_len, "DT_INIT or DT_FINI is not code of the module");
	c = copy();
	wr32(c + dyn(c, 14), 27);
	refused(c, good_len, "DT_INIT_ARRAY outside the segments");
	c = copy();
	wr32(c + dyn(c, 14), 32);
	refused(c, good_len, "DT_PREINIT_ARRAY");
	c = copy();
	wr32(c + dyn(c, 20) + 4, 17);
	refused(c, good_len, "DT_PLTREL 17, not DT_RELA");
}

/* The first PLT relocation of the copy. */
static uint8_t *first_jmprel(uint8_t *c)
{
	return c + file_off(c, dyn_val(c, 23));
}

static void relocations__each_fault_is_named(void **state)
{
	uint8_t *c, *r, *s;

	(void)state;
	c = copy();
	r = first_jmprel(c);
	wr32(r + 4, 0xffffff00u | 34);
	refused(c, good_len, "relocation names symbol 16777215");
	c = copy();
	r = first_jmprel(c);
	wr32(r + 4, (rd32(r + 4) & ~0xffu) | 99);
	refused(c, good_len, "relocation type 99 is not supported");
	c = copy();
	r = first_jmprel(c);
	wr32(r + 4, (rd32(r + 4) & ~0xffu) | 32);
	refused(c, good_len, "relocation type 32 (R_HEX_COPY) is not supported");
	c = copy();
	r = first_jmprel(c);
	wr32(r, 0xfffffff0u);
	refused(c, good_len, "JMPREL 0: offset 0xfffffff0 outside the segments");
	c = copy();
	r = first_jmprel(c);
	wr32(r, rd32(phdr_of(c, 1, 3) + 8) + rd32(phdr_of(c, 1, 3) + 20) - 2);
	refused(c, good_len, "outside the segments");
	c = copy();
	wr32(c + dyn(c, 2) + 4, 13);
	refused(c, good_len, "JMPREL table outside the image");
	c = copy();
	wr32(c + dyn(c, 23) + 4, 0xfffffff0u);
	refused(c, good_len, "JMPREL table outside the image");
	c = copy();
	r = first_jmprel(c);
	s = c + file_off(c, dyn_val(c, 6)) + 16 * (rd32(r + 4) >> 8);
	wr32(s, 0xffffff);
	refused(c, good_len, "name outside the string table");
	c = copy();
	r = first_jmprel(c);
	s = c + file_off(c, dyn_val(c, 6)) + 16 * (rd32(r + 4) >> 8);
	wr32(s, dyn_val(c, 10) - 1);
	refused(c, good_len, "unresolved symbol");
}

static void symbols__unresolved_import_is_named(void **state)
{
	uint8_t *c = copy();
	size_t i, strtab = file_off(c, dyn_val(c, 5)), n = dyn_val(c, 10);

	(void)state;
	for (i = strtab; i + 7 <= strtab + n; i++) {
		if (!memcmp(c + i, "memcpy", 7)) {
			c[i + 5] = 'z';
			break;
		}
	}
	refused(c, good_len, "unresolved symbol memcpz");
}

/* Random bytes flipped, many times: loaded or refused, never a crash or a leak. */
static void fuzz__random_flips_never_crash(void **state)
{
	uint32_t seed = 12345, i, j, n, loaded = 0;
	struct ldr_module m;
	char err[256];
	uint8_t *c;

	(void)state;
	for (i = 0; i < 3000; i++) {
		c = copy();
		n = 1 + i % 8;
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly the headers and tables at the start, where it matters. */
			c[(seed >> 8) % (i & 1 ? 0x400 : good_len)] = (uint8_t)(seed >> 24);
		}
		if (ldr_load(&m, c, good_len, &ops, err, sizeof(err)) == 0) {
			loaded++;
			ldr_function(&m, "lab_skel_handle_invoke");
			ldr_unload(&m, &ops);
		} else {
			assert_true(err[0] != 0);
		}
		free(c);
	}
	print_message("fuzz: %u of 3000 still loaded\n", loaded);
}

/* DT_INIT and DT_FINI_ARRAY found, in the module's code; RELATIVE words relocated. */
static void initfini__functions_and_relative_words(void **state)
{
	uintptr_t fns[4];
	struct ldr_module m;
	char err[256];

	(void)state;
	assert_int_equal(ldr_load(&m, initfini, initfini_len, &ops, err, sizeof(err)), 0);
	assert_int_equal(ldr_inits(&m, fns, 4), 1);
	assert_true(fns[0] >= (uintptr_t)m.mem && fns[0] < (uintptr_t)m.mem + m.span);
	assert_int_equal(fns[0], ldr_function(&m, "initfini_init"));
	assert_int_equal(ldr_finis(&m, fns, 4), 1);
	assert_true(fns[0] >= (uintptr_t)m.mem && fns[0] < (uintptr_t)m.mem + m.span);
	assert_int_not_equal(ldr_function(&m, "initfini_skel_invoke"), 0);
	assert_true(check_relative(&m, initfini) >= 2);
	ldr_unload(&m, &ops);
}

/* A DT_NEEDED of the DSP's own libc.so loads. */
static void dynamic__needed_libc_is_accepted(void **state)
{
	uint8_t *c = copy();
	size_t name = file_off(c, dyn_val(c, 5)) + dyn_val(c, 14);
	struct ldr_module m;
	char err[256];

	(void)state;
	memcpy(c + name, "libc.so", 8);
	wr32(c + dyn(c, 14), 1);
	assert_int_equal(ldr_load(&m, c, good_len, &ops, err, sizeof(err)), 0);
	ldr_unload(&m, &ops);
	free(c);
}

static uint8_t *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p;

	if (!f) {
		perror(path);
		exit(1);
	}
	p = malloc(1 << 20);
	*len = p ? fread(p, 1, 1 << 20, f) : 0;
	fclose(f);
	if (!*len) {
		fprintf(stderr, "%s: empty or unreadable\n", path);
		exit(1);
	}
	return p;
}

static void uri__forms(void **state)
{
	struct skel_uri u;
	char err[128];

	(void)state;
	assert_int_equal(skel_uri_parse("file:///libcalculator_skel.so?"
					"calculator_skel_handle_invoke&_modver=1.0&_dom=cdsp", &u,
					err, sizeof(err)), 0);
	assert_string_equal(u.file, "libcalculator_skel.so");
	assert_string_equal(u.sym, "calculator_skel_handle_invoke");
	assert_string_equal(u.fallback, "");
	assert_int_equal(u.modver_1_0, 1);
	assert_int_equal(skel_uri_parse("file://libx.so?x_invoke", &u, err, sizeof(err)), 0);
	assert_string_equal(u.file, "libx.so");
	assert_int_equal(u.modver_1_0, 0);
	assert_int_equal(skel_uri_parse("file:///libx.so?x&_dom=adsp&flag&_modver=2.0", &u, err,
					sizeof(err)), 0);
	assert_int_equal(u.modver_1_0, 0);
	assert_int_equal(skel_uri_parse("calculator", &u, err, sizeof(err)), 0);
	assert_string_equal(u.file, "libcalculator_skel.so");
	assert_string_equal(u.sym, "calculator_skel_handle_invoke");
	assert_string_equal(u.fallback, "calculator_skel_invoke");
}

static void uri__bad_names_are_refused(void **state)
{
	static const char *const bad[] = {
		"", "file:///x.so", "file:///?sym", "file:///x.so?", "file:///x.so?s&=1",
		"file:///x.so?s&&", "a/b", "../etc/passwd", "lab?x",
		"a_name_that_is_far_too_long_to_be_a_module_name_on_any_dsp_at_all_really_"
		"it_goes_on_and_on_and_on_for_ever_and_ever_and_ever",
	};
	struct skel_uri u;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (skel_uri_parse(bad[i], &u, err, sizeof(err)) == 0)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_true(err[0] != 0);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good__loads_and_finds_its_entry),
		cmocka_unit_test(good__relocations_are_applied),
		cmocka_unit_test(header__each_fault_is_named),
		cmocka_unit_test(segments__each_fault_is_named),
		cmocka_unit_test(dynamic__each_fault_is_named),
		cmocka_unit_test(relocations__each_fault_is_named),
		cmocka_unit_test(symbols__unresolved_import_is_named),
		cmocka_unit_test(fuzz__random_flips_never_crash),
		cmocka_unit_test(initfini__functions_and_relative_words),
		cmocka_unit_test(dynamic__needed_libc_is_accepted),
		cmocka_unit_test(uri__forms),
		cmocka_unit_test(uri__bad_names_are_refused),
	};
	int ret;

	if (argc != 3) {
		fprintf(stderr, "usage: %s LIBLAB_SKEL_SO LIBINITFINI_SKEL_SO\n", argv[0]);
		return 2;
	}
	good = read_whole(argv[1], &good_len);
	initfini = read_whole(argv[2], &initfini_len);
	ret = cmocka_run_group_tests_name("hexagon loader", tests, NULL, NULL);
	free(good);
	free(initfini);
	return ret;
}
