// SPDX-License-Identifier: GPL-2.0-only
/* NVMe/TCP PDU validation, building and CRC32C digests, shared by host and target. */
#include <nvmeof/shim.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>

enum pdu_data_rule {
	PDU_DATA_NONE,		/* header only: PDO 0, PLEN = header (+ digest) */
	PDU_DATA_OPTIONAL,	/* CapsuleCmd: in-capsule data when PDO != 0 */
	PDU_DATA_REQUIRED,	/* H2CData/C2HData: always data */
	PDU_DATA_TERM,		/* TermReq: the offending header, right after HLEN */
};

/*
 * What the specification fixes per PDU type. A zero hlen marks a reserved
 * type. @ic types are only legal before the connection is initialized; TermReq
 * is legal in every state, because a peer rejecting our ICReq/ICResp answers
 * with one before initialization completes.
 */
struct tcp_pdu_rule {
	u8	hlen;
	u8	receiver;	/* enum nvmeof_tcp_role */
	u8	extra_flags;	/* flags other than HDGSTF/DDGSTF */
	u8	data;		/* enum pdu_data_rule */
	bool	digests;	/* may carry HDGST/DDGST once negotiated */
	bool	ic;
};

static const struct tcp_pdu_rule tcp_rules[] = {
	[NVMEOF_TCP_ICREQ] = {
		.hlen = sizeof(struct nvmeof_tcp_icreq),
		.receiver = NVMEOF_TCP_ROLE_TARGET, .data = PDU_DATA_NONE, .ic = true,
	},
	[NVMEOF_TCP_ICRESP] = {
		.hlen = sizeof(struct nvmeof_tcp_icresp),
		.receiver = NVMEOF_TCP_ROLE_HOST, .data = PDU_DATA_NONE, .ic = true,
	},
	[NVMEOF_TCP_H2C_TERM] = {
		.hlen = sizeof(struct nvmeof_tcp_term),
		.receiver = NVMEOF_TCP_ROLE_TARGET, .data = PDU_DATA_TERM,
	},
	[NVMEOF_TCP_C2H_TERM] = {
		.hlen = sizeof(struct nvmeof_tcp_term),
		.receiver = NVMEOF_TCP_ROLE_HOST, .data = PDU_DATA_TERM,
	},
	[NVMEOF_TCP_CMD] = {
		.hlen = sizeof(struct nvmeof_tcp_cmd_pdu),
		.receiver = NVMEOF_TCP_ROLE_TARGET, .data = PDU_DATA_OPTIONAL,
		.digests = true,
	},
	[NVMEOF_TCP_RSP] = {
		.hlen = sizeof(struct nvmeof_tcp_rsp_pdu),
		.receiver = NVMEOF_TCP_ROLE_HOST, .data = PDU_DATA_NONE,
		.digests = true,
	},
	[NVMEOF_TCP_H2C_DATA] = {
		.hlen = sizeof(struct nvmeof_tcp_data_pdu),
		.receiver = NVMEOF_TCP_ROLE_TARGET, .data = PDU_DATA_REQUIRED,
		.extra_flags = NVMEOF_TCP_F_DATA_LAST, .digests = true,
	},
	[NVMEOF_TCP_C2H_DATA] = {
		.hlen = sizeof(struct nvmeof_tcp_data_pdu),
		.receiver = NVMEOF_TCP_ROLE_HOST, .data = PDU_DATA_REQUIRED,
		.extra_flags = NVMEOF_TCP_F_DATA_LAST | NVMEOF_TCP_F_DATA_SUCCESS,
		.digests = true,
	},
	[NVMEOF_TCP_R2T] = {
		.hlen = sizeof(struct nvmeof_tcp_r2t_pdu),
		.receiver = NVMEOF_TCP_ROLE_HOST, .data = PDU_DATA_NONE,
		.digests = true,
	},
};

#define PDU_DIGEST_MASK		(NVMEOF_TCP_DIGEST_HDR | NVMEOF_TCP_DIGEST_DATA)

static const struct tcp_pdu_rule *tcp_rule(u8 type)
{
	if (type >= ARRAY_SIZE(tcp_rules) || !tcp_rules[type].hlen)
		return NULL;
	return &tcp_rules[type];
}

