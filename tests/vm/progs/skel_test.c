// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * skel_test: skeletons loaded by name as on a board, through libfastrpc
 * alone.  The DSP process reads each library from this machine through the
 * session's listener; the example calculator and the lab's test skeleton
 * are installed where the library's search path finds them.  Checks the
 * calls' results, several skeletons in one process, close and reopen, two
 * processes at once, the DSP's log lines, each failed load's reason, the
 * listener's confinement of file names, and every way a session with a
 * reverse call in flight can end.
 *
 * usage: skel_test DOMAIN accel|legacy [ENDINGS [only]]
 * ENDINGS: the endings with a reverse call in flight to try, a comma-
 * separated list of free, kill and restart (default free,kill; restart
 * needs root); "only" runs those alone.  One PASS: or FAIL: line per
 * check, then "N passed, N failed".
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libfastrpc.h>

#include "labtest.h"

#define CALC_URI	"file:///libcalculator_skel.so?calculator_skel_handle_invoke" \
			"&_modver=1.0&_dom=cdsp"
#define CALC_SUM	2
#define CALC_MAX	3
#define LAB_NULL	2
#define LAB_HOST_OPEN	13	/* LAB_METHOD_HOST_OPEN: fopen of a host file by the DSP */
#define AEE_NOTALLOWED	0x2b	/* the listener's answer to what it refuses */
#define BROKEN_DIR	"/tmp/skel_test-broken"
#define DLERROR_SIZE	256

static const char *domain;
static enum fastrpc_interface iface;

/* What the log callback saw, and whether it should block (fd to read). */
static struct {
	int lines;
	bool saw_sum;
	bool saw_refusal;
	int block_fd;		/* >= 0: read one byte before returning */
	int tell_fd;		/* >= 0: write one byte when a line comes */
} seen = { .block_fd = -1, .tell_fd = -1 };

