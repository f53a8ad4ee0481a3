/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * NVMe over Fabrics wire structures (NVM Express Base Specification 2.0,
 * chapter 6 and section 5.16.1.23; NVMe over Fabrics 1.1): Fabrics commands,
 * Connect data, the Discovery log page, and the constants around them.
 */
#ifndef NVMEOF_FABRICS_H
#define NVMEOF_FABRICS_H

#include <linux/types.h>
#include <linux/build_bug.h>

#include <nvmeof/nvme.h>

/* Fabrics command types, FCTYPE (Base 2.0). Bits 1:0 give direction. */
#define NVMEOF_FCTYPE_PROPERTY_SET	0x00
#define NVMEOF_FCTYPE_CONNECT		0x01
#define NVMEOF_FCTYPE_PROPERTY_GET	0x04
#define NVMEOF_FCTYPE_AUTH_SEND		0x05
#define NVMEOF_FCTYPE_AUTH_RECV		0x06
#define NVMEOF_FCTYPE_DISCONNECT	0x08

/*
 * NQN sizes: a name is at most 223 bytes of UTF-8 (Base 2.0, 4.5), and
 * travels in a 256-byte NUL-terminated field.
 */
#define NVMEOF_NQN_MAX_LEN		223
#define NVMEOF_NQN_FIELD_LEN		256
#define NVMEOF_DISC_SUBSYS_NAME		"nqn.2014-08.org.nvmexpress.discovery"
#define NVMEOF_TRSVCID_SIZE		32
#define NVMEOF_TRADDR_SIZE		256
#define NVMEOF_TSAS_SIZE		256
/* IANA-assigned NVMe-oF port; 8009 serves discovery over TCP. */
#define NVMEOF_PORT			4420
#define NVMEOF_DISC_PORT		8009

/**
 * struct nvmeof_fabrics_cmd - common Fabrics command layout (Base 2.0, 6).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     fabrics command type
 * @rsvd5:      reserved
 * @fcs:        fabrics command specific (the SGL sits at 24..39 when used)
 */
struct nvmeof_fabrics_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[35];
	__u8	fcs[24];
};
static_assert(sizeof(struct nvmeof_fabrics_cmd) == 64);
static_assert(offsetof(struct nvmeof_fabrics_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_fabrics_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_fabrics_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_fabrics_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_fabrics_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_fabrics_cmd, fcs) == 40);

/* Connect CATTR bits (Base 2.0). */
#define NVMEOF_CONNECT_CATTR_DISABLE_SQFLOW (1 << 2)

/**
 * struct nvmeof_connect_cmd - Connect command (Base 2.0, 6.3).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     NVMEOF_FCTYPE_CONNECT
 * @rsvd5:      reserved
 * @sgl:        describes the 1024-byte struct nvmeof_connect_data
 * @recfmt:     record format, 0
 * @qid:        queue ID, 0 for the admin queue
 * @sqsize:     submission queue size, 0's based
 * @cattr:      connect attributes (NVMEOF_CONNECT_CATTR_*)
 * @rsvd47:     reserved
 * @kato:       keep alive timeout in milliseconds (admin queue only)
 * @rsvd52:     reserved
 */
struct nvmeof_connect_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[19];
	struct nvmeof_sgl_desc sgl;
	__le16	recfmt;
	__le16	qid;
	__le16	sqsize;
	__u8	cattr;
	__u8	rsvd47;
	__le32	kato;
	__u8	rsvd52[12];
};
static_assert(sizeof(struct nvmeof_connect_cmd) == 64);
static_assert(offsetof(struct nvmeof_connect_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_connect_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_connect_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_connect_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_connect_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_connect_cmd, sgl) == 24);
static_assert(offsetof(struct nvmeof_connect_cmd, recfmt) == 40);
static_assert(offsetof(struct nvmeof_connect_cmd, qid) == 42);
static_assert(offsetof(struct nvmeof_connect_cmd, sqsize) == 44);
static_assert(offsetof(struct nvmeof_connect_cmd, cattr) == 46);
static_assert(offsetof(struct nvmeof_connect_cmd, rsvd47) == 47);
static_assert(offsetof(struct nvmeof_connect_cmd, kato) == 48);
static_assert(offsetof(struct nvmeof_connect_cmd, rsvd52) == 52);

/**
 * struct nvmeof_connect_data - Connect command data (Base 2.0, 6.3).
 * @hostid:    host identifier (128-bit, the UUID the host uses everywhere)
 * @cntlid:    controller ID, NVMEOF_CNTLID_DYNAMIC for the dynamic model;
 *             on I/O queues the ID the admin queue's Connect returned
 * @rsvd18:    reserved
 * @subsysnqn: NVM subsystem NQN, NUL terminated
 * @hostnqn:   host NQN, NUL terminated
 * @rsvd768:   reserved
 */
