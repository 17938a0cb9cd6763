// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vdspd: the DSP side of FastRPC for the lab.  It serves the virtual edges
 * (/dev/vdsp-<domain>, made by sim/edge) the way a Hexagon DSP's firmware
 * serves GLINK: static handles here, user PDs as Hexagon shells under
 * qemu-hexagon-static.
 */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vdsp_edge.h"
#include "vdspd.h"

#define MAX_DOMAINS	7

static const char *const known_domains[MAX_DOMAINS] = {
	"adsp", "mdsp", "sdsp", "cdsp", "cdsp1", "gdsp0", "gdsp1",
};

static struct domain doms[MAX_DOMAINS];
static unsigned int ndoms;

static void usage(FILE *f)
{
	fprintf(f,
		"usage: vdspd [options]\n"
		"\n"
		"Serve the virtual DSP edges /dev/vdsp-<domain> (module vdsp_edge): answer\n"
		"the FastRPC init handle (attach, create, create static, release, mmap,\n"
		"munmap, mem map, mem unmap), the capability table (handle 2), the\n"
		"listener and process control handles (3, 4, 7), and run each user PD as\n"
		"a Hexagon shell under qemu-hexagon-static, whose reverse calls go to the\n"
		"client's listener, until SIGTERM or SIGINT.\n"
		"Prints \"vdspd: ready\" on standard output once every domain is open.\n"
		"SIGUSR1 logs the per-domain counters (they are logged at exit too).\n"
		"\n"
		"options:\n"
		"  -d, --domain NAME   serve /dev/vdsp-NAME (repeatable; default: every\n"
		"                      /dev/vdsp-* present); NAME is one of adsp, mdsp,\n"
		"                      sdsp, cdsp, cdsp1, gdsp0, gdsp1\n"
		"  -q, --qemu PATH     the Hexagon emulator (default: qemu-hexagon-static\n"
		"                      found in PATH)\n"
		"  -s, --static-pd NAME\n"
		"                      a static PD create static may name, besides\n"
		"                      audiopd (repeatable, up to 8)\n"
		"  -P, --preload HANDLE=PATH\n"
		"                      give every DSP process the skeleton ELF at PATH\n"
		"                      (read at start, at most 16 MiB) before its first\n"
		"                      call, served on remote handle HANDLE (decimal or\n"
		"                      0x hex; not 0, 1, 2, 3, 4, 7, 8 or 0x11; repeatable,\n"
		"                      up to 16), e.g. 0x10=/usr/lib/dsp/liblab_skel.so\n"
		"  -c, --cap DOMAIN:ID=VALUE\n"
		"                      set capability attribute ID (1 to 255) of DOMAIN\n"
		"                      to VALUE (32 bits, decimal or 0x hex; repeatable)\n"
		"  -n, --no-caps DOMAIN\n"
		"                      DOMAIN answers the capability query with\n"
		"                      AEE_EUNSUPPORTED, as an older DSP (repeatable)\n"
		"  -f, --foreground    stay in the foreground (the default: vdspd never\n"
		"                      detaches; run it in the background with &)\n"
		"  -l, --log FILE      log to FILE (appended) instead of standard error\n"
		"  -p, --pid-file FILE write vdspd's pid to FILE once ready\n"
		"  -v, --verbose       log every message, answer and DSP process event\n"
		"  -h, --help          this text\n"
		"\n"
		"exit status: 0 after SIGTERM/SIGINT, 1 on failure, 2 on a usage error\n");
}

static char *find_in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *dirs, *dir, *save = NULL, *full = NULL;

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	dirs = strdup(path);
	if (!dirs)
		return NULL;
	for (dir = strtok_r(dirs, ":", &save); dir;
	     dir = strtok_r(NULL, ":", &save)) {
		if (asprintf(&full, "%s/%s", *dir ? dir : ".", prog) < 0) {
			full = NULL;
			break;
		}
		if (!access(full, X_OK))
			break;
		free(full);
		full = NULL;
	}
	free(dirs);
	return full;
}

static bool known_domain(const char *name)
{
	for (unsigned int i = 0; i < MAX_DOMAINS; i++)
		if (!strcmp(name, known_domains[i]))
			return true;
	return false;
}

static int add_domain(const char *name)
{
	int ret;

	if (!known_domain(name)) {
		fprintf(stderr, "vdspd: '%s' is not a domain (try --help)\n", name);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < ndoms; i++) {
		if (!strcmp(doms[i].name, name)) {
			fprintf(stderr, "vdspd: domain '%s' given twice\n", name);
			return -EINVAL;
		}
	}
	ret = edge_open(&doms[ndoms], name);
	if (ret) {
		fprintf(stderr, "vdspd: cannot open /dev/vdsp-%s: %s%s\n", name,
			strerror(-ret),
			ret == -ENOENT ? " (is vdsp_edge loaded?)" :
			ret == -EBUSY ? " (another vdspd serves it)" : "");
		return ret;
	}
	pthread_mutex_init(&doms[ndoms].clients_lock, NULL);
	ndoms++;
	return 0;
}

