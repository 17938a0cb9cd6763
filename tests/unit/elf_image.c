/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "elf_image.h"

void elf_image_init(struct elf_image *img)
{
	Elf32_Ehdr *eh = &img->ehdr;
	size_t i;

	memset(img, 0, sizeof(*img));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS32;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = 164;	/* EM_QDSP6 */
	eh->e_version = EV_CURRENT;
	eh->e_entry = 0x1000 + sizeof(Elf32_Ehdr) + 2 * sizeof(Elf32_Phdr);
	eh->e_phoff = sizeof(Elf32_Ehdr);
	eh->e_ehsize = sizeof(Elf32_Ehdr);
	eh->e_phentsize = sizeof(Elf32_Phdr);
	eh->e_phnum = 2;

	img->phdr[0] = (Elf32_Phdr) {
		.p_type = PT_LOAD,
		.p_offset = 0,
		.p_vaddr = 0x1000,
		.p_paddr = 0x1000,
		.p_filesz = ELF_TEXT_END,
		.p_memsz = ELF_TEXT_END,
		.p_flags = PF_R | PF_X,
		.p_align = 0x1000,
	};
	img->phdr[1] = (Elf32_Phdr) {
		.p_type = PT_LOAD,
		.p_offset = ELF_TEXT_END,
		.p_vaddr = 0x2000 + ELF_TEXT_END,
		.p_paddr = 0x2000 + ELF_TEXT_END,
		.p_filesz = ELF_DATA_SIZE,
		.p_memsz = 2 * ELF_DATA_SIZE,
		.p_flags = PF_R | PF_W,
		.p_align = 0x1000,
	};
	/* Recognisable contents: Hexagon "nop" words in text, a pattern in data. */
	for (i = eh->e_phoff + 2 * sizeof(Elf32_Phdr); i + 4 <= ELF_TEXT_END; i += 4)
		memcpy(img->bytes + i, "\x00\xc0\x00\x7f", 4);
	for (i = ELF_TEXT_END; i < ELF_IMAGE_SIZE; i++)
		img->bytes[i] = i;
}
