/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * listener.c, flat.c and rctl.c: the listener thread's life (init2 and its
 * fallback, next2, get_in_bufs2, each way of ending) on a scripted DSP
 * behind the fake kernel, and the dispatcher's flat decoding and module
 * table driven directly, without a thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "listener.h"
#include "fake_kernel.h"
#include "rpc_test.h"

#define SCRIPT_MAX	8
#define NEXT2_MAX	16

enum end { END_BLOCK, END_BADSTATE, END_ERROR, END_RESET, END_IGNORE_EXIT };

/* A scripted DSP: the reverse calls next2 delivers, then how it ends. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int32_t init2_retval7, init2_retval3;
	struct rq script[SCRIPT_MAX];
	uint32_t script_handle[SCRIPT_MAX], script_sc[SCRIPT_MAX];
	uint32_t script_req[SCRIPT_MAX];	/* bufs_len_req; 0: the script's length */
	unsigned int n_script, pos;
	enum end end;
	bool exited, released;
	/* What the host sent. */
	unsigned int n_next2, n_init2[2], n_get, n_exit, n_other;
	uint32_t next2_handle[NEXT2_MAX];
	uint32_t next2_in0[NEXT2_MAX][4];
	unsigned char prev[NEXT2_MAX][256];
	uint32_t get_in0[4][3];
} d;

static void *arg_ptr(const struct drm_fastrpc_invoke *inv, unsigned int i, uint64_t *len)
{
	const struct drm_fastrpc_invoke_arg *a = (const void *)(uintptr_t)inv->args_ptr;

	*len = a[i].size;
	return (void *)(uintptr_t)a[i].ptr;
}

static int32_t next2(struct drm_fastrpc_invoke *inv)
{
	uint64_t len, cap;
	unsigned char *in0 = arg_ptr(inv, 0, &len), *prev, *out0, *bufs;
	unsigned int n, i;
	struct rq *r;

	pthread_mutex_lock(&d.mu);
	n = d.n_next2++;
	if (n < NEXT2_MAX) {
		d.next2_handle[n] = inv->handle;
		for (i = 0; i < 4; i++)
			d.next2_in0[n][i] = rd32(in0 + 4 * i);
		prev = arg_ptr(inv, 1, &len);
		if (len)
			memcpy(d.prev[n], prev, len < 256 ? len : 256);
	}
	out0 = arg_ptr(inv, 2, &len);
	bufs = arg_ptr(inv, 3, &cap);
	if (d.pos < d.n_script) {
		i = d.pos++;
		r = &d.script[i];
		wr32(out0, i + 1);
		wr32(out0 + 4, d.script_handle[i]);
		wr32(out0 + 8, d.script_sc[i]);
		wr32(out0 + 12, d.script_req[i] ? d.script_req[i] : r->n);
		memcpy(bufs, r->b, r->n < cap ? r->n : cap);
		pthread_mutex_unlock(&d.mu);
		return 0;
	}
	switch (d.end) {
	case END_BLOCK:
		while (!d.exited)
			pthread_cond_wait(&d.cv, &d.mu);
		pthread_mutex_unlock(&d.mu);
		return FK_DSP_ERROR(AEE_EBADSTATE);
	case END_BADSTATE:
		pthread_mutex_unlock(&d.mu);
		return FK_DSP_ERROR(AEE_EBADSTATE);
	case END_ERROR:
		pthread_mutex_unlock(&d.mu);
		return FK_DSP_ERROR(AEE_EFAILED);
	case END_IGNORE_EXIT:
		/* A hostile DSP: only the session's release ends the wait. */
		while (!d.released)
			pthread_cond_wait(&d.cv, &d.mu);
		break;
	case END_RESET:
		break;
	}
	pthread_mutex_unlock(&d.mu);
	return -ECONNRESET;
}

