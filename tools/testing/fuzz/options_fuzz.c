// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: connect option parser, transport checks, sysfs text, NQN/UUID/NGUID codecs. */
#include <stdlib.h>

#include <nvmeof/nqn.h>
#include <nvmeof/options.h>

#define FUZZ_CHECK(cond)		\
	do {				\
		if (!(cond))		\
			__builtin_trap(); \
	} while (0)

static const u8 fuzz_hostid[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

static const struct nvmeof_opts_defaults fuzz_defs = {
	.hostnqn = "nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-000000000001",
	.hostid = fuzz_hostid,
	.online_cpus = 2,
};

static bool fuzz_terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* What a successful parse promises its callers. */
static void fuzz_check_parsed(const struct nvmeof_ctrl_opts *o)
{
	FUZZ_CHECK(!(o->mask & ~NVMEOF_OPTS_ALL_MASK));
	FUZZ_CHECK((o->mask & NVMEOF_OPTS_REQUIRED) == NVMEOF_OPTS_REQUIRED);
	FUZZ_CHECK(fuzz_terminated(o->transport, sizeof(o->transport)));
	FUZZ_CHECK(fuzz_terminated(o->traddr, sizeof(o->traddr)));
	FUZZ_CHECK(fuzz_terminated(o->trsvcid, sizeof(o->trsvcid)));
	FUZZ_CHECK(fuzz_terminated(o->host_traddr, sizeof(o->host_traddr)));
	FUZZ_CHECK(fuzz_terminated(o->host_iface, sizeof(o->host_iface)));
	FUZZ_CHECK(fuzz_terminated(o->dhchap_secret, sizeof(o->dhchap_secret)));
	FUZZ_CHECK(fuzz_terminated(o->dhchap_ctrl_secret, sizeof(o->dhchap_ctrl_secret)));
	FUZZ_CHECK(nvmeof_nqn_valid_loose(o->subsysnqn, sizeof(o->subsysnqn)));
	FUZZ_CHECK(nvmeof_nqn_valid_loose(o->hostnqn, sizeof(o->hostnqn)));
	FUZZ_CHECK(o->queue_size >= NVMEOF_OPTS_MIN_QUEUE_SIZE &&
		   o->queue_size <= NVMEOF_OPTS_MAX_QUEUE_SIZE);
	FUZZ_CHECK(o->reconnect_delay > 0);
	FUZZ_CHECK(o->kato >= 0);
	FUZZ_CHECK(o->fast_io_fail_tmo >= -1);
	FUZZ_CHECK(o->tos >= -1 && o->tos <= NVMEOF_OPTS_MAX_TOS);
	FUZZ_CHECK(o->max_reconnects >= -1);
	if (o->discovery) {
		FUZZ_CHECK(o->nr_io_queues == 0 && o->duplicate_connect);
	} else {
		FUZZ_CHECK(o->nr_io_queues >= 1 && o->nr_io_queues <= fuzz_defs.online_cpus);
		FUZZ_CHECK(o->kato > 0);
	}
}

static void fuzz_opts(const char *buf, size_t size)
{
	static const u32 masks[] = {
		0, NVMEOF_OPTS_BASE_MASK, NVMEOF_OPTS_TCP_MASK,
		NVMEOF_OPTS_RDMA_MASK, NVMEOF_OPTS_LOOP_MASK,
	};
	struct nvmeof_ctrl_opts *o = malloc(sizeof(*o));
	struct nvmeof_opts_error err;
	char addr[1024], tiny[8];
	size_t i;
	int ret, len;

	ret = nvmeof_opts_parse(o, buf, size, &fuzz_defs, &err);
	if (ret) {
		FUZZ_CHECK(ret == -EINVAL || ret == -EADDRINUSE || ret == -EOPNOTSUPP);
		FUZZ_CHECK(err.reason != NULL && err.token != NULL);
		/* The token lies in the input or is a static pattern. */
		if (err.token >= buf && err.token < buf + size)
			FUZZ_CHECK(err.token + err.token_len <= buf + size);
		free(o);
		return;
	}

	fuzz_check_parsed(o);
	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		ret = nvmeof_opts_check_allowed(o, masks[i], &err);
		FUZZ_CHECK(ret == 0 || (ret == -EINVAL && err.token && err.reason));
		ret = nvmeof_opts_check_required(o, masks[i], &err);
		FUZZ_CHECK(ret == 0 || (ret == -EINVAL && err.token && err.reason));
	}

	len = nvmeof_opts_format_address(o, addr, sizeof(addr));
	FUZZ_CHECK(len > 0 && (size_t)len < sizeof(addr) && addr[len] == '\0' &&
		   addr[len - 1] == '\n');
	len = nvmeof_opts_format_address(o, tiny, sizeof(tiny));
	FUZZ_CHECK(len == -ENOSPC || (len > 0 && (size_t)len < sizeof(tiny)));

	FUZZ_CHECK(nvmeof_opts_match(o, o));
	free(o);
}

static void fuzz_codecs(const char *buf, size_t size)
{
	char text[NVMEOF_UUID_STRING_LEN + 1];
	u8 id[16], again[16];
	bool strict = nvmeof_nqn_valid_strict(buf, size);

	/* Strict is a subset of loose. */
	FUZZ_CHECK(!strict || nvmeof_nqn_valid_loose(buf, size));
	if (nvmeof_nqn_is_discovery(buf, size))
		FUZZ_CHECK(strict);

	if (!nvmeof_uuid_parse(buf, size, id)) {
		nvmeof_uuid_format(id, text);
		FUZZ_CHECK(!nvmeof_uuid_parse(text, NVMEOF_UUID_STRING_LEN, again));
		FUZZ_CHECK(!memcmp(id, again, sizeof(id)));
		/* Every textual UUID is also a valid NGUID. */
		FUZZ_CHECK(!nvmeof_nguid_parse(buf, size, again));
		FUZZ_CHECK(!memcmp(id, again, sizeof(id)));
	}
	(void)nvmeof_nguid_parse(buf, size, id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy so any read past the end is caught. */
	char *buf = malloc(size ? size : 1);

	memcpy(buf, data, size);
	fuzz_opts(buf, size);
	fuzz_codecs(buf, size);
	free(buf);
	return 0;
}
