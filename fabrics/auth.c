// SPDX-License-Identifier: GPL-2.0-only
/* DH-HMAC-CHAP message codecs, DHHC-1 secrets and HMAC input assembly (pure). */
#include <nvmeof/shim.h>
#include <nvmeof/auth.h>

static const struct nvmeof_auth_hash auth_hashes[] = {
	{ NVMEOF_AUTH_HASH_SHA256, 32, "hmac(sha256)", "sha256" },
	{ NVMEOF_AUTH_HASH_SHA384, 48, "hmac(sha384)", "sha384" },
	{ NVMEOF_AUTH_HASH_SHA512, 64, "hmac(sha512)", "sha512" },
};

/* Index is the group id; configfs dhchap_dhgroup uses these names. */
static const char * const auth_dhgroup_names[] = {
	[NVMEOF_AUTH_DHGROUP_NULL] = "null",
	[NVMEOF_AUTH_DHGROUP_2048] = "ffdhe2048",
	[NVMEOF_AUTH_DHGROUP_3072] = "ffdhe3072",
	[NVMEOF_AUTH_DHGROUP_4096] = "ffdhe4096",
	[NVMEOF_AUTH_DHGROUP_6144] = "ffdhe6144",
	[NVMEOF_AUTH_DHGROUP_8192] = "ffdhe8192",
};

/* DHHC-1 key transform (Base 2.0, 8.13.5): HMAC_hh(key, NQNh || this). */
static const char auth_transform_suffix[] = "NVMe-over-Fabrics";

const struct nvmeof_auth_hash *nvmeof_auth_hash_by_id(u8 id)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auth_hashes); i++)
		if (auth_hashes[i].id == id)
			return &auth_hashes[i];
	return NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_hash_by_id);

const struct nvmeof_auth_hash *nvmeof_auth_hash_by_name(const char *name, size_t len)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(auth_hashes); i++)
		if (strlen(auth_hashes[i].hmac) == len &&
		    !memcmp(auth_hashes[i].hmac, name, len))
			return &auth_hashes[i];
	return NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_hash_by_name);

const char *nvmeof_auth_dhgroup_name(u8 id)
{
	if (id >= ARRAY_SIZE(auth_dhgroup_names))
		return NULL;
	return auth_dhgroup_names[id];
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dhgroup_name);

int nvmeof_auth_dhgroup_by_name(const char *name, size_t len, u8 *id)
{
	size_t i;

	if (!name)
		return -EINVAL;
	for (i = 0; i < ARRAY_SIZE(auth_dhgroup_names); i++) {
		if (strlen(auth_dhgroup_names[i]) == len &&
		    !memcmp(auth_dhgroup_names[i], name, len)) {
			*id = (u8)i;
			return 0;
		}
	}
	return -EINVAL;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dhgroup_by_name);

int nvmeof_auth_dhvlen(u8 dhgid)
{
	const struct nvmeof_ffdhe_group *g;

	if (dhgid == NVMEOF_AUTH_DHGROUP_NULL)
		return 0;
	g = nvmeof_ffdhe_group_by_id(dhgid);
	return g ? g->size : -EINVAL;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dhvlen);

bool nvmeof_auth_id_in_list(u8 id, const u8 *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == id)
			return true;
	return false;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_id_in_list);

/* ---- DHHC-1 secrets ---- */

static const char auth_b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int auth_b64_val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/*
 * Strict RFC 4648 decoding: a multiple of four characters, '=' only as the
 * last one or two, unused bits of the last group zero (so every byte string
 * has exactly one accepted text). Returns the decoded length or -EINVAL.
 */
static int auth_b64_decode(const char *s, size_t len, u8 *out, size_t size)
{
	size_t i, o = 0;

	if (len == 0 || len % 4)
		return -EINVAL;
	for (i = 0; i < len; i += 4) {
		bool last = i + 4 == len;
		int v[4], k, pad = 0;
		u32 group;

		for (k = 0; k < 4; k++) {
			if (last && k >= 2 && s[i + k] == '=') {
				pad++;
				v[k] = 0;
				continue;
			}
			/* Data after padding, or padding not at the end. */
			if (pad)
				return -EINVAL;
			v[k] = auth_b64_val(s[i + k]);
			if (v[k] < 0)
				return -EINVAL;
		}
		group = (u32)v[0] << 18 | (u32)v[1] << 12 | (u32)v[2] << 6 | (u32)v[3];
		if ((pad == 2 && (group & 0xffff)) || (pad == 1 && (group & 0xff)))
			return -EINVAL;
		if (size - o < (size_t)(3 - pad))
			return -EINVAL;
		out[o++] = (u8)(group >> 16);
		if (pad < 2)
			out[o++] = (u8)(group >> 8);
		if (pad < 1)
			out[o++] = (u8)group;
	}
	return (int)o;
}