struct nvmeof_connect_data {
	__u8	hostid[16];
	__le16	cntlid;
	__u8	rsvd18[238];
	char	subsysnqn[256];
	char	hostnqn[256];
	__u8	rsvd768[256];
};
static_assert(sizeof(struct nvmeof_connect_data) == 1024);
static_assert(offsetof(struct nvmeof_connect_data, hostid) == 0);
static_assert(offsetof(struct nvmeof_connect_data, cntlid) == 16);
static_assert(offsetof(struct nvmeof_connect_data, rsvd18) == 18);
static_assert(offsetof(struct nvmeof_connect_data, subsysnqn) == 256);
static_assert(offsetof(struct nvmeof_connect_data, hostnqn) == 512);
static_assert(offsetof(struct nvmeof_connect_data, rsvd768) == 768);

/*
 * Connect response, completion DW0 (Base 2.0). On success bits
 * 15:0 carry the controller ID and bits 31:16 AUTHREQ. On Connect Invalid
 * Parameters, bits 15:0 are IPO, the byte offset of the bad field, and
 * bits 23:16 IATTR, which says whether that offset is in the SQE or in the
 * Connect data.
 */
#define NVMEOF_CONNECT_RESULT_CNTLID(dw0)	((dw0) & 0xffff)
#define NVMEOF_CONNECT_AUTHREQ_ATR		(1u << 17)
#define NVMEOF_CONNECT_AUTHREQ_ASCR		(1u << 18)
#define NVMEOF_CONNECT_IATTR_SHIFT		16
#define NVMEOF_CONNECT_IATTR_DATA		(1u << NVMEOF_CONNECT_IATTR_SHIFT)
#define NVMEOF_CONNECT_IPO(dw0)			((dw0) & 0xffff)
/* DW0 for an invalid field at byte offset @off of the SQE or of the data. */
#define NVMEOF_CONNECT_INV_SQE(off)		((__u32)(off))
#define NVMEOF_CONNECT_INV_DATA(off)		(NVMEOF_CONNECT_IATTR_DATA | (__u32)(off))

/* Property Get/Set ATTRIB size field (bits 2:0). */
#define NVMEOF_PROP_ATTRIB_SIZE_MASK	0x07
#define NVMEOF_PROP_ATTRIB_SIZE_4	0x00
#define NVMEOF_PROP_ATTRIB_SIZE_8	0x01

/**
 * struct nvmeof_prop_get_cmd - Property Get command (Base 2.0, 6.5).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     NVMEOF_FCTYPE_PROPERTY_GET
 * @rsvd5:      reserved
 * @attrib:     property size (NVMEOF_PROP_ATTRIB_SIZE_*)
 * @rsvd41:     reserved
 * @offset:     property offset (NVMEOF_REG_*)
 * @rsvd48:     reserved
 *
 * The value comes back in completion DW0-DW1.
 */
struct nvmeof_prop_get_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[35];
	__u8	attrib;
	__u8	rsvd41[3];
	__le32	offset;
	__u8	rsvd48[16];
};
static_assert(sizeof(struct nvmeof_prop_get_cmd) == 64);
static_assert(offsetof(struct nvmeof_prop_get_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_prop_get_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_prop_get_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_prop_get_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_prop_get_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_prop_get_cmd, attrib) == 40);
static_assert(offsetof(struct nvmeof_prop_get_cmd, rsvd41) == 41);
static_assert(offsetof(struct nvmeof_prop_get_cmd, offset) == 44);
static_assert(offsetof(struct nvmeof_prop_get_cmd, rsvd48) == 48);

/**
 * struct nvmeof_prop_set_cmd - Property Set command (Base 2.0, 6.6).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     NVMEOF_FCTYPE_PROPERTY_SET
 * @rsvd5:      reserved
 * @attrib:     property size (NVMEOF_PROP_ATTRIB_SIZE_*)
 * @rsvd41:     reserved
 * @offset:     property offset (NVMEOF_REG_*)
 * @value:      value; only the low 4 bytes count for 4-byte properties
 * @rsvd56:     reserved
 */
