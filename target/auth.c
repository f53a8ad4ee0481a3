// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target DH-HMAC-CHAP: per-queue exchange behind Authentication Send/Receive. */
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/random.h>
#include <linux/workqueue.h>
#include <crypto/algapi.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/auth.h>
#include <nvmeof/auth_crypto.h>
#include "target.h"

/**
 * struct nvmeof_tgt_ctrl_auth - what a controller authenticates its host with,
 *	copied from hosts/<hostnqn>/ at the admin Connect so that configfs
 *	writes during an association change nothing but the next one.
 * @host_key: the host's secret after its transform (R1 is checked with it)
 * @ctrl_key: the controller's secret after its transform; len 0 when the
 *            host has no dhchap_ctrl_key (no bidirectional authentication)
 * @hash_id:  dhchap_hash
 * @dhgid:    dhchap_dhgroup
 */
struct nvmeof_tgt_ctrl_auth {
	struct nvmeof_auth_key	host_key;
	struct nvmeof_auth_key	ctrl_key;
	u8			hash_id;
	u8			dhgid;
};

/* Where a queue's exchange stands: what the host may send or fetch next. */
enum tgt_auth_step {
	TGT_AUTH_NEGOTIATE,	/* Send: AUTH_Negotiate */
	TGT_AUTH_CHALLENGE,	/* Receive: DH-HMAC-CHAP_Challenge */
	TGT_AUTH_REPLY,		/* Send: DH-HMAC-CHAP_Reply */
	TGT_AUTH_SUCCESS1,	/* Receive: DH-HMAC-CHAP_Success1 */
	TGT_AUTH_SUCCESS2,	/* Send: DH-HMAC-CHAP_Success2 (bidirectional) */
	TGT_AUTH_FAILURE1,	/* Receive: AUTH_Failure1 with @fail_exp */
	TGT_AUTH_DONE,		/* authenticated; a new AUTH_Negotiate re-authenticates */
	TGT_AUTH_FAILED,	/* Failure1 fetched or Failure2 sent: nothing more */
};

/**
 * struct nvmeof_tgt_sq_auth - one queue's DH-HMAC-CHAP exchange.
 * @lock:     guards everything below and the queue's @authenticated; a host
 *            may send several Authentication commands at once
 * @step:     what comes next
 * @txn:      T_ID, hash and group of the transaction
 * @fail_exp: reason code explanation the next Failure1 carries
 * @s1:       S1 of the Challenge
 * @c1:       C1 of the Challenge
 * @r2:       R2 to send in Success1
 * @r2_valid: the host asked for bidirectional authentication
 * @dh:       the controller's ephemeral DH key, between Challenge and Reply
 * @cfg:      the controller's keys as they were at AUTH_Negotiate
 * @sq:       the queue this exchange belongs to
 * @timeout:  ends the controller of a queue that must authenticate and has
 *            not done so auth_timeout_s after its Connect or its failure
 */
struct nvmeof_tgt_sq_auth {
	struct mutex		lock;
	enum tgt_auth_step	step;
	struct nvmeof_auth_txn	txn;
	u8			fail_exp;
	u32			s1;
	u8			c1[NVMEOF_AUTH_HASH_MAX];
	u8			r2[NVMEOF_AUTH_HASH_MAX];
	bool			r2_valid;
	struct nvmeof_auth_dh	dh;
	struct nvmeof_tgt_ctrl_auth cfg;
	struct nvmeof_tgt_sq	*sq;
	struct delayed_work	timeout;
};

/*
 * A host that connects, is asked to authenticate and stops mid-exchange (or
 * goes on after a failure) would otherwise hold its queue until KATO, and
 * forever with KATO 0. The exchange itself takes well under a second on
 * hardware; the default leaves room for ffdhe8192 under emulation.
 */
static unsigned int auth_timeout_s = 30;
module_param(auth_timeout_s, uint, 0644);
MODULE_PARM_DESC(auth_timeout_s,
		 "Seconds a queue asked to authenticate (or whose exchange failed) may stay unauthenticated before its controller is deleted; 0: no limit (default 30)");

