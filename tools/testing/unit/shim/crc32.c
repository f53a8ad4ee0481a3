// SPDX-License-Identifier: GPL-2.0-only
/* Userspace CRC-32 (IEEE 802.3) for the pure core's tests, with crc32_le() semantics. */
#include <nvmeof/shim.h>

/* 0x04C11DB7 bit-reversed for LSB-first processing. */
#define CRC32_POLY_REFLECTED	0xEDB88320U

static u32 crc32_table[256];

__attribute__((constructor)) static void crc32_init_table(void)
{
	u32 i, bit, crc;

	for (i = 0; i < 256; i++) {
		crc = i;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ ((crc & 1) ? CRC32_POLY_REFLECTED : 0);
		crc32_table[i] = crc;
	}
}

/* Like crc32_le(): the caller seeds ~0 and inverts the result. */
u32 nvmeof_crc32_update(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len--)
		crc = (crc >> 8) ^ crc32_table[(crc ^ *p++) & 0xff];
	return crc;
}
