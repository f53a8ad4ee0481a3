// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of fabrics/options.c: the connect option string as 6.1 and libnvme 1.3 use it. */
#include <stdlib.h>

#include <nvmeof/options.h>

#include "ktest.h"

#define HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b"
#define HOSTID "8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6b"
#define DEF_HOSTNQN "nqn.2014-08.org.nvmexpress:uuid:00000000-0000-0000-0000-00000000abcd"
#define SUBNQN "nqn.2014-08.com.example:subsys1"
#define CONNECT_TCP "transport=tcp,traddr=127.0.0.1,nqn=" SUBNQN
#define SECRET "DHHC-1:00:ia6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:"
/* A second valid secret (SHA-256 transform). */
#define SECRET2 "DHHC-1:01:ICcuNTxDSlFYX2ZtdHuCiZCXnqWss7rByM/W3eTr8vmMpzdS:"

static const u8 def_hostid[16] = {
	0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x42, 0x03,
	0x84, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
};

static const struct nvmeof_opts_defaults defs = {
	.hostnqn = DEF_HOSTNQN,
	.hostid = def_hostid,
	.online_cpus = 4,
};

/* The options are big; keep them off the small test stacks and zeroed. */
static struct nvmeof_ctrl_opts *o, *o2;
static struct nvmeof_opts_error e;

static int parse_n(const char *s, size_t len)
{
	free(o);
	o = calloc(1, sizeof(*o));
	memset(&e, 0, sizeof(e));
	return nvmeof_opts_parse(o, s, len, &defs, &e);
}

static int parse(const char *s)
{
	return parse_n(s, strlen(s));
}

/* Parses into o2 without disturbing o. */
static int parse2(const char *s)
{
	free(o2);
	o2 = calloc(1, sizeof(*o2));
	return nvmeof_opts_parse(o2, s, strlen(s), &defs, NULL);
}

/* Builds "<prefix><fill * n><suffix>" in a static buffer. */
static const char *with_value(const char *prefix, char fill, size_t n, const char *suffix)
{
	static char buf[4096];
	size_t p = strlen(prefix);

	memcpy(buf, prefix, p);
	memset(buf + p, fill, n);
	strcpy(buf + p + n, suffix);
	return buf;
}

static bool err_is(const char *token)
{
	return e.token && e.token_len == strlen(token) &&
	       !memcmp(e.token, token, e.token_len);
}

/* --- what real clients write --------------------------------------------- */

TEST(opts_accepts_libnvme_discovery_connect)
{
	ASSERT(parse("nqn=nqn.2014-08.org.nvmexpress.discovery,transport=tcp,"
		     "traddr=127.0.0.1,trsvcid=4420,hostnqn=" HOSTNQN
		     ",hostid=" HOSTID ",keep_alive_tmo=30") == 0);
	EXPECT(o->discovery);
	EXPECT_EQ(o->kato, 30);
	EXPECT_EQ(o->nr_io_queues, 0);
	EXPECT(o->duplicate_connect);
	EXPECT(!strcmp(o->trsvcid, "4420"));
	EXPECT(!strcmp(o->hostnqn, HOSTNQN));
	EXPECT_EQ(o->hostid[0], 0x8f);
	EXPECT_EQ(o->hostid[15], 0x6b);
	EXPECT_EQ(nvmeof_opts_check_required(o, NVMEOF_OPTS_TCP_REQUIRED, &e), 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_TCP_MASK, &e), 0);
}

TEST(opts_accepts_libnvme_io_connect)
{
	ASSERT(parse("nqn=" SUBNQN ",transport=tcp,traddr=192.168.1.10,"
		     "host_traddr=192.168.1.2,host_iface=eth0,trsvcid=4420,"
		     "hostnqn=" HOSTNQN ",hostid=" HOSTID ",nr_io_queues=2,"
		     "nr_write_queues=1,nr_poll_queues=1,queue_size=64,"
		     "keep_alive_tmo=5,reconnect_delay=2,ctrl_loss_tmo=-1,"
		     "fast_io_fail_tmo=10,tos=0,duplicate_connect,"
		     "disable_sqflow,hdr_digest,data_digest") == 0);
	EXPECT(!o->discovery);
	EXPECT_EQ(o->nr_io_queues, 2);
	EXPECT_EQ(o->nr_write_queues, 1);
	EXPECT_EQ(o->nr_poll_queues, 1);
	EXPECT_EQ(o->queue_size, 64);
	EXPECT_EQ(o->reconnect_delay, 2);
	EXPECT_EQ(o->ctrl_loss_tmo, -1);
	EXPECT_EQ(o->max_reconnects, -1);
	EXPECT_EQ(o->fast_io_fail_tmo, 10);
	EXPECT_EQ(o->tos, 0);
	EXPECT(o->duplicate_connect && o->disable_sqflow);
	EXPECT(o->hdr_digest && o->data_digest);
	EXPECT(!strcmp(o->host_traddr, "192.168.1.2"));
	EXPECT(!strcmp(o->host_iface, "eth0"));
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_TCP_MASK, &e), 0);
}

TEST(opts_accepts_nvme_cli_rdma_connect)
{
	ASSERT(parse("nqn=" SUBNQN ",transport=rdma,traddr=10.0.0.1,trsvcid=4420,"
		     "hostnqn=" HOSTNQN ",hostid=" HOSTID ",ctrl_loss_tmo=600") == 0);
	EXPECT_EQ(nvmeof_opts_check_required(o, NVMEOF_OPTS_RDMA_REQUIRED, &e), 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_RDMA_MASK, &e), 0);
}

TEST(opts_accepts_blktests_loop_connect)
{
	ASSERT(parse("nqn=blktests-subsystem-1,transport=loop,traddr=0,"
		     "hostnqn=" HOSTNQN ",hostid=" HOSTID) == 0);
	EXPECT(!strcmp(o->subsysnqn, "blktests-subsystem-1"));
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_LOOP_MASK, &e), 0);
}

TEST(opts_parses_every_token)
{
	ASSERT(parse("transport=tcp,traddr=a,trsvcid=b,nqn=" SUBNQN ",queue_size=32,"
		     "nr_io_queues=1,reconnect_delay=3,ctrl_loss_tmo=7,"
		     "keep_alive_tmo=9,hostnqn=" HOSTNQN ",host_traddr=c,"
		     "host_iface=d,hostid=" HOSTID ",duplicate_connect,"
		     "disable_sqflow,hdr_digest,data_digest,nr_write_queues=2,"
		     "nr_poll_queues=3,tos=4,fast_io_fail_tmo=5,discovery") == 0);
	/* The two secrets: see the dhchap tests. */
	EXPECT_EQ(o->mask, NVMEOF_OPTS_ALL_MASK &
		  ~(NVMEOF_OPT_DHCHAP_SECRET | NVMEOF_OPT_DHCHAP_CTRL_SECRET));
}

