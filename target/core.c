// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target core: objects and lifetimes, transports, controllers, requests, AENs. */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/slab.h>
#include <linux/idr.h>
#include <linux/random.h>
#include <linux/rwsem.h>
#include <linux/kmod.h>
#include <linux/ktime.h>
#include <linux/inet.h>
#include <generated/utsrelease.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/nqn.h>
#include <nvmeof/sgl.h>
#include <nvmeof/nvmeof_trace.h>
#include "target.h"

DECLARE_RWSEM(nvmeof_tgt_config_sem);
LIST_HEAD(nvmeof_tgt_ports);
struct nvmeof_tgt_subsys *nvmeof_tgt_disc_subsys;
struct workqueue_struct *nvmeof_tgt_wq;
u32 nvmeof_tgt_ana_group_enabled[NVMEOF_TGT_MAX_ANAGRPS + 1];
EXPORT_SYMBOL_GPL(nvmeof_tgt_config_sem);
EXPORT_SYMBOL_GPL(nvmeof_tgt_wq);

/* Guards tgt_transports[]: registration vs port enable. */
static DEFINE_MUTEX(tgt_transports_lock);
static const struct nvmeof_tgt_fabrics_ops *tgt_transports[U8_MAX + 1];

/* Controller IDs are unique target-wide, which also makes them unique per subsystem. */
static DEFINE_IDA(tgt_cntlid_ida);

/* ANA change count, reported in the ANA log; bumped on every ANA change. */
static atomic64_t tgt_ana_chgcnt = ATOMIC64_INIT(1);

/* One AEN waiting for a parked Asynchronous Event Request. */
struct tgt_async_event {
	struct list_head	entry;
	u8			type;
	u8			info;
	u8			lid;
};

/* --- transports --- */

/**
 * nvmeof_tgt_port_sockaddr() - a port's configured address as a sockaddr
 * @nport: the port (adrfam, traddr, trsvcid from configfs)
 * @addr:  where to put it
 *
 * For the IP transports (TCP, RDMA CM); logs why an address is refused.
 *
 * Return: 0 or -EINVAL.
 */
int nvmeof_tgt_port_sockaddr(struct nvmeof_tgt_port *nport, struct sockaddr_storage *addr)
{
	u16 af;

	switch (nport->disc_addr.adrfam) {
	case NVMEOF_ADRFAM_IP4:
		af = AF_INET;
		break;
	case NVMEOF_ADRFAM_IP6:
		af = AF_INET6;
		break;
	default:
		pr_err("port %u: address family %u is not IPv4 or IPv6\n",
		       nport->portid, nport->disc_addr.adrfam);
		return -EINVAL;
	}
	if (inet_pton_with_scope(&init_net, af, nport->disc_addr.traddr,
				 nport->disc_addr.trsvcid, addr)) {
		pr_err("port %u: bad address '%.*s' port '%.*s'\n", nport->portid,
		       NVMEOF_TRADDR_SIZE, nport->disc_addr.traddr,
		       NVMEOF_TRSVCID_SIZE, nport->disc_addr.trsvcid);
		return -EINVAL;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_port_sockaddr);

/**
 * nvmeof_tgt_register_transport() - make a transport available to ports.
 * @ops: the transport's ops, static for the module's lifetime
 *
 * Return: 0, -EINVAL for a bogus @ops, or -EBUSY if @ops->type is taken.
 */
int nvmeof_tgt_register_transport(const struct nvmeof_tgt_fabrics_ops *ops)
{
	int ret = 0;

	if (WARN_ON_ONCE(!ops || !ops->add_port || !ops->remove_port ||
			 !ops->queue_response || !ops->delete_ctrl))
		return -EINVAL;
	mutex_lock(&tgt_transports_lock);
	if (tgt_transports[ops->type])
		ret = -EBUSY;
	else
		tgt_transports[ops->type] = ops;
	mutex_unlock(&tgt_transports_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_register_transport);

/**
 * nvmeof_tgt_unregister_transport() - withdraw a transport.
 * @ops: as registered
 *
 * No port can still use it: enabled ports hold a module reference.
 */
void nvmeof_tgt_unregister_transport(const struct nvmeof_tgt_fabrics_ops *ops)
{
	mutex_lock(&tgt_transports_lock);
	if (tgt_transports[ops->type] == ops)
		tgt_transports[ops->type] = NULL;
	mutex_unlock(&tgt_transports_lock);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_unregister_transport);

/* Returns the transport with a module reference held, or NULL. */
static const struct nvmeof_tgt_fabrics_ops *tgt_transport_get(u8 trtype)
{
	const struct nvmeof_tgt_fabrics_ops *ops;

	mutex_lock(&tgt_transports_lock);
	ops = tgt_transports[trtype];
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	mutex_unlock(&tgt_transports_lock);
	return ops;
}

/*
 * The queue size a param_max_queue_size value means: negative is the
 * largest we offer, anything else is clamped to what a queue may be.
 */
static int tgt_queue_size(int val)
{
	if (val < 0)
		return NVMEOF_TGT_MAX_QUEUE_SIZE;
	return clamp_t(int, val, NVMEOF_TGT_MIN_QUEUE_SIZE, NVMEOF_TGT_MAX_QUEUE_SIZE);
}

/**
 * nvmeof_tgt_port_enable() - start listening on a port.
 * @port: configured port; caller holds nvmeof_tgt_config_sem for write
 *
 * Loads the transport module on demand and pins it while the port is enabled.
 *
 * Return: 0 or -errno.
 */
int nvmeof_tgt_port_enable(struct nvmeof_tgt_port *port)
{
	u8 trtype = nvmeof_tgt_port_trtype(port);
	const struct nvmeof_tgt_fabrics_ops *ops;
	int ret;

	lockdep_assert_held(&nvmeof_tgt_config_sem);
	if (port->enabled)
		return 0;
	ops = tgt_transport_get(trtype);
	if (!ops) {
		/*
		 * The transport registers under tgt_transports_lock only, so
		 * loading it while we hold config_sem cannot deadlock.
		 */
		request_module("nvmeof-transport-%d", trtype);
		ops = tgt_transport_get(trtype);
	}
	if (!ops) {
		pr_err("port %u: transport type %u not available\n", port->portid, trtype);
		return -EINVAL;
	}

	ret = ops->add_port(port);
	if (ret)
		goto out_put_module;
	/*
	 * Written back, so param_max_queue_size then reads the size in force,
	 * as in-tree.
	 */
	port->max_queue_size = tgt_queue_size(port->max_queue_size);
	port->tr_ops = ops;
	port->enabled = true;
	return 0;

out_put_module:
	module_put(ops->owner);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_port_enable);

/**
 * nvmeof_tgt_port_disable() - stop listening and drop the port's controllers.
 * @port: enabled port; caller holds nvmeof_tgt_config_sem for write
 */
void nvmeof_tgt_port_disable(struct nvmeof_tgt_port *port)
{
	const struct nvmeof_tgt_fabrics_ops *ops = port->tr_ops;
	struct nvmeof_tgt_subsys_link *link;

	lockdep_assert_held(&nvmeof_tgt_config_sem);
	if (!port->enabled || WARN_ON_ONCE(!ops))
		return;
	port->enabled = false;
	/* Controllers point at the port: they must not outlive it. */
	list_for_each_entry(link, &port->subsystems, entry)
		nvmeof_tgt_port_del_ctrls(port, link->subsys);
	nvmeof_tgt_port_del_ctrls(port, nvmeof_tgt_disc_subsys);
	ops->remove_port(port);
	port->tr_ops = NULL;
	module_put(ops->owner);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_port_disable);

/**
 * nvmeof_tgt_port_del_ctrls() - delete @subsys's controllers connected through @port.
 * @port:   the port
 * @subsys: the subsystem; caller does not hold its lock
 */
void nvmeof_tgt_port_del_ctrls(struct nvmeof_tgt_port *port,
			       struct nvmeof_tgt_subsys *subsys)
{
	struct nvmeof_tgt_ctrl *ctrl;

	mutex_lock(&subsys->lock);
	list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry)
		if (ctrl->port == port)
			ctrl->ops->delete_ctrl(ctrl);
	mutex_unlock(&subsys->lock);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_port_del_ctrls);

/*
 * Queues the ANA change notice for @subsys's controllers connected through
 * @port (every port when NULL), unless the host turned the event off or one
 * is already pending until it reads the log.
 */
static void tgt_subsys_send_ana_event(struct nvmeof_tgt_subsys *subsys,
				      struct nvmeof_tgt_port *port)
{
	struct nvmeof_tgt_ctrl *ctrl;

	mutex_lock(&subsys->lock);
	list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry) {
		if ((port && ctrl->port != port) ||
		    nvmeof_tgt_aen_bit_disabled(ctrl, ilog2(NVMEOF_AEN_CFG_ANA_CHANGE)))
			continue;
		nvmeof_tgt_add_async_event(ctrl, NVMEOF_AER_TYPE_NOTICE,
					   NVMEOF_AER_NOTICE_ANA, NVMEOF_LOG_ANA);
	}
	mutex_unlock(&subsys->lock);
}

