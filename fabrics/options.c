// SPDX-License-Identifier: GPL-2.0-only
/* The /dev/nvme-fabrics connect option string: parser, checks and sysfs text (pure). */
#include <nvmeof/shim.h>
#include <nvmeof/nqn.h>
#include <nvmeof/options.h>
#include <nvmeof/auth.h>

enum opts_kind {
	OPTS_FLAG,	/* "name" alone */
	OPTS_INT,	/* "name=%d" */
	OPTS_STR,	/* "name=%s" */
};

struct opts_token {
	const char	*pattern;	/* as 6.1 lists it */
	u8		name_len;	/* bytes before '=' (all of it for a flag) */
	u8		kind;
	u32		opt;
};

#define OPTS_TOK(_name, _kind, _suffix, _opt) \
	{ _name _suffix, sizeof(_name) - 1, _kind, _opt }
#define OPTS_S(name, opt)	OPTS_TOK(name, OPTS_STR, "=%s", opt)
#define OPTS_D(name, opt)	OPTS_TOK(name, OPTS_INT, "=%d", opt)
#define OPTS_F(name, opt)	OPTS_TOK(name, OPTS_FLAG, "", opt)

/* In 6.1's order: the supported-options listing depends on it. */
static const struct opts_token opts_tokens[] = {
	OPTS_S("transport",		NVMEOF_OPT_TRANSPORT),
	OPTS_S("traddr",		NVMEOF_OPT_TRADDR),
	OPTS_S("trsvcid",		NVMEOF_OPT_TRSVCID),
	OPTS_S("nqn",			NVMEOF_OPT_NQN),
	OPTS_D("queue_size",		NVMEOF_OPT_QUEUE_SIZE),
	OPTS_D("nr_io_queues",		NVMEOF_OPT_NR_IO_QUEUES),
	OPTS_D("reconnect_delay",	NVMEOF_OPT_RECONNECT_DELAY),
	OPTS_D("ctrl_loss_tmo",		NVMEOF_OPT_CTRL_LOSS_TMO),
	OPTS_D("keep_alive_tmo",	NVMEOF_OPT_KATO),
	OPTS_S("hostnqn",		NVMEOF_OPT_HOSTNQN),
	OPTS_S("host_traddr",		NVMEOF_OPT_HOST_TRADDR),
	OPTS_S("host_iface",		NVMEOF_OPT_HOST_IFACE),
	OPTS_S("hostid",		NVMEOF_OPT_HOSTID),
	OPTS_F("duplicate_connect",	NVMEOF_OPT_DUP_CONNECT),
	OPTS_F("disable_sqflow",	NVMEOF_OPT_DISABLE_SQFLOW),
	OPTS_F("hdr_digest",		NVMEOF_OPT_HDR_DIGEST),
	OPTS_F("data_digest",		NVMEOF_OPT_DATA_DIGEST),
	OPTS_D("nr_write_queues",	NVMEOF_OPT_NR_WRITE_QUEUES),
	OPTS_D("nr_poll_queues",	NVMEOF_OPT_NR_POLL_QUEUES),
	OPTS_D("tos",			NVMEOF_OPT_TOS),
	OPTS_D("fast_io_fail_tmo",	NVMEOF_OPT_FAST_IO_FAIL_TMO),
	OPTS_F("discovery",		NVMEOF_OPT_DISCOVERY),
	OPTS_S("dhchap_secret",		NVMEOF_OPT_DHCHAP_SECRET),
	OPTS_S("dhchap_ctrl_secret",	NVMEOF_OPT_DHCHAP_CTRL_SECRET),
};

static_assert(ARRAY_SIZE(opts_tokens) == NVMEOF_OPT_COUNT);

/* match_int()'s range in 6.1; spelled out as the userspace shim has no limits.h. */
#define OPTS_INT_MAX		((s64)0x7fffffff)

#define OPTS_DHCHAP_PREFIX	"DHHC-1:"
/* 6.1's lower bound: the prefix, a two-digit hash id, ':' and one more. */
#define OPTS_DHCHAP_MIN_LEN	11

