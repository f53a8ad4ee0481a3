// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target-tcp: the target's NVMe/TCP transport (listeners, queues, PDU engines). */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/err.h>
#include <linux/net.h>
#include <linux/inet.h>
#include <linux/llist.h>
#include <linux/highmem.h>
#include <linux/cpumask.h>
#include <linux/workqueue.h>
#include <linux/scatterlist.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/ipv6.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>
#include <nvmeof/tcp_queue.h>
#include <nvmeof/queue_map.h>
#include <nvmeof/sgl.h>

#include "target.h"

/* What the port gets when param_inline_data_size is left at -1, as in-tree. */
#define TTCP_DEF_INLINE_DATA_SIZE	(4 * PAGE_SIZE)
/*
 * Largest data transfer one command may ask for. The SGL length is a
 * 32-bit wire value, so bound it before it sizes an allocation.
 */
#define TTCP_MAX_XFER_SIZE		0x400000
/*
 * Budgets of one io_work pass, so that no queue starves the others on a
 * CPU: bytes taken from the socket per receive round, PDU steps per send
 * round, and rounds of both.
 */
#define TTCP_RECV_BUDGET			(256 * 1024)
#define TTCP_SEND_BUDGET			8
#define TTCP_IO_WORK_BUDGET		64
/* A queue with a TermReq to send gets this long before it is closed regardless. */
#define TTCP_TERM_LINGER			HZ
/* Bytes read from a dying socket so that closing it sends FIN, not RST. */
#define TTCP_DRAIN_MAX			(64 * 1024)
#define TTCP_LISTEN_BACKLOG		128
/* Transfer tag 0 is the Connect context; pool commands use index + 1. */
#define TTCP_CONNECT_TTAG		0

static unsigned int max_h2c_data = NVMEOF_TCP_DEF_MAXH2CDATA;
module_param(max_h2c_data, uint, 0444);
MODULE_PARM_DESC(max_h2c_data,
		 "MAXH2CDATA offered in ICResp: most bytes in one H2CData PDU (>= 4096, multiple of 4; default 4 MiB)");

static unsigned int connect_timeout_s = 15;
module_param(connect_timeout_s, uint, 0644);
MODULE_PARM_DESC(connect_timeout_s,
		 "Seconds a new connection has to complete ICReq and Connect before it is closed (default 15, 0 = never)");

/*
 * A write holds its namespace (and its data buffer) from the command until
 * its data is in. A host that never sends the data solicited by an R2T,
 * while its keep-alives keep the controller alive, would hold them forever:
 * namespace disable and rmdir would never finish.
 */
static unsigned int h2c_timeout_s = 30;
module_param(h2c_timeout_s, uint, 0644);
MODULE_PARM_DESC(h2c_timeout_s,
		 "Seconds a command may wait for H2CData after its R2T (or since its last data PDU) before its queue is closed and its controller failed (default 30, 0 = never)");

/*
 * A write's data buffer is allocated when its R2T is about to go out, and
 * counts against its queue until the command's context is free again (its
 * response sent). Past this many bytes per queue, further writes wait for
 * their R2T in arrival order, so a host that sends writes and withholds
 * their data (or stops reading responses) pins at most this much per queue
 * instead of queue depth x 4 MiB. One write is always admitted.
 */
static unsigned int max_r2t_bytes = 16 << 20;
module_param(max_r2t_bytes, uint, 0644);
MODULE_PARM_DESC(max_r2t_bytes,
		 "Data bytes of R2T-solicited writes one queue holds at a time; later writes wait for their R2T (default 16 MiB, at least one write)");

enum ttcp_queue_state {
	TTCP_Q_CONNECTING,	/* waiting for ICReq */
	TTCP_Q_LIVE,		/* ICResp sent */
	TTCP_Q_DISCONNECTING,	/* release scheduled: no more socket I/O */
};

enum ttcp_cmd_state {
	TTCP_CMD_FREE,
	TTCP_CMD_DATA_IN,	/* initialised, waiting for host data (nothing executed yet) */
	TTCP_CMD_EXEC,		/* handed to the core; its completion comes back via queue_response */
	TTCP_CMD_SEND,		/* completed, on the send path */
};

enum ttcp_tx_state {
	TTCP_TX_START,		/* completed: decide between data and response */
	TTCP_TX_R2T,
	TTCP_TX_DATA_HDR,
	TTCP_TX_DATA,
	TTCP_TX_DDGST,
	TTCP_TX_RSP,
};

struct ttcp_queue;

/* One command context; the core sees only @req. */
struct ttcp_cmd {
	struct ttcp_queue	*queue;
	struct nvmeof_tgt_req	req;
	struct nvmeof_sqe	sqe;
	struct nvmeof_cqe	cqe;
	enum ttcp_cmd_state	state;
	enum ttcp_tx_state	tx_state;
	u16			ttag;
	bool			r2t_sent;	/* H2CData is only accepted after it */
	bool			ddgst_bad;	/* a data PDU of this command failed its digest */
	bool			tx_success;	/* C2HData carries SUCCESS: no CapsuleResp */
	u32			r2t_charge;	/* bytes it counts in queue->r2t_bytes */
	u32			rx_done;	/* data bytes received so far */
	unsigned long		data_stamp;	/* jiffies: R2T sent or last H2CData */
	struct scatterlist	*rx_sg;		/* where byte rx_done goes ... */
	u32			rx_sg_off;	/* ... and at which offset in it */
	/* send progress */
	union nvmeof_tcp_hdr_buf tx_hdr;
	u32			tx_hdr_len;
	u32			tx_hdr_sent;
	u32			tx_done;	/* data bytes sent */
	struct scatterlist	*tx_sg;		/* where byte tx_done comes from ... */
	u32			tx_sg_off;	/* ... and at which offset in it */
	__le32			tx_ddgst;
	u32			tx_ddgst_sent;
	struct llist_node	resp_node;	/* on queue->resp_list after completion */
	struct list_head	entry;		/* free_cmds, send_list, exec_list or r2t_wait */
};

struct ttcp_port {
	struct socket		*sock;
	struct nvmeof_tgt_port	*nport;
	struct work_struct	accept_work;
	struct sockaddr_storage	addr;
	void			(*saved_data_ready)(struct sock *sk);
};

struct ttcp_queue {
	struct nvmeof_tgt_sq	sq;
	/*
	 * The engine: socket, parameters, io_work and receive state, the
	 * last touched only by io_work (and release once io_work is gone).
	 */
	struct nvmeof_tcp_queue	tq;
	struct ttcp_port		*port;		/* NULL once the port went away */
	struct nvmeof_tgt_port	*nport;
	unsigned int		id;		/* for messages */
	u32			inline_size;	/* the port's param_inline_data_size */
	/*
	 * Guards: state (its move to DISCONNECTING happens once, from
	 * socket callbacks, timers and the core alike).
	 */
	spinlock_t		state_lock;
	enum ttcp_queue_state	state;
	bool			fatal;		/* fail the controller on release */
	struct work_struct	release_work;
	struct delayed_work	timeout_work;
	/* Looks for commands whose solicited data is late (h2c_timeout_s). */
	struct delayed_work	h2c_work;
	bool			h2c_check;	/* set by h2c_work, acted on by io_work */
	struct list_head	entry;		/* ttcp_queues, under ttcp_queues_mutex */

