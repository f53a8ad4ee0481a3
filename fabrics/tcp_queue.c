// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-core: the TCP queue engine's out-of-line half: socket callbacks, header reads, digests. */
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/highmem.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <nvmeof/tcp_pdu.h>
#include <nvmeof/tcp_queue.h>

/*
 * No PDU header is shorter than this (CapsuleResp, the data PDUs, R2T and
 * the TermReqs; ICReq, ICResp and CapsuleCmd are longer), so the first
 * read of a header may take this much at once: two PDUs never share it.
 */
#define NVMEOF_TCP_RX_MIN_HLEN		sizeof(struct nvmeof_tcp_rsp_pdu)
static_assert(sizeof(struct nvmeof_tcp_data_pdu) == NVMEOF_TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_r2t_pdu) == NVMEOF_TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_term) == NVMEOF_TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_cmd_pdu) > NVMEOF_TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_icreq) > NVMEOF_TCP_RX_MIN_HLEN);
static_assert(sizeof(struct nvmeof_tcp_icresp) > NVMEOF_TCP_RX_MIN_HLEN);

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
		u32 need = ch ? NVMEOF_TCP_RX_MIN_HLEN : res->hdr_len;
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

/**
 * nvmeof_tcp_queue_init() - set up the engine half of a queue
 * @q:       the queue; its socket is set by the caller
 * @ops:     the side's handlers (static const)
 * @wq:      where the side's I/O work runs
 * @io_work: the side's I/O work
 *
 * Sends default to MSG_DONTWAIT with nothing marking a burst's end; the
 * side sets @send_flags and @send_eor after this if it wants more.
 */
void nvmeof_tcp_queue_init(struct nvmeof_tcp_queue *q, const struct nvmeof_tcp_queue_ops *ops,
			   struct workqueue_struct *wq, work_func_t io_work)
{
	q->ops = ops;
	q->wq = wq;
	q->io_cpu = WORK_CPU_UNBOUND;
	INIT_WORK(&q->io_work, io_work);
	q->send_flags = MSG_DONTWAIT;
	q->send_eor = 0;
	q->rx_err = 0;
	nvmeof_tcp_rx_next(q);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_queue_init);

static void nvmeof_tcp_data_ready(struct sock *sk)
{
	struct nvmeof_tcp_queue *q;

	read_lock_bh(&sk->sk_callback_lock);
	q = sk->sk_user_data;
	if (likely(q))
		nvmeof_tcp_kick(q);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void nvmeof_tcp_write_space(struct sock *sk)
{
	struct nvmeof_tcp_queue *q;

	read_lock_bh(&sk->sk_callback_lock);
	q = sk->sk_user_data;
	if (likely(q && sk_stream_is_writeable(sk))) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		nvmeof_tcp_kick(q);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void nvmeof_tcp_state_change(struct sock *sk)
{
	struct nvmeof_tcp_queue *q;

	read_lock_bh(&sk->sk_callback_lock);
	q = sk->sk_user_data;
	if (q)
		q->ops->state_change(q, sk);
	read_unlock_bh(&sk->sk_callback_lock);
}

/**
 * nvmeof_tcp_sk_attach() - route the socket's callbacks to the queue
 * @q:     the queue, its socket connected
 * @flags: %NVMEOF_TCP_ATTACH_ESTABLISHED, %NVMEOF_TCP_ATTACH_KICK
 *
 * The kick happens under sk_callback_lock, so a detach (which the side's
 * teardown does before it frees the queue) cannot overtake it.
 *
 * Return: 0, or -ENOTCONN if ESTABLISHED was asked and the peer is gone.
 */
int nvmeof_tcp_sk_attach(struct nvmeof_tcp_queue *q, unsigned int flags)
{
	struct sock *sk = q->sock->sk;
	int ret = 0;

	write_lock_bh(&sk->sk_callback_lock);
	if ((flags & NVMEOF_TCP_ATTACH_ESTABLISHED) && sk->sk_state != TCP_ESTABLISHED) {
		ret = -ENOTCONN;
		goto out_unlock;
	}
	sk->sk_user_data = q;
	q->saved_data_ready = sk->sk_data_ready;
	q->saved_write_space = sk->sk_write_space;
	q->saved_state_change = sk->sk_state_change;
	sk->sk_data_ready = q->ops->data_ready ?: nvmeof_tcp_data_ready;
	sk->sk_write_space = nvmeof_tcp_write_space;
	sk->sk_state_change = nvmeof_tcp_state_change;
	if (flags & NVMEOF_TCP_ATTACH_KICK)
		nvmeof_tcp_kick(q);
out_unlock:
	write_unlock_bh(&sk->sk_callback_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_sk_attach);

/**
 * nvmeof_tcp_sk_detach() - give the socket its own callbacks back
 * @q: the queue; a no-op if it is not attached
 *
 * Once it returns no callback runs for @q any more.
 */
void nvmeof_tcp_sk_detach(struct nvmeof_tcp_queue *q)
{
	struct sock *sk = q->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == q) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = q->saved_data_ready;
		sk->sk_write_space = q->saved_write_space;
		sk->sk_state_change = q->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_sk_detach);

/**
 * nvmeof_tcp_page_crc() - add bytes of physically contiguous pages to a data digest
 * @crc:  the digest so far
 * @page: the first page
 * @off:  where the bytes start, from @page (may lie beyond it)
 * @len:  how many
 *
 * Return: the updated digest.
 */
u32 nvmeof_tcp_page_crc(u32 crc, struct page *page, size_t off, size_t len)
{
	while (len) {
		size_t poff = offset_in_page(off);
		size_t n = min_t(size_t, len, PAGE_SIZE - poff);
		void *va = kmap_local_page(nth_page(page, off >> PAGE_SHIFT));

		crc = nvmeof_tcp_ddgst_update(crc, va + poff, n);
		kunmap_local(va);
		off += n;
		len -= n;
	}
	return crc;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_page_crc);
