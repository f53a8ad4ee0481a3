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
 * @status:     status field: phase tag (bit 0), then the status value
 *              (CRD, More, DNR, SCT, SC) in bits 15:1. Fabrics have no phase,
 *              so this is always an NVMEOF_SC_* value shifted left by one:
 *              use nvmeof_cqe_status() / nvmeof_cqe_set_status().
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

/*
 * Status values (Base 2.0, 4.6.1.2): (SCT << 8) | SC, plus the More and DNR
 * bits, exactly as bits 15:1 of the CQE status field. Protocol paths pass
 * these around as u16 and shift once when filling or reading a CQE.
 */
#define NVMEOF_CQE_STATUS_SHIFT		1
#define nvmeof_cqe_status(cqe)		\
	((u16)(le16_to_cpu((cqe)->status) >> NVMEOF_CQE_STATUS_SHIFT))
#define nvmeof_cqe_set_status(cqe, sc)	\
	((cqe)->status = cpu_to_le16((u16)((sc) << NVMEOF_CQE_STATUS_SHIFT)))

#define NVMEOF_SC_DNR			0x4000	/* do not retry */
#define NVMEOF_SC_MORE			0x2000	/* more status in the error log */
#define NVMEOF_SC_CRD_MASK		0x1800	/* command retry delay index */
#define NVMEOF_SC_CRD_SHIFT		11
#define NVMEOF_SC_SCT_MASK		0x0700
#define NVMEOF_SC_SCT_SHIFT		8
#define NVMEOF_SC_SC_MASK		0x00ff
/* Status without CRD/More/DNR: what callers compare against. */
#define NVMEOF_SC_CODE(sc)		((sc) & (NVMEOF_SC_SCT_MASK | NVMEOF_SC_SC_MASK))
#define NVMEOF_SC_SCT(sc)		(((sc) & NVMEOF_SC_SCT_MASK) >> NVMEOF_SC_SCT_SHIFT)

/* Status code types. */
#define NVMEOF_SCT_GENERIC		0x0
#define NVMEOF_SCT_CMD_SPECIFIC		0x1
#define NVMEOF_SCT_MEDIA		0x2
#define NVMEOF_SCT_PATH			0x3
#define NVMEOF_SCT_VENDOR		0x7

/* Generic command status (SCT 0, Base 2.0). */
#define NVMEOF_SC_SUCCESS		0x000
#define NVMEOF_SC_INVALID_OPCODE	0x001
#define NVMEOF_SC_INVALID_FIELD		0x002
#define NVMEOF_SC_CMDID_CONFLICT	0x003
#define NVMEOF_SC_DATA_XFER_ERROR	0x004
#define NVMEOF_SC_POWER_LOSS		0x005
#define NVMEOF_SC_INTERNAL		0x006
#define NVMEOF_SC_ABORT_REQ		0x007
#define NVMEOF_SC_ABORT_SQ_DELETED	0x008
#define NVMEOF_SC_FUSED_FAIL		0x009
#define NVMEOF_SC_FUSED_MISSING		0x00a
#define NVMEOF_SC_INVALID_NS		0x00b
#define NVMEOF_SC_CMD_SEQ_ERROR		0x00c
#define NVMEOF_SC_SGL_INVALID_LAST	0x00d
#define NVMEOF_SC_SGL_INVALID_COUNT	0x00e
#define NVMEOF_SC_SGL_INVALID_DATA_LEN	0x00f
#define NVMEOF_SC_SGL_INVALID_META_LEN	0x010
#define NVMEOF_SC_SGL_INVALID_TYPE	0x011
#define NVMEOF_SC_CMB_INVALID_USE	0x012
#define NVMEOF_SC_PRP_INVALID_OFFSET	0x013
#define NVMEOF_SC_ATOMIC_WU_EXCEEDED	0x014
#define NVMEOF_SC_OP_DENIED		0x015
#define NVMEOF_SC_SGL_INVALID_OFFSET	0x016
#define NVMEOF_SC_HOSTID_INCONSISTENT	0x018
#define NVMEOF_SC_KA_TIMEOUT_EXPIRED	0x019
#define NVMEOF_SC_KA_TIMEOUT_INVALID	0x01a
#define NVMEOF_SC_ABORT_PREEMPT		0x01b
#define NVMEOF_SC_SANITIZE_FAILED	0x01c
#define NVMEOF_SC_SANITIZE_IN_PROGRESS	0x01d
#define NVMEOF_SC_SGL_INVALID_GRANULARITY 0x01e
#define NVMEOF_SC_CMD_NOT_SUP_CMB_QUEUE	0x01f
#define NVMEOF_SC_NS_WRITE_PROTECTED	0x020
#define NVMEOF_SC_CMD_INTERRUPTED	0x021
#define NVMEOF_SC_TRANSIENT_TRANSPORT	0x022
#define NVMEOF_SC_PROHIBITED_BY_LOCKDOWN 0x023
#define NVMEOF_SC_ADMIN_MEDIA_NOT_READY	0x024
#define NVMEOF_SC_INVALID_IO_CMD_SET	0x02c
/* Generic status, NVM command set (SCT 0, 0x80..). */
#define NVMEOF_SC_LBA_RANGE		0x080
#define NVMEOF_SC_CAP_EXCEEDED		0x081
#define NVMEOF_SC_NS_NOT_READY		0x082
#define NVMEOF_SC_RESERVATION_CONFLICT	0x083
#define NVMEOF_SC_FORMAT_IN_PROGRESS	0x084

/* Command specific status (SCT 1, Base 2.0). */
#define NVMEOF_SC_CQ_INVALID		0x100
#define NVMEOF_SC_QID_INVALID		0x101
#define NVMEOF_SC_QUEUE_SIZE		0x102
#define NVMEOF_SC_ABORT_LIMIT		0x103
#define NVMEOF_SC_ASYNC_LIMIT		0x105
#define NVMEOF_SC_FW_SLOT_INVALID	0x106
#define NVMEOF_SC_FW_IMAGE_INVALID	0x107
#define NVMEOF_SC_INVALID_VECTOR	0x108
#define NVMEOF_SC_INVALID_LOG_PAGE	0x109
#define NVMEOF_SC_INVALID_FORMAT	0x10a
#define NVMEOF_SC_INVALID_QUEUE_DELETE	0x10c
#define NVMEOF_SC_FEATURE_NOT_SAVEABLE	0x10d
#define NVMEOF_SC_FEATURE_NOT_CHANGEABLE 0x10e
#define NVMEOF_SC_FEATURE_NOT_PER_NS	0x10f
#define NVMEOF_SC_NS_INSUFFICIENT_CAP	0x115
#define NVMEOF_SC_NS_ID_UNAVAILABLE	0x116
#define NVMEOF_SC_NS_ALREADY_ATTACHED	0x118
#define NVMEOF_SC_NS_IS_PRIVATE		0x119
#define NVMEOF_SC_NS_NOT_ATTACHED	0x11a
#define NVMEOF_SC_CTRL_LIST_INVALID	0x11c
#define NVMEOF_SC_CTRL_ID_INVALID	0x11f
#define NVMEOF_SC_ANA_GROUP_ID_INVALID	0x124
#define NVMEOF_SC_ANA_ATTACH_FAILED	0x125
/* Command specific status, NVM command set I/O commands. */
#define NVMEOF_SC_CONFLICTING_ATTRS	0x180
#define NVMEOF_SC_INVALID_PI		0x181
#define NVMEOF_SC_READ_ONLY		0x182
/* Command specific status, Fabrics commands (Fabrics 1.1 / Base 2.0). */
#define NVMEOF_SC_CONNECT_FORMAT	0x180	/* incompatible format */
#define NVMEOF_SC_CONNECT_CTRL_BUSY	0x181
#define NVMEOF_SC_CONNECT_INVALID_PARAM	0x182
#define NVMEOF_SC_CONNECT_RESTART_DISC	0x183
#define NVMEOF_SC_CONNECT_INVALID_HOST	0x184
#define NVMEOF_SC_INVALID_QUEUE_TYPE	0x185
#define NVMEOF_SC_DISCOVERY_RESTART	0x190
#define NVMEOF_SC_AUTH_REQUIRED		0x191

/* Media and data integrity errors (SCT 2). */
#define NVMEOF_SC_WRITE_FAULT		0x280
#define NVMEOF_SC_READ_ERROR		0x281
#define NVMEOF_SC_GUARD_CHECK		0x282
#define NVMEOF_SC_APPTAG_CHECK		0x283
#define NVMEOF_SC_REFTAG_CHECK		0x284
#define NVMEOF_SC_COMPARE_FAILED	0x285
#define NVMEOF_SC_ACCESS_DENIED		0x286
#define NVMEOF_SC_UNWRITTEN_BLOCK	0x287

