/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * shell.c: fastrpc_shell_check() refuses every malformed shell for its own
 * reason (a corpus built here from one valid image, one case each), and
 * fastrpc_shell_find() searches directories in its documented order.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <libfastrpc.h>

#include "elf_image.h"

#define HEADERS_END	(sizeof(Elf32_Ehdr) + 2 * sizeof(Elf32_Phdr))

/* Check a heap copy of exactly @len bytes, so ASan sees any read past it. */
static int check_bytes(const void *bytes, size_t len, const char **reason)
{
	void *copy = malloc(len ? len : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	ret = fastrpc_shell_check(copy, len, reason);
	free(copy);
	return ret;
}

static void assert_refused(const void *bytes, size_t len, const char *why)
{
	const char *reason = NULL;

	assert_int_equal(check_bytes(bytes, len, &reason), -ENOEXEC);
	assert_non_null(reason);
	assert_string_equal(reason, why);
}

/* ---- the corpus: one damage to the valid image, and its reason ---- */

/* One field of the image set to @value, or @apply's changes; then @reason. */
struct damage {
	const char *name;
	size_t offset;
	size_t size;
	uint32_t value;
	void (*apply)(struct elf_image *img);
	const char *reason;
};

#define FIELD(f)	offsetof(struct elf_image, f), sizeof(((struct elf_image *)0)->f)
#define CASE(cond)	"fastrpc_shell_check__" #cond "_is_refused"
#define SET(cond, f, v, why)	{ CASE(cond), FIELD(f), v, NULL, why }
#define APPLY(fn, why)		{ CASE(fn), 0, 0, 0, fn, why }

static void load_overflows(struct elf_image *i)
{
	i->phdr[1].p_offset = 0xffffff00;
	i->phdr[1].p_filesz = i->phdr[1].p_memsz = 0x200;
}

/* Overlapping, the later segment first in the headers. */
static void loads_overlap_reversed(struct elf_image *i)
{
	i->phdr[0].p_offset = ELF_TEXT_END;
	i->phdr[0].p_filesz = i->phdr[0].p_memsz = ELF_DATA_SIZE;
	i->phdr[1].p_offset = 0;
	i->phdr[1].p_filesz = i->phdr[1].p_memsz = ELF_TEXT_END + 1;
}

static void loads_same_range(struct elf_image *i)
{
	i->phdr[1] = i->phdr[0];
}

static void no_load(struct elf_image *i)
{
	i->phdr[0].p_type = PT_NOTE;
	i->phdr[1].p_type = PT_NULL;
}

static void loads_without_contents(struct elf_image *i)
{
	i->phdr[0].p_filesz = 0;
	i->phdr[1].p_filesz = 0;
}

static const struct damage corpus[] = {
	SET(bad_magic, ehdr.e_ident[EI_MAG1], 'e', "not an ELF file"),
	SET(class_64, ehdr.e_ident[EI_CLASS], ELFCLASS64, "ELF class is 64-bit, not 32-bit"),
	SET(class_none, ehdr.e_ident[EI_CLASS], ELFCLASSNONE, "ELF class is invalid"),
	SET(class_3, ehdr.e_ident[EI_CLASS], 3, "ELF class is invalid"),
	SET(data_msb, ehdr.e_ident[EI_DATA], ELFDATA2MSB,
	    "ELF data is big-endian, not little-endian"),
	SET(data_none, ehdr.e_ident[EI_DATA], ELFDATANONE, "ELF data encoding is invalid"),
	SET(data_3, ehdr.e_ident[EI_DATA], 3, "ELF data encoding is invalid"),
	SET(version_0, ehdr.e_ident[EI_VERSION], EV_NONE, "ELF version is not 1 (EV_CURRENT)"),
	SET(version_2, ehdr.e_ident[EI_VERSION], 2, "ELF version is not 1 (EV_CURRENT)"),
	SET(machine_none, ehdr.e_machine, EM_NONE,
	    "ELF machine is unset (EM_NONE), not Hexagon"),
	SET(machine_386, ehdr.e_machine, EM_386, "ELF machine is x86, not Hexagon"),
	SET(machine_arm, ehdr.e_machine, EM_ARM, "ELF machine is ARM, not Hexagon"),
	SET(machine_x86_64, ehdr.e_machine, EM_X86_64, "ELF machine is x86-64, not Hexagon"),
	SET(machine_aarch64, ehdr.e_machine, EM_AARCH64, "ELF machine is AArch64, not Hexagon"),
	SET(machine_riscv, ehdr.e_machine, EM_RISCV, "ELF machine is RISC-V, not Hexagon"),
	SET(machine_mips, ehdr.e_machine, EM_MIPS, "ELF machine is machine 8, not Hexagon"),
	SET(machine_4242, ehdr.e_machine, 4242, "ELF machine is machine 4242, not Hexagon"),
	SET(type_rel, ehdr.e_type, ET_REL,
	    "ELF type is a relocatable object (ET_REL), not ET_EXEC or ET_DYN"),
	SET(type_core, ehdr.e_type, ET_CORE, "ELF type is not ET_EXEC or ET_DYN"),
	SET(type_none, ehdr.e_type, ET_NONE, "ELF type is not ET_EXEC or ET_DYN"),
	SET(phnum_0, ehdr.e_phnum, 0, "ELF has no program headers"),
	SET(phnum_xnum, ehdr.e_phnum, PN_XNUM, "ELF has too many program headers"),
	SET(phentsize_56, ehdr.e_phentsize, sizeof(Elf64_Phdr),
	    "ELF program header entry size is not 32"),
	SET(phoff_last_bytes, ehdr.e_phoff, ELF_IMAGE_SIZE - sizeof(Elf32_Phdr),
	    "ELF program headers are outside the file"),
	SET(phoff_past_eof, ehdr.e_phoff, ELF_IMAGE_SIZE + 4,
	    "ELF program headers are outside the file"),
	SET(phoff_huge, ehdr.e_phoff, 0xfffffff0, "ELF program headers are outside the file"),
	SET(phnum_past_eof, ehdr.e_phnum, 0xfff0, "ELF program headers are outside the file"),
	SET(phoff_0, ehdr.e_phoff, 0, "ELF program headers overlap the ELF header"),
	SET(phoff_in_ehdr, ehdr.e_phoff, sizeof(Elf32_Ehdr) - 4,
	    "ELF program headers overlap the ELF header"),
	SET(load_filesz_past_eof, phdr[1].p_filesz, ELF_DATA_SIZE + 1,
	    "PT_LOAD segment is outside the file"),
	SET(load_offset_at_eof, phdr[1].p_offset, ELF_IMAGE_SIZE,
	    "PT_LOAD segment is outside the file"),
	APPLY(load_overflows, "PT_LOAD segment's file range overflows"),
	SET(loads_overlap, phdr[1].p_offset, ELF_TEXT_END - 4,
	    "PT_LOAD segments overlap in the file"),
	APPLY(loads_overlap_reversed, "PT_LOAD segments overlap in the file"),
	APPLY(loads_same_range, "PT_LOAD segments overlap in the file"),
	SET(load_filesz_over_memsz, phdr[1].p_memsz, ELF_DATA_SIZE - 1,
	    "PT_LOAD segment is larger in the file than in memory"),
	SET(load_memsz_over_256mib, phdr[1].p_memsz, (256u << 20) + 1,
	    "PT_LOAD segment is larger than 256 MiB in memory"),
	SET(load_memsz_max, phdr[1].p_memsz, UINT32_MAX,
	    "PT_LOAD segment is larger than 256 MiB in memory"),
	APPLY(no_load, "ELF has no PT_LOAD segment with file contents"),
	APPLY(loads_without_contents, "ELF has no PT_LOAD segment with file contents"),
};

/* One case of the corpus, its entry the initial state. */
static void damaged_image_is_refused(void **state)
{
	const struct damage *d = *state;
	struct elf_image img;

	elf_image_init(&img);
	if (d->apply) {
		d->apply(&img);
	} else if (d->size == 1) {
		img.bytes[d->offset] = d->value;
	} else if (d->size == 2) {
		uint16_t v = d->value;

		memcpy(img.bytes + d->offset, &v, 2);
	} else {
		assert_int_equal(d->size, 4);
		memcpy(img.bytes + d->offset, &d->value, 4);
	}
	assert_refused(img.bytes, sizeof(img.bytes), d->reason);
}

/* ---- the valid image and its variants ---- */

static void fastrpc_shell_check__valid_image_passes(void **state)
{
	const char *reason = "not reset";
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	assert_int_equal(check_bytes(img.bytes, sizeof(img.bytes), &reason), 0);
	assert_null(reason);
	assert_int_equal(fastrpc_shell_check(img.bytes, sizeof(img.bytes), NULL), 0);
}

static void fastrpc_shell_check__et_dyn_passes(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_type = ET_DYN;
	assert_int_equal(check_bytes(img.bytes, sizeof(img.bytes), NULL), 0);
}

static void fastrpc_shell_check__memsz_of_256mib_passes(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_memsz = 256u << 20;
	assert_int_equal(check_bytes(img.bytes, sizeof(img.bytes), NULL), 0);
}

/* A bss-only PT_LOAD beside one with contents, and other segments anywhere. */
static void fastrpc_shell_check__empty_load_and_other_segments_pass(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_filesz = 0;
	assert_int_equal(check_bytes(img.bytes, sizeof(img.bytes), NULL), 0);
	elf_image_init(&img);
	img.phdr[1].p_type = PT_NOTE;
	img.phdr[1].p_offset = 0xfffffff0;
	assert_int_equal(check_bytes(img.bytes, sizeof(img.bytes), NULL), 0);
}

static void fastrpc_shell_check__trailing_bytes_pass(void **state)
{
	unsigned char bytes[ELF_IMAGE_SIZE + 100] = { 0 };
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	memcpy(bytes, img.bytes, sizeof(img.bytes));
	assert_int_equal(check_bytes(bytes, sizeof(bytes), NULL), 0);
}

static void fastrpc_shell_check__null_image_is_enoexec(void **state)
{
	const char *reason = NULL;

	(void)state;
	assert_int_equal(fastrpc_shell_check(NULL, 100, &reason), -ENOEXEC);
	assert_string_equal(reason, "no ELF image");
}

static void fastrpc_shell_check__not_elf_is_refused(void **state)
{
	static const char text[] = "#!/bin/sh\necho this is not an ELF file\n";

	(void)state;
	assert_refused(text, sizeof(text), "not an ELF file");
	assert_refused(text, 0, "not an ELF file");
}

/* What a valid image cut to @len bytes lacks first. */
static const char *truncated_reason(size_t len)
{
	if (len < SELFMAG)
		return "not an ELF file";
	if (len < EI_NIDENT)
		return "ELF identification is truncated";
	if (len < sizeof(Elf32_Ehdr))
		return "ELF header is truncated";
	if (len < HEADERS_END)
		return "ELF program headers are outside the file";
	return "PT_LOAD segment is outside the file";
}

static void fastrpc_shell_check__truncated_at_every_length_is_refused(void **state)
{
	struct elf_image img;
	size_t len;

	(void)state;
	elf_image_init(&img);
	for (len = 0; len < sizeof(img.bytes); len++)
		assert_refused(img.bytes, len, truncated_reason(len));
}

/* An image of @n PT_LOADs of one byte each, after the headers. */
static unsigned char *loads_image(unsigned int n, size_t *size)
{
	size_t phend = sizeof(Elf32_Ehdr) + n * sizeof(Elf32_Phdr);
	struct elf_image img;
	unsigned char *p;
	unsigned int i;
	Elf32_Phdr ph;

	elf_image_init(&img);
	img.ehdr.e_phnum = n;
	*size = phend + n;
	p = calloc(1, *size);
	assert_non_null(p);
	memcpy(p, &img.ehdr, sizeof(img.ehdr));
	for (i = 0; i < n; i++) {
		ph = (Elf32_Phdr){
			.p_type = PT_LOAD,
			.p_offset = phend + i,
			.p_vaddr = 0x1000 * (i + 1),
			.p_filesz = 1,
			.p_memsz = 1,
			.p_flags = PF_R,
			.p_align = 0x1000,
		};
		memcpy(p + sizeof(Elf32_Ehdr) + i * sizeof(ph), &ph, sizeof(ph));
	}
	return p;
}

static void fastrpc_shell_check__65_loads_are_refused(void **state)
{
	unsigned char *p;
	size_t size;

	(void)state;
	p = loads_image(64, &size);
	assert_int_equal(check_bytes(p, size, NULL), 0);
	free(p);
	p = loads_image(65, &size);
	assert_refused(p, size, "ELF has more than 64 PT_LOAD segments");
	free(p);
}

/* Random corruption of the headers, then of anything: refused or not, never a crash. */
static void fastrpc_shell_check__random_damage_never_crashes(void **state)
{
	unsigned int seed = 0x5eed, i, j, n, pos;
	struct elf_image img;
	const char *reason;
	int ret;

	(void)state;
	for (i = 0; i < 20000; i++) {
		elf_image_init(&img);
		n = 1 + rand_r(&seed) % 8;
		for (j = 0; j < n; j++) {
			pos = rand_r(&seed) % (i % 2 ? sizeof(img.bytes) : HEADERS_END);
			img.bytes[pos] = rand_r(&seed);
		}
		reason = NULL;
		ret = check_bytes(img.bytes, rand_r(&seed) % 4 ? sizeof(img.bytes) :
				  rand_r(&seed) % sizeof(img.bytes), &reason);
		if (ret) {
			assert_int_equal(ret, -ENOEXEC);
			assert_non_null(reason);
		} else {
			assert_null(reason);
		}
	}
}

/* ---- fastrpc_shell_find() in a temporary tree ---- */

static char tmp[64];

static int make_tmp(void **state)
{
	(void)state;
	strcpy(tmp, "/tmp/fastrpc-shell.XXXXXX");
	return mkdtemp(tmp) ? 0 : -1;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int remove_tmp(void **state)
{
	(void)state;
	return nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* tmp/@rel: a file, or a directory when @rel ends with '/'; parents made. */
static void make(const char *rel)
{
	char path[PATH_MAX], *p;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	for (p = path + strlen(tmp) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	if (path[strlen(path) - 1] == '/')
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

/* fastrpc_shell_find() with @dirs, each "@" in it standing for tmp. */
static int find(unsigned int domain, uint32_t attrs, const char *dirs, char **path)
{
	char expanded[1024], *o = expanded;

	for (; *dirs; dirs++) {
		if (*dirs == '@')
			o += sprintf(o, "%s", tmp);
		else
			*o++ = *dirs;
	}
	*o = '\0';
	return fastrpc_shell_find(domain, attrs, expanded, path);
}

static void assert_found(unsigned int domain, uint32_t attrs, const char *dirs,
			 const char *rel)
{
	char expected[PATH_MAX], *path = NULL;

	snprintf(expected, sizeof(expected), "%s/%s", tmp, rel);
	assert_int_equal(find(domain, attrs, dirs, &path), 0);
	assert_non_null(path);
	assert_string_equal(path, expected);
	free(path);
}

static void fastrpc_shell_find__domain_dir_first(void **state)
{
	(void)state;
	make("cdsp/fastrpc_shell_3");
	make("fastrpc_shell_3");
	make("adsp/fastrpc_shell_0");
	assert_found(3, 0, "@", "cdsp/fastrpc_shell_3");
	assert_found(0, 0, "@", "adsp/fastrpc_shell_0");
}

static void fastrpc_shell_find__then_the_dir_itself(void **state)
{
	(void)state;
	make("fastrpc_shell_3");
	make("adsp/fastrpc_shell_3");
	assert_found(3, 0, "@", "fastrpc_shell_3");
}

static void fastrpc_shell_find__unsigned_first_with_unsigned_attr(void **state)
{
	(void)state;
	make("cdsp/fastrpc_shell_3");
	make("fastrpc_shell_unsigned_3");
	assert_found(3, FASTRPC_PD_ATTR_UNSIGNED, "@", "fastrpc_shell_unsigned_3");
	assert_found(3, FASTRPC_PD_ATTR_UNSIGNED | FASTRPC_PD_ATTR_DEBUG, "@",
		     "fastrpc_shell_unsigned_3");
	assert_found(3, 0, "@", "cdsp/fastrpc_shell_3");
	assert_found(3, FASTRPC_PD_ATTR_DEBUG, "@", "cdsp/fastrpc_shell_3");
}

/* The unsigned shell is looked for in every directory before the signed one. */
static void fastrpc_shell_find__unsigned_first_in_any_dir(void **state)
{
	(void)state;
	make("a/cdsp/fastrpc_shell_3");
	make("b/cdsp/fastrpc_shell_unsigned_3");
	assert_found(3, FASTRPC_PD_ATTR_UNSIGNED, "@/a:@/b", "b/cdsp/fastrpc_shell_unsigned_3");
}

static void fastrpc_shell_find__unsigned_falls_back_to_signed(void **state)
{
	(void)state;
	make("cdsp/fastrpc_shell_3");
	assert_found(3, FASTRPC_PD_ATTR_UNSIGNED, "@", "cdsp/fastrpc_shell_3");
}

static void fastrpc_shell_find__directory_is_no_shell(void **state)
{
	char *path = (char *)1;

	(void)state;
	make("cdsp/fastrpc_shell_3/");
	make("fastrpc_shell_unsigned_3/");
	assert_int_equal(find(3, FASTRPC_PD_ATTR_UNSIGNED, "@", &path), -ENOENT);
	make("fastrpc_shell_3");
	assert_found(3, FASTRPC_PD_ATTR_UNSIGNED, "@", "fastrpc_shell_3");
}

static void fastrpc_shell_find__dirs_in_order(void **state)
{
	(void)state;
	make("a/");
	make("b/fastrpc_shell_3");
	make("c/cdsp/fastrpc_shell_3");
	assert_found(3, 0, "/nonexistent:@/a:@/b:@/c", "b/fastrpc_shell_3");
	assert_found(3, 0, "@/c:@/b", "c/cdsp/fastrpc_shell_3");
}

static void fastrpc_shell_find__none_is_enoent(void **state)
{
	char *path = (char *)1;

	(void)state;
	make("cdsp/fastrpc_shell_4");
	make("fastrpc_shell_unsigned_3");
	make("adsp/fastrpc_shell_3");
	errno = EXDEV;
	assert_int_equal(find(3, 0, "@:/nonexistent", &path), -ENOENT);
	assert_ptr_equal(path, (char *)1);
	assert_int_equal(errno, EXDEV);
}

/* An empty entry is the current directory, as in PATH. */
static void fastrpc_shell_find__empty_entry_is_current_dir(void **state)
{
	struct stat want, got = { 0 };
	char file[PATH_MAX], *path = NULL;
	int cwd, ret, found;

	(void)state;
	make("fastrpc_shell_3");
	snprintf(file, sizeof(file), "%s/fastrpc_shell_3", tmp);
	assert_int_equal(stat(file, &want), 0);
	cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(cwd >= 0);
	assert_int_equal(chdir(tmp), 0);
	ret = fastrpc_shell_find(3, 0, "", &path);
	found = ret ? -1 : stat(path, &got);
	assert_int_equal(fchdir(cwd), 0);
	close(cwd);
	free(path);
	assert_int_equal(ret, 0);
	assert_int_equal(found, 0);
	assert_true(got.st_dev == want.st_dev && got.st_ino == want.st_ino);
}

static void fastrpc_shell_find__bad_args_are_einval(void **state)
{
	char *path = (char *)1;

	(void)state;
	make("fastrpc_shell_7");
	assert_int_equal(find(7, 0, "@", &path), -EINVAL);
	assert_int_equal(find(UINT32_MAX, 0, "@", &path), -EINVAL);
	assert_ptr_equal(path, (char *)1);
	assert_int_equal(find(3, 0, "@", NULL), -EINVAL);
}

static void fastrpc_shell_find__errno_untouched(void **state)
{
	char *path = NULL;

	(void)state;
	make("fastrpc_shell_3");
	errno = EXDEV;
	assert_int_equal(find(3, FASTRPC_PD_ATTR_UNSIGNED, "/nonexistent:@", &path), 0);
	assert_int_equal(errno, EXDEV);
	free(path);
}

#define FIND_TEST(fn) cmocka_unit_test_setup_teardown(fn, make_tmp, remove_tmp)

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(fastrpc_shell_check__valid_image_passes),
		cmocka_unit_test(fastrpc_shell_check__et_dyn_passes),
		cmocka_unit_test(fastrpc_shell_check__memsz_of_256mib_passes),
		cmocka_unit_test(fastrpc_shell_check__empty_load_and_other_segments_pass),
		cmocka_unit_test(fastrpc_shell_check__trailing_bytes_pass),
		cmocka_unit_test(fastrpc_shell_check__null_image_is_enoexec),
		cmocka_unit_test(fastrpc_shell_check__not_elf_is_refused),
		cmocka_unit_test(fastrpc_shell_check__truncated_at_every_length_is_refused),
		cmocka_unit_test(fastrpc_shell_check__65_loads_are_refused),
		cmocka_unit_test(fastrpc_shell_check__random_damage_never_crashes),
		FIND_TEST(fastrpc_shell_find__domain_dir_first),
		FIND_TEST(fastrpc_shell_find__then_the_dir_itself),
		FIND_TEST(fastrpc_shell_find__unsigned_first_with_unsigned_attr),
		FIND_TEST(fastrpc_shell_find__unsigned_first_in_any_dir),
		FIND_TEST(fastrpc_shell_find__unsigned_falls_back_to_signed),
		FIND_TEST(fastrpc_shell_find__directory_is_no_shell),
		FIND_TEST(fastrpc_shell_find__dirs_in_order),
		FIND_TEST(fastrpc_shell_find__none_is_enoent),
		FIND_TEST(fastrpc_shell_find__empty_entry_is_current_dir),
		FIND_TEST(fastrpc_shell_find__bad_args_are_einval),
		FIND_TEST(fastrpc_shell_find__errno_untouched),
	};
	const size_t n_fixed = sizeof(fixed) / sizeof(fixed[0]);
	const size_t n_corpus = sizeof(corpus) / sizeof(corpus[0]);
	struct CMUnitTest tests[sizeof(fixed) / sizeof(fixed[0]) +
				sizeof(corpus) / sizeof(corpus[0])];
	size_t i;

	/* The fixed cases, then one named case per damaged image. */
	memcpy(tests, fixed, sizeof(fixed));
	for (i = 0; i < n_corpus; i++)
		tests[n_fixed + i] = (struct CMUnitTest){
			.name = corpus[i].name,
			.test_func = damaged_image_is_refused,
			.initial_state = (void *)&corpus[i],
		};
	return _cmocka_run_group_tests("test_shell", tests, n_fixed + n_corpus, NULL, NULL);
}