static u16 tcp_fail(struct nvmeof_tcp_result *res, u16 fes, u32 fei)
{
	res->fes = fes;
	res->fei = fei;
	res->complete = false;
	return fes;
}

/* Data alignment (bytes) of PDUs this side receives: the peer pads to it. */
static u32 tcp_rx_align(const struct nvmeof_tcp_params *p)
{
	u8 pda = p->role == NVMEOF_TCP_ROLE_TARGET ? p->cpda : p->hpda;

	return ((u32)pda + 1) * 4;
}

/* Data alignment (bytes) the peer asked for in the PDUs this side sends. */
static u32 tcp_tx_align(const struct nvmeof_tcp_params *p)
{
	u8 pda = p->role == NVMEOF_TCP_ROLE_TARGET ? p->hpda : p->cpda;

	return ((u32)pda + 1) * 4;
}

/*
 * The validator reads the PDU through byte offsets, never through the wire
 * structs: a PDU may sit at any address in a receive buffer (a stream puts
 * the next header wherever the previous data ended).
 */
#define PDU_OFF(type, field)	offsetof(struct type, field)

static u16 tcp_le16(const u8 *b, size_t off)
{
	return b[off] | (u16)b[off + 1] << 8;
}

static u32 tcp_le32(const u8 *b, size_t off)
{
	return get_unaligned_le32(b + off);
}

/*
 * Everything the 8-byte common header alone decides: the receive path calls
 * this before it knows how many header bytes to read, so a hostile HLEN or
 * PLEN never sizes a buffer or a read.
 */
static u16 tcp_check_ch(const struct nvmeof_tcp_params *p, const u8 *b,
			struct nvmeof_tcp_result *res)
{
	u8 type = b[PDU_OFF(nvmeof_tcp_hdr, type)];
	u8 flags = b[PDU_OFF(nvmeof_tcp_hdr, flags)];
	u8 hlen = b[PDU_OFF(nvmeof_tcp_hdr, hlen)];
	u8 pdo = b[PDU_OFF(nvmeof_tcp_hdr, pdo)];
	u32 plen = tcp_le32(b, PDU_OFF(nvmeof_tcp_hdr, plen));
	const struct tcp_pdu_rule *r = tcp_rule(type);
	bool want_hdgst, want_ddgst, has_data;
	u8 allowed;
	u32 align;

	if (!r || r->receiver != p->role)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_hdr, type));

	if (r->data != PDU_DATA_TERM && r->ic == p->ic_done)
		return tcp_fail(res, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0);

	if (hlen != r->hlen)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_hdr, hlen));

	has_data = r->data == PDU_DATA_REQUIRED ||
		   (r->data == PDU_DATA_OPTIONAL && pdo);
	want_hdgst = r->digests && p->hdr_digest;
	/* The in-tree peers set DDGSTF only on PDUs that carry data. */
	want_ddgst = r->digests && p->data_digest && has_data;
	allowed = r->extra_flags;
	if (r->digests)
		allowed |= NVMEOF_TCP_F_HDGST | NVMEOF_TCP_F_DDGST;
	if ((flags & ~allowed) ||
	    !!(flags & NVMEOF_TCP_F_HDGST) != want_hdgst ||
	    !!(flags & NVMEOF_TCP_F_DDGST) != want_ddgst)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_hdr, flags));
	/* SUCCESS promises no CapsuleResp follows, so it must end the transfer. */
	if ((flags & NVMEOF_TCP_F_DATA_SUCCESS) && !(flags & NVMEOF_TCP_F_DATA_LAST))
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_hdr, flags));

	res->hdr_len = r->hlen + (want_hdgst ? NVMEOF_TCP_DIGEST_LEN : 0);
	res->ddgst_len = want_ddgst ? NVMEOF_TCP_DIGEST_LEN : 0;

	if (r->data == PDU_DATA_TERM) {
		/*
		 * PDO is not checked: the peer is tearing the connection down,
		 * and refusing its TermReq over a reserved field would only
		 * hide the FES it is trying to report.
		 */
		if (plen < r->hlen || plen - r->hlen > NVMEOF_TCP_TERM_MAX_DATA)
			return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
					PDU_OFF(nvmeof_tcp_hdr, plen));
		res->data_len = plen - r->hlen;
		return 0;
	}

	if (!has_data) {
		if (pdo)
			return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
					PDU_OFF(nvmeof_tcp_hdr, pdo));
		if (plen != res->hdr_len)
			return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
					PDU_OFF(nvmeof_tcp_hdr, plen));
		return 0;
	}

	align = tcp_rx_align(p);
	if (pdo < res->hdr_len || pdo % align)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_hdr, pdo));
	/* A PDU that announces data carries at least one byte of it. */
	if (plen <= (u32)pdo + res->ddgst_len)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_hdr, plen));
	res->pad_len = pdo - res->hdr_len;
	res->data_len = plen - pdo - res->ddgst_len;

	if ((type == NVMEOF_TCP_CMD && res->data_len > p->icd_size) ||
	    (type == NVMEOF_TCP_H2C_DATA && res->data_len > p->maxh2cdata))
		return tcp_fail(res, NVMEOF_TCP_FES_DATA_LIMIT_EXCEEDED, 0);
	return 0;
}

