/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest tools' assertion: a failed check says where and why, counts in
 * check_failures and lets the tool go on to its next case; check_done()
 * prints the total and gives the exit status. With check_verbose set,
 * passing checks are printed too.
 */
#ifndef NVMEOF_GUEST_CHECK_H
#define NVMEOF_GUEST_CHECK_H

#include <stdbool.h>
#include <stdio.h>

static int check_failures;
static bool check_verbose;

#define check(cond, ...) do {						\
	if (!(cond)) {							\
		printf("FAIL %s:%d: ", __func__, __LINE__);		\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
		check_failures++;					\
	} else if (check_verbose) {					\
		printf("ok: ");						\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
	}								\
} while (0)

static inline int check_done(const char *tool)
{
	printf("%s: %d failure(s)\n", tool, check_failures);
	return check_failures ? 1 : 0;
}

#endif /* NVMEOF_GUEST_CHECK_H */
