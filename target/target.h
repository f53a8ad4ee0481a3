/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * nvmeof-target internals: the object model (subsystems, namespaces, ports,
 * hosts, controllers, queues, requests) shared by the target core files and
 * the contract between the core and its transports.
 *
 * Ownership: target/core.c owns the objects and their lifetimes; configfs.c
 * only creates, configures and removes them through the nvmeof_tgt_*()
 * calls below; transports see ports, queues and requests only.
 */
#ifndef NVMEOF_TARGET_H
#define NVMEOF_TARGET_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/kref.h>
#include <linux/percpu-refcount.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/scatterlist.h>
#include <linux/uuid.h>
#include <linux/xarray.h>
#include <linux/configfs.h>
#include <linux/blkdev.h>
#include <linux/bvec.h>
#include <linux/fs.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/stats.h>
#include <nvmeof/auth.h>

/* Budgets, named so that nothing below is a magic number. */
#define NVMEOF_TGT_MAX_QID		128	/* attr_qid_max upper bound, as in-tree */
#define NVMEOF_TGT_MAX_QUEUE_SIZE	1024	/* entries per I/O queue we offer (CAP.MQES + 1) */
#define NVMEOF_TGT_MIN_QUEUE_SIZE	16	/* smallest param_max_queue_size takes effect, as in-tree */
#define NVMEOF_TGT_AQ_DEPTH		32	/* admin queue entries */
#define NVMEOF_TGT_ASYNC_EVENTS		4	/* outstanding AERs we accept (AERL + 1) */
#define NVMEOF_TGT_KAS			10	/* keep-alive granularity, 100 ms units */
#define NVMEOF_TGT_DISC_KATO_MS		120000	/* discovery hosts that send KATO 0 */
#define NVMEOF_TGT_MAX_NSID		1024	/* namespaces per subsystem (NN) */
#define NVMEOF_TGT_MAX_ANAGRPS		128
#define NVMEOF_TGT_DEFAULT_ANA_GRPID	1
#define NVMEOF_TGT_ERROR_LOG_SLOTS	128
#define NVMEOF_TGT_MAX_CHANGED_NS	1024	/* changed-NS log entries before "too many" */
#define NVMEOF_TGT_SERIAL_LEN		20
#define NVMEOF_TGT_MODEL_LEN		40
#define NVMEOF_TGT_DEFAULT_VS		NVMEOF_VS(1, 3, 0)
#define NVMEOF_TGT_DEFAULT_MODEL	"Linux"
#define NVMEOF_TGT_CNTLID_MIN		1
#define NVMEOF_TGT_CNTLID_MAX		0xffef
#define NVMEOF_TGT_FR_LEN		8	/* Identify Controller FR (attr_firmware) */
#define NVMEOF_TGT_IEEE_OUI_MAX		0xffffff	/* 24 bits (attr_ieee_oui) */

struct nvmeof_tgt_req;
struct nvmeof_tgt_ctrl;
struct nvmeof_tgt_port;

enum nvmeof_tgt_subsys_type {
	NVMEOF_TGT_SUBSYS_NVME,
	NVMEOF_TGT_SUBSYS_DISCOVERY,
};

/**
 * struct nvmeof_tgt_host - an entry under configfs hosts/.
 * @group:           configfs group; the name is the host NQN
 * @dhchap_key:      the host's DH-HMAC-CHAP secret (dhchap_key), NULL: no
 *                   authentication required of this host
 * @dhchap_ctrl_key: the controller's secret for bidirectional
 *                   authentication (dhchap_ctrl_key), or NULL
 * @dhchap_hash_id:  dhchap_hash, NVMEOF_AUTH_HASH_*
 * @dhchap_dhgid:    dhchap_dhgroup, NVMEOF_AUTH_DHGROUP_*
 *
 * The dhchap fields are guarded by nvmeof_tgt_config_sem (written under it
 * for write, read at Connect under it for read).
 */
struct nvmeof_tgt_host {
	struct config_group	group;
	struct nvmeof_auth_secret *dhchap_key;
	struct nvmeof_auth_secret *dhchap_ctrl_key;
	u8			dhchap_hash_id;
	u8			dhchap_dhgid;
};

