/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sessions and invoke, with the kernel mocked below the library's ioctl
 * wrapper (the test links with -Wl,--wrap=ioctl), so the wrapper's EINTR
 * retry is tested too.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "internal.h"
#include "elf_image.h"

#define MAX_SHELL	(2u << 20)
#define CLIENT_ID	42

/* What the fake kernel answers and what it saw. */
static struct {
	unsigned int calls;		/* every ioctl(), EINTR ones included */
	unsigned int eintr;		/* fail this many calls with EINTR first */
	int error;			/* fail INVOKE/SESSION_CREATE with this errno */
	int32_t retval;			/* the DSP method's result */
	uint64_t max_shell;
	struct drm_fastrpc_session_create create;
	struct drm_fastrpc_invoke invoke;
	struct drm_fastrpc_invoke_arg args[510];
} kernel;

int __wrap_ioctl(int fd, unsigned long request, ...);

int __wrap_ioctl(int fd, unsigned long request, ...)
{
	struct drm_fastrpc_session_create *create;
	struct drm_fastrpc_invoke *inv;
	struct drm_fastrpc_query *q;
	va_list ap;
	void *arg;

	(void)fd;
	va_start(ap, request);
	arg = va_arg(ap, void *);
	va_end(ap);
	kernel.calls++;
	if (kernel.eintr) {
		kernel.eintr--;
		errno = EINTR;
		return -1;
	}
	switch (request) {
	case DRM_IOCTL_FASTRPC_QUERY:
		q = arg;
		if (q->param != DRM_FASTRPC_PARAM_MAX_SHELL_SIZE)
			break;
		q->value = kernel.max_shell;
		return 0;
	case DRM_IOCTL_FASTRPC_SESSION_CREATE:
		create = arg;
		kernel.create = *create;
		if (kernel.error)
			break;
		create->client_id = CLIENT_ID;
		return 0;
	case DRM_IOCTL_FASTRPC_INVOKE:
		inv = arg;
		kernel.invoke = *inv;
		if (kernel.error)
			break;
		if (inv->args_ptr)
			memcpy(kernel.args, (void *)(uintptr_t)inv->args_ptr,
			       DRM_FASTRPC_SCALARS_NARGS(inv->sc) *
			       sizeof(kernel.args[0]));
		inv->retval = kernel.retval;
		return 0;
	}
	errno = kernel.error ? kernel.error : EINVAL;
	return -1;
}

struct fixture {
	struct fastrpc_device dev;
	struct fastrpc_session *session;
	struct elf_image shell;
};

static void reset_kernel(void)
{
	memset(&kernel, 0, sizeof(kernel));
	kernel.max_shell = MAX_SHELL;
}

/* A device on /dev/null: the session opens its own file on the path. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->dev.fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	f->dev.path = strdup("/dev/null");
	f->dev.domain_id = DRM_FASTRPC_DOMAIN_CDSP;
	strcpy(f->dev.domain, "cdsp");
	elf_image_init(&f->shell);
	reset_kernel();
	*state = f;
	return f->dev.fd < 0 || !f->dev.path ? -1 : 0;
}

/* The same with a session created, and the kernel's record cleared. */
static int setup_session(void **state)
{
	struct fixture *f;

	if (setup(state))
		return -1;
	f = *state;
	if (fastrpc_session_new_from_memory(&f->dev, f->shell.bytes,
					    sizeof(f->shell.bytes), 0,
					    &f->session, NULL))
		return -1;
	reset_kernel();
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fastrpc_session_free(f->session);
	close(f->dev.fd);
	free(f->dev.path);
	free(f);
	return 0;
}

static void fastrpc_session_new_from_memory__creates_a_user_pd(void **state)
{
	struct fixture *f = *state;
	const char *reason = "not reset";

	assert_int_equal(fastrpc_session_new_from_memory(&f->dev, f->shell.bytes,
							 sizeof(f->shell.bytes),
							 DRM_FASTRPC_PD_ATTR_UNSIGNED,
							 &f->session, &reason), 0);
	assert_null(reason);
	assert_int_equal(fastrpc_session_get_client_id(f->session), CLIENT_ID);
	assert_int_equal(kernel.create.type, DRM_FASTRPC_SESSION_USER_PD);
	assert_int_equal(kernel.create.attrs, DRM_FASTRPC_PD_ATTR_UNSIGNED);
	assert_int_equal(kernel.create.shell_ptr, (uintptr_t)f->shell.bytes);
	assert_int_equal(kernel.create.shell_size, sizeof(f->shell.bytes));
	assert_int_equal(kernel.create.name_ptr, 0);
	assert_int_equal(kernel.create.name_size, 0);
	assert_int_equal(kernel.create.flags, 0);
	assert_int_equal(kernel.calls, 2);	/* QUERY, SESSION_CREATE */
}

