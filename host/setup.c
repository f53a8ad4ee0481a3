// SPDX-License-Identifier: GPL-2.0-only
/*
 * Bringing a controller's queues up and down, the same for every transport:
 * admin queue, Connect, enable and identify, queue count, I/O queues and
 * their blk-mq maps. The transport supplies only the queue itself (its
 * socket or queue pair) through struct nvmeof_host_ctrl_ops.
 */
#include <linux/blk-mq.h>

#include <nvmeof/sgl.h>
#include "host.h"

/*
 * Share @nr granted I/O queues out as the options ask, as in-tree does:
 * with nr_write_queues, the default map (writes and the rest) gets that
 * many and the read map nr_io_queues; poll queues come last. A transport
 * that cannot poll gets its poll queues as default ones.
 */
static void host_split_queues(struct nvmeof_host_ctrl *ctrl, u32 nr)
{
	const struct nvmeof_ctrl_opts *o = ctrl->opts;
	u32 *q = ctrl->nr_map_queues;

	memset(ctrl->nr_map_queues, 0, sizeof(ctrl->nr_map_queues));
	if (o->nr_write_queues) {
		q[HCTX_TYPE_DEFAULT] = min(o->nr_write_queues, nr);
		nr -= q[HCTX_TYPE_DEFAULT];
		q[HCTX_TYPE_READ] = min(o->nr_io_queues, nr);
		nr -= q[HCTX_TYPE_READ];
	} else {
		q[HCTX_TYPE_DEFAULT] = min(o->nr_io_queues, nr);
		nr -= q[HCTX_TYPE_DEFAULT];
	}
	if (ctrl->ops->io_mq_ops->poll)
		q[HCTX_TYPE_POLL] = min(o->nr_poll_queues, nr);
	else
		q[HCTX_TYPE_DEFAULT] += min(o->nr_poll_queues, nr);
	/* blk-mq needs a default queue; a poll-only grant gives one up. */
	if (!q[HCTX_TYPE_DEFAULT] && q[HCTX_TYPE_POLL]) {
		q[HCTX_TYPE_DEFAULT] = 1;
		q[HCTX_TYPE_POLL]--;
	}
}

/* Maps the I/O tag set has: fixed by the options, whatever a reconnect grants. */
static unsigned int host_nr_maps(const struct nvmeof_host_ctrl *ctrl)
{
	const struct nvmeof_ctrl_opts *o = ctrl->opts;

	if (o->nr_poll_queues && ctrl->ops->io_mq_ops->poll)
		return HCTX_MAX_TYPES;
	return o->nr_write_queues ? 2 : 1;
}

/**
 * nvmeof_host_map_queues() - blk_mq_ops.map_queues for every transport
 * @set: the controller's I/O tag set
 *
 * Lays the maps out in the order host_split_queues() counted them; with no
 * read queues, reads share the default ones.
 */
void nvmeof_host_map_queues(struct blk_mq_tag_set *set)
{
	struct nvmeof_host_ctrl *ctrl = set->driver_data;
	const u32 *q = ctrl->nr_map_queues;
	unsigned int type, offset = 0;

	for (type = 0; type < set->nr_maps; type++) {
		struct blk_mq_queue_map *map = &set->map[type];

		if (type == HCTX_TYPE_READ && !q[HCTX_TYPE_READ]) {
			map->nr_queues = q[HCTX_TYPE_DEFAULT];
			map->queue_offset = 0;
		} else {
			map->nr_queues = q[type];
			map->queue_offset = offset;
			offset += q[type];
		}
		/* A poll map with no queues stays empty: polled I/O falls back. */
		if (map->nr_queues)
			blk_mq_map_queues(map);
	}
}
EXPORT_SYMBOL_GPL(nvmeof_host_map_queues);

/**
 * nvmeof_host_io_queue_type() - the blk-mq map (hctx type) I/O queue @qid is in
 * @ctrl: the controller, its I/O queues counted out (host_split_queues())
 * @qid:  I/O queue ID (1-based)
 *
 * Read from the split itself, not the tag set's maps: a transport asks while
 * it allocates the queue (an RDMA poll queue needs a polled CQ), before the
 * first connect's tag set exists and before a reconnect remaps it.
 *
 * Return: HCTX_TYPE_DEFAULT, _READ or _POLL, or HCTX_MAX_TYPES if no map
 * holds @qid.
 */
int nvmeof_host_io_queue_type(struct nvmeof_host_ctrl *ctrl, int qid)
{
	const u32 *q = ctrl->nr_map_queues;
	unsigned int type, end = 1;

	if (qid < 1)
		return HCTX_MAX_TYPES;
	/* Laid out as nvmeof_host_map_queues() does: default, read, poll. */
	for (type = 0; type < HCTX_MAX_TYPES; type++) {
		end += q[type];
		if (qid < end)
			return type;
	}
	return HCTX_MAX_TYPES;
}
EXPORT_SYMBOL_GPL(nvmeof_host_io_queue_type);

/* Fabrics Connect on queue @qid, then let it carry commands. */
static int host_start_queue(struct nvmeof_host_ctrl *ctrl, int qid)
{
	int ret;

	ret = nvmeof_host_connect_queue(ctrl, qid);
	if (ret)
		return ret;
	ctrl->ops->queue_live(ctrl, qid);
	return 0;
}

static void host_no_io_queues(struct nvmeof_host_ctrl *ctrl)
{
	ctrl->io_queues = 0;
	ctrl->queue_count = 1;
}

