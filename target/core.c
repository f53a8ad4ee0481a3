// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: placeholder until this part is written. */
#include <linux/module.h>
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics target");
MODULE_LICENSE("GPL");
