// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target discovery subsystem: its admin commands and the Discovery log page. */
#include <linux/slab.h>
#include <linux/string.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/discovery_log.h>
#include "target.h"

/* Bumped on every change of what any discovery log would show. */
static atomic64_t tgt_disc_genctr = ATOMIC64_INIT(1);

/**
 * nvmeof_tgt_discovery_changed() - the discovery information changed.
 * @port:   the port whose log changed, or NULL for every port
 * @subsys: the subsystem that changed, or NULL
 *
 * Bumps the generation counter and sends the discovery-log-change AEN to
 * every discovery controller connected through @port. Hosts that the
 * change does not concern may get the event too; they re-read an
 * unchanged log, which costs one command and avoids nesting subsystem
 * locks here. Caller holds nvmeof_tgt_config_sem and no subsys->lock.
 */
void nvmeof_tgt_discovery_changed(struct nvmeof_tgt_port *port,
				  struct nvmeof_tgt_subsys *subsys)
{
	struct nvmeof_tgt_subsys *disc = nvmeof_tgt_disc_subsys;
	struct nvmeof_tgt_ctrl *ctrl;

	atomic64_inc(&tgt_disc_genctr);
	if (!disc)
		return;
	mutex_lock(&disc->lock);
	list_for_each_entry(ctrl, &disc->ctrls, subsys_entry) {
		if (port && ctrl->port != port)
			continue;
		if (nvmeof_tgt_aen_bit_disabled(ctrl, ilog2(NVMEOF_AEN_CFG_DISC_CHANGE)))
			continue;
		nvmeof_tgt_add_async_event(ctrl, NVMEOF_AER_TYPE_NOTICE,
					   NVMEOF_AER_NOTICE_DISC_CHANGED, NVMEOF_LOG_DISC);
	}
	mutex_unlock(&disc->lock);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_discovery_changed);

/* Encodes one entry for @subnqn reachable through @port; -EINVAL for unencodable text. */
static int tgt_disc_entry(struct nvmeof_tgt_req *req, struct nvmeof_disc_log_entry *e,
			  struct nvmeof_tgt_port *port, const char *subnqn, u8 subtype,
			  u16 eflags, bool own_port)
{
	char traddr[NVMEOF_TRADDR_SIZE], trsvcid[NVMEOF_TRSVCID_SIZE];
	struct nvmeof_disc_entry_desc desc = {
		.trtype = port->disc_addr.trtype,
		.adrfam = port->disc_addr.adrfam,
		.subtype = subtype,
		.treq = port->disc_addr.treq,
		.portid = port->portid,
		.cntlid = NVMEOF_CNTLID_DYNAMIC,
		.asqsz = NVMEOF_TGT_AQ_DEPTH,
		.eflags = eflags,
		.trsvcid = trsvcid,
		.traddr = traddr,
		.subnqn = subnqn,
		.tsas = &port->disc_addr.tsas,
	};

	/* configfs fields need not be NUL terminated: copy them bounded. */
	strscpy(traddr, port->disc_addr.traddr, sizeof(traddr));
	strscpy(trsvcid, port->disc_addr.trsvcid, sizeof(trsvcid));
	/* A wildcard listener reports the address this host reached. */
	if (own_port && req->ops->disc_traddr)
		req->ops->disc_traddr(req, port, traddr);
	return nvmeof_disc_entry_encode(e, &desc);
}

