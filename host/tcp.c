// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-host-tcp: the NVMe/TCP host transport (ICReq, capsules, R2T/H2CData, C2HData, digests). */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/inet.h>
#include <linux/llist.h>
#include <linux/netdevice.h>
#include <linux/blk-mq.h>
#include <linux/bio.h>
#include <linux/highmem.h>
#include <net/sock.h>
#include <net/busy_poll.h>
#include <net/tcp.h>
#include <net/ip.h>

#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>
#include <nvmeof/tcp_queue.h>
#include <nvmeof/queue_map.h>
#include <nvmeof/sgl.h>
#include "host.h"

static bool htcp_send_any_cpu;
module_param_named(send_any_cpu, htcp_send_any_cpu, bool, 0644);
MODULE_PARM_DESC(send_any_cpu,
		 "a queue with no command in flight sends a command from any submitting CPU, not only from its own (default N)");

static unsigned int htcp_softirq_rx_depth;
module_param_named(softirq_rx_depth, htcp_softirq_rx_depth, uint, 0644);
MODULE_PARM_DESC(softirq_rx_depth,
		 "a queue with at most this many commands in flight receives in the network softirq that delivers the data, not in its I/O work; 0: never (default 0)");

#define HTCP_IO_BUDGET_US	1000
static unsigned int htcp_io_budget_us = HTCP_IO_BUDGET_US;
/* The same in jiffies (rounded up, as usecs_to_jiffies()), converted when set: read per run. */
static unsigned long htcp_io_budget_jiffies = DIV_ROUND_UP(HTCP_IO_BUDGET_US * HZ, USEC_PER_SEC);

static int htcp_io_budget_set(const char *val, const struct kernel_param *kp)
{
	unsigned int us;
	int ret = kstrtouint(val, 0, &us);

	if (ret)
		return ret;
	WRITE_ONCE(htcp_io_budget_us, us);
	WRITE_ONCE(htcp_io_budget_jiffies, usecs_to_jiffies(us));
	return 0;
}

static const struct kernel_param_ops htcp_io_budget_ops = {
	.set = htcp_io_budget_set,
	.get = param_get_uint,
};
module_param_cb(io_budget_us, &htcp_io_budget_ops, &htcp_io_budget_us, 0644);
MODULE_PARM_DESC(io_budget_us,
		 "microseconds a queue's I/O work runs before yielding the CPU (default 1000)");

static unsigned int htcp_connect_timeout = 10;
module_param_named(connect_timeout, htcp_connect_timeout, uint, 0644);
MODULE_PARM_DESC(connect_timeout,
		 "seconds to wait for the ICResp of a new connection (default 10)");

/* Requests one pass of the send loop moves before also looking at receive. */
#define HTCP_SEND_BUDGET	16
/* Bytes one pass of the receive loop takes before also looking at send. */
#define HTCP_RECV_BUDGET	SZ_256K

static struct workqueue_struct *htcp_wq;

enum htcp_send_state {
	HTCP_SEND_CMD,		/* CapsuleCmd header (and digest, pad) */
	HTCP_SEND_H2C,		/* H2CData header */
	HTCP_SEND_DATA,		/* data of the current PDU */
	HTCP_SEND_DDGST,		/* data digest of the current PDU */
};

/*
 * treq->flags. Who may touch a request: the sender owns it from queue_rq
 * until it has handed the socket the last byte it owes (the command, or the
 * data an R2T asked for), and again from taking an R2T until that data is
 * out; SENDING says so. A completion must not end the request while the
 * sender owns it: one that comes while the sender still has more than its
 * last piece to send is the target answering data it cannot have (a
 * protocol error that ends the queue); one that comes while the last piece
 * is in the socket's hands (SEND_LAST) is parked (DONE_PARKED) and the
 * sender ends the request once it lets go.
 */
#define HTCP_REQ_R2T_QUEUED	0	/* an R2T waits on queue->r2t_list */
#define HTCP_REQ_SENDING	1	/* the sender may still touch the request */
#define HTCP_REQ_SEND_LAST	2	/* ... handing over the last bytes it owes */
#define HTCP_REQ_DONE_PARKED	3	/* a completion waits for the sender to let go */

/* queue->flags */
#define HTCP_Q_ALLOCATED	0	/* socket connected, ICResp received */
#define HTCP_Q_LIVE		1	/* Fabrics Connect succeeded */
#define HTCP_Q_ERROR		2	/* fatal error seen; the work stops */
#define HTCP_Q_STOPPED		3	/* socket shut down, callbacks restored */
#define HTCP_Q_SEND_AGAIN	4	/* the I/O work found the sender busy */

struct htcp_ctrl;

struct htcp_request {
	struct nvmeof_host_request req;	/* first: the generic part */
	union nvmeof_tcp_hdr_buf *hdr;	/* the PDU header being sent (htcp_alloc_hdr()) */
	struct htcp_queue	*queue;
	struct llist_node	lentry;	/* in queue->req_list */
	/*
	 * An R2T, from the receiver to the sender: the receiver fills the
	 * r2t_* fields and queues @r2t_lentry on queue->r2t_list while
	 * holding bit HTCP_REQ_R2T_QUEUED, the sender takes it from there.
	 */
	struct llist_node	r2t_lentry;
	unsigned long		flags;		/* HTCP_REQ_* */
	u16			r2t_ttag;
	u32			r2t_offset;
	u32			r2t_length;
	struct list_head	entry;	/* in queue->send_list */
	struct htcp_request	*done_next;	/* in queue->rx_done (poll) */
	__le64			done_result;	/* of a completion held back (poll, parked) */
	enum htcp_send_state	state;
	u32			data_len;	/* the command's transfer length */
	u32			data_sent;	/* bytes sent so far */
	u32			data_recvd;	/* C2H bytes received so far */
	u32			r2t_left;	/* solicited bytes not yet in a PDU */
	u32			pdu_left;	/* data bytes of the current PDU to send */
	u32			hdr_len;
	u32			hdr_off;
	u32			ddgst;		/* running data digest */
	__le32			ddgst_wire;
	u32			ddgst_off;
	u16			ttag;
	bool			in_capsule;
	bool			write;
	struct bio		*cur_bio;	/* data cursor: bio and iterator */
	struct iov_iter		iter;
};

struct htcp_queue {
	/*
	 * The engine: socket, parameters, I/O work and receive state. Its
	 * receive state is guarded as the rest of the receive state below.
	 */
	struct nvmeof_tcp_queue	tq;
	struct htcp_ctrl		*ctrl;
	int			qid;
	bool			polled;		/* a poll queue: blk-mq's poll receives */
	unsigned long		flags;
	struct mutex		lock;		/* guards start/stop/free of the socket */
	u32			icd_size;	/* in-capsule data we may send */

	/* Submission: queue_rq adds here, the sender takes from here. */
	struct llist_head	req_list;
	/* R2Ts the receiver accepted, for the sender (lock-free, like req_list). */
	struct llist_head	r2t_list;
	/*
	 * Guards the send side (send_list, cur_req and the socket's send
	 * direction): held by the I/O work, or by queue_rq sending inline.
	 */
	struct mutex		send_mutex;
	struct list_head	send_list;
	struct htcp_request	*cur_req;
	/*
	 * Commands handed to the sender and not yet ended here: only a hint
	 * for send_any_cpu and softirq_rx_depth (requests ended by a cancel
	 * are not counted back; the next queue allocation starts again at zero).
	 */
	atomic_t		nr_inflight;

	/*
	 * Guards the receive state below against teardown: held by the I/O
	 * work for a whole run (its sends take send_mutex inside it, by
	 * trylock only), or by a blk-mq poll on a poll queue. Receivers
	 * exclude each other through the socket lock, which every one of
	 * them reads under: the I/O work owns it (lock_sock), a poll or the
	 * softirq receive holds its spinlock while no task owns it.
	 */
	struct mutex		rx_mutex;
	u32			nr_cqe;		/* completions seen, for poll */
	/*
	 * Set while blk-mq's poll reads the socket with bottom halves off:
	 * completions wait on @rx_done until they are back on (a polled bio
	 * must not be freed from softirq context).
	 */
	bool			rx_defer;
	struct htcp_request	*rx_done;
	bool			rx_success;
	struct htcp_request	*rx_req;
	u16			rx_term_fes;	/* H2CTermReq owed to the target */
	u32			rx_term_fei;
};

