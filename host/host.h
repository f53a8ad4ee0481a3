/* SPDX-License-Identifier: GPL-2.0-only */
/* Internal interfaces of the nvmeof host: controllers, subsystems, namespaces, transports. */
#ifndef NVMEOF_HOST_H
#define NVMEOF_HOST_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/socket.h>
#include <linux/srcu.h>
#include <linux/workqueue.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/options.h>
#include <nvmeof/stats.h>

/* Tags the fabrics layer keeps back on the admin queue: Connect and Keep Alive. */
#define NVMEOF_HOST_RESERVED_TAGS	2
#define NVMEOF_HOST_AQ_DEPTH		32
/* Admin tags left for ordinary commands (AER, identify, passthrough). */
#define NVMEOF_HOST_AQ_BLK_MQ_DEPTH	(NVMEOF_HOST_AQ_DEPTH - NVMEOF_HOST_RESERVED_TAGS)
/* Largest transfer we ask blk-mq for, in 512-byte sectors (1 MiB). */
#define NVMEOF_HOST_MAX_HW_SECTORS	2048
#define NVMEOF_HOST_MAX_SEGMENTS	256
/* Command identifiers: the blk-mq tag in the low bits, a generation on top. */
#define NVMEOF_HOST_CID_TAG_BITS	12
#define NVMEOF_HOST_CID_GEN_MASK	0xf

/*
 * Controller states (ABI: the sysfs "state" strings). Transitions are the
 * ones nvmeof_host_change_state() lists, nothing else.
 */
enum nvmeof_host_state {
	NVMEOF_CTRL_NEW,
	NVMEOF_CTRL_LIVE,
	NVMEOF_CTRL_RESETTING,
	NVMEOF_CTRL_CONNECTING,
	NVMEOF_CTRL_DELETING,
	NVMEOF_CTRL_DELETING_NOIO,
	NVMEOF_CTRL_DEAD,
};

/* nvmeof_host_request.flags */
#define NVMEOF_REQ_USERCMD	(1 << 0)	/* passthrough from userspace */
#define NVMEOF_REQ_AER		(1 << 1)	/* never times out */
#define NVMEOF_REQ_INTERNAL	(1 << 2)	/* issued by the driver during setup */

/*
 * struct nvmeof_host_request - the generic head of every blk-mq request
 * payload; each transport embeds it first in its own request.
 */
struct nvmeof_host_request {
	struct nvmeof_sqe	sqe;
	struct nvmeof_cqe	cqe;	/* result and status as received */
	u16			status;	/* NVMEOF_SC_* value, DNR included */
	u8			flags;
	u8			genctr;
	u8			retries;
	bool			mpath_active;	/* counted in ctrl->nr_active (multipath.c) */
	bool			head_acct;	/* counted in the head disk's iostats since head_acct_start */
	unsigned long		head_acct_start;
	u16			obs_qid;	/* queue ID + 1 while submitted (obs.c) */
	struct nvmeof_qstats_stamp stamp;	/* per-queue statistics (obs.c) */
	struct nvmeof_host_ctrl	*ctrl;
};

static inline struct nvmeof_host_request *nvmeof_req(struct request *rq)
{
	return blk_mq_rq_to_pdu(rq);
}

struct nvmeof_host_ctrl;

