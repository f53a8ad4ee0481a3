// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target admin commands of NVM subsystems: Identify, Get Log Page, Features, AER. */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/log2.h>
#include <linux/part_stat.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include "target.h"

/* Get Log Page CDW10: LID 7:0, LSP 14:8, RAE 15, NUMDL 31:16 (Base 2.0). */
#define TGT_LOG_LID(cdw10)		((cdw10) & 0xff)
#define TGT_LOG_LSP(cdw10)		(((cdw10) >> 8) & 0x7f)
/* Identify CDW10: CNS 7:0. Features CDW10: FID 7:0. */
#define TGT_ID_CNS(cdw10)		((cdw10) & 0xff)
#define TGT_FEAT_FID(cdw10)		((cdw10) & 0xff)
#define TGT_FEAT_SEL(cdw10)		\
	(((cdw10) & NVMEOF_FEAT_SEL_MASK) >> NVMEOF_FEAT_SEL_SHIFT)
#define TGT_FEAT_SEL_SUPPORTED		3
/* Get Features capabilities (SEL 011b): changeable. */
#define TGT_FEAT_CAP_CHANGEABLE		(1u << 2)
/* Host Identifier feature: EXHID (CDW11 bit 0) asks for the 128-bit form. */
#define TGT_FEAT_HOST_ID_EXHID		(1u << 0)
#define TGT_HOST_ID_LEN			16
/* Power Management feature: PS in bits 4:0; we have only PS0 (NPSS 0). */
#define TGT_FEAT_PM_PS_MASK		0x1f
/* Identify lists hold 1024 NSIDs. */
#define TGT_NSID_LIST_LEN		(NVMEOF_IDENTIFY_DATA_SIZE / sizeof(__le32))
/* The ANA log at its largest, as a host sizes it from ANAGRPMAX and MNAN. */
#define TGT_ANA_LOG_MAX_SIZE \
	(sizeof(struct nvmeof_ana_log_hdr) + \
	 NVMEOF_TGT_MAX_ANAGRPS * sizeof(struct nvmeof_ana_group_desc) + \
	 NVMEOF_TGT_MAX_NSID * sizeof(__le32))
/* Optional AENs of I/O controllers, plus the SMART critical-warning bits. */
#define TGT_AEN_SUPPORTED \
	(NVMEOF_AEN_CFG_SMART_MASK | NVMEOF_AEN_CFG_NS_ATTR | NVMEOF_AEN_CFG_ANA_CHANGE)

static inline u32 tgt_cdw10(const struct nvmeof_tgt_req *req)
{
	return le32_to_cpu(req->cmd->cdw10);
}

static inline u32 tgt_cdw11(const struct nvmeof_tgt_req *req)
{
	return le32_to_cpu(req->cmd->cdw11);
}

/**
 * nvmeof_tgt_get_log_page_len() - bytes a Get Log Page asks for.
 * @cmd: the command
 *
 * Return: (NUMD + 1) * 4, saturated to U32_MAX (which no SGL matches).
 */
u32 nvmeof_tgt_get_log_page_len(const struct nvmeof_sqe *cmd)
{
	u64 numd = (le32_to_cpu(cmd->cdw10) >> 16) |
		   ((u64)(le32_to_cpu(cmd->cdw11) & 0xffff) << 16);

	return min_t(u64, (numd + 1) * 4, U32_MAX);
}

/**
 * nvmeof_tgt_get_log_page_offset() - the Log Page Offset of a Get Log Page.
 * @cmd: the command
 *
 * Return: LPOU:LPOL.
 */
u64 nvmeof_tgt_get_log_page_offset(const struct nvmeof_sqe *cmd)
{
	return le32_to_cpu(cmd->cdw12) | ((u64)le32_to_cpu(cmd->cdw13) << 32);
}

/* --- Get Log Page --- */

static u16 tgt_log_error(struct nvmeof_tgt_req *req, u64 off)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	const size_t size = NVMEOF_TGT_ERROR_LOG_SLOTS * sizeof(struct nvmeof_error_log_entry);
	struct nvmeof_error_log_entry *log;
	unsigned long flags;
	u64 count;
	u16 status;
	int i;

	log = kzalloc(size, GFP_KERNEL);
	if (!log)
		return NVMEOF_SC_INTERNAL;
	/* Newest first; slots never written stay zero. */
	spin_lock_irqsave(&ctrl->err_lock, flags);
	count = ctrl->err_counter;
	for (i = 0; i < NVMEOF_TGT_ERROR_LOG_SLOTS && count; i++, count--)
		log[i] = ctrl->err_log[count % NVMEOF_TGT_ERROR_LOG_SLOTS];
	spin_unlock_irqrestore(&ctrl->err_lock, flags);

	status = nvmeof_tgt_copy_log(req, off, log, size, size);
	kfree(log);
	return status;
}

