// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-rdma-client: a minimal NVMe/RDMA host (librdmacm + libibverbs) that
 * sends capsules nvme-rdma never sends (bad SGL descriptors, keyed SGLs past
 * MDTS, offset SGLs past the in-capsule data, commands before Connect or on a
 * queue in the wrong state, unknown opcodes) and checks that the target fails
 * each command with the right NVMe status while the queue stays usable.
 *
 * Usage: nvmeof-rdma-client -a IPV4 [-s PORT] -n SUBNQN -q HOSTNQN [-l SLBA]
 * Exit status: 0 when every check passed, 1 otherwise.
 */
/* guest-tool-needs: infiniband/verbs.h rdma/rdma_cma.h */
/* guest-tool-ldlibs: -lrdmacm -Wl,--whole-archive -lrxe-rdmav34 -Wl,--no-whole-archive -libverbs -lnl-route-3 -lnl-3 -lpthread */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <infiniband/verbs.h>
#include <rdma/rdma_cma.h>

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/rdma.h>
#include <nvmeof/sgl.h>

#include "check.h"

#define TIMEOUT_MS	30000		/* generous: the debug kernel is slow */
#define NR_RECV		16
#define SQSIZE		16		/* entries, 1's based */
#define INLINE_MAX	16384		/* room after the SQE in our send buffer */
#define DATA_SIZE	65536
#define CC_ENABLE	(NVMEOF_CC_EN | (NVMEOF_NVM_IOSQES << NVMEOF_CC_IOSQES_SHIFT) | \
			 (NVMEOF_NVM_IOCQES << NVMEOF_CC_IOCQES_SHIFT))

static const char *opt_addr, *opt_port = "4420", *opt_subnqn, *opt_hostnqn;
static unsigned long long opt_slba = 1048576;	/* 512 MiB in: away from the bystander */
static const u8 hostid[16] = { 0xad, 0x31, 0x1c, 0x11, 0x7e, 0x57, 0x40, 0x00,
			       0x9a, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02 };
static u16 cid = 1;

/* One queue: a connected RC QP, one registered buffer for everything. */
struct queue {
	struct rdma_event_channel *ch;
	struct rdma_cm_id *id;
	struct ibv_pd *pd;
	struct ibv_cq *cq;
	struct ibv_mr *mr;
	u8 *buf;		/* [cqes][sqe + inline][data] */
	bool connected;
};

#define CQE_OFF		0
#define SQE_OFF		(NR_RECV * sizeof(struct nvmeof_cqe))
#define DATA_OFF	(SQE_OFF + sizeof(struct nvmeof_sqe) + INLINE_MAX)
#define BUF_SIZE	(DATA_OFF + DATA_SIZE)


static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Waits for the next CM event on @q; returns its type or -1 on timeout. */
static int cm_wait(struct queue *q, int *status)
{
	struct pollfd pfd = { .fd = q->ch->fd, .events = POLLIN };
	struct rdma_cm_event *ev;
	int type;

	if (poll(&pfd, 1, TIMEOUT_MS) <= 0)
		return -1;
	if (rdma_get_cm_event(q->ch, &ev))
		return -1;
	type = ev->event;
	if (status)
		*status = ev->status;
	rdma_ack_cm_event(ev);
	return type;
}

static int post_recv(struct queue *q, unsigned int i)
{
	struct ibv_sge sge = {
		.addr = (uintptr_t)(q->buf + CQE_OFF + i * sizeof(struct nvmeof_cqe)),
		.length = sizeof(struct nvmeof_cqe),
		.lkey = q->mr->lkey,
	};
	struct ibv_recv_wr wr = { .wr_id = i, .sg_list = &sge, .num_sge = 1 }, *bad;

	return ibv_post_recv(q->id->qp, &wr, &bad);
}

