/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A minimal KTAP-producing unit test framework for the userspace tests of the
 * pure fabrics core. Each TEST() registers itself; main() in ktest.c runs
 * them all (or those named on the command line) and prints KTAP version 1.
 */
#ifndef NVMEOF_KTEST_H
#define NVMEOF_KTEST_H

#include <stdbool.h>
#include <stdio.h>

struct kt {
	const char *name;
	int failures;
};

typedef void (*kt_fn)(struct kt *t);
void kt_register(const char *name, kt_fn fn);
void kt_fail(struct kt *t, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#define TEST(fn)							\
	static void fn(struct kt *t);					\
	__attribute__((constructor)) static void kt_reg_##fn(void)	\
	{								\
		kt_register(#fn, fn);					\
	}								\
	static void fn(struct kt *t)

/* Records a failure and carries on. */
#define EXPECT(cond)							\
	do {								\
		if (!(cond))						\
			kt_fail(t, __FILE__, __LINE__, "expected %s", #cond); \
	} while (0)

/* Records a failure and ends the test case. */
#define ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			kt_fail(t, __FILE__, __LINE__, "assertion %s", #cond); \
			return;						\
		}							\
	} while (0)

#define EXPECT_EQ(a, b)							\
	do {								\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (_a != _b)						\
			kt_fail(t, __FILE__, __LINE__, "%s == %lld, expected %s == %lld", \
				#a, _a, #b, _b);			\
	} while (0)

#endif /* NVMEOF_KTEST_H */
