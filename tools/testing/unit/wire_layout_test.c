// SPDX-License-Identifier: GPL-2.0-only
/* Fabrics, identify, log and RDMA CM structures as the wire sees them, byte by byte. */
#include <string.h>

#include "ktest.h"
#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/rdma.h>

TEST(connect_data_hostnqn_lands_at_byte_512)
{
	struct nvmeof_connect_data d;
	const u8 *raw = (const u8 *)&d;

	memset(&d, 0, sizeof(d));
	strcpy(d.hostnqn, "nqn.2014-08.org.nvmexpress:uuid:1");
	strcpy(d.subsysnqn, "nqn.sub");
	d.cntlid = cpu_to_le16(0xfffe);
	d.hostid[15] = 0x42;
	EXPECT(memcmp(raw + 512, "nqn.2014-08", 11) == 0);
	EXPECT(memcmp(raw + 256, "nqn.sub", 8) == 0);
	EXPECT_EQ(raw[15], 0x42);
	EXPECT_EQ(raw[16], 0xfe);
	EXPECT_EQ(raw[17], 0xff);
}

TEST(connect_cmd_fields_land_at_spec_offsets)
{
	struct nvmeof_connect_cmd c;
	const u8 *raw = (const u8 *)&c;

	memset(&c, 0, sizeof(c));
	c.opcode = NVMEOF_FABRICS_OPCODE;
	c.fctype = NVMEOF_FCTYPE_CONNECT;
	c.sgl.type = 0x01;
	c.qid = cpu_to_le16(3);
	c.sqsize = cpu_to_le16(127);
	c.cattr = NVMEOF_CONNECT_CATTR_DISABLE_SQFLOW;
	c.kato = cpu_to_le32(5000);
	EXPECT_EQ(raw[0], 0x7f);
	EXPECT_EQ(raw[4], 0x01);
	EXPECT_EQ(raw[39], 0x01);
	EXPECT_EQ(raw[42], 3);
	EXPECT_EQ(raw[44], 127);
	EXPECT_EQ(raw[46], 0x04);
	EXPECT_EQ(raw[48], 5000 & 0xff);
	EXPECT_EQ(raw[49], 5000 >> 8);
}

TEST(connect_cmd_overlays_the_generic_sqe)
{
	struct nvmeof_sqe sqe;
	struct nvmeof_connect_cmd c;

	memset(&c, 0, sizeof(c));
	c.fctype = NVMEOF_FCTYPE_CONNECT;
	c.qid = cpu_to_le16(0x1234);
	memcpy(&sqe, &c, sizeof(sqe));
	EXPECT_EQ(le32_to_cpu(sqe.nsid) & 0xff, NVMEOF_FCTYPE_CONNECT);
	EXPECT_EQ(le32_to_cpu(sqe.cdw10) >> 16, 0x1234);
}

TEST(connect_invalid_param_result_encodes_iattr_and_ipo)
{
	EXPECT_EQ(NVMEOF_CONNECT_INV_DATA(offsetof(struct nvmeof_connect_data, hostnqn)),
		  0x10200);
	EXPECT_EQ(NVMEOF_CONNECT_INV_SQE(offsetof(struct nvmeof_connect_cmd, qid)), 42);
	EXPECT_EQ(NVMEOF_CONNECT_IPO(0x10200u), 512);
}

TEST(prop_set_value_lands_at_byte_48)
{
	struct nvmeof_prop_set_cmd c;
	const u8 *raw = (const u8 *)&c;

	memset(&c, 0, sizeof(c));
	c.attrib = NVMEOF_PROP_ATTRIB_SIZE_4;
	c.offset = cpu_to_le32(NVMEOF_REG_CC);
	c.value = cpu_to_le64(NVMEOF_CC_EN | NVMEOF_CC_SHN_NORMAL);
	EXPECT_EQ(raw[44], 0x14);
	EXPECT_EQ(raw[48], 0x01);
	EXPECT_EQ(raw[49], 0x40);
}

