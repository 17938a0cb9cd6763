// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Linux system calls on Hexagon: trap0(#1) with the number in r6, the
 * arguments in r0..r5 and the result (or -errno) back in r0.  The numbers
 * are the asm-generic ones; Hexagon is a 32-bit ABI, so number 222 is
 * mmap2 and nanosleep takes a timespec of two 32-bit words.
 */
#include "rt.h"

#define NR_munmap	215
#define NR_read		63
#define NR_write	64
#define NR_exit_group	94
#define NR_nanosleep	101
#define NR_mmap2	222

#define MAP_PRIVATE	0x02
#define MAP_ANONYMOUS	0x20
/* mmap2 counts its offset in 4096-byte units on every 32-bit asm-generic ABI. */
#define MMAP2_UNIT	12

static long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r0 __asm__("r0") = a;
	register long r1 __asm__("r1") = b;
	register long r2 __asm__("r2") = c;
	register long r3 __asm__("r3") = d;
	register long r4 __asm__("r4") = e;
	register long r5 __asm__("r5") = f;
	register long r6 __asm__("r6") = nr;

	__asm__ volatile("trap0(#1)"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5), "r"(r6)
			 : "memory");
	return r0;
}

long rt_read(int fd, void *buf, size_t count)
{
	return syscall6(NR_read, fd, (long)buf, (long)count, 0, 0, 0);
}

long rt_write(int fd, const void *buf, size_t count)
{
	return syscall6(NR_write, fd, (long)buf, (long)count, 0, 0, 0);
}

void *rt_mmap(void *addr, size_t length, int prot, int flags, int fd, uint64_t offset)
{
	long ret;

	if (offset & ((1u << MMAP2_UNIT) - 1))
		return NULL;
	ret = syscall6(NR_mmap2, (long)addr, (long)length, prot, flags, fd,
		       (long)(offset >> MMAP2_UNIT));
	/* Errors are the top 4095 values; anything else is an address. */
	if ((unsigned long)ret >= -4095UL)
		return NULL;
	return (void *)ret;
}

void *rt_mmap_anon(size_t length)
{
	return rt_mmap(NULL, length, RT_PROT_READ | RT_PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
}

/* Anonymous memory that may hold code: a loaded module's segments. */
void *rt_mmap_code(size_t length)
{
	return rt_mmap(NULL, length, RT_PROT_READ | RT_PROT_WRITE | RT_PROT_EXEC,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

int rt_munmap(void *addr, size_t length)
{
	return (int)syscall6(NR_munmap, (long)addr, (long)length, 0, 0, 0, 0);
}

int rt_nanosleep(const struct rt_timespec32 *req, struct rt_timespec32 *rem)
{
	return (int)syscall6(NR_nanosleep, (long)req, (long)rem, 0, 0, 0, 0);
}

_Noreturn void rt_exit(int status)
{
	for (;;)
		syscall6(NR_exit_group, status, 0, 0, 0, 0, 0);
}