static void q_close(struct queue *q)
{
	if (q->connected)
		rdma_disconnect(q->id);
	if (q->id && q->id->qp)
		rdma_destroy_qp(q->id);
	if (q->mr)
		ibv_dereg_mr(q->mr);
	if (q->cq)
		ibv_destroy_cq(q->cq);
	if (q->pd)
		ibv_dealloc_pd(q->pd);
	if (q->id)
		rdma_destroy_id(q->id);
	if (q->ch)
		rdma_destroy_event_channel(q->ch);
	free(q->buf);
	memset(q, 0, sizeof(*q));
}

/* Resolves, creates the QP, posts receives and connects as queue @qid. */
static int q_open(struct queue *q, u16 qid, u16 cntlid)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct ibv_qp_init_attr qa = { 0 };
	struct rdma_conn_param cp = { 0 };
	struct nvmeof_rdma_cm_req req = { 0 };
	int st = 0, ev;
	unsigned int i;

	memset(q, 0, sizeof(*q));
	if (inet_pton(AF_INET, opt_addr, &sin.sin_addr) != 1)
		return -1;
	sin.sin_port = htons(atoi(opt_port));
	q->ch = rdma_create_event_channel();
	if (!q->ch || rdma_create_id(q->ch, &q->id, q, RDMA_PS_TCP))
		goto fail;
	if (rdma_resolve_addr(q->id, NULL, (struct sockaddr *)&sin, 10000) ||
	    cm_wait(q, NULL) != RDMA_CM_EVENT_ADDR_RESOLVED)
		goto fail;
	if (rdma_resolve_route(q->id, 10000) || cm_wait(q, NULL) != RDMA_CM_EVENT_ROUTE_RESOLVED)
		goto fail;
	q->pd = ibv_alloc_pd(q->id->verbs);
	q->cq = ibv_create_cq(q->id->verbs, 4 * NR_RECV, NULL, NULL, 0);
	q->buf = calloc(1, BUF_SIZE);
	if (!q->pd || !q->cq || !q->buf)
		goto fail;
	q->mr = ibv_reg_mr(q->pd, q->buf, BUF_SIZE, IBV_ACCESS_LOCAL_WRITE |
			   IBV_ACCESS_REMOTE_READ | IBV_ACCESS_REMOTE_WRITE);
	if (!q->mr)
		goto fail;
	qa.send_cq = q->cq;
	qa.recv_cq = q->cq;
	qa.qp_type = IBV_QPT_RC;
	qa.cap.max_send_wr = NR_RECV;
	qa.cap.max_recv_wr = NR_RECV;
	qa.cap.max_send_sge = 1;
	qa.cap.max_recv_sge = 1;
	qa.sq_sig_all = 1;
	if (rdma_create_qp(q->id, q->pd, &qa))
		goto fail;
	for (i = 0; i < NR_RECV; i++)
		if (post_recv(q, i))
			goto fail;
	req.recfmt = cpu_to_le16(NVMEOF_RDMA_CM_FMT_1_0);
	req.qid = cpu_to_le16(qid);
	req.hrqsize = cpu_to_le16(NR_RECV);
	req.hsqsize = cpu_to_le16(SQSIZE - 1);
	req.cntlid = cpu_to_le16(cntlid);
	cp.private_data = &req;
	cp.private_data_len = sizeof(req);
	cp.responder_resources = 4;
	cp.initiator_depth = 4;
	cp.retry_count = 7;
	cp.rnr_retry_count = 7;
	if (rdma_connect(q->id, &cp))
		goto fail;
	ev = cm_wait(q, &st);
	if (ev != RDMA_CM_EVENT_ESTABLISHED) {
		printf("queue %u: connect ended with CM event %d (status %d)\n", qid, ev, st);
		goto fail;
	}
	q->connected = true;
	return 0;

fail:
	q_close(q);
	return -1;
}

