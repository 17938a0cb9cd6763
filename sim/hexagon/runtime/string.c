// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The memory and string functions: those C code and the compiler call
 * (struct copies become memcpy calls), and the C library's string and
 * number parsing that skeletons import (exports.c).  Built with
 * -ffreestanding, so these loops are not turned back into calls to
 * themselves.
 */
#include "rt.h"

static int both_aligned8(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & 7) == 0;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	/* Doubleword copies when both sides allow it: Hexagon traps on unaligned access. */
	if (both_aligned8(d, s)) {
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)d = *(const uint64_t *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

/*
 * Clang's Hexagon backend calls this for copies it knows are 8-byte
 * aligned and a multiple of 8 bytes, at least 32.
 */
void *__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(void *dst, const void *src, size_t n);
void *__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(void *dst, const void *src, size_t n)
{
	return memcpy(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* dst overlaps the tail of src: copy backwards. */
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n && ((uintptr_t)d & 7)) {
		*d++ = (uint8_t)c;
		n--;
	}
	if (n >= 8) {
		uint64_t v = (uint8_t)c * 0x0101010101010101ULL;

		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)d = v;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return (*p > *q) - (*p < *q);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
		if (!*p)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *found = NULL;

	for (;; s++) {
		if (*s == (char)c)
			found = s;
		if (!*s)
			return (char *)found;
	}
}

char *strstr(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++) {
		if (!strncmp(hay, needle, n))
			return (char *)hay;
	}
	return n ? NULL : (char *)hay;
}

char *strtok_r(char *s, const char *delim, char **save)
{
	char *tok;

	if (!s)
		s = *save;
	if (!s)
		return NULL;
	while (*s && strchr(delim, *s))
		s++;
	if (!*s) {
		*save = NULL;
		return NULL;
	}
	tok = s;
	while (*s && !strchr(delim, *s))
		s++;
	if (*s)
		*s++ = 0;
	*save = s;
	return tok;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/*
 * The common part of the strto* family: the magnitude, saturated at max
 * (for a negative number, max is the magnitude of the most negative
 * value), the sign in *neg and where parsing stopped in *end.
 */
static unsigned long long parse_number(const char *s, char **end, int base, int *neg,
				       unsigned long long max)
{
	const char *p = s, *digits;
	unsigned long long v = 0;
	int d, over = 0;

	*neg = 0;
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '+' || *p == '-')
		*neg = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = *p == '0' ? 8 : 10;
	}
	if (base < 2 || base > 36) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	digits = p;
	for (; (d = digit_value(*p)) < base; p++) {
		if (v > (max - (unsigned long long)d) / (unsigned long long)base)
			over = 1;
		else
			v = v * (unsigned long long)base + (unsigned long long)d;
	}
	if (end)
		*end = (char *)(p == digits ? s : p);
	return over ? max : v;
}

long long strtoll(const char *s, char **end, int base)
{
	unsigned long long v;
	int neg;

	v = parse_number(s, end, base, &neg, (unsigned long long)INT64_MAX + 1);
	if (neg)
		return (long long)(0 - v);
	return v > (unsigned long long)INT64_MAX ? INT64_MAX : (long long)v;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	unsigned long long v;
	int neg;

	v = parse_number(s, end, base, &neg, UINT64_MAX);
	return neg ? 0 - v : v;
}

long strtol(const char *s, char **end, int base)
{
	unsigned long long v;
	int neg;

	v = parse_number(s, end, base, &neg, (unsigned long long)INT32_MAX + 1);
	if (neg)
		return (long)(0 - (uint32_t)v);
	return v > INT32_MAX ? INT32_MAX : (long)v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	unsigned long long v;
	int neg;

	v = parse_number(s, end, base, &neg, UINT32_MAX);
	return (unsigned long)(neg ? 0u - (uint32_t)v : (uint32_t)v);
}
