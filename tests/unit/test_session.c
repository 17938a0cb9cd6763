/* SPDX-License-Identifier: GPL-2.0-or-later */
/* session.c: user, attached and static PDs on both interfaces, the kernel mocked. */
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
#include <unistd.h>
#include <cmocka.h>

#include "internal.h"
#include "elf_image.h"
#include "fake_kernel.h"

#define CLIENT_ID	42
#define TWO_MIB		(2u << 20)

/* What the fake driver answers, and what it saw during the calls. */
static struct {
	uint64_t max_shell;
	int create_ret;		/* SESSION_CREATE and INIT_* return this */
	int alloc_ret;		/* ALLOC_DMA_BUFF returns this */
	int release_ret;
	const void *image;	/* the shell the calls should carry */
	size_t image_size;
	bool image_ok;		/* the call carried it */
	int dmabuf;		/* the memfd ALLOC_DMA_BUFF gave */
	int fd;			/* the last INIT_*'s file, its flags */
	int fd_flags;
	char name[80];		/* a static PD's name as passed */
} k;

/* Whether @len bytes at @p, and the dma-buf @fd's first ones if not -1, are the shell. */
static bool is_image(const void *p, size_t len, int fd)
{
	unsigned char *copy;
	bool ok;

	if (len != k.image_size || memcmp(p, k.image, len))
		return false;
	if (fd < 0)
		return true;
	copy = malloc(len);
	assert_non_null(copy);
	ok = pread(fd, copy, len, 0) == (ssize_t)len && !memcmp(copy, k.image, len);
	free(copy);
	return ok;
}

static int session_kernel(int fd, unsigned long request, void *arg)
{
	struct drm_fastrpc_session_create *create = arg;
	struct fastrpc_init_create_static *st = arg;
	struct fastrpc_alloc_dma_buf *alloc = arg;
	struct fastrpc_init_create *init = arg;
	struct drm_fastrpc_query *q = arg;

	switch (request) {
	case DRM_IOCTL_FASTRPC_QUERY:
		if (q->param != DRM_FASTRPC_PARAM_MAX_SHELL_SIZE)
			return -EINVAL;
		q->value = k.max_shell;
		return 0;
	case DRM_IOCTL_FASTRPC_SESSION_CREATE:
		if (create->shell_ptr)
			k.image_ok = is_image((void *)(uintptr_t)create->shell_ptr,
					      create->shell_size, -1);
		if (create->name_ptr)
			snprintf(k.name, sizeof(k.name), "%s",
				 (char *)(uintptr_t)create->name_ptr);
		if (k.create_ret)
			return k.create_ret;
		create->client_id = CLIENT_ID;
		return 0;
	case DRM_IOCTL_FASTRPC_SESSION_RELEASE:
		return k.release_ret;
	case FASTRPC_IOCTL_ALLOC_DMA_BUFF:
		if (k.alloc_ret)
			return k.alloc_ret;
		k.dmabuf = alloc->fd = fk_memfd(alloc->size);
		return 0;
	case FASTRPC_IOCTL_INIT_CREATE:
		/* The shell in the dma-buf, and mapped at file. */
		k.image_ok = init->filefd == k.dmabuf &&
			     is_image((void *)(uintptr_t)init->file, init->filelen,
				      init->filefd);
		/* fallthrough */
	case FASTRPC_IOCTL_INIT_ATTACH:
	case FASTRPC_IOCTL_INIT_ATTACH_SNS:
	case FASTRPC_IOCTL_INIT_CREATE_STATIC:
		if (request == FASTRPC_IOCTL_INIT_CREATE_STATIC)
			snprintf(k.name, sizeof(k.name), "%.*s", (int)st->namelen,
				 (char *)(uintptr_t)st->name);
		k.fd = fd;
		k.fd_flags = fcntl(fd, F_GETFL);
		return k.create_ret;
	}
	return -ENOTTY;
}

struct fixture {
	struct fastrpc_device acc;	/* an accel device on /dev/null */
	struct fastrpc_device leg;	/* a legacy one */
	struct fastrpc_session *s, *s2;
	struct elf_image shell;
};

