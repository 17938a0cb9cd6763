/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tool's buffers: allocated, exported and mapped for the CPU, with what went wrong. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

int mem_buffer_new(struct fastrpc_device *dev, uint64_t size, struct fastrpc_buffer **buf)
{
	char text[32];
	int ret;

	ret = fastrpc_buffer_new(dev, size, buf);
	if (!ret)
		return EXIT_OK;
	size_str(size, text, sizeof(text));
	if (ret == -ENOSPC)
		print_err("a smaller SIZE, free buffers this user holds (any process, either node), or raise /sys/module/fastrpc_accel/parameters/max_user_bytes",
			  "cannot allocate %s on %s: over the driver's limit for one user",
			  text, fastrpc_device_get_domain(dev));
	else if (ret == -ENOMEM)
		print_err("a smaller SIZE",
			  "cannot allocate %s on %s: out of memory", text,
			  fastrpc_device_get_domain(dev));
	else
		print_err(NULL, "cannot allocate %s on %s: %s", text,
			  fastrpc_device_get_domain(dev), tool_strerror(ret, 0));
	return EXIT_FAIL;
}

int mem_buffer_export(struct fastrpc_buffer *buf, int *fd, struct dmabuf_info *info)
{
	int ret;

	ret = fastrpc_buffer_export(buf, fd);
	if (ret) {
		print_err(NULL, "cannot export the buffer as a dma-buf: %s", tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	ret = dmabuf_info(*fd, info);
	if (ret) {
		print_err(NULL, "cannot read what dma-buf fd %d is: %s", *fd, strerror(-ret));
		close(*fd);
		*fd = -1;
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int mem_buffer_fill(struct fastrpc_buffer *buf, int fd, uint64_t size, uint32_t seed)
{
	void *data;
	int ret;

	ret = fastrpc_buffer_mmap(buf, &data);
	if (ret) {
		print_err(NULL, "cannot map the buffer for the CPU: %s", strerror(-ret));
		return EXIT_FAIL;
	}
	dmabuf_cpu_begin(fd, true);
	pattern_fill(data, size, seed);
	dmabuf_cpu_end(fd, true);
	return EXIT_OK;
}
