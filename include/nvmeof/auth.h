/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * DH-HMAC-CHAP in-band authentication, the pure part of the fabrics core:
 * message codecs, the DHHC-1 secret format, the RFC 7919 groups and the
 * byte strings that get HMAC'd. No crypto here: the kernel side feeds these
 * to crypto_shash (hmac(shaN)) and crypto_kpp (dh).
 *
 * Conventions: decoders of what a peer sent return a u8 reason code
 * explanation (NVMEOF_AUTH_FAIL_*, 0 when the message is good), which is
 * what the AUTH_Failure message to send back must carry; the SQE checks
 * return a u16 NVMe status; builders and the secret parser return -errno
 * or a length.
 */
#ifndef NVMEOF_AUTH_H
#define NVMEOF_AUTH_H

#include <nvmeof/shim.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/dhchap.h>

/* Longest hash (SHA-512) and largest DH value (ffdhe8192), in bytes. */
#define NVMEOF_AUTH_HASH_MAX		64
#define NVMEOF_AUTH_DHV_MAX		1024

/*
 * The largest message of the protocol, a Reply with R1, C2 and an ffdhe8192
 * value: no Authentication Send needs a longer TL.
 */
#define NVMEOF_AUTH_MSG_MAX		(16 + 2 * NVMEOF_AUTH_HASH_MAX + NVMEOF_AUTH_DHV_MAX)
/*
 * Authentication Receive AL bound: the longest message (a Challenge) is far
 * smaller; in-tree hosts ask for 4096. Anything larger is a host trying to
 * make the target map a huge buffer.
 */
#define NVMEOF_AUTH_RECV_AL_MAX		65536

/* Bytes a NUL-terminated "DHHC-1:hh:<base64 of 68 bytes>:" needs. */
#define NVMEOF_AUTH_SECRET_STR_SIZE	(7 + 3 + 92 + 1 + 1)

/**
 * struct nvmeof_auth_hash - a hash function DH-HMAC-CHAP can use.
 * @id:     NVMEOF_AUTH_HASH_* (also the DHHC-1 "hh" transform value)
 * @len:    digest bytes, which is also the challenge and response length
 * @hmac:   kernel crypto name of its HMAC, and the configfs dhchap_hash value
 * @digest: kernel crypto name of the bare hash
 */
struct nvmeof_auth_hash {
	u8		id;
	u8		len;
	const char	*hmac;
	const char	*digest;
};

/**
 * nvmeof_auth_hash_by_id() - look a hash function up by identifier
 * @id: NVMEOF_AUTH_HASH_*
 *
 * Return: the hash, or NULL when @id is not one of the three defined.
 */
const struct nvmeof_auth_hash *nvmeof_auth_hash_by_id(u8 id);

/**
 * nvmeof_auth_hash_by_name() - look a hash function up by HMAC name
 * @name: "hmac(sha256)", "hmac(sha384)" or "hmac(sha512)", not necessarily
 *        NUL-terminated, without newline
 * @len:  bytes of @name
 *
 * Return: the hash, or NULL for any other text.
 */
const struct nvmeof_auth_hash *nvmeof_auth_hash_by_name(const char *name, size_t len);

/**
 * struct nvmeof_ffdhe_group - an RFC 7919 finite field DH group.
 * @id:   NVMEOF_AUTH_DHGROUP_2048 .. _8192
 * @name: "ffdhe2048" .. "ffdhe8192"
 * @size: bytes of the prime, which is also the length of a DH value
 * @p:    the prime, big endian, @size bytes
 * @g:    the generator (2)
 */
struct nvmeof_ffdhe_group {
	u8		id;
	const char	*name;
	u16		size;
	const u8	*p;
	u8		g;
};

/**
 * nvmeof_ffdhe_group_by_id() - the RFC 7919 group behind a DH group id
 * @id: NVMEOF_AUTH_DHGROUP_*
 *
 * Return: the group, or NULL for the null group and for unknown ids.
 */