	/* Receive side beyond the engine's, io_work's as that is. */
	struct ttcp_cmd		*rx_cmd;	/* the command whose data is coming */
	/* Complete commands to execute once the socket lock is dropped. */
	struct list_head	exec_list;

	/* Commands: the pool exists once Connect installed the queue. */
	struct ttcp_cmd		connect_cmd;
	struct ttcp_cmd		*cmds;
	u16			nr_cmds;
	u16			nr_busy;
	struct list_head	free_cmds;	/* io_work only */
	/* Writes waiting for R2T budget, oldest first, and the bytes admitted (io_work only). */
	struct list_head	r2t_wait;
	u32			r2t_bytes;

	/* Send side: resp_list is fed from any context, the rest is io_work's. */
	struct llist_head	resp_list;
	struct list_head	send_list;
	struct ttcp_cmd		*tx_cmd;	/* command whose PDU is on the wire */
	bool			tx_mid_pdu;	/* part of a PDU went out: finish it first */
	union nvmeof_tcp_hdr_buf ctl_buf;	/* ICResp or C2HTermReq */
	u32			ctl_len;
	u32			ctl_sent;
	bool			term_pending;
};

static struct workqueue_struct *ttcp_wq;
static struct workqueue_struct *ttcp_release_wq;
static LIST_HEAD(ttcp_queues);
/* Guards: ttcp_queues (membership, and queue->port while listed). */
static DEFINE_MUTEX(ttcp_queues_mutex);
static atomic_t ttcp_queue_ids = ATOMIC_INIT(0);
/* Connections made so far: the round robin of nvmeof_queue_map_spread_cpu(). */
static atomic_t ttcp_next_cpu = ATOMIC_INIT(0);

static const struct nvmeof_tgt_fabrics_ops ttcp_ops;

static void ttcp_schedule_release(struct ttcp_queue *queue);

static inline struct ttcp_cmd *ttcp_cmd_of(struct nvmeof_tgt_req *req)
{
	return container_of(req, struct ttcp_cmd, req);
}

static inline struct ttcp_queue *ttcp_queue_of(struct nvmeof_tcp_queue *tq)
{
	return container_of(tq, struct ttcp_queue, tq);
}

static inline bool ttcp_cmd_is_h2c(const struct nvmeof_sqe *sqe)
{
	/* Fabrics commands keep the direction in FCTYPE, the others in OPC. */
	if (sqe->opcode == NVMEOF_FABRICS_OPCODE)
		return ((const struct nvmeof_connect_cmd *)sqe)->fctype & 1;
	return sqe->opcode & 1;
}

static inline bool ttcp_cmd_is_connect(const struct nvmeof_sqe *sqe)
{
	return sqe->opcode == NVMEOF_FABRICS_OPCODE &&
	       ((const struct nvmeof_connect_cmd *)sqe)->fctype == NVMEOF_FCTYPE_CONNECT;
}

static inline bool ttcp_cmd_status_ok(const struct ttcp_cmd *cmd)
{
	return !(le16_to_cpu(cmd->cqe.status) >> NVMEOF_CQE_STATUS_SHIFT);
}

/* --- socket primitives: all non-blocking; 0 means "would block" --- */

/* Sends the rest of @buf; 1 when all of it went out, 0 when it would block. */
static int ttcp_send_kvec(struct ttcp_queue *queue, const void *buf, u32 len,
			 u32 *sent, bool more)
{
	int ret = nvmeof_tcp_send_kvec(&queue->tq, buf + *sent, len - *sent, more);

	if (ret == -EAGAIN)
		return 0;
	if (ret < 0)
		return ret;
	*sent += ret;
	return *sent == len;
}

/* Adds bytes [@off, @off + @len) of a scatterlist to a running data digest. */
static u32 ttcp_sg_crc(struct scatterlist *sgl, u32 off, u32 len, u32 crc)
{
	struct scatterlist *sg;

	for (sg = sgl; sg && len; sg = sg_next(sg)) {
		u32 n;

		if (off >= sg->length) {
			off -= sg->length;
			continue;
		}
		n = min(sg->length - off, len);
		crc = nvmeof_tcp_page_crc(crc, sg_page(sg), sg->offset + off, n);
		len -= n;
		off = 0;
	}
	return crc;
}

/* --- command contexts --- */

static void ttcp_cmd_free_data(struct ttcp_cmd *cmd)
{
	if (cmd->req.sg)
		nvmeof_tgt_req_free_sgl(&cmd->req);
	cmd->req.sg = NULL;
	cmd->req.sg_cnt = 0;
}

static void ttcp_cmd_reset(struct ttcp_cmd *cmd)
{
	cmd->tx_state = TTCP_TX_START;
	cmd->r2t_sent = false;
	cmd->ddgst_bad = false;
	cmd->tx_success = false;
	cmd->r2t_charge = 0;
	cmd->rx_done = 0;
	cmd->tx_hdr_len = 0;
	cmd->tx_hdr_sent = 0;
	cmd->tx_done = 0;
	cmd->tx_ddgst_sent = 0;
	/*
	 * nvmeof_tgt_req_init() sets the rest of req and of the CQE; req.sg is
	 * NULL already (ttcp_cmd_put() freed it) for ttcp_free_cmds().
	 */
	cmd->req.cmd = &cmd->sqe;
	cmd->req.cqe = &cmd->cqe;
}

/*
 * io_work: gives a write waiting for R2T budget its data buffer and queues
 * its R2T. Return: false when the budget is spent (it stays waiting).
 */
static bool ttcp_r2t_admit(struct ttcp_cmd *cmd)
{
	struct ttcp_queue *queue = cmd->queue;
	u32 len = cmd->req.transfer_len;

	if (queue->r2t_bytes && (u64)queue->r2t_bytes + len > READ_ONCE(max_r2t_bytes))
		return false;
	if (nvmeof_tgt_req_alloc_sgl(&cmd->req)) {
		cmd->state = TTCP_CMD_EXEC;
		nvmeof_tgt_req_complete(&cmd->req, NVMEOF_SC_INTERNAL);
		return true;
	}
	cmd->rx_sg = cmd->req.sg;
	cmd->rx_sg_off = 0;
	cmd->r2t_charge = len;
	queue->r2t_bytes += len;
	/* Solicit all of it with one R2T; the host splits by MAXH2CDATA. */
	cmd->tx_state = TTCP_TX_R2T;
	list_add_tail(&cmd->entry, &queue->send_list);
	return true;
}

/* io_work: admits waiting writes, oldest first, while the budget lasts. */
static void ttcp_r2t_admit_waiting(struct ttcp_queue *queue)
{
	struct ttcp_cmd *cmd;

	while ((cmd = list_first_entry_or_null(&queue->r2t_wait, struct ttcp_cmd, entry))) {
		list_del_init(&cmd->entry);
		if (!ttcp_r2t_admit(cmd)) {
			list_add(&cmd->entry, &queue->r2t_wait);
			return;
		}
	}
}

/* io_work: the command's response left; its context may take a new command. */
static void ttcp_cmd_put(struct ttcp_cmd *cmd)
{
	struct ttcp_queue *queue = cmd->queue;

	ttcp_cmd_free_data(cmd);
	cmd->state = TTCP_CMD_FREE;
	if (cmd->r2t_charge) {
		queue->r2t_bytes -= cmd->r2t_charge;
		cmd->r2t_charge = 0;
		ttcp_r2t_admit_waiting(queue);
	}
	if (cmd == &queue->connect_cmd)
		return;
	queue->nr_busy--;
	list_add(&cmd->entry, &queue->free_cmds);
}