/* Challenge buffer: the largest Challenge, a 64-byte C1 and an ffdhe8192 value. */
#define TGT_AUTH_RECV_BUF	(16 + NVMEOF_AUTH_HASH_MAX + NVMEOF_AUTH_DHV_MAX)

/* Finds the host's entry among the subsystem's allowed hosts. */
static struct nvmeof_tgt_host *tgt_auth_find_host(struct nvmeof_tgt_subsys *subsys,
						  const char *hostnqn)
{
	struct nvmeof_tgt_host_link *p;

	lockdep_assert_held(&subsys->lock);
	list_for_each_entry(p, &subsys->hosts, entry)
		if (!strcmp(config_item_name(&p->host->group.cg_item), hostnqn))
			return p->host;
	return NULL;
}

/*
 * The host's keys as configfs has them now, transformed: *ap is NULL when
 * the host has no dhchap_key (or came in through allow_any_host).
 */
static int tgt_auth_load(struct nvmeof_tgt_ctrl *ctrl, struct nvmeof_tgt_ctrl_auth **ap)
{
	struct nvmeof_tgt_subsys *subsys = ctrl->subsys;
	struct nvmeof_tgt_ctrl_auth *a;
	struct nvmeof_tgt_host *host;
	int ret = 0;

	*ap = NULL;
	if (subsys->type != NVMEOF_TGT_SUBSYS_NVME)
		return 0;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	down_read(&nvmeof_tgt_config_sem);
	mutex_lock(&subsys->lock);
	host = tgt_auth_find_host(subsys, ctrl->hostnqn);
	if (!host || !host->dhchap_key)
		goto out_unlock;
	a->hash_id = host->dhchap_hash_id;
	a->dhgid = host->dhchap_dhgid;
	ret = nvmeof_auth_transform_key(host->dhchap_key, ctrl->hostnqn, &a->host_key);
	if (!ret && host->dhchap_ctrl_key)
		ret = nvmeof_auth_transform_key(host->dhchap_ctrl_key, ctrl->subsysnqn,
						&a->ctrl_key);
	if (!ret) {
		*ap = a;
		a = NULL;
	}
out_unlock:
	mutex_unlock(&subsys->lock);
	up_read(&nvmeof_tgt_config_sem);
	kfree_sensitive(a);
	if (ret)
		pr_warn("ctrl %u: host %s: DH-HMAC-CHAP key unusable (%d)\n",
			ctrl->cntlid, ctrl->hostnqn, ret);
	return ret;
}

/**
 * nvmeof_tgt_auth_setup_ctrl() - take the host's keys for a new controller
 * @ctrl: the controller, before its admin queue is installed
 *
 * A host reached through allow_any_host, or whose entry has no dhchap_key,
 * is not asked to authenticate (as in-tree).
 *
 * Return: 0, or -errno (a secret that does not transform).
 */
int nvmeof_tgt_auth_setup_ctrl(struct nvmeof_tgt_ctrl *ctrl)
{
	return tgt_auth_load(ctrl, &ctrl->auth);
}

/*
 * A host re-authenticating its admin queue may do so because the keys were
 * rotated: take configfs's keys again, unless the host's entry lost its key
 * (then the old ones stay; removing a key only stops asking new
 * associations to authenticate).
 */
static void tgt_auth_refresh(struct nvmeof_tgt_ctrl *ctrl)
{
	struct nvmeof_tgt_ctrl_auth *a;

	if (tgt_auth_load(ctrl, &a) || !a)
		return;
	mutex_lock(&ctrl->lock);
	swap(ctrl->auth, a);
	mutex_unlock(&ctrl->lock);
	kfree_sensitive(a);
}

/**
 * nvmeof_tgt_auth_ctrl_free() - wipe a controller's keys
 * @ctrl: the controller being freed
 */
void nvmeof_tgt_auth_ctrl_free(struct nvmeof_tgt_ctrl *ctrl)
{
	kfree_sensitive(ctrl->auth);
	ctrl->auth = NULL;
}

