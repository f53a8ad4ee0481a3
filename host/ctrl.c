// SPDX-License-Identifier: GPL-2.0-only
/* Controller state machine, connect sequence, keep-alive, AER, reset, reconnect and delete. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/delay.h>
#include <linux/idr.h>

#include <nvmeof/sgl.h>
#include <nvmeof/nvmeof_trace.h>
#include "host.h"

static unsigned int nvmeof_max_retries = 5;
module_param_named(max_retries, nvmeof_max_retries, uint, 0644);
MODULE_PARM_DESC(max_retries, "times a failed, retryable command is retried (default 5)");

static unsigned int nvmeof_ka_misses = 3;
module_param_named(ka_misses, nvmeof_ka_misses, uint, 0644);
MODULE_PARM_DESC(ka_misses,
		 "keep-alive probes unanswered in a row before a path takes no new I/O; 0: never (default 3; new controllers)");

static unsigned int nvmeof_ka_interval_ms;
module_param_named(ka_interval_ms, nvmeof_ka_interval_ms, uint, 0644);
MODULE_PARM_DESC(ka_interval_ms,
		 "keep-alive probe interval in ms; 0: KATO / (4 x (ka_misses + 1)) (default 0; new controllers)");

static const char *const host_state_names[] = {
	[NVMEOF_CTRL_NEW]		= "new",
	[NVMEOF_CTRL_LIVE]		= "live",
	[NVMEOF_CTRL_RESETTING]		= "resetting",
	[NVMEOF_CTRL_CONNECTING]	= "connecting",
	[NVMEOF_CTRL_DELETING]		= "deleting",
	[NVMEOF_CTRL_DELETING_NOIO]	= "deleting (no IO)",
	[NVMEOF_CTRL_DEAD]		= "dead",
};

const char *nvmeof_host_state_name(enum nvmeof_host_state state)
{
	if (state >= ARRAY_SIZE(host_state_names))
		return "unknown state";
	return host_state_names[state];
}

static bool host_transition_allowed(enum nvmeof_host_state old,
				    enum nvmeof_host_state new)
{
	switch (new) {
	case NVMEOF_CTRL_LIVE:
		return old == NVMEOF_CTRL_NEW || old == NVMEOF_CTRL_RESETTING ||
		       old == NVMEOF_CTRL_CONNECTING;
	case NVMEOF_CTRL_RESETTING:
		return old == NVMEOF_CTRL_NEW || old == NVMEOF_CTRL_LIVE;
	case NVMEOF_CTRL_CONNECTING:
		return old == NVMEOF_CTRL_NEW || old == NVMEOF_CTRL_RESETTING;
	case NVMEOF_CTRL_DELETING:
		return old == NVMEOF_CTRL_LIVE || old == NVMEOF_CTRL_RESETTING ||
		       old == NVMEOF_CTRL_CONNECTING;
	case NVMEOF_CTRL_DELETING_NOIO:
		return old == NVMEOF_CTRL_DELETING;
	case NVMEOF_CTRL_DEAD:
		return old == NVMEOF_CTRL_DELETING ||
		       old == NVMEOF_CTRL_DELETING_NOIO;
	default:
		return false;
	}
}

/**
 * nvmeof_host_change_state() - move a controller to @new_state if allowed
 * @ctrl:      the controller
 * @new_state: the state wanted
 *
 * Return: true when the transition happened.
 */
bool nvmeof_host_change_state(struct nvmeof_host_ctrl *ctrl,
			      enum nvmeof_host_state new_state)
{
	enum nvmeof_host_state old;
	unsigned long flags;
	bool changed;

	spin_lock_irqsave(&ctrl->lock, flags);
	old = ctrl->state;
	changed = host_transition_allowed(old, new_state);
	if (changed)
		WRITE_ONCE(ctrl->state, new_state);
	spin_unlock_irqrestore(&ctrl->lock, flags);

	if (changed && new_state == NVMEOF_CTRL_LIVE)
		nvmeof_host_kick_requeue(ctrl);
	return changed;
}
EXPORT_SYMBOL_GPL(nvmeof_host_change_state);

void nvmeof_host_get_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	get_device(&ctrl->device);
}

/**
 * nvmeof_host_put_ctrl() - drop a controller reference
 * @ctrl: the controller; freed by its transport with the last reference
 */
void nvmeof_host_put_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	put_device(&ctrl->device);
}
EXPORT_SYMBOL_GPL(nvmeof_host_put_ctrl);

void nvmeof_host_uevent(struct nvmeof_host_ctrl *ctrl, const char *event)
{
	char *envp[2] = { (char *)event, NULL };

	kobject_uevent_env(&ctrl->device.kobj, KOBJ_CHANGE, envp);
}

/* --- requests --- */

static blk_status_t host_error_to_blk(u16 status)
{
	switch (NVMEOF_SC_CODE(status)) {
	case NVMEOF_SC_SUCCESS:
		return BLK_STS_OK;
	case NVMEOF_SC_CAP_EXCEEDED:
		return BLK_STS_NOSPC;
	case NVMEOF_SC_LBA_RANGE:
	case NVMEOF_SC_CMD_INTERRUPTED:
	case NVMEOF_SC_NS_NOT_READY:
		return BLK_STS_TARGET;
	case NVMEOF_SC_INVALID_OPCODE:
	case NVMEOF_SC_INVALID_FIELD:
	case NVMEOF_SC_INVALID_NS:
		return BLK_STS_NOTSUPP;
	case NVMEOF_SC_WRITE_FAULT:
	case NVMEOF_SC_READ_ERROR:
	case NVMEOF_SC_UNWRITTEN_BLOCK:
	case NVMEOF_SC_ACCESS_DENIED:
	case NVMEOF_SC_READ_ONLY:
	case NVMEOF_SC_COMPARE_FAILED:
		return BLK_STS_MEDIUM;
	case NVMEOF_SC_GUARD_CHECK:
	case NVMEOF_SC_APPTAG_CHECK:
	case NVMEOF_SC_REFTAG_CHECK:
	case NVMEOF_SC_INVALID_PI:
		return BLK_STS_PROTECTION;
	case NVMEOF_SC_RESERVATION_CONFLICT:
		return BLK_STS_RESV_CONFLICT;
	case NVMEOF_SC_HOST_PATH_ERROR:
		return BLK_STS_TRANSPORT;
	default:
		return BLK_STS_IOERR;
	}
}

static bool host_is_path_error(u16 status)
{
	return NVMEOF_SC_SCT(status) == NVMEOF_SCT_PATH;
}

/**
 * nvmeof_host_complete_rq() - finish a request the transport has completed
 * @rq: the request; its nvmeof_host_request holds the status
 *
 * Path errors on multipath I/O go back to the namespace head to be retried
 * on another path or after reconnect; other retryable errors are retried a
 * few times; the rest end the request.
 */
void nvmeof_host_complete_rq(struct request *rq)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	u16 status = req->status;

	nvmeof_host_obs_complete(rq);
	if (rq->rq_flags & RQF_SPECIAL_PAYLOAD) {
		kfree(bvec_virt(&rq->special_vec));
		rq->rq_flags &= ~RQF_SPECIAL_PAYLOAD;
	}

	if (likely(!status)) {
		blk_mq_end_request(rq, BLK_STS_OK);
		return;
	}

	if (!(status & NVMEOF_SC_DNR) && (rq->cmd_flags & REQ_DRV) &&
	    host_is_path_error(status)) {
		nvmeof_host_failover_rq(rq);
		return;
	}

	if (!(status & NVMEOF_SC_DNR) && !blk_noretry_request(rq) &&
	    !host_is_path_error(status) && !blk_rq_is_passthrough(rq) &&
	    req->retries < nvmeof_max_retries &&
	    nvmeof_host_state(req->ctrl) == NVMEOF_CTRL_LIVE) {
		req->retries++;
		blk_mq_requeue_request(rq, true);
		return;
	}

	blk_mq_end_request(rq, host_error_to_blk(status));
}
EXPORT_SYMBOL_GPL(nvmeof_host_complete_rq);

/**
 * nvmeof_host_end_rq() - record a completion and complete the request
 * @rq:     the request the CQE names
 * @status: its NVMe status (DNR included)
 * @result: CQE dwords 0-1
 *
 * Return: true when this call completed @rq, false when it already was
 * (e.g. cancelled by error recovery).
 */
bool nvmeof_host_end_rq(struct request *rq, u16 status, __le64 result)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	unsigned long now = jiffies;

	req->status = status;
	req->cqe.result = result;
	/*
	 * Any completion from the controller proves the path alive (keep-alive
	 * path health): one store per jiffy, not per command.
	 */
	if (READ_ONCE(req->ctrl->ka_rx) != now)
		WRITE_ONCE(req->ctrl->ka_rx, now);
	/*
	 * Cancellation runs only after the transport stopped receiving, so
	 * a request cannot be completed twice through here. What
	 * blk_mq_complete_request() does, with the common ->complete (TCP's
	 * is the core's own) called directly rather than through the ops.
	 */
	if (blk_mq_complete_request_remote(rq))
		return true;
	if (likely(rq->q->mq_ops->complete == nvmeof_host_complete_rq))
		nvmeof_host_complete_rq(rq);
	else
		rq->q->mq_ops->complete(rq);
	return true;
}
EXPORT_SYMBOL_GPL(nvmeof_host_end_rq);

