/* SPDX-License-Identifier: GPL-2.0-only */
/* Receive helpers the host and target TCP transports share (kernel only). */
#ifndef NVMEOF_TCP_RX_H
#define NVMEOF_TCP_RX_H

#include <linux/skbuff.h>
#include <nvmeof/tcp_pdu.h>

enum nvmeof_tcp_hdr_verdict {
	NVMEOF_TCP_HDR_MORE,	/* more header bytes to come */
	NVMEOF_TCP_HDR_READY,	/* whole header in and valid: handle the PDU */
	NVMEOF_TCP_HDR_BAD,	/* invalid: end the queue with res->fes/fei */
};

/* Copies @len bytes at @off of @skb to @dst; in range, skb_copy_bits() cannot fail. */
static inline void nvmeof_tcp_skb_copy(const struct sk_buff *skb, unsigned int off,
				       void *dst, u32 len)
{
	WARN_ON_ONCE(skb_copy_bits(skb, off, dst, len));
}

u32 nvmeof_tcp_rx_hdr(const struct nvmeof_tcp_params *p, union nvmeof_tcp_hdr_buf *buf,
		      u32 *got, struct nvmeof_tcp_result *res, const struct sk_buff *skb,
		      unsigned int off, u32 avail, enum nvmeof_tcp_hdr_verdict *v);

#endif /* NVMEOF_TCP_RX_H */
