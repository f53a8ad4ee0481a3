// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-admin-client: a minimal NVMe/TCP host that drives the target's
 * Fabrics and admin command paths with commands nvme-cli never sends (bad
 * Connect fields, commands out of sequence, wrong SGL lengths, too many
 * AERs) and checks each NVMe status and result the target returns.
 *
 * With -A, HOSTNQN must be a host the target asks to authenticate
 * (DH-HMAC-CHAP): only the checks that an unauthenticated queue runs
 * nothing but Authentication Send/Receive are made.
 *
 * Usage: nvmeof-admin-client -a IPV4 [-s PORT] -n SUBNQN -q HOSTNQN [-A]
 * Exit status: 0 when every check passed, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>
#include <nvmeof/sgl.h>
#include <nvmeof/dhchap.h>

#include "check.h"

#define TIMEOUT_MS	10000
#define ADMIN_SQSIZE	31
#define CC_ENABLE	(NVMEOF_CC_EN | (NVMEOF_NVM_IOSQES << NVMEOF_CC_IOSQES_SHIFT) | \
			 (NVMEOF_NVM_IOCQES << NVMEOF_CC_IOCQES_SHIFT))

static const char *opt_addr, *opt_port = "4420", *opt_subnqn, *opt_hostnqn;
static const u8 hostid[16] = { 0xad, 0x31, 0x1c, 0x11, 0x7e, 0x57, 0x40, 0x00,
			       0x9a, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
static u16 cid = 1;

struct queue {
	int fd;
	struct nvmeof_tcp_params p;
};


static int io_all(int fd, void *buf, size_t len, bool tx)
{
	u8 *b = buf;

	while (len) {
		struct pollfd pfd = { .fd = fd, .events = tx ? POLLOUT : POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, TIMEOUT_MS) <= 0)
			return -1;
		n = tx ? send(fd, b, len, MSG_NOSIGNAL) : recv(fd, b, len, 0);
		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			return -1;
		}
		b += n;
		len -= n;
	}
	return 0;
}

/* Reads one PDU; the header lands in @h, any data is discarded. */
static int q_recv(struct queue *q, union nvmeof_tcp_hdr_buf *h)
{
	struct nvmeof_tcp_result res;
	u8 sink[512];
	u32 rest;

	if (io_all(q->fd, h->raw, sizeof(struct nvmeof_tcp_hdr), false))
		return -1;
	if (nvmeof_tcp_validate_hdr(&q->p, h->raw, sizeof(struct nvmeof_tcp_hdr), &res))
		return -1;
	if (io_all(q->fd, h->raw + sizeof(struct nvmeof_tcp_hdr),
		   res.hdr_len - sizeof(struct nvmeof_tcp_hdr), false))
		return -1;
	if (nvmeof_tcp_validate_hdr(&q->p, h->raw, res.hdr_len, &res))
		return -1;
	for (rest = res.pad_len + res.data_len + res.ddgst_len; rest; ) {
		u32 n = rest < sizeof(sink) ? rest : sizeof(sink);

		if (io_all(q->fd, sink, n, false))
			return -1;
		rest -= n;
	}
	return 0;
}

static int q_open(struct queue *q)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	union nvmeof_tcp_hdr_buf b;
	int one = 1;
	size_t len;

	if (inet_pton(AF_INET, opt_addr, &sin.sin_addr) != 1)
		return -1;
	sin.sin_port = htons(atoi(opt_port));
	q->fd = socket(AF_INET, SOCK_STREAM, 0);
	if (q->fd < 0 || connect(q->fd, (struct sockaddr *)&sin, sizeof(sin)))
		return -1;
	setsockopt(q->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	nvmeof_tcp_params_init(&q->p, NVMEOF_TCP_ROLE_HOST);
	len = nvmeof_tcp_build_icreq(&b, &q->p);
	if (io_all(q->fd, &b, len, true) || q_recv(q, &b) || b.ch.type != NVMEOF_TCP_ICRESP)
		return -1;
	nvmeof_tcp_params_apply_icresp(&q->p, &b.icresp);
	q->p.icd_size = NVMEOF_TCP_ADMIN_ICDSZ;
	return 0;
}

