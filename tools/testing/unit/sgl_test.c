// SPDX-License-Identifier: GPL-2.0-only
/* SGL descriptor builders and the target-side validator, case by case. */
#include <string.h>

#include "ktest.h"
#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/sgl.h>

#define DNR NVMEOF_SC_DNR

static const struct nvmeof_sgl_limits tcp_write = {
	.accept = NVMEOF_SGL_ACCEPT_TCP,
	.max_len = 1 << 20,
	.incapsule_size = 8192,
	.host_to_ctrl = true,
};

static const struct nvmeof_sgl_limits rdma_read = {
	.accept = NVMEOF_SGL_ACCEPT_RDMA,
	.max_len = 1 << 20,
	.incapsule_size = 4096,
	.host_to_ctrl = false,
};

static const struct nvmeof_sgl_limits rdma_write = {
	.accept = NVMEOF_SGL_ACCEPT_RDMA,
	.max_len = 1 << 20,
	.incapsule_size = 4096,
	.host_to_ctrl = true,
};

static const struct nvmeof_sgl_limits all_kinds = {
	.accept = NVMEOF_SGL_ACCEPT_TCP | NVMEOF_SGL_ACCEPT_RDMA,
	.max_len = 0xffffff,
	.incapsule_size = 16384,
	.host_to_ctrl = true,
};

static u8 *raw(struct nvmeof_sgl_desc *d)
{
	return (u8 *)d;
}

TEST(sgl_incapsule_builder_sets_offset_length_and_id_0x01)
{
	struct nvmeof_sgl_desc d;

	memset(&d, 0xff, sizeof(d));
	nvmeof_sgl_set_incapsule(&d, 0x10, 0x1234);
	EXPECT_EQ(raw(&d)[0], 0x10);
	EXPECT_EQ(le64_to_cpu(d.addr), 0x10);
	EXPECT_EQ(raw(&d)[8], 0x34);
	EXPECT_EQ(raw(&d)[9], 0x12);
	EXPECT_EQ(raw(&d)[12] | raw(&d)[13] | raw(&d)[14], 0);
	EXPECT_EQ(raw(&d)[15], 0x01);
}

TEST(sgl_transport_builder_sets_length_and_id_0x5a)
{
	struct nvmeof_sgl_desc d;

	memset(&d, 0xff, sizeof(d));
	nvmeof_sgl_set_transport(&d, 65536);
	EXPECT_EQ(d.addr, 0);
	EXPECT_EQ(le32_to_cpu(d.length), 65536);
	EXPECT_EQ(raw(&d)[15], 0x5a);
}

TEST(sgl_keyed_builder_packs_24bit_length_and_key)
{
	struct nvmeof_sgl_desc d;

	EXPECT_EQ(nvmeof_sgl_set_keyed(&d, 0x1122334455667788ull, 0xabcdef, 0xdeadbeef, false), 0);
	EXPECT_EQ(raw(&d)[0], 0x88);
	EXPECT_EQ(raw(&d)[7], 0x11);
	EXPECT_EQ(raw(&d)[8], 0xef);
	EXPECT_EQ(raw(&d)[9], 0xcd);
	EXPECT_EQ(raw(&d)[10], 0xab);
	EXPECT_EQ(raw(&d)[11], 0xef);
	EXPECT_EQ(raw(&d)[14], 0xde);
	EXPECT_EQ(raw(&d)[15], 0x40);
}

TEST(sgl_keyed_builder_sets_invalidate_subtype)
{
	struct nvmeof_sgl_desc d;

	EXPECT_EQ(nvmeof_sgl_set_keyed(&d, 0, 512, 7, true), 0);
	EXPECT_EQ(raw(&d)[15], 0x4f);
}

TEST(sgl_keyed_builder_rejects_length_over_24_bits)
{
	struct nvmeof_sgl_desc d;

	memset(&d, 0x5a, sizeof(d));
	EXPECT_EQ(nvmeof_sgl_set_keyed(&d, 0, 0x1000000, 1, false), -EINVAL);
	EXPECT_EQ(raw(&d)[15], 0x5a);
	EXPECT_EQ(nvmeof_sgl_set_keyed(&d, 0, 0xffffff, 1, false), 0);
}

TEST(sgl_null_keyed_is_all_zero_keyed_descriptor)
{
	struct nvmeof_sgl_desc d;
	int i, sum = 0;

	memset(&d, 0xff, sizeof(d));
	nvmeof_sgl_set_null(&d, NVMEOF_SGL_KEYED);
	for (i = 0; i < 15; i++)
		sum |= raw(&d)[i];
	EXPECT_EQ(sum, 0);
	EXPECT_EQ(raw(&d)[15], 0x40);
}

