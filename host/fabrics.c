// SPDX-License-Identifier: GPL-2.0-only
/* /dev/nvme-fabrics: the connect option string, the transport registry, controller creation. */
#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uuid.h>
#include <linux/cpumask.h>
#include <linux/inet.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>

#include "host.h"

/* Registered transports; readers look one up, writers (un)register. */
static DECLARE_RWSEM(host_transports_rwsem);
static LIST_HEAD(host_transports);

/* Controllers created through /dev/nvme-fabrics, for the duplicate-connect check. */
DEFINE_MUTEX(host_ctrls_lock);
LIST_HEAD(host_ctrls);

static struct class *host_fabrics_class;
static struct device *host_fabrics_ctl;
static char host_default_nqn[NVMEOF_NQN_SIZE];
/*
 * The host ID of every connect that names none, made once at load (the UUID
 * of host_default_nqn): one host shows one ID to a subsystem, and the
 * duplicate-connect check compares like with like.
 */
static uuid_t host_default_id;

struct device *nvmeof_host_fabrics_parent(void)
{
	return host_fabrics_ctl;
}

/**
 * host_parse_addrs() - the socket addresses a connect string names
 * @o: the options; without trsvcid, @def_port is filled in (and marked given,
 *     so sysfs shows the port connected to, as in-tree)
 * @def_port: the transport's default port
 * @addr: the target's address (traddr, trsvcid)
 * @src_addr: the local address to bind (host_traddr), left as is without it
 * @ifindex: the index of host_iface, left as is without it (a transport
 *     without the option refuses it through its allowed mask)
 *
 * Every transport resolves the same options the same way, with the same
 * messages.
 *
 * Return: 0, or -EINVAL with a message naming what could not be parsed.
 */
static int host_parse_addrs(struct nvmeof_ctrl_opts *o, u16 def_port,
			    struct sockaddr_storage *addr,
			    struct sockaddr_storage *src_addr, int *ifindex)
{
	struct net *net = current->nsproxy->net_ns;
	struct net_device *ndev;

	if (!(o->mask & NVMEOF_OPT_TRSVCID)) {
		snprintf(o->trsvcid, sizeof(o->trsvcid), "%u", def_port);
		o->mask |= NVMEOF_OPT_TRSVCID;
	}
	if (inet_pton_with_scope(net, AF_UNSPEC, o->traddr, o->trsvcid, addr)) {
		pr_err("malformed address passed: %s:%s\n", o->traddr, o->trsvcid);
		return -EINVAL;
	}
	if ((o->mask & NVMEOF_OPT_HOST_TRADDR) &&
	    inet_pton_with_scope(net, AF_UNSPEC, o->host_traddr, NULL, src_addr)) {
		pr_err("malformed src address passed: %s\n", o->host_traddr);
		return -EINVAL;
	}
	if (o->mask & NVMEOF_OPT_HOST_IFACE) {
		ndev = dev_get_by_name(net, o->host_iface);
		if (!ndev) {
			pr_err("invalid interface passed: %s\n", o->host_iface);
			return -EINVAL;
		}
		*ifindex = ndev->ifindex;
		dev_put(ndev);
	}
	return 0;
}

/* Queues a controller made from @o has: the admin queue, then every I/O kind. */
static u32 host_nr_queues(const struct nvmeof_ctrl_opts *o)
{
	return 1 + o->nr_io_queues + o->nr_write_queues + o->nr_poll_queues;
}

/*
 * A transport's new controller, connected: the one creation sequence of
 * every transport, which plugs in through t->ctrl_ops. Owns @opts from the
 * start, whatever happens.
 */
static struct nvmeof_host_ctrl *host_new_ctrl(const struct nvmeof_host_transport *t,
					      struct nvmeof_ctrl_opts *opts)
{
	const struct nvmeof_host_ctrl_ops *ops = t->ctrl_ops;
	struct nvmeof_host_ctrl *ctrl;
	int ret;

	ctrl = kzalloc(ops->ctrl_size, GFP_KERNEL);
	if (!ctrl) {
		ret = -ENOMEM;
		goto out_free_opts;
	}
	ret = host_parse_addrs(opts, t->def_port, &ctrl->addr, &ctrl->src_addr,
			       &ctrl->ifindex);
	if (ret)
		goto out_free_ctrl;
	ret = ops->init_ctrl(ctrl, host_nr_queues(opts));
	if (ret)
		goto out_free_ctrl;

