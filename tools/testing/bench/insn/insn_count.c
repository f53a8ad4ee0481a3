// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-insn: a QEMU TCG plugin that counts the guest's executed
 * instructions per translation block, for make profile PROFILE_INSN=1.
 *
 * Each translated block gets a counter that QEMU bumps inline every time
 * the block runs, so a block's instructions are exact (its length times its
 * runs) and nothing in the guest is perturbed: no tracer, no sampling. The
 * guest delimits what it wants counted by running nvmeof-insn-mark, whose
 * one marker instruction (xchg %bx,%bx, a no-op nothing else executes) makes
 * the plugin append every block's runs since the previous mark to the
 * output file:
 *
 *   mark SEQ
 *   VADDR NINSNS RUNS        (hex, dec, dec; blocks that ran since SEQ-1)
 *
 * The report (insn_report.py) maps VADDR to the guest's symbols.
 *
 * Arguments: out=FILE (required).
 *
 * Written against plugin API version 1 as QEMU 7.2 (Debian 12) exports it;
 * the few declarations it needs are below, since Debian ships no
 * qemu-plugin.h. Later QEMUs changed qemu_plugin_insn_data() and the
 * inline counters: this file would need their forms there.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- the plugin API (version 1) --- */
typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
struct qemu_info_t;

enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS = 0 };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 = 0 };

typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);

#define PLUGIN_EXPORT __attribute__((visibility("default")))

PLUGIN_EXPORT int qemu_plugin_version = 1;
PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
				      int argc, char **argv);

/* --- the counters --- */

/*
 * One per distinct (start address, length): a block translated again (its
 * page was written, the cache flushed) reuses its entry. Entries never
 * move, since QEMU holds a pointer to each counter in translated code.
 */
struct block {
	uint64_t vaddr;
	uint64_t runs;		/* bumped by the translated code */
	uint64_t dumped;	/* runs at the last mark */
	uint32_t ninsns;
	struct block *next;	/* hash chain */
};

#define HASH_BITS	20
#define CHUNK		8192

static struct block *buckets[1u << HASH_BITS];
static struct block *chunk;
static size_t chunk_used = CHUNK;
/* Chunks in allocation order, for the dump: a list of their first blocks. */
static struct block **chunks;
static size_t nr_chunks;
/* Guards the hash, the chunks and the output: MTTCG translates on each vCPU thread. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;
static unsigned long marks;

static const unsigned char marker[] = { 0x66, 0x87, 0xdb };	/* xchg %bx,%bx */

static struct block *block_get(uint64_t vaddr, uint32_t ninsns)
{
	size_t h = ((vaddr >> 2) ^ (vaddr >> 22) ^ ninsns) & ((1u << HASH_BITS) - 1);
	struct block *b;

	for (b = buckets[h]; b; b = b->next)
		if (b->vaddr == vaddr && b->ninsns == ninsns)
			return b;
	if (chunk_used == CHUNK) {
		struct block **grown = realloc(chunks, (nr_chunks + 1) * sizeof(*chunks));

		if (!grown)
			return NULL;
		chunks = grown;
		chunk = calloc(CHUNK, sizeof(*chunk));
		if (!chunk)
			return NULL;
		chunks[nr_chunks++] = chunk;
		chunk_used = 0;
	}
	b = &chunk[chunk_used++];
	b->vaddr = vaddr;
	b->ninsns = ninsns;
	b->next = buckets[h];
	buckets[h] = b;
	return b;
}

static void dump(void)
{
	size_t c, i, n;

	fprintf(out, "mark %lu\n", ++marks);
	for (c = 0; c < nr_chunks; c++) {
		n = c == nr_chunks - 1 ? chunk_used : CHUNK;
		for (i = 0; i < n; i++) {
			struct block *b = &chunks[c][i];
			uint64_t runs = b->runs;

			if (runs == b->dumped)
				continue;
			fprintf(out, "%llx %u %llu\n", (unsigned long long)b->vaddr, b->ninsns,
				(unsigned long long)(runs - b->dumped));
			b->dumped = runs;
		}
	}
	fflush(out);
}

static void on_mark(unsigned int vcpu_index, void *userdata)
{
	(void)vcpu_index;
	(void)userdata;
	pthread_mutex_lock(&lock);
	dump();
	pthread_mutex_unlock(&lock);
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	struct block *b;

	(void)id;
	pthread_mutex_lock(&lock);
	b = block_get(qemu_plugin_tb_vaddr(tb), (uint32_t)n);
	pthread_mutex_unlock(&lock);
	if (b)
		qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &b->runs, 1);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);

		if (qemu_plugin_insn_size(insn) == sizeof(marker) &&
		    !memcmp(qemu_plugin_insn_data(insn), marker, sizeof(marker)))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_mark, QEMU_PLUGIN_CB_NO_REGS,
							       NULL);
	}
}

static void on_exit_qemu(qemu_plugin_id_t id, void *userdata)
{
	(void)id;
	(void)userdata;
	pthread_mutex_lock(&lock);
	fprintf(out, "exit %lu\n", marks);
	fclose(out);
	out = NULL;
	pthread_mutex_unlock(&lock);
}

PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const struct qemu_info_t *info,
				      int argc, char **argv)
{
	const char *path = NULL;
	int i;

	(void)info;
	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
	if (!path) {
		fprintf(stderr, "nvmeof-insn: out=FILE is required\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
	qemu_plugin_register_atexit_cb(id, on_exit_qemu, NULL);
	return 0;
}
