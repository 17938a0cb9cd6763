// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: the RPMsg side.
 *
 * One "qcom,fastrpc" node per DSP, under the DSP's GLINK edge (or the lab's
 * virtual edge).  Probe reads the domain from the node, populates the
 * context banks and registers the accel device; remove runs when the DSP
 * goes away.  Answers from the DSP arrive in the endpoint callback, which
 * may run in atomic context.
 */

#include <linux/device.h>
#include <linux/firmware/qcom/qcom_scm.h>
#include <linux/mod_devicetable.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/rpmsg.h>
#include <linux/string.h>

#include <drm/fastrpc_accel.h>

#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_rpmsg.h"

/* Indexed by DRM_FASTRPC_DOMAIN_*, the ids of the protocol. */
static const char * const fastrpc_domain_names[] = {
	[DRM_FASTRPC_DOMAIN_ADSP] = "adsp",
	[DRM_FASTRPC_DOMAIN_MDSP] = "mdsp",
	[DRM_FASTRPC_DOMAIN_SDSP] = "sdsp",
	[DRM_FASTRPC_DOMAIN_CDSP] = "cdsp",
	[DRM_FASTRPC_DOMAIN_CDSP1] = "cdsp1",
	[DRM_FASTRPC_DOMAIN_GDSP0] = "gdsp0",
	[DRM_FASTRPC_DOMAIN_GDSP1] = "gdsp1",
};

static_assert(sizeof(struct fastrpc_msg) == 40);

/**
 * fastrpc_rpmsg_domain() - the domain of an RPMsg device bound to us
 * @dev: the RPMsg device (a context bank's parent)
 *
 * The domain is kept in the endpoint's private data rather than in the
 * device's driver data: the upstream misc driver's context-bank driver
 * matches the same children and takes the parent's driver data as its own
 * structure; with none there it declines our banks.
 *
 * Return: the domain, or NULL if @dev is not bound to this driver.
 */
struct fastrpc_domain *fastrpc_rpmsg_domain(struct device *dev)
{
	struct rpmsg_device *rpdev;

	if (!dev || dev->driver != &fastrpc_rpmsg_driver.drv)
		return NULL;

	rpdev = container_of(dev, struct rpmsg_device, dev);

	return rpdev->ept ? rpdev->ept->priv : NULL;
}

/**
 * fastrpc_rpmsg_send() - send one call to the DSP
 * @domain: the domain; the caller is inside drm_dev_enter()
 * @msg: the call
 *
 * The link can go down before the RPMsg device is removed: a call sent
 * then is lost with the DSP, and fails as the calls in flight do.
 *
 * Return: 0; -ECONNRESET when the link is down; the transport's -errno
 * otherwise (-ENOMEM, -ETIMEDOUT when it has no room).
 */
int fastrpc_rpmsg_send(struct fastrpc_domain *domain,
		       const struct fastrpc_msg *msg)
{
	int err;

	dev_dbg(domain->drm.dev,
		"send ctx %#llx pid %d handle %u sc %#x addr %#llx size %llu\n",
		msg->ctx, msg->pid, msg->handle, msg->sc, msg->addr, msg->size);

	err = rpmsg_send(domain->rpdev->ept, (void *)msg, sizeof(*msg));
	switch (err) {
	case -ENOTCONN:
	case -EPIPE:
	case -ENODEV:
	case -ECONNRESET:
		return -ECONNRESET;
	default:
		return err;
	}
}

static int fastrpc_rpmsg_callback(struct rpmsg_device *rpdev, void *data,
				  int len, void *priv, u32 addr)
{
	struct fastrpc_domain *domain = rpdev->ept->priv;
	struct fastrpc_invoke_rsp rsp = { };

	if (!domain)
		return 0;

	if (len < (int)offsetofend(struct fastrpc_invoke_rsp, retval)) {
		dev_warn_ratelimited(&rpdev->dev, "short answer (%d bytes)\n",
				     len);
		return -EINVAL;
	}

	/* The transport's buffer need not be aligned. */
	memcpy(&rsp, data, offsetofend(struct fastrpc_invoke_rsp, retval));
	dev_dbg(&rpdev->dev, "answer ctx %#llx retval %#x\n", rsp.ctx,
		rsp.retval);

	fastrpc_context_answer(domain, rsp.ctx, rsp.retval);

	return 0;
}