/**
 * struct nvmeof_tgt_ns - one namespace of a subsystem.
 *
 * Configuration fields may change only while the backend is closed (not
 * @enabled, and no disable still waiting for I/O); the subsystem lock
 * serialises enable/disable against configfs writes.
 */
struct nvmeof_tgt_ns {
	struct nvmeof_tgt_subsys *subsys;
	u32			nsid;
	struct config_group	group;
	char			*device_path;	/* kstrdup'ed; NULL until set */
	uuid_t			uuid;
	u8			nguid[16];
	u32			anagrpid;
	bool			buffered_io;
	bool			enabled;

	/* Set while enabled: exactly one backend is active. */
	struct block_device	*bdev;
	struct nvmeof_bdev_ref	bdev_ref;	/* what closes bdev */
	struct file		*file;
	loff_t			size;		/* bytes */
	u8			blksize_shift;
	bool			readonly;
	struct percpu_ref	ref;		/* in-flight I/O; killed on disable */
	struct completion	disable_done;
};

/**
 * struct nvmeof_tgt_subsys - an NVM subsystem (or the discovery subsystem).
 */
struct nvmeof_tgt_subsys {
	char			*subsysnqn;
	enum nvmeof_tgt_subsys_type type;
	struct kref		ref;
	/*
	 * Guards: namespaces, nr_namespaces, max_nsid, ctrls, hosts,
	 * allow_any_host, the attr_* values below, and ns enable/disable.
	 */
	struct mutex		lock;
	struct xarray		namespaces;	/* nsid -> struct nvmeof_tgt_ns */
	unsigned int		nr_namespaces;
	u32			max_nsid;
	struct list_head	ctrls;		/* struct nvmeof_tgt_ctrl.subsys_entry */
	struct list_head	hosts;		/* struct nvmeof_tgt_host_link.entry */
	bool			allow_any_host;
	u32			ver;		/* attr_version, NVMe VS encoding */
	char			serial[NVMEOF_TGT_SERIAL_LEN + 1];
	char			*model;		/* NULL = default "Linux" */
	u16			cntlid_min;
	u16			cntlid_max;
	u16			max_qid;	/* attr_qid_max */
	/* attr_firmware: Identify FR; default the kernel release, as in-tree */
	char			firmware[NVMEOF_TGT_FR_LEN + 1];
	u32			ieee_oui;	/* attr_ieee_oui: Identify IEEE */
	/* serial/model/version/firmware/OUI frozen once a host saw them */
	bool			ident_locked;
	struct config_group	group;
	struct config_group	namespaces_group;
	struct config_group	allowed_hosts_group;
};

/* An allowed_hosts/ symlink: the subsystem admits this host NQN. */
struct nvmeof_tgt_host_link {
	struct list_head	entry;
	struct nvmeof_tgt_host	*host;
};

/* A ports/<id>/subsystems/ symlink. */
struct nvmeof_tgt_subsys_link {
	struct list_head	entry;
	struct nvmeof_tgt_subsys *subsys;
};

/* ana_groups/<grpid>: this port's state for one ANA group. */
struct nvmeof_tgt_ana_group {
	struct config_group	group;
	struct nvmeof_tgt_port	*port;
	u32			grpid;
};

/**
 * struct nvmeof_tgt_port - a configfs port: an address the target listens on.
 *
 * The address (trtype, adrfam, traddr, trsvcid, treq) is frozen while
 * @enabled. The transport keeps its listener in @priv.
 *
 * Lifetime (@ref): configfs holds one reference until the port's rmdir is
 * released, every queue whose connection arrived on it one (sq->port, until
 * nvmeof_tgt_sq_destroy()) and every controller one (ctrl->port, until the
 * controller is freed): queue teardown and controller deletion are
 * asynchronous, and their commands may still read the port (ANA log,
 * discovery, Identify) after the directory is gone.
 */
