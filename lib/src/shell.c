/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shell ELFs: where boards install them, and checks that refuse what no
 * DSP could load before it reaches the kernel.
 */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

#ifndef EM_QDSP6
#define EM_QDSP6 164
#endif

/* Far above any real shell; keeps sizes from wrapping in the DSP's loader. */
#define MAX_SEGMENT_MEMSZ	(256u << 20)
/* Shells have a handful of PT_LOADs; the bound keeps the overlap check small. */
#define MAX_LOADS		64

struct range {
	uint64_t start;
	uint64_t end;
};

static const char *machine_reason(unsigned int machine)
{
	static _Thread_local char other[64];

	switch (machine) {
	case EM_NONE:
		return "ELF machine is unset (EM_NONE), not Hexagon";
	case EM_386:
		return "ELF machine is x86, not Hexagon";
	case EM_ARM:
		return "ELF machine is ARM, not Hexagon";
	case EM_X86_64:
		return "ELF machine is x86-64, not Hexagon";
	case EM_AARCH64:
		return "ELF machine is AArch64, not Hexagon";
	case EM_RISCV:
		return "ELF machine is RISC-V, not Hexagon";
	}
	/* Valid until this thread's next check, like strerror()'s buffer. */
	snprintf(other, sizeof(other), "ELF machine is machine %u, not Hexagon",
		 machine);
	return other;
}

/* Checks of e_ident, done on the raw bytes before libelf sees them. */
static const char *check_ident(const unsigned char *image, size_t size)
{
	if (size < SELFMAG || memcmp(image, ELFMAG, SELFMAG) != 0)
		return "not an ELF file";
	if (size < EI_NIDENT)
		return "ELF identification is truncated";
	if (image[EI_CLASS] == ELFCLASS64)
		return "ELF class is 64-bit, not 32-bit";
	if (image[EI_CLASS] != ELFCLASS32)
		return "ELF class is invalid";
	if (image[EI_DATA] == ELFDATA2MSB)
		return "ELF data is big-endian, not little-endian";
	if (image[EI_DATA] != ELFDATA2LSB)
		return "ELF data encoding is invalid";
	if (image[EI_VERSION] != EV_CURRENT)
		return "ELF version is not 1 (EV_CURRENT)";
	if (size < sizeof(Elf32_Ehdr))
		return "ELF header is truncated";
	return NULL;
}

static const char *check_ehdr(const GElf_Ehdr *eh, size_t size)
{
	if (eh->e_machine != EM_QDSP6)
		return machine_reason(eh->e_machine);
	if (eh->e_type == ET_REL)
		return "ELF type is a relocatable object (ET_REL), not ET_EXEC or ET_DYN";
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return "ELF type is not ET_EXEC or ET_DYN";
	if (eh->e_phnum == 0)
		return "ELF has no program headers";
	if (eh->e_phnum == PN_XNUM)
		return "ELF has too many program headers";
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return "ELF program header entry size is not 32";
	if (eh->e_phoff < sizeof(Elf32_Ehdr))
		return "ELF program headers overlap the ELF header";
	if (eh->e_phoff > size ||
	    size - eh->e_phoff < (uint64_t)eh->e_phnum * sizeof(Elf32_Phdr))
		return "ELF program headers are outside the file";
	return NULL;
}

static const char *check_load(const GElf_Phdr *ph, size_t size)
{
	/* Elf32 fields, so the sums below cannot wrap in 64 bits. */
	uint64_t end = ph->p_offset + ph->p_filesz;

	if (ph->p_filesz > ph->p_memsz)
		return "PT_LOAD segment is larger in the file than in memory";
	if (ph->p_memsz > MAX_SEGMENT_MEMSZ)
		return "PT_LOAD segment is larger than 256 MiB in memory";
	/* A segment of zeroes only (bss) reads nothing: its offset is moot. */
	if (!ph->p_filesz)
		return NULL;
	if (end > UINT32_MAX)
		return "PT_LOAD segment's file range overflows";
	if (end > size)
		return "PT_LOAD segment is outside the file";
	return NULL;
}

static const char *check_overlap(const struct range *r, unsigned int n)
{
	unsigned int i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (r[i].start < r[j].end && r[j].start < r[i].end)
				return "PT_LOAD segments overlap in the file";
	return NULL;
}

