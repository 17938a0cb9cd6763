/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The listener: a session's thread that serves the reverse calls its DSP
 * process makes (adsp_listener1's init2, next2 and get_in_bufs2, or
 * adsp_listener's on an older DSP), and the dispatch of each call to the
 * host module its reverse handle names.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "listener.h"

/* next2's answer when the process is gone: the listener ends at once. */
#define NEXT2_PROCESS_GONE	AEE_DSP(AEE_EBADSTATE)

unsigned int listener_exit_wait_ms = 5000;

void listener_log(struct fastrpc_listener *l, enum fastrpc_log_level level,
		  const char *file, unsigned int line, unsigned int thread_id,
		  const char *fmt, ...)
{
	struct fastrpc_log_msg msg = {
		.level = level,
		.file = file,
		.line = line,
		.thread_id = thread_id,
	};
	char text[512];
	va_list ap;

	if (!l->log_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	msg.message = text;
	l->log_fn(&msg, l->log_data);
}

int listener_new(struct fastrpc_session *s, struct fastrpc_listener **lp)
{
	struct fastrpc_device *dev = s->dev;
	struct fastrpc_listener *l;

	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->s = s;
	l->lhandle = LISTENER1_HANDLE;
	l->next_fd = 1;
	snprintf(l->domain, sizeof(l->domain), "%s", dev->domain);
	pthread_mutex_lock(&dev->lock);
	l->flags = fastrpc_device_get_listener_flags(dev);
	l->log_fn = dev->log_fn;
	l->log_data = dev->log_data;
	pthread_mutex_unlock(&dev->lock);
	l->search_path = search_path_of(dev);
	if (!l->search_path) {
		free(l);
		return -ENOMEM;
	}
	*lp = l;
	return 0;
}

void listener_free(struct fastrpc_listener *l)
{
	if (!l)
		return;
	apps_std_release(l);
	apps_mem_release(l);
	free(l->search_path);
	free(l->req);
	free(l->reply);
	free(l);
}

static int module_invoke(struct fastrpc_listener *l, struct rpc_call *call)
{
	if (call->handle == 0)
		return rctl_invoke(l, call);
	if (call->handle > LISTENER_MODULES_MAX)
		return AEE_EUNSUPPORTED;
	switch (l->modules[call->handle - 1]) {
	case MOD_APPS_STD:
		return apps_std_invoke(l, call);
	case MOD_APPS_MEM:
		return apps_mem_invoke(l, call);
	case MOD_ADSPMSGD:
		return dsplog_invoke(l, call);
	case MOD_NONE:
		break;
	}
	return AEE_EUNSUPPORTED;
}

int listener_dispatch(struct fastrpc_listener *l, uint32_t handle, uint32_t sc,
		      const void *req, size_t req_len)
{
	struct rpc_call *call;
	int ret;

	free(l->reply);
	l->reply = NULL;
	l->reply_len = 0;
	call = malloc(sizeof(*call));
	if (!call)
		return AEE_ENOMEMORY;
	call->handle = handle;
	ret = flat_decode(sc, req, req_len, call);
	if (!ret)
		ret = flat_reply(call, &l->reply, &l->reply_len);
	if (!ret)
		ret = module_invoke(l, call);
	free(call);
	if (ret) {
		free(l->reply);
		l->reply = NULL;
		l->reply_len = 0;
	}
	return ret;
}

/* One call on the listener's interface.  Return: 0, -errno, or the DSP's error (retval). */
static int lcall(struct fastrpc_listener *l, uint32_t method, const struct fastrpc_iovec *in,
		 unsigned int n_in, const struct fastrpc_iovec *out, unsigned int n_out)
{
	int32_t retval = 0;
	int ret;

	ret = fastrpc_session_invoke(l->s, l->lhandle, method, in, n_in, out, n_out, &retval);
	if (ret == -EREMOTEIO)
		return retval ? retval : -EIO;
	return ret;
}

static int init2(struct fastrpc_listener *l)
{
	int ret;

	l->lhandle = LISTENER1_HANDLE;
	ret = lcall(l, LISTENER1_INIT2, NULL, 0, NULL, 0);
	/* A DSP without adsp_listener1 answers with an error: try the older one. */
	if (fastrpc_is_dsp_error(ret)) {
		l->lhandle = LISTENER_HANDLE;
		ret = lcall(l, LISTENER_INIT2, NULL, 0, NULL, 0);
	}
	return fastrpc_is_dsp_error(ret) ? -EREMOTEIO : ret;
}

/*
 * The rest of a request larger than the buffer next2 had: grow it and
 * fetch from @have on.  Return: 0 or the AEE code to answer the call with.
 */
static int get_in_bufs(struct fastrpc_listener *l, uint32_t ctx, size_t have, uint32_t want)
{
	unsigned char in0[12], out0[4] = { 0 };
	struct fastrpc_iovec in = { in0, sizeof(in0) }, out[2];
	size_t cap = ((size_t)want + 4095) & ~(size_t)4095;
	unsigned char *grown;
	int ret;

	if (want > LISTENER_BUFS_MAX)
		return AEE_ENOMEMORY;
	grown = realloc(l->req, cap);
	if (!grown)
		return AEE_ENOMEMORY;
	l->req = grown;
	l->req_cap = cap;
	wr32(in0, ctx);
	wr32(in0 + 4, have);
	wr32(in0 + 8, cap - have);
	out[0] = (struct fastrpc_iovec){ out0, sizeof(out0) };
	out[1] = (struct fastrpc_iovec){ l->req + have, cap - have };
	ret = lcall(l, l->lhandle == LISTENER1_HANDLE ? LISTENER1_GET_IN_BUFS2 :
			LISTENER_GET_IN_BUFS2, &in, 1, out, 2);
	if (ret)
		return fastrpc_is_dsp_error(ret) ? ret : AEE_EFAILED;
	if (rd32(out0) > cap)
		return AEE_EBADPARM;
	return 0;
}

/*
 * The loop: each next2 carries the previous call's result and outputs and
 * waits for the next call.  Qualcomm's listener answers with the module's
 * own result, an AEE code without the DSP offset, and sends no outputs
 * when that result is not 0; so does this one.
 */
static void serve(struct fastrpc_listener *l)
{
	unsigned char in0[16], out0[16];
	struct fastrpc_iovec in[2], out[2];
	uint32_t ctx = 0, handle, sc, req;
	int32_t result = 0;
	bool retried = false;
	size_t len;
	int ret;

	for (;;) {
		memset(out0, 0, sizeof(out0));
		wr32(in0, ctx);
		wr32(in0 + 4, (uint32_t)result);
		wr32(in0 + 8, result ? 0 : l->reply_len);
		wr32(in0 + 12, l->req_cap);
		in[0] = (struct fastrpc_iovec){ in0, sizeof(in0) };
		in[1] = (struct fastrpc_iovec){ l->reply, result ? 0 : l->reply_len };
		out[0] = (struct fastrpc_iovec){ out0, sizeof(out0) };
		out[1] = (struct fastrpc_iovec){ l->req, l->req_cap };
		ret = lcall(l, l->lhandle == LISTENER1_HANDLE ? LISTENER1_NEXT2 :
				LISTENER_NEXT2, in, 2, out, 2);
		/* An errno: the DSP went away (restart) or the session ended. */
		if ((ret && !fastrpc_is_dsp_error(ret)) || ret == NEXT2_PROCESS_GONE)
			return;
		if (ret) {
			/* Another DSP error: tell it once, without outputs, then give up. */
			if (retried)
				return;
			retried = true;
			result = ret;
			continue;
		}
		retried = false;
		ctx = rd32(out0);
		handle = rd32(out0 + 4);
		sc = rd32(out0 + 8);
		req = rd32(out0 + 12);
		result = 0;
		if ((int32_t)req < 0) {
			result = AEE_EBADPARM;
		} else if (req > l->req_cap) {
			result = get_in_bufs(l, ctx, l->req_cap, req);
		}
		if (result)
			continue;
		len = req;
		result = listener_dispatch(l, handle, sc, l->req, len);
		/* A large request's buffer goes back to its usual size. */
		if (l->req_cap > LISTENER_BUFS_START) {
			unsigned char *small = realloc(l->req, LISTENER_BUFS_START);

			if (small) {
				l->req = small;
				l->req_cap = LISTENER_BUFS_START;
			}
		}
	}
}

static void *listener_main(void *arg)
{
	struct fastrpc_listener *l = arg;

	serve(l);
	__atomic_store_n(&l->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

FASTRPC_EXPORT int fastrpc_session_start_listener(struct fastrpc_session *session)
{
	int saved_errno = errno;
	struct fastrpc_listener *l;
	sigset_t all, old;
	int ret;

	if (!session)
		return -EINVAL;
	if (fastrpc_session_has_listener(session))
		return -EALREADY;
	/* One that ended by itself is reaped first. */
	fastrpc_listener_end(session);
	ret = listener_new(session, &l);
	if (ret)
		return ret;
	l->req = malloc(LISTENER_BUFS_START);
	if (!l->req) {
		ret = -ENOMEM;
		goto err_free;
	}
	l->req_cap = LISTENER_BUFS_START;
	ret = init2(l);
	if (ret)
		goto err_free;
	/* The thread inherits a mask with every signal blocked: its waits are never interrupted. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	ret = -pthread_create(&l->thread, NULL, listener_main, l);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret)
		goto err_free;
	l->started = true;
	session->listener = l;
	errno = saved_errno;
	return 0;

err_free:
	listener_free(l);
	errno = saved_errno;
	return ret;
}

/* Whether the thread ended within @ms (it is joined later either way). */
static bool join_within(struct fastrpc_listener *l, unsigned int ms)
{
	struct timespec ts = { 0, 1000000 };
	unsigned int i;

	for (i = 0; i < ms; i++) {
		if (__atomic_load_n(&l->done, __ATOMIC_ACQUIRE))
			return true;
		nanosleep(&ts, NULL);
	}
	return __atomic_load_n(&l->done, __ATOMIC_ACQUIRE);
}

void fastrpc_listener_end(struct fastrpc_session *session)
{
	struct fastrpc_listener *l = session->listener;
	int32_t retval;

	if (!l)
		return;
	/* The DSP answers the waiting next2 with 0x8000040D once the process exits. */
	if (!__atomic_load_n(&l->done, __ATOMIC_ACQUIRE))
		fastrpc_session_invoke(session, CURRENT_PROCESS_HANDLE, CURRENT_PROCESS_EXIT,
				       NULL, 0, NULL, 0, &retval);
	if (l->started && !join_within(l, listener_exit_wait_ms) &&
	    session->dev->iface == FASTRPC_INTERFACE_ACCEL) {
		struct drm_fastrpc_session_release req = { 0 };

		/*
		 * A DSP that keeps next2 waiting after exit: releasing the
		 * session fails its calls in flight, next2's too.  The legacy
		 * interface has no such way, and waits.
		 */
		fastrpc_ioctl(session->fd, DRM_IOCTL_FASTRPC_SESSION_RELEASE, &req);
	}
	if (l->started)
		pthread_join(l->thread, NULL);
	session->listener = NULL;
	listener_free(l);
}

FASTRPC_EXPORT int fastrpc_session_stop_listener(struct fastrpc_session *session)
{
	int saved_errno = errno;

	if (!session)
		return -EINVAL;
	if (!session->listener)
		return -ENOENT;
	fastrpc_listener_end(session);
	errno = saved_errno;
	return 0;
}

FASTRPC_EXPORT bool fastrpc_session_has_listener(const struct fastrpc_session *session)
{
	return session && session->listener &&
	       !__atomic_load_n(&session->listener->done, __ATOMIC_ACQUIRE);
}
