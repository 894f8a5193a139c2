/*
 * The rules of virtual disks that need no system: Xen's numbering of
 * disk names (the same numbers as libxl and Xen 3's xm, so a guest
 * sees its disks where it would on Xen), the physical-device node
 * blkback reads, backend modes and the sharing rule.
 *
 * Interface: blk.h.  Invariants: pure functions of their arguments
 * (unit-tested on the host).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blk.h"

#define XVD_MAJOR     202
#define IDE0_MAJOR    3
#define IDE1_MAJOR    22
#define SCSI0_MAJOR   8
#define VDEV_EXTENDED (1L << 28) /* blkif's "extended" device numbers */
#define MAX_LETTERS   4		 /* xvdzzzz: beyond any limit below */

/* The disk letters (a = 0, ..., z = 25, aa = 26...) and the partition
 * number after them; -1 if malformed. */
static int disk_and_part(const char *s, long *disk, long *part)
{
	long d = -1, p = 0;
	int n = 0;

	for (; islower((unsigned char)*s); s++, n++) {
		if (n == MAX_LETTERS)
			return -1;
		d = (d + 1) * 26 + (*s - 'a');
	}
	if (d < 0)
		return -1;
	if (*s == '0')
		return -1; /* no partition 0, no leading zeros */
	for (n = 0; isdigit((unsigned char)*s); s++, n++) {
		if (n == 3)
			return -1;
		p = p * 10 + (*s - '0');
	}
	if (*s)
		return -1;
	*disk = d;
	*part = p;
	return 0;
}

long blk_devid(const char *vdev)
{
	long d, p;

	if (strncmp(vdev, "xvd", 3) == 0 &&
	    disk_and_part(vdev + 3, &d, &p) == 0) {
		if (d < 16 && p < 16)
			return XVD_MAJOR << 8 | d << 4 | p;
		if (d < (1L << 20) && p < 256)
			return VDEV_EXTENDED | d << 8 | p;
		return -1;
	}
	if (strncmp(vdev, "hd", 2) == 0 && disk_and_part(vdev + 2, &d, &p) == 0)
		return d < 4 && p < 64
			       ? (d < 2 ? IDE0_MAJOR : IDE1_MAJOR) << 8 |
					 (d & 1) << 6 | p
			       : -1;
	if (strncmp(vdev, "sd", 2) == 0 && disk_and_part(vdev + 2, &d, &p) == 0)
		return d < 16 && p < 16 ? SCSI0_MAJOR << 8 | d << 4 | p : -1;
	return -1;
}

void blk_physdev_format(unsigned int major, unsigned int minor, char *buf,
			size_t len)
{
	snprintf(buf, len, "%x:%x", major, minor);
}

/* Up to 5 hex digits (Linux's 12-bit majors, 20-bit minors). */
static int hex(const char **s, unsigned int *v)
{
	unsigned int x = 0;
	int n;

	for (n = 0; isxdigit((unsigned char)**s); n++, (*s)++) {
		if (n == 5)
			return -1;
		x = x * 16 +
		    (unsigned int)(isdigit((unsigned char)**s)
					   ? **s - '0'
					   : tolower((unsigned char)**s) - 'a' +
						     10);
	}
	*v = x;
	return n ? 0 : -1;
}

int blk_physdev_parse(const char *s, unsigned int *major, unsigned int *minor)
{
	if (hex(&s, major) || *s++ != ':' || hex(&s, minor) || *s)
		return -1;
	return 0;
}

int blk_mode_parse(const char *s)
{
	if (strcmp(s, "r") == 0)
		return 0;
	if (strcmp(s, "w") == 0 || strcmp(s, "w!") == 0)
		return 1;
	return -1;
}

int blk_same(const struct blk_ident *a, const struct blk_ident *b)
{
	return (a->has_file && b->has_file && a->dev == b->dev &&
		a->ino == b->ino) ||
	       (a->has_rdev && b->has_rdev && a->rdev == b->rdev);
}

int blk_conflict(int new_w, int new_shared, int old_w)
{
	if (new_w && new_shared)
		return 0;
	return new_w || old_w;
}
