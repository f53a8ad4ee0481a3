/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel API differences, force-included into every kernel object by Kbuild.
 *
 * Each difference is one HAVE_* macro produced by a compile probe under
 * include/nvmeof/compat-probes/ (run by compat-probes.sh before every build,
 * writing compat-generated.h) and one named wrapper here that ends in
 * #error "unsupported kernel" when no probe matched. No .c file tests a
 * kernel version.
 */
#ifndef NVMEOF_COMPAT_H
#define NVMEOF_COMPAT_H

#ifdef __KERNEL__
#include "compat-generated.h"

/* t3: zero-copy page sends on a kernel socket (target and host TCP queues). */
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/uio.h>
#include <linux/bvec.h>

/*
 * Copying sends on the queues' kernel sockets, without security_socket_sendmsg():
 * the LSMs exempt sockets made by sock_create_kern() (and the ones accepted
 * from them) from their checks, so for these the hook is only a cost per
 * PDU, one that kernel_sendpage() does not pay either.
 */
static inline int nvmeof_sock_sendmsg(struct socket *sock, struct msghdr *msg)
{
	return sock->ops->sendmsg(sock, msg, msg_data_left(msg));
}

static inline int nvmeof_sock_send_kvec(struct socket *sock, struct msghdr *msg,
					struct kvec *vec, size_t len)
{
	iov_iter_kvec(&msg->msg_iter, ITER_SOURCE, vec, 1, len);
	return nvmeof_sock_sendmsg(sock, msg);
}

#if defined(HAVE_KERNEL_SENDPAGE)
/* 6.1: kernel_sendpage(); it falls back to copying pages that cannot be spliced. */
#define NVMEOF_MSG_SENDPAGE_NOTLAST	MSG_SENDPAGE_NOTLAST
static inline int nvmeof_sock_sendpage(struct socket *sock, struct page *page,
				       int offset, size_t size, int flags)
{
	return kernel_sendpage(sock, page, offset, size, flags);
}
#elif defined(HAVE_MSG_SPLICE_PAGES)
/* 6.5: kernel_sendpage() removed; sendmsg() with MSG_SPLICE_PAGES replaces it. */
#define NVMEOF_MSG_SENDPAGE_NOTLAST	0
static inline int nvmeof_sock_sendpage(struct socket *sock, struct page *page,
				       int offset, size_t size, int flags)
{
	struct msghdr msg = { .msg_flags = flags | MSG_SPLICE_PAGES };
	struct bio_vec bvec;

	bvec_set_page(&bvec, page, size, offset);
	iov_iter_bvec(&msg.msg_iter, ITER_SOURCE, &bvec, 1, size);
	return nvmeof_sock_sendmsg(sock, &msg);
}
#else
#error "unsupported kernel: neither kernel_sendpage() nor MSG_SPLICE_PAGES"
#endif

/* t4: class_create() lost its owner argument in 6.4. */
#include <linux/device.h>
#if defined(HAVE_CLASS_CREATE_OWNER)
#define nvmeof_class_create(name)	class_create(THIS_MODULE, name)
#else
#define nvmeof_class_create(name)	class_create(name)
#endif

/* t5: the open mode block_device_operations pass: fmode_t, blk_mode_t from 6.5. */
#include <linux/blkdev.h>
#if defined(HAVE_BLK_MODE_T)
typedef blk_mode_t nvmeof_blk_mode_t;
#else
typedef fmode_t nvmeof_blk_mode_t;
#endif

/* t6: shrinkers: caller-owned and named by register_shrinker() until 6.6, shrinker_alloc() from 6.7. */
#include <linux/shrinker.h>
#include <linux/slab.h>
typedef unsigned long (*nvmeof_shrink_fn)(struct shrinker *s, struct shrink_control *sc);
#if defined(HAVE_SHRINKER_ALLOC)
static inline struct shrinker *nvmeof_shrinker_create(const char *name, nvmeof_shrink_fn count,
						      nvmeof_shrink_fn scan)
{
	struct shrinker *s = shrinker_alloc(0, "%s", name);

	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	s->seeks = DEFAULT_SEEKS;
	shrinker_register(s);
	return s;
}

static inline void nvmeof_shrinker_destroy(struct shrinker *s)
{
	shrinker_free(s);
}
#elif defined(HAVE_REGISTER_SHRINKER_NAME)
static inline struct shrinker *nvmeof_shrinker_create(const char *name, nvmeof_shrink_fn count,
						      nvmeof_shrink_fn scan)
{
	struct shrinker *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	s->seeks = DEFAULT_SEEKS;
	if (register_shrinker(s, "%s", name)) {
		kfree(s);
		return NULL;
	}
	return s;
}

static inline void nvmeof_shrinker_destroy(struct shrinker *s)
{
	unregister_shrinker(s);
	kfree(s);
}
#else
#error "unsupported kernel: neither register_shrinker(s, name) nor shrinker_alloc()"
#endif

/*
 * Not an API difference but a configuration one: our own fault points use
 * the kernel's fault-injection attributes (a debugfs directory of
 * probability, interval, times ...) where it has them, as the debug kernel
 * does, and compile to nothing where it does not, as on Debian's.
 */
#if defined(CONFIG_FAULT_INJECTION_DEBUG_FS)
#include <linux/fault-inject.h>
#define NVMEOF_FAULT_ATTR(name)		static DECLARE_FAULT_ATTR(name)
#define nvmeof_should_fail(attr)	should_fail(attr, 1)
#define nvmeof_fault_debugfs(name, dir, attr) \
	fault_create_debugfs_attr(name, dir, attr)
#else
struct nvmeof_no_fault_attr { int unused; };
#define NVMEOF_FAULT_ATTR(name) \
	static struct nvmeof_no_fault_attr name __maybe_unused
#define nvmeof_should_fail(attr)	((void)(attr), false)
#define nvmeof_fault_debugfs(name, dir, attr) \
	((void)(name), (void)(dir), (void)(attr), ERR_PTR(-ENODEV))
#endif
#endif /* __KERNEL__ */

#endif /* NVMEOF_COMPAT_H */