static void reset_kernel(struct fixture *f)
{
	memset(&k, 0, sizeof(k));
	k.max_shell = TWO_MIB;
	k.image = f->shell.bytes;
	k.image_size = sizeof(f->shell.bytes);
	k.dmabuf = -1;
	fk_reset(session_kernel);
}

static void init_device(struct fastrpc_device *dev, enum fastrpc_interface iface)
{
	fk_device_init(dev, iface, fastrpc_node_open_fd("/dev/null", iface));
	dev->path = strdup("/dev/null");
	assert_non_null(dev->path);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	init_device(&f->acc, FASTRPC_INTERFACE_ACCEL);
	init_device(&f->leg, FASTRPC_INTERFACE_LEGACY);
	elf_image_init(&f->shell);
	reset_kernel(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fastrpc_session_free(f->s);
	fastrpc_session_free(f->s2);
	close(f->acc.fd);
	close(f->leg.fd);
	free(f->acc.path);
	free(f->leg.path);
	free(f);
	return 0;
}

static int new_user(struct fixture *f, struct fastrpc_device *dev, uint32_t attrs,
		    struct fastrpc_session **s)
{
	return fastrpc_session_new_from_memory(dev, f->shell.bytes, sizeof(f->shell.bytes),
					       attrs, s, NULL);
}

static void fastrpc_session_new_from_memory__accel_session_create_fields(void **state)
{
	const struct drm_fastrpc_session_create *c;
	const struct drm_fastrpc_query *q;
	struct fixture *f = *state;
	const char *reason = "not reset";

	assert_int_equal(fastrpc_session_new_from_memory(&f->acc, f->shell.bytes,
							 sizeof(f->shell.bytes),
							 FASTRPC_PD_ATTR_UNSIGNED |
							 FASTRPC_PD_ATTR_DEBUG,
							 &f->s, &reason), 0);
	assert_null(reason);
	/* The driver's limit first, then the session. */
	assert_int_equal(fk.n, 2);
	assert_int_equal(fk.calls[0].request, DRM_IOCTL_FASTRPC_QUERY);
	q = (const struct drm_fastrpc_query *)fk.calls[0].in;
	assert_int_equal(q->param, DRM_FASTRPC_PARAM_MAX_SHELL_SIZE);
	assert_int_equal(q->index, 0);
	assert_int_equal(fk.calls[1].request, DRM_IOCTL_FASTRPC_SESSION_CREATE);
	assert_int_equal(fk.calls[1].fd, f->acc.fd);
	c = (const struct drm_fastrpc_session_create *)fk.calls[1].in;
	assert_int_equal(c->type, DRM_FASTRPC_SESSION_USER_PD);
	assert_int_equal(c->attrs, DRM_FASTRPC_PD_ATTR_UNSIGNED | DRM_FASTRPC_PD_ATTR_DEBUG);
	assert_int_equal(c->shell_ptr, (uintptr_t)f->shell.bytes);
	assert_int_equal(c->shell_size, sizeof(f->shell.bytes));
	assert_int_equal(c->siglen, 0);
	assert_int_equal(c->name_size, 0);
	assert_int_equal(c->name_ptr, 0);
	assert_int_equal(c->flags, 0);
	assert_int_equal(c->client_id, 0);
	assert_true(k.image_ok);
	assert_int_equal(fastrpc_session_get_client_id(f->s), CLIENT_ID);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_USER);
	assert_ptr_equal(fastrpc_session_get_device(f->s), &f->acc);
}

static void fastrpc_session_new_from_memory__accel_over_max_shell_size_is_efbig(void **state)
{
	struct fixture *f = *state;

	k.max_shell = sizeof(f->shell.bytes) - 1;
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), -EFBIG);
	assert_null(f->s);
	assert_int_equal(fk.n, 1);
	k.max_shell = sizeof(f->shell.bytes);
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
}

