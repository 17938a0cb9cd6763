// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Hexagon shell over its protocol (shell_proto.h), from the host: runs
 * `QEMU SHELL` with pipes on its standard input and output and checks every
 * method, the error answers and the exit statuses.  Most cases share one
 * shell, as vdspd would, with the lab skeleton preloaded on
 * LAB_SKEL_HANDLE; the ones about exiting or mappings start their own.
 * The test plays vdspd's part for the methods that reach DSP memory (it
 * answers the shell's memory requests from regions of its own) and the
 * host listener's for reverse calls: apps_remotectl, apps_std and
 * adspmsgd_apps, serving files from a temporary directory that holds the
 * skeletons and broken copies of them.
 *
 * Usage: hexagon_shell_test QEMU SHELL LAB_SKEL CALCULATOR_SKEL INITFINI_SKEL
 * Exits 77 (skipped) when QEMU cannot be executed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "scalars.h"
#include "shell_proto.h"

#define EXIT_SKIP	77
#define MAX_OUT		4
#define MAX_REGIONS	8

#define EBADPARM	AEE_DSP_ERR(AEE_EBADPARM)
#define EUNSUPPORTED	AEE_DSP_ERR(AEE_EUNSUPPORTED)

static const char *qemu_path, *shell_path, *lab_skel_path, *calc_skel_path, *initfini_path;
static char files_dir[] = "/tmp/hexagon-shell-test.XXXXXX";

struct shell {
	pid_t pid;
	int to;		/* the shell's standard input */
	int from;	/* the shell's standard output */
};

struct buf {
	const void *ptr;
	uint32_t len;
};

struct reply {
	int32_t retval;
	uint32_t nout;
	uint32_t len[MAX_OUT];
	uint8_t *data[MAX_OUT];
	uint32_t nfree;
	uint32_t freed[SHELL_MAX_FREE];
	uint32_t nmem;		/* memory requests served on the way */
};

/* DSP memory the test serves: by DSP address (fd 0) or by handle fd. */
struct region {
	uint32_t fd;
	uint64_t base;		/* DSP address, or 0 for a handle */
	uint32_t size;
	uint8_t *mem;
};

static struct shell shared;
static struct region regions[MAX_REGIONS];

static uint32_t get32_raw(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}
static unsigned int nregions;

static void write_all(int fd, const void *buf, size_t n);

/* A whole file in memory (the test's own inputs: any failure fails the test). */
static uint8_t *slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	p = malloc((size_t)st.st_size + 1);
	assert_non_null(p);
	assert_int_equal(read(fd, p, (size_t)st.st_size), st.st_size);
	close(fd);
	*len = (size_t)st.st_size;
	return p;
}

/* What vdspd does before the first call in the lab: the lab skeleton on its handle. */
static void send_preload(int fd, uint32_t handle, const char *name, const char *path)
{
	size_t len;
	uint8_t *elf = slurp(path, &len);
	struct shell_preload rec = { SHELL_PRELOAD_MAGIC, handle, (uint32_t)strlen(name),
				     (uint32_t)len };

	write_all(fd, &rec, sizeof(rec));
	write_all(fd, name, strlen(name));
	write_all(fd, elf, len);
	free(elf);
}

/* The shell, with the lab skeleton preloaded or not, and edge_fd (or nothing) as fd 3. */
static struct shell shell_start_with(int preload_lab, int edge_fd)
{
	int in[2], out[2];
	struct shell sh;

	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	sh.pid = fork();
	assert_true(sh.pid >= 0);
	if (sh.pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(126);
		if (edge_fd >= 0 && dup2(edge_fd, SHELL_EDGE_FD) < 0)
			_exit(126);
		execl(qemu_path, qemu_path, shell_path, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	sh.to = in[1];
	sh.from = out[0];
	if (preload_lab)
		send_preload(sh.to, LAB_SKEL_HANDLE, LAB_SKEL_NAME, lab_skel_path);
	return sh;
}

static struct shell shell_start(void)
{
	return shell_start_with(1, -1);
}

/* Closes the shell's input (end of file) and returns its exit status. */
static int shell_finish(struct shell *sh)
{
	int status;

	close(sh->to);
	close(sh->from);
	if (waitpid(sh->pid, &status, 0) != sh->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n) {
		ssize_t done = write(fd, p, n);

		if (done < 0 && errno == EINTR)
			continue;
		assert_true(done > 0);
		p += done;
		n -= (size_t)done;
	}
}

/* Returns the bytes read: fewer than n only at end of file. */
static size_t read_all(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t done = read(fd, p + got, n - got);

		if (done < 0 && errno == EINTR)
			continue;
		assert_true(done >= 0);
		if (done == 0)
			break;
		got += (size_t)done;
	}
	return got;
}

static void send_header(int fd, uint32_t magic, uint32_t handle, uint32_t sc, uint32_t nbufs)
{
	struct shell_call call = { magic, handle, sc, nbufs };

	write_all(fd, &call, sizeof(call));
}

/* A well-formed call, handles as sc counts them from @hdl. */
static void send_call_h(int fd, uint32_t handle, uint32_t sc, const struct buf *in, uint32_t nin,
			const uint32_t *out_cap, uint32_t nout, const struct shell_handle *hdl)
{
	uint32_t i, nh = SC_INHANDLES(sc) + SC_OUTHANDLES(sc);

	send_header(fd, SHELL_CALL_MAGIC, handle, sc, nin + nout);
	for (i = 0; i < nin; i++)
		write_all(fd, &in[i].len, sizeof(uint32_t));
	if (nout)
		write_all(fd, out_cap, nout * sizeof(uint32_t));
	if (nh)
		write_all(fd, hdl, nh * sizeof(*hdl));
	for (i = 0; i < nin; i++)
		write_all(fd, in[i].ptr, in[i].len);
}

/* A well-formed call: nbufs is the number of buffers given, whatever sc says. */
static void send_call(int fd, uint32_t handle, uint32_t sc, const struct buf *in, uint32_t nin,
		      const uint32_t *out_cap, uint32_t nout)
{
	static const struct shell_handle none[SHELL_MAX_HANDLES];

	send_call_h(fd, handle, sc, in, nin, out_cap, nout, none);
}

static struct region *region_add(uint32_t fd, uint64_t base, uint32_t size)
{
	struct region *r = &regions[nregions++];

