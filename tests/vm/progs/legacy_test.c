// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * legacy_test: the misc driver's UAPI (<misc/fastrpc.h>, /dev/fastrpc-*)
 * as existing programs use it, against whichever driver serves the nodes:
 * upstream's drivers/misc/fastrpc.c (fastrpc.ko, Linux 6.12) or ours.
 * vdspd and the Hexagon lab shell answer for the DSP in both cases.
 *
 * Every case prints one "PASS:"/"FAIL:" line (labtest.h), checked against
 * the expectation of the driver named by --driver, and one record line
 *
 *     legacy: <case>: <result>
 *
 * to the --record file, in the same form for both drivers, so that the
 * records of two runs compare equal when the drivers answer alike.
 * <result> is "ok", an errno name, or the value ioctl() returned when it
 * was neither 0 nor -1 (a DSP error the driver passed through).  Where the
 * drivers are meant to differ, the line names each driver's expectation
 * instead, "EPERM (ours) / ok (upstream 6.12: why)", as long as this
 * driver met its own; otherwise it shows what this driver did.
 *
 * A few cases trip bugs of upstream 6.12.  Those the lab's oracle reports
 * on their own (a WARNING in the page allocator, a kmemleak leak) are run
 * against upstream only with --upstream-bugs; those that oops the kernel
 * (a create that copies its file from user memory) never are.  Their
 * record line is written all the same.  What each does was measured in the
 * lab (see the case).
 *
 * Two facts of upstream shape the order of the cases below:
 * - fastrpc_device_open() takes a context-bank session for every open
 *   file and fails with -EBUSY when none is free.  The lab's edge gives
 *   each domain three banks, and cdsp's two nodes draw on the same three,
 *   so this program never holds more than three cdsp files at once.
 * - Closing any file sends the DSP "release" for the caller's process
 *   (its tgid), which ends the DSP process that another file of the same
 *   process created, and the DSP knows one client per process: a second
 *   create or attach from the same process, while the first lives, is
 *   refused by the DSP.  Each session below therefore lives alone and is
 *   closed before the next one starts.
 *
 * usage: legacy_test --driver upstream|ours [--record FILE] [--upstream-bugs] SHELL_ELF
 *
 * The exit status is 0 iff every check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/dma-heap.h>
#include <misc/fastrpc.h>

#include "labtest.h"
#include "shell_proto.h"

#define NODE_CDSP	"/dev/fastrpc-cdsp"
#define NODE_CDSP_SEC	"/dev/fastrpc-cdsp-secure"
#define NODE_ADSP	"/dev/fastrpc-adsp"
#define DMA_HEAP	"/dev/dma_heap/system"
#define NOBODY		65534

#define PAGE		4096u
#define KiB		1024u
#define MiB		(1024u * 1024u)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Facts of drivers/misc/fastrpc.c (6.12) that its UAPI header leaves out. */
#define INIT_FILELEN_MAX		(2 * MiB)
#define INIT_FILE_NAMELEN_MAX		128
#define ADSP_MMAP_REMOTE_HEAP_ADDR	8
#define ADSP_MMAP_ADD_PAGES		0x1000
#define ADSP_MMAP_ADD_PAGES_LLC		0x3000
#define FASTRPC_MAX_DSP_ATTRIBUTES	256
#define ADSP_DOMAIN_ID			0
#define MDSP_DOMAIN_ID			1
#define CDSP_DOMAIN_ID			3
#define FASTRPC_DEV_MAX			5
#define FASTRPC_INIT_HANDLE		1

#define SCALARS(method, in, out) \
	((uint32_t)(method) << 24 | (uint32_t)(in) << 16 | (uint32_t)(out) << 8)

/* Why the drivers differ, for the record lines. */
#define WHY_ATTACH	"anyone may attach; bab2f5e8fd5d kept it to -secure nodes, " \
			"9bb5e74b2bf8 reverted that"
#define WHY_ATTRS	"process attributes go to the DSP unchecked"
/* Where ours checks what upstream leaves to the DSP (legacy.rst says why). */
#define WHY_MMAP	"fastrpc_mmap() warns: dma_resv_assert_held() on a lock the " \
			"6.12 dma-buf core does not take for mmap(); unfixed"
#define WHY_PAGES	"the buffer keeps the size asked for; ours rounds it up to pages"
#define WHY_HEAP	"sent to the DSP; ours lends a static PD its heap at creation"
#define WHY_NO_SESSION	"sent to the DSP's root PD under the caller's pid"
#define WHY_CHECKED	"sent to the DSP unchecked"
#define WHY_RESERVED	"version and reserved fields go unread, so they can never be given a meaning"
#define WHY_SECUREMAP	"the attribute is dropped: the buffer is mapped, not securely as asked"
#define WHY_ALLOC_ZERO	"a WARNING in the page allocator (order > MAX_PAGE_ORDER), unfixed"
#define WHY_ALLOC_HUGE	"the same, and only then ENOMEM, unfixed"
#define WHY_CREATE_TWICE "the DSP refuses, the first create's init memory leaks, unfixed"
#define WHY_USER_FILE	"the create goes out as a kernel call, so the file is memcpy()d " \
			"from user memory: a supervisor page fault, unfixed"

enum driver { OURS, UPSTREAM };

static enum driver driver;
static const char *const driver_names[] = { [OURS] = "ours", [UPSTREAM] = "upstream" };
static bool upstream_bugs;
static FILE *record_file;

/* One writable page followed by one that faults: addresses to hand over. */
static unsigned char *guard;
#define HOLE	((void *)(guard + PAGE))

/* A dma-buf, mapped. */
struct dbuf {
	int fd;
	size_t size;
	unsigned char *map;
};

/* The shell ELF in an ALLOC_DMA_BUFF dma-buf, as Qualcomm's library passes it. */
static struct dbuf shell = { .fd = -1 };

/* ---- results and records --------------------------------------------- */

/*
 * ioctl()'s result: 0, -errno when it returned -1, or what it returned
 * otherwise (upstream returns a DSP error as the ioctl's value: glibc
 * takes only -4095..-1 for an errno, so 0x8000040e comes back as it is).
 */
static int lcall(int fd, unsigned long req, void *arg)
{
	int ret = ioctl(fd, req, arg);

	return ret == -1 ? -errno : ret;
}

/* "ok", an errno name, or the value in hex (4 results per printf). */
static const char *res(int r)
{
	static char bufs[4][24];
	static unsigned int n;
	char *s = bufs[n++ % 4];
	const char *name;

	if (!r)
		return "ok";
	if (r < 0 && r >= -4095) {
		name = strerrorname_np(-r);
		if (name)
			return name;
		snprintf(s, sizeof(bufs[0]), "errno %d", -r);
		return s;
	}
	snprintf(s, sizeof(bufs[0]), "0x%08x", (unsigned int)r);
	return s;
}

