/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The domain, the DSP process and its maps and skeleton, with what went wrong. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tools-common.h"
#include "mem.h"

#define LEGACY_HINT "-I legacy (dma-buf fds work on both drivers), or bind the DSP " \
		    "to fastrpc_accel (Documentation/accel/fastrpc/legacy.rst)"

/*
 * With -I accel on a domain whose only nodes are the misc driver's, say so:
 * open_domain() would only say the domain was not found.
 */
static void explain_no_accel(const char *domain)
{
	struct fastrpc_node **nodes;
	char misc[PATH_MAX] = "";
	bool accel = false;
	size_t n, i;

	if (strchr(domain, '/') || fastrpc_scan(&nodes, &n))
		return;
	for (i = 0; i < n; i++) {
		if (strcmp(fastrpc_node_get_domain(nodes[i]), domain))
			continue;
		if (fastrpc_node_get_interface(nodes[i]) == FASTRPC_INTERFACE_ACCEL)
			accel = true;
		else if (!strcmp(fastrpc_node_get_driver(nodes[i]), "fastrpc") && !misc[0])
			snprintf(misc, sizeof(misc), "%s", fastrpc_node_get_path(nodes[i]));
	}
	fastrpc_scan_free(nodes, n);
	if (!accel && misc[0])
		die(EXIT_NO_DEVICE, LEGACY_HINT,
		    "domain '%s' has no accel interface: %s is served by the misc driver "
		    "(fastrpc), which has no GEM objects", domain, misc);
}

struct fastrpc_device *mem_open_domain(const struct mem_opts *o)
{
	if (o->iface == FASTRPC_INTERFACE_ACCEL)
		explain_no_accel(o->domain ? o->domain : "cdsp");
	return open_domain(o->domain, o->iface);
}

int mem_session(struct fastrpc_device *dev, const struct mem_opts *o,
		struct fastrpc_session **session)
{
	const char *shell = o->shell ? o->shell : "the default shell";
	bool misc = !strcmp(fastrpc_device_get_driver(dev), "fastrpc");
	const char *reason = NULL;
	int ret;

	ret = fastrpc_session_new(dev, o->shell, 0, session, &reason);
	if (!ret)
		return EXIT_OK;
	if (ret == -ENOENT && !o->shell)
		print_err("-s PATH, or set FASTRPC_SHELL",
			  "cannot start a DSP process: no shell fastrpc_shell_%u found",
			  fastrpc_device_get_domain_id(dev));
	else if (ret == -ENOENT)
		print_err("-s PATH to the shell ELF", "cannot start a DSP process: no shell '%s'",
			  shell);
	else if (ret == -ENOEXEC)
		print_err("-s PATH to a Hexagon (QDSP6) executable",
			  "cannot use shell '%s': %s", shell, reason ? reason : "not a shell");
	else if (ret == -ENODEV || ret == -ECONNRESET)
		print_err("dmesg | grep -i fastrpc (did the DSP restart?)",
			  "cannot start a DSP process on %s: %s", fastrpc_device_get_domain(dev),
			  tool_strerror(ret, 0));
	else if (ret == -EBUSY)
		print_err(misc ? "fewer FastRPC programs at once: the misc driver takes a "
			  "session slot for every open file" : "fastrpc-ctl info shows the free sessions",
			  "cannot start a DSP process from %s: %s", shell, tool_strerror(ret, 0));
	else
		print_err(NULL, "cannot start a DSP process from %s: %s", shell,
			  tool_strerror(ret, 0));
	return ret == -ENODEV ? EXIT_NO_DEVICE : EXIT_FAIL;
}

int mem_map(struct fastrpc_session *session, struct fastrpc_buffer *buf,
	    size_t size, uint64_t *dsp_addr)
{
	int ret = fastrpc_buffer_map(session, buf, 0, size, 0, dsp_addr);

	if (!ret)
		return EXIT_OK;
	if (ret == -EINVAL)
		print_err("a buffer of the driver's (fastrpc-mem alloc), or, without an IOMMU, "
			  "one physically contiguous (a heap's in 64 KiB multiples, udmabuf of one page)",
			  "cannot map %zu bytes into the DSP process: the driver refused the "
			  "buffer (it cannot reach it in one piece?)", size);
	else
		return mem_call_failed("map the buffer into the DSP process", ret, 0);
	return EXIT_FAIL;
}

int mem_open_skel(struct fastrpc_session *session, const char *name, uint32_t *handle)
{
	const char *path = fastrpc_device_get_search_path(fastrpc_session_get_device(session));
	char dlerror[256], hint[512];
	int32_t retval = 0;
	int ret;

	ret = fastrpc_session_open_skel(session, name, handle, dlerror, sizeof(dlerror),
					&retval);
	if (!ret)
		return EXIT_OK;
	if (ret == -EREMOTEIO) {
		/* The DSP reads lib<name>_skel.so from this machine: say where it looked. */
		snprintf(hint, sizeof(hint), "install the test skeleton liblab_skel.so "
			 "(built with this project: examples/README.md) into a directory of the "
			 "search path '%s', or --skel NAME of a skeleton with the test skeleton's "
			 "echo, FILL and CHECK methods", path ? path : "");
		print_err(hint, "cannot open skeleton '%s': %s%s%s%s; verifying needs the test "
			  "skeleton", name, tool_strerror(ret, retval),
			  dlerror[0] ? " (the DSP says: " : "", dlerror, dlerror[0] ? ")" : "");
		return EXIT_DSP_ERROR;
	}
	return mem_call_failed("open the skeleton", ret, retval);
}

int mem_call_failed(const char *what, int ret, int32_t retval)
{
	const char *hint = ret == -ENODEV || ret == -ECONNRESET ?
			   "dmesg | grep -i fastrpc (did the DSP restart?)" : NULL;

	print_err(hint, "cannot %s: %s", what, tool_strerror(ret, retval));
	if (ret == -EREMOTEIO)
		return EXIT_DSP_ERROR;
	return EXIT_FAIL;
}
