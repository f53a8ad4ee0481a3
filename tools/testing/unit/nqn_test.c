// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of fabrics/nqn.c: NQN checks at both levels, UUID and NGUID text. */
#include <nvmeof/nqn.h>

#include "ktest.h"

#define GEN_HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b"

/* A NUL-terminated name of exactly len bytes starting with prefix, padded with 'a'. */
static const char *nqn_of_len(const char *prefix, size_t len)
{
	static char buf[512];
	size_t p = strlen(prefix);

	memset(buf, 'a', len);
	memcpy(buf, prefix, p < len ? p : len);
	buf[len] = '\0';
	return buf;
}

static bool loose(const char *s)
{
	return nvmeof_nqn_valid_loose(s, NVMEOF_NQN_FIELD_LEN);
}

static bool strict(const char *s)
{
	return nvmeof_nqn_valid_strict(s, NVMEOF_NQN_FIELD_LEN);
}

TEST(nqn_loose_accepts_blktests_subsystem_name)
{
	EXPECT(loose("blktests-subsystem-1"));
}

TEST(nqn_loose_accepts_223_bytes)
{
	EXPECT(loose(nqn_of_len("nqn.2014-08.com.example:", 223)));
}

TEST(nqn_loose_rejects_224_bytes)
{
	EXPECT(!loose(nqn_of_len("nqn.2014-08.com.example:", 224)));
}

TEST(nqn_loose_rejects_empty)
{
	EXPECT(!loose(""));
}

TEST(nqn_loose_rejects_null)
{
	EXPECT(!nvmeof_nqn_valid_loose(NULL, NVMEOF_NQN_FIELD_LEN));
}

TEST(nqn_loose_rejects_field_without_nul)
{
	char field[8];

	memcpy(field, "abcdefgh", sizeof(field));
	EXPECT(!nvmeof_nqn_valid_loose(field, sizeof(field)));
}

TEST(nqn_loose_accepts_nul_in_last_byte_of_field)
{
	char field[8] = "abcdefg";

	EXPECT(nvmeof_nqn_valid_loose(field, sizeof(field)));
}

TEST(nqn_loose_rejects_tab)
{
	EXPECT(!loose("nqn.2014-08.com.example:a\tb"));
}

TEST(nqn_loose_rejects_del)
{
	EXPECT(!loose("nqn.2014-08.com.example:a\x7f"));
}

TEST(nqn_loose_accepts_space_and_high_bytes)
{
	EXPECT(loose("my subsystem \xc3\xa9"));
}

TEST(nqn_strict_accepts_discovery_nqn)
{
	EXPECT(strict(NVMEOF_DISC_SUBSYS_NAME));
}

TEST(nqn_strict_accepts_gen_hostnqn_output)
{
	EXPECT(strict(GEN_HOSTNQN));
}

TEST(nqn_strict_accepts_uppercase_uuid_form)
{
	EXPECT(strict("nqn.2014-08.org.nvmexpress:uuid:8F2E6B5A-3C1D-4E7F-9A0B-1C2D3E4F5A6B"));
}

TEST(nqn_strict_rejects_uuid_form_with_short_uuid)
{
	EXPECT(!strict("nqn.2014-08.org.nvmexpress:uuid:8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6"));
}

TEST(nqn_strict_rejects_uuid_form_with_trailing_text)
{
	EXPECT(!strict(GEN_HOSTNQN ":x"));
}

TEST(nqn_strict_accepts_domain_with_suffix)
{
	EXPECT(strict("nqn.2016-06.io.spdk:cnode1"));
}

TEST(nqn_strict_accepts_nvmetcli_style_name)
{
	EXPECT(strict("nqn.2014-08.org.nvmexpress:NVMf:uuid:8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b"));
}

TEST(nqn_strict_accepts_utf8_suffix)
{
	EXPECT(strict("nqn.2014-08.com.example:caf\xc3\xa9-\xe2\x82\xac-\xf0\x9f\x98\x80"));
}

TEST(nqn_strict_accepts_223_bytes)
{
	EXPECT(strict(nqn_of_len("nqn.2014-08.com.example:", 223)));
}

TEST(nqn_strict_rejects_224_bytes)
{
	EXPECT(!strict(nqn_of_len("nqn.2014-08.com.example:", 224)));
}