/* Adds a block device's I/O statistics to the health log's counters. */
static void tgt_smart_add_ns(struct nvmeof_tgt_ns *ns, u64 *units_read, u64 *units_written,
			     u64 *reads, u64 *writes)
{
	if (!ns->bdev)
		return;	/* a file backend keeps no such statistics */
	/* Data units are thousands of 512-byte units, rounded up. */
	*units_read += DIV_ROUND_UP(part_stat_read(ns->bdev, sectors[STAT_READ]), 1000);
	*units_written += DIV_ROUND_UP(part_stat_read(ns->bdev, sectors[STAT_WRITE]), 1000);
	*reads += part_stat_read(ns->bdev, ios[STAT_READ]);
	*writes += part_stat_read(ns->bdev, ios[STAT_WRITE]);
}

static u16 tgt_log_smart(struct nvmeof_tgt_req *req, u64 off)
{
	struct nvmeof_tgt_subsys *subsys = req->sq->ctrl->subsys;
	u64 units_read = 0, units_written = 0, reads = 0, writes = 0;
	u32 nsid = le32_to_cpu(req->cmd->nsid);
	struct nvmeof_smart_log *log;
	struct nvmeof_tgt_ns *ns;
	unsigned long idx;
	u16 status;

	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return NVMEOF_SC_INTERNAL;
	if (nsid == 0 || nsid == NVMEOF_NSID_ALL) {
		mutex_lock(&subsys->lock);
		xa_for_each(&subsys->namespaces, idx, ns)
			if (ns->enabled)
				tgt_smart_add_ns(ns, &units_read, &units_written, &reads, &writes);
		mutex_unlock(&subsys->lock);
	} else {
		ns = nvmeof_tgt_ns_get(subsys, nsid);
		if (!ns) {
			req->error_loc = offsetof(struct nvmeof_sqe, nsid);
			status = NVMEOF_SC_INVALID_NS | NVMEOF_SC_DNR;
			goto out_free_log;
		}
		tgt_smart_add_ns(ns, &units_read, &units_written, &reads, &writes);
		nvmeof_tgt_ns_put(ns);
	}
	put_unaligned_le64(units_read, log->data_units_read);
	put_unaligned_le64(units_written, log->data_units_written);
	put_unaligned_le64(reads, log->host_reads);
	put_unaligned_le64(writes, log->host_writes);
	put_unaligned_le64(READ_ONCE(req->sq->ctrl->err_counter), log->num_err_log_entries);
	status = nvmeof_tgt_copy_log(req, off, log, sizeof(*log), sizeof(*log));
out_free_log:
	kfree(log);
	return status;
}

static u16 tgt_log_fw_slot(struct nvmeof_tgt_req *req, u64 off)
{
	struct nvmeof_tgt_subsys *subsys = req->sq->ctrl->subsys;
	struct nvmeof_fw_slot_log *log;
	u16 status;

	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return NVMEOF_SC_INTERNAL;
	log->afi = 1;	/* slot 1 active */
	/* The one slot holds what Identify Controller FR reports (attr_firmware). */
	mutex_lock(&subsys->lock);
	memcpy_and_pad(&log->frs[0], sizeof(log->frs[0]), subsys->firmware,
		       strlen(subsys->firmware), ' ');
	mutex_unlock(&subsys->lock);
	status = nvmeof_tgt_copy_log(req, off, log, sizeof(*log), sizeof(*log));
	kfree(log);
	return status;
}

static u16 tgt_log_changed_ns(struct nvmeof_tgt_req *req, u64 off)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	struct nvmeof_changed_ns_log *log;
	u32 i;
	u16 status;

	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return NVMEOF_SC_INTERNAL;
	mutex_lock(&ctrl->lock);
	if (ctrl->nr_changed_ns > NVMEOF_TGT_MAX_CHANGED_NS) {
		log->nsid[0] = cpu_to_le32(NVMEOF_NSID_ALL);
	} else {
		for (i = 0; i < ctrl->nr_changed_ns; i++)
			log->nsid[i] = cpu_to_le32(ctrl->changed_ns_list[i]);
	}
	/* Reading the log clears it (Base 2.0, Changed Namespace List). */
	ctrl->nr_changed_ns = 0;
	mutex_unlock(&ctrl->lock);
	nvmeof_tgt_aen_bit_clear(req, ilog2(NVMEOF_AEN_CFG_NS_ATTR));
	status = nvmeof_tgt_copy_log(req, off, log, sizeof(*log), sizeof(*log));
	kfree(log);
	return status;
}

