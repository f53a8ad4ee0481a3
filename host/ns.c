// SPDX-License-Identifier: GPL-2.0-only
/* Subsystems, namespace heads and paths: the disks and the namespace scan. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/idr.h>
#include <linux/bio.h>

#include "host.h"

/* Guards host_subsystems, every subsys->ctrls and subsys->nsheads, and head->list writers. */
static DEFINE_MUTEX(host_subsys_lock);
static LIST_HEAD(host_subsystems);

#define HOST_DSM_MAX_RANGES	256

/* --- subsystems --- */

static void host_subsys_release(struct device *dev)
{
	struct nvmeof_host_subsys *subsys =
		container_of(dev, struct nvmeof_host_subsys, dev);

	if (subsys->instance >= 0)
		ida_free(&nvmeof_instance_ida, subsys->instance);
	ida_destroy(&subsys->ns_ida);
	kfree(subsys);
}

static struct nvmeof_host_subsys *host_find_subsys(const char *subnqn)
{
	struct nvmeof_host_subsys *subsys;

	lockdep_assert_held(&host_subsys_lock);
	/* Every discovery controller is its own subsystem, as in-tree. */
	if (!strcmp(subnqn, NVMEOF_DISC_SUBSYS_NAME))
		return NULL;
	list_for_each_entry(subsys, &host_subsystems, entry) {
		if (!strcmp(subsys->subnqn, subnqn))
			return subsys;
	}
	return NULL;
}

/*
 * May @ctrl join @subsys, found by its NQN? Only as another controller of
 * the same subsystem: a CNTLID no live controller of it has, a subsystem
 * that says it has more than one controller, and the subsystem serial and
 * model the first controller reported. Anything else is a second subsystem
 * (or target) reusing the NQN, and merging its namespaces would corrupt data.
 */
static bool host_may_join(struct nvmeof_host_subsys *subsys, struct nvmeof_host_ctrl *ctrl,
			  const struct nvmeof_id_ctrl *id)
{
	struct nvmeof_host_ctrl *tmp;

	lockdep_assert_held(&host_subsys_lock);
	list_for_each_entry(tmp, &subsys->ctrls, subsys_entry) {
		enum nvmeof_host_state state = nvmeof_host_state(tmp);

		/* A controller on its way out keeps no claim on its CNTLID. */
		if (state == NVMEOF_CTRL_DELETING || state == NVMEOF_CTRL_DELETING_NOIO ||
		    state == NVMEOF_CTRL_DEAD)
			continue;
		if (tmp->cntlid == ctrl->cntlid) {
			dev_err(&ctrl->device,
				"subsystem %s: cntlid %u duplicates %s's, rejecting\n",
				subsys->subnqn, ctrl->cntlid, dev_name(&tmp->device));
			return false;
		}
		/* Discovery controllers make no claims about their subsystem. */
		if (ctrl->opts->discovery)
			continue;
		if (!(id->cmic & NVMEOF_CTRL_CMIC_MULTI_CTRL) ||
		    !(subsys->cmic & NVMEOF_CTRL_CMIC_MULTI_CTRL)) {
			dev_err(&ctrl->device,
				"subsystem %s does not support multiple controllers (CMIC %#x, %s's %#x), rejecting\n",
				subsys->subnqn, id->cmic, dev_name(&tmp->device), subsys->cmic);
			return false;
		}
		if (memcmp(id->sn, subsys->serial, sizeof(subsys->serial)) ||
		    memcmp(id->mn, subsys->model, sizeof(subsys->model))) {
			dev_err(&ctrl->device,
				"subsystem %s: serial or model differs from %s's (another subsystem with this NQN?), rejecting\n",
				subsys->subnqn, dev_name(&tmp->device));
			return false;
		}
	}
	return true;
}

/**
 * nvmeof_host_init_subsystem() - join (or create) the controller's subsystem
 * @ctrl: the controller, identified
 * @id:   its Identify Controller data
 *
 * The subsystem link to the controller exists when this returns: libnvme
 * looks for it right after the /dev/nvme-fabrics write.
 *
 * Return: 0 or -errno.
 */
