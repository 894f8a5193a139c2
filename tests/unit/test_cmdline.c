/*
 * Unit test: the command-line tokenizer, value grammars and the
 * hypervisor's option table, compiled from the image's own sources.
 */
#include "check.h"
#include <string.h>
#include "../../common/lib.c"
#include "../../common/cmdline.c"
#include "../../xen/cmdline.c"

static int complaints_seen;
static char last_complaint[128];

static void record(const char *what, const char *tok)
{
	complaints_seen++;
	snprintf(last_complaint, sizeof(last_complaint), "%s:%s", what, tok);
}

static void reset_opts(void)
{
	memset(&opt_dom0_mem, 0, sizeof(opt_dom0_mem));
	opt_com1 = (struct com_opt){ 0, 8, 'n', 1, 0, 0 };
	opt_console_com1 = true;
	opt_console_vga = false;
	opt_loglvl = opt_guest_loglvl = LOGLVL_WARNING;
	opt_maxcpus = 0;
	opt_noreboot = false;
	opt_dom0_max_vcpus_min = opt_dom0_max_vcpus_max = 0;
	strcpy(opt_sched, "credit");
	opt_selftest[0] = 0;
	complaints_seen = 0;
}

static int parse(const char *s)
{
	return cmdline_parse(s, boot_params, ARRAY_SIZE(boot_params), record);
}

static void test_sizes(void)
{
	u64 b;
	const char *end;

	CHECK(parse_size("512M", &end, 10, &b)); CHECK_EQ(b, 512ULL << 20);
	CHECK(parse_size("4G", &end, 10, &b)); CHECK_EQ(b, 4ULL << 30);
	CHECK(parse_size("458752", &end, 10, &b)); CHECK_EQ(b, 458752ULL << 10);
	CHECK(parse_size("4096b", &end, 10, &b)); CHECK_EQ(b, 4096);
	CHECK(parse_size("1k", &end, 10, &b)); CHECK_EQ(b, 1024);
	CHECK(!parse_size("M", &end, 10, &b));
	CHECK(parse_size("99999999999999999999G", &end, 10, &b));
	CHECK_EQ(b, ~0ULL);                       /* saturates, never wraps */
}

static void test_dom0_mem(void)
{
	reset_opts();
	CHECK_EQ(parse("dom0_mem=458752"), 0);
	CHECK(opt_dom0_mem.set);
	CHECK_EQ(opt_dom0_mem.amount, 448ULL << 20);
	reset_opts();
	CHECK_EQ(parse("dom0_mem=512M,max:1G"), 0);
	CHECK_EQ(opt_dom0_mem.amount, 512ULL << 20);
	CHECK_EQ(opt_dom0_mem.max, 1ULL << 30);
	reset_opts();
	CHECK_EQ(parse("dom0_mem=min:128M,max:2G"), 0);
	CHECK_EQ(opt_dom0_mem.min, 128ULL << 20);
	CHECK_EQ(opt_dom0_mem.max, 2ULL << 30);
	CHECK_EQ(opt_dom0_mem.amount, 0);
	reset_opts();
	CHECK_EQ(parse("dom0_mem=bogus"), 1);
	CHECK(!opt_dom0_mem.set);                 /* bad value: no state change */
	CHECK_EQ(parse("dom0_mem=512M,"), 1);
	CHECK_EQ(parse("dom0_mem=0"), 1);
}

static void test_com1(void)
{
	reset_opts();
	CHECK_EQ(parse("com1=115200,8n1"), 0);
	CHECK_EQ(opt_com1.baud, 115200);
	CHECK_EQ(opt_com1.data_bits, 8);
	CHECK_EQ(opt_com1.parity, 'n');
	CHECK_EQ(opt_com1.stop_bits, 1);
	CHECK_EQ(parse("com1=9600,7e2,0x2f8,3"), 0);
	CHECK_EQ(opt_com1.baud, 9600);
	CHECK_EQ(opt_com1.parity, 'e');
	CHECK_EQ(opt_com1.stop_bits, 2);
	CHECK_EQ(opt_com1.io_base, 0x2f8);
	CHECK_EQ(opt_com1.irq, 3);
	CHECK_EQ(parse("com1=auto"), 0);
	CHECK_EQ(opt_com1.baud, 0);
	CHECK_EQ(parse("com1=115200,8x1"), 1);
	CHECK_EQ(parse("com1=1"), 1);
}

static void test_misc(void)
{
	reset_opts();
	CHECK_EQ(parse("  console=com1,vga loglvl=all guest_loglvl=error/warning "), 0);
	CHECK(opt_console_com1 && opt_console_vga);
	CHECK_EQ(opt_loglvl, LOGLVL_DEBUG);
	CHECK_EQ(opt_guest_loglvl, LOGLVL_ERR);
	CHECK_EQ(parse("console=vga"), 0);
	CHECK(!opt_console_com1 && opt_console_vga);
	CHECK_EQ(parse("maxcpus=2 noreboot dom0_max_vcpus=1-4 sched=credit"), 0);
	CHECK_EQ(opt_maxcpus, 2);
	CHECK(opt_noreboot);
	CHECK_EQ(opt_dom0_max_vcpus_min, 1);
	CHECK_EQ(opt_dom0_max_vcpus_max, 4);
	CHECK_EQ(parse("no-noreboot"), 0);
	CHECK(!opt_noreboot);
	CHECK_EQ(parse("noreboot=yes"), 0);
	CHECK(opt_noreboot);
	CHECK_EQ(parse("dom0_max_vcpus=4-1"), 1);
	CHECK_EQ(parse("maxcpus=two"), 1);
	CHECK_EQ(opt_maxcpus, 2);
}

static void test_unknown_and_quotes(void)
{
	reset_opts();
	CHECK_EQ(parse("foo=bar dom0_mem=512M"), 1);
	CHECK(!strcmp(last_complaint, "unknown option:foo"));
	CHECK_EQ(opt_dom0_mem.amount, 512ULL << 20);
	CHECK_EQ(parse("selftest=\"fault\""), 0);
	CHECK(!strcmp(opt_selftest, "fault"));
	CHECK_EQ(parse("selftest=waytoolongforthebuffer"), 1);
	CHECK_EQ(parse(""), 0);
	CHECK_EQ(parse(NULL), 0);
	/* A token longer than the tokenizer buffer is truncated, not overrun. */
	char big[1000];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	CHECK_EQ(parse(big), 1);
}

int main(void)
{
	test_sizes();
	test_dom0_mem();
	test_com1();
	test_misc();
	test_unknown_and_quotes();
	return unit_finish("cmdline");
}
