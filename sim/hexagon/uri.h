/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How a DSP names a skeleton (uri.c): a URI
 * "file:///<file>?<symbol>&key=value..." or a bare name N, meaning the
 * file libN_skel.so and the symbol N_skel_handle_invoke, else
 * N_skel_invoke.  Plain C, shared with the host test.
 */
#ifndef URI_H
#define URI_H

#include <stddef.h>

#define URI_MAX_PART	128

struct skel_uri {
	char file[URI_MAX_PART];
	char sym[URI_MAX_PART];		/* the symbol to use first */
	char fallback[URI_MAX_PART];	/* for a bare name: N_skel_invoke; else empty */
	int modver_1_0;			/* _modver=1.0: a remote_handle64 interface */
};

/* 0, or -1 with the reason in err. */
int skel_uri_parse(const char *name, struct skel_uri *u, char *err, size_t errlen);

#endif /* URI_H */