struct htcp_ctrl {
	struct nvmeof_host_ctrl	ctrl;
	struct htcp_queue	*queues;
	u32			nr_queues;	/* entries in @queues */
	/*
	 * Guards @hdr_page and @hdr_off: the page the requests' PDU headers
	 * are carved from in init_request (htcp_alloc_hdr()).
	 */
	struct mutex		hdr_lock;
	struct page		*hdr_page;
	u32			hdr_off;
};
/* The core allocates the controller by ops size (host_new_ctrl()). */
static_assert(offsetof(struct htcp_ctrl, ctrl) == 0);

static inline struct htcp_ctrl *to_tcp_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	return container_of(ctrl, struct htcp_ctrl, ctrl);
}

static inline struct htcp_request *to_tcp_req(struct request *rq)
{
	return blk_mq_rq_to_pdu(rq);
}

static inline struct request *htcp_req_rq(struct htcp_request *treq)
{
	return blk_mq_rq_from_pdu(treq);
}

static inline struct htcp_queue *to_htcp_queue(struct nvmeof_tcp_queue *tq)
{
	return container_of(tq, struct htcp_queue, tq);
}

static void htcp_kick(struct htcp_queue *queue)
{
	nvmeof_tcp_kick(&queue->tq);
}

/* --- socket callbacks --- */

static bool htcp_softirq_recv(struct htcp_queue *queue, struct sock *sk);

/* The engine's write_space and state_change serve the host too; data_ready is its own. */
static void htcp_data_ready(struct sock *sk)
{
	struct nvmeof_tcp_queue *tq;
	struct htcp_queue *queue;

	read_lock_bh(&sk->sk_callback_lock);
	tq = sk->sk_user_data;
	queue = tq ? to_htcp_queue(tq) : NULL;
	if (likely(queue && test_bit(HTCP_Q_ALLOCATED, &queue->flags)) &&
	    !htcp_softirq_recv(queue, sk))
		htcp_kick(queue);
	read_unlock_bh(&sk->sk_callback_lock);
}

/* The engine calls this under sk_callback_lock. */
static void htcp_state_change(struct nvmeof_tcp_queue *tq, struct sock *sk)
{
	struct htcp_queue *queue = to_htcp_queue(tq);

	switch (sk->sk_state) {
	case TCP_CLOSE:
	case TCP_CLOSE_WAIT:
	case TCP_LAST_ACK:
	case TCP_FIN_WAIT1:
	case TCP_FIN_WAIT2:
		nvmeof_host_error_recovery(&queue->ctrl->ctrl);
		break;
	default:
		break;
	}
	tq->saved_state_change(sk);
}

/* --- data cursor over the request's bios --- */

static void htcp_init_iter(struct htcp_request *treq, unsigned int dir)
{
	struct request *rq = htcp_req_rq(treq);
	struct bio *bio = treq->cur_bio;
	const struct bio_vec *first;
	struct bvec_iter bi;
	struct bio_vec bv;
	unsigned int nr = 0;

	if (rq->rq_flags & RQF_SPECIAL_PAYLOAD) {
		iov_iter_bvec(&treq->iter, dir, &rq->special_vec, 1,
			      blk_rq_payload_bytes(rq));
		return;
	}
	first = __bvec_iter_bvec(bio->bi_io_vec, bio->bi_iter);
	/* A bio within its first bvec (a 4 KiB I/O) needs no walk to count. */
	if (bio->bi_iter.bi_size &&
	    bio->bi_iter.bi_size <= first->bv_len - bio->bi_iter.bi_bvec_done)
		nr = 1;
	else
		bio_for_each_bvec(bv, bio, bi)
			nr++;
	iov_iter_bvec(&treq->iter, dir, first, nr, bio->bi_iter.bi_size);
	treq->iter.iov_offset = bio->bi_iter.bi_bvec_done;
}

/*
 * Step the cursor @n bytes on. Every caller stays within the current bvec
 * (htcp_data_piece(), htcp_rx_data() bound their pieces by it), so this
 * is the bvec case of iov_iter_advance() without its walk, once per piece.
 */
static inline void htcp_advance(struct htcp_request *treq, size_t n, unsigned int dir)
{
	struct iov_iter *it = &treq->iter;

	it->count -= n;
	it->iov_offset += n;
	if (it->iov_offset >= it->bvec->bv_len) {
		it->bvec++;
		it->nr_segs--;
		it->iov_offset = 0;
	}
	if (!it->count && treq->cur_bio && treq->cur_bio->bi_next) {
		treq->cur_bio = treq->cur_bio->bi_next;
		htcp_init_iter(treq, dir);
	}
}

/* CRC32C over the next @n bytes of a bvec iterator (which is not advanced). */
static u32 htcp_iter_crc(u32 crc, const struct iov_iter *it, size_t n)
{
	const struct bio_vec *bv = it->bvec;
	size_t skip = it->iov_offset;

	while (n) {
		size_t len = min_t(size_t, bv->bv_len - skip, n);

		crc = nvmeof_tcp_page_crc(crc, bv->bv_page, bv->bv_offset + skip, len);
		n -= len;
		skip += len;
		if (skip >= bv->bv_len) {
			bv++;
			skip = 0;
		}
	}
	return crc;
}

/* --- sending --- */

static bool htcp_more_to_send(struct htcp_queue *queue)
{
	return !list_empty(&queue->send_list) || !llist_empty(&queue->req_list) ||
	       !llist_empty(&queue->r2t_list);
}

/*
 * Sends may run in the submitting task (fio, a filesystem): a socket that
 * recovery already shut down fails them with EPIPE, which without
 * MSG_NOSIGNAL would also raise SIGPIPE in that task.
 */
#define HTCP_SEND_FLAGS		(MSG_DONTWAIT | MSG_NOSIGNAL)
/* ... and the last send of a burst ends a record. Also the queue's tq.send_*. */
#define HTCP_SEND_EOR		MSG_EOR

static int htcp_send_kvec(struct htcp_queue *queue, const void *buf, size_t len,
			 bool more)
{
	return nvmeof_tcp_send_kvec_flags(&queue->tq, buf, len, more, HTCP_SEND_FLAGS,
					  HTCP_SEND_EOR);
}

/*
 * The rest of the current PDU header. A CapsuleCmd header goes by reference,
 * as data pages do (no copy into the socket; the in-tree host sends its
 * command PDUs so too): its buffer is rebuilt only for the request's next
 * command, after the target has answered this one, so after the segment
 * carrying that answer acknowledged every byte of it. An H2CData header is
 * rebuilt for the next PDU of the same command as soon as this one is in
 * the socket's hands, so it is copied.
 */
static int htcp_send_hdr(struct htcp_queue *queue, struct htcp_request *treq, bool more)
{
	u8 *buf = treq->hdr->raw + treq->hdr_off;
	size_t len = treq->hdr_len - treq->hdr_off;

	if (treq->state != HTCP_SEND_CMD)
		return htcp_send_kvec(queue, buf, len, more);
	/* A whole page, referenced by the request (htcp_alloc_hdr()): sendpage_ok(). */
	return nvmeof_tcp_send_page_ref(&queue->tq, virt_to_page(buf), offset_in_page(buf),
					len, more, HTCP_SEND_FLAGS, HTCP_SEND_EOR);
}

/* Bytes the next htcp_send_data_page() call hands over, if the socket takes them all. */
static size_t htcp_data_piece(const struct htcp_request *treq)
{
	const struct bio_vec *bv = treq->iter.bvec;
	size_t pos = bv->bv_offset + treq->iter.iov_offset;

	return min3(bv->bv_len - treq->iter.iov_offset, PAGE_SIZE - offset_in_page(pos),
		    (size_t)treq->pdu_left);
}

/*
 * Send the next piece of the current data PDU: at most one page, so that a
 * page the network stack may hold by reference (zero copy) is never a slab
 * page, which sendpage refuses; those, and only those, are copied.
 */
static int htcp_send_data_page(struct htcp_queue *queue, struct htcp_request *treq,
			       bool more_after)
{
	const struct bio_vec *bv = treq->iter.bvec;
	size_t pos = bv->bv_offset + treq->iter.iov_offset;
	struct page *page = nth_page(bv->bv_page, pos >> PAGE_SHIFT);
	size_t len = htcp_data_piece(treq);

	return nvmeof_tcp_send_page_flags(&queue->tq, page, offset_in_page(pos), len,
					  len < treq->pdu_left || more_after,
					  HTCP_SEND_FLAGS, HTCP_SEND_EOR);
}

