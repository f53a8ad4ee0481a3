// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-dio-align: O_DIRECT I/O from buffers that are 4-byte aligned but
 * not sector aligned, as the in-tree NVMe host accepts (its queues'
 * dma_alignment is 3). Each case writes a pattern from a buffer at an odd
 * dword offset, reads it back into another such buffer and compares:
 * single buffers of one block to 256 KiB (crossing many pages at an
 * offset), and vectors whose pieces start and end inside pages (gaps the
 * block layer splits for an RDMA host, never for TCP). Last, a buffer
 * that is not even dword aligned must be refused with EINVAL, not sent.
 *
 * Usage: nvmeof-dio-align BLOCKDEV   (its first 4 MiB are overwritten)
 * Exit status: 0 when every case held, 1 otherwise, 2 on misuse.
 */
#define _GNU_SOURCE	/* O_DIRECT */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "check.h"

#define AREA	(4u << 20)
#define PAGE	4096u

static unsigned char *area_w, *area_r;

static void fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 9));
}

/* One buffer of LEN bytes at dword offset OFF of a page, at disk offset POS. */
static void single(int fd, size_t off, size_t len, off_t pos, unsigned int seed)
{
	unsigned char *w = area_w + off, *r = area_r + off + 8;
	ssize_t n;

	fill(w, len, seed);
	memset(r, 0xa5, len);
	n = pwrite(fd, w, len, pos);
	check(n == (ssize_t)len, "pwrite %zu bytes from page offset %zu at %lld: %zd (%s)",
	      len, off, (long long)pos, n, n < 0 ? strerror(errno) : "short");
	n = pread(fd, r, len, pos);
	check(n == (ssize_t)len, "pread %zu bytes to page offset %zu at %lld: %zd (%s)",
	      len, off + 8, (long long)pos, n, n < 0 ? strerror(errno) : "short");
	check(!memcmp(w, r, len), "data read back differs: %zu bytes, page offset %zu",
	      len, off);
}

/*
 * Pieces of whole blocks (the block layer insists on that for each piece)
 * that start and end inside pages, each in pages of its own: an SGL with
 * gaps, which an RDMA host's virt boundary splits into several commands.
 */
static void vector(int fd, off_t pos, unsigned int seed)
{
	static const size_t lens[] = { 512, 1536, 2048, 512, 3584, 4096 };
	struct iovec wv[6], rv[6];
	size_t total = 0, i, done;
	ssize_t n;

	for (i = 0; i < 6; i++) {
		wv[i].iov_base = area_w + i * 2 * PAGE + 4 + 4 * i;
		rv[i].iov_base = area_r + i * 2 * PAGE + 12 + 4 * i;
		wv[i].iov_len = rv[i].iov_len = lens[i];
		fill(wv[i].iov_base, lens[i], seed + i);
		memset(rv[i].iov_base, 0x5a, lens[i]);
		total += lens[i];
	}
	n = pwritev(fd, wv, 6, pos);
	check(n == (ssize_t)total, "pwritev of %zu bytes in 6 pieces: %zd (%s)", total, n,
	      n < 0 ? strerror(errno) : "short");
	n = preadv(fd, rv, 6, pos);
	check(n == (ssize_t)total, "preadv of %zu bytes in 6 pieces: %zd (%s)", total, n,
	      n < 0 ? strerror(errno) : "short");
	for (i = 0, done = 0; i < 6; done += lens[i], i++)
		check(!memcmp(wv[i].iov_base, rv[i].iov_base, lens[i]),
		      "piece %zu (%zu bytes at byte %zu) read back differs", i, lens[i], done);
}

int main(int argc, char **argv)
{
	static const size_t lens[] = { 512, 4096, 8192, 65536, 262144 };
	static const size_t offs[] = { 4, 8, 260, 2048 + 4, 4092 };
	unsigned int seed = 1;
	off_t pos = 0;
	size_t i, j;
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: %s BLOCKDEV\n", argv[0]);
		return 2;
	}
	fd = open(argv[1], O_RDWR | O_DIRECT);
	if (fd < 0) {
		perror(argv[1]);
		return 2;
	}
	if (posix_memalign((void **)&area_w, PAGE, AREA) ||
	    posix_memalign((void **)&area_r, PAGE, AREA)) {
		fprintf(stderr, "no memory\n");
		return 2;
	}

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		for (j = 0; j < sizeof(offs) / sizeof(offs[0]); j++) {
			single(fd, offs[j], lens[i], pos, seed++);
			pos += 512 * 1024;
			pos %= AREA;
		}
	vector(fd, 1 << 20, seed++);
	vector(fd, (1 << 20) + 3 * 512, seed++);

	/* Not dword aligned: refused before anything is sent. */
	n = pread(fd, area_r + 2, 4096, 0);
	check(n < 0 && errno == EINVAL, "pread from a 2-byte aligned buffer: %zd (%s), want EINVAL",
	      n, n < 0 ? strerror(errno) : "accepted");
	close(fd);
	return check_done("nvmeof-dio-align");
}