static void tgt_auth_timeout_work(struct work_struct *work)
{
	struct nvmeof_tgt_sq_auth *a =
		container_of(to_delayed_work(work), struct nvmeof_tgt_sq_auth, timeout);
	struct nvmeof_tgt_sq *sq = a->sq;
	/* Set by the queue's install, cleared by its destroy after cancelling us. */
	struct nvmeof_tgt_ctrl *ctrl = READ_ONCE(sq->ctrl);

	if (!ctrl || !nvmeof_tgt_auth_pending(sq))
		return;
	pr_warn_ratelimited("ctrl %u qid %u: host %s not authenticated after %u s, deleting the controller\n",
			    ctrl->cntlid, sq->qid, ctrl->hostnqn, READ_ONCE(auth_timeout_s));
	nvmeof_tgt_ctrl_fatal_error(ctrl);
}

/* (Re)starts the clock of a queue that must authenticate. */
static void tgt_auth_arm(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_sq_auth *a)
{
	unsigned int secs = READ_ONCE(auth_timeout_s);

	if (sq->auth_required && secs)
		mod_delayed_work(nvmeof_tgt_wq, &a->timeout, secs * HZ);
}

/**
 * nvmeof_tgt_auth_sq_connected() - a Connect is about to bind @sq to @ctrl
 * @sq:      the queue
 * @ctrl:    its controller
 * @authreq: receives the AUTHREQ bits for the Connect result
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_auth_sq_connected(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_ctrl *ctrl,
				 u32 *authreq)
{
	struct nvmeof_tgt_sq_auth *a;

	*authreq = 0;
	/* An earlier Connect on this queue that failed after us. */
	nvmeof_tgt_auth_sq_destroy(sq);
	/* Even a host not asked to may try, and must hear why it cannot. */
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NVMEOF_SC_INTERNAL;
	mutex_init(&a->lock);
	a->step = TGT_AUTH_NEGOTIATE;
	a->sq = sq;
	INIT_DELAYED_WORK(&a->timeout, tgt_auth_timeout_work);
	sq->auth = a;
	sq->authenticated = false;
	sq->auth_required = ctrl->auth != NULL;
	if (sq->auth_required) {
		*authreq = NVMEOF_CONNECT_AUTHREQ_ATR;
		tgt_auth_arm(sq, a);
	}
	return NVMEOF_SC_SUCCESS;
}

/**
 * nvmeof_tgt_auth_sq_stop() - stop a queue's authentication clock
 * @sq: the queue, with no request left on it (none can restart the clock)
 *
 * Called before the queue drops its controller, which the clock uses.
 */
void nvmeof_tgt_auth_sq_stop(struct nvmeof_tgt_sq *sq)
{
	if (sq->auth)
		cancel_delayed_work_sync(&sq->auth->timeout);
}

/**
 * nvmeof_tgt_auth_sq_destroy() - free a queue's exchange state
 * @sq: the queue, with no request left on it
 */
void nvmeof_tgt_auth_sq_destroy(struct nvmeof_tgt_sq *sq)
{
	struct nvmeof_tgt_sq_auth *a = sq->auth;

	if (!a)
		return;
	cancel_delayed_work_sync(&a->timeout);
	nvmeof_auth_dh_free(&a->dh);
	mutex_destroy(&a->lock);
	kfree_sensitive(a);
	sq->auth = NULL;
}

static void tgt_auth_fail(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_sq_auth *a, u8 exp)
{
	lockdep_assert_held(&a->lock);
	nvmeof_auth_dh_free(&a->dh);
	memzero_explicit(&a->cfg, sizeof(a->cfg));
	a->step = TGT_AUTH_FAILURE1;
	a->fail_exp = exp;
	WRITE_ONCE(sq->authenticated, false);
	tgt_auth_arm(sq, a);
	pr_warn_ratelimited("ctrl %u qid %u: host %s: authentication failed (reason %#x)\n",
			    sq->ctrl->cntlid, sq->qid, sq->ctrl->hostnqn, exp);
}

