// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: the legacy door, /dev/fastrpc-<domain>[-secure].
 *
 * Programs written for the misc driver (drivers/misc/fastrpc.c) keep
 * working: its device nodes and the ioctls of include/uapi/misc/fastrpc.h,
 * served by the same core as the accel device.  Buffers are dma-buf fds,
 * as there.  A file holds at most one session, started by INIT_CREATE,
 * INIT_ATTACH, INIT_ATTACH_SNS or INIT_CREATE_STATIC, ended by close().
 *
 * Where the misc driver of Linux 6.12 does otherwise, and why, is in
 * Documentation/accel/fastrpc/legacy.rst: opening takes no session slot;
 * a privileged PD needs the -secure node or the accel door's privilege;
 * a call on a file without a session is refused, not sent to the root PD;
 * reserved fields must be 0.
 */

#include <linux/dma-buf.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/fastrpc_accel.h>
#include <uapi/misc/fastrpc.h>

#include "fastrpc_caps.h"
#include "fastrpc_drv.h"
#include "fastrpc_dma.h"
#include "fastrpc_invoke.h"
#include "fastrpc_legacy.h"
#include "fastrpc_map.h"
#include "fastrpc_session.h"

static bool legacy_nodes = true;
module_param(legacy_nodes, bool, 0444);
MODULE_PARM_DESC(legacy_nodes,
		 "Also serve the misc driver's UAPI on /dev/fastrpc-<domain>[-secure] (default: yes)");

/* The misc driver's limits and flags, facts of its UAPI. */
#define LEGACY_NAMELEN_MAX	128	/* INIT_CREATE_STATIC's name */
#define LEGACY_MMAP_ADD_PAGES	0x1000
#define LEGACY_MMAP_REMOTE_HEAP	0x8
#define LEGACY_DOMAINS		5	/* GET_DSP_INFO knows adsp..cdsp1 */
#define LEGACY_DOMAIN_MDSP	1

/**
 * struct fastrpc_legacy_node - one legacy device node of a domain
 * @misc: the node
 * @domain: its domain
 * @secure: the -secure node, which trusted programs are given access to
 * @name: "fastrpc-<domain>[-secure]"
 */
struct fastrpc_legacy_node {
	struct miscdevice misc;
	struct fastrpc_domain *domain;
	bool secure;
	char name[32];
};

/**
 * struct fastrpc_legacy_file - an open legacy node
 * @core: the session part, shared with the accel door
 * @secure: opened through the -secure node
 */
struct fastrpc_legacy_file {
	struct fastrpc_file core;
	bool secure;
};

static int fastrpc_legacy_open(struct inode *inode, struct file *filp)
{
	struct miscdevice *misc = filp->private_data;
	struct fastrpc_legacy_node *node =
		container_of(misc, struct fastrpc_legacy_node, misc);
	struct fastrpc_legacy_file *lf;

	/* misc_open() holds the lock misc_deregister() takes: node is alive. */
	if (drm_dev_is_unplugged(&node->domain->drm))
		return -ENODEV;

	lf = kzalloc(sizeof(*lf), GFP_KERNEL);
	if (!lf)
		return -ENOMEM;

	drm_dev_get(&node->domain->drm);
	fastrpc_file_init(&lf->core, node->domain);
	lf->secure = node->secure;
	filp->private_data = lf;

	return 0;
}

static int fastrpc_legacy_release(struct inode *inode, struct file *filp)
{
	struct fastrpc_legacy_file *lf = filp->private_data;
	struct fastrpc_domain *domain = lf->core.domain;

	fastrpc_file_fini(&lf->core);
	kfree(lf);
	drm_dev_put(&domain->drm);

	return 0;
}

/*
 * As the misc driver rules: on a secure domain the plain node offloads
 * unsigned PDs only, and only to the DSPs that run them; the -secure node
 * offloads any.
 */
static bool fastrpc_legacy_rejected(const struct fastrpc_domain *domain,
				    bool secure_node, u32 attrs)
{
	return !secure_node && fastrpc_session_trusted_only(domain, attrs);
}

