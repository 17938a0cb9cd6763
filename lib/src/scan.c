/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Discovery: the FastRPC nodes under /dev, told apart with sysfs.
 *
 * An accel node (/dev/accel/accelN) is ours when the device behind it is
 * bound to the accel driver's RPMsg driver; without sysfs the node is
 * opened and asked its DRM driver name.  A legacy node (/dev/fastrpc-*) is
 * fastrpc_accel's when its device has that parent, the misc driver's when
 * it has none and fastrpc.ko is loaded (the misc driver registers its
 * nodes without a parent).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <xf86drm.h>

#include "internal.h"

const struct fastrpc_roots fastrpc_system_roots = { "/dev", "/sys" };

#define ACCEL_DIR	"accel"
#define ACCEL_PREFIX	"accel"
#define LEGACY_PREFIX	"fastrpc-"
#define MISC_RPMSG	"qcom,fastrpc"

struct list {
	struct fastrpc_node **v;
	size_t n, cap;
};

/* The last component of the link at @fmt..., into @out; false when none. */
static bool link_name(char *out, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool link_name(char *out, size_t size, const char *fmt, ...)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	va_list ap;
	ssize_t n;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (strlen(base) >= size)
		return false;
	strcpy(out, base);
	return true;
}

const char *fastrpc_driver_of(const struct fastrpc_roots *roots, dev_t rdev)
{
	unsigned int maj = major(rdev), min = minor(rdev);
	char name[NAME_MAX + 1], path[PATH_MAX];

	if (link_name(name, sizeof(name), "%s/dev/char/%u:%u/device/driver",
		      roots->sys, maj, min)) {
		if (strcmp(name, FASTRPC_ACCEL_RPMSG) == 0)
			return FASTRPC_MOD_ACCEL;
		if (strcmp(name, MISC_RPMSG) == 0)
			return FASTRPC_MOD_MISC;
		return FASTRPC_MOD_UNKNOWN;
	}
	/* A misc device without a parent: the misc driver's, if it is loaded. */
	if (link_name(name, sizeof(name), "%s/dev/char/%u:%u/subsystem",
		      roots->sys, maj, min) && strcmp(name, "misc") == 0) {
		snprintf(path, sizeof(path), "%s/module/%s", roots->sys,
			 FASTRPC_MOD_MISC);
		if (access(path, F_OK) == 0)
			return FASTRPC_MOD_MISC;
	}
	return FASTRPC_MOD_UNKNOWN;
}

int fastrpc_node_open_fd(const char *path, enum fastrpc_interface iface)
{
	int flags = O_CLOEXEC;
	int fd;

	/* Qualcomm's library opens the legacy node so; the driver must allow it. */
	flags |= iface == FASTRPC_INTERFACE_LEGACY ? O_RDONLY | O_NONBLOCK : O_RDWR;
	fd = open(path, flags);
	return fd < 0 ? -errno : fd;
}

int fastrpc_accel_check(int fd)
{
	int saved_errno = errno;
	drmVersionPtr version;
	bool ours;

	version = drmGetVersion(fd);
	ours = version && version->name &&
	       strcmp(version->name, FASTRPC_DRM_NAME) == 0;
	drmFreeVersion(version);
	errno = saved_errno;
	return ours ? 0 : -ENODEV;
}

int fastrpc_accel_domain(int fd, char *name, size_t size, unsigned int *id)
{
	struct drm_fastrpc_query q = {
		.param = DRM_FASTRPC_PARAM_DOMAIN_NAME,
		.data_ptr = (uintptr_t)name,
		.data_size = size,
	};
	int ret;

	ret = fastrpc_ioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	if (ret)
		return ret < 0 ? ret : -EIO;
	name[size - 1] = '\0';
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DOMAIN_ID };
	ret = fastrpc_ioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	if (ret)
		return ret < 0 ? ret : -EIO;
	*id = q.value;
	return 0;
}

/* The DT label of the DSP behind an accel node, when it cannot be asked. */
static bool sysfs_label(const struct fastrpc_roots *roots, dev_t rdev,
			char *name, size_t size)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/dev/char/%u:%u/device/of_node/label",
		 roots->sys, major(rdev), minor(rdev));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, name, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	/* A DT string property ends with its NUL, or a newline in tests. */
	name[n] = '\0';
	name[strcspn(name, "\n")] = '\0';
	return name[0] != '\0';
}

static int add(struct list *l, const char *path, const char *domain,
	       enum fastrpc_interface iface, const char *driver, bool secure,
	       int state)
{
	struct fastrpc_node *node, **grown;
	int id = fastrpc_domain_id(domain);

	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		grown = realloc(l->v, l->cap * sizeof(*l->v));
		if (!grown)
			return -ENOMEM;
		l->v = grown;
	}
	node = calloc(1, sizeof(*node));
	if (!node)
		return -ENOMEM;
	node->path = strdup(path);
	node->domain = strdup(domain);
	if (!node->path || !node->domain) {
		free(node->path);
		free(node->domain);
		free(node);
		return -ENOMEM;
	}
	node->domain_id = id < 0 ? -1 : id;
	node->iface = iface;
	node->driver = driver;
	node->secure = secure;
	node->state = state;
	l->v[l->n++] = node;
	return 0;
}

