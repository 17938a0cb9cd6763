// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ioctl_test: black-box tests of every fastrpc_accel ioctl, for the lab.
 *
 * Runs against fakedsp serving cdsp (vdspd stopped): the skeleton's
 * methods below are fakedsp's.  Expects the lab's configuration: three
 * context banks per domain, no session open on cdsp.  Takes cdsp down, up
 * and through a restart, and leaves it up.
 *
 * usage: ioctl_test
 *
 * One line per check, "PASS: <group>: <what>" or "FAIL: <group>: <what>:
 * <why>", then "N passed, N failed"; exit status 0 iff all passed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "labtest.h"
#include "shell_proto.h"

#define DOMAIN		"cdsp"
#define NOBODY		65534
#define NR_BANKS	3		/* the lab's vdsp_edge default */
#define MAX_SHELL	(2u << 20)
/*
 * Ids the driver leaves to user calls: 255 minus two per session slot (16)
 * and one for the capability query.
 */
#define USER_CTX_MAX	222
/* Calls one session may have in flight: its fair share of those ids. */
#define SESSION_CALLS	(USER_CTX_MAX / NR_BANKS)

/* fakedsp's skeleton. */
#define SKEL		0x10
#define M_NULL		2
#define M_ECHO		3
#define M_SUM		4
#define M_HOLD_RELEASE	5	/* held; answered AEE_ENOSUCHPROCESS on release */
#define M_ANSWER_TWICE	6
#define M_FAIL		7	/* answers AEE_EFAILED */
#define M_DELAY		8	/* answered after in 0 (u32) ms */
#define M_HOLD		9	/* never answered */
#define M_PATTERN	10	/* fills every out with 0xa5 */


#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A minimal ELF: fakedsp only looks at the magic. */
static const unsigned char elf[64] = "\177ELF\001\001\001";

static int create_named(int fd, uint32_t attrs, const void *shell, size_t size,
			const char *name, uint32_t *client_id)
{
	struct drm_fastrpc_session_create c = {
		.type = DRM_FASTRPC_SESSION_USER_PD,
		.attrs = attrs,
		.shell_ptr = (uintptr_t)shell,
		.shell_size = size,
	};
	int ret;

	if (name) {
		c.name_ptr = (uintptr_t)name;
		c.name_size = strlen(name) + 1;
	}
	ret = xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &c);
	if (!ret && client_id)
		*client_id = c.client_id;
	return ret;
}

static int create(int fd)
{
	return create_named(fd, 0, elf, sizeof(elf), NULL, NULL);
}

static int invoke(int fd, unsigned int method, unsigned int nin, unsigned int nout,
		  struct drm_fastrpc_invoke_arg *args, int32_t *retval)
{
	return invoke_handle(fd, SKEL, DRM_FASTRPC_SCALARS(method, nin, nout, 0, 0),
			     args, retval);
}

static struct drm_fastrpc_invoke_arg buf_arg(const void *p, uint64_t size)
{
	return (struct drm_fastrpc_invoke_arg){ .ptr = (uintptr_t)p, .size = size };
}

/* Sessions free on cdsp, asked through a file of its own. */
static int sessions_free(uint64_t *value)
{
	int fd = wait_domain(DOMAIN), ret;

	if (fd < 0)
		return fd;
	ret = query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, value);
	close(fd);
	return ret;
}

static int set_state(const char *state)
{
	return edge_state(DOMAIN, state);
}

/* ---- calls from other threads ---------------------------------------- */

/* A call made by a thread, to be held by the DSP while the test acts. */
struct held_call {
	pthread_t thread;
	int fd;
	unsigned int method;
	pid_t tid;
	int ret;
	int32_t retval;
};

static void *held_call_fn(void *p)
{
	struct held_call *h = p;

	h->tid = gettid();
	h->ret = invoke(h->fd, h->method, 0, 0, NULL, &h->retval);
	return NULL;
}

/* The thread blocks SIGALRM: the alarms are for the main thread's calls. */
static void start_call(struct held_call *h, int fd, unsigned int method)
{
	sigset_t alrm, old;

	h->fd = fd;
	h->method = method;
	h->tid = 0;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &alrm, &old);
	pthread_create(&h->thread, NULL, held_call_fn, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Is task @tid blocked in ioctl()? /proc says which syscall it sleeps in. */
static bool in_ioctl(pid_t tid)
{
	char path[64], buf[32] = "";
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)tid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 && strtol(buf, NULL, 10) == SYS_ioctl && buf[0] != '-';
}

/*
 * Wait up to 20 s until all @n calls sleep in the driver, so that the DSP
 * holds them; then a little more for the last message to reach fakedsp.
 */
