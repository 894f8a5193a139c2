/*
 * Zstandard decoder for whole buffers, used to unpack a dom0 kernel whose
 * bzImage payload is zstd-compressed (CONFIG_KERNEL_ZSTD).
 *
 * Interface: unzstd() and unzstd_uncompressed_size(), see <xen/decompress.h>.
 * Written from RFC 8878 (frames, blocks, literals, sequences, FSE and
 * Huffman coding) and the XXH64 description; no dictionaries.
 *
 * Invariants: the output buffer is the window: a match may reach back to
 * the start of its own frame and never further, so no window is allocated
 * whatever Window_Size a frame declares.  Entropy tables and decoded
 * literals live in the caller's workspace (struct zstd_work), and stack use
 * is small and fixed (no recursion).  Every input read is checked against
 * the end of the section it belongs to; a backward bit reader yields zeros
 * past the start of its stream and the overflow is then rejected.  Every
 * loop is bounded by the input or output size: each block header consumes
 * three input bytes and a block yields at most Block_Maximum_Size bytes.
 */
#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define ZSTD_MAGIC	0xfd2fb528u
#define ZSTD_SKIP_MAGIC 0x184d2a50u /* low four bits are free */
#define ZSTD_SKIP_MASK	0xfffffff0u
#define ZSTD_BLOCK_MAX	(128 * 1024)

/* Frame_Header_Descriptor bits */
#define FHD_DID	       0x03 /* Dictionary_ID_flag */
#define FHD_CHECKSUM   0x04 /* Content_Checksum_flag */
#define FHD_RESERVED   0x08
#define FHD_SINGLE_SEG 0x20 /* no Window_Descriptor */
#define FHD_FCS_SHIFT  6

enum { BLOCK_RAW, BLOCK_RLE, BLOCK_COMPRESSED, BLOCK_RESERVED };
enum { LIT_RAW, LIT_RLE, LIT_COMPRESSED, LIT_TREELESS };
enum { MODE_PREDEFINED, MODE_RLE, MODE_FSE, MODE_REPEAT };

/* FSE limits per symbol type (accuracy log, largest symbol). */
#define LL_MAX_LOG  9
#define ML_MAX_LOG  9
#define OF_MAX_LOG  8
#define HW_MAX_LOG  6 /* FSE-compressed Huffman weights */
#define LL_MAX_SYM  35
#define ML_MAX_SYM  52
#define OF_MAX_SYM  31 /* offsets up to 2^32 - 4 */
#define HW_MAX_SYM  11
#define FSE_MAX_LOG 9
#define FSE_MAX_SYM 52

#define HUF_MAX_BITS	11
#define HUF_MAX_WEIGHTS 255 /* the last symbol's weight is implied */

/* Room after the literals that wild copies may read. */
#define LIT_SLACK  16
/* Bytes a wild copy may read or write past the end of what it copies. */
#define WILD_SLACK 16

/* One FSE decoding table state. */
struct fse_cell {
	u16 base; /* next state = base + next 'bits' bits */
	u8 bits;
	u8 sym;
};

struct fse_table {
	unsigned int log; /* accuracy log; 0 for RLE_Mode */
	bool valid;	  /* may be reused by Repeat_Mode */
	struct fse_cell cell[1 << FSE_MAX_LOG];
};

struct huf_cell {
	u8 sym;
	u8 bits;
};

struct huf_table {
	unsigned int max_bits;
	bool valid; /* may be reused by a Treeless_Literals_Block */
	struct huf_cell cell[1 << HUF_MAX_BITS];
};

/* Everything that does not fit in a few registers; in 'work'. */
struct zstd_work {
	struct fse_table ll, of, ml; /* kept across blocks of a frame */
	struct fse_table hw;	     /* Huffman weights, per description */
	struct huf_table huf;	     /* kept across blocks of a frame */
	s16 norm[FSE_MAX_SYM + 1];
	u16 next[FSE_MAX_SYM + 1];
	u8 weights[HUF_MAX_WEIGHTS + 1];
	u8 lit[ZSTD_BLOCK_MAX + LIT_SLACK];
};
BUILD_BUG_ON(sizeof(struct zstd_work) > UNZSTD_WORK_SIZE);
BUILD_BUG_ON(LIT_SLACK < WILD_SLACK);

/* Whole-call state. */
struct zs {
	const u8 *in;
	size_t in_len;
	size_t pos; /* next input byte */
	u8 *out;
	size_t out_cap;
	size_t out_pos;
	size_t frame_start; /* out_pos at the frame start: matches stop here */
	size_t block_max;   /* Block_Maximum_Size of the current frame */
	u32 rep[3];	    /* Repeated_Offset1..3 */
	struct zstd_work *w;
	const u8 *lit; /* this block's literals */
	size_t lit_len;
	const u8 *lit_end; /* readable up to here (>= lit + lit_len) */
};

static inline u32 zs_le16(const u8 *p)
{
	return p[0] | ((u32)p[1] << 8);
}

static inline u32 zs_le24(const u8 *p)
{
	return zs_le16(p) | ((u32)p[2] << 16);
}

static inline u32 zs_le32(const u8 *p)
{
	return zs_le24(p) | ((u32)p[3] << 24);
}

/* Compilers turn this into one load on little-endian machines. */
static inline u64 zs_le64(const u8 *p)
{
	return (u64)p[0] | ((u64)p[1] << 8) | ((u64)p[2] << 16) |
	       ((u64)p[3] << 24) | ((u64)p[4] << 32) | ((u64)p[5] << 40) |
	       ((u64)p[6] << 48) | ((u64)p[7] << 56);
}

