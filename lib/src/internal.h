/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libfastrpc internals, shared by the objects in lib/src and the unit tests. */
#ifndef LIBFASTRPC_INTERNAL_H
#define LIBFASTRPC_INTERNAL_H

#include <drm/fastrpc_accel.h>

#include "libfastrpc.h"

#define FASTRPC_EXPORT __attribute__((visibility("default")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define FASTRPC_DEV_DIR		"/dev/accel"
#define FASTRPC_DRIVER_NAME	"fastrpc"
/* Room for a domain name with its NUL; the protocol's names are short. */
#define FASTRPC_DOMAIN_NAME_SIZE 64

struct fastrpc_device {
	int fd;
	unsigned int domain_id;
	char *path;
	char domain[FASTRPC_DOMAIN_NAME_SIZE];
};

/*
 * The one way into the kernel: ioctl(2), retried on EINTR.
 * Return: ioctl's non-negative result or -errno.
 */
int fastrpc_ioctl(int fd, unsigned long request, void *arg);

/* fastrpc_device_open() with @dev_dir (NULL: /dev/accel) to look for domains in. */
int fastrpc_device_open_in(const char *dev_dir, const char *name,
			   struct fastrpc_device **dev);

#endif /* LIBFASTRPC_INTERNAL_H */
