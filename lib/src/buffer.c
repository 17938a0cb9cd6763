/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Buffers: memory the DSP reads and writes in place.  Accel: a GEM object
 * of the device's file (GEM_CREATE, or PRIME import), mapped for the CPU at
 * its fake offset, exported with PRIME.  Legacy: a dma-buf fd, from
 * ALLOC_DMA_BUFF or another exporter, passed to the kernel as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-heap.h>
#include <xf86drm.h>

#include "internal.h"

#define SYSTEM_HEAP	"/dma_heap/system"
/* The system heap's middle chunk: 64 KiB, one physically contiguous piece. */
#define HEAP_CHUNK	(64u << 10)

size_t fastrpc_page_size(void)
{
	static size_t page;

	/* The kernel's page: what GEM objects and mappings are rounded to. */
	if (!page)
		page = sysconf(_SC_PAGESIZE);
	return page;
}

static bool page_aligned(uint64_t v)
{
	return !(v & (fastrpc_page_size() - 1));
}

/*
 * The size of a dma-buf, from its fdinfo (Linux 5.14 and later); a file
 * without the dma-buf lines is none.
 */
static int dmabuf_size(int fd, size_t *size)
{
	char path[64], line[256];
	bool dmabuf = false;
	uint64_t v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -EBADF : -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "exp_name:", 9) == 0)
			dmabuf = true;
		sscanf(line, "size: %" SCNu64, &v);
	}
	fclose(f);
	if (!dmabuf || !v)
		return -EINVAL;
	*size = v;
	return 0;
}

static void link_buffer(struct fastrpc_device *dev, struct fastrpc_buffer *buf)
{
	buf->dev = dev;
	buf->next = dev->buffers;
	dev->buffers = buf;
}

static void unlink_buffer(struct fastrpc_buffer *buf)
{
	struct fastrpc_buffer **p;

	for (p = &buf->dev->buffers; *p; p = &(*p)->next) {
		if (*p == buf) {
			*p = buf->next;
			return;
		}
	}
}

static void close_handle(struct fastrpc_device *dev, uint32_t handle)
{
	struct drm_gem_close req = { .handle = handle };

	fastrpc_ioctl(dev->fd, DRM_IOCTL_GEM_CLOSE, &req);
}

/*
 * A buffer of @dev naming GEM @handle: the handle's other buffers share it.
 * The device's lock is held from the look-up to the link, since a listener
 * thread may allocate at the same time.
 */
static int accel_wrap(struct fastrpc_device *dev, uint32_t handle, size_t size,
		      struct fastrpc_buffer **bufp)
{
	struct fastrpc_gem_ref *gem = NULL;
	struct fastrpc_buffer *b, *buf;

	pthread_mutex_lock(&dev->lock);
	for (b = dev->buffers; b && !gem; b = b->next)
		if (b->gem->handle == handle)
			gem = b->gem;
	buf = calloc(1, sizeof(*buf));
	if (!buf)
		goto err_close;
	if (!gem) {
		gem = calloc(1, sizeof(*gem));
		if (!gem) {
			free(buf);
			goto err_close;
		}
		gem->handle = handle;
	}
	gem->refs++;
	buf->gem = gem;
	buf->fd = -1;
	buf->size = size;
	link_buffer(dev, buf);
	pthread_mutex_unlock(&dev->lock);
	*bufp = buf;
	return 0;

err_close:
	pthread_mutex_unlock(&dev->lock);
	/* The handle is new only when no buffer shares it. */
	if (!gem)
		close_handle(dev, handle);
	return -ENOMEM;
}

static int legacy_wrap(struct fastrpc_device *dev, int fd, size_t size,
		       struct fastrpc_buffer **bufp)
{
	struct fastrpc_buffer *buf = calloc(1, sizeof(*buf));

	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	buf->fd = fd;
	buf->size = size;
	pthread_mutex_lock(&dev->lock);
	link_buffer(dev, buf);
	pthread_mutex_unlock(&dev->lock);
	*bufp = buf;
	return 0;
}

