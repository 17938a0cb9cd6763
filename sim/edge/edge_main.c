// SPDX-License-Identifier: GPL-2.0-only
/*
 * vdsp_edge: a virtual DSP edge for the FastRPC lab.
 *
 * It stands where a Qualcomm DSP's GLINK edge would: for each domain it
 * adds the "qcom,fastrpc" device-tree nodes at run time and registers an
 * RPMsg device on them, so a FastRPC driver (upstream fastrpc.ko, or
 * fastrpc_accel.ko) binds exactly as on a board.  The DSP itself is user
 * space (sim/vdspd) behind /dev/vdsp-<domain>; see vdsp_edge.h.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vdsp_edge.h"
#include "edge.h"

static const char * const edge_domain_names[] = {
	"adsp", "mdsp", "sdsp", "cdsp", "cdsp1", "gdsp0", "gdsp1",
};

static char *domains = "cdsp,adsp";
module_param(domains, charp, 0444);
MODULE_PARM_DESC(domains,
		 "Comma-separated domains to create, each at most once: adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0, gdsp1 (default \"cdsp,adsp\")");

static unsigned int cbs = 3;
module_param(cbs, uint, 0444);
MODULE_PARM_DESC(cbs,
		 "Context banks per domain, stream ids 1..cbs (1-14, default 3)");

static unsigned int nsessions = 1;
module_param(nsessions, uint, 0444);
MODULE_PARM_DESC(nsessions,
		 "qcom,nsessions of every context bank (1-14, default 1; upstream fastrpc.ko uses at most 14 sessions per domain)");

static char *secure = "";
module_param(secure, charp, 0444);
MODULE_PARM_DESC(secure,
		 "Comma-separated domains whose node lacks qcom,non-secure-domain (default none)");

static char *vmids = "";
module_param(vmids, charp, 0444);
MODULE_PARM_DESC(vmids,
		 "qcom,vmids per domain, e.g. \"sdsp:22+37,adsp:22\" (at most 4 each; default none); a driver needs SCM for them");

unsigned int edge_max_queued = 1024;
module_param_named(max_queued, edge_max_queued, uint, 0444);
MODULE_PARM_DESC(max_queued,
		 "Messages queued per domain while user space does not read; beyond, rpmsg_send() waits up to 15 s and rpmsg_trysend() fails with -ENOMEM (1-65536, default 1024)");

static struct edge_domain *edge_doms;
static unsigned int edge_ndoms;

/**
 * edge_domain_set_up() - register the domain's RPMsg device
 * @dom: the domain.
 *
 * Queues an UP event first, so that what the driver sends from its probe
 * follows it.  A no-op when already up.
 *
 * Return: 0 or a negative errno (the domain stays down).
 */
int edge_domain_set_up(struct edge_domain *dom)
{
	struct edge_event *up, *down;
	int ret = 0;

	mutex_lock(&dom->state_lock);
	if (dom->up)
		goto out_unlock;

	up = edge_event_alloc(VDSP_EDGE_EV_UP);
	down = edge_event_alloc(VDSP_EDGE_EV_DOWN);
	if (!up || !down) {
		kfree(up);
		kfree(down);
		ret = -ENOMEM;
		goto out_unlock;
	}

	edge_queue_link(dom, up, true);
	ret = edge_rpmsg_register(dom);
	if (ret) {
		pr_err("vdsp_edge: %s: registering the RPMsg device failed: %pe\n",
		       dom->name, ERR_PTR(ret));
		edge_queue_link(dom, down, false);
		goto out_unlock;
	}
	kfree(down);
	dom->up = true;

out_unlock:
	mutex_unlock(&dom->state_lock);
	return ret;
}

/**
 * edge_domain_set_down() - take the domain down, as a DSP crash would
 * @dom: the domain.
 *
 * Queues a DOWN event (dropping messages nobody read), then unregisters the
 * RPMsg device: the bound driver's remove runs.  A no-op when already down.
 *
 * Return: 0 or -ENOMEM.
 */
