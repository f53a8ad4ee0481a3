// SPDX-License-Identifier: GPL-2.0-only
/* Discovery log page: the target encodes it, the host validates what it reads. */
#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/discovery_log.h>

/*
 * Received logs are read through bytes: a buffer handed to the validator
 * may sit at any alignment (a chunk of a larger read, a fuzzer input).
 */
#define DISC_OFF_TRTYPE		0
#define DISC_OFF_ADRFAM		1
#define DISC_OFF_SUBTYPE	2
#define DISC_OFF_TREQ		3
#define DISC_OFF_PORTID		4
#define DISC_OFF_CNTLID		6
#define DISC_OFF_ASQSZ		8
#define DISC_OFF_EFLAGS		10
#define DISC_OFF_TRSVCID	32
#define DISC_OFF_SUBNQN		256
#define DISC_OFF_TRADDR		512
#define DISC_OFF_TSAS		768
#define DISC_HDR_OFF_GENCTR	0
#define DISC_HDR_OFF_NUMREC	8
#define DISC_HDR_OFF_RECFMT	16

static_assert(offsetof(struct nvmeof_disc_log_entry, portid) == DISC_OFF_PORTID);
static_assert(offsetof(struct nvmeof_disc_log_entry, eflags) == DISC_OFF_EFLAGS);
static_assert(offsetof(struct nvmeof_disc_log_entry, trsvcid) == DISC_OFF_TRSVCID);
static_assert(offsetof(struct nvmeof_disc_log_entry, subnqn) == DISC_OFF_SUBNQN);
static_assert(offsetof(struct nvmeof_disc_log_entry, traddr) == DISC_OFF_TRADDR);
static_assert(offsetof(struct nvmeof_disc_log_entry, tsas) == DISC_OFF_TSAS);
static_assert(offsetof(struct nvmeof_disc_log_hdr, recfmt) == DISC_HDR_OFF_RECFMT);
static_assert(sizeof(struct nvmeof_disc_log_entry) == NVMEOF_DISC_LOG_ENTRY_SIZE);
static_assert(sizeof(struct nvmeof_disc_log_hdr) == NVMEOF_DISC_LOG_HDR_SIZE);

static u16 disc_rd16(const u8 *p)
{
	return p[0] | (u16)p[1] << 8;
}

static u64 disc_rd64(const u8 *p)
{
	return get_unaligned_le32(p) | (u64)get_unaligned_le32(p + 4) << 32;
}

static bool disc_trtype_known(u8 trtype)
{
	switch (trtype) {
	case NVMEOF_TRTYPE_RDMA:
	case NVMEOF_TRTYPE_FC:
	case NVMEOF_TRTYPE_TCP:
	case NVMEOF_TRTYPE_LOOP:
		return true;
	}
	return false;
}

static bool disc_adrfam_known(u8 adrfam)
{
	switch (adrfam) {
	case NVMEOF_ADRFAM_PCI:
	case NVMEOF_ADRFAM_IP4:
	case NVMEOF_ADRFAM_IP6:
	case NVMEOF_ADRFAM_IB:
	case NVMEOF_ADRFAM_FC:
	case NVMEOF_ADRFAM_LOOP:
		return true;
	}
	return false;
}

static bool disc_subtype_known(u8 subtype)
{
	return subtype == NVMEOF_SUBTYPE_DISC_REFERRAL ||
	       subtype == NVMEOF_SUBTYPE_NVME ||
	       subtype == NVMEOF_SUBTYPE_DISC_CURRENT;
}

/*
 * TRADDR and TRSVCID end up in a connect option string ("traddr=%s,..."),
 * so besides being ASCII they must not carry the option separators: a
 * comma, whitespace or a control byte would let a discovery controller
 * inject options into the host's connect.
 */
static bool disc_addr_char_ok(u8 c)
{
	return c > ' ' && c < 0x7f && c != ',';
}

/* NQNs are UTF-8; only the bytes that would split an option string are out. */
static bool disc_nqn_char_ok(u8 c)
{
	return c >= ' ' && c != 0x7f && c != ',';
}

/*
 * Length of an ASCII address field's content: up to the first NUL (Linux
 * pads with NULs), then without trailing spaces (the specification's
 * padding). A field with neither NUL nor trailing space is unterminated.
 * Returns the length, or -1.
 */