static int add_accel(const struct fastrpc_roots *roots, struct list *l,
		     const char *path, const struct stat *st)
{
	const char *driver = fastrpc_driver_of(roots, st->st_rdev);
	char domain[FASTRPC_DOMAIN_NAME_SIZE] = "";
	unsigned int id;
	int fd, state;

	fd = fastrpc_node_open_fd(path, FASTRPC_INTERFACE_ACCEL);
	state = fd < 0 ? fd : 0;
	if (strcmp(driver, FASTRPC_MOD_ACCEL) != 0) {
		/* No sysfs to say: only the node itself can. */
		if (fd < 0 || strcmp(driver, FASTRPC_MOD_UNKNOWN) != 0 ||
		    fastrpc_accel_check(fd)) {
			if (fd >= 0)
				close(fd);
			return 0;
		}
		driver = FASTRPC_MOD_ACCEL;
	}
	if (fd >= 0) {
		if (fastrpc_accel_domain(fd, domain, sizeof(domain), &id))
			domain[0] = '\0';
		close(fd);
	}
	if (!domain[0] && !sysfs_label(roots, st->st_rdev, domain, sizeof(domain)))
		strcpy(domain, "unknown");
	return add(l, path, domain, FASTRPC_INTERFACE_ACCEL, driver, false, state);
}

static int add_legacy(const struct fastrpc_roots *roots, struct list *l,
		      const char *path, const char *name, const struct stat *st)
{
	char domain[FASTRPC_DOMAIN_NAME_SIZE];
	bool secure;
	int state;

	if (fastrpc_legacy_node_domain(name, domain, sizeof(domain), &secure))
		return 0;
	/*
	 * Not opened: the misc driver gives every open file a session slot,
	 * and its close ends the DSP process of the whole calling process.
	 */
	state = access(path, R_OK) ? -errno : 0;
	return add(l, path, domain, FASTRPC_INTERFACE_LEGACY,
		   fastrpc_driver_of(roots, st->st_rdev), secure, state);
}

/* Every character device of @dir whose name starts with @prefix. */
static int scan_dir(const struct fastrpc_roots *roots, struct list *l,
		    const char *dir, const char *prefix, bool accel)
{
	char path[PATH_MAX];
	struct dirent *de;
	struct stat st;
	DIR *d;
	int ret = 0;

	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while (!ret && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir,
				     de->d_name) >= sizeof(path))
			continue;
		if (stat(path, &st) || !S_ISCHR(st.st_mode))
			continue;
		ret = accel ? add_accel(roots, l, path, &st) :
			      add_legacy(roots, l, path, de->d_name, &st);
	}
	closedir(d);
	return ret;
}

/* Domain id (unknown last), accel first, -secure first, then the path. */
static int compare(const void *a, const void *b)
{
	const struct fastrpc_node *x = *(struct fastrpc_node *const *)a;
	const struct fastrpc_node *y = *(struct fastrpc_node *const *)b;
	unsigned int ix = (unsigned int)x->domain_id, iy = (unsigned int)y->domain_id;

	if (ix != iy)
		return ix < iy ? -1 : 1;
	if (x->iface != y->iface)
		return x->iface == FASTRPC_INTERFACE_ACCEL ? -1 : 1;
	if (x->secure != y->secure)
		return x->secure ? -1 : 1;
	return strcmp(x->path, y->path);
}

int fastrpc_scan_in(const struct fastrpc_roots *roots,
		    struct fastrpc_node ***nodes, size_t *count)
{
	int saved_errno = errno;
	struct list l = { 0 };
	char dir[PATH_MAX];
	int ret;

	if (!nodes || !count)
		return -EINVAL;
	snprintf(dir, sizeof(dir), "%s/%s", roots->dev, ACCEL_DIR);
	ret = scan_dir(roots, &l, dir, ACCEL_PREFIX, true);
	if (!ret)
		ret = scan_dir(roots, &l, roots->dev, LEGACY_PREFIX, false);
	if (ret) {
		fastrpc_scan_free(l.v, l.n);
		return ret;
	}
	if (l.n)
		qsort(l.v, l.n, sizeof(*l.v), compare);
	*nodes = l.v;
	*count = l.n;
	errno = saved_errno;
	return 0;
}

FASTRPC_EXPORT int fastrpc_scan(struct fastrpc_node ***nodes, size_t *count)
{
	return fastrpc_scan_in(&fastrpc_system_roots, nodes, count);
}

FASTRPC_EXPORT void fastrpc_scan_free(struct fastrpc_node **nodes, size_t count)
{
	size_t i;

	if (!nodes)
		return;
	for (i = 0; i < count; i++) {
		free(nodes[i]->path);
		free(nodes[i]->domain);
		free(nodes[i]);
	}
	free(nodes);
}

FASTRPC_EXPORT const char *fastrpc_node_get_path(const struct fastrpc_node *node)
{
	return node->path;
}

FASTRPC_EXPORT const char *fastrpc_node_get_domain(const struct fastrpc_node *node)
{
	return node->domain;
}

FASTRPC_EXPORT int fastrpc_node_get_domain_id(const struct fastrpc_node *node)
{
	return node->domain_id;
}

FASTRPC_EXPORT enum fastrpc_interface fastrpc_node_get_interface(const struct fastrpc_node *node)
{
	return node->iface;
}

FASTRPC_EXPORT const char *fastrpc_node_get_driver(const struct fastrpc_node *node)
{
	return node->driver;
}

FASTRPC_EXPORT bool fastrpc_node_is_secure(const struct fastrpc_node *node)
{
	return node->secure;
}

FASTRPC_EXPORT int fastrpc_node_get_state(const struct fastrpc_node *node)
{
	return node->state;
}
