// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe: ib_drain_qp() of a QP on a shared receive queue waits for the
 * provider's Last WQE Reached event, which completes qp->srq_completion
 * (6.11+).
 */
#include <linux/module.h>
#include <rdma/ib_verbs.h>

void probe(struct ib_qp *qp);
void probe(struct ib_qp *qp)
{
	complete(&qp->srq_completion);
}
MODULE_LICENSE("GPL");
