// SPDX-License-Identifier: GPL-2.0-only
/* The userspace CRC32C matches the kernel crc32c(): standard vectors, no inversion. */
#include <string.h>

#include "ktest.h"
#include <nvmeof/shim.h>

static u32 crc32c_std(const void *buf, size_t len)
{
	return ~nvmeof_crc32c_update(~0U, buf, len);
}

TEST(crc32c_check_value_123456789)
{
	EXPECT_EQ(crc32c_std("123456789", 9), 0xE3069283);
}

TEST(crc32c_rfc3720_32_zero_bytes)
{
	u8 buf[32];

	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(crc32c_std(buf, sizeof(buf)), 0x8A9136AA);
}

TEST(crc32c_rfc3720_32_ones_bytes)
{
	u8 buf[32];

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(crc32c_std(buf, sizeof(buf)), 0x62A8AB43);
}

TEST(crc32c_rfc3720_incrementing_bytes)
{
	u8 buf[32];
	int i;

	for (i = 0; i < 32; i++)
		buf[i] = i;
	EXPECT_EQ(crc32c_std(buf, sizeof(buf)), 0x46DD794E);
}

TEST(crc32c_rfc3720_decrementing_bytes)
{
	u8 buf[32];
	int i;

	for (i = 0; i < 32; i++)
		buf[i] = 31 - i;
	EXPECT_EQ(crc32c_std(buf, sizeof(buf)), 0x113FDB5C);
}

TEST(crc32c_empty_buffer_returns_seed_unchanged)
{
	EXPECT_EQ(nvmeof_crc32c_update(0x12345678, "", 0), 0x12345678);
	EXPECT_EQ(nvmeof_crc32c_update(~0U, NULL, 0), 0xFFFFFFFF);
}

TEST(crc32c_applies_no_inversion_itself)
{
	/* Kernel crc32c(0, "\0", 1) is 0: a zero register over zero bytes stays zero. */
	EXPECT_EQ(nvmeof_crc32c_update(0, "\0\0\0\0", 4), 0);
}

TEST(crc32c_split_updates_equal_one_update)
{
	const char *s = "The quick brown fox jumps over the lazy dog";
	size_t n = strlen(s), cut;
	u32 whole = nvmeof_crc32c_update(~0U, s, n);

	for (cut = 0; cut <= n; cut++) {
		u32 c = nvmeof_crc32c_update(~0U, s, cut);

		EXPECT_EQ(nvmeof_crc32c_update(c, s + cut, n - cut), whole);
	}
}
