/* SPDX-License-Identifier: GPL-2.0-or-later */
/* scan.c: fastrpc_scan_in() on fake /dev and /sys trees, QUERY and VERSION mocked. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "fail_alloc.h"
#include "fake_tree.h"

static int setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	tree_init(t);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tree_cleanup(*state);
	free(*state);
	return 0;
}

/* The node whose path is the tree's dev/@name. */
static const struct fastrpc_node *node(struct tree *t, struct fastrpc_node **nodes,
				       size_t n, const char *name)
{
	char path[PATH_MAX];
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", t->dev, name);
	for (i = 0; i < n; i++)
		if (strcmp(fastrpc_node_get_path(nodes[i]), path) == 0)
			return nodes[i];
	fail_msg("no node %s among %zu", path, n);
	return NULL;
}

static void assert_node(const struct fastrpc_node *nd, const char *domain, int id,
			enum fastrpc_interface iface, const char *driver,
			bool secure, int state)
{
	assert_string_equal(fastrpc_node_get_domain(nd), domain);
	assert_int_equal(fastrpc_node_get_domain_id(nd), id);
	assert_int_equal(fastrpc_node_get_interface(nd), iface);
	assert_string_equal(fastrpc_node_get_driver(nd), driver);
	assert_int_equal(fastrpc_node_is_secure(nd), secure);
	assert_int_equal(fastrpc_node_get_state(nd), state);
}

/* Scan @t, expecting @expected nodes. */
static struct fastrpc_node **scan(struct tree *t, size_t expected)
{
	struct fastrpc_node **nodes = NULL;
	size_t n = 99;

	assert_int_equal(fastrpc_scan_in(&t->roots, &nodes, &n), 0);
	assert_int_equal(n, expected);
	return nodes;
}

static void fastrpc_scan_in__empty_tree_finds_none(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes = (struct fastrpc_node **)1;
	size_t n = 99;

	assert_int_equal(fastrpc_scan_in(&t->roots, &nodes, &n), 0);
	assert_int_equal(n, 0);
	assert_null(nodes);
	fastrpc_scan_free(nodes, n);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_scan_in__missing_dev_accel_finds_legacy(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/accel", t->dev);
	assert_int_equal(rmdir(path), 0);
	nodes = scan(t, 0);
	assert_null(nodes);
	tree_node(t, "fastrpc-cdsp", "/dev/null");
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "fastrpc-cdsp"), "cdsp", 3,
		    FASTRPC_INTERFACE_LEGACY, "unknown", false, 0);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__missing_dev_finds_none(void **state)
{
	struct fastrpc_roots roots = { "/nonexistent/dev", "/nonexistent/sys" };
	struct fastrpc_node **nodes = (struct fastrpc_node **)1;
	size_t n = 99;

	(void)state;
	assert_int_equal(fastrpc_scan_in(&roots, &nodes, &n), 0);
	assert_int_equal(n, 0);
	assert_null(nodes);
}

static void fastrpc_scan_in__null_out_is_einval(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;
	size_t n;

	assert_int_equal(fastrpc_scan_in(&t->roots, NULL, &n), -EINVAL);
	assert_int_equal(fastrpc_scan_in(&t->roots, &nodes, NULL), -EINVAL);
}

static void fastrpc_scan_in__accel_node_bound_to_accel_driver(void **state)
{
	struct tree *t = *state;
	const struct drm_fastrpc_query *q;
	struct fastrpc_node **nodes;

	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, 0);
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "accel/accel0"), "cdsp", 3,
		    FASTRPC_INTERFACE_ACCEL, "fastrpc_accel", false, 0);
	q = fk_in(struct drm_fastrpc_query, DRM_IOCTL_FASTRPC_QUERY, 0);
	assert_int_equal(q->param, DRM_FASTRPC_PARAM_DOMAIN_NAME);
	assert_int_equal(q->index, 0);
	assert_int_not_equal(q->data_ptr, 0);
	assert_int_equal(q->data_size, FASTRPC_DOMAIN_NAME_SIZE);
	assert_int_equal(q->flags, 0);
	q = fk_in(struct drm_fastrpc_query, DRM_IOCTL_FASTRPC_QUERY, 1);
	assert_int_equal(q->param, DRM_FASTRPC_PARAM_DOMAIN_ID);
	assert_int_equal(q->data_ptr, 0);
	fastrpc_scan_free(nodes, 1);
}

