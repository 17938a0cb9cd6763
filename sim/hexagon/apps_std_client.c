// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Reading a file from the host, as a DSP's loader does: the host module
 * apps_std, opened through the host's remotectl, then fopen_with_env in
 * ADSP_LIBRARY_PATH, flen, fread in pieces, fclose.  Layouts as qaic
 * generates them for apps_std.idl (Qualcomm's apps_std_skel.c):
 *
 *   19 fopen_with_env: in 0 {u32 env_len, delim_len, name_len, mode_len}
 *                      (each with its NUL), in 1..4 the strings;
 *                      out 0 {u32 file}
 *   10 flen:           in 0 {u32 file}; out 0 {u64 len}
 *    4 fread:          in 0 {u32 file, u32 room}; out 0 {i32 bytes_read,
 *                      i32 eof}, out 1 the bytes (room of them)
 *    3 fclose:         in 0 {u32 file}
 */
#include "rt.h"
#include "skel.h"

#define APPS_STD_FCLOSE		3
#define APPS_STD_FREAD		4
#define APPS_STD_FLEN		10
#define APPS_STD_FOPEN_WITH_ENV	19

/* Room of one fread: its answer (16 bytes of lengths and out 0 besides) fits a reverse call. */
#define FREAD_CHUNK	(SHELL_MAX_RCALL_LEN - 64)

static uint32_t apps_std = 0xffffffffu;

static void say(char *err, uint32_t errlen, const char *name, const char *what, int32_t code)
{
	if (code)
		snprintf(err, errlen, "%s: %s (0x%x)", name, what, (uint32_t)code);
	else
		snprintf(err, errlen, "%s: %s", name, what);
}

static int32_t file_close(uint32_t file)
{
	uint8_t arg[4];
	struct rcall_buf in = { arg, 4 };

	put_le32(arg, file);
	return shell_rcall(apps_std, SC_MAKE(APPS_STD_FCLOSE, 1, 0), &in, NULL);
}

static int32_t file_open(const char *name, const char *mode, uint32_t *file)
{
	static const char env[] = "ADSP_LIBRARY_PATH", delim[] = ";";
	uint8_t lens[16], res[4];
	uint32_t namelen = (uint32_t)strlen(name) + 1, modelen = (uint32_t)strlen(mode) + 1;
	struct rcall_buf in[5] = {
		{ lens, 16 }, { (void *)env, sizeof(env) }, { (void *)delim, sizeof(delim) },
		{ (void *)name, namelen }, { (void *)mode, modelen },
	};
	struct rcall_buf out = { res, 4 };
	int32_t ret;

	put_le32(lens, sizeof(env));
	put_le32(lens + 4, sizeof(delim));
	put_le32(lens + 8, namelen);
	put_le32(lens + 12, modelen);
	ret = shell_rcall(apps_std, SC_MAKE(APPS_STD_FOPEN_WITH_ENV, 5, 1), in, &out);
	if (!ret)
		*file = get_le32(res);
	return ret;
}

static int32_t file_length(uint32_t file, uint64_t *len)
{
	uint8_t arg[4], res[8];
	struct rcall_buf in = { arg, 4 }, out = { res, 8 };
	int32_t ret;

	put_le32(arg, file);
	ret = shell_rcall(apps_std, SC_MAKE(APPS_STD_FLEN, 1, 1), &in, &out);
	if (!ret)
		*len = get_le64(res);
	return ret;
}

/* Reads exactly len bytes; AEE_EFAILED when the file gives fewer. */
static int32_t file_read(uint32_t file, uint8_t *dst, uint32_t len)
{
	static uint8_t chunk[FREAD_CHUNK];
	uint8_t arg[8], res[8];
	struct rcall_buf in = { arg, 8 }, out[2] = { { res, 8 }, { chunk, 0 } };
	uint32_t done = 0, want;
	int32_t ret, got;

	while (done < len) {
		want = len - done < FREAD_CHUNK ? len - done : FREAD_CHUNK;
		put_le32(arg, file);
		put_le32(arg + 4, want);
		out[1].len = want;
		ret = shell_rcall(apps_std, SC_MAKE(APPS_STD_FREAD, 1, 2), &in, out);
		if (ret)
			return ret;
		got = (int32_t)get_le32(res);
		if (got <= 0 || (uint32_t)got > want)
			return AEE_DSP_ERR(AEE_EFAILED);
		memcpy(dst + done, chunk, (uint32_t)got);
		done += (uint32_t)got;
	}
	return 0;
}

/* The host's apps_std, opened once per process: 0 or the host's refusal. */
static int32_t apps_std_get(void)
{
	int32_t ret;

	if (apps_std != 0xffffffffu)
		return 0;
	ret = host_module_open("apps_std", &apps_std);
	if (ret)
		apps_std = 0xffffffffu;
	return ret;
}

int32_t host_file_probe(const char *name, const char *mode)
{
	uint32_t file;
	int32_t ret;

	ret = apps_std_get();
	if (!ret)
		ret = file_open(name, mode, &file);
	if (!ret)
		file_close(file);
	return ret;
}

int32_t host_file_read(const char *name, uint8_t **data, uint32_t *len, char *err,
		       uint32_t errlen)
{
	uint32_t file;
	uint64_t size;
	uint8_t *buf;
	int32_t ret;

	ret = apps_std_get();
	if (ret) {
		say(err, errlen, name, ret == AEE_DSP_ERR(AEE_ECONNREFUSED) ?
		    "the host has no listener to read it from" :
		    "the host's apps_std did not open", ret);
		return AEE_DSP_ERR(AEE_ENOSUCHMOD);
	}
	ret = file_open(name, "r", &file);
	if (ret) {
		say(err, errlen, name, "no such file in the host's search path", 0);
		return AEE_DSP_ERR(AEE_ENOSUCHMOD);
	}
	ret = file_length(file, &size);
	if (ret || size == 0 || size > HOST_FILE_MAX) {
		file_close(file);
		say(err, errlen, name, ret ? "the host cannot tell its length" :
		    size ? "larger than 16 MiB" : "an empty file", ret);
		return AEE_DSP_ERR(ret ? AEE_EFAILED : AEE_EBADPARM);
	}
	buf = rt_mmap_anon((uint32_t)size);
	if (!buf) {
		file_close(file);
		say(err, errlen, name, "no memory to read it into", 0);
		return AEE_DSP_ERR(AEE_ENOMEMORY);
	}
	ret = file_read(file, buf, (uint32_t)size);
	file_close(file);
	if (ret) {
		rt_munmap(buf, (uint32_t)size);
		say(err, errlen, name, "reading it from the host failed", ret);
		return AEE_DSP_ERR(AEE_EFAILED);
	}
	*data = buf;
	*len = (uint32_t)size;
	return 0;
}

void host_file_free(uint8_t *data, uint32_t len)
{
	if (data)
		rt_munmap(data, len);
}