static struct ttcp_cmd *ttcp_cmd_by_ttag(struct ttcp_queue *queue, u16 ttag)
{
	u16 nr = smp_load_acquire(&queue->nr_cmds);

	if (ttag == TTCP_CONNECT_TTAG)
		return &queue->connect_cmd;
	if (ttag > nr)
		return NULL;
	return &queue->cmds[ttag - 1];
}

/* --- receive path --- */

static void ttcp_rx_next_pdu(struct ttcp_queue *queue)
{
	nvmeof_tcp_rx_next(&queue->tq);
	queue->rx_cmd = NULL;
}

/*
 * A PDU broke the protocol: answer with a C2HTermReq carrying the
 * validator's verdict, stop reading, and close the queue once it went out
 * (or TTCP_TERM_LINGER passed). Only this queue: its controller is failed
 * on release, which takes that controller's other queues with it.
 */
static int ttcp_term(struct ttcp_queue *queue, u16 fes, u32 fei)
{
	pr_warn_ratelimited("queue %u: bad PDU (type 0x%02x): fatal error status 0x%x, information 0x%x; closing the queue\n",
			    queue->id, queue->tq.rx_buf.raw[0], fes, fei);
	queue->ctl_len = nvmeof_tcp_build_term(&queue->ctl_buf, &queue->tq.params,
					       fes, fei, queue->tq.rx_buf.raw,
					       queue->tq.rx_got);
	queue->ctl_sent = 0;
	queue->term_pending = true;
	queue->fatal = true;
	mod_delayed_work(ttcp_release_wq, &queue->timeout_work, TTCP_TERM_LINGER);
	/* Receiving ends here (the engine keeps it); sending goes on for the TermReq. */
	return -EPROTO;
}

/*
 * PDU handlers return 0 when the receive machine moved on (to the next PDU
 * or to data), or ttcp_term()'s error.
 */
static int ttcp_handle_icreq(struct ttcp_queue *queue)
{
	nvmeof_tcp_params_apply_icreq(&queue->tq.params, &queue->tq.rx_buf.icreq);
	/* We place our data wherever the host asks (HPDA); we ask for no alignment. */
	queue->tq.params.cpda = 0;
	queue->ctl_len = nvmeof_tcp_build_icresp(&queue->ctl_buf, &queue->tq.params);
	queue->ctl_sent = 0;
	spin_lock_bh(&queue->state_lock);
	if (queue->state == TTCP_Q_CONNECTING)
		queue->state = TTCP_Q_LIVE;
	spin_unlock_bh(&queue->state_lock);
	ttcp_rx_next_pdu(queue);
	return 0;
}

/*
 * All data is in: run the command once the receive round has dropped the
 * socket lock (backends may sleep, completions may come back at once).
 */
static void ttcp_execute(struct ttcp_cmd *cmd)
{
	cmd->state = TTCP_CMD_EXEC;
	list_add_tail(&cmd->entry, &cmd->queue->exec_list);
}

static void ttcp_run_cmd(struct ttcp_cmd *cmd)
{
	if (cmd->ddgst_bad) {
		/* The data is corrupt; the host may retry the command. */
		nvmeof_tgt_req_complete(&cmd->req, NVMEOF_SC_TRANSIENT_TRANSPORT);
		return;
	}
	cmd->req.execute(&cmd->req);
}

static void ttcp_run_exec_list(struct ttcp_queue *queue)
{
	struct ttcp_cmd *cmd, *next;

	list_for_each_entry_safe(cmd, next, &queue->exec_list, entry) {
		list_del_init(&cmd->entry);
		ttcp_run_cmd(cmd);
	}
}

/* Picks the context for a new command; NULL: a sequence error. */
static struct ttcp_cmd *ttcp_get_cmd(struct ttcp_queue *queue, const struct nvmeof_sqe *sqe)
{
	struct ttcp_cmd *cmd;

	/* Until Connect's response went out, no other command may arrive. */
	if (queue->connect_cmd.state != TTCP_CMD_FREE)
		goto seq_err;
	if (!smp_load_acquire(&queue->nr_cmds)) {
		if (!ttcp_cmd_is_connect(sqe))
			goto seq_err;
		return &queue->connect_cmd;
	}
	/* More commands outstanding than the queue has entries: a flood. */
	cmd = list_first_entry_or_null(&queue->free_cmds, struct ttcp_cmd, entry);
	if (!cmd)
		goto seq_err;
	list_del(&cmd->entry);
	queue->nr_busy++;
	return cmd;

seq_err:
	return NULL;
}

static int ttcp_handle_cmd(struct ttcp_queue *queue)
{
	const struct nvmeof_tcp_result *res = &queue->tq.rx_res;
	struct nvmeof_sqe *sqe = &queue->tq.rx_buf.cmd.cmd;
	struct nvmeof_sgl_limits lim = {
		.accept = NVMEOF_SGL_ACCEPT_TCP,
		.max_len = TTCP_MAX_XFER_SIZE,
		.incapsule_size = res->data_len,
		.host_to_ctrl = ttcp_cmd_is_h2c(sqe),
	};
	struct nvmeof_sgl_info sgl;
	struct ttcp_cmd *cmd;
	u16 status;

	cmd = ttcp_get_cmd(queue, sqe);
	if (!cmd)
		return ttcp_term(queue, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0);
	memcpy(&cmd->sqe, sqe, sizeof(cmd->sqe));
	ttcp_cmd_reset(cmd);

	status = nvmeof_sqe_check_psdt(sqe);
	if (!status)
		status = nvmeof_sgl_parse(&sqe->dptr, &lim, &sgl);
	/* In-capsule data must be exactly what the descriptor describes. */
	if (!status && res->data_len &&
	    (sgl.kind != NVMEOF_SGL_INCAPSULE || sgl.offset || sgl.len != res->data_len))
		status = NVMEOF_SC_SGL_INVALID_OFFSET | NVMEOF_SC_DNR;
	cmd->req.transfer_len = status ? 0 : sgl.len;
	cmd->req.sgl_status = status;

	cmd->state = TTCP_CMD_EXEC;
	if (!nvmeof_tgt_req_init(&cmd->req, &queue->sq, &ttcp_ops))
		goto skip_data;	/* the core already completed it */
	cmd->req.transfer_len = status ? 0 : sgl.len;
	if (status)
		goto fail;

	if (lim.host_to_ctrl && cmd->req.transfer_len && !res->data_len) {
		/* Its buffer comes with its R2T, within the queue's budget. */
		cmd->state = TTCP_CMD_DATA_IN;
		ttcp_rx_next_pdu(queue);
		if (!list_empty(&queue->r2t_wait) || !ttcp_r2t_admit(cmd))
			list_add_tail(&cmd->entry, &queue->r2t_wait);
		return 0;
	}
	if (cmd->req.transfer_len) {
		if (nvmeof_tgt_req_alloc_sgl(&cmd->req)) {
			status = NVMEOF_SC_INTERNAL;
			goto fail;
		}
		cmd->rx_sg = cmd->req.sg;
		cmd->rx_sg_off = 0;
	}

	if (res->data_len) {
		cmd->state = TTCP_CMD_DATA_IN;
		queue->rx_cmd = cmd;
		nvmeof_tcp_rx_expect_data(&queue->tq);
		return 0;
	}
	ttcp_rx_next_pdu(queue);
	ttcp_execute(cmd);
	return 0;

fail:
	nvmeof_tgt_req_complete(&cmd->req, status);
skip_data:
	/* Whatever the capsule still carries is read and dropped. */
	ttcp_rx_next_pdu(queue);
	nvmeof_tcp_rx_skip(&queue->tq, res->pad_len + res->data_len + res->ddgst_len);
	return 0;
}

