/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Fake /dev and /sys trees in a temporary directory, for
 * fastrpc_scan_in() and fastrpc_device_open_at().  Nodes are symlinks to
 * real character devices (/dev/null is 1:3, /dev/zero 1:5, /dev/random
 * 1:8, /dev/urandom 1:9), so stat() and open() work on them; sysfs
 * entries are made for those device numbers; the fake kernel answers
 * DRM_IOCTL_VERSION and QUERY for each device number as the test says.
 */
#ifndef TEST_FAKE_TREE_H
#define TEST_FAKE_TREE_H

#include <limits.h>
#include <stddef.h>

#include "internal.h"
#include "fake_kernel.h"

struct tree {
	char root[64];
	char dev[96];
	char sys[96];
	char locked[PATH_MAX];	/* tree_locked()'s node, "" until asked */
	struct fastrpc_roots roots;
};

/* A temporary tree with empty dev/, dev/accel/ and sys/, that anyone may read. */
void tree_init(struct tree *t);
void tree_cleanup(struct tree *t);
/* mkdir -p, a symlink, a file, under the tree's root. */
void tree_mkdir(struct tree *t, const char *rel);
void tree_symlink(struct tree *t, const char *rel, const char *target);
void tree_write(struct tree *t, const char *rel, const void *data, size_t len);
/* dev/@name ("accel/accel0", "fastrpc-cdsp"), a symlink to the device @target. */
void tree_node(struct tree *t, const char *name, const char *target);
/* sysfs of the device @target: bound to the driver @driver (a platform or rpmsg driver's name). */
void tree_driver(struct tree *t, const char *target, const char *driver);
/* ...with this DT label (@len bytes: a DT string ends with its NUL). */
void tree_label(struct tree *t, const char *target, const char *label, size_t len);
/* ...a misc device without a parent. */
void tree_misc(struct tree *t, const char *target);
/* sys/module/@name: the module is loaded. */
void tree_module(struct tree *t, const char *name);

/*
 * A character device the tree's tests cannot open once unprivileged()
 * dropped root: made with mode 000 when mknod() is allowed, else a
 * root-only node of the machine's /dev.  Fails the test when there is none.
 */
const char *tree_locked(struct tree *t);
/*
 * Run @fn in a child process, as nobody when the test runs as root, after
 * checking that the child may not open tree_locked()'s node.  @fn reports
 * through tree_shared; its return value (0 to 200) is the result.
 */
int unprivileged(struct tree *t, int (*fn)(void *), void *arg);
/* 64 KiB shared with unprivileged()'s child. */
extern void *tree_shared;

/* The fake DSP behind the device @target (NULL @drm_name: not a DRM device). */
void tree_dsp(const char *target, const char *drm_name, const char *domain,
	      unsigned int id, int query_error);
/* The fake kernel of the tree's DSPs: VERSION, and QUERY of the domain. */
int tree_kernel(int fd, unsigned long request, void *arg);
/* What tree_kernel() passes on: other requests, other QUERY params. */
extern fk_handler *tree_kernel_next;

#endif /* TEST_FAKE_TREE_H */
