// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-core-rdma: the RDMA queue engine shared by the host and the target. */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/err.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>
#include <rdma/ib_cm.h>
#include <rdma/mr_pool.h>
#include <rdma/rw.h>

#include <nvmeof/nvme.h>
#include <nvmeof/rdma.h>
#include <nvmeof/rdma_queue.h>

static LIST_HEAD(rq_devices);
/* Guards: rq_devices and every device's ref going to or from zero. */
static DEFINE_MUTEX(rq_devices_lock);

/**
 * nvmeof_rdma_dev_get() - the shared device for @ibdev, created on first use.
 * @ibdev: verbs device a CM identifier was bound to
 *
 * Context: process, may sleep.
 * Return: the device with a reference held, or ERR_PTR(-errno).
 */
struct nvmeof_rdma_dev *nvmeof_rdma_dev_get(struct ib_device *ibdev)
{
	struct nvmeof_rdma_dev *dev;
	int ret;

	mutex_lock(&rq_devices_lock);
	list_for_each_entry(dev, &rq_devices, entry) {
		if (dev->ibdev == ibdev && kref_get_unless_zero(&dev->ref))
			goto out_unlock;
	}
	/* Everything we post is a send, an RDMA READ/WRITE or a registration. */
	if (!(ibdev->attrs.device_cap_flags & IB_DEVICE_MEM_MGT_EXTENSIONS)) {
		pr_err("%s: no memory management extensions (fast registration)\n",
		       dev_name(&ibdev->dev));
		ret = -EOPNOTSUPP;
		goto out_err;
	}
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		ret = -ENOMEM;
		goto out_err;
	}
	dev->ibdev = ibdev;
	dev->pd = ib_alloc_pd(ibdev, 0);
	if (IS_ERR(dev->pd)) {
		ret = PTR_ERR(dev->pd);
		kfree(dev);
		goto out_err;
	}
	kref_init(&dev->ref);
	list_add(&dev->entry, &rq_devices);
out_unlock:
	mutex_unlock(&rq_devices_lock);
	return dev;

out_err:
	mutex_unlock(&rq_devices_lock);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_dev_get);

static void rq_dev_free(struct kref *ref)
{
	struct nvmeof_rdma_dev *dev = container_of(ref, struct nvmeof_rdma_dev, ref);

	list_del(&dev->entry);
	ib_dealloc_pd(dev->pd);
	kfree(dev);
}

/**
 * nvmeof_rdma_dev_put() - drop a reference from nvmeof_rdma_dev_get().
 * @dev: the device
 *
 * The PD goes with the last reference, so the device may be unregistered
 * (it waits for its CM identifiers, which callers destroy after this).
 */
void nvmeof_rdma_dev_put(struct nvmeof_rdma_dev *dev)
{
	mutex_lock(&rq_devices_lock);
	kref_put(&dev->ref, rq_dev_free);
	mutex_unlock(&rq_devices_lock);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_dev_put);

/**
 * nvmeof_rdma_qp_create() - set up the CQ and QP of a CM identifier.
 * @q:     zeroed queue pair state to fill
 * @cm_id: an identifier with a resolved route (host) or from a connect
 *         request (target)
 * @attr:  sizes and context
 *
 * Takes a reference on the shared device, allocates one CQ sized for every
 * work request the QP may have outstanding, and creates an RC QP with
 * @attr->rdma_ctxs RDMA READ/WRITE contexts and @attr->mrs pooled
 * fast-registration MRs.
 *
 * Context: process, may sleep.
 * Return: 0 or -errno; nothing is left allocated on failure.
 */
