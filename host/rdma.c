// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-host-rdma: the NVMe/RDMA host transport (RDMA CM, capsules by SEND, data by fast-registered MRs). */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/inet.h>
#include <linux/blk-mq.h>
#include <linux/scatterlist.h>
#include <linux/refcount.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>

#include <nvmeof/rdma.h>
#include <nvmeof/rdma_queue.h>
#include <nvmeof/queue_map.h>
#include <nvmeof/sgl.h>
#include "host.h"

static unsigned int hrdma_connect_timeout_ms = 3000;
module_param_named(connect_timeout_ms, hrdma_connect_timeout_ms, uint, 0644);
MODULE_PARM_DESC(connect_timeout_ms,
		 "milliseconds to resolve, route and connect one queue (default 3000)");

/* Largest write sent in the capsule, whatever the controller offers. */
#define HRDMA_MAX_INLINE_SEGS	4
/* Scatterlist entries kept inside each request before chaining. */
#define HRDMA_INLINE_SG_CNT	2
/* Pages one MR maps: the largest request plus one for a misaligned start. */
#define HRDMA_MR_PAGES		(NVMEOF_HOST_MAX_SEGMENTS + 1)
/* Fewer could not carry one page at any offset. */
#define HRDMA_MIN_MR_PAGES		2
#define HRDMA_DEF_PORT		4420

/* queue->flags */
#define HRDMA_Q_ALLOCATED		0	/* CM id, QP and buffers exist */
#define HRDMA_Q_LIVE		1	/* Fabrics Connect succeeded */
#define HRDMA_Q_STOPPED		2	/* disconnected and drained */
#define HRDMA_Q_POLLED		3	/* a poll queue whose CQ blk-mq's poll may reap */

struct hrdma_ctrl;

struct hrdma_queue {
	struct hrdma_ctrl		*ctrl;
	int			qid;
	unsigned long		flags;
	struct mutex		lock;		/* guards stop/free against each other */
	/*
	 * Guards reaping a poll queue's CQ: one poller at a time (completions
	 * run as they would in the CQ's softirq, never two at once), and none
	 * after HRDMA_Q_POLLED is cleared, before the QP is drained and freed.
	 */
	spinlock_t		poll_lock;
	struct nvmeof_rdma_qp	rq;
	u32			queue_size;
	u32			inline_size;	/* in-capsule bytes we may send */
	u32			inline_segs;
	struct nvmeof_rdma_buf	sqe_buf;	/* one SQE slot per tag */
	struct nvmeof_rdma_buf	cqe_buf;	/* one CQE per receive */
	struct ib_cqe		*recv_cqes;
	/* Connection setup: the CM handler reports here. */
	struct completion	cm_done;
	int			cm_error;
};

struct hrdma_request {
	struct nvmeof_host_request req;	/* first: the generic part */
	struct hrdma_queue		*queue;
	struct ib_cqe		send_cqe;
	struct ib_cqe		reg_cqe;
	struct ib_cqe		inv_cqe;
	struct ib_send_wr	send_wr;
	struct ib_reg_wr	reg_wr;
	struct ib_send_wr	inv_wr;
	struct ib_sge		sge[1 + HRDMA_MAX_INLINE_SEGS];
	struct ib_mr		*mr;
	struct sg_table		sgt;
	struct scatterlist	first_sgl[HRDMA_INLINE_SG_CNT];
	int			nents;		/* DMA-mapped entries; 0: no data mapped */
	bool			write;
	/* A request ends once its send completed and its response (and invalidation) arrived. */
	refcount_t		ref;
};

struct hrdma_ctrl {
	struct nvmeof_host_ctrl	ctrl;
	struct hrdma_queue		*queues;
	u32			nr_queues;	/* entries in @queues */
};
/* The core allocates the controller by ops size (host_new_ctrl()). */
static_assert(offsetof(struct hrdma_ctrl, ctrl) == 0);

static inline struct hrdma_ctrl *to_rdma_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	return container_of(ctrl, struct hrdma_ctrl, ctrl);
}

static inline struct hrdma_request *to_rdma_req(struct request *rq)
{
	return blk_mq_rq_to_pdu(rq);
}

static void hrdma_error(struct hrdma_queue *queue, const char *what, enum ib_wc_status st)
{
	if (st != IB_WC_WR_FLUSH_ERR)
		dev_err_ratelimited(&queue->ctrl->ctrl.device, "queue %d: %s failed: %s\n",
				    queue->qid, what, ib_wc_status_msg(st));
	/* Only a live queue's failure is news; teardown flushes everything anyway. */
	if (test_bit(HRDMA_Q_LIVE, &queue->flags))
		nvmeof_host_error_recovery(&queue->ctrl->ctrl);
}

