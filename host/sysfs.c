// SPDX-License-Identifier: GPL-2.0-only
/* sysfs attributes of controllers, subsystems and namespace disks, as libnvme reads them. */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <nvmeof/auth.h>
#include "host.h"

/* --- controller --- */

static ssize_t reset_controller_store(struct device *dev, struct device_attribute *attr,
				      const char *buf, size_t count)
{
	int ret = nvmeof_host_reset_ctrl_sync(to_host_ctrl(dev));

	return ret < 0 ? ret : count;
}
static DEVICE_ATTR_WO(reset_controller);

static ssize_t rescan_controller_store(struct device *dev, struct device_attribute *attr,
				       const char *buf, size_t count)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);

	if (nvmeof_host_state(ctrl) == NVMEOF_CTRL_LIVE && ctrl->tagset)
		queue_work(nvmeof_host_wq, &ctrl->scan_work);
	return count;
}
static DEVICE_ATTR_WO(rescan_controller);

static ssize_t delete_controller_store(struct device *dev, struct device_attribute *attr,
				       const char *buf, size_t count)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);

	if (!test_bit(NVMEOF_CTRL_STARTED_ONCE, &ctrl->flags))
		return -EBUSY;
	if (device_remove_file_self(dev, attr))
		nvmeof_host_delete_ctrl_sync(ctrl);
	return count;
}
static DEVICE_ATTR_WO(delete_controller);

#define HOST_CTRL_STR_ATTR(field)						\
static ssize_t field##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);			\
										\
	return sysfs_emit(buf, "%.*s\n", (int)sizeof(ctrl->field), ctrl->field);	\
}										\
static DEVICE_ATTR_RO(field)

HOST_CTRL_STR_ATTR(model);
HOST_CTRL_STR_ATTR(serial);
HOST_CTRL_STR_ATTR(firmware_rev);

#define HOST_CTRL_INT_ATTR(field)						\
static ssize_t field##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	return sysfs_emit(buf, "%d\n", (int)to_host_ctrl(dev)->field);		\
}										\
static DEVICE_ATTR_RO(field)

HOST_CTRL_INT_ATTR(cntlid);
HOST_CTRL_INT_ATTR(queue_count);
HOST_CTRL_INT_ATTR(sqsize);
HOST_CTRL_INT_ATTR(kato);

static ssize_t numa_node_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_to_node(dev));
}
static DEVICE_ATTR_RO(numa_node);

static ssize_t transport_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%s\n", to_host_ctrl(dev)->ops->name);
}
static DEVICE_ATTR_RO(transport);

static ssize_t state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  nvmeof_host_state_name(nvmeof_host_state(to_host_ctrl(dev))));
}
static DEVICE_ATTR_RO(state);

static ssize_t subsysnqn_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);

	if (ctrl->subsys)
		return sysfs_emit(buf, "%s\n", ctrl->subsys->subnqn);
	return sysfs_emit(buf, "%s\n", ctrl->opts->subsysnqn);
}
static DEVICE_ATTR_RO(subsysnqn);

static ssize_t address_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);
	int len = nvmeof_opts_format_address(ctrl->opts, buf, PAGE_SIZE);
	struct sockaddr_storage ss;

	if (len <= 0 || !ctrl->ops->src_addr || ctrl->ops->src_addr(ctrl, &ss))
		return len;
	/* Before the newline, as in-tree. */
	len--;
	len += scnprintf(buf + len, PAGE_SIZE - len, "%ssrc_addr=%pISc\n", len ? "," : "", &ss);
	return len;
}
static DEVICE_ATTR_RO(address);

static ssize_t hostnqn_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n", to_host_ctrl(dev)->opts->hostnqn);
}
static DEVICE_ATTR_RO(hostnqn);

static ssize_t hostid_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%pU\n", to_host_ctrl(dev)->opts->hostid);
}
static DEVICE_ATTR_RO(hostid);

static ssize_t ctrl_loss_tmo_show(struct device *dev, struct device_attribute *attr,
				  char *buf)
{
	struct nvmeof_ctrl_opts *o = to_host_ctrl(dev)->opts;

	if (o->max_reconnects == -1)
		return sysfs_emit(buf, "off\n");
	return sysfs_emit(buf, "%d\n", o->max_reconnects * o->reconnect_delay);
}