/**
 * nvmeof_tgt_port_ana_changed() - an ANA group's state on @port changed.
 * @port:  the port; caller holds nvmeof_tgt_config_sem
 * @grpid: the group (for the trace only: hosts re-read the whole ANA log)
 *
 * Bumps the change count and notifies the controllers of @port, of every
 * subsystem it exports; those of other ports see no change.
 */
void nvmeof_tgt_port_ana_changed(struct nvmeof_tgt_port *port, u32 grpid)
{
	struct nvmeof_tgt_subsys_link *link;

	atomic64_inc(&tgt_ana_chgcnt);
	trace_nvmeof_ana_change(true, port->portid, grpid, READ_ONCE(port->ana_state[grpid]));
	list_for_each_entry(link, &port->subsystems, entry)
		tgt_subsys_send_ana_event(link->subsys, port);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_port_ana_changed);

/**
 * nvmeof_tgt_ns_ana_moved() - a namespace of @subsys changed ANA group.
 * @subsys: the subsystem; caller holds nvmeof_tgt_config_sem, not subsys->lock
 *
 * Bumps the change count and notifies every controller of @subsys, whatever
 * its port: the namespace's state may change through each of them.
 */
void nvmeof_tgt_ns_ana_moved(struct nvmeof_tgt_subsys *subsys)
{
	atomic64_inc(&tgt_ana_chgcnt);
	tgt_subsys_send_ana_event(subsys, NULL);
}

/**
 * nvmeof_tgt_ana_chgcnt() - the current ANA change count.
 *
 * Return: the count (never 0).
 */
u64 nvmeof_tgt_ana_chgcnt(void)
{
	return atomic64_read(&tgt_ana_chgcnt);
}

/* --- subsystems --- */

/**
 * nvmeof_tgt_subsys_alloc() - create a subsystem.
 * @nqn:  its NQN
 * @type: NVM or discovery
 *
 * Return: the subsystem with one reference, or ERR_PTR(-errno).
 */
struct nvmeof_tgt_subsys *nvmeof_tgt_subsys_alloc(const char *nqn,
						  enum nvmeof_tgt_subsys_type type)
{
	struct nvmeof_tgt_subsys *subsys;

	if (!nqn || !nvmeof_nqn_valid_loose(nqn, NVMEOF_NQN_FIELD_LEN))
		return ERR_PTR(-EINVAL);
	subsys = kzalloc(sizeof(*subsys), GFP_KERNEL);
	if (!subsys)
		return ERR_PTR(-ENOMEM);
	subsys->subsysnqn = kstrdup(nqn, GFP_KERNEL);
	if (!subsys->subsysnqn) {
		kfree(subsys);
		return ERR_PTR(-ENOMEM);
	}
	subsys->type = type;
	kref_init(&subsys->ref);
	mutex_init(&subsys->lock);
	xa_init(&subsys->namespaces);
	INIT_LIST_HEAD(&subsys->ctrls);
	INIT_LIST_HEAD(&subsys->hosts);
	subsys->ver = NVMEOF_TGT_DEFAULT_VS;
	/* A random serial, as hosts use it to tell subsystems apart. */
	snprintf(subsys->serial, sizeof(subsys->serial), "%016llx", get_random_u64());
	subsys->cntlid_min = NVMEOF_TGT_CNTLID_MIN;
	subsys->cntlid_max = NVMEOF_TGT_CNTLID_MAX;
	subsys->max_qid = type == NVMEOF_TGT_SUBSYS_DISCOVERY ? 0 : NVMEOF_TGT_MAX_QID;
	/* In-tree's default FR: the release of the kernel we were built for. */
	strscpy(subsys->firmware, UTS_RELEASE, sizeof(subsys->firmware));
	return subsys;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_subsys_alloc);

static void tgt_subsys_free(struct kref *ref)
{
	struct nvmeof_tgt_subsys *subsys = container_of(ref, struct nvmeof_tgt_subsys, ref);

	WARN_ON_ONCE(!list_empty(&subsys->ctrls));
	xa_destroy(&subsys->namespaces);
	kfree(subsys->model);
	kfree(subsys->subsysnqn);
	kfree(subsys);
}

/**
 * nvmeof_tgt_subsys_put() - drop a subsystem reference.
 * @subsys: the subsystem
 */
void nvmeof_tgt_subsys_put(struct nvmeof_tgt_subsys *subsys)
{
	kref_put(&subsys->ref, tgt_subsys_free);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_subsys_put);

/**
 * nvmeof_tgt_subsys_del_ctrls() - delete every controller of @subsys.
 * @subsys: the subsystem; caller does not hold its lock
 *
 * Deletion is asynchronous: the controllers go when their queues do.
 */
void nvmeof_tgt_subsys_del_ctrls(struct nvmeof_tgt_subsys *subsys)
{
	struct nvmeof_tgt_ctrl *ctrl;

	mutex_lock(&subsys->lock);
	list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry)
		ctrl->ops->delete_ctrl(ctrl);
	mutex_unlock(&subsys->lock);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_subsys_del_ctrls);

/**
 * nvmeof_tgt_disc_rename() - give the discovery subsystem a new NQN (discovery_nqn).
 * @nqn: the new name, kmalloc'ed and checked; the subsystem owns it from now on
 *
 * Connects naming the old name (unless it is the well-known one) find nothing
 * from now on. The name changes under disc->lock too, since Identify
 * Controller reads it under that lock alone. Caller holds
 * nvmeof_tgt_config_sem for write and no subsys->lock.
 */
void nvmeof_tgt_disc_rename(char *nqn)
{
	struct nvmeof_tgt_subsys *disc = nvmeof_tgt_disc_subsys;

	lockdep_assert_held(&nvmeof_tgt_config_sem);
	mutex_lock(&disc->lock);
	swap(disc->subsysnqn, nqn);
	mutex_unlock(&disc->lock);
	kfree(nqn);
	/* Every log's own entry now names it: a new generation, an AEN. */
	nvmeof_tgt_discovery_changed(NULL, NULL);
}

/**
 * nvmeof_tgt_subsys_model() - the model number string of @subsys.
 * @subsys: the subsystem
 *
 * Return: the configured model, or the default.
 */
const char *nvmeof_tgt_subsys_model(const struct nvmeof_tgt_subsys *subsys)
{
	return subsys->model ? subsys->model : NVMEOF_TGT_DEFAULT_MODEL;
}

/* Caller holds subsys->lock. */
static bool __tgt_host_allowed(struct nvmeof_tgt_subsys *subsys, const char *hostnqn)
{
	struct nvmeof_tgt_host_link *link;

	lockdep_assert_held(&subsys->lock);
	if (subsys->type == NVMEOF_TGT_SUBSYS_DISCOVERY || subsys->allow_any_host)
		return true;
	list_for_each_entry(link, &subsys->hosts, entry) {
		if (!strcmp(config_item_name(&link->host->group.cg_item), hostnqn))
			return true;
	}
	return false;
}

