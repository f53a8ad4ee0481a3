// SPDX-License-Identifier: GPL-2.0-only
/* Probe: sendmsg() takes MSG_SPLICE_PAGES (6.5+), the successor of sendpage. */
#include <linux/module.h>
#include <linux/socket.h>
#include <linux/bvec.h>

int probe(struct bio_vec *bv, struct page *page);
int probe(struct bio_vec *bv, struct page *page)
{
	bvec_set_page(bv, page, 1, 0);
	return MSG_SPLICE_PAGES;
}
MODULE_LICENSE("GPL");