/* Index of the highest set bit plus one; 0 for 0. */
static inline unsigned int zs_fls(u32 x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static inline void copy8(u8 *d, const u8 *s)
{
	u64 v;

	__builtin_memcpy(&v, s, 8);
	__builtin_memcpy(d, &v, 8);
}

/* Both loads before both stores: d and s may be 8 apart, not less. */
static inline void copy16(u8 *d, const u8 *s)
{
	u64 v, w;

	__builtin_memcpy(&v, s, 8);
	__builtin_memcpy(&w, s + 8, 8);
	__builtin_memcpy(d, &v, 8);
	__builtin_memcpy(d + 8, &w, 8);
}

/* ---- XXH64 (seed 0), for Content_Checksum ---- */

#define XXH_P1 0x9e3779b185ebca87ull
#define XXH_P2 0xc2b2ae3d27d4eb4full
#define XXH_P3 0x165667b19e3779f9ull
#define XXH_P4 0x85ebca77c2b2ae63ull
#define XXH_P5 0x27d4eb2f165667c5ull

static inline u64 rotl64(u64 x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline u64 xxh_round(u64 acc, u64 lane)
{
	return rotl64(acc + lane * XXH_P2, 31) * XXH_P1;
}

static inline u64 xxh_merge(u64 h, u64 acc)
{
	return (h ^ xxh_round(0, acc)) * XXH_P1 + XXH_P4;
}

static u64 xxh64(const u8 *p, size_t len)
{
	const u8 *end = p + len;
	u64 h, v1 = XXH_P1 + XXH_P2, v2 = XXH_P2, v3 = 0, v4 = -XXH_P1;

	if (len >= 32) {
		for (; end - p >= 32; p += 32) {
			v1 = xxh_round(v1, zs_le64(p));
			v2 = xxh_round(v2, zs_le64(p + 8));
			v3 = xxh_round(v3, zs_le64(p + 16));
			v4 = xxh_round(v4, zs_le64(p + 24));
		}
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) +
		    rotl64(v4, 18);
		h = xxh_merge(h, v1);
		h = xxh_merge(h, v2);
		h = xxh_merge(h, v3);
		h = xxh_merge(h, v4);
	} else {
		h = XXH_P5;
	}
	h += len;
	for (; end - p >= 8; p += 8)
		h = rotl64(h ^ xxh_round(0, zs_le64(p)), 27) * XXH_P1 + XXH_P4;
	if (end - p >= 4) {
		h = rotl64(h ^ (zs_le32(p) * XXH_P1), 23) * XXH_P2 + XXH_P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ (*p * XXH_P5), 11) * XXH_P1;
	h ^= h >> 33;
	h *= XXH_P2;
	h ^= h >> 29;
	h *= XXH_P3;
	return h ^ (h >> 32);
}

/* ---- Bit readers ---- */

/* Forward, little-endian: FSE table descriptions. */
struct fwd_bits {
	const u8 *p;
	size_t len;
	size_t bit; /* bits consumed, <= 8 * len */
};

/* The next n <= 16 bits, zeros past the end (not consumed). */
static u32 fwd_peek(const struct fwd_bits *b, unsigned int n)
{
	size_t i, byte = b->bit >> 3;
	u32 v = 0;

	for (i = 0; i < 3 && byte + i < b->len; i++)
		v |= (u32)b->p[byte + i] << (8 * i);
	return (v >> (b->bit & 7)) & ((1u << n) - 1);
}

static bool fwd_skip(struct fwd_bits *b, unsigned int n)
{
	if (n > b->len * 8 - b->bit)
		return false;
	b->bit += n;
	return true;
}

/*
 * Backward: Huffman and FSE bitstreams are read from their last byte
 * down.  'c' holds the bytes [idx, idx + 8) of the stream (a stream
 * shorter than 8 bytes sits in the low bytes, the empty high ones counting
 * as read) and the next bit is bit 63 - used of c.  Unread bits:
 * 8 * idx + 64 - used; used > 64 at idx 0 means more bits were read than
 * the stream holds.
 */
struct bwd_bits {
	const u8 *start;
	size_t idx;
	u64 c;
	unsigned int used;
};

static int bwd_init(struct bwd_bits *b, const u8 *p, size_t len)
{
	size_t i;

	if (len == 0 || p[len - 1] == 0)
		return -EINVAL; /* no end marker */
	b->start = p;
	if (len >= 8) {
		b->idx = len - 8;
		b->c = zs_le64(p + b->idx);
	} else {
		b->idx = 0;
		b->c = 0;
		for (i = 0; i < len; i++)
			b->c |= (u64)p[i] << (8 * i);
	}
	b->used = __builtin_clzll(b->c) + 1; /* skip the padding and marker */
	return 0;
}

/* Move the window down so that used < 8 while 8 or more bytes remain. */
static inline void bwd_reload(struct bwd_bits *b)
{
	size_t adv = b->used >> 3;

	if (adv > b->idx)
		adv = b->idx;
	if (adv) {
		b->idx -= adv;
		b->used -= adv * 8;
		b->c = zs_le64(b->start + b->idx);
	}
}

/* Read n <= 57 - (used after reload) bits; zeros past the stream start. */
static inline u32 bwd_read(struct bwd_bits *b, unsigned int n)
{
	u64 v = 0;

	if (likely(b->used < 64))
		v = ((b->c << b->used) >> 1) >> (63 - n);
	b->used += n;
	return (u32)v;
}

static inline bool bwd_overflow(const struct bwd_bits *b)
{
	return b->idx == 0 && b->used > 64;
}

static inline bool bwd_done(const struct bwd_bits *b)
{
	return b->idx == 0 && b->used == 64;
}

/* ---- FSE ---- */

/*
 * Read an FSE table description (RFC 8878 4.1.1) into w->norm: *log,
 * *nsym symbols, *used bytes consumed.
 */
static int fse_read_norm(struct zstd_work *w, const u8 *p, size_t len,
			 unsigned int max_log, unsigned int max_sym,
			 unsigned int *log, unsigned int *nsym, size_t *used)
{
	struct fwd_bits b = {p, len, 0};
	u32 size, dist = 0, max, low, v, half, r;
	unsigned int s = 0, nb;
	int prob;

	if (len == 0)
		return -EINVAL;
	*log = fwd_peek(&b, 4) + 5;
	fwd_skip(&b, 4);
	if (*log > max_log)
		return -EINVAL;
	size = 1u << *log;
	while (dist < size) {
		if (s > max_sym)
			return -EINVAL;
		/* Values 0..max; small ones take one bit less. */
		max = size - dist + 1;
		nb = zs_fls(max);
		half = 1u << (nb - 1);
		low = 2 * half - 1 - max;
		v = fwd_peek(&b, nb);
		if ((v & (half - 1)) < low) {
			v &= half - 1;
			nb--;
		} else if (v >= half) {
			v -= low;
		}
		if (!fwd_skip(&b, nb))
			return -EINVAL;
		prob = (int)v - 1;
		w->norm[s++] = prob;
		dist += prob < 0 ? 1 : prob;
		if (prob)
			continue;
		/* Repeat flags: more zero-probability symbols. */
		do {
			r = fwd_peek(&b, 2);
			if (!fwd_skip(&b, 2))
				return -EINVAL;
			for (v = 0; v < r; v++) {
				if (s > max_sym)
					return -EINVAL;
				w->norm[s++] = 0;
			}
		} while (r == 3);
	}
	*nsym = s;
	*used = (b.bit + 7) / 8;
	return 0;
}

/*
 * Decoding table from a distribution whose magnitudes sum to 1 << log
 * ("less than 1" counting as 1), RFC 8878 4.1.1.
 */
static int fse_build(struct zstd_work *w, struct fse_table *t, const s16 *norm,
		     unsigned int nsym, unsigned int log)
{
	u32 size = 1u << log, mask = size - 1, pos = 0, u, n;
	u32 step = (size >> 1) + (size >> 3) + 3;
	int high = size - 1, i;
	unsigned int s, bits;

	for (s = 0; s < nsym; s++) {
		if (norm[s] == -1) {
			t->cell[high--].sym = s;
			w->next[s] = 1;
		} else {
			w->next[s] = norm[s];
		}
	}
	for (s = 0; s < nsym; s++) {
		for (i = 0; i < norm[s]; i++) {
			t->cell[pos].sym = s;
			do
				pos = (pos + step) & mask;
			while ((int)pos > high);
		}
	}
	if (pos != 0)
		return -EINVAL;
	/* The k-th state of a symbol, in state order, gets next[s] + k. */
	for (u = 0; u < size; u++) {
		n = w->next[t->cell[u].sym]++;
		bits = log + 1 - zs_fls(n);
		t->cell[u].bits = bits;
		t->cell[u].base = (n << bits) - size;
	}
	t->log = log;
	t->valid = true;
	return 0;
}

/* ---- Huffman literals ---- */

/* Weights from an FSE-compressed description of 'len' bytes. */
static int huf_fse_weights(struct zstd_work *w, const u8 *p, size_t len,
			   unsigned int *nw)
{
	struct fse_table *t = &w->hw;
	struct bwd_bits b;
	unsigned int log, nsym, n = 0;
	size_t hdr;
	u32 s1, s2;
	int rc;

	rc = fse_read_norm(w, p, len, HW_MAX_LOG, HW_MAX_SYM, &log, &nsym,
			   &hdr);
	if (rc || (rc = fse_build(w, t, w->norm, nsym, log)))
		return rc;
	if (bwd_init(&b, p + hdr, len - hdr))
		return -EINVAL;
	s1 = bwd_read(&b, log);
	s2 = bwd_read(&b, log);
	/*
	 * Two interleaved states; bits past the start read as zeros, and
	 * the first update that overruns ends the series with the other
	 * state's symbol.
	 */
	for (;;) {
		if (n > HUF_MAX_WEIGHTS - 2)
			return -EINVAL;
		w->weights[n++] = t->cell[s1].sym;
		s1 = t->cell[s1].base + bwd_read(&b, t->cell[s1].bits);
		bwd_reload(&b);
		if (bwd_overflow(&b)) {
			w->weights[n++] = t->cell[s2].sym;
			break;
		}
		if (n > HUF_MAX_WEIGHTS - 2)
			return -EINVAL;
		w->weights[n++] = t->cell[s2].sym;
		s2 = t->cell[s2].base + bwd_read(&b, t->cell[s2].bits);
		bwd_reload(&b);
		if (bwd_overflow(&b)) {
			w->weights[n++] = t->cell[s1].sym;
			break;
		}
	}
	*nw = n;
	return 0;
}

/* Canonical code from the weights of symbols 0..nw-1 plus the implied last. */
static int huf_build(struct zstd_work *w, unsigned int nw)
{
	struct huf_table *h = &w->huf;
	u32 total = 0, rest, pos = 0, span, i;
	unsigned int s, wt, max_bits, rank1 = 0;

	for (s = 0; s < nw; s++) {
		if (w->weights[s] > HUF_MAX_BITS)
			return -EINVAL;
		if (w->weights[s])
			total += 1u << (w->weights[s] - 1);
	}
	if (total == 0)
		return -EINVAL;
	max_bits = zs_fls(total);
	if (max_bits > HUF_MAX_BITS)
		return -EINVAL;
	rest = (1u << max_bits) - total;
	if (rest & (rest - 1))
		return -EINVAL;
	w->weights[nw++] = zs_fls(rest);
	for (s = 0; s < nw; s++)
		rank1 += w->weights[s] == 1;
	/* The longest codes come in pairs. */
	if (rank1 < 2 || (rank1 & 1))
		return -EINVAL;
	/* Lowest weight (longest code) first, symbols in natural order. */
	for (wt = 1; wt <= max_bits; wt++) {
		span = 1u << (wt - 1);
		for (s = 0; s < nw; s++) {
			if (w->weights[s] != wt)
				continue;
			for (i = 0; i < span; i++)
				h->cell[pos + i] =
					(struct huf_cell){s, max_bits + 1 - wt};
			pos += span;
		}
	}
	h->max_bits = max_bits;
	h->valid = true;
	return 0;
}

/* Huffman_Tree_Description at p; *used bytes. */
static int huf_read_tree(struct zstd_work *w, const u8 *p, size_t len,
			 size_t *used)
{
	unsigned int hb, nw, i;
	int rc;

	if (len == 0)
		return -EINVAL;
	hb = p[0];
	if (hb >= 128) {
		/* Direct: four bits a weight, first one in the high half. */
		nw = hb - 127;
		*used = 1 + (nw + 1) / 2;
		if (*used > len)
			return -EINVAL;
		for (i = 0; i < nw; i++)
			w->weights[i] =
				i & 1 ? p[1 + i / 2] & 15 : p[1 + i / 2] >> 4;
	} else {
		if (hb == 0 || hb > len - 1)
			return -EINVAL;
		rc = huf_fse_weights(w, p + 1, hb, &nw);
		if (rc)
			return rc;
		*used = 1 + hb;
	}
	return huf_build(w, nw);
}

/* Decode exactly n symbols from one stream, which must end exactly. */
static int huf_stream(const struct huf_table *h, const u8 *src, size_t len,
		      u8 *dst, size_t n)
{
	const struct huf_cell *cell = h->cell;
	unsigned int shift = 64 - h->max_bits;
	struct bwd_bits b;
	struct huf_cell e;
	size_t i = 0;

	if (bwd_init(&b, src, len))
		return -EINVAL;
	/* After a reload with bytes left, 57 bits: four 11-bit codes. */
	for (;;) {
		bwd_reload(&b);
		if (b.idx == 0 || n - i < 4)
			break;
		e = cell[(b.c << b.used) >> shift];
		dst[i++] = e.sym;
		b.used += e.bits;
		e = cell[(b.c << b.used) >> shift];
		dst[i++] = e.sym;
		b.used += e.bits;
		e = cell[(b.c << b.used) >> shift];
		dst[i++] = e.sym;
		b.used += e.bits;
		e = cell[(b.c << b.used) >> shift];
		dst[i++] = e.sym;
		b.used += e.bits;
	}
	for (; i < n; i++) {
		bwd_reload(&b);
		if (b.used >= 64)
			return -EINVAL; /* codes are at least one bit */
		e = cell[(b.c << b.used) >> shift];
		dst[i] = e.sym;
		b.used += e.bits;
	}
	bwd_reload(&b);
	return bwd_done(&b) ? 0 : -EINVAL;
}

/* 1 or 4 Huffman streams of 'len' bytes into w->lit. */
static int huf_literals(struct zstd_work *w, const u8 *p, size_t len, size_t n,
			bool four)
{
	size_t s1, s2, s3, seg;
	int rc;

	if (!four)
		return huf_stream(&w->huf, p, len, w->lit, n);
	if (len < 6)
		return -EINVAL;
	s1 = zs_le16(p);
	s2 = zs_le16(p + 2);
	s3 = zs_le16(p + 4);
	seg = (n + 3) / 4;
	if (s1 + s2 + s3 + 6 >= len || 3 * seg > n)
		return -EINVAL;
	p += 6;
	len -= 6 + s1 + s2 + s3;
	if ((rc = huf_stream(&w->huf, p, s1, w->lit, seg)) ||
	    (rc = huf_stream(&w->huf, p + s1, s2, w->lit + seg, seg)) ||
	    (rc = huf_stream(&w->huf, p + s1 + s2, s3, w->lit + 2 * seg, seg)))
		return rc;
	return huf_stream(&w->huf, p + s1 + s2 + s3, len, w->lit + 3 * seg,
			  n - 3 * seg);
}

/* Raw_ or RLE_Literals_Block at p (len bytes to the block end). */
static int lit_raw_rle(struct zs *z, const u8 *p, size_t len, size_t *used)
{
	unsigned int sf = (p[0] >> 2) & 3;
	size_t hdr = sf == 1 ? 2 : sf == 3 ? 3 : 1, regen;

	if (hdr > len)
		return -EINVAL;
	regen = hdr == 1   ? p[0] >> 3
		: hdr == 2 ? zs_le16(p) >> 4
			   : zs_le24(p) >> 4;
	if (regen > z->block_max)
		return -EINVAL;
	z->lit_len = regen;
	if ((p[0] & 3) == LIT_RAW) {
		if (regen > len - hdr)
			return -EINVAL;
		z->lit = p + hdr;
		z->lit_end = z->in + z->in_len;
		*used = hdr + regen;
		return 0;
	}
	if (hdr >= len)
		return -EINVAL;
	memset(z->w->lit, p[hdr], regen);
	z->lit = z->w->lit;
	z->lit_end = z->w->lit + sizeof(z->w->lit);
	*used = hdr + 1;
	return 0;
}

/* Literals_Section at p (len bytes to the block end); *used bytes. */
static int read_literals(struct zs *z, const u8 *p, size_t len, size_t *used)
{
	struct zstd_work *w = z->w;
	size_t hdr, regen, csize, tree = 0, i;
	unsigned int sf, fbits;
	u64 h;
	int rc;

	if (len == 0)
		return -EINVAL;
	if ((p[0] & 3) == LIT_RAW || (p[0] & 3) == LIT_RLE)
		return lit_raw_rle(z, p, len, used);
	/* Regenerated_Size then Compressed_Size, 10, 14 or 18 bits each. */
	sf = (p[0] >> 2) & 3;
	hdr = sf < 2 ? 3 : sf == 2 ? 4 : 5;
	if (hdr > len)
		return -EINVAL;
	for (h = 0, i = 0; i < hdr; i++)
		h |= (u64)p[i] << (8 * i);
	fbits = hdr * 4 - 2;
	regen = (h >> 4) & ((1u << fbits) - 1);
	csize = (h >> (4 + fbits)) & ((1u << fbits) - 1);
	if (regen > z->block_max || csize > len - hdr)
		return -EINVAL;
	p += hdr;
	if ((p[-hdr] & 3) == LIT_COMPRESSED) {
		rc = huf_read_tree(w, p, csize, &tree);
		if (rc)
			return rc;
	} else if (!w->huf.valid) {
		return -EINVAL; /* Treeless_Literals_Block, no tree yet */
	}
	rc = huf_literals(w, p + tree, csize - tree, regen, sf != 0);
	if (rc)
		return rc;
	z->lit = w->lit;
	z->lit_len = regen;
	z->lit_end = w->lit + sizeof(w->lit);
	*used = hdr + csize;
	return 0;
}

/* ---- Sequences ---- */

/* A symbol type: code tables and the predefined distribution. */
struct seq_kind {
	unsigned int max_log;
	unsigned int max_sym;
	unsigned int def_log;
	unsigned int def_nsym;
	const s16 *def_norm;
};

/*
 * Default distributions, RFC 8878 3.1.1.3.2.2, kept in the RFC's rows of
 * 16 (clang-format would reflow them out of recognition).
 */
/* clang-format off */
static const s16 ll_def_norm[36] = {
	4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
	-1, -1, -1, -1};
static const s16 ml_def_norm[53] = {
	1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1,
	-1, -1, -1, -1, -1};
static const s16 of_def_norm[29] = {
	1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1};
/* clang-format on */

static const struct seq_kind ll_kind = {LL_MAX_LOG, LL_MAX_SYM, 6, 36,
					ll_def_norm};
static const struct seq_kind of_kind = {OF_MAX_LOG, OF_MAX_SYM, 5, 29,
					of_def_norm};
static const struct seq_kind ml_kind = {ML_MAX_LOG, ML_MAX_SYM, 6, 53,
					ml_def_norm};

/*
 * Literals_Length_Code and Match_Length_Code baselines and extra bits
 * (RFC 8878 3.1.1.3.2.1), eight codes a row.
 */
/* clang-format off */
static const u32 ll_base[LL_MAX_SYM + 1] = {
	0, 1, 2, 3, 4, 5, 6, 7,
	8, 9, 10, 11, 12, 13, 14, 15,
	16, 18, 20, 22, 24, 28, 32, 40,
	48, 64, 128, 256, 512, 1024, 2048, 4096,
	8192, 16384, 32768, 65536};
static const u8 ll_bits[LL_MAX_SYM + 1] = {
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3,
	4, 6, 7, 8, 9, 10, 11, 12,
	13, 14, 15, 16};
static const u32 ml_base[ML_MAX_SYM + 1] = {
	3, 4, 5, 6, 7, 8, 9, 10,
	11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26,
	27, 28, 29, 30, 31, 32, 33, 34,
	35, 37, 39, 41, 43, 47, 51, 59,
	67, 83, 99, 131, 259, 515, 1027, 2051,
	4099, 8195, 16387, 32771, 65539};
static const u8 ml_bits[ML_MAX_SYM + 1] = {
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3,
	4, 4, 5, 7, 8, 9, 10, 11,
	12, 13, 14, 15, 16};
/* clang-format on */

/* Set up one table from its Compression_Mode; *used bytes of p. */
static int seq_table(struct zstd_work *w, struct fse_table *t,
		     const struct seq_kind *k, unsigned int mode, const u8 *p,
		     size_t len, size_t *used)
{
	unsigned int log, nsym;
	int rc;

	*used = 0;
	switch (mode) {
	case MODE_PREDEFINED:
		return fse_build(w, t, k->def_norm, k->def_nsym, k->def_log);
	case MODE_RLE:
		if (len == 0 || p[0] > k->max_sym)
			return -EINVAL;
		t->cell[0] = (struct fse_cell){0, 0, p[0]};
		t->log = 0;
		t->valid = true;
		*used = 1;
		return 0;
	case MODE_FSE:
		rc = fse_read_norm(w, p, len, k->max_log, k->max_sym, &log,
				   &nsym, used);
		return rc ? rc : fse_build(w, t, w->norm, nsym, log);
	default: /* MODE_REPEAT */
		return t->valid ? 0 : -EINVAL;
	}
}

/* Offset of a sequence from its Offset_Value; updates the history. */
static inline u32 seq_offset(u32 *rep, u32 ov, u32 ll)
{
	u32 off, idx;

	if (ov > 3) {
		off = ov - 3;
	} else {
		idx = ov - 1 + (ll == 0);
		if (idx == 0)
			return rep[0];
		off = idx == 3 ? rep[0] - 1 : rep[idx];
		if (idx == 1) {
			rep[1] = rep[0];
			rep[0] = off;
			return off;
		}
	}
	rep[2] = rep[1];
	rep[1] = rep[0];
	rep[0] = off;
	return off;
}

/* Copy n bytes from d - off to d; may write up to WILD_SLACK past d + n. */
static inline void match_copy_wild(u8 *d, size_t off, size_t n)
{
	size_t i = 0, step = off;
	u64 v;

	if (off <= 8 && !(off & (off - 1))) {
		/*
		 * Periods 1, 2, 4 and 8 (runs of zeros): every 8-byte word
		 * is the same, so store it without reading back what was
		 * just written.
		 */
		for (; i < 8 && i < n; i++)
			d[i] = d[i - off];
		if (n <= 8)
			return;
		__builtin_memcpy(&v, d, 8);
		for (; i < n; i += 8)
			__builtin_memcpy(d + i, &v, 8);
		return;
	}
	if (off < 8) {
		/* Grow the distance to a multiple of the period >= 8. */
		step = off * ((8 + off - 1) / off);
		for (; i < step && i < n; i++)
			d[i] = d[i - off];
	}
	if (step < 16) {
		for (; i < n; i += 8)
			copy8(d + i, d + i - step);
		return;
	}
	for (; i < n; i += 16)
		copy16(d + i, d + i - step);
}

static inline void lit_copy_wild(u8 *d, const u8 *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i += 16)
		copy16(d + i, s + i);
}