static const char *check_phdrs(Elf *elf, const GElf_Ehdr *eh, size_t size)
{
	struct range loads[MAX_LOADS];
	unsigned int i, n = 0;
	const char *why;
	GElf_Phdr ph;

	for (i = 0; i < eh->e_phnum; i++) {
		if (!gelf_getphdr(elf, i, &ph))
			return "ELF program headers cannot be read";
		if (ph.p_type != PT_LOAD)
			continue;
		why = check_load(&ph, size);
		if (why)
			return why;
		if (!ph.p_filesz)
			continue;
		if (n == MAX_LOADS)
			return "ELF has more than 64 PT_LOAD segments";
		loads[n].start = ph.p_offset;
		loads[n++].end = ph.p_offset + ph.p_filesz;
	}
	if (!n)
		return "ELF has no PT_LOAD segment with file contents";
	return check_overlap(loads, n);
}

static const char *check(const void *image, size_t size)
{
	const char *why;
	GElf_Ehdr eh;
	Elf *elf;

	why = check_ident(image, size);
	if (why)
		return why;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return "libelf does not support this ELF version";
	/*
	 * elf_memory() lacks const only: for a little-endian image on the
	 * headers we read, libelf uses or copies the bytes, never writes them.
	 */
	elf = elf_memory((char *)image, size);
	if (!elf)
		return "ELF file cannot be parsed";
	if (elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh))
		why = "ELF header cannot be parsed";
	else
		why = check_ehdr(&eh, size);
	if (!why)
		why = check_phdrs(elf, &eh, size);
	elf_end(elf);
	return why;
}

FASTRPC_EXPORT int fastrpc_shell_check(const void *image, size_t size,
				       const char **reason)
{
	const char *why;

	why = image ? check(image, size) : "no ELF image";
	if (reason)
		*reason = why;
	return why ? -ENOEXEC : 0;
}

/*
 * Where FastRPC programs look for a domain's shell (Qualcomm's library:
 * ../shared/research/legacy-clients.md), then where this project's shell
 * is installed.
 */
static const char default_dirs[] =
	".:/usr/lib/rfsa/adsp:/usr/lib/dsp:/vendor/dsp:" FASTRPC_SHELL_INSTALL_DIR;

/* @dir/@sub@name when it is a regular file, into *@path. */
static int try_file(const char *dir, size_t dirlen, const char *sub,
		    const char *name, char **path)
{
	struct stat st;
	char *p;

	if (asprintf(&p, "%.*s/%s%s", dirlen ? (int)dirlen : 1, dirlen ? dir : ".",
		     sub, name) < 0)
		return -ENOMEM;
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
		*path = p;
		return 0;
	}
	free(p);
	return -ENOENT;
}

static int find_name(const char *dirs, const char *domain, const char *name,
		     char **path)
{
	const char *dir = dirs, *end;
	char sub[FASTRPC_DOMAIN_NAME_SIZE + 1];
	int ret;

	snprintf(sub, sizeof(sub), "%s/", domain);
	for (;;) {
		end = strchrnul(dir, ':');
		ret = try_file(dir, end - dir, sub, name, path);
		if (ret == -ENOENT)
			ret = try_file(dir, end - dir, "", name, path);
		if (ret != -ENOENT || !*end)
			return ret;
		dir = end + 1;
	}
}

FASTRPC_EXPORT int fastrpc_shell_find(unsigned int domain_id, uint32_t attrs,
				      const char *dirs, char **path)
{
	int saved_errno = errno;
	const char *domain = fastrpc_domain_name(domain_id);
	char name[64];
	int ret = -ENOENT;

	if (!domain || !path)
		return -EINVAL;
	if (!dirs)
		dirs = default_dirs;
	if (attrs & FASTRPC_PD_ATTR_UNSIGNED) {
		snprintf(name, sizeof(name), "fastrpc_shell_unsigned_%u", domain_id);
		ret = find_name(dirs, domain, name, path);
	}
	if (ret == -ENOENT) {
		snprintf(name, sizeof(name), "fastrpc_shell_%u", domain_id);
		ret = find_name(dirs, domain, name, path);
	}
	errno = saved_errno;
	return ret;
}