	assert_true(nregions <= MAX_REGIONS);
	r->fd = fd;
	r->base = base;
	r->size = size;
	r->mem = calloc(1, size);
	assert_non_null(r->mem);
	return r;
}

static void regions_free(void)
{
	while (nregions)
		free(regions[--nregions].mem);
}

/* What vdspd would do with a memory request: the bytes, or NULL (refused). */
static uint8_t *region_at(uint32_t fd, uint64_t addr, uint32_t len)
{
	unsigned int i;

	for (i = 0; len && i < nregions; i++) {
		struct region *r = &regions[i];

		if (r->fd == fd && addr >= r->base && addr - r->base <= r->size &&
		    len <= r->size - (addr - r->base))
			return r->mem + (addr - r->base);
	}
	return NULL;
}

static void serve_mem(int to, int from, const struct shell_mem *req)
{
	struct shell_mem_ack ack = { .magic = SHELL_MEM_ACK_MAGIC };
	uint8_t *p, *tmp;

	assert_true(req->op == SHELL_MEM_READ || req->op == SHELL_MEM_WRITE);
	assert_true(req->len <= SHELL_MAX_MEM_LEN);
	tmp = malloc(req->len ? req->len : 1);
	assert_non_null(tmp);
	if (req->op == SHELL_MEM_WRITE)
		assert_int_equal(read_all(from, tmp, req->len), req->len);
	p = region_at(req->fd, req->addr, req->len);
	if (!p)
		ack.retval = EBADPARM;
	else if (req->op == SHELL_MEM_WRITE)
		memcpy(p, tmp, req->len);
	else
		ack.len = req->len;
	write_all(to, &ack, sizeof(ack));
	if (ack.len)
		write_all(to, p, ack.len);
	free(tmp);
}

/* ---- the host listener's part: reverse calls ------------------------------ */

#define HOST_APPS_STD	1u
#define HOST_MSGD	2u
#define MAX_FILES	8
#define MAX_LOGS	64
#define MAX_RBUFS	8

/* How the next reverse calls are answered wrong, for the shell's checks. */
enum rcall_fault {
	FAULT_NONE,
	FAULT_SHORT_OUTPUT,	/* the first output one byte shorter than asked */
	FAULT_TRAILING,		/* 8 bytes more than the outputs */
	FAULT_REFUSE,		/* every call fails with AEE_EUNSUPPORTED */
};

struct log_line {
	uint32_t level;
	uint16_t line;
	char str[219];
	char file[31];
};

static enum rcall_fault fault;
static int host_files[MAX_FILES] = { -1, -1, -1, -1, -1, -1, -1, -1 };
static struct log_line logs[MAX_LOGS];
static unsigned int nlogs, nrcalls, nfopen;

struct rbuf {
	uint8_t *ptr;
	uint32_t len;
};

/* Decodes the shell's flat encoding, checking it is exactly that. */
static void flat_decode(uint8_t *p, uint32_t len, uint32_t nin, struct rbuf *in, uint32_t nout,
			uint32_t *cap)
{
	uint32_t off = 0, i;

	for (i = 0; i < nin; i++) {
		assert_true(len - off >= 4);
		memcpy(&in[i].len, p + off, 4);
		off += 4;
		in[i].ptr = NULL;
		if (!in[i].len)
			continue;
		/* Padding to 8 from the start, zero. */
		for (; off % 8; off++) {
			assert_true(off < len);
			assert_int_equal(p[off], 0);
		}
		assert_true(in[i].len <= len - off);
		in[i].ptr = p + off;
		off += in[i].len;
	}
	for (i = 0; i < nout; i++) {
		assert_true(len - off >= 4);
		memcpy(&cap[i], p + off, 4);
		off += 4;
	}
	assert_int_equal(off, len);
}

static int32_t host_remotectl_open(const struct rbuf *in, struct rbuf *out)
{
	uint32_t namelen = get32_raw(in[0].ptr), handle = 0, nerr = 0;

	assert_int_equal(in[0].len, 8);
	assert_int_equal(in[1].len, namelen);
	assert_int_equal(out[0].len, 8);
	assert_int_equal(out[1].len, get32_raw(in[0].ptr + 4));
	assert_int_equal(in[1].ptr[namelen - 1], 0);
	if (!strcmp((char *)in[1].ptr, "apps_std"))
		handle = HOST_APPS_STD;
	else if (!strcmp((char *)in[1].ptr, "adspmsgd_apps"))
		handle = HOST_MSGD;
	else
		nerr = (uint32_t)AEE_DSP_ERR(AEE_ENOSUCHMOD);
	memcpy(out[0].ptr, &handle, 4);
	memcpy(out[0].ptr + 4, &nerr, 4);
	return 0;
}

static int host_file(const uint8_t *p)
{
	uint32_t f = get32_raw(p);

	assert_true(f < MAX_FILES && host_files[f] >= 0);
	return host_files[f];
}

/* apps_std in the layouts of Qualcomm's apps_std_skel.c, checked exactly. */
static int32_t host_apps_std(uint32_t sc, const struct rbuf *in, struct rbuf *out)
{
	static const char *const strs[4] = { "ADSP_LIBRARY_PATH", ";", NULL, "r" };
	char path[PATH_MAX];
	struct stat st;
	uint32_t i, f, want;
	int32_t got[2];
	uint64_t len;
	ssize_t n;

	switch (SC_METHOD(sc)) {
	case 19:
		assert_int_equal(SC_COUNTS(sc), SC_COUNTS(SC_MAKE(0, 5, 1)));
		assert_int_equal(in[0].len, 16);
		assert_int_equal(out[0].len, 4);
		for (i = 0; i < 4; i++) {
			assert_int_equal(get32_raw(in[0].ptr + 4 * i), in[1 + i].len);
			assert_int_equal(in[1 + i].ptr[in[1 + i].len - 1], 0);
			if (strs[i])
				assert_string_equal((char *)in[1 + i].ptr, strs[i]);
		}
		nfopen++;
		if (strchr((char *)in[3].ptr, '/'))
			return AEE_DSP_ERR(AEE_EBADPARM);
		snprintf(path, sizeof(path), "%s/%s", files_dir, (char *)in[3].ptr);
		for (f = 0; f < MAX_FILES && host_files[f] >= 0; f++)
			;
		assert_true(f < MAX_FILES);
		host_files[f] = open(path, O_RDONLY | O_CLOEXEC);
		if (host_files[f] < 0)
			return AEE_DSP_ERR(0x2d);
		memcpy(out[0].ptr, &f, 4);
		return 0;
	case 10:
		assert_int_equal(SC_COUNTS(sc), SC_COUNTS(SC_MAKE(0, 1, 1)));
		assert_int_equal(in[0].len, 4);
		assert_int_equal(out[0].len, 8);
		assert_int_equal(fstat(host_file(in[0].ptr), &st), 0);
		len = (uint64_t)st.st_size;
		memcpy(out[0].ptr, &len, 8);
		return 0;
	case 4:
		assert_int_equal(SC_COUNTS(sc), SC_COUNTS(SC_MAKE(0, 1, 2)));
		assert_int_equal(in[0].len, 8);
		assert_int_equal(out[0].len, 8);
		want = get32_raw(in[0].ptr + 4);
		assert_int_equal(out[1].len, want);
		n = read(host_file(in[0].ptr), out[1].ptr, want);
		assert_true(n >= 0);
		got[0] = (int32_t)n;
		got[1] = (uint32_t)n < want;
		memcpy(out[0].ptr, got, 8);
		return 0;
	case 3:
		assert_int_equal(SC_COUNTS(sc), SC_COUNTS(SC_MAKE(0, 1, 0)));
		assert_int_equal(in[0].len, 4);
		f = get32_raw(in[0].ptr);
		close(host_file(in[0].ptr));
		host_files[f] = -1;
		return 0;
	default:
		return EUNSUPPORTED;
	}
}

/* adspmsgd_apps log: 256-byte records, kept for the tests to look at. */
static int32_t host_msgd(uint32_t sc, const struct rbuf *in)
{
	uint32_t i;

	assert_int_equal(SC_METHOD(sc), 0);
	assert_int_equal(SC_COUNTS(sc), SC_COUNTS(SC_MAKE(0, 2, 0)));
	assert_int_equal(in[0].len, 4);
	assert_int_equal(get32_raw(in[0].ptr), in[1].len);
	assert_int_equal(in[1].len % 256, 0);
	for (i = 0; i < in[1].len; i += 256) {
		struct log_line *l = &logs[nlogs++ % MAX_LOGS];
		const uint8_t *r = in[1].ptr + i;

		l->level = get32_raw(r);
		memcpy(&l->line, r + 4, 2);
		assert_non_null(memchr(r + 8, 0, 218));
		assert_non_null(memchr(r + 226, 0, 30));
		memcpy(l->str, r + 8, 218);
		memcpy(l->file, r + 226, 30);
		l->str[218] = 0;
		l->file[30] = 0;
	}
	return 0;
}

static void serve_rcall(int to, int from, const struct shell_rcall *req)
{
	struct shell_rcall_ack ack = { .magic = SHELL_RCALL_ACK_MAGIC };
	uint32_t nin = SC_INBUFS(req->sc), nout = SC_OUTBUFS(req->sc), cap[MAX_RBUFS], i, off;
	struct rbuf in[MAX_RBUFS], out[MAX_RBUFS];
	uint8_t *p, *answer;

	nrcalls++;
	assert_true(req->inlen <= SHELL_MAX_RCALL_LEN);
	assert_int_equal(SC_INHANDLES(req->sc) + SC_OUTHANDLES(req->sc), 0);
	assert_true(nin <= MAX_RBUFS && nout <= MAX_RBUFS);
	p = malloc(req->inlen + 1);
	assert_non_null(p);
	assert_int_equal(read_all(from, p, req->inlen), req->inlen);
	flat_decode(p, req->inlen, nin, in, nout, cap);
	for (i = 0; i < nout; i++) {
		out[i].len = cap[i];
		out[i].ptr = calloc(1, cap[i] + 1);
		assert_non_null(out[i].ptr);
	}
	if (fault == FAULT_REFUSE)
		ack.retval = EUNSUPPORTED;
	else if (req->handle == 0 && SC_METHOD(req->sc) == 0)
		ack.retval = host_remotectl_open(in, out);
	else if (req->handle == HOST_APPS_STD)
		ack.retval = host_apps_std(req->sc, in, out);
	else if (req->handle == HOST_MSGD)
		ack.retval = host_msgd(req->sc, in);
	else
		ack.retval = EUNSUPPORTED;
	answer = calloc(1, SHELL_MAX_RCALL_LEN + 16);
	assert_non_null(answer);
	off = 0;
	for (i = 0; !ack.retval && i < nout; i++) {
		uint32_t len = out[i].len - (fault == FAULT_SHORT_OUTPUT && i == 0 && out[i].len);

		memcpy(answer + off, &len, 4);
		off += 4;
		if (!len)
			continue;
		off = (off + 7) & ~7u;
		memcpy(answer + off, out[i].ptr, len);
		off += len;
	}
	if (!ack.retval && fault == FAULT_TRAILING)
		off += 8;
	ack.outlen = ack.retval ? 0 : off;
	write_all(to, &ack, sizeof(ack));
	if (ack.outlen)
		write_all(to, answer, ack.outlen);
	for (i = 0; i < nout; i++)
		free(out[i].ptr);
	free(answer);
	free(p);
}

static void reply_free(struct reply *r)
{
	uint32_t i;

	for (i = 0; i < r->nout; i++)
		free(r->data[i]);
	r->nout = 0;
}

/*
 * Reads a reply, serving memory requests before it, and checks what the
 * protocol promises about its shape.
 */
static int32_t recv_reply_on(int to, int from, struct reply *r, const uint32_t *out_cap,
			     uint32_t nout)
{
	union {
		struct shell_reply head;
		struct shell_mem mem;
		struct shell_rcall rcall;
	} u;
	uint32_t i;

	r->nmem = 0;
	for (;;) {
		assert_int_equal(read_all(from, &u, sizeof(u.head)), sizeof(u.head));
		if (u.head.magic == SHELL_RCALL_MAGIC) {
			serve_rcall(to, from, &u.rcall);
			continue;
		}
		if (u.head.magic != SHELL_MEM_MAGIC)
			break;
		assert_int_equal(read_all(from, (uint8_t *)&u + sizeof(u.head),
					  sizeof(u.mem) - sizeof(u.head)),
				 sizeof(u.mem) - sizeof(u.head));
		serve_mem(to, from, &u.mem);
		r->nmem++;
	}
	assert_int_equal(u.head.magic, SHELL_REPLY_MAGIC);
	assert_true(u.head.nfree <= SHELL_MAX_FREE);
	assert_int_equal(u.head.nout, u.head.retval ? 0 : nout);
	r->retval = u.head.retval;
	r->nout = u.head.nout;
	r->nfree = u.head.nfree;
	if (r->nout)
		assert_int_equal(read_all(from, r->len, r->nout * sizeof(uint32_t)),
				 r->nout * sizeof(uint32_t));
	if (r->nfree)
		assert_int_equal(read_all(from, r->freed, r->nfree * sizeof(uint32_t)),
				 r->nfree * sizeof(uint32_t));
	for (i = 0; i < r->nout; i++) {
		assert_true(r->len[i] <= out_cap[i]);
		r->data[i] = malloc(r->len[i] ? r->len[i] : 1);
		assert_non_null(r->data[i]);
		assert_int_equal(read_all(from, r->data[i], r->len[i]), r->len[i]);
	}
	return r->retval;
}

/* A reply to a call without handles: it lets go of nothing. */
static int32_t recv_reply(int fd, struct reply *r, const uint32_t *out_cap, uint32_t nout)
{
	int32_t ret = recv_reply_on(shared.to, fd, r, out_cap, nout);

	assert_int_equal(r->nfree, 0);
	return ret;
}

static int32_t invoke(uint32_t handle, uint32_t sc, const struct buf *in, uint32_t nin,
		      const uint32_t *out_cap, uint32_t nout, struct reply *r)
{
	assert_true(nout <= MAX_OUT);
	send_call(shared.to, handle, sc, in, nin, out_cap, nout);
	return recv_reply(shared.from, r, out_cap, nout);
}

static int32_t lab_invoke(uint32_t method, const struct buf *in, uint32_t nin,
			  const uint32_t *out_cap, uint32_t nout, struct reply *r)
{
	return invoke(LAB_SKEL_HANDLE, SC_MAKE(method, nin, nout), in, nin, out_cap, nout, r);
}

/* A lab method's status when it has no outputs worth keeping. */
static int32_t lab_call(uint32_t method, const struct buf *in, uint32_t nin,
			const uint32_t *out_cap, uint32_t nout)
{
	struct reply r;
	int32_t ret = lab_invoke(method, in, nin, out_cap, nout, &r);

	reply_free(&r);
	return ret;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

#define SC_FULL(m, in, out, hin, hout) \
	(SC_MAKE(m, in, out) | (uint32_t)(hin) << 4 | (uint32_t)(hout))

static int group_setup(void **state)
{
	(void)state;
	shared = shell_start();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return shell_finish(&shared) == 0 ? 0 : -1;
}

static void lab_null__returns_zero(void **state)
{
	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

static void lab_null__with_a_buffer_is_ebadparm(void **state)
{
	uint8_t byte = 1;
	struct buf in = { &byte, 1 };

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_NULL, &in, 1, NULL, 0), EBADPARM);
}

static void echo_bytes(uint32_t in_len, uint32_t out_cap, uint32_t expect_len)
{
	uint8_t *data = malloc(in_len ? in_len : 1);
	struct buf in = { data, in_len };
	struct reply r;
	uint32_t i;

	assert_non_null(data);
	for (i = 0; i < in_len; i++)
		data[i] = (uint8_t)(i * 31 + (i >> 8));
	assert_int_equal(lab_invoke(LAB_METHOD_ECHO, &in, 1, &out_cap, 1, &r), 0);
	assert_int_equal(r.nout, 1);
	assert_int_equal(r.len[0], expect_len);
	assert_memory_equal(r.data[0], data, expect_len);
	reply_free(&r);
	free(data);
}

static void lab_echo__0_bytes(void **state)
{
	(void)state;
	echo_bytes(0, 0, 0);
}

static void lab_echo__1_byte(void **state)
{
	(void)state;
	echo_bytes(1, 1, 1);
}

static void lab_echo__4096_bytes(void **state)
{
	(void)state;
	echo_bytes(4096, 4096, 4096);
}

static void lab_echo__100000_bytes(void **state)
{
	(void)state;
	echo_bytes(100000, 100000, 100000);
}

static void lab_echo__16_mib(void **state)
{
	(void)state;
	echo_bytes(16u << 20, 16u << 20, 16u << 20);
}

static void lab_echo__short_output_gets_what_fits(void **state)
{
	(void)state;
	echo_bytes(100, 10, 10);
}

static void lab_echo__long_output_gets_the_input(void **state)
{
	(void)state;
	echo_bytes(10, 100, 10);
}

static void lab_echo__two_inputs_is_ebadparm(void **state)
{
	uint8_t a[4] = { 1, 2, 3, 4 };
	struct buf in[2] = { { a, 4 }, { a, 4 } };
	uint32_t cap = 8;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_ECHO, in, 2, &cap, 1), EBADPARM);
}

