/* SPDX-License-Identifier: GPL-2.0-only */
/* The /dev/nvme-fabrics connect option string: parsed options, checks and sysfs text. */
#ifndef NVMEOF_OPTIONS_H
#define NVMEOF_OPTIONS_H

#include <nvmeof/shim.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/nqn.h>

/*
 * One bit per option the 6.1 in-tree host accepts, numbered in the order
 * 6.1 lists them when a fresh /dev/nvme-fabrics is read. The values are
 * ours; only the names and the listing order are the in-tree ABI.
 */
enum {
	NVMEOF_OPT_TRANSPORT		= 1U << 0,
	NVMEOF_OPT_TRADDR		= 1U << 1,
	NVMEOF_OPT_TRSVCID		= 1U << 2,
	NVMEOF_OPT_NQN			= 1U << 3,
	NVMEOF_OPT_QUEUE_SIZE		= 1U << 4,
	NVMEOF_OPT_NR_IO_QUEUES		= 1U << 5,
	NVMEOF_OPT_RECONNECT_DELAY	= 1U << 6,
	NVMEOF_OPT_CTRL_LOSS_TMO	= 1U << 7,
	NVMEOF_OPT_KATO			= 1U << 8,
	NVMEOF_OPT_HOSTNQN		= 1U << 9,
	NVMEOF_OPT_HOST_TRADDR		= 1U << 10,
	NVMEOF_OPT_HOST_IFACE		= 1U << 11,
	NVMEOF_OPT_HOSTID		= 1U << 12,
	NVMEOF_OPT_DUP_CONNECT		= 1U << 13,
	NVMEOF_OPT_DISABLE_SQFLOW	= 1U << 14,
	NVMEOF_OPT_HDR_DIGEST		= 1U << 15,
	NVMEOF_OPT_DATA_DIGEST		= 1U << 16,
	NVMEOF_OPT_NR_WRITE_QUEUES	= 1U << 17,
	NVMEOF_OPT_NR_POLL_QUEUES	= 1U << 18,
	NVMEOF_OPT_TOS			= 1U << 19,
	NVMEOF_OPT_FAST_IO_FAIL_TMO	= 1U << 20,
	NVMEOF_OPT_DISCOVERY		= 1U << 21,
	NVMEOF_OPT_DHCHAP_SECRET	= 1U << 22,
	NVMEOF_OPT_DHCHAP_CTRL_SECRET	= 1U << 23,
};

#define NVMEOF_OPT_COUNT		24
#define NVMEOF_OPTS_ALL_MASK		((1U << NVMEOF_OPT_COUNT) - 1)

/* Every connect needs these; nvmeof_opts_parse() enforces them itself. */
#define NVMEOF_OPTS_REQUIRED		(NVMEOF_OPT_TRANSPORT | NVMEOF_OPT_NQN)

/* Options every transport accepts (6.1's NVMF_ALLOWED_OPTS). */
#define NVMEOF_OPTS_GENERIC_MASK					\
	(NVMEOF_OPT_QUEUE_SIZE | NVMEOF_OPT_NR_IO_QUEUES |		\
	 NVMEOF_OPT_KATO | NVMEOF_OPT_HOSTNQN | NVMEOF_OPT_HOSTID |	\
	 NVMEOF_OPT_DUP_CONNECT | NVMEOF_OPT_DISABLE_SQFLOW |		\
	 NVMEOF_OPT_DISCOVERY | NVMEOF_OPT_FAST_IO_FAIL_TMO |		\
	 NVMEOF_OPT_DHCHAP_SECRET | NVMEOF_OPT_DHCHAP_CTRL_SECRET)

#define NVMEOF_OPTS_BASE_MASK	(NVMEOF_OPTS_REQUIRED | NVMEOF_OPTS_GENERIC_MASK)

