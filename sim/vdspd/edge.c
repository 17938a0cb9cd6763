// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The edge device, /dev/vdsp-<domain> (sim/edge/vdsp_edge.h): events come
 * in with read(), answers go out with write(), DSP memory is reached with
 * mmap() at its physical address.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vdspd.h"

static void *edge_map(void *ctx, uint64_t phys, size_t len)
{
	struct domain *d = ctx;
	void *p;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, d->fd,
		 (off_t)phys);
	if (p == MAP_FAILED) {
		log_msg("%s: cannot map %zu bytes at 0x%llx: %s", d->name, len,
			(unsigned long long)phys, strerror(errno));
		return NULL;
	}
	return p;
}

static void edge_unmap(void *ctx, void *p, size_t len)
{
	(void)ctx;
	munmap(p, len);
}

int edge_open(struct domain *d, const char *name)
{
	char path[64];

	snprintf(d->name, sizeof(d->name), "%s", name);
	snprintf(path, sizeof(path), "/dev/vdsp-%s", name);
	d->fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (d->fd < 0)
		return -errno;
	d->mapper.map = edge_map;
	d->mapper.unmap = edge_unmap;
	d->mapper.ctx = d;
	return 0;
}

void edge_close(struct domain *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* Answer a call.  Safe from any thread: each answer is one write(). */
int edge_answer(struct domain *d, uint64_t ctx, int32_t retval)
{
	struct fastrpc_invoke_rsp rsp;
	ssize_t n;
	int err;

	memset(&rsp, 0, sizeof(rsp));
	rsp.ctx = ctx;
	rsp.retval = retval;
	atomic_fetch_add(&d->st.answered, 1);
	if (retval)
		atomic_fetch_add(&d->st.errors, 1);

	n = write(d->fd, &rsp, sizeof(rsp));
	err = errno;
	if (n == (ssize_t)sizeof(rsp)) {
		log_dbg("%s: answer ctx=0x%llx retval=0x%x", d->name,
			(unsigned long long)ctx, (unsigned int)retval);
		return 0;
	}
	if (n < 0 && err == ENOTCONN) {
		log_dbg("%s: answer ctx=0x%llx dropped: the domain is down",
			d->name, (unsigned long long)ctx);
		return -ENOTCONN;
	}
	log_msg("%s: answer ctx=0x%llx failed: %s", d->name,
		(unsigned long long)ctx, n < 0 ? strerror(err) : "short write");
	return n < 0 ? -err : -EIO;
}