static void on_log(const struct fastrpc_log_msg *msg, void *data)
{
	char c = 0;

	(void)data;
	seen.lines++;
	if (strstr(msg->message, "sum"))
		seen.saw_sum = true;
	if (strcmp(msg->file, "libfastrpc") == 0 && msg->level == FASTRPC_LOG_ERROR)
		seen.saw_refusal = true;
	if (seen.tell_fd >= 0 && write(seen.tell_fd, "x", 1) != 1)
		_exit(3);
	if (seen.block_fd >= 0 && read(seen.block_fd, &c, 1) < 0)
		_exit(4);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A device with the log callback set (and @path as its search path, NULL
 * for the default, and @flags as its listener flags), and a user PD on it:
 * the settings are the listener's from its start.  On failure *@dev and
 * *@s are NULL.
 */
static int start_with(const char *path, uint32_t flags, struct fastrpc_device **dev,
		      struct fastrpc_session **s)
{
	const char *reason = NULL;
	int ret;

	*s = NULL;
	*dev = NULL;
	ret = fastrpc_device_open(domain, iface, dev);
	if (ret)
		return ret;
	ret = fastrpc_device_set_log_callback(*dev, on_log, NULL);
	if (!ret && flags)
		ret = fastrpc_device_set_listener_flags(*dev, flags);
	if (!ret && path)
		ret = fastrpc_device_set_search_path(*dev, path);
	if (!ret)
		ret = fastrpc_session_new(*dev, NULL, 0, s, &reason);
	if (ret) {
		fprintf(stderr, "skel_test: session on %s: %s%s%s\n", domain, strerror(-ret),
			reason ? ": " : "", reason ? reason : "");
		fastrpc_device_close(*dev);
		*dev = NULL;
	}
	return ret;
}

static int start_in(const char *path, struct fastrpc_device **dev, struct fastrpc_session **s)
{
	return start_with(path, 0, dev, s);
}

static int start(struct fastrpc_device **dev, struct fastrpc_session **s)
{
	return start_with(NULL, 0, dev, s);
}

static void stop(struct fastrpc_device *dev, struct fastrpc_session *s)
{
	fastrpc_session_free(s);
	fastrpc_device_close(dev);
}

/* calculator's sum or max of @v (qaic: in 0 = { length }, in 1 = the vector). */
static int calc(struct fastrpc_session *s, uint32_t h, uint32_t method, const int32_t *v,
		uint32_t n, int64_t *res, int32_t *retval)
{
	struct fastrpc_iovec in[2] = { { &n, sizeof(n) }, { (void *)v, n * sizeof(*v) } };
	int64_t r64 = 0;
	int32_t r32 = 0;
	struct fastrpc_iovec out = method == CALC_SUM ? (struct fastrpc_iovec){ &r64, 8 } :
					(struct fastrpc_iovec){ &r32, 4 };
	int ret;

	ret = fastrpc_session_invoke(s, h, method, in, 2, &out, 1, retval);
	*res = method == CALC_SUM ? r64 : r32;
	return ret;
}

static void check_calc(const char *group, struct fastrpc_session *s, uint32_t h)
{
	static const int32_t v[] = { 3, -7, 40, 1 };
	int32_t retval = 0;
	int64_t res = 0;
	int ret;

	ret = calc(s, h, CALC_SUM, v, 4, &res, &retval);
	report(!ret && res == 37, group, "sum of 3, -7, 40, 1 is 37", "ret %s retval 0x%x res %lld",
	       ename(ret), retval, (long long)res);
	ret = calc(s, h, CALC_MAX, v, 4, &res, &retval);
	report(!ret && res == 40, group, "max of 3, -7, 40, 1 is 40", "ret %s retval 0x%x res %lld",
	       ename(ret), retval, (long long)res);
}

static int open_skel(struct fastrpc_session *s, const char *name, uint32_t *h,
		     char *dlerror, int32_t *retval)
{
	return fastrpc_session_open_skel(s, name, h, dlerror, DLERROR_SIZE, retval);
}

static void test_by_name_and_uri(void)
{
	char dlerror[DLERROR_SIZE];
	struct fastrpc_device *dev;
	struct fastrpc_session *s;
	uint32_t h1 = 0, h2 = 0, h3 = 0;
	int32_t retval = 0;
	int ret;

	if (start(&dev, &s)) {
		report(false, "load", "a session", "no session");
		return;
	}
	report(fastrpc_session_has_listener(s), "load", "the session has a listener", "none");
	ret = open_skel(s, "calculator", &h1, dlerror, &retval);
	report(!ret, "load", "calculator opens by its bare name", "%s 0x%x %s", ename(ret),
	       retval, dlerror);
	if (!ret)
		check_calc("by-name", s, h1);
	report(seen.saw_sum, "log", "the skeleton's log line reaches the callback",
	       "%d lines, none about the sum", seen.lines);

	ret = open_skel(s, CALC_URI, &h2, dlerror, &retval);
	report(!ret && h2 != h1, "load", "calculator opens by URI, a handle of its own",
	       "%s 0x%x %s (handles 0x%x 0x%x)", ename(ret), retval, dlerror, h1, h2);
	if (!ret)
		check_calc("by-uri", s, h2);

	/* Two skeletons in one process. */
	ret = open_skel(s, "lab", &h3, dlerror, &retval);
	report(!ret, "load", "the lab skeleton opens beside the calculator", "%s 0x%x %s",
	       ename(ret), retval, dlerror);
	if (!ret) {
		ret = fastrpc_session_invoke(s, h3, LAB_NULL, NULL, 0, NULL, 0, &retval);
		report(!ret, "load", "the lab skeleton's null", "%s 0x%x", ename(ret), retval);
		check_calc("two-open", s, h1);
	}

	/* Close, then reopen. */
	ret = fastrpc_session_close_skel(s, h1, &retval);
	report(!ret, "load", "close the calculator", "%s 0x%x", ename(ret), retval);
	ret = fastrpc_session_invoke(s, h1, CALC_SUM, NULL, 0, NULL, 0, &retval);
	report(ret == -EREMOTEIO, "load", "a closed handle is refused", "%s 0x%x", ename(ret),
	       retval);
	ret = open_skel(s, "calculator", &h1, dlerror, &retval);
	report(!ret, "load", "the calculator opens again", "%s 0x%x %s", ename(ret), retval,
	       dlerror);
	if (!ret)
		check_calc("reopen", s, h1);
	fastrpc_session_close_skel(s, h1, NULL);
	fastrpc_session_close_skel(s, h2, NULL);
	fastrpc_session_close_skel(s, h3, NULL);

	ret = fastrpc_session_stop_listener(s);
	report(!ret && !fastrpc_session_has_listener(s), "listener", "stops on request",
	       "%s", ename(ret));
	stop(dev, s);
}

/* Two processes load the calculator at once. */
static void test_two_processes(void)
{
	int status[2] = { -1, -1 }, i;
	pid_t pid[2];

	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		if (pid[i] == 0) {
			struct fastrpc_device *dev;
			struct fastrpc_session *s;
			char dlerror[DLERROR_SIZE];
			static const int32_t v[] = { 1, 2, 3 };
			int32_t retval = 0;
			int64_t res = 0;
			uint32_t h = 0;

			if (start(&dev, &s) || open_skel(s, "calculator", &h, dlerror, &retval) ||
			    calc(s, h, CALC_SUM, v, 3, &res, &retval) || res != 6)
				_exit(1);
			stop(dev, s);
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++)
		if (pid[i] > 0)
			waitpid(pid[i], &status[i], 0);
	report(status[0] == 0 && status[1] == 0, "load", "two processes load it at once",
	       "exit statuses 0x%x 0x%x", status[0], status[1]);
}

/* Each broken library: the open succeeds on the DSP with its reason. */
static void expect_refused(struct fastrpc_session *s, const char *name, const char *words,
			   const char *what)
{
	char dlerror[DLERROR_SIZE] = "";
	int32_t retval = 0;
	uint32_t h = 0;
	int ret;

	ret = open_skel(s, name, &h, dlerror, &retval);
	report(ret == -EREMOTEIO && strstr(dlerror, words), "refused", what,
	       "%s 0x%x dlerror '%s', wanted '%s'", ename(ret), retval, dlerror, words);
}

static int write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -EIO;
}