/**
 * nvmeof_tgt_host_allowed() - may @hostnqn connect to @subsys.
 * @subsys:  the subsystem; caller holds nvmeof_tgt_config_sem, not subsys->lock
 * @hostnqn: the host's NQN
 *
 * Return: true for the discovery subsystem, with allow_any_host, or when
 * @hostnqn is linked under allowed_hosts.
 */
bool nvmeof_tgt_host_allowed(struct nvmeof_tgt_subsys *subsys, const char *hostnqn)
{
	bool allowed;

	if (subsys->type == NVMEOF_TGT_SUBSYS_DISCOVERY)
		return true;
	mutex_lock(&subsys->lock);
	allowed = __tgt_host_allowed(subsys, hostnqn);
	mutex_unlock(&subsys->lock);
	return allowed;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_host_allowed);

static bool acl_drop_live;
module_param(acl_drop_live, bool, 0644);
MODULE_PARM_DESC(acl_drop_live,
		 "an ACL change (allowed_hosts link removed, attr_allow_any_host cleared) fails the live controllers of hosts it no longer allows (default N: they keep their queues, new ones are refused)");

/**
 * nvmeof_tgt_subsys_acl_changed() - apply a narrower ACL to live controllers
 * @subsys: the subsystem whose allowed_hosts or allow_any_host shrank; the
 *          caller holds neither nvmeof_tgt_config_sem nor subsys->lock
 *
 * With acl_drop_live, every controller of a host no longer allowed is failed
 * (its queues closed, as on a fatal error); its host's reconnect is then
 * refused at Connect. Without, they stay (as in-tree): only the admin and
 * I/O-queue Connects check the ACL.
 */
void nvmeof_tgt_subsys_acl_changed(struct nvmeof_tgt_subsys *subsys)
{
	struct nvmeof_tgt_ctrl **victims, *ctrl;
	unsigned int n = 0, k = 0, i;

	if (!READ_ONCE(acl_drop_live))
		return;
	mutex_lock(&subsys->lock);
	list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry)
		n++;
	victims = n ? kmalloc_array(n, sizeof(*victims), GFP_KERNEL) : NULL;
	if (victims) {
		list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry) {
			if (!__tgt_host_allowed(subsys, ctrl->hostnqn) &&
			    kref_get_unless_zero(&ctrl->ref))
				victims[k++] = ctrl;
		}
	} else if (n) {
		pr_err("subsystem %s: no memory to drop the controllers the ACL no longer allows\n",
		       subsys->subsysnqn);
	}
	mutex_unlock(&subsys->lock);

	/* Outside subsys->lock: failing a controller takes its own lock. */
	for (i = 0; i < k; i++) {
		pr_info("subsystem %s: host %s no longer allowed, dropping ctrl %u\n",
			subsys->subsysnqn, victims[i]->hostnqn, victims[i]->cntlid);
		nvmeof_tgt_ctrl_fatal_error(victims[i]);
		nvmeof_tgt_ctrl_put(victims[i]);
	}
	kfree(victims);
}

/* Finds @nqn among the subsystems reachable through @port; takes a reference. */
static struct nvmeof_tgt_subsys *tgt_find_get_subsys(struct nvmeof_tgt_port *port,
						     const char *nqn)
{
	struct nvmeof_tgt_subsys_link *link;
	struct nvmeof_tgt_subsys *found = NULL;

	/* The well-known name reaches discovery even when discovery_nqn renamed it. */
	if (!strcmp(nqn, NVMEOF_DISC_SUBSYS_NAME)) {
		if (!kref_get_unless_zero(&nvmeof_tgt_disc_subsys->ref))
			return NULL;
		return nvmeof_tgt_disc_subsys;
	}
	down_read(&nvmeof_tgt_config_sem);
	if (!strcmp(nqn, nvmeof_tgt_disc_subsys->subsysnqn)) {
		if (kref_get_unless_zero(&nvmeof_tgt_disc_subsys->ref))
			found = nvmeof_tgt_disc_subsys;
		up_read(&nvmeof_tgt_config_sem);
		return found;
	}
	list_for_each_entry(link, &port->subsystems, entry) {
		if (!strcmp(link->subsys->subsysnqn, nqn)) {
			if (kref_get_unless_zero(&link->subsys->ref))
				found = link->subsys;
			break;
		}
	}
	up_read(&nvmeof_tgt_config_sem);
	return found;
}

/* --- namespaces changing under connected controllers --- */

/* Adds @nsid to @ctrl's changed-NS log, ascending and without duplicates. */
static void tgt_ctrl_add_changed_ns(struct nvmeof_tgt_ctrl *ctrl, u32 nsid)
{
	u32 i;

	lockdep_assert_held(&ctrl->lock);
	if (ctrl->nr_changed_ns > NVMEOF_TGT_MAX_CHANGED_NS)
		return;		/* already overflowed */
	for (i = 0; i < ctrl->nr_changed_ns; i++) {
		if (ctrl->changed_ns_list[i] == nsid)
			return;
		if (ctrl->changed_ns_list[i] > nsid)
			break;
	}
	if (ctrl->nr_changed_ns == NVMEOF_TGT_MAX_CHANGED_NS) {
		/* Too many: the log then says "rescan everything". */
		ctrl->changed_ns_list[0] = NVMEOF_NSID_ALL;
		ctrl->nr_changed_ns = NVMEOF_TGT_MAX_CHANGED_NS + 1;
		return;
	}
	memmove(&ctrl->changed_ns_list[i + 1], &ctrl->changed_ns_list[i],
		(ctrl->nr_changed_ns - i) * sizeof(u32));
	ctrl->changed_ns_list[i] = nsid;
	ctrl->nr_changed_ns++;
}

/**
 * nvmeof_tgt_ns_changed() - a namespace appeared, went or changed size.
 * @subsys: its subsystem; caller holds subsys->lock
 * @nsid:   the namespace
 */
void nvmeof_tgt_ns_changed(struct nvmeof_tgt_subsys *subsys, u32 nsid)
{
	struct nvmeof_tgt_ctrl *ctrl;

	lockdep_assert_held(&subsys->lock);
	list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry) {
		mutex_lock(&ctrl->lock);
		tgt_ctrl_add_changed_ns(ctrl, nsid);
		mutex_unlock(&ctrl->lock);
		if (nvmeof_tgt_aen_bit_disabled(ctrl, ilog2(NVMEOF_AEN_CFG_NS_ATTR)))
			continue;
		nvmeof_tgt_add_async_event(ctrl, NVMEOF_AER_TYPE_NOTICE,
					   NVMEOF_AER_NOTICE_NS_CHANGED,
					   NVMEOF_LOG_CHANGED_NS);
	}
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_ns_changed);

/* --- asynchronous events --- */

/**
 * nvmeof_tgt_aen_bit_disabled() - should this event class stay quiet.
 * @ctrl: the controller
 * @bit:  bit number in the Asynchronous Event Configuration feature
 *
 * An event class fires once and is then masked until the host reads the
 * matching log page (without RAE), as the specification requires.
 *
 * Return: true if the host disabled the class or one is already pending.
 */
bool nvmeof_tgt_aen_bit_disabled(struct nvmeof_tgt_ctrl *ctrl, u32 bit)
{
	if (!(READ_ONCE(ctrl->aen_enabled) & (1U << bit)))
		return true;
	return test_and_set_bit(bit, &ctrl->aen_masked);
}

/**
 * nvmeof_tgt_aen_bit_clear() - a log page was read: re-arm its event class.
 * @req: the Get Log Page command (RAE in CDW10 bit 15 keeps the mask)
 * @bit: bit number as for nvmeof_tgt_aen_bit_disabled()
 */
void nvmeof_tgt_aen_bit_clear(struct nvmeof_tgt_req *req, u32 bit)
{
	u32 cdw10 = le32_to_cpu(req->cmd->cdw10);

	if (cdw10 & BIT(15))
		return;
	clear_bit(bit, &req->sq->ctrl->aen_masked);
}

