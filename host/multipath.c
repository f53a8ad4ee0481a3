// SPDX-License-Identifier: GPL-2.0-only
/* Native multipath: ANA state of each path, path selection by I/O policy, failover and requeue. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/bio.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/vmalloc.h>
#include <linux/jiffies.h>

#include <nvmeof/nvmeof_trace.h>
#include "host.h"

bool nvmeof_multipath = true;
module_param_named(multipath, nvmeof_multipath, bool, 0444);
MODULE_PARM_DESC(multipath,
		 "one head disk per namespace, shared by the subsystem's controllers (default Y); N: one disk per controller");

const char *const nvmeof_iopolicy_names[3] = {
	[NVMEOF_IOPOLICY_NUMA]	= "numa",
	[NVMEOF_IOPOLICY_RR]	= "round-robin",
	[NVMEOF_IOPOLICY_QD]	= "queue-depth",
};

int nvmeof_default_iopolicy = NVMEOF_IOPOLICY_NUMA;

static int host_iopolicy_param_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(nvmeof_iopolicy_names, val);

	if (i < 0) {
		pr_err("iopolicy: unknown policy '%s' (numa, round-robin, queue-depth)\n", val);
		return -EINVAL;
	}
	*(int *)kp->arg = i;
	return 0;
}

static int host_iopolicy_param_get(char *buf, const struct kernel_param *kp)
{
	return sprintf(buf, "%s\n", nvmeof_iopolicy_names[*(int *)kp->arg]);
}

static const struct kernel_param_ops host_iopolicy_param_ops = {
	.set	= host_iopolicy_param_set,
	.get	= host_iopolicy_param_get,
};
module_param_cb(iopolicy, &host_iopolicy_param_ops, &nvmeof_default_iopolicy, 0644);
MODULE_PARM_DESC(iopolicy,
		 "I/O policy of new subsystems: numa (default), round-robin or queue-depth");

/* How often the ANA log is re-read while a path is in change. */
#define HOST_ANA_CHANGE_POLL	HZ
/* The ANA log's largest size we read: beyond it ANA is not used. */
#define HOST_ANA_LOG_MAX	(1U << 20)

static const char *const host_ana_state_names[] = {
	[0]				= "invalid state",
	[NVMEOF_ANA_OPTIMIZED]		= "optimized",
	[NVMEOF_ANA_NONOPTIMIZED]	= "non-optimized",
	[NVMEOF_ANA_INACCESSIBLE]	= "inaccessible",
	[NVMEOF_ANA_PERSISTENT_LOSS]	= "persistent-loss",
	[NVMEOF_ANA_CHANGE]		= "change",
};

const char *nvmeof_host_ana_state_name(u8 state)
{
	if (state >= ARRAY_SIZE(host_ana_state_names) || !host_ana_state_names[state])
		return "invalid state";
	return host_ana_state_names[state];
}

/* Index of @state in a path's time-in-state counters, or -1. */
static int host_ana_index(u8 state)
{
	switch (state) {
	case NVMEOF_ANA_OPTIMIZED:
		return 0;
	case NVMEOF_ANA_NONOPTIMIZED:
		return 1;
	case NVMEOF_ANA_INACCESSIBLE:
		return 2;
	case NVMEOF_ANA_PERSISTENT_LOSS:
		return 3;
	case NVMEOF_ANA_CHANGE:
		return 4;
	default:
		return -1;
	}
}

static const u8 host_ana_by_index[NVMEOF_HOST_ANA_NR_STATES] = {
	NVMEOF_ANA_OPTIMIZED, NVMEOF_ANA_NONOPTIMIZED, NVMEOF_ANA_INACCESSIBLE,
	NVMEOF_ANA_PERSISTENT_LOSS, NVMEOF_ANA_CHANGE,
};

static bool host_ana_accessible(u8 state)
{
	return state == NVMEOF_ANA_OPTIMIZED || state == NVMEOF_ANA_NONOPTIMIZED;
}

/* --- path state --- */

static void __host_set_ana_state(struct nvmeof_host_ns *ns, u8 state)
{
	u64 now = get_jiffies_64();
	int old = host_ana_index(ns->ana_state);

	lockdep_assert_held(&ns->ctrl->ana_state_lock);
	if (old >= 0)
		ns->ana_time[old] += now - ns->ana_since;
	ns->ana_since = now;
	WRITE_ONCE(ns->ana_state, state);
}

/* Forget the paths the heads of @ctrl's namespaces cached, so the next I/O chooses again. */
static void host_clear_current_paths(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_ns *ns;
	int node;

	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		for_each_node(node)
			rcu_assign_pointer(ns->head->current_path[node], NULL);
	up_read(&ctrl->namespaces_rwsem);
}

/**
 * nvmeof_host_mpath_clear_current() - a path is going: no head may cache it
 * @ns: the path, already off its head's list; the caller syncs srcu after
 */
void nvmeof_host_mpath_clear_current(struct nvmeof_host_ns *ns)
{
	struct nvmeof_host_ns_head *head = ns->head;
	int node;

	for_each_node(node) {
		if (rcu_access_pointer(head->current_path[node]) == ns)
			rcu_assign_pointer(head->current_path[node], NULL);
	}
}