static void q_close(struct queue *q)
{
	close(q->fd);
}

/* Sends @sqe (with in-capsule @data) without waiting. */
static int q_send(struct queue *q, struct nvmeof_sqe *sqe, const void *data, u32 len)
{
	union nvmeof_tcp_hdr_buf b;
	size_t hlen;

	sqe->command_id = cid++;
	sqe->flags |= NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	hlen = nvmeof_tcp_build_cmd(&b, &q->p, sqe, len);
	if (io_all(q->fd, &b, hlen, true))
		return -1;
	return len ? io_all(q->fd, (void *)data, len, true) : 0;
}

/* Waits for the CapsuleResp of @sqe (skipping C2HData); returns its status or -1. */
static int q_wait(struct queue *q, const struct nvmeof_sqe *sqe, u64 *result)
{
	union nvmeof_tcp_hdr_buf b;

	for (;;) {
		if (q_recv(q, &b))
			return -1;
		if (b.ch.type == NVMEOF_TCP_C2H_DATA)
			continue;
		if (b.ch.type != NVMEOF_TCP_RSP || b.rsp.cqe.command_id != sqe->command_id)
			return -1;
		if (result)
			*result = le64_to_cpu(b.rsp.cqe.result);
		/* More only says an error log entry exists. */
		return nvmeof_cqe_status(&b.rsp.cqe) & ~NVMEOF_SC_MORE;
	}
}

static int q_cmd(struct queue *q, struct nvmeof_sqe *sqe, const void *data, u32 len,
		 u64 *result)
{
	if (q_send(q, sqe, data, len))
		return -1;
	return q_wait(q, sqe, result);
}