static bool wait_calls(struct held_call *h, int n)
{
	int i, tries;

	for (tries = 0; tries < 200; tries++) {
		for (i = 0; i < n; i++)
			if (!h[i].tid || !in_ioctl(h[i].tid))
				break;
		if (i == n) {
			usleep(200000);
			return true;
		}
		usleep(100000);
	}
	return false;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* SIGALRM in @ms, to interrupt a call in flight. */
static void alarm_in(unsigned int ms)
{
	struct itimerval it = { .it_value = { ms / 1000, (ms % 1000) * 1000 } };

	setitimer(ITIMER_REAL, &it, NULL);
}

/* ---- the groups ------------------------------------------------------ */

static const struct {
	const char *what;
	uint32_t param;
	uint64_t want;
} query_values[] = {
	{ "uapi version is 0", DRM_FASTRPC_PARAM_UAPI_VERSION, 0 },
	{ "domain id is cdsp's", DRM_FASTRPC_PARAM_DOMAIN_ID, DRM_FASTRPC_DOMAIN_CDSP },
	{ "caps: every part of the interface", DRM_FASTRPC_PARAM_CAPS,
	  DRM_FASTRPC_CAP_USER_PD | DRM_FASTRPC_CAP_INVOKE | DRM_FASTRPC_CAP_GEM |
	  DRM_FASTRPC_CAP_INVOKE_GEM | DRM_FASTRPC_CAP_MAP | DRM_FASTRPC_CAP_ATTACH |
	  DRM_FASTRPC_CAP_DSP_ATTR },
	{ "74 calls in flight per session (222 ids, 3 slots)", DRM_FASTRPC_PARAM_MAX_CALLS,
	  SESSION_CALLS },
	{ "256 DSP mappings per session", DRM_FASTRPC_PARAM_MAX_MAPS, 256 },
	{ "not secure (non-secure node)", DRM_FASTRPC_PARAM_SECURE, 0 },
	{ "max args 540", DRM_FASTRPC_PARAM_MAX_ARGS, 540 },
	{ "max shell 2 MiB", DRM_FASTRPC_PARAM_MAX_SHELL_SIZE, MAX_SHELL },
	{ "3 context banks", DRM_FASTRPC_PARAM_CONTEXT_BANKS, NR_BANKS },
	{ "3 sessions free", DRM_FASTRPC_PARAM_SESSIONS_FREE, NR_BANKS },
	{ "session state none", DRM_FASTRPC_PARAM_SESSION_STATE,
	  DRM_FASTRPC_SESSION_STATE_NONE },
};

static void test_query(int fd)
{
	struct drm_fastrpc_query q;
	struct drm_fastrpc_gem_create gem = { .size = 4096 };
	struct drm_fastrpc_map map = { 0 };
	uint64_t v = 0;
	char name[8];
	size_t i;
	void *p;
	int ret;

	for (i = 0; i < ARRAY_SIZE(query_values); i++) {
		ret = query(fd, query_values[i].param, &v);
		expect_value("query", query_values[i].what, ret, v, query_values[i].want);
	}

	expect_err("query", "unknown param -> EINVAL", query(fd, DRM_FASTRPC_PARAM_DSP_ATTR + 1, &v),
		   -EINVAL);
	expect_err("query", "session type without a session -> ENOENT",
		   query(fd, DRM_FASTRPC_PARAM_SESSION_TYPE, &v), -ENOENT);
	q = (struct drm_fastrpc_query){ .flags = 1 };
	expect_err("query", "flags set -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q), -EINVAL);
	q = (struct drm_fastrpc_query){ .index = 1 };
	expect_err("query", "index set -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q), -EINVAL);
	q = (struct drm_fastrpc_query){ .data_ptr = (uintptr_t)name };
	expect_err("query", "data_ptr with a number param -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q), -EINVAL);

	/* The name: ENOSPC tells its length, without the NUL. */
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DOMAIN_NAME };
	ret = xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	expect_err("query", "name without a buffer -> ENOSPC", ret, -ENOSPC);
	expect_value("query", "name without a buffer gives its length", 0, q.value, 4);
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DOMAIN_NAME,
					.data_ptr = (uintptr_t)name, .data_size = 4 };
	ret = xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	expect_err("query", "name into 4 bytes (no room for NUL) -> ENOSPC", ret, -ENOSPC);
	expect_value("query", "name into 4 bytes gives its length", 0, q.value, 4);
	memset(name, 'x', sizeof(name));
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DOMAIN_NAME,
					.data_ptr = (uintptr_t)name, .data_size = 5 };
	ret = xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q);
	expect_value("query", "name length 4", ret, q.value, 4);
	report(!ret && !memcmp(name, "cdsp", 5), "query", "name is \"cdsp\"",
	       "%s, '%.8s'", ename(ret), name);
	q = (struct drm_fastrpc_query){ .param = DRM_FASTRPC_PARAM_DOMAIN_NAME,
					.data_ptr = 8, .data_size = 5 };
	expect_err("query", "name into unmapped memory -> EFAULT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_QUERY, &q), -EFAULT);

	/* Before any session: GEM works, MAP has nothing to map into. */
	gem.flags = 1;
	expect_err("gem", "create with flags -> EINVAL",
		   xioctl(fd, DRM_IOCTL_FASTRPC_GEM_CREATE, &gem), -EINVAL);
	map.size = 4096;
	expect_err("map", "map of no handle -> ENOENT",
		   xioctl(fd, DRM_IOCTL_FASTRPC_MAP, &map), -ENOENT);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	report(p == MAP_FAILED, "gem", "mmap at offset 0 fails", "mapped");
	if (p != MAP_FAILED)
		munmap(p, 4096);
}

enum shell_at { SHELL_ELF, SHELL_NULL, SHELL_UNMAPPED };

/* Session creates the driver refuses before the DSP sees them. */
static const struct create_case {
	const char *what;
	uint32_t type, attrs, flags, siglen, name_size;
	bool name;		/* name_ptr at 70 'a' bytes, no NUL */
	enum shell_at shell;
	uint64_t shell_size;
	int err;
} create_cases[] = {
	{ "flags set -> EINVAL", .flags = 1, .shell_size = sizeof(elf), .err = -EINVAL },
	{ "root pd with a shell -> EINVAL", .type = DRM_FASTRPC_SESSION_ROOT_PD,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "static pd with a shell -> EINVAL", .type = DRM_FASTRPC_SESSION_STATIC_PD,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "unknown type -> EINVAL", .type = 4, .shell_size = sizeof(elf), .err = -EINVAL },
	{ "unknown attribute bit -> EINVAL", .attrs = 0x80, .shell_size = sizeof(elf),
	  .err = -EINVAL },
	{ "no shell_ptr -> EINVAL", .shell = SHELL_NULL, .shell_size = sizeof(elf),
	  .err = -EINVAL },
	{ "empty shell -> EINVAL", .shell_size = 0, .err = -EINVAL },
	{ "shell over 2 MiB -> EFBIG", .shell_size = MAX_SHELL + 1, .err = -EFBIG },
	{ "siglen beyond the shell -> EINVAL", .siglen = sizeof(elf) + 1,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "name_size without name_ptr -> EINVAL", .name_size = 3,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "name of 65 bytes -> EINVAL", .name = true, .name_size = 65,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "name without NUL -> EINVAL", .name = true, .name_size = 10,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "name_ptr with name_size 0 -> EINVAL", .name = true, .name_size = 0,
	  .shell_size = sizeof(elf), .err = -EINVAL },
	{ "unmapped shell -> EFAULT", .shell = SHELL_UNMAPPED,
	  .shell_size = sizeof(elf), .err = -EFAULT },
};

static void test_create_checks(int fd)
{
	static const char name[70] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
	const uint64_t shell_at[] = {
		[SHELL_ELF] = (uintptr_t)elf,
		[SHELL_NULL] = 0,
		[SHELL_UNMAPPED] = 16,
	};
	uint64_t v = 0;
	size_t i;
	int ret;

	expect_err("session", "invoke without a session -> ENOENT",
		   invoke(fd, M_NULL, 0, 0, NULL, NULL), -ENOENT);
	expect_err("session", "release without a session -> ENOENT", release(fd), -ENOENT);

	for (i = 0; i < ARRAY_SIZE(create_cases); i++) {
		const struct create_case *t = &create_cases[i];
		struct drm_fastrpc_session_create c = {
			.type = t->type,
			.attrs = t->attrs,
			.shell_ptr = shell_at[t->shell],
			.shell_size = t->shell_size,
			.siglen = t->siglen,
			.name_size = t->name_size,
			.name_ptr = t->name ? (uintptr_t)name : 0,
			.flags = t->flags,
		};

		ret = xioctl(fd, DRM_IOCTL_FASTRPC_SESSION_CREATE, &c);
		expect_err("create", t->what, ret, t->err);
	}

	/* The DSP refuses it: the session slot must come back. */
	ret = create_named(fd, 0, "notanelf", 8, NULL, NULL);
	expect_err("create", "shell the DSP refuses -> ECONNREFUSED", ret, -ECONNREFUSED);
	ret = query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
	expect_value("create", "3 sessions free after the refusal", ret, v, NR_BANKS);
	ret = query(fd, DRM_FASTRPC_PARAM_SESSION_STATE, &v);
	expect_value("create", "no session after the refusal", ret, v,
		     DRM_FASTRPC_SESSION_STATE_NONE);
}

static void test_session(int fd)
{
	uint32_t id = 0;
	uint64_t v = 0;
	int ret;

	ret = create_named(fd, 0, elf, sizeof(elf), NULL, &id);
	report(!ret && id > 0, "session", "create", "%s, client id %u", ename(ret), id);
	expect_err("session", "second create -> EBUSY", create(fd), -EBUSY);
	ret = query(fd, DRM_FASTRPC_PARAM_SESSION_STATE, &v);
	expect_value("session", "state active", ret, v, DRM_FASTRPC_SESSION_STATE_ACTIVE);
	ret = query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
	expect_value("session", "2 sessions free", ret, v, NR_BANKS - 1);
}

enum args_at { ARGS_NULL, ARGS_ARRAY, ARGS_UNMAPPED };
enum arg0_at { ARG0_BUF, ARG0_RAW, ARG0_HUGE };

#define HUGE_SIZE	(65ull << 20)	/* over the driver's 64 MiB payload */

/* Invokes the driver refuses before the DSP sees them. */
static const struct invoke_case {
	const char *what;
	uint32_t handle, sc, flags;
	enum args_at args;
	enum arg0_at at;	/* where args[0].ptr points; ARG0_RAW: arg0.ptr */
	struct drm_fastrpc_invoke_arg arg0;
	int err;
} invoke_cases[] = {
	{ "handle 1 (process manager) -> EPERM", .handle = 1, .err = -EPERM },
	{ "handle 2 -> EPERM", .handle = 2, .err = -EPERM },
	{ "flags set -> EINVAL", .handle = SKEL, .flags = 1, .err = -EINVAL },
	{ "attribute bits in sc -> EINVAL", .handle = SKEL, .sc = 1u << 29, .err = -EINVAL },
	{ "handle argument in user memory -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_NULL, 0, 0, 1, 0), .args = ARGS_ARRAY,
	  .err = -EINVAL },
	{ "buffers without args_ptr -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .err = -EINVAL },
	{ "args_ptr without buffers -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 0, 0, 0, 0), .args = ARGS_ARRAY,
	  .err = -EINVAL },
	{ "GEM argument of no object -> ENOENT", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .at = ARG0_RAW, .arg0 = { .size = 4, .flags = DRM_FASTRPC_ARG_GEM },
	  .err = -ENOENT },
	{ "GEM argument with a pointer -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .arg0 = { .size = 4, .flags = DRM_FASTRPC_ARG_GEM }, .err = -EINVAL },
	{ "unknown argument flag -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .arg0 = { .size = 4, .flags = 2 }, .err = -EINVAL },
	{ "argument handle set -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .arg0 = { .size = 4, .handle = 1 }, .err = -EINVAL },
	{ "argument offset set -> EINVAL", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .arg0 = { .size = 4, .offset = 1 }, .err = -EINVAL },
	{ "unmapped args array -> EFAULT", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_UNMAPPED,
	  .err = -EFAULT },
	{ "buffer wrapping the address space -> EFAULT", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .at = ARG0_RAW, .arg0 = { .ptr = -4096ull, .size = 8192 }, .err = -EFAULT },
	{ "unmapped buffer -> EFAULT", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .at = ARG0_RAW, .arg0 = { .ptr = 8, .size = 4 }, .err = -EFAULT },
	{ "65 MiB buffer -> E2BIG", .handle = SKEL,
	  .sc = DRM_FASTRPC_SCALARS(M_ECHO, 1, 0, 0, 0), .args = ARGS_ARRAY,
	  .at = ARG0_HUGE, .arg0 = { .size = HUGE_SIZE }, .err = -E2BIG },
};

static void test_invoke_checks(int fd)
{
	/* Reserved, never touched: the driver copies 65 MiB of nothing. */
	void *huge = mmap(NULL, HUGE_SIZE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	char in[4] = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(invoke_cases); i++) {
		const struct invoke_case *t = &invoke_cases[i];
		struct drm_fastrpc_invoke_arg args[4] = { t->arg0 };
		struct drm_fastrpc_invoke inv = {
			.handle = t->handle,
			.sc = t->sc,
			.flags = t->flags,
		};

		if (t->at == ARG0_BUF)
			args[0].ptr = (uintptr_t)in;
		else if (t->at == ARG0_HUGE)
			args[0].ptr = (uintptr_t)huge;
		if (t->args == ARGS_ARRAY)
			inv.args_ptr = (uintptr_t)args;
		else if (t->args == ARGS_UNMAPPED)
			inv.args_ptr = 8;
		expect_err("invoke", t->what, xioctl(fd, DRM_IOCTL_FASTRPC_INVOKE, &inv), t->err);
	}
	if (huge != MAP_FAILED)
		munmap(huge, HUGE_SIZE);
}

/* Overlapping user buffers share one copy in the payload. */
static void test_overlap(int fd)
{
	struct drm_fastrpc_invoke_arg a[4];
	unsigned char ov[64], s8[64];
	uint64_t got = 0, want = 0;
	int32_t rv = -1;
	bool ok = true;
	int i, ret;

	/* Echo in [0,32) to out [16,48) of one buffer. */
	for (i = 0; i < 64; i++)
		ov[i] = i;
	a[0] = buf_arg(ov, 32);
	a[1] = buf_arg(ov + 16, 32);
	ret = invoke(fd, M_ECHO, 1, 1, a, &rv);
	expect_retval("call", "echo between overlapping in and out", ret, rv, 0);
	for (i = 0; i < 16; i++)
		ok &= ov[i] == i;
	for (i = 0; i < 32; i++)
		ok &= ov[16 + i] == i;
	report(ok, "call", "overlapping out holds the in", "bytes differ");

	/* Sum of [0,40), [8,16) (inside it) and [30,64) (extending it). */
	for (i = 0; i < 64; i++)
		s8[i] = i + 1;
	for (i = 0; i < 40; i++)
		want += s8[i];
	for (i = 8; i < 16; i++)
		want += s8[i];
	for (i = 30; i < 64; i++)
		want += s8[i];
	a[0] = buf_arg(s8, 40);
	a[1] = buf_arg(s8 + 8, 8);
	a[2] = buf_arg(s8 + 30, 34);
	a[3] = buf_arg(&got, sizeof(got));
	ret = invoke(fd, M_SUM, 3, 1, a, &rv);
	expect_retval("call", "sum of overlapping ins", ret, rv, 0);
	expect_value("call", "sum of overlapping ins is right", ret, got, want);
}

static void test_calls(int fd)
{
	static struct drm_fastrpc_invoke_arg many[510];
	static unsigned char mi[255][3], mo[255][3];
	const size_t len = 3 * 4096 + 77;
	struct drm_fastrpc_invoke_arg a[2];
	unsigned char in[64], out[64], *bi, *bo;
	uint32_t ms;
	int32_t rv = -1;
	size_t i;
	int ret;

	ret = invoke(fd, M_NULL, 0, 0, NULL, &rv);
	expect_retval("call", "null", ret, rv, 0);

	for (i = 0; i < sizeof(in); i++)
		in[i] = i;
	memset(out, 0, sizeof(out));
	a[0] = buf_arg(in, 64);
	a[1] = buf_arg(out, 64);
	ret = invoke(fd, M_ECHO, 1, 1, a, &rv);
	expect_retval("call", "echo 64 bytes", ret, rv, 0);
	report(!memcmp(in, out, 64), "call", "echo 64 bytes copies back", "bytes differ");

	memset(out, 0, sizeof(out));
	a[1] = buf_arg(out, 3);
	ret = invoke(fd, M_ECHO, 1, 1, a, &rv);
	expect_retval("call", "echo into 3 bytes", ret, rv, 0);
	report(!memcmp(in, out, 3) && out[3] == 0, "call",
	       "echo into 3 bytes writes 3 bytes only", "out[3] = %#x", out[3]);

	a[0] = buf_arg(in, 0);
	a[1] = buf_arg(out, 8);
	ret = invoke(fd, M_ECHO, 1, 1, a, &rv);
	expect_retval("call", "zero-length in", ret, rv, 0);
	a[0] = buf_arg(NULL, 0);
	ret = invoke(fd, M_ECHO, 1, 1, a, &rv);
	expect_retval("call", "zero-length NULL in", ret, rv, 0);

	test_overlap(fd);

	/* Unaligned, across pages, at different offsets in and out. */
	bi = malloc(len + 1);
	bo = malloc(len + 5);
	if (bi && bo) {
		for (i = 0; i < len; i++)
			bi[1 + i] = (unsigned char)(i * 7);
		a[0] = buf_arg(bi + 1, len);
		a[1] = buf_arg(bo + 5, len);
		ret = invoke(fd, M_ECHO, 1, 1, a, &rv);
		expect_retval("call", "echo over 4 pages, unaligned", ret, rv, 0);
		report(!memcmp(bi + 1, bo + 5, len), "call",
		       "echo over 4 pages copies back", "bytes differ");
	} else {
		report(false, "call", "echo over 4 pages, unaligned", "out of memory");
		report(false, "call", "echo over 4 pages copies back", "out of memory");
	}
	free(bi);
	free(bo);

	for (i = 0; i < 255; i++) {
		mi[i][0] = i;
		mi[i][1] = ~i;
		mi[i][2] = 1;
		many[i] = buf_arg(mi[i], 3);
		many[255 + i] = buf_arg(mo[i], 3);
	}
	ret = invoke(fd, M_ECHO, 255, 255, many, &rv);
	expect_retval("call", "255 ins and 255 outs", ret, rv, 0);
	report(!memcmp(mi, mo, sizeof(mi)), "call", "255 outs hold the 255 ins",
	       "bytes differ");

	ret = invoke(fd, M_FAIL, 0, 0, NULL, &rv);
	expect_retval("call", "DSP error comes back in retval", ret, rv, AEE_DSP_ERR(AEE_EFAILED));

	/* The DSP writes the out; copying it to unmapped memory fails. */
	a[0] = buf_arg((void *)8, 8);
	expect_err("call", "unmapped out -> EFAULT", invoke(fd, M_PATTERN, 0, 1, a, &rv),
		   -EFAULT);

	ret = invoke(fd, M_ANSWER_TWICE, 0, 0, NULL, &rv);
	expect_retval("call", "a second answer is ignored", ret, rv, 0);

	ms = 300;
	a[0] = buf_arg(&ms, sizeof(ms));
	ret = invoke(fd, M_DELAY, 1, 0, a, &rv);
	expect_retval("call", "answer after 300 ms", ret, rv, 0);
}

/* A signal ends the wait with EINTR; the DSP may still answer later. */
static void test_signals(int fd)
{
	struct sigaction sa = { .sa_handler = on_alarm };	/* no SA_RESTART */
	struct drm_fastrpc_invoke_arg a[1];
	uint32_t ms = 1500;
	int32_t rv = -1;
	int ret;

	sigaction(SIGALRM, &sa, NULL);
	a[0] = buf_arg(&ms, sizeof(ms));
	alarm_in(300);
	expect_err("signal", "call answered after 1.5 s, signal at 0.3 s -> EINTR",
		   invoke(fd, M_DELAY, 1, 0, a, &rv), -EINTR);
	alarm_in(300);
	expect_err("signal", "call never answered, signal at 0.3 s -> EINTR",
		   invoke(fd, M_HOLD, 0, 0, NULL, &rv), -EINTR);
	/* Let the late answer arrive for the abandoned call. */
	sleep(2);
	ret = invoke(fd, M_NULL, 0, 0, NULL, &rv);
	expect_retval("signal", "null after a late answer", ret, rv, 0);
}

/* Release while two calls wait: the DSP answers one, the driver fails the other. */
static void test_release(int fd)
{
	struct held_call h[2];
	uint64_t v = 0;
	int ret;

	start_call(&h[0], fd, M_HOLD_RELEASE);
	start_call(&h[1], fd, M_HOLD);
	report(wait_calls(h, 2), "release", "two calls held by the DSP", "not in flight after 20 s");
	expect_err("release", "release while calls wait", release(fd), 0);
	pthread_join(h[0].thread, NULL);
	pthread_join(h[1].thread, NULL);
	expect_retval("release", "call the DSP answers on release gets its retval",
		      h[0].ret, h[0].retval, AEE_DSP_ERR(AEE_ENOSUCHPROCESS));
	expect_err("release", "call never answered -> ECONNRESET", h[1].ret, -ECONNRESET);
	ret = query(fd, DRM_FASTRPC_PARAM_SESSION_STATE, &v);
	expect_value("release", "no session after release", ret, v,
		     DRM_FASTRPC_SESSION_STATE_NONE);
	ret = query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
	expect_value("release", "3 sessions free after release", ret, v, NR_BANKS);

	ret = create_named(fd, DRM_FASTRPC_PD_ATTR_DEBUG | DRM_FASTRPC_PD_ATTR_UNSIGNED,
			   elf, sizeof(elf), "myproc", NULL);
	expect_err("release", "create with attributes and a name", ret, 0);
	expect_err("release", "release", release(fd), 0);
	expect_err("release", "release again -> ENOENT", release(fd), -ENOENT);
}

/* One session per context bank, across files. */
static void test_slots(void)
{
	uint32_t ids[4] = { 0 };
	int fds[4], rets[4], i;
	uint64_t v = 0;
	int ret;

	for (i = 0; i < 4; i++) {
		fds[i] = open_domain(DOMAIN);
		rets[i] = create_named(fds[i], i == 1 ? DRM_FASTRPC_PD_ATTR_UNSIGNED : 0,
				       elf, sizeof(elf), i == 2 ? "named" : NULL, &ids[i]);
	}
	report(!rets[0] && !rets[1] && !rets[2] && ids[0] && ids[1] && ids[2] &&
	       ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
	       "slots", "three sessions, distinct client ids", "%s %s %s, ids %u %u %u",
	       ename(rets[0]), ename(rets[1]), ename(rets[2]), ids[0], ids[1], ids[2]);
	expect_err("slots", "a fourth -> ENOSPC", rets[3], -ENOSPC);
	ret = query(fds[0], DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
	expect_value("slots", "0 sessions free", ret, v, 0);
	close(fds[1]);
	ret = query(fds[0], DRM_FASTRPC_PARAM_SESSIONS_FREE, &v);
	expect_value("slots", "1 session free after a close", ret, v, 1);
	expect_err("slots", "create after a close", create(fds[3]), 0);
	for (i = 0; i < 4; i++)
		if (i != 1 && fds[i] >= 0)
			close(fds[i]);
}

/*
 * A DSP process that never answers its release: the driver gives up on the
 * release, but the process may still use its memory, so the session keeps
 * its slot and its call in flight (whose caller keeps waiting for the DSP)
 * until the domain restarts.
 */
static void test_unreleased(void)
{
	struct held_call h[1];
	int fd = open_domain(DOMAIN);
	uint64_t before = 0, after = 0;
	int ret;

	ret = fd < 0 ? fd : query(fd, DRM_FASTRPC_PARAM_SESSIONS_FREE, &before);
	expect_err("unreleased", "sessions free before", ret, 0);
	ret = create_named(fd, 0, elf, sizeof(elf), "fakedsp-stuck", NULL);
	expect_err("unreleased", "create a process that hangs on release", ret, 0);
	start_call(&h[0], fd, M_HOLD);
	report(wait_calls(h, 1), "unreleased", "a call held by it", "not in flight after 20 s");
	/* The release times out (5 s); the call may still run on the DSP. */
	expect_err("unreleased", "release gives up", release(fd), 0);
	ret = sessions_free(&after);
	expect_value("unreleased", "its slot stays taken", ret, after, before - 1);
	report(wait_calls(h, 1), "unreleased", "its call still waits for the DSP",
	       "returned %s", ename(h[0].ret));
	expect_err("unreleased", "restart", set_state("restart"), 0);
	pthread_join(h[0].thread, NULL);
	expect_err("unreleased", "its call -> ECONNRESET by the restart", h[0].ret,
		   -ECONNRESET);
	close(fd);
	ret = sessions_free(&after);
	expect_value("unreleased", "every slot free after the restart", ret, after, before);
}

/* A client killed while the DSP holds its call. */
static void test_killed(void)
{
	int pipefd[2], ret = -EIO, st = 0, fd;
	uint64_t v = 0;
	pid_t pid;

	if (pipe(pipefd)) {
		report(false, "kill", "killed during a call", "pipe: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (!pid) {
		fd = open_domain(DOMAIN);
		ret = create(fd);
		if (write(pipefd[1], &ret, sizeof(ret)) != sizeof(ret))
			_exit(1);
		invoke(fd, M_HOLD, 0, 0, NULL, NULL);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &ret, sizeof(ret)) != sizeof(ret))
		ret = -EIO;
	close(pipefd[0]);
	expect_err("kill", "child creates a session", ret, 0);
	{
		struct held_call h = { .tid = pid };

		report(wait_calls(&h, 1), "kill", "child's call held by the DSP",
		       "not in flight after 20 s");
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	report(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "kill",
	       "killed during a call", "status %#x", st);
	ret = sessions_free(&v);
	expect_value("kill", "its session slot comes back", ret, v, NR_BANKS);
}

/* Hold @n calls on @fd; true when all are in flight. */
static bool hold_calls(struct held_call *h, int fd, int n)
{
	for (int i = 0; i < n; i++)
		start_call(&h[i], fd, M_HOLD);
	return wait_calls(h, n);
}

/* Release @fd's session; how many of its @n held calls got ECONNRESET. */
static int release_held(struct held_call *h, int fd, int n)
{
	int i, reset = 0;

	expect_err("contexts", "release with calls held", release(fd), 0);
	for (i = 0; i < n; i++) {
		pthread_join(h[i].thread, NULL);
		reset += h[i].ret == -ECONNRESET;
	}
	return reset;
}

/*
 * Each session may hold its share of the ids, SESSION_CALLS calls, and no
 * more; every session of the domain holding its share together leaves the
 * driver's own calls theirs: each release still gets an id and ends its
 * waiters.
 */
static void test_contexts(void)
{
	static struct held_call h[NR_BANKS][SESSION_CALLS];
	int fd[NR_BANKS], i, ret, reset;
	int32_t rv = -1;
	bool held;

	for (i = 0; i < NR_BANKS; i++) {
		fd[i] = open_domain(DOMAIN);
		expect_err("contexts", "a session on every slot",
			   fd[i] < 0 ? fd[i] : create(fd[i]), 0);
	}
	held = hold_calls(h[0], fd[0], SESSION_CALLS);
	report(held, "contexts", "one session holds its 74 calls",
	       "not all in flight after 20 s");
	expect_err("contexts", "its 75th call -> EBUSY",
		   invoke(fd[0], M_NULL, 0, 0, NULL, &rv), -EBUSY);
	ret = invoke(fd[1], M_NULL, 0, 0, NULL, &rv);
	expect_retval("contexts", "another session still calls", ret, rv, 0);
	for (i = 1; i < NR_BANKS; i++)
		held = hold_calls(h[i], fd[i], SESSION_CALLS) && held;
	report(held, "contexts", "every session holds its share at once (222 ids)",
	       "not all in flight after 20 s");
	expect_err("contexts", "a session past its share -> EBUSY",
		   invoke(fd[NR_BANKS - 1], M_NULL, 0, 0, NULL, &rv), -EBUSY);
	for (i = 0; i < NR_BANKS; i++) {
		reset = release_held(h[i], fd[i], SESSION_CALLS);
		report(reset == SESSION_CALLS, "contexts",
		       "each release gets an id: 74 waiters -> ECONNRESET",
		       "session %d: %d of %d", i, reset, SESSION_CALLS);
	}
	expect_err("contexts", "a new session", create(fd[0]), 0);
	ret = invoke(fd[0], M_NULL, 0, 0, NULL, &rv);
	expect_retval("contexts", "calls work again", ret, rv, 0);
	for (i = 0; i < NR_BANKS; i++)
		if (fd[i] >= 0)
			close(fd[i]);
}

/* A new session and a null call on a fresh file: is the domain usable? */
static void expect_domain_works(const char *what)
{
	int fd = wait_domain(DOMAIN), ret;
	int32_t rv = -1;

	ret = fd < 0 ? fd : create(fd);
	if (!ret)
		ret = invoke(fd, M_NULL, 0, 0, NULL, &rv);
	expect_retval("domain", what, ret, rv, 0);
	if (fd >= 0)
		close(fd);
}

/*
 * The domain goes down under open files and calls in flight: the calls
 * fail with ECONNRESET, the files with ENODEV until closed; "up" brings a
 * new device.  Then a restart under a call in flight.
 */
static void test_domain(void)
{
	struct held_call h[2];
	int fd = open_domain(DOMAIN), fd2 = open_domain(DOMAIN), fd3, r1, r2;
	uint64_t v = 0;

	expect_err("domain", "session before down", fd < 0 ? fd : create(fd), 0);
	start_call(&h[0], fd, M_HOLD);
	start_call(&h[1], fd, M_HOLD_RELEASE);
	/* And one abandoned call, still in flight. */
	alarm_in(200);
	expect_err("domain", "abandoned call -> EINTR", invoke(fd, M_HOLD, 0, 0, NULL, NULL),
		   -EINTR);
	report(wait_calls(h, 2), "domain", "two calls held by the DSP", "not in flight after 20 s");

	expect_err("domain", "write down", set_state("down"), 0);
	pthread_join(h[0].thread, NULL);
	pthread_join(h[1].thread, NULL);
	expect_err("domain", "call never answered -> ECONNRESET by down", h[0].ret,
		   -ECONNRESET);
	expect_err("domain", "call held until release -> ECONNRESET by down", h[1].ret,
		   -ECONNRESET);
	expect_err("domain", "query after down -> ENODEV", query(fd, 0, &v), -ENODEV);
	expect_err("domain", "invoke after down -> ENODEV",
		   invoke_handle(fd, SKEL, 0, NULL, NULL), -ENODEV);
	fd3 = open_domain(DOMAIN);
	report(fd3 < 0, "domain", "no accel node for cdsp while down", "one opened");
	if (fd3 >= 0)
		close(fd3);

	expect_err("domain", "write up", set_state("up"), 0);
	expect_domain_works("new device after up works");
	r1 = close(fd);
	r2 = fd2 >= 0 ? close(fd2) : -1;
	report(!r1 && !r2, "domain", "close files from before the down", "%s",
	       strerror(errno));

	/* A restart with a file, a session and a call in flight. */
	fd3 = wait_domain(DOMAIN);
	expect_err("domain", "session before restart", fd3 < 0 ? fd3 : create(fd3), 0);
	start_call(&h[0], fd3, M_HOLD);
	report(wait_calls(h, 1), "domain", "call held before restart", "not in flight after 20 s");
	expect_err("domain", "write restart", set_state("restart"), 0);
	pthread_join(h[0].thread, NULL);
	expect_err("domain", "call in flight -> ECONNRESET by restart", h[0].ret, -ECONNRESET);
	if (fd3 >= 0)
		close(fd3);
	expect_domain_works("works after restart");
}

struct storm {
	pthread_t thread;
	int fd;
	atomic_bool *stop;
	unsigned long queries;
	int ret;
	uint64_t value;
	bool differs;
};

/* Capability queries, as fast as they come; every answer the first one's. */
static void *caps_storm(void *p)
{
	struct storm *st = p;

	while (!atomic_load(st->stop)) {
		struct drm_fastrpc_query q = { .param = DRM_FASTRPC_PARAM_DSP_ATTR, .index = 1 };
		int ret = xioctl(st->fd, DRM_IOCTL_FASTRPC_QUERY, &q);

		if (!st->queries++) {
			st->ret = ret;
			st->value = q.value;
		} else if (ret != st->ret || q.value != st->value) {
			st->differs = true;
		}
	}
	return NULL;
}

/* Another user's whole session life, as nobody; the failed step, or 0. */
static int other_user(void)
{
	int32_t rv = -1;
	uint64_t v;
	int fd;

	alarm(30);
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return 1;
	fd = open_domain(DOMAIN);
	if (fd < 0)
		return 2;
	if (create(fd))
		return 3;
	if (invoke(fd, M_NULL, 0, 0, NULL, &rv) || rv)
		return 4;
	if (query(fd, DRM_FASTRPC_PARAM_SESSION_STATE, &v))
		return 5;
	if (release(fd))
		return 6;
	close(fd);
	return 0;
}

/*
 * One user at the most calls it may have in flight, and a storm of
 * capability queries on a domain that has not answered one yet: another
 * user still creates a session, calls and releases it.
 */
static void test_starvation(void)
{
	static struct held_call h[SESSION_CALLS];
	static const char *const steps[] = {
		"", "drop to nobody", "open", "create", "call", "query", "release",
	};
	struct storm st[8];
	atomic_bool stop = false;
	int fd = open_domain(DOMAIN), status = 0, code, i, reset;
	struct stat node;
	bool same = true, answered = true;
	pid_t pid;

	expect_err("starve", "root's session", fd < 0 ? fd : create(fd), 0);
	report(hold_calls(h, fd, SESSION_CALLS), "starve", "root holds its 74 calls",
	       "not all in flight after 20 s");
	for (i = 0; i < 8; i++) {
		st[i] = (struct storm){ .fd = open_domain(DOMAIN), .stop = &stop };
		pthread_create(&st[i].thread, NULL, caps_storm, &st[i]);
	}

	/* The node is root's in the lab: nobody may open it for a while. */
	if (stat(lab_node, &node) || chmod(lab_node, 0666))
		report(false, "starve", "open the node to nobody", "%s", strerror(errno));
	fflush(stdout);
	pid = fork();
	if (!pid)
		_exit(other_user());
	waitpid(pid, &status, 0);
	chmod(lab_node, node.st_mode & 07777);
	code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	report(code == 0, "starve", "meanwhile nobody creates, calls, queries and releases",
	       "%s", code < 0 ? "stuck (killed after 30 s)" :
		     code < (int)ARRAY_SIZE(steps) ? steps[code] : "exit status");

	atomic_store(&stop, true);
	for (i = 0; i < 8; i++) {
		pthread_join(st[i].thread, NULL);
		same = same && !st[i].differs && st[i].ret == st[0].ret &&
		       st[i].value == st[0].value;
		answered = answered && st[i].queries > 0;
		close(st[i].fd);
	}
	report(answered && same, "starve", "8 threads of capability queries get one answer",
	       "%s", answered ? "answers differ" : "a thread got none");

	reset = release_held(h, fd, SESSION_CALLS);
	report(reset == SESSION_CALLS, "starve", "root's release ends its 74 waiters",
	       "%d of %d", reset, SESSION_CALLS);
	close(fd);
}

int main(void)
{
	int fd = open_domain(DOMAIN);

	report(fd >= 0, "open", "open the cdsp node", "%s", ename(fd));
	if (fd < 0) {
		printf("%d passed, %d failed\n", passed, failed);
		return 1;
	}
	test_query(fd);
	test_create_checks(fd);
	test_session(fd);
	test_invoke_checks(fd);
	test_calls(fd);
	test_signals(fd);
	test_release(fd);
	close(fd);

	test_slots();
	test_killed();
	test_contexts();
	test_unreleased();
	test_domain();
	/* After test_domain's restart: no capability asked yet. */
	test_starvation();

	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
