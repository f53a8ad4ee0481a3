// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-fail-nth: runs one system call with the kernel's per-task fault
 * injection armed (/proc/thread-self/fail-nth, CONFIG_FAULT_INJECTION), so
 * the Nth fault-injection point the call reaches (slab or page allocation,
 * when failslab/fail_page_alloc are configured to honour it) fails. Writing
 * a connect string to /dev/nvme-fabrics, or a configfs write, mkdir or
 * symlink, runs the driver code synchronously in this task, so stepping N
 * from 1 upwards fails each allocation of that path in turn.
 *
 * Usage: nvmeof-fail-nth N write FILE STRING
 *        nvmeof-fail-nth N mkdir DIR
 *        nvmeof-fail-nth N symlink TARGET LINKPATH
 *        nvmeof-fail-nth N io BLOCKDEV
 * N = 0 runs the call without injection and reports how many injection
 * points it passed (N is then armed with a large number and read back).
 * N = "task" marks the task make-it-fail instead, for the probability and
 * task-filter set in /sys/kernel/debug/{failslab,fail_page_alloc}: only
 * this call sees failures, not the fork and exec that started the tool.
 * "io" writes 256 KiB of a pattern to the start of BLOCKDEV with O_DIRECT,
 * reads it back and compares.
 *
 * Prints one line: "fired=<0|1> rc=<0|-errno> points=<n>" where points is
 * how many injection points the call consumed (exact when fired=0).
 * Exit status: 0 when the call succeeded, 1 when it failed, 2 on misuse or
 * when fault injection is unavailable, 3 when "io" read back other data
 * than it wrote.
 */
#define _GNU_SOURCE	/* O_DIRECT */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COUNT_ONLY	1000000
#define IO_BYTES	(256 << 10)

static int fail_nth_fd;
static bool task_mode;

static int arm(unsigned long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	return pwrite(fail_nth_fd, buf, len, 0) == len ? 0 : -1;
}

static long remaining(void)
{
	char buf[32] = "";
	ssize_t n;

	if (task_mode)
		return -1;
	n = pread(fail_nth_fd, buf, sizeof(buf) - 1, 0);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* 0, -errno on an I/O error, or 1 when the data read back differs. */
static int do_io(const char *dev, unsigned long n)
{
	unsigned char *wbuf, *rbuf;
	int fd, rc = 0;
	size_t i;

	if (posix_memalign((void **)&wbuf, 4096, IO_BYTES) ||
	    posix_memalign((void **)&rbuf, 4096, IO_BYTES))
		return -ENOMEM;
	for (i = 0; i < IO_BYTES; i++)
		wbuf[i] = (unsigned char)(i * 7 + (i >> 12) + getpid());
	fd = open(dev, O_RDWR | O_DIRECT);
	if (fd < 0)
		return -errno;
	if (arm(n))
		return -EPERM;
	if (pwrite(fd, wbuf, IO_BYTES, 0) != IO_BYTES)
		rc = -errno;
	else if (pread(fd, rbuf, IO_BYTES, 0) != IO_BYTES)
		rc = -errno;
	else if (memcmp(wbuf, rbuf, IO_BYTES))
		rc = 1;
	close(fd);
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long n, armed;
	long left;
	int rc, fd;

	if (argc < 4)
		goto usage;
	task_mode = !strcmp(argv[1], "task");
	n = task_mode ? 1 : strtoul(argv[1], NULL, 10);
	armed = n ? n : COUNT_ONLY;
	fail_nth_fd = open(task_mode ? "/proc/thread-self/make-it-fail" :
			   "/proc/thread-self/fail-nth", O_RDWR);
	if (fail_nth_fd < 0) {
		perror("fail-nth: /proc/thread-self/fail-nth or make-it-fail");
		return 2;
	}

	if (!strcmp(argv[2], "write") && argc == 5) {
		size_t len = strlen(argv[4]);

		fd = open(argv[3], O_WRONLY);
		if (fd < 0) {
			perror(argv[3]);
			return 2;
		}
		if (arm(armed))
			return 2;
		rc = write(fd, argv[4], len) == (ssize_t)len ? 0 : -errno;
		left = remaining();
		arm(0);
		close(fd);
	} else if (!strcmp(argv[2], "mkdir") && argc == 4) {
		if (arm(armed))
			return 2;
		rc = mkdir(argv[3], 0755) ? -errno : 0;
		left = remaining();
		arm(0);
	} else if (!strcmp(argv[2], "symlink") && argc == 5) {
		if (arm(armed))
			return 2;
		rc = symlink(argv[3], argv[4]) ? -errno : 0;
		left = remaining();
		arm(0);
	} else if (!strcmp(argv[2], "io") && argc == 4) {
		rc = do_io(argv[3], armed);
		left = remaining();
		arm(0);
		if (rc == 1) {
			printf("io: %s read back other data than was written\n", argv[3]);
			return 3;
		}
	} else {
		goto usage;
	}
	/* The counter stops at 0 when the fault fired; else it shows what was left. */
	printf("fired=%d rc=%d points=%ld\n", !task_mode && n && left == 0, rc,
	       left > 0 ? (long)armed - left : (long)n);
	return rc ? 1 : 0;

usage:
	fprintf(stderr, "usage: %s N|task write FILE STRING | mkdir DIR | symlink TARGET LINK | io DEV\n",
		argv[0]);
	return 2;
}
