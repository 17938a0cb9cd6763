// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: GEM objects.
 *
 * Every object is a name for one dma-buf: one the driver allocated
 * (GEM_CREATE), or one imported through PRIME.  The core below uses the
 * dma-buf only, so the legacy door can hand the same buffers around as
 * file descriptors.  Exporting an object exports its dma-buf; mmap() of an
 * object is mmap() of its dma-buf.
 */

#include <linux/dma-buf.h>
#include <linux/slab.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_vma_manager.h>
#include <drm/fastrpc_accel.h>

#include "fastrpc_cb.h"
#include "fastrpc_dma.h"
#include "fastrpc_drv.h"
#include "fastrpc_gem.h"
#include "fastrpc_session.h"

/**
 * struct fastrpc_gem - a GEM object
 * @base: the GEM object
 * @dmabuf: the buffer it names, referenced
 * @home: the mappings calls keep of @dmabuf when another driver exported it
 */
struct fastrpc_gem {
	struct drm_gem_object base;
	struct dma_buf *dmabuf;
	struct fastrpc_bufmap_home home;
};

static inline struct fastrpc_gem *to_fastrpc_gem(struct drm_gem_object *obj)
{
	return container_of(obj, struct fastrpc_gem, base);
}

static void fastrpc_gem_free(struct drm_gem_object *obj)
{
	struct fastrpc_gem *gem = to_fastrpc_gem(obj);

	drm_gem_free_mmap_offset(obj);
	drm_gem_object_release(obj);
	fastrpc_bufmap_home_evict(&gem->home);
	dma_buf_put(gem->dmabuf);
	kfree(gem);
}

static struct dma_buf *fastrpc_gem_export(struct drm_gem_object *obj,
					  int flags)
{
	struct fastrpc_gem *gem = to_fastrpc_gem(obj);

	get_dma_buf(gem->dmabuf);

	return gem->dmabuf;
}

/*
 * mmap() goes to the dma-buf's exporter.  drm_gem_mmap_obj() took a GEM
 * reference for GEM's vm_ops, which the exporter's replace: drop it.
 */
static int fastrpc_gem_mmap(struct drm_gem_object *obj,
			    struct vm_area_struct *vma)
{
	struct fastrpc_gem *gem = to_fastrpc_gem(obj);
	int err;

	vma->vm_private_data = NULL;
	vma->vm_ops = NULL;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);

	err = dma_buf_mmap(gem->dmabuf, vma, 0);
	if (!err)
		drm_gem_object_put(obj);

	return err;
}

static enum drm_gem_object_status fastrpc_gem_status(struct drm_gem_object *obj)
{
	/* Allocated at creation, pinned until freed. */
	return DRM_GEM_OBJECT_RESIDENT;
}

static const struct drm_gem_object_funcs fastrpc_gem_funcs = {
	.free = fastrpc_gem_free,
	.export = fastrpc_gem_export,
	.mmap = fastrpc_gem_mmap,
	.status = fastrpc_gem_status,
};

static struct fastrpc_gem *fastrpc_gem_new(struct drm_device *dev,
					   struct dma_buf *dmabuf)
{
	struct fastrpc_gem *gem;

	gem = kzalloc(sizeof(*gem), GFP_KERNEL);
	if (!gem)
		return ERR_PTR(-ENOMEM);

	gem->base.funcs = &fastrpc_gem_funcs;
	drm_gem_private_object_init(dev, &gem->base, dmabuf->size);
	gem->dmabuf = dmabuf;
	fastrpc_bufmap_home_init(&gem->home);

	return gem;
}

/**
 * fastrpc_gem_prime_import() - &drm_driver.gem_prime_import
 * @dev: the accel device
 * @dmabuf: a dma-buf from any exporter, ours included
 *
 * Nothing is attached yet: the buffer is mapped on the context bank of
 * each session that uses it, when it uses it.
 *
 * Return: a new object naming @dmabuf, or an ERR_PTR.
 */
struct drm_gem_object *fastrpc_gem_prime_import(struct drm_device *dev,
						struct dma_buf *dmabuf)
{
	struct fastrpc_gem *gem;

	if (!dmabuf->size || !PAGE_ALIGNED(dmabuf->size))
		return ERR_PTR(-EINVAL);

