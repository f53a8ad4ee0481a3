// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-pdu-client: a hostile NVMe/TCP host. Each case opens its own
 * connection, sends one malformed or out-of-order PDU sequence and checks
 * that the target answers with a C2HTermReq carrying the expected FES (and
 * FEI where the spec defines one), then closes the connection.
 *
 * Usage: nvmeof-pdu-client -a ADDR [-s PORT] -n SUBNQN -q HOSTNQN [-I HOSTID] CASE...
 *        nvmeof-pdu-client -l     (list the cases)
 * Exit status: 0 when every case behaved, 1 otherwise.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>
#include <nvmeof/sgl.h>

#define IO_TIMEOUT_MS	10000	/* any single expected PDU */
#define CLOSE_TIMEOUT_MS 8000	/* target closes after its TermReq */
#define CONNECT_LEN	1024
#define KATO_MS		30000
#define IO_QUEUE_SIZE	32	/* the flood case's I/O queue */
#define NO_FEI		0xffffffffu

static const char *opt_addr, *opt_port = "4420", *opt_subnqn, *opt_hostnqn;
static u8 opt_hostid[16] = { 0x6e, 0x76, 0x6d, 0x65, 0x6f, 0x66, 0x2d, 0x70,
			     0x64, 0x75, 0x2d, 0x63, 0x6c, 0x69, 0x65, 0x01 };
static u16 next_cid = 1;
/* KATO the admin queue's Connect asks for; stall-write asks for none. */
static u32 connect_kato_ms = KATO_MS;

struct conn {
	int fd;
	struct nvmeof_tcp_params p;
};

/* One received PDU: header (+digest), then whatever data it carried. */
struct pdu {
	union nvmeof_tcp_hdr_buf h;
	struct nvmeof_tcp_result res;
	u8 data[256];
	bool eof;
};

static const char *cur_case = "";

static void say(const char *fmt, ...)
{
	va_list ap;

	printf("  %s: ", cur_case);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int conn_open(struct conn *c)
{
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6 };
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct sockaddr *sa;
	socklen_t salen;
	int one = 1;

	/* Numeric addresses only: a static binary has no resolver in the guest. */
	memset(c, 0, sizeof(*c));
	if (inet_pton(AF_INET, opt_addr, &sin.sin_addr) == 1) {
		sin.sin_port = htons(atoi(opt_port));
		sa = (struct sockaddr *)&sin;
		salen = sizeof(sin);
	} else if (inet_pton(AF_INET6, opt_addr, &sin6.sin6_addr) == 1) {
		sin6.sin6_port = htons(atoi(opt_port));
		sa = (struct sockaddr *)&sin6;
		salen = sizeof(sin6);
	} else {
		say("%s is not a numeric IPv4 or IPv6 address", opt_addr);
		return -1;
	}
	c->fd = socket(sa->sa_family, SOCK_STREAM, 0);
	if (c->fd < 0 || connect(c->fd, sa, salen)) {
		say("connect %s:%s: %s", opt_addr, opt_port, strerror(errno));
		if (c->fd >= 0)
			close(c->fd);
		return -1;
	}
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	nvmeof_tcp_params_init(&c->p, NVMEOF_TCP_ROLE_HOST);
	return 0;
}

