/* SPDX-License-Identifier: GPL-2.0-or-later */
/* buffer.c: GEM and dma-buf buffers, their CPU and DSP mappings, the kernel mocked. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "internal.h"
#include "fail_alloc.h"
#include "fake_kernel.h"

#define GEM_FILE_SIZE	(64u << 20)
#define MAP_BASE	0xd0000000u
#define MEM_MAP_ADDR	0xe0000000u
#define DMABUF_SIZE	65536

/* What the fake drivers answer. */
static struct {
	uint32_t next_handle;		/* GEM_CREATE's handles, from 1 */
	uint32_t import_handle;		/* PRIME_FD_TO_HANDLE's */
	unsigned long fail_request;	/* this request fails with fail_ret */
	int fail_ret;
	int fdinfo_fd;			/* fopen() of its fdinfo is faked, -1: none */
	int dmabuf;			/* the last fd ALLOC_DMA_BUFF gave */
} k;

FILE *__real_fopen(const char *path, const char *mode);
FILE *__wrap_fopen(const char *path, const char *mode);

/*
 * No dma-buf exporter is at hand on a build machine (/dev/udmabuf and
 * /dev/dma_heap need root and a kernel that has them), so a memfd stands
 * in for one and its /proc/self/fdinfo gets a dma-buf's lines.
 */
FILE *__wrap_fopen(const char *path, const char *mode)
{
	static char fdinfo[] = "pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t2081\n"
			       "size:\t65536\ncount:\t1\nexp_name:\tsystem\nname:\t\n";
	char fake[64];

	snprintf(fake, sizeof(fake), "/proc/self/fdinfo/%d", k.fdinfo_fd);
	if (k.fdinfo_fd >= 0 && strcmp(path, fake) == 0)
		return fmemopen(fdinfo, strlen(fdinfo), "r");
	return __real_fopen(path, mode);
}

static int buffer_kernel(int fd, unsigned long request, void *arg)
{
	struct drm_fastrpc_gem_mmap_offset *off = arg;
	struct drm_fastrpc_gem_create *gem = arg;
	struct fastrpc_alloc_dma_buf *alloc = arg;
	struct fastrpc_mem_map *mem = arg;
	struct drm_prime_handle *prime = arg;
	struct drm_fastrpc_map *map = arg;

	(void)fd;
	if (request == k.fail_request)
		return k.fail_ret;
	switch (request) {
	case DRM_IOCTL_FASTRPC_GEM_CREATE:
		gem->handle = k.next_handle++;
		return 0;
	case DRM_IOCTL_GEM_CLOSE:
		return 0;
	case DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET:
		off->offset = (uint64_t)off->handle << 20;
		return 0;
	case DRM_IOCTL_PRIME_HANDLE_TO_FD:
		prime->fd = fk_memfd(4096);
		return 0;
	case DRM_IOCTL_PRIME_FD_TO_HANDLE:
		prime->handle = k.import_handle;
		return 0;
	case FASTRPC_IOCTL_ALLOC_DMA_BUFF:
		k.dmabuf = alloc->fd = fk_memfd(alloc->size);
		return 0;
	case DRM_IOCTL_FASTRPC_MAP:
		map->dsp_addr = MAP_BASE + map->offset;
		return 0;
	case FASTRPC_IOCTL_MEM_MAP:
		mem->vaddrout = MEM_MAP_ADDR;
		return 0;
	case DRM_IOCTL_FASTRPC_UNMAP:
	case FASTRPC_IOCTL_MEM_UNMAP:
		return 0;
	}
	return -ENOTTY;
}

struct fixture {
	/* Accel devices: their file is a memfd, for mmap() at GEM offsets. */
	struct fastrpc_device a, b;
	struct fastrpc_device leg;		/* legacy, on /dev/null */
	struct fastrpc_session sa, sl;		/* sessions of a and leg */
	struct fastrpc_buffer *bufs[8];		/* freed by the teardown */
};

