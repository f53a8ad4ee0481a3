// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-core: the receive step both TCP transports share, PDU headers out of skbs. */
#include <linux/module.h>
#include <linux/skbuff.h>

#include <nvmeof/tcp_pdu.h>
#include <nvmeof/tcp_rx.h>

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
 * Copies the common header and validates it, which gives the header length,
 * then copies and validates the whole header (digest included). Nothing
 * reads a header field before the validator has passed it.
 *
 * Return: bytes of @skb used. *@v is %NVMEOF_TCP_HDR_READY when the header
 * is complete and valid, %NVMEOF_TCP_HDR_BAD when it is not valid (@res
 * holds the FES and FEI of the TermReq to send), else %NVMEOF_TCP_HDR_MORE.
 */
u32 nvmeof_tcp_rx_hdr(const struct nvmeof_tcp_params *p, union nvmeof_tcp_hdr_buf *buf,
		      u32 *got, struct nvmeof_tcp_result *res, const struct sk_buff *skb,
		      unsigned int off, u32 avail, enum nvmeof_tcp_hdr_verdict *v)
{
	u32 need = *got < sizeof(struct nvmeof_tcp_hdr) ?
		   sizeof(struct nvmeof_tcp_hdr) : res->hdr_len;
	u32 n;

	*v = NVMEOF_TCP_HDR_MORE;
	/* The validator bounds hdr_len by the PDU type: this is our bug. */
	if (WARN_ON_ONCE(need > sizeof(*buf) || need <= *got)) {
		res->fes = NVMEOF_TCP_FES_INVALID_PDU_HDR;
		res->fei = offsetof(struct nvmeof_tcp_hdr, hlen);
		*v = NVMEOF_TCP_HDR_BAD;
		return 0;
	}
	n = min(need - *got, avail);
	nvmeof_tcp_skb_copy(skb, off, buf->raw + *got, n);
	*got += n;
	if (*got < need)
		return n;
	if (nvmeof_tcp_validate_hdr(p, buf->raw, *got, res))
		*v = NVMEOF_TCP_HDR_BAD;
	else if (res->complete)
		*v = NVMEOF_TCP_HDR_READY;
	return n;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_rx_hdr);
