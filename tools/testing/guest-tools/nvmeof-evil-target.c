// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-evil-target: a hostile NVMe/TCP target for testing hosts. It listens
 * like a target, forwards every connection to a real target and parses the
 * target-to-host stream PDU by PDU, so it can break exactly one PDU the way a
 * buggy or malicious controller would, at a moment the test chooses, and stay
 * a faithful relay before and after. A real target behind it means the host
 * gets everywhere a healthy controller takes it (Connect, Identify, I/O
 * queues) before the fault, and can reconnect and retry after it.
 *
 * Usage: nvmeof-evil-target -l LISTEN_PORT -t TARGET_PORT [-a ADDR] [-A] [-q] [-c CNTLID] MODE
 *   -a  address to listen on and of the target (default 127.0.0.1)
 *   -A  armed from the start; otherwise SIGUSR1 arms it
 *   -q  the fault may hit the admin queue too (the first connection);
 *       otherwise only later connections (I/O queues) are touched
 *   -c  the CNTLID connect-cntlid answers (default 1)
 * Once armed, the first PDU the mode applies to is broken, once; the process
 * prints "evil: <mode> fired on connection N" when it happens. It runs until
 * killed.
 *
 * Modes (the PDU they break):
 *   icresp-pfv      ICResp with PDU format version 1
 *   icresp-plen     ICResp whose PLEN claims more than its 128 bytes
 *   icresp-digest   ICResp enabling digests the host did not ask for
 *   icresp-maxh2c   ICResp with MAXH2CDATA 512 (below the 4 KiB minimum)
 *   icresp-short    half an ICResp, then silence on that connection
 *   icresp-none     no ICResp at all: the connection stays open, silent
 *   c2h-beyond      C2HData whose offset puts it past the command's data
 *   c2h-unknown     C2HData for a command ID the host never sent
 *   rsp-unknown     CapsuleResp for a command ID the host never sent
 *   rsp-dup         a CapsuleResp delivered twice
 *   stall           half a C2HData, then nothing more to the host on that
 *                   connection (the target's PDUs are read and dropped)
 *   rsp-early       a CapsuleResp (success) for a write while the host is
 *                   still sending its data: at the host's first H2CData
 *                   PDU the relay stops reading the host (its sender blocks
 *                   on a full socket), injects the response, and after
 *                   PAUSE_MS drops whatever else the host sends on that
 *                   connection, so a host that believed the response
 *                   reads the block back wrong
 *   r2t-dup         an R2T for a write whose data waits on the host's send
 *                   list: the relay holds an R2T until a second one for
 *                   another command comes, delivers both, stops reading the
 *                   host (its sender blocks in the first one's data) and
 *                   repeats the second R2T, then relays faithfully
 *                   (both need the host's send buffer small: the test sets
 *                   net.ipv4.tcp_wmem; the relay shrinks its own receive
 *                   buffer)
 *   cap-nssrs       not a broken PDU: every answer to a Property Get of CAP
 *                   claims NVM Subsystem Reset support (CAP.NSSRS), which
 *                   the target behind does not have, so it refuses the
 *                   host's NSSR write (use with -A -q)
 *
 * Identity modes: not a broken PDU either, but a controller that lies about
 * who it is. Once armed they rewrite every matching answer on admin queues
 * (found by the Connect's QID, -q not needed), so a rescan sees the lie too:
 *   connect-cntlid  the admin Connect response carries CNTLID -c
 *   cmic-single     Identify Controller without CMIC multi-controller
 *   nmic-private    Identify Namespace without NMIC shared
 *   ids-zero        Identify Namespace EUI-64 and NGUID zero, an empty
 *                   Namespace Identification Descriptor list
 *   ids-other       every EUI-64, NGUID and UUID (Identify Namespace and the
 *                   descriptor list) XORed with 0x5a: another namespace
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>

/* Larger than any PDU a target sends: a C2HData carries at most MDTS bytes. */
#define PDU_BUF_SIZE	(16u << 20)
/* rsp-early, r2t-dup: how long the host's sender is kept blocked. */
#define PAUSE_MS	1500
/* ... and when, inside that, the forged PDU goes out. */
#define INJECT_MS	300
/* r2t-dup: an R2T held this long without a second one goes out alone. */
#define HOLD_MS		300
/* Receive buffer of the relay's host side in those modes. */
#define SMALL_RCVBUF	(64 << 10)

enum evil_mode {
	EVIL_ICRESP_PFV,
	EVIL_ICRESP_PLEN,
	EVIL_ICRESP_DIGEST,
	EVIL_ICRESP_MAXH2C,
	EVIL_ICRESP_SHORT,
	EVIL_ICRESP_NONE,
	EVIL_C2H_BEYOND,
	EVIL_C2H_UNKNOWN,
	EVIL_RSP_UNKNOWN,
	EVIL_RSP_DUP,
	EVIL_STALL,
	EVIL_RSP_EARLY,
	EVIL_R2T_DUP,
	EVIL_CAP_NSSRS,
	EVIL_CONNECT_CNTLID,
	EVIL_CMIC_SINGLE,
	EVIL_NMIC_PRIVATE,
	EVIL_IDS_ZERO,
	EVIL_IDS_OTHER,
};

/* The identity modes are the last ones. */
#define EVIL_FIRST_IDENTITY	EVIL_CONNECT_CNTLID

static const struct {
	const char *name;
	u8 pdu_type;
} modes[] = {
	[EVIL_ICRESP_PFV] = { "icresp-pfv", NVMEOF_TCP_ICRESP },
	[EVIL_ICRESP_PLEN] = { "icresp-plen", NVMEOF_TCP_ICRESP },
	[EVIL_ICRESP_DIGEST] = { "icresp-digest", NVMEOF_TCP_ICRESP },
	[EVIL_ICRESP_MAXH2C] = { "icresp-maxh2c", NVMEOF_TCP_ICRESP },
	[EVIL_ICRESP_SHORT] = { "icresp-short", NVMEOF_TCP_ICRESP },
	[EVIL_ICRESP_NONE] = { "icresp-none", NVMEOF_TCP_ICRESP },
	[EVIL_C2H_BEYOND] = { "c2h-beyond", NVMEOF_TCP_C2H_DATA },
	[EVIL_C2H_UNKNOWN] = { "c2h-unknown", NVMEOF_TCP_C2H_DATA },
	[EVIL_RSP_UNKNOWN] = { "rsp-unknown", NVMEOF_TCP_RSP },
	[EVIL_RSP_DUP] = { "rsp-dup", NVMEOF_TCP_RSP },
	[EVIL_STALL] = { "stall", NVMEOF_TCP_C2H_DATA },
	[EVIL_RSP_EARLY] = { "rsp-early", NVMEOF_TCP_H2C_DATA },
	[EVIL_R2T_DUP] = { "r2t-dup", NVMEOF_TCP_R2T },
	[EVIL_CAP_NSSRS] = { "cap-nssrs", NVMEOF_TCP_RSP },
	[EVIL_CONNECT_CNTLID] = { "connect-cntlid", NVMEOF_TCP_RSP },
	[EVIL_CMIC_SINGLE] = { "cmic-single", NVMEOF_TCP_C2H_DATA },
	[EVIL_NMIC_PRIVATE] = { "nmic-private", NVMEOF_TCP_C2H_DATA },
	[EVIL_IDS_ZERO] = { "ids-zero", NVMEOF_TCP_C2H_DATA },
	[EVIL_IDS_OTHER] = { "ids-other", NVMEOF_TCP_C2H_DATA },
};

/* Identify commands in flight on an admin queue: the host keeps a few at most. */
#define ID_SLOTS	32
/* Identify data offsets the identity modes change (NVMe Base 2.0, 5.17.2). */
#define ID_CTRL_CMIC	76
#define ID_NS_NMIC	30
#define ID_NS_NGUID	104
#define ID_NS_EUI64	120
#define ID_NS_IDS_END	128
#define ID_FLIP		0x5a

/* What one connection's child tracks beyond the relay itself. */
struct evil_conn {
	int conn;
	int host_fd;
	/* Host to target: PDU boundaries, to spot H2CData and CapsuleCmd headers. */
	u8 hhdr[sizeof(struct nvmeof_tcp_cmd_pdu)];
	u32 hgot;
	u32 hskip;
	/* Timers, in ms of CLOCK_MONOTONIC; 0 = not set. */
	long long pause_until;	/* the host's socket is not read before */
	long long inject_at;	/* the forged PDU goes out */
	long long drop_at;	/* from then on the host's bytes are dropped */
	bool drop_host;
	union nvmeof_tcp_hdr_buf forged;
	size_t forged_len;
	/* r2t-dup: the R2T held back, and when. */
	struct nvmeof_tcp_r2t_pdu held;
	long long held_at;
	/* cap-nssrs: the Property Get of CAP whose answer is to be changed. */
	u16 cap_cid;
	bool cap_wait;
	/* Identity modes: an admin queue, its Connect, its Identify commands. */
	bool admin;
	u16 connect_cid;
	bool connect_wait;
	struct {
		u16 cid;
		u8 cns;
		bool used;
	} id_slot[ID_SLOTS];
};

/* Shared by the listener and every connection's child process. */
struct evil_state {
	int armed;
	int fired;
	int nconns;
};

static struct evil_state *st;
static enum evil_mode mode;
static bool opt_admin_too;
static unsigned int opt_cntlid = 1;
static struct sockaddr_in target_sa = { .sin_family = AF_INET };

static void on_usr1(int sig)
{
	__atomic_store_n(&st->armed, 1, __ATOMIC_SEQ_CST);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const u8 *b = buf;

	while (len) {
		ssize_t n = send(fd, b, len, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		b += n;
		len -= n;
	}
	return 0;
}

/* True once for the whole process tree: this PDU is the one to break. */
static bool take_shot(int conn, u8 type)
{
	int zero = 0;

	if (type != modes[mode].pdu_type)
		return false;
	if (!__atomic_load_n(&st->armed, __ATOMIC_SEQ_CST))
		return false;
	if (conn == 0 && !opt_admin_too)
		return false;
	if (!__atomic_compare_exchange_n(&st->fired, &zero, 1, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return false;
	printf("evil: %s fired on connection %d\n", modes[mode].name, conn);
	fflush(stdout);
	return true;
}

static bool may_fire(int conn)
{
	return __atomic_load_n(&st->armed, __ATOMIC_SEQ_CST) &&
	       !__atomic_load_n(&st->fired, __ATOMIC_SEQ_CST) && (conn || opt_admin_too);
}

/*
 * r2t-dup: holds the first R2T; with the second (another command) both go
 * out, the host's sender is blocked in the first one's data, and the second
 * is repeated while its data still waits on the host's send list.
 */
static int relay_r2t(struct evil_conn *ec, u8 *pdu, u32 plen)
{
	struct nvmeof_tcp_r2t_pdu *r2t = (struct nvmeof_tcp_r2t_pdu *)pdu;
	u8 two[2 * sizeof(*r2t)];

	if (plen != sizeof(*r2t) || !may_fire(ec->conn))
		return write_all(ec->host_fd, pdu, plen);
	if (!ec->held_at) {
		memcpy(&ec->held, r2t, sizeof(*r2t));
		ec->held_at = now_ms();
		return 0;
	}
	if (r2t->command_id == ec->held.command_id || !take_shot(ec->conn, NVMEOF_TCP_R2T)) {
		ec->held_at = 0;
		if (write_all(ec->host_fd, &ec->held, sizeof(ec->held)))
			return -1;
		return write_all(ec->host_fd, pdu, plen);
	}
	memcpy(two, &ec->held, sizeof(*r2t));
	memcpy(two + sizeof(*r2t), r2t, sizeof(*r2t));
	ec->held_at = 0;
	memcpy(&ec->forged, r2t, sizeof(*r2t));
	ec->forged_len = sizeof(*r2t);
	ec->pause_until = now_ms() + PAUSE_MS;
	ec->inject_at = now_ms() + INJECT_MS;
	printf("evil: R2Ts for commands %#x and %#x together; the second again in %d ms\n",
	       ec->held.command_id, r2t->command_id, INJECT_MS);
	fflush(stdout);
	return write_all(ec->host_fd, two, sizeof(two));
}

/* How much of a host PDU scan_host() reads: the header it looks into. */
static size_t scan_hdr_len(u8 type)
{
	if (type == NVMEOF_TCP_H2C_DATA)
		return sizeof(struct nvmeof_tcp_data_pdu);
	if (type == NVMEOF_TCP_CMD)
		return sizeof(struct nvmeof_tcp_cmd_pdu);
	return sizeof(struct nvmeof_tcp_hdr);
}

static bool identity_mode(void)
{
	return mode >= EVIL_FIRST_IDENTITY;
}

/* Identity modes: which queue this is, and the Identify commands on it. */
static void scan_identity_cmd(struct evil_conn *ec)
{
	const struct nvmeof_tcp_cmd_pdu *c = (const void *)ec->hhdr;
	const struct nvmeof_connect_cmd *conn = (const void *)&c->cmd;
	const struct nvmeof_sqe *sqe = (const void *)&c->cmd;
	int k;

	if (sqe->opcode == NVMEOF_FABRICS_OPCODE && conn->fctype == NVMEOF_FCTYPE_CONNECT) {
		ec->admin = !le16_to_cpu(conn->qid);
		ec->connect_cid = conn->command_id;
		ec->connect_wait = true;
		return;
	}
	if (!ec->admin || sqe->opcode != NVMEOF_ADMIN_IDENTIFY)
		return;
	for (k = 0; k < ID_SLOTS; k++) {
		if (ec->id_slot[k].used)
			continue;
		ec->id_slot[k].cid = sqe->command_id;
		ec->id_slot[k].cns = le32_to_cpu(sqe->cdw10) & 0xff;
		ec->id_slot[k].used = true;
		return;
	}
}

/* cap-nssrs: notes the command ID of a Property Get of CAP. */
static void scan_cmd(struct evil_conn *ec)
{
	const struct nvmeof_tcp_cmd_pdu *c = (const void *)ec->hhdr;
	const struct nvmeof_prop_get_cmd *pg = (const void *)&c->cmd;

	if (identity_mode()) {
		scan_identity_cmd(ec);
		return;
	}

	if (mode != EVIL_CAP_NSSRS || pg->opcode != NVMEOF_FABRICS_OPCODE ||
	    pg->fctype != NVMEOF_FCTYPE_PROPERTY_GET ||
	    le32_to_cpu(pg->offset) != NVMEOF_REG_CAP)
		return;
	ec->cap_cid = pg->command_id;
	ec->cap_wait = true;
}

/*
 * rsp-early: follows the host's PDUs; at the first H2CData of a command
 * (offset 0) blocks the host's sender and schedules a forged success
 * response for that command.
 */
static void scan_host(struct evil_conn *ec, const u8 *b, size_t n)
{
	while (n) {
		size_t need, k;

		if (ec->hskip) {
			k = n < ec->hskip ? n : ec->hskip;
			ec->hskip -= k;
			b += k;
			n -= k;
			continue;
		}
		need = ec->hgot < sizeof(struct nvmeof_tcp_hdr) ? sizeof(struct nvmeof_tcp_hdr) :
		       scan_hdr_len(ec->hhdr[0]);
		k = need - ec->hgot < n ? need - ec->hgot : n;
		memcpy(ec->hhdr + ec->hgot, b, k);
		ec->hgot += k;
		b += k;
		n -= k;
		if (ec->hgot < need)
			continue;
		if (need < scan_hdr_len(ec->hhdr[0]))
			continue;	/* read the rest of the header */
		{
			const struct nvmeof_tcp_data_pdu *d = (const void *)ec->hhdr;
			u32 plen = le32_to_cpu(d->hdr.plen);

			ec->hskip = plen > ec->hgot ? plen - ec->hgot : 0;
			ec->hgot = 0;
			if (d->hdr.type == NVMEOF_TCP_CMD) {
				scan_cmd(ec);
				continue;
			}
			if (d->hdr.type != NVMEOF_TCP_H2C_DATA || d->data_offset ||
			    !take_shot(ec->conn, NVMEOF_TCP_H2C_DATA))
				continue;
			{
				struct nvmeof_tcp_params p;
				struct nvmeof_cqe cqe = { .command_id = d->command_id };

				nvmeof_tcp_params_init(&p, NVMEOF_TCP_ROLE_TARGET);
				ec->forged_len = nvmeof_tcp_build_rsp(&ec->forged, &p, &cqe);
			}
			ec->pause_until = now_ms() + PAUSE_MS;
			ec->inject_at = now_ms() + INJECT_MS;
			ec->drop_at = ec->pause_until;
			printf("evil: host sends data of command %#x; its response goes out in %d ms\n",
			       d->command_id, INJECT_MS);
			fflush(stdout);
		}
	}
}

/* The Identify slot of command @cid, or -1. */
static int id_slot_of(struct evil_conn *ec, u16 cid)
{
	int k;

	for (k = 0; k < ID_SLOTS; k++)
		if (ec->id_slot[k].used && ec->id_slot[k].cid == cid)
			return k;
	return -1;
}

/*
 * Applies @fn to the bytes [@from, @to) of the Identify data, of which
 * @data holds @len bytes from offset @off.
 */
static void id_bytes(u8 *data, u32 off, u32 len, u32 from, u32 to, u8 (*fn)(u8))
{
	u32 i;

	for (i = from; i < to; i++)
		if (i >= off && i < off + len)
			data[i - off] = fn(data[i - off]);
}

static u8 byte_zero(u8 b) { return 0; }
static u8 byte_flip(u8 b) { return b ^ ID_FLIP; }
static u8 byte_no_multi_ctrl(u8 b) { return b & ~NVMEOF_CTRL_CMIC_MULTI_CTRL; }
static u8 byte_no_shared(u8 b) { return b & ~NVMEOF_NS_NMIC_SHARED; }

/* ids-other: flips the value of every EUI-64, NGUID and UUID descriptor. */
static void flip_descs(u8 *data, u32 off, u32 len)
{
	u32 pos = 0;

	if (off)
		return;		/* the list starts in the first PDU, or not at all */
	while (pos + sizeof(struct nvmeof_ns_id_desc) <= len) {
		const struct nvmeof_ns_id_desc *d = (const void *)(data + pos);
		u32 start = pos + sizeof(*d);

		if (!d->nidl)
			break;
		if (d->nidt == NVMEOF_NIDT_EUI64 || d->nidt == NVMEOF_NIDT_NGUID ||
		    d->nidt == NVMEOF_NIDT_UUID)
			id_bytes(data, 0, len, start, start + d->nidl, byte_flip);
		pos = start + d->nidl;
	}
}

/* Identity modes: rewrites what the target says about itself. */
static void rewrite_identity(struct evil_conn *ec, u8 *pdu, u32 plen)
{
	struct nvmeof_tcp_hdr *ch = (struct nvmeof_tcp_hdr *)pdu;
	struct nvmeof_tcp_data_pdu *data = (struct nvmeof_tcp_data_pdu *)pdu;
	struct nvmeof_tcp_rsp_pdu *rsp = (struct nvmeof_tcp_rsp_pdu *)pdu;
	bool armed = __atomic_load_n(&st->armed, __ATOMIC_SEQ_CST);
	u32 off, len;
	u8 *d;
	int k;

	if (ch->type == NVMEOF_TCP_RSP) {
		k = id_slot_of(ec, rsp->cqe.command_id);
		if (k >= 0)
			ec->id_slot[k].used = false;
		if (!ec->connect_wait || rsp->cqe.command_id != ec->connect_cid)
			return;
		ec->connect_wait = false;
		if (mode != EVIL_CONNECT_CNTLID || !armed || !ec->admin)
			return;
		rsp->cqe.result = cpu_to_le64((le64_to_cpu(rsp->cqe.result) & ~0xffffULL) |
					      opt_cntlid);
		printf("evil: connect-cntlid: cntlid %u on connection %d\n", opt_cntlid, ec->conn);
		fflush(stdout);
		return;
	}
	if (ch->type != NVMEOF_TCP_C2H_DATA)
		return;
	k = id_slot_of(ec, data->command_id);
	if (k < 0)
		return;
	/* No CapsuleResp will free the slot. */
	if (ch->flags & NVMEOF_TCP_F_DATA_SUCCESS)
		ec->id_slot[k].used = false;
	if (!armed || !ch->pdo || ch->pdo > plen)
		return;
	off = le32_to_cpu(data->data_offset);
	len = le32_to_cpu(data->data_length);
	if (len > plen - ch->pdo)
		len = plen - ch->pdo;
	d = pdu + ch->pdo;
	switch (ec->id_slot[k].cns) {
	case NVMEOF_ID_CNS_CTRL:
		if (mode != EVIL_CMIC_SINGLE)
			return;
		id_bytes(d, off, len, ID_CTRL_CMIC, ID_CTRL_CMIC + 1, byte_no_multi_ctrl);
		break;
	case NVMEOF_ID_CNS_NS:
		if (mode == EVIL_NMIC_PRIVATE)
			id_bytes(d, off, len, ID_NS_NMIC, ID_NS_NMIC + 1, byte_no_shared);
		else if (mode == EVIL_IDS_ZERO)
			id_bytes(d, off, len, ID_NS_NGUID, ID_NS_IDS_END, byte_zero);
		else if (mode == EVIL_IDS_OTHER)
			id_bytes(d, off, len, ID_NS_NGUID, ID_NS_IDS_END, byte_flip);
		else
			return;
		break;
	case NVMEOF_ID_CNS_NS_DESC_LIST:
		if (mode == EVIL_IDS_ZERO)
			id_bytes(d, off, len, 0, off + len, byte_zero);
		else if (mode == EVIL_IDS_OTHER)
			flip_descs(d, off, len);
		else
			return;
		break;
	default:
		return;
	}
	printf("evil: %s: Identify CNS %u rewritten on connection %d\n", modes[mode].name,
	       ec->id_slot[k].cns, ec->conn);
	fflush(stdout);
}

/*
 * Forwards one whole PDU from the target to the host, breaking it when it is
 * the chosen one. Returns 0 to go on relaying, 1 when the connection is to go
 * silent from now on, -1 on a write error.
 */
static int relay_pdu(struct evil_conn *ec, u8 *pdu, u32 plen)
{
	struct nvmeof_tcp_hdr *ch = (struct nvmeof_tcp_hdr *)pdu;
	struct nvmeof_tcp_icresp *icresp = (struct nvmeof_tcp_icresp *)pdu;
	struct nvmeof_tcp_data_pdu *data = (struct nvmeof_tcp_data_pdu *)pdu;
	struct nvmeof_tcp_rsp_pdu *rsp = (struct nvmeof_tcp_rsp_pdu *)pdu;
	int conn = ec->conn, host_fd = ec->host_fd;

	if (mode == EVIL_R2T_DUP && ch->type == NVMEOF_TCP_R2T)
		return relay_r2t(ec, pdu, plen);
	if (identity_mode()) {
		rewrite_identity(ec, pdu, plen);
		return write_all(host_fd, pdu, plen);
	}
	if (mode == EVIL_CAP_NSSRS) {
		if (ch->type == NVMEOF_TCP_RSP && ec->cap_wait &&
		    rsp->cqe.command_id == ec->cap_cid &&
		    __atomic_load_n(&st->armed, __ATOMIC_SEQ_CST)) {
			ec->cap_wait = false;
			rsp->cqe.result |= cpu_to_le64(NVMEOF_CAP_NSSRS);
			printf("evil: cap-nssrs: CAP.NSSRS set on connection %d\n", conn);
			fflush(stdout);
		}
		return write_all(host_fd, pdu, plen);
	}
	if (!take_shot(conn, ch->type))
		return write_all(host_fd, pdu, plen);

	switch (mode) {
	case EVIL_ICRESP_PFV:
		icresp->pfv = cpu_to_le16(1);
		break;
	case EVIL_ICRESP_PLEN:
		ch->plen = cpu_to_le32(plen + 64);
		break;
	case EVIL_ICRESP_DIGEST:
		icresp->digest = NVMEOF_TCP_DIGEST_HDR | NVMEOF_TCP_DIGEST_DATA;
		break;
	case EVIL_ICRESP_MAXH2C:
		icresp->maxdata = cpu_to_le32(512);
		break;
	case EVIL_ICRESP_SHORT:
		return write_all(host_fd, pdu, plen / 2) ? -1 : 1;
	case EVIL_ICRESP_NONE:
		return 1;
	case EVIL_C2H_BEYOND:
		data->data_offset = cpu_to_le32(le32_to_cpu(data->data_offset) + (1u << 20));
		break;
	case EVIL_C2H_UNKNOWN:
		/* Another generation of the same tag: a stale or invented ID. */
		data->command_id ^= cpu_to_le16(0xf000);
		break;
	case EVIL_RSP_UNKNOWN:
		rsp->cqe.command_id ^= cpu_to_le16(0xf000);
		break;
	case EVIL_RSP_DUP:
		if (write_all(host_fd, pdu, plen))
			return -1;
		break;
	case EVIL_STALL:
		return write_all(host_fd, pdu, plen / 2) ? -1 : 1;
	case EVIL_RSP_EARLY:
	case EVIL_R2T_DUP:
	case EVIL_CAP_NSSRS:
	case EVIL_CONNECT_CNTLID:
	case EVIL_CMIC_SINGLE:
	case EVIL_NMIC_PRIVATE:
	case EVIL_IDS_ZERO:
	case EVIL_IDS_OTHER:
		break;	/* not target-to-host PDUs they break */
	}
	return write_all(host_fd, pdu, plen);
}

/* One host connection: relays both ways until either side closes. */
static void serve(int conn, int host_fd)
{
	int tgt_fd = socket(AF_INET, SOCK_STREAM, 0);
	static struct evil_conn ec;
	static u8 hbuf[65536];
	bool silent = false;
	u8 *buf;
	u32 len = 0;
	int one = 1;

	ec.conn = conn;
	ec.host_fd = host_fd;

	buf = malloc(PDU_BUF_SIZE);
	if (!buf || tgt_fd < 0 ||
	    connect(tgt_fd, (struct sockaddr *)&target_sa, sizeof(target_sa))) {
		perror("evil: connect to the target");
		return;
	}
	setsockopt(tgt_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(host_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

	for (;;) {
		long long now = now_ms();
		bool paused = ec.pause_until && now < ec.pause_until;
		struct pollfd pfd[2] = {
			{ .fd = host_fd, .events = paused ? 0 : POLLIN },
			{ .fd = tgt_fd, .events = POLLIN },
		};
		ssize_t n;

		if (ec.inject_at && now >= ec.inject_at) {
			ec.inject_at = 0;
			printf("evil: %s: forged PDU delivered on connection %d\n", modes[mode].name, conn);
			fflush(stdout);
			if (write_all(host_fd, &ec.forged, ec.forged_len))
				break;
		}
		if (ec.drop_at && now >= ec.drop_at) {
			ec.drop_at = 0;
			ec.drop_host = true;
		}
		if (ec.held_at && now >= ec.held_at + HOLD_MS) {
			ec.held_at = 0;
			if (write_all(host_fd, &ec.held, sizeof(ec.held)))
				break;
		}
		if (poll(pfd, 2, ec.pause_until || ec.held_at ? 50 : 1000) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* The listener is gone: the test is over. */
		if (getppid() == 1)
			break;
		if (pfd[0].revents) {
			n = recv(host_fd, hbuf, sizeof(hbuf), 0);
			if (n <= 0)
				break;
			if ((mode == EVIL_RSP_EARLY || mode == EVIL_CAP_NSSRS || identity_mode()) &&
			    !ec.drop_host)
				scan_host(&ec, hbuf, n);
			if (!ec.drop_host && write_all(tgt_fd, hbuf, n))
				break;
		}
		if (!pfd[1].revents)
			continue;
		n = recv(tgt_fd, buf + len, PDU_BUF_SIZE - len, 0);
		if (n <= 0)
			break;
		if (silent)
			continue;
		len += n;
		while (len >= sizeof(struct nvmeof_tcp_hdr)) {
			u32 plen = le32_to_cpu(((struct nvmeof_tcp_hdr *)buf)->plen);
			int rc;

			if (plen < sizeof(struct nvmeof_tcp_hdr) || plen > PDU_BUF_SIZE) {
				fprintf(stderr, "evil: target sent PLEN %u: giving up\n", plen);
				goto out;
			}
			if (len < plen)
				break;
			rc = relay_pdu(&ec, buf, plen);
			if (rc < 0)
				goto out;
			memmove(buf, buf + plen, len - plen);
			len -= plen;
			if (rc > 0) {
				silent = true;
				break;
			}
		}
	}
out:
	close(tgt_fd);
	free(buf);
}

int main(int argc, char **argv)
{
	struct sockaddr_in lsa = { .sin_family = AF_INET };
	const char *addr = "127.0.0.1";
	int opt, lfd, one = 1, lport = 0, tport = 0;
	struct sigaction sa = { .sa_handler = on_usr1 };
	size_t k;

	while ((opt = getopt(argc, argv, "a:l:t:Aqc:")) != -1) {
		switch (opt) {
		case 'a': addr = optarg; break;
		case 'c': opt_cntlid = atoi(optarg) & 0xffff; break;
		case 'l': lport = atoi(optarg); break;
		case 't': tport = atoi(optarg); break;
		case 'A': break;
		case 'q': opt_admin_too = true; break;
		default: goto usage;
		}
	}
	if (!lport || !tport || optind != argc - 1)
		goto usage;
	for (k = 0; k < ARRAY_SIZE(modes); k++)
		if (!strcmp(modes[k].name, argv[optind]))
			break;
	if (k == ARRAY_SIZE(modes))
		goto usage;
	mode = k;

	st = mmap(NULL, sizeof(*st), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (st == MAP_FAILED)
		return 1;
	optind = 1;
	while ((opt = getopt(argc, argv, "a:l:t:Aqc:")) != -1)
		if (opt == 'A')
			st->armed = 1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGCHLD, SIG_IGN);	/* no zombies: children are never waited for */

	if (inet_pton(AF_INET, addr, &lsa.sin_addr) != 1) {
		fprintf(stderr, "evil: %s is not a numeric IPv4 address\n", addr);
		return 2;
	}
	target_sa.sin_addr = lsa.sin_addr;
	target_sa.sin_port = htons(tport);
	lsa.sin_port = htons(lport);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (mode == EVIL_RSP_EARLY || mode == EVIL_R2T_DUP) {
		/* Accepted sockets inherit it: the host's sender fills it quickly. */
		int rcvbuf = SMALL_RCVBUF;

		setsockopt(lfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	}
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&lsa, sizeof(lsa)) || listen(lfd, 64)) {
		perror("evil: listen");
		return 1;
	}
	printf("evil: %s, listening on %s:%d, target port %d, %s\n", modes[mode].name,
	       addr, lport, tport, st->armed ? "armed" : "waiting for SIGUSR1");
	fflush(stdout);

	for (;;) {
		int fd = accept(lfd, NULL, NULL);
		int conn;

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			perror("evil: accept");
			return 1;
		}
		conn = __atomic_fetch_add(&st->nconns, 1, __ATOMIC_SEQ_CST);
		switch (fork()) {
		case 0:
			close(lfd);
			serve(conn, fd);
			_exit(0);
		case -1:
			perror("evil: fork");
			break;
		}
		close(fd);
	}

usage:
	fprintf(stderr, "usage: %s -l LISTEN_PORT -t TARGET_PORT [-a ADDR] [-A] [-q] [-c CNTLID] MODE\nmodes:",
		argv[0]);
	for (k = 0; k < ARRAY_SIZE(modes); k++)
		fprintf(stderr, " %s", modes[k].name);
	fputc('\n', stderr);
	return 2;
}