/* --- defaults ------------------------------------------------------------ */

TEST(opts_defaults_match_6_1)
{
	ASSERT(parse(CONNECT_TCP) == 0);
	EXPECT_EQ(o->queue_size, 128);
	EXPECT_EQ(o->reconnect_delay, 10);
	EXPECT_EQ(o->ctrl_loss_tmo, 600);
	EXPECT_EQ(o->max_reconnects, 60);
	EXPECT_EQ(o->kato, 5);
	EXPECT_EQ(o->fast_io_fail_tmo, -1);
	EXPECT_EQ(o->tos, -1);
	EXPECT_EQ(o->nr_write_queues, 0);
	EXPECT_EQ(o->nr_poll_queues, 0);
	EXPECT(!o->duplicate_connect && !o->disable_sqflow);
	EXPECT(!o->hdr_digest && !o->data_digest && !o->discovery);
	EXPECT_EQ(o->trsvcid[0], '\0');
	EXPECT_EQ(o->mask, NVMEOF_OPT_TRANSPORT | NVMEOF_OPT_TRADDR | NVMEOF_OPT_NQN);
}

TEST(opts_default_nr_io_queues_is_online_cpus)
{
	ASSERT(parse(CONNECT_TCP) == 0);
	EXPECT_EQ(o->nr_io_queues, 4);
}

TEST(opts_default_nr_io_queues_is_one_without_cpu_count)
{
	struct nvmeof_ctrl_opts *p = calloc(1, sizeof(*p));

	ASSERT(nvmeof_opts_parse(p, CONNECT_TCP, strlen(CONNECT_TCP), NULL, NULL) == 0);
	EXPECT_EQ(p->nr_io_queues, 1);
	free(p);
}

TEST(opts_uses_default_hostnqn_when_absent)
{
	ASSERT(parse(CONNECT_TCP) == 0);
	EXPECT(!strcmp(o->hostnqn, DEF_HOSTNQN));
	EXPECT(!(o->mask & NVMEOF_OPT_HOSTNQN));
}

TEST(opts_uses_caller_random_hostid_when_absent)
{
	ASSERT(parse(CONNECT_TCP) == 0);
	EXPECT(!memcmp(o->hostid, def_hostid, 16));
	EXPECT(!(o->mask & NVMEOF_OPT_HOSTID));
}

TEST(opts_given_hostid_overrides_caller_random_one)
{
	ASSERT(parse(CONNECT_TCP ",hostid=" HOSTID) == 0);
	EXPECT_EQ(o->hostid[0], 0x8f);
	EXPECT(o->mask & NVMEOF_OPT_HOSTID);
}

TEST(opts_without_defaults_leaves_hostnqn_empty_and_hostid_zero)
{
	struct nvmeof_ctrl_opts *p = calloc(1, sizeof(*p));
	static const u8 zero[16];

	memset(p, 0x5a, sizeof(*p));
	ASSERT(nvmeof_opts_parse(p, CONNECT_TCP, strlen(CONNECT_TCP), NULL, NULL) == 0);
	EXPECT_EQ(p->hostnqn[0], '\0');
	EXPECT(!memcmp(p->hostid, zero, 16));
	free(p);
}

TEST(opts_rejects_overlong_default_hostnqn)
{
	struct nvmeof_opts_defaults d = { .hostnqn = with_value("", 'h', 224, "") };
	struct nvmeof_ctrl_opts *p = calloc(1, sizeof(*p));

	EXPECT_EQ(nvmeof_opts_parse(p, CONNECT_TCP, strlen(CONNECT_TCP), &d, NULL), -EINVAL);
	free(p);
}

/* --- tokenizing ---------------------------------------------------------- */

TEST(opts_splits_on_newline)
{
	ASSERT(parse("transport=tcp\ntraddr=::1\nnqn=" SUBNQN "\ntrsvcid=4420") == 0);
	EXPECT(!strcmp(o->traddr, "::1"));
	EXPECT(!strcmp(o->trsvcid, "4420"));
}

TEST(opts_skips_empty_tokens)
{
	ASSERT(parse(",,transport=tcp,,\n,traddr=x,,nqn=" SUBNQN) == 0);
	EXPECT(!strcmp(o->transport, "tcp"));
}

TEST(opts_accepts_trailing_comma)
{
	EXPECT_EQ(parse(CONNECT_TCP ","), 0);
}

TEST(opts_accepts_trailing_newline)
{
	EXPECT_EQ(parse(CONNECT_TCP "\n"), 0);
}

TEST(opts_accepts_one_trailing_nul)
{
	static const char s[] = CONNECT_TCP;

	EXPECT_EQ(parse_n(s, sizeof(s)), 0);
	EXPECT(!strcmp(o->subsysnqn, SUBNQN));
}

TEST(opts_rejects_embedded_nul)
{
	static const char s[] = "transport=tcp,traddr=1.2\0.3.4,nqn=" SUBNQN;

	EXPECT_EQ(parse_n(s, sizeof(s) - 1), -EINVAL);
	EXPECT(err_is("traddr=1.2"));
	EXPECT(!strcmp(e.reason, "NUL byte in"));
}

TEST(opts_rejects_two_trailing_nuls)
{
	static const char s[] = CONNECT_TCP "\0";

	EXPECT_EQ(parse_n(s, sizeof(s)), -EINVAL);
}

TEST(opts_reads_no_byte_past_len)
{
	/* Exactly-sized heap copy without terminator: ASan catches any overread. */
	static const char s[] = CONNECT_TCP ",trsvcid=4420";
	char *p = malloc(sizeof(s) - 1);

	memcpy(p, s, sizeof(s) - 1);
	EXPECT_EQ(parse_n(p, sizeof(s) - 1), 0);
	EXPECT(!strcmp(o->trsvcid, "4420"));
	free(p);
}

TEST(opts_value_ends_at_len)
{
	EXPECT_EQ(parse_n(CONNECT_TCP ",trsvcid=44201234", strlen(CONNECT_TCP) + 13), 0);
	EXPECT(!strcmp(o->trsvcid, "4420"));
}

