/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl sessions: the FastRPC files every process holds, with what
 * their fdinfo says of the session on each; with --debugfs, also the accel
 * driver's own list of each domain's sessions, mappings and handles.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "procinfo.h"
#include "tools-common.h"

#define PROC_DIR	"/proc"
#define SYS_DIR		"/sys"
#define DEBUGFS_DIR	"/sys/kernel/debug"

static int by_pid_fd(const void *a, const void *b)
{
	const struct proc_file *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

static void print_files(const struct ctl_nodes *nodes)
{
	struct proc_files files;
	size_t i;
	int ret;

	ret = proc_files_scan(PROC_DIR, nodes->v, nodes->n, &files);
	if (ret)
		die(EXIT_FAIL, NULL, "cannot read the open files of %s: %s", PROC_DIR,
		    strerror(-ret));
	if (files.n)
		qsort(files.v, files.n, sizeof(*files.v), by_pid_fd);

	if (files.n)
		print_string(NULL, "%s", proc_file_header);
	else
		print_string(NULL, "%s\n", "no process holds a FastRPC file");
	print_open_array("files");
	for (i = 0; i < files.n; i++)
		proc_file_print(&files.v[i]);
	print_close_array();
	print_uint("unreadable", NULL, files.unreadable);
	if (files.unreadable)
		print_uint(NULL, "(%" PRIu64 " processes could not be read: run as root to "
			   "see every process)\n", files.unreadable);
	proc_files_free(&files);
}

/* The accel node of @domain in the whole scan, or NULL. */
static const struct fastrpc_node *accel_node_of(const struct ctl_nodes *nodes,
						 const char *domain)
{
	size_t i;

	for (i = 0; i < nodes->nall; i++)
		if (fastrpc_node_get_interface(nodes->all[i]) == FASTRPC_INTERFACE_ACCEL &&
		    strcmp(fastrpc_node_get_domain(nodes->all[i]), domain) == 0)
			return nodes->all[i];
	return NULL;
}

/* One domain's debugfs view.  Return: an exit status. */
static int print_dbg_domain(const struct ctl_nodes *nodes, const char *domain)
{
	const struct fastrpc_node *accel = accel_node_of(nodes, domain);
	struct dbg_domain d;
	size_t i;
	int ret;

	if (!accel) {
		print_err("fastrpc-ctl sessions without --debugfs; the driver's view is "
			  "fastrpc_accel's (modprobe fastrpc_accel)",
			  "%s has no accel node: only fastrpc_accel keeps a debugfs view, "
			  "the misc driver (fastrpc) has none", domain);
		return EXIT_FAIL;
	}
	ret = dbg_domain_read(DEBUGFS_DIR, SYS_DIR, fastrpc_node_get_path(accel), &d);
	if (ret == -EACCES || ret == -EPERM) {
		print_err("sudo fastrpc-ctl sessions --debugfs (debugfs is for root)",
			  "cannot read the driver's view of %s in %s: permission denied",
			  domain, DEBUGFS_DIR);
		return EXIT_FAIL;
	}
	if (ret == -ENOENT) {
		print_err("mount -t debugfs none " DEBUGFS_DIR " (the kernel needs "
			  "CONFIG_DEBUG_FS)", "no debugfs view of %s under %s", domain,
			  DEBUGFS_DIR);
		return EXIT_FAIL;
	}
	if (ret) {
		print_err(NULL, "cannot read the driver's view of %s: %s", domain,
			  ret == -EPROTO ? "a line of its sessions file is not as documented" :
			  strerror(-ret));
		return EXIT_FAIL;
	}
	print_open_object("domain");
	print_string("domain", "%s", domain);
	print_string("node", " (%s", fastrpc_node_get_path(accel));
	print_string("dir", ", %s):", d.dir);
	print_string(NULL, "%s\n", d.n ? "" : " no session");
	print_open_array("sessions");
	for (i = 0; i < d.n; i++)
		dbg_session_print(&d.v[i]);
	print_close_array();
	print_close_object();
	dbg_domain_free(&d);
	return EXIT_OK;
}

/* Each domain of the selected nodes once.  Return: an exit status. */
static int print_debugfs(const struct ctl_nodes *nodes)
{
	const char *last = NULL;
	int status = EXIT_OK;
	size_t i;

	print_string(NULL, "%s\n", "\nthe driver's view (debugfs):");
	print_open_array("debugfs");
	for (i = 0; i < nodes->n; i++) {
		const char *d = fastrpc_node_get_domain(nodes->v[i]);

		/* The scan keeps a domain's nodes together. */
		if (last && strcmp(last, d) == 0)
			continue;
		last = d;
		if (print_dbg_domain(nodes, d))
			status = EXIT_FAIL;
	}
	print_close_array();
	return status;
}

int cmd_sessions(const struct ctl_opts *o)
{
	struct ctl_nodes nodes;
	int status = EXIT_OK;

	ctl_nodes_select(o, &nodes);
	print_files(&nodes);
	if (o->debugfs)
		status = print_debugfs(&nodes);
	ctl_nodes_free(&nodes);
	return status;
}
