/*
 * Minimal unit-test harness for host builds of common/ code.
 * Each test binary prints one line per failed CHECK and a final
 * "unit <name>: N passed, M failed" line; exit status is non-zero on failure.
 */
#ifndef UNIT_CHECK_H
#define UNIT_CHECK_H

#include <stdio.h>
#include <stdlib.h>

static int unit_passed, unit_failed;

#define CHECK(c)                                                          \
	do {                                                              \
		if (c) {                                                  \
			unit_passed++;                                    \
		} else {                                                  \
			unit_failed++;                                    \
			fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__,     \
				__LINE__, #c);                            \
		}                                                         \
	} while (0)

#define CHECK_EQ(a, b)                                                    \
	do {                                                              \
		unsigned long long va_ = (unsigned long long)(a);         \
		unsigned long long vb_ = (unsigned long long)(b);         \
		if (va_ == vb_) {                                         \
			unit_passed++;                                    \
		} else {                                                  \
			unit_failed++;                                    \
			fprintf(stderr, "FAIL %s:%d: %s == %s (%#llx != %#llx)\n", \
				__FILE__, __LINE__, #a, #b, va_, vb_);    \
		}                                                         \
	} while (0)

static inline int unit_finish(const char *name)
{
	printf("unit %s: %d passed, %d failed\n", name, unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
