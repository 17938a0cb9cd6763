/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fastrpc-mem: what its files share. */
#ifndef FASTRPC_MEM_H
#define FASTRPC_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <libfastrpc.h>

struct option;
struct mem_opts;

/* ---- commands and their options (args.c) ---- */

/* The options a command takes, as bits of cmd.opts and mem_opts.given. */
enum {
	OPTF_MAP = 1u << 0,
	OPTF_FILL = 1u << 1,
	OPTF_HOLD = 1u << 2,
	OPTF_HEAP = 1u << 3,
	OPTF_UDMABUF = 1u << 4,
	OPTF_PID = 1u << 5,
	OPTF_FD = 1u << 6,
	OPTF_VERIFY = 1u << 7,
	OPTF_SKEL = 1u << 8,
};

/* Whether a command takes a SIZE word. */
enum size_rule { SIZE_NONE, SIZE_OPTIONAL, SIZE_REQUIRED };

struct cmd {
	const char *name;
	int (*fn)(const struct mem_opts *o);	/* returns the exit status */
	const char *args;
	const char *help;
	unsigned int opts;	/* OPTF_* it takes */
	enum size_rule size;
	bool child;		/* takes "-- COMMAND [ARG...]" */
};

struct mem_opts {
	const char *domain;		/* NULL: cdsp, else the first */
	enum fastrpc_interface iface;
	const char *shell;		/* NULL: the library's search */
	bool json, help, version;
	const char *complete;		/* --complete WHAT */
	const struct cmd *cmd;		/* NULL when none was named */
	bool have_size;
	uint64_t size;
	char **child;			/* export: COMMAND [ARG...], NULL-terminated */
	unsigned int given;		/* OPTF_* given */
	uint32_t seed;			/* --fill */
	const char *heap;		/* --heap */
	pid_t pid;			/* --pid */
	int fd;				/* --fd */
	const char *skel;		/* --skel, "lab" by default */
};

/* The default SIZE of verify, and the most a lab method takes. */
#define VERIFY_SIZE	(64u << 10)
#define VERIFY_MAX	(UINT32_MAX & ~(uint64_t)4095)

/*
 * parse_args() - the command line into @o
 * @why: out, on failure what is wrong, @size bytes.
 *
 * Reads $FASTRPC_SHELL when -s is not given.  Return: 0; -EINVAL for a
 * malformed or misplaced word (an unknown option, one the command does
 * not take, a missing or conflicting one, a bad number); -ERANGE for a
 * number too large; -E2BIG for words beyond what the command takes;
 * -ENOENT for an unknown command.
 */
int parse_args(int argc, char **argv, struct mem_opts *o, char *why, size_t size);

/* --help: the whole tool, or one command's usage. */
void usage(const struct cmd *cmd);
/* For --complete: the command names (NULL-terminated) and every option. */
const char *const *cmd_names(void);
const struct option *long_options(void);

/* ---- the commands (cmd_*.c) ---- */
int cmd_alloc(const struct mem_opts *o);
int cmd_import(const struct mem_opts *o);
int cmd_export(const struct mem_opts *o);
int cmd_verify(const struct mem_opts *o);
int cmd_list(const struct mem_opts *o);

/* ---- the lab's pattern (pattern.c) ---- */
static inline uint8_t pattern_byte(uint32_t seed, size_t i)
{
	return (uint8_t)(seed + i * 7u);
}

/* Where a range first differs from the pattern, and how much of it does. */
struct pattern_diff {
	size_t first;		/* the range's length when none differs */
	size_t count;
	uint8_t expected, found;	/* at @first */
};

void pattern_fill(void *p, size_t len, uint32_t seed);
/* Return: true when all @len bytes hold the pattern of @seed. */
bool pattern_check(const void *p, size_t len, uint32_t seed, struct pattern_diff *d);

/* ---- "{}" in export's command (subst.c) ---- */
/*
 * subst_fd() - a copy of @argv with every "{}" inside each word replaced
 * by @fd's number; free it with subst_free().
 * Return: 0, -EINVAL (no words, a negative @fd), -ENOMEM.
 */
int subst_fd(char *const *argv, int fd, char ***out);
void subst_free(char **argv);

/* ---- --hold (hold.c) ---- */
/* Block SIGINT and SIGTERM, so that they end hold_wait() and nothing else. */
void hold_prepare(void);
/*
 * Wait for SIGINT, SIGTERM, or end of file on stdin when stdin is a pipe,
 * a socket or a foreground terminal (the /dev/null of a script's
 * background job would end the hold at once).  Return: what ended it.
 */
const char *hold_wait(void);
/* The report line saying what the hold waits for. */
const char *hold_until(void);
/*
 * Print the report now (output_finish(): nothing may be printed after),
 * then hold_wait().  Return: an exit status.
 */
