/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVMe wire structures (NVM Express Base Specification 2.0) that both the
 * host and the target put on or take off a fabric. Written from the
 * specification; deliberately independent of <linux/nvme.h>, which changes
 * between kernels.
 */
#ifndef NVMEOF_NVME_H
#define NVMEOF_NVME_H

#include <linux/types.h>
#include <linux/build_bug.h>

/**
 * struct nvmeof_sgl_desc - SGL descriptor (Base 2.0, 4.1.2).
 * @addr:   address or offset
 * @length: length in bytes (keyed descriptors: 3-byte length + 4-byte key,
 *          see struct nvmeof_keyed_sgl_desc)
 * @rsvd12: reserved
 * @type:   descriptor type (high nibble) and sub type (low nibble)
 */
struct nvmeof_sgl_desc {
	__le64	addr;
	__le32	length;
	__u8	rsvd12[3];
	__u8	type;
};
static_assert(sizeof(struct nvmeof_sgl_desc) == 16);
static_assert(offsetof(struct nvmeof_sgl_desc, addr) == 0);
static_assert(offsetof(struct nvmeof_sgl_desc, length) == 8);
static_assert(offsetof(struct nvmeof_sgl_desc, rsvd12) == 12);
static_assert(offsetof(struct nvmeof_sgl_desc, type) == 15);

/**
 * struct nvmeof_keyed_sgl_desc - Keyed SGL Data Block descriptor (Base 2.0, 4.1.2.1).
 * @addr:   remote address
 * @length: 24-bit little-endian length
 * @key:    remote key
 * @type:   descriptor type and sub type
 */
struct nvmeof_keyed_sgl_desc {
	__le64	addr;
	__u8	length[3];
	__u8	key[4];
	__u8	type;
};
static_assert(sizeof(struct nvmeof_keyed_sgl_desc) == 16);
static_assert(offsetof(struct nvmeof_keyed_sgl_desc, addr) == 0);
static_assert(offsetof(struct nvmeof_keyed_sgl_desc, length) == 8);
static_assert(offsetof(struct nvmeof_keyed_sgl_desc, key) == 11);
static_assert(offsetof(struct nvmeof_keyed_sgl_desc, type) == 15);

/**
 * struct nvmeof_sqe - the 64-byte submission queue entry (Base 2.0, 4.2).
 * @opcode:     command opcode
 * @flags:      FUSE (bits 1:0) and PSDT (bits 7:6)
 * @command_id: command identifier, echoed in the completion
 * @nsid:       namespace identifier
 * @cdw2:       command dword 2
 * @cdw3:       command dword 3
 * @mptr:       metadata pointer
 * @dptr:       data pointer; on fabrics always one SGL descriptor
 * @cdw10:      command dwords 10-15
 */
struct nvmeof_sqe {
	__u8	opcode;
	__u8	flags;
	__u16	command_id;
	__le32	nsid;
	__le32	cdw2;
	__le32	cdw3;
	__le64	mptr;
	struct nvmeof_sgl_desc dptr;
	__le32	cdw10;
	__le32	cdw11;
	__le32	cdw12;
	__le32	cdw13;
	__le32	cdw14;
	__le32	cdw15;
};
static_assert(sizeof(struct nvmeof_sqe) == 64);
static_assert(offsetof(struct nvmeof_sqe, opcode) == 0);
static_assert(offsetof(struct nvmeof_sqe, flags) == 1);
static_assert(offsetof(struct nvmeof_sqe, command_id) == 2);
static_assert(offsetof(struct nvmeof_sqe, nsid) == 4);
static_assert(offsetof(struct nvmeof_sqe, cdw2) == 8);
static_assert(offsetof(struct nvmeof_sqe, cdw3) == 12);
static_assert(offsetof(struct nvmeof_sqe, mptr) == 16);
static_assert(offsetof(struct nvmeof_sqe, dptr) == 24);
static_assert(offsetof(struct nvmeof_sqe, cdw10) == 40);
static_assert(offsetof(struct nvmeof_sqe, cdw11) == 44);
static_assert(offsetof(struct nvmeof_sqe, cdw12) == 48);
static_assert(offsetof(struct nvmeof_sqe, cdw13) == 52);
static_assert(offsetof(struct nvmeof_sqe, cdw14) == 56);
static_assert(offsetof(struct nvmeof_sqe, cdw15) == 60);

/**
 * struct nvmeof_cqe - the 16-byte completion queue entry (Base 2.0, 4.6).
 * @result:     command specific dwords 0 and 1 (Property Get returns 64 bits)
 * @sq_head:    submission queue head pointer
 * @sq_id:      submission queue identifier
 * @command_id: identifier of the completed command (opaque, host order)
 * @status:     status field: phase tag (bit 0), then status code (bits 15:1)
 */
struct nvmeof_cqe {
	__le64	result;
	__le16	sq_head;
	__le16	sq_id;
	__u16	command_id;
	__le16	status;
};
static_assert(sizeof(struct nvmeof_cqe) == 16);
static_assert(offsetof(struct nvmeof_cqe, result) == 0);
static_assert(offsetof(struct nvmeof_cqe, sq_head) == 8);
static_assert(offsetof(struct nvmeof_cqe, sq_id) == 10);
static_assert(offsetof(struct nvmeof_cqe, command_id) == 12);
static_assert(offsetof(struct nvmeof_cqe, status) == 14);

#endif /* NVMEOF_NVME_H */
