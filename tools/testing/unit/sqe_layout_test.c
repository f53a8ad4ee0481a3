// SPDX-License-Identifier: GPL-2.0-only
/* The base SQE/CQE layouts as the wire sees them, byte by byte. */
#include <string.h>

#include "ktest.h"
#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>

TEST(sqe_fields_land_at_spec_offsets)
{
	struct nvmeof_sqe sqe;
	unsigned char *raw = (unsigned char *)&sqe;

	memset(&sqe, 0, sizeof(sqe));
	sqe.opcode = 0x02;
	sqe.nsid = cpu_to_le32(0x01020304);
	sqe.cdw10 = cpu_to_le32(0x11223344);
	EXPECT_EQ(raw[0], 0x02);
	EXPECT_EQ(raw[4], 0x04);
	EXPECT_EQ(raw[7], 0x01);
	EXPECT_EQ(raw[40], 0x44);
	EXPECT_EQ(raw[43], 0x11);
}

TEST(cqe_status_is_little_endian_at_byte_14)
{
	struct nvmeof_cqe cqe;
	unsigned char *raw = (unsigned char *)&cqe;

	memset(&cqe, 0, sizeof(cqe));
	cqe.status = cpu_to_le16(0x4002);
	EXPECT_EQ(raw[14], 0x02);
	EXPECT_EQ(raw[15], 0x40);
}
