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
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vdsp_edge.h"
#include "edge.h"

/* Upstream fastrpc.ko keeps at most 14 sessions per domain. */
#define EDGE_MAX_CBS		14
#define EDGE_MAX_NSESSIONS	14

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

static char *nsessions_of = "";
module_param(nsessions_of, charp, 0444);
MODULE_PARM_DESC(nsessions_of,
		 "qcom,nsessions of one domain's context banks, in place of nsessions, e.g. \"cdsp:4,adsp:2\" (1-14; default none)");

static bool smmu = true;
module_param(smmu, bool, 0444);
MODULE_PARM_DESC(smmu,
		 "Put every context bank behind the virtual SMMU, as on a board: DSP addresses are IOVAs of the bank's own IOMMU domain (default Y); N: physical addresses, no IOMMU");

static unsigned int heap_kb = 4096;
module_param(heap_kb, uint, 0444);
MODULE_PARM_DESC(heap_kb,
		 "With the SMMU, a remote-heap carveout of this many KiB (a power of two, 4-4096, default 4096) for every domain but sdsp, named by the fastrpc node's memory-region as on a board; 0: none");

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

static struct edge_domain *edge_find_domain(const char *name)
{
	unsigned int i;

	for (i = 0; i < edge_ndoms; i++)
		if (!strcmp(edge_doms[i].name, name))
			return &edge_doms[i];
	return NULL;
}

/*
 * Hand each non-empty item of the comma-separated list @val (the value of
 * parameter @param), trimmed, to @fn; stop at the first error.
 */
static int edge_parse_list(const char *param, const char *val,
			   int (*fn)(const char *param, char *item))
{
	char *list, *cur, *item;
	int ret = 0;

	list = kstrdup(val ? val : "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while (!ret && (item = strsep(&cur, ",")) != NULL) {
		item = strim(item);
		if (*item)
			ret = fn(param, item);
	}
	kfree(list);
	return ret;
}

/* An item of "domains": append that domain to edge_doms. */
static int edge_add_domain(const char *param, char *item)
{
	struct edge_domain *dom = &edge_doms[edge_ndoms];
	int idx = edge_domain_index(item);

	if (idx < 0 || edge_find_domain(item)) {
		pr_err("vdsp_edge: %s: \"%s\" is %s\n", param, item,
		       idx < 0 ? "not a domain" : "given twice");
		return -EINVAL;
	}
	dom->name = edge_domain_names[idx];
	dom->index = edge_ndoms;
	dom->smmu = smmu;
	snprintf(dom->devname, EDGE_NAME_MAX, "vdsp-%s", dom->name);
	edge_ndoms++;
	return 0;
}

/*
 * The created domain an item "<domain>" (@value NULL) or "<domain>:<value>"
 * names, the text after the colon in *@value; NULL, said why, if none.
 */
static struct edge_domain *edge_item_domain(const char *param, char *item,
					    char **value)
{
	char *name = strsep(&item, ":");
	struct edge_domain *dom;

	name = strim(name);
	if (value && (!item || !*strim(item))) {
		pr_err("vdsp_edge: %s: \"%s\" is not <domain>:<value>\n",
		       param, name);
		return NULL;
	}
	if (!value && item) {
		pr_err("vdsp_edge: %s: \"%s:%s\" is not a domain\n", param,
		       name, item);
		return NULL;
	}
	dom = edge_find_domain(name);
	if (!dom) {
		pr_err("vdsp_edge: %s: \"%s\" is %s\n", param, name,
		       edge_domain_index(name) < 0 ? "not a domain" :
		       "not among those created (domains=)");
		return NULL;
	}
	if (value)
		*value = strim(item);
	return dom;
}

static int edge_given_twice(const char *param, const struct edge_domain *dom)
{
	pr_err("vdsp_edge: %s: %s is given twice\n", param, dom->name);
	return -EINVAL;
}

/* An item of "secure": "<domain>". */
static int edge_set_secure(const char *param, char *item)
{
	struct edge_domain *dom = edge_item_domain(param, item, NULL);

	if (!dom)
		return -EINVAL;
	if (dom->secure)
		return edge_given_twice(param, dom);
	dom->secure = true;
	return 0;
}