TEST(opts_rejects_empty_input)
{
	EXPECT_EQ(parse(""), -EINVAL);
	EXPECT(err_is("transport=%s"));
}

TEST(opts_rejects_only_separators)
{
	EXPECT_EQ(parse(",\n,"), -EINVAL);
}

/* --- unknown, malformed and duplicate tokens ---------------------------- */

TEST(opts_rejects_unknown_token)
{
	EXPECT_EQ(parse(CONNECT_TCP ",foo=bar"), -EINVAL);
	EXPECT(err_is("foo=bar"));
	EXPECT(!strcmp(e.reason, "unknown parameter"));
	EXPECT_EQ(e.opt, 0);
}

TEST(opts_rejects_unknown_flag)
{
	EXPECT_EQ(parse(CONNECT_TCP ",tls"), -EINVAL);
	EXPECT(err_is("tls"));
}

TEST(opts_rejects_7_2_only_tokens)
{
	EXPECT_EQ(parse(CONNECT_TCP ",keyring=1"), -EINVAL);
	EXPECT_EQ(parse(CONNECT_TCP ",tls_key=1"), -EINVAL);
	EXPECT_EQ(parse(CONNECT_TCP ",concat"), -EINVAL);
}

TEST(opts_rejects_token_name_prefix)
{
	EXPECT_EQ(parse(CONNECT_TCP ",trsvc=4420"), -EINVAL);
}

TEST(opts_rejects_token_name_in_upper_case)
{
	EXPECT_EQ(parse("Transport=tcp,traddr=x,nqn=" SUBNQN), -EINVAL);
}

TEST(opts_rejects_token_with_empty_name)
{
	EXPECT_EQ(parse(CONNECT_TCP ",=tcp"), -EINVAL);
}

TEST(opts_rejects_string_token_without_equals)
{
	EXPECT_EQ(parse(CONNECT_TCP ",trsvcid"), -EINVAL);
	EXPECT(!strcmp(e.reason, "missing value for"));
	EXPECT_EQ(e.opt, NVMEOF_OPT_TRSVCID);
}

TEST(opts_rejects_string_token_with_empty_value)
{
	EXPECT_EQ(parse(CONNECT_TCP ",host_traddr="), -EINVAL);
	EXPECT(err_is("host_traddr="));
}

TEST(opts_rejects_int_token_with_empty_value)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size="), -EINVAL);
	EXPECT(!strcmp(e.reason, "missing value for"));
}

TEST(opts_rejects_flag_with_value)
{
	EXPECT_EQ(parse(CONNECT_TCP ",duplicate_connect=1"), -EINVAL);
	EXPECT(err_is("duplicate_connect=1"));
}

TEST(opts_rejects_flag_with_empty_value)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hdr_digest="), -EINVAL);
}

TEST(opts_rejects_duplicate_hostnqn_with_eaddrinuse)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostnqn=" HOSTNQN ",hostnqn=" HOSTNQN), -EADDRINUSE);
	EXPECT_EQ(e.opt, NVMEOF_OPT_HOSTNQN);
}

TEST(opts_rejects_duplicate_traddr_with_einval)
{
	EXPECT_EQ(parse(CONNECT_TCP ",traddr=10.0.0.1"), -EINVAL);
	EXPECT(!strcmp(e.reason, "duplicate parameter"));
	EXPECT(err_is("traddr"));
}

TEST(opts_rejects_duplicate_nqn)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nqn=" SUBNQN), -EINVAL);
}

TEST(opts_rejects_duplicate_int)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=32,queue_size=64"), -EINVAL);
	EXPECT(err_is("queue_size=64"));
}

TEST(opts_rejects_duplicate_flag)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hdr_digest,hdr_digest"), -EINVAL);
}

TEST(opts_duplicate_secret_error_shows_only_name)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret=" SECRET ",dhchap_secret=" SECRET),
		  -EINVAL);
	EXPECT(err_is("dhchap_secret"));
}

TEST(opts_rejects_missing_transport)
{
	EXPECT_EQ(parse("traddr=x,nqn=" SUBNQN), -EINVAL);
	EXPECT(err_is("transport=%s"));
	EXPECT(!strcmp(e.reason, "missing parameter"));
	EXPECT_EQ(e.opt, NVMEOF_OPT_TRANSPORT);
}

TEST(opts_rejects_missing_nqn)
{
	EXPECT_EQ(parse("transport=tcp,traddr=x"), -EINVAL);
	EXPECT(err_is("nqn=%s"));
}

TEST(opts_error_is_cleared_on_success)
{
	EXPECT_EQ(parse(CONNECT_TCP), 0);
	EXPECT(e.reason == NULL && e.token == NULL);
}

TEST(opts_accepts_null_error_pointer)
{
	struct nvmeof_ctrl_opts *p = calloc(1, sizeof(*p));

	EXPECT_EQ(nvmeof_opts_parse(p, "foo", 3, &defs, NULL), -EINVAL);
	free(p);
}

/* --- string fields: limits and characters -------------------------------- */

TEST(opts_accepts_transport_of_15_chars)
{
	EXPECT_EQ(parse(with_value("transport=", 't', 15, ",traddr=x,nqn=" SUBNQN)), 0);
}

TEST(opts_rejects_transport_of_16_chars)
{
	EXPECT_EQ(parse(with_value("transport=", 't', 16, ",traddr=x,nqn=" SUBNQN)), -EINVAL);
	EXPECT(!strcmp(e.reason, "value too long in"));
}

TEST(opts_rejects_transport_with_path_characters)
{
	EXPECT_EQ(parse("transport=../tcp,traddr=x,nqn=" SUBNQN), -EINVAL);
	EXPECT(!strcmp(e.reason, "invalid transport name in"));
}

TEST(opts_rejects_transport_in_upper_case)
{
	EXPECT_EQ(parse("transport=TCP,traddr=x,nqn=" SUBNQN), -EINVAL);
}

TEST(opts_accepts_traddr_of_255_chars)
{
	EXPECT_EQ(parse(with_value("transport=tcp,nqn=" SUBNQN ",traddr=", 'a', 255, "")), 0);
	EXPECT_EQ(strlen(o->traddr), 255);
}

TEST(opts_rejects_traddr_of_256_chars)
{
	EXPECT_EQ(parse(with_value("transport=tcp,nqn=" SUBNQN ",traddr=", 'a', 256, "")),
		  -EINVAL);
	EXPECT_EQ(e.opt, NVMEOF_OPT_TRADDR);
}