static void htcp_start_h2c(struct htcp_queue *queue, struct htcp_request *treq)
{
	u32 chunk = min(treq->r2t_left, queue->tq.params.maxh2cdata);

	treq->hdr_len = nvmeof_tcp_build_h2c_data(treq->hdr, &queue->tq.params,
						  treq->req.sqe.command_id, treq->ttag,
						  treq->data_sent, chunk,
						  chunk == treq->r2t_left);
	treq->hdr_off = 0;
	treq->r2t_left -= chunk;
	treq->pdu_left = chunk;
	treq->ddgst = nvmeof_tcp_ddgst_init();
	treq->state = HTCP_SEND_H2C;
}

/* One PDU of data went out entirely: next H2CData, or done with this request. */
static bool htcp_pdu_sent(struct htcp_queue *queue, struct htcp_request *treq)
{
	if (treq->r2t_left) {
		htcp_start_h2c(queue, treq);
		return false;
	}
	return true;
}

/*
 * Before a piece of @treq goes to the socket. A completion parked while an
 * earlier piece was the last one (and the socket took only part of it)
 * answered data the target had not been sent yet: a protocol error. @last:
 * this piece ends what the sender owes; from here on a completion may come
 * before the sender lets go of the request, and is parked for it.
 */
static int htcp_send_check(struct htcp_queue *queue, struct htcp_request *treq, bool last)
{
	if (unlikely(test_bit(HTCP_REQ_DONE_PARKED, &treq->flags))) {
		dev_err(&queue->ctrl->ctrl.device,
			"queue %d: completion of command %#x before its data was sent\n",
			queue->qid, treq->req.sqe.command_id);
		return -EPROTO;
	}
	if (last && !test_bit(HTCP_REQ_SEND_LAST, &treq->flags)) {
		set_bit(HTCP_REQ_SEND_LAST, &treq->flags);
		/* Seen by a receiver before the target can have the bytes. */
		smp_mb__after_atomic();
	}
	return 0;
}

/*
 * Push the current request as far as the socket takes it.
 * Return: 1 when the request is fully sent, 0 when the socket is full,
 * -errno on a socket error.
 */
static int htcp_send_req(struct htcp_queue *queue, struct htcp_request *treq)
{
	bool ddgst = queue->tq.params.data_digest;
	int ret;

	for (;;) {
		switch (treq->state) {
		case HTCP_SEND_CMD:
		case HTCP_SEND_H2C: {
			bool data = treq->state == HTCP_SEND_H2C || treq->in_capsule;

			ret = htcp_send_check(queue, treq, !data);
			if (ret)
				return ret;
			ret = htcp_send_hdr(queue, treq, data || htcp_more_to_send(queue));
			if (ret <= 0)
				return ret == -EAGAIN ? 0 : (ret ? ret : -EPIPE);
			treq->hdr_off += ret;
			if (treq->hdr_off < treq->hdr_len)
				continue;
			if (!data)
				return 1;
			if (treq->state == HTCP_SEND_CMD) {
				treq->pdu_left = treq->data_len;
				treq->ddgst = nvmeof_tcp_ddgst_init();
			}
			treq->state = HTCP_SEND_DATA;
			break;
		}
		case HTCP_SEND_DATA: {
			bool more = ddgst || treq->r2t_left || htcp_more_to_send(queue);

			ret = htcp_send_check(queue, treq, !ddgst && !treq->r2t_left &&
					      htcp_data_piece(treq) == treq->pdu_left);
			if (ret)
				return ret;
			ret = htcp_send_data_page(queue, treq, more);
			if (ret <= 0)
				return ret == -EAGAIN ? 0 : (ret ? ret : -EPIPE);
			if (ddgst)
				treq->ddgst = htcp_iter_crc(treq->ddgst, &treq->iter, ret);
			htcp_advance(treq, ret, ITER_SOURCE);
			treq->pdu_left -= ret;
			treq->data_sent += ret;
			if (treq->pdu_left)
				continue;
			if (ddgst) {
				treq->ddgst_wire =
					cpu_to_le32(nvmeof_tcp_ddgst_final(treq->ddgst));
				treq->ddgst_off = 0;
				treq->state = HTCP_SEND_DDGST;
				break;
			}
			if (htcp_pdu_sent(queue, treq))
				return 1;
			break;
		}
		case HTCP_SEND_DDGST:
			ret = htcp_send_check(queue, treq, !treq->r2t_left);
			if (ret)
				return ret;
			ret = htcp_send_kvec(queue, (u8 *)&treq->ddgst_wire + treq->ddgst_off,
					    NVMEOF_TCP_DIGEST_LEN - treq->ddgst_off,
					    treq->r2t_left || htcp_more_to_send(queue));
			if (ret <= 0)
				return ret == -EAGAIN ? 0 : (ret ? ret : -EPIPE);
			treq->ddgst_off += ret;
			if (treq->ddgst_off < NVMEOF_TCP_DIGEST_LEN)
				continue;
			if (htcp_pdu_sent(queue, treq))
				return 1;
			break;
		}
	}
}

static void htcp_fetch_requests(struct htcp_queue *queue)
{
	struct llist_node *node = llist_del_all(&queue->req_list);
	struct htcp_request *treq, *tmp;

	/* At QD1 the list is one request: nothing to reverse, no call. */
	if (node && node->next)
		node = llist_reverse_order(node);
	llist_for_each_entry_safe(treq, tmp, node, lentry)
		list_add_tail(&treq->entry, &queue->send_list);
}

/*
 * Turn the R2Ts the receiver queued into H2CData transfers, ahead of new
 * commands. Called between requests, so each R2T's command has been sent
 * in full and no other transfer of that command is under way.
 */
static int htcp_take_r2ts(struct htcp_queue *queue)
{
	struct llist_node *node = llist_del_all(&queue->r2t_list);
	struct htcp_request *treq, *tmp;
	LIST_HEAD(h2c);
	int ret = 0;

	node = llist_reverse_order(node);
	llist_for_each_entry_safe(treq, tmp, node, r2t_lentry) {
		u32 offset = treq->r2t_offset, length = treq->r2t_length;
		u16 ttag = treq->r2t_ttag;

		/*
		 * Still ours: the command (or the data of an earlier R2T) waits
		 * on a send list, so the target cannot have asked for this
		 * data. Taking it would put the request on a second list.
		 */
		if (test_bit(HTCP_REQ_SENDING, &treq->flags)) {
			dev_err(&queue->ctrl->ctrl.device,
				"queue %d: R2T for command %#x before it was sent (fes %u)\n",
				queue->qid, treq->req.sqe.command_id,
				NVMEOF_TCP_FES_PDU_SEQ_ERR);
			ret = -EPROTO;
			break;
		}
		if (offset != treq->data_sent || treq->r2t_left) {
			dev_err(&queue->ctrl->ctrl.device,
				"queue %d: R2T offset %u, but %u bytes sent (fes %u)\n",
				queue->qid, offset, treq->data_sent,
				NVMEOF_TCP_FES_PDU_SEQ_ERR);
			ret = -EPROTO;
			break;
		}
		/* The sender owns it again, before the receiver may see the R2T gone. */
		clear_bit(HTCP_REQ_SEND_LAST, &treq->flags);
		set_bit(HTCP_REQ_SENDING, &treq->flags);
		/* Copied out: the receiver may take the next R2T from here on. */
		clear_bit_unlock(HTCP_REQ_R2T_QUEUED, &treq->flags);
		if (!treq->data_sent) {
			treq->cur_bio = htcp_req_rq(treq)->bio;
			htcp_init_iter(treq, ITER_SOURCE);
		}
		treq->ttag = ttag;
		treq->r2t_left = length;
		htcp_start_h2c(queue, treq);
		list_add_tail(&treq->entry, &h2c);
	}
	/* Also on error: no entry may stay linked to this stack frame. */
	list_splice(&h2c, &queue->send_list);
	return ret;
}

/* The sender ends a completion the receiver parked for it. */
static void htcp_end_parked(struct htcp_queue *queue, struct htcp_request *treq)
{
	struct request *rq = htcp_req_rq(treq);

	atomic_dec(&queue->nr_inflight);
	nvmeof_host_end_rq(rq, nvmeof_req(rq)->status, treq->done_result);
}

/*
 * The sender is done with @treq (everything it owed is in the socket): the
 * receiver may end it from here on, and if a completion was parked meanwhile
 * whichever side clears DONE_PARKED first ends it.
 */