static void tgt_execute_disc_get_log_page(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	struct nvmeof_tgt_port *port = ctrl->port;
	u64 off = nvmeof_tgt_get_log_page_offset(req->cmd);
	struct nvmeof_tgt_subsys_link *link;
	struct nvmeof_disc_log_entry *entries;
	struct nvmeof_tgt_port *r;
	size_t max = 1, size;
	u64 genctr, n = 0;
	void *log;
	u16 status;

	if (off & 3) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw12);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		goto out;
	}

	down_read(&nvmeof_tgt_config_sem);
	list_for_each_entry(link, &port->subsystems, entry)
		max++;
	list_for_each_entry(r, &port->referrals, global_entry)
		max++;
	log = kvzalloc(nvmeof_disc_log_size(max), GFP_KERNEL);
	if (!log) {
		up_read(&nvmeof_tgt_config_sem);
		status = NVMEOF_SC_INTERNAL;
		goto out;
	}
	entries = log + NVMEOF_DISC_LOG_HDR_SIZE;

	/* Our own entry carries discovery_nqn; referrals keep the well-known name, as in-tree. */
	if (!tgt_disc_entry(req, &entries[n], port, nvmeof_tgt_disc_subsys->subsysnqn,
			    NVMEOF_SUBTYPE_DISC_CURRENT,
			    NVMEOF_DISC_EFLAGS_DUPRETINFO | NVMEOF_DISC_EFLAGS_EPCSD, true))
		n++;
	list_for_each_entry(link, &port->subsystems, entry) {
		if (!nvmeof_tgt_host_allowed(link->subsys, ctrl->hostnqn))
			continue;
		if (!tgt_disc_entry(req, &entries[n], port, link->subsys->subsysnqn,
				    NVMEOF_SUBTYPE_NVME, 0, true))
			n++;
	}
	list_for_each_entry(r, &port->referrals, global_entry) {
		if (!r->enabled)
			continue;
		if (!tgt_disc_entry(req, &entries[n], r, NVMEOF_DISC_SUBSYS_NAME,
				    NVMEOF_SUBTYPE_DISC_REFERRAL, 0, false))
			n++;
	}
	genctr = atomic64_read(&tgt_disc_genctr);
	up_read(&nvmeof_tgt_config_sem);

	nvmeof_disc_log_hdr_encode(log, genctr, n);
	size = nvmeof_disc_log_size(n);
	nvmeof_tgt_aen_bit_clear(req, ilog2(NVMEOF_AEN_CFG_DISC_CHANGE));
	status = nvmeof_tgt_copy_log(req, off, log, size, size);
	kvfree(log);
out:
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_disc_identify(struct nvmeof_tgt_req *req)
{
	void *id;
	u16 status;

	if ((le32_to_cpu(req->cmd->cdw10) & 0xff) != NVMEOF_ID_CNS_CTRL) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		goto out;
	}
	id = kzalloc(NVMEOF_IDENTIFY_DATA_SIZE, GFP_KERNEL);
	if (!id) {
		status = NVMEOF_SC_INTERNAL;
		goto out;
	}
	nvmeof_tgt_id_ctrl_disc(req->sq->ctrl, id);
	status = nvmeof_tgt_copy_to_sgl(req, 0, id, NVMEOF_IDENTIFY_DATA_SIZE);
	kfree(id);
out:
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_disc_set_features(struct nvmeof_tgt_req *req)
{
	u32 cdw10 = le32_to_cpu(req->cmd->cdw10);
	u16 status;

	switch (cdw10 & 0xff) {
	case NVMEOF_FEAT_KATO:
		status = nvmeof_tgt_set_feat_kato(req);
		break;
	case NVMEOF_FEAT_ASYNC_EVENT:
		status = nvmeof_tgt_set_feat_async_event(req, NVMEOF_AEN_CFG_DISC_CHANGE);
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	}
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_disc_get_features(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u16 status = NVMEOF_SC_SUCCESS;

	switch (le32_to_cpu(req->cmd->cdw10) & 0xff) {
	case NVMEOF_FEAT_KATO:
		req->cqe->result = cpu_to_le64(READ_ONCE(ctrl->kato));
		break;
	case NVMEOF_FEAT_ASYNC_EVENT:
		req->cqe->result = cpu_to_le64(READ_ONCE(ctrl->aen_enabled));
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	}
	nvmeof_tgt_req_complete(req, status);
}

/**
 * nvmeof_tgt_parse_discovery_cmd() - parse an admin command for a discovery controller.
 * @req: the command
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_parse_discovery_cmd(struct nvmeof_tgt_req *req)
{
	switch (req->cmd->opcode) {
	case NVMEOF_ADMIN_GET_LOG_PAGE:
		if ((le32_to_cpu(req->cmd->cdw10) & 0xff) != NVMEOF_LOG_DISC) {
			req->error_loc = offsetof(struct nvmeof_sqe, cdw10);
			return NVMEOF_SC_INVALID_LOG_PAGE | NVMEOF_SC_DNR;
		}
		req->data_len = nvmeof_tgt_get_log_page_len(req->cmd);
		req->execute = tgt_execute_disc_get_log_page;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_IDENTIFY:
		req->data_len = NVMEOF_IDENTIFY_DATA_SIZE;
		req->execute = tgt_execute_disc_identify;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_SET_FEATURES:
		req->execute = tgt_execute_disc_set_features;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_GET_FEATURES:
		req->execute = tgt_execute_disc_get_features;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_ASYNC_EVENT:
		req->execute = nvmeof_tgt_execute_async_event;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_ADMIN_KEEP_ALIVE:
		req->execute = nvmeof_tgt_execute_keep_alive;
		return NVMEOF_SC_SUCCESS;
	default:
		pr_debug("unsupported discovery opcode %#x\n", req->cmd->opcode);
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
	}
}
