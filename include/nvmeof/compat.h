/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel API differences, force-included into every kernel object by Kbuild.
 *
 * Each difference is one HAVE_* macro produced by a compile probe under
 * include/nvmeof/compat-probes/ (run by compat-probes.sh before every build,
 * writing compat-generated.h) and one named wrapper here that ends in
 * #error "unsupported kernel" when no probe matched. No .c file tests a
 * kernel version.
 */
#ifndef NVMEOF_COMPAT_H
#define NVMEOF_COMPAT_H

#ifdef __KERNEL__
#include "compat-generated.h"

/*
 * t7: get_unaligned_*() / put_unaligned_*(), for every object (shim.h and
 * admin.c use them). 6.12: <asm/unaligned.h> moved to <linux/unaligned.h>.
 */
#if defined(HAVE_LINUX_UNALIGNED_H)
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* t3: zero-copy page sends on a kernel socket (target and host TCP queues). */
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <linux/bvec.h>

/*
 * Copying sends on the queues' kernel sockets, without security_socket_sendmsg():
 * the LSMs exempt sockets made by sock_create_kern() (and the ones accepted
 * from them) from their checks, so for these the hook is only a cost per
 * PDU, one that kernel_sendpage() does not pay either.
 */
static inline int nvmeof_sock_sendmsg(struct socket *sock, struct msghdr *msg)
{
	return sock->ops->sendmsg(sock, msg, msg_data_left(msg));
}

static inline int nvmeof_sock_send_kvec(struct socket *sock, struct msghdr *msg,
					struct kvec *vec, size_t len)
{
	iov_iter_kvec(&msg->msg_iter, ITER_SOURCE, vec, 1, len);
	return nvmeof_sock_sendmsg(sock, msg);
}

#if defined(HAVE_KERNEL_SENDPAGE)
/* 6.1: kernel_sendpage(); it falls back to copying pages that cannot be spliced. */
#define NVMEOF_MSG_SENDPAGE_NOTLAST	MSG_SENDPAGE_NOTLAST
static inline int nvmeof_sock_sendpage(struct socket *sock, struct page *page,
				       int offset, size_t size, int flags)
{
	return kernel_sendpage(sock, page, offset, size, flags);
}
#elif defined(HAVE_MSG_SPLICE_PAGES)
/* 6.5: kernel_sendpage() removed; sendmsg() with MSG_SPLICE_PAGES replaces it. */
#define NVMEOF_MSG_SENDPAGE_NOTLAST	0
static inline int nvmeof_sock_sendpage(struct socket *sock, struct page *page,
				       int offset, size_t size, int flags)
{
	struct msghdr msg = { .msg_flags = flags | MSG_SPLICE_PAGES };
	struct bio_vec bvec;

	bvec_set_page(&bvec, page, size, offset);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, size);
	return nvmeof_sock_sendmsg(sock, &msg);
}
#else
#error "unsupported kernel: neither kernel_sendpage() nor MSG_SPLICE_PAGES"
#endif

/* t4: class_create() lost its owner argument in 6.4. */
#include <linux/device.h>
#if defined(HAVE_CLASS_CREATE_OWNER)
#define nvmeof_class_create(name)	class_create(THIS_MODULE, name)
#else
#define nvmeof_class_create(name)	class_create(name)
#endif

/* t5: the open mode block_device_operations pass: fmode_t, blk_mode_t from 6.5. */
#include <linux/blkdev.h>
#if defined(HAVE_BLK_MODE_T)
typedef blk_mode_t nvmeof_blk_mode_t;
#else
typedef fmode_t nvmeof_blk_mode_t;
#endif

/*
 * t8: 2026-12-03, Debian 13's 6.12 beside Debian 12's 6.1. Block status of
 * a reservation conflict: 6.5 renamed BLK_STS_NEXUS to BLK_STS_RESV_CONFLICT.
 */
#include <linux/blk_types.h>
#if !defined(HAVE_BLK_STS_RESV_CONFLICT)
#define BLK_STS_RESV_CONFLICT	BLK_STS_NEXUS
#endif