/*
 * qcom,vmids: the VMs that share the DSP's memory.  Assigning memory to
 * them goes through SCM, so without SCM there is nothing to do yet: defer.
 */
static int fastrpc_rpmsg_vmids(struct device *dev, u32 *vmids)
{
	int n;

	n = of_property_read_variable_u32_array(dev->of_node, "qcom,vmids",
						vmids, 1, FASTRPC_MAX_VMIDS);
	if (n == -EINVAL)
		return 0;
	if (n < 0)
		return dev_err_probe(dev, n, "bad qcom,vmids\n");
	if (!qcom_scm_is_available())
		return dev_err_probe(dev, -EPROBE_DEFER,
				     "qcom,vmids needs SCM, which is not up\n");

	return n;
}

static int fastrpc_rpmsg_probe(struct rpmsg_device *rpdev)
{
	struct device *dev = &rpdev->dev;
	u32 vmids[FASTRPC_MAX_VMIDS];
	struct fastrpc_domain *domain;
	const char *label;
	int id, err, nvmids, i;
	bool secure;

	err = of_property_read_string(dev->of_node, "label", &label);
	if (err)
		return dev_err_probe(dev, err, "no label\n");

	id = match_string(fastrpc_domain_names,
			  ARRAY_SIZE(fastrpc_domain_names), label);
	if (id < 0)
		return dev_err_probe(dev, -EINVAL, "unknown domain %s\n",
				     label);

	nvmids = fastrpc_rpmsg_vmids(dev, vmids);
	if (nvmids < 0)
		return nvmids;

	secure = !of_property_read_bool(dev->of_node, "qcom,non-secure-domain");

	domain = fastrpc_domain_alloc(dev, id, fastrpc_domain_names[id],
				      secure);
	if (IS_ERR(domain))
		return PTR_ERR(domain);
	domain->rpdev = rpdev;
	for (i = 0; i < nvmids; i++) {
		domain->vmperms[i].vmid = vmids[i];
		domain->vmperms[i].perm = QCOM_SCM_PERM_RWX;
	}
	domain->vmcount = nvmids;

	err = fastrpc_heap_init(domain);
	if (err)
		return err;

	rpdev->ept->priv = domain;

	err = of_platform_populate(dev->of_node, NULL, NULL, dev);
	if (err) {
		/* Banks that did probe must not outlive the domain. */
		dev_err_probe(dev, err, "cannot populate context banks\n");
		goto err_depopulate;
	}

	err = fastrpc_domain_register(domain);
	if (err)
		goto err_depopulate;

	return 0;

err_depopulate:
	of_platform_depopulate(dev);
	rpdev->ept->priv = NULL;
	return err;
}

static void fastrpc_rpmsg_remove(struct rpmsg_device *rpdev)
{
	struct fastrpc_domain *domain = rpdev->ept->priv;

	/* Ends every call and session; files stay open until closed. */
	fastrpc_domain_remove(domain);
	of_platform_depopulate(&rpdev->dev);
}

static const struct of_device_id fastrpc_rpmsg_of_match[] = {
	{ .compatible = "qcom,fastrpc" },
	{ }
};
MODULE_DEVICE_TABLE(of, fastrpc_rpmsg_of_match);

struct rpmsg_driver fastrpc_rpmsg_driver = {
	.probe = fastrpc_rpmsg_probe,
	.remove = fastrpc_rpmsg_remove,
	.callback = fastrpc_rpmsg_callback,
	.drv = {
		.name = "fastrpc-accel",
		.of_match_table = fastrpc_rpmsg_of_match,
	},
};
