// SPDX-License-Identifier: GPL-2.0-only
/* Probe: shrinkers are allocated by shrinker_alloc() (6.7+). */
#include <linux/module.h>
#include <linux/shrinker.h>

struct shrinker *probe(void);
struct shrinker *probe(void)
{
	return shrinker_alloc(0, "%s", "probe");
}
MODULE_LICENSE("GPL");
