// SPDX-License-Identifier: GPL-2.0-only
/*
 * The device-tree half of the virtual edge: the nodes a board's DT would
 * carry for each DSP, created at run time in one changeset:
 *
 *	/vdsp-edge-<domain> {
 *		fastrpc {
 *			compatible = "qcom,fastrpc";
 *			qcom,glink-channels = "fastrpcglink-apps-dsp";
 *			label = "<domain>";
 *			qcom,non-secure-domain;		(unless secure)
 *			qcom,vmids = <V ...>;		(only when given)
 *			memory-region = <&heap>;	(with a carveout)
 *			#address-cells = <1>;
 *			#size-cells = <0>;
 *			compute-cb@1 {
 *				compatible = "qcom,fastrpc-compute-cb";
 *				reg = <1>;
 *				qcom,nsessions = <N>;	(only when N != 1)
 *				iommus = <&vdsp_smmu SID>;	(with the SMMU)
 *			};
 *			...
 *		};
 *		heap: remote-heap@<phys> {		(with a carveout)
 *			reg = <phys size>;
 *			no-map;
 *		};
 *	};
 *
 * The carveout stands for the remote-heap region a board reserves for its
 * ADSP's static PDs: pages the edge allocates, below 4 GiB, for every domain
 * but sdsp.  Behind the SMMU it is all the DSP reaches outside the banks.
 *
 * And, with the virtual SMMU (edge_smmu.c), once for all domains:
 *
 *	vdsp_smmu: /vdsp-smmu {
 *		compatible = "lab,vdsp-smmu";
 *		#iommu-cells = <1>;
 *	};
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>

#include "edge.h"

#define EDGE_CHANNEL	"fastrpcglink-apps-dsp"

static struct of_changeset edge_cset;
static struct device_node *edge_root;
static struct device_node *edge_smmu_np;
static u32 edge_smmu_phandle;
/* Phandles of the changeset's nodes: they are not in the tree until applied. */
static u32 edge_next_phandle;

static int edge_of_add_cb(const struct edge_domain *dom, unsigned int sid)
{
	u32 iommus[2] = { edge_smmu_phandle, EDGE_SMMU_SID(dom->index, sid) };
	struct device_node *cb;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "compute-cb@%u", sid);
	cb = of_changeset_create_node(&edge_cset, dom->fastrpc_np, name);
	if (!cb)
		return -ENOMEM;

	ret = of_changeset_add_prop_string(&edge_cset, cb, "compatible",
					   "qcom,fastrpc-compute-cb");
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, cb, "reg", sid);
	if (!ret && dom->nsessions != 1)
		ret = of_changeset_add_prop_u32(&edge_cset, cb,
						"qcom,nsessions", dom->nsessions);
	if (!ret && edge_smmu_np)
		ret = of_changeset_add_prop_u32_array(&edge_cset, cb, "iommus",
						      iommus, 2);
	/* The changeset holds its own reference until it is destroyed. */
	of_node_put(cb);
	return ret;
}

static int edge_of_add_fastrpc(struct device_node *fastrpc,
			       const struct edge_domain *dom)
{
	const char *label = dom->name;
	int ret;

	ret = of_changeset_add_prop_string(&edge_cset, fastrpc, "compatible",
					   "qcom,fastrpc");
	if (!ret)
		ret = of_changeset_add_prop_string(&edge_cset, fastrpc,
						   "qcom,glink-channels",
						   EDGE_CHANNEL);
	if (!ret)
		ret = of_changeset_add_prop_string(&edge_cset, fastrpc,
						   "label", label);
	if (!ret && !dom->secure)
		ret = of_changeset_add_prop_bool(&edge_cset, fastrpc,
						 "qcom,non-secure-domain");
	if (!ret && dom->nvmids)
		ret = of_changeset_add_prop_u32_array(&edge_cset, fastrpc,
						      "qcom,vmids", dom->vmids,
						      dom->nvmids);
	if (!ret && dom->heap_np)
		ret = of_changeset_add_prop_u32(&edge_cset, fastrpc,
						"memory-region",
						dom->heap_np->phandle);
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, fastrpc,
						"#address-cells", 1);
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, fastrpc,
						"#size-cells", 0);
	return ret;
}

/*
 * The carveout and its node.  Until the changeset is applied the node's
 * phandle field holds the value memory-region names (attaching clears it;
 * edge_of_set_phandle() restores it).
 */