/*
 * t8: struct class's dev_uevent(): 6.2 made its device const. The host's
 * uevent function takes a const device; this makes the method around it.
 */
#if defined(HAVE_CLASS_DEV_UEVENT_CONST)
#define NVMEOF_CLASS_DEV_UEVENT(name, fn)					\
	static int name(const struct device *dev, struct kobj_uevent_env *env)	\
	{ return fn(dev, env); }
#else
#define NVMEOF_CLASS_DEV_UEVENT(name, fn)					\
	static int name(struct device *dev, struct kobj_uevent_env *env)	\
	{ return fn(dev, env); }
#endif

/*
 * t8: a host queue's limits and features, set in one call. 6.9: limits are
 * updated atomically (queue_limits_start_update()/_commit_update()) and the
 * blk_queue_*() setters went away (6.10, 6.11: blk_queue_dma_alignment(),
 * blk_queue_max_discard_segments()...); the disk and queue allocators take
 * a struct queue_limits (blk_mq_alloc_disk(set, lim, data), blk_alloc_disk(lim,
 * node), blk_mq_alloc_queue() for blk_mq_init_queue()). 6.11: the queue flags
 * NONROT/NOWAIT/POLL and blk_queue_write_cache() became BLK_FEAT_* in
 * queue_limits.features (rotational is opt-in there, so "non-rotational" is
 * simply not setting it).
 */
#include <linux/blk-mq.h>
#define NVMEOF_BLK_NONROT	(1u << 0)
#define NVMEOF_BLK_NOWAIT	(1u << 1)
#define NVMEOF_BLK_POLL		(1u << 2)
#define NVMEOF_BLK_WRITE_CACHE	(1u << 3)	/* volatile write cache, FUA honoured */
#define NVMEOF_BLK_IO_STAT	(1u << 4)	/* the disk counts its I/O (iostats) */

/* What nvmeof_blk_set_limits() applies; a zero field is left as it is. */
struct nvmeof_blk_limits {
	unsigned int	logical_block_size;
	unsigned int	physical_block_size;
	unsigned int	io_min;
	unsigned int	io_opt;
	unsigned int	max_hw_sectors;
	unsigned short	max_segments;
	unsigned long	virt_boundary_mask;
	unsigned int	dma_alignment;		/* a mask, as in queue_limits */
	/* Discard and write zeroes: always applied, 0 turns them off. */
	unsigned int	discard_granularity;
	unsigned int	max_discard_sectors;
	unsigned short	max_discard_segments;
	unsigned int	max_write_zeroes_sectors;
	/*
	 * Atomic writes, in bytes: always applied, 0 turns them off; ignored
	 * where the block layer has none (nvmeof_blk_set_atomic_limits()).
	 */
	unsigned int	atomic_write_max;
	unsigned int	atomic_write_boundary;
	unsigned int	atomic_write_unit_min;
	unsigned int	atomic_write_unit_max;
	/* NVMEOF_BLK_*: NONROT, WRITE_CACHE set or cleared; NOWAIT, POLL, IO_STAT only set */
	unsigned int	features;
};

/*
 * t23: atomic writes. 6.11: the block layer takes RWF_ATOMIC writes
 * (REQ_ATOMIC) up to the atomic_write_hw_* limits a driver sets; before,
 * there is nothing to advertise and no such request.
 */
#if defined(HAVE_QUEUE_LIMITS_ATOMIC_WRITE)
static inline void nvmeof_blk_set_atomic_limits(struct queue_limits *lim,
						const struct nvmeof_blk_limits *l)
{
	lim->atomic_write_hw_max = l->atomic_write_max;
	lim->atomic_write_hw_boundary = l->atomic_write_boundary;
	lim->atomic_write_hw_unit_min = l->atomic_write_unit_min;
	lim->atomic_write_hw_unit_max = l->atomic_write_unit_max;
}

/*
 * Return: BLK_STS_INVAL when @rq is an atomic write its queue's limits do
 * not allow (larger than the unit, or across the boundary), else BLK_STS_OK.
 */
