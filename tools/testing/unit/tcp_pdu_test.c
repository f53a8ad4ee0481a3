// SPDX-License-Identifier: GPL-2.0-only
/* Malformed NVMe/TCP PDU headers get the FES/FEI a TermReq needs; built ones pass. */
#include <string.h>

#include "ktest.h"
#include <nvmeof/shim.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>

#define FEI_TYPE	0
#define FEI_FLAGS	1
#define FEI_HLEN	2
#define FEI_PDO		3
#define FEI_PLEN	4
#define FEI_DATAL	16

#define INVALID		NVMEOF_TCP_FES_INVALID_PDU_HDR
#define SEQ		NVMEOF_TCP_FES_PDU_SEQ_ERR

/* Both ends of one initialized queue with the given digests. */
static void mk(struct nvmeof_tcp_params *p, enum nvmeof_tcp_role role, bool hd, bool dd)
{
	nvmeof_tcp_params_init(p, role);
	p->ic_done = true;
	p->hdr_digest = hd;
	p->data_digest = dd;
	p->icd_size = 8192;
	p->maxh2cdata = 65536;
}

static void mk_pair(struct nvmeof_tcp_params *host, struct nvmeof_tcp_params *tgt,
		    bool hd, bool dd)
{
	mk(host, NVMEOF_TCP_ROLE_HOST, hd, dd);
	mk(tgt, NVMEOF_TCP_ROLE_TARGET, hd, dd);
}

/* As a receive path does: the common header first, then the whole header. */
static u16 rx(const struct nvmeof_tcp_params *p, const void *buf,
	      struct nvmeof_tcp_result *res)
{
	u16 fes = nvmeof_tcp_validate_hdr(p, buf, sizeof(struct nvmeof_tcp_hdr), res);

	if (fes)
		return fes;
	return nvmeof_tcp_validate_hdr(p, buf, res->hdr_len, res);
}

/* Recompute the header digest after a test edited a header field. */
static void reseal(u8 *buf)
{
	if (buf[1] & NVMEOF_TCP_F_HDGST)
		put_unaligned_le32(nvmeof_tcp_hdgst(buf, buf[2]), buf + buf[2]);
}

static void set_plen(u8 *buf, u32 plen)
{
	put_unaligned_le32(plen, buf + 4);
}

static u32 get_plen(const u8 *buf)
{
	return get_unaligned_le32(buf + 4);
}

#define EXPECT_REJECT(p, buf, want_fes, want_fei)			\
	do {								\
		struct nvmeof_tcp_result _r;				\
		u16 _f = rx(p, buf, &_r);				\
		EXPECT_EQ(_f, want_fes);				\
		EXPECT_EQ(_r.fes, want_fes);				\
		EXPECT_EQ(_r.fei, want_fei);				\
		EXPECT(!_r.complete);					\
	} while (0)

#define EXPECT_ACCEPT(p, buf)						\
	do {								\
		struct nvmeof_tcp_result _r;				\
		EXPECT_EQ(rx(p, buf, &_r), 0);				\
		EXPECT_EQ(_r.fes, 0);					\
		EXPECT(_r.complete);					\
	} while (0)

static const struct nvmeof_sqe test_sqe = { .opcode = 0x01, .command_id = 7 };
static const struct nvmeof_cqe test_cqe = { .command_id = 7 };

/* ---- round trips: what a builder makes, the peer accepts ---- */

TEST(pdu_roundtrip_icreq)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	host.hdr_digest = true;
	host.maxr2t = 3;
	EXPECT_EQ(nvmeof_tcp_build_icreq(buf, &host), 128);
	EXPECT_EQ(rx(&tgt, buf, &r), 0);
	EXPECT(r.complete);
	EXPECT_EQ(r.hdr_len, 128);
	nvmeof_tcp_params_apply_icreq(&tgt, (void *)buf);
	EXPECT(tgt.ic_done);
	EXPECT(tgt.hdr_digest);
	EXPECT(!tgt.data_digest);
	EXPECT_EQ(tgt.maxr2t, 3);
}

TEST(pdu_roundtrip_icresp)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 4; combo++) {
		nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
		host.hdr_digest = combo & 1;
		host.data_digest = combo & 2;
		nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
		nvmeof_tcp_build_icreq(buf, &host);
		nvmeof_tcp_params_apply_icreq(&tgt, (void *)buf);
		tgt.maxh2cdata = 8192;
		EXPECT_EQ(nvmeof_tcp_build_icresp(buf, &tgt), 128);
		EXPECT_ACCEPT(&host, buf);
		nvmeof_tcp_params_apply_icresp(&host, (void *)buf);
		EXPECT(host.ic_done);
		EXPECT_EQ(host.maxh2cdata, 8192);
	}
}

