// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Checks of the shell's runtime, run on Hexagon (under qemu): the division
 * helpers against known answers and the identity n == q * d + r (Hexagon
 * multiplies in hardware, so that is an independent check), the memory
 * functions against byte-by-byte references, the arena, and what the shell
 * exports to skeletons: snprintf, the string and number functions and the
 * heap.  Prints one
 * line per failure and a summary; exits 0 only when everything passed.
 */
#include "rt.h"

static unsigned int passed, failed;

static size_t str_len(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

static void put(const char *s)
{
	rt_write_full(1, s, str_len(s));
}

static void put_u64(uint64_t v)
{
	char buf[24];
	int i = sizeof(buf);

	buf[--i] = 0;
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put(buf + i);
}

static void check(int ok, const char *what, uint64_t index)
{
	if (ok) {
		passed++;
		return;
	}
	failed++;
	put("FAIL: ");
	put(what);
	put(" #");
	put_u64(index);
	put("\n");
}

static const struct { uint32_t n, d, q, r; } u32_cases[] = {
	{ 0, 1, 0, 0 }, { 1, 1, 1, 0 }, { 7, 2, 3, 1 },
	{ 0xffffffff, 1, 0xffffffff, 0 }, { 0xffffffff, 0xffffffff, 1, 0 },
	{ 0xffffffff, 2, 0x7fffffff, 1 }, { 0x80000000, 3, 0x2aaaaaaa, 2 },
	{ 1000000, 1000, 1000, 0 }, { 123456789, 10, 12345678, 9 },
	{ 5, 7, 0, 5 }, { 0xdeadbeef, 0x1234, 0xc3ba5, 0x76b },
};

static const struct { int32_t n, d, q, r; } s32_cases[] = {
	{ -7, 2, -3, -1 }, { 7, -2, -3, 1 }, { -7, -2, 3, -1 },
	{ INT32_MIN, -1, INT32_MIN, 0 }, { INT32_MIN, 1, INT32_MIN, 0 },
	{ INT32_MIN, INT32_MAX, -1, -1 }, { INT32_MAX, INT32_MIN, 0, INT32_MAX },
	{ -1, INT32_MAX, 0, -1 }, { 100, -7, -14, 2 },
};

static const struct { uint64_t n, d, q, r; } u64_cases[] = {
	{ UINT64_MAX, 1, UINT64_MAX, 0 },
	{ UINT64_MAX, 0xffffffff, 0x100000001, 0 },
	{ UINT64_MAX, 0x100000000, 0xffffffff, 0xffffffff },
	{ 0x123456789abcdef0, 0x12345, 0x100005b00205, 0xa497 },
	{ 0x8000000000000000, 3, 0x2aaaaaaaaaaaaaaa, 2 },
	{ 34359607296, 262144, 0x1ffff, 0x20000 },
	{ 1000000000000000000, 1000000007, 999999993, 49 },
	{ 5, UINT64_MAX, 0, 5 },
};

static const struct { int64_t n, d, q, r; } s64_cases[] = {
	{ INT64_MIN, -1, INT64_MIN, 0 }, { INT64_MIN, 1, INT64_MIN, 0 },
	{ -1000000000000000000, 1000000007, -999999993, -49 },
	{ 1000000000000000000, -1000000007, -999999993, 49 },
	{ -1, 2, 0, -1 },
	{ INT64_MIN + 1, 4611686018427387904, -1, -4611686018427387903 },
};

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Checks a table of { n, d, q, r } against a divide and a modulo helper. */
#define CHECK_TABLE(t, div, mod)					\
	do {								\
		size_t i;						\
									\
		for (i = 0; i < N_ELEMS(t); i++) {			\
			check(div(t[i].n, t[i].d) == t[i].q, #div, i);	\
			check(mod(t[i].n, t[i].d) == t[i].r, #mod, i);	\
		}							\
	} while (0)

static void test_known_quotients(void)
{
	CHECK_TABLE(u32_cases, __hexagon_udivsi3, __hexagon_umodsi3);
	CHECK_TABLE(s32_cases, __hexagon_divsi3, __hexagon_modsi3);
	CHECK_TABLE(u64_cases, __hexagon_udivdi3, __hexagon_umoddi3);
	CHECK_TABLE(s64_cases, __hexagon_divdi3, __hexagon_moddi3);
	check(__hexagon_udivsi3(9, 0) == UINT32_MAX && __hexagon_umodsi3(9, 0) == 9,
	      "udivsi3 by zero", 0);
	check(__hexagon_udivdi3(9, 0) == UINT64_MAX && __hexagon_umoddi3(9, 0) == 9,
	      "udivdi3 by zero", 0);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15;

static uint64_t rng(void)
{
	/* xorshift64: no division, so it cannot hide a helper's bug. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A random width, so that small divisors and quotients get their share. */
static uint64_t rng_bits(void)
{
	return rng() >> (rng() & 63);
}

/* Negated half the time, in unsigned arithmetic so nothing overflows. */
static int64_t signed_rng(uint64_t magnitude)
{
	return (int64_t)((rng() & 1) ? 0 - magnitude : magnitude);
}

static uint64_t mag64(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

static void test_division_identity(void)
{
	unsigned int i;

	for (i = 0; i < 20000; i++) {
		uint64_t n = rng_bits(), d = rng_bits() | 1;
		uint64_t q = __hexagon_udivdi3(n, d), r = __hexagon_umoddi3(n, d);
		uint32_t n32 = (uint32_t)n, d32 = (uint32_t)d | 1;
		uint32_t q32 = __hexagon_udivsi3(n32, d32), r32 = __hexagon_umodsi3(n32, d32);
		int64_t sn = signed_rng(rng_bits());
		int64_t sd = signed_rng(rng_bits() | 1);
		int64_t sq = __hexagon_divdi3(sn, sd), sr = __hexagon_moddi3(sn, sd);

		check(r < d && q * d + r == n, "u64 identity", i);
		check(r32 < d32 && q32 * d32 + r32 == n32, "u32 identity", i);
		check(mag64(sr) < mag64(sd) &&
		      (uint64_t)sq * (uint64_t)sd + (uint64_t)sr == (uint64_t)sn &&
		      (sr == 0 || (sr < 0) == (sn < 0)), "s64 identity", i);
	}
}

/* The operators themselves must reach the helpers and agree with them. */
static void test_operators(void)
{
	volatile uint32_t a32 = 0xdeadbeef, b32 = 0x1234;
	volatile int32_t sa32 = -7, sb32 = 2;
	volatile uint64_t a64 = 0x123456789abcdef0, b64 = 0x12345;
	volatile int64_t sa64 = -1000000000000000000, sb64 = 1000000007;

	check(a32 / b32 == 0xc3ba5 && a32 % b32 == 0x76b, "u32 operators", 0);
	check(sa32 / sb32 == -3 && sa32 % sb32 == -1, "s32 operators", 0);
	check(a64 / b64 == 0x100005b00205 && a64 % b64 == 0xa497, "u64 operators", 0);
	check(sa64 / sb64 == -999999993 && sa64 % sb64 == -49, "s64 operators", 0);
}

static uint8_t src[256], dst[256], ref[256];

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7);
}

static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i] != b[i])
			return 0;
	}
	return 1;
}

