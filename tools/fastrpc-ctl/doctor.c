/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl doctor: what a FastRPC program needs, checked one by one as
 * a bring-up engineer would: a driver, its nodes, the right to open them,
 * a DSP that answers, a shell to start processes from, a free session.
 * Each failure comes with what to do about it.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <grp.h>
#include <inttypes.h>
#include <libelf.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <drm/fastrpc_accel.h>

#include "ctl.h"
#include "tools-common.h"

#define SYS_MODULE	"/sys/module"
/* Far beyond any shell; keeps a wrong path from reading a disk image. */
#define SHELL_READ_MAX	(64u << 20)
#define DETAIL_SIZE	512
#define FIX_SIZE	512

#define DSP_DOWN_FIX	"dmesg | grep -i -e fastrpc -e remoteproc; " \
			"cat /sys/class/remoteproc/*/state (running when the DSP is up)"

/* ---- what the findings mean (pure, unit-tested) ---- */

bool group_name(gid_t gid, char *buf, size_t size)
{
	struct group *gr = getgrgid(gid);

	if (gr && gr->gr_name) {
		snprintf(buf, size, "%s", gr->gr_name);
		return true;
	}
	snprintf(buf, size, "%u", (unsigned int)gid);
	return false;
}

static bool has_group(gid_t gid)
{
	gid_t groups[256];
	int n, i;

	if (getegid() == gid)
		return true;
	n = getgroups(ARRAY_SIZE(groups), groups);
	for (i = 0; i < n; i++)
		if (groups[i] == gid)
			return true;
	return false;
}

/* Whether the database makes this user a member of @gid. */
static bool listed_in(gid_t gid)
{
	struct passwd *pw = getpwuid(getuid());
	struct group *gr;
	char **m;

	if (!pw)
		return false;
	if (pw->pw_gid == gid)
		return true;
	gr = getgrgid(gid);
	for (m = gr ? gr->gr_mem : NULL; m && *m; m++)
		if (strcmp(*m, pw->pw_name) == 0)
			return true;
	return false;
}

int node_perm_read(const char *path, struct node_perm *perm)
{
	struct stat st;

	if (stat(path, &st))
		return -errno;
	*perm = (struct node_perm){
		.uid = st.st_uid,
		.gid = st.st_gid,
		.mode = st.st_mode & 07777,
	};
	perm->group_known = group_name(st.st_gid, perm->group, sizeof(perm->group));
	perm->listed = listed_in(st.st_gid);
	perm->in_session = has_group(st.st_gid);
	return 0;
}

const char *doctor_access_fix(const struct node_perm *perm,
			      enum fastrpc_interface iface, char *buf, size_t size)
{
	/* Accel nodes are opened read-write, legacy ones read-only. */
	mode_t need = iface == FASTRPC_INTERFACE_ACCEL ? S_IRGRP | S_IWGRP : S_IRGRP;
	const char *group = perm->gid && perm->group_known ? perm->group : "fastrpc";
	const char *match = iface == FASTRPC_INTERFACE_ACCEL ?
			    "SUBSYSTEM==\"accel\", DRIVERS==\"fastrpc-accel\"" :
			    "KERNEL==\"fastrpc-*\"";

	if (!perm->gid || !perm->group_known || (perm->mode & need) != need)
		snprintf(buf, size, "a udev rule giving the node a group, in "
			 "/etc/udev/rules.d/60-fastrpc.rules: %s, GROUP=\"%s\", MODE=\"0660\"; "
			 "then udevadm trigger, and usermod -aG %s $USER", match, group, group);
	else if (perm->listed && !perm->in_session)
		snprintf(buf, size, "log in again (or newgrp %s): you are in group %s, "
			 "this session is not", perm->group, perm->group);
	else
		snprintf(buf, size, "usermod -aG %s $USER, then log in again", perm->group);
	return buf;
}

enum dsp_health doctor_dsp_health(int err)
{
	switch (err) {
	case 0:
		return DSP_UP;
	case -EOPNOTSUPP:
		return DSP_NO_TABLE;
	case -ENODEV:
	case -ETIMEDOUT:
	case -ECONNRESET:
		return DSP_DOWN;
	default:
		return DSP_BROKEN;
	}
}

