// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What procinfo.c reads, printed the same way by fastrpc-ctl sessions and
 * fastrpc-mem list: one line (or JSON object) per open file, and the
 * driver's debugfs view of a session with its mappings and handles.
 * The JSON keys are documented in fastrpc-ctl(1), "sessions".
 */
#include <inttypes.h>
#include <stdio.h>

#include "procinfo.h"
#include "tools-common.h"

const char proc_file_header[] =
	"PID     COMM            FD   DOMAIN IFACE   NODE                       "
	"SESSION    CLIENT CALLS MAPS HANDLES MAPPED     GEM\n";

static void print_bytes(const char *key, const char *fmt, uint64_t bytes)
{
	char text[32];

	print_uint(key, NULL, bytes);
	print_string(NULL, fmt, size_str(bytes, text, sizeof(text)));
}

/* The keys of a file without a session, or whose driver says nothing. */
static void print_no_session(void)
{
	print_null("session_type", NULL);
	print_null("client_id", NULL);
	print_null("calls", NULL);
	print_null("dsp_maps", NULL);
	print_null("dsp_handles", NULL);
	print_null("dsp_mapped", NULL);
}

void proc_file_print(const struct proc_file *f)
{
	const struct fastrpc_node *node = f->node;

	print_open_object("file");
	print_int("pid", "%-7" PRId64 " ", f->pid);
	print_string("comm", "%-15s ", f->comm);
	print_int("fd", "%-4" PRId64 " ", f->fd);
	print_string("domain", "%-6s ", fastrpc_node_get_domain(node));
	print_string("interface", "%-7s ",
		     fastrpc_interface_name(fastrpc_node_get_interface(node)));
	print_string("node", "%-26s ", fastrpc_node_get_path(node));
	print_string("driver", NULL, fastrpc_node_get_driver(node));
	print_bool("known", NULL, f->known);
	if (!f->known) {
		/* The misc driver prints nothing in fdinfo: unknown, not 0. */
		print_string(NULL, "no details (driver %s)\n", fastrpc_node_get_driver(node));
		print_no_session();
		print_null("gem_bytes", NULL);
		print_close_object();
		return;
	}
	if (f->session) {
		print_string("session_type", "%-10s ", f->session_type);
		print_int("client_id", "%-6" PRId64 " ", f->client_id);
		print_uint("calls", "%-5" PRIu64 " ", f->calls);
		print_uint("dsp_maps", "%-4" PRIu64 " ", f->dsp_maps);
		print_uint("dsp_handles", "%-7" PRIu64 " ", f->dsp_handles);
		print_bytes("dsp_mapped", "%-10s ", f->dsp_mapped);
	} else {
		print_string(NULL, "%-10s -      -     -    -       -          ", "none");
		print_no_session();
	}
	print_bytes("gem_bytes", "%s\n", f->buffers);
	print_close_object();
}

static void print_map(const struct dbg_map *m)
{
	if (m->handle) {
		print_open_object("handle");
		print_uint("id", "    handle %" PRIu64, m->id);
		print_uint("holds", " holds %" PRIu64, m->holds);
		print_uint("buffer", " buffer 0x%" PRIx64, m->buffer);
		print_bytes("size", " size %s\n", m->size);
		print_close_object();
		return;
	}
	print_open_object("map");
	print_string("kind", "    map %-4s", m->heap ? "heap" : "mem");
	print_uint("dsp_addr", " dsp 0x%" PRIx64, m->dsp_addr);
	print_bytes("size", " size %s", m->size);
	print_uint("buffer", " buffer 0x%" PRIx64, m->buffer);
	print_uint("offset", "+0x%" PRIx64, m->offset);
	/* "ok" in JSON; in text only the exceptions, as debugfs prints them. */
	print_string("state", m->flag[0] ? " (%s)" : NULL, m->flag[0] ? m->flag : "ok");
	print_string(NULL, "%s", "\n");
	print_close_object();
}

void dbg_session_print(const struct dbg_session *s)
{
	uint64_t bytes = 0;
	size_t i;

	for (i = 0; i < s->nmaps; i++)
		if (!s->maps[i].handle)
			bytes += s->maps[i].size;
	print_open_object("session");
	print_int("client_id", "  client %" PRId64, s->client_id);
	print_string("type", " %s", s->type);
	print_string("state", " %s", s->state);
	print_uint("sid", " sid %" PRIu64, s->sid);
	print_uint("slot", " slot %" PRIu64, s->slot);
	print_int("calls", " calls %" PRId64, s->calls);
	print_bool("orphan", NULL, s->orphan);
	print_string(NULL, "%s", s->orphan ? " orphan" : "");
	print_bytes("mapped_bytes", ", %s mapped\n", bytes);
	/* Mappings and handles come in one list; JSON splits them by kind. */
	print_open_array("maps");
	for (i = 0; i < s->nmaps; i++)
		if (!s->maps[i].handle)
			print_map(&s->maps[i]);
	print_close_array();
	print_open_array("handles");
	for (i = 0; i < s->nmaps; i++)
		if (s->maps[i].handle)
			print_map(&s->maps[i]);
	print_close_array();
	print_close_object();
}
