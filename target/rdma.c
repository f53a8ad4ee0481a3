// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target-rdma: the target's NVMe/RDMA transport (CM listeners, queue pairs, RDMA READ/WRITE). */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/err.h>
#include <linux/inet.h>
#include <linux/workqueue.h>
#include <linux/scatterlist.h>
#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <net/ipv6.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>
#include <rdma/rw.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/rdma.h>
#include <nvmeof/rdma_queue.h>
#include <nvmeof/queue_map.h>
#include <nvmeof/sgl.h>

#include "target.h"

/* What the port gets when param_inline_data_size is -1, as in-tree. */
#define TRDMA_DEF_INLINE_DATA_SIZE	PAGE_SIZE
/* Receive buffers hold the SQE and up to this many pages of in-capsule data. */
#define TRDMA_MAX_INLINE_PAGES		4
#define TRDMA_MAX_INLINE_DATA_SIZE	(TRDMA_MAX_INLINE_PAGES * PAGE_SIZE)
/* Largest keyed SGL one command may name; bounds the data allocation. */
#define TRDMA_MAX_XFER_SIZE		0x400000
#define TRDMA_LISTEN_BACKLOG		128
/* Responses per receive: a response may still be on the wire when its receive is reposted. */
#define TRDMA_RSPS_PER_RECV		2
/* Bounds of srq_size, as the in-tree target takes them. */
#define TRDMA_MIN_SRQ_SIZE			256
#define TRDMA_MAX_SRQ_SIZE			65535

static unsigned int relisten_delay_ms = 1000;
module_param(relisten_delay_ms, uint, 0644);
MODULE_PARM_DESC(relisten_delay_ms,
		 "After the RDMA device of a port went away, retry listening this often (ms, default 1000)");

static bool use_srq = true;
module_param(use_srq, bool, 0644);
MODULE_PARM_DESC(use_srq,
		 "Queues on one completion vector of a device share a receive queue (SRQ) when the device has them (default true; read as a queue connects)");

static unsigned int srq_size = 1024;
module_param(srq_size, uint, 0644);
MODULE_PARM_DESC(srq_size,
		 "Receive entries per shared receive queue (256-65535, default 1024; capped by the device; read when a device's SRQs are created)");

enum trdma_queue_state {
	TRDMA_Q_CONNECTING,	/* accepted, waiting for ESTABLISHED */
	TRDMA_Q_LIVE,
	TRDMA_Q_DISCONNECTING,	/* release scheduled */
};

enum trdma_wait {
	TRDMA_WAIT_READ,		/* RDMA READ of host data not posted yet */
	TRDMA_WAIT_RSP,		/* response (and RDMA WRITE) not posted yet */
};

/* What a CM identifier's context points at: a listener or a queue. */
struct trdma_cm_ctx {
	bool			is_port;
};

struct trdma_queue;
struct trdma_srq;

/*
 * One receive buffer: the SQE and room for in-capsule data. It belongs to
 * one queue's own receive queue (@queue) or to a shared one (@srq), whose
 * receives any queue pair on it may consume.
 */
struct trdma_recv {
	struct ib_cqe		cqe;
	struct nvmeof_rdma_dev	*dev;
	struct trdma_queue		*queue;		/* NULL on an SRQ */
	struct trdma_srq		*srq;		/* NULL on a queue's own */
	struct nvmeof_sqe	*sqe;		/* in the owner's sqe_buf */
	struct page		*pages[TRDMA_MAX_INLINE_PAGES];
	struct ib_sge		sge[1 + TRDMA_MAX_INLINE_PAGES];
	int			nr_sge;
};

/* One command from its receive until its response's send completed. */
struct trdma_rsp {
	struct nvmeof_tgt_req	req;
	struct trdma_queue		*queue;
	struct trdma_recv		*recv;		/* held until reposted, or NULL */
	struct nvmeof_cqe	*cqe;		/* in queue->cqe_buf */
	struct ib_sge		send_sge;
	struct ib_send_wr	send_wr;
	struct ib_cqe		send_cqe;
	struct ib_cqe		read_cqe;
	struct rdma_rw_ctx	rw;
	u32			n_rdma;		/* WRs of @rw, 0 when unused */
	u32			wrs_held;	/* send queue slots taken */
	bool			rw_live;
	bool			own_sg;		/* req.sg is ours to free */
	bool			h2c;
	bool			allocated;	/* not from the pool */
	enum trdma_wait		wait;
	u32			byte_len;
	struct nvmeof_sgl_info	sgl;
	struct scatterlist	inline_sg[TRDMA_MAX_INLINE_PAGES];
	struct list_head	entry;		/* free_rsps, pending or wait_list */
};

/*
 * A shared receive queue with its receive buffers: the queues on one
 * completion vector of a device take their commands from it.
 */
struct trdma_srq {
	struct trdma_srq_set	*set;
	struct ib_srq		*srq;
	int			comp_vector;
	u32			size;
	struct nvmeof_rdma_buf	sqe_buf;
	struct trdma_recv		*recvs;
	atomic_t		queues;		/* queue pairs attached (debugfs) */
	atomic64_t		cmds;		/* commands received (debugfs) */
};

/*
 * The SRQs of one device for one in-capsule data size, one per completion
 * vector (as many as the device allows). Queues hold references; the last
 * one to go (after its QP is destroyed) destroys the SRQs, so an SRQ
 * outlives every QP on it, and device removal, which releases every queue,
 * frees them before the last CM identifier on the device goes.
 */
struct trdma_srq_set {
	struct nvmeof_rdma_dev	*dev;		/* holds a reference (the PD) */
	u32			inline_pages;
	struct kref		ref;
	struct list_head	entry;		/* trdma_srq_sets */
	u32			nr_srqs;	/* created so far */
	struct trdma_srq		srqs[];
};

struct trdma_port {
	struct trdma_cm_ctx	ctx;
	struct nvmeof_tgt_port	*nport;
	struct sockaddr_storage	addr;
	/* Guards: cm_id and removing (device removal vs remove_port vs relisten). */
	struct mutex		lock;
	struct rdma_cm_id	*cm_id;
	bool			removing;
	struct delayed_work	relisten_work;
};

struct trdma_queue {
	struct trdma_cm_ctx	ctx;
	struct nvmeof_tgt_sq	sq;
	struct nvmeof_rdma_qp	rq;
	struct trdma_port		*port;		/* NULL once the port went away */
	struct nvmeof_tgt_port	*nport;
	unsigned int		id;
	u16			host_qid;	/* from the CM private data */
	u32			recv_size;	/* receives posted: HSQSIZE + 1 */
	u32			send_size;	/* HRQSIZE */
	u32			inline_pages;
	u32			inline_size;
	struct nvmeof_rdma_buf	sqe_buf;
	struct nvmeof_rdma_buf	cqe_buf;
	struct trdma_recv		*recvs;		/* NULL on an SRQ */
	struct trdma_srq		*srq;		/* NULL without one */
	struct trdma_rsp		*rsps;
	u32			nr_rsps;
	/* Guards: free_rsps. */
	spinlock_t		rsp_lock;
	struct list_head	free_rsps;
	/* Guards: state and pending (commands that beat ESTABLISHED). */
	spinlock_t		state_lock;
	enum trdma_queue_state	state;
	struct list_head	pending;
	/*
	 * Guards: wait_list and taking sq_wr_avail while anybody waits (an
	 * empty list is read unlocked, trdma_take_wrs()).
	 */
	spinlock_t		wait_lock;
	struct list_head	wait_list;
	atomic_t		sq_wr_avail;
	struct work_struct	release_work;
	struct list_head	entry;		/* trdma_queues */
};

static struct workqueue_struct *trdma_release_wq;
static LIST_HEAD(trdma_queues);
/* Guards: trdma_queues and queue->port of listed queues. */
static DEFINE_MUTEX(trdma_queues_mutex);
static atomic_t trdma_queue_ids = ATOMIC_INIT(0);
static LIST_HEAD(trdma_srq_sets);
/* Guards: trdma_srq_sets and every set's ref going to or from zero. */
static DEFINE_MUTEX(trdma_srq_mutex);
static struct dentry *trdma_debugfs_srqs;
/*
 * Fails SRQ creation on demand (debugfs target/fail_rdma_srq, on kernels
 * with fault injection), so the fallback to per-queue receives is tested.
 */
