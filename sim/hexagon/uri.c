// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Parsing a module's name as a DSP does (Qualcomm's mod_table.c parse_uri
 * is a copy of the DSP's): "file://", an optional "/", the file up to '?',
 * the symbol up to '&', then "key" or "key=value" pairs separated by '&'.
 * Only _modver means something: "1.0" makes the entry a remote_handle64
 * interface; _dom, _session and _idlver are hints the DSP ignores.  A name
 * without "file://" is a bare module name.
 */
#ifdef __hexagon__
#include "rt.h"
#else
#include <stdio.h>
#include <string.h>
#endif
#include "uri.h"

#define PREFIX	"file://"

/* Copies [s, s + n) into dst as a string; -1 when it is empty or too long. */
static int part(char *dst, const char *s, size_t n)
{
	if (!n || n >= URI_MAX_PART)
		return -1;
	memcpy(dst, s, n);
	dst[n] = 0;
	return 0;
}

static size_t span_until(const char *s, const char *stop)
{
	size_t n = 0;

	while (s[n] && !strchr(stop, s[n]))
		n++;
	return n;
}

static int bare(const char *name, struct skel_uri *u, char *err, size_t errlen)
{
	size_t n = strlen(name), i;

	for (i = 0; i < n; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-' || ch == '.')) {
			snprintf(err, errlen, "bad module name %.40s: not a URI, and not a bare "
				 "name (letters, digits, _ - .)", name);
			return -1;
		}
	}
	if (!n || n > URI_MAX_PART - 20) {
		snprintf(err, errlen, "bad module name: %s", n ? "too long" : "empty");
		return -1;
	}
	snprintf(u->file, sizeof(u->file), "lib%s_skel.so", name);
	snprintf(u->sym, sizeof(u->sym), "%s_skel_handle_invoke", name);
	snprintf(u->fallback, sizeof(u->fallback), "%s_skel_invoke", name);
	return 0;
}

int skel_uri_parse(const char *name, struct skel_uri *u, char *err, size_t errlen)
{
	const char *p = name, *key;
	size_t n, klen;

	memset(u, 0, sizeof(*u));
	if (errlen)
		err[0] = 0;
	if (strncmp(p, PREFIX, sizeof(PREFIX) - 1))
		return bare(name, u, err, errlen);
	p += sizeof(PREFIX) - 1;
	if (*p == '/')
		p++;
	n = span_until(p, "?");
	if (part(u->file, p, n) || p[n] != '?') {
		snprintf(err, errlen, "bad URI %.60s: no file, or no '?' after it", name);
		return -1;
	}
	p += n + 1;
	n = span_until(p, "&");
	if (part(u->sym, p, n)) {
		snprintf(err, errlen, "bad URI %.60s: no symbol after '?'", name);
		return -1;
	}
	p += n;
	while (*p == '&') {
		p++;
		key = p;
		klen = span_until(p, "&=");
		if (!klen) {
			snprintf(err, errlen, "bad URI %.60s: an empty key", name);
			return -1;
		}
		p += klen;
		if (*p == '=') {
			p++;
			n = span_until(p, "&");
			if (klen == 7 && !strncmp(key, "_modver", 7) && n == 3 &&
			    !strncmp(p, "1.0", 3))
				u->modver_1_0 = 1;
			p += n;
		}
	}
	return 0;
}