static void host_setup_rw(struct nvmeof_host_ns *ns, struct request *rq,
			  struct nvmeof_sqe *sqe, u8 opcode)
{
	u64 slba = blk_rq_pos(rq) >> (ns->lba_shift - SECTOR_SHIFT);
	u32 nlb = (blk_rq_bytes(rq) >> ns->lba_shift) - 1;
	u32 cdw12 = nlb;

	sqe->opcode = opcode;
	sqe->nsid = cpu_to_le32(ns->head->ns_id);
	sqe->cdw10 = cpu_to_le32(lower_32_bits(slba));
	sqe->cdw11 = cpu_to_le32(upper_32_bits(slba));
	if (rq->cmd_flags & REQ_FUA)
		cdw12 |= 1U << 30;
	if (rq->cmd_flags & REQ_FAILFAST_DEV)
		cdw12 |= 1U << 31;	/* limited retry */
	sqe->cdw12 = cpu_to_le32(cdw12);
}

/* DSM range (NVM Command Set 1.0, 3.2.3): context attributes, length, start. */
struct host_dsm_range {
	__le32	cattr;
	__le32	nlb;
	__le64	slba;
};

static blk_status_t host_setup_discard(struct nvmeof_host_ns *ns,
				       struct request *rq, struct nvmeof_sqe *sqe)
{
	unsigned short segments = blk_rq_nr_discard_segments(rq), n = 0;
	struct host_dsm_range *range;
	size_t size;
	struct bio *bio;

	size = roundup_pow_of_two(segments * sizeof(*range));
	/* Power-of-two kmalloc objects never cross a page: one bvec holds it. */
	range = kzalloc(size, GFP_ATOMIC | __GFP_NOWARN);
	if (!range)
		return BLK_STS_RESOURCE;

	__rq_for_each_bio(bio, rq) {
		u64 slba = bio->bi_iter.bi_sector >> (ns->lba_shift - SECTOR_SHIFT);
		u32 nlb = bio->bi_iter.bi_size >> ns->lba_shift;

		if (n < segments) {
			range[n].cattr = 0;
			range[n].nlb = cpu_to_le32(nlb);
			range[n].slba = cpu_to_le64(slba);
		}
		n++;
	}
	if (WARN_ON_ONCE(n != segments)) {
		kfree(range);
		return BLK_STS_IOERR;
	}

	sqe->opcode = NVMEOF_CMD_DSM;
	sqe->nsid = cpu_to_le32(ns->head->ns_id);
	sqe->cdw10 = cpu_to_le32(segments - 1);
	sqe->cdw11 = cpu_to_le32(1 << 2);	/* AD: deallocate */

	rq->special_vec.bv_page = virt_to_page(range);
	rq->special_vec.bv_offset = offset_in_page(range);
	rq->special_vec.bv_len = segments * sizeof(*range);
	rq->rq_flags |= RQF_SPECIAL_PAYLOAD;
	return BLK_STS_OK;
}

/**
 * nvmeof_host_setup_cmd() - build the SQE of a request
 * @rq: a block or passthrough request
 *
 * Passthrough requests carry their SQE already; the command identifier is
 * set here for every request. The transport fills the data pointer.
 *
 * Return: BLK_STS_OK or why the request cannot be sent.
 */
blk_status_t nvmeof_host_setup_cmd(struct request *rq)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	struct nvmeof_host_ns *ns = rq->q->queuedata;
	struct nvmeof_sqe *sqe = &req->sqe;
	blk_status_t ret = BLK_STS_OK;

	req->status = 0;
	/*
	 * A block request's first dispatch starts its retry count afresh;
	 * the tag's previous user may have been a passthrough command.
	 */
	if (!blk_rq_is_passthrough(rq) && !(rq->rq_flags & RQF_DONTPREP)) {
		req->retries = 0;
		req->flags = 0;
		rq->rq_flags |= RQF_DONTPREP;
	}
	switch (req_op(rq)) {
	case REQ_OP_DRV_IN:
	case REQ_OP_DRV_OUT:
		break;
	case REQ_OP_FLUSH:
		memset(sqe, 0, sizeof(*sqe));
		sqe->opcode = NVMEOF_CMD_FLUSH;
		sqe->nsid = cpu_to_le32(ns->head->ns_id);
		break;
	case REQ_OP_READ:
		memset(sqe, 0, sizeof(*sqe));
		host_setup_rw(ns, rq, sqe, NVMEOF_CMD_READ);
		break;
	case REQ_OP_WRITE:
		/*
		 * An atomic write is one command no larger than the unit the
		 * namespace advertised, within its boundary; the block layer
		 * builds them so, this keeps a bad merge from being torn.
		 */
		ret = nvmeof_blk_atomic_write_check(rq);
		if (ret)
			return ret;
		memset(sqe, 0, sizeof(*sqe));
		host_setup_rw(ns, rq, sqe, NVMEOF_CMD_WRITE);
		break;
	case REQ_OP_WRITE_ZEROES:
		memset(sqe, 0, sizeof(*sqe));
		host_setup_rw(ns, rq, sqe, NVMEOF_CMD_WRITE_ZEROES);
		break;
	case REQ_OP_DISCARD:
		memset(sqe, 0, sizeof(*sqe));
		ret = host_setup_discard(ns, rq, sqe);
		break;
	default:
		WARN_ON_ONCE(1);
		return BLK_STS_IOERR;
	}
	req->genctr++;
	sqe->command_id = nvmeof_host_cid(rq);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_host_setup_cmd);

/**
 * nvmeof_host_rq_ready_slow() - may this request go out now
 * @ctrl:       its controller
 * @rq:         the request
 * @queue_live: the transport queue is connected (Connect succeeded)
 *
 * Before a queue is live only its Connect may go; while the controller is
 * being set up only the driver's own commands may.
 *
 * Return: true to send it.
 */
bool nvmeof_host_rq_ready_slow(struct nvmeof_host_ctrl *ctrl, struct request *rq,
			       bool queue_live)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	enum nvmeof_host_state state = nvmeof_host_state(ctrl);
	const struct nvmeof_fabrics_cmd *fc = (const void *)&req->sqe;

	if (state == NVMEOF_CTRL_LIVE && queue_live)
		return true;
	if (!blk_rq_is_passthrough(rq))
		return false;
	/* A queue not live yet carries its Connect and then its authentication. */
	if (!queue_live)
		return fc->opcode == NVMEOF_FABRICS_OPCODE &&
		       (fc->fctype == NVMEOF_FCTYPE_CONNECT ||
			fc->fctype == NVMEOF_FCTYPE_AUTH_SEND ||
			fc->fctype == NVMEOF_FCTYPE_AUTH_RECV) &&
		       !(req->flags & NVMEOF_REQ_USERCMD) &&
		       (state == NVMEOF_CTRL_CONNECTING || state == NVMEOF_CTRL_NEW);
	switch (state) {
	case NVMEOF_CTRL_NEW:
	case NVMEOF_CTRL_CONNECTING:
	case NVMEOF_CTRL_DELETING:
		return !(req->flags & NVMEOF_REQ_USERCMD);
	case NVMEOF_CTRL_LIVE:
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_GPL(nvmeof_host_rq_ready_slow);

/**
 * nvmeof_host_fail_nonready() - deal with a request that may not go out now
 * @ctrl: its controller
 * @rq:   the request
 *
 * Return: BLK_STS_RESOURCE to have blk-mq retry later (the controller may
 * come back), or BLK_STS_OK after failing @rq with a path error (multipath
 * I/O then waits on its namespace head instead).
 */
blk_status_t nvmeof_host_fail_nonready(struct nvmeof_host_ctrl *ctrl,
				       struct request *rq)
{
	enum nvmeof_host_state state = nvmeof_host_state(ctrl);

	if (state != NVMEOF_CTRL_DELETING && state != NVMEOF_CTRL_DELETING_NOIO &&
	    state != NVMEOF_CTRL_DEAD &&
	    !test_bit(NVMEOF_CTRL_FAILFAST_EXPIRED, &ctrl->flags) &&
	    !blk_noretry_request(rq) && !(rq->cmd_flags & REQ_DRV) &&
	    !(nvmeof_req(rq)->flags & NVMEOF_REQ_INTERNAL))
		return BLK_STS_RESOURCE;

	nvmeof_req(rq)->status = NVMEOF_SC_HOST_PATH_ERROR;
	blk_mq_set_request_complete(rq);
	nvmeof_host_complete_rq(rq);
	return BLK_STS_OK;
}
EXPORT_SYMBOL_GPL(nvmeof_host_fail_nonready);

/**
 * nvmeof_host_submit_sync() - run one command and wait for it
 * @ctrl:      the controller
 * @q:         admin_q, connect_q or a namespace queue
 * @sqe:       the command (command_id is filled in)
 * @buf:       kernel data buffer or NULL
 * @len:       its length
 * @req_flags: NVMEOF_REQ_*
 * @qid:       >= 0: a Connect for that queue (reserved tag on its hctx);
 *             -1: any queue
 * @cqe:       if not NULL, receives the result and the status
 *
 * Return: 0, -EIO when the controller returned an error status (in @cqe),
 * or another -errno when the command could not be run.
 */
int nvmeof_host_submit_sync(struct nvmeof_host_ctrl *ctrl, struct request_queue *q,
			    const struct nvmeof_sqe *sqe, void *buf,
			    unsigned int len, u8 req_flags, int qid,
			    struct nvmeof_cqe *cqe)
{
	blk_opf_t op = nvmeof_host_is_write(sqe) ? REQ_OP_DRV_OUT : REQ_OP_DRV_IN;
	struct nvmeof_host_request *req;
	struct request *rq;
	int ret;

	if (qid > 0)
		rq = blk_mq_alloc_request_hctx(q, op, BLK_MQ_REQ_RESERVED |
					       BLK_MQ_REQ_NOWAIT, qid - 1);
	else if (qid == 0)
		rq = blk_mq_alloc_request(q, op, BLK_MQ_REQ_RESERVED);
	else
		rq = blk_mq_alloc_request(q, op, 0);
	if (IS_ERR(rq))
		return PTR_ERR(rq);

	req = nvmeof_req(rq);
	memcpy(&req->sqe, sqe, sizeof(*sqe));
	req->flags = req_flags;
	req->retries = 0;
	rq->timeout = (q == ctrl->admin_q ? nvmeof_admin_timeout : nvmeof_io_timeout) * HZ;

	if (buf && len) {
		ret = blk_rq_map_kern(q, rq, buf, len, GFP_KERNEL);
		if (ret)
			goto out_free_rq;
	}

	blk_execute_rq(rq, false);
	if (cqe) {
		*cqe = req->cqe;
		nvmeof_cqe_set_status(cqe, req->status);
	}
	ret = req->status ? -EIO : 0;
out_free_rq:
	blk_mq_free_request(rq);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_host_submit_sync);

/**
 * nvmeof_host_get_log() - Get Log Page, from offset 0, with RAE clear
 * @ctrl: the controller
 * @lid:  log identifier
 * @lsp:  log specific field
 * @nsid: namespace, or NVMEOF_NSID_ALL
 * @buf:  kernel buffer
 * @len:  bytes to read, a multiple of 4
 *
 * Reading a log with RAE clear re-arms the asynchronous event it belongs to.
 *
 * Return: 0 or -errno (-EIO: the controller returned an error status).
 */
int nvmeof_host_get_log(struct nvmeof_host_ctrl *ctrl, u8 lid, u8 lsp, u32 nsid,
			void *buf, size_t len)
{
	u32 numd = len / sizeof(u32) - 1;
	struct nvmeof_sqe sqe = { };

	if (WARN_ON_ONCE(!len || len % 4 || len > UINT_MAX))
		return -EINVAL;
	sqe.opcode = NVMEOF_ADMIN_GET_LOG_PAGE;
	sqe.nsid = cpu_to_le32(nsid);
	sqe.cdw10 = cpu_to_le32(lid | ((u32)lsp << 8) | ((numd & 0xffff) << 16));
	sqe.cdw11 = cpu_to_le32(numd >> 16);
	return nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, buf, len,
				       NVMEOF_REQ_INTERNAL, -1, NULL);
}

