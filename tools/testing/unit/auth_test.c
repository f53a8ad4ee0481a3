// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of fabrics/auth.c and fabrics/ffdhe.c: DH-HMAC-CHAP codecs, DHHC-1 secrets, FFDHE groups. */
#include <nvmeof/auth.h>

#include "ktest.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b"
#define SUBNQN  "nqn.2016-06.io.example:subsys1"

/*
 * Reference CRC-32 and base64, written independently of the code under
 * test (bitwise, no tables) so the secret tests do not check it against itself.
 */
static u32 ref_crc32(const u8 *p, size_t n)
{
	u32 crc = 0xffffffff;
	int b;

	while (n--) {
		crc ^= *p++;
		for (b = 0; b < 8; b++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return ~crc;
}

static size_t ref_b64(const u8 *in, size_t n, char *out)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;
	u32 bits = 0;
	int nbits = 0;

	for (i = 0; i < n; i++) {
		bits = (bits << 8) | in[i];
		nbits += 8;
		while (nbits >= 6) {
			nbits -= 6;
			out[o++] = a[(bits >> nbits) & 0x3f];
		}
	}
	if (nbits)
		out[o++] = a[(bits << (6 - nbits)) & 0x3f];
	while (o % 4)
		out[o++] = '=';
	return o;
}

/* "DHHC-1:0<hh>:<b64(key || le32 crc)>:" from the reference helpers. */
static size_t ref_secret(char *out, int hh, const u8 *key, size_t n)
{
	u8 raw[72];
	u32 crc = ref_crc32(key, n);
	size_t o;

	memcpy(raw, key, n);
	raw[n] = (u8)crc;
	raw[n + 1] = (u8)(crc >> 8);
	raw[n + 2] = (u8)(crc >> 16);
	raw[n + 3] = (u8)(crc >> 24);
	o = (size_t)sprintf(out, "DHHC-1:%02d:", hh);
	o += ref_b64(raw, n + 4, out + o);
	out[o++] = ':';
	out[o] = '\0';
	return o;
}

static int parse(const char *s, struct nvmeof_auth_secret *k)
{
	return nvmeof_auth_secret_parse(s, strlen(s), k);
}

static void fill_key(u8 *key, size_t n, int hh)
{
	size_t i;

	for (i = 0; i < n; i++)
		key[i] = (u8)(i * 7 + hh * 31 + 1);
}

/* Vectors made with Python's zlib.crc32 and base64 (same fill_key bytes). */
static const struct {
	const char *s;
	int hh;
	size_t len;
} known_secrets[] = {
	{ "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:", 0, 32 },
	{ "DHHC-1:01:ICcuNTxDSlFYX2ZtdHuCiZCXnqWss7rByM/W3eTr8vmMpzdS:", 1, 32 },
	{ "DHHC-1:02:P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIIfbl3A==:",
	  2, 48 },
	{ "DHHC-1:03:XmVsc3qBiI+WnaSrsrnAx87V3OPq8fj/Bg0UGyIpMDc+RUxTWmFob3Z9hIuSmaCnrrW8w8rR2N/m7fT7AgkQF92/o4A=:",
	  3, 64 },
};

TEST(secret_parses_known_vectors)
{
	struct nvmeof_auth_secret k;
	u8 key[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_secrets); i++) {
		ASSERT(parse(known_secrets[i].s, &k) == 0);
		EXPECT_EQ(k.transform, known_secrets[i].hh);
		EXPECT_EQ(k.len, known_secrets[i].len);
		fill_key(key, known_secrets[i].len, known_secrets[i].hh);
		EXPECT(!memcmp(k.key, key, known_secrets[i].len));
	}
}

/* Written by `nvme gen-dhchap-key` (nvme-cli 2.3, libnvme 1.3) for each hmac it allows. */
static const struct {
	const char *s;
	int hh;
	size_t len;
} nvme_cli_secrets[] = {
	{ "DHHC-1:00:cIO++6WZo6dMnCdOw0wTQ5SeohVIZUuADoRiZraBEFZGQx6V:", 0, 32 },
	{ "DHHC-1:00:SMvdo8G0gKJ+jzduoHCOW0HKE14qIHp8X6xwd73/tXa5GLpol9630+YqWZL31SJiQi5GWg==:",
	  0, 48 },
	{ "DHHC-1:00:ITFveNbns7gSyhFiJLmFuF0Aro8k8INPAlmnLwbK+8EI85xBdH/VRZqCVX60mNHmIm9XZZnFE+EkyHj8ZuGLyP8v++I=:",
	  0, 64 },
	{ "DHHC-1:01:ja4Ao4HEzWXKRvHmABgXWMmpLtObESK98vZDJnpW30+fAsEC:", 1, 32 },
	{ "DHHC-1:02:glOZItoyVqzVpQOal//tkUg6hDyQquHpUv6hRCliYqSMiDOzvwAopBMN0gw9ZeWjBjdu1Q==:",
	  2, 48 },
	{ "DHHC-1:03:sbUojNctCL/+cvZKFfhgIH3Y1JBfyRrmwSUV0yFeft7cR+lA/SmoSNr/fBv9LlN3e/u9OwwB2YI5Q35oz6obxY5X2VI=:",
	  3, 64 },
};

TEST(secret_parses_nvme_cli_gen_dhchap_key_output)
{
	struct nvmeof_auth_secret k;
	char back[NVMEOF_AUTH_SECRET_STR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nvme_cli_secrets); i++) {
		ASSERT(parse(nvme_cli_secrets[i].s, &k) == 0);
		EXPECT_EQ(k.transform, nvme_cli_secrets[i].hh);
		EXPECT_EQ(k.len, nvme_cli_secrets[i].len);
		EXPECT(nvmeof_auth_secret_format(&k, back, sizeof(back)) > 0);
		EXPECT(!strcmp(back, nvme_cli_secrets[i].s));
	}
}

TEST(secret_formats_known_vectors_exactly)
{
	struct nvmeof_auth_secret k;
	char buf[NVMEOF_AUTH_SECRET_STR_SIZE];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known_secrets); i++) {
		ASSERT(parse(known_secrets[i].s, &k) == 0);
		EXPECT_EQ(nvmeof_auth_secret_format(&k, buf, sizeof(buf)),
			  strlen(known_secrets[i].s));
		EXPECT(!strcmp(buf, known_secrets[i].s));
	}
}

