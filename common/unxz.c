/*
 * .xz decoder for whole buffers (LZMA2, optionally behind the BCJ-x86
 * filter), used to unpack the Debian dom0 kernel in the hypervisor.
 *
 * Interface: unxz() and unxz_uncompressed_size(), see <xen/decompress.h>.
 * Written from the .xz file format specification and the LZMA/LZMA2
 * algorithm description.
 *
 * Invariants: the output buffer is the LZMA dictionary: a match may reach
 * back to the last dictionary reset and never further, so no separate
 * window exists and nothing is ever read outside [out, out + out_pos).
 * Input reads are bounds-checked; the range decoder reads zeros past the
 * end of a chunk and the chunk is then rejected.  Every loop is bounded by
 * the input or output size (each LZMA step produces at least one byte of
 * a chunk whose size was checked against the output space first).
 * Index check: the record count and the sums of unpadded and uncompressed
 * sizes must match the blocks decoded (not each record individually).
 * CRC-64 tables are built on first use (boot CPU only, no locking).
 */
#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/lib.h>

#define rc_inline inline __attribute__((__always_inline__))

/* .xz container */
#define XZ_STREAM_HDR	     12
#define XZ_STREAM_FTR	     12
#define XZ_CHECK_NONE	     0
#define XZ_CHECK_CRC32	     1
#define XZ_CHECK_CRC64	     4
#define XZ_BLOCK_FLAGS_NFILT 0x03
#define XZ_BLOCK_FLAGS_RSVD  0x3c
#define XZ_BLOCK_FLAGS_CSIZE 0x40
#define XZ_BLOCK_FLAGS_USIZE 0x80
#define XZ_FILTER_X86	     0x04
#define XZ_FILTER_LZMA2	     0x21
#define XZ_VLI_BYTES_MAX     9

/* LZMA model dimensions */
#define NR_STATES      12
#define NR_LIT_STATES  7  /* states below this follow a literal */
#define POS_STATES_MAX 16 /* pb <= 4 */
#define LEN_LOW	       8
#define LEN_MID	       8
#define LEN_HIGH       256
#define DIST_STATES    4
#define DIST_SLOTS     64
#define DIST_MODEL_END 14 /* slots >= this use direct bits + align */
#define ALIGN_BITS     4
#define LIT_CODER_SIZE 0x300
#define LIT_CODERS_MAX 16 /* lc + lp <= 4 in LZMA2 */
#define PROB_BITS      11
#define PROB_INIT      (1u << (PROB_BITS - 1))
#define MOVE_BITS      5
#define RC_TOP	       (1u << 24)

struct len_probs {
	u16 choice;
	u16 choice2;
	u16 low[POS_STATES_MAX][LEN_LOW];
	u16 mid[POS_STATES_MAX][LEN_MID];
	u16 high[LEN_HIGH];
};

/* The whole adaptive model; lives in the caller's workspace. */
struct lzma_probs {
	u16 is_match[NR_STATES][POS_STATES_MAX];
	u16 is_rep[NR_STATES];
	u16 is_rep0[NR_STATES];
	u16 is_rep1[NR_STATES];
	u16 is_rep2[NR_STATES];
	u16 is_rep0_long[NR_STATES][POS_STATES_MAX];
	u16 dist_slot[DIST_STATES][DIST_SLOTS];
	u16 dist_special[DIST_MODEL_END - 4][32]; /* reverse trees, <= 5 bits */
	u16 align[1 << ALIGN_BITS];
	struct len_probs match_len;
	struct len_probs rep_len;
	u16 literal[LIT_CODERS_MAX][LIT_CODER_SIZE]; /* must stay last */
};
BUILD_BUG_ON(sizeof(struct lzma_probs) > UNXZ_WORK_SIZE);

/* Range decoder over one LZMA chunk's compressed bytes [pos, end). */
struct rc {
	u32 range;
	u32 code;
	const u8 *in;
	size_t pos; /* may pass end: then the chunk is bad */
	size_t end;
};

