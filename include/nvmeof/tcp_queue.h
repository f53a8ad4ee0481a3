/* SPDX-License-Identifier: GPL-2.0-only */
/* The TCP queue engine host and target share: socket, callbacks, receive state machine, sends. */
#ifndef NVMEOF_TCP_QUEUE_H
#define NVMEOF_TCP_QUEUE_H

#include <linux/skbuff.h>
#include <linux/highmem.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <nvmeof/tcp_pdu.h>

/*
 * The engine takes no lock of its own. Whoever drives its receive side
 * (nvmeof_tcp_read_sock()) holds the socket lock in one of its forms, which
 * is what keeps two receivers apart: the target's single io_work, or the
 * host's I/O work, blk-mq poll and softirq receive (host/tcp.c says how).
 * Its sends are the caller's to serialise (the host's send mutex, the
 * target's io_work).
 */

enum nvmeof_tcp_rx_state {
	NVMEOF_TCP_RX_HDR,	/* a PDU header (and its digest) */
	NVMEOF_TCP_RX_PAD,	/* PDO padding before the data */
	NVMEOF_TCP_RX_DATA,	/* payload, through the side's data cursor */
	NVMEOF_TCP_RX_DDGST,	/* the data digest after the payload */
	NVMEOF_TCP_RX_SKIP,	/* bytes nobody reads, then the next header */
	NVMEOF_TCP_RX_TERM,	/* the header a TermReq quotes, then ops->term() */
};

struct nvmeof_tcp_queue;

/**
 * struct nvmeof_tcp_queue_ops - what a side plugs into the engine
 * @pdu:	a whole, valid PDU header is in @rx_buf (@rx_res says its
 *		lengths): act on it and set the next receive state. 0 or -errno.
 * @data:	data cursor: @len payload bytes of the current data PDU, to
 *		go where the side's buffer (bvecs, scatterlist) stands. 0 or -errno.
 * @data_done:	the payload of the current PDU is in; @digest_ok is false
 *		when its data digest did not match. 0 or -errno.
 * @fail:	the header in @rx_buf is invalid (@fes, @fei: the validator's
 *		verdict): set up what the peer is told. Returns -errno.
 * @term:	a TermReq with its quoted header has been read (after
 *		nvmeof_tcp_rx_expect_term(); optional otherwise). Returns -errno.
 * @state_change: the socket changed state (@sk->sk_state), under
 *		sk_callback_lock.
 * @data_ready:	the socket's data_ready if not the engine's (which kicks
 *		the I/O work).
 *
 * A side's ops are static const and its receive actor is made by
 * NVMEOF_TCP_RX_ACTOR(): the per-PDU calls (@pdu, @data, @data_done) then
 * compile to direct calls, not indirect ones.
 */
struct nvmeof_tcp_queue_ops {
	int (*pdu)(struct nvmeof_tcp_queue *q);
	int (*data)(struct nvmeof_tcp_queue *q, const u8 *src, u32 len);
	int (*data_done)(struct nvmeof_tcp_queue *q, bool digest_ok);
	int (*fail)(struct nvmeof_tcp_queue *q, u16 fes, u32 fei);
	int (*term)(struct nvmeof_tcp_queue *q);
	void (*state_change)(struct nvmeof_tcp_queue *q, struct sock *sk);
	void (*data_ready)(struct sock *sk);
};

/**
 * struct nvmeof_tcp_queue - one NVMe/TCP connection, embedded in each side's queue
 * @sock:	the connected socket
 * @params:	what ICReq/ICResp negotiated
 * @ops:	the side's handlers
 * @wq:		where @io_work runs ...
 * @io_cpu:	... and on which CPU
 * @io_work:	the side's I/O work (sending and receiving)
 * @send_flags:	flags of every send (MSG_DONTWAIT, the host's MSG_NOSIGNAL)
 * @send_eor:	flag of the last send of a burst (the host's MSG_EOR, or 0)
 * @rx_*:	the receive state, owned by the caller of nvmeof_tcp_read_sock()
 * @rx_err:	the error that ended receiving; nothing is read after it
 */
struct nvmeof_tcp_queue {
	struct socket		*sock;
	struct nvmeof_tcp_params params;
	const struct nvmeof_tcp_queue_ops *ops;
	struct workqueue_struct	*wq;
	int			io_cpu;
	struct work_struct	io_work;
	int			send_flags;
	int			send_eor;

	enum nvmeof_tcp_rx_state rx_state;
	u32			rx_got;		/* header bytes in @rx_buf */
	u32			rx_left;	/* bytes of this state still to come */
	u32			rx_crc;		/* data digest of the PDU so far */
	__le32			rx_ddgst;	/* the data digest received */
	int			rx_err;
	struct nvmeof_tcp_result rx_res;
	union nvmeof_tcp_hdr_buf rx_buf;

