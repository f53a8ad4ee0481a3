/* SPDX-License-Identifier: GPL-2.0-only */
/* Encoding and validating the Discovery log page (log ID 70h). */
#ifndef NVMEOF_DISCOVERY_LOG_H
#define NVMEOF_DISCOVERY_LOG_H

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>

#define NVMEOF_DISC_LOG_HDR_SIZE	1024
#define NVMEOF_DISC_LOG_ENTRY_SIZE	1024

/**
 * struct nvmeof_disc_entry_desc - one discovery entry as plain C.
 * @trtype:  transport type (NVMEOF_TRTYPE_*)
 * @adrfam:  address family (NVMEOF_ADRFAM_*)
 * @subtype: subsystem type (NVMEOF_SUBTYPE_*)
 * @treq:    transport requirements (NVMEOF_TREQ_*)
 * @portid:  port ID
 * @cntlid:  controller ID (NVMEOF_CNTLID_DYNAMIC for the dynamic model)
 * @asqsz:   admin max SQ size
 * @eflags:  entry flags
 * @trsvcid: transport service ID, printable ASCII, < NVMEOF_TRSVCID_SIZE bytes
 * @traddr:  transport address, printable ASCII, < NVMEOF_TRADDR_SIZE bytes
 * @subnqn:  subsystem NQN, at most NVMEOF_NQN_MAX_LEN bytes
 * @tsas:    transport specific address subtype, or NULL for all zeroes
 */
struct nvmeof_disc_entry_desc {
	u8	trtype;
	u8	adrfam;
	u8	subtype;
	u8	treq;
	u16	portid;
	u16	cntlid;
	u16	asqsz;
	u16	eflags;
	const char *trsvcid;
	const char *traddr;
	const char *subnqn;
	const union nvmeof_tsas *tsas;
};

/**
 * struct nvmeof_disc_entry_info - a validated received entry, in CPU order.
 *
 * Fields as in struct nvmeof_disc_entry_desc; the strings are NUL terminated
 * copies with any space padding removed.
 */
struct nvmeof_disc_entry_info {
	u8	trtype;
	u8	adrfam;
	u8	subtype;
	u8	treq;
	u16	portid;
	u16	cntlid;
	u16	asqsz;
	u16	eflags;
	char	trsvcid[NVMEOF_TRSVCID_SIZE];
	char	traddr[NVMEOF_TRADDR_SIZE];
	char	subnqn[NVMEOF_NQN_FIELD_LEN];
	union nvmeof_tsas tsas;
};

/**
 * struct nvmeof_disc_log_info - what a validated log header says.
 * @genctr: generation counter
 * @numrec: number of entries the log holds
 */
struct nvmeof_disc_log_info {
	u64	genctr;
	u64	numrec;
};

int nvmeof_disc_entry_encode(struct nvmeof_disc_log_entry *e,
			     const struct nvmeof_disc_entry_desc *desc);
void nvmeof_disc_log_hdr_encode(struct nvmeof_disc_log_hdr *hdr, u64 genctr,
				u64 numrec);
size_t nvmeof_disc_log_size(u64 numrec);

int nvmeof_disc_log_hdr_decode(const void *buf, size_t len,
			       struct nvmeof_disc_log_info *info,
			       const char **reason);
int nvmeof_disc_entry_decode(const struct nvmeof_disc_log_entry *e,
			     struct nvmeof_disc_entry_info *info,
			     const char **reason);
int nvmeof_disc_log_validate(const void *buf, size_t len,
			     struct nvmeof_disc_log_info *info,
			     const char **reason);
int nvmeof_disc_log_check_stable(const struct nvmeof_disc_log_info *before,
				 const void *hdr_again, size_t len);

#endif /* NVMEOF_DISCOVERY_LOG_H */