static size_t auth_b64_encode(const u8 *in, size_t len, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < len; i += 3) {
		size_t n = len - i < 3 ? len - i : 3;
		u32 group = (u32)in[i] << 16;

		if (n > 1)
			group |= (u32)in[i + 1] << 8;
		if (n > 2)
			group |= in[i + 2];
		out[o++] = auth_b64[(group >> 18) & 0x3f];
		out[o++] = auth_b64[(group >> 12) & 0x3f];
		out[o++] = n > 1 ? auth_b64[(group >> 6) & 0x3f] : '=';
		out[o++] = n > 2 ? auth_b64[group & 0x3f] : '=';
	}
	return o;
}

/* Key lengths of DHHC-1 secrets, and the digest lengths of the three hashes. */
static bool auth_key_len_valid(size_t len)
{
	return len == 32 || len == 48 || len == 64;
}

static u32 auth_key_crc(const u8 *key, size_t len)
{
	return ~nvmeof_crc32_update(~0U, key, len);
}

#define AUTH_SECRET_PREFIX	"DHHC-1:"
#define AUTH_SECRET_PREFIX_LEN	(sizeof(AUTH_SECRET_PREFIX) - 1)
/* Key and its CRC-32. */
#define AUTH_SECRET_RAW_MAX	(NVMEOF_AUTH_HASH_MAX + 4)

int nvmeof_auth_secret_parse(const char *s, size_t len, struct nvmeof_auth_secret *out)
{
	u8 raw[AUTH_SECRET_RAW_MAX];
	const char *b64;
	size_t b64_len;
	int n, ret = -EINVAL;
	u8 hh;

	/* "DHHC-1:" "hh" ":" then at least one base64 group and ":". */
	if (!s || len < AUTH_SECRET_PREFIX_LEN + 3 + 4 + 1)
		return -EINVAL;
	if (memcmp(s, AUTH_SECRET_PREFIX, AUTH_SECRET_PREFIX_LEN))
		return -EINVAL;
	s += AUTH_SECRET_PREFIX_LEN;
	len -= AUTH_SECRET_PREFIX_LEN;
	if (s[0] != '0' || s[1] < '0' || s[1] > '3' || s[2] != ':')
		return -EINVAL;
	hh = (u8)(s[1] - '0');
	b64 = s + 3;
	b64_len = len - 3;
	if (b64[b64_len - 1] != ':')
		return -EINVAL;
	b64_len--;

	n = auth_b64_decode(b64, b64_len, raw, sizeof(raw));
	if (n < 4 || !auth_key_len_valid((size_t)n - 4))
		goto out_wipe;
	n -= 4;
	if (get_unaligned_le32(raw + n) != auth_key_crc(raw, (size_t)n))
		goto out_wipe;

	out->transform = hh;
	out->len = (u8)n;
	memset(out->key, 0, sizeof(out->key));
	memcpy(out->key, raw, (size_t)n);
	ret = 0;
out_wipe:
	nvmeof_memzero_explicit(raw, sizeof(raw));
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_secret_parse);

