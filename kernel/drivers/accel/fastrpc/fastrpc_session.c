// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: sessions.
 *
 * A session is one process on the DSP.  Creating a user PD takes a client
 * id, a slot on a context bank and the process's init memory, then asks
 * the DSP to load the shell ELF.  Attaching to the root or sensors PD, or
 * to a static PD by name, takes the id and the slot (and for a static PD
 * the heap it is lent) and tells the DSP.  Ending a session asks the DSP
 * to release the process (unless the domain is gone), ends the calls the
 * DSP will no longer answer, frees what the process held, and gives back
 * the slot and the init memory.  The id goes with the last reference.
 *
 * Attaching is privileged (see fastrpc_may_attach()).
 */

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/dma-mapping.h>
#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_print.h>
#include <drm/fastrpc_accel.h>

#include "fastrpc_cb.h"
#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_map.h"
#include "fastrpc_session.h"

static int attach_gid = -1;
module_param(attach_gid, int, 0644);
MODULE_PARM_DESC(attach_gid,
		 "Group whose members may attach to the root, sensors and static PDs (default none: CAP_SYS_ADMIN only)");

/* Loading the shell is slow in the lab; the caller can still be killed. */
#define FASTRPC_CREATE_TIMEOUT	(20 * HZ)
/* Release must end even if the DSP never answers (a closing file). */
#define FASTRPC_RELEASE_TIMEOUT	(5 * HZ)
/* Attaching starts nothing on the DSP. */
#define FASTRPC_ATTACH_TIMEOUT	(5 * HZ)

/* The DSP's answer to a release of a process it does not run. */
#define FASTRPC_AEE_ENOSUCHPROCESS	((s32)0x80000441)

/* In buffer 0 of a create static call. */
struct fastrpc_create_static_inbuf {
	s32 client_id;
	u32 namelen;
	u32 pageslen;
};

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
	xa_destroy(&session->handles);
	mutex_destroy(&session->map_lock);
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
	lockdep_assert(lockdep_is_held(&session->lock) ||
		       lockdep_is_held(&session->send_sem));

	if (session->state == FASTRPC_SESSION_DEAD || !session->cb)
		return -ENODEV;
	if (session->state == FASTRPC_SESSION_ACTIVE || kernel)
		return 0;

	return -ENOENT;
}

/**
 * fastrpc_may_attach() - may the caller attach to a privileged PD?
 *
 * The root, sensors and static PDs serve the whole system; so do user PDs
 * created as system or privileged processes.  The caller needs
 * CAP_SYS_ADMIN, or to be in the group the attach_gid parameter names.
 *
 * Return: true if so.
 */
bool fastrpc_may_attach(void)
{
	int gid = READ_ONCE(attach_gid);

	if (gid >= 0 && in_group_p(make_kgid(&init_user_ns, gid)))
		return true;

	return capable(CAP_SYS_ADMIN);
}

/**
 * fastrpc_session_type_name() - a session kind, for fdinfo and debugfs
 * @type: DRM_FASTRPC_SESSION_*
 *
 * Return: a static string.
 */
const char *fastrpc_session_type_name(u32 type)
{
	switch (type) {
	case DRM_FASTRPC_SESSION_USER_PD:
		return "user-pd";
	case DRM_FASTRPC_SESSION_ROOT_PD:
		return "root-pd";
	case DRM_FASTRPC_SESSION_SENSORS_PD:
		return "sensors-pd";
	default:
		return "static-pd";
	}
}

static u32 fastrpc_session_pd(u32 type)
{
	switch (type) {
	case DRM_FASTRPC_SESSION_ROOT_PD:
		return FASTRPC_PD_ROOT;
	case DRM_FASTRPC_SESSION_SENSORS_PD:
		return FASTRPC_PD_SENSORS;
	default:
		/* Static PDs are addressed as user PDs, as upstream does. */
		return FASTRPC_PD_USER;
	}
}

