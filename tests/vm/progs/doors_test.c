// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * doors_test: the accel node and the legacy node of one domain are two
 * doors to one driver.  The same scenario (a user PD from the shell ELF;
 * null, echo, sum; an echo through a dma-buf passed by its pages; a
 * mapping into the DSP process and its removal) runs through each and
 * must give the same results; a buffer of either door works on the other;
 * a listener's next2 left pending on the DSP ends when the process exits,
 * as real programs expect.  For the lab, on cdsp, with our driver.
 *
 * usage: doors_test SHELL_ELF
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>
#include <misc/fastrpc.h>

#include "labtest.h"
#include "shell_proto.h"

#define PAGE		4096
#define BUF_SIZE	(4 * PAGE)
#define LEGACY_NODE	"/dev/fastrpc-cdsp"
#define ADD_PAGES	0x1000
#define SC(m, in, out)	DRM_FASTRPC_SCALARS(m, in, out, 0, 0)

/* The static handles of legacy-clients.md that vdspd answers. */
#define LISTENER1	7
#define LISTENER_INIT2	5
#define LISTENER_NEXT2	6
#define PROCESS1	4
#define PROCESS_EXIT	2
#define AEE_EBADSTATE_RV ((int)0x8000040d)

/* One door: how to start a session, call, pass a buffer, map. */
struct door {
	const char *name;
	int fd;
	bool legacy;
	int buf_fd;		/* a dma-buf: legacy passes it by fd */
	uint32_t gem;		/* accel passes it as a GEM handle */
	unsigned char *map;	/* its CPU mapping */
};

static char record[2][4096];

static void note(int door, const char *what, long long v)
{
	size_t len = strlen(record[door]);

	snprintf(record[door] + len, sizeof(record[door]) - len, "%s=%lld\n", what, v);
}

/* A legacy call: 0, -errno, or the DSP's error as upstream returns it. */
static int lcall(int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);

	/* A DSP error is no errno: it is returned as it is. */
	return ret == -1 ? -errno : ret;
}

/* Call @method with up to two buffers; @dma selects which pass by pages. */
static int call(struct door *d, uint32_t method, void *in, size_t inlen, void *out,
		size_t outlen, int dma_in, int dma_out)
{
	unsigned int nin = in ? 1 : 0, nout = out ? 1 : 0, i = 0;

	if (d->legacy) {
		struct fastrpc_invoke_args a[2];
		struct fastrpc_invoke inv = { .handle = LAB_SKEL_HANDLE,
					      .sc = SC(method, nin, nout),
					      .args = (uintptr_t)a };

		if (in)
			a[i++] = (struct fastrpc_invoke_args){ (uintptr_t)in, inlen,
							       dma_in ? d->buf_fd : -1, 0 };
		if (out)
			a[i++] = (struct fastrpc_invoke_args){ (uintptr_t)out, outlen,
							       dma_out ? d->buf_fd : -1, 0 };
		return lcall(d->fd, FASTRPC_IOCTL_INVOKE, &inv);
	} else {
		struct drm_fastrpc_invoke_arg a[2];
		int32_t rv = 0;
		int ret;

		if (in)
			a[i++] = dma_in ?
				(struct drm_fastrpc_invoke_arg){ .handle = d->gem, .size = inlen,
					.offset = (unsigned char *)in - d->map,
					.flags = DRM_FASTRPC_ARG_GEM } :
				(struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)in, .size = inlen };
		if (out)
			a[i++] = dma_out ?
				(struct drm_fastrpc_invoke_arg){ .handle = d->gem, .size = outlen,
					.offset = (unsigned char *)out - d->map,
					.flags = DRM_FASTRPC_ARG_GEM } :
				(struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)out, .size = outlen };
		ret = invoke_handle(d->fd, LAB_SKEL_HANDLE, SC(method, nin, nout), i ? a : NULL,
				    &rv);
		return ret ? ret : rv;
	}
}

static int start(struct door *d)
{
	if (d->legacy) {
		struct fastrpc_init_create c = { .filelen = lab_shell_size,
						 .file = (uintptr_t)lab_shell };

		return lcall(d->fd, FASTRPC_IOCTL_INIT_CREATE, &c);
	} else {
		struct drm_fastrpc_session_create s = {
			.type = DRM_FASTRPC_SESSION_USER_PD,
			.shell_ptr = (uintptr_t)lab_shell,
			.shell_size = lab_shell_size,
		};

		return xioctl(d->fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s);
	}
}