/* No sysfs to say whose node it is: the DRM driver's name does. */
static void fastrpc_scan_in__accel_node_without_sysfs_by_drm_name(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "accel/accel0", "/dev/null");
	tree_dsp("/dev/null", "fastrpc", "adsp", 0, 0);
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "accel/accel0"), "adsp", 0,
		    FASTRPC_INTERFACE_ACCEL, "fastrpc_accel", false, 0);
	assert_int_equal(fk_count(DRM_IOCTL_VERSION), 1);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__other_accel_devices_are_skipped(void **state)
{
	struct tree *t = *state;

	/* Another accel driver's node, by sysfs and by DRM name; a non-DRM one. */
	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "qaic");
	tree_dsp("/dev/null", "qaic", "cdsp", 3, 0);
	tree_node(t, "accel/accel1", "/dev/zero");
	assert_null(scan(t, 0));
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_QUERY), 0);
}

static void fastrpc_scan_in__accel_domain_from_dt_label_when_query_fails(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	/* A DT string property, with its NUL. */
	tree_label(t, "/dev/null", "sdsp", 5);
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, -EIO);
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "accel/accel0"), "sdsp", 2,
		    FASTRPC_INTERFACE_ACCEL, "fastrpc_accel", false, 0);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__accel_domain_unknown_without_label(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "accel/accel0", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, -EIO);
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "accel/accel0"), "unknown", -1,
		    FASTRPC_INTERFACE_ACCEL, "fastrpc_accel", false, 0);
	fastrpc_scan_free(nodes, 1);
}

/* What an unprivileged child's scan found: each node, by name. */
struct seen {
	int ret;
	unsigned int n;
	struct {
		char name[64];
		char domain[16];
		char driver[16];
		int id;
		int iface;
		bool secure;
		int state;
	} nodes[8];
};

static int scan_child(void *arg)
{
	struct tree *t = arg;
	struct seen *seen = tree_shared;
	struct fastrpc_node **nodes;
	const char *path;
	size_t n, i;

	seen->ret = fastrpc_scan_in(&t->roots, &nodes, &n);
	if (seen->ret)
		return 0;
	for (i = 0; i < n && i < 8; i++) {
		path = fastrpc_node_get_path(nodes[i]) + strlen(t->dev) + 1;
		snprintf(seen->nodes[i].name, 64, "%s", path);
		snprintf(seen->nodes[i].domain, 16, "%s", fastrpc_node_get_domain(nodes[i]));
		snprintf(seen->nodes[i].driver, 16, "%s", fastrpc_node_get_driver(nodes[i]));
		seen->nodes[i].id = fastrpc_node_get_domain_id(nodes[i]);
		seen->nodes[i].iface = fastrpc_node_get_interface(nodes[i]);
		seen->nodes[i].secure = fastrpc_node_is_secure(nodes[i]);
		seen->nodes[i].state = fastrpc_node_get_state(nodes[i]);
	}
	seen->n = n;
	fastrpc_scan_free(nodes, n);
	return 0;
}

/*
 * A node this process may not open: a char device the child, made nobody
 * when the test runs as root, is refused (tree_locked()).
 */