static int send_all(struct conn *c, const void *buf, size_t len)
{
	const u8 *b = buf;

	while (len) {
		ssize_t n = send(c->fd, b, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		b += n;
		len -= n;
	}
	return 0;
}

/* 1 when @len bytes arrived, 0 on EOF first, -ETIMEDOUT or -errno. */
static int recv_all(struct conn *c, void *buf, size_t len, int timeout_ms)
{
	u8 *b = buf;

	while (len) {
		struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
		ssize_t n;
		int rc = poll(&pfd, 1, timeout_ms);

		if (rc == 0)
			return -ETIMEDOUT;
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		n = recv(c->fd, b, len, 0);
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		b += n;
		len -= n;
	}
	return 1;
}

/* Reads one whole PDU, validating its header as a host would. */
static int recv_pdu(struct conn *c, struct pdu *pdu, int timeout_ms)
{
	u32 rest;
	int rc;

	memset(pdu, 0, sizeof(*pdu));
	rc = recv_all(c, pdu->h.raw, sizeof(struct nvmeof_tcp_hdr), timeout_ms);
	if (rc <= 0) {
		pdu->eof = rc == 0 || rc == -ECONNRESET;
		return rc == 0 ? 0 : rc;
	}
	if (nvmeof_tcp_validate_hdr(&c->p, pdu->h.raw, sizeof(struct nvmeof_tcp_hdr), &pdu->res)) {
		say("target sent an invalid header: fes %u fei %u (type 0x%02x)",
		    pdu->res.fes, pdu->res.fei, pdu->h.ch.type);
		return -EPROTO;
	}
	rc = recv_all(c, pdu->h.raw + sizeof(struct nvmeof_tcp_hdr),
		      pdu->res.hdr_len - sizeof(struct nvmeof_tcp_hdr), timeout_ms);
	if (rc <= 0)
		return rc == 0 ? -ECONNRESET : rc;
	if (nvmeof_tcp_validate_hdr(&c->p, pdu->h.raw, pdu->res.hdr_len, &pdu->res)) {
		say("target sent an invalid header: fes %u fei %u (type 0x%02x)",
		    pdu->res.fes, pdu->res.fei, pdu->h.ch.type);
		return -EPROTO;
	}
	rest = pdu->res.pad_len + pdu->res.data_len + pdu->res.ddgst_len;
	while (rest) {
		u32 n = rest < sizeof(pdu->data) ? rest : sizeof(pdu->data);

		rc = recv_all(c, pdu->data, n, timeout_ms);
		if (rc <= 0)
			return rc == 0 ? -ECONNRESET : rc;
		rest -= n;
	}
	return 1;
}

static int do_icreq(struct conn *c, bool hdgst, bool ddgst)
{
	union nvmeof_tcp_hdr_buf b;
	struct pdu pdu;
	size_t len;
	int rc;

	c->p.hdr_digest = hdgst;
	c->p.data_digest = ddgst;
	len = nvmeof_tcp_build_icreq(&b, &c->p);
	if (send_all(c, &b, len))
		return -1;
	rc = recv_pdu(c, &pdu, IO_TIMEOUT_MS);
	if (rc <= 0 || pdu.h.ch.type != NVMEOF_TCP_ICRESP) {
		say("no ICResp (rc %d, type 0x%02x)", rc, pdu.h.ch.type);
		return -1;
	}
	nvmeof_tcp_params_apply_icresp(&c->p, &pdu.h.icresp);
	c->p.icd_size = NVMEOF_TCP_ADMIN_ICDSZ;
	return 0;
}

/* Sends a command, with @len bytes of in-capsule data from @data when @len. */
static int send_cmd(struct conn *c, const struct nvmeof_sqe *sqe, const void *data, u32 len)
{
	union nvmeof_tcp_hdr_buf b;
	size_t hlen = nvmeof_tcp_build_cmd(&b, &c->p, sqe, len);
	u32 dg;

	if (send_all(c, &b, hlen))
		return -1;
	if (!len)
		return 0;
	if (send_all(c, data, len))
		return -1;
	if (c->p.data_digest) {
		dg = nvmeof_tcp_ddgst_final(nvmeof_tcp_ddgst_update(nvmeof_tcp_ddgst_init(),
								    data, len));
		put_unaligned_le32(dg, &dg);
		return send_all(c, &dg, sizeof(dg));
	}
	return 0;
}

static void build_connect(struct nvmeof_sqe *sqe, struct nvmeof_connect_data *cd,
			  u16 qid, u16 sqsize, u16 cntlid, bool incapsule)
{
	struct nvmeof_connect_cmd *cc = (struct nvmeof_connect_cmd *)sqe;

	memset(sqe, 0, sizeof(*sqe));
	cc->opcode = NVMEOF_FABRICS_OPCODE;
	cc->command_id = next_cid++;
	cc->fctype = NVMEOF_FCTYPE_CONNECT;
	sqe->flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	if (incapsule)
		nvmeof_sgl_set_incapsule(&cc->sgl, 0, CONNECT_LEN);
	else
		nvmeof_sgl_set_transport(&cc->sgl, CONNECT_LEN);
	cc->qid = cpu_to_le16(qid);
	cc->sqsize = cpu_to_le16(sqsize);
	cc->kato = cpu_to_le32(qid ? 0 : connect_kato_ms);

	memset(cd, 0, sizeof(*cd));
	memcpy(cd->hostid, opt_hostid, sizeof(cd->hostid));
	cd->cntlid = cpu_to_le16(cntlid);
	snprintf(cd->subsysnqn, sizeof(cd->subsysnqn), "%s", opt_subnqn);
	snprintf(cd->hostnqn, sizeof(cd->hostnqn), "%s", opt_hostnqn);
}

/* Waits for the response to a command; returns its NVMe status, or -1. */
static int wait_rsp(struct conn *c, struct nvmeof_cqe *cqe)
{
	struct pdu pdu;
	int rc;

	rc = recv_pdu(c, &pdu, IO_TIMEOUT_MS);
	if (rc <= 0 || pdu.h.ch.type != NVMEOF_TCP_RSP) {
		say("no CapsuleResp (rc %d, type 0x%02x)", rc, pdu.h.ch.type);
		return -1;
	}
	*cqe = pdu.h.rsp.cqe;
	return le16_to_cpu(cqe->status) >> NVMEOF_CQE_STATUS_SHIFT;
}

static int do_connect(struct conn *c, u16 qid, u16 sqsize, u16 cntlid, u16 *cntlid_out)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;
	struct nvmeof_cqe cqe;
	int st;

	build_connect(&sqe, &cd, qid, sqsize, cntlid, true);
	if (send_cmd(c, &sqe, &cd, sizeof(cd)))
		return -1;
	st = wait_rsp(c, &cqe);
	if (st) {
		say("Connect qid %u failed: status 0x%x", qid, st);
		return -1;
	}
	if (cntlid_out)
		*cntlid_out = le64_to_cpu(cqe.result) & 0xffff;
	return 0;
}

static int prop_set_cc(struct conn *c, u32 cc)
{
	struct nvmeof_prop_set_cmd ps = {
		.opcode = NVMEOF_FABRICS_OPCODE,
		.fctype = NVMEOF_FCTYPE_PROPERTY_SET,
		.offset = cpu_to_le32(NVMEOF_REG_CC),
		.value = cpu_to_le64(cc),
	};
	struct nvmeof_cqe cqe;
	struct nvmeof_sqe sqe;
	int st;

	ps.command_id = next_cid++;
	memcpy(&sqe, &ps, sizeof(sqe));
	sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	/* No data: a zero-length transport descriptor, as Linux hosts send. */
	nvmeof_sgl_set_transport(&sqe.dptr, 0);
	if (send_cmd(c, &sqe, NULL, 0))
		return -1;
	st = wait_rsp(c, &cqe);
	if (st)
		say("Property Set CC failed: status 0x%x", st);
	return st ? -1 : 0;
}

