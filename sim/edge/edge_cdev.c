// SPDX-License-Identifier: GPL-2.0-only
/*
 * The user-space half of the virtual edge: /dev/vdsp-<domain> (the ABI is
 * in vdsp_edge.h) and its event queue, plus the "state" attribute.
 */
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vdsp_edge.h"
#include "edge.h"

/* A blocking send waits this long for room, as a real transport would. */
#define EDGE_SEND_TIMEOUT	(15 * HZ)

static struct edge_domain *file_domain(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct edge_domain, misc);
}

/**
 * edge_queue_init() - initialise a domain's queue and locks
 * @dom: the domain.
 */
void edge_queue_init(struct edge_domain *dom)
{
	mutex_init(&dom->state_lock);
	mutex_init(&dom->read_lock);
	mutex_init(&dom->open_lock);
	init_rwsem(&dom->map_sem);
	spin_lock_init(&dom->lock);
	INIT_LIST_HEAD(&dom->events);
	init_waitqueue_head(&dom->readq);
	init_waitqueue_head(&dom->sendq);
}

/**
 * edge_event_alloc() - allocate an event without data
 * @type: VDSP_EDGE_EV_DOWN or VDSP_EDGE_EV_UP.
 *
 * Return: the event or NULL.
 */
struct edge_event *edge_event_alloc(u32 type)
{
	struct edge_event *ev = kzalloc(sizeof(*ev), GFP_KERNEL);

	if (ev)
		ev->type = type;
	return ev;
}

static bool edge_can_queue(struct edge_domain *dom)
{
	bool ret;

	spin_lock_irq(&dom->lock);
	ret = !dom->link || dom->nmsgs < edge_max_queued;
	spin_unlock_irq(&dom->lock);
	return ret;
}

/**
 * edge_queue_msg() - queue a message from the driver for the DSP side
 * @dom: the domain.
 * @data: the message.
 * @len: its length, 1..VDSP_EDGE_MAX_MSG.
 * @may_wait: wait (up to EDGE_SEND_TIMEOUT) for room when the queue is
 *	full; otherwise fail at once.  Waiting also allows a sleeping
 *	allocation.
 *
 * Return: 0, -EMSGSIZE, -ENOMEM (no room without waiting), -ETIMEDOUT,
 * -ERESTARTSYS, or -ENOTCONN when the domain is going down.
 */
int edge_queue_msg(struct edge_domain *dom, const void *data, int len,
		   bool may_wait)
{
	struct edge_event *ev;
	unsigned long flags;
	long left;

	if (len <= 0 || len > VDSP_EDGE_MAX_MSG)
		return -EMSGSIZE;

	ev = kmalloc(struct_size(ev, data, len),
		     may_wait ? GFP_KERNEL : GFP_ATOMIC);
	if (!ev)
		return -ENOMEM;
	ev->type = VDSP_EDGE_EV_MSG;
	ev->len = len;
	memcpy(ev->data, data, len);

	for (;;) {
		int ret = 0;

		spin_lock_irqsave(&dom->lock, flags);
		if (!dom->link) {
			ret = -ENOTCONN;
		} else if (dom->nmsgs < edge_max_queued) {
			ev->gen = dom->gen;
			list_add_tail(&ev->node, &dom->events);
			dom->nmsgs++;
			ev = NULL;
		} else if (!may_wait) {
			ret = -ENOMEM;
		}
		spin_unlock_irqrestore(&dom->lock, flags);

		if (!ev) {
			wake_up_interruptible(&dom->readq);
			return 0;
		}
		if (ret) {
			kfree(ev);
			return ret;
		}

		/* As GLINK waits for room: deaf to signals, bounded. */
		left = wait_event_timeout(dom->sendq, edge_can_queue(dom),
					  EDGE_SEND_TIMEOUT);
		if (!left) {
			kfree(ev);
			return -ETIMEDOUT;
		}
	}
}

/* Drop queued messages, with dom->lock held; the caller frees @dropped. */
static void edge_queue_drop_msgs(struct edge_domain *dom,
				 struct list_head *dropped)
{
	struct edge_event *ev, *tmp;

	list_for_each_entry_safe(ev, tmp, &dom->events, node) {
		if (ev->type == VDSP_EDGE_EV_MSG)
			list_move_tail(&ev->node, dropped);
	}
	dom->nmsgs = 0;
}

static void edge_free_list(struct list_head *list)
{
	struct edge_event *ev, *tmp;

	list_for_each_entry_safe(ev, tmp, list, node) {
		list_del(&ev->node);
		kfree(ev);
	}
}

