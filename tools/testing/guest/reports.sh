# SPDX-License-Identifier: GPL-2.0-only
# Kernel report scanning for guest/runner.sh (sourced): decides which kernel
# log reports fail a test. On the stock kernel every report counts. With
# NVMEOF_ATTRIBUTE_REPORTS=1 (the debug kernel) the log is split into report
# blocks and each block is attributed: one that names our code (nvmeof) fails
# the test, one that names only in-tree modules is shown as a
# "# known in-tree report:" diagnostic and not counted, one that names no
# module at all is counted (it may be ours; a human decides).
# Expects fd 3 to be the KTAP results port.
# shellcheck shell=bash disable=SC2034 # report_fail, leak_fail: read by runner.sh

# First lines of a kernel report.
BAD_DMESG='BUG:|WARNING:|Oops|KASAN|UBSAN|hung task|blocked for more than|refcount_t|list_del corruption|list_add corruption|kmemleak|general protection fault|Kernel panic|unable to handle|possible circular locking|inconsistent lock state|ODEBUG'
# Our code: module names nvmeof_*, symbols nvmeof_*, workqueues nvmeof-*.
OURS_RE='nvmeof'
REPORT_MAX_LINES=${REPORT_MAX_LINES:-120}
# Where modprobe records module load addresses, to name code in kmemleak
# backtraces of modules that are unloaded by the time the leak is read.
MODRANGES=${MODRANGES:-/tmp/nvmeof-logs/modranges}

# Splits a kernel log into report blocks. A block runs from a first line
# (BAD_DMESG) to its natural end: "---[ end trace" for WARN/BUG/Oops, the
# closing "====" rule for KASAN and UBSAN, "</TASK>" for lockdep, hung task
# and sleep-in-atomic reports (they print one stack and no trailer), and at
# most REPORT_MAX_LINES lines. Harness markers and the "Modules linked in:"
# line (which lists every loaded module, ours included) never attribute, nor
# do the kernel release string and NQNs.
# Prints each block as "@@ <class> <first line>" followed by its lines, where
# class is ours, intree, unattributed or info.
split_reports() { # DMESG_FILE
	awk -v start="$BAD_DMESG" -v ours="$OURS_RE" -v max="$REPORT_MAX_LINES" \
	    -v kver="$(uname -r)" '
	function strip(s) {
		sub(/^<[0-9]+>/, "", s)
		sub(/^\[[ 0-9.]+\] ?/, "", s)
		return s
	}
	# The kernel release and NQNs may contain "nvmeof" without naming code.
	function unnamed(s,   i) {
		while (kver != "" && (i = index(s, kver)) > 0)
			s = substr(s, 1, i - 1) substr(s, i + length(kver))
		gsub(/nqn\.[^ ,)]*/, "nqn", s)
		return s
	}
	function kind_of(t) {
		if (t ~ /BUG: KASAN|UBSAN:/)
			return "rule"
		if (t ~ /WARNING: CPU:|kernel BUG at|BUG: unable to handle|BUG: kernel NULL|general protection fault|Oops|Kernel panic|corruption|refcount_t|ODEBUG/)
			return "trace"
		if (t ~ /kmemleak:/)
			return "line"
		return "task"
	}
	function flush(   cls, i) {
		if (!open)
			return
		if (kind == "line")
			cls = "info"	# leaks themselves are read from debugfs at the end
		else if (text ~ ours)
			cls = "ours"
		else if (text ~ /\[[a-z0-9_]+\]/ || text ~ /nvmet|nvme|rxe|ib_core|rdma|null_blk|brd|veth|netem/)
			cls = "intree"
		else
			cls = "unattributed"
		print "@@ " cls " " first
		for (i = 1; i <= n; i++)
			print lines[i]
		open = 0
	}
	{
		t = strip($0)
		if (t ~ /^nvmeof-guest: (start|end) /)
			next
		if (!open) {
			if (t !~ start)
				next
			open = 1; n = 0; text = ""; first = t; kind = kind_of(t); saw_task = 0
		} else if (kind != "trace" && t ~ start && kind_of(t) == "trace") {
			# ODEBUG/refcount_t/list corruption message, then its WARNING.
			kind = "trace"
		}
		lines[++n] = t
		if (t !~ /^Modules linked in:/)
			text = text "\n" unnamed(t)
		if (t ~ /---\[ end trace/ || n >= max ||
		    kind == "line" ||
		    (kind == "rule" && n > 1 && t ~ /^====/) ||
		    (kind == "task" && t ~ /<\/TASK>/))
			flush()
	}
	END { flush() }' "$1"
}

# Scans one test's kernel log. Prints diagnostics to fd 3 and sets
# report_fail to the first line of the first counted report (empty: none).
scan_reports() { # DMESG_FILE WHAT
	local f=$1 what=$2
	report_fail=""
	if [ "${NVMEOF_ATTRIBUTE_REPORTS:-0}" != 1 ]; then
		grep -qE "$BAD_DMESG" "$f" || return 0
		report_fail=$(grep -m1 -E "$BAD_DMESG" "$f")
		echo "# kernel log reports during $what:" >&3
		grep -E -A 30 "$BAD_DMESG" "$f" | head -120 | sed 's/^/#   dmesg: /' >&3
		return 0
	fi
	split_reports "$f" >"$f.reports"
	[ -s "$f.reports" ] || return 0
	report_fail=$(awk '/^@@ (ours|unattributed) / {sub(/^@@ [a-z]+ /, ""); print; exit}' "$f.reports")
	awk -v what="$what" '
		/^@@ / {
			cls = $2; first = $0; sub(/^@@ [a-z]+ /, "", first)
			if (cls == "ours")
				print "# kernel log report naming our code during " what ": " first
			else if (cls == "unattributed")
				print "# kernel log report naming no module during " what " (counted): " first
			else if (cls == "intree")
				print "# known in-tree report: " first
			else
				print "# kernel log: " first
			shown = 0
			next
		}
		cls != "info" && shown++ < 80 { print "#   dmesg: " $0 }
	' "$f.reports" >&3
}