int nvmeof_auth_secret_format(const struct nvmeof_auth_secret *k, char *buf, size_t size)
{
	u8 raw[AUTH_SECRET_RAW_MAX];
	size_t need, o;

	if (!k || k->transform > NVMEOF_AUTH_HASH_SHA512 || !auth_key_len_valid(k->len))
		return -EINVAL;
	need = AUTH_SECRET_PREFIX_LEN + 3 + (k->len + 4 + 2) / 3 * 4 + 1;
	if (!buf || size < need + 1)
		return -EMSGSIZE;

	memcpy(raw, k->key, k->len);
	put_unaligned_le32(auth_key_crc(k->key, k->len), raw + k->len);
	memcpy(buf, AUTH_SECRET_PREFIX, AUTH_SECRET_PREFIX_LEN);
	o = AUTH_SECRET_PREFIX_LEN;
	buf[o++] = '0';
	buf[o++] = (char)('0' + k->transform);
	buf[o++] = ':';
	o += auth_b64_encode(raw, k->len + 4, buf + o);
	buf[o++] = ':';
	buf[o] = '\0';
	nvmeof_memzero_explicit(raw, sizeof(raw));
	return (int)o;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_secret_format);

void nvmeof_auth_secret_clear(struct nvmeof_auth_secret *k)
{
	if (k)
		nvmeof_memzero_explicit(k, sizeof(*k));
}
EXPORT_SYMBOL_GPL(nvmeof_auth_secret_clear);

struct nvmeof_auth_secret *nvmeof_auth_secret_alloc(void)
{
	return nvmeof_zalloc_sensitive(sizeof(struct nvmeof_auth_secret));
}
EXPORT_SYMBOL_GPL(nvmeof_auth_secret_alloc);

void nvmeof_auth_secret_free(struct nvmeof_auth_secret *k)
{
	nvmeof_free_sensitive(k, sizeof(*k));
}
EXPORT_SYMBOL_GPL(nvmeof_auth_secret_free);

/* ---- Authentication Send/Receive SQEs ---- */

static bool auth_sqe_proto_ok(u8 secp, u8 spsp0, u8 spsp1)
{
	return secp == NVMEOF_AUTH_SECP_NVME && spsp0 == NVMEOF_AUTH_SPSP0 &&
	       spsp1 == NVMEOF_AUTH_SPSP1;
}

u16 nvmeof_auth_send_check(const struct nvmeof_auth_send_cmd *cmd, u32 *tl)
{
	u32 len = le32_to_cpu(cmd->tl);

	if (!auth_sqe_proto_ok(cmd->secp, cmd->spsp0, cmd->spsp1))
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	if (len == 0 || len > NVMEOF_AUTH_MSG_MAX)
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	*tl = len;
	return NVMEOF_SC_SUCCESS;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_send_check);

u16 nvmeof_auth_recv_check(const struct nvmeof_auth_recv_cmd *cmd, u32 *al)
{
	u32 len = le32_to_cpu(cmd->al);

	if (!auth_sqe_proto_ok(cmd->secp, cmd->spsp0, cmd->spsp1))
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	if (len == 0 || len > NVMEOF_AUTH_RECV_AL_MAX)
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	*al = len;
	return NVMEOF_SC_SUCCESS;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_recv_check);

void nvmeof_auth_send_init(struct nvmeof_auth_send_cmd *cmd, u16 command_id, u32 tl)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = NVMEOF_FABRICS_OPCODE;
	cmd->command_id = command_id;
	cmd->fctype = NVMEOF_FCTYPE_AUTH_SEND;
	cmd->secp = NVMEOF_AUTH_SECP_NVME;
	cmd->spsp0 = NVMEOF_AUTH_SPSP0;
	cmd->spsp1 = NVMEOF_AUTH_SPSP1;
	cmd->tl = cpu_to_le32(tl);
}
EXPORT_SYMBOL_GPL(nvmeof_auth_send_init);

void nvmeof_auth_recv_init(struct nvmeof_auth_recv_cmd *cmd, u16 command_id, u32 al)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->opcode = NVMEOF_FABRICS_OPCODE;
	cmd->command_id = command_id;
	cmd->fctype = NVMEOF_FCTYPE_AUTH_RECV;
	cmd->secp = NVMEOF_AUTH_SECP_NVME;
	cmd->spsp0 = NVMEOF_AUTH_SPSP0;
	cmd->spsp1 = NVMEOF_AUTH_SPSP1;
	cmd->al = cpu_to_le32(al);
}
EXPORT_SYMBOL_GPL(nvmeof_auth_recv_init);

/* ---- messages ---- */

/*
 * Every message starts with AUTH-TYPE, AUTH-ID, two reserved bytes and the
 * transaction id: the smallest thing worth looking at is six bytes.
 */
#define AUTH_MSG_MIN	6

