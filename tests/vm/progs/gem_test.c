// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gem_test: the accel driver's buffers, DSP mappings and session kinds,
 * for the lab, against vdspd and the Hexagon lab shell serving cdsp.
 *
 * GEM objects (create, mmap, close, the per-file limit), PRIME export and
 * import (our own buffers, /dev/dma_heap/system, udmabuf), zero-copy
 * invoke arguments, handles the DSP holds, MAP and UNMAP, attaching to the
 * root, sensors and static PDs, the privilege rule (as an unprivileged
 * user too), fdinfo and debugfs.
 *
 * usage: gem_test SHELL_ELF
 *
 * One line per check, "PASS: <group>: <what>" or "FAIL: <group>: <what>:
 * <why>", then "N passed, N failed"; exit status 0 iff all passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <grp.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>
#include <misc/fastrpc.h>
#include <linux/udmabuf.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define PARAM_DIR	"/sys/module/fastrpc_accel/parameters/"
#define PAGE		4096u
#define NOBODY		65534

/* Run as nobody: privileged steps are expected to fail with EPERM. */
static bool as_nobody;

/* ---- small helpers, 0 or -errno ------------------------------------ */

static int prime_export(int fd, uint32_t handle, int *dmabuf)
{
	struct drm_prime_handle h = { .handle = handle, .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret = xioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &h);

	if (!ret)
		*dmabuf = h.fd;
	return ret;
}

static int prime_import(int fd, int dmabuf, uint32_t *handle)
{
	struct drm_prime_handle h = { .fd = dmabuf };
	int ret = xioctl(fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h);

	if (!ret)
		*handle = h.handle;
	return ret;
}

static int create_user_pd(int fd, uint32_t attrs)
{
	struct drm_fastrpc_session_create c = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.attrs = attrs,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};

	return xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &c);
}

static int attach(int fd, uint32_t type, const char *name, uint64_t heap)
{
	struct drm_fastrpc_session_create c = { .type = type, .shell_size = heap };

	if (name) {
		c.name_ptr = (uintptr_t)name;
		c.name_size = strlen(name) + 1;
	}
	return xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &c);
}

static struct drm_fastrpc_invoke_arg ubuf(const void *p, uint64_t size)
{
	return (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)p, .size = size };
}

static struct drm_fastrpc_invoke_arg gbuf(uint32_t handle, uint64_t offset, uint64_t size)
{
	return (struct drm_fastrpc_invoke_arg){
		.handle = handle, .offset = offset, .size = size,
		.flags = DRM_FASTRPC_ARG_GEM,
	};
}

static int map(int fd, uint32_t handle, uint64_t offset, uint64_t size,
	       uint32_t flags, uint64_t *dsp_addr)
{
	struct drm_fastrpc_map m = {
		.handle = handle, .offset = offset, .size = size, .flags = flags,
	};
	int ret = xioctl(fd, DRM_IOCTL_FASTRPC_MAP, &m);

	*dsp_addr = m.dsp_addr;
	return ret;
}

static int unmap(int fd, uint32_t handle, uint64_t dsp_addr)
{
	struct drm_fastrpc_unmap u = { .handle = handle, .dsp_addr = dsp_addr };

	return xioctl(fd, DRM_IOCTL_FASTRPC_UNMAP, &u);
}

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

/* @p holds bytes @from .. @from + @n of fill()'s pattern for @seed. */
static bool filled_from(const unsigned char *p, size_t n, unsigned int seed,
			size_t from)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != (unsigned char)(seed + (from + i) * 7))
			return false;
	return true;
}

static bool filled(const unsigned char *p, size_t n, unsigned int seed)
{
	return filled_from(p, n, seed, 0);
}