NVMEOF_FAULT_ATTR(trdma_fail_srq);
static struct dentry *trdma_debugfs_fail_srq;

static const struct nvmeof_tgt_fabrics_ops trdma_ops;

static void trdma_queue_disconnect(struct trdma_queue *queue);
static void trdma_post_waiting(struct trdma_queue *queue);
static void trdma_recv_unused(struct trdma_recv *recv);
static void trdma_send_done(struct ib_cq *cq, struct ib_wc *wc);
static void trdma_read_done(struct ib_cq *cq, struct ib_wc *wc);

/* Sets up the send WR and completion callbacks of a context (pooled or borrowed). */
static void trdma_init_rsp_wrs(struct trdma_rsp *rsp)
{
	rsp->send_cqe.done = trdma_send_done;
	rsp->read_cqe.done = trdma_read_done;
	nvmeof_rdma_init_send(&rsp->send_wr, &rsp->send_cqe, &rsp->send_sge, 1, true);
}

static inline bool trdma_cmd_is_h2c(const struct nvmeof_sqe *sqe)
{
	/* Fabrics commands keep the direction in FCTYPE, the others in OPC. */
	if (sqe->opcode == NVMEOF_FABRICS_OPCODE)
		return ((const struct nvmeof_connect_cmd *)sqe)->fctype & 1;
	return sqe->opcode & 1;
}

static inline u32 trdma_port_num(struct trdma_queue *queue)
{
	return queue->rq.cm_id->port_num;
}

/* --- response contexts --- */

static struct trdma_rsp *trdma_get_rsp(struct trdma_queue *queue)
{
	struct trdma_rsp *rsp;
	unsigned long flags;

	spin_lock_irqsave(&queue->rsp_lock, flags);
	rsp = list_first_entry_or_null(&queue->free_rsps, struct trdma_rsp, entry);
	if (rsp)
		list_del(&rsp->entry);
	spin_unlock_irqrestore(&queue->rsp_lock, flags);
	if (likely(rsp))
		return rsp;

	/* More responses on the wire than planned: borrow one, with its own CQE buffer. */
	rsp = kzalloc(sizeof(*rsp) + sizeof(struct nvmeof_cqe), GFP_ATOMIC);
	if (!rsp)
		return NULL;
	rsp->allocated = true;
	rsp->queue = queue;
	rsp->cqe = (struct nvmeof_cqe *)(rsp + 1);
	rsp->send_sge.addr = ib_dma_map_single(queue->rq.dev->ibdev, rsp->cqe,
					       sizeof(*rsp->cqe), DMA_TO_DEVICE);
	if (ib_dma_mapping_error(queue->rq.dev->ibdev, rsp->send_sge.addr)) {
		kfree(rsp);
		return NULL;
	}
	rsp->send_sge.length = sizeof(*rsp->cqe);
	rsp->send_sge.lkey = queue->rq.dev->pd->local_dma_lkey;
	trdma_init_rsp_wrs(rsp);
	return rsp;
}

static void trdma_put_rsp(struct trdma_rsp *rsp)
{
	struct trdma_queue *queue = rsp->queue;
	unsigned long flags;

	if (rsp->recv)
		trdma_recv_unused(rsp->recv);
	rsp->recv = NULL;
	if (rsp->rw_live)
		rdma_rw_ctx_destroy(&rsp->rw, queue->rq.qp, trdma_port_num(queue),
				    rsp->req.sg, rsp->req.sg_cnt,
				    rsp->h2c ? DMA_FROM_DEVICE : DMA_TO_DEVICE);
	rsp->rw_live = false;
	rsp->n_rdma = 0;
	if (rsp->own_sg)
		nvmeof_tgt_req_free_sgl(&rsp->req);
	rsp->own_sg = false;
	rsp->req.sg = NULL;
	rsp->req.sg_cnt = 0;

	if (unlikely(rsp->allocated)) {
		ib_dma_unmap_single(queue->rq.dev->ibdev, rsp->send_sge.addr,
				    sizeof(*rsp->cqe), DMA_TO_DEVICE);
		kfree(rsp);
		return;
	}
	spin_lock_irqsave(&queue->rsp_lock, flags);
	list_add(&rsp->entry, &queue->free_rsps);
	spin_unlock_irqrestore(&queue->rsp_lock, flags);
}

/* --- send queue accounting --- */

/*
 * Takes @n send queue slots, or parks @rsp (in order behind earlier
 * waiters) to be posted by a later completion. True when the slots are held.
 */
static bool trdma_take_wrs(struct trdma_rsp *rsp, u32 n, enum trdma_wait wait)
{
	struct trdma_queue *queue = rsp->queue;
	unsigned long flags;
	bool ok = false;

	/*
	 * Nobody waits (the usual case): take the slots without the lock. A
	 * waiter parked meanwhile is only overtaken, not lost (below).
	 */
	if (list_empty(&queue->wait_list)) {
		if (atomic_sub_return(n, &queue->sq_wr_avail) >= 0) {
			rsp->wrs_held = n;
			return true;
		}
		atomic_add(n, &queue->sq_wr_avail);
	}

	spin_lock_irqsave(&queue->wait_lock, flags);
	if (list_empty(&queue->wait_list)) {
		if (atomic_sub_return(n, &queue->sq_wr_avail) >= 0)
			ok = true;
		else
			atomic_add(n, &queue->sq_wr_avail);
	}
	if (ok) {
		rsp->wrs_held = n;
	} else {
		rsp->wait = wait;
		list_add_tail(&rsp->entry, &queue->wait_list);
	}
	spin_unlock_irqrestore(&queue->wait_lock, flags);
	if (!ok) {
		/*
		 * A completion that returned its slots after our check may
		 * have seen the list still empty and posted nobody: with the
		 * barriers here and in trdma_put_wrs() one of us sees the other.
		 */
		smp_mb();
		trdma_post_waiting(queue);
	}
	return ok;
}

/* Callers then run trdma_post_waiting(), which reads wait_list unlocked. */
static void trdma_put_wrs(struct trdma_rsp *rsp)
{
	atomic_add(rsp->wrs_held, &rsp->queue->sq_wr_avail);
	smp_mb__after_atomic();
	rsp->wrs_held = 0;
}

/* --- receives --- */

static int trdma_post_recv(struct trdma_recv *recv)
{
	struct ib_device *ibdev = recv->dev->ibdev;
	int i;

	/* Checked once, not per entry: soft-RoCE and siw sync nothing. */
	if (!ib_uses_virt_dma(ibdev))
		for (i = 0; i < recv->nr_sge; i++)
			ib_dma_sync_single_for_device(ibdev, recv->sge[i].addr,
						      recv->sge[i].length, DMA_FROM_DEVICE);
	if (recv->srq)
		return nvmeof_rdma_post_srq_recv(recv->srq->srq, &recv->cqe, recv->sge,
						 recv->nr_sge);
	return nvmeof_rdma_post_recv(&recv->queue->rq, &recv->cqe, recv->sge, recv->nr_sge);
}

/*
 * A receive whose command will not be answered (its queue is going away,
 * or it failed): one of a queue's own dies with the queue, but one of an
 * SRQ goes back for the other queues, or the SRQ would run dry.
 */
static void trdma_recv_unused(struct trdma_recv *recv)
{
	int ret;

	if (!recv->srq)
		return;
	ret = trdma_post_recv(recv);
	if (unlikely(ret))
		pr_err_ratelimited("%s: cannot repost a shared receive: %d\n",
				   dev_name(&recv->dev->ibdev->dev), ret);
}