static void record(const char *group, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void record(const char *group, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (!record_file)
		return;
	fprintf(record_file, "legacy: %s: %s: ", group, what);
	va_start(ap, fmt);
	vfprintf(record_file, fmt, ap);
	va_end(ap);
	fputc('\n', record_file);
	fflush(record_file);
}

/* A case both drivers answer @want. */
static bool expect(const char *group, const char *what, int got, int want)
{
	record(group, what, "%s", res(got));
	report(got == want, group, what, "got %s, want %s", res(got), res(want));
	return got == want;
}

/* A check that is no case of its own: a PASS/FAIL line, no record. */
static bool check(bool ok, const char *group, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static bool check(bool ok, const char *group, const char *what, const char *fmt, ...)
{
	char why[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	report(ok, group, what, "%s", why);
	return ok;
}

/* A value the case measured, recorded; both drivers give @want. */
static void expect_num(const char *group, const char *what, long long got, long long want)
{
	record(group, what, "%lld", got);
	report(got == want, group, what, "got %lld, want %lld", got, want);
}

/*
 * A case where the drivers are meant to answer differently: the record
 * names both expectations (so that the records still compare equal) when
 * this driver met its own, and what it did otherwise.  @upstream_text
 * says what upstream does when it does not answer (an oops), else NULL.
 */
static bool differ(const char *group, const char *what, int got, int ours, int upstream,
		   const char *upstream_text, const char *why)
{
	int want = driver == OURS ? ours : upstream;

	if (got == want)
		record(group, what, "%s (ours) / %s (upstream 6.12: %s)", res(ours),
		       upstream_text ? upstream_text : res(upstream), why);
	else
		record(group, what, "%s (unexpected from %s)", res(got),
		       driver_names[driver]);
	report(got == want, group, what, "got %s, want %s (%s)", res(got), res(want),
	       driver_names[driver]);
	return got == want;
}

static bool expect2(const char *group, const char *what, int got, int ours,
		    int upstream, const char *why)
{
	return differ(group, what, got, ours, upstream, NULL, why);
}

/*
 * A case that trips an upstream bug: against upstream it is not run, its
 * record line written as differ() would write it.  A bug the lab's oracle
 * reports by itself (a WARNING, a leak: @upstream_text NULL) is run all the
 * same with --upstream-bugs; one that kills the caller (an oops) never is.
 */
static bool upstream_skips(const char *group, const char *what, int ours, int upstream,
			   const char *upstream_text, const char *why)
{
	if (driver != UPSTREAM || (upstream_bugs && !upstream_text))
		return false;
	record(group, what, "%s (ours) / %s (upstream 6.12: %s)", res(ours),
	       upstream_text ? upstream_text : res(upstream), why);
	printf("legacy_test: %s: %s: not run on upstream (%s)%s\n", group, what, why,
	       upstream_text ? "" : "; --upstream-bugs runs it");
	fflush(stdout);
	return true;
}

/* ---- the ioctls ------------------------------------------------------ */

static int open_node(const char *path)
{
	/* As Qualcomm's library opens it: read-only, non-blocking. */
	int fd = open(path, O_RDONLY | O_NONBLOCK);

	return fd < 0 ? -errno : fd;
}

static int alloc_dma(int fd, uint64_t size, uint32_t flags, int *dfd)
{
	struct fastrpc_alloc_dma_buf a = { .fd = -1, .flags = flags, .size = size };
	int ret = lcall(fd, FASTRPC_IOCTL_ALLOC_DMA_BUFF, &a);

	*dfd = ret ? -1 : a.fd;
	return ret;
}

static int create(int fd, const void *file, uint32_t filelen, int filefd,
		  uint32_t attrs, uint32_t siglen)
{
	struct fastrpc_init_create c = {
		.filelen = filelen,
		.filefd = filefd,
		.attrs = attrs,
		.siglen = siglen,
		.file = (uintptr_t)file,
	};

	return lcall(fd, FASTRPC_IOCTL_INIT_CREATE, &c);
}

/* A user PD from the shell in its dma-buf (filefd), as Qualcomm's library creates one. */
static int create_shell(int fd, uint32_t attrs)
{
	return create(fd, shell.map, lab_shell_size, shell.fd, attrs, 0);
}

static int create_static(int fd, const void *name, uint32_t namelen, uint32_t memlen)
{
	struct fastrpc_init_create_static s = {
		.namelen = namelen,
		.memlen = memlen,
		.name = (uintptr_t)name,
	};

	return lcall(fd, FASTRPC_IOCTL_INIT_CREATE_STATIC, &s);
}

static int invoke(int fd, uint32_t handle, uint32_t sc, struct fastrpc_invoke_args *args)
{
	struct fastrpc_invoke inv = { .handle = handle, .sc = sc, .args = (uintptr_t)args };

	return lcall(fd, FASTRPC_IOCTL_INVOKE, &inv);
}

/* An argument: copied when @fd is -1, passed by its pages for a dma-buf. */
static struct fastrpc_invoke_args arg(const void *ptr, uint64_t len, int fd)
{
	return (struct fastrpc_invoke_args){ .ptr = (uintptr_t)ptr, .length = len, .fd = fd };
}

static int null_call(int fd)
{
	return invoke(fd, LAB_SKEL_HANDLE, SCALARS(LAB_METHOD_NULL, 0, 0), NULL);
}

static int echo_call(int fd, struct fastrpc_invoke_args in, struct fastrpc_invoke_args out)
{
	struct fastrpc_invoke_args a[2] = { in, out };

	return invoke(fd, LAB_SKEL_HANDLE, SCALARS(LAB_METHOD_ECHO, 1, 1), a);
}

static int dsp_info(int fd, uint32_t domain, uint32_t attr, uint32_t *value)
{
	struct fastrpc_ioctl_capability cap = { .domain = domain, .attribute_id = attr };
	int ret = lcall(fd, FASTRPC_IOCTL_GET_DSP_INFO, &cap);

	if (value)
		*value = cap.capability;
	return ret;
}

static void pattern(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed + i * 7);
}

static bool has_pattern(const unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (unsigned char)(seed + i * 7))
			return false;
	return true;
}

static void *map_dbuf(int dfd, size_t len)
{
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);

	return m == MAP_FAILED ? NULL : m;
}

static void dbuf_free(struct dbuf *b)
{
	if (b->map)
		munmap(b->map, b->size);
	if (b->fd >= 0)
		close(b->fd);
	*b = (struct dbuf){ .fd = -1 };
}

/* A pipe's read end: an fd that is no dma-buf. */
/* A descriptor number that is free: opened, then closed. */
static int closed_fd(void)
{
	int fd = dup(0);

	close(fd);
	return fd;
}

static int not_dmabuf(void)
{
	static int p[2] = { -1, -1 };

	if (p[0] < 0 && pipe(p))
		return -1;
	return p[0];
}

/* ---- open ------------------------------------------------------------ */

static void test_open(void)
{
	static const char *const nodes[] = { NODE_CDSP, NODE_CDSP_SEC, NODE_ADSP };
	char what[96];
	unsigned int i;
	int fd;

	for (i = 0; i < ARRAY_SIZE(nodes); i++) {
		fd = open_node(nodes[i]);
		snprintf(what, sizeof(what), "%s opens O_RDONLY|O_NONBLOCK", nodes[i]);
		expect("open", what, fd < 0 ? fd : 0, 0);
		if (fd >= 0)
			close(fd);
	}
}