static int write_param(const char *name, const char *value)
{
	char path[128];
	int fd, ret = 0;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, value, strlen(value)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static int open_cdsp(void)
{
	int fd = open_domain(DOMAIN);

	if (fd < 0) {
		report(false, "setup", "open the cdsp node", "%s", ename(fd));
		exit(report_counts());
	}
	return fd;
}

/* ---- GEM objects ---------------------------------------------------- */

static void test_gem(void)
{
	int fd = open_cdsp();
	struct drm_fastrpc_gem_create c = { 0 };
	struct drm_fastrpc_gem_mmap_offset o = { 0 };
	uint64_t v = 0;
	unsigned char *p, *q;
	uint32_t h = 0;
	int ret;

	expect_err("gem", "size 0 -> EINVAL", gem_create(fd, 0, &h), -EINVAL);
	expect_err("gem", "size that overflows when rounded -> EINVAL",
		   gem_create(fd, UINT64_MAX - 100, &h), -EINVAL);
	c = (struct drm_fastrpc_gem_create){ .size = PAGE, .flags = 1 };
	expect_err("gem", "flags -> EINVAL", xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &c),
		   -EINVAL);
	ret = query(fd, DRM_FASTRPC_PARAM_GEM_MAX_BYTES, &v);
	expect_value("gem", "per-user limit is 1 GiB", ret, v, 1ull << 30);
	expect_err("gem", "beyond the per-user limit -> ENOSPC",
		   gem_create(fd, (1ull << 30) + 1, &h), -ENOSPC);

	expect_err("gem", "1 byte is created", gem_create(fd, 1, &h), 0);
	p = gem_mmap(fd, h, PAGE);
	report(p != NULL, "gem", "1 byte object maps a whole page", "%s", strerror(errno));
	if (p) {
		report(p[0] == 0 && p[PAGE - 1] == 0, "gem", "new object reads zero", "not zero");
		fill(p, PAGE, 1);
		munmap(p, PAGE);
	}
	q = gem_mmap(fd, h, PAGE);
	report(q && filled(q, PAGE, 1), "gem", "a second mapping sees the first's writes",
	       "differs");
	if (q)
		munmap(q, PAGE);
	o.handle = h;
	expect_err("gem", "mmap offset is stable", xioctl(fd, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, &o), 0);
	p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, o.offset);
	report(p == MAP_FAILED, "gem", "mmap beyond the object fails", "mapped");
	if (p != MAP_FAILED)
		munmap(p, 2 * PAGE);
	o.flags = 1;
	expect_err("gem", "mmap offset with flags -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, &o), -EINVAL);
	o = (struct drm_fastrpc_gem_mmap_offset){ .handle = 999 };
	expect_err("gem", "mmap offset of no object -> ENOENT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, &o), -ENOENT);

	expect_err("gem", "close", gem_close(fd, h), 0);
	expect_err("gem", "close twice -> EINVAL", gem_close(fd, h), -EINVAL);
	o = (struct drm_fastrpc_gem_mmap_offset){ .handle = h };
	expect_err("gem", "closed object -> ENOENT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, &o), -ENOENT);

	/* 64 MiB needs CMA: contiguous memory for a DSP without an IOMMU. */
	expect_err("gem", "64 MiB object", gem_create(fd, 64 << 20, &h), 0);
	gem_close(fd, h);
	close(fd);
}

/* A buffer of the legacy node's ALLOC_DMA_BUFF: its fd, or -errno. */
static int legacy_alloc(int lfd, uint64_t size)
{
	struct fastrpc_alloc_dma_buf a = { .fd = -1, .size = size };
	int ret = xioctl(lfd, FASTRPC_IOCTL_ALLOC_DMA_BUFF, &a);

	return ret ? ret : a.fd;
}

/*
 * The per-user budget, lowered through the module parameter (root): one
 * user's buffers over every file and both doors, counted for as long as
 * they live, whatever keeps them (handle, dma-buf fd, mmap()).
 */
static void test_user_budget(void)
{
	int fd = open_cdsp(), fd2 = open_cdsp(), lfd, bufs[4], lbuf, i;
	uint32_t h = 0, h2 = 0, h3 = 0;
	void *p;

	expect_err("budget", "limit lowered to 1 MiB", write_param("max_user_bytes", "1048576"),
		   0);
	expect_err("budget", "512 KiB under the limit", gem_create(fd, 512 << 10, &h), 0);
	expect_err("budget", "another 512 KiB, through another file, up to it",
		   gem_create(fd2, 512 << 10, &h2), 0);
	expect_err("budget", "one page more, from either file -> ENOSPC",
		   gem_create(fd, PAGE, &h3), -ENOSPC);

	lfd = open("/dev/fastrpc-cdsp", O_RDWR);
	report(lfd >= 0, "budget", "open the legacy node", "%s", strerror(errno));
	if (lfd >= 0)
		expect_err("budget", "the legacy door shares it: ALLOC_DMA_BUFF -> ENOSPC",
			   legacy_alloc(lfd, PAGE), -ENOSPC);
	gem_close(fd2, h2);
	lbuf = lfd >= 0 ? legacy_alloc(lfd, 512 << 10) : -EBADF;
	report(lbuf >= 0, "budget", "room again after a close: 512 KiB through the legacy door",
	       "%s", ename(lbuf < 0 ? lbuf : 0));
	expect_err("budget", "the legacy buffer counts too", gem_create(fd, PAGE, &h3), -ENOSPC);
	if (lbuf >= 0)
		close(lbuf);
	if (lfd >= 0)
		close(lfd);
	gem_close(fd, h);

	/* Exported and closed, an object still holds its memory: still charged. */
	for (i = 0; i < 4; i++) {
		bufs[i] = -1;
		if (!gem_create(fd, 256 << 10, &h)) {
			prime_export(fd, h, &bufs[i]);
			gem_close(fd, h);
		}
	}
	report(bufs[0] >= 0 && bufs[1] >= 0 && bufs[2] >= 0 && bufs[3] >= 0, "budget",
	       "create, export, close: 4 x 256 KiB", "an export failed");
	expect_err("budget", "a fifth while the dma-bufs live -> ENOSPC",
		   gem_create(fd, 256 << 10, &h), -ENOSPC);
	for (i = 0; i < 4; i++)
		if (bufs[i] >= 0)
			close(bufs[i]);
	expect_err("budget", "uncharged when the last dma-buf fd goes",
		   gem_create(fd, 1 << 20, &h), 0);

	/* So does an mmap() of it. */
	p = gem_mmap(fd, h, 1 << 20);
	gem_close(fd, h);
	expect_err("budget", "a mapped, closed object still counts -> ENOSPC",
		   gem_create(fd, PAGE, &h3), -ENOSPC);
	if (p)
		munmap(p, 1 << 20);
	expect_err("budget", "uncharged at munmap()", gem_create(fd, PAGE, &h3), 0);
	gem_close(fd, h3);

	write_param("max_user_bytes", "1073741824");
	close(fd);
	close(fd2);
}

/* ---- PRIME ---------------------------------------------------------- */

static int udmabuf_alloc(size_t size, int *memfd)
{
	struct udmabuf_create c = { .size = size, .flags = UDMABUF_FLAGS_CLOEXEC };
	int dev, ret;

	*memfd = memfd_create("gem_test", MFD_ALLOW_SEALING);
	if (*memfd < 0 || ftruncate(*memfd, size) ||
	    fcntl(*memfd, F_ADD_SEALS, F_SEAL_SHRINK))
		return -errno;
	c.memfd = *memfd;
	dev = open("/dev/udmabuf", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -errno;
	ret = ioctl(dev, UDMABUF_CREATE, &c);
	ret = ret < 0 ? -errno : ret;
	close(dev);
	return ret;
}

static void test_prime(void)
{
	int fd = open_cdsp(), fd2 = open_cdsp(), dmabuf = -1, heap, udma, memfd = -1;
	uint32_t h = 0, hi = 0, hi2 = 0;
	unsigned char *p, *q;
	int ret;

	gem_create(fd, 3 * PAGE, &h);
	p = gem_mmap(fd, h, 3 * PAGE);
	if (p)
		fill(p, 3 * PAGE, 3);
	expect_err("prime", "export", prime_export(fd, h, &dmabuf), 0);
	q = dmabuf >= 0 ? mmap(NULL, 3 * PAGE, PROT_READ, MAP_SHARED, dmabuf, 0) : MAP_FAILED;
	report(q != MAP_FAILED && filled(q, 3 * PAGE, 3), "prime",
	       "the exported dma-buf maps the object's memory", "differs or unmapped");
	if (q != MAP_FAILED)
		munmap(q, 3 * PAGE);
	expect_err("prime", "import into another file", prime_import(fd2, dmabuf, &hi), 0);
	q = gem_mmap(fd2, hi, 3 * PAGE);
	report(q && filled(q, 3 * PAGE, 3), "prime", "the import sees the same memory",
	       "differs");
	if (q)
		munmap(q, 3 * PAGE);
	expect_err("prime", "import again", prime_import(fd2, dmabuf, &hi2), 0);
	report(hi == hi2, "prime", "importing again gives the same handle", "%u vs %u", hi, hi2);
	gem_close(fd, h);
	if (p)
		munmap(p, 3 * PAGE);
	q = gem_mmap(fd2, hi, 3 * PAGE);
	report(q && filled(q, 3 * PAGE, 3), "prime",
	       "the import outlives the exporter's handle", "differs");
	if (q)
		munmap(q, 3 * PAGE);
	gem_close(fd2, hi);
	close(dmabuf);

	expect_err("prime", "import of a memfd -> EINVAL",
		   prime_import(fd, memfd_create("x", 0), &hi), -EINVAL);

	heap = dma_heap_buffer(16 * PAGE);
	report(heap >= 0, "prime", "system heap allocates 64 KiB", "%s", ename(heap));
	if (heap >= 0) {
		expect_err("prime", "import from the system heap", prime_import(fd, heap, &hi), 0);
		q = gem_mmap(fd, hi, 16 * PAGE);
		p = mmap(NULL, 16 * PAGE, PROT_READ, MAP_SHARED, heap, 0);
		if (q)
			fill(q, 16 * PAGE, 5);
		report(q && p != MAP_FAILED && filled(p, 16 * PAGE, 5), "prime",
		       "heap buffer written through GEM reads back through the heap fd",
		       "differs");
		if (q)
			munmap(q, 16 * PAGE);
		if (p != MAP_FAILED)
			munmap(p, 16 * PAGE);
		gem_close(fd, hi);
		close(heap);
	}

	udma = udmabuf_alloc(PAGE, &memfd);
	report(udma >= 0, "prime", "udmabuf of a memfd page", "%s", ename(udma));
	if (udma >= 0) {
		ret = prime_import(fd, udma, &hi);
		expect_err("prime", "import from udmabuf", ret, 0);
		q = ret ? NULL : gem_mmap(fd, hi, PAGE);
		if (q)
			fill(q, PAGE, 9);
		p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, memfd, 0);
		report(q && p != MAP_FAILED && filled(p, PAGE, 9), "prime",
		       "udmabuf written through GEM reads back through the memfd", "differs");
		if (q)
			munmap(q, PAGE);
		if (p != MAP_FAILED)
			munmap(p, PAGE);
		gem_close(fd, hi);
		close(udma);
	}
	if (memfd >= 0)
		close(memfd);
	close(fd2);
	close(fd);
}

/* ---- zero-copy arguments ------------------------------------------- */

static void test_zero_copy(void)
{
	int fd = open_cdsp(), heap;
	struct drm_fastrpc_invoke_arg args[2];
	unsigned char in[200], out[200];
	uint32_t ha = 0, hb = 0, hh = 0;
	unsigned char *a, *b;
	int32_t rv = 0;
	uint32_t sc = DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0);

	if (create_user_pd(fd, 0)) {
		report(false, "zero-copy", "create a user pd", "%s", strerror(errno));
		close(fd);
		return;
	}
	gem_create(fd, 2 * PAGE, &ha);
	gem_create(fd, 2 * PAGE, &hb);
	a = gem_mmap(fd, ha, 2 * PAGE);
	b = gem_mmap(fd, hb, 2 * PAGE);
	if (!a || !b) {
		report(false, "zero-copy", "map the objects", "%s", strerror(errno));
		close(fd);
		return;
	}
	fill(a, 2 * PAGE, 11);
	memset(b, 0, 2 * PAGE);

	args[0] = gbuf(ha, 0, sizeof(out));
	args[1] = ubuf(out, sizeof(out));
	expect_invoke("zero-copy", "echo from a GEM object", fd, LAB_SKEL_HANDLE, sc, args, 0);
	report(filled(out, sizeof(out), 11), "zero-copy", "the DSP read the object's bytes", "differs");

	fill(in, sizeof(in), 13);
	args[0] = ubuf(in, sizeof(in));
	args[1] = gbuf(hb, 0, sizeof(in));
	expect_invoke("zero-copy", "echo into a GEM object", fd, LAB_SKEL_HANDLE, sc, args, 0);
	report(filled(b, sizeof(in), 13), "zero-copy", "the DSP wrote the object in place", "differs");

	/* Across a page boundary, both ways. */
	args[0] = gbuf(ha, PAGE - 100, 200);
	args[1] = gbuf(hb, PAGE - 50, 200);
	expect_invoke("zero-copy", "echo object to object across pages", fd, LAB_SKEL_HANDLE,
		      sc, args, 0);
	report(!memcmp(b + PAGE - 50, a + PAGE - 100, 200), "zero-copy",
	       "200 bytes crossed a page boundary intact", "differs");

	args[0] = gbuf(ha, 2 * PAGE - 10, 11);
	args[1] = ubuf(out, 11);
	expect_err("zero-copy", "range past the object's end -> EINVAL",
		   invoke_handle(fd, LAB_SKEL_HANDLE, sc, args, &rv), -EINVAL);
	args[0] = gbuf(ha, 2 * PAGE + 1, 0);
	expect_err("zero-copy", "offset past the end -> EINVAL",
		   invoke_handle(fd, LAB_SKEL_HANDLE, sc, args, &rv), -EINVAL);
	args[0] = gbuf(ha, 0, 8);
	args[0].ptr = (uintptr_t)in;
	expect_err("zero-copy", "GEM argument with a pointer -> EINVAL",
		   invoke_handle(fd, LAB_SKEL_HANDLE, sc, args, &rv), -EINVAL);
	args[0] = gbuf(12345, 0, 8);
	expect_err("zero-copy", "unknown GEM handle -> ENOENT",
		   invoke_handle(fd, LAB_SKEL_HANDLE, sc, args, &rv), -ENOENT);

	heap = dma_heap_buffer(16 * PAGE);
	if (heap >= 0 && !prime_import(fd, heap, &hh)) {
		unsigned char *hp = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, heap, 0);

		if (hp != MAP_FAILED) {
			fill(hp, 16 * PAGE, 17);
			munmap(hp, 16 * PAGE);
		}
		args[0] = gbuf(hh, 5 * PAGE, sizeof(out));
		args[1] = ubuf(out, sizeof(out));
		expect_invoke("zero-copy", "echo from a system-heap import", fd,
			      LAB_SKEL_HANDLE, sc, args, 0);
		report(filled_from(out, sizeof(out), 17, 5 * PAGE), "zero-copy",
		       "the DSP read the heap buffer", "differs");
		gem_close(fd, hh);
	} else {
		report(false, "zero-copy", "import a system-heap buffer", "%s", ename(heap));
	}
	if (heap >= 0)
		close(heap);

	munmap(a, 2 * PAGE);
	munmap(b, 2 * PAGE);
	gem_close(fd, ha);
	gem_close(fd, hb);
	close(fd);
}


