// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: the configfs tree (subsystems, namespaces, ports, referrals, ANA groups, hosts). */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/configfs.h>
#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/inet.h>
#include <linux/nospec.h>
#include <net/net_namespace.h>

#include <nvmeof/nqn.h>

#include <nvmeof/auth.h>
#include "target.h"

/*
 * The layout, attribute names, value formats and errnos are those of the
 * in-tree 6.1 nvmet tree, so nvmetcli and blktests scripts work unchanged.
 * Each rejected write logs exactly one line naming the attribute and value.
 */

static char *configfs_root = "nvmet";
module_param(configfs_root, charp, 0444);
MODULE_PARM_DESC(configfs_root,
		 "configfs directory of the target (default \"nvmet\", as in-tree); "
		 "another name (up to 19 characters) lets this target load next to the in-tree nvmet, "
		 "e.g. for side-by-side benchmarks");

/* adrfam of a port whose addr_adrfam was never written: shows as an empty line. */
#define TGT_ADRFAM_UNSET	0xff

struct tgt_name_map {
	u8		type;
	const char	*name;
};

static const struct tgt_name_map tgt_trtypes[] = {
	{ NVMEOF_TRTYPE_RDMA,	"rdma" },
	{ NVMEOF_TRTYPE_FC,	"fc" },
	{ NVMEOF_TRTYPE_TCP,	"tcp" },
	{ NVMEOF_TRTYPE_LOOP,	"loop" },
};

/* In-tree lists "pcie" too but never accepts or shows it; so do we. */
static const struct tgt_name_map tgt_adrfams[] = {
	{ NVMEOF_ADRFAM_IP4,	"ipv4" },
	{ NVMEOF_ADRFAM_IP6,	"ipv6" },
	{ NVMEOF_ADRFAM_IB,	"ib" },
	{ NVMEOF_ADRFAM_FC,	"fc" },
	{ NVMEOF_ADRFAM_LOOP,	"loop" },
};

static const struct tgt_name_map tgt_treqs[] = {
	{ NVMEOF_TREQ_SECURE_NOT_SPECIFIED,	"not specified" },
	{ NVMEOF_TREQ_SECURE_REQUIRED,		"required" },
	{ NVMEOF_TREQ_SECURE_NOT_REQUIRED,	"not required" },
};

static const struct tgt_name_map tgt_ana_states[] = {
	{ NVMEOF_ANA_OPTIMIZED,		"optimized" },
	{ NVMEOF_ANA_NONOPTIMIZED,	"non-optimized" },
	{ NVMEOF_ANA_INACCESSIBLE,	"inaccessible" },
	{ NVMEOF_ANA_PERSISTENT_LOSS,	"persistent-loss" },
	{ NVMEOF_ANA_CHANGE,		"change" },
};

static const struct tgt_name_map *tgt_map_find_name(const struct tgt_name_map *map,
						    size_t n, const char *page)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (sysfs_streq(page, map[i].name))
			return &map[i];
	return NULL;
}

static const char *tgt_map_name(const struct tgt_name_map *map, size_t n, u8 type)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (map[i].type == type)
			return map[i].name;
	return "";
}

/* Length of a written value without its trailing newline. */
static size_t tgt_value_len(const char *page)
{
	return strcspn(page, "\n");
}

/* printable ASCII (Base 2.0, 1.5 "ASCII string"), as serial and model require */
static bool tgt_is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	return true;
}

/* An address token: printable, no blanks (in-tree reads it with "%s"). */
static bool tgt_is_token(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isgraph(s[i]))
			return false;
	return len > 0;
}

static const struct config_item_type tgt_subsys_type;
static const struct config_item_type tgt_host_type;
static const struct config_item_type tgt_referral_type;

static inline struct nvmeof_tgt_port *to_port(struct config_item *item)
{
	return container_of(to_config_group(item), struct nvmeof_tgt_port, group);
}

static inline struct nvmeof_tgt_subsys *to_subsys(struct config_item *item)
{
	return container_of(to_config_group(item), struct nvmeof_tgt_subsys, group);
}

static inline struct nvmeof_tgt_ns *to_ns(struct config_item *item)
{
	return container_of(to_config_group(item), struct nvmeof_tgt_ns, group);
}

static inline struct nvmeof_tgt_host *to_host(struct config_item *item)
{
	return container_of(to_config_group(item), struct nvmeof_tgt_host, group);
}

static inline struct nvmeof_tgt_ana_group *to_ana_group(struct config_item *item)
{
	return container_of(to_config_group(item), struct nvmeof_tgt_ana_group, group);
}

/*
 * A port listens while it has subsystem links; a referral is live while
 * enabled. Either way its address is frozen. Caller holds config_sem.
 */
static bool tgt_port_frozen(struct nvmeof_tgt_port *port, const char *attr, const char *page)
{
	lockdep_assert_held(&nvmeof_tgt_config_sem);
	if (!port->enabled && list_empty(&port->subsystems))
		return false;
	if (port->group.cg_item.ci_type == &tgt_referral_type)
		pr_err("referral %s: cannot set %s to '%.*s' while enabled: disable it first\n",
		       config_item_name(&port->group.cg_item), attr,
		       (int)tgt_value_len(page), page);
	else
		pr_err("port %u: cannot set %s to '%.*s' while enabled: remove its subsystem links first\n",
		       port->portid, attr, (int)tgt_value_len(page), page);
	return true;
}

/* --- address attributes, shared by ports and referrals --- */

static ssize_t tgt_port_addr_trtype_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_port *port = to_port(item);

	return sysfs_emit(page, "%s\n", tgt_map_name(tgt_trtypes, ARRAY_SIZE(tgt_trtypes),
						     port->disc_addr.trtype));
}

static ssize_t tgt_port_addr_trtype_store(struct config_item *item, const char *page,
					  size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	const struct tgt_name_map *m;
	ssize_t ret = count;

	m = tgt_map_find_name(tgt_trtypes, ARRAY_SIZE(tgt_trtypes), page);
	if (!m) {
		pr_err("port %u: invalid addr_trtype '%.*s' (want rdma, fc, tcp or loop)\n",
		       port->portid, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_trtype", page)) {
		ret = -EACCES;
		goto out_unlock;
	}
	memset(&port->disc_addr.tsas, 0, sizeof(port->disc_addr.tsas));
	port->disc_addr.trtype = m->type;
	if (m->type == NVMEOF_TRTYPE_RDMA) {
		/* What an RDMA port reports in discovery, as in-tree. */
		port->disc_addr.tsas.rdma.qptype = NVMEOF_RDMA_QPTYPE_CONNECTED;
		port->disc_addr.tsas.rdma.prtype = NVMEOF_RDMA_PRTYPE_NOT_SPECIFIED;
		port->disc_addr.tsas.rdma.cms = NVMEOF_RDMA_CMS_RDMA_CM;
	}
out_unlock:
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_trtype);

static ssize_t tgt_port_addr_adrfam_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_port *port = to_port(item);

	return sysfs_emit(page, "%s\n", tgt_map_name(tgt_adrfams, ARRAY_SIZE(tgt_adrfams),
						     port->disc_addr.adrfam));
}

static ssize_t tgt_port_addr_adrfam_store(struct config_item *item, const char *page,
					  size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	const struct tgt_name_map *m;
	ssize_t ret = count;

	m = tgt_map_find_name(tgt_adrfams, ARRAY_SIZE(tgt_adrfams), page);
	if (!m) {
		pr_err("port %u: invalid addr_adrfam '%.*s' (want ipv4, ipv6, ib, fc or loop)\n",
		       port->portid, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_adrfam", page))
		ret = -EACCES;
	else
		port->disc_addr.adrfam = m->type;
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_adrfam);

static ssize_t tgt_port_addr_traddr_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", to_port(item)->disc_addr.traddr);
}

static ssize_t tgt_port_addr_traddr_store(struct config_item *item, const char *page,
					  size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	size_t len = tgt_value_len(page);
	ssize_t ret = count;

	if (len >= sizeof(port->disc_addr.traddr) || !tgt_is_token(page, len)) {
		pr_err("port %u: invalid addr_traddr '%.*s' (1..%zu printable characters, no blanks)\n",
		       port->portid, (int)min_t(size_t, len, 64), page,
		       sizeof(port->disc_addr.traddr) - 1);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_traddr", page)) {
		ret = -EACCES;
	} else {
		memset(port->disc_addr.traddr, 0, sizeof(port->disc_addr.traddr));
		memcpy(port->disc_addr.traddr, page, len);
	}
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_traddr);

static ssize_t tgt_port_addr_trsvcid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", to_port(item)->disc_addr.trsvcid);
}