static int heap_alloc(const struct fastrpc_roots *roots, size_t *len)
{
	struct dma_heap_allocation_data req = { .fd_flags = O_RDWR | O_CLOEXEC };
	char path[64];
	int heap, ret;

	snprintf(path, sizeof(path), "%s%s", roots->dev, SYSTEM_HEAP);
	heap = open(path, O_RDONLY | O_CLOEXEC);
	if (heap < 0)
		return -errno;
	if (*len > SIZE_MAX - HEAP_CHUNK + 1) {
		close(heap);
		return -EINVAL;
	}
	*len = (*len + HEAP_CHUNK - 1) & ~(size_t)(HEAP_CHUNK - 1);
	req.len = *len;
	ret = fastrpc_ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &req);
	close(heap);
	return ret ? (ret < 0 ? ret : -EIO) : (int)req.fd;
}

int fastrpc_legacy_dmabuf(struct fastrpc_device *dev, size_t *len)
{
	struct fastrpc_alloc_dma_buf req = { .fd = -1, .size = *len };
	int ret;

	/*
	 * The misc driver's own buffers cannot be mapped by the CPU without a
	 * lockdep warning in Linux 6.12 (dma_resv_assert_held() in its mmap),
	 * so, as Qualcomm's library does, take the system heap's when there is
	 * one, in whole 64 KiB chunks: the misc driver hands the DSP a dma-buf
	 * by its first page and its length, which must then be one piece when
	 * no IOMMU stands between (the lab's case).
	 */
	if (strcmp(dev->driver, FASTRPC_MOD_MISC) == 0) {
		ret = heap_alloc(&fastrpc_system_roots, len);
		/* No heap, or not ours to use: the driver's own, warning or not. */
		if (ret >= 0 || (ret != -ENOENT && ret != -EACCES && ret != -EPERM))
			return ret;
	}
	ret = fastrpc_ioctl(dev->fd, FASTRPC_IOCTL_ALLOC_DMA_BUFF, &req);
	if (ret)
		return ret < 0 ? ret : -EIO;
	/* The misc driver's fds are inherited by children; ours are not. */
	if (fcntl(req.fd, F_SETFD, FD_CLOEXEC)) {
		ret = -errno;
		close(req.fd);
		return ret;
	}
	return req.fd;
}

FASTRPC_EXPORT int fastrpc_buffer_new(struct fastrpc_device *dev, size_t size,
				      struct fastrpc_buffer **buf)
{
	int saved_errno = errno;
	size_t len;
	int ret;

	if (!dev || !buf || !size || size > SIZE_MAX - fastrpc_page_size() + 1)
		return -EINVAL;
	len = (size + fastrpc_page_size() - 1) & ~(fastrpc_page_size() - 1);
	if (dev->iface == FASTRPC_INTERFACE_ACCEL) {
		struct drm_fastrpc_gem_create req = { .size = len };

		ret = fastrpc_ioctl(dev->fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &req);
		if (!ret)
			ret = accel_wrap(dev, req.handle, len, buf);
	} else {
		ret = fastrpc_legacy_dmabuf(dev, &len);
		if (ret >= 0)
			ret = legacy_wrap(dev, ret, len, buf);
	}
	if (ret > 0)
		ret = -EIO;
	if (!ret)
		errno = saved_errno;
	return ret;
}

FASTRPC_EXPORT int fastrpc_buffer_import(struct fastrpc_device *dev,
					 int dmabuf_fd,
					 struct fastrpc_buffer **buf)
{
	int saved_errno = errno;
	size_t size;
	int fd, ret;