/* Points req.sg at the in-capsule bytes [offset, offset + len) of the receive. */
static void trdma_map_inline(struct trdma_rsp *rsp)
{
	struct trdma_recv *recv = rsp->recv;
	u32 off = rsp->sgl.offset, left = rsp->sgl.len;
	unsigned int i, n, pg = off / PAGE_SIZE;

	off %= PAGE_SIZE;
	/*
	 * nvmeof_sgl_parse() kept [offset, offset + len) within the inline
	 * pages; only the entries used are set up, the end mark on the last.
	 */
	n = min_t(u32, DIV_ROUND_UP(off + left, PAGE_SIZE), rsp->queue->inline_pages - pg);
	sg_init_table(rsp->inline_sg, n);
	for (i = 0; i < n; i++) {
		u32 len = min_t(u32, left, PAGE_SIZE - off);

		sg_set_page(&rsp->inline_sg[i], recv->pages[pg++], len, off);
		left -= len;
		off = 0;
	}
	rsp->req.sg = rsp->inline_sg;
	rsp->req.sg_cnt = n;
}

/* --- data movement --- */

static void trdma_post_read(struct trdma_rsp *rsp)
{
	struct trdma_queue *queue = rsp->queue;
	int ret;

	ret = rdma_rw_ctx_post(&rsp->rw, queue->rq.qp, trdma_port_num(queue),
			       &rsp->read_cqe, NULL);
	if (unlikely(ret)) {
		pr_err_ratelimited("queue %u: cannot post RDMA READ: %d\n", queue->id, ret);
		trdma_put_wrs(rsp);
		nvmeof_tgt_req_complete(&rsp->req, NVMEOF_SC_DATA_XFER_ERROR);
	}
}

static void trdma_post_rsp(struct trdma_rsp *rsp)
{
	struct trdma_queue *queue = rsp->queue;
	struct ib_send_wr *first = &rsp->send_wr;
	int ret;

	if (rsp->n_rdma && !rsp->h2c) {
		/* The backend wrote the pages after rdma_rw mapped them. */
		if (!ib_uses_virt_dma(queue->rq.dev->ibdev))
			dma_sync_sg_for_device(queue->rq.dev->ibdev->dma_device, rsp->req.sg,
					       rsp->req.sg_cnt, DMA_TO_DEVICE);
		first = rdma_rw_ctx_wrs(&rsp->rw, queue->rq.qp, trdma_port_num(queue),
					NULL, &rsp->send_wr);
	}
	ib_dma_sync_single_for_device(queue->rq.dev->ibdev, rsp->send_sge.addr,
				      sizeof(*rsp->cqe), DMA_TO_DEVICE);
	ret = nvmeof_rdma_post_send(&queue->rq, first);
	if (unlikely(ret)) {
		pr_err_ratelimited("queue %u: cannot post a response: %d\n", queue->id, ret);
		trdma_put_wrs(rsp);
		trdma_put_rsp(rsp);
		trdma_queue_disconnect(queue);
	}
}

/* Posts parked work in order while the send queue has room. */
static void trdma_post_waiting(struct trdma_queue *queue)
{
	struct trdma_rsp *rsp;
	unsigned long flags;
	u32 n;

	/* See trdma_take_wrs(): an empty list needs no lock. */
	if (list_empty(&queue->wait_list))
		return;
	for (;;) {
		spin_lock_irqsave(&queue->wait_lock, flags);
		rsp = list_first_entry_or_null(&queue->wait_list, struct trdma_rsp, entry);
		if (!rsp) {
			spin_unlock_irqrestore(&queue->wait_lock, flags);
			return;
		}
		n = rsp->n_rdma + (rsp->wait == TRDMA_WAIT_RSP ? 1 : 0);
		if (atomic_sub_return(n, &queue->sq_wr_avail) < 0) {
			atomic_add(n, &queue->sq_wr_avail);
			spin_unlock_irqrestore(&queue->wait_lock, flags);
			return;
		}
		rsp->wrs_held = n;
		list_del_init(&rsp->entry);
		spin_unlock_irqrestore(&queue->wait_lock, flags);

		if (rsp->wait == TRDMA_WAIT_READ)
			trdma_post_read(rsp);
		else
			trdma_post_rsp(rsp);
	}
}

static void trdma_read_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct trdma_rsp *rsp = container_of(wc->wr_cqe, struct trdma_rsp, read_cqe);
	struct trdma_queue *queue = rsp->queue;

	trdma_put_wrs(rsp);
	rdma_rw_ctx_destroy(&rsp->rw, queue->rq.qp, trdma_port_num(queue),
			    rsp->req.sg, rsp->req.sg_cnt, DMA_FROM_DEVICE);
	rsp->rw_live = false;
	rsp->n_rdma = 0;

	if (unlikely(wc->status != IB_WC_SUCCESS)) {
		if (wc->status != IB_WC_WR_FLUSH_ERR)
			pr_err_ratelimited("queue %u: RDMA READ failed: %s\n", queue->id,
					   ib_wc_status_msg(wc->status));
		/* The host's data is lost with the connection: no response is possible. */
		nvmeof_tgt_req_uninit(&rsp->req);
		trdma_put_rsp(rsp);
		trdma_queue_disconnect(queue);
		trdma_post_waiting(queue);
		return;
	}
	rsp->req.execute(&rsp->req);
	trdma_post_waiting(queue);
}

static void trdma_send_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct trdma_rsp *rsp = container_of(wc->wr_cqe, struct trdma_rsp, send_cqe);
	struct trdma_queue *queue = rsp->queue;

	trdma_put_wrs(rsp);
	trdma_put_rsp(rsp);
	if (unlikely(wc->status != IB_WC_SUCCESS && wc->status != IB_WC_WR_FLUSH_ERR)) {
		pr_err_ratelimited("queue %u: send failed: %s\n", queue->id,
				   ib_wc_status_msg(wc->status));
		trdma_queue_disconnect(queue);
	}
	trdma_post_waiting(queue);
}

/* Unsignaled RDMA WRITEs report only errors, through rdma_rw's NULL cqe: never here. */

/* --- commands --- */

static void trdma_handle_command(struct trdma_queue *queue, struct trdma_rsp *rsp)
{
	struct trdma_recv *recv = rsp->recv;
	struct nvmeof_sqe *sqe = recv->sqe;
	struct nvmeof_sgl_limits lim = {
		.accept = NVMEOF_SGL_ACCEPT_RDMA,
		.max_len = TRDMA_MAX_XFER_SIZE,
		.incapsule_size = min_t(u32, rsp->byte_len - sizeof(*sqe), queue->inline_size),
		.host_to_ctrl = trdma_cmd_is_h2c(sqe),
	};
	u16 status;
	int ret;

	/* nvmeof_tgt_req_init() sets the rest of req and of the CQE: no memset. */
	rsp->req.cmd = sqe;
	rsp->req.cqe = rsp->cqe;
	rsp->h2c = lim.host_to_ctrl;
	rsp->n_rdma = 0;
	rsp->wrs_held = 0;
	rsp->rw_live = false;
	rsp->own_sg = false;
	rsp->send_wr.opcode = IB_WR_SEND;

	/*
	 * The Linux RDMA host reuses its SQE buffers and leaves the key bytes
	 * of an earlier keyed descriptor in the reserved bytes of an offset
	 * descriptor; the in-tree target ignores them, and so do we.
	 */
	if (sqe->dptr.type == NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_DATA_BLOCK, NVMEOF_SGL_SUBTYPE_OFFSET))
		memset(sqe->dptr.rsvd12, 0, sizeof(sqe->dptr.rsvd12));
	status = nvmeof_sgl_parse(&sqe->dptr, &lim, &rsp->sgl);
	if (unlikely(status))
		pr_warn_ratelimited("queue %u: command %#x (opcode %#x): bad data descriptor (type %#x, %u bytes received): status %#x\n",
				    queue->id, sqe->command_id, sqe->opcode, sqe->dptr.type,
				    rsp->byte_len, status);
	rsp->req.transfer_len = status ? 0 : rsp->sgl.len;
	rsp->req.sgl_status = status;
	if (!nvmeof_tgt_req_init(&rsp->req, &queue->sq, &trdma_ops))
		return;	/* the core completed it already */
	if (unlikely(status))
		goto fail;
	if (!rsp->req.transfer_len)
		goto execute;

	if (rsp->sgl.kind == NVMEOF_SGL_INCAPSULE) {
		trdma_map_inline(rsp);
		goto execute;
	}

	if (rsp->sgl.invalidate) {
		rsp->send_wr.opcode = IB_WR_SEND_WITH_INV;
		rsp->send_wr.ex.invalidate_rkey = rsp->sgl.key;
	}
	if (nvmeof_tgt_req_alloc_sgl(&rsp->req)) {
		status = NVMEOF_SC_INTERNAL;
		goto fail;
	}
	rsp->own_sg = true;
	ret = rdma_rw_ctx_init(&rsp->rw, queue->rq.qp, trdma_port_num(queue),
			       rsp->req.sg, rsp->req.sg_cnt, 0, rsp->sgl.addr,
			       rsp->sgl.key, rsp->h2c ? DMA_FROM_DEVICE : DMA_TO_DEVICE);
	if (unlikely(ret < 0)) {
		pr_err_ratelimited("queue %u: cannot map %u bytes for RDMA: %d\n",
				   queue->id, rsp->req.transfer_len, ret);
		status = NVMEOF_SC_INTERNAL;
		goto fail;
	}
	rsp->rw_live = true;
	rsp->n_rdma = ret;
	/* A transfer that can never fit the send queue would wait forever. */
	if (unlikely(rsp->n_rdma + 1 >= queue->rq.send_wrs)) {
		status = NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
		goto fail;
	}
	if (rsp->h2c) {
		if (trdma_take_wrs(rsp, rsp->n_rdma, TRDMA_WAIT_READ))
			trdma_post_read(rsp);
		return;
	}

