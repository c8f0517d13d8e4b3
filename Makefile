# SPDX-License-Identifier: GPL-2.0
#
# l2tpsec top-level Makefile.
#
#   make                 kernel/l2tpsec.ko + userspace/l2tpsec + tests/tools
#   make check           host unit tests, CLI tests, fuzz smoke, then the VM
#                        suite; KTAP, one closing "N passed, N failed" line
#   make check-full      the same with the exhaustive matrices (every
#                        algorithm, every case; L2S_FULL=1), ~1.5x as long
#   make check-debug     build (cached, out/debug-kernel/) Debian's 6.1 source
#                        with KASAN, lockdep, kmemleak, UBSAN, KFENCE,
#                        DEBUG_OBJECTS..., l2tpsec.ko against it, and run the
#                        VM suite on it; any kernel report fails its test.
#                        Not in CI: hours under TCG (scripts/debug-kernel.sh)
#   make demo            two namespaces, an ESP-protected L2TPv3 pseudowire,
#                        ping + iperf3, in a qemu VM
#   make bench           throughput/latency/memory benchmark in a qemu VM,
#                        l2tpsec vs stock xfrm+l2tp vs WireGuard
#                        (scripts/bench.sh, Documentation/performance.md)
#   make fuzz            longer fuzzing runs (FUZZ_SECONDS per harness)
#   make sparse          the module through sparse (C=2)
#   make lint            checkpatch --strict + kernel-doc on kernel/
#                        (scripts/kernel-lint.sh)
#   make install         modules_install (KDIR) + CLI and l2tpsecd in $(SBINDIR)
#   make clean
#
# Variables: KDIR (kernel build tree; default: that of the newest
# /boot/vmlinuz-V with headers, scripts/kver.sh, not `uname -r`), KVER,
# TESTS (glob on tests/vm/t_*.sh names), VM_TIMEOUT, FUZZ_SECONDS, DESTDIR,
# PREFIX. `make check` and `make demo` install missing Debian packages
# first (scripts/install-deps.sh); set NO_DEPS=1 to skip that.
#
# To build for the kernel you are running (a real gateway):
#   make KDIR=/lib/modules/$(uname -r)/build

# Lazily evaluated: `make check` installs the kernel headers before the
# recipes that need KDIR are expanded.
KVER ?= $(shell scripts/kver.sh 2>/dev/null)
KDIR ?= $(if $(KVER),/lib/modules/$(KVER)/build)

PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
DESTDIR ?=
VM_TIMEOUT ?= 4200
FUZZ_SECONDS ?= 300
TESTS ?= *
export TESTS VM_TIMEOUT

.PHONY: all module userspace tools deps check check-full check-host check-vm check-debug demo \
	bench fuzz sparse lint install clean kdir

all: module userspace tools

deps:
ifneq ($(NO_DEPS),1)
	scripts/install-deps.sh
endif

kdir:
	@[ -n "$(KDIR)" ] && [ -f "$(KDIR)/Makefile" ] || { \
		echo "l2tpsec: no kernel build tree (KDIR='$(KDIR)'): run scripts/install-deps.sh," \
		     "or pass KDIR=/lib/modules/<version>/build" >&2; exit 1; }

module: kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel modules

userspace:
	$(MAKE) -C userspace

# Helpers the VM tests run in the guest (encap-sock, pktfuzz).
tools:
	$(MAKE) -C tests/tools

# deps first, then the build, then the tests: sequential even under -j.
check:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@scripts/check.sh

# Not in CI (over its time): every algorithm of the VM matrices, every
# rekey case, 20 s fuzz smoke per harness.
check-full:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@L2S_FULL=1 VM_TIMEOUT=$(if $(filter 4200,$(VM_TIMEOUT)),6000,$(VM_TIMEOUT)) scripts/check.sh

check-host:
	@$(MAKE) --no-print-directory all
	@scripts/check.sh --host-only

check-vm:
	@$(MAKE) --no-print-directory all
	@scripts/check.sh --vm-only

# The debug kernel is built once and cached (out/debug-kernel/); the module
# against it goes to out/debug-kernel/module/, kernel/l2tpsec.ko is left
# alone. VM_TIMEOUT does not apply: DEBUG_VM_TIMEOUT (4 x 4200 s),
# TEST_TIMEOUT_SCALE (4), DEBUG_VM_MEM (3G).
check-debug:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory userspace tools
	@scripts/debug-kernel.sh check

# scripts/demo.sh installs what is missing and builds (`make all`) itself.
demo:
	@NO_DEPS=$(NO_DEPS) scripts/demo.sh

# BENCH_* knobs go through the environment (scripts/bench.sh).
bench:
	@NO_DEPS=$(NO_DEPS) scripts/bench.sh

# The smoke runs with FUZZ_SECONDS (default 300) per harness instead of 20.
fuzz:
	$(MAKE) -C userspace fuzz-smoke FUZZ_TIME=$(FUZZ_SECONDS)
	if [ -f tests/fuzz/Makefile ]; then $(MAKE) -C tests/fuzz fuzz FUZZ_TIME=$(FUZZ_SECONDS); fi

sparse: kdir
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel C=2 CHECK=sparse modules

lint:
	scripts/kernel-lint.sh

# modules_install puts l2tpsec.ko in /lib/modules/<KDIR's release>/updates;
# depmod by hand (distribution header trees have no System.map, so kbuild
# skips it), so that `modprobe l2tpsec` works. Not signed (no key here):
# set SIGN=1 to let kbuild sign with the tree's configured key.
SIGN ?= 0
install: module userspace
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kernel INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates $(if $(filter 1,$(SIGN)),,CONFIG_MODULE_SIG_ALL=) modules_install
	[ -n "$(DESTDIR)" ] || depmod -a $$(modinfo -F vermagic kernel/l2tpsec.ko | cut -d' ' -f1)
	install -D -m 0755 userspace/l2tpsec $(DESTDIR)$(SBINDIR)/l2tpsec
	install -D -m 0755 userspace/l2tpsecd $(DESTDIR)$(SBINDIR)/l2tpsecd
	install -D -m 0644 userspace/conf/l2tpsecd.conf.example \
		$(DESTDIR)$(PREFIX)/share/doc/l2tpsec/l2tpsecd.conf.example
	install -D -m 0644 userspace/conf/l2tpsecd-ikev1.conf.example \
		$(DESTDIR)$(PREFIX)/share/doc/l2tpsec/l2tpsecd-ikev1.conf.example

clean:
	-if [ -n "$(KDIR)" ] && [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR)/kernel clean; fi
	-[ ! -f userspace/Makefile ] || $(MAKE) -C userspace clean
	-[ ! -f tests/unit/Makefile ] || $(MAKE) -C tests/unit clean
	-[ ! -f tests/fuzz/Makefile ] || $(MAKE) -C tests/fuzz clean
	-[ ! -f tests/tools/Makefile ] || $(MAKE) -C tests/tools clean
	rm -rf build out