static int32_t get_in_bufs2(struct drm_fastrpc_invoke *inv)
{
	uint64_t len, cap;
	unsigned char *in0 = arg_ptr(inv, 0, &len), *out0 = arg_ptr(inv, 1, &len);
	unsigned char *bufs = arg_ptr(inv, 2, &cap);
	uint32_t ctx = rd32(in0), off = rd32(in0 + 4);
	struct rq *r;

	pthread_mutex_lock(&d.mu);
	if (d.n_get < 4) {
		d.get_in0[d.n_get][0] = ctx;
		d.get_in0[d.n_get][1] = off;
		d.get_in0[d.n_get][2] = rd32(in0 + 8);
	}
	d.n_get++;
	pthread_mutex_unlock(&d.mu);
	if (!ctx || ctx > d.n_script)
		return FK_DSP_ERROR(AEE_EBADPARM);
	r = &d.script[ctx - 1];
	if (off < r->n)
		memcpy(bufs, r->b + off, r->n - off < cap ? r->n - off : cap);
	wr32(out0, r->n);
	return 0;
}

static int invoke(struct drm_fastrpc_invoke *inv);

/* The legacy INVOKE as the accel one, its DSP error the ioctl's value. */
static int legacy_invoke(struct fastrpc_invoke *linv)
{
	const struct fastrpc_invoke_args *la = (const void *)(uintptr_t)linv->args;
	struct drm_fastrpc_invoke_arg a[8] = { 0 };
	struct drm_fastrpc_invoke inv = { .handle = linv->handle, .sc = linv->sc };
	unsigned int i, n = DRM_FASTRPC_SCALARS_NARGS(linv->sc);
	int ret;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		a[i].ptr = la[i].ptr;
		a[i].size = la[i].length;
		assert_int_equal(la[i].fd, -1);
	}
	inv.args_ptr = (uintptr_t)a;
	ret = invoke(&inv);
	return ret ? ret : inv.retval;
}

static int dsp_kernel(int fd, unsigned long request, void *arg)
{
	struct drm_fastrpc_session_create *create = arg;

	(void)fd;
	switch (request) {
	case DRM_IOCTL_FASTRPC_SESSION_CREATE:
		create->client_id = 5;
		return 0;
	case DRM_IOCTL_FASTRPC_SESSION_RELEASE:
		pthread_mutex_lock(&d.mu);
		d.released = true;
		pthread_cond_broadcast(&d.cv);
		pthread_mutex_unlock(&d.mu);
		return 0;
	case FASTRPC_IOCTL_INIT_ATTACH:
		return 0;
	case DRM_IOCTL_FASTRPC_INVOKE:
		return invoke(arg);
	case FASTRPC_IOCTL_INVOKE:
		return legacy_invoke(arg);
	}
	return -ENOTTY;
}

static int invoke(struct drm_fastrpc_invoke *inv)
{
	uint32_t m;

	m = DRM_FASTRPC_SCALARS_METHOD(inv->sc);
	inv->retval = 0;
	if ((inv->handle == LISTENER1_HANDLE && m == LISTENER1_INIT2) ||
	    (inv->handle == LISTENER_HANDLE && m == LISTENER_INIT2)) {
		pthread_mutex_lock(&d.mu);
		d.n_init2[inv->handle == LISTENER_HANDLE]++;
		pthread_mutex_unlock(&d.mu);
		inv->retval = inv->handle == LISTENER1_HANDLE ? d.init2_retval7 : d.init2_retval3;
		assert_int_equal(inv->sc, DRM_FASTRPC_SCALARS(m, 0, 0, 0, 0));
		return 0;
	}
	if ((inv->handle == LISTENER1_HANDLE && m == LISTENER1_NEXT2) ||
	    (inv->handle == LISTENER_HANDLE && m == LISTENER_NEXT2)) {
		assert_int_equal(inv->sc, DRM_FASTRPC_SCALARS(m, 2, 2, 0, 0));
		inv->retval = next2(inv);
		if (inv->retval < 0 && inv->retval > -4096) {
			int ret = inv->retval;

			inv->retval = 0;
			return ret;
		}
		return 0;
	}
	if ((inv->handle == LISTENER1_HANDLE && m == LISTENER1_GET_IN_BUFS2) ||
	    (inv->handle == LISTENER_HANDLE && m == LISTENER_GET_IN_BUFS2)) {
		assert_int_equal(inv->sc, DRM_FASTRPC_SCALARS(m, 1, 2, 0, 0));
		inv->retval = get_in_bufs2(inv);
		return 0;
	}
	pthread_mutex_lock(&d.mu);
	if (inv->handle == CURRENT_PROCESS_HANDLE && m == CURRENT_PROCESS_EXIT) {
		assert_int_equal(inv->sc, DRM_FASTRPC_SCALARS(2, 0, 0, 0, 0));
		d.n_exit++;
		d.exited = true;
		pthread_cond_broadcast(&d.cv);
	} else {
		d.n_other++;
	}
	pthread_mutex_unlock(&d.mu);
	return 0;
}