static void lab_echo__in_handle_in_sc_is_ebadparm(void **state)
{
	uint8_t a[4] = { 1, 2, 3, 4 };
	struct shell_handle h = { 9, 0, 16 };
	struct buf in = { a, 4 };
	uint32_t cap = 4;
	struct reply r;

	(void)state;
	/* The buffers are right; the one input handle sc also claims is not. */
	send_call_h(shared.to, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1) | 1u << 4,
		    &in, 1, &cap, 1, &h);
	assert_int_equal(recv_reply_on(shared.to, shared.from, &r, &cap, 1), EBADPARM);
	/* Nobody kept it: the reply lets go of it. */
	assert_int_equal(r.nfree, 1);
	assert_int_equal(r.freed[0], 9);
}

static void lab_sum__one_mib_of_counting(void **state)
{
	const uint32_t n = 262144;
	uint32_t *words = malloc(n * sizeof(uint32_t));
	struct buf in = { words, n * sizeof(uint32_t) };
	uint32_t cap = 8, i;
	struct reply r;
	uint64_t sum;

	(void)state;
	assert_non_null(words);
	for (i = 0; i < n; i++)
		words[i] = i;	/* the host is little-endian, like the protocol */
	assert_int_equal(lab_invoke(LAB_METHOD_SUM, &in, 1, &cap, 1, &r), 0);
	assert_int_equal(r.len[0], 8);
	memcpy(&sum, r.data[0], 8);
	assert_int_equal(sum, 34359607296ull);	/* 262143 * 262144 / 2 */
	reply_free(&r);
	free(words);
}

static void lab_sum__carries_past_32_bits(void **state)
{
	uint32_t words[4] = { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff };
	struct buf in = { words, sizeof(words) };
	uint32_t cap = 16;
	struct reply r;
	uint64_t sum;

	(void)state;
	assert_int_equal(lab_invoke(LAB_METHOD_SUM, &in, 1, &cap, 1, &r), 0);
	assert_int_equal(r.len[0], 8);
	memcpy(&sum, r.data[0], 8);
	assert_int_equal(sum, 4ull * 0xffffffffull);
	reply_free(&r);
}

static void lab_sum__of_nothing_is_zero(void **state)
{
	struct buf in = { NULL, 0 };
	uint32_t cap = 8;
	struct reply r;
	uint64_t sum;

	(void)state;
	assert_int_equal(lab_invoke(LAB_METHOD_SUM, &in, 1, &cap, 1, &r), 0);
	memcpy(&sum, r.data[0], 8);
	assert_int_equal(sum, 0);
	reply_free(&r);
}

static void lab_sum__ragged_input_is_ebadparm(void **state)
{
	uint8_t bytes[5] = { 0 };
	struct buf in = { bytes, 5 };
	uint32_t cap = 8;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SUM, &in, 1, &cap, 1), EBADPARM);
}

static void lab_sum__short_output_is_ebadparm(void **state)
{
	uint32_t word = 1;
	struct buf in = { &word, 4 };
	uint32_t cap = 7;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SUM, &in, 1, &cap, 1), EBADPARM);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void lab_sleep__50ms_takes_50ms(void **state)
{
	uint32_t ms = 50;
	struct buf in = { &ms, 4 };
	double start = now_ms();

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SLEEP, &in, 1, NULL, 0), 0);
	assert_true(now_ms() - start >= 50.0);
}

static void lab_sleep__wrong_size_is_ebadparm(void **state)
{
	uint64_t ms = 50;
	struct buf in = { &ms, 8 };

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SLEEP, &in, 1, NULL, 0), EBADPARM);
}

static void lab_sleep__with_an_output_is_ebadparm(void **state)
{
	uint32_t ms = 1, cap = 4;
	struct buf in = { &ms, 4 };

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SLEEP, &in, 1, &cap, 1), EBADPARM);
}

static void lab__unknown_methods_are_eunsupported(void **state)
{
	(void)state;
	assert_int_equal(lab_call(0, NULL, 0, NULL, 0), EUNSUPPORTED);
	assert_int_equal(lab_call(1, NULL, 0, NULL, 0), EUNSUPPORTED);
	assert_int_equal(lab_call(14, NULL, 0, NULL, 0), EUNSUPPORTED);
	assert_int_equal(lab_call(31, NULL, 0, NULL, 0), EUNSUPPORTED);
}

/* remotectl open (handle 0) or open1 (handle 8), in the layout remotectl.c documents. */
static int32_t open_on(uint32_t handle, const void *name, uint32_t namelen, uint32_t errlen,
		       struct reply *r)
{
	uint32_t lens[2] = { namelen, errlen };
	struct buf in[2] = { { lens, 8 }, { name, namelen } };
	uint32_t cap[2] = { 8, errlen };
	uint32_t method = handle ? REMOTECTL1_OPEN1 : REMOTECTL_OPEN;

	return invoke(handle, SC_MAKE(method, 2, 2), in, 2, cap, 2, r);
}

static int32_t close_on(uint32_t handle, uint32_t module, uint32_t errlen, struct reply *r)
{
	uint32_t args[2] = { module, errlen };
	struct buf in = { args, 8 };
	uint32_t cap[2] = { 4, errlen };
	uint32_t method = handle ? REMOTECTL1_CLOSE1 : REMOTECTL_CLOSE;

	return invoke(handle, SC_MAKE(method, 1, 2), &in, 1, cap, 2, r);
}

static const uint32_t remotectls[2] = { REMOTECTL_HANDLE, REMOTECTL1_HANDLE };

/* An open that must succeed: the handle it gives, with nErr 0 and an empty dlerror. */
static uint32_t open_ok(uint32_t on, const char *name)
{
	struct reply r;
	uint32_t h;

	assert_int_equal(open_on(on, name, (uint32_t)strlen(name) + 1, 256, &r), 0);
	if (get32(r.data[0] + 4))
		fail_msg("open %s: nErr 0x%x: %s", name, get32(r.data[0] + 4), (char *)r.data[1]);
	assert_int_equal(r.len[1], 1);
	assert_int_equal(r.data[1][0], 0);
	h = get32(r.data[0]);
	reply_free(&r);
	/* Never a static handle, nor the lab's fixed ones. */
	assert_true(h >= 0x100);
	return h;
}

