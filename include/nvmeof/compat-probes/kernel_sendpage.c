// SPDX-License-Identifier: GPL-2.0-only
/* Probe: kernel_sendpage() exists (removed in 6.5). */
#include <linux/module.h>
#include <linux/net.h>

int probe(struct socket *sock, struct page *page);
int probe(struct socket *sock, struct page *page)
{
	return kernel_sendpage(sock, page, 0, 1, MSG_DONTWAIT | MSG_SENDPAGE_NOTLAST);
}
MODULE_LICENSE("GPL");
