// SPDX-License-Identifier: MIT
/*
 * One results file carried in a LAVA log as a checksummed base64 block.
 * Base64 and SHA-256 come from nettle (Debian's nettle-dev: amd64 and arm64,
 * a static libnettle.a with no further dependencies), gzip from zlib.
 */
#include "block.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/base64.h>
#include <nettle/sha2.h>
#include <zlib.h>

#include "tsob/parse.h"

/* Results files are a few MB; a block announcing more is not one of ours. */
#define BLOCK_MAX_SIZE (1ull << 30)

struct tsob_lava_block {
	char name[128];
	uint64_t size;
	char sha256[65];
	bool gzip;
	struct base64_decode_ctx b64;
	bool bad; /* not base64, or longer than the file can be */
	unsigned char *data;
	size_t len, cap;
};

/* A file name the device may choose: no directories, nothing hidden. */
static bool good_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) >= 128)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

static bool good_sha(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n == 64 && !s[n];
}

/* Copy the value of KEY=VALUE (space-separated) from @args into @dst. */
static bool field(const char *args, const char *key, char *dst, size_t len)
{
	size_t klen = strlen(key);

	for (const char *p = args; (p = strstr(p, key)); p += klen) {
		size_t n;

		if ((p != args && p[-1] != ' ') || p[klen] != '=')
			continue;
		p += klen + 1;
		n = strcspn(p, " \t\r");
		if (n >= len)
			return false;
		memcpy(dst, p, n);
		dst[n] = '\0';
		return true;
	}
	return false;
}

int tsob_lava_block_begin(struct tsob_lava_block **bp, const char *args, struct tsob_err *e)
{
	struct tsob_lava_block *b = calloc(1, sizeof(*b));
	char size[24], enc[24];

	*bp = NULL;
	if (!b)
		return tsob_err_set(e, -ENOMEM, "out of memory");
	if (!field(args, "name", b->name, sizeof(b->name)) || !good_name(b->name))
		tsob_err_set(e, -EBADMSG, "results block with a bad file name: '%s'", args);
	else if (!field(args, "size", size, sizeof(size)) ||
		 tsob_parse_u64(size, 0, BLOCK_MAX_SIZE, &b->size))
		tsob_err_set(e, -EBADMSG, "%s: results block with a bad size", b->name);
	else if (!field(args, "sha256", b->sha256, sizeof(b->sha256)) || !good_sha(b->sha256))
		tsob_err_set(e, -EBADMSG, "%s: results block with a bad sha256", b->name);
	else if (!field(args, "encoding", enc, sizeof(enc)) ||
		 (strcmp(enc, "base64") && strcmp(enc, "gzip+base64")))
		tsob_err_set(e, -EBADMSG, "%s: results block in an unknown encoding", b->name);
	else {
		b->gzip = !strcmp(enc, "gzip+base64");
		base64_decode_init(&b->b64);
		*bp = b;
		return 0;
	}
	free(b);
	return -EBADMSG;
}

const char *tsob_lava_block_name(const struct tsob_lava_block *b)
{
	return b->name;
}

int tsob_lava_block_add(struct tsob_lava_block *b, const char *data)
{
	size_t n = strlen(data), out;
	/* gzip of incompressible data grows a little; plain data cannot. */
	size_t limit = b->gzip ? b->size + b->size / 64 + 1024 : b->size;

	if (b->bad)
		return -EBADMSG;
	if (b->len + BASE64_DECODE_LENGTH(n) > b->cap) {
		size_t cap = b->cap ? b->cap : 65536;
		unsigned char *nd;

		while (cap < b->len + BASE64_DECODE_LENGTH(n))
			cap *= 2;
		nd = realloc(b->data, cap);
		if (!nd)
			return -ENOMEM;
		b->data = nd;
		b->cap = cap;
	}
	out = b->cap - b->len;
	if (!base64_decode_update(&b->b64, &out, b->data + b->len, n, data) ||
	    b->len + out > limit) {
		b->bad = true;
		return -EBADMSG;
	}
	b->len += out;
	return 0;
}

/* gunzip @b->data into a buffer of exactly the announced size, or fail. */
static int gunzip(struct tsob_lava_block *b, unsigned char **out)
{
	z_stream z = {0};
	unsigned char *buf = malloc(b->size + 1);
	int ret;

	if (!buf)
		return -ENOMEM;
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return -ENOMEM;
	}
	z.next_in = b->data;
	z.avail_in = (uInt)b->len;
	z.next_out = buf;
	z.avail_out = (uInt)b->size + 1; /* one spare byte shows a file too long */
	ret = inflate(&z, Z_FINISH);
	inflateEnd(&z);
	if (ret != Z_STREAM_END || z.total_out != b->size || z.avail_in) {
		free(buf);
		return -EBADMSG;
	}
	*out = buf;
	return 0;
}

static void sha256_hex(const unsigned char *data, size_t len, char hex[65])
{
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(d), d);
	for (size_t i = 0; i < sizeof(d); i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

int tsob_lava_block_finish(struct tsob_lava_block *b, struct tsob_lava_file *file,
			   struct tsob_err *e)
{
	unsigned char *plain = b->data, *unzipped = NULL;
	char hex[65];
	int err;

	if (b->bad || !base64_decode_final(&b->b64))
		return tsob_err_set(e, -EBADMSG, "%s: results block corrupt (not base64)", b->name);
	if (b->gzip) {
		if ((err = gunzip(b, &unzipped)) == -EBADMSG)
			return tsob_err_set(
			    e, err, "%s: results block corrupt (gzip data, or not %llu bytes)",
			    b->name, (unsigned long long)b->size);
		if (err)
			return tsob_err_set(e, err, "out of memory");
		plain = unzipped;
	} else if (b->len != b->size) {
		return tsob_err_set(e, -EBADMSG,
				    "%s: results block corrupt (%zu bytes, announced %llu)",
				    b->name, b->len, (unsigned long long)b->size);
	}
	sha256_hex(plain ? plain : (const unsigned char *)"", b->size, hex);
	if (strcmp(hex, b->sha256)) {
		free(unzipped);
		return tsob_err_set(
		    e, -EBADMSG, "%s: results block corrupt (sha256 %.12s..., announced %.12s...)",
		    b->name, hex, b->sha256);
	}
	memset(file, 0, sizeof(*file));
	snprintf(file->name, sizeof(file->name), "%s", b->name);
	memcpy(file->sha256, b->sha256, sizeof(file->sha256));
	file->size = b->size;
	if (!unzipped) { /* the block's own buffer becomes the file's */
		unzipped = b->data ? b->data : malloc(1);
		b->data = NULL;
		b->len = b->cap = 0;
	}
	file->data = unzipped;
	return file->data ? 0 : tsob_err_set(e, -ENOMEM, "out of memory");
}

void tsob_lava_block_free(struct tsob_lava_block *b)
{
	if (!b)
		return;
	free(b->data);
	free(b);
}