/* Transport-required options, for nvmeof_opts_check_required(). */
#define NVMEOF_OPTS_TCP_REQUIRED	NVMEOF_OPT_TRADDR
#define NVMEOF_OPTS_RDMA_REQUIRED	NVMEOF_OPT_TRADDR
#define NVMEOF_OPTS_LOOP_REQUIRED	0U

/*
 * Complete allowed sets, for nvmeof_opts_check_allowed(): the base set, the
 * transport's required options and its own additions, as 6.1 composes them.
 */
#define NVMEOF_OPTS_TCP_MASK						\
	(NVMEOF_OPTS_BASE_MASK | NVMEOF_OPT_TRADDR | NVMEOF_OPT_TRSVCID |	\
	 NVMEOF_OPT_RECONNECT_DELAY | NVMEOF_OPT_HOST_TRADDR |		\
	 NVMEOF_OPT_CTRL_LOSS_TMO | NVMEOF_OPT_HDR_DIGEST |		\
	 NVMEOF_OPT_DATA_DIGEST | NVMEOF_OPT_NR_WRITE_QUEUES |		\
	 NVMEOF_OPT_NR_POLL_QUEUES | NVMEOF_OPT_TOS | NVMEOF_OPT_HOST_IFACE)

/* rdma: the tcp set without the digests and host_iface. */
#define NVMEOF_OPTS_RDMA_MASK						\
	(NVMEOF_OPTS_TCP_MASK & ~(NVMEOF_OPT_HDR_DIGEST |		\
				  NVMEOF_OPT_DATA_DIGEST |		\
				  NVMEOF_OPT_HOST_IFACE))

/* loop: traddr (the target's port id) on top of the base set. */
#define NVMEOF_OPTS_LOOP_MASK	(NVMEOF_OPTS_BASE_MASK | NVMEOF_OPT_TRADDR)

/* 6.1 defaults (drivers/nvme/host/fabrics.h and nvme.h). */
#define NVMEOF_OPTS_MIN_QUEUE_SIZE	16
#define NVMEOF_OPTS_MAX_QUEUE_SIZE	1024
#define NVMEOF_OPTS_DEF_QUEUE_SIZE	128
#define NVMEOF_OPTS_DEF_RECONNECT_DELAY	10
#define NVMEOF_OPTS_DEF_CTRL_LOSS_TMO	600
#define NVMEOF_OPTS_DEF_KATO		5
#define NVMEOF_OPTS_MAX_TOS		255

/* Field sizes, each including the NUL. */
#define NVMEOF_TRANSPORT_SIZE		16
/* NVMEOF_TRADDR_SIZE (256) and NVMEOF_TRSVCID_SIZE (32) come from fabrics.h. */
#define NVMEOF_HOST_IFACE_SIZE		16	/* IFNAMSIZ */
/*
 * A DH-HMAC-CHAP secret "DHHC-1:hh:<base64 of key and CRC>:" is at most
 * about 105 characters for a 64-byte key; room to spare for longer keys.
 */
#define NVMEOF_DHCHAP_SECRET_SIZE	256

/*
 * A write to /dev/nvme-fabrics, parsed. Strings are NUL-terminated and
 * empty when not given; @mask says what was given. Holding every string in
 * place keeps the parser free of allocation. The secrets live here too, so
 * whoever frees one of these frees it with kfree_sensitive().
 */