/* Neither the controller nor removal nor keep-alive health lets I/O go to @ns. */
/* Inline: the head's path check runs it for every bio. */
static __always_inline bool host_path_disabled(struct nvmeof_host_ns *ns)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;

	return nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE || !READ_ONCE(ns->ready) ||
	       READ_ONCE(ns->removing) ||
	       test_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags);
}

static bool host_path_usable(struct nvmeof_host_ns *ns)
{
	return !host_path_disabled(ns) && host_ana_accessible(READ_ONCE(ns->ana_state));
}

static __always_inline bool host_path_optimized(struct nvmeof_host_ns *ns)
{
	return !host_path_disabled(ns) && READ_ONCE(ns->ana_state) == NVMEOF_ANA_OPTIMIZED;
}

/* --- path selection --- */

static int host_path_distance(struct nvmeof_host_ns *ns, int node)
{
	int ctrl_node = dev_to_node(&ns->ctrl->device);

	if (ctrl_node == NUMA_NO_NODE || node == NUMA_NO_NODE)
		return LOCAL_DISTANCE;
	return node_distance(node, ctrl_node);
}

/* The nearest optimized path, else the nearest non-optimized one; cached for @node. */
static struct nvmeof_host_ns *host_find_path(struct nvmeof_host_ns_head *head, int node)
{
	int found_dist = INT_MAX, fallback_dist = INT_MAX, dist;
	struct nvmeof_host_ns *found = NULL, *fallback = NULL, *ns;

	list_for_each_entry_srcu(ns, &head->list, siblings,
				 srcu_read_lock_held(&head->srcu)) {
		if (host_path_disabled(ns))
			continue;
		dist = host_path_distance(ns, node);
		switch (READ_ONCE(ns->ana_state)) {
		case NVMEOF_ANA_OPTIMIZED:
			if (dist < found_dist) {
				found_dist = dist;
				found = ns;
			}
			break;
		case NVMEOF_ANA_NONOPTIMIZED:
			if (dist < fallback_dist) {
				fallback_dist = dist;
				fallback = ns;
			}
			break;
		default:
			break;
		}
	}
	if (!found)
		found = fallback;
	if (found)
		rcu_assign_pointer(head->current_path[node], found);
	return found;
}

/*
 * The next path after @old in list order that is optimized, else @old if it
 * is, else the next non-optimized one, else @old if usable. One walk of the
 * list: @old may already be off it (being removed), which must not make
 * the walk go round forever.
 */
static struct nvmeof_host_ns *host_round_robin_path(struct nvmeof_host_ns_head *head,
						    int node, struct nvmeof_host_ns *old)
{
	struct nvmeof_host_ns *ns, *opt_after = NULL, *opt_before = NULL;
	struct nvmeof_host_ns *nonopt_after = NULL, *nonopt_before = NULL, *found;
	bool after = false;

	list_for_each_entry_srcu(ns, &head->list, siblings,
				 srcu_read_lock_held(&head->srcu)) {
		if (ns == old) {
			after = true;
			continue;
		}
		if (host_path_disabled(ns))
			continue;
		switch (READ_ONCE(ns->ana_state)) {
		case NVMEOF_ANA_OPTIMIZED:
			if (after && !opt_after)
				opt_after = ns;
			else if (!after && !opt_before)
				opt_before = ns;
			break;
		case NVMEOF_ANA_NONOPTIMIZED:
			if (after && !nonopt_after)
				nonopt_after = ns;
			else if (!after && !nonopt_before)
				nonopt_before = ns;
			break;
		default:
			break;
		}
	}
	found = opt_after ?: opt_before;
	if (!found && after && host_path_optimized(old))
		found = old;
	if (!found)
		found = nonopt_after ?: nonopt_before;
	if (!found && after && host_path_usable(old))
		found = old;
	if (found)
		rcu_assign_pointer(head->current_path[node], found);
	return found;
}

/* The usable path whose controller has the fewest multipath requests outstanding. */
static struct nvmeof_host_ns *host_queue_depth_path(struct nvmeof_host_ns_head *head)
{
	struct nvmeof_host_ns *ns, *best_opt = NULL, *best_nonopt = NULL;
	unsigned int min_opt = UINT_MAX, min_nonopt = UINT_MAX, depth;

	list_for_each_entry_srcu(ns, &head->list, siblings,
				 srcu_read_lock_held(&head->srcu)) {
		if (host_path_disabled(ns))
			continue;
		depth = atomic_read(&ns->ctrl->nr_active);
		switch (READ_ONCE(ns->ana_state)) {
		case NVMEOF_ANA_OPTIMIZED:
			if (depth < min_opt) {
				min_opt = depth;
				best_opt = ns;
			}
			break;
		case NVMEOF_ANA_NONOPTIMIZED:
			if (depth < min_nonopt) {
				min_nonopt = depth;
				best_nonopt = ns;
			}
			break;
		default:
			break;
		}
		if (best_opt && !min_opt)
			break;
	}
	return best_opt ?: best_nonopt;
}