/* ---- DSP mappings ---------------------------------------------------- */

static int ctl(int fd, uint32_t method, struct drm_fastrpc_invoke_arg *args,
	       unsigned int nin, unsigned int nout, unsigned int nhin, int32_t *rv)
{
	return invoke_handle(fd, LAB_CTL_HANDLE,
			     DRM_FASTRPC_SCALARS(method, nin, nout, nhin, 0), args, rv);
}

/* The DSP fills or checks @len bytes at its address @addr: 0, or why not. */
static int dsp_range(int fd, bool do_fill, uint64_t addr, uint32_t len, uint32_t seed)
{
	struct lab_arange r = { .addr = addr, .len = len, .seed = seed };
	struct lab_check res = { 0 };
	struct drm_fastrpc_invoke_arg a[2] = { ubuf(&r, sizeof(r)), ubuf(&res, sizeof(res)) };
	int32_t rv = 0;
	int ret = ctl(fd, do_fill ? LAB_CTL_FILL : LAB_CTL_CHECK, a, 1, do_fill ? 0 : 1, 0, &rv);

	if (ret)
		return ret;
	if (rv)
		return -EREMOTEIO;
	return do_fill || res.ok ? 0 : -EILSEQ;
}

static bool fdinfo_says(int fd, const char *line)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	return file_has(path, line);
}

