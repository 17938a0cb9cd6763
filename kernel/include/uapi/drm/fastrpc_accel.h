/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * FastRPC accelerator UAPI: remote procedure calls into the processes of a
 * Qualcomm Hexagon DSP through /dev/accel/accelN.
 */
#ifndef _UAPI_DRM_FASTRPC_ACCEL_H_
#define _UAPI_DRM_FASTRPC_ACCEL_H_

#include "drm.h"

#if defined(__cplusplus)
extern "C" {
#endif

/**
 * DOC: domains
 *
 * Each DSP (a "domain": adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0, gdsp1) that
 * speaks FastRPC is one accel device.  %DRM_IOCTL_FASTRPC_QUERY names the
 * domain (%DRM_FASTRPC_PARAM_DOMAIN_NAME) and tells which parts of this
 * interface the driver implements (%DRM_FASTRPC_PARAM_CAPS); an ioctl whose
 * capability bit is clear fails with -EOPNOTSUPP.
 *
 * When the DSP goes away (it crashed, or its firmware was stopped), the
 * device is unplugged: invokes in flight fail with -ECONNRESET, every later
 * ioctl on a file opened before fails with -ENODEV, and such a file can
 * still be closed.  When the DSP comes back a new device appears; new
 * files opened on it work as before.
 */

/**
 * DOC: sessions
 *
 * A session is one process on the DSP (a "protection domain", PD).  Each
 * open file holds at most one session: %DRM_IOCTL_FASTRPC_SESSION_CREATE
 * starts it, %DRM_IOCTL_FASTRPC_SESSION_RELEASE or closing the file ends
 * it and frees everything it held on the DSP.  A user PD is created from a
 * shell ELF (a Hexagon executable, EM_QDSP6) that the DSP loads and runs;
 * the other kinds attach to a PD that already runs on the DSP: the root PD,
 * the sensors PD, or a static PD by name (the audio PD, "audiopd").
 *
 * Who may attach.  The root, sensors and static PDs serve the whole system
 * (they are the DSP side of daemons such as the audio and sensors
 * services), so attaching to one is privileged: the caller of
 * SESSION_CREATE needs CAP_SYS_ADMIN, or must be a member of the group the
 * module parameter attach_gid names (unset by default).  Anyone who can
 * open the device may create user PDs.  An unprivileged attach fails with
 * -EPERM and changes nothing.  A user PD asking for
 * %DRM_FASTRPC_PD_ATTR_PRIVILEGED or %DRM_FASTRPC_PD_ATTR_SYSTEM is held to
 * the same rule, and so, on a secure domain (%DRM_FASTRPC_PARAM_SECURE), is
 * every user PD of signed code: there anyone may create only unsigned PDs
 * (%DRM_FASTRPC_PD_ATTR_UNSIGNED), and only on cdsp and cdsp1, the DSPs
 * that run them.
 */

/**
 * DOC: memory
 *
 * Buffers the DSP reads or writes in place are GEM objects: created with
 * %DRM_IOCTL_FASTRPC_GEM_CREATE (physically contiguous, so that the DSP can
 * reach them with or without an IOMMU), or imported from another dma-buf
 * exporter with DRM_IOCTL_PRIME_FD_TO_HANDLE; DRM_IOCTL_PRIME_HANDLE_TO_FD
 * exports them.  The CPU maps one with mmap() at the offset
 * %DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET returns.  Freeing is closing the GEM
 * handle (DRM_IOCTL_GEM_CLOSE) and every mapping and dma-buf fd of it.
 *
 * A GEM object passed to an invoke (%DRM_FASTRPC_ARG_GEM) travels by its
 * pages: no copy.  It is mapped for the DSP through the DMA API on the
 * session's context bank, for the duration of the call, or until the DSP
 * lets go of it for a handle argument.  Without an IOMMU between the DSP
 * and memory, an imported buffer the DSP cannot see as one contiguous range
 * is refused with -EINVAL when used.
 *
 * %DRM_IOCTL_FASTRPC_MAP maps a GEM object into the session's DSP process
 * until %DRM_IOCTL_FASTRPC_UNMAP or the session ends; the mapping holds the
 * memory, so closing the object meanwhile frees nothing the DSP can reach.
 */

/**
 * DOC: invoke
 *
 * %DRM_IOCTL_FASTRPC_INVOKE calls a method of a remote handle in the
 * session's DSP process and waits for the answer.  The scalars word names
 * the method and counts the arguments, in this order: input buffers, output
 * buffers, input handles, output handles.  Input buffers in user memory are
 * copied to the DSP before the call, output buffers are copied back after
 * it.  A signal interrupts the wait with -EINTR, never restarted: the call
 * may already run on the DSP, and may still run to its end there.
 *
 * The ioctl returns 0 when the DSP answered; the method's own result is
 * then in &drm_fastrpc_invoke.retval (0 for success).  Output buffers are
 * written only when that result is 0.
 *
 * Handles.  An input or output handle argument is a GEM object the method
 * may keep using after it returned (a stream buffer, say): the DSP sees it
 * by a number the driver gives it, and the driver keeps it mapped for the
 * session until the DSP names that number in the payload's fd list to let
 * it go, or the session ends.  Handle arguments need %DRM_FASTRPC_ARG_GEM.
 */

#define DRM_FASTRPC_QUERY		0x00
#define DRM_FASTRPC_GEM_CREATE		0x01
#define DRM_FASTRPC_GEM_MMAP_OFFSET	0x02
#define DRM_FASTRPC_SESSION_CREATE	0x03
#define DRM_FASTRPC_SESSION_RELEASE	0x04
#define DRM_FASTRPC_INVOKE		0x05
#define DRM_FASTRPC_MAP			0x06
#define DRM_FASTRPC_UNMAP		0x07

#define DRM_IOCTL_FASTRPC_QUERY \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_FASTRPC_QUERY, struct drm_fastrpc_query)
#define DRM_IOCTL_FASTRPC_GEM_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_FASTRPC_GEM_CREATE, struct drm_fastrpc_gem_create)
#define DRM_IOCTL_FASTRPC_GEM_MMAP_OFFSET \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_FASTRPC_GEM_MMAP_OFFSET, \
		 struct drm_fastrpc_gem_mmap_offset)
