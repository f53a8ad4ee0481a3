// SPDX-License-Identifier: GPL-2.0-only
/* Bucket edges of the per-queue latency histogram. */
#include "ktest.h"
#include <nvmeof/shim.h>
#include <nvmeof/lat_hist.h>

TEST(lat_bucket_puts_sub_2us_in_bucket_0)
{
	EXPECT_EQ(nvmeof_lat_bucket(0), 0);
	EXPECT_EQ(nvmeof_lat_bucket(999), 0);
	EXPECT_EQ(nvmeof_lat_bucket(1999), 0);
}

TEST(lat_bucket_edges_are_powers_of_two_us)
{
	EXPECT_EQ(nvmeof_lat_bucket(2000), 1);
	EXPECT_EQ(nvmeof_lat_bucket(3999), 1);
	EXPECT_EQ(nvmeof_lat_bucket(4000), 2);
	EXPECT_EQ(nvmeof_lat_bucket(1024000), 10);
	EXPECT_EQ(nvmeof_lat_bucket(1023999), 9);
}

TEST(lat_bucket_clamps_beyond_10s_to_last)
{
	EXPECT_EQ(nvmeof_lat_bucket(8388608000ULL), NVMEOF_LAT_BUCKETS - 1);
	EXPECT_EQ(nvmeof_lat_bucket(10000000000ULL), NVMEOF_LAT_BUCKETS - 1);
	EXPECT_EQ(nvmeof_lat_bucket(~0ULL), NVMEOF_LAT_BUCKETS - 1);
	EXPECT_EQ(nvmeof_lat_bucket(8388607999ULL), NVMEOF_LAT_BUCKETS - 2);
}

TEST(lat_bucket_floor_matches_bucketing)
{
	u32 i;

	EXPECT_EQ(nvmeof_lat_bucket_floor_us(0), 0);
	for (i = 1; i < NVMEOF_LAT_BUCKETS; i++)
		EXPECT_EQ(nvmeof_lat_bucket(nvmeof_lat_bucket_floor_us(i) * 1000), i);
	EXPECT_EQ(nvmeof_lat_bucket_floor_us(NVMEOF_LAT_BUCKETS), 0);
}