int nvmeof_host_init_subsystem(struct nvmeof_host_ctrl *ctrl,
			       const struct nvmeof_id_ctrl *id)
{
	struct nvmeof_host_subsys *subsys, *found;
	int ret;

	subsys = kzalloc(sizeof(*subsys), GFP_KERNEL);
	if (!subsys)
		return -ENOMEM;
	subsys->instance = -1;
	INIT_LIST_HEAD(&subsys->ctrls);
	INIT_LIST_HEAD(&subsys->nsheads);
	ida_init(&subsys->ns_ida);
	memcpy(subsys->serial, id->sn, sizeof(subsys->serial));
	memcpy(subsys->model, id->mn, sizeof(subsys->model));
	memcpy(subsys->firmware_rev, id->fr, sizeof(subsys->firmware_rev));
	subsys->iopolicy = READ_ONCE(nvmeof_default_iopolicy);
	subsys->vendor_id = le16_to_cpu(id->vid);
	subsys->cmic = id->cmic;
	subsys->cntrltype = ctrl->cntrltype;
	if (id->subnqn[0])
		strscpy(subsys->subnqn, id->subnqn, sizeof(subsys->subnqn));
	else
		strscpy(subsys->subnqn, ctrl->opts->subsysnqn, sizeof(subsys->subnqn));

	device_initialize(&subsys->dev);
	subsys->dev.class = nvmeof_subsys_class;
	subsys->dev.release = host_subsys_release;
	subsys->dev.groups = nvmeof_subsys_attr_groups;

	mutex_lock(&host_subsys_lock);
	found = host_find_subsys(subsys->subnqn);
	if (found) {
		put_device(&subsys->dev);
		if (!host_may_join(found, ctrl, id)) {
			mutex_unlock(&host_subsys_lock);
			return -EINVAL;
		}
		subsys = found;
		get_device(&subsys->dev);
	} else {
		subsys->instance = ctrl->instance;
		ret = dev_set_name(&subsys->dev, "nvme-subsys%d", subsys->instance);
		if (!ret)
			ret = device_add(&subsys->dev);
		if (ret) {
			/* The controller keeps its instance. */
			subsys->instance = -1;
			mutex_unlock(&host_subsys_lock);
			put_device(&subsys->dev);
			return ret;
		}
		subsys->registered = true;
		list_add_tail(&subsys->entry, &host_subsystems);
	}

	ret = sysfs_create_link(&subsys->dev.kobj, &ctrl->device.kobj,
				dev_name(&ctrl->device));
	if (ret) {
		dev_err(&ctrl->device, "failed to link to subsystem (%d)\n", ret);
		if (list_empty(&subsys->ctrls) && !found) {
			list_del_init(&subsys->entry);
			mutex_unlock(&host_subsys_lock);
			device_del(&subsys->dev);
			/* Freed with the instance: give the controller its own back. */
			subsys->instance = -1;
			put_device(&subsys->dev);
			return ret;
		}
		mutex_unlock(&host_subsys_lock);
		put_device(&subsys->dev);
		return ret;
	}
	ctrl->subsys = subsys;
	list_add_tail(&ctrl->subsys_entry, &subsys->ctrls);
	mutex_unlock(&host_subsys_lock);
	return 0;
}

void nvmeof_host_remove_from_subsystem(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_subsys *subsys = ctrl->subsys;
	bool last;

	if (!subsys)
		return;
	mutex_lock(&host_subsys_lock);
	if (list_empty(&ctrl->subsys_entry)) {
		mutex_unlock(&host_subsys_lock);
		return;
	}
	list_del_init(&ctrl->subsys_entry);
	last = list_empty(&subsys->ctrls);
	if (last)
		list_del_init(&subsys->entry);
	mutex_unlock(&host_subsys_lock);

	sysfs_remove_link(&subsys->dev.kobj, dev_name(&ctrl->device));
	if (last && subsys->registered) {
		subsys->registered = false;
		device_del(&subsys->dev);
	}
	/* The controller's reference goes with the controller. */
}

int nvmeof_host_subsys_init(void)
{
	return 0;
}

void nvmeof_host_subsys_exit(void)
{
	WARN_ON_ONCE(!list_empty(&host_subsystems));
}

/* --- namespace heads --- */

static void host_head_release(struct kref *ref)
{
	struct nvmeof_host_ns_head *head =
		container_of(ref, struct nvmeof_host_ns_head, ref);

	ida_free(&head->subsys->ns_ida, head->instance);
	cleanup_srcu_struct(&head->srcu);
	put_device(&head->subsys->dev);
	kfree(head);
}

void nvmeof_host_get_head(struct nvmeof_host_ns_head *head)
{
	kref_get(&head->ref);
}

void nvmeof_host_put_head(struct nvmeof_host_ns_head *head)
{
	kref_put(&head->ref, host_head_release);
}

/* --- namespace identification --- */

static void host_parse_ns_descs(struct nvmeof_host_ctrl *ctrl, u32 nsid,
				const u8 *data, struct nvmeof_host_ns_ids *ids)
{
	size_t pos = 0;

	while (pos + sizeof(struct nvmeof_ns_id_desc) <= NVMEOF_IDENTIFY_DATA_SIZE) {
		const struct nvmeof_ns_id_desc *d = (const void *)(data + pos);
		size_t want;
		void *dst;

		if (!d->nidl)
			break;
		pos += sizeof(*d);
		if (pos + d->nidl > NVMEOF_IDENTIFY_DATA_SIZE)
			break;
		switch (d->nidt) {
		case NVMEOF_NIDT_EUI64:
			want = NVMEOF_NIDT_EUI64_LEN;
			dst = ids->eui64;
			break;
		case NVMEOF_NIDT_NGUID:
			want = NVMEOF_NIDT_NGUID_LEN;
			dst = ids->nguid;
			break;
		case NVMEOF_NIDT_UUID:
			want = NVMEOF_NIDT_UUID_LEN;
			dst = &ids->uuid;
			break;
		case NVMEOF_NIDT_CSI:
			want = NVMEOF_NIDT_CSI_LEN;
			dst = &ids->csi;
			break;
		default:
			want = 0;
			dst = NULL;
		}
		if (dst && d->nidl == want)
			memcpy(dst, data + pos, want);
		else if (dst)
			dev_warn(&ctrl->device, "nsid %u: bad length %u for NIDT %u\n",
				 nsid, d->nidl, d->nidt);
		pos += d->nidl;
	}
}