const struct nvmeof_ffdhe_group *nvmeof_ffdhe_group_by_id(u8 id);

/**
 * nvmeof_auth_dhgroup_name() - DH group name as configfs dhchap_dhgroup shows it
 * @id: NVMEOF_AUTH_DHGROUP_*
 *
 * Return: "null", "ffdhe2048" .. "ffdhe8192", or NULL for unknown ids.
 */
const char *nvmeof_auth_dhgroup_name(u8 id);

/**
 * nvmeof_auth_dhgroup_by_name() - DH group id from its name
 * @name: the name, not necessarily NUL-terminated, without newline
 * @len:  bytes of @name
 * @id:   the group id
 *
 * Return: 0, or -EINVAL for a name nvmeof_auth_dhgroup_name() never returns.
 */
int nvmeof_auth_dhgroup_by_name(const char *name, size_t len, u8 *id);

/**
 * nvmeof_auth_dhvlen() - length of a DH value in a group
 * @dhgid: NVMEOF_AUTH_DHGROUP_*
 *
 * Return: 0 for the null group, the prime's size in bytes, or -EINVAL.
 */
int nvmeof_auth_dhvlen(u8 dhgid);

/**
 * struct nvmeof_auth_secret - a parsed DHHC-1 secret.
 * @transform: the "hh" field: 0 (use as is) or NVMEOF_AUTH_HASH_* with
 *             which to transform it before use
 * @len:       key bytes: 32, 48 or 64
 * @key:       the key
 *
 * Wipe with nvmeof_auth_secret_clear() when done; heap copies come from
 * nvmeof_auth_secret_alloc() and go back through nvmeof_auth_secret_free(),
 * which wipes them first.
 */
struct nvmeof_auth_secret {
	u8	transform;
	u8	len;
	u8	key[NVMEOF_AUTH_HASH_MAX];
};

/**
 * nvmeof_auth_secret_parse() - parse "DHHC-1:hh:<base64>:"
 * @s:   the text, not necessarily NUL-terminated, without trailing newline
 * @len: its length
 * @out: the secret; untouched on error
 *
 * hh is 00..03; the base64 (RFC 4648, padded) carries the key followed by
 * the CRC-32 of the key, little endian, as `nvme gen-dhchap-key` writes it.
 * The key is 32, 48 or 64 bytes whatever hh says, as the in-tree parser
 * allows. The trailing colon is required and nothing may follow it.
 *
 * Return: 0, or -EINVAL for anything malformed (wrong prefix, hh, length,
 * alphabet, padding, CRC). The message never echoes the text.
 */
int nvmeof_auth_secret_parse(const char *s, size_t len, struct nvmeof_auth_secret *out);

/**
 * nvmeof_auth_secret_format() - write the DHHC-1 text of a secret
 * @k:    the secret
 * @buf:  receives the text and a NUL
 * @size: bytes of @buf (NVMEOF_AUTH_SECRET_STR_SIZE is always enough)
 *
 * Return: the text's length, -EINVAL for a bad @k, -EMSGSIZE when @buf is short.
 */
int nvmeof_auth_secret_format(const struct nvmeof_auth_secret *k, char *buf, size_t size);

/**
 * nvmeof_auth_secret_clear() - wipe a secret so the compiler cannot skip it
 * @k: the secret, or NULL
 */
void nvmeof_auth_secret_clear(struct nvmeof_auth_secret *k);

/**
 * nvmeof_auth_secret_alloc() - a zeroed secret on the heap (may sleep)
 *
 * Return: the secret, or NULL when out of memory.
 */
struct nvmeof_auth_secret *nvmeof_auth_secret_alloc(void);

/**
 * nvmeof_auth_secret_free() - wipe and free a secret from nvmeof_auth_secret_alloc()
 * @k: the secret, or NULL
 */
void nvmeof_auth_secret_free(struct nvmeof_auth_secret *k);

/**
 * nvmeof_auth_id_in_list() - is an id among those a peer listed
 * @id:   the hash or DH group id
 * @list: the ids
 * @n:    entries of @list that count
 *
 * Return: true when @id occurs in the first @n entries.
 */
