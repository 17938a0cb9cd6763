// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: sessions.
 *
 * A session is one process on the DSP.  Creating a user PD takes a client
 * id, a slot on a context bank and the process's init memory, then asks
 * the DSP to load the shell ELF.  Ending it asks the DSP to release the
 * process (unless the domain is gone), ends the calls the DSP will no
 * longer answer, and gives back the slot and the init memory.  The id
 * goes with the last reference.
 */

#include <linux/dma-mapping.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/fastrpc_accel.h>

#include "fastrpc_cb.h"
#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_session.h"

/* Loading the shell is slow in the lab; the caller can still be killed. */
#define FASTRPC_CREATE_TIMEOUT	(20 * HZ)
/* Release must end even if the DSP never answers (a closing file). */
#define FASTRPC_RELEASE_TIMEOUT	(5 * HZ)

#define FASTRPC_NAME_MAX	64

/* In buffer 0 of a create call. */
struct fastrpc_create_inbuf {
	s32 client_id;
	u32 namelen;
	u32 filelen;
	u32 pageslen;
	u32 attrs;
	u32 siglen;
};

static void fastrpc_session_free(struct kref *ref)
{
	struct fastrpc_session *session =
		container_of(ref, struct fastrpc_session, ref);
	struct fastrpc_domain *domain = session->domain;

	if (!session->keep_id)
		ida_free(&domain->client_ida, session->client_id);
	mutex_destroy(&session->lock);
	kfree(session);
	drm_dev_put(&domain->drm);
}

/**
 * fastrpc_session_put() - drop a reference to a session
 * @session: the session; ended already when this is the last reference
 */
void fastrpc_session_put(struct fastrpc_session *session)
{
	kref_put(&session->ref, fastrpc_session_free);
}

/**
 * fastrpc_session_check() - may a call be made into the session now?
 * @session: the session; its lock must be held
 * @kernel: a call of the driver's own (create, release)
 *
 * Return: 0; -ENODEV when the domain went away; -ENOENT when its owner
 * released it (only the driver's own calls may follow).
 */
int fastrpc_session_check(struct fastrpc_session *session, bool kernel)
{
	lockdep_assert_held(&session->lock);

	if (session->state == FASTRPC_SESSION_DEAD || !session->cb)
		return -ENODEV;
	if (session->state == FASTRPC_SESSION_ACTIVE || kernel)
		return 0;

	return -ENOENT;
}

static struct fastrpc_session *fastrpc_session_new(struct fastrpc_domain *domain,
						   u32 pd)
{
	struct fastrpc_session *session;
	int id;

	session = kzalloc(sizeof(*session), GFP_KERNEL);
	if (!session)
		return ERR_PTR(-ENOMEM);

	id = ida_alloc_min(&domain->client_ida, 1, GFP_KERNEL);
	if (id < 0) {
		kfree(session);
		return ERR_PTR(id);
	}

	kref_init(&session->ref);
	mutex_init(&session->lock);
	INIT_LIST_HEAD(&session->node);
	session->state = FASTRPC_SESSION_NEW;
	session->client_id = id;
	session->pd = pd;
	session->domain = domain;
	drm_dev_get(&domain->drm);

	return session;
}

/*
 * Take a slot and the init memory.  Inside drm_dev_enter(), so that once
 * remove has unplugged, every session holding a bank is on its list.
 */
static int fastrpc_session_attach_cb(struct fastrpc_session *session,
				     size_t init_size,
				     struct fastrpc_phy_page *init_page)
{
	struct fastrpc_domain *domain = session->domain;
	int idx, err;

	if (!drm_dev_enter(&domain->drm, &idx))
		return -ENODEV;

	mutex_lock(&session->lock);

	mutex_lock(&domain->lock);
	err = fastrpc_cb_slot_get(domain, &session->cb, &session->slot);
	if (!err)
		list_add_tail(&session->node, &domain->sessions);
	mutex_unlock(&domain->lock);
	if (err)
		goto out_unlock;

	session->init_virt = dma_alloc_coherent(session->cb->dev, init_size,
						&session->init_dma, GFP_KERNEL);
	if (!session->init_virt) {
		err = -ENOMEM;
		goto out_unlock;
	}
	session->init_size = init_size;
	init_page->addr = session->init_dma + ((u64)session->cb->sid << 32);
	init_page->size = init_size;

out_unlock:
	mutex_unlock(&session->lock);
	drm_dev_exit(idx);
	return err;
}