TEST(opts_accepts_ipv6_traddr)
{
	EXPECT_EQ(parse("transport=tcp,nqn=" SUBNQN ",traddr=fe80::1%eth0"), 0);
	EXPECT(!strcmp(o->traddr, "fe80::1%eth0"));
}

TEST(opts_accepts_fc_traddr)
{
	EXPECT_EQ(parse("transport=fc,nqn=" SUBNQN
			",traddr=nn-0x20000090fa942779:pn-0x10000090fa942779"), 0);
}

TEST(opts_rejects_control_character_in_traddr)
{
	EXPECT_EQ(parse("transport=tcp,nqn=" SUBNQN ",traddr=1.2.3.4\t"), -EINVAL);
	EXPECT(!strcmp(e.reason, "control character in"));
}

TEST(opts_accepts_host_traddr_of_255_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",host_traddr=", 'h', 255, "")), 0);
}

TEST(opts_rejects_host_traddr_of_256_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",host_traddr=", 'h', 256, "")), -EINVAL);
}

TEST(opts_accepts_trsvcid_of_31_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",trsvcid=", '9', 31, "")), 0);
}

TEST(opts_rejects_trsvcid_of_32_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",trsvcid=", '9', 32, "")), -EINVAL);
}

TEST(opts_accepts_host_iface_of_15_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",host_iface=", 'e', 15, "")), 0);
}

TEST(opts_rejects_host_iface_of_16_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",host_iface=", 'e', 16, "")), -EINVAL);
}

TEST(opts_accepts_nqn_of_223_chars)
{
	EXPECT_EQ(parse(with_value("transport=tcp,traddr=x,nqn=nqn.2014-08.com.example:",
				   'n', 223 - 24, "")), 0);
	EXPECT_EQ(strlen(o->subsysnqn), 223);
}

TEST(opts_rejects_nqn_of_224_chars)
{
	EXPECT_EQ(parse(with_value("transport=tcp,traddr=x,nqn=nqn.2014-08.com.example:",
				   'n', 224 - 24, "")), -EINVAL);
	EXPECT_EQ(e.opt, NVMEOF_OPT_NQN);
}

TEST(opts_rejects_control_character_in_nqn)
{
	EXPECT_EQ(parse("transport=tcp,traddr=x,nqn=nqn.2014-08.com.example:\x01"), -EINVAL);
}

TEST(opts_accepts_non_spec_subsystem_name)
{
	EXPECT_EQ(parse("transport=tcp,traddr=x,nqn=testnqn"), 0);
}

TEST(opts_accepts_hostnqn_of_223_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",hostnqn=", 'h', 223, "")), 0);
	EXPECT_EQ(strlen(o->hostnqn), 223);
}

TEST(opts_rejects_hostnqn_of_224_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",hostnqn=", 'h', 224, "")), -EINVAL);
	EXPECT_EQ(e.opt, NVMEOF_OPT_HOSTNQN);
}

TEST(opts_rejects_control_character_in_hostnqn)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostnqn=host\x1b"), -EINVAL);
}

TEST(opts_accepts_uppercase_hostid)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostid=8F2E6B5A-3C1D-4E7F-9A0B-1C2D3E4F5A6B"), 0);
	EXPECT_EQ(o->hostid[0], 0x8f);
}

TEST(opts_rejects_hostid_with_bad_digit)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostid=8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6z"), -EINVAL);
	EXPECT(!strcmp(e.reason, "invalid UUID in"));
}

TEST(opts_rejects_short_hostid)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostid=8f2e6b5a-3c1d-4e7f-9a0b-1c2d3e4f5a6"), -EINVAL);
}

TEST(opts_rejects_hostid_with_trailing_text)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostid=" HOSTID "0"), -EINVAL);
}

TEST(opts_rejects_hostid_without_dashes)
{
	EXPECT_EQ(parse(CONNECT_TCP ",hostid=8f2e6b5a3c1d4e7f9a0b1c2d3e4f5a6b"), -EINVAL);
}

/* A well-formed secret is kept for the host to authenticate with. */
TEST(opts_accepts_dhchap_secret)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret=" SECRET), 0);
	EXPECT(o->mask & NVMEOF_OPT_DHCHAP_SECRET);
	EXPECT(!strcmp(o->dhchap_secret, SECRET));
}

TEST(opts_accepts_both_dhchap_secrets)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_ctrl_secret=" SECRET2 ",dhchap_secret=" SECRET), 0);
	EXPECT(!strcmp(o->dhchap_secret, SECRET));
	EXPECT(!strcmp(o->dhchap_ctrl_secret, SECRET2));
}

TEST(opts_rejects_dhchap_ctrl_secret_alone)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_ctrl_secret=" SECRET), -EINVAL);
	EXPECT(err_is("dhchap_ctrl_secret"));
	EXPECT_EQ(e.opt, NVMEOF_OPT_DHCHAP_CTRL_SECRET);
}

TEST(opts_accepts_dhchap_secret_on_discovery)
{
	EXPECT_EQ(parse("transport=tcp,traddr=1.2.3.4,discovery,nqn=" SUBNQN
			",dhchap_secret=" SECRET), 0);
}

TEST(opts_rejects_dhchap_secret_with_bad_crc)
{
	/* SECRET with one base64 digit of the key changed. */
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret="
			"DHHC-1:00:ja6zGodOr4SEG0Zzaw398rpY0wqipUWj4jWjUh4HWUz6aQ2n:"), -EINVAL);
	EXPECT(err_is("dhchap_secret"));
	EXPECT(!strstr(e.reason, "DHHC"));
}

TEST(opts_missing_parameter_wins_over_dhchap_secret)
{
	EXPECT_EQ(parse("transport=tcp,traddr=1.2.3.4,dhchap_secret=" SECRET), -EINVAL);
	EXPECT(!err_is("dhchap_secret"));
}

TEST(opts_rejects_dhchap_secret_of_11_chars)
{
	/* Past the prefix and length check, refused by the full parse. */
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret=DHHC-1:00:x"), -EINVAL);
	EXPECT(!strcmp(e.reason, "invalid DH-HMAC-CHAP secret in"));
}

TEST(opts_rejects_dhchap_secret_of_10_chars)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret=DHHC-1:00:"), -EINVAL);
	EXPECT(!strcmp(e.reason, "invalid DH-HMAC-CHAP secret in"));
}