/* AUTH_Negotiate: the host's offer; 0 or a reason code explanation. */
static u8 tgt_auth_negotiate(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_sq_auth *a,
			     const void *buf, size_t len)
{
	struct nvmeof_tgt_ctrl *ctrl = sq->ctrl;
	struct nvmeof_auth_negotiate_info info;
	bool have_keys;
	u8 exp;

	/*
	 * The T_ID to answer with is the host's, even when we refuse, and even
	 * when the rest of its message is malformed: it sits in the 8 bytes
	 * every message starts with.
	 */
	if (len >= sizeof(struct nvmeof_auth_negotiate)) {
		struct nvmeof_auth_negotiate hdr;

		memcpy(&hdr, buf, sizeof(hdr));
		a->txn.t_id = le16_to_cpu(hdr.t_id);
	}
	exp = nvmeof_auth_negotiate_decode(buf, len, &info);
	if (exp)
		return exp;
	if (!sq->qid && a->step == TGT_AUTH_DONE)
		tgt_auth_refresh(ctrl);
	/* ctrl->lock: the admin queue's refresh may replace ctrl->auth. */
	mutex_lock(&ctrl->lock);
	have_keys = ctrl->auth != NULL;
	if (have_keys)
		a->cfg = *ctrl->auth;
	mutex_unlock(&ctrl->lock);
	if (!have_keys)
		return NVMEOF_AUTH_FAIL_NOT_USABLE;
	exp = nvmeof_auth_negotiate_select(&info, a->cfg.hash_id, a->cfg.dhgid);
	if (exp)
		return exp;
	a->txn.hash_id = a->cfg.hash_id;
	a->txn.dhgid = a->cfg.dhgid;
	a->r2_valid = false;
	nvmeof_auth_dh_free(&a->dh);
	a->step = TGT_AUTH_CHALLENGE;
	return 0;
}

/* The challenge the host's response answers: C1, or augmented with g^xy. */
static int tgt_auth_host_challenge(struct nvmeof_tgt_sq_auth *a, const u8 *shared,
				   size_t shared_len, const u8 *c, u8 *out)
{
	const struct nvmeof_auth_hash *h = nvmeof_auth_hash_by_id(a->txn.hash_id);

	if (!shared) {
		memcpy(out, c, h->len);
		return 0;
	}
	return nvmeof_dhchap_augment(a->txn.hash_id, shared, shared_len, c, out);
}

