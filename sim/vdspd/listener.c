// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The DSP side of a client's listener and of its process control, the
 * static handles every FastRPC process calls whatever its PD (Qualcomm's
 * adsp_listener.idl, adsp_listener1.idl, adsp_current_process1.idl):
 *
 *   handle 3 (adsp_listener):          3 init2, 4 next2, 5 get_in_bufs2
 *   handle 7 (adsp_listener1):         5 init2, 6 next2, 7 get_in_bufs2
 *   handle 4 (adsp_current_process1):  2 exit, 3 thread_exit
 *
 * The client's listener thread asks with next2 for the DSP's next reverse
 * call (a call from the DSP to the host).  vdspd parks it, unanswered and
 * still mapped, in the client's state and goes on serving every other
 * call.  When the client's DSP process makes a reverse call (rcall.c), a
 * parked next2 carries it to the host, which answers it with its next
 * next2 (prev_ctx names the call) and may read inputs that did not fit
 * with get_in_bufs2.  A parked next2 is answered AEE_EBADSTATE, which ends
 * the listener at once, when the client exits (handle 4 method 2; a next2
 * after that is answered at once), when its session is released or its
 * DSP process dies, and at vdspd's exit; a DOWN drops it unanswered, like
 * every call.  Each of these ends the reverse call in flight too.  A
 * parked call is on one list, taken off under the lock: answered once.
 *
 * Buffer layouts (the qaic stubs of those interfaces, little-endian u32s):
 *   init2, exit, thread_exit: no arguments.
 *   next2: 2 in, 2 out.  in 0 = { prev_ctx, prev_result, prevbufs length,
 *     bufs length }, in 1 = prevbufs; out 0 = { ctx, handle, sc,
 *     bufs_len_req }, out 1 = bufs.  prev_ctx names the reverse call being
 *     answered, 0 for none: one not in flight is AEE_EBADPARM.
 *   get_in_bufs2: 1 in, 2 out.  in 0 = { ctx, offset, bufs length }; out 0
 *     = { bufs_len_req }, out 1 = bufs: the inputs of the reverse call in
 *     flight from offset; another ctx or an offset past them AEE_EBADPARM.
 * A call of another shape is AEE_EBADPARM; other methods AEE_EUNSUPPORTED;
 * a client vdspd does not know (no DSP process, no attachment)
 * AEE_EBADSTATE.
 *
 * After exit the process stays until its session is released, as on a
 * DSP, where the driver's release ends the PD: its other calls are still
 * served (the library closes its modules after exit).
 */
#include <stdlib.h>

#include "shell_proto.h"
#include "vdspd.h"

struct next2_in {
	uint32_t prev_ctx;
	int32_t prev_result;
	uint32_t prevbufs_len;
	uint32_t bufs_len;
};

struct get_in_bufs2_in {
	uint32_t ctx;
	int32_t offset;
	uint32_t bufs_len;
};

enum op {
	OP_INIT2,
	OP_NEXT2,
	OP_GET_IN_BUFS2,
	OP_EXIT,
	OP_THREAD_EXIT,
	OP_OTHER,
};

static enum op op_of(const struct call *c)
{
	unsigned int m = c->method;

	switch (c->msg.handle) {
	case HANDLE_LISTENER1:
		/* listener1 has the remote_handle64 open and close in front. */
		if (m < 2)
			return OP_OTHER;
		m -= 2;
		/* fall through */
	case HANDLE_LISTENER:
		if (m == LISTENER_INIT2)
			return OP_INIT2;
		if (m == LISTENER_NEXT2)
			return OP_NEXT2;
		if (m == LISTENER_GET_IN_BUFS2)
			return OP_GET_IN_BUFS2;
		return OP_OTHER;
	case HANDLE_CURRENT_PROCESS1:
		if (m == CURRENT_PROCESS1_EXIT)
			return OP_EXIT;
		if (m == CURRENT_PROCESS1_THREAD_EXIT)
			return OP_THREAD_EXIT;
		return OP_OTHER;
	default:
		return OP_OTHER;
	}
}

static bool no_arguments(const struct call *c)
{
	return !c->nin && !c->nout && !c->nhin && !c->nhout;
}

static int check_next2(const struct call *c, struct next2_in *in)
{
	if (c->nin != 2 || c->nout != 2 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(*in) || call_copy_in(c, 0, in, 0, sizeof(*in)))
		return AEE_EBADPARM;
	if (c->bufs[1].len != in->prevbufs_len || c->bufs[2].len != 16 ||
	    c->bufs[3].len != in->bufs_len)
		return AEE_EBADPARM;
	return 0;
}

static int get_in_bufs2(struct domain *d, struct call *c)
{
	struct get_in_bufs2_in in;

	if (c->nin != 1 || c->nout != 2 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(in) || call_copy_in(c, 0, &in, 0, sizeof(in)) ||
	    c->bufs[1].len != 4 || c->bufs[2].len != in.bufs_len)
		return AEE_EBADPARM;
	return rcall_get_in_bufs(d, c, in.ctx, in.offset, in.bufs_len);
}

