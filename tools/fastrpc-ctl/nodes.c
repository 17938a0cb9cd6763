/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The nodes -d and -I select, and what to say when they select none. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "tools-common.h"

static bool same_file(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	if (strcmp(a, b) == 0)
		return true;
	return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

bool ctl_node_wanted(const struct ctl_opts *o, const char *domain,
		     const char *path, enum fastrpc_interface iface)
{
	if (o->iface != FASTRPC_INTERFACE_ANY && iface != o->iface)
		return false;
	if (!o->domain)
		return true;
	if (strchr(o->domain, '/'))
		return same_file(o->domain, path);
	return strcmp(o->domain, domain) == 0;
}

int ctl_nodes_scan(const struct ctl_opts *o, struct ctl_nodes *nodes)
{
	size_t i;
	int ret;

	*nodes = (struct ctl_nodes){ 0 };
	ret = fastrpc_scan(&nodes->all, &nodes->nall);
	if (ret)
		return ret;
	nodes->v = calloc(nodes->nall ? nodes->nall : 1, sizeof(*nodes->v));
	if (!nodes->v) {
		fastrpc_scan_free(nodes->all, nodes->nall);
		*nodes = (struct ctl_nodes){ 0 };
		return -ENOMEM;
	}
	for (i = 0; i < nodes->nall; i++) {
		const struct fastrpc_node *node = nodes->all[i];

		if (ctl_node_wanted(o, fastrpc_node_get_domain(node),
				    fastrpc_node_get_path(node),
				    fastrpc_node_get_interface(node)))
			nodes->v[nodes->n++] = nodes->all[i];
	}
	return 0;
}

void ctl_nodes_free(struct ctl_nodes *nodes)
{
	fastrpc_scan_free(nodes->all, nodes->nall);
	free(nodes->v);
	*nodes = (struct ctl_nodes){ 0 };
}

const char *ctl_iface_suffix(enum fastrpc_interface iface)
{
	switch (iface) {
	case FASTRPC_INTERFACE_ACCEL:
		return " on the accel interface";
	case FASTRPC_INTERFACE_LEGACY:
		return " on the legacy interface";
	default:
		return "";
	}
}

void ctl_die_no_node(const struct ctl_opts *o, const struct ctl_nodes *nodes)
{
	struct ctl_opts any = *o;
	const char *on = ctl_iface_suffix(o->iface);
	size_t i, other = 0;

	/* Would the other interface have had one? */
	any.iface = FASTRPC_INTERFACE_ANY;
	for (i = 0; i < nodes->nall; i++)
		other += ctl_node_wanted(&any, fastrpc_node_get_domain(nodes->all[i]),
					 fastrpc_node_get_path(nodes->all[i]),
					 fastrpc_node_get_interface(nodes->all[i]));
	if (other && o->iface == FASTRPC_INTERFACE_ACCEL)
		die(EXIT_NO_DEVICE, "-I legacy (only legacy nodes are there: the misc driver "
		    "fastrpc has no accel interface), or modprobe fastrpc_accel",
		    "no FastRPC node%s%s%s", o->domain ? " of " : "",
		    o->domain ? o->domain : "", on);
	if (other)
		die(EXIT_NO_DEVICE, "-I accel, or -I any (fastrpc-ctl list shows every node)",
		    "no FastRPC node%s%s%s", o->domain ? " of " : "",
		    o->domain ? o->domain : "", on);
	if (o->domain && strchr(o->domain, '/'))
		die(EXIT_NO_DEVICE, "fastrpc-ctl list (it shows every node)",
		    "'%s' is no FastRPC node%s", o->domain, on);
	if (o->domain && fastrpc_domain_id(o->domain) < 0)
		die(EXIT_NO_DEVICE, "-d adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0 or gdsp1 (fastrpc-ctl list)",
		    "domain '%s' not found: not a domain name", o->domain);
	if (o->domain)
		die(EXIT_NO_DEVICE, "fastrpc-ctl list (it shows the domains there are)",
		    "domain '%s' not found%s", o->domain, on);
	die(EXIT_NO_DEVICE, "modprobe fastrpc_accel; then fastrpc-ctl doctor",
	    "no FastRPC node found%s (is fastrpc_accel or fastrpc loaded?)", on);
}

void ctl_nodes_select(const struct ctl_opts *o, struct ctl_nodes *nodes)
{
	int ret = ctl_nodes_scan(o, nodes);

	if (ret)
		die(EXIT_FAIL, NULL, "cannot look for FastRPC nodes: %s", strerror(-ret));
	if (!nodes->n)
		ctl_die_no_node(o, nodes);
}

struct fastrpc_device *ctl_open(const struct ctl_opts *o)
{
	struct ctl_nodes nodes;

	ctl_nodes_select(o, &nodes);
	ctl_nodes_free(&nodes);
	return open_domain(o->domain, o->iface);
}
