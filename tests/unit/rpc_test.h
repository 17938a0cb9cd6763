/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers for the tests of the listener's servers: a reverse call's
 * request in the flat encoding, a listener without a thread on a session
 * made by hand, and the reply taken apart; the device they share, the
 * buffers its fake kernel maps and the log records it hands the program.
 */
#ifndef TEST_RPC_TEST_H
#define TEST_RPC_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "listener.h"
#include "fake_kernel.h"

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

/* What rt_kernel() was asked for. */
struct rt_kernel {
	unsigned int maps, unmaps, closes;
	uint32_t map_flags;		/* the last MAP's */
	uint64_t map_size;
	int map_ret;			/* MAP fails with this when it is set */
};

/* The records rt_log_cb() was given: how many, and the last one. */
struct rt_logs {
	unsigned int n;
	struct fastrpc_log_msg last;	/* its file and message are not kept here: */
	char file[64], message[600];	/* they are copied here */
};

extern struct rt_kernel rt_k;
extern struct rt_logs rt_logs;

/*
 * A handler for fk_reset(): GEM objects as fk_gem() answers them, MAP at
 * DSP address 0x50000000 + (handle << 24), UNMAP and SESSION_RELEASE, each
 * counted in rt_k.
 */
int rt_kernel(int fd, unsigned long request, void *arg);
/* A log callback that counts the records in rt_logs and keeps the last. */
void rt_log_cb(const struct fastrpc_log_msg *msg, void *data);
/*
 * rt_k and rt_logs cleared, the kernel answering with @handler, and @dev
 * made by hand on a memfd (accel) with rt_log_cb() as its log callback.
 */
void rt_device_init(struct fastrpc_device *dev, fk_handler *handler);
/* Free @l and @s (either may be NULL), then close and free @dev. */
void rt_device_fini(struct fastrpc_device *dev, struct fastrpc_session *s,
		    struct fastrpc_listener *l);

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
