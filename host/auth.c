// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-host DH-HMAC-CHAP: authenticate one queue right after its Connect. */
#include <linux/slab.h>
#include <linux/random.h>
#include <crypto/algapi.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>
#include <nvmeof/auth.h>
#include <nvmeof/auth_crypto.h>
#include "host.h"

/* What we offer: every hash, strongest last as in-tree; every group. */
static const u8 host_auth_hashes[] = {
	NVMEOF_AUTH_HASH_SHA256, NVMEOF_AUTH_HASH_SHA384, NVMEOF_AUTH_HASH_SHA512,
};
static const u8 host_auth_dhgroups[] = {
	NVMEOF_AUTH_DHGROUP_NULL, NVMEOF_AUTH_DHGROUP_2048, NVMEOF_AUTH_DHGROUP_3072,
	NVMEOF_AUTH_DHGROUP_4096, NVMEOF_AUTH_DHGROUP_6144, NVMEOF_AUTH_DHGROUP_8192,
};

/* Authentication Receive buffer: more than the largest Challenge. */
#define HOST_AUTH_RECV_LEN	2048

/**
 * struct host_auth - one queue's exchange, on the heap: the buffers are
 *	mapped into requests, and the keys must not linger on a stack.
 * @ctrl:     the controller
 * @qid:      the queue
 * @txn:      T_ID, hash, group
 * @hkey:     the host's key after its transform
 * @ckey:     the controller's key after its transform; len 0: unidirectional
 * @c2:       our challenge to the controller
 * @s2:       S2
 * @shared:   g^xy mod p (group size bytes), or NULL for the null group
 * @dh:       our ephemeral DH key
 * @send:     Authentication Send buffer
 * @recv:     Authentication Receive buffer
 */
struct host_auth {
	struct nvmeof_host_ctrl	*ctrl;
	u16			qid;
	struct nvmeof_auth_txn	txn;
	struct nvmeof_auth_key	hkey;
	struct nvmeof_auth_key	ckey;
	u8			c2[NVMEOF_AUTH_HASH_MAX];
	u32			s2;
	u8			*shared;
	struct nvmeof_auth_dh	dh;
	u8			send[NVMEOF_AUTH_MSG_MAX];
	u8			recv[HOST_AUTH_RECV_LEN];
};

static struct request_queue *host_auth_q(struct host_auth *a)
{
	return a->qid ? a->ctrl->connect_q : a->ctrl->admin_q;
}

/* Authentication Send of @len bytes of a->send; -errno, -EIO with *status. */
static int host_auth_send(struct host_auth *a, size_t len, u16 *status)
{
	struct nvmeof_sqe sqe = { };
	struct nvmeof_cqe cqe = { };
	int ret;

	nvmeof_auth_send_init((void *)&sqe, 0, len);
	ret = nvmeof_host_submit_sync(a->ctrl, host_auth_q(a), &sqe, a->send, len,
				      NVMEOF_REQ_INTERNAL, a->qid, &cqe);
	*status = ret == -EIO ? nvmeof_cqe_status(&cqe) : 0;
	return ret;
}

static int host_auth_recv(struct host_auth *a, u16 *status)
{
	struct nvmeof_sqe sqe = { };
	struct nvmeof_cqe cqe = { };
	int ret;

	memset(a->recv, 0, sizeof(a->recv));
	nvmeof_auth_recv_init((void *)&sqe, 0, sizeof(a->recv));
	ret = nvmeof_host_submit_sync(a->ctrl, host_auth_q(a), &sqe, a->recv,
				      sizeof(a->recv), NVMEOF_REQ_INTERNAL, a->qid, &cqe);
	*status = ret == -EIO ? nvmeof_cqe_status(&cqe) : 0;
	return ret;
}

/* One line for a command the controller refused or that never completed. */
static int host_auth_cmd_failed(struct host_auth *a, const char *what, int ret, u16 status)
{
	if (ret == -EIO && NVMEOF_SC_CODE(status) == NVMEOF_SC_INVALID_OPCODE)
		dev_err(&a->ctrl->device,
			"qid %u: controller does not support in-band authentication\n", a->qid);
	else if (ret == -EIO)
		dev_err(&a->ctrl->device, "qid %u: authentication %s failed, status %#x\n",
			a->qid, what, status);
	else
		dev_err(&a->ctrl->device, "qid %u: authentication %s failed: %d\n",
			a->qid, what, ret);
	return ret == -EIO ? -EKEYREJECTED : ret;
}

/*
 * We found the controller's message wrong: tell it with AUTH_Failure2
 * (best effort, the queue goes away next) and fail the queue.
 */
