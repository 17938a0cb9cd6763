/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The listener's settings on a device, the search path the DSP's files are
 * looked up in, and the confinement of the names a DSP asks for: the DSP
 * is not trusted, so a name is served only from the search path, read-only,
 * unless the program asked for more.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "listener.h"

/*
 * Qualcomm's list (an empty entry is the current directory), then where
 * this project installs DSP files, as the shell search ends there too.
 */
#define BUILTIN_PATH	";/usr/lib/rfsa/adsp;/usr/lib/dsp;" FASTRPC_SHELL_INSTALL_DIR

FASTRPC_EXPORT int fastrpc_device_set_listener_flags(struct fastrpc_device *dev,
						     uint32_t flags)
{
	if (!dev || (flags & ~FASTRPC_LISTENER_FLAGS))
		return -EINVAL;
	/* Atomic: fastrpc_device_get_listener_flags() reads it without the lock. */
	__atomic_store_n(&dev->listener_flags, flags, __ATOMIC_RELAXED);
	return 0;
}

FASTRPC_EXPORT uint32_t fastrpc_device_get_listener_flags(const struct fastrpc_device *dev)
{
	return __atomic_load_n(&dev->listener_flags, __ATOMIC_RELAXED);
}

FASTRPC_EXPORT int fastrpc_device_set_search_path(struct fastrpc_device *dev, const char *path)
{
	char *copy = NULL;

	if (!dev)
		return -EINVAL;
	if (path) {
		copy = strdup(path);
		if (!copy)
			return -ENOMEM;
	}
	pthread_mutex_lock(&dev->lock);
	free(dev->search_path);
	dev->search_path = copy;
	pthread_mutex_unlock(&dev->lock);
	return 0;
}

char *search_path_of(struct fastrpc_device *dev)
{
	const char *env;
	char *path;
	size_t len;

	pthread_mutex_lock(&dev->lock);
	path = dev->search_path ? strdup(dev->search_path) : NULL;
	pthread_mutex_unlock(&dev->lock);
	if (path)
		return path;
	env = getenv("DSP_LIBRARY_PATH");
	if (!env)
		env = getenv("ADSP_LIBRARY_PATH");
	if (!env)
		return strdup(BUILTIN_PATH);
	/* The environment's entries come first, then the built-in ones. */
	len = strlen(env) + 1 + sizeof(BUILTIN_PATH);
	path = malloc(len);
	if (path)
		snprintf(path, len, "%s;%s", env, BUILTIN_PATH);
	return path;
}

FASTRPC_EXPORT const char *fastrpc_device_get_search_path(const struct fastrpc_device *dev)
{
	/* The string shown is the device's, replaced at each call. */
	struct fastrpc_device *d = (struct fastrpc_device *)dev;
	char *path;

	if (!d)
		return NULL;
	path = search_path_of(d);
	if (!path)
		return NULL;
	pthread_mutex_lock(&d->lock);
	free(d->search_path_shown);
	d->search_path_shown = path;
	pthread_mutex_unlock(&d->lock);
	return path;
}

/* A ".." among the components of @name. */
static bool has_dotdot(const char *name)
{
	const char *p = name;

	while ((p = strstr(p, ".."))) {
		if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return true;
		p += 2;
	}
	return false;
}

/*
 * Whether @path is a directory (@dir) or a regular file: a FIFO or a
 * device could block the listener, so none is served.
 */
static bool found(const char *path, bool dir)
{
	struct stat st;

	if (stat(path, &st))
		return false;
	return dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode);
}

static int refuse(struct fastrpc_listener *l, const char *what, const char *name,
		  const char *why)
{
	listener_log(l, FASTRPC_LOG_ERROR, LISTENER_LOG_FILE, 0, 0,
		     "refused the DSP's %s of \"%s\": %s", what, name, why);
	return AEE_ENOTALLOWED;
}

/* An absolute @name inside an entry of the search path. */
static bool inside(const char *spath, const char *name)
{
	const char *e = spath, *end;
	size_t n;

	for (; e; e = *end ? end + 1 : NULL) {
		end = strchr(e, ';');
		if (!end)
			end = e + strlen(e);
		n = end - e;
		while (n > 1 && e[n - 1] == '/')
			n--;
		if (n && e[0] == '/' && strncmp(name, e, n) == 0 &&
		    (name[n] == '/' || (n == 1 && name[0] == '/')))
			return true;
	}
	return false;
}

int search_resolve(struct fastrpc_listener *l, const char *what, const char *name,
		   bool write, bool dir, char **path)
{
	bool any = l->flags & FASTRPC_LISTENER_ALLOW_ANY_PATH;
	const char *e, *end;
	char buf[PATH_MAX];
	char *first = NULL;
	size_t n;

	if (!*name)
		return AEE_ENOSUCHFILE;
	if (write && !(l->flags & FASTRPC_LISTENER_ALLOW_WRITE))
		return refuse(l, what, name, "the DSP may not write, create or remove files");
	if (!any && has_dotdot(name))
		return refuse(l, what, name, "a name with \"..\"");
	if (name[0] == '/') {
		if (!any && !inside(l->search_path, name))
			return refuse(l, what, name, "outside the search path");
		if (!write && !found(name, dir))
			return AEE_ENOSUCHFILE;
		*path = strdup(name);
		return *path ? 0 : AEE_ENOMEMORY;
	}
	for (e = l->search_path; e; e = *end ? end + 1 : NULL) {
		end = strchr(e, ';');
		if (!end)
			end = e + strlen(e);
		n = end - e;
		/* An empty entry is the current directory (end still points past it). */
		if (!n) {
			e = ".";
			n = 1;
		}
		if ((size_t)snprintf(buf, sizeof(buf), "%.*s/%s/%s", (int)n, e, l->domain,
				     name) < sizeof(buf) && found(buf, dir))
			break;
		if ((size_t)snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, e, name) <
		    sizeof(buf)) {
			if (found(buf, dir))
				break;
			if (write && !first)
				first = strdup(buf);
		}
	}
	if (e) {
		free(first);
		*path = strdup(buf);
		return *path ? 0 : AEE_ENOMEMORY;
	}
	/* A file to create goes to the first entry it fits in. */
	if (write && first) {
		*path = first;
		return 0;
	}
	free(first);
	return AEE_ENOSUCHFILE;
}