execute:
	rsp->req.execute(&rsp->req);
	return;

fail:
	nvmeof_tgt_req_complete(&rsp->req, status);
}

static void trdma_recv_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct trdma_recv *recv = container_of(wc->wr_cqe, struct trdma_recv, cqe);
	/* On an SRQ the receive is not the queue's: the QP that consumed it says whose. */
	struct trdma_queue *queue = recv->queue ?: wc->qp->qp_context;
	struct ib_device *ibdev = recv->dev->ibdev;
	struct trdma_rsp *rsp;
	unsigned long flags;
	int i;

	if (unlikely(wc->status != IB_WC_SUCCESS)) {
		if (wc->status != IB_WC_WR_FLUSH_ERR) {
			pr_err_ratelimited("queue %u: receive failed: %s\n", queue->id,
					   ib_wc_status_msg(wc->status));
			trdma_queue_disconnect(queue);
		}
		trdma_recv_unused(recv);
		return;
	}
	if (unlikely(wc->byte_len < sizeof(struct nvmeof_sqe))) {
		/* No command ID to answer: the host broke the protocol. */
		pr_err_ratelimited("queue %u: capsule of %u bytes is shorter than an SQE\n",
				   queue->id, wc->byte_len);
		trdma_queue_disconnect(queue);
		trdma_recv_unused(recv);
		return;
	}
	/*
	 * A released queue frees its response contexts before its QP: a
	 * late receive must not reach for them.
	 */
	if (unlikely(READ_ONCE(queue->state) == TRDMA_Q_DISCONNECTING)) {
		trdma_recv_unused(recv);
		return;
	}
	if (!ib_uses_virt_dma(ibdev))
		for (i = 0; i < recv->nr_sge; i++)
			ib_dma_sync_single_for_cpu(ibdev, recv->sge[i].addr,
						   recv->sge[i].length, DMA_FROM_DEVICE);

	rsp = trdma_get_rsp(queue);
	if (unlikely(!rsp)) {
		pr_err_ratelimited("queue %u: out of response contexts\n", queue->id);
		trdma_queue_disconnect(queue);
		trdma_recv_unused(recv);
		return;
	}
	if (recv->srq)
		atomic64_inc(&recv->srq->cmds);
	rsp->recv = recv;
	rsp->byte_len = wc->byte_len;

	spin_lock_irqsave(&queue->state_lock, flags);
	if (unlikely(queue->state != TRDMA_Q_LIVE)) {
		if (queue->state == TRDMA_Q_CONNECTING) {
			/* The host saw the connection up before we did. */
			list_add_tail(&rsp->entry, &queue->pending);
			spin_unlock_irqrestore(&queue->state_lock, flags);
			return;
		}
		spin_unlock_irqrestore(&queue->state_lock, flags);
		trdma_put_rsp(rsp);
		return;
	}
	spin_unlock_irqrestore(&queue->state_lock, flags);
	trdma_handle_command(queue, rsp);
}

/* --- queues --- */

/* Unmaps and frees @n receive buffers and their SQE array (any part may be missing). */
static void trdma_free_recv_bufs(struct nvmeof_rdma_dev *dev, struct trdma_recv *recvs, u32 n,
			      u32 inline_pages, struct nvmeof_rdma_buf *sqe_buf)
{
	u32 i, p;

	for (i = 0; recvs && i < n; i++) {
		struct trdma_recv *recv = &recvs[i];

		for (p = 0; p < inline_pages; p++) {
			if (!recv->pages[p])
				continue;
			if (recv->sge[p + 1].addr)
				ib_dma_unmap_page(dev->ibdev, recv->sge[p + 1].addr, PAGE_SIZE,
						  DMA_FROM_DEVICE);
			__free_page(recv->pages[p]);
		}
	}
	kvfree(recvs);
	nvmeof_rdma_buf_free(dev, sqe_buf);
}

/*
 * Allocates and maps @n receive buffers of an SQE and @inline_pages pages
 * each; the caller sets their owner. NULL when memory or mappings ran out.
 */
static struct trdma_recv *trdma_alloc_recv_bufs(struct nvmeof_rdma_dev *dev, u32 n,
					  u32 inline_pages, struct nvmeof_rdma_buf *sqe_buf)
{
	u32 lkey = dev->pd->local_dma_lkey;
	struct trdma_recv *recvs;
	u32 i, p;

	if (nvmeof_rdma_buf_alloc(dev, sqe_buf, n * sizeof(struct nvmeof_sqe),
				  DMA_FROM_DEVICE, GFP_KERNEL))
		return NULL;
	recvs = kvcalloc(n, sizeof(*recvs), GFP_KERNEL);
	if (!recvs)
		goto out_free;
	for (i = 0; i < n; i++) {
		struct trdma_recv *recv = &recvs[i];

		recv->dev = dev;
		recv->cqe.done = trdma_recv_done;
		recv->sqe = (struct nvmeof_sqe *)sqe_buf->addr + i;
		recv->sge[0].addr = sqe_buf->dma + i * sizeof(struct nvmeof_sqe);
		recv->sge[0].length = sizeof(struct nvmeof_sqe);
		recv->sge[0].lkey = lkey;
		for (p = 0; p < inline_pages; p++) {
			u64 dma;

			recv->pages[p] = alloc_page(GFP_KERNEL);
			if (!recv->pages[p])
				goto out_free;
			dma = ib_dma_map_page(dev->ibdev, recv->pages[p], 0, PAGE_SIZE,
					      DMA_FROM_DEVICE);
			if (ib_dma_mapping_error(dev->ibdev, dma))
				goto out_free;
			recv->sge[p + 1].addr = dma;
			recv->sge[p + 1].length = PAGE_SIZE;
			recv->sge[p + 1].lkey = lkey;
		}
		recv->nr_sge = 1 + inline_pages;
	}
	return recvs;

out_free:
	trdma_free_recv_bufs(dev, recvs, n, inline_pages, sqe_buf);
	return NULL;
}

static void trdma_free_recvs(struct trdma_queue *queue)
{
	if (!queue->recvs)
		return;
	trdma_free_recv_bufs(queue->rq.dev, queue->recvs, queue->recv_size, queue->inline_pages,
			  &queue->sqe_buf);
	queue->recvs = NULL;
}

static int trdma_alloc_recvs(struct trdma_queue *queue)
{
	u32 i;

	queue->recvs = trdma_alloc_recv_bufs(queue->rq.dev, queue->recv_size, queue->inline_pages,
					  &queue->sqe_buf);
	if (!queue->recvs)
		return -ENOMEM;
	for (i = 0; i < queue->recv_size; i++)
		queue->recvs[i].queue = queue;
	return 0;
}

/* --- shared receive queues --- */

/* Destroys the SRQs before their buffers: receives still posted are dropped. */
/*
 * siw never raises Last WQE Reached, and where ib_drain_qp() waits for it
 * (compat.h) a queue on an SRQ would take 60 s to tear down: on device
 * removal every queue at once, longer than anyone waits for a link delete.
 * Such a device's queues receive on their own (the in-tree target uses no
 * SRQ by default at all); rxe and hardware raise the event.
 */
