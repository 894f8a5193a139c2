/*
 * Test helpers for the decompressor unit tests: run a host compressor
 * (gzip, xz) over an in-memory buffer through temporary files, and make
 * reproducible test data.
 */
#ifndef UNIT_TOOL_COMPRESS_H
#define UNIT_TOOL_COMPRESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

/* Read a whole file; *len set; NULL on failure.  Caller frees. */
static __attribute__((unused)) unsigned char *tool_read_file(const char *path,
							     size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? n : 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/*
 * Compress data[0..len) with "cmd" (e.g. "xz -c --check=crc32"), which
 * reads the file named after it on its command line and writes stdout.
 */
static __attribute__((unused)) unsigned char *
tool_compress(const char *cmd, const void *data, size_t len, size_t *out_len)
{
	char in_path[] = "/tmp/unit-decomp-XXXXXX";
	char out_path[sizeof(in_path) + 4];
	char line[512];
	unsigned char *res = NULL;
	int fd = mkstemp(in_path);

	if (fd < 0)
		return NULL;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		unlink(in_path);
		return NULL;
	}
	close(fd);
	snprintf(out_path, sizeof(out_path), "%s.z", in_path);
	snprintf(line, sizeof(line), "%s < %s > %s", cmd, in_path, out_path);
	if (system(line) == 0)
		res = tool_read_file(out_path, out_len);
	unlink(in_path);
	unlink(out_path);
	return res;
}

static unsigned long long tool_rng = 0x9e3779b97f4a7c15ull;

static __attribute__((unused)) unsigned int tool_rand(void)
{
	tool_rng ^= tool_rng << 13;
	tool_rng ^= tool_rng >> 7;
	tool_rng ^= tool_rng << 17;
	return (unsigned int)(tool_rng >> 11);
}

enum tool_data { DATA_RANDOM, DATA_TEXT, DATA_REPEAT, DATA_CODE, DATA_MIXED };

/* Fill buf with a reproducible pattern of the given kind. */
static __attribute__((unused)) void tool_fill(unsigned char *buf, size_t len,
					      enum tool_data kind)
{
	static const char *words[] = {
		"hypervisor ", "grant ", "event ",   "channel ", "page ",
		"table ",      "xen ",	 "domain\n", "vcpu ",	 "the "};
	size_t i = 0, n, code_len = 0;
	unsigned char *code = NULL;

	switch (kind) {
	case DATA_RANDOM:
		for (i = 0; i < len; i++)
			buf[i] = tool_rand();
		break;
	case DATA_TEXT:
		while (i < len) {
			const char *w = words[tool_rand() % 10];

			n = strlen(w);
			if (n > len - i)
				n = len - i;
			memcpy(buf + i, w, n);
			i += n;
		}
		break;
	case DATA_REPEAT:
		for (i = 0; i < len; i++)
			buf[i] = "abcabcabd"[i % 9];
		break;
	case DATA_CODE:
		/* Our own executable: real x86 code for the BCJ filter. */
		code = tool_read_file("/proc/self/exe", &code_len);
		for (i = 0; i < len; i++)
			buf[i] = code && code_len ? code[i % code_len] : i;
		free(code);
		break;
	case DATA_MIXED:
		for (i = 0; i < len; i++)
			buf[i] = (i / 4096) % 2 ? (unsigned char)tool_rand()
						: (unsigned char)"xen"[i % 3];
		break;
	}
}

static __attribute__((unused)) double tool_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