/* DH-HMAC-CHAP_Reply: check R1, compute R2 if asked for. */
static u8 tgt_auth_reply(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_sq_auth *a,
			 const void *buf, size_t len)
{
	struct nvmeof_tgt_ctrl *ctrl = sq->ctrl;
	const struct nvmeof_tgt_ctrl_auth *cfg = &a->cfg;
	u8 ch[NVMEOF_AUTH_HASH_MAX], r1[NVMEOF_AUTH_HASH_MAX];
	struct nvmeof_dhchap_reply_info info;
	size_t hl = nvmeof_auth_hash_by_id(a->txn.hash_id)->len;
	u8 *shared = NULL;
	size_t shared_len = 0;
	u8 exp;
	int ret;

	exp = nvmeof_dhchap_reply_decode(buf, len, &a->txn, &info);
	if (exp)
		return exp;
	if (info.cvalid && !cfg->ctrl_key.len) {
		pr_warn_ratelimited("ctrl %u: host %s asks for bidirectional authentication, no dhchap_ctrl_key\n",
				    ctrl->cntlid, ctrl->hostnqn);
		return NVMEOF_AUTH_FAIL_FAILED;
	}
	if (a->txn.dhgid != NVMEOF_AUTH_DHGROUP_NULL) {
		shared_len = a->dh.group->size;
		shared = kmalloc(shared_len, GFP_KERNEL);
		if (!shared)
			return NVMEOF_AUTH_FAIL_FAILED;
		ret = nvmeof_auth_dh_shared(&a->dh, info.dhv, info.dhvlen, shared);
		if (ret) {
			exp = NVMEOF_AUTH_FAIL_FAILED;
			goto out_free_shared;
		}
	}
	exp = NVMEOF_AUTH_FAIL_FAILED;
	if (tgt_auth_host_challenge(a, shared, shared_len, a->c1, ch))
		goto out_free_shared;
	if (nvmeof_dhchap_response(a->txn.hash_id, &cfg->host_key, ch, a->s1,
				   a->txn.t_id, NVMEOF_AUTH_SCC_NONE, false,
				   ctrl->hostnqn, ctrl->subsysnqn, r1))
		goto out_free_shared;
	if (crypto_memneq(r1, info.r1, hl))
		goto out_free_shared;
	if (info.cvalid) {
		if (tgt_auth_host_challenge(a, shared, shared_len, info.c2, ch))
			goto out_free_shared;
		if (nvmeof_dhchap_response(a->txn.hash_id, &cfg->ctrl_key, ch,
					   info.seqnum, a->txn.t_id,
					   NVMEOF_AUTH_SCC_NONE, true, ctrl->hostnqn,
					   ctrl->subsysnqn, a->r2))
			goto out_free_shared;
		a->r2_valid = true;
	}
	exp = 0;
	a->step = TGT_AUTH_SUCCESS1;
out_free_shared:
	/* The keys are not needed past the Reply, whatever its outcome. */
	memzero_explicit(&a->cfg, sizeof(a->cfg));
	nvmeof_auth_dh_free(&a->dh);
	kfree_sensitive(shared);
	memzero_explicit(ch, sizeof(ch));
	memzero_explicit(r1, sizeof(r1));
	return exp;
}

/* One Authentication Send message; 0 or a reason code explanation. */
static u8 tgt_auth_handle_send(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_sq_auth *a,
			       const void *buf, size_t len)
{
	u8 type, id, exp, peer_exp;

	lockdep_assert_held(&a->lock);
	exp = nvmeof_auth_msg_peek(buf, len, &type, &id);
	if (exp)
		return exp;
	if (type == NVMEOF_AUTH_TYPE_COMMON && id == NVMEOF_AUTH_ID_FAILURE2) {
		exp = nvmeof_auth_failure_decode(buf, len, NVMEOF_AUTH_ID_FAILURE2,
						 a->txn.t_id, &peer_exp);
		if (exp)
			return exp;
		pr_info_ratelimited("ctrl %u qid %u: host %s ended authentication (reason %#x)\n",
				    sq->ctrl->cntlid, sq->qid, sq->ctrl->hostnqn, peer_exp);
		nvmeof_auth_dh_free(&a->dh);
		WRITE_ONCE(sq->authenticated, false);
		WRITE_ONCE(a->step, TGT_AUTH_FAILED);
		tgt_auth_arm(sq, a);
		return 0;
	}
	switch (a->step) {
	case TGT_AUTH_NEGOTIATE:
	case TGT_AUTH_DONE:
		if (type != NVMEOF_AUTH_TYPE_COMMON || id != NVMEOF_AUTH_ID_NEGOTIATE)
			return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
		return tgt_auth_negotiate(sq, a, buf, len);
	case TGT_AUTH_REPLY:
		if (type != NVMEOF_AUTH_TYPE_DHCHAP || id != NVMEOF_AUTH_ID_REPLY)
			return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
		return tgt_auth_reply(sq, a, buf, len);
	case TGT_AUTH_SUCCESS2:
		if (type != NVMEOF_AUTH_TYPE_DHCHAP || id != NVMEOF_AUTH_ID_SUCCESS2)
			return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
		exp = nvmeof_dhchap_success2_decode(buf, len, &a->txn);
		if (exp)
			return exp;
		a->step = TGT_AUTH_DONE;
		WRITE_ONCE(sq->authenticated, true);
		return 0;
	default:
		return NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE;
	}
}

