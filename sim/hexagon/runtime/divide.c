// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Integer division helpers.  Hexagon has no divide instruction; clang
 * emits calls to these for every / and % it cannot turn into shifts or
 * multiplications.  Plain restoring division, starting at the dividend's
 * top set bit.  Division by zero is undefined in C; here it never traps
 * (the unsigned helpers give an all-ones quotient and the dividend as
 * remainder).
 * Nothing in this file may itself divide.
 */
#include "rt.h"

static uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0, r = 0;
	int bit;

	if (d == 0) {
		*rem = n;
		return ~(uint64_t)0;
	}
	if (n < d) {
		*rem = n;
		return 0;
	}
	for (bit = 63 - __builtin_clzll(n); bit >= 0; bit--) {
		r = (r << 1) | ((n >> bit) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint64_t)1 << bit;
		}
	}
	*rem = r;
	return q;
}

static uint32_t udivmod32(uint32_t n, uint32_t d, uint32_t *rem)
{
	uint32_t q = 0, r = 0;
	int bit;

	if (d == 0) {
		*rem = n;
		return ~(uint32_t)0;
	}
	if (n < d) {
		*rem = n;
		return 0;
	}
	for (bit = 31 - __builtin_clz(n); bit >= 0; bit--) {
		r = (r << 1) | ((n >> bit) & 1);
		if (r >= d) {
			r -= d;
			q |= (uint32_t)1 << bit;
		}
	}
	*rem = r;
	return q;
}

/* Magnitudes in unsigned arithmetic, so INT_MIN needs no special case. */
static uint32_t abs32(int32_t v)
{
	return v < 0 ? 0u - (uint32_t)v : (uint32_t)v;
}

static uint64_t abs64(int64_t v)
{
	return v < 0 ? 0u - (uint64_t)v : (uint64_t)v;
}

uint32_t __hexagon_udivsi3(uint32_t n, uint32_t d)
{
	uint32_t r;

	return udivmod32(n, d, &r);
}

uint32_t __hexagon_umodsi3(uint32_t n, uint32_t d)
{
	uint32_t r;

	udivmod32(n, d, &r);
	return r;
}

/*
 * C division truncates: the quotient is negative when exactly one operand
 * is, the remainder takes the dividend's sign.
 */
int32_t __hexagon_divsi3(int32_t n, int32_t d)
{
	uint32_t r, q = udivmod32(abs32(n), abs32(d), &r);

	return (int32_t)((n < 0) != (d < 0) ? 0u - q : q);
}

int32_t __hexagon_modsi3(int32_t n, int32_t d)
{
	uint32_t r;

	udivmod32(abs32(n), abs32(d), &r);
	return (int32_t)(n < 0 ? 0u - r : r);
}

uint64_t __hexagon_udivdi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	return udivmod64(n, d, &r);
}

uint64_t __hexagon_umoddi3(uint64_t n, uint64_t d)
{
	uint64_t r;

	udivmod64(n, d, &r);
	return r;
}

int64_t __hexagon_divdi3(int64_t n, int64_t d)
{
	uint64_t r, q = udivmod64(abs64(n), abs64(d), &r);

	return (int64_t)((n < 0) != (d < 0) ? 0u - q : q);
}

int64_t __hexagon_moddi3(int64_t n, int64_t d)
{
	uint64_t r;

	udivmod64(abs64(n), abs64(d), &r);
	return (int64_t)(n < 0 ? 0u - r : r);
}