TEST(pdu_roundtrip_capsule_cmd_without_data)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 4; combo++) {
		mk_pair(&host, &tgt, combo & 1, combo & 2);
		EXPECT_EQ(nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0),
			  72 + (combo & 1 ? 4 : 0));
		EXPECT_EQ(buf[3], 0);
		EXPECT(!(buf[1] & NVMEOF_TCP_F_DDGST));
		EXPECT_ACCEPT(&tgt, buf);
	}
}

TEST(pdu_roundtrip_capsule_cmd_with_data)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 8; combo++) {
		mk_pair(&host, &tgt, combo & 1, combo & 2);
		host.cpda = tgt.cpda = combo & 4 ? 7 : 0;
		size_t n = nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 4096);

		EXPECT_EQ(n, buf[3]);
		EXPECT_EQ(rx(&tgt, buf, &r), 0);
		EXPECT(r.complete);
		EXPECT_EQ(r.data_len, 4096);
		EXPECT_EQ(r.hdr_len + r.pad_len + r.data_len + r.ddgst_len, get_plen(buf));
		EXPECT_EQ(buf[3] % ((tgt.cpda + 1) * 4), 0);
	}
}

TEST(pdu_roundtrip_capsule_resp)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 4; combo++) {
		mk_pair(&host, &tgt, combo & 1, combo & 2);
		EXPECT_EQ(nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe), 24 + (combo & 1 ? 4 : 0));
		EXPECT_ACCEPT(&host, buf);
	}
}

TEST(pdu_roundtrip_h2c_data)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 8; combo++) {
		mk_pair(&host, &tgt, combo & 1, combo & 2);
		host.cpda = tgt.cpda = combo & 4 ? 31 : 0;
		nvmeof_tcp_build_h2c_data(buf, &host, 7, 3, 4096, 512, true);
		EXPECT_EQ(rx(&tgt, buf, &r), 0);
		EXPECT(r.complete);
		EXPECT_EQ(r.data_len, 512);
		EXPECT(buf[1] & NVMEOF_TCP_F_DATA_LAST);
		EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 8192, &r), 0);
	}
}

TEST(pdu_roundtrip_c2h_data)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 8; combo++) {
		mk_pair(&host, &tgt, combo & 1, combo & 2);
		host.hpda = tgt.hpda = combo & 4 ? 3 : 0;
		nvmeof_tcp_build_c2h_data(buf, &tgt, 7, 0, 4096, true, true);
		EXPECT_EQ(rx(&host, buf, &r), 0);
		EXPECT(r.complete);
		EXPECT_EQ(r.data_len, 4096);
		EXPECT_EQ(buf[1] & 0x0c, NVMEOF_TCP_F_DATA_LAST | NVMEOF_TCP_F_DATA_SUCCESS);
		EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 4096, &r), 0);
	}
}

TEST(pdu_roundtrip_r2t)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int combo;

	for (combo = 0; combo < 4; combo++) {
		mk_pair(&host, &tgt, combo & 1, combo & 2);
		nvmeof_tcp_build_r2t(buf, &tgt, 7, 9, 0, 65536);
		EXPECT_ACCEPT(&host, buf);
		EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 65536, &r), 0);
	}
}

TEST(pdu_roundtrip_term_carries_fes_fei_and_offending_header)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 bad[200], buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	const struct nvmeof_tcp_term *term = (const void *)buf;
	size_t n;

	mk_pair(&host, &tgt, true, true);
	memset(bad, 0xab, sizeof(bad));
	n = nvmeof_tcp_build_term(buf, &tgt, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				  0x00010002, bad, sizeof(bad));
	EXPECT_EQ(n, 24 + 128);
	EXPECT_EQ(buf[0], NVMEOF_TCP_C2H_TERM);
	EXPECT_EQ(buf[1], 0);
	EXPECT_EQ(nvmeof_tcp_term_fei(term), 0x00010002);
	EXPECT_EQ(buf[10], 0x02);
	EXPECT_EQ(buf[12], 0x01);
	EXPECT_EQ(buf[24 + 127], 0xab);
	EXPECT_EQ(rx(&host, buf, &r), 0);
	EXPECT(r.complete);
	EXPECT_EQ(r.data_len, 128);

	n = nvmeof_tcp_build_term(buf, &host, NVMEOF_TCP_FES_HDR_DIGEST_ERR, 0, bad, 76);
	EXPECT_EQ(n, 24 + 76);
	EXPECT_EQ(buf[0], NVMEOF_TCP_H2C_TERM);
	EXPECT_ACCEPT(&tgt, buf);
}