static int disc_ascii_field_len(const u8 *f, size_t size)
{
	size_t n = strnlen((const char *)f, size), i;

	if (n == size && f[size - 1] != ' ')
		return -1;
	while (n && f[n - 1] == ' ')
		n--;
	for (i = 0; i < n; i++)
		if (!disc_addr_char_ok(f[i]))
			return -1;
	return n;
}

static const char *disc_entry_check(const u8 *raw)
{
	const u8 *nqn = raw + DISC_OFF_SUBNQN;
	size_t n, i;

	if (!disc_trtype_known(raw[DISC_OFF_TRTYPE]))
		return "unknown trtype";
	if (!disc_adrfam_known(raw[DISC_OFF_ADRFAM]))
		return "unknown adrfam";
	if (!disc_subtype_known(raw[DISC_OFF_SUBTYPE]))
		return "unknown subtype";
	if (disc_ascii_field_len(raw + DISC_OFF_TRSVCID, NVMEOF_TRSVCID_SIZE) < 0)
		return "trsvcid unterminated or not printable ASCII";
	if (disc_ascii_field_len(raw + DISC_OFF_TRADDR, NVMEOF_TRADDR_SIZE) < 0)
		return "traddr unterminated or not printable ASCII";

	n = strnlen((const char *)nqn, NVMEOF_NQN_FIELD_LEN);
	if (n == NVMEOF_NQN_FIELD_LEN)
		return "subnqn not NUL terminated";
	if (!n)
		return "subnqn empty";
	if (n > NVMEOF_NQN_MAX_LEN)
		return "subnqn longer than 223 bytes";
	for (i = 0; i < n; i++)
		if (!disc_nqn_char_ok(nqn[i]))
			return "subnqn has a control byte or comma";
	return NULL;
}

static int disc_desc_check(const struct nvmeof_disc_entry_desc *desc)
{
	size_t i, n;

	if (!desc->trsvcid || !desc->traddr || !desc->subnqn)
		return -EINVAL;
	if (!disc_trtype_known(desc->trtype) || !disc_adrfam_known(desc->adrfam) ||
	    !disc_subtype_known(desc->subtype))
		return -EINVAL;

	n = strnlen(desc->trsvcid, NVMEOF_TRSVCID_SIZE);
	if (n == NVMEOF_TRSVCID_SIZE)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!disc_addr_char_ok(desc->trsvcid[i]))
			return -EINVAL;

	n = strnlen(desc->traddr, NVMEOF_TRADDR_SIZE);
	if (n == NVMEOF_TRADDR_SIZE)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!disc_addr_char_ok(desc->traddr[i]))
			return -EINVAL;

	n = strnlen(desc->subnqn, NVMEOF_NQN_MAX_LEN + 1);
	if (!n || n > NVMEOF_NQN_MAX_LEN)
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (!disc_nqn_char_ok(desc->subnqn[i]))
			return -EINVAL;
	return 0;
}

/**
 * nvmeof_disc_entry_encode() - fill one Discovery log entry.
 * @e:    the 1024-byte entry to fill; every byte is written
 * @desc: the entry as plain C
 *
 * Strings are copied and NUL padded to the end of their fields, as Linux
 * hosts and targets do. The checks match what nvmeof_disc_entry_decode()
 * accepts, so an entry this builds always decodes.
 *
 * Return: 0, or -EINVAL for a missing or over-long string, a character a
 * host could not pass on, or an unknown trtype/adrfam/subtype.
 */
int nvmeof_disc_entry_encode(struct nvmeof_disc_log_entry *e,
			     const struct nvmeof_disc_entry_desc *desc)
{
	int ret = disc_desc_check(desc);

	if (ret)
		return ret;
	memset(e, 0, sizeof(*e));
	e->trtype = desc->trtype;
	e->adrfam = desc->adrfam;
	e->subtype = desc->subtype;
	e->treq = desc->treq;
	e->portid = cpu_to_le16(desc->portid);
	e->cntlid = cpu_to_le16(desc->cntlid);
	e->asqsz = cpu_to_le16(desc->asqsz);
	e->eflags = cpu_to_le16(desc->eflags);
	memcpy(e->trsvcid, desc->trsvcid, strlen(desc->trsvcid));
	memcpy(e->traddr, desc->traddr, strlen(desc->traddr));
	memcpy(e->subnqn, desc->subnqn, strlen(desc->subnqn));
	if (desc->tsas)
		memcpy(&e->tsas, desc->tsas, sizeof(e->tsas));
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_disc_entry_encode);

