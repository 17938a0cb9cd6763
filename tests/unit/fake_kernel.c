/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xf86drm.h>
#include <cmocka.h>

#include "fake_kernel.h"
#include "internal.h"

struct fake_kernel fk;
/* The library's listener thread calls in beside the test's: the record is locked. */
static pthread_mutex_t fk_lock = PTHREAD_MUTEX_INITIALIZER;

int __wrap_ioctl(int fd, unsigned long request, ...);
drmVersionPtr __wrap_drmGetVersion(int fd);
void __wrap_drmFreeVersion(drmVersionPtr v);

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	size_t size = _IOC_SIZE(request);
	struct fk_call *c;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	pthread_mutex_lock(&fk_lock);
	if (fk.n < FK_CALLS) {
		c = &fk.calls[fk.n];
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->request = request;
		c->arg = arg;
		if (arg)
			memcpy(c->in, arg, size < FK_ARG_BYTES ? size : FK_ARG_BYTES);
	}
	fk.n++;
	if (fk.eintr && (!fk.eintr_request || fk.eintr_request == request)) {
		fk.eintr--;
		pthread_mutex_unlock(&fk_lock);
		errno = EINTR;
		return -1;
	}
	pthread_mutex_unlock(&fk_lock);
	/* Outside the lock: a handler may block, as a listener's next2 does. */
	ret = fk.handler ? fk.handler(fd, request, arg) : -ENOTTY;
	if (ret < 0 && ret >= -4095) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* libdrm's drmGetVersion(), on the fake kernel: one pass, a name only. */
drmVersionPtr __wrap_drmGetVersion(int fd)
{
	char name[64] = "";
	struct drm_version req = { .name_len = sizeof(name) - 1, .name = name };
	drmVersionPtr v;

	if (__wrap_ioctl(fd, DRM_IOCTL_VERSION, &req))
		return NULL;
	v = malloc(sizeof(*v));
	assert_non_null(v);
	memset(v, 0, sizeof(*v));
	v->name_len = req.name_len < sizeof(name) ? req.name_len : sizeof(name) - 1;
	v->name = malloc(v->name_len + 1);
	assert_non_null(v->name);
	memcpy(v->name, name, v->name_len);
	v->name[v->name_len] = '\0';
	return v;
}

void __wrap_drmFreeVersion(drmVersionPtr v)
{
	if (!v)
		return;
	free(v->name);
	free(v);
}

void fk_reset(fk_handler *handler)
{
	memset(&fk, 0, sizeof(fk));
	fk.handler = handler;
	fk.gem_next = 1;
}

int fk_gem(unsigned long request, void *arg)
{
	struct drm_fastrpc_gem_create *gem = arg;
	struct drm_fastrpc_gem_mmap_offset *off = arg;

	switch (request) {
	case DRM_IOCTL_FASTRPC_GEM_CREATE:
		gem->handle = fk.gem_next++;
		return 0;
	case DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET:
		off->offset = (uint64_t)off->handle << 20;
		return 0;
	case DRM_IOCTL_GEM_CLOSE:
		return 0;
	}
	return -ENOTTY;
}

unsigned int fk_count(unsigned long request)
{
	unsigned int i, n = 0;

	pthread_mutex_lock(&fk_lock);
	for (i = 0; i < fk.n && i < FK_CALLS; i++)
		n += fk.calls[i].request == request;
	pthread_mutex_unlock(&fk_lock);
	return n;
}

const struct fk_call *fk_call_of(unsigned long request, unsigned int nth)
{
	unsigned int i, left = nth;

	for (i = 0; i < fk.n && i < FK_CALLS; i++)
		if (fk.calls[i].request == request && left-- == 0)
			return &fk.calls[i];
	fail_msg("no call %u of ioctl 0x%lx (%u calls in all)", nth, request, fk.n);
	return NULL;
}

int fk_drm_version(void *arg, const char *name)
{
	struct drm_version *req = arg;
	size_t len = strlen(name);

	if (req->name && req->name_len)
		memcpy(req->name, name, len < req->name_len ? len : req->name_len);
	req->name_len = len;
	return 0;
}

dev_t fk_rdev(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return S_ISCHR(st.st_mode) ? st.st_rdev : 0;
}

int fk_memfd(size_t size)
{
	int fd = memfd_create("fake-dmabuf", 0);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, size), 0);
	return fd;
}

void fk_device_init(struct fastrpc_device *dev, enum fastrpc_interface iface, int fd)
{
	assert_true(fd >= 0);
	dev->iface = iface;
	dev->fd = fd;
	dev->domain_id = FASTRPC_DOMAIN_CDSP;
	strcpy(dev->domain, "cdsp");
	dev->driver = FASTRPC_MOD_ACCEL;
	pthread_mutex_init(&dev->lock, NULL);
	/* The tests of the listener turn it on; the others count every ioctl. */
	dev->listener_flags = FASTRPC_LISTENER_OFF;
}

int fk_fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int fk_fd_cloexec(int fd)
{
	int flags = fcntl(fd, F_GETFD);

	return flags >= 0 && (flags & FD_CLOEXEC);
}
