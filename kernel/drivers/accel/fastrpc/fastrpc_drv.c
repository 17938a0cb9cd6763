// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: remote procedure calls into the processes of a
 * Qualcomm Hexagon DSP, one accel device per DSP.
 *
 * This file: the DRM driver and its door, the accel UAPI: each ioctl
 * checks its own fields, resolves its GEM handles and calls one entry of
 * the core (sessions, calls, DSP mappings), which knows no struct
 * drm_file; and the domain's life and the module.
 */

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/rpmsg.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <drm/drm_accel.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_managed.h>
#include <drm/fastrpc_accel.h>

#include "fastrpc_caps.h"
#include "fastrpc_cb.h"
#include "fastrpc_debugfs.h"
#include "fastrpc_dma.h"
#include "fastrpc_drv.h"
#include "fastrpc_gem.h"
#include "fastrpc_invoke.h"
#include "fastrpc_legacy.h"
#include "fastrpc_map.h"
#include "fastrpc_rpmsg.h"
#include "fastrpc_session.h"

#define FASTRPC_UAPI_VERSION	0

/* Longest process name SESSION_CREATE takes, with its NUL. */
#define FASTRPC_NAME_MAX	64
#define FASTRPC_CAPS		(DRM_FASTRPC_CAP_USER_PD | DRM_FASTRPC_CAP_INVOKE | \
				 DRM_FASTRPC_CAP_GEM | DRM_FASTRPC_CAP_INVOKE_GEM | \
				 DRM_FASTRPC_CAP_MAP | DRM_FASTRPC_CAP_ATTACH | \
				 DRM_FASTRPC_CAP_DSP_ATTR)

static int fastrpc_open(struct drm_device *dev, struct drm_file *file)
{
	struct fastrpc_file *fpriv;

	fpriv = kzalloc(sizeof(*fpriv), GFP_KERNEL);
	if (!fpriv)
		return -ENOMEM;

	fastrpc_file_init(fpriv, to_fastrpc_domain(dev));
	file->driver_priv = fpriv;

	return 0;
}

