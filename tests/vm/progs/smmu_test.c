// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Isolation behind the edge's virtual SMMU (sim/edge/edge_smmu.c), as on a
 * board: a DSP process reaches only what its own context bank maps.
 *
 *   smmu_test SHELL
 *
 * Two user PDs on cdsp, A then B, each on a bank of its own (the lab gives
 * every bank one session).  Each maps a GEM object of a size nobody else
 * uses into its process (B a large one before, so that its own lies at
 * IOVAs A's bank does not use: iommu-dma allocates from the top down), so that the edge's list of mapped ranges
 * (debugfs vdsp_edge_smmu) tells which bank is whose and where B's buffer
 * is.  Then A's process reads (LAB_CTL_PEEK, vdspd reading at an IOVA of
 * the call's bank, as the process's own code would) wherever B's buffer is
 * mapped:
 * - B's buffer is mapped on B's bank only, never on A's;
 * - A never reads B's bytes; at an IOVA its bank does not map it takes an
 *   SMMU context fault: the edge reports it, A's process dies;
 * - B is unaffected: its calls work and its buffer is intact.
 *
 * Before that, the mappings calls leave behind: a buffer of the driver's
 * passed to calls of session C stays mapped on C's bank, at one IOVA, from
 * the first call on (no IOMMU work per call), and what the CPU writes
 * between calls reaches the DSP; the mapping goes when the buffer is freed,
 * and when the session ends, whichever comes first.  So for another
 * exporter's dma-buf (the system dma-buf heap's) imported as a GEM object:
 * kept while the object lives, gone when its handle closes although the
 * dma-buf lives on.
 *
 * Needs root (debugfs), vdspd serving cdsp and the edge loaded with smmu=Y.
 * One line per check, then "N passed, N failed"; exit 0 only if all passed,
 * 2 on a usage error or without the SMMU.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define SIZE_A		0x15000		/* sizes no other mapping has */
#define SIZE_B		0x13000
#define SIZE_C		0x17000		/* C's buffers, kept across calls */
#define SIZE_D		0x19000
#define SIZE_E		0x1b000		/* C's imported dma-buf */
#define PAD_B		0x400000	/* mapped first in B: its buffer lies below A's IOVAs */
#define SECRET		"B's secret, not A's to read. "
#define MAPS_FILE	"/sys/kernel/debug/vdsp_edge_smmu"
#define FAULTS_FILE	"/sys/class/misc/vdsp-cdsp/smmu_faults"
#define MAX_RANGES	256

struct range {
	unsigned int bank;
	unsigned long long iova, size;
};

static struct range ranges[MAX_RANGES];
static unsigned int nranges;

/* cdsp's mapped ranges, from the edge's debugfs list. */
static int read_ranges(void)
{
	unsigned long long iova, size;
	unsigned int bank = 0;
	char line[256], dom[16];
	bool cdsp = false;
	FILE *f = fopen(MAPS_FILE, "re");

	if (!f)
		return -errno;
	nranges = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%15s bank %u", dom, &bank) == 2)
			cdsp = !strcmp(dom, "cdsp");
		else if (cdsp && nranges < MAX_RANGES &&
			 sscanf(line, " %llx %llx", &iova, &size) == 2)
			ranges[nranges++] = (struct range){ bank, iova, size };
	}
	fclose(f);
	return 0;
}

/* The IOVA of the only range of @size; 0 if there is none or several. */
static unsigned long long iova_of(unsigned long long size)
{
	unsigned long long iova = 0;
	unsigned int i, n = 0;

	for (i = 0; i < nranges; i++)
		if (ranges[i].size == size && ++n == 1)
			iova = ranges[i].iova;
	return n == 1 ? iova : 0;
}

/* The bank of the only range of @size; 0 if there is none or several. */
static unsigned int bank_of(unsigned long long size, unsigned int *count)
{
	unsigned int i, bank = 0;

	*count = 0;
	for (i = 0; i < nranges; i++) {
		if (ranges[i].size == size) {
			bank = ranges[i].bank;
			(*count)++;
		}
	}
	return *count == 1 ? bank : 0;
}

