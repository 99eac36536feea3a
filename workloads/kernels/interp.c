// SPDX-License-Identifier: MIT
/*
 * Bytecode interpreter whose VM state (registers, pc) and data live in guest
 * memory, as in an interpreter compiled for x86: every VM instruction fetches
 * from the code, reads and writes VM registers and stores the new pc.
 */
#include "common.h"

enum { OP_HALT, OP_LI, OP_ADD, OP_XOR, OP_MUL, OP_SHR, OP_LD, OP_ST, OP_DJNZ, OP_ADDI };

#define VM_REGS 8
#define VM_PC (8 * VM_REGS) /* offset of pc in the VM state */
#define VM_STATE (VM_PC + 8)
#define VM_DATA 1024 /* 64-bit words of data memory */

/* The program: a hashing loop over the data memory, r0 iterations. */
static const uint8_t interp_code[] = {
	OP_LI,   4, 0x37, 0x9e, /* r4 = 0x9e37 */
	OP_LI,   2, 0,    0,    /* r2 = 0 */
	OP_LD,   1, 2,    0,    /* loop: r1 = data[r2] */
	OP_MUL,  3, 1,    4,    /* r3 = r1 * r4 */
	OP_XOR,  5, 5,    3,    /* r5 ^= r3 */
	OP_SHR,  6, 5,    7,    /* r6 = r5 >> 7 */
	OP_ADD,  5, 5,    6,    /* r5 += r6 */
	OP_ST,   5, 2,    0,    /* data[r2] = r5 */
	OP_ADDI, 2, 2,    13,   /* r2 += 13 */
	OP_DJNZ, 0, 8,    0,    /* if (--r0) goto loop */
	OP_HALT, 0, 0,    0,
};

struct interp {
	uint8_t *vm;   /* guest: registers and pc */
	uint8_t *code; /* guest: the bytecode */
	uint64_t *data; /* guest: data memory */
	size_t iters;
	uint64_t expected;
};

static uint64_t interp_data_init(size_t i)
{
	return i * 0x9e3779b97f4a7c15ULL + 1;
}

static uint64_t interp_ref(const struct interp *k)
{
	uint64_t r[VM_REGS] = {k->iters}, data[VM_DATA], pc = 0, h = 0;

	for (size_t i = 0; i < VM_DATA; i++)
		data[i] = interp_data_init(i);
	for (;;) {
		const uint8_t *in = interp_code + pc;
		uint8_t a = in[1], b = in[2], c = in[3];

		pc += 4;
		switch (in[0]) {
		case OP_LI: r[a & 7] = (uint64_t)b | (uint64_t)c << 8; break;
		case OP_ADD: r[a & 7] = r[b & 7] + r[c & 7]; break;
		case OP_XOR: r[a & 7] = r[b & 7] ^ r[c & 7]; break;
		case OP_MUL: r[a & 7] = r[b & 7] * r[c & 7]; break;
		case OP_SHR: r[a & 7] = r[b & 7] >> (c & 63); break;
		case OP_LD: r[a & 7] = data[r[b & 7] & (VM_DATA - 1)]; break;
		case OP_ST: data[r[b & 7] & (VM_DATA - 1)] = r[a & 7]; break;
		case OP_ADDI: r[a & 7] = r[b & 7] + c; break;
		case OP_DJNZ:
			if (--r[a & 7])
				pc = b;
			break;
		default:
			goto out;
		}
	}
out:
	for (int i = 0; i < VM_REGS; i++)
		h = tsob_mix(h, r[i]);
	return tsob_mix(tsob_mix(h, pc), tsob_hash_bytes(data, sizeof(data)));
}

static void interp_destroy(void *state)
{
	struct interp *k = state;

	if (!k)
		return;
	free(k->vm);
	free(k->code);
	free(k->data);
	free(k);
}

static void interp_reset(void *state)
{
	struct interp *k = state;

	memset(k->vm, 0, VM_STATE);
	memcpy(k->vm, &k->iters, 8); /* r0: the iteration count */
	for (size_t i = 0; i < VM_DATA; i++)
		k->data[i] = interp_data_init(i);
}

