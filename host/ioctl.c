// SPDX-License-Identifier: GPL-2.0-only
/* The <linux/nvme_ioctl.h> ioctls on /dev/nvmeN and on namespace block devices. */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/ptrace.h>
#include <uapi/linux/nvme_ioctl.h>

#include "host.h"

/*
 * One passthrough command. The ioctl ABI returns the NVMe status as a
 * positive value and -errno otherwise, so this returns both, by design.
 */
static int host_user_cmd(struct nvmeof_host_ctrl *ctrl, struct request_queue *q,
			 const struct nvme_passthru_cmd64 *cmd, u64 *result)
{
	struct nvmeof_host_request *req;
	struct bio *bio = NULL;
	struct nvmeof_sqe sqe = { };
	struct request *rq;
	int ret;

	if (cmd->metadata || cmd->metadata_len)
		return -EINVAL;

	sqe.opcode = cmd->opcode;
	sqe.nsid = cpu_to_le32(cmd->nsid);
	sqe.cdw2 = cpu_to_le32(cmd->cdw2);
	sqe.cdw3 = cpu_to_le32(cmd->cdw3);
	sqe.cdw10 = cpu_to_le32(cmd->cdw10);
	sqe.cdw11 = cpu_to_le32(cmd->cdw11);
	sqe.cdw12 = cpu_to_le32(cmd->cdw12);
	sqe.cdw13 = cpu_to_le32(cmd->cdw13);
	sqe.cdw14 = cpu_to_le32(cmd->cdw14);
	sqe.cdw15 = cpu_to_le32(cmd->cdw15);

	rq = blk_mq_alloc_request(q, nvmeof_host_is_write(&sqe) ? REQ_OP_DRV_OUT :
				  REQ_OP_DRV_IN, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	req = nvmeof_req(rq);
	req->sqe = sqe;
	req->flags = NVMEOF_REQ_USERCMD;
	req->retries = 0;
	if (cmd->timeout_ms)
		rq->timeout = msecs_to_jiffies(cmd->timeout_ms);

	if (cmd->data_len && cmd->addr) {
		ret = blk_rq_map_user(q, rq, NULL, u64_to_user_ptr(cmd->addr),
				      cmd->data_len, GFP_KERNEL);
		if (ret)
			goto out_free_rq;
		bio = rq->bio;
	}

	blk_execute_rq(rq, false);
	*result = le64_to_cpu(req->cqe.result);
	ret = req->status;
	if (bio)
		blk_rq_unmap_user(bio);
out_free_rq:
	blk_mq_free_request(rq);
	return ret;
}

static int host_passthru(struct nvmeof_host_ctrl *ctrl, struct request_queue *q,
			 u32 want_nsid, void __user *argp, bool is64)
{
	struct nvme_passthru_cmd64 cmd;
	u64 result = 0;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EACCES;
	if (is64) {
		if (copy_from_user(&cmd, argp, sizeof(cmd)))
			return -EFAULT;
	} else {
		struct nvme_passthru_cmd c32;

		if (copy_from_user(&c32, argp, sizeof(c32)))
			return -EFAULT;
		memset(&cmd, 0, sizeof(cmd));
		memcpy(&cmd, &c32, offsetof(struct nvme_passthru_cmd, result));
	}
	if (want_nsid && cmd.nsid != want_nsid) {
		dev_err(&ctrl->device, "passthrough nsid %u on namespace %u refused\n",
			cmd.nsid, want_nsid);
		return -EINVAL;
	}

	ret = host_user_cmd(ctrl, q, &cmd, &result);
	if (ret < 0)
		return ret;
	if (is64) {
		if (put_user(result, &((struct nvme_passthru_cmd64 __user *)argp)->result))
			return -EFAULT;
	} else {
		if (put_user((u32)result, &((struct nvme_passthru_cmd __user *)argp)->result))
			return -EFAULT;
	}
	return ret;
}

static int host_submit_io(struct nvmeof_host_ns *ns, void __user *argp)
{
	struct nvme_passthru_cmd64 cmd = { };
	struct nvme_user_io io;
	u64 result;
	u32 len;

	if (!capable(CAP_SYS_ADMIN))
		return -EACCES;
	if (copy_from_user(&io, argp, sizeof(io)))
		return -EFAULT;
	if (io.flags || io.metadata)
		return -EINVAL;
	switch (io.opcode) {
	case NVMEOF_CMD_WRITE:
	case NVMEOF_CMD_READ:
	case NVMEOF_CMD_COMPARE:
		break;
	default:
		return -EINVAL;
	}
	len = ((u32)io.nblocks + 1) << ns->lba_shift;
	cmd.opcode = io.opcode;
	cmd.nsid = ns->head->ns_id;
	cmd.addr = io.addr;
	cmd.data_len = len;
	cmd.cdw10 = lower_32_bits(io.slba);
	cmd.cdw11 = upper_32_bits(io.slba);
	cmd.cdw12 = io.nblocks | ((u32)io.control << 16);
	cmd.cdw13 = io.dsmgmt;
	cmd.cdw14 = io.reftag;
	cmd.cdw15 = io.apptag | ((u32)io.appmask << 16);
	return host_user_cmd(ns->ctrl, ns->queue, &cmd, &result);
}

/**
 * nvmeof_host_ns_ioctl() - ioctls on a namespace head block device
 * @head: the namespace
 * @ns:   its current path, or NULL when none is live
 * @cmd:  ioctl number
 * @arg:  argument
 *
 * Return: the ioctl result (an NVMe status is returned as a positive value).
 */
int nvmeof_host_ns_ioctl(struct nvmeof_host_ns_head *head,
			 struct nvmeof_host_ns *ns, unsigned int cmd,
			 unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	if (cmd == NVME_IOCTL_ID) {
		force_successful_syscall_return();
		return head->ns_id;
	}
	switch (cmd) {
	case NVME_IOCTL_ADMIN_CMD:
	case NVME_IOCTL_ADMIN64_CMD:
	case NVME_IOCTL_IO_CMD:
	case NVME_IOCTL_IO64_CMD:
	case NVME_IOCTL_SUBMIT_IO:
		break;
	default:
		return -ENOTTY;
	}
	if (!ns)
		return -EWOULDBLOCK;

	switch (cmd) {
	case NVME_IOCTL_ADMIN_CMD:
		return host_passthru(ns->ctrl, ns->ctrl->admin_q, 0, argp, false);
	case NVME_IOCTL_ADMIN64_CMD:
		return host_passthru(ns->ctrl, ns->ctrl->admin_q, 0, argp, true);
	case NVME_IOCTL_IO_CMD:
		return host_passthru(ns->ctrl, ns->queue, head->ns_id, argp, false);
	case NVME_IOCTL_IO64_CMD:
		return host_passthru(ns->ctrl, ns->queue, head->ns_id, argp, true);
	default:
		return host_submit_io(ns, argp);
	}
}

/* The deprecated IO_CMD on the controller node works only with exactly one namespace. */
static int host_ctrl_io_cmd(struct nvmeof_host_ctrl *ctrl, void __user *argp)
{
	struct nvmeof_host_ns *ns = NULL;
	int ret;

	/* Not under the rwsem, which a rescan takes for write: the disk pins the path. */
	down_read(&ctrl->namespaces_rwsem);
	if (list_is_singular(&ctrl->namespaces)) {
		ns = list_first_entry(&ctrl->namespaces, struct nvmeof_host_ns, entry);
		get_device(disk_to_dev(ns->disk));
		kref_get(&ns->ref);
	}
	up_read(&ctrl->namespaces_rwsem);
	if (!ns)
		return -EINVAL;
	ret = host_passthru(ctrl, ns->queue, ns->head->ns_id, argp, false);
	put_disk(ns->disk);
	nvmeof_host_put_ns(ns);
	return ret;
}

long nvmeof_host_ctrl_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nvmeof_host_ctrl *ctrl = file->private_data;
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case NVME_IOCTL_ADMIN_CMD:
		return host_passthru(ctrl, ctrl->admin_q, 0, argp, false);
	case NVME_IOCTL_ADMIN64_CMD:
		return host_passthru(ctrl, ctrl->admin_q, 0, argp, true);
	case NVME_IOCTL_IO_CMD:
		return host_ctrl_io_cmd(ctrl, argp);
	case NVME_IOCTL_RESET:
		if (!capable(CAP_SYS_ADMIN))
			return -EACCES;
		dev_warn(&ctrl->device, "resetting controller\n");
		return nvmeof_host_reset_ctrl_sync(ctrl);
	case NVME_IOCTL_SUBSYS_RESET:
		if (!capable(CAP_SYS_ADMIN))
			return -EACCES;
		return nvmeof_host_subsys_reset(ctrl);
	case NVME_IOCTL_RESCAN:
		if (!capable(CAP_SYS_ADMIN))
			return -EACCES;
		if (nvmeof_host_state(ctrl) == NVMEOF_CTRL_LIVE && ctrl->tagset)
			queue_work(nvmeof_host_wq, &ctrl->scan_work);
		return 0;
	default:
		return -ENOTTY;
	}
}

static int host_ctrl_open(struct inode *inode, struct file *file)
{
	struct nvmeof_host_ctrl *ctrl = container_of(inode->i_cdev,
						     struct nvmeof_host_ctrl, cdev);

	switch (nvmeof_host_state(ctrl)) {
	case NVMEOF_CTRL_LIVE:
		break;
	default:
		return -EWOULDBLOCK;
	}
	nvmeof_host_get_ctrl(ctrl);
	file->private_data = ctrl;
	return 0;
}

static int host_ctrl_release(struct inode *inode, struct file *file)
{
	nvmeof_host_put_ctrl(file->private_data);
	return 0;
}

const struct file_operations nvmeof_ctrl_fops = {
	.owner		= THIS_MODULE,
	.open		= host_ctrl_open,
	.release	= host_ctrl_release,
	.unlocked_ioctl	= nvmeof_host_ctrl_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};