/*
 * Check a spec.  Root, sensors and static PDs, and system or privileged
 * processes, serve the whole system: the -secure node (its permissions
 * decide who opens it), or the privilege the accel door asks for.  The
 * misc driver of 6.12 asks nothing; a mainline fix asking for the -secure
 * node alone was reverted because daemons on boards with only the plain
 * node broke.
 */
static int fastrpc_legacy_allowed(struct fastrpc_legacy_file *lf,
				  struct fastrpc_pd_spec *spec)
{
	int needs = fastrpc_pd_spec_check(lf->core.domain, spec);

	if (needs < 0)
		return needs == -EFBIG ? -EINVAL : needs;
	if ((needs & FASTRPC_PD_NEEDS_PRIVILEGE) && !lf->secure &&
	    !fastrpc_may_attach())
		return -EACCES;
	return 0;
}

/*
 * Start an allowed spec.  The DSP's refusal is the ioctl's result, as the
 * misc driver returns it.
 */
static int fastrpc_legacy_start(struct fastrpc_legacy_file *lf,
				const struct fastrpc_pd_spec *spec)
{
	s32 retval = 0;
	u32 client_id;
	int err;

	err = fastrpc_file_session_start(&lf->core, spec, &client_id, &retval);
	if (err == -ECONNREFUSED && retval)
		return retval;

	return err;
}

static int fastrpc_legacy_attach(struct fastrpc_legacy_file *lf, u32 type)
{
	struct fastrpc_pd_spec spec = { .type = type };

	return fastrpc_legacy_allowed(lf, &spec) ?: fastrpc_legacy_start(lf, &spec);
}

/* The misc driver's attribute bits are the accel UAPI's. */
static_assert(FASTRPC_MODE_UNSIGNED_MODULE == DRM_FASTRPC_PD_ATTR_UNSIGNED);
static_assert(FASTRPC_MODE_SYSTEM_PROCESS == DRM_FASTRPC_PD_ATTR_SYSTEM);
static_assert(FASTRPC_MODE_PRIVILEGED == DRM_FASTRPC_PD_ATTR_PRIVILEGED);

static int fastrpc_legacy_create(struct fastrpc_legacy_file *lf,
				 void __user *argp)
{
	struct fastrpc_init_create init;
	char name[TASK_COMM_LEN];
	struct fastrpc_pd_spec spec = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.name = name,
	};
	int err;

	if (copy_from_user(&init, argp, sizeof(init)))
		return -EFAULT;

	/* Refused before its sizes are looked at, as the misc driver does. */
	if (fastrpc_legacy_rejected(lf->core.domain, lf->secure, init.attrs))
		return -ECONNREFUSED;

	/* No file: the DSP loads the shell it has, as with the misc driver. */
	get_task_comm(name, current);
	spec.attrs = init.attrs;
	spec.shell = init.file;
	spec.shell_size = init.filelen;
	spec.siglen = init.siglen;

	err = fastrpc_legacy_allowed(lf, &spec);
	if (err)
		return err;

	/* The shell in a dma-buf (fd 0 says none) goes by its pages. */
	if (init.filelen && init.filefd) {
		spec.shell_buf = dma_buf_get(init.filefd);
		if (IS_ERR(spec.shell_buf))
			return PTR_ERR(spec.shell_buf);
		if (init.filelen > spec.shell_buf->size) {
			dma_buf_put(spec.shell_buf);
			return -EINVAL;
		}
	}

	err = fastrpc_legacy_start(lf, &spec);

	if (spec.shell_buf)
		dma_buf_put(spec.shell_buf);
	return err;
}

static int fastrpc_legacy_create_static(struct fastrpc_legacy_file *lf,
					void __user *argp)
{
	struct fastrpc_init_create_static init;
	char name[LEGACY_NAMELEN_MAX + 1] = { };
	struct fastrpc_pd_spec spec = {
		.type = DRM_FASTRPC_SESSION_STATIC_PD,
		.name = name,
	};
	int err;

	/* Refused before the request is read, as the misc driver does. */
	err = fastrpc_legacy_allowed(lf, &spec);
	if (err)
		return err;

	if (copy_from_user(&init, argp, sizeof(init)))
		return -EFAULT;
	if (!init.namelen || init.namelen > LEGACY_NAMELEN_MAX)
		return -EINVAL;
	spec.heap_size = init.memlen;
	err = fastrpc_pd_spec_check(lf->core.domain, &spec);
	if (err < 0)
		return err;
	/* The name up to its first NUL, or namelen bytes of it. */
	if (copy_from_user(name, u64_to_user_ptr(init.name), init.namelen))
		return -EFAULT;
	if (!name[0])
		return -EINVAL;

	return fastrpc_legacy_start(lf, &spec);
}