int nvmeof_rdma_qp_create(struct nvmeof_rdma_qp *q, struct rdma_cm_id *cm_id,
			  const struct nvmeof_rdma_qp_attr *attr)
{
	struct ib_qp_init_attr qp_attr = {};
	struct ib_device *ibdev = cm_id->device;
	u32 send_wrs = attr->send_wrs;
	int ret;

	q->cm_id = cm_id;
	q->dev = nvmeof_rdma_dev_get(ibdev);
	if (IS_ERR(q->dev)) {
		ret = PTR_ERR(q->dev);
		q->dev = NULL;
		return ret;
	}

	/* Each registration adds a REG_MR and a LOCAL_INV to the send queue. */
	if (attr->mrs)
		send_wrs += 2 * attr->mrs;
	/*
	 * rdma_rw needs up to three send WRs per context (REG_MR, the
	 * READ/WRITE, LOCAL_INV) when the device registers memory for it.
	 */
	send_wrs += 3 * attr->rdma_ctxs;
	q->cq_size = send_wrs + attr->recv_wrs + 1;	/* + the drain marker */
	if (q->cq_size > ibdev->attrs.max_cqe) {
		ret = -EINVAL;
		goto out_put_dev;
	}
	q->cq = ib_alloc_cq(ibdev, attr->qp_context, q->cq_size, attr->comp_vector,
			    attr->poll_ctx);
	if (IS_ERR(q->cq)) {
		ret = PTR_ERR(q->cq);
		q->cq = NULL;
		goto out_put_dev;
	}

	qp_attr.event_handler = NULL;
	qp_attr.qp_context = attr->qp_context;
	qp_attr.send_cq = q->cq;
	qp_attr.recv_cq = q->cq;
	qp_attr.sq_sig_type = IB_SIGNAL_REQ_WR;
	qp_attr.qp_type = IB_QPT_RC;
	qp_attr.port_num = cm_id->port_num;
	/* rdma_rw adds what its contexts need on top of cap.max_send_wr. */
	qp_attr.cap.max_send_wr = attr->send_wrs + (attr->mrs ? 2 * attr->mrs : 0) + 1;
	qp_attr.cap.max_send_sge = min_t(u32, attr->send_sge, ibdev->attrs.max_send_sge);
	qp_attr.cap.max_rdma_ctxs = attr->rdma_ctxs;
	if (attr->srq) {
		/* Receives come from the SRQ; the QP has no receive queue to size. */
		qp_attr.srq = attr->srq;
	} else {
		qp_attr.cap.max_recv_wr = attr->recv_wrs + 1;
		qp_attr.cap.max_recv_sge = attr->recv_sge;
		if (attr->recv_sge > ibdev->attrs.max_recv_sge) {
			ret = -EINVAL;
			goto out_free_cq;
		}
	}
	ret = rdma_create_qp(cm_id, q->dev->pd, &qp_attr);
	if (ret)
		goto out_free_cq;
	q->qp = cm_id->qp;
	q->send_wrs = qp_attr.cap.max_send_wr;

	if (attr->mrs) {
		ret = ib_mr_pool_init(q->qp, &q->qp->rdma_mrs, attr->mrs,
				      IB_MR_TYPE_MEM_REG, attr->mr_pages, 0);
		if (ret)
			goto out_destroy_qp;
		q->has_mrs = true;
	}
	return 0;

out_destroy_qp:
	rdma_destroy_qp(cm_id);
	q->qp = NULL;
out_free_cq:
	ib_free_cq(q->cq);
	q->cq = NULL;
out_put_dev:
	nvmeof_rdma_dev_put(q->dev);
	q->dev = NULL;
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_qp_create);

/**
 * nvmeof_rdma_qp_drain() - move the QP to error and wait for every completion.
 * @q: the queue pair (no-op before it exists)
 *
 * Every posted receive and send completes (flushed) before this returns,
 * so their contexts may be freed afterwards. May be called more than once.
 * A QP on a shared receive queue leaves the receives still in the SRQ
 * there for the other QPs; from 6.11 its drain also waits (up to 60 s) for
 * the provider's Last WQE Reached event (compat.h).
 */
void nvmeof_rdma_qp_drain(struct nvmeof_rdma_qp *q)
{
	if (q->qp)
		ib_drain_qp(q->qp);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_qp_drain);

/**
 * nvmeof_rdma_qp_destroy() - free what nvmeof_rdma_qp_create() set up.
 * @q: the queue pair, drained
 *
 * Leaves the CM identifier to the caller, who destroys it after this (the
 * device reference goes first, so device removal can finish once the
 * identifier is gone). A caller that had to destroy the identifier first
 * sets @q->cm_id to NULL; the QP is then destroyed directly.
 */
void nvmeof_rdma_qp_destroy(struct nvmeof_rdma_qp *q)
{
	if (q->has_mrs)
		ib_mr_pool_destroy(q->qp, &q->qp->rdma_mrs);
	q->has_mrs = false;
	/* An identifier already destroyed (failed connect) left the QP to us. */
	if (q->qp && q->cm_id)
		rdma_destroy_qp(q->cm_id);
	else if (q->qp)
		ib_destroy_qp(q->qp);
	q->qp = NULL;
	if (q->cq)
		ib_free_cq(q->cq);
	q->cq = NULL;
	if (q->dev)
		nvmeof_rdma_dev_put(q->dev);
	q->dev = NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_qp_destroy);

