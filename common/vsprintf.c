/*
 * vsnprintf for the hypervisor.
 *
 * Interface: the C99 subset the hypervisor uses: flags "-0#+ ", width and
 * precision (also "*"), length modifiers hh h l ll z t, conversions
 * d i u x X o c s p %.  Output is always NUL-terminated when size > 0;
 * the return value is the length the full output would have had.
 */
#include <xen/lib.h>

struct out {
	char *buf;
	size_t size;
	size_t len;   /* characters produced so far (may exceed size) */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

struct spec {
	bool left, zero, alt, plus, space;
	int width;
	int prec;     /* -1: none */
};

static void pad(struct out *o, int n, char c)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, sp->prec < 0 ? (size_t)-1 : (size_t)sp->prec);
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static void put_num(struct out *o, unsigned long long v, bool neg,
		    unsigned int base, bool upper, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, len, zeros = 0;
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	const char *prefix = "";

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->alt && base == 16)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && tmp[n - 1] != '0')
		prefix = "0";
	if (sp->prec > n)
		zeros = sp->prec - n;
	len = n + zeros + (sign ? 1 : 0) + (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0 && sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}
	if (!sp->left)
		pad(o, sp->width - len, ' ');
	if (sign)
		put(o, sign);
	for (; *prefix; prefix++)
		put(o, *prefix);
	pad(o, zeros, '0');
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, sp->width - len, ' ');
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ .prec = -1 };
	for (;; f++) {
		if (*f == '-') sp->left = true;
		else if (*f == '0') sp->zero = true;
		else if (*f == '#') sp->alt = true;
		else if (*f == '+') sp->plus = true;
		else if (*f == ' ') sp->space = true;
		else break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = true;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	return f;
}

/* Length modifier: 0 int, 1 long, 2 long long, -1 short, -2 char. */
static const char *parse_len(const char *f, int *lm)
{
	*lm = 0;
	if (*f == 'l') {
		*lm = 1;
		if (*++f == 'l') {
			*lm = 2;
			f++;
		}
	} else if (*f == 'h') {
		*lm = -1;
		if (*++f == 'h') {
			*lm = -2;
			f++;
		}
	} else if (*f == 'z' || *f == 't') {
		*lm = 1;
		f++;
	}
	return f;
}

static unsigned long long get_unsigned(va_list *ap, int lm)
{
	switch (lm) {
	case 2: return va_arg(*ap, unsigned long long);
	case 1: return va_arg(*ap, unsigned long);
	case -1: return (unsigned short)va_arg(*ap, unsigned int);
	case -2: return (unsigned char)va_arg(*ap, unsigned int);
	default: return va_arg(*ap, unsigned int);
	}
}

static long long get_signed(va_list *ap, int lm)
{
	switch (lm) {
	case 2: return va_arg(*ap, long long);
	case 1: return va_arg(*ap, long);
	case -1: return (short)va_arg(*ap, int);
	case -2: return (signed char)va_arg(*ap, int);
	default: return va_arg(*ap, int);
	}
}

static void convert(struct out *o, char c, int lm, struct spec *sp, va_list *ap)
{
	long long s;

	switch (c) {
	case 'd':
	case 'i':
		s = get_signed(ap, lm);
		put_num(o, s < 0 ? -(unsigned long long)s : (unsigned long long)s,
			s < 0, 10, false, sp);
		break;
	case 'u': put_num(o, get_unsigned(ap, lm), false, 10, false, sp); break;
	case 'x': put_num(o, get_unsigned(ap, lm), false, 16, false, sp); break;
	case 'X': put_num(o, get_unsigned(ap, lm), false, 16, true, sp); break;
	case 'o': put_num(o, get_unsigned(ap, lm), false, 8, false, sp); break;
	case 'p':
		sp->alt = true;
		put_num(o, (unsigned long)va_arg(*ap, void *), false, 16, false, sp);
		break;
	case 'c': {
		char ch[2] = { (char)va_arg(*ap, int), 0 };
		sp->prec = 1;
		put_str(o, ch, sp);
		break;
	}
	case 's': put_str(o, va_arg(*ap, const char *), sp); break;
	case '%': put(o, '%'); break;
	default:  put(o, '%'); put(o, c); break;
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		struct spec sp;
		int lm;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		fmt = parse_len(fmt, &lm);
		if (!*fmt)
			break;
		convert(&o, *fmt++, lm, &sp, &ap);
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
