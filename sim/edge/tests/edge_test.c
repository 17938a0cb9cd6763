// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Black-box test of the edge (sim/edge), for the lab guest:
 *
 *   edge_test DOMAIN        the device-tree node, then the character device
 *                           and the state attribute (sim/edge/vdsp_edge.h)
 *   edge_test --dt DOMAIN   the device-tree node only
 *
 * The node is read from /sys/firmware/devicetree/base and checked against
 * the parameters vdsp_edge was loaded with (/sys/module/vdsp_edge/
 * parameters): label, qcom,non-secure-domain (secure=), qcom,vmids (vmids=),
 * the context banks and their qcom,nsessions (cbs=, nsessions=,
 * nsessions_of=), and with smmu= the virtual SMMU's node and each bank's
 * iommus, and with heap_kb= the remote-heap carveout's node and the
 * node's memory-region.
 *
 * Needs root and vdsp_edge loaded with DOMAIN; without --dt, no vdspd
 * serving DOMAIN (it takes the device for itself): it takes the domain down
 * and up, so a driver bound to it is removed and probed again, and leaves
 * it up.  One line per test, "PASS: edge DOMAIN: <what>" or
 * "FAIL: edge DOMAIN: <what>: <why>", then "N passed, N failed"; exit
 * status 0 only if all passed, 2 on a usage error.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vdsp_edge.h"

static int passed, failed;
static char group[32];	/* "edge DOMAIN" */
static char state_path[128];
static char faults_path[128];