/* Path related status (SCT 3). */
#define NVMEOF_SC_INTERNAL_PATH_ERROR	0x300
#define NVMEOF_SC_ANA_PERSISTENT_LOSS	0x301
#define NVMEOF_SC_ANA_INACCESSIBLE	0x302
#define NVMEOF_SC_ANA_TRANSITION	0x303
#define NVMEOF_SC_CTRL_PATH_ERROR	0x360
#define NVMEOF_SC_HOST_PATH_ERROR	0x370
#define NVMEOF_SC_HOST_ABORTED_CMD	0x371

/* Admin command opcodes (Base 2.0). */
#define NVMEOF_ADMIN_DELETE_SQ		0x00
#define NVMEOF_ADMIN_CREATE_SQ		0x01
#define NVMEOF_ADMIN_GET_LOG_PAGE	0x02
#define NVMEOF_ADMIN_DELETE_CQ		0x04
#define NVMEOF_ADMIN_CREATE_CQ		0x05
#define NVMEOF_ADMIN_IDENTIFY		0x06
#define NVMEOF_ADMIN_ABORT		0x08
#define NVMEOF_ADMIN_SET_FEATURES	0x09
#define NVMEOF_ADMIN_GET_FEATURES	0x0a
#define NVMEOF_ADMIN_ASYNC_EVENT	0x0c
#define NVMEOF_ADMIN_NS_MGMT		0x0d
#define NVMEOF_ADMIN_FW_COMMIT		0x10
#define NVMEOF_ADMIN_FW_DOWNLOAD	0x11
#define NVMEOF_ADMIN_DEV_SELF_TEST	0x14
#define NVMEOF_ADMIN_NS_ATTACH		0x15
#define NVMEOF_ADMIN_KEEP_ALIVE		0x18
#define NVMEOF_ADMIN_DIRECTIVE_SEND	0x19
#define NVMEOF_ADMIN_DIRECTIVE_RECV	0x1a
#define NVMEOF_ADMIN_FORMAT_NVM		0x80
#define NVMEOF_ADMIN_SECURITY_SEND	0x81
#define NVMEOF_ADMIN_SECURITY_RECV	0x82
#define NVMEOF_ADMIN_SANITIZE		0x84
#define NVMEOF_ADMIN_GET_LBA_STATUS	0x86
#define NVMEOF_ADMIN_VENDOR_START	0xc0

/* NVM command set I/O opcodes (NVM Command Set 1.0). */
#define NVMEOF_CMD_FLUSH		0x00
#define NVMEOF_CMD_WRITE		0x01
#define NVMEOF_CMD_READ			0x02
#define NVMEOF_CMD_WRITE_UNCOR		0x04
#define NVMEOF_CMD_COMPARE		0x05
#define NVMEOF_CMD_WRITE_ZEROES		0x08
#define NVMEOF_CMD_DSM			0x09
#define NVMEOF_CMD_VERIFY		0x0c
#define NVMEOF_CMD_RESV_REGISTER	0x0d
#define NVMEOF_CMD_RESV_REPORT		0x0e
#define NVMEOF_CMD_RESV_ACQUIRE		0x11
#define NVMEOF_CMD_RESV_RELEASE		0x15
#define NVMEOF_CMD_COPY			0x19

/*
 * Read, Write and Write Zeroes (NVM Command Set 1.0, 3.2.4/3.2.6/3.2.8):
 * CDW10-11 hold the 64-bit SLBA, CDW12 the 0's based NLB and these flags.
 */
#define NVMEOF_RW_NLB_MASK		0xffff
#define NVMEOF_RW_DEAC			(1u << 25)	/* Write Zeroes: deallocate */
#define NVMEOF_RW_FUA			(1u << 30)
#define NVMEOF_RW_LR			(1u << 31)

/* Dataset Management (NVM Command Set 1.0, 3.2.3): CDW10 NR, CDW11 attributes. */
#define NVMEOF_DSM_NR_MASK		0xff		/* 0's based range count */
#define NVMEOF_DSM_MAX_RANGES		256
#define NVMEOF_DSM_ATTR_IDR		(1u << 0)
#define NVMEOF_DSM_ATTR_IDW		(1u << 1)
#define NVMEOF_DSM_ATTR_AD		(1u << 2)	/* deallocate */

/**
 * struct nvmeof_dsm_range - Dataset Management range (NVM Command Set 1.0, 3.2.3).
 * @cattr: context attributes
 * @nlb:   number of logical blocks (not 0's based)
 * @slba:  starting LBA
 */
struct nvmeof_dsm_range {
	__le32	cattr;
	__le32	nlb;
	__le64	slba;
};
static_assert(sizeof(struct nvmeof_dsm_range) == 16);
static_assert(offsetof(struct nvmeof_dsm_range, cattr) == 0);
static_assert(offsetof(struct nvmeof_dsm_range, nlb) == 4);
static_assert(offsetof(struct nvmeof_dsm_range, slba) == 8);

/* The one Fabrics opcode; the command is named by fctype (see fabrics.h). */
#define NVMEOF_FABRICS_OPCODE		0x7f

/*
 * Opcode bits 1:0 give the data direction for every command set, Fabrics
 * commands included (where fctype carries it): 01b host to controller,
 * 10b controller to host.
 */
#define NVMEOF_OPC_XFER_MASK		0x03
#define NVMEOF_OPC_XFER_H2C		0x01
#define NVMEOF_OPC_XFER_C2H		0x02

/* SQE flags: FUSE (bits 1:0) and PSDT (bits 7:6, Base 2.0). */
#define NVMEOF_SQE_FUSE_MASK		0x03
#define NVMEOF_SQE_FUSE_FIRST		0x01
#define NVMEOF_SQE_FUSE_SECOND		0x02
#define NVMEOF_SQE_PSDT_MASK		0xc0
#define NVMEOF_SQE_PSDT_PRP		0x00
/* SGLs for data; MPTR is one contiguous buffer. The only PSDT fabrics allow. */
#define NVMEOF_SQE_PSDT_SGL_MPTR_BUF	0x40
#define NVMEOF_SQE_PSDT_SGL_MPTR_SGL	0x80

/*
 * SGL descriptor identifier (Base 2.0, 4.1.2): type in bits 7:4, sub type in
 * bits 3:0. NVMEOF_SGL_ID() composes the byte found in the descriptor.
 */
#define NVMEOF_SGL_TYPE_DATA_BLOCK	0x0
#define NVMEOF_SGL_TYPE_BIT_BUCKET	0x1
#define NVMEOF_SGL_TYPE_SEGMENT		0x2
#define NVMEOF_SGL_TYPE_LAST_SEGMENT	0x3
#define NVMEOF_SGL_TYPE_KEYED_DATA_BLOCK 0x4
#define NVMEOF_SGL_TYPE_TRANSPORT_DATA_BLOCK 0x5
#define NVMEOF_SGL_TYPE_VENDOR		0xf
#define NVMEOF_SGL_SUBTYPE_ADDRESS	0x0
#define NVMEOF_SGL_SUBTYPE_OFFSET	0x1
/* Transport specific: TCP uses 0xA for the transport data block. */
#define NVMEOF_SGL_SUBTYPE_TRANSPORT	0xa
/* Keyed data block: RDMA remote invalidate of the key on completion. */
#define NVMEOF_SGL_SUBTYPE_INVALIDATE	0xf
#define NVMEOF_SGL_ID(type, subtype)	((__u8)(((type) << 4) | (subtype)))
#define NVMEOF_SGL_ID_TYPE(id)		((id) >> 4)
#define NVMEOF_SGL_ID_SUBTYPE(id)	((id) & 0xf)
/* Keyed data block lengths are 24 bits wide. */
#define NVMEOF_KEYED_SGL_MAX_LEN	0xffffffu

/* Identify CNS values (Base 2.0). */
#define NVMEOF_ID_CNS_NS		0x00
#define NVMEOF_ID_CNS_CTRL		0x01
#define NVMEOF_ID_CNS_NS_ACTIVE_LIST	0x02
#define NVMEOF_ID_CNS_NS_DESC_LIST	0x03
#define NVMEOF_ID_CNS_NVMSET_LIST	0x04
#define NVMEOF_ID_CNS_CS_NS		0x05
#define NVMEOF_ID_CNS_CS_CTRL		0x06
#define NVMEOF_ID_CNS_CS_NS_ACTIVE_LIST	0x07
#define NVMEOF_ID_CNS_NS_CS_INDEP	0x08
#define NVMEOF_ID_CNS_NS_PRESENT_LIST	0x10
#define NVMEOF_ID_CNS_NS_PRESENT	0x11
#define NVMEOF_ID_CNS_CTRL_NS_LIST	0x12
#define NVMEOF_ID_CNS_CTRL_LIST		0x13
#define NVMEOF_ID_CNS_UUID_LIST		0x17
#define NVMEOF_IDENTIFY_DATA_SIZE	4096

/* Command set identifiers (Base 2.0). */
#define NVMEOF_CSI_NVM			0x00
#define NVMEOF_CSI_KV			0x01
#define NVMEOF_CSI_ZNS			0x02

#define NVMEOF_NSID_ALL			0xffffffffu

