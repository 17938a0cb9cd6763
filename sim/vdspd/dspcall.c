// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One call's exchange with a DSP process over its pipes, as
 * sim/hexagon/shell_proto.h lays it out: the call (lengths, handle
 * arguments, input bytes), then, until the reply, the process's requests
 * to read or write DSP memory, each checked against the client's mappings
 * and held handles (client.c), then the reply: outputs, and the fds the
 * process lets go of, which go to the answer's fd list.
 *
 * Each handle argument is one hold of the process's from the moment the
 * call is written to it, until it names the fd in a reply.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell_proto.h"
#include "vdspd.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (!n)
			return -EPIPE;
		p += n;
		len -= n;
	}
	return 0;
}

/* Write the bytes of buffer @i of @c (from DSP memory) to @fd. */
int call_write_buf(int fd, const struct call *c, unsigned int i)
{
	const struct buf *b = &c->bufs[i];
	unsigned int s;
	int ret;

	for (s = 0; s < b->nseg; s++) {
		ret = write_all(fd, b->seg[s].p, b->seg[s].len);
		if (ret)
			return ret;
	}
	return 0;
}

static int send_call(int to, const struct call *c)
{
	struct shell_call hdr = {
		.magic = SHELL_CALL_MAGIC,
		.handle = c->msg.handle,
		.sc = c->msg.sc,
		.nbufs = c->nbufs,
	};
	struct shell_handle hs[SHELL_MAX_HANDLES];
	uint32_t lens[SHELL_MAX_BUFS];
	unsigned int i, nh = c->nhin + c->nhout;
	int ret;

	for (i = 0; i < c->nbufs; i++)
		lens[i] = (uint32_t)c->bufs[i].len;
	for (i = 0; i < nh; i++) {
		hs[i].fd = (uint32_t)c->hdls[i].fd;
		hs[i].offset = c->hdls[i].offset;
		hs[i].len = c->hdls[i].len;
	}
	ret = write_all(to, &hdr, sizeof(hdr));
	if (!ret)
		ret = write_all(to, lens, c->nbufs * sizeof(lens[0]));
	if (!ret)
		ret = write_all(to, hs, nh * sizeof(hs[0]));
	for (i = 0; !ret && i < c->nin; i++)
		ret = call_write_buf(to, c, i);
	return ret;
}

/*
 * Serve one memory request (its header already read): 0, or a negative
 * errno when the stream is unusable.  A refused range is an answer, not
 * an error.
 */
static int serve_mem(struct domain *d, int32_t client, int to, int from,
		     const struct shell_mem *req, uint8_t **buf)
{
	struct shell_mem_ack ack = { .magic = SHELL_MEM_ACK_MAGIC };
	int ret;

	if ((req->op != SHELL_MEM_READ && req->op != SHELL_MEM_WRITE) ||
	    req->len > SHELL_MAX_MEM_LEN) {
		log_msg("%s: client %d: malformed memory request from the shell (op %u, %u bytes)",
			d->name, client, req->op, req->len);
		return -EPROTO;
	}
	if (!*buf) {
		*buf = malloc(SHELL_MAX_MEM_LEN);
		if (!*buf)
			return -ENOMEM;
	}
	if (req->op == SHELL_MEM_WRITE) {
		ret = read_all(from, *buf, req->len);
		if (ret)
			return ret;
	}
	ack.retval = req->len ? client_mem(d, client, req->op, req->fd, req->addr, *buf,
					   req->len) : AEE_EBADPARM;
	if (ack.retval)
		ack.retval = AEE_DSP_ERR(ack.retval);
	else if (req->op == SHELL_MEM_READ)
		ack.len = req->len;
	ret = write_all(to, &ack, sizeof(ack));
	if (!ret && ack.len)
		ret = write_all(to, *buf, ack.len);
	return ret;
}

/* Read until the reply's header, serving memory requests on the way. */
static int await_reply(struct domain *d, int32_t client, int to, int from,
		       struct shell_reply *rep)
{
	union {
		struct shell_reply rep;
		struct shell_mem mem;
	} u;
	uint8_t *buf = NULL;
	int ret;

