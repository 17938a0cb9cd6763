/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Argument lists: what a call carries, kept by kind (input buffers, output
 * buffers, input handles, output handles), in the order each was added.
 */
#include <errno.h>
#include <stdlib.h>

#include "args.h"

FASTRPC_EXPORT int fastrpc_args_new(struct fastrpc_args **args)
{
	if (!args)
		return -EINVAL;
	*args = calloc(1, sizeof(**args));
	return *args ? 0 : -ENOMEM;
}

FASTRPC_EXPORT void fastrpc_args_free(struct fastrpc_args *args)
{
	free(args);
}

FASTRPC_EXPORT void fastrpc_args_clear(struct fastrpc_args *args)
{
	unsigned int k;

	if (!args)
		return;
	for (k = 0; k < ARG_KINDS; k++)
		args->n[k] = 0;
}

static const unsigned int kind_max[ARG_KINDS] = {
	[ARG_IN] = FASTRPC_MAX_BUFFERS,
	[ARG_OUT] = FASTRPC_MAX_BUFFERS,
	[ARG_IN_HANDLE] = FASTRPC_MAX_HANDLES,
	[ARG_OUT_HANDLE] = FASTRPC_MAX_HANDLES,
};

static int add(struct fastrpc_args *args, enum arg_kind kind, void *ptr,
	       size_t len, struct fastrpc_buffer *buf, size_t offset)
{
	struct arg *a;

	if (!args)
		return -EINVAL;
	if (buf ? offset > buf->size || len > buf->size - offset : len && !ptr)
		return -EINVAL;
	if (args->n[kind] == kind_max[kind])
		return -E2BIG;
	a = &args->v[kind][args->n[kind]++];
	*a = (struct arg){ .ptr = ptr, .len = len, .buf = buf, .offset = offset };
	return 0;
}

FASTRPC_EXPORT int fastrpc_args_add_in(struct fastrpc_args *args,
				       const void *data, size_t len)
{
	/* Only read: the kernel copies it in. */
	return add(args, ARG_IN, (void *)data, len, NULL, 0);
}

FASTRPC_EXPORT int fastrpc_args_add_out(struct fastrpc_args *args, void *data,
					size_t len)
{
	return add(args, ARG_OUT, data, len, NULL, 0);
}

static int add_buf(struct fastrpc_args *args, enum arg_kind kind,
		   struct fastrpc_buffer *buf, size_t offset, size_t len)
{
	return buf ? add(args, kind, NULL, len, buf, offset) : -EINVAL;
}

FASTRPC_EXPORT int fastrpc_args_add_in_buffer(struct fastrpc_args *args,
					      struct fastrpc_buffer *buf,
					      size_t offset, size_t len)
{
	return add_buf(args, ARG_IN, buf, offset, len);
}

FASTRPC_EXPORT int fastrpc_args_add_out_buffer(struct fastrpc_args *args,
					       struct fastrpc_buffer *buf,
					       size_t offset, size_t len)
{
	return add_buf(args, ARG_OUT, buf, offset, len);
}

FASTRPC_EXPORT int fastrpc_args_add_in_handle(struct fastrpc_args *args,
					      struct fastrpc_buffer *buf,
					      size_t offset, size_t len)
{
	return add_buf(args, ARG_IN_HANDLE, buf, offset, len);
}

FASTRPC_EXPORT int fastrpc_args_add_out_handle(struct fastrpc_args *args,
					       struct fastrpc_buffer *buf,
					       size_t offset, size_t len)
{
	return add_buf(args, ARG_OUT_HANDLE, buf, offset, len);
}

FASTRPC_EXPORT uint32_t fastrpc_args_get_scalars(const struct fastrpc_args *args,
						 uint32_t method)
{
	if (!args)
		return FASTRPC_SCALARS(method, 0, 0, 0, 0);
	return FASTRPC_SCALARS(method, args->n[ARG_IN], args->n[ARG_OUT],
			       args->n[ARG_IN_HANDLE], args->n[ARG_OUT_HANDLE]);
}
