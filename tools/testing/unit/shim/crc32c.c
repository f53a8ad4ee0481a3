// SPDX-License-Identifier: GPL-2.0-only
/* Userspace CRC32C for the pure core's tests, with the kernel's crc32c() semantics. */
#include <nvmeof/shim.h>

/* Castagnoli polynomial 0x1EDC6F41, bit-reversed for LSB-first processing. */
#define CRC32C_POLY_REFLECTED	0x82F63B78U

static u32 crc32c_table[256];

/* Filled before main() so concurrent callers never race on it. */
__attribute__((constructor)) static void crc32c_init_table(void)
{
	u32 i, bit, crc;

	for (i = 0; i < 256; i++) {
		crc = i;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ ((crc & 1) ? CRC32C_POLY_REFLECTED : 0);
		crc32c_table[i] = crc;
	}
}

/*
 * Like the kernel's crc32c(): @crc is the running register, no inversion
 * on the way in or out, so callers seed ~0 and invert the result themselves
 * exactly as they would in the kernel.
 */
u32 nvmeof_crc32c_update(u32 crc, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len--)
		crc = (crc >> 8) ^ crc32c_table[(crc ^ *p++) & 0xff];
	return crc;
}
