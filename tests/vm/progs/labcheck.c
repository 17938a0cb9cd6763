// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * labcheck: lab test programs that need more than one command line of
 * fastrpc-run: a checked sum over a large input, and sessions held open
 * across a kill or a domain restart.  Prints what it saw; the exit status
 * says whether it matched what was expected.
 *
 * usage: labcheck sum DOMAIN BYTES
 *        labcheck sleep DOMAIN MS            (prints "in-flight" first)
 *        labcheck restart DOMAIN             (waits for a line on stdin)
 *        labcheck restart-inflight DOMAIN MS (prints "in-flight" first)
 * The shell ELF is $FASTRPC_SHELL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfastrpc.h>

#include "shell_proto.h"

static struct fastrpc_device *dev;
static struct fastrpc_session *session;

static int open_session(const char *domain)
{
	const char *shell = getenv("FASTRPC_SHELL");
	const char *reason = NULL;
	int ret;

	if (!shell) {
		fprintf(stderr, "labcheck: FASTRPC_SHELL is not set\n");
		return -EINVAL;
	}
	ret = fastrpc_device_open(domain, FASTRPC_INTERFACE_ANY, &dev);
	if (ret) {
		fprintf(stderr, "labcheck: open %s: %s\n", domain, strerror(-ret));
		return ret;
	}
	ret = fastrpc_session_new(dev, shell, 0, &session, &reason);
	if (ret)
		fprintf(stderr, "labcheck: session on %s: %s%s%s\n", domain,
			strerror(-ret), reason ? ": " : "", reason ? reason : "");
	return ret;
}

static int call_null(void)
{
	return fastrpc_session_invoke(session, LAB_SKEL_HANDLE, LAB_METHOD_NULL,
				      NULL, 0, NULL, 0, NULL);
}

static int call_sleep(unsigned int ms)
{
	struct fastrpc_iovec in = { &ms, sizeof(ms) };

	printf("in-flight\n");
	fflush(stdout);
	return fastrpc_session_invoke(session, LAB_SKEL_HANDLE, LAB_METHOD_SLEEP,
				      &in, 1, NULL, 0, NULL);
}

/* Sum BYTES/4 pseudo-random words on the DSP and compare with ours. */
static int check_sum(size_t bytes)
{
	size_t n = bytes / sizeof(uint32_t), i;
	uint32_t *words = malloc(n * sizeof(*words));
	uint64_t want = 0, got = 0;
	struct fastrpc_iovec in, out = { &got, sizeof(got) };
	int32_t retval = 0;
	int ret;

	if (!words)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		words[i] = (uint32_t)(i * 2654435761u) ^ 0x5a5a5a5au;
		want += words[i];
	}
	in.base = words;
	in.len = n * sizeof(*words);
	ret = fastrpc_session_invoke(session, LAB_SKEL_HANDLE, LAB_METHOD_SUM,
				     &in, 1, &out, 1, &retval);
	free(words);
	if (ret) {
		fprintf(stderr, "labcheck: sum: %s (retval 0x%x)\n", strerror(-ret),
			(unsigned int)retval);
		return ret;
	}
	printf("sum of %zu words: %llu, expected %llu\n", n,
	       (unsigned long long)got, (unsigned long long)want);
	return got == want ? 0 : -EBADMSG;
}

/* The call must fail with exactly @want; say what happened either way. */
static int expect(const char *what, int got, int want)
{
	printf("%s: %s (%d), expected %s (%d)\n", what,
	       got ? strerror(-got) : "success", got,
	       want ? strerror(-want) : "success", want);
	return got == want ? 0 : -EBADMSG;
}

int main(int argc, char **argv)
{
	char line[16];
	int ret;

	if (argc < 3) {
		fprintf(stderr, "usage: labcheck sum|sleep|restart|restart-inflight DOMAIN [N]\n");
		return 2;
	}
	ret = open_session(argv[2]);
	if (ret)
		goto out;

	if (!strcmp(argv[1], "sum") && argc == 4) {
		ret = check_sum(strtoul(argv[3], NULL, 0));
	} else if (!strcmp(argv[1], "sleep") && argc == 4) {
		ret = expect("sleep", call_sleep(strtoul(argv[3], NULL, 0)), 0);
	} else if (!strcmp(argv[1], "restart") && argc == 3) {
		ret = expect("null before the restart", call_null(), 0);
		printf("ready\n");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin))
			ret = -EPIPE;
		if (!ret)
			ret = expect("null after the restart", call_null(), -ENODEV);
	} else if (!strcmp(argv[1], "restart-inflight") && argc == 4) {
		ret = expect("sleep across the restart",
			     call_sleep(strtoul(argv[3], NULL, 0)), -ECONNRESET);
	} else {
		fprintf(stderr, "labcheck: bad arguments\n");
		ret = -EINVAL;
	}
out:
	fastrpc_session_free(session);
	fastrpc_device_close(dev);
	return ret ? 1 : 0;
}