static void htcp_send_release(struct htcp_queue *queue, struct htcp_request *treq)
{
	clear_bit(HTCP_REQ_SENDING, &treq->flags);
	/* Pairs with the barrier after the receiver parks a completion. */
	smp_mb__after_atomic();
	if (test_and_clear_bit(HTCP_REQ_DONE_PARKED, &treq->flags))
		htcp_end_parked(queue, treq);
}

/* Return: >0 progress, 0 nothing more can go now, -errno on error. */
static int htcp_try_send(struct htcp_queue *queue)
{
	struct htcp_request *treq;
	int progress = 0, n, ret;

	for (n = 0; n < HTCP_SEND_BUDGET; n++) {
		if (!queue->cur_req) {
			if (!llist_empty(&queue->r2t_list)) {
				ret = htcp_take_r2ts(queue);
				if (ret)
					return ret;
			}
			/* Most calls find nothing new: skip the xchg and the reversal then. */
			if (list_empty(&queue->send_list) && !llist_empty(&queue->req_list))
				htcp_fetch_requests(queue);
			queue->cur_req = list_first_entry_or_null(&queue->send_list,
								  struct htcp_request, entry);
			if (!queue->cur_req)
				break;
			list_del_init(&queue->cur_req->entry);
		}
		treq = queue->cur_req;
		ret = htcp_send_req(queue, treq);
		if (ret < 0)
			return ret;
		if (!ret)
			break;
		queue->cur_req = NULL;
		htcp_send_release(queue, treq);
		progress = 1;
	}
	return progress;
}

/* --- receiving --- */

/*
 * The receive side runs as a read_sock() actor: bytes go from the socket's
 * skbs straight into the PDU header buffer or the request's pages, one
 * socket-lock round per batch of skbs instead of a recvmsg per PDU part.
 */

static void htcp_send_term(struct htcp_queue *queue)
{
	union nvmeof_tcp_hdr_buf term;
	size_t len;

	len = nvmeof_tcp_build_term(&term, &queue->tq.params, queue->rx_term_fes,
				    queue->rx_term_fei, queue->tq.rx_buf.raw, queue->tq.rx_got);
	htcp_send_kvec(queue, &term, len, false);
}

/*
 * A protocol error ends the queue. The H2CTermReq telling the target why
 * goes out from htcp_try_recv() after it has released the socket lock,
 * which sending takes as well.
 */
static int htcp_fatal(struct htcp_queue *queue, u16 fes, u32 fei, const char *why)
{
	dev_err(&queue->ctrl->ctrl.device, "queue %d: %s (fes %u, fei %u)\n",
		queue->qid, why, fes, fei);
	queue->rx_term_fes = fes;
	queue->rx_term_fei = fei;
	return -EPROTO;
}

static struct request *htcp_find_rq(struct htcp_queue *queue, u16 cid)
{
	return nvmeof_host_find_rq(&queue->ctrl->ctrl, queue->qid, cid);
}

static void htcp_rx_reset(struct htcp_queue *queue)
{
	nvmeof_tcp_rx_next(&queue->tq);
	queue->rx_req = NULL;
}

/* A command is done: complete it now, or after the poll that found it. */
static void htcp_end_rq(struct htcp_queue *queue, struct request *rq, u16 status,
			__le64 result)
{
	struct htcp_request *treq = to_tcp_req(rq);

	queue->nr_cqe++;
	atomic_dec(&queue->nr_inflight);
	if (!queue->rx_defer) {
		nvmeof_host_end_rq(rq, status, result);
		return;
	}
	nvmeof_req(rq)->status = status;
	treq->done_result = result;
	treq->done_next = queue->rx_done;
	queue->rx_done = treq;
}

/*
 * The target says @rq is done (a CapsuleResp, or C2HData with SUCCESS). Not
 * while the sender still owns the request (see HTCP_REQ_*): before its last
 * piece that is a protocol error, during it the completion is parked for
 * the sender. One snapshot of the flags: the sender sets SENDING before it
 * clears R2T_QUEUED, so some bit is always set while the request is its.
 */
static int htcp_rx_done(struct htcp_queue *queue, struct request *rq, u16 status,
			__le64 result)
{
	struct htcp_request *treq = to_tcp_req(rq);
	unsigned long flags = READ_ONCE(treq->flags);

	if (flags & BIT(HTCP_REQ_R2T_QUEUED))
		return htcp_fatal(queue, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0,
				 "response before the data its R2T asked for");
	if (flags & BIT(HTCP_REQ_SENDING)) {
		if (!(flags & BIT(HTCP_REQ_SEND_LAST)))
			return htcp_fatal(queue, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0,
					 "response while the command is still being sent");
		nvmeof_req(rq)->status = status;
		treq->done_result = result;
		set_bit(HTCP_REQ_DONE_PARKED, &treq->flags);
		/* Pairs with the barrier after the sender clears SENDING. */
		smp_mb__after_atomic();
		if (test_bit(HTCP_REQ_SENDING, &treq->flags) ||
		    !test_and_clear_bit(HTCP_REQ_DONE_PARKED, &treq->flags))
			return 0;	/* the sender ends it */
	}
	htcp_end_rq(queue, rq, status, result);
	return 0;
}

static int htcp_handle_rsp(struct htcp_queue *queue)
{
	const struct nvmeof_tcp_rsp_pdu *pdu = &queue->tq.rx_buf.rsp;
	struct request *rq = htcp_find_rq(queue, pdu->cqe.command_id);
	u16 status;
	int ret;

	if (!rq)
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_rsp_pdu, cqe) +
				 offsetof(struct nvmeof_cqe, command_id),
				 "response for an unknown command");
	status = nvmeof_cqe_status(&pdu->cqe);
	/* A data digest error seen earlier wins over a successful completion. */
	if (!status && nvmeof_req(rq)->status)
		status = nvmeof_req(rq)->status;
	ret = htcp_rx_done(queue, rq, status, pdu->cqe.result);
	if (ret)
		return ret;
	htcp_rx_reset(queue);
	return 0;
}

static int htcp_handle_c2h(struct htcp_queue *queue)
{
	const struct nvmeof_tcp_data_pdu *pdu = &queue->tq.rx_buf.data;
	u32 offset = le32_to_cpu(pdu->data_offset);
	struct htcp_request *treq;
	struct request *rq;

	rq = htcp_find_rq(queue, pdu->command_id);
	if (!rq)
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_data_pdu, command_id),
				 "C2HData for an unknown command");
	treq = to_tcp_req(rq);
	if (treq->write || !treq->data_len)
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_data_pdu, command_id),
				 "C2HData for a command that reads nothing");
	/*
	 * nvmeof_tcp_validate_xfer()'s range check, inline: the type it also
	 * checks is known here. Its verdict (fes, fei 0) and its place before
	 * the order check are kept.
	 */
	if ((u64)offset + le32_to_cpu(pdu->data_length) > treq->data_len)
		return htcp_fatal(queue, NVMEOF_TCP_FES_DATA_OUT_OF_RANGE, 0,
				 "C2HData out of range");
	if (offset != treq->data_recvd)
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_data_pdu, data_offset),
				 "C2HData out of order");
	if ((pdu->hdr.flags & NVMEOF_TCP_F_DATA_SUCCESS) &&
	    treq->data_recvd + queue->tq.rx_res.data_len != treq->data_len)
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_hdr, flags),
				 "C2HData SUCCESS before the end of the data");

	if (!treq->data_recvd) {
		treq->cur_bio = rq->bio;
		htcp_init_iter(treq, ITER_DEST);
	}
	queue->rx_req = treq;
	queue->rx_success = pdu->hdr.flags & NVMEOF_TCP_F_DATA_SUCCESS;
	nvmeof_tcp_rx_expect_data(&queue->tq);
	return 0;
}

static int htcp_handle_r2t(struct htcp_queue *queue)
{
	const struct nvmeof_tcp_r2t_pdu *pdu = &queue->tq.rx_buf.r2t;
	struct nvmeof_tcp_result xres;
	struct htcp_request *treq;
	struct request *rq;

	rq = htcp_find_rq(queue, pdu->command_id);
	if (!rq)
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_r2t_pdu, command_id),
				 "R2T for an unknown command");
	treq = to_tcp_req(rq);
	if (!treq->write || treq->in_capsule)
		return htcp_fatal(queue, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0,
				 "R2T for a command without solicited data");
	/* Before the last byte of the command (or of earlier data) left: not asked yet. */
	if ((READ_ONCE(treq->flags) & (BIT(HTCP_REQ_SENDING) | BIT(HTCP_REQ_SEND_LAST))) ==
	    BIT(HTCP_REQ_SENDING))
		return htcp_fatal(queue, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0,
				 "R2T while the command is still being sent");
	if (nvmeof_tcp_validate_xfer(pdu, treq->data_len, &xres))
		return htcp_fatal(queue, xres.fes, xres.fei, "R2T out of range");
	/* One R2T per command at a time (we offer MAXR2T 1). */
	if (test_and_set_bit(HTCP_REQ_R2T_QUEUED, &treq->flags))
		return htcp_fatal(queue, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0,
				 "R2T while the previous one is pending");

	/* The sender owns the transfer state: hand it the R2T. */
	treq->r2t_ttag = pdu->ttag;
	treq->r2t_offset = le32_to_cpu(pdu->r2t_offset);
	treq->r2t_length = le32_to_cpu(pdu->r2t_length);
	llist_add(&treq->r2t_lentry, &queue->r2t_list);
	htcp_kick(queue);
	htcp_rx_reset(queue);
	return 0;
}

