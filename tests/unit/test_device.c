/* SPDX-License-Identifier: GPL-2.0-or-later */
/* device.c: opening domains and paths on fake trees, and the device's queries. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "fail_alloc.h"
#include "fake_tree.h"

/* What the fake driver answers beyond the domain (tree_kernel() has that). */
static struct {
	int query_ret;		/* QUERY of other params fails with this */
	int info_ret;		/* GET_DSP_INFO returns this */
} k;

static int device_kernel(int fd, unsigned long request, void *arg)
{
	struct fastrpc_ioctl_capability *cap = arg;
	struct drm_fastrpc_query *q = arg;

	(void)fd;
	switch (request) {
	case DRM_IOCTL_FASTRPC_QUERY:
		if (k.query_ret)
			return k.query_ret;
		q->value = 1000 + 10 * q->param + q->index;
		return 0;
	case FASTRPC_IOCTL_GET_DSP_INFO:
		if (k.info_ret)
			return k.info_ret;
		cap->capability = 2000 + cap->attribute_id;
		return 0;
	}
	return -ENOTTY;
}

/* The devices a case opened, closed by the teardown when an assertion cut it short. */
static struct fastrpc_device *opened[4];

static void close_dev(struct fastrpc_device *dev)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		if (opened[i] == dev)
			opened[i] = NULL;
	fastrpc_device_close(dev);
}

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	tree_init(t);
	tree_kernel_next = device_kernel;
	memset(&k, 0, sizeof(k));
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		close_dev(opened[i]);
	tree_cleanup(*state);
	free(*state);
	return 0;
}

/* cdsp on all three nodes: accel0 (/dev/null), -secure (/dev/zero), plain (/dev/random). */
static void cdsp_nodes(struct tree *t, const char *accel_drm)
{
	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	tree_dsp("/dev/null", accel_drm, "cdsp", 3, 0);
	tree_node(t, "fastrpc-cdsp-secure", "/dev/zero");
	tree_node(t, "fastrpc-cdsp", "/dev/random");
	tree_misc(t, "/dev/zero");
	tree_misc(t, "/dev/random");
	tree_module(t, "fastrpc");
}

static void assert_path(struct tree *t, const struct fastrpc_device *dev, const char *name)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", t->dev, name);
	assert_string_equal(fastrpc_device_get_path(dev), path);
}

static struct fastrpc_device *open_ok(struct tree *t, const char *name,
				      enum fastrpc_interface iface)
{
	struct fastrpc_device *dev = NULL;
	unsigned int i;

	assert_int_equal(fastrpc_device_open_at(&t->roots, name, iface, &dev), 0);
	assert_non_null(dev);
	for (i = 0; i < 4 && opened[i]; i++)
		;
	assert_true(i < 4);
	opened[i] = dev;
	return dev;
}

