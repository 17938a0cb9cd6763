/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * FastRPC accelerator: the DSP's capability table, asked once per domain
 * and shared by both doors.
 */
#ifndef __FASTRPC_CAPS_H__
#define __FASTRPC_CAPS_H__

#include <linux/types.h>

struct fastrpc_file;

int fastrpc_file_dsp_attr(struct fastrpc_file *fpriv, u32 id, u32 *value);

#endif /* __FASTRPC_CAPS_H__ */
