/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A fake kernel under libfastrpc's one ioctl wrapper.  The test binaries
 * link with -Wl,--wrap=ioctl, so every ioctl() the library makes lands in
 * __wrap_ioctl(), which records the call and lets the test's handler
 * answer it.  libdrm is a shared library, out of --wrap's reach, so its
 * drmGetVersion() and drmFreeVersion() are wrapped too: the wrapper sends
 * DRM_IOCTL_VERSION through __wrap_ioctl() as libdrm would send it.
 */
#ifndef TEST_FAKE_KERNEL_H
#define TEST_FAKE_KERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libfastrpc.h>

#define FK_CALLS	256
#define FK_ARG_BYTES	128

struct fk_call {
	int fd;
	unsigned long request;
	void *arg;				/* the caller's pointer */
	unsigned char in[FK_ARG_BYTES];		/* *arg as passed, _IOC_SIZE() bytes */
};

/*
 * Answers one call: its result (0 or more), a -errno (the ioctl fails
 * with it), or a DSP error below -4095 (the legacy interface's way:
 * returned as the ioctl's value).
 */
typedef int fk_handler(int fd, unsigned long request, void *arg);

struct fake_kernel {
	fk_handler *handler;		/* NULL: every call fails with ENOTTY */
	unsigned int eintr;		/* fail this many calls with EINTR first, */
	unsigned long eintr_request;	/* of this request only (0: any) */
	unsigned int n;			/* calls seen, EINTR ones included */
	uint32_t gem_next;		/* the handle fk_gem()'s next GEM_CREATE gives */
	struct fk_call calls[FK_CALLS];
};

extern struct fake_kernel fk;

/* Forget every call, answer with @handler from now on. */
void fk_reset(fk_handler *handler);
/* How many calls of @request were made. */
unsigned int fk_count(unsigned long request);
/* The @nth call (from 0) of @request, as passed in; fails the test if none. */
const struct fk_call *fk_call_of(unsigned long request, unsigned int nth);
#define fk_in(type, request, nth) ((const type *)fk_call_of(request, nth)->in)
/*
 * The accel driver's GEM objects, for a handler to pass its other requests
 * to: GEM_CREATE gives the handles 1, 2, ... (counted from fk_reset()),
 * GEM_MMAP_OFFSET places handle h at offset h << 20 of the device's file
 * and GEM_CLOSE succeeds.  Any other request fails with ENOTTY.
 */
int fk_gem(unsigned long request, void *arg);
/* Answer DRM_IOCTL_VERSION's @arg with the DRM driver name @name. */
int fk_drm_version(void *arg, const char *name);
/* The device number of the character device @fd is open on. */
dev_t fk_rdev(int fd);
/* A memfd of @size bytes, without FD_CLOEXEC (as a driver's dma-buf fd). */
int fk_memfd(size_t size);
/* Whether @fd is open, and whether it has FD_CLOEXEC. */
int fk_fd_open(int fd);
int fk_fd_cloexec(int fd);

/*
 * A device made by hand on @fd (asserted open), as the tests of sessions,
 * buffers and calls want it: cdsp, served by the accel driver on either
 * interface (so a legacy node's dma-bufs come from ALLOC_DMA_BUFF, not
 * from the machine's /dev/dma_heap/system), its sessions without a
 * listener (FASTRPC_LISTENER_OFF) unless the test sets other flags.
 */
void fk_device_init(struct fastrpc_device *dev, enum fastrpc_interface iface, int fd);

/* The DSP's error for AEE code @v, as retval or a legacy ioctl's value. */
#define FK_DSP_ERROR(v)	((int)(0x80000400u + (v)))

#endif /* TEST_FAKE_KERNEL_H */
