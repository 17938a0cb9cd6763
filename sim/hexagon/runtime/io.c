// SPDX-License-Identifier: GPL-2.0-or-later
/* Whole-count reads and writes over pipes, which may move fewer bytes. */
#include "rt.h"

/* Returns count, fewer at end of file, or -errno. */
long rt_read_full(int fd, void *buf, size_t count)
{
	uint8_t *p = buf;
	size_t done = 0;

	while (done < count) {
		long n = rt_read(fd, p + done, count - done);

		if (n == -RT_EINTR)
			continue;
		if (n < 0)
			return n;
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (long)done;
}

int rt_write_full(int fd, const void *buf, size_t count)
{
	const uint8_t *p = buf;

	while (count) {
		long n = rt_write(fd, p, count);

		if (n == -RT_EINTR)
			continue;
		if (n < 0)
			return (int)n;
		p += n;
		count -= (size_t)n;
	}
	return 0;
}

/* Reads and drops count bytes; -RT_EFBIG when the stream ends first. */
int rt_discard(int fd, uint64_t count)
{
	static uint8_t sink[64 << 10];

	while (count) {
		size_t chunk = count < sizeof(sink) ? (size_t)count : sizeof(sink);
		long n = rt_read_full(fd, sink, chunk);

		if (n < 0)
			return (int)n;
		if ((size_t)n != chunk)
			return -RT_EFBIG;
		count -= chunk;
	}
	return 0;
}