/* ---- type and direction ---- */

TEST(pdu_rejects_reserved_type_0x08)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	buf[0] = 0x08;
	EXPECT_REJECT(&host, buf, INVALID, FEI_TYPE);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
}

TEST(pdu_rejects_types_above_r2t)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int type;

	mk_pair(&host, &tgt, false, false);
	for (type = 0x0a; type <= 0xff; type++) {
		nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
		buf[0] = type;
		EXPECT_REJECT(&host, buf, INVALID, FEI_TYPE);
		EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
	}
}

TEST(pdu_rejects_c2h_data_at_target)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
}

TEST(pdu_rejects_host_to_controller_types_at_host)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	EXPECT_REJECT(&host, buf, INVALID, FEI_TYPE);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	EXPECT_REJECT(&host, buf, INVALID, FEI_TYPE);
	nvmeof_tcp_build_term(buf, &host, 1, 0, NULL, 0);
	EXPECT_REJECT(&host, buf, INVALID, FEI_TYPE);
}

TEST(pdu_rejects_controller_to_host_types_at_target)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
	nvmeof_tcp_build_term(buf, &tgt, 1, 0, NULL, 0);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
}

TEST(pdu_rejects_icreq_at_host)
{
	struct nvmeof_tcp_params host;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_build_icreq(buf, &host);
	EXPECT_REJECT(&host, buf, INVALID, FEI_TYPE);
}

TEST(pdu_rejects_icresp_at_target)
{
	struct nvmeof_tcp_params tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icresp(buf, &tgt);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_TYPE);
}

/* ---- connection state ---- */

TEST(pdu_rejects_capsule_before_icreq)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	tgt.ic_done = false;
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	EXPECT_REJECT(&tgt, buf, SEQ, 0);
}

TEST(pdu_rejects_h2c_data_before_icreq)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	tgt.ic_done = false;
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	EXPECT_REJECT(&tgt, buf, SEQ, 0);
}

TEST(pdu_rejects_second_icreq)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_icreq(buf, &host);
	EXPECT_REJECT(&tgt, buf, SEQ, 0);
}

TEST(pdu_rejects_response_before_icresp)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	host.ic_done = false;
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	EXPECT_REJECT(&host, buf, SEQ, 0);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	EXPECT_REJECT(&host, buf, SEQ, 0);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	EXPECT_REJECT(&host, buf, SEQ, 0);
}

TEST(pdu_rejects_second_icresp)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_icresp(buf, &tgt);
	EXPECT_REJECT(&host, buf, SEQ, 0);
}

TEST(pdu_accepts_term_before_icresp)
{
	struct nvmeof_tcp_params host, tgt;
	union nvmeof_tcp_hdr_buf icreq;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icreq(&icreq, &host);
	nvmeof_tcp_build_term(buf, &tgt, NVMEOF_TCP_FES_UNSUPPORTED_PARAM, 8, &icreq, 128);
	EXPECT_ACCEPT(&host, buf);
}

TEST(pdu_accepts_term_after_connection_is_up)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_term(buf, &host, SEQ, 0, NULL, 0);
	EXPECT_ACCEPT(&tgt, buf);
}

/* ---- HLEN: exactly the type's fixed header length ---- */

static void expect_hlen_off_by_one_rejected(struct kt *t, const struct nvmeof_tcp_params *rxp,
					    const u8 *good)
{
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	memcpy(buf, good, sizeof(buf));
	buf[2]++;
	EXPECT_REJECT(rxp, buf, INVALID, FEI_HLEN);
	memcpy(buf, good, sizeof(buf));
	buf[2]--;
	EXPECT_REJECT(rxp, buf, INVALID, FEI_HLEN);
}

TEST(pdu_rejects_icreq_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icreq(buf, &host);
	expect_hlen_off_by_one_rejected(t, &tgt, buf);
}

TEST(pdu_rejects_icresp_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icresp(buf, &tgt);
	expect_hlen_off_by_one_rejected(t, &host, buf);
}

TEST(pdu_rejects_term_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_term(buf, &host, SEQ, 0, NULL, 0);
	expect_hlen_off_by_one_rejected(t, &tgt, buf);
	nvmeof_tcp_build_term(buf, &tgt, SEQ, 0, NULL, 0);
	expect_hlen_off_by_one_rejected(t, &host, buf);
}

