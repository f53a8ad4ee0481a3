// SPDX-License-Identifier: GPL-2.0-only
/* Runner for the userspace unit tests: registered cases in name order, KTAP out. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ktest.h"

struct kt_case {
	const char *name;
	kt_fn fn;
};

static struct kt_case *cases;
static size_t nr_cases, cap_cases;

void kt_register(const char *name, kt_fn fn)
{
	if (nr_cases == cap_cases) {
		cap_cases = cap_cases ? cap_cases * 2 : 64;
		cases = realloc(cases, cap_cases * sizeof(*cases));
		if (!cases)
			abort();
	}
	cases[nr_cases].name = name;
	cases[nr_cases].fn = fn;
	nr_cases++;
}

void kt_fail(struct kt *t, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("# %s: %s:%d: ", t->name, file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	t->failures++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct kt_case *)a)->name,
		      ((const struct kt_case *)b)->name);
}

static bool selected(const char *name, int argc, char **argv)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (strstr(name, argv[i]))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	size_t i, n = 0, k = 0;
	int failed = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	qsort(cases, nr_cases, sizeof(*cases), by_name);
	for (i = 0; i < nr_cases; i++)
		n += selected(cases[i].name, argc, argv);
	printf("KTAP version 1\n1..%zu\n", n);
	for (i = 0; i < nr_cases; i++) {
		struct kt t = { .name = cases[i].name };

		if (!selected(cases[i].name, argc, argv))
			continue;
		cases[i].fn(&t);
		printf("%sok %zu %s\n", t.failures ? "not " : "", ++k, t.name);
		failed += !!t.failures;
	}
	return failed ? 1 : 0;
}
