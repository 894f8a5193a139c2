/*
 * The Xen 3 config file syntax: a small, Python-like language of
 * assignments.  One statement per line (or separated by ';'):
 *
 *	NAME = VALUE		# a comment runs to the end of the line
 *
 * VALUE is a string ('...' or "...", the escapes \\ \' \" \n \t;
 * adjacent strings are joined as in Python), a decimal integer, or a
 * list [ VALUE, ... ] of strings and integers (a trailing comma is
 * allowed).  Inside a list, and after a backslash at the end of a line,
 * a statement continues on the next line.  Each assignment goes to the
 * key's handler (config_keys.c); later assignments of a key win.
 *
 * Interface: config.h.  Invariants: the text is read once, front to
 * back; on the first error nothing more is applied and err holds one
 * "FILE:LINE: problem" line.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config_int.h"

enum tok { T_EOF, T_END, T_NAME, T_STR, T_NUM, T_EQ, T_LB, T_RB, T_COMMA };

struct lex {
	const char *p;	    /* the next character */
	unsigned int line;  /* p's line (1-based) */
	int depth;	    /* '[' open: newlines do not end the statement */
	enum tok t;	    /* the current token */
	unsigned int tline; /* its line */
	char text[XM_TEXT]; /* its text (string contents, name, number) */
	char *err;	    /* the error line, once set */
	size_t errlen;
	const char *file;
};

