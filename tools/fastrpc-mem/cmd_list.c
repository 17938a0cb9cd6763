/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * list: who holds FastRPC files and what their sessions hold on the DSP
 * (fdinfo, procinfo.h), then the accel driver's own view of each domain
 * (debugfs), then what could not be seen and why.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools-common.h"
#include "procinfo.h"
#include "mem.h"

#define PROC	"/proc"
#define SYS	"/sys"
#define DEBUGFS	"/sys/kernel/debug"
#define MAX_NOTES 16

struct notes {
	char *v[MAX_NOTES];
	bool text[MAX_NOTES];	/* also in text, where nothing else says it */
	size_t n;
};

static void note(struct notes *notes, bool text, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void note(struct notes *notes, bool text, const char *fmt, ...)
{
	va_list ap;

	if (notes->n == MAX_NOTES)
		return;
	va_start(ap, fmt);
	if (vasprintf(&notes->v[notes->n], fmt, ap) >= 0)
		notes->text[notes->n++] = text;
	va_end(ap);
}

/* -d names a domain or a node; -I an interface (files only). */
static bool wanted(const struct mem_opts *o, const struct fastrpc_node *node, bool by_iface)
{
	if (o->domain && strcmp(o->domain, fastrpc_node_get_domain(node)) &&
	    strcmp(o->domain, fastrpc_node_get_path(node)))
		return false;
	return !by_iface || o->iface == FASTRPC_INTERFACE_ANY ||
	       fastrpc_node_get_interface(node) == o->iface;
}

static int list_files(const struct mem_opts *o, struct fastrpc_node **nodes, size_t n,
		      struct notes *notes)
{
	struct proc_files files;
	unsigned int misc = 0, shown = 0;
	size_t i;
	int ret;

	ret = proc_files_scan(PROC, nodes, n, &files);
	if (ret) {
		print_err(NULL, "cannot read the processes' files in " PROC ": %s", strerror(-ret));
		return EXIT_FAIL;
	}
	print_string(NULL, "%s", proc_file_header);
	print_open_array("files");
	for (i = 0; i < files.n; i++) {
		if (!wanted(o, files.v[i].node, true))
			continue;
		proc_file_print(&files.v[i]);
		shown++;
		misc += !files.v[i].known;
	}
	print_close_array();
	print_uint("unreadable", NULL, files.unreadable);
	if (!shown)
		note(notes, true, "no process holds a FastRPC file%s", o->domain ? " of that domain" : "");
	if (files.unreadable)
		note(notes, true, "%u processes could not be read (not root): their files are not listed",
		     files.unreadable);
	if (misc)
		note(notes, true, "the misc driver (fastrpc) prints nothing in fdinfo: buffers, maps and "
		     "handles are unknown for %u files on its nodes", misc);
	proc_files_free(&files);
	return EXIT_OK;
}

/* Why the driver's view of @domain cannot be read. */
static const char *dbg_error(int err)
{
	switch (err) {
	case -EACCES:
	case -EPERM:
		return "not root: debugfs is root's";
	case -ENOENT:
		return "no debugfs: mount -t debugfs none " DEBUGFS
		       " (and a driver built with CONFIG_DEBUG_FS)";
	case -EPROTO:
		return "a line of its sessions file this tool cannot read";
	}
	return strerror(-err);
}

static void list_domain(const struct fastrpc_node *node, struct notes *notes)
{
	const char *domain = fastrpc_node_get_domain(node);
	struct dbg_domain d;
	size_t i;
	int ret;

	ret = dbg_domain_read(DEBUGFS, SYS, fastrpc_node_get_path(node), &d);
	print_open_object("domain");
	print_string("domain", "\n%s", domain);
	print_string("node", " (%s)", fastrpc_node_get_path(node));
	if (ret) {
		print_null("debugfs", NULL);
		print_string("error", ": no driver view: %s\n", dbg_error(ret));
		/* The text said it on the domain's line already. */
		note(notes, false, "the driver's view of %s is missing: %s", domain,
		     dbg_error(ret));
		print_close_object();
		return;
	}
	print_string("debugfs", ", the driver's view in %s:\n", d.dir);
	print_open_array("sessions");
	for (i = 0; i < d.n; i++)
		dbg_session_print(&d.v[i]);
	print_close_array();
	if (!d.n)
		print_string(NULL, "%s", "  no session\n");
	print_close_object();
	dbg_domain_free(&d);
}

/* The accel nodes' domains, and a note for each domain the misc driver serves. */
static void list_domains(const struct mem_opts *o, struct fastrpc_node **nodes, size_t n,
			 struct notes *notes)
{
	size_t i, j;
	bool seen;

	print_open_array("domains");
	for (i = 0; i < n; i++) {
		if (!wanted(o, nodes[i], false))
			continue;
		if (fastrpc_node_get_interface(nodes[i]) == FASTRPC_INTERFACE_ACCEL) {
			list_domain(nodes[i], notes);
			continue;
		}
		/*
		 * A legacy node: one note for its domain when no accel node
		 * serves it (nor an earlier legacy node of it had the note).
		 */
		for (seen = false, j = 0; j < n; j++)
			if (!strcmp(fastrpc_node_get_domain(nodes[j]),
				    fastrpc_node_get_domain(nodes[i])) &&
			    (fastrpc_node_get_interface(nodes[j]) == FASTRPC_INTERFACE_ACCEL ||
			     j < i))
				seen = true;
		if (!seen)
			note(notes, true, "no driver view of %s: %s serves it (%s), which has no "
			     "debugfs sessions file", fastrpc_node_get_domain(nodes[i]),
			     fastrpc_node_get_driver(nodes[i]), fastrpc_node_get_path(nodes[i]));
	}
	print_close_array();
}

int cmd_list(const struct mem_opts *o)
{
	struct fastrpc_node **nodes;
	struct notes notes = { 0 };
	size_t n, i, matched = 0;
	int ret, status;

	ret = fastrpc_scan(&nodes, &n);
	if (ret) {
		print_err(NULL, "cannot scan /dev for FastRPC nodes: %s", strerror(-ret));
		return EXIT_FAIL;
	}
	for (i = 0; i < n; i++)
		matched += wanted(o, nodes[i], false);
	if (!matched) {
		if (o->domain)
			print_err("fastrpc-ctl list", "no FastRPC node of '%s'", o->domain);
		else
			print_err("fastrpc-ctl doctor",
				  "no FastRPC node found (is fastrpc_accel or fastrpc loaded?)");
		fastrpc_scan_free(nodes, n);
		return EXIT_NO_DEVICE;
	}
	report_begin();
	status = list_files(o, nodes, n, &notes);
	if (!status)
		list_domains(o, nodes, n, &notes);
	print_open_array("notes");
	for (i = 0; i < notes.n; i++) {
		print_string("note", notes.text[i] ? "note: %s\n" : NULL, notes.v[i]);
		free(notes.v[i]);
	}
	print_close_array();
	fastrpc_scan_free(nodes, n);
	return status;
}