/**
 * nvmeof_tgt_add_async_event() - queue an event for the next parked AER.
 * @ctrl: the controller
 * @type: NVMEOF_AER_TYPE_*
 * @info: event information
 * @lid:  log page the host should read
 */
void nvmeof_tgt_add_async_event(struct nvmeof_tgt_ctrl *ctrl, u8 type, u8 info, u8 lid)
{
	struct tgt_async_event *aen = kmalloc(sizeof(*aen), GFP_KERNEL);

	if (!aen)
		return;
	aen->type = type;
	aen->info = info;
	aen->lid = lid;
	mutex_lock(&ctrl->lock);
	list_add_tail(&aen->entry, &ctrl->async_events);
	mutex_unlock(&ctrl->lock);
	queue_work(nvmeof_tgt_wq, &ctrl->async_event_work);
}

static void tgt_async_event_work(struct work_struct *work)
{
	struct nvmeof_tgt_ctrl *ctrl =
		container_of(work, struct nvmeof_tgt_ctrl, async_event_work);
	struct tgt_async_event *aen;
	struct nvmeof_tgt_req *req;

	mutex_lock(&ctrl->lock);
	while (ctrl->nr_async_events && !list_empty(&ctrl->async_events)) {
		aen = list_first_entry(&ctrl->async_events, struct tgt_async_event, entry);
		req = ctrl->async_event_cmds[--ctrl->nr_async_events];
		req->cqe->result = cpu_to_le64(NVMEOF_AER_RESULT(aen->type, aen->info,
								 aen->lid));
		list_del(&aen->entry);
		kfree(aen);
		/* Completion calls into the transport: not under our lock. */
		mutex_unlock(&ctrl->lock);
		nvmeof_tgt_req_complete(req, NVMEOF_SC_SUCCESS);
		mutex_lock(&ctrl->lock);
	}
	mutex_unlock(&ctrl->lock);
}

/* Fails every parked AER: the admin queue is going away. */
static void tgt_async_events_failall(struct nvmeof_tgt_ctrl *ctrl)
{
	struct nvmeof_tgt_req *req;

	mutex_lock(&ctrl->lock);
	while (ctrl->nr_async_events) {
		req = ctrl->async_event_cmds[--ctrl->nr_async_events];
		mutex_unlock(&ctrl->lock);
		nvmeof_tgt_req_complete(req, NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR);
		mutex_lock(&ctrl->lock);
	}
	mutex_unlock(&ctrl->lock);
}

static void tgt_async_events_free(struct nvmeof_tgt_ctrl *ctrl)
{
	struct tgt_async_event *aen, *tmp;

	list_for_each_entry_safe(aen, tmp, &ctrl->async_events, entry) {
		list_del(&aen->entry);
		kfree(aen);
	}
}

/* --- keep alive and fatal errors --- */

static void tgt_keep_alive_work(struct work_struct *work)
{
	struct nvmeof_tgt_ctrl *ctrl =
		container_of(to_delayed_work(work), struct nvmeof_tgt_ctrl, ka_work);

	/* Traffic-based keep alive: any command since the last check counts. */
	if (xchg(&ctrl->reset_tbkas, false)) {
		queue_delayed_work(nvmeof_tgt_wq, &ctrl->ka_work,
				   msecs_to_jiffies(ctrl->kato));
		return;
	}
	trace_nvmeof_kato_expired(true, ctrl->cntlid, ctrl->kato, 0);
	pr_err("ctrl %u keep-alive timer (%u ms) expired, hostnqn %s\n",
	       ctrl->cntlid, ctrl->kato, ctrl->hostnqn);
	nvmeof_tgt_ctrl_fatal_error(ctrl);
}

/**
 * nvmeof_tgt_start_keep_alive() - (re)arm the keep-alive timer from ctrl->kato.
 * @ctrl: the controller
 */
void nvmeof_tgt_start_keep_alive(struct nvmeof_tgt_ctrl *ctrl)
{
	if (!ctrl->kato) {
		cancel_delayed_work(&ctrl->ka_work);
		return;
	}
	WRITE_ONCE(ctrl->reset_tbkas, false);
	mod_delayed_work(nvmeof_tgt_wq, &ctrl->ka_work, msecs_to_jiffies(ctrl->kato));
}

/**
 * nvmeof_tgt_ctrl_touch() - note traffic on @ctrl: postpones KATO expiry.
 * @ctrl: the controller
 */
void nvmeof_tgt_ctrl_touch(struct nvmeof_tgt_ctrl *ctrl)
{
	WRITE_ONCE(ctrl->reset_tbkas, true);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_ctrl_touch);

static void tgt_fatal_err_work(struct work_struct *work)
{
	struct nvmeof_tgt_ctrl *ctrl =
		container_of(work, struct nvmeof_tgt_ctrl, fatal_err_work);

	ctrl->ops->delete_ctrl(ctrl);
	/* The reference taken when this work was queued. */
	nvmeof_tgt_ctrl_put(ctrl);
}

/**
 * nvmeof_tgt_ctrl_fatal_error() - @ctrl cannot go on: set CSTS.CFS and delete it.
 * @ctrl: the controller
 *
 * Safe from any context that may take a mutex.
 */
void nvmeof_tgt_ctrl_fatal_error(struct nvmeof_tgt_ctrl *ctrl)
{
	bool first;

	mutex_lock(&ctrl->lock);
	first = !(ctrl->csts & NVMEOF_CSTS_CFS);
	ctrl->csts |= NVMEOF_CSTS_CFS;
	mutex_unlock(&ctrl->lock);
	if (!first)
		return;
	/* Racing the last put (keep-alive expiry): nothing left to delete. */
	if (!kref_get_unless_zero(&ctrl->ref))
		return;
	pr_err("ctrl %u fatal error, deleting it (subsys %s)\n", ctrl->cntlid,
	       ctrl->subsysnqn);
	if (!queue_work(nvmeof_tgt_wq, &ctrl->fatal_err_work))
		nvmeof_tgt_ctrl_put(ctrl);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_ctrl_fatal_error);

/* --- controllers --- */

static bool tgt_cc_valid(const struct nvmeof_tgt_ctrl *ctrl, u32 cc)
{
	u32 css = cc & NVMEOF_CC_CSS_MASK;

	if (ctrl->subsys->type != NVMEOF_TGT_SUBSYS_DISCOVERY &&
	    (((cc & NVMEOF_CC_IOSQES_MASK) >> NVMEOF_CC_IOSQES_SHIFT) != NVMEOF_NVM_IOSQES ||
	     ((cc & NVMEOF_CC_IOCQES_MASK) >> NVMEOF_CC_IOCQES_SHIFT) != NVMEOF_NVM_IOCQES))
		return false;
	/* 4 KiB pages, round robin arbitration, a command set we speak. */
	if (cc & (NVMEOF_CC_MPS_MASK | NVMEOF_CC_AMS_MASK))
		return false;
	return css == NVMEOF_CC_CSS_NVM || css == NVMEOF_CC_CSS_CSI ||
	       css == NVMEOF_CC_CSS_ADMIN_ONLY;
}

/**
 * nvmeof_tgt_update_cc() - the host wrote CC.
 * @ctrl: the controller
 * @cc:   the new value
 *
 * CC.EN 0->1 makes the controller ready (or fatal, for a configuration we
 * cannot honour); 1->0 resets it; CC.SHN reports shutdown complete at once
 * since there is nothing to flush at this level.
 */