/* Controller types reported in Identify Controller CNTRLTYPE. */
#define NVMEOF_CTRL_TYPE_IO		1
#define NVMEOF_CTRL_TYPE_DISC		2
#define NVMEOF_CTRL_TYPE_ADMIN		3

/**
 * struct nvmeof_id_power_state - power state descriptor (Base 2.0, 5.17.2.1).
 * @mp:     maximum power
 * @rsvd2:  reserved
 * @flags:  bit 0 MXPS (max power scale), bit 1 NOPS (non-operational)
 * @enlat:  entry latency in microseconds
 * @exlat:  exit latency in microseconds
 * @rrt:    relative read throughput
 * @rrl:    relative read latency
 * @rwt:    relative write throughput
 * @rwl:    relative write latency
 * @idlp:   idle power
 * @ips:    idle power scale (bits 7:6)
 * @rsvd19: reserved
 * @actp:   active power
 * @apws:   active power workload (bits 2:0) and scale (bits 7:6)
 * @rsvd23: reserved
 */
struct nvmeof_id_power_state {
	__le16	mp;
	__u8	rsvd2;
	__u8	flags;
	__le32	enlat;
	__le32	exlat;
	__u8	rrt;
	__u8	rrl;
	__u8	rwt;
	__u8	rwl;
	__le16	idlp;
	__u8	ips;
	__u8	rsvd19;
	__le16	actp;
	__u8	apws;
	__u8	rsvd23[9];
};
static_assert(sizeof(struct nvmeof_id_power_state) == 32);
static_assert(offsetof(struct nvmeof_id_power_state, mp) == 0);
static_assert(offsetof(struct nvmeof_id_power_state, rsvd2) == 2);
static_assert(offsetof(struct nvmeof_id_power_state, flags) == 3);
static_assert(offsetof(struct nvmeof_id_power_state, enlat) == 4);
static_assert(offsetof(struct nvmeof_id_power_state, exlat) == 8);
static_assert(offsetof(struct nvmeof_id_power_state, rrt) == 12);
static_assert(offsetof(struct nvmeof_id_power_state, rrl) == 13);
static_assert(offsetof(struct nvmeof_id_power_state, rwt) == 14);
static_assert(offsetof(struct nvmeof_id_power_state, rwl) == 15);
static_assert(offsetof(struct nvmeof_id_power_state, idlp) == 16);
static_assert(offsetof(struct nvmeof_id_power_state, ips) == 18);
static_assert(offsetof(struct nvmeof_id_power_state, rsvd19) == 19);
static_assert(offsetof(struct nvmeof_id_power_state, actp) == 20);
static_assert(offsetof(struct nvmeof_id_power_state, apws) == 22);
static_assert(offsetof(struct nvmeof_id_power_state, rsvd23) == 23);

/**
 * struct nvmeof_id_ctrl - Identify Controller data structure (Base 2.0, 5.17.2.1).
 *
 * Field names are the specification's mnemonics, lower case. Strings (@sn,
 * @mn, @fr) are ASCII, space padded and not NUL terminated; @subnqn is a
 * NUL-terminated UTF-8 string.
 *
 * @vid: PCI vendor ID
 * @ssvid: PCI subsystem vendor ID
 * @sn: serial number
 * @mn: model number
 * @fr: firmware revision
 * @rab: recommended arbitration burst
 * @ieee: IEEE OUI identifier
 * @cmic: controller multi-path I/O and namespace sharing capabilities
 * @mdts: maximum data transfer size, a power of two in CAP.MPSMIN units
 * @cntlid: controller ID
 * @ver: version, as the VS property
 * @rtd3r: RTD3 resume latency
 * @rtd3e: RTD3 entry latency
 * @oaes: optional asynchronous events supported
 * @ctratt: controller attributes
 * @rrls: read recovery levels supported
 * @rsvd102: reserved
 * @cntrltype: controller type (NVMEOF_CTRL_TYPE_*)
 * @fguid: FRU globally unique identifier
 * @crdt1: command retry delay time 1 (100 ms units)
 * @crdt2: command retry delay time 2
 * @crdt3: command retry delay time 3
 * @rsvd134: reserved
 * @nvmsr: NVM subsystem report
 * @vwci: VPD write cycle information
 * @mec: management endpoint capabilities
 * @oacs: optional admin command support
 * @acl: abort command limit (0's based)
 * @aerl: asynchronous event request limit (0's based)
 * @frmw: firmware updates
 * @lpa: log page attributes
 * @elpe: error log page entries (0's based)
 * @npss: number of power states support (0's based)
 * @avscc: admin vendor specific command configuration
 * @apsta: autonomous power state transition attributes
 * @wctemp: warning composite temperature threshold
 * @cctemp: critical composite temperature threshold
 * @mtfa: maximum time for firmware activation
 * @hmpre: host memory buffer preferred size
 * @hmmin: host memory buffer minimum size
 * @tnvmcap: total NVM capacity
 * @unvmcap: unallocated NVM capacity
 * @rpmbs: replay protected memory block support
 * @edstt: extended device self-test time
 * @dsto: device self-test options
 * @fwug: firmware update granularity
 * @kas: keep alive support, granularity in 100 ms units
 * @hctma: host controlled thermal management attributes
 * @mntmt: minimum thermal management temperature
 * @mxtmt: maximum thermal management temperature
 * @sanicap: sanitize capabilities
 * @hmminds: host memory buffer minimum descriptor entry size
 * @hmmaxd: host memory maximum descriptors entries
 * @nsetidmax: NVM set identifier maximum
 * @endgidmax: endurance group identifier maximum
 * @anatt: ANA transition time in seconds
 * @anacap: asymmetric namespace access capabilities
 * @anagrpmax: ANA group identifier maximum
 * @nanagrpid: number of ANA group identifiers
 * @pels: persistent event log size
 * @domainid: domain identifier
 * @rsvd358: reserved
 * @megcap: max endurance group capacity
 * @rsvd384: reserved
 * @sqes: submission queue entry size (max 7:4, required 3:0, log2)
 * @cqes: completion queue entry size (max 7:4, required 3:0, log2)
 * @maxcmd: maximum outstanding commands
 * @nn: number of namespaces (highest valid NSID)
 * @oncs: optional NVM command support
 * @fuses: fused operation support
 * @fna: format NVM attributes
 * @vwc: volatile write cache
 * @awun: atomic write unit normal
 * @awupf: atomic write unit power fail
 * @icsvscc: I/O command set vendor specific command configuration
 * @nwpc: namespace write protection capabilities
 * @acwu: atomic compare & write unit
 * @ocfs: copy formats supported
 * @sgls: SGL support
 * @mnan: maximum number of allowed namespaces
 * @maxdna: maximum domain namespace attachments
 * @maxcna: maximum I/O controller namespace attachments
 * @rsvd564: reserved
 * @subnqn: NVM subsystem NQN
 * @rsvd1024: reserved
 * @ioccsz: I/O queue command capsule supported size (16-byte units)
 * @iorcsz: I/O queue response capsule supported size (16-byte units)
 * @icdoff: in-capsule data offset (16-byte units)
 * @fcatt: fabrics controller attributes (bit 0: static controller model)
 * @msdbd: maximum SGL data block descriptors
 * @ofcs: optional fabric commands support (bit 0: Disconnect)
 * @dctype: discovery controller type
 * @rsvd1807: reserved
 * @psd: power state descriptors
 * @vs: vendor specific
 */
