// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * FARF: a skeleton's log lines (HAP_debug, HAP_debug_v2, HAP_debug_runtime,
 * prototypes as in Qualcomm's HAP_debug.h) go to the host as the DSP sends
 * them: adspmsgd_apps, opened through the host's remotectl, method 0 log
 * with in 0 {u32 len} and in 1 len bytes of 256-byte records
 * {u32 level; u16 line; u16 thread_id; char str[218]; char file[30]},
 * packed, each string NUL-terminated and cut to fit, file as a base name.
 * Outside a call, or when the host does not take it, a line goes to
 * standard error instead.
 */
#include "rt.h"
#include "skel.h"

#define LOG_RECORD	256
#define LOG_FILE	30
#define LOG_STR		(LOG_RECORD - LOG_FILE - 8)
#define ADSPMSGD_LOG	0
/* HAP_debug.h's levels: 0..5, the same plus 16 for RPC lines, flags from bit 5 up. */
#define LEVEL_MASK	0x1f
#define LEVEL_RPC	16
#define LEVEL_FATAL	4

static uint32_t msgd = 0xffffffffu;
static int msgd_refused;

static void put_stderr(int level, const char *file, int line, const char *msg)
{
	char buf[LOG_RECORD + 64];
	int n = snprintf(buf, sizeof(buf), "dsp: %s:%d: level %d: %s\n", file, line, level, msg);

	rt_write_full(2, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

/* The record's level: adspmsgd_apps knows LOW (0) to FATAL (4). */
static uint32_t record_level(int level)
{
	uint32_t l = (uint32_t)level & LEVEL_MASK;

	if (l >= LEVEL_RPC)
		l -= LEVEL_RPC;
	return l > LEVEL_FATAL ? LEVEL_FATAL : l;
}

static void copy_cut(char *dst, uint32_t room, const char *src)
{
	uint32_t n = (uint32_t)strnlen(src, room - 1);

	memcpy(dst, src, n);
	dst[n] = 0;
}

static int send_to_host(int level, const char *file, int line, const char *msg)
{
	uint8_t rec[LOG_RECORD], lens[4];
	struct rcall_buf in[2] = { { lens, 4 }, { rec, LOG_RECORD } };
	int32_t ret;

	if (!shell_in_call() || msgd_refused)
		return -1;
	if (msgd == 0xffffffffu) {
		ret = host_module_open("adspmsgd_apps", &msgd);
		if (ret) {
			/*
			 * A host that refused the module will not grow one during this
			 * process; one that had no listener yet may have one later.
			 */
			msgd = 0xffffffffu;
			msgd_refused = ret != AEE_DSP_ERR(AEE_ECONNREFUSED) &&
				       ret != AEE_DSP_ERR(AEE_EBADSTATE);
			return -1;
		}
	}
	memset(rec, 0, sizeof(rec));
	put_le32(rec, record_level(level));
	rec[4] = (uint8_t)line;
	rec[5] = (uint8_t)((uint32_t)line >> 8);
	copy_cut((char *)rec + 8, LOG_STR, msg);
	copy_cut((char *)rec + 8 + LOG_STR, LOG_FILE, file);
	put_le32(lens, LOG_RECORD);
	return shell_rcall(msgd, SC_MAKE(ADSPMSGD_LOG, 2, 0), in, NULL) ? -1 : 0;
}

void shell_log(int level, const char *file, int line, const char *msg)
{
	const char *base;

	if (!file)
		file = "?";
	if (!msg)
		msg = "";
	base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (send_to_host(level, base, line, msg))
		put_stderr(level, base, line, msg);
}

void HAP_debug(const char *msg, int level, const char *file, int line);
void HAP_debug_v2(int level, const char *file, int line, const char *fmt, ...);
void HAP_debug_runtime(int level, const char *file, int line, const char *fmt, ...);

void HAP_debug(const char *msg, int level, const char *file, int line)
{
	shell_log(level, file, line, msg);
}

/* The line @fmt makes, cut to what a record holds. */
static void shell_vlog(int level, const char *file, int line, const char *fmt, va_list ap)
{
	char buf[LOG_STR];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	shell_log(level, file, line, buf);
}

void HAP_debug_v2(int level, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shell_vlog(level, file, line, fmt, ap);
	va_end(ap);
}

void HAP_debug_runtime(int level, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	shell_vlog(level, file, line, fmt, ap);
	va_end(ap);
}
