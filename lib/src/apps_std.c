/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * apps_std: the files a DSP process reads from the host (a loader's
 * skeleton libraries, a static PD's configuration), its directories, and
 * its print_string.  Method ids and layouts are Qualcomm's apps_std_skel.c;
 * names are confined to the search path (searchpath.c).  Results are AEE
 * codes: AEE_ENOSUCHFILE for a name found nowhere, AEE_ENOTALLOWED for a
 * refusal, AEE_EFILE for a host I/O error, AEE_EBADPARM for a bad request
 * or an unknown file, AEE_EOUTOFHANDLES when the session has too many open.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "listener.h"

enum {
	STD_FOPEN = 0,
	STD_FREOPEN = 1,
	STD_FFLUSH = 2,
	STD_FCLOSE = 3,
	STD_FREAD = 4,
	STD_FWRITE = 5,
	STD_FTELL = 8,
	STD_FSEEK = 9,
	STD_FLEN = 10,
	STD_REWIND = 11,
	STD_FEOF = 12,
	STD_FERROR = 13,
	STD_CLEARERR = 14,
	STD_PRINT_STRING = 15,
	STD_GETENV = 16,
	STD_FOPEN_WITH_ENV = 19,
	STD_FGETS = 20,
	STD_GET_SEARCH_PATHS = 21,
	STD_FILE_EXISTS = 22,
	STD_FREMOVE = 24,
	STD_OPENDIR = 26,
	STD_CLOSEDIR = 27,
	STD_READDIR = 28,
	/*
	 * Methods from 31 on are sent as method 31 with the real id as the
	 * first word of in 0 (the extended form), the rest of in 0 after it.
	 */
	STD_EXTENDED = 31,
	STD_STAT = 31,
	STD_FCLOSE_FD = 35,
	STD_FOPEN_WITH_ENV_FD = 36,
};

/* The DSP's file numbers: slot i is FILE_BASE + i, as Qualcomm's start at 100. */
#define FILE_BASE	100
#define STAT_SIZE	96
#define DIRENT_NAME	255
#define DIRENT_SIZE	260

struct req {
	struct fastrpc_listener *l;
	struct rpc_call *c;
	const unsigned char *in0;	/* in 0 after the extended form's id */
	uint32_t in0_len;
	unsigned char *out0;
};

/* The sc a method must come with, and the room its in 0 and out 0 need. */
static bool shape(const struct req *r, unsigned int n_in, unsigned int n_out,
		  uint32_t in0, uint32_t out0)
{
	const struct rpc_call *c = r->c;

	return c->n_in == n_in && c->n_out == n_out && r->in0_len >= in0 &&
	       (!n_out || !out0 || c->out[0].len >= out0);
}

static uint32_t arg32(const struct req *r, unsigned int i)
{
	return rd32(r->in0 + 4 * i);
}

/* The qaic string whose length is word @w of in 0, in input @i. */
static const char *str_arg(const struct req *r, unsigned int w, unsigned int i)
{
	return rpc_string(&r->c->in[i], arg32(r, w));
}

static struct apps_std_file *file_of(struct fastrpc_listener *l, uint32_t file)
{
	if (file < FILE_BASE || file - FILE_BASE >= APPS_STD_FILES_MAX)
		return NULL;
	return l->files[file - FILE_BASE].f ? &l->files[file - FILE_BASE] : NULL;
}

static int free_slot(struct fastrpc_listener *l)
{
	int i;

	for (i = 0; i < APPS_STD_FILES_MAX; i++)
		if (!l->files[i].f && !l->files[i].buf)
			return i;
	listener_log(l, FASTRPC_LOG_ERROR, LISTENER_LOG_FILE, 0, 0,
		     "refused a file to the DSP: %d open already", APPS_STD_FILES_MAX);
	return -1;
}

/*
 * A mode of fopen(): r, w or a, then b and + in any order.  Return: 0 with
 * *@write set, or AEE_EBADPARM.
 */
static int parse_mode(const char *mode, bool *write)
{
	const char *p;

	if (!strchr("rwa", mode[0]) || !mode[0])
		return AEE_EBADPARM;
	for (p = mode + 1; *p; p++)
		if (*p != 'b' && *p != '+')
			return AEE_EBADPARM;
	*write = mode[0] != 'r' || strchr(mode, '+');
	return 0;
}

/* Open @name from the search path as @mode into a free slot, or reopen @reopen's stream. */
static int open_file(struct fastrpc_listener *l, const char *what, const char *name,
		     const char *mode, struct apps_std_file *reopen, uint32_t *file)
{
	char m[8], *path;
	bool write;
	FILE *f;
	int ret, i;

	ret = parse_mode(mode, &write);
	if (ret)
		return ret;
	ret = search_resolve(l, what, name, write, false, &path);
	if (ret)
		return ret;
	/* Close-on-exec: the program's children get no DSP files. */
	snprintf(m, sizeof(m), "%.4se", mode);
	i = reopen ? -1 : free_slot(l);
	if (!reopen && i < 0) {
		free(path);
		return AEE_EOUTOFHANDLES;
	}
	f = reopen ? freopen(path, m, reopen->f) : fopen(path, m);
	free(path);
	if (!f) {
		/* A failed freopen() has closed the stream. */
		if (reopen)
			reopen->f = NULL;
		return errno == ENOENT ? AEE_ENOSUCHFILE : AEE_EFILE;
	}
	if (i >= 0) {
		l->files[i].f = f;
		*file = FILE_BASE + i;
	}
	return 0;
}

static int std_fopen(struct req *r)
{
	const char *name, *mode;
	uint32_t file;
	int ret;

	if (!shape(r, 3, 1, 8, 4))
		return AEE_EBADPARM;
	name = str_arg(r, 0, 1);
	mode = str_arg(r, 1, 2);
	if (!name || !mode)
		return AEE_EBADPARM;
	ret = open_file(r->l, "fopen", name, mode, NULL, &file);
	if (!ret)
		wr32(r->out0, file);
	return ret;
}

/* freopen: the same file number, a new name. */
static int std_freopen(struct req *r)
{
	struct apps_std_file *af;
	const char *name, *mode;
	uint32_t file;
	int ret;

	if (!shape(r, 3, 1, 12, 4))
		return AEE_EBADPARM;
	file = arg32(r, 0);
	af = file_of(r->l, file);
	name = str_arg(r, 1, 1);
	mode = str_arg(r, 2, 2);
	if (!af || !name || !mode)
		return AEE_EBADPARM;
	ret = open_file(r->l, "freopen", name, mode, af, &file);
	if (!ret)
		wr32(r->out0, arg32(r, 0));
	return ret;
}

/* Methods on an open file number: fflush, fclose, ftell, fseek, flen, rewind, feof, ferror. */
static int std_file_op(struct req *r, uint32_t method)
{
	struct apps_std_file *af;
	struct stat st;
	long pos;

	if (r->in0_len < 4)
		return AEE_EBADPARM;
	af = file_of(r->l, arg32(r, 0));
	if (!af)
		return AEE_EBADPARM;
	switch (method) {
	case STD_FFLUSH:
	case STD_FCLOSE:
	case STD_REWIND:
	case STD_CLEARERR:
		if (!shape(r, 1, 0, 4, 0))
			return AEE_EBADPARM;
		if (method == STD_FFLUSH)
			return fflush(af->f) ? AEE_EFILE : 0;
		if (method == STD_REWIND)
			rewind(af->f);
		if (method == STD_CLEARERR)
			clearerr(af->f);
		if (method == STD_FCLOSE) {
			fclose(af->f);
			af->f = NULL;
		}
		return 0;
	case STD_FSEEK:
		if (!shape(r, 1, 0, 12, 0) || arg32(r, 2) > SEEK_END)
			return AEE_EBADPARM;
		return fseek(af->f, (int32_t)arg32(r, 1), (int)arg32(r, 2)) ? AEE_EFILE : 0;
	case STD_FLEN:
		if (!shape(r, 1, 1, 4, 8))
			return AEE_EBADPARM;
		if (fstat(fileno(af->f), &st))
			return AEE_EFILE;
		wr64(r->out0, st.st_size);
		return 0;
	default:
		if (!shape(r, 1, 1, 4, 4))
			return AEE_EBADPARM;
		if (method == STD_FTELL) {
			pos = ftell(af->f);
			if (pos < 0 || pos > INT32_MAX)
				return AEE_EFILE;
			wr32(r->out0, (uint32_t)pos);
		} else {
			wr32(r->out0, method == STD_FEOF ? !!feof(af->f) : !!ferror(af->f));
		}
		return 0;
	}
}

/* fread: in {file, len}; out 0 {i32 bytes, i32 eof}, out 1 the bytes. */
static int std_fread(struct req *r)
{
	struct apps_std_file *af;
	uint32_t len;
	size_t n;

	if (!shape(r, 1, 2, 8, 8))
		return AEE_EBADPARM;
	af = file_of(r->l, arg32(r, 0));
	len = arg32(r, 1);
	if (!af || len > r->c->out[1].len)
		return AEE_EBADPARM;
	n = fread(r->c->out[1].ptr, 1, len, af->f);
	if (!n && ferror(af->f)) {
		clearerr(af->f);
		return AEE_EFILE;
	}
	wr32(r->out0, n);
	wr32(r->out0 + 4, !!feof(af->f));
	clearerr(af->f);
	return 0;
}

/* fwrite: in 0 {file, len}, in 1 the bytes; out 0 {i32 bytes, i32 eof}. */
static int std_fwrite(struct req *r)
{
	struct apps_std_file *af;
	uint32_t len;
	size_t n;

	if (!shape(r, 2, 1, 8, 8))
		return AEE_EBADPARM;
	af = file_of(r->l, arg32(r, 0));
	len = arg32(r, 1);
	if (!af || len > r->c->in[1].len)
		return AEE_EBADPARM;
	n = fwrite(r->c->in[1].ptr, 1, len, af->f);
	if (n < len && ferror(af->f)) {
		clearerr(af->f);
		return AEE_EFILE;
	}
	wr32(r->out0, n);
	wr32(r->out0 + 4, !!feof(af->f));
	return 0;
}

/* fgets: in {file, len}; out 0 {i32 eof}, out 1 the line. */
static int std_fgets(struct req *r)
{
	struct apps_std_file *af;
	uint32_t len;

	if (!shape(r, 1, 2, 8, 4))
		return AEE_EBADPARM;
	af = file_of(r->l, arg32(r, 0));
	len = arg32(r, 1);
	if (!af || len > r->c->out[1].len || len > INT_MAX)
		return AEE_EBADPARM;
	wr32(r->out0, 0);
	if (!len)
		return 0;
	if (!fgets(r->c->out[1].ptr, (int)len, af->f)) {
		if (ferror(af->f)) {
			clearerr(af->f);
			return AEE_EFILE;
		}
		wr32(r->out0, !!feof(af->f));
	}
	return 0;
}

/* print_string: in 0 {len}, in 1 the string; a log line at HIGH. */
static int std_print_string(struct req *r)
{
	const char *s;
	size_t n;

	if (!shape(r, 2, 0, 4, 0))
		return AEE_EBADPARM;
	s = str_arg(r, 0, 1);
	if (!s)
		return AEE_EBADPARM;
	n = strlen(s);
	if (n && s[n - 1] == '\n')
		n--;
	listener_log(r->l, FASTRPC_LOG_HIGH, "", 0, 0, "%.*s", (int)n, s);
	return 0;
}

/* The only variables the DSP may read: the library path, as the search path in force. */
static bool library_path_var(const char *name)
{
	return !strcmp(name, "ADSP_LIBRARY_PATH") || !strcmp(name, "DSP_LIBRARY_PATH");
}

/* getenv: in 0 {name_len, val_len}, in 1 name; out 0 {val_len_req}, out 1 the value. */
static int std_getenv(struct req *r)
{
	const char *name;
	uint32_t len;
	size_t need;

	if (!shape(r, 2, 2, 8, 4))
		return AEE_EBADPARM;
	name = str_arg(r, 0, 1);
	len = arg32(r, 1);
	if (!name || len > r->c->out[1].len)
		return AEE_EBADPARM;
	if (!library_path_var(name))
		return AEE_ENOSUCH;
	need = strlen(r->l->search_path) + 1;
	if (len)
		snprintf(r->c->out[1].ptr, len, "%s", r->l->search_path);
	wr32(r->out0, need);
	return 0;
}

/*
 * fopen_with_env: in 0 {env_len, delim_len, name_len, mode_len}, then the
 * four strings; out 0 {file}.  Any variable name means the search path in
 * force (the environment is never read for the DSP), split at ';'.
 */
static int std_fopen_with_env(struct req *r)
{
	const char *env, *delim, *name, *mode;
	uint32_t file;
	int ret;

	if (!shape(r, 5, 1, 16, 4))
		return AEE_EBADPARM;
	env = str_arg(r, 0, 1);
	delim = str_arg(r, 1, 2);
	name = str_arg(r, 2, 3);
	mode = str_arg(r, 3, 4);
	if (!env || !delim || !name || !mode)
		return AEE_EBADPARM;
	ret = open_file(r->l, "fopen_with_env", name, mode, NULL, &file);
	if (!ret)
		wr32(r->out0, file);
	return ret;
}

/*
 * get_search_paths_with_env: in 0 {env_len, delim_len, n}, in 1 env, in 2
 * delim, in 3 u32 room[n]; out 0 {u32 count, u16 longest}, out 1..n the
 * directories of the search path that exist (D/<domain>, then D).
 */
static int std_get_search_paths(struct req *r)
{
	const char *e, *end, *cand[2];
	char dom[PATH_MAX], plain[PATH_MAX];
	uint32_t n, count = 0, room;
	size_t longest = 0, len;
	unsigned int k;

	if (r->c->n_in != 4 || r->in0_len < 12 || r->c->n_out < 1 || r->c->out[0].len < 6)
		return AEE_EBADPARM;
	n = arg32(r, 2);
	if (!str_arg(r, 0, 1) || !str_arg(r, 1, 2) || r->c->n_out != n + 1 ||
	    r->c->in[3].len / 4 < n)
		return AEE_EBADPARM;
	for (e = r->l->search_path; e; e = *end ? end + 1 : NULL) {
		end = strchr(e, ';');
		if (!end)
			end = e + strlen(e);
		if (end == e)
			continue;
		snprintf(dom, sizeof(dom), "%.*s/%s", (int)(end - e), e, r->l->domain);
		snprintf(plain, sizeof(plain), "%.*s", (int)(end - e), e);
		cand[0] = dom;
		cand[1] = plain;
		for (k = 0; k < 2; k++) {
			struct stat st;

			if (stat(cand[k], &st) || !S_ISDIR(st.st_mode))
				continue;
			len = strlen(cand[k]) + 1;
			if (len > longest)
				longest = len;
			if (count < n) {
				room = rd32((unsigned char *)r->c->in[3].ptr + 4 * count);
				if (room > r->c->out[1 + count].len)
					room = r->c->out[1 + count].len;
				if (room >= len)
					memcpy(r->c->out[1 + count].ptr, cand[k], len);
			}
			count++;
		}
	}
	wr32(r->out0, count);
	r->out0[4] = longest > UINT16_MAX ? 0xff : longest;
	r->out0[5] = longest > UINT16_MAX ? 0xff : longest >> 8;
	return 0;
}

/* fileExists: in 0 {len}, in 1 the name; out 0 {u8 exists}: a file or a directory. */
static int std_file_exists(struct req *r)
{
	const char *name;
	char *path;
	int ret;

	if (!shape(r, 2, 1, 4, 1))
		return AEE_EBADPARM;
	name = str_arg(r, 0, 1);
	if (!name)
		return AEE_EBADPARM;
	ret = search_resolve(r->l, "fileExists", name, false, false, &path);
	if (ret == AEE_ENOSUCHFILE)
		ret = search_resolve(r->l, "fileExists", name, false, true, &path);
	if (ret && ret != AEE_ENOSUCHFILE)
		return ret;
	if (!ret)
		free(path);
	r->out0[0] = !ret;
	return 0;
}

/* fremove: in 0 {len}, in 1 the name; a write, refused without FASTRPC_LISTENER_ALLOW_WRITE. */
static int std_fremove(struct req *r)
{
	const char *name;
	char *path;
	int ret;

	if (!shape(r, 2, 0, 4, 0))
		return AEE_EBADPARM;
	name = str_arg(r, 0, 1);
	if (!name)
		return AEE_EBADPARM;
	ret = search_resolve(r->l, "fremove", name, true, false, &path);
	if (ret)
		return ret;
	ret = unlink(path) ? (errno == ENOENT ? AEE_ENOSUCHFILE : AEE_EFILE) : 0;
	free(path);
	return ret;
}

/* opendir: in 0 {len}, in 1 the name; out 0 {u64 dir}. */
static int std_opendir(struct req *r)
{
	const char *name;
	char *path;
	DIR *d;
	int ret, i;

	if (!shape(r, 2, 1, 4, 8))
		return AEE_EBADPARM;
	name = str_arg(r, 0, 1);
	if (!name)
		return AEE_EBADPARM;
	for (i = 0; i < APPS_STD_DIRS_MAX && r->l->dirs[i]; i++)
		;
	if (i == APPS_STD_DIRS_MAX)
		return AEE_EOUTOFHANDLES;
	ret = search_resolve(r->l, "opendir", name, false, true, &path);
	if (ret)
		return ret;
	d = opendir(path);
	free(path);
	if (!d)
		return AEE_EFILE;
	r->l->dirs[i] = d;
	wr64(r->out0, (uint64_t)i + 1);
	return 0;
}

static DIR **dir_of(struct req *r)
{
	uint64_t h;

	if (r->in0_len < 8)
		return NULL;
	h = rd64(r->in0);
	if (!h || h > APPS_STD_DIRS_MAX || !r->l->dirs[h - 1])
		return NULL;
	return &r->l->dirs[h - 1];
}

static int std_closedir(struct req *r)
{
	DIR **d;

	if (!shape(r, 1, 0, 8, 0) || !(d = dir_of(r)))
		return AEE_EBADPARM;
	closedir(*d);
	*d = NULL;
	return 0;
}

/* readdir: in 0 {u64 dir}; out 0 {i32 ino, char name[255], pad, i32 eof}. */
static int std_readdir(struct req *r)
{
	struct dirent *de;
	DIR **d;

	if (!shape(r, 1, 1, 8, DIRENT_SIZE + 4) || !(d = dir_of(r)))
		return AEE_EBADPARM;
	errno = 0;
	de = readdir(*d);
	if (!de) {
		if (errno)
			return AEE_EFILE;
		wr32(r->out0 + DIRENT_SIZE, 1);
		return 0;
	}
	wr32(r->out0, (uint32_t)de->d_ino);
	/* The reply was zeroed: a name cut at DIRENT_NAME - 1 bytes stays terminated. */
	memcpy(r->out0 + 4, de->d_name, strnlen(de->d_name, DIRENT_NAME - 1));
	wr32(r->out0 + DIRENT_SIZE, 0);
	return 0;
}

/* stat (extended): in 0 {id, len}, in 1 the name; out 0 the 96-byte apps_std_STAT. */
static int std_stat(struct req *r)
{
	unsigned char *o = r->out0;
	const char *name;
	struct stat st;
	char *path;
	int ret;

	if (!shape(r, 2, 1, 4, STAT_SIZE))
		return AEE_EBADPARM;
	name = str_arg(r, 0, 1);
	if (!name)
		return AEE_EBADPARM;
	ret = search_resolve(r->l, "stat", name, false, false, &path);
	if (ret)
		return ret;
	ret = stat(path, &st) ? AEE_EFILE : 0;
	free(path);
	if (ret)
		return ret;
	wr64(o + 8, st.st_dev);
	wr64(o + 16, st.st_ino);
	wr32(o + 24, st.st_mode);
	wr32(o + 28, st.st_nlink);
	wr64(o + 32, st.st_rdev);
	wr64(o + 40, st.st_size);
	wr64(o + 48, st.st_atim.tv_sec);
	wr64(o + 56, st.st_atim.tv_nsec);
	wr64(o + 64, st.st_mtim.tv_sec);
	wr64(o + 72, st.st_mtim.tv_nsec);
	wr64(o + 80, st.st_ctim.tv_sec);
	wr64(o + 88, st.st_ctim.tv_nsec);
	return 0;
}

/*
 * The whole of @path in a new buffer of the device, mapped to the process.
 * Return: 0 or an AEE code.
 */
static int file_to_buffer(struct fastrpc_listener *l, const char *path,
			  struct apps_std_file *af, uint32_t *lenp)
{
	size_t page = fastrpc_page_size(), size, got = 0;
	struct stat st;
	void *cpu;
	ssize_t n;
	int fd, ret = AEE_EFILE;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? AEE_ENOSUCHFILE : AEE_EFILE;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode))
		goto out_close;
	if ((uint64_t)st.st_size > APPS_STD_FD_FILE_MAX) {
		ret = AEE_ENOMEMORY;
		goto out_close;
	}
	size = st.st_size ? ((size_t)st.st_size + page - 1) & ~(page - 1) : page;
	if (fastrpc_buffer_new(l->s->dev, size, &af->buf)) {
		ret = AEE_ENOMEMORY;
		goto out_close;
	}
	if (fastrpc_buffer_mmap(af->buf, &cpu))
		goto err_free;
	while (got < (size_t)st.st_size) {
		n = read(fd, (char *)cpu + got, st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto err_free;
		got += n;
	}
	if (fastrpc_buffer_map(l->s, af->buf, 0, size, 0, &af->dsp_addr))
		goto err_free;
	/* The DSP knows the copy by the number the kernel knows the buffer by. */
	af->fd = af->buf->fd >= 0 ? af->buf->fd : (int32_t)af->buf->gem->handle;
	*lenp = got;
	close(fd);
	return 0;

err_free:
	fastrpc_buffer_free(af->buf);
	af->buf = NULL;
out_close:
	close(fd);
	return ret;
}

