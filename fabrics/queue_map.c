// SPDX-License-Identifier: GPL-2.0-only
/* Queue to CPU and queue to interrupt vector mapping, shared by host and target. */
#include <linux/module.h>
#include <linux/blk-mq.h>
#include <linux/cpumask.h>
#include <linux/topology.h>
#include <linux/workqueue.h>

#include <nvmeof/queue_map.h>

/**
 * nvmeof_queue_map_hctx_cpu() - a CPU that blk-mq maps to a hardware queue
 * @set:      a tag set whose maps blk-mq has filled
 * @type:     the map (HCTX_TYPE_*); HCTX_MAX_TYPES names none
 * @hctx_idx: the hardware queue's index in the tag set
 *
 * The host runs an I/O queue's work where its submitters are, so that work
 * and blk-mq share a cache.
 *
 * Return: the first online CPU whose submissions of @type go to @hctx_idx,
 * or WORK_CPU_UNBOUND if none does.
 */
int nvmeof_queue_map_hctx_cpu(const struct blk_mq_tag_set *set, unsigned int type,
			      unsigned int hctx_idx)
{
	int cpu;

	if (type >= HCTX_MAX_TYPES)
		return WORK_CPU_UNBOUND;
	for_each_online_cpu(cpu) {
		if (set->map[type].mq_map[cpu] == hctx_idx)
			return cpu;
	}
	return WORK_CPU_UNBOUND;
}
EXPORT_SYMBOL_GPL(nvmeof_queue_map_hctx_cpu);

/**
 * nvmeof_queue_map_spread_cpu() - the CPU for the @n'th queue of a round robin
 * @n: a count the caller advances once per queue
 *
 * For queues no submitter is tied to (a target's connections): they spread
 * over the online CPUs, nearest NUMA node first, and each stays put.
 *
 * Return: an online CPU.
 */
int nvmeof_queue_map_spread_cpu(unsigned int n)
{
	return cpumask_local_spread(n % num_online_cpus(), NUMA_NO_NODE);
}
EXPORT_SYMBOL_GPL(nvmeof_queue_map_spread_cpu);

/**
 * nvmeof_queue_map_vector() - the completion vector for queue number @idx
 * @idx:        a queue index (0-based, e.g. the blk-mq hardware queue)
 * @nr_vectors: the device's completion vectors (ib_device num_comp_vectors)
 *
 * Round robin over the vectors, so each queue interrupts on its own vector
 * when there are enough.
 *
 * Return: a vector below @nr_vectors, or 0 when the device reports none.
 */
int nvmeof_queue_map_vector(unsigned int idx, unsigned int nr_vectors)
{
	return nr_vectors ? idx % nr_vectors : 0;
}
EXPORT_SYMBOL_GPL(nvmeof_queue_map_vector);