const char *shell_search_places(void)
{
	return "., /usr/lib/rfsa/adsp, /usr/lib/dsp, /vendor/dsp and "
	       CTL_SHELL_INSTALL_DIR " (each also with <domain>/)";
}

const char *doctor_shell_fix(enum shell_source src, bool missing,
			     unsigned int domain_id, char *buf, size_t size)
{
	const char *domain = fastrpc_domain_name(domain_id);

	if (!domain)
		domain = "<domain>";
	switch (src) {
	case SHELL_FROM_OPTION:
		snprintf(buf, size, "-s PATH of %s shell ELF (fastrpc_shell_%u for %s)",
			 missing ? "an existing" : "a Hexagon", domain_id, domain);
		break;
	case SHELL_FROM_ENV:
		snprintf(buf, size, "FASTRPC_SHELL=PATH of %s shell ELF (fastrpc_shell_%u for "
			 "%s), or unset FASTRPC_SHELL for the default search",
			 missing ? "an existing" : "a Hexagon", domain_id, domain);
		break;
	default:
		snprintf(buf, size, "%s the DSP's shell as /usr/lib/dsp/%s/fastrpc_shell_%u "
			 "(it comes with the DSP firmware or SDK), or name one with -s PATH "
			 "or FASTRPC_SHELL=PATH", missing ? "install" : "reinstall", domain,
			 domain_id);
		break;
	}
	return buf;
}

/* ---- the checks ---- */

struct doctor {
	const struct ctl_opts *o;
	struct ctl_nodes nodes;
	unsigned int passed, failed;
};

static void report(struct doctor *d, const char *check, const char *domain, bool ok,
		   const char *detail, const char *fix)
{
	if (ok)
		d->passed++;
	else
		d->failed++;
	print_open_object("check");
	print_string(NULL, "%s ", ok ? "[ ok ]" : "[FAIL]");
	print_string("check", "%s", check);
	if (domain)
		print_string("domain", " %s", domain);
	else
		print_null("domain", NULL);
	print_bool("ok", NULL, ok);
	print_string("detail", ": %s\n", detail);
	if (fix && !ok)
		print_string("fix", "       fix: %s\n", fix);
	else
		print_null("fix", NULL);
	print_close_object();
}

static void check_module(struct doctor *d)
{
	bool accel = access(SYS_MODULE "/fastrpc_accel", F_OK) == 0;
	bool misc = access(SYS_MODULE "/fastrpc", F_OK) == 0;
	char detail[DETAIL_SIZE];
	size_t i;

	if (accel || misc) {
		snprintf(detail, sizeof(detail), "%s%s%s loaded",
			 accel ? "fastrpc_accel" : "", accel && misc ? " and " : "",
			 misc ? "fastrpc (the misc driver)" : "");
		report(d, "module", NULL, true, detail, NULL);
		return;
	}
	/* Built in, a module without parameters has no /sys/module entry. */
	for (i = 0; i < d->nodes.nall; i++) {
		const char *drv = fastrpc_node_get_driver(d->nodes.all[i]);

		if (strcmp(drv, "unknown") != 0) {
			snprintf(detail, sizeof(detail), "%s is built in (it serves %s)", drv,
				 fastrpc_node_get_path(d->nodes.all[i]));
			report(d, "module", NULL, true, detail, NULL);
			return;
		}
	}
	report(d, "module", NULL, false, "neither fastrpc_accel nor fastrpc is loaded",
	       "modprobe fastrpc_accel (or fastrpc, the misc driver)");
}

