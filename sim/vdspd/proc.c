// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * DSP processes: one Hexagon shell under qemu-hexagon-static per user PD,
 * fed through pipes (sim/hexagon/shell_proto.h) by a worker thread of its
 * own, so that a slow call or a reverse call holds up only its own
 * process.  The shell gets exactly five fds: its pipes as 0 and 1, our
 * standard error as 2, the domain's edge as SHELL_EDGE_FD (3), for the
 * mappings it places, and its own ELF as 4, which qemu-hexagon-static
 * runs as /proc/self/fd/4.  The preloaded modules (preload.c) are the
 * first thing written to it.
 *
 * A call, once submitted, belongs to the worker: it runs it on the shell
 * (dspcall.c) and answers it, or, when the process is gone, answers it
 * with AEE_ENOSUCHPROCESS (the process died or was released) or drops it
 * (the domain went down).  The main thread only
 * queues calls, reaps children, and stops processes (release, DOWN, exit)
 * by killing them and joining their worker.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shell_proto.h"
#include "vdspd.h"

extern char **environ;

const char *vdspd_qemu;
int vdspd_wake_fd = -1;

/*
 * Answer @c and free it.  Its handles, unless something keeps them, are
 * let go of in the answer's fd list: nothing on this side holds them.
 */
void finish_call(struct call *c, int32_t retval)
{
	unsigned int i;

	for (i = 0; !c->keep_handles && i < c->nhin + c->nhout; i++)
		if (!call_release_add(c, (uint32_t)c->hdls[i].fd))
			break;
	if (call_put_fdlist(c))
		log_msg("%s: ctx=0x%llx: cannot write the fd list", c->dom->name,
			(unsigned long long)c->msg.ctx);
	/* The kernel may free the payload once answered: unmap first. */
	call_unmap(c);
	if (c->plain_answer)
		edge_answer(c->dom, c->msg.ctx, retval);
	else
		answer(c->dom, c->msg.pid, c->msg.ctx, retval);
	call_free(c);
}

static void *worker(void *arg)
{
	struct proc *p = arg;
	struct call *c = NULL, *next;
	enum proc_fate fate;
	bool stopped;
	uint64_t one = 1;
	int ret;

	ret = preload_send(p->to_shell);
	if (ret)
		log_msg("%s: client %d: cannot send the preloaded modules: %s", p->dom->name,
			p->client_id, strerror(-ret));
	while (!ret) {
		pthread_mutex_lock(&p->lock);
		while (!p->head && !p->stopping && !p->exited)
			pthread_cond_wait(&p->cond, &p->lock);
		if (p->stopping || p->exited) {
			pthread_mutex_unlock(&p->lock);
			break;
		}
		c = p->head;
		p->head = c->next;
		if (!p->head)
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);

		ret = shell_run_call(p, c);
		if (ret) {
			log_dbg("%s: client %d: shell gone (%s)", p->dom->name,
				p->client_id, strerror(-ret));
			break;
		}
		c = NULL;
	}

	/* Whatever is left is answered (or dropped) here, once. */
	pthread_mutex_lock(&p->lock);
	stopped = p->stopping;
	fate = stopped ? p->fate : FATE_RESET;
	if (c) {
		c->next = p->head;
		p->head = c;
	}
	c = p->head;
	p->head = NULL;
	p->tail = NULL;
	p->closed = true;
	pthread_mutex_unlock(&p->lock);

	for (; c; c = next) {
		next = c->next;
		if (fate == FATE_RESET &&
		    c->gen == atomic_load(&p->dom->gen))
			finish_call(c, AEE_DSP_ERR(AEE_ENOSUCHPROCESS));
		else
			call_free(c);
	}

	pthread_mutex_lock(&p->lock);
	if (!stopped) {
		log_msg("%s: client %d: DSP process %d died", p->dom->name,
			p->client_id, (int)p->pid);
		atomic_fetch_add(&p->dom->st.died, 1);
		/* Alive but broken (a protocol error): finish it.  Once reaped,
		 * its pid may belong to someone else.
		 */
		if (!p->exited)
			kill(p->pid, SIGKILL);
	}
	p->worker_done = true;
	pthread_mutex_unlock(&p->lock);
	if (write(vdspd_wake_fd, &one, sizeof(one)) < 0)
		log_msg("cannot wake the main loop: %s", strerror(errno));
	return NULL;
}