struct nvmeof_prop_set_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[35];
	__u8	attrib;
	__u8	rsvd41[3];
	__le32	offset;
	__le64	value;
	__u8	rsvd56[8];
};
static_assert(sizeof(struct nvmeof_prop_set_cmd) == 64);
static_assert(offsetof(struct nvmeof_prop_set_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_prop_set_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_prop_set_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_prop_set_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_prop_set_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_prop_set_cmd, attrib) == 40);
static_assert(offsetof(struct nvmeof_prop_set_cmd, rsvd41) == 41);
static_assert(offsetof(struct nvmeof_prop_set_cmd, offset) == 44);
static_assert(offsetof(struct nvmeof_prop_set_cmd, value) == 48);
static_assert(offsetof(struct nvmeof_prop_set_cmd, rsvd56) == 56);

/**
 * struct nvmeof_auth_send_cmd - Authentication Send command (Base 2.0, 6.2).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     NVMEOF_FCTYPE_AUTH_SEND
 * @rsvd5:      reserved
 * @sgl:        describes the message
 * @rsvd40:     reserved
 * @spsp0:      security protocol specific, low byte
 * @spsp1:      security protocol specific, high byte
 * @secp:       security protocol (0xe9: NVMe in-band authentication)
 * @tl:         transfer length
 * @rsvd48:     reserved
 */
struct nvmeof_auth_send_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[19];
	struct nvmeof_sgl_desc sgl;
	__u8	rsvd40;
	__u8	spsp0;
	__u8	spsp1;
	__u8	secp;
	__le32	tl;
	__u8	rsvd48[16];
};
static_assert(sizeof(struct nvmeof_auth_send_cmd) == 64);
static_assert(offsetof(struct nvmeof_auth_send_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_auth_send_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_auth_send_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_auth_send_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_auth_send_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_auth_send_cmd, sgl) == 24);
static_assert(offsetof(struct nvmeof_auth_send_cmd, rsvd40) == 40);
static_assert(offsetof(struct nvmeof_auth_send_cmd, spsp0) == 41);
static_assert(offsetof(struct nvmeof_auth_send_cmd, spsp1) == 42);
static_assert(offsetof(struct nvmeof_auth_send_cmd, secp) == 43);
static_assert(offsetof(struct nvmeof_auth_send_cmd, tl) == 44);
static_assert(offsetof(struct nvmeof_auth_send_cmd, rsvd48) == 48);

/**
 * struct nvmeof_auth_recv_cmd - Authentication Receive command (Base 2.0, 6.1).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     NVMEOF_FCTYPE_AUTH_RECV
 * @rsvd5:      reserved
 * @sgl:        describes the host buffer
 * @rsvd40:     reserved
 * @spsp0:      security protocol specific, low byte
 * @spsp1:      security protocol specific, high byte
 * @secp:       security protocol
 * @al:         allocation length
 * @rsvd48:     reserved
 */
struct nvmeof_auth_recv_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[19];
	struct nvmeof_sgl_desc sgl;
	__u8	rsvd40;
	__u8	spsp0;
	__u8	spsp1;
	__u8	secp;
	__le32	al;
	__u8	rsvd48[16];
};
static_assert(sizeof(struct nvmeof_auth_recv_cmd) == 64);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, sgl) == 24);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, rsvd40) == 40);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, spsp0) == 41);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, spsp1) == 42);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, secp) == 43);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, al) == 44);
static_assert(offsetof(struct nvmeof_auth_recv_cmd, rsvd48) == 48);

#define NVMEOF_AUTH_SECP_NVME		0xe9

/**
 * struct nvmeof_disconnect_cmd - Disconnect command (Base 2.0, 6.4).
 * @opcode:     NVMEOF_FABRICS_OPCODE
 * @rsvd1:      reserved
 * @command_id: command identifier
 * @fctype:     NVMEOF_FCTYPE_DISCONNECT
 * @rsvd5:      reserved
 * @sgl:        reserved for this command (no data)
 * @recfmt:     record format, 0
 * @rsvd42:     reserved
 */
struct nvmeof_disconnect_cmd {
	__u8	opcode;
	__u8	rsvd1;
	__u16	command_id;
	__u8	fctype;
	__u8	rsvd5[19];
	struct nvmeof_sgl_desc sgl;
	__le16	recfmt;
	__u8	rsvd42[22];
};
static_assert(sizeof(struct nvmeof_disconnect_cmd) == 64);
static_assert(offsetof(struct nvmeof_disconnect_cmd, opcode) == 0);
static_assert(offsetof(struct nvmeof_disconnect_cmd, rsvd1) == 1);
static_assert(offsetof(struct nvmeof_disconnect_cmd, command_id) == 2);
static_assert(offsetof(struct nvmeof_disconnect_cmd, fctype) == 4);
static_assert(offsetof(struct nvmeof_disconnect_cmd, rsvd5) == 5);
static_assert(offsetof(struct nvmeof_disconnect_cmd, sgl) == 24);
static_assert(offsetof(struct nvmeof_disconnect_cmd, recfmt) == 40);
static_assert(offsetof(struct nvmeof_disconnect_cmd, rsvd42) == 42);

