// SPDX-License-Identifier: GPL-2.0-only
/* nvmeof-target: placeholder until this part is written. */
