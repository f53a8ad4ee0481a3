// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the Discovery log validator and the SGL descriptor parser on hostile bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/sgl.h>
#include <nvmeof/discovery_log.h>

/* Every entry the validator passes must decode, with terminated strings. */
static void check_entries(const u8 *buf, const struct nvmeof_disc_log_info *info)
{
	struct nvmeof_disc_log_entry e;
	struct nvmeof_disc_entry_info out;
	u64 i;

	for (i = 0; i < info->numrec; i++) {
		memcpy(&e, buf + NVMEOF_DISC_LOG_HDR_SIZE + i * NVMEOF_DISC_LOG_ENTRY_SIZE,
		       sizeof(e));
		if (nvmeof_disc_entry_decode(&e, &out, NULL))
			abort();
		if (strnlen(out.traddr, sizeof(out.traddr)) == sizeof(out.traddr) ||
		    strnlen(out.trsvcid, sizeof(out.trsvcid)) == sizeof(out.trsvcid) ||
		    strnlen(out.subnqn, sizeof(out.subnqn)) > NVMEOF_NQN_MAX_LEN)
			abort();
	}
}

/* The first 16 bytes (if any) double as an SGL descriptor under each transport's limits. */
static void fuzz_sgl(const u8 *data, size_t size)
{
	struct nvmeof_sgl_limits lim = {
		.max_len = 1 << 20,
		.incapsule_size = 8192,
	};
	struct nvmeof_sgl_desc d;
	struct nvmeof_sgl_info info;
	u16 status;

	if (size < sizeof(d))
		return;
	memcpy(&d, data, sizeof(d));
	lim.accept = (data[size - 1] & 1) ? NVMEOF_SGL_ACCEPT_TCP : NVMEOF_SGL_ACCEPT_RDMA;
	lim.host_to_ctrl = data[size - 1] & 2;
	status = nvmeof_sgl_parse(&d, &lim, &info);
	if (status == NVMEOF_SC_SUCCESS) {
		if (info.len > lim.max_len)
			abort();
		if (info.kind == NVMEOF_SGL_INCAPSULE &&
		    (u64)info.offset + info.len > lim.incapsule_size)
			abort();
	} else if (!(status & NVMEOF_SC_DNR)) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nvmeof_disc_log_info info, again;
	const char *why = NULL;

	fuzz_sgl(data, size);

	if (nvmeof_disc_log_validate(data, size, &info, &why) == 0) {
		check_entries(data, &info);
		if (nvmeof_disc_log_check_stable(&info, data, size))
			abort();
	} else if (!why) {
		abort();
	}
	/* The header-only read must agree with the full validator. */
	if (nvmeof_disc_log_hdr_decode(data, size, &again, NULL) == 0 &&
	    nvmeof_disc_log_size(again.numrec) && nvmeof_disc_log_size(again.numrec) <= size &&
	    nvmeof_disc_log_validate(data, size, &info, NULL) == -EMSGSIZE)
		abort();
	return 0;
}
