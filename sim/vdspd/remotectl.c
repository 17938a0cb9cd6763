// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * remotectl (handle 0) and remotectl1 (handle 8) for a client attached to
 * a PD where no shell runs (root, sensors, a static PD), answered as a
 * root PD with no loader answers them: every open fails to find a module
 * and every close names a handle that is not open.  As on a DSP, those
 * are not failed calls: the call succeeds, with nErr and a dlerror saying
 * why.  So remotectl close of handle 0 is a call every PD answers.
 *
 * The buffer layouts are the shell's (sim/hexagon/remotectl.c), u32s:
 *   open (0, method 0; 8, method 2): 2 in, 2 out.  in 0 = { name length
 *     with the NUL, dlerror length }, in 1 = the name, NUL-terminated;
 *     out 0 = { handle, nErr }, out 1 = dlerror, exactly as long as asked.
 *   close (0, method 1; 8, method 3): 1 in, 2 out.  in 0 = { handle,
 *     dlerror length }; out 0 = { nErr }, out 1 = dlerror.
 * Another shape is AEE_EBADPARM; other methods AEE_EUNSUPPORTED.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

/* Write @msg as dlerror into out 1 of @c, cut to its length, NUL-terminated. */
static int put_dlerror(const struct call *c, const char *msg)
{
	uint64_t room = c->bufs[c->nin + 1].len;
	size_t n = strlen(msg) + 1;
	char *tmp;
	int ret;

	if (!room)
		return 0;
	if (n > room)
		n = (size_t)room;
	tmp = malloc(n);
	if (!tmp)
		return AEE_ENOMEMORY;
	memcpy(tmp, msg, n - 1);
	tmp[n - 1] = '\0';
	ret = call_copy_out(c, c->nin + 1, tmp, n) ? AEE_EBADPARM : 0;
	free(tmp);
	return ret;
}

static int native_open(const struct call *c, const char *pd)
{
	uint32_t in0[2], out0[2];
	char msg[128];
	uint8_t last;

	if (c->nin != 2 || c->nout != 2 || c->nhin || c->nhout || c->bufs[0].len != sizeof(in0) ||
	    call_copy_in(c, 0, in0, 0, sizeof(in0)))
		return AEE_EBADPARM;
	if (!in0[0] || c->bufs[1].len != in0[0] || c->bufs[2].len != sizeof(out0) ||
	    c->bufs[3].len != in0[1] || call_copy_in(c, 1, &last, in0[0] - 1, 1) || last)
		return AEE_EBADPARM;
	out0[0] = 0;
	out0[1] = (uint32_t)AEE_DSP_ERR(AEE_ENOSUCHMOD);
	if (call_copy_out(c, 2, out0, sizeof(out0)))
		return AEE_EBADPARM;
	snprintf(msg, sizeof(msg), "the virtual DSP's %s PD loads no modules", pd);
	return put_dlerror(c, msg);
}

static int native_close(const struct call *c, const char *pd)
{
	uint32_t in0[2], nerr = (uint32_t)AEE_DSP_ERR(AEE_EBADPARM);
	char msg[128];

	if (c->nin != 1 || c->nout != 2 || c->nhin || c->nhout || c->bufs[0].len != sizeof(in0) ||
	    call_copy_in(c, 0, in0, 0, sizeof(in0)))
		return AEE_EBADPARM;
	if (c->bufs[1].len != sizeof(nerr) || c->bufs[2].len != in0[1] ||
	    call_copy_out(c, 1, &nerr, sizeof(nerr)))
		return AEE_EBADPARM;
	snprintf(msg, sizeof(msg), "the virtual DSP's %s PD has no module open (handle 0x%x)",
		 pd, in0[0]);
	return put_dlerror(c, msg);
}

/* A remotectl or remotectl1 call of a client of PD @pd ("root", ...): 0 or an AEE code. */
int remotectl_native(const struct call *c, const char *pd)
{
	bool ctl1 = c->msg.handle == REMOTECTL1_HANDLE;

	if (c->method == (ctl1 ? REMOTECTL1_OPEN1 : REMOTECTL_OPEN))
		return native_open(c, pd);
	if (c->method == (ctl1 ? REMOTECTL1_CLOSE1 : REMOTECTL_CLOSE))
		return native_close(c, pd);
	return AEE_EUNSUPPORTED;
}
