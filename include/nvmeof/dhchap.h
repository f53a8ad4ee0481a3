/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVMe in-band authentication wire messages (NVM Express Base Specification
 * 2.0, 8.13 "NVMe in-band authentication", 8.13.5 "DH-HMAC-CHAP"): the
 * payloads of Authentication Send and Authentication Receive (the SQEs are
 * struct nvmeof_auth_send_cmd and struct nvmeof_auth_recv_cmd in fabrics.h).
 * All multi-byte fields are little endian.
 */
#ifndef NVMEOF_DHCHAP_H
#define NVMEOF_DHCHAP_H

#include <linux/types.h>
#include <linux/build_bug.h>

/*
 * Authentication Send/Receive: SECP E9h is NVMe in-band authentication;
 * SPSP0 and SPSP1 are both 01h for every message of the protocol.
 */
#define NVMEOF_AUTH_SPSP0		0x01
#define NVMEOF_AUTH_SPSP1		0x01

/* AUTH-TYPE, byte 0 of every message. */
#define NVMEOF_AUTH_TYPE_COMMON		0x00	/* AUTH_Negotiate, AUTH_Failure1/2 */
#define NVMEOF_AUTH_TYPE_DHCHAP		0x01	/* DH-HMAC-CHAP_* messages */

/* AUTH-ID, byte 1 of every message. */
#define NVMEOF_AUTH_ID_NEGOTIATE	0x00
#define NVMEOF_AUTH_ID_CHALLENGE	0x01
#define NVMEOF_AUTH_ID_REPLY		0x02
#define NVMEOF_AUTH_ID_SUCCESS1		0x03
#define NVMEOF_AUTH_ID_SUCCESS2		0x04
#define NVMEOF_AUTH_ID_FAILURE2		0xf0	/* host to controller */
#define NVMEOF_AUTH_ID_FAILURE1		0xf1	/* controller to host */

/* Authentication protocol identifier in a protocol descriptor. */
#define NVMEOF_AUTH_PROTO_DHCHAP	0x01

/* Hash function identifiers (Base 2.0, 8.13.5). */
#define NVMEOF_AUTH_HASH_SHA256		0x01
#define NVMEOF_AUTH_HASH_SHA384		0x02
#define NVMEOF_AUTH_HASH_SHA512		0x03

/* Diffie-Hellman group identifiers (Base 2.0, 8.13.5). */
#define NVMEOF_AUTH_DHGROUP_NULL	0x00
#define NVMEOF_AUTH_DHGROUP_2048	0x01
#define NVMEOF_AUTH_DHGROUP_3072	0x02
#define NVMEOF_AUTH_DHGROUP_4096	0x03
#define NVMEOF_AUTH_DHGROUP_6144	0x04
#define NVMEOF_AUTH_DHGROUP_8192	0x05

/* SC_C, secure channel concatenation, in AUTH_Negotiate. */
#define NVMEOF_AUTH_SCC_NONE		0x00
#define NVMEOF_AUTH_SCC_NEW_TLS		0x01
#define NVMEOF_AUTH_SCC_REPLACE_TLS	0x02

/* AUTH_Failure reason code and reason code explanations. */
#define NVMEOF_AUTH_FAIL_REASON		0x01	/* authentication failure */
#define NVMEOF_AUTH_FAIL_FAILED		0x01	/* authentication failed */
#define NVMEOF_AUTH_FAIL_NOT_USABLE	0x02	/* protocol not usable */
#define NVMEOF_AUTH_FAIL_CONCAT_MISMATCH 0x03	/* secure channel concatenation */
#define NVMEOF_AUTH_FAIL_HASH_UNUSABLE	0x04	/* hash function not usable */
#define NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE 0x05	/* DH group not usable */
#define NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD 0x06
#define NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE 0x07

/* The ID lists of a protocol descriptor hold at most this many entries each. */
#define NVMEOF_AUTH_DESC_IDS		30

