/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * args.c and invoke.c: argument lists, the argument arrays each interface's
 * INVOKE receives, results, and remotectl's open and close of skeletons,
 * the kernel (and remotectl on the DSP) mocked.
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

#include "args.h"
#include "fake_kernel.h"

#define MAX_ARGS	(2 * FASTRPC_MAX_BUFFERS + 2 * FASTRPC_MAX_HANDLES)
#define AEE_ENOSUCHMOD	0x03e

/* What the fake drivers answer, and the last INVOKE as they saw it. */
static struct {
	int ret;			/* INVOKE returns this (a legacy DSP error too) */
	int32_t retval;			/* the method's result (accel) */
	struct drm_fastrpc_invoke inv;
	struct drm_fastrpc_invoke_arg args[MAX_ARGS];
	struct fastrpc_invoke linv;
	struct fastrpc_invoke_args largs[MAX_ARGS];
	/* remotectl on the DSP: what it read, what it answers */
	bool remotectl;
	unsigned char in0[8];
	char name[300];
	uint64_t len[4];
	uint32_t open_handle;
	uint32_t nerr;
	const char *dlerror;
	bool no_remotectl1;
	uint32_t calls[8];		/* handle << 8 | method of each remotectl call */
	unsigned int n_calls;
} k;

static void put_le32(void *p, uint32_t v)
{
	unsigned char *b = p;

	b[0] = v;
	b[1] = v >> 8;
	b[2] = v >> 16;
	b[3] = v >> 24;
}

/*
 * remotectl's open (method 0) and close (1), or remotectl1's open1 (2) and
 * close1 (3) of the same layout, on the buffers the call carries.  With
 * k.no_remotectl1, handle 8 answers AEE_EUNSUPPORTED as the call's result.
 */
static int32_t remotectl(uint32_t handle, uint32_t sc, void *const *ptr, const uint64_t *len)
{
	unsigned int i, nargs = DRM_FASTRPC_SCALARS_NARGS(sc);
	uint32_t method = DRM_FASTRPC_SCALARS_METHOD(sc);

	k.calls[k.n_calls < 8 ? k.n_calls : 7] = handle << 8 | method;
	k.n_calls++;
	if (handle == 8 && k.no_remotectl1)
		return FK_DSP_ERROR(0x14);
	for (i = 0; i < 4; i++)
		k.len[i] = i < nargs ? len[i] : 0;
	memcpy(k.in0, ptr[0], len[0] < 8 ? len[0] : 8);
	if (method == (handle == 8 ? 2u : 0u)) {
		snprintf(k.name, sizeof(k.name), "%.*s", (int)len[1], (char *)ptr[1]);
		put_le32(ptr[2], k.open_handle);
		put_le32((char *)ptr[2] + 4, k.nerr);
		snprintf(ptr[3], len[3], "%s", k.dlerror ? k.dlerror : "");
	} else {
		put_le32(ptr[1], k.nerr);
		snprintf(ptr[2], len[2], "%s", k.dlerror ? k.dlerror : "");
	}
	return 0;
}

static int invoke_kernel(int fd, unsigned long request, void *arg)
{
	struct fastrpc_alloc_dma_buf *alloc = arg;
	struct drm_fastrpc_invoke *inv = arg;
	struct fastrpc_invoke *linv = arg;
	void *ptr[MAX_ARGS];
	uint64_t len[MAX_ARGS];
	unsigned int i, n;

	(void)fd;
	switch (request) {
	case FASTRPC_IOCTL_ALLOC_DMA_BUFF:
		alloc->fd = fk_memfd(alloc->size);
		return 0;
	case DRM_IOCTL_FASTRPC_INVOKE:
		k.inv = *inv;
		n = DRM_FASTRPC_SCALARS_NARGS(inv->sc);
		if (inv->args_ptr)
			memcpy(k.args, (void *)(uintptr_t)inv->args_ptr, n * sizeof(k.args[0]));
		for (i = 0; i < n; i++) {
			ptr[i] = (void *)(uintptr_t)k.args[i].ptr;
			len[i] = k.args[i].size;
		}
		inv->retval = k.retval;
		if (k.remotectl && !k.ret)
			inv->retval = remotectl(inv->handle, inv->sc, ptr, len);
		return k.ret;
	case FASTRPC_IOCTL_INVOKE:
		k.linv = *linv;
		n = DRM_FASTRPC_SCALARS_NARGS(linv->sc);
		if (linv->args)
			memcpy(k.largs, (void *)(uintptr_t)linv->args, n * sizeof(k.largs[0]));
		for (i = 0; i < n; i++) {
			ptr[i] = (void *)(uintptr_t)k.largs[i].ptr;
			len[i] = k.largs[i].length;
		}
		if (k.remotectl && !k.ret)
			return remotectl(linv->handle, linv->sc, ptr, len);
		return k.ret;
	}
	return fk_gem(request, arg);
}

