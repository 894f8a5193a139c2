/*
 * xen_version (17) and console_io (18).
 *
 * Invariants: the feature bits reported here are exactly what this
 * hypervisor implements; guests (Linux) change behaviour on them.
 */
#include <xen/lib.h>
#include <xen/cmdline.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include <xen/event.h>
#include <asm/guest_access.h>
#include <public/xen.h>
#include <public/version.h>
#include <public/features.h>

#define XEN_VERSION_MAJOR 4     /* the ABI level we implement (Xen 4.17) */
#define XEN_VERSION_MINOR 17
#define XEN_DENIED "<denied>"   /* Xen's text for a refused string */

/* Submap 0, the only one. */
static u32 feature_submap(const struct domain *d)
{
	u32 map = 0;

	map |= 1u << XENFEAT_pae_pgdir_above_4gb;
	map |= 1u << XENFEAT_mmu_pt_update_preserve_ad;
	map |= 1u << XENFEAT_gnttab_map_avail_bits;
	if (d->is_privileged)
		map |= 1u << XENFEAT_dom0;
	return map;
}

static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
	char buf[1024];

	memset(buf, 0, size);
	strlcpy(buf, s, size);
	return copy_to_guest(arg, buf, size) ? -EFAULT : 0;
}

static long get_features(const struct domain *d, unsigned long arg)
{
	struct xen_feature_info fi;

	if (copy_from_guest(&fi, arg, sizeof(fi)))
		return -EFAULT;
	if (fi.submap_idx != 0) /* the only submap, as Xen 4.17 */
		return -EINVAL;
	fi.submap = feature_submap(d);
	return copy_to_guest(arg, &fi, sizeof(fi)) ? -EFAULT : 0;
}

/* No build id is embedded: Xen's answer without one, after its checks. */
static long build_id(const struct domain *d, unsigned long arg)
{
	struct xen_build_id b;

	if (!d->is_privileged)
		return -EPERM;
	if (arg && copy_from_guest(&b, arg, sizeof(b)))
		return -EFAULT;
	if (arg && b.len == 0)
		return -EINVAL;
	return -ENODATA;
}

long do_xen_version(unsigned long cmd, unsigned long arg)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case XENVER_version:
		return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, ".0-mini", XEN_EXTRAVERSION_LEN);
	case XENVER_compile_info: {
		struct xen_compile_info ci;
		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc", sizeof(ci.compiler));
		strlcpy(ci.compile_by, "builder", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "local", sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, sizeof(ci)) ? -EFAULT : 0;
	}
	case XENVER_capabilities:
		return copy_string_out(arg, "xen-3.0-x86_64 ", XEN_CAPABILITIES_INFO_LEN);
	case XENVER_changeset:
		return copy_string_out(arg, "unavailable", XEN_CHANGESET_INFO_LEN);
	case XENVER_platform_parameters: {
		struct xen_platform_parameters p = { HYPERVISOR_VIRT_START };
		return copy_to_guest(arg, &p, sizeof(p)) ? -EFAULT : 0;
	}
	case XENVER_get_features:
		return get_features(d, arg);
	case XENVER_pagesize:
		return arg ? -EINVAL : (long)PAGE_SIZE; /* as Xen: no buffer */
	case XENVER_guest_handle: {
		xen_domain_handle_t h;
		memset(h, 0, sizeof(h));
		return copy_to_guest(arg, h, sizeof(h)) ? -EFAULT : 0;
	}
	case XENVER_commandline:
		/* Xen answers other domains with its "denied" string. */
		if (!d->is_privileged)
			return copy_string_out(arg, XEN_DENIED,
					       sizeof(XEN_DENIED));
		return copy_string_out(arg, cmdline_saved(), sizeof(xen_commandline_t));
	case XENVER_build_id:
		return build_id(d, arg);
	default:
		return -ENOSYS;
	}
}

#define CONSOLE_CHUNK 256
#define CONSOLE_MAX (1 << 20)  /* bound one call's work */
/* As Xen (INT_MAX): a read's count stays apart from the errors. */
#define CONSOLE_READ_MAX 0x7fffffffUL

static long console_write(const struct domain *d, unsigned long buf,
			  unsigned long count)
{
	char chunk[CONSOLE_CHUNK + 1];
	unsigned long done = 0;

	if (count > CONSOLE_MAX)
		return -EINVAL;
	while (done < count) {
		unsigned long n = MIN(count - done, (unsigned long)CONSOLE_CHUNK);
		if (copy_from_guest(chunk, buf + done, n))
			return -EFAULT;
		chunk[n] = '\0';
		console_guest_write(d->domain_id, d->is_privileged, chunk, n);
		done += n;
	}
	return 0; /* as Xen (Linux takes any value >= 0 as success) */
}

long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf)
{
	struct domain *d = current->domain;

	switch (cmd) {
	case CONSOLEIO_write:
		return console_write(d, buf, count);
	case CONSOLEIO_read: {
		char tmp[CONSOLE_CHUNK];
		size_t n;
		if (!d->is_privileged)
			return -EPERM;
		if (count > CONSOLE_READ_MAX)
			return -E2BIG;
		n = console_read_input(tmp, MIN(count, sizeof(tmp)));
		if (n && copy_to_guest(buf, tmp, n))
			return -EFAULT;
		return n;
	}
	default:
		return -ENOSYS;
	}
}

void console_input_notify(void)
{
	struct domain *d = domain_by_id(0);

	if (d && d->state == DOMSTATE_running)
		send_guest_global_virq(d, VIRQ_CONSOLE);
}
