// SPDX-License-Identifier: GPL-2.0-only
/* Per-queue statistics: allocation, the debugfs view, reset, the on/off switch. */
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/math64.h>
#include <linux/debugfs.h>
#include <linux/delay.h>

#include <nvmeof/stats.h>

#include "internal.h"

DEFINE_STATIC_KEY_TRUE(nvmeof_stats_enabled);
EXPORT_SYMBOL_GPL(nvmeof_stats_enabled);
DEFINE_STATIC_KEY_FALSE(nvmeof_stats_cycles);
EXPORT_SYMBOL_GPL(nvmeof_stats_cycles);
u32 nvmeof_stats_us_mult __read_mostly;
EXPORT_SYMBOL_GPL(nvmeof_stats_us_mult);

/* The calibration's interval: long against a counter tick, short for a modprobe. */
#define NVMEOF_STATS_CAL_MS	20

static void stats_clock_pair(u64 *cycles, u64 *ns)
{
	preempt_disable();
	*cycles = get_cycles();
	*ns = local_clock();
	preempt_enable();
}

/*
 * Measures the cycle counter against local_clock() over a short sleep and
 * switches the stamps to it when it counts at more than 1 MHz (the factor
 * then fits 32 bits); otherwise, or on an interval that makes no sense
 * (a counter that stands still, a sleep of seconds), local_clock() stays.
 */
static void nvmeof_stats_calibrate(void)
{
	u64 c0, c1, t0, t1, mult;

	stats_clock_pair(&c0, &t0);
	msleep(NVMEOF_STATS_CAL_MS);
	stats_clock_pair(&c1, &t1);
	if (c1 <= c0 || t1 <= t0 || t1 - t0 > 2 * NSEC_PER_SEC) {
		pr_info("stats: latency clock local_clock() (no usable cycle counter)\n");
		return;
	}
	/* us per cycle << 32: (t1 - t0) << 32 fits 64 bits below 4.29 s. */
	mult = div64_u64((t1 - t0) << 32, (c1 - c0) * NSEC_PER_USEC);
	if (!mult || mult > U32_MAX) {
		pr_info("stats: latency clock local_clock() (cycle counter too slow)\n");
		return;
	}
	nvmeof_stats_us_mult = mult;
	static_branch_enable(&nvmeof_stats_cycles);
	pr_info("stats: latency clock get_cycles(), %llu kHz\n",
		div64_u64((c1 - c0) * NSEC_PER_MSEC, t1 - t0));
}

static int stats_param_set(const char *val, const struct kernel_param *kp)
{
	bool on;
	int ret = kstrtobool(val, &on);

	if (ret)
		return ret;
	if (on)
		static_branch_enable(&nvmeof_stats_enabled);
	else
		static_branch_disable(&nvmeof_stats_enabled);
	return 0;
}

static int stats_param_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%c\n", static_key_enabled(&nvmeof_stats_enabled) ? 'Y' : 'N');
}

static const struct kernel_param_ops stats_param_ops = {
	.set = stats_param_set,
	.get = stats_param_get,
};
module_param_cb(stats, &stats_param_ops, NULL, 0644);
MODULE_PARM_DESC(stats, "per-queue counters and latency histograms (default Y)");

static int qstats_show(struct seq_file *m, void *v)
{
	struct nvmeof_qstats *qs = m->private;
	struct nvmeof_qstats_pcpu sum = {};
	int cpu, i;

	for_each_possible_cpu(cpu) {
		const struct nvmeof_qstats_pcpu *p = per_cpu_ptr(qs->pcpu, cpu);

		sum.submitted += p->submitted;
		sum.completed += p->completed;
		sum.errors += p->errors;
		sum.bytes_in += p->bytes_in;
		sum.bytes_out += p->bytes_out;
		for (i = 0; i < NVMEOF_LAT_BUCKETS; i++)
			sum.hist[i] += p->hist[i];
	}
	seq_printf(m, "submitted %llu\ncompleted %llu\nerrors %llu\n",
		   sum.submitted, sum.completed, sum.errors);
	seq_printf(m, "bytes_in %llu\nbytes_out %llu\n", sum.bytes_in, sum.bytes_out);
	seq_printf(m, "inflight %d\nmax_inflight %d\n",
		   atomic_read(&qs->inflight), atomic_read(&qs->max_inflight));
	/* One line, "floor_us:count" for each non-empty bucket. */
	seq_puts(m, "latency_us");
	for (i = 0; i < NVMEOF_LAT_BUCKETS; i++)
		if (sum.hist[i])
			seq_printf(m, " %llu:%llu", nvmeof_lat_bucket_floor_us(i), sum.hist[i]);
	seq_putc(m, '\n');
	return 0;
}

