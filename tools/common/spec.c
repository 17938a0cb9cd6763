/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Input SPECs: the bytes of one input buffer, from the command line. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools-common.h"

/* A type, and what to say of an element that is no number or out of range. */
static const struct {
	struct spec_type type;
	const char *nan;
	const char *range;
} types[] = {
	{ { "u8", 1, SPEC_UINT }, "u8: not a number (decimal or 0x hex)",
	  "u8: out of range (0 to 255)" },
	{ { "u16", 2, SPEC_UINT }, "u16: not a number (decimal or 0x hex)",
	  "u16: out of range (0 to 65535)" },
	{ { "u32", 4, SPEC_UINT }, "u32: not a number (decimal or 0x hex)",
	  "u32: out of range (0 to 4294967295)" },
	{ { "u64", 8, SPEC_UINT }, "u64: not a number (decimal or 0x hex)",
	  "u64: out of range (0 to 18446744073709551615)" },
	{ { "i8", 1, SPEC_INT }, "i8: not a number (decimal or 0x hex, - for negatives)",
	  "i8: out of range (-128 to 127)" },
	{ { "i16", 2, SPEC_INT }, "i16: not a number (decimal or 0x hex, - for negatives)",
	  "i16: out of range (-32768 to 32767)" },
	{ { "i32", 4, SPEC_INT }, "i32: not a number (decimal or 0x hex, - for negatives)",
	  "i32: out of range (-2147483648 to 2147483647)" },
	{ { "i64", 8, SPEC_INT }, "i64: not a number (decimal or 0x hex, - for negatives)",
	  "i64: out of range (-9223372036854775808 to 9223372036854775807)" },
	{ { "f32", 4, SPEC_FLOAT }, "f32: not a number",
	  "f32: out of range (magnitude above 3.40282347e+38)" },
	{ { "f64", 8, SPEC_FLOAT }, "f64: not a number",
	  "f64: out of range (magnitude above 1.7976931348623157e+308)" },
};

/* Standard input holds one SPEC's bytes: it is read once. */
static bool stdin_taken;

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

static int parse_str(const char *s, struct spec_buf *buf, const char **why)
{
	(void)why;
	buf->len = strlen(s);
	if (!buf->len)
		return 0;
	buf->data = (unsigned char *)strdup(s);
	return buf->data ? 0 : -ENOMEM;
}

/* Every byte of @fd up to its end, at most SPEC_MAX_LEN. */
static int read_all(int fd, const char *what, struct spec_buf *buf, const char **why)
{
	size_t cap = 4096;
	unsigned char *grown;
	ssize_t n;
	int ret;

	buf->data = malloc(cap);
	if (!buf->data)
		return -ENOMEM;
	for (;;) {
		if (buf->len == cap) {
			cap *= 2;
			grown = realloc(buf->data, cap);
			if (!grown)
				return -ENOMEM;
			buf->data = grown;
		}
		n = read(fd, buf->data + buf->len, cap - buf->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			*why = strerror(-ret);
			return ret;
		}
		if (n == 0)
			return 0;
		buf->len += n;
		if (buf->len > SPEC_MAX_LEN) {
			*why = what;
			return -EFBIG;
		}
	}
}

static int parse_file(const char *path, struct spec_buf *buf, const char **why)
{
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		*why = strerror(-ret);
		return ret;
	}
	ret = read_all(fd, "file: larger than 64 MiB", buf, why);
	close(fd);
	return ret;
}

static int parse_stdin(const char *rest, struct spec_buf *buf, const char **why)
{
	if (*rest) {
		*why = "stdin: takes nothing after the colon";
		return -EINVAL;
	}
	if (stdin_taken) {
		*why = "standard input is read once, and was already";
		return -EBUSY;
	}
	stdin_taken = true;
	return read_all(STDIN_FILENO, "standard input: larger than 64 MiB", buf, why);
}

/* One integer of type @t: decimal or 0x hex, with a - for signed ones. */
static int parse_int(const char *s, const struct spec_type *t, uint64_t *bits)
{
	unsigned int width = 8 * t->size;
	bool neg = false;
	uint64_t v, max;
	int ret;

	if (t->class == SPEC_INT && *s == '-') {
		neg = true;
		s++;
	}
	ret = parse_u64(s, &v);
	if (ret)
		return ret;
	if (t->class == SPEC_UINT)
		max = width == 64 ? UINT64_MAX : (1ull << width) - 1;
	else
		max = (1ull << (width - 1)) - !neg;
	if (v > max)
		return -ERANGE;
	/* Two's complement; the low t->size bytes are the element. */
	*bits = neg ? 0 - v : v;
	return 0;
}

