/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * verify [SIZE] [--skel NAME]: a buffer of the driver's, mapped into a new
 * DSP process, written and checked by both sides (verify.c).
 */
#include <inttypes.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

#define PAGE	4096u

int cmd_verify(const struct mem_opts *o)
{
	uint64_t size = o->have_size ? o->size : VERIFY_SIZE, dsp_addr = 0;
	struct fastrpc_session *session = NULL;
	struct fastrpc_buffer *buf = NULL;
	struct fastrpc_device *dev;
	struct dmabuf_info info;
	bool mapped = false, opened = false;
	uint32_t handle = 0;
	int fd = -1, status;

	/* Whole pages: the DSP maps no less. */
	size = (size + PAGE - 1) & ~(uint64_t)(PAGE - 1);
	dev = mem_open_domain(o);
	status = mem_buffer_new(dev, size, &buf);
	if (!status)
		status = mem_buffer_export(buf, &fd, &info);
	if (!status)
		status = mem_session(dev, o, &session);
	if (!status) {
		status = mem_map(session, buf, size, &dsp_addr);
		mapped = !status;
	}
	if (!status) {
		status = mem_open_skel(session, o->skel, &handle);
		opened = !status;
	}
	if (status)
		goto out;

	report_device(dev);
	report_size("size", "size:", size);
	report_size("buffer_size", "buffer size:", fastrpc_buffer_get_size(buf));
	print_string("skel", "skeleton:     %s", o->skel);
	print_uint("skel_handle", " (handle 0x%" PRIx64 ")\n", handle);
	print_uint("dsp_addr", "dsp address:  0x%" PRIx64 "\n", dsp_addr);
	status = verify_buffer(session, buf, fd, size, dsp_addr, handle);
out:
	if (opened)
		fastrpc_session_close_skel(session, handle, NULL);
	if (mapped)
		fastrpc_buffer_unmap(session, buf, dsp_addr);
	fastrpc_session_free(session);
	if (fd >= 0)
		close(fd);
	fastrpc_buffer_free(buf);
	fastrpc_device_close(dev);
	return status;
}
