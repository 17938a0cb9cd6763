/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who holds FastRPC files (procfs), and what the driver says of them (debugfs). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "procinfo.h"

/* "4096", "12 KiB", "3 MiB" (DRM's fdinfo sizes) in bytes. */
static uint64_t fdinfo_size(const char *s)
{
	char unit[8] = "";
	uint64_t v = 0;

	if (sscanf(s, "%" SCNu64 " %7s", &v, unit) < 1)
		return 0;
	if (!strcmp(unit, "KiB"))
		return v << 10;
	if (!strcmp(unit, "MiB"))
		return v << 20;
	if (!strcmp(unit, "GiB"))
		return v << 30;
	return v;
}

/* "key:\tvalue" of an fdinfo line: the value, or NULL when the key differs. */
static const char *value_of(const char *line, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(line, key, n) || line[n] != ':')
		return NULL;
	line += n + 1;
	while (*line == ' ' || *line == '\t')
		line++;
	return line;
}

static void read_fdinfo(pid_t pid, int fd, struct proc_file *f, const char *proc)
{
	char path[PATH_MAX], line[256];
	const char *v;
	FILE *in;

	snprintf(path, sizeof(path), "%s/%d/fdinfo/%d", proc, (int)pid, fd);
	in = fopen(path, "re");
	if (!in)
		return;
	while (fgets(line, sizeof(line), in)) {
		line[strcspn(line, "\n")] = '\0';
		if ((v = value_of(line, "fastrpc-domain"))) {
			f->known = true;
		} else if ((v = value_of(line, "fastrpc-session-type"))) {
			f->session = true;
			snprintf(f->session_type, sizeof(f->session_type), "%s", v);
		} else if ((v = value_of(line, "fastrpc-client-id"))) {
			f->client_id = atoi(v);
		} else if ((v = value_of(line, "fastrpc-calls"))) {
			f->calls = strtoul(v, NULL, 10);
		} else if ((v = value_of(line, "fastrpc-dsp-maps"))) {
			f->dsp_maps = strtoul(v, NULL, 10);
		} else if ((v = value_of(line, "fastrpc-dsp-handles"))) {
			f->dsp_handles = strtoul(v, NULL, 10);
		} else if ((v = value_of(line, "fastrpc-dsp-mapped"))) {
			f->dsp_mapped = fdinfo_size(v);
		} else if ((v = value_of(line, "drm-total-memory"))) {
			f->buffers = fdinfo_size(v);
		}
	}
	fclose(in);
}

static void read_comm(const char *proc, pid_t pid, char *comm, size_t size)
{
	char path[PATH_MAX];
	FILE *in;

	snprintf(path, sizeof(path), "%s/%d/comm", proc, (int)pid);
	comm[0] = '\0';
	in = fopen(path, "re");
	if (!in)
		return;
	if (fgets(comm, size, in))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(in);
}

static int add(struct proc_files *out, size_t *cap, const struct proc_file *f)
{
	struct proc_file *grown;

	if (out->n == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		grown = realloc(out->v, *cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		out->v = grown;
	}
	out->v[out->n++] = *f;
	return 0;
}

/* The node of @nodes that device @rdev is, or NULL. */
static const struct fastrpc_node *node_of(struct fastrpc_node **nodes,
					  const dev_t *rdevs, size_t n, dev_t rdev)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (rdevs[i] == rdev)
			return nodes[i];
	return NULL;
}

static int scan_pid(const char *proc, pid_t pid, struct fastrpc_node **nodes,
		    const dev_t *rdevs, size_t n, struct proc_files *out,
		    size_t *cap)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];
	struct proc_file f;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int ret = 0;

	snprintf(dir, sizeof(dir), "%s/%d/fd", proc, (int)pid);
	d = opendir(dir);
	if (!d) {
		/* Gone meanwhile, or another user's. */
		if (errno == EACCES || errno == EPERM)
			out->unreadable++;
		return 0;
	}
	while (!ret && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) || !S_ISCHR(st.st_mode))
			continue;
		memset(&f, 0, sizeof(f));
		f.node = node_of(nodes, rdevs, n, st.st_rdev);
		if (!f.node)
			continue;
		f.pid = pid;
		f.fd = atoi(de->d_name);
		read_comm(proc, pid, f.comm, sizeof(f.comm));
		read_fdinfo(pid, f.fd, &f, proc);
		ret = add(out, cap, &f);
	}
	closedir(d);
	return ret;
}

int proc_files_scan(const char *proc, struct fastrpc_node **nodes, size_t n,
		    struct proc_files *out)
{
	struct dirent *de;
	struct stat st;
	size_t cap = 0, i;
	dev_t *rdevs;
	DIR *d;
	int ret = 0;

