// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: namespaces: lifetime, enable/disable, lookup, Identify data, shared I/O checks. */
#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>

#include "target.h"

/* Byte offsets of command fields, reported as the error log's parameter location. */
#define TGT_LOC_OPCODE	offsetof(struct nvmeof_sqe, opcode)
#define TGT_LOC_NSID	offsetof(struct nvmeof_sqe, nsid)
#define TGT_LOC_SLBA	offsetof(struct nvmeof_sqe, cdw10)
#define TGT_LOC_NLB	offsetof(struct nvmeof_sqe, cdw12)

static void tgt_ns_ref_release(struct percpu_ref *ref)
{
	struct nvmeof_tgt_ns *ns = container_of(ref, struct nvmeof_tgt_ns, ref);

	complete(&ns->disable_done);
}

/**
 * nvmeof_tgt_ns_alloc() - allocate a namespace for a configfs mkdir
 * @subsys: the subsystem it belongs to
 * @nsid:   its namespace ID (1..0xfffffffe, checked by the caller)
 *
 * The namespace starts disabled, in ANA group 1, with a random UUID and a
 * zero NGUID, as in-tree. Takes nvmeof_tgt_config_sem.
 *
 * Return: the namespace, or NULL without memory.
 */
struct nvmeof_tgt_ns *nvmeof_tgt_ns_alloc(struct nvmeof_tgt_subsys *subsys, u32 nsid)
{
	struct nvmeof_tgt_ns *ns;

	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return NULL;
	ns->subsys = subsys;
	ns->nsid = nsid;
	init_completion(&ns->disable_done);
	uuid_gen(&ns->uuid);

	down_write(&nvmeof_tgt_config_sem);
	ns->anagrpid = NVMEOF_TGT_DEFAULT_ANA_GRPID;
	nvmeof_tgt_ana_group_enabled[ns->anagrpid]++;
	up_write(&nvmeof_tgt_config_sem);
	return ns;
}

/**
 * nvmeof_tgt_ns_free() - disable and free a namespace (configfs rmdir)
 * @ns: the namespace
 *
 * Waits for the namespace's in-flight I/O without nvmeof_tgt_config_sem
 * (see nvmeof_tgt_ns_disable()), then takes it for the ANA group count.
 */
void nvmeof_tgt_ns_free(struct nvmeof_tgt_ns *ns)
{
	nvmeof_tgt_ns_disable(ns);
	down_write(&nvmeof_tgt_config_sem);
	nvmeof_tgt_ana_group_enabled[ns->anagrpid]--;
	up_write(&nvmeof_tgt_config_sem);

	kfree(ns->device_path);
	kfree(ns);
}

static u32 tgt_subsys_max_nsid(struct nvmeof_tgt_subsys *subsys)
{
	struct nvmeof_tgt_ns *ns;
	unsigned long idx;
	u32 max = 0;

	lockdep_assert_held(&subsys->lock);
	xa_for_each(&subsys->namespaces, idx, ns)
		max = ns->nsid;
	return max;
}

static void tgt_ns_close_backend(struct nvmeof_tgt_ns *ns)
{
	nvmeof_tgt_bdev_ns_disable(ns);
	nvmeof_tgt_file_ns_disable(ns);
	ns->size = 0;
	ns->blksize_shift = 0;
	ns->readonly = false;
}

/**
 * nvmeof_tgt_ns_enable() - open the backend and make the namespace visible
 * @ns: the namespace
 *
 * Tries @ns->device_path as a block device, then (or directly, when
 * buffered_io is set) as a file. Enabling an enabled namespace succeeds
 * and changes nothing, as in-tree. Called with nvmeof_tgt_config_sem held.
 *
 * Return: 0, or -errno with one kernel message saying why.
 */