static void init_device(struct fastrpc_device *dev, enum fastrpc_interface iface)
{
	fk_device_init(dev, iface, iface == FASTRPC_INTERFACE_ACCEL ? fk_memfd(GEM_FILE_SIZE) :
		       open("/dev/null", O_RDONLY | O_CLOEXEC));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	init_device(&f->a, FASTRPC_INTERFACE_ACCEL);
	init_device(&f->b, FASTRPC_INTERFACE_ACCEL);
	init_device(&f->leg, FASTRPC_INTERFACE_LEGACY);
	/* Sessions made by hand: the library's only read dev and fd. */
	f->sa = (struct fastrpc_session){ .dev = &f->a, .fd = f->a.fd };
	f->sl = (struct fastrpc_session){ .dev = &f->leg, .fd = open("/dev/null", O_RDONLY) };
	f->a.session = &f->sa;
	f->leg.session = &f->sl;
	memset(&k, 0, sizeof(k));
	k.next_handle = 1;
	k.fdinfo_fd = -1;
	fk_reset(buffer_kernel);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unsigned int i;

	fail_alloc_off();
	for (i = 0; i < 8; i++)
		fastrpc_buffer_free(f->bufs[i]);
	close(f->a.fd);
	close(f->b.fd);
	close(f->leg.fd);
	close(f->sl.fd);
	free(f);
	return 0;
}

static struct fastrpc_buffer **slot(struct fixture *f, struct fastrpc_buffer *buf)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (f->bufs[i] == buf)
			return &f->bufs[i];
	fail_msg("no room for a buffer");
	return NULL;
}

static struct fastrpc_buffer *new_buf(struct fixture *f, struct fastrpc_device *dev,
				      size_t size)
{
	struct fastrpc_buffer *buf = NULL;

	assert_int_equal(fastrpc_buffer_new(dev, size, &buf), 0);
	assert_non_null(buf);
	*slot(f, NULL) = buf;
	return buf;
}

static struct fastrpc_buffer *import_buf(struct fixture *f, struct fastrpc_device *dev,
					 int fd)
{
	struct fastrpc_buffer *buf = NULL;

	k.fdinfo_fd = fd;
	assert_int_equal(fastrpc_buffer_import(dev, fd, &buf), 0);
	assert_non_null(buf);
	*slot(f, NULL) = buf;
	return buf;
}

static void free_buf(struct fixture *f, struct fastrpc_buffer *buf)
{
	*slot(f, buf) = NULL;
	fastrpc_buffer_free(buf);
}

static bool same_file(int fd1, int fd2)
{
	struct stat s1, s2;

	return !fstat(fd1, &s1) && !fstat(fd2, &s2) && s1.st_dev == s2.st_dev &&
	       s1.st_ino == s2.st_ino;
}

/* Whether [p, p + len) is mapped in this process. */
static bool mapped(void *p, size_t len)
{
	return msync(p, len, MS_ASYNC) == 0;
}

static void fastrpc_buffer_new__accel_gem_create_page_rounded(void **state)
{
	const struct drm_fastrpc_gem_create *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;

	buf = new_buf(f, &f->a, 1);
	assert_int_equal(fastrpc_buffer_get_size(buf), 4096);
	assert_ptr_equal(fastrpc_buffer_get_device(buf), &f->a);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->a.fd);
	req = fk_in(struct drm_fastrpc_gem_create, DRM_IOCTL_FASTRPC_GEM_CREATE, 0);
	assert_int_equal(req->size, 4096);
	assert_int_equal(req->flags, 0);
	assert_int_equal(fastrpc_buffer_get_size(new_buf(f, &f->a, 8192)), 8192);
	assert_int_equal(fastrpc_buffer_get_size(new_buf(f, &f->a, 8193)), 12288);
	assert_int_equal(fk_in(struct drm_fastrpc_gem_create, DRM_IOCTL_FASTRPC_GEM_CREATE,
			       2)->size, 12288);
}