/* What the host answered the lab skeleton's fopen of @name in @mode. */
static int host_open(struct fastrpc_session *s, uint32_t h, const char *name, const char *mode,
		     int32_t *res)
{
	struct fastrpc_iovec in[2] = {
		{ (void *)name, strlen(name) + 1 }, { (void *)mode, strlen(mode) + 1 },
	};
	struct fastrpc_iovec out = { res, sizeof(*res) };

	return fastrpc_session_invoke(s, h, LAB_HOST_OPEN, in, 2, &out, 1, NULL);
}

static void expect_host_open(struct fastrpc_session *s, uint32_t h, const char *name,
			     const char *mode, int32_t want, const char *what)
{
	int32_t res = -1;
	int ret;

	seen.saw_refusal = false;
	ret = host_open(s, h, name, mode, &res);
	report(!ret && res == want, "confine", what, "%s result 0x%x, wanted 0x%x", ename(ret),
	       res, want);
	if (want == AEE_NOTALLOWED)
		report(seen.saw_refusal, "confine", "... and the refusal is logged", "no log line");
}

/*
 * A DSP process that asks for host files itself (the lab skeleton's
 * HOST_OPEN): names outside the search path and writes are refused and
 * logged; a write is served when the program allows it.
 */
static void test_confinement(void)
{
	struct fastrpc_device *dev;
	struct fastrpc_session *s;
	char dlerror[DLERROR_SIZE];
	int32_t retval = 0;
	uint32_t h = 0;
	int ret;

	if (start_in(BROKEN_DIR, &dev, &s) || open_skel(s, "lab", &h, dlerror, &retval)) {
		report(false, "confine", "the lab skeleton in a session", "%s", dlerror);
		if (dev)
			stop(dev, s);
		return;
	}
	expect_host_open(s, h, "libcalculator_skel.so", "r", 0, "a file in the search path opens");
	expect_host_open(s, h, "../../etc/passwd", "r", AEE_NOTALLOWED, "../../etc/passwd is refused");
	expect_host_open(s, h, "/etc/passwd", "r", AEE_NOTALLOWED, "an absolute path is refused");
	expect_host_open(s, h, "libcalculator_skel.so", "w", AEE_NOTALLOWED, "a write is refused");
	expect_host_open(s, h, "written", "w", AEE_NOTALLOWED, "creating a file is refused");
	report(access(BROKEN_DIR "/written", F_OK) != 0, "confine", "... and nothing was created",
	       "%s exists", BROKEN_DIR "/written");
	fastrpc_session_close_skel(s, h, NULL);
	stop(dev, s);

	/* The program may allow writes. */
	ret = start_with(BROKEN_DIR, FASTRPC_LISTENER_ALLOW_WRITE, &dev, &s);
	if (ret) {
		report(false, "confine", "a session that allows writes", "%s", ename(ret));
		return;
	}
	if (!open_skel(s, "lab", &h, dlerror, &retval)) {
		expect_host_open(s, h, "written", "w", 0, "with ALLOW_WRITE a file is created");
		report(access(BROKEN_DIR "/written", F_OK) == 0, "confine",
		       "... in the search path's directory", "no %s", BROKEN_DIR "/written");
		expect_host_open(s, h, "../written", "w", AEE_NOTALLOWED,
				 "with ALLOW_WRITE .. is still refused");
		fastrpc_session_close_skel(s, h, NULL);
	} else {
		report(false, "confine", "the lab skeleton with ALLOW_WRITE", "%s", dlerror);
	}
	unlink(BROKEN_DIR "/written");
	stop(dev, s);
}