static int ttcp_handle_h2c_data(struct ttcp_queue *queue)
{
	const struct nvmeof_tcp_data_pdu *pdu = &queue->tq.rx_buf.data;
	const struct nvmeof_tcp_result *res = &queue->tq.rx_res;
	struct nvmeof_tcp_result xres;
	struct ttcp_cmd *cmd;
	u32 off = le32_to_cpu(pdu->data_offset);
	bool last = pdu->hdr.flags & NVMEOF_TCP_F_DATA_LAST;

	cmd = ttcp_cmd_by_ttag(queue, pdu->ttag);
	if (!cmd || cmd->state != TTCP_CMD_DATA_IN || !cmd->r2t_sent)
		return ttcp_term(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				offsetof(struct nvmeof_tcp_data_pdu, ttag));
	if (pdu->command_id != cmd->sqe.command_id)
		return ttcp_term(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				offsetof(struct nvmeof_tcp_data_pdu, command_id));
	if (nvmeof_tcp_validate_xfer(pdu, cmd->req.transfer_len, &xres))
		return ttcp_term(queue, xres.fes, xres.fei);
	/* Data arrives in order: the next PDU starts where the last one ended. */
	if (off != cmd->rx_done)
		return ttcp_term(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				offsetof(struct nvmeof_tcp_data_pdu, data_offset));
	if (last != (off + res->data_len == cmd->req.transfer_len))
		return ttcp_term(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				offsetof(struct nvmeof_tcp_hdr, flags));

	cmd->data_stamp = jiffies;
	queue->rx_cmd = cmd;
	nvmeof_tcp_rx_expect_data(&queue->tq);
	return 0;
}

/* The engine's PDU handler: a valid header is in. */
static int ttcp_handle_pdu(struct nvmeof_tcp_queue *tq)
{
	struct ttcp_queue *queue = ttcp_queue_of(tq);

	switch (tq->rx_buf.ch.type) {
	case NVMEOF_TCP_ICREQ:
		return ttcp_handle_icreq(queue);
	case NVMEOF_TCP_CMD:
		return ttcp_handle_cmd(queue);
	case NVMEOF_TCP_H2C_DATA:
		return ttcp_handle_h2c_data(queue);
	case NVMEOF_TCP_H2C_TERM:
		pr_info("queue %u: host terminated the connection: fatal error status 0x%x\n",
			queue->id, le16_to_cpu(queue->tq.rx_buf.term.fes));
		queue->fatal = true;
		ttcp_schedule_release(queue);
		return -ECONNRESET;
	}
	/* The validator lets through nothing else a target receives. */
	WARN_ON_ONCE(1);
	return ttcp_term(queue, NVMEOF_TCP_FES_INVALID_PDU_HDR, 0);
}

static int ttcp_rx_bad_hdr(struct nvmeof_tcp_queue *tq, u16 fes, u32 fei)
{
	return ttcp_term(ttcp_queue_of(tq), fes, fei);
}

/* Copies @len bytes from @src to where the command's data stands; bytes copied. */
static u32 ttcp_rx_copy(struct ttcp_cmd *cmd, const u8 *src, u32 len)
{
	u32 done = 0;

	while (done < len && cmd->rx_sg) {
		struct scatterlist *sg = cmd->rx_sg;
		u32 pos = sg->offset + cmd->rx_sg_off;
		u32 n = min3(sg->length - cmd->rx_sg_off, (u32)PAGE_SIZE - offset_in_page(pos),
			     len - done);

		nvmeof_tcp_page_copy(sg_page(sg), pos, src + done, n);
		done += n;
		cmd->rx_sg_off += n;
		if (cmd->rx_sg_off == sg->length) {
			cmd->rx_sg = sg_next(sg);
			cmd->rx_sg_off = 0;
		}
	}
	return done;
}

/* The engine's data cursor: @len bytes into the command's scatterlist. */
static int ttcp_rx_data(struct nvmeof_tcp_queue *tq, const u8 *src, u32 len)
{
	struct ttcp_queue *queue = ttcp_queue_of(tq);
	struct ttcp_cmd *cmd = queue->rx_cmd;
	u32 copied = ttcp_rx_copy(cmd, src, len);

	cmd->rx_done += copied;
	/* The SGL is shorter than transfer_len: a core bug, not the host's. */
	if (WARN_ON_ONCE(copied < len))
		return ttcp_term(queue, NVMEOF_TCP_FES_DATA_OUT_OF_RANGE, 0);
	return 0;
}

/* The data of the current PDU (and its digest) is in. */
static int ttcp_rx_data_done(struct nvmeof_tcp_queue *tq, bool digest_ok)
{
	struct ttcp_queue *queue = ttcp_queue_of(tq);
	struct ttcp_cmd *cmd = queue->rx_cmd;

	if (unlikely(!digest_ok)) {
		pr_warn_ratelimited("queue %u: data digest error on command %u\n",
				    queue->id, cmd->sqe.command_id);
		cmd->ddgst_bad = true;
	}
	ttcp_rx_next_pdu(queue);
	if (cmd->rx_done == cmd->req.transfer_len)
		ttcp_execute(cmd);
	return 0;
}

static void ttcp_state_change(struct nvmeof_tcp_queue *tq, struct sock *sk);

static const struct nvmeof_tcp_queue_ops ttcp_tq_ops = {
	.pdu		= ttcp_handle_pdu,
	.data		= ttcp_rx_data,
	.data_done	= ttcp_rx_data_done,
	.fail		= ttcp_rx_bad_hdr,
	.state_change	= ttcp_state_change,
};

NVMEOF_TCP_RX_ACTOR(ttcp_recv_skb, &ttcp_tq_ops)

/* One receive round; >0 when bytes were used (there may be more), 0 when idle. */
static int ttcp_try_recv(struct ttcp_queue *queue, int *ops)
{
	struct sock *sk = queue->tq.sock->sk;
	size_t left;
	int ret;

	/* A TermReq (sent, or on its way) ends the queue: nothing is read after it. */
	if (queue->tq.rx_err)
		return 0;
	lock_sock(sk);
	ret = nvmeof_tcp_read_sock(&queue->tq, TTCP_RECV_BUDGET, ttcp_recv_skb, &left);
	release_sock(sk);
	ttcp_run_exec_list(queue);
	if (ret > 0)
		(*ops)++;
	return ret;
}

/* --- send path --- */

/* Completions arrive in LIFO order on the llist; send them oldest first. */
static void ttcp_collect_responses(struct ttcp_queue *queue)
{
	struct llist_node *node = llist_del_all(&queue->resp_list);
	struct ttcp_cmd *cmd, *next;

	node = llist_reverse_order(node);
	llist_for_each_entry_safe(cmd, next, node, resp_node) {
		cmd->state = TTCP_CMD_SEND;
		list_add_tail(&cmd->entry, &queue->send_list);
	}
}