static void fastrpc_device_open_at__bad_args_are_einval(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;

	cdsp_nodes(t, "fastrpc");
	assert_int_equal(fastrpc_device_open_at(&t->roots, NULL, 0, &dev), -EINVAL);
	assert_int_equal(fastrpc_device_open_at(&t->roots, "", 0, &dev), -EINVAL);
	assert_int_equal(fastrpc_device_open_at(&t->roots, "cdsp", 0, NULL), -EINVAL);
	assert_int_equal(fastrpc_device_open_at(&t->roots, "cdsp",
						(enum fastrpc_interface)3, &dev), -EINVAL);
	assert_int_equal(fastrpc_device_open_at(&t->roots, "cdsp",
						(enum fastrpc_interface)-1, &dev), -EINVAL);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_device_open_at__domain_opens_accel_first(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *dev;
	int fd;

	cdsp_nodes(t, "fastrpc");
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_ANY);
	assert_path(t, dev, "accel/accel0");
	assert_int_equal(fastrpc_device_get_interface(dev), FASTRPC_INTERFACE_ACCEL);
	assert_string_equal(fastrpc_device_get_domain(dev), "cdsp");
	assert_int_equal(fastrpc_device_get_domain_id(dev), 3);
	assert_string_equal(fastrpc_device_get_driver(dev), "fastrpc_accel");
	assert_false(fastrpc_device_is_secure(dev));
	fd = fastrpc_device_get_fd(dev);
	assert_true(fk_rdev(fd) == makedev(1, 3));
	assert_int_equal(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	assert_true(fk_fd_cloexec(fd));
	close_dev(dev);
	assert_false(fk_fd_open(fd));
}

/* The accel node is listed (sysfs says it is ours) but is no FastRPC DRM device. */
static void fastrpc_device_open_at__domain_falls_back_to_secure(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *dev;
	int fd;

	cdsp_nodes(t, "i915");
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_ANY);
	assert_path(t, dev, "fastrpc-cdsp-secure");
	assert_int_equal(fastrpc_device_get_interface(dev), FASTRPC_INTERFACE_LEGACY);
	assert_string_equal(fastrpc_device_get_domain(dev), "cdsp");
	assert_int_equal(fastrpc_device_get_domain_id(dev), 3);
	assert_string_equal(fastrpc_device_get_driver(dev), "fastrpc");
	assert_true(fastrpc_device_is_secure(dev));
	/* Read-only and non-blocking, as Qualcomm's library opens it. */
	fd = fastrpc_device_get_fd(dev);
	assert_int_equal(fcntl(fd, F_GETFL) & (O_ACCMODE | O_NONBLOCK),
			 O_RDONLY | O_NONBLOCK);
	close_dev(dev);
}

/* What a child's fastrpc_device_open_at() did. */
struct opened {
	int ret;
	int iface;
	bool secure;
	char path[PATH_MAX];
};

static int open_child(void *arg)
{
	struct tree *t = arg;
	struct opened *o = tree_shared;
	struct fastrpc_device *dev;

	o->ret = fastrpc_device_open_at(&t->roots, "cdsp", FASTRPC_INTERFACE_ANY, &dev);
	if (o->ret)
		return 0;
	o->iface = fastrpc_device_get_interface(dev);
	o->secure = fastrpc_device_is_secure(dev);
	snprintf(o->path, sizeof(o->path), "%s",
		 fastrpc_device_get_path(dev) + strlen(t->dev) + 1);
	close_dev(dev);
	return 0;
}

/* -secure refused (tree_locked(): run unprivileged), the plain node opens. */
static void fastrpc_device_open_at__domain_falls_back_to_plain(void **state)
{
	struct tree *t = *state;
	struct opened *o = tree_shared;
	const char *locked = tree_locked(t);

	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	tree_dsp("/dev/null", "i915", "cdsp", 3, 0);
	tree_node(t, "fastrpc-cdsp-secure", locked);
	tree_node(t, "fastrpc-cdsp", "/dev/random");
	assert_int_equal(unprivileged(t, open_child, t), 0);
	assert_int_equal(o->ret, 0);
	assert_string_equal(o->path, "fastrpc-cdsp");
	assert_int_equal(o->iface, FASTRPC_INTERFACE_LEGACY);
	assert_false(o->secure);
}

/* None opens: the accel node's error (its QUERY fails), not the others' -EACCES. */
static void fastrpc_device_open_at__domain_none_opens_is_first_error(void **state)
{
	struct tree *t = *state;
	struct opened *o = tree_shared;
	const char *locked = tree_locked(t);

	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	tree_label(t, "/dev/null", "cdsp", 5);
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, -EIO);
	tree_node(t, "fastrpc-cdsp-secure", locked);
	tree_node(t, "fastrpc-cdsp", locked);
	assert_int_equal(unprivileged(t, open_child, t), 0);
	assert_int_equal(o->ret, -EIO);
}

static void fastrpc_device_open_at__domain_none_may_open_is_eacces(void **state)
{
	struct tree *t = *state;
	struct opened *o = tree_shared;
	const char *locked = tree_locked(t);

	tree_node(t, "fastrpc-cdsp-secure", locked);
	tree_node(t, "fastrpc-cdsp", locked);
	assert_int_equal(unprivileged(t, open_child, t), 0);
	assert_int_equal(o->ret, -EACCES);
}