/* No node passed -d and -I. */
static void check_no_node(struct doctor *d)
{
	const struct ctl_opts *o = d->o;
	struct ctl_opts any = *o;
	char detail[DETAIL_SIZE];
	const char *fix;
	size_t i, other = 0;

	any.iface = FASTRPC_INTERFACE_ANY;
	for (i = 0; i < d->nodes.nall; i++)
		other += ctl_node_wanted(&any, fastrpc_node_get_domain(d->nodes.all[i]),
					 fastrpc_node_get_path(d->nodes.all[i]),
					 fastrpc_node_get_interface(d->nodes.all[i]));
	snprintf(detail, sizeof(detail), "no FastRPC node%s%s%s%s", o->domain ? " of " : "",
		 o->domain ? o->domain : "", ctl_iface_suffix(o->iface),
		 o->domain && !strchr(o->domain, '/') && fastrpc_domain_id(o->domain) < 0 ?
		 " (not a domain name)" : "");
	if (other)
		fix = "-I any: the other interface has nodes (fastrpc-ctl list)";
	else if (o->domain && !strchr(o->domain, '/') && fastrpc_domain_id(o->domain) < 0)
		fix = "-d adsp, mdsp, sdsp, cdsp, cdsp1, gdsp0 or gdsp1";
	else
		fix = "modprobe fastrpc_accel; dmesg | grep -i fastrpc (the driver binds each "
		      "DSP the device tree names: compatible qcom,fastrpc); "
		      "cat /sys/class/remoteproc/*/state";
	report(d, "nodes", o->domain && !strchr(o->domain, '/') ? o->domain : NULL, false,
	       detail, fix);
}

static void check_nodes(struct doctor *d, const char *domain, size_t first, size_t end)
{
	char detail[DETAIL_SIZE];
	size_t i, len = 0;

	for (i = first; i < end && len < sizeof(detail); i++)
		len += snprintf(detail + len, sizeof(detail) - len, "%s%s", i > first ? " " : "",
				fastrpc_node_get_path(d->nodes.v[i]));
	report(d, "nodes", domain, true, detail, NULL);
}

static void check_access(struct doctor *d, const struct fastrpc_node *node)
{
	const char *path = fastrpc_node_get_path(node);
	int state = fastrpc_node_get_state(node);
	char detail[DETAIL_SIZE], fix[FIX_SIZE], owner[64];
	struct node_perm perm;
	struct passwd *pw;

	if (!state) {
		snprintf(detail, sizeof(detail), "%s: ready (%s, %s)", path,
			 fastrpc_interface_name(fastrpc_node_get_interface(node)),
			 fastrpc_node_get_driver(node));
		report(d, "access", fastrpc_node_get_domain(node), true, detail, NULL);
		return;
	}
	if ((state == -EACCES || state == -EPERM) && !node_perm_read(path, &perm)) {
		pw = getpwuid(perm.uid);
		snprintf(owner, sizeof(owner), "%s", pw ? pw->pw_name : "");
		if (!pw)
			snprintf(owner, sizeof(owner), "%u", (unsigned int)perm.uid);
		snprintf(detail, sizeof(detail), "%s: permission denied (owner %s, group %s, "
			 "mode %04o)", path, owner, perm.group, (unsigned int)perm.mode);
		report(d, "access", fastrpc_node_get_domain(node), false, detail,
		       doctor_access_fix(&perm, fastrpc_node_get_interface(node), fix,
					 sizeof(fix)));
		return;
	}
	snprintf(detail, sizeof(detail), "%s: %s", path, strerror(-state));
	report(d, "access", fastrpc_node_get_domain(node), false, detail,
	       "dmesg | grep -i fastrpc (the node is there but does not open)");
}

/* Return: the domain's device, or NULL when the DSP cannot be asked. */
static struct fastrpc_device *check_dsp(struct doctor *d, const char *domain)
{
	const char *name = d->o->domain && strchr(d->o->domain, '/') ? d->o->domain : domain;
	char detail[DETAIL_SIZE], fix[FIX_SIZE];
	struct fastrpc_device *dev;
	uint32_t v = 0;
	int ret;