struct nvmeof_ctrl_opts {
	u32		mask;			/* NVMEOF_OPT_* given */
	char		transport[NVMEOF_TRANSPORT_SIZE];
	char		traddr[NVMEOF_TRADDR_SIZE];
	char		trsvcid[NVMEOF_TRSVCID_SIZE];
	char		host_traddr[NVMEOF_TRADDR_SIZE];
	char		host_iface[NVMEOF_HOST_IFACE_SIZE];
	char		subsysnqn[NVMEOF_NQN_SIZE];	/* nqn= */
	char		hostnqn[NVMEOF_NQN_SIZE];	/* given, or the default */
	u8		hostid[NVMEOF_UUID_SIZE];	/* given, or the caller's random one */
	char		dhchap_secret[NVMEOF_DHCHAP_SECRET_SIZE];
	char		dhchap_ctrl_secret[NVMEOF_DHCHAP_SECRET_SIZE];
	unsigned int	queue_size;
	unsigned int	nr_io_queues;		/* 0 for discovery controllers */
	unsigned int	nr_write_queues;
	unsigned int	nr_poll_queues;
	int		reconnect_delay;	/* seconds, > 0 */
	int		ctrl_loss_tmo;		/* seconds as given; < 0 means forever */
	int		max_reconnects;		/* -1: forever */
	int		kato;			/* seconds; 0 only on discovery */
	int		fast_io_fail_tmo;	/* seconds; -1: off */
	int		tos;			/* 0..255; -1: transport default */
	bool		duplicate_connect;
	bool		disable_sqflow;
	bool		hdr_digest;
	bool		data_digest;
	bool		discovery;		/* discovery NQN or the flag */
};

/**
 * struct nvmeof_opts_defaults - what the parser cannot know by itself
 * @hostnqn:	NUL-terminated host NQN used when hostnqn= is absent (the
 *		kernel passes its default host's), or NULL to leave it empty
 * @hostid:	16 random bytes used when hostid= is absent, or NULL for zeros
 * @online_cpus: default for nr_io_queues and the cap on a given value;
 *		0 means no cap and a default of 1
 */
struct nvmeof_opts_defaults {
	const char	*hostnqn;
	const u8	*hostid;
	unsigned int	online_cpus;
};

/**
 * struct nvmeof_opts_error - why an option string was refused
 * @token:	the offending "name=value" in the caller's buffer, or a
 *		static pattern such as "transport=%s" for a missing or
 *		disallowed option; not NUL-terminated. For secrets only the
 *		name is covered so a bad secret never reaches the log.
 * @token_len:	its length (may be long: print with a precision)
 * @reason:	static text, e.g. "unknown parameter"
 * @opt:	the NVMEOF_OPT_* concerned, 0 when the name is unknown
 *
 * The kernel prints one line:
 * pr_warn("%s '%.*s' in ctrl creation request\n", e.reason,
 *	   (int)min_t(size_t, e.token_len, 256), e.token);
 */
struct nvmeof_opts_error {
	const char	*token;
	size_t		token_len;
	const char	*reason;
	u32		opt;
};

/**
 * nvmeof_opts_parse() - parse a connect option string as 6.1 does, strictly
 * @opts:	filled in completely, defaults included
 * @buf:	the bytes written; need not be NUL-terminated
 * @len:	their number; the caller enforces its own upper bound (PAGE_SIZE)
 * @defs:	caller-supplied defaults, may be NULL
 * @err:	filled on failure, may be NULL
 *
 * Tokens are split on ',' and '\n'; empty ones are skipped. Stricter than
 * 6.1 where 6.1 would silently do something surprising:
 * - a repeated option is -EINVAL (6.1 keeps the last one), except hostnqn,
 *   which is -EADDRINUSE as in 6.1;
 * - numbers are plain decimal with an optional '-' (6.1 also took 0x.. and
 *   leading-zero octal; a leading zero is refused so "010" cannot mean 8
 *   there and 10 here);
 * - hostid must be exactly a UUID (6.1 ignored text after it);
 * - strings must fit their field and contain no control characters;
 *   transport is lowercase letters and digits, as it names a module;
 * - a NUL is refused except as the very last byte, where C programs that
 *   count the terminator put it.
 * Also unlike 6.1, the NQN limit is the specification's 223 bytes (6.1
 * refuses exactly 223), and the result does not depend on option order
 * (6.1 only ignored nr_io_queues for discovery when nqn= came first).
 * Kept from 6.1: queue_size 16..1024; nr_io_queues, nr_write_queues,
 * nr_poll_queues and reconnect_delay > 0; keep_alive_tmo >= 0, and 0 on an
 * I/O controller becomes the default 5; ctrl_loss_tmo < 0 reconnects
 * forever; fast_io_fail_tmo < 0 is -1 (off); tos < 0 refused, > 255
 * clamped; a discovery controller gets no I/O queues and duplicate_connect.
 * transport= and nqn= are required.
 *
 * Return: 0, -EINVAL, or -EADDRINUSE for a second hostnqn=.
 */
