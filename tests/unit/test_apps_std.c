/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * apps_std.c and searchpath.c: the files, directories and strings a DSP
 * asks of the host, served from a search path in a temporary directory,
 * the confinement of names, and malformed requests, through the
 * dispatcher without a thread (the kernel mocked for the buffers
 * fopen_with_env_fd maps).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "listener.h"
#include "fake_kernel.h"
#include "rpc_test.h"

#define CONTENT		"line one\nline two\n"
#define SKEL_DOMAIN	"SKEL-IN-DOMAIN-DIR"
#define SKEL_PLAIN	"SKEL-PLAIN"

struct fixture {
	struct fastrpc_device dev;
	struct fastrpc_session *s;
	struct fastrpc_listener *l;
	uint32_t h;			/* apps_std's reverse handle */
	char dir[64];
	struct rq r;
	struct rpc_reply o;
};

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void new_listener(struct fixture *f, uint32_t flags)
{
	listener_free(f->l);
	fastrpc_session_free(f->s);
	assert_int_equal(fastrpc_device_set_listener_flags(&f->dev, flags), 0);
	f->l = rt_listener(&f->dev, &f->s);
	f->h = rt_open(f->l, "apps_std");
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char sub[PATH_MAX];

	assert_non_null(f);
	rt_device_init(&f->dev, rt_kernel);
	snprintf(f->dir, sizeof(f->dir), "/tmp/fastrpc-apps-std-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(sub, sizeof(sub), "%s/cdsp", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/d", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	put_file(f->dir, "cdsp/libfoo_skel.so", SKEL_DOMAIN);
	put_file(f->dir, "libfoo_skel.so", SKEL_PLAIN);
	put_file(f->dir, "plain.txt", CONTENT);
	put_file(f->dir, "d/a", "a");
	put_file(f->dir, "d/b", "b");
	assert_int_equal(fastrpc_device_set_search_path(&f->dev, f->dir), 0);
	new_listener(f, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	rt_device_fini(&f->dev, f->s, f->l);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static struct rq *rq_new(struct fixture *f)
{
	memset(&f->r, 0, sizeof(f->r));
	return &f->r;
}

/* in 0 of u32 words, then strings as inputs, then output lengths. */
static int call(struct fixture *f, uint32_t method, const uint32_t *w, unsigned int nw,
		const char *const *strs, unsigned int ns, const uint32_t *outs, unsigned int no)
{
	struct rq *r = rq_new(f);
	unsigned char in0[64];
	unsigned int i;

	for (i = 0; i < nw; i++)
		wr32(in0 + 4 * i, w[i]);
	rq_in(r, in0, 4 * nw);
	for (i = 0; i < ns; i++)
		rq_in(r, strs[i], strlen(strs[i]) + 1);
	for (i = 0; i < no; i++)
		rq_out(r, outs[i]);
	return rt_call(f->l, f->h, DRM_FASTRPC_SCALARS(method, 1 + ns, no, 0, 0), r, no, &f->o);
}

static int open_env(struct fixture *f, const char *name, const char *mode, uint32_t *file)
{
	const char *s[4] = { "ADSP_LIBRARY_PATH", ";", name, mode };
	uint32_t w[4], out = 4;
	unsigned int i;
	int ret;

	for (i = 0; i < 4; i++)
		w[i] = strlen(s[i]) + 1;
	ret = call(f, 19, w, 4, s, 4, &out, 1);
	if (!ret)
		*file = rd32(f->o.out[0]);
	return ret;
}

static int std_fopen(struct fixture *f, const char *name, const char *mode, uint32_t *file)
{
	const char *s[2] = { name, mode };
	uint32_t w[2] = { strlen(name) + 1, strlen(mode) + 1 }, out = 4;
	int ret;

	ret = call(f, 0, w, 2, s, 2, &out, 1);
	if (!ret)
		*file = rd32(f->o.out[0]);
	return ret;
}

/* fread: the bytes land in f->o.out[1]; *@n and *@eof from out 0. */
static int std_fread(struct fixture *f, uint32_t file, uint32_t len, uint32_t *n, uint32_t *eof)
{
	uint32_t w[2] = { file, len }, outs[2] = { 8, len };
	int ret;

	ret = call(f, 4, w, 2, NULL, 0, outs, 2);
	if (!ret) {
		*n = rd32(f->o.out[0]);
		*eof = rd32(f->o.out[0] + 4);
	}
	return ret;
}

/* A method on a file number with one output word or none: its result, *@v the word. */
static int file_op(struct fixture *f, uint32_t method, uint32_t file, uint32_t out_len,
		   uint64_t *v)
{
	uint32_t w[1] = { file };
	int ret;

	ret = call(f, method, w, 1, NULL, 0, &out_len, out_len ? 1 : 0);
	if (!ret && out_len && v)
		*v = out_len == 8 ? rd64(f->o.out[0]) : rd32(f->o.out[0]);
	return ret;
}

/* The extended form: method 31, the id first in in 0. */
static int ext(struct fixture *f, uint32_t id, const uint32_t *w, unsigned int nw,
	       const char *const *strs, unsigned int ns, uint32_t out_len)
{
	uint32_t words[8] = { id };

	memcpy(words + 1, w, nw * sizeof(*w));
	return call(f, 31, words, 1 + nw, strs, ns, &out_len, out_len ? 1 : 0);
}

static void fopen_with_env__domain_directory_first(void **state)
{
	struct fixture *f = *state;
	uint32_t file, n, eof;

	assert_int_equal(open_env(f, "libfoo_skel.so", "r", &file), 0);
	assert_int_equal(file, 100);
	assert_int_equal(std_fread(f, file, 64, &n, &eof), 0);
	assert_int_equal(n, strlen(SKEL_DOMAIN));
	assert_memory_equal(f->o.out[1], SKEL_DOMAIN, n);
	assert_int_equal(open_env(f, "plain.txt", "rb", &file), 0);
	assert_int_equal(file, 101);
	assert_int_equal(open_env(f, "missing.so", "r", &file), AEE_ENOSUCHFILE);
	assert_int_equal(rt_logs.n, 0);
}

static void fread__beyond_eof_and_positions(void **state)
{
	struct fixture *f = *state;
	uint32_t file, n, eof, w[3];
	uint64_t v;

	assert_int_equal(std_fopen(f, "plain.txt", "r", &file), 0);
	assert_int_equal(file_op(f, 10, file, 8, &v), 0);
	assert_int_equal(v, strlen(CONTENT));
	assert_int_equal(std_fread(f, file, 100, &n, &eof), 0);
	assert_int_equal(n, strlen(CONTENT));
	assert_int_equal(eof, 1);
	assert_memory_equal(f->o.out[1], CONTENT, n);
	assert_int_equal(std_fread(f, file, 100, &n, &eof), 0);
	assert_int_equal(n, 0);
	assert_int_equal(eof, 1);
	w[0] = file;
	w[1] = 5;
	w[2] = SEEK_SET;
	assert_int_equal(call(f, 9, w, 3, NULL, 0, NULL, 0), 0);
	assert_int_equal(file_op(f, 8, file, 4, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(file_op(f, 12, file, 4, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(file_op(f, 11, file, 0, NULL), 0);
	assert_int_equal(file_op(f, 8, file, 4, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(file_op(f, 13, file, 4, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(file_op(f, 2, file, 0, NULL), 0);
	w[2] = 3;
	assert_int_equal(call(f, 9, w, 3, NULL, 0, NULL, 0), AEE_EBADPARM);
	/* A length beyond the output the DSP gave. */
	w[1] = 200;
	{
		uint32_t outs[2] = { 8, 100 };

		assert_int_equal(call(f, 4, w, 2, NULL, 0, outs, 2), AEE_EBADPARM);
	}
	assert_int_equal(file_op(f, 3, file, 0, NULL), 0);
	assert_int_equal(std_fread(f, file, 10, &n, &eof), AEE_EBADPARM);
	assert_int_equal(file_op(f, 3, file, 0, NULL), AEE_EBADPARM);
	assert_int_equal(file_op(f, 3, 0, 0, NULL), AEE_EBADPARM);
	assert_int_equal(file_op(f, 3, 99, 0, NULL), AEE_EBADPARM);
	assert_int_equal(file_op(f, 3, 100 + APPS_STD_FILES_MAX, 0, NULL), AEE_EBADPARM);
}

static int std_freopen(struct fixture *f, uint32_t file, const char *name, const char *mode)
{
	const char *s[2] = { name, mode };
	uint32_t w[3] = { file, strlen(name) + 1, strlen(mode) + 1 }, out = 4;
	int ret;

	ret = call(f, 1, w, 3, s, 2, &out, 1);
	if (!ret)
		assert_int_equal(rd32(f->o.out[0]), file);
	return ret;
}

static void freopen__same_number_new_name(void **state)
{
	struct fixture *f = *state;
	uint32_t file, n, eof;

	assert_int_equal(std_fopen(f, "plain.txt", "r", &file), 0);
	assert_int_equal(std_freopen(f, file, "d/a", "r"), 0);
	assert_int_equal(std_fread(f, file, 8, &n, &eof), 0);
	assert_int_equal(n, 1);
	assert_memory_equal(f->o.out[1], "a", 1);
	/* Refused or not found before the reopen: the file stays as it was. */
	assert_int_equal(std_freopen(f, file, "../x", "r"), AEE_ENOTALLOWED);
	assert_int_equal(std_freopen(f, file, "missing", "r"), AEE_ENOSUCHFILE);
	assert_int_equal(std_freopen(f, file, "d/b", "w"), AEE_ENOTALLOWED);
	assert_int_equal(std_freopen(f, 555, "d/b", "r"), AEE_EBADPARM);
	assert_int_equal(file_op(f, 14, file, 0, NULL), 0);
	assert_int_equal(file_op(f, 3, file, 0, NULL), 0);
}

static void fgets__line_by_line(void **state)
{
	struct fixture *f = *state;
	uint32_t file, w[2], outs[2] = { 4, 64 };

	assert_int_equal(std_fopen(f, "plain.txt", "r", &file), 0);
	w[0] = file;
	w[1] = 64;
	assert_int_equal(call(f, 20, w, 2, NULL, 0, outs, 2), 0);
	assert_string_equal((const char *)f->o.out[1], "line one\n");
	assert_int_equal(rd32(f->o.out[0]), 0);
	assert_int_equal(call(f, 20, w, 2, NULL, 0, outs, 2), 0);
	assert_string_equal((const char *)f->o.out[1], "line two\n");
	assert_int_equal(call(f, 20, w, 2, NULL, 0, outs, 2), 0);
	assert_int_equal(rd32(f->o.out[0]), 1);
}

static void fopen__dotdot_is_refused_and_logged(void **state)
{
	struct fixture *f = *state;
	uint32_t file = 7;

	assert_int_equal(open_env(f, "../../etc/passwd", "r", &file), AEE_ENOTALLOWED);
	assert_int_equal(file, 7);
	assert_int_equal(rt_logs.n, 1);
	assert_int_equal(rt_logs.last.level, FASTRPC_LOG_ERROR);
	assert_string_equal(rt_logs.file, "libfastrpc");
	assert_string_equal(rt_logs.message, "refused the DSP's fopen_with_env of "
			    "\"../../etc/passwd\": a name with \"..\"");
	assert_int_equal(std_fopen(f, "d/../plain.txt", "r", &file), AEE_ENOTALLOWED);
	assert_int_equal(std_fopen(f, "..", "r", &file), AEE_ENOTALLOWED);
	/* Dots that are no ".." component are names like any other. */
	put_file(f->dir, "a..b", "x");
	assert_int_equal(std_fopen(f, "a..b", "r", &file), 0);
	assert_int_equal(rt_logs.n, 3);
}

static void fopen__absolute_outside_refused_inside_served(void **state)
{
	struct fixture *f = *state;
	char inside[PATH_MAX];
	uint32_t file;

	assert_int_equal(std_fopen(f, "/etc/passwd", "r", &file), AEE_ENOTALLOWED);
	assert_int_equal(rt_logs.n, 1);
	assert_string_equal(rt_logs.message, "refused the DSP's fopen of \"/etc/passwd\": "
			    "outside the search path");
	snprintf(inside, sizeof(inside), "%s/plain.txt", f->dir);
	assert_int_equal(std_fopen(f, inside, "r", &file), 0);
	/* A directory whose name starts like the search path's is outside it. */
	snprintf(inside, sizeof(inside), "%sx/plain.txt", f->dir);
	assert_int_equal(std_fopen(f, inside, "r", &file), AEE_ENOTALLOWED);
	new_listener(f, FASTRPC_LISTENER_ALLOW_ANY_PATH);
	assert_int_equal(std_fopen(f, "/etc/passwd", "r", &file), 0);
	snprintf(inside, sizeof(inside), "../%s/plain.txt", strrchr(f->dir, '/') + 1);
	assert_int_equal(std_fopen(f, inside, "r", &file), 0);
}

static void fopen__write_refused_unless_allowed(void **state)
{
	struct fixture *f = *state;
	const char *name[1] = { "plain.txt" };
	uint32_t file, w[2], len = sizeof("plain.txt"), out = 8;
	char path[PATH_MAX], text[16] = "";
	struct rq *r;
	FILE *fp;

	assert_int_equal(std_fopen(f, "new.txt", "w", &file), AEE_ENOTALLOWED);
	assert_int_equal(std_fopen(f, "plain.txt", "r+", &file), AEE_ENOTALLOWED);
	assert_int_equal(std_fopen(f, "plain.txt", "a", &file), AEE_ENOTALLOWED);
	assert_int_equal(call(f, 24, &len, 1, name, 1, NULL, 0), AEE_ENOTALLOWED);
	assert_int_equal(rt_logs.n, 4);
	assert_string_equal(rt_logs.message, "refused the DSP's fremove of \"plain.txt\": "
			    "the DSP may not write, create or remove files");
	assert_int_equal(std_fopen(f, "plain.txt", "rx", &file), AEE_EBADPARM);
	assert_int_equal(std_fopen(f, "plain.txt", "", &file), AEE_EBADPARM);
	new_listener(f, FASTRPC_LISTENER_ALLOW_WRITE);
	assert_int_equal(std_fopen(f, "new.txt", "w", &file), 0);
	r = rq_new(f);
	w[0] = file;
	w[1] = 5;
	rq_in(r, w, 8);
	rq_in(r, "hello", 5);
	rq_out(r, out);
	assert_int_equal(rt_call(f->l, f->h, DRM_FASTRPC_SCALARS(5, 2, 1, 0, 0), r, 1, &f->o), 0);
	assert_int_equal(rd32(f->o.out[0]), 5);
	assert_int_equal(file_op(f, 3, file, 0, NULL), 0);
	snprintf(path, sizeof(path), "%s/new.txt", f->dir);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(text, sizeof(text), fp));
	fclose(fp);
	assert_string_equal(text, "hello");
	assert_int_equal(call(f, 24, &len, 1, name, 1, NULL, 0), 0);
	snprintf(path, sizeof(path), "%s/plain.txt", f->dir);
	assert_int_equal(access(path, F_OK), -1);
}

static void fopen__too_many_files_is_eoutofhandles(void **state)
{
	struct fixture *f = *state;
	uint32_t file;
	int i;

	for (i = 0; i < APPS_STD_FILES_MAX; i++)
		assert_int_equal(std_fopen(f, "plain.txt", "r", &file), 0);
	assert_int_equal(std_fopen(f, "plain.txt", "r", &file), AEE_EOUTOFHANDLES);
	assert_int_equal(rt_logs.n, 1);
	/* One closed, one more opens; the rest close with the listener. */
	assert_int_equal(file_op(f, 3, 100 + 17, 0, NULL), 0);
	assert_int_equal(std_fopen(f, "plain.txt", "r", &file), 0);
	assert_int_equal(file, 100 + 17);
}

static void readdir__lists_a_directory(void **state)
{
	struct fixture *f = *state;
	const char *name[1] = { "d" }, *plain[1] = { "plain.txt" };
	uint32_t len = 2, w[2], outs = 264;
	unsigned int seen = 0, i;
	uint64_t dir;

	assert_int_equal(call(f, 26, &len, 1, name, 1, &(uint32_t){ 8 }, 1), 0);
	dir = rd64(f->o.out[0]);
	assert_int_equal(dir, 1);
	w[0] = (uint32_t)dir;
	w[1] = 0;
	for (i = 0; i < 10; i++) {
		assert_int_equal(call(f, 28, w, 2, NULL, 0, &outs, 1), 0);
		if (rd32(f->o.out[0] + 260))
			break;
		if (!strcmp((const char *)f->o.out[0] + 4, "a"))
			seen |= 1;
		if (!strcmp((const char *)f->o.out[0] + 4, "b"))
			seen |= 2;
	}
	assert_int_equal(i, 4);	/* ".", "..", "a", "b" */
	assert_int_equal(seen, 3);
	assert_int_equal(call(f, 27, w, 2, NULL, 0, NULL, 0), 0);
	assert_int_equal(call(f, 27, w, 2, NULL, 0, NULL, 0), AEE_EBADPARM);
	assert_int_equal(call(f, 28, w, 2, NULL, 0, &outs, 1), AEE_EBADPARM);
	len = sizeof("plain.txt");
	assert_int_equal(call(f, 26, &len, 1, plain, 1, &(uint32_t){ 8 }, 1), AEE_ENOSUCHFILE);
	/* An open directory is closed with the listener. */
	len = 2;
	assert_int_equal(call(f, 26, &len, 1, name, 1, &(uint32_t){ 8 }, 1), 0);
}

static void stat__extended_form(void **state)
{
	struct fixture *f = *state;
	const char *name[1] = { "plain.txt" }, *missing[1] = { "missing" };
	uint32_t len = sizeof("plain.txt");

	assert_int_equal(ext(f, 31, &len, 1, name, 1, 96), 0);
	assert_int_equal(rd64(f->o.out[0] + 40), strlen(CONTENT));
	assert_true(S_ISREG(rd32(f->o.out[0] + 24)));
	len = sizeof("missing");
	assert_int_equal(ext(f, 31, &len, 1, missing, 1, 96), AEE_ENOSUCHFILE);
	/* Too little room for the answer, an id the extended form lacks. */
	len = sizeof("plain.txt");
	assert_int_equal(ext(f, 31, &len, 1, name, 1, 95), AEE_EBADPARM);
	assert_int_equal(ext(f, 40, &len, 1, name, 1, 96), AEE_EUNSUPPORTED);
	assert_int_equal(ext(f, 0, &len, 1, name, 1, 96), AEE_EUNSUPPORTED);
}

static void fopen_with_env_fd__maps_a_copy_until_fclose_fd(void **state)
{
	struct fixture *f = *state;
	const char *s[4] = { "ADSP_LIBRARY_PATH", ";", "libfoo_skel.so", "r" };
	uint32_t w[4], fd;
	unsigned char *cpu;
	unsigned int i;

	for (i = 0; i < 4; i++)
		w[i] = strlen(s[i]) + 1;
	assert_int_equal(ext(f, 36, w, 4, s, 4, 8), 0);
	fd = rd32(f->o.out[0]);
	assert_int_equal(fd, 1);
	assert_int_equal(rd32(f->o.out[0] + 4), strlen(SKEL_DOMAIN));
	assert_int_equal(rt_k.maps, 1);
	assert_int_equal(rt_k.map_flags, 0);
	cpu = mmap(NULL, 4096, PROT_READ, MAP_SHARED, f->dev.fd, (off_t)fd << 20);
	assert_true(cpu != MAP_FAILED);
	assert_memory_equal(cpu, SKEL_DOMAIN, strlen(SKEL_DOMAIN));
	munmap(cpu, 4096);
	assert_int_equal(ext(f, 35, &fd, 1, NULL, 0, 0), 0);
	assert_int_equal(rt_k.unmaps, 1);
	assert_int_equal(rt_k.closes, 1);
	assert_int_equal(ext(f, 35, &fd, 1, NULL, 0, 0), AEE_EBADPARM);
	/* A write mode is refused; one left open is freed with the listener. */
	s[3] = "w";
	w[3] = 2;
	assert_int_equal(ext(f, 36, w, 4, s, 4, 8), AEE_ENOTALLOWED);
	s[3] = "r";
	assert_int_equal(ext(f, 36, w, 4, s, 4, 8), 0);
	listener_free(f->l);
	f->l = NULL;
	assert_int_equal(rt_k.closes, 2);
	new_listener(f, 0);
}

static void getenv__only_the_library_path(void **state)
{
	struct fixture *f = *state;
	const char *lib[1] = { "ADSP_LIBRARY_PATH" }, *home[1] = { "HOME" };
	uint32_t w[2] = { sizeof("ADSP_LIBRARY_PATH"), 64 }, outs[2] = { 4, 64 };

	assert_int_equal(call(f, 16, w, 2, lib, 1, outs, 2), 0);
	assert_string_equal((const char *)f->o.out[1], f->dir);
	assert_int_equal(rd32(f->o.out[0]), strlen(f->dir) + 1);
	w[0] = sizeof("HOME");
	assert_int_equal(call(f, 16, w, 2, home, 1, outs, 2), AEE_ENOSUCH);
	w[0] = sizeof("ADSP_LIBRARY_PATH");
	w[1] = 65;
	assert_int_equal(call(f, 16, w, 2, lib, 1, outs, 2), AEE_EBADPARM);
}

static void file_exists__files_and_directories(void **state)
{
	struct fixture *f = *state;
	const char *s[1];
	uint32_t len, out = 1;

	s[0] = "plain.txt";
	len = sizeof("plain.txt");
	assert_int_equal(call(f, 22, &len, 1, s, 1, &out, 1), 0);
	assert_int_equal(f->o.out[0][0], 1);
	s[0] = "d";
	len = 2;
	assert_int_equal(call(f, 22, &len, 1, s, 1, &out, 1), 0);
	assert_int_equal(f->o.out[0][0], 1);
	s[0] = "nope";
	len = 5;
	assert_int_equal(call(f, 22, &len, 1, s, 1, &out, 1), 0);
	assert_int_equal(f->o.out[0][0], 0);
	s[0] = "../x";
	assert_int_equal(call(f, 22, &len, 1, s, 1, &out, 1), AEE_ENOTALLOWED);
}

static void get_search_paths_with_env__existing_directories(void **state)
{
	struct fixture *f = *state;
	char path[128], dom[140];
	unsigned char in0[12], lens[8];
	struct rq *r;

	snprintf(path, sizeof(path), "%s;/nonexistent-fastrpc", f->dir);
	assert_int_equal(fastrpc_device_set_search_path(&f->dev, path), 0);
	new_listener(f, 0);
	snprintf(dom, sizeof(dom), "%s/cdsp", f->dir);
	r = rq_new(f);
	wr32(in0, sizeof("ADSP_LIBRARY_PATH"));
	wr32(in0 + 4, 2);
	wr32(in0 + 8, 2);
	wr32(lens, 128);
	wr32(lens + 4, 128);
	rq_in(r, in0, 12);
	rq_in(r, "ADSP_LIBRARY_PATH", sizeof("ADSP_LIBRARY_PATH"));
	rq_in(r, ";", 2);
	rq_in(r, lens, 8);
	rq_out(r, 6);
	rq_out(r, 128);
	rq_out(r, 128);
	assert_int_equal(rt_call(f->l, f->h, DRM_FASTRPC_SCALARS(21, 4, 3, 0, 0), r, 3, &f->o), 0);
	assert_int_equal(rd32(f->o.out[0]), 2);
	assert_int_equal(f->o.out[0][4] | f->o.out[0][5] << 8, strlen(dom) + 1);
	assert_string_equal((const char *)f->o.out[1], dom);
	assert_string_equal((const char *)f->o.out[2], f->dir);
	/* As many outputs as paths asked, or refused. */
	assert_int_equal(listener_dispatch(f->l, f->h, DRM_FASTRPC_SCALARS(21, 4, 2, 0, 0),
					   r->b, r->n - 4), AEE_EBADPARM);
}

static void print_string__goes_to_the_log(void **state)
{
	struct fixture *f = *state;
	const char *s[1] = { "hello from the DSP\n" };
	uint32_t len = strlen(s[0]) + 1;
	struct rq *r;

	assert_int_equal(call(f, 15, &len, 1, s, 1, NULL, 0), 0);
	assert_int_equal(rt_logs.n, 1);
	assert_int_equal(rt_logs.last.level, FASTRPC_LOG_HIGH);
	assert_string_equal(rt_logs.file, "");
	assert_string_equal(rt_logs.message, "hello from the DSP");
	/* Not terminated within its length. */
	r = rq_new(f);
	wr32(&len, 5);
	rq_in(r, &len, 4);
	rq_in(r, "hello", 5);
	assert_int_equal(rt_call(f->l, f->h, DRM_FASTRPC_SCALARS(15, 2, 0, 0, 0), r, 0, NULL),
			 AEE_EBADPARM);
	assert_int_equal(rt_logs.n, 1);
}

static void apps_std_invoke__malformed_requests(void **state)
{
	struct fixture *f = *state;
	const char *s[2] = { "plain.txt", "r" };
	uint32_t w[2] = { sizeof("plain.txt"), 2 }, out = 4;
	struct rq *r;

	/* fopen with a wrong sc, a name length beyond its buffer, in 0 too short. */
	assert_int_equal(call(f, 0, w, 2, s, 2, NULL, 0), AEE_EBADPARM);
	w[0] = 200;
	assert_int_equal(call(f, 0, w, 2, s, 2, &out, 1), AEE_EBADPARM);
	w[0] = 4;
	assert_int_equal(call(f, 0, w, 2, s, 2, &out, 1), AEE_EBADPARM);
	assert_int_equal(call(f, 0, w, 1, s, 2, &out, 1), AEE_EBADPARM);
	w[0] = 0;
	assert_int_equal(call(f, 0, w, 2, s, 2, &out, 1), AEE_EBADPARM);
	/* Methods apps_std does not serve, and the extended form without its id. */
	assert_int_equal(call(f, 29, w, 2, s, 2, NULL, 0), AEE_EUNSUPPORTED);
	assert_int_equal(call(f, 30, w, 1, NULL, 0, NULL, 0), AEE_EUNSUPPORTED);
	r = rq_new(f);
	rq_in(r, "", 0);
	assert_int_equal(rt_call(f->l, f->h, DRM_FASTRPC_SCALARS(31, 1, 0, 0, 0), r, 0, NULL),
			 AEE_EBADPARM);
	assert_int_equal(rt_call(f->l, f->h, DRM_FASTRPC_SCALARS(31, 0, 0, 0, 0), r, 0, NULL),
			 AEE_EBADPARM);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(fopen_with_env__domain_directory_first),
		T(fread__beyond_eof_and_positions),
		T(freopen__same_number_new_name),
		T(fgets__line_by_line),
		T(fopen__dotdot_is_refused_and_logged),
		T(fopen__absolute_outside_refused_inside_served),
		T(fopen__write_refused_unless_allowed),
		T(fopen__too_many_files_is_eoutofhandles),
		T(readdir__lists_a_directory),
		T(stat__extended_form),
		T(fopen_with_env_fd__maps_a_copy_until_fclose_fd),
		T(getenv__only_the_library_path),
		T(file_exists__files_and_directories),
		T(get_search_paths_with_env__existing_directories),
		T(print_string__goes_to_the_log),
		T(apps_std_invoke__malformed_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
