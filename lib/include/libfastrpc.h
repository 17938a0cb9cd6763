/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libfastrpc: a thin library over the two kernel interfaces of FastRPC, the
 * remote procedure calls into the processes of a Qualcomm Hexagon DSP:
 *
 *  - the accel interface, /dev/accel/accelN (<drm/fastrpc_accel.h>), served
 *    by the fastrpc_accel driver;
 *  - the legacy interface, /dev/fastrpc-<domain>[-secure]
 *    (<misc/fastrpc.h>), served by the misc driver (fastrpc.ko) and by
 *    fastrpc_accel for the programs written for it.
 *
 * A program names a domain ("cdsp") and the library picks the interface
 * (accel when the domain has an accel node this process can open, else
 * legacy), or the program names one.  Everything below works on both unless its comment says
 * otherwise.
 *
 * Errors: every function that can fail returns 0 (or the value its comment
 * names) on success and a negative errno on failure, and leaves its
 * out-parameters alone on failure unless it says otherwise;
 * fastrpc_strerror() turns one into a sentence.  Nothing here prints,
 * exits, or changes errno when it succeeds.
 *
 * Objects are opaque.  Each _open/_new has a _close/_free that accepts NULL;
 * the strings a getter returns live as long as the object.
 *
 * The misc driver (fastrpc.ko) keys sessions by process: with it a process
 * holds one session per domain at a time, and closing any file of that
 * domain's nodes ends it.  With that driver, open the devices a program
 * needs before it starts a session, and close them after it ends.
 *
 * Threads: a device may be queried from several threads at once; creating
 * and freeing its session and buffers is one thread's business at a time.
 * A session's calls may run from several threads at once (each waits for
 * its own answer).  An argument list belongs to one thread.  No object may
 * be freed while another thread uses it.  A session's listener (below) is
 * a thread of the library's: it makes calls on the session, allocates and
 * frees buffers of the device (the device's list of buffers is locked for
 * it), and runs the device's log callback.
 */
#ifndef LIBFASTRPC_H
#define LIBFASTRPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fastrpc_node;
struct fastrpc_device;
struct fastrpc_session;
struct fastrpc_buffer;
struct fastrpc_args;

/** fastrpc_version() - the library's version, "MAJOR.MINOR.PATCH". */
const char *fastrpc_version(void);

/* ---- domains and interfaces (domain.c) ------------------------------ */

/* The kernel's domain ids (DRM_FASTRPC_DOMAIN_*, the misc driver's too). */
enum fastrpc_domain_id {
	FASTRPC_DOMAIN_ADSP = 0,
	FASTRPC_DOMAIN_MDSP = 1,
	FASTRPC_DOMAIN_SDSP = 2,
	FASTRPC_DOMAIN_CDSP = 3,
	FASTRPC_DOMAIN_CDSP1 = 4,
	FASTRPC_DOMAIN_GDSP0 = 5,
	FASTRPC_DOMAIN_GDSP1 = 6,
};

enum fastrpc_interface {
	FASTRPC_INTERFACE_ANY = 0,	/* accel when the domain has it, else legacy */
	FASTRPC_INTERFACE_ACCEL = 1,	/* /dev/accel/accelN */
	FASTRPC_INTERFACE_LEGACY = 2,	/* /dev/fastrpc-<domain>[-secure] */
};

/**
 * fastrpc_domain_name() - the name of a domain id ("cdsp" for 3)
 * Return: a static string, or NULL for an id no DSP has.
 */
const char *fastrpc_domain_name(unsigned int id);

/**
 * fastrpc_domain_id() - the id of a domain name
 * Return: the id (0 to 6), or -ENOENT for a name no DSP has.
 */
int fastrpc_domain_id(const char *name);

/**
 * fastrpc_interface_name() - "any", "accel" or "legacy"
 * Return: a static string, NULL for a value that is none of them.
 */
const char *fastrpc_interface_name(enum fastrpc_interface iface);

/**
 * fastrpc_interface_parse() - the interface a name says
 * @name: "any", "accel" or "legacy".
 * Return: 0 with *@iface set, or -EINVAL.
 */
int fastrpc_interface_parse(const char *name, enum fastrpc_interface *iface);

/* ---- discovery (scan.c) --------------------------------------------- */

/**
 * fastrpc_scan() - every FastRPC device node of the machine
 * @nodes: out, a malloc'd array of nodes, sorted by domain id, then accel
 *	before legacy, then -secure before plain; free it with
 *	fastrpc_scan_free().
 * @count: out, its number of entries.
 *
 * Finds the accel nodes of the fastrpc_accel driver and the legacy nodes
 * of either driver, from /dev and sysfs; a node that cannot be opened is
 * listed all the same, with its state saying why.
 * Return: 0 (also when none was found: *@count is 0) or -errno.
 */