TEST(pdu_rejects_capsule_cmd_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	expect_hlen_off_by_one_rejected(t, &tgt, buf);
}

TEST(pdu_rejects_capsule_resp_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	expect_hlen_off_by_one_rejected(t, &host, buf);
}

TEST(pdu_rejects_h2c_data_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	expect_hlen_off_by_one_rejected(t, &tgt, buf);
}

TEST(pdu_rejects_c2h_data_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	expect_hlen_off_by_one_rejected(t, &host, buf);
}

TEST(pdu_rejects_r2t_hlen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	expect_hlen_off_by_one_rejected(t, &host, buf);
}

/* ---- PLEN ---- */

static void expect_plen_off_by_one_rejected(struct kt *t, const struct nvmeof_tcp_params *rxp,
					    const u8 *good, u32 fei)
{
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	memcpy(buf, good, sizeof(buf));
	set_plen(buf, get_plen(buf) + 1);
	reseal(buf);
	EXPECT_REJECT(rxp, buf, INVALID, fei);
	memcpy(buf, good, sizeof(buf));
	set_plen(buf, get_plen(buf) - 1);
	reseal(buf);
	EXPECT_REJECT(rxp, buf, INVALID, fei);
}

TEST(pdu_rejects_icreq_plen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icreq(buf, &host);
	expect_plen_off_by_one_rejected(t, &tgt, buf, FEI_PLEN);
}

TEST(pdu_rejects_icresp_plen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icresp(buf, &tgt);
	expect_plen_off_by_one_rejected(t, &host, buf, FEI_PLEN);
}

TEST(pdu_rejects_capsule_cmd_without_data_plen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	int hd;

	for (hd = 0; hd < 2; hd++) {
		u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

		mk_pair(&host, &tgt, hd, false);
		nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
		expect_plen_off_by_one_rejected(t, &tgt, buf, FEI_PLEN);
	}
}

TEST(pdu_rejects_capsule_resp_plen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	int hd;

	for (hd = 0; hd < 2; hd++) {
		u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

		mk_pair(&host, &tgt, hd, true);
		nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
		expect_plen_off_by_one_rejected(t, &host, buf, FEI_PLEN);
	}
}

TEST(pdu_rejects_r2t_plen_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	expect_plen_off_by_one_rejected(t, &host, buf, FEI_PLEN);
}

/* A data PDU's PLEN decides its data length; DATAL must agree with it. */
TEST(pdu_rejects_h2c_data_plen_disagreeing_with_datal)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	expect_plen_off_by_one_rejected(t, &tgt, buf, FEI_DATAL);
}

TEST(pdu_rejects_c2h_data_plen_disagreeing_with_datal)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, true);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, false, false);
	expect_plen_off_by_one_rejected(t, &host, buf, FEI_DATAL);
}

TEST(pdu_rejects_h2c_data_datal_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	put_unaligned_le32(513, buf + 16);
	reseal(buf);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_DATAL);
	put_unaligned_le32(511, buf + 16);
	reseal(buf);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_DATAL);
}

TEST(pdu_rejects_hlen_beyond_plen)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	set_plen(buf, 8);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PLEN);
	set_plen(buf, 0);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PLEN);
}

TEST(pdu_rejects_data_pdu_without_data_bytes)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, true);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	set_plen(buf, buf[3] + 4);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PLEN);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 512);
	set_plen(buf, buf[3] + 4);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PLEN);
}

TEST(pdu_rejects_term_plen_beyond_128_bytes_of_header)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_term(buf, &tgt, SEQ, 0, NULL, 0);
	set_plen(buf, 152);
	EXPECT_ACCEPT(&host, buf);
	set_plen(buf, 153);
	EXPECT_REJECT(&host, buf, INVALID, FEI_PLEN);
}

TEST(pdu_rejects_term_plen_below_hlen)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_term(buf, &host, SEQ, 0, NULL, 0);
	set_plen(buf, 23);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PLEN);
}

/* ---- PDO ---- */

TEST(pdu_rejects_pdo_on_pdus_without_data)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	buf[3] = 24;
	EXPECT_REJECT(&host, buf, INVALID, FEI_PDO);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	buf[3] = 24;
	EXPECT_REJECT(&host, buf, INVALID, FEI_PDO);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_build_icreq(buf, &host);
	buf[3] = 128;
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PDO);
}