struct nvmeof_tgt_port {
	struct kref		ref;
	u16			portid;
	struct nvmeof_disc_log_entry disc_addr;	/* trtype, adrfam, treq, traddr, trsvcid, tsas */
	int			inline_data_size;	/* -1: transport default */
	/*
	 * param_max_queue_size: -1 until the port is first enabled, then the
	 * queue size its controllers offer (MQES + 1), as in-tree resolves it.
	 */
	int			max_queue_size;
	bool			enabled;
	struct list_head	global_entry;	/* all ports, for discovery */
	struct list_head	subsystems;	/* struct nvmeof_tgt_subsys_link.entry */
	struct list_head	referrals;	/* struct nvmeof_tgt_port.global_entry of referrals */
	u8			ana_state[NVMEOF_TGT_MAX_ANAGRPS + 1];	/* NVMEOF_ANA_* by grpid */
	const struct nvmeof_tgt_fabrics_ops *tr_ops;	/* set while enabled */
	void			*priv;		/* transport's listener */
	struct config_group	group;
	struct config_group	subsys_group;
	struct config_group	referrals_group;
	struct config_group	ana_groups_group;
	struct nvmeof_tgt_ana_group ana_default_group;
};

/**
 * struct nvmeof_tgt_sq - a submission/completion queue pair as the core sees it.
 *
 * Embedded in the transport's queue. The transport calls
 * nvmeof_tgt_sq_init() when the queue comes up and nvmeof_tgt_sq_destroy()
 * when it goes away; the Connect command binds it to a controller.
 */
struct nvmeof_tgt_sq {
	struct nvmeof_tgt_ctrl	*ctrl;		/* set by Connect; NULL before */
	/*
	 * t1: the port the queue's connection arrived on; the transport sets it
	 * before the first command (Connect looks the subsystem up there).
	 */
	struct nvmeof_tgt_port	*port;
	u16			qid;
	u16			size;		/* entries (SQSIZE + 1) */
	u32			sqhd;		/* t1: u32 so cmpxchg() works everywhere */
	bool			sqhd_disabled;	/* Connect CATTR: SQ flow control off */
	struct percpu_ref	ref;		/* requests in flight on this queue */
	struct completion	free_done;
	struct completion	confirm_done;
	struct nvmeof_qstats	*stats;		/* set by Connect; NULL before */
	/*
	 * In-band authentication (auth.c): Connect sets @auth_required when
	 * the controller has keys; until @authenticated only Authentication
	 * Send/Receive (and Disconnect) run. @authenticated is written by the
	 * exchange under @auth->lock and read locklessly by the parser.
	 */
	bool			auth_required;
	bool			authenticated;
	struct nvmeof_tgt_sq_auth *auth;	/* exchange state; NULL until one starts */
};

/**
 * struct nvmeof_tgt_fabrics_ops - what a transport provides to the core.
 * @owner:          module, pinned while a port uses the transport
 * @type:           NVMEOF_TRTYPE_*
 * @msdbd:          max SGL data block descriptors per command (Identify MSDBD)
 * @keyed_sgls:     transport uses keyed SGLs (RDMA)
 * @max_xfer:       most bytes one command may move (the SGL length the
 *                  transport accepts); Identify MDTS reports it; 0: no limit
 * @add_port:       start listening on @port's address; -errno on failure
 * @remove_port:    stop listening; queues already connected stay until their
 *                  controllers go
 * @queue_response: @req is complete (cqe filled): send its data (reads) and
 *                  its response, then release it
 * @delete_ctrl:    tear down every queue of @ctrl (fatal error, KATO expiry,
 *                  subsystem removal); asynchronous is fine
 *                  (t1: must be: the core calls it holding subsys->lock, and
 *                  the last queue's teardown frees the controller, which
 *                  takes subsys->lock)
 * @install_queue:  optional: a Connect bound @sq; transport-level checks
 * @disc_traddr:    optional: the address to report in discovery for @port
 *                  (e.g. the local address when listening on a wildcard)
 * @ctrl_transport: sysfs/debug name, e.g. "tcp"
 */
struct nvmeof_tgt_fabrics_ops {
	struct module		*owner;
	u8			type;
	u8			msdbd;
	bool			keyed_sgls;
	u32			max_xfer;
	const char		*name;
	int	(*add_port)(struct nvmeof_tgt_port *port);
	void	(*remove_port)(struct nvmeof_tgt_port *port);
	void	(*queue_response)(struct nvmeof_tgt_req *req);
	void	(*delete_ctrl)(struct nvmeof_tgt_ctrl *ctrl);
	u16	(*install_queue)(struct nvmeof_tgt_sq *sq);
	void	(*disc_traddr)(struct nvmeof_tgt_req *req, struct nvmeof_tgt_port *port,
			       char *traddr);
};

