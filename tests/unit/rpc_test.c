/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The helpers of rpc_test.h: reverse-call requests, a listener without a thread, replies. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "rpc_test.h"

struct rt_kernel rt_k;
struct rt_logs rt_logs;

int rt_kernel(int fd, unsigned long request, void *arg)
{
	struct drm_fastrpc_map *map = arg;

	(void)fd;
	switch (request) {
	case DRM_IOCTL_GEM_CLOSE:
		rt_k.closes++;
		return fk_gem(request, arg);
	case DRM_IOCTL_FASTRPC_MAP:
		if (rt_k.map_ret)
			return rt_k.map_ret;
		rt_k.maps++;
		rt_k.map_flags = map->flags;
		rt_k.map_size = map->size;
		map->dsp_addr = 0x50000000ull + ((uint64_t)map->handle << 24);
		return 0;
	case DRM_IOCTL_FASTRPC_UNMAP:
		rt_k.unmaps++;
		return 0;
	case DRM_IOCTL_FASTRPC_SESSION_RELEASE:
		return 0;
	}
	return fk_gem(request, arg);
}

void rt_log_cb(const struct fastrpc_log_msg *msg, void *data)
{
	(void)data;
	rt_logs.n++;
	rt_logs.last = *msg;
	rt_logs.last.file = NULL;
	rt_logs.last.message = NULL;
	snprintf(rt_logs.file, sizeof(rt_logs.file), "%s", msg->file);
	snprintf(rt_logs.message, sizeof(rt_logs.message), "%s", msg->message);
}

void rt_device_init(struct fastrpc_device *dev, fk_handler *handler)
{
	memset(&rt_k, 0, sizeof(rt_k));
	memset(&rt_logs, 0, sizeof(rt_logs));
	fk_reset(handler);
	fk_device_init(dev, FASTRPC_INTERFACE_ACCEL, fk_memfd(64u << 20));
	assert_int_equal(fastrpc_device_set_log_callback(dev, rt_log_cb, NULL), 0);
}

void rt_device_fini(struct fastrpc_device *dev, struct fastrpc_session *s,
		    struct fastrpc_listener *l)
{
	listener_free(l);
	fastrpc_session_free(s);
	close(dev->fd);
	free(dev->search_path);
	free(dev->search_path_shown);
}

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