static ssize_t tgt_port_addr_trsvcid_store(struct config_item *item, const char *page,
					   size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	size_t len = tgt_value_len(page);
	ssize_t ret = count;

	if (len >= sizeof(port->disc_addr.trsvcid) || !tgt_is_token(page, len)) {
		pr_err("port %u: invalid addr_trsvcid '%.*s' (1..%zu printable characters, no blanks)\n",
		       port->portid, (int)min_t(size_t, len, 64), page,
		       sizeof(port->disc_addr.trsvcid) - 1);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_trsvcid", page)) {
		ret = -EACCES;
	} else {
		memset(port->disc_addr.trsvcid, 0, sizeof(port->disc_addr.trsvcid));
		memcpy(port->disc_addr.trsvcid, page, len);
	}
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_trsvcid);

static ssize_t tgt_port_addr_treq_show(struct config_item *item, char *page)
{
	u8 treq = to_port(item)->disc_addr.treq & NVMEOF_TREQ_SECURE_MASK;

	return sysfs_emit(page, "%s\n", tgt_map_name(tgt_treqs, ARRAY_SIZE(tgt_treqs), treq));
}

static ssize_t tgt_port_addr_treq_store(struct config_item *item, const char *page,
					size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	const struct tgt_name_map *m;
	ssize_t ret = count;

	m = tgt_map_find_name(tgt_treqs, ARRAY_SIZE(tgt_treqs), page);
	if (!m) {
		pr_err("port %u: invalid addr_treq '%.*s' (want not specified, required or not required)\n",
		       port->portid, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_treq", page)) {
		ret = -EACCES;
	} else {
		/* Only the secure channel bits are the user's; DISABLE_SQFLOW stays. */
		port->disc_addr.treq &= ~NVMEOF_TREQ_SECURE_MASK;
		port->disc_addr.treq |= m->type;
	}
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_treq);

static ssize_t tgt_port_addr_portid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", le16_to_cpu(to_port(item)->disc_addr.portid));
}

static ssize_t tgt_port_addr_portid_store(struct config_item *item, const char *page,
					  size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	ssize_t ret = count;
	u16 portid;

	if (kstrtou16(page, 0, &portid)) {
		pr_err("referral %s: invalid addr_portid '%.*s' (want 0..65535)\n",
		       config_item_name(item), (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_portid", page)) {
		ret = -EACCES;
	} else {
		port->portid = portid;
		port->disc_addr.portid = cpu_to_le16(portid);
	}
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_portid);

static ssize_t tgt_port_param_inline_data_size_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_port(item)->inline_data_size);
}

static ssize_t tgt_port_param_inline_data_size_store(struct config_item *item,
						     const char *page, size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	ssize_t ret = count;
	int val;

	/* -1 lets the transport choose; other negative values mean nothing. */
	if (kstrtoint(page, 0, &val) || val < -1) {
		pr_err("port %u: invalid param_inline_data_size '%.*s' (want -1 or a byte count)\n",
		       port->portid, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "param_inline_data_size", page))
		ret = -EACCES;
	else
		port->inline_data_size = val;
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, param_inline_data_size);

static ssize_t tgt_port_param_max_queue_size_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(to_port(item)->max_queue_size));
}

/*
 * Any int, as in-tree: the first enable resolves it (negative: our largest,
 * else clamped to 16..1024) and writes the result back.
 */
static ssize_t tgt_port_param_max_queue_size_store(struct config_item *item,
						   const char *page, size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	ssize_t ret = count;
	int val;

	if (kstrtoint(page, 0, &val)) {
		pr_err("port %u: invalid param_max_queue_size '%.*s' (want -1 or a queue size %d..%d)\n",
		       port->portid, (int)min_t(size_t, tgt_value_len(page), 64), page,
		       NVMEOF_TGT_MIN_QUEUE_SIZE, NVMEOF_TGT_MAX_QUEUE_SIZE);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "param_max_queue_size", page))
		ret = -EACCES;
	else
		WRITE_ONCE(port->max_queue_size, val);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, param_max_queue_size);

/*
 * Transport specific address subtype, with the in-tree names: a TCP port's
 * security type, an RDMA port's QP service type; empty for other types.
 */
static ssize_t tgt_port_addr_tsas_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_port *port = to_port(item);
	const char *name = "";

	down_read(&nvmeof_tgt_config_sem);
	switch (port->disc_addr.trtype) {
	case NVMEOF_TRTYPE_TCP:
		if (port->disc_addr.tsas.tcp.sectype == NVMEOF_TCP_SECTYPE_NONE)
			name = "none";
		else if (port->disc_addr.tsas.tcp.sectype == NVMEOF_TCP_SECTYPE_TLS13)
			name = "tls1.3";
		break;
	case NVMEOF_TRTYPE_RDMA:
		if (port->disc_addr.tsas.rdma.qptype == NVMEOF_RDMA_QPTYPE_CONNECTED)
			name = "connected";
		else if (port->disc_addr.tsas.rdma.qptype == NVMEOF_RDMA_QPTYPE_DATAGRAM)
			name = "datagram";
		break;
	}
	up_read(&nvmeof_tgt_config_sem);
	return sysfs_emit(page, "%s\n", name);
}

/*
 * This target has no TLS: a TCP port takes "none" only, and, as in-tree,
 * that resets addr_treq to "not specified". An RDMA port takes its one QP
 * type, "connected", and nothing changes. Refused as in-tree: -EACCES while
 * the port is enabled (before the value is looked at), -EINVAL otherwise.
 */
static ssize_t tgt_port_addr_tsas_store(struct config_item *item, const char *page,
					size_t count)
{
	struct nvmeof_tgt_port *port = to_port(item);
	int len = (int)min_t(size_t, tgt_value_len(page), 64);
	ssize_t ret = -EINVAL;

	down_write(&nvmeof_tgt_config_sem);
	if (tgt_port_frozen(port, "addr_tsas", page)) {
		ret = -EACCES;
		goto out_unlock;
	}
	switch (port->disc_addr.trtype) {
	case NVMEOF_TRTYPE_TCP:
		if (sysfs_streq(page, "none")) {
			port->disc_addr.tsas.tcp.sectype = NVMEOF_TCP_SECTYPE_NONE;
			port->disc_addr.treq &= ~NVMEOF_TREQ_SECURE_MASK;
			port->disc_addr.treq |= NVMEOF_TREQ_SECURE_NOT_SPECIFIED;
			ret = count;
		} else if (sysfs_streq(page, "tls1.3")) {
			pr_err("port %u: cannot set addr_tsas to 'tls1.3': this target has no TLS (want none)\n",
			       port->portid);
		} else {
			pr_err("port %u: invalid addr_tsas '%.*s' for tcp (want none; tls1.3 is not supported)\n",
			       port->portid, len, page);
		}
		break;
	case NVMEOF_TRTYPE_RDMA:
		if (sysfs_streq(page, "connected") &&
		    port->disc_addr.tsas.rdma.qptype == NVMEOF_RDMA_QPTYPE_CONNECTED)
			ret = count;
		else
			pr_err("port %u: invalid addr_tsas '%.*s' for rdma (want connected)\n",
			       port->portid, len, page);
		break;
	default:
		pr_err("port %u: cannot set addr_tsas to '%.*s': addr_trtype is not tcp or rdma\n",
		       port->portid, len, page);
		break;
	}
out_unlock:
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_port_, addr_tsas);

/*
 * Checks what the transport will need before the first link starts it, so a
 * bad address fails the link with one clear line. Caller holds config_sem.
 */
static int tgt_port_check_addr(struct nvmeof_tgt_port *port)
{
	struct nvmeof_disc_log_entry *a = &port->disc_addr;
	struct sockaddr_storage ss;
	int af;

	if (!a->trtype) {
		pr_err("port %u: cannot enable: addr_trtype is not set\n", port->portid);
		return -EINVAL;
	}
	if (a->trtype != NVMEOF_TRTYPE_TCP && a->trtype != NVMEOF_TRTYPE_RDMA)
		return 0;	/* the transport, if any, judges its own addresses */

	switch (a->adrfam) {
	case NVMEOF_ADRFAM_IP4:
		af = AF_INET;
		break;
	case NVMEOF_ADRFAM_IP6:
		af = AF_INET6;
		break;
	default:
		pr_err("port %u: cannot enable: addr_adrfam '%s' is not ipv4 or ipv6\n",
		       port->portid, tgt_map_name(tgt_adrfams, ARRAY_SIZE(tgt_adrfams),
						  a->adrfam));
		return -EINVAL;
	}
	if (inet_pton_with_scope(&init_net, af, a->traddr, a->trsvcid, &ss)) {
		pr_err("port %u: cannot enable: malformed address traddr '%s' trsvcid '%s' for %s\n",
		       port->portid, a->traddr, a->trsvcid, af == AF_INET ? "ipv4" : "ipv6");
		return -EINVAL;
	}
	return 0;
}

/* --- ports/<id>/subsystems/: the first link enables the port --- */

