// SPDX-License-Identifier: MIT
/* String scan: strlen-style byte loop over NUL-terminated strings, counting one letter. */
#include "common.h"

struct strscan {
	uint8_t *buf; /* guest: lowercase words and spaces, NUL every 1..96 bytes */
	size_t n;
	uint64_t result;
	uint64_t expected;
};

static uint64_t strscan_ref(const uint8_t *p, const uint8_t *end)
{
	uint64_t total = 0, es = 0, strings = 0;

	while (p < end) {
		uint64_t len = 0;

		for (; *p; p++, len++)
			es += *p == 'e';
		total += len * len;
		strings++;
		p++;
	}
	return tsob_mix(tsob_mix(total, es), strings);
}

static void strscan_destroy(void *state)
{
	struct strscan *k = state;

	if (!k)
		return;
	free(k->buf);
	free(k);
}

static void *strscan_create(const struct tsob_kconf *conf)
{
	static const char letters[] = "etaoin shrdlu cmfwyp vbgkjqxz";
	struct strscan *k;
	uint64_t seed = 0x5ca;
	size_t next = 0;

	if (conf->size < 2) {
		errno = EINVAL;
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->n = conf->size;
	k->buf = tsob_galloc(k->n);
	if (!k->buf) {
		strscan_destroy(k);
		errno = ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < k->n; i++) {
		uint64_t r = tsob_rand(&seed);

		if (i == next) {
			k->buf[i] = 0;
			next = i + 1 + r % 96;
		} else {
			k->buf[i] = (uint8_t)letters[r % (sizeof(letters) - 1)];
		}
	}
	k->buf[k->n - 1] = 0;
	k->expected = strscan_ref(k->buf, k->buf + k->n);
	return k;
}

static void strscan_reset(void *state)
{
	struct strscan *k = state;

	k->result = 0;
}

static void strscan_run(void *state, unsigned tid)
{
	struct strscan *k = state;
	const uint8_t *p = k->buf, *end = k->buf + k->n;
	uint64_t total = 0, es = 0, strings = 0;

	while (p < end) {
		uint64_t len = 0;
		uint32_t c;

		while ((c = TSOB_LD8(p, 0)) != 0) {
			es += c == 'e';
			len++;
			p++;
		}
		total += len * len;
		strings++;
		p++;
	}
	k->result = tsob_mix(tsob_mix(total, es), strings);
}

static int strscan_verify(void *state, struct tsob_verdict *v)
{
	struct strscan *k = state;

	v->checksum = k->result;
	v->expected = k->expected;
	return tsob_verdict_single(v);
}

static uint64_t strscan_ops(const void *state)
{
	const struct strscan *k = state;

	return k->n;
}

static void strscan_corrupt(void *state)
{
	struct strscan *k = state;

	k->result ^= 1;
}

TSOB_KERNEL_DEFINE(strscan) = {
	.name = "strscan",
	.stands_for = "strlen/strchr-style byte loop (repne scasb) over NUL-terminated strings",
	.unit = "byte",
	.size_unit = "byte",
	.strategy = TSOB_THIS_STRATEGY,
	.min_threads = 1,
	.max_threads = 1,
	.quick_size = 64 << 10,
	.default_size = 32 << 20,
	.create = strscan_create,
	.reset = strscan_reset,
	.run = strscan_run,
	.verify = strscan_verify,
	.ops = strscan_ops,
	.destroy = strscan_destroy,
	.corrupt = strscan_corrupt,
};