static void *interp_create(const struct tsob_kconf *conf)
{
	struct interp *k;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->iters = conf->size;
	k->vm = tsob_galloc(VM_STATE);
	k->code = tsob_galloc(sizeof(interp_code));
	k->data = tsob_galloc(VM_DATA * 8);
	if (!k->vm || !k->code || !k->data) {
		interp_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	memcpy(k->code, interp_code, sizeof(interp_code));
	k->expected = interp_ref(k);
	interp_reset(k);
	return k;
}

static void interp_run(void *state, unsigned tid)
{
	struct interp *k = state;
	uint8_t *vm = k->vm;
	const uint8_t *code = k->code;
	uint64_t *data = k->data;

	for (;;) {
		uint64_t pc = TSOB_LD64(vm, VM_PC);
		const uint8_t *in = code + pc;
		uint32_t op = TSOB_LD8(in, 0), a = TSOB_LD8(in, 1) & 7;
		uint32_t b = TSOB_LD8(in, 2), c = TSOB_LD8(in, 3);
		uint8_t *ra = vm + 8 * a, *rb = vm + 8 * (b & 7), *rc = vm + 8 * (c & 7);

		TSOB_ST64(vm, VM_PC, pc + 4);
		switch (op) {
		case OP_LI:
			TSOB_ST64(ra, 0, (uint64_t)b | (uint64_t)c << 8);
			break;
		case OP_ADD:
			TSOB_ST64(ra, 0, TSOB_LD64(rb, 0) + TSOB_LD64(rc, 0));
			break;
		case OP_XOR:
			TSOB_ST64(ra, 0, TSOB_LD64(rb, 0) ^ TSOB_LD64(rc, 0));
			break;
		case OP_MUL:
			TSOB_ST64(ra, 0, TSOB_LD64(rb, 0) * TSOB_LD64(rc, 0));
			break;
		case OP_SHR:
			TSOB_ST64(ra, 0, TSOB_LD64(rb, 0) >> (c & 63));
			break;
		case OP_LD:
			TSOB_ST64(ra, 0, TSOB_LD64(data + (TSOB_LD64(rb, 0) & (VM_DATA - 1)), 0));
			break;
		case OP_ST:
			TSOB_ST64(data + (TSOB_LD64(rb, 0) & (VM_DATA - 1)), 0, TSOB_LD64(ra, 0));
			break;
		case OP_ADDI:
			TSOB_ST64(ra, 0, TSOB_LD64(rb, 0) + c);
			break;
		case OP_DJNZ: {
			uint64_t n = TSOB_LD64(ra, 0) - 1;

			TSOB_ST64(ra, 0, n);
			if (n)
				TSOB_ST64(vm, VM_PC, b);
			break;
		}
		default:
			return;
		}
	}
}

static int interp_verify(void *state, struct tsob_verdict *v)
{
	struct interp *k = state;
	uint64_t h = 0, r;

	for (int i = 0; i < VM_REGS; i++) {
		memcpy(&r, k->vm + 8 * i, 8);
		h = tsob_mix(h, r);
	}
	memcpy(&r, k->vm + VM_PC, 8);
	v->checksum = tsob_mix(tsob_mix(h, r), tsob_hash_bytes(k->data, VM_DATA * 8));
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t interp_ops(const void *state)
{
	const struct interp *k = state;

	return 8 * k->iters + 3; /* VM instructions executed */
}

static void interp_corrupt(void *state)
{
	struct interp *k = state;

	k->data[3] ^= 1;
}

TSOB_KERNEL_DEFINE(interp) = {
	.name = "interp",
	.stands_for = "switch-dispatched bytecode interpreter with VM registers and pc in memory",
	.unit = "vm-insn",
	.size_unit = "loop iteration (8 VM instructions)",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 4000,
	.default_size = 1 << 20,
	.create = interp_create,
	.reset = interp_reset,
	.run = interp_run,
	.verify = interp_verify,
	.ops = interp_ops,
	.destroy = interp_destroy,
	.corrupt = interp_corrupt,
};