TEST(pdu_rejects_pdo_inside_header_digest)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	EXPECT_EQ(buf[3], 28);
	buf[3] = 24;
	set_plen(buf, get_plen(buf) - 4);
	reseal(buf);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PDO);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 512);
	buf[3] = 72;
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PDO);
}

TEST(pdu_rejects_data_pdu_with_zero_pdo)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	buf[3] = 0;
	EXPECT_REJECT(&host, buf, INVALID, FEI_PDO);
}

TEST(pdu_rejects_pdo_off_by_one)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	buf[3] = 25;
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PDO);
	buf[3] = 23;
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PDO);
}

TEST(pdu_rejects_pdo_not_aligned_to_cpda)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	tgt.cpda = 3;	/* 16-byte alignment */
	host.cpda = 0;	/* a sender ignoring it */
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	EXPECT_EQ(buf[3], 24);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_PDO);
	host.cpda = 3;
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	EXPECT_EQ(buf[3], 32);
	EXPECT_ACCEPT(&tgt, buf);
}

TEST(pdu_rejects_pdo_not_aligned_to_hpda)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	host.hpda = 1;	/* 8-byte alignment: 24 + 4 rounds up to 32 */
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	EXPECT_EQ(buf[3], 28);
	EXPECT_REJECT(&host, buf, INVALID, FEI_PDO);
	tgt.hpda = 1;
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	EXPECT_EQ(buf[3], 32);
	EXPECT_ACCEPT(&host, buf);
}

TEST(pdu_reports_pad_and_data_lengths_that_sum_to_plen)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	host.cpda = tgt.cpda = 31;
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 100);
	EXPECT_EQ(rx(&tgt, buf, &r), 0);
	EXPECT_EQ(r.hdr_len, 76);
	EXPECT_EQ(r.pad_len, 128 - 76);
	EXPECT_EQ(r.data_len, 100);
	EXPECT_EQ(r.ddgst_len, 4);
	EXPECT_EQ(get_plen(buf), 128 + 100 + 4);
}

/* ---- FLAGS ---- */

static void expect_flag_bits_rejected(struct kt *t, const struct nvmeof_tcp_params *rxp,
				      const u8 *good, u8 bits)
{
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int bit;

	for (bit = 0; bit < 8; bit++) {
		if (!(bits & (1 << bit)))
			continue;
		memcpy(buf, good, sizeof(buf));
		buf[1] |= 1 << bit;
		EXPECT_REJECT(rxp, buf, INVALID, FEI_FLAGS);
	}
}

TEST(pdu_rejects_any_flag_on_icreq)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icreq(buf, &host);
	expect_flag_bits_rejected(t, &tgt, buf, 0xff);
}

TEST(pdu_rejects_digest_flag_on_icresp_even_when_digests_requested)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	host.hdr_digest = tgt.hdr_digest = true;
	host.data_digest = tgt.data_digest = true;
	nvmeof_tcp_build_icresp(buf, &tgt);
	EXPECT_ACCEPT(&host, buf);
	expect_flag_bits_rejected(t, &host, buf, 0xff);
}

TEST(pdu_rejects_any_flag_on_term)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	nvmeof_tcp_build_term(buf, &tgt, SEQ, 0, NULL, 0);
	expect_flag_bits_rejected(t, &host, buf, 0xff);
}

TEST(pdu_rejects_reserved_flags_on_capsule_cmd)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 512);
	expect_flag_bits_rejected(t, &tgt, buf, 0xfc);
}

TEST(pdu_rejects_reserved_flags_on_capsule_resp)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	expect_flag_bits_rejected(t, &host, buf, 0xfc);
}

TEST(pdu_rejects_reserved_flags_on_h2c_data)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, false);
	expect_flag_bits_rejected(t, &tgt, buf, 0xf8);
}

TEST(pdu_rejects_reserved_flags_on_c2h_data)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	expect_flag_bits_rejected(t, &host, buf, 0xf0);
}

TEST(pdu_rejects_reserved_flags_on_r2t)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	expect_flag_bits_rejected(t, &host, buf, 0xfc);
}

TEST(pdu_rejects_c2h_success_without_last)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, true);
	buf[1] &= ~NVMEOF_TCP_F_DATA_LAST;
	EXPECT_REJECT(&host, buf, INVALID, FEI_FLAGS);
}

/* ---- digests present or absent against the negotiation ---- */

TEST(pdu_rejects_missing_hdgst_flag_when_negotiated)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	tgt.hdr_digest = true;
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_FLAGS);
}