void nvmeof_tgt_update_cc(struct nvmeof_tgt_ctrl *ctrl, u32 cc)
{
	u32 old;

	mutex_lock(&ctrl->lock);
	old = ctrl->cc;
	ctrl->cc = cc;
	if ((cc & NVMEOF_CC_EN) && !(old & NVMEOF_CC_EN)) {
		if (tgt_cc_valid(ctrl, cc)) {
			ctrl->csts = NVMEOF_CSTS_RDY;
			nvmeof_tgt_start_keep_alive(ctrl);
		} else {
			ctrl->csts = NVMEOF_CSTS_CFS;
		}
	}
	if (!(cc & NVMEOF_CC_EN) && (old & NVMEOF_CC_EN)) {
		ctrl->csts &= ~NVMEOF_CSTS_RDY;
		ctrl->cc = 0;
	}
	if ((cc & NVMEOF_CC_SHN_MASK) && !(old & NVMEOF_CC_SHN_MASK)) {
		ctrl->csts &= ~NVMEOF_CSTS_RDY;
		ctrl->csts |= NVMEOF_CSTS_SHST_COMPLETE;
	}
	if (!(cc & NVMEOF_CC_SHN_MASK) && (old & NVMEOF_CC_SHN_MASK))
		ctrl->csts &= ~NVMEOF_CSTS_SHST_MASK;
	mutex_unlock(&ctrl->lock);
}

/**
 * nvmeof_tgt_ctrl_alloc() - create a controller for an admin-queue Connect.
 * @req:       the Connect; its sq->port is where the host came in
 * @subsysnqn: SUBNQN from the Connect data (validated)
 * @hostnqn:   HOSTNQN from the Connect data (validated)
 * @hostid:    HOSTID, 16 bytes
 * @kato:      keep-alive timeout in ms from the command
 * @ctrlp:     receives the controller, holding one reference
 *
 * Return: NVMe status; for Connect Invalid Parameters / Invalid Host the
 * completion's DW0 already names the bad field.
 */
u16 nvmeof_tgt_ctrl_alloc(struct nvmeof_tgt_req *req, const char *subsysnqn,
			  const char *hostnqn, const u8 *hostid, u32 kato,
			  struct nvmeof_tgt_ctrl **ctrlp)
{
	struct nvmeof_tgt_port *port = req->sq->port;
	struct nvmeof_tgt_subsys *subsys;
	struct nvmeof_tgt_ctrl *ctrl;
	bool allowed;
	u16 status;
	int id;

	if (WARN_ON_ONCE(!port))
		return NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
	subsys = tgt_find_get_subsys(port, subsysnqn);
	if (!subsys) {
		pr_warn_ratelimited("connect request for unknown subsystem %s from %s\n",
				    subsysnqn, hostnqn);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, subsysnqn)));
		return NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;
	}

	down_read(&nvmeof_tgt_config_sem);
	allowed = nvmeof_tgt_host_allowed(subsys, hostnqn);
	up_read(&nvmeof_tgt_config_sem);
	if (!allowed) {
		pr_info_ratelimited("host %s is not allowed to connect to subsystem %s\n",
				    hostnqn, subsysnqn);
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, hostnqn)));
		status = NVMEOF_SC_CONNECT_INVALID_HOST | NVMEOF_SC_DNR;
		goto out_put_subsys;
	}

	status = NVMEOF_SC_INTERNAL;
	ctrl = kzalloc(sizeof(*ctrl), GFP_KERNEL);
	if (!ctrl)
		goto out_put_subsys;
	mutex_init(&ctrl->lock);
	spin_lock_init(&ctrl->err_lock);
	kref_init(&ctrl->ref);
	INIT_LIST_HEAD(&ctrl->async_events);
	INIT_LIST_HEAD(&ctrl->subsys_entry);
	INIT_WORK(&ctrl->async_event_work, tgt_async_event_work);
	INIT_WORK(&ctrl->fatal_err_work, tgt_fatal_err_work);
	INIT_DELAYED_WORK(&ctrl->ka_work, tgt_keep_alive_work);
	ctrl->subsys = subsys;
	ctrl->port = port;
	ctrl->ops = req->ops;
	import_uuid(&ctrl->hostid, hostid);
	strscpy(ctrl->hostnqn, hostnqn, sizeof(ctrl->hostnqn));
	strscpy(ctrl->subsysnqn, subsysnqn, sizeof(ctrl->subsysnqn));
	/*
	 * MQES: the port's param_max_queue_size, resolved when it was enabled
	 * (resolved again: a Connect racing a disable may see a new write).
	 */
	ctrl->cap = tgt_queue_size(READ_ONCE(port->max_queue_size)) - 1;
	ctrl->cap |= (u64)NVMEOF_CAP_CSS_NVM << NVMEOF_CAP_CSS_SHIFT;
	ctrl->cap |= 15ull << NVMEOF_CAP_TO_SHIFT;		/* 7.5 s to ready */
	if (subsys->type == NVMEOF_TGT_SUBSYS_DISCOVERY) {
		ctrl->aen_enabled = NVMEOF_AEN_CFG_DISC_CHANGE;
		ctrl->kato = kato ? kato : NVMEOF_TGT_DISC_KATO_MS;
	} else {
		ctrl->aen_enabled = NVMEOF_AEN_CFG_NS_ATTR | NVMEOF_AEN_CFG_ANA_CHANGE;
		ctrl->kato = kato;
	}

	ctrl->changed_ns_list = kcalloc(NVMEOF_TGT_MAX_CHANGED_NS, sizeof(u32), GFP_KERNEL);
	if (!ctrl->changed_ns_list)
		goto out_free_ctrl;
	mutex_lock(&subsys->lock);
	ctrl->nr_sqs = subsys->max_qid + 1;
	mutex_unlock(&subsys->lock);
	ctrl->sqs = kcalloc(ctrl->nr_sqs, sizeof(*ctrl->sqs), GFP_KERNEL);
	if (!ctrl->sqs)
		goto out_free_changed_ns;
	/* Until Set Features says otherwise, every queue we allow. */
	if (ctrl->nr_sqs > 1)
		ctrl->feat_num_queues = ((ctrl->nr_sqs - 2) << 16) | (ctrl->nr_sqs - 2);

	id = ida_alloc_range(&tgt_cntlid_ida, subsys->cntlid_min, subsys->cntlid_max,
			     GFP_KERNEL);
	if (id < 0) {
		pr_warn("no controller ID left in subsystem %s\n", subsysnqn);
		status = NVMEOF_SC_CONNECT_CTRL_BUSY | NVMEOF_SC_DNR;
		goto out_free_sqs;
	}
	ctrl->cntlid = id;
	nvmeof_tgt_obs_ctrl_init(ctrl);

	mutex_lock(&subsys->lock);
	list_add_tail(&ctrl->subsys_entry, &subsys->ctrls);
	mutex_unlock(&subsys->lock);
	nvmeof_tgt_start_keep_alive(ctrl);
	/* Dropped when the controller is freed, whenever its teardown ends. */
	nvmeof_tgt_port_get(port);

	pr_info("ctrl %u for hostnqn %s on subsys %s%s\n", ctrl->cntlid, hostnqn,
		subsysnqn, subsys->type == NVMEOF_TGT_SUBSYS_DISCOVERY ? " (discovery)" : "");
	*ctrlp = ctrl;
	return NVMEOF_SC_SUCCESS;

out_free_sqs:
	kfree(ctrl->sqs);
out_free_changed_ns:
	kfree(ctrl->changed_ns_list);
out_free_ctrl:
	kfree(ctrl);
out_put_subsys:
	nvmeof_tgt_subsys_put(subsys);
	return status;
}

static void tgt_ctrl_free(struct kref *ref)
{
	struct nvmeof_tgt_ctrl *ctrl = container_of(ref, struct nvmeof_tgt_ctrl, ref);
	struct nvmeof_tgt_subsys *subsys = ctrl->subsys;
	struct nvmeof_tgt_port *port = ctrl->port;

	mutex_lock(&subsys->lock);
	list_del(&ctrl->subsys_entry);
	mutex_unlock(&subsys->lock);

	cancel_delayed_work_sync(&ctrl->ka_work);
	flush_work(&ctrl->async_event_work);
	/* fatal_err_work holds a reference while queued: it cannot be pending. */
	tgt_async_events_free(ctrl);
	nvmeof_ctrl_stats_destroy(&ctrl->stats);
	ida_free(&tgt_cntlid_ida, ctrl->cntlid);
	pr_info("ctrl %u released (subsys %s)\n", ctrl->cntlid, ctrl->subsysnqn);
	nvmeof_tgt_auth_ctrl_free(ctrl);
	kfree(ctrl->sqs);
	kfree(ctrl->changed_ns_list);
	kfree(ctrl);
	nvmeof_tgt_subsys_put(subsys);
	nvmeof_tgt_port_put(port);
}