static struct fastrpc_session *fastrpc_session_new(struct fastrpc_domain *domain,
						   u32 type)
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
	init_rwsem(&session->send_sem);
	mutex_init(&session->lock);
	INIT_LIST_HEAD(&session->node);
	fastrpc_maps_init(session);
	fastrpc_bufmaps_init(&session->bufmaps);
	session->state = FASTRPC_SESSION_NEW;
	session->client_id = id;
	session->type = type;
	session->pd = fastrpc_session_pd(type);
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

	if (!init_size)
		goto out_unlock;

	session->init_virt = dma_alloc_coherent(session->cb->dev, init_size,
						&session->init_dma,
						GFP_KERNEL | __GFP_NOWARN);
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

static void fastrpc_session_teardown(struct fastrpc_session *session)
{
	struct fastrpc_domain *domain = session->domain;

	/* The process is gone: what it held goes, while the bank stays. */
	fastrpc_maps_close(session);
	fastrpc_bufmaps_close(&session->bufmaps);

	down_write(&session->send_sem);
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
	up_write(&session->send_sem);
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
	/* Released, or the DSP says no process of that id runs there. */
	if (!err && (!call.retval || call.retval == FASTRPC_AEE_ENOSUCHPROCESS))
		return true;
	/* Gone with the domain: so is every process, and the id space. */
	if (err == -ENODEV || err == -ECONNRESET)
		return true;

	/* The process may live on: its id must not name a new one. */
	session->keep_id = true;
	if (err)
		dev_warn(dev, "release of client %d: %pe; its slot is kept until the DSP restarts (debugfs orphans)\n",
			 client_id, ERR_PTR(err));
	else
		dev_warn(dev, "DSP failed to release client %d: %#x; its slot is kept until the DSP restarts (debugfs orphans)\n",
			 client_id, call.retval);
	return false;
}

/* Its process is gone, or may be: nothing of its owner's is sent now. */
static void fastrpc_session_kill(struct fastrpc_session *session)
{
	down_write(&session->send_sem);
	mutex_lock(&session->lock);
	session->state = FASTRPC_SESSION_DEAD;
	mutex_unlock(&session->lock);
	up_write(&session->send_sem);
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

	fastrpc_session_kill(session);

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

/* Handle 1 method 6 or 7: load the shell ELF as a new process. */
static int fastrpc_session_create_user(struct fastrpc_session *session,
				       const struct fastrpc_pd_spec *spec,
				       struct fastrpc_phy_page *init_page,
				       s32 *retval)
{
	struct fastrpc_create_inbuf inbuf = {
		.client_id = session->client_id,
		.namelen = strlen(spec->name) + 1,
		.filelen = spec->shell_size,
		.pageslen = 1,
		.attrs = spec->attrs,
		.siglen = spec->siglen,
	};
	struct fastrpc_arg args[6] = {
		{ (uintptr_t)&inbuf, sizeof(inbuf), true },
		{ (uintptr_t)spec->name, inbuf.namelen, true },
		{ spec->shell, spec->shell_size, false },
		{ (uintptr_t)init_page, sizeof(*init_page), true },
		{ (uintptr_t)&inbuf.attrs, sizeof(u32), true },
		{ (uintptr_t)&inbuf.siglen, sizeof(u32), true },
	};
	u32 sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_CREATE, 4, 0, 0, 0);

	/* A shell in a dma-buf travels by its pages, from its start. */
	if (spec->shell_buf)
		args[2] = (struct fastrpc_arg){ .size = spec->shell_size,
						.dmabuf = spec->shell_buf };

	if (spec->attrs)
		sc = DRM_FASTRPC_SCALARS(FASTRPC_INIT_CREATE_ATTR, 6, 0, 0, 0);

	return fastrpc_init_call(session, sc, args, true, FASTRPC_CREATE_TIMEOUT,
				 retval);
}

/*
 * Handle 1 method 8: start a static PD by name.  The first create the DSP
 * accepts lends it the domain's heap; later ones send no pages.
 */
