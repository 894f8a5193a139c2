/*
 * dom0gnt: dom0 user space exercising Linux's Xen devices end to end -- a
 * grant made with /dev/xen/gntalloc and mapped back with /dev/xen/gntdev
 * (both by dom0 itself), and XEN_SYSCTL_physinfo through /dev/xen/privcmd.
 * Compiled with gcc -static by tests/qemu/mkinitrd.py into the dom0 test
 * initrd as /bin/dom0gnt; run by /tests/gnt.sh.
 *
 * Interface: dom0gnt [gnt|physinfo|dmesg]  (no argument: all three, in
 * this order)
 *   gnt       allocate one writable grant of a fresh page to domid 0 (self),
 *             mmap it, write pattern A; map (0, ref) through gntdev, read A
 *             there, write pattern B there, read B through the gntalloc
 *             mapping; unmap and release both
 *             -> "GNTTEST OK ref=<ref> words=<n>"
 *   physinfo  sysctl(XEN_SYSCTL_physinfo) in an mlock'ed page
 *             -> "PHYSINFO nr_cpus=<n> total_pages=<n> free_pages=<n>
 *                 cpu_khz=<n> max_cpu_id=<n> threads_per_core=<n>
 *                 cores_per_socket=<n> nr_nodes=<n> max_mfn=<n>" (one line)
 *   dmesg     sysctl(XEN_SYSCTL_readconsole) of the hypervisor's console
 *             ring (what `xl dmesg` shows), then an incremental read from
 *             the index it returned
 *             -> "XENDMESG OK bytes=<n> lines=<n> again=<n>" when the ring
 *             held "(XEN) " lines
 *   On failure: "GNTTEST FAIL <step>: <reason>" / "PHYSINFO FAIL <step>:
 *   <reason>" / "XENDMESG FAIL <step>: <reason>"; the exit status is 1 if
 *   any part failed.
 *
 * Invariants: the only ABI used is include/public/ (hypercall number,
 * sysctl) plus the Linux UAPI ioctl structures and numbers written below
 * from their documented facts, each checked at compile time; every
 * resource taken is released on every path (gntdev mapping before the
 * gntalloc grant it maps).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/xen.h>
#include <public/sysctl.h>

#define PAGE_BYTES 4096UL
#define WORDS	   (PAGE_BYTES / sizeof(uint32_t))
#define PATTERN_A  0x6e740000u	/* | word index, written through gntalloc */
#define PATTERN_B  0xb0b00000u	/* | word index, written through gntdev */

/* ---- Linux UAPI: _IOC(_IOC_NONE, type, nr, size) ---- */
#define LINUX_IOC(type, nr, size)                                              \
	(((unsigned long)(size) << 16) | ((unsigned long)(type) << 8) | (nr))

/* include/uapi/xen/gntalloc.h: a grant of new pages to one domain. */
struct gntalloc_alloc_gref {
	uint16_t domid;	     /* IN: domain given access */
	uint16_t flags;	     /* IN: GNTALLOC_FLAG_* */
	uint32_t count;	     /* IN: number of pages */
	uint64_t index;	     /* OUT: mmap offset of the pages */
	uint32_t gref_ids[1]; /* OUT: one grant reference per page */
};
#define GNTALLOC_FLAG_WRITABLE 1
XEN_ABI_SIZE(struct gntalloc_alloc_gref, 24);
XEN_ABI_OFFSET(struct gntalloc_alloc_gref, index, 8);
XEN_ABI_OFFSET(struct gntalloc_alloc_gref, gref_ids, 16);

struct gntalloc_dealloc_gref {
	uint64_t index; /* IN: offset from the alloc */
	uint32_t count; /* IN: number of pages */
};
XEN_ABI_SIZE(struct gntalloc_dealloc_gref, 16);

#define IOCTL_GNTALLOC_ALLOC_GREF                                              \
	LINUX_IOC('G', 5, sizeof(struct gntalloc_alloc_gref))
#define IOCTL_GNTALLOC_DEALLOC_GREF                                            \
	LINUX_IOC('G', 6, sizeof(struct gntalloc_dealloc_gref))