/* The driver's dma-buf fd is made close-on-exec: the library's fds are. */
static void fastrpc_buffer_new__legacy_alloc_dma_buff_cloexec(void **state)
{
	const struct fastrpc_alloc_dma_buf *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;

	buf = new_buf(f, &f->leg, 5000);
	assert_int_equal(fastrpc_buffer_get_size(buf), 8192);
	assert_ptr_equal(fastrpc_buffer_get_device(buf), &f->leg);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->leg.fd);
	req = fk_in(struct fastrpc_alloc_dma_buf, FASTRPC_IOCTL_ALLOC_DMA_BUFF, 0);
	assert_int_equal(req->fd, -1);
	assert_int_equal(req->flags, 0);
	assert_int_equal(req->size, 8192);
	assert_true(fk_fd_cloexec(buf->fd));
}

static void fastrpc_buffer_new__bad_size_is_einval(void **state)
{
	struct fastrpc_buffer *buf = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;

	assert_int_equal(fastrpc_buffer_new(&f->a, 0, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_new(&f->leg, 0, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_new(&f->a, SIZE_MAX, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_new(&f->leg, SIZE_MAX - 4094, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_new(NULL, 4096, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_new(&f->a, 4096, NULL), -EINVAL);
	assert_ptr_equal(buf, (struct fastrpc_buffer *)1);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_buffer_new__driver_error_passes(void **state)
{
	struct fastrpc_buffer *buf = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;

	k.fail_request = DRM_IOCTL_FASTRPC_GEM_CREATE;
	k.fail_ret = -ENOSPC;
	assert_int_equal(fastrpc_buffer_new(&f->a, 4096, &buf), -ENOSPC);
	k.fail_request = FASTRPC_IOCTL_ALLOC_DMA_BUFF;
	k.fail_ret = -ENODEV;
	assert_int_equal(fastrpc_buffer_new(&f->leg, 4096, &buf), -ENODEV);
	assert_ptr_equal(buf, (struct fastrpc_buffer *)1);
	assert_null(f->a.buffers);
	assert_null(f->leg.buffers);
}

/* The buffer or its handle's record cannot be allocated: the new handle is closed. */
static void fastrpc_buffer_new__accel_enomem_closes_the_new_handle(void **state)
{
	struct fastrpc_buffer *buf = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		fk_reset(buffer_kernel);
		fail_alloc_after(i);
		assert_int_equal(fastrpc_buffer_new(&f->a, 4096, &buf), -ENOMEM);
		assert_true(fail_alloc_off());
		assert_int_equal(fk_count(DRM_IOCTL_GEM_CLOSE), 1);
		assert_int_equal(fk_in(struct drm_gem_close, DRM_IOCTL_GEM_CLOSE, 0)->handle,
				 k.next_handle - 1);
		assert_ptr_equal(buf, (struct fastrpc_buffer *)1);
		assert_null(f->a.buffers);
		fail_alloc_check_leaks();
	}
}

static void fastrpc_buffer_new__legacy_enomem_closes_the_fd(void **state)
{
	struct fastrpc_buffer *buf = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;

	fail_alloc_after(0);
	assert_int_equal(fastrpc_buffer_new(&f->leg, 4096, &buf), -ENOMEM);
	assert_true(fail_alloc_off());
	assert_ptr_equal(buf, (struct fastrpc_buffer *)1);
	assert_false(fk_fd_open(k.dmabuf));
	fail_alloc_check_leaks();
}

static void fastrpc_buffer_import__non_dmabuf_is_einval(void **state)
{
	struct fastrpc_buffer *buf = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;
	int fd = fk_memfd(4096);

	/* The real fdinfo of a memfd, without exp_name. */
	assert_int_equal(fastrpc_buffer_import(&f->a, fd, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_import(&f->leg, fd, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_import(&f->a, -1, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_import(NULL, fd, &buf), -EINVAL);
	assert_int_equal(fastrpc_buffer_import(&f->a, fd, NULL), -EINVAL);
	assert_ptr_equal(buf, (struct fastrpc_buffer *)1);
	assert_int_equal(fk.n, 0);
	close(fd);
}

static void fastrpc_buffer_import__closed_fd_is_ebadf(void **state)
{
	struct fastrpc_buffer *buf = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;
	int fd = fk_memfd(4096);

	close(fd);
	assert_int_equal(fastrpc_buffer_import(&f->a, fd, &buf), -EBADF);
	assert_int_equal(fastrpc_buffer_import(&f->leg, fd, &buf), -EBADF);
	assert_ptr_equal(buf, (struct fastrpc_buffer *)1);
}

/* The size is the dma-buf's, from its fdinfo; the caller keeps its fd. */
static void fastrpc_buffer_import__accel_prime_fd_to_handle(void **state)
{
	const struct drm_prime_handle *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	int fd = fk_memfd(DMABUF_SIZE);

	k.import_handle = 7;
	buf = import_buf(f, &f->a, fd);
	assert_int_equal(fastrpc_buffer_get_size(buf), DMABUF_SIZE);
	assert_int_equal(buf->gem->handle, 7);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->a.fd);
	req = fk_in(struct drm_prime_handle, DRM_IOCTL_PRIME_FD_TO_HANDLE, 0);
	assert_int_equal(req->fd, fd);
	assert_int_equal(req->flags, 0);
	assert_int_equal(req->handle, 0);
	assert_true(fk_fd_open(fd));
	close(fd);
}

static void fastrpc_buffer_import__legacy_dups_the_fd(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	int fd = fk_memfd(DMABUF_SIZE);

	buf = import_buf(f, &f->leg, fd);
	assert_int_equal(fastrpc_buffer_get_size(buf), DMABUF_SIZE);
	assert_int_not_equal(buf->fd, fd);
	assert_true(same_file(buf->fd, fd));
	assert_true(fk_fd_cloexec(buf->fd));
	assert_int_equal(fk.n, 0);
	close(fd);
	assert_true(fk_fd_open(buf->fd));
}

/* DRM gives a file one handle per object: an import of our own export shares it. */
static void fastrpc_buffer_import__shared_handle_closed_by_last_free(void **state)
{
	struct fastrpc_buffer *mine, *again;
	struct fixture *f = *state;
	unsigned int order;
	int fd;

	for (order = 0; order < 2; order++) {
		fk_reset(buffer_kernel);
		mine = new_buf(f, &f->a, DMABUF_SIZE);
		assert_int_equal(fastrpc_buffer_export(mine, &fd), 0);
		k.import_handle = mine->gem->handle;
		again = import_buf(f, &f->a, fd);
		close(fd);
		free_buf(f, order ? mine : again);
		assert_int_equal(fk_count(DRM_IOCTL_GEM_CLOSE), 0);
		free_buf(f, order ? again : mine);
		assert_int_equal(fk_count(DRM_IOCTL_GEM_CLOSE), 1);
		assert_int_equal(fk_in(struct drm_gem_close, DRM_IOCTL_GEM_CLOSE, 0)->handle,
				 k.import_handle);
	}
}

static void fastrpc_buffer_import__shared_handle_enomem_keeps_the_handle(void **state)
{
	struct fastrpc_buffer *mine, *again = (struct fastrpc_buffer *)1;
	struct fixture *f = *state;
	int fd = fk_memfd(DMABUF_SIZE);

	mine = new_buf(f, &f->a, DMABUF_SIZE);
	k.import_handle = mine->gem->handle;
	k.fdinfo_fd = fd;
	fail_alloc_after(0);
	assert_int_equal(fastrpc_buffer_import(&f->a, fd, &again), -ENOMEM);
	assert_true(fail_alloc_off());
	close(fd);
	assert_ptr_equal(again, (struct fastrpc_buffer *)1);
	assert_int_equal(fk_count(DRM_IOCTL_GEM_CLOSE), 0);
	free_buf(f, mine);
	assert_int_equal(fk_count(DRM_IOCTL_GEM_CLOSE), 1);
	fail_alloc_check_leaks();
}

static void fastrpc_buffer_free__accel_closes_gem_and_unmaps(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	void *data;

	buf = new_buf(f, &f->a, 8192);
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), 0);
	fk_reset(buffer_kernel);
	errno = EXDEV;
	free_buf(f, buf);
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->a.fd);
	assert_int_equal(fk_in(struct drm_gem_close, DRM_IOCTL_GEM_CLOSE, 0)->handle, 1);
	assert_false(mapped(data, 8192));
	assert_null(f->a.buffers);
}

static void fastrpc_buffer_free__legacy_closes_fd_and_unmaps(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	void *data;
	int fd;

	buf = new_buf(f, &f->leg, 4096);
	fd = buf->fd;
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), 0);
	free_buf(f, buf);
	assert_false(fk_fd_open(fd));
	assert_false(mapped(data, 4096));
	assert_int_equal(fk.n, 1);
	assert_null(f->leg.buffers);
}

static void fastrpc_buffer_free__accepts_null(void **state)
{
	(void)state;
	errno = EXDEV;
	fastrpc_buffer_free(NULL);
	assert_int_equal(errno, EXDEV);
}

static void fastrpc_buffer_mmap__accel_at_the_gem_offset(void **state)
{
	const struct drm_fastrpc_gem_mmap_offset *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	void *data = NULL, *again = NULL;
	char seen[6] = "";

	new_buf(f, &f->a, 4096);
	buf = new_buf(f, &f->a, 8192);
	fk_reset(buffer_kernel);
	errno = EXDEV;
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), 0);
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->a.fd);
	req = fk_in(struct drm_fastrpc_gem_mmap_offset, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, 0);
	assert_int_equal(req->handle, 2);
	assert_int_equal(req->flags, 0);
	/* The device file's pages at the offset the driver gave (handle << 20 here). */
	memcpy((char *)data + 4096, "hello", 6);
	assert_int_equal(pread(f->a.fd, seen, 6, (2 << 20) + 4096), 6);
	assert_string_equal(seen, "hello");
	assert_int_equal(fastrpc_buffer_mmap(buf, &again), 0);
	assert_ptr_equal(again, data);
	assert_int_equal(fk.n, 1);
}

