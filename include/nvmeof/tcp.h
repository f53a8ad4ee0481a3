/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVMe/TCP PDU wire structures (NVM Express TCP Transport Specification 1.0a,
 * section 3.6). Written from the specification; layouts cross-checked
 * against the in-tree <linux/nvme-tcp.h> of the 6.1 kernel.
 */
#ifndef NVMEOF_TCP_H
#define NVMEOF_TCP_H

#include <linux/types.h>
#include <linux/build_bug.h>

#include <nvmeof/nvme.h>

/* PDU types (TCP 1.0a, 3.6.2.1, "PDU-Type"). 0x08 and 0x0a-0xff are reserved. */
enum nvmeof_tcp_pdu_type {
	NVMEOF_TCP_ICREQ	= 0x00,
	NVMEOF_TCP_ICRESP	= 0x01,
	NVMEOF_TCP_H2C_TERM	= 0x02,
	NVMEOF_TCP_C2H_TERM	= 0x03,
	NVMEOF_TCP_CMD		= 0x04,
	NVMEOF_TCP_RSP		= 0x05,
	NVMEOF_TCP_H2C_DATA	= 0x06,
	NVMEOF_TCP_C2H_DATA	= 0x07,
	NVMEOF_TCP_R2T		= 0x09,
};

/* Common header FLAGS (TCP 1.0a, 3.6.2.1). Bits 7:4 are reserved. */
#define NVMEOF_TCP_F_HDGST		0x01	/* header digest follows HLEN bytes */
#define NVMEOF_TCP_F_DDGST		0x02	/* data digest follows PDU data */
#define NVMEOF_TCP_F_DATA_LAST		0x04	/* H2CData/C2HData: last PDU of a transfer */
#define NVMEOF_TCP_F_DATA_SUCCESS	0x08	/* C2HData: no CapsuleResp will follow */

/* Fatal Error Status carried by H2CTermReq/C2HTermReq (TCP 1.0a, 3.6.2.4/3.6.2.5). */
enum nvmeof_tcp_fes {
	NVMEOF_TCP_FES_INVALID_PDU_HDR		= 0x01,
	NVMEOF_TCP_FES_PDU_SEQ_ERR		= 0x02,
	NVMEOF_TCP_FES_HDR_DIGEST_ERR		= 0x03,
	NVMEOF_TCP_FES_DATA_OUT_OF_RANGE	= 0x04,
	/* 0x05 is named for the direction: the host reports R2T Limit Exceeded ... */
	NVMEOF_TCP_FES_R2T_LIMIT_EXCEEDED	= 0x05,
	/* ... the controller reports Data Transfer Limit Exceeded. */
	NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED	= 0x05,
	NVMEOF_TCP_FES_UNSUPPORTED_PARAM	= 0x06,
};

/* ICReq/ICResp DGST field bits; bits 7:2 are reserved. */
#define NVMEOF_TCP_DIGEST_HDR		0x01
#define NVMEOF_TCP_DIGEST_DATA		0x02

#define NVMEOF_TCP_PFV_1_0		0x0000	/* the only PDU format version */
#define NVMEOF_TCP_MAX_PDA		31	/* HPDA/CPDA: 0's based dwords */
#define NVMEOF_TCP_DIGEST_LEN		4	/* CRC32C */
#define NVMEOF_TCP_MIN_MAXH2CDATA	4096	/* smallest MAXH2CDATA an ICResp may carry */
/* The Linux host's in-capsule data size on the admin queue (NVME_TCP_ADMIN_CCSZ). */
#define NVMEOF_TCP_ADMIN_ICDSZ		8192
#define NVMEOF_TCP_TERM_MAX_DATA	128	/* offending header bytes a TermReq may carry */
#define NVMEOF_TCP_DISC_PORT		8009	/* NVMe/TCP discovery well-known port */

/**
 * struct nvmeof_tcp_hdr - PDU common header, CH (TCP 1.0a, 3.6.2.1).
 * @type:  PDU type, enum nvmeof_tcp_pdu_type
 * @flags: NVMEOF_TCP_F_* bits
 * @hlen:  PDU header length, fixed per type, without the header digest
 * @pdo:   PDU data offset from the start of the PDU; 0 when there is no data
 * @plen:  total PDU length on the wire: header, digests, pad and data
 */