u8 nvmeof_auth_msg_peek(const void *buf, size_t len, u8 *type, u8 *id)
{
	const u8 *p = buf;

	if (!buf || len < AUTH_MSG_MIN)
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	*type = p[0];
	*id = p[1];
	switch (p[0]) {
	case NVMEOF_AUTH_TYPE_COMMON:
		if (p[1] == NVMEOF_AUTH_ID_NEGOTIATE || p[1] == NVMEOF_AUTH_ID_FAILURE1 ||
		    p[1] == NVMEOF_AUTH_ID_FAILURE2)
			return 0;
		break;
	case NVMEOF_AUTH_TYPE_DHCHAP:
		if (p[1] >= NVMEOF_AUTH_ID_CHALLENGE && p[1] <= NVMEOF_AUTH_ID_SUCCESS2)
			return 0;
		break;
	}
	return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_msg_peek);

/* Is (type, id) the message expected; checked after the length. */
static bool auth_msg_is(const void *buf, u8 type, u8 id)
{
	const u8 *p = buf;

	return p[0] == type && p[1] == id;
}

/* A received DH value: none for null, else 1..prime size bytes. */
static bool auth_dhvlen_ok(u8 dhgid, u16 dhvlen)
{
	int max = nvmeof_auth_dhvlen(dhgid);

	if (max < 0)
		return false;
	if (max == 0)
		return dhvlen == 0;
	return dhvlen > 0 && dhvlen <= max;
}

u8 nvmeof_auth_negotiate_decode(const void *buf, size_t len,
				struct nvmeof_auth_negotiate_info *info)
{
	struct nvmeof_auth_negotiate hdr;
	struct nvmeof_auth_protocol_desc d;
	const u8 *p = buf;
	bool found = false;
	size_t i;

	if (!buf || len < sizeof(hdr))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	memcpy(&hdr, p, sizeof(hdr));
	if (!auth_msg_is(&hdr, NVMEOF_AUTH_TYPE_COMMON, NVMEOF_AUTH_ID_NEGOTIATE))
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	if (hdr.napd == 0 || hdr.napd > NVMEOF_AUTH_NAPD_MAX ||
	    len != sizeof(hdr) + (size_t)hdr.napd * sizeof(d))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	if (hdr.sc_c > NVMEOF_AUTH_SCC_REPLACE_TLS)
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < hdr.napd; i++) {
		memcpy(&d, p + sizeof(hdr) + i * sizeof(d), sizeof(d));
		if (d.authid != NVMEOF_AUTH_PROTO_DHCHAP)
			continue;
		/* Two DH-HMAC-CHAP descriptors would be two different offers. */
		if (found)
			return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
		if (d.halen == 0 || d.halen > NVMEOF_AUTH_DESC_IDS ||
		    d.dhlen == 0 || d.dhlen > NVMEOF_AUTH_DESC_IDS)
			return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
		info->halen = d.halen;
		info->dhlen = d.dhlen;
		memcpy(info->hash_ids, d.hash_ids, d.halen);
		memcpy(info->dhgroup_ids, d.dhgroup_ids, d.dhlen);
		found = true;
	}
	if (!found)
		return NVMEOF_AUTH_FAIL_NOT_USABLE;
	info->t_id = le16_to_cpu(hdr.t_id);
	info->sc_c = hdr.sc_c;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_negotiate_decode);

u8 nvmeof_auth_negotiate_select(const struct nvmeof_auth_negotiate_info *info,
				u8 hash_id, u8 dhgid)
{
	if (info->sc_c != NVMEOF_AUTH_SCC_NONE)
		return NVMEOF_AUTH_FAIL_CONCAT_MISMATCH;
	if (!nvmeof_auth_hash_by_id(hash_id) ||
	    !nvmeof_auth_id_in_list(hash_id, info->hash_ids, info->halen))
		return NVMEOF_AUTH_FAIL_HASH_UNUSABLE;
	if (nvmeof_auth_dhvlen(dhgid) < 0 ||
	    !nvmeof_auth_id_in_list(dhgid, info->dhgroup_ids, info->dhlen))
		return NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_negotiate_select);