TEST(sgl_null_transport_is_zero_length_transport_descriptor)
{
	struct nvmeof_sgl_desc d;

	memset(&d, 0xff, sizeof(d));
	nvmeof_sgl_set_null(&d, NVMEOF_SGL_TRANSPORT);
	EXPECT_EQ(d.length, 0);
	EXPECT_EQ(raw(&d)[15], 0x5a);
}

TEST(sgl_null_descriptors_parse_as_zero_length)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_null(&d, NVMEOF_SGL_KEYED);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &rdma_read, &info), NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.kind, NVMEOF_SGL_KEYED);
	EXPECT_EQ(info.len, 0);
	nvmeof_sgl_set_null(&d, NVMEOF_SGL_TRANSPORT);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.kind, NVMEOF_SGL_TRANSPORT);
	EXPECT_EQ(info.len, 0);
	nvmeof_sgl_set_null(&d, NVMEOF_SGL_INCAPSULE);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &rdma_read, &info), NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.kind, NVMEOF_SGL_INCAPSULE);
	EXPECT_EQ(info.len, 0);
}

TEST(sgl_parses_incapsule_within_capsule)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 16, 4096);
	ASSERT(nvmeof_sgl_parse(&d, &tcp_write, &info) == NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.kind, NVMEOF_SGL_INCAPSULE);
	EXPECT_EQ(info.offset, 16);
	EXPECT_EQ(info.len, 4096);
}

TEST(sgl_accepts_incapsule_ending_exactly_at_capsule_end)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 192, 8192 - 192);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SUCCESS);
	nvmeof_sgl_set_incapsule(&d, 0, 8192);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SUCCESS);
}

TEST(sgl_rejects_incapsule_one_byte_past_capsule_end)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 192, 8192 - 191);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_OFFSET | DNR);
	nvmeof_sgl_set_incapsule(&d, 0, 8193);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_OFFSET | DNR);
}

TEST(sgl_rejects_incapsule_offset_beyond_capsule)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 8193, 0);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_OFFSET | DNR);
}

TEST(sgl_rejects_incapsule_huge_offset_without_wrapping)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 0, 16);
	d.addr = cpu_to_le64(~0ull);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_OFFSET | DNR);
	d.addr = cpu_to_le64(0x100000000ull);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_OFFSET | DNR);
}

TEST(sgl_rejects_incapsule_when_queue_takes_none)
{
	struct nvmeof_sgl_limits lim = tcp_write;
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	lim.incapsule_size = 0;
	nvmeof_sgl_set_incapsule(&d, 0, 1);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &lim, &info), NVMEOF_SC_SGL_INVALID_OFFSET | DNR);
}

TEST(sgl_rejects_incapsule_for_controller_to_host_transfer)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 0, 512);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &rdma_read, &info), NVMEOF_SC_INVALID_FIELD | DNR);
}

TEST(sgl_rejects_incapsule_length_beyond_limit)
{
	struct nvmeof_sgl_limits lim = tcp_write;
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	lim.max_len = 4096;
	nvmeof_sgl_set_incapsule(&d, 0, 4097);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &lim, &info), NVMEOF_SC_SGL_INVALID_DATA_LEN | DNR);
	nvmeof_sgl_set_incapsule(&d, 0, 4096);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &lim, &info), NVMEOF_SC_SUCCESS);
}

TEST(sgl_rejects_incapsule_reserved_bytes_set)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;
	int i;

	for (i = 0; i < 3; i++) {
		nvmeof_sgl_set_incapsule(&d, 0, 512);
		d.rsvd12[i] = 0x80;
		EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_INVALID_FIELD | DNR);
	}
}

TEST(sgl_parses_transport_data_block)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_transport(&d, 131072);
	ASSERT(nvmeof_sgl_parse(&d, &tcp_write, &info) == NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.kind, NVMEOF_SGL_TRANSPORT);
	EXPECT_EQ(info.len, 131072);
}

TEST(sgl_rejects_transport_with_address_set)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_transport(&d, 4096);
	d.addr = cpu_to_le64(1ull << 63);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_INVALID_FIELD | DNR);
}

TEST(sgl_rejects_transport_reserved_bytes_set)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_transport(&d, 4096);
	d.rsvd12[2] = 1;
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_INVALID_FIELD | DNR);
}

TEST(sgl_accepts_transport_length_at_limit)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_transport(&d, tcp_write.max_len);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SUCCESS);
}

TEST(sgl_rejects_transport_length_beyond_limit)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_transport(&d, tcp_write.max_len + 1);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_DATA_LEN | DNR);
	nvmeof_sgl_set_transport(&d, 0xffffffff);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_DATA_LEN | DNR);
}

