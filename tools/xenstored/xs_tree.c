/*
 * xenstored's database: a persistent tree of refcounted nodes (see
 * xs_tree.h), the per-version count of nodes each domain owns, path
 * syntax and the permission model.
 *
 * Interface: see xs_tree.h.
 *
 * Invariants: a node is shared (refs > 1) by several versions or parents
 * and then is read-only; make_unique() gives a writer its private copy,
 * whose children are shared with the original.  Node and child names are
 * valid path components; kids[] never holds two nodes of the same name.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/io/xs_wire.h>

#include "xs_tree.h"

/* Xen's node record: generation, num_perms, datalen, childlen (+pad). */
#define XS_RECORD_HDR  24
#define XS_RECORD_PERM 8

/* ---- paths ---- */

static bool path_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

/* Canonical absolute path: "/", or "/a/b" without empty components. */
bool xs_path_valid(const char *path)
{
	size_t len = strlen(path), i;

	if (len == 0 || path[0] != '/' || len > XENSTORE_ABS_PATH_MAX)
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	for (i = 0; i < len; i++) {
		if (!path_char_ok(path[i]))
			return false;
		if (path[i] == '/' && path[i + 1] == '/')
			return false;
	}
	return true;
}

/* child is parent itself or below it; everything is below "/". */
bool xs_path_is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (strcmp(parent, "/") == 0)
		return true;
	if (strncmp(child, parent, len) != 0)
		return false;
	return child[len] == '/' || child[len] == '\0';
}

/* ---- permissions ---- */

int xs_perm_parse(const char *s, struct xs_perm *out)
{
	unsigned long id = 0;
	const char *p;

	switch (s[0]) {
	case 'n':
		out->perm = XS_PERM_NONE;
		break;
	case 'r':
		out->perm = XS_PERM_READ;
		break;
	case 'w':
		out->perm = XS_PERM_WRITE;
		break;
	case 'b':
		out->perm = XS_PERM_BOTH;
		break;
	default:
		return EINVAL;
	}
	if (s[1] == '\0')
		return EINVAL;
	for (p = s + 1; *p; p++) {
		if (*p < '0' || *p > '9')
			return EINVAL;
		id = id * 10 + (unsigned long)(*p - '0');
		if (id > 65535)
			return EINVAL;
	}
	out->id = (uint16_t)id;
	return 0;
}

int xs_perm_format(const struct xs_perm *p, char *buf, size_t size)
{
	static const char letter[] = {'n', 'r', 'w', 'b'};

	return snprintf(buf, size, "%c%u", letter[p->perm & XS_PERM_BOTH],
			p->id);
}

/*
 * Xen's rule: the privileged domain and the owner (entry 0) may do
 * anything; another domain gets its own entry if listed, else the default
 * access of entry 0.
 */
unsigned int xs_perm_for(const struct xs_perm *p, unsigned int n,
			 uint16_t domid, bool privileged)
{
	unsigned int i;

	if (privileged || p[0].id == domid)
		return XS_PERM_BOTH | XS_PERM_OWNER;
	for (i = 1; i < n; i++)
		if (p[i].id == domid)
			return p[i].perm;
	return p[0].perm;
}

/* ---- nodes ---- */

static struct xs_node *node_new(const char *name, size_t nlen)
{
	struct xs_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->name = malloc(nlen + 1);
	if (!n->name) {
		free(n);
		return NULL;
	}
	memcpy(n->name, name, nlen);
	n->name[nlen] = '\0';
	n->refs = 1;
	return n;
}

static void node_put(struct xs_node *n)
{
	unsigned int i;

	if (!n || --n->refs > 0)
		return;
	for (i = 0; i < n->nkids; i++)
		node_put(n->kids[i]);
	free(n->kids);
	free(n->perms);
	free(n->value);
	free(n->name);
	free(n);
}