/* LZMA2 decoder state, kept across the chunks of one block. */
struct lzma2 {
	struct lzma_probs *p;
	u32 state;
	u32 rep0, rep1, rep2, rep3; /* last distances, minus one */
	unsigned int lc, lp_mask, pb_mask;
	bool need_props;      /* no LZMA chunk may come before properties */
	bool need_dict_reset; /* first chunk must reset the dictionary */
	u8 *dict;	      /* output position of the last dict reset */
	size_t pos;	      /* bytes decoded since then */
	size_t cap;	      /* room from dict to the end of output */
	size_t limit;	      /* end of the current chunk, <= cap */
};

/* Whole-call state. */
struct xz {
	const u8 *in;
	size_t in_len;
	u8 *out;
	size_t out_cap;
	size_t out_pos;
	struct lzma_probs *probs;
	unsigned int check; /* check type of the current stream */
	u64 blocks;	    /* per stream, compared with the index */
	u64 sum_unpadded;
	u64 sum_usize;
};

static inline u32 xz_le32(const u8 *p)
{
	return p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static inline u64 xz_le64(const u8 *p)
{
	return xz_le32(p) | ((u64)xz_le32(p + 4) << 32);
}

static inline u32 xz_be16(const u8 *p)
{
	return ((u32)p[0] << 8) | p[1];
}

/* ---- CRC-64 (ECMA-182, reflected) ---- */

static u64 crc64_tab[256];
static bool crc64_ready;

static u64 crc64_update(u64 crc, const u8 *p, size_t n)
{
	unsigned int i, k;

	if (unlikely(!crc64_ready)) {
		for (i = 0; i < 256; i++) {
			u64 c = i;

			for (k = 0; k < 8; k++)
				c = (c >> 1) ^
				    (0xc96c5795d7870f42ull & (0ull - (c & 1)));
			crc64_tab[i] = c;
		}
		crc64_ready = true;
	}
	crc = ~crc;
	while (n--)
		crc = crc64_tab[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- range decoder ---- */

static rc_inline void rc_normalize(struct rc *rc)
{
	if (rc->range < RC_TOP) {
		rc->range <<= 8;
		rc->code = (rc->code << 8) |
			   (rc->pos < rc->end ? rc->in[rc->pos] : 0);
		rc->pos++;
	}
}

static rc_inline unsigned int rc_bit(struct rc *rc, u16 *prob)
{
	u32 bound;

	rc_normalize(rc);
	bound = (rc->range >> PROB_BITS) * *prob;
	if (rc->code < bound) {
		rc->range = bound;
		*prob += ((1u << PROB_BITS) - *prob) >> MOVE_BITS;
		return 0;
	}
	rc->range -= bound;
	rc->code -= bound;
	*prob -= *prob >> MOVE_BITS;
	return 1;
}

/* MSB-first bit tree of log2(top) bits; returns 0 .. top - 1. */
static rc_inline unsigned int rc_tree(struct rc *rc, u16 *probs,
				      unsigned int top)
{
	unsigned int sym = 1;

	do
		sym = (sym << 1) | rc_bit(rc, &probs[sym]);
	while (sym < top);
	return sym - top;
}

/* LSB-first bit tree of 'bits' bits. */
static rc_inline u32 rc_tree_rev(struct rc *rc, u16 *probs, unsigned int bits)
{
	unsigned int sym = 1, i, b;
	u32 res = 0;

	for (i = 0; i < bits; i++) {
		b = rc_bit(rc, &probs[sym]);
		sym = (sym << 1) | b;
		res |= b << i;
	}
	return res;
}

/* Bits with probability one half, MSB first. */
static rc_inline u32 rc_direct(struct rc *rc, unsigned int bits)
{
	u32 res = 0, mask;

	while (bits--) {
		rc_normalize(rc);
		rc->range >>= 1;
		mask = 0u - (rc->code >= rc->range);
		rc->code -= rc->range & mask;
		res = (res << 1) | (mask & 1);
	}
	return res;
}

/* ---- LZMA ---- */

static void lzma_reset_state(struct lzma2 *lz)
{
	u16 *p = (u16 *)lz->p;
	size_t n = offsetof(struct lzma_probs, literal) / sizeof(u16) +
		   ((size_t)LIT_CODER_SIZE << (lz->lc + fls64(lz->lp_mask)));
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = PROB_INIT;
	lz->state = 0;
	lz->rep0 = lz->rep1 = lz->rep2 = lz->rep3 = 0;
}

static rc_inline void lzma_literal(struct lzma2 *lz, struct rc *rc)
{
	unsigned int prev = lz->pos ? lz->dict[lz->pos - 1] : 0;
	unsigned int sym = 1, match, mbit, bit;
	u16 *probs;

	probs = lz->p->literal[((lz->pos & lz->lp_mask) << lz->lc) +
			       (prev >> (8 - lz->lc))];
	if (lz->state >= NR_LIT_STATES && lz->rep0 < lz->pos) {
		/* After a match: the byte at rep0 steers the model. */
		match = lz->dict[lz->pos - lz->rep0 - 1];
		do {
			mbit = (match >> 7) & 1;
			match <<= 1;
			bit = rc_bit(rc, &probs[0x100 + (mbit << 8) + sym]);
			sym = (sym << 1) | bit;
			if (bit != mbit)
				break;
		} while (sym < 0x100);
	}
	while (sym < 0x100)
		sym = (sym << 1) | rc_bit(rc, &probs[sym]);
	lz->dict[lz->pos++] = sym;
	if (lz->state < 4)
		lz->state = 0;
	else if (lz->state < 10)
		lz->state -= 3;
	else
		lz->state -= 6;
}

static rc_inline unsigned int lzma_len(struct rc *rc, struct len_probs *l,
				       unsigned int ps)
{
	if (!rc_bit(rc, &l->choice))
		return 2 + rc_tree(rc, l->low[ps], LEN_LOW);
	if (!rc_bit(rc, &l->choice2))
		return 2 + LEN_LOW + rc_tree(rc, l->mid[ps], LEN_MID);
	return 2 + LEN_LOW + LEN_MID + rc_tree(rc, l->high, LEN_HIGH);
}

static rc_inline u32 lzma_dist(struct lzma2 *lz, struct rc *rc,
			       unsigned int len)
{
	struct lzma_probs *p = lz->p;
	unsigned int slot, nbits;
	u32 dist;

	slot = rc_tree(rc, p->dist_slot[len < 5 ? len - 2 : 3], DIST_SLOTS);
	if (slot < 4)
		return slot;
	nbits = (slot >> 1) - 1;
	dist = (2 | (slot & 1)) << nbits;
	if (slot < DIST_MODEL_END)
		return dist + rc_tree_rev(rc, p->dist_special[slot - 4], nbits);
	dist += rc_direct(rc, nbits - ALIGN_BITS) << ALIGN_BITS;
	return dist + rc_tree_rev(rc, p->align, ALIGN_BITS);
}

/* A match with a new distance; returns its length. */
static rc_inline unsigned int lzma_match(struct lzma2 *lz, struct rc *rc,
					 unsigned int ps)
{
	unsigned int len;

	lz->rep3 = lz->rep2;
	lz->rep2 = lz->rep1;
	lz->rep1 = lz->rep0;
	len = lzma_len(rc, &lz->p->match_len, ps);
	lz->state = lz->state < NR_LIT_STATES ? 7 : 10;
	lz->rep0 = lzma_dist(lz, rc, len);
	return len;
}

/* A match reusing one of the last four distances; returns its length. */
static rc_inline unsigned int lzma_rep(struct lzma2 *lz, struct rc *rc,
				       unsigned int ps)
{
	struct lzma_probs *p = lz->p;
	u32 dist;

	if (!rc_bit(rc, &p->is_rep0[lz->state])) {
		if (!rc_bit(rc, &p->is_rep0_long[lz->state][ps])) {
			lz->state = lz->state < NR_LIT_STATES ? 9 : 11;
			return 1;
		}
	} else {
		if (!rc_bit(rc, &p->is_rep1[lz->state])) {
			dist = lz->rep1;
		} else {
			if (!rc_bit(rc, &p->is_rep2[lz->state])) {
				dist = lz->rep2;
			} else {
				dist = lz->rep3;
				lz->rep3 = lz->rep2;
			}
			lz->rep2 = lz->rep1;
		}
		lz->rep1 = lz->rep0;
		lz->rep0 = dist;
	}
	lz->state = lz->state < NR_LIT_STATES ? 8 : 11;
	return lzma_len(rc, &p->rep_len, ps);
}

static rc_inline void lzma_copy(u8 *dst, size_t dist, unsigned int len)
{
	const u8 *src = dst - dist;

	if (dist >= 8) {
		for (; len >= 8; len -= 8, dst += 8, src += 8)
			__builtin_memcpy(dst, src, 8);
	}
	while (len--)
		*dst++ = *src++;
}

/*
 * Decode until pos reaches limit; the caller checks the range decoder.
 * Works on local copies so that the compiler can keep the whole decoder
 * state in registers: through the pointers, every byte or probability
 * store could alias it (-fno-strict-aliasing).
 */
static int lzma_run(struct lzma2 *lzp, struct rc *rcp)
{
	struct lzma2 l = *lzp, *lz = &l;
	struct rc r = *rcp, *rc = &r;
	struct lzma_probs *p = lz->p;
	unsigned int ps, len;
	int ret = 0;

	while (lz->pos < lz->limit) {
		ps = lz->pos & lz->pb_mask;
		if (!rc_bit(rc, &p->is_match[lz->state][ps])) {
			lzma_literal(lz, rc);
			continue;
		}
		if (!rc_bit(rc, &p->is_rep[lz->state]))
			len = lzma_match(lz, rc, ps);
		else
			len = lzma_rep(lz, rc, ps);
		/* rep0 >= pos also rejects the end marker (0xffffffff). */
		if (unlikely(lz->rep0 >= lz->pos ||
			     len > lz->limit - lz->pos)) {
			ret = -EINVAL;
			break;
		}
		lzma_copy(lz->dict + lz->pos, (size_t)lz->rep0 + 1, len);
		lz->pos += len;
	}
	*lzp = l;
	*rcp = r;
	return ret;
}

/* ---- LZMA2 chunks ---- */

static int lzma2_props(struct lzma2 *lz, unsigned int b)
{
	unsigned int lc, lp, pb;

	if (b >= 9 * 5 * 5)
		return -EINVAL;
	pb = b / 45;
	lp = b % 45 / 9;
	lc = b % 9;
	if (lc + lp > 4 || pb > 4)
		return -EINVAL;
	lz->lc = lc;
	lz->lp_mask = (1u << lp) - 1;
	lz->pb_mask = (1u << pb) - 1;
	return 0;
}

/* One LZMA chunk whose 5/6-byte header starts at in[*pos - 1]. */
static int lzma2_lzma_chunk(struct lzma2 *lz, const u8 *in, size_t in_len,
			    size_t *pos, unsigned int ctl)
{
	size_t usize, csize;
	struct rc rc;
	int rc_err;

	if (in_len - *pos < 4)
		return -EINVAL;
	usize = ((size_t)(ctl & 0x1f) << 16) + xz_be16(in + *pos) + 1;
	csize = xz_be16(in + *pos + 2) + 1;
	*pos += 4;
	if (ctl >= 0xc0) {
		if (*pos >= in_len || lzma2_props(lz, in[(*pos)++]))
			return -EINVAL;
		lz->need_props = false;
	} else if (lz->need_props) {
		return -EINVAL;
	}
	if (ctl >= 0xa0)
		lzma_reset_state(lz);
	if (csize > in_len - *pos || csize < 5 || in[*pos] != 0)
		return -EINVAL;
	if (usize > lz->cap - lz->pos)
		return -ENOSPC;
	rc.in = in;
	rc.code = xz_le32(in + *pos + 1);
	rc.code = __builtin_bswap32(rc.code);
	rc.range = 0xffffffffu;
	rc.pos = *pos + 5;
	rc.end = *pos + csize;
	lz->limit = lz->pos + usize;
	rc_err = lzma_run(lz, &rc);
	rc_normalize(&rc);
	if (rc_err || rc.code != 0 || rc.pos != rc.end)
		return -EINVAL;
	*pos = rc.end;
	return 0;
}

static int lzma2_stored_chunk(struct lzma2 *lz, const u8 *in, size_t in_len,
			      size_t *pos)
{
	size_t n;

	if (in_len - *pos < 2)
		return -EINVAL;
	n = xz_be16(in + *pos) + 1;
	*pos += 2;
	if (n > in_len - *pos)
		return -EINVAL;
	if (n > lz->cap - lz->pos)
		return -ENOSPC;
	memcpy(lz->dict + lz->pos, in + *pos, n);
	lz->pos += n;
	*pos += n;
	return 0;
}

/*
 * Decode LZMA2 chunks from in[*pos] to the end marker, writing at
 * lz->dict + lz->pos.  Every chunk consumes input, so this terminates.
 */
static int lzma2_decode(struct lzma2 *lz, const u8 *in, size_t in_len,
			size_t *pos)
{
	unsigned int ctl;
	int rc;

	for (;;) {
		if (*pos >= in_len)
			return -EINVAL;
		ctl = in[(*pos)++];
		if (ctl == 0)
			return 0;
		if (ctl >= 0xe0 || ctl == 1) {
			lz->dict += lz->pos;
			lz->cap -= lz->pos;
			lz->pos = 0;
			lz->need_props = true;
			lz->need_dict_reset = false;
		} else if (lz->need_dict_reset) {
			return -EINVAL;
		}
		if (ctl >= 0x80)
			rc = lzma2_lzma_chunk(lz, in, in_len, pos, ctl);
		else if (ctl <= 2)
			rc = lzma2_stored_chunk(lz, in, in_len, pos);
		else
			rc = -EINVAL;
		if (rc)
			return rc;
	}
}

/* ---- BCJ x86 ---- */

static inline bool x86_ms_byte(u8 b)
{
	return b == 0 || b == 0xff;
}

/*
 * Undo the x86 branch converter: E8/E9 rel32 operands were turned into
 * absolute addresses (relative to 'ip', the block start offset).  'mask'
 * remembers which of the previous three bytes were E8/E9 opcodes that
 * were not converted, the heuristic the encoder used to skip false hits.
 */
static void bcj_x86_decode(u8 *buf, size_t size, u32 ip)
{
	static const bool mask_ok[8] = {1, 1, 1, 0, 1, 0, 0, 0};
	static const u8 mask_byte[8] = {0, 1, 2, 2, 3, 3, 3, 3};
	size_t i, prev = (size_t)-1, gap;
	unsigned int mask = 0, shift, tries;
	u32 src, dest = 0;

	for (i = 0; size >= 5 && i < size - 4; i++) {
		if ((buf[i] & 0xfe) != 0xe8)
			continue;
		gap = i - prev;
		prev = i;
		if (gap > 3) {
			mask = 0;
		} else {
			mask = (mask << (gap - 1)) & 7;
			if (mask &&
			    (!mask_ok[mask] ||
			     x86_ms_byte(buf[i + 4 - mask_byte[mask]]))) {
				mask = ((mask << 1) & 7) | 1;
				continue;
			}
		}
		if (!x86_ms_byte(buf[i + 4])) {
			mask = ((mask << 1) & 7) | 1;
			continue;
		}
		src = xz_le32(buf + i + 1);
		/* The encoder's loop settles in at most a few rounds. */
		for (tries = 0; tries < 8; tries++) {
			dest = src - (ip + (u32)i + 5);
			if (!mask)
				break;
			shift = 24 - mask_byte[mask] * 8;
			if (!x86_ms_byte((u8)(dest >> shift)))
				break;
			src = dest ^ ((1u << (shift + 8)) - 1);
		}
		dest &= 0x01ffffff;
		dest |= 0u - (dest & 0x01000000);
		buf[i + 1] = dest;
		buf[i + 2] = dest >> 8;
		buf[i + 3] = dest >> 16;
		buf[i + 4] = dest >> 24;
		i += 4;
	}
}

/* ---- .xz container ---- */

/* Variable-length integer: 7 bits a byte, at most 9 bytes, minimal form. */
static int read_vli(const u8 *in, size_t end, size_t *pos, u64 *val)
{
	u64 v = 0;
	unsigned int i, b;

	for (i = 0; i < XZ_VLI_BYTES_MAX; i++) {
		if (*pos >= end)
			return -EINVAL;
		b = in[(*pos)++];
		v |= (u64)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			if (b == 0 && i != 0)
				return -EINVAL;
			*val = v;
			return 0;
		}
	}
	return -EINVAL;
}

static size_t check_size(unsigned int check)
{
	static const u8 sizes[16] = {0,	 4,  4,	 4,  8,	 8,  8,	 16,
				     16, 16, 32, 32, 32, 64, 64, 64};

	return sizes[check & 15];
}

/* What a block header asks for. */
struct xz_block_hdr {
	size_t size;	  /* header bytes, CRC included */
	u64 csize, usize; /* ~0 when not stored */
	bool x86;	  /* BCJ-x86 before LZMA2 */
	u32 x86_start;	  /* BCJ start offset */
};

/* Filter flags in [*pos, end): [x86,] lzma2 is all we support. */
static int parse_filters(const u8 *in, size_t end, size_t *pos,
			 unsigned int nfilt, struct xz_block_hdr *h)
{
	u64 id, psize;
	unsigned int i;

	for (i = 0; i < nfilt; i++) {
		if (read_vli(in, end, pos, &id) ||
		    read_vli(in, end, pos, &psize) || psize > end - *pos)
			return -EINVAL;
		if (i + 1 < nfilt) {
			if (id != XZ_FILTER_X86 || i != 0)
				return -EOPNOTSUPP;
			if (psize == 4)
				h->x86_start = xz_le32(in + *pos);
			else if (psize != 0)
				return -EOPNOTSUPP;
			h->x86 = true;
		} else {
			if (id != XZ_FILTER_LZMA2)
				return -EOPNOTSUPP;
			/* Dictionary size byte; unused: output = window. */
			if (psize != 1 || in[*pos] > 40)
				return -EINVAL;
		}
		*pos += psize;
	}
	return 0;
}

static int parse_block_header(const struct xz *x, size_t pos,
			      struct xz_block_hdr *h)
{
	const u8 *in = x->in;
	size_t end, hpos = pos + 2;
	unsigned int flags;
	int rc;

	h->size = ((size_t)in[pos] + 1) * 4;
	if (h->size > x->in_len - pos)
		return -EINVAL;
	end = pos + h->size - 4;
	if (crc32_update(0, in + pos, h->size - 4) != xz_le32(in + end))
		return -EILSEQ;
	flags = in[pos + 1];
	if (flags & XZ_BLOCK_FLAGS_RSVD)
		return -EOPNOTSUPP;
	h->csize = h->usize = ~0ull;
	h->x86 = false;
	h->x86_start = 0;
	if ((flags & XZ_BLOCK_FLAGS_CSIZE) &&
	    (read_vli(in, end, &hpos, &h->csize) || h->csize == 0))
		return -EINVAL;
	if ((flags & XZ_BLOCK_FLAGS_USIZE) &&
	    read_vli(in, end, &hpos, &h->usize))
		return -EINVAL;
	rc = parse_filters(in, end, &hpos, (flags & XZ_BLOCK_FLAGS_NFILT) + 1,
			   h);
	if (rc)
		return rc;
	for (; hpos < end; hpos++)
		if (in[hpos])
			return -EINVAL;
	return 0;
}

/* Verify the block's check field at in[pos] against out[start, out_pos). */
static int verify_check(const struct xz *x, size_t pos, size_t start)
{
	const u8 *p = x->in + pos, *data = x->out + start;
	size_t n = x->out_pos - start;

	if (x->check == XZ_CHECK_CRC32 &&
	    xz_le32(p) != crc32_update(0, data, n))
		return -EILSEQ;
	if (x->check == XZ_CHECK_CRC64 &&
	    xz_le64(p) != crc64_update(0, data, n))
		return -EILSEQ;
	return 0; /* none, or a type we skip (SHA-256, reserved) */
}

/* Decode the block starting at in[*pos]. */
static int xz_block(struct xz *x, size_t *pos)
{
	struct xz_block_hdr h;
	struct lzma2 lz;
	size_t start = *pos, data, csize, usize, cs = check_size(x->check);
	int rc;

	rc = parse_block_header(x, start, &h);
	if (rc)
		return rc;
	lz = (struct lzma2){
		.p = x->probs,
		.need_props = true,
		.need_dict_reset = true,
		.dict = x->out + x->out_pos,
		.cap = x->out_cap - x->out_pos,
	};
	data = start + h.size;
	*pos = data;
	rc = lzma2_decode(&lz, x->in, x->in_len, pos);
	usize = (size_t)(lz.dict + lz.pos - (x->out + x->out_pos));
	x->out_pos += usize;
	if (rc)
		return rc;
	csize = *pos - data;
	if ((h.csize != ~0ull && h.csize != csize) ||
	    (h.usize != ~0ull && h.usize != usize))
		return -EINVAL;
	for (; (*pos - start) & 3; (*pos)++)
		if (*pos >= x->in_len || x->in[*pos])
			return -EINVAL;
	if (cs > x->in_len - *pos)
		return -EINVAL;
	if (h.x86)
		bcj_x86_decode(x->out + x->out_pos - usize, usize, h.x86_start);
	rc = verify_check(x, *pos, x->out_pos - usize);
	*pos += cs;
	x->blocks++;
	x->sum_unpadded += h.size + csize + cs;
	x->sum_usize += usize;
	return rc;
}

/* Totals an index describes. */
struct xz_index {
	u64 count;
	u64 sum_unpadded;
	u64 sum_usize;
	size_t size; /* bytes, indicator to CRC inclusive */
};

/* Parse and CRC-check the index at in[start]; 'end' bounds it. */
static int parse_index(const u8 *in, size_t start, size_t end,
		       struct xz_index *ix)
{
	size_t pos = start + 1;
	u64 i, unpadded, usize;

	if (start >= end || in[start] != 0)
		return -EINVAL;
	ix->sum_unpadded = ix->sum_usize = 0;
	if (read_vli(in, end, &pos, &ix->count))
		return -EINVAL;
	/* Each record is at least 2 bytes: bounded by the input. */
	for (i = 0; i < ix->count; i++) {
		if (read_vli(in, end, &pos, &unpadded) ||
		    read_vli(in, end, &pos, &usize))
			return -EINVAL;
		ix->sum_unpadded += unpadded;
		ix->sum_usize += usize;
	}
	for (; (pos - start) & 3; pos++)
		if (pos >= end || in[pos])
			return -EINVAL;
	if (end - pos < 4)
		return -EINVAL;
	if (crc32_update(0, in + start, pos - start) != xz_le32(in + pos))
		return -EILSEQ;
	ix->size = pos + 4 - start;
	return 0;
}

/* Stream footer at in[pos]: CRC, backward size, flags, "YZ". */
static int check_footer(const u8 *in, size_t pos, size_t index_size,
			const u8 *flags)
{
	const u8 *f = in + pos;

	if (f[10] != 'Y' || f[11] != 'Z')
		return -EINVAL;
	if (crc32_update(0, f + 4, 6) != xz_le32(f))
		return -EILSEQ;
	if (((u64)xz_le32(f + 4) + 1) * 4 != index_size)
		return -EINVAL;
	if (flags && (f[8] != flags[0] || f[9] != flags[1]))
		return -EINVAL;
	return 0;
}

static const u8 xz_magic[6] = {0xfd, '7', 'z', 'X', 'Z', 0};

/* One stream from in[*pos]: header, blocks, index, footer. */
static int xz_stream(struct xz *x, size_t *pos)
{
	const u8 *in = x->in, *hdr = in + *pos;
	struct xz_index ix;
	int rc;

	if (x->in_len - *pos < XZ_STREAM_HDR + XZ_STREAM_FTR ||
	    memcmp(hdr, xz_magic, sizeof(xz_magic)))
		return -EINVAL;
	if (hdr[6] != 0 || (hdr[7] & 0xf0))
		return -EOPNOTSUPP;
	if (crc32_update(0, hdr + 6, 2) != xz_le32(hdr + 8))
		return -EILSEQ;
	x->check = hdr[7];
	x->blocks = x->sum_unpadded = x->sum_usize = 0;
	*pos += XZ_STREAM_HDR;
	/* Each block consumes at least 12 input bytes. */
	while (*pos < x->in_len && in[*pos] != 0) {
		rc = xz_block(x, pos);
		if (rc)
			return rc;
	}
	rc = parse_index(in, *pos, x->in_len, &ix);
	if (rc)
		return rc;
	if (ix.count != x->blocks || ix.sum_unpadded != x->sum_unpadded ||
	    ix.sum_usize != x->sum_usize)
		return -EINVAL;
	*pos += ix.size;
	if (x->in_len - *pos < XZ_STREAM_FTR)
		return -EINVAL;
	rc = check_footer(in, *pos, ix.size, hdr + 6);
	*pos += XZ_STREAM_FTR;
	return rc;
}

int unxz(const u8 *in, size_t in_len, u8 *out, size_t out_cap, size_t *out_len,
	 void *work)
{
	struct xz x = {
		.in = in,
		.in_len = in_len,
		.out = out,
		.out_cap = out_cap,
		.probs = work,
	};
	size_t pos = 0;
	int rc;

	*out_len = 0;
	if ((uintptr_t)work & 7)
		return -EINVAL;
	do {
		rc = xz_stream(&x, &pos);
		*out_len = x.out_pos;
		if (rc)
			return rc;
		/* Stream padding: zero bytes in groups of four. */
		while (in_len - pos >= 4 && xz_le32(in + pos) == 0)
			pos += 4;
	} while (pos < in_len);
	return 0;
}

size_t unxz_uncompressed_size(const u8 *in, size_t in_len)
{
	struct xz_index ix;
	size_t end = in_len, ftr, ixstart;
	u64 bsize;

	if (in_len & 3)
		return 0;
	while (end >= 4 && xz_le32(in + end - 4) == 0)
		end -= 4;
	if (end < XZ_STREAM_HDR + XZ_STREAM_FTR ||
	    memcmp(in, xz_magic, sizeof(xz_magic)))
		return 0;
	ftr = end - XZ_STREAM_FTR;
	bsize = ((u64)xz_le32(in + ftr + 4) + 1) * 4;
	if (bsize > ftr - XZ_STREAM_HDR)
		return 0;
	ixstart = ftr - bsize;
	if (parse_index(in, ixstart, ftr, &ix) || ix.size != bsize ||
	    check_footer(in, ftr, ix.size, NULL))
		return 0;
	if (ix.sum_usize != (size_t)ix.sum_usize)
		return 0;
	return ix.sum_usize;
}