static bool trdma_srq_drain_stalls(struct ib_device *ibdev)
{
	if (!NVMEOF_RDMA_SRQ_DRAIN_WAITS_LAST_WQE || ibdev->ops.driver_id != RDMA_DRIVER_SIW)
		return false;
	pr_info_once("%s: no shared receive queues on siw: it raises no Last WQE Reached event, which draining a queue on one waits for\n",
		     dev_name(&ibdev->dev));
	return true;
}

static void trdma_srq_set_free(struct trdma_srq_set *set)
{
	u32 i;

	for (i = 0; i < set->nr_srqs; i++) {
		struct trdma_srq *srq = &set->srqs[i];

		if (srq->srq)
			nvmeof_rdma_srq_destroy(srq->srq);
		trdma_free_recv_bufs(set->dev, srq->recvs, srq->size, set->inline_pages,
				  &srq->sqe_buf);
	}
	nvmeof_rdma_dev_put(set->dev);
	kfree(set);
}

static void trdma_srq_set_release(struct kref *ref)
{
	struct trdma_srq_set *set = container_of(ref, struct trdma_srq_set, ref);

	list_del(&set->entry);
	pr_info("%s: shared receive queues destroyed\n", dev_name(&set->dev->ibdev->dev));
	trdma_srq_set_free(set);
}

/* One SRQ per completion vector, every receive posted; ERR_PTR(-errno) on failure. */
static struct trdma_srq_set *trdma_srq_set_create(struct ib_device *ibdev, u32 inline_pages)
{
	u32 nr = min_t(u32, max(ibdev->num_comp_vectors, 1), ibdev->attrs.max_srq);
	u32 size = clamp_t(u32, srq_size, TRDMA_MIN_SRQ_SIZE, TRDMA_MAX_SRQ_SIZE);
	struct trdma_srq_set *set;
	u32 i, j;
	int ret;

	size = min_t(u32, size, ibdev->attrs.max_srq_wr);
	set = kzalloc(struct_size(set, srqs, nr), GFP_KERNEL);
	if (!set)
		return ERR_PTR(-ENOMEM);
	set->dev = nvmeof_rdma_dev_get(ibdev);
	if (IS_ERR(set->dev)) {
		ret = PTR_ERR(set->dev);
		kfree(set);
		return ERR_PTR(ret);
	}
	set->inline_pages = inline_pages;
	kref_init(&set->ref);
	INIT_LIST_HEAD(&set->entry);

	for (i = 0; i < nr; i++) {
		struct trdma_srq *srq = &set->srqs[i];

		srq->set = set;
		srq->comp_vector = i;
		srq->size = size;
		set->nr_srqs = i + 1;
		if (nvmeof_should_fail(&trdma_fail_srq))
			srq->srq = ERR_PTR(-ENOMEM);
		else
			srq->srq = nvmeof_rdma_srq_create(set->dev, size, 1 + inline_pages);
		if (IS_ERR(srq->srq)) {
			ret = PTR_ERR(srq->srq);
			srq->srq = NULL;
			goto out_free;
		}
		srq->recvs = trdma_alloc_recv_bufs(set->dev, size, inline_pages, &srq->sqe_buf);
		if (!srq->recvs) {
			ret = -ENOMEM;
			goto out_free;
		}
		for (j = 0; j < size; j++) {
			srq->recvs[j].srq = srq;
			ret = trdma_post_recv(&srq->recvs[j]);
			if (ret)
				goto out_free;
		}
	}
	pr_info("%s: %u shared receive queues of %u entries, %lu bytes in-capsule\n",
		dev_name(&ibdev->dev), nr, size, (unsigned long)inline_pages * PAGE_SIZE);
	return set;

out_free:
	trdma_srq_set_free(set);
	return ERR_PTR(ret);
}

/*
 * The SRQ of @comp_vector for queues with @inline_pages of in-capsule data
 * on @ibdev, created with its siblings on first use; the caller holds a
 * reference until trdma_srq_put().
 */
static struct trdma_srq *trdma_srq_get(struct ib_device *ibdev, u32 inline_pages, int comp_vector)
{
	struct trdma_srq_set *set;
	struct trdma_srq *srq;

	mutex_lock(&trdma_srq_mutex);
	list_for_each_entry(set, &trdma_srq_sets, entry) {
		if (set->dev->ibdev == ibdev && set->inline_pages == inline_pages &&
		    kref_get_unless_zero(&set->ref))
			goto found;
	}
	set = trdma_srq_set_create(ibdev, inline_pages);
	if (IS_ERR(set)) {
		mutex_unlock(&trdma_srq_mutex);
		return ERR_CAST(set);
	}
	list_add_tail(&set->entry, &trdma_srq_sets);
found:
	srq = &set->srqs[comp_vector % set->nr_srqs];
	atomic_inc(&srq->queues);
	mutex_unlock(&trdma_srq_mutex);
	return srq;
}

/* Drops a trdma_srq_get() reference; the QP on the SRQ is destroyed already. */
static void trdma_srq_put(struct trdma_srq *srq)
{
	atomic_dec(&srq->queues);
	mutex_lock(&trdma_srq_mutex);
	kref_put(&srq->set->ref, trdma_srq_set_release);
	mutex_unlock(&trdma_srq_mutex);
}

