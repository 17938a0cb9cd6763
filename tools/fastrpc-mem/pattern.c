/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The lab skeleton's pattern (sim/hexagon/shell_proto.h): byte i of a
 * range is (seed + i * 7) & 0xff.  The CPU writes and checks the same one,
 * so that either side can check what the other wrote.
 */
#include <string.h>

#include "mem.h"

void pattern_fill(void *p, size_t len, uint32_t seed)
{
	unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = pattern_byte(seed, i);
}

bool pattern_check(const void *p, size_t len, uint32_t seed,
		   struct pattern_diff *d)
{
	const unsigned char *b = p;
	size_t i;

	memset(d, 0, sizeof(*d));
	d->first = len;
	for (i = 0; i < len; i++) {
		if (b[i] == pattern_byte(seed, i))
			continue;
		if (!d->count++) {
			d->first = i;
			d->expected = pattern_byte(seed, i);
			d->found = b[i];
		}
	}
	return !d->count;
}