int hold_report(void);

/* ---- dma-bufs (dmabuf.c) ---- */
struct dmabuf_info {
	uint64_t inode;		/* the dma-buf's inode: the same in every process */
	uint64_t size;
	char exporter[32];	/* exp_name: "system", "udmabuf", "drm", ... */
};

/* From /dev/dma_heap/@name.  Return: the fd, -ENOENT (no such heap), -errno. */
int dmabuf_from_heap(const char *name, uint64_t size);
/* From a sealed memfd through /dev/udmabuf.  Return: the fd, -ENOENT (no /dev/udmabuf), -errno. */
int dmabuf_from_udmabuf(uint64_t size);
/* Another process's fd (pidfd_getfd()).  Return: the fd, -EPERM (no ptrace right), -ESRCH, -EBADF, -errno. */
int dmabuf_from_pid(pid_t pid, int fd);
/* Return: 0, or -EINVAL when @fd is no dma-buf, -errno. */
int dmabuf_info(int fd, struct dmabuf_info *info);
/* Bracket CPU access to a mapping of the dma-buf @fd (DMA_BUF_IOCTL_SYNC); -1 skips. */
int dmabuf_cpu_begin(int fd, bool write);
int dmabuf_cpu_end(int fd, bool write);
/* The heaps /dev/dma_heap has, ", "-separated, for messages ("none"). */
const char *dmabuf_heaps(char *buf, size_t n);

/* ---- the tool's buffers (buffer.c); each prints why it failed, returns an exit status ---- */
int mem_buffer_new(struct fastrpc_device *dev, uint64_t size, struct fastrpc_buffer **buf);
/* A new dma-buf fd of @buf (close-on-exec), and what it is. */
int mem_buffer_export(struct fastrpc_buffer *buf, int *fd, struct dmabuf_info *info);
/* The pattern of @seed over [0, @size); @fd: the dma-buf, for the CPU access brackets. */
int mem_buffer_fill(struct fastrpc_buffer *buf, int fd, uint64_t size, uint32_t seed);

/* ---- devices, sessions and maps (dsp.c) ---- */
/*
 * mem_open_domain() - open_domain() for -d and -I, which first explains
 * an accel request on a domain the misc driver serves.  Dies (exit 4, 1).
 */
struct fastrpc_device *mem_open_domain(const struct mem_opts *o);
/* A user PD from -s / $FASTRPC_SHELL / the search.  Prints why not; return: an exit status. */
int mem_session(struct fastrpc_device *dev, const struct mem_opts *o,
		struct fastrpc_session **session);
/* Map [0, @size) of @buf.  Prints why not; return: an exit status. */
int mem_map(struct fastrpc_session *session, struct fastrpc_buffer *buf,
	    size_t size, uint64_t *dsp_addr);
/* Open skeleton @name.  Prints why not; return: an exit status. */
int mem_open_skel(struct fastrpc_session *session, const char *name, uint32_t *handle);
/* The exit status of a failed call of @what, after saying why. */
int mem_call_failed(const char *what, int ret, int32_t retval);

/* ---- the DSP's view of a buffer (verify.c) ---- */
/*
 * verify_buffer() - the DSP and the CPU write and check patterns over
 * [0, @size) of @buf, mapped at @dsp_addr, through skeleton @handle; each
 * step is reported.  @dmabuf_fd: for DMA_BUF_IOCTL_SYNC, or -1.
 * Return: EXIT_OK, EXIT_FAIL (a mismatch, an error), EXIT_DSP_ERROR.
 */
int verify_buffer(struct fastrpc_session *session, struct fastrpc_buffer *buf,
		  int dmabuf_fd, size_t size, uint64_t dsp_addr, uint32_t handle);

/* ---- reporting (report.c) ---- */
/* The command has results: main() prints them whatever its status. */
void report_begin(void);
bool report_started(void);
/* domain, interface, node, driver, as every command reports them. */
void report_device(struct fastrpc_device *dev);
/* A size: bytes in JSON under @key, "@label  64 KiB" in text. */
void report_size(const char *key, const char *label, uint64_t bytes);
/* A dma-buf's fd, inode and exporter. */
void report_dmabuf(int fd, const struct dmabuf_info *info);
/* This process, and the buffer @buf of @dev exported as @fd. */
void report_buffer(struct fastrpc_device *dev, struct fastrpc_buffer *buf, int fd,
		   const struct dmabuf_info *info);
/* Where @session's DSP process sees a mapped buffer. */
void report_map(struct fastrpc_session *session, uint64_t dsp_addr);

#endif /* FASTRPC_MEM_H */