static u16 tcp_check_icreq(const u8 *b, struct nvmeof_tcp_result *res)
{
	if (tcp_le16(b, PDU_OFF(nvmeof_tcp_icreq, pfv)) != NVMEOF_TCP_PFV_1_0)
		return tcp_fail(res, NVMEOF_TCP_FES_UNSUPPORTED_PARAM,
				PDU_OFF(nvmeof_tcp_icreq, pfv));
	if (b[PDU_OFF(nvmeof_tcp_icreq, hpda)] > NVMEOF_TCP_MAX_PDA)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_icreq, hpda));
	if (b[PDU_OFF(nvmeof_tcp_icreq, digest)] & ~PDU_DIGEST_MASK)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_icreq, digest));
	/* Every MAXR2T is valid: it is 0's based, so 0 already means one. */
	return 0;
}

static u16 tcp_check_icresp(const struct nvmeof_tcp_params *p, const u8 *b,
			    struct nvmeof_tcp_result *res)
{
	u32 maxdata = tcp_le32(b, PDU_OFF(nvmeof_tcp_icresp, maxdata));
	u8 asked = (p->hdr_digest ? NVMEOF_TCP_DIGEST_HDR : 0) |
		   (p->data_digest ? NVMEOF_TCP_DIGEST_DATA : 0);

	if (tcp_le16(b, PDU_OFF(nvmeof_tcp_icresp, pfv)) != NVMEOF_TCP_PFV_1_0)
		return tcp_fail(res, NVMEOF_TCP_FES_UNSUPPORTED_PARAM,
				PDU_OFF(nvmeof_tcp_icresp, pfv));
	if (b[PDU_OFF(nvmeof_tcp_icresp, cpda)] > NVMEOF_TCP_MAX_PDA)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_icresp, cpda));
	/* The controller must grant exactly the digests the ICReq asked for. */
	if (b[PDU_OFF(nvmeof_tcp_icresp, digest)] != asked)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_icresp, digest));
	/* Linux hosts split writes by MAXH2CDATA and need whole dwords of it. */
	if (maxdata < NVMEOF_TCP_MIN_MAXH2CDATA || maxdata % 4)
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
				PDU_OFF(nvmeof_tcp_icresp, maxdata));
	return 0;
}

/* Header fields that need more than the common header, digest first. */
static u16 tcp_check_full(const struct nvmeof_tcp_params *p, const u8 *b,
			  struct nvmeof_tcp_result *res)
{
	u8 type = b[PDU_OFF(nvmeof_tcp_hdr, type)];
	u16 fes;

	/* A header that fails its digest has no field worth trusting. */
	if ((b[PDU_OFF(nvmeof_tcp_hdr, flags)] & NVMEOF_TCP_F_HDGST) &&
	    !nvmeof_tcp_hdgst_ok(b, b[PDU_OFF(nvmeof_tcp_hdr, hlen)]))
		return tcp_fail(res, NVMEOF_TCP_FES_HDR_DIGEST_ERR, 0);