/* Map the buffer's first page into the DSP process, then take it back. */
static int map_unmap(struct door *d, uint64_t *addr)
{
	int ret;

	if (d->legacy) {
		struct fastrpc_mem_map m = { .fd = d->buf_fd, .length = PAGE,
					     .vaddrin = (uintptr_t)d->map };
		struct fastrpc_mem_unmap u = { .fd = d->buf_fd };

		ret = lcall(d->fd, FASTRPC_IOCTL_MEM_MAP, &m);
		if (ret)
			return ret;
		*addr = m.vaddrout;
		u.vaddr = m.vaddrout;
		u.length = PAGE;
		return lcall(d->fd, FASTRPC_IOCTL_MEM_UNMAP, &u);
	} else {
		struct drm_fastrpc_map m = { .handle = d->gem, .size = PAGE };
		struct drm_fastrpc_unmap u = { .handle = d->gem };

		ret = xioctl(d->fd, DRM_IOCTL_FASTRPC_MAP, &m);
		if (ret)
			return ret;
		*addr = m.dsp_addr;
		u.dsp_addr = m.dsp_addr;
		return xioctl(d->fd, DRM_IOCTL_FASTRPC_UNMAP, &u);
	}
}

/* The scenario, recorded; every step also a check of its own. */
static void scenario(int idx, struct door *d)
{
	uint32_t words[4] = { 1, 2, 3, 4294967295u };
	unsigned char in[300], out[300];
	uint64_t sum = 0, addr = 0;
	char what[64];
	int ret;

	snprintf(what, sizeof(what), "%s: a user PD from the shell", d->name);
	ret = start(d);
	expect_err("doors", what, ret, 0);
	note(idx, "create", ret);
	if (ret)
		return;

	ret = call(d, LAB_METHOD_NULL, NULL, 0, NULL, 0, 0, 0);
	note(idx, "null", ret);
	memset(in, 0x5c, sizeof(in));
	memset(out, 0, sizeof(out));
	ret = call(d, LAB_METHOD_ECHO, in, sizeof(in), out, sizeof(out), 0, 0);
	note(idx, "echo", ret);
	note(idx, "echo bytes", !memcmp(in, out, sizeof(out)));
	ret = call(d, LAB_METHOD_SUM, words, sizeof(words), &sum, sizeof(sum), 0, 0);
	note(idx, "sum", ret);
	note(idx, "sum value", (long long)sum);

	/* In by pages from one offset of the buffer, out by pages at another. */
	memset(d->map + 100, 0xa7, 700);
	memset(d->map + 2 * PAGE + 36, 0, 700);
	ret = call(d, LAB_METHOD_ECHO, d->map + 100, 700, d->map + 2 * PAGE + 36, 700, 1, 1);
	note(idx, "echo by pages", ret);
	note(idx, "echo by pages bytes",
	     d->map[2 * PAGE + 36] == 0xa7 && d->map[2 * PAGE + 735] == 0xa7);

	ret = map_unmap(d, &addr);
	note(idx, "map and unmap", ret);
	note(idx, "map gave an address", addr != 0);
}

