// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: the block device backend: asynchronous bio-based I/O commands. */
#include <linux/blkdev.h>
#include <linux/bio.h>
#include <linux/scatterlist.h>

#include "target.h"

/*
 * The in-tree target opens its devices shared, and scripts export one device
 * from two namespaces (or a device something else holds) relying on it; so do
 * we by default. Exclusive open refuses such a second user with EBUSY.
 */
static bool bdev_exclusive;
module_param(bdev_exclusive, bool, 0644);
MODULE_PARM_DESC(bdev_exclusive,
		 "open block devices exclusively: a device already open elsewhere fails to enable (default N, as in-tree)");

#define TGT_LOC_OPCODE	offsetof(struct nvmeof_sqe, opcode)
#define TGT_LOC_NSID	offsetof(struct nvmeof_sqe, nsid)
#define TGT_LOC_SLBA	offsetof(struct nvmeof_sqe, cdw10)
#define TGT_LOC_NLB	offsetof(struct nvmeof_sqe, cdw12)

int nvmeof_tgt_bdev_ns_enable(struct nvmeof_tgt_ns *ns)
{
	void *holder = READ_ONCE(bdev_exclusive) ? ns : NULL;
	struct block_device *bdev;
	bool readonly = false;

	bdev = nvmeof_bdev_open(ns->device_path, true, holder, &ns->bdev_ref);
	if (IS_ERR(bdev) && (PTR_ERR(bdev) == -EACCES || PTR_ERR(bdev) == -EROFS)) {
		/* A read-only device is still worth exporting, write protected. */
		bdev = nvmeof_bdev_open(ns->device_path, false, holder, &ns->bdev_ref);
		readonly = true;
	}
	if (IS_ERR(bdev)) {
		int ret = PTR_ERR(bdev);

		/* -ENOTBLK: the caller tries the path as a file. */
		if (ret != -ENOTBLK)
			pr_err("namespace %u of %s: cannot open device_path '%s' (%d)\n",
			       ns->nsid, ns->subsys->subsysnqn, ns->device_path, ret);
		return ret;
	}
	ns->bdev = bdev;
	ns->readonly = readonly || bdev_read_only(bdev);
	ns->size = bdev_nr_bytes(bdev);
	ns->blksize_shift = blksize_bits(bdev_logical_block_size(bdev));
	return 0;
}

void nvmeof_tgt_bdev_ns_disable(struct nvmeof_tgt_ns *ns)
{
	if (!ns->bdev)
		return;
	nvmeof_bdev_close(ns->bdev, &ns->bdev_ref);
	ns->bdev = NULL;
}

void nvmeof_tgt_bdev_ns_revalidate(struct nvmeof_tgt_ns *ns)
{
	ns->size = bdev_nr_bytes(ns->bdev);
}

/* A count in bytes as a 0's based count of logical blocks, saturated. */
static __le16 tgt_blocks_0based(u32 bytes, u32 lbs)
{
	u32 blocks = bytes / lbs;

	return cpu_to_le16(clamp_t(u32, blocks, 1, (u32)U16_MAX + 1) - 1);
}

void nvmeof_tgt_bdev_fill_id(const struct nvmeof_tgt_ns *ns, struct nvmeof_id_ns *id)
{
	struct block_device *bdev = ns->bdev;
	u32 lbs = bdev_logical_block_size(bdev);
	__le16 atomic = tgt_blocks_0based(bdev_physical_block_size(bdev), lbs);

	/* A physical block is written atomically: say so per namespace. */
	id->nsfeat |= NVMEOF_NS_FEAT_ATOMICS;
	id->nawun = atomic;
	id->nawupf = atomic;
	id->nacwu = atomic;

	/* Optimal I/O hints from the queue limits. */
	id->nsfeat |= NVMEOF_NS_FEAT_IO_OPT;
	id->npwg = tgt_blocks_0based(bdev_io_min(bdev), lbs);
	id->npwa = id->npwg;
	id->npdg = tgt_blocks_0based(bdev_discard_granularity(bdev), lbs);
	id->npda = id->npdg;
	id->nows = tgt_blocks_0based(bdev_io_opt(bdev), lbs);
}

