// SPDX-License-Identifier: GPL-2.0-only
/* Probe: queue limits by blk_queue_*() setters, allocators without limits (until 6.8). */
#include <linux/module.h>
#include <linux/blk-mq.h>

struct gendisk *probe(struct blk_mq_tag_set *set, struct request_queue *q);
struct gendisk *probe(struct blk_mq_tag_set *set, struct request_queue *q)
{
	blk_queue_dma_alignment(q, 3);
	blk_queue_max_discard_segments(q, 1);
	blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	return blk_mq_alloc_disk(set, NULL);
}
MODULE_LICENSE("GPL");