TEST(secret_parses_every_hh_and_length_from_reference_encoder)
{
	struct nvmeof_auth_secret k;
	static const size_t lens[] = { 32, 48, 64 };
	char s[128], back[NVMEOF_AUTH_SECRET_STR_SIZE];
	u8 key[64];
	size_t l;
	int hh;

	for (hh = 0; hh <= 3; hh++) {
		for (l = 0; l < ARRAY_SIZE(lens); l++) {
			fill_key(key, lens[l], hh + 10);
			ref_secret(s, hh, key, lens[l]);
			ASSERT(parse(s, &k) == 0);
			EXPECT_EQ(k.transform, hh);
			EXPECT_EQ(k.len, lens[l]);
			EXPECT(!memcmp(k.key, key, lens[l]));
			EXPECT(nvmeof_auth_secret_format(&k, back, sizeof(back)) > 0);
			EXPECT(!strcmp(back, s));
		}
	}
}

TEST(secret_format_fits_the_documented_size)
{
	struct nvmeof_auth_secret k = { .transform = 3, .len = 64 };
	char buf[NVMEOF_AUTH_SECRET_STR_SIZE];

	EXPECT_EQ(nvmeof_auth_secret_format(&k, buf, sizeof(buf)), sizeof(buf) - 1);
	EXPECT_EQ(nvmeof_auth_secret_format(&k, buf, sizeof(buf) - 1), -EMSGSIZE);
}

TEST(secret_format_rejects_bad_secret)
{
	struct nvmeof_auth_secret k = { .transform = 0, .len = 40 };
	char buf[NVMEOF_AUTH_SECRET_STR_SIZE];

	EXPECT_EQ(nvmeof_auth_secret_format(&k, buf, sizeof(buf)), -EINVAL);
	k.len = 32;
	k.transform = 4;
	EXPECT_EQ(nvmeof_auth_secret_format(&k, buf, sizeof(buf)), -EINVAL);
}

static void expect_rejected(struct kt *t, const char *s)
{
	struct nvmeof_auth_secret k;

	memset(&k, 0xa5, sizeof(k));
	if (parse(s, &k) != -EINVAL)
		kt_fail(t, __FILE__, __LINE__, "accepted \"%s\"", s);
	if (k.len != 0xa5 || k.key[0] != 0xa5)
		kt_fail(t, __FILE__, __LINE__, "output touched for \"%s\"", s);
}

TEST(secret_rejects_bad_crc)
{
	char s[128];
	u8 key[32];
	size_t n;

	fill_key(key, sizeof(key), 0);
	n = ref_secret(s, 0, key, sizeof(key));
	/* A different last base64 digit changes only CRC bits. */
	s[n - 2] = s[n - 2] == 'A' ? 'B' : 'A';
	expect_rejected(t, s);
}

TEST(secret_rejects_flipped_key_bit)
{
	char s[128];
	u8 key[32];

	fill_key(key, sizeof(key), 0);
	ref_secret(s, 0, key, sizeof(key));
	s[12] = s[12] == 'A' ? 'B' : 'A';
	expect_rejected(t, s);
}

TEST(secret_rejects_key_lengths_other_than_32_48_64)
{
	static const size_t bad[] = { 1, 16, 31, 33, 40, 47, 49, 63 };
	char s[160];
	u8 key[68];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		fill_key(key, bad[i], 0);
		ref_secret(s, 1, key, bad[i]);
		expect_rejected(t, s);
	}
}

TEST(secret_rejects_65_byte_key_with_valid_crc)
{
	char s[160];
	u8 key[65];

	fill_key(key, sizeof(key), 0);
	ref_secret(s, 0, key, sizeof(key));
	expect_rejected(t, s);
}