static int add_all_domains(void)
{
	glob_t g;
	int ret = 0;

	if (glob("/dev/vdsp-*", 0, NULL, &g)) {
		fprintf(stderr, "vdspd: no /dev/vdsp-* (is vdsp_edge loaded?)\n");
		return -ENOENT;
	}
	for (size_t i = 0; i < g.gl_pathc && !ret; i++) {
		const char *name = g.gl_pathv[i] + strlen("/dev/vdsp-");

		if (known_domain(name))
			ret = add_domain(name);
	}
	globfree(&g);
	if (!ret && !ndoms) {
		fprintf(stderr, "vdspd: no /dev/vdsp-<domain> found\n");
		ret = -ENOENT;
	}
	return ret;
}

static unsigned long long st(atomic_uint_fast64_t *v)
{
	return (unsigned long long)atomic_load(v);
}

static void log_stats(void)
{
	for (unsigned int i = 0; i < ndoms; i++) {
		struct stats *s = &doms[i].st;

		log_msg("stats %s: msgs=%llu bad=%llu init=%llu utils=%llu listener=%llu forwarded=%llu answered=%llu errors=%llu spawned=%llu died=%llu downs=%llu ups=%llu",
			doms[i].name, st(&s->msgs), st(&s->bad), st(&s->init_calls),
			st(&s->util_calls), st(&s->listener), st(&s->forwarded), st(&s->answered),
			st(&s->errors), st(&s->spawned), st(&s->died), st(&s->downs),
			st(&s->ups));
		log_msg("stats %s: attaches=%llu maps=%llu unmaps=%llu holds=%llu released=%llu mem_ok=%llu mem_refused=%llu native=%llu lab_ctl=%llu misbehaved=%llu late_sent=%llu",
			doms[i].name, st(&s->attaches), st(&s->maps), st(&s->unmaps),
			st(&s->holds), st(&s->released), st(&s->mem_ok),
			st(&s->mem_refused), st(&s->native), st(&s->lab_ctl),
			st(&s->misbehaved), st(&s->late_sent));
		log_msg("stats %s: rcalls=%llu rcalls_refused=%llu rcalls_ended=%llu",
			doms[i].name, st(&s->rcalls), st(&s->rcalls_refused),
			st(&s->rcalls_ended));
	}
}

/* Read and handle every queued event of @d; -1 if the edge failed. */
static int serve_edge(struct domain *d)
{
	static uint8_t buf[sizeof(struct vdsp_edge_event) + VDSP_EDGE_MAX_MSG];
	struct vdsp_edge_event ev;
	ssize_t n;

	for (;;) {
		n = read(d->fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			log_msg("%s: reading the edge failed: %s", d->name,
				strerror(errno));
			return -1;
		}
		if ((size_t)n < sizeof(ev)) {
			log_msg("%s: short event (%zd bytes)", d->name, n);
			return -1;
		}
		memcpy(&ev, buf, sizeof(ev));
		if (ev.len > (size_t)n - sizeof(ev)) {
			log_msg("%s: event longer than its read", d->name);
			return -1;
		}
		switch (ev.type) {
		case VDSP_EDGE_EV_MSG:
			dispatch(d, buf + sizeof(ev), ev.len);
			break;
		case VDSP_EDGE_EV_DOWN:
			log_msg("%s: DSP down", d->name);
			domain_down(d);
			break;
		case VDSP_EDGE_EV_UP:
			log_msg("%s: DSP up", d->name);
			atomic_fetch_add(&d->st.ups, 1);
			break;
		default:
			log_msg("%s: unknown event type %u", d->name, ev.type);
			break;
		}
	}
}

static void reap_children(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		proc_reap(doms, ndoms, pid, status);
}

/* Poll slots before the domains' edges. */
#define PFD_SIGNAL	0
#define PFD_WAKE	1
#define PFD_TIMER	2
#define PFD_EDGES	3