static int host_auth_abort(struct host_auth *a, u8 exp, const char *why)
{
	u16 status;
	int len;

	dev_err(&a->ctrl->device, "qid %u: authentication failed: %s\n", a->qid, why);
	len = nvmeof_auth_failure_build(a->send, sizeof(a->send), NVMEOF_AUTH_ID_FAILURE2,
					a->txn.t_id, exp);
	if (len > 0)
		host_auth_send(a, len, &status);
	return -EKEYREJECTED;
}

/*
 * After a Receive: when the controller sent AUTH_Failure1 instead of what
 * we wait for, log its reason. Return: true if it did.
 */
static bool host_auth_got_failure1(struct host_auth *a)
{
	u8 type, id, exp = 0;

	if (nvmeof_auth_msg_peek(a->recv, sizeof(a->recv), &type, &id) ||
	    type != NVMEOF_AUTH_TYPE_COMMON || id != NVMEOF_AUTH_ID_FAILURE1)
		return false;
	if (nvmeof_auth_failure_decode(a->recv, sizeof(a->recv), NVMEOF_AUTH_ID_FAILURE1,
				       a->txn.t_id, &exp))
		exp = 0;
	dev_err(&a->ctrl->device,
		"qid %u: authentication failed: controller rejected it (reason %#x)\n",
		a->qid, exp);
	return true;
}

/* The challenge a response answers: itself, or augmented with g^xy. */
static int host_auth_challenge(struct host_auth *a, const u8 *c, u8 *out)
{
	if (!a->shared) {
		memcpy(out, c, nvmeof_auth_hash_by_id(a->txn.hash_id)->len);
		return 0;
	}
	return nvmeof_dhchap_augment(a->txn.hash_id, a->shared, a->dh.group->size, c, out);
}

/* Challenge in a->recv: build the Reply in a->send; its length or -errno. */
static int host_auth_reply(struct host_auth *a, const struct nvmeof_dhchap_challenge_info *ch)
{
	struct nvmeof_host_ctrl *ctrl = a->ctrl;
	u8 chal[NVMEOF_AUTH_HASH_MAX], r1[NVMEOF_AUTH_HASH_MAX];
	u8 *dhv = NULL;
	u16 dhvlen = 0;
	int ret;

	if (ch->txn.dhgid != NVMEOF_AUTH_DHGROUP_NULL) {
		ret = nvmeof_auth_dh_init(&a->dh, ch->txn.dhgid);
		if (ret)
			return ret;
		dhvlen = a->dh.group->size;
		dhv = kmalloc(dhvlen, GFP_KERNEL);
		a->shared = kmalloc(dhvlen, GFP_KERNEL);
		if (!dhv || !a->shared) {
			ret = -ENOMEM;
			goto out_free_dhv;
		}
		ret = nvmeof_auth_dh_public(&a->dh, dhv);
		if (!ret)
			ret = nvmeof_auth_dh_shared(&a->dh, ch->dhv, ch->dhvlen, a->shared);
		if (ret)
			goto out_free_dhv;
	}
	ret = host_auth_challenge(a, ch->c1, chal);
	if (!ret)
		ret = nvmeof_dhchap_response(a->txn.hash_id, &a->hkey, chal, ch->seqnum,
					     a->txn.t_id, NVMEOF_AUTH_SCC_NONE, false,
					     ctrl->opts->hostnqn, ctrl->opts->subsysnqn, r1);
	if (ret)
		goto out_wipe;
	if (a->ckey.len) {
		get_random_bytes(a->c2, ch->hl);
		a->s2 = get_random_u32() ?: 1;	/* 0 would say "no S2" */
	}
	ret = nvmeof_dhchap_reply_build(a->send, sizeof(a->send), &a->txn, r1,
					a->ckey.len ? a->c2 : NULL, a->s2, dhv, dhvlen);
out_wipe:
	memzero_explicit(chal, sizeof(chal));
	memzero_explicit(r1, sizeof(r1));
out_free_dhv:
	kfree(dhv);
	return ret;
}

/* Success1 in a->recv: check R2 when we asked for it. 0 or -EKEYREJECTED. */
static int host_auth_check_r2(struct host_auth *a, bool rvalid, const u8 *r2)
{
	struct nvmeof_host_ctrl *ctrl = a->ctrl;
	u8 chal[NVMEOF_AUTH_HASH_MAX], want[NVMEOF_AUTH_HASH_MAX];
	size_t hl = nvmeof_auth_hash_by_id(a->txn.hash_id)->len;
	int ret;

	if (!rvalid)
		return host_auth_abort(a, NVMEOF_AUTH_FAIL_FAILED,
				       "controller did not answer our challenge");
	ret = host_auth_challenge(a, a->c2, chal);
	if (!ret)
		ret = nvmeof_dhchap_response(a->txn.hash_id, &a->ckey, chal, a->s2,
					     a->txn.t_id, NVMEOF_AUTH_SCC_NONE, true,
					     ctrl->opts->hostnqn, ctrl->opts->subsysnqn, want);
	if (!ret && crypto_memneq(want, r2, hl))
		ret = -EKEYREJECTED;
	memzero_explicit(chal, sizeof(chal));
	memzero_explicit(want, sizeof(want));
	if (ret == -EKEYREJECTED)
		return host_auth_abort(a, NVMEOF_AUTH_FAIL_FAILED,
				       "controller's response (R2) is wrong");
	if (ret)
		dev_err(&ctrl->device, "qid %u: authentication failed: %d\n", a->qid, ret);
	return ret;
}

