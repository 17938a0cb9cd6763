/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Calls: an argument list turned into either interface's INVOKE. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"

/* Calls with this many arguments or fewer build their array on the stack. */
#define STACK_ARGS	16

/*
 * remotectl, the static handle that opens skeletons by name (remotectl.idl),
 * and remotectl1, the same calls on handle 8, which clients try first.
 */
#define REMOTECTL_HANDLE	0
#define REMOTECTL_OPEN		0
#define REMOTECTL_CLOSE		1
#define REMOTECTL1_HANDLE	8
#define REMOTECTL1_OPEN1	2
#define REMOTECTL1_CLOSE1	3
#define DLERROR_MAX		256
/* The DSP's answers that say handle 8 itself is refused. */
#define AEE_EUNSUPPORTED	0x14
#define AEE_EINVHANDLE		0x2c
#define AEE_ENOSUCHMOD		0x3e

static unsigned int total(const struct fastrpc_args *args)
{
	unsigned int k, n = 0;

	for (k = 0; args && k < ARG_KINDS; k++)
		n += args->n[k];
	return n;
}

static int accel_fill(const struct fastrpc_session *s, const struct fastrpc_args *args,
		      struct drm_fastrpc_invoke_arg *out)
{
	const struct arg *a;
	unsigned int k, i, n = 0;

	for (k = 0; args && k < ARG_KINDS; k++) {
		for (i = 0; i < args->n[k]; i++, n++) {
			a = &args->v[k][i];
			out[n] = (struct drm_fastrpc_invoke_arg){ .size = a->len };
			if (!a->buf) {
				/* A handle is always a buffer the DSP may keep. */
				if (k >= ARG_IN_HANDLE)
					return -EINVAL;
				out[n].ptr = (uintptr_t)a->ptr;
				continue;
			}
			if (!fastrpc_buffer_usable(s, a->buf))
				return -EXDEV;
			out[n].handle = a->buf->gem->handle;
			out[n].flags = DRM_FASTRPC_ARG_GEM;
			out[n].offset = a->offset;
		}
	}
	return 0;
}

static int legacy_fill(const struct fastrpc_session *s, const struct fastrpc_args *args,
		       struct fastrpc_invoke_args *out)
{
	const struct arg *a;
	unsigned int k, i, n = 0;
	uint64_t ptr;
	int ret;

	for (k = 0; args && k < ARG_KINDS; k++) {
		for (i = 0; i < args->n[k]; i++, n++) {
			a = &args->v[k][i];
			out[n] = (struct fastrpc_invoke_args){
				.ptr = (uintptr_t)a->ptr,
				.length = a->len,
				.fd = -1,
			};
			if (!a->buf) {
				if (k >= ARG_IN_HANDLE)
					return -EINVAL;
				continue;
			}
			if (!fastrpc_buffer_usable(s, a->buf))
				return -EXDEV;
			/* The driver finds the offset from where ptr lies in the mapping. */
			ret = fastrpc_buffer_legacy_ptr(a->buf, a->offset, &ptr);
			if (ret)
				return ret;
			out[n].ptr = ptr;
			out[n].fd = a->buf->fd;
		}
	}
	return 0;
}