	get_dma_buf(dmabuf);
	gem = fastrpc_gem_new(dev, dmabuf);
	if (IS_ERR(gem)) {
		dma_buf_put(dmabuf);
		return ERR_CAST(gem);
	}

	return &gem->base;
}

/**
 * fastrpc_gem_arg_get() - a file's GEM handle, as a call's argument
 * @file: the file
 * @handle: the GEM handle
 * @dmabuf: out, the dma-buf it names
 * @home: out, where the call may keep its mapping
 *
 * Both stay valid while the object is referenced.
 *
 * Return: the object, referenced; ERR_PTR(-ENOENT) for an unknown handle.
 */
struct drm_gem_object *fastrpc_gem_arg_get(struct drm_file *file, u32 handle,
					   struct dma_buf **dmabuf,
					   struct fastrpc_bufmap_home **home)
{
	struct drm_gem_object *obj;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return ERR_PTR(-ENOENT);

	*dmabuf = to_fastrpc_gem(obj)->dmabuf;
	*home = &to_fastrpc_gem(obj)->home;
	return obj;
}

/**
 * fastrpc_gem_dmabuf_get() - the dma-buf a file's GEM handle names
 * @file: the file
 * @handle: the GEM handle
 *
 * Return: the dma-buf, referenced; ERR_PTR(-ENOENT) for an unknown handle.
 */
struct dma_buf *fastrpc_gem_dmabuf_get(struct drm_file *file, u32 handle)
{
	struct drm_gem_object *obj;
	struct dma_buf *dmabuf;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return ERR_PTR(-ENOENT);

	dmabuf = to_fastrpc_gem(obj)->dmabuf;
	get_dma_buf(dmabuf);
	drm_gem_object_put(obj);

	return dmabuf;
}

/**
 * fastrpc_gem_create_ioctl() - DRM_IOCTL_FASTRPC_GEM_CREATE
 * @dev: the accel device
 * @data: struct drm_fastrpc_gem_create
 * @file: the caller's file
 *
 * Return: 0 with the handle in @data; -EINVAL for a malformed request;
 * -ENOSPC past the caller's budget; -ENOMEM; -EINTR when killed while it
 * allocates; -ENODEV when the domain is gone.
 */
int fastrpc_gem_create_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file)
{
	struct drm_fastrpc_gem_create *args = data;
	struct fastrpc_file *fpriv = to_fastrpc_file(file);
	struct fastrpc_gem *gem;
	struct dma_buf *dmabuf;
	u32 handle;
	u64 size;
	int err;

	if (args->flags || !args->size)
		return -EINVAL;
	if (args->size > SIZE_MAX - PAGE_SIZE + 1)
		return -EINVAL;
	size = PAGE_ALIGN(args->size);

	/* Charged to the caller's budget for as long as the buffer lives. */
	dmabuf = fastrpc_domain_buf_alloc(fpriv->domain, size);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	gem = fastrpc_gem_new(dev, dmabuf);
	if (IS_ERR(gem)) {
		dma_buf_put(dmabuf);
		return PTR_ERR(gem);
	}

	err = drm_gem_handle_create(file, &gem->base, &handle);
	/* The handle holds the object now, or it goes. */
	drm_gem_object_put(&gem->base);
	if (err)
		return err;

	args->handle = handle;
	return 0;
}

/**
 * fastrpc_gem_mmap_offset_ioctl() - DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET
 * @dev: the accel device
 * @data: struct drm_fastrpc_gem_mmap_offset
 * @file: the caller's file
 *
 * Return: 0 with the offset in @data; -EINVAL for a malformed request;
 * -ENOENT for an unknown handle; -ENOMEM.
 */
int fastrpc_gem_mmap_offset_ioctl(struct drm_device *dev, void *data,
				  struct drm_file *file)
{
	struct drm_fastrpc_gem_mmap_offset *args = data;
	struct drm_gem_object *obj;
	int err;

	if (args->flags)
		return -EINVAL;

	obj = drm_gem_object_lookup(file, args->handle);
	if (!obj)
		return -ENOENT;

	err = drm_gem_create_mmap_offset(obj);
	if (!err)
		args->offset = drm_vma_node_offset_addr(&obj->vma_node);

	drm_gem_object_put(obj);
	return err;
}