/* Where a sequence may write, and the literals it consumes. */
struct seq_exec {
	u8 *op;		     /* next output byte */
	u8 *oend;	     /* block limit: min(out_cap, block_max) */
	u8 *ostart;	     /* frame start */
	u8 *cap_end;	     /* end of the whole output buffer */
	bool blk_limited;    /* oend comes from block_max, not out_cap */
	const u8 *lp;	     /* next literal */
	const u8 *lend;	     /* end of the literals */
	const u8 *lreadable; /* wild copies may read up to here */
};

/* Run one sequence: ll literals, then ml bytes from off back. */
static inline int seq_exec(struct seq_exec *x, size_t ll, size_t off, size_t ml)
{
	u8 *op = x->op;

	if (unlikely(ll > (size_t)(x->lend - x->lp)))
		return -EINVAL;
	if (unlikely(ll + ml > (size_t)(x->oend - op)))
		return x->blk_limited ? -EINVAL : -ENOSPC;
	if (unlikely(off == 0 || off > (size_t)(op + ll - x->ostart)))
		return -EINVAL;
	if (likely((size_t)(x->cap_end - op) >= ll + ml + WILD_SLACK &&
		   (size_t)(x->lreadable - x->lp) >= ll + WILD_SLACK)) {
		lit_copy_wild(op, x->lp, ll);
		match_copy_wild(op + ll, off, ml);
	} else {
		memcpy(op, x->lp, ll);
		for (size_t i = 0; i < ml; i++)
			op[ll + i] = op[ll + i - off];
	}
	x->lp += ll;
	x->op = op + ll + ml;
	return 0;
}