int nvmeof_tgt_ns_enable(struct nvmeof_tgt_ns *ns)
{
	struct nvmeof_tgt_subsys *subsys = ns->subsys;
	int ret = 0;

	mutex_lock(&subsys->lock);
	if (ns->enabled)
		goto out_unlock;

	/* A disable still waiting for I/O holds the backend open. */
	ret = -EBUSY;
	if (ns->bdev || ns->file) {
		pr_err("namespace %u of %s: still being disabled\n", ns->nsid,
		       subsys->subsysnqn);
		goto out_unlock;
	}
	ret = -EINVAL;
	if (!ns->device_path) {
		pr_err("namespace %u of %s: enable: device_path is not set\n",
		       ns->nsid, subsys->subsysnqn);
		goto out_unlock;
	}
	ret = -EMFILE;
	if (subsys->nr_namespaces >= NVMEOF_TGT_MAX_NSID) {
		pr_err("namespace %u of %s: enable: subsystem already has %u namespaces\n",
		       ns->nsid, subsys->subsysnqn, NVMEOF_TGT_MAX_NSID);
		goto out_unlock;
	}

	ret = -ENOTBLK;
	if (!ns->buffered_io)
		ret = nvmeof_tgt_bdev_ns_enable(ns);
	if (ret == -ENOTBLK)
		ret = nvmeof_tgt_file_ns_enable(ns);
	if (ret)
		goto out_unlock;

	ret = percpu_ref_init(&ns->ref, tgt_ns_ref_release, 0, GFP_KERNEL);
	if (ret)
		goto out_close_backend;
	reinit_completion(&ns->disable_done);

	ret = xa_insert(&subsys->namespaces, ns->nsid, ns, GFP_KERNEL);
	if (ret) {
		pr_err("namespace %u of %s: enable: nsid already in use (%d)\n",
		       ns->nsid, subsys->subsysnqn, ret);
		goto out_exit_ref;
	}
	if (ns->nsid > subsys->max_nsid)
		subsys->max_nsid = ns->nsid;
	subsys->nr_namespaces++;
	ns->enabled = true;
	nvmeof_tgt_ns_changed(subsys, ns->nsid);
	pr_info("namespace %u of %s: enabled %s (%s%s, %lld bytes, %u-byte blocks)\n",
		ns->nsid, subsys->subsysnqn, ns->device_path,
		ns->bdev ? "block device" : ns->buffered_io ? "buffered file" : "file",
		ns->readonly ? ", read-only" : "", ns->size, 1U << ns->blksize_shift);
	mutex_unlock(&subsys->lock);
	return 0;

out_exit_ref:
	percpu_ref_exit(&ns->ref);
out_close_backend:
	tgt_ns_close_backend(ns);
out_unlock:
	mutex_unlock(&subsys->lock);
	return ret;
}

/**
 * nvmeof_tgt_ns_disable() - hide the namespace, wait for its I/O, close the backend
 * @ns: the namespace
 *
 * New commands stop finding the namespace at once; commands already holding
 * a reference finish normally. Disabling a disabled namespace does nothing
 * (also while another disable still waits).
 *
 * Called without nvmeof_tgt_config_sem: the wait lasts as long as the
 * slowest command, and a host can make that long (a write whose data it
 * never sends lasts until the transport's data timeout, h2c_timeout_s over
 * TCP); holding the global lock meanwhile would stop every Connect,
 * discovery and configfs write of the whole target. A concurrent enable is
 * refused (-EBUSY) while the backend is still open, and the configuration
 * attributes stay read-only until then (configfs.c).
 */