/* init2: the client listens, reverse calls may go to it from now on. */
static int init2(struct domain *d, const struct call *c)
{
	struct cstate *s;

	if (!no_arguments(c))
		return AEE_EBADPARM;
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, c->msg.pid);
	if (s)
		s->listening = true;
	pthread_mutex_unlock(&d->clients_lock);
	return s ? 0 : AEE_ENOMEMORY;
}

/*
 * Take the client's parked calls off its state (into *list), end its
 * reverse call in flight and mark it exiting or not.  Exit makes the
 * state if need be: AEE_ENOMEMORY if it cannot.
 */
static int unpark(struct domain *d, int32_t client, bool exiting, struct call **list)
{
	struct cstate *s;

	*list = NULL;
	pthread_mutex_lock(&d->clients_lock);
	s = exiting ? cstate_get(d, client) : cstate_find(d, client);
	if (s) {
		*list = s->parked;
		s->parked = NULL;
		s->nparked = 0;
		s->exiting = exiting;
		rcall_end_locked(s, AEE_DSP_ERR(AEE_EBADSTATE));
	}
	pthread_mutex_unlock(&d->clients_lock);
	return s || !exiting ? 0 : AEE_ENOMEMORY;
}

static void answer_all(struct call *list)
{
	struct call *next;

	for (; list; list = next) {
		next = list->next;
		finish_call(list, AEE_DSP_ERR(AEE_EBADSTATE));
	}
}

/*
 * @c, a well-formed next2, carries the reverse call waiting for one, or is
 * parked (0); else the AEE code to answer it with now.
 */
static int park(struct domain *d, struct call *c)
{
	bool delivered = false;
	struct cstate *s;
	struct call **pp;
	int ret = 0;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_get(d, c->msg.pid);
	if (!s) {
		ret = AEE_ENOMEMORY;
	} else if (s->exiting) {
		ret = AEE_EBADSTATE;
	} else if (s->rcall && s->rcall->state == RCALL_PENDING) {
		ret = rcall_deliver_locked(s->rcall, c);
		delivered = !ret;
	} else if (s->nparked >= VDSPD_MAX_PARKED) {
		log_msg("%s: client %d: more than %u next2 calls waiting", d->name,
			c->msg.pid, VDSPD_MAX_PARKED);
		ret = AEE_ENOMEMORY;
	} else {
		/* Mapped while it waits: a reverse call is written into it. */
		c->next = NULL;
		for (pp = &s->parked; *pp; pp = &(*pp)->next)
			;
		*pp = c;
		s->nparked++;
	}
	pthread_mutex_unlock(&d->clients_lock);
	if (delivered)
		finish_call(c, 0);
	return ret;
}

void listener_dispatch(struct domain *d, struct call *c)
{
	struct call *list = NULL;
	struct next2_in in;
	int32_t id = c->msg.pid;
	enum op op = op_of(c);
	int ret;

	atomic_fetch_add(&d->st.listener, 1);
	if (op == OP_OTHER) {
		ret = AEE_EUNSUPPORTED;
	} else if (id <= 0 || !domain_has_client(d, id)) {
		log_msg("%s: listener or process call for unknown client %d", d->name, id);
		ret = AEE_EBADSTATE;
	} else {
		switch (op) {
		case OP_NEXT2:
			ret = check_next2(c, &in);
			if (!ret && in.prev_ctx)
				ret = rcall_complete(d, c, in.prev_ctx, in.prev_result,
						     in.prevbufs_len);
			if (!ret)
				ret = park(d, c);
			if (!ret) {
				log_dbg("%s: client %d: next2 taken", d->name, id);
				return;
			}
			break;
		case OP_GET_IN_BUFS2:
			ret = get_in_bufs2(d, c);
			break;
		case OP_INIT2:
			ret = init2(d, c);
			break;
		case OP_EXIT:
			ret = no_arguments(c) ? 0 : AEE_EBADPARM;
			if (!ret)
				ret = unpark(d, id, true, &list);
			answer_all(list);
			if (!ret)
				log_dbg("%s: client %d exits", d->name, id);
			break;
		default:	/* thread_exit */
			ret = no_arguments(c) ? 0 : AEE_EBADPARM;
			break;
		}
	}
	finish_call(c, ret ? AEE_DSP_ERR(ret) : 0);
}

void listener_end(struct domain *d, int32_t client)
{
	struct call *list;

	unpark(d, client, false, &list);
	answer_all(list);
}

void listener_end_all(struct domain *d)
{
	struct call *list = NULL, **tail = &list;
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	for (s = d->cstates; s; s = s->next) {
		*tail = s->parked;
		while (*tail)
			tail = &(*tail)->next;
		s->parked = NULL;
		s->nparked = 0;
		rcall_end_locked(s, AEE_DSP_ERR(AEE_EBADSTATE));
	}
	pthread_mutex_unlock(&d->clients_lock);
	answer_all(list);
}

unsigned int listener_waiting(struct domain *d, int32_t client)
{
	const struct cstate *s;
	unsigned int n;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	n = s ? s->nparked : 0;
	pthread_mutex_unlock(&d->clients_lock);
	return n;
}