TEST(nqn_strict_rejects_blktests_subsystem_name)
{
	EXPECT(!strict("blktests-subsystem-1"));
}

TEST(nqn_strict_rejects_month_00)
{
	EXPECT(!strict("nqn.2014-00.com.example:a"));
}

TEST(nqn_strict_rejects_month_13)
{
	EXPECT(!strict("nqn.2014-13.com.example:a"));
}

TEST(nqn_strict_accepts_month_12)
{
	EXPECT(strict("nqn.2014-12.com.example:a"));
}

TEST(nqn_strict_rejects_non_numeric_year)
{
	EXPECT(!strict("nqn.20x4-08.com.example:a"));
}

TEST(nqn_strict_rejects_uppercase_prefix)
{
	EXPECT(!strict("NQN.2014-08.com.example:a"));
}

TEST(nqn_strict_rejects_single_label_domain)
{
	EXPECT(!strict("nqn.2014-08.example:a"));
}

TEST(nqn_strict_rejects_empty_label)
{
	EXPECT(!strict("nqn.2014-08.com..example:a"));
}

TEST(nqn_strict_rejects_trailing_dot_in_domain)
{
	EXPECT(!strict("nqn.2014-08.com.example."));
}

TEST(nqn_strict_rejects_label_with_leading_hyphen)
{
	EXPECT(!strict("nqn.2014-08.com.-example:a"));
}

TEST(nqn_strict_rejects_label_of_64_chars)
{
	char buf[128];

	strcpy(buf, "nqn.2014-08.com.");
	memset(buf + 16, 'b', 64);
	strcpy(buf + 80, ":a");
	EXPECT(!strict(buf));
	buf[16 + 63] = '\0';
	EXPECT(strict(buf));
}

TEST(nqn_strict_rejects_underscore_in_domain)
{
	EXPECT(!strict("nqn.2014-08.com.ex_ample:a"));
}

TEST(nqn_strict_rejects_empty_suffix_after_colon)
{
	EXPECT(!strict("nqn.2014-08.com.example:"));
}

TEST(nqn_strict_rejects_overlong_utf8)
{
	EXPECT(!strict("nqn.2014-08.com.example:\xc0\xaf"));
}

TEST(nqn_strict_rejects_utf8_surrogate)
{
	EXPECT(!strict("nqn.2014-08.com.example:\xed\xa0\x80"));
}

TEST(nqn_strict_rejects_truncated_utf8)
{
	EXPECT(!strict("nqn.2014-08.com.example:\xe2\x82"));
}

TEST(nqn_strict_rejects_utf8_above_u10ffff)
{
	EXPECT(!strict("nqn.2014-08.com.example:\xf4\x90\x80\x80"));
}

TEST(nqn_strict_rejects_c1_control)
{
	EXPECT(!strict("nqn.2014-08.com.example:\xc2\x85"));
}

TEST(nqn_strict_rejects_field_without_nul)
{
	char field[16];

	memcpy(field, "nqn.2014-08.a.bc", sizeof(field));
	EXPECT(!nvmeof_nqn_valid_strict(field, sizeof(field)));
}

TEST(nqn_is_discovery_matches_exactly)
{
	EXPECT(nvmeof_nqn_is_discovery(NVMEOF_DISC_SUBSYS_NAME, NVMEOF_NQN_FIELD_LEN));
}

TEST(nqn_is_discovery_rejects_longer_name)
{
	EXPECT(!nvmeof_nqn_is_discovery(NVMEOF_DISC_SUBSYS_NAME "x", NVMEOF_NQN_FIELD_LEN));
}

TEST(nqn_is_discovery_rejects_prefix)
{
	EXPECT(!nvmeof_nqn_is_discovery("nqn.2014-08.org.nvmexpress.disc",
					NVMEOF_NQN_FIELD_LEN));
}

static const u8 test_uuid[16] = {
	0x8f, 0x2e, 0x6b, 0x5a, 0x3c, 0x1d, 0x4e, 0x7f,
	0x9a, 0x0b, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};

TEST(uuid_parse_accepts_lowercase)
{
	u8 u[16];

	ASSERT(nvmeof_uuid_parse("8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b", 36, u) == 0);
	EXPECT(!memcmp(u, test_uuid, 16));
}