/**
 * struct nvmeof_host_ctrl_ops - what a transport does for a controller.
 * @name:      transport name as the sysfs "transport" attribute shows it
 * @module:    owner, pinned while a controller exists
 * @blocking:  its queue_rq may sleep (it sends on a socket inline), so the
 *             tag sets get BLK_MQ_F_BLOCKING
 * @admin_mq_ops, @io_mq_ops: the transport's blk-mq operations; an
 *             @io_mq_ops without .poll gets no poll queues
 * @cmd_size:  the transport's request size (it embeds nvmeof_host_request)
 * @ctrl_size: the transport's controller size; it starts with
 *             struct nvmeof_host_ctrl, which the core allocates it for
 * @sgls_needed: Identify SGLS bits of which the transport needs one
 * @init_ctrl: a new controller, zeroed but for its addresses: allocate and
 *             initialise the transport's @nr_queues queues (admin queue
 *             first); on error, free what it allocated
 * @alloc_queue: create queue @qid and bring its transport up (socket and
 *             ICReq, or queue pair); 0 is the admin queue
 * @queue_live: queue @qid passed its Connect: let it carry commands
 * @stop_queue: stop queue @qid: nothing more is sent or completed on it
 * @free_queue: release queue @qid's transport resources (it was stopped,
 *             or never allocated: then this does nothing)
 * @free_ctrl: last reference gone, or @init_ctrl done and creation failed:
 *             free what @init_ctrl allocated (the core frees the controller)
 * @src_addr:  optional: the local address of the admin queue's connection,
 *             which the sysfs "address" shows as src_addr= (TCP, as in-tree)
 *
 * Creation (fabrics.c), setup and teardown (setup.c) are the same for every
 * transport; these are the steps that differ.
 */
struct nvmeof_host_ctrl_ops {
	const char	*name;
	struct module	*module;
	bool		blocking;
	const struct blk_mq_ops *admin_mq_ops;
	const struct blk_mq_ops *io_mq_ops;
	unsigned int	cmd_size;
	size_t		ctrl_size;
	u32		sgls_needed;
	int		(*init_ctrl)(struct nvmeof_host_ctrl *ctrl, u32 nr_queues);
	int		(*alloc_queue)(struct nvmeof_host_ctrl *ctrl, int qid);
	void		(*queue_live)(struct nvmeof_host_ctrl *ctrl, int qid);
	void		(*stop_queue)(struct nvmeof_host_ctrl *ctrl, int qid);
	void		(*free_queue)(struct nvmeof_host_ctrl *ctrl, int qid);
	void		(*free_ctrl)(struct nvmeof_host_ctrl *ctrl);
	int		(*src_addr)(struct nvmeof_host_ctrl *ctrl, struct sockaddr_storage *ss);
};

/**
 * struct nvmeof_host_transport - a transport that /dev/nvme-fabrics can use.
 * @name:     the transport= value
 * @module:   owner
 * @required: NVMEOF_OPT_* it requires beyond transport and nqn
 * @allowed:  the complete allowed option set
 * @ctrl_ops: what its controllers do; fabrics.c creates and connects them
 * @def_port: the trsvcid of a connect that names none
 * @entry:    in the registry
 */
struct nvmeof_host_transport {
	const char	*name;
	struct module	*module;
	u32		required;
	u32		allowed;
	const struct nvmeof_host_ctrl_ops *ctrl_ops;
	u16		def_port;
	struct list_head entry;
};

/* Per-subsystem: the nvme-subsystem class device and its namespace heads. */
struct nvmeof_host_subsys {
	struct device		dev;
	int			instance;
	struct list_head	entry;		/* in host_subsystems */
	struct list_head	ctrls;		/* guarded by host_subsys_lock */
	struct list_head	nsheads;	/* guarded by host_subsys_lock */
	struct ida		ns_ida;
	char			subnqn[NVMEOF_NQN_FIELD_LEN];
	char			serial[20];
	char			model[40];
	char			firmware_rev[8];
	u8			cmic;
	u8			cntrltype;
	u16			vendor_id;
	bool			registered;
	int			iopolicy;	/* enum nvmeof_iopolicy, read locklessly */
};

/* Multipath I/O policies: the subsystem's iopolicy attribute. */
enum nvmeof_iopolicy {
	NVMEOF_IOPOLICY_NUMA,
	NVMEOF_IOPOLICY_RR,
	NVMEOF_IOPOLICY_QD,
};

/* Namespace identifiers from Identify. */
struct nvmeof_host_ns_ids {
	u8	eui64[8];
	u8	nguid[16];
	uuid_t	uuid;
	u8	csi;
};