/* A C2HTermReq (and the header it quotes) is in. */
static int htcp_rx_term(struct nvmeof_tcp_queue *tq)
{
	struct htcp_queue *queue = to_htcp_queue(tq);

	dev_err(&queue->ctrl->ctrl.device,
		"queue %d: controller terminated the connection (fes %u)\n",
		queue->qid, le16_to_cpu(tq->rx_buf.term.fes));
	return -ECONNRESET;
}

/* The engine's PDU handler: a valid header is in. Inlined into the actor. */
static __always_inline int htcp_handle_pdu(struct nvmeof_tcp_queue *tq)
{
	struct htcp_queue *queue = to_htcp_queue(tq);

	switch (tq->rx_buf.ch.type) {
	case NVMEOF_TCP_RSP:
		return htcp_handle_rsp(queue);
	case NVMEOF_TCP_C2H_DATA:
		return htcp_handle_c2h(queue);
	case NVMEOF_TCP_R2T:
		return htcp_handle_r2t(queue);
	case NVMEOF_TCP_C2H_TERM:
		if (nvmeof_tcp_rx_expect_term(tq))
			return 0;
		return htcp_rx_term(tq);
	default:
		return htcp_fatal(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				 offsetof(struct nvmeof_tcp_hdr, type), "unexpected PDU");
	}
}

static int htcp_rx_bad_hdr(struct nvmeof_tcp_queue *tq, u16 fes, u32 fei)
{
	return htcp_fatal(to_htcp_queue(tq), fes, fei, "invalid PDU header");
}

/*
 * The engine's data cursor: @len bytes of C2HData payload into the
 * request's pages where its bvec iterator stands. Inlined into the actor,
 * as the copy was before the engine: it runs once per chunk.
 */
static __always_inline int htcp_rx_data(struct nvmeof_tcp_queue *tq, const u8 *src, u32 len)
{
	struct htcp_request *treq = to_htcp_queue(tq)->rx_req;

	treq->data_recvd += len;
	while (len) {
		const struct bio_vec *bv = treq->iter.bvec;
		size_t pos, n;

		/* validate_xfer() bounded the PDU by the request's length. */
		if (WARN_ON_ONCE(!iov_iter_count(&treq->iter)))
			return -EPROTO;
		pos = bv->bv_offset + treq->iter.iov_offset;
		n = min3(bv->bv_len - treq->iter.iov_offset, PAGE_SIZE - offset_in_page(pos),
			 (size_t)len);
		n = min(n, iov_iter_count(&treq->iter));
		nvmeof_tcp_page_copy(bv->bv_page, pos, src, n);
		htcp_advance(treq, n, ITER_DEST);
		src += n;
		len -= n;
	}
	return 0;
}

static inline int htcp_data_done(struct htcp_queue *queue)
{
	struct htcp_request *treq = queue->rx_req;

	if (queue->rx_success) {
		struct request *rq = htcp_req_rq(treq);
		int ret;

		/* SQ flow control is off: the data stands in for the response. */
		ret = htcp_rx_done(queue, rq, nvmeof_req(rq)->status, 0);
		if (ret)
			return ret;
	}
	htcp_rx_reset(queue);
	return 0;
}

static __always_inline int htcp_rx_data_done(struct nvmeof_tcp_queue *tq, bool digest_ok)
{
	struct htcp_queue *queue = to_htcp_queue(tq);

	if (unlikely(!digest_ok)) {
		dev_err(&queue->ctrl->ctrl.device,
			"queue %d: data digest error on C2HData\n", queue->qid);
		nvmeof_req(htcp_req_rq(queue->rx_req))->status = NVMEOF_SC_DATA_XFER_ERROR;
	}
	return htcp_data_done(queue);
}

static const struct nvmeof_tcp_queue_ops htcp_tq_ops = {
	.pdu		= htcp_handle_pdu,
	.data		= htcp_rx_data,
	.data_done	= htcp_rx_data_done,
	.fail		= htcp_rx_bad_hdr,
	.term		= htcp_rx_term,
	.state_change	= htcp_state_change,
	.data_ready	= htcp_data_ready,
};

NVMEOF_TCP_RX_ACTOR(htcp_recv_skb, &htcp_tq_ops)

/* Return: >0 progress, 0 nothing to read now, -errno on error. */
/*
 * Receiving ended with an error: send the H2CTermReq it owes the target
 * once (process context: sending may sleep) and return the error.
 */
static int htcp_rx_end(struct htcp_queue *queue)
{
	if (queue->rx_term_fes) {
		htcp_send_term(queue);
		queue->rx_term_fes = 0;
	}
	return queue->tq.rx_err;
}

/* One budget's worth of what the socket holds; see nvmeof_tcp_read_sock(). */
static int htcp_read_sock(struct htcp_queue *queue, size_t *left)
{
	return nvmeof_tcp_read_sock(&queue->tq, HTCP_RECV_BUDGET, htcp_recv_skb, left);
}

static int htcp_try_recv(struct htcp_queue *queue)
{
	struct sock *sk = queue->tq.sock->sk;
	size_t left;
	int ret;

	if (queue->tq.rx_err)
		return htcp_rx_end(queue);
	lock_sock(sk);
	ret = htcp_read_sock(queue, &left);
	release_sock(sk);
	if (queue->tq.rx_err)
		return htcp_rx_end(queue);
	return ret;
}

/*
 * The same for blk-mq's poll, which runs under rcu_read_lock() and must not
 * sleep: the socket is read under its spinlock with bottom halves off, as
 * the stack's own softirq receive does, and left alone while a task owns
 * it (that task is moving the queue along; the next poll looks again).
 * Completions found meanwhile are held back until bottom halves are on
 * again. An error is left for the I/O work to end the queue with.
 */
static int htcp_try_recv_atomic(struct htcp_queue *queue)
{
	struct sock *sk = queue->tq.sock->sk;
	size_t left;
	int ret = 0;

	if (queue->tq.rx_err)
		return queue->tq.rx_err;
	local_bh_disable();
	bh_lock_sock(sk);
	if (!sock_owned_by_user(sk)) {
		queue->rx_defer = true;
		ret = htcp_read_sock(queue, &left);
		queue->rx_defer = false;
	}
	bh_unlock_sock(sk);
	local_bh_enable();
	while (queue->rx_done) {
		struct htcp_request *treq = queue->rx_done;
		struct request *rq = htcp_req_rq(treq);

		queue->rx_done = treq->done_next;
		nvmeof_host_end_rq(rq, nvmeof_req(rq)->status, treq->done_result);
	}
	return queue->tq.rx_err ?: ret;
}

/*
 * Receive where the stack delivers, from the socket's data_ready: in
 * softirq, with the socket spinlocked by the stack and owned by no task,
 * the receive state is ours as surely as under lock_sock(). Completing
 * here saves a work item and a context switch per arrival, which is most
 * of a low-depth command's cost on our side. Deeper queues leave it to the
 * work, which takes many PDUs per socket-lock round (make profile: 3 %
 * fewer IOPS at QD32 receiving every arrival in softirq). Not for poll
 * queues (a polled bio must not end in softirq), and not while a task owns
 * the socket: the stack then calls data_ready from that task's
 * release_sock(), and the I/O work takes over.
 * Return: true if nothing is left for the I/O work to receive.
 */
