// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the NVMe/TCP PDU validator as a receive path drives it: arbitrary
 * bytes are a PDU stream arriving at a host or a target queue.
 *
 * Input: 4 bytes of queue parameters, then the stream.
 *   byte 0: bit 0 target (else host), bit 1 header digest, bit 2 data
 *           digest, bit 3 connection already initialized
 *   byte 1: HPDA (low 5 bits)      byte 2: CPDA (low 5 bits)
 *   byte 3: bits 2:0 MAXH2CDATA = 4096 << n, bits 4:3 in-capsule limit
 *           = n * 4096
 *
 * Beyond "no crash, no sanitizer report" it checks the validator's
 * promises: a complete header accounts for every PLEN byte, every verdict
 * turns into a TermReq the peer accepts, and what the builders make with
 * the current parameters the validator accepts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nvmeof/shim.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>

#define CFG_LEN 4

static void check(bool ok)
{
	if (!ok)
		abort();
}

static void peer_of(const struct nvmeof_tcp_params *p, struct nvmeof_tcp_params *peer)
{
	*peer = *p;
	peer->role = p->role == NVMEOF_TCP_ROLE_HOST ? NVMEOF_TCP_ROLE_TARGET :
						       NVMEOF_TCP_ROLE_HOST;
}

static bool accepted(const struct nvmeof_tcp_params *p, const u8 *buf)
{
	struct nvmeof_tcp_result r;

	if (nvmeof_tcp_validate_hdr(p, buf, sizeof(struct nvmeof_tcp_hdr), &r))
		return false;
	return !nvmeof_tcp_validate_hdr(p, buf, r.hdr_len, &r) && r.complete;
}

/* The TermReq for a verdict must itself pass the peer's validator. */
static void check_term(const struct nvmeof_tcp_params *p, const struct nvmeof_tcp_result *res,
		       const u8 *bad, size_t bad_len)
{
	struct nvmeof_tcp_params peer;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));

	peer_of(p, &peer);
	nvmeof_tcp_build_term(buf, p, res->fes, res->fei, bad, bad_len);
	check(accepted(&peer, buf));
	check(nvmeof_tcp_term_fei((const void *)buf) == res->fei);
}

/* Whatever this queue's peer builds under the current parameters is valid here. */
static void check_builders(const struct nvmeof_tcp_params *p, u32 seed)
{
	struct nvmeof_tcp_params peer;
	u8 buf[NVMEOF_TCP_HDR_BUF_SIZE] __attribute__((aligned(8)));
	struct nvmeof_sqe sqe = { .command_id = seed };
	struct nvmeof_cqe cqe = { .command_id = seed };
	u32 len = 1 + seed % 4096;

	if (!p->ic_done)
		return;
	peer_of(p, &peer);
	if (p->role == NVMEOF_TCP_ROLE_TARGET) {
		nvmeof_tcp_build_cmd(buf, &peer, &sqe, 0);
		check(accepted(p, buf));
		if (p->icd_size) {
			nvmeof_tcp_build_cmd(buf, &peer, &sqe, 1 + seed % p->icd_size);
			check(accepted(p, buf));
		}
		nvmeof_tcp_build_h2c_data(buf, &peer, seed, seed >> 16, seed,
					  1 + seed % p->maxh2cdata, seed & 1);
		check(accepted(p, buf));
	} else {
		nvmeof_tcp_build_rsp(buf, &peer, &cqe);
		check(accepted(p, buf));
		nvmeof_tcp_build_c2h_data(buf, &peer, seed, seed, len, seed & 1, seed & 2);
		check(accepted(p, buf));
		nvmeof_tcp_build_r2t(buf, &peer, seed, seed >> 16, seed, len);
		check(accepted(p, buf));
	}
}