/* One namespace of a subsystem: the visible head disk, shared by its paths. */
struct nvmeof_host_ns_head {
	struct kref		ref;
	struct nvmeof_host_subsys *subsys;
	struct list_head	entry;		/* in subsys->nsheads */
	struct list_head	list;		/* paths (nvmeof_host_ns.siblings), RCU */
	struct srcu_struct	srcu;		/* readers of @list in submit_bio */
	u32			ns_id;
	int			instance;
	struct nvmeof_host_ns_ids ids;
	bool			shared;		/* NMIC: other controllers may reach it */
	struct gendisk		*disk;
	bool			disk_added;
	spinlock_t		requeue_lock;	/* guards requeue_list */
	struct bio_list		requeue_list;
	struct work_struct	requeue_work;
	/* The generic char device ng<subsys>n<instance>, with the head disk. */
	struct cdev		cdev;
	struct device		cdev_device;
	bool			cdev_added;
	/* Per NUMA node: the path numa and round-robin chose last (srcu). */
	struct nvmeof_host_ns __rcu *current_path[];
};

/* Per-path counters (multipath.c), per CPU, summed when read. */
struct nvmeof_host_path_pcpu {
	u64	submitted;
	u64	errors;
	u64	failovers;
};

/* ANA states a path can be in, as indexes of its time-in-state counters. */
#define NVMEOF_HOST_ANA_NR_STATES	5

/* One path: a namespace as one controller sees it (hidden disk). */
struct nvmeof_host_ns {
	struct list_head	entry;		/* in ctrl->namespaces */
	struct list_head	siblings;	/* in head->list */
	struct nvmeof_host_ctrl	*ctrl;
	struct nvmeof_host_ns_head *head;
	struct gendisk		*disk;
	struct request_queue	*queue;
	u32			lba_shift;
	bool			removing;
	/*
	 * Set once the path disk is added with its capacity: the head selects
	 * the path only from then on (before, a bio would meet capacity 0).
	 */
	bool			ready;
	bool			disk_added;
	/*
	 * Held by the controller's list and, once added, by the disk (its
	 * free_disk drops it); the ns holds its controller and head. A head
	 * ioctl pins the ns and its disk, so a removed path stays usable (its
	 * queue dying) until the ioctl ends.
	 */
	struct kref		ref;

	/* ANA (multipath.c); the ctrl's ana_state_lock guards the writers. */
	u32			ana_grpid;
	u8			ana_state;	/* NVMEOF_ANA_*, read locklessly */
	/*
	 * An I/O ended with an ANA status while the log still said the path
	 * was accessible: the path stays in the state the status implied
	 * until the log's change count moves past @ana_err_chgcnt, or ANATT
	 * passes.
	 */
	bool			ana_from_error;
	u64			ana_err_chgcnt;
	unsigned long		ana_err_time;	/* jiffies of that I/O */
	u64			ana_since;	/* jiffies64 of the last state change */
	u64			ana_time[NVMEOF_HOST_ANA_NR_STATES]; /* jiffies in each */
	struct nvmeof_host_path_pcpu __percpu *pstats;
	struct dentry		*stats_file;
};

/* ctrl->flags */
#define NVMEOF_CTRL_FAILFAST_EXPIRED	0
#define NVMEOF_CTRL_STARTED_ONCE	1
#define NVMEOF_CTRL_ADMIN_Q_STOPPED	2
/*
 * Keep-alives went unanswered several times in a row: the controller is
 * still live but its paths take no new I/O until a keep-alive is answered.
 */
#define NVMEOF_CTRL_PATH_DEGRADED	3
/* A namespace-attribute notice came: the next scan reads the Changed Namespace log. */
#define NVMEOF_CTRL_NS_CHANGED		4

/**
 * struct nvmeof_host_ctrl - a fabrics controller as the host sees it.
 *
 * Embedded in the transport's controller; its lifetime is @device's.
 */
struct nvmeof_host_ctrl {
	spinlock_t		lock;		/* guards @state */
	enum nvmeof_host_state	state;
	const struct nvmeof_host_ctrl_ops *ops;
	struct nvmeof_ctrl_opts	*opts;
	/* What @opts names, parsed once at creation (fabrics.c); ifindex 0: none. */
	struct sockaddr_storage	addr;
	struct sockaddr_storage	src_addr;
	int			ifindex;
	struct device		device;
	struct cdev		cdev;
	int			instance;
	unsigned long		flags;
	struct list_head	fabrics_entry;	/* in host_ctrls, guarded by host_ctrls_lock */