int fastrpc_scan(struct fastrpc_node ***nodes, size_t *count);
void fastrpc_scan_free(struct fastrpc_node **nodes, size_t count);

/** fastrpc_node_get_path() - "/dev/accel/accel0", "/dev/fastrpc-cdsp". */
const char *fastrpc_node_get_path(const struct fastrpc_node *node);
/** fastrpc_node_get_domain() - the domain's name ("cdsp"). */
const char *fastrpc_node_get_domain(const struct fastrpc_node *node);
/** fastrpc_node_get_domain_id() - the domain's id, or -1 for a name the library does not know. */
int fastrpc_node_get_domain_id(const struct fastrpc_node *node);
/** fastrpc_node_get_interface() - FASTRPC_INTERFACE_ACCEL or _LEGACY. */
enum fastrpc_interface fastrpc_node_get_interface(const struct fastrpc_node *node);
/**
 * fastrpc_node_get_driver() - the kernel module serving the node
 * Return: "fastrpc_accel", "fastrpc" (the misc driver), or "unknown".
 */
const char *fastrpc_node_get_driver(const struct fastrpc_node *node);
/** fastrpc_node_is_secure() - a legacy -secure node (for trusted programs). */
bool fastrpc_node_is_secure(const struct fastrpc_node *node);
/**
 * fastrpc_node_get_state() - whether this process can use the node
 * Return: 0 when it can be opened, else why not (-EACCES: no
 *	permission).  Accel nodes are opened to ask their domain; legacy
 *	ones only checked with access(2), since the misc driver gives each
 *	open file a session slot and ends a process's DSP session when any
 *	of its files closes.
 */
int fastrpc_node_get_state(const struct fastrpc_node *node);

/* ---- devices (device.c) --------------------------------------------- */

/**
 * fastrpc_device_open() - open a domain
 * @name: a domain name ("cdsp") or a node's path ("/dev/accel/accel0",
 *	"/dev/fastrpc-cdsp-secure").
 * @iface: the interface to use for a domain name (ANY: the first of its
 *	nodes that opens); for a path, ANY or the path's own.
 * @dev: out, the device; close it with fastrpc_device_close().
 *
 * A legacy domain opens its -secure node first and the plain one when that
 * is missing or refused, as Qualcomm's library does, read-only and
 * non-blocking as it does.
 * Return: 0; -ENOENT when no node serves the domain on that interface;
 * -EACCES when nodes exist but none may be opened; -ENODEV when the path is
 * no FastRPC node of @iface; -EINVAL for a bad @iface or @name; another
 * -errno.
 */
int fastrpc_device_open(const char *name, enum fastrpc_interface iface,
			struct fastrpc_device **dev);
/** fastrpc_device_close() - close @dev; its session and buffers must be freed first. */
void fastrpc_device_close(struct fastrpc_device *dev);

/** fastrpc_device_get_path() - the node's path. */
const char *fastrpc_device_get_path(const struct fastrpc_device *dev);
/** fastrpc_device_get_domain() - the domain's name ("cdsp"). */
const char *fastrpc_device_get_domain(const struct fastrpc_device *dev);
/** fastrpc_device_get_domain_id() - the domain's id. */
unsigned int fastrpc_device_get_domain_id(const struct fastrpc_device *dev);
/** fastrpc_device_get_interface() - FASTRPC_INTERFACE_ACCEL or _LEGACY. */
enum fastrpc_interface fastrpc_device_get_interface(const struct fastrpc_device *dev);
/** fastrpc_device_get_driver() - as fastrpc_node_get_driver(). */
const char *fastrpc_device_get_driver(const struct fastrpc_device *dev);
/** fastrpc_device_is_secure() - opened through a legacy -secure node. */
bool fastrpc_device_is_secure(const struct fastrpc_device *dev);
/** fastrpc_device_get_fd() - the node's file descriptor, owned by @dev. */
int fastrpc_device_get_fd(const struct fastrpc_device *dev);

/**
 * fastrpc_device_query() - one value the accel driver reports
 * @param: a DRM_FASTRPC_PARAM_* of <drm/fastrpc_accel.h> (installed with
 *	this library), such as DRM_FASTRPC_PARAM_SESSIONS_FREE.
 * @index: which instance of @param, 0 but for DRM_FASTRPC_PARAM_DSP_ATTR.
 * @value: out, the answer.
 * Return: 0 with *@value set; -EOPNOTSUPP on the legacy interface, which
 *	has no such query; -EINVAL for a parameter the driver does not know.
 */