bool nvmeof_auth_id_in_list(u8 id, const u8 *list, size_t n);

/**
 * nvmeof_auth_send_check() - check an Authentication Send SQE
 * @cmd: the command
 * @tl:  the transfer length, when the command is good
 *
 * SECP must be E9h and SPSP0/SPSP1 01h; TL 1..NVMEOF_AUTH_MSG_MAX.
 *
 * Return: NVMEOF_SC_SUCCESS, or Invalid Field with DNR.
 */
u16 nvmeof_auth_send_check(const struct nvmeof_auth_send_cmd *cmd, u32 *tl);

/**
 * nvmeof_auth_recv_check() - check an Authentication Receive SQE
 * @cmd: the command
 * @al:  the allocation length, when the command is good
 *
 * As nvmeof_auth_send_check(), with AL 1..NVMEOF_AUTH_RECV_AL_MAX.
 *
 * Return: NVMEOF_SC_SUCCESS, or Invalid Field with DNR.
 */
u16 nvmeof_auth_recv_check(const struct nvmeof_auth_recv_cmd *cmd, u32 *al);

/**
 * nvmeof_auth_send_init() - build an Authentication Send SQE
 * @cmd:        the command; the transport fills in the SGL afterwards
 * @command_id: command identifier
 * @tl:         transfer length, the message's length
 */
void nvmeof_auth_send_init(struct nvmeof_auth_send_cmd *cmd, u16 command_id, u32 tl);

/**
 * nvmeof_auth_recv_init() - build an Authentication Receive SQE
 * @cmd:        the command; the transport fills in the SGL afterwards
 * @command_id: command identifier
 * @al:         allocation length, the host buffer's size
 */
void nvmeof_auth_recv_init(struct nvmeof_auth_recv_cmd *cmd, u16 command_id, u32 al);

/**
 * nvmeof_auth_msg_peek() - what kind of message an Authentication Send holds
 * @buf:  the message
 * @len:  its length (TL)
 * @type: AUTH-TYPE
 * @id:   AUTH-ID
 *
 * Return: 0, or NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD when @len cannot hold the
 * two bytes and a transaction id, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE for a
 * type/id pair the protocol does not define.
 */
u8 nvmeof_auth_msg_peek(const void *buf, size_t len, u8 *type, u8 *id);

/**
 * struct nvmeof_auth_negotiate_info - what an AUTH_Negotiate offers.
 * @t_id:        transaction identifier
 * @sc_c:        secure channel concatenation
 * @halen:       entries of @hash_ids
 * @dhlen:       entries of @dhgroup_ids
 * @hash_ids:    the DH-HMAC-CHAP descriptor's hash ids
 * @dhgroup_ids: its DH group ids
 */
struct nvmeof_auth_negotiate_info {
	u16	t_id;
	u8	sc_c;
	u8	halen;
	u8	dhlen;
	u8	hash_ids[NVMEOF_AUTH_DESC_IDS];
	u8	dhgroup_ids[NVMEOF_AUTH_DESC_IDS];
};

/* Protocol descriptors an AUTH_Negotiate may carry; only one kind is defined. */
#define NVMEOF_AUTH_NAPD_MAX		8

/**
 * nvmeof_auth_negotiate_decode() - validate an AUTH_Negotiate (target side)
 * @buf:  the message
 * @len:  TL; must be exactly 8 + 64 * NAPD
 * @info: the offer
 *
 * NAPD must be 1..NVMEOF_AUTH_NAPD_MAX, HALEN and DHLEN at most 30, SC_C a
 * defined value; exactly one descriptor must be DH-HMAC-CHAP.
 *
 * Return: 0 or the reason code explanation for AUTH_Failure1.
 */
u8 nvmeof_auth_negotiate_decode(const void *buf, size_t len,
				struct nvmeof_auth_negotiate_info *info);