static void fastrpc_device_open_at__iface_legacy_skips_accel(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *dev;

	cdsp_nodes(t, "fastrpc");
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_LEGACY);
	assert_path(t, dev, "fastrpc-cdsp-secure");
	assert_int_equal(fastrpc_device_get_interface(dev), FASTRPC_INTERFACE_LEGACY);
	close_dev(dev);
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_ACCEL);
	assert_path(t, dev, "accel/accel0");
	close_dev(dev);
}

static void fastrpc_device_open_at__iface_accel_without_accel_is_enoent(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;

	tree_node(t, "fastrpc-cdsp", "/dev/random");
	assert_int_equal(fastrpc_device_open_at(&t->roots, "cdsp", FASTRPC_INTERFACE_ACCEL,
						&dev), -ENOENT);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
}

static void fastrpc_device_open_at__unknown_domain_is_enoent(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;

	cdsp_nodes(t, "fastrpc");
	assert_int_equal(fastrpc_device_open_at(&t->roots, "adsp", 0, &dev), -ENOENT);
	assert_int_equal(fastrpc_device_open_at(&t->roots, "nosuch", 0, &dev), -ENOENT);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
}

/* No sysfs: the DRM driver's name (DRM_IOCTL_VERSION) tells the node is ours. */
static void fastrpc_device_open_at__accel_path_by_drm_name(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *dev;
	char path[PATH_MAX];

	tree_node(t, "accel/accel0", "/dev/null");
	tree_dsp("/dev/null", "fastrpc", "adsp", 0, 0);
	snprintf(path, sizeof(path), "%s/accel/accel0", t->dev);
	dev = open_ok(t, path, FASTRPC_INTERFACE_ANY);
	assert_int_equal(fastrpc_device_get_interface(dev), FASTRPC_INTERFACE_ACCEL);
	assert_string_equal(fastrpc_device_get_domain(dev), "adsp");
	assert_int_equal(fastrpc_device_get_domain_id(dev), 0);
	assert_string_equal(fastrpc_device_get_driver(dev), "fastrpc_accel");
	assert_true(fk_count(DRM_IOCTL_VERSION) >= 1);
	close_dev(dev);
	dev = open_ok(t, path, FASTRPC_INTERFACE_ACCEL);
	close_dev(dev);
}

static void fastrpc_device_open_at__path_of_other_device_is_enodev(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;
	char path[PATH_MAX];

	tree_node(t, "accel/accel0", "/dev/null");
	tree_dsp("/dev/null", "i915", "cdsp", 3, 0);
	tree_node(t, "accel/accel1", "/dev/zero");
	snprintf(path, sizeof(path), "%s/accel/accel0", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, 0, &dev), -ENODEV);
	snprintf(path, sizeof(path), "%s/accel/accel1", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, 0, &dev), -ENODEV);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
}

static void fastrpc_device_open_at__missing_path_is_enoent(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/accel/accel9", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, 0, &dev), -ENOENT);
	snprintf(path, sizeof(path), "%s/fastrpc-cdsp", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, 0, &dev), -ENOENT);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
}

/*
 * A legacy node is known by its name, here the tree's symlink as udev
 * makes them: the name of the path given, not of the device it leads to.
 */
static void fastrpc_device_open_at__legacy_path_by_node_name(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *dev;
	char path[PATH_MAX];

	tree_node(t, "fastrpc-cdsp-secure", "/dev/zero");
	tree_misc(t, "/dev/zero");
	tree_module(t, "fastrpc");
	snprintf(path, sizeof(path), "%s/fastrpc-cdsp-secure", t->dev);
	dev = open_ok(t, path, FASTRPC_INTERFACE_ANY);
	assert_int_equal(fastrpc_device_get_interface(dev), FASTRPC_INTERFACE_LEGACY);
	assert_string_equal(fastrpc_device_get_domain(dev), "cdsp");
	assert_int_equal(fastrpc_device_get_domain_id(dev), 3);
	assert_true(fastrpc_device_is_secure(dev));
	assert_string_equal(fastrpc_device_get_driver(dev), "fastrpc");
	assert_string_equal(fastrpc_device_get_path(dev), path);
	assert_int_equal(fk_count(DRM_IOCTL_VERSION), 0);
	close_dev(dev);
}