/* A buffer of either door passed through the other. */
static void test_cross(void)
{
	struct fastrpc_alloc_dma_buf a = { .fd = -1, .size = BUF_SIZE };
	struct drm_prime_handle p = { .flags = DRM_CLOEXEC | DRM_RDWR };
	struct door ad = { .name = "accel" }, ld = { .name = "legacy", .legacy = true }, d;
	int accel, legacy, ret;
	unsigned char *m;

	ad.fd = accel = open_domain("cdsp");
	ld.fd = legacy = open(LEGACY_NODE, O_RDONLY | O_NONBLOCK);
	ret = accel < 0 ? accel : legacy < 0 ? -errno : start(&ad);
	if (!ret)
		ret = start(&ld);
	expect_err("doors", "a session on each node", ret, 0);
	if (ret)
		goto out;

	/* ALLOC_DMA_BUFF's buffer, imported on the accel node as a GEM object. */
	ret = lcall(legacy, FASTRPC_IOCTL_ALLOC_DMA_BUFF, &a);
	expect_err("doors", "legacy allocates a buffer", ret, 0);
	if (!ret) {
		m = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, a.fd, 0);
		p.fd = a.fd;
		ret = m == MAP_FAILED ? -errno : xioctl(accel, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);
		expect_err("doors", "the accel node imports it", ret, 0);
		if (!ret) {
			d = (struct door){ .name = "accel", .fd = accel, .gem = p.handle, .map = m };
			memset(m, 0x31, 500);
			memset(m + PAGE, 0, 500);
			ret = call(&d, LAB_METHOD_ECHO, m, 500, m + PAGE, 500, 1, 1);
			report(!ret && m[PAGE] == 0x31 && m[PAGE + 499] == 0x31, "doors",
			       "the legacy buffer serves as a GEM argument", "%s", ename(ret));
		}
		if (m != MAP_FAILED)
			munmap(m, BUF_SIZE);
		close(a.fd);
	}

	/* A GEM object, exported, passed by fd on the legacy node. */
	{
		struct drm_fastrpc_gem_create g = { .size = BUF_SIZE };
		struct drm_prime_handle e = { .flags = DRM_CLOEXEC | DRM_RDWR };

		ret = xioctl(accel, DRM_IOCTL_FASTRPC_GEM_CREATE, &g);
		if (!ret) {
			e.handle = g.handle;
			ret = xioctl(accel, DRM_IOCTL_PRIME_HANDLE_TO_FD, &e);
		}
		expect_err("doors", "the accel node exports a GEM object", ret, 0);
		if (ret)
			goto out;
		m = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, e.fd, 0);
		if (m == MAP_FAILED) {
			report(false, "doors", "the exported object maps", "%s", strerror(errno));
			close(e.fd);
			goto out;
		}
		d = (struct door){ .name = "legacy", .fd = legacy, .legacy = true, .buf_fd = e.fd,
				   .map = m };
		memset(m + 8, 0x62, 300);
		memset(m + 3 * PAGE, 0, 300);
		ret = call(&d, LAB_METHOD_ECHO, m + 8, 300, m + 3 * PAGE, 300, 1, 1);
		report(!ret && m[3 * PAGE] == 0x62 && m[3 * PAGE + 299] == 0x62, "doors",
		       "the GEM object serves as a legacy dma-buf argument", "%s", ename(ret));
		munmap(m, BUF_SIZE);
		close(e.fd);
	}
out:
	if (legacy >= 0)
		close(legacy);
	if (accel >= 0)
		close(accel);
}

struct next2 {
	int fd;
	int ret;
};

/* The listener's wait for a reverse call, which never comes here. */
static void *listener_next2(void *arg)
{
	struct next2 *n = arg;
	uint32_t in0[4] = { 0, 0, 0, 64 };
	unsigned char out0[16], out1[64];
	struct fastrpc_invoke_args a[4] = {
		{ (uintptr_t)in0, sizeof(in0), -1, 0 },
		{ 0, 0, -1, 0 },
		{ (uintptr_t)out0, sizeof(out0), -1, 0 },
		{ (uintptr_t)out1, sizeof(out1), -1, 0 },
	};
	struct fastrpc_invoke inv = { .handle = LISTENER1,
				      .sc = SC(LISTENER_NEXT2, 2, 2), .args = (uintptr_t)a };

	n->ret = lcall(n->fd, FASTRPC_IOCTL_INVOKE, &inv);
	return NULL;
}