/**
 * nvmeof_auth_negotiate_select() - the target's choice from an offer
 * @info:    the decoded offer
 * @hash_id: the hash the target is configured with
 * @dhgid:   the DH group the target is configured with
 *
 * The target has one hash and one group per host (configfs dhchap_hash,
 * dhchap_dhgroup), so it selects by checking the offer contains both and
 * that no secure channel concatenation is asked for (we have no TLS).
 *
 * Return: 0, or NVMEOF_AUTH_FAIL_CONCAT_MISMATCH, _HASH_UNUSABLE or
 * _DHGROUP_UNUSABLE.
 */
u8 nvmeof_auth_negotiate_select(const struct nvmeof_auth_negotiate_info *info,
				u8 hash_id, u8 dhgid);

/**
 * nvmeof_auth_negotiate_build() - build an AUTH_Negotiate with one descriptor
 * @buf:         receives the message
 * @size:        bytes of @buf
 * @t_id:        transaction identifier
 * @hash_ids:    hash ids to offer, in order of preference
 * @halen:       their number, 1..30
 * @dhgroup_ids: DH group ids to offer
 * @dhlen:       their number, 1..30
 *
 * Return: the message length (72), -EINVAL, or -EMSGSIZE.
 */
int nvmeof_auth_negotiate_build(void *buf, size_t size, u16 t_id,
				const u8 *hash_ids, u8 halen,
				const u8 *dhgroup_ids, u8 dhlen);

/**
 * struct nvmeof_auth_txn - what both sides agreed on for one transaction;
 *	every message after AUTH_Negotiate is checked against it.
 * @t_id:    transaction identifier
 * @hash_id: selected hash (NVMEOF_AUTH_HASH_*)
 * @dhgid:   selected DH group (NVMEOF_AUTH_DHGROUP_*)
 */
struct nvmeof_auth_txn {
	u16	t_id;
	u8	hash_id;
	u8	dhgid;
};

/**
 * struct nvmeof_dhchap_challenge_info - a decoded DH-HMAC-CHAP_Challenge.
 * @txn:    transaction id, hash and group the controller selected
 * @hl:     bytes of @c1
 * @seqnum: S1
 * @c1:     the challenge, inside the decoded buffer
 * @dhvlen: bytes of @dhv, 0 for the null group
 * @dhv:    the controller's DH value, inside the decoded buffer
 */
struct nvmeof_dhchap_challenge_info {
	struct nvmeof_auth_txn txn;
	u8		hl;
	u32		seqnum;
	const u8	*c1;
	u16		dhvlen;
	const u8	*dhv;
};

/**
 * nvmeof_dhchap_challenge_decode() - validate a Challenge (host side)
 * @buf:  the Authentication Receive buffer
 * @len:  bytes the controller may have written (AL); the message may be
 *        shorter, never longer
 * @t_id: the transaction id the host's AUTH_Negotiate carried
 * @info: the challenge
 *
 * The hash must be known and HL its length; the group known and DHVLEN 0
 * for null, else 1..prime size. The host still checks that both were in its
 * offer (nvmeof_auth_id_in_list()).
 *
 * Return: 0 or the reason code explanation for AUTH_Failure2.
 */
u8 nvmeof_dhchap_challenge_decode(const void *buf, size_t len, u16 t_id,
				  struct nvmeof_dhchap_challenge_info *info);

/**
 * nvmeof_dhchap_challenge_build() - build a Challenge
 * @buf:    receives the message
 * @size:   bytes of @buf
 * @txn:    the transaction
 * @seqnum: S1
 * @c1:     hash-length bytes of challenge
 * @dhv:    the DH value, NULL for the null group
 * @dhvlen: its length (must be the group's prime size)
 *
 * Return: the message length, -EINVAL, or -EMSGSIZE.
 */
int nvmeof_dhchap_challenge_build(void *buf, size_t size,
				  const struct nvmeof_auth_txn *txn, u32 seqnum,
				  const u8 *c1, const u8 *dhv, u16 dhvlen);

