/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime of the Hexagon shell: there is no libc on the DSP side, so
 * this is all a program gets.  Linux system calls, whole-count I/O, the
 * per-call memory arena and the string functions the compiler may call.
 * Functions that can fail return a negative errno.
 */
#ifndef RT_H
#define RT_H

#include <stddef.h>
#include <stdint.h>

#define RT_EINTR	4
#define RT_ENOMEM	12
#define RT_EFBIG	27

/* syscall.c */
struct rt_timespec32 {
	int32_t tv_sec;
	int32_t tv_nsec;
};

long rt_read(int fd, void *buf, size_t count);
long rt_write(int fd, const void *buf, size_t count);
void *rt_mmap_anon(size_t length);	/* NULL on failure */
int rt_munmap(void *addr, size_t length);
int rt_nanosleep(const struct rt_timespec32 *req, struct rt_timespec32 *rem);
_Noreturn void rt_exit(int status);

/* io.c */
long rt_read_full(int fd, void *buf, size_t count);
int rt_write_full(int fd, const void *buf, size_t count);
int rt_discard(int fd, uint64_t count);

/* arena.c */
int rt_arena_reserve(uint64_t size);
void *rt_arena_alloc(size_t size);
void rt_arena_trim(void);

/* divide.c: what clang calls for / and %; declared for tests */
uint32_t __hexagon_udivsi3(uint32_t n, uint32_t d);
uint32_t __hexagon_umodsi3(uint32_t n, uint32_t d);
int32_t __hexagon_divsi3(int32_t n, int32_t d);
int32_t __hexagon_modsi3(int32_t n, int32_t d);
uint64_t __hexagon_udivdi3(uint64_t n, uint64_t d);
uint64_t __hexagon_umoddi3(uint64_t n, uint64_t d);
int64_t __hexagon_divdi3(int64_t n, int64_t d);
int64_t __hexagon_moddi3(int64_t n, int64_t d);

/* string.c */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif /* RT_H */
