/*
 * Unit tests for tools/xenconsoled's ring arithmetic and log names
 * (cons_ring.c compiled in): output and input copies across the wrap of
 * the ring and of the 32-bit indexes, the bound on what one call takes,
 * rings whose guest-written indexes are impossible (nothing copied, no
 * index written, the daemon goes on), file names made from hostile
 * domain names, timestamped log lines, and the client's first line.
 */
#include <string.h>

#include "check.h"
#include "../../tools/xenconsoled/cons_ring.c"

static struct xencons_interface ring;

/* The guest writes len bytes of out (as Linux's hvc_xen does). */
static void guest_write(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		ring.out[MASK_XENCONS_IDX(ring.out_prod + i, ring.out)] = s[i];
	ring.out_prod += (XENCONS_RING_IDX)len;
}

static void test_out_basic(void)
{
	char buf[4096];

	memset(&ring, 0, sizeof(ring));
	CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), 0);
	guest_write("hello\n", 6);
	CHECK_EQ(cons_ring_out_avail(&ring), 6);
	CHECK_EQ(cons_ring_out(&ring, buf, 3), 3); /* bounded by max */
	CHECK(memcmp(buf, "hel", 3) == 0);
	CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), 3);
	CHECK(memcmp(buf, "lo\n", 3) == 0);
	CHECK_EQ(ring.out_cons, 6);
	CHECK_EQ(cons_ring_out_avail(&ring), 0);
}

static void test_out_wrap(void)
{
	char data[sizeof(ring.out)], buf[sizeof(ring.out)];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + 1);
	/* indexes just below 2^32, and a full ring split by the wrap */
	memset(&ring, 0, sizeof(ring));
	ring.out_cons = ring.out_prod = 0xffffffffu - 100;
	guest_write(data, sizeof(data));
	CHECK_EQ(cons_ring_out_avail(&ring), sizeof(ring.out));
	CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), sizeof(buf));
	CHECK(memcmp(buf, data, sizeof(data)) == 0);
	CHECK_EQ(ring.out_cons, (XENCONS_RING_IDX)(0xffffffffu - 100 + 2048));
	/* many small writes walk every offset */
	for (i = 0; i < 5000; i++) {
		guest_write(data + i % 1000, 1 + i % 13);
		CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), 1 + i % 13);
		if (memcmp(buf, data + i % 1000, 1 + i % 13))
			CHECK(!"wrong bytes");
	}
}

static void test_out_hostile(void)
{
	char buf[4096];
	XENCONS_RING_IDX bad[] = {2049, 0x80000000u, 0xffffffffu, 100000};
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&ring, 0, sizeof(ring));
		ring.out_cons = 5;
		ring.out_prod = 5 + bad[i];
		CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), -1);
		CHECK_EQ(cons_ring_out_avail(&ring), -1);
		CHECK_EQ(ring.out_cons, 5); /* untouched */
		/* the guest repairs its index: served again */
		ring.out_prod = 5 + 4;
		CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), 4);
	}
	/* cons ahead of prod (the guest wrote our index) */
	memset(&ring, 0, sizeof(ring));
	ring.out_cons = 10;
	ring.out_prod = 9;
	CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), -1);
	/* exactly full is fine */
	ring.out_prod = 10 + 2048;
	CHECK_EQ(cons_ring_out(&ring, buf, sizeof(buf)), 2048);
}

static void test_in(void)
{
	char big[2000];
	unsigned int i;

	memset(&ring, 0, sizeof(ring));
	memset(big, 'x', sizeof(big));
	CHECK_EQ(cons_ring_in(&ring, "ls\n", 3), 3);
	CHECK(memcmp(ring.in, "ls\n", 3) == 0 && ring.in_prod == 3);
	/* only what fits: 1024 - 3 */
	CHECK_EQ(cons_ring_in(&ring, big, sizeof(big)), 1021);
	CHECK_EQ(cons_ring_in(&ring, big, 1), 0);
	ring.in_cons = 1000; /* the guest consumed */
	CHECK_EQ(cons_ring_in(&ring, "abcdefghijklmnopqrstuvwxyz", 26), 26);
	/* those went across the end of in[] */
	CHECK(ring.in[0] == 'a' && ring.in[1023] == 'x');
	CHECK_EQ(ring.in_prod, 1050);
	/* hostile: the guest's in_cons is far from our in_prod */
	ring.in_cons = 1050 + 5;
	CHECK_EQ(cons_ring_in(&ring, "z", 1), -1);
	CHECK_EQ(ring.in_prod, 1050);
	ring.in_cons = 1050 - 1025;
	CHECK_EQ(cons_ring_in(&ring, "z", 1), -1);
	ring.in_prod = 0xfffffffeu;
	ring.in_cons = 0xfffffffeu;
	for (i = 0; i < 10; i++) {
		CHECK_EQ(cons_ring_in(&ring, "q", 1), 1);
		ring.in_cons++;
	}
	CHECK_EQ(ring.in_prod, 8);
	CHECK(ring.in[MASK_XENCONS_IDX(0xffffffffu, ring.in)] == 'q');
}