/* --- data mapping --- */

static void hrdma_unmap_data(struct hrdma_queue *queue, struct request *rq)
{
	struct hrdma_request *hreq = to_rdma_req(rq);

	if (!hreq->nents)
		return;
	if (hreq->mr) {
		nvmeof_rdma_mr_put(&queue->rq, hreq->mr);
		hreq->mr = NULL;
	}
	ib_dma_unmap_sg(queue->rq.dev->ibdev, hreq->sgt.sgl, hreq->sgt.nents,
			hreq->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	sg_free_table_chained(&hreq->sgt, HRDMA_INLINE_SG_CNT);
	hreq->nents = 0;
}

/* Describes the data in the SQE: in the capsule, or by an MR the target reads or writes. */
static int hrdma_map_data(struct hrdma_queue *queue, struct request *rq, struct nvmeof_sqe *sqe)
{
	struct hrdma_request *hreq = to_rdma_req(rq);
	struct ib_device *ibdev = queue->rq.dev->ibdev;
	u32 len = blk_rq_payload_bytes(rq);
	struct scatterlist *sg;
	int ret, count, i;

	hreq->nents = 0;
	hreq->mr = NULL;
	if (!blk_rq_nr_phys_segments(rq) || !len) {
		nvmeof_sgl_set_null(&sqe->dptr, NVMEOF_SGL_KEYED);
		return 0;
	}

	hreq->sgt.sgl = hreq->first_sgl;
	ret = sg_alloc_table_chained(&hreq->sgt, blk_rq_nr_phys_segments(rq),
				     hreq->sgt.sgl, HRDMA_INLINE_SG_CNT);
	if (ret)
		return -ENOMEM;
	hreq->sgt.nents = blk_rq_map_sg(rq->q, rq, hreq->sgt.sgl);
	count = ib_dma_map_sg(ibdev, hreq->sgt.sgl, hreq->sgt.nents,
			      hreq->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	if (unlikely(count <= 0)) {
		sg_free_table_chained(&hreq->sgt, HRDMA_INLINE_SG_CNT);
		return -EIO;
	}
	hreq->nents = count;

	/* Small writes on I/O queues ride in the capsule: no registration, no RDMA READ. */
	if (hreq->write && queue->qid && len <= queue->inline_size &&
	    count <= queue->inline_segs) {
		for_each_sg(hreq->sgt.sgl, sg, count, i) {
			hreq->sge[1 + i].addr = sg_dma_address(sg);
			hreq->sge[1 + i].length = sg_dma_len(sg);
			hreq->sge[1 + i].lkey = queue->rq.dev->pd->local_dma_lkey;
		}
		hreq->send_wr.num_sge = 1 + count;
		nvmeof_sgl_set_incapsule(&sqe->dptr, 0, len);
		return 0;
	}

	hreq->mr = nvmeof_rdma_mr_map(&queue->rq, hreq->sgt.sgl, count, &hreq->reg_wr,
				      &hreq->reg_cqe, hreq->write ? IB_ACCESS_REMOTE_READ :
								    IB_ACCESS_REMOTE_WRITE);
	if (IS_ERR(hreq->mr)) {
		ret = PTR_ERR(hreq->mr);
		hreq->mr = NULL;
		hrdma_unmap_data(queue, rq);
		return ret;
	}
	/* The target invalidates the key with its response (SEND with invalidate). */
	ret = nvmeof_sgl_set_keyed(&sqe->dptr, hreq->mr->iova, hreq->mr->length,
				   hreq->mr->rkey, true);
	if (ret) {
		hrdma_unmap_data(queue, rq);
		return ret;
	}
	hreq->reg_wr.wr.next = &hreq->send_wr;
	return 0;
}

/* --- completions --- */

/* No blk-mq poll reaps the queue's CQ once this returns. */
static void hrdma_unpoll(struct hrdma_queue *queue)
{
	spin_lock(&queue->poll_lock);
	clear_bit(HRDMA_Q_POLLED, &queue->flags);
	spin_unlock(&queue->poll_lock);
}

static void hrdma_end_request(struct hrdma_request *hreq)
{
	struct request *rq = blk_mq_rq_from_pdu(hreq);

	if (refcount_dec_and_test(&hreq->ref))
		nvmeof_host_end_rq(rq, hreq->req.status, hreq->req.cqe.result);
}

static void hrdma_send_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct hrdma_request *hreq = container_of(wc->wr_cqe, struct hrdma_request, send_cqe);

	if (unlikely(wc->status != IB_WC_SUCCESS)) {
		hrdma_error(hreq->queue, "send", wc->status);
		return;
	}
	hrdma_end_request(hreq);
}

static void hrdma_reg_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct hrdma_request *hreq = container_of(wc->wr_cqe, struct hrdma_request, reg_cqe);

	/* Registrations are unsignaled: only a failure gets here. */
	if (unlikely(wc->status != IB_WC_SUCCESS))
		hrdma_error(hreq->queue, "memory registration", wc->status);
}