static void fastrpc_scan_in__unopenable_accel_node_has_label_and_eacces(void **state)
{
	struct tree *t = *state;
	struct seen *seen = tree_shared;
	const char *locked = tree_locked(t);

	tree_node(t, "accel/accel0", locked);
	tree_driver(t, locked, "fastrpc-accel");
	tree_label(t, locked, "cdsp1\n", 6);
	assert_int_equal(unprivileged(t, scan_child, t), 0);
	assert_int_equal(seen->ret, 0);
	assert_int_equal(seen->n, 1);
	assert_string_equal(seen->nodes[0].name, "accel/accel0");
	assert_string_equal(seen->nodes[0].domain, "cdsp1");
	assert_int_equal(seen->nodes[0].id, 4);
	assert_int_equal(seen->nodes[0].iface, FASTRPC_INTERFACE_ACCEL);
	assert_string_equal(seen->nodes[0].driver, "fastrpc_accel");
	assert_int_equal(seen->nodes[0].state, -EACCES);
}

static void fastrpc_scan_in__unopenable_legacy_node_is_eacces(void **state)
{
	struct tree *t = *state;
	struct seen *seen = tree_shared;
	const char *locked = tree_locked(t);

	tree_node(t, "fastrpc-cdsp-secure", locked);
	tree_node(t, "fastrpc-cdsp", "/dev/null");
	assert_int_equal(unprivileged(t, scan_child, t), 0);
	assert_int_equal(seen->ret, 0);
	assert_int_equal(seen->n, 2);
	assert_string_equal(seen->nodes[0].name, "fastrpc-cdsp-secure");
	assert_true(seen->nodes[0].secure);
	assert_int_equal(seen->nodes[0].state, -EACCES);
	assert_string_equal(seen->nodes[1].name, "fastrpc-cdsp");
	assert_int_equal(seen->nodes[1].state, 0);
}

static int unreadable_accel_child(void *arg)
{
	struct tree *t = arg;
	struct seen *seen = tree_shared;
	struct fastrpc_node **nodes = (struct fastrpc_node **)1;
	size_t n = 99;

	seen->ret = fastrpc_scan_in(&t->roots, &nodes, &n);
	seen->n = n;
	return nodes == (struct fastrpc_node **)1 ? 0 : 1;
}

/* An error other than a missing directory is the scan's; out-params stay. */
static void fastrpc_scan_in__unreadable_dev_accel_is_eacces(void **state)
{
	struct tree *t = *state;
	struct seen *seen = tree_shared;
	char path[PATH_MAX];

	tree_locked(t);
	tree_node(t, "fastrpc-cdsp", "/dev/null");
	snprintf(path, sizeof(path), "%s/accel", t->dev);
	assert_int_equal(chmod(path, 0), 0);
	assert_int_equal(unprivileged(t, unreadable_accel_child, t), 0);
	assert_int_equal(chmod(path, 0755), 0);
	assert_int_equal(seen->ret, -EACCES);
	assert_int_equal(seen->n, 99);
}

static void fastrpc_scan_in__legacy_node_of_accel_driver(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "fastrpc-cdsp", "/dev/null");
	tree_driver(t, "/dev/null", "fastrpc-accel");
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "fastrpc-cdsp"), "cdsp", 3,
		    FASTRPC_INTERFACE_LEGACY, "fastrpc_accel", false, 0);
	assert_int_equal(fk.n, 0);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__legacy_node_of_misc_rpmsg_driver(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "fastrpc-adsp", "/dev/zero");
	tree_driver(t, "/dev/zero", "qcom,fastrpc");
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "fastrpc-adsp"), "adsp", 0,
		    FASTRPC_INTERFACE_LEGACY, "fastrpc", false, 0);
	fastrpc_scan_free(nodes, 1);
}