/* Expects the target's C2HTermReq (skipping R2Ts and responses), then the close. */
static int expect_term(struct conn *c, u16 fes, u32 fei)
{
	struct pdu pdu;
	u32 got_fei;
	int rc;

	/* A TermReq is never digested: drop what ICResp negotiated. */
	for (;;) {
		rc = recv_pdu(c, &pdu, IO_TIMEOUT_MS);
		if (rc <= 0) {
			say("expected C2HTermReq with FES 0x%x, got %s", fes,
			    rc == 0 || pdu.eof ? "a closed connection" :
			    rc == -ETIMEDOUT ? "nothing (timeout)" : strerror(-rc));
			return -1;
		}
		if (pdu.h.ch.type == NVMEOF_TCP_C2H_TERM)
			break;
		if (pdu.h.ch.type != NVMEOF_TCP_R2T && pdu.h.ch.type != NVMEOF_TCP_RSP) {
			say("expected C2HTermReq, got PDU type 0x%02x", pdu.h.ch.type);
			return -1;
		}
	}
	got_fei = nvmeof_tcp_term_fei(&pdu.h.term);
	if (le16_to_cpu(pdu.h.term.fes) != fes || (fei != NO_FEI && got_fei != fei)) {
		say("C2HTermReq FES 0x%x FEI %u, expected FES 0x%x FEI %d",
		    le16_to_cpu(pdu.h.term.fes), got_fei, fes, fei == NO_FEI ? -1 : (int)fei);
		return -1;
	}
	say("C2HTermReq FES 0x%x FEI %u, as expected", fes, got_fei);
	rc = recv_pdu(c, &pdu, CLOSE_TIMEOUT_MS);
	if (rc > 0 || rc == -ETIMEDOUT) {
		say("target did not close the connection after its TermReq (rc %d)", rc);
		return -1;
	}
	return 0;
}

/* Expects the target to close the connection without sending anything. */
static int expect_close(struct conn *c, int timeout_ms)
{
	struct pdu pdu;
	int rc = recv_pdu(c, &pdu, timeout_ms);

	if (rc > 0) {
		say("expected a close, got PDU type 0x%02x", pdu.h.ch.type);
		return -1;
	}
	if (rc == -ETIMEDOUT) {
		say("connection still open after %d ms", timeout_ms);
		return -1;
	}
	say("target closed the connection, as expected");
	return 0;
}

/* --- the cases --- */

static int case_bad_hlen(struct conn *c)
{
	union nvmeof_tcp_hdr_buf b;

	nvmeof_tcp_build_icreq(&b, &c->p);
	b.ch.hlen = sizeof(struct nvmeof_tcp_icreq) - 1;
	send_all(c, &b, sizeof(struct nvmeof_tcp_icreq));
	return expect_term(c, NVMEOF_TCP_FES_INVALID_PDU_HDR,
			   offsetof(struct nvmeof_tcp_hdr, hlen));
}

static int case_bad_plen(struct conn *c)
{
	union nvmeof_tcp_hdr_buf b;

	nvmeof_tcp_build_icreq(&b, &c->p);
	b.ch.plen = cpu_to_le32(sizeof(struct nvmeof_tcp_icreq) + 64);
	send_all(c, &b, sizeof(struct nvmeof_tcp_icreq));
	return expect_term(c, NVMEOF_TCP_FES_INVALID_PDU_HDR,
			   offsetof(struct nvmeof_tcp_hdr, plen));
}

static int case_unknown_type(struct conn *c)
{
	union nvmeof_tcp_hdr_buf b;

	if (do_icreq(c, false, false))
		return -1;
	memset(&b, 0, sizeof(b));
	b.ch.type = 0x0a;	/* reserved */
	b.ch.hlen = 24;
	b.ch.plen = cpu_to_le32(24);
	send_all(c, &b, 24);
	return expect_term(c, NVMEOF_TCP_FES_INVALID_PDU_HDR,
			   offsetof(struct nvmeof_tcp_hdr, type));
}

static int case_cmd_before_icreq(struct conn *c)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;

	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, true);
	c->p.icd_size = CONNECT_LEN;
	send_cmd(c, &sqe, &cd, sizeof(cd));
	return expect_term(c, NVMEOF_TCP_FES_PDU_SEQ_ERR, NO_FEI);
}

static int case_cmd_before_connect(struct conn *c)
{
	struct nvmeof_sqe sqe = { .opcode = NVMEOF_ADMIN_IDENTIFY };

	if (do_icreq(c, false, false))
		return -1;
	sqe.command_id = next_cid++;
	sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	sqe.cdw10 = cpu_to_le32(1);	/* CNS 1: controller */
	nvmeof_sgl_set_transport(&sqe.dptr, 4096);
	send_cmd(c, &sqe, NULL, 0);
	return expect_term(c, NVMEOF_TCP_FES_PDU_SEQ_ERR, NO_FEI);
}

static int case_bad_hdgst(struct conn *c)
{
	struct nvmeof_connect_data cd;
	union nvmeof_tcp_hdr_buf b;
	struct nvmeof_sqe sqe;
	size_t hlen;

	if (do_icreq(c, true, false))
		return -1;
	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, true);
	hlen = nvmeof_tcp_build_cmd(&b, &c->p, &sqe, sizeof(cd));
	b.raw[sizeof(struct nvmeof_tcp_cmd_pdu)] ^= 0x5a;	/* the header digest */
	send_all(c, &b, hlen);
	send_all(c, &cd, sizeof(cd));
	return expect_term(c, NVMEOF_TCP_FES_HDR_DIGEST_ERR, NO_FEI);
}