	switch (type) {
	case NVMEOF_TCP_ICREQ:
		return tcp_check_icreq(b, res);
	case NVMEOF_TCP_ICRESP:
		return tcp_check_icresp(p, b, res);
	case NVMEOF_TCP_H2C_TERM:
	case NVMEOF_TCP_C2H_TERM:
		fes = tcp_le16(b, PDU_OFF(nvmeof_tcp_term, fes));
		if (fes < NVMEOF_TCP_FES_INVALID_PDU_HDR ||
		    fes > NVMEOF_TCP_FES_UNSUPPORTED_PARAM)
			return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
					PDU_OFF(nvmeof_tcp_term, fes));
		return 0;
	case NVMEOF_TCP_H2C_DATA:
	case NVMEOF_TCP_C2H_DATA:
		if (tcp_le32(b, PDU_OFF(nvmeof_tcp_data_pdu, data_length)) != res->data_len)
			return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
					PDU_OFF(nvmeof_tcp_data_pdu, data_length));
		return 0;
	case NVMEOF_TCP_R2T:
		if (!tcp_le32(b, PDU_OFF(nvmeof_tcp_r2t_pdu, r2t_length)))
			return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR,
					PDU_OFF(nvmeof_tcp_r2t_pdu, r2t_length));
		return 0;
	default:
		return 0;
	}
}

/**
 * nvmeof_tcp_validate_hdr() - check a received PDU header for this queue end.
 * @p:   the queue's negotiated parameters
 * @buf: the PDU, starting at its common header
 * @len: bytes of @buf received so far; at least sizeof(struct nvmeof_tcp_hdr)
 * @res: verdict, always written
 *
 * Called first with the 8-byte common header, which decides the header
 * length (@res->hdr_len) the caller must then receive, and again once that
 * many bytes are in: the second call also verifies the header digest and
 * the type-specific fields and sets @res->complete. Data digests are the
 * caller's (nvmeof_tcp_ddgst_*) because data arrives in fragments.
 *
 * Return: 0 if valid so far, else the Fatal Error Status for a TermReq, also
 * stored in @res->fes with its FEI in @res->fei.
 */
u16 nvmeof_tcp_validate_hdr(const struct nvmeof_tcp_params *p, const void *buf,
			    size_t len, struct nvmeof_tcp_result *res)
{
	u16 fes;

	memset(res, 0, sizeof(*res));
	/* Not a peer error, a caller one; refuse rather than read past @buf. */
	if (len < sizeof(struct nvmeof_tcp_hdr))
		return tcp_fail(res, NVMEOF_TCP_FES_INVALID_PDU_HDR, 0);

	fes = tcp_check_ch(p, buf, res);
	if (fes || len < res->hdr_len)
		return fes;

	fes = tcp_check_full(p, buf, res);
	if (fes)
		return fes;
	res->complete = true;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_validate_hdr);

/**
 * nvmeof_tcp_validate_xfer() - check a data or R2T PDU against its command.
 * @pdu:          a header nvmeof_tcp_validate_hdr() accepted as complete, of
 *                type H2CData, C2HData or R2T
 * @transfer_len: the command's data transfer length in bytes
 * @res:          only @res->fes and @res->fei are written
 *
 * Finding the command (command_id, ttag) and keeping track of which offsets
 * already arrived are the caller's: only it has the command table.
 *
 * Return: 0, or %NVMEOF_TCP_FES_DATA_OUT_OF_RANGE when the PDU reaches past
 * the end of the transfer.
 */
u16 nvmeof_tcp_validate_xfer(const void *pdu, u32 transfer_len,
			     struct nvmeof_tcp_result *res)
{
	const u8 *b = pdu;
	u8 type = b[PDU_OFF(nvmeof_tcp_hdr, type)];
	u64 end;

	res->fes = 0;
	res->fei = 0;
	if (type != NVMEOF_TCP_H2C_DATA && type != NVMEOF_TCP_C2H_DATA &&
	    type != NVMEOF_TCP_R2T) {
		res->fes = NVMEOF_TCP_FES_INVALID_PDU_HDR;
		res->fei = PDU_OFF(nvmeof_tcp_hdr, type);
		return res->fes;
	}

