// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * snprintf and vsnprintf for the shell and the skeletons it loads: the
 * conversions d i u x X p s c and %%, the flags '-' and '0', a width and a
 * precision (numbers or '*'), and the length modifiers hh h l ll z.  Other
 * conversions are copied to the output as written.  The result is always
 * NUL-terminated when size is not 0; the return value is the length the
 * whole output would have had, as C says.
 */
#include "rt.h"

struct out {
	char *buf;
	size_t size;
	size_t len;	/* what the output would be, uncut */
};

static void put_char(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put_char(o, c);
}

struct spec {
	int left;	/* '-' */
	int zero;	/* '0' */
	int width;
	int prec;	/* -1: none */
};

static void put_str(struct out *o, const char *s, const struct spec *sp)
{
	size_t n, i;

	if (!s)
		s = "(null)";
	n = sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s);
	if (!sp->left)
		put_pad(o, ' ', sp->width - (int)n);
	for (i = 0; i < n; i++)
		put_char(o, s[i]);
	if (sp->left)
		put_pad(o, ' ', sp->width - (int)n);
}

/* A number's digits, its sign or prefix, then padding as the spec asks. */
static void put_num(struct out *o, unsigned long long v, int neg, unsigned int base, int upper,
		    const char *prefix, const struct spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, zeros, plen = (int)strlen(prefix) + neg, pad;

	do {
		/* base is 10 or 16: shifts for 16 keep 64-bit division out of the hot path. */
		if (base == 16) {
			tmp[n++] = digits[v & 15];
			v >>= 4;
		} else {
			tmp[n++] = digits[v % 10];
			v /= 10;
		}
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	zeros = sp->prec > n ? sp->prec - n : 0;
	pad = sp->width - plen - zeros - n;
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}
	if (!sp->left)
		put_pad(o, ' ', pad);
	if (neg)
		put_char(o, '-');
	while (*prefix)
		put_char(o, *prefix++);
	put_pad(o, '0', zeros);
	while (n)
		put_char(o, tmp[--n]);
	if (sp->left)
		put_pad(o, ' ', pad);
}

enum length { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z };

static unsigned long long arg_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	case LEN_LL:
		return va_arg(*ap, unsigned long long);
	case LEN_Z:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static long long arg_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	case LEN_LL:
		return va_arg(*ap, long long);
	case LEN_Z:
		return (long long)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

static int parse_int(const char **f)
{
	int v = 0;

	while (**f >= '0' && **f <= '9') {
		if (v < 100000)
			v = v * 10 + (**f - '0');
		(*f)++;
	}
	return v;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	const char *start;
	struct spec sp;
	enum length len;
	long long sv;
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		if (*fmt != '%') {
			put_char(&o, *fmt++);
			continue;
		}
		start = fmt++;
		sp = (struct spec){ 0, 0, 0, -1 };
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = 1;
			else if (*fmt == '0')
				sp.zero = 1;
			else if (*fmt != '+' && *fmt != ' ' && *fmt != '#')
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = 1;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			sp.width = parse_int(&fmt);
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				if (sp.prec < 0)
					sp.prec = -1;
				fmt++;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}
		len = LEN_INT;
		if (*fmt == 'h') {
			len = fmt[1] == 'h' ? LEN_HH : LEN_H;
			fmt += len == LEN_HH ? 2 : 1;
		} else if (*fmt == 'l') {
			len = fmt[1] == 'l' ? LEN_LL : LEN_L;
			fmt += len == LEN_LL ? 2 : 1;
		} else if (*fmt == 'z') {
			len = LEN_Z;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = arg_signed(&ap, len);
			put_num(&o, sv < 0 ? 0 - (unsigned long long)sv : (unsigned long long)sv,
				sv < 0, 10, 0, "", &sp);
			break;
		case 'u':
			put_num(&o, arg_unsigned(&ap, len), 0, 10, 0, "", &sp);
			break;
		case 'x':
		case 'X':
			put_num(&o, arg_unsigned(&ap, len), 0, 16, *fmt == 'X', "", &sp);
			break;
		case 'p':
			put_num(&o, (uintptr_t)va_arg(ap, void *), 0, 16, 0, "0x", &sp);
			break;
		case 's':
			put_str(&o, va_arg(ap, const char *), &sp);
			break;
		case 'c':
			if (!sp.left)
				put_pad(&o, ' ', sp.width - 1);
			put_char(&o, (char)va_arg(ap, int));
			if (sp.left)
				put_pad(&o, ' ', sp.width - 1);
			break;
		case '%':
			put_char(&o, '%');
			break;
		default:
			/* Not a conversion this knows: copy it, and stop at the end. */
			while (start < fmt)
				put_char(&o, *start++);
			if (!*fmt)
				continue;
			put_char(&o, *fmt);
			break;
		}
		fmt++;
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return o.len > 0x7fffffff ? 0x7fffffff : (int)o.len;
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
