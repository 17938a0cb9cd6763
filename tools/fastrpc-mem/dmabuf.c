/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * dma-bufs from outside the driver: a dma-buf heap, udmabuf, another
 * process's fd; what a dma-buf fd is; and CPU access to its mapping.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/udmabuf.h>

#include "mem.h"

#define DMA_HEAP_DIR	"/dev/dma_heap"
#define UDMABUF_DEV	"/dev/udmabuf"
#define PAGE		4096u

static uint64_t page_round(uint64_t size)
{
	return (size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
}

int dmabuf_from_heap(const char *name, uint64_t size)
{
	struct dma_heap_allocation_data req = {
		.len = page_round(size),
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	char path[PATH_MAX];
	int heap, ret;

	snprintf(path, sizeof(path), "%s/%s", DMA_HEAP_DIR, name);
	heap = open(path, O_RDONLY | O_CLOEXEC);
	if (heap < 0)
		return -errno;
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &req) ? -errno : (int)req.fd;
	close(heap);
	return ret;
}

int dmabuf_from_udmabuf(uint64_t size)
{
	struct udmabuf_create req = {
		.flags = UDMABUF_FLAGS_CLOEXEC,
		.size = page_round(size),
	};
	int memfd, dev, ret;

	dev = open(UDMABUF_DEV, O_RDWR | O_CLOEXEC);
	if (dev < 0)
		return -errno;
	/* udmabuf takes only memfds that can no longer shrink under it. */
	memfd = memfd_create("fastrpc-mem", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, req.size) ||
	    fcntl(memfd, F_ADD_SEALS, F_SEAL_SHRINK)) {
		ret = -errno;
		goto out;
	}
	req.memfd = memfd;
	/* The dma-buf holds the memfd's pages: the memfd may go. */
	ret = ioctl(dev, UDMABUF_CREATE, &req);
	if (ret < 0)
		ret = -errno;
out:
	if (memfd >= 0)
		close(memfd);
	close(dev);
	return ret;
}

int dmabuf_from_pid(pid_t pid, int fd)
{
	int pidfd, ret;

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return -errno;
	ret = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	ret = ret < 0 ? -errno : ret;
	close(pidfd);
	return ret;
}

int dmabuf_info(int fd, struct dmabuf_info *info)
{
	char path[64], line[256];
	bool dmabuf = false;
	struct stat st;
	FILE *f;

	if (fstat(fd, &st))
		return -errno;
	*info = (struct dmabuf_info){ .inode = st.st_ino };
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/* Only a dma-buf's fdinfo has exp_name (Linux 5.14 and later). */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "exp_name: %31s", info->exporter) == 1)
			dmabuf = true;
		sscanf(line, "size: %" SCNu64, &info->size);
	}
	fclose(f);
	return dmabuf ? 0 : -EINVAL;
}

static int cpu_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	if (fd < 0)
		return 0;
	while (ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync))
		if (errno != EINTR && errno != EAGAIN)
			return -errno;
	return 0;
}

/*
 * On a board the CPU's caches and the DSP's view of the memory need these
 * around every CPU access; the exporter does what its memory needs.
 */
int dmabuf_cpu_begin(int fd, bool write)
{
	return cpu_sync(fd, DMA_BUF_SYNC_START | (write ? DMA_BUF_SYNC_RW : DMA_BUF_SYNC_READ));
}

int dmabuf_cpu_end(int fd, bool write)
{
	return cpu_sync(fd, DMA_BUF_SYNC_END | (write ? DMA_BUF_SYNC_RW : DMA_BUF_SYNC_READ));
}

const char *dmabuf_heaps(char *buf, size_t n)
{
	struct dirent *de;
	size_t len = 0;
	DIR *d;

	buf[0] = '\0';
	d = opendir(DMA_HEAP_DIR);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		len += snprintf(buf + len, len < n ? n - len : 0, "%s%s",
				len ? ", " : "", de->d_name);
		if (len >= n)
			break;
	}
	if (d)
		closedir(d);
	if (!buf[0])
		snprintf(buf, n, "none");
	return buf;
}
