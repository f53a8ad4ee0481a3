/* SPDX-License-Identifier: GPL-2.0-only */
/* nvmeof-core internals: set-up and tear-down of the core's own parts. */
#ifndef NVMEOF_FABRICS_INTERNAL_H
#define NVMEOF_FABRICS_INTERNAL_H

void nvmeof_stats_init(void);
void nvmeof_stats_exit(void);

#endif /* NVMEOF_FABRICS_INTERNAL_H */