static int trdma_srqs_show(struct seq_file *m, void *unused)
{
	struct trdma_srq_set *set;
	u32 i;

	seq_puts(m, "device inline_bytes vector entries queues commands\n");
	mutex_lock(&trdma_srq_mutex);
	list_for_each_entry(set, &trdma_srq_sets, entry) {
		for (i = 0; i < set->nr_srqs; i++) {
			struct trdma_srq *srq = &set->srqs[i];

			seq_printf(m, "%s %lu %d %u %d %lld\n", dev_name(&set->dev->ibdev->dev),
				   (unsigned long)set->inline_pages * PAGE_SIZE,
				   srq->comp_vector, srq->size, atomic_read(&srq->queues),
				   (long long)atomic64_read(&srq->cmds));
		}
	}
	mutex_unlock(&trdma_srq_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(trdma_srqs);

static void trdma_free_rsps(struct trdma_queue *queue)
{
	kvfree(queue->rsps);
	queue->rsps = NULL;
	nvmeof_rdma_buf_free(queue->rq.dev, &queue->cqe_buf);
}

static int trdma_alloc_rsps(struct trdma_queue *queue)
{
	u32 i;
	int ret;

	ret = nvmeof_rdma_buf_alloc(queue->rq.dev, &queue->cqe_buf,
				    queue->nr_rsps * sizeof(struct nvmeof_cqe),
				    DMA_TO_DEVICE, GFP_KERNEL);
	if (ret)
		return ret;
	queue->rsps = kvcalloc(queue->nr_rsps, sizeof(*queue->rsps), GFP_KERNEL);
	if (!queue->rsps) {
		nvmeof_rdma_buf_free(queue->rq.dev, &queue->cqe_buf);
		return -ENOMEM;
	}
	for (i = 0; i < queue->nr_rsps; i++) {
		struct trdma_rsp *rsp = &queue->rsps[i];

		rsp->queue = queue;
		rsp->cqe = (struct nvmeof_cqe *)queue->cqe_buf.addr + i;
		rsp->send_sge.addr = queue->cqe_buf.dma + i * sizeof(struct nvmeof_cqe);
		rsp->send_sge.length = sizeof(struct nvmeof_cqe);
		rsp->send_sge.lkey = queue->rq.dev->pd->local_dma_lkey;
		list_add_tail(&rsp->entry, &queue->free_rsps);
	}
	return 0;
}

static void trdma_release_work(struct work_struct *w)
{
	struct trdma_queue *queue = container_of(w, struct trdma_queue, release_work);
	struct trdma_rsp *rsp, *next;
	LIST_HEAD(pending);
	unsigned long flags;

	mutex_lock(&trdma_queues_mutex);
	list_del_init(&queue->entry);
	mutex_unlock(&trdma_queues_mutex);

	rdma_disconnect(queue->rq.cm_id);
	/* Every receive, READ and send completes (flushed) before this returns. */
	nvmeof_rdma_qp_drain(&queue->rq);

	spin_lock_irqsave(&queue->state_lock, flags);
	list_splice_init(&queue->pending, &pending);
	spin_unlock_irqrestore(&queue->state_lock, flags);
	list_for_each_entry_safe(rsp, next, &pending, entry) {
		list_del_init(&rsp->entry);
		trdma_put_rsp(rsp);
	}

	/* Waits for commands still in the backends; their responses are flushed. */
	nvmeof_tgt_sq_destroy(&queue->sq);
	nvmeof_rdma_qp_drain(&queue->rq);
	WARN_ON_ONCE(!list_empty(&queue->wait_list));

	trdma_free_rsps(queue);
	trdma_free_recvs(queue);
	nvmeof_rdma_qp_destroy(&queue->rq);
	/* After the QP on it, before the identifier device removal waits for. */
	if (queue->srq)
		trdma_srq_put(queue->srq);
	queue->srq = NULL;
	rdma_destroy_id(queue->rq.cm_id);
	pr_debug("queue %u released\n", queue->id);
	kfree(queue);
}

static void trdma_queue_disconnect(struct trdma_queue *queue)
{
	unsigned long flags;
	bool first = false;

	spin_lock_irqsave(&queue->state_lock, flags);
	if (queue->state != TRDMA_Q_DISCONNECTING) {
		queue->state = TRDMA_Q_DISCONNECTING;
		first = true;
	}
	spin_unlock_irqrestore(&queue->state_lock, flags);
	if (first)
		queue_work(trdma_release_wq, &queue->release_work);
}

static void trdma_queue_established(struct trdma_queue *queue)
{
	struct trdma_rsp *rsp, *next;
	LIST_HEAD(pending);
	unsigned long flags;

	spin_lock_irqsave(&queue->state_lock, flags);
	if (queue->state != TRDMA_Q_CONNECTING) {
		spin_unlock_irqrestore(&queue->state_lock, flags);
		return;
	}
	queue->state = TRDMA_Q_LIVE;
	list_splice_init(&queue->pending, &pending);
	spin_unlock_irqrestore(&queue->state_lock, flags);

	list_for_each_entry_safe(rsp, next, &pending, entry) {
		list_del_init(&rsp->entry);
		trdma_handle_command(queue, rsp);
	}
}

static void trdma_free_queue_early(struct trdma_queue *queue)
{
	trdma_free_rsps(queue);
	trdma_free_recvs(queue);
	nvmeof_rdma_qp_destroy(&queue->rq);
	if (queue->srq)
		trdma_srq_put(queue->srq);
	nvmeof_tgt_sq_destroy(&queue->sq);
	kfree(queue);
}

/*
 * Builds a queue for a connect request: everything but the accept. On
 * failure nothing is left and *sts says how to reject.
 */
static struct trdma_queue *trdma_alloc_queue(struct trdma_port *port, struct rdma_cm_id *cm_id,
				       const struct nvmeof_rdma_cm_req *req, u16 *sts)
{
	struct ib_device *ibdev = cm_id->device;
	struct nvmeof_rdma_qp_attr attr = {};
	u32 port_pages, port_inline;
	struct trdma_queue *queue;
	u32 i;
	int ret;

	*sts = NVMEOF_RDMA_CM_NO_RSC;
	queue = kzalloc(sizeof(*queue), GFP_KERNEL);
	if (!queue)
		return NULL;
	queue->port = port;
	queue->nport = port->nport;
	queue->id = atomic_inc_return(&trdma_queue_ids);
	queue->host_qid = le16_to_cpu(req->qid);
	queue->recv_size = le16_to_cpu(req->hsqsize) + 1;
	queue->send_size = le16_to_cpu(req->hrqsize);
	spin_lock_init(&queue->rsp_lock);
	spin_lock_init(&queue->state_lock);
	spin_lock_init(&queue->wait_lock);
	INIT_LIST_HEAD(&queue->free_rsps);
	INIT_LIST_HEAD(&queue->pending);
	INIT_LIST_HEAD(&queue->wait_list);
	INIT_LIST_HEAD(&queue->entry);
	INIT_WORK(&queue->release_work, trdma_release_work);
	queue->state = TRDMA_Q_CONNECTING;

	if (queue->recv_size > (queue->host_qid ? NVMEOF_TGT_MAX_QUEUE_SIZE :
						  NVMEOF_TGT_AQ_DEPTH)) {
		*sts = NVMEOF_RDMA_CM_INVALID_HSQSIZE;
		goto out_free;
	}
	if (!queue->send_size || queue->send_size > NVMEOF_TGT_MAX_QUEUE_SIZE) {
		*sts = NVMEOF_RDMA_CM_INVALID_HRQSIZE;
		goto out_free;
	}
	if (queue->host_qid > NVMEOF_TGT_MAX_QID) {
		*sts = NVMEOF_RDMA_CM_INVALID_QID;
		goto out_free;
	}
	port_inline = READ_ONCE(port->nport->inline_data_size);
	port_pages = DIV_ROUND_UP(port_inline, PAGE_SIZE);
	if (port_pages + 1 > ibdev->attrs.max_recv_sge) {
		port_pages = ibdev->attrs.max_recv_sge - 1;
		port_inline = port_pages * PAGE_SIZE;
		/*
		 * Identify Controller tells hosts IOCCSZ from the port's value:
		 * lower it (as in-tree does; configfs keeps it while the port is
		 * enabled), or a host would send more in the capsule than this
		 * device's receives hold and lose the queue.
		 */
		pr_warn("port %u: %s receives %u pages of in-capsule data, param_inline_data_size lowered to %u\n",
			port->nport->portid, dev_name(&ibdev->dev), port_pages, port_inline);
		WRITE_ONCE(port->nport->inline_data_size, port_inline);
	}
	/* The admin queue never carries in-capsule data. */
	if (queue->host_qid) {
		queue->inline_size = port_inline;
		queue->inline_pages = port_pages;
	}
	queue->nr_rsps = TRDMA_RSPS_PER_RECV * queue->recv_size;
	attr.comp_vector = nvmeof_queue_map_vector(queue->host_qid, ibdev->num_comp_vectors);

	/*
	 * The admin queue shares the SRQ of its vector with the port's I/O
	 * queues (its buffers are larger than it needs; it accepts no
	 * in-capsule data all the same). The CM reply still grants each queue
	 * HSQSIZE + 1 receives: when the queues on one SRQ together send more
	 * than it holds, the RC transport makes the host retry (RNR) until a
	 * buffer is reposted.
	 */
	if (use_srq && ibdev->attrs.max_srq && !trdma_srq_drain_stalls(ibdev)) {
		queue->srq = trdma_srq_get(ibdev, port_pages, attr.comp_vector);
		if (IS_ERR(queue->srq)) {
			pr_warn_ratelimited("%s: no shared receive queue (%ld), queue %u receives on its own\n",
					    dev_name(&ibdev->dev), PTR_ERR(queue->srq), queue->id);
			queue->srq = NULL;
		}
	}

	if (nvmeof_tgt_sq_init(&queue->sq))
		goto out_put_srq;
	nvmeof_tgt_sq_set_port(&queue->sq, port->nport);

	attr.send_wrs = queue->nr_rsps;
	attr.recv_wrs = queue->recv_size;
	attr.send_sge = 1;
	attr.recv_sge = 1 + queue->inline_pages;
	attr.rdma_ctxs = queue->nr_rsps;
	attr.poll_ctx = IB_POLL_WORKQUEUE;
	attr.qp_context = queue;
	attr.srq = queue->srq ? queue->srq->srq : NULL;
	ret = nvmeof_rdma_qp_create(&queue->rq, cm_id, &attr);
	if (ret) {
		pr_err("cannot create a queue pair for queue %u: %d\n", queue->host_qid, ret);
		nvmeof_tgt_sq_destroy(&queue->sq);
		goto out_put_srq;
	}
	/* One slot stays free for the drain marker. */
	atomic_set(&queue->sq_wr_avail, queue->rq.send_wrs - 1);

	if (trdma_alloc_rsps(queue))
		goto out_destroy;
	for (i = 0; i < queue->nr_rsps; i++)
		trdma_init_rsp_wrs(&queue->rsps[i]);
	if (queue->srq)
		return queue;	/* the SRQ's receives are posted already */
	if (trdma_alloc_recvs(queue))
		goto out_destroy;
	for (i = 0; i < queue->recv_size; i++) {
		ret = trdma_post_recv(&queue->recvs[i]);
		if (ret) {
			pr_err("queue %u: cannot post receives: %d\n", queue->id, ret);
			goto out_destroy;
		}
	}
	return queue;

out_destroy:
	/* Posted receives complete (flushed) before their buffers go. */
	nvmeof_rdma_qp_drain(&queue->rq);
	trdma_free_queue_early(queue);
	return NULL;
out_put_srq:
	if (queue->srq)
		trdma_srq_put(queue->srq);
out_free:
	kfree(queue);
	return NULL;
}

static int trdma_connect_request(struct rdma_cm_id *cm_id, struct rdma_cm_event *ev)
{
	struct trdma_port *port = container_of(cm_id->context, struct trdma_port, ctx);
	struct ib_device *ibdev = cm_id->device;
	struct rdma_conn_param param = {};
	struct nvmeof_rdma_cm_rep rep;
	struct nvmeof_rdma_cm_req req;
	struct trdma_queue *queue;
	u16 sts;
	int ret;

	sts = nvmeof_rdma_parse_cm_req(ev, &req);
	if (sts)
		goto reject;
	queue = trdma_alloc_queue(port, cm_id, &req, &sts);
	if (!queue)
		goto reject;

	cm_id->context = &queue->ctx;
	mutex_lock(&trdma_queues_mutex);
	list_add_tail(&queue->entry, &trdma_queues);
	mutex_unlock(&trdma_queues_mutex);

	nvmeof_rdma_build_cm_rep(&rep, queue->recv_size);
	param.private_data = &rep;
	param.private_data_len = sizeof(rep);
	param.rnr_retry_count = 7;	/* retry forever: the host reposts as it completes */
	param.flow_control = 1;
	param.initiator_depth = min_t(u8, ev->param.conn.initiator_depth,
				      ibdev->attrs.max_qp_init_rd_atom);
	param.responder_resources = min_t(u8, ev->param.conn.responder_resources,
					  ibdev->attrs.max_qp_rd_atom);
	ret = rdma_accept(cm_id, &param);
	if (ret) {
		pr_err("queue %u: rdma_accept failed: %d\n", queue->id, ret);
		/* The release work owns the identifier now. */
		trdma_queue_disconnect(queue);
	}
	pr_debug("queue %u: qid %u, %u entries, %u bytes in-capsule\n", queue->id,
		 queue->host_qid, queue->recv_size, queue->inline_size);
	return 0;

reject:
	pr_warn_ratelimited("port %u: rejecting a connection: status %u\n",
			    port->nport->portid, sts);
	nvmeof_rdma_reject(cm_id, sts);
	/* Non-zero: the CM destroys the new identifier. */
	return -ECONNREFUSED;
}

/* --- listeners --- */

static void trdma_relisten_work(struct work_struct *w);

static int trdma_cm_handler(struct rdma_cm_id *cm_id, struct rdma_cm_event *ev);

static int trdma_listen_locked(struct trdma_port *port)
{
	struct rdma_cm_id *cm_id;
	int ret;

	cm_id = rdma_create_id(&init_net, trdma_cm_handler, &port->ctx, RDMA_PS_TCP, IB_QPT_RC);
	if (IS_ERR(cm_id))
		return PTR_ERR(cm_id);
	/* An IPv6 listener takes IPv6 only, like the TCP transport. */
	if (port->addr.ss_family == AF_INET6) {
		ret = rdma_set_afonly(cm_id, 1);
		if (ret)
			goto out_destroy;
	}
	ret = rdma_set_reuseaddr(cm_id, 1);
	if (ret)
		goto out_destroy;
	ret = rdma_bind_addr(cm_id, (struct sockaddr *)&port->addr);
	if (ret)
		goto out_destroy;
	ret = rdma_listen(cm_id, TRDMA_LISTEN_BACKLOG);
	if (ret)
		goto out_destroy;
	port->cm_id = cm_id;
	return 0;

out_destroy:
	rdma_destroy_id(cm_id);
	return ret;
}

static void trdma_relisten_work(struct work_struct *w)
{
	struct trdma_port *port = container_of(to_delayed_work(w), struct trdma_port,
					    relisten_work);
	int ret;

	mutex_lock(&port->lock);
	if (port->removing || port->cm_id)
		goto out_unlock;
	ret = trdma_listen_locked(port);
	if (ret) {
		/* The device is not back yet. */
		queue_delayed_work(trdma_release_wq, &port->relisten_work,
				   msecs_to_jiffies(relisten_delay_ms));
		goto out_unlock;
	}
	pr_info("port %u: listening again on %pISpc\n", port->nport->portid, &port->addr);
out_unlock:
	mutex_unlock(&port->lock);
}

/* The listener's device is going away: let the CM destroy it and listen again later. */
static int trdma_port_device_removal(struct trdma_port *port, struct rdma_cm_id *cm_id)
{
	int ret = 0;

	mutex_lock(&port->lock);
	if (port->cm_id == cm_id) {
		port->cm_id = NULL;
		if (!port->removing)
			queue_delayed_work(trdma_release_wq, &port->relisten_work,
					   msecs_to_jiffies(relisten_delay_ms));
		pr_info("port %u: RDMA device removed, listener closed\n", port->nport->portid);
		ret = 1;	/* the CM destroys the identifier */
	}
	mutex_unlock(&port->lock);
	return ret;
}

static int trdma_cm_handler(struct rdma_cm_id *cm_id, struct rdma_cm_event *ev)
{
	struct trdma_cm_ctx *ctx = cm_id->context;
	struct trdma_queue *queue;

	pr_debug("%s (%d), status %d\n", nvmeof_rdma_cm_event_name(ev->event),
		 ev->event, ev->status);
	if (ev->event == RDMA_CM_EVENT_CONNECT_REQUEST)
		return trdma_connect_request(cm_id, ev);
	if (ctx->is_port) {
		if (ev->event == RDMA_CM_EVENT_DEVICE_REMOVAL)
			return trdma_port_device_removal(container_of(ctx, struct trdma_port, ctx),
						      cm_id);
		return 0;
	}

	queue = container_of(ctx, struct trdma_queue, ctx);
	switch (ev->event) {
	case RDMA_CM_EVENT_ESTABLISHED:
		trdma_queue_established(queue);
		break;
	case RDMA_CM_EVENT_REJECTED:
		pr_debug("queue %u: connection rejected: %s\n", queue->id,
			 rdma_reject_msg(cm_id, ev->status));
		fallthrough;
	case RDMA_CM_EVENT_ADDR_CHANGE:
	case RDMA_CM_EVENT_DISCONNECTED:
	case RDMA_CM_EVENT_TIMEWAIT_EXIT:
	case RDMA_CM_EVENT_UNREACHABLE:
	case RDMA_CM_EVENT_CONNECT_ERROR:
		trdma_queue_disconnect(queue);
		break;
	case RDMA_CM_EVENT_DEVICE_REMOVAL:
		/*
		 * The release work destroys the identifier; the device's
		 * unregistration waits for that.
		 */
		pr_info("queue %u: RDMA device removed\n", queue->id);
		trdma_queue_disconnect(queue);
		break;
	default:
		break;
	}
	return 0;
}

static int trdma_add_port(struct nvmeof_tgt_port *nport)
{
	struct trdma_port *port;
	int ret;

	if (nport->inline_data_size < 0)
		nport->inline_data_size = TRDMA_DEF_INLINE_DATA_SIZE;
	if (nport->inline_data_size > TRDMA_MAX_INLINE_DATA_SIZE) {
		pr_warn("port %u: param_inline_data_size %d exceeds %lu, using %lu\n",
			nport->portid, nport->inline_data_size,
			(unsigned long)TRDMA_MAX_INLINE_DATA_SIZE,
			(unsigned long)TRDMA_MAX_INLINE_DATA_SIZE);
		nport->inline_data_size = TRDMA_MAX_INLINE_DATA_SIZE;
	}

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->ctx.is_port = true;
	port->nport = nport;
	mutex_init(&port->lock);
	INIT_DELAYED_WORK(&port->relisten_work, trdma_relisten_work);
	ret = nvmeof_tgt_port_sockaddr(nport, &port->addr);
	if (ret)
		goto out_free_port;

	mutex_lock(&port->lock);
	ret = trdma_listen_locked(port);
	mutex_unlock(&port->lock);
	if (ret) {
		pr_err("port %u: cannot listen on %pISpc: %d\n", nport->portid, &port->addr, ret);
		goto out_free_port;
	}
	nport->priv = port;
	pr_info("port %u: listening on %pISpc\n", nport->portid, &port->addr);
	return 0;

out_free_port:
	kfree(port);
	return ret;
}

static void trdma_remove_port(struct nvmeof_tgt_port *nport)
{
	struct trdma_port *port = nport->priv;
	struct rdma_cm_id *cm_id;
	struct trdma_queue *queue;

	mutex_lock(&port->lock);
	port->removing = true;
	cm_id = port->cm_id;
	port->cm_id = NULL;
	mutex_unlock(&port->lock);
	cancel_delayed_work_sync(&port->relisten_work);
	/* Waits for a connect request handler still running on the listener. */
	if (cm_id)
		rdma_destroy_id(cm_id);

	/*
	 * Connections that never bound a controller die with their port;
	 * the others live until their controller goes.
	 */
	mutex_lock(&trdma_queues_mutex);
	list_for_each_entry(queue, &trdma_queues, entry) {
		if (queue->port != port)
			continue;
		queue->port = NULL;
		if (!queue->sq.ctrl)
			trdma_queue_disconnect(queue);
	}
	mutex_unlock(&trdma_queues_mutex);

	nport->priv = NULL;
	kfree(port);
}

/* --- core callbacks --- */

static void trdma_queue_response(struct nvmeof_tgt_req *req)
{
	struct trdma_rsp *rsp = container_of(req, struct trdma_rsp, req);
	struct trdma_queue *queue = rsp->queue;
	bool ok = !(le16_to_cpu(rsp->cqe->status) >> NVMEOF_CQE_STATUS_SHIFT);
	int ret;

	/* The command and its in-capsule data are consumed: the buffer may take the next. */
	ret = trdma_post_recv(rsp->recv);
	rsp->recv = NULL;
	if (unlikely(ret)) {
		pr_err_ratelimited("queue %u: cannot repost a receive: %d\n", queue->id, ret);
		trdma_queue_disconnect(queue);
	}
	/* Data goes to the host only for a read that succeeded. */
	if (rsp->n_rdma && (rsp->h2c || !ok)) {
		rdma_rw_ctx_destroy(&rsp->rw, queue->rq.qp, trdma_port_num(queue),
				    rsp->req.sg, rsp->req.sg_cnt,
				    rsp->h2c ? DMA_FROM_DEVICE : DMA_TO_DEVICE);
		rsp->rw_live = false;
		rsp->n_rdma = 0;
	}
	if (trdma_take_wrs(rsp, rsp->n_rdma + 1, TRDMA_WAIT_RSP))
		trdma_post_rsp(rsp);
}

static void trdma_delete_ctrl(struct nvmeof_tgt_ctrl *ctrl)
{
	struct trdma_queue *queue;

	mutex_lock(&trdma_queues_mutex);
	list_for_each_entry(queue, &trdma_queues, entry)
		if (queue->sq.ctrl == ctrl)
			trdma_queue_disconnect(queue);
	mutex_unlock(&trdma_queues_mutex);
}

static u16 trdma_install_queue(struct nvmeof_tgt_sq *sq)
{
	struct trdma_queue *queue = container_of(sq, struct trdma_queue, sq);

	/* Connect must agree with what the CM private data announced. */
	if (sq->qid != queue->host_qid) {
		pr_warn_ratelimited("queue %u: Connect for qid %u on a queue set up as qid %u\n",
				    queue->id, sq->qid, queue->host_qid);
		return NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
	}
	if (sq->size > queue->recv_size) {
		pr_warn_ratelimited("queue %u: Connect SQSIZE %u exceeds HSQSIZE %u\n",
				    queue->id, sq->size, queue->recv_size);
		return NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

static bool trdma_addr_is_any(const struct sockaddr_storage *addr)
{
	if (addr->ss_family == AF_INET)
		return ((const struct sockaddr_in *)addr)->sin_addr.s_addr == htonl(INADDR_ANY);
	return ipv6_addr_any(&((const struct sockaddr_in6 *)addr)->sin6_addr);
}

static void trdma_disc_traddr(struct nvmeof_tgt_req *req, struct nvmeof_tgt_port *nport,
			   char *traddr)
{
	struct trdma_port *port = nport->priv;
	struct trdma_queue *queue = container_of(req, struct trdma_rsp, req)->queue;

	/* A wildcard listener reports the address this host reached us on. */
	if (port && trdma_addr_is_any(&port->addr)) {
		snprintf(traddr, NVMEOF_TRADDR_SIZE, "%pISc",
			 &queue->rq.cm_id->route.addr.src_addr);
		return;
	}
	memcpy(traddr, nport->disc_addr.traddr, NVMEOF_TRADDR_SIZE);
}

static const struct nvmeof_tgt_fabrics_ops trdma_ops = {
	.owner		= THIS_MODULE,
	.type		= NVMEOF_TRTYPE_RDMA,
	.msdbd		= 1,
	.keyed_sgls	= true,
	.max_xfer	= TRDMA_MAX_XFER_SIZE,
	.name		= "rdma",
	.add_port	= trdma_add_port,
	.remove_port	= trdma_remove_port,
	.queue_response	= trdma_queue_response,
	.delete_ctrl	= trdma_delete_ctrl,
	.install_queue	= trdma_install_queue,
	.disc_traddr	= trdma_disc_traddr,
};

static int __init trdma_init(void)
{
	struct dentry *dir = nvmeof_debugfs_dir(true);
	int ret;

	trdma_release_wq = alloc_workqueue("nvmeof-target-rdma-release-wq", WQ_MEM_RECLAIM, 0);
	if (!trdma_release_wq)
		return -ENOMEM;
	/* Which SRQs exist, how many queues share each and what they received. */
	if (dir) {
		trdma_debugfs_srqs = debugfs_create_file("rdma_srqs", 0400, dir, NULL,
						      &trdma_srqs_fops);
		trdma_debugfs_fail_srq = nvmeof_fault_debugfs("fail_rdma_srq", dir, &trdma_fail_srq);
		if (IS_ERR(trdma_debugfs_fail_srq))
			trdma_debugfs_fail_srq = NULL;
	}
	ret = nvmeof_tgt_register_transport(&trdma_ops);
	if (ret)
		goto out_remove_debugfs;
	return 0;

out_remove_debugfs:
	debugfs_remove(trdma_debugfs_fail_srq);
	debugfs_remove(trdma_debugfs_srqs);
	destroy_workqueue(trdma_release_wq);
	return ret;
}

static void __exit trdma_exit(void)
{
	struct trdma_queue *queue;

	nvmeof_tgt_unregister_transport(&trdma_ops);
	mutex_lock(&trdma_queues_mutex);
	list_for_each_entry(queue, &trdma_queues, entry)
		trdma_queue_disconnect(queue);
	mutex_unlock(&trdma_queues_mutex);
	flush_workqueue(trdma_release_wq);
	/* A controller failed by a release may still call trdma_delete_ctrl() from there. */
	flush_workqueue(nvmeof_tgt_wq);
	flush_workqueue(trdma_release_wq);
	/* The last queue of each set destroyed it. */
	WARN_ON_ONCE(!list_empty(&trdma_srq_sets));
	debugfs_remove(trdma_debugfs_fail_srq);
	debugfs_remove(trdma_debugfs_srqs);
	destroy_workqueue(trdma_release_wq);
}

module_init(trdma_init);
module_exit(trdma_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics target: RDMA transport");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
MODULE_ALIAS("nvmeof-transport-1");