#define DRM_IOCTL_FASTRPC_SESSION_CREATE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_FASTRPC_SESSION_CREATE, \
		 struct drm_fastrpc_session_create)
#define DRM_IOCTL_FASTRPC_SESSION_RELEASE \
	DRM_IOW(DRM_COMMAND_BASE + DRM_FASTRPC_SESSION_RELEASE, \
		struct drm_fastrpc_session_release)
#define DRM_IOCTL_FASTRPC_INVOKE \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_FASTRPC_INVOKE, struct drm_fastrpc_invoke)
#define DRM_IOCTL_FASTRPC_MAP \
	DRM_IOWR(DRM_COMMAND_BASE + DRM_FASTRPC_MAP, struct drm_fastrpc_map)
#define DRM_IOCTL_FASTRPC_UNMAP \
	DRM_IOW(DRM_COMMAND_BASE + DRM_FASTRPC_UNMAP, struct drm_fastrpc_unmap)

/* Parameters of DRM_IOCTL_FASTRPC_QUERY; numbers are never reused. */
/** DRM_FASTRPC_PARAM_UAPI_VERSION: version of this interface, now 0. */
#define DRM_FASTRPC_PARAM_UAPI_VERSION	0
/** DRM_FASTRPC_PARAM_DOMAIN_ID: DRM_FASTRPC_DOMAIN_* of this device. */
#define DRM_FASTRPC_PARAM_DOMAIN_ID	1
/**
 * DRM_FASTRPC_PARAM_DOMAIN_NAME: the domain's name ("cdsp"), NUL
 * terminated, into &drm_fastrpc_query.data_ptr; value is its length
 * without the NUL.
 */