static u16 tgt_log_cmd_effects(struct nvmeof_tgt_req *req, u64 off)
{
	static const u8 admin_ops[] = {
		NVMEOF_ADMIN_GET_LOG_PAGE, NVMEOF_ADMIN_IDENTIFY, NVMEOF_ADMIN_ABORT,
		NVMEOF_ADMIN_SET_FEATURES, NVMEOF_ADMIN_GET_FEATURES,
		NVMEOF_ADMIN_ASYNC_EVENT, NVMEOF_ADMIN_KEEP_ALIVE,
	};
	struct nvmeof_effects_log *log;
	const u32 lbcc = NVMEOF_CMD_EFFECTS_CSUPP | NVMEOF_CMD_EFFECTS_LBCC;
	u16 status;
	int i;

	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return NVMEOF_SC_INTERNAL;
	for (i = 0; i < ARRAY_SIZE(admin_ops); i++)
		log->acs[admin_ops[i]] = cpu_to_le32(NVMEOF_CMD_EFFECTS_CSUPP);
	log->iocs[NVMEOF_CMD_READ] = cpu_to_le32(NVMEOF_CMD_EFFECTS_CSUPP);
	log->iocs[NVMEOF_CMD_FLUSH] = cpu_to_le32(NVMEOF_CMD_EFFECTS_CSUPP);
	log->iocs[NVMEOF_CMD_WRITE] = cpu_to_le32(lbcc);
	log->iocs[NVMEOF_CMD_WRITE_ZEROES] = cpu_to_le32(lbcc);
	log->iocs[NVMEOF_CMD_DSM] = cpu_to_le32(lbcc);
	status = nvmeof_tgt_copy_log(req, off, log, sizeof(*log), sizeof(*log));
	kfree(log);
	return status;
}

static u16 tgt_log_ana(struct nvmeof_tgt_req *req, u64 off)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	struct nvmeof_tgt_subsys *subsys = ctrl->subsys;
	bool rgo = TGT_LOG_LSP(tgt_cdw10(req)) & NVMEOF_LOG_ANA_LSP_RGO;
	u64 chgcnt = nvmeof_tgt_ana_chgcnt();
	struct nvmeof_ana_log_hdr *hdr;
	struct nvmeof_ana_group_desc *desc;
	struct nvmeof_tgt_ns *ns;
	unsigned long idx;
	size_t size, max;
	u16 ngrps = 0, status;
	u32 grpid, n;
	u8 *log;

	mutex_lock(&subsys->lock);
	max = sizeof(*hdr) + NVMEOF_TGT_MAX_ANAGRPS * sizeof(*desc) +
	      (size_t)subsys->nr_namespaces * sizeof(__le32);
	log = kvzalloc(max, GFP_KERNEL);
	if (!log) {
		mutex_unlock(&subsys->lock);
		return NVMEOF_SC_INTERNAL;
	}
	size = sizeof(*hdr);
	for (grpid = 1; grpid <= NVMEOF_TGT_MAX_ANAGRPS; grpid++) {
		if (!READ_ONCE(nvmeof_tgt_ana_group_enabled[grpid]))
			continue;
		desc = (struct nvmeof_ana_group_desc *)(log + size);
		n = 0;
		if (!rgo) {
			xa_for_each(&subsys->namespaces, idx, ns) {
				if (!ns->enabled || ns->anagrpid != grpid)
					continue;
				if (WARN_ON_ONCE(size + sizeof(*desc) + (n + 1) * 4 > max))
					break;
				desc->nsids[n++] = cpu_to_le32(ns->nsid);
			}
		}
		desc->grpid = cpu_to_le32(grpid);
		desc->nnsids = cpu_to_le32(n);
		desc->chgcnt = cpu_to_le64(chgcnt);
		desc->state = READ_ONCE(ctrl->port->ana_state[grpid]) & NVMEOF_ANA_STATE_MASK;
		size += sizeof(*desc) + n * sizeof(__le32);
		ngrps++;
	}
	mutex_unlock(&subsys->lock);

	hdr = (struct nvmeof_ana_log_hdr *)log;
	hdr->chgcnt = cpu_to_le64(chgcnt);
	hdr->ngrps = cpu_to_le16(ngrps);
	nvmeof_tgt_aen_bit_clear(req, ilog2(NVMEOF_AEN_CFG_ANA_CHANGE));
	status = nvmeof_tgt_copy_log(req, off, log, size, TGT_ANA_LOG_MAX_SIZE);
	kvfree(log);
	return status;
}

