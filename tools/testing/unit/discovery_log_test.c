// SPDX-License-Identifier: GPL-2.0-only
/* Discovery log page encoder and validator: layout, round trips, hostile input. */
#include <stdlib.h>
#include <string.h>

#include "ktest.h"
#include <nvmeof/shim.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/discovery_log.h>

#define SUBNQN "nqn.2014-08.org.example:subsys1"

static struct nvmeof_disc_entry_desc tcp_desc(void)
{
	struct nvmeof_disc_entry_desc d = {
		.trtype = NVMEOF_TRTYPE_TCP,
		.adrfam = NVMEOF_ADRFAM_IP4,
		.subtype = NVMEOF_SUBTYPE_NVME,
		.treq = NVMEOF_TREQ_SECURE_NOT_REQUIRED | NVMEOF_TREQ_DISABLE_SQFLOW,
		.portid = 0x0102,
		.cntlid = NVMEOF_CNTLID_DYNAMIC,
		.asqsz = 32,
		.eflags = 0,
		.trsvcid = "4420",
		.traddr = "127.0.0.1",
		.subnqn = SUBNQN,
	};
	return d;
}

/* A log of @n valid TCP entries; caller frees. */
static u8 *make_log(u64 n, size_t *len)
{
	struct nvmeof_disc_entry_desc desc = tcp_desc();
	u8 *buf;
	u64 i;

	*len = nvmeof_disc_log_size(n);
	buf = calloc(1, *len);
	if (!buf)
		abort();
	nvmeof_disc_log_hdr_encode((struct nvmeof_disc_log_hdr *)buf, 7, n);
	for (i = 0; i < n; i++) {
		desc.portid = i;
		if (nvmeof_disc_entry_encode((struct nvmeof_disc_log_entry *)
					     (buf + 1024 * (i + 1)), &desc))
			abort();
	}
	return buf;
}

static int decode_raw(struct nvmeof_disc_log_entry *e, const char **why)
{
	struct nvmeof_disc_entry_info info;

	return nvmeof_disc_entry_decode(e, &info, why);
}

static void encode_ok(struct kt *t, struct nvmeof_disc_log_entry *e)
{
	struct nvmeof_disc_entry_desc d = tcp_desc();

	EXPECT_EQ(nvmeof_disc_entry_encode(e, &d), 0);
}

TEST(disc_entry_encode_places_fields_at_spec_offsets)
{
	struct nvmeof_disc_log_entry e;
	const u8 *raw = (const u8 *)&e;

	encode_ok(t, &e);
	EXPECT_EQ(raw[0], NVMEOF_TRTYPE_TCP);
	EXPECT_EQ(raw[1], NVMEOF_ADRFAM_IP4);
	EXPECT_EQ(raw[2], NVMEOF_SUBTYPE_NVME);
	EXPECT_EQ(raw[3], 0x06);
	EXPECT_EQ(raw[4], 0x02);
	EXPECT_EQ(raw[5], 0x01);
	EXPECT_EQ(raw[6], 0xff);
	EXPECT_EQ(raw[7], 0xff);
	EXPECT_EQ(raw[8], 32);
	EXPECT(memcmp(raw + 32, "4420", 5) == 0);
	EXPECT(memcmp(raw + 256, SUBNQN, sizeof(SUBNQN)) == 0);
	EXPECT(memcmp(raw + 512, "127.0.0.1", 10) == 0);
}

TEST(disc_entry_encode_nul_pads_every_string_field)
{
	struct nvmeof_disc_log_entry e;
	const u8 *raw = (const u8 *)&e;
	int i, sum = 0;

	memset(&e, 0xee, sizeof(e));
	encode_ok(t, &e);
	for (i = 32 + 4; i < 64; i++)
		sum |= raw[i];
	for (i = 256 + sizeof(SUBNQN) - 1; i < 512; i++)
		sum |= raw[i];
	for (i = 512 + 9; i < 1024; i++)
		sum |= raw[i];
	for (i = 12; i < 32; i++)
		sum |= raw[i];
	EXPECT_EQ(sum, 0);
}