# modprobe/insmod wrappers that record the load address range of every
# module, so kmemleak backtraces of since-unloaded modules can still be
# attributed. The kernel's own module requests go through them too.
install_module_recorder() { # DIR
	local dir=$1 tool
	mkdir -p "$dir"
	for tool in modprobe insmod; do
		cat >"$dir/$tool" <<EOF
#!/bin/bash
(exec -a $tool /usr/bin/kmod "\$@")
rc=\$?
awk 'NF >= 6 {print \$1, \$6, \$2}' /proc/modules >>$MODRANGES 2>/dev/null
exit \$rc
EOF
		chmod +x "$dir/$tool"
	done
	echo "$dir/modprobe" >/proc/sys/kernel/modprobe 2>/dev/null
	true
}

# Names the module each raw address in a kmemleak backtrace belonged to,
# from the recorded load ranges: appends " [was: mod1/mod2]".
name_raw_addresses() { # KMEMLEAK_FILE
	local line addr a base size name cands r
	# kmemleak prints "[<%pK>] %pS": the first field is ____ptrval____
	# unless kptr_restrict allows it, and %pS of an address in a module
	# already gone is the bare number, which is what is looked up.
	local re='\[<[^>]*>\] 0x([0-9a-f]+)$'
	declare -A seen
	local -a rng=()
	[ -f "$MODRANGES" ] && mapfile -t rng < <(sort -u "$MODRANGES")
	while IFS= read -r line; do
		if [[ $line =~ $re ]]; then
			addr=${BASH_REMATCH[1]}
			a=$((16#$addr))
			cands=""
			seen=()
			for r in "${rng[@]}"; do
				read -r name base size <<<"$r"
				base=${base#0x}
				[[ $base =~ ^[0-9a-f]+$ ]] || continue
				base=$((16#$base))
				if [ "$a" -ge "$base" ] && [ "$a" -lt $((base + size)) ] && [ -z "${seen[$name]:-}" ]; then
					seen[$name]=1
					cands=${cands:+$cands/}$name
				fi
			done
			[ -n "$cands" ] && line="$line [was: $cands]"
		fi
		printf '%s\n' "$line"
	done <"$1"
}

# Before the first test: forget what boot itself leaves unreferenced (ACPI
# and early core allocations are classic kmemleak false positives).
kmemleak_baseline() {
	local km=/sys/kernel/debug/kmemleak
	[ "${NVMEOF_ATTRIBUTE_REPORTS:-0}" = 1 ] && [ -w "$km" ] || return 0
	echo scan >"$km" 2>/dev/null && echo clear >"$km" 2>/dev/null
	true
}

# After the last unload: two kmemleak scans, then every unreferenced object
# is attributed like a log report, by the module names in its backtrace
# (named by the recorded load ranges once the module is gone). Prints
# diagnostics to fd 3; sets leak_fail to the number of leaks naming our
# code. Leaks whose backtrace names no module at all are core kernel ones:
# shown, not counted.
scan_kmemleak() { # OUT_FILE
	local out=$1 km=/sys/kernel/debug/kmemleak
	leak_fail=0
	[ "${NVMEOF_ATTRIBUTE_REPORTS:-0}" = 1 ] && [ -w "$km" ] || return 0
	echo scan >"$km" 2>/dev/null || { echo "# kmemleak: scan failed (disabled itself?)" >&3; return 0; }
	sleep 6
	echo scan >"$km" 2>/dev/null
	cat "$km" >"$out.raw" 2>/dev/null
	name_raw_addresses "$out.raw" >"$out"
	awk -v ours="$OURS_RE" -v out="$out.class" '
	function flush() {
		if (!open) return
		if (text ~ ours) cls = "ours"
		else if (text ~ /\[[a-z0-9_]+\]|\[was: /) cls = "intree"
		else cls = "unattributed"
		print cls >> out
		print "@@ " cls " " first
		for (i = 1; i <= n; i++) print lines[i]
		open = 0
	}
	/^unreferenced object/ { flush(); open = 1; n = 0; text = ""; first = $0 }
	open { lines[++n] = $0; text = text "\n" $0 }
	END { flush() }' "$out" >"$out.reports"
	echo "# kmemleak: scanned after the unload: $(grep -c '^unreferenced object' "$out") unreferenced object(s)" >&3
	[ -s "$out.reports" ] || return 0
	leak_fail=$(grep -cx ours "$out.class")
	awk '
		/^@@ / {
			cls = $2; first = $0; sub(/^@@ [a-z]+ /, "", first)
			if (cls == "intree") print "# known in-tree report: kmemleak " first
			else if (cls == "ours") print "# kmemleak: leak naming our code: " first
			else print "# kmemleak: leak naming no module (core kernel; not counted): " first
			shown = 0; next
		}
		shown++ < 30 { print "#   kmemleak: " $0 }
	' "$out.reports" | head -400 >&3
}
