// SPDX-License-Identifier: GPL-2.0-only
/* Writes seed inputs for the tcp_pdu fuzzer using the PDU builders themselves. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nvmeof/shim.h>
#include <nvmeof/tcp.h>
#include <nvmeof/tcp_pdu.h>

static u8 out[1024];
static size_t n;

static void put(const void *b, size_t len) { memcpy(out + n, b, len); n += len; }

/* Append a data PDU body: pad already in header region; data then digest. */
static void data_tail(const struct nvmeof_tcp_params *p, u32 len, u8 fill)
{
	u8 d[1024];
	memset(d, fill, len);
	put(d, len);
	if (p->data_digest) {
		u32 c = nvmeof_tcp_ddgst_final(nvmeof_tcp_ddgst_update(nvmeof_tcp_ddgst_init(), d, len));
		u8 w[4];
		put_unaligned_le32(c, w);
		put(w, 4);
	}
}

static void save(const char *dir, const char *name)
{
	char path[512];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	fwrite(out, 1, n, f);
	fclose(f);
	if (n >= 1024) { fprintf(stderr, "too big %s\n", name); exit(1); }
}

int main(int argc, char **argv)
{
	const char *dir = argv[1];
	struct nvmeof_tcp_params h, t;
	u8 b[NVMEOF_TCP_HDR_BUF_SIZE];
	struct nvmeof_sqe sqe = { .opcode = 1, .command_id = 1 };
	struct nvmeof_cqe cqe = { .command_id = 1 };
	int combo;

	for (combo = 0; combo < 4; combo++) {
		bool hd = combo & 1, dd = combo & 2;
		char name[64];

		/* target, fresh connection: ICReq, capsule, capsule with data, H2CData */
		nvmeof_tcp_params_init(&h, NVMEOF_TCP_ROLE_HOST);
		nvmeof_tcp_params_init(&t, NVMEOF_TCP_ROLE_TARGET);
		h.hdr_digest = hd; h.data_digest = dd;
		n = 0;
		put((u8[]){ 0x01, 0, 0, 0x08 | 0x02 }, 4);	/* target, maxh2cdata 16K, icd 4K */
		put(b, nvmeof_tcp_build_icreq(b, &h));
		h.ic_done = true;
		put(b, nvmeof_tcp_build_cmd(b, &h, &sqe, 0));
		put(b, nvmeof_tcp_build_cmd(b, &h, &sqe, 64));
		data_tail(&h, 64, 0xa5);
		put(b, nvmeof_tcp_build_h2c_data(b, &h, 1, 3, 0, 128, true));
		data_tail(&h, 128, 0x5a);
		put(b, nvmeof_tcp_build_term(b, &h, NVMEOF_TCP_FES_PDU_SEQ_ERR, 0, NULL, 0));
		snprintf(name, sizeof(name), "target_session_hd%d_dd%d", hd, combo >> 1);
		save(dir, name);

		/* host, fresh connection: ICResp, R2T, C2HData, CapsuleResp, C2HTermReq */
		nvmeof_tcp_params_init(&h, NVMEOF_TCP_ROLE_HOST);
		nvmeof_tcp_params_init(&t, NVMEOF_TCP_ROLE_TARGET);
		t.hdr_digest = hd; t.data_digest = dd;
		n = 0;
		put((u8[]){ (hd ? 2 : 0) | (dd ? 4 : 0), 0, 0, 0 }, 4);
		put(b, nvmeof_tcp_build_icresp(b, &t));
		t.ic_done = true;
		put(b, nvmeof_tcp_build_r2t(b, &t, 1, 3, 0, 4096));
		put(b, nvmeof_tcp_build_c2h_data(b, &t, 2, 0, 100, true, false));
		data_tail(&t, 100, 0x11);
		put(b, nvmeof_tcp_build_rsp(b, &t, &cqe));
		put(b, nvmeof_tcp_build_c2h_data(b, &t, 3, 0, 60, true, true));
		data_tail(&t, 60, 0x22);
		put(b, nvmeof_tcp_build_term(b, &t, NVMEOF_TCP_FES_INVALID_PDU_HDR, 2, b, 24));
		snprintf(name, sizeof(name), "host_session_hd%d_dd%d", hd, combo >> 1);
		save(dir, name);
	}

	/* initialized queues with PDA padding */
	nvmeof_tcp_params_init(&h, NVMEOF_TCP_ROLE_HOST);
	nvmeof_tcp_params_init(&t, NVMEOF_TCP_ROLE_TARGET);
	h.ic_done = t.ic_done = true;
	h.hdr_digest = t.hdr_digest = h.data_digest = t.data_digest = true;
	h.hpda = t.hpda = 7; h.cpda = t.cpda = 3;
	n = 0;
	put((u8[]){ 0x0f, 7, 3, 0x10 }, 4);	/* target, ic done, icd 8K */
	put(b, nvmeof_tcp_build_cmd(b, &h, &sqe, 200));
	data_tail(&h, 200, 0x33);
	put(b, nvmeof_tcp_build_h2c_data(b, &h, 1, 1, 0, 300, false));
	data_tail(&h, 300, 0x44);
	save(dir, "target_pda_padding");
	n = 0;
	put((u8[]){ 0x0e, 7, 3, 0 }, 4);	/* host, ic done */
	put(b, nvmeof_tcp_build_c2h_data(b, &t, 1, 0, 300, true, false));
	data_tail(&t, 300, 0x55);
	put(b, nvmeof_tcp_build_rsp(b, &t, &cqe));
	save(dir, "host_pda_padding");

	/* rejections */
	nvmeof_tcp_params_init(&h, NVMEOF_TCP_ROLE_HOST);
	h.ic_done = true;
	n = 0;
	put((u8[]){ 0x01, 0, 0, 0 }, 4);	/* target, not initialized */
	put(b, nvmeof_tcp_build_cmd(b, &h, &sqe, 0));
	save(dir, "target_capsule_before_icreq");
	return 0;
}