/**
 * nvmeof_host_head_path() - the path I/O to @head goes to now
 * @head: the namespace head; caller holds its srcu read lock
 *
 * Optimized paths first, then non-optimized ones; paths whose controller
 * is not live or is degraded, and paths in any other ANA state, never.
 *
 * Return: a usable path, or NULL when there is none.
 */
struct nvmeof_host_ns *nvmeof_host_head_path(struct nvmeof_host_ns_head *head)
{
	int policy = READ_ONCE(head->subsys->iopolicy);
	int node = numa_node_id();
	struct nvmeof_host_ns *ns;

	if (policy == NVMEOF_IOPOLICY_QD)
		return host_queue_depth_path(head);
	ns = srcu_dereference(head->current_path[node], &head->srcu);
	if (unlikely(!ns))
		return host_find_path(head, node);
	if (policy == NVMEOF_IOPOLICY_RR)
		return host_round_robin_path(head, node, ns);
	if (unlikely(!host_path_optimized(ns)))
		return host_find_path(head, node);
	return ns;
}

/*
 * Could a path come back (reconnect in progress, fast_io_fail not expired,
 * keep-alives missed, ANA inaccessible or in change)? Persistent loss and
 * removal are final.
 */
static bool host_head_available(struct nvmeof_host_ns_head *head)
{
	struct nvmeof_host_ns *ns;

	list_for_each_entry_srcu(ns, &head->list, siblings,
				 srcu_read_lock_held(&head->srcu)) {
		if (READ_ONCE(ns->removing) ||
		    READ_ONCE(ns->ana_state) == NVMEOF_ANA_PERSISTENT_LOSS ||
		    test_bit(NVMEOF_CTRL_FAILFAST_EXPIRED, &ns->ctrl->flags))
			continue;
		switch (nvmeof_host_state(ns->ctrl)) {
		case NVMEOF_CTRL_LIVE:
		case NVMEOF_CTRL_RESETTING:
		case NVMEOF_CTRL_CONNECTING:
		case NVMEOF_CTRL_NEW:
			return true;
		default:
			break;
		}
	}
	return false;
}

/* --- the head disk --- */

static void host_head_submit_bio(struct bio *bio)
{
	struct nvmeof_host_ns_head *head = bio->bi_bdev->bd_disk->private_data;
	struct nvmeof_host_ns *ns;
	int srcu_idx;

	bio = bio_split_to_limits(bio);
	if (!bio)
		return;

	srcu_idx = srcu_read_lock(&head->srcu);
	ns = nvmeof_host_head_path(head);
	if (likely(ns)) {
		bio_set_dev(bio, ns->disk->part0);
		bio->bi_opf |= REQ_DRV;
		submit_bio_noacct(bio);
	} else if (host_head_available(head)) {
		/* Parked until a path changes state (nvmeof_host_kick_requeue()). */
		spin_lock_irq(&head->requeue_lock);
		bio_list_add(&head->requeue_list, bio);
		spin_unlock_irq(&head->requeue_lock);
	} else {
		dev_warn_ratelimited(disk_to_dev(head->disk), "no path left: failing I/O\n");
		bio_io_error(bio);
	}
	srcu_read_unlock(&head->srcu, srcu_idx);
}

/**
 * nvmeof_host_head_requeue_work() - resubmit the bios parked on a head
 * @work: the head's requeue_work
 */
void nvmeof_host_head_requeue_work(struct work_struct *work)
{
	struct nvmeof_host_ns_head *head =
		container_of(work, struct nvmeof_host_ns_head, requeue_work);
	struct bio *bio, *next;

	spin_lock_irq(&head->requeue_lock);
	next = bio_list_get(&head->requeue_list);
	spin_unlock_irq(&head->requeue_lock);

	while ((bio = next) != NULL) {
		next = bio->bi_next;
		bio->bi_next = NULL;
		submit_bio_noacct(bio);
	}
}

static void host_head_free_disk(struct gendisk *disk)
{
	nvmeof_host_put_head(disk->private_data);
}

/**
 * nvmeof_host_head_ioctl() - an ioctl on a head, through its current path
 * @head: the namespace head (block or generic device)
 * @cmd:  ioctl number
 * @arg:  argument
 *
 * A passthrough command can wait through a reconnect for as long as the
 * controller loss timeout allows, and path removal waits for every srcu
 * reader of the head. So the path is chosen under srcu, it and its disk are
 * pinned (the path pins its controller and the head) and the command runs
 * outside the read section.
 *
 * Return: as nvmeof_host_ns_ioctl().
 */
int nvmeof_host_head_ioctl(struct nvmeof_host_ns_head *head, unsigned int cmd,
			   unsigned long arg)
{
	struct nvmeof_host_ns *ns;
	int srcu_idx, ret;

	srcu_idx = srcu_read_lock(&head->srcu);
	ns = nvmeof_host_head_path(head);
	if (ns) {
		/* The disk for its queue; the ns itself, as a disk not yet added holds none. */
		get_device(disk_to_dev(ns->disk));
		kref_get(&ns->ref);
	}
	srcu_read_unlock(&head->srcu, srcu_idx);

	ret = nvmeof_host_ns_ioctl(head, ns, cmd, arg);
	if (ns) {
		put_disk(ns->disk);
		nvmeof_host_put_ns(ns);
	}
	return ret;
}