/**
 * nvmeof_rdma_buf_alloc() - allocate and DMA-map a capsule buffer.
 * @dev: the device to map for
 * @buf: filled on success
 * @len: bytes
 * @dir: DMA_FROM_DEVICE for receive buffers, DMA_TO_DEVICE for send buffers
 * @gfp: allocation flags
 *
 * Return: 0, -ENOMEM or -EIO when mapping failed.
 */
int nvmeof_rdma_buf_alloc(struct nvmeof_rdma_dev *dev, struct nvmeof_rdma_buf *buf,
			  u32 len, enum dma_data_direction dir, gfp_t gfp)
{
	buf->addr = kzalloc(len, gfp);
	if (!buf->addr)
		return -ENOMEM;
	buf->dma = ib_dma_map_single(dev->ibdev, buf->addr, len, dir);
	if (ib_dma_mapping_error(dev->ibdev, buf->dma)) {
		kfree(buf->addr);
		buf->addr = NULL;
		return -EIO;
	}
	buf->len = len;
	buf->dir = dir;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_buf_alloc);

/**
 * nvmeof_rdma_buf_free() - unmap and free a buffer from nvmeof_rdma_buf_alloc().
 * @dev: the device it was mapped for
 * @buf: the buffer; an empty one is ignored
 */
void nvmeof_rdma_buf_free(struct nvmeof_rdma_dev *dev, struct nvmeof_rdma_buf *buf)
{
	if (!buf->addr)
		return;
	ib_dma_unmap_single(dev->ibdev, buf->dma, buf->len, buf->dir);
	kfree(buf->addr);
	buf->addr = NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_buf_free);

/**
 * nvmeof_rdma_post_recv() - post one receive.
 * @q:      the queue pair
 * @cqe:    completion context (its done callback runs for the receive)
 * @sge:    buffers, lkeys filled
 * @nr_sge: number of @sge entries
 *
 * Return: 0 or -errno from the provider.
 */
int nvmeof_rdma_post_recv(struct nvmeof_rdma_qp *q, struct ib_cqe *cqe,
			  struct ib_sge *sge, int nr_sge)
{
	struct ib_recv_wr wr = {
		.wr_cqe = cqe,
		.sg_list = sge,
		.num_sge = nr_sge,
	};

	return ib_post_recv(q->qp, &wr, NULL);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_post_recv);

/**
 * nvmeof_rdma_srq_create() - create a shared receive queue on a device.
 * @dev: the shared device (its PD owns the SRQ); the caller holds a reference
 *       until nvmeof_rdma_srq_destroy()
 * @wrs: receive entries
 * @sge: scatter/gather entries per receive
 *
 * Queue pairs created with nvmeof_rdma_qp_attr.srq set take their receives
 * from it: a receive posted here is consumed by whichever of them gets the
 * next message, and completes on that QP's receive CQ.
 *
 * Context: process, may sleep.
 * Return: the SRQ, ERR_PTR(-EOPNOTSUPP) when the device has none or not
 * this big, or ERR_PTR(-errno) from the provider.
 */
struct ib_srq *nvmeof_rdma_srq_create(struct nvmeof_rdma_dev *dev, u32 wrs, u32 sge)
{
	const struct ib_device_attr *a = &dev->ibdev->attrs;
	struct ib_srq_init_attr init = {
		.srq_type = IB_SRQT_BASIC,
		.attr.max_wr = wrs,
		.attr.max_sge = sge,
	};

	if (!a->max_srq || !wrs || wrs > a->max_srq_wr || sge > a->max_srq_sge)
		return ERR_PTR(-EOPNOTSUPP);
	return ib_create_srq(dev->pd, &init);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_srq_create);

/**
 * nvmeof_rdma_srq_destroy() - destroy an SRQ from nvmeof_rdma_srq_create().
 * @srq: the SRQ; every QP that used it is destroyed already
 *
 * Receives still posted are dropped without completions, so their buffers
 * may be freed afterwards.
 */
void nvmeof_rdma_srq_destroy(struct ib_srq *srq)
{
	ib_destroy_srq(srq);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_srq_destroy);

/**
 * nvmeof_rdma_post_srq_recv() - post one receive to a shared receive queue.
 * @srq:    the SRQ
 * @cqe:    completion context (its done callback runs on the CQ of the QP
 *          that consumed the receive)
 * @sge:    buffers, lkeys filled
 * @nr_sge: number of @sge entries
 *
 * Return: 0 or -errno from the provider.
 */
