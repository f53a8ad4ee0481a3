/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest tools' minimal NVMe/TCP host queue: ICReq/ICResp, one command
 * at a time with in-capsule data, Connect, Property Get/Set and
 * Authentication Send/Receive, on the core's own PDU and SGL codecs. Each
 * tool sets opt_addr, opt_port, opt_subnqn and opt_hostnqn from its options.
 */
#ifndef NVMEOF_GUEST_TCP_CLIENT_H
#define NVMEOF_GUEST_TCP_CLIENT_H

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

#define TIMEOUT_MS	10000
#define ADMIN_SQSIZE	31
#define CC_ENABLE	(NVMEOF_CC_EN | (NVMEOF_NVM_IOSQES << NVMEOF_CC_IOSQES_SHIFT) | \
			 (NVMEOF_NVM_IOCQES << NVMEOF_CC_IOCQES_SHIFT))

static const char *opt_addr, *opt_port = "4420", *opt_subnqn, *opt_hostnqn;
static const u8 hostid[16] = { 0xad, 0x31, 0x1c, 0x11, 0x7e, 0x57, 0x40, 0x00,
			       0x9a, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 };
static u16 cid = 1;

/* @rbuf, when set, receives C2HData payload at its offset (up to @rsize bytes). */
struct queue {
	int fd;
	struct nvmeof_tcp_params p;
	u8 *rbuf;
	u32 rsize;
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

/* Reads one PDU; the header lands in @h, data goes to q->rbuf or is discarded. */
static int q_recv(struct queue *q, union nvmeof_tcp_hdr_buf *h)
{
	struct nvmeof_tcp_result res;
	u8 sink[512];
	u32 rest, off;

	if (io_all(q->fd, h->raw, sizeof(struct nvmeof_tcp_hdr), false))
		return -1;
	if (nvmeof_tcp_validate_hdr(&q->p, h->raw, sizeof(struct nvmeof_tcp_hdr), &res))
		return -1;
	if (io_all(q->fd, h->raw + sizeof(struct nvmeof_tcp_hdr),
		   res.hdr_len - sizeof(struct nvmeof_tcp_hdr), false))
		return -1;
	if (nvmeof_tcp_validate_hdr(&q->p, h->raw, res.hdr_len, &res))
		return -1;
	if (res.pad_len > sizeof(sink) ||
	    (res.pad_len && io_all(q->fd, sink, res.pad_len, false)))
		return -1;
	off = h->ch.type == NVMEOF_TCP_C2H_DATA ? le32_to_cpu(h->data.data_offset) : 0;
	rest = res.data_len;
	if (q->rbuf && h->ch.type == NVMEOF_TCP_C2H_DATA && off <= q->rsize &&
	    rest <= q->rsize - off) {
		if (io_all(q->fd, q->rbuf + off, rest, false))
			return -1;
		rest = 0;
	}
	for (rest += res.ddgst_len; rest; ) {
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
	q->rbuf = NULL;
	q->rsize = 0;
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

#endif /* NVMEOF_GUEST_TCP_CLIENT_H */