static void result(bool ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void result(bool ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("PASS: %s: %s\n", group, name);
	} else {
		failed++;
		printf("FAIL: %s: %s: ", group, name);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

static int set_state(const char *s)
{
	int fd = open(state_path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	n = n < 0 ? -errno : 0;
	close(fd);
	return (int)n;
}

static void get_state(char *buf, size_t len)
{
	int fd = open(state_path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

/* Next event that is not a driver message (those are skipped). */
static int next_event(int fd, struct vdsp_edge_event *ev)
{
	uint8_t buf[sizeof(*ev) + VDSP_EDGE_MAX_MSG];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		memcpy(ev, buf, sizeof(*ev));
		if (ev->type != VDSP_EDGE_EV_MSG)
			return 0;
	}
}

/* Overridable at build time, to try the checks on a fake tree. */
#ifndef DT_BASE
#define DT_BASE		"/sys/firmware/devicetree/base"
#endif
#ifndef EDGE_PARAMS
#define EDGE_PARAMS	"/sys/module/vdsp_edge/parameters/"
#endif

/* Up to @len bytes of a file into @buf; the count, or -1 if unreadable. */
static ssize_t read_file(const char *path, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len);
	close(fd);
	return n;
}

/* A parameter of vdsp_edge, without the newline and the blanks ("" if none). */
static void read_param(const char *name, char *buf, size_t len)
{
	char path[128], raw[512];
	ssize_t n, i;
	size_t k = 0;

	snprintf(path, sizeof(path), EDGE_PARAMS "%s", name);
	n = read_file(path, raw, sizeof(raw) - 1);
	for (i = 0; i < n && k + 1 < len; i++)
		if (raw[i] != ' ' && raw[i] != '\t' && raw[i] != '\n')
			buf[k++] = raw[i];
	buf[k] = '\0';
}

/* A number in a sysfs file, or -1. */
static long read_count(const char *path)
{
	char buf[32];
	ssize_t n = read_file(path, buf, sizeof(buf) - 1);

	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/*
 * In a comma list of "<domain>" or "<domain>:<value>" items (as the edge's
 * parameters take them), the item for @dom: true if there is one, its
 * value (or "") copied to @val.
 */
static bool param_item(const char *list, const char *dom, char *val, size_t len)
{
	size_t n = strlen(dom);
	const char *p = list, *end;

	while (*p) {
		end = p + strcspn(p, ",");
		if (!strncmp(p, dom, n) && (p + n == end || p[n] == ':')) {
			p += n + (p[n] == ':');
			snprintf(val, len, "%.*s", (int)(end - p), p);
			return true;
		}
		p = *end ? end + 1 : end;
	}
	return false;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Does the property at @path hold exactly the u32 @v? */
static bool prop_u32_is(const char *path, uint32_t v)
{
	uint8_t b[8];

	return read_file(path, b, sizeof(b)) == 4 && be32(b) == v;
}

/* The place of @dom in the domains= list, which stream ids are made of. */
static int domain_index(const char *dom)
{
	char param[512], *tok, *save;
	int i = 0;

	read_param("domains", param, sizeof(param));
	for (tok = strtok_r(param, ",", &save); tok; tok = strtok_r(NULL, ",", &save), i++)
		if (!strcmp(tok, dom))
			return i;
	return -1;
}

static bool smmu_on(void)
{
	char param[8];

	read_param("smmu", param, sizeof(param));
	return param[0] == 'Y';
}

/*
 * With smmu=Y: /vdsp-smmu with #iommu-cells 1, and each bank's iommus
 * naming it and the stream id 0x100 * (index + 1) + reg; with N, neither.
 */
static void test_dt_smmu(const char *dom, const char *node, unsigned int cbs)
{
	char path[192];
	uint8_t b[16], ph[8];
	unsigned int sid;
	int idx = domain_index(dom);
	bool ok = idx >= 0;

	if (!smmu_on()) {
		for (sid = 1; ok && sid <= cbs; sid++) {
			snprintf(path, sizeof(path), "%s/compute-cb@%u/iommus", node, sid);
			ok = access(path, F_OK) != 0;
		}
		result(ok && access(DT_BASE "/vdsp-smmu", F_OK) != 0,
		       "DT without the SMMU (smmu=N): no iommus", "an SMMU or an iommus is there");
		return;
	}
	ok = ok && prop_u32_is(DT_BASE "/vdsp-smmu/#iommu-cells", 1) &&
	     read_file(DT_BASE "/vdsp-smmu/phandle", ph, sizeof(ph)) == 4;
	for (sid = 1; ok && sid <= cbs; sid++) {
		snprintf(path, sizeof(path), "%s/compute-cb@%u/iommus", node, sid);
		ok = read_file(path, b, sizeof(b)) == 8 && !memcmp(b, ph, 4) &&
		     be32(b + 4) == ((uint32_t)(idx + 1) << 8 | sid);
	}
	result(ok, "DT iommus of every bank name the SMMU and its stream id",
	       "compute-cb@%u (domain index %d)", sid - 1, idx);
}

/*
 * The carveout's address, from /vdsp-edge-DOMAIN/remote-heap@X; 0 if the
 * node is not there.  @size gets the size its reg says.
 */
static uint64_t dt_heap(const char *dom, uint64_t *size)
{
	char path[320];
	uint8_t reg[16];
	uint64_t addr = 0;
	struct dirent *e;
	DIR *d;

	*size = 0;
	snprintf(path, sizeof(path), DT_BASE "/vdsp-edge-%s", dom);
	d = opendir(path);
	while (d && (e = readdir(d))) {
		if (sscanf(e->d_name, "remote-heap@%" SCNx64, &addr) != 1)
			continue;
		snprintf(path, sizeof(path), DT_BASE "/vdsp-edge-%s/%s/reg", dom, e->d_name);
		if (read_file(path, reg, sizeof(reg)) == sizeof(reg) &&
		    ((uint64_t)be32(reg) << 32 | be32(reg + 4)) == addr)
			*size = (uint64_t)be32(reg + 8) << 32 | be32(reg + 12);
		break;
	}
	if (d)
		closedir(d);
	return addr;
}

/* Which domains have a carveout: with the SMMU and heap_kb, all but sdsp. */
static uint64_t heap_bytes(const char *dom)
{
	char param[16];

	read_param("heap_kb", param, sizeof(param));
	if (!smmu_on() || !strcmp(dom, "sdsp"))
		return 0;
	return strtoull(param, NULL, 0) * 1024;
}

/*
 * The carveout: /vdsp-edge-DOMAIN/remote-heap@X with reg <X heap_kb KiB>
 * and no-map, in an edge node of 2 address and 2 size cells, named by the
 * fastrpc node's memory-region; without one, no memory-region.
 */
static void test_dt_heap(const char *dom, const char *node)
{
	uint64_t want = heap_bytes(dom), size, addr = dt_heap(dom, &size);
	char path[192], edge[128];
	uint8_t mr[8], ph[8];
	bool ok;

	snprintf(path, sizeof(path), "%s/memory-region", node);
	if (!want) {
		result(!addr && access(path, F_OK) != 0,
		       "DT without a carveout: no remote-heap node, no memory-region",
		       "remote-heap at %#" PRIx64 " or a memory-region", addr);
		return;
	}
	snprintf(edge, sizeof(edge), DT_BASE "/vdsp-edge-%s", dom);
	ok = addr && size == want && read_file(path, mr, sizeof(mr)) == 4;
	snprintf(path, sizeof(path), "%s/remote-heap@%" PRIx64 "/phandle", edge, addr);
	ok = ok && read_file(path, ph, sizeof(ph)) == 4 && !memcmp(mr, ph, 4);
	snprintf(path, sizeof(path), "%s/remote-heap@%" PRIx64 "/no-map", edge, addr);
	ok = ok && access(path, F_OK) == 0;
	snprintf(path, sizeof(path), "%s/#address-cells", edge);
	ok = ok && prop_u32_is(path, 2);
	snprintf(path, sizeof(path), "%s/#size-cells", edge);
	ok = ok && prop_u32_is(path, 2);
	result(ok, "DT remote-heap carveout of heap_kb, named by memory-region",
	       "at %#" PRIx64 ", %" PRIu64 " bytes, want %" PRIu64, addr, size, want);
}

/* The domain's node against the parameters the edge was loaded with. */
static void test_dt(const char *dom)
{
	char node[128], path[192], param[512], val[512], *tok, *save;
	uint8_t buf[64], want[64];
	unsigned int cbs, nsessions, sid;
	ssize_t n, nwant = 0;
	struct stat st;
	bool ok;

	snprintf(node, sizeof(node), DT_BASE "/vdsp-edge-%s/fastrpc", dom);
	if (stat(node, &st) || !S_ISDIR(st.st_mode)) {
		result(false, "DT node in " DT_BASE, "no %s: %s", node,
		       strerror(errno));
		return;
	}
	result(true, "DT node in " DT_BASE, "%s", "");

	snprintf(path, sizeof(path), "%s/compatible", node);
	n = read_file(path, buf, sizeof(buf));
	ok = n == sizeof("qcom,fastrpc") && !memcmp(buf, "qcom,fastrpc", n);
	snprintf(path, sizeof(path), "%s/label", node);
	n = read_file(path, val, sizeof(val));
	ok = ok && n == (ssize_t)strlen(dom) + 1 && !memcmp(val, dom, n);
	result(ok, "DT compatible \"qcom,fastrpc\" and label", "wrong or missing");

	read_param("secure", param, sizeof(param));
	snprintf(path, sizeof(path), "%s/qcom,non-secure-domain", node);
	ok = param_item(param, dom, val, sizeof(val));
	result(access(path, F_OK) == 0 ? !ok : ok,
	       "DT qcom,non-secure-domain as secure= says",
	       "secure=\"%s\" but the property is %s", param,
	       ok ? "there" : "missing");

	read_param("vmids", param, sizeof(param));
	if (param_item(param, dom, val, sizeof(val)))
		for (tok = strtok_r(val, "+", &save); tok && nwant < 64;
		     tok = strtok_r(NULL, "+", &save), nwant += 4) {
			uint32_t v = (uint32_t)strtoul(tok, NULL, 0);

			want[nwant] = v >> 24;
			want[nwant + 1] = v >> 16;
			want[nwant + 2] = v >> 8;
			want[nwant + 3] = v;
		}
	snprintf(path, sizeof(path), "%s/qcom,vmids", node);
	n = read_file(path, buf, sizeof(buf));
	result(nwant ? n == nwant && !memcmp(buf, want, n) : n < 0,
	       "DT qcom,vmids as vmids= says", "vmids=\"%s\", %zd bytes in the node",
	       param, n);

	read_param("cbs", param, sizeof(param));
	cbs = (unsigned int)strtoul(param, NULL, 0);
	read_param("nsessions", param, sizeof(param));
	nsessions = (unsigned int)strtoul(param, NULL, 0);
	read_param("nsessions_of", param, sizeof(param));
	if (param_item(param, dom, val, sizeof(val)))
		nsessions = (unsigned int)strtoul(val, NULL, 0);
	ok = cbs > 0;
	for (sid = 1; ok && sid <= cbs; sid++) {
		snprintf(path, sizeof(path), "%s/compute-cb@%u/reg", node, sid);
		ok = prop_u32_is(path, sid);
		snprintf(path, sizeof(path), "%s/compute-cb@%u/compatible", node, sid);
		n = read_file(path, buf, sizeof(buf));
		ok = ok && n == sizeof("qcom,fastrpc-compute-cb") &&
		     !memcmp(buf, "qcom,fastrpc-compute-cb", n);
		snprintf(path, sizeof(path), "%s/compute-cb@%u/qcom,nsessions", node, sid);
		ok = ok && (nsessions == 1 ? access(path, F_OK) != 0 :
			    prop_u32_is(path, nsessions));
	}
	/* Stream ids 1..cbs, no more; sid is the first that differs. */
	if (ok) {
		snprintf(path, sizeof(path), "%s/compute-cb@%u", node, sid);
		ok = access(path, F_OK) != 0;
	} else {
		sid--;
	}
	result(ok, "DT context banks as cbs, nsessions and nsessions_of say",
	       "compute-cb@%u differs (cbs %u, nsessions %u)", sid, cbs, nsessions);

	test_dt_smmu(dom, node, cbs);
	test_dt_heap(dom, node);
}

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_env, 1);
}

/* Does reading *p fault with SIGBUS? */
static bool faults(volatile uint8_t *p)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	bool ret = false;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_env, 1))
		ret = true;
	else
		(void)*p;
	sigaction(SIGBUS, &old, NULL);
	return ret;
}