static void test_maps(void)
{
	int fd = open_cdsp();
	uint32_t h = 0, other = 0, one = 0;
	uint64_t dsp = 0, dsp2 = 0, heap = 0, extra[256];
	unsigned char *cpu;
	unsigned int i, n;
	int ret = 0;

	if (create_user_pd(fd, 0) || gem_create(fd, 4 * PAGE, &h) ||
	    gem_create(fd, PAGE, &other) || !(cpu = gem_mmap(fd, h, 4 * PAGE))) {
		report(false, "map", "a session and objects", "%s", strerror(errno));
		close(fd);
		return;
	}
	expect_err("map", "two pages at offset one page", map(fd, h, PAGE, 2 * PAGE, 0, &dsp), 0);
	report(dsp != 0, "map", "the DSP gave an address", "0");
	expect_err("map", "the DSP writes the mapping", dsp_range(fd, true, dsp, 2 * PAGE, 21), 0);
	report(filled(cpu + PAGE, 2 * PAGE, 21), "map", "the CPU sees what the DSP wrote",
	       "differs");
	report(cpu[0] == 0 && cpu[3 * PAGE] == 0, "map", "nothing outside the range changed",
	       "changed");
	fill(cpu + PAGE, 2 * PAGE, 23);
	expect_err("map", "the DSP reads what the CPU wrote", dsp_range(fd, false, dsp, 2 * PAGE, 23),
		   0);
	expect_err("map", "the DSP refuses a range past the mapping",
		   dsp_range(fd, false, dsp + PAGE, PAGE + 1, 23), -EREMOTEIO);
	expect_err("map", "a second mapping of the same object", map(fd, h, 0, PAGE, 0, &dsp2), 0);
	report(dsp2 != dsp, "map", "at another address", "same");

	expect_err("map", "unmap through another object -> ENOENT", unmap(fd, other, dsp), -ENOENT);
	{
		/* Another file, with a session and an object of its own. */
		int fd2 = open_cdsp();
		uint32_t h2 = 0;

		create_user_pd(fd2, 0);
		gem_create(fd2, 4 * PAGE, &h2);
		expect_err("map", "unmap through another file -> ENOENT", unmap(fd2, h2, dsp),
			   -ENOENT);
		close(fd2);
	}
	expect_err("map", "unmap of a wrong address -> ENOENT", unmap(fd, h, dsp + PAGE), -ENOENT);
	expect_err("map", "unmap", unmap(fd, h, dsp), 0);
	expect_err("map", "unmap twice -> ENOENT", unmap(fd, h, dsp), -ENOENT);
	expect_err("map", "the DSP no longer reaches it", dsp_range(fd, false, dsp, PAGE, 23),
		   -EREMOTEIO);
	expect_err("map", "the other mapping still works", dsp_range(fd, true, dsp2, PAGE, 25), 0);
	report(filled(cpu, PAGE, 25), "map", "and writes the object", "differs");

	expect_err("map", "pages for the heap", map(fd, other, 0, PAGE, DRM_FASTRPC_MAP_HEAP, &heap),
		   0);
	expect_err("map", "heap pages unmapped", unmap(fd, other, heap), 0);

	/* A mapping keeps its memory after the handle is gone. */
	munmap(cpu, 4 * PAGE);
	gem_close(fd, h);
	report(fdinfo_says(fd, "fastrpc-dsp-maps:\t1"), "map", "fdinfo counts the mapping",
	       "missing");
	expect_err("map", "the DSP still reaches a closed object's mapping",
		   dsp_range(fd, false, dsp2, PAGE, 25), 0);

	/* The bound on mappings per session. */
	gem_create(fd, PAGE, &one);
	for (n = 0; n < 255 && !ret; n++)
		ret = map(fd, one, 0, PAGE, 0, &extra[n]);
	expect_err("map", "255 more mappings up to the bound of 256", ret, 0);
	expect_err("map", "the 257th -> ENOSPC", map(fd, one, 0, PAGE, 0, &dsp), -ENOSPC);
	for (i = 0; i < n && !ret; i++)
		ret = unmap(fd, one, extra[i]);
	expect_err("map", "all unmapped again", ret, 0);

	expect_err("map", "release with a mapping left", release(fd), 0);
	report(!fdinfo_says(fd, "fastrpc-dsp-maps"), "map", "the session's mappings went with it",
	       "still listed");
	gem_close(fd, other);
	gem_close(fd, one);
	close(fd);
}