/* Discovery log entry TRTYPE (Base 2.0). */
#define NVMEOF_TRTYPE_RDMA		1
#define NVMEOF_TRTYPE_FC		2
#define NVMEOF_TRTYPE_TCP		3
#define NVMEOF_TRTYPE_LOOP		254	/* reserved for host use; Linux loop */

/* ADRFAM. */
#define NVMEOF_ADRFAM_PCI		0
#define NVMEOF_ADRFAM_IP4		1
#define NVMEOF_ADRFAM_IP6		2
#define NVMEOF_ADRFAM_IB		3
#define NVMEOF_ADRFAM_FC		4
#define NVMEOF_ADRFAM_LOOP		254	/* reserved for host use; Linux loop */

/* SUBTYPE. */
#define NVMEOF_SUBTYPE_DISC_REFERRAL	1	/* another discovery subsystem */
#define NVMEOF_SUBTYPE_NVME		2	/* an NVM subsystem */
#define NVMEOF_SUBTYPE_DISC_CURRENT	3	/* the discovery subsystem answering */

/* TREQ: secure channel requirement in bits 1:0, then SQ flow control. */
#define NVMEOF_TREQ_SECURE_NOT_SPECIFIED 0x0
#define NVMEOF_TREQ_SECURE_REQUIRED	0x1
#define NVMEOF_TREQ_SECURE_NOT_REQUIRED	0x2
#define NVMEOF_TREQ_SECURE_MASK		0x3
#define NVMEOF_TREQ_DISABLE_SQFLOW	(1 << 2)

/* EFLAGS. */
#define NVMEOF_DISC_EFLAGS_DUPRETINFO	(1 << 0)
#define NVMEOF_DISC_EFLAGS_EPCSD	(1 << 1)

/* TSAS, RDMA: QP service type, provider type, connection management. */
#define NVMEOF_RDMA_QPTYPE_CONNECTED	1
#define NVMEOF_RDMA_QPTYPE_DATAGRAM	2
#define NVMEOF_RDMA_PRTYPE_NOT_SPECIFIED 1
#define NVMEOF_RDMA_PRTYPE_IB		2
#define NVMEOF_RDMA_PRTYPE_ROCE		3
#define NVMEOF_RDMA_PRTYPE_ROCEV2	4
#define NVMEOF_RDMA_PRTYPE_IWARP	5
#define NVMEOF_RDMA_CMS_RDMA_CM		1
/* TSAS, TCP: security type. */
#define NVMEOF_TCP_SECTYPE_NONE		0
#define NVMEOF_TCP_SECTYPE_TLS12	1
#define NVMEOF_TCP_SECTYPE_TLS13	2

/**
 * struct nvmeof_tsas_rdma - RDMA transport specific address subtype (NVMe/RDMA 1.0, 3.1).
 * @qptype: RDMA QP service type
 * @prtype: RDMA provider type
 * @cms:    RDMA connection management service
 * @rsvd3:  reserved
 * @pkey:   partition key (InfiniBand)
 * @rsvd10: reserved
 */
struct nvmeof_tsas_rdma {
	__u8	qptype;
	__u8	prtype;
	__u8	cms;
	__u8	rsvd3[5];
	__le16	pkey;
	__u8	rsvd10[246];
};
static_assert(sizeof(struct nvmeof_tsas_rdma) == 256);
static_assert(offsetof(struct nvmeof_tsas_rdma, qptype) == 0);
static_assert(offsetof(struct nvmeof_tsas_rdma, prtype) == 1);
static_assert(offsetof(struct nvmeof_tsas_rdma, cms) == 2);
static_assert(offsetof(struct nvmeof_tsas_rdma, rsvd3) == 3);
static_assert(offsetof(struct nvmeof_tsas_rdma, pkey) == 8);
static_assert(offsetof(struct nvmeof_tsas_rdma, rsvd10) == 10);

/**
 * struct nvmeof_tsas_tcp - TCP transport specific address subtype (NVMe/TCP 1.0, 3.1).
 * @sectype: security type
 * @rsvd1:   reserved
 */
struct nvmeof_tsas_tcp {
	__u8	sectype;
	__u8	rsvd1[255];
};
static_assert(sizeof(struct nvmeof_tsas_tcp) == 256);
static_assert(offsetof(struct nvmeof_tsas_tcp, sectype) == 0);
static_assert(offsetof(struct nvmeof_tsas_tcp, rsvd1) == 1);