static bool data_digest_ok(const u8 *data, u32 len, const u8 *wire, u8 split)
{
	u32 first = len ? split % len : 0;
	u32 crc = nvmeof_tcp_ddgst_init();

	/* Fragmented as skbs would fragment it. */
	crc = nvmeof_tcp_ddgst_update(crc, data, first);
	crc = nvmeof_tcp_ddgst_update(crc, data + first, len - first);
	return nvmeof_tcp_ddgst_final(crc) == get_unaligned_le32(wire);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nvmeof_tcp_params p;
	struct nvmeof_tcp_result res;
	const u8 *pdu;
	size_t left;
	u16 fes;

	if (size < CFG_LEN)
		return 0;
	nvmeof_tcp_params_init(&p, data[0] & 1 ? NVMEOF_TCP_ROLE_TARGET : NVMEOF_TCP_ROLE_HOST);
	p.hdr_digest = data[0] & 2;
	p.data_digest = data[0] & 4;
	p.ic_done = data[0] & 8;
	p.hpda = data[1] & NVMEOF_TCP_MAX_PDA;
	p.cpda = data[2] & NVMEOF_TCP_MAX_PDA;
	p.maxh2cdata = NVMEOF_TCP_MIN_MAXH2CDATA << (data[3] & 7);
	p.icd_size = ((data[3] >> 3) & 3) * 4096;
	pdu = data + CFG_LEN;
	left = size - CFG_LEN;

	check_builders(&p, size > 8 ? get_unaligned_le32(data + size - 4) : (u32)size);

	while (left >= sizeof(struct nvmeof_tcp_hdr)) {
		union nvmeof_tcp_hdr_buf ic;
		u32 plen;

		/* Validated in place: a stream puts headers at any alignment. */
		fes = nvmeof_tcp_validate_hdr(&p, pdu, sizeof(struct nvmeof_tcp_hdr), &res);
		if (fes) {
			check(fes == res.fes && !res.complete);
			check_term(&p, &res, pdu, sizeof(struct nvmeof_tcp_hdr));
			break;
		}
		check(!res.complete && res.hdr_len >= 24 &&
		      res.hdr_len <= 128 + NVMEOF_TCP_DIGEST_LEN);
		if (left < res.hdr_len)
			break;

		fes = nvmeof_tcp_validate_hdr(&p, pdu, res.hdr_len, &res);
		if (fes) {
			check(fes == res.fes && !res.complete);
			check_term(&p, &res, pdu, res.hdr_len);
			break;
		}
		plen = get_unaligned_le32(pdu + 4);
		check(res.complete);
		check((u64)res.hdr_len + res.pad_len + res.data_len + res.ddgst_len == plen);
		if (left < plen)
			break;

		if (res.ddgst_len &&
		    !data_digest_ok(pdu + plen - res.ddgst_len - res.data_len, res.data_len,
				    pdu + plen - res.ddgst_len, pdu[plen - 1]))
			break;	/* a data digest error ends the queue, as in-tree */

		switch (pdu[0]) {
		case NVMEOF_TCP_ICREQ:
			/* The apply helpers take aligned structs, as a queue's own buffer is. */
			memcpy(&ic, pdu, sizeof(ic.icreq));
			nvmeof_tcp_params_apply_icreq(&p, &ic.icreq);
			break;
		case NVMEOF_TCP_ICRESP:
			memcpy(&ic, pdu, sizeof(ic.icresp));
			nvmeof_tcp_params_apply_icresp(&p, &ic.icresp);
			break;
		case NVMEOF_TCP_H2C_DATA:
		case NVMEOF_TCP_C2H_DATA:
		case NVMEOF_TCP_R2T:
			fes = nvmeof_tcp_validate_xfer(pdu, 1u << (pdu[8] & 31), &res);
			check(!fes || fes == NVMEOF_TCP_FES_DATA_OUT_OF_RANGE);
			break;
		case NVMEOF_TCP_H2C_TERM:
		case NVMEOF_TCP_C2H_TERM:
			return 0;	/* the peer hung up */
		}
		check_builders(&p, plen);
		pdu += plen;
		left -= plen;
	}
	return 0;
}