static bool htcp_softirq_recv(struct htcp_queue *queue, struct sock *sk)
{
	unsigned int depth = READ_ONCE(htcp_softirq_rx_depth);
	size_t left;

	if (!depth || atomic_read(&queue->nr_inflight) > depth ||
	    queue->polled || !in_softirq() || sock_owned_by_user_nocheck(sk) ||
	    !test_bit(HTCP_Q_LIVE, &queue->flags) || test_bit(HTCP_Q_ERROR, &queue->flags) ||
	    queue->tq.rx_err)
		return false;
	htcp_read_sock(queue, &left);
	/* An error (the work ends the queue) or the budget spent: the work goes on. */
	return !queue->tq.rx_err && left;
}

/* A send or receive failed for good: stop the queue's work, recover the controller. */
static void htcp_queue_failed(struct htcp_queue *queue, int ret)
{
	if (test_and_set_bit(HTCP_Q_ERROR, &queue->flags))
		return;
	if (ret != -ECONNRESET && ret != -EPROTO)
		dev_err(&queue->ctrl->ctrl.device, "queue %d: socket error %d\n",
			queue->qid, ret);
	nvmeof_host_error_recovery(&queue->ctrl->ctrl);
}

/*
 * The I/O work found queue_rq sending inline. Spinning until it lets go
 * would burn the CPU the sender may need to finish (it may be the one this
 * work preempted), so leave a note instead: the inline sender checks it
 * after unlocking and kicks the work again. Return: true if the mutex came
 * free meanwhile and is now held here.
 */
static bool htcp_send_later(struct htcp_queue *queue)
{
	set_bit(HTCP_Q_SEND_AGAIN, &queue->flags);
	/* Pairs with the test-and-clear after the sender's unlock. */
	smp_mb__after_atomic();
	if (!mutex_trylock(&queue->send_mutex))
		return false;
	clear_bit(HTCP_Q_SEND_AGAIN, &queue->flags);
	return true;
}

static void htcp_io_work(struct work_struct *work)
{
	struct htcp_queue *queue = container_of(work, struct htcp_queue, tq.io_work);
	unsigned long deadline = jiffies + READ_ONCE(htcp_io_budget_jiffies);
	int ret = 0;

	/*
	 * rx_mutex once for the whole run, not per pass (at QD1 a run is
	 * usually two passes). The send side nests inside it by trylock
	 * only, against htcp_stop_queue()'s send_mutex-then-rx_mutex order:
	 * a trylock cannot wait, so no deadlock, and lockdep records no
	 * dependency for it. Stopping sets ERROR under rx_mutex, so the check
	 * below, under it, sees a stopped queue before touching the socket.
	 */
	mutex_lock(&queue->rx_mutex);
	do {
		bool progress = false;

		if (!test_bit(HTCP_Q_ALLOCATED, &queue->flags) ||
		    test_bit(HTCP_Q_ERROR, &queue->flags))
			goto out_unlock;

		if (mutex_trylock(&queue->send_mutex) || htcp_send_later(queue)) {
			ret = htcp_try_send(queue);
			mutex_unlock(&queue->send_mutex);
			if (ret < 0)
				goto out_unlock;
			progress |= ret > 0;
		}

		ret = htcp_try_recv(queue);
		if (ret < 0)
			goto out_unlock;
		progress |= ret > 0;

		if (!progress)
			goto out_unlock;
	} while (!time_after(jiffies, deadline));

	mutex_unlock(&queue->rx_mutex);
	htcp_kick(queue);
	return;

out_unlock:
	mutex_unlock(&queue->rx_mutex);
	if (ret < 0)
		htcp_queue_failed(queue, ret);
}

/* --- queue setup and teardown --- */

static int htcp_icreq(struct htcp_queue *queue)
{
	union nvmeof_tcp_hdr_buf *buf;
	struct nvmeof_tcp_result res;
	struct msghdr msg = { };
	struct kvec kv;
	size_t len;
	int ret;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	len = nvmeof_tcp_build_icreq(buf, &queue->tq.params);
	kv.iov_base = buf;
	kv.iov_len = len;
	ret = kernel_sendmsg(queue->tq.sock, &msg, &kv, 1, len);
	if (ret < 0)
		goto out_free;

	memset(buf, 0, sizeof(*buf));
	kv.iov_base = buf;
	kv.iov_len = sizeof(struct nvmeof_tcp_icresp);
	memset(&msg, 0, sizeof(msg));
	ret = kernel_recvmsg(queue->tq.sock, &msg, &kv, 1, kv.iov_len, MSG_WAITALL);
	if (ret >= 0 && ret < (int)sizeof(struct nvmeof_tcp_hdr))
		ret = -ECONNRESET;
	if (ret < 0)
		goto out_free;

	if (nvmeof_tcp_validate_hdr(&queue->tq.params, buf, ret, &res) || !res.complete) {
		dev_err(&queue->ctrl->ctrl.device,
			"queue %d: bad ICResp (type %u, fes %u, fei %u)\n",
			queue->qid, buf->ch.type, res.fes, res.fei);
		ret = -EINVAL;
		goto out_free;
	}
	nvmeof_tcp_params_apply_icresp(&queue->tq.params, &buf->icresp);
	ret = 0;
out_free:
	kfree(buf);
	return ret;
}

static int htcp_alloc_queue(struct htcp_ctrl *tctrl, int qid)
{
	struct nvmeof_host_ctrl *ctrl = &tctrl->ctrl;
	struct nvmeof_ctrl_opts *o = ctrl->opts;
	struct htcp_queue *queue = &tctrl->queues[qid];
	struct sock *sk;
	int ret;

	queue->ctrl = tctrl;
	queue->qid = qid;
	queue->flags = 0;
	queue->tq.io_cpu = WORK_CPU_UNBOUND;
	queue->tq.rx_err = 0;
	queue->polled = false;
	atomic_set(&queue->nr_inflight, 0);
	init_llist_head(&queue->req_list);
	init_llist_head(&queue->r2t_list);
	INIT_LIST_HEAD(&queue->send_list);
	queue->cur_req = NULL;
	htcp_rx_reset(queue);
	queue->rx_term_fes = 0;

	nvmeof_tcp_params_init(&queue->tq.params, NVMEOF_TCP_ROLE_HOST);
	queue->tq.params.hdr_digest = o->hdr_digest;
	queue->tq.params.data_digest = o->data_digest;
	if (qid)
		queue->icd_size = ctrl->ioccsz * 16 > sizeof(struct nvmeof_sqe) ?
				  ctrl->ioccsz * 16 - sizeof(struct nvmeof_sqe) : 0;
	else
		queue->icd_size = NVMEOF_TCP_ADMIN_ICDSZ;

	ret = sock_create_kern(current->nsproxy->net_ns, ctrl->addr.ss_family,
			       SOCK_STREAM, IPPROTO_TCP, &queue->tq.sock);
	if (ret) {
		dev_err(&ctrl->device, "queue %d: socket creation failed (%d)\n", qid, ret);
		return ret;
	}
	sk = queue->tq.sock->sk;
	/* One SYN retry: a missing port fails the attempt quickly. */
	tcp_sock_set_syncnt(sk, 1);
	tcp_sock_set_nodelay(sk);
	sock_no_linger(sk);
	if (o->tos >= 0 && ctrl->addr.ss_family == AF_INET)
		ip_sock_set_tos(sk, o->tos);
	sk->sk_allocation = GFP_ATOMIC;
	sk->sk_rcvtimeo = htcp_connect_timeout * HZ;
	sk->sk_sndtimeo = htcp_connect_timeout * HZ;

	if (ctrl->ifindex) {
		ret = sock_bindtoindex(sk, ctrl->ifindex, true);
		if (ret) {
			dev_err(&ctrl->device, "queue %d: binding to %s failed (%d)\n",
				qid, o->host_iface, ret);
			goto out_release;
		}
	}
	if (o->mask & NVMEOF_OPT_HOST_TRADDR) {
		ret = kernel_bind(queue->tq.sock, (struct sockaddr *)&ctrl->src_addr,
				  sizeof(ctrl->src_addr));
		if (ret) {
			dev_err(&ctrl->device, "queue %d: binding to %s failed (%d)\n",
				qid, o->host_traddr, ret);
			goto out_release;
		}
	}

	ret = kernel_connect(queue->tq.sock, (struct sockaddr *)&ctrl->addr,
			     sizeof(ctrl->addr), 0);
	if (ret) {
		dev_err(&ctrl->device, "queue %d: connecting to %s:%s failed (%d)\n",
			qid, o->traddr, o->trsvcid, ret);
		goto out_release;
	}

	ret = htcp_icreq(queue);
	if (ret)
		goto out_shutdown;

	nvmeof_tcp_sk_attach(&queue->tq, 0);
	set_bit(HTCP_Q_ALLOCATED, &queue->flags);
	return 0;

out_shutdown:
	kernel_sock_shutdown(queue->tq.sock, SHUT_RDWR);
out_release:
	sock_release(queue->tq.sock);
	queue->tq.sock = NULL;
	return ret;
}