/* Legacy: the shell in a driver's dma-buf, mapped, then INIT_CREATE on the session's own file. */
static void fastrpc_session_new_from_memory__legacy_init_create_fields(void **state)
{
	const struct fastrpc_alloc_dma_buf *a;
	const struct fastrpc_init_create *init;
	struct fixture *f = *state;

	assert_int_equal(new_user(f, &f->leg, FASTRPC_PD_ATTR_UNSIGNED, &f->s), 0);
	assert_int_equal(fk.n, 2);
	assert_int_equal(fk.calls[0].request, FASTRPC_IOCTL_ALLOC_DMA_BUFF);
	assert_int_equal(fk.calls[0].fd, f->leg.fd);
	a = (const struct fastrpc_alloc_dma_buf *)fk.calls[0].in;
	assert_int_equal(a->fd, -1);
	assert_int_equal(a->flags, 0);
	assert_int_equal(a->size, 4096);
	assert_int_equal(fk.calls[1].request, FASTRPC_IOCTL_INIT_CREATE);
	init = (const struct fastrpc_init_create *)fk.calls[1].in;
	assert_int_equal(init->filelen, sizeof(f->shell.bytes));
	assert_int_equal(init->filefd, k.dmabuf);
	assert_int_equal(init->attrs, FASTRPC_MODE_UNSIGNED_MODULE);
	assert_int_equal(init->siglen, 0);
	assert_int_not_equal(init->file, 0);
	assert_true(k.image_ok);
	/* A file of its own, opened as the device's; the dma-buf is let go. */
	assert_int_not_equal(k.fd, f->leg.fd);
	assert_int_equal(k.fd_flags & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK);
	assert_false(fk_fd_open(k.dmabuf));
	assert_int_equal(fastrpc_session_get_client_id(f->s), 0);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_USER);
}

/* The misc driver's INIT_CREATE takes at most 2 MiB (INIT_FILELEN_MAX). */
static void fastrpc_session_new_from_memory__legacy_over_2mib_is_efbig(void **state)
{
	struct fixture *f = *state;
	unsigned char *big = calloc(1, TWO_MIB + 1);

	assert_non_null(big);
	memcpy(big, f->shell.bytes, sizeof(f->shell.bytes));
	k.image = big;
	k.image_size = TWO_MIB;
	assert_int_equal(fastrpc_session_new_from_memory(&f->leg, big, TWO_MIB + 1, 0,
							 &f->s, NULL), -EFBIG);
	assert_int_equal(fk.n, 0);
	assert_int_equal(fastrpc_session_new_from_memory(&f->leg, big, TWO_MIB, 0,
							 &f->s, NULL), 0);
	assert_int_equal(fk_in(struct fastrpc_alloc_dma_buf, FASTRPC_IOCTL_ALLOC_DMA_BUFF,
			       0)->size, TWO_MIB);
	assert_true(k.image_ok);
	free(big);
}

