/*
 * Loop devices for file: disks, set up in C where Xen's block hotplug
 * script runs losetup: a free device from /dev/loop-control, the image
 * bound to it (read-only for mode r), autoclear set so that Linux frees
 * the device when blkback, its last user, closes it.
 *
 * Interface: blk.h.  Invariants: a loop device is only cleared by us if
 * it is still bound to the file we were told (another user's device is
 * never touched); every retry loop is bounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "blk.h"

/* Linux's loop ioctls (include/uapi/linux/loop.h numbers). */
#define LOOP_SET_FD	   0x4C00
#define LOOP_CLR_FD	   0x4C01
#define LOOP_SET_STATUS64  0x4C04
#define LOOP_GET_STATUS64  0x4C05
#define LOOP_CTL_GET_FREE  0x4C82
#define LO_FLAGS_AUTOCLEAR 4 /* freed at the last close */
#define LO_NAME_SIZE	   64
#define LOOP_TRIES	   8 /* another process may take our free device */

struct blk_loop_info64 {
	uint64_t lo_device; /* backing file's st_dev (read only) */
	uint64_t lo_inode;  /* backing file's st_ino (read only) */
	uint64_t lo_rdevice;
	uint64_t lo_offset;
	uint64_t lo_sizelimit; /* 0: the whole file */
	uint32_t lo_number;
	uint32_t lo_encrypt_type;
	uint32_t lo_encrypt_key_size;
	uint32_t lo_flags; /* LO_FLAGS_* */
	uint8_t lo_file_name[LO_NAME_SIZE];
	uint8_t lo_crypt_name[LO_NAME_SIZE];
	uint8_t lo_encrypt_key[32];
	uint64_t lo_init[2];
};
_Static_assert(sizeof(struct blk_loop_info64) == 232, "loop_info64 size");

/* /dev/loopN; with make, made if devtmpfs has not (yet) got it. */
static int open_loop(unsigned int minor, int flags, int make)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "/dev/loop%u", minor);
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && make &&
	    mknod(path, S_IFBLK | 0660, makedev(BLK_LOOP_MAJOR, minor)) == 0)
		fd = open(path, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

/* A free loop device with the file bound to it (fd or -errno). */
static int bind_free(int ctl, int file_fd, int flags, unsigned int *minor)
{
	int i, n, fd, e = EBUSY;

	for (i = 0; i < LOOP_TRIES && e == EBUSY; i++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0)
			return -errno;
		fd = open_loop((unsigned int)n, flags, 1);
		if (fd < 0)
			return fd;
		if (ioctl(fd, LOOP_SET_FD, file_fd) == 0) {
			*minor = (unsigned int)n;
			return fd;
		}
		e = errno;
		close(fd);
	}
	return -e;
}

int blk_loop_attach(const char *file, int writable, unsigned int *minor,
		    char *err, size_t errlen)
{
	int flags = writable ? O_RDWR : O_RDONLY;
	struct blk_loop_info64 info;
	int ctl, ffd, fd;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fd = -errno;
		snprintf(err, errlen,
			 "no loop devices (/dev/loop-control: %s; is the "
			 "loop module loaded?)",
			 strerror(-fd));
		return fd;
	}
	ffd = open(file, flags | O_CLOEXEC);
	if (ffd < 0) {
		fd = -errno;
		snprintf(err, errlen, "%s: %s", file, strerror(-fd));
		close(ctl);
		return fd;
	}
	fd = bind_free(ctl, ffd, flags, minor);
	close(ctl);
	close(ffd);
	if (fd < 0) {
		snprintf(err, errlen, "no free loop device for %s: %s", file,
			 strerror(-fd));
		return fd;
	}
	memset(&info, 0, sizeof(info));
	info.lo_flags = LO_FLAGS_AUTOCLEAR;
	snprintf((char *)info.lo_file_name, LO_NAME_SIZE, "%s", file);
	if (ioctl(fd, LOOP_SET_STATUS64, &info)) {
		int e = errno;

		ioctl(fd, LOOP_CLR_FD, 0);
		close(fd);
		snprintf(err, errlen, "loop%u for %s: %s", *minor, file,
			 strerror(e));
		return -e;
	}
	return fd;
}

int blk_loop_backing(unsigned int minor, uint64_t *dev, uint64_t *ino)
{
	struct blk_loop_info64 info;
	int fd = open_loop(minor, O_RDONLY, 0), rc = 0;

	if (fd < 0)
		return fd == -ENOENT ? -ENXIO : fd;
	if (ioctl(fd, LOOP_GET_STATUS64, &info))
		rc = -errno;
	close(fd);
	if (rc)
		return rc;
	*dev = info.lo_device;
	*ino = info.lo_inode;
	return 0;
}

void blk_loop_clear(unsigned int minor, uint64_t dev, uint64_t ino)
{
	uint64_t d, i;
	int fd;

	if (blk_loop_backing(minor, &d, &i) || d != dev || i != ino)
		return;
	fd = open_loop(minor, O_RDONLY, 0);
	if (fd < 0)
		return;
	ioctl(fd, LOOP_CLR_FD, 0);
	close(fd);
}
