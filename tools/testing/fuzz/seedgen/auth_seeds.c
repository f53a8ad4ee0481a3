// SPDX-License-Identifier: GPL-2.0-only
/* Writes seed inputs for the auth fuzzer using the builders themselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nvmeof/shim.h>
#include <nvmeof/auth.h>

static u8 buf[4 + 2048];
static u8 fill[2048];

/* Writes the 4-byte transaction prefix (t_id 0x0102, hash, group) and @n message bytes. */
static void put(const char *dir, const char *name, u8 hash, u8 group, size_t n)
{
	char path[512];
	FILE *f;

	buf[0] = 0x02;
	buf[1] = 0x01;
	buf[2] = hash;
	buf[3] = group;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, n + 4, f) != n + 4)
		exit(1);
	fclose(f);
}

int main(int argc, char **argv)
{
	static const u8 hashes[] = { 1, 2, 3 };
	static const u8 groups[] = { 0, 1, 2, 3, 4, 5 };
	static const char *secrets[] = {
		"DHHC-1:00:AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09pl1OOC:",
		"DHHC-1:02:P0ZNVFtiaXB3foWMk5qhqK+2vcTL0tng5+71/AMKERgfJi00O0JJUFdeZWxzeoGIIfbl3A==:",
		"DHHC-1:03:XmVsc3qBiI+WnaSrsrnAx87V3OPq8fj/Bg0UGyIpMDc+RUxTWmFob3Z9hIuSmaCnrrW8w8rR2N/m7fT7AgkQF92/o4A=:",
	};
	struct nvmeof_auth_txn null_txn = { 0x0102, 1, 0 };
	struct nvmeof_auth_txn dh_txn = { 0x0102, 3, 1 };
	const char *dir = argv[1];
	u8 *m = buf + 4;
	char name[32];
	size_t i;
	int n;

	(void)argc;
	for (i = 0; i < sizeof(fill); i++)
		fill[i] = (u8)(i * 29 + 3);
	n = nvmeof_auth_negotiate_build(m, 2048, 0x0102, hashes, 3, groups, 6);
	put(dir, "negotiate", 1, 0, (size_t)n);
	n = nvmeof_dhchap_challenge_build(m, 2048, &null_txn, 1, fill, NULL, 0);
	put(dir, "challenge_sha256_null", 1, 0, (size_t)n);
	n = nvmeof_dhchap_challenge_build(m, 2048, &dh_txn, 1, fill, fill, 256);
	put(dir, "challenge_sha512_ffdhe2048", 3, 1, (size_t)n);
	n = nvmeof_dhchap_reply_build(m, 2048, &null_txn, fill, fill + 32, 2, NULL, 0);
	put(dir, "reply_bidirectional_null", 1, 0, (size_t)n);
	n = nvmeof_dhchap_reply_build(m, 2048, &dh_txn, fill, NULL, 0, fill, 256);
	put(dir, "reply_ffdhe2048", 3, 1, (size_t)n);
	n = nvmeof_dhchap_success1_build(m, 2048, &null_txn, fill);
	put(dir, "success1", 1, 0, (size_t)n);
	n = nvmeof_dhchap_success2_build(m, 2048, &null_txn);
	put(dir, "success2", 1, 0, (size_t)n);
	n = nvmeof_auth_failure_build(m, 2048, NVMEOF_AUTH_ID_FAILURE1, 0x0102, 4);
	put(dir, "failure1", 1, 0, (size_t)n);
	n = nvmeof_auth_failure_build(m, 2048, NVMEOF_AUTH_ID_FAILURE2, 0x0102, 1);
	put(dir, "failure2", 1, 0, (size_t)n);
	nvmeof_auth_send_init((struct nvmeof_auth_send_cmd *)m, 1, 72);
	put(dir, "auth_send_sqe", 1, 0, 64);
	for (i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++) {
		memcpy(m, secrets[i], strlen(secrets[i]));
		snprintf(name, sizeof(name), "secret_%zu", i);
		put(dir, name, 1, 0, strlen(secrets[i]));
	}
	return 0;
}
