/* SPDX-License-Identifier: GPL-2.0-only */
/* NVMe Qualified Name checks and UUID/NGUID text codecs shared by host and target. */
#ifndef NVMEOF_NQN_H
#define NVMEOF_NQN_H

#include <nvmeof/shim.h>
/* NVMEOF_NQN_MAX_LEN, NVMEOF_NQN_FIELD_LEN, NVMEOF_DISC_SUBSYS_NAME */
#include <nvmeof/fabrics.h>

/* An NQN of the specification's maximum length with its terminating NUL. */
#define NVMEOF_NQN_SIZE			(NVMEOF_NQN_MAX_LEN + 1)
/* Prefix of the UUID-based NQN form (what `nvme gen-hostnqn` writes). */
#define NVMEOF_NQN_UUID_PREFIX		"nqn.2014-08.org.nvmexpress:uuid:"

#define NVMEOF_UUID_SIZE		16
/* xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx, without NUL. */
#define NVMEOF_UUID_STRING_LEN		36
#define NVMEOF_NGUID_SIZE		16

/**
 * nvmeof_nqn_valid_loose() - accept any NQN the in-tree stacks accept
 * @nqn:	the name; must be NUL-terminated within @field_size bytes
 * @field_size:	bytes of @nqn that may be examined (a fixed field's size)
 *
 * 1..223 bytes, no control characters (bytes below 0x20 and 0x7f); bytes
 * from 0x80 up are let through unchecked. This is the level for names that
 * Linux has always accepted without checking their form: subsystem names
 * made with mkdir in configfs (blktests uses "blktests-subsystem-1"), the
 * nqn= and hostnqn= connect options, and SUBNQN/HOSTNQN in Connect data.
 *
 * Return: true when the name passes.
 */
bool nvmeof_nqn_valid_loose(const char *nqn, size_t field_size);

/**
 * nvmeof_nqn_valid_strict() - check an NQN against the specification's forms
 * @nqn:	the name; must be NUL-terminated within @field_size bytes
 * @field_size:	bytes of @nqn that may be examined
 *
 * Accepts "nqn.yyyy-mm.<reverse domain>[:<anything>]" with a month 01..12
 * and a reverse domain of at least two letter-digit-hyphen labels, and
 * "nqn.2014-08.org.nvmexpress:uuid:" followed by exactly one UUID. The name
 * must be well-formed UTF-8 without control characters, at most 223 bytes.
 * The discovery NQN passes (it is the first form). Nothing in the stack
 * rejects a name for failing this check; callers use it to warn about names
 * other implementations may refuse.
 *
 * Return: true when the name passes.
 */
bool nvmeof_nqn_valid_strict(const char *nqn, size_t field_size);

/**
 * nvmeof_nqn_is_discovery() - is this the well-known discovery NQN
 * @nqn:	the name; must be NUL-terminated within @field_size bytes
 * @field_size:	bytes of @nqn that may be examined
 *
 * Return: true for exactly "nqn.2014-08.org.nvmexpress.discovery".
 */
bool nvmeof_nqn_is_discovery(const char *nqn, size_t field_size);

/**
 * nvmeof_uuid_parse() - parse the 36-character textual UUID form
 * @s:		text, not necessarily NUL-terminated
 * @len:	its length; must be exactly NVMEOF_UUID_STRING_LEN
 * @uuid:	the 16 bytes, in the order written
 *
 * Hex digits in either case; dashes exactly at offsets 8, 13, 18 and 23.
 * Unlike the kernel's uuid_parse(), trailing text is an error: configfs
 * stores strip their own trailing newline first.
 *
 * Return: 0, or -EINVAL (@uuid is then untouched).
 */
int nvmeof_uuid_parse(const char *s, size_t len, u8 uuid[NVMEOF_UUID_SIZE]);

/**
 * nvmeof_uuid_format() - write a UUID in lowercase textual form
 * @uuid:	the 16 bytes
 * @out:	receives 36 characters and a NUL (the same text as "%pU")
 */
void nvmeof_uuid_format(const u8 uuid[NVMEOF_UUID_SIZE],
			char out[NVMEOF_UUID_STRING_LEN + 1]);

/**
 * nvmeof_nguid_parse() - parse an NGUID as configfs device_nguid accepts it
 * @s:		text, not necessarily NUL-terminated
 * @len:	its length
 * @nguid:	the 16 bytes
 *
 * Sixteen pairs of hex digits (either case); each pair may be followed by
 * one '-' or ':', as the in-tree target allows. Nothing may follow the last
 * pair and its optional separator.
 *
 * Return: 0, or -EINVAL (@nguid is then untouched).
 */
int nvmeof_nguid_parse(const char *s, size_t len, u8 nguid[NVMEOF_NGUID_SIZE]);

#endif /* NVMEOF_NQN_H */
