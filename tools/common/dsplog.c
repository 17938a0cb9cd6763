/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The DSP's log lines (FARF), as the library's listener hands them over:
 * each is printed on standard error as it arrives, so that it shows beside
 * the tool's own output without mixing into stdout, and kept for the JSON
 * document's "log" array.  The callback runs on the listener's thread,
 * hence the lock; the output layer is only touched from the main thread.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools-common.h"

/* Lines kept for JSON; a chatty DSP is cut off there (and says so once). */
#define DSPLOG_KEEP_MAX	1000

struct dsplog_line {
	enum fastrpc_log_level level;
	char *file;
	unsigned int line;
	char *message;
};

static struct {
	pthread_mutex_t lock;
	struct dsplog_line *v;
	size_t n;
	bool dropped;
	bool keep;
} dsplog = { .lock = PTHREAD_MUTEX_INITIALIZER };

static const char *const level_names[] = {
	[FASTRPC_LOG_LOW] = "low",
	[FASTRPC_LOG_MEDIUM] = "medium",
	[FASTRPC_LOG_HIGH] = "high",
	[FASTRPC_LOG_ERROR] = "error",
	[FASTRPC_LOG_FATAL] = "fatal",
};

const char *dsplog_level_name(enum fastrpc_log_level level)
{
	return (unsigned int)level < ARRAY_SIZE(level_names) ? level_names[level] : "unknown";
}

static void keep_line(const struct fastrpc_log_msg *msg)
{
	struct dsplog_line *l;

	if (dsplog.n == DSPLOG_KEEP_MAX) {
		dsplog.dropped = true;
		return;
	}
	if (!dsplog.v) {
		dsplog.v = calloc(DSPLOG_KEEP_MAX, sizeof(*dsplog.v));
		if (!dsplog.v) {
			dsplog.dropped = true;
			return;
		}
	}
	l = &dsplog.v[dsplog.n];
	l->file = strdup(msg->file);
	l->message = strdup(msg->message);
	if (!l->file || !l->message) {
		free(l->file);
		free(l->message);
		dsplog.dropped = true;
		return;
	}
	l->level = msg->level;
	l->line = msg->line;
	dsplog.n++;
}

static void on_line(const struct fastrpc_log_msg *msg, void *data)
{
	(void)data;
	pthread_mutex_lock(&dsplog.lock);
	if (msg->file[0])
		fprintf(stderr, "dsp: %s %s:%u: %s\n", dsplog_level_name(msg->level),
			msg->file, msg->line, msg->message);
	else
		fprintf(stderr, "dsp: %s %s\n", dsplog_level_name(msg->level), msg->message);
	if (dsplog.keep)
		keep_line(msg);
	pthread_mutex_unlock(&dsplog.lock);
}

int dsplog_enable(struct fastrpc_device *dev, bool keep)
{
	dsplog.keep = keep;
	return fastrpc_device_set_log_callback(dev, on_line, NULL);
}

void dsplog_report(void)
{
	size_t i;

	pthread_mutex_lock(&dsplog.lock);
	print_open_array("log");
	for (i = 0; i < dsplog.n; i++) {
		print_open_object("line");
		print_string("level", NULL, dsplog_level_name(dsplog.v[i].level));
		print_string("file", NULL, dsplog.v[i].file);
		print_uint("line", NULL, dsplog.v[i].line);
		print_string("message", NULL, dsplog.v[i].message);
		print_close_object();
	}
	print_close_array();
	print_bool("log_truncated", NULL, dsplog.dropped);
	pthread_mutex_unlock(&dsplog.lock);
}

void dsplog_free(void)
{
	size_t i;

	pthread_mutex_lock(&dsplog.lock);
	for (i = 0; i < dsplog.n; i++) {
		free(dsplog.v[i].file);
		free(dsplog.v[i].message);
	}
	free(dsplog.v);
	dsplog.v = NULL;
	dsplog.n = 0;
	dsplog.dropped = false;
	pthread_mutex_unlock(&dsplog.lock);
}