/**
 * nvmeof_disc_log_hdr_encode() - fill the Discovery log page header.
 * @hdr:    the 1024-byte header; every byte is written
 * @genctr: generation counter, bumped by the caller on every change
 * @numrec: number of entries that follow
 */
void nvmeof_disc_log_hdr_encode(struct nvmeof_disc_log_hdr *hdr, u64 genctr,
				u64 numrec)
{
	memset(hdr, 0, sizeof(*hdr));
	hdr->genctr = cpu_to_le64(genctr);
	hdr->numrec = cpu_to_le64(numrec);
	hdr->recfmt = cpu_to_le16(0);
}
EXPORT_SYMBOL_GPL(nvmeof_disc_log_hdr_encode);

/**
 * nvmeof_disc_log_size() - bytes of a log holding @numrec entries.
 * @numrec: number of entries
 *
 * Return: the size, or 0 if it does not fit in a size_t.
 */
size_t nvmeof_disc_log_size(u64 numrec)
{
	const u64 max_rec = ((size_t)-1 - NVMEOF_DISC_LOG_HDR_SIZE) /
			    NVMEOF_DISC_LOG_ENTRY_SIZE;

	if (numrec > max_rec)
		return 0;
	return NVMEOF_DISC_LOG_HDR_SIZE + (size_t)numrec * NVMEOF_DISC_LOG_ENTRY_SIZE;
}
EXPORT_SYMBOL_GPL(nvmeof_disc_log_size);

/**
 * nvmeof_disc_log_hdr_decode() - read the header of a received log.
 * @buf:    received bytes, any alignment
 * @len:    bytes in @buf
 * @info:   genctr and numrec on success
 * @reason: set to a short explanation on failure (may be NULL)
 *
 * Only the header is looked at, so this suits the first, header-sized read
 * of a chunked transfer.
 *
 * Return: 0; -EMSGSIZE if @len is shorter than the header;
 * -EPROTONOSUPPORT for a record format other than 0.
 */
int nvmeof_disc_log_hdr_decode(const void *buf, size_t len,
			       struct nvmeof_disc_log_info *info,
			       const char **reason)
{
	const u8 *raw = buf;
	const char *why;
	int ret;

	if (len < NVMEOF_DISC_LOG_HDR_SIZE) {
		why = "buffer shorter than the log header";
		ret = -EMSGSIZE;
		goto out_reason;
	}
	if (disc_rd16(raw + DISC_HDR_OFF_RECFMT) != 0) {
		why = "unknown record format";
		ret = -EPROTONOSUPPORT;
		goto out_reason;
	}
	info->genctr = disc_rd64(raw + DISC_HDR_OFF_GENCTR);
	info->numrec = disc_rd64(raw + DISC_HDR_OFF_NUMREC);
	return 0;

out_reason:
	if (reason)
		*reason = why;
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_disc_log_hdr_decode);

/**
 * nvmeof_disc_entry_decode() - validate one received entry and copy it out.
 * @e:      the entry as received
 * @info:   the decoded entry on success
 * @reason: set to a short explanation on failure (may be NULL)
 *
 * Return: 0, or -EINVAL for an unknown trtype/adrfam/subtype, or a string
 * field that is unterminated or holds bytes a host could not pass on.
 */