static void close_ok(uint32_t module)
{
	struct reply r;

	assert_int_equal(close_on(REMOTECTL1_HANDLE, module, 64, &r), 0);
	assert_int_equal(get32(r.data[0]), 0);
	reply_free(&r);
}

/* An open that must fail: nErr is expected, dlerror is want (NULL: anything). */
static void open_fails(const char *name, int32_t expected, const char *want)
{
	struct reply r;

	assert_int_equal(open_on(REMOTECTL1_HANDLE, name, (uint32_t)strlen(name) + 1, 256, &r), 0);
	assert_int_equal(get32(r.data[0]), 0);
	assert_int_equal(get32(r.data[0] + 4), (uint32_t)expected);
	if (want)
		assert_string_equal((char *)r.data[1], want);
	else
		assert_true(r.data[1][0] != 0);
	reply_free(&r);
	/* The process goes on serving. */
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* "lab" is the file liblab_skel.so, read from the host: not the preloaded copy. */
static void remotectl_open__lab_loads_liblab_skel_so(void **state)
{
	struct reply r;
	unsigned int i;
	uint32_t h;

	(void)state;
	for (i = 0; i < 2; i++) {
		h = open_ok(remotectls[i], LAB_SKEL_NAME);
		assert_int_not_equal(h, LAB_SKEL_HANDLE);
		assert_int_equal(invoke(h, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, NULL, 0, &r),
				 0);
		close_ok(h);
		/* No room for dlerror: none sent. */
		assert_int_equal(open_on(remotectls[i], LAB_SKEL_NAME, sizeof(LAB_SKEL_NAME), 0,
					 &r), 0);
		assert_int_equal(get32(r.data[0] + 4), 0);
		assert_int_equal(r.len[1], 0);
		h = get32(r.data[0]);
		reply_free(&r);
		close_ok(h);
	}
}

/* The call succeeds; nErr and dlerror say the module did not open. */
static void remotectl_open__unknown_name_fails_in_nerr_and_dlerror(void **state)
{
	static const char want[] = "liblabx_skel.so: no such file in the host's search path";
	struct reply r;
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(open_on(remotectls[i], "labx", 5, 256, &r), 0);
		assert_int_equal(get32(r.data[0]), 0);
		assert_int_equal(get32(r.data[0] + 4), (uint32_t)AEE_DSP_ERR(AEE_ENOSUCHMOD));
		assert_string_equal((char *)r.data[1], want);
		assert_int_equal(r.len[1], sizeof(want));
		reply_free(&r);
		assert_int_equal(open_on(remotectls[i], "la", 3, 8, &r), 0);
		assert_int_equal(get32(r.data[0] + 4), (uint32_t)AEE_DSP_ERR(AEE_ENOSUCHMOD));
		assert_int_equal(r.len[1], 8);
		assert_string_equal((char *)r.data[1], "libla_s");	/* cut to fit */
		reply_free(&r);
		assert_int_equal(open_on(remotectls[i], "x", 2, 0, &r), 0);
		assert_int_equal(get32(r.data[0] + 4), (uint32_t)AEE_DSP_ERR(AEE_ENOSUCHMOD));
		assert_int_equal(r.len[1], 0);
		reply_free(&r);
	}
}

static void remotectl_open__wrong_buffers_are_ebadparm(void **state)
{
	uint32_t lens[2] = { 4, 16 }, cap[2] = { 8, 16 };
	struct buf in[2] = { { lens, 8 }, { "lab", 4 } };
	struct reply r;
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		uint32_t h = remotectls[i], m = h ? REMOTECTL1_OPEN1 : REMOTECTL_OPEN;

		assert_int_equal(open_on(h, "lab", 3, 256, &r), EBADPARM);	/* unterminated */
		assert_int_equal(open_on(h, "", 0, 256, &r), EBADPARM);
		assert_int_equal(invoke(h, SC_MAKE(m, 2, 2), in, 2, cap, 2, &r), 0);
		reply_free(&r);
		cap[0] = 4;						/* out 0 too short */
		assert_int_equal(invoke(h, SC_MAKE(m, 2, 2), in, 2, cap, 2, &r), EBADPARM);
		cap[0] = 12;
		assert_int_equal(invoke(h, SC_MAKE(m, 2, 2), in, 2, cap, 2, &r), EBADPARM);
		cap[0] = 8;
		cap[1] = 15;				/* not the dlerror length */
		assert_int_equal(invoke(h, SC_MAKE(m, 2, 2), in, 2, cap, 2, &r), EBADPARM);
		cap[1] = 16;
		in[0].len = 4;
		assert_int_equal(invoke(h, SC_MAKE(m, 2, 2), in, 2, cap, 2, &r), EBADPARM);
		in[0].len = 8;
		assert_int_equal(invoke(h, SC_MAKE(m, 2, 1), in, 2, cap, 1, &r), EBADPARM);
	}
}

static void remotectl_close__lab_closes_others_fail_in_nerr(void **state)
{
	struct reply r;
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		assert_int_equal(close_on(remotectls[i], LAB_SKEL_HANDLE, 16, &r), 0);
		assert_int_equal(r.len[0], 4);
		assert_int_equal(get32(r.data[0]), 0);
		assert_int_equal(r.len[1], 1);
		assert_int_equal(r.data[1][0], 0);
		reply_free(&r);
		assert_int_equal(close_on(remotectls[i], 0x1234, 64, &r), 0);
		assert_int_equal(get32(r.data[0]), (uint32_t)EBADPARM);
		assert_string_equal((char *)r.data[1], "not an open module handle");
		reply_free(&r);
	}
}

static void remotectl_close__wrong_buffers_are_ebadparm(void **state)
{
	uint32_t args[2] = { LAB_SKEL_HANDLE, 16 }, cap[2] = { 16, 4 };
	struct buf in = { args, 8 };
	struct reply r;
	unsigned int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		uint32_t h = remotectls[i], m = h ? REMOTECTL1_CLOSE1 : REMOTECTL_CLOSE;

		/* One output, dlerror only: not the layout. */
		assert_int_equal(invoke(h, SC_MAKE(m, 1, 1), &in, 1, cap, 1, &r), EBADPARM);
		cap[0] = 4;
		cap[1] = 15;
		assert_int_equal(invoke(h, SC_MAKE(m, 1, 2), &in, 1, cap, 2, &r), EBADPARM);
		cap[0] = 8;
		cap[1] = 16;
		assert_int_equal(invoke(h, SC_MAKE(m, 1, 2), &in, 1, cap, 2, &r), EBADPARM);
		cap[0] = 4;
		in.len = 4;
		assert_int_equal(invoke(h, SC_MAKE(m, 1, 2), &in, 1, cap, 2, &r), EBADPARM);
		in.len = 8;
		assert_int_equal(invoke(h, SC_MAKE(m, 1, 2), &in, 1, cap, 2, &r), 0);
		reply_free(&r);
		cap[0] = 16;
		cap[1] = 4;
	}
}

static void remotectl__other_methods_are_eunsupported(void **state)
{
	static const uint32_t calls[][2] = {
		{ REMOTECTL_HANDLE, 2 }, { REMOTECTL_HANDLE, 3 }, { REMOTECTL_HANDLE, 31 },
		{ REMOTECTL1_HANDLE, 0 }, { REMOTECTL1_HANDLE, 1 }, { REMOTECTL1_HANDLE, 4 },
		{ REMOTECTL1_HANDLE, 5 },
	};
	struct reply r;
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		assert_int_equal(invoke(calls[i][0], SC_MAKE(calls[i][1], 0, 0), NULL, 0, NULL, 0,
					&r), EUNSUPPORTED);
}

static void shell__unknown_handle_is_ebadparm(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(invoke(0x1234, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, NULL, 0, &r),
			 EBADPARM);
}

static void shell__output_over_the_limit_is_ebadparm(void **state)
{
	uint32_t cap = SHELL_MAX_BUF_LEN + 1;
	struct reply r;

	(void)state;
	assert_int_equal(lab_invoke(LAB_METHOD_ECHO, NULL, 0, &cap, 1, &r), EBADPARM);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* The shell must drop the oversized input's bytes and stay in step. */
static void shell__input_over_the_limit_is_ebadparm(void **state)
{
	uint8_t *big = calloc(1, SHELL_MAX_BUF_LEN + 1);
	struct buf in = { big, SHELL_MAX_BUF_LEN + 1 };
	uint32_t cap = 8;
	struct reply r;

	(void)state;
	assert_non_null(big);
	assert_int_equal(lab_invoke(LAB_METHOD_ECHO, &in, 1, &cap, 1, &r), EBADPARM);
	free(big);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* 255 outputs of 64 MiB cannot fit a 32-bit DSP process. */
static void shell__call_too_big_for_memory_is_enomemory(void **state)
{
	struct shell_reply head;
	uint32_t cap[255], i;

	(void)state;
	for (i = 0; i < 255; i++)
		cap[i] = SHELL_MAX_BUF_LEN;
	send_call(shared.to, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 0, 255), NULL, 0, cap, 255);
	/* More outputs than struct reply holds: read the header by hand. */
	assert_int_equal(read_all(shared.from, &head, sizeof(head)), sizeof(head));
	assert_int_equal(head.magic, SHELL_REPLY_MAGIC);
	assert_int_equal(head.retval, AEE_DSP_ERR(AEE_ENOMEMORY));
	assert_int_equal(head.nout, 0);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* Calls written ahead are answered in order. */
static void shell__pipelined_calls_are_answered_in_order(void **state)
{
	uint32_t values[64], cap = 4, i;
	struct reply r;

	(void)state;
	for (i = 0; i < 64; i++) {
		struct buf in = { &values[i], 4 };

		values[i] = i * 0x01010101u;
		send_call(shared.to, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1),
			  &in, 1, &cap, 1);
	}
	for (i = 0; i < 64; i++) {
		assert_int_equal(recv_reply(shared.from, &r, &cap, 1), 0);
		assert_memory_equal(r.data[0], &values[i], 4);
		reply_free(&r);
	}
}

/* A call trickling in a byte at a time: the shell reads until it has it all. */
static void shell__call_in_one_byte_writes(void **state)
{
	uint8_t msg[sizeof(struct shell_call) + 8 + 5];
	struct shell_call call = {
		SHELL_CALL_MAGIC, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1), 2
	};
	uint32_t lens[2] = { 5, 5 }, cap = 5;
	struct reply r;
	size_t i;

	(void)state;
	memcpy(msg, &call, sizeof(call));
	memcpy(msg + sizeof(call), lens, 8);
	memcpy(msg + sizeof(call) + 8, "hello", 5);
	for (i = 0; i < sizeof(msg); i++) {
		write_all(shared.to, &msg[i], 1);
		usleep(1000);
	}
	assert_int_equal(recv_reply(shared.from, &r, &cap, 1), 0);
	assert_int_equal(r.len[0], 5);
	assert_memory_equal(r.data[0], "hello", 5);
	reply_free(&r);
}