int nvmeof_host_identify(struct nvmeof_host_ctrl *ctrl, u8 cns, u32 nsid, void *buf)
{
	struct nvmeof_sqe sqe = { };

	sqe.opcode = NVMEOF_ADMIN_IDENTIFY;
	sqe.nsid = cpu_to_le32(nsid);
	sqe.cdw10 = cpu_to_le32(cns);
	return nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, buf,
				       NVMEOF_IDENTIFY_DATA_SIZE,
				       NVMEOF_REQ_INTERNAL, -1, NULL);
}

static int host_prop_get(struct nvmeof_host_ctrl *ctrl, u32 off, bool eight, u64 *val)
{
	struct nvmeof_sqe sqe = { };
	struct nvmeof_prop_get_cmd *c = (void *)&sqe;
	struct nvmeof_cqe cqe;
	int ret;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_PROPERTY_GET;
	c->attrib = eight ? NVMEOF_PROP_ATTRIB_SIZE_8 : NVMEOF_PROP_ATTRIB_SIZE_4;
	c->offset = cpu_to_le32(off);
	ret = nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, NULL, 0,
				      NVMEOF_REQ_INTERNAL, -1, &cqe);
	if (ret) {
		dev_err(&ctrl->device, "Property Get 0x%x failed: status 0x%x\n",
			off, nvmeof_cqe_status(&cqe));
		return ret;
	}
	*val = le64_to_cpu(cqe.result);
	if (!eight)
		*val &= 0xffffffff;
	return 0;
}

/* @cqe, if not NULL, receives the status when the result is -EIO. */
static int host_prop_set_cqe(struct nvmeof_host_ctrl *ctrl, u32 off, u32 val,
			     struct nvmeof_cqe *cqe)
{
	struct nvmeof_sqe sqe = { };
	struct nvmeof_prop_set_cmd *c = (void *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_PROPERTY_SET;
	c->attrib = NVMEOF_PROP_ATTRIB_SIZE_4;
	c->offset = cpu_to_le32(off);
	c->value = cpu_to_le64(val);
	return nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, NULL, 0,
				       NVMEOF_REQ_INTERNAL, -1, cqe);
}

static int host_prop_set(struct nvmeof_host_ctrl *ctrl, u32 off, u32 val)
{
	return host_prop_set_cqe(ctrl, off, val, NULL);
}

/*
 * The status of a Subsystem Reset request: 0 (accepted), the controller's
 * refusal, or a status this host made up because the association ended
 * under the command (the reset itself may cut the connection first).
 */
static u16 host_nssr_request(struct nvmeof_host_ctrl *ctrl, int *err)
{
	struct nvmeof_cqe cqe = { };

	*err = host_prop_set_cqe(ctrl, NVMEOF_REG_NSSR, NVMEOF_NSSR_RESET, &cqe);
	return *err == -EIO ? nvmeof_cqe_status(&cqe) : NVMEOF_SC_SUCCESS;
}

static bool host_status_is_local(u16 status)
{
	u16 sc = NVMEOF_SC_CODE(status);

	return sc == NVMEOF_SC_HOST_PATH_ERROR || sc == NVMEOF_SC_HOST_ABORTED_CMD;
}

/**
 * nvmeof_host_subsys_reset() - request an NVM Subsystem Reset (NSSR)
 * @ctrl: a live controller
 *
 * Only when CAP.NSSRS says the subsystem supports it. The reset takes the
 * association down; error recovery then reconnects as after any loss. A
 * controller that refuses the request keeps its association: no recovery.
 *
 * Return: 0, -ENOTTY without NSSR support, -EBUSY when not live, the
 * refusal's status as -errno (Invalid Field: -EOPNOTSUPP), or -errno.
 */
int nvmeof_host_subsys_reset(struct nvmeof_host_ctrl *ctrl)
{
	u16 status;
	int ret;

	if (!(ctrl->cap & NVMEOF_CAP_NSSRS))
		return -ENOTTY;
	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE)
		return -EBUSY;
	dev_warn(&ctrl->device, "requesting an NVM subsystem reset\n");
	status = host_nssr_request(ctrl, &ret);
	if (ret && ret != -EIO)
		return ret;	/* never sent: nothing happened */
	if (status && !host_status_is_local(status)) {
		/* Refused: the association is as it was, nothing to recover. */
		dev_warn(&ctrl->device, "NVM subsystem reset refused (status %#x)\n",
			 status);
		return blk_status_to_errno(host_error_to_blk(status));
	}
	/*
	 * Accepted, or cut off by the reset itself (the target may drop the
	 * connection first): either way the association is gone, recover.
	 */
	nvmeof_host_error_recovery(ctrl);
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_host_subsys_reset);

/**
 * nvmeof_host_connect_queue() - send the Fabrics Connect of one queue
 * @ctrl: the controller
 * @qid:  0 for the admin queue, else the I/O queue
 *
 * Return: 0, or -errno (-EIO when the controller refused).
 */