struct nvmeof_id_ctrl {
	__le16	vid;
	__le16	ssvid;
	char	sn[20];
	char	mn[40];
	char	fr[8];
	__u8	rab;
	__u8	ieee[3];
	__u8	cmic;
	__u8	mdts;
	__le16	cntlid;
	__le32	ver;
	__le32	rtd3r;
	__le32	rtd3e;
	__le32	oaes;
	__le32	ctratt;
	__le16	rrls;
	__u8	rsvd102[9];
	__u8	cntrltype;
	__u8	fguid[16];
	__le16	crdt1;
	__le16	crdt2;
	__le16	crdt3;
	__u8	rsvd134[119];
	__u8	nvmsr;
	__u8	vwci;
	__u8	mec;
	__le16	oacs;
	__u8	acl;
	__u8	aerl;
	__u8	frmw;
	__u8	lpa;
	__u8	elpe;
	__u8	npss;
	__u8	avscc;
	__u8	apsta;
	__le16	wctemp;
	__le16	cctemp;
	__le16	mtfa;
	__le32	hmpre;
	__le32	hmmin;
	__u8	tnvmcap[16];
	__u8	unvmcap[16];
	__le32	rpmbs;
	__le16	edstt;
	__u8	dsto;
	__u8	fwug;
	__le16	kas;
	__le16	hctma;
	__le16	mntmt;
	__le16	mxtmt;
	__le32	sanicap;
	__le32	hmminds;
	__le16	hmmaxd;
	__le16	nsetidmax;
	__le16	endgidmax;
	__u8	anatt;
	__u8	anacap;
	__le32	anagrpmax;
	__le32	nanagrpid;
	__le32	pels;
	__le16	domainid;
	__u8	rsvd358[10];
	__u8	megcap[16];
	__u8	rsvd384[128];
	__u8	sqes;
	__u8	cqes;
	__le16	maxcmd;
	__le32	nn;
	__le16	oncs;
	__le16	fuses;
	__u8	fna;
	__u8	vwc;
	__le16	awun;
	__le16	awupf;
	__u8	icsvscc;
	__u8	nwpc;
	__le16	acwu;
	__le16	ocfs;
	__le32	sgls;
	__le32	mnan;
	__u8	maxdna[16];
	__le32	maxcna;
	__u8	rsvd564[204];
	char	subnqn[256];
	__u8	rsvd1024[768];
	__le32	ioccsz;
	__le32	iorcsz;
	__le16	icdoff;
	__u8	fcatt;
	__u8	msdbd;
	__le16	ofcs;
	__u8	dctype;
	__u8	rsvd1807[241];
	struct nvmeof_id_power_state psd[32];
	__u8	vs[1024];
};
static_assert(sizeof(struct nvmeof_id_ctrl) == 4096);
static_assert(offsetof(struct nvmeof_id_ctrl, vid) == 0);
static_assert(offsetof(struct nvmeof_id_ctrl, ssvid) == 2);
static_assert(offsetof(struct nvmeof_id_ctrl, sn) == 4);
static_assert(offsetof(struct nvmeof_id_ctrl, mn) == 24);
static_assert(offsetof(struct nvmeof_id_ctrl, fr) == 64);
static_assert(offsetof(struct nvmeof_id_ctrl, rab) == 72);
static_assert(offsetof(struct nvmeof_id_ctrl, ieee) == 73);
static_assert(offsetof(struct nvmeof_id_ctrl, cmic) == 76);
static_assert(offsetof(struct nvmeof_id_ctrl, mdts) == 77);
static_assert(offsetof(struct nvmeof_id_ctrl, cntlid) == 78);
static_assert(offsetof(struct nvmeof_id_ctrl, ver) == 80);
static_assert(offsetof(struct nvmeof_id_ctrl, rtd3r) == 84);
static_assert(offsetof(struct nvmeof_id_ctrl, rtd3e) == 88);
static_assert(offsetof(struct nvmeof_id_ctrl, oaes) == 92);
static_assert(offsetof(struct nvmeof_id_ctrl, ctratt) == 96);
static_assert(offsetof(struct nvmeof_id_ctrl, rrls) == 100);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd102) == 102);
static_assert(offsetof(struct nvmeof_id_ctrl, cntrltype) == 111);
static_assert(offsetof(struct nvmeof_id_ctrl, fguid) == 112);
static_assert(offsetof(struct nvmeof_id_ctrl, crdt1) == 128);
static_assert(offsetof(struct nvmeof_id_ctrl, crdt2) == 130);
static_assert(offsetof(struct nvmeof_id_ctrl, crdt3) == 132);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd134) == 134);
static_assert(offsetof(struct nvmeof_id_ctrl, nvmsr) == 253);
static_assert(offsetof(struct nvmeof_id_ctrl, vwci) == 254);
static_assert(offsetof(struct nvmeof_id_ctrl, mec) == 255);
static_assert(offsetof(struct nvmeof_id_ctrl, oacs) == 256);
static_assert(offsetof(struct nvmeof_id_ctrl, acl) == 258);
static_assert(offsetof(struct nvmeof_id_ctrl, aerl) == 259);
static_assert(offsetof(struct nvmeof_id_ctrl, frmw) == 260);
static_assert(offsetof(struct nvmeof_id_ctrl, lpa) == 261);
static_assert(offsetof(struct nvmeof_id_ctrl, elpe) == 262);
static_assert(offsetof(struct nvmeof_id_ctrl, npss) == 263);
static_assert(offsetof(struct nvmeof_id_ctrl, avscc) == 264);
static_assert(offsetof(struct nvmeof_id_ctrl, apsta) == 265);
static_assert(offsetof(struct nvmeof_id_ctrl, wctemp) == 266);
static_assert(offsetof(struct nvmeof_id_ctrl, cctemp) == 268);
static_assert(offsetof(struct nvmeof_id_ctrl, mtfa) == 270);
static_assert(offsetof(struct nvmeof_id_ctrl, hmpre) == 272);
static_assert(offsetof(struct nvmeof_id_ctrl, hmmin) == 276);
static_assert(offsetof(struct nvmeof_id_ctrl, tnvmcap) == 280);
static_assert(offsetof(struct nvmeof_id_ctrl, unvmcap) == 296);
static_assert(offsetof(struct nvmeof_id_ctrl, rpmbs) == 312);
static_assert(offsetof(struct nvmeof_id_ctrl, edstt) == 316);
static_assert(offsetof(struct nvmeof_id_ctrl, dsto) == 318);
static_assert(offsetof(struct nvmeof_id_ctrl, fwug) == 319);
static_assert(offsetof(struct nvmeof_id_ctrl, kas) == 320);
static_assert(offsetof(struct nvmeof_id_ctrl, hctma) == 322);
static_assert(offsetof(struct nvmeof_id_ctrl, mntmt) == 324);
static_assert(offsetof(struct nvmeof_id_ctrl, mxtmt) == 326);
static_assert(offsetof(struct nvmeof_id_ctrl, sanicap) == 328);
static_assert(offsetof(struct nvmeof_id_ctrl, hmminds) == 332);
static_assert(offsetof(struct nvmeof_id_ctrl, hmmaxd) == 336);
static_assert(offsetof(struct nvmeof_id_ctrl, nsetidmax) == 338);
static_assert(offsetof(struct nvmeof_id_ctrl, endgidmax) == 340);
static_assert(offsetof(struct nvmeof_id_ctrl, anatt) == 342);
static_assert(offsetof(struct nvmeof_id_ctrl, anacap) == 343);
static_assert(offsetof(struct nvmeof_id_ctrl, anagrpmax) == 344);
static_assert(offsetof(struct nvmeof_id_ctrl, nanagrpid) == 348);
static_assert(offsetof(struct nvmeof_id_ctrl, pels) == 352);
static_assert(offsetof(struct nvmeof_id_ctrl, domainid) == 356);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd358) == 358);
static_assert(offsetof(struct nvmeof_id_ctrl, megcap) == 368);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd384) == 384);
static_assert(offsetof(struct nvmeof_id_ctrl, sqes) == 512);
static_assert(offsetof(struct nvmeof_id_ctrl, cqes) == 513);
static_assert(offsetof(struct nvmeof_id_ctrl, maxcmd) == 514);
static_assert(offsetof(struct nvmeof_id_ctrl, nn) == 516);
static_assert(offsetof(struct nvmeof_id_ctrl, oncs) == 520);
static_assert(offsetof(struct nvmeof_id_ctrl, fuses) == 522);
static_assert(offsetof(struct nvmeof_id_ctrl, fna) == 524);
static_assert(offsetof(struct nvmeof_id_ctrl, vwc) == 525);
static_assert(offsetof(struct nvmeof_id_ctrl, awun) == 526);
static_assert(offsetof(struct nvmeof_id_ctrl, awupf) == 528);
static_assert(offsetof(struct nvmeof_id_ctrl, icsvscc) == 530);
static_assert(offsetof(struct nvmeof_id_ctrl, nwpc) == 531);
static_assert(offsetof(struct nvmeof_id_ctrl, acwu) == 532);
static_assert(offsetof(struct nvmeof_id_ctrl, ocfs) == 534);
static_assert(offsetof(struct nvmeof_id_ctrl, sgls) == 536);
static_assert(offsetof(struct nvmeof_id_ctrl, mnan) == 540);
static_assert(offsetof(struct nvmeof_id_ctrl, maxdna) == 544);
static_assert(offsetof(struct nvmeof_id_ctrl, maxcna) == 560);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd564) == 564);
static_assert(offsetof(struct nvmeof_id_ctrl, subnqn) == 768);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd1024) == 1024);
static_assert(offsetof(struct nvmeof_id_ctrl, ioccsz) == 1792);
static_assert(offsetof(struct nvmeof_id_ctrl, iorcsz) == 1796);
static_assert(offsetof(struct nvmeof_id_ctrl, icdoff) == 1800);
static_assert(offsetof(struct nvmeof_id_ctrl, fcatt) == 1802);
static_assert(offsetof(struct nvmeof_id_ctrl, msdbd) == 1803);
static_assert(offsetof(struct nvmeof_id_ctrl, ofcs) == 1804);
static_assert(offsetof(struct nvmeof_id_ctrl, dctype) == 1806);
static_assert(offsetof(struct nvmeof_id_ctrl, rsvd1807) == 1807);
static_assert(offsetof(struct nvmeof_id_ctrl, psd) == 2048);
static_assert(offsetof(struct nvmeof_id_ctrl, vs) == 3072);