static int host_head_ioctl(struct block_device *bdev, nvmeof_blk_mode_t mode,
			   unsigned int cmd, unsigned long arg)
{
	return nvmeof_host_head_ioctl(bdev->bd_disk->private_data, cmd, arg);
}

const struct block_device_operations nvmeof_head_fops = {
	.owner		= THIS_MODULE,
	.submit_bio	= host_head_submit_bio,
	.ioctl		= host_head_ioctl,
	.compat_ioctl	= blkdev_compat_ptr_ioctl,
	.free_disk	= host_head_free_disk,
};

/* With multipath=N a path disk is the visible disk, and takes the namespace ioctls. */
static int host_path_ioctl(struct block_device *bdev, nvmeof_blk_mode_t mode,
			   unsigned int cmd, unsigned long arg)
{
	struct nvmeof_host_ns *ns = bdev->bd_disk->private_data;

	return nvmeof_host_ns_ioctl(ns->head, ns, cmd, arg);
}

/* The last opener of a removed path disk is gone: the disk's hold on its path ends. */
static void host_path_free_disk(struct gendisk *disk)
{
	nvmeof_host_put_ns(disk->private_data);
}

const struct block_device_operations nvmeof_path_fops = {
	.owner		= THIS_MODULE,
	.ioctl		= host_path_ioctl,
	.compat_ioctl	= blkdev_compat_ptr_ioctl,
	.free_disk	= host_path_free_disk,
};

/* --- failover --- */

/* An I/O ended with an ANA status: the path is in that state until the log says otherwise. */
static void host_ana_error(struct nvmeof_host_ns *ns, u16 code)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	unsigned long flags;
	u8 state;

	switch (code) {
	case NVMEOF_SC_ANA_INACCESSIBLE:
		state = NVMEOF_ANA_INACCESSIBLE;
		break;
	case NVMEOF_SC_ANA_PERSISTENT_LOSS:
		state = NVMEOF_ANA_PERSISTENT_LOSS;
		break;
	default:
		state = NVMEOF_ANA_CHANGE;
		break;
	}
	spin_lock_irqsave(&ctrl->ana_state_lock, flags);
	if (ns->ana_state != state) {
		ns->ana_from_error = true;
		ns->ana_err_chgcnt = READ_ONCE(ctrl->ana_chgcnt);
		ns->ana_err_time = jiffies;
		__host_set_ana_state(ns, state);
	}
	spin_unlock_irqrestore(&ctrl->ana_state_lock, flags);
	mod_delayed_work(nvmeof_host_wq, &ctrl->ana_work, 0);
}

/**
 * nvmeof_host_failover_rq() - hand a failed request's bios back to its head
 * @rq: a multipath request that ended with a path error
 *
 * The bios are resubmitted through the head, which picks another usable
 * path or parks them until one may take them. An ANA status first takes
 * this path out of selection, so the retry cannot come back to it.
 */
void nvmeof_host_failover_rq(struct request *rq)
{
	struct nvmeof_host_ns *ns = rq->q->queuedata;
	struct nvmeof_host_ns_head *head = ns->head;
	u16 code = NVMEOF_SC_CODE(nvmeof_req(rq)->status);
	unsigned long flags;
	struct bio *bio;

	if (ns->pstats)
		this_cpu_inc(ns->pstats->failovers);
	switch (code) {
	case NVMEOF_SC_ANA_INACCESSIBLE:
	case NVMEOF_SC_ANA_PERSISTENT_LOSS:
	case NVMEOF_SC_ANA_TRANSITION:
		host_ana_error(ns, code);
		break;
	default:
		break;
	}

	spin_lock_irqsave(&head->requeue_lock, flags);
	for (bio = rq->bio; bio; bio = bio->bi_next) {
		bio_set_dev(bio, head->disk->part0);
		/*
		 * Resubmitted from a work item, a polled bio is not polled any
		 * more: it completes in the CQ's softirq. bio_clear_polled()
		 * also drops REQ_ALLOC_CACHE, which 6.1's bio_put() must not
		 * see in interrupt context (it WARNs: seen after a reset during
		 * io_uring polled I/O in rdma_host_queue_maps).
		 */
		if (bio->bi_opf & REQ_POLLED) {
			bio_clear_polled(bio);
			bio->bi_cookie = BLK_QC_T_NONE;
		}
	}
	blk_steal_bios(&head->requeue_list, rq);
	spin_unlock_irqrestore(&head->requeue_lock, flags);

	blk_mq_end_request(rq, BLK_STS_OK);
	kblockd_schedule_work(&head->requeue_work);
}

/**
 * nvmeof_host_kick_requeue() - a path of @ctrl changed: choose paths again
 * @ctrl: a controller whose state, health or ANA states changed
 *
 * Resubmits (or fails, when no path may come back) the bios parked on the
 * heads of its namespaces.
 */