TEST(opts_rejects_dhchap_secret_without_prefix)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret=DHHC-2:00:abcdefgh:"), -EINVAL);
}

TEST(opts_dhchap_secret_error_shows_only_name)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_secret=hunter2hunter2"), -EINVAL);
	EXPECT(err_is("dhchap_secret"));
}

TEST(opts_checks_dhchap_secret_of_255_chars_in_full)
{
	/* Fits the field, so it is the parse that refuses it, not the length. */
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",dhchap_secret=DHHC-1:00:", 'k', 255 - 10, "")),
		  -EINVAL);
	EXPECT(!strcmp(e.reason, "invalid DH-HMAC-CHAP secret in"));
}

TEST(opts_rejects_dhchap_secret_of_256_chars)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",dhchap_secret=DHHC-1:00:", 'k', 256 - 10, "")),
		  -EINVAL);
	EXPECT(err_is("dhchap_secret"));
}


TEST(opts_rejects_invalid_dhchap_ctrl_secret)
{
	EXPECT_EQ(parse(CONNECT_TCP ",dhchap_ctrl_secret=DHHC-1"), -EINVAL);
	EXPECT(err_is("dhchap_ctrl_secret"));
}

/* --- integers ------------------------------------------------------------ */

TEST(opts_accepts_queue_size_16)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=16"), 0);
	EXPECT_EQ(o->queue_size, 16);
}

TEST(opts_rejects_queue_size_below_16)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=15"), -EINVAL);
	EXPECT(!strcmp(e.reason, "value out of range in"));
	EXPECT(err_is("queue_size=15"));
}

TEST(opts_accepts_queue_size_1024)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=1024"), 0);
}

TEST(opts_rejects_queue_size_above_1024)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=1025"), -EINVAL);
}

TEST(opts_rejects_nr_io_queues_0)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_io_queues=0"), -EINVAL);
}

TEST(opts_rejects_negative_nr_io_queues)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_io_queues=-1"), -EINVAL);
}

TEST(opts_caps_nr_io_queues_at_online_cpus)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_io_queues=64"), 0);
	EXPECT_EQ(o->nr_io_queues, 4);
}

TEST(opts_keeps_nr_io_queues_below_online_cpus)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_io_queues=3"), 0);
	EXPECT_EQ(o->nr_io_queues, 3);
}

TEST(opts_rejects_nr_write_queues_0)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_write_queues=0"), -EINVAL);
}

TEST(opts_accepts_nr_write_queues_1)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_write_queues=1"), 0);
	EXPECT_EQ(o->nr_write_queues, 1);
}

TEST(opts_rejects_nr_poll_queues_0)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_poll_queues=0"), -EINVAL);
}

TEST(opts_accepts_nr_poll_queues_1)
{
	EXPECT_EQ(parse(CONNECT_TCP ",nr_poll_queues=1"), 0);
	EXPECT_EQ(o->nr_poll_queues, 1);
}

TEST(opts_rejects_reconnect_delay_0)
{
	EXPECT_EQ(parse(CONNECT_TCP ",reconnect_delay=0"), -EINVAL);
}

TEST(opts_accepts_reconnect_delay_1)
{
	EXPECT_EQ(parse(CONNECT_TCP ",reconnect_delay=1"), 0);
	EXPECT_EQ(o->max_reconnects, 600);
}

TEST(opts_negative_ctrl_loss_tmo_reconnects_forever)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=-1"), 0);
	EXPECT_EQ(o->max_reconnects, -1);
}

TEST(opts_ctrl_loss_tmo_0_means_no_reconnect)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=0"), 0);
	EXPECT_EQ(o->max_reconnects, 0);
}

TEST(opts_max_reconnects_rounds_up)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=601"), 0);
	EXPECT_EQ(o->max_reconnects, 61);
}

TEST(opts_max_reconnects_ignores_option_order)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=30,reconnect_delay=7"), 0);
	EXPECT_EQ(o->max_reconnects, 5);
}

TEST(opts_max_ctrl_loss_tmo_does_not_overflow)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=2147483647,reconnect_delay=2147483647"), 0);
	EXPECT_EQ(o->max_reconnects, 1);
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=2147483647"), 0);
	EXPECT_EQ(o->max_reconnects, 214748365);
}

TEST(opts_rejects_negative_keep_alive_tmo)
{
	EXPECT_EQ(parse(CONNECT_TCP ",keep_alive_tmo=-1"), -EINVAL);
}

TEST(opts_keep_alive_tmo_0_on_io_controller_becomes_default)
{
	EXPECT_EQ(parse(CONNECT_TCP ",keep_alive_tmo=0"), 0);
	EXPECT_EQ(o->kato, 5);
}

TEST(opts_keeps_given_keep_alive_tmo)
{
	EXPECT_EQ(parse(CONNECT_TCP ",keep_alive_tmo=120"), 0);
	EXPECT_EQ(o->kato, 120);
}

TEST(opts_negative_fast_io_fail_tmo_is_off)
{
	EXPECT_EQ(parse(CONNECT_TCP ",fast_io_fail_tmo=-5"), 0);
	EXPECT_EQ(o->fast_io_fail_tmo, -1);
}

TEST(opts_accepts_fast_io_fail_tmo_0)
{
	EXPECT_EQ(parse(CONNECT_TCP ",fast_io_fail_tmo=0"), 0);
	EXPECT_EQ(o->fast_io_fail_tmo, 0);
}

TEST(opts_rejects_negative_tos)
{
	EXPECT_EQ(parse(CONNECT_TCP ",tos=-1"), -EINVAL);
}

TEST(opts_accepts_tos_255)
{
	EXPECT_EQ(parse(CONNECT_TCP ",tos=255"), 0);
	EXPECT_EQ(o->tos, 255);
}

TEST(opts_clamps_tos_above_255)
{
	EXPECT_EQ(parse(CONNECT_TCP ",tos=256"), 0);
	EXPECT_EQ(o->tos, 255);
}

TEST(opts_rejects_hex_number)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=0x20"), -EINVAL);
	EXPECT(!strcmp(e.reason, "invalid number in"));
}

TEST(opts_rejects_leading_zero_number)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=020"), -EINVAL);
}

TEST(opts_rejects_negative_leading_zero_number)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=-01"), -EINVAL);
}

TEST(opts_accepts_zero)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=0"), 0);
}

TEST(opts_accepts_negative_zero)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=-0"), 0);
	EXPECT_EQ(o->ctrl_loss_tmo, 0);
}