/**
 * edge_queue_link() - bring the message link up or down, queueing @ev
 * @dom: the domain.
 * @ev: the UP or DOWN event to queue, consumed.
 * @link: whether messages flow from now on.
 *
 * Taking the link down drops the messages still queued (the DSP that
 * would have read them is gone), fails senders waiting for room and makes
 * write() fail with -ENOTCONN.
 */
void edge_queue_link(struct edge_domain *dom, struct edge_event *ev,
		     bool link)
{
	LIST_HEAD(dropped);

	spin_lock_irq(&dom->lock);
	dom->link = link;
	if (!link) {
		edge_queue_drop_msgs(dom, &dropped);
		dom->gen++;
	}
	ev->gen = dom->gen;
	list_add_tail(&ev->node, &dom->events);
	spin_unlock_irq(&dom->lock);

	edge_free_list(&dropped);
	wake_up_interruptible(&dom->readq);
	wake_up_interruptible(&dom->sendq);
}

/**
 * edge_queue_purge() - free every queued event
 * @dom: the domain, with nobody left to send or read.
 */
void edge_queue_purge(struct edge_domain *dom)
{
	LIST_HEAD(all);

	spin_lock_irq(&dom->lock);
	list_splice_init(&dom->events, &all);
	dom->nmsgs = 0;
	spin_unlock_irq(&dom->lock);
	edge_free_list(&all);
}

static bool edge_has_event(struct edge_domain *dom)
{
	bool ret;

	spin_lock_irq(&dom->lock);
	ret = !list_empty(&dom->events);
	spin_unlock_irq(&dom->lock);
	return ret;
}

/* Take the first event if it fits in @count bytes; NULL with *err set. */
static struct edge_event *edge_dequeue(struct edge_domain *dom, size_t count,
				       int *err)
{
	struct edge_event *ev;

	spin_lock_irq(&dom->lock);
	ev = list_first_entry_or_null(&dom->events, struct edge_event, node);
	if (!ev) {
		*err = -EAGAIN;
	} else if (count < sizeof(struct vdsp_edge_event) + ev->len) {
		*err = -EMSGSIZE;
		ev = NULL;
	} else {
		list_del(&ev->node);
		if (ev->type == VDSP_EDGE_EV_MSG)
			dom->nmsgs--;
	}
	spin_unlock_irq(&dom->lock);

	if (ev && ev->type == VDSP_EDGE_EV_MSG)
		wake_up_interruptible(&dom->sendq);
	return ev;
}

/* Put back an event that could not be copied out, unless it went stale. */
static void edge_requeue(struct edge_domain *dom, struct edge_event *ev)
{
	bool stale;

	spin_lock_irq(&dom->lock);
	stale = ev->type == VDSP_EDGE_EV_MSG && ev->gen != dom->gen;
	if (!stale) {
		list_add(&ev->node, &dom->events);
		if (ev->type == VDSP_EDGE_EV_MSG)
			dom->nmsgs++;
	}
	spin_unlock_irq(&dom->lock);
	if (stale)
		kfree(ev);
}

static ssize_t edge_read(struct file *file, char __user *buf, size_t count,
			 loff_t *ppos)
{
	struct edge_domain *dom = file_domain(file);
	struct vdsp_edge_event hdr;
	struct edge_event *ev;
	ssize_t ret;
	int err;

	if (mutex_lock_interruptible(&dom->read_lock))
		return -ERESTARTSYS;

	for (;;) {
		ev = edge_dequeue(dom, count, &err);
		if (ev || err != -EAGAIN)
			break;
		if (file->f_flags & O_NONBLOCK)
			break;
		if (wait_event_interruptible(dom->readq, edge_has_event(dom))) {
			err = -ERESTARTSYS;
			break;
		}
	}
	if (!ev) {
		ret = err;
		goto out_unlock;
	}

	hdr.type = ev->type;
	hdr.len = ev->len;
	if (copy_to_user(buf, &hdr, sizeof(hdr)) ||
	    copy_to_user(buf + sizeof(hdr), ev->data, ev->len)) {
		edge_requeue(dom, ev);
		ret = -EFAULT;
		goto out_unlock;
	}
	ret = sizeof(hdr) + ev->len;
	kfree(ev);

out_unlock:
	mutex_unlock(&dom->read_lock);
	return ret;
}

static ssize_t edge_write(struct file *file, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	struct edge_domain *dom = file_domain(file);
	void *msg;
	int ret;

	if (!count)
		return -EINVAL;
	if (count > VDSP_EDGE_MAX_MSG)
		return -EMSGSIZE;

	msg = memdup_user(buf, count);
	if (IS_ERR(msg))
		return PTR_ERR(msg);

	ret = edge_rpmsg_deliver(dom, msg, count);
	kfree(msg);
	return ret ? ret : count;
}