/* Identify Controller bit fields the host and target act on. */
#define NVMEOF_CTRL_CMIC_MULTI_PORT	(1 << 0)
#define NVMEOF_CTRL_CMIC_MULTI_CTRL	(1 << 1)
#define NVMEOF_CTRL_CMIC_ANA		(1 << 3)
#define NVMEOF_CTRL_CTRATT_HOSTID_128	(1 << 0)
#define NVMEOF_CTRL_CTRATT_TBKAS	(1 << 6)
#define NVMEOF_CTRL_OACS_NS_MGMT	(1 << 3)
#define NVMEOF_CTRL_LPA_SMART_PER_NS	(1 << 0)
#define NVMEOF_CTRL_LPA_CMD_EFFECTS	(1 << 1)
#define NVMEOF_CTRL_LPA_EXT_DATA	(1 << 2)
#define NVMEOF_CTRL_FRMW_SLOT1_RO	(1 << 0)
#define NVMEOF_CTRL_ONCS_COMPARE	(1 << 0)
#define NVMEOF_CTRL_ONCS_WRITE_UNCOR	(1 << 1)
#define NVMEOF_CTRL_ONCS_DSM		(1 << 2)
#define NVMEOF_CTRL_ONCS_WRITE_ZEROES	(1 << 3)
#define NVMEOF_CTRL_ONCS_RESERVATIONS	(1 << 5)
#define NVMEOF_CTRL_ONCS_COPY		(1 << 8)
#define NVMEOF_CTRL_VWC_PRESENT		(1 << 0)
/* VWC bits 2:1 = 11b: a flush with NSID FFFFFFFFh is supported. */
#define NVMEOF_CTRL_VWC_FLUSH_ALL	(3 << 1)
#define NVMEOF_CTRL_ANACAP_OPTIMIZED	(1 << 0)
#define NVMEOF_CTRL_ANACAP_NONOPTIMIZED	(1 << 1)
#define NVMEOF_CTRL_ANACAP_INACCESSIBLE	(1 << 2)
#define NVMEOF_CTRL_ANACAP_PERSIST_LOSS	(1 << 3)
#define NVMEOF_CTRL_ANACAP_CHANGE	(1 << 4)
#define NVMEOF_CTRL_ANACAP_GRPID_STATIC	(1 << 6)
#define NVMEOF_CTRL_ANACAP_GRPID_NZ	(1 << 7)
/* SGLS bits 1:0: 01b = SGLs supported, byte aligned, no granularity limit. */
#define NVMEOF_CTRL_SGLS_SUPPORTED	(1 << 0)
#define NVMEOF_CTRL_SGLS_DWORD_ALIGNED	(1 << 1)	/* supported, dword-aligned data */
#define NVMEOF_CTRL_SGLS_KEYED		(1 << 2)
#define NVMEOF_CTRL_SGLS_BIT_BUCKET	(1 << 16)
#define NVMEOF_CTRL_SGLS_OFFSET		(1 << 20)
#define NVMEOF_CTRL_SGLS_TRANSPORT	(1 << 21)
#define NVMEOF_CTRL_OFCS_DISCONNECT	(1 << 0)
/* OAES bits (also the Asynchronous Event Configuration feature, below). */
#define NVMEOF_CTRL_OAES_NS_ATTR	(1 << 8)
#define NVMEOF_CTRL_OAES_FW_ACT		(1 << 9)
#define NVMEOF_CTRL_OAES_ANA_CHANGE	(1 << 11)
#define NVMEOF_CTRL_OAES_DISC_CHANGE	(1u << 31)

/**
 * struct nvmeof_lbaf - LBA format (NVM Command Set 1.0, 4.1.5.1).
 * @ms: metadata size
 * @ds: LBA data size, log2
 * @rp: relative performance (bits 1:0)
 */
struct nvmeof_lbaf {
	__le16	ms;
	__u8	ds;
	__u8	rp;
};
static_assert(sizeof(struct nvmeof_lbaf) == 4);
static_assert(offsetof(struct nvmeof_lbaf, ms) == 0);
static_assert(offsetof(struct nvmeof_lbaf, ds) == 2);
static_assert(offsetof(struct nvmeof_lbaf, rp) == 3);

/**
 * struct nvmeof_id_ns - Identify Namespace, NVM command set (NVM Command Set 1.0, 4.1.5.1).
 * @nsze: namespace size in logical blocks
 * @ncap: namespace capacity
 * @nuse: namespace utilization
 * @nsfeat: namespace features
 * @nlbaf: number of LBA formats (0's based)
 * @flbas: formatted LBA size: index bits 3:0 and 6:5, bit 4 extended metadata
 * @mc: metadata capabilities
 * @dpc: end-to-end data protection capabilities
 * @dps: end-to-end data protection type settings
 * @nmic: namespace multi-path I/O and sharing capabilities
 * @rescap: reservation capabilities
 * @fpi: format progress indicator
 * @dlfeat: deallocate logical block features
 * @nawun: namespace atomic write unit normal
 * @nawupf: namespace atomic write unit power fail
 * @nacwu: namespace atomic compare & write unit
 * @nabsn: namespace atomic boundary size normal
 * @nabo: namespace atomic boundary offset
 * @nabspf: namespace atomic boundary size power fail
 * @noiob: namespace optimal I/O boundary
 * @nvmcap: NVM capacity
 * @npwg: namespace preferred write granularity
 * @npwa: namespace preferred write alignment
 * @npdg: namespace preferred deallocate granularity
 * @npda: namespace preferred deallocate alignment
 * @nows: namespace optimal write size
 * @mssrl: maximum single source range length (Copy)
 * @mcl: maximum copy length
 * @msrc: maximum source range count (0's based)
 * @rsvd81: reserved
 * @anagrpid: ANA group identifier
 * @rsvd96: reserved
 * @nsattr: namespace attributes (bit 0: write protected)
 * @nvmsetid: NVM set identifier
 * @endgid: endurance group identifier
 * @nguid: namespace globally unique identifier
 * @eui64: IEEE extended unique identifier
 * @lbaf: LBA formats
 * @vs: vendor specific
 */
struct nvmeof_id_ns {
	__le64	nsze;
	__le64	ncap;
	__le64	nuse;
	__u8	nsfeat;
	__u8	nlbaf;
	__u8	flbas;
	__u8	mc;
	__u8	dpc;
	__u8	dps;
	__u8	nmic;
	__u8	rescap;
	__u8	fpi;
	__u8	dlfeat;
	__le16	nawun;
	__le16	nawupf;
	__le16	nacwu;
	__le16	nabsn;
	__le16	nabo;
	__le16	nabspf;
	__le16	noiob;
	__u8	nvmcap[16];
	__le16	npwg;
	__le16	npwa;
	__le16	npdg;
	__le16	npda;
	__le16	nows;
	__le16	mssrl;
	__le32	mcl;
	__u8	msrc;
	__u8	rsvd81[11];
	__le32	anagrpid;
	__u8	rsvd96[3];
	__u8	nsattr;
	__le16	nvmsetid;
	__le16	endgid;
	__u8	nguid[16];
	__u8	eui64[8];
	struct nvmeof_lbaf lbaf[64];
	__u8	vs[3712];
};
static_assert(sizeof(struct nvmeof_id_ns) == 4096);
static_assert(offsetof(struct nvmeof_id_ns, nsze) == 0);
static_assert(offsetof(struct nvmeof_id_ns, ncap) == 8);
static_assert(offsetof(struct nvmeof_id_ns, nuse) == 16);
static_assert(offsetof(struct nvmeof_id_ns, nsfeat) == 24);
static_assert(offsetof(struct nvmeof_id_ns, nlbaf) == 25);
static_assert(offsetof(struct nvmeof_id_ns, flbas) == 26);
static_assert(offsetof(struct nvmeof_id_ns, mc) == 27);
static_assert(offsetof(struct nvmeof_id_ns, dpc) == 28);
static_assert(offsetof(struct nvmeof_id_ns, dps) == 29);
static_assert(offsetof(struct nvmeof_id_ns, nmic) == 30);
static_assert(offsetof(struct nvmeof_id_ns, rescap) == 31);
static_assert(offsetof(struct nvmeof_id_ns, fpi) == 32);
static_assert(offsetof(struct nvmeof_id_ns, dlfeat) == 33);
static_assert(offsetof(struct nvmeof_id_ns, nawun) == 34);
static_assert(offsetof(struct nvmeof_id_ns, nawupf) == 36);
static_assert(offsetof(struct nvmeof_id_ns, nacwu) == 38);
static_assert(offsetof(struct nvmeof_id_ns, nabsn) == 40);
static_assert(offsetof(struct nvmeof_id_ns, nabo) == 42);
static_assert(offsetof(struct nvmeof_id_ns, nabspf) == 44);
static_assert(offsetof(struct nvmeof_id_ns, noiob) == 46);
static_assert(offsetof(struct nvmeof_id_ns, nvmcap) == 48);
static_assert(offsetof(struct nvmeof_id_ns, npwg) == 64);
static_assert(offsetof(struct nvmeof_id_ns, npwa) == 66);
static_assert(offsetof(struct nvmeof_id_ns, npdg) == 68);
static_assert(offsetof(struct nvmeof_id_ns, npda) == 70);
static_assert(offsetof(struct nvmeof_id_ns, nows) == 72);
static_assert(offsetof(struct nvmeof_id_ns, mssrl) == 74);
static_assert(offsetof(struct nvmeof_id_ns, mcl) == 76);
static_assert(offsetof(struct nvmeof_id_ns, msrc) == 80);
static_assert(offsetof(struct nvmeof_id_ns, rsvd81) == 81);
static_assert(offsetof(struct nvmeof_id_ns, anagrpid) == 92);
static_assert(offsetof(struct nvmeof_id_ns, rsvd96) == 96);
static_assert(offsetof(struct nvmeof_id_ns, nsattr) == 99);
static_assert(offsetof(struct nvmeof_id_ns, nvmsetid) == 100);
static_assert(offsetof(struct nvmeof_id_ns, endgid) == 102);
static_assert(offsetof(struct nvmeof_id_ns, nguid) == 104);
static_assert(offsetof(struct nvmeof_id_ns, eui64) == 120);
static_assert(offsetof(struct nvmeof_id_ns, lbaf) == 128);
static_assert(offsetof(struct nvmeof_id_ns, vs) == 384);