static int parse_float(const char *s, const struct spec_type *t, uint64_t *bits)
{
	char *end;
	uint32_t u32;
	double d;
	float f;

	/* strtod() would skip blanks, and take an empty string as 0. */
	if (!*s || isspace((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	if (t->size == 4) {
		f = strtof(s, &end);
		if (*end)
			return -EINVAL;
		/* Underflow gives a tiny or zero value, which is kept. */
		if (errno == ERANGE && isinf(f))
			return -ERANGE;
		memcpy(&u32, &f, sizeof(u32));
		*bits = u32;
		return 0;
	}
	d = strtod(s, &end);
	if (*end)
		return -EINVAL;
	if (errno == ERANGE && isinf(d))
		return -ERANGE;
	memcpy(bits, &d, sizeof(*bits));
	return 0;
}

/* "1,0x2,-3": each an element of types[@k], little-endian. */
static int parse_array(const char *s, size_t k, struct spec_buf *buf, const char **why)
{
	const struct spec_type *t = &types[k].type;
	size_t count = 1, i = 0;
	char *copy, *item, *next;
	unsigned int b;
	uint64_t v;
	int ret = 0;

	for (const char *p = s; *p; p++)
		count += *p == ',';
	/* Each element takes at least a digit and a comma. */
	if (count > SPEC_MAX_LEN / t->size) {
		*why = "array: larger than 64 MiB";
		return -EFBIG;
	}
	copy = strdup(s);
	buf->data = malloc(count * t->size);
	if (!copy || !buf->data) {
		ret = -ENOMEM;
		goto out;
	}
	for (item = copy; item; item = next, i++) {
		next = strchr(item, ',');
		if (next)
			*next++ = '\0';
		if (t->class == SPEC_FLOAT)
			ret = parse_float(item, t, &v);
		else
			ret = parse_int(item, t, &v);
		if (ret) {
			*why = ret == -ERANGE ? types[k].range : types[k].nan;
			goto out;
		}
		for (b = 0; b < t->size; b++)
			buf->data[i * t->size + b] = v >> (8 * b);
	}
	buf->len = count * t->size;
out:
	free(copy);
	return ret;
}

static const struct {
	const char *name;
	int (*parse)(const char *s, struct spec_buf *buf, const char **why);
} kinds[] = {
	{ "hex", parse_hex },
	{ "str", parse_str },
	{ "file", parse_file },
	{ "stdin", parse_stdin },
};

int parse_spec(const char *spec, struct spec_buf *buf, const char **why)
{
	const char *colon = strchr(spec, ':');
	size_t i, len = colon ? (size_t)(colon - spec) : 0;
	int ret = -EINVAL;

	*buf = (struct spec_buf) { 0 };
	*why = "out of memory";
	if (strcmp(spec, "-") == 0)
		return parse_stdin("", buf, why);
	for (i = 0; colon && i < ARRAY_SIZE(kinds); i++) {
		if (strlen(kinds[i].name) == len && strncmp(spec, kinds[i].name, len) == 0) {
			ret = kinds[i].parse(colon + 1, buf, why);
			goto out;
		}
	}
	for (i = 0; colon && i < ARRAY_SIZE(types); i++) {
		if (strlen(types[i].type.name) == len &&
		    strncmp(spec, types[i].type.name, len) == 0) {
			ret = parse_array(colon + 1, i, buf, why);
			goto out;
		}
	}
	*why = "unknown kind (use hex:, str:, file:, - or stdin:, or an array "
	       "u8: u16: u32: u64: i8: i16: i32: i64: f32: f64:)";
	return -EINVAL;
out:
	if (ret)
		spec_buf_free(buf);
	return ret;
}

void spec_buf_free(struct spec_buf *buf)
{
	free(buf->data);
	*buf = (struct spec_buf) { 0 };
}

const struct spec_type *spec_type_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(types); i++)
		if (strlen(types[i].type.name) == len &&
		    strncmp(name, types[i].type.name, len) == 0)
			return &types[i].type;
	return NULL;
}

const struct spec_type *spec_type_at(size_t i)
{
	return i < ARRAY_SIZE(types) ? &types[i].type : NULL;
}

uint64_t spec_get_uint(const struct spec_type *type, const unsigned char *p)
{
	uint64_t v = 0;
	unsigned int b;

	for (b = 0; b < type->size; b++)
		v |= (uint64_t)p[b] << (8 * b);
	return v;
}

int64_t spec_get_int(const struct spec_type *type, const unsigned char *p)
{
	unsigned int shift = 64 - 8 * type->size;
	uint64_t v = spec_get_uint(type, p);

	/* Sign-extend from the element's top bit, without shifting a negative. */
	if (shift && (v >> (8 * type->size - 1)))
		v |= UINT64_MAX << (64 - shift);
	return (int64_t)v;
}

double spec_get_float(const struct spec_type *type, const unsigned char *p)
{
	uint64_t v = spec_get_uint(type, p);
	uint32_t u32 = v;
	double d;
	float f;

	if (type->size == 4) {
		memcpy(&f, &u32, sizeof(f));
		return f;
	}
	memcpy(&d, &v, sizeof(d));
	return d;
}
