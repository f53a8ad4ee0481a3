// SPDX-License-Identifier: GPL-2.0-only
/* Log2 latency bucketing for the per-queue statistics. */
#include <nvmeof/shim.h>
#include <nvmeof/lat_hist.h>

/**
 * nvmeof_lat_bucket() - histogram bucket for a service time.
 * @ns: service time in nanoseconds
 *
 * Return: 0 .. NVMEOF_LAT_BUCKETS - 1.
 */
u32 nvmeof_lat_bucket(u64 ns)
{
	return nvmeof_lat_bucket_us(ns / 1000);
}
EXPORT_SYMBOL_GPL(nvmeof_lat_bucket);

/**
 * nvmeof_lat_bucket_floor_us() - lower edge of a bucket.
 * @i: bucket index
 *
 * Return: 0 for bucket 0, else 2^i microseconds.
 */
u64 nvmeof_lat_bucket_floor_us(u32 i)
{
	if (i == 0 || i >= NVMEOF_LAT_BUCKETS)
		return 0;
	return (u64)1 << i;
}
EXPORT_SYMBOL_GPL(nvmeof_lat_bucket_floor_us);