/**
 * struct nvmeof_auth_protocol_desc - DH-HMAC-CHAP protocol descriptor
 *	(Base 2.0, 8.13.5, AUTH_Negotiate).
 * @authid:      authentication protocol (NVMEOF_AUTH_PROTO_DHCHAP)
 * @rsvd1:       reserved
 * @halen:       number of valid entries in @hash_ids
 * @dhlen:       number of valid entries in @dhgroup_ids
 * @hash_ids:    hash function identifiers the host offers
 * @dhgroup_ids: DH group identifiers the host offers
 */
struct nvmeof_auth_protocol_desc {
	__u8	authid;
	__u8	rsvd1;
	__u8	halen;
	__u8	dhlen;
	__u8	hash_ids[NVMEOF_AUTH_DESC_IDS];
	__u8	dhgroup_ids[NVMEOF_AUTH_DESC_IDS];
};
static_assert(sizeof(struct nvmeof_auth_protocol_desc) == 64);
static_assert(offsetof(struct nvmeof_auth_protocol_desc, authid) == 0);
static_assert(offsetof(struct nvmeof_auth_protocol_desc, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_auth_protocol_desc, halen) == 2);
static_assert(offsetof(struct nvmeof_auth_protocol_desc, dhlen) == 3);
static_assert(offsetof(struct nvmeof_auth_protocol_desc, hash_ids) == 4);
static_assert(offsetof(struct nvmeof_auth_protocol_desc, dhgroup_ids) == 34);

/**
 * struct nvmeof_auth_negotiate - AUTH_Negotiate, host to controller
 *	(Base 2.0, 8.13.5).
 * @auth_type: NVMEOF_AUTH_TYPE_COMMON
 * @auth_id:   NVMEOF_AUTH_ID_NEGOTIATE
 * @rsvd2:     reserved
 * @t_id:      transaction identifier, echoed by every later message
 * @sc_c:      secure channel concatenation (NVMEOF_AUTH_SCC_*)
 * @napd:      number of protocol descriptors that follow
 * @descs:     @napd descriptors of 64 bytes
 */
struct nvmeof_auth_negotiate {
	__u8	auth_type;
	__u8	auth_id;
	__u8	rsvd2[2];
	__le16	t_id;
	__u8	sc_c;
	__u8	napd;
	struct nvmeof_auth_protocol_desc descs[];
};
static_assert(sizeof(struct nvmeof_auth_negotiate) == 8);
static_assert(offsetof(struct nvmeof_auth_negotiate, auth_type) == 0);
static_assert(offsetof(struct nvmeof_auth_negotiate, auth_id) == 1);
static_assert(offsetof(struct nvmeof_auth_negotiate, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_auth_negotiate, t_id) == 4);
static_assert(offsetof(struct nvmeof_auth_negotiate, sc_c) == 6);
static_assert(offsetof(struct nvmeof_auth_negotiate, napd) == 7);
static_assert(offsetof(struct nvmeof_auth_negotiate, descs) == 8);

/**
 * struct nvmeof_dhchap_challenge - DH-HMAC-CHAP_Challenge, controller to host
 *	(Base 2.0, 8.13.5).
 * @auth_type: NVMEOF_AUTH_TYPE_DHCHAP
 * @auth_id:   NVMEOF_AUTH_ID_CHALLENGE
 * @rsvd2:     reserved
 * @t_id:      transaction identifier
 * @hl:        hash length: bytes of the challenge C1
 * @rsvd7:     reserved
 * @hashid:    selected hash function (NVMEOF_AUTH_HASH_*)
 * @dhgid:     selected DH group (NVMEOF_AUTH_DHGROUP_*)
 * @dhvlen:    bytes of the controller's DH value, 0 for the null group
 * @seqnum:    sequence number S1
 * @cval:      @hl bytes of C1, then @dhvlen bytes of the DH value
 */