static void hrdma_inv_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct hrdma_request *hreq = container_of(wc->wr_cqe, struct hrdma_request, inv_cqe);

	if (unlikely(wc->status != IB_WC_SUCCESS)) {
		hrdma_error(hreq->queue, "local invalidate", wc->status);
		return;
	}
	hrdma_end_request(hreq);
}

static struct request *hrdma_find_rq(struct hrdma_queue *queue, u16 cid)
{
	return nvmeof_host_find_rq(&queue->ctrl->ctrl, queue->qid, cid);
}

static int hrdma_post_recv(struct hrdma_queue *queue, u32 idx)
{
	struct ib_sge sge = {
		.addr = queue->cqe_buf.dma + idx * sizeof(struct nvmeof_cqe),
		.length = sizeof(struct nvmeof_cqe),
		.lkey = queue->rq.dev->pd->local_dma_lkey,
	};

	ib_dma_sync_single_for_device(queue->rq.dev->ibdev, sge.addr, sge.length,
				      DMA_FROM_DEVICE);
	return nvmeof_rdma_post_recv(&queue->rq, &queue->recv_cqes[idx], &sge, 1);
}

static void hrdma_recv_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct hrdma_queue *queue = cq->cq_context;
	u32 idx = wc->wr_cqe - queue->recv_cqes;
	struct nvmeof_cqe *cqe = (struct nvmeof_cqe *)queue->cqe_buf.addr + idx;
	struct hrdma_request *hreq;
	struct request *rq;
	int ret;

	if (unlikely(wc->status != IB_WC_SUCCESS)) {
		hrdma_error(queue, "receive", wc->status);
		return;
	}
	if (unlikely(wc->byte_len < sizeof(*cqe))) {
		dev_err(&queue->ctrl->ctrl.device, "queue %d: short response (%u bytes)\n",
			queue->qid, wc->byte_len);
		nvmeof_host_error_recovery(&queue->ctrl->ctrl);
		return;
	}
	ib_dma_sync_single_for_cpu(queue->rq.dev->ibdev,
				   queue->cqe_buf.dma + idx * sizeof(*cqe), sizeof(*cqe),
				   DMA_FROM_DEVICE);
	rq = hrdma_find_rq(queue, cqe->command_id);
	if (unlikely(!rq)) {
		dev_err(&queue->ctrl->ctrl.device,
			"queue %d: response for unknown command %#x\n",
			queue->qid, cqe->command_id);
		nvmeof_host_error_recovery(&queue->ctrl->ctrl);
		return;
	}
	hreq = to_rdma_req(rq);
	hreq->req.status = nvmeof_cqe_status(cqe);
	hreq->req.cqe.result = cqe->result;

	if (hreq->mr && (wc->wc_flags & IB_WC_WITH_INVALIDATE)) {
		if (unlikely(wc->ex.invalidate_rkey != hreq->mr->rkey)) {
			dev_err(&queue->ctrl->ctrl.device,
				"queue %d: target invalidated key %#x, not %#x\n",
				queue->qid, wc->ex.invalidate_rkey, hreq->mr->rkey);
			nvmeof_host_error_recovery(&queue->ctrl->ctrl);
		}
	} else if (hreq->mr) {
		/* The target did not invalidate: do it before the pages go back. */
		nvmeof_rdma_init_inv(&hreq->inv_wr, &hreq->inv_cqe, hreq->mr->rkey);
		ret = nvmeof_rdma_post_send(&queue->rq, &hreq->inv_wr);
		if (unlikely(ret)) {
			dev_err(&queue->ctrl->ctrl.device,
				"queue %d: cannot post local invalidate: %d\n", queue->qid, ret);
			nvmeof_host_error_recovery(&queue->ctrl->ctrl);
		}
		goto repost;
	}
	hrdma_end_request(hreq);
repost:
	ret = hrdma_post_recv(queue, idx);
	if (unlikely(ret)) {
		dev_err(&queue->ctrl->ctrl.device, "queue %d: cannot repost a receive: %d\n",
			queue->qid, ret);
		nvmeof_host_error_recovery(&queue->ctrl->ctrl);
	}
}

/* --- queues --- */