/* ---- ALLOC_DMA_BUFF on a file that never creates a process ----------- */

/* The system heap's middle chunk order: 64 KiB, physically contiguous. */
#define HEAP_CHUNK	(64 * KiB)

/*
 * A dma-buf from the system heap, in place of one of ALLOC_DMA_BUFF's where
 * upstream cannot map its own (WHY_MMAP); @len is rounded up to 64 KiB so
 * that the heap hands out whole order-4 chunks: upstream passes a dma-buf
 * to the DSP by its first page and length, which must be contiguous (on a
 * fragmented guest small pages are not).  -errno on failure.
 */
static int heap_alloc(size_t *len)
{
	struct dma_heap_allocation_data hd = { .fd_flags = O_RDWR | O_CLOEXEC };
	int heap = open(DMA_HEAP, O_RDONLY | O_CLOEXEC), ret;

	*len = (*len + HEAP_CHUNK - 1) / HEAP_CHUNK * HEAP_CHUNK;
	hd.len = *len;
	if (heap < 0)
		return -errno;
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &hd) ? -errno : (int)hd.fd;
	close(heap);
	return ret;
}

/*
 * Map ALLOC_DMA_BUFF's dma-buf @dfd for a case: on upstream, which warns
 * (WHY_MMAP), the case is recorded as skipped and NULL returned.
 */
static void *map_alloced(const char *what, int dfd, size_t len)
{
	void *m;

	if (upstream_skips("alloc", what, 0, 0, NULL, WHY_MMAP))
		return NULL;
	m = map_dbuf(dfd, len);
	differ("alloc", what, m ? 0 : -errno, 0, 0, NULL, WHY_MMAP);
	return m;
}

/*
 * @buf: a 64 KiB buffer, mapped, for later cases; also fills in the
 * shell's.  On upstream both come from the system heap (WHY_MMAP).
 */
static void test_alloc(int fd, struct dbuf *buf)
{
	unsigned char *m;
	int dfd, ret;

	ret = alloc_dma(fd, 64 * KiB, 0, &dfd);
	if (expect("alloc", "64 KiB", ret, 0)) {
		expect_num("alloc", "64 KiB: the dma-buf's size (lseek SEEK_END)",
			   lseek(dfd, 0, SEEK_END), 64 * KiB);
		m = map_alloced("64 KiB: mmap of the dma-buf", dfd, 64 * KiB);
		if (!m && driver == UPSTREAM) {
			size_t len = 64 * KiB;

			close(dfd);
			dfd = heap_alloc(&len);
			m = dfd >= 0 ? map_dbuf(dfd, len) : NULL;
			if (!m && dfd >= 0) {
				close(dfd);
				dfd = -1;
			}
		}
		if (m) {
			pattern(m, 64 * KiB, 1);
			check(has_pattern(m, 64 * KiB, 1), "alloc",
			      "64 KiB: what is written through the mapping reads back", "it does not");
			*buf = (struct dbuf){ .fd = dfd, .size = 64 * KiB, .map = m };
		} else if (dfd >= 0) {
			close(dfd);
		}
	}

	/* The dma-buf is as large as asked; only whole pages map. */
	ret = alloc_dma(fd, PAGE + 1, 0, &dfd);
	if (expect("alloc", "4097 bytes (not a page multiple)", ret, 0)) {
		expect2("alloc", "4097 bytes: the dma-buf's size (lseek SEEK_END)",
			(int)lseek(dfd, 0, SEEK_END), 2 * PAGE, PAGE + 1, WHY_PAGES);
		/* Upstream refuses 2 pages before its warning, maps 1 after it. */
		m = map_dbuf(dfd, 2 * PAGE);
		expect2("alloc", "4097 bytes: mmap of 2 pages", m ? 0 : -errno, 0, -EINVAL,
			WHY_PAGES);
		if (m)
			munmap(m, 2 * PAGE);
		m = map_alloced("4097 bytes: mmap of 1 page", dfd, PAGE);
		if (m)
			munmap(m, PAGE);
		close(dfd);
	}

	/* Upstream ignores the flags word. */
	ret = alloc_dma(fd, PAGE, 0xffffffffu, &dfd);
	if (expect("alloc", "flags 0xffffffff", ret, 0))
		close(dfd);

	/*
	 * Measured with --upstream-bugs: both ENOMEM, after a WARNING at
	 * mm/page_alloc.c (__alloc_pages_noprof, order > MAX_PAGE_ORDER:
	 * get_order(0) is 52) under __fastrpc_buf_alloc; ours asks for
	 * __GFP_NOWARN.
	 */
	if (!upstream_skips("alloc", "size 0", -EINVAL, -ENOMEM, NULL, WHY_ALLOC_ZERO)) {
		ret = alloc_dma(fd, 0, 0, &dfd);
		expect2("alloc", "size 0", ret, -EINVAL, -ENOMEM, WHY_ALLOC_ZERO);
		if (!ret)
			close(dfd);
	}
	if (!upstream_skips("alloc", "1 TiB", -ENOMEM, -ENOMEM, NULL, WHY_ALLOC_HUGE)) {
		ret = alloc_dma(fd, 1ull << 40, 0, &dfd);
		expect2("alloc", "1 TiB", ret, -ENOMEM, -ENOMEM, WHY_ALLOC_HUGE);
		if (!ret)
			close(dfd);
	}
	expect("alloc", "argument at an unmapped address",
	       lcall(fd, FASTRPC_IOCTL_ALLOC_DMA_BUFF, HOLE), -EFAULT);

	/* The shell in a dma-buf, as Qualcomm's library passes it to create. */
	shell.size = (lab_shell_size + PAGE - 1) / PAGE * PAGE;
	ret = alloc_dma(fd, shell.size, 0, &shell.fd);
	if (expect("alloc", "a buffer for the shell", ret, 0)) {
		if (driver == UPSTREAM) {
			close(shell.fd);
			shell.fd = heap_alloc(&shell.size);
		}
		shell.map = shell.fd >= 0 ? map_dbuf(shell.fd, shell.size) : NULL;
		if (check(shell.map != NULL, "alloc", "the shell's buffer maps", "%s",
			  strerror(errno)))
			memcpy(shell.map, lab_shell, lab_shell_size);
	}
}

/* ---- INVOKE ---------------------------------------------------------- */