static void tgt_auth_send_work(struct work_struct *work)
{
	struct nvmeof_tgt_req *req = container_of(work, struct nvmeof_tgt_req, work);
	struct nvmeof_tgt_sq *sq = req->sq;
	struct nvmeof_tgt_sq_auth *a = sq->auth;
	u16 status;
	void *buf;
	u8 exp;

	buf = kmalloc(req->data_len, GFP_KERNEL);
	if (!buf) {
		status = NVMEOF_SC_INTERNAL;
		goto out;
	}
	status = nvmeof_tgt_copy_from_sgl(req, 0, buf, req->data_len);
	if (status)
		goto out_free_buf;
	mutex_lock(&a->lock);
	if (a->step == TGT_AUTH_FAILED) {
		status = NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	} else {
		/*
		 * A bad message still completes the command: the host learns why
		 * from the AUTH_Failure1 its next Authentication Receive fetches.
		 */
		exp = tgt_auth_handle_send(sq, a, buf, req->data_len);
		if (exp)
			tgt_auth_fail(sq, a, exp);
	}
	mutex_unlock(&a->lock);
out_free_buf:
	kfree_sensitive(buf);
out:
	nvmeof_tgt_req_complete(req, status);
}

/* Builds the Challenge; fills @buf, returns its length or -errno. */
static int tgt_auth_challenge(struct nvmeof_tgt_sq_auth *a, u8 *buf, size_t size)
{
	const struct nvmeof_auth_hash *h = nvmeof_auth_hash_by_id(a->txn.hash_id);
	u8 *dhv = NULL;
	u16 dhvlen = 0;
	int ret;

	get_random_bytes(a->c1, h->len);
	a->s1 = get_random_u32();
	if (a->txn.dhgid != NVMEOF_AUTH_DHGROUP_NULL) {
		ret = nvmeof_auth_dh_init(&a->dh, a->txn.dhgid);
		if (ret)
			return ret;
		dhvlen = a->dh.group->size;
		dhv = kmalloc(dhvlen, GFP_KERNEL);
		if (!dhv)
			return -ENOMEM;
		ret = nvmeof_auth_dh_public(&a->dh, dhv);
		if (ret)
			goto out_free_dhv;
	}
	ret = nvmeof_dhchap_challenge_build(buf, size, &a->txn, a->s1, a->c1, dhv, dhvlen);
out_free_dhv:
	kfree(dhv);
	return ret;
}

/* The next message for an Authentication Receive; its length or -errno. */
static int tgt_auth_next_message(struct nvmeof_tgt_sq *sq, struct nvmeof_tgt_sq_auth *a,
				 u8 *buf, size_t size)
{
	int ret;

	lockdep_assert_held(&a->lock);
	switch (a->step) {
	case TGT_AUTH_CHALLENGE:
		ret = tgt_auth_challenge(a, buf, size);
		/* AL too small for it: the caller fails the command. */
		if (ret == -EMSGSIZE)
			return ret;
		if (ret < 0) {
			pr_warn_ratelimited("ctrl %u qid %u: cannot build a challenge (%d)\n",
					    sq->ctrl->cntlid, sq->qid, ret);
			tgt_auth_fail(sq, a, NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE);
			break;
		}
		a->step = TGT_AUTH_REPLY;
		return ret;
	case TGT_AUTH_SUCCESS1:
		ret = nvmeof_dhchap_success1_build(buf, size, &a->txn,
						   a->r2_valid ? a->r2 : NULL);
		if (ret < 0)
			return ret;
		memzero_explicit(a->r2, sizeof(a->r2));
		if (a->r2_valid) {
			a->step = TGT_AUTH_SUCCESS2;
		} else {
			a->step = TGT_AUTH_DONE;
			WRITE_ONCE(sq->authenticated, true);
		}
		return ret;
	case TGT_AUTH_FAILURE1:
		break;
	default:
		/* A Receive the exchange does not expect now. */
		tgt_auth_fail(sq, a, NVMEOF_AUTH_FAIL_INCORRECT_MESSAGE);
		break;
	}
	ret = nvmeof_auth_failure_build(buf, size, NVMEOF_AUTH_ID_FAILURE1, a->txn.t_id,
					a->fail_exp);
	WRITE_ONCE(a->step, TGT_AUTH_FAILED);
	return ret;
}

