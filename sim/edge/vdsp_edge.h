/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * The virtual DSP edge: what sim/edge (kernel) and sim/vdspd (user space)
 * agree on.
 *
 * For each domain the edge module registers /dev/vdsp-<domain>:
 *
 * read()   returns the next event, a struct vdsp_edge_event followed by
 *          @len bytes.  One event per read; a buffer smaller than the event
 *          fails with -EMSGSIZE and the event stays queued.  Blocks unless
 *          O_NONBLOCK (-EAGAIN); poll() reports POLLIN when an event waits.
 * write()  sends the bytes, 1 to VDSP_EDGE_MAX_MSG of them (else -EINVAL or
 *          -EMSGSIZE), as one RPMsg message to the driver bound to the
 *          domain (the DSP's answer).  Fails with -ENOTCONN while the
 *          domain is down or no driver is bound.
 * mmap()   maps DSP-visible memory at the address the DSP is given: the
 *          context bank's reg in bits 32 and up, below them (page aligned)
 *          an IOVA of that bank when the edge has its virtual SMMU
 *          (parameter smmu, the default), else a physical address in
 *          system RAM (the bank bits are then ignored; anything else
 *          -EPERM).  A mapping stays within one bank's 4 GiB (-EINVAL);
 *          -ENOTCONN while the domain is down.  Behind the SMMU a page is
 *          translated when touched: one the bank's page table does not map
 *          (never mapped, unmapped since, another bank's, or the bank gone)
 *          is an SMMU context fault, reported in the kernel log and in
 *          smmu_faults, and the access gets SIGBUS (-EFAULT in a system
 *          call).  A mapping made before the domain went down faults ever
 *          after: the driver has freed that memory.
 *
 * /sys/class/misc/vdsp-<domain>/state reads "up" or "down"; writing "down"
 * unregisters the domain's RPMsg device (the driver's remove runs, as when
 * a DSP crashes), "up" registers it again (probe runs), "restart" does both.
 * /sys/class/misc/vdsp-<domain>/smmu_faults counts the context faults.
 */
#ifndef _VDSP_EDGE_H_
#define _VDSP_EDGE_H_

#include <linux/types.h>

#define VDSP_EDGE_MAX_MSG	4096

/* Event types. */
#define VDSP_EDGE_EV_MSG	1	/* data: one RPMsg message from the driver */
#define VDSP_EDGE_EV_DOWN	2	/* the domain went down: every DSP process is gone */
#define VDSP_EDGE_EV_UP		3	/* the domain is up again */

/**
 * struct vdsp_edge_event - header of what read() returns
 * @type: VDSP_EDGE_EV_*.
 * @len: bytes of message following the header (0 for DOWN and UP).
 */
struct vdsp_edge_event {
	__u32 type;
	__u32 len;
};

#endif /* _VDSP_EDGE_H_ */