static void fastrpc_postclose(struct drm_device *dev, struct drm_file *file)
{
	struct fastrpc_file *fpriv = to_fastrpc_file(file);

	/* No ioctl runs on a file being closed. */
	fastrpc_file_fini(fpriv);
	kfree(fpriv);
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

/* Check a SESSION_CREATE request and turn it into a spec. */
static int fastrpc_session_spec(const struct fastrpc_domain *domain,
				const struct drm_fastrpc_session_create *args,
				char *name, struct fastrpc_pd_spec *spec)
{
	int needs, err;

	if (args->flags)
		return -EINVAL;

	/* What each type needs; the fields it leaves unused must be 0. */
	switch (args->type) {
	case DRM_FASTRPC_SESSION_USER_PD:
		if (!args->shell_ptr || !args->shell_size)
			return -EINVAL;
		break;
	case DRM_FASTRPC_SESSION_ROOT_PD:
	case DRM_FASTRPC_SESSION_SENSORS_PD:
		if (args->attrs || args->shell_ptr || args->shell_size ||
		    args->siglen || args->name_ptr || args->name_size)
			return -EINVAL;
		break;
	case DRM_FASTRPC_SESSION_STATIC_PD:
		if (args->attrs || args->shell_ptr || args->siglen ||
		    !args->name_ptr)
			return -EINVAL;
		break;
	}

	*spec = (struct fastrpc_pd_spec) {
		.type = args->type,
		.attrs = args->attrs,
		.siglen = args->siglen,
		.name = name,
	};
	if (args->type == DRM_FASTRPC_SESSION_STATIC_PD) {
		spec->heap_size = args->shell_size;
	} else {
		spec->shell = args->shell_ptr;
		spec->shell_size = args->shell_size;
	}

	needs = fastrpc_pd_spec_check(domain, spec);
	if (needs < 0)
		return needs;

	err = fastrpc_session_copy_name(args, name);
	if (err)
		return err;

	if (needs && !fastrpc_may_attach())
		return -EPERM;

	return 0;
}

/**
 * fastrpc_session_create_ioctl() - DRM_IOCTL_FASTRPC_SESSION_CREATE
 * @dev: the accel device
 * @data: struct drm_fastrpc_session_create
 * @file: the caller's file
 *
 * Return: 0 with the client id in @data; -EINVAL for a malformed request;
 * -EFBIG for a shell above FASTRPC_MAX_SHELL_SIZE; -EPERM for an attach
 * the caller may not make; -EBUSY when the file has a session; the errors
 * of fastrpc_session_create() otherwise.
 */
static int fastrpc_session_create_ioctl(struct drm_device *dev, void *data,
					struct drm_file *file)
{
	struct drm_fastrpc_session_create *args = data;
	struct fastrpc_file *fpriv = to_fastrpc_file(file);
	char name[FASTRPC_NAME_MAX];
	struct fastrpc_pd_spec spec;
	int err;

	err = fastrpc_session_spec(fpriv->domain, args, name, &spec);
	if (err)
		return err;

	return fastrpc_file_session_start(fpriv, &spec, &args->client_id, NULL);
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
static int fastrpc_session_release_ioctl(struct drm_device *dev, void *data,
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

/* DRM_IOCTL_FASTRPC_INVOKE's own fields, before its arguments are read. */
static int fastrpc_invoke_check(const struct drm_fastrpc_invoke *inv)
{
	if (inv->flags || (inv->sc & GENMASK(31, 29)))
		return -EINVAL;
	if (!DRM_FASTRPC_SCALARS_NARGS(inv->sc) != !inv->args_ptr)
		return -EINVAL;
	if (inv->handle == FASTRPC_INIT_HANDLE ||
	    inv->handle == FASTRPC_UTILITIES_HANDLE)
		return -EPERM;

	return 0;
}

/* One entry of DRM_IOCTL_FASTRPC_INVOKE's arguments; @priv the drm_file. */
static int fastrpc_invoke_arg(void *priv, const void *uarg, bool out,
			      bool handle, struct fastrpc_arg *arg)
{
	const struct drm_fastrpc_invoke_arg *u = uarg;
	struct dma_buf *dmabuf;

	if (u->flags & ~DRM_FASTRPC_ARG_GEM)
		return -EINVAL;

	if (!(u->flags & DRM_FASTRPC_ARG_GEM)) {
		/* A handle is always a buffer the DSP can keep. */
		if (handle || u->handle || u->offset)
			return -EINVAL;
		return fastrpc_arg_user(u->ptr, u->size, out, arg);
	}

	if (u->ptr)
		return -EINVAL;
	/* Malformed before any lookup: the handle entry is 32-bit. */
	if (handle && (u->offset > U32_MAX || u->size > U32_MAX))
		return -EINVAL;

	arg->gem = fastrpc_gem_arg_get(priv, u->handle, &dmabuf, &arg->home);
	if (IS_ERR(arg->gem)) {
		int err = PTR_ERR(arg->gem);

		arg->gem = NULL;
		return err;
	}
	return fastrpc_arg_dmabuf(dmabuf, u->offset, u->size, handle, arg);
}

/**
 * fastrpc_invoke_ioctl() - DRM_IOCTL_FASTRPC_INVOKE
 * @dev: the accel device
 * @data: struct drm_fastrpc_invoke
 * @file: the caller's file
 *
 * Return: 0 when the DSP answered, the method's result in @data's retval;
 * -EINVAL for a malformed request; -EPERM for the driver's handles;
 * -ENOENT for an unknown GEM handle, or when the file has no session;
 * -EFAULT for bad user memory; -ENODEV when its session is dead; the
 * errors of fastrpc_call() otherwise.
 */
static int fastrpc_invoke_ioctl(struct drm_device *dev, void *data,
				struct drm_file *file)
{
	struct drm_fastrpc_invoke *inv = data;
	int err;

	err = fastrpc_invoke_check(inv);
	if (err)
		return err;

	return fastrpc_file_invoke(to_fastrpc_file(file), inv->handle, inv->sc,
				   inv->args_ptr, sizeof(struct drm_fastrpc_invoke_arg),
				   fastrpc_invoke_arg, file, &inv->retval);
}

/**
 * fastrpc_map_ioctl() - DRM_IOCTL_FASTRPC_MAP
 * @dev: the accel device
 * @data: struct drm_fastrpc_map
 * @file: the caller's file
 *
 * Return: 0 with the DSP address in @data; -EINVAL for a malformed
 * request; -ENOENT for an unknown GEM handle or no session; the errors of
 * fastrpc_map_create() otherwise.
 */
static int fastrpc_map_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file)
{
	struct drm_fastrpc_map *args = data;
	struct fastrpc_map_req req = {
		.offset = args->offset,
		.size = args->size,
		.heap = args->flags & DRM_FASTRPC_MAP_HEAP,
	};
	struct dma_buf *dmabuf;
	int err;

	if (args->flags & ~DRM_FASTRPC_MAP_HEAP)
		return -EINVAL;
	if (!args->size || !PAGE_ALIGNED(args->size) ||
	    !PAGE_ALIGNED(args->offset))
		return -EINVAL;

	dmabuf = fastrpc_gem_dmabuf_get(file, args->handle);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	err = fastrpc_file_map(to_fastrpc_file(file), dmabuf, &req,
			       &args->dsp_addr);
	dma_buf_put(dmabuf);
	return err;
}

/**
 * fastrpc_unmap_ioctl() - DRM_IOCTL_FASTRPC_UNMAP
 * @dev: the accel device
 * @data: struct drm_fastrpc_unmap
 * @file: the caller's file
 *
 * Return: 0; -EINVAL for a malformed request; -ENOENT for an unknown GEM
 * handle, no session or no such mapping; the errors of
 * fastrpc_map_remove() otherwise.
 */
static int fastrpc_unmap_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file)
{
	struct drm_fastrpc_unmap *args = data;
	struct fastrpc_map_key key = { .dsp_addr = args->dsp_addr };
	int err;

	if (args->flags)
		return -EINVAL;

	key.dmabuf = fastrpc_gem_dmabuf_get(file, args->handle);
	if (IS_ERR(key.dmabuf))
		return PTR_ERR(key.dmabuf);
	err = fastrpc_file_unmap(to_fastrpc_file(file), &key);
	dma_buf_put(key.dmabuf);
	return err;
}

static int fastrpc_file_session_type(struct fastrpc_file *fpriv, u64 *type)
{
	struct fastrpc_session *session = fastrpc_file_session_get(fpriv);

	if (!session)
		return -ENOENT;

	*type = session->type;
	fastrpc_session_put(session);
	return 0;
}

static u64 fastrpc_file_session_state(struct fastrpc_file *fpriv)
{
	struct fastrpc_session *session = fastrpc_file_session_get(fpriv);
	u64 state = DRM_FASTRPC_SESSION_STATE_NONE;

	/* The file's lock is not held while taking the session's. */
	if (session) {
		mutex_lock(&session->lock);
		if (session->state == FASTRPC_SESSION_DEAD)
			state = DRM_FASTRPC_SESSION_STATE_DEAD;
		else
			state = DRM_FASTRPC_SESSION_STATE_ACTIVE;
		mutex_unlock(&session->lock);
		fastrpc_session_put(session);
	}

	return state;
}

static int fastrpc_query_name(struct fastrpc_domain *domain,
			      struct drm_fastrpc_query *query)
{
	size_t len = strlen(domain->name);

	query->value = len;
	if (query->data_size < len + 1)
		return -ENOSPC;
	if (copy_to_user(u64_to_user_ptr(query->data_ptr), domain->name,
			 len + 1))
		return -EFAULT;

	return 0;
}

/*
 * DRM_IOCTL_FASTRPC_QUERY.  Every parameter has a single instance, so
 * index must be 0; data_ptr is for DOMAIN_NAME only.
 *
 * MAX_ARGS is FASTRPC_MAX_ARGS, all the scalars word can count (255 + 255
 * buffers, 15 + 15 handles): the metadata of that many fits easily in a
 * payload.  The payload of one call (metadata and copies) is bounded by
 * FASTRPC_MAX_PAYLOAD (64 MiB, -E2BIG beyond); GEM arguments are not in it.
 */
/* Outside drm_dev_enter(): the first ask waits for the DSP. */
static int fastrpc_query_dsp_attr(struct drm_device *dev,
				  struct drm_fastrpc_query *query,
				  struct drm_file *file)
{
	u32 value;
	int err;

	if (query->flags || query->data_ptr || query->data_size ||
	    query->index >= FASTRPC_DSP_CAPS)
		return -EINVAL;
	if (drm_dev_is_unplugged(dev))
		return -ENODEV;

	err = fastrpc_file_dsp_attr(to_fastrpc_file(file), query->index,
				    &value);
	if (!err)
		query->value = value;
	return err;
}

static int fastrpc_query_ioctl(struct drm_device *dev, void *data,
			       struct drm_file *file)
{
	struct fastrpc_domain *domain = to_fastrpc_domain(dev);
	struct drm_fastrpc_query *query = data;
	int idx, err = 0;
	u32 n;

	if (query->param == DRM_FASTRPC_PARAM_DSP_ATTR)
		return fastrpc_query_dsp_attr(dev, query, file);
	if (query->flags || query->index)
		return -EINVAL;
	if (query->data_ptr &&
	    query->param != DRM_FASTRPC_PARAM_DOMAIN_NAME)
		return -EINVAL;

	if (!drm_dev_enter(dev, &idx))
		return -ENODEV;

	switch (query->param) {
	case DRM_FASTRPC_PARAM_UAPI_VERSION:
		query->value = FASTRPC_UAPI_VERSION;
		break;
	case DRM_FASTRPC_PARAM_DOMAIN_ID:
		query->value = domain->id;
		break;
	case DRM_FASTRPC_PARAM_DOMAIN_NAME:
		/* Copied out below: user memory must not hold up a removal. */
		break;
	case DRM_FASTRPC_PARAM_CAPS:
		query->value = FASTRPC_CAPS;
		break;
	case DRM_FASTRPC_PARAM_SECURE:
		query->value = domain->secure;
		break;
	case DRM_FASTRPC_PARAM_MAX_ARGS:
		query->value = FASTRPC_MAX_ARGS;
		break;
	case DRM_FASTRPC_PARAM_MAX_SHELL_SIZE:
		query->value = FASTRPC_MAX_SHELL_SIZE;
		break;
	case DRM_FASTRPC_PARAM_CONTEXT_BANKS:
		fastrpc_cb_slots(domain, &n, NULL);
		query->value = n;
		break;
	case DRM_FASTRPC_PARAM_SESSIONS_FREE:
		fastrpc_cb_slots(domain, NULL, &n);
		query->value = n;
		break;
	case DRM_FASTRPC_PARAM_SESSION_STATE:
		query->value = fastrpc_file_session_state(file->driver_priv);
		break;
	case DRM_FASTRPC_PARAM_GEM_MAX_BYTES:
		query->value = fastrpc_user_max_bytes();
		break;
	case DRM_FASTRPC_PARAM_MAX_CALLS:
		query->value = domain->call_share;
		break;
	case DRM_FASTRPC_PARAM_MAX_MAPS:
		query->value = FASTRPC_SESSION_MAX_MAPS;
		break;
	case DRM_FASTRPC_PARAM_SESSION_TYPE:
		err = fastrpc_file_session_type(file->driver_priv,
						&query->value);
		break;
	default:
		err = -EINVAL;
		break;
	}

	drm_dev_exit(idx);

	/* The name is the domain's for its whole life. */
	if (!err && query->param == DRM_FASTRPC_PARAM_DOMAIN_NAME)
		err = fastrpc_query_name(domain, query);
	return err;
}

static const struct drm_ioctl_desc fastrpc_ioctls[] = {
	DRM_IOCTL_DEF_DRV(FASTRPC_QUERY, fastrpc_query_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_GEM_CREATE, fastrpc_gem_create_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_GEM_MMAP_OFFSET, fastrpc_gem_mmap_offset_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_SESSION_CREATE, fastrpc_session_create_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_SESSION_RELEASE, fastrpc_session_release_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_INVOKE, fastrpc_invoke_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_MAP, fastrpc_map_ioctl, 0),
	DRM_IOCTL_DEF_DRV(FASTRPC_UNMAP, fastrpc_unmap_ioctl, 0),
};

/* DEFINE_DRM_ACCEL_FOPS() plus fdinfo, which it lacks in 6.12. */
static const struct file_operations fastrpc_fops = {
	.owner = THIS_MODULE,
	DRM_ACCEL_FOPS,
	.show_fdinfo = drm_show_fdinfo,
};

/*
 * DRM fdinfo: the core prints drm-driver and drm-client-id, the memory
 * stats come from the file's GEM objects; then the lines both doors print.
 */
static void fastrpc_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	drm_show_memory_stats(p, file);
	fastrpc_file_show(p, to_fastrpc_file(file));
}