	if (!dev || !buf || dmabuf_fd < 0)
		return -EINVAL;
	ret = dmabuf_size(dmabuf_fd, &size);
	if (ret)
		return ret;
	if (dev->iface == FASTRPC_INTERFACE_ACCEL) {
		struct drm_prime_handle req = { .fd = dmabuf_fd };

		ret = fastrpc_ioctl(dev->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &req);
		if (!ret)
			ret = accel_wrap(dev, req.handle, size, buf);
	} else {
		fd = fcntl(dmabuf_fd, F_DUPFD_CLOEXEC, 0);
		ret = fd < 0 ? -errno : legacy_wrap(dev, fd, size, buf);
	}
	if (ret > 0)
		ret = -EIO;
	if (!ret)
		errno = saved_errno;
	return ret;
}

FASTRPC_EXPORT void fastrpc_buffer_free(struct fastrpc_buffer *buf)
{
	int saved_errno = errno;

	if (!buf)
		return;
	if (buf->map)
		munmap(buf->map, buf->size);
	pthread_mutex_lock(&buf->dev->lock);
	if (buf->gem && --buf->gem->refs == 0) {
		close_handle(buf->dev, buf->gem->handle);
		free(buf->gem);
	}
	unlink_buffer(buf);
	pthread_mutex_unlock(&buf->dev->lock);
	if (buf->fd >= 0)
		close(buf->fd);
	free(buf);
	errno = saved_errno;
}

FASTRPC_EXPORT size_t fastrpc_buffer_get_size(const struct fastrpc_buffer *buf)
{
	return buf->size;
}

FASTRPC_EXPORT struct fastrpc_device *fastrpc_buffer_get_device(const struct fastrpc_buffer *buf)
{
	return buf->dev;
}

