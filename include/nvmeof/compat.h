/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel API differences, force-included into every kernel object by Kbuild.
 *
 * Each difference is one HAVE_* macro produced by a compile probe under
 * include/nvmeof/compat-probes/ (run by compat-probes.sh before every build,
 * writing compat-generated.h) and one named wrapper here that ends in
 * #error "unsupported kernel" when no probe matched. No .c file tests a
 * kernel version.
 */
#ifndef NVMEOF_COMPAT_H
#define NVMEOF_COMPAT_H

#ifdef __KERNEL__
#include "compat-generated.h"
#endif

#endif /* NVMEOF_COMPAT_H */