static void fastrpc_device_open_at__path_of_other_interface_is_enodev(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;
	char path[PATH_MAX];

	cdsp_nodes(t, "fastrpc");
	snprintf(path, sizeof(path), "%s/accel/accel0", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, FASTRPC_INTERFACE_LEGACY,
						&dev), -ENODEV);
	snprintf(path, sizeof(path), "%s/fastrpc-cdsp", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, FASTRPC_INTERFACE_ACCEL,
						&dev), -ENODEV);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
}

static void fastrpc_device_open_at__legacy_path_of_unknown_domain_is_enodev(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;
	struct tree *t = *state;
	char path[PATH_MAX];

	tree_node(t, "fastrpc-foo", "/dev/zero");
	snprintf(path, sizeof(path), "%s/fastrpc-foo", t->dev);
	assert_int_equal(fastrpc_device_open_at(&t->roots, path, 0, &dev), -ENODEV);
	assert_ptr_equal(dev, (struct fastrpc_device *)1);
}

static void fastrpc_device_open_at__errno_untouched(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *dev;

	cdsp_nodes(t, "i915");
	errno = EXDEV;
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_ANY);
	assert_int_equal(errno, EXDEV);
	close_dev(dev);
	assert_int_equal(errno, EXDEV);
}

/* Each allocation of scan and open fails in turn, on either interface. */
static void fastrpc_device_open_at__enomem_leaks_nothing(void **state)
{
	static const char *const nodes[] = { "accel/accel0", "fastrpc-cdsp" };
	struct tree *t = *state;
	struct fastrpc_device *dev;
	char path[PATH_MAX];
	unsigned int n, i;
	int ret;

	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, 0);
	for (n = 0; n < 2; n++) {
		tree_node(t, nodes[n], "/dev/null");
		dev = (struct fastrpc_device *)1;
		for (i = 0;; i++) {
			fail_alloc_after(i);
			ret = fastrpc_device_open_at(&t->roots, "cdsp", 0, &dev);
			if (!fail_alloc_off())
				break;
			assert_int_equal(ret, -ENOMEM);
			assert_ptr_equal(dev, (struct fastrpc_device *)1);
			fail_alloc_check_leaks();
		}
		assert_int_equal(ret, 0);
		assert_true(i >= 6);
		close_dev(dev);
		snprintf(path, sizeof(path), "%s/%s", t->dev, nodes[n]);
		assert_int_equal(unlink(path), 0);
	}
	fail_alloc_check_leaks();
}

static void fastrpc_device_close__accepts_null(void **state)
{
	(void)state;
	fastrpc_device_close(NULL);
}

static struct fastrpc_device *accel_cdsp(struct tree *t)
{
	struct fastrpc_device *dev;

	cdsp_nodes(t, "fastrpc");
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_ACCEL);
	fk_reset(tree_kernel);
	return dev;
}

static struct fastrpc_device *legacy_cdsp(struct tree *t)
{
	struct fastrpc_device *dev;

	cdsp_nodes(t, "fastrpc");
	dev = open_ok(t, "cdsp", FASTRPC_INTERFACE_LEGACY);
	fk_reset(tree_kernel);
	return dev;
}

static void fastrpc_device_query__accel_passes_param_and_index(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	const struct fk_call *c;
	const struct drm_fastrpc_query *q;
	uint64_t value = 0;

	assert_int_equal(fastrpc_device_query(dev, DRM_FASTRPC_PARAM_SESSIONS_FREE, 2,
					      &value), 0);
	assert_int_equal(value, 1000 + 10 * DRM_FASTRPC_PARAM_SESSIONS_FREE + 2);
	assert_int_equal(fk.n, 1);
	c = fk_call_of(DRM_IOCTL_FASTRPC_QUERY, 0);
	assert_int_equal(c->fd, fastrpc_device_get_fd(dev));
	q = (const struct drm_fastrpc_query *)c->in;
	assert_int_equal(q->param, DRM_FASTRPC_PARAM_SESSIONS_FREE);
	assert_int_equal(q->index, 2);
	assert_int_equal(q->data_ptr, 0);
	assert_int_equal(q->data_size, 0);
	assert_int_equal(q->flags, 0);
	close_dev(dev);
}