static void hrdma_free_buffers(struct hrdma_queue *queue)
{
	nvmeof_rdma_buf_free(queue->rq.dev, &queue->cqe_buf);
	nvmeof_rdma_buf_free(queue->rq.dev, &queue->sqe_buf);
	kfree(queue->recv_cqes);
	queue->recv_cqes = NULL;
}

/* Route resolved: everything the queue needs, then the connect request. */
static int hrdma_route_resolved(struct hrdma_queue *queue)
{
	struct nvmeof_host_ctrl *ctrl = &queue->ctrl->ctrl;
	struct rdma_cm_id *cm_id = queue->rq.cm_id;
	struct ib_device *ibdev = cm_id->device;
	struct nvmeof_rdma_qp_attr attr = {};
	struct rdma_conn_param param = {};
	struct nvmeof_rdma_cm_req req;
	u32 i, mr_pages, need;
	bool polled;
	int ret;

	/*
	 * The first queue sizes commands to what the device registers (siw
	 * maps 256 pages, one short of a misaligned 1 MiB); every later queue,
	 * reconnects included, must map as much, or a command the block layer
	 * already built could not be registered.
	 */
	mr_pages = min_t(u32, HRDMA_MR_PAGES, ibdev->attrs.max_fast_reg_page_list_len);
	need = ctrl->max_cmd_pages ?: HRDMA_MIN_MR_PAGES;
	if (mr_pages < need) {
		dev_err(&ctrl->device, "%s maps %u pages per MR, we need %u\n",
			dev_name(&ibdev->dev), ibdev->attrs.max_fast_reg_page_list_len, need);
		return -EOPNOTSUPP;
	}
	if (!ctrl->max_cmd_pages)
		ctrl->max_cmd_pages = mr_pages;
	mr_pages = ctrl->max_cmd_pages;
	queue->inline_segs = min_t(u32, HRDMA_MAX_INLINE_SEGS, ibdev->attrs.max_send_sge - 1);
	attr.send_wrs = queue->queue_size;
	attr.recv_wrs = queue->queue_size;
	attr.send_sge = 1 + queue->inline_segs;
	attr.recv_sge = 1;
	attr.mrs = queue->queue_size;
	attr.mr_pages = mr_pages;
	/* I/O queue n interrupts on vector n - 1: hardware queues spread over vectors. */
	attr.comp_vector = nvmeof_queue_map_vector(queue->qid ? queue->qid - 1 : 0,
						   ibdev->num_comp_vectors);
	/* A poll queue's completions are reaped by blk-mq's poll (hrdma_poll) only. */
	polled = queue->qid && nvmeof_host_io_queue_type(ctrl, queue->qid) == HCTX_TYPE_POLL;
	attr.poll_ctx = polled ? IB_POLL_DIRECT : IB_POLL_SOFTIRQ;
	attr.qp_context = queue;
	ret = nvmeof_rdma_qp_create(&queue->rq, cm_id, &attr);
	if (ret) {
		dev_err(&ctrl->device, "queue %d: cannot create a queue pair: %d\n",
			queue->qid, ret);
		return ret;
	}

	ret = nvmeof_rdma_buf_alloc(queue->rq.dev, &queue->sqe_buf,
				    queue->queue_size * sizeof(struct nvmeof_sqe),
				    DMA_TO_DEVICE, GFP_KERNEL);
	if (ret)
		goto out_destroy_qp;
	ret = nvmeof_rdma_buf_alloc(queue->rq.dev, &queue->cqe_buf,
				    queue->queue_size * sizeof(struct nvmeof_cqe),
				    DMA_FROM_DEVICE, GFP_KERNEL);
	if (ret)
		goto out_free_buffers;
	queue->recv_cqes = kcalloc(queue->queue_size, sizeof(*queue->recv_cqes), GFP_KERNEL);
	if (!queue->recv_cqes) {
		ret = -ENOMEM;
		goto out_free_buffers;
	}
	for (i = 0; i < queue->queue_size; i++) {
		queue->recv_cqes[i].done = hrdma_recv_done;
		ret = hrdma_post_recv(queue, i);
		if (ret)
			goto out_drain;
	}

	nvmeof_rdma_build_cm_req(&req, queue->qid, queue->queue_size,
				 queue->queue_size - 1, queue->qid ? ctrl->cntlid : 0xffff);
	param.private_data = &req;
	param.private_data_len = sizeof(req);
	param.qp_num = queue->rq.qp->qp_num;
	param.flow_control = 1;
	param.responder_resources = ibdev->attrs.max_qp_rd_atom;
	param.retry_count = 7;
	/* The target reposts receives as it answers: wait for it rather than fail. */
	param.rnr_retry_count = 7;
	/* From here the Connect on this queue, a polled request, can be reaped. */
	if (polled)
		set_bit(HRDMA_Q_POLLED, &queue->flags);
	ret = rdma_connect_locked(cm_id, &param);
	if (ret) {
		dev_err(&ctrl->device, "queue %d: rdma_connect failed: %d\n", queue->qid, ret);
		goto out_drain;
	}
	return 0;

out_drain:
	hrdma_unpoll(queue);
	nvmeof_rdma_qp_drain(&queue->rq);
out_free_buffers:
	hrdma_free_buffers(queue);
out_destroy_qp:
	nvmeof_rdma_qp_destroy(&queue->rq);
	return ret;
}