#define NVMEOF_NS_FEAT_THIN		(1 << 0)
#define NVMEOF_NS_FEAT_ATOMICS		(1 << 1)
#define NVMEOF_NS_FEAT_DEALLOC_ERR	(1 << 2)
#define NVMEOF_NS_FEAT_IO_OPT		(1 << 4)
#define NVMEOF_NS_FLBAS_LBA_MASK	0x0f
#define NVMEOF_NS_FLBAS_META_EXT	0x10
#define NVMEOF_NS_FLBAS_LBA_UMASK	0x60
#define NVMEOF_NS_NMIC_SHARED		(1 << 0)
#define NVMEOF_NS_ATTR_WRITE_PROTECTED	(1 << 0)
/* DLFEAT bits 2:0 = 001b: deallocated blocks read as zeroes. */
#define NVMEOF_NS_DLFEAT_READ_ZEROES	0x01
#define NVMEOF_NS_DLFEAT_WZ_DEALLOC	(1 << 3)
/* LBA format index from FLBAS: bits 6:5 are index bits 5:4. */
#define NVMEOF_NS_FLBAS_INDEX(flbas)	\
	(((flbas) & NVMEOF_NS_FLBAS_LBA_MASK) | (((flbas) & NVMEOF_NS_FLBAS_LBA_UMASK) >> 1))

/**
 * struct nvmeof_ns_id_desc - Namespace Identification Descriptor header (Base 2.0, 5.17.2.3).
 * @nidt:  identifier type (NVMEOF_NIDT_*)
 * @nidl:  identifier length in bytes; the identifier follows this header
 * @rsvd2: reserved
 */
struct nvmeof_ns_id_desc {
	__u8	nidt;
	__u8	nidl;
	__u8	rsvd2[2];
};
static_assert(sizeof(struct nvmeof_ns_id_desc) == 4);
static_assert(offsetof(struct nvmeof_ns_id_desc, nidt) == 0);
static_assert(offsetof(struct nvmeof_ns_id_desc, nidl) == 1);
static_assert(offsetof(struct nvmeof_ns_id_desc, rsvd2) == 2);

#define NVMEOF_NIDT_EUI64		0x01
#define NVMEOF_NIDT_NGUID		0x02
#define NVMEOF_NIDT_UUID		0x03
#define NVMEOF_NIDT_CSI			0x04
#define NVMEOF_NIDT_EUI64_LEN		8
#define NVMEOF_NIDT_NGUID_LEN		16
#define NVMEOF_NIDT_UUID_LEN		16
#define NVMEOF_NIDT_CSI_LEN		1

/* Log page identifiers (Base 2.0). */
#define NVMEOF_LOG_SUPPORTED		0x00
#define NVMEOF_LOG_ERROR		0x01
#define NVMEOF_LOG_SMART		0x02
#define NVMEOF_LOG_FW_SLOT		0x03
#define NVMEOF_LOG_CHANGED_NS		0x04
#define NVMEOF_LOG_CMD_EFFECTS		0x05
#define NVMEOF_LOG_DEVICE_SELF_TEST	0x06
#define NVMEOF_LOG_TELEMETRY_HOST	0x07
#define NVMEOF_LOG_TELEMETRY_CTRL	0x08
#define NVMEOF_LOG_ENDURANCE_GROUP	0x09
#define NVMEOF_LOG_ANA			0x0c
#define NVMEOF_LOG_DISC			0x70
#define NVMEOF_LOG_RESERVATION		0x80
/* Get Log Page LSP for the ANA log: return groups only, no NSID lists. */
#define NVMEOF_LOG_ANA_LSP_RGO		(1 << 0)

/**
 * struct nvmeof_error_log_entry - Error Information log entry (Base 2.0, 5.16.1.2).
 * @error_count:  error count, unique and increasing
 * @sqid:         submission queue ID of the failed command
 * @cmdid:        command ID of the failed command
 * @status_field: status field from the CQE, phase tag in bit 0
 * @param_error_location: byte (bits 7:0) and bit (bits 10:8) in the SQE
 * @lba:          first LBA that saw the error
 * @nsid:         namespace of the error
 * @vs:           vendor specific information available
 * @trtype:       transport type (NVMEOF_TRTYPE_*)
 * @rsvd30:       reserved
 * @cs:           command specific information
 * @trtype_spec_info: transport type specific information
 * @rsvd42:       reserved
 */
struct nvmeof_error_log_entry {
	__le64	error_count;
	__le16	sqid;
	__le16	cmdid;
	__le16	status_field;
	__le16	param_error_location;
	__le64	lba;
	__le32	nsid;
	__u8	vs;
	__u8	trtype;
	__u8	rsvd30[2];
	__le64	cs;
	__le16	trtype_spec_info;
	__u8	rsvd42[22];
};
static_assert(sizeof(struct nvmeof_error_log_entry) == 64);
static_assert(offsetof(struct nvmeof_error_log_entry, error_count) == 0);
static_assert(offsetof(struct nvmeof_error_log_entry, sqid) == 8);
static_assert(offsetof(struct nvmeof_error_log_entry, cmdid) == 10);
static_assert(offsetof(struct nvmeof_error_log_entry, status_field) == 12);
static_assert(offsetof(struct nvmeof_error_log_entry, param_error_location) == 14);
static_assert(offsetof(struct nvmeof_error_log_entry, lba) == 16);
static_assert(offsetof(struct nvmeof_error_log_entry, nsid) == 24);
static_assert(offsetof(struct nvmeof_error_log_entry, vs) == 28);
static_assert(offsetof(struct nvmeof_error_log_entry, trtype) == 29);
static_assert(offsetof(struct nvmeof_error_log_entry, rsvd30) == 30);
static_assert(offsetof(struct nvmeof_error_log_entry, cs) == 32);
static_assert(offsetof(struct nvmeof_error_log_entry, trtype_spec_info) == 40);
static_assert(offsetof(struct nvmeof_error_log_entry, rsvd42) == 42);

/**
 * struct nvmeof_smart_log - SMART / Health Information log (Base 2.0, 5.16.1.3).
 * @critical_warning: critical warning bits
 * @temperature:      composite temperature in kelvin (16 bits, unaligned)
 * @avail_spare:      available spare, percent
 * @spare_thresh:     available spare threshold, percent
 * @percent_used:     percentage used
 * @endu_grp_crit_warn_sumry: endurance group critical warning summary
 * @rsvd7:            reserved
 * @data_units_read:  data units read (1000 x 512 bytes), 128-bit
 * @data_units_written: data units written, 128-bit
 * @host_reads:       host read commands, 128-bit
 * @host_writes:      host write commands, 128-bit
 * @ctrl_busy_time:   controller busy time in minutes, 128-bit
 * @power_cycles:     power cycles, 128-bit
 * @power_on_hours:   power on hours, 128-bit
 * @unsafe_shutdowns: unsafe shutdowns, 128-bit
 * @media_errors:     media and data integrity errors, 128-bit
 * @num_err_log_entries: number of error information log entries, 128-bit
 * @warning_temp_time: warning composite temperature time
 * @critical_comp_time: critical composite temperature time
 * @temp_sensor:      temperature sensors 1-8
 * @thm_temp1_trans_count: thermal management temperature 1 transition count
 * @thm_temp2_trans_count: thermal management temperature 2 transition count
 * @thm_temp1_total_time: total time for thermal management temperature 1
 * @thm_temp2_total_time: total time for thermal management temperature 2
 * @rsvd232:          reserved
 */