TEST(disc_entry_round_trips_through_decode)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_info info;
	union nvmeof_tsas tsas;
	struct nvmeof_disc_entry_desc d = tcp_desc();

	memset(&tsas, 0, sizeof(tsas));
	tsas.rdma.qptype = NVMEOF_RDMA_QPTYPE_CONNECTED;
	tsas.rdma.prtype = NVMEOF_RDMA_PRTYPE_ROCEV2;
	tsas.rdma.cms = NVMEOF_RDMA_CMS_RDMA_CM;
	tsas.rdma.pkey = cpu_to_le16(0xffff);
	d.trtype = NVMEOF_TRTYPE_RDMA;
	d.adrfam = NVMEOF_ADRFAM_IP6;
	d.traddr = "fe80::1";
	d.tsas = &tsas;
	ASSERT(nvmeof_disc_entry_encode(&e, &d) == 0);
	ASSERT(nvmeof_disc_entry_decode(&e, &info, NULL) == 0);
	EXPECT_EQ(info.trtype, NVMEOF_TRTYPE_RDMA);
	EXPECT_EQ(info.adrfam, NVMEOF_ADRFAM_IP6);
	EXPECT_EQ(info.portid, 0x0102);
	EXPECT_EQ(info.cntlid, 0xffff);
	EXPECT_EQ(info.asqsz, 32);
	EXPECT(strcmp(info.trsvcid, "4420") == 0);
	EXPECT(strcmp(info.traddr, "fe80::1") == 0);
	EXPECT(strcmp(info.subnqn, SUBNQN) == 0);
	EXPECT_EQ(info.tsas.rdma.prtype, NVMEOF_RDMA_PRTYPE_ROCEV2);
	EXPECT_EQ(le16_to_cpu(info.tsas.rdma.pkey), 0xffff);
}

TEST(disc_entry_encode_accepts_trsvcid_of_31_bytes)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_desc d = tcp_desc();
	char s[32];

	memset(s, '9', 31);
	s[31] = 0;
	d.trsvcid = s;
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), 0);
	EXPECT_EQ(decode_raw(&e, NULL), 0);
}

TEST(disc_entry_encode_rejects_trsvcid_filling_field)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_desc d = tcp_desc();
	char s[33];

	memset(s, '9', 32);
	s[32] = 0;
	d.trsvcid = s;
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), -EINVAL);
}

TEST(disc_entry_encode_accepts_subnqn_of_223_bytes)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_desc d = tcp_desc();
	char s[224];

	memset(s, 'a', 223);
	s[223] = 0;
	d.subnqn = s;
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), 0);
	EXPECT_EQ(decode_raw(&e, NULL), 0);
}

TEST(disc_entry_encode_rejects_subnqn_of_224_bytes)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_desc d = tcp_desc();
	char s[225];

	memset(s, 'a', 224);
	s[224] = 0;
	d.subnqn = s;
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), -EINVAL);
}

TEST(disc_entry_encode_rejects_comma_in_traddr)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_desc d = tcp_desc();

	d.traddr = "10.0.0.1,hostnqn=evil";
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), -EINVAL);
}

TEST(disc_entry_encode_rejects_unknown_trtype_and_missing_strings)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_desc d = tcp_desc();

	d.trtype = 9;
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), -EINVAL);
	d = tcp_desc();
	d.subnqn = NULL;
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), -EINVAL);
	d = tcp_desc();
	d.subnqn = "";
	EXPECT_EQ(nvmeof_disc_entry_encode(&e, &d), -EINVAL);
}

TEST(disc_entry_decode_rejects_unterminated_subnqn)
{
	struct nvmeof_disc_log_entry e;
	const char *why = NULL;

	encode_ok(t, &e);
	memset(e.subnqn, 'n', sizeof(e.subnqn));
	EXPECT_EQ(decode_raw(&e, &why), -EINVAL);
	EXPECT(why && strstr(why, "subnqn"));
}

TEST(disc_entry_decode_rejects_subnqn_of_224_bytes)
{
	struct nvmeof_disc_log_entry e;

	encode_ok(t, &e);
	memset(e.subnqn, 'n', 224);
	EXPECT_EQ(decode_raw(&e, NULL), -EINVAL);
	e.subnqn[223] = 0;
	EXPECT_EQ(decode_raw(&e, NULL), 0);
}

TEST(disc_entry_decode_rejects_empty_subnqn)
{
	struct nvmeof_disc_log_entry e;

	encode_ok(t, &e);
	memset(e.subnqn, 0, sizeof(e.subnqn));
	EXPECT_EQ(decode_raw(&e, NULL), -EINVAL);
}

TEST(disc_entry_decode_rejects_unterminated_traddr)
{
	struct nvmeof_disc_log_entry e;
	const char *why = NULL;

	encode_ok(t, &e);
	memset(e.traddr, '1', sizeof(e.traddr));
	EXPECT_EQ(decode_raw(&e, &why), -EINVAL);
	EXPECT(why && strstr(why, "traddr"));
}

