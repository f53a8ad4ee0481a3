// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command data pages: a small per-CPU cache of pages in front of the page
 * allocator, and the scatterlists built from them.
 *
 * Why a cache: with init_on_alloc (Debian's default) the allocator zeroes
 * every page it hands out, and an I/O command's data pages are overwritten
 * in full before anyone reads them: a write receives all of its data before
 * it executes, and a read sends only what the backend filled, and only when
 * the backend succeeded. Zeroing them again for each command is memory
 * bandwidth spent for nothing (and, under emulation, the largest single
 * cost of a small command after the context switches). The pages of a
 * finished read or write go to the cache of the CPU that frees them and
 * serve the next command there. Commands whose data the target builds
 * itself (admin and anything else) keep getting zeroed pages from the
 * allocator, so a partly filled buffer can never show another command's
 * data.
 *
 * A page a zero-copy send still references when its command ends (over
 * TCP, nearly every read's page: its segments are not yet acknowledged)
 * must not be written again while TCP may retransmit it. Such a page is
 * parked, with our reference, until the network has dropped all of its
 * own (its count is back to 1), and only then serves another command.
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <nvmeof/stats.h>
#include "target.h"

static unsigned int page_cache_pages = 256;
module_param(page_cache_pages, uint, 0644);
MODULE_PARM_DESC(page_cache_pages,
		 "data pages each CPU keeps for the next I/O command (0 = none, default 256)");

/* Parked pages per CPU, at most (they count against page_cache_pages too). */
#define TGT_HELD_MAX	512

struct tgt_page_cache {
	/*
	 * Guards pages, nr, hits and the held ring: taken by this CPU, and by
	 * the shrinker from any CPU. nr and nr_held are also read without it,
	 * as hints.
	 */
	spinlock_t		lock;
	struct list_head	pages;		/* linked through page->lru */
	unsigned int		nr;
	u64			hits;		/* pages served from the cache */
	/*
	 * Pages the network still referenced at free, oldest first, in a ring
	 * (not through page->lru: the page is not ours alone); NULL when its
	 * allocation failed, and pages are then not parked.
	 */
	struct page		**held;
	unsigned int		held_first;
	unsigned int		nr_held;
	u64			released;	/* of hits: parked pages the network let go */
	/* Per-CPU counts, bumped with this_cpu ops outside the lock. */
	u64			misses;		/* pages the allocator had to give */
	u64			in_use;		/* freed while the network still held them */
};

static DEFINE_PER_CPU(struct tgt_page_cache, tgt_pcache);
static struct shrinker *tgt_pages_shrinker;
static struct dentry *tgt_pages_debugfs;

static void __tgt_held_push(struct tgt_page_cache *pc, struct page *page)
{
	lockdep_assert_held(&pc->lock);
	pc->held[(pc->held_first + pc->nr_held) % TGT_HELD_MAX] = page;
	WRITE_ONCE(pc->nr_held, pc->nr_held + 1);
}

static struct page *__tgt_held_pop(struct tgt_page_cache *pc)
{
	struct page *page = pc->held[pc->held_first];

	lockdep_assert_held(&pc->lock);
	pc->held_first = (pc->held_first + 1) % TGT_HELD_MAX;
	WRITE_ONCE(pc->nr_held, pc->nr_held - 1);
	return page;
}

/*
 * Fills the pages of up to @nents entries of @sg from this CPU's cache
 * under one lock round trip (a 128 KiB command has 32 pages); returns how
 * many it filled: cached pages first, then parked pages the network has
 * let go of, oldest first (segments are acknowledged in order, so the
 * first one still referenced ends the search).
 */
static unsigned int tgt_pages_from_cache(struct scatterlist *sg, unsigned int nents)
{
	/* Migrating after this is harmless: the lock makes any CPU's cache safe. */
	struct tgt_page_cache *pc = raw_cpu_ptr(&tgt_pcache);
	unsigned int i = 0, cached;
	unsigned long flags;

	if (READ_ONCE(pc->nr) || READ_ONCE(pc->nr_held)) {
		spin_lock_irqsave(&pc->lock, flags);
		for (; i < nents && i < pc->nr; i++) {
			struct page *page = list_first_entry(&pc->pages, struct page, lru);

			list_del(&page->lru);
			sg_assign_page(&sg[i], page);
		}
		WRITE_ONCE(pc->nr, pc->nr - i);
		cached = i;
		for (; i < nents && pc->nr_held; i++) {
			if (page_ref_count(pc->held[pc->held_first]) != 1)
				break;
			sg_assign_page(&sg[i], __tgt_held_pop(pc));
		}
		/*
		 * The network's last put of each page taken was ordered after
		 * its last read of the data; the backend's writes into the page
		 * must come after our read of the count that showed it.
		 */
		if (i > cached)
			smp_acquire__after_ctrl_dep();
		pc->released += i - cached;
		pc->hits += i;
		spin_unlock_irqrestore(&pc->lock, flags);
	}
	if (i < nents)
		this_cpu_add(tgt_pcache.misses, nents - i);
	return i;
}

static void tgt_pages_free_list(struct list_head *list)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, list, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

/*
 * Puts @nents pages of @sg under one lock round trip: to this CPU's cache
 * if we hold the only reference, parked if the network holds others, up
 * to page_cache_pages together; the rest go back to the allocator.
 */
static void tgt_pages_put(struct scatterlist *sgl, unsigned int nents)
{
	unsigned int i, held = 0, max = READ_ONCE(page_cache_pages);
	struct tgt_page_cache *pc = raw_cpu_ptr(&tgt_pcache);
	int nid = numa_mem_id();
	struct scatterlist *sg;
	unsigned long flags;
	LIST_HEAD(spare);

	spin_lock_irqsave(&pc->lock, flags);
	for_each_sg(sgl, sg, nents, i) {
		struct page *page = sg_page(sg);
		/*
		 * A page the network stack still references (a zero-copy send
		 * not yet acknowledged) could be retransmitted after the next
		 * command wrote into it: it is parked, not cached.
		 */
		bool busy = page_ref_count(page) != 1;

		held += busy;
		/* Emergency-reserve and remote-node pages go back to the allocator. */
		if (page_is_pfmemalloc(page) || page_to_nid(page) != nid ||
		    pc->nr + pc->nr_held >= max ||
		    (busy && (!pc->held || pc->nr_held == TGT_HELD_MAX))) {
			/* Either frees it or leaves it to the network's last put. */
			if (busy)
				put_page(page);
			else
				list_add(&page->lru, &spare);
		} else if (busy) {
			__tgt_held_push(pc, page);
		} else {
			list_add(&page->lru, &pc->pages);
			WRITE_ONCE(pc->nr, pc->nr + 1);
		}
	}
	spin_unlock_irqrestore(&pc->lock, flags);
	if (held)
		this_cpu_add(tgt_pcache.in_use, held);
	tgt_pages_free_list(&spare);
}

/* Read and write data is overwritten in full before it is read; anything else is not. */
static bool tgt_req_may_reuse(const struct nvmeof_tgt_req *req)
{
	return req->sq->qid &&
	       (nvmeof_tgt_req_is_write(req) || req->cmd->opcode == NVMEOF_CMD_READ);
}

/**
 * nvmeof_tgt_req_alloc_sgl() - allocate pages for @req->transfer_len bytes.
 * @req: the command
 *
 * Return: 0 (also when there is no data) or -ENOMEM.
 */
int nvmeof_tgt_req_alloc_sgl(struct nvmeof_tgt_req *req)
{
	u32 left = req->transfer_len;
	unsigned int i, nents = DIV_ROUND_UP(left, PAGE_SIZE);
	bool reuse = tgt_req_may_reuse(req);
	/* Pages not overwritten in full must not show what was there before. */
	gfp_t gfp = reuse ? GFP_KERNEL : GFP_KERNEL | __GFP_ZERO;
	unsigned int cached;
	struct scatterlist *sg;

	if (!left)
		return 0;
	if (nents <= ARRAY_SIZE(req->sg_inline))
		sg = req->sg_inline;
	else
		sg = kmalloc_array(nents, sizeof(*sg), GFP_KERNEL);
	if (unlikely(!sg))
		return -ENOMEM;
	sg_init_table(sg, nents);
	cached = reuse ? tgt_pages_from_cache(sg, nents) : 0;
	for (i = 0; i < nents; i++) {
		struct page *page = i < cached ? sg_page(&sg[i]) : alloc_page(gfp);
		u32 len = min_t(u32, left, PAGE_SIZE);

		if (unlikely(!page))
			goto out_free_pages;
		sg_set_page(&sg[i], page, len, 0);
		left -= len;
	}
	req->sg = sg;
	req->sg_cnt = nents;
	return 0;

out_free_pages:
	/* Entries [0, i) hold pages; the cached ones are among them. */
	if (i)
		tgt_pages_put(sg, i);
	if (sg != req->sg_inline)
		kfree(sg);
	return -ENOMEM;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_req_alloc_sgl);

/**
 * nvmeof_tgt_req_free_sgl() - free what nvmeof_tgt_req_alloc_sgl() allocated.
 * @req: the command
 */
void nvmeof_tgt_req_free_sgl(struct nvmeof_tgt_req *req)
{
	if (!req->sg)
		return;
	tgt_pages_put(req->sg, req->sg_cnt);
	if (req->sg != req->sg_inline)
		kfree(req->sg);
	req->sg = NULL;
	req->sg_cnt = 0;
}
EXPORT_SYMBOL_GPL(nvmeof_tgt_req_free_sgl);

/* Move up to @max cached pages of every CPU onto @list; returns how many. */
static unsigned long tgt_pages_take(struct list_head *list, unsigned long max)
{
	unsigned long taken = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);
		unsigned long flags;

		spin_lock_irqsave(&pc->lock, flags);
		while (pc->nr && taken < max) {
			list_move(pc->pages.next, list);
			WRITE_ONCE(pc->nr, pc->nr - 1);
			taken++;
		}
		spin_unlock_irqrestore(&pc->lock, flags);
	}
	return taken;
}