	void			(*saved_data_ready)(struct sock *sk);
	void			(*saved_write_space)(struct sock *sk);
	void			(*saved_state_change)(struct sock *sk);
};

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

/* sk_attach() flags */
#define NVMEOF_TCP_ATTACH_ESTABLISHED	BIT(0)	/* refuse a socket no longer connected */
#define NVMEOF_TCP_ATTACH_KICK		BIT(1)	/* run the I/O work once: data may be queued */

void nvmeof_tcp_queue_init(struct nvmeof_tcp_queue *q, const struct nvmeof_tcp_queue_ops *ops,
			   struct workqueue_struct *wq, work_func_t io_work);
int nvmeof_tcp_sk_attach(struct nvmeof_tcp_queue *q, unsigned int flags);
void nvmeof_tcp_sk_detach(struct nvmeof_tcp_queue *q);
u32 nvmeof_tcp_page_crc(u32 crc, struct page *page, size_t off, size_t len);

static inline void nvmeof_tcp_kick(struct nvmeof_tcp_queue *q)
{
	queue_work_on(q->io_cpu, q->wq, &q->io_work);
}

/* --- receiving: the next state, set by a side's @pdu handler --- */

static inline void nvmeof_tcp_rx_next(struct nvmeof_tcp_queue *q)
{
	q->rx_state = NVMEOF_TCP_RX_HDR;
	q->rx_got = 0;
	q->rx_left = 0;
}

/* The PDU whose header is in carries data the side takes (after PDO padding). */
static inline void nvmeof_tcp_rx_expect_data(struct nvmeof_tcp_queue *q)
{
	q->rx_crc = nvmeof_tcp_ddgst_init();
	q->rx_left = q->rx_res.pad_len;
	q->rx_state = NVMEOF_TCP_RX_PAD;
	if (!q->rx_left) {
		q->rx_left = q->rx_res.data_len;
		q->rx_state = NVMEOF_TCP_RX_DATA;
	}
}

/* Drop @len bytes, then read the next header. */
static inline void nvmeof_tcp_rx_skip(struct nvmeof_tcp_queue *q, u32 len)
{
	nvmeof_tcp_rx_next(q);
	q->rx_left = len;
	if (len)
		q->rx_state = NVMEOF_TCP_RX_SKIP;
}

/* A TermReq: read the header it quotes (if any) before ops->term(). Return: true if any. */
static inline bool nvmeof_tcp_rx_expect_term(struct nvmeof_tcp_queue *q)
{
	q->rx_left = q->rx_res.data_len;
	q->rx_state = NVMEOF_TCP_RX_TERM;
	return q->rx_left;
}

/* --- receiving: the state machine; each step returns bytes used (>0) or -errno --- */

/*
 * The two headers a host reads per command once connected: a CapsuleResp,
 * or a C2HData whose data follows its header (and digest) unpadded. They
 * are checked here in a few compares instead of by the table-driven
 * nvmeof_tcp_rx_hdr(), which costs about 200 instructions a header. Only
 * what nvmeof_tcp_validate_hdr() accepts passes, with the same verdict in
 * @rx_res and @rx_got; anything else, valid or not, is read again from the
 * start by the full path, so it fails (or passes) as before.
 * Return: the header's bytes used, or 0 for the full path.
 */
