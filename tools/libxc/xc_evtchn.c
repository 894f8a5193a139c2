/*
 * libxc's event channels through Linux's /dev/xen/evtchn, where ports
 * bound here fire into one file descriptor (xc_evtchn_alloc_unbound, a
 * hypercall, is in xc_mem.c).
 *
 * Interface: see xc.h.  The device is opened on first use (close-on-exec,
 * blocking; a caller that polls may set O_NONBLOCK on xc_evtchn_fd()).
 * A port read from the device stays masked until xc_evtchn_unmask().
 *
 * Invariants: xc->evtchn is -1 or the open device; ports are the kernel's
 * local port numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "xc.h"
#include "xc_linux_ev.h"

/* -errno of the last failed call, with errno kept. */
static int neg_errno(void)
{
	return errno ? -errno : -EIO;
}

int xc_evtchn_fd(struct xc *xc)
{
	int fd;

	if (xc->evtchn >= 0)
		return xc->evtchn;
	fd = open("/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return neg_errno();
	xc->evtchn = fd;
	return fd;
}

/* ioctl on the device; returns its value (a port, or 0) or -errno. */
static int evtchn_ioctl(struct xc *xc, unsigned long req, void *arg)
{
	int fd = xc_evtchn_fd(xc), rc;

	if (fd < 0)
		return fd;
	rc = ioctl(fd, req, arg);
	return rc < 0 ? neg_errno() : rc;
}

int xc_evtchn_bind_interdomain(struct xc *xc, uint32_t domid,
			       uint32_t remote_port)
{
	struct xc_ioctl_evtchn_bind_interdomain b = {domid, remote_port};

	return evtchn_ioctl(xc, XC_IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

int xc_evtchn_bind_virq(struct xc *xc, unsigned int virq)
{
	struct xc_ioctl_evtchn_bind_virq b = {virq};

	return evtchn_ioctl(xc, XC_IOCTL_EVTCHN_BIND_VIRQ, &b);
}

int xc_evtchn_notify(struct xc *xc, uint32_t local_port)
{
	struct xc_ioctl_evtchn_port n = {local_port};

	return evtchn_ioctl(xc, XC_IOCTL_EVTCHN_NOTIFY, &n);
}

int xc_evtchn_unbind(struct xc *xc, uint32_t local_port)
{
	struct xc_ioctl_evtchn_port u = {local_port};

	return evtchn_ioctl(xc, XC_IOCTL_EVTCHN_UNBIND, &u);
}

int xc_evtchn_pending(struct xc *xc)
{
	int fd = xc_evtchn_fd(xc);
	uint32_t port;
	ssize_t n;

	if (fd < 0)
		return fd;
	n = read(fd, &port, sizeof(port));
	if (n < 0)
		return neg_errno();
	if (n != sizeof(port))
		return -EIO;
	return (int)port;
}

int xc_evtchn_unmask(struct xc *xc, uint32_t local_port)
{
	int fd = xc_evtchn_fd(xc);
	ssize_t n;

	if (fd < 0)
		return fd;
	n = write(fd, &local_port, sizeof(local_port));
	if (n < 0)
		return neg_errno();
	return n == sizeof(local_port) ? 0 : -EIO;
}