TEST(pdu_rejects_hdgst_flag_when_not_negotiated)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	host.hdr_digest = false;
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	EXPECT_REJECT(&host, buf, INVALID, FEI_FLAGS);
}

TEST(pdu_rejects_missing_ddgst_flag_when_negotiated)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	host.data_digest = true;
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 0, 512, true, false);
	EXPECT_REJECT(&host, buf, INVALID, FEI_FLAGS);
}

TEST(pdu_rejects_ddgst_flag_when_not_negotiated)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, true);
	tgt.data_digest = false;
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 512, true);
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_FLAGS);
}

TEST(pdu_rejects_ddgst_flag_on_capsule_without_data)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, true);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	EXPECT_ACCEPT(&tgt, buf);
	buf[1] |= NVMEOF_TCP_F_DDGST;
	EXPECT_REJECT(&tgt, buf, INVALID, FEI_FLAGS);
}

TEST(pdu_rejects_ddgst_flag_on_capsule_resp)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, true);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	buf[1] |= NVMEOF_TCP_F_DDGST;
	EXPECT_REJECT(&host, buf, INVALID, FEI_FLAGS);
}

TEST(pdu_rejects_header_digest_mismatch)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	buf[8] ^= 0x01;	/* opcode changed after the digest was computed */
	EXPECT_REJECT(&tgt, buf, NVMEOF_TCP_FES_HDR_DIGEST_ERR, 0);
	buf[8] ^= 0x01;
	buf[72] ^= 0x80;	/* the digest itself damaged */
	EXPECT_REJECT(&tgt, buf, NVMEOF_TCP_FES_HDR_DIGEST_ERR, 0);
}

TEST(pdu_header_digest_is_checked_before_type_specific_fields)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 512);
	put_unaligned_le32(0, buf + 16);	/* r2t_length 0, not resealed */
	EXPECT_REJECT(&host, buf, NVMEOF_TCP_FES_HDR_DIGEST_ERR, 0);
}

TEST(pdu_header_digest_is_crc32c_stored_little_endian)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	u32 want;

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	want = ~nvmeof_crc32c_update(~0U, buf, 24);
	EXPECT_EQ(buf[24], want & 0xff);
	EXPECT_EQ(buf[27], want >> 24);
	EXPECT(nvmeof_tcp_hdgst_ok(buf, 24));
}

TEST(pdu_data_digest_over_fragments_matches_one_pass)
{
	u8 data[1000];
	u32 crc, whole;
	int i;

	for (i = 0; i < 1000; i++)
		data[i] = i * 7;
	whole = nvmeof_tcp_ddgst_final(nvmeof_tcp_ddgst_update(nvmeof_tcp_ddgst_init(),
							       data, sizeof(data)));
	crc = nvmeof_tcp_ddgst_init();
	crc = nvmeof_tcp_ddgst_update(crc, data, 1);
	crc = nvmeof_tcp_ddgst_update(crc, data + 1, 511);
	crc = nvmeof_tcp_ddgst_update(crc, data + 512, 0);
	crc = nvmeof_tcp_ddgst_update(crc, data + 512, 488);
	EXPECT_EQ(nvmeof_tcp_ddgst_final(crc), whole);
	EXPECT_EQ(nvmeof_tcp_ddgst_final(nvmeof_tcp_ddgst_update(nvmeof_tcp_ddgst_init(),
								 "123456789", 9)), 0xE3069283);
}

TEST(pdu_data_digest_mismatch_is_detected)
{
	u8 data[512];
	u32 sent, got;

	memset(data, 0x5a, sizeof(data));
	sent = nvmeof_tcp_ddgst_final(nvmeof_tcp_ddgst_update(nvmeof_tcp_ddgst_init(),
							      data, sizeof(data)));
	data[100] ^= 0x04;
	got = nvmeof_tcp_ddgst_final(nvmeof_tcp_ddgst_update(nvmeof_tcp_ddgst_init(),
							     data, sizeof(data)));
	EXPECT(sent != got);
}

/* ---- data limits ---- */

TEST(pdu_rejects_in_capsule_data_beyond_limit)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, true);
	tgt.icd_size = 8192;
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 8192);
	EXPECT_ACCEPT(&tgt, buf);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 8193);
	EXPECT_REJECT(&tgt, buf, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, 0);
}

TEST(pdu_rejects_in_capsule_data_when_none_allowed)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	tgt.icd_size = 0;
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 1);
	EXPECT_REJECT(&tgt, buf, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, 0);
}

