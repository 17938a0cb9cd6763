/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Latency samples and their summary: min, p50, p99, max, mean. */
#include <errno.h>
#include <stdlib.h>
#include <inttypes.h>
#include <time.h>

#include "tools-common.h"

double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int latency_add(struct latency *l, double us)
{
	double *grown;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;

		grown = realloc(l->v, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = us;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The nearest-rank percentile of sorted samples. */
static double rank(const double *v, size_t n, unsigned int pct)
{
	size_t k = (n * pct + 99) / 100;

	return v[k ? k - 1 : 0];
}

int latency_summary(struct latency *l, struct latency_summary *s)
{
	double sum = 0;
	size_t i;

	if (!l->n)
		return -ENODATA;
	qsort(l->v, l->n, sizeof(*l->v), cmp_double);
	for (i = 0; i < l->n; i++)
		sum += l->v[i];
	s->count = l->n;
	s->min = l->v[0];
	s->p50 = rank(l->v, l->n, 50);
	s->p99 = rank(l->v, l->n, 99);
	s->max = l->v[l->n - 1];
	s->mean = sum / l->n;
	return 0;
}

void latency_print(struct latency *l, const char *key)
{
	struct latency_summary s;

	if (latency_summary(l, &s))
		return;
	print_open_object(key);
	print_uint("count", "%" PRIu64 " calls: ", s.count);
	print_double("min_us", "min %.1f us, ", s.min);
	print_double("p50_us", "p50 %.1f us, ", s.p50);
	print_double("p99_us", "p99 %.1f us, ", s.p99);
	print_double("max_us", "max %.1f us ", s.max);
	print_double("mean_us", "(mean %.1f us)\n", s.mean);
	print_close_object();
}

void latency_free(struct latency *l)
{
	free(l->v);
	*l = (struct latency){ 0 };
}