/* A DSP file's bytes, from the first of the lab's DSP directories that has it. */
static int read_dsp_file(const char *name, unsigned char **data, size_t *len)
{
	static const char *const dirs[] = { "/usr/lib/dsp", "/usr/local/lib/dsp" };
	char path[128];
	struct stat st;
	size_t i;
	FILE *f;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], name);
		if (stat(path, &st) || !(f = fopen(path, "rb")))
			continue;
		*data = malloc(st.st_size);
		*len = *data ? fread(*data, 1, st.st_size, f) : 0;
		fclose(f);
		return *data && *len == (size_t)st.st_size ? 0 : -EIO;
	}
	return -ENOENT;
}

static void test_failed_loads(void)
{
	static const char text[] = "this is not an ELF file\n";
	struct fastrpc_device *dev;
	struct fastrpc_session *s;
	unsigned char *calc_so = NULL;
	size_t len = 0;
	uint32_t h;
	int32_t retval;
	char dlerror[DLERROR_SIZE];
	int ret;

	mkdir(BROKEN_DIR, 0755);
	ret = read_dsp_file("liblab_skel.so", &calc_so, &len);
	if (!ret)
		ret = write_file(BROKEN_DIR "/liblab_skel.so", calc_so, len);
	free(calc_so);
	calc_so = NULL;
	if (!ret)
		ret = read_dsp_file("libcalculator_skel.so", &calc_so, &len);
	if (ret || len < 64) {
		report(false, "refused", "the skeletons to break", "%s", ename(ret));
		free(calc_so);
		return;
	}
	/* The good one beside the broken ones, to show the process still loads. */
	write_file(BROKEN_DIR "/libcalculator_skel.so", calc_so, len);
	write_file(BROKEN_DIR "/libtext_skel.so", text, sizeof(text) - 1);
	write_file(BROKEN_DIR "/libtrunc_skel.so", calc_so, 60);
	/* The calculator under another name: no renamed_skel_handle_invoke in it. */
	write_file(BROKEN_DIR "/librenamed_skel.so", calc_so, len);
	/* e_machine 62: x86-64. */
	calc_so[18] = 62;
	calc_so[19] = 0;
	write_file(BROKEN_DIR "/libx86_skel.so", calc_so, len);
	free(calc_so);

	if (start_in(BROKEN_DIR, &dev, &s)) {
		report(false, "refused", "a session", "no session");
		return;
	}
	report(strcmp(fastrpc_device_get_search_path(dev), BROKEN_DIR) == 0, "refused",
	       "the search path is the one set", "'%s'", fastrpc_device_get_search_path(dev));
	expect_refused(s, "nosuch", "libnosuch_skel.so", "a missing library names itself");
	expect_refused(s, "text", "not an ELF file", "not an ELF file");
	expect_refused(s, "trunc", "truncated: ", "a truncated ELF");
	expect_refused(s, "x86", "machine 62, not Hexagon", "an ELF of another machine");
	expect_refused(s, "renamed", "renamed_skel_handle_invoke", "no entry symbol");
	/* The DSP asks for files outside the search path: refused and logged. */
	seen.saw_refusal = false;
	expect_refused(s, "file:///../../etc/passwd?x", "", "a name with .. is refused");
	report(seen.saw_refusal, "confine", "the refusal of .. is logged", "no log line");
	seen.saw_refusal = false;
	expect_refused(s, "file:////etc/passwd?x", "", "an absolute path is refused");
	report(seen.saw_refusal, "confine", "the refusal of an absolute path is logged",
	       "no log line");
	/* The process goes on serving after all of that. */
	ret = open_skel(s, "calculator", &h, dlerror, &retval);
	report(!ret, "refused", "the process still loads a good skeleton", "%s 0x%x %s",
	       ename(ret), retval, dlerror);
	if (!ret)
		check_calc("after-refusals", s, h);
	stop(dev, s);
}

