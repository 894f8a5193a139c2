/*
 * What blk.c (the disks of a domU: blkback backends in dom0, blkfront
 * frontends in the guest) is built from: the rules that need no system
 * (blk_rules.c: disk names to Xen device numbers, the physical-device
 * node, who may share a disk) and the loop devices that put an image
 * file behind a block device (blk_loop.c).
 *
 * Interface: blk_rules.c is pure (host unit tests, tests/unit/
 * test_xm_blk.c); blk_loop.c talks to Linux's loop driver
 * (/dev/loop-control, /dev/loopN).  Linux's loop ABI is written out
 * here from its documented numbers, as libxc's xc_linux.h does for
 * privcmd.
 *
 * Invariants: a device number is what the frontend's virtual-device
 * holds and the last part of both xenstore paths; -1 means no number.
 */
#ifndef TOOLS_XM_BLK_H
#define TOOLS_XM_BLK_H

#include <stddef.h>
#include <stdint.h>

/* ---- blk_rules.c ---- */

/* Xen's number of a virtual disk name: xvdX[N] = 202 << 8 | X << 4 | N
 * (X < 16, N < 16), beyond that the extended form 1 << 28 | X << 8 | N
 * (N < 256); hdX[N] = 3 or 22 << 8 | (X & 1) << 6 | N (X < 4, N < 64);
 * sdX[N] = 8 << 8 | X << 4 | N (X < 16, N < 16).  X counts a, b, ...
 * z, aa, ab...; N 1.. (none: the whole disk).  -1 if not a name. */
long blk_devid(const char *vdev);

/* physical-device: the dom0 block device as "MAJOR:MINOR" in hex. */
void blk_physdev_format(unsigned int major, unsigned int minor, char *buf,
			size_t len);
int blk_physdev_parse(const char *s, unsigned int *major, unsigned int *minor);

/* A backend's mode node ("r", "w", Xen 3's "w!"): writable or not;
 * -1 if none of these. */
int blk_mode_parse(const char *s);

/* Which file or device a disk is: the image's (st_dev, st_ino) and/or
 * a block device's st_rdev (a loop device also carries its backing
 * file's identity).  Two disks are the same if either matches. */
struct blk_ident {
	int has_file;	   /* dev, ino valid */
	uint64_t dev, ino; /* the image (or a loop device's backing file) */
	int has_rdev;	   /* rdev valid */
	uint64_t rdev;	   /* the block device */
};
int blk_same(const struct blk_ident *a, const struct blk_ident *b);

/* Xen's sharing rule for a disk already in use by another domain (or
 * another disk of the same domain) with mode old_w: a new read-only
 * use may join read-only users, a new read-write use (w) may join no
 * one, and w! waives the check.  1 if the new use is refused. */
int blk_conflict(int new_w, int new_shared, int old_w);

/* ---- blk_loop.c ---- */

#define BLK_LOOP_MAJOR 7 /* Linux's loop devices */

/* Binds the file to a free loop device (read-only unless writable),
 * with autoclear: the device is freed when its last user closes it.
 * Returns an open fd of the loop device (the caller keeps it until
 * the backend has opened the device) and its minor in *minor, or
 * -errno with the step that failed in err. */
int blk_loop_attach(const char *file, int writable, unsigned int *minor,
		    char *err, size_t errlen);
/* The backing file of loop device minor: 0 and its identity, -ENXIO if
 * the device is not bound, or -errno. */
int blk_loop_backing(unsigned int minor, uint64_t *dev, uint64_t *ino);
/* Unbinds loop device minor if it is still bound to (dev, ino) (Linux
 * frees it when its last user closes it). */
void blk_loop_clear(unsigned int minor, uint64_t dev, uint64_t ino);

#endif /* TOOLS_XM_BLK_H */