int nvmeof_rdma_post_srq_recv(struct ib_srq *srq, struct ib_cqe *cqe,
			      struct ib_sge *sge, int nr_sge)
{
	struct ib_recv_wr wr = {
		.wr_cqe = cqe,
		.sg_list = sge,
		.num_sge = nr_sge,
	};

	return ib_post_srq_recv(srq, &wr, NULL);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_post_srq_recv);

/**
 * nvmeof_rdma_init_send() - fill a SEND work request.
 * @wr:       the request
 * @cqe:      completion context
 * @sge:      what to send
 * @nr_sge:   number of @sge entries
 * @signaled: ask for a completion
 */
void nvmeof_rdma_init_send(struct ib_send_wr *wr, struct ib_cqe *cqe,
			   struct ib_sge *sge, int nr_sge, bool signaled)
{
	memset(wr, 0, sizeof(*wr));
	wr->wr_cqe = cqe;
	wr->sg_list = sge;
	wr->num_sge = nr_sge;
	wr->opcode = IB_WR_SEND;
	wr->send_flags = signaled ? IB_SEND_SIGNALED : 0;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_init_send);

/**
 * nvmeof_rdma_post_send() - post a chain of send work requests.
 * @q:     the queue pair
 * @first: first request of the chain
 *
 * Return: 0 or -errno from the provider (nothing of the chain from the
 * failing request on was posted).
 */
int nvmeof_rdma_post_send(struct nvmeof_rdma_qp *q, struct ib_send_wr *first)
{
	return ib_post_send(q->qp, first, NULL);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_post_send);

/**
 * nvmeof_rdma_mr_map() - register request pages with a pooled MR.
 * @q:      queue pair with an MR pool
 * @sg:     DMA-mapped scatterlist
 * @nents:  mapped entries
 * @reg:    REG_MR work request to fill (the caller posts it before the
 *          command that names the key)
 * @cqe:    completion context for @reg (unsignaled, but needed on error)
 * @access: IB_ACCESS_REMOTE_READ or IB_ACCESS_REMOTE_WRITE (LOCAL_WRITE added)
 *
 * Return: the MR (its rkey freshly bumped), or ERR_PTR(-EAGAIN) when the
 * pool is empty, ERR_PTR(-EINVAL) when the pages do not fit one MR.
 */
struct ib_mr *nvmeof_rdma_mr_map(struct nvmeof_rdma_qp *q, struct scatterlist *sg,
				 int nents, struct ib_reg_wr *reg, struct ib_cqe *cqe,
				 int access)
{
	struct ib_mr *mr;
	int n;

	mr = ib_mr_pool_get(q->qp, &q->qp->rdma_mrs);
	if (!mr)
		return ERR_PTR(-EAGAIN);
	/* A new key per use: a late access with the old one must fail. */
	ib_update_fast_reg_key(mr, ib_inc_rkey(mr->rkey));
	n = ib_map_mr_sg(mr, sg, nents, NULL, SZ_4K);
	if (n < nents) {
		ib_mr_pool_put(q->qp, &q->qp->rdma_mrs, mr);
		return ERR_PTR(n < 0 ? n : -EINVAL);
	}
	memset(reg, 0, sizeof(*reg));
	reg->wr.opcode = IB_WR_REG_MR;
	reg->wr.wr_cqe = cqe;
	reg->wr.num_sge = 0;
	reg->wr.send_flags = 0;
	reg->mr = mr;
	reg->key = mr->rkey;
	reg->access = access | IB_ACCESS_LOCAL_WRITE;
	return mr;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_mr_map);

/**
 * nvmeof_rdma_mr_put() - return an MR from nvmeof_rdma_mr_map() to the pool.
 * @q:  the queue pair
 * @mr: the MR, invalidated (locally or by the peer)
 */
void nvmeof_rdma_mr_put(struct nvmeof_rdma_qp *q, struct ib_mr *mr)
{
	ib_mr_pool_put(q->qp, &q->qp->rdma_mrs, mr);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_mr_put);

/**
 * nvmeof_rdma_init_inv() - fill a signaled LOCAL_INV work request.
 * @wr:   the request
 * @cqe:  completion context
 * @rkey: key to invalidate
 */
void nvmeof_rdma_init_inv(struct ib_send_wr *wr, struct ib_cqe *cqe, u32 rkey)
{
	memset(wr, 0, sizeof(*wr));
	wr->opcode = IB_WR_LOCAL_INV;
	wr->wr_cqe = cqe;
	wr->send_flags = IB_SEND_SIGNALED;
	wr->ex.invalidate_rkey = rkey;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_init_inv);

