/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * import (--heap NAME | --udmabuf | --pid PID --fd FD | --fd FD) [SIZE]
 * [--map] [--verify] [--hold]: a dma-buf of another exporter, given to the
 * driver (fastrpc_buffer_import), and what the DSP makes of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

#define PAGE	4096u

static const char *source_name(const struct mem_opts *o)
{
	if (o->given & OPTF_HEAP)
		return "heap";
	if (o->given & OPTF_UDMABUF)
		return "udmabuf";
	return o->given & OPTF_PID ? "pid" : "fd";
}

static int from_heap(const struct mem_opts *o, int *fd)
{
	char heaps[256];
	int ret = dmabuf_from_heap(o->heap, o->size);

	if (ret >= 0) {
		*fd = ret;
		return EXIT_OK;
	}
	if (ret == -ENOENT)
		print_err(NULL, "no dma-buf heap '%s' in /dev/dma_heap (it has: %s)", o->heap,
			  dmabuf_heaps(heaps, sizeof(heaps)));
	else
		print_err(ret == -ENOMEM ? "a smaller SIZE" : NULL,
			  "cannot allocate from dma-buf heap '%s': %s", o->heap, strerror(-ret));
	return EXIT_FAIL;
}

static int from_udmabuf(const struct mem_opts *o, int *fd)
{
	int ret = dmabuf_from_udmabuf(o->size);

	if (ret >= 0) {
		*fd = ret;
		return EXIT_OK;
	}
	if (ret == -ENOENT)
		print_err("modprobe udmabuf, or --heap system",
			  "cannot import from udmabuf: /dev/udmabuf is absent (udmabuf is not "
			  "loaded, or the kernel lacks CONFIG_UDMABUF)");
	else if (ret == -E2BIG || ret == -EINVAL)
		print_err("a smaller SIZE (see /sys/module/udmabuf/parameters/size_limit_mb)",
			  "udmabuf refused %" PRIu64 " bytes: %s", o->size, strerror(-ret));
	else
		print_err(NULL, "cannot make a udmabuf: %s", strerror(-ret));
	return EXIT_FAIL;
}

static int from_pid(const struct mem_opts *o, int *fd)
{
	int ret = dmabuf_from_pid(o->pid, o->fd);

	if (ret >= 0) {
		*fd = ret;
		return EXIT_OK;
	}
	if (ret == -EPERM)
		print_err("run as root, or as its user where ptrace is allowed "
			  "(/proc/sys/kernel/yama/ptrace_scope)",
			  "cannot take fd %d of process %d: ptrace permission is needed",
			  o->fd, (int)o->pid);
	else if (ret == -ESRCH)
		print_err(NULL, "cannot take fd %d of process %d: no such process", o->fd,
			  (int)o->pid);
	else if (ret == -EBADF)
		print_err("ls -l /proc/PID/fd", "cannot take fd %d of process %d: it has no such fd",
			  o->fd, (int)o->pid);
	else if (ret == -ENOSYS)
		print_err("Linux 5.6 or later", "cannot take fd %d of process %d: the kernel has "
			  "no pidfd_getfd()", o->fd, (int)o->pid);
	else
		print_err(NULL, "cannot take fd %d of process %d: %s", o->fd, (int)o->pid,
			  strerror(-ret));
	return EXIT_FAIL;
}

/* A dma-buf fd of this process for the source, owned by the caller. */
static int open_source(const struct mem_opts *o, int *fd)
{
	if (o->given & OPTF_HEAP)
		return from_heap(o, fd);
	if (o->given & OPTF_UDMABUF)
		return from_udmabuf(o, fd);
	if (o->given & OPTF_PID)
		return from_pid(o, fd);
	/* Our own copy: the inherited fd stays the caller's. */
	*fd = fcntl(o->fd, F_DUPFD_CLOEXEC, 0);
	if (*fd >= 0)
		return EXIT_OK;
	print_err("pass one from the parent (3<FILE), or fastrpc-mem export SIZE -- "
		  "fastrpc-mem import --fd {}", "fd %d is not open here", o->fd);
	return EXIT_FAIL;
}