/* The name's bytes need a buffer; only its length is the value. */
static void fastrpc_device_query__domain_name_gets_a_buffer(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	const struct drm_fastrpc_query *q;
	uint64_t value = 0;

	assert_int_equal(fastrpc_device_query(dev, DRM_FASTRPC_PARAM_DOMAIN_NAME, 0,
					      &value), 0);
	assert_int_equal(value, 4);
	q = fk_in(struct drm_fastrpc_query, DRM_IOCTL_FASTRPC_QUERY, 0);
	assert_int_not_equal(q->data_ptr, 0);
	assert_int_equal(q->data_size, FASTRPC_DOMAIN_NAME_SIZE);
	close_dev(dev);
}

static void fastrpc_device_query__driver_error_passes(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	uint64_t value = 7;

	k.query_ret = -EINVAL;
	assert_int_equal(fastrpc_device_query(dev, 99, 0, &value), -EINVAL);
	k.query_ret = -ENODEV;
	assert_int_equal(fastrpc_device_query(dev, DRM_FASTRPC_PARAM_CAPS, 0, &value),
			 -ENODEV);
	assert_int_equal(value, 7);
	close_dev(dev);
}

static void fastrpc_device_query__legacy_is_eopnotsupp(void **state)
{
	struct fastrpc_device *dev = legacy_cdsp(*state);
	uint64_t value = 7;

	assert_int_equal(fastrpc_device_query(dev, DRM_FASTRPC_PARAM_CAPS, 0, &value),
			 -EOPNOTSUPP);
	assert_int_equal(value, 7);
	assert_int_equal(fk.n, 0);
	close_dev(dev);
}

static void fastrpc_device_query__null_args_are_einval(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	uint64_t value;

	assert_int_equal(fastrpc_device_query(NULL, 0, 0, &value), -EINVAL);
	assert_int_equal(fastrpc_device_query(dev, 0, 0, NULL), -EINVAL);
	assert_int_equal(fk.n, 0);
	close_dev(dev);
}

static void fastrpc_device_get_dsp_attr__accel_queries_dsp_attr_by_index(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	const struct drm_fastrpc_query *q;
	uint32_t value = 0;

	assert_int_equal(fastrpc_device_get_dsp_attr(dev, FASTRPC_DSP_ATTR_ARCH_VER,
						     &value), 0);
	assert_int_equal(value, 1000 + 10 * DRM_FASTRPC_PARAM_DSP_ATTR + 6);
	assert_int_equal(fk.n, 1);
	q = fk_in(struct drm_fastrpc_query, DRM_IOCTL_FASTRPC_QUERY, 0);
	assert_int_equal(q->param, DRM_FASTRPC_PARAM_DSP_ATTR);
	assert_int_equal(q->index, FASTRPC_DSP_ATTR_ARCH_VER);
	assert_int_equal(q->data_ptr, 0);
	assert_int_equal(q->flags, 0);
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 255, &value), 0);
	assert_int_equal(fk_in(struct drm_fastrpc_query, DRM_IOCTL_FASTRPC_QUERY, 1)->index,
			 255);
	close_dev(dev);
}

/* A driver older than the DSP_ATTR parameter does not know it. */
static void fastrpc_device_get_dsp_attr__accel_einval_is_eopnotsupp(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	uint32_t value = 7;

	k.query_ret = -EINVAL;
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -EOPNOTSUPP);
	assert_int_equal(value, 7);
	close_dev(dev);
}

