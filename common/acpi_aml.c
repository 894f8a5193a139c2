/*
 * ACPI table checksum and a tiny AML reader that finds the \_S5 sleep
 * types, so that the hypervisor can power the machine off without an
 * AML interpreter.
 *
 * Interface: acpi_checksum() and acpi_aml_find_s5() are pure functions
 * of the bytes they are given (see xen/acpi_aml.h); callable at any time,
 * also from host unit tests.
 * Invariants: every read is checked against the caller's length first,
 * so a truncated or garbage byte stream can only make the search fail.
 *
 * The search is a byte scan, not a parse: "_S5_" is accepted only where
 * it is the NameString of a NameOp whose object is a PackageOp.  That is
 * how every firmware we know of declares \_S5 (at root scope, or inside
 * a Scope with a root or parent prefix).  A \_S5 computed by a method is
 * not supported.
 */
#include <xen/compiler.h>
#include <xen/acpi_aml.h>

u8 acpi_checksum(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

/*
 * Decode the PkgLength starting at aml[*pos] (len bounds the buffer).
 * On success *pos is past the encoding and *end is where the package
 * ends (PkgLength counts its own bytes), clipped to len.
 */
static bool aml_pkg_length(const u8 *aml, size_t len, size_t *pos, size_t *end)
{
	size_t start = *pos;
	unsigned int follow, i;
	u32 plen;

	if (start >= len)
		return false;
	follow = aml[start] >> AML_PKGLEN_FOLLOW_SHIFT;
	if (follow == 0) {
		plen = aml[start] & AML_PKGLEN_SHORT_MASK;
	} else {
		if (aml[start] & AML_PKGLEN_RESERVED)
			return false;
		if (len - start <= follow)
			return false;
		plen = aml[start] & AML_PKGLEN_NIBBLE_MASK;
		for (i = 0; i < follow; i++)
			plen |= (u32)aml[start + 1 + i] << (4 + 8 * i);
	}
	if (plen < follow + 1)
		return false;
	*pos = start + 1 + follow;
	*end = MIN(start + (size_t)plen, len);
	return true;
}

/* Decode one integer data object at aml[*pos], not reading at or past end. */
static bool aml_integer(const u8 *aml, size_t end, size_t *pos, u64 *val)
{
	size_t p = *pos;
	unsigned int n, i;

	if (p >= end)
		return false;
	switch (aml[p]) {
	case AML_ZERO_OP:
		*val = 0;
		*pos = p + 1;
		return true;
	case AML_ONE_OP:
		*val = 1;
		*pos = p + 1;
		return true;
	case AML_ONES_OP:
		*val = ~0ULL;
		*pos = p + 1;
		return true;
	case AML_BYTE_PREFIX:
		n = 1;
		break;
	case AML_WORD_PREFIX:
		n = 2;
		break;
	case AML_DWORD_PREFIX:
		n = 4;
		break;
	case AML_QWORD_PREFIX:
		n = 8;
		break;
	default:
		return false; /* a name, string or nested object */
	}
	if (end - p <= n)
		return false;
	*val = 0;
	for (i = 0; i < n; i++)
		*val |= (u64)aml[p + 1 + i] << (8 * i);
	*pos = p + 1 + n;
	return true;
}

/* aml[pos] is a PackageOp: decode its first one or two integers. */
static bool aml_s5_package(const u8 *aml, size_t len, size_t pos, u64 *a,
			   u64 *b)
{
	size_t end;
	unsigned int count;

	pos++; /* PackageOp */
	if (!aml_pkg_length(aml, len, &pos, &end) || pos >= end)
		return false;
	count = aml[pos++];
	if (count == 0 || !aml_integer(aml, end, &pos, a))
		return false;
	if (count == 1) {
		*b = *a;
		return true;
	}
	return aml_integer(aml, end, &pos, b);
}

/* Is the NameSeg at aml[i] preceded by NameOp and optional prefixes? */
static bool aml_is_name_def(const u8 *aml, size_t i)
{
	while (i > 0 && (aml[i - 1] == AML_PARENT_CHAR))
		i--;
	if (i > 0 && aml[i - 1] == AML_ROOT_CHAR)
		i--;
	return i > 0 && aml[i - 1] == AML_NAME_OP;
}

bool acpi_aml_find_s5(const u8 *aml, size_t len, u64 *typ_a, u64 *typ_b)
{
	static const char name[AML_NAMESEG_LEN] = {'_', 'S', '5', '_'};
	size_t i;

	if (len <= AML_NAMESEG_LEN)
		return false;
	for (i = 1; i < len - AML_NAMESEG_LEN; i++) {
		if (aml[i] != name[0] || aml[i + 1] != name[1] ||
		    aml[i + 2] != name[2] || aml[i + 3] != name[3])
			continue;
		if (!aml_is_name_def(aml, i) ||
		    aml[i + AML_NAMESEG_LEN] != AML_PACKAGE_OP)
			continue;
		if (aml_s5_package(aml, len, i + AML_NAMESEG_LEN, typ_a, typ_b))
			return true;
	}
	return false;
}
