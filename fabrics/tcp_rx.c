// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-core: the receive step both TCP transports share, PDU headers out of skbs. */
#include <linux/module.h>
#include <linux/skbuff.h>

#include <nvmeof/tcp_pdu.h>
#include <nvmeof/tcp_rx.h>

/*
 * No PDU header is shorter than this (CapsuleResp, the data PDUs, R2T and
 * the TermReqs; ICReq, ICResp and CapsuleCmd are longer), so the first
 * read of a header may take this much at once: two PDUs never share it.
 */
#define TCP_RX_MIN_HLEN		sizeof(struct nvmeof_tcp_rsp_pdu)
static_assert(sizeof(struct nvmeof_tcp_data_pdu) == TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_r2t_pdu) == TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_term) == TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_cmd_pdu) > TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_icreq) > TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_icresp) > TCP_RX_MIN_HLEN);

/**
 * nvmeof_tcp_rx_hdr() - gather and validate a PDU header from a received skb
 * @p:     the queue's negotiated parameters
 * @buf:   where the header is gathered
 * @got:   header bytes already in @buf; updated
 * @res:   the validator's verdict, kept across calls for one header
 * @skb:   the skb read_sock() handed to the caller's actor
 * @off:   where the unread bytes of @skb start
 * @avail: how many of them the caller may use
 * @v:     set to what the caller does next
 *
 * Copies the start of the header, as much of it as no PDU can be shorter
 * than, and validates the common header in it, which gives the header
 * length; then copies and validates the whole header (digest included), in
 * the same call when @avail holds it. So a 24-byte header (CapsuleResp,
 * C2HData, R2T) that arrived whole costs one copy and one validation.
 * Nothing reads a header field before the validator has passed it.
 *
 * Return: bytes of @skb used. *@v is %NVMEOF_TCP_HDR_READY when the header
 * is complete and valid, %NVMEOF_TCP_HDR_BAD when it is not valid (@res
 * holds the FES and FEI of the TermReq to send, @got the bytes of the
 * header it may quote: the common header alone when that was at fault),
 * else %NVMEOF_TCP_HDR_MORE.
 */
u32 nvmeof_tcp_rx_hdr(const struct nvmeof_tcp_params *p, union nvmeof_tcp_hdr_buf *buf,
		      u32 *got, struct nvmeof_tcp_result *res, const struct sk_buff *skb,
		      unsigned int off, u32 avail, enum nvmeof_tcp_hdr_verdict *v)
{
	u32 used = 0;

	*v = NVMEOF_TCP_HDR_MORE;
	while (used < avail) {
		bool ch = *got < sizeof(struct nvmeof_tcp_hdr);
		u32 need = ch ? TCP_RX_MIN_HLEN : res->hdr_len;
		u32 n;

		/* The validator bounds hdr_len by the PDU type: this is our bug. */
		if (WARN_ON_ONCE(need > sizeof(*buf) || need <= *got)) {
			res->fes = NVMEOF_TCP_FES_INVALID_PDU_HDR;
			res->fei = offsetof(struct nvmeof_tcp_hdr, hlen);
			*v = NVMEOF_TCP_HDR_BAD;
			return used;
		}
		n = min(need - *got, avail - used);
		nvmeof_tcp_skb_copy(skb, off + used, buf->raw + *got, n);
		*got += n;
		used += n;
		/* Validated only once the common header, at least, is in. */
		if (*got < sizeof(struct nvmeof_tcp_hdr))
			return used;
		if (nvmeof_tcp_validate_hdr(p, buf->raw, *got, res)) {
			struct nvmeof_tcp_result ch_res;

			/*
			 * The TermReq quotes what was gathered: the common
			 * header alone when that was at fault, as when it was
			 * read by itself.
			 */
			if (ch && *got > sizeof(struct nvmeof_tcp_hdr) &&
			    nvmeof_tcp_validate_hdr(p, buf->raw, sizeof(struct nvmeof_tcp_hdr),
						    &ch_res))
				*got = sizeof(struct nvmeof_tcp_hdr);
			*v = NVMEOF_TCP_HDR_BAD;
			return used;
		}
		if (res->complete) {
			*v = NVMEOF_TCP_HDR_READY;
			return used;
		}
		if (*got < need)
			return used;
	}
	return used;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_rx_hdr);