int nvmeof_host_connect_queue(struct nvmeof_host_ctrl *ctrl, u16 qid)
{
	struct nvmeof_ctrl_opts *o = ctrl->opts;
	struct nvmeof_connect_data *data;
	struct nvmeof_sqe sqe = { };
	struct nvmeof_connect_cmd *c = (void *)&sqe;
	struct nvmeof_cqe cqe = { };
	u32 result;
	u16 status;
	int ret;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_CONNECT;
	c->qid = cpu_to_le16(qid);
	c->sqsize = cpu_to_le16(qid ? ctrl->sqsize : NVMEOF_HOST_AQ_DEPTH - 1);
	if (o->disable_sqflow)
		c->cattr |= NVMEOF_CONNECT_CATTR_DISABLE_SQFLOW;
	if (!qid)
		c->kato = cpu_to_le32(ctrl->kato * 1000);

	data = kzalloc(sizeof(*data), GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	nvmeof_ctrl_stats_queue(&ctrl->stats, qid);
	memcpy(data->hostid, o->hostid, sizeof(data->hostid));
	data->cntlid = cpu_to_le16(qid ? ctrl->cntlid : NVMEOF_CNTLID_DYNAMIC);
	strscpy(data->subsysnqn, o->subsysnqn, sizeof(data->subsysnqn));
	strscpy(data->hostnqn, o->hostnqn, sizeof(data->hostnqn));

	ret = nvmeof_host_submit_sync(ctrl, qid ? ctrl->connect_q : ctrl->admin_q,
				      &sqe, data, sizeof(*data),
				      NVMEOF_REQ_INTERNAL, qid, &cqe);
	status = nvmeof_cqe_status(&cqe);
	result = lower_32_bits(le64_to_cpu(cqe.result));
	trace_nvmeof_connect(false, ctrl->instance, qid, ret == -EIO ? status : ret ? 0xffff : 0);
	if (ret == -EIO) {
		u32 ipo = NVMEOF_CONNECT_IPO(result);

		switch (NVMEOF_SC_CODE(status)) {
		case NVMEOF_SC_CONNECT_INVALID_PARAM:
			dev_err(&ctrl->device,
				"Connect Invalid Data Parameter (offset %u), subsysnqn \"%s\"\n",
				ipo, o->subsysnqn);
			break;
		case NVMEOF_SC_CONNECT_INVALID_HOST:
			dev_err(&ctrl->device,
				"Connect for subsystem %s is not allowed, hostnqn: %s\n",
				o->subsysnqn, o->hostnqn);
			break;
		default:
			dev_err(&ctrl->device,
				"Connect command failed on queue %u, status 0x%x\n",
				qid, status);
		}
		goto out_free_data;
	}
	if (ret) {
		dev_err(&ctrl->device, "Connect on queue %u failed: %d\n", qid, ret);
		goto out_free_data;
	}
	if (result & NVMEOF_CONNECT_AUTHREQ_ASCR) {
		dev_err(&ctrl->device,
			"qid %u: secure channel concatenation required, not supported\n", qid);
		ret = -EOPNOTSUPP;
		goto out_free_data;
	}
	if (!qid)
		ctrl->cntlid = NVMEOF_CONNECT_RESULT_CNTLID(result);
	/*
	 * As in-tree: authenticate when the controller asks (ATR), and only
	 * then. NVMe Base 2.0 (8.13.5) makes authentication the controller's
	 * requirement to state; a host given a secret for a subsystem that
	 * does not require it connects as without one, so nvme-cli scripts
	 * that pass --dhchap-secret everywhere behave as with the in-tree host.
	 */
	if (result & NVMEOF_CONNECT_AUTHREQ_ATR) {
		if (!qid)
			WRITE_ONCE(ctrl->auth_required, true);
		if (nvmeof_host_auth_wanted(ctrl)) {
			ret = nvmeof_host_auth_queue(ctrl, qid);
		} else {
			dev_err(&ctrl->device,
				"qid %u: controller requires authentication, no dhchap_secret given\n",
				qid);
			ret = -EKEYREJECTED;
		}
	} else if (!qid) {
		WRITE_ONCE(ctrl->auth_required, false);
		if (nvmeof_host_auth_wanted(ctrl))
			dev_info(&ctrl->device,
				 "qid 0: controller does not require authentication, not authenticating\n");
	}
out_free_data:
	kfree(data);
	return ret;
}

static int host_enable_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	unsigned long deadline;
	u64 csts;
	u32 cc;
	int ret;

	cc = NVMEOF_CC_CSS_NVM | ((PAGE_SHIFT - 12) << NVMEOF_CC_MPS_SHIFT) |
	     (NVMEOF_NVM_IOSQES << NVMEOF_CC_IOSQES_SHIFT) |
	     (NVMEOF_NVM_IOCQES << NVMEOF_CC_IOCQES_SHIFT) | NVMEOF_CC_EN;
	ret = host_prop_set(ctrl, NVMEOF_REG_CC, cc);
	if (ret)
		return ret;
	ctrl->ctrl_config = cc;

	/* CAP.TO is in 500 ms units. */
	deadline = jiffies + (NVMEOF_CAP_TO(ctrl->cap) + 1) * HZ / 2;
	for (;;) {
		ret = host_prop_get(ctrl, NVMEOF_REG_CSTS, false, &csts);
		if (ret)
			return ret;
		if (csts & NVMEOF_CSTS_CFS) {
			dev_err(&ctrl->device, "controller fatal status during enable\n");
			return -EIO;
		}
		if (csts & NVMEOF_CSTS_RDY)
			return 0;
		if (time_after(jiffies, deadline)) {
			dev_err(&ctrl->device, "timed out waiting for CSTS.RDY\n");
			return -ENODEV;
		}
		msleep(100);
	}
}

static void host_shutdown_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	unsigned long deadline = jiffies + 5 * HZ;
	u64 csts;
	u32 cc = (ctrl->ctrl_config & ~NVMEOF_CC_SHN_MASK) | NVMEOF_CC_SHN_NORMAL;

	if (host_prop_set(ctrl, NVMEOF_REG_CC, cc))
		return;
	while (!host_prop_get(ctrl, NVMEOF_REG_CSTS, false, &csts)) {
		if ((csts & NVMEOF_CSTS_SHST_MASK) == NVMEOF_CSTS_SHST_COMPLETE)
			return;
		if (time_after(jiffies, deadline))
			return;
		msleep(100);
	}
}

static void host_copy_trimmed(char *dst, const char *src, size_t len)
{
	memcpy(dst, src, len);
}

/**
 * nvmeof_host_init_admin() - after the admin Connect: enable and identify
 * @ctrl: the controller
 *
 * Reads CAP and VS, enables the controller, waits for CSTS.RDY, reads
 * Identify Controller and, on the first connect, joins the subsystem.
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_init_admin(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_id_ctrl *id;
	u64 val;
	u32 mps_min;
	int ret;

	ret = host_prop_get(ctrl, NVMEOF_REG_CAP, true, &ctrl->cap);
	if (ret)
		return ret;
	ret = host_prop_get(ctrl, NVMEOF_REG_VS, false, &val);
	if (ret)
		return ret;
	ctrl->vs = val;
	ctrl->sqsize = min_t(u32, NVMEOF_CAP_MQES(ctrl->cap), ctrl->opts->queue_size - 1);

	ret = host_enable_ctrl(ctrl);
	if (ret)
		return ret;

	id = kzalloc(sizeof(*id), GFP_KERNEL);
	if (!id)
		return -ENOMEM;
	ret = nvmeof_host_identify(ctrl, NVMEOF_ID_CNS_CTRL, 0, id);
	if (ret) {
		dev_err(&ctrl->device, "Identify Controller failed (%d)\n", ret);
		goto out_free_id;
	}

	host_copy_trimmed(ctrl->serial, id->sn, sizeof(ctrl->serial));
	host_copy_trimmed(ctrl->model, id->mn, sizeof(ctrl->model));
	host_copy_trimmed(ctrl->firmware_rev, id->fr, sizeof(ctrl->firmware_rev));
	memcpy(ctrl->ieee, id->ieee, sizeof(ctrl->ieee));
	ctrl->vid = le16_to_cpu(id->vid);
	ctrl->cmic = id->cmic;
	ctrl->mdts = id->mdts;
	ctrl->oaes = le32_to_cpu(id->oaes);
	ctrl->ctratt = le32_to_cpu(id->ctratt);
	ctrl->oncs = le16_to_cpu(id->oncs);
	ctrl->awupf = le16_to_cpu(id->awupf);
	ctrl->vwc = id->vwc;
	ctrl->nn = le32_to_cpu(id->nn);
	ctrl->aerl = id->aerl;
	ctrl->maxcmd = le16_to_cpu(id->maxcmd);
	ctrl->ioccsz = le32_to_cpu(id->ioccsz);
	ctrl->iorcsz = le32_to_cpu(id->iorcsz);
	ctrl->icdoff = le16_to_cpu(id->icdoff);
	ctrl->sgls = le32_to_cpu(id->sgls);
	ctrl->cntrltype = id->cntrltype;
	ctrl->dctype = id->dctype;
	if (!ctrl->cntrltype)
		ctrl->cntrltype = ctrl->opts->discovery ? NVMEOF_CTRL_TYPE_DISC :
							  NVMEOF_CTRL_TYPE_IO;
	if (ctrl->maxcmd && ctrl->sqsize + 1 > ctrl->maxcmd)
		ctrl->sqsize = ctrl->maxcmd - 1;

	mps_min = NVMEOF_CAP_MPSMIN(ctrl->cap) + 12;
	ctrl->max_hw_sectors = NVMEOF_HOST_MAX_HW_SECTORS;
	if (ctrl->mdts && mps_min + ctrl->mdts - SECTOR_SHIFT < 31)
		ctrl->max_hw_sectors = min_t(u32, ctrl->max_hw_sectors,
					     1U << (mps_min + ctrl->mdts - SECTOR_SHIFT));
	ctrl->max_segments = NVMEOF_HOST_MAX_SEGMENTS;
	if (ctrl->max_cmd_pages) {
		/* A misaligned start touches one page more than the length fills. */
		ctrl->max_hw_sectors = min_t(u32, ctrl->max_hw_sectors,
					     (ctrl->max_cmd_pages - 1) << (ilog2(SZ_4K) - SECTOR_SHIFT));
		ctrl->max_segments = min(ctrl->max_segments, ctrl->max_cmd_pages);
	}

	ret = nvmeof_host_mpath_identify(ctrl, id);
	if (ret)
		goto out_free_id;

	if (!test_bit(NVMEOF_CTRL_STARTED_ONCE, &ctrl->flags) && !ctrl->subsys) {
		ret = nvmeof_host_init_subsystem(ctrl, id);
		if (ret)
			goto out_free_id;
	}