TEST(pdu_rejects_h2c_data_beyond_maxh2cdata)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, true);
	tgt.maxh2cdata = 4096;
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 4096, true);
	EXPECT_ACCEPT(&tgt, buf);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0, 4097, true);
	EXPECT_REJECT(&tgt, buf, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, 0);
}

TEST(pdu_rejects_r2t_with_zero_length)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 0);
	EXPECT_REJECT(&host, buf, INVALID, 16);
}

/* ---- data PDUs against their command ---- */

TEST(pdu_xfer_accepts_data_ending_at_transfer_end)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 4096, 4096, true);
	EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 8192, &r), 0);
}

TEST(pdu_xfer_rejects_data_one_byte_past_transfer_end)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_c2h_data(buf, &tgt, 1, 4097, 4096, true, false);
	EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 8192, &r), NVMEOF_TCP_FES_DATA_OUT_OF_RANGE);
	EXPECT_EQ(r.fes, NVMEOF_TCP_FES_DATA_OUT_OF_RANGE);
	EXPECT_EQ(r.fei, 0);
}

TEST(pdu_xfer_rejects_offset_plus_length_wrapping_32_bits)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_h2c_data(buf, &host, 1, 1, 0xffffffff, 2, true);
	EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 0xffffffff, &r), NVMEOF_TCP_FES_DATA_OUT_OF_RANGE);
}

TEST(pdu_xfer_rejects_r2t_past_transfer_end)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_r2t(buf, &tgt, 1, 1, 0, 8193);
	EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 8192, &r), NVMEOF_TCP_FES_DATA_OUT_OF_RANGE);
}

TEST(pdu_xfer_rejects_pdu_without_transfer_fields)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_rsp(buf, &tgt, &test_cqe);
	EXPECT_EQ(nvmeof_tcp_validate_xfer(buf, 8192, &r), INVALID);
	EXPECT_EQ(r.fei, FEI_TYPE);
}

/* ---- ICReq / ICResp bodies ---- */

static void fresh_icreq(u8 *buf, struct nvmeof_tcp_params *tgt)
{
	struct nvmeof_tcp_params host;

	nvmeof_tcp_params_init(&host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icreq(buf, &host);
}

TEST(pdu_rejects_icreq_unknown_pfv_as_unsupported_parameter)
{
	struct nvmeof_tcp_params tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icreq(buf, &tgt);
	buf[8] = 1;
	EXPECT_REJECT(&tgt, buf, NVMEOF_TCP_FES_UNSUPPORTED_PARAM, 8);
}

TEST(pdu_rejects_icreq_hpda_above_31)
{
	struct nvmeof_tcp_params tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icreq(buf, &tgt);
	buf[10] = 31;
	EXPECT_ACCEPT(&tgt, buf);
	buf[10] = 32;
	EXPECT_REJECT(&tgt, buf, INVALID, 10);
}

TEST(pdu_rejects_icreq_reserved_digest_bits)
{
	struct nvmeof_tcp_params tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	int bit;

	for (bit = 2; bit < 8; bit++) {
		fresh_icreq(buf, &tgt);
		buf[11] = 1 << bit;
		EXPECT_REJECT(&tgt, buf, INVALID, 11);
	}
}

TEST(pdu_accepts_icreq_any_maxr2t)
{
	struct nvmeof_tcp_params tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icreq(buf, &tgt);
	put_unaligned_le32(0xffffffff, buf + 12);
	EXPECT_ACCEPT(&tgt, buf);
}

static void fresh_icresp(u8 *buf, struct nvmeof_tcp_params *host)
{
	struct nvmeof_tcp_params tgt;

	nvmeof_tcp_params_init(host, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
	nvmeof_tcp_build_icresp(buf, &tgt);
}

TEST(pdu_rejects_icresp_unknown_pfv_as_unsupported_parameter)
{
	struct nvmeof_tcp_params host;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icresp(buf, &host);
	buf[9] = 1;
	EXPECT_REJECT(&host, buf, NVMEOF_TCP_FES_UNSUPPORTED_PARAM, 8);
}

TEST(pdu_rejects_icresp_cpda_above_31)
{
	struct nvmeof_tcp_params host;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icresp(buf, &host);
	buf[10] = 31;
	EXPECT_ACCEPT(&host, buf);
	buf[10] = 32;
	EXPECT_REJECT(&host, buf, INVALID, 10);
}

TEST(pdu_rejects_icresp_digests_other_than_requested)
{
	struct nvmeof_tcp_params host;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icresp(buf, &host);
	buf[11] = NVMEOF_TCP_DIGEST_HDR;
	EXPECT_REJECT(&host, buf, INVALID, 11);
	host.hdr_digest = true;
	EXPECT_ACCEPT(&host, buf);
	host.data_digest = true;
	EXPECT_REJECT(&host, buf, INVALID, 11);
	buf[11] = 0x04 | NVMEOF_TCP_DIGEST_HDR | NVMEOF_TCP_DIGEST_DATA;
	EXPECT_REJECT(&host, buf, INVALID, 11);
}

TEST(pdu_rejects_icresp_maxdata_below_4096)
{
	struct nvmeof_tcp_params host;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icresp(buf, &host);
	put_unaligned_le32(4096, buf + 12);
	EXPECT_ACCEPT(&host, buf);
	put_unaligned_le32(4092, buf + 12);
	EXPECT_REJECT(&host, buf, INVALID, 12);
	put_unaligned_le32(0, buf + 12);
	EXPECT_REJECT(&host, buf, INVALID, 12);
}

TEST(pdu_rejects_icresp_maxdata_not_dword_multiple)
{
	struct nvmeof_tcp_params host;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	fresh_icresp(buf, &host);
	put_unaligned_le32(4097, buf + 12);
	EXPECT_REJECT(&host, buf, INVALID, 12);
	put_unaligned_le32(4098, buf + 12);
	EXPECT_REJECT(&host, buf, INVALID, 12);
}

/* ---- TermReq body ---- */

TEST(pdu_rejects_term_with_unknown_fes)
{
	struct nvmeof_tcp_params host, tgt;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_term(buf, &tgt, 0, 0, NULL, 0);
	EXPECT_REJECT(&host, buf, INVALID, 8);
	nvmeof_tcp_build_term(buf, &tgt, 7, 0, NULL, 0);
	EXPECT_REJECT(&host, buf, INVALID, 8);
	nvmeof_tcp_build_term(buf, &tgt, NVMEOF_TCP_FES_UNSUPPORTED_PARAM, 0, NULL, 0);
	EXPECT_ACCEPT(&host, buf);
}

/* ---- two-stage use ---- */

TEST(pdu_common_header_alone_tells_how_much_header_to_read)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, true, false);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	EXPECT_EQ(nvmeof_tcp_validate_hdr(&tgt, buf, 8, &r), 0);
	EXPECT(!r.complete);
	EXPECT_EQ(r.hdr_len, 76);
	EXPECT_EQ(nvmeof_tcp_validate_hdr(&tgt, buf, 75, &r), 0);
	EXPECT(!r.complete);
	EXPECT_EQ(nvmeof_tcp_validate_hdr(&tgt, buf, 76, &r), 0);
	EXPECT(r.complete);
}

