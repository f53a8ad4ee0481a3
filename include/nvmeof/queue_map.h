/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Where a queue runs: the CPU of a host I/O queue's work (the one blk-mq
 * submits from), the CPU of a target connection's work, and the completion
 * vector of an RDMA queue pair. One place, so host and target, TCP and RDMA
 * spread their queues by the same rules. Built into nvmeof-core; nothing
 * here needs ib_core (RDMA callers pass their device's vector count).
 */
#ifndef NVMEOF_QUEUE_MAP_H
#define NVMEOF_QUEUE_MAP_H

#include <linux/types.h>

struct blk_mq_tag_set;

int nvmeof_queue_map_hctx_cpu(const struct blk_mq_tag_set *set, unsigned int type,
			      unsigned int hctx_idx);
int nvmeof_queue_map_spread_cpu(unsigned int n);
int nvmeof_queue_map_vector(unsigned int idx, unsigned int nr_vectors);

#endif /* NVMEOF_QUEUE_MAP_H */