/**
 * nvmeof_tgt_ctrl_put() - drop a controller reference.
 * @ctrl: the controller
 */
void nvmeof_tgt_ctrl_put(struct nvmeof_tgt_ctrl *ctrl)
{
	kref_put(&ctrl->ref, tgt_ctrl_free);
}

/**
 * nvmeof_tgt_ctrl_find_get() - the controller an I/O-queue Connect names.
 * @req:       the Connect
 * @subsysnqn: SUBNQN from the Connect data
 * @hostnqn:   HOSTNQN from the Connect data
 * @cntlid:    CNTLID from the Connect data
 * @ctrlp:     receives the controller with a reference held
 *
 * Return: NVMe status; Connect Invalid Parameters names the bad field.
 */
u16 nvmeof_tgt_ctrl_find_get(struct nvmeof_tgt_req *req, const char *subsysnqn,
			     const char *hostnqn, u16 cntlid,
			     struct nvmeof_tgt_ctrl **ctrlp)
{
	struct nvmeof_tgt_subsys *subsys;
	struct nvmeof_tgt_ctrl *ctrl;
	u16 status = NVMEOF_SC_CONNECT_INVALID_PARAM | NVMEOF_SC_DNR;

	if (WARN_ON_ONCE(!req->sq->port))
		return NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
	subsys = tgt_find_get_subsys(req->sq->port, subsysnqn);
	if (!subsys) {
		req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
				offsetof(struct nvmeof_connect_data, subsysnqn)));
		return status;
	}
	req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
			offsetof(struct nvmeof_connect_data, cntlid)));
	mutex_lock(&subsys->lock);
	list_for_each_entry(ctrl, &subsys->ctrls, subsys_entry) {
		if (ctrl->cntlid != cntlid)
			continue;
		if (strcmp(ctrl->hostnqn, hostnqn)) {
			req->cqe->result = cpu_to_le64(NVMEOF_CONNECT_INV_DATA(
					offsetof(struct nvmeof_connect_data, hostnqn)));
			break;
		}
		if (kref_get_unless_zero(&ctrl->ref)) {
			*ctrlp = ctrl;
			req->cqe->result = 0;
			status = NVMEOF_SC_SUCCESS;
		}
		break;
	}
	mutex_unlock(&subsys->lock);
	if (status)
		pr_warn_ratelimited("I/O queue connect: no controller %u for host %s in %s\n",
				    cntlid, hostnqn, subsysnqn);
	nvmeof_tgt_subsys_put(subsys);
	return status;
}

/**
 * nvmeof_tgt_install_sq() - bind a connected queue to its controller.
 * @ctrl:          the controller; the queue takes over the caller's reference
 * @sq:            the queue
 * @qid:           queue ID
 * @sqsize:        SQSIZE from the Connect command (0's based)
 * @sqhd_disabled: the host turned SQ flow control off
 *
 * Return: NVMe status; on failure the caller still owns its reference.
 */
u16 nvmeof_tgt_install_sq(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_tgt_sq *sq,
			  u16 qid, u16 sqsize, bool sqhd_disabled)
{
	u16 status;

	mutex_lock(&ctrl->lock);
	if (qid >= ctrl->nr_sqs || ctrl->sqs[qid]) {
		mutex_unlock(&ctrl->lock);
		pr_warn_ratelimited("ctrl %u: queue %u already exists or is out of range\n",
				    ctrl->cntlid, qid);
		return NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	}
	ctrl->sqs[qid] = sq;
	mutex_unlock(&ctrl->lock);

	sq->ctrl = ctrl;
	sq->qid = qid;
	sq->size = sqsize + 1;
	sq->sqhd_disabled = sqhd_disabled;
	if (ctrl->ops->install_queue) {
		status = ctrl->ops->install_queue(sq);
		if (status) {
			sq->ctrl = NULL;
			mutex_lock(&ctrl->lock);
			ctrl->sqs[qid] = NULL;
			mutex_unlock(&ctrl->lock);
			trace_nvmeof_connect(true, ctrl->cntlid, qid, status);
			return status;
		}
	}
	sq->stats = nvmeof_ctrl_stats_queue(&ctrl->stats, qid);
	trace_nvmeof_connect(true, ctrl->cntlid, qid, 0);
	return NVMEOF_SC_SUCCESS;
}

/* --- queues --- */

static void tgt_sq_ref_release(struct percpu_ref *ref)
{
	struct nvmeof_tgt_sq *sq = container_of(ref, struct nvmeof_tgt_sq, ref);

	complete(&sq->free_done);
}

static void tgt_sq_ref_confirm(struct percpu_ref *ref)
{
	struct nvmeof_tgt_sq *sq = container_of(ref, struct nvmeof_tgt_sq, ref);

	complete(&sq->confirm_done);
}

/**
 * nvmeof_tgt_sq_init() - set up a queue before its first command.
 * @sq: the queue, embedded in the transport's
 *
 * Return: 0 or -ENOMEM.
 */
int nvmeof_tgt_sq_init(struct nvmeof_tgt_sq *sq)
{
	int ret;

	ret = percpu_ref_init(&sq->ref, tgt_sq_ref_release, 0, GFP_KERNEL);
	if (ret)
		return ret;
	sq->ctrl = NULL;
	sq->qid = 0;
	sq->size = 0;
	sq->sqhd = 0;
	sq->sqhd_disabled = false;
	sq->stats = NULL;
	sq->port = NULL;
	sq->auth = NULL;
	sq->auth_required = false;
	sq->authenticated = false;
	init_completion(&sq->free_done);
	init_completion(&sq->confirm_done);
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_sq_init);

/**
 * nvmeof_tgt_sq_set_port() - the port a queue's connection arrived on.
 * @sq:   a queue after nvmeof_tgt_sq_init()
 * @port: its port; the queue holds a reference until nvmeof_tgt_sq_destroy()
 */
void nvmeof_tgt_sq_set_port(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_port *port)
{
	nvmeof_tgt_port_get(port);
	sq->port = port;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_sq_set_port);

/**
 * nvmeof_tgt_sq_destroy() - a queue is going away.
 * @sq: the queue
 *
 * Fails parked AERs (admin queue), stops new commands, waits for those in
 * flight, then drops the queue's controller reference. Sleeps.
 */
void nvmeof_tgt_sq_destroy(struct nvmeof_tgt_sq *sq)
{
	struct nvmeof_tgt_ctrl *ctrl = sq->ctrl;

	if (ctrl && ctrl->sqs && ctrl->sqs[0] == sq)
		tgt_async_events_failall(ctrl);
	percpu_ref_kill_and_confirm(&sq->ref, tgt_sq_ref_confirm);
	wait_for_completion(&sq->confirm_done);
	wait_for_completion(&sq->free_done);
	percpu_ref_exit(&sq->ref);
	/* Its clock reads sq->ctrl, dropped below. */
	nvmeof_tgt_auth_sq_stop(sq);

	if (ctrl) {
		trace_nvmeof_disconnect(true, ctrl->cntlid, sq->qid);
		sq->stats = NULL;
		mutex_lock(&ctrl->lock);
		if (sq->qid < ctrl->nr_sqs && ctrl->sqs[sq->qid] == sq)
			ctrl->sqs[sq->qid] = NULL;
		mutex_unlock(&ctrl->lock);
		/* A host that tears queues down is still alive. */
		nvmeof_tgt_ctrl_touch(ctrl);
		sq->ctrl = NULL;
		nvmeof_tgt_ctrl_put(ctrl);
	}
	nvmeof_tgt_auth_sq_destroy(sq);
	if (sq->port) {
		nvmeof_tgt_port_put(sq->port);
		sq->port = NULL;
	}
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_sq_destroy);