/**
 * nvmeof_rdma_parse_cm_req() - check the private data of a connect request.
 * @ev:  the RDMA_CM_EVENT_CONNECT_REQUEST event
 * @req: filled with the request on success
 *
 * Return: 0, or the NVMEOF_RDMA_CM_* status to reject with.
 */
u16 nvmeof_rdma_parse_cm_req(const struct rdma_cm_event *ev,
			     struct nvmeof_rdma_cm_req *req)
{
	const struct rdma_conn_param *p = &ev->param.conn;

	if (!p->private_data || p->private_data_len < sizeof(*req))
		return NVMEOF_RDMA_CM_INVALID_LEN;
	memcpy(req, p->private_data, sizeof(*req));
	if (le16_to_cpu(req->recfmt) != NVMEOF_RDMA_CM_FMT_1_0)
		return NVMEOF_RDMA_CM_INVALID_RECFMT;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_parse_cm_req);

/**
 * nvmeof_rdma_cm_rej_status() - the NVMe/RDMA status in a reject, if any.
 * @ev: an RDMA_CM_EVENT_REJECTED event
 *
 * Return: the NVMEOF_RDMA_CM_* status, or 0 when the reject carried none.
 */
u16 nvmeof_rdma_cm_rej_status(const struct rdma_cm_event *ev)
{
	const struct nvmeof_rdma_cm_rej *rej = ev->param.conn.private_data;

	if (!rej || ev->param.conn.private_data_len < sizeof(*rej))
		return 0;
	return le16_to_cpu(rej->sts);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_cm_rej_status);

/**
 * nvmeof_rdma_build_cm_req() - fill connect request private data.
 * @req:     zeroed on entry
 * @qid:     queue ID (0 admin)
 * @hrqsize: host receive queue entries
 * @hsqsize: host send queue size, 0's based
 * @cntlid:  controller ID (I/O queues), 0xffff before the admin Connect
 */
void nvmeof_rdma_build_cm_req(struct nvmeof_rdma_cm_req *req, u16 qid,
			      u16 hrqsize, u16 hsqsize, u16 cntlid)
{
	memset(req, 0, sizeof(*req));
	req->recfmt = cpu_to_le16(NVMEOF_RDMA_CM_FMT_1_0);
	req->qid = cpu_to_le16(qid);
	req->hrqsize = cpu_to_le16(hrqsize);
	req->hsqsize = cpu_to_le16(hsqsize);
	req->cntlid = cpu_to_le16(cntlid);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_build_cm_req);

/**
 * nvmeof_rdma_build_cm_rep() - fill connect reply private data.
 * @rep:     the reply
 * @crqsize: controller receive queue entries
 */
void nvmeof_rdma_build_cm_rep(struct nvmeof_rdma_cm_rep *rep, u16 crqsize)
{
	memset(rep, 0, sizeof(*rep));
	rep->recfmt = cpu_to_le16(NVMEOF_RDMA_CM_FMT_1_0);
	rep->crqsize = cpu_to_le16(crqsize);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_build_cm_rep);

/**
 * nvmeof_rdma_reject() - reject a connect request with an NVMe/RDMA status.
 * @cm_id: the new identifier of the request
 * @sts:   NVMEOF_RDMA_CM_* status
 *
 * Return: 0 or -errno from the CM.
 */
int nvmeof_rdma_reject(struct rdma_cm_id *cm_id, u16 sts)
{
	struct nvmeof_rdma_cm_rej rej = {
		.recfmt = cpu_to_le16(NVMEOF_RDMA_CM_FMT_1_0),
		.sts = cpu_to_le16(sts),
	};

	return rdma_reject(cm_id, &rej, sizeof(rej), IB_CM_REJ_CONSUMER_DEFINED);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_reject);

/**
 * nvmeof_rdma_cm_event_name() - printable name of a CM event.
 * @ev: the event type
 */
const char *nvmeof_rdma_cm_event_name(enum rdma_cm_event_type ev)
{
	return rdma_event_msg(ev);
}
EXPORT_SYMBOL_GPL(nvmeof_rdma_cm_event_name);

static int __init rq_init(void)
{
	return 0;
}

static void __exit rq_exit(void)
{
	/* Every user module held device references through its queues. */
	WARN_ON_ONCE(!list_empty(&rq_devices));
}

module_init(rq_init);
module_exit(rq_exit);
MODULE_DESCRIPTION("nvmeof fabrics core: RDMA queue engine");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
