/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: debugfs, /sys/kernel/debug/accel/<device>/.
 */
#ifndef __FASTRPC_DEBUGFS_H__
#define __FASTRPC_DEBUGFS_H__

struct fastrpc_domain;

#if IS_ENABLED(CONFIG_DEBUG_FS)
void fastrpc_debugfs_init(struct fastrpc_domain *domain);
#else
static inline void fastrpc_debugfs_init(struct fastrpc_domain *domain)
{
}
#endif

#endif /* __FASTRPC_DEBUGFS_H__ */