static bool bank_maps(unsigned int bank, unsigned long long iova)
{
	unsigned int i;

	for (i = 0; i < nranges; i++)
		if (ranges[i].bank == bank && iova >= ranges[i].iova &&
		    iova - ranges[i].iova < ranges[i].size)
			return true;
	return false;
}

static long read_faults(void)
{
	char buf[32] = "";
	FILE *f = fopen(FAULTS_FILE, "re");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strtol(buf, NULL, 10);
}

/* A buffer of @size, filled with @fill, mapped into the file's process. */
static void *mapped_buffer(int fd, uint64_t size, const char *fill)
{
	struct drm_fastrpc_map m = { .size = size };
	size_t i, n = strlen(fill);
	uint8_t *p;

	if (gem_create(fd, size, &m.handle))
		return NULL;
	p = gem_mmap(fd, m.handle, size);
	if (!p)
		return NULL;
	for (i = 0; i < size; i++)
		p[i] = fill[i % n];
	if (xioctl(fd, DRM_IOCTL_FASTRPC_MAP, &m)) {
		munmap(p, size);
		return NULL;
	}
	return p;
}

/* The process of @fd reads @len bytes at @iova of its bank. */
static int peek(int fd, unsigned long long iova, void *out, uint32_t len,
		int32_t *retval)
{
	struct lab_peek r = { .iova = iova, .len = len };
	struct drm_fastrpc_invoke_arg args[2] = {
		{ .ptr = (uintptr_t)&r, .size = sizeof(r) },
		{ .ptr = (uintptr_t)out, .size = len },
	};

	return invoke_handle(fd, LAB_CTL_HANDLE, DRM_FASTRPC_SCALARS(LAB_CTL_PEEK, 1, 1, 0, 0),
			     args, retval);
}

static int null_call(int fd, int32_t *retval)
{
	return invoke_handle(fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0),
			     NULL, retval);
}

/* The DSP's sum of @n words of GEM object @handle. */
static int sum_call(int fd, uint32_t handle, uint32_t n, uint64_t *sum, int32_t *retval)
{
	struct drm_fastrpc_invoke_arg args[2] = {
		{ .handle = handle, .size = n * 4, .flags = DRM_FASTRPC_ARG_GEM },
		{ .ptr = (uintptr_t)sum, .size = sizeof(*sum) },
	};

	return invoke_handle(fd, LAB_SKEL_HANDLE, DRM_FASTRPC_SCALARS(LAB_METHOD_SUM, 1, 1, 0, 0),
			     args, retval);
}

/* Calls with one buffer: the same words summed each time, rewritten between. */
static bool sum_calls(int fd, uint32_t handle, uint32_t *words, uint32_t n,
		      unsigned int calls, unsigned long long *iova, bool *moved)
{
	unsigned long long want;
	uint64_t sum;
	int32_t rv = 0;
	bool ok = true;

	*iova = 0;
	*moved = false;
	for (unsigned int c = 0; c < calls && ok; c++) {
		want = 0;
		for (uint32_t i = 0; i < n; i++)
			want += words[i] = c * 1000003u + i;
		sum = 0;
		ok = !sum_call(fd, handle, n, &sum, &rv) && !rv && sum == want;
		if (read_ranges())
			return false;
		if (!c)
			*iova = iova_of(n * 4);
		else if (iova_of(n * 4) != *iova)
			*moved = true;
	}
	return ok;
}