struct fixture {
	struct fastrpc_device a, b;	/* accel: the file a memfd, for GEM mmap */
	struct fastrpc_device leg;
	struct fastrpc_session sa, sl;	/* sessions of a and leg, by hand */
	struct fastrpc_args *args;
	struct fastrpc_buffer *bufs[8];
	unsigned int n_bufs;
};

static void init_device(struct fastrpc_device *dev, enum fastrpc_interface iface)
{
	fk_device_init(dev, iface, iface == FASTRPC_INTERFACE_ACCEL ? fk_memfd(64u << 20) :
		       open("/dev/null", O_RDONLY | O_CLOEXEC));
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	init_device(&f->a, FASTRPC_INTERFACE_ACCEL);
	init_device(&f->b, FASTRPC_INTERFACE_ACCEL);
	init_device(&f->leg, FASTRPC_INTERFACE_LEGACY);
	f->sa = (struct fastrpc_session){ .dev = &f->a, .fd = f->a.fd };
	f->sl = (struct fastrpc_session){ .dev = &f->leg, .fd = open("/dev/null", O_RDONLY) };
	memset(&k, 0, sizeof(k));
	fk_reset(invoke_kernel);
	*state = f;
	return fastrpc_args_new(&f->args);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unsigned int i;

	for (i = 0; i < f->n_bufs; i++)
		fastrpc_buffer_free(f->bufs[i]);
	fastrpc_args_free(f->args);
	close(f->a.fd);
	close(f->b.fd);
	close(f->leg.fd);
	close(f->sl.fd);
	free(f);
	return 0;
}

static struct fastrpc_buffer *new_buf(struct fixture *f, struct fastrpc_device *dev,
				      size_t size)
{
	struct fastrpc_buffer *buf;

	assert_true(f->n_bufs < 8);
	assert_int_equal(fastrpc_buffer_new(dev, size, &buf), 0);
	f->bufs[f->n_bufs++] = buf;
	return buf;
}

/* ---- argument lists ---- */

static void fastrpc_args_new__null_is_einval(void **state)
{
	(void)state;
	assert_int_equal(fastrpc_args_new(NULL), -EINVAL);
	fastrpc_args_free(NULL);
	fastrpc_args_clear(NULL);
}

static void fastrpc_args_add_in__256th_buffer_is_e2big(void **state)
{
	struct fixture *f = *state;
	static char byte;
	unsigned int i;

	for (i = 0; i < FASTRPC_MAX_BUFFERS; i++) {
		assert_int_equal(fastrpc_args_add_in(f->args, &byte, 1), 0);
		assert_int_equal(fastrpc_args_add_out(f->args, &byte, 1), 0);
	}
	assert_int_equal(fastrpc_args_add_in(f->args, &byte, 1), -E2BIG);
	assert_int_equal(fastrpc_args_add_out(f->args, &byte, 1), -E2BIG);
	assert_int_equal(fastrpc_args_get_scalars(f->args, 1),
			 FASTRPC_SCALARS(1, 255, 255, 0, 0));
}

static void fastrpc_args_add_in_handle__16th_handle_is_e2big(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->a, 4096);
	unsigned int i;

	for (i = 0; i < FASTRPC_MAX_HANDLES; i++) {
		assert_int_equal(fastrpc_args_add_in_handle(f->args, buf, 0, 4096), 0);
		assert_int_equal(fastrpc_args_add_out_handle(f->args, buf, 0, 4096), 0);
	}
	assert_int_equal(fastrpc_args_add_in_handle(f->args, buf, 0, 4096), -E2BIG);
	assert_int_equal(fastrpc_args_add_out_handle(f->args, buf, 0, 4096), -E2BIG);
	/* The buffer kinds are counted apart. */
	assert_int_equal(fastrpc_args_add_in_buffer(f->args, buf, 0, 4096), 0);
	assert_int_equal(fastrpc_args_get_scalars(f->args, 0),
			 FASTRPC_SCALARS(0, 1, 0, 15, 15));
}

