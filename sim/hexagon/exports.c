// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The C runtime the shell exports to the skeletons it loads: the table the
 * loader resolves imports against (README.md lists it), and the few
 * functions that exist only for skeletons: the stack protector, _Assert,
 * __cxa_atexit/__cxa_finalize, and the unwinder's frame registration
 * (skeletons built by Qualcomm's SDK call it from their init; the shell
 * has no unwinder, so registering is accepted and does nothing).
 * Names starting lab_ are the lab's test services, for the lab skeleton.
 */
#include "rt.h"
#include "skel.h"

#define EXIT_ABORT	3
#define MAX_ATEXIT	64

void *__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes(void *dst, const void *src, size_t n);
void HAP_debug(const char *msg, int level, const char *file, int line);
void HAP_debug_v2(int level, const char *file, int line, const char *fmt, ...);
void HAP_debug_runtime(int level, const char *file, int line, const char *fmt, ...);

/* Any value but 0 serves; a DSP picks a random one at start. */
uintptr_t __stack_chk_guard = 0x5fa3c70du;

static _Noreturn void die(const char *what, const char *detail)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "fastrpc_shell: %s%s\n", what, detail ? detail : "");

	rt_write_full(2, buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	rt_exit(EXIT_ABORT);
}

_Noreturn void __stack_chk_fail(void);
_Noreturn void __stack_chk_fail(void)
{
	die("stack smashing detected in a skeleton", NULL);
}

/* The Dinkumware C library's assert(): the message and where. */
_Noreturn void _Assert(const char *msg, const char *where);
_Noreturn void _Assert(const char *msg, const char *where)
{
	char buf[200];

	snprintf(buf, sizeof(buf), "%s, %s", msg ? msg : "?", where ? where : "?");
	die("assertion failed: ", buf);
}

struct atexit_entry {
	void (*fn)(void *);
	void *arg;
	void *dso;
};

static struct atexit_entry atexits[MAX_ATEXIT];
static unsigned int natexit;

int __cxa_atexit(void (*fn)(void *), void *arg, void *dso);
int __cxa_atexit(void (*fn)(void *), void *arg, void *dso)
{
	if (natexit == MAX_ATEXIT)
		return -1;
	atexits[natexit++] = (struct atexit_entry){ fn, arg, dso };
	return 0;
}

/* Runs the entries of one dso (NULL: all), latest first, and forgets them. */
void __cxa_finalize(void *dso);
void __cxa_finalize(void *dso)
{
	unsigned int i = natexit, j;

	while (i--) {
		struct atexit_entry e = atexits[i];

		if (dso && e.dso != dso)
			continue;
		for (j = i; j + 1 < natexit; j++)
			atexits[j] = atexits[j + 1];
		natexit--;
		e.fn(e.arg);
	}
}

void shell_atexit_run(uintptr_t lo, uintptr_t hi)
{
	unsigned int i = natexit;

	while (i--) {
		uintptr_t d = (uintptr_t)atexits[i].dso;

		if (d >= lo && d < hi) {
			__cxa_finalize(atexits[i].dso);
			i = natexit;
		}
	}
}

void __register_frame_info_bases(const void *begin, void *ob, void *tbase, void *dbase);
void __register_frame_info_bases(const void *begin, void *ob, void *tbase, void *dbase)
{
	(void)begin;
	(void)ob;
	(void)tbase;
	(void)dbase;
}

void *__deregister_frame_info_bases(const void *begin);
void *__deregister_frame_info_bases(const void *begin)
{
	(void)begin;
	return NULL;
}

/* The lab's: a sleep a test can time, resumed when a signal cuts it short. */
static int lab_shell_sleep_ms(uint32_t ms)
{
	struct rt_timespec32 req, rem;
	int ret;

	req.tv_sec = (int32_t)(ms / 1000);
	req.tv_nsec = (int32_t)(ms % 1000 * 1000000);
	while ((ret = rt_nanosleep(&req, &rem)) == -RT_EINTR)
		req = rem;
	return ret;
}

/* The SDK links skeletons with --wrap=malloc and friends. */
static void *wrap_malloc(size_t n)
{
	return malloc(n);
}

static void wrap_free(void *p)
{
	free(p);
}

static void *wrap_calloc(size_t n, size_t size)
{
	return calloc(n, size);
}

static void *wrap_realloc(void *p, size_t size)
{
	return realloc(p, size);
}

static void *wrap_memalign(size_t align, size_t size)
{
	return memalign(align, size);
}

struct export {
	const char *name;
	const void *addr;
};

#define FN(f)		{ #f, (const void *)(uintptr_t)&f }
#define AS(n, f)	{ n, (const void *)(uintptr_t)&f }

/* Sorted by name: looked up by binary search. */
static const struct export exports[] = {
	AS("HAP_debug", HAP_debug),
	AS("HAP_debug_runtime", HAP_debug_runtime),
	AS("HAP_debug_v2", HAP_debug_v2),
	FN(_Assert),
	FN(__cxa_atexit),
	FN(__cxa_finalize),
	FN(__deregister_frame_info_bases),
	FN(__hexagon_divdi3),
	FN(__hexagon_divsi3),
	FN(__hexagon_memcpy_likely_aligned_min32bytes_mult8bytes),
	FN(__hexagon_moddi3),
	FN(__hexagon_modsi3),
	FN(__hexagon_udivdi3),
	FN(__hexagon_udivsi3),
	FN(__hexagon_umoddi3),
	FN(__hexagon_umodsi3),
	FN(__register_frame_info_bases),
	FN(__stack_chk_fail),
	FN(__stack_chk_guard),
	AS("__wrap_calloc", wrap_calloc),
	AS("__wrap_free", wrap_free),
	AS("__wrap_malloc", wrap_malloc),
	AS("__wrap_memalign", wrap_memalign),
	AS("__wrap_realloc", wrap_realloc),
	FN(calloc),
	FN(free),
	AS("lab_shell_call_handles", shell_call_handles),
	AS("lab_shell_drop", shell_drop),
	AS("lab_shell_handle_known", shell_handle_known),
	AS("lab_shell_host_open", host_file_probe),
	AS("lab_shell_keep", shell_keep),
	AS("lab_shell_mapped", shell_mapped),
	AS("lab_shell_mem_read", shell_mem_read),
	AS("lab_shell_mem_write", shell_mem_write),
	FN(lab_shell_sleep_ms),
	FN(malloc),
	FN(memalign),
	FN(memcmp),
	FN(memcpy),
	FN(memmove),
	FN(memset),
	FN(realloc),
	FN(snprintf),
	FN(strchr),
	FN(strcmp),
	FN(strlen),
	FN(strncmp),
	FN(strnlen),
	FN(strrchr),
	FN(strstr),
	FN(strtok_r),
	FN(strtol),
	FN(strtoll),
	FN(strtoul),
	FN(strtoull),
	FN(vsnprintf),
};

const void *shell_export(const char *name)
{
	size_t lo = 0, hi = sizeof(exports) / sizeof(exports[0]), mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(name, exports[mid].name);
		if (!c)
			return exports[mid].addr;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