/* Return: 0, or -errno when the descriptor list could not be read (@ids partial). */
static int host_ns_ids(struct nvmeof_host_ctrl *ctrl, u32 nsid,
		       const struct nvmeof_id_ns *id, struct nvmeof_host_ns_ids *ids)
{
	u8 *data;
	int ret;

	memset(ids, 0, sizeof(*ids));
	memcpy(ids->eui64, id->eui64, sizeof(ids->eui64));
	memcpy(ids->nguid, id->nguid, sizeof(ids->nguid));
	if (ctrl->vs < NVMEOF_VS(1, 3, 0))
		return 0;
	data = kzalloc(NVMEOF_IDENTIFY_DATA_SIZE, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	ret = nvmeof_host_identify(ctrl, NVMEOF_ID_CNS_NS_DESC_LIST, nsid, data);
	if (!ret)
		host_parse_ns_descs(ctrl, nsid, data, ids);
	kfree(data);
	return ret;
}

static bool host_ids_equal(const struct nvmeof_host_ns_ids *a,
			   const struct nvmeof_host_ns_ids *b)
{
	return uuid_equal(&a->uuid, &b->uuid) &&
	       !memcmp(a->nguid, b->nguid, sizeof(a->nguid)) &&
	       !memcmp(a->eui64, b->eui64, sizeof(a->eui64)) &&
	       a->csi == b->csi;
}

static bool host_ids_zero(const struct nvmeof_host_ns_ids *ids)
{
	return uuid_is_null(&ids->uuid) && !memchr_inv(ids->nguid, 0, sizeof(ids->nguid)) &&
	       !memchr_inv(ids->eui64, 0, sizeof(ids->eui64));
}

/*
 * Does any identifier @ids has also name a head of @subsys? An all-zero
 * field is "not reported", not an identifier, so it never matches.
 */
static struct nvmeof_host_ns_head *host_ids_in_subsys(struct nvmeof_host_subsys *subsys,
						      const struct nvmeof_host_ns_ids *ids)
{
	bool has_uuid = !uuid_is_null(&ids->uuid);
	bool has_nguid = memchr_inv(ids->nguid, 0, sizeof(ids->nguid));
	bool has_eui64 = memchr_inv(ids->eui64, 0, sizeof(ids->eui64));
	struct nvmeof_host_ns_head *h;

	lockdep_assert_held(&host_subsys_lock);
	list_for_each_entry(h, &subsys->nsheads, entry) {
		if ((has_uuid && uuid_equal(&ids->uuid, &h->ids.uuid)) ||
		    (has_nguid && !memcmp(ids->nguid, h->ids.nguid, sizeof(ids->nguid))) ||
		    (has_eui64 && !memcmp(ids->eui64, h->ids.eui64, sizeof(ids->eui64))))
			return h;
	}
	return NULL;
}

/*
 * May a path of @nsid with @ids and @shared join @subsys? Sets *@headp to
 * the head it joins, or NULL for a new one. Refused: identifiers another
 * subsystem's namespace already has (two subsystems claiming one
 * namespace), a second path to a namespace either side calls private, a
 * path whose identifiers are not the head's, and a new namespace whose
 * identifiers another of this subsystem has. Each refusal logs one line.
 */
static bool host_may_join_head(struct nvmeof_host_ctrl *ctrl, u32 nsid,
			       const struct nvmeof_host_ns_ids *ids, bool shared,
			       struct nvmeof_host_ns_head **headp)
{
	struct nvmeof_host_subsys *subsys = ctrl->subsys, *s;
	struct nvmeof_host_ns_head *head = NULL, *h;

	lockdep_assert_held(&host_subsys_lock);
	*headp = NULL;
	list_for_each_entry(s, &host_subsystems, entry) {
		if (s == subsys)
			continue;
		h = host_ids_in_subsys(s, ids);
		if (h) {
			dev_err(&ctrl->device,
				"ignoring nsid %u: its IDs duplicate nsid %u of subsystem %s\n",
				nsid, h->ns_id, s->subnqn);
			return false;
		}
	}
	list_for_each_entry(h, &subsys->nsheads, entry) {
		if (h->ns_id == nsid) {
			head = h;
			break;
		}
	}
	if (!head) {
		h = host_ids_in_subsys(subsys, ids);
		if (h) {
			dev_err(&ctrl->device,
				"ignoring nsid %u: its IDs duplicate nsid %u of this subsystem\n",
				nsid, h->ns_id);
			return false;
		}
		return true;
	}
	if (!shared || !head->shared) {
		dev_err(&ctrl->device, "refusing a second path to unshared namespace %u\n", nsid);
		return false;
	}
	if (!host_ids_equal(&head->ids, ids)) {
		dev_err(&ctrl->device, "refusing a path to shared namespace %u: IDs don't match\n",
			nsid);
		return false;
	}
	*headp = head;
	return true;
}

/* --- disks --- */

/* What Identify Namespace says about write sizes, in bytes. */
struct host_io_sizes {
	u32	bs;		/* logical block */
	u32	phys;		/* smallest write that is neither torn nor read-modify-written */
	u32	io_min;		/* preferred write granularity */
	u32	io_opt;		/* optimal write size, 0 if not reported */
	u32	atomic;		/* atomic write unit (power fail), 0 if none usable */
	u32	atomic_boundary; /* atomic writes may not cross it, 0 for none */
};

/*
 * NPWG and NOWS count only when NSFEAT says they are valid, and NOWS only
 * when non-zero: a target with nothing to say reports 0 (one block, 0's
 * based; the in-tree target does so for a device without an optimal I/O
 * size), and an optimal size of one block would only mislead what reads
 * optimal_io_size (mkfs, LVM stripe and readahead sizing). The in-tree host
 * of 6.12 does the same; 6.1's took NOWS 0 as one block.
 *
 * A write smaller than the atomic write unit may be torn by a power
 * failure, so the physical block is no larger than that unit (NAWUPF when
 * the namespace has its own, else the controller's AWUPF), and only a unit
 * without a boundary offset (NABO 0) is one the block layer can align to;
 * the same unit (and NABSPF's boundary, with NAWUPF) is what RWF_ATOMIC
 * writes may use where the block layer has them.
 */
static void host_io_sizes(const struct nvmeof_host_ctrl *ctrl, const struct nvmeof_id_ns *id,
			  u32 bs, struct host_io_sizes *sz)
{
	u32 atomic = bs, pref = bs;

	sz->bs = bs;
	sz->io_opt = 0;
	sz->atomic = 0;
	sz->atomic_boundary = 0;
	if (id && !id->nabo) {
		if ((id->nsfeat & NVMEOF_NS_FEAT_ATOMICS) && id->nawupf) {
			atomic = bs * (1 + le16_to_cpu(id->nawupf));
			if (id->nabspf)
				sz->atomic_boundary = bs * (1 + le16_to_cpu(id->nabspf));
		} else {
			atomic = bs * (1 + ctrl->awupf);
		}
		sz->atomic = atomic;
	}
	if (id && (id->nsfeat & NVMEOF_NS_FEAT_IO_OPT)) {
		pref = bs * (1 + le16_to_cpu(id->npwg));
		if (id->nows)
			sz->io_opt = bs * (1 + le16_to_cpu(id->nows));
	}
	/* The block layer wants powers of two here; anything else is ignored. */
	if (!is_power_of_2(pref))
		pref = bs;
	if (!is_power_of_2(atomic))
		atomic = bs;
	sz->io_min = pref;
	sz->phys = min(pref, atomic);
}

/*
 * @path: the path disk, which alone takes atomic writes: the head passes
 * bios on unchanged and the block layer does not stack atomic limits onto
 * it (on 6.12; the in-tree head advertises none either).
 */
static void host_set_limits(struct nvmeof_host_ctrl *ctrl, struct request_queue *q,
			    const struct host_io_sizes *sz, bool usable, bool path)
{
	struct nvmeof_blk_limits lim = {
		.logical_block_size	= sz->bs,
		.physical_block_size	= sz->phys,
		.io_min			= sz->io_min,
		.io_opt			= sz->io_opt,
		.max_hw_sectors		= ctrl->max_hw_sectors,
		.max_segments		= ctrl->max_segments,
		.virt_boundary_mask	= ctrl->virt_boundary_mask,
		/*
		 * Buffers need only be dword aligned, as with the in-tree host:
		 * both transports move data by byte offsets (TCP copies or
		 * sends pages at any offset, an RDMA MR starts at any offset of
		 * its first page), so O_DIRECT users of 4-byte aligned buffers
		 * work here as they do there.
		 */
		.dma_alignment		= 3,
		.features		= NVMEOF_BLK_NONROT,
	};
	int ret;

	if (usable && (ctrl->oncs & NVMEOF_CTRL_ONCS_DSM)) {
		lim.discard_granularity = sz->bs;
		/*
		 * No limit of our own (a range's 32-bit block count holds any
		 * bio): discard_max_bytes reads as with the in-tree host, and
		 * the block layer's own 4 GiB cap per request applies to both.
		 */
		lim.max_discard_sectors = UINT_MAX;
		lim.max_discard_segments = HOST_DSM_MAX_RANGES;
	}
	if (usable && (ctrl->oncs & NVMEOF_CTRL_ONCS_WRITE_ZEROES))
		lim.max_write_zeroes_sectors = ctrl->max_hw_sectors;
	if (ctrl->vwc & NVMEOF_CTRL_VWC_PRESENT)
		lim.features |= NVMEOF_BLK_WRITE_CACHE;
	if (usable && path && sz->atomic) {
		lim.atomic_write_max = sz->atomic;
		lim.atomic_write_boundary = sz->atomic_boundary;
		lim.atomic_write_unit_min = sz->bs;
		lim.atomic_write_unit_max = rounddown_pow_of_two(sz->atomic);
	}
	ret = nvmeof_blk_set_limits(q, &lim);
	if (ret)
		dev_warn(&ctrl->device, "queue limits refused (%d)\n", ret);
}

/* Apply Identify Namespace to the path disk and its head. */
static void host_update_disk(struct nvmeof_host_ns *ns, const struct nvmeof_id_ns *id)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	const struct nvmeof_lbaf *lbaf = &id->lbaf[NVMEOF_NS_FLBAS_INDEX(id->flbas)];
	struct host_io_sizes sz;
	sector_t capacity = 0;
	u32 ds = lbaf->ds;
	bool usable = true;

	/* Metadata and block sizes the block layer cannot take leave a 0-size disk. */
	if (ds < SECTOR_SHIFT || ds > PAGE_SHIFT || le16_to_cpu(lbaf->ms)) {
		dev_warn(&ctrl->device, "nsid %u: unsupported format (lbads %u, ms %u)\n",
			 ns->head->ns_id, ds, le16_to_cpu(lbaf->ms));
		ds = SECTOR_SHIFT;
		usable = false;
	}
	ns->lba_shift = ds;
	if (usable)
		capacity = le64_to_cpu(id->nsze) << (ds - SECTOR_SHIFT);

	host_io_sizes(ctrl, usable ? id : NULL, 1U << ds, &sz);
	blk_mq_freeze_queue(ns->queue);
	host_set_limits(ctrl, ns->queue, &sz, usable, true);
	set_capacity_and_notify(ns->disk, capacity);
	if (id->nsattr & NVMEOF_NS_ATTR_WRITE_PROTECTED)
		set_disk_ro(ns->disk, true);
	blk_mq_unfreeze_queue(ns->queue);

	if (ns->head->disk) {
		host_set_limits(ctrl, ns->head->disk->queue, &sz, usable, false);
		set_capacity_and_notify(ns->head->disk, capacity);
	}
}