void nvmeof_host_kick_requeue(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_ns *ns;

	host_clear_current_paths(ctrl);
	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		kblockd_schedule_work(&ns->head->requeue_work);
	up_read(&ctrl->namespaces_rwsem);
}
EXPORT_SYMBOL_GPL(nvmeof_host_kick_requeue);

/**
 * nvmeof_host_mpath_submit() - a multipath request goes out on its path
 * @rq: the request (REQ_DRV), started
 */
void nvmeof_host_mpath_submit(struct request *rq)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	struct nvmeof_host_ns *ns = rq->q->queuedata;

	if (req->mpath_active)
		return;
	req->mpath_active = true;
	atomic_inc(&ns->ctrl->nr_active);
	if (ns->pstats)
		this_cpu_inc(ns->pstats->submitted);
	/*
	 * The head is bio-based and passes bios on unchanged, so the block
	 * layer counts nothing for it: each request sent on a path counts as
	 * one head I/O while iostats is on there (a retried or failed-over
	 * request once per time it was sent). Ended in
	 * nvmeof_host_mpath_complete(), which every submitted request reaches.
	 */
	req->head_acct = blk_queue_io_stat(ns->head->disk->queue);
	if (req->head_acct)
		req->head_acct_start = nvmeof_bdev_start_io_acct(ns->head->disk->part0,
								 req_op(rq), blk_rq_sectors(rq));
}

/**
 * nvmeof_host_mpath_complete() - a request counted by nvmeof_host_mpath_submit() ended
 * @rq: the request, its status set
 */
void nvmeof_host_mpath_complete(struct request *rq)
{
	struct nvmeof_host_request *req = nvmeof_req(rq);
	struct nvmeof_host_ns *ns = rq->q->queuedata;

	if (!req->mpath_active)
		return;
	req->mpath_active = false;
	atomic_dec(&ns->ctrl->nr_active);
	if (req->head_acct) {
		req->head_acct = false;
		nvmeof_bdev_end_io_acct(ns->head->disk->part0, req_op(rq),
					blk_rq_sectors(rq), req->head_acct_start);
	}
	if (req->status && ns->pstats)
		this_cpu_inc(ns->pstats->errors);
}

/* --- the ANA log --- */

/*
 * Checks the log in ctrl->ana_log_buf (@len bytes read) before anything
 * uses it: every descriptor and NSID list inside what was read, group IDs
 * within ANAGRPMAX, no more groups than NANAGRPID, known states, real
 * NSIDs. Return: the log's length in bytes, or -EINVAL.
 */
static ssize_t host_ana_log_validate(struct nvmeof_host_ctrl *ctrl, size_t len)
{
	const struct nvmeof_ana_log_hdr *hdr = ctrl->ana_log_buf;
	size_t off = sizeof(*hdr);
	u32 i, j, ngrps;

	if (len < sizeof(*hdr))
		return -EINVAL;
	ngrps = le16_to_cpu(hdr->ngrps);
	if (ctrl->nanagrpid && ngrps > ctrl->nanagrpid) {
		dev_err(&ctrl->device, "ANA log: %u groups, NANAGRPID is %u\n",
			ngrps, ctrl->nanagrpid);
		return -EINVAL;
	}
	for (i = 0; i < ngrps; i++) {
		const struct nvmeof_ana_group_desc *d = ctrl->ana_log_buf + off;
		u32 grpid, nnsids;

		if (len - off < sizeof(*d)) {
			dev_err(&ctrl->device, "ANA log: group %u beyond the log\n", i);
			return -EINVAL;
		}
		grpid = le32_to_cpu(d->grpid);
		nnsids = le32_to_cpu(d->nnsids);
		if (!grpid || grpid > ctrl->anagrpmax) {
			dev_err(&ctrl->device, "ANA log: group ID %u (ANAGRPMAX %u)\n",
				grpid, ctrl->anagrpmax);
			return -EINVAL;
		}
		if (host_ana_index(d->state & NVMEOF_ANA_STATE_MASK) < 0) {
			dev_err(&ctrl->device, "ANA log: group %u in state %#x\n",
				grpid, d->state);
			return -EINVAL;
		}
		off += sizeof(*d);
		if (nnsids > (len - off) / sizeof(__le32)) {
			dev_err(&ctrl->device, "ANA log: group %u lists %u NSIDs beyond the log\n",
				grpid, nnsids);
			return -EINVAL;
		}
		for (j = 0; j < nnsids; j++) {
			u32 nsid = le32_to_cpu(d->nsids[j]);

			if (!nsid || nsid == NVMEOF_NSID_ALL) {
				dev_err(&ctrl->device, "ANA log: group %u lists NSID %#x\n",
					grpid, nsid);
				return -EINVAL;
			}
		}
		off += (size_t)nnsids * sizeof(__le32);
	}
	return off;
}

/*
 * The group of NSID @nsid in the validated log (by its NSID lists), else
 * group @grpid's descriptor; NULL when the log names neither.
 */
