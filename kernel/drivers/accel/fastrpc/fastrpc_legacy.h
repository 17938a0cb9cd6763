/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: the legacy door, the misc driver's device nodes and
 * UAPI (include/uapi/misc/fastrpc.h) on the same core.
 */
#ifndef __FASTRPC_LEGACY_H__
#define __FASTRPC_LEGACY_H__

struct fastrpc_domain;

void fastrpc_legacy_register(struct fastrpc_domain *domain);
void fastrpc_legacy_unregister(struct fastrpc_domain *domain);

#endif /* __FASTRPC_LEGACY_H__ */