struct nvmeof_tcp_hdr {
	__u8	type;
	__u8	flags;
	__u8	hlen;
	__u8	pdo;
	__le32	plen;
};
static_assert(sizeof(struct nvmeof_tcp_hdr) == 8);
static_assert(offsetof(struct nvmeof_tcp_hdr, type) == 0);
static_assert(offsetof(struct nvmeof_tcp_hdr, flags) == 1);
static_assert(offsetof(struct nvmeof_tcp_hdr, hlen) == 2);
static_assert(offsetof(struct nvmeof_tcp_hdr, pdo) == 3);
static_assert(offsetof(struct nvmeof_tcp_hdr, plen) == 4);

/**
 * struct nvmeof_tcp_icreq - Initialize Connection Request (TCP 1.0a, 3.6.2.2).
 * @hdr:    common header, type NVMEOF_TCP_ICREQ, hlen = plen = 128
 * @pfv:    PDU format version, NVMEOF_TCP_PFV_1_0
 * @hpda:   host PDU data alignment, 0's based dwords, at most 31
 * @digest: NVMEOF_TCP_DIGEST_* the host asks for
 * @maxr2t: maximum outstanding R2Ts per command, 0's based
 * @rsvd16: reserved
 */
struct nvmeof_tcp_icreq {
	struct nvmeof_tcp_hdr hdr;
	__le16	pfv;
	__u8	hpda;
	__u8	digest;
	__le32	maxr2t;
	__u8	rsvd16[112];
};
static_assert(sizeof(struct nvmeof_tcp_icreq) == 128);
static_assert(offsetof(struct nvmeof_tcp_icreq, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_icreq, pfv) == 8);
static_assert(offsetof(struct nvmeof_tcp_icreq, hpda) == 10);
static_assert(offsetof(struct nvmeof_tcp_icreq, digest) == 11);
static_assert(offsetof(struct nvmeof_tcp_icreq, maxr2t) == 12);
static_assert(offsetof(struct nvmeof_tcp_icreq, rsvd16) == 16);

/**
 * struct nvmeof_tcp_icresp - Initialize Connection Response (TCP 1.0a, 3.6.2.3).
 * @hdr:     common header, type NVMEOF_TCP_ICRESP, hlen = plen = 128
 * @pfv:     PDU format version, NVMEOF_TCP_PFV_1_0
 * @cpda:    controller PDU data alignment, 0's based dwords, at most 31
 * @digest:  NVMEOF_TCP_DIGEST_* the controller enabled
 * @maxdata: MAXH2CDATA, most data bytes in one H2CData PDU
 * @rsvd16:  reserved
 */
struct nvmeof_tcp_icresp {
	struct nvmeof_tcp_hdr hdr;
	__le16	pfv;
	__u8	cpda;
	__u8	digest;
	__le32	maxdata;
	__u8	rsvd16[112];
};
static_assert(sizeof(struct nvmeof_tcp_icresp) == 128);
static_assert(offsetof(struct nvmeof_tcp_icresp, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_icresp, pfv) == 8);
static_assert(offsetof(struct nvmeof_tcp_icresp, cpda) == 10);
static_assert(offsetof(struct nvmeof_tcp_icresp, digest) == 11);
static_assert(offsetof(struct nvmeof_tcp_icresp, maxdata) == 12);
static_assert(offsetof(struct nvmeof_tcp_icresp, rsvd16) == 16);

/**
 * struct nvmeof_tcp_term - H2CTermReq / C2HTermReq header (TCP 1.0a, 3.6.2.4, 3.6.2.5).
 * @hdr:    common header, hlen 24; up to NVMEOF_TCP_TERM_MAX_DATA bytes of the
 *          offending PDU header follow, never with digests
 * @fes:    fatal error status, enum nvmeof_tcp_fes
 * @feil:   fatal error information, bits 15:0 (FEI is a 32-bit field at
 *          byte 10, which is not 4-byte aligned, hence the two halves)
 * @feiu:   fatal error information, bits 31:16
 * @rsvd14: reserved
 */
struct nvmeof_tcp_term {
	struct nvmeof_tcp_hdr hdr;
	__le16	fes;
	__le16	feil;
	__le16	feiu;
	__u8	rsvd14[10];
};
static_assert(sizeof(struct nvmeof_tcp_term) == 24);
static_assert(offsetof(struct nvmeof_tcp_term, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_term, fes) == 8);
static_assert(offsetof(struct nvmeof_tcp_term, feil) == 10);
static_assert(offsetof(struct nvmeof_tcp_term, feiu) == 12);
static_assert(offsetof(struct nvmeof_tcp_term, rsvd14) == 14);