/*
 * Where in its dma-buf an argument starts: the misc driver's programs pass
 * the address of the buffer's mapping in their address space.
 */
static int fastrpc_legacy_buf_offset(struct dma_buf *dmabuf, u64 ptr,
				     u64 *offset)
{
	struct vm_area_struct *vma;
	int err = -EFAULT;

	mmap_read_lock(current->mm);
	vma = vma_lookup(current->mm, ptr);
	if (vma && vma->vm_file == dmabuf->file) {
		*offset = ptr - vma->vm_start + (vma->vm_pgoff << PAGE_SHIFT);
		err = 0;
	}
	mmap_read_unlock(current->mm);

	return err;
}

/* One entry of FASTRPC_IOCTL_INVOKE's arguments. */
static int fastrpc_legacy_arg(void *priv, const void *uarg, bool out,
			      bool handle, struct fastrpc_arg *arg)
{
	const struct fastrpc_invoke_args *u = uarg;
	struct dma_buf *dmabuf;
	u64 offset;
	int err;

	if (u->attr & FASTRPC_ATTR_SECUREMAP)
		return -EOPNOTSUPP;

	/* fd 0 and -1 mean no buffer, as with the misc driver: a copy. */
	if (u->fd == 0 || u->fd == -1 || !u->length) {
		/* A handle is always a buffer the DSP can keep. */
		if (handle)
			return -EINVAL;
		return fastrpc_arg_user(u->ptr, u->length, out, arg);
	}

	/* Not open, or no dma-buf: -EINVAL either way, as the misc driver. */
	dmabuf = dma_buf_get(u->fd);
	if (IS_ERR(dmabuf))
		return -EINVAL;

	/* The reference is the argument's, dropped with it. */
	arg->dmabuf = dmabuf;
	err = fastrpc_legacy_buf_offset(dmabuf, u->ptr, &offset);
	return err ?: fastrpc_arg_dmabuf(dmabuf, offset, u->length, handle, arg);
}

static int fastrpc_legacy_invoke(struct fastrpc_legacy_file *lf,
				 void __user *argp)
{
	struct fastrpc_invoke inv;
	s32 retval;
	int err;

	if (copy_from_user(&inv, argp, sizeof(inv)))
		return -EFAULT;
	if (inv.sc & GENMASK(31, 29))
		return -EINVAL;
	if (inv.handle == FASTRPC_INIT_HANDLE)
		return -EPERM;

	err = fastrpc_file_invoke(&lf->core, inv.handle, inv.sc, inv.args,
				  sizeof(struct fastrpc_invoke_args),
				  fastrpc_legacy_arg, NULL, &retval);
	/* The DSP's error is the result, as the misc driver returns it. */
	if (!err)
		return retval;
	return err == -ENOENT ? -EINVAL : err;
}

/* A size that rounds up to whole pages without overflowing. */
static bool fastrpc_legacy_size_ok(u64 size)
{
	return size && size <= SIZE_MAX - PAGE_SIZE + 1;
}

/* A dma-buf fd for a new buffer; the fd is installed once it is told. */
static int fastrpc_legacy_alloc(struct fastrpc_legacy_file *lf,
				void __user *argp)
{
	struct fastrpc_alloc_dma_buf req;
	struct dma_buf *dmabuf;
	int fd;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!fastrpc_legacy_size_ok(req.size))
		return -EINVAL;

	dmabuf = fastrpc_domain_buf_alloc(lf->core.domain, PAGE_ALIGN(req.size));
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	/* Not close-on-exec, as the misc driver's: programs hand them on. */
	fd = get_unused_fd_flags(0);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}

	req.fd = fd;
	if (copy_to_user(argp, &req, sizeof(req))) {
		put_unused_fd(fd);
		dma_buf_put(dmabuf);
		return -EFAULT;
	}
	fd_install(fd, dmabuf->file);

	return 0;
}