static int opts_fail(struct nvmeof_opts_error *err, int ret, const char *reason,
		     const char *token, size_t token_len, u32 opt)
{
	if (err) {
		err->token = token;
		err->token_len = token_len;
		err->reason = reason;
		err->opt = opt;
	}
	return ret;
}

static int opts_fail_pattern(struct nvmeof_opts_error *err, const char *reason,
			     const struct opts_token *tok)
{
	return opts_fail(err, -EINVAL, reason, tok->pattern,
			 strlen(tok->pattern), tok->opt);
}

static const struct opts_token *opts_lookup(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts_tokens); i++) {
		if (opts_tokens[i].name_len == len &&
		    !memcmp(opts_tokens[i].pattern, name, len))
			return &opts_tokens[i];
	}
	return NULL;
}

/*
 * Plain decimal int: optional '-', digits, nothing else. A leading zero
 * before more digits is refused because 6.1 read it as octal.
 */
static int opts_parse_int(const char *s, size_t len, int *out)
{
	bool neg = false;
	s64 v = 0;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i = 1;
	}
	if (i == len)
		return -EINVAL;
	if (s[i] == '0' && len - i > 1)
		return -EINVAL;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
		/* One past INT_MAX is still needed for INT_MIN. */
		if (v > OPTS_INT_MAX + 1)
			return -ERANGE;
	}
	if (neg)
		v = -v;
	if (v > OPTS_INT_MAX || v < -OPTS_INT_MAX - 1)
		return -ERANGE;
	*out = (int)v;
	return 0;
}

/* Control characters would end up in sysfs attributes and log lines. */
static bool opts_has_control(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		u8 c = s[i];

		if (c < 0x20 || c == 0x7f)
			return true;
	}
	return false;
}

/* transport names a module ("nvme-tcp"), so keep it to a module-name subset. */
static bool opts_transport_name_ok(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9')))
			return false;
	}
	return true;
}

struct opts_field {
	char	*dst;
	size_t	size;
};

static struct opts_field opts_str_field(struct nvmeof_ctrl_opts *opts, u32 opt)
{
	struct opts_field f = { NULL, 0 };

	switch (opt) {
	case NVMEOF_OPT_TRANSPORT:
		f.dst = opts->transport;
		f.size = sizeof(opts->transport);
		break;
	case NVMEOF_OPT_TRADDR:
		f.dst = opts->traddr;
		f.size = sizeof(opts->traddr);
		break;
	case NVMEOF_OPT_TRSVCID:
		f.dst = opts->trsvcid;
		f.size = sizeof(opts->trsvcid);
		break;
	case NVMEOF_OPT_NQN:
		f.dst = opts->subsysnqn;
		f.size = sizeof(opts->subsysnqn);
		break;
	case NVMEOF_OPT_HOSTNQN:
		f.dst = opts->hostnqn;
		f.size = sizeof(opts->hostnqn);
		break;
	case NVMEOF_OPT_HOST_TRADDR:
		f.dst = opts->host_traddr;
		f.size = sizeof(opts->host_traddr);
		break;
	case NVMEOF_OPT_HOST_IFACE:
		f.dst = opts->host_iface;
		f.size = sizeof(opts->host_iface);
		break;
	case NVMEOF_OPT_DHCHAP_SECRET:
		f.dst = opts->dhchap_secret;
		f.size = sizeof(opts->dhchap_secret);
		break;
	case NVMEOF_OPT_DHCHAP_CTRL_SECRET:
		f.dst = opts->dhchap_ctrl_secret;
		f.size = sizeof(opts->dhchap_ctrl_secret);
		break;
	}
	return f;
}

static int opts_apply_str(struct nvmeof_ctrl_opts *opts, const struct opts_token *tok,
			  const char *tok_start, size_t tok_len,
			  const char *val, size_t val_len,
			  struct nvmeof_opts_error *err)
{
	bool secret = tok->opt & (NVMEOF_OPT_DHCHAP_SECRET |
				  NVMEOF_OPT_DHCHAP_CTRL_SECRET);
	/* A secret is reported by name only so it never reaches the log. */
	size_t shown = secret ? tok->name_len : tok_len;
	struct opts_field f;