TEST(prop_get_attrib_and_offset_land_at_40_and_44)
{
	struct nvmeof_prop_get_cmd c;
	const u8 *raw = (const u8 *)&c;

	memset(&c, 0, sizeof(c));
	c.attrib = NVMEOF_PROP_ATTRIB_SIZE_8;
	c.offset = cpu_to_le32(NVMEOF_REG_CSTS);
	EXPECT_EQ(raw[40], 1);
	EXPECT_EQ(raw[44], 0x1c);
}

TEST(disc_log_hdr_numrec_at_8_recfmt_at_16)
{
	struct nvmeof_disc_log_hdr h;
	const u8 *raw = (const u8 *)&h;

	memset(&h, 0, sizeof(h));
	h.genctr = cpu_to_le64(0x0102030405060708ull);
	h.numrec = cpu_to_le64(9);
	h.recfmt = cpu_to_le16(0x0a0b);
	EXPECT_EQ(raw[0], 0x08);
	EXPECT_EQ(raw[7], 0x01);
	EXPECT_EQ(raw[8], 9);
	EXPECT_EQ(raw[16], 0x0b);
	EXPECT_EQ(raw[17], 0x0a);
}

TEST(disc_entry_rdma_tsas_pkey_lands_at_byte_776)
{
	struct nvmeof_disc_log_entry e;
	const u8 *raw = (const u8 *)&e;

	memset(&e, 0, sizeof(e));
	e.tsas.rdma.qptype = 1;
	e.tsas.rdma.cms = 1;
	e.tsas.rdma.pkey = cpu_to_le16(0x8001);
	e.tsas.tcp.sectype = NVMEOF_TCP_SECTYPE_TLS13;
	EXPECT_EQ(raw[768], NVMEOF_TCP_SECTYPE_TLS13);
	EXPECT_EQ(raw[770], 1);
	EXPECT_EQ(raw[776], 0x01);
	EXPECT_EQ(raw[777], 0x80);
}

TEST(rdma_cm_req_cntlid_lands_at_byte_8)
{
	struct nvmeof_rdma_cm_req r;
	const u8 *raw = (const u8 *)&r;

	memset(&r, 0, sizeof(r));
	r.qid = cpu_to_le16(1);
	r.hrqsize = cpu_to_le16(128);
	r.hsqsize = cpu_to_le16(127);
	r.cntlid = cpu_to_le16(0x0203);
	EXPECT_EQ(raw[2], 1);
	EXPECT_EQ(raw[4], 128);
	EXPECT_EQ(raw[6], 127);
	EXPECT_EQ(raw[8], 0x03);
	EXPECT_EQ(raw[9], 0x02);
}

TEST(id_ctrl_fabrics_fields_land_at_spec_offsets)
{
	static struct nvmeof_id_ctrl id;
	const u8 *raw = (const u8 *)&id;

	memset(&id, 0, sizeof(id));
	strcpy(id.subnqn, "nqn.x");
	id.ioccsz = cpu_to_le32(4);
	id.msdbd = 1;
	id.kas = cpu_to_le16(100);
	id.sgls = cpu_to_le32(NVMEOF_CTRL_SGLS_SUPPORTED);
	id.cntrltype = NVMEOF_CTRL_TYPE_DISC;
	id.psd[1].mp = cpu_to_le16(0x1234);
	EXPECT(memcmp(raw + 768, "nqn.x", 6) == 0);
	EXPECT_EQ(raw[1792], 4);
	EXPECT_EQ(raw[1803], 1);
	EXPECT_EQ(raw[320], 100);
	EXPECT_EQ(raw[536], 1);
	EXPECT_EQ(raw[111], 2);
	EXPECT_EQ(raw[2048 + 32], 0x34);
}

