/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc-ctl list: every domain of the machine and its nodes. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "ctl.h"
#include "tools-common.h"

static void print_node(const struct fastrpc_node *node)
{
	int state = fastrpc_node_get_state(node);

	print_open_object("node");
	print_string(NULL, "%-6s ", fastrpc_node_get_domain(node));
	print_int(NULL, "%-3" PRId64 " ", fastrpc_node_get_domain_id(node));
	print_string("interface", "%-7s ",
		     fastrpc_interface_name(fastrpc_node_get_interface(node)));
	print_string("path", "%-26s ", fastrpc_node_get_path(node));
	print_string("driver", "%-14s ", fastrpc_node_get_driver(node));
	print_bool("secure", "%-7s", fastrpc_node_is_secure(node));
	print_string("state", "%s", ctl_state_name(state));
	if (state && state != -EACCES && state != -EPERM)
		print_string(NULL, " (%s)", strerror(-state));
	print_string(NULL, "%s", "\n");
	print_close_object();
}

int cmd_list(const struct ctl_opts *o)
{
	const char *domain = NULL;
	struct ctl_nodes nodes;
	size_t i;

	ctl_nodes_select(o, &nodes);

	print_string(NULL, "%s\n", "DOMAIN ID  IFACE   PATH                       "
		     "DRIVER         SECURE STATE");
	print_open_array("domains");
	/* The scan sorts by domain: each one's nodes come together. */
	for (i = 0; i < nodes.n; i++) {
		const char *d = fastrpc_node_get_domain(nodes.v[i]);

		if (!domain || strcmp(domain, d)) {
			if (domain) {
				print_close_array();
				print_close_object();
			}
			domain = d;
			print_open_object("domain");
			print_string("name", NULL, domain);
			print_int("id", NULL, fastrpc_node_get_domain_id(nodes.v[i]));
			print_open_array("nodes");
		}
		print_node(nodes.v[i]);
	}
	print_close_array();
	print_close_object();
	print_close_array();
	ctl_nodes_free(&nodes);
	return EXIT_OK;
}
