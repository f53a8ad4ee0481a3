// SPDX-License-Identifier: GPL-2.0-only
/* SGL descriptors on fabrics: build them for the host, validate them for the target. */
#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/sgl.h>

/*
 * A keyed descriptor packs a 24-bit length and a 32-bit key into bytes
 * 8..14, so neither is naturally aligned: go through bytes.
 */
#define KSGL_LEN_OFF	8
#define KSGL_KEY_OFF	11

static void sgl_clear(struct nvmeof_sgl_desc *d)
{
	memset(d, 0, sizeof(*d));
}

/**
 * nvmeof_sgl_set_incapsule() - describe data carried inside the command capsule.
 * @d:      descriptor to fill (the SQE's dptr)
 * @offset: offset of the data from the start of the in-capsule data area
 * @len:    data length in bytes
 */
void nvmeof_sgl_set_incapsule(struct nvmeof_sgl_desc *d, u32 offset, u32 len)
{
	sgl_clear(d);
	d->addr = cpu_to_le64(offset);
	d->length = cpu_to_le32(len);
	d->type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_DATA_BLOCK, NVMEOF_SGL_SUBTYPE_OFFSET);
}
EXPORT_SYMBOL_GPL(nvmeof_sgl_set_incapsule);

/**
 * nvmeof_sgl_set_keyed() - describe a registered remote buffer (RDMA).
 * @d:          descriptor to fill; laid out as struct nvmeof_keyed_sgl_desc
 * @addr:       remote address
 * @len:        length in bytes, at most NVMEOF_KEYED_SGL_MAX_LEN
 * @key:        remote key
 * @invalidate: ask the target to invalidate @key when it completes
 *
 * Return: 0, or -EINVAL if @len does not fit in 24 bits (@d untouched).
 */
int nvmeof_sgl_set_keyed(struct nvmeof_sgl_desc *d, u64 addr, u32 len, u32 key,
			 bool invalidate)
{
	u8 *raw = (u8 *)d;

	if (len > NVMEOF_KEYED_SGL_MAX_LEN)
		return -EINVAL;
	sgl_clear(d);
	d->addr = cpu_to_le64(addr);
	raw[KSGL_LEN_OFF] = len & 0xff;
	raw[KSGL_LEN_OFF + 1] = (len >> 8) & 0xff;
	raw[KSGL_LEN_OFF + 2] = (len >> 16) & 0xff;
	put_unaligned_le32(key, raw + KSGL_KEY_OFF);
	d->type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_KEYED_DATA_BLOCK,
				invalidate ? NVMEOF_SGL_SUBTYPE_INVALIDATE :
					     NVMEOF_SGL_SUBTYPE_ADDRESS);
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_sgl_set_keyed);

/**
 * nvmeof_sgl_set_null() - describe "no data" the way a transport expects it.
 * @d:    descriptor to fill
 * @kind: NVMEOF_SGL_TRANSPORT for TCP, NVMEOF_SGL_KEYED for RDMA; in-capsule
 *        gives a zero-length offset descriptor
 */
void nvmeof_sgl_set_null(struct nvmeof_sgl_desc *d, enum nvmeof_sgl_kind kind)
{
	switch (kind) {
	case NVMEOF_SGL_KEYED:
		sgl_clear(d);
		d->type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_KEYED_DATA_BLOCK,
					NVMEOF_SGL_SUBTYPE_ADDRESS);
		break;
	case NVMEOF_SGL_TRANSPORT:
		nvmeof_sgl_set_transport(d, 0);
		break;
	case NVMEOF_SGL_INCAPSULE:
	default:
		nvmeof_sgl_set_incapsule(d, 0, 0);
		break;
	}
}
EXPORT_SYMBOL_GPL(nvmeof_sgl_set_null);

static bool sgl_rsvd12_clear(const struct nvmeof_sgl_desc *d)
{
	return !(d->rsvd12[0] | d->rsvd12[1] | d->rsvd12[2]);
}

/* Returns 0 and sets *kind, or the status for an identifier we do not take. */
static u16 sgl_classify(u8 id, u32 accept, enum nvmeof_sgl_kind *kind)
{
	u8 type = NVMEOF_SGL_ID_TYPE(id), sub = NVMEOF_SGL_ID_SUBTYPE(id);

	/*
	 * A fabrics command carries exactly one data descriptor (MSDBD 1 in
	 * Linux practice), so segments, bit buckets and plain addresses are
	 * never valid here. An unsupported sub type gets the same answer as an
	 * unsupported type: together they name the descriptor's format.
	 */
	if (type == NVMEOF_SGL_TYPE_DATA_BLOCK && sub == NVMEOF_SGL_SUBTYPE_OFFSET)
		*kind = NVMEOF_SGL_INCAPSULE;
	else if (type == NVMEOF_SGL_TYPE_TRANSPORT_DATA_BLOCK &&
		 sub == NVMEOF_SGL_SUBTYPE_TRANSPORT)
		*kind = NVMEOF_SGL_TRANSPORT;
	else if (type == NVMEOF_SGL_TYPE_KEYED_DATA_BLOCK &&
		 (sub == NVMEOF_SGL_SUBTYPE_ADDRESS || sub == NVMEOF_SGL_SUBTYPE_INVALIDATE))
		*kind = NVMEOF_SGL_KEYED;
	else
		return NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR;

	if (!(accept & NVMEOF_SGL_ACCEPT(*kind)))
		return NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR;
	return NVMEOF_SC_SUCCESS;
}