static void fastrpc_buffer_mmap__legacy_maps_the_dmabuf(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	void *data = NULL, *again = NULL;
	char seen[6] = "";

	buf = new_buf(f, &f->leg, 8192);
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), 0);
	memcpy((char *)data + 8186, "hello", 6);
	assert_int_equal(pread(buf->fd, seen, 6, 8186), 6);
	assert_string_equal(seen, "hello");
	assert_int_equal(fastrpc_buffer_mmap(buf, &again), 0);
	assert_ptr_equal(again, data);
	assert_int_equal(fk.n, 1);
}

static void fastrpc_buffer_mmap__errors_pass(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	void *data = (void *)1;

	buf = new_buf(f, &f->a, 4096);
	k.fail_request = DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET;
	k.fail_ret = -ENODEV;
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), -ENODEV);
	assert_ptr_equal(data, (void *)1);
	assert_int_equal(fastrpc_buffer_mmap(NULL, &data), -EINVAL);
	assert_int_equal(fastrpc_buffer_mmap(buf, NULL), -EINVAL);
}

static void fastrpc_buffer_export__accel_prime_cloexec_rdwr(void **state)
{
	const struct drm_prime_handle *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	int fd = -1;

	buf = new_buf(f, &f->a, 4096);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_export(buf, &fd), 0);
	assert_true(fd >= 0);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->a.fd);
	req = fk_in(struct drm_prime_handle, DRM_IOCTL_PRIME_HANDLE_TO_FD, 0);
	assert_int_equal(req->handle, 1);
	assert_int_equal(req->flags, DRM_CLOEXEC | DRM_RDWR);
	close(fd);
}

