/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The RDMA queue engine both the host and the target build on
 * (nvmeof-core-rdma.ko): per-device protection domains, queue pair and
 * completion queue setup and teardown, DMA-mapped capsule buffers, receive
 * posting, CM private data, memory registration and the mapping of queues to
 * completion vectors. Only RDMA users load it, so TCP users never pull in
 * ib_core.
 */
#ifndef NVMEOF_RDMA_QUEUE_H
#define NVMEOF_RDMA_QUEUE_H

#include <linux/types.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/scatterlist.h>
#include <rdma/ib_verbs.h>
#include <rdma/rdma_cm.h>

#include <nvmeof/rdma.h>

/* Seconds rdma_resolve_addr()/rdma_resolve_route() may take. */
#define NVMEOF_RDMA_RESOLVE_TIMEOUT_MS	3000

/**
 * struct nvmeof_rdma_dev - an RDMA device as the engine shares it.
 * @ibdev: the verbs device
 * @pd:    one protection domain for every queue on the device
 * @ref:   queues using the device; the last put frees the PD
 * @entry: on the engine's device list
 */
struct nvmeof_rdma_dev {
	struct ib_device	*ibdev;
	struct ib_pd		*pd;
	struct kref		ref;
	struct list_head	entry;
};

/**
 * struct nvmeof_rdma_qp_attr - what a queue pair needs.
 * @send_wrs:      send queue entries for sends (and registrations)
 * @recv_wrs:      receive queue entries
 * @send_sge:      scatter/gather entries per send
 * @recv_sge:      scatter/gather entries per receive
 * @rdma_ctxs:     RDMA READ/WRITE contexts (rdma_rw) in flight, 0 for none
 * @mrs:           fast-registration MRs to pool on the queue pair, 0 for none
 * @mr_pages:      pages each pooled MR maps
 * @comp_vector:   the completion vector the CQ interrupts on
 * @poll_ctx:      where completions run (softirq or workqueue)
 * @qp_context:    handed to async QP events
 * @srq:           shared receive queue the QP takes its receives from, NULL
 *                 for a receive queue of its own (@recv_wrs then only sizes
 *                 the CQ: this QP's receive completions land there)
 */
struct nvmeof_rdma_qp_attr {
	u32			send_wrs;
	u32			recv_wrs;
	u32			send_sge;
	u32			recv_sge;
	u32			rdma_ctxs;
	u32			mrs;
	u32			mr_pages;
	int			comp_vector;
	enum ib_poll_context	poll_ctx;
	void			*qp_context;
	struct ib_srq		*srq;
};

/**
 * struct nvmeof_rdma_qp - a connected queue pair and its resources.
 * @cm_id:    the RDMA CM identifier the QP belongs to
 * @dev:      the shared device (holds a reference)
 * @cq:       one CQ for sends and receives
 * @qp:       the queue pair
 * @cq_size:  CQ entries
 * @send_wrs: send queue entries the QP really has (rdma_rw may add some)
 * @has_mrs:  an MR pool was set up on the QP
 */
struct nvmeof_rdma_qp {
	struct rdma_cm_id	*cm_id;
	struct nvmeof_rdma_dev	*dev;
	struct ib_cq		*cq;
	struct ib_qp		*qp;
	u32			cq_size;
	u32			send_wrs;
	bool			has_mrs;
};

/**
 * struct nvmeof_rdma_buf - a kmalloc'ed buffer mapped for DMA.
 * @addr: kernel address
 * @dma:  device address
 * @len:  bytes
 * @dir:  DMA direction
 */
struct nvmeof_rdma_buf {
	void			*addr;
	u64			dma;
	u32			len;
	enum dma_data_direction	dir;
};

struct nvmeof_rdma_dev *nvmeof_rdma_dev_get(struct ib_device *ibdev);
void nvmeof_rdma_dev_put(struct nvmeof_rdma_dev *dev);

int nvmeof_rdma_qp_create(struct nvmeof_rdma_qp *q, struct rdma_cm_id *cm_id,
			  const struct nvmeof_rdma_qp_attr *attr);
void nvmeof_rdma_qp_drain(struct nvmeof_rdma_qp *q);
void nvmeof_rdma_qp_destroy(struct nvmeof_rdma_qp *q);

int nvmeof_rdma_buf_alloc(struct nvmeof_rdma_dev *dev, struct nvmeof_rdma_buf *buf,
			  u32 len, enum dma_data_direction dir, gfp_t gfp);
void nvmeof_rdma_buf_free(struct nvmeof_rdma_dev *dev, struct nvmeof_rdma_buf *buf);

int nvmeof_rdma_post_recv(struct nvmeof_rdma_qp *q, struct ib_cqe *cqe,
			  struct ib_sge *sge, int nr_sge);
struct ib_srq *nvmeof_rdma_srq_create(struct nvmeof_rdma_dev *dev, u32 wrs, u32 sge);
void nvmeof_rdma_srq_destroy(struct ib_srq *srq);
int nvmeof_rdma_post_srq_recv(struct ib_srq *srq, struct ib_cqe *cqe,
			      struct ib_sge *sge, int nr_sge);
int nvmeof_rdma_post_send(struct nvmeof_rdma_qp *q, struct ib_send_wr *first);
void nvmeof_rdma_init_send(struct ib_send_wr *wr, struct ib_cqe *cqe,
			   struct ib_sge *sge, int nr_sge, bool signaled);

const char *nvmeof_rdma_cm_event_name(enum rdma_cm_event_type ev);

/* CM private data (NVMe/RDMA 1.0, 3.3). */
u16 nvmeof_rdma_parse_cm_req(const struct rdma_cm_event *ev,
			     struct nvmeof_rdma_cm_req *req);
u16 nvmeof_rdma_cm_rej_status(const struct rdma_cm_event *ev);
void nvmeof_rdma_build_cm_req(struct nvmeof_rdma_cm_req *req, u16 qid,
			      u16 hrqsize, u16 hsqsize, u16 cntlid);
void nvmeof_rdma_build_cm_rep(struct nvmeof_rdma_cm_rep *rep, u16 crqsize);
int nvmeof_rdma_reject(struct rdma_cm_id *cm_id, u16 sts);

/* Fast registration of request pages (host). */
struct ib_mr *nvmeof_rdma_mr_map(struct nvmeof_rdma_qp *q, struct scatterlist *sg,
				 int nents, struct ib_reg_wr *reg, struct ib_cqe *cqe,
				 int access);
void nvmeof_rdma_mr_put(struct nvmeof_rdma_qp *q, struct ib_mr *mr);
void nvmeof_rdma_init_inv(struct ib_send_wr *wr, struct ib_cqe *cqe, u32 rkey);

#endif /* NVMEOF_RDMA_QUEUE_H */