static void fastrpc_args_add_in__null_with_length_is_einval(void **state)
{
	struct fixture *f = *state;
	char byte;

	assert_int_equal(fastrpc_args_add_in(f->args, NULL, 1), -EINVAL);
	assert_int_equal(fastrpc_args_add_out(f->args, NULL, 4), -EINVAL);
	assert_int_equal(fastrpc_args_add_in(NULL, &byte, 1), -EINVAL);
	assert_int_equal(fastrpc_args_add_out(NULL, &byte, 1), -EINVAL);
	assert_int_equal(fastrpc_args_get_scalars(f->args, 0), 0);
	/* Nothing, said so. */
	assert_int_equal(fastrpc_args_add_in(f->args, NULL, 0), 0);
	assert_int_equal(fastrpc_args_add_out(f->args, NULL, 0), 0);
	assert_int_equal(fastrpc_args_get_scalars(f->args, 0), FASTRPC_SCALARS(0, 1, 1, 0, 0));
}

static void fastrpc_args_add_in_buffer__range_outside_is_einval(void **state)
{
	int (*const add[])(struct fastrpc_args *, struct fastrpc_buffer *, size_t, size_t) = {
		fastrpc_args_add_in_buffer, fastrpc_args_add_out_buffer,
		fastrpc_args_add_in_handle, fastrpc_args_add_out_handle,
	};
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->leg, 8192);
	unsigned int i;

	for (i = 0; i < 4; i++) {
		assert_int_equal(add[i](f->args, buf, 8193, 0), -EINVAL);
		assert_int_equal(add[i](f->args, buf, 0, 8193), -EINVAL);
		assert_int_equal(add[i](f->args, buf, 4096, 4097), -EINVAL);
		assert_int_equal(add[i](f->args, buf, 4096, SIZE_MAX), -EINVAL);
		assert_int_equal(add[i](f->args, buf, SIZE_MAX, 2), -EINVAL);
		assert_int_equal(add[i](f->args, NULL, 0, 0), -EINVAL);
		assert_int_equal(add[i](NULL, buf, 0, 1), -EINVAL);
		assert_int_equal(fastrpc_args_get_scalars(f->args, 0), 0);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(add[i](f->args, buf, 0, 8192), 0);
		assert_int_equal(add[i](f->args, buf, 8192, 0), 0);
		assert_int_equal(add[i](f->args, buf, 100, 8092), 0);
	}
	assert_int_equal(fastrpc_args_get_scalars(f->args, 0), FASTRPC_SCALARS(0, 3, 3, 3, 3));
}