/* Sends @sqe followed by @len bytes of in-capsule @data. */
static int q_send(struct queue *q, struct nvmeof_sqe *sqe, const void *data, u32 len)
{
	struct ibv_sge sge = {
		.addr = (uintptr_t)(q->buf + SQE_OFF),
		.length = sizeof(*sqe) + len,
		.lkey = q->mr->lkey,
	};
	struct ibv_send_wr wr = {
		.wr_id = 1000, .sg_list = &sge, .num_sge = 1,
		.opcode = IBV_WR_SEND, .send_flags = IBV_SEND_SIGNALED,
	}, *bad;

	if (len > INLINE_MAX)
		return -1;
	sqe->command_id = cid++;
	sqe->flags |= NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	memcpy(q->buf + SQE_OFF, sqe, sizeof(*sqe));
	if (len)
		memcpy(q->buf + SQE_OFF + sizeof(*sqe), data, len);
	return ibv_post_send(q->id->qp, &wr, &bad);
}

/*
 * Polls for the response to @sqe (and the send's completion, so the send
 * buffer may be reused); returns its status (without More) or -1.
 */
static int q_wait(struct queue *q, const struct nvmeof_sqe *sqe, u64 *result)
{
	long long end = now_ms() + TIMEOUT_MS;
	bool sent = false;
	int status = -2;

	while (now_ms() < end && (!sent || status == -2)) {
		struct ibv_wc wc;
		int n = ibv_poll_cq(q->cq, 1, &wc);

		if (n < 0)
			return -1;
		if (!n) {
			usleep(1000);
			continue;
		}
		if (wc.status != IBV_WC_SUCCESS) {
			printf("completion error: %s\n", ibv_wc_status_str(wc.status));
			return -1;
		}
		if (wc.opcode == IBV_WC_SEND) {
			sent = true;
			continue;
		}
		if (wc.opcode == IBV_WC_RECV) {
			struct nvmeof_cqe *c = (struct nvmeof_cqe *)(q->buf + CQE_OFF) + wc.wr_id;
			struct nvmeof_cqe cqe = *c;

			if (post_recv(q, wc.wr_id))
				return -1;
			if (cqe.command_id != sqe->command_id)
				continue;	/* a late answer to an earlier command */
			if (result)
				*result = le64_to_cpu(cqe.result);
			status = nvmeof_cqe_status(&cqe) & ~NVMEOF_SC_MORE;
		}
	}
	return status < 0 ? -1 : status;
}

static int q_cmd(struct queue *q, struct nvmeof_sqe *sqe, const void *data, u32 len,
		 u64 *result)
{
	if (q_send(q, sqe, data, len))
		return -1;
	return q_wait(q, sqe, result);
}

/* A keyed descriptor for @len bytes of our data area. */
static void sgl_data(struct queue *q, struct nvmeof_sgl_desc *d, u32 len)
{
	if (nvmeof_sgl_set_keyed(d, (uintptr_t)(q->buf + DATA_OFF), len, q->mr->rkey, false))
		nvmeof_sgl_set_null(d, NVMEOF_SGL_KEYED);
}