#define DRM_FASTRPC_PARAM_DOMAIN_NAME	2
/** DRM_FASTRPC_PARAM_CAPS: DRM_FASTRPC_CAP_* bits. */
#define DRM_FASTRPC_PARAM_CAPS		3
/** DRM_FASTRPC_PARAM_SECURE: 1 if the domain is secure, 0 otherwise. */
#define DRM_FASTRPC_PARAM_SECURE	4
/** DRM_FASTRPC_PARAM_MAX_ARGS: most arguments one invoke may carry. */
#define DRM_FASTRPC_PARAM_MAX_ARGS	5
/** DRM_FASTRPC_PARAM_MAX_SHELL_SIZE: largest shell ELF, in bytes. */
#define DRM_FASTRPC_PARAM_MAX_SHELL_SIZE 6
/** DRM_FASTRPC_PARAM_CONTEXT_BANKS: number of context banks. */
#define DRM_FASTRPC_PARAM_CONTEXT_BANKS	7
/** DRM_FASTRPC_PARAM_SESSIONS_FREE: sessions that can still be created. */
#define DRM_FASTRPC_PARAM_SESSIONS_FREE	8
/** DRM_FASTRPC_PARAM_SESSION_STATE: DRM_FASTRPC_SESSION_STATE_* of this file. */
#define DRM_FASTRPC_PARAM_SESSION_STATE	9
/**
 * DRM_FASTRPC_PARAM_GEM_MAX_BYTES: most bytes of buffers one user may hold,
 * allocated through any file of either UAPI and not yet freed; GEM_CREATE
 * beyond fails with -ENOSPC.
 */
#define DRM_FASTRPC_PARAM_GEM_MAX_BYTES	10
/**
 * DRM_FASTRPC_PARAM_MAX_CALLS: most invokes one session may have in flight
 * at once, interrupted ones the DSP has not answered included: the
 * session's share of the domain's context ids; one more fails with -EBUSY.
 */
#define DRM_FASTRPC_PARAM_MAX_CALLS	11
/** DRM_FASTRPC_PARAM_MAX_MAPS: most DSP mappings one session may hold. */
#define DRM_FASTRPC_PARAM_MAX_MAPS	12
/**
 * DRM_FASTRPC_PARAM_SESSION_TYPE: DRM_FASTRPC_SESSION_* of this file's
 * session; -ENOENT when it has none.
 */
#define DRM_FASTRPC_PARAM_SESSION_TYPE	13
/**
 * DRM_FASTRPC_PARAM_DSP_ATTR: attribute &drm_fastrpc_query.index (0 to
 * 255) of the DSP's capability table, as Qualcomm's remote.h numbers them
 * (1: runs unsigned PDs, 3: 128-byte HVX contexts, 6: architecture...),
 * the table the misc driver's GET_DSP_INFO reads.  The driver asks the DSP
 * the first time and keeps the answer; this query may therefore wait for
 * the DSP, and fails with -EOPNOTSUPP when the DSP has no such table.
 * Attribute 0 is always 0.
 */
#define DRM_FASTRPC_PARAM_DSP_ATTR	14

/* Domain ids, as the DSPs are numbered by the FastRPC protocol. */
#define DRM_FASTRPC_DOMAIN_ADSP		0
#define DRM_FASTRPC_DOMAIN_MDSP		1
#define DRM_FASTRPC_DOMAIN_SDSP		2
#define DRM_FASTRPC_DOMAIN_CDSP		3
#define DRM_FASTRPC_DOMAIN_CDSP1	4
#define DRM_FASTRPC_DOMAIN_GDSP0	5
#define DRM_FASTRPC_DOMAIN_GDSP1	6

