// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reverse calls: a DSP process calling its client (shell_proto.h, "Reverse
 * calls").  The process's worker reads the call from the shell, hands it
 * to the client's listener by answering a next2 the client has parked
 * (listener.c) with { ctx, handle, sc, bufs_len_req } and the first bytes
 * of the flat-encoded inputs, and waits on its own thread, never on the
 * main thread, until the host's next next2 brings the result back
 * (prev_ctx naming the call) or until the client exits, its session is
 * released, its process dies, the domain goes down or vdspd stops.  Then
 * it writes struct shell_rcall_ack and the outputs to the shell.
 *
 * Everything about a reverse call in flight is under the domain's
 * clients_lock: the worker registers it in the client's state and picks a
 * parked next2 in one hold of the lock, and listener.c checks for it and
 * parks a next2 in one hold too, so that a call and a next2 never miss
 * each other.  Copies into a next2's buffers happen under the lock (the
 * inputs belong to the worker, which may leave once the call is done);
 * answers are sent after it is dropped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

/* Answer a next2 this file took, unless the domain went down since it came. */
static void answer_next2(struct call *c, int32_t retval)
{
	if (c->gen != atomic_load(&c->dom->gen))
		call_free(c);
	else
		finish_call(c, retval);
}

/*
 * Write @rc's header and as much of its inputs as fit into @next2, a
 * well-formed next2 (out 0 of 16 bytes, out 1 of the host's bufs length).
 * 0 (the call is now delivered) or AEE_EBADPARM when its memory failed.
 */
int rcall_deliver_locked(struct rcall *rc, struct call *next2)
{
	uint32_t hdr[4] = { rc->ctx, rc->handle, rc->sc, rc->inlen };
	uint64_t room = next2->bufs[3].len;
	size_t n = rc->inlen < room ? rc->inlen : (size_t)room;

	if (call_copy_out(next2, 2, hdr, sizeof(hdr)) ||
	    call_copy_out(next2, 3, rc->in, n))
		return AEE_EBADPARM;
	rc->state = RCALL_DELIVERED;
	return 0;
}

/* End the client's reverse call in flight, if any, with @retval. */
void rcall_end_locked(struct cstate *s, int32_t retval)
{
	struct rcall *rc = s->rcall;

	if (!rc)
		return;
	s->rcall = NULL;
	rc->state = RCALL_DONE;
	rc->ended = true;
	rc->retval = retval;
	rc->outlen = 0;
	pthread_cond_signal(&rc->cond);
}

void rcall_end(struct domain *d, int32_t client, int32_t retval)
{
	struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	if (s)
		rcall_end_locked(s, retval);
	pthread_mutex_unlock(&d->clients_lock);
}

/*
 * Register @rc for @p's client and hand it to a parked next2 if there is
 * one.  Returns 0 when registered (the worker must wait), else the AEE
 * code the shell gets at once.  Parked next2s taken are put on *@sent
 * (delivered) or *@failed (their memory failed).
 */
static int rcall_register(struct proc *p, struct rcall *rc, struct call **sent,
			  struct call **failed)
{
	struct domain *d = p->dom;
	struct cstate *s;
	struct call *c;
	int ret = 0;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, p->client_id);
	if (proc_gone(p) || (s && s->exiting)) {
		ret = AEE_EBADSTATE;
	} else if (!s || !s->listening) {
		log_msg("%s: client %d: reverse call to handle %u refused: no listener",
			d->name, p->client_id, rc->handle);
		ret = AEE_ECONNREFUSED;
	} else if (s->rcall) {
		/* Only this worker registers calls of this client; never reached. */
		ret = AEE_EBADSTATE;
	} else {
		if (!++s->rcall_seq)
			s->rcall_seq = 1;
		rc->ctx = s->rcall_seq;
		s->rcall = rc;
		while (s->parked && rc->state == RCALL_PENDING) {
			c = s->parked;
			s->parked = c->next;
			s->nparked--;
			if (rcall_deliver_locked(rc, c)) {
				c->next = *failed;
				*failed = c;
			} else {
				c->next = NULL;
				*sent = c;
			}
		}
	}
	pthread_mutex_unlock(&d->clients_lock);
	return ret;
}

/*
 * Serve one reverse call of @p's shell, its header @hdr already read: 0,
 * or a negative errno when the stream is unusable (the process is ended).
 */
