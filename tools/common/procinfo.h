/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Who holds FastRPC files, and what the driver holds for them: the open
 * files of every process (/proc/<pid>/fd and fdinfo), and the accel
 * driver's debugfs view of a domain (/sys/kernel/debug/accel/<device>/).
 * Formats: kernel/Documentation/accel/fastrpc/fastrpc.rst, "Observability".
 */
#ifndef FASTRPC_TOOLS_PROCINFO_H
#define FASTRPC_TOOLS_PROCINFO_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libfastrpc.h>

/* One open FastRPC file of a process. */
struct proc_file {
	pid_t pid;
	char comm[32];
	int fd;
	const struct fastrpc_node *node;	/* the node it is open on */
	/* From its fdinfo; @known is false when the driver prints none
	 * (the misc driver), and the rest is then 0. */
	bool known;
	bool session;			/* it holds a session */
	char session_type[16];		/* "user-pd", "root-pd", ... */
	int client_id;
	unsigned int calls;
	unsigned int dsp_maps;
	unsigned int dsp_handles;
	uint64_t dsp_mapped;		/* bytes */
	uint64_t buffers;		/* bytes of GEM objects (accel: drm-total-memory) */
};

struct proc_files {
	struct proc_file *v;
	size_t n;
	unsigned int unreadable;	/* processes whose fds this user may not read */
};

/*
 * Every open file, of every process under @proc ("/proc"), on one of
 * @nodes (a fastrpc_scan()); @nodes must outlive @out.
 * Return: 0 or -errno (-ENOMEM).
 */
int proc_files_scan(const char *proc, struct fastrpc_node **nodes, size_t n,
		    struct proc_files *out);
void proc_files_free(struct proc_files *files);

/* One DSP mapping or held handle of a session, as debugfs lists it. */
struct dbg_map {
	bool handle;		/* a handle the DSP holds, else a mapping */
	bool heap;		/* a mapping lent to the process's heap */
	uint64_t dsp_addr;	/* mapping: where the DSP process sees it */
	uint64_t size;
	uint64_t buffer;	/* the buffer's address on the context bank */
	uint64_t offset;	/* mapping: offset into the buffer */
	unsigned long id;	/* handle: the number the DSP knows it by */
	unsigned int holds;	/* handle: holds of the DSP */
	char flag[8];		/* mapping: "", "busy" or "lost" */
};

struct dbg_session {
	int client_id;
	char type[16];
	char state[16];
	unsigned int sid, slot;
	int calls;
	bool orphan;
	struct dbg_map *maps;
	size_t nmaps;
};

struct dbg_domain {
	char dir[PATH_MAX];	/* its debugfs directory */
	struct dbg_session *v;
	size_t n;
};

/*
 * The accel driver's debugfs "sessions" of the domain served by the accel
 * node @accel_path, under @debugfs ("/sys/kernel/debug").
 * Return: 0; -ENOENT without debugfs or such a directory; -EACCES when not
 * root; -EPROTO for a line it cannot read; -errno.
 */
int dbg_domain_read(const char *debugfs, const char *sys, const char *accel_path,
		    struct dbg_domain *out);
void dbg_domain_free(struct dbg_domain *d);

/* Parse one "sessions" file's text into @out (for the above and the unit tests). */
int dbg_sessions_parse(const char *text, struct dbg_domain *out);

/* ---- printing (procinfo-print.c), for fastrpc-ctl sessions and fastrpc-mem list ---- */

/* The text heading of proc_file_print()'s lines. */
extern const char proc_file_header[];
/* One open file: a line in text, an object of "files" in JSON. */
void proc_file_print(const struct proc_file *f);
/* One session of a dbg_domain with its mappings and handles. */
void dbg_session_print(const struct dbg_session *s);

#endif /* FASTRPC_TOOLS_PROCINFO_H */