TEST(opts_rejects_plus_sign)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=+32"), -EINVAL);
}

TEST(opts_rejects_lone_minus)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=-"), -EINVAL);
}

TEST(opts_rejects_number_with_trailing_garbage)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size=32k"), -EINVAL);
}

TEST(opts_rejects_number_with_leading_space)
{
	EXPECT_EQ(parse(CONNECT_TCP ",queue_size= 32"), -EINVAL);
}

TEST(opts_accepts_int_max)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=2147483647"), 0);
	EXPECT_EQ(o->ctrl_loss_tmo, 2147483647);
}

TEST(opts_rejects_int_max_plus_one)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=2147483648"), -EINVAL);
}

TEST(opts_accepts_int_min)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=-2147483648"), 0);
	EXPECT_EQ(o->ctrl_loss_tmo, -2147483647 - 1);
	EXPECT_EQ(o->max_reconnects, -1);
}

TEST(opts_rejects_int_min_minus_one)
{
	EXPECT_EQ(parse(CONNECT_TCP ",ctrl_loss_tmo=-2147483649"), -EINVAL);
}

TEST(opts_rejects_very_long_number)
{
	EXPECT_EQ(parse(with_value(CONNECT_TCP ",tos=1", '9', 400, "")), -EINVAL);
}

/* --- discovery ----------------------------------------------------------- */

TEST(opts_discovery_nqn_makes_discovery_controller)
{
	ASSERT(parse("transport=tcp,traddr=x,nqn=" NVMEOF_DISC_SUBSYS_NAME) == 0);
	EXPECT(o->discovery);
	EXPECT_EQ(o->nr_io_queues, 0);
	EXPECT(o->duplicate_connect);
}

TEST(opts_discovery_controller_keep_alive_defaults_to_0)
{
	ASSERT(parse("transport=tcp,traddr=x,nqn=" NVMEOF_DISC_SUBSYS_NAME) == 0);
	EXPECT_EQ(o->kato, 0);
}

TEST(opts_discovery_flag_makes_discovery_controller)
{
	ASSERT(parse("transport=tcp,traddr=x,nqn=nqn.2014-08.com.example:disc,discovery") == 0);
	EXPECT(o->discovery);
	EXPECT_EQ(o->nr_io_queues, 0);
	EXPECT(o->duplicate_connect);
	EXPECT_EQ(o->kato, 0);
}

TEST(opts_discovery_ignores_nr_io_queues_given_before_nqn)
{
	ASSERT(parse("nr_io_queues=4,transport=tcp,traddr=x,nqn=" NVMEOF_DISC_SUBSYS_NAME) == 0);
	EXPECT_EQ(o->nr_io_queues, 0);
}

TEST(opts_discovery_zeroes_write_and_poll_queues)
{
	ASSERT(parse("transport=tcp,traddr=x,nqn=" NVMEOF_DISC_SUBSYS_NAME
		     ",nr_write_queues=2,nr_poll_queues=2") == 0);
	EXPECT_EQ(o->nr_write_queues, 0);
	EXPECT_EQ(o->nr_poll_queues, 0);
}

TEST(opts_discovery_still_validates_nr_io_queues)
{
	EXPECT_EQ(parse("transport=tcp,traddr=x,nqn=" NVMEOF_DISC_SUBSYS_NAME
			",nr_io_queues=0"), -EINVAL);
}

TEST(opts_prefix_of_discovery_nqn_is_io_controller)
{
	ASSERT(parse("transport=tcp,traddr=x,nqn=nqn.2014-08.org.nvmexpress.discoveryx") == 0);
	EXPECT(!o->discovery);
}

/* --- per-transport masks ------------------------------------------------- */

TEST(opts_masks_match_6_1_sets)
{
	EXPECT_EQ(NVMEOF_OPTS_TCP_MASK & ~NVMEOF_OPTS_BASE_MASK,
		  NVMEOF_OPT_TRADDR | NVMEOF_OPT_TRSVCID | NVMEOF_OPT_RECONNECT_DELAY |
		  NVMEOF_OPT_HOST_TRADDR | NVMEOF_OPT_CTRL_LOSS_TMO |
		  NVMEOF_OPT_HDR_DIGEST | NVMEOF_OPT_DATA_DIGEST |
		  NVMEOF_OPT_NR_WRITE_QUEUES | NVMEOF_OPT_NR_POLL_QUEUES |
		  NVMEOF_OPT_TOS | NVMEOF_OPT_HOST_IFACE);
	EXPECT_EQ(NVMEOF_OPTS_RDMA_MASK & ~NVMEOF_OPTS_BASE_MASK,
		  NVMEOF_OPT_TRADDR | NVMEOF_OPT_TRSVCID | NVMEOF_OPT_RECONNECT_DELAY |
		  NVMEOF_OPT_HOST_TRADDR | NVMEOF_OPT_CTRL_LOSS_TMO |
		  NVMEOF_OPT_NR_WRITE_QUEUES | NVMEOF_OPT_NR_POLL_QUEUES |
		  NVMEOF_OPT_TOS);
	EXPECT_EQ(NVMEOF_OPTS_LOOP_MASK & ~NVMEOF_OPTS_BASE_MASK, NVMEOF_OPT_TRADDR);
	EXPECT_EQ(NVMEOF_OPTS_TCP_MASK, NVMEOF_OPTS_ALL_MASK);
}

TEST(opts_tcp_requires_traddr)
{
	ASSERT(parse("transport=tcp,nqn=" SUBNQN) == 0);
	EXPECT_EQ(nvmeof_opts_check_required(o, NVMEOF_OPTS_TCP_REQUIRED, &e), -EINVAL);
	EXPECT(err_is("traddr=%s"));
	EXPECT(!strcmp(e.reason, "missing parameter"));
}

TEST(opts_rdma_requires_traddr)
{
	ASSERT(parse("transport=rdma,nqn=" SUBNQN) == 0);
	EXPECT_EQ(nvmeof_opts_check_required(o, NVMEOF_OPTS_RDMA_REQUIRED, &e), -EINVAL);
}

TEST(opts_loop_requires_no_traddr)
{
	ASSERT(parse("transport=loop,nqn=" SUBNQN) == 0);
	EXPECT_EQ(nvmeof_opts_check_required(o, NVMEOF_OPTS_LOOP_REQUIRED, &e), 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_LOOP_MASK, &e), 0);
}

