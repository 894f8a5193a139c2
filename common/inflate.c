/*
 * gzip (RFC 1952) and DEFLATE (RFC 1951) decoder for whole buffers, used to
 * unpack a gzip-compressed dom0 kernel; also home of the CRC-32 shared with
 * the .xz decoder.
 *
 * Interface: gunzip() in one call, see <xen/decompress.h>.  crc32_update()
 * may be called at any time.
 *
 * Invariants: the decoder never reads outside the input nor writes outside
 * the output buffer, whatever the input.  Reads past the end of the input
 * are satisfied with "phantom" zero bytes that are counted, and any block
 * that actually consumed one is rejected; every loop is bounded by the
 * input or output size.  Huffman tables live in a ~3.2 KiB on-stack state.
 * The CRC tables are built on first use: callers are the boot CPU only,
 * before any other CPU runs, so no locking.
 */
#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define MAX_BITS       15 /* longest DEFLATE code */
#define FAST_BITS      9  /* bits resolved by one table lookup */
#define FAST_SIZE      (1u << FAST_BITS)
#define FAST_LEN_SHIFT 9 /* fast entry: code length << 9 | symbol */
#define NR_LITLEN      288
#define NR_DIST	       32
#define NR_CODELEN     19

/* gzip header flag bits (RFC 1952 2.3.1) */
#define GZ_FHCRC     0x02
#define GZ_FEXTRA    0x04
#define GZ_FNAME     0x08
#define GZ_FCOMMENT  0x10
#define GZ_FRESERVED 0xe0

struct huff {
	u16 count[MAX_BITS + 1]; /* number of codes of each length */
	u16 *sym;		 /* symbols ordered by (length, code) */
	u16 fast[FAST_SIZE];	 /* by next FAST_BITS input bits; 0 = longer */
};

struct inflate {
	const u8 *in;
	size_t in_len;
	size_t in_pos;	      /* next byte to load into 'bits' */
	u64 bits;	      /* bit buffer, next input bit in bit 0 */
	unsigned int nbits;   /* valid bits in 'bits' (<= 63) */
	unsigned int phantom; /* zero bytes loaded past the input end */
	u8 *out;
	size_t out_cap;
	size_t out_pos;
	struct huff lit, dist; /* dist also holds the code-length code */
	u16 lit_sym[NR_LITLEN];
	u16 dist_sym[NR_DIST];
	u8 lens[NR_LITLEN + NR_DIST];
};

static const u16 len_base[29] = {3,  4,	 5,  6,	  7,   8,   9,	 10,  11, 13,
				 15, 17, 19, 23,  27,  31,  35,	 43,  51, 59,
				 67, 83, 99, 115, 131, 163, 195, 227, 258};
static const u8 len_extra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
				 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
