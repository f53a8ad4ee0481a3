/* SPDX-License-Identifier: GPL-2.0-only */
/* Userspace half of include/nvmeof/shim.h: kernel types and helpers the pure core uses. */
#ifndef NVMEOF_USER_SHIM_H
#define NVMEOF_USER_SHIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <endian.h>
#include <linux/types.h>
#include <linux/build_bug.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define cpu_to_le16(x) ((__le16)htole16(x))
#define cpu_to_le32(x) ((__le32)htole32(x))
#define cpu_to_le64(x) ((__le64)htole64(x))
#define le16_to_cpu(x) le16toh((uint16_t)(x))
#define le32_to_cpu(x) le32toh((uint32_t)(x))
#define le64_to_cpu(x) le64toh((uint64_t)(x))
#define cpu_to_be16(x) ((__be16)htobe16(x))
#define cpu_to_be32(x) ((__be32)htobe32(x))
#define be16_to_cpu(x) be16toh((uint16_t)(x))
#define be32_to_cpu(x) be32toh((uint32_t)(x))

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static inline void put_unaligned_le32(u32 v, void *p)
{
	v = htole32(v);
	memcpy(p, &v, sizeof(v));
}

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define min_t(t, a, b) ((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b) ((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define EXPORT_SYMBOL_GPL(sym)
#define __must_check __attribute__((warn_unused_result))

/* Software CRC32C for the tests; the kernel build uses crc32c(). */
u32 nvmeof_crc32c_update(u32 crc, const void *buf, size_t len);
/* Software CRC-32 (IEEE) for the tests; the kernel build uses crc32_le(). */
u32 nvmeof_crc32_update(u32 crc, const void *buf, size_t len);

/* explicit_bzero() (glibc, <string.h>) is a wipe the optimiser keeps. */
static inline void nvmeof_memzero_explicit(void *p, size_t len)
{
	explicit_bzero(p, len);
}

static inline void *nvmeof_zalloc_sensitive(size_t size)
{
	return calloc(1, size);
}

static inline void nvmeof_free_sensitive(void *p, size_t size)
{
	if (p)
		explicit_bzero(p, size);
	free(p);
}

#endif /* NVMEOF_USER_SHIM_H */
