// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Handle 2, the DSP utilities: the capability table a driver reads for
 * GET_DSP_INFO.  The upstream driver (fastrpc_get_info_from_dsp, Linux
 * 6.12) sends method 0 with one input, a u32 n (255: its 256 attributes
 * less attribute 0, which it sets to 0 itself), and one output of n u32s
 * that it stores as attributes 1..n; so word i of the output is attribute
 * i + 1.  It keeps the table per channel after the first success and turns
 * AEE_EUNSUPPORTED into -EOPNOTSUPP.
 *
 * One table per domain, defaults below (README.md has them with their
 * meanings), changed by --cap DOMAIN:ID=VALUE; --no-caps DOMAIN makes the
 * domain answer AEE_EUNSUPPORTED, as a DSP older than the table does.  The
 * tables are set while the options are read and only read after.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "shell_proto.h"
#include "vdspd.h"

/* Attribute ids (Qualcomm's remote.h and fastrpc_common.h). */
#define ATTR_UNSIGNED_PD_SUPPORT	1
#define ATTR_HVX_SUPPORT_128B		3
#define ATTR_VTCM_PAGE			4
#define ATTR_VTCM_COUNT			5
#define ATTR_ARCH_VER			6

/*
 * A Hexagon v68-class compute DSP: unsigned PDs, four 128-byte HVX
 * contexts, 4 MiB of VTCM as one page; no HMX, no asynchronous FastRPC, no
 * status notifications, and none of the internal ones (128..131): vdspd
 * implements none of those.
 */
#define COMPUTE_DSP(arch)					\
	{ [ATTR_UNSIGNED_PD_SUPPORT] = 1,			\
	  [ATTR_HVX_SUPPORT_128B] = 4,				\
	  [ATTR_VTCM_PAGE] = 4u << 20,				\
	  [ATTR_VTCM_COUNT] = 1,				\
	  [ATTR_ARCH_VER] = (arch) }

/* Audio, modem, sensors and general purpose DSPs: scalar cores only. */
#define PLAIN_DSP(arch)		{ [ATTR_ARCH_VER] = (arch) }

struct caps {
	const char *domain;
	bool unsupported;		/* --no-caps */
	uint32_t attr[VDSPD_DSP_ATTRIBUTES];
};

static const struct caps defaults[] = {
	{ "adsp", false, PLAIN_DSP(0x68) },
	{ "mdsp", false, PLAIN_DSP(0x68) },
	{ "sdsp", false, PLAIN_DSP(0x68) },
	{ "cdsp", false, COMPUTE_DSP(0x68) },
	{ "cdsp1", false, COMPUTE_DSP(0x68) },
	{ "gdsp0", false, PLAIN_DSP(0x73) },
	{ "gdsp1", false, PLAIN_DSP(0x73) },
};

#define NDOMAINS	(sizeof(defaults) / sizeof(defaults[0]))

static struct caps tables[NDOMAINS];
static bool loaded;

static struct caps *table_of(const char *domain)
{
	unsigned int i;

	if (!loaded)
		caps_reset();
	for (i = 0; i < NDOMAINS; i++)
		if (!strcmp(tables[i].domain, domain))
			return &tables[i];
	return NULL;
}

void caps_reset(void)
{
	memcpy(tables, defaults, sizeof(tables));
	loaded = true;
}

int caps_get(const char *domain, uint32_t id, uint32_t *value)
{
	const struct caps *t = table_of(domain);

	if (!t || id >= VDSPD_DSP_ATTRIBUTES)
		return -EINVAL;
	if (t->unsupported)
		return -EOPNOTSUPP;
	*value = t->attr[id];
	return 0;
}

bool option_u32(const char *s, size_t len, uint32_t *v)
{
	unsigned int base = 10, digit;
	uint64_t x = 0;
	size_t i = 0;

	if (len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return false;
	for (; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = s[i] - '0';
		else if (base == 16 && s[i] >= 'a' && s[i] <= 'f')
			digit = s[i] - 'a' + 10;
		else if (base == 16 && s[i] >= 'A' && s[i] <= 'F')
			digit = s[i] - 'A' + 10;
		else
			return false;
		x = x * base + digit;
		if (x > UINT32_MAX)
			return false;
	}
	*v = (uint32_t)x;
	return true;
}

const char *caps_option(const char *arg)
{
	const char *colon = strchr(arg, ':'), *eq;
	char domain[16];
	uint32_t id, value;
	struct caps *t;

	if (!colon || (size_t)(colon - arg) >= sizeof(domain))
		return "not DOMAIN:ID=VALUE";
	memcpy(domain, arg, colon - arg);
	domain[colon - arg] = '\0';
	t = table_of(domain);
	if (!t)
		return "unknown domain";
	eq = strchr(colon + 1, '=');
	if (!eq)
		return "not DOMAIN:ID=VALUE";
	if (!option_u32(colon + 1, eq - colon - 1, &id) || !id ||
	    id >= VDSPD_DSP_ATTRIBUTES)
		return "ID is not 1 to 255";
	if (!option_u32(eq + 1, strlen(eq + 1), &value))
		return "VALUE is not a 32-bit number (decimal, or hex after 0x)";
	t->attr[id] = value;
	return NULL;
}

const char *caps_disable(const char *domain)
{
	struct caps *t = table_of(domain);

	if (!t)
		return "unknown domain";
	t->unsupported = true;
	return NULL;
}

/*
 * Method 0: in 0 a u32 n (1..255), out 0 at least n * 4 bytes, no other
 * argument.  Anything else is AEE_EBADPARM; other methods, and a domain
 * without a table, AEE_EUNSUPPORTED.
 */
int caps_call(struct domain *d, const struct call *c)
{
	const struct caps *t = table_of(d->name);
	uint32_t n;

	if (!t || t->unsupported || c->method != 0)
		return AEE_EUNSUPPORTED;
	if (c->nin != 1 || c->nout != 1 || c->nhin || c->nhout ||
	    c->bufs[0].len != sizeof(n) || call_copy_in(c, 0, &n, 0, sizeof(n)))
		return AEE_EBADPARM;
	if (!n || n >= VDSPD_DSP_ATTRIBUTES || c->bufs[1].len < (uint64_t)n * 4) {
		log_msg("%s: capability query for %u attributes in %llu bytes",
			d->name, n, (unsigned long long)c->bufs[1].len);
		return AEE_EBADPARM;
	}
	if (call_copy_out(c, 1, &t->attr[1], (size_t)n * 4))
		return AEE_EBADPARM;
	return 0;
}