static int case_plen_beyond_icd(struct conn *c)
{
	struct nvmeof_connect_data cd;
	union nvmeof_tcp_hdr_buf b;
	struct nvmeof_sqe sqe;
	size_t hlen;

	if (do_icreq(c, false, false))
		return -1;
	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, true);
	hlen = nvmeof_tcp_build_cmd(&b, &c->p, &sqe, sizeof(cd));
	/* Announce 1 MiB of in-capsule data: far beyond any in-capsule size. */
	b.ch.plen = cpu_to_le32(b.ch.pdo + (1u << 20));
	send_all(c, &b, hlen);
	send_all(c, &cd, sizeof(cd));
	return expect_term(c, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, NO_FEI);
}

/* A Connect whose data the target must solicit: the R2T gives us a live ttag. */
static int connect_via_r2t(struct conn *c, struct nvmeof_tcp_r2t_pdu *r2t, u16 *cid)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;
	struct pdu pdu;
	int rc;

	if (do_icreq(c, false, false))
		return -1;
	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, false);
	*cid = sqe.command_id;
	send_cmd(c, &sqe, NULL, 0);
	rc = recv_pdu(c, &pdu, IO_TIMEOUT_MS);
	if (rc <= 0 || pdu.h.ch.type != NVMEOF_TCP_R2T) {
		say("no R2T for a Connect with a transport SGL (rc %d, type 0x%02x)",
		    rc, pdu.h.ch.type);
		return -1;
	}
	*r2t = pdu.h.r2t;
	if (le32_to_cpu(r2t->r2t_length) != CONNECT_LEN || r2t->r2t_offset) {
		say("R2T asks for %u bytes at %u, expected %u at 0",
		    le32_to_cpu(r2t->r2t_length), le32_to_cpu(r2t->r2t_offset), CONNECT_LEN);
		return -1;
	}
	return 0;
}

static void send_h2c_hdr(struct conn *c, u16 cid, u16 ttag, u32 off, u32 len, bool last)
{
	union nvmeof_tcp_hdr_buf b;
	size_t hlen = nvmeof_tcp_build_h2c_data(&b, &c->p, cid, ttag, off, len, last);

	send_all(c, &b, hlen);
}

static int case_h2c_bad_ttag(struct conn *c)
{
	struct nvmeof_tcp_r2t_pdu r2t;
	u16 cid;

	if (connect_via_r2t(c, &r2t, &cid))
		return -1;
	send_h2c_hdr(c, cid, r2t.ttag + 7, 0, CONNECT_LEN, true);
	return expect_term(c, NVMEOF_TCP_FES_INVALID_PDU_HDR,
			   offsetof(struct nvmeof_tcp_data_pdu, ttag));
}

static int case_h2c_bad_offset(struct conn *c)
{
	struct nvmeof_tcp_r2t_pdu r2t;
	u16 cid;

	if (connect_via_r2t(c, &r2t, &cid))
		return -1;
	send_h2c_hdr(c, cid, r2t.ttag, CONNECT_LEN / 2, CONNECT_LEN / 2, true);
	return expect_term(c, NVMEOF_TCP_FES_INVALID_PDU_HDR,
			   offsetof(struct nvmeof_tcp_data_pdu, data_offset));
}

static int case_h2c_out_of_range(struct conn *c)
{
	struct nvmeof_tcp_r2t_pdu r2t;
	u16 cid;

	if (connect_via_r2t(c, &r2t, &cid))
		return -1;
	send_h2c_hdr(c, cid, r2t.ttag, 0, 2 * CONNECT_LEN, true);
	return expect_term(c, NVMEOF_TCP_FES_DATA_OUT_OF_RANGE, NO_FEI);
}

static int case_h2c_beyond_maxh2c(struct conn *c)
{
	struct nvmeof_tcp_r2t_pdu r2t;
	u16 cid;

	if (connect_via_r2t(c, &r2t, &cid))
		return -1;
	send_h2c_hdr(c, cid, r2t.ttag, 0, c->p.maxh2cdata + 4, true);
	return expect_term(c, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, NO_FEI);
}

/* A real controller with one I/O queue, then more writes than the queue holds. */
static int case_flood(struct conn *admin)
{
	struct conn io;
	u16 cntlid;
	int i, rc;

	if (do_icreq(admin, false, false) ||
	    do_connect(admin, 0, 31, NVMEOF_CNTLID_DYNAMIC, &cntlid) ||
	    prop_set_cc(admin, NVMEOF_CC_EN | (6u << NVMEOF_CC_IOSQES_SHIFT) |
			(4u << NVMEOF_CC_IOCQES_SHIFT)))
		return -1;
	if (conn_open(&io))
		return -1;
	if (do_icreq(&io, false, false) ||
	    do_connect(&io, 1, IO_QUEUE_SIZE - 1, cntlid, NULL)) {
		close(io.fd);
		return -1;
	}
	say("controller %u, I/O queue of %d entries: sending %d writes that wait for R2T data",
	    cntlid, IO_QUEUE_SIZE, IO_QUEUE_SIZE + 1);
	for (i = 0; i < IO_QUEUE_SIZE + 1; i++) {
		struct nvmeof_sqe sqe = { .opcode = NVMEOF_CMD_WRITE };

		sqe.command_id = next_cid++;
		sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
		sqe.nsid = cpu_to_le32(1);
		sqe.cdw12 = cpu_to_le32(7);	/* 8 blocks of 512 B */
		nvmeof_sgl_set_transport(&sqe.dptr, 4096);
		send_cmd(&io, &sqe, NULL, 0);
	}
	rc = expect_term(&io, NVMEOF_TCP_FES_PDU_SEQ_ERR, NO_FEI);
	/* Failing the controller takes its admin queue down too. */
	if (!rc)
		rc = expect_close(admin, CLOSE_TIMEOUT_MS);
	close(io.fd);
	return rc;
}