static const struct drm_driver fastrpc_drm_driver = {
	.driver_features = DRIVER_COMPUTE_ACCEL | DRIVER_GEM,
	.open = fastrpc_open,
	.postclose = fastrpc_postclose,
	.gem_prime_import = fastrpc_gem_prime_import,
	.show_fdinfo = fastrpc_show_fdinfo,
	.ioctls = fastrpc_ioctls,
	.num_ioctls = ARRAY_SIZE(fastrpc_ioctls),
	.fops = &fastrpc_fops,
	.name = "fastrpc",
	.desc = "Qualcomm FastRPC",
	.major = 1,
	.minor = 0,
};

static void fastrpc_domain_fini(struct drm_device *drm, void *arg)
{
	struct fastrpc_domain *domain = arg;

	xa_destroy(&domain->ctxs);
	ida_destroy(&domain->client_ida);
}

/**
 * fastrpc_domain_alloc() - allocate a domain and its accel device
 * @parent: the RPMsg device; the domain's first reference is devres of it
 * @id: DRM_FASTRPC_DOMAIN_*
 * @name: the domain's name, static
 * @secure: whether the domain is secure
 *
 * The domain is freed with its last reference: the RPMsg device's unbind
 * and the last open file.
 *
 * Return: the domain or an ERR_PTR.
 */