TEST(disc_entry_decode_rejects_unterminated_trsvcid)
{
	struct nvmeof_disc_log_entry e;
	const char *why = NULL;

	encode_ok(t, &e);
	memset(e.trsvcid, '4', sizeof(e.trsvcid));
	EXPECT_EQ(decode_raw(&e, &why), -EINVAL);
	EXPECT(why && strstr(why, "trsvcid"));
}

TEST(disc_entry_decode_strips_space_padding)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_info info;

	encode_ok(t, &e);
	memset(e.traddr, ' ', sizeof(e.traddr));
	memcpy(e.traddr, "192.168.1.1", 11);
	memset(e.trsvcid, ' ', sizeof(e.trsvcid));
	memcpy(e.trsvcid, "8009", 4);
	ASSERT(nvmeof_disc_entry_decode(&e, &info, NULL) == 0);
	EXPECT(strcmp(info.traddr, "192.168.1.1") == 0);
	EXPECT(strcmp(info.trsvcid, "8009") == 0);
}

TEST(disc_entry_decode_rejects_control_byte_in_traddr)
{
	struct nvmeof_disc_log_entry e;

	encode_ok(t, &e);
	e.traddr[3] = '\n';
	EXPECT_EQ(decode_raw(&e, NULL), -EINVAL);
}

TEST(disc_entry_decode_rejects_comma_in_trsvcid)
{
	struct nvmeof_disc_log_entry e;

	encode_ok(t, &e);
	e.trsvcid[1] = ',';
	EXPECT_EQ(decode_raw(&e, NULL), -EINVAL);
}

TEST(disc_entry_decode_rejects_unknown_trtype)
{
	struct nvmeof_disc_log_entry e;
	const char *why = NULL;

	encode_ok(t, &e);
	e.trtype = 4;
	EXPECT_EQ(decode_raw(&e, &why), -EINVAL);
	EXPECT(why && strstr(why, "trtype"));
}

TEST(disc_entry_decode_rejects_unknown_adrfam)
{
	struct nvmeof_disc_log_entry e;
	const char *why = NULL;

	encode_ok(t, &e);
	e.adrfam = 5;
	EXPECT_EQ(decode_raw(&e, &why), -EINVAL);
	EXPECT(why && strstr(why, "adrfam"));
}

TEST(disc_entry_decode_rejects_unknown_subtype)
{
	struct nvmeof_disc_log_entry e;

	encode_ok(t, &e);
	e.subtype = 0;
	EXPECT_EQ(decode_raw(&e, NULL), -EINVAL);
	e.subtype = 4;
	EXPECT_EQ(decode_raw(&e, NULL), -EINVAL);
}

TEST(disc_entry_decode_accepts_loop_and_fc_entries)
{
	struct nvmeof_disc_log_entry e;

	encode_ok(t, &e);
	e.trtype = NVMEOF_TRTYPE_LOOP;
	e.adrfam = NVMEOF_ADRFAM_LOOP;
	EXPECT_EQ(decode_raw(&e, NULL), 0);
	e.trtype = NVMEOF_TRTYPE_FC;
	e.adrfam = NVMEOF_ADRFAM_FC;
	memset(e.trsvcid, 0, sizeof(e.trsvcid));
	EXPECT_EQ(decode_raw(&e, NULL), 0);
}

TEST(disc_log_validate_accepts_empty_log)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(0, &len);

	EXPECT_EQ(len, 1024);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), 0);
	EXPECT_EQ(info.numrec, 0);
	EXPECT_EQ(info.genctr, 7);
	free(buf);
}

TEST(disc_log_validate_accepts_numrec_exactly_filling_buffer)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(3, &len);

	EXPECT_EQ(len, 4096);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), 0);
	EXPECT_EQ(info.numrec, 3);
	free(buf);
}

TEST(disc_log_validate_rejects_numrec_beyond_buffer)
{
	struct nvmeof_disc_log_info info;
	const char *why = NULL;
	size_t len;
	u8 *buf = make_log(3, &len);

	EXPECT_EQ(nvmeof_disc_log_validate(buf, len - 1, &info, &why), -EMSGSIZE);
	EXPECT(why && strstr(why, "numrec"));
	EXPECT_EQ(nvmeof_disc_log_validate(buf, 3072, &info, NULL), -EMSGSIZE);
	free(buf);
}