static void tgt_auth_recv_work(struct work_struct *work)
{
	struct nvmeof_tgt_req *req = container_of(work, struct nvmeof_tgt_req, work);
	struct nvmeof_tgt_sq *sq = req->sq;
	struct nvmeof_tgt_sq_auth *a = sq->auth;
	u16 status = NVMEOF_SC_SUCCESS;
	int len;
	u8 *buf;

	buf = kzalloc(TGT_AUTH_RECV_BUF, GFP_KERNEL);
	if (!buf) {
		status = NVMEOF_SC_INTERNAL;
		goto out;
	}
	mutex_lock(&a->lock);
	if (a->step == TGT_AUTH_FAILED) {
		mutex_unlock(&a->lock);
		status = NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
		goto out_free_buf;
	}
	len = tgt_auth_next_message(sq, a, buf, min_t(size_t, TGT_AUTH_RECV_BUF,
						       req->data_len));
	if (len < 0) {
		/* AL too small for the message: the exchange cannot go on. */
		pr_warn_ratelimited("ctrl %u qid %u: host %s: Authentication Receive AL %u too small (%d)\n",
				    sq->ctrl->cntlid, sq->qid, sq->ctrl->hostnqn, req->data_len, len);
		WRITE_ONCE(a->step, TGT_AUTH_FAILED);
		WRITE_ONCE(sq->authenticated, false);
		nvmeof_auth_dh_free(&a->dh);
		tgt_auth_arm(sq, a);
		status = NVMEOF_SC_INVALID_FIELD | NVMEOF_SC_DNR;
	}
	mutex_unlock(&a->lock);
	if (status)
		goto out_free_buf;
	status = nvmeof_tgt_copy_to_sgl(req, 0, buf, len);
	/* The rest of AL is zeroes, never what the pages held before. */
	if (!status && len < req->data_len)
		status = nvmeof_tgt_zero_sgl(req, len, req->data_len - len);
out_free_buf:
	kfree_sensitive(buf);
out:
	nvmeof_tgt_req_complete(req, status);
}

static void tgt_execute_auth(struct nvmeof_tgt_req *req)
{
	/* DH and HMAC allocate and may take long under emulation: off the I/O path. */
	queue_work(nvmeof_tgt_wq, &req->work);
}

/**
 * nvmeof_tgt_parse_auth_cmd() - parse Authentication Send or Receive
 * @req: the command, on a connected queue
 *
 * Return: NVMe status.
 */
u16 nvmeof_tgt_parse_auth_cmd(struct nvmeof_tgt_req *req)
{
	const struct nvmeof_fabrics_cmd *c = (const void *)req->cmd;
	struct nvmeof_tgt_sq_auth *a = req->sq->auth;
	u32 len;
	u16 status;

	if (!a) {
		req->error_loc = offsetof(struct nvmeof_fabrics_cmd, fctype);
		return NVMEOF_SC_CMD_SEQ_ERROR | NVMEOF_SC_DNR;
	}
	/* A failed exchange is over: its commands no longer keep the controller alive. */
	if (READ_ONCE(a->step) == TGT_AUTH_FAILED)
		return NVMEOF_SC_AUTH_REQUIRED | NVMEOF_SC_DNR;
	if (c->fctype == NVMEOF_FCTYPE_AUTH_SEND) {
		status = nvmeof_auth_send_check((const void *)req->cmd, &len);
		INIT_WORK(&req->work, tgt_auth_send_work);
	} else {
		status = nvmeof_auth_recv_check((const void *)req->cmd, &len);
		INIT_WORK(&req->work, tgt_auth_recv_work);
	}
	if (status) {
		req->error_loc = offsetof(struct nvmeof_auth_send_cmd, secp);
		return status;
	}
	req->data_len = len;
	req->execute = tgt_execute_auth;
	return NVMEOF_SC_SUCCESS;
}