void nvmeof_tgt_ns_disable(struct nvmeof_tgt_ns *ns)
{
	struct nvmeof_tgt_subsys *subsys = ns->subsys;

	mutex_lock(&subsys->lock);
	if (!ns->enabled)
		goto out_unlock;
	ns->enabled = false;
	xa_erase(&subsys->namespaces, ns->nsid);
	if (ns->nsid == subsys->max_nsid)
		subsys->max_nsid = tgt_subsys_max_nsid(subsys);
	mutex_unlock(&subsys->lock);

	/*
	 * Lookups run under RCU and take the ref with tryget_live, so after
	 * the kill and a grace period no new reference can appear; then wait
	 * for the references in flight.
	 */
	percpu_ref_kill(&ns->ref);
	synchronize_rcu();
	wait_for_completion(&ns->disable_done);
	percpu_ref_exit(&ns->ref);

	mutex_lock(&subsys->lock);
	subsys->nr_namespaces--;
	nvmeof_tgt_ns_changed(subsys, ns->nsid);
	tgt_ns_close_backend(ns);
	pr_info("namespace %u of %s: disabled\n", ns->nsid, subsys->subsysnqn);
out_unlock:
	mutex_unlock(&subsys->lock);
}

/**
 * nvmeof_tgt_ns_revalidate() - re-read the backend's size
 * @ns: an enabled namespace (the caller holds a reference or subsys->lock)
 *
 * Return: 1 if the size changed (the caller then reports the change), else 0.
 */
int nvmeof_tgt_ns_revalidate(struct nvmeof_tgt_ns *ns)
{
	loff_t old = ns->size;

	if (ns->bdev)
		nvmeof_tgt_bdev_ns_revalidate(ns);
	else if (ns->file)
		nvmeof_tgt_file_ns_revalidate(ns);
	return ns->size != old;
}

/**
 * nvmeof_tgt_ns_get() - find an enabled namespace and take a reference
 * @subsys: the subsystem
 * @nsid:   the namespace ID
 *
 * Return: the namespace (release with nvmeof_tgt_ns_put()), or NULL.
 */
struct nvmeof_tgt_ns *nvmeof_tgt_ns_get(struct nvmeof_tgt_subsys *subsys, u32 nsid)
{
	struct nvmeof_tgt_ns *ns;

	rcu_read_lock();
	ns = xa_load(&subsys->namespaces, nsid);
	if (ns && !percpu_ref_tryget_live(&ns->ref))
		ns = NULL;
	rcu_read_unlock();
	return ns;
}

/**
 * nvmeof_tgt_ns_put() - drop a reference from nvmeof_tgt_ns_get()
 * @ns: the namespace
 */
void nvmeof_tgt_ns_put(struct nvmeof_tgt_ns *ns)
{
	percpu_ref_put(&ns->ref);
}

/**
 * nvmeof_tgt_ns_fill_id() - the backend-dependent Identify Namespace fields
 * @ns: an enabled namespace
 * @id: a zeroed Identify Namespace buffer
 *
 * One LBA format, the backend's logical block size, no metadata. NUSE is
 * NSZE: the backend cannot tell us better. The core adjusts NUSE for ANA
 * states that hide the namespace.
 */
void nvmeof_tgt_ns_fill_id(const struct nvmeof_tgt_ns *ns, struct nvmeof_id_ns *id)
{
	u64 nsze = ns->size >> ns->blksize_shift;

	id->nsze = cpu_to_le64(nsze);
	id->ncap = id->nsze;
	id->nuse = id->nsze;
	id->nlbaf = 0;
	id->flbas = 0;
	id->lbaf[0].ds = ns->blksize_shift;
	/* Other controllers, and any other user of the backend, may share it. */
	id->nmic = NVMEOF_NS_NMIC_SHARED;
	id->anagrpid = cpu_to_le32(READ_ONCE(ns->anagrpid));
	memcpy(id->nguid, ns->nguid, sizeof(id->nguid));
	if (ns->readonly)
		id->nsattr |= NVMEOF_NS_ATTR_WRITE_PROTECTED;
	if (ns->bdev)
		nvmeof_tgt_bdev_fill_id(ns, id);
	else
		/* A punched hole in a file reads back as zeroes. */
		id->dlfeat = NVMEOF_NS_DLFEAT_READ_ZEROES;
}