int nvmeof_disc_entry_decode(const struct nvmeof_disc_log_entry *e,
			     struct nvmeof_disc_entry_info *info,
			     const char **reason)
{
	const u8 *raw = (const u8 *)e;
	const char *why = disc_entry_check(raw);
	int n;

	if (why) {
		if (reason)
			*reason = why;
		return -EINVAL;
	}
	memset(info, 0, sizeof(*info));
	info->trtype = raw[DISC_OFF_TRTYPE];
	info->adrfam = raw[DISC_OFF_ADRFAM];
	info->subtype = raw[DISC_OFF_SUBTYPE];
	info->treq = raw[DISC_OFF_TREQ];
	info->portid = disc_rd16(raw + DISC_OFF_PORTID);
	info->cntlid = disc_rd16(raw + DISC_OFF_CNTLID);
	info->asqsz = disc_rd16(raw + DISC_OFF_ASQSZ);
	info->eflags = disc_rd16(raw + DISC_OFF_EFLAGS);
	/* Lengths are known good: disc_entry_check() passed. */
	n = disc_ascii_field_len(raw + DISC_OFF_TRSVCID, NVMEOF_TRSVCID_SIZE);
	memcpy(info->trsvcid, raw + DISC_OFF_TRSVCID, min_t(int, n, NVMEOF_TRSVCID_SIZE - 1));
	n = disc_ascii_field_len(raw + DISC_OFF_TRADDR, NVMEOF_TRADDR_SIZE);
	memcpy(info->traddr, raw + DISC_OFF_TRADDR, min_t(int, n, NVMEOF_TRADDR_SIZE - 1));
	memcpy(info->subnqn, raw + DISC_OFF_SUBNQN,
	       strnlen((const char *)raw + DISC_OFF_SUBNQN, NVMEOF_NQN_FIELD_LEN));
	memcpy(&info->tsas, raw + DISC_OFF_TSAS, sizeof(info->tsas));
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_disc_entry_decode);

/**
 * nvmeof_disc_log_validate() - validate a whole received Discovery log.
 * @buf:    received bytes: header, then entries; any alignment
 * @len:    bytes in @buf
 * @info:   genctr and numrec on success
 * @reason: set to a short explanation on failure (may be NULL)
 *
 * After this succeeds, entry i sits at byte 1024 * (i + 1) of @buf for
 * i < @info->numrec and nvmeof_disc_entry_decode() succeeds on each.
 *
 * Return: 0; -EMSGSIZE if the header or the numrec entries it announces do
 * not fit in @len (read nvmeof_disc_log_size(numrec) bytes and retry);
 * -EPROTONOSUPPORT for an unknown record format; -EINVAL for a bad entry.
 */
int nvmeof_disc_log_validate(const void *buf, size_t len,
			     struct nvmeof_disc_log_info *info,
			     const char **reason)
{
	struct nvmeof_disc_log_info hdr;
	const u8 *raw = buf;
	const char *why;
	u64 i;
	int ret;

	ret = nvmeof_disc_log_hdr_decode(buf, len, &hdr, reason);
	if (ret)
		return ret;
	/* Divide rather than multiply: numrec comes off the wire. */
	if (hdr.numrec > (len - NVMEOF_DISC_LOG_HDR_SIZE) / NVMEOF_DISC_LOG_ENTRY_SIZE) {
		if (reason)
			*reason = "numrec entries do not fit in the buffer";
		return -EMSGSIZE;
	}
	for (i = 0; i < hdr.numrec; i++) {
		why = disc_entry_check(raw + NVMEOF_DISC_LOG_HDR_SIZE +
				       (size_t)i * NVMEOF_DISC_LOG_ENTRY_SIZE);
		if (why) {
			if (reason)
				*reason = why;
			return -EINVAL;
		}
	}
	*info = hdr;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_disc_log_validate);

/**
 * nvmeof_disc_log_check_stable() - did the log change during a chunked read?
 * @before:    header info from the read that started the transfer
 * @hdr_again: the header read again after the last chunk
 * @len:       bytes in @hdr_again
 *
 * A log larger than one transfer is read in pieces (nvme-cli reads the
 * header, then the whole log, then the header again). If the target changed
 * the log in between, the pieces do not belong together: start over.
 *
 * Return: 0 if genctr and numrec are unchanged; -EAGAIN if they changed;
 * the nvmeof_disc_log_hdr_decode() error if @hdr_again is no header.
 */
int nvmeof_disc_log_check_stable(const struct nvmeof_disc_log_info *before,
				 const void *hdr_again, size_t len)
{
	struct nvmeof_disc_log_info now;
	int ret;

	ret = nvmeof_disc_log_hdr_decode(hdr_again, len, &now, NULL);
	if (ret)
		return ret;
	if (now.genctr != before->genctr || now.numrec != before->numrec)
		return -EAGAIN;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_disc_log_check_stable);
