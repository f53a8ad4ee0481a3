/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tracepoints of the nvmeof host and target (trace system "nvmeof"). Defined
 * once, in nvmeof-core (fabrics/trace.c), and exported to the other modules.
 * Documented in Documentation/observability.md.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM nvmeof

/*
 * Out of tree: define_trace.h re-includes this file as
 * <TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE.h>, which the -I$(src)/include of
 * our Kbuild resolves.
 */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH nvmeof
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE nvmeof_trace

#if !defined(NVMEOF_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define NVMEOF_TRACE_H

#include <linux/tracepoint.h>

#include <nvmeof/nvme.h>
#include <nvmeof/fabrics.h>

/* Queue ID the host's controller-wide events carry. */
#define NVMEOF_TRACE_ALL_QUEUES	0xffff

/*
 * One command: @ctrl is the host's controller instance (nvme<ctrl>) or the
 * target's controller ID; @len the data length; @status the NVMe status
 * ((SCT << 8) | SC, DNR included), 0 at submission.
 */
DECLARE_EVENT_CLASS(nvmeof_cmd_class,
	TP_PROTO(int ctrl, u16 qid, const struct nvmeof_sqe *sqe, u32 len, u16 status),
	TP_ARGS(ctrl, qid, sqe, len, status),
	TP_STRUCT__entry(
		__field(int, ctrl)
		__field(u16, qid)
		__field(u16, cid)
		__field(u8, opcode)
		__field(u8, fctype)
		__field(u32, nsid)
		__field(u32, len)
		__field(u16, status)
	),
	TP_fast_assign(
		__entry->ctrl = ctrl;
		__entry->qid = qid;
		__entry->cid = sqe->command_id;
		__entry->opcode = sqe->opcode;
		/* Fabrics commands carry their type where others have NSID. */
		__entry->fctype = sqe->opcode == NVMEOF_FABRICS_OPCODE ?
			((const struct nvmeof_fabrics_cmd *)sqe)->fctype : 0;
		__entry->nsid = sqe->opcode == NVMEOF_FABRICS_OPCODE ?
				0 : le32_to_cpu(sqe->nsid);
		__entry->len = len;
		__entry->status = status;
	),
	TP_printk("ctrl=%d qid=%u cid=%u opcode=0x%02x fctype=0x%02x nsid=%u len=%u status=0x%04x",
		  __entry->ctrl, __entry->qid, __entry->cid, __entry->opcode,
		  __entry->fctype, __entry->nsid, __entry->len, __entry->status)
);

DEFINE_EVENT(nvmeof_cmd_class, nvmeof_host_submit,
	TP_PROTO(int ctrl, u16 qid, const struct nvmeof_sqe *sqe, u32 len, u16 status),
	TP_ARGS(ctrl, qid, sqe, len, status));
DEFINE_EVENT(nvmeof_cmd_class, nvmeof_host_complete,
	TP_PROTO(int ctrl, u16 qid, const struct nvmeof_sqe *sqe, u32 len, u16 status),
	TP_ARGS(ctrl, qid, sqe, len, status));
DEFINE_EVENT(nvmeof_cmd_class, nvmeof_tgt_submit,
	TP_PROTO(int ctrl, u16 qid, const struct nvmeof_sqe *sqe, u32 len, u16 status),
	TP_ARGS(ctrl, qid, sqe, len, status));
DEFINE_EVENT(nvmeof_cmd_class, nvmeof_tgt_complete,
	TP_PROTO(int ctrl, u16 qid, const struct nvmeof_sqe *sqe, u32 len, u16 status),
	TP_ARGS(ctrl, qid, sqe, len, status));

/* A queue connected (@status 0) or its Connect failed. */
TRACE_EVENT(nvmeof_connect,
	TP_PROTO(bool target, int ctrl, u16 qid, u16 status),
	TP_ARGS(target, ctrl, qid, status),
	TP_STRUCT__entry(
		__field(bool, target)
		__field(int, ctrl)
		__field(u16, qid)
		__field(u16, status)
	),
	TP_fast_assign(
		__entry->target = target;
		__entry->ctrl = ctrl;
		__entry->qid = qid;
		__entry->status = status;
	),
	TP_printk("%s ctrl=%d qid=%u status=0x%04x", __entry->target ? "target" : "host",
		  __entry->ctrl, __entry->qid, __entry->status)
);

/*
 * A queue went away: per queue on the target; on the host once per
 * controller being deleted, with qid NVMEOF_TRACE_ALL_QUEUES.
 */
TRACE_EVENT(nvmeof_disconnect,
	TP_PROTO(bool target, int ctrl, u16 qid),
	TP_ARGS(target, ctrl, qid),
	TP_STRUCT__entry(
		__field(bool, target)
		__field(int, ctrl)
		__field(u16, qid)
	),
	TP_fast_assign(
		__entry->target = target;
		__entry->ctrl = ctrl;
		__entry->qid = qid;
	),
	TP_printk("%s ctrl=%d qid=%u", __entry->target ? "target" : "host",
		  __entry->ctrl, __entry->qid)
);

/* Host: reconnect attempt @attempt of controller @ctrl ended with @result (-errno or 0). */
TRACE_EVENT(nvmeof_reconnect,
	TP_PROTO(int ctrl, int attempt, int result),
	TP_ARGS(ctrl, attempt, result),
	TP_STRUCT__entry(
		__field(int, ctrl)
		__field(int, attempt)
		__field(int, result)
	),
	TP_fast_assign(
		__entry->ctrl = ctrl;
		__entry->attempt = attempt;
		__entry->result = result;
	),
	TP_printk("ctrl=%d attempt=%d result=%d", __entry->ctrl, __entry->attempt,
		  __entry->result)
);

/*
 * Keep-alive expired: on the target, no command within KATO; on the host, a
 * Keep Alive command failed or timed out (@status its NVMe status).
 */
TRACE_EVENT(nvmeof_kato_expired,
	TP_PROTO(bool target, int ctrl, u32 kato_ms, u16 status),
	TP_ARGS(target, ctrl, kato_ms, status),
	TP_STRUCT__entry(
		__field(bool, target)
		__field(int, ctrl)
		__field(u32, kato_ms)
		__field(u16, status)
	),
	TP_fast_assign(
		__entry->target = target;
		__entry->ctrl = ctrl;
		__entry->kato_ms = kato_ms;
		__entry->status = status;
	),
	TP_printk("%s ctrl=%d kato_ms=%u status=0x%04x", __entry->target ? "target" : "host",
		  __entry->ctrl, __entry->kato_ms, __entry->status)
);

/*
 * ANA change: on the target, ANA group @grpid of port @id entered @state
 * (NVMEOF_ANA_*); on the host, controller @id received an ANA change notice
 * (@grpid 0 and @state 0xff: the ANA log page says which).
 */
TRACE_EVENT(nvmeof_ana_change,
	TP_PROTO(bool target, int id, u32 grpid, u8 state),
	TP_ARGS(target, id, grpid, state),
	TP_STRUCT__entry(
		__field(bool, target)
		__field(int, id)
		__field(u32, grpid)
		__field(u8, state)
	),
	TP_fast_assign(
		__entry->target = target;
		__entry->id = id;
		__entry->grpid = grpid;
		__entry->state = state;
	),
	TP_printk("%s %s=%d grpid=%u state=0x%02x", __entry->target ? "target" : "host",
		  __entry->target ? "port" : "ctrl", __entry->id, __entry->grpid, __entry->state)
);

#endif /* NVMEOF_TRACE_H */

#include <trace/define_trace.h>
