# SPDX-License-Identifier: GPL-2.0-only
# The benchmark workloads, shared by make bench's guest scripts
# (tests/bench_run.sh, tests/bench_split_host.sh): fio arguments by name.
wl_args() {
	case $1 in
	rr4k_qd1) echo "--rw=randread --bs=4k --iodepth=1" ;;
	rr4k_qd32) echo "--rw=randread --bs=4k --iodepth=32" ;;
	rw4k_qd32) echo "--rw=randwrite --bs=4k --iodepth=32" ;;
	sr128k_qd8) echo "--rw=read --bs=128k --iodepth=8" ;;
	esac
}