/* ---- handles the DSP holds ------------------------------------------- */

static int hrange(int fd, uint32_t method, uint32_t hfd, uint32_t off, uint32_t len,
		  uint32_t seed, struct drm_fastrpc_invoke_arg *extra)
{
	struct lab_hrange r = { .fd = hfd, .offset = off, .len = len, .seed = seed };
	struct lab_check res = { 0 };
	struct drm_fastrpc_invoke_arg a[3] = { ubuf(&r, sizeof(r)), ubuf(&res, sizeof(res)) };
	bool check = method == LAB_CTL_HCHECK;
	int32_t rv = 0;
	int ret;

	if (extra)
		a[check ? 2 : 1] = *extra;
	ret = ctl(fd, method, a, 1, check, extra ? 1 : 0, &rv);
	if (ret)
		return ret;
	if (rv)
		return -EREMOTEIO;
	return !check || res.ok ? 0 : -EILSEQ;
}

static int drop_fds(int fd, const uint32_t *fds, unsigned int n)
{
	struct drm_fastrpc_invoke_arg a = ubuf(fds, n * sizeof(*fds));
	int32_t rv = 0;
	int ret = ctl(fd, LAB_CTL_DROP, &a, 1, 0, 0, &rv);

	return ret ? ret : rv ? -EREMOTEIO : 0;
}