/* Write the shell ELF (buffer @idx of @c) to a memfd the child can exec. */
static int elf_memfd(const struct call *c, unsigned int idx)
{
	int fd, ret;

	/* Close-on-exec: the child gets it as fd 4 (spawn_shell). */
	fd = memfd_create("fastrpc-shell", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = call_write_buf(fd, c, idx);
	if (ret) {
		close(fd);
		return ret;
	}
	return fd;
}

/* The fds a shell gets, and the first one it must not. */
#define CHILD_ELF_FD	4
#define CHILD_FDS	5

/* Move @fd (ours, close-on-exec) to CHILD_FDS or above: no dup2 onto 0..4 clobbers it. */
static int raise_fd(int *fd)
{
	int nfd;

	if (*fd >= CHILD_FDS)
		return 0;
	nfd = fcntl(*fd, F_DUPFD_CLOEXEC, CHILD_FDS);
	if (nfd < 0)
		return -errno;
	close(*fd);
	*fd = nfd;
	return 0;
}

/* Start the shell for @d: *@pid, and our ends of its pipes in *@to and *@from. */
static int spawn_shell(struct domain *d, int elf_fd, pid_t *pid, int *to, int *from)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int in[2] = { -1, -1 }, out[2] = { -1, -1 };
	int edge = -1, ret;
	char path[32];
	char *argv[3];
	sigset_t none, deflt;

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC)) {
		ret = -errno;
		goto err_close;
	}
	edge = fcntl(d->fd, F_DUPFD_CLOEXEC, CHILD_FDS);
	if (edge < 0) {
		ret = -errno;
		goto err_close;
	}
	ret = raise_fd(&in[0]);
	if (!ret)
		ret = raise_fd(&out[1]);
	if (ret)
		goto err_close;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", CHILD_ELF_FD);
	argv[0] = (char *)vdspd_qemu;
	argv[1] = path;
	argv[2] = NULL;

	sigemptyset(&none);
	sigemptyset(&deflt);
	sigaddset(&deflt, SIGPIPE);
	sigaddset(&deflt, SIGBUS);
	sigaddset(&deflt, SIGCHLD);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, edge, SHELL_EDGE_FD);
	posix_spawn_file_actions_adddup2(&fa, elf_fd, CHILD_ELF_FD);
	posix_spawn_file_actions_addclosefrom_np(&fa, CHILD_FDS);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &deflt);
	ret = -posix_spawn(pid, vdspd_qemu, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (ret)
		goto err_close;

	close(edge);
	close(in[0]);
	close(out[1]);
	*to = in[1];
	*from = out[0];
	return 0;

err_close:
	if (edge >= 0)
		close(edge);
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	return ret;
}

static void proc_free(struct proc *p)
{
	close(p->to_shell);
	close(p->from_shell);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->sent);
	free(p);
}

/*
 * Serve the DSP process @pid of @client_id, a child of ours, through @to
 * (its standard input) and @from (its standard output), which it owns
 * from now on, even on failure (then the child is killed and reaped).
 * 0, or the AEE code to answer create with.
 */
int proc_start(struct domain *d, int32_t client_id, const char *name, pid_t pid,
	       int to, int from)
{
	struct proc *p;
	int ret;

	p = calloc(1, sizeof(*p));
	if (!p) {
		ret = AEE_ENOMEMORY;
		goto err_kill;
	}
	p->dom = d;
	p->client_id = client_id;
	p->pid = pid;
	p->to_shell = to;
	p->from_shell = from;
	snprintf(p->name, sizeof(p->name), "%s", name);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	ret = pthread_create(&p->worker, NULL, worker, p);
	if (ret) {
		log_msg("%s: client %d: no worker thread: %s", d->name,
			client_id, strerror(ret));
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->cond);
		free(p);
		ret = AEE_ENOMEMORY;
		goto err_kill;
	}
	p->next = d->procs;
	d->procs = p;
	atomic_fetch_add(&d->st.spawned, 1);
	return 0;

err_kill:
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(to);
	close(from);
	return ret;
}

int proc_spawn(struct domain *d, int32_t client_id, const char *name,
	       const struct call *c, unsigned int elf_buf)
{
	int elf_fd, to, from, ret;
	pid_t pid;

	if (!vdspd_qemu) {
		log_msg("%s: cannot create client %d: no qemu-hexagon-static",
			d->name, client_id);
		return AEE_EFAILED;
	}
	elf_fd = elf_memfd(c, elf_buf);
	if (elf_fd >= 0 && elf_fd < CHILD_FDS) {
		ret = raise_fd(&elf_fd);
		if (ret) {
			close(elf_fd);
			elf_fd = ret;
		}
	}
	if (elf_fd < 0) {
		log_msg("%s: client %d: cannot stage the shell ELF: %s",
			d->name, client_id, strerror(-elf_fd));
		return AEE_EBADPARM;
	}
	ret = spawn_shell(d, elf_fd, &pid, &to, &from);
	close(elf_fd);
	if (ret) {
		log_msg("%s: client %d: cannot run %s: %s", d->name, client_id,
			vdspd_qemu, strerror(-ret));
		return AEE_EFAILED;
	}
	return proc_start(d, client_id, name, pid, to, from);
}