TEST(uuid_parse_accepts_uppercase)
{
	u8 u[16];

	ASSERT(nvmeof_uuid_parse("8F2E6B5A-3C1D-4E7F-9A0B-1C2D3E4F5A6B", 36, u) == 0);
	EXPECT(!memcmp(u, test_uuid, 16));
}

TEST(uuid_parse_rejects_35_chars)
{
	u8 u[16];

	EXPECT_EQ(nvmeof_uuid_parse("8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6", 35, u), -EINVAL);
}

TEST(uuid_parse_rejects_37_chars)
{
	u8 u[16];

	EXPECT_EQ(nvmeof_uuid_parse("8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b0", 37, u), -EINVAL);
}

TEST(uuid_parse_rejects_trailing_newline)
{
	u8 u[16];

	EXPECT_EQ(nvmeof_uuid_parse("8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b\n", 37, u), -EINVAL);
}

TEST(uuid_parse_rejects_misplaced_dash)
{
	u8 u[16];

	EXPECT_EQ(nvmeof_uuid_parse("8f2e6b5a3-c1d-4e7f-9a0b-1c2d3e4f5a6b", 36, u), -EINVAL);
}

TEST(uuid_parse_rejects_non_hex)
{
	u8 u[16];

	EXPECT_EQ(nvmeof_uuid_parse("8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6g", 36, u), -EINVAL);
}

TEST(uuid_parse_rejects_32_digits_without_dashes)
{
	u8 u[16];

	EXPECT_EQ(nvmeof_uuid_parse("8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6b", 32, u), -EINVAL);
}

TEST(uuid_parse_leaves_output_untouched_on_error)
{
	u8 u[16];

	memset(u, 0xa5, sizeof(u));
	EXPECT(nvmeof_uuid_parse("8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6x", 36, u) < 0);
	EXPECT_EQ(u[0], 0xa5);
	EXPECT_EQ(u[15], 0xa5);
}

TEST(uuid_format_writes_lowercase_text)
{
	char s[NVMEOF_UUID_STRING_LEN + 1];

	nvmeof_uuid_format(test_uuid, s);
	EXPECT(!strcmp(s, "8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b"));
}

TEST(uuid_format_then_parse_round_trips)
{
	char s[NVMEOF_UUID_STRING_LEN + 1];
	u8 in[16], out[16];
	size_t i;

	for (i = 0; i < 16; i++)
		in[i] = (u8)(i * 17 + 0xf0);
	nvmeof_uuid_format(in, s);
	ASSERT(nvmeof_uuid_parse(s, strlen(s), out) == 0);
	EXPECT(!memcmp(in, out, 16));
}

TEST(nguid_parse_accepts_32_hex_digits)
{
	u8 g[16];

	ASSERT(nvmeof_nguid_parse("8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6b", 32, g) == 0);
	EXPECT(!memcmp(g, test_uuid, 16));
}

TEST(nguid_parse_accepts_uuid_style_dashes)
{
	u8 g[16];

	ASSERT(nvmeof_nguid_parse("8F2E6B5A-3C1D-4E7F-9A0B-1C2D3E4F5A6B", 36, g) == 0);
	EXPECT(!memcmp(g, test_uuid, 16));
}

TEST(nguid_parse_accepts_colon_between_every_byte)
{
	static const char s[] = "8f:2e:6b:5a:3c:1d:4e:7f:9a:0b:1c:2d:3e:4f:5a:6b";
	u8 g[16];

	ASSERT(nvmeof_nguid_parse(s, strlen(s), g) == 0);
	EXPECT(!memcmp(g, test_uuid, 16));
}

TEST(nguid_parse_accepts_trailing_separator)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6b-", 33, g), 0);
}

TEST(nguid_parse_rejects_31_digits)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6", 31, g), -EINVAL);
}

TEST(nguid_parse_rejects_34_digits)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6b00", 34, g), -EINVAL);
}

TEST(nguid_parse_rejects_double_separator)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("8f2e6b5a--3c1d4e7f9a0b1c2d3e4f5a6b", 34, g), -EINVAL);
}

TEST(nguid_parse_rejects_separator_inside_pair)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("8-f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6b", 33, g), -EINVAL);
}

TEST(nguid_parse_rejects_non_hex)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6z", 32, g), -EINVAL);
}

TEST(nguid_parse_rejects_empty)
{
	u8 g[16];

	EXPECT_EQ(nvmeof_nguid_parse("", 0, g), -EINVAL);
}