static int edge_of_add_heap(struct edge_domain *dom, size_t size)
{
	u32 reg[4];
	char name[32];
	int ret;

	dom->heap = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO |
				__GFP_NOWARN, get_order(size));
	if (!dom->heap) {
		pr_err("vdsp_edge: %s: no %zu KiB below 4 GiB for the remote heap\n",
		       dom->name, size / SZ_1K);
		return -ENOMEM;
	}
	dom->heap_phys = page_to_phys(dom->heap);
	dom->heap_size = size;

	ret = of_changeset_add_prop_u32(&edge_cset, dom->edge_np,
					"#address-cells", 2);
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, dom->edge_np,
						"#size-cells", 2);
	if (!ret)
		ret = of_changeset_add_prop_bool(&edge_cset, dom->edge_np,
						 "ranges");
	if (ret)
		return ret;

	snprintf(name, sizeof(name), "remote-heap@%llx",
		 (unsigned long long)dom->heap_phys);
	dom->heap_np = of_changeset_create_node(&edge_cset, dom->edge_np, name);
	if (!dom->heap_np)
		return -ENOMEM;
	dom->heap_np->phandle = edge_next_phandle++;

	reg[0] = upper_32_bits(dom->heap_phys);
	reg[1] = lower_32_bits(dom->heap_phys);
	reg[2] = upper_32_bits(size);
	reg[3] = lower_32_bits(size);
	ret = of_changeset_add_prop_u32_array(&edge_cset, dom->heap_np, "reg",
					      reg, ARRAY_SIZE(reg));
	if (!ret)
		ret = of_changeset_add_prop_bool(&edge_cset, dom->heap_np,
						 "no-map");
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, dom->heap_np,
						"phandle", dom->heap_np->phandle);
	return ret;
}

static int edge_of_add_domain(struct edge_domain *dom, unsigned int cbs,
			      size_t heap_size)
{
	char name[EDGE_NAME_MAX + 8];
	unsigned int sid;
	int ret;

	snprintf(name, sizeof(name), "vdsp-edge-%s", dom->name);
	dom->edge_np = of_changeset_create_node(&edge_cset, edge_root, name);
	if (!dom->edge_np)
		return -ENOMEM;

	if (heap_size && strcmp(dom->name, "sdsp")) {
		ret = edge_of_add_heap(dom, heap_size);
		if (ret)
			return ret;
	}

	dom->fastrpc_np = of_changeset_create_node(&edge_cset, dom->edge_np,
						   "fastrpc");
	if (!dom->fastrpc_np)
		return -ENOMEM;

	ret = edge_of_add_fastrpc(dom->fastrpc_np, dom);
	if (ret)
		return ret;

	for (sid = 1; sid <= cbs; sid++) {
		ret = edge_of_add_cb(dom, sid);
		if (ret)
			return ret;
	}
	return 0;
}

/* A phandle no node has: one above the highest in the tree. */
static u32 edge_of_free_phandle(void)
{
	struct device_node *np = NULL;
	u32 max = 0;

	while ((np = of_find_all_nodes(np)))
		max = max(max, np->phandle);
	return max + 1;
}

static int edge_of_add_smmu(void)
{
	int ret;

	edge_smmu_phandle = edge_next_phandle++;
	edge_smmu_np = of_changeset_create_node(&edge_cset, edge_root,
						"vdsp-smmu");
	if (!edge_smmu_np)
		return -ENOMEM;
	ret = of_changeset_add_prop_string(&edge_cset, edge_smmu_np,
					   "compatible", "lab,vdsp-smmu");
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, edge_smmu_np,
						"#iommu-cells", 1);
	if (!ret)
		ret = of_changeset_add_prop_u32(&edge_cset, edge_smmu_np,
						"phandle", edge_smmu_phandle);
	return ret;
}

/*
 * A changeset attaches a node before it adds the node's properties, so
 * attaching found no phandle: set it from the property as attaching would
 * have, before anything looks it up.
 */
static void edge_of_set_phandle(struct device_node *np)
{
	of_property_read_u32(np, "phandle", &np->phandle);
}