static void fastrpc_session_new_from_memory__bad_shell_makes_no_ioctl(void **state)
{
	struct fixture *f = *state;
	const char *reason = NULL;

	f->shell.ehdr.e_machine = EM_X86_64;
	assert_int_equal(fastrpc_session_new_from_memory(&f->acc, f->shell.bytes,
							 sizeof(f->shell.bytes), 0,
							 &f->s, &reason), -ENOEXEC);
	assert_string_equal(reason, "ELF machine is x86-64, not Hexagon");
	reason = NULL;
	assert_int_equal(fastrpc_session_new_from_memory(&f->leg, f->shell.bytes, 10, 0,
							 &f->s, &reason), -ENOEXEC);
	assert_string_equal(reason, "ELF identification is truncated");
	assert_null(f->s);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_session_new_from_memory__bad_args_are_einval(void **state)
{
	struct fixture *f = *state;
	const char *reason = "not reset";

	assert_int_equal(fastrpc_session_new_from_memory(&f->acc, f->shell.bytes,
							 sizeof(f->shell.bytes),
							 FASTRPC_PD_ATTRS + 1, &f->s, &reason),
			 -EINVAL);
	assert_null(reason);
	assert_int_equal(fastrpc_session_new_from_memory(NULL, f->shell.bytes,
							 sizeof(f->shell.bytes), 0,
							 &f->s, NULL), -EINVAL);
	assert_int_equal(fastrpc_session_new_from_memory(&f->acc, NULL, 100, 0, &f->s, NULL),
			 -EINVAL);
	assert_int_equal(fastrpc_session_new_from_memory(&f->acc, f->shell.bytes,
							 sizeof(f->shell.bytes), 0,
							 NULL, NULL), -EINVAL);
	assert_null(f->s);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_session_new_from_memory__second_is_ebusy_until_freed(void **state)
{
	struct fastrpc_device *devs[2];
	struct fixture *f = *state;
	unsigned int i;

	devs[0] = &f->acc;
	devs[1] = &f->leg;
	for (i = 0; i < 2; i++) {
		assert_int_equal(new_user(f, devs[i], 0, &f->s), 0);
		fk_reset(session_kernel);
		assert_int_equal(new_user(f, devs[i], 0, &f->s2), -EBUSY);
		assert_int_equal(fastrpc_session_attach(devs[i], FASTRPC_PD_ROOT, &f->s2),
				 -EBUSY);
		assert_int_equal(fastrpc_session_new_static(devs[i], "audiopd", 0, &f->s2),
				 -EBUSY);
		assert_null(f->s2);
		/* Only the size query reached the kernel. */
		assert_int_equal(fk.n, i == 0 ? 1 : 0);
		fastrpc_session_free(f->s);
		f->s = NULL;
		assert_int_equal(new_user(f, devs[i], 0, &f->s), 0);
		fastrpc_session_free(f->s);
		f->s = NULL;
	}
}

static void fastrpc_session_new_from_memory__accel_refusal_passes(void **state)
{
	struct fixture *f = *state;

	k.create_ret = -ECONNREFUSED;
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), -ECONNREFUSED);
	k.create_ret = -ENOSPC;
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), -ENOSPC);
	assert_null(f->s);
	k.create_ret = 0;
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
}

/* The misc driver returns the DSP's error as the ioctl's value (here AEE_EBADPARM). */
static void fastrpc_session_new_from_memory__legacy_dsp_error_is_econnrefused(void **state)
{
	struct fixture *f = *state;

	k.create_ret = (int)0x8000040e;
	assert_int_equal(new_user(f, &f->leg, 0, &f->s), -ECONNREFUSED);
	assert_null(f->s);
	assert_false(fk_fd_open(k.fd));
	assert_false(fk_fd_open(k.dmabuf));
	k.create_ret = 0;
	assert_int_equal(new_user(f, &f->leg, 0, &f->s), 0);
}

static void fastrpc_session_new_from_memory__legacy_errno_passes(void **state)
{
	struct fixture *f = *state;

	k.create_ret = -EPERM;
	assert_int_equal(new_user(f, &f->leg, 0, &f->s), -EPERM);
	k.create_ret = 0;
	k.alloc_ret = -ENOMEM;
	fk_reset(session_kernel);
	assert_int_equal(new_user(f, &f->leg, 0, &f->s), -ENOMEM);
	assert_int_equal(fk_count(FASTRPC_IOCTL_INIT_CREATE), 0);
	assert_null(f->s);
}

static void fastrpc_session_new_from_memory__eintr_is_retried(void **state)
{
	struct fixture *f = *state;

	fk.eintr = 2;
	fk.eintr_request = DRM_IOCTL_FASTRPC_SESSION_CREATE;
	errno = EXDEV;
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_SESSION_CREATE), 3);
	assert_int_equal(errno, EXDEV);
}

static void fastrpc_session_new_from_memory__errno_untouched(void **state)
{
	struct fixture *f = *state;

	errno = EXDEV;
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
	assert_int_equal(new_user(f, &f->leg, 0, &f->s2), 0);
	assert_int_equal(errno, EXDEV);
	fastrpc_session_free(f->s);
	fastrpc_session_free(f->s2);
	f->s = f->s2 = NULL;
	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_ROOT, &f->s), 0);
	assert_int_equal(fastrpc_session_new_static(&f->acc, "audiopd", 0, &f->s2), 0);
	assert_int_equal(errno, EXDEV);
}

/* A shell file in a temporary directory; "" when @len is 0: a directory. */
static void shell_file(char *path, size_t size, const void *bytes, size_t len)
{
	int fd;

	snprintf(path, size, "/tmp/fastrpc-shell.XXXXXX");
	if (!len) {
		assert_non_null(mkdtemp(path));
		return;
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), (ssize_t)len);
	close(fd);
}