static u16 tgt_io_check_range(struct nvmeof_tgt_req *req, u64 slba, u32 nlb)
{
	u64 nsze = req->ns->size >> req->ns->blksize_shift;

	if (slba > nsze || nlb > nsze - slba) {
		req->error_loc = TGT_LOC_SLBA;
		req->error_slba = slba;
		return NVMEOF_SC_LBA_RANGE | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

static u16 tgt_io_check_writable(struct nvmeof_tgt_req *req)
{
	if (req->ns->readonly) {
		req->error_loc = TGT_LOC_NSID;
		return NVMEOF_SC_NS_WRITE_PROTECTED | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_io_prep_rw() - check a Read or Write and set req->data_len
 * @req: the request, req->ns set
 *
 * Return: NVMe status; LBA Out of Range (DNR) past the namespace's end.
 */
u16 nvmeof_tgt_io_prep_rw(struct nvmeof_tgt_req *req)
{
	u64 slba = nvmeof_tgt_io_slba(req);
	u32 nlb = nvmeof_tgt_io_nlb(req);
	u16 status;

	if (req->cmd->opcode == NVMEOF_CMD_WRITE) {
		status = tgt_io_check_writable(req);
		if (status)
			return status;
	}
	status = tgt_io_check_range(req, slba, nlb);
	if (status)
		return status;
	req->data_len = nlb << req->ns->blksize_shift;
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_io_prep_write_zeroes() - check a Write Zeroes; it moves no data
 * @req: the request, req->ns set
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_io_prep_write_zeroes(struct nvmeof_tgt_req *req)
{
	u16 status;

	status = tgt_io_check_writable(req);
	if (status)
		return status;
	status = tgt_io_check_range(req, nvmeof_tgt_io_slba(req), nvmeof_tgt_io_nlb(req));
	if (status)
		return status;
	req->data_len = 0;
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_io_prep_dsm() - check a Dataset Management; data is its range list
 * @req: the request, req->ns set
 *
 * The ranges themselves are checked when they arrive, at execution.
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_io_prep_dsm(struct nvmeof_tgt_req *req)
{
	u32 nr = (le32_to_cpu(req->cmd->cdw10) & NVMEOF_DSM_NR_MASK) + 1;
	u16 status;

	if (le32_to_cpu(req->cmd->cdw11) & NVMEOF_DSM_ATTR_AD) {
		status = tgt_io_check_writable(req);
		if (status)
			return status;
	}
	req->data_len = nr * sizeof(struct nvmeof_dsm_range);
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_io_for_each_range() - walk the range list of a deallocating DSM
 * @req: the Dataset Management request; its data is the range list
 * @fn:  the backend's deallocation of one non-empty range (first LBA, length
 *       in blocks); returns 0 or -errno, -EOPNOTSUPP counting as done
 *       (deallocation is advisory)
 * @arg: passed to @fn
 *
 * Stops at the first range that is short, outside the namespace or fails,
 * recording it for the error log.
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_io_for_each_range(struct nvmeof_tgt_req *req,
				 int (*fn)(struct nvmeof_tgt_req *req, u64 slba, u32 nlb,
					   void *arg),
				 void *arg)
{
	struct nvmeof_tgt_ns *ns = req->ns;
	u32 nr = req->data_len / sizeof(struct nvmeof_dsm_range);
	u64 nsze = ns->size >> ns->blksize_shift;
	struct nvmeof_dsm_range range;
	u32 i;

	for (i = 0; i < nr; i++) {
		u64 slba;
		u32 nlb;
		int ret;

		if (sg_pcopy_to_buffer(req->sg, req->sg_cnt, &range, sizeof(range),
				       i * sizeof(range)) != sizeof(range))
			return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
		slba = le64_to_cpu(range.slba);
		nlb = le32_to_cpu(range.nlb);
		if (slba > nsze || nlb > nsze - slba) {
			req->error_loc = TGT_LOC_SLBA;
			req->error_slba = slba;
			return NVMEOF_SC_LBA_RANGE | NVMEOF_SC_DNR;
		}
		if (!nlb)
			continue;
		ret = fn(req, slba, nlb, arg);
		if (ret && ret != -EOPNOTSUPP) {
			req->error_slba = slba;
			return nvmeof_tgt_io_errno_status(req, ret);
		}
	}
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_io_errno_status() - NVMe status for a backend's -errno
 * @req: the failed request (error_loc and error_slba are set)
 * @err: the -errno (0 is success)
 *
 * Return: NVMe status; DNR where a retry gives the same answer.
 */
u16 nvmeof_tgt_io_errno_status(struct nvmeof_tgt_req *req, int err)
{
	bool is_write = nvmeof_tgt_req_is_write(req);

	if (!err)
		return NVMEOF_SC_SUCCESS;
	req->error_loc = TGT_LOC_OPCODE;
	switch (req->cmd->opcode) {
	case NVMEOF_CMD_READ:
	case NVMEOF_CMD_WRITE:
	case NVMEOF_CMD_WRITE_ZEROES:
		req->error_slba = nvmeof_tgt_io_slba(req);
		break;
	default:
		break;
	}

	switch (err) {
	case -ENOSPC:
		req->error_loc = TGT_LOC_NLB;
		return NVMEOF_SC_CAP_EXCEEDED | NVMEOF_SC_DNR;
	case -EREMOTEIO:
		req->error_loc = TGT_LOC_SLBA;
		return NVMEOF_SC_LBA_RANGE | NVMEOF_SC_DNR;
	case -EOPNOTSUPP:
		return NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
	case -EROFS:
	case -EPERM:
	case -EACCES:
		req->error_loc = TGT_LOC_NSID;
		return NVMEOF_SC_NS_WRITE_PROTECTED | NVMEOF_SC_DNR;
	case -ENODATA:
		req->error_loc = TGT_LOC_NSID;
		return NVMEOF_SC_ACCESS_DENIED;
	case -EIO:
	case -EILSEQ:
		return (is_write ? NVMEOF_SC_WRITE_FAULT : NVMEOF_SC_READ_ERROR) | NVMEOF_SC_DNR;
	case -ENOMEM:
	case -EAGAIN:
	case -EBUSY:
	case -ETIMEDOUT:
		/* Transient: the host may retry. */
		return NVMEOF_SC_INTERNAL;
	default:
		return NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
	}
}

/**
 * nvmeof_tgt_io_parse() - check an I/O command and pick its backend handler
 * @req: the request; req->ns is an enabled namespace
 * @ops: the handlers of req->ns's backend
 *
 * Return: NVMe status; success sets req->execute and req->data_len.
 */
u16 nvmeof_tgt_io_parse(struct nvmeof_tgt_req *req, const struct nvmeof_tgt_io_ops *ops)
{
	u16 status;

	switch (req->cmd->opcode) {
	case NVMEOF_CMD_READ:
	case NVMEOF_CMD_WRITE:
		status = nvmeof_tgt_io_prep_rw(req);
		req->execute = ops->rw;
		break;
	case NVMEOF_CMD_FLUSH:
		req->data_len = 0;
		status = NVMEOF_SC_SUCCESS;
		req->execute = ops->flush;
		break;
	case NVMEOF_CMD_WRITE_ZEROES:
		status = nvmeof_tgt_io_prep_write_zeroes(req);
		req->execute = ops->write_zeroes;
		break;
	case NVMEOF_CMD_DSM:
		status = nvmeof_tgt_io_prep_dsm(req);
		req->execute = ops->dsm;
		break;
	default:
		req->error_loc = TGT_LOC_OPCODE;
		return NVMEOF_SC_INVALID_OPCODE | NVMEOF_SC_DNR;
	}
	return status;
}