static inline blk_status_t nvmeof_blk_atomic_write_check(struct request *rq)
{
	struct request_queue *q = rq->q;
	u64 start, end, boundary;

	if (!(rq->cmd_flags & REQ_ATOMIC))
		return BLK_STS_OK;
	if (blk_rq_bytes(rq) > queue_atomic_write_unit_max_bytes(q))
		return BLK_STS_INVAL;
	boundary = queue_atomic_write_boundary_bytes(q);
	if (!boundary)
		return BLK_STS_OK;
	start = (u64)blk_rq_pos(rq) << SECTOR_SHIFT;
	end = start + blk_rq_bytes(rq) - 1;
	/* The boundary is a power of two: both ends in one boundary-sized window. */
	if ((start & ~(boundary - 1)) != (end & ~(boundary - 1)))
		return BLK_STS_INVAL;
	return BLK_STS_OK;
}
#else
static inline void nvmeof_blk_set_atomic_limits(struct queue_limits *lim,
						const struct nvmeof_blk_limits *l)
{
}

static inline blk_status_t nvmeof_blk_atomic_write_check(struct request *rq)
{
	return BLK_STS_OK;
}
#endif

/*
 * t23: I/O accounting of a bio-based disk (the multipath head) by hand.
 * 6.3: bdev_start_io_acct() lost its sector count and bdev_end_io_acct()
 * gained one (bio-based I/O counted when it completes).
 */
#if defined(HAVE_BDEV_IO_ACCT_END_SECTORS)
static inline unsigned long nvmeof_bdev_start_io_acct(struct block_device *bdev,
						      enum req_op op, unsigned int sectors)
{
	return bdev_start_io_acct(bdev, op, jiffies);
}

static inline void nvmeof_bdev_end_io_acct(struct block_device *bdev, enum req_op op,
					   unsigned int sectors, unsigned long start)
{
	bdev_end_io_acct(bdev, op, sectors, start);
}
#else
static inline unsigned long nvmeof_bdev_start_io_acct(struct block_device *bdev,
						      enum req_op op, unsigned int sectors)
{
	return bdev_start_io_acct(bdev, sectors, op, jiffies);
}

static inline void nvmeof_bdev_end_io_acct(struct block_device *bdev, enum req_op op,
					   unsigned int sectors, unsigned long start)
{
	bdev_end_io_acct(bdev, op, start);
}
#endif

/*
 * t23: whether a multipath head counts its I/O (iostats) from the start,
 * as the in-tree host's does on the same kernel. 6.11: the in-tree head
 * sets BLK_FEAT_IO_STAT when it is allocated (its path requests count for
 * it, as ours do); 6.1's in-tree head counts nothing and reads iostats 0,
 * so ours starts at 0 there too (writing 1 to iostats turns ours on).
 */
#if defined(HAVE_QUEUE_LIMITS_FEATURES)
#define NVMEOF_BLK_HEAD_IO_STAT	NVMEOF_BLK_IO_STAT
#else
#define NVMEOF_BLK_HEAD_IO_STAT	0
#endif

#if defined(HAVE_QUEUE_LIMITS_FEATURES)
static inline struct gendisk *nvmeof_blk_mq_alloc_disk(struct blk_mq_tag_set *set, void *data)
{
	return blk_mq_alloc_disk(set, NULL, data);
}

/* NULL on failure, as blk_alloc_disk() was. */
static inline struct gendisk *nvmeof_blk_alloc_disk(int node)
{
	struct gendisk *disk = blk_alloc_disk(NULL, node);

	return IS_ERR(disk) ? NULL : disk;
}

static inline struct request_queue *nvmeof_blk_mq_alloc_queue(struct blk_mq_tag_set *set)
{
	return blk_mq_alloc_queue(set, NULL, NULL);
}