static const struct nvmeof_ana_group_desc *host_ana_lookup(struct nvmeof_host_ctrl *ctrl,
							   u32 nsid, u32 grpid)
{
	const struct nvmeof_ana_log_hdr *hdr = ctrl->ana_log_buf;
	const struct nvmeof_ana_group_desc *by_grp = NULL;
	size_t off = sizeof(*hdr);
	u32 i, j, ngrps;

	lockdep_assert_held(&ctrl->ana_lock);
	if (!ctrl->ana_log_len)
		return NULL;
	ngrps = le16_to_cpu(hdr->ngrps);
	for (i = 0; i < ngrps; i++) {
		const struct nvmeof_ana_group_desc *d = ctrl->ana_log_buf + off;
		u32 nnsids = le32_to_cpu(d->nnsids);

		for (j = 0; j < nnsids; j++) {
			if (le32_to_cpu(d->nsids[j]) == nsid)
				return d;
		}
		if (!by_grp && le32_to_cpu(d->grpid) == grpid)
			by_grp = d;
		off += sizeof(*d) + (size_t)nnsids * sizeof(__le32);
	}
	return by_grp;
}

/* What host_ana_apply() found. */
#define HOST_ANA_IN_CHANGE	(1 << 0)	/* the path is in change */
#define HOST_ANA_KEPT		(1 << 1)	/* an I/O's ANA status outweighed the log */

static unsigned long host_anatt(struct nvmeof_host_ctrl *ctrl)
{
	return (ctrl->anatt ?: 1) * HZ;
}

/* Apply what the log says about @ns. Return: HOST_ANA_* flags. */
static unsigned int host_ana_apply(struct nvmeof_host_ns *ns)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	const struct nvmeof_ana_group_desc *d;
	unsigned long flags;
	u8 state, kept;

	lockdep_assert_held(&ctrl->ana_lock);
	d = host_ana_lookup(ctrl, ns->head->ns_id, READ_ONCE(ns->ana_grpid));
	if (!d)
		return 0;
	state = d->state & NVMEOF_ANA_STATE_MASK;

	spin_lock_irqsave(&ctrl->ana_state_lock, flags);
	WRITE_ONCE(ns->ana_grpid, le32_to_cpu(d->grpid));
	if (ns->ana_from_error && host_ana_accessible(state) &&
	    ctrl->ana_chgcnt == ns->ana_err_chgcnt &&
	    time_before(jiffies, ns->ana_err_time + host_anatt(ctrl))) {
		/*
		 * The log did not change since an I/O on this path got an ANA
		 * status, yet calls the path accessible: believe the status
		 * for ANATT, or I/O would bounce off this path at network
		 * speed. After that the path gets one more try.
		 */
		kept = ns->ana_state;
		spin_unlock_irqrestore(&ctrl->ana_state_lock, flags);
		dev_warn_ratelimited(&ctrl->device,
				     "nsid %u: ANA log says %s, I/O said %s; trusting the I/O for ANATT\n",
				     ns->head->ns_id, nvmeof_host_ana_state_name(state),
				     nvmeof_host_ana_state_name(kept));
		return HOST_ANA_KEPT | (kept == NVMEOF_ANA_CHANGE ? HOST_ANA_IN_CHANGE : 0);
	}
	ns->ana_from_error = false;
	if (ns->ana_state != state)
		__host_set_ana_state(ns, state);
	spin_unlock_irqrestore(&ctrl->ana_state_lock, flags);
	return state == NVMEOF_ANA_CHANGE ? HOST_ANA_IN_CHANGE : 0;
}

/* Read, check and apply the ANA log; reading it also re-arms the ANA change notice. */
static int host_read_ana_log(struct nvmeof_host_ctrl *ctrl)
{
	unsigned int found = 0;
	struct nvmeof_host_ns *ns;
	ssize_t len;
	int ret;

	mutex_lock(&ctrl->ana_lock);
	if (!ctrl->ana_log_buf) {
		ret = -ENODEV;
		goto out_unlock;
	}
	ret = nvmeof_host_get_log(ctrl, NVMEOF_LOG_ANA, 0, NVMEOF_NSID_ALL,
				  ctrl->ana_log_buf, ctrl->ana_log_size);
	if (ret) {
		dev_warn(&ctrl->device, "reading the ANA log failed (%d)\n", ret);
		goto out_unlock;
	}
	len = host_ana_log_validate(ctrl, ctrl->ana_log_size);
	if (len < 0) {
		/* Keep the states we had: nothing of a bad log is used. */
		ctrl->ana_log_len = 0;
		ret = len;
		goto out_unlock;
	}
	ctrl->ana_log_len = len;
	WRITE_ONCE(ctrl->ana_chgcnt,
		   le64_to_cpu(((struct nvmeof_ana_log_hdr *)ctrl->ana_log_buf)->chgcnt));

	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry)
		found |= host_ana_apply(ns);
	up_read(&ctrl->namespaces_rwsem);

	if (found & HOST_ANA_IN_CHANGE) {
		unsigned long anatt = host_anatt(ctrl);

		if (!ctrl->ana_change_since) {
			ctrl->ana_change_since = jiffies;
			ctrl->ana_change_warned = false;
		}
		if (time_after(jiffies, ctrl->ana_change_since + anatt)) {
			if (!ctrl->ana_change_warned)
				dev_warn(&ctrl->device,
					 "ANA transition longer than ANATT (%u s); still polling the log\n",
					 ctrl->anatt);
			ctrl->ana_change_warned = true;
			queue_delayed_work(nvmeof_host_wq, &ctrl->ana_work, anatt);
		} else {
			queue_delayed_work(nvmeof_host_wq, &ctrl->ana_work,
					   HOST_ANA_CHANGE_POLL);
		}
	} else {
		ctrl->ana_change_since = 0;
		/* A path kept out by an I/O's status gets its retry after ANATT. */
		if (found & HOST_ANA_KEPT)
			queue_delayed_work(nvmeof_host_wq, &ctrl->ana_work, host_anatt(ctrl));
	}
