/*
 * One vif = [...] entry resolved: the default MAC and bridge filled in,
 * the names a Linux network device may have checked, the settings xm
 * cannot honour refused, and no MAC given to two interfaces.
 *
 * Interface: vif.h (vif_default_mac, vif_resolve, vif_check_config,
 * vif_mac_equal).  Invariants: host code (libc only, unit tested);
 * nothing here touches xenstore or the network.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vif.h"

#define FNV64_OFFSET 0xcbf29ce484222325ULL /* FNV-1a, 64 bits */
#define FNV64_PRIME  0x100000001b3ULL

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--) {
		h ^= *b++;
		h *= FNV64_PRIME;
	}
	return h;
}

/*
 * 02 (locally administered, unicast) then 40 bits of a hash of the name,
 * a NUL and n: stable for the domain, different per interface.
 */
void vif_default_mac(const char *name, unsigned int n, char out[18])
{
	uint64_t h = fnv1a(FNV64_OFFSET, name, strlen(name) + 1);
	unsigned char b[4] = {(unsigned char)n, (unsigned char)(n >> 8),
			      (unsigned char)(n >> 16),
			      (unsigned char)(n >> 24)};

	h = fnv1a(h, b, sizeof(b));
	snprintf(out, 18, "02:%02x:%02x:%02x:%02x:%02x",
		 (unsigned int)(h >> 32) & 0xff, (unsigned int)(h >> 24) & 0xff,
		 (unsigned int)(h >> 16) & 0xff, (unsigned int)(h >> 8) & 0xff,
		 (unsigned int)h & 0xff);
}

int vif_mac_equal(const char *a, const char *b)
{
	return strcasecmp(a, b) == 0;
}

/* What Linux's dev_valid_name() accepts. */
static int valid_ifname(const char *s)
{
	if (!*s || strlen(s) >= VIF_IFNAMSIZ || !strcmp(s, ".") ||
	    !strcmp(s, ".."))
		return 0;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return 0;
	return 1;
}

static int supported(const struct xm_vif *v, unsigned int n, char *err,
		     size_t errlen)
{
	const char *s = v->script;
	const char *base = strrchr(s, '/') ? strrchr(s, '/') + 1 : s;

	if (*s && strcmp(base, VIF_SCRIPT) != 0) {
		snprintf(err, errlen,
			 "vif %u: script '%s' is not supported (xm does what "
			 "vif-bridge does)",
			 n, s);
		return -1;
	}
	if (v->type[0] && strcmp(v->type, "vif") &&
	    strcmp(v->type, "netfront")) {
		snprintf(err, errlen,
			 "vif %u: type '%s' is not supported (PV guests take "
			 "type=vif)",
			 n, v->type);
		return -1;
	}
	return 0;
}

int vif_resolve(const struct xm_config *c, unsigned int n, struct vif_spec *s,
		char *err, size_t errlen)
{
	const struct xm_vif *v = &c->vif[n];
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->handle = n;
	if (supported(v, n, err, errlen))
		return -1;
	if (v->bridge[0] && !valid_ifname(v->bridge)) {
		snprintf(err, errlen,
			 "vif %u: bridge '%s' is not a valid interface name", n,
			 v->bridge);
		return -1;
	}
	if (v->vifname[0] && !valid_ifname(v->vifname)) {
		snprintf(err, errlen,
			 "vif %u: vifname '%s' is not a valid interface name",
			 n, v->vifname);
		return -1;
	}
	snprintf(s->bridge, sizeof(s->bridge), "%s",
		 v->bridge[0] ? v->bridge : VIF_DEFAULT_BRIDGE);
	snprintf(s->vifname, sizeof(s->vifname), "%s", v->vifname);
	snprintf(s->ip, sizeof(s->ip), "%s", v->ip);
	if (v->mac[0])
		snprintf(s->mac, sizeof(s->mac), "%s", v->mac);
	else
		vif_default_mac(c->name, n, s->mac);
	for (i = 0; s->mac[i]; i++)
		s->mac[i] = (char)tolower((unsigned char)s->mac[i]);
	return 0;
}

int vif_check_config(const struct xm_config *c, char *err, size_t errlen)
{
	struct vif_spec s[XM_MAX_VIFS];
	unsigned int i, j;

	for (i = 0; i < c->n_vif; i++) {
		if (vif_resolve(c, i, &s[i], err, errlen))
			return -1;
		for (j = 0; j < i; j++) {
			if (vif_mac_equal(s[i].mac, s[j].mac)) {
				snprintf(err, errlen,
					 "vif %u: mac %s is already given to "
					 "vif %u",
					 i, s[i].mac, j);
				return -1;
			}
			if (s[i].vifname[0] &&
			    !strcmp(s[i].vifname, s[j].vifname)) {
				snprintf(err, errlen,
					 "vif %u: vifname %s is already given "
					 "to vif %u",
					 i, s[i].vifname, j);
				return -1;
			}
		}
	}
	return 0;
}
