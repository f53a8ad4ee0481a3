/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVMe/TCP PDU validator, builders and digests of the pure fabrics core.
 *
 * Every PDU that arrives from the network passes nvmeof_tcp_validate_hdr()
 * before any other code reads it. Failures come back as the Fatal Error
 * Status and Fatal Error Information a TermReq must carry, so the queue
 * engine only has to hand the result to nvmeof_tcp_build_term().
 */
#ifndef NVMEOF_TCP_PDU_H
#define NVMEOF_TCP_PDU_H

#include <nvmeof/shim.h>
#include <nvmeof/tcp.h>

/*
 * Largest header region a builder writes, and so the smallest buffer it may
 * be handed: a TermReq (24 + 128 bytes), or a data-carrying header padded
 * to the largest PDA alignment (128 bytes).
 */
#define NVMEOF_TCP_HDR_BUF_SIZE		152

/*
 * Storage for what the builders write: big enough for any of them and
 * aligned for the wire structs, which the builders fill field by field.
 * The validator has no such need: it reads received bytes at any address.
 */
union nvmeof_tcp_hdr_buf {
	struct nvmeof_tcp_hdr		ch;
	struct nvmeof_tcp_icreq		icreq;
	struct nvmeof_tcp_icresp	icresp;
	struct nvmeof_tcp_term		term;
	struct nvmeof_tcp_cmd_pdu	cmd;
	struct nvmeof_tcp_rsp_pdu	rsp;
	struct nvmeof_tcp_data_pdu	data;
	struct nvmeof_tcp_r2t_pdu	r2t;
	u8				raw[NVMEOF_TCP_HDR_BUF_SIZE];
};

/* MAXH2CDATA the in-tree target advertises; a sane default for ours. */
#define NVMEOF_TCP_DEF_MAXH2CDATA	0x400000

enum nvmeof_tcp_role {
	NVMEOF_TCP_ROLE_HOST,
	NVMEOF_TCP_ROLE_TARGET,
};

/**
 * struct nvmeof_tcp_params - what one queue negotiated, as seen by one side.
 * @role:         the side that owns this queue end: it receives C2H PDUs
 *                when %NVMEOF_TCP_ROLE_HOST, H2C PDUs when _TARGET
 * @ic_done:      ICReq/ICResp exchanged; before that only ICReq (target) or
 *                ICResp (host) and TermReqs are accepted
 * @hdr_digest:   header digests on every PDU type that carries them; on a
 *                host before ic_done, what the ICReq asks for
 * @data_digest:  data digests on every PDU that carries data; same as above
 * @hpda:         host PDU data alignment (0's based dwords): the layout of
 *                data PDUs the controller sends to the host
 * @cpda:         controller PDU data alignment: the layout of data PDUs the
 *                host sends to the controller
 * @maxr2t:       maximum outstanding R2Ts per command, 0's based, as in ICReq
 * @maxh2cdata:   most data bytes in one H2CData PDU (ICResp MAXDATA)
 * @icd_size:     most in-capsule data bytes in one CapsuleCmd (IOCCSZ * 16
 *                minus the SQE on I/O queues, NVMEOF_TCP_ADMIN_ICDSZ on the
 *                admin queue); 0 refuses in-capsule data
 *
 * The core never changes this on its own: the queue engine fills it, and
 * nvmeof_tcp_params_apply_icreq()/_icresp() complete the negotiation.
 */
struct nvmeof_tcp_params {
	enum nvmeof_tcp_role role;
	bool	ic_done;
	bool	hdr_digest;
	bool	data_digest;
	u8	hpda;
	u8	cpda;
	u32	maxr2t;
	u32	maxh2cdata;
	u32	icd_size;
};

/**
 * struct nvmeof_tcp_result - verdict on one received PDU header.
 * @fes:      0 when valid, else the enum nvmeof_tcp_fes a TermReq carries
 * @fei:      fatal error information for that TermReq: the byte offset of
 *            the offending field for %NVMEOF_TCP_FES_INVALID_PDU_HDR and
 *            %NVMEOF_TCP_FES_UNSUPPORTED_PARAM, 0 (reserved) otherwise
 * @complete: the whole header (and its digest) was checked, not only the
 *            common header; when false and @fes is 0, read @hdr_len bytes
 *            and validate again
 * @hdr_len:  header bytes on the wire: HLEN plus the header digest
 * @pad_len:  bytes between the header digest and the data (PDO alignment)
 * @data_len: PDU data bytes (for a TermReq, the copy of the offending header)
 * @ddgst_len: bytes of data digest after the data, 0 or 4
 *
 * For a valid PDU, hdr_len + pad_len + data_len + ddgst_len == PLEN.
 */
struct nvmeof_tcp_result {
	u16	fes;
	u32	fei;
	bool	complete;
	u32	hdr_len;
	u32	pad_len;
	u32	data_len;
	u32	ddgst_len;
};

void nvmeof_tcp_params_init(struct nvmeof_tcp_params *p, enum nvmeof_tcp_role role);
void nvmeof_tcp_params_apply_icreq(struct nvmeof_tcp_params *p,
				   const struct nvmeof_tcp_icreq *icreq);
void nvmeof_tcp_params_apply_icresp(struct nvmeof_tcp_params *p,
				    const struct nvmeof_tcp_icresp *icresp);

u16 nvmeof_tcp_validate_hdr(const struct nvmeof_tcp_params *p, const void *buf,
			    size_t len, struct nvmeof_tcp_result *res);
u16 nvmeof_tcp_validate_xfer(const void *pdu, u32 transfer_len,
			     struct nvmeof_tcp_result *res);

u32 nvmeof_tcp_hdgst(const void *hdr, size_t hlen);
bool nvmeof_tcp_hdgst_ok(const void *hdr, size_t hlen);
u32 nvmeof_tcp_ddgst_init(void);
u32 nvmeof_tcp_ddgst_update(u32 crc, const void *buf, size_t len);
u32 nvmeof_tcp_ddgst_final(u32 crc);

size_t nvmeof_tcp_build_icreq(void *buf, const struct nvmeof_tcp_params *p);
size_t nvmeof_tcp_build_icresp(void *buf, const struct nvmeof_tcp_params *p);
size_t nvmeof_tcp_build_cmd(void *buf, const struct nvmeof_tcp_params *p,
			    const struct nvmeof_sqe *sqe, u32 data_len);
size_t nvmeof_tcp_build_rsp(void *buf, const struct nvmeof_tcp_params *p,
			    const struct nvmeof_cqe *cqe);
size_t nvmeof_tcp_build_h2c_data(void *buf, const struct nvmeof_tcp_params *p,
				 u16 command_id, u16 ttag, u32 data_offset,
				 u32 data_length, bool last);
size_t nvmeof_tcp_build_c2h_data(void *buf, const struct nvmeof_tcp_params *p,
				 u16 command_id, u32 data_offset, u32 data_length,
				 bool last, bool success);
size_t nvmeof_tcp_build_r2t(void *buf, const struct nvmeof_tcp_params *p,
			    u16 command_id, u16 ttag, u32 r2t_offset, u32 r2t_length);
size_t nvmeof_tcp_build_term(void *buf, const struct nvmeof_tcp_params *p,
			     u16 fes, u32 fei, const void *bad_hdr, size_t bad_len);

/* The 32-bit FEI of a TermReq, which the wire splits into two halves. */
static inline u32 nvmeof_tcp_term_fei(const struct nvmeof_tcp_term *t)
{
	return le16_to_cpu(t->feil) | (u32)le16_to_cpu(t->feiu) << 16;
}

#endif /* NVMEOF_TCP_PDU_H */