/* The secrets as they are now: sysfs may replace them between connects. */
static int host_auth_load_keys(struct host_auth *a)
{
	struct nvmeof_host_ctrl *ctrl = a->ctrl;
	struct nvmeof_ctrl_opts *o = ctrl->opts;
	struct nvmeof_auth_secret *k;
	int ret;

	k = nvmeof_auth_secret_alloc();
	if (!k)
		return -ENOMEM;
	/* auth_lock: the sysfs stores write the secrets under it. */
	mutex_lock(&ctrl->auth_lock);
	ret = nvmeof_auth_secret_parse(o->dhchap_secret, strlen(o->dhchap_secret), k);
	if (!ret)
		ret = nvmeof_auth_transform_key(k, o->hostnqn, &a->hkey);
	if (!ret && o->dhchap_ctrl_secret[0]) {
		ret = nvmeof_auth_secret_parse(o->dhchap_ctrl_secret,
					       strlen(o->dhchap_ctrl_secret), k);
		if (!ret)
			ret = nvmeof_auth_transform_key(k, o->subsysnqn, &a->ckey);
	}
	mutex_unlock(&ctrl->auth_lock);
	nvmeof_auth_secret_free(k);
	if (ret)
		dev_err(&ctrl->device, "qid %u: DH-HMAC-CHAP secret unusable: %d\n",
			a->qid, ret);
	return ret;
}

/**
 * nvmeof_host_auth_wanted() - does the host have a secret to authenticate with
 * @ctrl: the controller
 *
 * Return: true when dhchap_secret is set.
 */
bool nvmeof_host_auth_wanted(struct nvmeof_host_ctrl *ctrl)
{
	bool wanted;

	mutex_lock(&ctrl->auth_lock);
	wanted = ctrl->opts->dhchap_secret[0] != '\0';
	mutex_unlock(&ctrl->auth_lock);
	return wanted;
}

static int host_auth_run(struct host_auth *a)
{
	struct nvmeof_host_ctrl *ctrl = a->ctrl;
	struct nvmeof_dhchap_challenge_info ch;
	const u8 *r2;
	bool rvalid;
	u16 status;
	int len, ret;
	u8 exp;

	ret = host_auth_load_keys(a);
	if (ret)
		return ret;
	a->txn.t_id = (u16)atomic_inc_return(&ctrl->auth_tid);

	len = nvmeof_auth_negotiate_build(a->send, sizeof(a->send), a->txn.t_id,
					  host_auth_hashes, ARRAY_SIZE(host_auth_hashes),
					  host_auth_dhgroups, ARRAY_SIZE(host_auth_dhgroups));
	if (len < 0)
		return len;
	ret = host_auth_send(a, len, &status);
	if (ret)
		return host_auth_cmd_failed(a, "negotiate", ret, status);
	ret = host_auth_recv(a, &status);
	if (ret)
		return host_auth_cmd_failed(a, "challenge", ret, status);
	if (host_auth_got_failure1(a))
		return -EKEYREJECTED;
	exp = nvmeof_dhchap_challenge_decode(a->recv, sizeof(a->recv), a->txn.t_id, &ch);
	if (exp)
		return host_auth_abort(a, exp, "malformed challenge");
	if (!nvmeof_auth_id_in_list(ch.txn.hash_id, host_auth_hashes,
				    ARRAY_SIZE(host_auth_hashes)))
		return host_auth_abort(a, NVMEOF_AUTH_FAIL_HASH_UNUSABLE,
				       "controller chose a hash we did not offer");
	if (!nvmeof_auth_id_in_list(ch.txn.dhgid, host_auth_dhgroups,
				    ARRAY_SIZE(host_auth_dhgroups)))
		return host_auth_abort(a, NVMEOF_AUTH_FAIL_DHGROUP_UNUSABLE,
				       "controller chose a DH group we did not offer");
	a->txn = ch.txn;

	len = host_auth_reply(a, &ch);
	if (len == -EINVAL && a->txn.dhgid != NVMEOF_AUTH_DHGROUP_NULL)
		return host_auth_abort(a, NVMEOF_AUTH_FAIL_INCORRECT_PAYLOAD,
				       "controller's DH value refused");
	if (len < 0) {
		dev_err(&ctrl->device, "qid %u: authentication failed: %d\n", a->qid, len);
		return len;
	}
	ret = host_auth_send(a, len, &status);
	if (ret)
		return host_auth_cmd_failed(a, "reply", ret, status);
	ret = host_auth_recv(a, &status);
	if (ret)
		return host_auth_cmd_failed(a, "success1", ret, status);
	if (host_auth_got_failure1(a))
		return -EKEYREJECTED;
	exp = nvmeof_dhchap_success1_decode(a->recv, sizeof(a->recv), &a->txn, &rvalid, &r2);
	if (exp)
		return host_auth_abort(a, exp, "malformed success1");
	if (!a->ckey.len)
		return 0;

	ret = host_auth_check_r2(a, rvalid, r2);
	if (ret)
		return ret;
	len = nvmeof_dhchap_success2_build(a->send, sizeof(a->send), &a->txn);
	if (len < 0)
		return len;
	ret = host_auth_send(a, len, &status);
	if (ret)
		return host_auth_cmd_failed(a, "success2", ret, status);
	return 0;
}

