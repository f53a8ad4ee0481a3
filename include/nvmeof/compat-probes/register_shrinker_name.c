// SPDX-License-Identifier: GPL-2.0-only
/* Probe: register_shrinker() takes a name format (6.0 to 6.6). */
#include <linux/module.h>
#include <linux/shrinker.h>

int probe(struct shrinker *s);
int probe(struct shrinker *s)
{
	return register_shrinker(s, "%s", "probe");
}
MODULE_LICENSE("GPL");