out_free_id:
	kfree(id);
	return ret;
}

/**
 * nvmeof_host_set_queue_count() - Set Features Number of Queues
 * @ctrl:  the controller
 * @count: in: I/O queues wanted; out: I/O queues granted (may be 0)
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_set_queue_count(struct nvmeof_host_ctrl *ctrl, u32 *count)
{
	struct nvmeof_sqe sqe = { };
	struct nvmeof_cqe cqe;
	u32 q = (*count - 1) | ((*count - 1) << 16), result, nr;
	int ret;

	sqe.opcode = NVMEOF_ADMIN_SET_FEATURES;
	sqe.cdw10 = cpu_to_le32(NVMEOF_FEAT_NUM_QUEUES);
	sqe.cdw11 = cpu_to_le32(q);
	ret = nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, NULL, 0,
				      NVMEOF_REQ_INTERNAL, -1, &cqe);
	if (ret == -EIO) {
		/* A controller that refuses I/O queues is still manageable. */
		dev_err(&ctrl->device, "Could not set queue count (0x%x)\n",
			nvmeof_cqe_status(&cqe));
		*count = 0;
		return 0;
	}
	if (ret)
		return ret;
	result = lower_32_bits(le64_to_cpu(cqe.result));
	nr = min(result & 0xffff, result >> 16) + 1;
	*count = min(*count, nr);
	return 0;
}

/* --- tag sets --- */

/**
 * nvmeof_host_alloc_admin_tagset() - tag set and request queue of the admin queue
 * @ctrl:     the controller
 * @set:      storage for the tag set (the transport's)
 * @ops:      the transport's blk-mq operations
 * @cmd_size: the transport's request size (nvmeof_host_request first)
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_alloc_admin_tagset(struct nvmeof_host_ctrl *ctrl,
				   struct blk_mq_tag_set *set,
				   const struct blk_mq_ops *ops,
				   unsigned int cmd_size)
{
	int ret;

	memset(set, 0, sizeof(*set));
	set->ops = ops;
	set->queue_depth = NVMEOF_HOST_AQ_DEPTH - 1;
	set->reserved_tags = NVMEOF_HOST_RESERVED_TAGS;
	set->numa_node = NUMA_NO_NODE;
	set->flags = BLK_MQ_F_NO_SCHED;
	if (ctrl->ops->blocking)
		set->flags |= BLK_MQ_F_BLOCKING;
	set->cmd_size = cmd_size;
	set->driver_data = ctrl;
	set->nr_hw_queues = 1;
	set->timeout = nvmeof_admin_timeout * HZ;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		return ret;

	ctrl->admin_q = nvmeof_blk_mq_alloc_queue(set);
	if (IS_ERR(ctrl->admin_q)) {
		ret = PTR_ERR(ctrl->admin_q);
		ctrl->admin_q = NULL;
		goto out_free_tagset;
	}
	ctrl->admin_tagset = set;
	return 0;

out_free_tagset:
	blk_mq_free_tag_set(set);
	return ret;
}

void nvmeof_host_free_admin_tagset(struct nvmeof_host_ctrl *ctrl)
{
	if (!ctrl->admin_tagset)
		return;
	/*
	 * Dying from here on, so a passthrough through a /dev/nvmeN or head
	 * still open fails with -ENODEV; the queue itself goes with the
	 * controller (host_ctrl_release()), whose reference they hold.
	 */
	blk_mq_destroy_queue(ctrl->admin_q);
	blk_mq_free_tag_set(ctrl->admin_tagset);
	ctrl->admin_tagset = NULL;
}

/**
 * nvmeof_host_teardown_io_queues() - stop I/O queues 1..@nr, fail what is in flight, free them
 * @ctrl:   the controller
 * @nr:     I/O queues the transport set up
 * @remove: also free the I/O tag set (the controller goes away)
 *
 * Every queue stops before any request is cancelled, so no completion can
 * race the cancellation; the transport's queues are freed only after it.
 */
void nvmeof_host_teardown_io_queues(struct nvmeof_host_ctrl *ctrl, u32 nr, bool remove)
{
	u32 i;

	if (!ctrl->tagset)
		return;
	nvmeof_host_quiesce_io(ctrl);
	for (i = 1; i <= nr; i++)
		ctrl->ops->stop_queue(ctrl, i);
	nvmeof_host_cancel_tagset(ctrl->tagset);
	for (i = 1; i <= nr; i++)
		ctrl->ops->free_queue(ctrl, i);
	nvmeof_host_unquiesce_io(ctrl);
	if (remove)
		nvmeof_host_free_io_tagset(ctrl);
}

/**
 * nvmeof_host_teardown_admin_queue() - stop the admin queue, fail its requests, free it
 * @ctrl:   the controller
 * @remove: also free the admin tag set
 */
void nvmeof_host_teardown_admin_queue(struct nvmeof_host_ctrl *ctrl, bool remove)
{
	/* The admin queue is live exactly while its tag set is. */
	if (ctrl->admin_tagset)
		blk_mq_quiesce_queue(ctrl->admin_q);
	ctrl->ops->stop_queue(ctrl, 0);
	nvmeof_host_cancel_tagset(ctrl->admin_tagset);
	ctrl->ops->free_queue(ctrl, 0);
	if (ctrl->admin_tagset)
		blk_mq_unquiesce_queue(ctrl->admin_q);
	if (remove)
		nvmeof_host_free_admin_tagset(ctrl);
}

/**
 * nvmeof_host_alloc_io_tagset() - tag set shared by the namespaces, and the connect queue
 * @ctrl:     the controller, queue_count and sqsize known
 * @set:      storage for the tag set
 * @ops:      the transport's blk-mq operations
 * @nr_maps:  queue maps (default, read, poll) the transport fills
 * @cmd_size: the transport's request size
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_alloc_io_tagset(struct nvmeof_host_ctrl *ctrl,
				struct blk_mq_tag_set *set,
				const struct blk_mq_ops *ops,
				unsigned int nr_maps, unsigned int cmd_size)
{
	int ret;

	memset(set, 0, sizeof(*set));
	set->ops = ops;
	set->queue_depth = min_t(unsigned int, ctrl->sqsize, BLK_MQ_MAX_DEPTH - 1);
	set->reserved_tags = NVMEOF_HOST_RESERVED_TAGS;
	set->numa_node = NUMA_NO_NODE;
	set->flags = BLK_MQ_F_SHOULD_MERGE;
	if (ctrl->ops->blocking)
		set->flags |= BLK_MQ_F_BLOCKING;
	set->cmd_size = cmd_size;
	set->driver_data = ctrl;
	set->nr_hw_queues = ctrl->queue_count - 1;
	set->timeout = nvmeof_io_timeout * HZ;
	set->nr_maps = nr_maps;
	ret = blk_mq_alloc_tag_set(set);
	if (ret)
		return ret;

	ctrl->connect_q = nvmeof_blk_mq_alloc_queue(set);
	if (IS_ERR(ctrl->connect_q)) {
		ret = PTR_ERR(ctrl->connect_q);
		ctrl->connect_q = NULL;
		goto out_free_tagset;
	}
	ctrl->tagset = set;
	return 0;

out_free_tagset:
	blk_mq_free_tag_set(set);
	return ret;
}

void nvmeof_host_free_io_tagset(struct nvmeof_host_ctrl *ctrl)
{
	if (!ctrl->tagset)
		return;
	blk_mq_destroy_queue(ctrl->connect_q);
	blk_put_queue(ctrl->connect_q);
	ctrl->connect_q = NULL;
	blk_mq_free_tag_set(ctrl->tagset);
	ctrl->tagset = NULL;
}

static bool host_cancel_rq(struct request *rq, void *data)
{
	if (blk_mq_request_completed(rq))
		return true;
	nvmeof_req(rq)->status = NVMEOF_SC_HOST_ABORTED_CMD;
	blk_mq_complete_request(rq);
	return true;
}

/**
 * nvmeof_host_cancel_tagset() - fail every request in flight on a tag set
 * @set: the tag set, may be NULL
 *
 * The transport has stopped its queues first, so nothing else completes
 * these requests meanwhile.
 */
void nvmeof_host_cancel_tagset(struct blk_mq_tag_set *set)
{
	if (!set)
		return;
	blk_mq_tagset_busy_iter(set, host_cancel_rq, NULL);
	blk_mq_tagset_wait_completed_request(set);
}

void nvmeof_host_quiesce_io(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_ns *ns;

	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		blk_mq_quiesce_queue(ns->queue);
	up_read(&ctrl->namespaces_rwsem);
}
EXPORT_SYMBOL_GPL(nvmeof_host_quiesce_io);

void nvmeof_host_unquiesce_io(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_ns *ns;

	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		blk_mq_unquiesce_queue(ns->queue);
	up_read(&ctrl->namespaces_rwsem);
}
EXPORT_SYMBOL_GPL(nvmeof_host_unquiesce_io);