	if (tok->opt == NVMEOF_OPT_HOSTID) {
		if (nvmeof_uuid_parse(val, val_len, opts->hostid))
			return opts_fail(err, -EINVAL, "invalid UUID in", tok_start,
					 tok_len, tok->opt);
		return 0;
	}

	f = opts_str_field(opts, tok->opt);
	if (val_len >= f.size)
		return opts_fail(err, -EINVAL, "value too long in", tok_start,
				 shown, tok->opt);
	if (opts_has_control(val, val_len))
		return opts_fail(err, -EINVAL, "control character in", tok_start,
				 shown, tok->opt);
	memcpy(f.dst, val, val_len);
	f.dst[val_len] = '\0';

	switch (tok->opt) {
	case NVMEOF_OPT_TRANSPORT:
		if (!opts_transport_name_ok(val, val_len))
			return opts_fail(err, -EINVAL, "invalid transport name in",
					 tok_start, tok_len, tok->opt);
		break;
	case NVMEOF_OPT_NQN:
	case NVMEOF_OPT_HOSTNQN:
		/* Loose: Linux never required the specification's NQN form. */
		if (!nvmeof_nqn_valid_loose(f.dst, f.size))
			return opts_fail(err, -EINVAL, "invalid NQN in", tok_start,
					 tok_len, tok->opt);
		break;
	case NVMEOF_OPT_DHCHAP_SECRET:
	case NVMEOF_OPT_DHCHAP_CTRL_SECRET: {
		struct nvmeof_auth_secret k;
		int bad;

		/*
		 * Parsed in full (CRC, key length) so that a secret the host
		 * cannot use fails the connect here rather than mid-exchange.
		 */
		bad = val_len < OPTS_DHCHAP_MIN_LEN ||
		      memcmp(val, OPTS_DHCHAP_PREFIX, sizeof(OPTS_DHCHAP_PREFIX) - 1) ||
		      nvmeof_auth_secret_parse(val, val_len, &k);
		nvmeof_auth_secret_clear(&k);
		if (bad)
			return opts_fail(err, -EINVAL, "invalid DH-HMAC-CHAP secret in",
					 tok_start, shown, tok->opt);
		break;
	}
	}
	return 0;
}

static int opts_apply_int(struct nvmeof_ctrl_opts *opts, const struct opts_token *tok,
			  const char *tok_start, size_t tok_len,
			  const char *val, size_t val_len,
			  struct nvmeof_opts_error *err)
{
	int v;

	if (opts_parse_int(val, val_len, &v))
		return opts_fail(err, -EINVAL, "invalid number in", tok_start,
				 tok_len, tok->opt);

	switch (tok->opt) {
	case NVMEOF_OPT_QUEUE_SIZE:
		if (v < NVMEOF_OPTS_MIN_QUEUE_SIZE || v > NVMEOF_OPTS_MAX_QUEUE_SIZE)
			goto out_range;
		opts->queue_size = v;
		break;
	case NVMEOF_OPT_NR_IO_QUEUES:
		if (v <= 0)
			goto out_range;
		opts->nr_io_queues = v;
		break;
	case NVMEOF_OPT_NR_WRITE_QUEUES:
		if (v <= 0)
			goto out_range;
		opts->nr_write_queues = v;
		break;
	case NVMEOF_OPT_NR_POLL_QUEUES:
		if (v <= 0)
			goto out_range;
		opts->nr_poll_queues = v;
		break;
	case NVMEOF_OPT_RECONNECT_DELAY:
		if (v <= 0)
			goto out_range;
		opts->reconnect_delay = v;
		break;
	case NVMEOF_OPT_CTRL_LOSS_TMO:
		opts->ctrl_loss_tmo = v;
		break;
	case NVMEOF_OPT_KATO:
		if (v < 0)
			goto out_range;
		opts->kato = v;
		break;
	case NVMEOF_OPT_FAST_IO_FAIL_TMO:
		opts->fast_io_fail_tmo = v < 0 ? -1 : v;
		break;
	case NVMEOF_OPT_TOS:
		if (v < 0)
			goto out_range;
		opts->tos = v > NVMEOF_OPTS_MAX_TOS ? NVMEOF_OPTS_MAX_TOS : v;
		break;
	}
	return 0;

out_range:
	return opts_fail(err, -EINVAL, "value out of range in", tok_start,
			 tok_len, tok->opt);
}