static bool ttcp_more_to_send(struct ttcp_queue *queue)
{
	return !list_empty(&queue->send_list) || !llist_empty(&queue->resp_list);
}

static void ttcp_setup_response(struct ttcp_cmd *cmd)
{
	struct ttcp_queue *queue = cmd->queue;

	cmd->tx_hdr_len = nvmeof_tcp_build_rsp(&cmd->tx_hdr, &queue->tq.params, &cmd->cqe);
	cmd->tx_hdr_sent = 0;
	cmd->tx_state = TTCP_TX_RSP;
}

/* A completed command: reads that succeeded send data first. */
static void ttcp_setup_completion(struct ttcp_cmd *cmd)
{
	struct ttcp_queue *queue = cmd->queue;
	u32 len = cmd->req.transfer_len;

	if (!len || !cmd->req.sg || ttcp_cmd_is_h2c(&cmd->sqe) || !ttcp_cmd_status_ok(cmd)) {
		ttcp_setup_response(cmd);
		return;
	}
	/*
	 * Without SQ flow control the host needs no SQHD, and without a data
	 * digest it has nothing left to check: SUCCESS saves the response.
	 */
	cmd->tx_success = queue->sq.sqhd_disabled && !queue->tq.params.data_digest;
	cmd->tx_hdr_len = nvmeof_tcp_build_c2h_data(&cmd->tx_hdr, &queue->tq.params,
						    cmd->sqe.command_id, 0, len,
						    true, cmd->tx_success);
	cmd->tx_hdr_sent = 0;
	cmd->tx_sg = cmd->req.sg;
	cmd->tx_sg_off = 0;
	if (queue->tq.params.data_digest)
		cmd->tx_ddgst = cpu_to_le32(nvmeof_tcp_ddgst_final(
			ttcp_sg_crc(cmd->req.sg, 0, len, nvmeof_tcp_ddgst_init())));
	cmd->tx_state = TTCP_TX_DATA_HDR;
}

/*
 * Sends the read's data from where the last call stopped. The socket's
 * buffer fills mid-command (about once per 128 KiB read at QD8), so the
 * place is kept in tx_sg rather than found again by walking the list.
 */
static int ttcp_send_data(struct ttcp_cmd *cmd, bool more_after)
{
	struct socket *sock = cmd->queue->tq.sock;
	u32 len = cmd->req.transfer_len;

	while (cmd->tx_sg && cmd->tx_done < len) {
		struct scatterlist *sg = cmd->tx_sg;
		u32 pos = sg->offset + cmd->tx_sg_off;
		struct page *page = nth_page(sg_page(sg), pos >> PAGE_SHIFT);
		u32 poff = offset_in_page(pos);
		u32 n = min3(sg->length - cmd->tx_sg_off, (u32)PAGE_SIZE - poff,
			     len - cmd->tx_done);
		int flags = MSG_DONTWAIT;
		int ret;

		if (cmd->tx_done + n < len || more_after)
			flags |= MSG_MORE | NVMEOF_MSG_SENDPAGE_NOTLAST;
		ret = nvmeof_sock_sendpage(sock, page, poff, n, flags);
		if (ret == -EAGAIN)
			return 0;
		if (ret < 0)
			return ret;
		cmd->tx_done += ret;
		cmd->tx_sg_off += ret;
		if (cmd->tx_sg_off == sg->length) {
			cmd->tx_sg = sg_next(sg);
			cmd->tx_sg_off = 0;
		}
		if (ret < n)
			return 0;
	}
	return 1;
}

/* Arms the late-data check, unless it is already armed (0: off). */
static void ttcp_arm_h2c_timeout(struct ttcp_queue *queue, unsigned long delay)
{
	if (delay)
		queue_delayed_work(ttcp_release_wq, &queue->h2c_work, delay);
}

/*
 * io_work, after h2c_work fired: a command whose data was solicited and has
 * not arrived, in whole or in part, for h2c_timeout_s closes the queue.
 * Otherwise the check is armed again for the oldest waiting command.
 * Return: true if the queue is to be closed.
 */
static bool ttcp_check_h2c_timeout(struct ttcp_queue *queue)
{
	unsigned long timeout = READ_ONCE(h2c_timeout_s) * HZ, oldest = 0;
	u16 i, nr = smp_load_acquire(&queue->nr_cmds);
	bool waiting = false;
	long left;

	if (!timeout)
		return false;
	for (i = 0; i < nr; i++) {
		struct ttcp_cmd *cmd = &queue->cmds[i];

		if (cmd->state != TTCP_CMD_DATA_IN || !cmd->r2t_sent)
			continue;
		if (time_after_eq(jiffies, cmd->data_stamp + timeout)) {
			pr_warn_ratelimited("queue %u: command %#x got %u of %u bytes of data in the %u s after its R2T or last data; closing the queue\n",
					    queue->id, cmd->sqe.command_id, cmd->rx_done,
					    cmd->req.transfer_len, h2c_timeout_s);
			queue->fatal = true;
			return true;
		}
		if (!waiting || time_before(cmd->data_stamp, oldest))
			oldest = cmd->data_stamp;
		waiting = true;
	}
	if (waiting) {
		left = (long)(oldest + timeout - jiffies);
		ttcp_arm_h2c_timeout(queue, max(left, 1L));
	}
	return false;
}

/* One step of the current command's PDUs; 1 progress, 0 blocked/idle, -errno. */
static int ttcp_try_send_cmd(struct ttcp_queue *queue)
{
	struct ttcp_cmd *cmd = queue->tx_cmd;
	bool ddgst = queue->tq.params.data_digest;
	int ret;

	/* From its first byte on, a PDU must go out whole before any TermReq. */
	if (cmd->tx_state != TTCP_TX_START)
		queue->tx_mid_pdu = true;

	switch (cmd->tx_state) {
	case TTCP_TX_START:
		ttcp_setup_completion(cmd);
		return 1;
	case TTCP_TX_R2T:
		if (!cmd->tx_hdr_len)
			cmd->tx_hdr_len = nvmeof_tcp_build_r2t(&cmd->tx_hdr, &queue->tq.params,
							       cmd->sqe.command_id, cmd->ttag,
							       0, cmd->req.transfer_len);
		ret = ttcp_send_kvec(queue, &cmd->tx_hdr, cmd->tx_hdr_len,
				    &cmd->tx_hdr_sent, ttcp_more_to_send(queue));
		if (ret <= 0)
			return ret;
		cmd->r2t_sent = true;
		cmd->tx_hdr_len = 0;
		cmd->tx_hdr_sent = 0;
		cmd->data_stamp = jiffies;
		ttcp_arm_h2c_timeout(queue, READ_ONCE(h2c_timeout_s) * HZ);
		goto pdu_done;
	case TTCP_TX_DATA_HDR:
		ret = ttcp_send_kvec(queue, &cmd->tx_hdr, cmd->tx_hdr_len,
				    &cmd->tx_hdr_sent, true);
		if (ret <= 0)
			return ret;
		cmd->tx_state = TTCP_TX_DATA;
		return 1;
	case TTCP_TX_DATA:
		ret = ttcp_send_data(cmd, ddgst || !cmd->tx_success || ttcp_more_to_send(queue));
		if (ret <= 0)
			return ret;
		if (ddgst) {
			cmd->tx_state = TTCP_TX_DDGST;
			return 1;
		}
		break;
	case TTCP_TX_DDGST:
		ret = ttcp_send_kvec(queue, &cmd->tx_ddgst, sizeof(cmd->tx_ddgst),
				    &cmd->tx_ddgst_sent,
				    !cmd->tx_success || ttcp_more_to_send(queue));
		if (ret <= 0)
			return ret;
		break;
	case TTCP_TX_RSP:
		ret = ttcp_send_kvec(queue, &cmd->tx_hdr, cmd->tx_hdr_len,
				    &cmd->tx_hdr_sent, ttcp_more_to_send(queue));
		if (ret <= 0)
			return ret;
		queue->tx_mid_pdu = false;
		queue->tx_cmd = NULL;
		ttcp_cmd_put(cmd);
		return 1;
	}

	/* The C2HData PDU is complete. */
	queue->tx_mid_pdu = false;
	if (cmd->tx_success) {
		queue->tx_cmd = NULL;
		ttcp_cmd_put(cmd);
	} else {
		ttcp_setup_response(cmd);
	}
	return 1;

pdu_done:
	queue->tx_mid_pdu = false;
	queue->tx_cmd = NULL;
	return 1;
}

