/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* libfastrpc internals, shared by the objects in lib/src and the unit tests. */
#ifndef LIBFASTRPC_INTERNAL_H
#define LIBFASTRPC_INTERNAL_H

#include <drm/fastrpc_accel.h>
#include <misc/fastrpc.h>
#include <pthread.h>
#include <sys/types.h>

#include "libfastrpc.h"

#define FASTRPC_EXPORT __attribute__((visibility("default")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The accel driver's DRM name, and its RPMsg driver's in sysfs. */
#define FASTRPC_DRM_NAME	"fastrpc"
#define FASTRPC_ACCEL_RPMSG	"fastrpc-accel"
/* The kernel modules fastrpc_node_get_driver() names. */
#define FASTRPC_MOD_ACCEL	"fastrpc_accel"
#define FASTRPC_MOD_MISC	"fastrpc"
#define FASTRPC_MOD_UNKNOWN	"unknown"

/* Room for a domain name with its NUL; the protocol's names are short. */
#define FASTRPC_DOMAIN_NAME_SIZE 64

/*
 * Facts of the misc driver's UAPI that <misc/fastrpc.h> leaves out, and
 * what older copies of it (Debian 12's, from Linux 6.1) lack.
 */
#define LEGACY_INIT_FILELEN_MAX	(2u << 20)
#define LEGACY_NAMELEN_MAX	128
#ifndef FASTRPC_IOCTL_INIT_CREATE_STATIC
struct fastrpc_init_create_static {
	__u32 namelen;
	__u32 memlen;
	__u64 name;
};
#define FASTRPC_IOCTL_INIT_CREATE_STATIC \
	_IOWR('R', 9, struct fastrpc_init_create_static)
#endif
/* MEM_MAP's flag for a dma-buf mapped by its fd (enum fastrpc_map_flags). */
#define LEGACY_MAP_FD		2

/* Where the library looks for nodes; the unit tests point it elsewhere. */
struct fastrpc_roots {
	const char *dev;	/* "/dev" */
	const char *sys;	/* "/sys" */
};
extern const struct fastrpc_roots fastrpc_system_roots;

struct fastrpc_node {
	char *path;
	char *domain;
	int domain_id;
	enum fastrpc_interface iface;
	const char *driver;	/* static */
	bool secure;
	int state;
};

struct fastrpc_device {
	int fd;
	enum fastrpc_interface iface;
	unsigned int domain_id;
	bool secure;
	const char *driver;	/* static */
	char *path;
	char domain[FASTRPC_DOMAIN_NAME_SIZE];
	struct fastrpc_session *session;	/* at most one at a time */
	/*
	 * The lock guards the list of buffers (a listener allocates and frees
	 * them on its own thread) and the listener's settings below.
	 */
	pthread_mutex_t lock;
	struct fastrpc_buffer *buffers;		/* those not freed yet */
	uint32_t listener_flags;
	char *search_path;			/* set by the program, or NULL */
	char *search_path_shown;		/* the last get_search_path()'s */
	fastrpc_log_fn log_fn;
	void *log_data;
};

struct fastrpc_session {
	struct fastrpc_device *dev;
	/* The accel door's session lives on the device's file; a legacy one
	 * has a file of its own, since only closing ends it. */
	int fd;
	enum fastrpc_pd pd;
	uint32_t client_id;
	/* The DSP refused remotectl1 (handle 8): skeletons open through handle 0. */
	bool no_remotectl1;
	struct fastrpc_listener *listener;	/* NULL when none was started */
};

/*
 * An accel GEM handle, shared by the buffers that name one object: DRM
 * gives a file one handle per object, so importing a dma-buf the file
 * already has (one it exported, say) returns the handle it has.
 */
struct fastrpc_gem_ref {
	uint32_t handle;
	unsigned int refs;
};

struct fastrpc_buffer {
	struct fastrpc_device *dev;
	struct fastrpc_buffer *next;	/* in dev->buffers */
	size_t size;
	struct fastrpc_gem_ref *gem;	/* accel */
	int fd;			/* legacy: the dma-buf fd, owned; accel: -1 */
	void *map;		/* the CPU mapping, NULL until asked */
};

/*
 * The one way into the kernel: ioctl(2), retried on EINTR.
 * Return: 0, -errno when ioctl() failed, or any other value it returned
 * (the legacy interface returns a DSP error as ioctl()'s result).
 */
int fastrpc_ioctl(int fd, unsigned long request, void *arg);
/* The same without the retry, for calls the kernel never restarts. */
int fastrpc_ioctl_once(int fd, unsigned long request, void *arg);
/* A result of fastrpc_ioctl() that is no errno: the DSP's error. */
static inline bool fastrpc_is_dsp_error(int ret)
{
	return ret > 0 || ret < -4095;
}

/* ---- domain.c ---- */
/* The misc driver's node name for a domain: "fastrpc-<domain>[-secure]". */
int fastrpc_legacy_node_domain(const char *name, char *domain, size_t size,
			       bool *secure);

/* ---- scan.c ---- */
int fastrpc_scan_in(const struct fastrpc_roots *roots,
		    struct fastrpc_node ***nodes, size_t *count);
/* The module serving the character device @rdev (a static string). */
const char *fastrpc_driver_of(const struct fastrpc_roots *roots, dev_t rdev);
/* Open a node as its interface wants it: O_RDWR for accel, read-only and
 * non-blocking for legacy.  Return: the fd or -errno. */
int fastrpc_node_open_fd(const char *path, enum fastrpc_interface iface);
/* An accel node of the FastRPC driver?  Return: 0, -ENODEV, -errno. */
int fastrpc_accel_check(int fd);
/* The domain an accel file says it serves. */
int fastrpc_accel_domain(int fd, char *name, size_t size, unsigned int *id);

/* ---- device.c ---- */
int fastrpc_device_open_at(const struct fastrpc_roots *roots, const char *name,
			   enum fastrpc_interface iface,
			   struct fastrpc_device **dev);

/* ---- listener.c ---- */
/* Stop and free the session's listener, if any (fastrpc_session_free()). */
void fastrpc_listener_end(struct fastrpc_session *session);

/* ---- buffer.c ---- */
/* The kernel's page size, which sizes and offsets of buffers round to. */
size_t fastrpc_page_size(void);
/* Whether a call or map of @session may name @buf: an accel buffer of its
 * own device, or any legacy buffer on the legacy interface. */
bool fastrpc_buffer_usable(const struct fastrpc_session *session,
			   const struct fastrpc_buffer *buf);
/* A dma-buf for the legacy interface, @len rounded up as allocated.
 * Return: its fd (close-on-exec) or -errno. */
int fastrpc_legacy_dmabuf(struct fastrpc_device *dev, size_t *len);
/* The dma-buf fd of a legacy buffer, mapped (a legacy call passes ptr). */
int fastrpc_buffer_legacy_ptr(struct fastrpc_buffer *buf, size_t offset,
			      uint64_t *ptr);

#endif /* LIBFASTRPC_INTERNAL_H */