/**
 * nvmeof_host_auth_queue() - authenticate a freshly connected queue
 * @ctrl: the controller
 * @qid:  the queue, connected but not live yet
 *
 * Runs DH-HMAC-CHAP (Negotiate, Challenge, Reply, Success1, and Success2
 * when dhchap_ctrl_secret asks the controller to prove itself too).
 *
 * Return: 0, -EKEYREJECTED when either side's check failed or the
 * controller refused, or -errno.
 */
int nvmeof_host_auth_queue(struct nvmeof_host_ctrl *ctrl, u16 qid)
{
	struct host_auth *a;
	int ret;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->ctrl = ctrl;
	a->qid = qid;
	mutex_lock(&ctrl->auth_run_lock);
	ret = host_auth_run(a);
	mutex_unlock(&ctrl->auth_run_lock);
	if (!ret) {
		const struct nvmeof_auth_hash *h = nvmeof_auth_hash_by_id(a->txn.hash_id);

		if (!qid)
			dev_info(&ctrl->device, "qid 0: authenticated (%s, %s%s)\n",
				 h ? h->hmac : "?", nvmeof_auth_dhgroup_name(a->txn.dhgid) ?: "?",
				 a->ckey.len ? ", bidirectional" : "");
		else
			dev_dbg(&ctrl->device, "qid %u: authenticated\n", qid);
	}
	nvmeof_auth_dh_free(&a->dh);
	kfree_sensitive(a->shared);
	kfree_sensitive(a);
	return ret;
}

/*
 * Re-authentication of every live queue with the secrets sysfs now holds,
 * as in-tree does on a write. A failure ends the association: error
 * recovery reconnects, and authenticates again, with the same secrets.
 */
static void host_auth_work(struct work_struct *work)
{
	struct nvmeof_host_ctrl *ctrl = container_of(work, struct nvmeof_host_ctrl, auth_work);
	u32 qid;
	int ret;

	/* A controller that did not ask is not asked to authenticate now either. */
	if (!nvmeof_host_auth_wanted(ctrl) || !READ_ONCE(ctrl->auth_required))
		return;
	for (qid = 0; qid < ctrl->queue_count; qid++) {
		if (nvmeof_host_state(ctrl) != NVMEOF_CTRL_LIVE)
			return;
		ret = nvmeof_host_auth_queue(ctrl, qid);
		if (ret) {
			dev_err(&ctrl->device,
				"re-authentication failed on qid %u (%d), resetting\n", qid, ret);
			nvmeof_host_error_recovery(ctrl);
			return;
		}
	}
	dev_info(&ctrl->device, "re-authenticated %u queues\n", ctrl->queue_count);
}

/**
 * nvmeof_host_auth_init() - set up a new controller's authentication state
 * @ctrl: the controller
 */
void nvmeof_host_auth_init(struct nvmeof_host_ctrl *ctrl)
{
	mutex_init(&ctrl->auth_lock);
	mutex_init(&ctrl->auth_run_lock);
	atomic_set(&ctrl->auth_tid, 0);
	INIT_WORK(&ctrl->auth_work, host_auth_work);
}

/**
 * nvmeof_host_auth_rekey() - re-authenticate the live queues, asynchronously
 * @ctrl: the controller
 */
void nvmeof_host_auth_rekey(struct nvmeof_host_ctrl *ctrl)
{
	if (nvmeof_host_state(ctrl) == NVMEOF_CTRL_LIVE)
		queue_work(nvmeof_host_wq, &ctrl->auth_work);
}

/**
 * nvmeof_host_auth_stop() - wait for a re-authentication to end
 * @ctrl: the controller, its queues torn down
 */
void nvmeof_host_auth_stop(struct nvmeof_host_ctrl *ctrl)
{
	cancel_work_sync(&ctrl->auth_work);
}
