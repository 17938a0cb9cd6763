/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: GEM objects, the accel door's names for dma-bufs.
 */
#ifndef __FASTRPC_GEM_H__
#define __FASTRPC_GEM_H__

#include <linux/types.h>

struct dma_buf;
struct drm_device;
struct drm_file;
struct drm_gem_object;
struct fastrpc_bufmap_home;

struct drm_gem_object *fastrpc_gem_arg_get(struct drm_file *file, u32 handle,
					   struct dma_buf **dmabuf,
					   struct fastrpc_bufmap_home **home);
struct dma_buf *fastrpc_gem_dmabuf_get(struct drm_file *file, u32 handle);

struct drm_gem_object *fastrpc_gem_prime_import(struct drm_device *dev,
						struct dma_buf *dmabuf);
int fastrpc_gem_create_ioctl(struct drm_device *dev, void *data,
			     struct drm_file *file);
int fastrpc_gem_mmap_offset_ioctl(struct drm_device *dev, void *data,
				  struct drm_file *file);

#endif /* __FASTRPC_GEM_H__ */