static void fastrpc_session_new__reads_the_shell_file(void **state)
{
	struct fixture *f = *state;
	const char *reason = "not reset";
	char path[64];
	int ret;

	shell_file(path, sizeof(path), f->shell.bytes, sizeof(f->shell.bytes));
	ret = fastrpc_session_new(&f->acc, path, 0, &f->s, &reason);
	unlink(path);
	assert_int_equal(ret, 0);
	assert_null(reason);
	assert_true(k.image_ok);
}

static void fastrpc_session_new__missing_or_dir_makes_no_ioctl(void **state)
{
	struct fixture *f = *state;
	char path[64];
	int ret;

	assert_int_equal(fastrpc_session_new(&f->acc, "/nonexistent/shell", 0, &f->s, NULL),
			 -ENOENT);
	shell_file(path, sizeof(path), NULL, 0);
	ret = fastrpc_session_new(&f->acc, path, 0, &f->s, NULL);
	rmdir(path);
	assert_int_equal(ret, -EISDIR);
	assert_null(f->s);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_session_new__bad_shell_file_is_enoexec(void **state)
{
	struct fixture *f = *state;
	const char *reason = NULL;
	char path[64];
	int ret;

	f->shell.ehdr.e_type = ET_REL;
	shell_file(path, sizeof(path), f->shell.bytes, sizeof(f->shell.bytes));
	ret = fastrpc_session_new(&f->leg, path, 0, &f->s, &reason);
	unlink(path);
	assert_int_equal(ret, -ENOEXEC);
	assert_string_equal(reason,
			    "ELF type is a relocatable object (ET_REL), not ET_EXEC or ET_DYN");
	assert_int_equal(fk.n, 0);
}

static void assert_attach_request(const struct fastrpc_device *dev, uint32_t type)
{
	const struct drm_fastrpc_session_create *c;
	const struct fk_call *call;

	call = fk_call_of(DRM_IOCTL_FASTRPC_SESSION_CREATE, 0);
	assert_int_equal(call->fd, dev->fd);
	c = (const struct drm_fastrpc_session_create *)call->in;
	assert_int_equal(c->type, type);
	assert_int_equal(c->attrs, 0);
	assert_int_equal(c->shell_ptr, 0);
	assert_int_equal(c->shell_size, 0);
	assert_int_equal(c->siglen, 0);
	assert_int_equal(c->name_ptr, 0);
	assert_int_equal(c->name_size, 0);
	assert_int_equal(c->flags, 0);
}

static void fastrpc_session_attach__accel_root_and_sensors_types(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_attach(&f->acc, FASTRPC_PD_ROOT, &f->s), 0);
	assert_int_equal(fk.n, 1);
	assert_attach_request(&f->acc, DRM_FASTRPC_SESSION_ROOT_PD);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_ROOT);
	assert_int_equal(fastrpc_session_get_client_id(f->s), CLIENT_ID);
	fastrpc_session_free(f->s);
	f->s = NULL;
	fk_reset(session_kernel);
	assert_int_equal(fastrpc_session_attach(&f->acc, FASTRPC_PD_SENSORS, &f->s), 0);
	assert_attach_request(&f->acc, DRM_FASTRPC_SESSION_SENSORS_PD);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_SENSORS);
}

static void fastrpc_session_attach__legacy_init_attach_on_own_fd(void **state)
{
	struct fixture *f = *state;
	const struct fk_call *c;

	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_ROOT, &f->s), 0);
	assert_int_equal(fk.n, 1);
	c = fk_call_of(FASTRPC_IOCTL_INIT_ATTACH, 0);
	assert_int_not_equal(c->fd, f->leg.fd);
	assert_null(c->arg);
	assert_int_equal(k.fd_flags & (O_ACCMODE | O_NONBLOCK), O_RDONLY | O_NONBLOCK);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_ROOT);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_SENSORS, &f->s), 0);
	c = fk_call_of(FASTRPC_IOCTL_INIT_ATTACH_SNS, 0);
	assert_int_not_equal(c->fd, f->leg.fd);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_SENSORS);
}