static void *dup_bytes(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

/* A private copy of n sharing n's children. */
static struct xs_node *node_clone(const struct xs_node *n)
{
	struct xs_node *c = node_new(n->name, strlen(n->name));
	unsigned int i;

	if (!c)
		return NULL;
	c->gen = n->gen;
	c->value = dup_bytes(n->value, n->vlen);
	c->perms = dup_bytes(n->perms, n->nperms * sizeof(*n->perms));
	c->kids = dup_bytes(n->kids, n->nkids * sizeof(*n->kids));
	if (!c->value || !c->perms || !c->kids) {
		node_put(c);
		return NULL;
	}
	c->vlen = n->vlen;
	c->nperms = n->nperms;
	c->nkids = n->nkids;
	for (i = 0; i < c->nkids; i++)
		c->kids[i]->refs++;
	return c;
}

/* Make *slot private to the caller (who owns the pointer in slot). */
static struct xs_node *make_unique(struct xs_node **slot)
{
	struct xs_node *c;

	if ((*slot)->refs == 1)
		return *slot;
	c = node_clone(*slot);
	if (!c)
		return NULL;
	(*slot)->refs--;
	*slot = c;
	return c;
}

static int find_kid(const struct xs_node *n, const char *name, size_t len)
{
	unsigned int i;

	for (i = 0; i < n->nkids; i++)
		if (strncmp(n->kids[i]->name, name, len) == 0 &&
		    n->kids[i]->name[len] == '\0')
			return (int)i;
	return -1;
}

size_t xs_node_childlen(const struct xs_node *n)
{
	size_t len = 0;
	unsigned int i;

	for (i = 0; i < n->nkids; i++)
		len += strlen(n->kids[i]->name) + 1;
	return len;
}

/* Size of n's record in Xen's database, plus "extra" bytes. */
size_t xs_node_size(const struct xs_node *n, size_t extra)
{
	return XS_RECORD_HDR + XS_RECORD_PERM * n->nperms + n->vlen +
	       xs_node_childlen(n) + extra;
}

int xs_node_set_value(struct xs_node *n, const void *v, unsigned int len)
{
	char *nv = dup_bytes(v, len);

	if (!nv)
		return ENOMEM;
	free(n->value);
	n->value = nv;
	n->vlen = len;
	return 0;
}

/* ---- accounting ---- */

static void acct_add(struct xs_tree *t, uint16_t domid, int delta)
{
	struct xs_acct *a;
	unsigned int i;

	for (i = 0; i < t->nacct; i++) {
		if (t->acct[i].domid == domid) {
			t->acct[i].nodes += (unsigned int)delta;
			return;
		}
	}
	if (delta <= 0)
		return;
	a = realloc(t->acct, (t->nacct + 1) * sizeof(*a));
	if (!a)
		return; /* the domain's quota is not enforced then */
	t->acct = a;
	a[t->nacct].domid = domid;
	a[t->nacct].nodes = (unsigned int)delta;
	t->nacct++;
}

unsigned int xs_tree_owned(const struct xs_tree *t, uint16_t domid)
{
	unsigned int i;

	for (i = 0; i < t->nacct; i++)
		if (t->acct[i].domid == domid)
			return t->acct[i].nodes;
	return 0;
}

static void acct_subtree(struct xs_tree *t, const struct xs_node *n)
{
	unsigned int i;

	acct_add(t, n->perms[0].id, -1);
	for (i = 0; i < n->nkids; i++)
		acct_subtree(t, n->kids[i]);
}

/* ---- versions ---- */

int xs_tree_init(struct xs_tree *t)
{
	memset(t, 0, sizeof(*t));
	t->root = node_new("", 0);
	if (!t->root)
		return ENOMEM;
	t->root->perms = calloc(1, sizeof(struct xs_perm));
	t->root->value = malloc(1);
	if (!t->root->perms || !t->root->value) {
		xs_tree_free(t);
		return ENOMEM;
	}
	t->root->nperms = 1; /* "n0": owned by dom0, no default access */
	acct_add(t, 0, 1);
	return 0;
}

int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src)
{
	dst->acct = dup_bytes(src->acct, src->nacct * sizeof(*src->acct));
	if (!dst->acct)
		return ENOMEM;
	dst->nacct = src->nacct;
	dst->root = src->root;
	dst->root->refs++;
	return 0;
}

void xs_tree_free(struct xs_tree *t)
{
	node_put(t->root);
	free(t->acct);
	memset(t, 0, sizeof(*t));
}

/* ---- reads ---- */

/* Length of the next component at *p (after its '/'), advancing *p. */
static size_t next_component(const char **p, const char **start)
{
	const char *s = *p + 1, *e = strchr(s, '/');
	size_t len = e ? (size_t)(e - s) : strlen(s);

	*start = s;
	*p = s + len;
	return len;
}

struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path)
{
	struct xs_node *n = t->root;
	const char *p = path, *c;
	size_t len;
	int i;

	if (strcmp(path, "/") == 0)
		return n;
	while (*p) {
		len = next_component(&p, &c);
		i = find_kid(n, c, len);
		if (i < 0)
			break;
		n = n->kids[i];
	}
	return n;
}

struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path)
{
	struct xs_node *n = t->root;
	const char *p = path, *c;
	size_t len;
	int i;

	if (strcmp(path, "/") == 0)
		return n;
	while (*p) {
		len = next_component(&p, &c);
		i = find_kid(n, c, len);
		if (i < 0)
			return NULL;
		n = n->kids[i];
	}
	return n;
}

/* How many nodes a write to path would create. */
unsigned int xs_tree_missing(const struct xs_tree *t, const char *path)
{
	struct xs_node *n = t->root;
	const char *p = path, *c;
	unsigned int missing = 0;
	size_t len;
	int i;

	if (strcmp(path, "/") == 0)
		return 0;
	while (*p) {
		len = next_component(&p, &c);
		if (missing) {
			missing++;
			continue;
		}
		i = find_kid(n, c, len);
		if (i < 0)
			missing++;
		else
			n = n->kids[i];
	}
	return missing;
}

/* ---- changes ---- */

static struct xs_node *add_kid(struct xs_tree *t, struct xs_node *parent,
			       const char *name, size_t len, int owner)
{
	struct xs_node *k = node_new(name, len), **kids;

	if (!k)
		return NULL;
	k->value = malloc(1);
	k->perms = dup_bytes(parent->perms,
			     parent->nperms * sizeof(*parent->perms));
	kids = realloc(parent->kids, (parent->nkids + 1) * sizeof(*kids));
	if (kids)
		parent->kids = kids;
	if (!k->value || !k->perms || !kids) {
		node_put(k);
		return NULL;
	}
	k->nperms = parent->nperms;
	if (owner >= 0)
		k->perms[0].id = (uint16_t)owner;
	parent->kids[parent->nkids++] = k;
	acct_add(t, k->perms[0].id, 1);
	return k;
}

struct xs_node *xs_tree_get_writable(struct xs_tree *t, const char *path,
				     int owner, uint64_t gen,
				     unsigned int *created)
{
	struct xs_node **slot = &t->root, *n;
	const char *p = path, *c;
	size_t len;
	int i;

	n = make_unique(slot);
	while (n && strcmp(path, "/") != 0 && *p) {
		len = next_component(&p, &c);
		i = find_kid(n, c, len);
		if (i < 0) {
			if (!add_kid(t, n, c, len, owner))
				return NULL;
			n->gen = gen;
			(*created)++;
			i = (int)n->nkids - 1;
			n->kids[i]->gen = gen;
		}
		slot = &n->kids[i];
		n = make_unique(slot);
	}
	if (n)
		n->gen = gen;
	return n;
}

int xs_tree_set_perms(struct xs_tree *t, struct xs_node *n,
		      const struct xs_perm *p, unsigned int np)
{
	struct xs_perm *np_copy = dup_bytes(p, np * sizeof(*p));

	if (!np_copy)
		return ENOMEM;
	acct_add(t, n->perms[0].id, -1);
	acct_add(t, p[0].id, 1);
	free(n->perms);
	n->perms = np_copy;
	n->nperms = np;
	return 0;
}

/* Remove path (not "/") and everything below it. */
int xs_tree_remove(struct xs_tree *t, const char *path, uint64_t gen)
{
	const char *slash = strrchr(path, '/');
	size_t plen = (size_t)(slash - path);
	char parent[XENSTORE_ABS_PATH_MAX + 1];
	struct xs_node *pn, *victim;
	unsigned int created = 0;
	int i;

	if (!slash || plen > XENSTORE_ABS_PATH_MAX || strcmp(path, "/") == 0)
		return EINVAL;
	memcpy(parent, path, plen ? plen : 1);
	parent[plen ? plen : 1] = '\0';
	pn = xs_tree_lookup(t, parent);
	if (!pn || find_kid(pn, slash + 1, strlen(slash + 1)) < 0)
		return ENOENT;
	pn = xs_tree_get_writable(t, parent, -1, gen, &created);
	if (!pn)
		return ENOMEM;
	i = find_kid(pn, slash + 1, strlen(slash + 1));
	victim = pn->kids[i];
	acct_subtree(t, victim);
	memmove(&pn->kids[i], &pn->kids[i + 1],
		(pn->nkids - (unsigned int)i - 1) * sizeof(*pn->kids));
	pn->nkids--;
	node_put(victim);
	return 0;
}