	struct nvmeof_host_subsys *subsys;
	struct list_head	subsys_entry;	/* guarded by host_subsys_lock */

	struct blk_mq_tag_set	*admin_tagset;	/* &admin_set once allocated */
	struct blk_mq_tag_set	*tagset;	/* &io_set once allocated */
	struct blk_mq_tag_set	admin_set;
	struct blk_mq_tag_set	io_set;
	u32			io_queues;	/* I/O queues set up */
	/* I/O queues per blk-mq map, in this order after the admin queue. */
	u32			nr_map_queues[HCTX_MAX_TYPES];
	struct request_queue	*admin_q;
	struct request_queue	*connect_q;

	struct rw_semaphore	namespaces_rwsem; /* guards @namespaces */
	struct list_head	namespaces;
	struct mutex		scan_lock;	/* one namespace scan at a time */

	/* What the controller told us; written during setup only. */
	u64			cap;
	u32			vs;
	u32			ctrl_config;
	u16			cntlid;
	u16			maxcmd;
	u32			sqsize;
	u32			kato;		/* seconds, as given to Connect */
	u32			queue_count;	/* admin + I/O queues */
	u32			max_hw_sectors;
	u32			max_segments;
	u32			ioccsz;
	u32			iorcsz;
	u16			icdoff;
	u32			sgls;
	u32			oaes;
	u32			ctratt;
	u32			nn;
	u16			oncs;
	u16			awupf;		/* atomic write unit, power fail (0's based) */
	u8			vwc;
	u8			cmic;
	u8			cntrltype;
	u8			dctype;
	u8			mdts;
	u8			aerl;
	char			serial[20];
	char			model[40];
	char			firmware_rev[8];
	u8			ieee[3];
	u16			vid;
	u32			disc_subsys;	/* a discovery controller */

	/* ANA, from Identify Controller (CMIC bit 3 and the ANA fields). */
	bool			ana_supported;
	u8			anacap;
	u8			anatt;		/* seconds */
	u32			anagrpmax;
	u32			nanagrpid;
	u32			mnan;
	struct mutex		ana_lock;	/* guards the ANA log buffer, @ana_chgcnt */
	void			*ana_log_buf;
	size_t			ana_log_size;	/* bytes allocated */
	size_t			ana_log_len;	/* bytes of the last validated log */
	u64			ana_chgcnt;
	unsigned long		ana_change_since; /* jiffies a path entered change, or 0 */
	bool			ana_change_warned;
	spinlock_t		ana_state_lock;	/* guards every path's ANA state fields */
	/* Re-reads the ANA log: on notice, on ANA errors, while paths are in change. */
	struct delayed_work	ana_work;
	/* Multipath requests outstanding on this controller (queue-depth policy). */
	atomic_t		nr_active;

	/* DH-HMAC-CHAP (auth.c): guards opts->dhchap_secret and ->dhchap_ctrl_secret. */
	struct mutex		auth_lock;
	/* One exchange at a time: connect-time and re-authentication. */
	struct mutex		auth_run_lock;
	atomic_t		auth_tid;	/* last transaction id used */
	struct work_struct	auth_work;	/* re-authenticates live queues */
	/* The last admin Connect asked for authentication (ATR). */
	bool			auth_required;

	u32			aen_result;
	int			nr_reconnects;
	struct nvmeof_ctrl_stats stats;		/* per-queue counters (obs.c) */

	struct work_struct	scan_work;
	struct work_struct	async_event_work;
	struct work_struct	reset_work;
	struct work_struct	err_work;
	struct work_struct	delete_work;
	struct delayed_work	ka_work;
	struct delayed_work	reconnect_work;
	struct delayed_work	failfast_work;