/* --- keep-alive and asynchronous events --- */

/*
 * Keep-alive and path health. A probe (Keep Alive) goes out every
 * interval unless one is still outstanding; every tick asks whether the
 * controller answered anything since the previous tick: the probe, or any
 * other command on any queue (a busy path is a healthy one, whatever its
 * keep-alive waits behind). ka_miss_limit ticks in a row without an answer
 * degrade the path: it stays live, but multipath sends it no new I/O; the
 * first answer restores it. The probe's own timeout is still KATO, and its
 * expiry still ends the association as in-tree.
 */

/**
 * nvmeof_host_ka_interval_ms() - the keep-alive probe interval in use
 * @ctrl: the controller
 *
 * By default the interval puts the degrade, which comes ka_miss_limit to
 * ka_miss_limit + 1 intervals after the path went silent, within a quarter
 * of KATO; never longer than in-tree's KATO / 2, never under 50 ms.
 *
 * Return: milliseconds, 0 without keep-alive.
 */
unsigned int nvmeof_host_ka_interval_ms(struct nvmeof_host_ctrl *ctrl)
{
	unsigned int kato_ms = ctrl->kato * 1000;
	unsigned int limit = READ_ONCE(ctrl->ka_miss_limit);
	unsigned int ms = READ_ONCE(ctrl->ka_interval_ms);

	if (!kato_ms)
		return 0;
	if (!ms)
		ms = limit ? kato_ms / (4 * (limit + 1)) : kato_ms / 2;
	return clamp(ms, 50U, kato_ms / 2);
}

static enum rq_end_io_ret host_ka_end_io(struct request *rq, blk_status_t err)
{
	struct nvmeof_host_ctrl *ctrl = rq->end_io_data;
	u16 status = nvmeof_req(rq)->status;

	blk_mq_free_request(rq);
	WRITE_ONCE(ctrl->ka_pending, false);
	/* Cancelled by a teardown already under way: nothing to report. */
	if (status && nvmeof_host_state(ctrl) == NVMEOF_CTRL_LIVE) {
		trace_nvmeof_kato_expired(false, ctrl->instance, ctrl->kato * 1000, status);
		dev_err(&ctrl->device, "keep-alive failed (status 0x%x)\n", status);
		nvmeof_host_error_recovery(ctrl);
	}
	/* The next tick sees the answer (ka_rx): ka_work re-arms only itself. */
	return RQ_END_IO_NONE;
}

static int host_ka_send(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_request *req;
	struct request *rq;

	rq = blk_mq_alloc_request(ctrl->admin_q, REQ_OP_DRV_OUT,
				  BLK_MQ_REQ_RESERVED | BLK_MQ_REQ_NOWAIT);
	if (IS_ERR(rq))
		return PTR_ERR(rq);
	req = nvmeof_req(rq);
	memset(&req->sqe, 0, sizeof(req->sqe));
	req->sqe.opcode = NVMEOF_ADMIN_KEEP_ALIVE;
	req->flags = NVMEOF_REQ_INTERNAL;
	rq->timeout = ctrl->kato * HZ;
	rq->end_io = host_ka_end_io;
	rq->end_io_data = ctrl;
	WRITE_ONCE(ctrl->ka_pending, true);
	blk_execute_rq_nowait(rq, false);
	return 0;
}

static bool host_ka_count_rq(struct request *rq, void *data)
{
	unsigned int *n = data;

	if (rq->cmd_flags & REQ_DRV)
		(*n)++;
	return true;
}

/*
 * Could another path of one of @ctrl's namespaces take its I/O now? The
 * head's own path choice answers (it honours ANA and the policy, and skips
 * this degraded controller's paths).
 */
static bool host_ka_other_path(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_ns *ns, *p;
	bool found = false;
	int idx;

	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry) {
		idx = srcu_read_lock(&ns->head->srcu);
		p = nvmeof_host_head_path(ns->head);
		found = p && p->ctrl != ctrl;
		srcu_read_unlock(&ns->head->srcu, idx);
		if (found)
			break;
	}
	up_read(&ctrl->namespaces_rwsem);
	return found;
}

/*
 * A degraded path takes no new I/O, but what it had in flight is stuck on
 * the silent link until the link returns or KATO ends the association. When
 * another path could carry that I/O now, error recovery on the degraded
 * controller fails it over at once: the transport's queues are torn down
 * first, so no command can still complete on this path afterwards, and
 * the host no longer holds any of its buffers. What the target received
 * before the link went silent it has executed long before ka_miss_limit
 * probe intervals pass (a backend completes in micro- to milliseconds), so
 * a retry elsewhere does not race it any more than after a KATO expiry.
 * With no other path the I/O waits: failing over would only move it to the
 * head's wait list, and the association may yet come back whole.
 */
static bool host_ka_failover_due(struct nvmeof_host_ctrl *ctrl)
{
	unsigned int n = 0;

	if (!ctrl->tagset)
		return false;
	blk_mq_tagset_busy_iter(ctrl->tagset, host_ka_count_rq, &n);
	return n && host_ka_other_path(ctrl);
}

static void host_ka_tick(struct nvmeof_host_ctrl *ctrl, unsigned long now)
{
	u32 limit = READ_ONCE(ctrl->ka_miss_limit);
	bool answered;

	/* The outstanding probe, or anything else, came back since the last tick. */
	answered = !READ_ONCE(ctrl->ka_pending) ||
		   time_after(READ_ONCE(ctrl->ka_rx), ctrl->ka_mark);
	if (answered) {
		ctrl->ka_missed = 0;
		if (test_and_clear_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags)) {
			dev_info(&ctrl->device, "keep-alive answered again: path restored\n");
			nvmeof_host_kick_requeue(ctrl);
		}
		return;
	}
	ctrl->ka_missed++;
	if (!limit || ctrl->ka_missed < limit ||
	    test_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags))
		return;
	WRITE_ONCE(ctrl->ka_detect_ms, jiffies_to_msecs(now - READ_ONCE(ctrl->ka_rx)));
	WRITE_ONCE(ctrl->ka_degrades, ctrl->ka_degrades + 1);
	set_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags);
	dev_info(&ctrl->device,
		 "keep-alive unanswered %u times in a row (%u ms silent): path degraded\n",
		 ctrl->ka_missed, ctrl->ka_detect_ms);
	nvmeof_host_kick_requeue(ctrl);
}

static void host_ka_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(to_delayed_work(work),
						     struct nvmeof_host_ctrl, ka_work);
	unsigned long now = jiffies;
	int ret;

	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE)
		return;
	host_ka_tick(ctrl, now);
	ctrl->ka_mark = now;
	if (test_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags) &&
	    host_ka_failover_due(ctrl)) {
		dev_info(&ctrl->device, "failing I/O over from the degraded path\n");
		nvmeof_host_error_recovery(ctrl);
		return;
	}
	if (!READ_ONCE(ctrl->ka_pending)) {
		ret = host_ka_send(ctrl);
		if (ret) {
			dev_err(&ctrl->device, "keep-alive allocation failed (%d)\n", ret);
			nvmeof_host_error_recovery(ctrl);
			return;
		}
	}
	queue_delayed_work(nvmeof_host_wq, &ctrl->ka_work,
			   msecs_to_jiffies(nvmeof_host_ka_interval_ms(ctrl)));
}

/* A fresh association: nothing outstanding, nothing missed, healthy. */
static void host_ka_start(struct nvmeof_host_ctrl *ctrl)
{
	unsigned long now = jiffies;

	ctrl->ka_pending = false;
	ctrl->ka_missed = 0;
	ctrl->ka_mark = now;
	WRITE_ONCE(ctrl->ka_rx, now);
	clear_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags);
	if (ctrl->kato)
		queue_delayed_work(nvmeof_host_wq, &ctrl->ka_work,
				   msecs_to_jiffies(nvmeof_host_ka_interval_ms(ctrl)));
}

static void host_handle_aen(struct nvmeof_host_ctrl *ctrl, u32 result)
{
	u32 type = NVMEOF_AER_RESULT_TYPE(result);
	u32 info = NVMEOF_AER_RESULT_INFO(result);

	if (type != NVMEOF_AER_TYPE_NOTICE) {
		ctrl->aen_result = result;
		return;
	}
	switch (info) {
	case NVMEOF_AER_NOTICE_NS_CHANGED:
		nvmeof_host_ns_changed(ctrl);
		break;
	case NVMEOF_AER_NOTICE_ANA:
		nvmeof_host_mpath_ana_aen(ctrl);
		break;
	case NVMEOF_AER_NOTICE_DISC_CHANGED:
		ctrl->aen_result = result;
		break;
	default:
		dev_warn(&ctrl->device, "async event result %08x\n", result);
	}
}

static enum rq_end_io_ret host_aer_end_io(struct request *rq, blk_status_t err)
{
	struct nvmeof_host_ctrl *ctrl = rq->end_io_data;
	struct nvmeof_host_request *req = nvmeof_req(rq);
	u32 result = lower_32_bits(le64_to_cpu(req->cqe.result));
	u16 status = req->status;

