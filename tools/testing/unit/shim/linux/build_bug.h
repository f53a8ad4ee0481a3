/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace stand-in for the kernel's <linux/build_bug.h>: wire headers only need static_assert. */
#ifndef NVMEOF_USER_BUILD_BUG_H
#define NVMEOF_USER_BUILD_BUG_H
#include <stddef.h>
#undef static_assert
#define static_assert(expr, ...) _Static_assert(expr, #expr)
#endif