/**
 * struct nvmeof_tcp_cmd_pdu - CapsuleCmd (TCP 1.0a, 3.6.2.6).
 * @hdr: common header, type NVMEOF_TCP_CMD, hlen 72; in-capsule data at pdo
 * @cmd: the submission queue entry
 */
struct nvmeof_tcp_cmd_pdu {
	struct nvmeof_tcp_hdr hdr;
	struct nvmeof_sqe cmd;
};
static_assert(sizeof(struct nvmeof_tcp_cmd_pdu) == 72);
static_assert(offsetof(struct nvmeof_tcp_cmd_pdu, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_cmd_pdu, cmd) == 8);

/**
 * struct nvmeof_tcp_rsp_pdu - CapsuleResp (TCP 1.0a, 3.6.2.7).
 * @hdr: common header, type NVMEOF_TCP_RSP, hlen 24, never data
 * @cqe: the completion queue entry
 */
struct nvmeof_tcp_rsp_pdu {
	struct nvmeof_tcp_hdr hdr;
	struct nvmeof_cqe cqe;
};
static_assert(sizeof(struct nvmeof_tcp_rsp_pdu) == 24);
static_assert(offsetof(struct nvmeof_tcp_rsp_pdu, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_rsp_pdu, cqe) == 8);

/**
 * struct nvmeof_tcp_data_pdu - H2CData / C2HData (TCP 1.0a, 3.6.2.8, 3.6.2.9).
 * @hdr:         common header, hlen 24; data at pdo
 * @command_id:  CID of the command the data belongs to (opaque, as in the SQE)
 * @ttag:        H2CData: transfer tag from the R2T; C2HData: reserved
 * @data_offset: offset of this PDU's data within the command's transfer
 * @data_length: data bytes in this PDU
 * @rsvd20:      reserved
 */
struct nvmeof_tcp_data_pdu {
	struct nvmeof_tcp_hdr hdr;
	__u16	command_id;
	__u16	ttag;
	__le32	data_offset;
	__le32	data_length;
	__u8	rsvd20[4];
};
static_assert(sizeof(struct nvmeof_tcp_data_pdu) == 24);
static_assert(offsetof(struct nvmeof_tcp_data_pdu, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_data_pdu, command_id) == 8);
static_assert(offsetof(struct nvmeof_tcp_data_pdu, ttag) == 10);
static_assert(offsetof(struct nvmeof_tcp_data_pdu, data_offset) == 12);
static_assert(offsetof(struct nvmeof_tcp_data_pdu, data_length) == 16);
static_assert(offsetof(struct nvmeof_tcp_data_pdu, rsvd20) == 20);

/**
 * struct nvmeof_tcp_r2t_pdu - Ready to Transfer (TCP 1.0a, 3.6.2.10).
 * @hdr:        common header, type NVMEOF_TCP_R2T, hlen 24, never data
 * @command_id: CID of the command whose data is solicited
 * @ttag:       transfer tag the host echoes in its H2CData PDUs
 * @r2t_offset: offset of the solicited data within the command's transfer
 * @r2t_length: solicited bytes, non-zero
 * @rsvd20:     reserved
 */
struct nvmeof_tcp_r2t_pdu {
	struct nvmeof_tcp_hdr hdr;
	__u16	command_id;
	__u16	ttag;
	__le32	r2t_offset;
	__le32	r2t_length;
	__u8	rsvd20[4];
};
static_assert(sizeof(struct nvmeof_tcp_r2t_pdu) == 24);
static_assert(offsetof(struct nvmeof_tcp_r2t_pdu, hdr) == 0);
static_assert(offsetof(struct nvmeof_tcp_r2t_pdu, command_id) == 8);
static_assert(offsetof(struct nvmeof_tcp_r2t_pdu, ttag) == 10);
static_assert(offsetof(struct nvmeof_tcp_r2t_pdu, r2t_offset) == 12);
static_assert(offsetof(struct nvmeof_tcp_r2t_pdu, r2t_length) == 16);
static_assert(offsetof(struct nvmeof_tcp_r2t_pdu, rsvd20) == 20);

#endif /* NVMEOF_TCP_H */