static void fastrpc_buffer_export__legacy_dup_cloexec(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	int fd = -1;

	buf = new_buf(f, &f->leg, 4096);
	assert_int_equal(fastrpc_buffer_export(buf, &fd), 0);
	assert_int_not_equal(fd, buf->fd);
	assert_true(same_file(fd, buf->fd));
	assert_true(fk_fd_cloexec(fd));
	assert_int_equal(fk.n, 1);
	close(fd);
	assert_int_equal(fastrpc_buffer_export(NULL, &fd), -EINVAL);
	assert_int_equal(fastrpc_buffer_export(buf, NULL), -EINVAL);
}

static void fastrpc_buffer_map__accel_fields(void **state)
{
	const struct drm_fastrpc_map *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	uint64_t addr = 0;

	buf = new_buf(f, &f->a, 4 * 4096);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_map(&f->sa, buf, 4096, 8192, 0, &addr), 0);
	assert_int_equal(addr, MAP_BASE + 4096);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->sa.fd);
	req = fk_in(struct drm_fastrpc_map, DRM_IOCTL_FASTRPC_MAP, 0);
	assert_int_equal(req->handle, 1);
	assert_int_equal(req->flags, 0);
	assert_int_equal(req->offset, 4096);
	assert_int_equal(req->size, 8192);
	assert_int_equal(fastrpc_buffer_map(&f->sa, buf, 0, 4 * 4096, FASTRPC_MAP_HEAP,
					    &addr), 0);
	req = fk_in(struct drm_fastrpc_map, DRM_IOCTL_FASTRPC_MAP, 1);
	assert_int_equal(req->flags, DRM_FASTRPC_MAP_HEAP);
	assert_int_equal(req->size, 4 * 4096);
}