	/* From here on the controller owns @opts and frees itself on error. */
	ret = nvmeof_host_init_ctrl(ctrl, host_fabrics_ctl, ops, opts);
	if (ret)
		return ERR_PTR(ret);
	ret = nvmeof_host_start_new_ctrl(ctrl);
	if (ret)
		return ERR_PTR(ret);
	return ctrl;

out_free_ctrl:
	kfree(ctrl);
out_free_opts:
	kfree_sensitive(opts);
	return ERR_PTR(ret);
}

/**
 * nvmeof_host_register_transport() - make a transport available to connect
 * @t: the transport; stays registered until nvmeof_host_unregister_transport()
 *
 * Return: 0, or -EEXIST when a transport of that name is registered.
 */
int nvmeof_host_register_transport(struct nvmeof_host_transport *t)
{
	struct nvmeof_host_transport *i;
	int ret = 0;

	down_write(&host_transports_rwsem);
	list_for_each_entry(i, &host_transports, entry) {
		if (!strcmp(i->name, t->name)) {
			ret = -EEXIST;
			goto out_unlock;
		}
	}
	list_add_tail(&t->entry, &host_transports);
out_unlock:
	up_write(&host_transports_rwsem);
	return ret;
}
EXPORT_SYMBOL_GPL(nvmeof_host_register_transport);

/**
 * nvmeof_host_unregister_transport() - stop offering a transport
 * @t: a registered transport
 *
 * Existing controllers pin the transport module, so none is left when its
 * exit function calls this.
 */
void nvmeof_host_unregister_transport(struct nvmeof_host_transport *t)
{
	down_write(&host_transports_rwsem);
	list_del(&t->entry);
	up_write(&host_transports_rwsem);
}
EXPORT_SYMBOL_GPL(nvmeof_host_unregister_transport);

static struct nvmeof_host_transport *host_get_transport(const char *name)
{
	struct nvmeof_host_transport *t;

	down_read(&host_transports_rwsem);
	list_for_each_entry(t, &host_transports, entry) {
		if (!strcmp(t->name, name) && try_module_get(t->module)) {
			up_read(&host_transports_rwsem);
			return t;
		}
	}
	up_read(&host_transports_rwsem);
	return NULL;
}

static void host_opts_warn(const struct nvmeof_opts_error *e)
{
	pr_warn("%s '%.*s' in ctrl creation request\n", e->reason,
		(int)min_t(size_t, e->token_len, 256), e->token);
}

static bool host_ctrl_is_duplicate(const struct nvmeof_ctrl_opts *opts)
{
	struct nvmeof_host_ctrl *ctrl;
	bool dup = false;

	mutex_lock(&host_ctrls_lock);
	list_for_each_entry(ctrl, &host_ctrls, fabrics_entry) {
		enum nvmeof_host_state s = nvmeof_host_state(ctrl);

		if (s == NVMEOF_CTRL_DELETING || s == NVMEOF_CTRL_DELETING_NOIO ||
		    s == NVMEOF_CTRL_DEAD)
			continue;
		if (nvmeof_opts_match(opts, ctrl->opts)) {
			dup = true;
			break;
		}
	}
	mutex_unlock(&host_ctrls_lock);
	return dup;
}

static struct nvmeof_host_ctrl *host_create_ctrl(const char *buf, size_t count)
{
	struct nvmeof_opts_defaults defs = { };
	struct nvmeof_host_transport *t;
	struct nvmeof_ctrl_opts *opts;
	struct nvmeof_opts_error err = { };
	struct nvmeof_host_ctrl *ctrl;
	int ret;

	opts = kzalloc(sizeof(*opts), GFP_KERNEL);
	if (!opts)
		return ERR_PTR(-ENOMEM);

	defs.hostnqn = host_default_nqn;
	defs.hostid = host_default_id.b;
	defs.online_cpus = num_online_cpus();
	ret = nvmeof_opts_parse(opts, buf, count, &defs, &err);
	if (ret) {
		if (err.reason)
			host_opts_warn(&err);
		goto out_free_opts;
	}

	request_module("nvmeof-host-%s", opts->transport);
	t = host_get_transport(opts->transport);
	if (!t) {
		pr_info("no handler found for transport %s.\n", opts->transport);
		ret = -EINVAL;
		goto out_free_opts;
	}

	ret = nvmeof_opts_check_required(opts, t->required, &err);
	if (!ret)
		ret = nvmeof_opts_check_allowed(opts, t->allowed, &err);
	if (ret) {
		host_opts_warn(&err);
		goto out_put_transport;
	}

	if (!opts->duplicate_connect && host_ctrl_is_duplicate(opts)) {
		pr_info("controller to %s at %s:%s already exists\n",
			opts->subsysnqn, opts->traddr, opts->trsvcid);
		ret = -EALREADY;
		goto out_put_transport;
	}