/*
 * A child whose log callback blocks while the DSP waits for it: a reverse
 * call in flight.  @how: "kill" (the parent SIGKILLs it), "restart" (the
 * parent restarts the DSP, then lets the callback return) or "free" (the
 * parent lets it return, the child ends its session).
 */
static void test_end_in_flight(const char *how)
{
	int tell[2], release[2], status = -1;
	char what[96], c;
	struct pollfd pfd;
	double t0;
	pid_t pid;

	if (pipe(tell) || pipe(release)) {
		report(false, "end", how, "pipe: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct fastrpc_device *dev;
		struct fastrpc_session *s;
		char dlerror[DLERROR_SIZE];
		static const int32_t v[] = { 5 };
		int32_t retval;
		int64_t res;
		uint32_t h;

		close(tell[0]);
		close(release[1]);
		if (start(&dev, &s) || open_skel(s, "calculator", &h, dlerror, &retval))
			_exit(1);
		seen.tell_fd = tell[1];
		seen.block_fd = release[0];
		/* Its log line blocks in the callback: the sum waits on it. */
		calc(s, h, CALC_SUM, v, 1, &res, &retval);
		seen.block_fd = -1;
		stop(dev, s);
		_exit(0);
	}
	close(tell[1]);
	close(release[0]);
	pfd = (struct pollfd){ .fd = tell[0], .events = POLLIN };
	snprintf(what, sizeof(what), "%s with a reverse call in flight", how);
	if (poll(&pfd, 1, 60000) != 1 || read(tell[0], &c, 1) != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		report(false, "end", what, "the child's log line never came");
		goto out;
	}
	t0 = now_s();
	if (strcmp(how, "kill") == 0) {
		kill(pid, SIGKILL);
	} else if (strcmp(how, "restart") == 0) {
		edge_state(domain, "restart");
		close(wait_domain(domain));
		if (write(release[1], "x", 1) != 1)
			report(false, "end", what, "cannot release the callback");
	} else if (write(release[1], "x", 1) != 1) {
		report(false, "end", what, "cannot release the callback");
	}
	/* Nothing may hang: the child is gone within 30 s. */
	while (waitpid(pid, &status, WNOHANG) == 0 && now_s() - t0 < 30)
		usleep(50000);
	if (now_s() - t0 >= 30) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		report(false, "end", what, "the child hung");
		goto out;
	}
	if (strcmp(how, "kill") == 0)
		report(WIFSIGNALED(status), "end", what, "status 0x%x", status);
	else
		report(WIFEXITED(status) && WEXITSTATUS(status) == 0, "end", what,
		       "status 0x%x", status);
out:
	close(tell[0]);
	close(release[1]);
}

/* After all of it, a new process loads and calls as the first did. */
static void test_still_serving(void)
{
	struct fastrpc_device *dev;
	struct fastrpc_session *s;
	char dlerror[DLERROR_SIZE];
	int32_t retval = 0;
	uint32_t h = 0;
	double t0;
	int ret;

	if (start(&dev, &s)) {
		report(false, "end", "a new session after the endings", "no session");
		return;
	}
	ret = open_skel(s, "calculator", &h, dlerror, &retval);
	report(!ret, "end", "a new session loads the calculator", "%s 0x%x %s", ename(ret),
	       retval, dlerror);
	if (!ret)
		check_calc("after-endings", s, h);
	/* Ending a session with its listener waiting takes no time. */
	t0 = now_s();
	stop(dev, s);
	report(now_s() - t0 < 10, "end", "session free with the listener waiting returns",
	       "%.1f s", now_s() - t0);
}

static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	const char *endings = argc > 3 ? argv[3] : "free,kill";
	bool only = argc > 4 && strcmp(argv[4], "only") == 0;
	static const char *const all[] = { "free", "kill", "restart" };
	unsigned int i;

	if (argc < 3 || argc > 5 || (strcmp(argv[2], "accel") && strcmp(argv[2], "legacy"))) {
		fprintf(stderr, "usage: skel_test DOMAIN accel|legacy [ENDINGS [only]]\n");
		return 2;
	}
	domain = argv[1];
	iface = strcmp(argv[2], "accel") ? FASTRPC_INTERFACE_LEGACY : FASTRPC_INTERFACE_ACCEL;
	signal(SIGPIPE, SIG_IGN);

	if (!only) {
		test_by_name_and_uri();
		test_two_processes();
		test_failed_loads();
		test_confinement();
	}
	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (listed(endings, all[i]))
			test_end_in_flight(all[i]);
	test_still_serving();
	return report_counts();
}