/* Decode and execute nseq sequences from the bitstream [p, p + len). */
static int run_sequences(struct zs *z, struct seq_exec *x, const u8 *p,
			 size_t len, u32 nseq)
{
	const struct fse_cell *llt = z->w->ll.cell, *oft = z->w->of.cell,
			      *mlt = z->w->ml.cell;
	struct bwd_bits b;
	u32 sl, so, sm, i, ov, ll, ml, off;
	unsigned int oc, mc, lc;
	int rc;

	if (bwd_init(&b, p, len))
		return -EINVAL;
	sl = bwd_read(&b, z->w->ll.log);
	so = bwd_read(&b, z->w->of.log);
	sm = bwd_read(&b, z->w->ml.log);
	for (i = 0; i < nseq; i++) {
		oc = oft[so].sym;
		mc = mlt[sm].sym;
		lc = llt[sl].sym;
		bwd_reload(&b);
		ov = (1u << oc) + bwd_read(&b, oc);
		bwd_reload(&b);
		ml = ml_base[mc] + bwd_read(&b, ml_bits[mc]);
		ll = ll_base[lc] + bwd_read(&b, ll_bits[lc]);
		if (i + 1 < nseq) {
			bwd_reload(&b);
			sl = llt[sl].base + bwd_read(&b, llt[sl].bits);
			sm = mlt[sm].base + bwd_read(&b, mlt[sm].bits);
			so = oft[so].base + bwd_read(&b, oft[so].bits);
		}
		if (unlikely(bwd_overflow(&b)))
			return -EINVAL;
		off = seq_offset(z->rep, ov, ll);
		rc = seq_exec(x, ll, off, ml);
		if (rc)
			return rc;
	}
	bwd_reload(&b);
	return bwd_done(&b) ? 0 : -EINVAL;
}

