/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The argument list's insides, shared by args.c and invoke.c. */
#ifndef LIBFASTRPC_ARGS_H
#define LIBFASTRPC_ARGS_H

#include "internal.h"

/* In the order the protocol lays the kinds out. */
enum arg_kind { ARG_IN, ARG_OUT, ARG_IN_HANDLE, ARG_OUT_HANDLE, ARG_KINDS };

/* One argument: memory at @ptr, or @len bytes of @buf from @offset. */
struct arg {
	void *ptr;
	size_t len;
	struct fastrpc_buffer *buf;
	size_t offset;
};

struct fastrpc_args {
	unsigned int n[ARG_KINDS];
	struct arg v[ARG_KINDS][FASTRPC_MAX_BUFFERS];
};

#endif /* LIBFASTRPC_ARGS_H */