struct nvmeof_smart_log {
	__u8	critical_warning;
	__u8	temperature[2];
	__u8	avail_spare;
	__u8	spare_thresh;
	__u8	percent_used;
	__u8	endu_grp_crit_warn_sumry;
	__u8	rsvd7[25];
	__u8	data_units_read[16];
	__u8	data_units_written[16];
	__u8	host_reads[16];
	__u8	host_writes[16];
	__u8	ctrl_busy_time[16];
	__u8	power_cycles[16];
	__u8	power_on_hours[16];
	__u8	unsafe_shutdowns[16];
	__u8	media_errors[16];
	__u8	num_err_log_entries[16];
	__le32	warning_temp_time;
	__le32	critical_comp_time;
	__le16	temp_sensor[8];
	__le32	thm_temp1_trans_count;
	__le32	thm_temp2_trans_count;
	__le32	thm_temp1_total_time;
	__le32	thm_temp2_total_time;
	__u8	rsvd232[280];
};
static_assert(sizeof(struct nvmeof_smart_log) == 512);
static_assert(offsetof(struct nvmeof_smart_log, critical_warning) == 0);
static_assert(offsetof(struct nvmeof_smart_log, temperature) == 1);
static_assert(offsetof(struct nvmeof_smart_log, avail_spare) == 3);
static_assert(offsetof(struct nvmeof_smart_log, spare_thresh) == 4);
static_assert(offsetof(struct nvmeof_smart_log, percent_used) == 5);
static_assert(offsetof(struct nvmeof_smart_log, endu_grp_crit_warn_sumry) == 6);
static_assert(offsetof(struct nvmeof_smart_log, rsvd7) == 7);
static_assert(offsetof(struct nvmeof_smart_log, data_units_read) == 32);
static_assert(offsetof(struct nvmeof_smart_log, data_units_written) == 48);
static_assert(offsetof(struct nvmeof_smart_log, host_reads) == 64);
static_assert(offsetof(struct nvmeof_smart_log, host_writes) == 80);
static_assert(offsetof(struct nvmeof_smart_log, ctrl_busy_time) == 96);
static_assert(offsetof(struct nvmeof_smart_log, power_cycles) == 112);
static_assert(offsetof(struct nvmeof_smart_log, power_on_hours) == 128);
static_assert(offsetof(struct nvmeof_smart_log, unsafe_shutdowns) == 144);
static_assert(offsetof(struct nvmeof_smart_log, media_errors) == 160);
static_assert(offsetof(struct nvmeof_smart_log, num_err_log_entries) == 176);
static_assert(offsetof(struct nvmeof_smart_log, warning_temp_time) == 192);
static_assert(offsetof(struct nvmeof_smart_log, critical_comp_time) == 196);
static_assert(offsetof(struct nvmeof_smart_log, temp_sensor) == 200);
static_assert(offsetof(struct nvmeof_smart_log, thm_temp1_trans_count) == 216);
static_assert(offsetof(struct nvmeof_smart_log, thm_temp2_trans_count) == 220);
static_assert(offsetof(struct nvmeof_smart_log, thm_temp1_total_time) == 224);
static_assert(offsetof(struct nvmeof_smart_log, thm_temp2_total_time) == 228);
static_assert(offsetof(struct nvmeof_smart_log, rsvd232) == 232);

/**
 * struct nvmeof_fw_slot_log - Firmware Slot Information log (Base 2.0, 5.16.1.4).
 * @afi:    active firmware info: active slot bits 2:0, next slot bits 6:4
 * @rsvd1:  reserved
 * @frs:    firmware revision for slots 1-7 (8 ASCII bytes each)
 * @rsvd64: reserved
 */
struct nvmeof_fw_slot_log {
	__u8	afi;
	__u8	rsvd1[7];
	__le64	frs[7];
	__u8	rsvd64[448];
};
static_assert(sizeof(struct nvmeof_fw_slot_log) == 512);
static_assert(offsetof(struct nvmeof_fw_slot_log, afi) == 0);
static_assert(offsetof(struct nvmeof_fw_slot_log, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_fw_slot_log, frs) == 8);
static_assert(offsetof(struct nvmeof_fw_slot_log, rsvd64) == 64);

#define NVMEOF_MAX_CHANGED_NS		1024

/**
 * struct nvmeof_changed_ns_log - Changed Namespace List log (Base 2.0, 5.16.1.5).
 * @nsid: changed NSIDs in ascending order, zero terminated; a first entry of
 *        FFFFFFFFh means more than 1024 namespaces changed
 */
struct nvmeof_changed_ns_log {
	__le32	nsid[1024];
};
static_assert(sizeof(struct nvmeof_changed_ns_log) == 4096);
static_assert(offsetof(struct nvmeof_changed_ns_log, nsid) == 0);

/**
 * struct nvmeof_effects_log - Commands Supported and Effects log (Base 2.0, 5.16.1.6).
 * @acs:     admin command effects, indexed by opcode
 * @iocs:    I/O command effects, indexed by opcode
 * @rsvd2048: reserved
 */
struct nvmeof_effects_log {
	__le32	acs[256];
	__le32	iocs[256];
	__u8	rsvd2048[2048];
};
static_assert(sizeof(struct nvmeof_effects_log) == 4096);
static_assert(offsetof(struct nvmeof_effects_log, acs) == 0);
static_assert(offsetof(struct nvmeof_effects_log, iocs) == 1024);
static_assert(offsetof(struct nvmeof_effects_log, rsvd2048) == 2048);

#define NVMEOF_CMD_EFFECTS_CSUPP	(1 << 0)
#define NVMEOF_CMD_EFFECTS_LBCC		(1 << 1)
#define NVMEOF_CMD_EFFECTS_NCC		(1 << 2)
#define NVMEOF_CMD_EFFECTS_NIC		(1 << 3)
#define NVMEOF_CMD_EFFECTS_CCC		(1 << 4)

/**
 * struct nvmeof_ana_log_hdr - ANA log page header (Base 2.0, 5.16.1.12).
 * @chgcnt: change count
 * @ngrps:  number of ANA group descriptors that follow
 * @rsvd10: reserved
 */
struct nvmeof_ana_log_hdr {
	__le64	chgcnt;
	__le16	ngrps;
	__u8	rsvd10[6];
};
static_assert(sizeof(struct nvmeof_ana_log_hdr) == 16);
static_assert(offsetof(struct nvmeof_ana_log_hdr, chgcnt) == 0);
static_assert(offsetof(struct nvmeof_ana_log_hdr, ngrps) == 8);
static_assert(offsetof(struct nvmeof_ana_log_hdr, rsvd10) == 10);

/**
 * struct nvmeof_ana_group_desc - ANA group descriptor (Base 2.0, 5.16.1.12).
 * @grpid:  ANA group ID
 * @nnsids: number of NSIDs that follow (0 when RGO was requested)
 * @chgcnt: change count
 * @state:  ANA state (bits 3:0, NVMEOF_ANA_*)
 * @rsvd17: reserved
 * @nsids:  the group's NSIDs, ascending
 */
struct nvmeof_ana_group_desc {
	__le32	grpid;
	__le32	nnsids;
	__le64	chgcnt;
	__u8	state;
	__u8	rsvd17[15];
	__le32	nsids[];
};
static_assert(sizeof(struct nvmeof_ana_group_desc) == 32);
static_assert(offsetof(struct nvmeof_ana_group_desc, grpid) == 0);
static_assert(offsetof(struct nvmeof_ana_group_desc, nnsids) == 4);
static_assert(offsetof(struct nvmeof_ana_group_desc, chgcnt) == 8);
static_assert(offsetof(struct nvmeof_ana_group_desc, state) == 16);
static_assert(offsetof(struct nvmeof_ana_group_desc, rsvd17) == 17);
static_assert(offsetof(struct nvmeof_ana_group_desc, nsids) == 32);

#define NVMEOF_ANA_OPTIMIZED		0x01
#define NVMEOF_ANA_NONOPTIMIZED		0x02
#define NVMEOF_ANA_INACCESSIBLE		0x03
#define NVMEOF_ANA_PERSISTENT_LOSS	0x04
#define NVMEOF_ANA_CHANGE		0x0f
#define NVMEOF_ANA_STATE_MASK		0x0f