/* Give back what the session holds on its bank; idempotent. */
static void fastrpc_session_teardown(struct fastrpc_session *session)
{
	struct fastrpc_domain *domain = session->domain;

	mutex_lock(&session->lock);

	if (session->init_virt) {
		dma_free_coherent(session->cb->dev, session->init_size,
				  session->init_virt, session->init_dma);
		session->init_virt = NULL;
	}

	mutex_lock(&domain->lock);
	if (session->cb) {
		fastrpc_cb_slot_put(session->cb, session->slot);
		session->cb = NULL;
	}
	list_del_init(&session->node);
	mutex_unlock(&domain->lock);

	mutex_unlock(&session->lock);
}

/*
 * Ask the DSP to end the process: handle 1 method 1, from the kernel.
 * Return: true once the process is gone (or the whole DSP is).
 */
static bool fastrpc_session_release_dsp(struct fastrpc_session *session)
{
	s32 client_id = session->client_id;
	struct fastrpc_arg arg = {
		.ptr = (uintptr_t)&client_id,
		.size = sizeof(client_id),
		.kernel = true,
	};
	struct fastrpc_call call = {
		.handle = FASTRPC_INIT_HANDLE,
		.sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_RELEASE, 1, 0, 0, 0),
		.pid = 0,
		.kernel = true,
		.args = &arg,
		.wait = FASTRPC_WAIT_BOUNDED,
		.timeout = FASTRPC_RELEASE_TIMEOUT,
	};
	struct device *dev = session->domain->drm.dev;
	int err;

	err = fastrpc_call(session, &call);
	if (!err && !call.retval)
		return true;
	/* Gone with the domain: so is every process, and the id space. */
	if (err == -ENODEV || err == -ECONNRESET)
		return true;

	/* The process may live on: its id must not name a new one. */
	session->keep_id = true;
	if (err)
		dev_warn(dev, "release of client %d: %pe; kept until the DSP restarts\n",
			 client_id, ERR_PTR(err));
	else
		dev_warn(dev, "DSP failed to release client %d: %#x; kept until it restarts\n",
			 client_id, call.retval);
	return false;
}

/*
 * The DSP did not confirm the release, so its process may still use the
 * session's init memory and the payloads of its calls in flight.  The
 * domain keeps the session, with its slot, memory and calls, until it goes
 * away (fastrpc_sessions_kill()).  Return: false if that has happened.
 */
static bool fastrpc_session_orphan(struct fastrpc_session *session)
{
	struct fastrpc_domain *domain = session->domain;
	bool listed;

	mutex_lock(&session->lock);
	session->state = FASTRPC_SESSION_DEAD;
	mutex_unlock(&session->lock);

	mutex_lock(&domain->lock);
	listed = !list_empty(&session->node);
	if (listed) {
		session->orphan = true;
		fastrpc_session_get(session);
	}
	mutex_unlock(&domain->lock);

	return listed;
}

static void fastrpc_session_end(struct fastrpc_session *session,
				bool tell_dsp)
{
	if (tell_dsp && !fastrpc_session_release_dsp(session) &&
	    fastrpc_session_orphan(session))
		return;

	/* The process is gone: calls still in flight get no answer now. */
	fastrpc_contexts_fail(session->domain, session);
	fastrpc_session_teardown(session);
}

/**
 * fastrpc_session_create() - start a user PD on the DSP
 * @domain: the domain
 * @pd: what to create it from
 *
 * Return: the session, with one reference for the caller; ERR_PTR of
 * -ENOSPC when no slot is free, -ECONNREFUSED when the DSP refused the
 * process, -ENODEV or -ECONNRESET when the domain went away, -ETIMEDOUT
 * when the DSP did not answer, -EINTR when the caller was killed,
 * -EFAULT, -E2BIG or -ENOMEM.
 */
