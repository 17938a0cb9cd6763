// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Preloaded modules (--preload HANDLE=PATH, shell_proto.h "Preloaded
 * modules"): skeleton ELFs read once at start and written to every DSP
 * process right after it is spawned, before its first call, as struct
 * shell_preload, the file's base name and its bytes.  The shell serves
 * each on its fixed remote handle, as a DSP serves the modules of its
 * image.  The table is filled while the options are parsed, before any
 * thread starts, and only read after.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell_proto.h"
#include "vdspd.h"

#define PRELOAD_MAX_NAME	255

struct preload {
	uint32_t handle;
	char name[PRELOAD_MAX_NAME + 1];
	uint8_t *data;
	uint32_t len;
};

static struct preload preloads[VDSPD_MAX_PRELOADS];
static unsigned int npreloads;

/* Handles vdspd or the shell's runtime answer: no module can be served there. */
static bool handle_reserved(uint32_t h)
{
	return h == 0 || h == HANDLE_INIT || h == HANDLE_UTILS || h == HANDLE_LISTENER ||
	       h == HANDLE_CURRENT_PROCESS1 || h == HANDLE_LISTENER1 || h == REMOTECTL1_HANDLE ||
	       h == LAB_CTL_HANDLE;
}

/* Read all of @path into a new buffer: 0, or why not in @why. */
static int read_file(const char *path, uint8_t **data, uint32_t *len, char *why, size_t whylen)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, whylen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "%s is not a file", path);
		goto err_close;
	}
	if (!st.st_size || (uint64_t)st.st_size > SHELL_MAX_PRELOAD_LEN) {
		snprintf(why, whylen, "%s is %lld bytes, not 1 to %u", path,
			 (long long)st.st_size, SHELL_MAX_PRELOAD_LEN);
		goto err_close;
	}
	*data = malloc((size_t)st.st_size);
	if (!*data) {
		snprintf(why, whylen, "no memory for %s", path);
		goto err_close;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, *data + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(why, whylen, "cannot read %s: %s", path,
				 n ? strerror(errno) : "it shrank");
			free(*data);
			goto err_close;
		}
		got += (size_t)n;
	}
	close(fd);
	*len = (uint32_t)got;
	return 0;

err_close:
	close(fd);
	return -1;
}

/* --preload HANDLE=PATH: NULL, or why not (valid until the next call). */
const char *preload_option(const char *arg)
{
	static char why[PRELOAD_MAX_NAME + 128];
	const char *eq = strchr(arg, '='), *path, *base;
	struct preload *pl;
	uint32_t handle;
	unsigned int i;

	if (!eq || !option_u32(arg, (size_t)(eq - arg), &handle))
		return "not HANDLE=PATH with HANDLE a 32-bit number (decimal or 0x hex)";
	if (handle_reserved(handle))
		return "that handle is vdspd's or the shell's (0, 1, 2, 3, 4, 7, 8, 0x11)";
	for (i = 0; i < npreloads; i++)
		if (preloads[i].handle == handle)
			return "that handle is preloaded already";
	if (npreloads == VDSPD_MAX_PRELOADS)
		return "too many preloaded modules";
	path = eq + 1;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	if (!*base || strlen(base) > PRELOAD_MAX_NAME)
		return "PATH must end in a file name of 1 to 255 bytes";
	pl = &preloads[npreloads];
	if (read_file(path, &pl->data, &pl->len, why, sizeof(why)))
		return why;
	pl->handle = handle;
	snprintf(pl->name, sizeof(pl->name), "%s", base);
	npreloads++;
	return NULL;
}

unsigned int preload_count(void)
{
	return npreloads;
}

void preload_log(void)
{
	unsigned int i;

	for (i = 0; i < npreloads; i++)
		log_msg("preloaded %s (%u bytes) on handle 0x%x for every DSP process",
			preloads[i].name, preloads[i].len, preloads[i].handle);
}

/* Write every preloaded module to a new DSP process's standard input. */
int preload_send(int fd)
{
	struct shell_preload hdr = { .magic = SHELL_PRELOAD_MAGIC };
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < npreloads; i++) {
		hdr.handle = preloads[i].handle;
		hdr.namelen = (uint32_t)strlen(preloads[i].name);
		hdr.len = preloads[i].len;
		ret = write_all(fd, &hdr, sizeof(hdr));
		if (!ret)
			ret = write_all(fd, preloads[i].name, hdr.namelen);
		if (!ret)
			ret = write_all(fd, preloads[i].data, hdr.len);
	}
	return ret;
}

void preload_reset(void)
{
	unsigned int i;

	for (i = 0; i < npreloads; i++)
		free(preloads[i].data);
	memset(preloads, 0, sizeof(preloads));
	npreloads = 0;
}