static void opts_apply_flag(struct nvmeof_ctrl_opts *opts, u32 opt)
{
	switch (opt) {
	case NVMEOF_OPT_DUP_CONNECT:
		opts->duplicate_connect = true;
		break;
	case NVMEOF_OPT_DISABLE_SQFLOW:
		opts->disable_sqflow = true;
		break;
	case NVMEOF_OPT_HDR_DIGEST:
		opts->hdr_digest = true;
		break;
	case NVMEOF_OPT_DATA_DIGEST:
		opts->data_digest = true;
		break;
	case NVMEOF_OPT_DISCOVERY:
		opts->discovery = true;
		break;
	}
}

static int opts_parse_token(struct nvmeof_ctrl_opts *opts, const char *t,
			    size_t len, struct nvmeof_opts_error *err)
{
	const struct opts_token *tok;
	const char *eq = memchr(t, '=', len);
	size_t name_len = eq ? (size_t)(eq - t) : len;
	const char *val = eq ? eq + 1 : NULL;
	size_t val_len = eq ? len - name_len - 1 : 0;

	tok = opts_lookup(t, name_len);
	if (!tok)
		return opts_fail(err, -EINVAL, "unknown parameter", t, len, 0);
	if (tok->kind == OPTS_FLAG && eq)
		return opts_fail(err, -EINVAL, "unexpected value for", t, len, tok->opt);
	if (tok->kind != OPTS_FLAG && !val_len)
		return opts_fail(err, -EINVAL, "missing value for", t, len, tok->opt);

	if (opts->mask & tok->opt) {
		/* 6.1 refuses a second hostnqn with this errno; keep it. */
		if (tok->opt == NVMEOF_OPT_HOSTNQN)
			return opts_fail(err, -EADDRINUSE, "hostnqn already given",
					 t, len, tok->opt);
		return opts_fail(err, -EINVAL, "duplicate parameter", t,
				 tok->kind == OPTS_STR ? tok->name_len : len,
				 tok->opt);
	}
	opts->mask |= tok->opt;

	switch (tok->kind) {
	case OPTS_STR:
		return opts_apply_str(opts, tok, t, len, val, val_len, err);
	case OPTS_INT:
		return opts_apply_int(opts, tok, t, len, val, val_len, err);
	default:
		opts_apply_flag(opts, tok->opt);
		return 0;
	}
}

static void opts_set_defaults(struct nvmeof_ctrl_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->queue_size = NVMEOF_OPTS_DEF_QUEUE_SIZE;
	opts->reconnect_delay = NVMEOF_OPTS_DEF_RECONNECT_DELAY;
	opts->ctrl_loss_tmo = NVMEOF_OPTS_DEF_CTRL_LOSS_TMO;
	opts->fast_io_fail_tmo = -1;
	opts->tos = -1;
}

static int opts_finish(struct nvmeof_ctrl_opts *opts,
		       const struct nvmeof_opts_defaults *defs,
		       struct nvmeof_opts_error *err)
{
	unsigned int cpus = defs ? defs->online_cpus : 0;
	int ret;

	ret = nvmeof_opts_check_required(opts, NVMEOF_OPTS_REQUIRED, err);
	if (ret)
		return ret;

	/*
	 * The controller proves itself only after the host has: a controller
	 * secret alone would read as authentication and be none.
	 */
	if ((opts->mask & NVMEOF_OPT_DHCHAP_CTRL_SECRET) &&
	    !(opts->mask & NVMEOF_OPT_DHCHAP_SECRET))
		return opts_fail(err, -EINVAL, "dhchap_secret missing, needed by",
				 "dhchap_ctrl_secret", 18, NVMEOF_OPT_DHCHAP_CTRL_SECRET);

	if (!(opts->mask & NVMEOF_OPT_HOSTNQN) && defs && defs->hostnqn) {
		size_t n = strnlen(defs->hostnqn, sizeof(opts->hostnqn));

		if (n == sizeof(opts->hostnqn))
			return opts_fail(err, -EINVAL, "default hostnqn too long for",
					 "hostnqn", 7, NVMEOF_OPT_HOSTNQN);
		memcpy(opts->hostnqn, defs->hostnqn, n + 1);
	}
	if (!(opts->mask & NVMEOF_OPT_HOSTID) && defs && defs->hostid)
		memcpy(opts->hostid, defs->hostid, sizeof(opts->hostid));