/**
 * struct nvmeof_tgt_ctrl - a controller: one host's association with a subsystem.
 */
struct nvmeof_tgt_ctrl {
	struct nvmeof_tgt_subsys *subsys;
	struct nvmeof_tgt_port	*port;
	const struct nvmeof_tgt_fabrics_ops *ops;
	u16			cntlid;
	uuid_t			hostid;
	char			hostnqn[NVMEOF_NQN_FIELD_LEN];
	char			subsysnqn[NVMEOF_NQN_FIELD_LEN];
	struct kref		ref;
	/*
	 * Guards: cc, csts, sqs[], nr_async_events/async_event_cmds,
	 * changed_ns_list, aen_enabled, aen_masked, err_counter/err_log,
	 * and the auth pointer once the admin queue is installed.
	 */
	struct mutex		lock;
	u32			cc;
	u32			csts;
	u64			cap;
	u32			kato;		/* ms; 0 = disabled */
	struct delayed_work	ka_work;
	bool			reset_tbkas;	/* traffic seen since the last check */
	struct nvmeof_tgt_sq	**sqs;		/* [0..subsys->max_qid] */
	u16			nr_sqs;
	struct nvmeof_tgt_req	*async_event_cmds[NVMEOF_TGT_ASYNC_EVENTS];
	unsigned int		nr_async_events;
	struct list_head	async_events;	/* queued, not yet delivered */
	struct work_struct	async_event_work;
	u32			aen_enabled;
	unsigned long		aen_masked;
	u32			feat_num_queues;	/* t1: Number of Queues result (DW0) */
	u32			*changed_ns_list;
	u32			nr_changed_ns;
	struct work_struct	fatal_err_work;
	struct list_head	subsys_entry;
	/*
	 * t1: guards err_counter and err_log: completions may run in atomic
	 * context, so this cannot be ctrl->lock.
	 */
	spinlock_t		err_lock;
	u64			err_counter;
	struct nvmeof_error_log_entry err_log[NVMEOF_TGT_ERROR_LOG_SLOTS];
	struct nvmeof_ctrl_stats stats;	/* per-queue counters (obs) */
	/* Keys copied from the host's configfs entry at Connect; NULL: none. */
	struct nvmeof_tgt_ctrl_auth *auth;
};

/**
 * struct nvmeof_tgt_req - one command as the core and a transport share it.
 *
 * Embedded in the transport's per-command context (container_of). The
 * transport fills @cmd/@cqe pointers, calls nvmeof_tgt_req_init(), receives
 * any host-to-controller data into @sg, then calls @execute.
 *
 * t1: the transport sets @transfer_len (the length its nvmeof_sgl_parse()
 * of cmd->dptr found, 0 for none) and @sgl_status (that parse's status)
 * before nvmeof_tgt_req_init(); init fails a command it parsed with
 * @sgl_status if set, else compares @transfer_len with the @data_len the
 * command needs and fails the command with SGL Data Length Invalid on a
 * mismatch. Everything else in the
 * struct (except @tr_priv) is (re)initialised by nvmeof_tgt_req_init().
 */
struct nvmeof_tgt_req {
	struct nvmeof_sqe	*cmd;
	struct nvmeof_cqe	*cqe;
	struct nvmeof_tgt_sq	*sq;
	struct nvmeof_tgt_ns	*ns;		/* holds ns->ref while set */
	struct scatterlist	*sg;
	unsigned int		sg_cnt;
	struct scatterlist	sg_inline[4];	/* @sg of up to 16 KiB of pages (pages.c) */
	u32			transfer_len;	/* from the command's SGL */
	u16			sgl_status;	/* the transport's verdict on that SGL */
	u32			data_len;	/* what the command will move */
	const struct nvmeof_tgt_fabrics_ops *ops;
	void			(*execute)(struct nvmeof_tgt_req *req);
	u16			error_loc;	/* byte offset of the bad field, 0xffff = none */
	u64			error_slba;
	struct list_head	entry;		/* AER list while parked */
	union {
		struct {
			struct bio	inline_bio;
			struct bio_vec	inline_bvec[8];
		} b;
		struct {
			struct kiocb	iocb;
			struct bio_vec	*bvec;
			struct work_struct work;
		} f;
		struct work_struct work;	/* deferred admin work */
	};
	void			*tr_priv;	/* transport's own, unused by core */
	struct nvmeof_qstats_stamp stamp;	/* per-queue counters */
};