struct fastrpc_domain *fastrpc_domain_alloc(struct device *parent, u32 id,
					    const char *name, bool secure)
{
	struct fastrpc_domain *domain;
	int err;

	domain = devm_drm_dev_alloc(parent, &fastrpc_drm_driver,
				    struct fastrpc_domain, drm);
	if (IS_ERR(domain))
		return domain;

	domain->id = id;
	domain->name = name;
	domain->secure = secure;
	INIT_LIST_HEAD(&domain->cbs);
	INIT_LIST_HEAD(&domain->sessions);
	init_waitqueue_head(&domain->caps_wq);
	ida_init(&domain->client_ida);
	xa_init_flags(&domain->ctxs, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);

	err = drmm_add_action_or_reset(&domain->drm, fastrpc_domain_fini,
				       domain);
	if (err)
		return ERR_PTR(err);

	err = drmm_mutex_init(&domain->drm, &domain->lock);
	if (err)
		return ERR_PTR(err);

	return domain;
}

/**
 * fastrpc_domain_register() - make the domain's accel device visible
 * @domain: the domain
 *
 * Return: 0 or -errno.
 */
int fastrpc_domain_register(struct fastrpc_domain *domain)
{
	int err;

	/* Every bank probed when the domain populated them. */
	domain->call_share = fastrpc_call_share(fastrpc_cb_slots(domain, NULL,
								 NULL));

	fastrpc_debugfs_init(domain);

	err = drm_dev_register(&domain->drm, 0);
	if (!err)
		fastrpc_legacy_register(domain);

	return err;
}