/* ---- memory through vdspd, and handles ----------------------------------- */

#define MAP_VADDR	0x20000000ull

static uint8_t pattern(uint32_t seed, uint32_t i)
{
	return (uint8_t)(seed + i * 7u);
}

static int regions_teardown(void **state)
{
	(void)state;
	regions_free();
	return 0;
}

static int32_t arange_call(uint32_t method, uint64_t addr, uint32_t len, uint32_t seed,
			   struct lab_check *res, struct reply *r)
{
	struct lab_arange a = { addr, len, seed };
	struct buf in = { &a, sizeof(a) };
	uint32_t cap = sizeof(*res);
	int32_t ret;

	send_call(shared.to, LAB_SKEL_HANDLE, SC_MAKE(method, 1, res ? 1 : 0), &in, 1, &cap,
		  res ? 1 : 0);
	ret = recv_reply(shared.from, r, &cap, res ? 1 : 0);
	if (!ret && res) {
		assert_int_equal(r->len[0], sizeof(*res));
		memcpy(res, r->data[0], sizeof(*res));
	}
	reply_free(r);
	return ret;
}

/* 200000 bytes: more than one of the shell's 64 KiB requests. */
static void lab_fill__writes_the_pattern_through_vdspd(void **state)
{
	struct region *m = region_add(0, MAP_VADDR, 200000);
	struct reply r;
	uint32_t i;

	(void)state;
	assert_int_equal(arange_call(LAB_METHOD_FILL, MAP_VADDR + 5, 150000, 9, NULL, &r), 0);
	assert_true(r.nmem >= 3);
	for (i = 0; i < 150000; i++)
		assert_int_equal(m->mem[5 + i], pattern(9, i));
	assert_int_equal(m->mem[4], 0);
	assert_int_equal(m->mem[150005], 0);
}

static void lab_check__finds_the_first_bad_byte(void **state)
{
	struct region *m = region_add(0, MAP_VADDR, 100000);
	struct lab_check res;
	struct reply r;
	uint32_t i;

	(void)state;
	for (i = 0; i < 100000; i++)
		m->mem[i] = pattern(3, i);
	assert_int_equal(arange_call(LAB_METHOD_CHECK, MAP_VADDR, 100000, 3, &res, &r), 0);
	assert_int_equal(res.ok, 1);
	assert_int_equal(res.first_bad, 100000);
	m->mem[70000] ^= 1;
	assert_int_equal(arange_call(LAB_METHOD_CHECK, MAP_VADDR, 100000, 3, &res, &r), 0);
	assert_int_equal(res.ok, 0);
	assert_int_equal(res.first_bad, 70000);
	assert_int_equal(arange_call(LAB_METHOD_CHECK, MAP_VADDR + 100, 1000, 3 + 100 * 7, &res,
				     &r), 0);
	assert_int_equal(res.ok, 1);
}

static void lab_fill__outside_a_mapping_is_ebadparm(void **state)
{
	struct lab_check res;
	struct reply r;

	(void)state;
	region_add(0, MAP_VADDR, 8192);
	assert_int_equal(arange_call(LAB_METHOD_FILL, MAP_VADDR + 4096, 4097, 1, NULL, &r),
			 EBADPARM);
	assert_int_equal(arange_call(LAB_METHOD_CHECK, MAP_VADDR - 1, 2, 1, &res, &r), EBADPARM);
	/* Nothing to ask for: refused by the shell itself. */
	assert_int_equal(arange_call(LAB_METHOD_FILL, MAP_VADDR, 0, 1, NULL, &r), EBADPARM);
	assert_int_equal(r.nmem, 0);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

static void lab_fill__wrong_buffers_are_ebadparm(void **state)
{
	struct lab_arange a = { MAP_VADDR, 4, 0 };
	struct buf in[2] = { { &a, sizeof(a) - 1 }, { &a, sizeof(a) } };
	uint32_t cap = 8;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_FILL, in, 1, NULL, 0), EBADPARM);
	assert_int_equal(lab_call(LAB_METHOD_FILL, in + 1, 1, &cap, 1), EBADPARM);
	cap = 7;
	assert_int_equal(lab_call(LAB_METHOD_CHECK, in + 1, 1, &cap, 1), EBADPARM);
}

/* One call with handles; the reply in *r (freed by the caller). */
static int32_t hcall(uint32_t method, uint32_t nin_bufs, const void *in0, uint32_t in0_len,
		     uint32_t nout, const struct shell_handle *h, uint32_t nhin, uint32_t nhout,
		     struct reply *r)
{
	struct buf in = { in0, in0_len };
	uint32_t cap = sizeof(struct lab_check);

	send_call_h(shared.to, LAB_SKEL_HANDLE, SC_FULL(method, nin_bufs, nout, nhin, nhout),
		    &in, nin_bufs, &cap, nout, h);
	return recv_reply_on(shared.to, shared.from, r, &cap, nout);
}

static int32_t hrange(uint32_t method, uint32_t fd, uint32_t off, uint32_t len, uint32_t seed,
		      const struct shell_handle *h, uint32_t nh, struct reply *r)
{
	struct lab_hrange a = { fd, off, len, seed };
	int32_t ret = hcall(method, 1, &a, sizeof(a), method == LAB_METHOD_HCHECK, h, nh, 0, r);

	if (!ret && method == LAB_METHOD_HCHECK)
		assert_int_equal(get32(r->data[0]), 1);	/* ok */
	reply_free(r);
	return ret;
}

static int32_t drop(const uint32_t *fds, uint32_t n, struct reply *r)
{
	return hcall(LAB_METHOD_DROP, 1, fds, n * 4, 0, NULL, 0, 0, r);
}

static void lab_hold__keeps_handles_until_dropped(void **state)
{
	struct shell_handle h[2] = { { 5, 0, 100 }, { 6, 4096, 8 } };
	struct region *a = region_add(5, 0, 8192), *b = region_add(6, 0, 8192);
	uint32_t fds[2] = { 5, 5 };
	struct reply r;

	(void)state;
	assert_int_equal(hcall(LAB_METHOD_HOLD, 0, NULL, 0, 0, h, 2, 0, &r), 0);
	assert_int_equal(r.nfree, 0);
	/* After the call, by fd alone. */
	assert_int_equal(hrange(LAB_METHOD_HFILL, 5, 8000, 192, 11, NULL, 0, &r), 0);
	assert_int_equal(r.nfree, 0);
	assert_int_equal(a->mem[8000], pattern(11, 0));
	assert_int_equal(a->mem[8191], pattern(11, 191));
	assert_int_equal(hrange(LAB_METHOD_HCHECK, 5, 8000, 192, 11, NULL, 0, &r), 0);
	assert_int_equal(hrange(LAB_METHOD_HFILL, 6, 0, 8192, 12, NULL, 0, &r), 0);
	assert_int_equal(b->mem[4096], pattern(12, 4096));
	/* vdspd refuses a range past the buffer. */
	assert_int_equal(hrange(LAB_METHOD_HFILL, 6, 8000, 193, 12, NULL, 0, &r), EBADPARM);

	assert_int_equal(drop(fds, 2, &r), EBADPARM);	/* held once only */
	assert_int_equal(r.nfree, 0);
	assert_int_equal(drop(fds, 1, &r), 0);
	assert_int_equal(r.nfree, 1);
	assert_int_equal(r.freed[0], 5);
	assert_int_equal(hrange(LAB_METHOD_HFILL, 5, 0, 1, 1, NULL, 0, &r), EBADPARM);
	assert_int_equal(r.nmem, 0);		/* the shell no longer knows it */
	assert_int_equal(drop(fds, 1, &r), EBADPARM);

	/* Passed twice: held twice, let go of twice. */
	assert_int_equal(hcall(LAB_METHOD_HOLD, 0, NULL, 0, 0, h + 1, 1, 0, &r), 0);
	fds[0] = fds[1] = 6;
	assert_int_equal(drop(fds, 2, &r), 0);
	assert_int_equal(r.nfree, 2);
	assert_int_equal(r.freed[0], 6);
	assert_int_equal(r.freed[1], 6);
	assert_int_equal(drop(fds, 1, &r), EBADPARM);
}