/*
 * Drops our reference to up to @max parked pages of every CPU (the network
 * frees those it still holds); returns how many. One page per lock round
 * trip: the put stays outside the lock.
 */
static unsigned long tgt_pages_unpark(unsigned long max)
{
	unsigned long dropped = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);

		while (dropped < max) {
			struct page *page = NULL;
			unsigned long flags;

			spin_lock_irqsave(&pc->lock, flags);
			if (pc->nr_held)
				page = __tgt_held_pop(pc);
			spin_unlock_irqrestore(&pc->lock, flags);
			if (!page)
				break;
			put_page(page);
			dropped++;
		}
	}
	return dropped;
}

static unsigned long tgt_pages_count(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long nr = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);

		nr += READ_ONCE(pc->nr) + READ_ONCE(pc->nr_held);
	}
	return nr ?: SHRINK_EMPTY;
}

static unsigned long tgt_pages_scan(struct shrinker *s, struct shrink_control *sc)
{
	LIST_HEAD(list);
	unsigned long freed = tgt_pages_take(&list, sc->nr_to_scan);

	tgt_pages_free_list(&list);
	if (freed < sc->nr_to_scan)
		freed += tgt_pages_unpark(sc->nr_to_scan - freed);
	return freed ?: SHRINK_STOP;
}