	/* host_new_ctrl() owns @opts from here on, whatever happens. */
	ctrl = host_new_ctrl(t, opts);
	module_put(t->module);
	return ctrl;

out_put_transport:
	module_put(t->module);
out_free_opts:
	kfree_sensitive(opts);
	return ERR_PTR(ret);
}

/* One open /dev/nvme-fabrics: at most one controller created through it. */
struct host_fabrics_file {
	struct mutex		lock;	/* guards @ctrl */
	struct nvmeof_host_ctrl	*ctrl;
};

static int host_fabrics_show(struct seq_file *m, void *v)
{
	struct host_fabrics_file *f = m->private;
	char *buf;
	int len;

	mutex_lock(&f->lock);
	if (f->ctrl) {
		seq_printf(m, "instance=%d,cntlid=%d\n", f->ctrl->instance,
			   f->ctrl->cntlid);
		goto out_unlock;
	}
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf) {
		mutex_unlock(&f->lock);
		return -ENOMEM;
	}
	len = nvmeof_opts_format_supported(buf, PAGE_SIZE);
	if (len > 0)
		seq_puts(m, buf);
	kfree(buf);
out_unlock:
	mutex_unlock(&f->lock);
	return 0;
}

static int host_fabrics_open(struct inode *inode, struct file *file)
{
	struct host_fabrics_file *f;
	int ret;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	/* misc_open() left the miscdevice here; seq_file wants the slot. */
	file->private_data = NULL;
	ret = single_open(file, host_fabrics_show, f);
	if (ret)
		kfree(f);
	return ret;
}

static int host_fabrics_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	struct host_fabrics_file *f = m->private;

	if (f->ctrl)
		nvmeof_host_put_ctrl(f->ctrl);
	kfree(f);
	return single_release(inode, file);
}

static ssize_t host_fabrics_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *pos)
{
	struct seq_file *m = file->private_data;
	struct host_fabrics_file *f = m->private;
	struct nvmeof_host_ctrl *ctrl;
	char *buf;
	ssize_t ret;

	if (count > PAGE_SIZE)
		return -ENOMEM;
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);

	mutex_lock(&f->lock);
	if (f->ctrl) {
		ret = -EINVAL;
		goto out_unlock;
	}
	ctrl = host_create_ctrl(buf, count);
	if (IS_ERR(ctrl)) {
		ret = PTR_ERR(ctrl);
		goto out_unlock;
	}
	f->ctrl = ctrl;
	ret = count;
out_unlock:
	mutex_unlock(&f->lock);
	kfree_sensitive(buf);
	return ret;
}

static const struct file_operations host_fabrics_fops = {
	.owner		= THIS_MODULE,
	.open		= host_fabrics_open,
	.release	= host_fabrics_release,
	.read		= seq_read,
	.write		= host_fabrics_write,
};

/*
 * A fixed minor from the "local use" range (devices.txt: 10:243-254), so an
 * opened static /dev/nvme-fabrics node loads us (char-major-10-249). Only the
 * opt-in drop-in creates that node: in-tree nvme-fabrics has a dynamic minor,
 * and a static node would hide its own (Documentation/packaging.md).
 */
#define HOST_FABRICS_MINOR	249

static struct miscdevice host_fabrics_misc = {
	.minor		= HOST_FABRICS_MINOR,
	.name		= "nvme-fabrics",
	.fops		= &host_fabrics_fops,
};
MODULE_ALIAS_MISCDEV(HOST_FABRICS_MINOR);

int nvmeof_host_fabrics_init(void)
{
	int ret;

	uuid_gen(&host_default_id);
	snprintf(host_default_nqn, sizeof(host_default_nqn), "%s%pUb",
		 NVMEOF_NQN_UUID_PREFIX, &host_default_id);

	host_fabrics_class = nvmeof_class_create("nvme-fabrics");
	if (IS_ERR(host_fabrics_class))
		return PTR_ERR(host_fabrics_class);

	host_fabrics_ctl = device_create(host_fabrics_class, NULL, MKDEV(0, 0),
					 NULL, "ctl");
	if (IS_ERR(host_fabrics_ctl)) {
		ret = PTR_ERR(host_fabrics_ctl);
		goto out_destroy_class;
	}

	ret = misc_register(&host_fabrics_misc);
	if (ret)
		goto out_destroy_device;
	return 0;

out_destroy_device:
	device_destroy(host_fabrics_class, MKDEV(0, 0));
out_destroy_class:
	class_destroy(host_fabrics_class);
	return ret;
}

void nvmeof_host_fabrics_exit(void)
{
	misc_deregister(&host_fabrics_misc);
	device_destroy(host_fabrics_class, MKDEV(0, 0));
	class_destroy(host_fabrics_class);
}
