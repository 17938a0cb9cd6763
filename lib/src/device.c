/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Devices: finding the accel nodes of the FastRPC driver and opening one domain. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <xf86drm.h>

#include "internal.h"

struct node {
	unsigned int minor;
	char *path;
};

/* Open @path and keep it only if the FastRPC driver serves it. */
static int open_node(const char *path, int *fdp)
{
	drmVersionPtr version;
	bool ours;
	int fd;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	version = drmGetVersion(fd);
	ours = version && version->name &&
	       strcmp(version->name, FASTRPC_DRIVER_NAME) == 0;
	drmFreeVersion(version);
	if (!ours) {
		close(fd);
		return -ENODEV;
	}
	*fdp = fd;
	return 0;
}

static int query(int fd, uint32_t param, uint32_t index, void *data,
		 uint32_t data_size, uint64_t *value)
{
	struct drm_fastrpc_query q = {
		.param = param,
		.index = index,
		.data_ptr = (uintptr_t)data,
		.data_size = data_size,
	};
	int ret;

	ret = fastrpc_ioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	if (ret)
		return ret;
	*value = q.value;
	return 0;
}

static int compare_minor(const void *a, const void *b)
{
	const struct node *x = a, *y = b;

	return (x->minor > y->minor) - (x->minor < y->minor);
}

/* Append @path to @nodes if it is a FastRPC character device. */
static int add_node(const char *dir, const char *name, struct node **nodes,
		    size_t *count, size_t *cap)
{
	struct stat st;
	char *path;
	int fd;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return -ENOMEM;
	if (stat(path, &st) || !S_ISCHR(st.st_mode) || open_node(path, &fd)) {
		free(path);
		return 0;
	}
	close(fd);

	if (*count == *cap) {
		size_t new_cap = *cap ? *cap * 2 : 8;
		struct node *grown = realloc(*nodes, new_cap * sizeof(**nodes));

		if (!grown) {
			free(path);
			return -ENOMEM;
		}
		*nodes = grown;
		*cap = new_cap;
	}
	(*nodes)[*count].minor = minor(st.st_rdev);
	(*nodes)[(*count)++].path = path;
	return 0;
}

FASTRPC_EXPORT int fastrpc_device_scan(const char *dev_dir, char ***paths,
				       size_t *count)
{
	int saved_errno = errno;
	struct node *nodes = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	char **out;
	DIR *dir;
	int ret = 0;

	if (!paths || !count)
		return -EINVAL;
	*paths = NULL;
	*count = 0;
	if (!dev_dir)
		dev_dir = FASTRPC_DEV_DIR;

	dir = opendir(dev_dir);
	if (!dir) {
		/* No /dev/accel: no accel driver is loaded, so no domain. */
		if (errno == ENOENT) {
			errno = saved_errno;
			return 0;
		}
		return -errno;
	}
	while ((de = readdir(dir))) {
		if (strncmp(de->d_name, "accel", 5) != 0)
			continue;
		ret = add_node(dev_dir, de->d_name, &nodes, &n, &cap);
		if (ret)
			goto err_free_nodes;
	}
	closedir(dir);
	dir = NULL;

	if (!n)
		goto out;
	qsort(nodes, n, sizeof(*nodes), compare_minor);
	out = malloc(n * sizeof(*out));
	if (!out) {
		ret = -ENOMEM;
		goto err_free_nodes;
	}
	for (i = 0; i < n; i++)
		out[i] = nodes[i].path;
	*paths = out;
	*count = n;
out:
	free(nodes);
	errno = saved_errno;
	return 0;

err_free_nodes:
	if (dir)
		closedir(dir);
	for (i = 0; i < n; i++)
		free(nodes[i].path);
	free(nodes);
	return ret;
}

FASTRPC_EXPORT void fastrpc_device_scan_free(char **paths, size_t count)
{
	size_t i;

	if (!paths)
		return;
	for (i = 0; i < count; i++)
		free(paths[i]);
	free(paths);
}

static int open_path(const char *path, struct fastrpc_device **devp)
{
	struct fastrpc_device *dev;
	uint64_t value;
	int ret;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->path = strdup(path);
	if (!dev->path) {
		ret = -ENOMEM;
		goto err_free_dev;
	}
	ret = open_node(path, &dev->fd);
	if (ret)
		goto err_free_path;

	ret = query(dev->fd, DRM_FASTRPC_PARAM_DOMAIN_NAME, 0, dev->domain,
		    sizeof(dev->domain), &value);
	if (ret)
		goto err_close;
	dev->domain[sizeof(dev->domain) - 1] = '\0';
	ret = query(dev->fd, DRM_FASTRPC_PARAM_DOMAIN_ID, 0, NULL, 0, &value);
	if (ret)
		goto err_close;
	dev->domain_id = value;

	*devp = dev;
	return 0;

err_close:
	close(dev->fd);
err_free_path:
	free(dev->path);
err_free_dev:
	free(dev);
	return ret;
}

int fastrpc_device_open_in(const char *dev_dir, const char *name,
			   struct fastrpc_device **dev)
{
	int saved_errno = errno;
	struct fastrpc_device *found = NULL, *d;
	char **paths;
	size_t n, i;
	int ret;

	if (!name || !*name || !dev)
		return -EINVAL;
	*dev = NULL;
	if (strchr(name, '/'))
		return open_path(name, dev);

	ret = fastrpc_device_scan(dev_dir, &paths, &n);
	if (ret)
		return ret;
	for (i = 0; i < n && !found; i++) {
		/* A node that fails here is skipped, as the scan skips them. */
		if (open_path(paths[i], &d))
			continue;
		if (strcmp(d->domain, name) == 0)
			found = d;
		else
			fastrpc_device_close(d);
	}
	fastrpc_device_scan_free(paths, n);
	if (!found)
		return -ENOENT;
	errno = saved_errno;
	*dev = found;
	return 0;
}

FASTRPC_EXPORT int fastrpc_device_open(const char *name,
				       struct fastrpc_device **dev)
{
	return fastrpc_device_open_in(NULL, name, dev);
}

FASTRPC_EXPORT void fastrpc_device_close(struct fastrpc_device *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev->path);
	free(dev);
}

FASTRPC_EXPORT const char *fastrpc_device_get_path(const struct fastrpc_device *dev)
{
	return dev->path;
}

FASTRPC_EXPORT const char *fastrpc_device_get_domain(const struct fastrpc_device *dev)
{
	return dev->domain;
}

FASTRPC_EXPORT unsigned int fastrpc_device_get_domain_id(const struct fastrpc_device *dev)
{
	return dev->domain_id;
}

FASTRPC_EXPORT int fastrpc_device_get_fd(const struct fastrpc_device *dev)
{
	return dev->fd;
}

FASTRPC_EXPORT int fastrpc_device_query(struct fastrpc_device *dev,
					uint32_t param, uint32_t index,
					uint64_t *value)
{
	char name[FASTRPC_DOMAIN_NAME_SIZE];

	if (!dev || !value)
		return -EINVAL;
	/* The name itself is kept by the device; here only its length is asked. */
	if (param == DRM_FASTRPC_PARAM_DOMAIN_NAME)
		return query(dev->fd, param, index, name, sizeof(name), value);
	return query(dev->fd, param, index, NULL, 0, value);
}