static void fastrpc_device_get_dsp_attr__accel_other_errors_pass(void **state)
{
	struct fastrpc_device *dev = accel_cdsp(*state);
	uint32_t value = 7;

	k.query_ret = -EOPNOTSUPP;
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -EOPNOTSUPP);
	k.query_ret = -ENODEV;
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -ENODEV);
	assert_int_equal(value, 7);
	close_dev(dev);
}

static void fastrpc_device_get_dsp_attr__legacy_get_dsp_info_with_domain_id(void **state)
{
	struct fastrpc_device *dev = legacy_cdsp(*state);
	const struct fastrpc_ioctl_capability *cap;
	static const __u32 zero[4];
	const struct fk_call *c;
	uint32_t value = 0;

	assert_int_equal(fastrpc_device_get_dsp_attr(dev, FASTRPC_DSP_ATTR_HVX_128B,
						     &value), 0);
	assert_int_equal(value, 2000 + FASTRPC_DSP_ATTR_HVX_128B);
	assert_int_equal(fk.n, 1);
	c = fk_call_of(FASTRPC_IOCTL_GET_DSP_INFO, 0);
	assert_int_equal(c->fd, fastrpc_device_get_fd(dev));
	cap = (const struct fastrpc_ioctl_capability *)c->in;
	assert_int_equal(cap->domain, 3);
	assert_int_equal(cap->attribute_id, FASTRPC_DSP_ATTR_HVX_128B);
	assert_memory_equal(cap->reserved, zero, sizeof(zero));
	close_dev(dev);
}

/* The misc driver's answer for a domain it does not ask (gdsp). */
static void fastrpc_device_get_dsp_attr__legacy_echrng_is_eopnotsupp(void **state)
{
	struct fastrpc_device *dev = legacy_cdsp(*state);
	uint32_t value = 7;

	k.info_ret = -ECHRNG;
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -EOPNOTSUPP);
	k.info_ret = -EOPNOTSUPP;
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -EOPNOTSUPP);
	k.info_ret = -ENODEV;
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -ENODEV);
	assert_int_equal(value, 7);
	close_dev(dev);
}

/*
 * The misc driver passes the DSP's own error up when the DSP could not
 * answer (all but AEE_EUNSUPPORTEDAPI, which it makes -EOPNOTSUPP): the
 * driver could not ask, and the result must be an errno.
 */
static void fastrpc_device_get_dsp_attr__legacy_dsp_error_is_eopnotsupp(void **state)
{
	struct fastrpc_device *dev = legacy_cdsp(*state);
	uint32_t value = 7;

	k.info_ret = FK_DSP_ERROR(0x00e);
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, &value), -EOPNOTSUPP);
	assert_int_equal(value, 7);
	close_dev(dev);
}

static void fastrpc_device_get_dsp_attr__attr_over_255_is_eoverflow(void **state)
{
	struct tree *t = *state;
	struct fastrpc_device *acc, *leg;
	uint32_t value = 7;

	cdsp_nodes(t, "fastrpc");
	acc = open_ok(t, "cdsp", FASTRPC_INTERFACE_ACCEL);
	leg = open_ok(t, "cdsp", FASTRPC_INTERFACE_LEGACY);
	fk_reset(tree_kernel);
	assert_int_equal(fastrpc_device_get_dsp_attr(acc, FASTRPC_DSP_ATTRS, &value),
			 -EOVERFLOW);
	assert_int_equal(fastrpc_device_get_dsp_attr(leg, FASTRPC_DSP_ATTRS, &value),
			 -EOVERFLOW);
	assert_int_equal(fastrpc_device_get_dsp_attr(leg, UINT32_MAX, &value), -EOVERFLOW);
	assert_int_equal(value, 7);
	assert_int_equal(fk.n, 0);
	close_dev(acc);
	close_dev(leg);
}

static void fastrpc_device_get_dsp_attr__null_args_are_einval(void **state)
{
	struct fastrpc_device *dev = legacy_cdsp(*state);
	uint32_t value;

	assert_int_equal(fastrpc_device_get_dsp_attr(NULL, 1, &value), -EINVAL);
	assert_int_equal(fastrpc_device_get_dsp_attr(dev, 1, NULL), -EINVAL);
	assert_int_equal(fk.n, 0);
	close_dev(dev);
}