static int accel_call(struct fastrpc_session *s, uint32_t handle, uint32_t sc,
		      const struct fastrpc_args *args, unsigned int n,
		      int32_t *retval)
{
	struct drm_fastrpc_invoke_arg small[STACK_ARGS], *v = small;
	struct drm_fastrpc_invoke inv = { .handle = handle, .sc = sc };
	int ret;

	if (n > STACK_ARGS) {
		v = calloc(n, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	ret = accel_fill(s, args, v);
	if (!ret) {
		inv.args_ptr = n ? (uintptr_t)v : 0;
		/* Never retried: the call may already run on the DSP. */
		ret = fastrpc_ioctl_once(s->fd, DRM_IOCTL_FASTRPC_INVOKE, &inv);
		if (ret > 0)
			ret = -EIO;
		if (!ret)
			*retval = inv.retval;
	}
	if (v != small)
		free(v);
	return ret;
}

static int legacy_call(struct fastrpc_session *s, uint32_t handle, uint32_t sc,
		       const struct fastrpc_args *args, unsigned int n,
		       int32_t *retval)
{
	struct fastrpc_invoke_args small[STACK_ARGS], *v = small;
	struct fastrpc_invoke inv = { .handle = handle, .sc = sc };
	int ret;

	if (n > STACK_ARGS) {
		v = calloc(n, sizeof(*v));
		if (!v)
			return -ENOMEM;
	}
	ret = legacy_fill(s, args, v);
	if (!ret) {
		inv.args = n ? (uintptr_t)v : 0;
		ret = fastrpc_ioctl_once(s->fd, FASTRPC_IOCTL_INVOKE, &inv);
		/* The DSP's error is the ioctl's result on this interface. */
		if (fastrpc_is_dsp_error(ret)) {
			*retval = ret;
			ret = 0;
		}
	}
	if (v != small)
		free(v);
	return ret;
}

FASTRPC_EXPORT int fastrpc_session_call(struct fastrpc_session *session,
					uint32_t handle, uint32_t method,
					const struct fastrpc_args *args,
					int32_t *retval)
{
	int saved_errno = errno;
	unsigned int n = total(args);
	int32_t r = 0;
	uint32_t sc;
	int ret;

	if (!session || method > FASTRPC_MAX_METHOD)
		return -EINVAL;
	sc = fastrpc_args_get_scalars(args, method);
	if (session->dev->iface == FASTRPC_INTERFACE_ACCEL)
		ret = accel_call(session, handle, sc, args, n, &r);
	else
		ret = legacy_call(session, handle, sc, args, n, &r);
	if (ret)
		return ret;
	if (retval)
		*retval = r;
	errno = saved_errno;
	return r ? -EREMOTEIO : 0;
}

FASTRPC_EXPORT int fastrpc_session_invoke(struct fastrpc_session *session,
					  uint32_t handle, uint32_t method,
					  const struct fastrpc_iovec *in,
					  unsigned int n_in,
					  const struct fastrpc_iovec *out,
					  unsigned int n_out, int32_t *retval)
{
	struct fastrpc_args *args;
	unsigned int i;
	int ret;

	if (n_in > FASTRPC_MAX_BUFFERS || n_out > FASTRPC_MAX_BUFFERS ||
	    (n_in && !in) || (n_out && !out))
		return -EINVAL;
	ret = fastrpc_args_new(&args);
	if (ret)
		return ret;
	for (i = 0; i < n_in && !ret; i++)
		ret = fastrpc_args_add_in(args, in[i].base, in[i].len);
	for (i = 0; i < n_out && !ret; i++)
		ret = fastrpc_args_add_out(args, out[i].base, out[i].len);
	if (!ret)
		ret = fastrpc_session_call(session, handle, method, args, retval);
	fastrpc_args_free(args);
	return ret;
}

static void le32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void copy_dlerror(char *dst, size_t size, const char *src, size_t len)
{
	size_t n = strnlen(src, len);

	if (!dst || !size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Whether a call's result says the DSP has no remotectl1 (not the module's nErr). */
static bool refused(int32_t r)
{
	uint32_t code = (uint32_t)r >= FASTRPC_DSP_ERROR_BASE ?
			(uint32_t)r - FASTRPC_DSP_ERROR_BASE : (uint32_t)r;

	return code == AEE_EUNSUPPORTED || code == AEE_EINVHANDLE || code == AEE_ENOSUCHMOD;
}

/*
 * qaic's layout for remotectl (sim/hexagon/remotectl.c has it whole):
 * in 0 the lengths, then the name; out 0 the results, then dlerror.
 */
FASTRPC_EXPORT int fastrpc_session_open_skel(struct fastrpc_session *session,
					     const char *name, uint32_t *handle,
					     char *dlerror, size_t size,
					     int32_t *retval)
{
	unsigned char lens[8], res[8] = { 0 };
	char err[DLERROR_MAX] = "";
	struct fastrpc_iovec in[2], out[2] = {
		{ res, sizeof(res) }, { err, sizeof(err) },
	};
	size_t namelen;
	int32_t nerr, r = 0;
	int ret;

	copy_dlerror(dlerror, size, "", 0);
	if (!session || !name || !handle)
		return -EINVAL;
	namelen = strlen(name) + 1;
	if (namelen > UINT32_MAX)
		return -EINVAL;
	le32(lens, namelen);
	le32(lens + 4, sizeof(err));
	in[0] = (struct fastrpc_iovec){ lens, sizeof(lens) };
	in[1] = (struct fastrpc_iovec){ (void *)name, namelen };
	ret = -EREMOTEIO;
	if (!__atomic_load_n(&session->no_remotectl1, __ATOMIC_RELAXED)) {
		ret = fastrpc_session_invoke(session, REMOTECTL1_HANDLE, REMOTECTL1_OPEN1,
					     in, 2, out, 2, &r);
		if (ret == -EREMOTEIO && refused(r))
			__atomic_store_n(&session->no_remotectl1, true, __ATOMIC_RELAXED);
		else if (ret == -EREMOTEIO && retval)
			*retval = r;
	}
	if (__atomic_load_n(&session->no_remotectl1, __ATOMIC_RELAXED))
		ret = fastrpc_session_invoke(session, REMOTECTL_HANDLE, REMOTECTL_OPEN,
					     in, 2, out, 2, retval);
	if (ret)
		return ret;
	if (retval)
		*retval = 0;
	nerr = (int32_t)get_le32(res + 4);
	if (nerr) {
		copy_dlerror(dlerror, size, err, sizeof(err));
		if (retval)
			*retval = nerr;
		return -EREMOTEIO;
	}
	*handle = get_le32(res);
	return 0;
}

FASTRPC_EXPORT int fastrpc_session_close_skel(struct fastrpc_session *session,
					      uint32_t handle, int32_t *retval)
{
	unsigned char req[8], res[4] = { 0 };
	char err[DLERROR_MAX];
	struct fastrpc_iovec in = { req, sizeof(req) }, out[2] = {
		{ res, sizeof(res) }, { err, sizeof(err) },
	};
	int32_t nerr;
	int ret;

	if (!session)
		return -EINVAL;
	le32(req, handle);
	le32(req + 4, sizeof(err));
	/* Through the handle the session's skeletons were opened with. */
	if (__atomic_load_n(&session->no_remotectl1, __ATOMIC_RELAXED))
		ret = fastrpc_session_invoke(session, REMOTECTL_HANDLE, REMOTECTL_CLOSE,
					     &in, 1, out, 2, retval);
	else
		ret = fastrpc_session_invoke(session, REMOTECTL1_HANDLE, REMOTECTL1_CLOSE1,
					     &in, 1, out, 2, retval);
	if (ret)
		return ret;
	nerr = (int32_t)get_le32(res);
	if (nerr && retval)
		*retval = nerr;
	return nerr ? -EREMOTEIO : 0;
}