static void test_invoke_copies(int fd)
{
	uint32_t words[4] = { 1, 2, 3, 0xffffffffu };
	unsigned char in[16], out[16];
	uint64_t sum = 0;
	uint32_t small;
	int ret, err;

	expect("invoke", "null", null_call(fd), 0);

	pattern(in, sizeof(in), 3);
	memset(out, 0, sizeof(out));
	ret = echo_call(fd, arg(in, sizeof(in), -1), arg(out, sizeof(out), -1));
	if (expect("invoke", "echo 16 bytes, copied (fd -1)", ret, 0))
		check(!memcmp(in, out, sizeof(in)), "invoke", "echo: the 16 bytes come back",
		      "they differ");

	{
		struct fastrpc_invoke_args a[2] = { arg(words, sizeof(words), -1),
						    arg(&sum, sizeof(sum), -1) };

		ret = invoke(fd, LAB_SKEL_HANDLE, SCALARS(LAB_METHOD_SUM, 1, 1), a);
		if (expect("invoke", "sum of 4 words", ret, 0))
			expect_num("invoke", "sum: the value", (long long)sum, 4294967301ll);
	}

	/*
	 * A DSP error: upstream returns the DSP's retval as the ioctl's value
	 * (fastrpc_internal_invoke: err = ctx->retval), so ioctl() returns it
	 * and leaves errno alone.
	 */
	{
		struct fastrpc_invoke_args a[2] = { arg(words, sizeof(words), -1),
						    arg(&small, sizeof(small), -1) };

		errno = EILSEQ;
		ret = invoke(fd, LAB_SKEL_HANDLE, SCALARS(LAB_METHOD_SUM, 1, 1), a);
		err = errno;
		record("invoke", "a DSP error (sum into 4 bytes)", "%s, errno %s", res(ret),
		       err == EILSEQ ? "untouched" : "changed");
		check(ret == AEE_DSP_ERR(AEE_EBADPARM) && err == EILSEQ, "invoke",
		      "a DSP error (sum into 4 bytes)",
		      "got %s with errno %s, want %s with errno untouched (EILSEQ)", res(ret),
		      res(-err), res(AEE_DSP_ERR(AEE_EBADPARM)));
	}
}

static void test_invoke_dmabuf(int fd, const struct dbuf *buf)
{
	unsigned char plain[1000];
	struct dma_heap_allocation_data hd = {
		.len = PAGE,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};
	unsigned char *m;
	int heap, ret;

	if (!check(buf->map != NULL, "invoke", "a 64 KiB dma-buf to pass", "none allocated"))
		return;

	/* In by its pages: the DSP reads what was written through the mapping. */
	pattern(buf->map + 100, sizeof(plain), 5);
	memset(plain, 0, sizeof(plain));
	ret = echo_call(fd, arg(buf->map + 100, sizeof(plain), buf->fd),
			arg(plain, sizeof(plain), -1));
	if (expect("invoke", "echo from an ALLOC_DMA_BUFF dma-buf", ret, 0))
		check(has_pattern(plain, sizeof(plain), 5), "invoke",
		      "echo from the dma-buf: its bytes come back", "they differ");

	/* Out by its pages: the mapping shows what the DSP wrote. */
	pattern(plain, sizeof(plain), 9);
	memset(buf->map + 2 * PAGE + 36, 0, sizeof(plain));
	ret = echo_call(fd, arg(plain, sizeof(plain), -1),
			arg(buf->map + 2 * PAGE + 36, sizeof(plain), buf->fd));
	if (expect("invoke", "echo into an ALLOC_DMA_BUFF dma-buf", ret, 0))
		check(has_pattern(buf->map + 2 * PAGE + 36, sizeof(plain), 9), "invoke",
		      "echo into the dma-buf: the mapping shows the bytes", "it does not");

	/* A buffer from the system heap, as the library prefers. */
	heap = open(DMA_HEAP, O_RDONLY | O_CLOEXEC);
	if (!check(heap >= 0, "invoke", "open " DMA_HEAP, "%s", strerror(errno)))
		return;
	ret = ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &hd) ? -errno : 0;
	close(heap);
	if (!check(!ret, "invoke", "a page from " DMA_HEAP, "%s", res(ret)))
		return;
	m = map_dbuf((int)hd.fd, PAGE);
	if (check(m != NULL, "invoke", "the heap's dma-buf maps", "%s", strerror(errno))) {
		pattern(m + 8, 512, 11);
		memset(plain, 0, sizeof(plain));
		ret = echo_call(fd, arg(m + 8, 512, (int)hd.fd), arg(plain, 512, -1));
		if (expect("invoke", "echo from a " DMA_HEAP " dma-buf", ret, 0))
			check(has_pattern(plain, 512, 11), "invoke",
			      "echo from the heap's dma-buf: its bytes come back", "they differ");
		munmap(m, PAGE);
	}
	close((int)hd.fd);
}

static void test_invoke_rejects(int fd)
{
	struct fastrpc_invoke_args *tail = (struct fastrpc_invoke_args *)HOLE - 2;
	unsigned char buf[64];
	int32_t pid = getpid();
	struct fastrpc_invoke_args a[1] = { arg(&pid, sizeof(pid), -1) };

	expect("invoke", "handle 1 (process init) from user space", invoke(fd, FASTRPC_INIT_HANDLE,
	       SCALARS(0, 1, 0), a), -EPERM);
	expect("invoke", "an in buffer at an unmapped address",
	       echo_call(fd, arg(HOLE, 64, -1), arg(buf, sizeof(buf), -1)), -EFAULT);
	expect("invoke", "an out buffer at an unmapped address",
	       echo_call(fd, arg(buf, sizeof(buf), -1), arg(HOLE, 64, -1)), -EFAULT);
	expect("invoke", "the argument array at an unmapped address",
	       invoke(fd, LAB_SKEL_HANDLE, SCALARS(LAB_METHOD_ECHO, 1, 1), HOLE), -EFAULT);
	/* Two arguments before the hole, sc asking for 255 + 255. */
	tail[0] = arg(buf, sizeof(buf), -1);
	tail[1] = arg(buf, sizeof(buf), -1);
	expect("invoke", "sc with more arguments than the array holds",
	       invoke(fd, LAB_SKEL_HANDLE, SCALARS(LAB_METHOD_ECHO, 255, 255), tail), -EFAULT);
	expect("invoke", "a buffer whose fd is no dma-buf",
	       echo_call(fd, arg(buf, sizeof(buf), not_dmabuf()), arg(buf, sizeof(buf), -1)),
	       -EINVAL);
	expect("invoke", "a buffer whose fd is not open",
	       echo_call(fd, arg(buf, sizeof(buf), closed_fd()), arg(buf, sizeof(buf), -1)),
	       -EINVAL);
}

/* ---- GET_DSP_INFO on a file that never creates a process ------------- */