int fastrpc_device_query(struct fastrpc_device *dev, uint32_t param,
			 uint32_t index, uint64_t *value);

/*
 * Attributes of the DSP's capability table (GET_DSP_INFO), as Qualcomm's
 * remote.h numbers them; the DSP answers 0 for what it lacks.
 */
enum fastrpc_dsp_attr {
	FASTRPC_DSP_ATTR_DOMAIN_SUPPORT = 0,	/* the driver answers 0 itself */
	FASTRPC_DSP_ATTR_UNSIGNED_PD = 1,	/* runs unsigned PDs */
	FASTRPC_DSP_ATTR_HVX_64B = 2,		/* HVX contexts, 64-byte vectors */
	FASTRPC_DSP_ATTR_HVX_128B = 3,		/* HVX contexts, 128-byte vectors */
	FASTRPC_DSP_ATTR_VTCM_PAGE = 4,		/* VTCM page size, bytes */
	FASTRPC_DSP_ATTR_VTCM_COUNT = 5,	/* VTCM pages */
	FASTRPC_DSP_ATTR_ARCH_VER = 6,		/* Hexagon architecture, 0x68 for v68 */
	FASTRPC_DSP_ATTR_HMX_DEPTH = 7,		/* HMX depth */
	FASTRPC_DSP_ATTR_HMX_SPATIAL = 8,	/* HMX spatial size */
	FASTRPC_DSP_ATTR_ASYNC_FASTRPC = 9,	/* asynchronous calls */
	FASTRPC_DSP_ATTR_STATUS_NOTIFY = 10,	/* process status notifications */
	FASTRPC_DSP_ATTRS = 256,		/* ids are below this */
};

/**
 * fastrpc_dsp_attr_name() - "unsigned_pd", "arch_ver", ... for an attribute id
 * Return: a static string, NULL for an id without a name.
 */
const char *fastrpc_dsp_attr_name(unsigned int attr);

/**
 * fastrpc_device_get_dsp_attr() - one attribute of the DSP's capability table
 * @attr: an attribute id, below FASTRPC_DSP_ATTRS.
 *
 * The driver asks the DSP once and keeps the table.
 * Return: 0 with *@value set; -EOPNOTSUPP when the DSP has no table (or
 *	the driver cannot ask); -EOVERFLOW for an id out of range; -errno.
 */
int fastrpc_device_get_dsp_attr(struct fastrpc_device *dev, uint32_t attr,
				uint32_t *value);

/* ---- reverse RPC: the listener's settings (searchpath.c, dsplog.c) -- */

/*
 * A DSP process calls the host back (reverse RPC) to read files (a
 * skeleton library the DSP loads, a static PD's configuration), to grow
 * its heap, and to send its log lines.  Each session serves these calls on
 * a listener thread of its own (see fastrpc_session_start_listener()).
 * The settings below belong to the device and are copied by a listener
 * when it starts: a change applies to the sessions started after it.  They
 * may be set from any thread.
 */
#define FASTRPC_LISTENER_OFF		(1u << 0)	/* the device's sessions start none */
#define FASTRPC_LISTENER_ALLOW_WRITE	(1u << 1)	/* the DSP may write, create, remove */
#define FASTRPC_LISTENER_ALLOW_ANY_PATH	(1u << 2)	/* absolute names and ".." served */
#define FASTRPC_LISTENER_FLAGS		0x7u

/**
 * fastrpc_device_set_listener_flags() - how the device's sessions serve the DSP
 * @flags: FASTRPC_LISTENER_* bits; 0 (the default) starts a listener with
 *	every session, serving files read-only and only from the search path.
 * Return: 0, -EINVAL (NULL @dev, an unknown bit).
 */
int fastrpc_device_set_listener_flags(struct fastrpc_device *dev, uint32_t flags);
/** fastrpc_device_get_listener_flags() - the FASTRPC_LISTENER_* bits in force. */
uint32_t fastrpc_device_get_listener_flags(const struct fastrpc_device *dev);

/**
 * fastrpc_device_set_search_path() - where the DSP's files are looked up
 * @path: directories separated by ';' (an empty entry is the current
 *	directory), or NULL for the default: $DSP_LIBRARY_PATH, else
 *	$ADSP_LIBRARY_PATH, then the built-in ";/usr/lib/rfsa/adsp;/usr/lib/dsp;"
 *	and <prefix>/lib/dsp (FASTRPC_DSP_DIR), where the shell search ends.
 *
 * A relative name the DSP opens is tried in each entry D as
 * D/<domain>/name, then D/name.  Return: 0, -EINVAL, -ENOMEM.
 */