static struct nvmeof_host_ns_head *host_alloc_head(struct nvmeof_host_ctrl *ctrl,
						   u32 nsid,
						   const struct nvmeof_host_ns_ids *ids,
						   bool shared)
{
	struct nvmeof_host_subsys *subsys = ctrl->subsys;
	struct nvmeof_host_ns_head *head;
	unsigned int features;
	int ret;

	head = kzalloc(struct_size(head, current_path, nr_node_ids), GFP_KERNEL);
	if (!head)
		return ERR_PTR(-ENOMEM);
	ret = ida_alloc_min(&subsys->ns_ida, 1, GFP_KERNEL);
	if (ret < 0)
		goto out_free_head;
	head->instance = ret;
	ret = init_srcu_struct(&head->srcu);
	if (ret)
		goto out_free_instance;
	kref_init(&head->ref);
	INIT_LIST_HEAD(&head->list);
	INIT_LIST_HEAD(&head->entry);
	spin_lock_init(&head->requeue_lock);
	bio_list_init(&head->requeue_list);
	INIT_WORK(&head->requeue_work, nvmeof_host_head_requeue_work);
	head->subsys = subsys;
	head->ns_id = nsid;
	head->ids = *ids;
	head->shared = shared;
	get_device(&subsys->dev);
	/* multipath=N: every controller's path is its own visible disk. */
	if (!nvmeof_multipath)
		return head;

	head->disk = nvmeof_blk_alloc_disk(NUMA_NO_NODE);
	if (!head->disk) {
		ret = -ENOMEM;
		goto out_cleanup_srcu;
	}
	head->disk->fops = &nvmeof_head_fops;
	head->disk->private_data = head;
	sprintf(head->disk->disk_name, "nvme%dn%d", subsys->instance, head->instance);
	/* The head never sleeps on a bio: REQ_NOWAIT (io_uring, AIO) is fine. */
	features = NVMEOF_BLK_NONROT | NVMEOF_BLK_NOWAIT | NVMEOF_BLK_HEAD_IO_STAT;
	/*
	 * Polled bios pass through the head to a path's poll queue (the bio
	 * is remapped, not cloned, so blk-mq polls the path's queue).
	 */
	if (ctrl->tagset && ctrl->tagset->nr_maps > HCTX_TYPE_POLL &&
	    ctrl->tagset->map[HCTX_TYPE_POLL].nr_queues)
		features |= NVMEOF_BLK_POLL;
	ret = nvmeof_blk_set_features(head->disk->queue, features);
	if (ret)
		goto out_put_disk;
	/* The disk's reference, dropped by host_head_free_disk(). */
	kref_get(&head->ref);
	return head;

out_put_disk:
	put_disk(head->disk);
out_cleanup_srcu:
	put_device(&subsys->dev);
	cleanup_srcu_struct(&head->srcu);
out_free_instance:
	ida_free(&subsys->ns_ida, head->instance);
out_free_head:
	kfree(head);
	return ERR_PTR(ret);
}