static int ttcp_try_send_one(struct ttcp_queue *queue)
{
	int ret;

	/* ICResp or TermReq: as soon as no command PDU is half sent. */
	if (queue->ctl_len && !queue->tx_mid_pdu) {
		ret = ttcp_send_kvec(queue, &queue->ctl_buf, queue->ctl_len,
				    &queue->ctl_sent, false);
		if (ret <= 0)
			return ret;
		queue->ctl_len = 0;
		if (queue->term_pending) {
			ttcp_schedule_release(queue);
			return 0;
		}
		return 1;
	}
	if (queue->tx_cmd) {
		/* After a TermReq only the PDU already on the wire is finished. */
		if (queue->term_pending && !queue->tx_mid_pdu)
			return 0;
		return ttcp_try_send_cmd(queue);
	}
	if (queue->term_pending)
		return 0;

	if (list_empty(&queue->send_list))
		ttcp_collect_responses(queue);
	queue->tx_cmd = list_first_entry_or_null(&queue->send_list, struct ttcp_cmd, entry);
	if (!queue->tx_cmd)
		return 0;
	list_del_init(&queue->tx_cmd->entry);
	return ttcp_try_send_cmd(queue);
}

static int ttcp_try_send(struct ttcp_queue *queue, int budget, int *ops)
{
	int i, ret = 0;

	for (i = 0; i < budget; i++) {
		ret = ttcp_try_send_one(queue);
		if (ret <= 0)
			return ret;
		(*ops)++;
	}
	return ret;
}

static void ttcp_io_work(struct work_struct *w)
{
	struct ttcp_queue *queue = container_of(w, struct ttcp_queue, tq.io_work);
	bool pending;
	int ops = 0;
	int ret;

	do {
		pending = false;
		if (READ_ONCE(queue->state) == TTCP_Q_DISCONNECTING)
			return;
		if (READ_ONCE(queue->h2c_check)) {
			WRITE_ONCE(queue->h2c_check, false);
			if (ttcp_check_h2c_timeout(queue)) {
				ttcp_schedule_release(queue);
				return;
			}
		}

		ret = ttcp_try_recv(queue, &ops);
		if (ret > 0) {
			pending = true;
		} else if (ret < 0) {
			if (ret != -ECONNRESET && ret != -EPIPE)
				pr_info_ratelimited("queue %u: receive failed (%d), closing\n",
						    queue->id, ret);
			ttcp_schedule_release(queue);
			return;
		}

		ret = ttcp_try_send(queue, TTCP_SEND_BUDGET, &ops);
		if (ret > 0) {
			pending = true;
		} else if (ret < 0) {
			if (ret != -ECONNRESET && ret != -EPIPE)
				pr_info_ratelimited("queue %u: send failed (%d), closing\n",
						    queue->id, ret);
			ttcp_schedule_release(queue);
			return;
		}
	} while (pending && ops < TTCP_IO_WORK_BUDGET);

	/* Out of budget with work left: yield the CPU to other queues, then go on. */
	if (pending)
		nvmeof_tcp_kick(&queue->tq);
}

/* --- queue lifetime --- */

static void ttcp_schedule_release(struct ttcp_queue *queue)
{
	bool first = false;

	spin_lock_bh(&queue->state_lock);
	if (queue->state != TTCP_Q_DISCONNECTING) {
		queue->state = TTCP_Q_DISCONNECTING;
		first = true;
	}
	spin_unlock_bh(&queue->state_lock);
	if (first)
		queue_work(ttcp_release_wq, &queue->release_work);
}

static void ttcp_timeout_work(struct work_struct *w)
{
	struct ttcp_queue *queue = container_of(to_delayed_work(w), struct ttcp_queue,
					       timeout_work);

	/* Fired for a connection that never finished Connect, or a TermReq that never left. */
	if (!smp_load_acquire(&queue->nr_cmds) || READ_ONCE(queue->fatal)) {
		pr_info_ratelimited("queue %u: %s, closing\n", queue->id,
				    READ_ONCE(queue->fatal) ? "TermReq not delivered" :
				    "no Connect in time");
		ttcp_schedule_release(queue);
	}
}

static void ttcp_h2c_work(struct work_struct *w)
{
	struct ttcp_queue *queue = container_of(to_delayed_work(w), struct ttcp_queue, h2c_work);

	/* The commands are io_work's: it looks at them. */
	if (READ_ONCE(queue->state) == TTCP_Q_DISCONNECTING)
		return;
	WRITE_ONCE(queue->h2c_check, true);
	nvmeof_tcp_kick(&queue->tq);
}

/* The engine calls this under sk_callback_lock; data_ready and write_space are its own. */
static void ttcp_state_change(struct nvmeof_tcp_queue *tq, struct sock *sk)
{
	struct ttcp_queue *queue = ttcp_queue_of(tq);

	switch (sk->sk_state) {
	case TCP_FIN_WAIT2:
	case TCP_LAST_ACK:
		break;
	case TCP_FIN_WAIT1:
	case TCP_CLOSE_WAIT:
	case TCP_CLOSE:
		ttcp_schedule_release(queue);
		break;
	default:
		break;
	}
}

/* Commands initialised by the core that will never execute now. */
static void ttcp_uninit_data_in(struct ttcp_queue *queue)
{
	u16 i;

	if (queue->connect_cmd.state == TTCP_CMD_DATA_IN)
		nvmeof_tgt_req_uninit(&queue->connect_cmd.req);
	for (i = 0; i < queue->nr_cmds; i++)
		if (queue->cmds[i].state == TTCP_CMD_DATA_IN)
			nvmeof_tgt_req_uninit(&queue->cmds[i].req);
}

static void ttcp_free_cmds(struct ttcp_queue *queue)
{
	u16 i;

	ttcp_cmd_free_data(&queue->connect_cmd);
	for (i = 0; i < queue->nr_cmds; i++)
		ttcp_cmd_free_data(&queue->cmds[i]);
	kvfree(queue->cmds);
	queue->cmds = NULL;
	queue->nr_cmds = 0;
}

/* Best effort: a TermReq set up but not yet sent goes out before the close. */
static void ttcp_flush_term(struct ttcp_queue *queue)
{
	if (queue->term_pending && queue->ctl_len && !queue->tx_mid_pdu)
		ttcp_send_kvec(queue, &queue->ctl_buf, queue->ctl_len, &queue->ctl_sent, false);
}