TEST(secret_rejects_bad_hh)
{
	expect_rejected(t, "DHHC-1:04:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, "DHHC-1:10:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, "DHHC-1:0a:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, "DHHC-1:1:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, "DHHC-1:001:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
}

TEST(secret_rejects_missing_trailing_colon)
{
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC");
}

TEST(secret_rejects_text_after_trailing_colon)
{
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:x");
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:\n");
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC::");
}

TEST(secret_rejects_wrong_prefix)
{
	expect_rejected(t, "DHHC-2:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, "dhhc-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, " DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:");
}

TEST(secret_rejects_garbage_and_truncation)
{
	expect_rejected(t, "");
	expect_rejected(t, "DHHC-1:");
	expect_rejected(t, "DHHC-1:00:");
	expect_rejected(t, "DHHC-1:00::");
	expect_rejected(t, "DHHC-1:00:AQgP:");
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OO:");
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OO*:");
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxj nF4f4aNlJuiqbC3vsXM09pl1OOC:");
	expect_rejected(t, "DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC=:");
	expect_rejected(t, "not a secret at all");
}

TEST(secret_rejects_padding_in_the_middle)
{
	expect_rejected(t, "DHHC-1:02:P0ZNVFti=XB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIIfbl3A==:");
	expect_rejected(t, "DHHC-1:02:P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIIfbl3A=A:");
}

TEST(secret_rejects_nonzero_unused_base64_bits)
{
	/* The 48-byte vector ends "3A==": 'A' carries four unused bits; 'B' sets one. */
	expect_rejected(t, "DHHC-1:02:P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIIfbl3B==:");
}

TEST(secret_rejects_missing_padding)
{
	expect_rejected(t, "DHHC-1:02:P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIIfbl3A:");
}

TEST(secret_parse_honours_length_argument)
{
	struct nvmeof_auth_secret k;
	const char *s = known_secrets[0].s;

	EXPECT_EQ(nvmeof_auth_secret_parse(s, strlen(s) - 1, &k), -EINVAL);
	EXPECT_EQ(nvmeof_auth_secret_parse(NULL, 10, &k), -EINVAL);
}

TEST(secret_clear_and_free_wipe)
{
	struct nvmeof_auth_secret *k = nvmeof_auth_secret_alloc();
	size_t i;
	bool zero = true;

	ASSERT(k);
	for (i = 0; i < sizeof(k->key); i++)
		zero &= k->key[i] == 0;
	EXPECT(zero);
	ASSERT(parse(known_secrets[3].s, k) == 0);
	nvmeof_auth_secret_clear(k);
	zero = k->len == 0 && k->transform == 0;
	for (i = 0; i < sizeof(k->key); i++)
		zero &= k->key[i] == 0;
	EXPECT(zero);
	nvmeof_auth_secret_free(k);
	nvmeof_auth_secret_free(NULL);
}

/* ---- lookups ---- */

TEST(hash_lookup_by_id_and_name)
{
	const struct nvmeof_auth_hash *h;

	h = nvmeof_auth_hash_by_id(NVMEOF_AUTH_HASH_SHA256);
	ASSERT(h);
	EXPECT_EQ(h->len, 32);
	EXPECT(!strcmp(h->hmac, "hmac(sha256)"));
	EXPECT_EQ(nvmeof_auth_hash_by_id(NVMEOF_AUTH_HASH_SHA384)->len, 48);
	EXPECT_EQ(nvmeof_auth_hash_by_id(NVMEOF_AUTH_HASH_SHA512)->len, 64);
	EXPECT(!nvmeof_auth_hash_by_id(0));
	EXPECT(!nvmeof_auth_hash_by_id(4));
	EXPECT(nvmeof_auth_hash_by_name("hmac(sha512)", 12) ==
	       nvmeof_auth_hash_by_id(NVMEOF_AUTH_HASH_SHA512));
	EXPECT(!nvmeof_auth_hash_by_name("hmac(sha512)", 11));
	EXPECT(!nvmeof_auth_hash_by_name("sha256", 6));
}

TEST(dhgroup_names_round_trip)
{
	u8 id, i;

	for (i = 0; i <= 5; i++) {
		const char *n = nvmeof_auth_dhgroup_name(i);

		ASSERT(n);
		ASSERT(nvmeof_auth_dhgroup_by_name(n, strlen(n), &id) == 0);
		EXPECT_EQ(id, i);
	}
	EXPECT(!strcmp(nvmeof_auth_dhgroup_name(0), "null"));
	EXPECT(!strcmp(nvmeof_auth_dhgroup_name(3), "ffdhe4096"));
	EXPECT(!nvmeof_auth_dhgroup_name(6));
	EXPECT_EQ(nvmeof_auth_dhgroup_by_name("ffdhe1024", 9, &id), -EINVAL);
	EXPECT_EQ(nvmeof_auth_dhgroup_by_name("ffdhe2048\n", 10, &id), -EINVAL);
}

TEST(dhvlen_is_prime_size)
{
	EXPECT_EQ(nvmeof_auth_dhvlen(0), 0);
	EXPECT_EQ(nvmeof_auth_dhvlen(1), 256);
	EXPECT_EQ(nvmeof_auth_dhvlen(2), 384);
	EXPECT_EQ(nvmeof_auth_dhvlen(3), 512);
	EXPECT_EQ(nvmeof_auth_dhvlen(4), 768);
	EXPECT_EQ(nvmeof_auth_dhvlen(5), 1024);
	EXPECT_EQ(nvmeof_auth_dhvlen(6), -EINVAL);
}

/* ---- FFDHE ---- */

/* CRC-32 of each prime and its last 8 bytes before the trailing ones, from RFC 7919's primes. */
static const struct {
	u8 id;
	u16 size;
	u32 crc;
	u8 tail[8];
} ffdhe_kat[] = {
	{ 1, 256, 0xf5dce865, { 0x88, 0x6b, 0x42, 0x38, 0x61, 0x28, 0x5c, 0x97 } },
	{ 2, 384, 0x647862fa, { 0x25, 0xe4, 0x1d, 0x2b, 0x66, 0xc6, 0x2e, 0x37 } },
	{ 3, 512, 0x78abc520, { 0xc6, 0x8a, 0x00, 0x7e, 0x5e, 0x65, 0x5f, 0x6a } },
	{ 4, 768, 0x1c9c273c, { 0xa4, 0x0e, 0x32, 0x9c, 0xd0, 0xe4, 0x0e, 0x65 } },
	{ 5, 1024, 0x81ca02f2, { 0xd6, 0x8c, 0x8b, 0xb7, 0xc5, 0xc6, 0x42, 0x4c } },
};

TEST(ffdhe_groups_match_rfc7919_known_answers)
{
	static const u8 head[8] = { 0xad, 0xf8, 0x54, 0x58, 0xa2, 0xbb, 0x4a, 0x9a };
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(ffdhe_kat); i++) {
		const struct nvmeof_ffdhe_group *g = nvmeof_ffdhe_group_by_id(ffdhe_kat[i].id);
		bool ones = true;

		ASSERT(g);
		EXPECT_EQ(g->size, ffdhe_kat[i].size);
		EXPECT_EQ(g->g, 2);
		EXPECT_EQ(g->size, nvmeof_auth_dhvlen(g->id));
		EXPECT(!strcmp(g->name, nvmeof_auth_dhgroup_name(g->id)));
		for (j = 0; j < 8; j++)
			ones &= g->p[j] == 0xff && g->p[g->size - 1 - j] == 0xff;
		EXPECT(ones);
		EXPECT(!memcmp(g->p + 8, head, sizeof(head)));
		EXPECT(!memcmp(g->p + g->size - 16, ffdhe_kat[i].tail, 8));
		EXPECT_EQ(ref_crc32(g->p, g->size), ffdhe_kat[i].crc);
	}
}

TEST(ffdhe_groups_share_the_digits_of_e)
{
	const struct nvmeof_ffdhe_group *small = nvmeof_ffdhe_group_by_id(1);
	size_t i;

	/* floor(2^(b-130) e) differs only in length, so all share ffdhe2048's leading bytes. */
	for (i = 2; i <= 5; i++) {
		const struct nvmeof_ffdhe_group *g = nvmeof_ffdhe_group_by_id((u8)i);

		ASSERT(g);
		EXPECT(!memcmp(g->p, small->p, small->size - 16));
	}
}

TEST(ffdhe_lookup_rejects_null_and_unknown_groups)
{
	EXPECT(!nvmeof_ffdhe_group_by_id(0));
	EXPECT(!nvmeof_ffdhe_group_by_id(6));
	EXPECT(!nvmeof_ffdhe_group_by_id(0xff));
}

