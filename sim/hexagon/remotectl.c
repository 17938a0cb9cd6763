// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * remotectl: how a client finds a module's handle by name.  Two static
 * handles serve it with one buffer layout, the one qaic generates for
 * Qualcomm's remotectl.idl and remotectl1.idl (little-endian u32s):
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
 * Only LAB_SKEL_NAME opens (to LAB_SKEL_HANDLE), and only LAB_SKEL_HANDLE
 * closes (built in, it stays).  As on a DSP, a module that does not open
 * or close is not a failed call: the call succeeds, with nErr (what the
 * client library returns) AEE_DSP_ERR(AEE_ENOSUCHMOD) for a name,
 * AEE_DSP_ERR(AEE_EBADPARM) for a handle, handle 0, and the reason in
 * dlerror, as much as fits, NUL-terminated (a failed call carries no
 * outputs, so that is the only way dlerror reaches the client).  On success
 * nErr is 0 and dlerror an empty string.  Buffers of another shape are
 * AEE_EBADPARM; other methods (grow_heap, set_param, ...) AEE_EUNSUPPORTED.
 */
#include "rt.h"
#include "skel.h"

/* dlerror = @what then @name (at most @namelen bytes), cut to fit, NUL-terminated. */
static void set_dlerror(struct shell_buf *err, const char *what, const uint8_t *name,
			uint32_t namelen)
{
	uint32_t n = 0;

	if (!err->len)
		return;
	while (*what && n < err->len - 1)
		err->ptr[n++] = (uint8_t)*what++;
	while (namelen-- && *name && n < err->len - 1)
		err->ptr[n++] = *name++;
	err->ptr[n++] = 0;
	err->len = n;
}

static int32_t remotectl_open(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	static const char lab_name[] = LAB_SKEL_NAME;
	uint32_t namelen, errlen;

	if (!sc_counts_are(sc, 2, 2) || in[0].len != 8)
		return AEE_DSP_ERR(AEE_EBADPARM);
	namelen = get_le32(in[0].ptr);
	errlen = get_le32(in[0].ptr + 4);
	if (namelen == 0 || in[1].len != namelen || in[1].ptr[namelen - 1] ||
	    out[0].len != 8 || out[1].len != errlen)
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (namelen != sizeof(lab_name) || memcmp(in[1].ptr, lab_name, namelen)) {
		put_le32(out[0].ptr, 0);
		put_le32(out[0].ptr + 4, (uint32_t)AEE_DSP_ERR(AEE_ENOSUCHMOD));
		set_dlerror(&out[1], "no such module: ", in[1].ptr, namelen);
		return 0;
	}
	put_le32(out[0].ptr, LAB_SKEL_HANDLE);
	put_le32(out[0].ptr + 4, 0);
	set_dlerror(&out[1], "", NULL, 0);
	return 0;
}

static int32_t remotectl_close(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	if (!sc_counts_are(sc, 1, 2) || in[0].len != 8 || out[0].len != 4 ||
	    out[1].len != get_le32(in[0].ptr + 4))
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (get_le32(in[0].ptr) != LAB_SKEL_HANDLE) {
		put_le32(out[0].ptr, (uint32_t)AEE_DSP_ERR(AEE_EBADPARM));
		set_dlerror(&out[1], "not an open module handle", NULL, 0);
		return 0;
	}
	put_le32(out[0].ptr, 0);
	set_dlerror(&out[1], "", NULL, 0);
	return 0;
}

int32_t remotectl_invoke(uint32_t handle, uint32_t sc, const struct shell_buf *in,
			 struct shell_buf *out)
{
	uint32_t method = SC_METHOD(sc);

	if (handle == REMOTECTL1_HANDLE) {
		if (method == REMOTECTL1_OPEN1)
			return remotectl_open(sc, in, out);
		if (method == REMOTECTL1_CLOSE1)
			return remotectl_close(sc, in, out);
	} else {
		if (method == REMOTECTL_OPEN)
			return remotectl_open(sc, in, out);
		if (method == REMOTECTL_CLOSE)
			return remotectl_close(sc, in, out);
	}
	return AEE_DSP_ERR(AEE_EUNSUPPORTED);
}
