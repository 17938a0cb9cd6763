/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small formatting helpers: capability and state names. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "ctl.h"
#include "tools-common.h"

/* DRM_FASTRPC_CAP_* by bit, as the UAPI names them. */
static const char *const cap_names[] = {
	"user_pd", "invoke", "gem", "invoke_gem", "map", "attach", "dsp_attr",
};

const char *ctl_cap_name(unsigned int bit)
{
	return bit < ARRAY_SIZE(cap_names) ? cap_names[bit] : NULL;
}

const char *ctl_state_name(int state)
{
	if (!state)
		return "ready";
	if (state == -EACCES || state == -EPERM)
		return "no-access";
	return "error";
}