static int tgt_port_subsys_allow_link(struct config_item *parent, struct config_item *target)
{
	struct nvmeof_tgt_port *port = to_port(parent->ci_parent);
	struct nvmeof_tgt_subsys_link *link, *p;
	struct nvmeof_tgt_subsys *subsys;
	int ret;

	if (target->ci_type != &tgt_subsys_type) {
		pr_err("port %u: only subsystems can be linked into subsystems/\n",
		       port->portid);
		return -EINVAL;
	}
	subsys = to_subsys(target);
	link = kmalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	link->subsys = subsys;

	down_write(&nvmeof_tgt_config_sem);
	ret = -EEXIST;
	list_for_each_entry(p, &port->subsystems, entry)
		if (p->subsys == subsys)
			goto out_free_link;

	if (list_empty(&port->subsystems)) {
		ret = tgt_port_check_addr(port);
		if (ret)
			goto out_free_link;
		ret = nvmeof_tgt_port_enable(port);
		if (ret)
			goto out_free_link;
	}
	list_add_tail(&link->entry, &port->subsystems);
	nvmeof_tgt_discovery_changed(port, subsys);
	up_write(&nvmeof_tgt_config_sem);
	return 0;

out_free_link:
	up_write(&nvmeof_tgt_config_sem);
	kfree(link);
	return ret;
}

static void tgt_port_subsys_drop_link(struct config_item *parent, struct config_item *target)
{
	struct nvmeof_tgt_port *port = to_port(parent->ci_parent);
	struct nvmeof_tgt_subsys *subsys = to_subsys(target);
	struct nvmeof_tgt_subsys_link *p, *found = NULL;

	down_write(&nvmeof_tgt_config_sem);
	list_for_each_entry(p, &port->subsystems, entry) {
		if (p->subsys == subsys) {
			found = p;
			break;
		}
	}
	if (found) {
		list_del(&found->entry);
		/* Hosts connected through this port to this subsystem lose it now. */
		nvmeof_tgt_port_del_ctrls(port, subsys);
		nvmeof_tgt_discovery_changed(port, subsys);
		if (list_empty(&port->subsystems))
			nvmeof_tgt_port_disable(port);
	}
	up_write(&nvmeof_tgt_config_sem);
	kfree(found);
}

static struct configfs_item_operations tgt_port_subsys_item_ops = {
	.allow_link	= tgt_port_subsys_allow_link,
	.drop_link	= tgt_port_subsys_drop_link,
};

static const struct config_item_type tgt_port_subsys_type = {
	.ct_item_ops	= &tgt_port_subsys_item_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- ports/<id>/referrals/<name>/ --- */

static ssize_t tgt_referral_enable_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_port(item)->enabled);
}

/* Caller holds config_sem. */
static void tgt_referral_set(struct nvmeof_tgt_port *parent, struct nvmeof_tgt_port *ref,
			     bool enable)
{
	lockdep_assert_held(&nvmeof_tgt_config_sem);
	if (enable == ref->enabled)
		return;
	if (enable)
		list_add_tail(&ref->global_entry, &parent->referrals);
	else
		list_del_init(&ref->global_entry);
	ref->enabled = enable;
	nvmeof_tgt_discovery_changed(parent, NULL);
}