static void test_dsp_info(int fd, const char *dom, uint32_t domain)
{
	static const uint32_t attrs[] = { 0, 1, 2, 3, 129, 131, 255 };
	struct fastrpc_ioctl_capability cap = { 0 };
	uint32_t value = 0, own = 0;
	int ret, first = 1;
	char what[96];
	unsigned int i;

	/*
	 * What the attributes hold is vdspd's table: every id in range must
	 * answer alike, all ok or all EOPNOTSUPP (a DSP without the table).
	 */
	for (i = 0; i < ARRAY_SIZE(attrs); i++) {
		ret = dsp_info(fd, domain, attrs[i], &value);
		snprintf(what, sizeof(what), "%s: attribute %u", dom, attrs[i]);
		if (!ret)
			record("info", what, "ok, value %u", value);
		else
			record("info", what, "%s", res(ret));
		if (first == 1)
			first = ret;
		if (attrs[i] == 1)
			own = value;
		if (ret != 0 && ret != -EOPNOTSUPP)
			check(false, "info", what, "got %s, want ok or EOPNOTSUPP", res(ret));
		else
			check(ret == first, "info", what, "got %s, the first attribute %s", res(ret),
			      res(first));
	}
	snprintf(what, sizeof(what), "%s: attribute %u (out of range)", dom,
		 FASTRPC_MAX_DSP_ATTRIBUTES);
	expect("info", what, dsp_info(fd, domain, FASTRPC_MAX_DSP_ATTRIBUTES, NULL), -EOVERFLOW);
	snprintf(what, sizeof(what), "%s: attribute 0xffffffff", dom);
	expect("info", what, dsp_info(fd, domain, 0xffffffffu, NULL), -EOVERFLOW);
	snprintf(what, sizeof(what), "%s: domain %u (none such)", dom, FASTRPC_DEV_MAX);
	expect("info", what, dsp_info(fd, FASTRPC_DEV_MAX, 1, NULL), -ECHRNG);
	snprintf(what, sizeof(what), "%s: domain 0xffffffff", dom);
	expect("info", what, dsp_info(fd, 0xffffffffu, 1, NULL), -ECHRNG);
	snprintf(what, sizeof(what), "%s: domain %u (the modem)", dom, MDSP_DOMAIN_ID);
	expect("info", what, dsp_info(fd, MDSP_DOMAIN_ID, 1, NULL), -ECHRNG);
	snprintf(what, sizeof(what), "%s: a bad domain before a bad attribute", dom);
	expect("info", what, dsp_info(fd, FASTRPC_DEV_MAX, FASTRPC_MAX_DSP_ATTRIBUTES, NULL),
	       -ECHRNG);
	/* Upstream checks the domain field for range only: the file's DSP answers. */
	ret = dsp_info(fd, domain == ADSP_DOMAIN_ID ? CDSP_DOMAIN_ID : ADSP_DOMAIN_ID, 1, &value);
	snprintf(what, sizeof(what), "%s: another DSP's domain id", dom);
	if (!ret)
		record("info", what, "ok, value %u", value);
	else
		record("info", what, "%s", res(ret));
	check(ret == first && (ret || value == own), "info", what,
	      "got %s value %u, the file's own domain %s value %u", res(ret), value, res(first), own);
	snprintf(what, sizeof(what), "%s: argument at an unmapped address", dom);
	expect("info", what, lcall(fd, FASTRPC_IOCTL_GET_DSP_INFO, HOLE), -EFAULT);
	/* Upstream answers as if the field were 0: as attribute 1 did. */
	cap.domain = domain;
	cap.attribute_id = 1;
	cap.reserved[3] = 1;
	snprintf(what, sizeof(what), "%s: reserved[3] 1", dom);
	expect2("info", what, lcall(fd, FASTRPC_IOCTL_GET_DSP_INFO, &cap), -EINVAL, first,
		WHY_RESERVED);
}

/* ---- MMAP, MUNMAP, MEM_MAP, MEM_UNMAP on a session ------------------- */

static int req_mmap(int fd, uint32_t flags, uint64_t vaddrin, uint64_t size, uint64_t *out)
{
	struct fastrpc_req_mmap r = { .fd = -1, .flags = flags, .vaddrin = vaddrin, .size = size };
	int ret = lcall(fd, FASTRPC_IOCTL_MMAP, &r);

	*out = r.vaddrout;
	return ret;
}

static int req_munmap(int fd, uint64_t vaddr, uint64_t size)
{
	struct fastrpc_req_munmap r = { .vaddrout = vaddr, .size = size };

	return lcall(fd, FASTRPC_IOCTL_MUNMAP, &r);
}

static int mem_map(int fd, int dfd, void *va, uint64_t len, uint64_t *out)
{
	struct fastrpc_mem_map m = {
		.fd = dfd,
		.flags = FASTRPC_MAP_FD,
		.vaddrin = (uintptr_t)va,
		.length = len,
	};
	int ret = lcall(fd, FASTRPC_IOCTL_MEM_MAP, &m);

	*out = m.vaddrout;
	return ret;
}

static int mem_unmap(int fd, int dfd, uint64_t vaddr, uint64_t len)
{
	struct fastrpc_mem_unmap u = { .fd = dfd, .vaddr = vaddr, .length = len };

	return lcall(fd, FASTRPC_IOCTL_MEM_UNMAP, &u);
}

/* MEM_MAP of the whole of @buf, as a program asks for it. */
static struct fastrpc_mem_map mem_map_of(const struct dbuf *buf)
{
	return (struct fastrpc_mem_map){
		.fd = buf->fd,
		.flags = FASTRPC_MAP_FD,
		.vaddrin = (uintptr_t)buf->map,
		.length = buf->size,
	};
}

/* MEM_MAP @m; a mapping it makes is undone at once: the answer is the case. */
static int mem_map_once(int fd, struct fastrpc_mem_map m)
{
	int ret = lcall(fd, FASTRPC_IOCTL_MEM_MAP, &m);

	if (!ret)
		mem_unmap(fd, m.fd, m.vaddrout, m.length);
	return ret;
}

/* MEM_UNMAP, with @u's other fields, of a fresh mapping of @buf; one it leaves is undone. */
static int mem_unmap_fresh(int fd, const struct dbuf *buf, struct fastrpc_mem_unmap u)
{
	uint64_t va;
	int ret = mem_map(fd, buf->fd, buf->map, buf->size, &va);

	if (ret)
		return ret;
	u.fd = buf->fd;
	u.vaddr = va;
	u.length = buf->size;
	ret = lcall(fd, FASTRPC_IOCTL_MEM_UNMAP, &u);
	if (ret)
		mem_unmap(fd, buf->fd, va, buf->size);
	return ret;
}

/* The fields of MEM_MAP and MEM_UNMAP that the DSP never sees. */
static void test_map_fields(int fd, const struct dbuf *buf)
{
	struct fastrpc_mem_map m;

	m = mem_map_of(buf);
	m.version = 1;
	expect2("map", "MEM_MAP version 1", mem_map_once(fd, m), -EINVAL, 0, WHY_RESERVED);
	m = mem_map_of(buf);
	m.reserved[0] = 1;
	expect2("map", "MEM_MAP reserved[0] 1", mem_map_once(fd, m), -EINVAL, 0, WHY_RESERVED);
	m = mem_map_of(buf);
	m.attrs = FASTRPC_ATTR_SECUREMAP;
	expect2("map", "MEM_MAP attrs FASTRPC_ATTR_SECUREMAP", mem_map_once(fd, m), -EOPNOTSUPP,
		0, WHY_SECUREMAP);
	m = mem_map_of(buf);
	m.length = buf->size + PAGE;
	expect("map", "MEM_MAP one page more than the dma-buf", mem_map_once(fd, m), -EINVAL);
	expect2("map", "MEM_UNMAP version 1",
		mem_unmap_fresh(fd, buf, (struct fastrpc_mem_unmap){ .vesion = 1 }), -EINVAL, 0,
		WHY_RESERVED);
	expect2("map", "MEM_UNMAP reserved[4] 1",
		mem_unmap_fresh(fd, buf, (struct fastrpc_mem_unmap){ .reserved = { [4] = 1 } }),
		-EINVAL, 0, WHY_RESERVED);
}