static void fastrpc_args_get_scalars__counts_each_kind(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->a, 4096);
	char b[4];
	unsigned int i;

	for (i = 0; i < 2; i++)
		assert_int_equal(fastrpc_args_add_in(f->args, b, 1), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(fastrpc_args_add_out_buffer(f->args, buf, 0, 1), 0);
	assert_int_equal(fastrpc_args_add_in_handle(f->args, buf, 0, 1), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(fastrpc_args_add_out_handle(f->args, buf, 0, 1), 0);
	assert_int_equal(fastrpc_args_get_scalars(f->args, 5), FASTRPC_SCALARS(5, 2, 3, 1, 4));
	assert_int_equal(fastrpc_args_get_scalars(f->args, 5),
			 DRM_FASTRPC_SCALARS(5, 2, 3, 1, 4));
	assert_int_equal(fastrpc_args_get_scalars(f->args, 31) >> 24, 31);
	assert_int_equal(fastrpc_args_get_scalars(NULL, 7), FASTRPC_SCALARS(7, 0, 0, 0, 0));
}

static void fastrpc_args_clear__empties_the_list(void **state)
{
	struct fixture *f = *state;
	char b;
	unsigned int i;

	for (i = 0; i < FASTRPC_MAX_BUFFERS; i++)
		assert_int_equal(fastrpc_args_add_in(f->args, &b, 1), 0);
	fastrpc_args_clear(f->args);
	assert_int_equal(fastrpc_args_get_scalars(f->args, 2), FASTRPC_SCALARS(2, 0, 0, 0, 0));
	for (i = 0; i < FASTRPC_MAX_BUFFERS; i++)
		assert_int_equal(fastrpc_args_add_in(f->args, &b, 1), 0);
	assert_int_equal(fastrpc_args_add_in(f->args, &b, 1), -E2BIG);
}

/* ---- calls ---- */

/* One of each kind, added out of the protocol's order. */
static void add_mixed(struct fixture *f, struct fastrpc_buffer *buf, char *in, char *out)
{
	assert_int_equal(fastrpc_args_add_out(f->args, out, 3), 0);
	assert_int_equal(fastrpc_args_add_out_handle(f->args, buf, 8192, 4096), 0);
	assert_int_equal(fastrpc_args_add_in_handle(f->args, buf, 0, 100), 0);
	assert_int_equal(fastrpc_args_add_in(f->args, in, 5), 0);
	assert_int_equal(fastrpc_args_add_out_buffer(f->args, buf, 4096, 16), 0);
	assert_int_equal(fastrpc_args_add_in_buffer(f->args, buf, 12, 34), 0);
}

static void assert_accel_copy(unsigned int i, const void *ptr, size_t len)
{
	assert_int_equal(k.args[i].ptr, (uintptr_t)ptr);
	assert_int_equal(k.args[i].size, len);
	assert_int_equal(k.args[i].handle, 0);
	assert_int_equal(k.args[i].flags, 0);
	assert_int_equal(k.args[i].offset, 0);
}

static void assert_accel_gem(unsigned int i, const struct fastrpc_buffer *buf,
			     size_t offset, size_t len)
{
	assert_int_equal(k.args[i].ptr, 0);
	assert_int_equal(k.args[i].size, len);
	assert_int_equal(k.args[i].handle, buf->gem->handle);
	assert_int_equal(k.args[i].flags, DRM_FASTRPC_ARG_GEM);
	assert_int_equal(k.args[i].offset, offset);
}

/* Input buffers, output buffers, input handles, output handles; each kind in add order. */
static void fastrpc_session_call__accel_args_in_protocol_order(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->a, 3 * 4096);
	char in[5] = "abcd", out[3];
	int32_t retval = 99;
	const struct fk_call *c;

	add_mixed(f, buf, in, out);
	assert_int_equal(fastrpc_session_call(&f->sa, 77, 9, f->args, &retval), 0);
	assert_int_equal(retval, 0);
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_INVOKE), 1);
	c = fk_call_of(DRM_IOCTL_FASTRPC_INVOKE, 0);
	assert_int_equal(c->fd, f->sa.fd);
	assert_int_equal(k.inv.handle, 77);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(9, 2, 2, 1, 1));
	assert_int_equal(k.inv.flags, 0);
	assert_int_not_equal(k.inv.args_ptr, 0);
	assert_accel_copy(0, in, 5);
	assert_accel_gem(1, buf, 12, 34);
	assert_accel_copy(2, out, 3);
	assert_accel_gem(3, buf, 4096, 16);
	assert_accel_gem(4, buf, 0, 100);
	assert_accel_gem(5, buf, 8192, 4096);
}

static void assert_legacy_arg(unsigned int i, const void *ptr, size_t len, int fd)
{
	assert_int_equal(k.largs[i].ptr, (uintptr_t)ptr);
	assert_int_equal(k.largs[i].length, len);
	assert_int_equal(k.largs[i].fd, fd);
	assert_int_equal(k.largs[i].attr, 0);
}

/* Copies carry fd -1; a buffer its dma-buf fd and where the range lies in its mapping. */
static void fastrpc_session_call__legacy_args_in_protocol_order(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->leg, 3 * 4096);
	char in[5] = "abcd", out[3], *map;
	int32_t retval = 99;
	void *data;

	add_mixed(f, buf, in, out);
	assert_int_equal(fastrpc_session_call(&f->sl, 77, 9, f->args, &retval), 0);
	assert_int_equal(retval, 0);
	assert_int_equal(fk_call_of(FASTRPC_IOCTL_INVOKE, 0)->fd, f->sl.fd);
	assert_int_equal(k.linv.handle, 77);
	assert_int_equal(k.linv.sc, DRM_FASTRPC_SCALARS(9, 2, 2, 1, 1));
	assert_int_equal(fastrpc_buffer_mmap(buf, &data), 0);
	map = data;
	assert_legacy_arg(0, in, 5, -1);
	assert_legacy_arg(1, map + 12, 34, buf->fd);
	assert_legacy_arg(2, out, 3, -1);
	assert_legacy_arg(3, map + 4096, 16, buf->fd);
	assert_legacy_arg(4, map, 100, buf->fd);
	assert_legacy_arg(5, map + 8192, 4096, buf->fd);
}

static void fastrpc_session_call__no_args_has_no_array(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_session_call(&f->sa, 5, 3, NULL, NULL), 0);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(3, 0, 0, 0, 0));
	assert_int_equal(k.inv.args_ptr, 0);
	assert_int_equal(fastrpc_session_call(&f->sl, 5, 3, f->args, NULL), 0);
	assert_int_equal(k.linv.sc, DRM_FASTRPC_SCALARS(3, 0, 0, 0, 0));
	assert_int_equal(k.linv.args, 0);
}

