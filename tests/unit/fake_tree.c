/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake_tree.h"

#define NOBODY		65534
#define SHARED_SIZE	(64u << 10)
#define EXIT_NO_DROP	253
#define EXIT_NOT_LOCKED	254

struct fake_dsp {
	dev_t rdev;
	const char *drm_name;
	const char *domain;
	unsigned int id;
	int query_error;
};

static struct fake_dsp dsps[8];
static unsigned int n_dsps;
fk_handler *tree_kernel_next;
void *tree_shared;

static void path_of(char *out, size_t size, const struct tree *t, const char *rel)
{
	assert_true((size_t)snprintf(out, size, "%s/%s", t->root, rel) < size);
}

static dev_t rdev_of(const char *target)
{
	struct stat st;

	assert_int_equal(stat(target, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	return st.st_rdev;
}

void tree_init(struct tree *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->root, "/tmp/fastrpc-unit.XXXXXX");
	assert_non_null(mkdtemp(t->root));
	/* unprivileged()'s child must find its way in. */
	assert_int_equal(chmod(t->root, 0755), 0);
	snprintf(t->dev, sizeof(t->dev), "%s/dev", t->root);
	snprintf(t->sys, sizeof(t->sys), "%s/sys", t->root);
	t->roots.dev = t->dev;
	t->roots.sys = t->sys;
	tree_mkdir(t, "dev/accel");
	tree_mkdir(t, "sys");
	n_dsps = 0;
	tree_kernel_next = NULL;
	if (!tree_shared) {
		tree_shared = mmap(NULL, SHARED_SIZE, PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		assert_true(tree_shared != MAP_FAILED);
	}
	memset(tree_shared, 0, SHARED_SIZE);
	fk_reset(tree_kernel);
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void tree_cleanup(struct tree *t)
{
	if (t->root[0])
		nftw(t->root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	t->root[0] = '\0';
}

void tree_mkdir(struct tree *t, const char *rel)
{
	char path[PATH_MAX], *p;

	path_of(path, sizeof(path), t, rel);
	for (p = path + strlen(t->root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
		*p = '/';
	}
	assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
}

/* mkdir -p the directory @rel is in. */
static void parent_dir(struct tree *t, const char *rel)
{
	char dir[PATH_MAX], *slash;

	snprintf(dir, sizeof(dir), "%s", rel);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		tree_mkdir(t, dir);
	}
}

void tree_symlink(struct tree *t, const char *rel, const char *target)
{
	char path[PATH_MAX];

	parent_dir(t, rel);
	path_of(path, sizeof(path), t, rel);
	assert_int_equal(symlink(target, path), 0);
}

void tree_write(struct tree *t, const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	parent_dir(t, rel);
	path_of(path, sizeof(path), t, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
}

void tree_node(struct tree *t, const char *name, const char *target)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "dev/%s", name);
	tree_symlink(t, rel, target);
}

static void sysfs_path(char *out, size_t size, const char *target, const char *what)
{
	dev_t rdev = rdev_of(target);

	snprintf(out, size, "sys/dev/char/%u:%u/%s", major(rdev), minor(rdev), what);
}

void tree_driver(struct tree *t, const char *target, const char *driver)
{
	char rel[PATH_MAX], link[PATH_MAX];

	sysfs_path(rel, sizeof(rel), target, "device/driver");
	snprintf(link, sizeof(link), "../../../../../bus/rpmsg/drivers/%s", driver);
	tree_symlink(t, rel, link);
}

void tree_label(struct tree *t, const char *target, const char *label, size_t len)
{
	char rel[PATH_MAX];

	sysfs_path(rel, sizeof(rel), target, "device/of_node/label");
	tree_write(t, rel, label, len);
}

void tree_misc(struct tree *t, const char *target)
{
	char rel[PATH_MAX];

	sysfs_path(rel, sizeof(rel), target, "subsystem");
	tree_symlink(t, rel, "../../../../class/misc");
}

void tree_module(struct tree *t, const char *name)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "sys/module/%s", name);
	tree_mkdir(t, rel);
}

const char *tree_locked(struct tree *t)
{
	static const char *const system_nodes[] = {
		"/dev/tty0", "/dev/console", "/dev/mem", "/dev/loop-control",
		"/dev/cpu_dma_latency", "/dev/hwrng", "/dev/vcsa",
	};
	struct stat st;
	unsigned int i;

	if (t->locked[0])
		return t->locked;
	/* /dev/full's number, mode 000: only root (CAP_MKNOD) can make it. */
	path_of(t->locked, sizeof(t->locked), t, "locked");
	if (mknod(t->locked, S_IFCHR, makedev(1, 7)) == 0 && chmod(t->locked, 0) == 0)
		return t->locked;
	for (i = 0; i < ARRAY_SIZE(system_nodes); i++) {
		if (stat(system_nodes[i], &st) == 0 && S_ISCHR(st.st_mode) &&
		    !(st.st_mode & S_IROTH) && st.st_uid != geteuid()) {
			snprintf(t->locked, sizeof(t->locked), "%s", system_nodes[i]);
			return t->locked;
		}
	}
	fail_msg("no character device to be refused: mknod() failed (%s), /dev has no root-only node",
		 strerror(errno));
	return NULL;
}

int unprivileged(struct tree *t, int (*fn)(void *), void *arg)
{
	int status, fd;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (geteuid() == 0 &&
		    (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)))
			_exit(EXIT_NO_DROP);
		if (t->locked[0]) {
			fd = open(t->locked, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
			if (fd >= 0 || errno != EACCES)
				_exit(EXIT_NOT_LOCKED);
		}
		_exit(fn(arg));
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status))
		fail_msg("the unprivileged child died (status 0x%x)", status);
	if (WEXITSTATUS(status) == EXIT_NO_DROP)
		fail_msg("could not drop root to uid %d", NOBODY);
	if (WEXITSTATUS(status) == EXIT_NOT_LOCKED)
		fail_msg("the unprivileged child may open %s: no node to be refused", t->locked);
	return WEXITSTATUS(status);
}

