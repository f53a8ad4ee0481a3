/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-queue counters and latency histograms, shared by host and target:
 * commands submitted/completed/errored, bytes in/out, in-flight now and
 * maximum, and a log2 histogram of service time. Read under
 * /sys/kernel/debug/nvmeof/<side>/<controller>/<queue>; a write resets.
 *
 * The fast path costs a few per-CPU increments, two atomics and two clock
 * reads; the whole thing
 * is behind a static key (nvmeof_core.stats=0 turns it off) so make bench can
 * measure its price.
 *
 * The clock is the CPU's cycle counter (get_cycles(), a TSC read on x86)
 * when nvmeof-core found at load that it counts, scaled to microseconds
 * once per command with a factor measured then against local_clock();
 * else local_clock() itself. Both are per-CPU reads, where ktime_get_ns()
 * goes through the clocksource (in many virtual machines an emulated HPET,
 * a trap per read); the raw counter saves local_clock()'s ~45 instructions
 * of scaling and wrapping per read. A command may end on another CPU than
 * it started on; the CPUs' counters can differ by a few microseconds,
 * which a log2 histogram does not see, and a negative difference counts
 * as zero.
 */
#ifndef NVMEOF_STATS_H
#define NVMEOF_STATS_H

#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/jump_label.h>
#include <linux/sched/clock.h>
#include <linux/timex.h>
#include <linux/math64.h>
#include <linux/debugfs.h>
#include <linux/mutex.h>

#include <nvmeof/lat_hist.h>

struct nvmeof_qstats_pcpu {
	u64	submitted;
	u64	completed;
	u64	errors;
	u64	bytes_in;	/* host to controller */
	u64	bytes_out;	/* controller to host */
	u64	hist[NVMEOF_LAT_BUCKETS];
};

/**
 * struct nvmeof_qstats - statistics of one queue.
 * @pcpu:         per-CPU counters, summed when read
 * @inflight:     commands started and not yet ended
 * @max_inflight: high-water mark of @inflight since the last reset
 * @file:         the debugfs file, or NULL
 */
struct nvmeof_qstats {
	struct nvmeof_qstats_pcpu __percpu *pcpu;
	atomic_t	inflight;
	atomic_t	max_inflight;
	struct dentry	*file;
};

DECLARE_STATIC_KEY_TRUE(nvmeof_stats_enabled);

/*
 * Set once at nvmeof-core's load, before any queue is counted, and never
 * after: a stamp is always read and ended with the same clock.
 */
DECLARE_STATIC_KEY_FALSE(nvmeof_stats_cycles);
/* Microseconds per cycle, times 2^32 (nvmeof_stats_calibrate()). */
extern u32 nvmeof_stats_us_mult;

static __always_inline u64 nvmeof_stats_now(void)
{
	if (static_branch_likely(&nvmeof_stats_cycles))
		return get_cycles();
	return local_clock();
}

/* Microseconds from @start to @now, both nvmeof_stats_now(). */
static __always_inline u64 nvmeof_stats_us(u64 start, u64 now)
{
	if (now <= start)
		return 0;
	if (static_branch_likely(&nvmeof_stats_cycles))
		return mul_u64_u32_shr(now - start, nvmeof_stats_us_mult, 32);
	return div_u64(now - start, NSEC_PER_USEC);
}

/* A command was accepted on the queue; returns the start timestamp. */
static inline u64 nvmeof_qstats_start(struct nvmeof_qstats *qs)
{
	int n, old;

	if (!static_branch_likely(&nvmeof_stats_enabled) || !qs->pcpu)
		return 0;
	this_cpu_inc(qs->pcpu->submitted);
	n = atomic_inc_return(&qs->inflight);
	old = atomic_read(&qs->max_inflight);
	while (n > old && !atomic_try_cmpxchg(&qs->max_inflight, &old, n))
		;
	/* 0 means "not counted". */
	return nvmeof_stats_now() ?: 1;
}

/* The command stamped @start (nvmeof_qstats_start()) ended; @error if it failed. */
static inline void nvmeof_qstats_end(struct nvmeof_qstats *qs, u64 start, bool error,
				     u32 bytes_in, u32 bytes_out)
{
	u64 now;

	if (!start || !qs->pcpu)
		return;
	now = nvmeof_stats_now();
	this_cpu_inc(qs->pcpu->completed);
	if (error)
		this_cpu_inc(qs->pcpu->errors);
	this_cpu_add(qs->pcpu->bytes_in, bytes_in);
	this_cpu_add(qs->pcpu->bytes_out, bytes_out);
	this_cpu_inc(qs->pcpu->hist[nvmeof_lat_bucket_us(nvmeof_stats_us(start, now))]);
	atomic_dec(&qs->inflight);
}

/*
 * The counters of one command: which queue's statistics it is counted in and
 * when it started (0: not counted, e.g. started while stats were off).
 * Transports keep one of these per command (in their request structure).
 */
struct nvmeof_qstats_stamp {
	struct nvmeof_qstats	*qs;
	u64			start;	/* nvmeof_stats_now() at the start */
};

static inline void nvmeof_qstats_stamp_start(struct nvmeof_qstats_stamp *st,
					     struct nvmeof_qstats *qs)
{
	st->qs = qs;
	st->start = qs ? nvmeof_qstats_start(qs) : 0;
}

/* Ends the command once; a second call (or one never started) does nothing. */
static inline void nvmeof_qstats_stamp_end(struct nvmeof_qstats_stamp *st, bool error,
					   u32 bytes_in, u32 bytes_out)
{
	if (!st->start)
		return;
	nvmeof_qstats_end(st->qs, st->start, error, bytes_in, bytes_out);
	st->start = 0;
}

/**
 * struct nvmeof_ctrl_stats - the per-queue statistics of one controller.
 * @dir: /sys/kernel/debug/nvmeof/<host|target>/<name>, or NULL
 * @q:   one entry per possible queue ID; an entry's counters are allocated
 *       when the queue first connects and kept until the controller goes,
 *       so they survive a reconnect of the queue
 * @nr:  entries in @q
 * @lock: guards allocation of entries in @q
 */
struct nvmeof_ctrl_stats {
	struct dentry		*dir;
	struct nvmeof_qstats	*q;
	u32			nr;
	struct mutex		lock;
};

int nvmeof_ctrl_stats_init(struct nvmeof_ctrl_stats *cs, bool target, const char *name,
			   u32 nr_queues);
struct nvmeof_qstats *nvmeof_ctrl_stats_queue(struct nvmeof_ctrl_stats *cs, u16 qid);
void nvmeof_ctrl_stats_destroy(struct nvmeof_ctrl_stats *cs);

/* Lookup on the fast path: the queue's statistics, or NULL if not set up. */
static inline struct nvmeof_qstats *nvmeof_ctrl_stats_get(struct nvmeof_ctrl_stats *cs,
							  u16 qid)
{
	if (unlikely(qid >= cs->nr) || !smp_load_acquire(&cs->q[qid].pcpu))
		return NULL;
	return &cs->q[qid];
}

int nvmeof_qstats_init(struct nvmeof_qstats *qs, struct dentry *dir, const char *name);
void nvmeof_qstats_destroy(struct nvmeof_qstats *qs);
void nvmeof_qstats_reset(struct nvmeof_qstats *qs);
/* /sys/kernel/debug/nvmeof/host and .../target; NULL without debugfs. */
struct dentry *nvmeof_debugfs_dir(bool target);

#endif /* NVMEOF_STATS_H */
