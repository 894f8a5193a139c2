/* STUB (being replaced): ACPI table parsing. */
#include <xen/lib.h>
#include <asm/acpi.h>

struct acpi_platform acpi_platform;

void acpi_boot_init(paddr_t rsdp_hint)
{
	acpi_platform.rsdp = rsdp_hint;
}
