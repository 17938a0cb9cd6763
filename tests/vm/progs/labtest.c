// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lab test programs' reporting and ioctl wrappers (labtest.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-heap.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"

int passed, failed;
const char *report_prefix = "";
unsigned char *lab_shell;
size_t lab_shell_size;
char lab_node[300];

/* ---- reporting ------------------------------------------------------- */

void report(bool ok, const char *group, const char *what, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		printf("PASS: %s%s: %s\n", report_prefix, group, what);
	} else {
		failed++;
		printf("FAIL: %s%s: %s: ", report_prefix, group, what);
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
	}
	fflush(stdout);
}

/* "success" or the errno's name, for a 0 / -errno result. */
const char *ename(int ret)
{
	const char *name;

	if (!ret)
		return "success";
	name = strerrorname_np(-ret);
	return name ? name : "unknown errno";
}

/* The call (0 or -errno) failed with exactly @want (-errno). */
void expect_err(const char *group, const char *what, int ret, int want)
{
	report(ret == want, group, what, "got %s (%d), want %s", ename(ret), -ret,
	       ename(want));
}

/* The query (0 or -errno) succeeded with exactly @want. */
void expect_value(const char *group, const char *what, int ret,
			 uint64_t got, uint64_t want)
{
	if (ret)
		report(false, group, what, "failed with %s (%d)", ename(ret), -ret);
	else
		report(got == want, group, what, "got %llu, want %llu",
		       (unsigned long long)got, (unsigned long long)want);
}

/* The invoke (0 or -errno) succeeded, and the DSP answered @want. */
void expect_retval(const char *group, const char *what, int ret,
			  int32_t retval, int32_t want)
{
	if (ret)
		report(false, group, what, "failed with %s (%d)", ename(ret), -ret);
	else
		report(retval == want, group, what, "retval %#x, want %#x",
		       (unsigned int)retval, (unsigned int)want);
}

/* ---- the ioctls, each returning 0 or -errno -------------------------- */

int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

int query(int fd, uint32_t param, uint64_t *value)
{
	struct drm_fastrpc_query q = { .param = param };
	int ret = xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);

	*value = q.value;
	return ret;
}

int release(int fd)
{
	struct drm_fastrpc_session_release r = { 0 };

	return xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_RELEASE, &r);
}

/* The final line; the exit status: 0 iff every check passed. */
int report_counts(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}

/* The accel node of domain @want, opened read-write; its path in lab_node. */
int open_domain(const char *want)
{
	struct dirent *de;
	DIR *dir = opendir("/dev/accel");
	int fd = -ENOENT;

	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		char path[300], name[16] = "";
		struct drm_fastrpc_query q = {
			.param = DRM_FASTRPC_PARAM_DOMAIN_NAME,
			.data_ptr = (uintptr_t)name,
			.data_size = sizeof(name),
		};

		if (strncmp(de->d_name, "accel", 5))
			continue;
		snprintf(path, sizeof(path), "/dev/accel/%s", de->d_name);
		fd = open(path, O_RDWR);
		if (fd < 0)
			continue;
		if (!xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q) && !strcmp(name, want)) {
			snprintf(lab_node, sizeof(lab_node), "%s", path);
			break;
		}
		close(fd);
		fd = -ENOENT;
	}
	closedir(dir);
	return fd;
}

/* One invoke; the DSP's answer in *@retval when not NULL. */
int invoke_handle(int fd, uint32_t handle, uint32_t sc,
			 struct drm_fastrpc_invoke_arg *args, int32_t *retval)
{
	struct drm_fastrpc_invoke inv = {
		.handle = handle,
		.sc = sc,
		.args_ptr = (uintptr_t)args,
	};
	int ret = xioctl(fd, DRM_IOCTL_FASTRPC_INVOKE, &inv);

	if (retval)
		*retval = inv.retval;
	return ret;
}

/* The domain's node appears after an "up"; wait up to 5 s for it. */
int wait_domain(const char *want)
{
	int fd, i;

	for (i = 0; i < 50; i++) {
		fd = open_domain(want);
		if (fd >= 0)
			return fd;
		usleep(100000);
	}
	return fd;
}

/* Write @state ("up", "down", "restart") to the virtual edge of @domain. */
int edge_state(const char *domain, const char *state)
{
	char path[96];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/sys/class/misc/vdsp-%s/state", domain);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, state, strlen(state)) != (ssize_t)strlen(state))
		ret = -errno;
	close(fd);
	return ret;
}

/* One invoke that must succeed with the DSP answering @want. */
void expect_invoke(const char *group, const char *what, int fd, uint32_t handle,
		   uint32_t sc, struct drm_fastrpc_invoke_arg *args, int32_t want)
{
	int32_t retval = 0;
	int ret = invoke_handle(fd, handle, sc, args, &retval);

	expect_retval(group, what, ret, retval, want);
}

/* Does the text file @path contain @needle? */
bool file_has(const char *path, const char *needle)
{
	static char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* Read the shell ELF at @path into lab_shell; 0, or -1 after saying why. */
int lab_load_shell(const char *prog, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || fstat(fd, &st)) {
		fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
		return -1;
	}
	lab_shell_size = st.st_size;
	lab_shell = malloc(lab_shell_size ? lab_shell_size : 1);
	if (!lab_shell || read(fd, lab_shell, lab_shell_size) != (ssize_t)lab_shell_size) {
		fprintf(stderr, "%s: cannot read %s\n", prog, path);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* A new file on cdsp with a user PD from lab_shell: the fd, or -errno. */
int lab_user_session(void)
{
	struct drm_fastrpc_session_create s = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.shell_ptr = (uintptr_t)lab_shell,
		.shell_size = lab_shell_size,
	};
	int fd = open_domain("cdsp"), ret;

	if (fd < 0)
		return fd;
	ret = xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &s);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/* GEM_CREATE: 0 with the handle, or -errno. */
int gem_create(int fd, uint64_t size, uint32_t *handle)
{
	struct drm_fastrpc_gem_create c = { .size = size };
	int ret = xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &c);

	if (!ret)
		*handle = c.handle;
	return ret;
}

int gem_close(int fd, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	return xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

/* mmap() a GEM object through its fake offset; NULL on failure. */
void *gem_mmap(int fd, uint32_t handle, size_t size)
{
	struct drm_fastrpc_gem_mmap_offset o = { .handle = handle };
	void *p;

	if (xioctl(fd, DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET, &o))
		return NULL;
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, o.offset);
	return p == MAP_FAILED ? NULL : p;
}

/* A dma-buf of @size from the system dma-buf heap (another exporter's): its fd, or -errno. */
int dma_heap_buffer(size_t size)
{
	struct dma_heap_allocation_data a = { .len = size, .fd_flags = O_RDWR | O_CLOEXEC };
	int heap = open("/dev/dma_heap/system", O_RDONLY | O_CLOEXEC), ret;

	if (heap < 0)
		return -errno;
	ret = xioctl(heap, DMA_HEAP_IOCTL_ALLOC, &a);
	close(heap);
	return ret ? ret : (int)a.fd;
}