	/* R2T keeps offset and length where the data PDUs keep theirs. */
	static_assert(PDU_OFF(nvmeof_tcp_r2t_pdu, r2t_offset) ==
		      PDU_OFF(nvmeof_tcp_data_pdu, data_offset));
	static_assert(PDU_OFF(nvmeof_tcp_r2t_pdu, r2t_length) ==
		      PDU_OFF(nvmeof_tcp_data_pdu, data_length));
	end = (u64)tcp_le32(b, PDU_OFF(nvmeof_tcp_data_pdu, data_offset)) +
	      tcp_le32(b, PDU_OFF(nvmeof_tcp_data_pdu, data_length));
	if (end > transfer_len)
		res->fes = NVMEOF_TCP_FES_DATA_OUT_OF_RANGE;
	return res->fes;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_validate_xfer);

/**
 * nvmeof_tcp_params_init() - parameters of a fresh, uninitialized connection.
 * @p:    the parameters
 * @role: which end of the queue this side is
 *
 * No digests, no alignment, no in-capsule data, the default MAXH2CDATA; the
 * queue engine adjusts them before building its ICReq/ICResp.
 */
void nvmeof_tcp_params_init(struct nvmeof_tcp_params *p, enum nvmeof_tcp_role role)
{
	memset(p, 0, sizeof(*p));
	p->role = role;
	p->maxh2cdata = NVMEOF_TCP_DEF_MAXH2CDATA;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_params_init);

/**
 * nvmeof_tcp_params_apply_icreq() - target: adopt what a valid ICReq asks for.
 * @p:     the target's parameters
 * @icreq: an ICReq nvmeof_tcp_validate_hdr() accepted as complete
 *
 * The target grants the digests the host asked for, as the in-tree one does;
 * whether it can honour HPDA is its policy (the in-tree one insists on 0).
 */
void nvmeof_tcp_params_apply_icreq(struct nvmeof_tcp_params *p,
				   const struct nvmeof_tcp_icreq *icreq)
{
	p->hdr_digest = icreq->digest & NVMEOF_TCP_DIGEST_HDR;
	p->data_digest = icreq->digest & NVMEOF_TCP_DIGEST_DATA;
	p->hpda = icreq->hpda;
	p->maxr2t = le32_to_cpu(icreq->maxr2t);
	p->ic_done = true;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_params_apply_icreq);

/**
 * nvmeof_tcp_params_apply_icresp() - host: adopt what a valid ICResp grants.
 * @p:      the host's parameters
 * @icresp: an ICResp nvmeof_tcp_validate_hdr() accepted as complete
 *
 * The digests need no update: validation already insisted they match the
 * request.
 */
void nvmeof_tcp_params_apply_icresp(struct nvmeof_tcp_params *p,
				    const struct nvmeof_tcp_icresp *icresp)
{
	p->cpda = icresp->cpda;
	p->maxh2cdata = le32_to_cpu(icresp->maxdata);
	p->ic_done = true;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_params_apply_icresp);

/**
 * nvmeof_tcp_hdgst() - header digest of @hlen header bytes.
 * @hdr:  the PDU header
 * @hlen: its HLEN
 *
 * CRC32C seeded with ~0 and inverted at the end, as the in-tree crc32c
 * crypto hash computes it; the wire stores it little-endian after HLEN.
 *
 * Return: the digest in CPU order.
 */
u32 nvmeof_tcp_hdgst(const void *hdr, size_t hlen)
{
	return ~nvmeof_crc32c_update(~0U, hdr, hlen);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_hdgst);

/**
 * nvmeof_tcp_hdgst_ok() - does the digest after HLEN match the header?
 * @hdr:  the PDU header, followed by its 4-byte digest
 * @hlen: its HLEN
 *
 * Return: true when it matches.
 */
bool nvmeof_tcp_hdgst_ok(const void *hdr, size_t hlen)
{
	return get_unaligned_le32((const u8 *)hdr + hlen) == nvmeof_tcp_hdgst(hdr, hlen);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_hdgst_ok);

/**
 * nvmeof_tcp_ddgst_init() - start a data digest.
 *
 * Data arrives and leaves in fragments, so the data digest is a running
 * value: init, update per fragment, final, then compare with (or store as)
 * the little-endian word after the data. A data digest error has no FES of
 * its own; what to do about it is the queue engine's policy.
 *
 * Return: the running value for nvmeof_tcp_ddgst_update().
 */
u32 nvmeof_tcp_ddgst_init(void)
{
	return ~0U;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_ddgst_init);

