// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target Fabrics commands: Connect, Property Get/Set, Disconnect. */
#include <linux/slab.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/nqn.h>
#include "target.h"

static void tgt_execute_prop_set(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_prop_set_cmd *c = (const void *)req->cmd;
	u16 status = NVMEOF_SC_SUCCESS;

	if ((c->attrib & NVMEOF_PROP_ATTRIB_SIZE_MASK) != NVMEOF_PROP_ATTRIB_SIZE_4) {
		req->error_loc = offsetof(struct nvmeof_prop_set_cmd, attrib);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		goto out;
	}
	switch (le32_to_cpu(c->offset)) {
	case NVMEOF_REG_CC:
		nvmeof_tgt_update_cc(req->sq->ctrl, (u32)le64_to_cpu(c->value));
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_prop_set_cmd, offset);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	}
out:
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_prop_get(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_prop_get_cmd *c = (const void *)req->cmd;
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u32 off = le32_to_cpu(c->offset);
	u16 status = NVMEOF_SC_SUCCESS;
	u64 val = 0;

	switch (c->attrib & NVMEOF_PROP_ATTRIB_SIZE_MASK) {
	case NVMEOF_PROP_ATTRIB_SIZE_8:
		if (off == NVMEOF_REG_CAP)
			val = ctrl->cap;
		else
			status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		break;
	case NVMEOF_PROP_ATTRIB_SIZE_4:
		switch (off) {
		case NVMEOF_REG_VS:
			val = READ_ONCE(ctrl->subsys->ver);
			break;
		case NVMEOF_REG_CC:
			val = READ_ONCE(ctrl->cc);
			break;
		case NVMEOF_REG_CSTS:
			val = READ_ONCE(ctrl->csts);
			break;
		default:
			status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
			break;
		}
		break;
	default:
		req->error_loc = offsetof(struct nvmeof_prop_get_cmd, attrib);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		goto out;
	}
	if (status)
		req->error_loc = offsetof(struct nvmeof_prop_get_cmd, offset);
	else
		req->cqe->result = cpu_to_le64(val);
out:
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_disconnect(struct nvmeof_tgt_req *req)
{
	/*
	 * The host tears the queue's connection down next; the queue and its
	 * controller reference go with it (nvmeof_tgt_sq_destroy()).
	 */
	nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
}

/* Checks the Connect SQE fields common to admin and I/O queues. */
static u16 tgt_connect_check_cmd(struct nvmeof_tgt_req *req,
				 const struct nvmeof_connect_cmd *c)
{
	u16 sqsize = le16_to_cpu(c->sqsize);

	if (c->recfmt) {
		pr_warn_ratelimited("connect: unsupported record format %u\n",
				    le16_to_cpu(c->recfmt));
		req->error_loc = offsetof(struct nvmeof_connect_cmd, recfmt);
		return NVMEOF_SC_CONNECT_FORMAT | NVMEOF_SC_DNR;
	}
	/* SQSIZE is 0's based and a queue needs at least two entries. */
	if (!sqsize || sqsize > NVMEOF_TGT_MAX_QUEUE_SIZE - 1) {
		pr_warn_ratelimited("connect: invalid sqsize %u on queue %u\n", sqsize,
				    le16_to_cpu(c->qid));
		req->error_loc = offsetof(struct nvmeof_connect_cmd, sqsize);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_SQE(
				offsetof(struct nvmeof_connect_cmd, sqsize)));
		return NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

/* Copies in and checks the Connect data; on success *dp must be kfree'd. */
static u16 tgt_connect_get_data(struct nvmeof_tgt_req *req,
				struct nvmeof_connect_data **dp)
{
	struct nvmeof_connect_data *d;
	u16 status;

	d = kmalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NVMEOF_SC_INTERNAL;
	status = nvmeof_tgt_copy_from_sgl(req, 0, d, sizeof(*d));
	if (status)
		goto out_free;

	status = NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
	if (!nvmeof_nqn_valid_loose(d->subsysnqn, sizeof(d->subsysnqn))) {
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, subsysnqn)));
		goto out_free;
	}
	if (!nvmeof_nqn_valid_loose(d->hostnqn, sizeof(d->hostnqn))) {
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, hostnqn)));
		goto out_free;
	}
	*dp = d;
	return NVMEOF_SC_SUCCESS;

out_free:
	kfree(d);
	return status;
}