static u16 sgl_parse_incapsule(const struct nvmeof_sgl_desc *d,
			       const struct nvmeof_sgl_limits *lim,
			       struct nvmeof_sgl_info *info)
{
	u64 offset = le64_to_cpu(d->addr);
	u32 len = le32_to_cpu(d->length);

	if (!sgl_rsvd12_clear(d))
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	if (len && !lim->host_to_ctrl)
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	if (len > lim->max_len)
		return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
	/* Two compares rather than a sum: offset is a 64-bit wire value. */
	if (offset > lim->incapsule_size || len > lim->incapsule_size - offset)
		return NVMEOF_SC_SGL_INVALID_OFFSET | NVMEOF_SC_DNR;
	info->offset = (u32)offset;
	info->len = len;
	return NVMEOF_SC_SUCCESS;
}

static u16 sgl_parse_transport(const struct nvmeof_sgl_desc *d,
			       const struct nvmeof_sgl_limits *lim,
			       struct nvmeof_sgl_info *info)
{
	u32 len = le32_to_cpu(d->length);

	/* NVMe/TCP reserves the address field of this descriptor. */
	if (d->addr || !sgl_rsvd12_clear(d))
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	if (len > lim->max_len)
		return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
	info->len = len;
	return NVMEOF_SC_SUCCESS;
}

static u16 sgl_parse_keyed(const struct nvmeof_sgl_desc *d,
			   const struct nvmeof_sgl_limits *lim,
			   struct nvmeof_sgl_info *info)
{
	const u8 *raw = (const u8 *)d;
	u32 len = raw[KSGL_LEN_OFF] | (u32)raw[KSGL_LEN_OFF + 1] << 8 |
		  (u32)raw[KSGL_LEN_OFF + 2] << 16;

	if (len > lim->max_len)
		return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
	info->len = len;
	info->addr = le64_to_cpu(d->addr);
	info->key = get_unaligned_le32(raw + KSGL_KEY_OFF);
	info->invalidate = NVMEOF_SGL_ID_SUBTYPE(d->type) == NVMEOF_SGL_SUBTYPE_INVALIDATE;
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_sgl_parse() - validate the data descriptor of a received command.
 * @d:    the SQE's dptr, as received
 * @lim:  what the receiving queue supports
 * @info: filled on success; zeroed first in any case
 *
 * Checks, in order: descriptor type and sub type (and that the transport
 * takes that kind), reserved fields, direction (in-capsule data only flows
 * to the controller), length against @lim->max_len, and for in-capsule data
 * that offset + length stays within @lim->incapsule_size. Zero-length
 * descriptors of any accepted kind are valid and mean "no data".
 *
 * Return: NVMEOF_SC_SUCCESS, or the status (with DNR) to complete the
 * command with: SGL_INVALID_TYPE, INVALID_FIELD, SGL_INVALID_DATA_LEN or
 * SGL_INVALID_OFFSET.
 */
u16 nvmeof_sgl_parse(const struct nvmeof_sgl_desc *d,
		     const struct nvmeof_sgl_limits *lim,
		     struct nvmeof_sgl_info *info)
{
	enum nvmeof_sgl_kind kind;
	u16 status;

	memset(info, 0, sizeof(*info));
	status = sgl_classify(d->type, lim->accept, &kind);
	if (status)
		return status;
	info->kind = kind;

	switch (kind) {
	case NVMEOF_SGL_INCAPSULE:
		return sgl_parse_incapsule(d, lim, info);
	case NVMEOF_SGL_TRANSPORT:
		return sgl_parse_transport(d, lim, info);
	case NVMEOF_SGL_KEYED:
		return sgl_parse_keyed(d, lim, info);
	}
	return NVMEOF_SC_SGL_INVALID_TYPE | NVMEOF_SC_DNR;
}
EXPORT_SYMBOL_GPL(nvmeof_sgl_parse);

/**
 * nvmeof_sqe_check_psdt() - check that a fabrics command uses SGLs.
 * @sqe: the received command
 *
 * Fabrics require PSDT 01b (SGL data, contiguous metadata buffer); PRPs
 * mean nothing across a fabric.
 *
 * Return: NVMEOF_SC_SUCCESS or NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR.
 */
u16 nvmeof_sqe_check_psdt(const struct nvmeof_sqe *sqe)
{
	if ((sqe->flags & NVMEOF_SQE_PSDT_MASK) != NVMEOF_SQE_PSDT_SGL_MPTR_BUF)
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	return NVMEOF_SC_SUCCESS;
}
EXPORT_SYMBOL_GPL(nvmeof_sqe_check_psdt);
