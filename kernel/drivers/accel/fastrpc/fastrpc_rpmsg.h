/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: the RPMsg transport to the DSP.
 */
#ifndef __FASTRPC_RPMSG_H__
#define __FASTRPC_RPMSG_H__

#include <linux/rpmsg.h>
#include <linux/types.h>

struct device;
struct fastrpc_domain;

/**
 * struct fastrpc_msg - a call, host to DSP (one RPMsg message)
 * @pid: client id of the DSP process, 0 for calls the kernel makes itself
 * @tid: caller's thread id
 * @ctx: context id << 4 | PD type
 * @handle: remote handle
 * @sc: scalars
 * @addr: DMA address of the payload, stream id in bits 32 and up
 * @size: payload size, rounded up to a page
 */
struct fastrpc_msg {
	s32 pid;
	s32 tid;
	u64 ctx;
	u32 handle;
	u32 sc;
	u64 addr;
	u64 size;
};

/**
 * struct fastrpc_invoke_rsp - an answer, DSP to host
 * @ctx: the call's @ctx
 * @retval: 0 or a DSP error code
 *
 * Twelve bytes carry the answer; the DSP may send padding after them.
 */
struct fastrpc_invoke_rsp {
	u64 ctx;
	s32 retval;
};

extern struct rpmsg_driver fastrpc_rpmsg_driver;

struct fastrpc_domain *fastrpc_rpmsg_domain(struct device *dev);
int fastrpc_rpmsg_send(struct fastrpc_domain *domain,
		       const struct fastrpc_msg *msg);

#endif /* __FASTRPC_RPMSG_H__ */