/* Past 16 arguments the array is allocated: every entry still arrives. */
static void fastrpc_session_call__more_than_16_args(void **state)
{
	struct fixture *f = *state;
	char bytes[20];
	unsigned int i;

	for (i = 0; i < 17; i++)
		assert_int_equal(fastrpc_args_add_in(f->args, &bytes[i], i), 0);
	for (i = 17; i < 20; i++)
		assert_int_equal(fastrpc_args_add_out(f->args, &bytes[i], 1), 0);
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 4, f->args, NULL), 0);
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 4, f->args, NULL), 0);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(4, 17, 3, 0, 0));
	assert_int_equal(k.linv.sc, DRM_FASTRPC_SCALARS(4, 17, 3, 0, 0));
	for (i = 0; i < 20; i++) {
		assert_accel_copy(i, &bytes[i], i < 17 ? i : 1);
		assert_legacy_arg(i, &bytes[i], i < 17 ? i : 1, -1);
	}
}

static void fastrpc_session_call__accel_carries_all_540_args(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->a, 4096);
	static char in[FASTRPC_MAX_BUFFERS], out[FASTRPC_MAX_BUFFERS];
	unsigned int i;

	for (i = 0; i < FASTRPC_MAX_BUFFERS; i++) {
		assert_int_equal(fastrpc_args_add_in(f->args, &in[i], 1), 0);
		assert_int_equal(fastrpc_args_add_out(f->args, &out[i], 1), 0);
	}
	for (i = 0; i < FASTRPC_MAX_HANDLES; i++) {
		assert_int_equal(fastrpc_args_add_in_handle(f->args, buf, i, 1), 0);
		assert_int_equal(fastrpc_args_add_out_handle(f->args, buf, 100 + i, 1), 0);
	}
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 31, f->args, NULL), 0);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(31, 255, 255, 15, 15));
	assert_int_equal(DRM_FASTRPC_SCALARS_NARGS(k.inv.sc), MAX_ARGS);
	for (i = 0; i < FASTRPC_MAX_BUFFERS; i++) {
		assert_accel_copy(i, &in[i], 1);
		assert_accel_copy(255 + i, &out[i], 1);
	}
	for (i = 0; i < FASTRPC_MAX_HANDLES; i++) {
		assert_accel_gem(510 + i, buf, i, 1);
		assert_accel_gem(525 + i, buf, 100 + i, 1);
	}
}

static void fastrpc_session_call__accel_retval_is_eremoteio(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 0;

	k.retval = FK_DSP_ERROR(0x00e);
	errno = EXDEV;
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, NULL, &retval), -EREMOTEIO);
	assert_int_equal(retval, (int32_t)0x8000040e);
	assert_int_equal(errno, EXDEV);
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, NULL, NULL), -EREMOTEIO);
}

/* The misc driver returns the method's error as the ioctl's value. */
static void fastrpc_session_call__legacy_dsp_error_is_eremoteio(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 0;

	k.ret = FK_DSP_ERROR(0x03e);
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 0, NULL, &retval), -EREMOTEIO);
	assert_int_equal(retval, (int32_t)0x8000043e);
	k.ret = 14;
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 0, NULL, &retval), -EREMOTEIO);
	assert_int_equal(retval, 14);
}

static void fastrpc_session_call__eintr_is_not_retried(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 99;

	fk.eintr = 1;
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, NULL, &retval), -EINTR);
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_INVOKE), 1);
	fk.eintr = 1;
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 0, NULL, &retval), -EINTR);
	assert_int_equal(fk_count(FASTRPC_IOCTL_INVOKE), 1);
	assert_int_equal(retval, 99);
}

static void fastrpc_session_call__driver_error_passes(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 99;

	k.ret = -ECONNRESET;
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, NULL, &retval), -ECONNRESET);
	k.ret = -ENODEV;
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 0, NULL, &retval), -ENODEV);
	assert_int_equal(retval, 99);
}

static void fastrpc_session_call__bad_args_are_einval(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 99;

	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 32, NULL, &retval), -EINVAL);
	assert_int_equal(fastrpc_session_call(NULL, 1000, 0, NULL, &retval), -EINVAL);
	assert_int_equal(retval, 99);
	assert_int_equal(fk.n, 0);
}

