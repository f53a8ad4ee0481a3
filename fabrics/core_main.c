// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-core: module glue for the fabrics core shared by host and target. */
#include <linux/module.h>
#include <linux/init.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/rdma.h>
#include <nvmeof/sgl.h>
#include <nvmeof/discovery_log.h>
#include <nvmeof/stats.h>

#include "internal.h"

static int __init nvmeof_core_init(void)
{
	nvmeof_stats_init();
	pr_info("version %s loaded\n", NVMEOF_VERSION);
	return 0;
}

static void __exit nvmeof_core_exit(void)
{
	nvmeof_stats_exit();
	pr_info("fabrics core unloaded\n");
}

module_init(nvmeof_core_init);
module_exit(nvmeof_core_exit);
MODULE_DESCRIPTION("nvmeof fabrics core: wire codecs, digests and queue engines");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