static void fastrpc_session_new_from_memory__bad_shell_makes_no_ioctl(void **state)
{
	struct fixture *f = *state;
	const char *reason = NULL;

	f->shell.ehdr.e_machine = EM_X86_64;
	assert_int_equal(fastrpc_session_new_from_memory(&f->dev, f->shell.bytes,
							 sizeof(f->shell.bytes), 0,
							 &f->session, &reason),
			 -ENOEXEC);
	assert_string_equal(reason, "ELF machine is x86-64, not Hexagon");
	assert_null(f->session);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_new_from_memory__too_large_is_efbig(void **state)
{
	struct fixture *f = *state;

	kernel.max_shell = sizeof(f->shell.bytes) - 1;
	assert_int_equal(fastrpc_session_new_from_memory(&f->dev, f->shell.bytes,
							 sizeof(f->shell.bytes), 0,
							 &f->session, NULL),
			 -EFBIG);
	assert_int_equal(kernel.calls, 1);	/* the QUERY only */
}

static void fastrpc_session_new_from_memory__unknown_attrs_is_einval(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_new_from_memory(&f->dev, f->shell.bytes,
							 sizeof(f->shell.bytes),
							 DRM_FASTRPC_PD_ATTRS + 1,
							 &f->session, NULL),
			 -EINVAL);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_new_from_memory__dsp_refusal_is_passed_on(void **state)
{
	struct fixture *f = *state;

	kernel.error = ECONNREFUSED;
	assert_int_equal(fastrpc_session_new_from_memory(&f->dev, f->shell.bytes,
							 sizeof(f->shell.bytes), 0,
							 &f->session, NULL),
			 -ECONNREFUSED);
	assert_null(f->session);
}

static void write_file(char *path, const void *bytes, size_t len)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, bytes, len), len);
	close(fd);
}

static void fastrpc_session_new__bad_shell_makes_no_ioctl(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/test_session.XXXXXX";
	const char *reason = NULL;

	f->shell.ehdr.e_ident[EI_CLASS] = ELFCLASS64;
	write_file(path, f->shell.bytes, sizeof(f->shell.bytes));
	assert_int_equal(fastrpc_session_new(&f->dev, path, 0, &f->session, &reason),
			 -ENOEXEC);
	unlink(path);
	assert_string_equal(reason, "ELF class is 64-bit, not 32-bit");
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_new__reads_the_shell_file(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/test_session.XXXXXX";

	write_file(path, f->shell.bytes, sizeof(f->shell.bytes));
	assert_int_equal(fastrpc_session_new(&f->dev, path, 0, &f->session, NULL), 0);
	unlink(path);
	assert_int_equal(kernel.create.shell_size, sizeof(f->shell.bytes));
	assert_int_equal(fastrpc_session_get_client_id(f->session), CLIENT_ID);
}

static void fastrpc_session_new__missing_file_is_enoent(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_new(&f->dev, "/nonexistent/shell", 0,
					     &f->session, NULL), -ENOENT);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_invoke__builds_sc_and_args_in_then_out(void **state)
{
	struct fixture *f = *state;
	char a[3] = "ab", b[5] = "cdef", c[8];
	const struct fastrpc_iovec in[] = { { a, sizeof(a) }, { b, sizeof(b) } };
	const struct fastrpc_iovec out[] = { { c, sizeof(c) } };
	int32_t retval = -1;

	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 3, in, 2, out, 1,
						&retval), 0);
	assert_int_equal(retval, 0);
	assert_int_equal(kernel.invoke.handle, 0x10);
	assert_int_equal(kernel.invoke.sc, DRM_FASTRPC_SCALARS(3, 2, 1, 0, 0));
	assert_int_equal(kernel.invoke.sc, 0x03020100);
	assert_int_equal(kernel.invoke.flags, 0);
	assert_int_equal(kernel.args[0].ptr, (uintptr_t)a);
	assert_int_equal(kernel.args[0].size, sizeof(a));
	assert_int_equal(kernel.args[1].ptr, (uintptr_t)b);
	assert_int_equal(kernel.args[1].size, sizeof(b));
	assert_int_equal(kernel.args[2].ptr, (uintptr_t)c);
	assert_int_equal(kernel.args[2].size, sizeof(c));
	assert_int_equal(kernel.args[2].flags, 0);
	assert_int_equal(kernel.args[2].handle, 0);
}

static void fastrpc_session_invoke__no_args_passes_null_args_ptr(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 31, NULL, 0,
						NULL, 0, NULL), 0);
	assert_int_equal(kernel.invoke.sc, DRM_FASTRPC_SCALARS(31, 0, 0, 0, 0));
	assert_int_equal(kernel.invoke.args_ptr, 0);
}