static void test_maps(int fd, const struct dbuf *buf)
{
	uint64_t va = 0, va2 = 0;
	int ret;

	ret = req_mmap(fd, ADSP_MMAP_ADD_PAGES, 0, MiB, &va);
	if (expect("map", "MMAP 1 MiB, ADSP_MMAP_ADD_PAGES", ret, 0)) {
		check(va != 0, "map", "MMAP: a DSP address comes back", "vaddrout 0");
		expect("map", "MUNMAP the address with another size",
		       req_munmap(fd, va, MiB - PAGE), -EINVAL);
		expect("map", "MUNMAP an address inside the mapping",
		       req_munmap(fd, va + PAGE, MiB), -EINVAL);
		expect("map", "MUNMAP the exact address and size", req_munmap(fd, va, MiB), 0);
		expect("map", "MUNMAP it again", req_munmap(fd, va, MiB), -EINVAL);
	}
	expect("map", "MMAP flags 0", req_mmap(fd, 0, 0, MiB, &va2), -EINVAL);
	expect("map", "MMAP flags 0x3000 (ADD_PAGES_LLC)",
	       req_mmap(fd, ADSP_MMAP_ADD_PAGES_LLC, 0, MiB, &va2), -EINVAL);
	expect("map", "MMAP with vaddrin", req_mmap(fd, ADSP_MMAP_ADD_PAGES, 0x20000000, MiB, &va2),
	       -EINVAL);
	/* Upstream lets the remote-heap flag through; the lab's DSP refuses it. */
	expect2("map", "MMAP flags 8 (REMOTE_HEAP_ADDR) on a user PD",
		req_mmap(fd, ADSP_MMAP_REMOTE_HEAP_ADDR, 0, MiB, &va2), -EOPNOTSUPP,
		AEE_DSP_ERR(AEE_EBADPARM), WHY_HEAP);
	expect("map", "MMAP argument at an unmapped address", lcall(fd, FASTRPC_IOCTL_MMAP, HOLE),
	       -EFAULT);

	if (buf->map) {
		ret = mem_map(fd, buf->fd, buf->map, buf->size, &va);
		if (expect("map", "MEM_MAP a 64 KiB dma-buf", ret, 0)) {
			check(va != 0, "map", "MEM_MAP: a DSP address comes back", "vaddrout 0");
			expect("map", "MEM_UNMAP a wrong address",
			       mem_unmap(fd, buf->fd, va + PAGE, buf->size), -EINVAL);
			expect("map", "MEM_UNMAP the mapping", mem_unmap(fd, buf->fd, va, buf->size),
			       0);
			expect("map", "MEM_UNMAP it again", mem_unmap(fd, buf->fd, va, buf->size),
			       -EINVAL);
		}
		test_map_fields(fd, buf);
	}
	expect("map", "MEM_MAP fd -1", mem_map(fd, -1, NULL, PAGE, &va), -EBADF);
	expect("map", "MEM_MAP an fd that is no dma-buf", mem_map(fd, not_dmabuf(), NULL, PAGE, &va),
	       -EINVAL);
}

/* ---- ioctl numbers --------------------------------------------------- */

static void test_numbers(int fd)
{
	uint32_t dfd = 0;
	unsigned char any[64] = { 0 };

	/* Qualcomm's library never calls it: buffers go with their fd. */
	expect("ioctl", "FREE_DMA_BUFF", lcall(fd, FASTRPC_IOCTL_FREE_DMA_BUFF, &dfd), -ENOTTY);
	expect("ioctl", "number 12 (none)", lcall(fd, _IO('R', 12), NULL), -ENOTTY);
	expect("ioctl", "number 14 (none)", lcall(fd, _IOWR('R', 14, uint32_t), any), -ENOTTY);
	expect("ioctl", "INVOKE's number with another size",
	       lcall(fd, _IOWR('R', 3, struct fastrpc_invoke_args), any), -ENOTTY);
	expect("ioctl", "INVOKE's number with another type",
	       lcall(fd, _IOWR('S', 3, struct fastrpc_invoke), any), -ENOTTY);
}

/* ---- several files in one process, as Qualcomm's library holds them -- */

static void test_files(void)
{
	struct dbuf buf = { .fd = -1 };
	int a, b, c, ret;
	unsigned char *again;

	/* A for buffers, B for the session, C for capability queries. */
	a = open_node(NODE_CDSP);
	b = open_node(NODE_CDSP);
	c = open_node(NODE_CDSP);
	if (!check(a >= 0 && b >= 0 && c >= 0, "files", "three cdsp files at once",
		   "%s, %s, %s", res(a < 0 ? a : 0), res(b < 0 ? b : 0), res(c < 0 ? c : 0))) {
		goto out;
	}

	test_alloc(a, &buf);

	ret = create_shell(b, 0);
	if (expect("create", "the shell in a dma-buf of another file (filefd)", ret, 0)) {
		test_invoke_copies(b);
		test_invoke_dmabuf(b, &buf);
		test_invoke_rejects(b);
		test_maps(b, &buf);
		/*
		 * Measured with --upstream-bugs: the DSP's 0x8000040d, and the
		 * first create's struct fastrpc_buf (init memory) unreferenced:
		 * fastrpc_init_create_process() overwrites fl->init_mem.
		 */
		if (!upstream_skips("create", "INIT_CREATE again on the same file", -EBUSY,
				    AEE_DSP_ERR(AEE_EBADSTATE), NULL, WHY_CREATE_TWICE))
			expect2("create", "INIT_CREATE again on the same file", create_shell(b, 0),
				-EBUSY, AEE_DSP_ERR(AEE_EBADSTATE), WHY_CREATE_TWICE);
	}
	test_dsp_info(c, "cdsp", CDSP_DOMAIN_ID);
	test_numbers(c);

out:
	/* The session first: every close releases this process on the DSP. */
	if (b >= 0)
		close(b);
	if (c >= 0)
		close(c);
	if (a >= 0)
		close(a);

	/* The buffers outlive the file that allocated them. */
	if (buf.map) {
		again = map_dbuf(buf.fd, buf.size);
		if (check(again != NULL, "files", "a dma-buf maps after its file closed", "%s",
			  strerror(errno))) {
			check(!memcmp(again, buf.map, buf.size), "files",
			      "a dma-buf keeps its bytes after its file closed", "they differ");
			munmap(again, buf.size);
		}
	}
	if (shell.map) {
		b = open_node(NODE_CDSP);
		if (check(b >= 0, "files", "a new cdsp file", "%s", res(b))) {
			ret = create_shell(b, 0);
			if (expect("create", "the shell in a dma-buf of a closed file (filefd)", ret, 0))
				expect("create", "filefd: null on the new process", null_call(b), 0);
			close(b);
		}
	}
	dbuf_free(&buf);
}