/**
 * struct nvmeof_dhchap_reply_info - a decoded DH-HMAC-CHAP_Reply.
 * @hl:     bytes of @r1 and @c2
 * @cvalid: the host asks for bidirectional authentication
 * @seqnum: S2
 * @r1:     the host's response
 * @c2:     the host's challenge (meaningful only when @cvalid)
 * @dhvlen: bytes of @dhv
 * @dhv:    the host's DH value
 */
struct nvmeof_dhchap_reply_info {
	u8		hl;
	bool		cvalid;
	u32		seqnum;
	const u8	*r1;
	const u8	*c2;
	u16		dhvlen;
	const u8	*dhv;
};

/**
 * nvmeof_dhchap_reply_decode() - validate a Reply (target side)
 * @buf:  the message
 * @len:  TL; must be exactly 16 + 2 * HL + DHVLEN
 * @txn:  the transaction the Challenge opened
 * @info: the reply
 *
 * Return: 0 or the reason code explanation for AUTH_Failure1.
 */
u8 nvmeof_dhchap_reply_decode(const void *buf, size_t len,
			      const struct nvmeof_auth_txn *txn,
			      struct nvmeof_dhchap_reply_info *info);

/**
 * nvmeof_dhchap_reply_build() - build a Reply
 * @buf:    receives the message
 * @size:   bytes of @buf
 * @txn:    the transaction
 * @r1:     hash-length bytes of response
 * @c2:     hash-length bytes of the host's challenge, NULL for unidirectional
 * @seqnum: S2 (written as 0 when @c2 is NULL)
 * @dhv:    the host's DH value, NULL for the null group
 * @dhvlen: its length
 *
 * Return: the message length, -EINVAL, or -EMSGSIZE.
 */
int nvmeof_dhchap_reply_build(void *buf, size_t size,
			      const struct nvmeof_auth_txn *txn, const u8 *r1,
			      const u8 *c2, u32 seqnum, const u8 *dhv, u16 dhvlen);

/**
 * nvmeof_dhchap_success1_decode() - validate a Success1 (host side)
 * @buf:    the Authentication Receive buffer
 * @len:    AL; the message may be shorter
 * @txn:    the transaction
 * @rvalid: the controller sent R2
 * @r2:     points at R2 inside @buf (hash-length bytes)
 *
 * Return: 0 or the reason code explanation for AUTH_Failure2.
 */
u8 nvmeof_dhchap_success1_decode(const void *buf, size_t len,
				 const struct nvmeof_auth_txn *txn,
				 bool *rvalid, const u8 **r2);

/**
 * nvmeof_dhchap_success1_build() - build a Success1
 * @buf:  receives the message
 * @size: bytes of @buf
 * @txn:  the transaction
 * @r2:   hash-length bytes of R2, or NULL when the host asked for none
 *        (RVALID clear, R2 zero)
 *
 * Return: the message length (16 + HL), -EINVAL, or -EMSGSIZE.
 */
int nvmeof_dhchap_success1_build(void *buf, size_t size,
				 const struct nvmeof_auth_txn *txn, const u8 *r2);

/**
 * nvmeof_dhchap_success2_decode() - validate a Success2 (target side)
 * @buf: the message
 * @len: TL; must be exactly 16
 * @txn: the transaction
 *
 * Return: 0 or the reason code explanation for AUTH_Failure1.
 */
u8 nvmeof_dhchap_success2_decode(const void *buf, size_t len,
				 const struct nvmeof_auth_txn *txn);

/**
 * nvmeof_dhchap_success2_build() - build a Success2
 * @buf:  receives the message
 * @size: bytes of @buf
 * @txn:  the transaction
 *
 * Return: 16, -EINVAL, or -EMSGSIZE.
 */
int nvmeof_dhchap_success2_build(void *buf, size_t size,
				 const struct nvmeof_auth_txn *txn);