static ssize_t ctrl_loss_tmo_store(struct device *dev, struct device_attribute *attr,
				   const char *buf, size_t count)
{
	struct nvmeof_ctrl_opts *o = to_host_ctrl(dev)->opts;
	int v;

	if (kstrtoint(buf, 10, &v))
		return -EINVAL;
	o->ctrl_loss_tmo = v;
	o->max_reconnects = v < 0 ? -1 : DIV_ROUND_UP(v, o->reconnect_delay);
	return count;
}
static DEVICE_ATTR_RW(ctrl_loss_tmo);

static ssize_t reconnect_delay_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_host_ctrl(dev)->opts->reconnect_delay);
}

static ssize_t reconnect_delay_store(struct device *dev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct nvmeof_ctrl_opts *o = to_host_ctrl(dev)->opts;
	int v;

	if (kstrtoint(buf, 10, &v) || v <= 0)
		return -EINVAL;
	o->reconnect_delay = v;
	if (o->max_reconnects != -1 && o->ctrl_loss_tmo >= 0)
		o->max_reconnects = DIV_ROUND_UP(o->ctrl_loss_tmo, v);
	return count;
}
static DEVICE_ATTR_RW(reconnect_delay);

static ssize_t fast_io_fail_tmo_show(struct device *dev, struct device_attribute *attr,
				     char *buf)
{
	int v = to_host_ctrl(dev)->opts->fast_io_fail_tmo;

	if (v == -1)
		return sysfs_emit(buf, "off\n");
	return sysfs_emit(buf, "%d\n", v);
}

static ssize_t fast_io_fail_tmo_store(struct device *dev, struct device_attribute *attr,
				      const char *buf, size_t count)
{
	int v;

	if (kstrtoint(buf, 10, &v))
		return -EINVAL;
	to_host_ctrl(dev)->opts->fast_io_fail_tmo = v < 0 ? -1 : v;
	return count;
}
static DEVICE_ATTR_RW(fast_io_fail_tmo);

static ssize_t cntrltype_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	static const char *const types[] = {
		[NVMEOF_CTRL_TYPE_IO] = "io",
		[NVMEOF_CTRL_TYPE_DISC] = "discovery",
		[NVMEOF_CTRL_TYPE_ADMIN] = "admin",
	};
	u8 t = to_host_ctrl(dev)->cntrltype;

	if (t >= ARRAY_SIZE(types) || !types[t])
		return sysfs_emit(buf, "reserved\n");
	return sysfs_emit(buf, "%s\n", types[t]);
}
static DEVICE_ATTR_RO(cntrltype);

static ssize_t dctype_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	static const char *const types[] = { "none", "ddc", "cdc" };
	u8 t = to_host_ctrl(dev)->dctype;

	if (t >= ARRAY_SIZE(types))
		return sysfs_emit(buf, "reserved\n");
	return sysfs_emit(buf, "%s\n", types[t]);
}
static DEVICE_ATTR_RO(dctype);

/*
 * DH-HMAC-CHAP secrets, as in-tree: shown as written (root only here), and
 * writable to rotate keys: a write re-authenticates the live queues with
 * the new secret, and every later (re)connect uses it.
 */
static ssize_t host_secret_show(struct nvmeof_host_ctrl *ctrl, const char *secret,
				char *buf)
{
	ssize_t ret;

	mutex_lock(&ctrl->auth_lock);
	ret = sysfs_emit(buf, "%s\n", secret[0] ? secret : "none");
	mutex_unlock(&ctrl->auth_lock);
	return ret;
}

static ssize_t host_secret_store(struct nvmeof_host_ctrl *ctrl, bool is_ctrl,
				 const char *buf, size_t count)
{
	struct nvmeof_ctrl_opts *o = ctrl->opts;
	char *dst = is_ctrl ? o->dhchap_ctrl_secret : o->dhchap_secret;
	size_t len = strcspn(buf, "\n");
	struct nvmeof_auth_secret *k;
	int ret;

	if (len >= sizeof(o->dhchap_secret))
		return -EINVAL;
	k = nvmeof_auth_secret_alloc();
	if (!k)
		return -ENOMEM;
	ret = nvmeof_auth_secret_parse(buf, len, k);
	nvmeof_auth_secret_free(k);
	if (ret) {
		dev_err(&ctrl->device, "invalid %s (want DHHC-1:hh:<base64>:)\n",
			is_ctrl ? "dhchap_ctrl_secret" : "dhchap_secret");
		return -EINVAL;
	}
	mutex_lock(&ctrl->auth_lock);
	if (is_ctrl && !o->dhchap_secret[0]) {
		ret = -EINVAL;
	} else {
		memzero_explicit(dst, sizeof(o->dhchap_secret));
		memcpy(dst, buf, len);
	}
	mutex_unlock(&ctrl->auth_lock);
	if (ret)
		return ret;
	nvmeof_host_auth_rekey(ctrl);
	return count;
}