/*
 * Map, then tell the caller where (@vaddrout lies in @req); when telling
 * fails the mapping goes again, so none is left that the caller never knew.
 * The misc driver says -EINVAL when the file has no session.
 */
static int fastrpc_legacy_map(struct fastrpc_legacy_file *lf,
			      struct dma_buf *dmabuf,
			      const struct fastrpc_map_req *map,
			      u64 *vaddrout, void __user *argp,
			      const void *req, size_t size)
{
	struct fastrpc_map_key key = {
		.dmabuf = dmabuf,
		.kind = map->heap ? FASTRPC_MAP_HEAP : FASTRPC_MAP_MEM,
	};
	int err;

	err = fastrpc_file_map(&lf->core, dmabuf, map, vaddrout);
	if (err || !copy_to_user(argp, req, size))
		return err == -ENOENT ? -EINVAL : err;

	key.dsp_addr = *vaddrout;
	fastrpc_file_unmap(&lf->core, &key);
	return -EFAULT;
}

static int fastrpc_legacy_mmap_check(const struct fastrpc_req_mmap *req)
{
	/* Growing a static PD's remote heap is left to its creation. */
	if (req->flags == LEGACY_MMAP_REMOTE_HEAP)
		return -EOPNOTSUPP;
	if (req->flags != LEGACY_MMAP_ADD_PAGES || req->vaddrin)
		return -EINVAL;

	return fastrpc_legacy_size_ok(req->size) ? 0 : -EINVAL;
}

/* MMAP: pages of the driver's given to the process's heap. */
static int fastrpc_legacy_mmap(struct fastrpc_legacy_file *lf,
			       void __user *argp)
{
	struct fastrpc_map_req map = { .heap = true };
	struct fastrpc_req_mmap req;
	struct dma_buf *dmabuf;
	int err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	err = fastrpc_legacy_mmap_check(&req);
	if (err)
		return err;
	map.size = PAGE_ALIGN(req.size);

	dmabuf = fastrpc_domain_buf_alloc(lf->core.domain, map.size);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	/* The mapping holds the buffer from now on. */
	err = fastrpc_legacy_map(lf, dmabuf, &map, &req.vaddrout, argp, &req,
				 sizeof(req));
	dma_buf_put(dmabuf);
	return err;
}

/* The misc driver says -EINVAL for a mapping it does not know. */
static int fastrpc_legacy_unmap(struct fastrpc_legacy_file *lf,
				const struct fastrpc_map_key *key)
{
	int err = fastrpc_file_unmap(&lf->core, key);

	return err == -ENOENT ? -EINVAL : err;
}

static int fastrpc_legacy_munmap(struct fastrpc_legacy_file *lf,
				 void __user *argp)
{
	struct fastrpc_req_munmap req;
	struct fastrpc_map_key key = { .kind = FASTRPC_MAP_HEAP };

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!fastrpc_legacy_size_ok(req.size))
		return -EINVAL;

	key.dsp_addr = req.vaddrout;
	key.size = PAGE_ALIGN(req.size);
	return fastrpc_legacy_unmap(lf, &key);
}

static bool fastrpc_legacy_zeroed(const s32 *reserved, unsigned int n)
{
	return !memchr_inv(reserved, 0, n * sizeof(*reserved));
}

static int fastrpc_legacy_mem_map_check(const struct fastrpc_mem_map *req)
{
	if (req->version || req->attrs & ~FASTRPC_ATTR_SECUREMAP ||
	    !fastrpc_legacy_zeroed(req->reserved, ARRAY_SIZE(req->reserved)))
		return -EINVAL;
	if (req->attrs & FASTRPC_ATTR_SECUREMAP)
		return -EOPNOTSUPP;
	if (req->offset < 0 || !PAGE_ALIGNED(req->offset))
		return -EINVAL;

	return fastrpc_legacy_size_ok(req->length) ? 0 : -EINVAL;
}