	/*
	 * Keep-alive path health (ctrl.c). @ka_rx is written by every
	 * completion received, @ka_pending by the probe's end_io, the
	 * settings by sysfs; everything else by ka_work alone.
	 */
	unsigned long		ka_rx;		/* jiffies of the last completion received */
	unsigned long		ka_mark;	/* jiffies of the last ka_work tick */
	bool			ka_pending;	/* a Keep Alive is outstanding */
	u32			ka_missed;	/* ticks in a row with no answer */
	u32			ka_miss_limit;	/* degrade after this many; 0: never */
	u32			ka_interval_ms;	/* probe interval; 0: from kato and the limit */
	u32			ka_degrades;	/* times the path was degraded */
	u32			ka_detect_ms;	/* last completion to the last degrade */

	/*
	 * Set by the transport before setup: 0, or the mask of the boundary
	 * no segment may straddle inside a request (RDMA fast registration
	 * maps whole pages).
	 */
	unsigned long		virt_boundary_mask;
	/*
	 * Set by the transport when its first queue finds the device (0: no
	 * limit): 4 KiB pages one command's data may touch, as many as one
	 * memory registration maps. Caps max_hw_sectors and max_segments.
	 */
	u32			max_cmd_pages;
};

static inline struct nvmeof_host_ctrl *to_host_ctrl(struct device *dev)
{
	return container_of(dev, struct nvmeof_host_ctrl, device);
}

static inline bool nvmeof_host_is_write(const struct nvmeof_sqe *sqe)
{
	if (sqe->opcode == NVMEOF_FABRICS_OPCODE)
		return ((const struct nvmeof_fabrics_cmd *)sqe)->fctype & 1;
	return sqe->opcode & 1;
}

static inline u16 nvmeof_host_cid(struct request *rq)
{
	return rq->tag | ((u16)(nvmeof_req(rq)->genctr & NVMEOF_HOST_CID_GEN_MASK) <<
			  NVMEOF_HOST_CID_TAG_BITS);
}

static inline u16 nvmeof_host_cid_tag(u16 cid)
{
	return cid & ((1 << NVMEOF_HOST_CID_TAG_BITS) - 1);
}

static inline u8 nvmeof_host_cid_gen(u16 cid)
{
	return cid >> NVMEOF_HOST_CID_TAG_BITS;
}

/*
 * The request a completion's CID @cid names on queue @qid (0: admin), or
 * NULL when the target names a tag we do not have, a request not started,
 * or an older use of the tag. Inline: every completion looks one up.
 */
static inline struct request *nvmeof_host_find_rq(struct nvmeof_host_ctrl *ctrl, int qid,
						  u16 cid)
{
	struct blk_mq_tags *tags;
	struct request *rq;
	u16 tag = nvmeof_host_cid_tag(cid);

	if (qid)
		tags = ctrl->io_set.tags[qid - 1];
	else
		tags = ctrl->admin_set.tags[0];
	if (!tags || tag >= tags->nr_tags)
		return NULL;
	rq = blk_mq_tag_to_rq(tags, tag);
	if (!rq || !blk_mq_request_started(rq))
		return NULL;
	if (nvmeof_host_cid_gen(cid) != (nvmeof_req(rq)->genctr & NVMEOF_HOST_CID_GEN_MASK))
		return NULL;
	return rq;
}

/* core.c */
extern struct class *nvmeof_class;
extern struct class *nvmeof_subsys_class;
extern struct class *nvmeof_generic_class;
extern dev_t nvmeof_ctrl_base_chr_devt;
extern struct workqueue_struct *nvmeof_host_wq;
extern struct workqueue_struct *nvmeof_host_reset_wq;
extern struct workqueue_struct *nvmeof_host_delete_wq;
extern struct ida nvmeof_instance_ida;
extern unsigned int nvmeof_admin_timeout;
extern unsigned int nvmeof_io_timeout;

/* fabrics.c */
extern struct mutex host_ctrls_lock;
extern struct list_head host_ctrls;
int nvmeof_host_fabrics_init(void);
void nvmeof_host_fabrics_exit(void);
struct device *nvmeof_host_fabrics_parent(void);
int nvmeof_host_register_transport(struct nvmeof_host_transport *t);
void nvmeof_host_unregister_transport(struct nvmeof_host_transport *t);