int fastrpc_device_set_search_path(struct fastrpc_device *dev, const char *path);
/**
 * fastrpc_device_get_search_path() - the search path a listener would use now
 * Return: the path, the environment expanded, valid until the next set or
 *	get of the search path on @dev; NULL when out of memory.
 */
const char *fastrpc_device_get_search_path(const struct fastrpc_device *dev);

/* Levels of the DSP's log lines (adspmsgd's, and FARF's). */
enum fastrpc_log_level {
	FASTRPC_LOG_LOW = 0,
	FASTRPC_LOG_MEDIUM = 1,
	FASTRPC_LOG_HIGH = 2,
	FASTRPC_LOG_ERROR = 3,
	FASTRPC_LOG_FATAL = 4,
};

/**
 * struct fastrpc_log_msg - one log line for the program
 * @level: the DSP's level (a level beyond FATAL is given as FATAL).
 * @file: the DSP source file, "" when the DSP gave none; "libfastrpc" for
 *	the lines the library logs itself (a file the DSP was refused).
 * @line: the line in @file, 0 when none.
 * @thread_id: the DSP thread's id, 0 when none.
 * @message: the text, without a trailing newline.
 *
 * The strings live during the callback only.
 */
struct fastrpc_log_msg {
	enum fastrpc_log_level level;
	const char *file;
	unsigned int line;
	unsigned int thread_id;
	const char *message;
};

typedef void (*fastrpc_log_fn)(const struct fastrpc_log_msg *msg, void *data);

/**
 * fastrpc_device_set_log_callback() - where the DSP's log lines go
 * @fn: called on the listener thread of each session started after this,
 *	once per line, with @data; NULL (the default): lines are dropped.
 * Return: 0, -EINVAL (NULL @dev).
 */
int fastrpc_device_set_log_callback(struct fastrpc_device *dev, fastrpc_log_fn fn,
				    void *data);

/* ---- shell ELF checks and search (shell.c) -------------------------- */

/**
 * fastrpc_shell_check() - is this a shell ELF a DSP could load?
 * @image: the file's bytes.
 * @size: their number.
 * @reason: out (may be NULL), on failure a string saying what is wrong
 *	("not an ELF file", "ELF machine is x86-64, not Hexagon", ...), valid
 *	until this thread's next check.
 *
 * Checks with libelf: ELFCLASS32, little-endian, EV_CURRENT, EM_QDSP6,
 * ET_EXEC or ET_DYN; program headers present, of the Elf32 size, after the
 * ELF header and inside the file; 1 to 64 PT_LOAD segments with file
 * contents, each inside the file, no larger in the file than in memory,
 * at most 256 MiB in memory, and none overlapping another in the file.
 * Return: 0 or -ENOEXEC.
 */
int fastrpc_shell_check(const void *image, size_t size, const char **reason);

/**
 * fastrpc_shell_find() - where the shell of a domain is installed
 * @domain_id: the domain.
 * @attrs: the process attributes; with FASTRPC_PD_ATTR_UNSIGNED the
 *	unsigned shell (fastrpc_shell_unsigned_<id>) is looked for first.
 * @dirs: a colon-separated list of directories (an empty entry is the
 *	current directory), or NULL for the places FastRPC programs look, as
 *	Qualcomm's library does: the current directory, /usr/lib/rfsa/adsp,
 *	/usr/lib/dsp, /vendor/dsp, then where this project installs its
 *	shell (<prefix>/lib/dsp by default, FASTRPC_DSP_DIR at build time).
 *	As with "." in PATH, a program run from a directory others can write
 *	should pass its own @dirs.
 * @path: out, a malloc'd path to a regular file; the caller frees it.
 *
 * Each directory is tried as <dir>/<domain>/<name>, then <dir>/<name>,
 * where <name> is fastrpc_shell_<id> ("fastrpc_shell_3" for cdsp); with
 * FASTRPC_PD_ATTR_UNSIGNED every directory is searched for the unsigned
 * name before any for the plain one.
 * Return: 0, -ENOENT when no directory holds it, -EINVAL, -ENOMEM.
 */
int fastrpc_shell_find(unsigned int domain_id, uint32_t attrs,
		       const char *dirs, char **path);

/* ---- sessions (session.c) ------------------------------------------- */