struct nvmeof_dhchap_challenge {
	__u8	auth_type;
	__u8	auth_id;
	__u8	rsvd2[2];
	__le16	t_id;
	__u8	hl;
	__u8	rsvd7;
	__u8	hashid;
	__u8	dhgid;
	__le16	dhvlen;
	__le32	seqnum;
	__u8	cval[];
};
static_assert(sizeof(struct nvmeof_dhchap_challenge) == 16);
static_assert(offsetof(struct nvmeof_dhchap_challenge, auth_type) == 0);
static_assert(offsetof(struct nvmeof_dhchap_challenge, auth_id) == 1);
static_assert(offsetof(struct nvmeof_dhchap_challenge, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_dhchap_challenge, t_id) == 4);
static_assert(offsetof(struct nvmeof_dhchap_challenge, hl) == 6);
static_assert(offsetof(struct nvmeof_dhchap_challenge, rsvd7) == 7);
static_assert(offsetof(struct nvmeof_dhchap_challenge, hashid) == 8);
static_assert(offsetof(struct nvmeof_dhchap_challenge, dhgid) == 9);
static_assert(offsetof(struct nvmeof_dhchap_challenge, dhvlen) == 10);
static_assert(offsetof(struct nvmeof_dhchap_challenge, seqnum) == 12);
static_assert(offsetof(struct nvmeof_dhchap_challenge, cval) == 16);

/* CVALID in DH-HMAC-CHAP_Reply, RVALID in DH-HMAC-CHAP_Success1. */
#define NVMEOF_DHCHAP_VALID		0x01

/**
 * struct nvmeof_dhchap_reply - DH-HMAC-CHAP_Reply, host to controller
 *	(Base 2.0, 8.13.5).
 * @auth_type: NVMEOF_AUTH_TYPE_DHCHAP
 * @auth_id:   NVMEOF_AUTH_ID_REPLY
 * @rsvd2:     reserved
 * @t_id:      transaction identifier
 * @hl:        hash length: bytes of R1 and of C2
 * @rsvd7:     reserved
 * @cvalid:    NVMEOF_DHCHAP_VALID when C2 is valid (bidirectional)
 * @rsvd9:     reserved
 * @dhvlen:    bytes of the host's DH value, 0 for the null group
 * @seqnum:    sequence number S2 (0 when C2 is not valid)
 * @rval:      @hl bytes of R1, @hl bytes of C2 (zero when not valid),
 *             then @dhvlen bytes of the DH value
 */
struct nvmeof_dhchap_reply {
	__u8	auth_type;
	__u8	auth_id;
	__u8	rsvd2[2];
	__le16	t_id;
	__u8	hl;
	__u8	rsvd7;
	__u8	cvalid;
	__u8	rsvd9;
	__le16	dhvlen;
	__le32	seqnum;
	__u8	rval[];
};
static_assert(sizeof(struct nvmeof_dhchap_reply) == 16);
static_assert(offsetof(struct nvmeof_dhchap_reply, auth_type) == 0);
static_assert(offsetof(struct nvmeof_dhchap_reply, auth_id) == 1);
static_assert(offsetof(struct nvmeof_dhchap_reply, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_dhchap_reply, t_id) == 4);
static_assert(offsetof(struct nvmeof_dhchap_reply, hl) == 6);
static_assert(offsetof(struct nvmeof_dhchap_reply, rsvd7) == 7);
static_assert(offsetof(struct nvmeof_dhchap_reply, cvalid) == 8);
static_assert(offsetof(struct nvmeof_dhchap_reply, rsvd9) == 9);
static_assert(offsetof(struct nvmeof_dhchap_reply, dhvlen) == 10);
static_assert(offsetof(struct nvmeof_dhchap_reply, seqnum) == 12);
static_assert(offsetof(struct nvmeof_dhchap_reply, rval) == 16);

/**
 * struct nvmeof_dhchap_success1 - DH-HMAC-CHAP_Success1, controller to host
 *	(Base 2.0, 8.13.5).
 * @auth_type: NVMEOF_AUTH_TYPE_DHCHAP
 * @auth_id:   NVMEOF_AUTH_ID_SUCCESS1
 * @rsvd2:     reserved
 * @t_id:      transaction identifier
 * @hl:        hash length: bytes of R2
 * @rsvd7:     reserved
 * @rvalid:    NVMEOF_DHCHAP_VALID when R2 is valid (bidirectional)
 * @rsvd9:     reserved
 * @rval:      @hl bytes of R2 (zero when not valid)
 */