	blk_mq_free_request(rq);
	if (status) {
		/* Aborted by a reset or refused: the next start resubmits. */
		return RQ_END_IO_NONE;
	}
	host_handle_aen(ctrl, result);
	queue_work(nvmeof_host_wq, &ctrl->async_event_work);
	return RQ_END_IO_NONE;
}

static void host_async_event_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(work, struct nvmeof_host_ctrl,
						     async_event_work);
	struct nvmeof_host_request *req;
	struct request *rq;
	char buf[32];
	u32 aen = xchg(&ctrl->aen_result, 0);

	if (aen) {
		snprintf(buf, sizeof(buf), "NVME_AEN=%#08x", aen);
		nvmeof_host_uevent(ctrl, buf);
	}
	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE)
		return;

	rq = blk_mq_alloc_request(ctrl->admin_q, REQ_OP_DRV_IN, BLK_MQ_REQ_NOWAIT);
	if (IS_ERR(rq))
		return;
	req = nvmeof_req(rq);
	memset(&req->sqe, 0, sizeof(req->sqe));
	req->sqe.opcode = NVMEOF_ADMIN_ASYNC_EVENT;
	req->flags = NVMEOF_REQ_INTERNAL | NVMEOF_REQ_AER;
	rq->end_io = host_aer_end_io;
	rq->end_io_data = ctrl;
	blk_execute_rq_nowait(rq, false);
}

static void host_configure_aen(struct nvmeof_host_ctrl *ctrl)
{
	u32 mask = NVMEOF_AEN_CFG_NS_ATTR | NVMEOF_AEN_CFG_FW_ACT |
		   NVMEOF_AEN_CFG_ANA_CHANGE | NVMEOF_AEN_CFG_DISC_CHANGE;
	u32 cfg = ctrl->oaes & mask;
	struct nvmeof_sqe sqe = { };

	/* ANA notices only when the host uses ANA (multipath on), as in-tree. */
	if (!ctrl->ana_supported)
		cfg &= ~NVMEOF_AEN_CFG_ANA_CHANGE;
	if (!cfg)
		return;
	sqe.opcode = NVMEOF_ADMIN_SET_FEATURES;
	sqe.cdw10 = cpu_to_le32(NVMEOF_FEAT_ASYNC_EVENT);
	sqe.cdw11 = cpu_to_le32(cfg);
	if (nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, NULL, 0,
				    NVMEOF_REQ_INTERNAL, -1, NULL))
		dev_warn(&ctrl->device, "failed to configure async events\n");
}

/* Setup succeeded: go live and start everything that runs while live. */
static void host_ctrl_started(struct nvmeof_host_ctrl *ctrl)
{
	/* A new association starts healthy, before I/O may choose it again. */
	clear_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags);
	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_LIVE)) {
		/* Deleted meanwhile: the delete path tears it down. */
		return;
	}
	clear_bit(NVMEOF_CTRL_FAILFAST_EXPIRED, &ctrl->flags);
	cancel_delayed_work(&ctrl->failfast_work);
	ctrl->nr_reconnects = 0;

	host_configure_aen(ctrl);
	/* Path states before the scan, so new paths start with theirs. */
	nvmeof_host_mpath_start(ctrl);
	host_ka_start(ctrl);
	queue_work(nvmeof_host_wq, &ctrl->async_event_work);
	if (!ctrl->opts->discovery && ctrl->queue_count > 1)
		queue_work(nvmeof_host_wq, &ctrl->scan_work);
	nvmeof_host_kick_requeue(ctrl);
	/* A discovery controller that comes back may have missed changes. */
	if (test_and_set_bit(NVMEOF_CTRL_STARTED_ONCE, &ctrl->flags) &&
	    ctrl->opts->discovery)
		nvmeof_host_uevent(ctrl, "NVME_EVENT=rediscover");
	nvmeof_host_uevent(ctrl, "NVME_EVENT=connected");
}

/* --- error recovery, reset, reconnect --- */

static bool host_should_reconnect(struct nvmeof_host_ctrl *ctrl)
{
	int max = ctrl->opts->max_reconnects;

	return max == -1 || ctrl->nr_reconnects < max;
}

static void host_reconnect_or_remove(struct nvmeof_host_ctrl *ctrl)
{
	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_CONNECTING)
		return;
	if (host_should_reconnect(ctrl)) {
		dev_info(&ctrl->device, "Reconnecting in %d seconds...\n",
			 ctrl->opts->reconnect_delay);
		queue_delayed_work(nvmeof_host_wq, &ctrl->reconnect_work,
				   ctrl->opts->reconnect_delay * HZ);
	} else {
		dev_info(&ctrl->device, "Removing controller after %d reconnect attempts\n",
			 ctrl->nr_reconnects);
		nvmeof_host_delete_ctrl(ctrl);
	}
}

static void host_start_failfast(struct nvmeof_host_ctrl *ctrl)
{
	if (ctrl->opts->fast_io_fail_tmo < 0)
		return;
	queue_delayed_work(nvmeof_host_wq, &ctrl->failfast_work,
			   ctrl->opts->fast_io_fail_tmo * HZ);
}

static void host_failfast_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(to_delayed_work(work),
						     struct nvmeof_host_ctrl, failfast_work);

	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_CONNECTING)
		return;
	set_bit(NVMEOF_CTRL_FAILFAST_EXPIRED, &ctrl->flags);
	dev_info(&ctrl->device, "failfast expired\n");
	nvmeof_host_kick_requeue(ctrl);
}

static void host_stop_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	cancel_delayed_work_sync(&ctrl->ka_work);
	cancel_work_sync(&ctrl->async_event_work);
	nvmeof_host_mpath_stop(ctrl);
}

static void host_reconnect_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(to_delayed_work(work),
						     struct nvmeof_host_ctrl, reconnect_work);
	int ret;

	ctrl->nr_reconnects++;
	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_CONNECTING)
		return;
	ret = nvmeof_host_setup(ctrl);
	trace_nvmeof_reconnect(ctrl->instance, ctrl->nr_reconnects, ret);
	if (ret) {
		dev_info(&ctrl->device, "Failed reconnect attempt %d (%d)\n",
			 ctrl->nr_reconnects, ret);
		host_reconnect_or_remove(ctrl);
		return;
	}
	dev_info(&ctrl->device, "Successfully reconnected (%d attempt)\n",
		 ctrl->nr_reconnects);
	host_ctrl_started(ctrl);
}

static void host_err_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(work, struct nvmeof_host_ctrl,
						     err_work);

	host_stop_ctrl(ctrl);
	nvmeof_host_teardown(ctrl, false);
	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_CONNECTING)) {
		/* Only a delete can race us here; it finishes the job. */
		return;
	}
	nvmeof_host_kick_requeue(ctrl);
	host_start_failfast(ctrl);
	host_reconnect_or_remove(ctrl);
}

/**
 * nvmeof_host_error_recovery() - the transport lost the controller
 * @ctrl: the controller
 *
 * Tears the queues down and reconnects every reconnect_delay until
 * ctrl_loss_tmo; safe to call from any context, any number of times.
 */
void nvmeof_host_error_recovery(struct nvmeof_host_ctrl *ctrl)
{
	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_RESETTING))
		return;
	dev_warn(&ctrl->device, "starting error recovery\n");
	queue_work(nvmeof_host_reset_wq, &ctrl->err_work);
}
EXPORT_SYMBOL_GPL(nvmeof_host_error_recovery);

/**
 * nvmeof_host_timeout() - every transport's blk-mq timeout handler
 * @rq: the request that timed out
 *
 * Both tag sets point at the controller; an I/O request's hardware queue
 * n is queue n + 1, as the transports' init_hctx map them.
 *
 * An AER waits as long as the controller likes. While live, a timeout
 * means the controller is lost: error recovery ends the request with the
 * queues. Otherwise setup or teardown is waiting for it: the queue is
 * stopped so nothing else touches the request, and it fails here.
 *
 * Return: what blk-mq's ->timeout returns.
 */
enum blk_eh_timer_return nvmeof_host_timeout(struct request *rq)
{
	struct blk_mq_tag_set *set = rq->q->tag_set;
	struct nvmeof_host_ctrl *ctrl = set->driver_data;
	int qid = set == &ctrl->admin_set ? 0 : rq->mq_hctx->queue_num + 1;
	struct nvmeof_host_request *req = nvmeof_req(rq);

	if (req->flags & NVMEOF_REQ_AER)
		return BLK_EH_RESET_TIMER;

	dev_warn(&ctrl->device, "queue %d: command %#x (opcode %#x) timed out\n",
		 qid, req->sqe.command_id, req->sqe.opcode);

	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE) {
		ctrl->ops->stop_queue(ctrl, qid);
		if (blk_mq_request_started(rq) && !blk_mq_request_completed(rq)) {
			req->status = NVMEOF_SC_HOST_ABORTED_CMD;
			blk_mq_complete_request(rq);
		}
		return BLK_EH_DONE;
	}
	nvmeof_host_error_recovery(ctrl);
	return BLK_EH_RESET_TIMER;
}
EXPORT_SYMBOL_GPL(nvmeof_host_timeout);