/* read_sock() actor that throws everything away. */
static int ttcp_discard_skb(read_descriptor_t *desc, struct sk_buff *skb,
			    unsigned int offset, size_t len)
{
	len = min_t(size_t, len, desc->count);
	desc->count -= len;
	return len;
}

/* Unread data makes close() send RST, which may overtake our last PDUs. */
static void ttcp_drain_socket(struct ttcp_queue *queue)
{
	struct sock *sk = queue->tq.sock->sk;
	read_descriptor_t desc = { .count = TTCP_DRAIN_MAX };

	lock_sock(sk);
	queue->tq.sock->ops->read_sock(sk, &desc, ttcp_discard_skb);
	release_sock(sk);
}

static void ttcp_release_work(struct work_struct *w)
{
	struct ttcp_queue *queue = container_of(w, struct ttcp_queue, release_work);

	mutex_lock(&ttcp_queues_mutex);
	list_del_init(&queue->entry);
	mutex_unlock(&ttcp_queues_mutex);

	nvmeof_tcp_sk_detach(&queue->tq);
	cancel_delayed_work_sync(&queue->timeout_work);
	cancel_work_sync(&queue->tq.io_work);
	/* After io_work: only a full io_work pass arms it, none comes now. */
	cancel_delayed_work_sync(&queue->h2c_work);
	ttcp_flush_term(queue);
	kernel_sock_shutdown(queue->tq.sock, SHUT_RDWR);

	ttcp_uninit_data_in(queue);
	if (queue->fatal && queue->sq.ctrl)
		nvmeof_tgt_ctrl_fatal_error(queue->sq.ctrl);
	/* Waits for commands still in the backends; their completions land on resp_list. */
	nvmeof_tgt_sq_destroy(&queue->sq);
	cancel_work_sync(&queue->tq.io_work);

	ttcp_free_cmds(queue);
	ttcp_drain_socket(queue);
	sock_release(queue->tq.sock);
	pr_debug("queue %u released\n", queue->id);
	kfree(queue);
}

static int ttcp_set_queue_sock(struct ttcp_queue *queue)
{
	/* Commands are small and latency bound: never wait to fill a segment. */
	tcp_sock_set_nodelay(queue->tq.sock->sk);
	/*
	 * Refused if the host gave up before we got here; the ICReq may
	 * already be queued: look once without waiting for a wakeup.
	 */
	return nvmeof_tcp_sk_attach(&queue->tq, NVMEOF_TCP_ATTACH_ESTABLISHED |
					     NVMEOF_TCP_ATTACH_KICK);
}

static int ttcp_alloc_queue(struct ttcp_port *port, struct socket *newsock)
{
	struct ttcp_queue *queue;
	int ret;

	queue = kzalloc(sizeof(*queue), GFP_KERNEL);
	if (!queue)
		return -ENOMEM;
	queue->tq.sock = newsock;
	queue->port = port;
	queue->nport = port->nport;
	queue->id = atomic_inc_return(&ttcp_queue_ids);
	queue->inline_size = port->nport->inline_data_size;
	spin_lock_init(&queue->state_lock);
	queue->state = TTCP_Q_CONNECTING;
	nvmeof_tcp_queue_init(&queue->tq, &ttcp_tq_ops, ttcp_wq, ttcp_io_work);
	queue->tq.io_cpu = nvmeof_queue_map_spread_cpu(atomic_inc_return(&ttcp_next_cpu));
	INIT_WORK(&queue->release_work, ttcp_release_work);
	INIT_DELAYED_WORK(&queue->timeout_work, ttcp_timeout_work);
	INIT_DELAYED_WORK(&queue->h2c_work, ttcp_h2c_work);
	INIT_LIST_HEAD(&queue->entry);
	INIT_LIST_HEAD(&queue->free_cmds);
	INIT_LIST_HEAD(&queue->send_list);
	INIT_LIST_HEAD(&queue->r2t_wait);
	INIT_LIST_HEAD(&queue->exec_list);
	init_llist_head(&queue->resp_list);
	ttcp_rx_next_pdu(queue);

	nvmeof_tcp_params_init(&queue->tq.params, NVMEOF_TCP_ROLE_TARGET);
	queue->tq.params.maxh2cdata = max_t(u32, max_h2c_data, NVMEOF_TCP_MIN_MAXH2CDATA) & ~3U;
	/* Until Connect says which queue this is, take the larger of both sizes. */
	queue->tq.params.icd_size = max_t(u32, queue->inline_size, NVMEOF_TCP_ADMIN_ICDSZ);

	queue->connect_cmd.queue = queue;
	queue->connect_cmd.ttag = TTCP_CONNECT_TTAG;
	INIT_LIST_HEAD(&queue->connect_cmd.entry);

	ret = nvmeof_tgt_sq_init(&queue->sq);
	if (ret)
		goto out_free_queue;
	nvmeof_tgt_sq_set_port(&queue->sq, port->nport);

	mutex_lock(&ttcp_queues_mutex);
	list_add_tail(&queue->entry, &ttcp_queues);
	mutex_unlock(&ttcp_queues_mutex);

	if (connect_timeout_s)
		queue_delayed_work(ttcp_release_wq, &queue->timeout_work,
				   connect_timeout_s * HZ);
	ret = ttcp_set_queue_sock(queue);
	if (ret) {
		/* Release owns the socket from here on. */
		ttcp_schedule_release(queue);
		return 0;
	}
	return 0;

out_free_queue:
	kfree(queue);
	return ret;
}

/* --- listeners --- */

static void ttcp_accept_work(struct work_struct *w)
{
	struct ttcp_port *port = container_of(w, struct ttcp_port, accept_work);
	struct socket *newsock;
	int ret;

	for (;;) {
		ret = kernel_accept(port->sock, &newsock, O_NONBLOCK);
		if (ret < 0) {
			if (ret != -EAGAIN)
				pr_warn("port %u: accept failed: %d\n", port->nport->portid, ret);
			return;
		}
		ret = ttcp_alloc_queue(port, newsock);
		if (ret) {
			pr_warn_ratelimited("port %u: cannot set up a queue: %d\n",
					    port->nport->portid, ret);
			sock_release(newsock);
		}
	}
}