/**
 * union nvmeof_tsas - transport specific address subtype of a discovery entry.
 * @common: raw bytes
 * @rdma:   RDMA view
 * @tcp:    TCP view
 */
union nvmeof_tsas {
	__u8	common[256];
	struct nvmeof_tsas_rdma rdma;
	struct nvmeof_tsas_tcp tcp;
};
static_assert(sizeof(union nvmeof_tsas) == 256);
static_assert(offsetof(union nvmeof_tsas, common) == 0);
static_assert(offsetof(union nvmeof_tsas, rdma) == 0);
static_assert(offsetof(union nvmeof_tsas, tcp) == 0);

/**
 * struct nvmeof_disc_log_entry - Discovery log page entry (Base 2.0, 5.16.1.23).
 * @trtype:  transport type (NVMEOF_TRTYPE_*)
 * @adrfam:  address family (NVMEOF_ADRFAM_*)
 * @subtype: subsystem type (NVMEOF_SUBTYPE_*)
 * @treq:    transport requirements (NVMEOF_TREQ_*)
 * @portid:  NVM subsystem port ID
 * @cntlid:  controller ID, NVMEOF_CNTLID_DYNAMIC for the dynamic model
 * @asqsz:   admin max SQ size
 * @eflags:  entry flags (NVMEOF_DISC_EFLAGS_*)
 * @rsvd12:  reserved
 * @trsvcid: transport service ID, ASCII (Linux pads with NULs)
 * @rsvd64:  reserved
 * @subnqn:  subsystem NQN, NUL-terminated UTF-8
 * @traddr:  transport address, ASCII (Linux pads with NULs)
 * @tsas:    transport specific address subtype
 */
struct nvmeof_disc_log_entry {
	__u8	trtype;
	__u8	adrfam;
	__u8	subtype;
	__u8	treq;
	__le16	portid;
	__le16	cntlid;
	__le16	asqsz;
	__le16	eflags;
	__u8	rsvd12[20];
	char	trsvcid[32];
	__u8	rsvd64[192];
	char	subnqn[256];
	char	traddr[256];
	union nvmeof_tsas tsas;
};
static_assert(sizeof(struct nvmeof_disc_log_entry) == 1024);
static_assert(offsetof(struct nvmeof_disc_log_entry, trtype) == 0);
static_assert(offsetof(struct nvmeof_disc_log_entry, adrfam) == 1);
static_assert(offsetof(struct nvmeof_disc_log_entry, subtype) == 2);
static_assert(offsetof(struct nvmeof_disc_log_entry, treq) == 3);
static_assert(offsetof(struct nvmeof_disc_log_entry, portid) == 4);
static_assert(offsetof(struct nvmeof_disc_log_entry, cntlid) == 6);
static_assert(offsetof(struct nvmeof_disc_log_entry, asqsz) == 8);
static_assert(offsetof(struct nvmeof_disc_log_entry, eflags) == 10);
static_assert(offsetof(struct nvmeof_disc_log_entry, rsvd12) == 12);
static_assert(offsetof(struct nvmeof_disc_log_entry, trsvcid) == 32);
static_assert(offsetof(struct nvmeof_disc_log_entry, rsvd64) == 64);
static_assert(offsetof(struct nvmeof_disc_log_entry, subnqn) == 256);
static_assert(offsetof(struct nvmeof_disc_log_entry, traddr) == 512);
static_assert(offsetof(struct nvmeof_disc_log_entry, tsas) == 768);

/**
 * struct nvmeof_disc_log_hdr - Discovery log page header (Base 2.0, 5.16.1.23).
 * @genctr:  generation counter; changes whenever the log changes
 * @numrec:  number of records (entries) that follow the header
 * @recfmt:  record format, 0
 * @rsvd18:  reserved
 *
 * Entries follow at byte 1024, 1024 bytes each.
 */
struct nvmeof_disc_log_hdr {
	__le64	genctr;
	__le64	numrec;
	__le16	recfmt;
	__u8	rsvd18[1006];
};
static_assert(sizeof(struct nvmeof_disc_log_hdr) == 1024);
static_assert(offsetof(struct nvmeof_disc_log_hdr, genctr) == 0);
static_assert(offsetof(struct nvmeof_disc_log_hdr, numrec) == 8);
static_assert(offsetof(struct nvmeof_disc_log_hdr, recfmt) == 16);
static_assert(offsetof(struct nvmeof_disc_log_hdr, rsvd18) == 18);

#endif /* NVMEOF_FABRICS_H */