static ssize_t dhchap_secret_show(struct device *dev, struct device_attribute *attr,
				  char *buf)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);

	return host_secret_show(ctrl, ctrl->opts->dhchap_secret, buf);
}

static ssize_t dhchap_secret_store(struct device *dev, struct device_attribute *attr,
				   const char *buf, size_t count)
{
	return host_secret_store(to_host_ctrl(dev), false, buf, count);
}
static DEVICE_ATTR(dhchap_secret, 0600, dhchap_secret_show, dhchap_secret_store);

static ssize_t dhchap_ctrl_secret_show(struct device *dev, struct device_attribute *attr,
				       char *buf)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);

	return host_secret_show(ctrl, ctrl->opts->dhchap_ctrl_secret, buf);
}

static ssize_t dhchap_ctrl_secret_store(struct device *dev, struct device_attribute *attr,
					const char *buf, size_t count)
{
	return host_secret_store(to_host_ctrl(dev), true, buf, count);
}
static DEVICE_ATTR(dhchap_ctrl_secret, 0600, dhchap_ctrl_secret_show,
		   dhchap_ctrl_secret_store);

static struct attribute *host_ctrl_attrs[] = {
	&dev_attr_dhchap_secret.attr,
	&dev_attr_dhchap_ctrl_secret.attr,
	&dev_attr_reset_controller.attr,
	&dev_attr_rescan_controller.attr,
	&dev_attr_delete_controller.attr,
	&dev_attr_model.attr,
	&dev_attr_serial.attr,
	&dev_attr_firmware_rev.attr,
	&dev_attr_cntlid.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_queue_count.attr,
	&dev_attr_sqsize.attr,
	&dev_attr_kato.attr,
	&dev_attr_transport.attr,
	&dev_attr_state.attr,
	&dev_attr_subsysnqn.attr,
	&dev_attr_address.attr,
	&dev_attr_hostnqn.attr,
	&dev_attr_hostid.attr,
	&dev_attr_ctrl_loss_tmo.attr,
	&dev_attr_reconnect_delay.attr,
	&dev_attr_fast_io_fail_tmo.attr,
	&dev_attr_cntrltype.attr,
	&dev_attr_dctype.attr,
	NULL,
};

static const struct attribute_group host_ctrl_attr_group = {
	.attrs = host_ctrl_attrs,
};

/*
 * Keep-alive path health (ctrl.c): ka_misses and ka_interval_ms set it up,
 * path_health, ka_degrades and ka_detect_ms show what it did.
 */
static ssize_t ka_misses_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_host_ctrl(dev)->ka_miss_limit));
}

static ssize_t ka_misses_store(struct device *dev, struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct nvmeof_host_ctrl *ctrl = to_host_ctrl(dev);
	unsigned int v;

	if (kstrtouint(buf, 10, &v) || v > 255)
		return -EINVAL;
	WRITE_ONCE(ctrl->ka_miss_limit, v);
	/* Off: a degraded path comes back now, not at the next answer. */
	if (!v && test_and_clear_bit(NVMEOF_CTRL_PATH_DEGRADED, &ctrl->flags))
		nvmeof_host_kick_requeue(ctrl);
	return count;
}
static DEVICE_ATTR_RW(ka_misses);

static ssize_t ka_interval_ms_show(struct device *dev, struct device_attribute *attr,
				   char *buf)
{
	return sysfs_emit(buf, "%u\n", nvmeof_host_ka_interval_ms(to_host_ctrl(dev)));
}

static ssize_t ka_interval_ms_store(struct device *dev, struct device_attribute *attr,
				    const char *buf, size_t count)
{
	unsigned int v;

	if (kstrtouint(buf, 10, &v) || v > 3600 * 1000)
		return -EINVAL;
	WRITE_ONCE(to_host_ctrl(dev)->ka_interval_ms, v);
	return count;
}
static DEVICE_ATTR_RW(ka_interval_ms);