/* ---- SQEs ---- */

TEST(auth_send_init_passes_check)
{
	struct nvmeof_auth_send_cmd c;
	u32 tl = 0;

	nvmeof_auth_send_init(&c, 7, 72);
	EXPECT_EQ(c.opcode, NVMEOF_FABRICS_OPCODE);
	EXPECT_EQ(c.fctype, NVMEOF_FCTYPE_AUTH_SEND);
	EXPECT_EQ(((u8 *)&c)[43], 0xe9);
	EXPECT_EQ(((u8 *)&c)[41], 1);
	EXPECT_EQ(((u8 *)&c)[42], 1);
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_SUCCESS);
	EXPECT_EQ(tl, 72);
}

TEST(auth_send_check_rejects_wrong_protocol_fields)
{
	struct nvmeof_auth_send_cmd c;
	u32 tl;

	nvmeof_auth_send_init(&c, 1, 72);
	c.secp = 0xea;
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
	nvmeof_auth_send_init(&c, 1, 72);
	c.spsp0 = 0;
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
	nvmeof_auth_send_init(&c, 1, 72);
	c.spsp1 = 2;
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
}

TEST(auth_send_check_bounds_tl)
{
	struct nvmeof_auth_send_cmd c;
	u32 tl;

	nvmeof_auth_send_init(&c, 1, 0);
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
	nvmeof_auth_send_init(&c, 1, NVMEOF_AUTH_MSG_MAX);
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_SUCCESS);
	nvmeof_auth_send_init(&c, 1, NVMEOF_AUTH_MSG_MAX + 1);
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
	nvmeof_auth_send_init(&c, 1, 0xffffffff);
	EXPECT_EQ(nvmeof_auth_send_check(&c, &tl), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
}

TEST(auth_recv_check_bounds_al)
{
	struct nvmeof_auth_recv_cmd c;
	u32 al = 0;

	nvmeof_auth_recv_init(&c, 1, 4096);
	EXPECT_EQ(c.fctype, NVMEOF_FCTYPE_AUTH_RECV);
	EXPECT_EQ(nvmeof_auth_recv_check(&c, &al), NVMEOF_SC_SUCCESS);
	EXPECT_EQ(al, 4096);
	nvmeof_auth_recv_init(&c, 1, 0);
	EXPECT_EQ(nvmeof_auth_recv_check(&c, &al), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
	nvmeof_auth_recv_init(&c, 1, NVMEOF_AUTH_RECV_AL_MAX + 1);
	EXPECT_EQ(nvmeof_auth_recv_check(&c, &al), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
	nvmeof_auth_recv_init(&c, 1, 4096);
	c.secp = 0;
	EXPECT_EQ(nvmeof_auth_recv_check(&c, &al), NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR);
}

/* ---- messages ---- */

TEST(msg_peek_classifies_defined_messages)
{
	u8 m[8] = { 0 }, type, id;

	EXPECT_EQ(nvmeof_auth_msg_peek(m, sizeof(m), &type, &id), 0);
	m[0] = 1;
	m[1] = 2;
	EXPECT_EQ(nvmeof_auth_msg_peek(m, sizeof(m), &type, &id), 0);
	EXPECT_EQ(type, 1);
	EXPECT_EQ(id, 2);
	m[1] = 0;
	EXPECT_EQ(nvmeof_auth_msg_peek(m, sizeof(m), &type, &id),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	m[0] = 0;
	m[1] = 0xf0;
	EXPECT_EQ(nvmeof_auth_msg_peek(m, sizeof(m), &type, &id), 0);
	m[0] = 2;
	EXPECT_EQ(nvmeof_auth_msg_peek(m, sizeof(m), &type, &id),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	EXPECT_EQ(nvmeof_auth_msg_peek(m, 5, &type, &id), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

static const u8 all_hashes[] = { 1, 2, 3 };
static const u8 all_groups[] = { 0, 1, 2, 3, 4, 5 };

static int build_negotiate(u8 *buf, size_t size)
{
	return nvmeof_auth_negotiate_build(buf, size, 0x1234, all_hashes, 3, all_groups, 6);
}

TEST(negotiate_round_trips)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[128];
	int n = build_negotiate(buf, sizeof(buf));

	ASSERT(n == 72);
	EXPECT_EQ(buf[4], 0x34);
	EXPECT_EQ(buf[5], 0x12);
	EXPECT_EQ(buf[7], 1);
	EXPECT_EQ(buf[8], NVMEOF_AUTH_PROTO_DHCHAP);
	EXPECT_EQ(buf[10], 3);
	EXPECT_EQ(buf[11], 6);
	EXPECT_EQ(buf[12], 1);
	EXPECT_EQ(buf[8 + 34], 0);
	EXPECT_EQ(buf[8 + 39], 5);
	ASSERT(nvmeof_auth_negotiate_decode(buf, (size_t)n, &info) == 0);
	EXPECT_EQ(info.t_id, 0x1234);
	EXPECT_EQ(info.halen, 3);
	EXPECT_EQ(info.dhlen, 6);
	EXPECT(!memcmp(info.hash_ids, all_hashes, 3));
	EXPECT(!memcmp(info.dhgroup_ids, all_groups, 6));
	EXPECT_EQ(nvmeof_auth_negotiate_select(&info, 2, 3), 0);
}

TEST(negotiate_build_rejects_bad_lists_and_short_buffer)
{
	u8 buf[128];

	EXPECT_EQ(nvmeof_auth_negotiate_build(buf, sizeof(buf), 1, all_hashes, 0, all_groups, 1),
		  -EINVAL);
	EXPECT_EQ(nvmeof_auth_negotiate_build(buf, sizeof(buf), 1, all_hashes, 31, all_groups, 1),
		  -EINVAL);
	EXPECT_EQ(nvmeof_auth_negotiate_build(buf, sizeof(buf), 1, all_hashes, 1, all_groups, 0),
		  -EINVAL);
	EXPECT_EQ(nvmeof_auth_negotiate_build(buf, 71, 1, all_hashes, 1, all_groups, 1), -EMSGSIZE);
}

TEST(negotiate_rejects_every_wrong_length)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[256];
	size_t len;

	memset(buf, 0, sizeof(buf));
	build_negotiate(buf, sizeof(buf));
	for (len = 0; len < sizeof(buf); len++) {
		if (len == 72)
			continue;
		EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, len, &info),
			  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	}
}

TEST(negotiate_rejects_napd_zero_and_above_max)
{
	struct nvmeof_auth_negotiate_info info;
	static u8 buf[8 + 64 * 9];

	build_negotiate(buf, sizeof(buf));
	buf[7] = 0;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 8, &info), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	buf[7] = 9;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, sizeof(buf), &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	/* NAPD 2 with a 72-byte TL claims more than was sent. */
	buf[7] = 2;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

TEST(negotiate_rejects_id_lists_over_30)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[72];

	build_negotiate(buf, sizeof(buf));
	buf[10] = 31;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	build_negotiate(buf, sizeof(buf));
	buf[11] = 0xff;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	build_negotiate(buf, sizeof(buf));
	buf[11] = 0;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

TEST(negotiate_rejects_wrong_type_or_id)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[72];

	build_negotiate(buf, sizeof(buf));
	buf[0] = NVMEOF_AUTH_TYPE_DHCHAP;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	build_negotiate(buf, sizeof(buf));
	buf[1] = NVMEOF_AUTH_ID_CHALLENGE;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
}

TEST(negotiate_without_dhchap_descriptor_is_not_usable)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[72];

	build_negotiate(buf, sizeof(buf));
	buf[8] = 2;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_NOT_USABLE);
}

