/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Sessions: a process on the DSP, started from a shell ELF, or an attach to
 * one that runs already.
 *
 * Accel: the session lives on the device's file (SESSION_CREATE, ended by
 * SESSION_RELEASE), so the device's GEM buffers are the session's.  Legacy:
 * only closing a file ends its session, so the session opens a file of its
 * own on the node, as Qualcomm's library keeps a session fd beside the ones
 * it allocates and queries on; legacy buffers are dma-buf fds, good on any.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * Bound on reading a shell file.  The driver's own limit is checked only
 * after the ELF check, so that a bad shell is refused before anything
 * reaches the kernel.
 */
#define SHELL_READ_MAX		(64u << 20)
/* A static PD's name, with its NUL (DRM_FASTRPC's limit, the tighter one). */
#define STATIC_NAME_MAX		64

static int read_shell(const char *path, void **imagep, size_t *sizep)
{
	size_t size = 0, cap;
	unsigned char *buf, *grown;
	struct stat st;
	ssize_t n;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto err_close;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto err_close;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > SHELL_READ_MAX) {
		ret = -EFBIG;
		goto err_close;
	}
	/* One byte more than the file's size, to see it end (or grow). */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
	buf = malloc(cap);
	if (!buf) {
		ret = -ENOMEM;
		goto err_close;
	}
	for (;;) {
		if (size == cap) {
			cap *= 2;
			grown = realloc(buf, cap);
			if (!grown) {
				ret = -ENOMEM;
				goto err_free;
			}
			buf = grown;
		}
		n = read(fd, buf + size, cap - size);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto err_free;
		}
		if (n == 0)
			break;
		size += n;
		if (size > SHELL_READ_MAX) {
			ret = -EFBIG;
			goto err_free;
		}
	}
	close(fd);
	*imagep = buf;
	*sizep = size;
	return 0;

err_free:
	free(buf);
err_close:
	close(fd);
	return ret;
}

static int new_session(struct fastrpc_device *dev, enum fastrpc_pd pd,
		       struct fastrpc_session **sp)
{
	struct fastrpc_session *s;

	if (dev->session)
		return -EBUSY;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->dev = dev;
	s->pd = pd;
	s->fd = dev->fd;
	if (dev->iface == FASTRPC_INTERFACE_LEGACY) {
		s->fd = fastrpc_node_open_fd(dev->path, FASTRPC_INTERFACE_LEGACY);
		if (s->fd < 0) {
			int ret = s->fd;

			free(s);
			return ret;
		}
	}
	*sp = s;
	return 0;
}

/*
 * The session is up: the device holds it, and its listener starts unless
 * the device says not.  A listener that cannot start (a DSP without one)
 * leaves a session that works without it.
 */
static void publish(struct fastrpc_device *dev, struct fastrpc_session *s,
		    struct fastrpc_session **sp)
{
	int saved_errno = errno;

	dev->session = s;
	*sp = s;
	if (!(fastrpc_device_get_listener_flags(dev) & FASTRPC_LISTENER_OFF))
		fastrpc_session_start_listener(s);
	errno = saved_errno;
}

static void drop_session(struct fastrpc_session *s)
{
	if (s->fd != s->dev->fd)
		close(s->fd);
	free(s);
}

/* The accel door's SESSION_CREATE; @req is filled but for its type. */
static int accel_create(struct fastrpc_session *s,
			struct drm_fastrpc_session_create *req)
{
	static const uint32_t types[] = {
		[FASTRPC_PD_USER] = DRM_FASTRPC_SESSION_USER_PD,
		[FASTRPC_PD_ROOT] = DRM_FASTRPC_SESSION_ROOT_PD,
		[FASTRPC_PD_SENSORS] = DRM_FASTRPC_SESSION_SENSORS_PD,
		[FASTRPC_PD_STATIC] = DRM_FASTRPC_SESSION_STATIC_PD,
	};
	int ret;

	req->type = types[s->pd];
	ret = fastrpc_ioctl(s->fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, req);
	if (ret)
		return ret < 0 ? ret : -EIO;
	s->client_id = req->client_id;
	return 0;
}

/* A legacy ioctl's result: the DSP's refusal is -ECONNREFUSED. */
static int legacy_result(int ret)
{
	return fastrpc_is_dsp_error(ret) ? -ECONNREFUSED : ret;
}

/*
 * The legacy INIT_CREATE, with the shell in a dma-buf of the driver's as
 * Qualcomm's library passes it: the misc driver of Linux 6.12 cannot read
 * it from user memory.  The driver keeps its own reference to the buffer.
 */
static int legacy_create(struct fastrpc_session *s, const void *image,
			 size_t size, uint32_t attrs)
{
	size_t len = (size + fastrpc_page_size() - 1) & ~(fastrpc_page_size() - 1);
	struct fastrpc_init_create init = {
		.filelen = size,
		.attrs = attrs,
	};
	void *map;
	int fd, ret;

	fd = fastrpc_legacy_dmabuf(s->dev, &len);
	if (fd < 0)
		return fd;
	map = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		ret = -errno;
		close(fd);
		return ret;
	}
	memcpy(map, image, size);
	init.file = (uintptr_t)map;
	init.filefd = fd;
	ret = legacy_result(fastrpc_ioctl(s->fd, FASTRPC_IOCTL_INIT_CREATE, &init));
	munmap(map, len);
	close(fd);
	return ret;
}