struct fixture {
	struct fastrpc_device dev;
	struct fastrpc_session *s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	memset(&d, 0, sizeof(d));
	pthread_mutex_init(&d.mu, NULL);
	pthread_cond_init(&d.cv, NULL);
	rt_device_init(&f->dev, dsp_kernel);
	assert_int_equal(fastrpc_device_set_listener_flags(&f->dev, 0), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	rt_device_fini(&f->dev, f->s, NULL);
	free(f);
	return 0;
}

/* Wait (5 s at most) for the listener to end by itself. */
static void wait_ended(struct fastrpc_session *s)
{
	struct timespec ts = { 0, 1000000 };
	int i;

	for (i = 0; i < 5000 && fastrpc_session_has_listener(s); i++)
		nanosleep(&ts, NULL);
	assert_false(fastrpc_session_has_listener(s));
}

static void fastrpc_session_free__exit_ends_a_waiting_listener(void **state)
{
	struct fixture *f = *state;

	d.end = END_BLOCK;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	assert_true(fastrpc_session_has_listener(f->s));
	assert_int_equal(fastrpc_session_start_listener(f->s), -EALREADY);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_init2[0], 1);
	assert_int_equal(d.n_init2[1], 0);
	assert_int_equal(d.n_exit, 1);
	assert_int_equal(d.n_next2, 1);
	assert_int_equal(d.next2_handle[0], LISTENER1_HANDLE);
	/* The first next2 carries no previous call. */
	assert_int_equal(d.next2_in0[0][0], 0);
	assert_int_equal(d.next2_in0[0][1], 0);
	assert_int_equal(d.next2_in0[0][2], 0);
	assert_int_equal(d.next2_in0[0][3], LISTENER_BUFS_START);
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_SESSION_RELEASE), 1);
}

static void fastrpc_session_start_listener__badstate_ends_at_once(void **state)
{
	struct fixture *f = *state;

	d.end = END_BADSTATE;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_SENSORS, &f->s), 0);
	wait_ended(f->s);
	assert_int_equal(d.n_next2, 1);
	/* It ended: stopping joins it and sends no exit. */
	assert_int_equal(fastrpc_session_stop_listener(f->s), 0);
	assert_int_equal(fastrpc_session_stop_listener(f->s), -ENOENT);
	assert_int_equal(d.n_exit, 0);
}

static void fastrpc_session_start_listener__other_error_retried_once(void **state)
{
	struct fixture *f = *state;

	d.end = END_ERROR;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	wait_ended(f->s);
	assert_int_equal(d.n_next2, 2);
	/* The retry tells the DSP its error, with no outputs. */
	assert_int_equal(d.next2_in0[1][1], (uint32_t)FK_DSP_ERROR(AEE_EFAILED));
	assert_int_equal(d.next2_in0[1][2], 0);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_exit, 0);
}

