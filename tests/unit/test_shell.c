/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc_shell_check(): every malformed shell refused, for its own reason. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfastrpc.h>

#include "elf_image.h"

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

static void assert_refused(const struct elf_image *img, const char *why)
{
	const char *reason = NULL;

	assert_int_equal(check_bytes(img->bytes, sizeof(img->bytes), &reason),
			 -ENOEXEC);
	assert_non_null(reason);
	assert_string_equal(reason, why);
}

static void fastrpc_shell_check__valid_image_passes(void **state)
{
	struct elf_image img;
	const char *reason = "not reset";

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

static void fastrpc_shell_check__null_image_is_enoexec(void **state)
{
	const char *reason;

	(void)state;
	assert_int_equal(fastrpc_shell_check(NULL, 100, &reason), -ENOEXEC);
	assert_string_equal(reason, "no ELF image");
}

static void fastrpc_shell_check__truncated_at_every_length_fails(void **state)
{
	struct elf_image img;
	const char *reason;
	size_t len;

	(void)state;
	elf_image_init(&img);
	for (len = 0; len < sizeof(img.bytes); len++) {
		reason = NULL;
		assert_int_equal(check_bytes(img.bytes, len, &reason), -ENOEXEC);
		assert_non_null(reason);
	}
	assert_int_equal(check_bytes(img.bytes, 3, &reason), -ENOEXEC);
	assert_string_equal(reason, "not an ELF file");
	assert_int_equal(check_bytes(img.bytes, 10, &reason), -ENOEXEC);
	assert_string_equal(reason, "ELF identification is truncated");
	assert_int_equal(check_bytes(img.bytes, sizeof(Elf32_Ehdr) - 1, &reason), -ENOEXEC);
	assert_string_equal(reason, "ELF header is truncated");
	assert_int_equal(check_bytes(img.bytes, sizeof(Elf32_Ehdr) + 40, &reason), -ENOEXEC);
	assert_string_equal(reason, "ELF program headers are outside the file");
	assert_int_equal(check_bytes(img.bytes, ELF_IMAGE_SIZE - 1, &reason), -ENOEXEC);
	assert_string_equal(reason, "PT_LOAD segment is outside the file");
}

static void fastrpc_shell_check__not_elf_is_refused(void **state)
{
	static const char text[] = "#!/bin/sh\necho this is not an ELF file\n";
	const char *reason;

	(void)state;
	assert_int_equal(check_bytes(text, sizeof(text), &reason), -ENOEXEC);
	assert_string_equal(reason, "not an ELF file");
}

static void fastrpc_shell_check__elfclass64_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_ident[EI_CLASS] = ELFCLASS64;
	assert_refused(&img, "ELF class is 64-bit, not 32-bit");
	img.ehdr.e_ident[EI_CLASS] = ELFCLASSNONE;
	assert_refused(&img, "ELF class is invalid");
}

static void fastrpc_shell_check__big_endian_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_ident[EI_DATA] = ELFDATA2MSB;
	assert_refused(&img, "ELF data is big-endian, not little-endian");
	img.ehdr.e_ident[EI_DATA] = 7;
	assert_refused(&img, "ELF data encoding is invalid");
}

static void fastrpc_shell_check__bad_ident_version_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_ident[EI_VERSION] = 2;
	assert_refused(&img, "ELF version is not 1 (EV_CURRENT)");
}

static void fastrpc_shell_check__x86_64_names_the_machine(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_machine = EM_X86_64;
	assert_refused(&img, "ELF machine is x86-64, not Hexagon");
	img.ehdr.e_machine = EM_AARCH64;
	assert_refused(&img, "ELF machine is AArch64, not Hexagon");
	img.ehdr.e_machine = EM_ARM;
	assert_refused(&img, "ELF machine is ARM, not Hexagon");
}

static void fastrpc_shell_check__other_machine_gives_its_number(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_machine = 4242;
	assert_refused(&img, "ELF machine is machine 4242, not Hexagon");
}

static void fastrpc_shell_check__et_rel_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_type = ET_REL;
	assert_refused(&img, "ELF type is a relocatable object (ET_REL), not ET_EXEC or ET_DYN");
	img.ehdr.e_type = ET_CORE;
	assert_refused(&img, "ELF type is not ET_EXEC or ET_DYN");
}

static void fastrpc_shell_check__no_phdrs_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_phnum = 0;
	assert_refused(&img, "ELF has no program headers");
	img.ehdr.e_phnum = PN_XNUM;
	assert_refused(&img, "ELF has too many program headers");
}

static void fastrpc_shell_check__bad_phentsize_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_phentsize = sizeof(Elf64_Phdr);
	assert_refused(&img, "ELF program header entry size is not 32");
}

static void fastrpc_shell_check__phdrs_past_eof_are_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_phoff = ELF_IMAGE_SIZE - sizeof(Elf32_Phdr);
	assert_refused(&img, "ELF program headers are outside the file");
	img.ehdr.e_phoff = 0xfffffff0;
	assert_refused(&img, "ELF program headers are outside the file");
	img.ehdr.e_phoff = sizeof(Elf32_Ehdr);
	img.ehdr.e_phnum = 0xfff0;
	assert_refused(&img, "ELF program headers are outside the file");
}

