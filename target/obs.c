// SPDX-License-Identifier: GPL-2.0-only
/* Target observability: per-queue counters of each controller and the command tracepoints. */
#include <linux/module.h>

#include <nvmeof/nvmeof_trace.h>
#include "target.h"

/**
 * nvmeof_tgt_obs_ctrl_init() - publish a new controller's counters.
 * @ctrl: the controller, its cntlid and nr_sqs set
 *
 * /sys/kernel/debug/nvmeof/target/ctrl<cntlid>/ (controller IDs are unique
 * across subsystems here); queues appear as they connect. Without memory
 * the controller simply runs uncounted.
 */
void nvmeof_tgt_obs_ctrl_init(struct nvmeof_tgt_ctrl *ctrl)
{
	char name[16];

	snprintf(name, sizeof(name), "ctrl%u", ctrl->cntlid);
	if (nvmeof_ctrl_stats_init(&ctrl->stats, true, name, ctrl->nr_sqs))
		pr_warn("ctrl %u: no memory for queue statistics\n", ctrl->cntlid);
}

static int tgt_obs_ctrl_id(struct nvmeof_tgt_sq *sq)
{
	return sq->ctrl ? sq->ctrl->cntlid : -1;
}

/**
 * nvmeof_tgt_obs_submit() - count and trace a command that arrived.
 * @req: the command
 * @sq:  its queue; a queue not yet connected counts nothing
 */
void nvmeof_tgt_obs_submit(struct nvmeof_tgt_req *req, struct nvmeof_tgt_sq *sq)
{
	nvmeof_qstats_stamp_start(&req->stamp, sq->stats);
	trace_nvmeof_tgt_submit(tgt_obs_ctrl_id(sq), sq->qid, req->cmd, req->transfer_len, 0);
}

/**
 * nvmeof_tgt_obs_complete() - count and trace a command's completion.
 * @req:    the command
 * @status: its NVMe status
 *
 * Data counts only when the command succeeded: the length it moved.
 */
void nvmeof_tgt_obs_complete(struct nvmeof_tgt_req *req, u16 status)
{
	u32 len = status ? 0 : req->data_len;

	trace_nvmeof_tgt_complete(tgt_obs_ctrl_id(req->sq), req->sq->qid, req->cmd,
				  req->data_len, status);
	if (nvmeof_tgt_req_is_write(req))
		nvmeof_qstats_stamp_end(&req->stamp, status, len, 0);
	else
		nvmeof_qstats_stamp_end(&req->stamp, status, 0, len);
}