static void test_handles(void)
{
	int fd = open_cdsp();
	uint32_t a = 0, b = 0, ids[2] = { 1, 2 };
	struct drm_fastrpc_invoke_arg hs[3];
	unsigned char *pa, *pb;
	int32_t rv = 0;

	if (create_user_pd(fd, 0) || gem_create(fd, 2 * PAGE, &a) || gem_create(fd, PAGE, &b) ||
	    !(pa = gem_mmap(fd, a, 2 * PAGE)) || !(pb = gem_mmap(fd, b, PAGE))) {
		report(false, "handles", "a session and objects", "%s", strerror(errno));
		close(fd);
		return;
	}
	fill(pa, 2 * PAGE, 41);
	hs[0] = gbuf(a, 100, PAGE);
	hs[1] = gbuf(b, 0, PAGE);
	expect_retval("handles", "the DSP holds two in-handles",
		      ctl(fd, LAB_CTL_HOLD, hs, 0, 0, 2, &rv), rv, 0);
	report(fdinfo_says(fd, "fastrpc-dsp-handles:\t2"), "handles", "fdinfo counts two",
	       "missing");
	/* The driver numbers a fresh session's handles from 1. */
	expect_err("handles", "the DSP reads the first after the call",
		   hrange(fd, LAB_CTL_HCHECK, 1, 0, 2 * PAGE, 41, NULL), 0);
	expect_err("handles", "the DSP writes the second after the call",
		   hrange(fd, LAB_CTL_HFILL, 2, 0, PAGE, 43, NULL), 0);
	report(filled(pb, PAGE, 43), "handles", "the CPU sees the DSP's writes", "differs");
	expect_err("handles", "the DSP refuses a range past a handle",
		   hrange(fd, LAB_CTL_HCHECK, 2, 1, PAGE, 43, NULL), -EREMOTEIO);

	munmap(pa, 2 * PAGE);
	gem_close(fd, a);
	expect_err("handles", "a held handle outlives its GEM handle",
		   hrange(fd, LAB_CTL_HCHECK, 1, 0, 2 * PAGE, 41, NULL), 0);
	expect_err("handles", "the DSP lets go of the first", drop_fds(fd, ids, 1), 0);
	report(fdinfo_says(fd, "fastrpc-dsp-handles:\t1"), "handles", "fdinfo counts one",
	       "missing");
	expect_err("handles", "the DSP cannot let go twice", drop_fds(fd, ids, 1), -EREMOTEIO);

	/* Passed twice: two holds on one id, one release each. */
	hs[0] = gbuf(b, 0, 8);
	expect_retval("handles", "the same object held again",
		      ctl(fd, LAB_CTL_HOLD, hs, 0, 0, 1, &rv), rv, 0);
	expect_err("handles", "one release", drop_fds(fd, ids + 1, 1), 0);
	report(fdinfo_says(fd, "fastrpc-dsp-handles:\t1"), "handles",
	       "the second hold keeps it", "missing");
	hs[0] = gbuf(b, 0, 8);
	expect_retval("handles", "held once more", ctl(fd, LAB_CTL_HOLD, hs, 0, 0, 1, &rv), rv, 0);
	expect_err("handles", "released by the DSP", drop_fds(fd, ids + 1, 1), 0);
	expect_err("handles", "a third release is refused by the DSP", drop_fds(fd, ids + 1, 1),
		   -EREMOTEIO);

	hs[0] = gbuf(b, PAGE - 4, 8);
	expect_err("handles", "a handle range past the object -> EINVAL",
		   ctl(fd, LAB_CTL_HOLD, hs, 0, 0, 1, &rv), -EINVAL);
	hs[0] = ubuf(&rv, 4);
	expect_err("handles", "a handle in user memory -> EINVAL",
		   ctl(fd, LAB_CTL_HOLD, hs, 0, 0, 1, &rv), -EINVAL);
	hs[0] = gbuf(b, 0, PAGE);
	expect_err("handles", "an out-handle, read by the DSP in the call",
		   invoke_handle(fd, LAB_CTL_HANDLE, DRM_FASTRPC_SCALARS(LAB_CTL_HOLD, 0, 0, 0, 1),
				 hs, &rv), 0);
	expect_err("handles", "release with a handle held", release(fd), 0);
	report(!fdinfo_says(fd, "fastrpc-dsp-handles"), "handles", "held handles went with it",
	       "still listed");
	munmap(pb, PAGE);
	gem_close(fd, b);
	close(fd);
}

/* ---- session kinds and who may start them --------------------------- */

static void expect_type(int fd, const char *what, uint64_t want)
{
	uint64_t v = 0;
	int ret = query(fd, DRM_FASTRPC_PARAM_SESSION_TYPE, &v);

	expect_value("attach", what, ret, v, want);
}