static void ttcp_listen_data_ready(struct sock *sk)
{
	struct ttcp_port *port;

	read_lock_bh(&sk->sk_callback_lock);
	port = sk->sk_user_data;
	if (port && sk->sk_state == TCP_LISTEN)
		queue_work(ttcp_wq, &port->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static int ttcp_add_port(struct nvmeof_tgt_port *nport)
{
	struct ttcp_port *port;
	struct sock *sk;
	int ret;

	if (nport->inline_data_size < 0)
		nport->inline_data_size = TTCP_DEF_INLINE_DATA_SIZE;
	if (nport->inline_data_size > TTCP_MAX_XFER_SIZE) {
		pr_err("port %u: param_inline_data_size %d exceeds %d\n", nport->portid,
		       nport->inline_data_size, TTCP_MAX_XFER_SIZE);
		return -EINVAL;
	}

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->nport = nport;
	INIT_WORK(&port->accept_work, ttcp_accept_work);
	ret = nvmeof_tgt_port_sockaddr(nport, &port->addr);
	if (ret)
		goto out_free_port;

	ret = sock_create_kern(&init_net, port->addr.ss_family, SOCK_STREAM,
			       IPPROTO_TCP, &port->sock);
	if (ret) {
		pr_err("port %u: cannot create a socket: %d\n", nport->portid, ret);
		goto out_free_port;
	}
	sk = port->sock->sk;
	sk->sk_user_data = port;
	port->saved_data_ready = sk->sk_data_ready;
	sk->sk_data_ready = ttcp_listen_data_ready;
	sock_set_reuseaddr(sk);
	tcp_sock_set_nodelay(sk);
	if (port->addr.ss_family == AF_INET6)
		ip6_sock_set_v6only(sk);

	ret = kernel_bind(port->sock, (struct sockaddr *)&port->addr, sizeof(port->addr));
	if (ret) {
		pr_err("port %u: cannot bind %pISpc: %d\n", nport->portid, &port->addr, ret);
		goto out_release_sock;
	}
	ret = kernel_listen(port->sock, TTCP_LISTEN_BACKLOG);
	if (ret) {
		pr_err("port %u: cannot listen on %pISpc: %d\n", nport->portid, &port->addr, ret);
		goto out_release_sock;
	}
	nport->priv = port;
	pr_info("port %u: listening on %pISpc\n", nport->portid, &port->addr);
	return 0;

out_release_sock:
	sock_release(port->sock);
out_free_port:
	kfree(port);
	return ret;
}

static void ttcp_remove_port(struct nvmeof_tgt_port *nport)
{
	struct ttcp_port *port = nport->priv;
	struct sock *sk = port->sock->sk;
	struct ttcp_queue *queue;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = port->saved_data_ready;
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	cancel_work_sync(&port->accept_work);

	/*
	 * Connections that never bound a controller die with their port;
	 * the others live until their controller goes.
	 */
	mutex_lock(&ttcp_queues_mutex);
	list_for_each_entry(queue, &ttcp_queues, entry) {
		if (queue->port != port)
			continue;
		queue->port = NULL;
		if (!smp_load_acquire(&queue->nr_cmds))
			ttcp_schedule_release(queue);
	}
	mutex_unlock(&ttcp_queues_mutex);

	sock_release(port->sock);
	nport->priv = NULL;
	kfree(port);
}

/* --- core callbacks --- */

static void ttcp_queue_response(struct nvmeof_tgt_req *req)
{
	struct ttcp_cmd *cmd = ttcp_cmd_of(req);
	struct ttcp_queue *queue = cmd->queue;

	cmd->tx_state = TTCP_TX_START;
	llist_add(&cmd->resp_node, &queue->resp_list);
	nvmeof_tcp_kick(&queue->tq);
}

static void ttcp_delete_ctrl(struct nvmeof_tgt_ctrl *ctrl)
{
	struct ttcp_queue *queue;

	mutex_lock(&ttcp_queues_mutex);
	list_for_each_entry(queue, &ttcp_queues, entry)
		if (queue->sq.ctrl == ctrl)
			ttcp_schedule_release(queue);
	mutex_unlock(&ttcp_queues_mutex);
}

static u16 ttcp_install_queue(struct nvmeof_tgt_sq *sq)
{
	struct ttcp_queue *queue = container_of(sq, struct ttcp_queue, sq);
	struct ttcp_cmd *cmds;
	u16 i;

	if (queue->nr_cmds || !sq->size)
		return NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
	cmds = kvcalloc(sq->size, sizeof(*cmds), GFP_KERNEL);
	if (!cmds)
		return NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
	for (i = 0; i < sq->size; i++) {
		cmds[i].queue = queue;
		cmds[i].ttag = i + 1;
		list_add_tail(&cmds[i].entry, &queue->free_cmds);
	}
	queue->cmds = cmds;
	WRITE_ONCE(queue->tq.params.icd_size,
		   sq->qid ? queue->inline_size : NVMEOF_TCP_ADMIN_ICDSZ);
	/* Publishes cmds and free_cmds to the receive path. */
	smp_store_release(&queue->nr_cmds, sq->size);
	return NVMEOF_SC_SUCCESS;
}

static bool ttcp_addr_is_any(const struct sockaddr_storage *addr)
{
	if (addr->ss_family == AF_INET)
		return ((const struct sockaddr_in *)addr)->sin_addr.s_addr == htonl(INADDR_ANY);
	return ipv6_addr_any(&((const struct sockaddr_in6 *)addr)->sin6_addr);
}

static void ttcp_disc_traddr(struct nvmeof_tgt_req *req, struct nvmeof_tgt_port *nport,
			    char *traddr)
{
	struct ttcp_port *port = nport->priv;
	struct ttcp_queue *queue = ttcp_cmd_of(req)->queue;
	struct sockaddr_storage local;

	/* A wildcard listener reports the address this host reached us on. */
	if (port && ttcp_addr_is_any(&port->addr) &&
	    kernel_getsockname(queue->tq.sock, (struct sockaddr *)&local) > 0) {
		snprintf(traddr, NVMEOF_TRADDR_SIZE, "%pISc", &local);
		return;
	}
	memcpy(traddr, nport->disc_addr.traddr, NVMEOF_TRADDR_SIZE);
}

static const struct nvmeof_tgt_fabrics_ops ttcp_ops = {
	.owner		= THIS_MODULE,
	.type		= NVMEOF_TRTYPE_TCP,
	.msdbd		= 1,
	.keyed_sgls	= false,
	.max_xfer	= TTCP_MAX_XFER_SIZE,
	.name		= "tcp",
	.add_port	= ttcp_add_port,
	.remove_port	= ttcp_remove_port,
	.queue_response	= ttcp_queue_response,
	.delete_ctrl	= ttcp_delete_ctrl,
	.install_queue	= ttcp_install_queue,
	.disc_traddr	= ttcp_disc_traddr,
};

static int __init ttcp_init(void)
{
	int ret;

	ttcp_wq = alloc_workqueue("nvmeof-target-tcp-wq", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!ttcp_wq)
		return -ENOMEM;
	ttcp_release_wq = alloc_workqueue("nvmeof-target-tcp-release-wq", WQ_MEM_RECLAIM, 0);
	if (!ttcp_release_wq) {
		ret = -ENOMEM;
		goto out_destroy_wq;
	}
	ret = nvmeof_tgt_register_transport(&ttcp_ops);
	if (ret)
		goto out_destroy_release_wq;
	return 0;

out_destroy_release_wq:
	destroy_workqueue(ttcp_release_wq);
out_destroy_wq:
	destroy_workqueue(ttcp_wq);
	return ret;
}

static void __exit ttcp_exit(void)
{
	struct ttcp_queue *queue;

	nvmeof_tgt_unregister_transport(&ttcp_ops);
	mutex_lock(&ttcp_queues_mutex);
	list_for_each_entry(queue, &ttcp_queues, entry)
		ttcp_schedule_release(queue);
	mutex_unlock(&ttcp_queues_mutex);
	flush_workqueue(ttcp_release_wq);
	/* A controller failed by a release may still call ttcp_delete_ctrl() from there. */
	flush_workqueue(nvmeof_tgt_wq);
	destroy_workqueue(ttcp_release_wq);
	destroy_workqueue(ttcp_wq);
}

module_init(ttcp_init);
module_exit(ttcp_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics target: TCP transport");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
MODULE_ALIAS("nvmeof-transport-3");
