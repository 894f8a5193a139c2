/*
 * xenconsoled's side of a console ring page, and the names of its log
 * files.  Plain C on memory (host unit tests include this file).
 *
 * Interface: see xenconsoled.h (cons_ring_*, cons_log_name, cons_stamp,
 * cons_parse_domid).
 *
 * Invariants: the guest may write any value into any index at any time,
 * so each index is read once per call, before the data, and the pair is
 * checked (prod - cons <= ring size, unsigned) before a byte is copied;
 * a ring that fails the check is not touched (no index is written), as
 * Xen's xenconsoled ignores a "screwed" ring.  Our index is published
 * after the data with a full barrier in between.
 */
#include <stdio.h>
#include <string.h>

#include <public/xen.h>

#include "xenconsoled.h"

static XENCONS_RING_IDX load_idx(const XENCONS_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void store_idx(XENCONS_RING_IDX *p, XENCONS_RING_IDX v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

int cons_ring_out_avail(const struct xencons_interface *intf)
{
	XENCONS_RING_IDX cons = load_idx(&intf->out_cons);
	XENCONS_RING_IDX prod = load_idx(&intf->out_prod);

	if ((XENCONS_RING_IDX)(prod - cons) > sizeof(intf->out))
		return -1;
	return (int)(XENCONS_RING_IDX)(prod - cons);
}

int cons_ring_out(struct xencons_interface *intf, char *buf, size_t max)
{
	XENCONS_RING_IDX cons = load_idx(&intf->out_cons);
	XENCONS_RING_IDX prod = load_idx(&intf->out_prod);
	size_t avail, done = 0, chunk, off;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((XENCONS_RING_IDX)(prod - cons) > sizeof(intf->out))
		return -1;
	avail = (XENCONS_RING_IDX)(prod - cons);
	if (avail > max)
		avail = max;
	while (done < avail) {
		off = MASK_XENCONS_IDX(cons + done, intf->out);
		chunk = sizeof(intf->out) - off;
		if (chunk > avail - done)
			chunk = avail - done;
		memcpy(buf + done, intf->out + off, chunk);
		done += chunk;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_idx(&intf->out_cons, cons + (XENCONS_RING_IDX)done);
	return (int)done;
}

int cons_ring_in(struct xencons_interface *intf, const char *buf, size_t len)
{
	XENCONS_RING_IDX cons = load_idx(&intf->in_cons);
	XENCONS_RING_IDX prod = load_idx(&intf->in_prod);
	size_t space, done = 0, chunk, off;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((XENCONS_RING_IDX)(prod - cons) > sizeof(intf->in))
		return -1;
	space = sizeof(intf->in) - (XENCONS_RING_IDX)(prod - cons);
	if (space > len)
		space = len;
	while (done < space) {
		off = MASK_XENCONS_IDX(prod + done, intf->in);
		chunk = sizeof(intf->in) - off;
		if (chunk > space - done)
			chunk = space - done;
		memcpy(intf->in + off, buf + done, chunk);
		done += chunk;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	store_idx(&intf->in_prod, prod + (XENCONS_RING_IDX)done);
	return (int)done;
}

void cons_log_name(const char *name, uint32_t domid, char *out, size_t size)
{
	char safe[CONS_NAME_MAX + 1];
	size_t i, n = 0;
	unsigned char ch;

	for (i = 0; name && name[i] && n < CONS_NAME_MAX; i++) {
		ch = (unsigned char)name[i];
		safe[n++] =
			(ch == '/' || ch < 0x20 || ch == 0x7f) ? '_' : (char)ch;
	}
	safe[n] = '\0';
	if (n)
		snprintf(out, size, "guest-%s.log", safe);
	else
		snprintf(out, size, "guest-%u.log", domid);
}

size_t cons_stamp(const char *src, size_t len, char *dst, bool *bol,
		  const char *stamp)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (*bol) {
			memcpy(dst + n, stamp, CONS_STAMP_LEN);
			n += CONS_STAMP_LEN;
			*bol = false;
		}
		dst[n++] = src[i];
		if (src[i] == '\n')
			*bol = true;
	}
	return n;
}

int cons_parse_domid(const char *line, uint32_t *domid)
{
	uint32_t v = 0;
	size_t i;

	for (i = 0; line[i] >= '0' && line[i] <= '9'; i++) {
		v = v * 10 + (uint32_t)(line[i] - '0');
		if (v >= DOMID_FIRST_RESERVED)
			return -1;
	}
	if (line[i] == '\r')
		i++;
	if (i == 0 || line[i] != '\0' || line[0] == '\r')
		return -1;
	*domid = v;
	return 0;
}