static void fastrpc_session_attach__other_pd_is_einval(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_attach(&f->acc, FASTRPC_PD_USER, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_STATIC, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_attach(&f->acc, (enum fastrpc_pd)4, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_attach(NULL, FASTRPC_PD_ROOT, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_attach(&f->acc, FASTRPC_PD_ROOT, NULL), -EINVAL);
	assert_null(f->s);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_session_attach__refusals(void **state)
{
	struct fixture *f = *state;

	k.create_ret = -EPERM;
	assert_int_equal(fastrpc_session_attach(&f->acc, FASTRPC_PD_ROOT, &f->s), -EPERM);
	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_ROOT, &f->s), -EPERM);
	k.create_ret = FK_DSP_ERROR(0x015);
	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_SENSORS, &f->s),
			 -ECONNREFUSED);
	assert_false(fk_fd_open(k.fd));
	assert_null(f->s);
	k.create_ret = 0;
	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_SENSORS, &f->s), 0);
}

static void fastrpc_session_new_static__accel_name_and_heap_size(void **state)
{
	const struct drm_fastrpc_session_create *c;
	struct fixture *f = *state;
	static const char name[] = "audiopd";

	assert_int_equal(fastrpc_session_new_static(&f->acc, name, 1u << 20, &f->s), 0);
	assert_int_equal(fk.n, 1);
	c = fk_in(struct drm_fastrpc_session_create, DRM_IOCTL_FASTRPC_SESSION_CREATE, 0);
	assert_int_equal(c->type, DRM_FASTRPC_SESSION_STATIC_PD);
	assert_int_equal(c->name_ptr, (uintptr_t)name);
	assert_int_equal(c->name_size, sizeof(name));
	/* A static PD's heap size travels in shell_size. */
	assert_int_equal(c->shell_size, 1u << 20);
	assert_int_equal(c->shell_ptr, 0);
	assert_int_equal(c->attrs, 0);
	assert_int_equal(c->flags, 0);
	assert_string_equal(k.name, name);
	assert_int_equal(fastrpc_session_get_pd(f->s), FASTRPC_PD_STATIC);
}

static void fastrpc_session_new_static__legacy_init_create_static(void **state)
{
	const struct fastrpc_init_create_static *init;
	struct fixture *f = *state;
	static const char name[] = "audiopd";
	const struct fk_call *c;

	assert_int_equal(fastrpc_session_new_static(&f->leg, name, 4096, &f->s), 0);
	assert_int_equal(fk.n, 1);
	c = fk_call_of(FASTRPC_IOCTL_INIT_CREATE_STATIC, 0);
	assert_int_not_equal(c->fd, f->leg.fd);
	init = (const struct fastrpc_init_create_static *)c->in;
	assert_int_equal(init->namelen, sizeof(name));
	assert_int_equal(init->memlen, 4096);
	assert_int_equal(init->name, (uintptr_t)name);
	assert_string_equal(k.name, name);
}