int rcall_serve(struct proc *p, const struct shell_rcall *hdr)
{
	struct shell_rcall_ack ack = { .magic = SHELL_RCALL_ACK_MAGIC };
	struct call *sent = NULL, *failed = NULL, *next;
	struct domain *d = p->dom;
	struct rcall rc = {
		.handle = hdr->handle,
		.sc = hdr->sc,
		.inlen = hdr->inlen,
		.state = RCALL_PENDING,
	};
	uint8_t *in;
	int ret;

	if (SC_INHANDLES(hdr->sc) || SC_OUTHANDLES(hdr->sc) || hdr->inlen > SHELL_MAX_RCALL_LEN) {
		log_msg("%s: client %d: malformed reverse call from the shell (sc 0x%x, %u bytes)",
			d->name, p->client_id, hdr->sc, hdr->inlen);
		return -EPROTO;
	}
	in = malloc(hdr->inlen ? hdr->inlen : 1);
	if (!in)
		return -ENOMEM;
	ret = read_all(p->from_shell, in, hdr->inlen);
	if (ret)
		goto out_free;
	rc.in = in;
	pthread_cond_init(&rc.cond, NULL);

	atomic_fetch_add(&d->st.rcalls, 1);
	ret = rcall_register(p, &rc, &sent, &failed);
	for (; failed; failed = next) {
		next = failed->next;
		answer_next2(failed, AEE_DSP_ERR(AEE_EBADPARM));
	}
	if (ret) {
		atomic_fetch_add(&d->st.rcalls_refused, 1);
		ack.retval = AEE_DSP_ERR(ret);
	} else {
		log_dbg("%s: client %d: reverse call 0x%x: handle %u sc 0x%08x, %u bytes in",
			d->name, p->client_id, rc.ctx, rc.handle, rc.sc, rc.inlen);
		if (sent)
			answer_next2(sent, 0);
		pthread_mutex_lock(&d->clients_lock);
		while (rc.state != RCALL_DONE)
			pthread_cond_wait(&rc.cond, &d->clients_lock);
		pthread_mutex_unlock(&d->clients_lock);
		ack.retval = rc.retval;
		ack.outlen = rc.outlen;
		if (rc.ended)
			atomic_fetch_add(&d->st.rcalls_ended, 1);
		log_dbg("%s: client %d: reverse call 0x%x answered 0x%x, %u bytes out", d->name,
			p->client_id, rc.ctx, (uint32_t)rc.retval, rc.outlen);
	}
	pthread_cond_destroy(&rc.cond);
	ret = write_all(p->to_shell, &ack, sizeof(ack));
	if (!ret && ack.outlen)
		ret = write_all(p->to_shell, rc.out, ack.outlen);
	free(rc.out);
out_free:
	free(in);
	return ret;
}

/*
 * The host's answer to reverse call @ctx, in @c, a next2 whose in 1 holds
 * @outlen bytes of flat-encoded outputs.  0 when it completed the call
 * (an answer too long completes it with AEE_EBADPARM), else the AEE code
 * @c is answered with: AEE_EBADPARM for no such call in flight,
 * AEE_EBADSTATE after the client's exit.
 */
int rcall_complete(struct domain *d, struct call *c, uint32_t ctx, int32_t result,
		   uint32_t outlen)
{
	bool too_long = outlen > SHELL_MAX_RCALL_LEN;
	uint8_t *out = NULL;
	struct rcall *rc;
	struct cstate *s;

	if (!too_long && !result && outlen) {
		out = malloc(outlen);
		if (!out)
			return AEE_ENOMEMORY;
		if (call_copy_in(c, 1, out, 0, outlen)) {
			free(out);
			return AEE_EBADPARM;
		}
	}
	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, c->msg.pid);
	if (s && s->exiting) {
		/* Its calls ended at exit; so does its listener. */
		pthread_mutex_unlock(&d->clients_lock);
		free(out);
		return AEE_EBADSTATE;
	}
	rc = s ? s->rcall : NULL;
	if (!rc || rc->ctx != ctx || rc->state != RCALL_DELIVERED) {
		pthread_mutex_unlock(&d->clients_lock);
		free(out);
		log_msg("%s: client %d: next2 answers reverse call 0x%x, which is not in flight",
			d->name, c->msg.pid, ctx);
		return AEE_EBADPARM;
	}
	s->rcall = NULL;
	rc->state = RCALL_DONE;
	if (too_long) {
		rc->retval = AEE_DSP_ERR(AEE_EBADPARM);
		rc->outlen = 0;
	} else {
		rc->retval = result;
		rc->out = out;
		rc->outlen = result ? 0 : outlen;
	}
	pthread_cond_signal(&rc->cond);
	pthread_mutex_unlock(&d->clients_lock);
	if (too_long)
		log_msg("%s: client %d: the answer to reverse call 0x%x is %u bytes, over %u",
			d->name, c->msg.pid, ctx, outlen, SHELL_MAX_RCALL_LEN);
	return 0;
}

/*
 * get_in_bufs2: the inputs of reverse call @ctx from @offset, as many as
 * fit in @c's out 1 (@len bytes), and their whole length in out 0.
 */
int rcall_get_in_bufs(struct domain *d, struct call *c, uint32_t ctx, int32_t offset,
		      uint32_t len)
{
	const struct rcall *rc;
	struct cstate *s;
	uint32_t n;
	int ret = AEE_EBADPARM;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, c->msg.pid);
	rc = s ? s->rcall : NULL;
	if (rc && rc->ctx == ctx && rc->state == RCALL_DELIVERED && offset >= 0 &&
	    (uint32_t)offset <= rc->inlen) {
		n = rc->inlen - (uint32_t)offset;
		if (n > len)
			n = len;
		if (!call_copy_out(c, 1, &rc->inlen, sizeof(rc->inlen)) &&
		    !call_copy_out(c, 2, rc->in + offset, n))
			ret = 0;
	}
	pthread_mutex_unlock(&d->clients_lock);
	if (ret)
		log_msg("%s: client %d: get_in_bufs2 of reverse call 0x%x at offset %d refused",
			d->name, c->msg.pid, ctx, offset);
	return ret;
}

/* Where the client's reverse call is (RCALL_DONE: none in flight), and its ctx. */
enum rcall_state rcall_state_of(struct domain *d, int32_t client, uint32_t *ctx)
{
	enum rcall_state st = RCALL_DONE;
	const struct cstate *s;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, client);
	if (s && s->rcall) {
		st = s->rcall->state;
		if (ctx)
			*ctx = s->rcall->ctx;
	}
	pthread_mutex_unlock(&d->clients_lock);
	return st;
}