/* Process attributes of a user PD (DRM_FASTRPC_PD_ATTR_*, FASTRPC_MODE_*). */
#define FASTRPC_PD_ATTR_DEBUG		(1u << 0)
#define FASTRPC_PD_ATTR_PTRACE		(1u << 1)
#define FASTRPC_PD_ATTR_CRC		(1u << 2)
#define FASTRPC_PD_ATTR_UNSIGNED	(1u << 3)
#define FASTRPC_PD_ATTR_ADAPTIVE_QOS	(1u << 4)
#define FASTRPC_PD_ATTR_SYSTEM		(1u << 5)
#define FASTRPC_PD_ATTR_PRIVILEGED	(1u << 6)
#define FASTRPC_PD_ATTRS		0x7fu

/* The kinds of session: what runs on the DSP for it. */
enum fastrpc_pd {
	FASTRPC_PD_USER = 0,	/* a new process from a shell ELF */
	FASTRPC_PD_ROOT = 1,	/* the DSP's root PD (daemons) */
	FASTRPC_PD_SENSORS = 2,	/* the sensors PD */
	FASTRPC_PD_STATIC = 3,	/* a static PD by name ("audiopd") */
};

/**
 * fastrpc_session_new() - start a process on the DSP from a shell ELF
 * @dev: the domain; it holds at most one session at a time.
 * @shell_path: the shell ELF, or NULL for fastrpc_shell_find()'s with the
 *	default directories.  It is checked with fastrpc_shell_check() before
 *	anything reaches the kernel.
 * @attrs: FASTRPC_PD_ATTR_* bits.
 * @session: out; free it with fastrpc_session_free().
 * @reason: out (may be NULL), why the shell was refused (-ENOEXEC); NULL
 *	after any other result.
 *
 * Return: 0; -EINVAL (a NULL argument, or @attrs beyond FASTRPC_PD_ATTRS);
 * -ENOENT (no such shell file, or none found); -EISDIR; -ENOEXEC (a bad
 * shell, see @reason); -EFBIG (larger than the driver takes); -EBUSY (@dev
 * has a session); -ECONNREFUSED (the DSP refused it); -EACCES or -EPERM
 * (the attributes or the domain need privilege); another -errno.
 */
int fastrpc_session_new(struct fastrpc_device *dev, const char *shell_path,
			uint32_t attrs, struct fastrpc_session **session,
			const char **reason);
/** fastrpc_session_new_from_memory() - the same with the shell's bytes. */
int fastrpc_session_new_from_memory(struct fastrpc_device *dev,
				    const void *image, size_t size,
				    uint32_t attrs,
				    struct fastrpc_session **session,
				    const char **reason);

/**
 * fastrpc_session_attach() - attach to a PD that runs on the DSP already
 * @pd: FASTRPC_PD_ROOT or FASTRPC_PD_SENSORS.
 *
 * For the daemons that serve the whole system: privileged (see the
 * driver's documentation).  Return: 0, -EINVAL for another @pd, -EBUSY,
 * -EACCES or -EPERM (not privileged), or another -errno.
 */
int fastrpc_session_attach(struct fastrpc_device *dev, enum fastrpc_pd pd,
			   struct fastrpc_session **session);

/**
 * fastrpc_session_new_static() - attach to a static PD by name
 * @name: its name ("audiopd"), 1 to 63 bytes.
 * @heap_size: bytes lent to it as its heap, 0 for none.
 *
 * Privileged, as fastrpc_session_attach().  Return: 0; -EINVAL (a name
 * of another length, @heap_size of 4 GiB or more); -EBUSY; -EACCES or -EPERM;
 * -ECONNREFUSED (the DSP has no such PD); another -errno.
 */
int fastrpc_session_new_static(struct fastrpc_device *dev, const char *name,
			       size_t heap_size,
			       struct fastrpc_session **session);

/**
 * fastrpc_session_free() - end the session
 *
 * A running listener is stopped first (fastrpc_session_stop_listener()).
 * A user PD ends on the DSP, and so does everything it mapped; the device
 * may then hold a new session.
 */
void fastrpc_session_free(struct fastrpc_session *session);

/**
 * fastrpc_session_start_listener() - serve the DSP process's reverse calls
 *
 * Every session starts one when it starts, unless its device's flags say
 * FASTRPC_LISTENER_OFF; a session whose listener could not start (a DSP
 * without one) works without it.  The listener registers with the DSP
 * (adsp_listener1 init2, or adsp_listener's on an older DSP), then waits
 * for reverse calls on a thread of its own, with every signal blocked, and
 * serves apps_remotectl (reverse handle 0), apps_std (files, confined to
 * the search path), apps_mem (heap the DSP asks for: buffers of the
 * device, mapped to the process) and adspmsgd_apps (log lines, to the log
 * callback).  It ends when the session ends, when the DSP answers it with
 * an error twice or says the process is gone, or when the DSP restarts.
 * Return: 0; -EALREADY when one runs; -EINVAL; -EREMOTEIO (the DSP
 * refused init2 on both handles); -ENOMEM, -EAGAIN, another -errno.
 */