/* What a real program does at its end: exit while next2 waits. */
static void test_listener(void)
{
	struct fastrpc_invoke init = { .handle = LISTENER1, .sc = SC(LISTENER_INIT2, 0, 0) };
	struct fastrpc_invoke ex = { .handle = PROCESS1, .sc = SC(PROCESS_EXIT, 0, 0) };
	struct door d = { .name = "legacy", .legacy = true };
	struct next2 n = { .ret = 1 };
	pthread_t t;
	int ret;

	d.fd = open(LEGACY_NODE, O_RDONLY | O_NONBLOCK);
	if (d.fd < 0) {
		report(false, "listener", "open " LEGACY_NODE, "%s", strerror(errno));
		return;
	}
	ret = start(&d);
	if (!ret)
		ret = lcall(d.fd, FASTRPC_IOCTL_INVOKE, &init);
	expect_err("listener", "init2 on a new process", ret, 0);
	if (ret) {
		close(d.fd);
		return;
	}
	n.fd = d.fd;
	pthread_create(&t, NULL, listener_next2, &n);
	usleep(500 * 1000);
	report(n.ret == 1, "listener", "next2 waits on the DSP", "it returned %s", ename(n.ret));
	expect_err("listener", "exit while next2 waits", lcall(d.fd, FASTRPC_IOCTL_INVOKE, &ex), 0);
	pthread_join(t, NULL);
	report(n.ret == AEE_EBADSTATE_RV, "listener", "exit ends next2 with AEE_EBADSTATE",
	       "it returned %#x", (unsigned int)n.ret);
	close(d.fd);
}

/* GET_DSP_INFO reads vdspd's documented table (sim/vdspd/README.md). */
static void test_caps(void)
{
	static const struct { const char *node; uint32_t domain, id, want; const char *what; }
	cases[] = {
		{ LEGACY_NODE, 3, 1, 1, "cdsp runs unsigned PDs (attribute 1)" },
		{ LEGACY_NODE, 3, 3, 4, "cdsp has four 128-byte HVX units (attribute 3)" },
		{ LEGACY_NODE, 3, 6, 0x68, "cdsp is a v68 (attribute 6)" },
		{ LEGACY_NODE, 3, 0, 0, "attribute 0 is the driver's, 0" },
		{ "/dev/fastrpc-adsp", 0, 1, 0, "adsp runs no unsigned PDs" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fastrpc_ioctl_capability cap = { .domain = cases[i].domain,
							.attribute_id = cases[i].id };
		int fd = open(cases[i].node, O_RDONLY | O_NONBLOCK), ret;

		ret = fd < 0 ? -errno : lcall(fd, FASTRPC_IOCTL_GET_DSP_INFO, &cap);
		expect_value("caps", cases[i].what, ret, cap.capability, cases[i].want);
		if (fd >= 0)
			close(fd);
	}
}

/* The same table through the accel door's QUERY DSP_ATTR. */
static void test_accel_attrs(int accel)
{
	static const uint32_t ids[] = { 0, 1, 3, 4, 5, 6, 255 };
	struct drm_fastrpc_query q;
	uint64_t caps = 0;
	char what[96];
	unsigned int i;
	int fd, ret;

	ret = query(accel, DRM_FASTRPC_PARAM_CAPS, &caps);
	expect_value("caps", "accel: CAPS has DSP_ATTR", ret, !!(caps & DRM_FASTRPC_CAP_DSP_ATTR), 1);
	fd = open(LEGACY_NODE, O_RDONLY | O_NONBLOCK);
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct fastrpc_ioctl_capability cap = { .domain = 3, .attribute_id = ids[i] };

		q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DSP_ATTR, .index = ids[i] };
		ret = xioctl(accel, DRM_IOCTL_FASTRPC_QUERY, &q);
		if (fd < 0 || lcall(fd, FASTRPC_IOCTL_GET_DSP_INFO, &cap))
			cap.capability = ~0u;
		snprintf(what, sizeof(what), "accel: DSP_ATTR %u is GET_DSP_INFO's", ids[i]);
		expect_value("caps", what, ret, q.value, cap.capability);
	}
	if (fd >= 0)
		close(fd);
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DSP_ATTR, .index = 256 };
	expect_err("caps", "accel: DSP_ATTR 256", xioctl(accel, DRM_IOCTL_FASTRPC_QUERY, &q), -EINVAL);
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DSP_ATTR, .index = 1, .flags = 1 };
	expect_err("caps", "accel: DSP_ATTR with flags", xioctl(accel, DRM_IOCTL_FASTRPC_QUERY, &q),
		   -EINVAL);
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DSP_ATTR, .index = 1,
					.data_size = 4 };
	expect_err("caps", "accel: DSP_ATTR with data_size", xioctl(accel, DRM_IOCTL_FASTRPC_QUERY, &q),
		   -EINVAL);
	/* Other parameters keep index 0. */
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_CAPS, .index = 1 };
	expect_err("caps", "accel: CAPS with index 1", xioctl(accel, DRM_IOCTL_FASTRPC_QUERY, &q),
		   -EINVAL);
}