static void fastrpc_session_call__unnamable_buffer_is_exdev(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *other = new_buf(f, &f->b, 4096);
	struct fastrpc_buffer *leg = new_buf(f, &f->leg, 4096);
	struct fastrpc_buffer *acc = new_buf(f, &f->a, 4096);

	assert_int_equal(fastrpc_args_add_in_buffer(f->args, other, 0, 1), 0);
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, f->args, NULL), -EXDEV);
	fastrpc_args_clear(f->args);
	assert_int_equal(fastrpc_args_add_out_handle(f->args, leg, 0, 1), 0);
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, f->args, NULL), -EXDEV);
	fastrpc_args_clear(f->args);
	assert_int_equal(fastrpc_args_add_in_handle(f->args, acc, 0, 1), 0);
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 0, f->args, NULL), -EXDEV);
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_INVOKE) + fk_count(FASTRPC_IOCTL_INVOKE), 0);
}

static void fastrpc_session_call__errno_untouched(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_buffer *buf = new_buf(f, &f->leg, 4096);

	assert_int_equal(fastrpc_args_add_in_buffer(f->args, buf, 0, 1), 0);
	errno = EXDEV;
	assert_int_equal(fastrpc_session_call(&f->sl, 1000, 0, f->args, NULL), 0);
	fastrpc_args_clear(f->args);
	assert_int_equal(fastrpc_session_call(&f->sa, 1000, 0, f->args, NULL), 0);
	assert_int_equal(errno, EXDEV);
}

static void fastrpc_session_invoke__copies_in_then_out(void **state)
{
	struct fixture *f = *state;
	char a[2], b[3], c[4];
	struct fastrpc_iovec in[2] = { { a, 2 }, { b, 3 } }, out[1] = { { c, 4 } };

	assert_int_equal(fastrpc_session_invoke(&f->sa, 1000, 6, in, 2, out, 1, NULL), 0);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(6, 2, 1, 0, 0));
	assert_accel_copy(0, a, 2);
	assert_accel_copy(1, b, 3);
	assert_accel_copy(2, c, 4);
	assert_int_equal(fastrpc_session_invoke(&f->sa, 1000, 6, NULL, 1, out, 1, NULL), -EINVAL);
	assert_int_equal(fastrpc_session_invoke(&f->sa, 1000, 6, in, 2, NULL, 1, NULL), -EINVAL);
	assert_int_equal(fastrpc_session_invoke(&f->sa, 1000, 6, in, FASTRPC_MAX_BUFFERS + 1,
						NULL, 0, NULL), -EINVAL);
	assert_int_equal(fastrpc_session_invoke(&f->sa, 1000, 6, NULL, 0, NULL, 0, NULL), 0);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(6, 0, 0, 0, 0));
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_INVOKE), 2);
}

/* ---- skeletons through remotectl ---- */

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/*
 * open: in 0 the name's length with its NUL and dlerror's length, in 1 the
 * name; out 0 handle and nErr, out 1 dlerror (sim/hexagon/remotectl.c).
 */
static void assert_open_layout(uint32_t sc, const char *name)
{
	assert_int_equal(sc, DRM_FASTRPC_SCALARS(2, 2, 2, 0, 0));
	assert_int_equal(k.len[0], 8);
	assert_int_equal(le32(k.in0), strlen(name) + 1);
	assert_int_equal(k.len[1], strlen(name) + 1);
	assert_string_equal(k.name, name);
	assert_int_equal(k.len[2], 8);
	assert_int_equal(k.len[3], le32(k.in0 + 4));
	assert_true(k.len[3] > 0);
}

static void fastrpc_session_open_skel__accel_remotectl_layout(void **state)
{
	static const char name[] = "lab";
	struct fixture *f = *state;
	char dlerror[32] = "not reset";
	uint32_t handle = 0;
	int32_t retval = 99;
	unsigned int i;

	k.remotectl = true;
	k.open_handle = 0x1234;
	assert_int_equal(fastrpc_session_open_skel(&f->sa, name, &handle, dlerror,
						   sizeof(dlerror), &retval), 0);
	assert_int_equal(handle, 0x1234);
	assert_int_equal(retval, 0);
	assert_string_equal(dlerror, "");
	assert_int_equal(k.inv.handle, 8);
	assert_open_layout(k.inv.sc, name);
	assert_int_equal(k.args[1].ptr, (uintptr_t)name);
	for (i = 0; i < 4; i++)
		assert_int_equal(k.args[i].flags, 0);
}