/*
 * Sequences_Section_Header and the three tables at p; *n bytes used.
 * Tables change only when there are sequences.
 */
static int seq_header(struct zstd_work *w, const u8 *p, size_t len, u32 *nseq,
		      size_t *n)
{
	unsigned int modes;
	size_t used;
	int rc;

	if (len == 0)
		return -EINVAL;
	*nseq = p[0];
	*n = 1;
	if (*nseq == 255) {
		if (len < 3)
			return -EINVAL;
		*nseq = zs_le16(p + 1) + 0x7f00;
		*n = 3;
	} else if (*nseq >= 128) {
		if (len < 2)
			return -EINVAL;
		*nseq = ((*nseq - 128) << 8) + p[1];
		*n = 2;
	}
	if (*nseq == 0) /* no mode byte, no bitstream */
		return *n == len ? 0 : -EINVAL;
	if (*n >= len)
		return -EINVAL;
	modes = p[(*n)++];
	if (modes & 3)
		return -EINVAL;
	if ((rc = seq_table(w, &w->ll, &ll_kind, modes >> 6, p + *n, len - *n,
			    &used)))
		return rc;
	*n += used;
	if ((rc = seq_table(w, &w->of, &of_kind, (modes >> 4) & 3, p + *n,
			    len - *n, &used)))
		return rc;
	*n += used;
	if ((rc = seq_table(w, &w->ml, &ml_kind, (modes >> 2) & 3, p + *n,
			    len - *n, &used)))
		return rc;
	*n += used;
	return 0;
}