/* MEM_MAP of the dma-buf by fd, vaddrin the buffer's CPU mapping. */
static void fastrpc_buffer_map__legacy_mem_map_fields(void **state)
{
	static const __s32 zero[4];
	const struct fastrpc_mem_map *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	uint64_t addr = 0;
	void *data;

	buf = new_buf(f, &f->leg, 4 * 4096);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_map(&f->sl, buf, 4096, 8192, 0, &addr), 0);
	assert_int_equal(addr, MEM_MAP_ADDR);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->sl.fd);
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), 0);
	req = fk_in(struct fastrpc_mem_map, FASTRPC_IOCTL_MEM_MAP, 0);
	assert_int_equal(req->version, 0);
	assert_int_equal(req->fd, buf->fd);
	assert_int_equal(req->offset, 4096);
	assert_int_equal(req->flags, FASTRPC_MAP_FD);
	assert_int_equal(req->vaddrin, (uintptr_t)data);
	assert_int_equal(req->length, 8192);
	assert_int_equal(req->attrs, 0);
	assert_memory_equal(req->reserved, zero, sizeof(zero));
}

static void fastrpc_buffer_map__legacy_heap_is_eopnotsupp(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	uint64_t addr = 7;

	buf = new_buf(f, &f->leg, 4096);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_map(&f->sl, buf, 0, 4096, FASTRPC_MAP_HEAP, &addr),
			 -EOPNOTSUPP);
	assert_int_equal(addr, 7);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_buffer_map__bad_ranges_are_einval(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *acc, *leg;
	uint64_t addr = 7;

	acc = new_buf(f, &f->a, 2 * 4096);
	leg = new_buf(f, &f->leg, 2 * 4096);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 1, 4096, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 0, 4095, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 0, 0, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 4096, 2 * 4096, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 3 * 4096, 4096, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 4096, SIZE_MAX & ~(size_t)4095, 0,
					    &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sl, leg, 4096, 4097, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sl, leg, 8192, 4096, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 0, 4096, 2, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 0, 4096, 0, NULL), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(NULL, acc, 0, 4096, 0, &addr), -EINVAL);
	assert_int_equal(fastrpc_buffer_map(&f->sa, NULL, 0, 4096, 0, &addr), -EINVAL);
	assert_int_equal(addr, 7);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_buffer_map__other_device_or_interface_is_exdev(void **state)
{
	struct fastrpc_buffer *other, *leg, *acc;
	struct fixture *f = *state;
	uint64_t addr = 7;

	other = new_buf(f, &f->b, 4096);
	leg = new_buf(f, &f->leg, 4096);
	acc = new_buf(f, &f->a, 4096);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_map(&f->sa, other, 0, 4096, 0, &addr), -EXDEV);
	assert_int_equal(fastrpc_buffer_map(&f->sa, leg, 0, 4096, 0, &addr), -EXDEV);
	assert_int_equal(fastrpc_buffer_map(&f->sl, acc, 0, 4096, 0, &addr), -EXDEV);
	assert_int_equal(fastrpc_buffer_unmap(&f->sa, other, MAP_BASE), -EXDEV);
	assert_int_equal(fastrpc_buffer_unmap(&f->sa, leg, MAP_BASE), -EXDEV);
	assert_int_equal(fastrpc_buffer_unmap(&f->sl, acc, MAP_BASE), -EXDEV);
	assert_int_equal(addr, 7);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_buffer_map__eintr_is_retried(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;
	uint64_t addr = 0;

	buf = new_buf(f, &f->a, 4096);
	fk_reset(buffer_kernel);
	fk.eintr = 1;
	errno = EXDEV;
	assert_int_equal(fastrpc_buffer_map(&f->sa, buf, 0, 4096, 0, &addr), 0);
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_MAP), 2);
	assert_int_equal(addr, MAP_BASE);
}