static void tgt_execute_get_log_page(struct nvmeof_tgt_req *req)
{
	u64 off = nvmeof_tgt_get_log_page_offset(req->cmd);
	u16 status;

	if (off & 3) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw12);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		goto out;
	}
	switch (TGT_LOG_LID(tgt_cdw10(req))) {
	case NVMEOF_LOG_ERROR:
		status = tgt_log_error(req, off);
		break;
	case NVMEOF_LOG_SMART:
		status = tgt_log_smart(req, off);
		break;
	case NVMEOF_LOG_FW_SLOT:
		status = tgt_log_fw_slot(req, off);
		break;
	case NVMEOF_LOG_CHANGED_NS:
		status = tgt_log_changed_ns(req, off);
		break;
	case NVMEOF_LOG_CMD_EFFECTS:
		status = tgt_log_cmd_effects(req, off);
		break;
	case NVMEOF_LOG_ANA:
		status = tgt_log_ana(req, off);
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_LOG_PAGE | NVMEOF_SC_DNR;
		break;
	}
out:
	nvmeof_tgt_req_complete(req, status);
}

/* --- Identify --- */

/*
 * MDTS: the transport's limit on one command's data (its SGL check), as a
 * power of two of CAP.MPSMIN pages, rounded down so that whatever a host
 * sizes by it passes that check. 0 ("no limit") only for a transport
 * without one.
 */
static u8 tgt_mdts(const struct nvmeof_tgt_ctrl *ctrl)
{
	u32 page = 1u << (12 + NVMEOF_CAP_MPSMIN(ctrl->cap));
	u32 max = ctrl->ops->max_xfer;

	if (!max)
		return 0;
	if (WARN_ON_ONCE(max < page))
		return 1;
	return ilog2(max / page);
}

static void tgt_id_ctrl_fill(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_id_ctrl *id)
{
	struct nvmeof_tgt_subsys *subsys = ctrl->subsys;
	int inline_size = max(READ_ONCE(ctrl->port->inline_data_size), 0);
	const char *model;
	u32 sgls;

	mutex_lock(&subsys->lock);
	/* Hosts key on these: they must not change once one has seen them. */
	subsys->ident_locked = true;
	memcpy_and_pad(id->sn, sizeof(id->sn), subsys->serial,
		       strnlen(subsys->serial, sizeof(id->sn)), ' ');
	model = nvmeof_tgt_subsys_model(subsys);
	memcpy_and_pad(id->mn, sizeof(id->mn), model, strnlen(model, sizeof(id->mn)), ' ');
	id->ver = cpu_to_le32(subsys->ver);
	memcpy_and_pad(id->fr, sizeof(id->fr), subsys->firmware, strlen(subsys->firmware), ' ');
	put_unaligned_le24(subsys->ieee_oui, id->ieee);
	/* Under the lock: discovery_nqn renames the discovery subsystem under it. */
	strscpy(id->subnqn, subsys->subsysnqn, sizeof(id->subnqn));
	mutex_unlock(&subsys->lock);

	id->cntlid = cpu_to_le16(ctrl->cntlid);
	id->kas = cpu_to_le16(NVMEOF_TGT_KAS);
	/* As many commands as one I/O queue holds (param_max_queue_size). */
	id->maxcmd = cpu_to_le16(NVMEOF_CAP_MQES(ctrl->cap) + 1);
	id->mdts = tgt_mdts(ctrl);
	id->sqes = (NVMEOF_NVM_IOSQES << 4) | NVMEOF_NVM_IOSQES;
	id->cqes = (NVMEOF_NVM_IOCQES << 4) | NVMEOF_NVM_IOCQES;

	sgls = NVMEOF_CTRL_SGLS_SUPPORTED;
	if (ctrl->ops->keyed_sgls)
		sgls |= NVMEOF_CTRL_SGLS_KEYED;
	else
		sgls |= NVMEOF_CTRL_SGLS_TRANSPORT;
	if (inline_size)
		sgls |= NVMEOF_CTRL_SGLS_OFFSET;
	id->sgls = cpu_to_le32(sgls);
	id->ioccsz = cpu_to_le32((sizeof(struct nvmeof_sqe) + inline_size) / 16);
	id->iorcsz = cpu_to_le32(sizeof(struct nvmeof_cqe) / 16);
	id->icdoff = 0;
	id->msdbd = ctrl->ops->msdbd;

	/* Power state 0 only: operational, nominal figures. */
	id->psd[0].mp = cpu_to_le16(0x9c4);
	id->psd[0].enlat = cpu_to_le32(0x10);
	id->psd[0].exlat = cpu_to_le32(0x4);
}