/* The misc driver registers its nodes without a parent device. */
static void fastrpc_scan_in__parentless_misc_node_is_misc_driver(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "fastrpc-cdsp-secure", "/dev/zero");
	tree_misc(t, "/dev/zero");
	tree_module(t, "fastrpc");
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "fastrpc-cdsp-secure"), "cdsp", 3,
		    FASTRPC_INTERFACE_LEGACY, "fastrpc", true, 0);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__parentless_misc_node_without_module_is_unknown(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "fastrpc-cdsp", "/dev/zero");
	tree_misc(t, "/dev/zero");
	tree_module(t, "fastrpc_accel");
	nodes = scan(t, 1);
	assert_string_equal(fastrpc_node_get_driver(nodes[0]), "unknown");
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__legacy_node_without_sysfs_is_unknown(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "fastrpc-sdsp", "/dev/zero");
	tree_module(t, "fastrpc");
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "fastrpc-sdsp"), "sdsp", 2,
		    FASTRPC_INTERFACE_LEGACY, "unknown", false, 0);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__legacy_node_of_unknown_domain_has_id_minus_1(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;

	tree_node(t, "fastrpc-foo", "/dev/zero");
	nodes = scan(t, 1);
	assert_node(node(t, nodes, 1, "fastrpc-foo"), "foo", -1,
		    FASTRPC_INTERFACE_LEGACY, "unknown", false, 0);
	fastrpc_scan_free(nodes, 1);
}

static void fastrpc_scan_in__skips_what_is_no_node(void **state)
{
	struct tree *t = *state;

	tree_write(t, "dev/fastrpc-cdsp", "", 0);
	tree_mkdir(t, "dev/fastrpc-adsp");
	tree_symlink(t, "dev/fastrpc-sdsp", "/nonexistent");
	tree_node(t, "fastrpc-", "/dev/null");
	tree_node(t, "fastrpc", "/dev/null");
	tree_node(t, "null", "/dev/null");
	tree_node(t, "accel/card0", "/dev/null");
	tree_write(t, "dev/accel/accel0", "", 0);
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, 0);
	assert_null(scan(t, 0));
}

/* Domain id (unknown last), accel before legacy, -secure before plain, then the path. */
static void fastrpc_scan_in__sorts_by_domain_interface_secure(void **state)
{
	static const char *const order[] = {
		"accel/accel1", "fastrpc-adsp-secure", "fastrpc-adsp",
		"accel/accel0", "accel/accel2", "fastrpc-cdsp-secure", "fastrpc-cdsp",
		"fastrpc-gdsp1", "fastrpc-bar", "fastrpc-foo",
	};
	struct tree *t = *state;
	struct fastrpc_node **nodes;
	char path[PATH_MAX];
	size_t i, n = ARRAY_SIZE(order);

	/* Ten nodes, made in another order: the list grows past its first 8. */
	tree_node(t, "fastrpc-foo", "/dev/urandom");
	tree_node(t, "fastrpc-cdsp", "/dev/urandom");
	tree_node(t, "fastrpc-gdsp1", "/dev/urandom");
	tree_node(t, "accel/accel2", "/dev/null");
	tree_node(t, "fastrpc-adsp", "/dev/urandom");
	tree_node(t, "fastrpc-cdsp-secure", "/dev/urandom");
	tree_node(t, "accel/accel0", "/dev/null");
	tree_node(t, "fastrpc-bar", "/dev/urandom");
	tree_node(t, "fastrpc-adsp-secure", "/dev/urandom");
	tree_node(t, "accel/accel1", "/dev/zero");
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, 0);
	tree_dsp("/dev/zero", "fastrpc", "adsp", 0, 0);
	nodes = scan(t, n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->dev, order[i]);
		assert_string_equal(fastrpc_node_get_path(nodes[i]), path);
	}
	fastrpc_scan_free(nodes, n);
}

static void fastrpc_scan_in__errno_untouched(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes;
	char path[PATH_MAX];

	/* opendir() of the missing accel directory fails with ENOENT inside. */
	snprintf(path, sizeof(path), "%s/accel", t->dev);
	assert_int_equal(rmdir(path), 0);
	tree_node(t, "fastrpc-cdsp", "/dev/null");
	errno = EXDEV;
	nodes = scan(t, 1);
	assert_int_equal(errno, EXDEV);
	fastrpc_scan_free(nodes, 1);
}