/* Capability bits of DRM_FASTRPC_PARAM_CAPS. */
/** DRM_FASTRPC_CAP_USER_PD: SESSION_CREATE of a user PD from a shell ELF. */
#define DRM_FASTRPC_CAP_USER_PD		(1ULL << 0)
/** DRM_FASTRPC_CAP_INVOKE: INVOKE with buffers in user memory (copied). */
#define DRM_FASTRPC_CAP_INVOKE		(1ULL << 1)
/** DRM_FASTRPC_CAP_GEM: GEM_CREATE, GEM_MMAP_OFFSET and PRIME. */
#define DRM_FASTRPC_CAP_GEM		(1ULL << 2)
/** DRM_FASTRPC_CAP_INVOKE_GEM: GEM objects as invoke arguments and handles. */
#define DRM_FASTRPC_CAP_INVOKE_GEM	(1ULL << 3)
/** DRM_FASTRPC_CAP_MAP: MAP and UNMAP into the DSP process. */
#define DRM_FASTRPC_CAP_MAP		(1ULL << 4)
/** DRM_FASTRPC_CAP_ATTACH: sessions on the root, sensors and static PDs. */
#define DRM_FASTRPC_CAP_ATTACH		(1ULL << 5)
/** DRM_FASTRPC_CAP_DSP_ATTR: %DRM_FASTRPC_PARAM_DSP_ATTR is answered. */
#define DRM_FASTRPC_CAP_DSP_ATTR	(1ULL << 6)

/* Values of DRM_FASTRPC_PARAM_SESSION_STATE. */
#define DRM_FASTRPC_SESSION_STATE_NONE	0	/* no session on this file */
#define DRM_FASTRPC_SESSION_STATE_ACTIVE 1	/* created and usable */
#define DRM_FASTRPC_SESSION_STATE_DEAD	2	/* the DSP went away under it */

/**
 * struct drm_fastrpc_query - ask the driver one thing about the domain
 * @param: in, DRM_FASTRPC_PARAM_*; an unknown one fails with -EINVAL.
 * @index: in, which instance of @param, for the parameters that have
 *	several; must be 0 otherwise.
 * @value: out, the answer.
 * @data_ptr: in, user buffer for parameters that answer with bytes (a
 *	name); must be 0 for the others.
 * @data_size: in, size of @data_ptr's buffer; too small fails with -ENOSPC
 *	and @value still set to the size needed without the NUL.
 * @flags: in, must be 0.
 */
struct drm_fastrpc_query {
	__u32 param;
	__u32 index;
	__u64 value;
	__u64 data_ptr;
	__u32 data_size;
	__u32 flags;
};

/**
 * struct drm_fastrpc_gem_create - allocate a buffer the DSP can reach
 * @size: in, bytes, rounded up to a page; 0, or a size that overflows when
 *	rounded, fails with -EINVAL; beyond %DRM_FASTRPC_PARAM_GEM_MAX_BYTES
 *	for the user's buffers together, with -ENOSPC; -ENOMEM when the
 *	memory is not there.
 * @flags: in, must be 0.
 * @handle: out, GEM handle of the new object.
 */
struct drm_fastrpc_gem_create {
	__u64 size;
	__u32 flags;
	__u32 handle;
};

/**
 * struct drm_fastrpc_gem_mmap_offset - offset to mmap() a GEM object with
 * @handle: in, GEM handle.
 * @flags: in, must be 0.
 * @offset: out, the fake offset to pass to mmap() on this file.
 */
struct drm_fastrpc_gem_mmap_offset {
	__u32 handle;
	__u32 flags;
	__u64 offset;
};

/* Kinds of session for drm_fastrpc_session_create.type. */
/** DRM_FASTRPC_SESSION_USER_PD: a new process from a shell ELF. */
#define DRM_FASTRPC_SESSION_USER_PD	0
/** DRM_FASTRPC_SESSION_ROOT_PD: attach to the DSP's root PD (privileged). */
#define DRM_FASTRPC_SESSION_ROOT_PD	1
/** DRM_FASTRPC_SESSION_SENSORS_PD: attach to the sensors PD (privileged). */
#define DRM_FASTRPC_SESSION_SENSORS_PD	2
/** DRM_FASTRPC_SESSION_STATIC_PD: attach to a static PD by name (privileged). */
#define DRM_FASTRPC_SESSION_STATIC_PD	3

