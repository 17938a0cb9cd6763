// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * remotectl: how a client opens a module by name, and the table of modules
 * open in the process.  Two static handles serve it with one buffer
 * layout, the one qaic generates for Qualcomm's remotectl.idl and
 * remotectl1.idl (little-endian u32s):
 *
 *   REMOTECTL_HANDLE (0):  method 0 open, 1 close
 *   REMOTECTL1_HANDLE (8): method 2 open1, 3 close1 (remotectl1 is a
 *                          remote_handle64 interface: 0 and 1 are its own
 *                          open and close, which clients never send)
 *
 * open, open1: 2 in, 2 out
 *   in 0:  u32 name length (bytes, with the NUL), u32 dlerror length
 *   in 1:  the name, NUL-terminated, exactly the length in 0 gives
 *   out 0: u32 handle, u32 nErr (8 bytes)
 *   out 1: dlerror, exactly the dlerror length in 0 gives
 *
 * close, close1: 1 in, 2 out
 *   in 0:  u32 handle, u32 dlerror length
 *   out 0: u32 nErr (4 bytes)
 *   out 1: dlerror, exactly that long
 *
 * open parses the name (uri.c), reads the file from the host (apps_std,
 * through reverse calls), loads it (loader.c) against the shell's exports
 * and finds the entry symbol.  An entry of the remote_handle64 form
 * (_modver=1.0, or a bare name's N_skel_handle_invoke) is opened: its
 * method 0 open(uri, rout h64) with sc 0x00020001 as a DSP calls it (in 0
 * {u32 uri length with the NUL}, in 1 the uri, then one out handle, the
 * h64), and closed at remotectl close with method 1, sc 0x01000010 (one in
 * handle, the h64).  Every open gets a new handle from MODULE_FIRST_HANDLE
 * up; a library opened twice is loaded once and counted, and unloaded
 * (fini, then unmapped) when its last handle closes.
 *
 * As on a DSP, a module that does not open or close is not a failed call:
 * the call succeeds, with nErr (what the client library returns)
 * AEE_DSP_ERR(AEE_ENOSUCHMOD) for a module that does not load or has no
 * such symbol, AEE_DSP_ERR(AEE_EBADPARM) for a bad name or handle, what
 * the module's own open returned, handle 0, and the reason in dlerror, as
 * much as fits, NUL-terminated (a failed call carries no outputs, so that
 * is the only way dlerror reaches the client).  On success nErr is 0 and
 * dlerror an empty string.  Buffers of another shape are AEE_EBADPARM;
 * other methods (grow_heap, set_param, ...) AEE_EUNSUPPORTED.  A
 * preloaded module's handle closes with nErr 0 and stays.
 */
#include "rt.h"
#include "skel.h"
#include "loader.h"
#include "uri.h"

#define MAX_MODULES		64
#define MODULE_FIRST_HANDLE	0x100u
#define ERR_ROOM		256

struct library {
	char file[URI_MAX_PART];	/* empty for a preloaded module: never found by name */
	struct ldr_module ldr;
	uint32_t refs;
};

struct instance {
	uint32_t handle;		/* 0: a free slot */
	struct library *lib;
	skel_handle_invoke_fn handle_invoke;
	skel_invoke_fn invoke;
	uint64_t h64;
	int preloaded;
};

static struct library libs[MAX_MODULES];
static struct instance insts[MAX_MODULES];
static uint32_t next_handle = MODULE_FIRST_HANDLE;

static void *map_code(size_t len)
{
	return rt_mmap_code(len);
}

static void unmap_code(void *p, size_t len)
{
	rt_munmap(p, len);
}

static const struct ldr_ops ops = { map_code, unmap_code, shell_export };

/* dlerror = the message, cut to fit, NUL-terminated; its length is what was sent. */
static void set_dlerror(remote_arg *err, const char *msg)
{
	uint32_t n;

	if (!err->buf.nLen)
		return;
	n = (uint32_t)strnlen(msg, err->buf.nLen - 1);
	memcpy(err->buf.pv, msg, n);
	((char *)err->buf.pv)[n++] = 0;
	err->buf.nLen = n;
}

static struct instance *find_instance(uint32_t handle)
{
	uint32_t i;

	for (i = 0; handle && i < MAX_MODULES; i++) {
		if (insts[i].handle == handle)
			return &insts[i];
	}
	return NULL;
}

static struct instance *slot(void)
{
	uint32_t i;

	for (i = 0; i < MAX_MODULES; i++) {
		if (!insts[i].handle)
			return &insts[i];
	}
	return NULL;
}

static uint32_t new_handle(void)
{
	while (find_instance(next_handle) || next_handle < MODULE_FIRST_HANDLE)
		next_handle = next_handle == 0xffffffffu ? MODULE_FIRST_HANDLE : next_handle + 1;
	return next_handle++;
}

static void run(const uintptr_t *fns, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		((void (*)(void))fns[i])();
}

static void lib_put(struct library *lib)
{
	uintptr_t fns[LDR_MAX_INITS + 1];

	if (--lib->refs)
		return;
	run(fns, ldr_finis(&lib->ldr, fns, LDR_MAX_INITS + 1));
	shell_atexit_run((uintptr_t)lib->ldr.mem, (uintptr_t)lib->ldr.mem + lib->ldr.span);
	ldr_unload(&lib->ldr, &ops);
	lib->file[0] = 0;
}

/* A library from the ELF bytes: loaded, relocated, its init run. */
static struct library *lib_load(const char *file, const uint8_t *elf, uint32_t len, char *err,
				int32_t *nerr)
{
	uintptr_t fns[LDR_MAX_INITS + 1];
	struct library *lib = NULL;
	uint32_t i;
	char why[ERR_ROOM - URI_MAX_PART];

	for (i = 0; i < MAX_MODULES && !lib; i++) {
		if (!libs[i].refs)
			lib = &libs[i];
	}
	if (!lib) {
		snprintf(err, ERR_ROOM, "%s: too many libraries loaded", file);
		*nerr = AEE_DSP_ERR(AEE_ENOMEMORY);
		return NULL;
	}
	if (ldr_load(&lib->ldr, elf, len, &ops, why, sizeof(why))) {
		snprintf(err, ERR_ROOM, "%s: %s", file, why);
		*nerr = AEE_DSP_ERR(AEE_ENOSUCHMOD);
		return NULL;
	}
	lib->refs = 1;
	snprintf(lib->file, sizeof(lib->file), "%s", file);
	run(fns, ldr_inits(&lib->ldr, fns, LDR_MAX_INITS + 1));
	return lib;
}

static struct library *lib_get(const char *file, char *err, int32_t *nerr)
{
	struct library *lib;
	uint8_t *elf;
	uint32_t i, len;

	for (i = 0; i < MAX_MODULES; i++) {
		if (libs[i].refs && !strcmp(libs[i].file, file)) {
			libs[i].refs++;
			return &libs[i];
		}
	}
	*nerr = host_file_read(file, &elf, &len, err, ERR_ROOM);
	if (*nerr)
		return NULL;
	lib = lib_load(file, elf, len, err, nerr);
	host_file_free(elf, len);
	return lib;
}

/* The entry: the first symbol found; its form decides how it is called. */
static int find_entry(struct instance *in, const struct skel_uri *u, int bare, char *err)
{
	uintptr_t fn = ldr_function(&in->lib->ldr, u->sym);

	if (fn && (u->modver_1_0 || bare)) {
		in->handle_invoke = (skel_handle_invoke_fn)fn;
		return 0;
	}
	if (fn) {
		in->invoke = (skel_invoke_fn)fn;
		return 0;
	}
	if (u->fallback[0]) {
		fn = ldr_function(&in->lib->ldr, u->fallback);
		if (fn) {
			in->invoke = (skel_invoke_fn)fn;
			return 0;
		}
		snprintf(err, ERR_ROOM, "%s: no symbol %s or %s", in->lib->file, u->sym,
			 u->fallback);
		return -1;
	}
	snprintf(err, ERR_ROOM, "%s: no symbol %s", in->lib->file, u->sym);
	return -1;
}

/* A remote_handle64 interface's own open: method 0, the uri in, the h64 out. */
static int32_t interface_open(struct instance *in, const char *uri, uint32_t urilen)
{
	uint8_t len[4];
	remote_arg pra[3];
	int32_t ret;

	put_le32(len, urilen);
	pra[0].buf.pv = len;
	pra[0].buf.nLen = 4;
	pra[1].buf.pv = (void *)uri;
	pra[1].buf.nLen = urilen;
	pra[2].h64 = 0;
	ret = in->handle_invoke(0, SC_MAKE(0, 2, 0) | 1u, pra);
	in->h64 = pra[2].h64;
	return ret;
}

static int32_t interface_close(struct instance *in)
{
	remote_arg pra[1];

	pra[0].h64 = in->h64;
	return in->handle_invoke(in->h64, SC_MAKE(1, 0, 0) | 1u << 4, pra);
}

static int32_t module_open(const char *name, uint32_t namelen, uint32_t *handle, char *err)
{
	struct skel_uri u;
	struct instance *in;
	int32_t nerr = 0;
	int bare;

	if (skel_uri_parse(name, &u, err, ERR_ROOM))
		return AEE_DSP_ERR(AEE_EBADPARM);
	bare = u.fallback[0] != 0;
	in = slot();
	if (!in) {
		snprintf(err, ERR_ROOM, "%s: %u modules open already", u.file, MAX_MODULES);
		return AEE_DSP_ERR(AEE_ENOMEMORY);
	}
	memset(in, 0, sizeof(*in));
	in->lib = lib_get(u.file, err, &nerr);
	if (!in->lib)
		return nerr;
	if (find_entry(in, &u, bare, err)) {
		lib_put(in->lib);
		return AEE_DSP_ERR(AEE_ENOSUCHMOD);
	}
	if (in->handle_invoke) {
		nerr = interface_open(in, name, namelen);
		if (nerr) {
			snprintf(err, ERR_ROOM, "%s: the interface's open returned 0x%x", u.sym,
				 (uint32_t)nerr);
			lib_put(in->lib);
			return nerr;
		}
	}
	in->handle = new_handle();
	*handle = in->handle;
	return 0;
}

static int32_t remotectl_open(uint32_t sc, remote_arg *pra)
{
	char err[ERR_ROOM];
	const uint8_t *lens = pra[0].buf.pv;
	const char *name = pra[1].buf.pv;
	uint32_t namelen, errlen, handle = 0;
	int32_t nerr;

	if (!sc_counts_are(sc, 2, 2) || pra[0].buf.nLen != 8)
		return AEE_DSP_ERR(AEE_EBADPARM);
	namelen = get_le32(lens);
	errlen = get_le32(lens + 4);
	if (namelen == 0 || pra[1].buf.nLen != namelen || name[namelen - 1] ||
	    pra[2].buf.nLen != 8 || pra[3].buf.nLen != errlen)
		return AEE_DSP_ERR(AEE_EBADPARM);
	err[0] = 0;
	if (strlen(name) + 1 != namelen) {
		snprintf(err, sizeof(err), "bad module name: a NUL inside it");
		nerr = AEE_DSP_ERR(AEE_EBADPARM);
	} else {
		nerr = module_open(name, namelen, &handle, err);
	}
	put_le32(pra[2].buf.pv, nerr ? 0 : handle);
	put_le32((uint8_t *)pra[2].buf.pv + 4, (uint32_t)nerr);
	set_dlerror(&pra[3], err);
	return 0;
}

static int32_t remotectl_close(uint32_t sc, remote_arg *pra)
{
	const uint8_t *args = pra[0].buf.pv;
	struct instance *in;
	int32_t nerr = 0;
	char err[ERR_ROOM];

	if (!sc_counts_are(sc, 1, 2) || pra[0].buf.nLen != 8 || pra[1].buf.nLen != 4 ||
	    pra[2].buf.nLen != get_le32(args + 4))
		return AEE_DSP_ERR(AEE_EBADPARM);
	err[0] = 0;
	in = find_instance(get_le32(args));
	if (!in) {
		nerr = AEE_DSP_ERR(AEE_EBADPARM);
		snprintf(err, sizeof(err), "not an open module handle");
	} else if (!in->preloaded) {
		if (in->handle_invoke) {
			nerr = interface_close(in);
			if (nerr)
				snprintf(err, sizeof(err), "%s: the interface's close returned "
					 "0x%x", in->lib->file, (uint32_t)nerr);
		}
		/* The handle goes whatever the interface said: it cannot be closed twice. */
		lib_put(in->lib);
		in->handle = 0;
	}
	put_le32(pra[1].buf.pv, (uint32_t)nerr);
	set_dlerror(&pra[2], err);
	return 0;
}

int32_t remotectl_invoke(uint32_t handle, uint32_t sc, remote_arg *pra)
{
	uint32_t method = SC_METHOD(sc);

	if (handle == REMOTECTL1_HANDLE) {
		if (method == REMOTECTL1_OPEN1)
			return remotectl_open(sc, pra);
		if (method == REMOTECTL1_CLOSE1)
			return remotectl_close(sc, pra);
	} else {
		if (method == REMOTECTL_OPEN)
			return remotectl_open(sc, pra);
		if (method == REMOTECTL_CLOSE)
			return remotectl_close(sc, pra);
	}
	return AEE_DSP_ERR(AEE_EUNSUPPORTED);
}

int32_t module_invoke(uint32_t handle, uint32_t sc, remote_arg *pra)
{
	struct instance *in = find_instance(handle);

	if (!in || handle == REMOTECTL_HANDLE || handle == REMOTECTL1_HANDLE)
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (in->handle_invoke)
		return in->handle_invoke(in->h64, sc, pra);
	return in->invoke(sc, pra);
}

static void preload_says(const char *name, const char *why)
{
	char line[ERR_ROOM + 64];
	int n = snprintf(line, sizeof(line), "fastrpc_shell: preloaded module %s left out: %s\n",
			 name, why);

	rt_write_full(2, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

void module_preload(uint32_t handle, const char *name, const uint8_t *elf, uint32_t len)
{
	char err[ERR_ROOM], base[URI_MAX_PART];
	struct skel_uri u;
	struct instance *in;
	const char *s;
	size_t n;
	int32_t nerr;

	/* "lab", "liblab_skel.so" or a URI all name the lab skeleton. */
	s = name;
	n = strlen(s);
	if (!strncmp(s, "lib", 3) && n > 11 && !strcmp(s + n - 8, "_skel.so") &&
	    n - 11 < sizeof(base)) {
		memcpy(base, s + 3, n - 11);
		base[n - 11] = 0;
		s = base;
	}
	if (handle == REMOTECTL_HANDLE || handle == REMOTECTL1_HANDLE || find_instance(handle)) {
		preload_says(name, "its handle is taken");
		return;
	}
	if (skel_uri_parse(s, &u, err, sizeof(err))) {
		preload_says(name, err);
		return;
	}
	in = slot();
	if (!in) {
		preload_says(name, "too many modules");
		return;
	}
	memset(in, 0, sizeof(*in));
	in->lib = lib_load(u.file, elf, len, err, &nerr);
	if (!in->lib) {
		preload_says(name, err);
		return;
	}
	/* Never found by name: remotectl open loads its own copy. */
	in->lib->file[0] = 0;
	if (find_entry(in, &u, u.fallback[0] != 0, err)) {
		preload_says(name, err);
		lib_put(in->lib);
		return;
	}
	/* Preloaded interfaces are served without an open: their h64 is 0. */
	in->preloaded = 1;
	in->handle = handle;
}