int edge_domain_set_down(struct edge_domain *dom)
{
	struct edge_event *down;
	int ret = 0;

	mutex_lock(&dom->state_lock);
	if (!dom->up)
		goto out_unlock;

	down = edge_event_alloc(VDSP_EDGE_EV_DOWN);
	if (!down) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	edge_queue_link(dom, down, false);
	edge_cdev_zap(dom);
	edge_rpmsg_unregister(dom);
	dom->up = false;

out_unlock:
	mutex_unlock(&dom->state_lock);
	return ret;
}

static int edge_domain_index(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(edge_domain_names); i++)
		if (!strcmp(name, edge_domain_names[i]))
			return i;
	return -EINVAL;
}

/* Fill edge_doms from the "domains" parameter. */
static int edge_parse_domains(void)
{
	DECLARE_BITMAP(seen, ARRAY_SIZE(edge_domain_names)) = { 0 };
	char *list, *cur, *tok;
	int idx, ret = 0;

	edge_doms = kcalloc(ARRAY_SIZE(edge_domain_names), sizeof(*edge_doms),
			    GFP_KERNEL);
	list = kstrdup(domains ? domains : "", GFP_KERNEL);
	if (!edge_doms || !list) {
		ret = -ENOMEM;
		goto out_free;
	}

	cur = list;
	while ((tok = strsep(&cur, ",")) != NULL) {
		tok = strim(tok);
		if (!*tok)
			continue;
		idx = edge_domain_index(tok);
		if (idx < 0 || test_and_set_bit(idx, seen)) {
			pr_err("vdsp_edge: domains: \"%s\" is %s\n", tok,
			       idx < 0 ? "not a domain" : "given twice");
			ret = -EINVAL;
			goto out_free;
		}
		edge_doms[edge_ndoms].name = edge_domain_names[idx];
		snprintf(edge_doms[edge_ndoms].devname, EDGE_NAME_MAX,
			 "vdsp-%s", edge_domain_names[idx]);
		edge_ndoms++;
	}
	if (!edge_ndoms) {
		pr_err("vdsp_edge: domains: no domain given\n");
		ret = -EINVAL;
	}

out_free:
	kfree(list);
	if (ret) {
		kfree(edge_doms);
		edge_doms = NULL;
		edge_ndoms = 0;
	}
	return ret;
}

static struct edge_domain *edge_find_domain(const char *name)
{
	unsigned int i;

	for (i = 0; i < edge_ndoms; i++)
		if (!strcmp(edge_doms[i].name, name))
			return &edge_doms[i];
	return NULL;
}

/* "name:v1+v2" of the vmids parameter into @dom's qcom,vmids. */
static int edge_parse_vmids_of(char *tok)
{
	char *name = strsep(&tok, ":"), *v;
	struct edge_domain *dom = edge_find_domain(strim(name));

	if (!dom || !tok) {
		pr_err("vdsp_edge: vmids: \"%s\" is not <created domain>:<vmid>[+<vmid>...]\n",
		       name);
		return -EINVAL;
	}
	while ((v = strsep(&tok, "+")) != NULL) {
		if (dom->nvmids == EDGE_MAX_VMIDS ||
		    kstrtou32(strim(v), 0, &dom->vmids[dom->nvmids])) {
			pr_err("vdsp_edge: vmids: %s: \"%s\" is not a vmid, or one too many\n",
			       dom->name, v);
			return -EINVAL;
		}
		dom->nvmids++;
	}
	return 0;
}