/* MEM_MAP: a range of a dma-buf, from offset, into the process. */
static int fastrpc_legacy_mem_map(struct fastrpc_legacy_file *lf,
				  void __user *argp)
{
	struct fastrpc_map_req map = { };
	struct fastrpc_mem_map req;
	struct dma_buf *dmabuf;
	int err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	err = fastrpc_legacy_mem_map_check(&req);
	if (err)
		return err;

	dmabuf = dma_buf_get(req.fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);

	map.offset = req.offset;
	map.size = PAGE_ALIGN(req.length);
	map.flags = req.flags;
	map.vaddrin = req.vaddrin;
	err = fastrpc_legacy_map(lf, dmabuf, &map, &req.vaddrout, argp, &req,
				 sizeof(req));
	dma_buf_put(dmabuf);
	return err;
}

/* MEM_UNMAP: by address, and by fd unless it is negative. */
static int fastrpc_legacy_mem_unmap(struct fastrpc_legacy_file *lf,
				    void __user *argp)
{
	struct fastrpc_map_key key = { .kind = FASTRPC_MAP_MEM };
	struct fastrpc_mem_unmap req;
	int err;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.vesion ||
	    !fastrpc_legacy_zeroed(req.reserved, ARRAY_SIZE(req.reserved)))
		return -EINVAL;

	key.dsp_addr = req.vaddr;
	if (req.fd >= 0) {
		key.dmabuf = dma_buf_get(req.fd);
		if (IS_ERR(key.dmabuf))
			return PTR_ERR(key.dmabuf);
	}

	err = fastrpc_legacy_unmap(lf, &key);

	if (key.dmabuf)
		dma_buf_put(key.dmabuf);
	return err;
}

static int
fastrpc_legacy_dsp_info_check(const struct fastrpc_ioctl_capability *cap)
{
	if (memchr_inv(cap->reserved, 0, sizeof(cap->reserved)))
		return -EINVAL;
	/* The misc driver's codes: the modem answers no such question. */
	if (cap->domain >= LEGACY_DOMAINS || cap->domain == LEGACY_DOMAIN_MDSP)
		return -ECHRNG;

	return cap->attribute_id < FASTRPC_DSP_CAPS ? 0 : -EOVERFLOW;
}

static int fastrpc_legacy_dsp_info(struct fastrpc_legacy_file *lf,
				   void __user *argp)
{
	struct fastrpc_ioctl_capability cap;
	int err;

	if (copy_from_user(&cap, argp, sizeof(cap)))
		return -EFAULT;
	err = fastrpc_legacy_dsp_info_check(&cap);
	if (err)
		return err;

	err = fastrpc_file_dsp_attr(&lf->core, cap.attribute_id, &cap.capability);
	if (err)
		return err;

	return copy_to_user(argp, &cap, sizeof(cap)) ? -EFAULT : 0;
}

static long fastrpc_legacy_ioctl(struct file *filp, unsigned int cmd,
				 unsigned long arg)
{
	struct fastrpc_legacy_file *lf = filp->private_data;
	void __user *argp = (void __user *)arg;

	/* Checked at entry only: no call waits on the DSP inside SRCU. */
	if (drm_dev_is_unplugged(&lf->core.domain->drm))
		return -ENODEV;

	switch (cmd) {
	case FASTRPC_IOCTL_ALLOC_DMA_BUFF:
		return fastrpc_legacy_alloc(lf, argp);
	case FASTRPC_IOCTL_INVOKE:
		return fastrpc_legacy_invoke(lf, argp);
	case FASTRPC_IOCTL_INIT_ATTACH:
		return fastrpc_legacy_attach(lf, DRM_FASTRPC_SESSION_ROOT_PD);
	case FASTRPC_IOCTL_INIT_ATTACH_SNS:
		return fastrpc_legacy_attach(lf, DRM_FASTRPC_SESSION_SENSORS_PD);
	case FASTRPC_IOCTL_INIT_CREATE:
		return fastrpc_legacy_create(lf, argp);
	case FASTRPC_IOCTL_INIT_CREATE_STATIC:
		return fastrpc_legacy_create_static(lf, argp);
	case FASTRPC_IOCTL_MMAP:
		return fastrpc_legacy_mmap(lf, argp);
	case FASTRPC_IOCTL_MUNMAP:
		return fastrpc_legacy_munmap(lf, argp);
	case FASTRPC_IOCTL_MEM_MAP:
		return fastrpc_legacy_mem_map(lf, argp);
	case FASTRPC_IOCTL_MEM_UNMAP:
		return fastrpc_legacy_mem_unmap(lf, argp);
	case FASTRPC_IOCTL_GET_DSP_INFO:
		return fastrpc_legacy_dsp_info(lf, argp);
	default:
		/* FREE_DMA_BUFF too: closing the dma-buf fd frees it. */
		return -ENOTTY;
	}
}

