/*
 * Pure helpers for ACPI data (common/acpi_aml.c): the table checksum and
 * a bounded decoder for the one AML object the hypervisor needs, the
 * \_S5 sleep-type package.  No hardware access, so unit tests run them
 * on the host.
 */
#ifndef XEN_ACPI_AML_H
#define XEN_ACPI_AML_H

#include <xen/types.h>

/* AML byte encoding (ACPI 6.5, 20.2), only what the \_S5 decoder reads. */
#define AML_ZERO_OP       0x00  /* integer 0 */
#define AML_ONE_OP        0x01  /* integer 1 */
#define AML_NAME_OP       0x08  /* DefName := NameOp NameString DataRefObject */
#define AML_BYTE_PREFIX   0x0a  /* followed by 1 byte of data */
#define AML_WORD_PREFIX   0x0b  /* 2 bytes, little endian */
#define AML_DWORD_PREFIX  0x0c  /* 4 bytes */
#define AML_QWORD_PREFIX  0x0e  /* 8 bytes */
#define AML_PACKAGE_OP    0x12  /* PkgLength NumElements PackageElementList */
#define AML_ROOT_CHAR     0x5c  /* backslash before a NameSeg: absolute path */
#define AML_PARENT_CHAR   0x5e  /* '^' before a NameSeg: parent scope */
#define AML_ONES_OP       0xff  /* integer with all bits set */
#define AML_NAMESEG_LEN   4     /* a NameSeg is exactly four characters */

/* PkgLength lead byte: bits 6-7 count the bytes that follow (0-3). */
#define AML_PKGLEN_FOLLOW_SHIFT 6
#define AML_PKGLEN_SHORT_MASK   0x3f  /* no bytes follow: length in bits 0-5 */
#define AML_PKGLEN_NIBBLE_MASK  0x0f  /* bytes follow: low nibble in bits 0-3 */
#define AML_PKGLEN_RESERVED     0x30  /* bytes follow: bits 4-5 must be 0 */

/* Byte sum of [p, p + len); a valid table or RSDP sums to 0. */
u8 acpi_checksum(const void *p, size_t len);

/*
 * Search the AML byte stream [aml, aml + len) (a DSDT/SSDT body, after
 * the table header) for the definition Name(_S5, Package() {a, b, ...})
 * and return its first two integers.  A one-element package yields
 * a == b.  Returns false when no decodable definition exists; never
 * reads outside the buffer.
 */
bool acpi_aml_find_s5(const u8 *aml, size_t len, u64 *typ_a, u64 *typ_b);

#endif