static void fastrpc_session_start_listener__econnreset_ends(void **state)
{
	struct fixture *f = *state;

	d.end = END_RESET;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	wait_ended(f->s);
	assert_int_equal(d.n_next2, 1);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_exit, 0);
}

/* The legacy interface: DSP errors are INVOKE's value; a served call and the end. */
static void fastrpc_session_free__legacy_listener_serves_and_ends(void **state)
{
	struct fixture *f = *state;

	f->dev.iface = FASTRPC_INTERFACE_LEGACY;
	f->dev.path = strdup("/dev/null");
	assert_non_null(f->dev.path);
	d.script_handle[0] = 3;
	d.script_sc[0] = DRM_FASTRPC_SCALARS(0, 0, 0, 0, 0);
	d.n_script = 1;
	d.end = END_BLOCK;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	assert_true(fastrpc_session_has_listener(f->s));
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_exit, 1);
	assert_int_equal(d.n_next2, 2);
	assert_int_equal(d.next2_in0[1][0], 1);
	assert_int_equal(d.next2_in0[1][1], AEE_EUNSUPPORTED);
	free(f->dev.path);
	f->dev.path = NULL;
}

/* A DSP that ignores exit: the accel session is released under the listener. */
static void fastrpc_session_free__exit_ignored_releases_the_session(void **state)
{
	struct fixture *f = *state;

	listener_exit_wait_ms = 50;
	d.end = END_IGNORE_EXIT;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	fastrpc_session_free(f->s);
	f->s = NULL;
	listener_exit_wait_ms = 5000;
	assert_int_equal(d.n_exit, 1);
	assert_true(d.released);
	assert_int_equal(d.n_next2, 1);
}

static void fastrpc_session_start_listener__init2_falls_back_to_handle_3(void **state)
{
	struct fixture *f = *state;

	d.init2_retval7 = FK_DSP_ERROR(AEE_EUNSUPPORTED);
	d.end = END_BLOCK;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	assert_true(fastrpc_session_has_listener(f->s));
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_init2[0], 1);
	assert_int_equal(d.n_init2[1], 1);
	assert_int_equal(d.n_next2, 1);
	assert_int_equal(d.next2_handle[0], LISTENER_HANDLE);
}

static void fastrpc_session_start_listener__init2_refused_twice_is_eremoteio(void **state)
{
	struct fixture *f = *state;

	d.init2_retval7 = FK_DSP_ERROR(AEE_EUNSUPPORTED);
	d.init2_retval3 = FK_DSP_ERROR(AEE_EUNSUPPORTED);
	/* The session works without a listener. */
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	assert_false(fastrpc_session_has_listener(f->s));
	assert_int_equal(fastrpc_session_start_listener(f->s), -EREMOTEIO);
	assert_int_equal(fastrpc_session_stop_listener(f->s), -ENOENT);
	assert_int_equal(d.n_next2, 0);
}

static void fastrpc_session_new_static__starts_a_listener(void **state)
{
	struct fixture *f = *state;

	d.end = END_BLOCK;
	assert_int_equal(fastrpc_session_new_static(&f->dev, "audiopd", 0, &f->s), 0);
	assert_true(fastrpc_session_has_listener(f->s));
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_exit, 1);
}

/* The device's settings are copied when a listener starts. */
static void listener_new__copies_the_device_settings(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_listener *l;
	int data;

	assert_int_equal(fastrpc_device_set_search_path(&f->dev, "/p"), 0);
	assert_int_equal(fastrpc_device_set_listener_flags(&f->dev,
							   FASTRPC_LISTENER_ALLOW_WRITE), 0);
	l = rt_listener(&f->dev, &f->s);
	assert_int_equal(fastrpc_device_set_search_path(&f->dev, "/q"), 0);
	assert_int_equal(fastrpc_device_set_log_callback(&f->dev, NULL, &data), 0);
	assert_int_equal(fastrpc_device_set_listener_flags(&f->dev, 0), 0);
	assert_string_equal(l->search_path, "/p");
	assert_ptr_equal(l->log_fn, rt_log_cb);
	assert_int_equal(l->flags, FASTRPC_LISTENER_ALLOW_WRITE);
	assert_string_equal(l->domain, "cdsp");
	listener_free(l);
}