/* 1 to 63 bytes of name, with its NUL 64 at most. */
static void fastrpc_session_new_static__name_and_heap_limits(void **state)
{
	struct fixture *f = *state;
	char name[65];

	memset(name, 'a', 64);
	name[64] = '\0';
	assert_int_equal(fastrpc_session_new_static(&f->acc, name, 0, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_new_static(&f->acc, "", 0, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_new_static(&f->acc, NULL, 0, &f->s), -EINVAL);
	assert_int_equal(fastrpc_session_new_static(&f->leg, "audiopd",
						    (size_t)UINT32_MAX + 1, &f->s), -EINVAL);
	assert_int_equal(fk.n, 0);
	name[63] = '\0';
	assert_int_equal(fastrpc_session_new_static(&f->acc, name, UINT32_MAX, &f->s), 0);
	assert_int_equal(fk_in(struct drm_fastrpc_session_create,
			       DRM_IOCTL_FASTRPC_SESSION_CREATE, 0)->name_size, 64);
}

static void fastrpc_session_new_static__legacy_dsp_error_is_econnrefused(void **state)
{
	struct fixture *f = *state;

	k.create_ret = FK_DSP_ERROR(0x03d);
	assert_int_equal(fastrpc_session_new_static(&f->leg, "nosuchpd", 0, &f->s),
			 -ECONNREFUSED);
	assert_false(fk_fd_open(k.fd));
	assert_null(f->s);
}

static void fastrpc_session_free__accel_releases_the_session(void **state)
{
	struct fixture *f = *state;
	const struct drm_fastrpc_session_release *r;
	const struct fk_call *c;

	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
	fk_reset(session_kernel);
	errno = EXDEV;
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fk.n, 1);
	c = fk_call_of(DRM_IOCTL_FASTRPC_SESSION_RELEASE, 0);
	assert_int_equal(c->fd, f->acc.fd);
	r = (const struct drm_fastrpc_session_release *)c->in;
	assert_int_equal(r->flags, 0);
	assert_int_equal(r->pad, 0);
	assert_true(fk_fd_open(f->acc.fd));
}

static void fastrpc_session_free__legacy_closes_its_own_fd(void **state)
{
	struct fixture *f = *state;
	int fd;

	assert_int_equal(fastrpc_session_attach(&f->leg, FASTRPC_PD_ROOT, &f->s), 0);
	fd = k.fd;
	fk_reset(session_kernel);
	errno = EXDEV;
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fk.n, 0);
	assert_false(fk_fd_open(fd));
	assert_true(fk_fd_open(f->leg.fd));
}

/* A release the dead DSP refuses still ends the session here. */
static void fastrpc_session_free__release_error_still_frees(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
	k.release_ret = -ENODEV;
	errno = EXDEV;
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(errno, EXDEV);
	assert_int_equal(new_user(f, &f->acc, 0, &f->s), 0);
}

static void fastrpc_session_free__accepts_null(void **state)
{
	(void)state;
	fastrpc_session_free(NULL);
}

#define SESSION_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SESSION_TEST(fastrpc_session_new_from_memory__accel_session_create_fields),
		SESSION_TEST(fastrpc_session_new_from_memory__accel_over_max_shell_size_is_efbig),
		SESSION_TEST(fastrpc_session_new_from_memory__legacy_init_create_fields),
		SESSION_TEST(fastrpc_session_new_from_memory__legacy_over_2mib_is_efbig),
		SESSION_TEST(fastrpc_session_new_from_memory__bad_shell_makes_no_ioctl),
		SESSION_TEST(fastrpc_session_new_from_memory__bad_args_are_einval),
		SESSION_TEST(fastrpc_session_new_from_memory__second_is_ebusy_until_freed),
		SESSION_TEST(fastrpc_session_new_from_memory__accel_refusal_passes),
		SESSION_TEST(fastrpc_session_new_from_memory__legacy_dsp_error_is_econnrefused),
		SESSION_TEST(fastrpc_session_new_from_memory__legacy_errno_passes),
		SESSION_TEST(fastrpc_session_new_from_memory__eintr_is_retried),
		SESSION_TEST(fastrpc_session_new_from_memory__errno_untouched),
		SESSION_TEST(fastrpc_session_new__reads_the_shell_file),
		SESSION_TEST(fastrpc_session_new__missing_or_dir_makes_no_ioctl),
		SESSION_TEST(fastrpc_session_new__bad_shell_file_is_enoexec),
		SESSION_TEST(fastrpc_session_attach__accel_root_and_sensors_types),
		SESSION_TEST(fastrpc_session_attach__legacy_init_attach_on_own_fd),
		SESSION_TEST(fastrpc_session_attach__other_pd_is_einval),
		SESSION_TEST(fastrpc_session_attach__refusals),
		SESSION_TEST(fastrpc_session_new_static__accel_name_and_heap_size),
		SESSION_TEST(fastrpc_session_new_static__legacy_init_create_static),
		SESSION_TEST(fastrpc_session_new_static__name_and_heap_limits),
		SESSION_TEST(fastrpc_session_new_static__legacy_dsp_error_is_econnrefused),
		SESSION_TEST(fastrpc_session_free__accel_releases_the_session),
		SESSION_TEST(fastrpc_session_free__legacy_closes_its_own_fd),
		SESSION_TEST(fastrpc_session_free__release_error_still_frees),
		cmocka_unit_test(fastrpc_session_free__accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