static void hrdma_cm_finish(struct hrdma_queue *queue, int err)
{
	queue->cm_error = err;
	complete(&queue->cm_done);
}

static bool hrdma_abort_rq(struct request *rq, void *data)
{
	if (to_rdma_req(rq)->queue == data)
		blk_abort_request(rq);
	return true;
}

/*
 * The target ended a queue's association before the controller went live,
 * e.g. refusing authentication. Error recovery acts only on a live
 * controller, so the command setup waits for would sit out its timeout
 * (TCP sees the socket close and fails it at once): hand the queue's
 * commands to the timeout handler now, which stops the queue and fails them.
 */
static void hrdma_abort_setup(struct hrdma_queue *queue)
{
	struct nvmeof_host_ctrl *ctrl = &queue->ctrl->ctrl;
	struct blk_mq_tag_set *set = queue->qid ? READ_ONCE(ctrl->tagset) : ctrl->admin_tagset;

	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_CONNECTING || !set)
		return;
	blk_mq_tagset_busy_iter(set, hrdma_abort_rq, queue);
}

static int hrdma_cm_handler(struct rdma_cm_id *cm_id, struct rdma_cm_event *ev)
{
	struct hrdma_queue *queue = cm_id->context;
	struct nvmeof_host_ctrl *ctrl = &queue->ctrl->ctrl;
	int ret;

	dev_dbg(&ctrl->device, "queue %d: %s (%d)\n", queue->qid,
		nvmeof_rdma_cm_event_name(ev->event), ev->status);
	switch (ev->event) {
	case RDMA_CM_EVENT_ADDR_RESOLVED:
		ret = rdma_resolve_route(cm_id, hrdma_connect_timeout_ms);
		if (ret)
			hrdma_cm_finish(queue, ret);
		break;
	case RDMA_CM_EVENT_ROUTE_RESOLVED:
		ret = hrdma_route_resolved(queue);
		if (ret)
			hrdma_cm_finish(queue, ret);
		break;
	case RDMA_CM_EVENT_ESTABLISHED:
		hrdma_cm_finish(queue, 0);
		break;
	case RDMA_CM_EVENT_REJECTED:
		dev_err(&ctrl->device, "queue %d: connect rejected: %s, NVMe/RDMA status %u\n",
			queue->qid, rdma_reject_msg(cm_id, ev->status),
			nvmeof_rdma_cm_rej_status(ev));
		hrdma_cm_finish(queue, -ECONNRESET);
		break;
	case RDMA_CM_EVENT_ADDR_ERROR:
	case RDMA_CM_EVENT_ROUTE_ERROR:
	case RDMA_CM_EVENT_CONNECT_ERROR:
	case RDMA_CM_EVENT_UNREACHABLE:
		dev_err(&ctrl->device, "queue %d: %s (%d)\n", queue->qid,
			nvmeof_rdma_cm_event_name(ev->event), ev->status);
		hrdma_cm_finish(queue, -ECONNRESET);
		break;
	case RDMA_CM_EVENT_DISCONNECTED:
	case RDMA_CM_EVENT_ADDR_CHANGE:
	case RDMA_CM_EVENT_TIMEWAIT_EXIT:
	case RDMA_CM_EVENT_DEVICE_REMOVAL:
		/*
		 * Recovery tears the queue down and destroys the identifier; a
		 * device being removed waits for that.
		 */
		if (ev->event == RDMA_CM_EVENT_DEVICE_REMOVAL)
			dev_warn(&ctrl->device, "queue %d: RDMA device removed\n", queue->qid);
		hrdma_cm_finish(queue, -ECONNRESET);
		nvmeof_host_error_recovery(ctrl);
		hrdma_abort_setup(queue);
		break;
	default:
		break;
	}
	return 0;
}