static ssize_t path_health_show(struct device *dev, struct device_attribute *attr,
				char *buf)
{
	bool degraded = test_bit(NVMEOF_CTRL_PATH_DEGRADED, &to_host_ctrl(dev)->flags);

	return sysfs_emit(buf, "%s\n", degraded ? "degraded" : "ok");
}
static DEVICE_ATTR_RO(path_health);

static ssize_t ka_degrades_show(struct device *dev, struct device_attribute *attr,
				char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_host_ctrl(dev)->ka_degrades));
}
static DEVICE_ATTR_RO(ka_degrades);

static ssize_t ka_detect_ms_show(struct device *dev, struct device_attribute *attr,
				 char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_host_ctrl(dev)->ka_detect_ms));
}
static DEVICE_ATTR_RO(ka_detect_ms);

static struct attribute *host_ctrl_ka_attrs[] = {
	&dev_attr_ka_misses.attr,
	&dev_attr_ka_interval_ms.attr,
	&dev_attr_path_health.attr,
	&dev_attr_ka_degrades.attr,
	&dev_attr_ka_detect_ms.attr,
	NULL,
};

static const struct attribute_group host_ctrl_ka_attr_group = {
	.attrs = host_ctrl_ka_attrs,
};

const struct attribute_group *nvmeof_ctrl_attr_groups[] = {
	&host_ctrl_attr_group,
	&host_ctrl_ka_attr_group,
	NULL,
};

/* --- subsystem --- */

static struct nvmeof_host_subsys *to_host_subsys(struct device *dev)
{
	return container_of(dev, struct nvmeof_host_subsys, dev);
}

static ssize_t subsys_subsysnqn_show(struct device *dev, struct device_attribute *attr,
				     char *buf)
{
	return sysfs_emit(buf, "%s\n", to_host_subsys(dev)->subnqn);
}
static struct device_attribute subsys_attr_subsysnqn =
	__ATTR(subsysnqn, 0444, subsys_subsysnqn_show, NULL);

#define HOST_SUBSYS_STR_ATTR(field)						\
static ssize_t subsys_##field##_show(struct device *dev,			\
				     struct device_attribute *attr, char *buf)	\
{										\
	struct nvmeof_host_subsys *s = to_host_subsys(dev);			\
										\
	return sysfs_emit(buf, "%.*s\n", (int)sizeof(s->field), s->field);	\
}										\
static struct device_attribute subsys_attr_##field =				\
	__ATTR(field, 0444, subsys_##field##_show, NULL)

HOST_SUBSYS_STR_ATTR(model);
HOST_SUBSYS_STR_ATTR(serial);
HOST_SUBSYS_STR_ATTR(firmware_rev);

static ssize_t subsystype_show(struct device *dev, struct device_attribute *attr,
			       char *buf)
{
	struct nvmeof_host_subsys *s = to_host_subsys(dev);

	return sysfs_emit(buf, "%s\n", s->cntrltype == NVMEOF_CTRL_TYPE_DISC ?
			  "discovery" : "nvm");
}
static DEVICE_ATTR_RO(subsystype);

static ssize_t iopolicy_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  nvmeof_iopolicy_names[READ_ONCE(to_host_subsys(dev)->iopolicy)]);
}

static ssize_t iopolicy_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	int i = sysfs_match_string(nvmeof_iopolicy_names, buf);

	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(to_host_subsys(dev)->iopolicy, i);
	return count;
}
static DEVICE_ATTR_RW(iopolicy);

static struct attribute *host_subsys_attrs[] = {
	&subsys_attr_subsysnqn.attr,
	&subsys_attr_model.attr,
	&subsys_attr_serial.attr,
	&subsys_attr_firmware_rev.attr,
	&dev_attr_subsystype.attr,
	&dev_attr_iopolicy.attr,
	NULL,
};

static const struct attribute_group host_subsys_attr_group = {
	.attrs = host_subsys_attrs,
};

const struct attribute_group *nvmeof_subsys_attr_groups[] = {
	&host_subsys_attr_group,
	NULL,
};

/* --- namespace disks (head and path) --- */

static struct nvmeof_host_ns_head *host_dev_to_head(struct device *dev)
{
	struct gendisk *disk = dev_to_disk(dev);

	if (disk->fops == &nvmeof_head_fops)
		return disk->private_data;
	return ((struct nvmeof_host_ns *)disk->private_data)->head;
}