int nvmeof_auth_negotiate_build(void *buf, size_t size, u16 t_id,
				const u8 *hash_ids, u8 halen,
				const u8 *dhgroup_ids, u8 dhlen)
{
	struct nvmeof_auth_negotiate hdr;
	struct nvmeof_auth_protocol_desc d;
	u8 *p = buf;

	if (!hash_ids || !dhgroup_ids || halen == 0 || halen > NVMEOF_AUTH_DESC_IDS ||
	    dhlen == 0 || dhlen > NVMEOF_AUTH_DESC_IDS)
		return -EINVAL;
	if (!buf || size < sizeof(hdr) + sizeof(d))
		return -EMSGSIZE;
	memset(&hdr, 0, sizeof(hdr));
	hdr.auth_type = NVMEOF_AUTH_TYPE_COMMON;
	hdr.auth_id = NVMEOF_AUTH_ID_NEGOTIATE;
	hdr.t_id = cpu_to_le16(t_id);
	hdr.sc_c = NVMEOF_AUTH_SCC_NONE;
	hdr.napd = 1;
	memset(&d, 0, sizeof(d));
	d.authid = NVMEOF_AUTH_PROTO_DHCHAP;
	d.halen = halen;
	d.dhlen = dhlen;
	memcpy(d.hash_ids, hash_ids, halen);
	memcpy(d.dhgroup_ids, dhgroup_ids, dhlen);
	memcpy(p, &hdr, sizeof(hdr));
	memcpy(p + sizeof(hdr), &d, sizeof(d));
	return (int)(sizeof(hdr) + sizeof(d));
}
EXPORT_SYMBOL_GPL(nvmeof_auth_negotiate_build);

u8 nvmeof_dhchap_challenge_decode(const void *buf, size_t len, u16 t_id,
				  struct nvmeof_dhchap_challenge_info *info)
{
	struct nvmeof_dhchap_challenge hdr;
	const struct nvmeof_auth_hash *h;
	const u8 *p = buf;
	u16 dhvlen;

	if (!buf || len < sizeof(hdr))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	memcpy(&hdr, p, sizeof(hdr));
	if (!auth_msg_is(&hdr, NVMEOF_AUTH_TYPE_DHCHAP, NVMEOF_AUTH_ID_CHALLENGE) ||
	    le16_to_cpu(hdr.t_id) != t_id)
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	h = nvmeof_auth_hash_by_id(hdr.hashid);
	if (!h)
		return NVMEOF_AUTH_FAIL_HASH_UNUSABLE;
	if (hdr.hl != h->len)
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	if (nvmeof_auth_dhvlen(hdr.dhgid) < 0)
		return NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE;
	dhvlen = le16_to_cpu(hdr.dhvlen);
	if (!auth_dhvlen_ok(hdr.dhgid, dhvlen))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	if (len - sizeof(hdr) < (size_t)hdr.hl + dhvlen)
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;

	info->txn.t_id = t_id;
	info->txn.hash_id = hdr.hashid;
	info->txn.dhgid = hdr.dhgid;
	info->hl = hdr.hl;
	info->seqnum = le32_to_cpu(hdr.seqnum);
	info->c1 = p + sizeof(hdr);
	info->dhvlen = dhvlen;
	info->dhv = dhvlen ? p + sizeof(hdr) + hdr.hl : NULL;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_challenge_decode);

/* Hash length of a transaction's hash, 0 when the transaction is bad. */
static u8 auth_txn_hl(const struct nvmeof_auth_txn *txn)
{
	const struct nvmeof_auth_hash *h;

	if (!txn || nvmeof_auth_dhvlen(txn->dhgid) < 0)
		return 0;
	h = nvmeof_auth_hash_by_id(txn->hash_id);
	return h ? h->len : 0;
}