/* The secure and vmids parameters, for domains already created. */
static int edge_parse_props(void)
{
	char *list, *cur, *tok;
	struct edge_domain *dom;
	int ret = 0;

	list = kstrdup(secure ? secure : "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while (!ret && (tok = strsep(&cur, ",")) != NULL) {
		tok = strim(tok);
		if (!*tok)
			continue;
		dom = edge_find_domain(tok);
		if (!dom) {
			pr_err("vdsp_edge: secure: \"%s\" is not a created domain\n", tok);
			ret = -EINVAL;
		} else {
			dom->secure = true;
		}
	}
	kfree(list);
	if (ret)
		return ret;

	list = kstrdup(vmids ? vmids : "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while (!ret && (tok = strsep(&cur, ",")) != NULL) {
		if (*strim(tok))
			ret = edge_parse_vmids_of(tok);
	}
	kfree(list);
	return ret;
}

static void edge_set_link(struct edge_domain *dom, bool link)
{
	spin_lock_irq(&dom->lock);
	dom->link = link;
	spin_unlock_irq(&dom->lock);
}

/* Down every domain and free what the domains hold, in reverse. */
static void edge_teardown(void)
{
	unsigned int i;

	for (i = 0; i < edge_ndoms; i++)
		edge_cdev_unregister(&edge_doms[i]);

	for (i = 0; i < edge_ndoms; i++) {
		struct edge_domain *dom = &edge_doms[i];

		mutex_lock(&dom->state_lock);
		edge_rpmsg_unregister(dom);
		dom->up = false;
		mutex_unlock(&dom->state_lock);
	}
	edge_rpmsg_wait_released();

	for (i = 0; i < edge_ndoms; i++) {
		edge_queue_purge(&edge_doms[i]);
		mutex_destroy(&edge_doms[i].state_lock);
		mutex_destroy(&edge_doms[i].read_lock);
		mutex_destroy(&edge_doms[i].open_lock);
	}
	edge_of_destroy(edge_doms, edge_ndoms);
}

static int __init edge_init(void)
{
	unsigned int i;
	int ret;

	if (!cbs || cbs > 14 || !nsessions || nsessions > 14 ||
	    !edge_max_queued || edge_max_queued > 65536) {
		pr_err("vdsp_edge: cbs, nsessions or max_queued out of range\n");
		return -EINVAL;
	}

	ret = edge_parse_domains();
	if (ret)
		return ret;
	ret = edge_parse_props();
	if (ret) {
		kfree(edge_doms);
		edge_doms = NULL;
		edge_ndoms = 0;
		return ret;
	}

	for (i = 0; i < edge_ndoms; i++)
		edge_queue_init(&edge_doms[i]);

	ret = edge_of_create(edge_doms, edge_ndoms, cbs, nsessions);
	if (ret)
		goto err_free_doms;

	for (i = 0; i < edge_ndoms; i++) {
		struct edge_domain *dom = &edge_doms[i];

		ret = edge_cdev_register(dom);
		if (ret) {
			pr_err("vdsp_edge: %s: misc device: %pe\n", dom->name,
			       ERR_PTR(ret));
			goto err_teardown;
		}

		/* Start up without an UP event: nothing went down. */
		mutex_lock(&dom->state_lock);
		edge_set_link(dom, true);
		ret = edge_rpmsg_register(dom);
		if (ret) {
			edge_set_link(dom, false);
			pr_err("vdsp_edge: %s: RPMsg device: %pe\n", dom->name,
			       ERR_PTR(ret));
		} else {
			dom->up = true;
		}
		mutex_unlock(&dom->state_lock);
		if (ret)
			goto err_teardown;
	}

	pr_info("vdsp_edge: %u domain(s), %u context bank(s) each\n",
		edge_ndoms, cbs);
	return 0;

err_teardown:
	edge_teardown();
err_free_doms:
	kfree(edge_doms);
	edge_doms = NULL;
	edge_ndoms = 0;
	return ret;
}

static void __exit edge_exit(void)
{
	edge_teardown();
	kfree(edge_doms);
}

module_init(edge_init);
module_exit(edge_exit);

MODULE_DESCRIPTION("Virtual DSP edge for the FastRPC lab: qcom,fastrpc nodes and an RPMsg device per domain");
MODULE_LICENSE("GPL");
