// SPDX-License-Identifier: GPL-2.0-only
/* Host observability: per-queue counters of each controller and the command tracepoints. */
#include <linux/module.h>

#include <nvmeof/nvmeof_trace.h>
#include "host.h"

/* Data length of a request: what the command moves, 0 without data. */
static u32 host_obs_len(struct request *rq)
{
	return blk_rq_nr_phys_segments(rq) ? blk_rq_payload_bytes(rq) : 0;
}

/**
 * nvmeof_host_obs_init() - publish a new controller's counters.
 * @ctrl: the controller, named already
 *
 * /sys/kernel/debug/nvmeof/host/nvme<instance>/; queues appear as they
 * connect. Without memory the controller simply runs uncounted.
 */
void nvmeof_host_obs_init(struct nvmeof_host_ctrl *ctrl)
{
	const struct nvmeof_ctrl_opts *o = ctrl->opts;
	u32 nr = 1 + o->nr_io_queues + o->nr_write_queues + o->nr_poll_queues;

	if (nvmeof_ctrl_stats_init(&ctrl->stats, false, dev_name(&ctrl->device), nr))
		dev_warn(&ctrl->device, "no memory for queue statistics\n");
}

/**
 * nvmeof_host_obs_exit() - remove a controller's counters.
 * @ctrl: the controller, with nothing in flight any more
 */
void nvmeof_host_obs_exit(struct nvmeof_host_ctrl *ctrl)
{
	nvmeof_ctrl_stats_destroy(&ctrl->stats);
}

/**
 * nvmeof_host_obs_submit() - count and trace a command being sent.
 * @rq:  the request, started (blk_mq_start_request()) and set up
 * @qid: the queue it goes out on
 *
 * Every transport calls this in queue_rq once the request will be sent;
 * nvmeof_host_complete_rq() ends it.
 */
void nvmeof_host_obs_submit(struct request *rq, u16 qid)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	struct nvmeof_host_ctrl *ctrl = req->ctrl;

	req->obs_qid = qid + 1;
	if (rq->cmd_flags & REQ_DRV)
		nvmeof_host_mpath_submit(rq);
	/*
	 * Connect is not counted: the target cannot count it (the queue has
	 * no controller until it completes) and both sides should agree.
	 */
	if (unlikely(req->sqe.opcode == NVMEOF_FABRICS_OPCODE &&
		     ((struct nvmeof_fabrics_cmd *)&req->sqe)->fctype == NVMEOF_FCTYPE_CONNECT))
		nvmeof_qstats_stamp_start(&req->stamp, NULL);
	else
		nvmeof_qstats_stamp_start(&req->stamp, nvmeof_ctrl_stats_get(&ctrl->stats, qid));
	/* The guard keeps the length's loads off the path while tracing is off. */
	if (trace_nvmeof_host_submit_enabled())
		trace_nvmeof_host_submit(ctrl->instance, qid, &req->sqe, host_obs_len(rq), 0);
}
EXPORT_SYMBOL_GPL(nvmeof_host_obs_submit);

/**
 * nvmeof_host_obs_complete() - count and trace a command's completion.
 * @rq: the request, its status in nvmeof_req(rq)->status
 *
 * Also for cancelled requests; a request that was never submitted (failed
 * before it went out) is not counted.
 */
void nvmeof_host_obs_complete(struct request *rq)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	u32 len;

	if (req->mpath_active)
		nvmeof_host_mpath_complete(rq);
	if (!req->obs_qid)
		return;
	len = host_obs_len(rq);
	if (trace_nvmeof_host_complete_enabled())
		trace_nvmeof_host_complete(req->ctrl->instance, req->obs_qid - 1, &req->sqe, len,
					   req->status);
	req->obs_qid = 0;
	/* Data counts only when the command succeeded. */
	if (req->status)
		len = 0;
	if (nvmeof_host_is_write(&req->sqe))
		nvmeof_qstats_stamp_end(&req->stamp, req->status, len, 0);
	else
		nvmeof_qstats_stamp_end(&req->stamp, req->status, 0, len);
}