int nvmeof_dhchap_challenge_build(void *buf, size_t size,
				  const struct nvmeof_auth_txn *txn, u32 seqnum,
				  const u8 *c1, const u8 *dhv, u16 dhvlen)
{
	struct nvmeof_dhchap_challenge hdr;
	u8 hl = auth_txn_hl(txn);
	u8 *p = buf;
	size_t need;

	if (!hl || !c1 || dhvlen != nvmeof_auth_dhvlen(txn->dhgid) || (dhvlen && !dhv))
		return -EINVAL;
	need = sizeof(hdr) + hl + dhvlen;
	if (!buf || size < need)
		return -EMSGSIZE;
	memset(&hdr, 0, sizeof(hdr));
	hdr.auth_type = NVMEOF_AUTH_TYPE_DHCHAP;
	hdr.auth_id = NVMEOF_AUTH_ID_CHALLENGE;
	hdr.t_id = cpu_to_le16(txn->t_id);
	hdr.hl = hl;
	hdr.hashid = txn->hash_id;
	hdr.dhgid = txn->dhgid;
	hdr.dhvlen = cpu_to_le16(dhvlen);
	hdr.seqnum = cpu_to_le32(seqnum);
	memcpy(p, &hdr, sizeof(hdr));
	memcpy(p + sizeof(hdr), c1, hl);
	if (dhvlen)
		memcpy(p + sizeof(hdr) + hl, dhv, dhvlen);
	return (int)need;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_challenge_build);

u8 nvmeof_dhchap_reply_decode(const void *buf, size_t len,
			      const struct nvmeof_auth_txn *txn,
			      struct nvmeof_dhchap_reply_info *info)
{
	struct nvmeof_dhchap_reply hdr;
	u8 hl = auth_txn_hl(txn);
	const u8 *p = buf;
	u16 dhvlen;

	if (!hl)
		return NVMEOF_AUTH_FAIL_FAILED;
	if (!buf || len < sizeof(hdr))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	memcpy(&hdr, p, sizeof(hdr));
	if (!auth_msg_is(&hdr, NVMEOF_AUTH_TYPE_DHCHAP, NVMEOF_AUTH_ID_REPLY) ||
	    le16_to_cpu(hdr.t_id) != txn->t_id)
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	dhvlen = le16_to_cpu(hdr.dhvlen);
	if (hdr.hl != hl || hdr.cvalid > NVMEOF_DHCHAP_VALID ||
	    !auth_dhvlen_ok(txn->dhgid, dhvlen) ||
	    len != sizeof(hdr) + 2 * (size_t)hl + dhvlen)
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;

	info->hl = hl;
	info->cvalid = hdr.cvalid == NVMEOF_DHCHAP_VALID;
	info->seqnum = le32_to_cpu(hdr.seqnum);
	info->r1 = p + sizeof(hdr);
	info->c2 = p + sizeof(hdr) + hl;
	info->dhvlen = dhvlen;
	info->dhv = dhvlen ? p + sizeof(hdr) + 2 * hl : NULL;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_reply_decode);

int nvmeof_dhchap_reply_build(void *buf, size_t size,
			      const struct nvmeof_auth_txn *txn, const u8 *r1,
			      const u8 *c2, u32 seqnum, const u8 *dhv, u16 dhvlen)
{
	struct nvmeof_dhchap_reply hdr;
	u8 hl = auth_txn_hl(txn);
	u8 *p = buf;
	size_t need;

	if (!hl || !r1 || dhvlen != nvmeof_auth_dhvlen(txn->dhgid) || (dhvlen && !dhv))
		return -EINVAL;
	need = sizeof(hdr) + 2 * (size_t)hl + dhvlen;
	if (!buf || size < need)
		return -EMSGSIZE;
	memset(&hdr, 0, sizeof(hdr));
	hdr.auth_type = NVMEOF_AUTH_TYPE_DHCHAP;
	hdr.auth_id = NVMEOF_AUTH_ID_REPLY;
	hdr.t_id = cpu_to_le16(txn->t_id);
	hdr.hl = hl;
	hdr.cvalid = c2 ? NVMEOF_DHCHAP_VALID : 0;
	hdr.dhvlen = cpu_to_le16(dhvlen);
	hdr.seqnum = cpu_to_le32(c2 ? seqnum : 0);
	memcpy(p, &hdr, sizeof(hdr));
	memcpy(p + sizeof(hdr), r1, hl);
	if (c2)
		memcpy(p + sizeof(hdr) + hl, c2, hl);
	else
		memset(p + sizeof(hdr) + hl, 0, hl);
	if (dhvlen)
		memcpy(p + sizeof(hdr) + 2 * hl, dhv, dhvlen);
	return (int)need;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_reply_build);

