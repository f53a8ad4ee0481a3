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
#include "check.h"
#include "tcp_client.h"

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