int main(int argc, char **argv)
{
	struct vdsp_edge_event ev;
	char path[64], st[16], big[VDSP_EDGE_MAX_MSG + 1] = { 0 };
	struct pollfd pfd;
	uint8_t *ram;
	int fd, fd2, ret;
	uint64_t heap, heap_size;
	long nfaults;
	bool dt_only, smmu;
	void *p;

	dt_only = argc == 3 && !strcmp(argv[1], "--dt");
	if (argc != 2 + dt_only || argv[argc - 1][0] == '-') {
		fprintf(stderr, "usage: edge_test [--dt] DOMAIN\n");
		return 2;
	}
	snprintf(group, sizeof(group), "edge %s", argv[argc - 1]);
	snprintf(path, sizeof(path), "/dev/vdsp-%s", argv[argc - 1]);
	snprintf(state_path, sizeof(state_path),
		 "/sys/class/misc/vdsp-%s/state", argv[argc - 1]);
	snprintf(faults_path, sizeof(faults_path),
		 "/sys/class/misc/vdsp-%s/smmu_faults", argv[argc - 1]);

	test_dt(argv[argc - 1]);
	if (dt_only) {
		printf("%d passed, %d failed\n", passed, failed);
		return failed != 0;
	}

	fd = open(path, O_RDWR | O_NONBLOCK);
	if (fd < 0) {
		result(false, "open", "%s: %s", path, strerror(errno));
		printf("%d passed, %d failed\n", passed, failed);
		return 1;
	}
	fd2 = open(path, O_RDWR);
	result(fd2 < 0 && errno == EBUSY, "a second open is refused",
	       "fd %d, %s", fd2, strerror(errno));
	if (fd2 >= 0)
		close(fd2);

	/* Whatever was queued before us. */
	while (next_event(fd, &ev) == 0)
		;
	ret = next_event(fd, &ev);
	result(ret == -EAGAIN, "empty queue -> EAGAIN", "%s", strerror(-ret));

	get_state(st, sizeof(st));
	result(!strcmp(st, "up\n"), "state reads up", "'%s'", st);
	result(set_state("sideways") == -EINVAL, "an unknown state is refused",
	       "no EINVAL");
	result(set_state("up") == 0, "up when up is a no-op", "failed");
	ret = next_event(fd, &ev);
	result(ret == -EAGAIN, "no event from a no-op", "%s", strerror(-ret));

	errno = 0;
	result(write(fd, big, 0) < 0 && errno == EINVAL, "empty write -> EINVAL",
	       "%s", strerror(errno));
	errno = 0;
	result(write(fd, big, sizeof(big)) < 0 && errno == EMSGSIZE,
	       "oversized write -> EMSGSIZE", "%s", strerror(errno));

	smmu = smmu_on();
	if (smmu) {
		/*
		 * Behind the SMMU any IOVA may be mapped, and one no bank maps
		 * faults when touched: a context fault, counted.  Bank 1, no
		 * session: nothing is mapped there.
		 */
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (1ll << 32) | 0x100000);
		nfaults = read_count(faults_path);
		result(p != MAP_FAILED && faults(p) && read_count(faults_path) == nfaults + 1,
		       "an IOVA the bank does not map is a context fault",
		       "%s", p == MAP_FAILED ? strerror(errno) : "no fault, or not counted");
		if (p != MAP_FAILED)
			munmap(p, 4096);
		/* Bank 0, physical addresses: the carveout and nothing else. */
		heap = dt_heap(argv[argc - 1], &heap_size);
		if (heap) {
			p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, heap + heap_size - 4096);
			result(p != MAP_FAILED && !faults(p),
			       "bank 0 reaches the remote-heap carveout",
			       "%s", p == MAP_FAILED ? strerror(errno) : "it faults");
			if (p != MAP_FAILED)
				munmap(p, 4096);
			p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, heap + heap_size);
			nfaults = read_count(faults_path);
			result(p != MAP_FAILED && faults(p) && read_count(faults_path) == nfaults + 1,
			       "bank 0 past the carveout is a context fault",
			       "%s", p == MAP_FAILED ? strerror(errno) : "no fault, or not counted");
			if (p != MAP_FAILED)
				munmap(p, 4096);
		}
		p = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, (2ll << 32) - 4096);
		result(p == MAP_FAILED && errno == EINVAL, "mmap across two banks -> EINVAL",
		       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	} else {
		p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0xfee00000);
		result(p == MAP_FAILED && errno == EPERM, "mmap of non-RAM -> EPERM",
		       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	}
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0x100000);
	result(p == MAP_FAILED && errno == EINVAL, "private mmap -> EINVAL",
	       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	/* Without the SMMU, physical memory; behind it, tested by every call. */
	ram = MAP_FAILED;
	if (!smmu) {
		ram = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x100000);
		result(ram != MAP_FAILED && !faults(ram), "mmap of RAM",
		       "%s", ram == MAP_FAILED ? strerror(errno) : "faults");
	}

	/* Down: a DOWN event, writes refused, DSP memory unmapped. */
	result(set_state("down") == 0, "down", "failed");
	pfd.fd = fd;
	pfd.events = POLLIN;
	result(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN),
	       "poll reports the event", "revents 0x%x", pfd.revents);
	errno = 0;
	result(read(fd, st, 4) < 0 && errno == EMSGSIZE,
	       "short read -> EMSGSIZE", "%s", strerror(errno));
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_DOWN && !ev.len,
	       "DOWN event", "ret %d type %u", ret, ev.type);
	get_state(st, sizeof(st));
	result(!strcmp(st, "down\n"), "state reads down", "'%s'", st);
	errno = 0;
	result(write(fd, big, 16) < 0 && errno == ENOTCONN,
	       "write while down -> ENOTCONN", "%s", strerror(errno));
	if (ram != MAP_FAILED)
		result(faults(ram), "down unmaps DSP memory", "still mapped");
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x100000);
	result(p == MAP_FAILED && errno == ENOTCONN, "mmap while down -> ENOTCONN",
	       "%s", p == MAP_FAILED ? strerror(errno) : "mapped");
	result(set_state("down") == 0 && next_event(fd, &ev) == -EAGAIN,
	       "down when down is a no-op", "an event or an error");

	result(set_state("up") == 0, "up", "failed");
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_UP, "UP event",
	       "ret %d type %u", ret, ev.type);
	if (ram != MAP_FAILED) {
		result(faults(ram), "a mapping from before the down stays dead",
		       "mapped again");
		munmap(ram, 4096);
	}
	if (!smmu) {
		ram = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0x100000);
		result(ram != MAP_FAILED && !faults(ram), "mmap after up",
		       "%s", ram == MAP_FAILED ? strerror(errno) : "faults");
		if (ram != MAP_FAILED)
			munmap(ram, 4096);
	}

	result(set_state("restart") == 0, "restart", "failed");
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_DOWN, "restart gives a DOWN event",
	       "ret %d type %u", ret, ev.type);
	ret = next_event(fd, &ev);
	result(!ret && ev.type == VDSP_EDGE_EV_UP, "restart then gives an UP event",
	       "ret %d type %u", ret, ev.type);
	get_state(st, sizeof(st));
	result(!strcmp(st, "up\n"), "state reads up again", "'%s'", st);

	close(fd);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
