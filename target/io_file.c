// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: the file backend: direct (async kiocb) or buffered I/O on a regular file. */
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/falloc.h>
#include <linux/uio.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/scatterlist.h>

#include "target.h"

/*
 * Blocking file work: buffered reads and writes, fsync, fallocate. A queue of
 * its own so that a slow filesystem never delays the core's or a transport's
 * work, and WQ_MEM_RECLAIM because writeback may depend on it.
 */
static struct workqueue_struct *tgt_file_wq;

/* Logical block size cap: hosts expect at most 4 KiB even on filesystems with larger blocks. */
#define TGT_FILE_MAX_BLKSIZE_SHIFT	12

int nvmeof_tgt_file_init(void)
{
	tgt_file_wq = alloc_workqueue("nvmeof-target-file", WQ_MEM_RECLAIM | WQ_UNBOUND, 0);
	return tgt_file_wq ? 0 : -ENOMEM;
}

void nvmeof_tgt_file_exit(void)
{
	destroy_workqueue(tgt_file_wq);
}

void nvmeof_tgt_file_ns_revalidate(struct nvmeof_tgt_ns *ns)
{
	ns->size = i_size_read(ns->file->f_mapping->host);
}

int nvmeof_tgt_file_ns_enable(struct nvmeof_tgt_ns *ns)
{
	int flags = O_LARGEFILE | (ns->buffered_io ? 0 : O_DIRECT);
	struct file *file;
	umode_t mode;
	int ret;

	file = filp_open(ns->device_path, flags | O_RDWR, 0);
	if (IS_ERR(file) && (PTR_ERR(file) == -EROFS || PTR_ERR(file) == -EACCES)) {
		file = filp_open(ns->device_path, flags | O_RDONLY, 0);
		ns->readonly = true;
	}
	if (IS_ERR(file)) {
		ret = PTR_ERR(file);
		pr_err("namespace %u of %s: cannot open device_path '%s' (%d)\n",
		       ns->nsid, ns->subsys->subsysnqn, ns->device_path, ret);
		goto out_clear;
	}

	mode = file_inode(file)->i_mode;
	ret = -EINVAL;
	if (!S_ISREG(mode) && !S_ISBLK(mode)) {
		pr_err("namespace %u of %s: device_path '%s' is neither a file nor a block device\n",
		       ns->nsid, ns->subsys->subsysnqn, ns->device_path);
		goto out_fput;
	}
	if (!file->f_op->read_iter || !file->f_op->write_iter) {
		pr_err("namespace %u of %s: device_path '%s': filesystem lacks iter I/O\n",
		       ns->nsid, ns->subsys->subsysnqn, ns->device_path);
		goto out_fput;
	}

	ns->file = file;
	nvmeof_tgt_file_ns_revalidate(ns);
	ns->blksize_shift = min_t(u8, file_inode(file)->i_blkbits, TGT_FILE_MAX_BLKSIZE_SHIFT);
	return 0;

out_fput:
	fput(file);
out_clear:
	ns->readonly = false;
	return ret;
}

void nvmeof_tgt_file_ns_disable(struct nvmeof_tgt_ns *ns)
{
	if (!ns->file)
		return;
	/* Every request has completed; let their work items return before the file goes. */
	flush_workqueue(tgt_file_wq);
	fput(ns->file);
	ns->file = NULL;
}

static void tgt_file_io_done(struct kiocb *iocb, long ret)
{
	struct nvmeof_tgt_req *req = container_of(iocb, struct nvmeof_tgt_req, f.iocb);
	u16 status = NVMEOF_SC_SUCCESS;

	kfree(req->f.bvec);
	req->f.bvec = NULL;
	if (ret < 0)
		status = nvmeof_tgt_io_errno_status(req, ret);
	else if (ret != req->data_len)
		/* Short: the file shrank under us, or the filesystem is out of space. */
		status = nvmeof_tgt_io_errno_status(req, nvmeof_tgt_req_is_write(req) ?
						    -ENOSPC : -EIO);
	nvmeof_tgt_req_complete(req, status);
}

/* Submits the read or write; direct I/O completes through tgt_file_io_done. */
static void tgt_file_submit(struct nvmeof_tgt_req *req, bool async)
{
	struct kiocb *iocb = &req->f.iocb;
	struct file *file = req->ns->file;
	struct iov_iter iter;
	ssize_t ret;

	init_sync_kiocb(iocb, file);
	iocb->ki_pos = (loff_t)nvmeof_tgt_io_slba(req) << req->ns->blksize_shift;
	if (async)
		iocb->ki_complete = tgt_file_io_done;

	if (req->cmd->opcode == NVMEOF_CMD_WRITE) {
		if (le32_to_cpu(req->cmd->cdw12) & NVMEOF_RW_FUA)
			iocb->ki_flags |= IOCB_DSYNC;
		iov_iter_bvec(&iter, ITER_SOURCE, req->f.bvec, req->sg_cnt, req->data_len);
		ret = file->f_op->write_iter(iocb, &iter);
	} else {
		iov_iter_bvec(&iter, ITER_DEST, req->f.bvec, req->sg_cnt, req->data_len);
		ret = file->f_op->read_iter(iocb, &iter);
	}
	if (ret != -EIOCBQUEUED)
		tgt_file_io_done(iocb, ret);
}