static int tgt_pages_show(struct seq_file *m, void *unused)
{
	u64 nr = 0, nr_held = 0, hits = 0, released = 0, misses = 0, in_use = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);
		unsigned long flags;

		spin_lock_irqsave(&pc->lock, flags);
		nr += pc->nr;
		nr_held += pc->nr_held;
		hits += pc->hits;
		released += pc->released;
		misses += pc->misses;
		in_use += pc->in_use;
		spin_unlock_irqrestore(&pc->lock, flags);
	}
	seq_printf(m, "cached %llu\nheld %llu\nhits %llu\nreleased %llu\nmisses %llu\nin_use_at_free %llu\n",
		   nr, nr_held, hits, released, misses, in_use);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tgt_pages);

/**
 * nvmeof_tgt_pages_init() - set up the per-CPU page caches.
 *
 * Cannot fail: without a shrinker or debugfs the caches still work, bounded
 * by page_cache_pages per CPU either way, and a CPU without its ring of
 * parked pages gives pages the network still holds back at once.
 */
void nvmeof_tgt_pages_init(void)
{
	struct dentry *dir = nvmeof_debugfs_dir(true);
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);

		spin_lock_init(&pc->lock);
		INIT_LIST_HEAD(&pc->pages);
		pc->held = kcalloc_node(TGT_HELD_MAX, sizeof(*pc->held), GFP_KERNEL,
					cpu_to_node(cpu));
	}
	tgt_pages_shrinker = nvmeof_shrinker_create("nvmeof-target-pages",
						    tgt_pages_count, tgt_pages_scan);
	if (!tgt_pages_shrinker)
		pr_warn("no shrinker for the data page cache\n");
	if (dir)
		tgt_pages_debugfs = debugfs_create_file("data_pages", 0400, dir, NULL,
							&tgt_pages_fops);
}

/* Every command is gone by now: give every cached and parked page back. */
void nvmeof_tgt_pages_exit(void)
{
	LIST_HEAD(list);
	int cpu;

	debugfs_remove(tgt_pages_debugfs);
	if (tgt_pages_shrinker)
		nvmeof_shrinker_destroy(tgt_pages_shrinker);
	tgt_pages_take(&list, ULONG_MAX);
	tgt_pages_free_list(&list);
	tgt_pages_unpark(ULONG_MAX);
	for_each_possible_cpu(cpu)
		kfree(per_cpu_ptr(&tgt_pcache, cpu)->held);
}
