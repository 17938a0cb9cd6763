// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fakedsp: a scripted DSP for the lab's ioctl tests (ioctl_test).
 *
 * It takes /dev/vdsp-DOMAIN (sim/edge/vdsp_edge.h) in place of vdspd,
 * answers the driver's messages as a DSP would, and checks the layout of
 * every payload it receives: page ranges, pv offsets, stream ids, 128-byte
 * alignment of the copies, and the in-buffers of a process create.
 *
 * usage: fakedsp [-v] DOMAIN
 *
 * Prints "fakedsp: ready on PATH" once it serves, then (with -v) one line
 * per message.  On SIGTERM or SIGINT it prints one line per layout check,
 * "PASS: fakedsp: <check> (N seen)" or "FAIL: fakedsp: <check>: <why>",
 * then "N passed, N failed", and exits 0 iff every check was made at least
 * once and never failed.
 *
 * Handle 1 is the DSP's process manager: method 6 creates a process
 * (method 7 with attributes), method 1 releases one.  Any other handle is
 * the test skeleton, whose methods are in skel_methods[] below.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "fastrpc_wire.h"
#include "shell_proto.h"
#include "vdsp_edge.h"

#define COPY_ALIGN		128u
#define MAX_CLIENTS		4096
#define MAX_HELD		1024
#define MAX_BUFS		(2 * 255)
/* A process by this name never answers its release: a hung DSP process. */
#define STUCK_NAME		"fakedsp-stuck"

/* Metadata before the first copy: the three arrays, fd and CRC lists. */
#define META_SIZE(nscalars) \
	((nscalars) * (sizeof(struct remote_buf) + sizeof(struct invoke_buf) + \
		       sizeof(struct phy_page)) + \
	 FASTRPC_MAX_FDLIST * sizeof(uint64_t) + FASTRPC_MAX_CRCLIST * sizeof(uint32_t))

enum check_id {
	CK_MSG_LEN,
	CK_PAYLOAD,
	CK_CTX,
	CK_SID,
	CK_MMAP,
	CK_EMPTY_BUF,
	CK_PGIDX,
	CK_PAGE_SID,
	CK_PAGE_RANGE,
	CK_PV,
	CK_FITS,
	CK_INSIDE,
	CK_META,
	CK_ALIGN,
	CK_CREATE_SC,
	CK_CREATE_INBUF,
	CK_CREATE_CID,
	CK_CREATE_NAME,
	CK_CREATE_FILE,
	CK_CREATE_PAGES,
	CK_CREATE_ATTRS,
	CK_CREATE_PD,
	CK_CREATE_UNIQUE,
	CK_RELEASE,
	CK_CLIENT,
	CK_HELD,
	CK_COUNT
};

struct check {
	const char *name;
	unsigned long seen;
	unsigned long bad;
	char first[160];	/* why it failed the first time */
};

static struct check checks[CK_COUNT] = {
	[CK_MSG_LEN]       = { "messages are one invoke message" },
	[CK_PAYLOAD]       = { "payload is whole pages" },
	[CK_CTX]           = { "ctx holds a sequence, an id and the pd only" },
	[CK_SID]           = { "payload stream id is a context bank's" },
	[CK_MMAP]          = { "payload can be mapped" },
	[CK_EMPTY_BUF]     = { "zero-length buffer has no page and no pv" },
	[CK_PGIDX]         = { "buffer i has one page range, entry i" },
	[CK_PAGE_SID]      = { "page ranges carry the stream id" },
	[CK_PAGE_RANGE]    = { "page ranges are whole pages" },
	[CK_PV]            = { "pv lies in the first page of its range" },
	[CK_FITS]          = { "buffer fits its page range" },
	[CK_INSIDE]        = { "page ranges lie inside the payload" },
	[CK_META]          = { "copies come after the metadata" },
	[CK_ALIGN]         = { "copies are 128-byte aligned or shared" },
	[CK_CREATE_SC]     = { "create has 4 in-buffers, or 6 with attributes" },
	[CK_CREATE_INBUF]  = { "create in-buffer 0 is 24 bytes" },
	[CK_CREATE_CID]    = { "create carries the caller's client id" },
	[CK_CREATE_NAME]   = { "create name is namelen long, NUL-terminated" },
	[CK_CREATE_FILE]   = { "create shell is filelen long" },
	[CK_CREATE_PAGES]  = { "create has one init-memory range of 2 MiB or more" },
	[CK_CREATE_ATTRS]  = { "create attrs and siglen in-buffers match" },
	[CK_CREATE_PD]     = { "create goes to pd 1" },
	[CK_CREATE_UNIQUE] = { "create is for a client id not yet live" },
	[CK_RELEASE]       = { "release has one 4-byte in-buffer, from the driver" },
	[CK_CLIENT]        = { "skeleton calls come from a live client" },
	[CK_HELD]          = { "held calls fit the table" },
};

