/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The DSP's log lines: adspmsgd_apps's log method (records of Qualcomm's
 * adspmsgd_printf.c), handed to the program's log callback.
 */
#include <errno.h>
#include <string.h>

#include "listener.h"

#define ADSPMSGD_LOG		0
/* One packed record: u32 level, u16 line, u16 thread id, the text, the file. */
#define LOG_RECORD		256
#define LOG_MSG_OFF		8
#define LOG_MSG_LEN		218
#define LOG_FILE_OFF		(LOG_MSG_OFF + LOG_MSG_LEN)
#define LOG_FILE_LEN		30

FASTRPC_EXPORT int fastrpc_device_set_log_callback(struct fastrpc_device *dev,
						   fastrpc_log_fn fn, void *data)
{
	if (!dev)
		return -EINVAL;
	pthread_mutex_lock(&dev->lock);
	dev->log_fn = fn;
	dev->log_data = data;
	pthread_mutex_unlock(&dev->lock);
	return 0;
}

/* @len bytes at @src into @dst, cut at a NUL, without a trailing newline. */
static void field(char *dst, const unsigned char *src, size_t len)
{
	size_t n = strnlen((const char *)src, len);

	memcpy(dst, src, n);
	if (n && dst[n - 1] == '\n')
		n--;
	dst[n] = '\0';
}

static void log_record(struct fastrpc_listener *l, const unsigned char *r)
{
	char msg[LOG_MSG_LEN + 1], file[LOG_FILE_LEN + 1];
	uint32_t level = rd32(r);

	field(msg, r + LOG_MSG_OFF, LOG_MSG_LEN);
	field(file, r + LOG_FILE_OFF, LOG_FILE_LEN);
	if (level > FASTRPC_LOG_FATAL)
		level = FASTRPC_LOG_FATAL;
	listener_log(l, level, file, r[4] | r[5] << 8, r[6] | r[7] << 8, "%s", msg);
}

/*
 * in 0 {u32 len}, in 1 len bytes of records.  Whole records are logged;
 * a length that is no whole number of them is answered AEE_EBADPARM after
 * the whole ones.
 */
int dsplog_invoke(struct fastrpc_listener *l, struct rpc_call *c)
{
	uint32_t len, i;

	if (DRM_FASTRPC_SCALARS_METHOD(c->sc) != ADSPMSGD_LOG)
		return AEE_EUNSUPPORTED;
	if (c->n_in != 2 || c->n_out != 0 || c->in[0].len < 4)
		return AEE_EBADPARM;
	len = rd32(c->in[0].ptr);
	if (len > c->in[1].len)
		return AEE_EBADPARM;
	for (i = 0; len - i >= LOG_RECORD; i += LOG_RECORD)
		log_record(l, (const unsigned char *)c->in[1].ptr + i);
	return i == len ? 0 : AEE_EBADPARM;
}
