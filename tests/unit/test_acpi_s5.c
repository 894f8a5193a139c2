/*
 * Unit tests for common/acpi_aml.c: the ACPI checksum, and the \_S5
 * decoder on the encodings firmware really uses (QEMU's DSDT, byte /
 * word prefixes, root-prefixed names, multi-byte PkgLength), on decoys
 * that must be skipped, on every truncation of a valid stream and on
 * random bytes.  Buffers are heap copies of exactly the tested length,
 * so AddressSanitizer reports any read past the end.
 */
#include <string.h>
#include "check.h"
#include "../../common/acpi_aml.c"

/* Run the decoder on an exact-size heap copy of aml[0, len). */
static bool find_s5(const u8 *aml, size_t len, u64 *a, u64 *b)
{
	u8 *copy = malloc(len ? len : 1);
	bool ok;

	memcpy(copy, aml, len);
	ok = acpi_aml_find_s5(copy, len, a, b);
	free(copy);
	return ok;
}

#define S5 '_', 'S', '5', '_'

/* Name(_S5, Package(4) { Zero, Zero, Zero, Zero }) as QEMU emits it. */
static const u8 qemu_s5[] = {
	0x10,	     0x0c,	  AML_ROOT_CHAR, /* inside Scope(\) { ... } */
	AML_NAME_OP, S5,	  AML_PACKAGE_OP, 0x06,	       0x04,
	AML_ZERO_OP, AML_ZERO_OP, AML_ZERO_OP,	  AML_ZERO_OP,
};

static void test_checksum(void)
{
	u8 t[8] = {1, 2, 3, 4, 5, 6, 7, 0};

	CHECK_EQ(acpi_checksum(t, 0), 0);
	CHECK_EQ(acpi_checksum(t, 7), 28);
	t[7] = (u8)-28;
	CHECK_EQ(acpi_checksum(t, 8), 0);
	memset(t, 0xff, sizeof(t));
	CHECK_EQ(acpi_checksum(t, 8), (u8)(8 * 0xff));
}

static void test_encodings(void)
{
	static const u8 bytes[] = {
		AML_NAME_OP, AML_ROOT_CHAR,   S5,   AML_PACKAGE_OP,  0x08,
		0x04,	     AML_BYTE_PREFIX, 0x05, AML_BYTE_PREFIX, 0x06,
		AML_ZERO_OP, AML_ZERO_OP,
	};
	static const u8 ones[] = {
		AML_NAME_OP, S5,	 AML_PACKAGE_OP, 0x05,
		0x02,	     AML_ONE_OP, AML_ONES_OP,
	};
	static const u8 wide[] = {
		AML_NAME_OP,
		AML_PARENT_CHAR,
		S5,
		AML_PACKAGE_OP,
		0x0c,
		0x02,
		AML_WORD_PREFIX,
		0x07,
		0x00,
		AML_DWORD_PREFIX,
		0x78,
		0x56,
		0x34,
		0x12,
	};
	static const u8 qword[] = {
		AML_NAME_OP, S5,   AML_PACKAGE_OP,
		0x0c,	     0x02, AML_QWORD_PREFIX,
		1,	     2,	   3,
		4,	     5,	   6,
		7,	     8,	   AML_ZERO_OP,
	};
	u64 a = 99, b = 99;

	CHECK(find_s5(qemu_s5, sizeof(qemu_s5), &a, &b));
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 0);
	CHECK(find_s5(bytes, sizeof(bytes), &a, &b));
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 6);
	CHECK(find_s5(ones, sizeof(ones), &a, &b));
	CHECK_EQ(a, 1);
	CHECK_EQ(b, ~0ULL);
	CHECK(find_s5(wide, sizeof(wide), &a, &b));
	CHECK_EQ(a, 7);
	CHECK_EQ(b, 0x12345678);
	CHECK(find_s5(qword, sizeof(qword), &a, &b));
	CHECK_EQ(a, 0x0807060504030201ULL);
	CHECK_EQ(b, 0);
}

/* PkgLength with 1 and 2 following bytes (ACPI 20.2.4). */
static void test_pkg_length(void)
{
	u8 big[400];
	u64 a, b;
	size_t n = 0;

	/* 0x49 0x00: one byte follows, length 9. */
	static const u8 one[] = {
		AML_NAME_OP,
		S5,
		AML_PACKAGE_OP,
		0x49,
		0x00,
		0x04,
		AML_BYTE_PREFIX,
		3,
		AML_BYTE_PREFIX,
		4,
		AML_ZERO_OP,
		AML_ZERO_OP,
	};
	CHECK(find_s5(one, sizeof(one), &a, &b));
	CHECK_EQ(a, 3);
	CHECK_EQ(b, 4);

	/* Length 0x140 = 320 with two bytes following: 0x80, 0x14. */
	memset(big, AML_ZERO_OP, sizeof(big));
	big[n++] = AML_NAME_OP;
	memcpy(big + n, "_S5_", 4);
	n += 4;
	big[n++] = AML_PACKAGE_OP;
	big[n++] = 0x80;
	big[n++] = 0x14;
	big[n++] = 0x00;
	big[n++] = 0x02;
	big[n++] = AML_BYTE_PREFIX;
	big[n++] = 2;
	big[n++] = AML_ONE_OP;
	CHECK(find_s5(big, sizeof(big), &a, &b));
	CHECK_EQ(a, 2);
	CHECK_EQ(b, 1);

	/* Reserved bits 4-5 set in a multi-byte lead: not a PkgLength. */
	big[6] = 0x90;
	CHECK(!find_s5(big, sizeof(big), &a, &b));
}

