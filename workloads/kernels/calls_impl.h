/* SPDX-License-Identifier: MIT */
/*
 * Call/return-heavy code with stack traffic: recursive Fibonacci as an x86
 * compiler emits it. Each call pushes a return address, the callee pushes the
 * callee-saved register it uses and spills its argument; the epilogue pops
 * them. The includer defines CALLS_NAME/CALLS_STR/CALLS_STANDS_FOR and how a
 * stack slot is accessed (CALLS_PUSH, CALLS_LOAD): ordered like every other
 * access (QEMU) or plain (FEX, which treats the stack as thread-local).
 * Popped values are checked: a wrong one changes the result.
 */
#include "common.h"

#define CALLS_FIB 18
#define CALLS_STACK (64u << 10)

struct calls {
	uint8_t *stack; /* guest stack */
	size_t reps;
	uint64_t result;
	uint64_t expected;
};

/* What `call` pushes for a frame of argument n: a made-up return address. */
#define CALLS_RET(n) (0x401000u + 0x40u * (n))

__attribute__((noinline)) static uint64_t calls_fib(uint8_t *sp, uint64_t n, uint64_t rbx)
{
	uint64_t r, ret, saved;

	CALLS_PUSH(sp, -8, CALLS_RET(n)); /* call */
	CALLS_PUSH(sp, -16, rbx);         /* push rbx */
	CALLS_PUSH(sp, -24, n);           /* spill the argument */
	sp -= 24;
	if (n < 2) {
		r = n;
	} else {
		r = calls_fib(sp, n - 1, n);
		r += calls_fib(sp, CALLS_LOAD(sp, 0) - 2, r); /* reload the spill */
	}
	sp += 24;
	saved = CALLS_LOAD(sp, -16); /* pop rbx */
	ret = CALLS_LOAD(sp, -8);    /* ret */
	return r + (saved ^ rbx) + (ret ^ CALLS_RET(n));
}

static uint64_t calls_fib_ref(uint64_t n)
{
	return n < 2 ? n : calls_fib_ref(n - 1) + calls_fib_ref(n - 2);
}

static void calls_destroy(void *state)
{
	struct calls *k = state;

	if (!k)
		return;
	free(k->stack);
	free(k);
}

static void *calls_create(const struct tsob_kconf *conf)
{
	struct calls *k;

	if (!conf->size) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->reps = conf->size;
	k->stack = tsob_galloc(CALLS_STACK);
	if (!k->stack) {
		calls_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	k->expected = k->reps * calls_fib_ref(CALLS_FIB);
	return k;
}

static void calls_reset(void *state)
{
	struct calls *k = state;

	memset(k->stack, 0, CALLS_STACK);
	k->result = 0;
}

static void calls_run(void *state, unsigned tid)
{
	struct calls *k = state;
	uint8_t *top = k->stack + CALLS_STACK;
	size_t reps = k->reps;
	uint64_t sum = 0;

	for (size_t i = 0; i < reps; i++)
		sum += calls_fib(top, CALLS_FIB, i);
	k->result = sum;
}

static int calls_verify(void *state, struct tsob_verdict *v)
{
	struct calls *k = state;

	v->checksum = k->result;
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t calls_ops(const void *state)
{
	const struct calls *k = state;

	return k->reps * (2 * calls_fib_ref(CALLS_FIB + 1) - 1);
}

static void calls_corrupt(void *state)
{
	struct calls *k = state;

	k->result += 1;
}

TSOB_KERNEL_DEFINE(CALLS_NAME) = {
	.name = CALLS_STR,
	.stands_for = CALLS_STANDS_FOR,
	.unit = "call",
	.size_unit = "call-tree repetition",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 4,
	.default_size = 400,
	.create = calls_create,
	.reset = calls_reset,
	.run = calls_run,
	.verify = calls_verify,
	.ops = calls_ops,
	.destroy = calls_destroy,
	.corrupt = calls_corrupt,
};
