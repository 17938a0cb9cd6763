/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Devices: one open node of a domain, on either interface, and its queries. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static const char *const attr_names[] = {
	[FASTRPC_DSP_ATTR_DOMAIN_SUPPORT] = "domain_support",
	[FASTRPC_DSP_ATTR_UNSIGNED_PD] = "unsigned_pd",
	[FASTRPC_DSP_ATTR_HVX_64B] = "hvx_64b",
	[FASTRPC_DSP_ATTR_HVX_128B] = "hvx_128b",
	[FASTRPC_DSP_ATTR_VTCM_PAGE] = "vtcm_page",
	[FASTRPC_DSP_ATTR_VTCM_COUNT] = "vtcm_count",
	[FASTRPC_DSP_ATTR_ARCH_VER] = "arch_ver",
	[FASTRPC_DSP_ATTR_HMX_DEPTH] = "hmx_depth",
	[FASTRPC_DSP_ATTR_HMX_SPATIAL] = "hmx_spatial",
	[FASTRPC_DSP_ATTR_ASYNC_FASTRPC] = "async_fastrpc",
	[FASTRPC_DSP_ATTR_STATUS_NOTIFY] = "status_notify",
};

/* Open @path, known to be a node of @iface, into a device. */
static int open_node(const struct fastrpc_roots *roots, const char *path,
		     enum fastrpc_interface iface, struct fastrpc_device **devp)
{
	struct fastrpc_device *dev;
	struct stat st;
	int ret, id;

	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return -ENOMEM;
	dev->fd = -1;
	dev->iface = iface;
	pthread_mutex_init(&dev->lock, NULL);
	dev->path = strdup(path);
	if (!dev->path) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = fastrpc_node_open_fd(path, iface);
	if (ret < 0)
		goto err_free;
	dev->fd = ret;
	if (fstat(dev->fd, &st) || !S_ISCHR(st.st_mode)) {
		ret = -ENODEV;
		goto err_free;
	}
	dev->driver = fastrpc_driver_of(roots, st.st_rdev);

	if (iface == FASTRPC_INTERFACE_ACCEL) {
		ret = fastrpc_accel_check(dev->fd);
		if (!ret)
			ret = fastrpc_accel_domain(dev->fd, dev->domain,
						   sizeof(dev->domain),
						   &dev->domain_id);
		if (ret)
			goto err_free;
		dev->driver = FASTRPC_MOD_ACCEL;
	} else {
		const char *base = strrchr(path, '/');

		ret = fastrpc_legacy_node_domain(base ? base + 1 : path,
						 dev->domain, sizeof(dev->domain),
						 &dev->secure);
		id = ret ? ret : fastrpc_domain_id(dev->domain);
		if (id < 0) {
			ret = -ENODEV;
			goto err_free;
		}
		dev->domain_id = id;
	}
	*devp = dev;
	return 0;

err_free:
	fastrpc_device_close(dev);
	return ret;
}

/* The misc driver's node name, from @path itself or what it links to. */
static bool legacy_name(const char *path)
{
	char domain[FASTRPC_DOMAIN_NAME_SIZE];
	const char *base = strrchr(path, '/');
	bool secure;

	return !fastrpc_legacy_node_domain(base ? base + 1 : path, domain,
					   sizeof(domain), &secure);
}

/*
 * A path names its interface: its DRM driver, or the misc driver's node
 * name (udev may give the node a link of that name).  The device keeps the
 * path as given.
 */
static int open_path(const struct fastrpc_roots *roots, const char *path,
		     enum fastrpc_interface iface, struct fastrpc_device **dev)
{
	char real[PATH_MAX];
	int fd, ret;

	if (!realpath(path, real))
		return -errno;
	if (legacy_name(path) || legacy_name(real)) {
		if (iface == FASTRPC_INTERFACE_ACCEL)
			return -ENODEV;
		return open_node(roots, legacy_name(path) ? path : real,
				 FASTRPC_INTERFACE_LEGACY, dev);
	}
	if (iface == FASTRPC_INTERFACE_LEGACY)
		return -ENODEV;
	/* Only the DRM driver's name tells an accel node from another. */
	fd = fastrpc_node_open_fd(real, FASTRPC_INTERFACE_ACCEL);
	if (fd < 0)
		return fd;
	ret = fastrpc_accel_check(fd);
	close(fd);
	if (ret)
		return ret;
	return open_node(roots, path, FASTRPC_INTERFACE_ACCEL, dev);
}

/*
 * A domain by name: its accel node, then its -secure node, then its plain
 * one (as the scan orders them), the first that opens.  When none does,
 * the first one's error says why.
 */