/* The main loop; returns on SIGTERM or SIGINT. */
static int serve(int sfd, int tfd)
{
	struct pollfd pfd[MAX_DOMAINS + PFD_EDGES];
	struct signalfd_siginfo si;
	unsigned int i;
	uint64_t v;

	pfd[PFD_SIGNAL].fd = sfd;
	pfd[PFD_WAKE].fd = vdspd_wake_fd;
	pfd[PFD_TIMER].fd = tfd;
	for (i = 0; i < ndoms; i++)
		pfd[i + PFD_EDGES].fd = doms[i].fd;
	for (i = 0; i < ndoms + PFD_EDGES; i++)
		pfd[i].events = POLLIN;

	for (;;) {
		if (poll(pfd, ndoms + PFD_EDGES, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_msg("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[PFD_SIGNAL].revents & POLLIN) {
			if (read(sfd, &si, sizeof(si)) != sizeof(si))
				continue;
			switch (si.ssi_signo) {
			case SIGCHLD:
				reap_children();
				break;
			case SIGUSR1:
				log_stats();
				break;
			default:
				log_msg("signal %u: stopping", si.ssi_signo);
				return 0;
			}
		}
		if (pfd[PFD_TIMER].revents & POLLIN)
			edge_timer_run();
		if ((pfd[PFD_WAKE].revents & POLLIN) &&
		    read(vdspd_wake_fd, &v, sizeof(v)) == sizeof(v)) {
			reap_children();
			for (i = 0; i < ndoms; i++)
				proc_collect(&doms[i]);
		}
		for (i = 0; i < ndoms; i++) {
			if (pfd[i + PFD_EDGES].fd < 0 || !pfd[i + PFD_EDGES].revents)
				continue;
			if (serve_edge(&doms[i])) {
				log_msg("%s: no longer served", doms[i].name);
				pfd[i + PFD_EDGES].fd = -1;
			}
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "domain", required_argument, NULL, 'd' },
		{ "qemu", required_argument, NULL, 'q' },
		{ "static-pd", required_argument, NULL, 's' },
		{ "preload", required_argument, NULL, 'P' },
		{ "cap", required_argument, NULL, 'c' },
		{ "no-caps", required_argument, NULL, 'n' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "log", required_argument, NULL, 'l' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *names[MAX_DOMAINS], *qemu = NULL, *pidfile = NULL;
	unsigned int nnames = 0, i;
	char *qemu_found = NULL;
	const char *why;
	sigset_t sigs;
	int opt, sfd, tfd, ret;

	while ((opt = getopt_long(argc, argv, "d:q:s:P:c:n:fl:p:vh", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (nnames == MAX_DOMAINS) {
				fprintf(stderr, "vdspd: too many domains\n");
				return 2;
			}
			names[nnames++] = optarg;
			break;
		case 'q':
			qemu = optarg;
			break;
		case 's':
			ret = init_add_static_pd(optarg);
			if (ret) {
				fprintf(stderr, "vdspd: --static-pd %s: %s\n", optarg,
					ret == -ENOSPC ? "too many static PDs" :
					"not a name (1 to 63 characters)");
				return 2;
			}
			break;
		case 'P':
			why = preload_option(optarg);
			if (why) {
				fprintf(stderr, "vdspd: --preload %s: %s (try --help)\n", optarg,
					why);
				return 2;
			}
			break;
		case 'c':
			why = caps_option(optarg);
			if (why) {
				fprintf(stderr, "vdspd: --cap %s: %s (try --help)\n", optarg, why);
				return 2;
			}
			break;
		case 'n':
			why = caps_disable(optarg);
			if (why) {
				fprintf(stderr, "vdspd: --no-caps %s: %s (try --help)\n",
					optarg, why);
				return 2;
			}
			break;
		case 'f':
			break;
		case 'l':
			if (log_open(optarg)) {
				fprintf(stderr, "vdspd: cannot open log %s: %s\n",
					optarg, strerror(errno));
				return 1;
			}
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 'v':
			vdspd_verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "vdspd: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}

	if (qemu) {
		if (access(qemu, X_OK)) {
			fprintf(stderr, "vdspd: %s: %s\n", qemu, strerror(errno));
			return 1;
		}
		vdspd_qemu = qemu;
	} else {
		qemu_found = find_in_path("qemu-hexagon-static");
		vdspd_qemu = qemu_found;
		if (!vdspd_qemu)
			log_msg("qemu-hexagon-static not found in PATH: user PDs cannot be created");
	}

	/* Signals arrive through a signalfd; every thread inherits the mask. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGCHLD);
	sigaddset(&sigs, SIGUSR1);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	guard_init();
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC);
	vdspd_wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	tfd = edge_timer_init();
	if (sfd < 0 || vdspd_wake_fd < 0 || tfd < 0) {
		fprintf(stderr, "vdspd: signalfd/eventfd/timerfd: %s\n", strerror(errno));
		return 1;
	}

	ret = 0;
	for (i = 0; i < nnames && !ret; i++)
		ret = add_domain(names[i]);
	if (!nnames)
		ret = add_all_domains();
	if (ret) {
		for (i = 0; i < ndoms; i++)
			edge_close(&doms[i]);
		return 1;
	}

	if (pidfile) {
		FILE *f = fopen(pidfile, "we");

		if (!f || fprintf(f, "%d\n", (int)getpid()) < 0 || fclose(f)) {
			fprintf(stderr, "vdspd: cannot write %s\n", pidfile);
			return 1;
		}
	}
	for (i = 0; i < ndoms; i++)
		log_msg("%s: serving /dev/vdsp-%s", doms[i].name, doms[i].name);
	preload_log();
	printf("vdspd: ready\n");
	fflush(stdout);

	ret = serve(sfd, tfd);

	/* Leave no client waiting on a DSP that is going away. */
	for (i = 0; i < ndoms; i++) {
		proc_stop_all(&doms[i], FATE_RESET);
		listener_end_all(&doms[i]);
		domain_forget_clients(&doms[i]);
		cstate_forget_all(&doms[i]);
	}
	edge_timer_drop(NULL);
	log_stats();
	for (i = 0; i < ndoms; i++)
		edge_close(&doms[i]);
	if (pidfile)
		unlink(pidfile);
	free(qemu_found);
	preload_reset();
	return ret;
}