static u16 tgt_blk_status(struct nvmeof_tgt_req *req, blk_status_t sts)
{
	u16 status;

	if (likely(sts == BLK_STS_OK))
		return NVMEOF_SC_SUCCESS;

	req->error_loc = TGT_LOC_OPCODE;
	switch (sts) {
	case BLK_STS_NOSPC:
		req->error_loc = TGT_LOC_NLB;
		status = NVMEOF_SC_CAP_EXCEEDED | NVMEOF_SC_DNR;
		break;
	case BLK_STS_TARGET:
		req->error_loc = TGT_LOC_SLBA;
		status = NVMEOF_SC_LBA_RANGE | NVMEOF_SC_DNR;
		break;
	case BLK_STS_NOTSUPP:
		status = NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
		break;
	case BLK_STS_MEDIUM:
		req->error_loc = TGT_LOC_NSID;
		status = NVMEOF_SC_ACCESS_DENIED;
		break;
	case BLK_STS_PROTECTION:
		status = NVMEOF_SC_GUARD_CHECK | NVMEOF_SC_DNR;
		break;
	case BLK_STS_RESOURCE:
	case BLK_STS_DEV_RESOURCE:
	case BLK_STS_AGAIN:
	case BLK_STS_TIMEOUT:
	case BLK_STS_TRANSPORT:
		/* Transient: the host may retry. */
		status = NVMEOF_SC_INTERNAL;
		break;
	case BLK_STS_IOERR:
		status = (nvmeof_tgt_req_is_write(req) ? NVMEOF_SC_WRITE_FAULT :
			  NVMEOF_SC_READ_ERROR) | NVMEOF_SC_DNR;
		break;
	default:
		status = NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
		break;
	}

	switch (req->cmd->opcode) {
	case NVMEOF_CMD_READ:
	case NVMEOF_CMD_WRITE:
	case NVMEOF_CMD_WRITE_ZEROES:
		req->error_slba = nvmeof_tgt_io_slba(req);
		break;
	default:
		req->error_slba = 0;
		break;
	}
	return status;
}

/* End of the request's root bio; any chained bios have completed before it. */
static void tgt_bdev_bio_done(struct bio *bio)
{
	struct nvmeof_tgt_req *req = bio->bi_private;
	u16 status = tgt_blk_status(req, bio->bi_status);

	if (bio == &req->b.inline_bio)
		bio_uninit(bio);
	else
		bio_put(bio);
	nvmeof_tgt_req_complete(req, status);
}

static sector_t tgt_lba_to_sector(const struct nvmeof_tgt_ns *ns, u64 lba)
{
	return lba << (ns->blksize_shift - SECTOR_SHIFT);
}

static struct bio *tgt_bdev_first_bio(struct nvmeof_tgt_req *req, unsigned int nr_vecs,
				      blk_opf_t opf)
{
	struct block_device *bdev = req->ns->bdev;
	struct bio *bio;

	if (nr_vecs <= ARRAY_SIZE(req->b.inline_bvec)) {
		bio = &req->b.inline_bio;
		bio_init(bio, bdev, req->b.inline_bvec, ARRAY_SIZE(req->b.inline_bvec), opf);
	} else {
		bio = bio_alloc(bdev, bio_max_segs(nr_vecs), opf, GFP_KERNEL);
	}
	bio->bi_private = req;
	bio->bi_end_io = tgt_bdev_bio_done;
	return bio;
}

static void tgt_bdev_execute_rw(struct nvmeof_tgt_req *req)
{
	bool is_write = req->cmd->opcode == NVMEOF_CMD_WRITE;
	unsigned int left = req->sg_cnt;
	struct scatterlist *sg;
	struct blk_plug plug;
	bool plugged = false;
	struct bio *bio;
	sector_t sector;
	blk_opf_t opf;
	int i;

	/* The core matched the SGL to data_len; an empty or short list is a transport bug. */
	if (unlikely(!req->sg || !req->sg_cnt || req->transfer_len < req->data_len)) {
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR);
		return;
	}

	if (is_write) {
		opf = REQ_OP_WRITE | REQ_SYNC | REQ_IDLE;
		if (le32_to_cpu(req->cmd->cdw12) & NVMEOF_RW_FUA)
			opf |= REQ_FUA;
	} else {
		opf = REQ_OP_READ;
	}
	sector = tgt_lba_to_sector(req->ns, nvmeof_tgt_io_slba(req));

	bio = tgt_bdev_first_bio(req, left, opf);
	bio->bi_iter.bi_sector = sector;

	for_each_sg(req->sg, sg, req->sg_cnt, i) {
		while (bio_add_page(bio, sg_page(sg), sg->length, sg->offset) != sg->length) {
			struct bio *full = bio;

			/* One bio is one request: a plug would only park it, so plug from the second. */
			if (!plugged) {
				blk_start_plug(&plug);
				plugged = true;
			}
			/* The new bio is a child of the full one: the root completes last. */
			bio = bio_alloc(req->ns->bdev, bio_max_segs(left), opf, GFP_KERNEL);
			bio->bi_iter.bi_sector = sector;
			bio_chain(bio, full);
			submit_bio(full);
		}
		sector += sg->length >> SECTOR_SHIFT;
		left--;
	}
	submit_bio(bio);
	if (plugged)
		blk_finish_plug(&plug);
}