/* --- requests --- */

static void tgt_update_sq_head(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_sq *sq = req->sq;
	u32 old, new;

	if (sq->size) {
		old = READ_ONCE(sq->sqhd);
		do {
			new = (old + 1) % sq->size;
		} while (!try_cmpxchg(&sq->sqhd, &old, new));
	}
	req->cqe->sq_head = cpu_to_le16(READ_ONCE(sq->sqhd) & 0xffff);
}

/* Records a failed command in the controller's error log and sets More. */
static void tgt_set_error(struct nvmeof_tgt_req *req, u16 status)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	struct nvmeof_error_log_entry *e;
	unsigned long flags;

	nvmeof_cqe_set_status(req->cqe, status);
	if (!ctrl || req->error_loc == NVMEOF_TGT_NO_ERROR_LOC)
		return;

	spin_lock_irqsave(&ctrl->err_lock, flags);
	ctrl->err_counter++;
	e = &ctrl->err_log[ctrl->err_counter % NVMEOF_TGT_ERROR_LOG_SLOTS];
	memset(e, 0, sizeof(*e));
	e->error_count = cpu_to_le64(ctrl->err_counter);
	e->sqid = cpu_to_le16(req->sq->qid);
	/* command_id is opaque host order on the wire: keep its bytes. */
	e->cmdid = (__force __le16)req->cmd->command_id;
	e->status_field = cpu_to_le16(status << NVMEOF_CQE_STATUS_SHIFT);
	e->param_error_location = cpu_to_le16(req->error_loc);
	e->lba = cpu_to_le64(req->error_slba);
	e->nsid = req->cmd->nsid;
	e->trtype = ctrl->ops->type;
	spin_unlock_irqrestore(&ctrl->err_lock, flags);

	nvmeof_cqe_set_status(req->cqe, status | NVMEOF_SC_MORE);
}

/* Completes without dropping the queue reference (init never took it). */
static void __tgt_req_complete(struct nvmeof_tgt_req *req, u16 status)
{
	struct nvmeof_tgt_ns *ns = req->ns;

	/*
	 * With SQ flow control disabled SQHD means nothing to the host; the
	 * in-tree target then leaves it 0, and so do we.
	 */
	if (!req->sq->sqhd_disabled)
		tgt_update_sq_head(req);
	req->cqe->sq_id = cpu_to_le16(req->sq->qid);
	req->cqe->command_id = req->cmd->command_id;
	if (unlikely(status))
		tgt_set_error(req, status);
	nvmeof_tgt_obs_complete(req, status);
	req->ns = NULL;
	req->ops->queue_response(req);
	if (ns)
		nvmeof_tgt_ns_put(ns);
}

/**
 * nvmeof_tgt_req_complete() - complete a command and hand it to the transport.
 * @req:    the command, as started by nvmeof_tgt_req_init()
 * @status: NVMe status (NVMEOF_SC_*)
 *
 * Fills the CQE (command ID, SQ ID, SQ head, status) and calls
 * queue_response; @req belongs to the transport afterwards.
 */
void nvmeof_tgt_req_complete(struct nvmeof_tgt_req *req, u16 status)
{
	struct nvmeof_tgt_sq *sq = req->sq;

	__tgt_req_complete(req, status);
	percpu_ref_put(&sq->ref);
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_req_complete);

/**
 * nvmeof_tgt_req_uninit() - drop a started command without completing it.
 * @req: the command
 *
 * For a transport that lost the data or the connection mid-command.
 */
void nvmeof_tgt_req_uninit(struct nvmeof_tgt_req *req)
{
	nvmeof_qstats_stamp_end(&req->stamp, true, 0, 0);
	percpu_ref_put(&req->sq->ref);
	if (req->ns) {
		nvmeof_tgt_ns_put(req->ns);
		req->ns = NULL;
	}
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_req_uninit);