/* ---- INIT_CREATE on a file of its own -------------------------------- */

/* @ret of a create on @fd; when it is 0, a null call must work too. */
static void created(int fd, const char *what, int ret, int want)
{
	char more[128];

	if (expect("create", what, ret, want) && !ret) {
		snprintf(more, sizeof(more), "%s: null on the new process", what);
		expect("create", more, null_call(fd), 0);
	}
}

static void test_create(void)
{
	int fd, ret;

	/* Each case its own file, closed (the process released) before the next. */
#define ON_NEW_FILE(node, body)						\
	do {								\
		fd = open_node(node);					\
		if (check(fd >= 0, "create", "open " node, "%s", res(fd))) { \
			body;						\
			close(fd);					\
		}							\
	} while (0)

	ON_NEW_FILE(NODE_CDSP, expect2("create", "INVOKE before INIT_CREATE", null_call(fd),
				       -EINVAL, AEE_DSP_ERR(AEE_EBADSTATE), WHY_NO_SESSION));
	ON_NEW_FILE(NODE_CDSP, expect("create", "filelen 2 MiB + 1",
				      create(fd, lab_shell, INIT_FILELEN_MAX + 1, 0, 0, 0), -EINVAL));
	/*
	 * filefd 0: the file is copied from user memory.  Upstream sends the
	 * create as a kernel call, and fastrpc_get_args() memcpy()s kernel
	 * calls' buffers: measured, a supervisor page fault (SMAP) in
	 * memcpy_orig under fastrpc_internal_invoke, the caller killed.  An
	 * unmapped file address takes the same path.
	 */
	if (!upstream_skips("create", "the shell in user memory (filefd 0)", 0, 0, "Oops",
			    WHY_USER_FILE))
		ON_NEW_FILE(NODE_CDSP, ret = create(fd, lab_shell, lab_shell_size, 0, 0, 0);
			    if (differ("create", "the shell in user memory (filefd 0)", ret, 0, 0,
				       "Oops", WHY_USER_FILE) && !ret) {
				    /* Ours only: no record line. */
				    ret = null_call(fd);
				    check(!ret, "create", "filefd 0: null on the new process", "%s",
					  res(ret));
			    });
	if (!upstream_skips("create", "file at an unmapped address (filefd 0)", -EFAULT, 0,
			    "Oops", WHY_USER_FILE))
		ON_NEW_FILE(NODE_CDSP, differ("create", "file at an unmapped address (filefd 0)",
					      create(fd, HOLE, lab_shell_size, 0, 0, 0), -EFAULT, 0,
					      "Oops", WHY_USER_FILE));
	/* Only filefd 0 means "copy": -1 is taken for a dma-buf fd. */
	ON_NEW_FILE(NODE_CDSP, expect("create", "file in user memory with filefd -1",
				      create(fd, lab_shell, lab_shell_size, -1, 0, 0), -EBADF));
	ON_NEW_FILE(NODE_CDSP, expect("create", "filefd that is no dma-buf",
				      create(fd, lab_shell, lab_shell_size, not_dmabuf(), 0, 0),
				      -EINVAL));
	/* Qualcomm's library sends it when it finds no shell; the lab's DSP has none of its own. */
	ON_NEW_FILE(NODE_CDSP, expect("create", "no file (filelen 0)", create(fd, NULL, 0, 0, 0, 0),
				      AEE_DSP_ERR(AEE_EBADPARM)));
	ON_NEW_FILE(NODE_CDSP, expect2("create", "siglen longer than the file",
				       create(fd, shell.map, lab_shell_size, shell.fd, 0,
					      lab_shell_size + 1),
				       -EINVAL, AEE_DSP_ERR(AEE_EBADPARM), WHY_CHECKED));
	ON_NEW_FILE(NODE_CDSP, expect("create", "argument at an unmapped address",
				      lcall(fd, FASTRPC_IOCTL_INIT_CREATE, HOLE), -EFAULT));
	ON_NEW_FILE(NODE_CDSP, created(fd, "attrs FASTRPC_MODE_UNSIGNED_MODULE",
				       create_shell(fd, FASTRPC_MODE_UNSIGNED_MODULE), 0));
	ON_NEW_FILE(NODE_CDSP, expect2("create", "attrs 0x80000000 (no such bit)",
				       create_shell(fd, 0x80000000u), -EINVAL, 0, WHY_CHECKED));
	ON_NEW_FILE(NODE_CDSP_SEC, created(fd, "on " NODE_CDSP_SEC, create_shell(fd, 0), 0));
#undef ON_NEW_FILE
}

/* adsp: its one node, a buffer, its capabilities and a process. */
static void test_adsp(void)
{
	int fd = open_node(NODE_ADSP), dfd, ret;

	if (!check(fd >= 0, "adsp", "open " NODE_ADSP, "%s", res(fd)))
		return;
	ret = alloc_dma(fd, PAGE, 0, &dfd);
	if (expect("adsp", "ALLOC_DMA_BUFF 1 page", ret, 0))
		close(dfd);
	test_dsp_info(fd, "adsp", ADSP_DOMAIN_ID);
	ret = create_shell(fd, 0);
	if (expect("adsp", "INIT_CREATE", ret, 0))
		expect("adsp", "null on the new process", null_call(fd), 0);
	close(fd);
}

/* ---- attach: the root, sensors and static PDs ------------------------ */

static const char audiopd[] = "audiopd";

/*
 * INIT_ATTACH, INIT_ATTACH_SNS, INIT_CREATE_STATIC, each on a new file:
 * ok as root on either driver; as nobody, refused by ours, allowed by
 * upstream 6.12.  memlen is never 0: upstream allocates the static PDs'
 * heap of that size on the first one, and a size of 0 WARNs.
 */
