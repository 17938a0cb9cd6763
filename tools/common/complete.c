/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The words the bash completion scripts ask for (tools/completion): a
 * tool's commands and options from its own tables, and the domains of the
 * machine as the library finds them, interfaces and process attributes.
 * Hidden option: --complete WHAT.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "tools-common.h"

static void print_domains(void)
{
	struct fastrpc_node **nodes;
	const char *last = NULL;
	size_t n, i;

	if (fastrpc_scan(&nodes, &n))
		return;
	/* The scan sorts by domain: a name repeats only next to itself. */
	for (i = 0; i < n; i++) {
		const char *d = fastrpc_node_get_domain(nodes[i]);

		if (!last || strcmp(last, d))
			printf("%s\n", d);
		last = d;
	}
	for (i = 0; i < n; i++)
		printf("%s\n", fastrpc_node_get_path(nodes[i]));
	fastrpc_scan_free(nodes, n);
}

void complete_words(const char *what, const char *const *commands,
		    const struct option *opts)
{
	size_t i;

	if (!strcmp(what, "commands")) {
		for (i = 0; commands && commands[i]; i++)
			printf("%s\n", commands[i]);
	} else if (!strcmp(what, "options")) {
		for (i = 0; opts && opts[i].name; i++) {
			if (strcmp(opts[i].name, "complete") == 0)
				continue;
			printf("--%s\n", opts[i].name);
			if (opts[i].val > ' ' && opts[i].val < 127)
				printf("-%c\n", opts[i].val);
		}
	} else if (!strcmp(what, "domains")) {
		print_domains();
	} else if (!strcmp(what, "interfaces")) {
		printf("any\naccel\nlegacy\n");
	} else if (!strcmp(what, "attrs")) {
		for (i = 0; opt_attr_name(i); i++)
			printf("%s\n", opt_attr_name(i));
	} else {
		die_usage("--complete: unknown word list '%s'", what);
	}
	exit(EXIT_OK);
}
