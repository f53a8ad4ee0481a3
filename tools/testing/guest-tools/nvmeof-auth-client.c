// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-auth-client: a hostile DH-HMAC-CHAP host over NVMe/TCP. Each case
 * opens a fresh admin queue on a target that asks HOSTNQN to authenticate
 * with hmac(sha256), the null group and the untransformed (DHHC-1:00)
 * KEY, then sends what a real host never does: bad transfer lengths,
 * truncated or inconsistent messages, unknown hash and DH group ids,
 * messages out of turn, a Reply of another transaction, a replayed Reply
 * after a good exchange or a re-authentication, an AL too small for the
 * Challenge. Each must get its AUTH_Failure1 reason (or NVMe status), and
 * the failed queue nothing more than Authentication Required. With -T, the
 * last cases stop mid-exchange and wait up to SECS for the target to end
 * the connection by itself (its auth_timeout_s, set lower than KATO).
 *
 * Usage: nvmeof-auth-client -a IPV4 [-s PORT] -n SUBNQN -q HOSTNQN -k KEY [-T SECS]
 * Exit status: 0 when every check passed, 1 otherwise.
 */
/* guest-tool-needs: openssl/hmac.h */
/* guest-tool-srcs: fabrics/auth.c fabrics/ffdhe.c tools/testing/unit/shim/crc32.c */
/* guest-tool-ldlibs: -lcrypto */
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <time.h>

#include "check.h"
#include "tcp_client.h"
#include <nvmeof/auth.h>

#define AUTH_REQ	(NVMEOF_SC_AUTH_REQUIRED | NVMEOF_SC_DNR)
#define INVALID_FIELD	(NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR)
#define HL		32	/* hmac(sha256) */
#define RECV_AL		1024

static struct nvmeof_auth_secret key;
static int opt_stall;

/* What one exchange has seen so far. */
struct xchg {
	struct queue q;
	struct nvmeof_auth_txn txn;
	u8 rbuf[RECV_AL];
	u32 s1;
	u8 c1[HL];
};

/* A fresh admin queue, asked to authenticate. */
static int x_open(struct xchg *x, const char *what)
{
	u64 res = 0;
	int st;

	memset(x, 0, sizeof(*x));
	if (q_open(&x->q)) {
		check(0, "%s: no connection", what);
		return -1;
	}
	x->q.rbuf = x->rbuf;
	x->q.rsize = sizeof(x->rbuf);
	st = q_connect(&x->q, 0, 31, NVMEOF_CNTLID_DYNAMIC, 0, opt_subnqn, &res);
	if (st || !(res & NVMEOF_CONNECT_AUTHREQ_ATR)) {
		check(0, "%s: admin Connect %#x result %#llx, want ATR", what, st,
		      (unsigned long long)res);
		q_close(&x->q);
		return -1;
	}
	return 0;
}

static int x_recv(struct xchg *x, u32 al)
{
	memset(x->rbuf, 0, sizeof(x->rbuf));
	return q_auth(&x->q, false, NULL, al);
}

/* AUTH_Negotiate offering @hash and @group (one each). */
static int x_negotiate(struct xchg *x, u16 t_id, u8 hash, u8 group)
{
	u8 msg[72];
	int len;

	len = nvmeof_auth_negotiate_build(msg, sizeof(msg), t_id, &hash, 1, &group, 1);
	if (len < 0)
		return -1;
	x->txn.t_id = t_id;
	return q_auth(&x->q, true, msg, len);
}