/* obs.c: per-queue counters and tracepoints */
void nvmeof_host_obs_init(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_obs_exit(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_obs_submit(struct request *rq, u16 qid);
void nvmeof_host_obs_complete(struct request *rq);

/* ctrl.c */
const char *nvmeof_host_state_name(enum nvmeof_host_state state);
unsigned int nvmeof_host_ka_interval_ms(struct nvmeof_host_ctrl *ctrl);
bool nvmeof_host_change_state(struct nvmeof_host_ctrl *ctrl,
			      enum nvmeof_host_state new_state);

/**
 * nvmeof_host_state() - the controller's current state
 * @ctrl: the controller
 *
 * Inline: every command's dispatch reads it.
 *
 * Return: a snapshot; it may change as soon as this returns.
 */
static inline enum nvmeof_host_state nvmeof_host_state(struct nvmeof_host_ctrl *ctrl)
{
	return READ_ONCE(ctrl->state);
}

int nvmeof_host_init_ctrl(struct nvmeof_host_ctrl *ctrl, struct device *parent,
			  const struct nvmeof_host_ctrl_ops *ops,
			  struct nvmeof_ctrl_opts *opts);
int nvmeof_host_start_new_ctrl(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_put_ctrl(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_get_ctrl(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_reset_ctrl(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_reset_ctrl_sync(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_subsys_reset(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_delete_ctrl(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_delete_ctrl_sync(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_error_recovery(struct nvmeof_host_ctrl *ctrl);
enum blk_eh_timer_return nvmeof_host_timeout(struct request *rq);
int nvmeof_host_alloc_admin_tagset(struct nvmeof_host_ctrl *ctrl,
				   struct blk_mq_tag_set *set,
				   const struct blk_mq_ops *ops,
				   unsigned int cmd_size);
void nvmeof_host_free_admin_tagset(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_teardown_io_queues(struct nvmeof_host_ctrl *ctrl, u32 nr, bool remove);
void nvmeof_host_teardown_admin_queue(struct nvmeof_host_ctrl *ctrl, bool remove);
int nvmeof_host_alloc_io_tagset(struct nvmeof_host_ctrl *ctrl,
				struct blk_mq_tag_set *set,
				const struct blk_mq_ops *ops,
				unsigned int nr_maps, unsigned int cmd_size);
void nvmeof_host_free_io_tagset(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_connect_queue(struct nvmeof_host_ctrl *ctrl, u16 qid);
/* auth.c: DH-HMAC-CHAP on a connected queue that is not live yet; -errno. */
int nvmeof_host_auth_queue(struct nvmeof_host_ctrl *ctrl, u16 qid);
bool nvmeof_host_auth_wanted(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_auth_init(struct nvmeof_host_ctrl *ctrl);
/* A sysfs secret changed: re-authenticate the live queues (asynchronous). */
void nvmeof_host_auth_rekey(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_auth_stop(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_init_admin(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_set_queue_count(struct nvmeof_host_ctrl *ctrl, u32 *count);
void nvmeof_host_cancel_tagset(struct blk_mq_tag_set *set);
void nvmeof_host_quiesce_io(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_unquiesce_io(struct nvmeof_host_ctrl *ctrl);
blk_status_t nvmeof_host_setup_cmd(struct request *rq);
void nvmeof_host_complete_rq(struct request *rq);
bool nvmeof_host_rq_ready_slow(struct nvmeof_host_ctrl *ctrl, struct request *rq,
			       bool queue_live);

/* nvmeof_host_rq_ready_slow()'s common case inline: a live queue of a live controller. */
static inline bool nvmeof_host_rq_ready(struct nvmeof_host_ctrl *ctrl, struct request *rq,
					bool queue_live)
{
	if (likely(queue_live && nvmeof_host_state(ctrl) == NVMEOF_CTRL_LIVE))
		return true;
	return nvmeof_host_rq_ready_slow(ctrl, rq, queue_live);
}
blk_status_t nvmeof_host_fail_nonready(struct nvmeof_host_ctrl *ctrl,
				       struct request *rq);
bool nvmeof_host_end_rq(struct request *rq, u16 status, __le64 result);
int nvmeof_host_submit_sync(struct nvmeof_host_ctrl *ctrl, struct request_queue *q,
			    const struct nvmeof_sqe *sqe, void *buf,
			    unsigned int len, u8 req_flags, int qid,
			    struct nvmeof_cqe *cqe);
int nvmeof_host_identify(struct nvmeof_host_ctrl *ctrl, u8 cns, u32 nsid,
			 void *buf);
int nvmeof_host_get_log(struct nvmeof_host_ctrl *ctrl, u8 lid, u8 lsp, u32 nsid,
			void *buf, size_t len);
void nvmeof_host_uevent(struct nvmeof_host_ctrl *ctrl, const char *event);

/* setup.c */
int nvmeof_host_setup(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_teardown(struct nvmeof_host_ctrl *ctrl, bool remove);
void nvmeof_host_map_queues(struct blk_mq_tag_set *set);
int nvmeof_host_io_queue_type(struct nvmeof_host_ctrl *ctrl, int qid);

/* multipath.c */
extern bool nvmeof_multipath;
extern int nvmeof_default_iopolicy;
extern const char *const nvmeof_iopolicy_names[3];
const char *nvmeof_host_ana_state_name(u8 state);
void nvmeof_host_mpath_init_ctrl(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_mpath_identify(struct nvmeof_host_ctrl *ctrl,
			       const struct nvmeof_id_ctrl *id);
void nvmeof_host_mpath_start(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_mpath_stop(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_mpath_uninit_ctrl(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_mpath_ana_aen(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_mpath_init_path(struct nvmeof_host_ns *ns, const struct nvmeof_id_ns *id);
void nvmeof_host_mpath_update_path(struct nvmeof_host_ns *ns, const struct nvmeof_id_ns *id);
void nvmeof_host_mpath_remove_path(struct nvmeof_host_ns *ns);
void nvmeof_host_mpath_clear_current(struct nvmeof_host_ns *ns);
void nvmeof_host_mpath_submit(struct request *rq);
void nvmeof_host_mpath_complete(struct request *rq);
void nvmeof_host_kick_requeue(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_head_requeue_work(struct work_struct *work);
void nvmeof_host_failover_rq(struct request *rq);
struct nvmeof_host_ns *nvmeof_host_head_path(struct nvmeof_host_ns_head *head);
extern const struct block_device_operations nvmeof_head_fops;
extern const struct block_device_operations nvmeof_path_fops;

/* ns.c */
int nvmeof_host_init_subsystem(struct nvmeof_host_ctrl *ctrl,
			       const struct nvmeof_id_ctrl *id);
void nvmeof_host_remove_from_subsystem(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_scan_work(struct work_struct *work);
void nvmeof_host_remove_namespaces(struct nvmeof_host_ctrl *ctrl);
void nvmeof_host_ns_changed(struct nvmeof_host_ctrl *ctrl);
int nvmeof_host_subsys_init(void);
void nvmeof_host_subsys_exit(void);
void nvmeof_host_get_head(struct nvmeof_host_ns_head *head);
void nvmeof_host_put_head(struct nvmeof_host_ns_head *head);

/* sysfs.c */
extern const struct attribute_group *nvmeof_ctrl_attr_groups[];
extern const struct attribute_group *nvmeof_subsys_attr_groups[];
extern const struct attribute_group *nvmeof_ns_attr_groups[];

/* generic.c */
void nvmeof_host_head_add_cdev(struct nvmeof_host_ns_head *head);
void nvmeof_host_head_del_cdev(struct nvmeof_host_ns_head *head);
int nvmeof_host_generic_init(void);
void nvmeof_host_generic_exit(void);

/* ioctl.c */
long nvmeof_host_ctrl_ioctl(struct file *file, unsigned int cmd,
			    unsigned long arg);
int nvmeof_host_head_ioctl(struct nvmeof_host_ns_head *head, unsigned int cmd,
			   unsigned long arg);
void nvmeof_host_put_ns(struct nvmeof_host_ns *ns);
int nvmeof_host_ns_ioctl(struct nvmeof_host_ns_head *head,
			 struct nvmeof_host_ns *ns, unsigned int cmd,
			 unsigned long arg);
extern const struct file_operations nvmeof_ctrl_fops;

#endif /* NVMEOF_HOST_H */
