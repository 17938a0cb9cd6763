/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Allocations that fail on demand: the binaries that use this link with
 * -Wl,--wrap=calloc,--wrap=realloc,--wrap=strdup, the allocators the
 * library's objects call.
 */
#ifndef TEST_FAIL_ALLOC_H
#define TEST_FAIL_ALLOC_H

#include <stdbool.h>

/* Let @n allocations succeed from now on, fail the next one, then succeed. */
void fail_alloc_after(unsigned int n);
/* Stop failing; whether the armed failure happened. */
bool fail_alloc_off(void);
/*
 * Fail the test if memory is leaked now (LeakSanitizer, in the sanitizer
 * build; without it the check is left to valgrind or to nobody).
 */
void fail_alloc_check_leaks(void);

#endif /* TEST_FAIL_ALLOC_H */
