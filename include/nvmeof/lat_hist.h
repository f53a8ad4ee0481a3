/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Latency histogram bucketing shared by the per-queue statistics: log2
 * buckets of command service time from 1 us to 10 s. Pure, so the userspace
 * tests check the bucket edges.
 */
#ifndef NVMEOF_LAT_HIST_H
#define NVMEOF_LAT_HIST_H

#include <nvmeof/shim.h>

/*
 * Bucket 0 holds everything under 2 us; bucket i (1..22) holds
 * [2^i us, 2^(i+1) us); bucket 23 holds 2^23 us (8.4 s) and beyond, which
 * covers the 10 s end of the range.
 */
#define NVMEOF_LAT_BUCKETS	24

u32 nvmeof_lat_bucket(u64 ns);

/* The same from microseconds: the counters' fast path, no division. */
static inline u32 nvmeof_lat_bucket_us(u64 us)
{
	u32 b;

	if (us < 2)
		return 0;
	/* Position of the highest set bit: no loop per command. */
	b = 63 - __builtin_clzll(us);
	return b < NVMEOF_LAT_BUCKETS - 1 ? b : NVMEOF_LAT_BUCKETS - 1;
}
/* Lower edge of bucket @i in microseconds. */
u64 nvmeof_lat_bucket_floor_us(u32 i);

#endif /* NVMEOF_LAT_HIST_H */