static int lex_error(struct lex *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = 0;
	if (l->file) /* NULL: a command-line override */
		n = snprintf(l->err, l->errlen, "%s:%u: ", l->file, l->tline);
	if (n < 0 || (size_t)n >= l->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(l->err + n, l->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Skips blanks, comments and (in a list, or after '\') newlines. */
static void skip_space(struct lex *l)
{
	for (;;) {
		if (*l->p == ' ' || *l->p == '\t' || *l->p == '\r') {
			l->p++;
		} else if (*l->p == '#') {
			while (*l->p && *l->p != '\n')
				l->p++;
		} else if (*l->p == '\\' && l->p[1] == '\n') {
			l->p += 2;
			l->line++;
		} else if (*l->p == '\n' && l->depth > 0) {
			l->p++;
			l->line++;
		} else {
			return;
		}
	}
}

static char unescape(char c)
{
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	default:
		return c; /* \\ \' \" */
	}
}

/* A quoted string at l->p, appended to l->text at *len. */
static int lex_string(struct lex *l, size_t *len)
{
	char q = *l->p++;

	while (*l->p != q) {
		char c = *l->p++;

		if (c == '\0' || c == '\n')
			return lex_error(l, "unterminated string");
		if (c == '\\') {
			if (*l->p == '\n') { /* continued on the next line */
				l->p++;
				l->line++;
				continue;
			}
			if (*l->p == '\0')
				return lex_error(l, "unterminated string");
			if (strchr("\\'\"nt", *l->p))
				c = unescape(*l->p++);
		}
		if (*len + 1 >= sizeof(l->text))
			return lex_error(l, "string longer than %zu characters",
					 sizeof(l->text) - 1);
		l->text[(*len)++] = c;
	}
	l->p++;
	l->text[*len] = '\0';
	return 0;
}

/* A name or a number: a run of letters, digits, '_' (and '-'/'.'
 * inside numbers, so that "12x" or "1.5" reach the key as one word). */
static int lex_word(struct lex *l, enum tok t, size_t n)
{
	while (isalnum((unsigned char)*l->p) || *l->p == '_' ||
	       (t == T_NUM && *l->p == '.')) {
		if (n + 1 >= sizeof(l->text))
			return lex_error(l, "word too long");
		l->text[n++] = *l->p++;
	}
	l->text[n] = '\0';
	l->t = t;
	return 0;
}

static int lex_next(struct lex *l)
{
	static const char punct[] = "=[],;";
	static const enum tok ptok[] = {T_EQ, T_LB, T_RB, T_COMMA, T_END};
	size_t len = 0;
	const char *s;

	skip_space(l);
	l->tline = l->line;
	l->text[0] = '\0';
	if (*l->p == '\0') {
		l->t = T_EOF;
	} else if (*l->p == '\n') {
		l->p++;
		l->line++;
		l->t = T_END;
	} else if (*l->p == '\'' || *l->p == '"') {
		l->t = T_STR;
		do {
			if (lex_string(l, &len))
				return -1;
			skip_space(l);
		} while (*l->p == '\'' || *l->p == '"');
	} else if (isdigit((unsigned char)*l->p) ||
		   (*l->p == '-' && isdigit((unsigned char)l->p[1]))) {
		l->text[len++] = *l->p++;
		return lex_word(l, T_NUM, len);
	} else if (isalpha((unsigned char)*l->p) || *l->p == '_') {
		return lex_word(l, T_NAME, 0);
	} else if (*l->p && (s = strchr(punct, *l->p))) {
		l->p++;
		l->t = ptok[s - punct];
	} else {
		return lex_error(l, "unexpected character '%c'", *l->p);
	}
	return 0;
}

static const char *tok_desc(const struct lex *l)
{
	static const char *const names[] = {
		[T_EOF] = "the end",  [T_END] = "the end of the line",
		[T_STR] = "a string", [T_EQ] = "=",
		[T_LB] = "[",	      [T_RB] = "]",
		[T_COMMA] = ","};

	return l->t == T_NAME || l->t == T_NUM ? l->text : names[l->t];
}

/* A list: the current token is '['. */
static int parse_list(struct lex *l, struct xm_value *v, const char *key)
{
	unsigned int open = l->tline;

	v->kind = V_LIST;
	v->n = 0;
	l->depth++;
	if (lex_next(l))
		return -1;
	while (l->t != T_RB) {
		if (l->t == T_EOF) {
			l->tline = open;
			return lex_error(l, "%s: list without its ']'", key);
		}
		if (l->t != T_STR && l->t != T_NUM)
			return lex_error(l,
					 "%s: a list holds strings only, "
					 "not '%s'",
					 key, tok_desc(l));
		if (v->n == XM_ITEMS)
			return lex_error(l, "%s: more than %d entries", key,
					 XM_ITEMS);
		if (strlen(l->text) >= XM_ITEM)
			return lex_error(l,
					 "%s: entry longer than %d "
					 "characters",
					 key, XM_ITEM - 1);
		strcpy(v->item[v->n++], l->text);
		if (lex_next(l))
			return -1;
		if (l->t == T_COMMA) {
			if (lex_next(l))
				return -1;
		} else if (l->t != T_RB && l->t != T_EOF) {
			return lex_error(l, "%s: expected ',' or ']', not '%s'",
					 key, tok_desc(l));
		}
	}
	l->depth--;
	return lex_next(l);
}

static int parse_value(struct lex *l, struct xm_value *v, const char *key)
{
	if (l->t == T_LB)
		return parse_list(l, v, key);
	if (l->t != T_STR && l->t != T_NUM)
		return lex_error(l,
				 "%s: expected a string, a number or a "
				 "list, not '%s'",
				 key, tok_desc(l));
	v->kind = l->t == T_STR ? V_STR : V_NUM;
	strcpy(v->text, l->text);
	return lex_next(l);
}

/* Applies v to key; err gets "FILE:LINE: " + the handler's message. */
static int apply(struct lex *l, struct xm_config *c, const char *key,
		 const struct xm_value *v, unsigned int line)
{
	char msg[512];
	int rc = xm_key_apply(c, key, v, msg, sizeof(msg));

	l->tline = line;
	if (rc == -2)
		return lex_error(l, "unknown key '%s'", key);
	if (rc)
		return lex_error(l, "%s", msg);
	return 0;
}

/* NAME = VALUE, the current token being NAME. */
static int parse_statement(struct lex *l, struct xm_config *c)
{
	static struct xm_value v; /* large: not on the stack */
	unsigned int line = l->tline;
	char key[64];

	if (l->t != T_NAME)
		return lex_error(l, "expected a key name, not '%s'",
				 tok_desc(l));
	if (strlen(l->text) >= sizeof(key))
		return lex_error(l, "unknown key '%.40s...'", l->text);
	strcpy(key, l->text);
	if (lex_next(l))
		return -1;
	if (l->t != T_EQ)
		return lex_error(l, "expected '=' after '%s', not '%s'", key,
				 tok_desc(l));
	if (lex_next(l) || parse_value(l, &v, key))
		return -1;
	if (l->t != T_END && l->t != T_EOF)
		return lex_error(l, "unexpected '%s' after the value of %s",
				 tok_desc(l), key);
	return apply(l, c, key, &v, line);
}

int xm_config_parse(struct xm_config *c, const char *file, const char *text,
		    char *err, size_t errlen)
{
	static struct lex l;

	memset(&l, 0, sizeof(l));
	l.p = text;
	l.line = 1;
	l.err = err;
	l.errlen = errlen;
	l.file = file;
	if (lex_next(&l))
		return -1;
	while (l.t != T_EOF) {
		if (l.t == T_END) {
			if (lex_next(&l))
				return -1;
			continue;
		}
		if (parse_statement(&l, c))
			return -1;
	}
	return 0;
}

/* A quoted or list value of an override: the whole rest must be it. */
static int override_literal(const char *text, struct xm_value *v,
			    const char *key, char *err, size_t errlen)
{
	static struct lex l;

	memset(&l, 0, sizeof(l));
	l.p = text;
	l.line = 1;
	l.err = err;
	l.errlen = errlen;
	if (lex_next(&l) || parse_value(&l, v, key))
		return -1;
	if (l.t != T_EOF && l.t != T_END)
		return lex_error(&l, "unexpected '%s' after the value of %s",
				 tok_desc(&l), key);
	return 0;
}

/* "key=value": a bare value is a string; '...', "..." or [...] are
 * read in the file's syntax.  Errors carry no file or line. */
int xm_config_set(struct xm_config *c, const char *a, char *err, size_t errlen)
{
	static struct xm_value v;
	const char *eq = strchr(a, '=');
	char key[64];
	int rc;

	if (!eq || eq == a || (size_t)(eq - a) >= sizeof(key)) {
		snprintf(err, errlen, "'%s' is not KEY=VALUE", a);
		return -1;
	}
	memcpy(key, a, (size_t)(eq - a));
	key[eq - a] = '\0';
	if (strchr("'\"[", eq[1]) && eq[1]) {
		if (override_literal(eq + 1, &v, key, err, errlen))
			return -1;
	} else if (strlen(eq + 1) >= sizeof(v.text)) {
		snprintf(err, errlen, "%s: value too long", key);
		return -1;
	} else {
		v.kind = V_STR;
		strcpy(v.text, eq + 1);
	}
	rc = xm_key_apply(c, key, &v, err, errlen);
	if (rc == -2)
		snprintf(err, errlen, "unknown key '%s'", key);
	return rc ? -1 : 0;
}