/**
 * nvmeof_auth_failure_decode() - validate an AUTH_Failure1 or _Failure2
 * @buf:    the message
 * @len:    for Failure2 (target side) exactly 8; for Failure1 (host side)
 *          at least 8
 * @auth_id: NVMEOF_AUTH_ID_FAILURE1 or _FAILURE2, the one expected
 * @t_id:   the transaction
 * @exp:    the peer's reason code explanation
 *
 * Return: 0 or the reason code explanation of a malformed failure message.
 */
u8 nvmeof_auth_failure_decode(const void *buf, size_t len, u8 auth_id,
			      u16 t_id, u8 *exp);

/**
 * nvmeof_auth_failure_build() - build an AUTH_Failure1 or _Failure2
 * @buf:     receives the message
 * @size:    bytes of @buf
 * @auth_id: NVMEOF_AUTH_ID_FAILURE1 or _FAILURE2
 * @t_id:    the transaction
 * @exp:     reason code explanation (NVMEOF_AUTH_FAIL_*)
 *
 * Return: 8, -EINVAL, or -EMSGSIZE.
 */
int nvmeof_auth_failure_build(void *buf, size_t size, u8 auth_id, u16 t_id, u8 exp);

/*
 * The HMAC inputs of DH-HMAC-CHAP (Base 2.0, 8.13.5, response values):
 *
 *   R1 = HMAC(Kh', Ch || S1 || T_ID || SC_C || "HostHost" || NQNh || 00h || NQNc)
 *   R2 = HMAC(Kc', Cc || S2 || T_ID || SC_C || "Controller" || NQNc || 00h || NQNh)
 *
 * S1/S2 little-endian 32 bits, T_ID 16 bits, SC_C one byte; Ch/Cc is the
 * challenge C1/C2 itself for the null group, else the augmented challenge
 * HMAC(H(g^xy mod p), C). Kh'/Kc' is the key after its DHHC-1 transform:
 * HMAC_hh(key, NQNh || "NVMe-over-Fabrics").
 */

/**
 * nvmeof_dhchap_response_input() - assemble the bytes R1 or R2 is the HMAC of
 * @buf:       receives them
 * @size:      bytes of @buf
 * @challenge: C1/C2 or its augmented form
 * @hl:        its length
 * @seqnum:    S1 or S2
 * @t_id:      transaction identifier
 * @sc_c:      secure channel concatenation from AUTH_Negotiate
 * @controller: false for R1 ("HostHost", NQNh first), true for R2
 *             ("Controller", NQNc first)
 * @hostnqn:   NQNh, NUL-terminated within NVMEOF_NQN_FIELD_LEN
 * @subsysnqn: NQNc, likewise
 *
 * Return: the length written, -EINVAL for a bad argument, -EMSGSIZE.
 */
int nvmeof_dhchap_response_input(void *buf, size_t size, const u8 *challenge,
				 size_t hl, u32 seqnum, u16 t_id, u8 sc_c,
				 bool controller, const char *hostnqn,
				 const char *subsysnqn);

/* Largest response input: a 64-byte challenge, 17 bytes, two 223-byte NQNs. */
#define NVMEOF_DHCHAP_RESPONSE_INPUT_MAX \
	(NVMEOF_AUTH_HASH_MAX + 4 + 2 + 1 + 10 + 2 * NVMEOF_NQN_MAX_LEN + 1)

/**
 * nvmeof_dhchap_transform_input() - the bytes the key transform HMACs
 * @buf:     receives NQN || "NVMe-over-Fabrics"
 * @size:    bytes of @buf
 * @hostnqn: the secret holder's NQN (NQNh for the host's secret, NQNc for
 *           the controller's), NUL-terminated within NVMEOF_NQN_FIELD_LEN
 *
 * Return: the length written, -EINVAL, or -EMSGSIZE.
 */
int nvmeof_dhchap_transform_input(void *buf, size_t size, const char *hostnqn);

#define NVMEOF_DHCHAP_TRANSFORM_INPUT_MAX	(NVMEOF_NQN_MAX_LEN + 17)

#endif /* NVMEOF_AUTH_H */