int fastrpc_session_start_listener(struct fastrpc_session *session);

/**
 * fastrpc_session_stop_listener() - end the session's listener
 *
 * Tells the DSP process to exit (adsp_current_process1 exit), which ends
 * the listener's wait, joins the thread and closes, unmaps and frees what
 * it served; the process makes no more calls after it, so free the session
 * next.  fastrpc_session_free() does this itself.  A DSP that keeps the
 * listener waiting 5 s after exit has its accel session released under it
 * (which fails the wait); on the legacy interface the library waits.
 * Return: 0, -ENOENT when the session has none, -EINVAL.
 */
int fastrpc_session_stop_listener(struct fastrpc_session *session);

/** fastrpc_session_has_listener() - a listener runs (started and not ended). */
bool fastrpc_session_has_listener(const struct fastrpc_session *session);

/** fastrpc_session_get_device() - the device the session was started on. */
struct fastrpc_device *fastrpc_session_get_device(const struct fastrpc_session *session);
/** fastrpc_session_get_pd() - what kind of session it is. */
enum fastrpc_pd fastrpc_session_get_pd(const struct fastrpc_session *session);
/**
 * fastrpc_session_get_client_id() - the id the DSP knows the session by
 * Return: the id on the accel interface; 0 on the legacy one, which does
 *	not tell it (the misc driver uses the process id).
 */
uint32_t fastrpc_session_get_client_id(const struct fastrpc_session *session);

/* ---- buffers (buffer.c) --------------------------------------------- */

/**
 * fastrpc_buffer_new() - memory the DSP can reach in place
 * @dev: the domain whose driver allocates it.
 * @size: bytes, rounded up to whole pages (the kernel's page size); not 0.
 * @buf: out; free it with fastrpc_buffer_free().
 *
 * Accel: a GEM object.  Legacy: a dma-buf from ALLOC_DMA_BUFF, or, with
 * the misc driver, from /dev/dma_heap/system as Qualcomm's library takes
 * them (the misc driver's own cannot be mapped without a kernel warning),
 * then rounded up to 64 KiB.  On the accel interface a buffer is passed to
 * calls and maps of the session of its own device only; export and import
 * it to use it on another (legacy buffers are dma-buf fds that go to any
 * legacy session).  Return: 0, -EINVAL, -ENOMEM, -errno.
 */
int fastrpc_buffer_new(struct fastrpc_device *dev, size_t size,
		       struct fastrpc_buffer **buf);

/**
 * fastrpc_buffer_import() - a dma-buf of another exporter, for the DSP
 * @dmabuf_fd: a dma-buf fd (a dma-buf heap's, udmabuf's, another
 *	device's); the library takes a reference of its own, the caller keeps
 *	and closes its fd.
 *
 * Tells a dma-buf by its /proc/self/fdinfo, which must be mounted.
 * Return: 0; -EINVAL or -EBADF when @dmabuf_fd is no dma-buf; -errno.
 */
int fastrpc_buffer_import(struct fastrpc_device *dev, int dmabuf_fd,
			  struct fastrpc_buffer **buf);

/** fastrpc_buffer_free() - let go of the buffer (the DSP's maps of it end with their session). */
void fastrpc_buffer_free(struct fastrpc_buffer *buf);

/** fastrpc_buffer_get_size() - its size in bytes. */
size_t fastrpc_buffer_get_size(const struct fastrpc_buffer *buf);
/** fastrpc_buffer_get_device() - the device it belongs to. */
struct fastrpc_device *fastrpc_buffer_get_device(const struct fastrpc_buffer *buf);

/**
 * fastrpc_buffer_mmap() - the buffer in this process's memory
 * @data: out, its first byte; the same pointer on every call and from
 *	every thread, valid until fastrpc_buffer_free().
 * Return: 0, -EINVAL, or -errno of the kernel's (GEM_MMAP_OFFSET, mmap()).
 */
int fastrpc_buffer_mmap(struct fastrpc_buffer *buf, void **data);

/**
 * fastrpc_buffer_export() - a dma-buf fd of the buffer
 * @fd: out, a new close-on-exec fd the caller owns (clear FD_CLOEXEC to
 *	pass it to a child).
 * Return: 0 or -errno.
 */