static void fastrpc_dsp_attr_name__names_the_attributes(void **state)
{
	(void)state;
	assert_string_equal(fastrpc_dsp_attr_name(FASTRPC_DSP_ATTR_DOMAIN_SUPPORT),
			    "domain_support");
	assert_string_equal(fastrpc_dsp_attr_name(FASTRPC_DSP_ATTR_UNSIGNED_PD), "unsigned_pd");
	assert_string_equal(fastrpc_dsp_attr_name(FASTRPC_DSP_ATTR_VTCM_COUNT), "vtcm_count");
	assert_string_equal(fastrpc_dsp_attr_name(FASTRPC_DSP_ATTR_ARCH_VER), "arch_ver");
	assert_string_equal(fastrpc_dsp_attr_name(FASTRPC_DSP_ATTR_STATUS_NOTIFY),
			    "status_notify");
	assert_null(fastrpc_dsp_attr_name(11));
	assert_null(fastrpc_dsp_attr_name(FASTRPC_DSP_ATTRS));
}

#define TREE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TREE_TEST(fastrpc_device_open_at__bad_args_are_einval),
		TREE_TEST(fastrpc_device_open_at__domain_opens_accel_first),
		TREE_TEST(fastrpc_device_open_at__domain_falls_back_to_secure),
		TREE_TEST(fastrpc_device_open_at__domain_falls_back_to_plain),
		TREE_TEST(fastrpc_device_open_at__domain_none_opens_is_first_error),
		TREE_TEST(fastrpc_device_open_at__domain_none_may_open_is_eacces),
		TREE_TEST(fastrpc_device_open_at__iface_legacy_skips_accel),
		TREE_TEST(fastrpc_device_open_at__iface_accel_without_accel_is_enoent),
		TREE_TEST(fastrpc_device_open_at__unknown_domain_is_enoent),
		TREE_TEST(fastrpc_device_open_at__accel_path_by_drm_name),
		TREE_TEST(fastrpc_device_open_at__path_of_other_device_is_enodev),
		TREE_TEST(fastrpc_device_open_at__missing_path_is_enoent),
		TREE_TEST(fastrpc_device_open_at__legacy_path_by_node_name),
		TREE_TEST(fastrpc_device_open_at__path_of_other_interface_is_enodev),
		TREE_TEST(fastrpc_device_open_at__legacy_path_of_unknown_domain_is_enodev),
		TREE_TEST(fastrpc_device_open_at__errno_untouched),
		TREE_TEST(fastrpc_device_open_at__enomem_leaks_nothing),
		cmocka_unit_test(fastrpc_device_close__accepts_null),
		TREE_TEST(fastrpc_device_query__accel_passes_param_and_index),
		TREE_TEST(fastrpc_device_query__domain_name_gets_a_buffer),
		TREE_TEST(fastrpc_device_query__driver_error_passes),
		TREE_TEST(fastrpc_device_query__legacy_is_eopnotsupp),
		TREE_TEST(fastrpc_device_query__null_args_are_einval),
		TREE_TEST(fastrpc_device_get_dsp_attr__accel_queries_dsp_attr_by_index),
		TREE_TEST(fastrpc_device_get_dsp_attr__accel_einval_is_eopnotsupp),
		TREE_TEST(fastrpc_device_get_dsp_attr__accel_other_errors_pass),
		TREE_TEST(fastrpc_device_get_dsp_attr__legacy_get_dsp_info_with_domain_id),
		TREE_TEST(fastrpc_device_get_dsp_attr__legacy_echrng_is_eopnotsupp),
		TREE_TEST(fastrpc_device_get_dsp_attr__legacy_dsp_error_is_eopnotsupp),
		TREE_TEST(fastrpc_device_get_dsp_attr__attr_over_255_is_eoverflow),
		TREE_TEST(fastrpc_device_get_dsp_attr__null_args_are_einval),
		cmocka_unit_test(fastrpc_dsp_attr_name__names_the_attributes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