static u16 tgt_check_ctrl_ready(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;

	if (unlikely(!(READ_ONCE(ctrl->cc) & NVMEOF_CC_EN) ||
		     !(READ_ONCE(ctrl->csts) & NVMEOF_CSTS_RDY))) {
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

static u16 tgt_check_ana_state(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_port *port = req->sq->ctrl->port;
	u32 grpid = req->ns->anagrpid;

	if (grpid > NVMEOF_TGT_MAX_ANAGRPS)
		return NVMEOF_SC_SUCCESS;
	switch (READ_ONCE(port->ana_state[grpid])) {
	case NVMEOF_ANA_INACCESSIBLE:
		return NVMEOF_SC_ANA_INACCESSIBLE;
	case NVMEOF_ANA_PERSISTENT_LOSS:
		return NVMEOF_SC_ANA_PERSISTENT_LOSS;
	case NVMEOF_ANA_CHANGE:
		return NVMEOF_SC_ANA_TRANSITION;
	}
	return NVMEOF_SC_SUCCESS;
}

static bool tgt_io_cmd_writes(u8 opcode)
{
	switch (opcode) {
	case NVMEOF_CMD_WRITE:
	case NVMEOF_CMD_WRITE_ZEROES:
	case NVMEOF_CMD_DSM:
	case NVMEOF_CMD_WRITE_UNCOR:
		return true;
	}
	return false;
}

static u16 tgt_parse_io_cmd(struct nvmeof_tgt_req *req)
{
	struct nvmeof_tgt_ctrl *ctrl = req->sq->ctrl;
	u16 status;

	if (req->cmd->opcode == NVMEOF_FABRICS_OPCODE)
		return nvmeof_tgt_parse_fabrics_io_cmd(req);
	if (unlikely(nvmeof_tgt_auth_pending(req->sq))) {
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_AUTH_REQUIRED | NVMEOF_SC_DNR;
	}
	status = tgt_check_ctrl_ready(req);
	if (status)
		return status;

	req->ns = nvmeof_tgt_ns_get(ctrl->subsys, le32_to_cpu(req->cmd->nsid));
	if (unlikely(!req->ns)) {
		req->error_loc = offsetof(struct nvmeof_sqe, nsid);
		return NVMEOF_SC_INVALID_NS | NVMEOF_SC_DNR;
	}
	status = tgt_check_ana_state(req);
	if (status) {
		req->error_loc = offsetof(struct nvmeof_sqe, nsid);
		return status;
	}
	if (req->ns->readonly && tgt_io_cmd_writes(req->cmd->opcode)) {
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_NS_WRITE_PROTECTED;
	}
	return nvmeof_tgt_io_parse(req, req->ns->bdev ? &nvmeof_tgt_bdev_io_ops :
						  &nvmeof_tgt_file_io_ops);
}

static u16 tgt_parse_admin_queue_cmd(struct nvmeof_tgt_req *req)
{
	u16 status;

	if (req->cmd->opcode == NVMEOF_FABRICS_OPCODE)
		return nvmeof_tgt_parse_fabrics_admin_cmd(req);
	if (unlikely(nvmeof_tgt_auth_pending(req->sq))) {
		req->error_loc = offsetof(struct nvmeof_sqe, opcode);
		return NVMEOF_SC_AUTH_REQUIRED | NVMEOF_SC_DNR;
	}
	status = tgt_check_ctrl_ready(req);
	if (status)
		return status;
	if (req->sq->ctrl->subsys->type == NVMEOF_TGT_SUBSYS_DISCOVERY)
		return nvmeof_tgt_parse_discovery_cmd(req);
	return nvmeof_tgt_parse_admin_cmd(req);
}

/* Data length the command needs vs the SGL the host sent. */
static u16 tgt_check_transfer_len(struct nvmeof_tgt_req *req)
{
	/* A DSM range list may come in a larger buffer than the ranges fill. */
	bool lte = req->sq->qid && req->cmd->opcode == NVMEOF_CMD_DSM;

	if (req->data_len == req->transfer_len ||
	    (lte && req->data_len <= req->transfer_len))
		return NVMEOF_SC_SUCCESS;
	req->error_loc = offsetof(struct nvmeof_sqe, dptr);
	return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
}

/**
 * nvmeof_tgt_req_init() - start a command that arrived on @sq.
 * @req: the command: @cmd, @cqe and @transfer_len set by the transport
 * @sq:  the queue it arrived on
 * @ops: the transport
 *
 * Parses the command (Connect on an unconnected queue; admin, fabrics or
 * discovery commands on queue 0; I/O commands elsewhere) and sets
 * @req->execute and @req->data_len.
 *
 * Apart from what the transport sets (@cmd, @cqe, @transfer_len and
 * @sgl_status), every field of @req ahead of @entry that the core or a
 * backend reads is set here, and so are the CQE's result, status and SQ
 * head (completion sets the rest): a transport need not clear the request
 * or the CQE before the call.
 *
 * Return: true to go on (receive data, then call @req->execute); false if
 * the command was completed with an error already.
 */
bool nvmeof_tgt_req_init(struct nvmeof_tgt_req *req, struct nvmeof_tgt_sq *sq,
			 const struct nvmeof_tgt_fabrics_ops *ops)
{
	u8 flags = req->cmd->flags;
	u16 status;

	req->sq = sq;
	req->ops = ops;
	req->ns = NULL;
	req->sg = NULL;
	req->sg_cnt = 0;
	req->data_len = 0;
	req->execute = NULL;
	req->error_loc = NVMEOF_TGT_NO_ERROR_LOC;
	req->error_slba = 0;
	nvmeof_tgt_obs_submit(req, sq);
	req->cqe->result = 0;
	req->cqe->status = 0;
	req->cqe->sq_head = 0;

	if (unlikely(flags & NVMEOF_SQE_FUSE_MASK)) {
		req->error_loc = offsetof(struct nvmeof_sqe, flags);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
		goto fail;
	}
	status = nvmeof_sqe_check_psdt(req->cmd);
	if (unlikely(status)) {
		req->error_loc = offsetof(struct nvmeof_sqe, flags);
		goto fail;
	}

	if (unlikely(!sq->ctrl))
		status = nvmeof_tgt_parse_connect_cmd(req);
	else if (sq->qid == 0)
		status = tgt_parse_admin_queue_cmd(req);
	else
		status = tgt_parse_io_cmd(req);
	if (status)
		goto fail;
	if (WARN_ON_ONCE(!req->execute)) {
		status = NVMEOF_SC_INTERNAL | NVMEOF_SC_DNR;
		goto fail;
	}
	/*
	 * A descriptor the transport refused says more than the length
	 * mismatch it leaves behind (no data where the command needs some):
	 * the host learns the type or offset was wrong, as from in-tree nvmet.
	 */
	if (unlikely(req->sgl_status)) {
		req->error_loc = offsetof(struct nvmeof_sqe, dptr);
		status = req->sgl_status;
		goto fail;
	}
	status = tgt_check_transfer_len(req);
	if (status)
		goto fail;

	if (unlikely(!percpu_ref_tryget_live(&sq->ref))) {
		status = NVMEOF_SC_ABORT_SQ_DELETED | NVMEOF_SC_DNR;
		goto fail;
	}
	if (sq->ctrl)
		nvmeof_tgt_ctrl_touch(sq->ctrl);
	return true;

fail:
	__tgt_req_complete(req, status);
	return false;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_req_init);

/**
 * nvmeof_tgt_copy_to_sgl() - copy controller-to-host data into @req->sg.
 * @req: the command
 * @off: byte offset into the data
 * @buf: source
 * @len: bytes
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_copy_to_sgl(struct nvmeof_tgt_req *req, size_t off, const void *buf,
			   size_t len)
{
	if (sg_pcopy_from_buffer(req->sg, req->sg_cnt, buf, len, off) != len) {
		req->error_loc = offsetof(struct nvmeof_sqe, dptr);
		return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_copy_from_sgl() - copy host-to-controller data out of @req->sg.
 * @req: the command
 * @off: byte offset into the data
 * @buf: destination
 * @len: bytes
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_copy_from_sgl(struct nvmeof_tgt_req *req, size_t off, void *buf,
			     size_t len)
{
	if (sg_pcopy_to_buffer(req->sg, req->sg_cnt, buf, len, off) != len) {
		req->error_loc = offsetof(struct nvmeof_sqe, dptr);
		return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_zero_sgl() - zero part of @req->sg.
 * @req: the command
 * @off: byte offset into the data
 * @len: bytes
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_zero_sgl(struct nvmeof_tgt_req *req, size_t off, size_t len)
{
	if (sg_zero_buffer(req->sg, req->sg_cnt, len, off) != len) {
		req->error_loc = offsetof(struct nvmeof_sqe, dptr);
		return NVMEOF_SC_SGL_INVALID_DATA_LEN | NVMEOF_SC_DNR;
	}
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_copy_log() - answer a Get Log Page from a log built in memory.
 * @req:  the Get Log Page command (data_len bytes wanted)
 * @off:  Log Page Offset
 * @log:  the log's content
 * @len:  bytes of content
 * @size: the log page's size: @len for fixed-size logs; for logs whose
 *        length varies (ANA), the largest it can be, so that hosts reading
 *        it in chunks up to that size get zeroes rather than an error
 *
 * Return: NVMe status; Invalid Field when @off lies beyond @size.
 */
u16 nvmeof_tgt_copy_log(struct nvmeof_tgt_req *req, u64 off, const void *log,
			size_t len, size_t size)
{
	size_t want = req->data_len, n = 0;
	u16 status = NVMEOF_SC_SUCCESS;

	if (off > size) {
		req->error_loc = offsetof(struct nvmeof_sqe, cdw12);
		return NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	}
	if (off < len) {
		n = min_t(size_t, want, len - off);
		status = nvmeof_tgt_copy_to_sgl(req, 0, (const u8 *)log + off, n);
	}
	if (!status && n < want)
		status = nvmeof_tgt_zero_sgl(req, n, want - n);
	return status;
}

/* --- module --- */

static int __init nvmeof_tgt_init(void)
{
	int ret;

	nvmeof_tgt_ana_group_enabled[NVMEOF_TGT_DEFAULT_ANA_GRPID] = 1;
	nvmeof_tgt_wq = alloc_workqueue("nvmeof-target-wq", WQ_MEM_RECLAIM, 0);
	if (!nvmeof_tgt_wq)
		return -ENOMEM;
	nvmeof_tgt_pages_init();
	nvmeof_tgt_disc_subsys = nvmeof_tgt_subsys_alloc(NVMEOF_DISC_SUBSYS_NAME,
							 NVMEOF_TGT_SUBSYS_DISCOVERY);
	if (IS_ERR(nvmeof_tgt_disc_subsys)) {
		ret = PTR_ERR(nvmeof_tgt_disc_subsys);
		goto out_exit_pages;
	}
	ret = nvmeof_tgt_configfs_init();
	if (ret)
		goto out_put_disc_subsys;
	pr_info("version %s loaded\n", NVMEOF_VERSION);
	return 0;

out_put_disc_subsys:
	nvmeof_tgt_subsys_put(nvmeof_tgt_disc_subsys);
out_exit_pages:
	nvmeof_tgt_pages_exit();
	destroy_workqueue(nvmeof_tgt_wq);
	return ret;
}

static void __exit nvmeof_tgt_exit(void)
{
	nvmeof_tgt_configfs_exit();
	nvmeof_tgt_subsys_put(nvmeof_tgt_disc_subsys);
	nvmeof_tgt_pages_exit();
	destroy_workqueue(nvmeof_tgt_wq);
	ida_destroy(&tgt_cntlid_ida);
}

module_init(nvmeof_tgt_init);
module_exit(nvmeof_tgt_exit);
MODULE_DESCRIPTION("nvmeof NVMe over Fabrics target");
MODULE_VERSION(NVMEOF_VERSION);
MODULE_LICENSE("GPL");