/* Without the privilege: every attach is refused and takes nothing. */
static void test_attach_refused(void)
{
	int fd = open_cdsp();
	uint64_t before = 0, after = 0;

	query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &before);
	expect_err("attach", "root pd -> EPERM",
		   attach(fd, DRM_FASTRPC_SESSION_ROOT_PD, NULL, 0), -EPERM);
	expect_err("attach", "sensors pd -> EPERM",
		   attach(fd, DRM_FASTRPC_SESSION_SENSORS_PD, NULL, 0), -EPERM);
	expect_err("attach", "static pd -> EPERM",
		   attach(fd, DRM_FASTRPC_SESSION_STATIC_PD, "audiopd", 0), -EPERM);
	query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &after);
	expect_value("attach", "refusals took no session", 0, after, before);
	expect_err("attach", "the file has no session after them", release(fd), -ENOENT);
	close(fd);
}

static void test_attach(void)
{
	int fd = open_cdsp();
	uint64_t dsp = 0;
	uint32_t h = 0;

	unsigned char in[40], out[40];
	struct drm_fastrpc_invoke_arg args[2] = { ubuf(in, sizeof(in)), ubuf(out, sizeof(out)) };

	expect_err("attach", "root pd", attach(fd, DRM_FASTRPC_SESSION_ROOT_PD, NULL, 0), 0);
	expect_type(fd, "session is a root pd", DRM_FASTRPC_SESSION_ROOT_PD);
	expect_invoke("attach", "root pd answers null", fd, LAB_SKEL_HANDLE,
		      DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0), NULL, 0);
	fill(in, sizeof(in), 31);
	expect_invoke("attach", "root pd answers echo", fd, LAB_SKEL_HANDLE,
		      DRM_FASTRPC_SCALARS(LAB_METHOD_ECHO, 1, 1, 0, 0), args, 0);
	report(filled(out, sizeof(out), 31), "attach", "root pd echoed the bytes", "differs");
	gem_create(fd, PAGE, &h);
	expect_err("attach", "heap mapping outside a user pd -> EINVAL",
		   map(fd, h, 0, PAGE, DRM_FASTRPC_MAP_HEAP, &dsp), -EINVAL);
	expect_err("attach", "unmap of nothing mapped -> ENOENT",
		   unmap(fd, h, 0x20000000), -ENOENT);
	expect_err("attach", "map with unknown flags -> EINVAL",
		   map(fd, h, 0, PAGE, 2, &dsp), -EINVAL);
	expect_err("attach", "map of 0 bytes -> EINVAL", map(fd, h, 0, 0, 0, &dsp), -EINVAL);
	expect_err("attach", "map at an unaligned offset -> EINVAL",
		   map(fd, h, 1, PAGE, 0, &dsp), -EINVAL);
	expect_err("attach", "map past the object -> EINVAL",
		   map(fd, h, PAGE, PAGE, 0, &dsp), -EINVAL);
	expect_err("attach", "map of no object -> ENOENT", map(fd, 999, 0, PAGE, 0, &dsp),
		   -ENOENT);
	expect_err("attach", "a second session on the file -> EBUSY",
		   attach(fd, DRM_FASTRPC_SESSION_ROOT_PD, NULL, 0), -EBUSY);
	expect_err("attach", "root pd released", release(fd), 0);
	gem_close(fd, h);

	expect_err("attach", "sensors pd", attach(fd, DRM_FASTRPC_SESSION_SENSORS_PD, NULL, 0), 0);
	expect_type(fd, "session is a sensors pd", DRM_FASTRPC_SESSION_SENSORS_PD);
	expect_err("attach", "sensors pd released", release(fd), 0);

	expect_err("attach", "static pd audiopd with a 1 MiB heap",
		   attach(fd, DRM_FASTRPC_SESSION_STATIC_PD, "audiopd", 1 << 20), 0);
	expect_type(fd, "session is a static pd", DRM_FASTRPC_SESSION_STATIC_PD);
	expect_invoke("attach", "static pd answers null", fd, LAB_SKEL_HANDLE,
		      DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0), NULL, 0);
	expect_err("attach", "static pd released", release(fd), 0);
	expect_err("attach", "static pd without a heap", attach(fd, DRM_FASTRPC_SESSION_STATIC_PD,
								"audiopd", 0), 0);
	expect_err("attach", "static pd without a heap released", release(fd), 0);
	expect_err("attach", "static pd of unknown name -> ECONNREFUSED",
		   attach(fd, DRM_FASTRPC_SESSION_STATIC_PD, "nosuchpd", 0), -ECONNREFUSED);

	expect_err("attach", "static pd without a name -> EINVAL",
		   attach(fd, DRM_FASTRPC_SESSION_STATIC_PD, NULL, 0), -EINVAL);
	expect_err("attach", "static pd heap over 64 MiB -> EINVAL",
		   attach(fd, DRM_FASTRPC_SESSION_STATIC_PD, "audiopd", (64 << 20) + 1), -EINVAL);
	expect_err("attach", "root pd with a name -> EINVAL",
		   attach(fd, DRM_FASTRPC_SESSION_ROOT_PD, "x", 0), -EINVAL);
	close(fd);
}

