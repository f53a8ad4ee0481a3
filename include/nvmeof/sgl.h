/* SPDX-License-Identifier: GPL-2.0-only */
/* Building and checking the one SGL descriptor a Fabrics command carries. */
#ifndef NVMEOF_SGL_H
#define NVMEOF_SGL_H

#include <nvmeof/shim.h>
#include <nvmeof/nvme.h>

/**
 * enum nvmeof_sgl_kind - what a received data descriptor asks of the transport.
 * @NVMEOF_SGL_INCAPSULE: data block, offset sub type: data rides in the
 *                        command capsule (TCP and RDMA writes)
 * @NVMEOF_SGL_TRANSPORT: transport data block (TCP): data moves in
 *                        H2CData/C2HData PDUs
 * @NVMEOF_SGL_KEYED:     keyed data block (RDMA): data moves by RDMA
 *                        READ/WRITE against a remote key
 */
enum nvmeof_sgl_kind {
	NVMEOF_SGL_INCAPSULE,
	NVMEOF_SGL_TRANSPORT,
	NVMEOF_SGL_KEYED,
};

#define NVMEOF_SGL_ACCEPT(kind)		(1u << (kind))
/* What each transport's target accepts. */
#define NVMEOF_SGL_ACCEPT_TCP		\
	(NVMEOF_SGL_ACCEPT(NVMEOF_SGL_INCAPSULE) | NVMEOF_SGL_ACCEPT(NVMEOF_SGL_TRANSPORT))
#define NVMEOF_SGL_ACCEPT_RDMA		\
	(NVMEOF_SGL_ACCEPT(NVMEOF_SGL_INCAPSULE) | NVMEOF_SGL_ACCEPT(NVMEOF_SGL_KEYED))

/**
 * struct nvmeof_sgl_limits - what the receiving queue can take.
 * @accept:         mask of NVMEOF_SGL_ACCEPT(kind) the transport supports
 * @max_len:        largest data length the controller takes (its MDTS)
 * @incapsule_size: bytes of in-capsule data the queue accepts (0: none)
 * @host_to_ctrl:   the command moves data to the controller; in-capsule data
 *                  can only flow that way
 */
struct nvmeof_sgl_limits {
	u32	accept;
	u32	max_len;
	u32	incapsule_size;
	bool	host_to_ctrl;
};

/**
 * struct nvmeof_sgl_info - a validated descriptor, in CPU order.
 * @kind:       its class
 * @len:        data length in bytes; 0 means the command moves no data
 * @offset:     in-capsule: offset of the data from the start of the
 *              in-capsule data area
 * @addr:       keyed: remote address
 * @key:        keyed: remote key
 * @invalidate: keyed: the host asked for remote invalidation of @key
 */
struct nvmeof_sgl_info {
	enum nvmeof_sgl_kind kind;
	u32	len;
	u32	offset;
	u64	addr;
	u32	key;
	bool	invalidate;
};

void nvmeof_sgl_set_incapsule(struct nvmeof_sgl_desc *d, u32 offset, u32 len);

/**
 * nvmeof_sgl_set_transport() - describe data the transport moves itself (TCP).
 * @d:   descriptor to fill
 * @len: data length in bytes
 *
 * Inline: every TCP command with data builds one.
 */
static inline void nvmeof_sgl_set_transport(struct nvmeof_sgl_desc *d, u32 len)
{
	memset(d, 0, sizeof(*d));
	d->length = cpu_to_le32(len);
	d->type = NVMEOF_SGL_ID(NVMEOF_SGL_TYPE_TRANSPORT_DATA_BLOCK,
				NVMEOF_SGL_SUBTYPE_TRANSPORT);
}
int __must_check nvmeof_sgl_set_keyed(struct nvmeof_sgl_desc *d, u64 addr, u32 len,
				      u32 key, bool invalidate);
void nvmeof_sgl_set_null(struct nvmeof_sgl_desc *d, enum nvmeof_sgl_kind kind);

u16 nvmeof_sgl_parse(const struct nvmeof_sgl_desc *d,
		     const struct nvmeof_sgl_limits *lim,
		     struct nvmeof_sgl_info *info);
u16 nvmeof_sqe_check_psdt(const struct nvmeof_sqe *sqe);

#endif /* NVMEOF_SGL_H */