TEST(pdu_validator_reads_headers_at_any_address)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	union nvmeof_tcp_hdr_buf hb;
	u8 stream[NVMEOF_TCP_HDR_BUF_SIZE + 8] __attribute__((aligned(8)));
	size_t n, shift;

	/* Found by the fuzzer: a PDU following odd-length data is unaligned. */
	mk_pair(&host, &tgt, true, true);
	for (shift = 1; shift < 8; shift++) {
		n = nvmeof_tcp_build_h2c_data(&hb, &host, 1, 1, 0, 512, true);
		memcpy(stream + shift, &hb, n);
		EXPECT_EQ(rx(&tgt, stream + shift, &r), 0);
		EXPECT(r.complete);
		EXPECT_EQ(nvmeof_tcp_validate_xfer(stream + shift, 512, &r), 0);
		n = nvmeof_tcp_build_term(&hb, &tgt, SEQ, 0, &hb, 24);
		memcpy(stream + shift, &hb, n);
		EXPECT_EQ(rx(&host, stream + shift, &r), 0);
		nvmeof_tcp_params_init(&tgt, NVMEOF_TCP_ROLE_TARGET);
		n = nvmeof_tcp_build_icreq(&hb, &host);
		memcpy(stream + shift, &hb, n);
		EXPECT_EQ(rx(&tgt, stream + shift, &r), 0);
		mk(&tgt, NVMEOF_TCP_ROLE_TARGET, true, true);
	}
}

TEST(pdu_refuses_less_than_a_common_header)
{
	struct nvmeof_tcp_params host, tgt;
	struct nvmeof_tcp_result r;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	mk_pair(&host, &tgt, false, false);
	nvmeof_tcp_build_cmd(buf, &host, &test_sqe, 0);
	EXPECT_EQ(nvmeof_tcp_validate_hdr(&tgt, buf, 7, &r), INVALID);
}