static void tgt_id_ctrl_io(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_id_ctrl *id)
{
	tgt_id_ctrl_fill(ctrl, id);
	id->cntrltype = NVMEOF_CTRL_TYPE_IO;
	id->rab = 6;
	id->cmic = NVMEOF_CTRL_CMIC_MULTI_PORT | NVMEOF_CTRL_CMIC_MULTI_CTRL |
		   NVMEOF_CTRL_CMIC_ANA;
	id->oaes = cpu_to_le32(NVMEOF_AEN_CFG_NS_ATTR | NVMEOF_AEN_CFG_ANA_CHANGE);
	id->ctratt = cpu_to_le32(NVMEOF_CTRL_CTRATT_HOSTID_128 | NVMEOF_CTRL_CTRATT_TBKAS);
	id->acl = 3;
	id->aerl = NVMEOF_TGT_ASYNC_EVENTS - 1;
	/* One firmware slot, read only. */
	id->frmw = NVMEOF_CTRL_FRMW_SLOT1_RO | (1 << 1);
	id->lpa = NVMEOF_CTRL_LPA_SMART_PER_NS | NVMEOF_CTRL_LPA_CMD_EFFECTS |
		  NVMEOF_CTRL_LPA_EXT_DATA;
	id->elpe = NVMEOF_TGT_ERROR_LOG_SLOTS - 1;
	id->npss = 0;
	id->nn = cpu_to_le32(NVMEOF_TGT_MAX_NSID);
	id->mnan = cpu_to_le32(NVMEOF_TGT_MAX_NSID);
	id->oncs = cpu_to_le16(NVMEOF_CTRL_ONCS_DSM | NVMEOF_CTRL_ONCS_WRITE_ZEROES);
	id->vwc = NVMEOF_CTRL_VWC_PRESENT;
	id->anacap = NVMEOF_CTRL_ANACAP_OPTIMIZED | NVMEOF_CTRL_ANACAP_NONOPTIMIZED |
		     NVMEOF_CTRL_ANACAP_INACCESSIBLE | NVMEOF_CTRL_ANACAP_PERSIST_LOSS |
		     NVMEOF_CTRL_ANACAP_CHANGE;
	/* Seconds a host should allow for an ANA transition. */
	id->anatt = 10;
	id->anagrpmax = cpu_to_le32(NVMEOF_TGT_MAX_ANAGRPS);
	id->nanagrpid = cpu_to_le32(NVMEOF_TGT_MAX_ANAGRPS);
}

/**
 * nvmeof_tgt_id_ctrl_disc() - Identify Controller data of a discovery controller.
 * @ctrl: the controller
 * @id:   zeroed buffer to fill
 */
void nvmeof_tgt_id_ctrl_disc(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_id_ctrl *id)
{
	tgt_id_ctrl_fill(ctrl, id);
	id->cntrltype = NVMEOF_CTRL_TYPE_DISC;
	id->oaes = cpu_to_le32(NVMEOF_AEN_CFG_DISC_CHANGE);
	id->aerl = NVMEOF_TGT_ASYNC_EVENTS - 1;
	id->lpa = NVMEOF_CTRL_LPA_EXT_DATA;
}

static u16 tgt_id_ns(struct nvmeof_tgt_req *req, void *buf)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u32 nsid = le32_to_cpu(req->cmd->nsid);
	struct nvmeof_id_ns *id = buf;
	struct nvmeof_tgt_ns *ns;
	u32 grpid;

	if (nsid == 0 || nsid == NVMEOF_NSID_ALL) {
		req->error_loc = offsetof(struct nvmeof_sqe, nsid);
		return NVMEOF_SC_INVALID_NS | NVMEOF_SC_DNR;
	}
	ns = nvmeof_tgt_ns_get(ctrl->subsys, nsid);
	if (!ns)
		return NVMEOF_SC_SUCCESS;	/* inactive NSID: all zeroes */

	/* The backend knows its limits (atomics, optimal I/O, deallocation). */
	nvmeof_tgt_ns_fill_id(ns, id);
	/* Through a port where its group cannot be reached, nothing is in use (as in-tree). */
	grpid = le32_to_cpu(id->anagrpid);
	if (grpid <= NVMEOF_TGT_MAX_ANAGRPS) {
		switch (READ_ONCE(ctrl->port->ana_state[grpid])) {
		case NVMEOF_ANA_INACCESSIBLE:
		case NVMEOF_ANA_PERSISTENT_LOSS:
			id->nuse = 0;
			break;
		}
	}
	nvmeof_tgt_ns_put(ns);
	return NVMEOF_SC_SUCCESS;
}