static int q_connect(struct queue *q, u16 qid, u16 cntlid, u64 *result)
{
	struct nvmeof_connect_data *d = (struct nvmeof_connect_data *)(q->buf + DATA_OFF);
	struct nvmeof_sqe sqe = { 0 };
	struct nvmeof_connect_cmd *c = (struct nvmeof_connect_cmd *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_CONNECT;
	c->qid = cpu_to_le16(qid);
	c->sqsize = cpu_to_le16(SQSIZE - 1);
	c->kato = cpu_to_le32(qid ? 0 : 30000);
	memset(d, 0, sizeof(*d));
	memcpy(d->hostid, hostid, sizeof(d->hostid));
	d->cntlid = cpu_to_le16(cntlid);
	snprintf(d->subsysnqn, sizeof(d->subsysnqn), "%s", opt_subnqn);
	snprintf(d->hostnqn, sizeof(d->hostnqn), "%s", opt_hostnqn);
	/* The target READs the data: the admin queue takes no in-capsule data. */
	sgl_data(q, &c->sgl, sizeof(*d));
	return q_cmd(q, &sqe, NULL, 0, result);
}

static int q_prop_set(struct queue *q, u32 off, u64 val)
{
	struct nvmeof_sqe sqe = { 0 };
	struct nvmeof_prop_set_cmd *c = (struct nvmeof_prop_set_cmd *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_PROPERTY_SET;
	c->attrib = NVMEOF_PROP_ATTRIB_SIZE_4;
	c->offset = cpu_to_le32(off);
	c->value = cpu_to_le64(val);
	nvmeof_sgl_set_null(&sqe.dptr, NVMEOF_SGL_KEYED);
	return q_cmd(q, &sqe, NULL, 0, NULL);
}

/* A Keep Alive (which moves no data) with data descriptor @dptr. */
static int q_keep_alive(struct queue *q, const struct nvmeof_sgl_desc *dptr)
{
	struct nvmeof_sqe sqe = { 0 };

	sqe.opcode = NVMEOF_ADMIN_KEEP_ALIVE;
	sqe.dptr = *dptr;
	return q_cmd(q, &sqe, NULL, 0, NULL);
}

/* Identify Controller into our data area, with @dptr as given or a good one. */
static int q_identify(struct queue *q, const struct nvmeof_sgl_desc *dptr)
{
	struct nvmeof_sqe sqe = { 0 };

	sqe.opcode = NVMEOF_ADMIN_IDENTIFY;
	sqe.cdw10 = cpu_to_le32(NVMEOF_ID_CNS_CTRL);
	if (dptr)
		sqe.dptr = *dptr;
	else
		sgl_data(q, &sqe.dptr, 4096);
	return q_cmd(q, &sqe, NULL, 0, NULL);
}

/* Admin queue up, CC.EN set; returns the controller ID or -1. */
static int admin_queue(struct queue *q)
{
	u64 res = 0;
	int st;

	if (q_open(q, 0, NVMEOF_CNTLID_DYNAMIC))
		return -1;
	st = q_connect(q, 0, NVMEOF_CNTLID_DYNAMIC, &res);
	if (st) {
		printf("admin Connect failed: status %#x\n", st);
		return -1;
	}
	st = q_prop_set(q, NVMEOF_REG_CC, CC_ENABLE);
	if (st) {
		printf("Property Set CC.EN failed: status %#x\n", st);
		return -1;
	}
	return res & 0xffff;
}

static void test_before_connect(void)
{
	struct queue q;
	int st;

	if (q_open(&q, 0, NVMEOF_CNTLID_DYNAMIC)) {
		check(0, "no RDMA connection");
		return;
	}
	st = q_identify(&q, NULL);
	check(st == (NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR), "Identify before Connect: %#x", st);
	/* The queue is not lost for it: Connect still works. */
	st = q_connect(&q, 0, NVMEOF_CNTLID_DYNAMIC, NULL);
	check(st == 0, "Connect after the refused command: %#x", st);
	q_close(&q);
}

/*
 * A capsule shorter than an SQE has no command ID to answer: the target
 * closes that queue (and only it: the cases after this use new ones).
 */
static void test_short_capsule(void)
{
	struct queue q;
	struct ibv_sge sge;
	struct ibv_send_wr wr = { 0 }, *bad;
	int ev;

	if (q_open(&q, 0, NVMEOF_CNTLID_DYNAMIC)) {
		check(0, "no RDMA connection");
		return;
	}
	memset(q.buf + SQE_OFF, 0, sizeof(struct nvmeof_sqe));
	sge.addr = (uintptr_t)(q.buf + SQE_OFF);
	sge.length = 32;
	sge.lkey = q.mr->lkey;
	wr.sg_list = &sge;
	wr.num_sge = 1;
	wr.opcode = IBV_WR_SEND;
	wr.send_flags = IBV_SEND_SIGNALED;
	if (ibv_post_send(q.id->qp, &wr, &bad)) {
		check(0, "cannot post a 32-byte send");
		q_close(&q);
		return;
	}
	ev = cm_wait(&q, NULL);
	check(ev == RDMA_CM_EVENT_DISCONNECTED, "32-byte capsule: CM event %d (%s)", ev,
	      ev < 0 ? "none" : rdma_event_str(ev));
	if (ev == RDMA_CM_EVENT_DISCONNECTED)
		q.connected = false;
	q_close(&q);
}

static void test_admin_cases(struct queue *a)
{
	const struct nvmeof_id_ctrl *id;
	struct nvmeof_sgl_desc d;
	struct nvmeof_sqe sqe = { 0 };
	int st;

	/* A queue in the wrong state: connected already. */
	st = q_connect(a, 0, NVMEOF_CNTLID_DYNAMIC, NULL);
	check(st == (NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR), "second Connect on a queue: %#x", st);

	/*
	 * Descriptor types the target does not take over RDMA, on a command
	 * that moves no data: SGL Descriptor Type Invalid.
	 */
	memset(&d, 0, sizeof(d));
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_LAST_SEGMENT, NVMEOF_SGL_SUBTYPE_ADDRESS);
	d.length = cpu_to_le32(4096);
	st = q_keep_alive(a, &d);
	check(st == (NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR),
	      "Keep Alive with a Last Segment descriptor: %#x", st);
	memset(&d, 0, sizeof(d));
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_VENDOR, 0);
	st = q_keep_alive(a, &d);
	check(st == (NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR),
	      "Keep Alive with a vendor descriptor: %#x", st);
	nvmeof_sgl_set_transport(&d, 0);
	st = q_keep_alive(a, &d);
	check(st == (NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR),
	      "Keep Alive with a Transport SGL (NVMe/TCP's) over RDMA: %#x", st);
	/*
	 * On a command that needs data too, the refused descriptor's own
	 * status wins over the length mismatch it leaves (as in-tree nvmet).
	 */
	memset(&d, 0, sizeof(d));
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_LAST_SEGMENT, NVMEOF_SGL_SUBTYPE_ADDRESS);
	d.length = cpu_to_le32(4096);
	st = q_identify(a, &d);
	check(st == (NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR),
	      "Identify with a Last Segment descriptor: %#x", st);

	/* Keyed, longer than the target's MDTS (4 MiB) can ever move. */
	if (nvmeof_sgl_set_keyed(&d, (uintptr_t)(a->buf + DATA_OFF), 0x800000, a->mr->rkey, false))
		check(0, "cannot build an 8 MiB keyed descriptor");
	st = q_identify(a, &d);
	check(st == (NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR), "keyed SGL of 8 MiB: %#x", st);

	/*
	 * In-capsule data claimed on the admin queue, which takes none (no
	 * bytes follow: a capsule longer than the target's receive buffer
	 * would be an RDMA error, not a command).
	 */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = NVMEOF_ADMIN_SET_FEATURES;
	sqe.cdw10 = cpu_to_le32(NVMEOF_FEAT_NUM_QUEUES);
	nvmeof_sgl_set_incapsule(&sqe.dptr, 0, 512);
	st = q_cmd(a, &sqe, NULL, 0, NULL);
	check(st == (NVMEOF_SC_SGL_INVALID_OFFSET | NVMEOF_SC_DNR),
	      "in-capsule data on the admin queue: %#x", st);

	/* Unknown admin opcode. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = 0x7e;
	nvmeof_sgl_set_null(&sqe.dptr, NVMEOF_SGL_KEYED);
	st = q_cmd(a, &sqe, NULL, 0, NULL);
	check(st == (NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR), "admin opcode 0x7e: %#x", st);

	/* After all that the queue works: Identify reads back the subsystem NQN. */
	memset(a->buf + DATA_OFF, 0, 4096);
	st = q_identify(a, NULL);
	id = (const struct nvmeof_id_ctrl *)(a->buf + DATA_OFF);
	check(st == 0 && !strncmp(id->subnqn, opt_subnqn, sizeof(id->subnqn)),
	      "Identify on the same queue afterwards: %#x, subnqn %.64s", st, id->subnqn);
}

