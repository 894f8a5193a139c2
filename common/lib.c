/*
 * Small pure helpers shared by the image and the host unit tests.
 * Interface: pure functions, any context.  Invariants: no state.
 */
#include <xen/lib.h>

/*
 * Parse an unsigned number.  base 0 accepts 0x.. hex, 0.. octal and
 * decimal.  *end (if given) points at the first unparsed character.
 * Saturates at ~0ULL on overflow rather than wrapping.
 */
unsigned long long simple_strtoull(const char *s, const char **end, int base)
{
	unsigned long long v = 0;
	bool overflow = false;

	if (base == 0) {
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
			base = 16;
			s += 2;
		} else if (s[0] == '0' && s[1] >= '0' && s[1] <= '7') {
			base = 8;
		} else {
			base = 10;
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
	}
	for (;; s++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'z')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'Z')
			d = *s - 'A' + 10;
		else
			break;
		if (d >= base)
			break;
		if (v > (~0ULL - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (end)
		*end = s;
	return overflow ? ~0ULL : v;
}
