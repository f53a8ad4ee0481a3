// SPDX-License-Identifier: GPL-2.0-only
/* The nvmeof tracepoints: defined here once, used by host and target modules. */
#include <linux/module.h>

#define CREATE_TRACE_POINTS
#include <nvmeof/nvmeof_trace.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_host_submit);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_host_complete);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_tgt_submit);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_tgt_complete);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_connect);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_disconnect);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_reconnect);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_kato_expired);
EXPORT_TRACEPOINT_SYMBOL_GPL(nvmeof_ana_change);
