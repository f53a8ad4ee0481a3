// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe: the block layer knows atomic writes (6.11+): REQ_ATOMIC, the
 * atomic_write_hw_* queue limits a driver sets and the queue_atomic_write_*
 * accessors of what the block layer made of them.
 */
#include <linux/module.h>
#include <linux/blkdev.h>

int probe(struct request_queue *q, struct queue_limits *lim, blk_opf_t opf);
int probe(struct request_queue *q, struct queue_limits *lim, blk_opf_t opf)
{
	lim->atomic_write_hw_max = 4096;
	lim->atomic_write_hw_boundary = 0;
	lim->atomic_write_hw_unit_min = 512;
	lim->atomic_write_hw_unit_max = 4096;
	return (opf & REQ_ATOMIC) && queue_atomic_write_unit_max_bytes(q) &&
	       queue_atomic_write_boundary_bytes(q);
}
MODULE_LICENSE("GPL");