static inline bool nvmeof_tgt_req_is_write(const struct nvmeof_tgt_req *req)
{
	/* Data direction is encoded in the opcode's low two bits (Base 2.0, 3.3). */
	return (req->cmd->opcode & 1) != 0;
}

/* --- pages.c: command data pages (alloc/free of @sg are below, with the transport calls) --- */
void nvmeof_tgt_pages_init(void);
void nvmeof_tgt_pages_exit(void);

/* --- obs.c: per-queue counters and command tracepoints --- */
void nvmeof_tgt_obs_ctrl_init(struct nvmeof_tgt_ctrl *ctrl);
void nvmeof_tgt_obs_submit(struct nvmeof_tgt_req *req, struct nvmeof_tgt_sq *sq);
void nvmeof_tgt_obs_complete(struct nvmeof_tgt_req *req, u16 status);

/* --- core <-> transport --- */
int nvmeof_tgt_register_transport(const struct nvmeof_tgt_fabrics_ops *ops);
int nvmeof_tgt_port_sockaddr(struct nvmeof_tgt_port *nport, struct sockaddr_storage *addr);
void nvmeof_tgt_unregister_transport(const struct nvmeof_tgt_fabrics_ops *ops);

/*
 * Prepares @req for @sq: parses the command, checks the SGL length the
 * transport found against what the command needs and picks @execute.
 * Returns false if the request was already completed with an error (the
 * transport's queue_response has been called).
 */
bool nvmeof_tgt_req_init(struct nvmeof_tgt_req *req, struct nvmeof_tgt_sq *sq,
			 const struct nvmeof_tgt_fabrics_ops *ops);
/* Completes @req with NVMe @status (u16, NVMEOF_SC_*): fills the cqe, calls queue_response. */
void nvmeof_tgt_req_complete(struct nvmeof_tgt_req *req, u16 status);
/* The transport failed to move data or tore the queue down mid-command. */
void nvmeof_tgt_req_uninit(struct nvmeof_tgt_req *req);
/* Allocates @req->sg for @req->transfer_len bytes; -ENOMEM. */
int nvmeof_tgt_req_alloc_sgl(struct nvmeof_tgt_req *req);
void nvmeof_tgt_req_free_sgl(struct nvmeof_tgt_req *req);

int nvmeof_tgt_sq_init(struct nvmeof_tgt_sq *sq);
/* After nvmeof_tgt_sq_init(): @sq's connection arrived on @port; holds a port reference. */
void nvmeof_tgt_sq_set_port(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_port *port);
/* Waits for every request on @sq, then drops its controller reference. */
void nvmeof_tgt_sq_destroy(struct nvmeof_tgt_sq *sq);
/* A transport saw a fatal error on one of @ctrl's queues. t1: may sleep. */
void nvmeof_tgt_ctrl_fatal_error(struct nvmeof_tgt_ctrl *ctrl);
/* Any command or keep-alive traffic: postpones KATO expiry. */
void nvmeof_tgt_ctrl_touch(struct nvmeof_tgt_ctrl *ctrl);

/* Transport-visible port settings, resolved (never -1). */
static inline u8 nvmeof_tgt_port_trtype(const struct nvmeof_tgt_port *port)
{
	return port->disc_addr.trtype;
}

/* --- core <-> configfs --- (implemented in core.c, discovery.c, ns.c) */
/* t1: returns ERR_PTR(-errno) on failure, never NULL. */
struct nvmeof_tgt_subsys *nvmeof_tgt_subsys_alloc(const char *nqn,
						  enum nvmeof_tgt_subsys_type type);