/*
 * fopen_with_env_fd (extended): in 0 {id, env_len, delim_len, name_len,
 * mode_len}, then the four strings; out 0 {i32 fd, i32 len}.
 */
static int std_fopen_with_env_fd(struct req *r)
{
	const char *env, *delim, *name, *mode;
	struct apps_std_file *af;
	uint32_t len = 0;
	char *path;
	bool write;
	int ret, i;

	if (!shape(r, 5, 1, 16, 8))
		return AEE_EBADPARM;
	env = str_arg(r, 0, 1);
	delim = str_arg(r, 1, 2);
	name = str_arg(r, 2, 3);
	mode = str_arg(r, 3, 4);
	if (!env || !delim || !name || !mode || parse_mode(mode, &write))
		return AEE_EBADPARM;
	/* The copy is the DSP's to read: a write mode is refused whatever the flags. */
	if (write)
		return AEE_ENOTALLOWED;
	i = free_slot(r->l);
	if (i < 0)
		return AEE_EOUTOFHANDLES;
	ret = search_resolve(r->l, "fopen_with_env_fd", name, false, false, &path);
	if (ret)
		return ret;
	af = &r->l->files[i];
	ret = file_to_buffer(r->l, path, af, &len);
	free(path);
	if (ret)
		return ret;
	wr32(r->out0, af->fd);
	wr32(r->out0 + 4, len);
	return 0;
}