static inline int nvmeof_blk_set_virt_boundary(struct request_queue *q, unsigned long mask)
{
	struct queue_limits lim = queue_limits_start_update(q);

	lim.virt_boundary_mask = mask;
	/* A virt boundary implies unlimited segments; the validator insists. */
	lim.max_segment_size = UINT_MAX;
	return queue_limits_commit_update(q, &lim);
}

static inline int nvmeof_blk_set_limits(struct request_queue *q, const struct nvmeof_blk_limits *l)
{
	struct queue_limits lim = queue_limits_start_update(q);

	if (l->logical_block_size)
		lim.logical_block_size = l->logical_block_size;
	if (l->physical_block_size)
		lim.physical_block_size = l->physical_block_size;
	if (l->io_min)
		lim.io_min = l->io_min;
	lim.io_opt = l->io_opt;
	if (l->max_hw_sectors)
		lim.max_hw_sectors = l->max_hw_sectors;
	if (l->max_segments)
		lim.max_segments = l->max_segments;
	if (l->virt_boundary_mask) {
		lim.virt_boundary_mask = l->virt_boundary_mask;
		lim.max_segment_size = UINT_MAX;
	}
	if (l->dma_alignment)
		lim.dma_alignment = l->dma_alignment;
	lim.discard_granularity = l->discard_granularity;
	lim.max_hw_discard_sectors = l->max_discard_sectors;
	if (l->max_discard_segments)
		lim.max_discard_segments = l->max_discard_segments;
	lim.max_write_zeroes_sectors = l->max_write_zeroes_sectors;
	nvmeof_blk_set_atomic_limits(&lim, l);
	/* As the old setters did: NOWAIT, POLL and IO_STAT are only ever added. */
	lim.features &= ~(BLK_FEAT_ROTATIONAL | BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA);
	if (!(l->features & NVMEOF_BLK_NONROT))
		lim.features |= BLK_FEAT_ROTATIONAL;
	if (l->features & NVMEOF_BLK_NOWAIT)
		lim.features |= BLK_FEAT_NOWAIT;
	if (l->features & NVMEOF_BLK_POLL)
		lim.features |= BLK_FEAT_POLL;
	if (l->features & NVMEOF_BLK_IO_STAT)
		lim.features |= BLK_FEAT_IO_STAT;
	if (l->features & NVMEOF_BLK_WRITE_CACHE)
		lim.features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA;
	return queue_limits_commit_update(q, &lim);
}

/* Features only, other limits kept (a multipath head before its first path). */
static inline int nvmeof_blk_set_features(struct request_queue *q, unsigned int features)
{
	struct queue_limits lim = queue_limits_start_update(q);

	if (features & NVMEOF_BLK_NONROT)
		lim.features &= ~BLK_FEAT_ROTATIONAL;
	if (features & NVMEOF_BLK_NOWAIT)
		lim.features |= BLK_FEAT_NOWAIT;
	if (features & NVMEOF_BLK_POLL)
		lim.features |= BLK_FEAT_POLL;
	if (features & NVMEOF_BLK_IO_STAT)
		lim.features |= BLK_FEAT_IO_STAT;
	if (features & NVMEOF_BLK_WRITE_CACHE)
		lim.features |= BLK_FEAT_WRITE_CACHE | BLK_FEAT_FUA;
	return queue_limits_commit_update(q, &lim);
}
#elif defined(HAVE_BLK_QUEUE_SETTERS)
/* 6.1 to 6.8: the allocators without limits and the blk_queue_*() setters. */
static inline struct gendisk *nvmeof_blk_mq_alloc_disk(struct blk_mq_tag_set *set, void *data)
{
	return blk_mq_alloc_disk(set, data);
}

static inline struct gendisk *nvmeof_blk_alloc_disk(int node)
{
	return blk_alloc_disk(node);
}

static inline struct request_queue *nvmeof_blk_mq_alloc_queue(struct blk_mq_tag_set *set)
{
	return blk_mq_init_queue(set);
}

static inline int nvmeof_blk_set_virt_boundary(struct request_queue *q, unsigned long mask)
{
	blk_queue_virt_boundary(q, mask);
	return 0;
}