static ssize_t tgt_referral_enable_store(struct config_item *item, const char *page,
					 size_t count)
{
	struct nvmeof_tgt_port *parent = to_port(item->ci_parent->ci_parent);
	struct nvmeof_tgt_port *ref = to_port(item);
	bool enable;

	if (kstrtobool(page, &enable)) {
		pr_err("referral %s: invalid enable '%.*s' (want 0 or 1)\n",
		       config_item_name(item), (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	tgt_referral_set(parent, ref, enable);
	up_write(&nvmeof_tgt_config_sem);
	return count;
}
CONFIGFS_ATTR(tgt_referral_, enable);

static struct configfs_attribute *tgt_referral_attrs[] = {
	&tgt_port_attr_addr_adrfam,
	&tgt_port_attr_addr_portid,
	&tgt_port_attr_addr_treq,
	&tgt_port_attr_addr_traddr,
	&tgt_port_attr_addr_trsvcid,
	&tgt_port_attr_addr_trtype,
	&tgt_referral_attr_enable,
	NULL,
};

static void tgt_referral_release(struct config_item *item)
{
	kfree(to_port(item));
}

static struct configfs_item_operations tgt_referral_item_ops = {
	.release	= tgt_referral_release,
};

static const struct config_item_type tgt_referral_type = {
	.ct_item_ops	= &tgt_referral_item_ops,
	.ct_attrs	= tgt_referral_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *tgt_referral_make(struct config_group *group, const char *name)
{
	struct nvmeof_tgt_port *ref;

	ref = kzalloc(sizeof(*ref), GFP_KERNEL);
	if (!ref)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&ref->global_entry);
	INIT_LIST_HEAD(&ref->subsystems);
	INIT_LIST_HEAD(&ref->referrals);
	/* Unset fields stay zero in the discovery log entry, as in-tree. */
	config_group_init_type_name(&ref->group, name, &tgt_referral_type);
	return &ref->group;
}

/* rmdir of an enabled referral: take it out of the parent's list first. */
static void tgt_referral_disconnect(struct config_group *group, struct config_item *item)
{
	struct nvmeof_tgt_port *parent = to_port(item->ci_parent->ci_parent);

	down_write(&nvmeof_tgt_config_sem);
	tgt_referral_set(parent, to_port(item), false);
	up_write(&nvmeof_tgt_config_sem);
}

static struct configfs_group_operations tgt_referrals_group_ops = {
	.make_group		= tgt_referral_make,
	.disconnect_notify	= tgt_referral_disconnect,
};

static const struct config_item_type tgt_referrals_type = {
	.ct_group_ops	= &tgt_referrals_group_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- ports/<id>/ana_groups/<grpid>/ --- */

static ssize_t tgt_ana_group_ana_state_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_ana_group *grp = to_ana_group(item);

	return sysfs_emit(page, "%s\n",
			  tgt_map_name(tgt_ana_states, ARRAY_SIZE(tgt_ana_states),
				       READ_ONCE(grp->port->ana_state[grp->grpid])));
}

static ssize_t tgt_ana_group_ana_state_store(struct config_item *item, const char *page,
					     size_t count)
{
	struct nvmeof_tgt_ana_group *grp = to_ana_group(item);
	const struct tgt_name_map *m;

	m = tgt_map_find_name(tgt_ana_states, ARRAY_SIZE(tgt_ana_states), page);
	if (!m) {
		pr_err("port %u ana group %u: invalid ana_state '%.*s' (want optimized, non-optimized, inaccessible, persistent-loss or change)\n",
		       grp->port->portid, grp->grpid, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	grp->port->ana_state[grp->grpid] = m->type;
	nvmeof_tgt_port_ana_changed(grp->port, grp->grpid);
	up_write(&nvmeof_tgt_config_sem);
	return count;
}
CONFIGFS_ATTR(tgt_ana_group_, ana_state);

static struct configfs_attribute *tgt_ana_group_attrs[] = {
	&tgt_ana_group_attr_ana_state,
	NULL,
};

static void tgt_ana_group_release(struct config_item *item)
{
	struct nvmeof_tgt_ana_group *grp = to_ana_group(item);
	struct nvmeof_tgt_port *port = grp->port;

	/* The default group is part of the port and goes with it. */
	if (grp == &port->ana_default_group)
		return;
	down_write(&nvmeof_tgt_config_sem);
	port->ana_state[grp->grpid] = NVMEOF_ANA_INACCESSIBLE;
	nvmeof_tgt_ana_group_enabled[grp->grpid]--;
	nvmeof_tgt_port_ana_changed(port, grp->grpid);
	up_write(&nvmeof_tgt_config_sem);
	kfree(grp);
}

static struct configfs_item_operations tgt_ana_group_item_ops = {
	.release	= tgt_ana_group_release,
};

static const struct config_item_type tgt_ana_group_type = {
	.ct_item_ops	= &tgt_ana_group_item_ops,
	.ct_attrs	= tgt_ana_group_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *tgt_ana_groups_make(struct config_group *group, const char *name)
{
	struct nvmeof_tgt_port *port = container_of(group, struct nvmeof_tgt_port,
						    ana_groups_group);
	struct nvmeof_tgt_ana_group *grp;
	u32 grpid;
	int ret;

	/* Group 1 always exists; the others are 2..NVMEOF_TGT_MAX_ANAGRPS. */
	ret = kstrtou32(name, 0, &grpid);
	if (!ret && (grpid <= NVMEOF_TGT_DEFAULT_ANA_GRPID || grpid > NVMEOF_TGT_MAX_ANAGRPS))
		ret = -EINVAL;
	if (ret) {
		pr_err("port %u: invalid ANA group '%s' (want 2..%u)\n", port->portid, name,
		       NVMEOF_TGT_MAX_ANAGRPS);
		return ERR_PTR(ret);
	}
	grpid = array_index_nospec(grpid, NVMEOF_TGT_MAX_ANAGRPS + 1);
	grp = kzalloc(sizeof(*grp), GFP_KERNEL);
	if (!grp)
		return ERR_PTR(-ENOMEM);
	grp->port = port;
	grp->grpid = grpid;

	down_write(&nvmeof_tgt_config_sem);
	nvmeof_tgt_ana_group_enabled[grpid]++;
	nvmeof_tgt_port_ana_changed(port, grpid);
	up_write(&nvmeof_tgt_config_sem);

	config_group_init_type_name(&grp->group, name, &tgt_ana_group_type);
	return &grp->group;
}

static struct configfs_group_operations tgt_ana_groups_group_ops = {
	.make_group	= tgt_ana_groups_make,
};

static const struct config_item_type tgt_ana_groups_type = {
	.ct_group_ops	= &tgt_ana_groups_group_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- ports/<id>/ --- */

static struct configfs_attribute *tgt_port_attrs[] = {
	&tgt_port_attr_addr_adrfam,
	&tgt_port_attr_addr_treq,
	&tgt_port_attr_addr_traddr,
	&tgt_port_attr_addr_trsvcid,
	&tgt_port_attr_addr_trtype,
	&tgt_port_attr_addr_tsas,
	&tgt_port_attr_param_inline_data_size,
	&tgt_port_attr_param_max_queue_size,
	NULL,
};

static void tgt_port_free(struct kref *ref)
{
	kfree(container_of(ref, struct nvmeof_tgt_port, ref));
}

void nvmeof_tgt_port_get(struct nvmeof_tgt_port *port)
{
	kref_get(&port->ref);
}

void nvmeof_tgt_port_put(struct nvmeof_tgt_port *port)
{
	kref_put(&port->ref, tgt_port_free);
}

static void tgt_port_release(struct config_item *item)
{
	struct nvmeof_tgt_port *port = to_port(item);

	down_write(&nvmeof_tgt_config_sem);
	list_del(&port->global_entry);
	up_write(&nvmeof_tgt_config_sem);
	/* Queues and controllers still tearing down hold their own references. */
	nvmeof_tgt_port_put(port);
}

static struct configfs_item_operations tgt_port_item_ops = {
	.release	= tgt_port_release,
};

static const struct config_item_type tgt_port_type = {
	.ct_item_ops	= &tgt_port_item_ops,
	.ct_attrs	= tgt_port_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *tgt_ports_make(struct config_group *group, const char *name)
{
	struct nvmeof_tgt_port *port;
	u16 portid;
	u32 i;

	if (kstrtou16(name, 0, &portid)) {
		pr_err("invalid port '%s' (want a port ID 0..65535)\n", name);
		return ERR_PTR(-EINVAL);
	}
	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return ERR_PTR(-ENOMEM);

	kref_init(&port->ref);
	INIT_LIST_HEAD(&port->global_entry);
	INIT_LIST_HEAD(&port->subsystems);
	INIT_LIST_HEAD(&port->referrals);
	port->portid = portid;
	port->disc_addr.portid = cpu_to_le16(portid);
	port->disc_addr.adrfam = TGT_ADRFAM_UNSET;
	/* Our queues never need SQ flow control; hosts may turn it off. */
	port->disc_addr.treq = NVMEOF_TREQ_DISABLE_SQFLOW;
	port->inline_data_size = -1;
	port->max_queue_size = -1;
	for (i = 1; i <= NVMEOF_TGT_MAX_ANAGRPS; i++)
		port->ana_state[i] = i == NVMEOF_TGT_DEFAULT_ANA_GRPID ?
				     NVMEOF_ANA_OPTIMIZED : NVMEOF_ANA_INACCESSIBLE;

	config_group_init_type_name(&port->group, name, &tgt_port_type);
	config_group_init_type_name(&port->subsys_group, "subsystems", &tgt_port_subsys_type);
	configfs_add_default_group(&port->subsys_group, &port->group);
	config_group_init_type_name(&port->referrals_group, "referrals", &tgt_referrals_type);
	configfs_add_default_group(&port->referrals_group, &port->group);
	config_group_init_type_name(&port->ana_groups_group, "ana_groups", &tgt_ana_groups_type);
	configfs_add_default_group(&port->ana_groups_group, &port->group);

	port->ana_default_group.port = port;
	port->ana_default_group.grpid = NVMEOF_TGT_DEFAULT_ANA_GRPID;
	config_group_init_type_name(&port->ana_default_group.group,
				    __stringify(NVMEOF_TGT_DEFAULT_ANA_GRPID), &tgt_ana_group_type);
	configfs_add_default_group(&port->ana_default_group.group, &port->ana_groups_group);

	down_write(&nvmeof_tgt_config_sem);
	list_add_tail(&port->global_entry, &nvmeof_tgt_ports);
	up_write(&nvmeof_tgt_config_sem);
	return &port->group;
}

static struct configfs_group_operations tgt_ports_group_ops = {
	.make_group	= tgt_ports_make,
};

static const struct config_item_type tgt_ports_type = {
	.ct_group_ops	= &tgt_ports_group_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- subsystems/<nqn>/namespaces/<nsid>/ --- */

/*
 * Runs @fn on a disabled namespace under the subsystem lock, or refuses with
 * -EBUSY and one line naming the attribute.
 */
static ssize_t tgt_ns_store_disabled(struct nvmeof_tgt_ns *ns, const char *attr,
				     const char *page, size_t count,
				     int (*fn)(struct nvmeof_tgt_ns *ns, const char *page,
					       size_t len))
{
	size_t len = tgt_value_len(page);
	int ret;

	mutex_lock(&ns->subsys->lock);
	/* An open backend: enabled, or a disable still waiting for its I/O. */
	if (ns->enabled || ns->bdev || ns->file) {
		pr_err("namespace %u of %s: cannot set %s to '%.*s' while %s\n",
		       ns->nsid, ns->subsys->subsysnqn, attr, (int)min_t(size_t, len, 256), page,
		       ns->enabled ? "enabled" : "being disabled");
		ret = -EBUSY;
	} else {
		ret = fn(ns, page, len);
		if (ret == -EINVAL)
			pr_err("namespace %u of %s: invalid %s '%.*s'\n", ns->nsid,
			       ns->subsys->subsysnqn, attr, (int)min_t(size_t, len, 256), page);
	}
	mutex_unlock(&ns->subsys->lock);
	return ret ? ret : count;
}

static ssize_t tgt_ns_device_path_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_ns *ns = to_ns(item);
	ssize_t ret;

	mutex_lock(&ns->subsys->lock);
	ret = sysfs_emit(page, "%s\n", ns->device_path ? ns->device_path : "(null)");
	mutex_unlock(&ns->subsys->lock);
	return ret;
}

static int tgt_ns_set_device_path(struct nvmeof_tgt_ns *ns, const char *page, size_t len)
{
	char *path;

	if (!len || len >= PATH_MAX)
		return -EINVAL;
	path = kmemdup_nul(page, len, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	kfree(ns->device_path);
	ns->device_path = path;
	return 0;
}

static ssize_t tgt_ns_device_path_store(struct config_item *item, const char *page,
					size_t count)
{
	return tgt_ns_store_disabled(to_ns(item), "device_path", page, count,
				     tgt_ns_set_device_path);
}
CONFIGFS_ATTR(tgt_ns_, device_path);

static ssize_t tgt_ns_device_uuid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%pUb\n", &to_ns(item)->uuid);
}

static int tgt_ns_set_uuid(struct nvmeof_tgt_ns *ns, const char *page, size_t len)
{
	u8 uuid[NVMEOF_UUID_SIZE];

	if (nvmeof_uuid_parse(page, len, uuid))
		return -EINVAL;
	import_uuid(&ns->uuid, uuid);
	return 0;
}

static ssize_t tgt_ns_device_uuid_store(struct config_item *item, const char *page,
					size_t count)
{
	return tgt_ns_store_disabled(to_ns(item), "device_uuid", page, count, tgt_ns_set_uuid);
}
CONFIGFS_ATTR(tgt_ns_, device_uuid);

static ssize_t tgt_ns_device_nguid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%pUb\n", to_ns(item)->nguid);
}

static int tgt_ns_set_nguid(struct nvmeof_tgt_ns *ns, const char *page, size_t len)
{
	return nvmeof_nguid_parse(page, len, ns->nguid) ? -EINVAL : 0;
}

static ssize_t tgt_ns_device_nguid_store(struct config_item *item, const char *page,
					 size_t count)
{
	return tgt_ns_store_disabled(to_ns(item), "device_nguid", page, count, tgt_ns_set_nguid);
}
CONFIGFS_ATTR(tgt_ns_, device_nguid);

static ssize_t tgt_ns_buffered_io_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_ns(item)->buffered_io);
}

static int tgt_ns_set_buffered_io(struct nvmeof_tgt_ns *ns, const char *page, size_t len)
{
	bool val;

	if (kstrtobool(page, &val))
		return -EINVAL;
	ns->buffered_io = val;
	return 0;
}

static ssize_t tgt_ns_buffered_io_store(struct config_item *item, const char *page,
					size_t count)
{
	struct nvmeof_tgt_ns *ns = to_ns(item);
	ssize_t ret;

	ret = tgt_ns_store_disabled(ns, "buffered_io", page, count, tgt_ns_set_buffered_io);
	/* In-tree answers -EINVAL, not -EBUSY, for buffered_io on an enabled namespace. */
	return ret == -EBUSY ? -EINVAL : ret;
}
CONFIGFS_ATTR(tgt_ns_, buffered_io);

static ssize_t tgt_ns_enable_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_ns(item)->enabled);
}

static ssize_t tgt_ns_enable_store(struct config_item *item, const char *page, size_t count)
{
	struct nvmeof_tgt_ns *ns = to_ns(item);
	bool enable;
	int ret = 0;

	if (kstrtobool(page, &enable)) {
		pr_err("namespace %u of %s: invalid enable '%.*s' (want 0 or 1)\n", ns->nsid,
		       ns->subsys->subsysnqn, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	/*
	 * Disable waits for the namespace's I/O without the global lock (see
	 * nvmeof_tgt_ns_disable()); an enable meanwhile fails with -EBUSY.
	 */
	if (!enable) {
		nvmeof_tgt_ns_disable(ns);
		return count;
	}
	down_write(&nvmeof_tgt_config_sem);
	ret = nvmeof_tgt_ns_enable(ns);
	up_write(&nvmeof_tgt_config_sem);
	return ret ? ret : count;
}
CONFIGFS_ATTR(tgt_ns_, enable);

static ssize_t tgt_ns_ana_grpid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(to_ns(item)->anagrpid));
}

static ssize_t tgt_ns_ana_grpid_store(struct config_item *item, const char *page,
				      size_t count)
{
	struct nvmeof_tgt_ns *ns = to_ns(item);
	u32 grpid;
	int ret;

	/* kstrtou32()'s errno (-ERANGE past 32 bits) as in-tree, else -EINVAL. */
	ret = kstrtou32(page, 0, &grpid);
	if (!ret && (grpid < 1 || grpid > NVMEOF_TGT_MAX_ANAGRPS))
		ret = -EINVAL;
	if (ret) {
		pr_err("namespace %u of %s: invalid ana_grpid '%.*s' (want 1..%u)\n", ns->nsid,
		       ns->subsys->subsysnqn, (int)tgt_value_len(page), page,
		       NVMEOF_TGT_MAX_ANAGRPS);
		return ret;
	}
	grpid = array_index_nospec(grpid, NVMEOF_TGT_MAX_ANAGRPS + 1);

	/* Allowed while enabled, as in-tree: that is how a namespace moves between groups. */
	down_write(&nvmeof_tgt_config_sem);
	nvmeof_tgt_ana_group_enabled[grpid]++;
	nvmeof_tgt_ana_group_enabled[ns->anagrpid]--;
	WRITE_ONCE(ns->anagrpid, grpid);
	nvmeof_tgt_ns_ana_moved(ns->subsys);
	up_write(&nvmeof_tgt_config_sem);
	return count;
}
CONFIGFS_ATTR(tgt_ns_, ana_grpid);

static ssize_t tgt_ns_revalidate_size_store(struct config_item *item, const char *page,
					    size_t count)
{
	struct nvmeof_tgt_ns *ns = to_ns(item);
	struct nvmeof_tgt_subsys *subsys = ns->subsys;
	ssize_t ret = count;
	bool val;

	if (kstrtobool(page, &val) || !val) {
		pr_err("namespace %u of %s: invalid revalidate_size '%.*s' (want 1)\n", ns->nsid,
		       subsys->subsysnqn, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (!ns->enabled) {
		pr_err("namespace %u of %s: enable the namespace before revalidate_size\n",
		       ns->nsid, subsys->subsysnqn);
		ret = -EINVAL;
	} else if (nvmeof_tgt_ns_revalidate(ns)) {
		nvmeof_tgt_ns_changed(subsys, ns->nsid);
	}
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR_WO(tgt_ns_, revalidate_size);

static struct configfs_attribute *tgt_ns_attrs[] = {
	&tgt_ns_attr_device_path,
	&tgt_ns_attr_device_nguid,
	&tgt_ns_attr_device_uuid,
	&tgt_ns_attr_ana_grpid,
	&tgt_ns_attr_enable,
	&tgt_ns_attr_buffered_io,
	&tgt_ns_attr_revalidate_size,
	NULL,
};

static void tgt_ns_release(struct config_item *item)
{
	nvmeof_tgt_ns_free(to_ns(item));
}

static struct configfs_item_operations tgt_ns_item_ops = {
	.release	= tgt_ns_release,
};

static const struct config_item_type tgt_ns_type = {
	.ct_item_ops	= &tgt_ns_item_ops,
	.ct_attrs	= tgt_ns_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *tgt_ns_make(struct config_group *group, const char *name)
{
	struct nvmeof_tgt_subsys *subsys = container_of(group, struct nvmeof_tgt_subsys,
							namespaces_group);
	struct nvmeof_tgt_ns *ns;
	u32 nsid;

	if (kstrtou32(name, 0, &nsid) || nsid == 0 || nsid == NVMEOF_NSID_ALL) {
		pr_err("subsystem %s: invalid namespace '%s' (want an NSID 1..%u)\n",
		       subsys->subsysnqn, name, NVMEOF_NSID_ALL - 1);
		return ERR_PTR(-EINVAL);
	}
	ns = nvmeof_tgt_ns_alloc(subsys, nsid);
	if (!ns)
		return ERR_PTR(-ENOMEM);
	config_group_init_type_name(&ns->group, name, &tgt_ns_type);
	pr_info("adding nsid %u to subsystem %s\n", nsid, subsys->subsysnqn);
	return &ns->group;
}

static struct configfs_group_operations tgt_namespaces_group_ops = {
	.make_group	= tgt_ns_make,
};

static const struct config_item_type tgt_namespaces_type = {
	.ct_group_ops	= &tgt_namespaces_group_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- subsystems/<nqn>/allowed_hosts/ --- */

static int tgt_allowed_hosts_allow_link(struct config_item *parent, struct config_item *target)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(parent->ci_parent);
	struct nvmeof_tgt_host_link *link, *p;
	struct nvmeof_tgt_host *host;
	int ret;

	if (target->ci_type != &tgt_host_type) {
		pr_err("subsystem %s: only hosts can be linked into allowed_hosts/\n",
		       subsys->subsysnqn);
		return -EINVAL;
	}
	host = to_host(target);
	link = kmalloc(sizeof(*link), GFP_KERNEL);
	if (!link)
		return -ENOMEM;
	link->host = host;

	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	ret = -EINVAL;
	if (subsys->allow_any_host) {
		pr_err("subsystem %s: cannot add allowed host %s while attr_allow_any_host is 1\n",
		       subsys->subsysnqn, config_item_name(&host->group.cg_item));
		goto out_unlock;
	}
	ret = -EEXIST;
	list_for_each_entry(p, &subsys->hosts, entry)
		if (!strcmp(config_item_name(&p->host->group.cg_item),
			    config_item_name(&host->group.cg_item)))
			goto out_unlock;
	list_add_tail(&link->entry, &subsys->hosts);
	mutex_unlock(&subsys->lock);
	nvmeof_tgt_discovery_changed(NULL, subsys);
	up_write(&nvmeof_tgt_config_sem);
	return 0;

out_unlock:
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	kfree(link);
	return ret;
}

static void tgt_allowed_hosts_drop_link(struct config_item *parent, struct config_item *target)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(parent->ci_parent);
	struct nvmeof_tgt_host *host = to_host(target);
	struct nvmeof_tgt_host_link *p, *found = NULL;

	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	list_for_each_entry(p, &subsys->hosts, entry) {
		if (p->host == host) {
			found = p;
			list_del(&p->entry);
			break;
		}
	}
	mutex_unlock(&subsys->lock);
	if (found)
		nvmeof_tgt_discovery_changed(NULL, subsys);
	up_write(&nvmeof_tgt_config_sem);
	if (found)
		nvmeof_tgt_subsys_acl_changed(subsys);
	kfree(found);
}

static struct configfs_item_operations tgt_allowed_hosts_item_ops = {
	.allow_link	= tgt_allowed_hosts_allow_link,
	.drop_link	= tgt_allowed_hosts_drop_link,
};

static const struct config_item_type tgt_allowed_hosts_type = {
	.ct_item_ops	= &tgt_allowed_hosts_item_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- subsystems/<nqn>/ --- */

static ssize_t tgt_subsys_attr_allow_any_host_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_subsys(item)->allow_any_host);
}

static ssize_t tgt_subsys_attr_allow_any_host_store(struct config_item *item,
						    const char *page, size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	bool allow, changed = false;
	ssize_t ret = count;

	if (kstrtobool(page, &allow)) {
		pr_err("subsystem %s: invalid attr_allow_any_host '%.*s' (want 0 or 1)\n",
		       subsys->subsysnqn, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (allow && !list_empty(&subsys->hosts)) {
		pr_err("subsystem %s: cannot set attr_allow_any_host to 1 while allowed_hosts has entries\n",
		       subsys->subsysnqn);
		ret = -EINVAL;
	} else if (subsys->allow_any_host != allow) {
		subsys->allow_any_host = allow;
		changed = true;
	}
	mutex_unlock(&subsys->lock);
	if (changed)
		nvmeof_tgt_discovery_changed(NULL, subsys);
	up_write(&nvmeof_tgt_config_sem);
	if (changed && !allow)
		nvmeof_tgt_subsys_acl_changed(subsys);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_allow_any_host);

static ssize_t tgt_subsys_attr_version_show(struct config_item *item, char *page)
{
	u32 ver = READ_ONCE(to_subsys(item)->ver);

	if (ver & 0xff)
		return sysfs_emit(page, "%u.%u.%u\n", NVMEOF_VS_MAJOR(ver),
				  NVMEOF_VS_MINOR(ver), ver & 0xff);
	return sysfs_emit(page, "%u.%u\n", NVMEOF_VS_MAJOR(ver), NVMEOF_VS_MINOR(ver));
}

/*
 * Serial, model and version are what hosts use to tell subsystems apart;
 * once a host has seen them they must not change. Caller holds subsys->lock.
 */
static bool tgt_subsys_ident_locked(struct nvmeof_tgt_subsys *subsys, const char *attr,
				    const char *page)
{
	lockdep_assert_held(&subsys->lock);
	if (!subsys->ident_locked)
		return false;
	pr_err("subsystem %s: cannot set %s to '%.*s': a host has already identified the subsystem\n",
	       subsys->subsysnqn, attr, (int)min_t(size_t, tgt_value_len(page), 64), page);
	return true;
}

/* "major.minor" or "major.minor.tertiary", decimal, as in-tree accepts. */
static int tgt_parse_version(const char *page, size_t len, u32 *ver)
{
	unsigned int v[3] = { 0, 0, 0 };
	char buf[24], *s = buf, *tok;
	int n = 0;

	if (!len || len >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, page, len);
	buf[len] = '\0';
	while ((tok = strsep(&s, ".")) != NULL) {
		if (n == ARRAY_SIZE(v) || kstrtouint(tok, 10, &v[n]))
			return -EINVAL;
		n++;
	}
	if (n < 2 || v[0] > 0xffff || v[1] > 0xff || v[2] > 0xff)
		return -EINVAL;
	*ver = NVMEOF_VS(v[0], v[1], v[2]);
	return 0;
}

static ssize_t tgt_subsys_attr_version_store(struct config_item *item, const char *page,
					     size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	size_t len = tgt_value_len(page);
	ssize_t ret = count;
	u32 ver;

	if (tgt_parse_version(page, len, &ver)) {
		pr_err("subsystem %s: invalid attr_version '%.*s' (want major.minor[.tertiary])\n",
		       subsys->subsysnqn, (int)min_t(size_t, len, 64), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (tgt_subsys_ident_locked(subsys, "attr_version", page))
		ret = -EINVAL;
	else
		WRITE_ONCE(subsys->ver, ver);
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_version);

static ssize_t tgt_subsys_attr_serial_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);

	return sysfs_emit(page, "%.*s\n", NVMEOF_TGT_SERIAL_LEN, subsys->serial);
}

static ssize_t tgt_subsys_attr_serial_store(struct config_item *item, const char *page,
					    size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	size_t len = tgt_value_len(page);
	ssize_t ret = count;

	if (!len || len > NVMEOF_TGT_SERIAL_LEN || !tgt_is_ascii(page, len)) {
		pr_err("subsystem %s: invalid attr_serial '%.*s' (1..%d printable ASCII characters)\n",
		       subsys->subsysnqn, (int)min_t(size_t, len, 64), page,
		       NVMEOF_TGT_SERIAL_LEN);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (tgt_subsys_ident_locked(subsys, "attr_serial", page)) {
		ret = -EINVAL;
	} else {
		memcpy_and_pad(subsys->serial, NVMEOF_TGT_SERIAL_LEN, page, len, ' ');
		subsys->serial[NVMEOF_TGT_SERIAL_LEN] = '\0';
	}
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_serial);

static ssize_t tgt_subsys_attr_model_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	ssize_t ret;

	mutex_lock(&subsys->lock);
	ret = sysfs_emit(page, "%s\n", subsys->model ? subsys->model : NVMEOF_TGT_DEFAULT_MODEL);
	mutex_unlock(&subsys->lock);
	return ret;
}

static ssize_t tgt_subsys_attr_model_store(struct config_item *item, const char *page,
					   size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	size_t len = tgt_value_len(page);
	ssize_t ret = count;
	char *model;

	if (!len || len > NVMEOF_TGT_MODEL_LEN || !tgt_is_ascii(page, len)) {
		pr_err("subsystem %s: invalid attr_model '%.*s' (1..%d printable ASCII characters)\n",
		       subsys->subsysnqn, (int)min_t(size_t, len, 64), page,
		       NVMEOF_TGT_MODEL_LEN);
		return -EINVAL;
	}
	model = kmemdup_nul(page, len, GFP_KERNEL);
	if (!model)
		return -ENOMEM;
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (tgt_subsys_ident_locked(subsys, "attr_model", page)) {
		ret = -EINVAL;
	} else {
		swap(subsys->model, model);
	}
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	kfree(model);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_model);

static ssize_t tgt_subsys_attr_cntlid_min_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", to_subsys(item)->cntlid_min);
}

static ssize_t tgt_subsys_attr_cntlid_min_store(struct config_item *item, const char *page,
						size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	ssize_t ret = count;
	u16 val;

	if (kstrtou16(page, 0, &val) || !val) {
		pr_err("subsystem %s: invalid attr_cntlid_min '%.*s' (want 1..65535)\n",
		       subsys->subsysnqn, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (val >= subsys->cntlid_max) {
		pr_err("subsystem %s: invalid attr_cntlid_min '%u': not below attr_cntlid_max %u\n",
		       subsys->subsysnqn, val, subsys->cntlid_max);
		ret = -EINVAL;
	} else {
		subsys->cntlid_min = val;
	}
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_cntlid_min);

static ssize_t tgt_subsys_attr_cntlid_max_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", to_subsys(item)->cntlid_max);
}

static ssize_t tgt_subsys_attr_cntlid_max_store(struct config_item *item, const char *page,
						size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	ssize_t ret = count;
	u16 val;

	if (kstrtou16(page, 0, &val) || !val) {
		pr_err("subsystem %s: invalid attr_cntlid_max '%.*s' (want 1..65535)\n",
		       subsys->subsysnqn, (int)tgt_value_len(page), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (val <= subsys->cntlid_min) {
		pr_err("subsystem %s: invalid attr_cntlid_max '%u': not above attr_cntlid_min %u\n",
		       subsys->subsysnqn, val, subsys->cntlid_min);
		ret = -EINVAL;
	} else {
		subsys->cntlid_max = val;
	}
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_cntlid_max);

static ssize_t tgt_subsys_attr_qid_max_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%u\n", to_subsys(item)->max_qid);
}

static ssize_t tgt_subsys_attr_qid_max_store(struct config_item *item, const char *page,
					     size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	u16 val;

	if (kstrtou16(page, 0, &val) || val < 1 || val > NVMEOF_TGT_MAX_QID) {
		pr_err("subsystem %s: invalid attr_qid_max '%.*s' (want 1..%d)\n",
		       subsys->subsysnqn, (int)tgt_value_len(page), page, NVMEOF_TGT_MAX_QID);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	subsys->max_qid = val;
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return count;
}
CONFIGFS_ATTR(tgt_subsys_, attr_qid_max);

static ssize_t tgt_subsys_attr_firmware_show(struct config_item *item, char *page)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	ssize_t ret;

	mutex_lock(&subsys->lock);
	ret = sysfs_emit(page, "%s\n", subsys->firmware);
	mutex_unlock(&subsys->lock);
	return ret;
}

/* Identify Controller FR: 1..8 printable ASCII characters, frozen like the serial. */
static ssize_t tgt_subsys_attr_firmware_store(struct config_item *item, const char *page,
					      size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	size_t len = tgt_value_len(page);
	ssize_t ret = count;

	if (!len || len > NVMEOF_TGT_FR_LEN || !tgt_is_ascii(page, len)) {
		pr_err("subsystem %s: invalid attr_firmware '%.*s' (1..%d printable ASCII characters)\n",
		       subsys->subsysnqn, (int)min_t(size_t, len, 64), page, NVMEOF_TGT_FR_LEN);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (tgt_subsys_ident_locked(subsys, "attr_firmware", page)) {
		ret = -EINVAL;
	} else {
		memcpy(subsys->firmware, page, len);
		subsys->firmware[len] = '\0';
	}
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_firmware);

static ssize_t tgt_subsys_attr_ieee_oui_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "0x%06x\n", READ_ONCE(to_subsys(item)->ieee_oui));
}

/* Identify Controller IEEE: a 24-bit number in any base kstrtou32() reads. */
static ssize_t tgt_subsys_attr_ieee_oui_store(struct config_item *item, const char *page,
					      size_t count)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);
	ssize_t ret = count;
	u32 val;
	int err;

	/* kstrtou32()'s errno (-ERANGE past 32 bits), as in-tree. */
	err = kstrtou32(page, 0, &val);
	if (!err && val > NVMEOF_TGT_IEEE_OUI_MAX)
		err = -EINVAL;
	if (err) {
		pr_err("subsystem %s: invalid attr_ieee_oui '%.*s' (want 0..0x%06x)\n",
		       subsys->subsysnqn, (int)min_t(size_t, tgt_value_len(page), 64), page,
		       NVMEOF_TGT_IEEE_OUI_MAX);
		return err;
	}
	down_write(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	if (tgt_subsys_ident_locked(subsys, "attr_ieee_oui", page))
		ret = -EINVAL;
	else
		WRITE_ONCE(subsys->ieee_oui, val);
	mutex_unlock(&subsys->lock);
	up_write(&nvmeof_tgt_config_sem);
	return ret;
}
CONFIGFS_ATTR(tgt_subsys_, attr_ieee_oui);

/*
 * attr_pi_enable is left out: this target does not carry protection
 * information, and an attribute that accepts 1 and does nothing would lie.
 */
static struct configfs_attribute *tgt_subsys_attrs[] = {
	&tgt_subsys_attr_attr_allow_any_host,
	&tgt_subsys_attr_attr_version,
	&tgt_subsys_attr_attr_serial,
	&tgt_subsys_attr_attr_cntlid_min,
	&tgt_subsys_attr_attr_cntlid_max,
	&tgt_subsys_attr_attr_model,
	&tgt_subsys_attr_attr_qid_max,
	&tgt_subsys_attr_attr_ieee_oui,
	&tgt_subsys_attr_attr_firmware,
	NULL,
};

static void tgt_subsys_release(struct config_item *item)
{
	struct nvmeof_tgt_subsys *subsys = to_subsys(item);

	nvmeof_tgt_subsys_del_ctrls(subsys);
	nvmeof_tgt_subsys_put(subsys);
}

static struct configfs_item_operations tgt_subsys_item_ops = {
	.release	= tgt_subsys_release,
};

static const struct config_item_type tgt_subsys_type = {
	.ct_item_ops	= &tgt_subsys_item_ops,
	.ct_attrs	= tgt_subsys_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *tgt_subsys_make(struct config_group *group, const char *name)
{
	struct nvmeof_tgt_subsys *subsys;

	bool taken;

	if (nvmeof_nqn_is_discovery(name, strlen(name) + 1)) {
		pr_err("subsystem %s: the discovery subsystem cannot be created through configfs\n",
		       name);
		return ERR_PTR(-EINVAL);
	}
	/* configfs holds su_mutex here, so discovery_nqn cannot take the name meanwhile. */
	down_read(&nvmeof_tgt_config_sem);
	taken = !strcmp(name, nvmeof_tgt_disc_subsys->subsysnqn);
	up_read(&nvmeof_tgt_config_sem);
	if (taken) {
		pr_err("subsystem %s: the name is the discovery subsystem's (discovery_nqn)\n",
		       name);
		return ERR_PTR(-EINVAL);
	}
	if (!nvmeof_nqn_valid_loose(name, strlen(name) + 1)) {
		pr_err("subsystem %.*s: invalid NQN (1..%d characters, no control characters)\n",
		       NVMEOF_NQN_MAX_LEN + 1, name, NVMEOF_NQN_MAX_LEN);
		return ERR_PTR(-EINVAL);
	}
	subsys = nvmeof_tgt_subsys_alloc(name, NVMEOF_TGT_SUBSYS_NVME);
	if (IS_ERR(subsys))
		return ERR_CAST(subsys);
	if (!subsys)
		return ERR_PTR(-ENOMEM);

	config_group_init_type_name(&subsys->group, name, &tgt_subsys_type);
	config_group_init_type_name(&subsys->namespaces_group, "namespaces",
				    &tgt_namespaces_type);
	configfs_add_default_group(&subsys->namespaces_group, &subsys->group);
	config_group_init_type_name(&subsys->allowed_hosts_group, "allowed_hosts",
				    &tgt_allowed_hosts_type);
	configfs_add_default_group(&subsys->allowed_hosts_group, &subsys->group);
	return &subsys->group;
}

static struct configfs_group_operations tgt_subsystems_group_ops = {
	.make_group	= tgt_subsys_make,
};

static const struct config_item_type tgt_subsystems_type = {
	.ct_group_ops	= &tgt_subsystems_group_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- hosts/<hostnqn>/ --- */

/*
 * DH-HMAC-CHAP settings, with the in-tree names and values. They are read
 * at each admin Connect, so a change applies to the next association.
 */

/* Shows a secret in the DHHC-1 form it was written in (as in-tree does). */
static ssize_t tgt_host_key_show(struct nvmeof_tgt_host *host, bool ctrl, char *page)
{
	struct nvmeof_auth_secret *k;
	ssize_t ret = 0;
	char *text;
	int len;

	text = kzalloc(NVMEOF_AUTH_SECRET_STR_SIZE, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	down_read(&nvmeof_tgt_config_sem);
	k = ctrl ? host->dhchap_ctrl_key : host->dhchap_key;
	if (k) {
		len = nvmeof_auth_secret_format(k, text, NVMEOF_AUTH_SECRET_STR_SIZE);
		ret = len < 0 ? len : sysfs_emit(page, "%s\n", text);
	} else {
		ret = sysfs_emit(page, "\n");
	}
	up_read(&nvmeof_tgt_config_sem);
	kfree_sensitive(text);
	return ret;
}

/*
 * Stricter than in-tree, which keeps any "DHHC-1:hh:" text and finds out at
 * Connect: the whole secret is parsed here (CRC, length). An empty write
 * removes the key.
 */
static ssize_t tgt_host_key_store(struct nvmeof_tgt_host *host, bool ctrl,
				  const char *page, size_t count)
{
	struct nvmeof_auth_secret *k = NULL, **slot;
	size_t len = tgt_value_len(page);

	if (len) {
		k = nvmeof_auth_secret_alloc();
		if (!k)
			return -ENOMEM;
		if (nvmeof_auth_secret_parse(page, len, k)) {
			pr_err("host %s: invalid %s (want DHHC-1:hh:<base64>:)\n",
			       config_item_name(&host->group.cg_item),
			       ctrl ? "dhchap_ctrl_key" : "dhchap_key");
			nvmeof_auth_secret_free(k);
			return -EINVAL;
		}
	}
	down_write(&nvmeof_tgt_config_sem);
	slot = ctrl ? &host->dhchap_ctrl_key : &host->dhchap_key;
	swap(*slot, k);
	up_write(&nvmeof_tgt_config_sem);
	nvmeof_auth_secret_free(k);
	return count;
}

static ssize_t tgt_host_dhchap_key_show(struct config_item *item, char *page)
{
	return tgt_host_key_show(to_host(item), false, page);
}

static ssize_t tgt_host_dhchap_key_store(struct config_item *item, const char *page,
					 size_t count)
{
	return tgt_host_key_store(to_host(item), false, page, count);
}

static ssize_t tgt_host_dhchap_ctrl_key_show(struct config_item *item, char *page)
{
	return tgt_host_key_show(to_host(item), true, page);
}

static ssize_t tgt_host_dhchap_ctrl_key_store(struct config_item *item, const char *page,
					      size_t count)
{
	return tgt_host_key_store(to_host(item), true, page, count);
}

static ssize_t tgt_host_dhchap_hash_show(struct config_item *item, char *page)
{
	const struct nvmeof_auth_hash *h;

	down_read(&nvmeof_tgt_config_sem);
	h = nvmeof_auth_hash_by_id(to_host(item)->dhchap_hash_id);
	up_read(&nvmeof_tgt_config_sem);
	return sysfs_emit(page, "%s\n", h ? h->hmac : "");
}

static ssize_t tgt_host_dhchap_hash_store(struct config_item *item, const char *page,
					  size_t count)
{
	struct nvmeof_tgt_host *host = to_host(item);
	size_t len = tgt_value_len(page);
	const struct nvmeof_auth_hash *h;

	h = nvmeof_auth_hash_by_name(page, len);
	if (!h) {
		pr_err("host %s: invalid dhchap_hash '%.*s' (want hmac(sha256), hmac(sha384) or hmac(sha512))\n",
		       config_item_name(&host->group.cg_item), (int)min_t(size_t, len, 32), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	host->dhchap_hash_id = h->id;
	up_write(&nvmeof_tgt_config_sem);
	return count;
}

static ssize_t tgt_host_dhchap_dhgroup_show(struct config_item *item, char *page)
{
	const char *name;

	down_read(&nvmeof_tgt_config_sem);
	name = nvmeof_auth_dhgroup_name(to_host(item)->dhchap_dhgid);
	up_read(&nvmeof_tgt_config_sem);
	return sysfs_emit(page, "%s\n", name ? name : "");
}

static ssize_t tgt_host_dhchap_dhgroup_store(struct config_item *item, const char *page,
					     size_t count)
{
	struct nvmeof_tgt_host *host = to_host(item);
	size_t len = tgt_value_len(page);
	u8 id;

	if (nvmeof_auth_dhgroup_by_name(page, len, &id)) {
		pr_err("host %s: invalid dhchap_dhgroup '%.*s' (want null or ffdhe2048..ffdhe8192)\n",
		       config_item_name(&host->group.cg_item), (int)min_t(size_t, len, 32), page);
		return -EINVAL;
	}
	down_write(&nvmeof_tgt_config_sem);
	host->dhchap_dhgid = id;
	up_write(&nvmeof_tgt_config_sem);
	return count;
}

/* The keys are secrets: root only, unlike the other attributes. */
static struct configfs_attribute tgt_host_attr_dhchap_key = {
	.ca_name	= "dhchap_key",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0600,
	.show		= tgt_host_dhchap_key_show,
	.store		= tgt_host_dhchap_key_store,
};

static struct configfs_attribute tgt_host_attr_dhchap_ctrl_key = {
	.ca_name	= "dhchap_ctrl_key",
	.ca_owner	= THIS_MODULE,
	.ca_mode	= 0600,
	.show		= tgt_host_dhchap_ctrl_key_show,
	.store		= tgt_host_dhchap_ctrl_key_store,
};

CONFIGFS_ATTR(tgt_host_, dhchap_hash);
CONFIGFS_ATTR(tgt_host_, dhchap_dhgroup);

static struct configfs_attribute *tgt_host_attrs[] = {
	&tgt_host_attr_dhchap_key,
	&tgt_host_attr_dhchap_ctrl_key,
	&tgt_host_attr_dhchap_hash,
	&tgt_host_attr_dhchap_dhgroup,
	NULL,
};

static void tgt_host_release(struct config_item *item)
{
	struct nvmeof_tgt_host *host = to_host(item);

	nvmeof_auth_secret_free(host->dhchap_key);
	nvmeof_auth_secret_free(host->dhchap_ctrl_key);
	kfree(host);
}

static struct configfs_item_operations tgt_host_item_ops = {
	.release	= tgt_host_release,
};

static const struct config_item_type tgt_host_type = {
	.ct_item_ops	= &tgt_host_item_ops,
	.ct_attrs	= tgt_host_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group *tgt_hosts_make(struct config_group *group, const char *name)
{
	struct nvmeof_tgt_host *host;

	if (!nvmeof_nqn_valid_loose(name, strlen(name) + 1)) {
		pr_err("host %.*s: invalid NQN (1..%d characters, no control characters)\n",
		       NVMEOF_NQN_MAX_LEN + 1, name, NVMEOF_NQN_MAX_LEN);
		return ERR_PTR(-EINVAL);
	}
	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return ERR_PTR(-ENOMEM);
	/* In-tree defaults: SHA-256, no DH. */
	host->dhchap_hash_id = NVMEOF_AUTH_HASH_SHA256;
	host->dhchap_dhgid = NVMEOF_AUTH_DHGROUP_NULL;
	config_group_init_type_name(&host->group, name, &tgt_host_type);
	return &host->group;
}

static struct configfs_group_operations tgt_hosts_group_ops = {
	.make_group	= tgt_hosts_make,
};

static const struct config_item_type tgt_hosts_type = {
	.ct_group_ops	= &tgt_hosts_group_ops,
	.ct_owner	= THIS_MODULE,
};

/* --- the root --- */

static struct config_group tgt_subsystems_group;
static struct config_group tgt_ports_group;
static struct config_group tgt_hosts_group;
static struct configfs_subsystem tgt_configfs;

static ssize_t tgt_root_discovery_nqn_show(struct config_item *item, char *page)
{
	ssize_t ret;

	down_read(&nvmeof_tgt_config_sem);
	ret = sysfs_emit(page, "%s\n", nvmeof_tgt_disc_subsys->subsysnqn);
	up_read(&nvmeof_tgt_config_sem);
	return ret;
}

/*
 * Renames the discovery subsystem. The well-known name keeps working for
 * Connect, as in-tree; a subsystem's name cannot be taken. The whole write
 * is consumed (in-tree answers the length without the newline, so echo
 * writes the newline again and reports EINVAL after the rename).
 */
static ssize_t tgt_root_discovery_nqn_store(struct config_item *item, const char *page,
					    size_t count)
{
	size_t len = tgt_value_len(page);
	struct config_item *child;
	ssize_t ret = count;
	char *nqn;

	nqn = kmemdup_nul(page, len, GFP_KERNEL);
	if (!nqn)
		return -ENOMEM;
	if (!nvmeof_nqn_valid_loose(nqn, len + 1)) {
		pr_err("invalid discovery_nqn '%.*s' (1..%d characters, no control characters)\n",
		       (int)min_t(size_t, len, NVMEOF_NQN_MAX_LEN + 1), page, NVMEOF_NQN_MAX_LEN);
		kfree(nqn);
		return -EINVAL;
	}
	/* su_mutex guards the children list; mkdir of a subsystem holds it too. */
	mutex_lock(&tgt_configfs.su_mutex);
	down_write(&nvmeof_tgt_config_sem);
	list_for_each_entry(child, &tgt_subsystems_group.cg_children, ci_entry) {
		if (!strcmp(config_item_name(child), nqn)) {
			pr_err("cannot set discovery_nqn to '%s': subsystem %s exists\n", nqn, nqn);
			ret = -EINVAL;
			break;
		}
	}
	if (ret > 0) {
		nvmeof_tgt_disc_rename(nqn);
		nqn = NULL;
	}
	up_write(&nvmeof_tgt_config_sem);
	mutex_unlock(&tgt_configfs.su_mutex);
	kfree(nqn);
	return ret;
}
CONFIGFS_ATTR(tgt_root_, discovery_nqn);

static struct configfs_attribute *tgt_root_attrs[] = {
	&tgt_root_attr_discovery_nqn,
	NULL,
};

static const struct config_item_type tgt_root_type = {
	.ct_attrs	= tgt_root_attrs,
	.ct_owner	= THIS_MODULE,
};

/**
 * nvmeof_tgt_configfs_init() - register the configfs tree and the file backend's queue
 *
 * Called once from the module's init, after the core's globals exist.
 *
 * Return: 0 or -errno.
 */
int nvmeof_tgt_configfs_init(void)
{
	size_t len = configfs_root ? strlen(configfs_root) : 0;
	int ret;

	/* Fits the item's inline name buffer; nothing to free on exit. */
	if (!len || len >= CONFIGFS_ITEM_NAME_LEN || strchr(configfs_root, '/') ||
	    !strcmp(configfs_root, ".") || !strcmp(configfs_root, "..")) {
		pr_err("invalid configfs_root '%s' (1..%d characters, no '/')\n",
		       configfs_root ? configfs_root : "", CONFIGFS_ITEM_NAME_LEN - 1);
		return -EINVAL;
	}

	ret = nvmeof_tgt_file_init();
	if (ret)
		return ret;

	config_group_init_type_name(&tgt_configfs.su_group, configfs_root, &tgt_root_type);
	mutex_init(&tgt_configfs.su_mutex);
	config_group_init_type_name(&tgt_subsystems_group, "subsystems", &tgt_subsystems_type);
	configfs_add_default_group(&tgt_subsystems_group, &tgt_configfs.su_group);
	config_group_init_type_name(&tgt_ports_group, "ports", &tgt_ports_type);
	configfs_add_default_group(&tgt_ports_group, &tgt_configfs.su_group);
	config_group_init_type_name(&tgt_hosts_group, "hosts", &tgt_hosts_type);
	configfs_add_default_group(&tgt_hosts_group, &tgt_configfs.su_group);

	ret = configfs_register_subsystem(&tgt_configfs);
	if (ret == -EEXIST) {
		/* modprobe takes -EEXIST from init for "already loaded" and reports success. */
		pr_err("configfs directory '%s' is taken (in-tree nvmet loaded?): unload it or set configfs_root\n",
		       configfs_root);
		ret = -EBUSY;
		goto out_file_exit;
	}
	if (ret) {
		pr_err("cannot register configfs directory '%s' (%d)\n", configfs_root, ret);
		goto out_file_exit;
	}
	return 0;

out_file_exit:
	nvmeof_tgt_file_exit();
	return ret;
}

/**
 * nvmeof_tgt_configfs_exit() - undo nvmeof_tgt_configfs_init()
 */
void nvmeof_tgt_configfs_exit(void)
{
	configfs_unregister_subsystem(&tgt_configfs);
	nvmeof_tgt_file_exit();
}