u8 nvmeof_dhchap_success1_decode(const void *buf, size_t len,
				 const struct nvmeof_auth_txn *txn,
				 bool *rvalid, const u8 **r2)
{
	struct nvmeof_dhchap_success1 hdr;
	u8 hl = auth_txn_hl(txn);
	const u8 *p = buf;

	if (!hl)
		return NVMEOF_AUTH_FAIL_FAILED;
	if (!buf || len < sizeof(hdr))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	memcpy(&hdr, p, sizeof(hdr));
	if (!auth_msg_is(&hdr, NVMEOF_AUTH_TYPE_DHCHAP, NVMEOF_AUTH_ID_SUCCESS1) ||
	    le16_to_cpu(hdr.t_id) != txn->t_id)
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	if (hdr.hl != hl || hdr.rvalid > NVMEOF_DHCHAP_VALID ||
	    len - sizeof(hdr) < hl)
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	*rvalid = hdr.rvalid == NVMEOF_DHCHAP_VALID;
	*r2 = p + sizeof(hdr);
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_success1_decode);

int nvmeof_dhchap_success1_build(void *buf, size_t size,
				 const struct nvmeof_auth_txn *txn, const u8 *r2)
{
	struct nvmeof_dhchap_success1 hdr;
	u8 hl = auth_txn_hl(txn);
	u8 *p = buf;

	if (!hl)
		return -EINVAL;
	if (!buf || size < sizeof(hdr) + hl)
		return -EMSGSIZE;
	memset(&hdr, 0, sizeof(hdr));
	hdr.auth_type = NVMEOF_AUTH_TYPE_DHCHAP;
	hdr.auth_id = NVMEOF_AUTH_ID_SUCCESS1;
	hdr.t_id = cpu_to_le16(txn->t_id);
	hdr.hl = hl;
	hdr.rvalid = r2 ? NVMEOF_DHCHAP_VALID : 0;
	memcpy(p, &hdr, sizeof(hdr));
	if (r2)
		memcpy(p + sizeof(hdr), r2, hl);
	else
		memset(p + sizeof(hdr), 0, hl);
	return (int)(sizeof(hdr) + hl);
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_success1_build);

u8 nvmeof_dhchap_success2_decode(const void *buf, size_t len,
				 const struct nvmeof_auth_txn *txn)
{
	struct nvmeof_dhchap_success2 hdr;

	if (!txn)
		return NVMEOF_AUTH_FAIL_FAILED;
	if (!buf || len != sizeof(hdr))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	memcpy(&hdr, buf, sizeof(hdr));
	if (!auth_msg_is(&hdr, NVMEOF_AUTH_TYPE_DHCHAP, NVMEOF_AUTH_ID_SUCCESS2) ||
	    le16_to_cpu(hdr.t_id) != txn->t_id)
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_success2_decode);

int nvmeof_dhchap_success2_build(void *buf, size_t size,
				 const struct nvmeof_auth_txn *txn)
{
	struct nvmeof_dhchap_success2 hdr;

	if (!txn)
		return -EINVAL;
	if (!buf || size < sizeof(hdr))
		return -EMSGSIZE;
	memset(&hdr, 0, sizeof(hdr));
	hdr.auth_type = NVMEOF_AUTH_TYPE_DHCHAP;
	hdr.auth_id = NVMEOF_AUTH_ID_SUCCESS2;
	hdr.t_id = cpu_to_le16(txn->t_id);
	memcpy(buf, &hdr, sizeof(hdr));
	return (int)sizeof(hdr);
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_success2_build);

static bool auth_fail_exp_valid(u8 exp)
{
	return exp >= NVMEOF_AUTH_FAIL_FAILED && exp <= NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
}

u8 nvmeof_auth_failure_decode(const void *buf, size_t len, u8 auth_id,
			      u16 t_id, u8 *exp)
{
	struct nvmeof_auth_failure hdr;

	if (auth_id != NVMEOF_AUTH_ID_FAILURE1 && auth_id != NVMEOF_AUTH_ID_FAILURE2)
		return NVMEOF_AUTH_FAIL_FAILED;
	/* Failure2 arrives with its TL; Failure1 in the host's AL buffer. */
	if (!buf || len < sizeof(hdr) ||
	    (auth_id == NVMEOF_AUTH_ID_FAILURE2 && len != sizeof(hdr)))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	memcpy(&hdr, buf, sizeof(hdr));
	if (!auth_msg_is(&hdr, NVMEOF_AUTH_TYPE_COMMON, auth_id) ||
	    le16_to_cpu(hdr.t_id) != t_id)
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	if (hdr.rescode != NVMEOF_AUTH_FAIL_REASON || !auth_fail_exp_valid(hdr.rescode_exp))
		return NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD;
	*exp = hdr.rescode_exp;
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_failure_decode);

