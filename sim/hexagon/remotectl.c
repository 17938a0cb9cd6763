// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Handle 0, remotectl: how a client finds a module's handle by name.  The
 * buffers follow the layout qaic generates for remotectl's interface:
 *
 * method 0, open: 2 in, 2 out
 *   in 0:  u32 name length (bytes, including the NUL), u32 dlerror length
 *   in 1:  the name, NUL-terminated, exactly the length in 0 gives
 *   out 0: u32 handle (at least 4 bytes)
 *   out 1: dlerror string, exactly the dlerror length in 0 gives; on
 *          success an empty string (1 byte, or nothing when it is 0 long)
 *   Only LAB_SKEL_NAME is known; any other name fails with
 *   AEE_ENOSUCHMOD (no dlerror text then: failed calls carry no outputs).
 *
 * method 1, close: 1 in, 1 out
 *   in 0:  u32 handle, u32 dlerror length
 *   out 0: dlerror string, exactly that long; an empty string on success
 *   Closing LAB_SKEL_HANDLE succeeds (the skeleton is built in and stays);
 *   any other handle is AEE_EBADPARM.
 *
 * Anything else is AEE_EBADPARM (wrong buffers) or AEE_EUNSUPPORTED.
 */
#include "rt.h"
#include "skel.h"

#define REMOTECTL_OPEN	0
#define REMOTECTL_CLOSE	1

/* The empty dlerror string, as long as the caller's buffer allows. */
static void no_dlerror(struct shell_buf *err)
{
	if (err->len) {
		err->ptr[0] = 0;
		err->len = 1;
	}
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
	    out[0].len < 4 || out[1].len != errlen)
		return AEE_DSP_ERR(AEE_EBADPARM);
	if (namelen != sizeof(lab_name) || memcmp(in[1].ptr, lab_name, namelen))
		return AEE_DSP_ERR(AEE_ENOSUCHMOD);
	put_le32(out[0].ptr, LAB_SKEL_HANDLE);
	out[0].len = 4;
	no_dlerror(&out[1]);
	return 0;
}

static int32_t remotectl_close(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	if (!sc_counts_are(sc, 1, 1) || in[0].len != 8 ||
	    get_le32(in[0].ptr) != LAB_SKEL_HANDLE || out[0].len != get_le32(in[0].ptr + 4))
		return AEE_DSP_ERR(AEE_EBADPARM);
	no_dlerror(&out[0]);
	return 0;
}

int32_t remotectl_invoke(uint32_t sc, const struct shell_buf *in, struct shell_buf *out)
{
	switch (SC_METHOD(sc)) {
	case REMOTECTL_OPEN:
		return remotectl_open(sc, in, out);
	case REMOTECTL_CLOSE:
		return remotectl_close(sc, in, out);
	default:
		return AEE_DSP_ERR(AEE_EUNSUPPORTED);
	}
}