void nvmeof_tgt_subsys_del_ctrls(struct nvmeof_tgt_subsys *subsys);
void nvmeof_tgt_subsys_put(struct nvmeof_tgt_subsys *subsys);
struct nvmeof_tgt_ns *nvmeof_tgt_ns_alloc(struct nvmeof_tgt_subsys *subsys, u32 nsid);
void nvmeof_tgt_ns_free(struct nvmeof_tgt_ns *ns);
int nvmeof_tgt_ns_enable(struct nvmeof_tgt_ns *ns);
void nvmeof_tgt_ns_disable(struct nvmeof_tgt_ns *ns);
int nvmeof_tgt_ns_revalidate(struct nvmeof_tgt_ns *ns);
/*
 * t1: implemented in core.c. Caller holds subsys->lock. Records @nsid in
 * every controller's changed-NS log and sends the namespace-attribute AEN.
 */
void nvmeof_tgt_ns_changed(struct nvmeof_tgt_subsys *subsys, u32 nsid);

/*
 * Backends (io_bdev.c, io_file.c) supply their handlers; nvmeof_tgt_io_parse()
 * (ns.c) checks an I/O command on req->ns (Read, Write, Flush, Write Zeroes,
 * DSM), sets req->data_len and picks req->execute from @ops; u16 status.
 */
struct nvmeof_tgt_io_ops {
	void	(*rw)(struct nvmeof_tgt_req *req);
	void	(*flush)(struct nvmeof_tgt_req *req);
	void	(*write_zeroes)(struct nvmeof_tgt_req *req);
	void	(*dsm)(struct nvmeof_tgt_req *req);
};
extern const struct nvmeof_tgt_io_ops nvmeof_tgt_bdev_io_ops;
extern const struct nvmeof_tgt_io_ops nvmeof_tgt_file_io_ops;
u16 nvmeof_tgt_io_parse(struct nvmeof_tgt_req *req, const struct nvmeof_tgt_io_ops *ops);
/* Identify Namespace fields that depend on the backend (sizes, limits). */
void nvmeof_tgt_ns_fill_id(const struct nvmeof_tgt_ns *ns, struct nvmeof_id_ns *id);
/* Looks up an enabled namespace and takes a ns->ref; NULL if none. */
struct nvmeof_tgt_ns *nvmeof_tgt_ns_get(struct nvmeof_tgt_subsys *subsys, u32 nsid);
void nvmeof_tgt_ns_put(struct nvmeof_tgt_ns *ns);

/*
 * t1: locking of the calls below. port_enable/port_disable/ana_changed/
 * ns_ana_moved/discovery_changed: caller holds nvmeof_tgt_config_sem for write and no
 * subsys->lock. port_del_ctrls: caller holds no subsys->lock (it takes
 * subsys->lock). host_allowed: caller holds nvmeof_tgt_config_sem (read is
 * enough) and not subsys->lock; configfs changes hosts/allow_any_host with
 * config_sem held for write (and may also hold subsys->lock).
 * port_enable loads the transport module (request_module
 * "nvmeof-transport-<trtype>") and pins it while the port is enabled.
 */
void nvmeof_tgt_port_get(struct nvmeof_tgt_port *port);
/* The last reference frees the port (configfs.c). */
void nvmeof_tgt_port_put(struct nvmeof_tgt_port *port);
int nvmeof_tgt_port_enable(struct nvmeof_tgt_port *port);
void nvmeof_tgt_port_disable(struct nvmeof_tgt_port *port);
void nvmeof_tgt_port_del_ctrls(struct nvmeof_tgt_port *port,
			       struct nvmeof_tgt_subsys *subsys);
void nvmeof_tgt_port_ana_changed(struct nvmeof_tgt_port *port, u32 grpid);
void nvmeof_tgt_ns_ana_moved(struct nvmeof_tgt_subsys *subsys);
/*
 * Discovery log content changed (port/subsystem/host/referral edits): AEN.
 * t1: either argument may be NULL (= any); bumps the discovery genctr.
 */
void nvmeof_tgt_discovery_changed(struct nvmeof_tgt_port *port,
				  struct nvmeof_tgt_subsys *subsys);
bool nvmeof_tgt_host_allowed(struct nvmeof_tgt_subsys *subsys, const char *hostnqn);
void nvmeof_tgt_subsys_acl_changed(struct nvmeof_tgt_subsys *subsys);

/*
 * Lock order: nvmeof_tgt_config_sem (configfs edits and port/subsys topology,
 * an rw_semaphore) -> subsys->lock -> ctrl->lock.
 */