static void test_log_names(void)
{
	char out[CONS_NAME_MAX + 16], longname[200];

	cons_log_name("debian", 3, out, sizeof(out));
	CHECK(strcmp(out, "guest-debian.log") == 0);
	cons_log_name("../../etc/passwd", 3, out, sizeof(out));
	CHECK(strcmp(out, "guest-.._.._etc_passwd.log") == 0);
	CHECK(strchr(out, '/') == NULL);
	cons_log_name("a\nb\x7f\x01", 3, out, sizeof(out));
	CHECK(strcmp(out, "guest-a_b__.log") == 0);
	cons_log_name("", 42, out, sizeof(out));
	CHECK(strcmp(out, "guest-42.log") == 0);
	cons_log_name(NULL, 7, out, sizeof(out));
	CHECK(strcmp(out, "guest-7.log") == 0);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cons_log_name(longname, 1, out, sizeof(out));
	CHECK_EQ(strlen(out), 6 + CONS_NAME_MAX + 4);
	cons_log_name("x", 1, out, 4); /* truncated, terminated */
	CHECK_EQ(strlen(out), 3);
}

static void test_stamps(void)
{
	const char *st = "[2026-12-07 10:00:00] ";
	char dst[cons_stamp_bound(64)];
	bool bol = true;
	size_t n;

	CHECK_EQ(strlen(st), CONS_STAMP_LEN);
	n = cons_stamp("ab\ncd", 5, dst, &bol, st);
	dst[n] = '\0';
	CHECK(strcmp(dst, "[2026-12-07 10:00:00] ab\n"
			  "[2026-12-07 10:00:00] cd") == 0);
	CHECK(!bol);
	n = cons_stamp("e\n", 2, dst, &bol, st); /* continues the line */
	dst[n] = '\0';
	CHECK(strcmp(dst, "e\n") == 0 && bol);
	n = cons_stamp("\n\n", 2, dst, &bol, st);
	CHECK_EQ(n, 2 * (CONS_STAMP_LEN + 1));
	CHECK(n <= cons_stamp_bound(2));
}

static void test_client_line(void)
{
	uint32_t id = 99;

	CHECK_EQ(cons_parse_domid("1", &id), 0);
	CHECK_EQ(id, 1);
	CHECK_EQ(cons_parse_domid("32751\r", &id), 0);
	CHECK_EQ(id, 32751);
	id = 99;
	CHECK_EQ(cons_parse_domid("32752", &id), -1); /* DOMID_FIRST_RESERVED */
	CHECK_EQ(cons_parse_domid("99999999999999999999", &id), -1);
	CHECK_EQ(cons_parse_domid("", &id), -1);
	CHECK_EQ(cons_parse_domid("\r", &id), -1);
	CHECK_EQ(cons_parse_domid(" 5", &id), -1);
	CHECK_EQ(cons_parse_domid("+5", &id), -1);
	CHECK_EQ(cons_parse_domid("-1", &id), -1);
	CHECK_EQ(cons_parse_domid("5x", &id), -1);
	CHECK_EQ(cons_parse_domid("5\r\r", &id), -1);
	CHECK_EQ(cons_parse_domid("0x10", &id), -1);
	CHECK_EQ(id, 99); /* untouched on failure */
}

int main(void)
{
	test_out_basic();
	test_out_wrap();
	test_out_hostile();
	test_in();
	test_log_names();
	test_stamps();
	test_client_line();
	return unit_finish("xenconsoled");
}
