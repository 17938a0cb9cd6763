/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * alloc SIZE [--map] [--fill SEED] [--hold]: a buffer of the driver's (a GEM
 * object on the accel interface, a dma-buf on the legacy one), its dma-buf
 * fd, and where a DSP process sees it.
 */
#include <inttypes.h>
#include <unistd.h>

#include "tools-common.h"
#include "mem.h"

int cmd_alloc(const struct mem_opts *o)
{
	struct fastrpc_session *session = NULL;
	struct fastrpc_buffer *buf = NULL;
	struct fastrpc_device *dev;
	struct dmabuf_info info;
	uint64_t dsp_addr = 0;
	bool mapped = false;
	int fd = -1, status;

	if (o->given & OPTF_HOLD)
		hold_prepare();
	dev = mem_open_domain(o);
	status = mem_buffer_new(dev, o->size, &buf);
	if (!status)
		status = mem_buffer_export(buf, &fd, &info);
	if (!status && (o->given & OPTF_FILL))
		status = mem_buffer_fill(buf, fd, fastrpc_buffer_get_size(buf), o->seed);
	if (!status && (o->given & OPTF_MAP)) {
		status = mem_session(dev, o, &session);
		if (!status)
			status = mem_map(session, buf, fastrpc_buffer_get_size(buf), &dsp_addr);
		mapped = !status;
	}
	if (status)
		goto out;

	report_device(dev);
	report_buffer(dev, buf, fd, &info);
	if (o->given & OPTF_FILL)
		print_uint("seed", "pattern seed: %" PRIu64 "\n", o->seed);
	if (mapped)
		report_map(session, dsp_addr);
	if (o->given & OPTF_HOLD)
		status = hold_report();
out:
	if (mapped && fastrpc_buffer_unmap(session, buf, dsp_addr) && !status)
		print_err(NULL, "cannot unmap the buffer from the DSP process (it ends with "
			  "the process all the same)");
	fastrpc_session_free(session);
	if (fd >= 0)
		close(fd);
	fastrpc_buffer_free(buf);
	fastrpc_device_close(dev);
	return status;
}