/* include/uapi/xen/gntdev.h: map grants of another (or the same) domain. */
struct gntdev_grant_ref {
	uint32_t domid; /* granting domain */
	uint32_t ref;	/* its grant reference */
};
struct gntdev_map_grant_ref {
	uint32_t count;			/* IN: number of refs */
	uint32_t pad;
	uint64_t index;			/* OUT: mmap offset */
	struct gntdev_grant_ref refs[1]; /* IN: count entries */
};
XEN_ABI_SIZE(struct gntdev_map_grant_ref, 24);
XEN_ABI_OFFSET(struct gntdev_map_grant_ref, index, 8);
XEN_ABI_OFFSET(struct gntdev_map_grant_ref, refs, 16);

struct gntdev_unmap_grant_ref {
	uint64_t index; /* IN: offset from the map */
	uint32_t count; /* IN: number of pages */
	uint32_t pad;
};
XEN_ABI_SIZE(struct gntdev_unmap_grant_ref, 16);

#define IOCTL_GNTDEV_MAP_GRANT_REF                                             \
	LINUX_IOC('G', 0, sizeof(struct gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF                                           \
	LINUX_IOC('G', 1, sizeof(struct gntdev_unmap_grant_ref))

/* include/uapi/xen/privcmd.h: a raw hypercall; the ioctl returns its rc. */
struct privcmd_hypercall {
	uint64_t op;	 /* __HYPERVISOR_* */
	uint64_t arg[5]; /* rdi, rsi, rdx, r10, r8 */
};
XEN_ABI_SIZE(struct privcmd_hypercall, 48);
#define IOCTL_PRIVCMD_HYPERCALL                                                \
	LINUX_IOC('P', 0, sizeof(struct privcmd_hypercall))

_Static_assert(IOCTL_GNTALLOC_ALLOC_GREF == 0x184705, "gntalloc ioctl");
_Static_assert(IOCTL_GNTALLOC_DEALLOC_GREF == 0x104706, "gntalloc ioctl");
_Static_assert(IOCTL_GNTDEV_MAP_GRANT_REF == 0x184700, "gntdev ioctl");
_Static_assert(IOCTL_GNTDEV_UNMAP_GRANT_REF == 0x104701, "gntdev ioctl");
_Static_assert(IOCTL_PRIVCMD_HYPERCALL == 0x305000, "privcmd ioctl");

/*
 * XEN_SYSCTL_physinfo from include/public/sysctl.h, cross-checked against
 * the numbers this program was validated with on Xen 4.17 (RELEASE-4.17.0).
 */
_Static_assert(XEN_SYSCTL_INTERFACE_VERSION == 0x00000015, "sysctl version");
_Static_assert(XEN_SYSCTL_physinfo == 3, "sysctl physinfo");
XEN_ABI_SIZE(struct xen_sysctl_physinfo, 112);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, free_pages, 48);
XEN_ABI_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
XEN_ABI_SIZE(struct xen_sysctl, 136);
XEN_ABI_OFFSET(struct xen_sysctl, u, 8);

/* ---------------------------------------------------------------- grants */

/* State of one round trip, so that cleanup can undo exactly what was done. */
struct gnt_state {
	int ga, gd;		/* gntalloc / gntdev fds, -1 if not open */
	uint32_t *a, *b;	/* gntalloc / gntdev mappings, NULL if none */
	int allocated, mapped;	/* grant allocated, gntdev map entry made */
	uint64_t a_index, b_index;
	uint32_t ref;
};

static int gnt_fail(const char *step)
{
	printf("GNTTEST FAIL %s: %s\n", step, strerror(errno));
	return -1;
}

static void *map_page(int fd, uint64_t index)
{
	void *p = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)index);
	return p == MAP_FAILED ? NULL : p;
}

/* Pattern `base` in every word of p; 0 or -1 (printed) at the first miss. */
static int check_pattern(const uint32_t *p, uint32_t base, const char *where)
{
	for (unsigned long i = 0; i < WORDS; i++) {
		if (p[i] != (base | i)) {
			printf("GNTTEST FAIL %s: word %lu is %#x, expected %#lx\n",
			       where, i, p[i], (unsigned long)(base | i));
			return -1;
		}
	}
	return 0;
}

static int gnt_alloc(struct gnt_state *s)
{
	struct gntalloc_alloc_gref op = {
		.domid = 0, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1
	};

	s->ga = open("/dev/xen/gntalloc", O_RDWR);
	if (s->ga < 0)
		return gnt_fail("open /dev/xen/gntalloc");
	if (ioctl(s->ga, IOCTL_GNTALLOC_ALLOC_GREF, &op) < 0)
		return gnt_fail("IOCTL_GNTALLOC_ALLOC_GREF");
	s->allocated = 1;
	s->a_index = op.index;
	s->ref = op.gref_ids[0];
	s->a = map_page(s->ga, s->a_index);
	if (!s->a)
		return gnt_fail("mmap gntalloc");
	return 0;
}