struct fastrpc_session *fastrpc_session_create(struct fastrpc_domain *domain,
					       const struct fastrpc_user_pd *pd)
{
	size_t init_size = ALIGN(max_t(size_t, SZ_2M, pd->shell_size * 4ULL),
				 SZ_1M);
	struct fastrpc_session *session;
	struct fastrpc_create_inbuf inbuf;
	struct fastrpc_phy_page init_page;
	struct fastrpc_arg args[6];
	struct fastrpc_call call;
	bool tell_dsp = false;
	int err;

	session = fastrpc_session_new(domain, FASTRPC_PD_USER);
	if (IS_ERR(session))
		return session;

	err = fastrpc_session_attach_cb(session, init_size, &init_page);
	if (err)
		goto err_end;

	inbuf = (struct fastrpc_create_inbuf) {
		.client_id = session->client_id,
		.namelen = strlen(pd->name) + 1,
		.filelen = pd->shell_size,
		.pageslen = 1,
		.attrs = pd->attrs,
		.siglen = pd->siglen,
	};
	args[0] = (struct fastrpc_arg) { (uintptr_t)&inbuf, sizeof(inbuf), true };
	args[1] = (struct fastrpc_arg) { (uintptr_t)pd->name, inbuf.namelen, true };
	args[2] = (struct fastrpc_arg) { pd->shell, pd->shell_size, false };
	args[3] = (struct fastrpc_arg) { (uintptr_t)&init_page, sizeof(init_page), true };
	args[4] = (struct fastrpc_arg) { (uintptr_t)&inbuf.attrs, sizeof(u32), true };
	args[5] = (struct fastrpc_arg) { (uintptr_t)&inbuf.siglen, sizeof(u32), true };

	call = (struct fastrpc_call) {
		.handle = FASTRPC_INIT_HANDLE,
		.sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_CREATE, 4, 0, 0, 0),
		.pid = session->client_id,
		.kernel = true,
		.args = args,
		.wait = FASTRPC_WAIT_KILLABLE,
		.timeout = FASTRPC_CREATE_TIMEOUT,
	};
	if (pd->attrs)
		call.sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_CREATE_ATTR, 6, 0, 0, 0);

	err = fastrpc_call(session, &call);
	if (err) {
		/* The DSP may yet create it: make sure it goes. */
		tell_dsp = err == -ETIMEDOUT || err == -EINTR;
		goto err_end;
	}
	if (call.retval) {
		dev_dbg(domain->drm.dev, "DSP refused client %d: %#x\n",
			session->client_id, call.retval);
		err = -ECONNREFUSED;
		goto err_end;
	}

	mutex_lock(&session->lock);
	if (session->state == FASTRPC_SESSION_NEW)
		session->state = FASTRPC_SESSION_ACTIVE;
	else
		err = -ENODEV;
	mutex_unlock(&session->lock);
	if (err)
		goto err_end;

	return session;

err_end:
	fastrpc_session_end(session, tell_dsp);
	fastrpc_session_put(session);
	return ERR_PTR(err);
}

/**
 * fastrpc_session_release() - end a session
 * @session: the session; the caller keeps its reference
 *
 * Tells the DSP unless the domain is gone, then frees what the session
 * holds even if the DSP did not answer in time.
 */
void fastrpc_session_release(struct fastrpc_session *session)
{
	bool tell_dsp;

	mutex_lock(&session->lock);
	tell_dsp = session->state == FASTRPC_SESSION_ACTIVE;
	if (tell_dsp)
		session->state = FASTRPC_SESSION_RELEASED;
	mutex_unlock(&session->lock);

	fastrpc_session_end(session, tell_dsp);
}

/**
 * fastrpc_sessions_kill() - the domain went away: end every session
 * @domain: the domain, unplugged
 *
 * Their processes died with the DSP; files keep their dead sessions
 * until closed.
 */
void fastrpc_sessions_kill(struct fastrpc_domain *domain)
{
	struct fastrpc_session *session;
	bool orphan;

	for (;;) {
		mutex_lock(&domain->lock);
		session = list_first_entry_or_null(&domain->sessions,
						   struct fastrpc_session,
						   node);
		if (session) {
			fastrpc_session_get(session);
			orphan = session->orphan;
			session->orphan = false;
		}
		mutex_unlock(&domain->lock);
		if (!session)
			break;

		mutex_lock(&session->lock);
		session->state = FASTRPC_SESSION_DEAD;
		mutex_unlock(&session->lock);

		/* Takes it off the list. */
		fastrpc_session_teardown(session);
		/* The reference the domain kept for an unreleased one. */
		if (orphan)
			fastrpc_session_put(session);
		fastrpc_session_put(session);
	}
}

