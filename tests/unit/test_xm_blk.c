/*
 * Unit tests for the rules of xm's virtual disks (tools/xm/blk_rules.c):
 * Xen's numbers of disk names (xvd, extended xvd, hd, sd, partitions,
 * the names that have none), the physical-device node both ways, the
 * backend's mode node, which two disks are the same, and Xen's sharing
 * rule (r with r, w alone, w! waives it).
 */
#include <string.h>

#include "check.h"
#include "../../tools/xm/blk_rules.c"

static void devids(void)
{
	CHECK_EQ(blk_devid("xvda"), 51712);
	CHECK_EQ(blk_devid("xvdb"), 51728);
	CHECK_EQ(blk_devid("xvda1"), 51713);
	CHECK_EQ(blk_devid("xvdc15"), 202 << 8 | 2 << 4 | 15);
	CHECK_EQ(blk_devid("xvdp"), 202 << 8 | 15 << 4);
	/* beyond 16 disks or 15 partitions: the extended form */
	CHECK_EQ(blk_devid("xvdq"), 1L << 28 | 16 << 8);
	CHECK_EQ(blk_devid("xvda16"), 1L << 28 | 16);
	CHECK_EQ(blk_devid("xvdz255"), 1L << 28 | 25 << 8 | 255);
	CHECK_EQ(blk_devid("xvdaa"), 1L << 28 | 26 << 8);
	CHECK_EQ(blk_devid("xvdba"), 1L << 28 | 52 << 8);
	CHECK(blk_devid("xvda256") == -1);
	/* IDE: two disks per major */
	CHECK_EQ(blk_devid("hda"), 768);
	CHECK_EQ(blk_devid("hdb"), 3 << 8 | 64);
	CHECK_EQ(blk_devid("hdc"), 22 << 8);
	CHECK_EQ(blk_devid("hdd2"), 22 << 8 | 64 | 2);
	CHECK_EQ(blk_devid("hda63"), 768 + 63);
	CHECK(blk_devid("hde") == -1);
	CHECK(blk_devid("hda64") == -1);
	/* SCSI */
	CHECK_EQ(blk_devid("sda"), 2048);
	CHECK_EQ(blk_devid("sdb3"), 8 << 8 | 1 << 4 | 3);
	CHECK_EQ(blk_devid("sdp15"), 8 << 8 | 15 << 4 | 15);
	CHECK(blk_devid("sdq") == -1);
	CHECK(blk_devid("sda16") == -1);
	/* not names */
	static const char *const bad[] = {
		"",    "xvd",	 "xvda0",    "xvda01",	 "xvdA",
		"vda", "xvda1x", "xvdzzzzz", "xvda1234", "hd",
		"sd1", "xvd1",	 "nvme0n1",  "xvda-1"};
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (blk_devid(bad[i]) != -1)
			fprintf(stderr, "FAIL: '%s' got a number\n", bad[i]);
		CHECK(blk_devid(bad[i]) == -1);
	}
}

static void physdev(void)
{
	char buf[24];
	unsigned int maj = 99, min = 99;

	blk_physdev_format(7, 0, buf, sizeof(buf));
	CHECK(strcmp(buf, "7:0") == 0);
	blk_physdev_format(202, 16, buf, sizeof(buf));
	CHECK(strcmp(buf, "ca:10") == 0);
	blk_physdev_format(259, 0x12345, buf, sizeof(buf));
	CHECK(strcmp(buf, "103:12345") == 0);
	CHECK(blk_physdev_parse("7:0", &maj, &min) == 0);
	CHECK_EQ(maj, 7);
	CHECK_EQ(min, 0);
	CHECK(blk_physdev_parse("fd:1F", &maj, &min) == 0);
	CHECK_EQ(maj, 253);
	CHECK_EQ(min, 31);
	CHECK(blk_physdev_parse("103:12345", &maj, &min) == 0);
	CHECK_EQ(min, 0x12345);
	static const char *const bad[] = {"",	  "7",	   "7:",   ":0",
					  "7:0x", "0x7:0", "g:1",  "7:0 ",
					  " 7:0", "7:-1",  "7::0", "123456:0"};
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(blk_physdev_parse(bad[i], &maj, &min) == -1);
}

static void modes(void)
{
	CHECK(blk_mode_parse("r") == 0);
	CHECK(blk_mode_parse("w") == 1);
	CHECK(blk_mode_parse("w!") == 1);
	CHECK(blk_mode_parse("") == -1);
	CHECK(blk_mode_parse("rw") == -1);
	CHECK(blk_mode_parse("W") == -1);
}

static void sameness(void)
{
	struct blk_ident img = {.has_file = 1, .dev = 0x801, .ino = 12};
	struct blk_ident other = {.has_file = 1, .dev = 0x801, .ino = 13};
	struct blk_ident img2 = {.has_file = 1, .dev = 0x802, .ino = 12};
	/* phy:/dev/loop0 bound to the image: same as the image */
	struct blk_ident loop = {.has_file = 1,
				 .dev = 0x801,
				 .ino = 12,
				 .has_rdev = 1,
				 .rdev = 0x700};
	struct blk_ident vdb = {.has_rdev = 1, .rdev = 0xfd10};
	struct blk_ident vdb2 = {.has_rdev = 1, .rdev = 0xfd10};
	struct blk_ident none = {0};

	CHECK(blk_same(&img, &img));
	CHECK(!blk_same(&img, &other));
	CHECK(!blk_same(&img, &img2));
	CHECK(blk_same(&img, &loop) && blk_same(&loop, &img));
	CHECK(blk_same(&vdb, &vdb2));
	CHECK(!blk_same(&vdb, &img) && !blk_same(&vdb, &loop));
	CHECK(!blk_same(&none, &none));
}

static void sharing(void)
{
	/* new r: with readers yes, with a writer no */
	CHECK(blk_conflict(0, 0, 0) == 0);
	CHECK(blk_conflict(0, 0, 1) == 1);
	/* new w: with no one */
	CHECK(blk_conflict(1, 0, 0) == 1);
	CHECK(blk_conflict(1, 0, 1) == 1);
	/* new w!: with anyone */
	CHECK(blk_conflict(1, 1, 0) == 0);
	CHECK(blk_conflict(1, 1, 1) == 0);
}

int main(void)
{
	devids();
	physdev();
	modes();
	sameness();
	sharing();
	return unit_finish("xm_blk");
}