/* An item of "vmids": "<domain>:<vmid>[+<vmid>...]". */
static int edge_set_vmids(const char *param, char *item)
{
	struct edge_domain *dom;
	char *list, *v;

	dom = edge_item_domain(param, item, &list);
	if (!dom)
		return -EINVAL;
	if (dom->nvmids)
		return edge_given_twice(param, dom);
	while ((v = strsep(&list, "+")) != NULL) {
		v = strim(v);
		if (dom->nvmids == EDGE_MAX_VMIDS) {
			pr_err("vdsp_edge: %s: %s: more than %d vmids\n",
			       param, dom->name, EDGE_MAX_VMIDS);
			return -EINVAL;
		}
		if (kstrtou32(v, 0, &dom->vmids[dom->nvmids])) {
			pr_err("vdsp_edge: %s: %s: \"%s\" is not a vmid (a u32)\n",
			       param, dom->name, v);
			return -EINVAL;
		}
		dom->nvmids++;
	}
	return 0;
}

/* An item of "nsessions_of": "<domain>:<n>", n in 1..14. */
static int edge_set_nsessions(const char *param, char *item)
{
	struct edge_domain *dom;
	unsigned int n;
	char *val;

	dom = edge_item_domain(param, item, &val);
	if (!dom)
		return -EINVAL;
	if (dom->nsessions)
		return edge_given_twice(param, dom);
	if (kstrtouint(val, 0, &n) || !n || n > EDGE_MAX_NSESSIONS) {
		pr_err("vdsp_edge: %s: %s: \"%s\" is not a number of sessions (1-%d)\n",
		       param, dom->name, val, EDGE_MAX_NSESSIONS);
		return -EINVAL;
	}
	dom->nsessions = n;
	return 0;
}

/*
 * Fill edge_doms from the parameters: the domains, then what each domain's
 * node carries.  Every error names the parameter and the item.
 */
static int edge_parse_params(void)
{
	unsigned int i;
	int ret;

	if (!cbs || cbs > EDGE_MAX_CBS) {
		pr_err("vdsp_edge: cbs: %u is not in 1-%d\n", cbs, EDGE_MAX_CBS);
		return -EINVAL;
	}
	if (!nsessions || nsessions > EDGE_MAX_NSESSIONS) {
		pr_err("vdsp_edge: nsessions: %u is not in 1-%d\n", nsessions,
		       EDGE_MAX_NSESSIONS);
		return -EINVAL;
	}
	if (heap_kb && (!is_power_of_2(heap_kb) || heap_kb < PAGE_SIZE / SZ_1K ||
			heap_kb > (PAGE_SIZE << MAX_PAGE_ORDER) / SZ_1K)) {
		pr_err("vdsp_edge: heap_kb: %u is not a power of two in %lu-%lu\n",
		       heap_kb, PAGE_SIZE / SZ_1K,
		       (PAGE_SIZE << MAX_PAGE_ORDER) / SZ_1K);
		return -EINVAL;
	}
	if (!edge_max_queued || edge_max_queued > 65536) {
		pr_err("vdsp_edge: max_queued: %u is not in 1-65536\n",
		       edge_max_queued);
		return -EINVAL;
	}

	edge_doms = kcalloc(ARRAY_SIZE(edge_domain_names), sizeof(*edge_doms),
			    GFP_KERNEL);
	if (!edge_doms)
		return -ENOMEM;

	ret = edge_parse_list("domains", domains, edge_add_domain);
	if (!ret && !edge_ndoms) {
		pr_err("vdsp_edge: domains: no domain given\n");
		ret = -EINVAL;
	}
	if (!ret)
		ret = edge_parse_list("secure", secure, edge_set_secure);
	if (!ret)
		ret = edge_parse_list("vmids", vmids, edge_set_vmids);
	if (!ret)
		ret = edge_parse_list("nsessions_of", nsessions_of,
				      edge_set_nsessions);
	if (ret) {
		kfree(edge_doms);
		edge_doms = NULL;
		edge_ndoms = 0;
		return ret;
	}

	for (i = 0; i < edge_ndoms; i++)
		if (!edge_doms[i].nsessions)
			edge_doms[i].nsessions = nsessions;
	return 0;
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

	ret = edge_parse_params();
	if (ret)
		return ret;

	for (i = 0; i < edge_ndoms; i++)
		edge_queue_init(&edge_doms[i]);

	ret = edge_of_create(edge_doms, edge_ndoms, cbs, smmu,
			     smmu ? (size_t)heap_kb * SZ_1K : 0);
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

	pr_info("vdsp_edge: %u domain(s), %u context bank(s) each, %s\n",
		edge_ndoms, cbs, smmu ? "behind the virtual SMMU" : "no IOMMU");
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