/* fclose_fd (extended): in 0 {id, fd}: unmap and free the copy. */
static int std_fclose_fd(struct req *r)
{
	struct apps_std_file *af;
	int i;

	if (!shape(r, 1, 0, 4, 0))
		return AEE_EBADPARM;
	for (i = 0; i < APPS_STD_FILES_MAX; i++) {
		af = &r->l->files[i];
		if (!af->buf || af->fd != (int32_t)arg32(r, 0))
			continue;
		fastrpc_buffer_unmap(r->l->s, af->buf, af->dsp_addr);
		fastrpc_buffer_free(af->buf);
		memset(af, 0, sizeof(*af));
		return 0;
	}
	return AEE_EBADPARM;
}

int apps_std_invoke(struct fastrpc_listener *l, struct rpc_call *c)
{
	uint32_t method = DRM_FASTRPC_SCALARS_METHOD(c->sc);
	struct req r = { .l = l, .c = c };

	if (c->n_in) {
		r.in0 = c->in[0].ptr;
		r.in0_len = c->in[0].len;
	}
	if (c->n_out)
		r.out0 = c->out[0].ptr;
	if (method == STD_EXTENDED) {
		if (r.in0_len < 4)
			return AEE_EBADPARM;
		r.in0 += 4;
		r.in0_len -= 4;
		switch (rd32(c->in[0].ptr)) {
		case STD_STAT:
			return std_stat(&r);
		case STD_FCLOSE_FD:
			return std_fclose_fd(&r);
		case STD_FOPEN_WITH_ENV_FD:
			return std_fopen_with_env_fd(&r);
		}
		return AEE_EUNSUPPORTED;
	}
	switch (method) {
	case STD_FOPEN:
		return std_fopen(&r);
	case STD_FREOPEN:
		return std_freopen(&r);
	case STD_FFLUSH:
	case STD_FCLOSE:
	case STD_FTELL:
	case STD_FSEEK:
	case STD_FLEN:
	case STD_REWIND:
	case STD_FEOF:
	case STD_FERROR:
	case STD_CLEARERR:
		return std_file_op(&r, method);
	case STD_FREAD:
		return std_fread(&r);
	case STD_FWRITE:
		return std_fwrite(&r);
	case STD_PRINT_STRING:
		return std_print_string(&r);
	case STD_GETENV:
		return std_getenv(&r);
	case STD_FOPEN_WITH_ENV:
		return std_fopen_with_env(&r);
	case STD_FGETS:
		return std_fgets(&r);
	case STD_GET_SEARCH_PATHS:
		return std_get_search_paths(&r);
	case STD_FILE_EXISTS:
		return std_file_exists(&r);
	case STD_FREMOVE:
		return std_fremove(&r);
	case STD_OPENDIR:
		return std_opendir(&r);
	case STD_CLOSEDIR:
		return std_closedir(&r);
	case STD_READDIR:
		return std_readdir(&r);
	}
	return AEE_EUNSUPPORTED;
}

void apps_std_release(struct fastrpc_listener *l)
{
	unsigned int i;

	for (i = 0; i < APPS_STD_FILES_MAX; i++) {
		if (l->files[i].f)
			fclose(l->files[i].f);
		/* The session's end takes the DSP's mapping of a copy with it. */
		fastrpc_buffer_free(l->files[i].buf);
	}
	memset(l->files, 0, sizeof(l->files));
	for (i = 0; i < APPS_STD_DIRS_MAX; i++)
		if (l->dirs[i])
			closedir(l->dirs[i]);
	memset(l->dirs, 0, sizeof(l->dirs));
}