out_unlock:
	mutex_unlock(&ctrl->ana_lock);
	nvmeof_host_kick_requeue(ctrl);
	return ret;
}

static void host_ana_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(to_delayed_work(work),
						     struct nvmeof_host_ctrl, ana_work);

	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE || !ctrl->ana_supported)
		return;
	host_read_ana_log(ctrl);
}

/**
 * nvmeof_host_mpath_ana_aen() - an ANA change notice arrived
 * @ctrl: the controller
 */
void nvmeof_host_mpath_ana_aen(struct nvmeof_host_ctrl *ctrl)
{
	trace_nvmeof_ana_change(false, ctrl->instance, 0, 0xff);
	if (ctrl->ana_supported)
		mod_delayed_work(nvmeof_host_wq, &ctrl->ana_work, 0);
}

/* --- controller life --- */

void nvmeof_host_mpath_init_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	mutex_init(&ctrl->ana_lock);
	spin_lock_init(&ctrl->ana_state_lock);
	INIT_DELAYED_WORK(&ctrl->ana_work, host_ana_work);
	atomic_set(&ctrl->nr_active, 0);
}

/**
 * nvmeof_host_mpath_identify() - take the ANA capabilities from Identify Controller
 * @ctrl: the controller, at every (re)connect
 * @id:   its Identify Controller data
 *
 * Sizes the ANA log buffer as the largest log these numbers allow.
 *
 * Return: 0 or -ENOMEM.
 */
int nvmeof_host_mpath_identify(struct nvmeof_host_ctrl *ctrl, const struct nvmeof_id_ctrl *id)
{
	size_t size, max = min_t(size_t, HOST_ANA_LOG_MAX,
				 (size_t)ctrl->max_hw_sectors << SECTOR_SHIFT);
	void *buf;
	u32 max_ns;

	ctrl->anacap = id->anacap;
	ctrl->anatt = id->anatt;
	ctrl->anagrpmax = le32_to_cpu(id->anagrpmax);
	ctrl->nanagrpid = le32_to_cpu(id->nanagrpid);
	ctrl->mnan = le32_to_cpu(id->mnan);
	ctrl->ana_supported = false;
	if (!nvmeof_multipath || !(id->cmic & NVMEOF_CTRL_CMIC_ANA) || ctrl->opts->discovery)
		return 0;
	if (!ctrl->anagrpmax || !ctrl->nanagrpid || ctrl->nanagrpid > ctrl->anagrpmax) {
		dev_err(&ctrl->device, "ANA: NANAGRPID %u, ANAGRPMAX %u: not using ANA\n",
			ctrl->nanagrpid, ctrl->anagrpmax);
		return 0;
	}
	max_ns = ctrl->mnan ?: ctrl->nn;
	size = sizeof(struct nvmeof_ana_log_hdr) +
	       (size_t)ctrl->nanagrpid * sizeof(struct nvmeof_ana_group_desc) +
	       (size_t)max_ns * sizeof(__le32);
	if (size > max) {
		dev_err(&ctrl->device, "ANA log of %zu bytes (over %zu): not using ANA\n",
			size, max);
		return 0;
	}

	mutex_lock(&ctrl->ana_lock);
	if (size != ctrl->ana_log_size) {
		buf = kvzalloc(size, GFP_KERNEL);
		if (!buf) {
			mutex_unlock(&ctrl->ana_lock);
			return -ENOMEM;
		}
		kvfree(ctrl->ana_log_buf);
		ctrl->ana_log_buf = buf;
		ctrl->ana_log_size = size;
	}
	ctrl->ana_log_len = 0;
	mutex_unlock(&ctrl->ana_lock);
	ctrl->ana_supported = true;
	return 0;
}

/**
 * nvmeof_host_mpath_start() - the controller went live: read the ANA log
 * @ctrl: the controller
 */
void nvmeof_host_mpath_start(struct nvmeof_host_ctrl *ctrl)
{
	if (ctrl->ana_supported)
		host_read_ana_log(ctrl);
}

/**
 * nvmeof_host_mpath_stop() - the controller is going down: no more log reads
 * @ctrl: the controller
 *
 * Does not wait: a read in flight ends with the queues.
 */
void nvmeof_host_mpath_stop(struct nvmeof_host_ctrl *ctrl)
{
	cancel_delayed_work(&ctrl->ana_work);
}

void nvmeof_host_mpath_uninit_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	cancel_delayed_work_sync(&ctrl->ana_work);
	kvfree(ctrl->ana_log_buf);
	ctrl->ana_log_buf = NULL;
	ctrl->ana_log_size = 0;
}