TEST(disc_log_validate_rejects_huge_numrec_without_overflow)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(1, &len);
	struct nvmeof_disc_log_hdr *hdr = (struct nvmeof_disc_log_hdr *)buf;

	hdr->numrec = cpu_to_le64(~0ull);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), -EMSGSIZE);
	hdr->numrec = cpu_to_le64(1ull << 54);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), -EMSGSIZE);
	free(buf);
}

TEST(disc_log_validate_rejects_buffer_shorter_than_header)
{
	struct nvmeof_disc_log_info info;
	const char *why = NULL;
	size_t len;
	u8 *buf = make_log(0, &len);

	EXPECT_EQ(nvmeof_disc_log_validate(buf, 1023, &info, &why), -EMSGSIZE);
	EXPECT(why != NULL);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, 0, &info, NULL), -EMSGSIZE);
	free(buf);
}

TEST(disc_log_validate_rejects_nonzero_recfmt)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(1, &len);

	buf[16] = 1;
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), -EPROTONOSUPPORT);
	buf[16] = 0;
	buf[17] = 1;
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), -EPROTONOSUPPORT);
	free(buf);
}

TEST(disc_log_validate_reports_bad_later_entry)
{
	struct nvmeof_disc_log_info info;
	const char *why = NULL;
	size_t len;
	u8 *buf = make_log(3, &len);

	memset(buf + 3 * 1024 + 256, 'x', 256);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, &why), -EINVAL);
	EXPECT(why && strstr(why, "subnqn"));
	free(buf);
}

TEST(disc_log_validate_ignores_bytes_past_numrec)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(3, &len);
	struct nvmeof_disc_log_hdr *hdr = (struct nvmeof_disc_log_hdr *)buf;

	memset(buf + 3 * 1024, 0xff, 1024);
	hdr->numrec = cpu_to_le64(2);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, len, &info, NULL), 0);
	EXPECT_EQ(info.numrec, 2);
	free(buf);
}

TEST(disc_log_validate_reads_unaligned_buffer)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(2, &len);
	u8 *odd = malloc(len + 1);

	ASSERT(odd);
	memcpy(odd + 1, buf, len);
	EXPECT_EQ(nvmeof_disc_log_validate(odd + 1, len, &info, NULL), 0);
	EXPECT_EQ(info.numrec, 2);
	EXPECT_EQ(info.genctr, 7);
	free(odd);
	free(buf);
}

TEST(disc_log_hdr_decode_needs_only_the_header)
{
	struct nvmeof_disc_log_info info;
	size_t len;
	u8 *buf = make_log(5, &len);

	EXPECT_EQ(nvmeof_disc_log_hdr_decode(buf, 1024, &info, NULL), 0);
	EXPECT_EQ(info.numrec, 5);
	EXPECT_EQ(nvmeof_disc_log_size(info.numrec), len);
	EXPECT_EQ(nvmeof_disc_log_validate(buf, 1024, &info, NULL), -EMSGSIZE);
	free(buf);
}

TEST(disc_log_size_returns_zero_on_overflow)
{
	EXPECT_EQ(nvmeof_disc_log_size(0), 1024);
	EXPECT_EQ(nvmeof_disc_log_size(255), 256 * 1024);
	EXPECT_EQ(nvmeof_disc_log_size(~0ull), 0);
	EXPECT_EQ(nvmeof_disc_log_size(~0ull / 1024), 0);
}

TEST(disc_log_check_stable_accepts_unchanged_header)
{
	struct nvmeof_disc_log_info before;
	size_t len;
	u8 *buf = make_log(2, &len);

	ASSERT(nvmeof_disc_log_hdr_decode(buf, len, &before, NULL) == 0);
	EXPECT_EQ(nvmeof_disc_log_check_stable(&before, buf, 1024), 0);
	free(buf);
}

TEST(disc_log_check_stable_detects_genctr_change)
{
	struct nvmeof_disc_log_info before;
	size_t len;
	u8 *buf = make_log(2, &len);

	ASSERT(nvmeof_disc_log_hdr_decode(buf, len, &before, NULL) == 0);
	nvmeof_disc_log_hdr_encode((struct nvmeof_disc_log_hdr *)buf, 8, 2);
	EXPECT_EQ(nvmeof_disc_log_check_stable(&before, buf, 1024), -EAGAIN);
	nvmeof_disc_log_hdr_encode((struct nvmeof_disc_log_hdr *)buf, 7, 3);
	EXPECT_EQ(nvmeof_disc_log_check_stable(&before, buf, 1024), -EAGAIN);
	EXPECT_EQ(nvmeof_disc_log_check_stable(&before, buf, 100), -EMSGSIZE);
	free(buf);
}