	if (nvmeof_nqn_is_discovery(opts->subsysnqn, sizeof(opts->subsysnqn)))
		opts->discovery = true;

	if (opts->discovery) {
		opts->nr_io_queues = 0;
		opts->nr_write_queues = 0;
		opts->nr_poll_queues = 0;
		opts->duplicate_connect = true;
	} else {
		if (!(opts->mask & NVMEOF_OPT_NR_IO_QUEUES))
			opts->nr_io_queues = cpus ? cpus : 1;
		else if (cpus && opts->nr_io_queues > cpus)
			opts->nr_io_queues = cpus;
		/* 6.1 also turns an explicit 0 into the default here. */
		if (!opts->kato)
			opts->kato = NVMEOF_OPTS_DEF_KATO;
	}

	if (opts->ctrl_loss_tmo < 0) {
		opts->max_reconnects = -1;
	} else {
		/* 64-bit so ctrl_loss_tmo near INT_MAX cannot overflow. */
		s64 n = ((s64)opts->ctrl_loss_tmo + opts->reconnect_delay - 1) /
			opts->reconnect_delay;

		opts->max_reconnects = (int)n;
	}
	return 0;
}

int nvmeof_opts_parse(struct nvmeof_ctrl_opts *opts, const char *buf, size_t len,
		      const struct nvmeof_opts_defaults *defs,
		      struct nvmeof_opts_error *err)
{
	size_t pos = 0;
	int ret;

	if (err)
		memset(err, 0, sizeof(*err));
	opts_set_defaults(opts);

	/* C writers that count the terminator leave one NUL at the end. */
	if (len && buf[len - 1] == '\0')
		len--;

	while (pos < len) {
		const char *t = buf + pos;
		size_t n = 0;

		while (pos + n < len && t[n] != ',' && t[n] != '\n') {
			if (t[n] == '\0')
				return opts_fail(err, -EINVAL, "NUL byte in", t, n, 0);
			n++;
		}
		pos += n + 1;
		if (!n)
			continue;
		ret = opts_parse_token(opts, t, n, err);
		if (ret)
			return ret;
	}
	return opts_finish(opts, defs, err);
}
EXPORT_SYMBOL_GPL(nvmeof_opts_parse);

int nvmeof_opts_check_required(const struct nvmeof_ctrl_opts *opts,
			       u32 required, struct nvmeof_opts_error *err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts_tokens); i++) {
		const struct opts_token *tok = &opts_tokens[i];

		if ((required & tok->opt) && !(opts->mask & tok->opt))
			return opts_fail_pattern(err, "missing parameter", tok);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_opts_check_required);

int nvmeof_opts_check_allowed(const struct nvmeof_ctrl_opts *opts,
			      u32 allowed, struct nvmeof_opts_error *err)
{
	size_t i;

	allowed |= NVMEOF_OPTS_REQUIRED;
	for (i = 0; i < ARRAY_SIZE(opts_tokens); i++) {
		const struct opts_token *tok = &opts_tokens[i];

		if ((opts->mask & tok->opt) && !(allowed & tok->opt))
			return opts_fail_pattern(err, "invalid parameter for this transport",
						 tok);
	}
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_opts_check_allowed);

const char *nvmeof_opts_pattern(u32 opt)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opts_tokens); i++) {
		if (opts_tokens[i].opt == opt)
			return opts_tokens[i].pattern;
	}
	return NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_opts_pattern);

/* Appends without ever writing past size; *len may run past it to flag -ENOSPC. */
static void opts_put(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len < size) {
		size_t room = size - *len;

		memcpy(buf + *len, s, n < room ? n : room);
	}
	*len += n;
}

static void opts_puts(char *buf, size_t size, size_t *len, const char *s)
{
	opts_put(buf, size, len, s, strlen(s));
}

