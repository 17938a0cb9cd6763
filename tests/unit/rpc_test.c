/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The helpers of rpc_test.h: reverse-call requests, a listener without a thread, replies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rpc_test.h"

void rq_in(struct rq *r, const void *p, uint32_t len)
{
	assert_true(r->n + 12 + len <= RQ_MAX);
	wr32(r->b + r->n, len);
	r->n += 4;
	if (!len)
		return;
	r->n = (r->n + 7) & ~(size_t)7;
	memcpy(r->b + r->n, p, len);
	r->n += len;
}

void rq_out(struct rq *r, uint32_t len)
{
	assert_true(r->n + 4 <= RQ_MAX);
	wr32(r->b + r->n, len);
	r->n += 4;
}

struct fastrpc_listener *rt_listener(struct fastrpc_device *dev, struct fastrpc_session **sp)
{
	struct fastrpc_session *s = calloc(1, sizeof(*s));
	struct fastrpc_listener *l;

	assert_non_null(s);
	s->dev = dev;
	s->fd = dev->fd;
	s->pd = FASTRPC_PD_ROOT;
	dev->session = s;
	*sp = s;
	assert_int_equal(listener_new(s, &l), 0);
	return l;
}

int rt_call(struct fastrpc_listener *l, uint32_t handle, uint32_t sc, const struct rq *r,
	    unsigned int n_out, struct rpc_reply *o)
{
	size_t pos = 0;
	unsigned int i;
	int ret;

	ret = listener_dispatch(l, handle, sc, r->b, r->n);
	if (ret)
		return ret;
	assert_int_equal(n_out, DRM_FASTRPC_SCALARS_OUT(sc));
	for (i = 0; i < n_out && o; i++) {
		assert_true(pos + 4 <= l->reply_len);
		o->len[i] = rd32(l->reply + pos);
		pos += 4;
		if (o->len[i])
			pos = (pos + 7) & ~(size_t)7;
		assert_true(pos + o->len[i] <= l->reply_len);
		o->out[i] = l->reply + pos;
		pos += o->len[i];
	}
	if (o)
		assert_int_equal(pos, l->reply_len);
	return 0;
}

int rt_open_full(struct fastrpc_listener *l, const char *name, uint32_t errlen,
		 struct rpc_reply *o)
{
	struct rq *r = calloc(1, sizeof(*r));
	unsigned char in0[8];
	int ret;

	assert_non_null(r);
	wr32(in0, strlen(name) + 1);
	wr32(in0 + 4, errlen);
	rq_in(r, in0, 8);
	rq_in(r, name, strlen(name) + 1);
	rq_out(r, 8);
	rq_out(r, errlen);
	ret = rt_call(l, 0, DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0), r, 2, o);
	free(r);
	return ret;
}

uint32_t rt_open(struct fastrpc_listener *l, const char *name)
{
	struct rpc_reply o;

	assert_int_equal(rt_open_full(l, name, 32, &o), 0);
	assert_int_equal(rd32(o.out[0] + 4), 0);
	assert_string_equal((const char *)o.out[1], "");
	return rd32(o.out[0]);
}

int rt_close(struct fastrpc_listener *l, uint32_t handle)
{
	struct rq *r = calloc(1, sizeof(*r));
	struct rpc_reply o;
	unsigned char in0[8];
	int ret;

	assert_non_null(r);
	wr32(in0, handle);
	wr32(in0 + 4, 16);
	rq_in(r, in0, 8);
	rq_out(r, 4);
	rq_out(r, 16);
	ret = rt_call(l, 0, DRM_FASTRPC_SCALARS(1, 1, 2, 0, 0), r, 2, &o);
	if (!ret)
		assert_int_equal(rd32(o.out[0]), 0);
	free(r);
	return ret;
}
