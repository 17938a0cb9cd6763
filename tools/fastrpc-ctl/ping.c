/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl ping: start a user PD from the shell, make the same call
 * COUNT times, and report how long the session took to start and each call
 * to come back.  The call is remotectl's close of module handle 0 unless a
 * skeleton is opened by name (--skel) or a remote handle given (-H): then
 * it is a method of that handle without arguments.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "tools-common.h"

#define DLERROR_SIZE	256

/* Which shell is used, for the report; NULL when the search finds none. */
static char *shell_to_use(const struct ctl_opts *o, struct fastrpc_device *dev)
{
	char *found = NULL;
	int ret;

	if (o->shell)
		return strdup(o->shell);
	ret = fastrpc_shell_find(fastrpc_device_get_domain_id(dev), o->attrs, NULL, &found);
	if (ret == -ENOENT)
		return NULL;
	if (ret)
		die(EXIT_FAIL, NULL, "cannot look for the shell of %s: %s",
		    fastrpc_device_get_domain(dev), strerror(-ret));
	return found;
}

/* Return: an exit status; prints why the session did not start. */
static int start_failed(int ret, const char *shell, const char *reason,
			const struct ctl_opts *o, struct fastrpc_device *dev)
{
	switch (ret) {
	case -ENOENT:
		if (!o->shell) {
			print_err("-s SHELL or FASTRPC_SHELL=SHELL "
				  "(fastrpc-ctl doctor says where to install it)",
				  "no shell for %s: fastrpc_shell_%u is in none of %s",
				  fastrpc_device_get_domain(dev), fastrpc_device_get_domain_id(dev),
				  shell_search_places());
		} else {
			print_err(strcmp(o->shell_from, "-s") ? "FASTRPC_SHELL=PATH of the "
				  "shell ELF, or unset it for the default search" :
				  "-s PATH of the shell ELF (fastrpc-ctl doctor)",
				  "cannot start a session: shell '%s' (from %s): no such file",
				  shell, o->shell_from);
		}
		return EXIT_FAIL;
	case -ENOEXEC:
		print_err("-s PATH of a Hexagon (QDSP6) shell ELF",
			  "cannot use shell '%s': %s", shell, reason ? reason : "not a shell ELF");
		return EXIT_FAIL;
	case -EFBIG:
		print_err("fastrpc-ctl info (it shows the max shell size)",
			  "cannot use shell '%s': larger than the driver takes", shell);
		return EXIT_FAIL;
	case -ECONNREFUSED:
		print_err("-a unsigned, if the shell is not signed",
			  "cannot start a process from shell '%s': the DSP refused it", shell);
		return EXIT_FAIL;
	case -EACCES:
	case -EPERM:
		print_err("fastrpc-ctl doctor (it names the group to join)",
			  "cannot start a session on %s: %s", fastrpc_device_get_path(dev),
			  tool_strerror(ret, 0));
		return EXIT_FAIL;
	default:
		print_err(ret == -ENODEV || ret == -ECONNRESET ? "fastrpc-ctl doctor" : NULL,
			  "cannot start a session on %s from shell '%s': %s",
			  fastrpc_device_get_path(dev), shell ? shell : "(default)",
			  tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
}

/* Return: 0, or an exit status; prints why the skeleton did not open. */
static int open_skel(struct fastrpc_session *session, const char *name, uint32_t *handle)
{
	const char *path = fastrpc_device_get_search_path(fastrpc_session_get_device(session));
	char dlerror[DLERROR_SIZE], hint[512];
	int32_t retval = 0;
	int ret;

	ret = fastrpc_session_open_skel(session, name, handle, dlerror, sizeof(dlerror),
					&retval);
	if (ret == -EREMOTEIO) {
		/* The DSP reads the library from this machine's search path. */
		snprintf(hint, sizeof(hint), "--skel NAME of a skeleton installed as "
			 "libNAME_skel.so in the search path '%s', or -H HANDLE of one open "
			 "already (with -m METHOD of a method without arguments)", path ? path : "");
		print_err(hint,
			  "the DSP refused to open skeleton '%s': %s (0x%08" PRIx32 ")%s%s",
			  name, fastrpc_dsp_strerror(retval), (uint32_t)retval,
			  dlerror[0] ? ": " : "", dlerror);
		return EXIT_DSP_ERROR;
	}
	if (ret) {
		print_err(NULL, "cannot open skeleton '%s': %s", name, tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	return 0;
}

/*
 * SIGINT and SIGTERM end the calls early, and the session then ends as it
 * would at the last call: the DSP process and its listener go cleanly.
 */
static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static void pause_ms(uint32_t ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR && !stopping)
		;
}

/*
 * One call.  The probe is remotectl's close (qaic layout: in 0 = { handle,
 * dlerror length }, out 0 = { nErr }, out 1 = dlerror): it succeeds, and
 * its nErr says that handle 0 is no open module, which is the answer wanted.
 */
static int call_once(struct fastrpc_session *session, uint32_t handle, uint32_t method,
		     bool probe, int32_t *retval)
{
	uint32_t req[2] = { 0, 0 }, nerr = 0;
	struct fastrpc_iovec in = { req, sizeof(req) };
	struct fastrpc_iovec out[2] = { { &nerr, sizeof(nerr) }, { NULL, 0 } };

	if (!probe)
		return fastrpc_session_invoke(session, handle, method, NULL, 0, NULL, 0, retval);
	return fastrpc_session_invoke(session, handle, method, &in, 1, out, 2, retval);
}

/* COUNT calls.  Return: an exit status; prints why a call failed. */
static int calls(const struct ctl_opts *o, struct fastrpc_session *session,
		 uint32_t handle, bool probe, struct latency *lat)
{
	int32_t retval = 0;
	uint32_t i;
	double t;
	int ret;

	for (i = 0; i < o->count && !stopping; i++) {
		if (i && o->interval_ms)
			pause_ms(o->interval_ms);
		if (stopping)
			break;
		t = now_us();
		ret = call_once(session, handle, o->method, probe, &retval);
		if (ret == -EINTR && stopping)
			break;
		if (ret == -EREMOTEIO) {
			print_err(probe ? "fastrpc-ctl doctor; the DSP's log" :
				  "-m METHOD of a method without arguments (a remote_handle64 "
				  "interface's first is 2), --skel NAME or -H HANDLE",
				  "call %" PRIu32 " of %" PRIu32 ": method %" PRIu32
				  " of handle 0x%" PRIx32 ": %s", i + 1, o->count, o->method,
				  handle, tool_strerror(ret, retval));
			return EXIT_DSP_ERROR;
		}
		if (ret) {
			print_err(ret == -ENODEV || ret == -ECONNRESET ? "fastrpc-ctl doctor" : NULL,
				  "call %" PRIu32 " of %" PRIu32 ": method %" PRIu32
				  " of handle 0x%" PRIx32 ": %s", i + 1, o->count, o->method,
				  handle, tool_strerror(ret, 0));
			return EXIT_FAIL;
		}
		if (latency_add(lat, now_us() - t))
			die(EXIT_FAIL, NULL, "out of memory");
	}
	return EXIT_OK;
}

int cmd_ping(const struct ctl_opts *o)
{
	struct fastrpc_device *dev = ctl_open(o);
	struct fastrpc_session *session = NULL;
	struct latency lat = { 0 };
	const char *reason = NULL;
	bool probe = !(o->given & (OPT_SKEL | OPT_HANDLE));
	uint32_t handle = o->handle;
	int32_t retval = 0;
	char *shell;
	int ret, status;
	double t;

	shell = shell_to_use(o, dev);
	print_string("domain", "ping %s", fastrpc_device_get_domain(dev));
	print_string("interface", " on %s", fastrpc_interface_name(fastrpc_device_get_interface(dev)));
	print_string("node", " (%s)\n", fastrpc_device_get_path(dev));
	if (shell)
		print_string("shell", "shell:   %s\n", shell);
	else
		print_null("shell", NULL);

	t = now_us();
	/* Without -s and FASTRPC_SHELL, the library's own search, as programs do. */
	ret = fastrpc_session_new(dev, o->shell, o->attrs, &session, &reason);
	if (ret) {
		status = start_failed(ret, o->shell ? o->shell : shell, reason, o, dev);
		goto out_close;
	}
	t = now_us() - t;
	catch_signals();
	print_double("session_start_us", NULL, t);
	print_double(NULL, "session: started in %.1f ms\n", t / 1000);

	if (o->skel) {
		print_string("skel", "skel:    %s, handle", o->skel);
		status = open_skel(session, o->skel, &handle);
		if (status) {
			print_string(NULL, "%s", "\n");
			goto out_free;
		}
	} else {
		print_null("skel", probe ? "call:    remotectl close of module 0, handle" :
			   "handle: ");
	}
	print_uint("handle", " 0x%" PRIx64 "\n", handle);
	print_uint("method", "method:  %" PRIu64 "\n", o->method);
	print_bool("probe", NULL, probe);

	status = calls(o, session, handle, probe, &lat);
	latency_print(&lat, "latency");
	if (o->skel) {
		ret = fastrpc_session_close_skel(session, handle, &retval);
		if (ret && !status) {
			print_err(NULL, "cannot close skeleton '%s' (handle 0x%" PRIx32 "): %s",
				  o->skel, handle, tool_strerror(ret, retval));
			status = ret == -EREMOTEIO ? EXIT_DSP_ERROR : EXIT_FAIL;
		}
	}
out_free:
	fastrpc_session_free(session);
out_close:
	fastrpc_device_close(dev);
	latency_free(&lat);
	free(shell);
	return status;
}
