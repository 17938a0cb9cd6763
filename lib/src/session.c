/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Sessions: a process on the DSP, started from a shell ELF, and calls into it. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * Bound on reading a shell file.  The driver's own limit
 * (DRM_FASTRPC_PARAM_MAX_SHELL_SIZE) is asked only after the ELF check, so
 * that a bad shell is refused before anything reaches the kernel.
 */
#define SHELL_READ_MAX		(64u << 20)
#define MAX_BUFS		255
#define MAX_METHOD		31

struct fastrpc_session {
	int fd;
	uint32_t client_id;
};

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

FASTRPC_EXPORT int fastrpc_session_new_from_memory(struct fastrpc_device *dev,
						   const void *image, size_t size,
						   uint32_t attrs,
						   struct fastrpc_session **session,
						   const char **reason)
{
	struct drm_fastrpc_session_create req = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.attrs = attrs,
		.shell_ptr = (uintptr_t)image,
		.shell_size = size,
	};
	struct fastrpc_session *s;
	uint64_t max_size;
	int ret;

	if (reason)
		*reason = NULL;
	if (!dev || !image || !session || (attrs & ~DRM_FASTRPC_PD_ATTRS))
		return -EINVAL;
	ret = fastrpc_shell_check(image, size, reason);
	if (ret)
		return ret;
	ret = fastrpc_device_query(dev, DRM_FASTRPC_PARAM_MAX_SHELL_SIZE, 0,
				   &max_size);
	if (ret)
		return ret;
	if (size > max_size)
		return -EFBIG;

	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	/* Each file holds one session, so the session has a file of its own. */
	s->fd = open(dev->path, O_RDWR | O_CLOEXEC);
	if (s->fd < 0) {
		ret = -errno;
		goto err_free;
	}
	ret = fastrpc_ioctl(s->fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &req);
	if (ret)
		goto err_close;
	s->client_id = req.client_id;
	*session = s;
	return 0;

err_close:
	close(s->fd);
err_free:
	free(s);
	return ret;
}

FASTRPC_EXPORT int fastrpc_session_new(struct fastrpc_device *dev,
				       const char *shell_path, uint32_t attrs,
				       struct fastrpc_session **session,
				       const char **reason)
{
	size_t size = 0;
	void *image = NULL;
	int ret;

	if (reason)
		*reason = NULL;
	if (!dev || !shell_path || !session)
		return -EINVAL;
	ret = read_shell(shell_path, &image, &size);
	if (ret)
		return ret;
	ret = fastrpc_session_new_from_memory(dev, image, size, attrs, session,
					      reason);
	free(image);
	return ret;
}

FASTRPC_EXPORT void fastrpc_session_free(struct fastrpc_session *session)
{
	if (!session)
		return;
	/* Closing the file ends the DSP process and frees what it held. */
	close(session->fd);
	free(session);
}

FASTRPC_EXPORT uint32_t fastrpc_session_get_client_id(const struct fastrpc_session *session)
{
	return session->client_id;
}

static int fill_args(struct drm_fastrpc_invoke_arg *args,
		     const struct fastrpc_iovec *iov, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (iov[i].len && !iov[i].base)
			return -EINVAL;
		args[i] = (struct drm_fastrpc_invoke_arg) {
			.ptr = (uintptr_t)iov[i].base,
			.size = iov[i].len,
		};
	}
	return 0;
}

FASTRPC_EXPORT int fastrpc_session_invoke(struct fastrpc_session *session,
					  uint32_t handle, uint32_t method,
					  const struct fastrpc_iovec *in,
					  unsigned int n_in,
					  const struct fastrpc_iovec *out,
					  unsigned int n_out, int32_t *retval)
{
	struct drm_fastrpc_invoke_arg args[2 * MAX_BUFS];
	struct drm_fastrpc_invoke inv = { .handle = handle };
	int ret;

	if (!session || method > MAX_METHOD || n_in > MAX_BUFS ||
	    n_out > MAX_BUFS || (n_in && !in) || (n_out && !out))
		return -EINVAL;
	if (fill_args(args, in, n_in) || fill_args(args + n_in, out, n_out))
		return -EINVAL;
	inv.sc = DRM_FASTRPC_SCALARS(method, n_in, n_out, 0, 0);
	if (n_in + n_out)
		inv.args_ptr = (uintptr_t)args;

	ret = fastrpc_ioctl(session->fd, DRM_IOCTL_FASTRPC_INVOKE, &inv);
	if (ret)
		return ret;
	if (retval)
		*retval = inv.retval;
	return inv.retval ? -EREMOTEIO : 0;
}
