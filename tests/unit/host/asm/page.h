/*
 * Host stand-in for the direct map: machine address pa lives at
 * host_ram + pa, where a test points host_ram at a buffer it owns.
 */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H
#include <xen/types.h>
extern unsigned char *host_ram;
static inline void *maddr_to_virt(paddr_t pa) { return host_ram + pa; }
static inline paddr_t virt_to_maddr(const void *va) { return (const unsigned char *)va - host_ram; }
static inline void *mfn_to_virt(mfn_t m) { return maddr_to_virt(mfn_to_maddr(m)); }
static inline mfn_t virt_to_mfn(const void *va) { return maddr_to_mfn(virt_to_maddr(va)); }
#endif