static void fastrpc_session_open_skel__legacy_remotectl_layout(void **state)
{
	static const char uri[] = "file:///libfoo_skel.so?foo_skel_handle_invoke&_modver=1.0";
	struct fixture *f = *state;
	uint32_t handle = 0;

	k.remotectl = true;
	k.open_handle = 7;
	assert_int_equal(fastrpc_session_open_skel(&f->sl, uri, &handle, NULL, 0, NULL), 0);
	assert_int_equal(handle, 7);
	assert_int_equal(k.linv.handle, 8);
	assert_open_layout(k.linv.sc, uri);
	assert_int_equal(k.largs[0].fd, -1);
	assert_int_equal(k.largs[3].fd, -1);
}

/* A module that does not open is a call that succeeded, its nErr the error. */
static void fastrpc_session_open_skel__nerr_is_eremoteio_with_dlerror(void **state)
{
	struct fixture *f = *state;
	char dlerror[64] = "not reset", small[8];
	uint32_t handle = 55;
	int32_t retval = 0;

	k.remotectl = true;
	k.nerr = FK_DSP_ERROR(AEE_ENOSUCHMOD);
	k.dlerror = "no such module: foo";
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "foo", &handle, dlerror,
						   sizeof(dlerror), &retval), -EREMOTEIO);
	assert_int_equal(retval, (int32_t)0x8000043e);
	assert_string_equal(dlerror, "no such module: foo");
	assert_int_equal(handle, 55);
	assert_int_equal(fastrpc_session_open_skel(&f->sl, "foo", &handle, small,
						   sizeof(small), NULL), -EREMOTEIO);
	assert_string_equal(small, "no such");
	assert_int_equal(handle, 55);
}

static void fastrpc_session_open_skel__call_failure_passes(void **state)
{
	struct fixture *f = *state;
	char dlerror[16] = "not reset";
	uint32_t handle = 55;
	int32_t retval = 0;

	k.ret = -ECONNRESET;
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "lab", &handle, dlerror,
						   sizeof(dlerror), &retval), -ECONNRESET);
	assert_string_equal(dlerror, "");
	k.ret = 0;
	k.retval = FK_DSP_ERROR(0x00e);
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "lab", &handle, dlerror,
						   sizeof(dlerror), &retval), -EREMOTEIO);
	assert_int_equal(retval, (int32_t)0x8000040e);
	assert_int_equal(handle, 55);
}

static void fastrpc_session_open_skel__bad_args_are_einval(void **state)
{
	struct fixture *f = *state;
	char dlerror[16] = "not reset";
	uint32_t handle = 55;

	assert_int_equal(fastrpc_session_open_skel(&f->sa, NULL, &handle, dlerror,
						   sizeof(dlerror), NULL), -EINVAL);
	assert_string_equal(dlerror, "");
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "lab", NULL, NULL, 0, NULL),
			 -EINVAL);
	assert_int_equal(fastrpc_session_open_skel(NULL, "lab", &handle, NULL, 0, NULL),
			 -EINVAL);
	assert_int_equal(handle, 55);
	assert_int_equal(fk.n, 0);
}

/* close: in 0 the handle and dlerror's length; out 0 nErr, out 1 dlerror. */
static void fastrpc_session_close_skel__remotectl_layout(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 99;

	k.remotectl = true;
	assert_int_equal(fastrpc_session_close_skel(&f->sa, 0x1234, &retval), 0);
	assert_int_equal(retval, 0);
	assert_int_equal(k.inv.handle, 8);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(3, 1, 2, 0, 0));
	assert_int_equal(k.len[0], 8);
	assert_int_equal(le32(k.in0), 0x1234);
	assert_int_equal(k.len[1], 4);
	assert_int_equal(k.len[2], le32(k.in0 + 4));
	assert_true(k.len[2] > 0);
	assert_int_equal(fastrpc_session_close_skel(&f->sl, 0x1234, NULL), 0);
	assert_int_equal(k.linv.sc, DRM_FASTRPC_SCALARS(3, 1, 2, 0, 0));
}

/* A DSP without remotectl1: open falls back to handle 0, and close follows it. */
static void fastrpc_session_open_skel__handle_8_refused_falls_back_to_0(void **state)
{
	struct fixture *f = *state;
	uint32_t handle = 0;
	int32_t retval = 99;

	k.remotectl = true;
	k.no_remotectl1 = true;
	k.open_handle = 0x44;
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "lab", &handle, NULL, 0, &retval), 0);
	assert_int_equal(handle, 0x44);
	assert_int_equal(retval, 0);
	assert_int_equal(k.n_calls, 2);
	assert_int_equal(k.calls[0], 8 << 8 | 2);
	assert_int_equal(k.calls[1], 0 << 8 | 0);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0));
	/* Known now: the next open goes to handle 0 at once, and so does close. */
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "lab", &handle, NULL, 0, NULL), 0);
	assert_int_equal(fastrpc_session_close_skel(&f->sa, 0x44, &retval), 0);
	assert_int_equal(k.n_calls, 4);
	assert_int_equal(k.calls[2], 0 << 8 | 0);
	assert_int_equal(k.calls[3], 0 << 8 | 1);
	assert_int_equal(k.inv.sc, DRM_FASTRPC_SCALARS(1, 1, 2, 0, 0));
	/* The legacy interface the same way. */
	k.n_calls = 0;
	assert_int_equal(fastrpc_session_open_skel(&f->sl, "lab", &handle, NULL, 0, NULL), 0);
	assert_int_equal(k.n_calls, 2);
	assert_int_equal(k.calls[1], 0 << 8 | 0);
}