static void fastrpc_session_attach__listener_off_starts_none(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(fastrpc_device_set_listener_flags(&f->dev, FASTRPC_LISTENER_OFF), 0);
	assert_int_equal(fastrpc_device_get_listener_flags(&f->dev), FASTRPC_LISTENER_OFF);
	assert_int_equal(fastrpc_device_set_listener_flags(&f->dev, 1u << 3), -EINVAL);
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	assert_false(fastrpc_session_has_listener(f->s));
	assert_int_equal(fk_count(DRM_IOCTL_FASTRPC_INVOKE), 0);
	assert_int_equal(fastrpc_session_start_listener(NULL), -EINVAL);
	assert_int_equal(fastrpc_session_stop_listener(NULL), -EINVAL);
}

/* A reverse call served: its result and outputs ride on the next next2. */
static void fastrpc_session_start_listener__serves_and_replies(void **state)
{
	struct fixture *f = *state;
	unsigned char in0[8];
	const unsigned char *p;

	wr32(in0, sizeof("apps_std"));
	wr32(in0 + 4, 16);
	rq_in(&d.script[0], in0, 8);
	rq_in(&d.script[0], "apps_std", sizeof("apps_std"));
	rq_out(&d.script[0], 8);
	rq_out(&d.script[0], 16);
	d.script_handle[0] = 0;
	d.script_sc[0] = DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0);
	/* An unknown reverse handle: its result comes back, without outputs. */
	d.script_handle[1] = 9;
	d.script_sc[1] = DRM_FASTRPC_SCALARS(0, 0, 0, 0, 0);
	d.n_script = 2;
	d.end = END_BLOCK;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_next2, 3);
	/* The reply to ctx 1: out 0 {handle 1, nErr 0}, out 1 16 bytes of dlerror. */
	assert_int_equal(d.next2_in0[1][0], 1);
	assert_int_equal(d.next2_in0[1][1], 0);
	assert_int_equal(d.next2_in0[1][2], 4 + 4 + 8 + 4 + 4 + 16);
	p = d.prev[1];
	assert_int_equal(rd32(p), 8);
	assert_int_equal(rd32(p + 8), 1);
	assert_int_equal(rd32(p + 12), 0);
	assert_int_equal(rd32(p + 16), 16);
	assert_int_equal(p[24], '\0');
	/* ctx 2: AEE_EUNSUPPORTED, plain, as Qualcomm's listener answers. */
	assert_int_equal(d.next2_in0[2][0], 2);
	assert_int_equal(d.next2_in0[2][1], AEE_EUNSUPPORTED);
	assert_int_equal(d.next2_in0[2][2], 0);
}