static void test_attach(bool nobody)
{
	char name[INIT_FILE_NAMELEN_MAX + 2];
	const char *g = nobody ? "nobody" : "attach";
	int fd, ret;

	memset(name, 'a', sizeof(name));
	name[sizeof(name) - 1] = '\0';

#define ON_NEW_FILE(node, body)						\
	do {								\
		fd = open_node(node);					\
		if (check(fd >= 0, g, "open " node, "%s", res(fd))) {	\
			body;						\
			close(fd);					\
		}							\
	} while (0)

	if (nobody) {
		ON_NEW_FILE(NODE_CDSP, expect2(g, "INIT_ATTACH (root PD)",
					       lcall(fd, FASTRPC_IOCTL_INIT_ATTACH, NULL), -EACCES, 0,
					       WHY_ATTACH));
		ON_NEW_FILE(NODE_CDSP, expect2(g, "INIT_ATTACH_SNS (sensors PD)",
					       lcall(fd, FASTRPC_IOCTL_INIT_ATTACH_SNS, NULL), -EACCES, 0,
					       WHY_ATTACH));
		ON_NEW_FILE(NODE_CDSP, expect2(g, "INIT_CREATE_STATIC audiopd",
					       create_static(fd, audiopd, sizeof(audiopd), MiB),
					       -EACCES, 0, WHY_ATTACH));
		ON_NEW_FILE(NODE_CDSP, ret = create_shell(fd, 0);
			    if (expect(g, "INIT_CREATE (a user PD)", ret, 0))
				    expect(g, "null on the new process", null_call(fd), 0));
		ON_NEW_FILE(NODE_CDSP, expect2(g, "INIT_CREATE with FASTRPC_MODE_PRIVILEGED",
					       create_shell(fd, FASTRPC_MODE_PRIVILEGED), -EACCES, 0,
					       WHY_ATTRS));
		ON_NEW_FILE(NODE_CDSP, expect2(g, "INIT_CREATE with FASTRPC_MODE_SYSTEM_PROCESS",
					       create_shell(fd, FASTRPC_MODE_SYSTEM_PROCESS), -EACCES,
					       0, WHY_ATTRS));
		return;
	}

	ON_NEW_FILE(NODE_CDSP, ret = lcall(fd, FASTRPC_IOCTL_INIT_ATTACH, NULL);
		    if (expect(g, "INIT_ATTACH (root PD)", ret, 0))
			    expect(g, "root PD: null (the lab's DSP answers it)", null_call(fd), 0));
	ON_NEW_FILE(NODE_CDSP_SEC, expect(g, "INIT_ATTACH on " NODE_CDSP_SEC,
					  lcall(fd, FASTRPC_IOCTL_INIT_ATTACH, NULL), 0));
	ON_NEW_FILE(NODE_CDSP, expect(g, "INIT_ATTACH_SNS (sensors PD)",
				      lcall(fd, FASTRPC_IOCTL_INIT_ATTACH_SNS, NULL), 0));
	ON_NEW_FILE(NODE_CDSP, expect(g, "INIT_CREATE_STATIC audiopd",
				      create_static(fd, audiopd, sizeof(audiopd), MiB), 0));
	ON_NEW_FILE(NODE_CDSP, expect2(g, "INIT_CREATE_STATIC namelen 0",
				       create_static(fd, audiopd, 0, MiB),
				       -EINVAL, AEE_DSP_ERR(AEE_EBADPARM), WHY_CHECKED));
	ON_NEW_FILE(NODE_CDSP, expect(g, "INIT_CREATE_STATIC namelen 129",
				      create_static(fd, name, INIT_FILE_NAMELEN_MAX + 1, MiB),
				      -EINVAL));
	ON_NEW_FILE(NODE_CDSP, expect(g, "INIT_CREATE_STATIC of a PD the DSP lacks",
				      create_static(fd, "nopd", 5, MiB),
				      AEE_DSP_ERR(AEE_ENOSUCHMOD)));
	ON_NEW_FILE(NODE_CDSP, expect(g, "INIT_CREATE_STATIC name at an unmapped address",
				      create_static(fd, HOLE, 8, MiB), -EFAULT));
	ON_NEW_FILE(NODE_CDSP, expect(g, "INIT_CREATE_STATIC argument at an unmapped address",
				      lcall(fd, FASTRPC_IOCTL_INIT_CREATE_STATIC, HOLE), -EFAULT));
#undef ON_NEW_FILE
}

/* The unprivileged cases, in a child running as nobody (uid and gid 65534). */
static void test_nobody(void)
{
	int counts[2] = { 0, 0 }, p[2], status = 0;
	pid_t pid;

	if (!check(!pipe(p), "nobody", "a pipe for the child's counts", "%s", strerror(errno)))
		return;
	fflush(stdout);
	if (record_file)
		fflush(record_file);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		passed = failed = 0;
		if (check(!setgroups(0, NULL) && !setresgid(NOBODY, NOBODY, NOBODY) &&
			  !setresuid(NOBODY, NOBODY, NOBODY), "nobody", "drop to uid 65534",
			  "%s", strerror(errno)))
			test_attach(true);
		counts[0] = passed;
		counts[1] = failed;
		if (write(p[1], counts, sizeof(counts)) != sizeof(counts))
			_exit(2);
		_exit(0);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], counts, sizeof(counts)) != sizeof(counts) ||
	    waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		check(false, "nobody", "the child reports", "it died or said nothing");
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	close(p[0]);
	passed += counts[0];
	failed += counts[1];
}

/* ---- main ------------------------------------------------------------ */

static int usage(FILE *f, int status)
{
	fprintf(f,
		"usage: legacy_test --driver upstream|ours [--record FILE] [--upstream-bugs] SHELL_ELF\n"
		"\n"
		"The misc UAPI (/dev/fastrpc-cdsp, -cdsp-secure, -adsp) as existing programs\n"
		"use it.  One PASS:/FAIL: line per check against the named driver's\n"
		"expectations; with --record, one \"legacy: <case>: <result>\" line per case,\n"
		"the same for both drivers when they answer alike.  --upstream-bugs also\n"
		"runs, against upstream, the cases that trip its bugs the lab's oracle\n"
		"catches (a WARNING, a kmemleak leak).  Run as root.\n");
	return status;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "driver", required_argument, NULL, 'd' },
		{ "record", required_argument, NULL, 'r' },
		{ "upstream-bugs", no_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *drv = NULL, *rec = NULL;
	int c, fd;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			drv = optarg;
			break;
		case 'r':
			rec = optarg;
			break;
		case 'b':
			upstream_bugs = true;
			break;
		case 'h':
			return usage(stdout, 0);
		default:
			return usage(stderr, 2);
		}
	}
	if (!drv || optind != argc - 1)
		return usage(stderr, 2);
	if (!strcmp(drv, "upstream")) {
		driver = UPSTREAM;
	} else if (!strcmp(drv, "ours")) {
		driver = OURS;
	} else {
		fprintf(stderr, "legacy_test: --driver: '%s' is neither upstream nor ours\n", drv);
		return 2;
	}
	report_prefix = driver == UPSTREAM ? "legacy-upstream " : "legacy-ours ";
	if (lab_load_shell("legacy_test", argv[optind]))
		return 1;
	if (rec) {
		/* Appending: the unprivileged child writes to it too. */
		fd = open(rec, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
		record_file = fd < 0 ? NULL : fdopen(fd, "a");
		if (!record_file) {
			fprintf(stderr, "legacy_test: %s: %s\n", rec, strerror(errno));
			return 1;
		}
	}
	guard = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard == MAP_FAILED || mprotect(guard + PAGE, PAGE, PROT_NONE)) {
		fprintf(stderr, "legacy_test: test memory: %s\n", strerror(errno));
		return 1;
	}

	/* Without the nodes nothing else can run. */
	fd = open_node(NODE_CDSP);
	if (!check(fd >= 0, "open", NODE_CDSP " exists", "%s", res(fd))) {
		record("open", NODE_CDSP " exists", "%s", res(fd));
		return report_counts();
	}
	close(fd);

	test_open();
	test_files();
	test_create();
	test_adsp();
	test_attach(false);
	test_nobody();

	dbuf_free(&shell);
	if (record_file)
		fclose(record_file);
	return report_counts();
}