static void edge_of_put_nodes(struct edge_domain *doms, unsigned int ndoms)
{
	unsigned int i;

	for (i = 0; i < ndoms; i++) {
		of_node_put(doms[i].heap_np);
		of_node_put(doms[i].fastrpc_np);
		of_node_put(doms[i].edge_np);
		doms[i].heap_np = NULL;
		doms[i].fastrpc_np = NULL;
		doms[i].edge_np = NULL;
		if (doms[i].heap)
			__free_pages(doms[i].heap, get_order(doms[i].heap_size));
		doms[i].heap = NULL;
		doms[i].heap_size = 0;
	}
	of_node_put(edge_smmu_np);
	edge_smmu_np = NULL;
}

/**
 * edge_of_create() - create and attach every domain's nodes
 * @doms: the domains, their properties (secure, vmids, nsessions) parsed;
 *	their @edge_np, @fastrpc_np and @edge_pdev are set.
 * @ndoms: how many.
 * @cbs: context banks per domain (stream ids 1..@cbs).
 * @smmu: put the banks behind the virtual SMMU, and register it.
 * @heap_size: bytes of each domain's remote-heap carveout (not sdsp's);
 *	0 for none.
 *
 * Attaching a node under the root makes the OF core create a platform
 * device for it; that device stands for the edge and parents the RPMsg
 * device.  The SMMU's device is made the same way, and the SMMU is
 * registered before any bank can probe.
 *
 * Return: 0 or a negative errno, with nothing left behind.
 */
int edge_of_create(struct edge_domain *doms, unsigned int ndoms,
		   unsigned int cbs, bool smmu, size_t heap_size)
{
	unsigned int i;
	int ret;

	edge_root = of_find_node_by_path("/");
	if (!edge_root) {
		pr_err("vdsp_edge: no device-tree root (CONFIG_OF without a tree?)\n");
		return -ENODEV;
	}

	of_changeset_init(&edge_cset);
	edge_next_phandle = edge_of_free_phandle();
	if (smmu) {
		ret = edge_of_add_smmu();
		if (ret)
			goto err_destroy;
	}
	for (i = 0; i < ndoms; i++) {
		ret = edge_of_add_domain(&doms[i], cbs, heap_size);
		if (ret)
			goto err_destroy;
	}

	ret = of_changeset_apply(&edge_cset);
	if (ret) {
		pr_err("vdsp_edge: applying the changeset failed: %pe\n",
		       ERR_PTR(ret));
		goto err_destroy;
	}

	for (i = 0; i < ndoms; i++) {
		if (doms[i].heap_np)
			edge_of_set_phandle(doms[i].heap_np);
		doms[i].edge_pdev = of_find_device_by_node(doms[i].edge_np);
		if (!doms[i].edge_pdev) {
			pr_err("vdsp_edge: no platform device for %pOF\n",
			       doms[i].edge_np);
			ret = -ENODEV;
			goto err_revert;
		}
	}
	if (edge_smmu_np) {
		edge_of_set_phandle(edge_smmu_np);
		ret = edge_smmu_register(edge_smmu_np, doms, ndoms);
		if (ret)
			goto err_revert;
	}
	return 0;

err_revert:
	while (i--) {
		platform_device_put(doms[i].edge_pdev);
		doms[i].edge_pdev = NULL;
	}
	of_changeset_revert(&edge_cset);
err_destroy:
	of_changeset_destroy(&edge_cset);
	edge_of_put_nodes(doms, ndoms);
	of_node_put(edge_root);
	edge_root = NULL;
	return ret;
}

/**
 * edge_of_destroy() - detach and free what edge_of_create() made
 * @doms: the domains, with no RPMsg device left on their nodes.
 * @ndoms: how many.
 */
void edge_of_destroy(struct edge_domain *doms, unsigned int ndoms)
{
	unsigned int i;
	int ret;

	edge_smmu_unregister();
	for (i = 0; i < ndoms; i++) {
		platform_device_put(doms[i].edge_pdev);
		doms[i].edge_pdev = NULL;
	}

	ret = of_changeset_revert(&edge_cset);
	if (ret) {
		/* Nodes still attached must not be freed: leak them instead. */
		pr_err("vdsp_edge: reverting the changeset failed: %pe\n",
		       ERR_PTR(ret));
		return;
	}
	of_changeset_destroy(&edge_cset);
	edge_of_put_nodes(doms, ndoms);
	of_node_put(edge_root);
	edge_root = NULL;
}
