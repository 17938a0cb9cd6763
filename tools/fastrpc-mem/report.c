/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The fields every command reports the same way. */
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

static bool started;

void report_begin(void)
{
	started = true;
}

bool report_started(void)
{
	return started;
}

void report_device(struct fastrpc_device *dev)
{
	report_begin();
	print_string("domain", "domain:       %s\n", fastrpc_device_get_domain(dev));
	print_string("interface", "interface:    %s\n",
		     fastrpc_interface_name(fastrpc_device_get_interface(dev)));
	print_string("node", "node:         %s\n", fastrpc_device_get_path(dev));
	print_string("driver", "driver:       %s\n", fastrpc_device_get_driver(dev));
}

void report_size(const char *key, const char *label, uint64_t bytes)
{
	char text[32], line[64];

	print_uint(key, NULL, bytes);
	snprintf(line, sizeof(line), "%-13s %%s\n", label);
	print_string(NULL, line, size_str(bytes, text, sizeof(text)));
}

void report_dmabuf(int fd, const struct dmabuf_info *info)
{
	print_int("dmabuf_fd", "dma-buf fd:   %" PRId64 "\n", fd);
	print_uint("dmabuf_inode", "dma-buf ino:  %" PRIu64 "\n", info->inode);
	print_string("exporter", "exporter:     %s\n", info->exporter);
}

void report_buffer(struct fastrpc_device *dev, struct fastrpc_buffer *buf, int fd,
		   const struct dmabuf_info *info)
{
	print_int("pid", "pid:          %" PRId64 "\n", getpid());
	report_size("size", "size:", fastrpc_buffer_get_size(buf));
	print_bool("gem", "gem object:   %s\n",
		   fastrpc_device_get_interface(dev) == FASTRPC_INTERFACE_ACCEL);
	report_dmabuf(fd, info);
}

void report_map(struct fastrpc_session *session, uint64_t dsp_addr)
{
	print_uint("dsp_addr", "dsp address:  0x%" PRIx64 "\n", dsp_addr);
	print_uint("client_id", "client id:    %" PRIu64 "\n",
		   fastrpc_session_get_client_id(session));
}