/* In a child running as nobody: what an unprivileged caller gets. */
static int unprivileged_checks(bool in_attach_group)
{
	uint64_t before = 0, after = 0;
	uint32_t h = 0;
	int fd;

	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY)) {
		report(false, "privilege", "drop to nobody", "%s", strerror(errno));
		return failed;
	}
	fd = open(lab_node, O_RDWR);
	if (fd < 0) {
		report(false, "privilege", "nobody opens the node", "%s", strerror(errno));
		return failed;
	}

	if (in_attach_group) {
		expect_err("privilege", "nobody in attach_gid attaches to the root pd",
			   attach(fd, DRM_FASTRPC_SESSION_ROOT_PD, NULL, 0), 0);
		release(fd);
		close(fd);
		return failed;
	}

	query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &before);
	expect_err("privilege", "nobody: root pd -> EPERM",
		   attach(fd, DRM_FASTRPC_SESSION_ROOT_PD, NULL, 0), -EPERM);
	expect_err("privilege", "nobody: sensors pd -> EPERM",
		   attach(fd, DRM_FASTRPC_SESSION_SENSORS_PD, NULL, 0), -EPERM);
	expect_err("privilege", "nobody: static pd -> EPERM",
		   attach(fd, DRM_FASTRPC_SESSION_STATIC_PD, "audiopd", 0), -EPERM);
	expect_err("privilege", "nobody: privileged user pd -> EPERM",
		   create_user_pd(fd, DRM_FASTRPC_PD_ATTR_PRIVILEGED), -EPERM);
	expect_err("privilege", "nobody: system user pd -> EPERM",
		   create_user_pd(fd, DRM_FASTRPC_PD_ATTR_SYSTEM), -EPERM);
	query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &after);
	expect_value("privilege", "nobody: refusals took no session", 0, after, before);

	expect_err("privilege", "nobody: user pd", create_user_pd(fd, 0), 0);
	expect_invoke("privilege", "nobody: null invoke", fd, LAB_SKEL_HANDLE,
		      DRM_FASTRPC_SCALARS(LAB_METHOD_NULL, 0, 0, 0, 0), NULL, 0);
	expect_err("privilege", "nobody: GEM object", gem_create(fd, PAGE, &h), 0);
	close(fd);
	return failed;
}

static void run_unprivileged(bool in_attach_group)
{
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(unprivileged_checks(in_attach_group) ? 1 : 0);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		failed++;
}

static void test_privilege(void)
{
	int fd = open_cdsp();
	struct stat st;

	close(fd);
	if (stat(lab_node, &st) || chmod(lab_node, 0666)) {
		report(false, "privilege", "open the node to all", "%s", strerror(errno));
		return;
	}
	run_unprivileged(false);
	expect_err("privilege", "attach_gid set to nobody's group",
		   write_param("attach_gid", "65534"), 0);
	run_unprivileged(true);
	write_param("attach_gid", "-1");
	chmod(lab_node, st.st_mode & 07777);
}

/* ---- fdinfo and debugfs -------------------------------------------- */

static void test_fdinfo(void)
{
	int fd = open_cdsp();
	char path[64];
	uint32_t h = 0;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	report(file_has(path, "drm-driver:\tfastrpc"), "fdinfo", "names the driver", "missing");
	report(file_has(path, "drm-client-id:\t"), "fdinfo", "has drm-client-id", "missing");
	gem_create(fd, 8 * PAGE, &h);
	report(file_has(path, "drm-total-memory:\t32 KiB"), "fdinfo",
	       "counts a 32 KiB object in drm-total-memory", "missing");
	report(!file_has(path, "fastrpc-session-type"), "fdinfo",
	       "no session lines without a session", "present");
	create_user_pd(fd, 0);
	report(file_has(path, "fastrpc-session-type:\tuser-pd"), "fdinfo",
	       "shows the user pd", "missing");
	report(file_has(path, "fastrpc-dsp-maps:\t0"), "fdinfo", "no DSP mappings yet", "missing");
	release(fd);
	gem_close(fd, h);
	close(fd);
}

/* /sys/kernel/debug/accel/<rpmsg device>/, one per domain (root). */
static void test_debugfs(void)
{
	int fd = open_cdsp();

	create_user_pd(fd, 0);
	report(system("grep -qs 'user-pd active' /sys/kernel/debug/accel/*/sessions") == 0,
	       "debugfs", "sessions lists the user pd", "missing");
	report(system("grep -qs '^sid 1 slots 1' /sys/kernel/debug/accel/*/banks") == 0,
	       "debugfs", "banks lists bank 1", "missing");
	report(system("test -r \"$(ls -d /sys/kernel/debug/accel/*/ | head -n 1)calls\"") == 0,
	       "debugfs", "calls is readable", "missing");
	close(fd);
}

int main(int argc, char **argv)
{

	if (argc == 3 && !strcmp(argv[1], "--as-nobody")) {
		as_nobody = true;
		report_prefix = "nobody: ";
		argv++;
		argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: gem_test [--as-nobody] SHELL_ELF\n");
		return 2;
	}
	if (lab_load_shell("gem_test", argv[1]))
		return 1;

	/* The node must be open to all: the lab's script sees to it. */
	if (as_nobody && (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
			  setresuid(NOBODY, NOBODY, NOBODY))) {
		report(false, "setup", "drop to nobody", "%s", strerror(errno));
		return report_counts();
	}

	test_gem();
	test_prime();
	test_zero_copy();
	test_fdinfo();
	test_maps();
	test_handles();
	if (as_nobody) {
		test_attach_refused();
		return report_counts();
	}
	test_user_budget();
	test_attach();
	test_privilege();
	test_debugfs();

	return report_counts();
}