TEST(negotiate_skips_foreign_descriptor_and_rejects_two_dhchap)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[8 + 128];

	build_negotiate(buf, sizeof(buf));
	memcpy(buf + 72, buf + 8, 64);
	buf[7] = 2;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, sizeof(buf), &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	buf[8] = 0x7f;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, sizeof(buf), &info), 0);
	EXPECT_EQ(info.halen, 3);
}

TEST(negotiate_rejects_undefined_sc_c)
{
	struct nvmeof_auth_negotiate_info info;
	u8 buf[72];

	build_negotiate(buf, sizeof(buf));
	buf[6] = 3;
	EXPECT_EQ(nvmeof_auth_negotiate_decode(buf, 72, &info), NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

TEST(negotiate_select_refuses_what_was_not_offered)
{
	struct nvmeof_auth_negotiate_info info;
	static const u8 sha256[] = { 1 };
	static const u8 null_only[] = { 0 };
	u8 buf[72];

	ASSERT(nvmeof_auth_negotiate_build(buf, sizeof(buf), 9, sha256, 1, null_only, 1) == 72);
	ASSERT(nvmeof_auth_negotiate_decode(buf, 72, &info) == 0);
	EXPECT_EQ(nvmeof_auth_negotiate_select(&info, 1, 0), 0);
	EXPECT_EQ(nvmeof_auth_negotiate_select(&info, 3, 0), NVMEOF_AUTH_FAIL_HASH_UNUSABLE);
	EXPECT_EQ(nvmeof_auth_negotiate_select(&info, 1, 1), NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE);
	/* An id the host lists but we do not know is no better. */
	info.hash_ids[0] = 9;
	EXPECT_EQ(nvmeof_auth_negotiate_select(&info, 9, 0), NVMEOF_AUTH_FAIL_HASH_UNUSABLE);
	info.hash_ids[0] = 1;
	info.sc_c = NVMEOF_AUTH_SCC_NEW_TLS;
	EXPECT_EQ(nvmeof_auth_negotiate_select(&info, 1, 0), NVMEOF_AUTH_FAIL_CONCAT_MISMATCH);
}

static u8 pattern[NVMEOF_AUTH_DHV_MAX + NVMEOF_AUTH_HASH_MAX];

__attribute__((constructor)) static void fill_pattern(void)
{
	size_t i;

	for (i = 0; i < sizeof(pattern); i++)
		pattern[i] = (u8)(i * 13 + 5);
}

static u8 msgbuf[2048];

TEST(challenge_round_trips_for_each_hash_and_group)
{
	struct nvmeof_dhchap_challenge_info info;
	u8 hash, group;

	for (hash = 1; hash <= 3; hash++) {
		for (group = 0; group <= 5; group++) {
			struct nvmeof_auth_txn txn = { 0xbeef, hash, group };
			u8 hl = nvmeof_auth_hash_by_id(hash)->len;
			u16 dl = (u16)nvmeof_auth_dhvlen(group);
			int n = nvmeof_dhchap_challenge_build(msgbuf, sizeof(msgbuf), &txn,
							      0x01020304, pattern,
							      dl ? pattern + 64 : NULL, dl);

			ASSERT(n == 16 + hl + dl);
			EXPECT_EQ(msgbuf[6], hl);
			EXPECT_EQ(msgbuf[8], hash);
			EXPECT_EQ(msgbuf[9], group);
			EXPECT_EQ(msgbuf[12], 0x04);
			EXPECT_EQ(msgbuf[15], 0x01);
			ASSERT(nvmeof_dhchap_challenge_decode(msgbuf, (size_t)n, 0xbeef, &info) == 0);
			EXPECT_EQ(info.txn.hash_id, hash);
			EXPECT_EQ(info.txn.dhgid, group);
			EXPECT_EQ(info.hl, hl);
			EXPECT_EQ(info.seqnum, 0x01020304);
			EXPECT(!memcmp(info.c1, pattern, hl));
			EXPECT_EQ(info.dhvlen, dl);
			if (dl)
				EXPECT(!memcmp(info.dhv, pattern + 64, dl));
			else
				EXPECT(!info.dhv);
			/* AL larger than the message is normal. */
			EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 0xbeef,
								 &info), 0);
		}
	}
}

static int build_challenge(u8 hash, u8 group)
{
	struct nvmeof_auth_txn txn = { 7, hash, group };
	u16 dl = (u16)nvmeof_auth_dhvlen(group);

	memset(msgbuf, 0, sizeof(msgbuf));
	return nvmeof_dhchap_challenge_build(msgbuf, sizeof(msgbuf), &txn, 1, pattern,
					     dl ? pattern : NULL, dl);
}

TEST(challenge_rejects_every_truncation)
{
	struct nvmeof_dhchap_challenge_info info;
	int n = build_challenge(1, 1);
	size_t len;

	ASSERT(n == 16 + 32 + 256);
	for (len = 0; len < (size_t)n; len++)
		EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, len, 7, &info),
			  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