/* The accel door's fdinfo lines, for the tools that list sessions. */
static void fastrpc_legacy_show_fdinfo(struct seq_file *m, struct file *filp)
{
	struct fastrpc_legacy_file *lf = filp->private_data;
	struct drm_printer p = drm_seq_file_printer(m);

	fastrpc_file_show(&p, &lf->core);
}

static const struct file_operations fastrpc_legacy_fops = {
	.owner = THIS_MODULE,
	.open = fastrpc_legacy_open,
	.release = fastrpc_legacy_release,
	.unlocked_ioctl = fastrpc_legacy_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.show_fdinfo = fastrpc_legacy_show_fdinfo,
};

/*
 * The nodes the misc driver makes: the compute DSPs, which also run
 * unsigned PDs, get both; the others the one their security says.
 */
static unsigned int fastrpc_legacy_kinds(const struct fastrpc_domain *domain,
					 bool *secure)
{
	switch (domain->id) {
	case DRM_FASTRPC_DOMAIN_CDSP:
	case DRM_FASTRPC_DOMAIN_CDSP1:
	case DRM_FASTRPC_DOMAIN_GDSP0:
	case DRM_FASTRPC_DOMAIN_GDSP1:
		secure[0] = true;
		secure[1] = false;
		return 2;
	default:
		secure[0] = domain->secure;
		return 1;
	}
}

/**
 * fastrpc_legacy_register() - the domain's legacy nodes
 * @domain: the domain, registered
 *
 * A node whose name is taken (the misc driver bound to another DSP of the
 * same name, say) is left out with a warning: the accel device stands.
 */
void fastrpc_legacy_register(struct fastrpc_domain *domain)
{
	struct fastrpc_legacy_node *node;
	bool secure[2];
	unsigned int n, i;
	int err;

	if (!legacy_nodes)
		return;

	n = fastrpc_legacy_kinds(domain, secure);
	domain->legacy = drmm_kcalloc(&domain->drm, n, sizeof(*node),
				      GFP_KERNEL);
	if (!domain->legacy) {
		drm_warn(&domain->drm, "no memory for the legacy nodes\n");
		return;
	}

	for (i = 0; i < n; i++) {
		node = &domain->legacy[domain->nlegacy];
		node->domain = domain;
		node->secure = secure[i];
		snprintf(node->name, sizeof(node->name), "fastrpc-%s%s",
			 domain->name, secure[i] ? "-secure" : "");
		node->misc.minor = MISC_DYNAMIC_MINOR;
		node->misc.name = node->name;
		node->misc.fops = &fastrpc_legacy_fops;
		node->misc.parent = domain->drm.dev;

		err = misc_register(&node->misc);
		if (err) {
			drm_warn(&domain->drm, "no /dev/%s (%pe): is the misc driver serving it?\n",
				 node->name, ERR_PTR(err));
			continue;
		}
		domain->nlegacy++;
	}
}

/**
 * fastrpc_legacy_unregister() - no new opens of the legacy nodes
 * @domain: the domain going away; its open files stay until closed
 */
void fastrpc_legacy_unregister(struct fastrpc_domain *domain)
{
	while (domain->nlegacy)
		misc_deregister(&domain->legacy[--domain->nlegacy].misc);
}

#if IS_ENABLED(CONFIG_DRM_ACCEL_FASTRPC_KUNIT_TEST)
#include "tests/fastrpc_legacy_test.c"
#endif