static void lab_hcheck__on_a_handle_of_this_call_lets_go_of_it(void **state)
{
	struct shell_handle h = { 7, 0, 64 };
	struct region *a = region_add(7, 0, 4096);
	struct reply r;
	uint32_t i;

	(void)state;
	for (i = 0; i < 64; i++)
		a->mem[i] = pattern(2, i);
	assert_int_equal(hrange(LAB_METHOD_HCHECK, 7, 0, 64, 2, &h, 1, &r), 0);
	assert_int_equal(r.nfree, 1);
	assert_int_equal(r.freed[0], 7);
	/* Not held: after the call the shell refuses it. */
	assert_int_equal(hrange(LAB_METHOD_HCHECK, 7, 0, 64, 2, NULL, 0, &r), EBADPARM);
	assert_int_equal(r.nmem, 0);
}

static void lab_hold__wrong_arguments_keep_nothing(void **state)
{
	struct shell_handle h[2] = { { 8, 0, 4 }, { 9, 0, 4 } };
	uint32_t fd = 8, word = 0;
	struct reply r;

	(void)state;
	/* An out-handle, or a buffer: refused, and both handles let go of. */
	assert_int_equal(hcall(LAB_METHOD_HOLD, 0, NULL, 0, 0, h, 1, 1, &r), EBADPARM);
	assert_int_equal(r.nfree, 2);
	assert_int_equal(hcall(LAB_METHOD_HOLD, 1, &word, 4, 0, h, 1, 0, &r), EBADPARM);
	assert_int_equal(r.nfree, 1);
	assert_int_equal(drop(&fd, 1, &r), EBADPARM);
	/* DROP: ragged, or more fds than an fd list holds. */
	assert_int_equal(hcall(LAB_METHOD_DROP, 1, &fd, 3, 0, NULL, 0, 0, &r), EBADPARM);
	{
		uint32_t many[17] = { 0 };

		assert_int_equal(drop(many, 17, &r), EBADPARM);
	}
}

/* 20 handles in one call: 16 let go of in the reply, 4 kept for later. */
static void shell__more_unkept_handles_than_the_fd_list_holds(void **state)
{
	struct shell_handle h[SHELL_MAX_HANDLES];
	uint32_t i, fds[4] = { 117, 118, 119, 120 };
	struct reply r;

	(void)state;
	for (i = 0; i < 20; i++)
		h[i] = (struct shell_handle){ 101 + i, 0, 4 };
	assert_int_equal(hcall(LAB_METHOD_NULL, 0, NULL, 0, 0, h, 15, 5, &r), EBADPARM);
	assert_int_equal(r.nfree, SHELL_MAX_FREE);
	for (i = 0; i < SHELL_MAX_FREE; i++)
		assert_int_equal(r.freed[i], 101 + i);
	assert_int_equal(drop(fds, 4, &r), 0);
	assert_int_equal(r.nfree, 4);
}

static void xor_bytes(uint32_t len)
{
	uint8_t *data = malloc(len ? len : 1);
	struct buf in = { data, len };
	struct reply r;
	uint32_t i;

	assert_non_null(data);
	for (i = 0; i < len; i++)
		data[i] = (uint8_t)(i * 13 + (i >> 12));
	assert_int_equal(lab_invoke(LAB_METHOD_XOR, &in, 1, &len, 1, &r), 0);
	assert_int_equal(r.len[0], len);
	for (i = 0; i < len; i++)
		if (r.data[0][i] != (data[i] ^ 0x5a))
			fail_msg("byte %u: 0x%02x", i, r.data[0][i]);
	reply_free(&r);
	free(data);
}

static void lab_xor__odd_sizes(void **state)
{
	(void)state;
	xor_bytes(0);
	xor_bytes(1);
	xor_bytes(7);
	xor_bytes(4099);
}

static void lab_xor__16_mib(void **state)
{
	(void)state;
	xor_bytes(16u << 20);
}

static void lab_xor__output_of_another_length_is_ebadparm(void **state)
{
	uint8_t a[8] = { 0 };
	struct buf in = { a, 8 };
	uint32_t cap = 9;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_XOR, &in, 1, &cap, 1), EBADPARM);
}

/* An answer to a memory request that is not one: the shell exits 1. */
static void shell__malformed_memory_answer_exits_1(void **state)
{
	struct shell sh = shell_start();
	struct lab_arange a = { MAP_VADDR, 4, 0 };
	struct buf in = { &a, sizeof(a) };
	struct shell_mem_ack ack = { 0x12345678, 0, 0, 0 };
	struct shell_mem req;

	(void)state;
	send_call(sh.to, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_FILL, 1, 0), &in, 1, NULL, 0);
	assert_int_equal(read_all(sh.from, &req, sizeof(req)), sizeof(req));
	assert_int_equal(req.magic, SHELL_MEM_MAGIC);
	assert_int_equal(req.op, SHELL_MEM_WRITE);
	assert_int_equal(req.fd, 0);
	assert_int_equal(req.addr, MAP_VADDR);
	assert_int_equal(req.len, 4);
	write_all(sh.to, &ack, sizeof(ack));
	assert_int_equal(shell_finish(&sh), 1);
}

/* Answers AEE_EBADPARM, then the exit status; for calls that lose the framing. */
static int lost_framing_status(uint32_t magic, uint32_t sc, uint32_t nbufs)
{
	struct shell sh = shell_start();
	struct shell_reply head;

	send_header(sh.to, magic, LAB_SKEL_HANDLE, sc, nbufs);
	assert_int_equal(read_all(sh.from, &head, sizeof(head)), sizeof(head));
	assert_int_equal(head.magic, SHELL_REPLY_MAGIC);
	assert_int_equal(head.retval, EBADPARM);
	assert_int_equal(head.nout, 0);
	return shell_finish(&sh);
}

static void shell__bad_magic_answers_ebadparm_and_exits_2(void **state)
{
	(void)state;
	assert_int_equal(lost_framing_status(0x12345678, SC_MAKE(LAB_METHOD_NULL, 0, 0), 0), 2);
}

static void shell__nbufs_not_matching_sc_answers_ebadparm_and_exits_2(void **state)
{
	(void)state;
	assert_int_equal(lost_framing_status(SHELL_CALL_MAGIC, SC_MAKE(LAB_METHOD_ECHO, 1, 1), 1),
			 2);
	assert_int_equal(lost_framing_status(SHELL_CALL_MAGIC, SC_MAKE(LAB_METHOD_NULL, 0, 0),
					     SHELL_MAX_BUFS + 1), 2);
}

static void shell__eof_exits_0(void **state)
{
	struct shell sh = shell_start();

	(void)state;
	assert_int_equal(shell_finish(&sh), 0);
}

static void shell__eof_inside_a_header_exits_1(void **state)
{
	struct shell sh = shell_start();
	uint32_t magic = SHELL_CALL_MAGIC;

	(void)state;
	write_all(sh.to, &magic, sizeof(magic));
	assert_int_equal(shell_finish(&sh), 1);
}

static void shell__eof_inside_input_bytes_exits_1(void **state)
{
	struct shell sh = shell_start();
	uint32_t lens[2] = { 100, 100 };

	(void)state;
	send_header(sh.to, SHELL_CALL_MAGIC, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1), 2);
	write_all(sh.to, lens, sizeof(lens));
	write_all(sh.to, "only ten..", 10);
	assert_int_equal(shell_finish(&sh), 1);
}

/* ---- skeletons loaded from the host ----------------------------------------- */

#define CALC_URI "file:///libcalculator_skel.so?calculator_skel_handle_invoke&_modver=1.0&_dom=cdsp"

/* sum (2) or max (3) of the calculator, in the qaic layout; the result's bytes in *res. */
static int32_t calc_call(uint32_t h, uint32_t method, const int32_t *vec, uint32_t n, void *res)
{
	uint32_t len = n, cap = method == 2 ? 8 : 4;
	struct buf in[2] = { { &len, 4 }, { vec, n * 4 } };
	struct reply r;
	int32_t ret;

	ret = invoke(h, SC_MAKE(method, 2, 1), in, 2, &cap, 1, &r);
	if (!ret) {
		assert_int_equal(r.len[0], cap);
		memcpy(res, r.data[0], cap);
	}
	reply_free(&r);
	return ret;
}

/* The newest log line holding text, or NULL. */
static const struct log_line *log_find(const char *text)
{
	unsigned int i;

	for (i = nlogs; i-- > 0 && nlogs - i <= MAX_LOGS;) {
		if (strstr(logs[i % MAX_LOGS].str, text))
			return &logs[i % MAX_LOGS];
	}
	return NULL;
}

static void check_calculator(uint32_t h)
{
	static const int32_t vec[5] = { 7, -20, 1000000000, 2000000000, 3 };
	const struct log_line *l;
	int64_t sum;
	int32_t max;

	assert_int_equal(calc_call(h, 2, vec, 5, &sum), 0);
	assert_int_equal(sum, 2999999990ll);
	assert_int_equal(calc_call(h, 3, vec, 5, &max), 0);
	assert_int_equal(max, 2000000000);
	assert_int_equal(calc_call(h, 3, vec, 0, &max), EBADPARM);
	l = log_find("calculator: sum of 5 values is 2999999990");
	assert_non_null(l);
	assert_int_equal(l->level, 2);
	assert_string_equal(l->file, "calculator_skel.c");
	assert_true(l->line > 0);
	assert_non_null(log_find("calculator: max of 5 values is 2000000000"));
}

static void calculator__by_bare_name(void **state)
{
	uint32_t h;

	(void)state;
	h = open_ok(REMOTECTL1_HANDLE, "calculator");
	/* A bare name's handle_invoke entry is opened with the name as its uri. */
	assert_non_null(log_find("calculator: open calculator"));
	check_calculator(h);
	close_ok(h);
	assert_non_null(log_find("calculator: close"));
}

static void calculator__by_uri(void **state)
{
	uint32_t h;

	(void)state;
	h = open_ok(REMOTECTL_HANDLE, CALC_URI);
	assert_non_null(log_find("calculator: open " CALC_URI));
	check_calculator(h);
	close_ok(h);
}