	*out = (struct proc_files){ 0 };
	rdevs = calloc(n ? n : 1, sizeof(*rdevs));
	if (!rdevs)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		rdevs[i] = stat(fastrpc_node_get_path(nodes[i]), &st) ? 0 : st.st_rdev;
	d = opendir(proc);
	if (!d) {
		ret = -errno;
		free(rdevs);
		return ret;
	}
	while (!ret && (de = readdir(d)))
		if (isdigit((unsigned char)de->d_name[0]))
			ret = scan_pid(proc, atoi(de->d_name), nodes, rdevs, n, out, &cap);
	closedir(d);
	free(rdevs);
	if (ret)
		proc_files_free(out);
	return ret;
}

void proc_files_free(struct proc_files *files)
{
	free(files->v);
	*files = (struct proc_files){ 0 };
}

static int add_map(struct dbg_session *s, const struct dbg_map *m)
{
	struct dbg_map *grown = realloc(s->maps, (s->nmaps + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	s->maps = grown;
	s->maps[s->nmaps++] = *m;
	return 0;
}

static int parse_line(const char *line, struct dbg_domain *out)
{
	struct dbg_session s = { 0 }, *grown, *last;
	struct dbg_map m = { 0 };
	char kind[8], orphan[8] = "";
	int n;

	if (sscanf(line, "client %d %15s %15s sid %u slot %u calls %d %7s", &s.client_id,
		   s.type, s.state, &s.sid, &s.slot, &s.calls, orphan) >= 6) {
		s.orphan = strcmp(orphan, "orphan") == 0;
		grown = realloc(out->v, (out->n + 1) * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		out->v = grown;
		out->v[out->n++] = s;
		return 0;
	}
	if (!out->n)
		return -EPROTO;
	last = &out->v[out->n - 1];
	n = sscanf(line, " map %7s dsp %" SCNx64 " size %" SCNx64 " buffer %" SCNx64 "+%" SCNx64
		   " (%7[a-z])", kind, &m.dsp_addr, &m.size, &m.buffer, &m.offset, m.flag);
	if (n >= 5) {
		m.heap = strcmp(kind, "heap") == 0;
		return add_map(last, &m);
	}
	if (sscanf(line, " handle %lu holds %u buffer %" SCNx64 " size %" SCNx64, &m.id,
		   &m.holds, &m.buffer, &m.size) == 4) {
		m.handle = true;
		return add_map(last, &m);
	}
	return -EPROTO;
}

int dbg_sessions_parse(const char *text, struct dbg_domain *out)
{
	const char *p = text, *end;
	char line[512];
	size_t len;
	int ret;

	while (*p) {
		end = strchrnul(p, '\n');
		len = end - p;
		if (len >= sizeof(line))
			return -EPROTO;
		memcpy(line, p, len);
		line[len] = '\0';
		if (len) {
			ret = parse_line(line, out);
			if (ret)
				return ret;
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}

int dbg_domain_read(const char *debugfs, const char *sys, const char *accel_path,
		    struct dbg_domain *out)
{
	char link[PATH_MAX], target[PATH_MAX], path[PATH_MAX + 16];
	const char *base = strrchr(accel_path, '/'), *dev;
	char *text = NULL;
	size_t size = 0;
	ssize_t n;
	FILE *in;
	int ret;

	*out = (struct dbg_domain){ 0 };
	/* The directory is named after the accel device's parent, the RPMsg device. */
	snprintf(link, sizeof(link), "%s/class/accel/%s/device", sys, base ? base + 1 : accel_path);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return -ENOENT;
	target[n] = '\0';
	dev = strrchr(target, '/');
	dev = dev ? dev + 1 : target;
	if ((size_t)snprintf(out->dir, sizeof(out->dir), "%s/accel/%s", debugfs, dev) >=
	    sizeof(out->dir))
		return -ENAMETOOLONG;
	snprintf(path, sizeof(path), "%s/sessions", out->dir);
	in = fopen(path, "re");
	if (!in)
		return -errno;
	errno = 0;
	n = getdelim(&text, &size, '\0', in);
	ret = n < 0 && errno ? -errno : 0;
	fclose(in);
	/* An empty file: no session. */
	if (n <= 0) {
		free(text);
		return ret;
	}
	ret = dbg_sessions_parse(text, out);
	free(text);
	if (ret)
		dbg_domain_free(out);
	return ret;
}

void dbg_domain_free(struct dbg_domain *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].maps);
	free(d->v);
	d->v = NULL;
	d->n = 0;
}