/**
 * fastrpc_domain_remove() - the DSP went away
 * @domain: the domain
 *
 * Takes the legacy nodes away, then unplugs, so that no call starts and
 * every one being mapped is sent; then ends every call in flight
 * (-ECONNRESET) and every session, and waits until no call holds memory
 * on a context bank, so that the banks can go, and takes the static PDs'
 * heap back.  Open files keep the domain until they are closed; their
 * ioctls fail with -ENODEV.
 */
void fastrpc_domain_remove(struct fastrpc_domain *domain)
{
	fastrpc_legacy_unregister(domain);
	drm_dev_unplug(&domain->drm);
	fastrpc_contexts_fail(domain, NULL);
	fastrpc_sessions_kill(domain);
	fastrpc_contexts_wait(domain);
	fastrpc_heap_free(domain);
}

static int __init fastrpc_init(void)
{
	int err;

	err = fastrpc_invoke_init();
	if (err)
		return err;

	err = platform_driver_register(&fastrpc_cb_driver);
	if (err)
		goto err_invoke_exit;

	err = register_rpmsg_driver(&fastrpc_rpmsg_driver);
	if (err)
		goto err_unregister_cb;

	return 0;

err_unregister_cb:
	platform_driver_unregister(&fastrpc_cb_driver);
err_invoke_exit:
	fastrpc_invoke_exit();
	return err;
}

static void __exit fastrpc_exit(void)
{
	/* Domains first: removing one depopulates its context banks. */
	unregister_rpmsg_driver(&fastrpc_rpmsg_driver);
	platform_driver_unregister(&fastrpc_cb_driver);
	fastrpc_invoke_exit();
}

module_init(fastrpc_init);
module_exit(fastrpc_exit);

MODULE_DESCRIPTION("Qualcomm FastRPC accelerator");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);

#if IS_ENABLED(CONFIG_DRM_ACCEL_FASTRPC_KUNIT_TEST)
#include "tests/fastrpc_drv_test.c"
#endif