static int hrdma_alloc_queue(struct hrdma_ctrl *hctrl, int qid)
{
	struct nvmeof_host_ctrl *ctrl = &hctrl->ctrl;
	struct nvmeof_ctrl_opts *o = ctrl->opts;
	struct hrdma_queue *queue = &hctrl->queues[qid];
	struct rdma_cm_id *cm_id;
	long left;
	int ret;

	queue->ctrl = hctrl;
	queue->qid = qid;
	queue->flags = 0;
	memset(&queue->rq, 0, sizeof(queue->rq));
	queue->queue_size = qid ? ctrl->sqsize + 1 : NVMEOF_HOST_AQ_DEPTH;
	if (qid)
		queue->inline_size = ctrl->ioccsz * 16 > sizeof(struct nvmeof_sqe) ?
				     ctrl->ioccsz * 16 - sizeof(struct nvmeof_sqe) : 0;
	else
		queue->inline_size = 0;
	init_completion(&queue->cm_done);
	queue->cm_error = -ETIMEDOUT;

	cm_id = rdma_create_id(&init_net, hrdma_cm_handler, queue,
			       RDMA_PS_TCP, IB_QPT_RC);
	if (IS_ERR(cm_id)) {
		dev_err(&ctrl->device, "queue %d: cannot create a CM id: %ld\n",
			qid, PTR_ERR(cm_id));
		return PTR_ERR(cm_id);
	}
	queue->rq.cm_id = cm_id;
	if (o->tos >= 0)
		rdma_set_service_type(cm_id, o->tos);

	ret = rdma_resolve_addr(cm_id, (o->mask & NVMEOF_OPT_HOST_TRADDR) ?
				(struct sockaddr *)&ctrl->src_addr : NULL,
				(struct sockaddr *)&ctrl->addr, hrdma_connect_timeout_ms);
	if (ret) {
		dev_err(&ctrl->device, "queue %d: rdma_resolve_addr failed: %d\n", qid, ret);
		goto out_destroy_id;
	}
	/* Address, route, connect: each step has the timeout, plus slack. */
	left = wait_for_completion_timeout(&queue->cm_done,
					   msecs_to_jiffies(3 * hrdma_connect_timeout_ms + 1000));
	ret = left ? queue->cm_error : -ETIMEDOUT;
	if (ret) {
		dev_err(&ctrl->device, "queue %d: connecting to %s:%s failed (%d)\n",
			qid, o->traddr, o->trsvcid, ret);
		goto out_destroy_id;
	}
	set_bit(HRDMA_Q_ALLOCATED, &queue->flags);
	return 0;

out_destroy_id:
	/* No more events after this; whatever the handler set up goes too. */
	rdma_destroy_id(cm_id);
	queue->rq.cm_id = NULL;
	if (queue->rq.qp) {
		hrdma_unpoll(queue);
		nvmeof_rdma_qp_drain(&queue->rq);
		hrdma_free_buffers(queue);
		nvmeof_rdma_qp_destroy(&queue->rq);
	}
	queue->rq.cm_id = NULL;
	return ret;
}

/* Stop using the queue pair: in-flight requests stay for the caller to cancel. */
static void hrdma_stop_queue(struct hrdma_queue *queue)
{
	mutex_lock(&queue->lock);
	clear_bit(HRDMA_Q_LIVE, &queue->flags);
	if (test_bit(HRDMA_Q_ALLOCATED, &queue->flags) &&
	    !test_and_set_bit(HRDMA_Q_STOPPED, &queue->flags)) {
		/* The drain reaps a poll queue's CQ itself from here on. */
		hrdma_unpoll(queue);
		rdma_disconnect(queue->rq.cm_id);
		nvmeof_rdma_qp_drain(&queue->rq);
	}
	mutex_unlock(&queue->lock);
}

static void hrdma_free_queue(struct hrdma_queue *queue)
{
	mutex_lock(&queue->lock);
	if (test_and_clear_bit(HRDMA_Q_ALLOCATED, &queue->flags)) {
		hrdma_unpoll(queue);
		if (!test_bit(HRDMA_Q_STOPPED, &queue->flags))
			nvmeof_rdma_qp_drain(&queue->rq);
		hrdma_free_buffers(queue);
		nvmeof_rdma_qp_destroy(&queue->rq);
		rdma_destroy_id(queue->rq.cm_id);
		queue->rq.cm_id = NULL;
	}
	queue->flags = 0;
	mutex_unlock(&queue->lock);
}

static int hrdma_op_alloc_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	return hrdma_alloc_queue(to_rdma_ctrl(ctrl), qid);
}

static void hrdma_op_queue_live(struct nvmeof_host_ctrl *ctrl, int qid)
{
	set_bit(HRDMA_Q_LIVE, &to_rdma_ctrl(ctrl)->queues[qid].flags);
}