int nvmeof_opts_parse(struct nvmeof_ctrl_opts *opts, const char *buf, size_t len,
		      const struct nvmeof_opts_defaults *defs,
		      struct nvmeof_opts_error *err);

/**
 * nvmeof_opts_check_required() - are all @required options present
 * @opts:	parsed options
 * @required:	NVMEOF_OPT_* bits, e.g. NVMEOF_OPTS_TCP_REQUIRED
 * @err:	names the first missing option in listing order; may be NULL
 *
 * Return: 0 or -EINVAL.
 */
int nvmeof_opts_check_required(const struct nvmeof_ctrl_opts *opts,
			       u32 required, struct nvmeof_opts_error *err);

/**
 * nvmeof_opts_check_allowed() - were only options in @allowed given
 * @opts:	parsed options
 * @allowed:	a complete allowed set, e.g. NVMEOF_OPTS_TCP_MASK
 * @err:	names the first disallowed option in listing order; may be NULL
 *
 * transport= and nqn= are always allowed.
 *
 * Return: 0 or -EINVAL.
 */
int nvmeof_opts_check_allowed(const struct nvmeof_ctrl_opts *opts,
			      u32 allowed, struct nvmeof_opts_error *err);

/**
 * nvmeof_opts_pattern() - the 6.1 pattern of one option, e.g. "tos=%d"
 * @opt:	exactly one NVMEOF_OPT_* bit
 *
 * Return: a static string, or NULL when @opt is not one known bit.
 */
const char *nvmeof_opts_pattern(u32 opt);

/**
 * nvmeof_opts_format_supported() - what a read of a fresh /dev/nvme-fabrics returns
 * @buf:	output, NUL-terminated on success
 * @size:	its size
 *
 * "instance=-1,cntlid=-1", then ",<pattern>" per option in 6.1's order,
 * then a newline.
 *
 * Return: the length without the NUL, or -ENOSPC (nothing useful in @buf).
 */
int nvmeof_opts_format_supported(char *buf, size_t size);

/**
 * nvmeof_opts_format_address() - the sysfs "address" attribute of a controller
 * @opts:	parsed options
 * @buf:	output, NUL-terminated on success
 * @size:	its size
 *
 * "traddr=..,trsvcid=..,host_traddr=..,host_iface=.." listing only the
 * options given, comma-separated, then a newline (a lone newline when none
 * was given), as 6.1 writes it.
 *
 * Return: the length without the NUL, or -ENOSPC.
 */
int nvmeof_opts_format_address(const struct nvmeof_ctrl_opts *opts,
			       char *buf, size_t size);

/**
 * nvmeof_opts_match() - would @a connect the controller @b already connects
 * @a:	options of the new connect
 * @b:	options of an existing controller
 *
 * The duplicate-connect test: same transport, traddr, trsvcid, subsystem
 * NQN, host NQN and host ID (6.1 compares the host ID too, so a connect
 * without hostid= never matches), and host_traddr / host_iface either both
 * absent or both given and equal. The caller skips controllers that are
 * being deleted or dead, and does not call this when @a has
 * duplicate_connect.
 *
 * Return: true when they describe the same controller.
 */
bool nvmeof_opts_match(const struct nvmeof_ctrl_opts *a,
		       const struct nvmeof_ctrl_opts *b);

#endif /* NVMEOF_OPTIONS_H */