/* Attributes of a user PD; the values are those of the FastRPC protocol. */
#define DRM_FASTRPC_PD_ATTR_DEBUG	(1U << 0)	/* debuggable process */
#define DRM_FASTRPC_PD_ATTR_PTRACE	(1U << 1)	/* allow ptrace */
#define DRM_FASTRPC_PD_ATTR_CRC		(1U << 2)	/* CRC on buffers */
#define DRM_FASTRPC_PD_ATTR_UNSIGNED	(1U << 3)	/* unsigned modules */
#define DRM_FASTRPC_PD_ATTR_ADAPTIVE_QOS (1U << 4)
#define DRM_FASTRPC_PD_ATTR_SYSTEM	(1U << 5)	/* system process */
#define DRM_FASTRPC_PD_ATTR_PRIVILEGED	(1U << 6)	/* privileged process */
#define DRM_FASTRPC_PD_ATTRS		0x7fU

/**
 * struct drm_fastrpc_session_create - start this file's session
 * @type: in, DRM_FASTRPC_SESSION_*.
 * @attrs: in, DRM_FASTRPC_PD_ATTR_* for a user PD; must be 0 otherwise.
 * @shell_ptr: in, user pointer to the shell ELF (user PD only; 0 otherwise).
 * @shell_size: in, for a user PD the shell's size in bytes, at most
 *	%DRM_FASTRPC_PARAM_MAX_SHELL_SIZE; for a static PD the size of the
 *	memory the driver lends the PD as its heap, at most 64 MiB (0 for
 *	none); 0 otherwise.
 * @siglen: in, length of the signature at the end of the shell, 0 if none
 *	(user PD only).
 * @name_size: in, bytes at @name_ptr including the NUL, at most 64.
 * @name_ptr: in, NUL-terminated name: the process name for a user PD
 *	(optional, 0 uses the caller's), the PD's name for a static PD.
 * @flags: in, must be 0.
 * @client_id: out, the id the DSP knows this session by.
 *
 * Fails with -EBUSY if the file already has a session, -EPERM when the
 * caller may not attach to a privileged PD (see DOC: sessions), -ENOSPC
 * when every session of every context bank is taken, -ECONNREFUSED when
 * the DSP refused to create or attach the process (a bad or unsigned
 * shell, a static PD it does not know).  Several files may attach to the
 * same root, sensors or static PD: each is a client of its own.
 */
struct drm_fastrpc_session_create {
	__u32 type;
	__u32 attrs;
	__u64 shell_ptr;
	__u64 shell_size;
	__u32 siglen;
	__u32 name_size;
	__u64 name_ptr;
	__u32 flags;
	__u32 client_id;
};

/**
 * struct drm_fastrpc_session_release - end this file's session now
 * @flags: in, must be 0.
 * @pad: in, must be 0.
 *
 * Fails with -ENOENT when the file has no session.
 */
struct drm_fastrpc_session_release {
	__u32 flags;
	__u32 pad;
};

/* Bits of drm_fastrpc_invoke_arg.flags. */
/** DRM_FASTRPC_ARG_GEM: the argument is @handle's GEM object, not user memory. */
#define DRM_FASTRPC_ARG_GEM		(1U << 0)

/**
 * struct drm_fastrpc_invoke_arg - one argument of an invoke
 * @ptr: in, user address of a buffer in user memory; 0 with
 *	%DRM_FASTRPC_ARG_GEM.
 * @size: in, bytes; 0 is allowed and passes an empty buffer.  With
 *	%DRM_FASTRPC_ARG_GEM, @offset + @size must lie within the object.
 * @handle: in, GEM handle with %DRM_FASTRPC_ARG_GEM, 0 otherwise.
 * @flags: in, DRM_FASTRPC_ARG_*; unknown bits fail with -EINVAL.
 * @offset: in, offset into the GEM object with %DRM_FASTRPC_ARG_GEM,
 *	0 otherwise.
 *
 * Buffers in user memory are checked for access before the call: -EFAULT
 * for one that is not mapped, or not writable for an output.
 */
struct drm_fastrpc_invoke_arg {
	__u64 ptr;
	__u64 size;
	__u32 handle;
	__u32 flags;
	__u64 offset;
};