/* Every allocation of a scan that grows its list fails in turn: -ENOMEM, no leak. */
static void fastrpc_scan_in__enomem_leaks_nothing(void **state)
{
	struct tree *t = *state;
	struct fastrpc_node **nodes = (struct fastrpc_node **)1;
	char name[32];
	unsigned int i;
	size_t n = 99;
	int ret;

	tree_node(t, "accel/accel0", "/dev/null");
	tree_dsp("/dev/null", "fastrpc", "cdsp", 3, 0);
	for (i = 0; i < 9; i++) {
		snprintf(name, sizeof(name), "fastrpc-dsp%u", i);
		tree_node(t, name, "/dev/zero");
	}
	for (i = 0;; i++) {
		fail_alloc_after(i);
		ret = fastrpc_scan_in(&t->roots, &nodes, &n);
		if (!fail_alloc_off())
			break;
		assert_int_equal(ret, -ENOMEM);
		assert_ptr_equal(nodes, (struct fastrpc_node **)1);
		assert_int_equal(n, 99);
		fail_alloc_check_leaks();
	}
	assert_int_equal(ret, 0);
	assert_int_equal(n, 10);
	/* One realloc and a node (calloc, two strdup()) each at least. */
	assert_true(i >= 2 + 10 * 3);
	fastrpc_scan_free(nodes, n);
	fail_alloc_check_leaks();
}

static void fastrpc_scan_free__accepts_null(void **state)
{
	(void)state;
	fastrpc_scan_free(NULL, 0);
	fastrpc_scan_free(NULL, 3);
}

#define TREE_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TREE_TEST(fastrpc_scan_in__empty_tree_finds_none),
		TREE_TEST(fastrpc_scan_in__missing_dev_accel_finds_legacy),
		TREE_TEST(fastrpc_scan_in__missing_dev_finds_none),
		TREE_TEST(fastrpc_scan_in__null_out_is_einval),
		TREE_TEST(fastrpc_scan_in__accel_node_bound_to_accel_driver),
		TREE_TEST(fastrpc_scan_in__accel_node_without_sysfs_by_drm_name),
		TREE_TEST(fastrpc_scan_in__other_accel_devices_are_skipped),
		TREE_TEST(fastrpc_scan_in__accel_domain_from_dt_label_when_query_fails),
		TREE_TEST(fastrpc_scan_in__accel_domain_unknown_without_label),
		TREE_TEST(fastrpc_scan_in__unopenable_accel_node_has_label_and_eacces),
		TREE_TEST(fastrpc_scan_in__unopenable_legacy_node_is_eacces),
		TREE_TEST(fastrpc_scan_in__unreadable_dev_accel_is_eacces),
		TREE_TEST(fastrpc_scan_in__legacy_node_of_accel_driver),
		TREE_TEST(fastrpc_scan_in__legacy_node_of_misc_rpmsg_driver),
		TREE_TEST(fastrpc_scan_in__parentless_misc_node_is_misc_driver),
		TREE_TEST(fastrpc_scan_in__parentless_misc_node_without_module_is_unknown),
		TREE_TEST(fastrpc_scan_in__legacy_node_without_sysfs_is_unknown),
		TREE_TEST(fastrpc_scan_in__legacy_node_of_unknown_domain_has_id_minus_1),
		TREE_TEST(fastrpc_scan_in__skips_what_is_no_node),
		TREE_TEST(fastrpc_scan_in__sorts_by_domain_interface_secure),
		TREE_TEST(fastrpc_scan_in__errno_untouched),
		TREE_TEST(fastrpc_scan_in__enomem_leaks_nothing),
		cmocka_unit_test(fastrpc_scan_free__accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
