/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The single wrapper every kernel call goes through. */
#include <errno.h>
#include <sys/ioctl.h>

#include "internal.h"

static int call(int fd, unsigned long request, void *arg, bool retry)
{
	int saved_errno = errno;
	int ret;

	do {
		ret = ioctl(fd, request, arg);
	} while (retry && ret == -1 && errno == EINTR);

	if (ret == -1)
		return -errno;
	/* The header promises errno is left alone on success, retries included. */
	errno = saved_errno;
	return ret;
}

int fastrpc_ioctl(int fd, unsigned long request, void *arg)
{
	return call(fd, request, arg, true);
}

int fastrpc_ioctl_once(int fd, unsigned long request, void *arg)
{
	return call(fd, request, arg, false);
}