/**
 * nvmeof_tcp_ddgst_update() - add a fragment to a data digest.
 * @crc: the running value
 * @buf: the fragment
 * @len: its length
 *
 * Return: the new running value.
 */
u32 nvmeof_tcp_ddgst_update(u32 crc, const void *buf, size_t len)
{
	return nvmeof_crc32c_update(crc, buf, len);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_ddgst_update);

/**
 * nvmeof_tcp_ddgst_final() - finish a data digest.
 * @crc: the running value
 *
 * Return: the digest in CPU order.
 */
u32 nvmeof_tcp_ddgst_final(u32 crc)
{
	return ~crc;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_ddgst_final);

/* Fill the common header; the caller zeroed the rest of the header region. */
static void tcp_fill_ch(void *buf, u8 type, u8 flags, u8 hlen, u8 pdo, u32 plen)
{
	struct nvmeof_tcp_hdr *ch = buf;

	ch->type = type;
	ch->flags = flags;
	ch->hlen = hlen;
	ch->pdo = pdo;
	ch->plen = cpu_to_le32(plen);
}

/* The header digest goes last: it covers every header field. */
static u32 tcp_seal(void *buf, const struct nvmeof_tcp_params *p, u8 hlen)
{
	if (!p->hdr_digest)
		return hlen;
	put_unaligned_le32(nvmeof_tcp_hdgst(buf, hlen), (u8 *)buf + hlen);
	return hlen + NVMEOF_TCP_DIGEST_LEN;
}

static u8 tcp_flags(const struct nvmeof_tcp_params *p, bool has_data)
{
	u8 flags = 0;

	if (p->hdr_digest)
		flags |= NVMEOF_TCP_F_HDGST;
	if (p->data_digest && has_data)
		flags |= NVMEOF_TCP_F_DDGST;
	return flags;
}

static u32 tcp_hdgst_len(const struct nvmeof_tcp_params *p)
{
	return p->hdr_digest ? NVMEOF_TCP_DIGEST_LEN : 0;
}

static u32 tcp_ddgst_len(const struct nvmeof_tcp_params *p)
{
	return p->data_digest ? NVMEOF_TCP_DIGEST_LEN : 0;
}

/* Where data starts in a PDU this side sends: after the header, padded. */
static u8 tcp_tx_pdo(const struct nvmeof_tcp_params *p, u8 hlen)
{
	u32 align = tcp_tx_align(p);

	return (hlen + tcp_hdgst_len(p) + align - 1) / align * align;
}

/**
 * nvmeof_tcp_build_icreq() - build the host's ICReq from its parameters.
 * @buf: a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:   the host's parameters: digests asked for, hpda, maxr2t
 *
 * Return: bytes to send.
 */
size_t nvmeof_tcp_build_icreq(void *buf, const struct nvmeof_tcp_params *p)
{
	struct nvmeof_tcp_icreq *icreq = buf;

	memset(icreq, 0, sizeof(*icreq));
	tcp_fill_ch(buf, NVMEOF_TCP_ICREQ, 0, sizeof(*icreq), 0, sizeof(*icreq));
	icreq->pfv = cpu_to_le16(NVMEOF_TCP_PFV_1_0);
	icreq->hpda = p->hpda;
	icreq->digest = (p->hdr_digest ? NVMEOF_TCP_DIGEST_HDR : 0) |
			(p->data_digest ? NVMEOF_TCP_DIGEST_DATA : 0);
	icreq->maxr2t = cpu_to_le32(p->maxr2t);
	return sizeof(*icreq);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_icreq);

/**
 * nvmeof_tcp_build_icresp() - build the target's ICResp from its parameters.
 * @buf: a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:   the target's parameters after nvmeof_tcp_params_apply_icreq()
 *
 * Return: bytes to send.
 */
size_t nvmeof_tcp_build_icresp(void *buf, const struct nvmeof_tcp_params *p)
{
	struct nvmeof_tcp_icresp *icresp = buf;

	memset(icresp, 0, sizeof(*icresp));
	tcp_fill_ch(buf, NVMEOF_TCP_ICRESP, 0, sizeof(*icresp), 0, sizeof(*icresp));
	icresp->pfv = cpu_to_le16(NVMEOF_TCP_PFV_1_0);
	icresp->cpda = p->cpda;
	icresp->digest = (p->hdr_digest ? NVMEOF_TCP_DIGEST_HDR : 0) |
			 (p->data_digest ? NVMEOF_TCP_DIGEST_DATA : 0);
	icresp->maxdata = cpu_to_le32(p->maxh2cdata);
	return sizeof(*icresp);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_icresp);

