// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-host: module glue for the NVMe over Fabrics host (initiator) driver. */
#include <linux/module.h>
#include <linux/init.h>

static int __init nvmeof_host_init(void)
{
	pr_info("host (initiator) driver loaded\n");
	return 0;
}

static void __exit nvmeof_host_exit(void)
{
	pr_info("host (initiator) driver unloaded\n");
}

module_init(nvmeof_host_init);
module_exit(nvmeof_host_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics host");
MODULE_LICENSE("GPL");