static int opts_terminate(char *buf, size_t size, size_t len)
{
	/* Lengths are bounded by our own fields, far below INT_MAX. */
	if (len >= size)
		return -ENOSPC;
	buf[len] = '\0';
	return (int)len;
}

int nvmeof_opts_format_supported(char *buf, size_t size)
{
	size_t len = 0, i;

	opts_puts(buf, size, &len, "instance=-1,cntlid=-1");
	for (i = 0; i < ARRAY_SIZE(opts_tokens); i++) {
		opts_puts(buf, size, &len, ",");
		opts_puts(buf, size, &len, opts_tokens[i].pattern);
	}
	opts_puts(buf, size, &len, "\n");
	return opts_terminate(buf, size, len);
}
EXPORT_SYMBOL_GPL(nvmeof_opts_format_supported);

int nvmeof_opts_format_address(const struct nvmeof_ctrl_opts *opts,
			       char *buf, size_t size)
{
	static const struct {
		u32		opt;
		const char	*key;
		size_t		offset;
		size_t		field;
	} parts[] = {
		{ NVMEOF_OPT_TRADDR, "traddr=",
		  offsetof(struct nvmeof_ctrl_opts, traddr), NVMEOF_TRADDR_SIZE },
		{ NVMEOF_OPT_TRSVCID, "trsvcid=",
		  offsetof(struct nvmeof_ctrl_opts, trsvcid), NVMEOF_TRSVCID_SIZE },
		{ NVMEOF_OPT_HOST_TRADDR, "host_traddr=",
		  offsetof(struct nvmeof_ctrl_opts, host_traddr), NVMEOF_TRADDR_SIZE },
		{ NVMEOF_OPT_HOST_IFACE, "host_iface=",
		  offsetof(struct nvmeof_ctrl_opts, host_iface), NVMEOF_HOST_IFACE_SIZE },
	};
	size_t len = 0, i;

	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		const char *val = (const char *)opts + parts[i].offset;

		if (!(opts->mask & parts[i].opt))
			continue;
		if (len)
			opts_puts(buf, size, &len, ",");
		opts_puts(buf, size, &len, parts[i].key);
		/* Bounded: the struct may come from a caller that filled it by hand. */
		opts_put(buf, size, &len, val, strnlen(val, parts[i].field));
	}
	opts_puts(buf, size, &len, "\n");
	return opts_terminate(buf, size, len);
}
EXPORT_SYMBOL_GPL(nvmeof_opts_format_address);

static bool opts_field_eq(const char *a, const char *b, size_t size)
{
	size_t la = strnlen(a, size), lb = strnlen(b, size);

	return la == lb && !memcmp(a, b, la);
}

/* Both absent, or both given and equal. */
static bool opts_optional_eq(const struct nvmeof_ctrl_opts *a,
			     const struct nvmeof_ctrl_opts *b, u32 opt,
			     const char *va, const char *vb, size_t size)
{
	if ((a->mask & opt) != (b->mask & opt))
		return false;
	return !(a->mask & opt) || opts_field_eq(va, vb, size);
}

bool nvmeof_opts_match(const struct nvmeof_ctrl_opts *a,
		       const struct nvmeof_ctrl_opts *b)
{
	return opts_field_eq(a->transport, b->transport, sizeof(a->transport)) &&
	       opts_field_eq(a->traddr, b->traddr, sizeof(a->traddr)) &&
	       opts_field_eq(a->trsvcid, b->trsvcid, sizeof(a->trsvcid)) &&
	       opts_field_eq(a->subsysnqn, b->subsysnqn, sizeof(a->subsysnqn)) &&
	       opts_field_eq(a->hostnqn, b->hostnqn, sizeof(a->hostnqn)) &&
	       !memcmp(a->hostid, b->hostid, sizeof(a->hostid)) &&
	       opts_optional_eq(a, b, NVMEOF_OPT_HOST_TRADDR, a->host_traddr,
				b->host_traddr, sizeof(a->host_traddr)) &&
	       opts_optional_eq(a, b, NVMEOF_OPT_HOST_IFACE, a->host_iface,
				b->host_iface, sizeof(a->host_iface));
}
EXPORT_SYMBOL_GPL(nvmeof_opts_match);
