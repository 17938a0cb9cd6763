/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export's child command line: every "{}" inside an argument becomes the fd. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* @arg with each "{}" replaced by @num; NULL when out of memory. */
static char *subst_one(const char *arg, const char *num)
{
	size_t nlen = strlen(num), len = 0;
	const char *p;
	char *out, *o;

	for (p = arg; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			len += nlen;
			p++;
		} else {
			len++;
		}
	}
	out = malloc(len + 1);
	if (!out)
		return NULL;
	for (p = arg, o = out; *p; p++) {
		if (p[0] == '{' && p[1] == '}') {
			memcpy(o, num, nlen);
			o += nlen;
			p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

int subst_fd(char *const *argv, int fd, char ***out)
{
	char num[16], **v;
	size_t n, i;

	if (!argv || !argv[0] || !out || fd < 0)
		return -EINVAL;
	for (n = 0; argv[n]; n++)
		;
	v = calloc(n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	snprintf(num, sizeof(num), "%d", fd);
	for (i = 0; i < n; i++) {
		v[i] = subst_one(argv[i], num);
		if (!v[i]) {
			subst_free(v);
			return -ENOMEM;
		}
	}
	*out = v;
	return 0;
}

void subst_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}