void tree_dsp(const char *target, const char *drm_name, const char *domain,
	      unsigned int id, int query_error)
{
	assert_true(n_dsps < ARRAY_SIZE(dsps));
	dsps[n_dsps++] = (struct fake_dsp){
		.rdev = rdev_of(target),
		.drm_name = drm_name,
		.domain = domain,
		.id = id,
		.query_error = query_error,
	};
}

static const struct fake_dsp *dsp_of(int fd)
{
	dev_t rdev = fk_rdev(fd);
	unsigned int i;

	for (i = 0; i < n_dsps; i++)
		if (dsps[i].rdev == rdev)
			return &dsps[i];
	return NULL;
}

static int query(const struct fake_dsp *dsp, int fd, void *arg)
{
	struct drm_fastrpc_query *q = arg;
	size_t len;

	if (dsp->query_error)
		return dsp->query_error;
	switch (q->param) {
	case DRM_FASTRPC_PARAM_DOMAIN_NAME:
		len = strlen(dsp->domain);
		q->value = len;
		if (q->data_size < len + 1)
			return -ENOSPC;
		memcpy((void *)(uintptr_t)q->data_ptr, dsp->domain, len + 1);
		return 0;
	case DRM_FASTRPC_PARAM_DOMAIN_ID:
		q->value = dsp->id;
		return 0;
	}
	return tree_kernel_next ? tree_kernel_next(fd, DRM_IOCTL_FASTRPC_QUERY, arg) :
				  -EINVAL;
}

int tree_kernel(int fd, unsigned long request, void *arg)
{
	const struct fake_dsp *dsp = dsp_of(fd);

	if (request == DRM_IOCTL_VERSION)
		return dsp && dsp->drm_name ? fk_drm_version(arg, dsp->drm_name) : -ENOTTY;
	if (request == DRM_IOCTL_FASTRPC_QUERY && dsp && dsp->drm_name)
		return query(dsp, fd, arg);
	return tree_kernel_next ? tree_kernel_next(fd, request, arg) : -ENOTTY;
}