/* Feature identifiers (Base 2.0). */
#define NVMEOF_FEAT_ARBITRATION		0x01
#define NVMEOF_FEAT_POWER_MGMT		0x02
#define NVMEOF_FEAT_LBA_RANGE		0x03
#define NVMEOF_FEAT_TEMP_THRESH		0x04
#define NVMEOF_FEAT_ERR_RECOVERY	0x05
#define NVMEOF_FEAT_VOLATILE_WC		0x06
#define NVMEOF_FEAT_NUM_QUEUES		0x07
#define NVMEOF_FEAT_IRQ_COALESCE	0x08
#define NVMEOF_FEAT_IRQ_CONFIG		0x09
#define NVMEOF_FEAT_WRITE_ATOMIC	0x0a
#define NVMEOF_FEAT_ASYNC_EVENT		0x0b
#define NVMEOF_FEAT_AUTO_PST		0x0c
#define NVMEOF_FEAT_HOST_MEM_BUF	0x0d
#define NVMEOF_FEAT_TIMESTAMP		0x0e
#define NVMEOF_FEAT_KATO		0x0f
#define NVMEOF_FEAT_HCTM		0x10
#define NVMEOF_FEAT_NOPSC		0x11
#define NVMEOF_FEAT_RRL			0x12
#define NVMEOF_FEAT_HOST_BEHAVIOR	0x16
#define NVMEOF_FEAT_SANITIZE		0x17
#define NVMEOF_FEAT_SW_PROGRESS		0x80
#define NVMEOF_FEAT_HOST_ID		0x81
#define NVMEOF_FEAT_RESV_MASK		0x82
#define NVMEOF_FEAT_RESV_PERSIST	0x83
#define NVMEOF_FEAT_WRITE_PROTECT	0x84
/* Get Features SEL (CDW10 bits 10:8) and Set Features SV (CDW10 bit 31). */
#define NVMEOF_FEAT_SEL_SHIFT		8
#define NVMEOF_FEAT_SEL_MASK		(7 << NVMEOF_FEAT_SEL_SHIFT)
#define NVMEOF_FEAT_SV			(1u << 31)

/* Asynchronous event types (Base 2.0), completion DW0 bits 2:0. */
#define NVMEOF_AER_TYPE_ERROR		0x0
#define NVMEOF_AER_TYPE_SMART		0x1
#define NVMEOF_AER_TYPE_NOTICE		0x2
#define NVMEOF_AER_TYPE_IMMEDIATE	0x3
#define NVMEOF_AER_TYPE_IO_CMD_SET	0x6
#define NVMEOF_AER_TYPE_VENDOR		0x7
/* Notice event information (Base 2.0), DW0 bits 15:8. */
#define NVMEOF_AER_NOTICE_NS_CHANGED	0x00
#define NVMEOF_AER_NOTICE_FW_ACT_STARTING 0x01
#define NVMEOF_AER_NOTICE_TELEMETRY	0x02
#define NVMEOF_AER_NOTICE_ANA		0x03
#define NVMEOF_AER_NOTICE_DISC_CHANGED	0xf0
/* Completion DW0 of an AER: type, info, and the log page to read (bits 23:16). */
#define NVMEOF_AER_RESULT(type, info, lid) \
	((__u32)(type) | ((__u32)(info) << 8) | ((__u32)(lid) << 16))
#define NVMEOF_AER_RESULT_TYPE(dw0)	((dw0) & 0x7)
#define NVMEOF_AER_RESULT_INFO(dw0)	(((dw0) >> 8) & 0xff)
#define NVMEOF_AER_RESULT_LID(dw0)	(((dw0) >> 16) & 0xff)
/* Asynchronous Event Configuration feature bits: the same as OAES. */
#define NVMEOF_AEN_CFG_SMART_MASK	0xff
#define NVMEOF_AEN_CFG_NS_ATTR		NVMEOF_CTRL_OAES_NS_ATTR
#define NVMEOF_AEN_CFG_FW_ACT		NVMEOF_CTRL_OAES_FW_ACT
#define NVMEOF_AEN_CFG_ANA_CHANGE	NVMEOF_CTRL_OAES_ANA_CHANGE
#define NVMEOF_AEN_CFG_DISC_CHANGE	NVMEOF_CTRL_OAES_DISC_CHANGE

/*
 * Controller properties (Base 2.0, 3.1.3) as Property Get/Set
 * address them. CAP is 8 bytes, the others 4.
 */
#define NVMEOF_REG_CAP			0x00
#define NVMEOF_REG_VS			0x08
#define NVMEOF_REG_INTMS		0x0c
#define NVMEOF_REG_INTMC		0x10
#define NVMEOF_REG_CC			0x14
#define NVMEOF_REG_CSTS			0x1c
#define NVMEOF_REG_NSSR			0x20
#define NVMEOF_REG_CRTO			0x68
/* NSSR value that requests an NVM subsystem reset: "NVMe". */
#define NVMEOF_NSSR_RESET		0x4e564d65u

/* CAP; the argument is the 64-bit CPU-order value. */
#define NVMEOF_CAP_MQES(cap)		((cap) & 0xffff)
#define NVMEOF_CAP_CQR			(1ull << 16)
#define NVMEOF_CAP_AMS_SHIFT		17
#define NVMEOF_CAP_TO(cap)		(((cap) >> 24) & 0xff)
#define NVMEOF_CAP_TO_SHIFT		24
#define NVMEOF_CAP_DSTRD(cap)		(((cap) >> 32) & 0xf)
#define NVMEOF_CAP_NSSRS		(1ull << 36)
#define NVMEOF_CAP_CSS(cap)		(((cap) >> 37) & 0xff)
#define NVMEOF_CAP_CSS_SHIFT		37
#define NVMEOF_CAP_CSS_NVM		0x01
#define NVMEOF_CAP_CSS_CSI		0x40
#define NVMEOF_CAP_CSS_NO_IO		0x80
#define NVMEOF_CAP_MPSMIN(cap)		(((cap) >> 48) & 0xf)
#define NVMEOF_CAP_MPSMIN_SHIFT		48
#define NVMEOF_CAP_MPSMAX(cap)		(((cap) >> 52) & 0xf)
#define NVMEOF_CAP_MPSMAX_SHIFT		52

/* VS. */
#define NVMEOF_VS(major, minor, tertiary) \
	(((__u32)(major) << 16) | ((__u32)(minor) << 8) | (__u32)(tertiary))
#define NVMEOF_VS_MAJOR(vs)		((vs) >> 16)
#define NVMEOF_VS_MINOR(vs)		(((vs) >> 8) & 0xff)

/* CC. */
#define NVMEOF_CC_EN			(1 << 0)
#define NVMEOF_CC_CSS_SHIFT		4
#define NVMEOF_CC_CSS_MASK		(7 << NVMEOF_CC_CSS_SHIFT)
#define NVMEOF_CC_CSS_NVM		(0 << NVMEOF_CC_CSS_SHIFT)
#define NVMEOF_CC_CSS_CSI		(6 << NVMEOF_CC_CSS_SHIFT)
#define NVMEOF_CC_CSS_ADMIN_ONLY	(7 << NVMEOF_CC_CSS_SHIFT)
#define NVMEOF_CC_MPS_SHIFT		7
#define NVMEOF_CC_MPS_MASK		(0xf << NVMEOF_CC_MPS_SHIFT)
#define NVMEOF_CC_AMS_SHIFT		11
#define NVMEOF_CC_AMS_MASK		(7 << NVMEOF_CC_AMS_SHIFT)
#define NVMEOF_CC_SHN_SHIFT		14
#define NVMEOF_CC_SHN_MASK		(3 << NVMEOF_CC_SHN_SHIFT)
#define NVMEOF_CC_SHN_NONE		(0 << NVMEOF_CC_SHN_SHIFT)
#define NVMEOF_CC_SHN_NORMAL		(1 << NVMEOF_CC_SHN_SHIFT)
#define NVMEOF_CC_SHN_ABRUPT		(2 << NVMEOF_CC_SHN_SHIFT)
#define NVMEOF_CC_IOSQES_SHIFT		16
#define NVMEOF_CC_IOSQES_MASK		(0xf << NVMEOF_CC_IOSQES_SHIFT)
#define NVMEOF_CC_IOCQES_SHIFT		20
#define NVMEOF_CC_IOCQES_MASK		(0xf << NVMEOF_CC_IOCQES_SHIFT)
#define NVMEOF_CC_CRIME			(1 << 24)
/* log2 of the 64-byte SQE and 16-byte CQE the NVM command set uses. */
#define NVMEOF_NVM_IOSQES		6
#define NVMEOF_NVM_IOCQES		4

/* CSTS. */
#define NVMEOF_CSTS_RDY			(1 << 0)
#define NVMEOF_CSTS_CFS			(1 << 1)
#define NVMEOF_CSTS_SHST_SHIFT		2
#define NVMEOF_CSTS_SHST_MASK		(3 << NVMEOF_CSTS_SHST_SHIFT)
#define NVMEOF_CSTS_SHST_NORMAL		(0 << NVMEOF_CSTS_SHST_SHIFT)
#define NVMEOF_CSTS_SHST_OCCURRING	(1 << NVMEOF_CSTS_SHST_SHIFT)
#define NVMEOF_CSTS_SHST_COMPLETE	(2 << NVMEOF_CSTS_SHST_SHIFT)
#define NVMEOF_CSTS_NSSRO		(1 << 4)
#define NVMEOF_CSTS_PP			(1 << 5)

/* Controller ID ranges (Fabrics): 0xffff asks for a dynamic controller. */
#define NVMEOF_CNTLID_MIN		0x0001
#define NVMEOF_CNTLID_MAX		0xffef
#define NVMEOF_CNTLID_DYNAMIC		0xffff

#endif /* NVMEOF_NVME_H */