static int gnt_map(struct gnt_state *s)
{
	struct gntdev_map_grant_ref op = {
		.count = 1, .refs = { { .domid = 0, .ref = s->ref } }
	};

	s->gd = open("/dev/xen/gntdev", O_RDWR);
	if (s->gd < 0)
		return gnt_fail("open /dev/xen/gntdev");
	if (ioctl(s->gd, IOCTL_GNTDEV_MAP_GRANT_REF, &op) < 0)
		return gnt_fail("IOCTL_GNTDEV_MAP_GRANT_REF");
	s->mapped = 1;
	s->b_index = op.index;
	s->b = map_page(s->gd, s->b_index);
	if (!s->b)
		return gnt_fail("mmap gntdev");
	return 0;
}

/* Undo in reverse: the gntdev side first, then the grant it mapped. */
static int gnt_release(struct gnt_state *s)
{
	int rc = 0;

	if (s->b && munmap(s->b, PAGE_BYTES) < 0)
		rc = gnt_fail("munmap gntdev");
	if (s->mapped) {
		struct gntdev_unmap_grant_ref op = { .index = s->b_index, .count = 1 };

		if (ioctl(s->gd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &op) < 0)
			rc = gnt_fail("IOCTL_GNTDEV_UNMAP_GRANT_REF");
	}
	if (s->gd >= 0)
		close(s->gd);
	if (s->a && munmap(s->a, PAGE_BYTES) < 0)
		rc = gnt_fail("munmap gntalloc");
	if (s->allocated) {
		struct gntalloc_dealloc_gref op = { .index = s->a_index, .count = 1 };

		if (ioctl(s->ga, IOCTL_GNTALLOC_DEALLOC_GREF, &op) < 0)
			rc = gnt_fail("IOCTL_GNTALLOC_DEALLOC_GREF");
	}
	if (s->ga >= 0)
		close(s->ga);
	return rc;
}

static int gnt_round_trip(void)
{
	struct gnt_state s = { .ga = -1, .gd = -1 };
	int rc = gnt_alloc(&s);

	if (rc == 0) {
		for (unsigned long i = 0; i < WORDS; i++)
			s.a[i] = PATTERN_A | i;
		rc = gnt_map(&s);
	}
	if (rc == 0)
		rc = check_pattern(s.b, PATTERN_A, "read A through gntdev");
	if (rc == 0) {
		for (unsigned long i = 0; i < WORDS; i++)
			s.b[i] = PATTERN_B | i;
		rc = check_pattern(s.a, PATTERN_B, "read B through gntalloc");
	}
	if (gnt_release(&s) < 0)
		rc = -1;
	if (rc == 0)
		printf("GNTTEST OK ref=%u words=%lu\n", s.ref, WORDS);
	return rc;
}

/* ---------------------------------------------------------------- sysctl */

static int physinfo_fail(const char *step, int err)
{
	printf("PHYSINFO FAIL %s: %s (errno %d)\n", step, strerror(err), err);
	return -1;
}

/* One sysctl through privcmd: 0, or -1 with the failing step and errno. */
static int sysctl_call(struct xen_sysctl *sc, const char **step, int *err)
{
	struct privcmd_hypercall call = { .op = __HYPERVISOR_sysctl };
	int fd, rc;

	call.arg[0] = (uint64_t)(uintptr_t)sc;
	*step = "open /dev/xen/privcmd";
	fd = open("/dev/xen/privcmd", O_RDWR);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	*step = "IOCTL_PRIVCMD_HYPERCALL sysctl";
	rc = ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	*err = errno;
	close(fd);
	return rc == 0 ? 0 : -1;
}

static void physinfo_print(const struct xen_sysctl_physinfo *pi)
{
	printf("PHYSINFO nr_cpus=%u total_pages=%llu free_pages=%llu "
	       "cpu_khz=%u max_cpu_id=%u threads_per_core=%u "
	       "cores_per_socket=%u nr_nodes=%u max_mfn=%llu\n",
	       pi->nr_cpus, (unsigned long long)pi->total_pages,
	       (unsigned long long)pi->free_pages, pi->cpu_khz, pi->max_cpu_id,
	       pi->threads_per_core, pi->cores_per_socket, pi->nr_nodes,
	       (unsigned long long)pi->max_mfn);
}