static int case_half_open(struct conn *c)
{
	union nvmeof_tcp_hdr_buf b;

	nvmeof_tcp_build_icreq(&b, &c->p);
	send_all(c, &b, sizeof(struct nvmeof_tcp_icreq) / 2);
	shutdown(c->fd, SHUT_WR);
	return expect_close(c, CLOSE_TIMEOUT_MS);
}

/* Needs the target's connect_timeout_s below IDLE_WAIT_MS / 1000. */
#define IDLE_WAIT_MS	20000
static int case_idle(struct conn *c)
{
	union nvmeof_tcp_hdr_buf b;

	/* Half an ICReq, then silence: the header never completes. */
	nvmeof_tcp_build_icreq(&b, &c->p);
	send_all(c, &b, 16);
	return expect_close(c, IDLE_WAIT_MS);
}

/* Expects an error CapsuleResp with DNR set for a Connect, then a working target. */
static int expect_connect_error(struct conn *c, const char *what)
{
	struct nvmeof_cqe cqe;
	int st = wait_rsp(c, &cqe);

	if (st < 0)
		return -1;
	if (!st || !(st & NVMEOF_SC_DNR)) {
		say("Connect with %s: status 0x%x, expected an error with DNR", what, st);
		return -1;
	}
	say("Connect with %s: status 0x%x, as expected", what, st);
	return 0;
}

static int case_connect_nqn_unterminated(struct conn *c)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;

	if (do_icreq(c, false, false))
		return -1;
	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, true);
	memset(cd.hostnqn, 'a', sizeof(cd.hostnqn));	/* no NUL anywhere */
	send_cmd(c, &sqe, &cd, sizeof(cd));
	return expect_connect_error(c, "a host NQN without a terminating NUL");
}

static int case_connect_garbage(struct conn *c)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;
	size_t i;

	if (do_icreq(c, false, false))
		return -1;
	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, true);
	srand(6);
	for (i = 0; i < sizeof(cd); i++)
		((u8 *)&cd)[i] = rand() | 0x80;	/* never a NUL, never ASCII */
	send_cmd(c, &sqe, &cd, sizeof(cd));
	return expect_connect_error(c, "random Connect data");
}

static int case_connect_short_data(struct conn *c)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_connect_cmd *cc;
	struct nvmeof_sqe sqe;

	if (do_icreq(c, false, false))
		return -1;
	build_connect(&sqe, &cd, 0, 31, NVMEOF_CNTLID_DYNAMIC, true);
	cc = (struct nvmeof_connect_cmd *)&sqe;
	/* The SGL and the PDU both say 512 bytes: a consistent, truncated Connect. */
	nvmeof_sgl_set_incapsule(&cc->sgl, 0, CONNECT_LEN / 2);
	send_cmd(c, &sqe, &cd, CONNECT_LEN / 2);
	return expect_connect_error(c, "512 bytes of Connect data");
}

static int case_connect_wrong_cntlid(struct conn *c)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;

	/* An I/O queue of a controller that does not exist. */
	if (do_icreq(c, false, false))
		return -1;
	build_connect(&sqe, &cd, 1, 31, 0xfff0, true);
	send_cmd(c, &sqe, &cd, sizeof(cd));
	return expect_connect_error(c, "an I/O queue of controller 0xfff0");
}

/* First half of the data, then the first half again: the offset went back. */
static int case_h2c_rewind(struct conn *c)
{
	struct nvmeof_tcp_r2t_pdu r2t;
	static u8 zero[CONNECT_LEN / 2];
	u16 cid;

	if (connect_via_r2t(c, &r2t, &cid))
		return -1;
	send_h2c_hdr(c, cid, r2t.ttag, 0, CONNECT_LEN / 2, false);
	send_all(c, zero, sizeof(zero));
	send_h2c_hdr(c, cid, r2t.ttag, 0, CONNECT_LEN / 2, true);
	send_all(c, zero, sizeof(zero));
	return expect_term(c, NVMEOF_TCP_FES_INVALID_PDU_HDR,
			   offsetof(struct nvmeof_tcp_data_pdu, data_offset));
}

/* A whole ICReq/ICResp, then silence: the target must not wait forever for Connect. */
static int case_idle_after_icreq(struct conn *c)
{
	if (do_icreq(c, false, false))
		return -1;
	return expect_close(c, IDLE_WAIT_MS);
}

/* In-capsule data on an I/O queue beyond what its ICResp/IOCCSZ allows. */
static int case_icd_over_ioccsz(struct conn *admin)
{
	static u8 data[64 << 10];
	struct conn io;
	u16 cntlid;
	int rc;

	if (do_icreq(admin, false, false) ||
	    do_connect(admin, 0, 31, NVMEOF_CNTLID_DYNAMIC, &cntlid) ||
	    prop_set_cc(admin, NVMEOF_CC_EN | (6u << NVMEOF_CC_IOSQES_SHIFT) |
			(4u << NVMEOF_CC_IOCQES_SHIFT)))
		return -1;
	if (conn_open(&io))
		return -1;
	if (do_icreq(&io, false, false) ||
	    do_connect(&io, 1, IO_QUEUE_SIZE - 1, cntlid, NULL)) {
		close(io.fd);
		return -1;
	}
	{
		struct nvmeof_sqe sqe = { .opcode = NVMEOF_CMD_WRITE };

		sqe.command_id = next_cid++;
		sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
		sqe.nsid = cpu_to_le32(1);
		sqe.cdw12 = cpu_to_le32(sizeof(data) / 512 - 1);
		nvmeof_sgl_set_incapsule(&sqe.dptr, 0, sizeof(data));
		io.p.icd_size = sizeof(data);	/* lie to our own builder */
		send_cmd(&io, &sqe, data, sizeof(data));
	}
	rc = expect_term(&io, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, NO_FEI);
	close(io.fd);
	return rc;
}