/* The process was told to stop or has been reaped: its reverse calls end. */
bool proc_gone(struct proc *p)
{
	bool gone;

	pthread_mutex_lock(&p->lock);
	gone = p->stopping || p->exited;
	pthread_mutex_unlock(&p->lock);
	return gone;
}

struct proc *proc_find(struct domain *d, int32_t client_id)
{
	struct proc *p;

	for (p = d->procs; p; p = p->next)
		if (p->client_id == client_id)
			return p;
	return NULL;
}

/* Queue @c for @p's worker, or answer it at once if the worker is done. */
void proc_submit(struct proc *p, struct call *c)
{
	bool closed;

	pthread_mutex_lock(&p->lock);
	closed = p->closed || p->stopping;
	if (!closed) {
		c->next = NULL;
		if (p->tail)
			p->tail->next = c;
		else
			p->head = c;
		p->tail = c;
		pthread_cond_signal(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);

	if (closed)
		finish_call(c, AEE_DSP_ERR(AEE_ENOSUCHPROCESS));
}

static void proc_unlink(struct domain *d, struct proc *p)
{
	struct proc **pp;

	for (pp = &d->procs; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			return;
		}
	}
}

/* Stop @p: kill it, let its worker settle its calls, reap, forget. */
void proc_stop(struct proc *p, enum proc_fate fate)
{
	struct domain *d = p->dom;

	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	p->fate = fate;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	/* After stopping is set: a reverse call registered later sees it. */
	rcall_end(d, p->client_id, AEE_DSP_ERR(AEE_EBADSTATE));

	/* Only the main thread reaps, and this is it: the pid is still ours. */
	if (!p->exited)
		kill(p->pid, SIGKILL);
	pthread_join(p->worker, NULL);
	if (!p->exited)
		waitpid(p->pid, NULL, 0);
	log_dbg("%s: client %d: DSP process %d stopped", d->name,
		p->client_id, (int)p->pid);
	proc_unlink(d, p);
	proc_free(p);
}

void proc_stop_all(struct domain *d, enum proc_fate fate)
{
	while (d->procs)
		proc_stop(d->procs, fate);
}

/* A child was reaped by the main loop. */
void proc_reap(struct domain *doms, unsigned int ndoms, pid_t pid,
	       int status)
{
	unsigned int i;
	struct proc *p;

	for (i = 0; i < ndoms; i++) {
		for (p = doms[i].procs; p; p = p->next) {
			if (p->pid != pid)
				continue;
			if (WIFSIGNALED(status))
				log_dbg("%s: client %d: DSP process %d killed by signal %d",
					doms[i].name, p->client_id, (int)pid,
					WTERMSIG(status));
			else
				log_dbg("%s: client %d: DSP process %d exited with %d",
					doms[i].name, p->client_id, (int)pid,
					WEXITSTATUS(status));
			pthread_mutex_lock(&p->lock);
			p->exited = true;
			pthread_cond_signal(&p->cond);
			pthread_mutex_unlock(&p->lock);
			/* Its worker may be waiting for the host's answer to a reverse call. */
			rcall_end(&doms[i], p->client_id, AEE_DSP_ERR(AEE_EBADSTATE));
			return;
		}
	}
}

/* Forget processes whose worker has finished on its own. */
void proc_collect(struct domain *d)
{
	struct proc *p, *next;
	bool done;

	for (p = d->procs; p; p = next) {
		next = p->next;
		pthread_mutex_lock(&p->lock);
		done = p->worker_done;
		pthread_mutex_unlock(&p->lock);
		if (!done)
			continue;
		pthread_join(p->worker, NULL);
		if (!p->exited)
			waitpid(p->pid, NULL, 0);
		/* Its listener's next2 ends; what it mapped and held goes with it. */
		listener_end(d, p->client_id);
		cstate_drop(d, p->client_id);
		/* Died on its own: the driver's release of it is still to come. */
		if (!p->stopping)
			domain_note_died(d, p->client_id);
		proc_unlink(d, p);
		proc_free(p);
	}
}
