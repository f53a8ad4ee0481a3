// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module that misbehaves on request, so the harness can prove it
 * notices: warn=1 raises a kernel WARNING, hold=1 pins the module so it can
 * never be unloaded. Never shipped; built only into the test guest.
 */
#include <linux/module.h>
#include <linux/init.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "raise a WARNING at load");

static bool hold;
module_param(hold, bool, 0444);
MODULE_PARM_DESC(hold, "take a reference on ourselves so rmmod must fail");

static int __init harness_selftest_init(void)
{
	WARN(warn, "nvmeof harness self-test: deliberate warning\n");
	if (hold)
		__module_get(THIS_MODULE);
	return 0;
}

static void __exit harness_selftest_exit(void)
{
}

module_init(harness_selftest_init);
module_exit(harness_selftest_exit);
MODULE_DESCRIPTION("nvmeof test harness self-test (misbehaves on purpose)");
MODULE_LICENSE("GPL");
