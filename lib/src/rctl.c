/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reverse handle 0, apps_remotectl: the DSP opens the host's modules by
 * name and closes them (the layout of Qualcomm's apps_remotectl_skel.c).
 * The handles are small numbers of the session's listener, never 0.
 */
#include <string.h>

#include "listener.h"

#define RCTL_OPEN	0
#define RCTL_CLOSE	1

static const struct {
	const char *name;
	enum rpc_module mod;
} host_modules[] = {
	{ "apps_std", MOD_APPS_STD },
	{ "apps_mem", MOD_APPS_MEM },
	{ "adspmsgd_apps", MOD_ADSPMSGD },
};

static void set_dlerror(struct rpc_arg *out, uint32_t len, const char *msg)
{
	if (len)
		snprintf(out->ptr, len, "%s", msg);
}

/* in 0 {u32 name_len, u32 dlerror_len}, in 1 name; out 0 {u32 handle, u32 nErr}, out 1 dlerror. */
static int rctl_open(struct fastrpc_listener *l, struct rpc_call *c)
{
	enum rpc_module mod = MOD_NONE;
	uint32_t errlen, h;
	const char *name;
	char msg[128];
	unsigned int i;

	if (c->n_in != 2 || c->n_out != 2 || c->in[0].len < 8 || c->out[0].len < 8)
		return AEE_EBADPARM;
	name = rpc_string(&c->in[1], rd32(c->in[0].ptr));
	errlen = rd32((unsigned char *)c->in[0].ptr + 4);
	if (!name || errlen > c->out[1].len)
		return AEE_EBADPARM;
	for (i = 0; i < ARRAY_SIZE(host_modules); i++)
		if (strcmp(name, host_modules[i].name) == 0)
			mod = host_modules[i].mod;
	if (mod == MOD_NONE) {
		snprintf(msg, sizeof(msg), "no such host module: %.64s", name);
		set_dlerror(&c->out[1], errlen, msg);
		wr32((unsigned char *)c->out[0].ptr + 4, AEE_ENOSUCHMOD);
		return 0;
	}
	for (h = 0; h < LISTENER_MODULES_MAX && l->modules[h] != MOD_NONE; h++)
		;
	if (h == LISTENER_MODULES_MAX) {
		set_dlerror(&c->out[1], errlen, "too many host modules open");
		wr32((unsigned char *)c->out[0].ptr + 4, AEE_EOUTOFHANDLES);
		return 0;
	}
	l->modules[h] = mod;
	set_dlerror(&c->out[1], errlen, "");
	wr32(c->out[0].ptr, h + 1);
	wr32((unsigned char *)c->out[0].ptr + 4, 0);
	return 0;
}

/* in 0 {u32 handle, u32 dlerror_len}; out 0 {u32 nErr}, out 1 dlerror. */
static int rctl_close(struct fastrpc_listener *l, struct rpc_call *c)
{
	uint32_t h, errlen;

	if (c->n_in != 1 || c->n_out != 2 || c->in[0].len < 8 || c->out[0].len < 4)
		return AEE_EBADPARM;
	h = rd32(c->in[0].ptr);
	errlen = rd32((unsigned char *)c->in[0].ptr + 4);
	if (errlen > c->out[1].len)
		return AEE_EBADPARM;
	if (h == 0 || h > LISTENER_MODULES_MAX || l->modules[h - 1] == MOD_NONE)
		return AEE_ENOSUCHMOD;
	l->modules[h - 1] = MOD_NONE;
	set_dlerror(&c->out[1], errlen, "");
	wr32(c->out[0].ptr, 0);
	return 0;
}

int rctl_invoke(struct fastrpc_listener *l, struct rpc_call *call)
{
	switch (DRM_FASTRPC_SCALARS_METHOD(call->sc)) {
	case RCTL_OPEN:
		return rctl_open(l, call);
	case RCTL_CLOSE:
		return rctl_close(l, call);
	}
	return AEE_EUNSUPPORTED;
}