static void tgt_file_buffered_work(struct work_struct *w)
{
	struct nvmeof_tgt_req *req = container_of(w, struct nvmeof_tgt_req, f.work);

	tgt_file_submit(req, false);
}

static void tgt_file_execute_rw(struct nvmeof_tgt_req *req)
{
	struct scatterlist *sg;
	size_t total = 0;
	int i;

	if (unlikely(!req->sg || !req->sg_cnt || req->transfer_len < req->data_len)) {
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR);
		return;
	}

	req->f.bvec = kmalloc_array(req->sg_cnt, sizeof(*req->f.bvec), GFP_KERNEL);
	if (!req->f.bvec) {
		nvmeof_tgt_req_complete(req, NVMEOF_SC_INTERNAL);
		return;
	}
	for_each_sg(req->sg, sg, req->sg_cnt, i) {
		req->f.bvec[i].bv_page = sg_page(sg);
		req->f.bvec[i].bv_len = sg->length;
		req->f.bvec[i].bv_offset = sg->offset;
		total += sg->length;
	}
	if (unlikely(total != req->data_len)) {
		kfree(req->f.bvec);
		req->f.bvec = NULL;
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR);
		return;
	}

	if (req->ns->buffered_io) {
		/* Page cache I/O may block on writeback: never in the caller's context. */
		INIT_WORK(&req->f.work, tgt_file_buffered_work);
		queue_work(tgt_file_wq, &req->f.work);
		return;
	}
	tgt_file_submit(req, true);
}

static void tgt_file_flush_work(struct work_struct *w)
{
	struct nvmeof_tgt_req *req = container_of(w, struct nvmeof_tgt_req, f.work);
	int ret = vfs_fsync(req->ns->file, 1);

	nvmeof_tgt_req_complete(req, nvmeof_tgt_io_errno_status(req, ret));
}

static void tgt_file_write_zeroes_work(struct work_struct *w)
{
	struct nvmeof_tgt_req *req = container_of(w, struct nvmeof_tgt_req, f.work);
	struct nvmeof_tgt_ns *ns = req->ns;
	loff_t off = (loff_t)nvmeof_tgt_io_slba(req) << ns->blksize_shift;
	loff_t len = (loff_t)nvmeof_tgt_io_nlb(req) << ns->blksize_shift;
	int ret;

	ret = vfs_fallocate(ns->file, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, off, len);
	nvmeof_tgt_req_complete(req, nvmeof_tgt_io_errno_status(req, ret));
}

static int tgt_file_punch_range(struct nvmeof_tgt_req *req, u64 slba, u32 nlb,
				void *arg)
{
	struct nvmeof_tgt_ns *ns = req->ns;

	return vfs_fallocate(ns->file, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			     (loff_t)slba << ns->blksize_shift,
			     (loff_t)nlb << ns->blksize_shift);
}

static void tgt_file_dsm_work(struct work_struct *w)
{
	struct nvmeof_tgt_req *req = container_of(w, struct nvmeof_tgt_req, f.work);

	nvmeof_tgt_req_complete(req, nvmeof_tgt_io_for_each_range(req, tgt_file_punch_range,
								  NULL));
}

static void tgt_file_queue(struct nvmeof_tgt_req *req, work_func_t fn)
{
	INIT_WORK(&req->f.work, fn);
	queue_work(tgt_file_wq, &req->f.work);
}

static void tgt_file_execute_flush(struct nvmeof_tgt_req *req)
{
	tgt_file_queue(req, tgt_file_flush_work);
}

static void tgt_file_execute_write_zeroes(struct nvmeof_tgt_req *req)
{
	tgt_file_queue(req, tgt_file_write_zeroes_work);
}

static void tgt_file_execute_dsm(struct nvmeof_tgt_req *req)
{
	if (!(le32_to_cpu(req->cmd->cdw11) & NVMEOF_DSM_ATTR_AD)) {
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
		return;
	}
	tgt_file_queue(req, tgt_file_dsm_work);
}

/* The command dispatch is shared (nvmeof_tgt_io_parse()); these are the handlers. */
const struct nvmeof_tgt_io_ops nvmeof_tgt_file_io_ops = {
	.rw		= tgt_file_execute_rw,
	.flush		= tgt_file_execute_flush,
	.write_zeroes	= tgt_file_execute_write_zeroes,
	.dsm		= tgt_file_execute_dsm,
};