/* Stop using the socket; requests in flight stay for the caller to cancel. */
static void htcp_stop_queue(struct htcp_queue *queue)
{
	mutex_lock(&queue->lock);
	clear_bit(HTCP_Q_LIVE, &queue->flags);
	if (test_bit(HTCP_Q_ALLOCATED, &queue->flags) && queue->tq.sock &&
	    !test_and_set_bit(HTCP_Q_STOPPED, &queue->flags)) {
		/* Keep a poller out of the socket while we own it (see htcp_poll). */
		mutex_lock(&queue->send_mutex);
		mutex_lock(&queue->rx_mutex);
		kernel_sock_shutdown(queue->tq.sock, SHUT_RDWR);
		nvmeof_tcp_sk_detach(&queue->tq);
		set_bit(HTCP_Q_ERROR, &queue->flags);
		mutex_unlock(&queue->rx_mutex);
		mutex_unlock(&queue->send_mutex);
	}
	mutex_unlock(&queue->lock);
	cancel_work_sync(&queue->tq.io_work);
}

static void htcp_free_queue(struct htcp_queue *queue)
{
	mutex_lock(&queue->lock);
	if (test_and_clear_bit(HTCP_Q_ALLOCATED, &queue->flags)) {
		sock_release(queue->tq.sock);
		queue->tq.sock = NULL;
	}
	llist_del_all(&queue->req_list);
	llist_del_all(&queue->r2t_list);
	mutex_lock(&queue->send_mutex);
	INIT_LIST_HEAD(&queue->send_list);
	queue->cur_req = NULL;
	mutex_unlock(&queue->send_mutex);
	mutex_lock(&queue->rx_mutex);
	htcp_rx_reset(queue);
	mutex_unlock(&queue->rx_mutex);
	queue->flags = 0;
	mutex_unlock(&queue->lock);
}

static int htcp_op_alloc_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	return htcp_alloc_queue(to_tcp_ctrl(ctrl), qid);
}

/* Connected: I/O work runs on a CPU that submits to this queue. */
static void htcp_op_queue_live(struct nvmeof_host_ctrl *ctrl, int qid)
{
	struct htcp_queue *queue = &to_tcp_ctrl(ctrl)->queues[qid];

	if (qid) {
		int type = nvmeof_host_io_queue_type(ctrl, qid);

		queue->tq.io_cpu = nvmeof_queue_map_hctx_cpu(ctrl->tagset, type, qid - 1);
		queue->polled = type == HCTX_TYPE_POLL;
	}
	set_bit(HTCP_Q_LIVE, &queue->flags);
}

static void htcp_op_stop_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	htcp_stop_queue(&to_tcp_ctrl(ctrl)->queues[qid]);
}

static void htcp_op_free_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	htcp_free_queue(&to_tcp_ctrl(ctrl)->queues[qid]);
}

/* --- blk-mq --- */

/*
 * A PDU header buffer in a page of its own (no slab page, which the socket
 * refuses to send by reference): carved from the controller's current
 * header page, a new one when it is full. Each request holds a reference on
 * its buffer's page, the controller one on the current page; a page goes
 * when the last request carved from it and the socket are done with it.
 */
static union nvmeof_tcp_hdr_buf *htcp_alloc_hdr(struct htcp_ctrl *tctrl)
{
	const u32 sz = ALIGN(sizeof(union nvmeof_tcp_hdr_buf), 8);
	void *hdr = NULL;

	mutex_lock(&tctrl->hdr_lock);
	if (!tctrl->hdr_page || tctrl->hdr_off + sz > PAGE_SIZE) {
		/* NOIO: tag sets are also rebuilt while the device is stuck. */
		struct page *page = alloc_page(GFP_NOIO | __GFP_ZERO);

		if (!page)
			goto out_unlock;
		if (tctrl->hdr_page)
			put_page(tctrl->hdr_page);
		tctrl->hdr_page = page;
		tctrl->hdr_off = 0;
	}
	get_page(tctrl->hdr_page);
	hdr = page_address(tctrl->hdr_page) + tctrl->hdr_off;
	tctrl->hdr_off += sz;
out_unlock:
	mutex_unlock(&tctrl->hdr_lock);
	return hdr;
}

static int htcp_init_request(struct blk_mq_tag_set *set, struct request *rq,
			    unsigned int hctx_idx, unsigned int numa_node)
{
	struct htcp_ctrl *tctrl = to_tcp_ctrl(set->driver_data);
	struct htcp_request *treq = to_tcp_req(rq);
	int qid = set == &tctrl->ctrl.admin_set ? 0 : hctx_idx + 1;

	treq->hdr = htcp_alloc_hdr(tctrl);
	if (!treq->hdr)
		return -ENOMEM;
	treq->req.ctrl = &tctrl->ctrl;
	treq->queue = &tctrl->queues[qid];
	INIT_LIST_HEAD(&treq->entry);
	return 0;
}

static void htcp_exit_request(struct blk_mq_tag_set *set, struct request *rq,
			      unsigned int hctx_idx)
{
	struct htcp_request *treq = to_tcp_req(rq);

	if (treq->hdr)
		put_page(virt_to_page(treq->hdr));
	treq->hdr = NULL;
}

static int htcp_init_admin_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			       unsigned int hctx_idx)
{
	struct htcp_ctrl *tctrl = to_tcp_ctrl(data);

	hctx->driver_data = &tctrl->queues[0];
	return 0;
}

static int htcp_init_hctx(struct blk_mq_hw_ctx *hctx, void *data,
			 unsigned int hctx_idx)
{
	struct htcp_ctrl *tctrl = to_tcp_ctrl(data);

	if (WARN_ON_ONCE(hctx_idx + 1 >= tctrl->nr_queues))
		return -EINVAL;
	hctx->driver_data = &tctrl->queues[hctx_idx + 1];
	return 0;
}

static void htcp_prepare_request(struct htcp_queue *queue, struct htcp_request *treq)
{
	struct request *rq = htcp_req_rq(treq);
	struct nvmeof_sqe *sqe = &treq->req.sqe;

	treq->data_len = blk_rq_nr_phys_segments(rq) ? blk_rq_payload_bytes(rq) : 0;
	treq->data_sent = 0;
	treq->data_recvd = 0;
	treq->r2t_left = 0;
	treq->pdu_left = 0;
	treq->hdr_off = 0;
	treq->cur_bio = NULL;
	/* The sender's from here on (see HTCP_REQ_*). */
	treq->flags = BIT(HTCP_REQ_SENDING);
	treq->write = nvmeof_host_is_write(sqe);
	treq->in_capsule = treq->write && treq->data_len &&
			   treq->data_len <= queue->icd_size;
	INIT_LIST_HEAD(&treq->entry);

	sqe->flags = NVMEOF_SQE_PSDT_SGL_MPTR_BUF;
	if (!treq->data_len)
		nvmeof_sgl_set_null(&sqe->dptr, NVMEOF_SGL_TRANSPORT);
	else if (treq->in_capsule)
		nvmeof_sgl_set_incapsule(&sqe->dptr, 0, treq->data_len);
	else
		nvmeof_sgl_set_transport(&sqe->dptr, treq->data_len);

	treq->hdr_len = nvmeof_tcp_build_cmd(treq->hdr, &queue->tq.params, sqe,
					     treq->in_capsule ? treq->data_len : 0);
	treq->state = HTCP_SEND_CMD;
	if (treq->in_capsule) {
		treq->cur_bio = rq->bio;
		htcp_init_iter(treq, ITER_SOURCE);
	}
}

/*
 * Hand a prepared request to the sender. With nothing ahead of it, send it
 * right here (queue_rq may sleep: the tag sets are BLK_MQ_F_BLOCKING) and
 * save the hop through the work queue, which is most of a QD1 round trip.
 * As in-tree, only on the queue's own CPU; with send_any_cpu also on any
 * other CPU when the queue has no command in flight. That saves the hop at
 * low queue depth with fewer queues than CPUs, without submitters on several
 * CPUs fighting the I/O work for the socket under load (make profile
 * measured that costing 3/4 of the IOPS at QD32). The trylock keeps
 * submitters from waiting on each other or on the I/O work; whoever loses
 * leaves the request to it.
 */