/* A legacy file's fdinfo names its domain, and its session once it has one. */
static void test_fdinfo(void)
{
	struct door d = { .name = "legacy", .legacy = true };
	char path[64];
	int fd = open(LEGACY_NODE, O_RDONLY | O_NONBLOCK);

	if (fd < 0) {
		report(false, "fdinfo", "open " LEGACY_NODE, "%s", strerror(errno));
		return;
	}
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	report(file_has(path, "fastrpc-domain:\tcdsp"), "fdinfo",
	       "a legacy file names its domain", "no fastrpc-domain line in %s", path);
	report(!file_has(path, "fastrpc-session-type"), "fdinfo",
	       "a legacy file without a session shows none", "a session line in %s", path);
	d.fd = fd;
	if (!start(&d)) {
		report(file_has(path, "fastrpc-session-type:\tuser-pd"), "fdinfo",
		       "a legacy file with a session shows it", "no session line in %s", path);
		report(file_has(path, "fastrpc-client-id:"), "fdinfo",
		       "a legacy file's session shows its client id", "no client id in %s", path);
	} else {
		report(false, "fdinfo", "a legacy session starts", "it did not");
	}
	close(fd);
}

static int buffer_for(struct door *d, int accel)
{
	struct drm_fastrpc_gem_create g = { .size = BUF_SIZE };
	struct drm_prime_handle e = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int ret;

	/* Both doors get the same kind of buffer: a GEM object of the domain. */
	ret = xioctl(accel, DRM_IOCTL_FASTRPC_GEM_CREATE, &g);
	if (!ret) {
		e.handle = g.handle;
		ret = xioctl(accel, DRM_IOCTL_PRIME_HANDLE_TO_FD, &e);
	}
	if (ret)
		return ret;
	d->buf_fd = e.fd;
	d->map = mmap(NULL, BUF_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, e.fd, 0);
	if (d->map == MAP_FAILED)
		return -errno;
	if (!d->legacy) {
		struct drm_prime_handle p = { .fd = e.fd };

		ret = xioctl(d->fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &p);
		d->gem = p.handle;
	}
	return ret;
}

int main(int argc, char **argv)
{
	struct door doors[2] = {
		{ .name = "accel" },
		{ .name = "legacy", .legacy = true },
	};
	int accel, i, ret;

	if (argc < 2) {
		fprintf(stderr, "usage: doors_test SHELL_ELF\n");
		return 2;
	}
	if (lab_load_shell("doors_test", argv[1]))
		return 1;

	accel = open_domain("cdsp");
	doors[0].fd = open_domain("cdsp");
	doors[1].fd = open(LEGACY_NODE, O_RDONLY | O_NONBLOCK);
	if (accel < 0 || doors[0].fd < 0 || doors[1].fd < 0) {
		report(false, "doors", "open both nodes of cdsp", "%s, %s",
		       ename(doors[0].fd), doors[1].fd < 0 ? strerror(errno) : "ok");
		return report_counts();
	}

	for (i = 0; i < 2; i++) {
		ret = buffer_for(&doors[i], accel);
		expect_err("doors", doors[i].legacy ? "legacy: a buffer" : "accel: a buffer",
			   ret, 0);
		if (!ret)
			scenario(i, &doors[i]);
	}
	report(!strcmp(record[0], record[1]) && record[0][0], "doors",
	       "the scenario gives the same results through both nodes",
	       "accel:\n%slegacy:\n%s", record[0], record[1]);
	printf("doors_test: results:\n%s", record[0]);

	for (i = 0; i < 2; i++) {
		if (doors[i].map && doors[i].map != MAP_FAILED)
			munmap(doors[i].map, BUF_SIZE);
		if (doors[i].buf_fd > 0)
			close(doors[i].buf_fd);
		close(doors[i].fd);
	}

	test_cross();
	test_listener();
	test_caps();
	test_accel_attrs(accel);
	test_fdinfo();
	close(accel);
	return report_counts();
}