/* A Write of @len bytes at opt_slba (512-byte blocks assumed by nlb). */
static void io_write(struct nvmeof_sqe *sqe, u32 len)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = NVMEOF_CMD_WRITE;
	sqe->nsid = cpu_to_le32(1);
	sqe->cdw10 = cpu_to_le32((u32)opt_slba);
	sqe->cdw11 = cpu_to_le32((u32)(opt_slba >> 32));
	sqe->cdw12 = cpu_to_le32(len / 512 - 1);
}

static void test_io_cases(int cntlid)
{
	struct nvmeof_sqe sqe;
	struct queue q;
	int st;

	if (q_open(&q, 1, cntlid)) {
		check(0, "no I/O queue connection");
		return;
	}
	st = q_connect(&q, 1, cntlid, NULL);
	check(st == 0, "I/O queue Connect: %#x", st);
	if (st) {
		q_close(&q);
		return;
	}
	/*
	 * 8 KiB claimed at offset 0, 4 KiB sent; then an offset past what
	 * arrived: both run past the in-capsule data, SGL Offset Invalid.
	 */
	io_write(&sqe, 8192);
	nvmeof_sgl_set_incapsule(&sqe.dptr, 0, 8192);
	st = q_cmd(&q, &sqe, q.buf + DATA_OFF, 4096, NULL);
	check(st == (NVMEOF_SC_SGL_INVALID_OFFSET | NVMEOF_SC_DNR),
	      "in-capsule SGL of 8 KiB with 4 KiB sent: %#x", st);
	io_write(&sqe, 512);
	nvmeof_sgl_set_incapsule(&sqe.dptr, 8192, 512);
	st = q_cmd(&q, &sqe, q.buf + DATA_OFF, 512, NULL);
	check(st == (NVMEOF_SC_SGL_INVALID_OFFSET | NVMEOF_SC_DNR),
	      "in-capsule SGL at offset 8 KiB: %#x", st);
	/* Keyed, past MDTS, on an I/O command. */
	io_write(&sqe, 4096);
	if (nvmeof_sgl_set_keyed(&sqe.dptr, (uintptr_t)(q.buf + DATA_OFF), 0xfff000,
				 q.mr->rkey, false))
		check(0, "cannot build a keyed descriptor");
	st = q_cmd(&q, &sqe, NULL, 0, NULL);
	check(st == (NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR),
	      "Write with a keyed SGL of 16 MiB - 4 KiB: %#x", st);
	/* Unknown I/O opcode. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = 0x7e;
	sqe.nsid = cpu_to_le32(1);
	nvmeof_sgl_set_null(&sqe.dptr, NVMEOF_SGL_KEYED);
	st = q_cmd(&q, &sqe, NULL, 0, NULL);
	check(st == (NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR), "I/O opcode 0x7e: %#x", st);
	/* A good in-capsule Write afterwards. */
	io_write(&sqe, 512);
	nvmeof_sgl_set_incapsule(&sqe.dptr, 0, 512);
	memset(q.buf + DATA_OFF, 0x5a, 512);
	st = q_cmd(&q, &sqe, q.buf + DATA_OFF, 512, NULL);
	check(st == 0, "in-capsule Write of 512 B afterwards: %#x", st);
	q_close(&q);
}

int main(int argc, char **argv)
{
	struct queue a;
	int opt, cntlid;

	/* Each case's line is the test's record of what it checked. */
	check_verbose = true;
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((opt = getopt(argc, argv, "a:s:n:q:l:")) != -1) {
		switch (opt) {
		case 'a': opt_addr = optarg; break;
		case 's': opt_port = optarg; break;
		case 'n': opt_subnqn = optarg; break;
		case 'q': opt_hostnqn = optarg; break;
		case 'l': opt_slba = strtoull(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: %s -a IPV4 [-s PORT] -n SUBNQN -q HOSTNQN [-l SLBA]\n",
				argv[0]);
			return 2;
		}
	}
	if (!opt_addr || !opt_subnqn || !opt_hostnqn) {
		fprintf(stderr, "-a, -n and -q are required\n");
		return 2;
	}

	test_short_capsule();
	test_before_connect();
	cntlid = admin_queue(&a);
	if (cntlid < 0) {
		check(0, "admin queue setup");
		return 1;
	}
	test_admin_cases(&a);
	test_io_cases(cntlid);
	q_close(&a);
	return check_done(argv[0]);
}
