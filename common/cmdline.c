/*
 * Generic command-line tokenizer and value parsers.
 *
 * Interface: cmdline_parse() walks a whitespace-separated list of
 * "key[=value]" tokens (a value may be double-quoted to contain spaces)
 * and dispatches each to a struct param table; parse_size() and
 * parse_bool() are the value grammars shared by option handlers.
 * Invariants: no allocation, no global state; bounded by the input length.
 */
#include <xen/lib.h>
#include <xen/cmdline.h>
#include <xen/errno.h>

#define MAX_TOKEN 256

static bool word_eq(const char *s, const char *end, const char *w)
{
	size_t n = end - s;
	return strlen(w) == n && !strncmp(s, w, n);
}

int parse_bool(const char *s, const char *end)
{
	if (!end)
		end = s + strlen(s);
	if (word_eq(s, end, "1") || word_eq(s, end, "yes") ||
	    word_eq(s, end, "on") || word_eq(s, end, "true") ||
	    word_eq(s, end, "enable"))
		return 1;
	if (word_eq(s, end, "0") || word_eq(s, end, "no") ||
	    word_eq(s, end, "off") || word_eq(s, end, "false") ||
	    word_eq(s, end, "disable"))
		return 0;
	return -1;
}

bool parse_size(const char *s, const char **end, unsigned int default_shift,
		u64 *bytes)
{
	const char *p;
	unsigned long long v = simple_strtoull(s, &p, 0);
	unsigned int shift = default_shift;

	if (p == s)
		return false;
	switch (*p) {
	case 'T': case 't': shift = 40; p++; break;
	case 'G': case 'g': shift = 30; p++; break;
	case 'M': case 'm': shift = 20; p++; break;
	case 'K': case 'k': shift = 10; p++; break;
	case 'B': case 'b': shift = 0; p++; break;
	default: break;
	}
	/* Saturate rather than wrap: a huge request is still "huge". */
	*bytes = (v > (~0ULL >> shift)) ? ~0ULL : v << shift;
	if (end)
		*end = p;
	return true;
}

static int set_value(const struct param *p, const char *val)
{
	const char *end;
	unsigned long long v;
	int b;

	switch (p->type) {
	case PARAM_BOOL:
		b = val ? parse_bool(val, NULL) : 1;
		if (b < 0)
			return -EINVAL;
		*(bool *)p->var = b;
		return 0;
	case PARAM_UINT:
		if (!val)
			return -EINVAL;
		v = simple_strtoull(val, &end, 0);
		if (end == val || *end || v > 0xffffffffULL)
			return -EINVAL;
		*(unsigned int *)p->var = (unsigned int)v;
		return 0;
	case PARAM_STRING:
		if (!val || strlen(val) >= p->len)
			return -EINVAL;
		strlcpy(p->var, val, p->len);
		return 0;
	case PARAM_CUSTOM:
		return p->custom(val);
	}
	return -EINVAL;
}

/* Handle one token "key", "key=val" or "no-key" (booleans only). */
static void parse_token(char *tok, const struct param *table, size_t n,
			cmdline_complaint_t complain, int *complaints)
{
	char *val = strchr(tok, '=');
	const char *key = tok;
	bool negated = false;

	if (val)
		*val++ = '\0';
	if (!strncmp(key, "no-", 3)) {
		negated = true;
		key += 3;
	}
	for (size_t i = 0; i < n; i++) {
		if (strcmp(table[i].name, key))
			continue;
		if (negated && (table[i].type != PARAM_BOOL || val))
			break;
		if (negated)
			val = "0";
		if (set_value(&table[i], val)) {
			(*complaints)++;
			if (complain)
				complain("bad value for option", tok);
		}
		return;
	}
	(*complaints)++;
	if (complain)
		complain("unknown option", tok);
}

/* Copy the next token into buf (quotes removed); returns the rest. */
static const char *next_token(const char *s, char *buf, size_t size)
{
	size_t n = 0;
	bool quoted = false;

	for (; *s && (quoted || (*s != ' ' && *s != '\t')); s++) {
		if (*s == '"') {
			quoted = !quoted;
			continue;
		}
		if (n + 1 < size)
			buf[n++] = *s;
	}
	buf[n] = '\0';
	return s;
}

int cmdline_parse(const char *cmdline, const struct param *table, size_t n,
		  cmdline_complaint_t complain)
{
	char tok[MAX_TOKEN];
	int complaints = 0;

	if (!cmdline)
		return 0;
	while (*cmdline) {
		while (*cmdline == ' ' || *cmdline == '\t')
			cmdline++;
		if (!*cmdline)
			break;
		cmdline = next_token(cmdline, tok, sizeof(tok));
		parse_token(tok, table, n, complain, &complaints);
	}
	return complaints;
}