static void fastrpc_buffer_map__errors(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *acc, *leg;
	uint64_t addr = 7;

	acc = new_buf(f, &f->a, 4096);
	leg = new_buf(f, &f->leg, 4096);
	k.fail_request = DRM_IOCTL_FASTRPC_MAP;
	k.fail_ret = -ENOSPC;
	assert_int_equal(fastrpc_buffer_map(&f->sa, acc, 0, 4096, 0, &addr), -ENOSPC);
	/* The misc driver's DSP error, as the ioctl's value. */
	k.fail_request = FASTRPC_IOCTL_MEM_MAP;
	k.fail_ret = FK_DSP_ERROR(0x002);
	assert_int_equal(fastrpc_buffer_map(&f->sl, leg, 0, 4096, 0, &addr), -EREMOTEIO);
	assert_int_equal(addr, 7);
}

static void fastrpc_buffer_unmap__accel_fields(void **state)
{
	const struct drm_fastrpc_unmap *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;

	new_buf(f, &f->a, 4096);
	buf = new_buf(f, &f->a, 4096);
	fk_reset(buffer_kernel);
	errno = EXDEV;
	assert_int_equal(fastrpc_buffer_unmap(&f->sa, buf, MAP_BASE + 4096), 0);
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->sa.fd);
	req = fk_in(struct drm_fastrpc_unmap, DRM_IOCTL_FASTRPC_UNMAP, 0);
	assert_int_equal(req->dsp_addr, MAP_BASE + 4096);
	assert_int_equal(req->handle, 2);
	assert_int_equal(req->flags, 0);
}

/* Both drivers find the mapping by fd and address; length is the buffer's. */
static void fastrpc_buffer_unmap__legacy_mem_unmap_fields(void **state)
{
	static const __s32 zero[5];
	const struct fastrpc_mem_unmap *req;
	struct fixture *f = *state;
	struct fastrpc_buffer *buf;

	buf = new_buf(f, &f->leg, 8192);
	fk_reset(buffer_kernel);
	assert_int_equal(fastrpc_buffer_unmap(&f->sl, buf, MEM_MAP_ADDR), 0);
	assert_int_equal(fk.n, 1);
	assert_int_equal(fk.calls[0].fd, f->sl.fd);
	req = fk_in(struct fastrpc_mem_unmap, FASTRPC_IOCTL_MEM_UNMAP, 0);
	assert_int_equal(req->vesion, 0);
	assert_int_equal(req->fd, buf->fd);
	assert_int_equal(req->vaddr, MEM_MAP_ADDR);
	assert_int_equal(req->length, 8192);
	assert_memory_equal(req->reserved, zero, sizeof(zero));
}