static void test_memory_functions(void)
{
	size_t so, doff, n, i, k = 0;

	fill(src, sizeof(src), 1);
	for (so = 0; so < 9; so++) {
		for (doff = 0; doff < 9; doff++) {
			for (n = 0; n < 70; n += 3, k++) {
				fill(dst, sizeof(dst), 99);
				fill(ref, sizeof(ref), 99);
				for (i = 0; i < n; i++)
					ref[doff + i] = src[so + i];
				check(memcpy(dst + doff, src + so, n) == dst + doff &&
				      same(dst, ref, sizeof(dst)), "memcpy", k);

				fill(dst, sizeof(dst), 99);
				fill(ref, sizeof(ref), 99);
				for (i = 0; i < n; i++)
					ref[doff + i] = (uint8_t)(0xa5 + so);
				check(memset(dst + doff, 0xa5 + (int)so, n) == dst + doff &&
				      same(dst, ref, sizeof(dst)), "memset", k);

				/* Overlapping both ways, inside one array. */
				fill(dst, sizeof(dst), 3);
				fill(ref, sizeof(ref), 3);
				for (i = n; i-- > 0;)
					ref[doff + 16 + i] = dst[so + 16 + i];
				memmove(dst + doff + 16, dst + so + 16, n);
				check(same(dst, ref, sizeof(dst)), "memmove", k);
			}
		}
	}
	fill(dst, 64, 5);
	fill(ref, 64, 5);
	check(memcmp(dst, ref, 64) == 0, "memcmp equal", 0);
	ref[40]++;
	check(memcmp(dst, ref, 64) < 0 && memcmp(ref, dst, 64) > 0, "memcmp order", 0);
	check(memcmp(dst, ref, 40) == 0, "memcmp prefix", 0);
}