TEST(challenge_rejects_hl_not_matching_hash)
{
	struct nvmeof_dhchap_challenge_info info;

	build_challenge(2, 0);
	msgbuf[6] = 32;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[6] = 255;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

TEST(challenge_rejects_unknown_hash_and_group)
{
	struct nvmeof_dhchap_challenge_info info;

	build_challenge(1, 0);
	msgbuf[8] = 0;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_HASH_UNUSABLE);
	build_challenge(1, 0);
	msgbuf[9] = 6;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE);
}

TEST(challenge_rejects_dhvlen_not_fitting_group)
{
	struct nvmeof_dhchap_challenge_info info;

	build_challenge(1, 0);
	msgbuf[10] = 1;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	build_challenge(1, 1);
	msgbuf[10] = 0;
	msgbuf[11] = 0;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	build_challenge(1, 1);
	msgbuf[10] = 1;		/* 257 */
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	build_challenge(1, 1);
	msgbuf[11] = 0xff;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
}

TEST(challenge_accepts_dh_value_shorter_than_prime)
{
	struct nvmeof_dhchap_challenge_info info;

	build_challenge(1, 1);
	msgbuf[10] = 0xff;	/* 255 bytes: a value with its leading zero dropped */
	msgbuf[11] = 0;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info), 0);
	EXPECT_EQ(info.dhvlen, 255);
}

TEST(challenge_rejects_other_transaction_or_message)
{
	struct nvmeof_dhchap_challenge_info info;

	build_challenge(1, 0);
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 8, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	msgbuf[1] = NVMEOF_AUTH_ID_REPLY;
	EXPECT_EQ(nvmeof_dhchap_challenge_decode(msgbuf, sizeof(msgbuf), 7, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
}

TEST(challenge_build_rejects_bad_arguments)
{
	struct nvmeof_auth_txn txn = { 1, 1, 1 };

	EXPECT_EQ(nvmeof_dhchap_challenge_build(msgbuf, sizeof(msgbuf), &txn, 0, pattern,
						pattern, 255), -EINVAL);
	EXPECT_EQ(nvmeof_dhchap_challenge_build(msgbuf, sizeof(msgbuf), &txn, 0, pattern,
						NULL, 256), -EINVAL);
	EXPECT_EQ(nvmeof_dhchap_challenge_build(msgbuf, 16 + 32 + 255, &txn, 0, pattern,
						pattern, 256), -EMSGSIZE);
	txn.hash_id = 4;
	EXPECT_EQ(nvmeof_dhchap_challenge_build(msgbuf, sizeof(msgbuf), &txn, 0, pattern,
						pattern, 256), -EINVAL);
}

TEST(reply_round_trips_unidirectional)
{
	struct nvmeof_auth_txn txn = { 0x55aa, 3, 0 };
	struct nvmeof_dhchap_reply_info info;
	int n = nvmeof_dhchap_reply_build(msgbuf, sizeof(msgbuf), &txn, pattern, NULL, 99,
					  NULL, 0);
	size_t i;
	bool zero = true;

	ASSERT(n == 16 + 128);
	EXPECT_EQ(msgbuf[8], 0);
	EXPECT_EQ(msgbuf[12] | msgbuf[13] | msgbuf[14] | msgbuf[15], 0);
	for (i = 0; i < 64; i++)
		zero &= msgbuf[16 + 64 + i] == 0;
	EXPECT(zero);
	ASSERT(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n, &txn, &info) == 0);
	EXPECT(!info.cvalid);
	EXPECT_EQ(info.hl, 64);
	EXPECT(!memcmp(info.r1, pattern, 64));
	EXPECT(!info.dhv);
}

TEST(reply_round_trips_bidirectional_with_dh)
{
	struct nvmeof_auth_txn txn = { 3, 1, 5 };
	struct nvmeof_dhchap_reply_info info;
	int n = nvmeof_dhchap_reply_build(msgbuf, sizeof(msgbuf), &txn, pattern, pattern + 32,
					  0xfeedf00d, pattern, 1024);

	ASSERT(n == 16 + 64 + 1024);
	ASSERT(n == NVMEOF_AUTH_MSG_MAX - 64);
	ASSERT(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n, &txn, &info) == 0);
	EXPECT(info.cvalid);
	EXPECT_EQ(info.seqnum, 0xfeedf00d);
	EXPECT(!memcmp(info.c2, pattern + 32, 32));
	EXPECT_EQ(info.dhvlen, 1024);
	EXPECT(!memcmp(info.dhv, pattern, 1024));
}

TEST(reply_rejects_every_wrong_length)
{
	struct nvmeof_auth_txn txn = { 3, 1, 1 };
	struct nvmeof_dhchap_reply_info info;
	int n = nvmeof_dhchap_reply_build(msgbuf, sizeof(msgbuf), &txn, pattern, NULL, 0,
					  pattern, 256);
	size_t len;

	ASSERT(n == 16 + 64 + 256);
	for (len = 0; len < (size_t)n + 64; len++) {
		if (len == (size_t)n)
			continue;
		EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, len, &txn, &info),
			  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	}
}

TEST(reply_rejects_fields_that_disagree_with_transaction)
{
	struct nvmeof_auth_txn txn = { 3, 2, 0 };
	struct nvmeof_dhchap_reply_info info;
	int n = nvmeof_dhchap_reply_build(msgbuf, sizeof(msgbuf), &txn, pattern, pattern, 1,
					  NULL, 0);
	struct nvmeof_auth_txn other = txn;

	ASSERT(n == 16 + 96);
	other.hash_id = 3;
	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n, &other, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	other = txn;
	other.t_id = 4;
	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n, &other, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	msgbuf[8] = 2;
	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n, &txn, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[8] = 1;
	/* A DH value for the null group, with the length adjusted to match. */
	msgbuf[10] = 4;
	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n + 4, &txn, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[10] = 0;
	msgbuf[0] = 0;
	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, (size_t)n, &txn, &info),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
}