static void htcp_queue_request(struct htcp_queue *queue, struct htcp_request *treq,
			       bool last)
{
	bool idle = atomic_inc_return(&queue->nr_inflight) == 1;
	bool first = llist_add(&treq->lentry, &queue->req_list) &&
		     list_empty(&queue->send_list) && !READ_ONCE(queue->cur_req);

	if (first && (queue->tq.io_cpu == raw_smp_processor_id() ||
		      (htcp_send_any_cpu && idle)) &&
	    mutex_trylock(&queue->send_mutex)) {
		int ret = htcp_try_send(queue);

		mutex_unlock(&queue->send_mutex);
		if (ret < 0) {
			htcp_queue_failed(queue, ret);
			return;
		}
		if (test_and_clear_bit(HTCP_Q_SEND_AGAIN, &queue->flags)) {
			htcp_kick(queue);
			return;
		}
	}
	if (last && htcp_more_to_send(queue))
		htcp_kick(queue);
}

static blk_status_t htcp_queue_rq(struct blk_mq_hw_ctx *hctx,
				 const struct blk_mq_queue_data *bd)
{
	struct htcp_queue *queue = hctx->driver_data;
	struct nvmeof_host_ctrl *ctrl = &queue->ctrl->ctrl;
	struct request *rq = bd->rq;
	struct htcp_request *treq = to_tcp_req(rq);
	blk_status_t ret;

	if (unlikely(!test_bit(HTCP_Q_ALLOCATED, &queue->flags) ||
		     test_bit(HTCP_Q_STOPPED, &queue->flags) ||
		     !nvmeof_host_rq_ready(ctrl, rq, test_bit(HTCP_Q_LIVE, &queue->flags))))
		return nvmeof_host_fail_nonready(ctrl, rq);

	ret = nvmeof_host_setup_cmd(rq);
	if (ret)
		return ret;
	htcp_prepare_request(queue, treq);
	blk_mq_start_request(rq);
	nvmeof_host_obs_submit(rq, queue->qid);

	htcp_queue_request(queue, treq, bd->last);
	return BLK_STS_OK;
}

static void htcp_commit_rqs(struct blk_mq_hw_ctx *hctx)
{
	htcp_kick(hctx->driver_data);
}

/* blk-mq polls a poll queue: receive here, return the completions found. */
static int htcp_poll(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob)
{
	struct htcp_queue *queue = hctx->driver_data;
	u32 before, done;
	int ret;

	if (!test_bit(HTCP_Q_LIVE, &queue->flags) || test_bit(HTCP_Q_ERROR, &queue->flags))
		return 0;
	/*
	 * Under rcu_read_lock(): nothing here may sleep (no lock_sock(), no
	 * busy polling, which may reschedule). If the I/O work is receiving,
	 * it completes what arrived and the next poll looks again.
	 */
	if (!mutex_trylock(&queue->rx_mutex))
		return 0;
	/* Stopping clears LIVE before it takes rx_mutex: look again under it. */
	if (!test_bit(HTCP_Q_LIVE, &queue->flags)) {
		mutex_unlock(&queue->rx_mutex);
		return 0;
	}
	before = queue->nr_cqe;
	ret = htcp_try_recv_atomic(queue);
	done = queue->nr_cqe - before;
	mutex_unlock(&queue->rx_mutex);
	if (ret < 0)
		htcp_kick(queue);
	return done;
}

static const struct blk_mq_ops htcp_admin_mq_ops = {
	.queue_rq	= htcp_queue_rq,
	.commit_rqs	= htcp_commit_rqs,
	.complete	= nvmeof_host_complete_rq,
	.init_request	= htcp_init_request,
	.exit_request	= htcp_exit_request,
	.init_hctx	= htcp_init_admin_hctx,
	.timeout	= nvmeof_host_timeout,
};

static const struct blk_mq_ops htcp_io_mq_ops = {
	.queue_rq	= htcp_queue_rq,
	.commit_rqs	= htcp_commit_rqs,
	.complete	= nvmeof_host_complete_rq,
	.init_request	= htcp_init_request,
	.exit_request	= htcp_exit_request,
	.init_hctx	= htcp_init_hctx,
	.timeout	= nvmeof_host_timeout,
	.map_queues	= nvmeof_host_map_queues,
	.poll		= htcp_poll,
};

/* --- controller --- */

static void htcp_free_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	struct htcp_ctrl *tctrl = to_tcp_ctrl(ctrl);

	if (tctrl->hdr_page)
		put_page(tctrl->hdr_page);
	kfree(tctrl->queues);
}

static int htcp_op_init_ctrl(struct nvmeof_host_ctrl *ctrl, u32 nr_queues)
{
	struct htcp_ctrl *tctrl = to_tcp_ctrl(ctrl);
	struct htcp_queue *queue;
	u32 i;

	mutex_init(&tctrl->hdr_lock);
	tctrl->queues = kcalloc(nr_queues, sizeof(*tctrl->queues), GFP_KERNEL);
	if (!tctrl->queues)
		return -ENOMEM;
	tctrl->nr_queues = nr_queues;
	for (i = 0; i < nr_queues; i++) {
		queue = &tctrl->queues[i];
		mutex_init(&queue->lock);
		mutex_init(&queue->send_mutex);
		mutex_init(&queue->rx_mutex);
		nvmeof_tcp_queue_init(&queue->tq, &htcp_tq_ops, htcp_wq, htcp_io_work);
		queue->tq.send_flags = HTCP_SEND_FLAGS;
		queue->tq.send_eor = MSG_EOR;
		queue->ctrl = tctrl;
		queue->qid = i;
	}
	return 0;
}

/* The admin queue socket's local address, while the queue is live (as in-tree's src_addr). */
static int htcp_op_src_addr(struct nvmeof_host_ctrl *nctrl, struct sockaddr_storage *ss)
{
	struct htcp_ctrl *ctrl = to_tcp_ctrl(nctrl);
	struct htcp_queue *queue;
	int ret = -ENOTCONN;

	if (!ctrl->queues)
		return ret;
	queue = &ctrl->queues[0];
	if (!test_bit(HTCP_Q_LIVE, &queue->flags))
		return ret;
	mutex_lock(&queue->lock);
	if (queue->tq.sock && test_bit(HTCP_Q_ALLOCATED, &queue->flags))
		ret = kernel_getsockname(queue->tq.sock, (struct sockaddr *)ss) > 0 ? 0 : -ENOTCONN;
	mutex_unlock(&queue->lock);
	return ret;
}

static const struct nvmeof_host_ctrl_ops htcp_ctrl_ops = {
	.name		= "tcp",
	.module		= THIS_MODULE,
	.blocking	= true,
	.admin_mq_ops	= &htcp_admin_mq_ops,
	.io_mq_ops	= &htcp_io_mq_ops,
	.cmd_size	= sizeof(struct htcp_request),
	.ctrl_size	= sizeof(struct htcp_ctrl),
	.sgls_needed	= NVMEOF_CTRL_SGLS_SUPPORTED | NVMEOF_CTRL_SGLS_DWORD_ALIGNED,
	.init_ctrl	= htcp_op_init_ctrl,
	.alloc_queue	= htcp_op_alloc_queue,
	.queue_live	= htcp_op_queue_live,
	.stop_queue	= htcp_op_stop_queue,
	.free_queue	= htcp_op_free_queue,
	.free_ctrl	= htcp_free_ctrl,
	.src_addr	= htcp_op_src_addr,
};

static struct nvmeof_host_transport htcp_transport = {
	.name		= "tcp",
	.module		= THIS_MODULE,
	.required	= NVMEOF_OPTS_TCP_REQUIRED,
	.allowed	= NVMEOF_OPTS_TCP_MASK,
	.ctrl_ops	= &htcp_ctrl_ops,
	.def_port	= NVMEOF_TCP_DISC_PORT,
};

static int __init htcp_init(void)
{
	int ret;

	htcp_wq = alloc_workqueue("nvmeof_tcp_wq", WQ_MEM_RECLAIM | WQ_HIGHPRI |
				 WQ_SYSFS, 0);
	if (!htcp_wq)
		return -ENOMEM;
	ret = nvmeof_host_register_transport(&htcp_transport);
	if (ret)
		goto out_destroy_wq;
	return 0;

out_destroy_wq:
	destroy_workqueue(htcp_wq);
	return ret;
}

static void __exit htcp_exit(void)
{
	nvmeof_host_unregister_transport(&htcp_transport);
	destroy_workqueue(htcp_wq);
}

module_init(htcp_init);
module_exit(htcp_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics host: TCP transport");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