static void fastrpc_session_invoke__255_in_and_out_is_allowed(void **state)
{
	struct fixture *f = *state;
	static struct fastrpc_iovec bufs[255];

	assert_int_equal(fastrpc_session_invoke(f->session, 1, 0, bufs, 255, bufs,
						255, NULL), 0);
	assert_int_equal(kernel.invoke.sc, 0x00ffff00);
}

static void fastrpc_session_invoke__n_in_256_is_einval(void **state)
{
	struct fixture *f = *state;
	static struct fastrpc_iovec bufs[256];

	assert_int_equal(fastrpc_session_invoke(f->session, 1, 0, bufs, 256, NULL,
						0, NULL), -EINVAL);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_invoke__n_out_256_is_einval(void **state)
{
	struct fixture *f = *state;
	static struct fastrpc_iovec bufs[256];

	assert_int_equal(fastrpc_session_invoke(f->session, 1, 0, NULL, 0, bufs,
						256, NULL), -EINVAL);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_invoke__method_32_is_einval(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_invoke(f->session, 1, 32, NULL, 0, NULL,
						0, NULL), -EINVAL);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_invoke__null_buffers_are_einval(void **state)
{
	struct fixture *f = *state;
	const struct fastrpc_iovec in[] = { { NULL, 4 } };

	assert_int_equal(fastrpc_session_invoke(f->session, 1, 0, NULL, 1, NULL,
						0, NULL), -EINVAL);
	assert_int_equal(fastrpc_session_invoke(f->session, 1, 0, in, 1, NULL,
						0, NULL), -EINVAL);
	assert_int_equal(fastrpc_session_invoke(NULL, 1, 0, NULL, 0, NULL, 0,
						NULL), -EINVAL);
	assert_int_equal(kernel.calls, 0);
}

static void fastrpc_session_invoke__dsp_error_is_eremoteio(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 0;

	kernel.retval = (int32_t)0x8000040e;
	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 4, NULL, 0,
						NULL, 0, &retval), -EREMOTEIO);
	assert_int_equal(retval, (int32_t)0x8000040e);
	/* A NULL retval still reports the error. */
	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 4, NULL, 0,
						NULL, 0, NULL), -EREMOTEIO);
}

static void fastrpc_session_invoke__eintr_is_retried(void **state)
{
	struct fixture *f = *state;

	kernel.eintr = 2;
	errno = 1234;
	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 2, NULL, 0,
						NULL, 0, NULL), 0);
	assert_int_equal(kernel.calls, 3);
	/* errno is left alone on success, retries and all. */
	assert_int_equal(errno, 1234);
}

static void fastrpc_session_invoke__dsp_gone_is_passed_on(void **state)
{
	struct fixture *f = *state;

	kernel.error = ECONNRESET;
	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 2, NULL, 0,
						NULL, 0, NULL), -ECONNRESET);
	kernel.error = ENODEV;
	assert_int_equal(fastrpc_session_invoke(f->session, 0x10, 2, NULL, 0,
						NULL, 0, NULL), -ENODEV);
}

static void fastrpc_session_free__accepts_null(void **state)
{
	(void)state;
	fastrpc_session_free(NULL);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define TEST_SESSION(fn) cmocka_unit_test_setup_teardown(fn, setup_session, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(fastrpc_session_new_from_memory__creates_a_user_pd),
		TEST(fastrpc_session_new_from_memory__bad_shell_makes_no_ioctl),
		TEST(fastrpc_session_new_from_memory__too_large_is_efbig),
		TEST(fastrpc_session_new_from_memory__unknown_attrs_is_einval),
		TEST(fastrpc_session_new_from_memory__dsp_refusal_is_passed_on),
		TEST(fastrpc_session_new__bad_shell_makes_no_ioctl),
		TEST(fastrpc_session_new__reads_the_shell_file),
		TEST(fastrpc_session_new__missing_file_is_enoent),
		TEST_SESSION(fastrpc_session_invoke__builds_sc_and_args_in_then_out),
		TEST_SESSION(fastrpc_session_invoke__no_args_passes_null_args_ptr),
		TEST_SESSION(fastrpc_session_invoke__255_in_and_out_is_allowed),
		TEST_SESSION(fastrpc_session_invoke__n_in_256_is_einval),
		TEST_SESSION(fastrpc_session_invoke__n_out_256_is_einval),
		TEST_SESSION(fastrpc_session_invoke__method_32_is_einval),
		TEST_SESSION(fastrpc_session_invoke__null_buffers_are_einval),
		TEST_SESSION(fastrpc_session_invoke__dsp_error_is_eremoteio),
		TEST_SESSION(fastrpc_session_invoke__eintr_is_retried),
		TEST_SESSION(fastrpc_session_invoke__dsp_gone_is_passed_on),
		cmocka_unit_test(fastrpc_session_free__accepts_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
