/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the lab's ioctl-level test programs share: one line per check,
 * "PASS: <group>: <what>" or "FAIL: <group>: <what>: <why>", counted for
 * the final "N passed, N failed"; and ioctl wrappers returning 0 or -errno.
 */
#ifndef LABTEST_H
#define LABTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern int passed, failed;
/* Printed before every group, e.g. "nobody: " for a second run. */
extern const char *report_prefix;
/* The shell ELF the programs create user PDs from (lab_load_shell()). */
extern unsigned char *lab_shell;
extern size_t lab_shell_size;
extern char lab_node[300];

void report(bool ok, const char *group, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
const char *ename(int ret);
void expect_err(const char *group, const char *what, int ret, int want);
void expect_value(const char *group, const char *what, int ret, uint64_t got,
		  uint64_t want);
void expect_retval(const char *group, const char *what, int ret,
		   int32_t retval, int32_t want);
int report_counts(void);

int xioctl(int fd, unsigned long req, void *arg);
int query(int fd, uint32_t param, uint64_t *value);
int release(int fd);
struct drm_fastrpc_invoke_arg;
int invoke_handle(int fd, uint32_t handle, uint32_t sc,
		  struct drm_fastrpc_invoke_arg *args, int32_t *retval);
void expect_invoke(const char *group, const char *what, int fd, uint32_t handle,
		   uint32_t sc, struct drm_fastrpc_invoke_arg *args, int32_t want);
int open_domain(const char *want);
int wait_domain(const char *want);
int edge_state(const char *domain, const char *state);
bool file_has(const char *path, const char *needle);
int lab_load_shell(const char *prog, const char *path);
int lab_user_session(void);
int gem_create(int fd, uint64_t size, uint32_t *handle);
int gem_close(int fd, uint32_t handle);
void *gem_mmap(int fd, uint32_t handle, size_t size);
int dma_heap_buffer(size_t size);

#endif /* LABTEST_H */