int fastrpc_buffer_export(struct fastrpc_buffer *buf, int *fd);

/* Flags of fastrpc_buffer_map(). */
#define FASTRPC_MAP_HEAP	(1u << 0)	/* lend it to the process's heap (accel only) */

/**
 * fastrpc_buffer_map() - map a range of the buffer into the session's DSP process
 * @offset: offset into @buf, aligned to the kernel's page size.
 * @size: bytes, page aligned, not 0, inside @buf.
 * @flags: FASTRPC_MAP_* bits.
 * @dsp_addr: out, where the DSP process sees it.
 *
 * The mapping lasts until fastrpc_buffer_unmap() or the session's end, and
 * holds the memory meanwhile.  Return: 0; -EINVAL; -EXDEV (a buffer this
 * session cannot name, as fastrpc_session_call() says); -EOPNOTSUPP (a
 * flag the interface lacks); -EREMOTEIO (the DSP refused it); -errno.
 */
int fastrpc_buffer_map(struct fastrpc_session *session,
		       struct fastrpc_buffer *buf, size_t offset, size_t size,
		       uint32_t flags, uint64_t *dsp_addr);

/**
 * fastrpc_buffer_unmap() - undo fastrpc_buffer_map()
 * @dsp_addr: the address it returned.
 * Return: 0, -EINVAL when no such mapping exists, -EXDEV, -EREMOTEIO (the
 *	DSP refused), -errno.
 */
int fastrpc_buffer_unmap(struct fastrpc_session *session,
			 struct fastrpc_buffer *buf, uint64_t dsp_addr);

/* ---- calls (args.c, invoke.c) --------------------------------------- */

/* The scalars word of a call: method and argument counts. */
#define FASTRPC_SCALARS(method, in, out, in_handles, out_handles)		\
	((((uint32_t)(method) & 0x1fu) << 24) | (((uint32_t)(in) & 0xffu) << 16) | \
	 (((uint32_t)(out) & 0xffu) << 8) | (((uint32_t)(in_handles) & 0x0fu) << 4) | \
	 ((uint32_t)(out_handles) & 0x0fu))

#define FASTRPC_MAX_METHOD	31
#define FASTRPC_MAX_BUFFERS	255	/* input, and output, buffers per call */
#define FASTRPC_MAX_HANDLES	15	/* input, and output, handles per call */

/**
 * fastrpc_args_new() - an empty argument list for calls
 * Return: 0 or -ENOMEM.
 */
int fastrpc_args_new(struct fastrpc_args **args);
void fastrpc_args_free(struct fastrpc_args *args);
/** fastrpc_args_clear() - empty @args again, for the next call. */
void fastrpc_args_clear(struct fastrpc_args *args);

/*
 * Adding arguments.  The order of each kind is the order of the adds;
 * the kinds go to the DSP as the protocol orders them (input buffers,
 * output buffers, input handles, output handles).  Memory passed by
 * pointer is read (inputs) or written (outputs) during the call only and
 * must stay valid until it returns.  Each add returns 0, -E2BIG when that
 * kind is full, or -EINVAL (NULL with a length, a range outside the
 * buffer).
 */
/** fastrpc_args_add_in() - an input buffer in this process's memory, copied to the DSP. */
int fastrpc_args_add_in(struct fastrpc_args *args, const void *data, size_t len);
/** fastrpc_args_add_out() - an output buffer, copied back when the method succeeds. */
int fastrpc_args_add_out(struct fastrpc_args *args, void *data, size_t len);
/** fastrpc_args_add_in_buffer() - an input range of a buffer: the DSP reads it in place. */
int fastrpc_args_add_in_buffer(struct fastrpc_args *args,
			       struct fastrpc_buffer *buf, size_t offset,
			       size_t len);
/** fastrpc_args_add_out_buffer() - an output range of a buffer, written in place. */
int fastrpc_args_add_out_buffer(struct fastrpc_args *args,
				struct fastrpc_buffer *buf, size_t offset,
				size_t len);
/** fastrpc_args_add_in_handle() - a buffer the method may keep (an input handle). */
int fastrpc_args_add_in_handle(struct fastrpc_args *args,
			       struct fastrpc_buffer *buf, size_t offset,
			       size_t len);
/** fastrpc_args_add_out_handle() - the same, as an output handle. */
int fastrpc_args_add_out_handle(struct fastrpc_args *args,
				struct fastrpc_buffer *buf, size_t offset,
				size_t len);
/** fastrpc_args_get_scalars() - the scalars word a call of @method with @args sends. */
uint32_t fastrpc_args_get_scalars(const struct fastrpc_args *args,
				  uint32_t method);