/*
 * Xen reads and writes the sysctl struct through dom0's page tables during
 * the hypercall, so it lives in a page that is present and writable: an
 * anonymous mapping, mlock'ed (which faults it in writable).
 */
static int physinfo(void)
{
	struct xen_sysctl *sc;
	const char *step = "mlock";
	int rc, err = 0;

	sc = mmap(NULL, PAGE_BYTES, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sc == MAP_FAILED)
		return physinfo_fail("mmap", errno);
	rc = mlock(sc, PAGE_BYTES);
	if (rc < 0) {
		err = errno;
	} else {
		memset(sc, 0, sizeof(*sc));
		sc->cmd = XEN_SYSCTL_physinfo;
		sc->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
		rc = sysctl_call(sc, &step, &err);
		if (rc == 0)
			physinfo_print(&sc->u.physinfo);
		munlock(sc, PAGE_BYTES);
	}
	munmap(sc, PAGE_BYTES);
	return rc == 0 ? 0 : physinfo_fail(step, err);
}

/* ---------------------------------------------------------------- dmesg */

#define DMESG_PAGES 17 /* the sysctl struct, then a 64 KiB buffer */

static int dmesg_fail(const char *step, int err)
{
	printf("XENDMESG FAIL %s: %s (errno %d)\n", step, strerror(err), err);
	return -1;
}

/* readconsole into buf from index (if incremental); bytes read, or -1. */
static long readconsole(struct xen_sysctl *sc, char *buf, uint32_t count,
			uint32_t *index, int incremental, int *err)
{
	const char *step;

	memset(sc, 0, sizeof(*sc));
	sc->cmd = XEN_SYSCTL_readconsole;
	sc->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	sc->u.readconsole.incremental = incremental;
	sc->u.readconsole.index = *index;
	sc->u.readconsole.count = count;
	xen_set_guest_handle(sc->u.readconsole.buffer, buf);
	if (sysctl_call(sc, &step, err) < 0)
		return -1;
	*index = sc->u.readconsole.index;
	return sc->u.readconsole.count;
}

static int dmesg_check(struct xen_sysctl *sc, char *buf, size_t size)
{
	uint32_t index = 0;
	long n, again, lines = 0;
	int err = 0;

	n = readconsole(sc, buf, size - 1, &index, 0, &err);
	if (n < 0)
		return dmesg_fail("readconsole", err);
	buf[n] = '\0';
	for (char *p = buf; (p = strstr(p, "(XEN) ")) != NULL; p++)
		lines++;
	if (n == 0 || lines == 0)
		return dmesg_fail("no (XEN) lines in the ring", ENODATA);
	/* Only what was printed since: little or nothing. */
	again = readconsole(sc, buf, size - 1, &index, 1, &err);
	if (again < 0)
		return dmesg_fail("incremental readconsole", err);
	printf("XENDMESG OK bytes=%ld lines=%ld again=%ld\n", n, lines, again);
	return 0;
}

static int dmesg(void)
{
	size_t len = DMESG_PAGES * PAGE_BYTES;
	char *area;
	int rc;

	area = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		return dmesg_fail("mmap", errno);
	if (mlock(area, len) < 0) {
		rc = dmesg_fail("mlock", errno);
	} else {
		rc = dmesg_check((struct xen_sysctl *)area, area + PAGE_BYTES,
				 len - PAGE_BYTES);
		munlock(area, len);
	}
	munmap(area, len);
	return rc;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "all";
	int all = strcmp(what, "all") == 0, rc = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 2 || (!all && strcmp(what, "gnt") && strcmp(what, "physinfo") &&
			  strcmp(what, "dmesg"))) {
		fprintf(stderr, "usage: dom0gnt [gnt|physinfo|dmesg]\n");
		return 2;
	}
	if ((all || !strcmp(what, "gnt")) && gnt_round_trip() < 0)
		rc = 1;
	if ((all || !strcmp(what, "physinfo")) && physinfo() < 0)
		rc = 1;
	if ((all || !strcmp(what, "dmesg")) && dmesg() < 0)
		rc = 1;
	return rc;
}