static void calculator__two_skeletons_at_once(void **state)
{
	uint32_t c = open_ok(REMOTECTL1_HANDLE, "calculator");
	uint32_t l = open_ok(REMOTECTL1_HANDLE, "lab");
	uint32_t word = 5, cap = 8;
	struct buf in = { &word, 4 };
	struct reply r;

	(void)state;
	assert_int_not_equal(c, l);
	check_calculator(c);
	assert_int_equal(invoke(l, SC_MAKE(LAB_METHOD_SUM, 1, 1), &in, 1, &cap, 1, &r), 0);
	assert_int_equal(get32(r.data[0]), 5);
	reply_free(&r);
	/* Each handle reaches its own skeleton: the calculator has no method 4. */
	assert_int_equal(invoke(c, SC_MAKE(LAB_METHOD_SUM, 1, 1), &in, 1, &cap, 1, &r),
			 EUNSUPPORTED);
	close_ok(c);
	close_ok(l);
}

static void calculator__open_close_reopen(void **state)
{
	uint32_t h = open_ok(REMOTECTL1_HANDLE, CALC_URI), h2;
	int64_t sum;
	struct reply r;

	(void)state;
	close_ok(h);
	assert_int_equal(calc_call(h, 2, (const int32_t[]){ 1 }, 1, &sum), EBADPARM);
	assert_int_equal(close_on(REMOTECTL1_HANDLE, h, 64, &r), 0);
	assert_int_equal(get32(r.data[0]), (uint32_t)EBADPARM);
	reply_free(&r);
	h2 = open_ok(REMOTECTL1_HANDLE, CALC_URI);
	assert_int_not_equal(h2, h);
	check_calculator(h2);
	close_ok(h2);
}

/* Loaded once, counted: the second open reads nothing from the host. */
static void calculator__same_library_twice(void **state)
{
	uint32_t a = open_ok(REMOTECTL1_HANDLE, "calculator"), b, before = nfopen;
	int64_t sum;

	(void)state;
	b = open_ok(REMOTECTL1_HANDLE, CALC_URI);
	assert_int_equal(nfopen, before);
	assert_int_not_equal(a, b);
	close_ok(a);
	assert_int_equal(calc_call(b, 2, (const int32_t[]){ 4, 5 }, 2, &sum), 0);
	assert_int_equal(sum, 9);
	close_ok(b);
	/* Unloaded at the last close: the next open reads the file again. */
	a = open_ok(REMOTECTL1_HANDLE, "calculator");
	assert_int_equal(nfopen, before + 1);
	close_ok(a);
}

static void load__failures_answer_nerr_and_dlerror(void **state)
{
	const int32_t nosuch = AEE_DSP_ERR(AEE_ENOSUCHMOD);

	(void)state;
	open_fails("nosuch", nosuch, "libnosuch_skel.so: no such file in the host's search path");
	open_fails("notelf", nosuch, "libnotelf_skel.so: not an ELF file");
	open_fails("x86", nosuch, "libx86_skel.so: ELF machine 62, not Hexagon");
	open_fails("trunc", nosuch, "libtrunc_skel.so: truncated: segment 1 beyond the end of the "
		   "file");
	open_fails("phoff", nosuch, "libphoff_skel.so: truncated: program headers beyond the end "
		   "of the file");
	open_fails("buckets", nosuch, NULL);
	open_fails("unres", nosuch, "libunres_skel.so: unresolved symbol HAP_debug_v9");
	open_fails("noentry", nosuch, "libnoentry_skel.so: no symbol noentry_skel_handle_invoke or "
		   "noentry_skel_invoke");
	open_fails("file:///libcalculator_skel.so?calc_invoke&_modver=1.0", nosuch,
		   "libcalculator_skel.so: no symbol calc_invoke");
	open_fails("needs", nosuch, "libneeds_skel.so: needs libcalculator_skel.so, which the DSP "
		   "process does not have");
	open_fails("file:///libcalculator_skel.so", AEE_DSP_ERR(AEE_EBADPARM), NULL);
	open_fails("../etc", AEE_DSP_ERR(AEE_EBADPARM), NULL);
	/* And the good one still loads. */
	close_ok(open_ok(REMOTECTL1_HANDLE, "calculator"));
}

/* DT_INIT runs at load, DT_FINI_ARRAY at the last close; a reload starts afresh. */
static void load__init_and_fini_run(void **state)
{
	uint32_t cap = 8, h, round;
	struct reply r;

	(void)state;
	for (round = 0; round < 2; round++) {
		h = open_ok(REMOTECTL1_HANDLE, "initfini");
		assert_non_null(log_find("initfini: init 1"));
		assert_int_equal(invoke(h, SC_MAKE(2, 0, 1), NULL, 0, &cap, 1, &r), 0);
		assert_int_equal(get32(r.data[0]), 1);
		assert_int_equal(get32(r.data[0] + 4), 0x5eed);	/* a relocated pointer */
		reply_free(&r);
		nlogs = 0;
		close_ok(h);
		assert_non_null(log_find("initfini: fini after 1 inits"));
	}
}

/* An answer whose outputs are not what was asked: refused as a DSP's unpack refuses it. */
static void rcall__wrong_output_lengths_are_refused(void **state)
{
	static const enum rcall_fault faults[] = {
		FAULT_SHORT_OUTPUT, FAULT_TRAILING, FAULT_REFUSE,
	};
	unsigned int i;
	uint32_t before;

	(void)state;
	for (i = 0; i < 3; i++) {
		before = nrcalls;
		fault = faults[i];
		open_fails("calculator", AEE_DSP_ERR(AEE_ENOSUCHMOD), NULL);
		fault = FAULT_NONE;
		assert_true(nrcalls > before);
		close_ok(open_ok(REMOTECTL1_HANDLE, "calculator"));
	}
}

/* The lab skeleton was preloaded on its handle; by name it is a file like any other. */
static void preload__lab_is_served_on_its_handle(void **state)
{
	struct reply r;
	uint32_t h;

	(void)state;
	assert_int_equal(invoke(LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, NULL, 0,
				&r), 0);
	h = open_ok(REMOTECTL1_HANDLE, "file:///liblab_skel.so?lab_skel_handle_invoke&_modver=1.0");
	assert_int_not_equal(h, LAB_SKEL_HANDLE);
	assert_int_equal(invoke(h, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, NULL, 0, &r), 0);
	close_ok(h);
	/* Closing the preloaded handle succeeds, and it stays. */
	close_ok(LAB_SKEL_HANDLE);
	assert_int_equal(invoke(LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, NULL, 0,
				&r), 0);
}

/* ---- mappings placed in the process ------------------------------------------ */

/* qemu-hexagon-static 7.2 has 64 KiB target pages: only such mappings can be placed. */
#define EDGE_VADDR	0x30000000ull
#define EDGE_LEN	(64u << 10)

static void send_map(int fd, uint32_t op, uint64_t vaddr, uint32_t len, uint64_t phys)
{
	struct shell_map rec = { SHELL_MAP_MAGIC, op, len, 0, vaddr, phys };

	write_all(fd, &rec, sizeof(rec));
}

static int32_t arange_on(struct shell *sh, uint32_t method, uint64_t addr, uint32_t len,
			 uint32_t seed, struct lab_check *res, struct reply *r)
{
	struct lab_arange a = { addr, len, seed };
	struct buf in = { &a, sizeof(a) };
	uint32_t cap = sizeof(*res);
	int32_t ret;

	send_call(sh->to, LAB_SKEL_HANDLE, SC_MAKE(method, 1, res ? 1 : 0), &in, 1, &cap,
		  res ? 1 : 0);
	ret = recv_reply_on(sh->to, sh->from, r, &cap, res ? 1 : 0);
	if (!ret && res)
		memcpy(res, r->data[0], sizeof(*res));
	reply_free(r);
	return ret;
}

/* FILL on a placed mapping writes the pages themselves: the file behind fd 3 shows it. */
static void map__fill_reaches_the_edge_pages_directly(void **state)
{
	static uint8_t page[EDGE_LEN];
	char path[] = "/tmp/hexagon-edge.XXXXXX";
	int fd = mkstemp(path);
	struct lab_check res;
	struct shell sh;
	struct reply r;
	uint32_t i;

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(ftruncate(fd, 2 * EDGE_LEN), 0);
	sh = shell_start_with(1, fd);
	/* The second half of the file, at the DSP address. */
	send_map(sh.to, SHELL_MAP_ADD, EDGE_VADDR, EDGE_LEN, EDGE_LEN);
	assert_int_equal(arange_on(&sh, LAB_METHOD_FILL, EDGE_VADDR + 100, 9000, 4, NULL, &r), 0);
	assert_int_equal(r.nmem, 0);
	assert_int_equal(pread(fd, page, EDGE_LEN, EDGE_LEN), EDGE_LEN);
	for (i = 0; i < 9000; i++)
		assert_int_equal(page[100 + i], pattern(4, i));
	assert_int_equal(page[99], 0);
	assert_int_equal(page[9100], 0);
	/* The host's writes are seen by CHECK the same way. */
	page[5000] ^= 0xff;
	assert_int_equal(pwrite(fd, page, EDGE_LEN, EDGE_LEN), EDGE_LEN);
	assert_int_equal(arange_on(&sh, LAB_METHOD_CHECK, EDGE_VADDR + 100, 9000, 4, &res, &r), 0);
	assert_int_equal(r.nmem, 0);
	assert_int_equal(res.ok, 0);
	assert_int_equal(res.first_bad, 4900);
	/* A range past the mapping goes to vdspd (which refuses it here). */
	assert_int_equal(arange_on(&sh, LAB_METHOD_FILL, EDGE_VADDR + EDGE_LEN - 4, 8, 1, NULL, &r),
			 EBADPARM);
	assert_int_equal(r.nmem, 1);
	/* Removed: gone from the process, so vdspd is asked again. */
	send_map(sh.to, SHELL_MAP_REMOVE, EDGE_VADDR, EDGE_LEN, 0);
	assert_int_equal(arange_on(&sh, LAB_METHOD_FILL, EDGE_VADDR, 8, 1, NULL, &r), EBADPARM);
	assert_int_equal(r.nmem, 1);
	/* A mapping over the shell's own memory is left out, never placed over it. */
	send_map(sh.to, SHELL_MAP_ADD, 0x10000, EDGE_LEN, 0);
	assert_int_equal(arange_on(&sh, LAB_METHOD_FILL, 0x10000, 8, 1, NULL, &r), EBADPARM);
	assert_int_equal(r.nmem, 1);
	assert_int_equal(shell_finish(&sh), 0);
	close(fd);
}

