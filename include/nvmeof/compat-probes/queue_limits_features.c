// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe: queue limits are set atomically (queue_limits_start_update() and
 * _commit_update(), 6.9+) and carry the queue's features (BLK_FEAT_*, 6.11+);
 * the disk and queue allocators take a struct queue_limits (6.9+).
 */
#include <linux/module.h>
#include <linux/blk-mq.h>

int probe(struct request_queue *q, struct blk_mq_tag_set *set);
int probe(struct request_queue *q, struct blk_mq_tag_set *set)
{
	struct queue_limits lim = queue_limits_start_update(q);
	struct gendisk *d = blk_mq_alloc_disk(set, NULL, NULL);
	struct request_queue *aq = blk_mq_alloc_queue(set, NULL, NULL);

	lim.features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_NOWAIT | BLK_FEAT_POLL;
	lim.dma_alignment = 3;
	return queue_limits_commit_update(q, &lim) + !d + !aq;
}
MODULE_LICENSE("GPL");