static __poll_t edge_poll(struct file *file, poll_table *wait)
{
	struct edge_domain *dom = file_domain(file);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &dom->readq, wait);
	if (edge_has_event(dom))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/*
 * DSP memory is mapped by the address the DSP is given: the bank's reg in
 * bits 32 and up, below them an IOVA of that bank (behind the virtual SMMU)
 * or a physical address (without it, where the bank is ignored).  Pages
 * are inserted at first touch rather than at mmap() time, so that a fault
 * can check that the domain has not gone down since (a mapping belongs to
 * the generation it was made in, and a later generation never sees its
 * pages: they may be the kernel's by then) and, behind the SMMU, translate
 * each page as the DSP's access would: an IOVA the bank does not map is a
 * context fault (SIGBUS).  Without the SMMU the first fault fills the whole
 * mapping; behind it, the faulting page and those after it up to the first
 * one not mapped.
 */
static vm_fault_t edge_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct edge_domain *dom = file_domain(vma->vm_file);
	u64 base = (u64)vma->vm_pgoff << PAGE_SHIFT, dsp;
	unsigned long addr, fault = vmf->address & PAGE_MASK;
	vm_fault_t ret = VM_FAULT_NOPAGE;
	phys_addr_t phys;
	bool live;
	int err;

	down_read(&dom->map_sem);
	spin_lock_irq(&dom->lock);
	live = dom->link && dom->gen == (unsigned long)vma->vm_private_data;
	spin_unlock_irq(&dom->lock);
	if (!live) {
		ret = VM_FAULT_SIGBUS;
		goto out_unlock;
	}

	for (addr = dom->smmu ? fault : vma->vm_start; addr < vma->vm_end;
	     addr += PAGE_SIZE) {
		dsp = base + (addr - vma->vm_start);
		if (dom->smmu) {
			err = edge_smmu_translate(dom, upper_32_bits(dsp),
						  lower_32_bits(dsp), &phys);
			if (err) {
				if (addr == fault) {
					edge_smmu_fault(dom, upper_32_bits(dsp),
							lower_32_bits(dsp), err);
					ret = VM_FAULT_SIGBUS;
				}
				break;
			}
		} else {
			phys = lower_32_bits(dsp);
		}
		ret = vmf_insert_pfn(vma, addr, PHYS_PFN(phys));
		if (ret & VM_FAULT_ERROR)
			break;
	}
out_unlock:
	up_read(&dom->map_sem);
	return ret;
}

static const struct vm_operations_struct edge_vm_ops = {
	.fault = edge_vm_fault,
};

/*
 * A mapping stays within one bank's 4 GiB.  Without the SMMU only system
 * RAM: the lab's DMA addresses are then physical, and nothing else is the
 * DSP's.  Behind it any IOVA may be named: what is not mapped faults when
 * touched, as on a board.
 */
static int edge_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct edge_domain *dom = file_domain(file);
	unsigned long size = vma->vm_end - vma->vm_start;
	u64 first, last;
	bool link;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff > (U64_MAX >> PAGE_SHIFT))
		return -EINVAL;

	first = (u64)vma->vm_pgoff << PAGE_SHIFT;
	if (check_add_overflow(first, (u64)size - 1, &last) ||
	    upper_32_bits(first) != upper_32_bits(last))
		return -EINVAL;

	if (!dom->smmu &&
	    region_intersects(lower_32_bits(first), size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_INTERSECTS)
		return -EPERM;

	spin_lock_irq(&dom->lock);
	link = dom->link;
	vma->vm_private_data = (void *)dom->gen;
	spin_unlock_irq(&dom->lock);
	if (!link)
		return -ENOTCONN;

	/* Children of the DSP daemon have no business with DSP memory. */
	vm_flags_set(vma, VM_PFNMAP | VM_IO | VM_DONTEXPAND | VM_DONTDUMP |
		     VM_DONTCOPY);
	vma->vm_ops = &edge_vm_ops;
	return 0;
}

/**
 * edge_cdev_zap_range() - make user mappings of DSP addresses fault again
 * @dom: the domain.
 * @addr: the first DSP address (bank in bits 32 and up).
 * @len: bytes from @addr; 0 for every address.
 *
 * Faults that translated before the caller's change finish first, so no
 * page they looked up survives the zap.  The next access faults anew.
 */