/* ---- the files the host serves ----------------------------------------------- */

static void put_file(const char *name, const uint8_t *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", files_dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd)) {
		fprintf(stderr, "hexagon_shell: cannot write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

/* Replaces the first occurrence of from with to (as long) in the copy. */
static void patch_string(uint8_t *elf, size_t len, const char *from, const char *to)
{
	size_t n = strlen(from), i;

	for (i = 0; i + n <= len; i++) {
		if (!memcmp(elf + i, from, n)) {
			memcpy(elf + i, to, n);
			return;
		}
	}
	fprintf(stderr, "hexagon_shell: %s not in the skeleton\n", from);
	exit(1);
}

/* The file offset of the dynamic entry with tag, through PT_DYNAMIC. */
static size_t dyn_entry(const uint8_t *elf, size_t len, uint32_t tag)
{
	uint32_t phoff = get32_raw(elf + 28), i, off, size;
	uint16_t phnum;

	memcpy(&phnum, elf + 44, 2);
	for (i = 0; i < phnum; i++) {
		const uint8_t *ph = elf + phoff + 32 * i;

		if (get32_raw(ph) != 2)
			continue;
		off = get32_raw(ph + 4);
		size = get32_raw(ph + 16);
		for (; size >= 8 && off + 8 <= len; off += 8, size -= 8) {
			if (get32_raw(elf + off) == tag)
				return off;
		}
	}
	fprintf(stderr, "hexagon_shell: no dynamic tag %u\n", tag);
	exit(1);
}

/* The skeletons, and one broken copy of the calculator per failure the shell names. */
static void make_files(void)
{
	size_t len, lab_len, off;
	uint8_t *calc = slurp(calc_skel_path, &len), *lab = slurp(lab_skel_path, &lab_len);
	uint8_t *c = malloc(len);
	uint32_t v;

	if (!mkdtemp(files_dir)) {
		perror("hexagon_shell: mkdtemp");
		exit(1);
	}
	put_file("libcalculator_skel.so", calc, len);
	put_file("liblab_skel.so", lab, lab_len);
	free(lab);
	lab = slurp(initfini_path, &lab_len);
	put_file("libinitfini_skel.so", lab, lab_len);
	put_file("libnoentry_skel.so", calc, len);
	put_file("libnotelf_skel.so", (const uint8_t *)"not an ELF at all\n", 18);
	memcpy(c, calc, len);
	c[18] = 62;
	c[19] = 0;
	put_file("libx86_skel.so", c, len);
	put_file("libtrunc_skel.so", calc, 1024);
	memcpy(c, calc, len);
	v = 0xfffffff0u;
	memcpy(c + 28, &v, 4);
	put_file("libphoff_skel.so", c, len);
	memcpy(c, calc, len);
	off = get32_raw(c + dyn_entry(c, len, 4) + 4);	/* DT_HASH's vaddr: the file offset here */
	v = 0x7fffffffu;
	memcpy(c + off, &v, 4);
	put_file("libbuckets_skel.so", c, len);
	memcpy(c, calc, len);
	patch_string(c, len, "HAP_debug_v2", "HAP_debug_v9");
	put_file("libunres_skel.so", c, len);
	memcpy(c, calc, len);
	v = 1;					/* DT_SONAME becomes DT_NEEDED */
	memcpy(c + dyn_entry(c, len, 14), &v, 4);
	put_file("libneeds_skel.so", c, len);
	free(c);
	free(calc);
	free(lab);
}

static void remove_files(void)
{
	char path[PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(files_dir);

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", files_dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(files_dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest shared_shell[] = {
		cmocka_unit_test(lab_null__returns_zero),
		cmocka_unit_test(lab_null__with_a_buffer_is_ebadparm),
		cmocka_unit_test(lab_echo__0_bytes),
		cmocka_unit_test(lab_echo__1_byte),
		cmocka_unit_test(lab_echo__4096_bytes),
		cmocka_unit_test(lab_echo__100000_bytes),
		cmocka_unit_test(lab_echo__16_mib),
		cmocka_unit_test(lab_echo__short_output_gets_what_fits),
		cmocka_unit_test(lab_echo__long_output_gets_the_input),
		cmocka_unit_test(lab_echo__two_inputs_is_ebadparm),
		cmocka_unit_test(lab_echo__in_handle_in_sc_is_ebadparm),
		cmocka_unit_test(lab_sum__one_mib_of_counting),
		cmocka_unit_test(lab_sum__carries_past_32_bits),
		cmocka_unit_test(lab_sum__of_nothing_is_zero),
		cmocka_unit_test(lab_sum__ragged_input_is_ebadparm),
		cmocka_unit_test(lab_sum__short_output_is_ebadparm),
		cmocka_unit_test(lab_sleep__50ms_takes_50ms),
		cmocka_unit_test(lab_sleep__wrong_size_is_ebadparm),
		cmocka_unit_test(lab_sleep__with_an_output_is_ebadparm),
		cmocka_unit_test(lab__unknown_methods_are_eunsupported),
		cmocka_unit_test(remotectl_open__lab_loads_liblab_skel_so),
		cmocka_unit_test(remotectl_open__unknown_name_fails_in_nerr_and_dlerror),
		cmocka_unit_test(remotectl_open__wrong_buffers_are_ebadparm),
		cmocka_unit_test(remotectl_close__lab_closes_others_fail_in_nerr),
		cmocka_unit_test(remotectl_close__wrong_buffers_are_ebadparm),
		cmocka_unit_test(remotectl__other_methods_are_eunsupported),
		cmocka_unit_test(shell__unknown_handle_is_ebadparm),
		cmocka_unit_test(shell__output_over_the_limit_is_ebadparm),
		cmocka_unit_test(shell__input_over_the_limit_is_ebadparm),
		cmocka_unit_test(shell__call_too_big_for_memory_is_enomemory),
		cmocka_unit_test(shell__pipelined_calls_are_answered_in_order),
		cmocka_unit_test(shell__call_in_one_byte_writes),
		cmocka_unit_test_teardown(lab_fill__writes_the_pattern_through_vdspd, regions_teardown),
		cmocka_unit_test_teardown(lab_check__finds_the_first_bad_byte, regions_teardown),
		cmocka_unit_test_teardown(lab_fill__outside_a_mapping_is_ebadparm, regions_teardown),
		cmocka_unit_test(lab_fill__wrong_buffers_are_ebadparm),
		cmocka_unit_test_teardown(lab_hold__keeps_handles_until_dropped, regions_teardown),
		cmocka_unit_test_teardown(lab_hcheck__on_a_handle_of_this_call_lets_go_of_it,
					  regions_teardown),
		cmocka_unit_test(lab_hold__wrong_arguments_keep_nothing),
		cmocka_unit_test(shell__more_unkept_handles_than_the_fd_list_holds),
		cmocka_unit_test(lab_xor__odd_sizes),
		cmocka_unit_test(lab_xor__16_mib),
		cmocka_unit_test(lab_xor__output_of_another_length_is_ebadparm),
		cmocka_unit_test(calculator__by_bare_name),
		cmocka_unit_test(calculator__by_uri),
		cmocka_unit_test(calculator__two_skeletons_at_once),
		cmocka_unit_test(calculator__open_close_reopen),
		cmocka_unit_test(calculator__same_library_twice),
		cmocka_unit_test(load__failures_answer_nerr_and_dlerror),
		cmocka_unit_test(load__init_and_fini_run),
		cmocka_unit_test(rcall__wrong_output_lengths_are_refused),
		cmocka_unit_test(preload__lab_is_served_on_its_handle),
	};
	const struct CMUnitTest own_shell[] = {
		cmocka_unit_test(shell__bad_magic_answers_ebadparm_and_exits_2),
		cmocka_unit_test(shell__nbufs_not_matching_sc_answers_ebadparm_and_exits_2),
		cmocka_unit_test(shell__eof_exits_0),
		cmocka_unit_test(shell__eof_inside_a_header_exits_1),
		cmocka_unit_test(shell__eof_inside_input_bytes_exits_1),
		cmocka_unit_test(shell__malformed_memory_answer_exits_1),
		cmocka_unit_test(map__fill_reaches_the_edge_pages_directly),
	};
	int failed;

	if (argc != 6) {
		fprintf(stderr, "usage: %s QEMU SHELL LAB_SKEL CALCULATOR_SKEL INITFINI_SKEL\n",
			argv[0]);
		return 2;
	}
	qemu_path = argv[1];
	shell_path = argv[2];
	lab_skel_path = argv[3];
	calc_skel_path = argv[4];
	initfini_path = argv[5];
	if (access(qemu_path, X_OK)) {
		printf("hexagon_shell: cannot run %s (%s): skipped\n", qemu_path, strerror(errno));
		return EXIT_SKIP;
	}
	/* A shell that dies must fail an assertion, not kill the test with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	make_files();
	failed = cmocka_run_group_tests_name("hexagon shell, one process", shared_shell,
					     group_setup, group_teardown);
	failed += cmocka_run_group_tests_name("hexagon shell, own processes", own_shell,
					      NULL, NULL);
	remove_files();
	return failed ? 1 : 0;
}