static void fastrpc_buffer_unmap__no_such_mapping_is_einval(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *acc, *leg;

	acc = new_buf(f, &f->a, 4096);
	leg = new_buf(f, &f->leg, 4096);
	k.fail_request = DRM_IOCTL_FASTRPC_UNMAP;
	k.fail_ret = -ENOENT;
	assert_int_equal(fastrpc_buffer_unmap(&f->sa, acc, 1234), -EINVAL);
	k.fail_request = FASTRPC_IOCTL_MEM_UNMAP;
	k.fail_ret = -EINVAL;
	assert_int_equal(fastrpc_buffer_unmap(&f->sl, leg, 1234), -EINVAL);
	assert_int_equal(fastrpc_buffer_unmap(NULL, leg, 1234), -EINVAL);
	assert_int_equal(fastrpc_buffer_unmap(&f->sl, NULL, 1234), -EINVAL);
}

#define BUFFER_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		BUFFER_TEST(fastrpc_buffer_new__accel_gem_create_page_rounded),
		BUFFER_TEST(fastrpc_buffer_new__legacy_alloc_dma_buff_cloexec),
		BUFFER_TEST(fastrpc_buffer_new__bad_size_is_einval),
		BUFFER_TEST(fastrpc_buffer_new__driver_error_passes),
		BUFFER_TEST(fastrpc_buffer_new__accel_enomem_closes_the_new_handle),
		BUFFER_TEST(fastrpc_buffer_new__legacy_enomem_closes_the_fd),
		BUFFER_TEST(fastrpc_buffer_import__non_dmabuf_is_einval),
		BUFFER_TEST(fastrpc_buffer_import__closed_fd_is_ebadf),
		BUFFER_TEST(fastrpc_buffer_import__accel_prime_fd_to_handle),
		BUFFER_TEST(fastrpc_buffer_import__legacy_dups_the_fd),
		BUFFER_TEST(fastrpc_buffer_import__shared_handle_closed_by_last_free),
		BUFFER_TEST(fastrpc_buffer_import__shared_handle_enomem_keeps_the_handle),
		BUFFER_TEST(fastrpc_buffer_free__accel_closes_gem_and_unmaps),
		BUFFER_TEST(fastrpc_buffer_free__legacy_closes_fd_and_unmaps),
		cmocka_unit_test(fastrpc_buffer_free__accepts_null),
		BUFFER_TEST(fastrpc_buffer_mmap__accel_at_the_gem_offset),
		BUFFER_TEST(fastrpc_buffer_mmap__legacy_maps_the_dmabuf),
		BUFFER_TEST(fastrpc_buffer_mmap__errors_pass),
		BUFFER_TEST(fastrpc_buffer_export__accel_prime_cloexec_rdwr),
		BUFFER_TEST(fastrpc_buffer_export__legacy_dup_cloexec),
		BUFFER_TEST(fastrpc_buffer_map__accel_fields),
		BUFFER_TEST(fastrpc_buffer_map__legacy_mem_map_fields),
		BUFFER_TEST(fastrpc_buffer_map__legacy_heap_is_eopnotsupp),
		BUFFER_TEST(fastrpc_buffer_map__bad_ranges_are_einval),
		BUFFER_TEST(fastrpc_buffer_map__other_device_or_interface_is_exdev),
		BUFFER_TEST(fastrpc_buffer_map__eintr_is_retried),
		BUFFER_TEST(fastrpc_buffer_map__errors),
		BUFFER_TEST(fastrpc_buffer_unmap__accel_fields),
		BUFFER_TEST(fastrpc_buffer_unmap__legacy_mem_unmap_fields),
		BUFFER_TEST(fastrpc_buffer_unmap__no_such_mapping_is_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
