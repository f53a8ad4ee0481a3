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
 */
#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>

#include <nvmeof/stats.h>
#include "target.h"

static unsigned int page_cache_pages = 256;
module_param(page_cache_pages, uint, 0644);
MODULE_PARM_DESC(page_cache_pages,
		 "data pages each CPU keeps for the next I/O command (0 = none, default 256)");

struct tgt_page_cache {
	/*
	 * Guards pages, nr and hits: taken by this CPU, and by the shrinker
	 * from any CPU. nr is also read without it, as a hint.
	 */
	spinlock_t		lock;
	struct list_head	pages;		/* linked through page->lru */
	unsigned int		nr;
	u64			hits;		/* pages served from the cache */
	/* Per-CPU counts, bumped with this_cpu ops outside the lock. */
	u64			misses;		/* pages the allocator had to give */
	u64			in_use;		/* freed while the network still held them */
};

static DEFINE_PER_CPU(struct tgt_page_cache, tgt_pcache);
static struct shrinker *tgt_pages_shrinker;
static struct dentry *tgt_pages_debugfs;

/*
 * Fills the pages of up to @nents entries of @sg from this CPU's cache
 * under one lock round trip (a 128 KiB command has 32 pages); returns how
 * many it filled. A TCP read's pages are mostly still held by the network
 * when they are freed, so the cache is often empty: that is seen without
 * the lock.
 */
static unsigned int tgt_pages_from_cache(struct scatterlist *sg, unsigned int nents)
{
	/* Migrating after this is harmless: the lock makes any CPU's cache safe. */
	struct tgt_page_cache *pc = raw_cpu_ptr(&tgt_pcache);
	unsigned long flags;
	unsigned int i = 0;

	if (READ_ONCE(pc->nr)) {
		spin_lock_irqsave(&pc->lock, flags);
		for (; i < nents && i < pc->nr; i++) {
			struct page *page = list_first_entry(&pc->pages, struct page, lru);

			list_del(&page->lru);
			sg_assign_page(&sg[i], page);
		}
		WRITE_ONCE(pc->nr, pc->nr - i);
		pc->hits += i;
		spin_unlock_irqrestore(&pc->lock, flags);
	}
	if (i < nents)
		this_cpu_add(tgt_pcache.misses, nents - i);
	return i;
}

/*
 * Gives @nr pages on @list to this CPU's cache, up to page_cache_pages,
 * under one lock round trip; the allocator gets the rest.
 */
static void tgt_pages_to_cache(struct list_head *list, unsigned int nr, unsigned int max)
{
	struct tgt_page_cache *pc = raw_cpu_ptr(&tgt_pcache);
	unsigned long flags;

	spin_lock_irqsave(&pc->lock, flags);
	while (nr && pc->nr < max) {
		list_move(list->next, &pc->pages);
		WRITE_ONCE(pc->nr, pc->nr + 1);
		nr--;
	}
	spin_unlock_irqrestore(&pc->lock, flags);
}

static void tgt_pages_free_list(struct list_head *list)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, list, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

/* Puts @nents pages of @sg: to the cache where that is safe, else back. */
static void tgt_pages_put(struct scatterlist *sgl, unsigned int nents)
{
	unsigned int i, nr = 0, held = 0, max = READ_ONCE(page_cache_pages);
	int nid = numa_mem_id();
	struct scatterlist *sg;
	LIST_HEAD(keep);

	for_each_sg(sgl, sg, nents, i) {
		struct page *page = sg_page(sg);

		/*
		 * A page the network stack still references (a zero-copy send
		 * not yet acknowledged) could be retransmitted after the next
		 * command wrote into it: only pages held by us alone are kept.
		 * Emergency-reserve and remote-node pages go back to the
		 * allocator.
		 */
		if (page_ref_count(page) != 1) {
			held++;
			put_page(page);
		} else if (!max || page_is_pfmemalloc(page) || page_to_nid(page) != nid) {
			__free_page(page);
		} else {
			list_add(&page->lru, &keep);
			nr++;
		}
	}
	if (held)
		this_cpu_add(tgt_pcache.in_use, held);
	if (nr) {
		tgt_pages_to_cache(&keep, nr, max);
		tgt_pages_free_list(&keep);
	}
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

static unsigned long tgt_pages_count(struct shrinker *s, struct shrink_control *sc)
{
	unsigned long nr = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		nr += READ_ONCE(per_cpu_ptr(&tgt_pcache, cpu)->nr);
	return nr ?: SHRINK_EMPTY;
}

static unsigned long tgt_pages_scan(struct shrinker *s, struct shrink_control *sc)
{
	LIST_HEAD(list);
	unsigned long freed = tgt_pages_take(&list, sc->nr_to_scan);

	tgt_pages_free_list(&list);
	return freed ?: SHRINK_STOP;
}

static int tgt_pages_show(struct seq_file *m, void *unused)
{
	u64 nr = 0, hits = 0, misses = 0, in_use = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);
		unsigned long flags;

		spin_lock_irqsave(&pc->lock, flags);
		nr += pc->nr;
		hits += pc->hits;
		misses += pc->misses;
		in_use += pc->in_use;
		spin_unlock_irqrestore(&pc->lock, flags);
	}
	seq_printf(m, "cached %llu\nhits %llu\nmisses %llu\nin_use_at_free %llu\n",
		   nr, hits, misses, in_use);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(tgt_pages);

/**
 * nvmeof_tgt_pages_init() - set up the per-CPU page caches.
 *
 * Cannot fail: without a shrinker or debugfs the caches still work, bounded
 * by page_cache_pages per CPU either way.
 */
void nvmeof_tgt_pages_init(void)
{
	struct dentry *dir = nvmeof_debugfs_dir(true);
	int cpu;

	for_each_possible_cpu(cpu) {
		struct tgt_page_cache *pc = per_cpu_ptr(&tgt_pcache, cpu);

		spin_lock_init(&pc->lock);
		INIT_LIST_HEAD(&pc->pages);
	}
	tgt_pages_shrinker = nvmeof_shrinker_create("nvmeof-target-pages",
						    tgt_pages_count, tgt_pages_scan);
	if (!tgt_pages_shrinker)
		pr_warn("no shrinker for the data page cache\n");
	if (dir)
		tgt_pages_debugfs = debugfs_create_file("data_pages", 0400, dir, NULL,
							&tgt_pages_fops);
}

/* Every command is gone by now: give every cached page back. */
void nvmeof_tgt_pages_exit(void)
{
	LIST_HEAD(list);

	debugfs_remove(tgt_pages_debugfs);
	if (tgt_pages_shrinker)
		nvmeof_shrinker_destroy(tgt_pages_shrinker);
	tgt_pages_take(&list, ULONG_MAX);
	tgt_pages_free_list(&list);
}