/* Sequences_Section at p (len bytes to the block end), then execution. */
static int read_sequences(struct zs *z, const u8 *p, size_t len)
{
	size_t room = z->out_cap - z->out_pos, n;
	struct seq_exec x = {
		.op = z->out + z->out_pos,
		.ostart = z->out + z->frame_start,
		.cap_end = z->out + z->out_cap,
		.blk_limited = z->block_max <= room,
		.lp = z->lit,
		.lend = z->lit + z->lit_len,
		.lreadable = z->lit_end,
	};
	u32 nseq;
	int rc;

	x.oend = x.op + (x.blk_limited ? z->block_max : room);
	rc = seq_header(z->w, p, len, &nseq, &n);
	if (!rc && nseq)
		rc = run_sequences(z, &x, p + n, len - n, nseq);
	/* The literals left over end the block. */
	n = x.lend - x.lp;
	if (!rc && n > (size_t)(x.oend - x.op))
		rc = x.blk_limited ? -EINVAL : -ENOSPC;
	if (!rc) {
		memcpy(x.op, x.lp, n);
		x.op += n;
	}
	z->out_pos = x.op - z->out;
	return rc;
}

/* ---- Frames ---- */

static int compressed_block(struct zs *z, const u8 *p, size_t len)
{
	size_t used;
	int rc;

	rc = read_literals(z, p, len, &used);
	if (rc)
		return rc;
	return read_sequences(z, p + used, len - used);
}

