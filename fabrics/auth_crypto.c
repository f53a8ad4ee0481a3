// SPDX-License-Identifier: GPL-2.0-only
/* DH-HMAC-CHAP on the kernel crypto API: HMACs, key transform, FFDHE over "dh". */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <crypto/hash.h>
#include <crypto/kpp.h>
#include <crypto/dh.h>

#include <nvmeof/auth.h>
#include <nvmeof/auth_crypto.h>

/*
 * Private DH exponent length. RFC 7919 asks for at least twice the group's
 * security strength; 512 bits covers ffdhe8192 (about 200 bits) with room,
 * and keeps the modular exponentiation cheap for the small groups.
 */
#define AUTH_DH_PRIV_LEN	64

/* One HMAC over @data; @alg is the kernel crypto name ("hmac(sha256)"). */
static int auth_hmac(const char *alg, const u8 *key, size_t keylen,
		     const void *data, size_t len, u8 *out)
{
	struct crypto_shash *tfm;
	int ret;

	tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	ret = crypto_shash_setkey(tfm, key, keylen);
	if (ret)
		goto out_free_tfm;
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_digest(desc, data, len, out);
		shash_desc_zero(desc);
	}
out_free_tfm:
	crypto_free_shash(tfm);
	return ret;
}

static int auth_digest(const char *alg, const void *data, size_t len, u8 *out)
{
	struct crypto_shash *tfm;
	int ret;

	tfm = crypto_alloc_shash(alg, 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	{
		SHASH_DESC_ON_STACK(desc, tfm);

		desc->tfm = tfm;
		ret = crypto_shash_digest(desc, data, len, out);
		shash_desc_zero(desc);
	}
	crypto_free_shash(tfm);
	return ret;
}

int nvmeof_auth_transform_key(const struct nvmeof_auth_secret *s,
			      const char *nqn, struct nvmeof_auth_key *out)
{
	const struct nvmeof_auth_hash *h;
	u8 *input;
	int len, ret;

	if (s->len > sizeof(out->key))
		return -EINVAL;
	if (!s->transform) {
		memcpy(out->key, s->key, s->len);
		out->len = s->len;
		return 0;
	}
	h = nvmeof_auth_hash_by_id(s->transform);
	if (!h)
		return -EINVAL;
	input = kmalloc(NVMEOF_DHCHAP_TRANSFORM_INPUT_MAX, GFP_KERNEL);
	if (!input)
		return -ENOMEM;
	len = nvmeof_dhchap_transform_input(input, NVMEOF_DHCHAP_TRANSFORM_INPUT_MAX, nqn);
	if (len < 0) {
		ret = len;
		goto out_free_input;
	}
	ret = auth_hmac(h->hmac, s->key, s->len, input, len, out->key);
	if (!ret)
		out->len = h->len;
out_free_input:
	kfree(input);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_transform_key);

int nvmeof_dhchap_response(u8 hash_id, const struct nvmeof_auth_key *key,
			   const u8 *challenge, u32 seqnum, u16 t_id, u8 sc_c,
			   bool controller, const char *hostnqn,
			   const char *subsysnqn, u8 *out)
{
	const struct nvmeof_auth_hash *h = nvmeof_auth_hash_by_id(hash_id);
	u8 *input;
	int len, ret;

	if (!h || !key->len)
		return -EINVAL;
	input = kmalloc(NVMEOF_DHCHAP_RESPONSE_INPUT_MAX, GFP_KERNEL);
	if (!input)
		return -ENOMEM;
	len = nvmeof_dhchap_response_input(input, NVMEOF_DHCHAP_RESPONSE_INPUT_MAX,
					   challenge, h->len, seqnum, t_id, sc_c,
					   controller, hostnqn, subsysnqn);
	if (len < 0) {
		ret = len;
		goto out_free_input;
	}
	ret = auth_hmac(h->hmac, key->key, key->len, input, len, out);
out_free_input:
	/* The challenge is public, but an augmented one derives from g^xy. */
	kfree_sensitive(input);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_response);

int nvmeof_dhchap_augment(u8 hash_id, const u8 *shared, size_t len,
			  const u8 *c, u8 *out)
{
	const struct nvmeof_auth_hash *h = nvmeof_auth_hash_by_id(hash_id);
	u8 hashed[NVMEOF_AUTH_HASH_MAX];
	int ret;

	if (!h)
		return -EINVAL;
	ret = auth_digest(h->digest, shared, len, hashed);
	if (!ret)
		ret = auth_hmac(h->hmac, hashed, h->len, c, h->len, out);
	memzero_explicit(hashed, sizeof(hashed));
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_dhchap_augment);

/* Runs one kpp operation to completion; @in may be NULL (public value). */
static int auth_kpp_run(struct nvmeof_auth_dh *dh, u8 *in, size_t in_len, u8 *out,
			size_t out_len, bool shared)
{
	struct scatterlist sg_in, sg_out;
	struct kpp_request *req;
	DECLARE_CRYPTO_WAIT(wait);
	int ret;

	req = kpp_request_alloc(dh->tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	kpp_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG, crypto_req_done, &wait);
	sg_init_one(&sg_out, out, out_len);
	if (in) {
		sg_init_one(&sg_in, in, in_len);
		kpp_request_set_input(req, &sg_in, in_len);
	} else {
		kpp_request_set_input(req, NULL, 0);
	}
	kpp_request_set_output(req, &sg_out, out_len);
	ret = crypto_wait_req(shared ? crypto_kpp_compute_shared_secret(req) :
				       crypto_kpp_generate_public_key(req), &wait);
	kpp_request_free(req);
	return ret;
}

int nvmeof_auth_dh_init(struct nvmeof_auth_dh *dh, u8 dhgid)
{
	u8 priv[AUTH_DH_PRIV_LEN];
	struct dh params = { };
	unsigned int enc_len;
	u8 g;
	char *enc;
	int ret;

	dh->group = nvmeof_ffdhe_group_by_id(dhgid);
	if (!dh->group)
		return -EINVAL;
	dh->tfm = crypto_alloc_kpp("dh", 0, 0);
	if (IS_ERR(dh->tfm)) {
		ret = PTR_ERR(dh->tfm);
		dh->tfm = NULL;
		return ret;
	}
	get_random_bytes(priv, sizeof(priv));
	/* Never 0 or 1: the top byte alone makes the value large enough. */
	priv[0] |= 0x80;
	g = dh->group->g;
	params.key = priv;
	params.key_size = sizeof(priv);
	params.p = dh->group->p;
	params.p_size = dh->group->size;
	params.g = &g;
	params.g_size = 1;
	enc_len = crypto_dh_key_len(&params);
	enc = kmalloc(enc_len, GFP_KERNEL);
	if (!enc) {
		ret = -ENOMEM;
		goto out_wipe;
	}
	ret = crypto_dh_encode_key(enc, enc_len, &params);
	if (!ret)
		ret = crypto_kpp_set_secret(dh->tfm, enc, enc_len);
	kfree_sensitive(enc);
out_wipe:
	memzero_explicit(priv, sizeof(priv));
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dh_init);

int nvmeof_auth_dh_public(struct nvmeof_auth_dh *dh, u8 *out)
{
	size_t size = dh->group->size;
	u8 *buf;
	int ret;

	/* Scatterlists need linearly mapped memory, so never the caller's stack. */
	buf = kzalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = auth_kpp_run(dh, NULL, 0, buf, size, false);
	if (!ret)
		memcpy(out, buf, size);
	kfree(buf);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dh_public);

int nvmeof_auth_dh_shared(struct nvmeof_auth_dh *dh, const u8 *peer,
			  size_t peer_len, u8 *out)
{
	size_t size = dh->group->size;
	u8 *in, *buf;
	int ret;

	if (!peer_len || peer_len > size)
		return -EINVAL;
	in = kzalloc(2 * size, GFP_KERNEL);
	if (!in)
		return -ENOMEM;
	buf = in + size;
	/* A value whose leading zero bytes were dropped is padded back. */
	memcpy(in + size - peer_len, peer, peer_len);
	ret = auth_kpp_run(dh, in, size, buf, size, true);
	if (!ret)
		memcpy(out, buf, size);
	kfree_sensitive(in);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dh_shared);

void nvmeof_auth_dh_free(struct nvmeof_auth_dh *dh)
{
	if (dh->tfm)
		crypto_free_kpp(dh->tfm);
	dh->tfm = NULL;
	dh->group = NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_auth_dh_free);
