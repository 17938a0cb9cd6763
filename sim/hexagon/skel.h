/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the parts of the shell share: the shell's services (DSP memory
 * through vdspd, the table of handles the process keeps, the mappings
 * placed in the process, reverse calls to the host) and the module table
 * behind remotectl; and, from skel_args.h, the remote_arg array a skeleton
 * is called with and the byte helpers for the protocol's little-endian
 * words.
 *
 * A skeleton's entry is int <sym>(remote_handle64 h, uint32_t sc,
 * remote_arg *pra) (or <sym>(sc, pra) for the older form): pra holds the
 * input buffers, then the output buffers, then the handles, as on a DSP.
 * An output's nLen is its capacity; a skeleton may lower it to the bytes
 * it produced (the lab skeleton does), never raise it.  It returns 0 or
 * AEE_DSP_ERR(code); outputs count only on 0.
 */
#ifndef SKEL_H
#define SKEL_H

#include <stdint.h>

#include "scalars.h"
#include "shell_proto.h"
#include "skel_args.h"

typedef int (*skel_handle_invoke_fn)(uint64_t h64, uint32_t sc, remote_arg *pra);
typedef int (*skel_invoke_fn)(uint32_t sc, remote_arg *pra);

/* remotectl.c: handles 0 and 8; the module table. */
int32_t remotectl_invoke(uint32_t handle, uint32_t sc, remote_arg *pra);
/* The call on a module handle: AEE_EBADPARM when nothing is open on it. */
int32_t module_invoke(uint32_t handle, uint32_t sc, remote_arg *pra);
/* A module of the DSP image, from a shell_preload record; logs why on failure. */
void module_preload(uint32_t handle, const char *name, const uint8_t *elf, uint32_t len);

/* shell.c: DSP memory through vdspd (fd 0: a DSP address; else a held handle). */
int32_t shell_mem_read(uint32_t fd, uint64_t addr, void *dst, uint32_t len);
int32_t shell_mem_write(uint32_t fd, uint64_t addr, const void *src, uint32_t len);
/* True when fd is held by the process or passed in the current call. */
int shell_handle_known(uint32_t fd);
/* Keep handle i of the current call after the call: 0 or AEE_DSP_ERR. */
int32_t shell_keep(uint32_t i);
/* Let go of one hold of each fd, all or none: 0 or AEE_DSP_ERR. */
int32_t shell_drop(const uint32_t *fds, uint32_t n);
/* The current call's handles (fd, offset, len), in-handles first. */
const struct shell_handle *shell_call_handles(uint32_t *n);
/* The process's pointer to [addr, addr + len) when a placed mapping holds it all, else NULL. */
void *shell_mapped(uint64_t addr, uint64_t len);
/* True while a call is being served: reverse calls are possible only then. */
int shell_in_call(void);

/* rcall.c: a reverse call; in[] then out[] as sc counts them, no handles. */
struct rcall_buf {
	void *ptr;
	uint32_t len;
};
int32_t shell_rcall(uint32_t handle, uint32_t sc, const struct rcall_buf *in,
		    const struct rcall_buf *out);
/* Through reverse handle 0: a host module's reverse handle, or the error. */
int32_t host_module_open(const char *name, uint32_t *handle);

/* apps_std_client.c: a whole file from the host's search path, in fresh memory. */
#define HOST_FILE_MAX	(16u << 20)
int32_t host_file_read(const char *name, uint8_t **data, uint32_t *len, char *err,
		       uint32_t errlen);
void host_file_free(uint8_t *data, uint32_t len);
/* Open @name in @mode on the host and close it again: 0 or the host's answer. */
int32_t host_file_probe(const char *name, const char *mode);

/* hap_debug.c: a log line for the host, or standard error when it cannot take it. */
void shell_log(int level, const char *file, int line, const char *msg);

/* exports.c: the address the shell exports under name, or NULL. */
const void *shell_export(const char *name);
/* Runs and forgets the __cxa_atexit entries whose dso lies in [lo, hi). */
void shell_atexit_run(uintptr_t lo, uintptr_t hi);

#endif /* SKEL_H */