/* Frame header after the magic; sets up z for the blocks. */
struct frame_hdr {
	u64 fcs; /* Frame_Content_Size, ~0 if absent */
	u64 window;
	bool checksum;
	size_t size; /* header bytes after the magic */
};

static int frame_header(const u8 *p, size_t len, struct frame_hdr *f)
{
	static const u8 did_bytes[4] = {0, 1, 2, 4};
	static const u8 fcs_bytes[4] = {0, 2, 4, 8};
	unsigned int fhd, did_n, fcs_n, i;
	size_t n = 1;
	u64 did = 0, base;

	if (len == 0)
		return -EINVAL;
	fhd = p[0];
	if (fhd & FHD_RESERVED)
		return -EINVAL;
	did_n = did_bytes[fhd & FHD_DID];
	fcs_n = fcs_bytes[fhd >> FHD_FCS_SHIFT];
	if (fcs_n == 0 && (fhd & FHD_SINGLE_SEG))
		fcs_n = 1;
	f->size = 1 + !(fhd & FHD_SINGLE_SEG) + did_n + fcs_n;
	if (f->size > len)
		return -EINVAL;
	if (!(fhd & FHD_SINGLE_SEG)) {
		base = 1ull << (10 + (p[1] >> 3));
		f->window = base + (base / 8) * (p[1] & 7);
		n++;
	}
	for (i = 0; i < did_n; i++)
		did |= (u64)p[n + i] << (8 * i);
	n += did_n;
	f->fcs = 0;
	for (i = 0; i < fcs_n; i++)
		f->fcs |= (u64)p[n + i] << (8 * i);
	if (fcs_n == 2)
		f->fcs += 256;
	if (fcs_n == 0)
		f->fcs = ~0ull;
	if (fhd & FHD_SINGLE_SEG)
		f->window = f->fcs;
	f->checksum = fhd & FHD_CHECKSUM;
	return did ? -EOPNOTSUPP : 0;
}

