/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The runtime of the Hexagon shell: there is no libc on the DSP side, so
 * this is all a program gets.  Linux system calls, whole-count I/O, the
 * per-call memory arena, the process heap, and the string and formatting
 * functions that the shell uses and exports to skeletons (exports.c).
 * Functions that can fail return a negative errno.
 */
#ifndef RT_H
#define RT_H

#include <stdarg.h>
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

#define RT_PROT_READ	0x1
#define RT_PROT_WRITE	0x2
#define RT_PROT_EXEC	0x4
#define RT_MAP_SHARED	0x01

long rt_read(int fd, void *buf, size_t count);
long rt_write(int fd, const void *buf, size_t count);
/* Each returns NULL on failure; offset must be a multiple of 4096. */
void *rt_mmap(void *addr, size_t length, int prot, int flags, int fd, uint64_t offset);
void *rt_mmap_anon(size_t length);
void *rt_mmap_code(size_t length);
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
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *hay, const char *needle);
char *strtok_r(char *s, const char *delim, char **save);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

/* printf.c: %d %i %u %x %X %p %s %c %%, flags '-' '0', width, precision, hh h l ll z */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* heap.c: the process heap, which lives across calls (unlike the arena) */
void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *memalign(size_t align, size_t size);

#endif /* RT_H */