/*
 * A controller with keep-alive off and one write on its I/O queue whose
 * R2T is never answered: only the target's data timeout (h2c_timeout_s,
 * below STALL_WAIT_MS / 1000) can end it. Prints when the R2T came (the
 * test then disables the namespace) and how long the target took to close
 * the queue.
 */
#define STALL_WAIT_MS	120000
static int case_stall_write(struct conn *admin)
{
	struct nvmeof_sqe sqe = { .opcode = NVMEOF_CMD_WRITE };
	struct timespec t0, t1;
	struct conn io;
	struct pdu pdu;
	u16 cntlid;
	int rc;

	connect_kato_ms = 0;
	rc = do_icreq(admin, false, false) ||
	     do_connect(admin, 0, 31, NVMEOF_CNTLID_DYNAMIC, &cntlid) ||
	     prop_set_cc(admin, NVMEOF_CC_EN | (6u << NVMEOF_CC_IOSQES_SHIFT) |
			 (4u << NVMEOF_CC_IOCQES_SHIFT));
	connect_kato_ms = KATO_MS;
	if (rc || conn_open(&io))
		return -1;
	if (do_icreq(&io, false, false) ||
	    do_connect(&io, 1, IO_QUEUE_SIZE - 1, cntlid, NULL)) {
		close(io.fd);
		return -1;
	}
	sqe.command_id = next_cid++;
	sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	sqe.nsid = cpu_to_le32(1);
	sqe.cdw12 = cpu_to_le32(7);	/* 8 blocks of 512 B */
	nvmeof_sgl_set_transport(&sqe.dptr, 4096);
	send_cmd(&io, &sqe, NULL, 0);
	rc = recv_pdu(&io, &pdu, IO_TIMEOUT_MS);
	if (rc <= 0 || pdu.h.ch.type != NVMEOF_TCP_R2T) {
		say("no R2T for a 4 KiB write (rc %d, type 0x%02x)", rc, pdu.h.ch.type);
		close(io.fd);
		return -1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	say("controller %u, keep-alive off: R2T for write %#x received, withholding its data",
	    cntlid, sqe.command_id);
	rc = expect_close(&io, STALL_WAIT_MS);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	say("the target closed the I/O queue %ld s after the R2T",
	    (long)(t1.tv_sec - t0.tv_sec));
	/* The controller is failed with it: its admin queue goes too. */
	if (!rc)
		rc = expect_close(admin, CLOSE_TIMEOUT_MS);
	close(io.fd);
	return rc;
}

/*
 * A controller whose host the ACL then drops: the admin queue connects and
 * enables, the case waits for a line on stdin (the test changes the ACL
 * meanwhile), then an I/O-queue Connect must be refused with Connect Invalid
 * Host.
 */
static int case_io_connect_after_acl(struct conn *admin)
{
	struct nvmeof_connect_data cd;
	struct nvmeof_sqe sqe;
	struct nvmeof_cqe cqe;
	char line[16];
	struct conn io;
	u16 cntlid;
	int st;

	if (do_icreq(admin, false, false) ||
	    do_connect(admin, 0, 31, NVMEOF_CNTLID_DYNAMIC, &cntlid) ||
	    prop_set_cc(admin, NVMEOF_CC_EN | (6u << NVMEOF_CC_IOSQES_SHIFT) |
			(4u << NVMEOF_CC_IOCQES_SHIFT)))
		return -1;
	printf("controller %u: admin queue up, waiting for a line on stdin\n", cntlid);
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin)) {
		say("stdin closed before the ACL change");
		return -1;
	}
	if (conn_open(&io))
		return -1;
	if (do_icreq(&io, false, false)) {
		close(io.fd);
		return -1;
	}
	build_connect(&sqe, &cd, 1, IO_QUEUE_SIZE - 1, cntlid, true);
	st = send_cmd(&io, &sqe, &cd, sizeof(cd)) ? -1 : wait_rsp(&io, &cqe);
	close(io.fd);
	if (st == (NVMEOF_SC_CONNECT_INVALID_HOST | NVMEOF_SC_DNR)) {
		say("I/O-queue Connect refused: Connect Invalid Host (0x%x)", st);
		return 0;
	}
	say("I/O-queue Connect of controller %u after the ACL change: status 0x%x, want 0x%x",
	    cntlid, st, NVMEOF_SC_CONNECT_INVALID_HOST | NVMEOF_SC_DNR);
	return -1;
}

#define PIN_WRITES	31		/* one below the I/O queue's entries */
#define PIN_XFER	(4u << 20)	/* the target's largest transfer */
#define PIN_QUIET_MS	1500		/* no further R2T this long: that is all */