/**
 * fastrpc_session_call() - call a method of a remote handle
 * @handle: a remote handle of the DSP process (one a skeleton's open
 *	returned, or a static one).
 * @method: 0 to FASTRPC_MAX_METHOD.
 * @args: the arguments, NULL for none.
 * @retval: out (may be NULL), the method's result on the DSP, set whenever
 *	the DSP answered.
 *
 * Return: 0 when the method returned 0; -EREMOTEIO when it returned an
 * error (*@retval has it, fastrpc_strerror() names it); -ENODEV or
 * -ECONNRESET when the DSP went away; -EXDEV for a buffer this session
 * cannot name (an accel buffer of another device, or of the other
 * interface); -EINTR when a signal ended the wait (never retried: the
 * method may have run, or still run, on the DSP); -EINVAL for bad
 * arguments; another -errno.
 */
int fastrpc_session_call(struct fastrpc_session *session, uint32_t handle,
			 uint32_t method, const struct fastrpc_args *args,
			 int32_t *retval);

/**
 * struct fastrpc_iovec - one buffer argument of fastrpc_session_invoke()
 * @base: the bytes; input buffers are only read.
 * @len: their number.
 */
struct fastrpc_iovec {
	void *base;
	size_t len;
};

/**
 * fastrpc_session_invoke() - fastrpc_session_call() with copied buffers only
 * @in: input buffers, @n_in of them, at most FASTRPC_MAX_BUFFERS.
 * @out: output buffers, @n_out of them, at most FASTRPC_MAX_BUFFERS.
 * Return: as fastrpc_session_call().
 */
int fastrpc_session_invoke(struct fastrpc_session *session, uint32_t handle,
			   uint32_t method, const struct fastrpc_iovec *in,
			   unsigned int n_in, const struct fastrpc_iovec *out,
			   unsigned int n_out, int32_t *retval);

/**
 * fastrpc_session_open_skel() - open a skeleton library in the DSP process by name
 * @name: the skeleton's name as the DSP knows it ("lab", or a URI such as
 *	"file:///libfoo_skel.so?foo_skel_handle_invoke&_modver=1.0").
 * @handle: out, the remote handle its methods are called on.
 * @dlerror: out (may be NULL), the DSP's reason when it refused, @size
 *	bytes, NUL-terminated; always written unless @size is 0 ("" when
 *	there is none).
 * @retval: out (may be NULL), the DSP's result when it refused.
 *
 * As Qualcomm's library opens skeletons: through remotectl1 (static
 * handle 8, method 2 open1), and through remotectl (handle 0, method 0)
 * when the DSP refuses handle 8 itself (AEE_EUNSUPPORTED, AEE_EINVHANDLE
 * or AEE_ENOSUCHMOD as the call's result); the session then closes through
 * the same one.  Return: 0, -EREMOTEIO (see *@retval: AEE_ENOSUCHMOD for
 * a skeleton the DSP does not have), -EINVAL, or -errno.
 */
int fastrpc_session_open_skel(struct fastrpc_session *session,
			      const char *name, uint32_t *handle,
			      char *dlerror, size_t size, int32_t *retval);
/**
 * fastrpc_session_close_skel() - close a handle fastrpc_session_open_skel() gave
 * Return: 0; -EREMOTEIO when the DSP refused (*@retval says why); -errno.
 */
int fastrpc_session_close_skel(struct fastrpc_session *session,
			       uint32_t handle, int32_t *retval);

/* ---- errors (error.c) ----------------------------------------------- */

/* A DSP error in retval is an AEE code offset by this. */
#define FASTRPC_DSP_ERROR_BASE	0x80000400u

/**
 * fastrpc_dsp_strerror() - name of a DSP error returned in retval
 * Return: a static string ("AEE_EBADPARM"), "success" for 0, "unknown DSP
 *	error" otherwise.
 */
const char *fastrpc_dsp_strerror(int32_t retval);

/**
 * fastrpc_strerror() - a sentence for an error of this library
 * @err: a negative errno this library returned.
 * @retval: with -EREMOTEIO, the DSP's result; ignored otherwise.
 * @buf: where to write the sentence, @size bytes; NUL-terminated unless
 *	@size is 0 (then nothing is written).
 *
 * Says what the error means for a FastRPC program ("the DSP went away
 * during the call (it crashed or restarted)"), and for a DSP error its
 * name and meaning.  Return: @buf (NULL when @buf is NULL).
 */
const char *fastrpc_strerror(int err, int32_t retval, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* LIBFASTRPC_H */