static void test_arena(void)
{
	uint8_t *a, *b;

	check(rt_arena_reserve(16u << 20) == 0, "arena reserve 16 MiB", 0);
	a = rt_arena_alloc(3);
	b = rt_arena_alloc((16u << 20) - 8);
	check(a && b && b == a + 8, "arena bump, 8-byte steps", 0);
	if (a && b) {
		memset(b, 0x5a, (16u << 20) - 8);
		check(b[0] == 0x5a && b[(16u << 20) - 9] == 0x5a, "arena memory usable", 0);
	}
	check(rt_arena_alloc(1) == NULL, "arena full", 0);
	rt_arena_trim();
	check(rt_arena_reserve(4096) == 0 && rt_arena_alloc(4096) != NULL, "arena after trim", 0);
	check(rt_arena_reserve((uint64_t)255 << 26) == -RT_ENOMEM, "arena refuses 16 GiB", 0);
	check(rt_arena_reserve(0) == 0, "arena empty reservation", 0);
}

/* snprintf's output, compared whole. */
#define FMT(want, ...)								\
	do {									\
		char buf_[64];							\
		int n_ = snprintf(buf_, sizeof(buf_), __VA_ARGS__);		\
		check(n_ == (int)str_len(want) && !strcmp(buf_, want), "snprintf " want, 0); \
	} while (0)