void edge_cdev_zap_range(struct edge_domain *dom, u64 addr, u64 len)
{
	down_write(&dom->map_sem);
	up_write(&dom->map_sem);

	mutex_lock(&dom->open_lock);
	if (dom->mapping)
		unmap_mapping_range(dom->mapping, addr, len, 1);
	mutex_unlock(&dom->open_lock);
}

/**
 * edge_cdev_zap() - unmap every user mapping of the domain's memory
 * @dom: the domain.
 *
 * Called when the domain goes down (@link false, @gen bumped), before the
 * driver's remove frees the buffers: user space must not write into pages
 * the kernel reuses.  A later access faults (SIGBUS, or -EFAULT in a
 * system call), as does any mapping made before.
 */
void edge_cdev_zap(struct edge_domain *dom)
{
	edge_cdev_zap_range(dom, 0, 0);
}

static int edge_open(struct inode *inode, struct file *file)
{
	struct edge_domain *dom = file_domain(file);
	int ret = 0;

	mutex_lock(&dom->open_lock);
	if (dom->mapping)
		ret = -EBUSY;
	else
		dom->mapping = file->f_mapping;
	mutex_unlock(&dom->open_lock);
	if (ret)
		return ret;
	/*
	 * The file's size covers the DSP addresses mmap() takes offsets in
	 * (bank and IOVA, or physical address).  A user-mode emulator whose
	 * guest pages are larger than the host's (qemu-hexagon-static:
	 * 64 KiB) cuts a mapping at the end of the file it maps, and a
	 * character device is 0 bytes long otherwise.
	 */
	i_size_write(file_inode(file), (loff_t)1 << MAX_PHYSMEM_BITS);
	return stream_open(inode, file);
}

static int edge_release(struct inode *inode, struct file *file)
{
	struct edge_domain *dom = file_domain(file);

	mutex_lock(&dom->open_lock);
	dom->mapping = NULL;
	mutex_unlock(&dom->open_lock);
	return 0;
}

static const struct file_operations edge_fops = {
	.owner = THIS_MODULE,
	.open = edge_open,
	.release = edge_release,
	.read = edge_read,
	.write = edge_write,
	.poll = edge_poll,
	.mmap = edge_mmap,
};

static struct edge_domain *dev_domain(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct edge_domain, misc);
}

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct edge_domain *dom = dev_domain(dev);
	bool up;

	mutex_lock(&dom->state_lock);
	up = dom->up;
	mutex_unlock(&dom->state_lock);
	return sysfs_emit(buf, "%s\n", up ? "up" : "down");
}

static ssize_t state_store(struct device *dev, struct device_attribute *attr,
			   const char *buf, size_t count)
{
	struct edge_domain *dom = dev_domain(dev);
	int ret;

	if (sysfs_streq(buf, "up")) {
		ret = edge_domain_set_up(dom);
	} else if (sysfs_streq(buf, "down")) {
		ret = edge_domain_set_down(dom);
	} else if (sysfs_streq(buf, "restart")) {
		ret = edge_domain_set_down(dom);
		if (!ret)
			ret = edge_domain_set_up(dom);
	} else {
		return -EINVAL;
	}
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(state);

static ssize_t smmu_faults_show(struct device *dev,
				struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n",
			  atomic_read(&dev_domain(dev)->smmu_faults));
}
static DEVICE_ATTR_RO(smmu_faults);

static struct attribute *edge_attrs[] = {
	&dev_attr_state.attr,
	&dev_attr_smmu_faults.attr,
	NULL,
};
ATTRIBUTE_GROUPS(edge);

/**
 * edge_cdev_register() - register /dev/vdsp-<domain>
 * @dom: the domain.
 *
 * Return: 0 or a negative errno.
 */
int edge_cdev_register(struct edge_domain *dom)
{
	int ret;

	dom->misc.minor = MISC_DYNAMIC_MINOR;
	dom->misc.name = dom->devname;
	dom->misc.fops = &edge_fops;
	dom->misc.parent = &dom->edge_pdev->dev;
	dom->misc.groups = edge_groups;
	dom->misc.mode = 0600;

	ret = misc_register(&dom->misc);
	if (!ret)
		dom->misc_registered = true;
	return ret;
}

/**
 * edge_cdev_unregister() - unregister /dev/vdsp-<domain>
 * @dom: the domain.
 *
 * The state attribute is gone when this returns.
 */
void edge_cdev_unregister(struct edge_domain *dom)
{
	if (!dom->misc_registered)
		return;
	misc_deregister(&dom->misc);
	dom->misc_registered = false;
}
