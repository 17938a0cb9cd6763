// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One call's exchange with a DSP process over its pipes, as
 * sim/hexagon/shell_proto.h lays it out: the mapping records that bring
 * the process's view of the client's DSP mappings up to date, the call
 * (lengths, handle arguments, input bytes), then, until the reply, the
 * process's requests to read or write DSP memory, each checked against
 * the client's mappings and held handles (client.c), and its reverse
 * calls (rcall.c), then the reply: outputs, and the fds the process lets
 * go of, which go to the answer's fd list.
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

int write_all(int fd, const void *buf, size_t len)
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

int read_all(int fd, void *buf, size_t len)
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

/* Read until the reply's header, serving memory requests and reverse calls on the way. */
static int await_reply(struct proc *p, struct shell_reply *rep)
{
	union {
		struct shell_reply rep;
		struct shell_mem mem;
		struct shell_rcall rcall;
	} u;
	uint8_t *buf = NULL;
	int ret;

	for (;;) {
		ret = read_all(p->from_shell, &u, sizeof(u.rep));
		if (ret)
			break;
		if (u.rep.magic == SHELL_RCALL_MAGIC) {
			ret = rcall_serve(p, &u.rcall);
		} else if (u.rep.magic == SHELL_MEM_MAGIC) {
			ret = read_all(p->from_shell, (uint8_t *)&u + sizeof(u.rep),
				       sizeof(u.mem) - sizeof(u.rep));
			if (!ret)
				ret = serve_mem(p->dom, p->client_id, p->to_shell,
						p->from_shell, &u.mem, &buf);
		} else {
			break;
		}
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

/* Mapping records go in pieces of at most this much (shell_map's len is 32 bits). */
#define MAP_PIECE	(1ull << 30)

/*
 * The edge offset of a mapping for the shell: the DSP address, less the
 * bank bits where the edge ignores them (no SMMU), so that the shell, which
 * can map only the first 4 GiB of offsets, places it.
 */
static int send_map(const struct proc *p, uint32_t op, const struct sent_map *m)
{
	struct shell_map rec = { .magic = SHELL_MAP_MAGIC, .op = op };
	uint64_t off, n, base = p->dom->banked ? m->phys : dsp_low(m->phys);
	int ret;

	for (off = 0; off < m->size; off += n) {
		n = m->size - off < MAP_PIECE ? m->size - off : MAP_PIECE;
		rec.len = (uint32_t)n;
		rec.vaddr = m->vaddr + off;
		rec.phys = op == SHELL_MAP_ADD ? base + off : 0;
		ret = write_all(p->to_shell, &rec, sizeof(rec));
		if (ret)
			return ret;
	}
	return 0;
}

static bool map_in(const struct sent_map *m, const struct sent_map *set, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (set[i].vaddr == m->vaddr && set[i].size == m->size && set[i].phys == m->phys)
			return true;
	return false;
}

/*
 * Tell @p's shell of the client's mappings that went away since the last
 * call (SHELL_MAP_REMOVE) and of the new ones (SHELL_MAP_ADD), so that its
 * view matches the client's at the time of the next call.  Each mapping
 * is one physically contiguous range (maps_add records one phy page).
 */
int shell_sync_maps(struct proc *p)
{
	struct domain *d = p->dom;
	const struct dsp_map *m;
	struct sent_map *cur;
	const struct cstate *s;
	unsigned int n = 0, i;
	int ret = 0;

	pthread_mutex_lock(&d->clients_lock);
	s = cstate_find(d, p->client_id);
	cur = malloc(sizeof(*cur) * (s && s->nmaps ? s->nmaps : 1));
	for (m = s ? s->maps : NULL; cur && m; m = m->next)
		cur[n++] = (struct sent_map){ m->vaddr, m->addr, m->size };
	pthread_mutex_unlock(&d->clients_lock);
	if (!cur)
		return -ENOMEM;

	for (i = 0; !ret && i < p->nsent; i++) {
		if (!map_in(&p->sent[i], cur, n)) {
			ret = send_map(p, SHELL_MAP_REMOVE, &p->sent[i]);
			log_dbg("%s: client %d: the shell unmaps 0x%llx+0x%llx", d->name,
				p->client_id, (unsigned long long)p->sent[i].vaddr,
				(unsigned long long)p->sent[i].size);
		}
	}
	for (i = 0; !ret && i < n; i++) {
		if (!map_in(&cur[i], p->sent, p->nsent)) {
			ret = send_map(p, SHELL_MAP_ADD, &cur[i]);
			log_dbg("%s: client %d: the shell maps 0x%llx+0x%llx at 0x%llx", d->name,
				p->client_id, (unsigned long long)cur[i].phys,
				(unsigned long long)cur[i].size,
				(unsigned long long)cur[i].vaddr);
		}
	}
	free(p->sent);
	p->sent = cur;
	p->nsent = n;
	return ret;
}

/*
 * Run @c on @p's shell.  Returns 0 when the call was answered (or
 * dropped: the domain went down meanwhile), or a negative errno when the
 * process is unusable; the call is then still the caller's, its holds
 * given back.
 */
int shell_run_call(struct proc *p, struct call *c)
{
	uint32_t outlens[SHELL_MAX_BUFS];
	struct domain *d = p->dom;
	int32_t client = p->client_id;
	int from = p->from_shell;
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
	ret = shell_sync_maps(p);
	if (!ret)
		ret = send_call(p->to_shell, c);
	if (!ret)
		ret = await_reply(p, &rep);
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
