// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RPMsg half of the virtual edge: one rpmsg_device per domain, bound by
 * OF match to whichever FastRPC driver is loaded, with one endpoint (the
 * one the RPMsg core creates for the driver's callback at probe).
 *
 * Driver -> DSP: the endpoint's send ops queue the message for the
 * character device's reader.  DSP -> driver: a write() on the character
 * device calls the endpoint's callback in process context.  The endpoint
 * is reference counted and its callback is cleared under cb_lock on
 * destroy, so a write cannot race the driver's remove.
 */
#include <linux/device.h>
#include <linux/kref.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/rpmsg.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "rpmsg_internal.h"
#include "vdsp_edge.h"
#include "edge.h"

#define EDGE_CHANNEL	"fastrpcglink-apps-dsp"
/* Local address of the one endpoint when the driver asks for any. */
#define EDGE_EPT_ADDR	1024

struct edge_ept {
	struct rpmsg_endpoint ept;
	struct edge_domain *dom;
};

struct edge_rpdev {
	struct rpmsg_device rpdev;
	struct edge_domain *dom;
};

/* RPMsg devices not yet released: module exit waits for none. */
static atomic_t edge_live_rpdevs = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(edge_released_wq);

static struct edge_ept *to_edge_ept(struct rpmsg_endpoint *ept)
{
	return container_of(ept, struct edge_ept, ept);
}

static struct edge_rpdev *to_edge_rpdev(struct rpmsg_device *rpdev)
{
	return container_of(rpdev, struct edge_rpdev, rpdev);
}

static void edge_ept_release(struct kref *kref)
{
	struct rpmsg_endpoint *ept = container_of(kref, struct rpmsg_endpoint,
						  refcount);

	mutex_destroy(&ept->cb_lock);
	kfree(to_edge_ept(ept));
}

static void edge_destroy_ept(struct rpmsg_endpoint *ept)
{
	struct edge_ept *eept = to_edge_ept(ept);
	struct edge_domain *dom = eept->dom;

	spin_lock_irq(&dom->lock);
	if (dom->ept == eept)
		dom->ept = NULL;
	spin_unlock_irq(&dom->lock);

	/* Waits for a write() delivering to this endpoint right now. */
	mutex_lock(&ept->cb_lock);
	ept->cb = NULL;
	mutex_unlock(&ept->cb_lock);

	kref_put(&ept->refcount, edge_ept_release);
}

static int edge_send(struct rpmsg_endpoint *ept, void *data, int len)
{
	return edge_queue_msg(to_edge_ept(ept)->dom, data, len, true);
}

static int edge_sendto(struct rpmsg_endpoint *ept, void *data, int len,
		       u32 dst)
{
	return edge_queue_msg(to_edge_ept(ept)->dom, data, len, true);
}

static int edge_trysend(struct rpmsg_endpoint *ept, void *data, int len)
{
	return edge_queue_msg(to_edge_ept(ept)->dom, data, len, false);
}

static int edge_trysendto(struct rpmsg_endpoint *ept, void *data, int len,
			  u32 dst)
{
	return edge_queue_msg(to_edge_ept(ept)->dom, data, len, false);
}

static __poll_t edge_ept_poll(struct rpmsg_endpoint *ept, struct file *filp,
			      poll_table *wait)
{
	struct edge_domain *dom = to_edge_ept(ept)->dom;
	__poll_t mask = 0;

	poll_wait(filp, &dom->sendq, wait);
	spin_lock_irq(&dom->lock);
	if (!dom->link)
		mask = EPOLLERR;
	else if (dom->nmsgs < edge_max_queued)
		mask = EPOLLOUT | EPOLLWRNORM;
	spin_unlock_irq(&dom->lock);
	return mask;
}

static ssize_t edge_get_mtu(struct rpmsg_endpoint *ept)
{
	return VDSP_EDGE_MAX_MSG;
}

static const struct rpmsg_endpoint_ops edge_ept_ops = {
	.destroy_ept = edge_destroy_ept,
	.send = edge_send,
	.sendto = edge_sendto,
	.trysend = edge_trysend,
	.trysendto = edge_trysendto,
	.poll = edge_ept_poll,
	.get_mtu = edge_get_mtu,
};

static struct rpmsg_endpoint *edge_create_ept(struct rpmsg_device *rpdev,
					      rpmsg_rx_cb_t cb, void *priv,
					      struct rpmsg_channel_info chinfo)
{
	struct edge_domain *dom = to_edge_rpdev(rpdev)->dom;
	struct edge_ept *eept;
	bool busy;

	eept = kzalloc(sizeof(*eept), GFP_KERNEL);
	if (!eept)
		return NULL;

	kref_init(&eept->ept.refcount);
	mutex_init(&eept->ept.cb_lock);
	eept->ept.rpdev = rpdev;
	eept->ept.cb = cb;
	eept->ept.priv = priv;
	eept->ept.addr = chinfo.src == RPMSG_ADDR_ANY ? EDGE_EPT_ADDR :
			 chinfo.src;
	eept->ept.ops = &edge_ept_ops;
	eept->dom = dom;

	/* A FastRPC channel has one endpoint; the edge carries no other. */
	spin_lock_irq(&dom->lock);
	busy = dom->ept;
	if (!busy)
		dom->ept = eept;
	spin_unlock_irq(&dom->lock);

	if (busy) {
		dev_err(&rpdev->dev, "endpoint %s: the edge has one already\n",
			chinfo.name);
		mutex_destroy(&eept->ept.cb_lock);
		kfree(eept);
		return NULL;
	}
	return &eept->ept;
}

static const struct rpmsg_device_ops edge_rpdev_ops = {
	.create_ept = edge_create_ept,
};

/**
 * edge_rpmsg_deliver() - hand one DSP message to the bound driver
 * @dom: the domain.
 * @data: the message.
 * @len: its length.
 *
 * Runs the endpoint's callback in process context, as a threaded GLINK
 * receive would.  What the callback returns is the driver's business (a
 * real edge ignores it too); it is only traced.
 *
 * Return: 0, or -ENOTCONN while the domain is down or no driver is bound.
 */
int edge_rpmsg_deliver(struct edge_domain *dom, void *data, int len)
{
	struct rpmsg_endpoint *ept = NULL;
	int ret = -ENOTCONN;

	spin_lock_irq(&dom->lock);
	if (dom->link && dom->ept) {
		ept = &dom->ept->ept;
		kref_get(&ept->refcount);
	}
	spin_unlock_irq(&dom->lock);
	if (!ept)
		return -ENOTCONN;

	mutex_lock(&ept->cb_lock);
	if (ept->cb) {
		int cbret = ept->cb(ept->rpdev, data, len, ept->priv,
				    RPMSG_ADDR_ANY);

		if (cbret)
			dev_dbg(&ept->rpdev->dev, "callback returned %d\n",
				cbret);
		ret = 0;
	}
	mutex_unlock(&ept->cb_lock);

	kref_put(&ept->refcount, edge_ept_release);
	return ret;
}

static void edge_rpdev_release(struct device *dev)
{
	struct rpmsg_device *rpdev = container_of(dev, struct rpmsg_device,
						  dev);

	of_node_put(dev->of_node);
	kfree(to_edge_rpdev(rpdev));
	if (atomic_dec_and_test(&edge_live_rpdevs))
		wake_up(&edge_released_wq);
}

/**
 * edge_rpmsg_register() - register a fresh RPMsg device for a domain
 * @dom: the domain, with @state_lock held.
 *
 * The driver bound by OF match probes from here.
 *
 * Return: 0 or a negative errno.
 */
int edge_rpmsg_register(struct edge_domain *dom)
{
	struct edge_rpdev *erp;
	struct rpmsg_device *rpdev;
	int ret;

	erp = kzalloc(sizeof(*erp), GFP_KERNEL);
	if (!erp)
		return -ENOMEM;

	erp->dom = dom;
	rpdev = &erp->rpdev;
	strscpy(rpdev->id.name, EDGE_CHANNEL, sizeof(rpdev->id.name));
	rpdev->src = RPMSG_ADDR_ANY;
	rpdev->dst = RPMSG_ADDR_ANY;
	rpdev->little_endian = true;
	rpdev->ops = &edge_rpdev_ops;
	rpdev->dev.parent = &dom->edge_pdev->dev;
	rpdev->dev.release = edge_rpdev_release;
	device_set_node(&rpdev->dev,
			of_fwnode_handle(of_node_get(dom->fastrpc_np)));

	atomic_inc(&edge_live_rpdevs);
	/* On failure this drops the device, and the release frees it. */
	ret = rpmsg_register_device(rpdev);
	if (ret)
		return ret;

	dom->rpdev = rpdev;
	return 0;
}

/**
 * edge_rpmsg_unregister() - unregister a domain's RPMsg device
 * @dom: the domain, with @state_lock held.
 *
 * The bound driver's remove runs, then the RPMsg core destroys the
 * endpoint.
 */
void edge_rpmsg_unregister(struct edge_domain *dom)
{
	if (!dom->rpdev)
		return;
	device_unregister(&dom->rpdev->dev);
	dom->rpdev = NULL;
}

/**
 * edge_rpmsg_wait_released() - wait until every RPMsg device is freed
 *
 * Their release function lives in this module: it must not outlive it.
 */
void edge_rpmsg_wait_released(void)
{
	wait_event(edge_released_wq, !atomic_read(&edge_live_rpdevs));
}