/* nErr of open1 is the module's answer, not a refusal of handle 8: no fallback. */
static void fastrpc_session_open_skel__nerr_of_open1_does_not_fall_back(void **state)
{
	struct fixture *f = *state;
	uint32_t handle = 0;
	int32_t retval = 0;

	k.remotectl = true;
	k.nerr = FK_DSP_ERROR(0x14);
	assert_int_equal(fastrpc_session_open_skel(&f->sa, "foo", &handle, NULL, 0, &retval),
			 -EREMOTEIO);
	assert_int_equal(retval, FK_DSP_ERROR(0x14));
	assert_int_equal(k.n_calls, 1);
	assert_int_equal(k.calls[0], 8 << 8 | 2);
	assert_false(f->sa.no_remotectl1);
}

static void fastrpc_session_close_skel__nerr_is_eremoteio(void **state)
{
	struct fixture *f = *state;
	int32_t retval = 0;

	k.remotectl = true;
	k.nerr = FK_DSP_ERROR(0x00e);
	k.dlerror = "not an open module handle";
	assert_int_equal(fastrpc_session_close_skel(&f->sa, 99, &retval), -EREMOTEIO);
	assert_int_equal(retval, (int32_t)0x8000040e);
	assert_int_equal(fastrpc_session_close_skel(NULL, 99, &retval), -EINVAL);
}

#define CALL_TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fastrpc_args_new__null_is_einval),
		CALL_TEST(fastrpc_args_add_in__256th_buffer_is_e2big),
		CALL_TEST(fastrpc_args_add_in_handle__16th_handle_is_e2big),
		CALL_TEST(fastrpc_args_add_in__null_with_length_is_einval),
		CALL_TEST(fastrpc_args_add_in_buffer__range_outside_is_einval),
		CALL_TEST(fastrpc_args_get_scalars__counts_each_kind),
		CALL_TEST(fastrpc_args_clear__empties_the_list),
		CALL_TEST(fastrpc_session_call__accel_args_in_protocol_order),
		CALL_TEST(fastrpc_session_call__legacy_args_in_protocol_order),
		CALL_TEST(fastrpc_session_call__no_args_has_no_array),
		CALL_TEST(fastrpc_session_call__more_than_16_args),
		CALL_TEST(fastrpc_session_call__accel_carries_all_540_args),
		CALL_TEST(fastrpc_session_call__accel_retval_is_eremoteio),
		CALL_TEST(fastrpc_session_call__legacy_dsp_error_is_eremoteio),
		CALL_TEST(fastrpc_session_call__eintr_is_not_retried),
		CALL_TEST(fastrpc_session_call__driver_error_passes),
		CALL_TEST(fastrpc_session_call__bad_args_are_einval),
		CALL_TEST(fastrpc_session_call__unnamable_buffer_is_exdev),
		CALL_TEST(fastrpc_session_call__errno_untouched),
		CALL_TEST(fastrpc_session_invoke__copies_in_then_out),
		CALL_TEST(fastrpc_session_open_skel__accel_remotectl_layout),
		CALL_TEST(fastrpc_session_open_skel__legacy_remotectl_layout),
		CALL_TEST(fastrpc_session_open_skel__nerr_is_eremoteio_with_dlerror),
		CALL_TEST(fastrpc_session_open_skel__call_failure_passes),
		CALL_TEST(fastrpc_session_open_skel__bad_args_are_einval),
		CALL_TEST(fastrpc_session_close_skel__remotectl_layout),
		CALL_TEST(fastrpc_session_open_skel__handle_8_refused_falls_back_to_0),
		CALL_TEST(fastrpc_session_open_skel__nerr_of_open1_does_not_fall_back),
		CALL_TEST(fastrpc_session_close_skel__nerr_is_eremoteio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