/* Scalars: the method and argument counts of an invoke, as the DSP reads them. */
#define DRM_FASTRPC_SCALARS(method, in, out, in_handles, out_handles) \
	((((__u32)(method) & 0x1f) << 24) | (((__u32)(in) & 0xff) << 16) | \
	 (((__u32)(out) & 0xff) << 8) | (((__u32)(in_handles) & 0x0f) << 4) | \
	 ((__u32)(out_handles) & 0x0f))
#define DRM_FASTRPC_SCALARS_METHOD(sc)		(((sc) >> 24) & 0x1f)
#define DRM_FASTRPC_SCALARS_IN(sc)		(((sc) >> 16) & 0xff)
#define DRM_FASTRPC_SCALARS_OUT(sc)		(((sc) >> 8) & 0xff)
#define DRM_FASTRPC_SCALARS_IN_HANDLES(sc)	(((sc) >> 4) & 0x0f)
#define DRM_FASTRPC_SCALARS_OUT_HANDLES(sc)	((sc) & 0x0f)
#define DRM_FASTRPC_SCALARS_NARGS(sc) \
	(DRM_FASTRPC_SCALARS_IN(sc) + DRM_FASTRPC_SCALARS_OUT(sc) + \
	 DRM_FASTRPC_SCALARS_IN_HANDLES(sc) + DRM_FASTRPC_SCALARS_OUT_HANDLES(sc))

/**
 * struct drm_fastrpc_invoke - call a method in the session's DSP process
 * @handle: in, the remote handle.  Handles 1 (process init) and 2 (DSP
 *	utilities) belong to the driver and fail with -EPERM.
 * @sc: in, scalars built with DRM_FASTRPC_SCALARS(); the attribute bits
 *	(31..29) must be 0.
 * @args_ptr: in, user pointer to DRM_FASTRPC_SCALARS_NARGS(@sc) entries of
 *	&struct drm_fastrpc_invoke_arg; 0 when there are none.
 * @flags: in, must be 0.
 * @retval: out, the method's result on the DSP, valid when the ioctl
 *	returned 0.
 */
struct drm_fastrpc_invoke {
	__u32 handle;
	__u32 sc;
	__u64 args_ptr;
	__u32 flags;
	__s32 retval;
};

/* Bits of drm_fastrpc_map.flags. */
/**
 * DRM_FASTRPC_MAP_HEAP: give the pages to the DSP process's heap (the
 * protocol's mmap with ADD_PAGES) instead of mapping them for the process
 * to address (mem map).  Needs a user PD.
 */
#define DRM_FASTRPC_MAP_HEAP		(1U << 0)

/**
 * struct drm_fastrpc_map - map a GEM object into the session's DSP process
 * @handle: in, GEM handle.
 * @flags: in, DRM_FASTRPC_MAP_*; unknown bits fail with -EINVAL.
 * @offset: in, page-aligned offset into the object.
 * @size: in, bytes, page aligned, not 0, within the object.
 * @dsp_addr: out, where the DSP process sees the mapping; written only on
 *	success.
 *
 * Fails with -ENOENT for an unknown handle, -EINVAL for a range outside the
 * object, -ENOSPC past %DRM_FASTRPC_PARAM_MAX_MAPS mappings, -ECONNREFUSED
 * when the DSP refused.
 */
struct drm_fastrpc_map {
	__u32 handle;
	__u32 flags;
	__u64 offset;
	__u64 size;
	__u64 dsp_addr;
};

/**
 * struct drm_fastrpc_unmap - undo one DRM_IOCTL_FASTRPC_MAP
 * @dsp_addr: in, the address MAP returned.
 * @handle: in, the GEM handle that was mapped (the same object: a handle
 *	closed since, or another file's, does not match).
 * @flags: in, must be 0.
 *
 * Fails with -ENOENT when no mapping of this session matches both fields,
 * with the DSP's refusal as -ECONNREFUSED (the mapping stays).
 */
struct drm_fastrpc_unmap {
	__u64 dsp_addr;
	__u32 handle;
	__u32 flags;
};

#if defined(__cplusplus)
}
#endif

#endif /* _UAPI_DRM_FASTRPC_ACCEL_H_ */