	for (;;) {
		ret = read_all(from, &u, sizeof(u.rep));
		if (ret || u.rep.magic != SHELL_MEM_MAGIC)
			break;
		ret = read_all(from, (uint8_t *)&u + sizeof(u.rep),
			       sizeof(u.mem) - sizeof(u.rep));
		if (!ret)
			ret = serve_mem(d, client, to, from, &u.mem, &buf);
		if (ret)
			break;
	}
	free(buf);
	*rep = u.rep;
	return ret;
}

/*
 * The fds the process lets go of: each must be one it holds.  Those are
 * let go of in the answer; the others are logged and left out.
 */
static int take_release_list(struct domain *d, int32_t client, int from,
			     struct call *c, uint32_t nfree)
{
	uint32_t fds[SHELL_MAX_FREE];
	unsigned int i;
	int ret;

	ret = read_all(from, fds, nfree * sizeof(fds[0]));
	if (ret)
		return ret;
	for (i = 0; i < nfree; i++) {
		if (!client_release(d, client, fds[i])) {
			call_release_add(c, fds[i]);
			atomic_fetch_add(&d->st.released, 1);
		}
	}
	return 0;
}

/*
 * Run @c on the process behind @to and @from.  Returns 0 when the call was
 * answered (or dropped: the domain went down meanwhile), or a negative
 * errno when the process is unusable; the call is then still the caller's,
 * its holds given back.
 */
int shell_run_call(struct domain *d, int32_t client, int to, int from,
		   struct call *c)
{
	uint32_t outlens[SHELL_MAX_BUFS];
	struct shell_reply rep;
	uint8_t *out = NULL, *o;
	size_t total = 0;
	unsigned int i;
	int ret;

	ret = client_take_holds(d, client, c);
	if (ret) {
		log_msg("%s: client %d: cannot hold %u handles", d->name, client,
			c->nhin + c->nhout);
		finish_call(c, AEE_DSP_ERR(ret));
		return 0;
	}
	ret = send_call(to, c);
	if (!ret)
		ret = await_reply(d, client, to, from, &rep);
	if (ret)
		goto err_put_holds;

	if (rep.magic != SHELL_REPLY_MAGIC || (rep.retval && rep.nout) ||
	    (!rep.retval && rep.nout != c->nout) || rep.nfree > SHELL_MAX_FREE) {
		log_msg("%s: client %d: malformed reply from the shell",
			d->name, client);
		ret = -EPROTO;
		goto err_put_holds;
	}
	ret = read_all(from, outlens, rep.nout * sizeof(outlens[0]));
	if (ret)
		goto err_put_holds;
	for (i = 0; i < rep.nout; i++) {
		if (outlens[i] > c->bufs[c->nin + i].len) {
			log_msg("%s: client %d: shell output %u too long",
				d->name, client, i);
			ret = -EPROTO;
			goto err_put_holds;
		}
		total += outlens[i];
	}
	/* From here on the process has answered: its holds are its own business. */
	c->keep_handles = true;
	ret = take_release_list(d, client, from, c, rep.nfree);
	if (ret)
		return ret;
	out = malloc(total ? total : 1);
	if (!out)
		return -ENOMEM;
	ret = read_all(from, out, total);
	if (ret) {
		free(out);
		return ret;
	}

	/* A DOWN since the call came in: its memory is no longer ours. */
	if (c->gen != atomic_load(&d->gen)) {
		free(out);
		call_free(c);
		return 0;
	}
	for (i = 0, o = out; i < rep.nout; o += outlens[i], i++) {
		if (call_copy_out(c, c->nin + i, o, outlens[i])) {
			free(out);
			call_free(c);
			return 0;
		}
	}
	free(out);
	finish_call(c, rep.retval);
	return 0;

err_put_holds:
	client_put_holds(d, client, c);
	return ret;
}