static int open_domain(const struct fastrpc_roots *roots, const char *name,
		       enum fastrpc_interface iface, struct fastrpc_device **dev)
{
	struct fastrpc_node **nodes;
	int ret, first = -ENOENT;
	size_t n, i;

	ret = fastrpc_scan_in(roots, &nodes, &n);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (i = 0; i < n && ret; i++) {
		if (strcmp(nodes[i]->domain, name) != 0 ||
		    (iface != FASTRPC_INTERFACE_ANY && nodes[i]->iface != iface))
			continue;
		ret = open_node(roots, nodes[i]->path, nodes[i]->iface, dev);
		if (ret && first == -ENOENT)
			first = ret;
	}
	fastrpc_scan_free(nodes, n);
	return ret ? first : 0;
}

int fastrpc_device_open_at(const struct fastrpc_roots *roots, const char *name,
			   enum fastrpc_interface iface,
			   struct fastrpc_device **dev)
{
	int saved_errno = errno;
	int ret;

	if (!name || !*name || !dev || (unsigned int)iface > FASTRPC_INTERFACE_LEGACY)
		return -EINVAL;
	ret = strchr(name, '/') ? open_path(roots, name, iface, dev) :
				  open_domain(roots, name, iface, dev);
	if (!ret)
		errno = saved_errno;
	return ret;
}

FASTRPC_EXPORT int fastrpc_device_open(const char *name,
				       enum fastrpc_interface iface,
				       struct fastrpc_device **dev)
{
	return fastrpc_device_open_at(&fastrpc_system_roots, name, iface, dev);
}

FASTRPC_EXPORT void fastrpc_device_close(struct fastrpc_device *dev)
{
	if (!dev)
		return;
	if (dev->fd >= 0)
		close(dev->fd);
	free(dev->search_path);
	free(dev->search_path_shown);
	pthread_mutex_destroy(&dev->lock);
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

FASTRPC_EXPORT enum fastrpc_interface fastrpc_device_get_interface(const struct fastrpc_device *dev)
{
	return dev->iface;
}

FASTRPC_EXPORT const char *fastrpc_device_get_driver(const struct fastrpc_device *dev)
{
	return dev->driver;
}

FASTRPC_EXPORT bool fastrpc_device_is_secure(const struct fastrpc_device *dev)
{
	return dev->secure;
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
	struct drm_fastrpc_query q = { .param = param, .index = index };
	int ret;

	if (!dev || !value)
		return -EINVAL;
	if (dev->iface != FASTRPC_INTERFACE_ACCEL)
		return -EOPNOTSUPP;
	/* The name itself is kept by the device; here only its length is asked. */
	if (param == DRM_FASTRPC_PARAM_DOMAIN_NAME) {
		q.data_ptr = (uintptr_t)name;
		q.data_size = sizeof(name);
	}
	ret = fastrpc_ioctl(dev->fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	if (ret)
		return ret < 0 ? ret : -EIO;
	*value = q.value;
	return 0;
}

FASTRPC_EXPORT const char *fastrpc_dsp_attr_name(unsigned int attr)
{
	return attr < ARRAY_SIZE(attr_names) ? attr_names[attr] : NULL;
}

FASTRPC_EXPORT int fastrpc_device_get_dsp_attr(struct fastrpc_device *dev,
					       uint32_t attr, uint32_t *value)
{
	struct fastrpc_ioctl_capability cap = {
		.domain = dev ? dev->domain_id : 0,
		.attribute_id = attr,
	};
	uint64_t v;
	int ret;

	if (!dev || !value)
		return -EINVAL;
	if (attr >= FASTRPC_DSP_ATTRS)
		return -EOVERFLOW;
	if (dev->iface == FASTRPC_INTERFACE_ACCEL) {
		ret = fastrpc_device_query(dev, DRM_FASTRPC_PARAM_DSP_ATTR, attr, &v);
		/* A driver older than the query knows no such parameter. */
		if (ret == -EINVAL)
			return -EOPNOTSUPP;
		if (!ret)
			*value = v;
		return ret;
	}
	ret = fastrpc_ioctl(dev->fd, FASTRPC_IOCTL_GET_DSP_INFO, &cap);
	/*
	 * The misc driver asks only the domains it numbers (not gdsp), and
	 * passes a DSP's refusal on as the ioctl's value.
	 */
	if (ret == -ECHRNG || fastrpc_is_dsp_error(ret))
		return -EOPNOTSUPP;
	if (ret)
		return ret < 0 ? ret : -EIO;
	*value = cap.capability;
	return 0;
}