static u16 tgt_id_active_ns_list(struct nvmeof_tgt_req *req, void *buf)
{
	struct nvmeof_tgt_subsys *subsys = req->sq->ctrl->subsys;
	u32 min_nsid = le32_to_cpu(req->cmd->nsid);
	struct nvmeof_tgt_ns *ns;
	__le32 *list = buf;
	unsigned long idx;
	u32 i = 0;

	/* The list holds NSIDs above @min_nsid: FFFFFFFEh and up leave none possible. */
	if (min_nsid >= NVMEOF_NSID_ALL - 1) {
		req->error_loc = offsetof(struct nvmeof_sqe, nsid);
		return NVMEOF_SC_INVALID_NS | NVMEOF_SC_DNR;
	}
	mutex_lock(&subsys->lock);
	xa_for_each_start(&subsys->namespaces, idx, ns, (unsigned long)min_nsid + 1) {
		if (!ns->enabled)
			continue;
		list[i++] = cpu_to_le32(ns->nsid);
		if (i == TGT_NSID_LIST_LEN)
			break;
	}
	mutex_unlock(&subsys->lock);
	return NVMEOF_SC_SUCCESS;
}

/* Appends one descriptor; returns the new offset. */
static size_t tgt_ns_desc_add(u8 *buf, size_t off, u8 type, const void *id, u8 len)
{
	struct nvmeof_ns_id_desc *d = (struct nvmeof_ns_id_desc *)(buf + off);

	d->nidt = type;
	d->nidl = len;
	memcpy(d + 1, id, len);
	return off + sizeof(*d) + len;
}

static u16 tgt_id_ns_desc_list(struct nvmeof_tgt_req *req, void *buf)
{
	static const u8 zero_nguid[NVMEOF_NIDT_NGUID_LEN];
	u32 nsid = le32_to_cpu(req->cmd->nsid);
	struct nvmeof_tgt_ns *ns;
	u8 csi = NVMEOF_CSI_NVM;
	size_t off = 0;

	ns = nvmeof_tgt_ns_get(req->sq->ctrl->subsys, nsid);
	if (!ns) {
		req->error_loc = offsetof(struct nvmeof_sqe, nsid);
		return NVMEOF_SC_INVALID_NS | NVMEOF_SC_DNR;
	}
	if (!uuid_is_null(&ns->uuid))
		off = tgt_ns_desc_add(buf, off, NVMEOF_NIDT_UUID, &ns->uuid,
				      NVMEOF_NIDT_UUID_LEN);
	if (memcmp(ns->nguid, zero_nguid, sizeof(zero_nguid)))
		off = tgt_ns_desc_add(buf, off, NVMEOF_NIDT_NGUID, ns->nguid,
				      NVMEOF_NIDT_NGUID_LEN);
	tgt_ns_desc_add(buf, off, NVMEOF_NIDT_CSI, &csi, NVMEOF_NIDT_CSI_LEN);
	nvmeof_tgt_ns_put(ns);
	return NVMEOF_SC_SUCCESS;
}

static void tgt_execute_identify(struct nvmeof_tgt_req *req)
{
	void *buf;
	u16 status;

	buf = kzalloc(NVMEOF_IDENTIFY_DATA_SIZE, GFP_KERNEL);
	if (!buf) {
		status = NVMEOF_SC_INTERNAL;
		goto out;
	}
	switch (TGT_ID_CNS(tgt_cdw10(req))) {
	case NVMEOF_ID_CNS_NS:
		status = tgt_id_ns(req, buf);
		break;
	case NVMEOF_ID_CNS_CTRL:
		tgt_id_ctrl_io(req->sq->ctrl, buf);
		status = NVMEOF_SC_SUCCESS;
		break;
	case NVMEOF_ID_CNS_NS_ACTIVE_LIST:
		status = tgt_id_active_ns_list(req, buf);
		break;
	case NVMEOF_ID_CNS_NS_DESC_LIST:
		status = tgt_id_ns_desc_list(req, buf);
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	}
	if (!status)
		status = nvmeof_tgt_copy_to_sgl(req, 0, buf, NVMEOF_IDENTIFY_DATA_SIZE);
	kfree(buf);
out:
	nvmeof_tgt_req_complete(req, status);
}

/* --- Features --- */

/**
 * nvmeof_tgt_set_feat_kato() - Set Features, Keep Alive Timer.
 * @req: the command (CDW11: KATO in ms)
 *
 * Return: NVMe status; the result is the new KATO.
 */
