/*
 * Between config.c (the syntax) and config_keys.c (what each key
 * means): one parsed value, and the key table's entry point.
 */
#ifndef TOOLS_XM_CONFIG_INT_H
#define TOOLS_XM_CONFIG_INT_H

#include "config.h"

#define XM_TEXT	 4096 /* a string value's longest text + 1 */
#define XM_ITEMS 16   /* entries of a list */
#define XM_ITEM	 1100 /* an entry's longest text + 1 */

enum xm_vkind { V_STR, V_NUM, V_LIST };

struct xm_value {
	enum xm_vkind kind;
	char text[XM_TEXT];	      /* V_STR, V_NUM: the text */
	unsigned int n;		      /* V_LIST: entries */
	char item[XM_ITEMS][XM_ITEM]; /* V_LIST: each entry's text */
};

/* 0; -1 with "KEY: problem" in err; -2 for an unknown key. */
int xm_key_apply(struct xm_config *c, const char *key, const struct xm_value *v,
		 char *err, size_t errlen);

#endif /* TOOLS_XM_CONFIG_INT_H */
