/*
 * Unit tests for xm's vif specs (tools/xm/vif_spec.c, on the parser of
 * config_keys.c): vif = [...] entries parsed and resolved (default
 * bridge, MAC case), the default MAC (02:xx:..., unicast, locally
 * administered, stable for a name and index, different otherwise), and
 * each refusal of vif_check_config with its message.
 */
#include <string.h>

#include "check.h"
#include "../../tools/xm/config.c"
#include "../../tools/xm/config_keys.c"
#include "../../tools/xm/vif_spec.c"

static struct xm_config c;
static char err[1024];

static int parse(const char *text)
{
	xm_config_init(&c);
	err[0] = '\0';
	return xm_config_parse(&c, "vm.cfg", text, err, sizeof(err));
}

static void same(const char *got, const char *want)
{
	if (strcmp(got, want) != 0) {
		unit_failed++;
		fprintf(stderr, "FAIL: got '%s' want '%s'\n", got, want);
	} else {
		unit_passed++;
	}
}

/* The config text parses and its check fails with exactly want. */
static void refused(const char *text, const char *want)
{
	CHECK_EQ(parse(text), 0);
	err[0] = '\0';
	CHECK_EQ(vif_check_config(&c, err, sizeof(err)), -1);
	same(err, want);
}

static void test_resolve(void)
{
	struct vif_spec s;

	CHECK_EQ(parse("name = 'web'\n"
		       "vif = [ 'mac=02:AB:cd:00:11:22,bridge=xenbr0', "
		       "'bridge=br1', '', 'vifname=web-eth2,ip=10.0.0.1' ]\n"),
		 0);
	CHECK_EQ(c.n_vif, 4);
	CHECK_EQ(vif_check_config(&c, err, sizeof(err)), 0);
	CHECK_EQ(vif_resolve(&c, 0, &s, err, sizeof(err)), 0);
	same(s.mac, "02:ab:cd:00:11:22");
	same(s.bridge, "xenbr0");
	CHECK_EQ(s.handle, 0);
	CHECK_EQ(vif_resolve(&c, 1, &s, err, sizeof(err)), 0);
	same(s.bridge, "br1");
	CHECK_EQ(s.handle, 1);
	CHECK_EQ(vif_resolve(&c, 2, &s, err, sizeof(err)), 0);
	same(s.bridge, VIF_DEFAULT_BRIDGE);
	CHECK(strncmp(s.mac, "02:", 3) == 0);
	same(s.vifname, "");
	CHECK_EQ(vif_resolve(&c, 3, &s, err, sizeof(err)), 0);
	same(s.vifname, "web-eth2");
	same(s.ip, "10.0.0.1");
	CHECK_EQ(parse("name = 'x'\nvif = [ 'script=vif-bridge', "
		       "'script=/etc/xen/scripts/vif-bridge,type=vif' ]\n"),
		 0);
	CHECK_EQ(vif_check_config(&c, err, sizeof(err)), 0);
}

static int hex(char ch)
{
	return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f');
}

static void test_default_mac(void)
{
	char a[18], b[18], all[400][18];
	unsigned int i, j, k, dup = 0, octet;
	char name[16];

	vif_default_mac("web", 0, a);
	vif_default_mac("web", 0, b);
	same(a, b); /* stable */
	CHECK_EQ(strlen(a), 17);
	for (i = 0; i < 17; i++)
		CHECK(i % 3 == 2 ? a[i] == ':' : hex(a[i]));
	octet = (unsigned int)strtoul(a, NULL, 16);
	CHECK_EQ(octet, 0x02);	    /* the first octet is 02 */
	CHECK((octet & 0x02) != 0); /* locally administered */
	CHECK((octet & 0x01) == 0); /* unicast */
	vif_default_mac("web", 1, b);
	CHECK(strcmp(a, b) != 0);
	vif_default_mac("web2", 0, b);
	CHECK(strcmp(a, b) != 0);
	vif_default_mac("", 0, b);
	CHECK(strncmp(b, "02:", 3) == 0);
	/* 50 names x 8 interfaces: no two alike. */
	for (i = 0, k = 0; i < 50; i++) {
		snprintf(name, sizeof(name), "dom%u", i);
		for (j = 0; j < 8; j++, k++)
			vif_default_mac(name, j, all[k]);
	}
	for (i = 0; i < k; i++)
		for (j = i + 1; j < k; j++)
			dup += strcmp(all[i], all[j]) == 0;
	CHECK_EQ(dup, 0);
	/* The check sees the same default as attach will use. */
	CHECK_EQ(parse("name = 'web'\nvif = [ '' ]\n"), 0);
	vif_default_mac("web", 0, a);
	{
		struct vif_spec s;

		CHECK_EQ(vif_resolve(&c, 0, &s, err, sizeof(err)), 0);
		same(s.mac, a);
	}
}

static void test_refusals(void)
{
	char text[256], mac[18];

	refused("vif = [ 'mac=02:00:00:00:00:01', 'mac=02:00:00:00:00:01' ]",
		"vif 1: mac 02:00:00:00:00:01 is already given to vif 0");
	refused("vif = [ 'mac=02:00:00:00:00:aa', '', 'mac=02:00:00:00:00:AA' "
		"]",
		"vif 2: mac 02:00:00:00:00:aa is already given to vif 0");
	/* A given MAC that is another interface's default. */
	vif_default_mac("d", 1, mac);
	snprintf(text, sizeof(text), "name = 'd'\nvif = [ 'mac=%s', '' ]\n",
		 mac);
	CHECK_EQ(parse(text), 0);
	CHECK_EQ(vif_check_config(&c, err, sizeof(err)), -1);
	CHECK(strstr(err, "is already given to vif 0") != NULL);
	refused("vif = [ 'bridge=a bridge' ]",
		"vif 0: bridge 'a bridge' is not a valid interface name");
	refused("vif = [ 'bridge=averyveryverylongbr' ]",
		"vif 0: bridge 'averyveryverylongbr' is not a valid interface "
		"name");
	refused("vif = [ '', 'bridge=br/0' ]",
		"vif 1: bridge 'br/0' is not a valid interface name");
	refused("vif = [ 'vifname=..' ]",
		"vif 0: vifname '..' is not a valid interface name");
	refused("vif = [ 'vifname=v0', 'vifname=v0' ]",
		"vif 1: vifname v0 is already given to vif 0");
	refused("vif = [ 'script=vif-route' ]",
		"vif 0: script 'vif-route' is not supported (xm does what "
		"vif-bridge does)");
	refused("vif = [ 'type=ioemu' ]",
		"vif 0: type 'ioemu' is not supported (PV guests take "
		"type=vif)");
	/* The parser's own refusals (bad MAC, unknown key): one line. */
	CHECK_EQ(parse("vif = [ 'mac=02:00:00:00:00', 'bridge=br1' ]"), -1);
	same(err, "vm.cfg:1: vif: 'mac=02:00:00:00:00': mac "
		  "'02:00:00:00:00' is not valid");
	CHECK_EQ(parse("vif = [ 'bridge=xenbr0,speed=fast' ]"), -1);
	same(err, "vm.cfg:1: vif: 'bridge=xenbr0,speed=fast': 'speed' is not "
		  "one of mac=, bridge=, ip=, script=, vifname=, type=, "
		  "model=");
	CHECK_EQ(parse("vif = [ 'mac=03:00:00:00:00:01' ]"), -1);
	CHECK(strchr(err, '\n') == NULL);
}

int main(void)
{
	test_resolve();
	test_default_mac();
	test_refusals();
	return unit_finish("xm_vif");
}