static ssize_t nsid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", host_dev_to_head(dev)->ns_id);
}
static DEVICE_ATTR_RO(nsid);

static size_t host_trim_len(const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || !s[len - 1]))
		len--;
	return len;
}

static ssize_t wwid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct nvmeof_host_ns_head *head = host_dev_to_head(dev);
	struct nvmeof_host_subsys *s = head->subsys;
	const struct nvmeof_host_ns_ids *ids = &head->ids;
	int sl, ml;

	if (!uuid_is_null(&ids->uuid))
		return sysfs_emit(buf, "uuid.%pU\n", &ids->uuid);
	if (memchr_inv(ids->nguid, 0, sizeof(ids->nguid)))
		return sysfs_emit(buf, "eui.%16phN\n", ids->nguid);
	if (memchr_inv(ids->eui64, 0, sizeof(ids->eui64)))
		return sysfs_emit(buf, "eui.%8phN\n", ids->eui64);
	sl = host_trim_len(s->serial, sizeof(s->serial));
	ml = host_trim_len(s->model, sizeof(s->model));
	return sysfs_emit(buf, "nvme.%04x-%*phN-%*phN-%08x\n", s->vendor_id,
			  sl, s->serial, ml, s->model, head->ns_id);
}
static DEVICE_ATTR_RO(wwid);

static ssize_t uuid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	const struct nvmeof_host_ns_ids *ids = &host_dev_to_head(dev)->ids;

	/* Without a UUID, the NGUID stands in for it, as in-tree. */
	if (uuid_is_null(&ids->uuid))
		return sysfs_emit(buf, "%pU\n", ids->nguid);
	return sysfs_emit(buf, "%pU\n", &ids->uuid);
}
static DEVICE_ATTR_RO(uuid);

static ssize_t nguid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%pU\n", host_dev_to_head(dev)->ids.nguid);
}
static DEVICE_ATTR_RO(nguid);

static ssize_t eui_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%8ph\n", host_dev_to_head(dev)->ids.eui64);
}
static DEVICE_ATTR_RO(eui);

/* ana_grpid and ana_state: path disks of controllers that use ANA only. */
static struct nvmeof_host_ns *host_dev_to_path(struct device *dev)
{
	struct gendisk *disk = dev_to_disk(dev);

	if (disk->fops != &nvmeof_path_fops)
		return NULL;
	return disk->private_data;
}

static ssize_t ana_grpid_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(host_dev_to_path(dev)->ana_grpid));
}
static DEVICE_ATTR_RO(ana_grpid);

static ssize_t ana_state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  nvmeof_host_ana_state_name(READ_ONCE(host_dev_to_path(dev)->ana_state)));
}
static DEVICE_ATTR_RO(ana_state);

static struct attribute *host_ns_attrs[] = {
	&dev_attr_nsid.attr,
	&dev_attr_ana_grpid.attr,
	&dev_attr_ana_state.attr,
	&dev_attr_wwid.attr,
	&dev_attr_uuid.attr,
	&dev_attr_nguid.attr,
	&dev_attr_eui.attr,
	NULL,
};

static umode_t host_ns_attr_visible(struct kobject *kobj, struct attribute *a, int n)
{
	struct device *dev = kobj_to_dev(kobj);
	const struct nvmeof_host_ns_ids *ids = &host_dev_to_head(dev)->ids;
	bool nguid = memchr_inv(ids->nguid, 0, sizeof(ids->nguid));
	struct nvmeof_host_ns *ns;

	if (a == &dev_attr_ana_grpid.attr || a == &dev_attr_ana_state.attr) {
		ns = host_dev_to_path(dev);
		return ns && ns->ctrl->ana_supported ? a->mode : 0;
	}

	if (a == &dev_attr_uuid.attr && uuid_is_null(&ids->uuid) && !nguid)
		return 0;
	if (a == &dev_attr_nguid.attr && !nguid)
		return 0;
	if (a == &dev_attr_eui.attr && !memchr_inv(ids->eui64, 0, sizeof(ids->eui64)))
		return 0;
	return a->mode;
}

static const struct attribute_group host_ns_attr_group = {
	.attrs		= host_ns_attrs,
	.is_visible	= host_ns_attr_visible,
};

const struct attribute_group *nvmeof_ns_attr_groups[] = {
	&host_ns_attr_group,
	NULL,
};