struct nvmeof_dhchap_success1 {
	__u8	auth_type;
	__u8	auth_id;
	__u8	rsvd2[2];
	__le16	t_id;
	__u8	hl;
	__u8	rsvd7;
	__u8	rvalid;
	__u8	rsvd9[7];
	__u8	rval[];
};
static_assert(sizeof(struct nvmeof_dhchap_success1) == 16);
static_assert(offsetof(struct nvmeof_dhchap_success1, auth_type) == 0);
static_assert(offsetof(struct nvmeof_dhchap_success1, auth_id) == 1);
static_assert(offsetof(struct nvmeof_dhchap_success1, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_dhchap_success1, t_id) == 4);
static_assert(offsetof(struct nvmeof_dhchap_success1, hl) == 6);
static_assert(offsetof(struct nvmeof_dhchap_success1, rsvd7) == 7);
static_assert(offsetof(struct nvmeof_dhchap_success1, rvalid) == 8);
static_assert(offsetof(struct nvmeof_dhchap_success1, rsvd9) == 9);
static_assert(offsetof(struct nvmeof_dhchap_success1, rval) == 16);

/**
 * struct nvmeof_dhchap_success2 - DH-HMAC-CHAP_Success2, host to controller
 *	(Base 2.0, 8.13.5); sent only after bidirectional authentication.
 * @auth_type: NVMEOF_AUTH_TYPE_DHCHAP
 * @auth_id:   NVMEOF_AUTH_ID_SUCCESS2
 * @rsvd2:     reserved
 * @t_id:      transaction identifier
 * @rsvd6:     reserved
 */
struct nvmeof_dhchap_success2 {
	__u8	auth_type;
	__u8	auth_id;
	__u8	rsvd2[2];
	__le16	t_id;
	__u8	rsvd6[10];
};
static_assert(sizeof(struct nvmeof_dhchap_success2) == 16);
static_assert(offsetof(struct nvmeof_dhchap_success2, auth_type) == 0);
static_assert(offsetof(struct nvmeof_dhchap_success2, auth_id) == 1);
static_assert(offsetof(struct nvmeof_dhchap_success2, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_dhchap_success2, t_id) == 4);
static_assert(offsetof(struct nvmeof_dhchap_success2, rsvd6) == 6);

/**
 * struct nvmeof_auth_failure - AUTH_Failure1 (controller to host) and
 *	AUTH_Failure2 (host to controller) (Base 2.0, 8.13.5).
 * @auth_type:   NVMEOF_AUTH_TYPE_COMMON
 * @auth_id:     NVMEOF_AUTH_ID_FAILURE1 or NVMEOF_AUTH_ID_FAILURE2
 * @rsvd2:       reserved
 * @t_id:        transaction identifier
 * @rescode:     reason code (NVMEOF_AUTH_FAIL_REASON)
 * @rescode_exp: reason code explanation (NVMEOF_AUTH_FAIL_*)
 */
struct nvmeof_auth_failure {
	__u8	auth_type;
	__u8	auth_id;
	__u8	rsvd2[2];
	__le16	t_id;
	__u8	rescode;
	__u8	rescode_exp;
};
static_assert(sizeof(struct nvmeof_auth_failure) == 8);
static_assert(offsetof(struct nvmeof_auth_failure, auth_type) == 0);
static_assert(offsetof(struct nvmeof_auth_failure, auth_id) == 1);
static_assert(offsetof(struct nvmeof_auth_failure, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_auth_failure, t_id) == 4);
static_assert(offsetof(struct nvmeof_auth_failure, rescode) == 6);
static_assert(offsetof(struct nvmeof_auth_failure, rescode_exp) == 7);

#endif /* NVMEOF_DHCHAP_H */