/**
 * nvmeof_tcp_build_cmd() - build a CapsuleCmd header.
 * @buf:      a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:        the host's parameters
 * @sqe:      the command
 * @data_len: in-capsule data bytes that will follow, 0 for none; at most
 *            @p->icd_size
 *
 * Return: bytes to send before the data: header, digest and pad. The data
 * and, when @p->data_digest, its digest follow.
 */
size_t nvmeof_tcp_build_cmd(void *buf, const struct nvmeof_tcp_params *p,
			    const struct nvmeof_sqe *sqe, u32 data_len)
{
	struct nvmeof_tcp_cmd_pdu *pdu = buf;
	u8 hlen = sizeof(*pdu);
	u8 pdo = data_len ? tcp_tx_pdo(p, hlen) : 0;
	u32 plen = data_len ? pdo + data_len + tcp_ddgst_len(p) : hlen + tcp_hdgst_len(p);

	/*
	 * The common header and the SQE fill the header to its last byte;
	 * only the pad before in-capsule data is left to clear.
	 */
	static_assert(sizeof(*pdu) == sizeof(pdu->hdr) + sizeof(pdu->cmd));
	if (pdo > hlen)
		memset((u8 *)buf + hlen, 0, pdo - hlen);
	tcp_fill_ch(buf, NVMEOF_TCP_CMD, tcp_flags(p, data_len), hlen, pdo, plen);
	memcpy(&pdu->cmd, sqe, sizeof(*sqe));
	tcp_seal(buf, p, hlen);
	return data_len ? pdo : hlen + tcp_hdgst_len(p);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_cmd);

/**
 * nvmeof_tcp_build_rsp() - build a CapsuleResp.
 * @buf: a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:   the target's parameters
 * @cqe: the completion
 *
 * Return: bytes to send.
 */
size_t nvmeof_tcp_build_rsp(void *buf, const struct nvmeof_tcp_params *p,
			    const struct nvmeof_cqe *cqe)
{
	struct nvmeof_tcp_rsp_pdu *pdu = buf;
	u8 hlen = sizeof(*pdu);

	tcp_fill_ch(buf, NVMEOF_TCP_RSP, tcp_flags(p, false), hlen, 0,
		    hlen + tcp_hdgst_len(p));
	memcpy(&pdu->cqe, cqe, sizeof(*cqe));
	return tcp_seal(buf, p, hlen);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_rsp);

static size_t tcp_build_data(void *buf, const struct nvmeof_tcp_params *p,
			     u8 type, u8 flags, u16 command_id, u16 ttag,
			     u32 data_offset, u32 data_length)
{
	struct nvmeof_tcp_data_pdu *pdu = buf;
	u8 hlen = sizeof(*pdu);
	u8 pdo = tcp_tx_pdo(p, hlen);

	memset(buf, 0, pdo);
	tcp_fill_ch(buf, type, flags | tcp_flags(p, true), hlen, pdo,
		    pdo + data_length + tcp_ddgst_len(p));
	pdu->command_id = command_id;
	pdu->ttag = ttag;
	pdu->data_offset = cpu_to_le32(data_offset);
	pdu->data_length = cpu_to_le32(data_length);
	tcp_seal(buf, p, hlen);
	return pdo;
}

/**
 * nvmeof_tcp_build_h2c_data() - build an H2CData header answering an R2T.
 * @buf:         a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:           the host's parameters
 * @command_id:  the command's CID
 * @ttag:        the transfer tag from the R2T
 * @data_offset: offset of this PDU's data in the transfer
 * @data_length: data bytes, non-zero and at most @p->maxh2cdata
 * @last:        this PDU ends the data the R2T solicited
 *
 * Return: bytes to send before the data (header, digest, pad).
 */