static void host_ns_release(struct kref *ref)
{
	struct nvmeof_host_ns *ns = container_of(ref, struct nvmeof_host_ns, ref);

	if (ns->head)
		nvmeof_host_put_head(ns->head);
	nvmeof_host_put_ctrl(ns->ctrl);
	kfree(ns);
}

/**
 * nvmeof_host_put_ns() - drop a namespace reference
 * @ns: the path; its disk, head and controller outlive the last reference
 */
void nvmeof_host_put_ns(struct nvmeof_host_ns *ns)
{
	kref_put(&ns->ref, host_ns_release);
}

static struct nvmeof_host_ns *host_find_ns(struct nvmeof_host_ctrl *ctrl, u32 nsid)
{
	struct nvmeof_host_ns *ns, *found = NULL;

	down_read(&ctrl->namespaces_rwsem);
	list_for_each_entry(ns, &ctrl->namespaces, entry) {
		if (ns->head->ns_id == nsid) {
			found = ns;
			break;
		}
	}
	up_read(&ctrl->namespaces_rwsem);
	return found;
}

static void host_alloc_ns(struct nvmeof_host_ctrl *ctrl, u32 nsid,
			  const struct nvmeof_id_ns *id)
{
	struct nvmeof_host_subsys *subsys = ctrl->subsys;
	bool shared = id->nmic & NVMEOF_NS_NMIC_SHARED;
	struct nvmeof_host_ns_head *head;
	struct nvmeof_host_ns_ids ids;
	struct nvmeof_host_ns *ns;
	bool new_head = false;
	int ret;

	host_ns_ids(ctrl, nsid, id, &ids);
	/* As in-tree, not refused: such paths are told apart by NSID alone. */
	if (host_ids_zero(&ids))
		dev_warn(&ctrl->device, "nsid %u reports no EUI-64, NGUID or UUID\n", nsid);

	ns = kzalloc(sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return;
	/* Head ioctls may hold a path past its removal: it pins what they use. */
	kref_init(&ns->ref);
	ns->ctrl = ctrl;
	nvmeof_host_get_ctrl(ctrl);
	INIT_LIST_HEAD(&ns->entry);
	INIT_LIST_HEAD(&ns->siblings);

	ns->disk = nvmeof_blk_mq_alloc_disk(ctrl->tagset, ns);
	if (IS_ERR(ns->disk)) {
		dev_err(&ctrl->device, "nsid %u: no disk (%ld)\n", nsid, PTR_ERR(ns->disk));
		goto out_put_ns;
	}
	ns->queue = ns->disk->queue;
	blk_queue_rq_timeout(ns->queue, nvmeof_io_timeout * HZ);

	mutex_lock(&host_subsys_lock);
	if (!host_may_join_head(ctrl, nsid, &ids, shared, &head)) {
		mutex_unlock(&host_subsys_lock);
		goto out_put_disk;
	}
	if (!head) {
		head = host_alloc_head(ctrl, nsid, &ids, shared);
		if (IS_ERR(head)) {
			mutex_unlock(&host_subsys_lock);
			goto out_put_disk;
		}
		list_add_tail(&head->entry, &subsys->nsheads);
		new_head = true;
	}
	ns->head = head;
	list_add_tail_rcu(&ns->siblings, &head->list);
	mutex_unlock(&host_subsys_lock);
	nvmeof_host_get_head(head);

	ns->disk->fops = &nvmeof_path_fops;
	ns->disk->private_data = ns;
	if (head->disk) {
		ns->disk->flags |= GENHD_FL_HIDDEN;
		sprintf(ns->disk->disk_name, "nvme%dc%dn%d", subsys->instance,
			ctrl->instance, head->instance);
	} else {
		/* multipath=N names the disk by controller, as in-tree. */
		sprintf(ns->disk->disk_name, "nvme%dn%d", ctrl->instance, head->instance);
	}
	ret = nvmeof_host_mpath_init_path(ns, id);
	if (ret)
		goto out_unlink;
	host_update_disk(ns, id);

	ret = device_add_disk(&ctrl->device, ns->disk, nvmeof_ns_attr_groups);
	if (ret) {
		dev_err(&ctrl->device, "nsid %u: adding the path disk failed (%d)\n",
			nsid, ret);
		goto out_unlink;
	}
	ns->disk_added = true;
	/* Dropped by the disk's free_disk, once its last opener is gone. */
	kref_get(&ns->ref);
	/* Its capacity is set and its queue takes I/O: the head may pick it. */
	WRITE_ONCE(ns->ready, true);

	down_write(&ctrl->namespaces_rwsem);
	list_add_tail(&ns->entry, &ctrl->namespaces);
	up_write(&ctrl->namespaces_rwsem);

	if (new_head && head->disk) {
		ret = device_add_disk(&subsys->dev, head->disk, nvmeof_ns_attr_groups);
		if (ret)
			dev_err(&ctrl->device, "nsid %u: adding the head disk failed (%d)\n",
				nsid, ret);
		else
			head->disk_added = true;
		if (head->disk_added)
			nvmeof_host_head_add_cdev(head);
	}
	kblockd_schedule_work(&head->requeue_work);
	return;

out_unlink:
	/* Never ready, so never selected: no bio can be on its way to it. */
	mutex_lock(&host_subsys_lock);
	list_del_rcu(&ns->siblings);
	if (list_empty(&head->list))
		list_del_init(&head->entry);
	else
		new_head = false;
	mutex_unlock(&host_subsys_lock);
	nvmeof_host_mpath_clear_current(ns);
	synchronize_srcu(&head->srcu);
	nvmeof_host_mpath_remove_path(ns);
	if (new_head) {
		if (head->disk)
			put_disk(head->disk);
		kref_put(&head->ref, host_head_release);
	}
out_put_disk:
	put_disk(ns->disk);
out_put_ns:
	nvmeof_host_put_ns(ns);
}

/*
 * The head remaps a bio to a path inside its srcu section, but the block
 * layer enters the path's queue only once ->submit_bio has returned (it
 * defers submissions made from one), and the submitter can be preempted in
 * between for as long as the scheduler or the hypervisor likes. A bio that
 * meets the path disk after del_gendisk() ends in EIO although another
 * path is live. Nothing in that stretch sleeps (unless the path must split
 * the bio again, its limits narrower than the head's, and memory is short),
 * so after an RCU-tasks grace period (every task past a voluntary switch or
 * in user mode) each bio that chose the path before it stopped being
 * selectable is inside the path's queue, where del_gendisk() waits for it
 * and a dying controller fails it over to the head.
 *
 * host_ns_unselect() takes @ns out of selection and returns whether that
 * wait is owed: only when a head disk remaps to it and another path may
 * take the retried I/O.
 */
static bool host_ns_unselect(struct nvmeof_host_ns *ns)
{
	struct nvmeof_host_ns_head *head = ns->head;
	bool others;

	WRITE_ONCE(ns->removing, true);
	nvmeof_host_mpath_clear_current(ns);
	synchronize_srcu(&head->srcu);
	mutex_lock(&host_subsys_lock);
	others = !list_is_singular(&head->list);
	mutex_unlock(&host_subsys_lock);
	return head->disk && others;
}

/* @ns is unselected and its deferred submissions are in (host_ns_unselect()). */
static void host_ns_remove_unselected(struct nvmeof_host_ns *ns)
{
	struct nvmeof_host_ctrl *ctrl = ns->ctrl;
	struct nvmeof_host_ns_head *head = ns->head;
	bool last;

	mutex_lock(&host_subsys_lock);
	list_del_rcu(&ns->siblings);
	last = list_empty(&head->list);
	if (last)
		list_del_init(&head->entry);
	mutex_unlock(&host_subsys_lock);
	/* A round-robin walk may have cached it again as the old path. */
	nvmeof_host_mpath_clear_current(ns);
	synchronize_srcu(&head->srcu);

	/* Parked bios go to another path, or fail when none is left. */
	kblockd_schedule_work(&head->requeue_work);
	if (last && head->disk_added) {
		nvmeof_host_head_del_cdev(head);
		del_gendisk(head->disk);
		head->disk_added = false;
	}

	down_write(&ctrl->namespaces_rwsem);
	list_del_init(&ns->entry);
	up_write(&ctrl->namespaces_rwsem);

	if (ns->disk_added)
		del_gendisk(ns->disk);
	nvmeof_host_mpath_remove_path(ns);
	put_disk(ns->disk);

	if (last) {
		kblockd_schedule_work(&head->requeue_work);
		flush_work(&head->requeue_work);
		if (head->disk)
			put_disk(head->disk);
		kref_put(&head->ref, host_head_release);
	}
	nvmeof_host_put_ns(ns);
}

static void host_ns_remove(struct nvmeof_host_ns *ns)
{
	if (host_ns_unselect(ns))
		synchronize_rcu_tasks();
	host_ns_remove_unselected(ns);
}

/**
 * nvmeof_host_remove_namespaces() - remove every path of a controller
 * @ctrl: the controller, being deleted
 *
 * All paths leave selection first, so that one grace period covers them.
 */
void nvmeof_host_remove_namespaces(struct nvmeof_host_ctrl *ctrl)
{
	struct nvmeof_host_ns *ns, *next;
	bool wait = false;
	LIST_HEAD(list);

	down_write(&ctrl->namespaces_rwsem);
	list_splice_init(&ctrl->namespaces, &list);
	up_write(&ctrl->namespaces_rwsem);

	list_for_each_entry(ns, &list, entry)
		wait |= host_ns_unselect(ns);
	if (wait)
		synchronize_rcu_tasks();
	list_for_each_entry_safe(ns, next, &list, entry)
		host_ns_remove_unselected(ns);
}

/* --- scan --- */

#define HOST_NS_LIST_ENTRIES	(NVMEOF_IDENTIFY_DATA_SIZE / sizeof(__le32))

/*
 * Identify Namespace @nsid. Return: 1 active, 0 inactive (the controller
 * says so: Invalid Namespace, or no capacity), -errno when we cannot tell.
 */
static int host_identify_ns(struct nvmeof_host_ctrl *ctrl, u32 nsid,
			    struct nvmeof_id_ns *id)
{
	struct nvmeof_sqe sqe = { };
	struct nvmeof_cqe cqe = { };
	int ret;

	sqe.opcode = NVMEOF_ADMIN_IDENTIFY;
	sqe.nsid = cpu_to_le32(nsid);
	sqe.cdw10 = cpu_to_le32(NVMEOF_ID_CNS_NS);
	ret = nvmeof_host_submit_sync(ctrl, ctrl->admin_q, &sqe, id, sizeof(*id),
				      NVMEOF_REQ_INTERNAL, -1, &cqe);
	if (ret == -EIO && NVMEOF_SC_CODE(nvmeof_cqe_status(&cqe)) == NVMEOF_SC_INVALID_NS)
		return 0;
	if (ret)
		return ret;
	return id->ncap ? 1 : 0;
}

/* Add, update or (@remove_inactive) remove the path of @nsid as Identify says. */
static void host_scan_one(struct nvmeof_host_ctrl *ctrl, u32 nsid,
			  struct nvmeof_id_ns *id, bool remove_inactive)
{
	struct nvmeof_host_ns *ns;
	int active = host_identify_ns(ctrl, nsid, id);

	if (active < 0)
		return;
	ns = host_find_ns(ctrl, nsid);
	if (!active) {
		if (ns && remove_inactive)
			host_ns_remove(ns);
		return;
	}
	if (ns) {
		struct nvmeof_host_ns_ids ids;

		/*
		 * Another namespace behind the same NSID: the disk must not
		 * go on with its data, so the path goes (a later scan adds
		 * the new namespace as what it is).
		 */
		/* Half-read identifiers prove nothing: judge at the next scan. */
		if (host_ns_ids(ctrl, nsid, id, &ids))
			return;
		if (!host_ids_equal(&ns->head->ids, &ids)) {
			dev_err(&ctrl->device, "identifiers changed for nsid %u\n", nsid);
			host_ns_remove(ns);
			return;
		}
		host_update_disk(ns, id);
		nvmeof_host_mpath_update_path(ns, id);
		return;
	}
	host_alloc_ns(ctrl, nsid, id);
}

/*
 * After a namespace-attribute notice: read the Changed Namespace log, which
 * also re-arms the notice, and look at the NSIDs it lists. Return: false
 * when a full scan is needed (the log overflowed or could not be read).
 */
static bool host_scan_changed(struct nvmeof_host_ctrl *ctrl, struct nvmeof_id_ns *id)
{
	struct nvmeof_changed_ns_log *log;
	bool done = false;
	u32 i, nsid;

	log = kzalloc(sizeof(*log), GFP_KERNEL);
	if (!log)
		return false;
	if (nvmeof_host_get_log(ctrl, NVMEOF_LOG_CHANGED_NS, 0, NVMEOF_NSID_ALL,
				log, sizeof(*log))) {
		dev_warn(&ctrl->device, "reading the changed namespace log failed\n");
		goto out_free;
	}
	if (le32_to_cpu(log->nsid[0]) == NVMEOF_NSID_ALL)
		goto out_free;
	for (i = 0; i < ARRAY_SIZE(log->nsid); i++) {
		nsid = le32_to_cpu(log->nsid[i]);
		if (!nsid)
			break;
		if (nsid == NVMEOF_NSID_ALL)
			goto out_free;
		host_scan_one(ctrl, nsid, id, true);
	}
	done = true;
out_free:
	kfree(log);
	return done;
}

/* Remove the paths whose NSID is not in @seen (sorted, @n entries). */
static void host_remove_invalid(struct nvmeof_host_ctrl *ctrl, const u32 *seen,
				unsigned int n)
{
	struct nvmeof_host_ns *ns, *next;
	LIST_HEAD(rm);
	unsigned int i;

	down_write(&ctrl->namespaces_rwsem);
	list_for_each_entry_safe(ns, next, &ctrl->namespaces, entry) {
		bool found = false;

		for (i = 0; i < n; i++) {
			if (seen[i] == ns->head->ns_id) {
				found = true;
				break;
			}
		}
		if (!found)
			list_move_tail(&ns->entry, &rm);
	}
	up_write(&ctrl->namespaces_rwsem);

	list_for_each_entry_safe(ns, next, &rm, entry)
		host_ns_remove(ns);
}

void nvmeof_host_scan_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(work, struct nvmeof_host_ctrl,
						     scan_work);
	struct nvmeof_id_ns *id;
	__le32 *list;
	u32 *seen;
	unsigned int n = 0, i, max_seen = 1024;
	u32 prev = 0;

	if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE || !ctrl->tagset)
		return;

	list = kmalloc(NVMEOF_IDENTIFY_DATA_SIZE, GFP_KERNEL);
	id = kmalloc(sizeof(*id), GFP_KERNEL);
	seen = kcalloc(max_seen, sizeof(*seen), GFP_KERNEL);
	if (!list || !id || !seen)
		goto out_free;

	mutex_lock(&ctrl->scan_lock);
	if (test_and_clear_bit(NVMEOF_CTRL_NS_CHANGED, &ctrl->flags) &&
	    host_scan_changed(ctrl, id))
		goto out_unlock;
	for (;;) {
		if (nvmeof_host_identify(ctrl, NVMEOF_ID_CNS_NS_ACTIVE_LIST, prev, list)) {
			dev_warn(&ctrl->device, "active namespace list failed\n");
			goto out_unlock;
		}
		for (i = 0; i < HOST_NS_LIST_ENTRIES; i++) {
			u32 nsid = le32_to_cpu(list[i]);

			if (!nsid || nsid <= prev)
				break;
			host_scan_one(ctrl, nsid, id, false);
			if (n < max_seen)
				seen[n++] = nsid;
			prev = nsid;
		}
		if (i < HOST_NS_LIST_ENTRIES || n >= max_seen)
			break;
	}
	if (n < max_seen)
		host_remove_invalid(ctrl, seen, n);
out_unlock:
	mutex_unlock(&ctrl->scan_lock);
out_free:
	kfree(seen);
	kfree(id);
	kfree(list);
}

/**
 * nvmeof_host_ns_changed() - a namespace-attribute notice arrived
 * @ctrl: the controller
 *
 * The scan reads the Changed Namespace log and looks at what it lists.
 */
void nvmeof_host_ns_changed(struct nvmeof_host_ctrl *ctrl)
{
	set_bit(NVMEOF_CTRL_NS_CHANGED, &ctrl->flags);
	queue_work(nvmeof_host_wq, &ctrl->scan_work);
}