static inline int nvmeof_blk_set_features(struct request_queue *q, unsigned int features)
{
	if (features & NVMEOF_BLK_NONROT)
		blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	if (features & NVMEOF_BLK_NOWAIT)
		blk_queue_flag_set(QUEUE_FLAG_NOWAIT, q);
	if (features & NVMEOF_BLK_POLL)
		blk_queue_flag_set(QUEUE_FLAG_POLL, q);
	if (features & NVMEOF_BLK_IO_STAT)
		blk_queue_flag_set(QUEUE_FLAG_IO_STAT, q);
	if (features & NVMEOF_BLK_WRITE_CACHE)
		blk_queue_write_cache(q, true, true);
	return 0;
}

static inline int nvmeof_blk_set_limits(struct request_queue *q, const struct nvmeof_blk_limits *l)
{
	if (l->logical_block_size)
		blk_queue_logical_block_size(q, l->logical_block_size);
	if (l->physical_block_size)
		blk_queue_physical_block_size(q, l->physical_block_size);
	if (l->io_min)
		blk_queue_io_min(q, l->io_min);
	blk_queue_io_opt(q, l->io_opt);
	if (l->max_hw_sectors)
		blk_queue_max_hw_sectors(q, l->max_hw_sectors);
	if (l->max_segments)
		blk_queue_max_segments(q, l->max_segments);
	if (l->virt_boundary_mask)
		blk_queue_virt_boundary(q, l->virt_boundary_mask);
	if (l->dma_alignment)
		blk_queue_dma_alignment(q, l->dma_alignment);
	q->limits.discard_granularity = l->discard_granularity;
	blk_queue_max_discard_sectors(q, l->max_discard_sectors);
	if (l->max_discard_segments)
		blk_queue_max_discard_segments(q, l->max_discard_segments);
	blk_queue_max_write_zeroes_sectors(q, l->max_write_zeroes_sectors);
	if (l->features & NVMEOF_BLK_NONROT)
		blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
	else
		blk_queue_flag_clear(QUEUE_FLAG_NONROT, q);
	if (l->features & NVMEOF_BLK_IO_STAT)
		blk_queue_flag_set(QUEUE_FLAG_IO_STAT, q);
	blk_queue_write_cache(q, l->features & NVMEOF_BLK_WRITE_CACHE,
			      l->features & NVMEOF_BLK_WRITE_CACHE);
	return 0;
}
#else
#error "unsupported kernel: neither the blk_queue_*() setters nor queue_limits features"
#endif

/*
 * t23: draining a QP that receives from a shared receive queue. 6.11:
 * ib_drain_qp() also waits, up to 60 s, for the provider's Last WQE
 * Reached event (qp->srq_completion); before, it drained only the sends of
 * such a QP. A provider that never raises the event (siw, as of 6.12) then
 * holds up each queue's teardown, and an RDMA device's removal, a minute.
 */
#if defined(HAVE_IB_QP_SRQ_COMPLETION)
#define NVMEOF_RDMA_SRQ_DRAIN_WAITS_LAST_WQE	1
#else
#define NVMEOF_RDMA_SRQ_DRAIN_WAITS_LAST_WQE	0
#endif

/*
 * t8: the target's block device backend opens its device by path. 6.9:
 * bdev_file_open_by_path() returns a struct file (file_bdev(), fput()),
 * exclusive when a holder is given, replacing blkdev_get_by_path() and
 * blkdev_put(), which until 6.4 took an fmode_t with FMODE_EXCL.
 */
#include <linux/file.h>
struct nvmeof_bdev_ref {
#if defined(HAVE_BDEV_FILE_OPEN_BY_PATH)
	struct file	*file;
#else
	fmode_t		mode;		/* how it was opened, for blkdev_put() */
#endif
};

