/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Discovery and devices, on temporary directories (the kernel mocked for QUERY). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <cmocka.h>

#include "internal.h"

static struct drm_fastrpc_query last_query;

int __wrap_ioctl(int fd, unsigned long request, ...);

/* Only QUERY is expected: it answers param + 100, and -EINVAL for 99. */
int __wrap_ioctl(int fd, unsigned long request, ...)
{
	struct drm_fastrpc_query *q;
	va_list ap;

	(void)fd;
	va_start(ap, request);
	q = va_arg(ap, struct drm_fastrpc_query *);
	va_end(ap);
	if (request != DRM_IOCTL_FASTRPC_QUERY || q->param == 99) {
		errno = EINVAL;
		return -1;
	}
	last_query = *q;
	q->value = q->param + 100;
	return 0;
}

static int make_dir(void **state)
{
	char *dir = strdup("/tmp/test_device.XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static void remove_entry(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static int remove_dir(void **state)
{
	char *dir = *state;

	remove_entry(dir, "accel0");
	remove_entry(dir, "accel1");
	rmdir(dir);
	free(dir);
	return 0;
}

static void fastrpc_device_scan__empty_dir_finds_none(void **state)
{
	char **paths = (char **)1;
	size_t count = 99;

	assert_int_equal(fastrpc_device_scan(*state, &paths, &count), 0);
	assert_int_equal(count, 0);
	assert_null(paths);
	fastrpc_device_scan_free(paths, count);
}

static void fastrpc_device_scan__missing_dir_finds_none(void **state)
{
	char **paths;
	size_t count = 99;

	(void)state;
	assert_int_equal(fastrpc_device_scan("/nonexistent/accel", &paths, &count), 0);
	assert_int_equal(count, 0);
	assert_null(paths);
}

static void fastrpc_device_scan__not_a_dir_is_enotdir(void **state)
{
	char **paths;
	size_t count;

	(void)state;
	assert_int_equal(fastrpc_device_scan("/dev/null", &paths, &count), -ENOTDIR);
}

static void fastrpc_device_scan__skips_what_is_not_fastrpc(void **state)
{
	char path[256];
	char **paths;
	size_t count = 99;
	int fd;

	/* A regular file named like a node, and /dev/null's device number. */
	snprintf(path, sizeof(path), "%s/accel0", (char *)*state);
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/accel1", (char *)*state);
	if (mknod(path, S_IFCHR | 0600, makedev(1, 3)))
		skip();	/* no CAP_MKNOD here */

	assert_int_equal(fastrpc_device_scan(*state, &paths, &count), 0);
	assert_int_equal(count, 0);
	assert_null(paths);
}

static void fastrpc_device_scan__null_out_is_einval(void **state)
{
	size_t count;
	char **paths;

	assert_int_equal(fastrpc_device_scan(*state, NULL, &count), -EINVAL);
	assert_int_equal(fastrpc_device_scan(*state, &paths, NULL), -EINVAL);
}

static void fastrpc_device_open_in__missing_domain_is_enoent(void **state)
{
	struct fastrpc_device *dev = (struct fastrpc_device *)1;

	assert_int_equal(fastrpc_device_open_in(*state, "cdsp", &dev), -ENOENT);
	assert_null(dev);
}

static void fastrpc_device_open__missing_path_is_enoent(void **state)
{
	struct fastrpc_device *dev;

	(void)state;
	assert_int_equal(fastrpc_device_open("/nonexistent/accel0", &dev), -ENOENT);
}

static void fastrpc_device_open__not_fastrpc_is_enodev(void **state)
{
	struct fastrpc_device *dev;

	(void)state;
	assert_int_equal(fastrpc_device_open("/dev/null", &dev), -ENODEV);
}

static void fastrpc_device_open__bad_args_are_einval(void **state)
{
	struct fastrpc_device *dev;

	(void)state;
	assert_int_equal(fastrpc_device_open(NULL, &dev), -EINVAL);
	assert_int_equal(fastrpc_device_open("", &dev), -EINVAL);
	assert_int_equal(fastrpc_device_open("cdsp", NULL), -EINVAL);
}

static void fastrpc_device_query__passes_param_and_index(void **state)
{
	struct fastrpc_device dev = { .fd = -1 };
	uint64_t value = 0;

	(void)state;
	assert_int_equal(fastrpc_device_query(&dev, DRM_FASTRPC_PARAM_CAPS, 0, &value), 0);
	assert_int_equal(value, DRM_FASTRPC_PARAM_CAPS + 100);
	assert_int_equal(last_query.param, DRM_FASTRPC_PARAM_CAPS);
	assert_int_equal(last_query.index, 0);
	assert_int_equal(last_query.data_ptr, 0);
	assert_int_equal(last_query.data_size, 0);
	assert_int_equal(last_query.flags, 0);
	assert_int_equal(fastrpc_device_query(&dev, DRM_FASTRPC_PARAM_SESSIONS_FREE,
					      3, &value), 0);
	assert_int_equal(last_query.index, 3);
}

static void fastrpc_device_query__domain_name_gets_a_buffer(void **state)
{
	struct fastrpc_device dev = { .fd = -1 };
	uint64_t value;

	(void)state;
	assert_int_equal(fastrpc_device_query(&dev, DRM_FASTRPC_PARAM_DOMAIN_NAME,
					      0, &value), 0);
	assert_int_not_equal(last_query.data_ptr, 0);
	assert_int_equal(last_query.data_size, FASTRPC_DOMAIN_NAME_SIZE);
}

static void fastrpc_device_query__unknown_param_is_einval(void **state)
{
	struct fastrpc_device dev = { .fd = -1 };
	uint64_t value;

	(void)state;
	assert_int_equal(fastrpc_device_query(&dev, 99, 0, &value), -EINVAL);
	assert_int_equal(fastrpc_device_query(&dev, 0, 0, NULL), -EINVAL);
	assert_int_equal(fastrpc_device_query(NULL, 0, 0, &value), -EINVAL);
}

static void fastrpc_device_close__accepts_null(void **state)
{
	(void)state;
	fastrpc_device_close(NULL);
	fastrpc_device_scan_free(NULL, 0);
}

#define TEST_DIR(fn) cmocka_unit_test_setup_teardown(fn, make_dir, remove_dir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST_DIR(fastrpc_device_scan__empty_dir_finds_none),
		cmocka_unit_test(fastrpc_device_scan__missing_dir_finds_none),
		cmocka_unit_test(fastrpc_device_scan__not_a_dir_is_enotdir),
		TEST_DIR(fastrpc_device_scan__skips_what_is_not_fastrpc),
		TEST_DIR(fastrpc_device_scan__null_out_is_einval),
		TEST_DIR(fastrpc_device_open_in__missing_domain_is_enoent),
		cmocka_unit_test(fastrpc_device_open__missing_path_is_enoent),
		cmocka_unit_test(fastrpc_device_open__not_fastrpc_is_enodev),
		cmocka_unit_test(fastrpc_device_open__bad_args_are_einval),
		cmocka_unit_test(fastrpc_device_query__passes_param_and_index),
		cmocka_unit_test(fastrpc_device_query__domain_name_gets_a_buffer),
		cmocka_unit_test(fastrpc_device_query__unknown_param_is_einval),
		cmocka_unit_test(fastrpc_device_close__accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