/* A request larger than next2's buffer: the rest through get_in_bufs2. */
static void fastrpc_session_start_listener__large_request_uses_get_in_bufs2(void **state)
{
	static struct rq big;
	struct fixture *f = *state;
	unsigned char in0[8], rec[256] = { 0 };
	uint32_t n = 400 * 256, i;

	/* Open adspmsgd_apps (handle 1), then log 400 records in one call. */
	wr32(in0, sizeof("adspmsgd_apps"));
	wr32(in0 + 4, 0);
	rq_in(&d.script[0], in0, 8);
	rq_in(&d.script[0], "adspmsgd_apps", sizeof("adspmsgd_apps"));
	rq_out(&d.script[0], 8);
	rq_out(&d.script[0], 0);
	d.script_sc[0] = DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0);
	wr32(in0, n);
	rq_in(&d.script[1], in0, 4);
	memset(&big, 0, sizeof(big));
	for (i = 0; i < 400; i++) {
		wr32(rec, FASTRPC_LOG_MEDIUM);
		snprintf((char *)rec + 8, 218, "record %u", i);
		memcpy(big.b + i * 256, rec, 256);
	}
	big.n = n;
	rq_in(&d.script[1], big.b, n);
	d.script_handle[1] = 1;
	d.script_sc[1] = DRM_FASTRPC_SCALARS(0, 2, 0, 0, 0);
	d.n_script = 2;
	d.end = END_BLOCK;
	assert_true(d.script[1].n > LISTENER_BUFS_START);
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_get, 1);
	assert_int_equal(d.get_in0[0][0], 2);
	assert_int_equal(d.get_in0[0][1], LISTENER_BUFS_START);
	assert_true(d.get_in0[0][2] >= d.script[1].n - LISTENER_BUFS_START);
	assert_int_equal(d.next2_in0[2][1], 0);
	assert_int_equal(rt_logs.n, 400);
	assert_string_equal(rt_logs.message, "record 399");
	assert_int_equal(rt_logs.last.level, FASTRPC_LOG_MEDIUM);
}

static void fastrpc_session_start_listener__too_large_request_is_enomemory(void **state)
{
	struct fixture *f = *state;

	d.script_handle[0] = 0;
	d.script_sc[0] = DRM_FASTRPC_SCALARS(0, 0, 0, 0, 0);
	d.script_req[0] = LISTENER_BUFS_MAX + 1;
	d.n_script = 1;
	d.end = END_BLOCK;
	assert_int_equal(fastrpc_session_attach(&f->dev, FASTRPC_PD_ROOT, &f->s), 0);
	fastrpc_session_free(f->s);
	f->s = NULL;
	assert_int_equal(d.n_get, 0);
	assert_int_equal(d.next2_in0[1][1], AEE_ENOMEMORY);
	assert_int_equal(d.next2_in0[1][2], 0);
}

/* ---- the dispatcher, without a thread ---- */

static void flat_decode__lengths_are_checked(void **state)
{
	struct rpc_call *c = malloc(sizeof(*c));
	struct rq r = { .n = 0 };

	(void)state;
	assert_non_null(c);
	rq_in(&r, "abc", 3);
	rq_out(&r, 5);
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 1, 1, 0, 0), r.b, r.n, c), 0);
	assert_int_equal(c->in[0].len, 3);
	assert_memory_equal(c->in[0].ptr, "abc", 3);
	assert_int_equal((uintptr_t)c->in[0].ptr - (uintptr_t)r.b, 8);
	assert_int_equal(c->out[0].len, 5);
	/* Cut short anywhere: refused. */
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 1, 1, 0, 0), r.b, r.n - 1, c),
			 AEE_EBADPARM);
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 1, 1, 0, 0), r.b, 10, c),
			 AEE_EBADPARM);
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 2, 1, 0, 0), r.b, r.n, c),
			 AEE_EBADPARM);
	/* A length as large as a u32 goes. */
	wr32(r.b, 0xffffffffu);
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 1, 1, 0, 0), r.b, r.n, c),
			 AEE_EBADPARM);
	/* Handles in a reverse call. */
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 0, 0, 1, 0), r.b, r.n, c),
			 AEE_EBADPARM);
	assert_int_equal(flat_decode(DRM_FASTRPC_SCALARS(0, 0, 0, 0, 1), r.b, r.n, c),
			 AEE_EBADPARM);
	free(c);
}

