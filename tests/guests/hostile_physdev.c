/*
 * hostile_physdev: a domU may not touch physical interrupts or PCI
 * devices.  Every dom0-only physdev_op sub-op it tries (map/unmap of a
 * GSI or an MSI, irq_status_query, get_free_pirq, the PCI reports,
 * prepare_msix, restore_msi(_ext)) returns -EPERM, and binding a pirq to
 * an event channel fails; the domU lives on.
 */
#include "guest.h"
#include <public/physdev.h>

const char test_name[] = "hostile_physdev";

#define EXPECT(call, want)                                                     \
	do {                                                                   \
		long rc_ = (call);                                             \
		check(rc_ == (want), "%s returned %ld, expected %d", #call,    \
		      rc_, (want));                                            \
	} while (0)

static long physdev(int cmd, void *arg)
{
	return HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

void guest_main(void)
{
	struct physdev_map_pirq m = {.domid = DOMID_SELF,
				     .type = MAP_PIRQ_TYPE_MSI_SEG,
				     .index = -1,
				     .pirq = -1,
				     .devfn = 0x18,
				     .table_base = 0xfebf0000};
	struct physdev_unmap_pirq u = {.domid = DOMID_SELF, .pirq = 40};
	struct physdev_irq_status_query q = {.irq = 40};
	struct physdev_get_free_pirq g = {.type = MAP_PIRQ_TYPE_MSI};
	struct physdev_pci_device_add add = {.devfn = 0x18};
	struct physdev_manage_pci mp = {.devfn = 0x18};
	struct physdev_pci_device dev = {.devfn = 0x18};
	struct evtchn_bind_pirq b = {.pirq = 40};

	install_traps();
	EXPECT(physdev(PHYSDEVOP_map_pirq, &m), -XEN_EPERM);
	m.type = MAP_PIRQ_TYPE_MSI;
	m.table_base = 0;
	EXPECT(physdev(PHYSDEVOP_map_pirq, &m), -XEN_EPERM);
	m.type = MAP_PIRQ_TYPE_GSI;
	m.index = 11;
	EXPECT(physdev(PHYSDEVOP_map_pirq, &m), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_unmap_pirq, &u), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_irq_status_query, &q), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_get_free_pirq, &g), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_pci_device_add, &add), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_pci_device_remove, &dev), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_manage_pci_add, &mp), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_prepare_msix, &dev), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_release_msix, &dev), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_restore_msi_ext, &dev), -XEN_EPERM);
	EXPECT(physdev(PHYSDEVOP_restore_msi, &mp), -XEN_EPERM);
	check(hc_event_channel_op(EVTCHNOP_bind_pirq, &b) < 0,
	      "a domU bound pirq 40");
}
