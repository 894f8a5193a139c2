/*
 * xenstored's database: a persistent (copy-on-write) tree of nodes, node
 * permissions and path syntax.
 *
 * Interface: a struct xs_tree is one version of the database (its root plus
 * the number of nodes each domain owns).  xs_tree_copy() makes another
 * version in O(domains): the versions share every node until one of them
 * changes it.  Changes go through xs_tree_get_writable() (creates missing
 * nodes, clones shared ones along the path) and xs_tree_remove().  Callers
 * validate a change first (xs_tree_missing(), xs_node_size()) and then make
 * it; the only failure after validation is ENOMEM.
 *
 * Invariants: a node with refs > 1 is never modified; every node has at
 * least one permission entry (entry 0 = owner and default access); a
 * version's acct[] holds, per domain, the nodes whose owner it is; paths
 * handed to tree functions are canonical (xs_path_valid()).
 */
#ifndef XS_TREE_H
#define XS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XS_PERM_NONE  0
#define XS_PERM_READ  1
#define XS_PERM_WRITE 2
#define XS_PERM_BOTH  (XS_PERM_READ | XS_PERM_WRITE)
#define XS_PERM_OWNER 4 /* computed, never stored */

#define XS_MAX_PERMS 1024 /* any more cannot fit in one message anyway */

struct xs_perm {
	uint16_t id;  /* domain id */
	uint8_t perm; /* XS_PERM_READ | XS_PERM_WRITE */
};

struct xs_node {
	unsigned int refs;     /* versions/parents pointing here */
	uint64_t gen;	       /* stamp of the last change to this node */
	char *name;	       /* last path component, "" for the root */
	char *value;	       /* not NUL terminated */
	unsigned int vlen;     /* bytes in value */
	struct xs_perm *perms; /* perms[0]: owner and default */
	unsigned int nperms;   /* >= 1 */
	struct xs_node **kids; /* children in creation order */
	unsigned int nkids;    /* entries used in kids */
};

struct xs_acct {
	uint16_t domid;	    /* owner */
	unsigned int nodes; /* nodes it owns in this version */
};

struct xs_tree {
	struct xs_node *root; /* never NULL once initialised */
	struct xs_acct *acct; /* one entry per owner with nodes > 0 */
	unsigned int nacct;   /* entries in acct */
};

/* Paths. */
bool xs_path_valid(const char *path);
bool xs_path_is_child(const char *child, const char *parent);

/* Permissions: parse "r5" style strings, format them, evaluate. */
int xs_perm_parse(const char *s, struct xs_perm *out);
int xs_perm_format(const struct xs_perm *p, char *buf, size_t size);
unsigned int xs_perm_for(const struct xs_perm *p, unsigned int n,
			 uint16_t domid, bool privileged);

/* Versions. */
int xs_tree_init(struct xs_tree *t);
int xs_tree_copy(struct xs_tree *dst, const struct xs_tree *src);
void xs_tree_free(struct xs_tree *t);
unsigned int xs_tree_owned(const struct xs_tree *t, uint16_t domid);

/* Reads. */
struct xs_node *xs_tree_lookup(const struct xs_tree *t, const char *path);
struct xs_node *xs_tree_nearest(const struct xs_tree *t, const char *path);
unsigned int xs_tree_missing(const struct xs_tree *t, const char *path);
size_t xs_node_childlen(const struct xs_node *n);
size_t xs_node_size(const struct xs_node *n, size_t extra);

/*
 * Changes.  "owner" (>= 0) replaces the owner of created nodes, which
 * otherwise inherit the permissions of their parent.  Every node changed
 * or created, and the parent of a created node, is stamped with gen.
 */
struct xs_node *xs_tree_get_writable(struct xs_tree *t, const char *path,
				     int owner, uint64_t gen,
				     unsigned int *created);
int xs_node_set_value(struct xs_node *n, const void *v, unsigned int len);
int xs_tree_set_perms(struct xs_tree *t, struct xs_node *n,
		      const struct xs_perm *p, unsigned int np);
int xs_tree_remove(struct xs_tree *t, const char *path, uint64_t gen);

#endif /* XS_TREE_H */