static int fastrpc_session_copy_name(const struct drm_fastrpc_session_create *args,
				     char *name)
{
	if (!args->name_ptr) {
		if (args->name_size)
			return -EINVAL;
		__get_task_comm(name, FASTRPC_NAME_MAX, current);
		return 0;
	}

	if (!args->name_size || args->name_size > FASTRPC_NAME_MAX)
		return -EINVAL;
	if (copy_from_user(name, u64_to_user_ptr(args->name_ptr),
			   args->name_size))
		return -EFAULT;
	if (!memchr(name, '\0', args->name_size))
		return -EINVAL;

	return 0;
}

/**
 * fastrpc_session_create_ioctl() - DRM_IOCTL_FASTRPC_SESSION_CREATE
 * @dev: the accel device
 * @data: struct drm_fastrpc_session_create
 * @file: the caller's file
 *
 * Only user PDs for now: attaching to the root, sensors or a static PD
 * fails with -EOPNOTSUPP (DRM_FASTRPC_CAP_ATTACH is clear).
 *
 * Return: 0 with the client id in @data; -EINVAL for a malformed request;
 * -EFBIG for a shell above FASTRPC_MAX_SHELL_SIZE; -EBUSY when the file
 * has a session; the errors of fastrpc_session_create() otherwise.
 */
int fastrpc_session_create_ioctl(struct drm_device *dev, void *data,
				 struct drm_file *file)
{
	struct drm_fastrpc_session_create *args = data;
	struct fastrpc_file *fpriv = to_fastrpc_file(file);
	struct fastrpc_session *session;
	char name[FASTRPC_NAME_MAX];
	struct fastrpc_user_pd pd;
	int err = 0;

	if (args->flags)
		return -EINVAL;

	switch (args->type) {
	case DRM_FASTRPC_SESSION_USER_PD:
		break;
	case DRM_FASTRPC_SESSION_ROOT_PD:
	case DRM_FASTRPC_SESSION_SENSORS_PD:
	case DRM_FASTRPC_SESSION_STATIC_PD:
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}

	if (args->attrs & ~DRM_FASTRPC_PD_ATTRS)
		return -EINVAL;
	if (!args->shell_ptr || !args->shell_size)
		return -EINVAL;
	if (args->shell_size > FASTRPC_MAX_SHELL_SIZE)
		return -EFBIG;
	if (args->siglen > args->shell_size)
		return -EINVAL;
	if (!access_ok(u64_to_user_ptr(args->shell_ptr), args->shell_size))
		return -EFAULT;

	err = fastrpc_session_copy_name(args, name);
	if (err)
		return err;

	pd = (struct fastrpc_user_pd) {
		.attrs = args->attrs,
		.shell = args->shell_ptr,
		.shell_size = args->shell_size,
		.siglen = args->siglen,
		.name = name,
	};

	mutex_lock(&fpriv->lock);
	if (fpriv->session || fpriv->creating)
		err = -EBUSY;
	else
		fpriv->creating = true;
	mutex_unlock(&fpriv->lock);
	if (err)
		return err;

	/* Without the file's lock: creation waits for the DSP. */
	session = fastrpc_session_create(fpriv->domain, &pd);

	mutex_lock(&fpriv->lock);
	fpriv->creating = false;
	if (!IS_ERR(session)) {
		/* Once published, a RELEASE on another thread may free it. */
		args->client_id = session->client_id;
		fpriv->session = session;
	}
	mutex_unlock(&fpriv->lock);

	return PTR_ERR_OR_ZERO(session);
}

/**
 * fastrpc_session_release_ioctl() - DRM_IOCTL_FASTRPC_SESSION_RELEASE
 * @dev: the accel device
 * @data: struct drm_fastrpc_session_release
 * @file: the caller's file
 *
 * Return: 0; -EINVAL for a malformed request; -ENOENT when the file has no
 * session; -EBUSY while one is being created.
 */
int fastrpc_session_release_ioctl(struct drm_device *dev, void *data,
				  struct drm_file *file)
{
	struct drm_fastrpc_session_release *args = data;
	struct fastrpc_file *fpriv = to_fastrpc_file(file);
	struct fastrpc_session *session = NULL;
	int err = 0;

	if (args->flags || args->pad)
		return -EINVAL;

	mutex_lock(&fpriv->lock);
	if (fpriv->creating) {
		err = -EBUSY;
	} else {
		session = fpriv->session;
		fpriv->session = NULL;
		if (!session)
			err = -ENOENT;
	}
	mutex_unlock(&fpriv->lock);
	if (err)
		return err;

	fastrpc_session_release(session);
	fastrpc_session_put(session);

	return 0;
}