/* Sends @len zero bytes of command @cid's data, split by MAXH2CDATA. */
static int send_zero_data(struct conn *c, u16 cid, u16 ttag, u32 len)
{
	static u8 zero[65536];
	u32 off = 0, chunk = c->p.maxh2cdata ? c->p.maxh2cdata : len;

	while (off < len) {
		u32 n = len - off < chunk ? len - off : chunk, k;

		send_h2c_hdr(c, cid, ttag, off, n, off + n == len);
		for (k = 0; k < n; k += sizeof(zero))
			if (send_all(c, zero, n - k < sizeof(zero) ? n - k : sizeof(zero)))
				return -1;
		off += n;
	}
	return 0;
}

/*
 * Memory a host can make the target hold: PIN_WRITES writes of 4 MiB on one
 * I/O queue, data withheld. Counts the R2Ts (each is a data buffer the
 * target allocated), waits for a line on stdin (the test measures the
 * target's memory meanwhile), then sends one write's data: its response
 * must come, and with the budget it frees an R2T for a write that waited.
 */
static int case_pin_writes(struct conn *admin)
{
	struct nvmeof_tcp_r2t_pdu first = { };
	struct conn io;
	struct pdu pdu;
	char line[16];
	int i, r2ts = 0, rc = -1;
	bool rsp = false, more = false;
	u16 cntlid;

	if (do_icreq(admin, false, false) ||
	    do_connect(admin, 0, 31, NVMEOF_CNTLID_DYNAMIC, &cntlid) ||
	    prop_set_cc(admin, NVMEOF_CC_EN | (6u << NVMEOF_CC_IOSQES_SHIFT) |
			(4u << NVMEOF_CC_IOCQES_SHIFT)))
		return -1;
	if (conn_open(&io))
		return -1;
	if (do_icreq(&io, false, false) ||
	    do_connect(&io, 1, IO_QUEUE_SIZE - 1, cntlid, NULL))
		goto out;
	for (i = 0; i < PIN_WRITES; i++) {
		struct nvmeof_sqe sqe = { .opcode = NVMEOF_CMD_WRITE };

		sqe.command_id = next_cid++;
		sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
		sqe.nsid = cpu_to_le32(1);
		sqe.cdw12 = cpu_to_le32(PIN_XFER / 512 - 1);
		nvmeof_sgl_set_transport(&sqe.dptr, PIN_XFER);
		if (send_cmd(&io, &sqe, NULL, 0))
			goto out;
	}
	while (recv_pdu(&io, &pdu, PIN_QUIET_MS) > 0) {
		if (pdu.h.ch.type != NVMEOF_TCP_R2T) {
			say("unexpected PDU type 0x%02x while the writes wait", pdu.h.ch.type);
			goto out;
		}
		if (!r2ts++)
			first = pdu.h.r2t;
	}
	printf("R2Ts for %d of %d writes of %u KiB: holding, waiting for a line on stdin\n",
	       r2ts, PIN_WRITES, PIN_XFER >> 10);
	fflush(stdout);
	if (!r2ts || !fgets(line, sizeof(line), stdin))
		goto out;
	if (send_zero_data(&io, first.command_id, first.ttag, le32_to_cpu(first.r2t_length)))
		goto out;
	while (recv_pdu(&io, &pdu, IO_TIMEOUT_MS) > 0 && !(rsp && more)) {
		if (pdu.h.ch.type == NVMEOF_TCP_RSP && pdu.h.rsp.cqe.command_id == first.command_id) {
			rsp = !(le16_to_cpu(pdu.h.rsp.cqe.status) >> NVMEOF_CQE_STATUS_SHIFT);
			if (!rsp) {
				say("write %#x failed", first.command_id);
				goto out;
			}
		} else if (pdu.h.ch.type == NVMEOF_TCP_R2T) {
			more = true;
		}
	}
	say("write %#x with its data: %s; %s", first.command_id,
	    rsp ? "completed" : "no response", more ? "then an R2T for a waiting write" :
	    "no further R2T");
	rc = rsp && (more || r2ts == PIN_WRITES) ? 0 : -1;
out:
	close(io.fd);
	return rc;
}

#define STORM_ROUNDS	3
#define STORM_SOCKETS	200
/*
 * Hundreds of connections at once: every one sends an ICReq, one in ten
 * becomes an admin queue of its own controller, then all vanish, half with a
 * RST and half with a FIN. Then a new controller must still come up.
 */