#if defined(HAVE_BDEV_FILE_OPEN_BY_PATH)
static inline struct block_device *nvmeof_bdev_open(const char *path, bool write,
						    void *excl_holder, struct nvmeof_bdev_ref *ref)
{
	blk_mode_t mode = BLK_OPEN_READ | (write ? BLK_OPEN_WRITE : 0);
	struct file *f = bdev_file_open_by_path(path, mode, excl_holder, NULL);

	if (IS_ERR(f))
		return ERR_CAST(f);
	ref->file = f;
	return file_bdev(f);
}

static inline void nvmeof_bdev_close(struct block_device *bdev, struct nvmeof_bdev_ref *ref)
{
	fput(ref->file);
	ref->file = NULL;
}
#elif defined(HAVE_BLKDEV_GET_BY_PATH_FMODE)
static inline struct block_device *nvmeof_bdev_open(const char *path, bool write,
						    void *excl_holder, struct nvmeof_bdev_ref *ref)
{
	fmode_t mode = FMODE_READ | (write ? FMODE_WRITE : 0) | (excl_holder ? FMODE_EXCL : 0);
	struct block_device *bdev = blkdev_get_by_path(path, mode, excl_holder);

	if (!IS_ERR(bdev))
		ref->mode = mode;
	return bdev;
}

static inline void nvmeof_bdev_close(struct block_device *bdev, struct nvmeof_bdev_ref *ref)
{
	blkdev_put(bdev, ref->mode);
}
#else
#error "unsupported kernel: neither blkdev_get_by_path(fmode_t) nor bdev_file_open_by_path()"
#endif

/* t6: shrinkers: caller-owned and named by register_shrinker() until 6.6, shrinker_alloc() from 6.7. */
#include <linux/shrinker.h>
#include <linux/slab.h>
typedef unsigned long (*nvmeof_shrink_fn)(struct shrinker *s, struct shrink_control *sc);
#if defined(HAVE_SHRINKER_ALLOC)
static inline struct shrinker *nvmeof_shrinker_create(const char *name, nvmeof_shrink_fn count,
						      nvmeof_shrink_fn scan)
{
	struct shrinker *s = shrinker_alloc(0, "%s", name);

	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	s->seeks = DEFAULT_SEEKS;
	shrinker_register(s);
	return s;
}

static inline void nvmeof_shrinker_destroy(struct shrinker *s)
{
	shrinker_free(s);
}
#elif defined(HAVE_REGISTER_SHRINKER_NAME)
static inline struct shrinker *nvmeof_shrinker_create(const char *name, nvmeof_shrink_fn count,
						      nvmeof_shrink_fn scan)
{
	struct shrinker *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	s->seeks = DEFAULT_SEEKS;
	if (register_shrinker(s, "%s", name)) {
		kfree(s);
		return NULL;
	}
	return s;
}

static inline void nvmeof_shrinker_destroy(struct shrinker *s)
{
	unregister_shrinker(s);
	kfree(s);
}
#else
#error "unsupported kernel: neither register_shrinker(s, name) nor shrinker_alloc()"
#endif

/*
 * Not an API difference but a configuration one: our own fault points use
 * the kernel's fault-injection attributes (a debugfs directory of
 * probability, interval, times ...) where it has them, as the debug kernel
 * does, and compile to nothing where it does not, as on Debian's.
 */
#if defined(CONFIG_FAULT_INJECTION_DEBUG_FS)
#include <linux/fault-inject.h>
#define NVMEOF_FAULT_ATTR(name)		static DECLARE_FAULT_ATTR(name)
#define nvmeof_should_fail(attr)	should_fail(attr, 1)
#define nvmeof_fault_debugfs(name, dir, attr) \
	fault_create_debugfs_attr(name, dir, attr)
#else
struct nvmeof_no_fault_attr { int unused; };
#define NVMEOF_FAULT_ATTR(name) \
	static struct nvmeof_no_fault_attr name __maybe_unused
#define nvmeof_should_fail(attr)	((void)(attr), false)
#define nvmeof_fault_debugfs(name, dir, attr) \
	((void)(name), (void)(dir), (void)(attr), ERR_PTR(-ENODEV))
#endif
#endif /* __KERNEL__ */

#endif /* NVMEOF_COMPAT_H */