static void host_reset_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(work, struct nvmeof_host_ctrl,
						     reset_work);
	int ret;

	host_stop_ctrl(ctrl);
	nvmeof_host_teardown(ctrl, false);
	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_CONNECTING))
		return;
	ret = nvmeof_host_setup(ctrl);
	if (ret) {
		dev_warn(&ctrl->device, "reset failed (%d)\n", ret);
		ctrl->nr_reconnects++;
		host_start_failfast(ctrl);
		host_reconnect_or_remove(ctrl);
		return;
	}
	host_ctrl_started(ctrl);
}

int nvmeof_host_reset_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_RESETTING))
		return -EBUSY;
	if (!queue_work(nvmeof_host_reset_wq, &ctrl->reset_work))
		return -EBUSY;
	return 0;
}

int nvmeof_host_reset_ctrl_sync(struct nvmeof_host_ctrl *ctrl)
{
	int ret = nvmeof_host_reset_ctrl(ctrl);

	if (ret)
		return ret;
	flush_work(&ctrl->reset_work);
	return nvmeof_host_state(ctrl) == NVMEOF_CTRL_LIVE ? 0 : -ENETRESET;
}

/* --- delete --- */

static void host_uninit_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	mutex_lock(&host_ctrls_lock);
	list_del_init(&ctrl->fabrics_entry);
	mutex_unlock(&host_ctrls_lock);
	nvmeof_host_remove_from_subsystem(ctrl);
	cdev_device_del(&ctrl->cdev, &ctrl->device);
}

static void host_do_delete(struct nvmeof_host_ctrl *ctrl)
{
	dev_info(&ctrl->device, "Removing ctrl: NQN \"%s\"\n", ctrl->opts->subsysnqn);
	trace_nvmeof_disconnect(false, ctrl->instance, NVMEOF_TRACE_ALL_QUEUES);

	cancel_work_sync(&ctrl->err_work);
	cancel_work_sync(&ctrl->reset_work);
	cancel_delayed_work_sync(&ctrl->reconnect_work);
	cancel_delayed_work_sync(&ctrl->failfast_work);
	host_stop_ctrl(ctrl);
	flush_work(&ctrl->scan_work);
	cancel_delayed_work_sync(&ctrl->ana_work);

	nvmeof_host_remove_namespaces(ctrl);
	if (ctrl->admin_q && !test_bit(NVMEOF_CTRL_ADMIN_Q_STOPPED, &ctrl->flags))
		host_shutdown_ctrl(ctrl);
	nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DELETING_NOIO);
	nvmeof_host_teardown(ctrl, true);
	/* After the teardown, which fails whatever a re-authentication waits for. */
	nvmeof_host_auth_stop(ctrl);
	nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DEAD);
	host_uninit_ctrl(ctrl);
	nvmeof_host_put_ctrl(ctrl);
}

static void host_delete_work(struct work_struct *work)
{
	host_do_delete(container_of(work, struct nvmeof_host_ctrl, delete_work));
}

int nvmeof_host_delete_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DELETING))
		return -EBUSY;
	if (!queue_work(nvmeof_host_delete_wq, &ctrl->delete_work))
		return -EBUSY;
	return 0;
}

void nvmeof_host_delete_ctrl_sync(struct nvmeof_host_ctrl *ctrl)
{
	nvmeof_host_get_ctrl(ctrl);
	if (nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DELETING))
		host_do_delete(ctrl);
	nvmeof_host_put_ctrl(ctrl);
}

/* --- creation --- */

static void host_ctrl_release(struct device *dev)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);
	struct nvmeof_host_subsys *subsys = ctrl->subsys;
	struct module *owner = ctrl->ops->module;

	nvmeof_host_obs_exit(ctrl);
	nvmeof_host_mpath_uninit_ctrl(ctrl);
	if (ctrl->admin_q)
		blk_put_queue(ctrl->admin_q);
	if (!subsys || subsys->instance != ctrl->instance)
		ida_free(&nvmeof_instance_ida, ctrl->instance);
	if (subsys)
		put_device(&subsys->dev);
	kfree_sensitive(ctrl->opts);
	ctrl->opts = NULL;
	ctrl->ops->free_ctrl(ctrl);
	kfree(ctrl);
	module_put(owner);
}

/**
 * nvmeof_host_init_ctrl() - register a new controller's devices
 * @ctrl:   the transport's controller, zeroed but for its addresses and
 *          what ops->init_ctrl set up
 * @parent: the nvme-fabrics "ctl" device
 * @ops:    the transport's controller operations
 * @opts:   parsed options; owned by the controller from now on, also on error
 *
 * The controller is freed, after ops->free_ctrl, on error before this
 * returns, else when its last reference goes.
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_init_ctrl(struct nvmeof_host_ctrl *ctrl, struct device *parent,
			  const struct nvmeof_host_ctrl_ops *ops,
			  struct nvmeof_ctrl_opts *opts)
{
	int ret;

	spin_lock_init(&ctrl->lock);
	ctrl->state = NVMEOF_CTRL_NEW;
	ctrl->ops = ops;
	ctrl->opts = opts;
	ctrl->kato = opts->kato;
	ctrl->ka_miss_limit = READ_ONCE(nvmeof_ka_misses);
	ctrl->ka_interval_ms = READ_ONCE(nvmeof_ka_interval_ms);
	INIT_LIST_HEAD(&ctrl->fabrics_entry);
	INIT_LIST_HEAD(&ctrl->subsys_entry);
	INIT_LIST_HEAD(&ctrl->namespaces);
	init_rwsem(&ctrl->namespaces_rwsem);
	mutex_init(&ctrl->scan_lock);
	nvmeof_host_auth_init(ctrl);
	nvmeof_host_mpath_init_ctrl(ctrl);
	INIT_WORK(&ctrl->scan_work, nvmeof_host_scan_work);
	INIT_WORK(&ctrl->async_event_work, host_async_event_work);
	INIT_WORK(&ctrl->reset_work, host_reset_work);
	INIT_WORK(&ctrl->err_work, host_err_work);
	INIT_WORK(&ctrl->delete_work, host_delete_work);
	INIT_DELAYED_WORK(&ctrl->ka_work, host_ka_work);
	INIT_DELAYED_WORK(&ctrl->reconnect_work, host_reconnect_work);
	INIT_DELAYED_WORK(&ctrl->failfast_work, host_failfast_work);

	ret = ida_alloc(&nvmeof_instance_ida, GFP_KERNEL);
	if (ret < 0)
		goto out_free_ctrl;
	ctrl->instance = ret;

	if (!try_module_get(ops->module)) {
		ret = -ENODEV;
		goto out_free_instance;
	}

	device_initialize(&ctrl->device);
	ctrl->device.devt = MKDEV(MAJOR(nvmeof_ctrl_base_chr_devt), ctrl->instance);
	ctrl->device.class = nvmeof_class;
	ctrl->device.parent = parent;
	ctrl->device.groups = nvmeof_ctrl_attr_groups;
	ctrl->device.release = host_ctrl_release;
	dev_set_drvdata(&ctrl->device, ctrl);
	ret = dev_set_name(&ctrl->device, "nvme%d", ctrl->instance);
	if (ret)
		goto out_put_device;
	nvmeof_host_obs_init(ctrl);

	cdev_init(&ctrl->cdev, &nvmeof_ctrl_fops);
	ctrl->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&ctrl->cdev, &ctrl->device);
	if (ret)
		goto out_put_device;
	return 0;

out_put_device:
	/* The release callback frees the instance, the options and @ctrl. */
	put_device(&ctrl->device);
	return ret;
out_free_instance:
	ida_free(&nvmeof_instance_ida, ctrl->instance);
out_free_ctrl:
	kfree_sensitive(opts);
	ctrl->opts = NULL;
	ops->free_ctrl(ctrl);
	kfree(ctrl);
	return ret;
}

/**
 * nvmeof_host_start_new_ctrl() - first connect of a controller made by nvmeof_host_init_ctrl()
 * @ctrl: the controller
 *
 * On success the caller holds one extra reference (the /dev/nvme-fabrics
 * file's); on failure everything is torn down and @ctrl may be gone.
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_start_new_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	int ret;

	if (!nvmeof_host_change_state(ctrl, NVMEOF_CTRL_CONNECTING)) {
		ret = -EBUSY;
		goto out_uninit;
	}
	ret = nvmeof_host_setup(ctrl);
	if (ret)
		goto out_uninit;

	mutex_lock(&host_ctrls_lock);
	list_add_tail(&ctrl->fabrics_entry, &host_ctrls);
	mutex_unlock(&host_ctrls_lock);

	nvmeof_host_get_ctrl(ctrl);
	host_ctrl_started(ctrl);
	dev_info(&ctrl->device, "new ctrl: NQN \"%s\", addr %s:%s\n",
		 ctrl->opts->subsysnqn, ctrl->opts->traddr, ctrl->opts->trsvcid);
	return 0;

out_uninit:
	nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DELETING);
	nvmeof_host_remove_namespaces(ctrl);
	nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DELETING_NOIO);
	nvmeof_host_teardown(ctrl, true);
	/* After the teardown, which fails whatever a re-authentication waits for. */
	nvmeof_host_auth_stop(ctrl);
	nvmeof_host_change_state(ctrl, NVMEOF_CTRL_DEAD);
	host_uninit_ctrl(ctrl);
	nvmeof_host_put_ctrl(ctrl);
	return ret;
}