/* Negotiate (sha256, null) and fetch the Challenge; 0 when both went as they should. */
static int x_challenge(struct xchg *x, u16 t_id, const char *what)
{
	struct nvmeof_dhchap_challenge_info ch;
	int st;
	u8 exp;

	st = x_negotiate(x, t_id, NVMEOF_AUTH_HASH_SHA256, NVMEOF_AUTH_DHGROUP_NULL);
	check(st == 0, "%s: Negotiate: %#x", what, st);
	st = x_recv(x, RECV_AL);
	check(st == 0, "%s: Receive of the Challenge: %#x", what, st);
	if (st)
		return -1;
	exp = nvmeof_dhchap_challenge_decode(x->rbuf, RECV_AL, t_id, &ch);
	check(exp == 0 && ch.txn.hash_id == NVMEOF_AUTH_HASH_SHA256 &&
	      ch.txn.dhgid == NVMEOF_AUTH_DHGROUP_NULL && ch.hl == HL,
	      "%s: Challenge: reason %#x hash %u group %u", what, exp, ch.txn.hash_id,
	      ch.txn.dhgid);
	if (exp)
		return -1;
	x->txn = ch.txn;
	x->s1 = ch.seqnum;
	memcpy(x->c1, ch.c1, HL);
	return 0;
}

/* R1 for the challenge @x holds, as transaction @t_id. */
static void x_r1(const struct xchg *x, u16 t_id, u8 *r1)
{
	u8 in[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX];
	unsigned int olen = 0;
	int len;

	len = nvmeof_dhchap_response_input(in, sizeof(in), x->c1, HL, x->s1, t_id,
					   NVMEOF_AUTH_SCC_NONE, false, opt_hostnqn,
					   opt_subnqn);
	if (len < 0 || !HMAC(EVP_sha256(), key.key, key.len, in, len, r1, &olen) ||
	    olen != HL)
		memset(r1, 0, HL);
}

/* A unidirectional Reply of transaction @t_id with response @r1; its length. */
static int x_reply_build(const struct xchg *x, u16 t_id, const u8 *r1, u8 *msg, size_t size)
{
	struct nvmeof_auth_txn txn = x->txn;

	txn.t_id = t_id;
	return nvmeof_dhchap_reply_build(msg, size, &txn, r1, NULL, 0, NULL, 0);
}

/*
 * The next Receive must be AUTH_Failure1 with @want; after it, Send and
 * Property Get get Authentication Required.
 */
static void x_expect_failure1(struct xchg *x, u8 want, const char *what)
{
	u8 exp = 0xff, junk[8] = { 0 };
	int st;

	st = x_recv(x, RECV_AL);
	check(st == 0, "%s: Receive of the Failure1: %#x", what, st);
	if (!st) {
		u8 r = nvmeof_auth_failure_decode(x->rbuf, RECV_AL, NVMEOF_AUTH_ID_FAILURE1,
						  x->txn.t_id, &exp);
		check(r == 0 && exp == want, "%s: Failure1 reason %#x, want %#x (decode %#x)",
		      what, exp, want, r);
	}
	st = q_auth(&x->q, true, junk, sizeof(junk));
	check(st == AUTH_REQ, "%s: Send after the failure: %#x", what, st);
	st = q_prop(&x->q, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CAP, true, 0, NULL);
	check(st == AUTH_REQ, "%s: Property Get after the failure: %#x", what, st);
}

/* A Send of @len bytes from @msg whose command says TL @tl. */
static int q_auth_tl(struct queue *q, const void *msg, u32 len, u32 tl)
{
	struct nvmeof_sqe sqe = { 0 };
	struct nvmeof_auth_send_cmd *c = (struct nvmeof_auth_send_cmd *)&sqe;

	c->opcode = NVMEOF_FABRICS_OPCODE;
	c->fctype = NVMEOF_FCTYPE_AUTH_SEND;
	c->secp = NVMEOF_AUTH_SECP_NVME;
	c->spsp0 = NVMEOF_AUTH_SPSP0;
	c->spsp1 = NVMEOF_AUTH_SPSP1;
	c->tl = cpu_to_le32(tl);
	nvmeof_sgl_set_incapsule(&c->sgl, 0, len);
	return q_cmd(q, &sqe, msg, len, NULL);
}

