/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sizes on the command line ("64K", "0x1000", "1MiB") and in text output. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools-common.h"

/* The binary multiple a suffix letter names, 0 for none. */
static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'K':
	case 'k':
		return 10;
	case 'M':
	case 'm':
		return 20;
	case 'G':
	case 'g':
		return 30;
	}
	return 0;
}

int parse_size(const char *s, uint64_t *size)
{
	unsigned int shift = 0;
	const char *end;
	char *digits;
	uint64_t v;
	int ret;

	if (!s || !size)
		return -EINVAL;
	/*
	 * The number ends where a suffix letter starts; hex digits never
	 * include K, M or G, so "0x1K" splits cleanly.
	 */
	for (end = s; *end && !suffix_shift(*end); end++)
		;
	if (*end) {
		shift = suffix_shift(*end);
		if (end[1] && strcmp(end + 1, "iB"))
			return -EINVAL;
	}
	digits = strndup(s, end - s);
	if (!digits)
		return -ENOMEM;
	/* parse_u64() refuses signs, blanks, octal and "". */
	ret = parse_u64(digits, &v);
	free(digits);
	if (ret)
		return ret;
	if (shift && v > (UINT64_MAX >> shift))
		return -ERANGE;
	v <<= shift;
	if (v > SIZE_MAX)
		return -ERANGE;
	*size = v;
	return 0;
}

const char *size_str(uint64_t bytes, char *buf, size_t n)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB" };
	unsigned int u = 0;

	/* Exact units only: "96 KiB", never a rounded "0.1 MiB". */
	while (u + 1 < ARRAY_SIZE(units) && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, n, "%" PRIu64 " %s", bytes, units[u]);
	return buf;
}