TEST(opts_tcp_allows_digests_and_host_iface)
{
	ASSERT(parse(CONNECT_TCP ",hdr_digest,data_digest,host_iface=eth0") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_TCP_MASK, &e), 0);
}

TEST(opts_rdma_rejects_hdr_digest)
{
	ASSERT(parse(CONNECT_TCP ",hdr_digest") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_RDMA_MASK, &e), -EINVAL);
	EXPECT(err_is("hdr_digest"));
	EXPECT(!strcmp(e.reason, "invalid parameter for this transport"));
}

TEST(opts_rdma_rejects_data_digest)
{
	ASSERT(parse(CONNECT_TCP ",data_digest") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_RDMA_MASK, &e), -EINVAL);
}

TEST(opts_rdma_rejects_host_iface)
{
	ASSERT(parse(CONNECT_TCP ",host_iface=ib0") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_RDMA_MASK, &e), -EINVAL);
	EXPECT(err_is("host_iface=%s"));
}

TEST(opts_rdma_allows_tos_queues_and_host_traddr)
{
	ASSERT(parse(CONNECT_TCP ",tos=8,nr_write_queues=1,nr_poll_queues=1,"
		     "host_traddr=10.0.0.2,reconnect_delay=1,ctrl_loss_tmo=5") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_RDMA_MASK, &e), 0);
}

TEST(opts_loop_rejects_trsvcid)
{
	ASSERT(parse(CONNECT_TCP ",trsvcid=4420") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_LOOP_MASK, &e), -EINVAL);
}

TEST(opts_loop_rejects_ctrl_loss_tmo)
{
	ASSERT(parse(CONNECT_TCP ",ctrl_loss_tmo=600") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_LOOP_MASK, &e), -EINVAL);
}

TEST(opts_every_transport_allows_generic_options)
{
	ASSERT(parse(CONNECT_TCP ",queue_size=32,nr_io_queues=1,keep_alive_tmo=1,"
		     "hostnqn=" HOSTNQN ",hostid=" HOSTID ",duplicate_connect,"
		     "disable_sqflow,discovery,fast_io_fail_tmo=1") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_TCP_MASK, &e), 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_RDMA_MASK, &e), 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_LOOP_MASK, &e), 0);
}

TEST(opts_check_allowed_always_allows_transport_and_nqn)
{
	ASSERT(parse("transport=loop,nqn=" SUBNQN) == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, 0, &e), 0);
}

TEST(opts_check_allowed_reports_first_in_listing_order)
{
	ASSERT(parse(CONNECT_TCP ",tos=1,trsvcid=1") == 0);
	EXPECT_EQ(nvmeof_opts_check_allowed(o, NVMEOF_OPTS_BASE_MASK, &e), -EINVAL);
	EXPECT(err_is("traddr=%s"));
	EXPECT_EQ(e.opt, NVMEOF_OPT_TRADDR);
}

/* --- supported-options listing ------------------------------------------ */

#define SUPPORTED_6_1 "instance=-1,cntlid=-1,transport=%s,traddr=%s,trsvcid=%s," \
	"nqn=%s,queue_size=%d,nr_io_queues=%d,reconnect_delay=%d,"		\
	"ctrl_loss_tmo=%d,keep_alive_tmo=%d,hostnqn=%s,host_traddr=%s,"	\
	"host_iface=%s,hostid=%s,duplicate_connect,disable_sqflow,"		\
	"hdr_digest,data_digest,nr_write_queues=%d,nr_poll_queues=%d,tos=%d,"	\
	"fast_io_fail_tmo=%d,discovery,dhchap_secret=%s,dhchap_ctrl_secret=%s\n"

TEST(opts_supported_list_matches_6_1)
{
	char buf[1024];

	EXPECT_EQ(nvmeof_opts_format_supported(buf, sizeof(buf)), strlen(SUPPORTED_6_1));
	EXPECT(!strcmp(buf, SUPPORTED_6_1));
}

TEST(opts_supported_list_needs_room_for_nul)
{
	size_t n = strlen(SUPPORTED_6_1);
	char *buf = malloc(n + 1);

	EXPECT_EQ(nvmeof_opts_format_supported(buf, n), -ENOSPC);
	EXPECT_EQ(nvmeof_opts_format_supported(buf, n + 1), n);
	free(buf);
}

TEST(opts_supported_list_rejects_zero_size)
{
	EXPECT_EQ(nvmeof_opts_format_supported(NULL, 0), -ENOSPC);
}

TEST(opts_pattern_names_each_option)
{
	EXPECT(!strcmp(nvmeof_opts_pattern(NVMEOF_OPT_TOS), "tos=%d"));
	EXPECT(!strcmp(nvmeof_opts_pattern(NVMEOF_OPT_DISCOVERY), "discovery"));
	EXPECT(!strcmp(nvmeof_opts_pattern(NVMEOF_OPT_HOSTID), "hostid=%s"));
}

TEST(opts_bits_follow_listing_order)
{
	char buf[1024];
	const char *at;
	u32 i;

	ASSERT(nvmeof_opts_format_supported(buf, sizeof(buf)) > 0);
	at = buf;
	for (i = 0; i < NVMEOF_OPT_COUNT; i++) {
		const char *pat = nvmeof_opts_pattern(1U << i);
		const char *found;

		ASSERT(pat != NULL);
		found = strstr(at, pat);
		EXPECT(found != NULL && found[-1] == ',');
		if (found)
			at = found + strlen(pat);
	}
}

TEST(opts_pattern_rejects_unknown_or_combined_bits)
{
	EXPECT(nvmeof_opts_pattern(0) == NULL);
	EXPECT(nvmeof_opts_pattern(1U << NVMEOF_OPT_COUNT) == NULL);
	EXPECT(nvmeof_opts_pattern(NVMEOF_OPT_TOS | NVMEOF_OPT_NQN) == NULL);
}

/* --- sysfs address ------------------------------------------------------- */

TEST(opts_address_lists_traddr_and_trsvcid)
{
	char buf[4096];

	ASSERT(parse(CONNECT_TCP ",trsvcid=4420") == 0);
	EXPECT_EQ(nvmeof_opts_format_address(o, buf, sizeof(buf)),
		  strlen("traddr=127.0.0.1,trsvcid=4420\n"));
	EXPECT(!strcmp(buf, "traddr=127.0.0.1,trsvcid=4420\n"));
}

