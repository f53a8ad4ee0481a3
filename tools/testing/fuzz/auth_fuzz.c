// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the DH-HMAC-CHAP message decoders and the DHHC-1 secret parser on hostile bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nvmeof/auth.h>

/*
 * Input: t_id (2 bytes, little endian), hash id, DH group id, then the
 * message (or secret text) every decoder is run over.
 */
#define HDR	4

static u8 out[NVMEOF_AUTH_MSG_MAX + 64];

/* A pointer and length the decoder handed back must lie inside the input. */
static void inside(const u8 *base, size_t len, const u8 *p, size_t n)
{
	if (n && (!p || p < base || p + n > base + len))
		abort();
}

static void fuzz_negotiate(const u8 *m, size_t len)
{
	struct nvmeof_auth_negotiate_info info, again;
	int n;

	if (nvmeof_auth_negotiate_decode(m, len, &info))
		return;
	if (!info.halen || info.halen > 30 || !info.dhlen || info.dhlen > 30)
		abort();
	n = nvmeof_auth_negotiate_build(out, sizeof(out), info.t_id, info.hash_ids, info.halen,
					info.dhgroup_ids, info.dhlen);
	if (n != 72 || nvmeof_auth_negotiate_decode(out, (size_t)n, &again) ||
	    again.t_id != info.t_id || again.halen != info.halen || again.dhlen != info.dhlen ||
	    memcmp(again.hash_ids, info.hash_ids, info.halen) ||
	    memcmp(again.dhgroup_ids, info.dhgroup_ids, info.dhlen))
		abort();
	(void)nvmeof_auth_negotiate_select(&info, NVMEOF_AUTH_HASH_SHA256, NVMEOF_AUTH_DHGROUP_NULL);
}

static void fuzz_challenge(const u8 *m, size_t len, u16 t_id)
{
	struct nvmeof_dhchap_challenge_info info, again;
	int n;

	if (nvmeof_dhchap_challenge_decode(m, len, t_id, &info))
		return;
	inside(m, len, info.c1, info.hl);
	inside(m, len, info.dhv, info.dhvlen);
	if (info.hl != nvmeof_auth_hash_by_id(info.txn.hash_id)->len ||
	    info.dhvlen > NVMEOF_AUTH_DHV_MAX)
		abort();
	if ((int)info.dhvlen != nvmeof_auth_dhvlen(info.txn.dhgid))
		return;
	n = nvmeof_dhchap_challenge_build(out, sizeof(out), &info.txn, info.seqnum, info.c1,
					  info.dhv, info.dhvlen);
	if (n <= 0 || nvmeof_dhchap_challenge_decode(out, (size_t)n, t_id, &again) ||
	    again.seqnum != info.seqnum || memcmp(again.c1, info.c1, info.hl))
		abort();
}

static void fuzz_reply(const u8 *m, size_t len, const struct nvmeof_auth_txn *txn)
{
	struct nvmeof_dhchap_reply_info info;

	if (nvmeof_dhchap_reply_decode(m, len, txn, &info))
		return;
	if (len != 16 + 2 * (size_t)info.hl + info.dhvlen)
		abort();
	inside(m, len, info.r1, info.hl);
	inside(m, len, info.c2, info.hl);
	inside(m, len, info.dhv, info.dhvlen);
}

static void fuzz_success(const u8 *m, size_t len, const struct nvmeof_auth_txn *txn)
{
	const u8 *r2 = NULL;
	bool rvalid;
	u8 exp;

	if (!nvmeof_dhchap_success1_decode(m, len, txn, &rvalid, &r2))
		inside(m, len, r2, nvmeof_auth_hash_by_id(txn->hash_id)->len);
	if (!nvmeof_dhchap_success2_decode(m, len, txn) && len != 16)
		abort();
	if (!nvmeof_auth_failure_decode(m, len, NVMEOF_AUTH_ID_FAILURE1, txn->t_id, &exp) &&
	    (exp < 1 || exp > 7))
		abort();
	if (!nvmeof_auth_failure_decode(m, len, NVMEOF_AUTH_ID_FAILURE2, txn->t_id, &exp) &&
	    len != 8)
		abort();
}

/* Whatever the parser accepts is canonical: formatting it gives the input back. */
static void fuzz_secret(const u8 *m, size_t len)
{
	struct nvmeof_auth_secret k;
	char text[NVMEOF_AUTH_SECRET_STR_SIZE];
	int n;

	if (nvmeof_auth_secret_parse((const char *)m, len, &k))
		return;
	if (k.transform > 3 || (k.len != 32 && k.len != 48 && k.len != 64))
		abort();
	n = nvmeof_auth_secret_format(&k, text, sizeof(text));
	if (n < 0 || (size_t)n != len || memcmp(text, m, len))
		abort();
	nvmeof_auth_secret_clear(&k);
}

static void fuzz_sqe(const u8 *m, size_t len)
{
	struct nvmeof_auth_send_cmd s;
	struct nvmeof_auth_recv_cmd r;
	u32 l;

	if (len < sizeof(s))
		return;
	memcpy(&s, m, sizeof(s));
	memcpy(&r, m, sizeof(r));
	if (nvmeof_auth_send_check(&s, &l) == NVMEOF_SC_SUCCESS && (!l || l > NVMEOF_AUTH_MSG_MAX))
		abort();
	if (nvmeof_auth_recv_check(&r, &l) == NVMEOF_SC_SUCCESS &&
	    (!l || l > NVMEOF_AUTH_RECV_AL_MAX))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nvmeof_auth_txn txn;
	const u8 *m = data + HDR;
	size_t len;
	u8 type, id;

	if (size < HDR)
		return 0;
	len = size - HDR;
	txn.t_id = (u16)(data[0] | data[1] << 8);
	txn.hash_id = data[2] % 4 ? data[2] % 4 : 1;
	txn.dhgid = data[3] % 6;

	(void)nvmeof_auth_msg_peek(m, len, &type, &id);
	fuzz_negotiate(m, len);
	fuzz_challenge(m, len, txn.t_id);
	fuzz_reply(m, len, &txn);
	fuzz_success(m, len, &txn);
	fuzz_secret(m, len);
	fuzz_sqe(m, len);
	return 0;
}