TEST(reply_decode_refuses_bad_transaction)
{
	struct nvmeof_auth_txn txn = { 3, 0, 0 };
	struct nvmeof_dhchap_reply_info info;

	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, sizeof(msgbuf), &txn, &info),
		  NVMEOF_AUTH_FAIL_FAILED);
	EXPECT_EQ(nvmeof_dhchap_reply_decode(msgbuf, sizeof(msgbuf), NULL, &info),
		  NVMEOF_AUTH_FAIL_FAILED);
}

TEST(success1_round_trips_with_and_without_r2)
{
	struct nvmeof_auth_txn txn = { 11, 2, 3 };
	const u8 *r2;
	bool rvalid;
	int n;

	n = nvmeof_dhchap_success1_build(msgbuf, sizeof(msgbuf), &txn, pattern);
	ASSERT(n == 16 + 48);
	ASSERT(nvmeof_dhchap_success1_decode(msgbuf, sizeof(msgbuf),
					     &txn, &rvalid, &r2) == 0);
	EXPECT(rvalid);
	EXPECT(!memcmp(r2, pattern, 48));
	n = nvmeof_dhchap_success1_build(msgbuf, sizeof(msgbuf), &txn, NULL);
	ASSERT(n == 16 + 48);
	ASSERT(nvmeof_dhchap_success1_decode(msgbuf, (size_t)n, &txn, &rvalid, &r2) == 0);
	EXPECT(!rvalid);
}