/* The blocks of one frame from in[z->pos]. */
static int frame_blocks(struct zs *z)
{
	size_t size, room;
	u32 bh;
	int rc;

	/* Each block consumes at least 3 input bytes. */
	do {
		if (z->in_len - z->pos < 3)
			return -EINVAL;
		bh = zs_le24(z->in + z->pos);
		z->pos += 3;
		size = bh >> 3;
		room = z->out_cap - z->out_pos;
		if (size > z->block_max)
			return -EINVAL;
		switch ((bh >> 1) & 3) {
		case BLOCK_RAW:
			if (size > z->in_len - z->pos)
				return -EINVAL;
			if (size > room)
				return -ENOSPC;
			memcpy(z->out + z->out_pos, z->in + z->pos, size);
			z->out_pos += size;
			z->pos += size;
			break;
		case BLOCK_RLE:
			if (z->pos >= z->in_len)
				return -EINVAL;
			if (size > room)
				return -ENOSPC;
			memset(z->out + z->out_pos, z->in[z->pos], size);
			z->out_pos += size;
			z->pos++;
			break;
		case BLOCK_COMPRESSED:
			if (size > z->in_len - z->pos)
				return -EINVAL;
			rc = compressed_block(z, z->in + z->pos, size);
			if (rc)
				return rc;
			z->pos += size;
			break;
		default:
			return -EINVAL;
		}
	} while (!(bh & 1));
	return 0;
}

static void frame_reset(struct zs *z)
{
	static const u32 rep_init[3] = {1, 4, 8};

	z->w->ll.valid = z->w->of.valid = z->w->ml.valid = false;
	z->w->huf.valid = false;
	memcpy(z->rep, rep_init, sizeof(z->rep));
	z->frame_start = z->out_pos;
}

/* One Zstandard frame from in[z->pos], just after its magic. */
static int zstd_frame(struct zs *z)
{
	struct frame_hdr f;
	size_t len;
	int rc;

	rc = frame_header(z->in + z->pos, z->in_len - z->pos, &f);
	if (rc)
		return rc;
	z->pos += f.size;
	if (f.fcs != ~0ull && f.fcs > z->out_cap - z->out_pos)
		return -ENOSPC;
	z->block_max = f.window < ZSTD_BLOCK_MAX ? f.window : ZSTD_BLOCK_MAX;
	frame_reset(z);
	rc = frame_blocks(z);
	if (rc)
		return rc;
	len = z->out_pos - z->frame_start;
	if (f.fcs != ~0ull && f.fcs != len)
		return -EINVAL;
	if (f.checksum) {
		if (z->in_len - z->pos < 4)
			return -EINVAL;
		if ((u32)xxh64(z->out + z->frame_start, len) !=
		    zs_le32(z->in + z->pos))
			return -EILSEQ;
		z->pos += 4;
	}
	return 0;
}

/* Skippable frame at in[pos] (magic checked): its total size, or 0. */
static size_t skippable_size(const u8 *in, size_t in_len, size_t pos)
{
	u32 n;

	if (in_len - pos < 8)
		return 0;
	n = zs_le32(in + pos + 4);
	return n <= in_len - pos - 8 ? 8 + (size_t)n : 0;
}

int unzstd(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
	   size_t *out_len, void *work)
{
	struct zs z = {
		.in = in,
		.in_len = in_len,
		.out = out,
		.out_cap = out_cap,
		.w = work,
	};
	size_t skip;
	u32 magic;
	int rc;

	*out_len = 0;
	if ((uintptr_t)work & 7 || in_len == 0)
		return -EINVAL;
	/* Each frame consumes at least 8 input bytes. */
	while (z.pos < in_len) {
		if (in_len - z.pos < 4)
			return -EINVAL;
		magic = zs_le32(in + z.pos);
		if ((magic & ZSTD_SKIP_MASK) == ZSTD_SKIP_MAGIC) {
			skip = skippable_size(in, in_len, z.pos);
			if (!skip)
				return -EINVAL;
			z.pos += skip;
			continue;
		}
		if (magic != ZSTD_MAGIC)
			return -EINVAL;
		z.pos += 4;
		rc = zstd_frame(&z);
		*out_len = z.out_pos;
		if (rc)
			return rc;
	}
	return 0;
}

/* Input bytes of the blocks and checksum of a frame at in[pos]. */
static size_t frame_body_size(const u8 *in, size_t in_len, size_t pos,
			      bool checksum)
{
	size_t start = pos, n;
	u32 bh;

	do {
		if (in_len - pos < 3)
			return 0;
		bh = zs_le24(in + pos);
		pos += 3;
		n = ((bh >> 1) & 3) == BLOCK_RLE ? 1 : bh >> 3;
		if (n > in_len - pos)
			return 0;
		pos += n;
	} while (!(bh & 1));
	if (checksum) {
		if (in_len - pos < 4)
			return 0;
		pos += 4;
	}
	return pos - start;
}

size_t unzstd_uncompressed_size(const u8 *in, size_t in_len)
{
	struct frame_hdr f;
	size_t pos = 0, n;
	u64 total = 0;
	u32 magic;

	while (pos < in_len) {
		if (in_len - pos < 4)
			return 0;
		magic = zs_le32(in + pos);
		if ((magic & ZSTD_SKIP_MASK) == ZSTD_SKIP_MAGIC) {
			n = skippable_size(in, in_len, pos);
			if (!n)
				return 0;
			pos += n;
			continue;
		}
		if (magic != ZSTD_MAGIC)
			return 0;
		pos += 4;
		if (frame_header(in + pos, in_len - pos, &f) || f.fcs == ~0ull)
			return 0;
		pos += f.size;
		n = frame_body_size(in, in_len, pos, f.checksum);
		if (!n)
			return 0;
		pos += n;
		total += f.fcs;
		if (total < f.fcs || total != (size_t)total)
			return 0;
	}
	return total;
}
