# SPDX-License-Identifier: GPL-2.0-only
# nvmeof: build the modules out of tree, lint them, and run the test tiers.

TESTING    := tools/testing
NVMEOF_CACHE ?= $(HOME)/.cache/nvmeof
# The pinned kernels: KVER_6_1, KVER_6_12 (one place for each pin). The
# DKMS source tree has no tools/: there KDIR comes from dkms and no pin
# is needed.
-include $(TESTING)/qemu/kernels.conf
# KVER=6.12 (a series in kernels.conf) or KVER=<release> picks the kernel
# that make, make lint and make check build for and boot; the default is
# Debian 12's.
ifneq ($(KVER),)
override KVER := $(or $(KVER_$(subst .,_,$(KVER))),$(KVER))
REF_KVER   := $(KVER)
endif
REF_KVER   ?= $(KVER_6_1)
ifeq ($(REF_KVER),$(or $(KVER_6_12),none))
# Debian 13's kernel: headers unpacked in the cache, built with trixie's
# gcc-14 inside the debootstrap root (qemu/trixie-root.sh says why).
KROOT      := $(NVMEOF_CACHE)/kernel/$(REF_KVER)
REF_KDIR   := $(KROOT)/usr/src/linux-headers-$(REF_KVER)
KDIR       := $(REF_KDIR)
KPREP      := $(TESTING)/qemu/fetch-trixie-kernel.sh && $(TESTING)/qemu/trixie-root.sh
NVMEOF_BUILD_WRAP := $(CURDIR)/$(TESTING)/qemu/in-trixie-root.sh $(KROOT)
else
REF_KDIR   := /lib/modules/$(REF_KVER)/build
KDIR       ?= $(if $(KVER),$(REF_KDIR),$(firstword $(wildcard /lib/modules/$(shell uname -r)/build) $(REF_KDIR)))
KPREP      := true
NVMEOF_BUILD_WRAP ?=
endif
# The guest always runs the reference kernel, so tests build against it.
GUEST_KDIR ?= $(REF_KDIR)
export NVMEOF_CACHE REF_KVER GUEST_KDIR NVMEOF_BUILD_WRAP

.PHONY: all modules clean lint unit fuzz deps check check-612 check-quick check-unit \
	check-guest harness-selftest demo bench profile check-debug dkms-install install-tools help \
	clean-modules deb

all: modules

define need_kdir
	@test -f $(1)/Makefile || { \
		echo "nvmeof: no kernel build tree at $(1)." >&2; \
		echo "nvmeof: install the headers (apt-get install linux-headers-$(REF_KVER)) or pass KDIR=<path>." >&2; \
		exit 1; }
endef

modules:
	@$(KPREP)
	$(call need_kdir,$(KDIR))
	@$(NVMEOF_BUILD_WRAP) include/nvmeof/compat-probes.sh $(KDIR)
	$(NVMEOF_BUILD_WRAP) $(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean: clean-modules
	$(MAKE) -C $(TESTING)/unit clean
	$(MAKE) -C $(TESTING)/fuzz clean 2>/dev/null || true
	rm -rf $(TESTING)/out

# The kbuild objects only: what DKMS runs (dkms.conf CLEAN), where the source
# tree has no tools/.
clean-modules:
	$(NVMEOF_BUILD_WRAP) $(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true

# sparse (C=2 checks every file) and W=1; any diagnostic from our sources fails.
lint:
	@$(KPREP)
	$(call need_kdir,$(KDIR))
	@$(NVMEOF_BUILD_WRAP) include/nvmeof/compat-probes.sh $(KDIR)
	@$(NVMEOF_BUILD_WRAP) $(TESTING)/lint.sh $(KDIR)

unit:
	$(MAKE) -C $(TESTING)/unit run

fuzz:
	$(MAKE) -C $(TESTING)/fuzz run FUZZ_SECONDS=$(or $(FUZZ_SECONDS),60)

# Installs what the tests need (apt packages, the reference kernel image): idempotent.
deps:
	@$(TESTING)/qemu/install-deps.sh
	@$(TESTING)/qemu/fetch-kernel.sh

# TIER picks the suites by their "#% tiers:" line (default full): the
# second kernel's CI tier is make check KVER=6.12 TIER=interop (check-612).
check: deps
	@$(TESTING)/check.sh $(or $(TIER),full)

# Debian 13's kernel, the interop tier (Documentation/testing.md, "Two
# kernels"). GUEST_KDIR is this make's, exported for 6.1: not the child's.
check-612:
	@env -u GUEST_KDIR -u REF_KVER $(MAKE) --no-print-directory check KVER=6.12 TIER=interop

check-quick: deps
	@$(TESTING)/check.sh quick

check-unit:
	@$(TESTING)/check.sh unit

harness-selftest: deps
	@$(TESTING)/check.sh selftest

# The same suites on a KASAN/UBSAN/lockdep/kmemleak kernel built once from
# Debian's linux-source-6.1 (Documentation/debug-kernel.md).
check-debug: deps
	@$(TESTING)/debug-kernel/check-debug.sh full

demo: deps
	@$(TESTING)/demo.sh

bench: deps
	@$(TESTING)/bench/bench.sh

profile: deps
	@$(TESTING)/bench/profile.sh

# DKMS builds and installs the modules; the userspace tools go next to them.
PREFIX ?= /usr/local
dkms-install: install-tools
	dkms install $(CURDIR)

install-tools:
	install -D -m 0755 tools/nvmeof-stats $(DESTDIR)$(PREFIX)/sbin/nvmeof-stats
	install -D -m 0755 tools/nvmeof-dropin $(DESTDIR)$(PREFIX)/sbin/nvmeof-dropin
	install -D -m 0644 tools/dropin/modprobe.conf $(DESTDIR)$(PREFIX)/share/nvmeof/dropin/modprobe.conf
	install -D -m 0644 tools/dropin/tmpfiles.conf $(DESTDIR)$(PREFIX)/share/nvmeof/dropin/tmpfiles.conf

# nvmeof-dkms_<VERSION>_all.deb and nvmeof-tools_<VERSION>_all.deb with
# debhelper and dh-dkms, built in a copy under DEB_DIR so the tree stays clean.
DEB_DIR ?= $(CURDIR)/$(TESTING)/out/deb
deb:
	@tools/packaging/mkdeb.sh $(DEB_DIR)

help:
	@echo "make             build the modules against KDIR ($(KDIR))"
	@echo "make KVER=6.12   the same for Debian 13's pinned kernel (also lint, check, check-quick)"
	@echo "make check       unit tests, then every guest test (KTAP)"
	@echo "make check-quick unit tests and the quick guest tier"
	@echo "make check-612   the interop tier on Debian 13's 6.12 (make check KVER=6.12 TIER=interop)"
	@echo "make check-debug every guest test on the debug kernel (KASAN, lockdep, kmemleak)"
	@echo "make demo        export a RAM namespace and connect to it in a guest"
	@echo "make lint        sparse C=2 and W=1 over our sources"
	@echo "make fuzz        run each libFuzzer target (FUZZ_SECONDS, default 60)"
	@echo "make bench       ours vs in-tree, side by side in one guest boot"
	@echo "make profile     perf profile of the in-tree host and ours under one fio load"
	@echo "make dkms-install  modules through DKMS, plus install-tools"
	@echo "make install-tools nvmeof-stats, nvmeof-dropin into PREFIX/sbin (PREFIX=/usr/local)"
	@echo "make deb         nvmeof-dkms and nvmeof-tools .debs into DEB_DIR ($(DEB_DIR))"