extern struct rw_semaphore nvmeof_tgt_config_sem;
extern struct list_head nvmeof_tgt_ports;	/* guarded by nvmeof_tgt_config_sem */
extern struct nvmeof_tgt_subsys *nvmeof_tgt_disc_subsys;
extern struct workqueue_struct *nvmeof_tgt_wq;
extern u32 nvmeof_tgt_ana_group_enabled[NVMEOF_TGT_MAX_ANAGRPS + 1];	/* ns count per grpid */

int nvmeof_tgt_configfs_init(void);
void nvmeof_tgt_configfs_exit(void);

/*
 * --- t1: core-internal, between core.c, fabrics_cmd.c, admin.c and
 * discovery.c. Protocol paths return u16 NVMe status. ---
 */
#define NVMEOF_TGT_NO_ERROR_LOC		0xffff

u16 nvmeof_tgt_parse_connect_cmd(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_parse_fabrics_admin_cmd(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_parse_fabrics_io_cmd(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_parse_admin_cmd(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_parse_discovery_cmd(struct nvmeof_tgt_req *req);

u16 nvmeof_tgt_ctrl_alloc(struct nvmeof_tgt_req *req, const char *subsysnqn,
			  const char *hostnqn, const u8 *hostid, u32 kato,
			  struct nvmeof_tgt_ctrl **ctrlp);
u16 nvmeof_tgt_ctrl_find_get(struct nvmeof_tgt_req *req, const char *subsysnqn,
			     const char *hostnqn, u16 cntlid,
			     struct nvmeof_tgt_ctrl **ctrlp);
void nvmeof_tgt_ctrl_put(struct nvmeof_tgt_ctrl *ctrl);
u16 nvmeof_tgt_install_sq(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_tgt_sq *sq,
			  u16 qid, u16 sqsize, bool sqhd_disabled);
void nvmeof_tgt_update_cc(struct nvmeof_tgt_ctrl *ctrl, u32 cc);
void nvmeof_tgt_start_keep_alive(struct nvmeof_tgt_ctrl *ctrl);
void nvmeof_tgt_add_async_event(struct nvmeof_tgt_ctrl *ctrl, u8 type, u8 info, u8 lid);
bool nvmeof_tgt_aen_bit_disabled(struct nvmeof_tgt_ctrl *ctrl, u32 bit);
void nvmeof_tgt_aen_bit_clear(struct nvmeof_tgt_req *req, u32 bit);
const char *nvmeof_tgt_subsys_model(const struct nvmeof_tgt_subsys *subsys);
void nvmeof_tgt_disc_rename(char *nqn);
u64 nvmeof_tgt_ana_chgcnt(void);

u16 nvmeof_tgt_copy_to_sgl(struct nvmeof_tgt_req *req, size_t off, const void *buf,
			   size_t len);
u16 nvmeof_tgt_copy_from_sgl(struct nvmeof_tgt_req *req, size_t off, void *buf,
			     size_t len);
u16 nvmeof_tgt_zero_sgl(struct nvmeof_tgt_req *req, size_t off, size_t len);
/* Copies bytes [off, off + data_len) of a log with @len bytes of content, zero-filling past them. */
u16 nvmeof_tgt_copy_log(struct nvmeof_tgt_req *req, u64 off, const void *log,
			size_t len, size_t size);

/*
 * --- auth.c: DH-HMAC-CHAP. setup_ctrl: caller holds no lock; copies the
 * host's keys (0, or -errno). sq_connected: a Connect is binding @sq; sets
 * *authreq to the AUTHREQ bits of the Connect result (u16 status). parse:
 * Authentication Send/Receive (u16 status). sq_destroy/ctrl_free release what the exchange held. ---
 */
int nvmeof_tgt_auth_setup_ctrl(struct nvmeof_tgt_ctrl *ctrl);
u16 nvmeof_tgt_auth_sq_connected(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_ctrl *ctrl,
				 u32 *authreq);
u16 nvmeof_tgt_parse_auth_cmd(struct nvmeof_tgt_req *req);
void nvmeof_tgt_auth_sq_stop(struct nvmeof_tgt_sq *sq);
void nvmeof_tgt_auth_sq_destroy(struct nvmeof_tgt_sq *sq);
void nvmeof_tgt_auth_ctrl_free(struct nvmeof_tgt_ctrl *ctrl);
static inline bool nvmeof_tgt_auth_pending(const struct nvmeof_tgt_sq *sq)
{
	return sq->auth_required && !READ_ONCE(sq->authenticated);
}

/* Admin commands both controller types answer (admin.c). */
void nvmeof_tgt_execute_async_event(struct nvmeof_tgt_req *req);
void nvmeof_tgt_execute_keep_alive(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_set_feat_kato(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_set_feat_async_event(struct nvmeof_tgt_req *req, u32 supported);
void nvmeof_tgt_id_ctrl_disc(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_id_ctrl *id);
u32 nvmeof_tgt_get_log_page_len(const struct nvmeof_sqe *cmd);
u64 nvmeof_tgt_get_log_page_offset(const struct nvmeof_sqe *cmd);

/*
 * t2: how configfs.c calls the core, as in-tree 6.1 does:
 * nvmeof_tgt_port_enable/disable/del_ctrls, nvmeof_tgt_discovery_changed and
 * nvmeof_tgt_port_ana_changed and nvmeof_tgt_ns_ana_moved with
 * nvmeof_tgt_config_sem held for write;
 * nvmeof_tgt_ns_changed with subsys->lock held (and config_sem, except from
 * namespace disable, which runs without it);
 * nvmeof_tgt_subsys_del_ctrls and nvmeof_tgt_subsys_put with no lock held.
 * discovery_changed(NULL, subsys) means every port @subsys is linked to
 * (allowed_hosts, allow_any_host); discovery_changed(port, NULL) means
 * everything @port reports (referrals).
 * configfs.c and ns.c change nvmeof_tgt_ana_group_enabled under config_sem
 * (write): namespace mkdir/rmdir/ana_grpid, ana_groups mkdir/rmdir.
 */
/* t2: nvmeof_tgt_ns_revalidate() returns 1 if the size changed, else 0. */

/* t2: backends, used by ns.c (enable/disable/revalidate/fill_id). */
int nvmeof_tgt_bdev_ns_enable(struct nvmeof_tgt_ns *ns);	/* -ENOTBLK: not a bdev */
void nvmeof_tgt_bdev_ns_disable(struct nvmeof_tgt_ns *ns);
void nvmeof_tgt_bdev_ns_revalidate(struct nvmeof_tgt_ns *ns);
void nvmeof_tgt_bdev_fill_id(const struct nvmeof_tgt_ns *ns, struct nvmeof_id_ns *id);
int nvmeof_tgt_file_ns_enable(struct nvmeof_tgt_ns *ns);
void nvmeof_tgt_file_ns_disable(struct nvmeof_tgt_ns *ns);
void nvmeof_tgt_file_ns_revalidate(struct nvmeof_tgt_ns *ns);
/* t2: io_file.c's workqueue; nvmeof_tgt_configfs_init/exit call these. */
int nvmeof_tgt_file_init(void);
void nvmeof_tgt_file_exit(void);
/* t2: command checks both backends share (ns.c): LBA range, data_len, write protect. */
u16 nvmeof_tgt_io_prep_rw(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_io_prep_write_zeroes(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_io_prep_dsm(struct nvmeof_tgt_req *req);
u16 nvmeof_tgt_io_for_each_range(struct nvmeof_tgt_req *req,
				 int (*fn)(struct nvmeof_tgt_req *req, u64 slba, u32 nlb,
					   void *arg),
				 void *arg);
u16 nvmeof_tgt_io_errno_status(struct nvmeof_tgt_req *req, int err);
static inline u64 nvmeof_tgt_io_slba(const struct nvmeof_tgt_req *req)	/* t2 */
{
	return le32_to_cpu(req->cmd->cdw10) | ((u64)le32_to_cpu(req->cmd->cdw11) << 32);
}
static inline u32 nvmeof_tgt_io_nlb(const struct nvmeof_tgt_req *req)	/* t2: not 0's based */
{
	return (le32_to_cpu(req->cmd->cdw12) & NVMEOF_RW_NLB_MASK) + 1;
}

#endif /* NVMEOF_TARGET_H */