/* --- paths --- */

static int host_path_stats_show(struct seq_file *m, void *unused)
{
	struct nvmeof_host_ns *ns = m->private;
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	u64 submitted = 0, errors = 0, failovers = 0, t[NVMEOF_HOST_ANA_NR_STATES];
	unsigned long flags;
	int cpu, i, cur;

	for_each_possible_cpu(cpu) {
		const struct nvmeof_host_path_pcpu *p = per_cpu_ptr(ns->pstats, cpu);

		submitted += READ_ONCE(p->submitted);
		errors += READ_ONCE(p->errors);
		failovers += READ_ONCE(p->failovers);
	}
	spin_lock_irqsave(&ctrl->ana_state_lock, flags);
	memcpy(t, ns->ana_time, sizeof(t));
	cur = host_ana_index(ns->ana_state);
	if (cur >= 0)
		t[cur] += get_jiffies_64() - ns->ana_since;
	spin_unlock_irqrestore(&ctrl->ana_state_lock, flags);

	seq_printf(m, "nsid %u\n", ns->head->ns_id);
	seq_printf(m, "ana_grpid %u\n", READ_ONCE(ns->ana_grpid));
	seq_printf(m, "ana_state %s\n", nvmeof_host_ana_state_name(READ_ONCE(ns->ana_state)));
	seq_printf(m, "submitted %llu\n", submitted);
	seq_printf(m, "errors %llu\n", errors);
	seq_printf(m, "failovers %llu\n", failovers);
	seq_printf(m, "ctrl_active %d\n", atomic_read(&ctrl->nr_active));
	for (i = 0; i < NVMEOF_HOST_ANA_NR_STATES; i++)
		seq_printf(m, "time_ms_%s %llu\n",
			   nvmeof_host_ana_state_name(host_ana_by_index[i]),
			   (u64)jiffies64_to_msecs(t[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(host_path_stats);

/**
 * nvmeof_host_mpath_init_path() - ANA state and counters of a new path
 * @ns: the path, its disk named, not yet on the controller's list
 * @id: its Identify Namespace data
 *
 * Return: 0 or -ENOMEM.
 */
int nvmeof_host_mpath_init_path(struct nvmeof_host_ns *ns, const struct nvmeof_id_ns *id)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	const struct nvmeof_ana_group_desc *d = NULL;
	u8 state = NVMEOF_ANA_OPTIMIZED;
	unsigned long flags;

	ns->pstats = alloc_percpu(struct nvmeof_host_path_pcpu);
	if (!ns->pstats)
		return -ENOMEM;
	ns->ana_since = get_jiffies_64();
	ns->ana_state = 0;
	if (ctrl->ana_supported) {
		ns->ana_grpid = le32_to_cpu(id->anagrpid);
		if (!ns->ana_grpid || ns->ana_grpid > ctrl->anagrpmax)
			dev_warn(&ctrl->device, "nsid %u: ANA group ID %u (ANAGRPMAX %u)\n",
				 ns->head->ns_id, ns->ana_grpid, ctrl->anagrpmax);
		mutex_lock(&ctrl->ana_lock);
		d = host_ana_lookup(ctrl, ns->head->ns_id, ns->ana_grpid);
		state = d ? d->state & NVMEOF_ANA_STATE_MASK : 0;
		if (d)
			ns->ana_grpid = le32_to_cpu(d->grpid);
		mutex_unlock(&ctrl->ana_lock);
	}
	spin_lock_irqsave(&ctrl->ana_state_lock, flags);
	__host_set_ana_state(ns, state);
	spin_unlock_irqrestore(&ctrl->ana_state_lock, flags);
	/* The log predates the namespace: no state until it is read again. */
	if (ctrl->ana_supported && !d)
		mod_delayed_work(nvmeof_host_wq, &ctrl->ana_work, 0);

	if (ctrl->stats.dir)
		ns->stats_file = debugfs_create_file(ns->disk->disk_name, 0400, ctrl->stats.dir,
						     ns, &host_path_stats_fops);
	return 0;
}

/**
 * nvmeof_host_mpath_update_path() - a rescan found the path again
 * @ns: the path
 * @id: its Identify Namespace data now
 *
 * A namespace moved to another group keeps its state until the ANA log
 * (re-read on the notice that comes with the move) says.
 */
void nvmeof_host_mpath_update_path(struct nvmeof_host_ns *ns, const struct nvmeof_id_ns *id)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	u32 grpid = le32_to_cpu(id->anagrpid);

	if (ctrl->ana_supported && grpid != READ_ONCE(ns->ana_grpid))
		mod_delayed_work(nvmeof_host_wq, &ctrl->ana_work, 0);
}

/**
 * nvmeof_host_mpath_remove_path() - free what nvmeof_host_mpath_init_path() made
 * @ns: the path, nothing in flight on it any more
 */
void nvmeof_host_mpath_remove_path(struct nvmeof_host_ns *ns)
{
	debugfs_remove(ns->stats_file);
	ns->stats_file = NULL;
	free_percpu(ns->pstats);
	ns->pstats = NULL;
}