/* Another exporter's dma-buf, imported on session C's file. */
static void kept_import(int c, unsigned int bank)
{
	struct drm_prime_handle im = { 0 };
	unsigned long long iova;
	unsigned int n = 0, on;
	uint32_t *pe = NULL;
	bool ok, moved;
	int dfd;

	dfd = dma_heap_buffer(SIZE_E);
	im.fd = dfd;
	if (dfd >= 0 && !xioctl(c, DRM_IOCTL_PRIME_FD_TO_HANDLE, &im)) {
		pe = mmap(NULL, SIZE_E, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
		if (pe == MAP_FAILED)
			pe = NULL;
	}
	report(pe != NULL, "kept", "C imports a dma-buf of the system heap", "%s",
	       dfd < 0 ? ename(dfd) : strerror(errno));
	if (!pe) {
		if (dfd >= 0)
			close(dfd);
		return;
	}

	ok = sum_calls(c, im.handle, pe, SIZE_E / 4, 4, &iova, &moved);
	on = ok ? bank_of(SIZE_E, &n) : 0;
	report(ok && iova && on == bank && !moved, "kept",
	       "4 calls with it: kept on C's bank at one IOVA",
	       "%s, bank %u of %u ranges, %s", ok ? "" : "a call failed", on, n,
	       moved ? "moved" : "stayed");

	gem_close(c, im.handle);
	report(!read_ranges() && !iova_of(SIZE_E), "kept",
	       "its handle closed, its mapping goes although the dma-buf lives",
	       "still mapped");
	munmap(pe, SIZE_E);
	close(dfd);
}

/* Session C: the mappings its calls leave behind, and when they go. */
static void kept_mappings(void)
{
	unsigned long long iova;
	uint32_t hc, hd, *pc, *pd;
	unsigned int bank, n;
	bool ok, moved;
	int c;

	c = lab_user_session();
	report(c >= 0, "kept", "a third user PD on cdsp", "%s", ename(c));
	if (c < 0)
		return;
	pc = gem_create(c, SIZE_C, &hc) ? NULL : gem_mmap(c, hc, SIZE_C);
	pd = gem_create(c, SIZE_D, &hd) ? NULL : gem_mmap(c, hd, SIZE_D);
	report(pc && pd, "kept", "C makes two buffers", "%s", strerror(errno));
	if (!pc || !pd) {
		close(c);
		return;
	}

	ok = sum_calls(c, hc, pc, SIZE_C / 4, 8, &iova, &moved);
	report(ok, "kept", "8 calls with a buffer rewritten between them: the DSP sums what the CPU wrote",
	       "a wrong sum or a failed call");
	bank = bank_of(SIZE_C, &n);
	report(iova && n == 1, "kept", "the buffer stays mapped on C's bank after the call",
	       "%u ranges of its size after the calls", n);
	report(!moved, "kept", "at one IOVA from the first call on (mapped once)",
	       "its range moved or went between calls");

	ok = sum_calls(c, hd, pd, SIZE_D / 4, 1, &iova, &moved);
	report(ok && iova && bank_of(SIZE_D, &n) == bank, "kept",
	       "a second buffer is kept on the same bank", "%s, %u ranges", ok ? "" : "call failed",
	       n);

	kept_import(c, bank);

	/* The buffer freed: its last handle and mapping gone. */
	munmap(pc, SIZE_C);
	gem_close(c, hc);
	report(!read_ranges() && !iova_of(SIZE_C) && iova_of(SIZE_D), "kept",
	       "a freed buffer's mapping goes, the other stays", "still mapped, or the other went");

	/* The session ended while its buffer lives on. */
	close(c);
	report(!read_ranges() && !iova_of(SIZE_D), "kept",
	       "an ended session's mappings go although the buffer lives", "still mapped");
	munmap(pd, SIZE_D);
}

int main(int argc, char **argv)
{
	unsigned int bank_a, bank_b, n_a, n_b, i;
	unsigned long long target = 0;
	char got[LAB_PEEK_MAX];
	bool leaked = false;
	uint8_t *buf_b;
	int a, b, ret;
	int32_t rv = 0;
	long faults0;

	if (argc != 2) {
		fprintf(stderr, "usage: smmu_test SHELL\n");
		return 2;
	}
	if (lab_load_shell("smmu_test", argv[1]))
		return 2;
	if (read_faults() < 0 || access(MAPS_FILE, R_OK)) {
		fprintf(stderr, "smmu_test: the edge has no virtual SMMU (smmu=Y)\n");
		return 2;
	}

	kept_mappings();

	a = lab_user_session();
	b = a < 0 ? a : lab_user_session();
	report(a >= 0 && b >= 0, "smmu", "two user PDs on cdsp", "%s", ename(a < 0 ? a : b));
	if (a < 0 || b < 0)
		return report_counts();

	report(mapped_buffer(a, SIZE_A, "A") != NULL, "smmu", "A maps a buffer", "%s",
	       strerror(errno));
	report(mapped_buffer(b, PAD_B, "pad") != NULL, "smmu", "B maps a first buffer",
	       "%s", strerror(errno));
	buf_b = mapped_buffer(b, SIZE_B, SECRET);
	report(buf_b != NULL, "smmu", "B maps a buffer", "%s", strerror(errno));
	if (!buf_b)
		return report_counts();

	ret = read_ranges();
	bank_a = bank_of(SIZE_A, &n_a);
	bank_b = bank_of(SIZE_B, &n_b);
	report(!ret && bank_a && bank_b && bank_a != bank_b, "smmu",
	       "A and B are on banks of their own", "%s; A's buffer in %u ranges, B's in %u",
	       ename(ret), n_a, n_b);
	report(n_b == 1, "smmu", "B's buffer is mapped on B's bank only",
	       "%u ranges of its size (another bank maps it)", n_b);

	/* Wherever B's buffer is mapped, A reads there (first a page of each). */
	for (i = 0; i < nranges; i++) {
		if (ranges[i].size != SIZE_B)
			continue;
		for (unsigned long long off = 0; !target && off < SIZE_B; off += 4096)
			if (!bank_maps(bank_a, ranges[i].iova + off))
				target = ranges[i].iova + off;
		memset(got, 0, sizeof(got));
		ret = peek(a, ranges[i].iova, got, sizeof(got), &rv);
		if (!ret && !rv && !memcmp(got, SECRET, strlen(SECRET)))
			leaked = true;
		if (ret || rv)
			break;	/* A's process is gone */
	}
	report(!leaked, "smmu", "A's process never reads B's buffer",
	       "it read B's bytes through bank %u", bank_a);

	/* An IOVA A's bank does not map: a context fault kills A's process. */
	if (!ret && !rv && target) {
		faults0 = read_faults();
		ret = peek(a, target, got, 64, &rv);
		report(!ret && rv == AEE_DSP_ERR(AEE_ENOSUCHPROCESS) &&
		       read_faults() == faults0 + 1, "smmu",
		       "an IOVA A's bank does not map is a context fault",
		       "%s, retval %#x, %ld faults before, %ld after", ename(ret),
		       (unsigned int)rv, faults0, read_faults());
	} else {
		report(target && (ret || rv), "smmu",
		       "an IOVA A's bank does not map is a context fault",
		       "no such IOVA (%#llx), or A read it: %s, retval %#x", target,
		       ename(ret), (unsigned int)rv);
	}
	report(system("dmesg | grep -q 'SMMU context fault: sid 0x1'") == 0, "smmu",
	       "the edge logs the fault with its stream id", "not in the kernel log");

	/* The DSP reaps A's process; its calls fail from then on. */
	for (i = 0; i < 50; i++) {
		ret = null_call(a, &rv);
		if (ret || rv)
			break;
		usleep(100 * 1000);
	}
	report(ret || rv, "smmu", "A's process is gone: its calls fail",
	       "still answered after 5 s");

	ret = null_call(b, &rv);
	report(!ret && !rv, "smmu", "B's calls still work", "%s, retval %#x", ename(ret),
	       (unsigned int)rv);
	for (i = 0; i < SIZE_B && buf_b[i] == (uint8_t)SECRET[i % strlen(SECRET)]; i++)
		;
	report(i == SIZE_B, "smmu", "B's buffer is intact", "byte %u differs", i);

	close(a);
	close(b);
	return report_counts();
}