	ret = fastrpc_device_open(name, d->o->iface, &dev);
	if (ret) {
		snprintf(detail, sizeof(detail), "cannot ask the DSP: no node of %s opens (%s)",
			 domain, strerror(-ret));
		report(d, "dsp", domain, false, detail,
		       ret == -EACCES || ret == -EPERM ? "the access fix above first" :
		       "dmesg | grep -i fastrpc");
		return NULL;
	}
	ret = fastrpc_device_get_dsp_attr(dev, FASTRPC_DSP_ATTR_UNSIGNED_PD, &v);
	switch (doctor_dsp_health(ret)) {
	case DSP_UP:
		snprintf(detail, sizeof(detail), "the DSP answers through %s (unsigned_pd %u)",
			 fastrpc_device_get_path(dev), v);
		report(d, "dsp", domain, true, detail, NULL);
		break;
	case DSP_NO_TABLE:
		snprintf(detail, sizeof(detail), "the DSP answers through %s, without a "
			 "capability table", fastrpc_device_get_path(dev));
		report(d, "dsp", domain, true, detail, NULL);
		break;
	case DSP_DOWN:
		snprintf(detail, sizeof(detail), "the DSP does not answer through %s: %s",
			 fastrpc_device_get_path(dev), strerror(-ret));
		report(d, "dsp", domain, false, detail, DSP_DOWN_FIX);
		break;
	default:
		snprintf(detail, sizeof(detail), "cannot ask the DSP through %s: %s",
			 fastrpc_device_get_path(dev), strerror(-ret));
		snprintf(fix, sizeof(fix), "dmesg | grep -i fastrpc");
		report(d, "dsp", domain, false, detail, fix);
		break;
	}
	return dev;
}

/* The whole file, at most SHELL_READ_MAX bytes.  Return: 0 or -errno. */
static int read_shell(const char *path, void **data, size_t *size)
{
	struct stat st;
	size_t len = 0;
	ssize_t n;
	char *buf;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SHELL_READ_MAX) {
		ret = S_ISREG(st.st_mode) ? -EFBIG : -EINVAL;
		goto out;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	while (len < (size_t)st.st_size && (n = read(fd, buf + len, st.st_size - len)) > 0)
		len += n;
	*data = buf;
	*size = len;
out:
	close(fd);
	return ret;
}

/*
 * The lab's shell (sim/hexagon) carries a section of this name: it runs on
 * the virtual DSP under qemu-hexagon-static, never on a board's DSP.
 */
#define LAB_SHELL_SECTION	".fastrpc.lab"

/* Whether @image (a shell ELF fastrpc_shell_check() accepted) is the lab's. */
static bool is_lab_shell(const void *image, size_t size)
{
	bool found = false;
	size_t shstrndx;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	const char *name;
	Elf *elf;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return false;
	elf = elf_memory((char *)image, size);
	if (!elf)
		return false;
	if (elf_getshdrstrndx(elf, &shstrndx) == 0) {
		while (!found && (scn = elf_nextscn(elf, scn))) {
			if (!gelf_getshdr(scn, &shdr))
				break;
			name = elf_strptr(elf, shstrndx, shdr.sh_name);
			found = name && strcmp(name, LAB_SHELL_SECTION) == 0;
		}
	}
	elf_end(elf);
	return found;
}

static void check_shell(struct doctor *d, const char *domain, int domain_id,
			struct fastrpc_device *dev)
{
	const struct ctl_opts *o = d->o;
	enum shell_source src = !o->shell ? SHELL_FROM_SEARCH :
				strcmp(o->shell_from, "-s") == 0 ? SHELL_FROM_OPTION :
				SHELL_FROM_ENV;
	const char *from = src == SHELL_FROM_SEARCH ? "the default search" : o->shell_from;
	char detail[DETAIL_SIZE], fix[FIX_SIZE], human[32];
	char *found = NULL;
	const char *path = o->shell, *reason;
	void *image = NULL;
	size_t size = 0;
	uint64_t max;
	int ret;

