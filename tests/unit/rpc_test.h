/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the tests of the listener's servers: a reverse call's
 * request in the flat encoding, a listener without a thread on a session
 * made by hand, and the reply taken apart.
 */
#ifndef TEST_RPC_TEST_H
#define TEST_RPC_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "listener.h"

#define RQ_MAX	(128u << 10)

/* A request being built: inputs, then output lengths, as next2 carries them. */
struct rq {
	unsigned char b[RQ_MAX];
	size_t n;
};

/* A reply taken apart: each output's bytes and length. */
struct rpc_reply {
	const unsigned char *out[16];
	uint32_t len[16];
};

void rq_in(struct rq *r, const void *p, uint32_t len);
void rq_out(struct rq *r, uint32_t len);
/* A session of @dev made by hand (in *@sp, freed by fastrpc_session_free()) and its listener. */
struct fastrpc_listener *rt_listener(struct fastrpc_device *dev, struct fastrpc_session **sp);
/* Dispatch @r, and on success take the reply's @n_out outputs apart into @o. */
int rt_call(struct fastrpc_listener *l, uint32_t handle, uint32_t sc, const struct rq *r,
	    unsigned int n_out, struct rpc_reply *o);
/* remotectl open of @name with @errlen bytes of dlerror; the call's result. */
int rt_open_full(struct fastrpc_listener *l, const char *name, uint32_t errlen,
		 struct rpc_reply *o);
/* The reverse handle of host module @name (the test fails when it does not open). */
uint32_t rt_open(struct fastrpc_listener *l, const char *name);
/* remotectl close: the call's result. */
int rt_close(struct fastrpc_listener *l, uint32_t handle);

#endif /* TEST_RPC_TEST_H */