static const u16 dist_base[30] = {
	1,    2,    3,	  4,	5,    7,    9,	  13,	 17,	25,
	33,   49,   65,	  97,	129,  193,  257,  385,	 513,	769,
	1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
static const u8 dist_extra[30] = {0, 0, 0,  0,	1,  1,	2,  2,	3,  3,
				  4, 4, 5,  5,	6,  6,	7,  7,	8,  8,
				  9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

static inline u32 gz_le16(const u8 *p)
{
	return p[0] | ((u32)p[1] << 8);
}

static inline u32 gz_le32(const u8 *p)
{
	return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static inline u64 gz_le64(const u8 *p)
{
	return gz_le32(p) | ((u64)gz_le32(p + 4) << 32);
}

/* ---- CRC-32, slicing by 8 ---- */

static u32 crc_tab[8][256];
static bool crc_ready;

static void crc32_init(void)
{
	unsigned int i, k;

	for (i = 0; i < 256; i++) {
		u32 c = i;

		for (k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
		crc_tab[0][i] = c;
	}
	/* tab[k][b]: CRC of byte b followed by k zero bytes. */
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++)
			crc_tab[k][i] = (crc_tab[k - 1][i] >> 8) ^
					crc_tab[0][crc_tab[k - 1][i] & 0xff];
	crc_ready = true;
}

u32 crc32_update(u32 crc, const u8 *p, size_t n)
{
	if (unlikely(!crc_ready))
		crc32_init();
	crc = ~crc;
	for (; n >= 8; p += 8, n -= 8) {
		u32 lo = crc ^ gz_le32(p), hi = gz_le32(p + 4);

		crc = crc_tab[7][lo & 0xff] ^ crc_tab[6][(lo >> 8) & 0xff] ^
		      crc_tab[5][(lo >> 16) & 0xff] ^ crc_tab[4][lo >> 24] ^
		      crc_tab[3][hi & 0xff] ^ crc_tab[2][(hi >> 8) & 0xff] ^
		      crc_tab[1][(hi >> 16) & 0xff] ^ crc_tab[0][hi >> 24];
	}
	while (n--)
		crc = crc_tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- bit input ---- */

/*
 * Top the bit buffer up to at least 56 bits.  Past the end of the input,
 * zero bytes are supplied and counted; -EINVAL once a counted zero byte has
 * actually been consumed (the stream was truncated).
 */
static inline int refill(struct inflate *s)
{
	if (likely(s->in_len - s->in_pos >= 8)) {
		/*
		 * Load 8 bytes but count only the whole ones that fit; the
		 * partial top byte is OR-ed in again, unchanged, next time.
		 */
		s->bits |= gz_le64(s->in + s->in_pos) << s->nbits;
		s->in_pos += (63 - s->nbits) >> 3;
		s->nbits |= 56;
		return 0;
	}
	if (s->nbits < s->phantom * 8)
		return -EINVAL;
	while (s->nbits <= 56) {
		u64 b = 0;

		if (s->in_pos < s->in_len)
			b = s->in[s->in_pos++];
		else
			s->phantom++;
		s->bits |= b << s->nbits;
		s->nbits += 8;
	}
	return 0;
}

static inline bool overrun(const struct inflate *s)
{
	return s->nbits < s->phantom * 8;
}

/* Precondition: n <= nbits (guaranteed by a refill() covering the step). */
static inline u32 getbits(struct inflate *s, unsigned int n)
{
	u32 v = s->bits & ((1ull << n) - 1);

	s->bits >>= n;
	s->nbits -= n;
	return v;
}

/*
 * Forget the bit buffer and point in_pos at the first byte not yet
 * consumed.  Precondition: the buffer holds whole bytes only.
 */
static int byte_align_input(struct inflate *s)
{
	unsigned int whole = s->nbits / 8;

	if (whole < s->phantom)
		return -EINVAL;
	s->in_pos -= whole - s->phantom;
	s->bits = 0;
	s->nbits = 0;
	s->phantom = 0;
	return 0;
}

/* ---- Huffman tables ---- */

static unsigned int reverse_bits(unsigned int code, unsigned int len)
{
	unsigned int r = 0;

	while (len--) {
		r = (r << 1) | (code & 1);
		code >>= 1;
	}
	return r;
}

/*
 * Build the canonical code for lens[0..n).  Over-subscribed codes are
 * rejected; incomplete ones are accepted and their unused bit patterns
 * fail in decode_slow().
 */
static int huff_build(struct huff *h, const u8 *lens, unsigned int n)
{
	u16 offs[MAX_BITS + 1], next[MAX_BITS + 1];
	unsigned int s, len, code, i;
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (s = 0; s < n; s++)
		h->count[lens[s]]++;
	h->count[0] = 0;
	offs[0] = code = 0;
	for (len = 1; len <= MAX_BITS; len++) {
		left = left * 2 - h->count[len];
		if (left < 0)
			return -EINVAL;
		offs[len] = offs[len - 1] + h->count[len - 1];
		code = (code + h->count[len - 1]) << 1;
		next[len] = code;
	}
	memset(h->fast, 0, sizeof(h->fast));
	for (s = 0; s < n; s++) {
		len = lens[s];
		if (!len)
			continue;
		h->sym[offs[len]++] = s;
		code = next[len]++;
		if (len > FAST_BITS)
			continue;
		for (i = reverse_bits(code, len); i < FAST_SIZE; i += 1u << len)
			h->fast[i] = (len << FAST_LEN_SHIFT) | s;
	}
	return 0;
}

/* Canonical decode one bit at a time, for codes longer than FAST_BITS. */
static int decode_slow(struct inflate *s, const struct huff *h)
{
	u64 b = s->bits;
	int code = 0, first = 0, index = 0;
	unsigned int len;

	for (len = 1; len <= MAX_BITS; len++) {
		int count = h->count[len];

		code |= b & 1;
		b >>= 1;
		if (code - first < count) {
			getbits(s, len);
			return h->sym[index + code - first];
		}
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -EINVAL;
}

/* Precondition: at least MAX_BITS bits buffered.  Returns symbol or < 0. */
static inline int decode_sym(struct inflate *s, const struct huff *h)
{
	unsigned int e = h->fast[s->bits & (FAST_SIZE - 1)];

	if (likely(e)) {
		getbits(s, e >> FAST_LEN_SHIFT);
		return e & ((1u << FAST_LEN_SHIFT) - 1);
	}
	return decode_slow(s, h);
}

/* ---- blocks ---- */

/* Copy a match; dist >= 1 and both ranges checked by the caller. */
static inline void inflate_copy(u8 *dst, unsigned int dist, unsigned int len)
{
	const u8 *src = dst - dist;

	if (dist >= 8) {
		for (; len >= 8; len -= 8, dst += 8, src += 8)
			__builtin_memcpy(dst, src, 8);
	}
	while (len--)
		*dst++ = *src++;
}

/* Decode one length/distance pair after length symbol 'sym'. */
static inline int do_match(struct inflate *s, int sym)
{
	unsigned int len, dist;
	int dsym;

	sym -= 257;
	if (sym >= 29)
		return -EINVAL;
	len = len_base[sym] + getbits(s, len_extra[sym]);
	dsym = decode_sym(s, &s->dist);
	if (dsym < 0 || dsym >= 30)
		return -EINVAL;
	dist = dist_base[dsym] + getbits(s, dist_extra[dsym]);
	if (dist > s->out_pos)
		return -EINVAL;
	if (len > s->out_cap - s->out_pos)
		return -ENOSPC;
	inflate_copy(s->out + s->out_pos, dist, len);
	s->out_pos += len;
	return 0;
}

/*
 * Decode symbols up to end-of-block.  One refill covers a whole
 * length/distance pair: 15 + 5 + 15 + 13 = 48 bits <= 56.
 */
static int inflate_codes(struct inflate *s)
{
	int sym, rc;

	for (;;) {
		if (unlikely(refill(s)))
			return -EINVAL;
		sym = decode_sym(s, &s->lit);
		if (sym < 256) {
			if (unlikely(sym < 0))
				return -EINVAL;
			if (unlikely(s->out_pos >= s->out_cap))
				return -ENOSPC;
			s->out[s->out_pos++] = sym;
			continue;
		}
		if (sym == 256)
			return 0;
		rc = do_match(s, sym);
		if (rc)
			return rc;
	}
}

static int inflate_stored(struct inflate *s)
{
	size_t len;

	getbits(s, s->nbits & 7);
	if (byte_align_input(s))
		return -EINVAL;
	if (s->in_len - s->in_pos < 4)
		return -EINVAL;
	len = gz_le16(s->in + s->in_pos);
	if (len != (~gz_le16(s->in + s->in_pos + 2) & 0xffff))
		return -EINVAL;
	s->in_pos += 4;
	if (len > s->in_len - s->in_pos)
		return -EINVAL;
	if (len > s->out_cap - s->out_pos)
		return -ENOSPC;
	memcpy(s->out + s->out_pos, s->in + s->in_pos, len);
	s->in_pos += len;
	s->out_pos += len;
	return 0;
}

static int inflate_fixed(struct inflate *s)
{
	unsigned int i;

	for (i = 0; i < NR_LITLEN; i++)
		s->lens[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
	for (i = 0; i < NR_DIST; i++)
		s->lens[NR_LITLEN + i] = 5;
	if (huff_build(&s->lit, s->lens, NR_LITLEN) ||
	    huff_build(&s->dist, s->lens + NR_LITLEN, NR_DIST))
		return -EINVAL;
	return inflate_codes(s);
}

/* Read the literal/length and distance code lengths into s->lens. */
static int read_code_lengths(struct inflate *s, unsigned int n)
{
	unsigned int i = 0, rep, v;
	int sym;

	while (i < n) {
		if (refill(s))
			return -EINVAL;
		sym = decode_sym(s, &s->dist);
		if (sym < 0)
			return -EINVAL;
		if (sym < 16) {
			s->lens[i++] = sym;
			continue;
		}
		if (sym == 16) {
			if (i == 0)
				return -EINVAL;
			v = s->lens[i - 1];
			rep = 3 + getbits(s, 2);
		} else {
			v = 0;
			rep = sym == 17 ? 3 + getbits(s, 3)
					: 11 + getbits(s, 7);
		}
		if (rep > n - i)
			return -EINVAL;
		memset(s->lens + i, v, rep);
		i += rep;
	}
	return 0;
}

static int inflate_dynamic(struct inflate *s)
{
	static const u8 order[NR_CODELEN] = {16, 17, 18, 0, 8,	7, 9,  6, 10, 5,
					     11, 4,  12, 3, 13, 2, 14, 1, 15};
	unsigned int nlit, ndist, nclen, i;
	u8 cl[NR_CODELEN] = {0};

	nlit = getbits(s, 5) + 257;
	ndist = getbits(s, 5) + 1;
	nclen = getbits(s, 4) + 4;
	if (nlit > 286 || ndist > 30)
		return -EINVAL;
	/* Up to 19 * 3 = 57 bits: more than one refill guarantees. */
	for (i = 0; i < nclen; i++) {
		if (s->nbits < 3 && refill(s))
			return -EINVAL;
		cl[order[i]] = getbits(s, 3);
	}
	if (huff_build(&s->dist, cl, NR_CODELEN) ||
	    read_code_lengths(s, nlit + ndist))
		return -EINVAL;
	if (s->lens[256] == 0)
		return -EINVAL;
	if (huff_build(&s->lit, s->lens, nlit) ||
	    huff_build(&s->dist, s->lens + nlit, ndist))
		return -EINVAL;
	return inflate_codes(s);
}

/* Every block consumes at least 3 real input bits, so this terminates. */
static int inflate_blocks(struct inflate *s)
{
	unsigned int final, type;
	int rc;

	do {
		if (refill(s))
			return -EINVAL;
		final = getbits(s, 1);
		type = getbits(s, 2);
		if (type == 0)
			rc = inflate_stored(s);
		else if (type == 1)
			rc = inflate_fixed(s);
		else if (type == 2)
			rc = inflate_dynamic(s);
		else
			rc = -EINVAL;
		if (!rc && overrun(s))
			rc = -EINVAL;
		if (rc)
			return rc;
	} while (!final);
	return 0;
}

/* ---- gzip wrapper ---- */

static int skip_cstring(const u8 *in, size_t len, size_t *pos)
{
	while (*pos < len)
		if (in[(*pos)++] == 0)
			return 0;
	return -EINVAL;
}

static int gzip_header(const u8 *in, size_t len, size_t *hdr_len)
{
	size_t pos = 10;
	unsigned int flg;

	if (len < 10 || in[0] != 0x1f || in[1] != 0x8b || in[2] != 8)
		return -EINVAL;
	flg = in[3];
	if (flg & GZ_FRESERVED)
		return -EINVAL;
	if (flg & GZ_FEXTRA) {
		size_t xlen;

		if (len - pos < 2)
			return -EINVAL;
		xlen = gz_le16(in + pos);
		pos += 2;
		if (xlen > len - pos)
			return -EINVAL;
		pos += xlen;
	}
	if ((flg & GZ_FNAME) && skip_cstring(in, len, &pos))
		return -EINVAL;
	if ((flg & GZ_FCOMMENT) && skip_cstring(in, len, &pos))
		return -EINVAL;
	if (flg & GZ_FHCRC) {
		if (len - pos < 2)
			return -EINVAL;
		if ((crc32_update(0, in, pos) & 0xffff) != gz_le16(in + pos))
			return -EILSEQ;
		pos += 2;
	}
	*hdr_len = pos;
	return 0;
}

static int gzip_trailer(struct inflate *s)
{
	const u8 *t;

	getbits(s, s->nbits & 7);
	if (byte_align_input(s) || s->in_len - s->in_pos < 8)
		return -EINVAL;
	t = s->in + s->in_pos;
	if (gz_le32(t + 4) != (u32)s->out_pos)
		return -EINVAL;
	if (gz_le32(t) != crc32_update(0, s->out, s->out_pos))
		return -EILSEQ;
	return 0;
}

int gunzip(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	   size_t *out_len)
{
	struct inflate s;
	size_t hdr;
	int rc;

	*out_len = 0;
	rc = gzip_header(in, in_len, &hdr);
	if (rc)
		return rc;
	s.in = in + hdr;
	s.in_len = in_len - hdr;
	s.in_pos = 0;
	s.bits = 0;
	s.nbits = 0;
	s.phantom = 0;
	s.out = out;
	s.out_cap = out_cap;
	s.out_pos = 0;
	s.lit.sym = s.lit_sym;
	s.dist.sym = s.dist_sym;
	rc = inflate_blocks(&s);
	*out_len = s.out_pos;
	return rc ? rc : gzip_trailer(&s);
}