TEST(opts_address_lists_all_four_in_6_1_order)
{
	char buf[4096];

	ASSERT(parse("host_iface=eth0,host_traddr=10.0.0.2,trsvcid=4420,"
		     "traddr=10.0.0.1,transport=tcp,nqn=" SUBNQN) == 0);
	ASSERT(nvmeof_opts_format_address(o, buf, sizeof(buf)) > 0);
	EXPECT(!strcmp(buf, "traddr=10.0.0.1,trsvcid=4420,host_traddr=10.0.0.2,"
			    "host_iface=eth0\n"));
}

TEST(opts_address_omits_absent_trsvcid)
{
	char buf[4096];

	ASSERT(parse(CONNECT_TCP ",host_iface=eth0") == 0);
	ASSERT(nvmeof_opts_format_address(o, buf, sizeof(buf)) > 0);
	EXPECT(!strcmp(buf, "traddr=127.0.0.1,host_iface=eth0\n"));
}

TEST(opts_address_without_fields_starts_with_first_given)
{
	char buf[4096];

	ASSERT(parse("transport=tcp,nqn=" SUBNQN ",trsvcid=4420") == 0);
	ASSERT(nvmeof_opts_format_address(o, buf, sizeof(buf)) > 0);
	EXPECT(!strcmp(buf, "trsvcid=4420\n"));
}

TEST(opts_address_is_newline_when_nothing_given)
{
	char buf[8];

	ASSERT(parse("transport=loop,nqn=" SUBNQN) == 0);
	EXPECT_EQ(nvmeof_opts_format_address(o, buf, sizeof(buf)), 1);
	EXPECT(!strcmp(buf, "\n"));
}

TEST(opts_address_rejects_small_buffer)
{
	char buf[32];

	memset(buf, 0x7e, sizeof(buf));
	ASSERT(parse(CONNECT_TCP ",trsvcid=4420") == 0);
	/* "traddr=127.0.0.1,trsvcid=4420\n" is 30 bytes: 31 fit, 30 do not. */
	EXPECT_EQ(nvmeof_opts_format_address(o, buf, 30), -ENOSPC);
	EXPECT_EQ(buf[30], 0x7e);
	EXPECT_EQ(nvmeof_opts_format_address(o, buf, 31), 30);
}

TEST(opts_address_of_longest_fields_fits_a_page)
{
	static char buf[4096];
	char s[2048];

	memset(s, 0, sizeof(s));
	strcpy(s, "transport=tcp,nqn=" SUBNQN ",traddr=");
	memset(s + strlen(s), 'a', 255);
	strcat(s, ",host_traddr=");
	memset(s + strlen(s), 'b', 255);
	strcat(s, ",trsvcid=");
	memset(s + strlen(s), '1', 31);
	strcat(s, ",host_iface=");
	memset(s + strlen(s), 'e', 15);
	ASSERT(parse(s) == 0);
	EXPECT_EQ(nvmeof_opts_format_address(o, buf, sizeof(buf)),
		  7 + 255 + 9 + 31 + 13 + 255 + 12 + 15 + 1);
}

/* --- duplicate-connect matching ------------------------------------------ */

#define MATCH_BASE CONNECT_TCP ",trsvcid=4420,hostnqn=" HOSTNQN ",hostid=" HOSTID

TEST(opts_match_same_connect)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2(MATCH_BASE ",queue_size=32,hdr_digest") == 0);
	EXPECT(nvmeof_opts_match(o, o2));
	EXPECT(nvmeof_opts_match(o2, o));
}

TEST(opts_match_differs_on_transport)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2("transport=rdma,traddr=127.0.0.1,nqn=" SUBNQN ",trsvcid=4420,"
		      "hostnqn=" HOSTNQN ",hostid=" HOSTID) == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_traddr)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2("transport=tcp,traddr=127.0.0.2,nqn=" SUBNQN ",trsvcid=4420,"
		      "hostnqn=" HOSTNQN ",hostid=" HOSTID) == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_trsvcid)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2(CONNECT_TCP ",trsvcid=4421,hostnqn=" HOSTNQN ",hostid=" HOSTID) == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_subsysnqn)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2("transport=tcp,traddr=127.0.0.1,nqn=" SUBNQN "x,trsvcid=4420,"
		      "hostnqn=" HOSTNQN ",hostid=" HOSTID) == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_hostnqn)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2(CONNECT_TCP ",trsvcid=4420,hostnqn=otherhost,hostid=" HOSTID) == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_hostid)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2(CONNECT_TCP ",trsvcid=4420,hostnqn=" HOSTNQN
		      ",hostid=00000000-3c1d-4e7f-9a0b-1c2d3e4f5a6b") == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_when_only_one_has_host_traddr)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2(MATCH_BASE ",host_traddr=127.0.0.1") == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
	EXPECT(!nvmeof_opts_match(o2, o));
}

TEST(opts_match_same_host_traddr)
{
	ASSERT(parse(MATCH_BASE ",host_traddr=10.0.0.2") == 0);
	ASSERT(parse2(MATCH_BASE ",host_traddr=10.0.0.2") == 0);
	EXPECT(nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_host_traddr)
{
	ASSERT(parse(MATCH_BASE ",host_traddr=10.0.0.2") == 0);
	ASSERT(parse2(MATCH_BASE ",host_traddr=10.0.0.3") == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_when_only_one_has_host_iface)
{
	ASSERT(parse(MATCH_BASE) == 0);
	ASSERT(parse2(MATCH_BASE ",host_iface=eth0") == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_same_host_iface)
{
	ASSERT(parse(MATCH_BASE ",host_iface=eth0") == 0);
	ASSERT(parse2(MATCH_BASE ",host_iface=eth0") == 0);
	EXPECT(nvmeof_opts_match(o, o2));
}

TEST(opts_match_differs_on_host_iface)
{
	ASSERT(parse(MATCH_BASE ",host_iface=eth0") == 0);
	ASSERT(parse2(MATCH_BASE ",host_iface=eth1") == 0);
	EXPECT(!nvmeof_opts_match(o, o2));
}

TEST(opts_match_without_hostid_uses_callers_random_id)
{
	/* Both got the same caller-supplied id here; the kernel draws a new one each time. */
	ASSERT(parse(CONNECT_TCP) == 0);
	ASSERT(parse2(CONNECT_TCP) == 0);
	EXPECT(nvmeof_opts_match(o, o2));
}

/* Frees the shared buffers so the leak checker stays quiet. */
__attribute__((destructor)) static void opts_test_cleanup(void)
{
	free(o);
	free(o2);
}