static int fastrpc_session_create_static(struct fastrpc_session *session,
					 const struct fastrpc_pd_spec *spec,
					 s32 *retval)
{
	struct fastrpc_domain *domain = session->domain;
	struct fastrpc_create_static_inbuf inbuf = {
		.client_id = session->client_id,
		.namelen = strlen(spec->name) + 1,
	};
	struct fastrpc_phy_page heap = { };
	struct fastrpc_arg args[3] = {
		{ (uintptr_t)&inbuf, sizeof(inbuf), true },
		{ (uintptr_t)spec->name, inbuf.namelen, true },
		{ (uintptr_t)&heap, 0, true },
	};
	bool lending;
	int err;

	err = fastrpc_heap_lend(domain, spec->heap_size, &heap, &lending);
	if (err)
		return err;
	if (lending) {
		inbuf.pageslen = 1;
		args[2].size = sizeof(heap);
	}

	err = fastrpc_init_call(session,
				DRM_FASTRPC_SCALARS(FASTRPC_INIT_CREATE_STATIC, 3, 0, 0, 0),
				args, true, FASTRPC_CREATE_TIMEOUT, retval);

	/* Without an answer the DSP may hold the heap: it is lent. */
	if (lending)
		fastrpc_heap_settle(domain, err ? fastrpc_call_unanswered(err)
					   : !*retval);
	return err;
}

/* Handle 1 method 0: attach to the root or sensors PD (msg.ctx says which). */
static int fastrpc_session_attach_dsp(struct fastrpc_session *session,
				      s32 *retval)
{
	s32 client_id = session->client_id;
	struct fastrpc_arg arg = {
		(uintptr_t)&client_id, sizeof(client_id), true,
	};

	return fastrpc_init_call(session,
				 DRM_FASTRPC_SCALARS(FASTRPC_INIT_ATTACH, 1, 0, 0, 0),
				 &arg, true, FASTRPC_ATTACH_TIMEOUT, retval);
}

static size_t fastrpc_session_init_size(const struct fastrpc_pd_spec *spec)
{
	switch (spec->type) {
	case DRM_FASTRPC_SESSION_USER_PD:
		return ALIGN(max_t(size_t, SZ_2M, spec->shell_size * 4ULL),
			     SZ_1M);
	default:
		return 0;
	}
}

/**
 * fastrpc_session_create() - start a session: create a PD or attach to one
 * @domain: the domain
 * @spec: what to start; the caller checked the privilege it needs
 * @dsp_retval: out, the DSP's answer when it refused; may be NULL
 *
 * Return: the session, with one reference for the caller; ERR_PTR of
 * -ENOSPC when no slot is free, -ECONNREFUSED when the DSP refused the
 * process, -ENODEV or -ECONNRESET when the domain went away, -ETIMEDOUT
 * when the DSP did not answer, -EINTR when the caller was killed,
 * -EFAULT, -E2BIG or -ENOMEM.
 */