static void tgt_execute_admin_connect(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_connect_cmd *c = (const void *)req->cmd;
	struct nvmeof_connect_data *d = NULL;
	struct nvmeof_tgt_ctrl *ctrl;
	u16 cntlid, status;
	u32 authreq;

	status = tgt_connect_check_cmd(req, c);
	if (status)
		goto out;
	status = tgt_connect_get_data(req, &d);
	if (status)
		goto out;

	/* Only the dynamic controller model: FFFFh, or FFFEh ("any"). */
	cntlid = le16_to_cpu(d->cntlid);
	if (cntlid != NVMEOF_CNTLID_DYNAMIC && cntlid != NVMEOF_CNTLID_DYNAMIC - 1) {
		pr_warn_ratelimited("connect: static controller %u requested, only dynamic supported\n",
				    cntlid);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, cntlid)));
		status = NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
		goto out_free_data;
	}

	status = nvmeof_tgt_ctrl_alloc(req, d->subsysnqn, d->hostnqn, d->hostid,
				       le32_to_cpu(c->kato), &ctrl);
	if (status)
		goto out_free_data;
	if (nvmeof_tgt_auth_setup_ctrl(ctrl)) {
		status = NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
		goto out_put_ctrl;
	}
	status = nvmeof_tgt_auth_sq_connected(req->sq, ctrl, &authreq);
	if (status)
		goto out_put_ctrl;
	status = nvmeof_tgt_install_sq(ctrl, req->sq, 0, le16_to_cpu(c->sqsize),
				       c->cattr & NVMEOF_CONNECT_CATTR_DISABLE_SQFLOW);
	if (status)
		goto out_put_ctrl;
	req->cqe->result = cpu_to_le64(ctrl->cntlid | authreq);
	goto out_free_data;

out_put_ctrl:
	/* The authentication clock may have started on @ctrl. */
	nvmeof_tgt_auth_sq_stop(req->sq);
	nvmeof_tgt_ctrl_put(ctrl);

out_free_data:
	kfree(d);
out:
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_io_connect(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_connect_cmd *c = (const void *)req->cmd;
	struct nvmeof_connect_data *d = NULL;
	struct nvmeof_tgt_ctrl *ctrl;
	u16 qid = le16_to_cpu(c->qid);
	bool allowed;
	u32 authreq;
	u16 status;

	status = tgt_connect_check_cmd(req, c);
	if (status)
		goto out;
	status = tgt_connect_get_data(req, &d);
	if (status)
		goto out;
	status = nvmeof_tgt_ctrl_find_get(req, d->subsysnqn, d->hostnqn,
					  le16_to_cpu(d->cntlid), &ctrl);
	if (status)
		goto out_free_data;

	/* The ACL may have narrowed since the admin queue connected. */
	down_read(&nvmeof_tgt_config_sem);
	allowed = nvmeof_tgt_host_allowed(ctrl->subsys, d->hostnqn);
	up_read(&nvmeof_tgt_config_sem);
	if (!allowed) {
		pr_info_ratelimited("ctrl %u: host %s no longer allowed in %s, I/O queue %u refused\n",
				    ctrl->cntlid, d->hostnqn, ctrl->subsysnqn, qid);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, hostnqn)));
		status = NVMEOF_SC_CONNECT_INVALID_HOST | NVMEOF_SC_DNR;
		goto out_put_ctrl;
	}

	if (qid >= ctrl->nr_sqs) {
		pr_warn_ratelimited("ctrl %u: I/O queue %u beyond the %u allowed\n",
				    ctrl->cntlid, qid, ctrl->nr_sqs - 1);
		req->error_loc = offsetof(struct nvmeof_connect_cmd, qid);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_SQE(
				offsetof(struct nvmeof_connect_cmd, qid)));
		status = NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
		goto out_put_ctrl;
	}
	/*
	 * I/O queues only, as in-tree: MQES (param_max_queue_size) bounds
	 * them, the admin queue has its own depth.
	 */
	if (le16_to_cpu(c->sqsize) > NVMEOF_CAP_MQES(ctrl->cap)) {
		pr_warn_ratelimited("ctrl %u: I/O queue %u sqsize %u above MQES %u\n",
				    ctrl->cntlid, qid, le16_to_cpu(c->sqsize),
				    (u16)NVMEOF_CAP_MQES(ctrl->cap));
		req->error_loc = offsetof(struct nvmeof_connect_cmd, sqsize);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_SQE(
				offsetof(struct nvmeof_connect_cmd, sqsize)));
		status = NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
		goto out_put_ctrl;
	}
	status = nvmeof_tgt_auth_sq_connected(req->sq, ctrl, &authreq);
	if (status)
		goto out_put_ctrl;
	status = nvmeof_tgt_install_sq(ctrl, req->sq, qid, le16_to_cpu(c->sqsize),
				       c->cattr & NVMEOF_CONNECT_CATTR_DISABLE_SQFLOW);
	if (status)
		goto out_put_ctrl;
	pr_debug("ctrl %u: I/O queue %u connected\n", ctrl->cntlid, qid);
	req->cqe->result = cpu_to_le64(ctrl->cntlid | authreq);
	kfree(d);
	nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
	return;