TEST(sgl_parses_keyed_address_length_and_key)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0xfeedface00001000ull, 65536, 0x12345678, false) == 0);
	ASSERT(nvmeof_sgl_parse(&d, &rdma_read, &info) == NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.kind, NVMEOF_SGL_KEYED);
	EXPECT(info.addr == 0xfeedface00001000ull);
	EXPECT_EQ(info.len, 65536);
	EXPECT_EQ(info.key, 0x12345678);
	EXPECT(!info.invalidate);
}

TEST(sgl_parses_keyed_invalidate_request)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0x1000, 4096, 0xabcd, true) == 0);
	ASSERT(nvmeof_sgl_parse(&d, &rdma_write, &info) == NVMEOF_SC_SUCCESS);
	EXPECT(info.invalidate);
	EXPECT_EQ(info.key, 0xabcd);
}

TEST(sgl_accepts_keyed_length_at_limit)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0, rdma_read.max_len, 1, false) == 0);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &rdma_read, &info), NVMEOF_SC_SUCCESS);
}

TEST(sgl_rejects_keyed_length_beyond_limit)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0, rdma_read.max_len + 1, 1, false) == 0);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &rdma_read, &info), NVMEOF_SC_SGL_INVALID_DATA_LEN | DNR);
}

TEST(sgl_keyed_length_ignores_key_bytes)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0, 0xffffff, 0xffffffff, false) == 0);
	ASSERT(nvmeof_sgl_parse(&d, &all_kinds, &info) == NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.len, 0xffffff);
	EXPECT_EQ(info.key, 0xffffffff);
}

TEST(sgl_rejects_keyed_on_tcp_queue)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0, 512, 1, false) == 0);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &tcp_write, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
}

TEST(sgl_rejects_transport_on_rdma_queue)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_transport(&d, 512);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &rdma_write, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
}

TEST(sgl_rejects_data_block_address_subtype)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 0, 512);
	d.type = 0x00;
	EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
}

TEST(sgl_rejects_segment_and_last_segment_descriptors)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 0, 32);
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_SEGMENT, NVMEOF_SGL_SUBTYPE_OFFSET);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_LAST_SEGMENT, NVMEOF_SGL_SUBTYPE_OFFSET);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
}

TEST(sgl_rejects_bit_bucket_descriptor)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	nvmeof_sgl_set_incapsule(&d, 0, 32);
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_BIT_BUCKET, 0);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
}

TEST(sgl_rejects_keyed_offset_and_transport_subtypes)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	ASSERT(nvmeof_sgl_set_keyed(&d, 0, 512, 1, false) == 0);
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_KEYED_DATA_BLOCK, NVMEOF_SGL_SUBTYPE_OFFSET);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
	d.type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_KEYED_DATA_BLOCK, NVMEOF_SGL_SUBTYPE_TRANSPORT);
	EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info), NVMEOF_SC_SGL_INVALID_TYPE | DNR);
}

TEST(sgl_accepts_only_the_four_fabrics_identifiers)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;
	int id, accepted = 0;

	for (id = 0; id < 256; id++) {
		memset(&d, 0, sizeof(d));
		d.type = id;
		if (nvmeof_sgl_parse(&d, &all_kinds, &info) == NVMEOF_SC_SUCCESS) {
			accepted++;
			EXPECT(id == 0x01 || id == 0x5a || id == 0x40 || id == 0x4f);
		} else {
			EXPECT_EQ(nvmeof_sgl_parse(&d, &all_kinds, &info),
				  NVMEOF_SC_SGL_INVALID_TYPE | DNR);
		}
	}
	EXPECT_EQ(accepted, 4);
}

TEST(sgl_parse_clears_info_on_failure)
{
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;

	memset(&info, 0xa5, sizeof(info));
	nvmeof_sgl_set_transport(&d, 512);
	d.type = 0x30;
	EXPECT(nvmeof_sgl_parse(&d, &all_kinds, &info) != NVMEOF_SC_SUCCESS);
	EXPECT_EQ(info.len, 0);
	EXPECT_EQ(info.key, 0);
}

TEST(sqe_psdt_accepts_sgl_with_metadata_buffer)
{
	struct nvmeof_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF | NVMEOF_SQE_FUSE_FIRST;
	EXPECT_EQ(nvmeof_sqe_check_psdt(&sqe), NVMEOF_SC_SUCCESS);
}

TEST(sqe_psdt_rejects_prp_and_metadata_segment)
{
	struct nvmeof_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	EXPECT_EQ(nvmeof_sqe_check_psdt(&sqe), NVMEOF_SC_INVALID_FIELD | DNR);
	sqe.flags = NVMEOF_SQE_PSDT_SGL_MPTR_SGL;
	EXPECT_EQ(nvmeof_sqe_check_psdt(&sqe), NVMEOF_SC_INVALID_FIELD | DNR);
	sqe.flags = 0xc0;
	EXPECT_EQ(nvmeof_sqe_check_psdt(&sqe), NVMEOF_SC_INVALID_FIELD | DNR);
}
