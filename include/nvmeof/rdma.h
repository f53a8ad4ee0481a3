/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVMe/RDMA transport binding wire structures (NVMe over RDMA Transport 1.0,
 * 3.3): the private data carried by RDMA CM connect request, reply and reject.
 */
#ifndef NVMEOF_RDMA_H
#define NVMEOF_RDMA_H

#include <linux/types.h>
#include <linux/build_bug.h>

#define NVMEOF_RDMA_CM_FMT_1_0		0x0000

/* Reject status codes carried in struct nvmeof_rdma_cm_rej. */
#define NVMEOF_RDMA_CM_INVALID_LEN	0x01
#define NVMEOF_RDMA_CM_INVALID_RECFMT	0x02
#define NVMEOF_RDMA_CM_INVALID_QID	0x03
#define NVMEOF_RDMA_CM_INVALID_HSQSIZE	0x04
#define NVMEOF_RDMA_CM_INVALID_HRQSIZE	0x05
#define NVMEOF_RDMA_CM_NO_RSC		0x06
#define NVMEOF_RDMA_CM_INVALID_IRD	0x07
#define NVMEOF_RDMA_CM_INVALID_ORD	0x08
#define NVMEOF_RDMA_CM_INVALID_CNTLID	0x09

/**
 * struct nvmeof_rdma_cm_req - RDMA CM connect request private data (NVMe/RDMA 1.0, 3.3).
 * @recfmt:  record format, NVMEOF_RDMA_CM_FMT_1_0
 * @qid:     queue ID, 0 for the admin queue
 * @hrqsize: host receive queue size (number of RDMA receive queue entries)
 * @hsqsize: host send queue size, 0's based, as Connect SQSIZE
 * @cntlid:  for an I/O queue, the controller ID its admin queue got (NVMe/RDMA 1.1)
 * @rsvd10:  reserved
 */
struct nvmeof_rdma_cm_req {
	__le16	recfmt;
	__le16	qid;
	__le16	hrqsize;
	__le16	hsqsize;
	__le16	cntlid;
	__u8	rsvd10[22];
};
static_assert(sizeof(struct nvmeof_rdma_cm_req) == 32);
static_assert(offsetof(struct nvmeof_rdma_cm_req, recfmt) == 0);
static_assert(offsetof(struct nvmeof_rdma_cm_req, qid) == 2);
static_assert(offsetof(struct nvmeof_rdma_cm_req, hrqsize) == 4);
static_assert(offsetof(struct nvmeof_rdma_cm_req, hsqsize) == 6);
static_assert(offsetof(struct nvmeof_rdma_cm_req, cntlid) == 8);
static_assert(offsetof(struct nvmeof_rdma_cm_req, rsvd10) == 10);

/**
 * struct nvmeof_rdma_cm_rep - RDMA CM connect reply private data (NVMe/RDMA 1.0, 3.3).
 * @recfmt:  record format, NVMEOF_RDMA_CM_FMT_1_0
 * @crqsize: controller receive queue size
 * @rsvd4:   reserved
 */
struct nvmeof_rdma_cm_rep {
	__le16	recfmt;
	__le16	crqsize;
	__u8	rsvd4[28];
};
static_assert(sizeof(struct nvmeof_rdma_cm_rep) == 32);
static_assert(offsetof(struct nvmeof_rdma_cm_rep, recfmt) == 0);
static_assert(offsetof(struct nvmeof_rdma_cm_rep, crqsize) == 2);
static_assert(offsetof(struct nvmeof_rdma_cm_rep, rsvd4) == 4);

/**
 * struct nvmeof_rdma_cm_rej - RDMA CM connect reject private data (NVMe/RDMA 1.0, 3.3).
 * @recfmt: record format, NVMEOF_RDMA_CM_FMT_1_0
 * @sts:    status (NVMEOF_RDMA_CM_*)
 */
struct nvmeof_rdma_cm_rej {
	__le16	recfmt;
	__le16	sts;
};
static_assert(sizeof(struct nvmeof_rdma_cm_rej) == 4);
static_assert(offsetof(struct nvmeof_rdma_cm_rej, recfmt) == 0);
static_assert(offsetof(struct nvmeof_rdma_cm_rej, sts) == 2);

#endif /* NVMEOF_RDMA_H */