static void tgt_bdev_execute_flush(struct nvmeof_tgt_req *req)
{
	struct bio *bio;

	/* Without a volatile write cache every completed write is durable. */
	if (!bdev_write_cache(req->ns->bdev)) {
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
		return;
	}
	bio = tgt_bdev_first_bio(req, 0, REQ_OP_WRITE | REQ_PREFLUSH);
	submit_bio(bio);
}

static void tgt_bdev_execute_write_zeroes(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ns *ns = req->ns;
	sector_t sector = tgt_lba_to_sector(ns, nvmeof_tgt_io_slba(req));
	sector_t nr = (sector_t)nvmeof_tgt_io_nlb(req) << (ns->blksize_shift - SECTOR_SHIFT);
	/* Unmapping is allowed only when the host set DEAC. */
	unsigned int flags = (le32_to_cpu(req->cmd->cdw12) & NVMEOF_RW_DEAC) ?
			     0 : BLKDEV_ZERO_NOUNMAP;
	struct bio *bio = NULL;
	int ret;

	ret = __blkdev_issue_zeroout(ns->bdev, sector, nr, GFP_KERNEL, &bio, flags);
	if (ret || !bio) {
		if (bio) {
			bio->bi_private = req;
			bio->bi_end_io = tgt_bdev_bio_done;
			bio_io_error(bio);
			return;
		}
		nvmeof_tgt_req_complete(req, nvmeof_tgt_io_errno_status(req, ret));
		return;
	}
	bio->bi_private = req;
	bio->bi_end_io = tgt_bdev_bio_done;
	submit_bio(bio);
}

static int tgt_bdev_discard_range(struct nvmeof_tgt_req *req, u64 slba, u32 nlb,
				  void *bio)
{
	struct nvmeof_tgt_ns *ns = req->ns;

	return __blkdev_issue_discard(ns->bdev, tgt_lba_to_sector(ns, slba),
				      (sector_t)nlb << (ns->blksize_shift - SECTOR_SHIFT),
				      GFP_KERNEL, bio);
}

static void tgt_bdev_execute_dsm(struct nvmeof_tgt_req *req)
{
	struct bio *bio = NULL;
	u16 status;

	/* Only deallocate does anything; the other attributes are hints. */
	if (!(le32_to_cpu(req->cmd->cdw11) & NVMEOF_DSM_ATTR_AD) ||
	    !bdev_max_discard_sectors(req->ns->bdev)) {
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
		return;
	}

	/* The discards of all ranges chain onto one bio. */
	status = nvmeof_tgt_io_for_each_range(req, tgt_bdev_discard_range, &bio);
	if (!bio) {
		nvmeof_tgt_req_complete(req, status);
		return;
	}
	bio->bi_private = req;
	bio->bi_end_io = tgt_bdev_bio_done;
	if (status) {
		/* Ranges already built are dropped; report the first bad one. */
		bio->bi_status = BLK_STS_TARGET;
		bio_endio(bio);
		return;
	}
	submit_bio(bio);
}

/* The command dispatch is shared (nvmeof_tgt_io_parse()); these are the handlers. */
const struct nvmeof_tgt_io_ops nvmeof_tgt_bdev_io_ops = {
	.rw		= tgt_bdev_execute_rw,
	.flush		= tgt_bdev_execute_flush,
	.write_zeroes	= tgt_bdev_execute_write_zeroes,
	.dsm		= tgt_bdev_execute_dsm,
};
