// SPDX-License-Identifier: GPL-2.0-only
/* NVMe Qualified Name checks and UUID/NGUID text codecs (pure). */
#include <nvmeof/shim.h>
#include <nvmeof/nqn.h>

/* Dash offsets of the 8-4-4-4-12 textual UUID. */
#define NQN_UUID_DASH_MASK	((1ULL << 8) | (1ULL << 13) | (1ULL << 18) | (1ULL << 23))

static int nqn_hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool nqn_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool nqn_is_alnum(char c)
{
	return nqn_is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Length of the string when it is NUL-terminated inside the field, or a
 * value above the maximum when it is not, so one comparison rejects both.
 */
static size_t nqn_len(const char *nqn, size_t field_size)
{
	size_t len;

	if (!nqn)
		return SIZE_MAX;
	len = strnlen(nqn, field_size);
	if (len == field_size)
		return SIZE_MAX;
	return len;
}

bool nvmeof_nqn_valid_loose(const char *nqn, size_t field_size)
{
	size_t len = nqn_len(nqn, field_size);
	size_t i;

	if (len == 0 || len > NVMEOF_NQN_MAX_LEN)
		return false;
	for (i = 0; i < len; i++) {
		u8 c = nqn[i];

		/* Control characters would corrupt sysfs output and log lines. */
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}
EXPORT_SYMBOL_GPL(nvmeof_nqn_valid_loose);

/*
 * Well-formed UTF-8 per RFC 3629: shortest form only, no surrogates,
 * nothing above U+10FFFF; control characters excluded as in the loose check.
 */
static bool nqn_utf8_valid(const u8 *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		u8 c = s[i];
		u32 cp, min;
		size_t n, k;

		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return false;
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1;
			cp = c & 0x1f;
			min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2;
			cp = c & 0x0f;
			min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3;
			cp = c & 0x07;
			min = 0x10000;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		/* C1 controls are control characters too. */
		if (cp >= 0x80 && cp <= 0x9f)
			return false;
		i += n + 1;
	}
	return true;
}

/*
 * A reverse domain name: two or more labels of letters, digits and inner
 * hyphens, 1..63 characters each, separated by single dots. Returns the
 * number of bytes it spans, or 0 when s does not start with one.
 */
static size_t nqn_reverse_domain_len(const char *s, size_t len)
{
	size_t i = 0, label_start = 0, labels = 0;

	for (;;) {
		char c = i < len ? s[i] : '\0';

		if (nqn_is_alnum(c) || c == '-') {
			i++;
			continue;
		}
		if (i == label_start || i - label_start > 63 ||
		    s[label_start] == '-' || s[i - 1] == '-')
			return 0;
		labels++;
		if (c != '.')
			break;
		label_start = ++i;
	}
	return labels >= 2 ? i : 0;
}

bool nvmeof_nqn_valid_strict(const char *nqn, size_t field_size)
{
	static const char uuid_prefix[] = NVMEOF_NQN_UUID_PREFIX;
	size_t len = nqn_len(nqn, field_size);
	size_t prefix = sizeof(uuid_prefix) - 1;
	size_t dom;
	u8 uuid[NVMEOF_UUID_SIZE];

	if (len == 0 || len > NVMEOF_NQN_MAX_LEN)
		return false;
	if (!nqn_utf8_valid((const u8 *)nqn, len))
		return false;

	/* The UUID form allows nothing but the UUID after its prefix. */
	if (len >= prefix && !memcmp(nqn, uuid_prefix, prefix))
		return !nvmeof_uuid_parse(nqn + prefix, len - prefix, uuid);

	/* "nqn." "yyyy" "-" "mm" "." is eleven bytes, then the domain. */
	if (len < 12 || memcmp(nqn, "nqn.", 4) ||
	    !nqn_is_digit(nqn[4]) || !nqn_is_digit(nqn[5]) ||
	    !nqn_is_digit(nqn[6]) || !nqn_is_digit(nqn[7]) || nqn[8] != '-' ||
	    !nqn_is_digit(nqn[9]) || !nqn_is_digit(nqn[10]) || nqn[11] != '.')
		return false;
	if (nqn[9] > '1' || (nqn[9] == '0' && nqn[10] == '0') ||
	    (nqn[9] == '1' && nqn[10] > '2'))
		return false;

	dom = nqn_reverse_domain_len(nqn + 12, len - 12);
	if (!dom)
		return false;
	if (12 + dom == len)
		return true;
	/* Whatever follows the domain is the owner's, behind one colon. */
	return nqn[12 + dom] == ':' && 12 + dom + 1 < len;
}
EXPORT_SYMBOL_GPL(nvmeof_nqn_valid_strict);

bool nvmeof_nqn_is_discovery(const char *nqn, size_t field_size)
{
	static const char disc[] = NVMEOF_DISC_SUBSYS_NAME;

	if (nqn_len(nqn, field_size) != sizeof(disc) - 1)
		return false;
	return !memcmp(nqn, disc, sizeof(disc) - 1);
}
EXPORT_SYMBOL_GPL(nvmeof_nqn_is_discovery);

int nvmeof_uuid_parse(const char *s, size_t len, u8 uuid[NVMEOF_UUID_SIZE])
{
	u8 out[NVMEOF_UUID_SIZE];
	size_t i, n = 0;

	if (!s || len != NVMEOF_UUID_STRING_LEN)
		return -EINVAL;
	for (i = 0; i < NVMEOF_UUID_STRING_LEN; ) {
		int hi, lo;

		if (NQN_UUID_DASH_MASK & (1ULL << i)) {
			if (s[i] != '-')
				return -EINVAL;
			i++;
			continue;
		}
		/* Every group has an even length, so no pair straddles a dash. */
		hi = nqn_hex_val(s[i]);
		lo = nqn_hex_val(s[i + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[n++] = (u8)((hi << 4) | lo);
		i += 2;
	}
	memcpy(uuid, out, sizeof(out));
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_uuid_parse);

void nvmeof_uuid_format(const u8 uuid[NVMEOF_UUID_SIZE],
			char out[NVMEOF_UUID_STRING_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < NVMEOF_UUID_SIZE; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[uuid[i] >> 4];
		out[o++] = hex[uuid[i] & 0xf];
	}
	out[o] = '\0';
}
EXPORT_SYMBOL_GPL(nvmeof_uuid_format);

int nvmeof_nguid_parse(const char *s, size_t len, u8 nguid[NVMEOF_NGUID_SIZE])
{
	u8 out[NVMEOF_NGUID_SIZE];
	size_t i, p = 0;

	if (!s)
		return -EINVAL;
	for (i = 0; i < NVMEOF_NGUID_SIZE; i++) {
		int hi, lo;

		if (len - p < 2)
			return -EINVAL;
		hi = nqn_hex_val(s[p]);
		lo = nqn_hex_val(s[p + 1]);
		if (hi < 0 || lo < 0)
			return -EINVAL;
		out[i] = (u8)((hi << 4) | lo);
		p += 2;
		if (p < len && (s[p] == '-' || s[p] == ':'))
			p++;
	}
	if (p != len)
		return -EINVAL;
	memcpy(nguid, out, sizeof(out));
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_nguid_parse);