static __always_inline u32 nvmeof_tcp_rx_hdr_fast(struct nvmeof_tcp_queue *q,
						  const struct sk_buff *skb, unsigned int off,
						  u32 avail)
{
	const struct nvmeof_tcp_params *p = &q->params;
	const struct nvmeof_tcp_hdr *ch = &q->rx_buf.ch;
	const u32 hlen = sizeof(struct nvmeof_tcp_rsp_pdu);
	u32 hdgst = p->hdr_digest ? NVMEOF_TCP_DIGEST_LEN : 0;
	u32 ddgst = p->data_digest ? NVMEOF_TCP_DIGEST_LEN : 0;
	u32 plen, data = 0;
	u8 flags;

	static_assert(sizeof(struct nvmeof_tcp_data_pdu) == sizeof(struct nvmeof_tcp_rsp_pdu));
	if (p->role != NVMEOF_TCP_ROLE_HOST || !p->ic_done || avail < hlen + hdgst)
		return 0;
	nvmeof_tcp_skb_copy(skb, off, q->rx_buf.raw, hlen + hdgst);
	flags = ch->flags;
	plen = le32_to_cpu(ch->plen);
	if (ch->hlen != hlen || !!(flags & NVMEOF_TCP_F_HDGST) != !!hdgst)
		return 0;
	switch (ch->type) {
	case NVMEOF_TCP_RSP:
		/* No data, so no DDGSTF (the in-tree peers' rule, as the validator's). */
		if ((flags & ~NVMEOF_TCP_F_HDGST) || ch->pdo || plen != hlen + hdgst)
			return 0;
		ddgst = 0;
		break;
	case NVMEOF_TCP_C2H_DATA:
		if ((flags & ~(NVMEOF_TCP_F_HDGST | NVMEOF_TCP_F_DDGST | NVMEOF_TCP_F_DATA_LAST |
			       NVMEOF_TCP_F_DATA_SUCCESS)) ||
		    !!(flags & NVMEOF_TCP_F_DDGST) != !!ddgst ||
		    ((flags & NVMEOF_TCP_F_DATA_SUCCESS) && !(flags & NVMEOF_TCP_F_DATA_LAST)))
			return 0;
		/* PDO right after the header, on the alignment we asked for (HPDA). */
		if (ch->pdo != hlen + hdgst || ch->pdo % (((u32)p->hpda + 1) * 4) ||
		    plen <= ch->pdo + ddgst)
			return 0;
		data = plen - ch->pdo - ddgst;
		if (le32_to_cpu(q->rx_buf.data.data_length) != data)
			return 0;
		break;
	default:
		return 0;
	}
	if (hdgst && !nvmeof_tcp_hdgst_ok(q->rx_buf.raw, hlen))
		return 0;
	q->rx_res = (struct nvmeof_tcp_result){
		.complete = true,
		.hdr_len = hlen + hdgst,
		.data_len = data,
		.ddgst_len = ddgst,
	};
	q->rx_got = hlen + hdgst;
	return hlen + hdgst;
}

static __always_inline int nvmeof_tcp_rx_step_hdr(struct nvmeof_tcp_queue *q,
						  const struct nvmeof_tcp_queue_ops *ops,
						  const struct sk_buff *skb, unsigned int off,
						  u32 avail)
{
	enum nvmeof_tcp_hdr_verdict v;
	u32 n;
	int ret;

	if (!q->rx_got) {
		n = nvmeof_tcp_rx_hdr_fast(q, skb, off, avail);
		if (n) {
			ret = ops->pdu(q);
			return ret ?: n;
		}
	}
	n = nvmeof_tcp_rx_hdr(&q->params, &q->rx_buf, &q->rx_got, &q->rx_res, skb, off,
			      avail, &v);
	if (v == NVMEOF_TCP_HDR_BAD)
		return ops->fail(q, q->rx_res.fes, q->rx_res.fei);
	if (v == NVMEOF_TCP_HDR_READY) {
		ret = ops->pdu(q);
		if (ret)
			return ret;
	}
	return n;
}

/*
 * Where @len bytes at @off of @skb are, if in one piece: in its head or
 * within one of its page frags (a PDU's data usually is: peers send it
 * from one page, and loopback hands the sender's frags over as they are).
 * NULL otherwise, on highmem (frag pages there need a mapping) and for a
 * frag without a page (6.12's net_iov): then skb_seq_read() walks the skb.
 */
static __always_inline const u8 *nvmeof_tcp_skb_span(const struct sk_buff *skb,
						     unsigned int off, u32 len)
{
	const struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int start = skb_headlen(skb);
	unsigned int i;

	if (off + len <= start)
		return skb->data + off;
	if (IS_ENABLED(CONFIG_HIGHMEM) || off < start)
		return NULL;
	for (i = 0; i < sh->nr_frags; i++) {
		const skb_frag_t *f = &sh->frags[i];
		unsigned int end = start + skb_frag_size(f);
		const u8 *va;

		if (off >= end) {
			start = end;
			continue;
		}
		if (off + len > end)
			return NULL;
		va = skb_frag_address(f);
		return va ? va + (off - start) : NULL;
	}
	return NULL;
}

/*
 * Payload goes from the skb to the side's buffer in one pass (skb_seq_read()
 * walks head, frags and frag list once), its digest summed per chunk while
 * the chunk is cache-hot. Plain copies, not recvmsg() or
 * skb_copy_datagram_iter(): those run the hardened-usercopy check, which on
 * 6.1 aborts on skb frags spanning two folios (a peer sending from huge
 * pages makes them).
 */