static int case_storm(struct conn *c)
{
	static struct conn s[STORM_SOCKETS];
	struct linger rst = { .l_onoff = 1, .l_linger = 0 };
	int r, i, n, ok, ctrls;

	for (r = 0; r < STORM_ROUNDS; r++) {
		union nvmeof_tcp_hdr_buf b;
		struct pdu pdu;

		for (n = 0; n < STORM_SOCKETS; n++) {
			if (conn_open(&s[n]))
				break;
			nvmeof_tcp_build_icreq(&b, &s[n].p);
			if (send_all(&s[n], &b, sizeof(struct nvmeof_tcp_icreq)))
				break;
		}
		ok = 0;
		ctrls = 0;
		for (i = 0; i < n; i++) {
			if (recv_pdu(&s[i], &pdu, IO_TIMEOUT_MS) <= 0 ||
			    pdu.h.ch.type != NVMEOF_TCP_ICRESP)
				continue;
			ok++;
			nvmeof_tcp_params_apply_icresp(&s[i].p, &pdu.h.icresp);
			s[i].p.icd_size = NVMEOF_TCP_ADMIN_ICDSZ;
			if (i % 10 == 0 &&
			    !do_connect(&s[i], 0, 31, NVMEOF_CNTLID_DYNAMIC, NULL))
				ctrls++;
		}
		for (i = 0; i < n; i++) {
			if (i % 2)
				setsockopt(s[i].fd, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst));
			close(s[i].fd);
		}
		say("round %d: %d connections opened, %d ICResps, %d controllers", r + 1,
		    n, ok, ctrls);
		if (n != STORM_SOCKETS || ok != n || ctrls != (n + 9) / 10)
			return -1;
	}
	/* @c sat idle through the storm: the target rightly closed it by now. */
	close(c->fd);
	if (conn_open(c))
		return -1;
	if (do_icreq(c, false, false) || do_connect(c, 0, 31, NVMEOF_CNTLID_DYNAMIC, NULL))
		return -1;
	say("a new controller after the storm: fine");
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct conn *c);
	const char *what;
} cases[] = {
	{ "bad-hlen", case_bad_hlen, "ICReq with HLEN 127" },
	{ "bad-plen", case_bad_plen, "ICReq with PLEN beyond its header" },
	{ "unknown-type", case_unknown_type, "reserved PDU type 0x0a" },
	{ "cmd-before-icreq", case_cmd_before_icreq, "CapsuleCmd before ICReq" },
	{ "cmd-before-connect", case_cmd_before_connect, "Identify before Connect" },
	{ "bad-hdgst", case_bad_hdgst, "CapsuleCmd with a wrong header digest" },
	{ "plen-beyond-icd", case_plen_beyond_icd, "CapsuleCmd announcing 1 MiB in-capsule data" },
	{ "h2c-bad-ttag", case_h2c_bad_ttag, "H2CData with an unknown transfer tag" },
	{ "h2c-bad-offset", case_h2c_bad_offset, "H2CData at an unexpected offset" },
	{ "h2c-out-of-range", case_h2c_out_of_range, "H2CData past the end of the transfer" },
	{ "h2c-beyond-maxh2c", case_h2c_beyond_maxh2c, "H2CData larger than MAXH2CDATA" },
	{ "flood", case_flood, "more commands than the I/O queue has entries" },
	{ "half-open", case_half_open, "half an ICReq, then FIN" },
	{ "idle", case_idle, "half an ICReq, then silence" },
	{ "connect-nqn-unterminated", case_connect_nqn_unterminated,
	  "Connect whose host NQN has no NUL" },
	{ "connect-garbage", case_connect_garbage, "Connect with random data" },
	{ "connect-short-data", case_connect_short_data, "Connect with 512 bytes of data" },
	{ "connect-wrong-cntlid", case_connect_wrong_cntlid,
	  "I/O queue Connect to a controller that does not exist" },
	{ "h2c-rewind", case_h2c_rewind, "H2CData going back to an offset already sent" },
	{ "idle-after-icreq", case_idle_after_icreq, "ICReq, then no Connect" },
	{ "icd-over-ioccsz", case_icd_over_ioccsz, "64 KiB in-capsule write on an I/O queue" },
	{ "storm", case_storm, "600 connections, 60 controllers, all dropped" },
	{ "io-connect-after-acl", case_io_connect_after_acl,
	  "an I/O-queue Connect after the host was dropped from the ACL (waits for stdin)" },
	{ "pin-writes", case_pin_writes,
	  "31 writes of 4 MiB whose data is withheld: R2Ts counted (waits for stdin)" },
	{ "stall-write", case_stall_write,
	  "a write whose R2T is never answered, keep-alive off" },
};

static int parse_hostid(const char *s)
{
	int i, n = 0;
	unsigned int v;

	for (i = 0; s[i] && n < 16; ) {
		if (s[i] == '-') {
			i++;
			continue;
		}
		if (sscanf(s + i, "%2x", &v) != 1)
			return -1;
		opt_hostid[n++] = v;
		i += 2;
	}
	return n == 16 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int opt, i, failed = 0;
	size_t k;

	while ((opt = getopt(argc, argv, "a:s:n:q:I:l")) != -1) {
		switch (opt) {
		case 'a': opt_addr = optarg; break;
		case 's': opt_port = optarg; break;
		case 'n': opt_subnqn = optarg; break;
		case 'q': opt_hostnqn = optarg; break;
		case 'I':
			if (parse_hostid(optarg)) {
				fprintf(stderr, "bad host ID %s\n", optarg);
				return 2;
			}
			break;
		case 'l':
			for (k = 0; k < ARRAY_SIZE(cases); k++)
				printf("%-20s %s\n", cases[k].name, cases[k].what);
			return 0;
		default:
			goto usage;
		}
	}
	if (!opt_addr || !opt_subnqn || !opt_hostnqn || optind >= argc)
		goto usage;

	for (i = optind; i < argc; i++) {
		struct conn c;
		int rc = -1;

		for (k = 0; k < ARRAY_SIZE(cases); k++)
			if (!strcmp(cases[k].name, argv[i]))
				break;
		if (k == ARRAY_SIZE(cases)) {
			fprintf(stderr, "unknown case %s (-l lists them)\n", argv[i]);
			return 2;
		}
		cur_case = cases[k].name;
		printf("case %s: %s\n", cases[k].name, cases[k].what);
		if (!conn_open(&c)) {
			rc = cases[k].fn(&c);
			close(c.fd);
		}
		printf("%s %s\n", rc ? "FAIL" : "PASS", cases[k].name);
		failed |= rc != 0;
	}
	return failed;

usage:
	fprintf(stderr,
		"usage: %s -a ADDR [-s PORT] -n SUBNQN -q HOSTNQN [-I HOSTID] CASE...\n"
		"       %s -l\n", argv[0], argv[0]);
	return 2;
}
