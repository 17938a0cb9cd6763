// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdspd's log: one line per event, to stderr or to the --log file.  Lines
 * are built whole and written with one call, so threads do not interleave.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "vdspd.h"

int vdspd_verbose;
static FILE *log_file;

int log_open(const char *path)
{
	FILE *f = fopen(path, "ae");

	if (!f)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	log_file = f;
	return 0;
}

static void log_line(const char *fmt, va_list ap)
{
	char line[1024];
	struct timespec ts;
	int n;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	n = snprintf(line, sizeof(line), "vdspd [%5lld.%03ld] ",
		     (long long)ts.tv_sec, ts.tv_nsec / 1000000);
	vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
	strcat(line, "\n");
	fputs(line, log_file ? log_file : stderr);
}

void log_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}

void log_dbg(const char *fmt, ...)
{
	va_list ap;

	if (!vdspd_verbose)
		return;
	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}