FASTRPC_EXPORT int fastrpc_session_new_from_memory(struct fastrpc_device *dev,
						   const void *image, size_t size,
						   uint32_t attrs,
						   struct fastrpc_session **session,
						   const char **reason)
{
	struct drm_fastrpc_session_create req = {
		.attrs = attrs,
		.shell_ptr = (uintptr_t)image,
		.shell_size = size,
	};
	int saved_errno = errno;
	struct fastrpc_session *s;
	uint64_t max_size = LEGACY_INIT_FILELEN_MAX;
	int ret;

	if (reason)
		*reason = NULL;
	if (!dev || !image || !session || (attrs & ~FASTRPC_PD_ATTRS))
		return -EINVAL;
	ret = fastrpc_shell_check(image, size, reason);
	if (ret)
		return ret;
	if (dev->iface == FASTRPC_INTERFACE_ACCEL) {
		ret = fastrpc_device_query(dev, DRM_FASTRPC_PARAM_MAX_SHELL_SIZE,
					   0, &max_size);
		if (ret)
			return ret;
	}
	if (size > max_size)
		return -EFBIG;

	ret = new_session(dev, FASTRPC_PD_USER, &s);
	if (ret)
		return ret;
	if (dev->iface == FASTRPC_INTERFACE_ACCEL)
		ret = accel_create(s, &req);
	else
		ret = legacy_create(s, image, size, attrs);
	if (ret) {
		drop_session(s);
		return ret;
	}
	publish(dev, s, session);
	errno = saved_errno;
	return 0;
}

FASTRPC_EXPORT int fastrpc_session_new(struct fastrpc_device *dev,
				       const char *shell_path, uint32_t attrs,
				       struct fastrpc_session **session,
				       const char **reason)
{
	char *found = NULL;
	size_t size = 0;
	void *image = NULL;
	int ret;

	if (reason)
		*reason = NULL;
	if (!dev || !session)
		return -EINVAL;
	if (!shell_path) {
		ret = fastrpc_shell_find(dev->domain_id, attrs, NULL, &found);
		if (ret)
			return ret;
		shell_path = found;
	}
	ret = read_shell(shell_path, &image, &size);
	free(found);
	if (ret)
		return ret;
	ret = fastrpc_session_new_from_memory(dev, image, size, attrs, session,
					      reason);
	free(image);
	return ret;
}

FASTRPC_EXPORT int fastrpc_session_attach(struct fastrpc_device *dev,
					  enum fastrpc_pd pd,
					  struct fastrpc_session **session)
{
	struct drm_fastrpc_session_create req = { 0 };
	struct fastrpc_session *s;
	unsigned long request;
	int ret;

	if (!dev || !session || (pd != FASTRPC_PD_ROOT && pd != FASTRPC_PD_SENSORS))
		return -EINVAL;
	ret = new_session(dev, pd, &s);
	if (ret)
		return ret;
	if (dev->iface == FASTRPC_INTERFACE_ACCEL) {
		ret = accel_create(s, &req);
	} else {
		request = pd == FASTRPC_PD_ROOT ? FASTRPC_IOCTL_INIT_ATTACH :
						  FASTRPC_IOCTL_INIT_ATTACH_SNS;
		ret = legacy_result(fastrpc_ioctl(s->fd, request, NULL));
	}
	if (ret) {
		drop_session(s);
		return ret;
	}
	publish(dev, s, session);
	return 0;
}

FASTRPC_EXPORT int fastrpc_session_new_static(struct fastrpc_device *dev,
					      const char *name, size_t heap_size,
					      struct fastrpc_session **session)
{
	struct drm_fastrpc_session_create req = { 0 };
	struct fastrpc_init_create_static init = { 0 };
	struct fastrpc_session *s;
	size_t len;
	int ret;

	if (!dev || !name || !session)
		return -EINVAL;
	len = strlen(name) + 1;
	if (len < 2 || len > STATIC_NAME_MAX || heap_size > UINT32_MAX)
		return -EINVAL;
	ret = new_session(dev, FASTRPC_PD_STATIC, &s);
	if (ret)
		return ret;
	if (dev->iface == FASTRPC_INTERFACE_ACCEL) {
		req.name_ptr = (uintptr_t)name;
		req.name_size = len;
		/* A static PD's heap size travels in shell_size. */
		req.shell_size = heap_size;
		ret = accel_create(s, &req);
	} else {
		init.name = (uintptr_t)name;
		init.namelen = len;
		init.memlen = heap_size;
		ret = legacy_result(fastrpc_ioctl(s->fd, FASTRPC_IOCTL_INIT_CREATE_STATIC,
						  &init));
	}
	if (ret) {
		drop_session(s);
		return ret;
	}
	publish(dev, s, session);
	return 0;
}

FASTRPC_EXPORT void fastrpc_session_free(struct fastrpc_session *session)
{
	struct drm_fastrpc_session_release req = { 0 };
	int saved_errno = errno;

	if (!session)
		return;
	/* The listener first: exit ends its wait, then its thread is joined. */
	fastrpc_listener_end(session);
	/*
	 * Ending it frees what it held on the DSP.  A release that fails (the
	 * DSP went away, and the session with it) leaves nothing to free.
	 */
	if (session->dev->iface == FASTRPC_INTERFACE_ACCEL)
		fastrpc_ioctl(session->fd, DRM_IOCTL_FASTRPC_SESSION_RELEASE, &req);
	session->dev->session = NULL;
	drop_session(session);
	errno = saved_errno;
}

FASTRPC_EXPORT struct fastrpc_device *fastrpc_session_get_device(const struct fastrpc_session *session)
{
	return session->dev;
}

FASTRPC_EXPORT enum fastrpc_pd fastrpc_session_get_pd(const struct fastrpc_session *session)
{
	return session->pd;
}

FASTRPC_EXPORT uint32_t fastrpc_session_get_client_id(const struct fastrpc_session *session)
{
	return session->client_id;
}