static void hrdma_op_stop_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	hrdma_stop_queue(&to_rdma_ctrl(ctrl)->queues[qid]);
}

static void hrdma_op_free_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	hrdma_free_queue(&to_rdma_ctrl(ctrl)->queues[qid]);
}

/* --- blk-mq --- */

static int hrdma_init_request(struct blk_mq_tag_set *set, struct request *rq,
			   unsigned int hctx_idx, unsigned int numa_node)
{
	struct hrdma_ctrl *hctrl = to_rdma_ctrl(set->driver_data);
	struct hrdma_request *hreq = to_rdma_req(rq);
	int qid = set == &hctrl->ctrl.admin_set ? 0 : hctx_idx + 1;

	hreq->req.ctrl = &hctrl->ctrl;
	hreq->queue = &hctrl->queues[qid];
	hreq->send_cqe.done = hrdma_send_done;
	hreq->reg_cqe.done = hrdma_reg_done;
	hreq->inv_cqe.done = hrdma_inv_done;
	return 0;
}

static int hrdma_init_admin_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			      unsigned int hctx_idx)
{
	struct hrdma_ctrl *hctrl = to_rdma_ctrl(data);

	hctx->driver_data = &hctrl->queues[0];
	return 0;
}

static int hrdma_init_hctx(struct blk_mq_hw_ctx *hctx, void *data, unsigned int hctx_idx)
{
	struct hrdma_ctrl *hctrl = to_rdma_ctrl(data);

	if (WARN_ON_ONCE(hctx_idx + 1 >= hctrl->nr_queues))
		return -EINVAL;
	hctx->driver_data = &hctrl->queues[hctx_idx + 1];
	return 0;
}

static blk_status_t hrdma_queue_rq(struct blk_mq_hw_ctx *hctx,
				const struct blk_mq_queue_data *bd)
{
	struct hrdma_queue *queue = hctx->driver_data;
	struct nvmeof_host_ctrl *ctrl = &queue->ctrl->ctrl;
	struct request *rq = bd->rq;
	struct hrdma_request *hreq = to_rdma_req(rq);
	struct nvmeof_sqe *sqe = &hreq->req.sqe;
	struct ib_send_wr *first;
	struct nvmeof_sqe *slot;
	blk_status_t ret;
	int err;

	if (unlikely(!test_bit(HRDMA_Q_ALLOCATED, &queue->flags) ||
		     test_bit(HRDMA_Q_STOPPED, &queue->flags) ||
		     !nvmeof_host_rq_ready(ctrl, rq, test_bit(HRDMA_Q_LIVE, &queue->flags))))
		return nvmeof_host_fail_nonready(ctrl, rq);
	if (WARN_ON_ONCE(rq->tag >= queue->queue_size))
		return BLK_STS_IOERR;

	ret = nvmeof_host_setup_cmd(rq);
	if (ret)
		return ret;
	hreq->write = nvmeof_host_is_write(sqe);
	sqe->flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	nvmeof_rdma_init_send(&hreq->send_wr, &hreq->send_cqe, hreq->sge, 1, true);
	blk_mq_start_request(rq);
	nvmeof_host_obs_submit(rq, queue->qid);

	err = hrdma_map_data(queue, rq, sqe);
	if (unlikely(err)) {
		dev_err_ratelimited(&ctrl->device, "queue %d: cannot map %u bytes: %d\n",
				    queue->qid, blk_rq_payload_bytes(rq), err);
		goto fail;
	}

	/* The SQE goes out of this tag's slot: mapped once with the queue. */
	slot = (struct nvmeof_sqe *)queue->sqe_buf.addr + rq->tag;
	memcpy(slot, sqe, sizeof(*slot));
	hreq->sge[0].addr = queue->sqe_buf.dma + rq->tag * sizeof(*slot);
	hreq->sge[0].length = sizeof(*slot);
	hreq->sge[0].lkey = queue->rq.dev->pd->local_dma_lkey;
	ib_dma_sync_single_for_device(queue->rq.dev->ibdev, hreq->sge[0].addr,
				      sizeof(*slot), DMA_TO_DEVICE);

	refcount_set(&hreq->ref, 2);
	first = hreq->mr ? &hreq->reg_wr.wr : &hreq->send_wr;
	err = nvmeof_rdma_post_send(&queue->rq, first);
	if (unlikely(err)) {
		dev_err_ratelimited(&ctrl->device, "queue %d: cannot post a command: %d\n",
				    queue->qid, err);
		hrdma_unmap_data(queue, rq);
		nvmeof_host_error_recovery(ctrl);
		goto fail;
	}
	return BLK_STS_OK;

fail:
	/* Through the completion path: it frees what setup_cmd allocated and may retry. */
	nvmeof_host_end_rq(rq, NVMEOF_SC_INTERNAL, 0);
	return BLK_STS_OK;
}