/* Record one check; on failure keep (and with -v print) the first why. */
static bool verify(enum check_id id, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool verbose;

static bool verify(enum check_id id, bool ok, const char *fmt, ...)
{
	struct check *c = &checks[id];
	va_list ap;

	c->seen++;
	if (ok)
		return true;
	if (!c->bad++) {
		va_start(ap, fmt);
		vsnprintf(c->first, sizeof(c->first), fmt, ap);
		va_end(ap);
		printf("fakedsp: %s: %s\n", c->name, c->first);
		fflush(stdout);
	}
	return false;
}

/* A call answered later: by time, on release, or never. */
struct held_call {
	bool used;
	uint64_t ctx;
	int32_t client;
	double due;		/* < 0: not by time */
	int32_t on_release;	/* answer on release with this; 0: never */
};

static int edge_fd;
static struct held_call held[MAX_HELD];
static bool clients[MAX_CLIENTS];
/* Clients whose release is never answered (created with STUCK_NAME). */
static bool stuck[MAX_CLIENTS];
static volatile sig_atomic_t stopping;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void answer(uint64_t ctx, int32_t retval)
{
	struct fastrpc_invoke_rsp rsp = { .ctx = ctx, .retval = retval };

	/* Not a check: an answer races with a domain going down. */
	if (write(edge_fd, &rsp, sizeof(rsp)) != sizeof(rsp))
		printf("fakedsp: answer ctx %#llx: %s\n",
		       (unsigned long long)ctx, strerror(errno));
}

static void hold(uint64_t ctx, int32_t client, double delay, int32_t on_release)
{
	int i;

	for (i = 0; i < MAX_HELD && held[i].used; i++)
		;
	if (!verify(CK_HELD, i < MAX_HELD, "more than %d calls held", MAX_HELD))
		return;
	held[i] = (struct held_call){
		.used = true,
		.ctx = ctx,
		.client = client,
		.due = delay < 0 ? -1 : now() + delay,
		.on_release = on_release,
	};
}

static void answer_due(void)
{
	double t = now();
	int i;

	for (i = 0; i < MAX_HELD; i++) {
		if (held[i].used && held[i].due >= 0 && held[i].due <= t) {
			answer(held[i].ctx, 0);
			held[i].used = false;
		}
	}
}

/* One message being handled: the payload mapped and its buffers found. */
struct call {
	const struct fastrpc_msg *msg;
	uint32_t sid;
	uint64_t pa;		/* payload physical address */
	unsigned int nin, nout, method, pd;
	uint8_t *base;
	struct remote_buf *rpra;
	struct invoke_buf *list;
	struct phy_page *pages;
	uint8_t *buf[MAX_BUFS];	/* NULL for zero-length buffers */
	int32_t retval;
};

/*
 * Find buffer i through its page range and pv, as a DSP would, checking
 * the layout on the way.  NULL if it is empty or lies outside the payload.
 */
static uint8_t *find_buf(struct call *c, unsigned int i)
{
	const struct remote_buf *rb = &c->rpra[i];
	const struct invoke_buf *ib = &c->list[i];
	const struct phy_page *pg;
	uint64_t first, off;

	if (!rb->len) {
		verify(CK_EMPTY_BUF, !ib->num && !rb->pv,
		       "buf %u: num %u pv %#llx", i, ib->num,
		       (unsigned long long)rb->pv);
		return NULL;
	}
	if (!verify(CK_PGIDX, ib->num == 1 && ib->pgidx == i,
		    "buf %u: num %u pgidx %u", i, ib->num, ib->pgidx))
		return NULL;

	pg = &c->pages[i];
	first = pg->addr & 0xffffffffull;
	off = rb->pv & (FASTRPC_PAGE_SIZE - 1);
	verify(CK_PAGE_SID, pg->addr >> 32 == c->sid, "buf %u: page sid %llu, payload %u",
	       i, (unsigned long long)(pg->addr >> 32), c->sid);
	verify(CK_PAGE_RANGE, !(first & (FASTRPC_PAGE_SIZE - 1)) && pg->size &&
	       !(pg->size & (FASTRPC_PAGE_SIZE - 1)), "buf %u: range %#llx + %llu", i,
	       (unsigned long long)first, (unsigned long long)pg->size);
	verify(CK_PV, rb->pv - first < FASTRPC_PAGE_SIZE, "buf %u: pv %#llx, range at %#llx",
	       i, (unsigned long long)rb->pv, (unsigned long long)first);
	verify(CK_FITS, off + rb->len <= pg->size, "buf %u: %llu bytes at %llu, range %llu",
	       i, (unsigned long long)rb->len, (unsigned long long)off,
	       (unsigned long long)pg->size);
	if (!verify(CK_INSIDE, first >= c->pa && first + pg->size <= c->pa + c->msg->size,
		    "buf %u: range %#llx + %llu", i, (unsigned long long)first,
		    (unsigned long long)pg->size))
		return NULL;
	return c->base + (first - c->pa) + off;
}

/*
 * Each buffer's copy starts 128-byte aligned, unless it overlaps another
 * user buffer and so shares (lies inside) that one's copy.
 */
static void check_copies(struct call *c)
{
	unsigned int nbufs = c->nin + c->nout, nscalars = nbufs, i, j;
	uint64_t meta = META_SIZE(nscalars);

	for (i = 0; i < nbufs; i++) {
		const struct remote_buf *a = &c->rpra[i];
		bool shared = false;

		if (!c->buf[i])
			continue;
		verify(CK_META, (uint64_t)(c->buf[i] - c->base) >= meta,
		       "buf %u at %td, metadata %llu bytes", i, c->buf[i] - c->base,
		       (unsigned long long)meta);
		for (j = 0; j < nbufs && !shared; j++) {
			const struct remote_buf *b = &c->rpra[j];

			shared = j != i && c->buf[j] && b->pv <= a->pv &&
				 a->pv < b->pv + b->len;
		}
		verify(CK_ALIGN, !((a->pv - c->pa) % COPY_ALIGN) || shared,
		       "buf %u at payload offset %llu", i,
		       (unsigned long long)(a->pv - c->pa));
	}
}

/* Handle 1, methods 6 and 7: check the create's in-buffers. */
static void pm_create(struct call *c)
{
	const struct create_inbuf *in = (const void *)c->buf[0];
	const struct phy_page *init;
	const char *name;

	verify(CK_CREATE_SC, c->nin == (c->method == INIT_CREATE ? 4u : 6u) && !c->nout,
	       "method %u sc %#x", c->method, c->msg->sc);
	verify(CK_CREATE_PD, c->pd == 1, "pd %u", c->pd);
	if (!verify(CK_CREATE_INBUF, in && c->rpra[0].len == sizeof(*in) && c->nin >= 4,
		    "%llu bytes", (unsigned long long)c->rpra[0].len)) {
		c->retval = AEE_DSP_ERR(AEE_EBADPARM);
		return;
	}
	verify(CK_CREATE_CID, in->client_id == c->msg->pid && in->client_id > 0,
	       "client id %d, message pid %d", in->client_id, c->msg->pid);
	name = (const char *)c->buf[1];
	verify(CK_CREATE_NAME, c->rpra[1].len == in->namelen && name &&
	       !name[in->namelen - 1], "namelen %u, buffer %llu bytes", in->namelen,
	       (unsigned long long)c->rpra[1].len);
	verify(CK_CREATE_FILE, c->rpra[2].len == in->filelen, "filelen %u, buffer %llu",
	       in->filelen, (unsigned long long)c->rpra[2].len);

	init = (const void *)c->buf[3];
	verify(CK_CREATE_PAGES, in->pageslen == 1 && c->rpra[3].len == sizeof(*init) &&
	       init && init->addr >> 32 == c->sid && !(init->addr & (FASTRPC_PAGE_SIZE - 1)) &&
	       init->size >= (2u << 20), "pageslen %u, buffer %llu bytes",
	       in->pageslen, (unsigned long long)c->rpra[3].len);
	if (c->method == INIT_CREATE_ATTR && c->nin == 6)
		verify(CK_CREATE_ATTRS, c->buf[4] && c->buf[5] &&
		       *(const uint32_t *)c->buf[4] == in->attrs &&
		       *(const uint32_t *)c->buf[5] == in->siglen,
		       "attrs %#x siglen %u", in->attrs, in->siglen);

	if (verbose)
		printf("fakedsp: create client %d name '%s' file %u attrs %#x siglen %u\n",
		       in->client_id, name ? name : "", in->filelen, in->attrs, in->siglen);

	/* Not an ELF: refuse, as a DSP loader would. */
	if (!c->buf[2] || c->rpra[2].len < 4 || memcmp(c->buf[2], "\177ELF", 4)) {
		c->retval = AEE_DSP_ERR(AEE_EBADPARM);
		return;
	}
	if (in->client_id > 0 && in->client_id < MAX_CLIENTS) {
		verify(CK_CREATE_UNIQUE, !clients[in->client_id], "client %d",
		       in->client_id);
		clients[in->client_id] = true;
		stuck[in->client_id] = name && in->namelen == sizeof(STUCK_NAME) &&
				       !memcmp(name, STUCK_NAME, sizeof(STUCK_NAME));
	}
}

/*
 * Handle 1, method 1: the process is gone; so are its held calls.  False
 * when the process is stuck: then nothing is answered, and it lives on.
 */
static bool pm_release(struct call *c)
{
	int32_t cid = c->buf[0] && c->rpra[0].len == 4 ? *(const int32_t *)c->buf[0] : -1;
	int i;

	verify(CK_RELEASE, c->msg->pid == 0 && c->nin == 1 && c->rpra[0].len == 4,
	       "pid %d, %u in-buffers", c->msg->pid, c->nin);
	if (verbose)
		printf("fakedsp: release client %d\n", cid);
	if (cid <= 0 || cid >= MAX_CLIENTS || !clients[cid]) {
		c->retval = AEE_DSP_ERR(AEE_EBADPARM);
		return true;
	}
	if (stuck[cid])
		return false;
	clients[cid] = false;
	for (i = 0; i < MAX_HELD; i++) {
		if (!held[i].used || held[i].client != cid)
			continue;
		if (held[i].on_release)
			answer(held[i].ctx, held[i].on_release);
		held[i].used = false;
	}
	return true;
}

/*
 * The test skeleton.  A method returns true when the call is answered now
 * with c->retval, false when it answers later (or never) by itself.
 */
static bool skel_null(struct call *c)
{
	(void)c;
	return true;
}

/* Out j gets in j, as much as fits. */
static bool skel_echo(struct call *c)
{
	unsigned int j;

	for (j = 0; j < c->nout && j < c->nin; j++) {
		uint64_t n = c->rpra[j].len;

		if (!c->buf[j] || !c->buf[c->nin + j])
			continue;
		if (c->rpra[c->nin + j].len < n)
			n = c->rpra[c->nin + j].len;
		/* memmove: overlapping user buffers share one copy. */
		memmove(c->buf[c->nin + j], c->buf[j], n);
	}
	return true;
}

/* Out 0 (u64) gets the sum of every byte of every in. */
static bool skel_sum(struct call *c)
{
	uint64_t sum = 0, k;
	unsigned int j;

	for (j = 0; j < c->nin; j++)
		for (k = 0; c->buf[j] && k < c->rpra[j].len; k++)
			sum += c->buf[j][k];
	if (c->nout && c->buf[c->nin] && c->rpra[c->nin].len >= sizeof(sum))
		memcpy(c->buf[c->nin], &sum, sizeof(sum));
	return true;
}

/* Held until the client is released, then answered AEE_ENOSUCHPROCESS. */
static bool skel_hold_until_release(struct call *c)
{
	hold(c->msg->ctx, c->msg->pid, -1, AEE_DSP_ERR(AEE_ENOSUCHPROCESS));
	return false;
}

/* Answered twice: the driver must ignore the second. */
static bool skel_answer_twice(struct call *c)
{
	answer(c->msg->ctx, 0);
	answer(c->msg->ctx, 0);
	return false;
}

static bool skel_fail(struct call *c)
{
	c->retval = AEE_DSP_ERR(AEE_EFAILED);
	return true;
}

/* Answered after in 0 (u32) milliseconds. */
static bool skel_delay(struct call *c)
{
	uint32_t ms = 1000;

	if (c->nin && c->buf[0] && c->rpra[0].len >= sizeof(ms))
		memcpy(&ms, c->buf[0], sizeof(ms));
	hold(c->msg->ctx, c->msg->pid, ms / 1000.0, 0);
	return false;
}

/* Never answered, not even on release. */
static bool skel_hold_forever(struct call *c)
{
	hold(c->msg->ctx, c->msg->pid, -1, 0);
	return false;
}

/* Every out gets 0xa5 bytes. */
static bool skel_pattern(struct call *c)
{
	unsigned int j;

	for (j = 0; j < c->nout; j++)
		if (c->buf[c->nin + j])
			memset(c->buf[c->nin + j], 0xa5, c->rpra[c->nin + j].len);
	return true;
}

static const struct skel_method {
	unsigned int method;
	bool (*fn)(struct call *c);
} skel_methods[] = {
	{ 2, skel_null },
	{ 3, skel_echo },
	{ 4, skel_sum },
	{ 5, skel_hold_until_release },
	{ 6, skel_answer_twice },
	{ 7, skel_fail },
	{ 8, skel_delay },
	{ 9, skel_hold_forever },
	{ 10, skel_pattern },
};

/* Answer now (true) or leave it to a held call (false). */
static bool dispatch(struct call *c)
{
	size_t i;

	if (c->msg->handle == HANDLE_INIT) {
		if (c->method == INIT_CREATE || c->method == INIT_CREATE_ATTR)
			pm_create(c);
		else if (c->method == INIT_RELEASE)
			return pm_release(c);
		else
			c->retval = AEE_DSP_ERR(AEE_EUNSUPPORTED);
		return true;
	}
	/* The capability query, from any pid: an old DSP without the table. */
	if (c->msg->handle == HANDLE_UTILS) {
		c->retval = AEE_DSP_ERR(AEE_EUNSUPPORTED);
		return true;
	}

	verify(CK_CLIENT, c->msg->pid > 0 && c->msg->pid < MAX_CLIENTS &&
	       clients[c->msg->pid], "client %d", c->msg->pid);
	for (i = 0; i < sizeof(skel_methods) / sizeof(skel_methods[0]); i++)
		if (skel_methods[i].method == c->method)
			return skel_methods[i].fn(c);
	c->retval = AEE_DSP_ERR(AEE_EUNSUPPORTED);
	return true;
}

static void handle_msg(const struct fastrpc_msg *m)
{
	static struct call c;
	unsigned int nscalars, i;
	bool now;

	memset(&c, 0, sizeof(c));
	c.msg = m;
	c.sid = m->addr >> 32;
	c.pa = m->addr & 0xffffffffull;
	c.method = (m->sc >> 24) & 0x1f;
	c.nin = (m->sc >> 16) & 0xff;
	c.nout = (m->sc >> 8) & 0xff;
	c.pd = m->ctx & 0xf;
	nscalars = c.nin + c.nout + ((m->sc >> 4) & 0xf) + (m->sc & 0xf);

	verify(CK_PAYLOAD, m->size && !(c.pa & (FASTRPC_PAGE_SIZE - 1)) && !(m->size & (FASTRPC_PAGE_SIZE - 1)),
	       "payload %#llx + %llu", (unsigned long long)c.pa,
	       (unsigned long long)m->size);
	/* Bits 12..43 carry the driver's sequence number, opaque to a DSP. */
	verify(CK_CTX, (m->ctx & 0xff0) && !(m->ctx >> 44), "ctx %#llx",
	       (unsigned long long)m->ctx);
	verify(CK_SID, c.sid >= 1 && c.sid <= 14, "sid %u", c.sid);

	/* The edge maps DSP addresses: bank and IOVA (or physical address). */
	c.base = mmap(NULL, m->size, PROT_READ | PROT_WRITE, MAP_SHARED, edge_fd,
		      (off_t)m->addr);
	if (!verify(CK_MMAP, c.base != MAP_FAILED, "%#llx + %llu: %s",
		    (unsigned long long)c.pa, (unsigned long long)m->size,
		    strerror(errno))) {
		answer(m->ctx, AEE_DSP_ERR(AEE_EFAILED));
		return;
	}
	c.rpra = (void *)c.base;
	c.list = (void *)(c.rpra + nscalars);
	c.pages = (void *)(c.list + nscalars);
	for (i = 0; i < c.nin + c.nout; i++)
		c.buf[i] = find_buf(&c, i);
	check_copies(&c);

	if (verbose)
		printf("fakedsp: msg pid %d ctx %#llx handle %u method %u in %u out %u size %llu\n",
		       m->pid, (unsigned long long)m->ctx, m->handle, c.method, c.nin,
		       c.nout, (unsigned long long)m->size);

	now = dispatch(&c);
	munmap(c.base, m->size);
	if (now)
		answer(m->ctx, c.retval);
}

/* One event from the edge: a message, or the domain going down or up. */
static int handle_event(void)
{
	static uint8_t buf[sizeof(struct vdsp_edge_event) + VDSP_EDGE_MAX_MSG];
	const struct vdsp_edge_event *ev = (const void *)buf;
	ssize_t n;

	n = read(edge_fd, buf, sizeof(buf));
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;

	switch (ev->type) {
	case VDSP_EDGE_EV_DOWN:
		/* Every DSP process is gone, and with them every held call. */
		memset(held, 0, sizeof(held));
		memset(clients, 0, sizeof(clients));
		memset(stuck, 0, sizeof(stuck));
		if (verbose)
			printf("fakedsp: down\n");
		break;
	case VDSP_EDGE_EV_UP:
		if (verbose)
			printf("fakedsp: up\n");
		break;
	default:
		if (verify(CK_MSG_LEN, ev->len == sizeof(struct fastrpc_msg), "%u bytes", ev->len))
			handle_msg((const void *)(buf + sizeof(*ev)));
	}
	fflush(stdout);
	return 0;
}

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* One line per check, then the counts; true if all held. */
static bool summary(void)
{
	int i, npass = 0;

	for (i = 0; i < CK_COUNT; i++) {
		const struct check *c = &checks[i];

		if (c->bad)
			printf("FAIL: fakedsp: %s: %lu of %lu wrong, first: %s\n",
			       c->name, c->bad, c->seen, c->first);
		else if (!c->seen)
			printf("FAIL: fakedsp: %s: never exercised\n", c->name);
		else
			printf("PASS: fakedsp: %s (%lu seen)\n", c->name, c->seen);
		npass += !c->bad && c->seen;
	}
	printf("%d passed, %d failed\n", npass, CK_COUNT - npass);
	fflush(stdout);
	return npass == CK_COUNT;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	char path[64];
	int opt, err;

	while ((opt = getopt(argc, argv, "v")) != -1) {
		if (opt != 'v') {
			fprintf(stderr, "usage: fakedsp [-v] DOMAIN\n");
			return 2;
		}
		verbose = true;
	}
	if (optind != argc - 1) {
		fprintf(stderr, "usage: fakedsp [-v] DOMAIN\n");
		return 2;
	}

	/* No SA_RESTART: the signal must end poll() with EINTR. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	snprintf(path, sizeof(path), "/dev/vdsp-%s", argv[optind]);
	edge_fd = open(path, O_RDWR | O_NONBLOCK);
	if (edge_fd < 0) {
		fprintf(stderr, "fakedsp: open %s: %s\n", path, strerror(errno));
		return 1;
	}
	printf("fakedsp: ready on %s\n", path);
	fflush(stdout);

	while (!stopping) {
		struct pollfd pfd = { .fd = edge_fd, .events = POLLIN };

		/* 100 ms: the resolution of the delayed answers. */
		poll(&pfd, 1, 100);
		answer_due();
		if (!(pfd.revents & POLLIN))
			continue;
		err = handle_event();
		if (err) {
			fprintf(stderr, "fakedsp: read %s: %s\n", path, strerror(-err));
			summary();
			return 1;
		}
	}
	close(edge_fd);
	return summary() ? 0 : 1;
}