u16 nvmeof_tgt_set_feat_kato(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u32 kato = tgt_cdw11(req);

	mutex_lock(&ctrl->lock);
	ctrl->kato = kato;
	nvmeof_tgt_start_keep_alive(ctrl);
	mutex_unlock(&ctrl->lock);
	req->cqe->result = cpu_to_le64(kato);
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_set_feat_async_event() - Set Features, Asynchronous Event Configuration.
 * @req:       the command
 * @supported: the event bits this controller can send
 *
 * Return: NVMe status; Invalid Field for a bit we cannot honour.
 */
u16 nvmeof_tgt_set_feat_async_event(struct nvmeof_tgt_req *req, u32 supported)
{
	u32 val = tgt_cdw11(req);

	if (val & ~supported) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw11);
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	}
	WRITE_ONCE(req->sq->ctrl->aen_enabled, val);
	req->cqe->result = cpu_to_le64(val);
	return NVMEOF_SC_SUCCESS;
}

static u16 tgt_set_feat_num_queues(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u32 val = tgt_cdw11(req);
	u32 nsqr = val & 0xffff, ncqr = val >> 16;
	u32 max = ctrl->nr_sqs - 1, nsqa, ncqa;

	/* 0's based; FFFFh (65536 queues) is reserved. */
	if (nsqr == 0xffff || ncqr == 0xffff || !max) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw11);
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	}
	nsqa = min(nsqr + 1, max);
	ncqa = min(ncqr + 1, max);
	WRITE_ONCE(ctrl->feat_num_queues, ((ncqa - 1) << 16) | (nsqa - 1));
	req->cqe->result = cpu_to_le64(READ_ONCE(ctrl->feat_num_queues));
	return NVMEOF_SC_SUCCESS;
}

static void tgt_execute_set_features(struct nvmeof_tgt_req *req)
{
	u32 cdw10 = tgt_cdw10(req);
	u16 status;

	if (cdw10 & NVMEOF_FEAT_SV) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_FEATURE_NOT_SAVEABLE | NVMEOF_SC_DNR;
		goto out;
	}
	switch (TGT_FEAT_FID(cdw10)) {
	case NVMEOF_FEAT_NUM_QUEUES:
		status = tgt_set_feat_num_queues(req);
		break;
	case NVMEOF_FEAT_KATO:
		status = nvmeof_tgt_set_feat_kato(req);
		break;
	case NVMEOF_FEAT_ASYNC_EVENT:
		status = nvmeof_tgt_set_feat_async_event(req, TGT_AEN_SUPPORTED);
		break;
	case NVMEOF_FEAT_HOST_ID:
		/* On fabrics the host identifier comes with Connect. */
		status = NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
		break;
	case NVMEOF_FEAT_POWER_MGMT:
		status = NVMEOF_SC_SUCCESS;
		if (tgt_cdw11(req) & TGT_FEAT_PM_PS_MASK) {
			req->error_loc = offsetof(struct nvmeof_sqe, cdw11);
			status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		}
		break;
	case NVMEOF_FEAT_VOLATILE_WC:
		/* The cache is always on: only "enabled" can be set. */
		status = NVMEOF_SC_SUCCESS;
		if (!(tgt_cdw11(req) & 1))
			status = NVMEOF_SC_FEATURE_NOT_CHANGEABLE | NVMEOF_SC_DNR;
		break;
	case NVMEOF_FEAT_ARBITRATION:
	case NVMEOF_FEAT_TEMP_THRESH:
	case NVMEOF_FEAT_ERR_RECOVERY:
	case NVMEOF_FEAT_IRQ_COALESCE:
	case NVMEOF_FEAT_IRQ_CONFIG:
	case NVMEOF_FEAT_WRITE_ATOMIC:
		/* Reported with fixed values by Get Features; nothing to tune. */
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_FEATURE_NOT_CHANGEABLE | NVMEOF_SC_DNR;
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	}
out:
	nvmeof_tgt_req_complete(req, status);
}

static bool tgt_feat_changeable(u8 fid)
{
	switch (fid) {
	case NVMEOF_FEAT_NUM_QUEUES:
	case NVMEOF_FEAT_KATO:
	case NVMEOF_FEAT_ASYNC_EVENT:
	case NVMEOF_FEAT_POWER_MGMT:
		return true;
	}
	return false;
}

