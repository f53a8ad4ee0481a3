# SPDX-License-Identifier: GPL-2.0-only
# The pure fabrics core: files with no kernel dependency beyond
# include/nvmeof/shim.h. Kbuild links them into nvmeof-core.ko and
# tools/testing/unit and tools/testing/fuzz compile the same files in userspace.
# One file a line; paths relative to the project root.
NVMEOF_PURE_SRCS :=
NVMEOF_PURE_SRCS += fabrics/nqn.c
NVMEOF_PURE_SRCS += fabrics/options.c
NVMEOF_PURE_SRCS += fabrics/tcp_pdu.c
NVMEOF_PURE_SRCS += fabrics/sgl.c
NVMEOF_PURE_SRCS += fabrics/discovery_log.c
NVMEOF_PURE_SRCS += fabrics/lat_hist.c
NVMEOF_PURE_SRCS += fabrics/auth.c
NVMEOF_PURE_SRCS += fabrics/ffdhe.c