static void hrdma_complete_rq(struct request *rq)
{
	struct hrdma_request *hreq = to_rdma_req(rq);

	hrdma_unmap_data(hreq->queue, rq);
	nvmeof_host_complete_rq(rq);
}

/*
 * blk-mq polls a poll queue (io_uring with IORING_SETUP_IOPOLL, polled sync
 * commands such as its Connect): reap its CQ here. A poller that finds
 * another one at it returns empty-handed and blk-mq polls again.
 */
static int hrdma_poll(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob)
{
	struct hrdma_queue *queue = hctx->driver_data;
	int found = 0;

	if (!test_bit(HRDMA_Q_POLLED, &queue->flags) || !spin_trylock(&queue->poll_lock))
		return 0;
	if (test_bit(HRDMA_Q_POLLED, &queue->flags))
		found = ib_process_cq_direct(queue->rq.cq, -1);
	spin_unlock(&queue->poll_lock);
	return found;
}

static const struct blk_mq_ops hrdma_admin_mq_ops = {
	.queue_rq	= hrdma_queue_rq,
	.complete	= hrdma_complete_rq,
	.init_request	= hrdma_init_request,
	.init_hctx	= hrdma_init_admin_hctx,
	.timeout	= nvmeof_host_timeout,
};

static const struct blk_mq_ops hrdma_io_mq_ops = {
	.queue_rq	= hrdma_queue_rq,
	.complete	= hrdma_complete_rq,
	.init_request	= hrdma_init_request,
	.init_hctx	= hrdma_init_hctx,
	.timeout	= nvmeof_host_timeout,
	.poll		= hrdma_poll,
	.map_queues	= nvmeof_host_map_queues,
};

/* --- controller --- */

static void hrdma_free_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	struct hrdma_ctrl *hctrl = to_rdma_ctrl(ctrl);

	kfree(hctrl->queues);
}

static int hrdma_op_init_ctrl(struct nvmeof_host_ctrl *ctrl, u32 nr_queues)
{
	struct hrdma_ctrl *hctrl = to_rdma_ctrl(ctrl);
	struct hrdma_queue *queue;

	hctrl->queues = kcalloc(nr_queues, sizeof(*queue), GFP_KERNEL);
	if (!hctrl->queues)
		return -ENOMEM;
	hctrl->nr_queues = nr_queues;
	for (queue = hctrl->queues; queue < hctrl->queues + nr_queues; queue++) {
		mutex_init(&queue->lock);
		spin_lock_init(&queue->poll_lock);
		queue->ctrl = hctrl;
		queue->qid = queue - hctrl->queues;
	}
	/* Fast registration maps whole pages: no gaps inside a request. */
	ctrl->virt_boundary_mask = SZ_4K - 1;
	return 0;
}

static const struct nvmeof_host_ctrl_ops hrdma_ctrl_ops = {
	.name		= "rdma",
	.module		= THIS_MODULE,
	.admin_mq_ops	= &hrdma_admin_mq_ops,
	.io_mq_ops	= &hrdma_io_mq_ops,
	.cmd_size	= sizeof(struct hrdma_request),
	.ctrl_size	= sizeof(struct hrdma_ctrl),
	.sgls_needed	= NVMEOF_CTRL_SGLS_KEYED,
	.init_ctrl	= hrdma_op_init_ctrl,
	.alloc_queue	= hrdma_op_alloc_queue,
	.queue_live	= hrdma_op_queue_live,
	.stop_queue	= hrdma_op_stop_queue,
	.free_queue	= hrdma_op_free_queue,
	.free_ctrl	= hrdma_free_ctrl,
};

static struct nvmeof_host_transport hrdma_transport = {
	.name		= "rdma",
	.module		= THIS_MODULE,
	.required	= NVMEOF_OPTS_RDMA_REQUIRED,
	.allowed	= NVMEOF_OPTS_RDMA_MASK,
	.ctrl_ops	= &hrdma_ctrl_ops,
	.def_port	= HRDMA_DEF_PORT,
};

static int __init hrdma_init(void)
{
	return nvmeof_host_register_transport(&hrdma_transport);
}

static void __exit hrdma_exit(void)
{
	nvmeof_host_unregister_transport(&hrdma_transport);
}

module_init(hrdma_init);
module_exit(hrdma_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics host: RDMA transport");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