TEST(success1_rejects_truncation_hl_and_rvalid)
{
	struct nvmeof_auth_txn txn = { 11, 1, 0 };
	const u8 *r2;
	bool rvalid;
	int n = nvmeof_dhchap_success1_build(msgbuf, sizeof(msgbuf), &txn, pattern);
	size_t len;

	ASSERT(n == 48);
	for (len = 0; len < 48; len++)
		EXPECT_EQ(nvmeof_dhchap_success1_decode(msgbuf, len, &txn, &rvalid, &r2),
			  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[6] = 48;
	EXPECT_EQ(nvmeof_dhchap_success1_decode(msgbuf, 64, &txn, &rvalid, &r2),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[6] = 32;
	msgbuf[8] = 3;
	EXPECT_EQ(nvmeof_dhchap_success1_decode(msgbuf, 64, &txn, &rvalid, &r2),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[8] = 1;
	msgbuf[4] = 12;
	EXPECT_EQ(nvmeof_dhchap_success1_decode(msgbuf, 64, &txn, &rvalid, &r2),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
}

TEST(success2_is_exactly_16_bytes)
{
	struct nvmeof_auth_txn txn = { 0x4242, 1, 0 };
	size_t len;

	ASSERT(nvmeof_dhchap_success2_build(msgbuf, sizeof(msgbuf), &txn) == 16);
	EXPECT_EQ(msgbuf[0], NVMEOF_AUTH_TYPE_DHCHAP);
	EXPECT_EQ(msgbuf[1], NVMEOF_AUTH_ID_SUCCESS2);
	EXPECT_EQ(nvmeof_dhchap_success2_decode(msgbuf, 16, &txn), 0);
	for (len = 0; len < 40; len++) {
		if (len == 16)
			continue;
		EXPECT_EQ(nvmeof_dhchap_success2_decode(msgbuf, len, &txn),
			  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	}
	txn.t_id = 1;
	EXPECT_EQ(nvmeof_dhchap_success2_decode(msgbuf, 16, &txn),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	EXPECT_EQ(nvmeof_dhchap_success2_build(msgbuf, 15, &txn), -EMSGSIZE);
}

TEST(failure_round_trips_both_directions)
{
	u8 exp = 0;

	ASSERT(nvmeof_auth_failure_build(msgbuf, sizeof(msgbuf), NVMEOF_AUTH_ID_FAILURE1, 5,
					 NVMEOF_AUTH_FAIL_HASH_UNUSABLE) == 8);
	EXPECT_EQ(msgbuf[0], NVMEOF_AUTH_TYPE_COMMON);
	EXPECT_EQ(msgbuf[1], 0xf1);
	EXPECT_EQ(msgbuf[6], 1);
	EXPECT_EQ(msgbuf[7], 4);
	/* Failure1 sits in the host's AL-sized buffer. */
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, sizeof(msgbuf),
					     NVMEOF_AUTH_ID_FAILURE1, 5, &exp), 0);
	EXPECT_EQ(exp, NVMEOF_AUTH_FAIL_HASH_UNUSABLE);
	ASSERT(nvmeof_auth_failure_build(msgbuf, sizeof(msgbuf), NVMEOF_AUTH_ID_FAILURE2, 5,
					 NVMEOF_AUTH_FAIL_FAILED) == 8);
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 8, NVMEOF_AUTH_ID_FAILURE2, 5, &exp), 0);
	EXPECT_EQ(exp, NVMEOF_AUTH_FAIL_FAILED);
}

TEST(failure_rejects_bad_length_code_and_id)
{
	u8 exp;

	nvmeof_auth_failure_build(msgbuf, sizeof(msgbuf), NVMEOF_AUTH_ID_FAILURE2, 5, 1);
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 7, NVMEOF_AUTH_ID_FAILURE2, 5, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 9, NVMEOF_AUTH_ID_FAILURE2, 5, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 8, NVMEOF_AUTH_ID_FAILURE1, 5, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 8, NVMEOF_AUTH_ID_FAILURE2, 6, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
	msgbuf[6] = 2;
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 8, NVMEOF_AUTH_ID_FAILURE2, 5, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[6] = 1;
	msgbuf[7] = 0;
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 8, NVMEOF_AUTH_ID_FAILURE2, 5, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	msgbuf[7] = 8;
	EXPECT_EQ(nvmeof_auth_failure_decode(msgbuf, 8, NVMEOF_AUTH_ID_FAILURE2, 5, &exp),
		  NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD);
	EXPECT_EQ(nvmeof_auth_failure_build(msgbuf, sizeof(msgbuf), NVMEOF_AUTH_ID_SUCCESS1, 5, 1),
		  -EINVAL);
	EXPECT_EQ(nvmeof_auth_failure_build(msgbuf, sizeof(msgbuf), NVMEOF_AUTH_ID_FAILURE1, 5, 0),
		  -EINVAL);
	EXPECT_EQ(nvmeof_auth_failure_build(msgbuf, 7, NVMEOF_AUTH_ID_FAILURE1, 5, 1), -EMSGSIZE);
}

/* ---- HMAC inputs ---- */

TEST(host_response_input_is_spec_concatenation)
{
	u8 out[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX], want[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX];
	size_t o = 0;
	int n;

	memcpy(want, pattern, 32);
	o = 32;
	memcpy(want + o, "\x78\x56\x34\x12", 4);	/* S1 = 0x12345678, little endian */
	o += 4;
	memcpy(want + o, "\xcd\xab", 2);		/* T_ID = 0xabcd */
	o += 2;
	want[o++] = 0;					/* SC_C */
	memcpy(want + o, "HostHost", 8);
	o += 8;
	memcpy(want + o, HOSTNQN, strlen(HOSTNQN));
	o += strlen(HOSTNQN);
	want[o++] = 0;
	memcpy(want + o, SUBNQN, strlen(SUBNQN));
	o += strlen(SUBNQN);

	n = nvmeof_dhchap_response_input(out, sizeof(out), pattern, 32, 0x12345678, 0xabcd, 0,
					 false, HOSTNQN, SUBNQN);
	ASSERT(n == (int)o);
	EXPECT(!memcmp(out, want, o));
}

TEST(controller_response_input_swaps_nqns_and_tag)
{
	u8 out[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX];
	size_t sn = strlen(SUBNQN), hn = strlen(HOSTNQN);
	int n;

	n = nvmeof_dhchap_response_input(out, sizeof(out), pattern, 48, 2, 3, 0, true,
					 HOSTNQN, SUBNQN);
	ASSERT(n == (int)(48 + 7 + 10 + sn + 1 + hn));
	EXPECT_EQ(out[48], 2);
	EXPECT_EQ(out[52], 3);
	EXPECT(!memcmp(out + 55, "Controller", 10));
	EXPECT(!memcmp(out + 65, SUBNQN, sn));
	EXPECT_EQ(out[65 + sn], 0);
	EXPECT(!memcmp(out + 66 + sn, HOSTNQN, hn));
}

TEST(response_input_bounds_the_buffer)
{
	u8 out[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX];
	int need = nvmeof_dhchap_response_input(out, sizeof(out), pattern, 64, 0, 0, 0, false,
						HOSTNQN, SUBNQN);

	ASSERT(need > 0);
	EXPECT_EQ(nvmeof_dhchap_response_input(out, (size_t)need - 1, pattern, 64, 0, 0, 0,
					       false, HOSTNQN, SUBNQN), -EMSGSIZE);
	EXPECT_EQ(nvmeof_dhchap_response_input(out, (size_t)need, pattern, 64, 0, 0, 0,
					       false, HOSTNQN, SUBNQN), need);
}

TEST(response_input_max_fits_two_longest_nqns)
{
	static u8 out[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX];
	char nqn[NVMEOF_NQN_FIELD_LEN];

	memset(nqn, 'a', NVMEOF_NQN_MAX_LEN);
	nqn[NVMEOF_NQN_MAX_LEN] = '\0';
	EXPECT_EQ(nvmeof_dhchap_response_input(out, sizeof(out), pattern, 64, 0, 0, 0, true,
					       nqn, nqn), (int)sizeof(out));
}

TEST(response_input_rejects_bad_arguments)
{
	u8 out[NVMEOF_DHCHAP_RESPONSE_INPUT_MAX];
	char nqn[NVMEOF_NQN_FIELD_LEN];

	EXPECT_EQ(nvmeof_dhchap_response_input(out, sizeof(out), pattern, 33, 0, 0, 0, false,
					       HOSTNQN, SUBNQN), -EINVAL);
	EXPECT_EQ(nvmeof_dhchap_response_input(out, sizeof(out), NULL, 32, 0, 0, 0, false,
					       HOSTNQN, SUBNQN), -EINVAL);
	EXPECT_EQ(nvmeof_dhchap_response_input(out, sizeof(out), pattern, 32, 0, 0, 0, false,
					       "", SUBNQN), -EINVAL);
	memset(nqn, 'a', sizeof(nqn));
	EXPECT_EQ(nvmeof_dhchap_response_input(out, sizeof(out), pattern, 32, 0, 0, 0, false,
					       HOSTNQN, nqn), -EINVAL);
	nqn[NVMEOF_NQN_MAX_LEN + 1] = '\0';
	EXPECT_EQ(nvmeof_dhchap_response_input(out, sizeof(out), pattern, 32, 0, 0, 0, false,
					       HOSTNQN, nqn), -EINVAL);
}

TEST(transform_input_is_nqn_then_nvme_over_fabrics)
{
	u8 out[NVMEOF_DHCHAP_TRANSFORM_INPUT_MAX];
	size_t hn = strlen(HOSTNQN);
	int n = nvmeof_dhchap_transform_input(out, sizeof(out), HOSTNQN);

	ASSERT(n == (int)(hn + 17));
	EXPECT(!memcmp(out, HOSTNQN, hn));
	EXPECT(!memcmp(out + hn, "NVMe-over-Fabrics", 17));
	EXPECT_EQ(nvmeof_dhchap_transform_input(out, (size_t)n - 1, HOSTNQN), -EMSGSIZE);
	EXPECT_EQ(nvmeof_dhchap_transform_input(out, sizeof(out), ""), -EINVAL);
}

/* ---- wire layout against the spec's byte offsets ---- */

TEST(challenge_fields_land_at_spec_offsets)
{
	struct nvmeof_dhchap_challenge c;
	const u8 *raw = (const u8 *)&c;

	memset(&c, 0, sizeof(c));
	c.t_id = cpu_to_le16(0x0201);
	c.hl = 0x30;
	c.hashid = 2;
	c.dhgid = 3;
	c.dhvlen = cpu_to_le16(0x0200);
	c.seqnum = cpu_to_le32(0x0a0b0c0d);
	EXPECT_EQ(raw[4], 0x01);
	EXPECT_EQ(raw[5], 0x02);
	EXPECT_EQ(raw[6], 0x30);
	EXPECT_EQ(raw[8], 2);
	EXPECT_EQ(raw[9], 3);
	EXPECT_EQ(raw[11], 0x02);
	EXPECT_EQ(raw[12], 0x0d);
	EXPECT_EQ(raw[15], 0x0a);
}