static int qstats_open(struct inode *inode, struct file *file)
{
	return single_open(file, qstats_show, inode->i_private);
}

/* Any write resets the counters. */
static ssize_t qstats_write(struct file *file, const char __user *buf, size_t len,
			    loff_t *ppos)
{
	struct nvmeof_qstats *qs = ((struct seq_file *)file->private_data)->private;

	nvmeof_qstats_reset(qs);
	return len;
}

static const struct file_operations qstats_fops = {
	.owner		= THIS_MODULE,
	.open		= qstats_open,
	.read		= seq_read,
	.write		= qstats_write,
	.llseek		= seq_lseek,
	.release	= single_release,
};

/**
 * nvmeof_qstats_init() - allocate a queue's counters and publish them.
 * @qs:   the statistics to set up
 * @dir:  debugfs directory of the controller (may be NULL or an error)
 * @name: file name, e.g. "q3"
 *
 * Return: 0 or -ENOMEM. A missing debugfs is not an error.
 */
int nvmeof_qstats_init(struct nvmeof_qstats *qs, struct dentry *dir, const char *name)
{
	struct nvmeof_qstats_pcpu __percpu *pcpu;

	pcpu = alloc_percpu(struct nvmeof_qstats_pcpu);
	if (!pcpu)
		return -ENOMEM;
	atomic_set(&qs->inflight, 0);
	atomic_set(&qs->max_inflight, 0);
	qs->file = NULL;
	/* Lock-free readers (nvmeof_ctrl_stats_get()) see the counters whole. */
	smp_store_release(&qs->pcpu, pcpu);
	if (!IS_ERR_OR_NULL(dir))
		qs->file = debugfs_create_file(name, 0600, dir, qs, &qstats_fops);
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_qstats_init);

/**
 * nvmeof_qstats_destroy() - unpublish and free a queue's counters.
 * @qs: statistics set up by nvmeof_qstats_init(), or zeroed
 */
void nvmeof_qstats_destroy(struct nvmeof_qstats *qs)
{
	debugfs_remove(qs->file);
	qs->file = NULL;
	free_percpu(qs->pcpu);
	qs->pcpu = NULL;
}
EXPORT_SYMBOL_GPL(nvmeof_qstats_destroy);

/**
 * nvmeof_qstats_reset() - zero the counters; in-flight commands stay counted.
 * @qs: the statistics
 */
void nvmeof_qstats_reset(struct nvmeof_qstats *qs)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(qs->pcpu, cpu), 0, sizeof(struct nvmeof_qstats_pcpu));
	atomic_set(&qs->max_inflight, atomic_read(&qs->inflight));
}
EXPORT_SYMBOL_GPL(nvmeof_qstats_reset);

static struct dentry *debugfs_root, *debugfs_side[2];

/*
 * "stats_cost": reading it times the fast path itself, start + end of
 * NVMEOF_STATS_COST_LOOPS commands on a scratch queue, with the switch as it
 * is. make bench divides the result by its CPU time per I/O, a figure far
 * steadier under emulation than an end-to-end on/off comparison.
 */
#define NVMEOF_STATS_COST_LOOPS	(1 << 16)

static int stats_cost_show(struct seq_file *m, void *v)
{
	struct nvmeof_qstats qs = {};
	u64 t0, t1, st;
	int i, ret;

	ret = nvmeof_qstats_init(&qs, NULL, NULL);
	if (ret)
		return ret;
	t0 = ktime_get_ns();
	for (i = 0; i < NVMEOF_STATS_COST_LOOPS; i++) {
		st = nvmeof_qstats_start(&qs);
		nvmeof_qstats_end(&qs, st, false, 4096, 0);
	}
	t1 = ktime_get_ns();
	nvmeof_qstats_destroy(&qs);
	seq_printf(m, "enabled %d\nloops %d\nns_per_command %llu\n",
		   static_key_enabled(&nvmeof_stats_enabled), NVMEOF_STATS_COST_LOOPS,
		   div_u64(t1 - t0, NVMEOF_STATS_COST_LOOPS));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats_cost);

