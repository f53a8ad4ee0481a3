// SPDX-License-Identifier: GPL-2.0-only
/* Writes seed inputs for the discovery_log fuzzer using the encoder itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nvmeof/shim.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/sgl.h>
#include <nvmeof/discovery_log.h>

static void put(const char *dir, const char *name, const void *p, size_t n)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n)
		exit(1);
	fclose(f);
}

int main(int argc, char **argv)
{
	static u8 buf[8192];
	struct nvmeof_disc_entry_desc d = {
		.trtype = NVMEOF_TRTYPE_TCP, .adrfam = NVMEOF_ADRFAM_IP4,
		.subtype = NVMEOF_SUBTYPE_NVME, .treq = NVMEOF_TREQ_SECURE_NOT_REQUIRED,
		.portid = 1, .cntlid = 0xffff, .asqsz = 32,
		.trsvcid = "4420", .traddr = "127.0.0.1",
		.subnqn = "nqn.2014-08.org.example:subsys1",
	};
	union nvmeof_tsas tsas = { 0 };
	struct nvmeof_disc_log_entry *e = (void *)(buf + 1024);
	const char *dir = argv[1];

	(void)argc;
	/* empty log */
	nvmeof_disc_log_hdr_encode((void *)buf, 1, 0);
	put(dir, "empty_log", buf, 1024);
	/* one TCP entry */
	nvmeof_disc_log_hdr_encode((void *)buf, 2, 1);
	nvmeof_disc_entry_encode(e, &d);
	put(dir, "one_tcp_entry", buf, 2048);
	/* current discovery + RDMA IPv6 entry + referral */
	tsas.rdma.qptype = NVMEOF_RDMA_QPTYPE_CONNECTED;
	tsas.rdma.prtype = NVMEOF_RDMA_PRTYPE_NOT_SPECIFIED;
	tsas.rdma.cms = NVMEOF_RDMA_CMS_RDMA_CM;
	nvmeof_disc_log_hdr_encode((void *)buf, 3, 3);
	d.subtype = NVMEOF_SUBTYPE_DISC_CURRENT;
	d.subnqn = NVMEOF_DISC_SUBSYS_NAME;
	d.trsvcid = "8009";
	nvmeof_disc_entry_encode(e, &d);
	d.trtype = NVMEOF_TRTYPE_RDMA;
	d.adrfam = NVMEOF_ADRFAM_IP6;
	d.traddr = "fe80::1";
	d.trsvcid = "4420";
	d.subtype = NVMEOF_SUBTYPE_NVME;
	d.subnqn = "nqn.2014-08.org.example:rdma";
	d.tsas = &tsas;
	nvmeof_disc_entry_encode(e + 1, &d);
	d.trtype = NVMEOF_TRTYPE_TCP;
	d.adrfam = NVMEOF_ADRFAM_IP4;
	d.traddr = "10.0.0.2";
	d.subtype = NVMEOF_SUBTYPE_DISC_REFERRAL;
	d.subnqn = NVMEOF_DISC_SUBSYS_NAME;
	d.tsas = NULL;
	nvmeof_disc_entry_encode(e + 2, &d);
	put(dir, "three_mixed_entries", buf, 4096);
	/* numrec larger than the buffer */
	nvmeof_disc_log_hdr_encode((void *)buf, 4, 5);
	put(dir, "numrec_beyond_buffer", buf, 2048);
	/* SGL descriptors in the first 16 bytes (last byte picks TCP/RDMA, direction) */
	memset(buf, 0, sizeof(buf));
	nvmeof_sgl_set_incapsule((void *)buf, 0, 4096);
	buf[31] = 3;
	put(dir, "sgl_incapsule_tcp_write", buf, 32);
	if (nvmeof_sgl_set_keyed((void *)buf, 0x1000, 65536, 0x1234, true))
		return 1;
	buf[31] = 0;
	put(dir, "sgl_keyed_rdma_read", buf, 32);
	nvmeof_sgl_set_transport((void *)buf, 8192);
	buf[31] = 1;
	put(dir, "sgl_transport_tcp_read", buf, 32);
	return 0;
}