static void flat_reply__layout_and_bound(void **state)
{
	struct rpc_call *c = calloc(1, sizeof(*c));
	unsigned char *reply;
	size_t len;

	(void)state;
	assert_non_null(c);
	c->n_out = 3;
	c->out[0].len = 3;
	c->out[1].len = 0;
	c->out[2].len = 8;
	assert_int_equal(flat_reply(c, &reply, &len), 0);
	/* u32 3, pad, 3 bytes, u32 0, u32 8, pad, 8 bytes */
	assert_int_equal(len, 32);
	assert_int_equal(rd32(reply), 3);
	assert_ptr_equal(c->out[0].ptr, reply + 8);
	assert_int_equal(rd32(reply + 11), 0);
	assert_int_equal(rd32(reply + 15), 8);
	assert_ptr_equal(c->out[2].ptr, reply + 24);
	free(reply);
	c->out[1].len = LISTENER_BUFS_MAX;
	assert_int_equal(flat_reply(c, &reply, &len), AEE_ENOMEMORY);
	free(c);
}

static void listener_dispatch__remotectl_opens_host_modules(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_listener *l;
	struct rpc_reply o;

	l = rt_listener(&f->dev, &f->s);
	assert_int_equal(rt_open(l, "apps_std"), 1);
	assert_int_equal(rt_open(l, "apps_mem"), 2);
	assert_int_equal(rt_open(l, "adspmsgd_apps"), 3);
	/* A module the host does not have: nErr and a dlerror, the call succeeds. */
	assert_int_equal(rt_open_full(l, "libfoo_skel.so", 64, &o), 0);
	assert_int_equal(rd32(o.out[0] + 4), AEE_ENOSUCHMOD);
	assert_string_equal((char *)o.out[1], "no such host module: libfoo_skel.so");
	assert_int_equal(rt_close(l, 2), 0);
	assert_int_equal(rt_close(l, 2), AEE_ENOSUCHMOD);
	assert_int_equal(rt_close(l, 0), AEE_ENOSUCHMOD);
	/* The handle freed is given again. */
	assert_int_equal(rt_open(l, "apps_mem"), 2);
	listener_free(l);
}

static void listener_dispatch__remotectl_malformed_requests(void **state)
{
	struct fixture *f = *state;
	struct fastrpc_listener *l;
	unsigned char in0[8];
	struct rq r;

	l = rt_listener(&f->dev, &f->s);
	/* The name not terminated within its length. */
	memset(&r, 0, sizeof(r));
	wr32(in0, 4);
	wr32(in0 + 4, 0);
	rq_in(&r, in0, 8);
	rq_in(&r, "apps_std", 8);
	rq_out(&r, 8);
	rq_out(&r, 0);
	assert_int_equal(listener_dispatch(l, 0, DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0), r.b, r.n),
			 AEE_EBADPARM);
	assert_int_equal(l->reply_len, 0);
	/* A name length beyond its buffer. */
	memset(&r, 0, sizeof(r));
	wr32(in0, 100);
	rq_in(&r, in0, 8);
	rq_in(&r, "apps_std", sizeof("apps_std"));
	rq_out(&r, 8);
	rq_out(&r, 0);
	assert_int_equal(listener_dispatch(l, 0, DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0), r.b, r.n),
			 AEE_EBADPARM);
	/* dlerror's length beyond its output. */
	memset(&r, 0, sizeof(r));
	wr32(in0, sizeof("apps_std"));
	wr32(in0 + 4, 64);
	rq_in(&r, in0, 8);
	rq_in(&r, "apps_std", sizeof("apps_std"));
	rq_out(&r, 8);
	rq_out(&r, 16);
	assert_int_equal(listener_dispatch(l, 0, DRM_FASTRPC_SCALARS(0, 2, 2, 0, 0), r.b, r.n),
			 AEE_EBADPARM);
	/* The wrong sc for open, in 0 too short, an unknown method. */
	assert_int_equal(listener_dispatch(l, 0, DRM_FASTRPC_SCALARS(0, 1, 2, 0, 0), r.b, r.n),
			 AEE_EBADPARM);
	memset(&r, 0, sizeof(r));
	rq_in(&r, in0, 4);
	rq_out(&r, 4);
	rq_out(&r, 0);
	assert_int_equal(listener_dispatch(l, 0, DRM_FASTRPC_SCALARS(1, 1, 2, 0, 0), r.b, r.n),
			 AEE_EBADPARM);
	assert_int_equal(listener_dispatch(l, 0, DRM_FASTRPC_SCALARS(7, 0, 0, 0, 0), r.b, 0),
			 AEE_EUNSUPPORTED);
	/* Unknown reverse handles, and a method a module lacks. */
	assert_int_equal(listener_dispatch(l, 5, DRM_FASTRPC_SCALARS(0, 0, 0, 0, 0), r.b, 0),
			 AEE_EUNSUPPORTED);
	assert_int_equal(listener_dispatch(l, 0xffffffffu, DRM_FASTRPC_SCALARS(0, 0, 0, 0, 0),
					   r.b, 0), AEE_EUNSUPPORTED);
	assert_int_equal(rt_open(l, "adspmsgd_apps"), 1);
	assert_int_equal(listener_dispatch(l, 1, DRM_FASTRPC_SCALARS(3, 0, 0, 0, 0), r.b, 0),
			 AEE_EUNSUPPORTED);
	listener_free(l);
}

