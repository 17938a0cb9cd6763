/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libfastrpc: a thin library over the FastRPC accel UAPI
 * (<drm/fastrpc_accel.h>, /dev/accel/accelN).
 *
 * Error convention: every function that can fail returns 0 (or a
 * non-negative count) on success and a negative errno on failure; nothing
 * here prints, exits or touches errno on success.  Objects are opaque; each
 * _open/_new has a _close/_free that accepts NULL.
 */
#ifndef LIBFASTRPC_H
#define LIBFASTRPC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct fastrpc_device;
struct fastrpc_session;

/**
 * struct fastrpc_iovec - one buffer argument of an invoke
 * @base: the bytes; input buffers are only read.
 * @len: their number.
 */
struct fastrpc_iovec {
	void *base;
	size_t len;
};

/* ---- discovery and devices (device.c) ------------------------------- */

/**
 * fastrpc_device_scan() - find the accel nodes served by the FastRPC driver
 * @paths: out, a malloc'd array of malloc'd paths ("/dev/accel/accel0"),
 *	sorted by minor number; free with fastrpc_device_scan_free().
 * @count: out, number of entries.
 * @dev_dir: directory to scan, NULL for "/dev/accel".
 *
 * Nodes of other accel drivers are skipped, nodes that cannot be opened
 * too.  Return: 0 (also when none is found, *count == 0) or -errno.
 */
int fastrpc_device_scan(const char *dev_dir, char ***paths, size_t *count);
void fastrpc_device_scan_free(char **paths, size_t count);

/**
 * fastrpc_device_open() - open one domain
 * @name: a path ("/dev/accel/accel0") or a domain name ("cdsp").
 * @dev: out, the device; close with fastrpc_device_close().
 *
 * Return: 0, -ENOENT when no node serves that domain, -ENODEV when the
 * path is not a FastRPC node, or another -errno from open().
 */
int fastrpc_device_open(const char *name, struct fastrpc_device **dev);
void fastrpc_device_close(struct fastrpc_device *dev);

/** fastrpc_device_get_path() - the node's path; valid until close. */
const char *fastrpc_device_get_path(const struct fastrpc_device *dev);
/** fastrpc_device_get_domain() - the domain's name ("cdsp"); valid until close. */
const char *fastrpc_device_get_domain(const struct fastrpc_device *dev);
/** fastrpc_device_get_domain_id() - DRM_FASTRPC_DOMAIN_* of the device. */
unsigned int fastrpc_device_get_domain_id(const struct fastrpc_device *dev);
/** fastrpc_device_get_fd() - the file descriptor, owned by @dev. */
int fastrpc_device_get_fd(const struct fastrpc_device *dev);

/**
 * fastrpc_device_query() - one DRM_FASTRPC_PARAM_* value
 * Return: 0 with *value set, or -errno (-EINVAL for an unknown param).
 */
int fastrpc_device_query(struct fastrpc_device *dev, uint32_t param,
			 uint32_t index, uint64_t *value);

/* ---- shell ELF checks (shell.c) ------------------------------------- */

/**
 * fastrpc_shell_check() - is this a shell ELF a DSP could load?
 * @image: the file's bytes.
 * @size: their number.
 * @reason: out (may be NULL), on failure a static string saying what is
 *	wrong ("not an ELF file", "ELF machine is x86-64, not Hexagon", ...).
 *
 * Checks with libelf: ELFCLASS32, little-endian, EM_QDSP6, ET_EXEC or
 * ET_DYN, program headers present, inside the file, not overlapping in the
 * file, with sane sizes.  Return: 0 or -ENOEXEC.
 */
int fastrpc_shell_check(const void *image, size_t size, const char **reason);

/* ---- sessions (session.c) ------------------------------------------- */

/**
 * fastrpc_session_new() - start a process on the DSP from a shell ELF
 * @dev: the domain; the session opens its own file on @dev's node.
 * @shell_path: the shell ELF; checked with fastrpc_shell_check() before
 *	anything reaches the kernel.
 * @attrs: DRM_FASTRPC_PD_ATTR_* bits.
 * @session: out; free with fastrpc_session_free().
 * @reason: out (may be NULL), why the shell was refused (-ENOEXEC).
 *
 * Return: 0, -ENOEXEC (bad shell, see @reason), -EFBIG (shell too large),
 * -ECONNREFUSED (the DSP refused it), or another -errno.
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
/** fastrpc_session_free() - end the DSP process and free @session. */
void fastrpc_session_free(struct fastrpc_session *session);
/** fastrpc_session_get_client_id() - the id the DSP knows the session by. */
uint32_t fastrpc_session_get_client_id(const struct fastrpc_session *session);

/**
 * fastrpc_session_invoke() - call a method of a remote handle
 * @session: the session.
 * @handle: remote handle in the DSP process.
 * @method: method number, 0 to 31.
 * @in: input buffers (read only), @n_in of them, at most 255.
 * @out: output buffers, @n_out of them, at most 255; written when the
 *	call succeeds.
 * @retval: out (may be NULL), the method's result on the DSP.
 *
 * Return: 0 when the method returned 0; -EREMOTEIO when it returned an
 * error (see *@retval); -ENODEV or -ECONNRESET when the DSP went away;
 * -EINVAL for bad arguments; another -errno otherwise.  EINTR is retried.
 */
int fastrpc_session_invoke(struct fastrpc_session *session, uint32_t handle,
			   uint32_t method, const struct fastrpc_iovec *in,
			   unsigned int n_in, const struct fastrpc_iovec *out,
			   unsigned int n_out, int32_t *retval);

/* ---- errors (error.c) ----------------------------------------------- */

/**
 * fastrpc_dsp_strerror() - name of a DSP error returned in @retval
 * Return: a static string ("AEE_EBADPARM"), "unknown DSP error" otherwise.
 */
const char *fastrpc_dsp_strerror(int32_t retval);

#ifdef __cplusplus
}
#endif

#endif /* LIBFASTRPC_H */