size_t nvmeof_tcp_build_h2c_data(void *buf, const struct nvmeof_tcp_params *p,
				 u16 command_id, u16 ttag, u32 data_offset,
				 u32 data_length, bool last)
{
	return tcp_build_data(buf, p, NVMEOF_TCP_H2C_DATA,
			      last ? NVMEOF_TCP_F_DATA_LAST : 0,
			      command_id, ttag, data_offset, data_length);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_h2c_data);

/**
 * nvmeof_tcp_build_c2h_data() - build a C2HData header.
 * @buf:         a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:           the target's parameters
 * @command_id:  the command's CID
 * @data_offset: offset of this PDU's data in the transfer
 * @data_length: data bytes, non-zero
 * @last:        this PDU ends the command's data
 * @success:     the command succeeded and no CapsuleResp follows (only with
 *               SQ flow control disabled); implies @last
 *
 * Return: bytes to send before the data (header, digest, pad).
 */
size_t nvmeof_tcp_build_c2h_data(void *buf, const struct nvmeof_tcp_params *p,
				 u16 command_id, u32 data_offset, u32 data_length,
				 bool last, bool success)
{
	u8 flags = 0;

	if (last || success)
		flags |= NVMEOF_TCP_F_DATA_LAST;
	if (success)
		flags |= NVMEOF_TCP_F_DATA_SUCCESS;
	return tcp_build_data(buf, p, NVMEOF_TCP_C2H_DATA, flags, command_id, 0,
			      data_offset, data_length);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_c2h_data);

/**
 * nvmeof_tcp_build_r2t() - build an R2T.
 * @buf:        a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:          the target's parameters
 * @command_id: the command's CID
 * @ttag:       the tag the host will echo in its H2CData PDUs
 * @r2t_offset: offset of the solicited data in the transfer
 * @r2t_length: solicited bytes, non-zero
 *
 * Return: bytes to send.
 */
size_t nvmeof_tcp_build_r2t(void *buf, const struct nvmeof_tcp_params *p,
			    u16 command_id, u16 ttag, u32 r2t_offset, u32 r2t_length)
{
	struct nvmeof_tcp_r2t_pdu *pdu = buf;
	u8 hlen = sizeof(*pdu);

	memset(pdu, 0, sizeof(*pdu));
	tcp_fill_ch(buf, NVMEOF_TCP_R2T, tcp_flags(p, false), hlen, 0,
		    hlen + tcp_hdgst_len(p));
	pdu->command_id = command_id;
	pdu->ttag = ttag;
	pdu->r2t_offset = cpu_to_le32(r2t_offset);
	pdu->r2t_length = cpu_to_le32(r2t_length);
	return tcp_seal(buf, p, hlen);
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_r2t);

/**
 * nvmeof_tcp_build_term() - build this side's TermReq.
 * @buf:     a union nvmeof_tcp_hdr_buf, or as large and as aligned
 * @p:       this side's parameters (H2CTermReq from a host, C2HTermReq from
 *           a target)
 * @fes:     fatal error status, usually a validator's @res->fes
 * @fei:     fatal error information, usually its @res->fei
 * @bad_hdr: the offending PDU header as received
 * @bad_len: its length; only the first NVMEOF_TCP_TERM_MAX_DATA bytes go out
 *
 * Never digested, whatever was negotiated.
 *
 * Return: bytes to send (the whole PDU).
 */
size_t nvmeof_tcp_build_term(void *buf, const struct nvmeof_tcp_params *p,
			     u16 fes, u32 fei, const void *bad_hdr, size_t bad_len)
{
	struct nvmeof_tcp_term *term = buf;
	u8 type = p->role == NVMEOF_TCP_ROLE_HOST ? NVMEOF_TCP_H2C_TERM :
						    NVMEOF_TCP_C2H_TERM;
	size_t copy = min_t(size_t, bad_len, NVMEOF_TCP_TERM_MAX_DATA);

	memset(term, 0, sizeof(*term));
	tcp_fill_ch(buf, type, 0, sizeof(*term), 0, sizeof(*term) + copy);
	term->fes = cpu_to_le16(fes);
	term->feil = cpu_to_le16(fei & 0xffff);
	term->feiu = cpu_to_le16(fei >> 16);
	if (copy)
		memcpy(term + 1, bad_hdr, copy);
	return sizeof(*term) + copy;
}
EXPORT_SYMBOL_GPL(nvmeof_tcp_build_term);
