/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A minimal valid Hexagon ELF32 image, built in code, for the tests to break. */
#ifndef TEST_ELF_IMAGE_H
#define TEST_ELF_IMAGE_H

#include <elf.h>
#include <stddef.h>

/*
 * The layout: the ELF header, two program headers right after it, then
 * file contents.  PT_LOAD 0 maps the headers and "text" (offset 0,
 * ELF_TEXT_END bytes), PT_LOAD 1 the "data" after it (ELF_DATA_SIZE bytes
 * in the file, twice that in memory: a bss).
 */
#define ELF_TEXT_END	0x100
#define ELF_DATA_SIZE	0x40
#define ELF_IMAGE_SIZE	(ELF_TEXT_END + ELF_DATA_SIZE)

struct elf_image {
	union {
		unsigned char bytes[ELF_IMAGE_SIZE];
		struct {
			Elf32_Ehdr ehdr;
			Elf32_Phdr phdr[2];
		};
	};
};

void elf_image_init(struct elf_image *img);

#endif /* TEST_ELF_IMAGE_H */