struct fastrpc_session *fastrpc_session_create(struct fastrpc_domain *domain,
					       const struct fastrpc_pd_spec *spec,
					       s32 *dsp_retval)
{
	struct fastrpc_phy_page init_page = { };
	struct fastrpc_session *session;
	bool tell_dsp = false;
	s32 retval = 0;
	int err;

	session = fastrpc_session_new(domain, spec->type);
	if (IS_ERR(session))
		return session;

	err = fastrpc_session_attach_cb(session, fastrpc_session_init_size(spec),
					&init_page);
	if (err)
		goto err_end;

	switch (spec->type) {
	case DRM_FASTRPC_SESSION_USER_PD:
		err = fastrpc_session_create_user(session, spec, &init_page,
						  &retval);
		break;
	case DRM_FASTRPC_SESSION_STATIC_PD:
		err = fastrpc_session_create_static(session, spec, &retval);
		break;
	default:
		err = fastrpc_session_attach_dsp(session, &retval);
		break;
	}
	if (err) {
		/* The DSP may yet start it: make sure it goes. */
		tell_dsp = fastrpc_call_unanswered(err);
		goto err_end;
	}
	if (retval) {
		dev_dbg(domain->drm.dev, "DSP refused client %d: %#x\n",
			session->client_id, retval);
		if (dsp_retval)
			*dsp_retval = retval;
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
 * fastrpc_domain_call() - a call of the driver's own outside any process
 * @domain: the domain
 * @call: the call; it is sent from the kernel, to the root PD
 *
 * For questions to the DSP itself, such as its capabilities: a session
 * that starts no process lends the call a slot for the time of it.
 *
 * Return: 0 when the DSP answered (its answer in @call's retval); -ENOSPC
 * when no slot is free; the errors of fastrpc_call() otherwise.
 */
int fastrpc_domain_call(struct fastrpc_domain *domain,
			struct fastrpc_call *call)
{
	struct fastrpc_session *session;
	int err;

	session = fastrpc_session_new(domain, DRM_FASTRPC_SESSION_ROOT_PD);
	if (IS_ERR(session))
		return PTR_ERR(session);

	err = fastrpc_session_attach_cb(session, 0, NULL);
	if (!err) {
		call->kernel = true;
		call->pid = 0;
		err = fastrpc_call(session, call);
	}

	/* No process was started: nothing to tell the DSP. */
	fastrpc_session_end(session, false);
	fastrpc_session_put(session);
	return err;
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

	down_write(&session->send_sem);
	mutex_lock(&session->lock);
	tell_dsp = session->state == FASTRPC_SESSION_ACTIVE;
	if (tell_dsp)
		session->state = FASTRPC_SESSION_RELEASED;
	mutex_unlock(&session->lock);
	up_write(&session->send_sem);

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

		fastrpc_session_kill(session);

		/* Takes it off the list. */
		fastrpc_session_teardown(session);
		/* The reference the domain kept for an unreleased one. */
		if (orphan)
			fastrpc_session_put(session);
		fastrpc_session_put(session);
	}
}

/**
 * fastrpc_session_trusted_only() - whether a user PD is for trusted callers
 * @domain: the domain
 * @attrs: the PD's DRM_FASTRPC_PD_ATTR_* bits
 *
 * On a secure domain only trusted callers load signed code, as upstream
 * keeps signed PDs to the -secure node; everyone may still offload an
 * unsigned PD where the DSP runs them (the compute DSPs).
 *
 * Return: true when only a trusted caller may create this PD.
 */
bool fastrpc_session_trusted_only(const struct fastrpc_domain *domain,
				  u32 attrs)
{
	if (!domain->secure)
		return false;
	if (!(attrs & DRM_FASTRPC_PD_ATTR_UNSIGNED))
		return true;

	return domain->id != DRM_FASTRPC_DOMAIN_CDSP &&
	       domain->id != DRM_FASTRPC_DOMAIN_CDSP1;
}

/**
 * fastrpc_pd_spec_check() - check what a door asks to start
 * @domain: the domain
 * @spec: filled in by the door but for the name; a static PD's heap size
 *	is rounded up to whole pages
 *
 * Return: the FASTRPC_PD_NEEDS_* bits of what the caller must be allowed,
 * for the door to decide; -EINVAL for a malformed spec, -EFBIG for a shell
 * above FASTRPC_MAX_SHELL_SIZE, -EFAULT for one the caller cannot read.
 */
int fastrpc_pd_spec_check(const struct fastrpc_domain *domain,
			  struct fastrpc_pd_spec *spec)
{
	int needs = 0;

	switch (spec->type) {
	case DRM_FASTRPC_SESSION_USER_PD:
		if (spec->attrs & ~DRM_FASTRPC_PD_ATTRS)
			return -EINVAL;
		if (spec->shell_size > FASTRPC_MAX_SHELL_SIZE)
			return -EFBIG;
		if (spec->siglen > spec->shell_size)
			return -EINVAL;
		if (spec->shell_size &&
		    !access_ok(u64_to_user_ptr(spec->shell), spec->shell_size))
			return -EFAULT;
		if (spec->attrs & (DRM_FASTRPC_PD_ATTR_SYSTEM |
				   DRM_FASTRPC_PD_ATTR_PRIVILEGED))
			needs |= FASTRPC_PD_NEEDS_PRIVILEGE;
		if (fastrpc_session_trusted_only(domain, spec->attrs))
			needs |= FASTRPC_PD_NEEDS_TRUST;
		return needs;
	case DRM_FASTRPC_SESSION_STATIC_PD:
		if (spec->heap_size > FASTRPC_MAX_STATIC_HEAP)
			return -EINVAL;
		spec->heap_size = PAGE_ALIGN(spec->heap_size);
		return FASTRPC_PD_NEEDS_PRIVILEGE;
	case DRM_FASTRPC_SESSION_ROOT_PD:
	case DRM_FASTRPC_SESSION_SENSORS_PD:
		return FASTRPC_PD_NEEDS_PRIVILEGE;
	default:
		return -EINVAL;
	}
}

/**
 * fastrpc_file_session_get() - the file's session, referenced
 * @fpriv: the file
 *
 * Return: the session, or NULL if the file has none.
 */
struct fastrpc_session *fastrpc_file_session_get(struct fastrpc_file *fpriv)
{
	struct fastrpc_session *session;

	mutex_lock(&fpriv->lock);
	session = fpriv->session;
	if (session)
		fastrpc_session_get(session);
	mutex_unlock(&fpriv->lock);

	return session;
}

/**
 * fastrpc_file_session_start() - start the file's session
 * @fpriv: the file
 * @spec: what to start; the caller checked it, and the privilege it needs
 * @client_id: out, the session's client id
 * @dsp_retval: out, the DSP's answer when it refused; may be NULL
 *
 * Return: 0; -EBUSY when the file has a session or is starting one; the
 * errors of fastrpc_session_create() otherwise.
 */
int fastrpc_file_session_start(struct fastrpc_file *fpriv,
			       const struct fastrpc_pd_spec *spec,
			       u32 *client_id, s32 *dsp_retval)
{
	struct fastrpc_session *session;
	int err = 0;

	mutex_lock(&fpriv->lock);
	if (fpriv->session || fpriv->creating)
		err = -EBUSY;
	else
		fpriv->creating = true;
	mutex_unlock(&fpriv->lock);
	if (err)
		return err;

	/* Without the file's lock: creation waits for the DSP. */
	session = fastrpc_session_create(fpriv->domain, spec, dsp_retval);

	mutex_lock(&fpriv->lock);
	fpriv->creating = false;
	if (!IS_ERR(session)) {
		/* Once published, a RELEASE on another thread may free it. */
		*client_id = session->client_id;
		fpriv->session = session;
	}
	mutex_unlock(&fpriv->lock);

	return PTR_ERR_OR_ZERO(session);
}

/**
 * fastrpc_file_init() - a new file of either door
 * @fpriv: the file's core part
 * @domain: its domain
 */
void fastrpc_file_init(struct fastrpc_file *fpriv, struct fastrpc_domain *domain)
{
	fpriv->domain = domain;
	mutex_init(&fpriv->lock);
}

/**
 * fastrpc_file_fini() - the file is closed: end its session
 * @fpriv: the file's core part; no ioctl runs on it any more
 */
void fastrpc_file_fini(struct fastrpc_file *fpriv)
{
	if (fpriv->session) {
		fastrpc_session_release(fpriv->session);
		fastrpc_session_put(fpriv->session);
	}
	mutex_destroy(&fpriv->lock);
}

/**
 * fastrpc_file_show() - a file's fdinfo lines: its domain, and what its
 * session holds on the DSP (Documentation/accel/fastrpc/fastrpc.rst)
 * @p: where to print
 * @fpriv: the file, of either door
 */
void fastrpc_file_show(struct drm_printer *p, struct fastrpc_file *fpriv)
{
	struct fastrpc_session *session;
	unsigned int nmaps, nhandles;
	u64 bytes;

	drm_printf(p, "fastrpc-domain:\t%s\n", fpriv->domain->name);
	session = fastrpc_file_session_get(fpriv);
	if (!session)
		return;

	fastrpc_maps_count(session, &nmaps, &nhandles, &bytes);
	drm_printf(p, "fastrpc-session-type:\t%s\n",
		   fastrpc_session_type_name(session->type));
	drm_printf(p, "fastrpc-client-id:\t%d\n", session->client_id);
	drm_printf(p, "fastrpc-calls:\t%d\n", atomic_read(&session->calls));
	drm_printf(p, "fastrpc-dsp-maps:\t%u\n", nmaps);
	drm_printf(p, "fastrpc-dsp-handles:\t%u\n", nhandles);
	drm_printf(p, "fastrpc-dsp-mapped:\t%llu KiB\n", bytes >> 10);
	fastrpc_session_put(session);
}

#if IS_ENABLED(CONFIG_DRM_ACCEL_FASTRPC_KUNIT_TEST)
#include "tests/fastrpc_session_test.c"
#endif
