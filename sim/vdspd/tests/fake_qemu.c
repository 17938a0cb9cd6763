// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A stand-in for qemu-hexagon-static in rcall_test: it reports what it
 * inherited (fake_qemu.h) on its standard output, then reads its standard
 * input until end of file, as the shell does, and exits 0.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_qemu.h"

int main(int argc, char **argv)
{
	struct fake_qemu_report r;
	struct dirent *e;
	struct stat st;
	char buf[4096];
	DIR *dir;

	memset(&r, 0, sizeof(r));
	if (argc > 1)
		snprintf(r.path, sizeof(r.path), "%s", argv[1]);
	dir = opendir("/proc/self/fd");
	if (!dir)
		return 1;
	while ((e = readdir(dir))) {
		int fd;

		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd != dirfd(dir) && r.nfds < FAKE_QEMU_MAX_FDS)
			r.fds[r.nfds++] = (uint32_t)fd;
	}
	closedir(dir);
	if (!fstat(3, &st)) {
		r.edge_dev = st.st_dev;
		r.edge_ino = st.st_ino;
	}
	if (pread(4, r.elf, sizeof(r.elf), 0) != sizeof(r.elf))
		memset(r.elf, 0, sizeof(r.elf));
	if (write(1, &r, sizeof(r)) != sizeof(r))
		return 1;
	while (read(0, buf, sizeof(buf)) > 0)
		;
	return 0;
}