static void test_negotiate_malformed(void)
{
	u8 msg[72], hash = NVMEOF_AUTH_HASH_SHA256, group = NVMEOF_AUTH_DHGROUP_NULL;
	u8 unknown_hash = 0x07, unknown_group = 0x09;
	struct xchg x;
	int st;

	/* NAPD says two descriptors, TL carries one. */
	if (!x_open(&x, "napd 2 in 72 bytes")) {
		nvmeof_auth_negotiate_build(msg, sizeof(msg), 1, &hash, 1, &group, 1);
		msg[7] = 2;
		x.txn.t_id = 1;
		st = q_auth(&x.q, true, msg, sizeof(msg));
		check(st == 0, "napd 2 in 72 bytes: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD, "napd 2 in 72 bytes");
		q_close(&x.q);
	}
	/* The first 40 bytes of a good Negotiate. */
	if (!x_open(&x, "truncated Negotiate")) {
		nvmeof_auth_negotiate_build(msg, sizeof(msg), 2, &hash, 1, &group, 1);
		x.txn.t_id = 2;
		st = q_auth(&x.q, true, msg, 40);
		check(st == 0, "truncated Negotiate: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD, "truncated Negotiate");
		q_close(&x.q);
	}
	/* Only hash and group ids nobody defined. */
	if (!x_open(&x, "unknown hash id")) {
		st = x_negotiate(&x, 3, unknown_hash, group);
		check(st == 0, "unknown hash id: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_HASH_UNUSABLE, "unknown hash id");
		q_close(&x.q);
	}
	if (!x_open(&x, "unknown DH group id")) {
		st = x_negotiate(&x, 4, hash, unknown_group);
		check(st == 0, "unknown DH group id: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE, "unknown DH group id");
		q_close(&x.q);
	}
}

/* Authentication Send commands the target refuses before reading a message. */
static void test_send_lengths(void)
{
	u8 msg[1200] = { 0 }, hash = NVMEOF_AUTH_HASH_SHA256, group = NVMEOF_AUTH_DHGROUP_NULL;
	struct xchg x;
	int st;

	if (x_open(&x, "bad TL"))
		return;
	st = q_auth_tl(&x.q, msg, 0, 0);
	check(st == INVALID_FIELD, "TL 0: %#x", st);
	st = q_auth_tl(&x.q, msg, sizeof(msg), sizeof(msg));
	check(st == INVALID_FIELD, "TL %zu, over the 1168 bytes of the largest message: %#x",
	      sizeof(msg), st);
	/* TL and the data the command carries disagree. */
	nvmeof_auth_negotiate_build(msg, sizeof(msg), 5, &hash, 1, &group, 1);
	st = q_auth_tl(&x.q, msg, 80, 72);
	check(st == (NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR),
	      "TL 72 with 80 bytes of data: %#x", st);
	/* None of it started an exchange: a good one still runs. */
	check(!x_challenge(&x, 6, "after bad TLs"), "exchange after bad TLs");
	q_close(&x.q);
}

static void test_reply_malformed(void)
{
	u8 r1[HL], msg[256];
	struct xchg x;
	int len, st;

	/* A good response, but for another transaction (a replay). */
	if (!x_open(&x, "Reply of another T_ID") && !x_challenge(&x, 10, "Reply of another T_ID")) {
		x_r1(&x, 9, r1);
		len = x_reply_build(&x, 9, r1, msg, sizeof(msg));
		st = q_auth(&x.q, true, msg, len);
		check(st == 0, "Reply of another T_ID: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE, "Reply of another T_ID");
		q_close(&x.q);
	}
	/* HL of sha384 in a sha256 transaction, TL consistent with it. */
	if (!x_open(&x, "Reply HL 48") && !x_challenge(&x, 11, "Reply HL 48")) {
		x_r1(&x, 11, r1);
		len = x_reply_build(&x, 11, r1, msg, sizeof(msg));
		memset(msg + len, 0, 32);
		msg[6] = 48;	/* HL */
		st = q_auth(&x.q, true, msg, len + 32);
		check(st == 0, "Reply HL 48: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD, "Reply HL 48");
		q_close(&x.q);
	}
	/* Cut after R1: no room for C2. */
	if (!x_open(&x, "truncated Reply") && !x_challenge(&x, 12, "truncated Reply")) {
		x_r1(&x, 12, r1);
		len = x_reply_build(&x, 12, r1, msg, sizeof(msg));
		st = q_auth(&x.q, true, msg, len - HL);
		check(st == 0, "truncated Reply: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD, "truncated Reply");
		q_close(&x.q);
	}
	/* Well formed, wrong response. */
	if (!x_open(&x, "wrong R1") && !x_challenge(&x, 13, "wrong R1")) {
		x_r1(&x, 13, r1);
		r1[0] ^= 1;
		len = x_reply_build(&x, 13, r1, msg, sizeof(msg));
		st = q_auth(&x.q, true, msg, len);
		check(st == 0, "wrong R1: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_FAILED, "wrong R1");
		q_close(&x.q);
	}
}

static void test_out_of_turn(void)
{
	u8 msg[64];
	struct xchg x;
	int len, st;

	/* A second Receive where the Reply belongs. */
	if (!x_open(&x, "second Receive") && !x_challenge(&x, 20, "second Receive")) {
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE, "second Receive");
		q_close(&x.q);
	}
	/* Success2 where the Reply belongs. */
	if (!x_open(&x, "Success2 out of turn") && !x_challenge(&x, 21, "Success2 out of turn")) {
		len = nvmeof_dhchap_success2_build(msg, sizeof(msg), &x.txn);
		st = q_auth(&x.q, true, msg, len);
		check(st == 0, "Success2 out of turn: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE, "Success2 out of turn");
		q_close(&x.q);
	}
	/* A second Negotiate in the middle of the exchange. */
	if (!x_open(&x, "Negotiate mid-exchange") && !x_challenge(&x, 22, "Negotiate mid-exchange")) {
		st = x_negotiate(&x, 22, NVMEOF_AUTH_HASH_SHA256, NVMEOF_AUTH_DHGROUP_NULL);
		check(st == 0, "Negotiate mid-exchange: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE, "Negotiate mid-exchange");
		q_close(&x.q);
	}
	/* AL too small for the Challenge: refused, and the exchange is over. */
	if (!x_open(&x, "AL 16")) {
		u8 junk[8] = { 0 };

		st = x_negotiate(&x, 23, NVMEOF_AUTH_HASH_SHA256, NVMEOF_AUTH_DHGROUP_NULL);
		check(st == 0, "AL 16: Negotiate %#x", st);
		st = x_recv(&x, 16);
		check(st == INVALID_FIELD, "AL 16: Receive %#x", st);
		st = q_auth(&x.q, true, junk, sizeof(junk));
		check(st == AUTH_REQ, "AL 16: Send after it: %#x", st);
		q_close(&x.q);
	}
}

/* A good exchange; 0 when the queue then serves Property Get. */
static int x_authenticate(struct xchg *x, u16 t_id, u8 *reply, int *reply_len, const char *what)
{
	bool rvalid = true;
	const u8 *r2;
	u8 r1[HL], exp;
	int st;

	if (x_challenge(x, t_id, what))
		return -1;
	x_r1(x, t_id, r1);
	*reply_len = x_reply_build(x, t_id, r1, reply, 256);
	st = q_auth(&x->q, true, reply, *reply_len);
	check(st == 0, "%s: Reply %#x", what, st);
	st = x_recv(x, RECV_AL);
	exp = st ? 0xff : nvmeof_dhchap_success1_decode(x->rbuf, RECV_AL, &x->txn, &rvalid, &r2);
	check(st == 0 && exp == 0 && !rvalid, "%s: Success1: %#x reason %#x rvalid %d", what, st,
	      exp, rvalid);
	st = q_prop(&x->q, NVMEOF_FCTYPE_PROPERTY_GET, NVMEOF_REG_CAP, true, 0, NULL);
	check(st == 0, "%s: Property Get once authenticated: %#x", what, st);
	return st ? -1 : 0;
}

static void test_replay(void)
{
	u8 reply[256];
	struct xchg x;
	int len, st;

	/* The good Reply again, once the exchange is over. */
	if (!x_open(&x, "replayed Reply") && !x_authenticate(&x, 30, reply, &len, "replayed Reply")) {
		st = q_auth(&x.q, true, reply, len);
		check(st == 0, "replayed Reply: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE, "replayed Reply");
		q_close(&x.q);
	}
	/* Re-authentication answered with the first transaction's Reply. */
	if (!x_open(&x, "old Reply in a re-authentication") &&
	    !x_authenticate(&x, 31, reply, &len, "old Reply in a re-authentication") &&
	    !x_challenge(&x, 32, "old Reply in a re-authentication")) {
		st = q_auth(&x.q, true, reply, len);
		check(st == 0, "old Reply in a re-authentication: Send %#x", st);
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE,
				  "old Reply in a re-authentication");
		q_close(&x.q);
	}
}

/* Seconds until the target closes @q (reading whatever it sends), or -1. */
static int q_wait_closed(struct queue *q, int limit)
{
	time_t t0 = time(NULL);
	u8 sink[256];

	while (time(NULL) - t0 <= limit) {
		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		n = recv(q->fd, sink, sizeof(sink), 0);
		if (n <= 0)
			return time(NULL) - t0;
	}
	return -1;
}

static void test_stall(void)
{
	struct xchg x;
	int secs;

	/* Asked to authenticate, never starts. */
	if (!x_open(&x, "silent after Connect")) {
		secs = q_wait_closed(&x.q, opt_stall);
		check(secs >= 0, "silent after Connect: still connected after %d s", opt_stall);
		printf("silent after Connect: closed by the target after %d s\n", secs);
		q_close(&x.q);
	}
	/* Fetches the Challenge and stops. */
	if (!x_open(&x, "silent after the Challenge") &&
	    !x_challenge(&x, 40, "silent after the Challenge")) {
		secs = q_wait_closed(&x.q, opt_stall);
		check(secs >= 0, "silent after the Challenge: still connected after %d s", opt_stall);
		printf("silent after the Challenge: closed by the target after %d s\n", secs);
		q_close(&x.q);
	}
	/* Fails and stays: its queue must go too. */
	if (!x_open(&x, "silent after a failure") &&
	    !x_challenge(&x, 41, "silent after a failure")) {
		x_expect_failure1(&x, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE, "silent after a failure");
		secs = q_wait_closed(&x.q, opt_stall);
		check(secs >= 0, "silent after a failure: still connected after %d s", opt_stall);
		printf("silent after a failure: closed by the target after %d s\n", secs);
		q_close(&x.q);
	}
}

int main(int argc, char **argv)
{
	const char *opt_key = NULL;
	int opt;

	check_verbose = true;
	while ((opt = getopt(argc, argv, "a:s:n:q:k:T:")) != -1) {
		switch (opt) {
		case 'a': opt_addr = optarg; break;
		case 's': opt_port = optarg; break;
		case 'n': opt_subnqn = optarg; break;
		case 'q': opt_hostnqn = optarg; break;
		case 'k': opt_key = optarg; break;
		case 'T': opt_stall = atoi(optarg); break;
		default: goto usage;
		}
	}
	if (!opt_addr || !opt_subnqn || !opt_hostnqn || !opt_key)
		goto usage;
	if (nvmeof_auth_secret_parse(opt_key, strlen(opt_key), &key) || key.transform) {
		fprintf(stderr, "%s: -k wants a DHHC-1:00: secret\n", argv[0]);
		return 2;
	}
	test_negotiate_malformed();
	test_send_lengths();
	test_reply_malformed();
	test_out_of_turn();
	test_replay();
	if (opt_stall)
		test_stall();
	return check_done(argv[0]);
usage:
	fprintf(stderr, "usage: %s -a IPV4 [-s PORT] -n SUBNQN -q HOSTNQN -k KEY [-T SECS]\n",
		argv[0]);
	return 2;
}