/* What the source's fd is, when it is no dma-buf. */
static void not_dmabuf(const struct mem_opts *o, int fd)
{
	char link[64], target[PATH_MAX] = "?";
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 0)
		target[n] = '\0';
	if (o->given & OPTF_PID)
		print_err(NULL, "fd %d of process %d is no dma-buf: it is %s", o->fd,
			  (int)o->pid, target);
	else
		print_err(NULL, "fd %d is no dma-buf: it is %s", o->fd, target);
}

/* The bytes to map and verify: SIZE, page-rounded, inside the dma-buf. */
static int range(const struct mem_opts *o, const struct dmabuf_info *info, uint64_t *use)
{
	char text[32];

	*use = o->have_size ? (o->size + PAGE - 1) & ~(uint64_t)(PAGE - 1) : info->size;
	if (*use > info->size) {
		print_err("a SIZE up to the dma-buf's, or none",
			  "SIZE is larger than the dma-buf (%s)",
			  size_str(info->size, text, sizeof(text)));
		return EXIT_USAGE;
	}
	if ((o->given & OPTF_VERIFY) && *use > VERIFY_MAX) {
		print_err("SIZE: the first 4 GiB - 4 KiB or less",
			  "the dma-buf is larger than the lab's methods take");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static void report_source(const struct mem_opts *o)
{
	print_string("source", "source:       %s", source_name(o));
	if (o->given & OPTF_HEAP)
		print_string("heap", " %s", o->heap);
	if (o->given & OPTF_PID)
		print_int("source_pid", " %" PRId64, o->pid);
	if (o->given & OPTF_FD)
		print_int("source_fd", o->given & OPTF_PID ? " fd %" PRId64 : " %" PRId64, o->fd);
	print_string(NULL, "%s", "\n");
}

int cmd_import(const struct mem_opts *o)
{
	struct fastrpc_session *session = NULL;
	struct fastrpc_buffer *buf = NULL;
	struct fastrpc_device *dev;
	struct dmabuf_info info;
	uint64_t dsp_addr = 0, use;
	bool mapped = false, opened = false;
	uint32_t handle = 0;
	int fd = -1, status, ret;

	if (o->given & OPTF_HOLD)
		hold_prepare();
	/* The source first: its errors (ptrace) say more than the domain's. */
	status = open_source(o, &fd);
	if (status)
		return status;
	ret = dmabuf_info(fd, &info);
	if (ret) {
		if (ret == -EINVAL)
			not_dmabuf(o, fd);
		else
			print_err(NULL, "cannot read what fd %d is: %s", fd, strerror(-ret));
		close(fd);
		return EXIT_FAIL;
	}
	status = range(o, &info, &use);
	if (status) {
		close(fd);
		return status;
	}

	dev = mem_open_domain(o);
	ret = fastrpc_buffer_import(dev, fd, &buf);
	if (ret) {
		print_err(NULL, "%s refused the dma-buf (exporter %s): %s",
			  fastrpc_device_get_path(dev), info.exporter, tool_strerror(ret, 0));
		status = EXIT_FAIL;
		goto out;
	}
	if (o->given & (OPTF_MAP | OPTF_VERIFY)) {
		status = mem_session(dev, o, &session);
		if (!status)
			status = mem_map(session, buf, use, &dsp_addr);
		mapped = !status;
	}
	if (status)
		goto out;

	report_source(o);
	report_device(dev);
	report_buffer(dev, buf, fd, &info);
	if (mapped)
		report_map(session, dsp_addr);
	if (o->given & OPTF_VERIFY) {
		status = mem_open_skel(session, o->skel, &handle);
		opened = !status;
		if (!status)
			status = verify_buffer(session, buf, fd, use, dsp_addr, handle);
	}
	if (!status && (o->given & OPTF_HOLD))
		status = hold_report();
out:
	if (opened)
		fastrpc_session_close_skel(session, handle, NULL);
	if (mapped)
		fastrpc_buffer_unmap(session, buf, dsp_addr);
	fastrpc_session_free(session);
	fastrpc_buffer_free(buf);
	close(fd);
	fastrpc_device_close(dev);
	return status;
}