static void fastrpc_shell_check__phdrs_over_ehdr_are_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.ehdr.e_phoff = 0;
	assert_refused(&img, "ELF program headers overlap the ELF header");
}

static void fastrpc_shell_check__pt_load_past_eof_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_filesz = ELF_DATA_SIZE + 1;
	assert_refused(&img, "PT_LOAD segment is outside the file");
	elf_image_init(&img);
	img.phdr[1].p_offset = ELF_IMAGE_SIZE;
	assert_refused(&img, "PT_LOAD segment is outside the file");
}

static void fastrpc_shell_check__pt_load_overflow_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_offset = 0xffffff00;
	img.phdr[1].p_filesz = 0x200;
	img.phdr[1].p_memsz = 0x200;
	assert_refused(&img, "PT_LOAD segment's file range overflows");
}

static void fastrpc_shell_check__overlapping_pt_loads_are_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_offset = ELF_TEXT_END - 4;
	assert_refused(&img, "PT_LOAD segments overlap in the file");
	/* The same, with the later segment first. */
	elf_image_init(&img);
	img.phdr[0].p_offset = ELF_TEXT_END;
	img.phdr[0].p_filesz = img.phdr[0].p_memsz = ELF_DATA_SIZE;
	img.phdr[1].p_offset = 0;
	img.phdr[1].p_filesz = ELF_TEXT_END + 1;
	img.phdr[1].p_memsz = ELF_TEXT_END + 1;
	assert_refused(&img, "PT_LOAD segments overlap in the file");
}

static void fastrpc_shell_check__filesz_over_memsz_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_memsz = ELF_DATA_SIZE - 1;
	assert_refused(&img, "PT_LOAD segment is larger in the file than in memory");
}

static void fastrpc_shell_check__huge_memsz_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[1].p_memsz = (256u << 20) + 1;
	assert_refused(&img, "PT_LOAD segment is larger than 256 MiB in memory");
	img.phdr[1].p_memsz = 256u << 20;
	assert_int_equal(check_bytes(img.bytes, sizeof(img.bytes), NULL), 0);
}

static void fastrpc_shell_check__no_pt_load_is_refused(void **state)
{
	struct elf_image img;

	(void)state;
	elf_image_init(&img);
	img.phdr[0].p_type = PT_NOTE;
	img.phdr[1].p_type = PT_NULL;
	assert_refused(&img, "ELF has no PT_LOAD segment with file contents");
}

/* Random corruption of the headers, then of anything: refused or not, never a crash. */
static void fastrpc_shell_check__random_damage_never_crashes(void **state)
{
	unsigned int seed = 0x5eed, i, j, n, pos, headers;
	struct elf_image img;
	const char *reason;
	int ret;

	(void)state;
	headers = sizeof(Elf32_Ehdr) + 2 * sizeof(Elf32_Phdr);
	for (i = 0; i < 20000; i++) {
		elf_image_init(&img);
		n = 1 + rand_r(&seed) % 8;
		for (j = 0; j < n; j++) {
			pos = rand_r(&seed) % (i % 2 ? sizeof(img.bytes) : headers);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fastrpc_shell_check__valid_image_passes),
		cmocka_unit_test(fastrpc_shell_check__et_dyn_passes),
		cmocka_unit_test(fastrpc_shell_check__null_image_is_enoexec),
		cmocka_unit_test(fastrpc_shell_check__truncated_at_every_length_fails),
		cmocka_unit_test(fastrpc_shell_check__not_elf_is_refused),
		cmocka_unit_test(fastrpc_shell_check__elfclass64_is_refused),
		cmocka_unit_test(fastrpc_shell_check__big_endian_is_refused),
		cmocka_unit_test(fastrpc_shell_check__bad_ident_version_is_refused),
		cmocka_unit_test(fastrpc_shell_check__x86_64_names_the_machine),
		cmocka_unit_test(fastrpc_shell_check__other_machine_gives_its_number),
		cmocka_unit_test(fastrpc_shell_check__et_rel_is_refused),
		cmocka_unit_test(fastrpc_shell_check__no_phdrs_is_refused),
		cmocka_unit_test(fastrpc_shell_check__bad_phentsize_is_refused),
		cmocka_unit_test(fastrpc_shell_check__phdrs_past_eof_are_refused),
		cmocka_unit_test(fastrpc_shell_check__phdrs_over_ehdr_are_refused),
		cmocka_unit_test(fastrpc_shell_check__pt_load_past_eof_is_refused),
		cmocka_unit_test(fastrpc_shell_check__pt_load_overflow_is_refused),
		cmocka_unit_test(fastrpc_shell_check__overlapping_pt_loads_are_refused),
		cmocka_unit_test(fastrpc_shell_check__filesz_over_memsz_is_refused),
		cmocka_unit_test(fastrpc_shell_check__huge_memsz_is_refused),
		cmocka_unit_test(fastrpc_shell_check__no_pt_load_is_refused),
		cmocka_unit_test(fastrpc_shell_check__random_damage_never_crashes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
