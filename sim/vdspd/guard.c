// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Copies to and from DSP memory that the kernel may take away: when a
 * domain goes down the edge unmaps every mapping of its memory, and a
 * worker thread still copying then gets SIGBUS.  A guarded copy turns that
 * into -EFAULT for the thread that faulted; any other SIGBUS stays fatal.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

#include "vdspd.h"

/*
 * volatile: the compiler sees no reader between the store before the copy
 * and the one after, and would drop the first; the handler reads it.
 */
static _Thread_local sigjmp_buf *volatile guard_env;

static void on_sigbus(int sig)
{
	if (guard_env)
		siglongjmp(*guard_env, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

void guard_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
}

int guarded_copy(void *dst, const void *src, size_t n)
{
	sigjmp_buf env;

	if (sigsetjmp(env, 1)) {
		guard_env = NULL;
		return -EFAULT;
	}
	guard_env = &env;
	memcpy(dst, src, n);
	guard_env = NULL;
	return 0;
}

/*
 * Whether the DSP reaches [addr, addr + size) now: the edge maps it, and
 * (behind its SMMU, where pages translate when touched) every page is
 * mapped in the bank.  Each page is read once, guarded.
 */
bool dsp_reachable(const struct mapper *mapper, uint64_t addr, uint64_t size)
{
	uint8_t *p = mapper->map(mapper->ctx, addr, (size_t)size);
	uint64_t off;
	uint8_t byte;
	bool ok = p;

	for (off = 0; ok && off < size; off += FASTRPC_PAGE_SIZE)
		ok = !guarded_copy(&byte, p + off, 1);
	if (p)
		mapper->unmap(mapper->ctx, p, (size_t)size);
	return ok;
}
