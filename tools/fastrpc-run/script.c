/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Scripts (--script): one call a line, its options split as a shell would
 * split them, every line checked before the first call is made.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int push(struct words *w, const char *word, size_t len)
{
	char **grown;

	if (w->n + 1 >= w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 8;

		grown = realloc(w->v, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		w->v = grown;
		w->cap = cap;
	}
	w->v[w->n] = strndup(word, len);
	if (!w->v[w->n])
		return -ENOMEM;
	w->v[++w->n] = NULL;
	return 0;
}

/*
 * One word from @line[*@i], up to a blank outside quotes, into @word (its
 * length in *@n); *@i moves past it.
 */
static int take_word(const char *line, size_t len, size_t *i, char *word, size_t *n,
		     const char **why)
{
	size_t k = *i;
	char c;

	for (*n = 0; k < len && !blank(line[k]); ) {
		c = line[k++];
		if (c == '\'') {
			while (k < len && line[k] != '\'')
				word[(*n)++] = line[k++];
			if (k++ == len) {
				*why = "unterminated ' quote";
				return -EINVAL;
			}
		} else if (c == '"') {
			while (k < len && line[k] != '"') {
				/* Inside "...", only \" and \\ are escapes. */
				if (line[k] == '\\' && k + 1 < len &&
				    (line[k + 1] == '"' || line[k + 1] == '\\'))
					k++;
				word[(*n)++] = line[k++];
			}
			if (k++ == len) {
				*why = "unterminated \" quote";
				return -EINVAL;
			}
		} else if (c == '\\') {
			if (k == len) {
				*why = "a backslash ends the line (lines do not continue)";
				return -EINVAL;
			}
			word[(*n)++] = line[k++];
		} else {
			word[(*n)++] = c;
		}
	}
	*i = k;
	return 0;
}

int split_line(const char *line, size_t len, struct words *w, const char **why)
{
	size_t i = 0, n;
	char *word;
	int ret = 0;

	*w = (struct words){ 0 };
	if (memchr(line, '\0', len)) {
		*why = "a NUL byte";
		return -EINVAL;
	}
	*why = "out of memory";
	/* No word is longer than its line. */
	word = malloc(len + 1);
	if (!word)
		return -ENOMEM;
	while (!ret) {
		while (i < len && blank(line[i]))
			i++;
		if (i == len || line[i] == '#')
			break;
		ret = take_word(line, len, &i, word, &n, why);
		if (!ret)
			ret = push(w, word, n);
	}
	free(word);
	if (ret)
		words_free(w);
	return ret;
}

void words_free(struct words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	*w = (struct words){ 0 };
}

/* The options of one line, @argc words after a program name, into @c. */
static int parse_line(int argc, char **argv, struct call *c, char err[RUN_ERR_MAX])
{
	char name[32];
	int opt, ret;

	/* 0 makes GNU getopt start afresh (a new argv, no cluster half read). */
	optind = 0;
	while ((opt = getopt_long(argc, argv, run_short_opts, run_long_opts, NULL)) != -1) {
		if (opt == ':') {
			snprintf(err, RUN_ERR_MAX, "option '%s' needs an argument",
				 argv[optind - 1]);
			return -EINVAL;
		}
		if (opt == '?') {
			if (optopt)
				snprintf(err, RUN_ERR_MAX, "unknown option '-%c'", optopt);
			else
				snprintf(err, RUN_ERR_MAX, "unknown option '%s'", argv[optind - 1]);
			return -EINVAL;
		}
		if (!is_call_option(opt)) {
			snprintf(err, RUN_ERR_MAX,
				 "%s is not an option of a call: give it on the command line",
				 option_name(opt, name, sizeof(name)));
			return -EINVAL;
		}
		ret = call_option(c, opt, optarg, err);
		if (ret)
			return ret;
	}
	if (optind != argc) {
		snprintf(err, RUN_ERR_MAX, "unexpected argument '%s'", argv[optind]);
		return -EINVAL;
	}
	ret = call_check(c, err);
	if (ret)
		return ret;
	if (c->format.raw) {
		/* The bytes of several calls would run together. */
		snprintf(err, RUN_ERR_MAX, "-f raw is not for scripts");
		return -EINVAL;
	}
	return 0;
}

/* Prefix @err with "line N: ". */
static void at_line(unsigned int line, char err[RUN_ERR_MAX])
{
	char why[RUN_ERR_MAX];

	memcpy(why, err, RUN_ERR_MAX);
	snprintf(err, RUN_ERR_MAX, "line %u: %.*s", line, RUN_ERR_MAX - 32, why);
}

/* One line's call, appended to *@calls when the line has words. */
static int add_line(const char *line, size_t len, unsigned int lineno,
		    struct call **calls, unsigned int *n, char err[RUN_ERR_MAX])
{
	struct call c, *grown;
	struct words w;
	const char *why;
	char **argv;
	int ret;

	ret = split_line(line, len, &w, &why);
	if (ret) {
		snprintf(err, RUN_ERR_MAX, "%s", why);
		return ret;
	}
	if (!w.n) {
		words_free(&w);
		return 0;
	}
	/* getopt wants a program name first, and may reorder what follows. */
	argv = malloc((w.n + 2) * sizeof(*argv));
	grown = *n % 16 ? *calls : realloc(*calls, (*n + 16) * sizeof(**calls));
	if (grown)
		*calls = grown;
	if (!argv || !grown) {
		free(argv);
		words_free(&w);
		snprintf(err, RUN_ERR_MAX, "out of memory");
		return -ENOMEM;
	}
	argv[0] = (char *)prog_name();
	memcpy(argv + 1, w.v, (w.n + 1) * sizeof(*argv));
	call_init(&c, lineno);
	ret = parse_line(w.n + 1, argv, &c, err);
	free(argv);
	words_free(&w);
	if (ret) {
		call_free(&c);
		return ret;
	}
	(*calls)[(*n)++] = c;
	return 0;
}

int script_parse(const char *text, size_t len, struct call **calls,
		 unsigned int *n, char err[RUN_ERR_MAX])
{
	const char *line = text, *end = text + len, *nl;
	unsigned int lineno = 1;
	int ret = 0;

	*calls = NULL;
	*n = 0;
	for (; line < end && !ret; line = nl + 1, lineno++) {
		nl = memchr(line, '\n', end - line);
		if (!nl)
			nl = end;
		ret = add_line(line, nl - line, lineno, calls, n, err);
		if (ret)
			at_line(lineno, err);
	}
	if (ret) {
		calls_free(*calls, *n);
		*calls = NULL;
		*n = 0;
	}
	return ret;
}

void calls_free(struct call *calls, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		call_free(&calls[i]);
	free(calls);
}
