/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The listener's flat argument encoding (Qualcomm's listener_buf.h): a
 * reverse call's inputs come as, for each input, a u32 length, then (when
 * it is not 0) padding to a multiple of 8 from the start of the buffer and
 * the bytes, then a u32 length for each output; the reply carries each
 * output as its u32 length, padding to 8 when it is not 0, and the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "listener.h"

/* An empty input still points somewhere, so that servers never see NULL. */
static unsigned char empty[8];

static size_t align8(size_t v)
{
	return (v + 7) & ~(size_t)7;
}

int flat_decode(uint32_t sc, const void *buf, size_t len, struct rpc_call *call)
{
	const unsigned char *p = buf;
	size_t pos = 0;
	unsigned int i;
	uint32_t n;

	if (DRM_FASTRPC_SCALARS_IN_HANDLES(sc) || DRM_FASTRPC_SCALARS_OUT_HANDLES(sc))
		return AEE_EBADPARM;
	call->sc = sc;
	call->n_in = DRM_FASTRPC_SCALARS_IN(sc);
	call->n_out = DRM_FASTRPC_SCALARS_OUT(sc);
	for (i = 0; i < call->n_in; i++) {
		if (len - pos < 4)
			return AEE_EBADPARM;
		n = rd32(p + pos);
		pos += 4;
		call->in[i] = (struct rpc_arg){ empty, 0 };
		if (!n)
			continue;
		pos = align8(pos);
		if (pos > len || n > len - pos)
			return AEE_EBADPARM;
		call->in[i] = (struct rpc_arg){ (void *)(p + pos), n };
		pos += n;
	}
	for (i = 0; i < call->n_out; i++) {
		if (pos > len || len - pos < 4)
			return AEE_EBADPARM;
		call->out[i] = (struct rpc_arg){ NULL, rd32(p + pos) };
		pos += 4;
	}
	return 0;
}

int flat_reply(struct rpc_call *call, unsigned char **reply, size_t *reply_len)
{
	size_t pos = 0, lens[FASTRPC_MAX_BUFFERS], offs[FASTRPC_MAX_BUFFERS];
	unsigned char *r;
	unsigned int i;

	for (i = 0; i < call->n_out; i++) {
		lens[i] = pos;
		pos += 4;
		if (call->out[i].len)
			pos = align8(pos);
		offs[i] = pos;
		if (call->out[i].len > LISTENER_BUFS_MAX - pos)
			return AEE_ENOMEMORY;
		pos += call->out[i].len;
	}
	/* One byte at least, so that an empty reply is a pointer too. */
	r = calloc(1, pos ? pos : 1);
	if (!r)
		return AEE_ENOMEMORY;
	for (i = 0; i < call->n_out; i++) {
		wr32(r + lens[i], call->out[i].len);
		call->out[i].ptr = call->out[i].len ? r + offs[i] : empty;
	}
	*reply = r;
	*reply_len = pos;
	return 0;
}

const char *rpc_string(const struct rpc_arg *arg, uint32_t len)
{
	const char *s = arg->ptr;

	if (!len || len > arg->len || s[len - 1] != '\0')
		return NULL;
	return s;
}
