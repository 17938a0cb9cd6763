/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Input SPECs: the bytes of one input buffer, from the command line. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools-common.h"

/* The most one input buffer may hold; the lab's DSP takes no more either. */
#define SPEC_MAX_LEN	(64u << 20)

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_hex(const char *s, struct spec_buf *buf, const char **why)
{
	size_t n = strlen(s), i;
	int hi, lo;

	if (n % 2) {
		*why = "hex: odd number of digits";
		return -EINVAL;
	}
	buf->len = n / 2;
	buf->data = buf->len ? malloc(buf->len) : NULL;
	if (buf->len && !buf->data)
		return -ENOMEM;
	for (i = 0; i < buf->len; i++) {
		hi = hex_digit(s[2 * i]);
		lo = hex_digit(s[2 * i + 1]);
		if (hi < 0 || lo < 0) {
			*why = "hex: not a hex digit";
			return -EINVAL;
		}
		buf->data[i] = hi << 4 | lo;
	}
	return 0;
}

/* "1,0x2,3": each a @size-byte little-endian word. */
static int parse_words(const char *s, unsigned int size, struct spec_buf *buf,
		       const char **why)
{
	size_t count = 1, i = 0;
	char *copy, *item, *next;
	unsigned int b;
	uint64_t v;
	int ret = 0;

	for (const char *p = s; *p; p++)
		count += *p == ',';
	copy = strdup(s);
	buf->data = malloc(count * size);
	if (!copy || !buf->data) {
		ret = -ENOMEM;
		goto out;
	}
	for (item = copy; item; item = next, i++) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		ret = parse_u64(item, &v);
		if (!ret && size == 4 && v > UINT32_MAX)
			ret = -ERANGE;
		if (ret) {
			*why = ret == -ERANGE ? "value out of range" :
			       "not a number (decimal or 0x hex)";
			goto out;
		}
		for (b = 0; b < size; b++)
			buf->data[i * size + b] = v >> (8 * b);
	}
	buf->len = count * size;
out:
	free(copy);
	return ret;
}

static int read_file(const char *path, struct spec_buf *buf, const char **why)
{
	size_t cap = 4096;
	unsigned char *grown;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		*why = strerror(errno);
		return ret;
	}
	buf->data = malloc(cap);
	if (!buf->data) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (buf->len == cap) {
			cap *= 2;
			grown = realloc(buf->data, cap);
			if (!grown) {
				ret = -ENOMEM;
				goto out;
			}
			buf->data = grown;
		}
		n = read(fd, buf->data + buf->len, cap - buf->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		buf->len += n;
		if (buf->len > SPEC_MAX_LEN) {
			*why = "file: larger than 64 MiB";
			ret = -EFBIG;
			goto out;
		}
	}
	if (n < 0) {
		ret = -errno;
		*why = strerror(errno);
	}
out:
	close(fd);
	return ret;
}

static int parse_str(const char *s, struct spec_buf *buf, const char **why)
{
	(void)why;
	buf->len = strlen(s);
	if (!buf->len)
		return 0;
	buf->data = (unsigned char *)strdup(s);
	return buf->data ? 0 : -ENOMEM;
}

static int parse_u32s(const char *s, struct spec_buf *buf, const char **why)
{
	return parse_words(s, 4, buf, why);
}

static int parse_u64s(const char *s, struct spec_buf *buf, const char **why)
{
	return parse_words(s, 8, buf, why);
}

static const struct {
	const char *name;
	int (*parse)(const char *s, struct spec_buf *buf, const char **why);
} kinds[] = {
	{ "hex", parse_hex },
	{ "str", parse_str },
	{ "file", read_file },
	{ "u32", parse_u32s },
	{ "u64", parse_u64s },
};

int parse_spec(const char *spec, struct spec_buf *buf, const char **why)
{
	const char *colon = strchr(spec, ':');
	size_t i;
	int ret;

	*buf = (struct spec_buf) { 0 };
	*why = "out of memory";
	for (i = 0; colon && i < ARRAY_SIZE(kinds); i++) {
		if (strlen(kinds[i].name) != (size_t)(colon - spec) ||
		    strncmp(spec, kinds[i].name, colon - spec) != 0)
			continue;
		ret = kinds[i].parse(colon + 1, buf, why);
		if (ret)
			spec_buf_free(buf);
		return ret;
	}
	*why = "unknown kind (use hex:, str:, file:, u32: or u64:)";
	return -EINVAL;
}

void spec_buf_free(struct spec_buf *buf)
{
	free(buf->data);
	*buf = (struct spec_buf) { 0 };
}
