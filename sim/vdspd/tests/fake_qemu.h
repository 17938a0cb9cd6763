/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What fake_qemu (the emulator rcall_test has vdspd spawn in place of
 * qemu-hexagon-static) reports on its standard output: the fds it got, what
 * fd 3 is, the first bytes of fd 4 and the path it was asked to run.
 */
#ifndef FAKE_QEMU_H
#define FAKE_QEMU_H

#include <stdint.h>

#define FAKE_QEMU_MAX_FDS	16

struct fake_qemu_report {
	uint32_t nfds;
	uint32_t fds[FAKE_QEMU_MAX_FDS];	/* in the order /proc/self/fd lists them */
	uint64_t edge_dev, edge_ino;		/* fstat of fd 3 */
	uint8_t elf[4];				/* the first bytes of fd 4 */
	char path[32];				/* argv[1] */
};

#endif /* FAKE_QEMU_H */
