/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DH-HMAC-CHAP crypto on the kernel crypto API (fabrics/auth_crypto.c):
 * HMACs through crypto_shash "hmac(shaN)", the DHHC-1 key transform, the
 * augmented challenge, R1/R2, and finite field DH through crypto_kpp "dh"
 * with the RFC 7919 primes of fabrics/ffdhe.c (the kernel's named ffdhe
 * templates need CRYPTO_DH_RFC7919_GROUPS, which Debian 12 lacks).
 *
 * Every function here may sleep and returns 0 or -errno. Key material in
 * and out is the caller's to wipe; scratch buffers are wiped here.
 */
#ifndef NVMEOF_AUTH_CRYPTO_H
#define NVMEOF_AUTH_CRYPTO_H

#include <nvmeof/auth.h>

struct crypto_kpp;

/**
 * struct nvmeof_auth_key - a DHHC-1 secret after its transform: the key
 *	R1 or R2 is the HMAC with.
 * @len: bytes of @key
 * @key: the key
 */
struct nvmeof_auth_key {
	u8	len;
	u8	key[NVMEOF_AUTH_HASH_MAX];
};

/**
 * nvmeof_auth_transform_key() - the HMAC key a DHHC-1 secret stands for
 * @s:       the parsed secret
 * @nqn:     the NQN of the side the secret belongs to: NQNh for the host's
 *           secret, NQNc (the subsystem NQN) for the controller's, as the
 *           in-tree host and target transform them
 * @out:     receives the key; wipe with memzero_explicit() when done
 *
 * hh 00 is the key as is, 01..03 HMAC_hh(key, NQN || "NVMe-over-Fabrics").
 *
 * Return: 0 or -errno.
 */
int nvmeof_auth_transform_key(const struct nvmeof_auth_secret *s,
			      const char *nqn, struct nvmeof_auth_key *out);

/**
 * nvmeof_dhchap_response() - R1 (host) or R2 (controller)
 * @hash_id:    the transaction's hash
 * @key:        the transformed key of the side that answers
 * @challenge:  C1/C2, or its augmented form, hash-length bytes
 * @seqnum:     S1 or S2
 * @t_id:       transaction identifier
 * @sc_c:       secure channel concatenation from AUTH_Negotiate
 * @controller: false for R1, true for R2
 * @hostnqn:    NQNh
 * @subsysnqn:  NQNc
 * @out:        receives hash-length bytes
 *
 * Return: 0 or -errno.
 */
int nvmeof_dhchap_response(u8 hash_id, const struct nvmeof_auth_key *key,
			   const u8 *challenge, u32 seqnum, u16 t_id, u8 sc_c,
			   bool controller, const char *hostnqn,
			   const char *subsysnqn, u8 *out);

/**
 * nvmeof_dhchap_augment() - the augmented challenge HMAC(H(g^xy mod p), C)
 * @hash_id: the transaction's hash (both H and the HMAC)
 * @shared:  g^xy mod p, big endian, padded to the prime's size
 * @len:     bytes of @shared
 * @c:       the challenge, hash-length bytes
 * @out:     receives hash-length bytes (may not alias @c)
 *
 * Return: 0 or -errno.
 */
int nvmeof_dhchap_augment(u8 hash_id, const u8 *shared, size_t len,
			  const u8 *c, u8 *out);

/**
 * struct nvmeof_auth_dh - one side's ephemeral DH key in an RFC 7919 group.
 * @group: the group
 * @tfm:   crypto_kpp "dh" holding p, g and the private value
 */
struct nvmeof_auth_dh {
	const struct nvmeof_ffdhe_group *group;
	struct crypto_kpp		*tfm;
};

/**
 * nvmeof_auth_dh_init() - a fresh private value in a group
 * @dh:    the key; nvmeof_auth_dh_free() it even on error
 * @dhgid: NVMEOF_AUTH_DHGROUP_2048 .. _8192
 *
 * Return: 0, -EINVAL for the null group or an unknown id, -ENOENT when the
 * kernel has no "dh", or -errno.
 */
int nvmeof_auth_dh_init(struct nvmeof_auth_dh *dh, u8 dhgid);

/**
 * nvmeof_auth_dh_public() - g^x mod p, the value to send
 * @dh:  the key
 * @out: receives the group's size in bytes, big endian, padded on the left
 *
 * Return: 0 or -errno.
 */
int nvmeof_auth_dh_public(struct nvmeof_auth_dh *dh, u8 *out);

/**
 * nvmeof_auth_dh_shared() - g^xy mod p from the peer's value
 * @dh:       the key
 * @peer:     the peer's value, big endian; shorter than the group's size
 *            only when its leading zero bytes were dropped
 * @peer_len: its length, 1..group size
 * @out:      receives the group's size in bytes; wipe when done
 *
 * The kernel's dh refuses a peer value outside 1 < y < p - 1.
 *
 * Return: 0, -EINVAL for a value dh refuses, or -errno.
 */
int nvmeof_auth_dh_shared(struct nvmeof_auth_dh *dh, const u8 *peer,
			  size_t peer_len, u8 *out);

/**
 * nvmeof_auth_dh_free() - drop the private value
 * @dh: the key, initialised or zeroed
 */
void nvmeof_auth_dh_free(struct nvmeof_auth_dh *dh);

#endif /* NVMEOF_AUTH_CRYPTO_H */