static void tgt_execute_get_features(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u32 cdw10 = tgt_cdw10(req);
	u8 fid = TGT_FEAT_FID(cdw10);
	u16 status = NVMEOF_SC_SUCCESS;
	u32 result = 0;

	switch (fid) {
	case NVMEOF_FEAT_ARBITRATION:
	case NVMEOF_FEAT_POWER_MGMT:
	case NVMEOF_FEAT_TEMP_THRESH:
	case NVMEOF_FEAT_ERR_RECOVERY:
	case NVMEOF_FEAT_IRQ_COALESCE:
	case NVMEOF_FEAT_IRQ_CONFIG:
	case NVMEOF_FEAT_WRITE_ATOMIC:
		/* Fixed at 0: no arbitration burst, PS0, no thresholds or coalescing. */
		break;
	case NVMEOF_FEAT_VOLATILE_WC:
		result = 1;
		break;
	case NVMEOF_FEAT_NUM_QUEUES:
		result = READ_ONCE(ctrl->feat_num_queues);
		break;
	case NVMEOF_FEAT_KATO:
		result = READ_ONCE(ctrl->kato);
		break;
	case NVMEOF_FEAT_ASYNC_EVENT:
		result = READ_ONCE(ctrl->aen_enabled);
		break;
	case NVMEOF_FEAT_HOST_ID:
		if (!(tgt_cdw11(req) & TGT_FEAT_HOST_ID_EXHID)) {
			req->error_loc = offsetof(struct nvmeof_sqe, cdw11);
			status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
			break;
		}
		status = nvmeof_tgt_copy_to_sgl(req, 0, &ctrl->hostid, TGT_HOST_ID_LEN);
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	}
	if (!status && TGT_FEAT_SEL(cdw10) == TGT_FEAT_SEL_SUPPORTED)
		result = tgt_feat_changeable(fid) ? TGT_FEAT_CAP_CHANGEABLE : 0;
	if (!status)
		req->cqe->result = cpu_to_le64(result);
	nvmeof_tgt_req_complete(req, status);
}

/* --- AER, Keep Alive, Abort --- */

/**
 * nvmeof_tgt_execute_async_event() - park an Asynchronous Event Request.
 * @req: the command; completed when an event arrives or the queue goes
 */
void nvmeof_tgt_execute_async_event(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;

	mutex_lock(&ctrl->lock);
	if (ctrl->nr_async_events == NVMEOF_TGT_ASYNC_EVENTS) {
		mutex_unlock(&ctrl->lock);
		nvmeof_tgt_req_complete(req, NVMEOF_SC_ASYNC_LIMIT | NVMEOF_SC_DNR);
		return;
	}
	ctrl->async_event_cmds[ctrl->nr_async_events++] = req;
	mutex_unlock(&ctrl->lock);
	/* Deliver anything that queued up while no AER was parked. */
	queue_work(nvmeof_tgt_wq, &ctrl->async_event_work);
}

/**
 * nvmeof_tgt_execute_keep_alive() - Keep Alive: req_init already noted the traffic.
 * @req: the command
 */
void nvmeof_tgt_execute_keep_alive(struct nvmeof_tgt_req *req)
{
	nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
}

static void tgt_execute_abort(struct nvmeof_tgt_req *req)
{
	/* Bit 0 set: the command was not aborted (Base 2.0, Abort). */
	req->cqe->result = cpu_to_le64(1);
	nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
}

/**
 * nvmeof_tgt_parse_admin_cmd() - parse an admin command for an NVM subsystem's controller.
 * @req: the command
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_parse_admin_cmd(struct nvmeof_tgt_req *req)
{
	u32 cdw10 = tgt_cdw10(req);

	switch (req->cmd->opcode) {
	case NVMEOF_ADMIN_GET_LOG_PAGE:
		req->data_len = nvmeof_tgt_get_log_page_len(req->cmd);
		req->execute = tgt_execute_get_log_page;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_IDENTIFY:
		req->data_len = NVMEOF_IDENTIFY_DATA_SIZE;
		req->execute = tgt_execute_identify;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_SET_FEATURES:
		if (TGT_FEAT_FID(cdw10) == NVMEOF_FEAT_HOST_ID)
			req->data_len = TGT_HOST_ID_LEN;
		req->execute = tgt_execute_set_features;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_GET_FEATURES:
		if (TGT_FEAT_FID(cdw10) == NVMEOF_FEAT_HOST_ID)
			req->data_len = TGT_HOST_ID_LEN;
		req->execute = tgt_execute_get_features;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_ASYNC_EVENT:
		req->execute = nvmeof_tgt_execute_async_event;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_KEEP_ALIVE:
		req->execute = nvmeof_tgt_execute_keep_alive;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_ABORT:
		req->execute = tgt_execute_abort;
		return NVMEOF_SC_SUCCESS;
	default:
		pr_debug("unsupported admin opcode %#x\n", req->cmd->opcode);
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
	}
}