FASTRPC_EXPORT int fastrpc_buffer_mmap(struct fastrpc_buffer *buf, void **data)
{
	int saved_errno = errno;
	void *p, *expected = NULL;
	off_t offset = 0;
	int fd;

	if (!buf || !data)
		return -EINVAL;
	p = __atomic_load_n(&buf->map, __ATOMIC_ACQUIRE);
	if (!p) {
		fd = buf->fd;
		if (buf->gem) {
			struct drm_fastrpc_gem_mmap_offset req = {
				.handle = buf->gem->handle,
			};
			int ret = fastrpc_ioctl(buf->dev->fd,
						DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET,
						&req);

			if (ret)
				return ret < 0 ? ret : -EIO;
			fd = buf->dev->fd;
			offset = req.offset;
		}
		p = mmap(NULL, buf->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 fd, offset);
		if (p == MAP_FAILED)
			return -errno;
		/* Calls from several threads may map it at once: one mapping stays. */
		if (!__atomic_compare_exchange_n(&buf->map, &expected, p, false,
						 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
			munmap(p, buf->size);
			p = expected;
		}
	}
	*data = p;
	errno = saved_errno;
	return 0;
}

FASTRPC_EXPORT int fastrpc_buffer_export(struct fastrpc_buffer *buf, int *fd)
{
	int saved_errno = errno;
	int ret;

	if (!buf || !fd)
		return -EINVAL;
	if (buf->gem) {
		struct drm_prime_handle req = {
			.handle = buf->gem->handle,
			.flags = DRM_CLOEXEC | DRM_RDWR,
		};

		ret = fastrpc_ioctl(buf->dev->fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &req);
		if (ret)
			return ret < 0 ? ret : -EIO;
		*fd = req.fd;
	} else {
		ret = fcntl(buf->fd, F_DUPFD_CLOEXEC, 0);
		if (ret < 0)
			return -errno;
		*fd = ret;
	}
	errno = saved_errno;
	return 0;
}

int fastrpc_buffer_legacy_ptr(struct fastrpc_buffer *buf, size_t offset,
			      uint64_t *ptr)
{
	void *data;
	int ret;

	ret = fastrpc_buffer_mmap(buf, &data);
	if (ret)
		return ret;
	*ptr = (uintptr_t)data + offset;
	return 0;
}

bool fastrpc_buffer_usable(const struct fastrpc_session *session,
			   const struct fastrpc_buffer *buf)
{
	if (session->dev->iface == FASTRPC_INTERFACE_ACCEL)
		return buf->dev == session->dev;
	return buf->fd >= 0;
}

/* The checks both interfaces make before a map reaches the kernel. */
static int map_check(struct fastrpc_session *session, struct fastrpc_buffer *buf,
		     size_t offset, size_t size, uint32_t flags)
{
	if (!session || !buf || flags & ~FASTRPC_MAP_HEAP)
		return -EINVAL;
	if (!size || !page_aligned(offset) || !page_aligned(size) ||
	    offset > buf->size || size > buf->size - offset)
		return -EINVAL;
	if (!fastrpc_buffer_usable(session, buf))
		return -EXDEV;
	if (flags && session->dev->iface == FASTRPC_INTERFACE_LEGACY)
		return -EOPNOTSUPP;
	return 0;
}

FASTRPC_EXPORT int fastrpc_buffer_map(struct fastrpc_session *session,
				      struct fastrpc_buffer *buf, size_t offset,
				      size_t size, uint32_t flags,
				      uint64_t *dsp_addr)
{
	int saved_errno = errno;
	int ret;

	ret = map_check(session, buf, offset, size, flags);
	if (ret || !dsp_addr)
		return ret ? ret : -EINVAL;
	if (session->dev->iface == FASTRPC_INTERFACE_ACCEL) {
		struct drm_fastrpc_map req = {
			.handle = buf->gem->handle,
			.flags = flags & FASTRPC_MAP_HEAP ? DRM_FASTRPC_MAP_HEAP : 0,
			.offset = offset,
			.size = size,
		};

		ret = fastrpc_ioctl(session->fd, DRM_IOCTL_FASTRPC_MAP, &req);
		if (!ret)
			*dsp_addr = req.dsp_addr;
	} else {
		struct fastrpc_mem_map req = {
			.fd = buf->fd,
			.offset = (int32_t)offset,
			.flags = LEGACY_MAP_FD,
			.length = size,
		};

		uint64_t va;

		if (offset > INT32_MAX)
			return -EINVAL;
		ret = fastrpc_buffer_legacy_ptr(buf, 0, &va);
		req.vaddrin = va;
		if (!ret)
			ret = fastrpc_ioctl(session->fd, FASTRPC_IOCTL_MEM_MAP, &req);
		if (!ret)
			*dsp_addr = req.vaddrout;
	}
	if (fastrpc_is_dsp_error(ret))
		ret = -EREMOTEIO;
	if (!ret)
		errno = saved_errno;
	return ret;
}

FASTRPC_EXPORT int fastrpc_buffer_unmap(struct fastrpc_session *session,
					struct fastrpc_buffer *buf,
					uint64_t dsp_addr)
{
	int saved_errno = errno;
	int ret;

	if (!session || !buf)
		return -EINVAL;
	if (!fastrpc_buffer_usable(session, buf))
		return -EXDEV;
	if (session->dev->iface == FASTRPC_INTERFACE_ACCEL) {
		struct drm_fastrpc_unmap req = {
			.dsp_addr = dsp_addr,
			.handle = buf->gem->handle,
		};

		ret = fastrpc_ioctl(session->fd, DRM_IOCTL_FASTRPC_UNMAP, &req);
	} else {
		struct fastrpc_mem_unmap req = {
			.fd = buf->fd,
			.vaddr = dsp_addr,
			.length = buf->size,
		};

		ret = fastrpc_ioctl(session->fd, FASTRPC_IOCTL_MEM_UNMAP, &req);
	}
	/* An accel driver says -ENOENT for no such mapping, the misc one -EINVAL. */
	if (ret == -ENOENT)
		ret = -EINVAL;
	if (fastrpc_is_dsp_error(ret))
		ret = -EREMOTEIO;
	if (!ret)
		errno = saved_errno;
	return ret;
}