	if (domain_id < 0)
		return;
	if (!path) {
		ret = fastrpc_shell_find(domain_id, 0, NULL, &found);
		if (ret) {
			snprintf(detail, sizeof(detail), "no fastrpc_shell_%d in %s", domain_id,
				 shell_search_places());
			report(d, "shell", domain, false, detail,
			       doctor_shell_fix(src, true, domain_id, fix, sizeof(fix)));
			return;
		}
		path = found;
	}
	ret = read_shell(path, &image, &size);
	if (ret) {
		snprintf(detail, sizeof(detail), "%s (from %s): %s", path, from,
			 ret == -EINVAL ? "not a regular file" : strerror(-ret));
		if (ret == -EACCES)
			snprintf(fix, sizeof(fix), "chmod a+r %s", path);
		else
			doctor_shell_fix(src, ret == -ENOENT, domain_id, fix, sizeof(fix));
		report(d, "shell", domain, false, detail, fix);
		goto out;
	}
	if (fastrpc_shell_check(image, size, &reason)) {
		snprintf(detail, sizeof(detail), "%s (from %s): %s", path, from, reason);
		report(d, "shell", domain, false, detail,
		       doctor_shell_fix(src, false, domain_id, fix, sizeof(fix)));
	} else if (dev && !fastrpc_device_query(dev, DRM_FASTRPC_PARAM_MAX_SHELL_SIZE, 0, &max) &&
		   size > max) {
		snprintf(detail, sizeof(detail), "%s (from %s): %zu bytes, more than the "
			 "driver's max shell size (%s)", path, from, size,
			 size_str(max, human, sizeof(human)));
		snprintf(fix, sizeof(fix), "a shell ELF of at most %" PRIu64 " bytes", max);
		report(d, "shell", domain, false, detail, fix);
	} else if (is_lab_shell(image, size)) {
		snprintf(detail, sizeof(detail), "%s (%s, from %s): the fastrpc lab's shell, "
			 "for the virtual DSP under qemu-hexagon-static; a board's DSP needs its "
			 "vendor's shell", path, size_str(size, human, sizeof(human)), from);
		report(d, "shell", domain, true, detail, NULL);
	} else {
		snprintf(detail, sizeof(detail), "%s (%s, a Hexagon ELF, from %s)", path,
			 size_str(size, human, sizeof(human)), from);
		report(d, "shell", domain, true, detail, NULL);
	}
	free(image);
out:
	free(found);
}

static void check_sessions(struct doctor *d, const char *domain, struct fastrpc_device *dev)
{
	char detail[DETAIL_SIZE];
	uint64_t n;
	int ret;

	/* The legacy interface cannot tell. */
	if (!dev || fastrpc_device_get_interface(dev) != FASTRPC_INTERFACE_ACCEL)
		return;
	ret = fastrpc_device_query(dev, DRM_FASTRPC_PARAM_SESSIONS_FREE, 0, &n);
	if (ret) {
		snprintf(detail, sizeof(detail), "cannot ask %s for its free sessions: %s",
			 fastrpc_device_get_path(dev), strerror(-ret));
		report(d, "sessions", domain, false, detail, "dmesg | grep -i fastrpc");
		return;
	}
	snprintf(detail, sizeof(detail), "%" PRIu64 " session%s free", n, n == 1 ? "" : "s");
	report(d, "sessions", domain, n > 0, detail,
	       "fastrpc-ctl sessions (it shows who holds them): end one of those processes");
}

static void check_domain(struct doctor *d, size_t first, size_t end)
{
	const char *domain = fastrpc_node_get_domain(d->nodes.v[first]);
	struct fastrpc_device *dev;
	size_t i;

	check_nodes(d, domain, first, end);
	for (i = first; i < end; i++)
		check_access(d, d->nodes.v[i]);
	dev = check_dsp(d, domain);
	check_shell(d, domain, dev ? (int)fastrpc_device_get_domain_id(dev) :
		    fastrpc_node_get_domain_id(d->nodes.v[first]), dev);
	check_sessions(d, domain, dev);
	fastrpc_device_close(dev);
}

int cmd_doctor(const struct ctl_opts *o)
{
	struct doctor d = { .o = o };
	size_t first, end;
	int ret, status;

	ret = ctl_nodes_scan(o, &d.nodes);
	if (ret)
		die(EXIT_FAIL, NULL, "cannot look for FastRPC nodes: %s", strerror(-ret));
	print_open_array("checks");
	check_module(&d);
	if (!d.nodes.n)
		check_no_node(&d);
	/* The scan keeps each domain's nodes together. */
	for (first = 0; first < d.nodes.n; first = end) {
		for (end = first + 1; end < d.nodes.n; end++)
			if (strcmp(fastrpc_node_get_domain(d.nodes.v[end]),
				   fastrpc_node_get_domain(d.nodes.v[first])))
				break;
		check_domain(&d, first, end);
	}
	print_close_array();
	print_uint("passed", "\n%" PRIu64 " passed, ", d.passed);
	print_uint("failed", "%" PRIu64 " failed\n", d.failed);
	status = !d.nodes.n ? EXIT_NO_DEVICE : d.failed ? EXIT_FAIL : EXIT_OK;
	ctl_nodes_free(&d.nodes);
	return status;
}