out_put_ctrl:
	/* The authentication clock may have started on @ctrl. */
	nvmeof_tgt_auth_sq_stop(req->sq);
	nvmeof_tgt_ctrl_put(ctrl);
out_free_data:
	kfree(d);
out:
	nvmeof_tgt_req_complete(req, status);
}

/**
 * nvmeof_tgt_parse_connect_cmd() - parse a command on a queue not yet connected.
 * @req: the command
 *
 * Return: NVMe status; anything but Connect is a Command Sequence Error.
 */
u16 nvmeof_tgt_parse_connect_cmd(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_connect_cmd *c = (const void *)req->cmd;

	if (c->opcode != NVMEOF_FABRICS_OPCODE || c->fctype != NVMEOF_FCTYPE_CONNECT) {
		pr_debug("command %#x/%#x before Connect\n", c->opcode, c->fctype);
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	}
	req->data_len = sizeof(struct nvmeof_connect_data);
	req->execute = le16_to_cpu(c->qid) ? tgt_execute_io_connect :
						tgt_execute_admin_connect;
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_parse_fabrics_admin_cmd() - parse a Fabrics command on a connected admin queue.
 * @req: the command
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_parse_fabrics_admin_cmd(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_fabrics_cmd *c = (const void *)req->cmd;

	switch (c->fctype) {
	case NVMEOF_FCTYPE_AUTH_SEND:
	case NVMEOF_FCTYPE_AUTH_RECV:
		return nvmeof_tgt_parse_auth_cmd(req);
	case NVMEOF_FCTYPE_PROPERTY_SET:
		if (nvmeof_tgt_auth_pending(req->sq))
			goto out_auth_required;
		req->execute = tgt_execute_prop_set;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_FCTYPE_PROPERTY_GET:
		if (nvmeof_tgt_auth_pending(req->sq))
			goto out_auth_required;
		req->execute = tgt_execute_prop_get;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_FCTYPE_CONNECT:
		req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
		return NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	case NVMEOF_FCTYPE_DISCONNECT:
		/* Disconnect deletes I/O queues only; the admin queue goes with the association. */
		req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
		return NVMEOF_SC_INVALID_QUEUE_TYPE | NVMEOF_SC_DNR;
	default:
		pr_debug("unsupported fabrics command %#x on the admin queue\n", c->fctype);
		req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
		return NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
	}

out_auth_required:
	/*
	 * We allow nothing but Authentication Send/Receive before the host
	 * has authenticated, Property Get/Set included (in-tree nvmet lets
	 * both through); our host reads no property before authenticating.
	 */
	req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
	return NVMEOF_SC_AUTH_REQUIRED | NVMEOF_SC_DNR;
}

/**
 * nvmeof_tgt_parse_fabrics_io_cmd() - parse a Fabrics command on a connected I/O queue.
 * @req: the command
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_parse_fabrics_io_cmd(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_fabrics_cmd *c = (const void *)req->cmd;

	switch (c->fctype) {
	case NVMEOF_FCTYPE_DISCONNECT:
		req->execute = tgt_execute_disconnect;
		return NVMEOF_SC_SUCCESS;
	case NVMEOF_FCTYPE_AUTH_SEND:
	case NVMEOF_FCTYPE_AUTH_RECV:
		return nvmeof_tgt_parse_auth_cmd(req);
	case NVMEOF_FCTYPE_CONNECT:
		req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
		return NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	default:
		pr_debug("unsupported fabrics command %#x on I/O queue %u\n", c->fctype,
			 req->sq->qid);
		req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
		return NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
	}
}