TEST(id_ns_identifiers_land_at_spec_offsets)
{
	static struct nvmeof_id_ns id;
	const u8 *raw = (const u8 *)&id;

	memset(&id, 0, sizeof(id));
	id.anagrpid = cpu_to_le32(2);
	id.nguid[0] = 0xa1;
	id.eui64[0] = 0xb2;
	id.lbaf[1].ds = 12;
	id.flbas = 0x21;
	EXPECT_EQ(raw[92], 2);
	EXPECT_EQ(raw[104], 0xa1);
	EXPECT_EQ(raw[120], 0xb2);
	EXPECT_EQ(raw[128 + 4 + 2], 12);
	EXPECT_EQ(NVMEOF_NS_FLBAS_INDEX(id.flbas), 0x11);
}

TEST(ana_group_desc_nsids_follow_at_byte_32)
{
	u8 buf[sizeof(struct nvmeof_ana_group_desc) + 8];
	struct nvmeof_ana_group_desc *g = (struct nvmeof_ana_group_desc *)buf;

	memset(buf, 0, sizeof(buf));
	g->state = NVMEOF_ANA_INACCESSIBLE;
	g->nsids[1] = cpu_to_le32(0x77);
	EXPECT_EQ(buf[16], 3);
	EXPECT_EQ(buf[36], 0x77);
}

TEST(error_log_entry_trtype_at_29_cs_at_32)
{
	struct nvmeof_error_log_entry e;
	const u8 *raw = (const u8 *)&e;

	memset(&e, 0, sizeof(e));
	e.trtype = NVMEOF_TRTYPE_TCP;
	e.cs = cpu_to_le64(0x99);
	EXPECT_EQ(raw[29], 3);
	EXPECT_EQ(raw[32], 0x99);
}

TEST(cqe_status_helpers_shift_past_the_phase_bit)
{
	struct nvmeof_cqe cqe;
	const u8 *raw = (const u8 *)&cqe;

	memset(&cqe, 0, sizeof(cqe));
	nvmeof_cqe_set_status(&cqe, NVMEOF_SC_CONNECT_INVALID_HOST | NVMEOF_SC_DNR);
	EXPECT_EQ(raw[14], 0x08);
	EXPECT_EQ(raw[15], 0x83);
	EXPECT_EQ(nvmeof_cqe_status(&cqe), 0x4184);
	EXPECT_EQ(NVMEOF_SC_CODE(nvmeof_cqe_status(&cqe)), NVMEOF_SC_CONNECT_INVALID_HOST);
	EXPECT_EQ(NVMEOF_SC_SCT(NVMEOF_SC_ANA_TRANSITION), NVMEOF_SCT_PATH);
}

TEST(aer_result_packs_type_info_and_log_page)
{
	u32 dw0 = NVMEOF_AER_RESULT(NVMEOF_AER_TYPE_NOTICE, NVMEOF_AER_NOTICE_ANA,
				    NVMEOF_LOG_ANA);

	EXPECT_EQ(dw0, 0x0c0302);
	EXPECT_EQ(NVMEOF_AER_RESULT_INFO(dw0), NVMEOF_AER_NOTICE_ANA);
	EXPECT_EQ(NVMEOF_AER_RESULT_LID(NVMEOF_AER_RESULT(2, 0xf0, 0x70)), 0x70);
}

TEST(cap_helpers_extract_mqes_to_css_mpsmin)
{
	u64 cap = 127 | NVMEOF_CAP_CQR | (15ull << NVMEOF_CAP_TO_SHIFT) |
		  ((u64)NVMEOF_CAP_CSS_NVM << NVMEOF_CAP_CSS_SHIFT) |
		  (2ull << NVMEOF_CAP_MPSMIN_SHIFT);

	EXPECT_EQ(NVMEOF_CAP_MQES(cap), 127);
	EXPECT_EQ(NVMEOF_CAP_TO(cap), 15);
	EXPECT_EQ(NVMEOF_CAP_CSS(cap), 1);
	EXPECT_EQ(NVMEOF_CAP_MPSMIN(cap), 2);
	EXPECT_EQ(NVMEOF_CAP_MPSMAX(cap), 0);
	EXPECT(cap & NVMEOF_CAP_CQR);
}