static __always_inline int nvmeof_tcp_rx_step_data(struct nvmeof_tcp_queue *q,
						   const struct nvmeof_tcp_queue_ops *ops,
						   struct sk_buff *skb, unsigned int off,
						   u32 avail)
{
	u32 want = min(q->rx_left, avail);
	const u8 *span = nvmeof_tcp_skb_span(skb, off, want);
	bool ddgst = q->rx_res.ddgst_len;
	struct skb_seq_state st;
	u32 done = 0;
	int ret = 0;

	/* In one piece: skip skb_seq_read()'s set-up, mapping and tear-down. */
	if (likely(span)) {
		ret = ops->data(q, span, want);
		if (ret)
			return ret;
		if (ddgst)
			q->rx_crc = nvmeof_tcp_ddgst_update(q->rx_crc, span, want);
		done = want;
		goto out_done;
	}
	skb_prepare_seq_read(skb, off, off + want, &st);
	while (done < want) {
		const u8 *src;
		u32 n = skb_seq_read(done, &src, &st);

		/* In range, the reader runs dry only past @want: our bug. */
		if (WARN_ON_ONCE(!n)) {
			ret = -EPROTO;
			break;
		}
		n = min(n, want - done);
		ret = ops->data(q, src, n);
		if (ret)
			break;
		if (ddgst)
			q->rx_crc = nvmeof_tcp_ddgst_update(q->rx_crc, src, n);
		done += n;
	}
	/* Unmaps the last frag page; also when the loop ended early. */
	skb_abort_seq_read(&st);
	if (ret)
		return ret;

out_done:
	q->rx_left -= done;
	if (q->rx_left)
		return done;
	if (ddgst) {
		q->rx_left = NVMEOF_TCP_DIGEST_LEN;
		q->rx_state = NVMEOF_TCP_RX_DDGST;
		return done;
	}
	return ops->data_done(q, true) ?: done;
}

static __always_inline int nvmeof_tcp_rx_step_ddgst(struct nvmeof_tcp_queue *q,
						    const struct nvmeof_tcp_queue_ops *ops,
						    const struct sk_buff *skb, unsigned int off,
						    u32 avail)
{
	u32 got = NVMEOF_TCP_DIGEST_LEN - q->rx_left;
	u32 n = min(q->rx_left, avail);

	nvmeof_tcp_skb_copy(skb, off, (u8 *)&q->rx_ddgst + got, n);
	q->rx_left -= n;
	if (q->rx_left)
		return n;
	return ops->data_done(q, le32_to_cpu(q->rx_ddgst) ==
				 nvmeof_tcp_ddgst_final(q->rx_crc)) ?: n;
}

/* PAD, SKIP and a TermReq's quoted header: bytes nobody needs. */
static __always_inline int nvmeof_tcp_rx_step_skip(struct nvmeof_tcp_queue *q,
						   const struct nvmeof_tcp_queue_ops *ops,
						   u32 avail)
{
	u32 n = min(q->rx_left, avail);

	q->rx_left -= n;
	if (q->rx_left)
		return n;
	switch (q->rx_state) {
	case NVMEOF_TCP_RX_PAD:
		q->rx_left = q->rx_res.data_len;
		q->rx_state = NVMEOF_TCP_RX_DATA;
		break;
	case NVMEOF_TCP_RX_TERM:
		/* Only a side that asked for this state gets here. */
		return ops->term ? ops->term(q) : -ECONNRESET;
	default:
		nvmeof_tcp_rx_next(q);
		break;
	}
	return n;
}

/*
 * The body of a read_sock() actor: feeds one skb's bytes through the
 * receive state machine. An error ends receiving: it is kept in @rx_err and
 * read_sock() is stopped (a zero count makes it return at once).
 */
static __always_inline int nvmeof_tcp_rx_skb(struct nvmeof_tcp_queue *q,
					     const struct nvmeof_tcp_queue_ops *ops,
					     read_descriptor_t *desc, struct sk_buff *skb,
					     unsigned int offset, size_t len)
{
	size_t used = 0;
	int ret = 0;

	while (used < len && desc->count) {
		u32 avail = min_t(size_t, len - used, desc->count);

		switch (q->rx_state) {
		case NVMEOF_TCP_RX_HDR:
			ret = nvmeof_tcp_rx_step_hdr(q, ops, skb, offset + used, avail);
			break;
		case NVMEOF_TCP_RX_PAD:
		case NVMEOF_TCP_RX_SKIP:
		case NVMEOF_TCP_RX_TERM:
			ret = nvmeof_tcp_rx_step_skip(q, ops, avail);
			break;
		case NVMEOF_TCP_RX_DATA:
			ret = nvmeof_tcp_rx_step_data(q, ops, skb, offset + used, avail);
			break;
		case NVMEOF_TCP_RX_DDGST:
			ret = nvmeof_tcp_rx_step_ddgst(q, ops, skb, offset + used, avail);
			break;
		}
		if (WARN_ON_ONCE(!ret))
			ret = -EPROTO;
		if (ret < 0) {
			q->rx_err = ret;
			desc->count = 0;
			break;
		}
		used += ret;
		desc->count -= ret;
	}
	return used;
}