static void test_one_element_and_decoys(void)
{
	static const u8 single[] = {
		AML_NAME_OP, S5, AML_PACKAGE_OP, 0x04, 0x01, AML_BYTE_PREFIX, 7,
	};
	/* A reference (no NameOp), a Name of a non-package, then the real one.
	 */
	static const u8 decoys[] = {
		0xa4,	     S5,		     /* Return(_S5_) */
		AML_NAME_OP, S5, AML_BYTE_PREFIX, 5, /* Name(_S5_, 5) */
		AML_NAME_OP, S5, AML_PACKAGE_OP,  0x04, 0x02, 'X',
		'Y',					      /* names */
		AML_NAME_OP, S5, AML_PACKAGE_OP,  0x03, 0x00, /* empty package
							       */
		AML_NAME_OP, S5, AML_PACKAGE_OP,  0x04, 0x02, AML_ONE_OP,
		AML_ONE_OP,
	};
	static const u8 none[] = {
		AML_NAME_OP,	'_',  'S',  '4',	'_',
		AML_PACKAGE_OP, 0x04, 0x02, AML_ONE_OP, AML_ONE_OP,
	};
	u64 a, b;

	CHECK(find_s5(single, sizeof(single), &a, &b));
	CHECK_EQ(a, 7);
	CHECK_EQ(b, 7);
	CHECK(find_s5(decoys, sizeof(decoys), &a, &b));
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 1);
	CHECK(!find_s5(none, sizeof(none), &a, &b));
	CHECK(!find_s5(none, 0, &a, &b));
}

/* A package whose PkgLength ends before its second element. */
static void test_bounds(void)
{
	static const u8 short_pkg[] = {
		AML_NAME_OP, S5,	 AML_PACKAGE_OP, 0x03,
		0x02,	     AML_ONE_OP, AML_ONE_OP,
	};
	static const u8 word_cut[] = {
		AML_NAME_OP, S5,	 AML_PACKAGE_OP,   0x07,
		0x02,	     AML_ONE_OP, AML_DWORD_PREFIX, 1,
		2,
	};
	u64 a, b;
	size_t n;

	CHECK(!find_s5(short_pkg, sizeof(short_pkg), &a, &b));
	CHECK(!find_s5(word_cut, sizeof(word_cut), &a, &b));
	/*
	 * Cutting QEMU's stream anywhere before its second element must
	 * fail without overreads; the last two elements are not needed.
	 */
	for (n = 0; n <= sizeof(qemu_s5); n++)
		CHECK_EQ(find_s5(qemu_s5, n, &a, &b), n >= sizeof(qemu_s5) - 2);
}

/*
 * Random streams, half of them with a planted "NameOp _S5_ PackageOp":
 * the test is that AddressSanitizer stays quiet, and that decoding is
 * deterministic (a second run on the same bytes agrees).
 */
static void test_random(void)
{
	static u8 buf[256];
	unsigned int seed = 12345, found = 0;
	u64 a, b, a2, b2;

	for (unsigned int iter = 0; iter < 20000; iter++) {
		size_t len =
			1 + (seed = seed * 1103515245 + 12345) % sizeof(buf);

		for (size_t i = 0; i < len; i++)
			buf[i] = (seed = seed * 1103515245 + 12345) >> 16;
		if (len > 8 && iter % 2) {
			size_t at = (seed >> 8) % (len - 6);

			buf[at] = AML_NAME_OP;
			memcpy(buf + at + 1, "_S5_", 4);
			buf[at + 5] = AML_PACKAGE_OP;
			buf[at + 6] = (seed >> 20) % 64; /* short PkgLength */
			buf[at + 7] = 2;
			if (len > at + 9) {
				buf[at + 8] = (seed >> 4) & 1; /* Zero/One */
				buf[at + 9] = (seed >> 5) & 1;
			}
		}
		if (find_s5(buf, len, &a, &b)) {
			found++;
			CHECK(find_s5(buf, len, &a2, &b2) && a == a2 &&
			      b == b2);
		}
	}
	CHECK(found > 100);
}

int main(void)
{
	test_checksum();
	test_encodings();
	test_pkg_length();
	test_one_element_and_decoys();
	test_bounds();
	test_random();
	return unit_finish("acpi_s5");
}