static int host_setup_io(struct nvmeof_host_ctrl *ctrl)
{
	const struct nvmeof_ctrl_opts *o = ctrl->opts;
	const u32 *q = ctrl->nr_map_queues;
	u32 nr = o->nr_io_queues + o->nr_write_queues + o->nr_poll_queues, i;
	int ret;

	if (!nr) {
		host_no_io_queues(ctrl);
		return 0;
	}
	ret = nvmeof_host_set_queue_count(ctrl, &nr);
	if (ret)
		return ret;
	if (!nr) {
		dev_info(&ctrl->device, "no I/O queues granted\n");
		host_no_io_queues(ctrl);
		return 0;
	}
	host_split_queues(ctrl, nr);
	nr = q[HCTX_TYPE_DEFAULT] + q[HCTX_TYPE_READ] + q[HCTX_TYPE_POLL];
	dev_info(&ctrl->device, "%u/%u/%u default/read/poll I/O queues\n",
		 q[HCTX_TYPE_DEFAULT], q[HCTX_TYPE_READ], q[HCTX_TYPE_POLL]);

	for (i = 1; i <= nr; i++) {
		ret = ctrl->ops->alloc_queue(ctrl, i);
		if (ret)
			goto out_free_queues;
	}
	ctrl->io_queues = nr;
	ctrl->queue_count = nr + 1;

	if (!ctrl->tagset) {
		ret = nvmeof_host_alloc_io_tagset(ctrl, &ctrl->io_set, ctrl->ops->io_mq_ops,
						  host_nr_maps(ctrl), ctrl->ops->cmd_size);
		if (ret)
			goto out_free_queues;
		if (ctrl->virt_boundary_mask) {
			ret = nvmeof_blk_set_virt_boundary(ctrl->connect_q,
							   ctrl->virt_boundary_mask);
			if (ret)
				goto out_free_queues;
		}
	} else if (ctrl->tagset->nr_hw_queues != nr) {
		blk_mq_update_nr_hw_queues(ctrl->tagset, nr);
	}

	for (i = 1; i <= nr; i++) {
		ret = host_start_queue(ctrl, i);
		if (ret)
			goto out_stop_queues;
	}
	return 0;

out_stop_queues:
	for (i = 1; i <= nr; i++)
		ctrl->ops->stop_queue(ctrl, i);
	nvmeof_host_cancel_tagset(ctrl->tagset);
out_free_queues:
	/* free_queue is a no-op on a queue that was never allocated. */
	for (i = 1; i <= nr; i++)
		ctrl->ops->free_queue(ctrl, i);
	ctrl->io_queues = 0;
	return ret;
}

/* What the transport can carry, checked against what Identify said. */
static int host_check_ctrl(struct nvmeof_host_ctrl *ctrl)
{
	if (ctrl->icdoff) {
		dev_err(&ctrl->device, "icdoff %u is not supported\n", ctrl->icdoff);
		return -EOPNOTSUPP;
	}
	if (!(ctrl->sgls & ctrl->ops->sgls_needed)) {
		dev_err(&ctrl->device, "the controller has no SGL support that %s can use\n",
			ctrl->ops->name);
		return -EOPNOTSUPP;
	}
	if (ctrl->opts->queue_size > ctrl->sqsize + 1)
		dev_warn(&ctrl->device, "queue_size %u > ctrl sqsize %u, clamping down\n",
			 ctrl->opts->queue_size, ctrl->sqsize + 1);
	return 0;
}

/**
 * nvmeof_host_setup() - connect the admin queue, identify, create the I/O queues
 * @ctrl: the controller, in CONNECTING
 *
 * The tag sets survive reconnects: only the first connect allocates them.
 *
 * Return: 0 or -errno, with every queue this call created torn down again.
 */
int nvmeof_host_setup(struct nvmeof_host_ctrl *ctrl)
{
	int ret;

	clear_bit(NVMEOF_CTRL_ADMIN_Q_STOPPED, &ctrl->flags);
	ret = ctrl->ops->alloc_queue(ctrl, 0);
	if (ret)
		return ret;
	if (!ctrl->admin_tagset) {
		ret = nvmeof_host_alloc_admin_tagset(ctrl, &ctrl->admin_set,
						     ctrl->ops->admin_mq_ops,
						     ctrl->ops->cmd_size);
		if (ret)
			goto out_teardown_admin;
		if (ctrl->virt_boundary_mask) {
			ret = nvmeof_blk_set_virt_boundary(ctrl->admin_q,
							   ctrl->virt_boundary_mask);
			if (ret)
				goto out_teardown_admin;
		}
	}
	ret = host_start_queue(ctrl, 0);
	if (ret)
		goto out_teardown_admin;
	ret = nvmeof_host_init_admin(ctrl);
	if (ret)
		goto out_teardown_admin;
	ret = host_check_ctrl(ctrl);
	if (ret)
		goto out_teardown_admin;

	if (ctrl->opts->discovery) {
		host_no_io_queues(ctrl);
		return 0;
	}
	ret = host_setup_io(ctrl);
	if (ret)
		goto out_teardown_admin;
	return 0;

out_teardown_admin:
	set_bit(NVMEOF_CTRL_ADMIN_Q_STOPPED, &ctrl->flags);
	nvmeof_host_teardown_admin_queue(ctrl, false);
	return ret;
}

/**
 * nvmeof_host_teardown() - stop and free every queue
 * @ctrl:   the controller
 * @remove: also free the tag sets and request queues (it goes away)
 */
void nvmeof_host_teardown(struct nvmeof_host_ctrl *ctrl, bool remove)
{
	nvmeof_host_teardown_io_queues(ctrl, ctrl->io_queues, remove);
	set_bit(NVMEOF_CTRL_ADMIN_Q_STOPPED, &ctrl->flags);
	nvmeof_host_teardown_admin_queue(ctrl, remove);
}