/**
 * nvmeof_ctrl_stats_init() - set up a controller's per-queue statistics.
 * @cs:        the controller's statistics
 * @target:    true on the target side, false on the host side
 * @name:      the controller's debugfs directory name, unique on its side
 * @nr_queues: highest queue ID + 1 the controller may have
 *
 * Allocates only the table; each queue's counters come with
 * nvmeof_ctrl_stats_queue(). A missing debugfs is not an error.
 *
 * Return: 0 or -ENOMEM.
 */
int nvmeof_ctrl_stats_init(struct nvmeof_ctrl_stats *cs, bool target, const char *name,
			   u32 nr_queues)
{
	struct dentry *side = nvmeof_debugfs_dir(target);

	mutex_init(&cs->lock);
	cs->dir = NULL;
	cs->nr = 0;
	cs->q = kcalloc(nr_queues, sizeof(*cs->q), GFP_KERNEL);
	if (!cs->q)
		return -ENOMEM;
	cs->nr = nr_queues;
	if (side) {
		cs->dir = debugfs_create_dir(name, side);
		if (IS_ERR(cs->dir))
			cs->dir = NULL;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(nvmeof_ctrl_stats_init);

/**
 * nvmeof_ctrl_stats_queue() - the counters of queue @qid, set up on first use.
 * @cs:  the controller's statistics
 * @qid: queue ID
 *
 * Call when the queue connects (process context, may sleep). The counters
 * stay (and keep counting) across reconnects of the queue.
 *
 * Return: the queue's statistics, or NULL when @qid is out of range or
 * there was no memory (the queue then runs uncounted).
 */
struct nvmeof_qstats *nvmeof_ctrl_stats_queue(struct nvmeof_ctrl_stats *cs, u16 qid)
{
	struct nvmeof_qstats *qs;
	char name[8];

	if (qid >= cs->nr)
		return NULL;
	qs = &cs->q[qid];
	mutex_lock(&cs->lock);
	if (!qs->pcpu) {
		snprintf(name, sizeof(name), "q%u", qid);
		if (nvmeof_qstats_init(qs, cs->dir, name))
			qs = NULL;
	}
	mutex_unlock(&cs->lock);
	return qs;
}
EXPORT_SYMBOL_GPL(nvmeof_ctrl_stats_queue);

/**
 * nvmeof_ctrl_stats_destroy() - free a controller's statistics.
 * @cs: statistics set up by nvmeof_ctrl_stats_init(), or zeroed
 *
 * No command may be in flight on the controller any more.
 */
void nvmeof_ctrl_stats_destroy(struct nvmeof_ctrl_stats *cs)
{
	u32 i;

	/* Removing the directory first waits for readers of the files. */
	debugfs_remove_recursive(cs->dir);
	cs->dir = NULL;
	for (i = 0; i < cs->nr; i++) {
		cs->q[i].file = NULL;
		nvmeof_qstats_destroy(&cs->q[i]);
	}
	kfree(cs->q);
	cs->q = NULL;
	cs->nr = 0;
}
EXPORT_SYMBOL_GPL(nvmeof_ctrl_stats_destroy);

/**
 * nvmeof_debugfs_dir() - the per-side debugfs directory.
 * @target: true for the target's, false for the host's
 *
 * Return: the directory, or NULL when debugfs is unavailable.
 */
struct dentry *nvmeof_debugfs_dir(bool target)
{
	return debugfs_side[target];
}
EXPORT_SYMBOL_GPL(nvmeof_debugfs_dir);

void nvmeof_stats_init(void)
{
	nvmeof_stats_calibrate();
	debugfs_root = debugfs_create_dir("nvmeof", NULL);
	if (IS_ERR(debugfs_root)) {
		debugfs_root = NULL;
		return;
	}
	debugfs_side[0] = debugfs_create_dir("host", debugfs_root);
	debugfs_side[1] = debugfs_create_dir("target", debugfs_root);
	debugfs_create_file("stats_cost", 0400, debugfs_root, NULL, &stats_cost_fops);
}

void nvmeof_stats_exit(void)
{
	debugfs_remove(debugfs_root);
	debugfs_root = NULL;
	debugfs_side[0] = NULL;
	debugfs_side[1] = NULL;
}