static int q_connect(struct queue *q, u16 qid, u16 sqsize, u16 cntlid, u16 recfmt,
		     const char *subnqn, u64 *result)
{
	struct nvmeof_connect_data d = { 0 };
	struct nvmeof_sqe sqe = { 0 };
	struct nvmeof_connect_cmd *c = (struct nvmeof_connect_cmd *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_CONNECT;
	nvmeof_sgl_set_incapsule(&c->sgl, 0, sizeof(d));
	c->recfmt = cpu_to_le16(recfmt);
	c->qid = cpu_to_le16(qid);
	c->sqsize = cpu_to_le16(sqsize);
	c->kato = cpu_to_le32(qid ? 0 : 30000);
	memcpy(d.hostid, hostid, sizeof(d.hostid));
	d.cntlid = cpu_to_le16(cntlid);
	snprintf(d.subsysnqn, sizeof(d.subsysnqn), "%s", subnqn);
	snprintf(d.hostnqn, sizeof(d.hostnqn), "%s", opt_hostnqn);
	return q_cmd(q, &sqe, &d, sizeof(d), result);
}

static int q_prop(struct queue *q, u8 fctype, u32 off, bool eight, u64 val, u64 *result)
{
	struct nvmeof_sqe sqe = { 0 };
	struct nvmeof_prop_set_cmd *c = (struct nvmeof_prop_set_cmd *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = fctype;
	c->attrib = eight ? NVMEOF_PROP_ATTRIB_SIZE_8 : NVMEOF_PROP_ATTRIB_SIZE_4;
	c->offset = cpu_to_le32(off);
	if (fctype == NVMEOF_FCTYPE_PROPERTY_SET)
		c->value = cpu_to_le64(val);
	nvmeof_sgl_set_transport(&sqe.dptr, 0);
	return q_cmd(q, &sqe, NULL, 0, result);
}

/* An admin command reading @len bytes of controller data. */
static int q_admin(struct queue *q, u8 opcode, u32 nsid, u32 cdw10, u32 cdw11, u32 cdw12,
		   u32 len, u64 *result)
{
	struct nvmeof_sqe sqe = { 0 };

	sqe.opcode = opcode;
	sqe.nsid = cpu_to_le32(nsid);
	sqe.cdw10 = cpu_to_le32(cdw10);
	sqe.cdw11 = cpu_to_le32(cdw11);
	sqe.cdw12 = cpu_to_le32(cdw12);
	nvmeof_sgl_set_transport(&sqe.dptr, len);
	return q_cmd(q, &sqe, NULL, 0, result);
}

/* Opens a queue, connects the admin queue and, if @enable, sets CC.EN. */
static int admin_queue(struct queue *q, bool enable, u16 *cntlid)
{
	u64 res = 0;
	int st;

	if (q_open(q))
		return -1;
	st = q_connect(q, 0, ADMIN_SQSIZE, NVMEOF_CNTLID_DYNAMIC, 0, opt_subnqn, &res);
	if (st) {
		printf("admin Connect failed: status %#x\n", st);
		return -1;
	}
	*cntlid = res & 0xffff;
	if (enable && q_prop(q, NVMEOF_FCTYPE_PROPERTY_SET, NVMEOF_REG_CC, false, CC_ENABLE, NULL))
		return -1;
	return 0;
}

static void test_connect_checks(void)
{
	struct queue q;
	u64 res;
	int st;

	/*
	 * Before Connect: Command Sequence Error from the core, unless the
	 * transport already ends the connection (NVMe/TCP may: PDU sequence).
	 */
	if (q_open(&q)) {
		check(0, "no connection");
		return;
	}
	st = q_admin(&q, NVMEOF_ADMIN_IDENTIFY, 0, NVMEOF_ID_CNS_CTRL, 0, 0, 4096, NULL);
	check(st == -1 || st == (NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR),
	      "Identify before Connect: %#x", st);
	q_close(&q);

	if (q_open(&q)) {
		check(0, "no connection");
		return;
	}
	st = q_connect(&q, 0, ADMIN_SQSIZE, NVMEOF_CNTLID_DYNAMIC, 1, opt_subnqn, NULL);
	check(st == (NVMEOF_SC_CONNECT_FORMAT | NVMEOF_SC_DNR), "recfmt 1: %#x", st);
	res = 0;
	st = q_connect(&q, 0, 0, NVMEOF_CNTLID_DYNAMIC, 0, opt_subnqn, &res);
	check(st == (NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR) &&
	      res == NVMEOF_CONNECT_INV_SQE(offsetof(struct nvmeof_connect_cmd, sqsize)),
	      "sqsize 0: %#x result %#llx", st, (unsigned long long)res);
	st = q_connect(&q, 0, 1024, NVMEOF_CNTLID_DYNAMIC, 0, opt_subnqn, NULL);
	check(st == (NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR), "sqsize 1024: %#x", st);
	res = 0;
	st = q_connect(&q, 0, ADMIN_SQSIZE, NVMEOF_CNTLID_DYNAMIC, 0,
		       "nqn.2014-08.org.example:none", &res);
	check(st == (NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR) &&
	      res == NVMEOF_CONNECT_INV_DATA(offsetof(struct nvmeof_connect_data, subsysnqn)),
	      "unknown subnqn: %#x result %#llx", st, (unsigned long long)res);
	q_close(&q);
}

static void test_io_connect_checks(void)
{
	struct queue a, io;
	u16 cntlid;
	u64 res = 0;
	int st;

	if (admin_queue(&a, true, &cntlid)) {
		check(0, "admin queue");
		return;
	}
	if (q_open(&io)) {
		check(0, "I/O connection");
		return;
	}
	st = q_connect(&io, 1, 127, cntlid + 7, 0, opt_subnqn, &res);
	check(st == (NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR) &&
	      res == NVMEOF_CONNECT_INV_DATA(offsetof(struct nvmeof_connect_data, cntlid)),
	      "I/O Connect to cntlid %u: %#x result %#llx", cntlid + 7, st,
	      (unsigned long long)res);
	res = 0;
	st = q_connect(&io, 1000, 127, cntlid, 0, opt_subnqn, &res);
	check(st == (NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR) &&
	      res == NVMEOF_CONNECT_INV_SQE(offsetof(struct nvmeof_connect_cmd, qid)),
	      "qid 1000: %#x result %#llx", st, (unsigned long long)res);
	st = q_connect(&io, 1, 1023, cntlid, 0, opt_subnqn, &res);
	check(st == 0 && (res & 0xffff) == cntlid, "I/O Connect, 1024 entries: %#x", st);
	st = q_connect(&io, 1, 127, cntlid, 0, opt_subnqn, NULL);
	check(st == (NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR), "second Connect on a queue: %#x",
	      st);
	q_close(&io);
	q_close(&a);
}

static void test_properties(void)
{
	struct queue q;
	u16 cntlid;
	u64 v = 0;
	int st;

	if (admin_queue(&q, false, &cntlid)) {
		check(0, "admin queue");
		return;
	}
	st = q_admin(&q, NVMEOF_ADMIN_IDENTIFY, 0, NVMEOF_ID_CNS_CTRL, 0, 0, 4096, NULL);
	check(st == (NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR), "Identify before CC.EN: %#x", st);
	st = q_prop(&q, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CAP, true, 0, &v);
	check(st == 0 && NVMEOF_CAP_MQES(v) == 1023 && (NVMEOF_CAP_CSS(v) & NVMEOF_CAP_CSS_NVM),
	      "CAP: %#x %#llx", st, (unsigned long long)v);
	st = q_prop(&q, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_VS, false, 0, &v);
	check(st == 0 && v == NVMEOF_VS(1, 3, 0), "VS: %#x %#llx", st, (unsigned long long)v);
	st = q_prop(&q, NVMEOF_FCTYPE_PROPERTY_GET, 0x1234, false, 0, &v);
	check(st == (NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR), "unknown property: %#x", st);
	st = q_prop(&q, NVMEOF_FCTYPE_PROPERTY_SET, NVMEOF_REG_CC, false, CC_ENABLE, NULL);
	st |= q_prop(&q, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CSTS, false, 0, &v);
	check(st == 0 && (v & NVMEOF_CSTS_RDY), "CSTS.RDY after CC.EN: %#x %#llx", st,
	      (unsigned long long)v);
	st = q_prop(&q, NVMEOF_FCTYPE_PROPERTY_SET, NVMEOF_REG_CC, false,
		    CC_ENABLE | NVMEOF_CC_SHN_NORMAL, NULL);
	st |= q_prop(&q, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CSTS, false, 0, &v);
	check(st == 0 && (v & NVMEOF_CSTS_SHST_MASK) == NVMEOF_CSTS_SHST_COMPLETE,
	      "CSTS.SHST after CC.SHN: %#x %#llx", st, (unsigned long long)v);
	q_close(&q);
}

static void test_admin_checks(void)
{
	struct nvmeof_sqe sqe = { 0 };
	struct queue q;
	u16 cntlid;
	u64 res = 0;
	int st, i;

	if (admin_queue(&q, true, &cntlid)) {
		check(0, "admin queue");
		return;
	}
	st = q_admin(&q, NVMEOF_ADMIN_IDENTIFY, 0, NVMEOF_ID_CNS_CTRL, 0, 0, 4096, NULL);
	check(st == 0, "Identify Controller: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_IDENTIFY, 0, NVMEOF_ID_CNS_CTRL, 0, 0, 1024, NULL);
	check(st == (NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR), "Identify into 1 KiB: %#x",
	      st);
	st = q_admin(&q, NVMEOF_ADMIN_IDENTIFY, 0, 0x55, 0, 0, 4096, NULL);
	check(st == (NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR), "Identify CNS 55h: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_IDENTIFY, 0, NVMEOF_ID_CNS_NS, 0, 0, 4096, NULL);
	check(st == (NVMEOF_SC_INVALID_NS | NVMEOF_SC_DNR), "Identify NS 0: %#x", st);
	/* SMART log: 512 bytes (NUMDL 127), at offset 4096, past its end. */
	st = q_admin(&q, NVMEOF_ADMIN_GET_LOG_PAGE, NVMEOF_NSID_ALL,
		     NVMEOF_LOG_SMART | (127u << 16), 0, 4096, 512, NULL);
	check(st == (NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR), "SMART log at 4096: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_GET_LOG_PAGE, 0, 0x7f | (127u << 16), 0, 0, 512, NULL);
	check(st == (NVMEOF_SC_INVALID_LOG_PAGE | NVMEOF_SC_DNR), "log page 7Fh: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_FORMAT_NVM, 1, 0, 0, 0, 0, NULL);
	check(st == (NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR), "Format NVM: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_SET_FEATURES, 0, NVMEOF_FEAT_NUM_QUEUES, 0x00ff00ff, 0, 0,
		     &res);
	check(st == 0 && res == 0x007f007f, "Number of Queues 256: %#x %#llx", st,
	      (unsigned long long)res);
	st = q_admin(&q, NVMEOF_ADMIN_SET_FEATURES, 0, NVMEOF_FEAT_ASYNC_EVENT, 1u << 31, 0, 0,
		     NULL);
	check(st == (NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR), "AEN config bit 31: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_ABORT, 0, 0, 0, 0, 0, &res);
	check(st == 0 && (res & 1), "Abort: %#x %#llx", st, (unsigned long long)res);

	/* Four AERs park; the fifth is over the limit. */
	for (i = 0; i < 4; i++) {
		memset(&sqe, 0, sizeof(sqe));
		sqe.opcode = NVMEOF_ADMIN_ASYNC_EVENT;
		nvmeof_sgl_set_transport(&sqe.dptr, 0);
		check(!q_send(&q, &sqe, NULL, 0), "send AER %d", i);
	}
	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = NVMEOF_ADMIN_ASYNC_EVENT;
	nvmeof_sgl_set_transport(&sqe.dptr, 0);
	st = q_cmd(&q, &sqe, NULL, 0, NULL);
	check(st == (NVMEOF_SC_ASYNC_LIMIT | NVMEOF_SC_DNR), "fifth AER: %#x", st);
	st = q_admin(&q, NVMEOF_ADMIN_KEEP_ALIVE, 0, 0, 0, 0, 0, NULL);
	check(st == 0, "Keep Alive with AERs parked: %#x", st);
	q_close(&q);
}

/* Authentication Send of @len in-capsule bytes, or Receive into @len bytes. */
static int q_auth(struct queue *q, bool send, const void *msg, u32 len)
{
	struct nvmeof_sqe sqe = { 0 };
	struct nvmeof_auth_send_cmd *c = (struct nvmeof_auth_send_cmd *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = send ? NVMEOF_FCTYPE_AUTH_SEND : NVMEOF_FCTYPE_AUTH_RECV;
	c->secp = NVMEOF_AUTH_SECP_NVME;
	c->spsp0 = NVMEOF_AUTH_SPSP0;
	c->spsp1 = NVMEOF_AUTH_SPSP1;
	/* TL and AL sit at the same offset of the two commands. */
	c->tl = cpu_to_le32(len);
	if (send) {
		nvmeof_sgl_set_incapsule(&c->sgl, 0, len);
		return q_cmd(q, &sqe, msg, len, NULL);
	}
	nvmeof_sgl_set_transport(&sqe.dptr, len);
	return q_cmd(q, &sqe, NULL, 0, NULL);
}

/*
 * A host asked to authenticate that does not: nothing but Authentication
 * Send/Receive runs, on the admin queue and on an I/O queue; after a failed
 * exchange not even those.
 */
static void test_auth_required(void)
{
	const u16 auth_req = NVMEOF_SC_AUTH_REQUIRED | NVMEOF_SC_DNR;
	u8 junk[8] = { NVMEOF_AUTH_TYPE_DHCHAP, NVMEOF_AUTH_ID_REPLY };
	struct queue a, io;
	struct nvmeof_sqe sqe = { 0 };
	u64 res = 0;
	u16 cntlid;
	int st;

	if (q_open(&a)) {
		check(0, "no connection");
		return;
	}
	st = q_connect(&a, 0, ADMIN_SQSIZE, NVMEOF_CNTLID_DYNAMIC, 0, opt_subnqn, &res);
	check(st == 0 && (res & NVMEOF_CONNECT_AUTHREQ_ATR), "admin Connect: %#x result %#llx",
	      st, (unsigned long long)res);
	cntlid = res & 0xffff;
	st = q_prop(&a, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CAP, true, 0, NULL);
	check(st == auth_req, "Property Get before authenticating: %#x", st);
	st = q_prop(&a, NVMEOF_FCTYPE_PROPERTY_SET, NVMEOF_REG_CC, false, CC_ENABLE, NULL);
	check(st == auth_req, "Property Set before authenticating: %#x", st);
	st = q_admin(&a, NVMEOF_ADMIN_IDENTIFY, 0, NVMEOF_ID_CNS_CTRL, 0, 0, 4096, NULL);
	check(st == auth_req, "Identify before authenticating: %#x", st);
	st = q_admin(&a, NVMEOF_ADMIN_KEEP_ALIVE, 0, 0, 0, 0, 0, NULL);
	check(st == auth_req, "Keep Alive before authenticating: %#x", st);

	if (q_open(&io)) {
		check(0, "I/O connection");
		goto out_close_admin;
	}
	res = 0;
	st = q_connect(&io, 1, 127, cntlid, 0, opt_subnqn, &res);
	check(st == 0 && (res & NVMEOF_CONNECT_AUTHREQ_ATR), "I/O Connect: %#x result %#llx",
	      st, (unsigned long long)res);
	sqe.opcode = NVMEOF_CMD_READ;
	sqe.nsid = cpu_to_le32(1);
	nvmeof_sgl_set_transport(&sqe.dptr, 512);
	st = q_cmd(&io, &sqe, NULL, 0, NULL);
	check(st == auth_req, "Read before authenticating: %#x", st);
	q_close(&io);

	/*
	 * A Reply before any Negotiate: the Send completes, the Receive
	 * fetches AUTH_Failure1, and the failed exchange takes no more.
	 */
	st = q_auth(&a, true, junk, sizeof(junk));
	check(st == 0, "Authentication Send of a Reply out of turn: %#x", st);
	st = q_auth(&a, false, NULL, 512);
	check(st == 0, "Authentication Receive of the Failure1: %#x", st);
	st = q_auth(&a, true, junk, sizeof(junk));
	check(st == auth_req, "Authentication Send after the failure: %#x", st);
	st = q_prop(&a, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CAP, true, 0, NULL);
	check(st == auth_req, "Property Get after the failure: %#x", st);
out_close_admin:
	q_close(&a);
}

int main(int argc, char **argv)
{
	bool auth = false;
	int opt;

	while ((opt = getopt(argc, argv, "a:s:n:q:A")) != -1) {
		switch (opt) {
		case 'A': auth = true; break;
		case 'a': opt_addr = optarg; break;
		case 's': opt_port = optarg; break;
		case 'n': opt_subnqn = optarg; break;
		case 'q': opt_hostnqn = optarg; break;
		default: goto usage;
		}
	}
	if (!opt_addr || !opt_subnqn || !opt_hostnqn)
		goto usage;
	if (auth) {
		test_auth_required();
		return check_done(argv[0]);
	}
	test_connect_checks();
	test_io_connect_checks();
	test_properties();
	test_admin_checks();
	return check_done(argv[0]);
usage:
	fprintf(stderr, "usage: %s -a IPV4 [-s PORT] -n SUBNQN -q HOSTNQN [-A]\n", argv[0]);
	return 2;
}