/*
 * Defines @name, a read_sock() actor running the engine with @ops (a static
 * const struct, so the per-PDU calls are direct). desc->arg.data is the
 * struct nvmeof_tcp_queue.
 */
#define NVMEOF_TCP_RX_ACTOR(name, ops)						\
static int name(read_descriptor_t *desc, struct sk_buff *skb,			\
		unsigned int offset, size_t len)				\
{										\
	return nvmeof_tcp_rx_skb(desc->arg.data, ops, desc, skb, offset, len);	\
}

/*
 * Up to @budget bytes of what the socket holds through the receive state
 * machine; the caller holds the socket lock in one of its forms.
 * Return: read_sock()'s result; *@left: the budget not used.
 */
static inline int nvmeof_tcp_read_sock(struct nvmeof_tcp_queue *q, size_t budget,
				       sk_read_actor_t actor, size_t *left)
{
	read_descriptor_t desc = {
		.arg.data = q,
		.count = budget,
	};
	int ret = q->sock->ops->read_sock(q->sock->sk, &desc, actor);

	*left = desc.count;
	return ret;
}

/* --- sending: the caller serialises; 0 or less from the socket means "see ret" --- */

/*
 * The flags of one send: @base on every one, then MSG_MORE (and @notlast)
 * while more follows, else @eor. The _flags variants below take @base and
 * @eor from the caller, so a side whose flags never change passes
 * constants; the others read the queue's @send_flags and @send_eor.
 */
static __always_inline int nvmeof_tcp_flags(int base, int eor, bool more, int notlast)
{
	return base | (more ? MSG_MORE | notlast : eor);
}

static __always_inline int nvmeof_tcp_send_kvec_flags(struct nvmeof_tcp_queue *q,
						      const void *buf, size_t len,
						      bool more, int base, int eor)
{
	struct msghdr msg = { .msg_flags = nvmeof_tcp_flags(base, eor, more, 0) };
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };

	return nvmeof_sock_send_kvec(q->sock, &msg, &kv, len);
}

/* @page may be held by the stack (sendpage_ok()): the caller knows it. */
static __always_inline int nvmeof_tcp_send_page_ref(struct nvmeof_tcp_queue *q,
						    struct page *page, size_t off,
						    size_t len, bool more, int base, int eor)
{
	return nvmeof_sock_sendpage(q->sock, page, off, len,
				    nvmeof_tcp_flags(base, eor, more,
						     NVMEOF_MSG_SENDPAGE_NOTLAST));
}

static __always_inline int nvmeof_tcp_send_page_flags(struct nvmeof_tcp_queue *q,
						      struct page *page, size_t off,
						      size_t len, bool more, int base, int eor)
{
	struct bio_vec one = { .bv_page = page, .bv_offset = off, .bv_len = len };
	struct msghdr msg = { .msg_flags = nvmeof_tcp_flags(base, eor, more, 0) };

	if (sendpage_ok(page))
		return nvmeof_tcp_send_page_ref(q, page, off, len, more, base, eor);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &one, 1, len);
	return nvmeof_sock_sendmsg(q->sock, &msg);
}

/* Copies @len bytes at @buf into the socket; @more: another send follows at once. */
static inline int nvmeof_tcp_send_kvec(struct nvmeof_tcp_queue *q, const void *buf,
				       size_t len, bool more)
{
	return nvmeof_tcp_send_kvec_flags(q, buf, len, more, q->send_flags, q->send_eor);
}

/*
 * Hands the socket @len bytes at @off of @page (within the page) by
 * reference; a page the stack may not hold so (a slab page) is copied.
 */
static inline int nvmeof_tcp_send_page(struct nvmeof_tcp_queue *q, struct page *page,
				       size_t off, size_t len, bool more)
{
	return nvmeof_tcp_send_page_flags(q, page, off, len, more, q->send_flags,
					  q->send_eor);
}

/* Copies @len bytes from @src to byte @pos of the pages from @page on, within one page. */
static inline void nvmeof_tcp_page_copy(struct page *page, size_t pos, const u8 *src,
					size_t len)
{
	void *va = kmap_local_page(nth_page(page, pos >> PAGE_SHIFT));

	memcpy(va + offset_in_page(pos), src, len);
	kunmap_local(va);
}

#endif /* NVMEOF_TCP_QUEUE_H */