/* Qualcomm's list, then the project's own DSP directory. */
#define BUILTIN	";/usr/lib/rfsa/adsp;/usr/lib/dsp;" FASTRPC_SHELL_INSTALL_DIR

static void fastrpc_device_set_search_path__default_and_override(void **state)
{
	struct fixture *f = *state;

	unsetenv("DSP_LIBRARY_PATH");
	unsetenv("ADSP_LIBRARY_PATH");
	assert_string_equal(fastrpc_device_get_search_path(&f->dev),
			    BUILTIN);
	setenv("ADSP_LIBRARY_PATH", "/a;/b", 1);
	assert_string_equal(fastrpc_device_get_search_path(&f->dev),
			    "/a;/b;" BUILTIN);
	setenv("DSP_LIBRARY_PATH", "/c", 1);
	assert_string_equal(fastrpc_device_get_search_path(&f->dev),
			    "/c;" BUILTIN);
	assert_int_equal(fastrpc_device_set_search_path(&f->dev, "/x;/y"), 0);
	assert_string_equal(fastrpc_device_get_search_path(&f->dev), "/x;/y");
	assert_int_equal(fastrpc_device_set_search_path(&f->dev, NULL), 0);
	assert_string_equal(fastrpc_device_get_search_path(&f->dev),
			    "/c;" BUILTIN);
	unsetenv("DSP_LIBRARY_PATH");
	unsetenv("ADSP_LIBRARY_PATH");
	assert_int_equal(fastrpc_device_set_search_path(NULL, "/x"), -EINVAL);
	assert_int_equal(fastrpc_device_set_log_callback(NULL, NULL, NULL), -EINVAL);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(fastrpc_session_free__exit_ends_a_waiting_listener),
		T(fastrpc_session_start_listener__badstate_ends_at_once),
		T(fastrpc_session_start_listener__other_error_retried_once),
		T(fastrpc_session_start_listener__econnreset_ends),
		T(fastrpc_session_free__legacy_listener_serves_and_ends),
		T(fastrpc_session_free__exit_ignored_releases_the_session),
		T(fastrpc_session_start_listener__init2_falls_back_to_handle_3),
		T(fastrpc_session_start_listener__init2_refused_twice_is_eremoteio),
		T(fastrpc_session_attach__listener_off_starts_none),
		T(fastrpc_session_new_static__starts_a_listener),
		T(listener_new__copies_the_device_settings),
		T(fastrpc_session_start_listener__serves_and_replies),
		T(fastrpc_session_start_listener__large_request_uses_get_in_bufs2),
		T(fastrpc_session_start_listener__too_large_request_is_enomemory),
		T(flat_decode__lengths_are_checked),
		T(flat_reply__layout_and_bound),
		T(listener_dispatch__remotectl_opens_host_modules),
		T(listener_dispatch__remotectl_malformed_requests),
		T(fastrpc_device_set_search_path__default_and_override),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
