/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc-ctl: what its files share. */
#ifndef FASTRPC_CTL_H
#define FASTRPC_CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libfastrpc.h>

/* ---- the command line (cli.c) ---- */

/* The options beyond the global ones, as bits of cmd.takes and ctl_opts.given. */
enum {
	OPT_SHELL = 1u << 0,	/* -s */
	OPT_ATTRS = 1u << 1,	/* -a */
	OPT_SKEL = 1u << 2,	/* --skel */
	OPT_HANDLE = 1u << 3,	/* -H */
	OPT_METHOD = 1u << 4,	/* -m */
	OPT_COUNT = 1u << 5,	/* -c */
	OPT_INTERVAL = 1u << 6,	/* -i */
	OPT_DEBUGFS = 1u << 7,	/* --debugfs */
};

struct ctl_opts {
	const char *domain;		/* -d: a name or a node, NULL for the default */
	enum fastrpc_interface iface;	/* -I */
	bool json;
	const char *shell;		/* -s, else $FASTRPC_SHELL, else NULL */
	const char *shell_from;		/* "-s", "FASTRPC_SHELL" or NULL */
	uint32_t attrs;
	const char *skel;		/* ping --skel: open it by name */
	uint32_t handle;
	uint32_t method;
	uint32_t count;
	uint32_t interval_ms;
	bool debugfs;
	unsigned int given;		/* OPT_* of the options given */
};

struct cmd {
	const char *name;
	int (*fn)(const struct ctl_opts *opts);
	const char *args;
	const char *help;
	unsigned int takes;		/* OPT_* it accepts */
};

/*
 * Without --skel or -H, ping calls remotectl's close (static handle 0,
 * method 1) of module handle 0, which no open ever returns: every FastRPC
 * DSP serves remotectl in every process and answers that call at once, with
 * an error in its nErr output and without loading anything.
 */
#define PING_PROBE_HANDLE	0
#define PING_PROBE_METHOD	1
/* With --skel or -H: the first method of a remote_handle64 interface. */
#define PING_DEFAULT_METHOD	2
#define PING_DEFAULT_COUNT	10
#define PING_MAX_COUNT		1000000
#define PING_MAX_INTERVAL_MS	60000

/*
 * ctl_parse() - read the command line into @o
 * Return: the command; exits for --help, --version and --complete (0) and
 * for usage errors (2).
 */
const struct cmd *ctl_parse(int argc, char **argv, struct ctl_opts *o);
/* The --help text, generated from the command table. */
void ctl_usage(void);

int cmd_list(const struct ctl_opts *o);
int cmd_info(const struct ctl_opts *o);
int cmd_ping(const struct ctl_opts *o);
int cmd_sessions(const struct ctl_opts *o);
int cmd_doctor(const struct ctl_opts *o);

/* ---- the nodes the options select (nodes.c) ---- */

/*
 * ctl_node_wanted() - does a node pass -d and -I?
 * @domain, @path, @iface: the node's.  -d matches the domain's name or the
 * node's path (compared resolved, so a symlink to it matches too).
 */
bool ctl_node_wanted(const struct ctl_opts *o, const char *domain,
		     const char *path, enum fastrpc_interface iface);

struct ctl_nodes {
	struct fastrpc_node **all;	/* the whole scan */
	size_t nall;
	struct fastrpc_node **v;	/* those -d and -I select, in scan order */
	size_t n;
};

/* Scan and select.  Return: 0 (also when none is selected) or -errno. */
int ctl_nodes_scan(const struct ctl_opts *o, struct ctl_nodes *nodes);
void ctl_nodes_free(struct ctl_nodes *nodes);
/* Exits 4 with what to try: @nodes selected nothing. */
_Noreturn void ctl_die_no_node(const struct ctl_opts *o, const struct ctl_nodes *nodes);
/* ctl_nodes_scan() that exits 1 when it fails and 4 when nothing is selected. */
void ctl_nodes_select(const struct ctl_opts *o, struct ctl_nodes *nodes);
/*
 * ctl_open() - the device info and ping use: -d (default cdsp, else the
 * first domain) on -I.  Exits 4 when no node is selected, as open_domain().
 */
struct fastrpc_device *ctl_open(const struct ctl_opts *o);
/* "", " on the accel interface", " on the legacy interface". */
const char *ctl_iface_suffix(enum fastrpc_interface iface);

/* ---- formatting (format.c) ---- */

/* The name of a DRM_FASTRPC_CAP_* bit ("user_pd"), NULL for an unknown one. */
const char *ctl_cap_name(unsigned int bit);
/* "ready", "no-access" or "error", for fastrpc_node_get_state(). */
const char *ctl_state_name(int state);

/* ---- doctor's findings (doctor.c) ---- */

/* Who may open a node, and whether this process is among them. */
struct node_perm {
	uid_t uid;
	gid_t gid;
	mode_t mode;		/* permission bits */
	char group[64];		/* the group's name, or its number */
	bool group_known;	/* the group database has it */
	bool listed;		/* this user is a member in the database */
	bool in_session;	/* this process has the group */
};

/* The group's name of @gid into @buf, its number when it has none. Return: whether it has one. */
bool group_name(gid_t gid, char *buf, size_t size);
/* stat() and the group database on @path.  Return: 0 or -errno of stat(). */
int node_perm_read(const char *path, struct node_perm *perm);
/* What to do when @perm keeps this user out of a node of @iface. */
const char *doctor_access_fix(const struct node_perm *perm,
			      enum fastrpc_interface iface, char *buf, size_t size);

enum dsp_health {
	DSP_UP,			/* it answered */
	DSP_NO_TABLE,		/* it answered that it has no capability table */
	DSP_DOWN,		/* gone, silent or reset */
	DSP_BROKEN,		/* another error */
};

/* What fastrpc_device_get_dsp_attr()'s result says of the DSP. */
enum dsp_health doctor_dsp_health(int err);

/* Where doctor and ping took the shell from. */
enum shell_source {
	SHELL_FROM_OPTION,	/* -s */
	SHELL_FROM_ENV,		/* $FASTRPC_SHELL */
	SHELL_FROM_SEARCH,	/* fastrpc_shell_find()'s default places */
};

/* The places the library's default search looks, for messages. */
const char *shell_search_places(void);
/* What to do when the shell of @domain_id is missing (@missing) or unusable. */
const char *doctor_shell_fix(enum shell_source src, bool missing,
			     unsigned int domain_id, char *buf, size_t size);

/* ---- the accel driver's parameters (info.c) ---- */

/* The numeric DRM_FASTRPC_PARAM_* info prints, in order. */
struct ctl_param {
	uint32_t param;
	const char *key;
	const char *label;
	bool bytes;		/* a size: text adds it for people */
};

extern const struct ctl_param ctl_params[];
extern const size_t ctl_nparams;

#endif /* FASTRPC_CTL_H */