/* No format attribute: for what the compiler's format check would refuse. */
static int unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void test_formatting(void)
{
	char small[6], buf[32];

	FMT("42 -7 4294967295", "%d %i %u", 42, -7, 4294967295u);
	FMT("ff FF 0x1f", "%x %X %p", 255u, 255u, (void *)0x1f);
	FMT("[  abc][abc  ][ab]", "[%5s][%-5s][%.2s]", "abc", "abc", "abcdef");
	FMT("[00042][42   ][  -42][-0042]", "[%05d][%-5d][%5d][%05d]", 42, 42, -42, -42);
	FMT("[007][  7]", "[%.3d][%3u]", 7, 7u);
	FMT("-9223372036854775808 18446744073709551615", "%lld %llu",
	    (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	FMT("123 -1", "%zu %ld", (size_t)123, -1L);
	check(unchecked(buf, sizeof(buf), "%hhu %hu %hhd", 0x1ffu, 0x1ffffu, 0xffu) == 12 &&
	      !strcmp(buf, "255 65535 -1"), "snprintf hh and h", 0);
	FMT("c%% [x ] (null)", "%c%%%% [%-2c] %s", 'c', 'x', (char *)NULL);
	FMT("[   5]", "[%*d]", 4, 5);
	check(unchecked(buf, sizeof(buf), "a%qb%") == 5 && !strcmp(buf, "a%qb%"),
	      "snprintf copies what it does not know", 0);
	check(snprintf(small, sizeof(small), "%s", "abcdefgh") == 8 && !strcmp(small, "abcde"),
	      "snprintf cuts to fit", 0);
	check(snprintf(NULL, 0, "%d", 12345) == 5, "snprintf counts with no room", 0);
}

static void test_strings(void)
{
	char text[] = " a,b;;c ", *save, *tok[4];
	char *end;
	int n = 0;

	check(strlen("hello") == 5 && strnlen("hello", 3) == 3, "strlen strnlen", 0);
	check(strcmp("abc", "abd") < 0 && strcmp("b", "a") > 0 && !strcmp("x", "x"), "strcmp", 0);
	check(strncmp("abcx", "abcy", 3) == 0 && strncmp("ab", "abc", 3) < 0, "strncmp", 0);
	check(strchr("hello", 'l') && *strchr("hello", 'l') == 'l' && !strchr("hello", 'z') &&
	      strchr("hello", 0) && !*strchr("hello", 0), "strchr", 0);
	check(*(strrchr("hello", 'l') + 1) == 'o', "strrchr", 0);
	check(strstr("a calculator", "calc") != NULL && !strstr("abc", "abd"), "strstr", 0);
	tok[0] = strtok_r(text, " ,;", &save);
	while (tok[n] && n < 3) {
		n++;
		tok[n] = strtok_r(NULL, " ,;", &save);
	}
	check(n == 3 && !strcmp(tok[0], "a") && !strcmp(tok[1], "b") && !strcmp(tok[2], "c"),
	      "strtok_r", 0);
	check(strtoul("0x1F", &end, 0) == 31 && !*end, "strtoul hex", 0);
	check(strtoul("0777", NULL, 0) == 511, "strtoul octal", 0);
	check(strtoul("99999999999", NULL, 10) == UINT32_MAX, "strtoul saturates", 0);
	check(strtol("-2147483649", NULL, 10) == INT32_MIN, "strtol saturates low", 0);
	check(strtol("  -42xyz", &end, 10) == -42 && *end == 'x', "strtol stops", 0);
	check(strtoll("9223372036854775807", NULL, 10) == INT64_MAX, "strtoll max", 0);
	check(strtoull("-1", NULL, 10) == UINT64_MAX, "strtoull negative wraps", 0);
	check(strtoul("zz", &end, 10) == 0 && !strcmp(end, "zz"), "strtoul no digits", 0);
}

static void test_heap(void)
{
	uint8_t *p[64], *q;
	unsigned int i;
	int ok = 1;

	for (i = 0; i < 64; i++) {
		p[i] = malloc(1u << (i % 20));
		ok &= p[i] && !((uintptr_t)p[i] & 7);
		if (p[i])
			memset(p[i], (int)i, 1u << (i % 20));
	}
	for (i = 0; i < 64; i++)
		ok &= p[i][0] == (uint8_t)i && p[i][(1u << (i % 20)) - 1] == (uint8_t)i;
	check(ok, "malloc blocks hold their bytes", 0);
	for (i = 0; i < 64; i++)
		free(p[i]);
	q = calloc(100, 7);
	check(q && q[0] == 0 && q[699] == 0, "calloc zeroes", 0);
	q = realloc(q, 100000);
	check(q && q[699] == 0, "realloc keeps the bytes", 0);
	free(q);
	q = memalign(4096, 100);
	check(q && !((uintptr_t)q & 4095), "memalign aligns", 0);
	free(q);
	check(!memalign(3, 8) && !malloc((size_t)-1) && !calloc(1u << 20, 1u << 20),
	      "impossible requests fail", 0);
	free(NULL);
}

int main(void)
{
	test_formatting();
	test_strings();
	test_heap();
	test_known_quotients();
	test_division_identity();
	test_operators();
	test_memory_functions();
	test_arena();
	put("hexagon_runtime: ");
	put_u64(passed);
	put(" passed, ");
	put_u64(failed);
	put(" failed\n");
	return failed ? 1 : 0;
}