int nvmeof_auth_failure_build(void *buf, size_t size, u8 auth_id, u16 t_id, u8 exp)
{
	struct nvmeof_auth_failure hdr;

	if ((auth_id != NVMEOF_AUTH_ID_FAILURE1 && auth_id != NVMEOF_AUTH_ID_FAILURE2) ||
	    !auth_fail_exp_valid(exp))
		return -EINVAL;
	if (!buf || size < sizeof(hdr))
		return -EMSGSIZE;
	memset(&hdr, 0, sizeof(hdr));
	hdr.auth_type = NVMEOF_AUTH_TYPE_COMMON;
	hdr.auth_id = auth_id;
	hdr.t_id = cpu_to_le16(t_id);
	hdr.rescode = NVMEOF_AUTH_FAIL_REASON;
	hdr.rescode_exp = exp;
	memcpy(buf, &hdr, sizeof(hdr));
	return (int)sizeof(hdr);
}
EXPORT_SYMBOL_GPL(nvmeof_auth_failure_build);

/* ---- HMAC inputs ---- */

/* NQN length when NUL-terminated within its field and 1..223 bytes, else 0. */
static size_t auth_nqn_len(const char *nqn)
{
	size_t len;

	if (!nqn)
		return 0;
	len = strnlen(nqn, NVMEOF_NQN_FIELD_LEN);
	if (len == NVMEOF_NQN_FIELD_LEN || len > NVMEOF_NQN_MAX_LEN)
		return 0;
	return len;
}

int nvmeof_dhchap_response_input(void *buf, size_t size, const u8 *challenge,
				 size_t hl, u32 seqnum, u16 t_id, u8 sc_c,
				 bool controller, const char *hostnqn,
				 const char *subsysnqn)
{
	static const char host_tag[] = "HostHost";
	static const char ctrl_tag[] = "Controller";
	const char *tag = controller ? ctrl_tag : host_tag;
	size_t tag_len = controller ? sizeof(ctrl_tag) - 1 : sizeof(host_tag) - 1;
	size_t hn = auth_nqn_len(hostnqn), sn = auth_nqn_len(subsysnqn);
	const char *first = controller ? subsysnqn : hostnqn;
	const char *second = controller ? hostnqn : subsysnqn;
	size_t first_len = controller ? sn : hn;
	size_t second_len = controller ? hn : sn;
	u8 *p = buf;
	size_t need, o = 0;

	if (!challenge || !auth_key_len_valid(hl) || !hn || !sn)
		return -EINVAL;
	need = hl + 4 + 2 + 1 + tag_len + first_len + 1 + second_len;
	if (!buf || size < need)
		return -EMSGSIZE;

	memcpy(p, challenge, hl);
	o = hl;
	put_unaligned_le32(seqnum, p + o);
	o += 4;
	p[o++] = (u8)t_id;
	p[o++] = (u8)(t_id >> 8);
	p[o++] = sc_c;
	memcpy(p + o, tag, tag_len);
	o += tag_len;
	memcpy(p + o, first, first_len);
	o += first_len;
	p[o++] = 0;
	memcpy(p + o, second, second_len);
	o += second_len;
	return (int)o;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_response_input);

int nvmeof_dhchap_transform_input(void *buf, size_t size, const char *hostnqn)
{
	size_t hn = auth_nqn_len(hostnqn);
	size_t sl = sizeof(auth_transform_suffix) - 1;
	u8 *p = buf;

	if (!hn)
		return -EINVAL;
	if (!buf || size < hn + sl)
		return -EMSGSIZE;
	memcpy(p, hostnqn, hn);
	memcpy(p + hn, auth_transform_suffix, sl);
	return (int)(hn + sl);
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_transform_input);
