/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Domains and interfaces: the names the protocol and the two UAPIs use. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const domain_names[] = {
	[FASTRPC_DOMAIN_ADSP] = "adsp",
	[FASTRPC_DOMAIN_MDSP] = "mdsp",
	[FASTRPC_DOMAIN_SDSP] = "sdsp",
	[FASTRPC_DOMAIN_CDSP] = "cdsp",
	[FASTRPC_DOMAIN_CDSP1] = "cdsp1",
	[FASTRPC_DOMAIN_GDSP0] = "gdsp0",
	[FASTRPC_DOMAIN_GDSP1] = "gdsp1",
};

static const char *const interface_names[] = {
	[FASTRPC_INTERFACE_ANY] = "any",
	[FASTRPC_INTERFACE_ACCEL] = "accel",
	[FASTRPC_INTERFACE_LEGACY] = "legacy",
};

#define LEGACY_PREFIX	"fastrpc-"
#define LEGACY_SECURE	"-secure"

FASTRPC_EXPORT const char *fastrpc_version(void)
{
	return FASTRPC_LIB_VERSION;
}

FASTRPC_EXPORT const char *fastrpc_domain_name(unsigned int id)
{
	return id < ARRAY_SIZE(domain_names) ? domain_names[id] : NULL;
}

FASTRPC_EXPORT int fastrpc_domain_id(const char *name)
{
	unsigned int i;

	for (i = 0; name && i < ARRAY_SIZE(domain_names); i++)
		if (strcmp(name, domain_names[i]) == 0)
			return i;
	return -ENOENT;
}

FASTRPC_EXPORT const char *fastrpc_interface_name(enum fastrpc_interface iface)
{
	return (unsigned int)iface < ARRAY_SIZE(interface_names) ?
	       interface_names[iface] : NULL;
}

FASTRPC_EXPORT int fastrpc_interface_parse(const char *name,
					   enum fastrpc_interface *iface)
{
	unsigned int i;

	for (i = 0; name && iface && i < ARRAY_SIZE(interface_names); i++) {
		if (strcmp(name, interface_names[i]) == 0) {
			*iface = i;
			return 0;
		}
	}
	return -EINVAL;
}

int fastrpc_legacy_node_domain(const char *name, char *domain, size_t size,
			       bool *secure)
{
	size_t len, prefix = strlen(LEGACY_PREFIX), suffix = strlen(LEGACY_SECURE);

	if (strncmp(name, LEGACY_PREFIX, prefix) != 0)
		return -EINVAL;
	name += prefix;
	len = strlen(name);
	*secure = len >= suffix && strcmp(name + len - suffix, LEGACY_SECURE) == 0;
	if (*secure)
		len -= suffix;
	if (!len || len >= size)
		return -EINVAL;
	memcpy(domain, name, len);
	domain[len] = '\0';
	return 0;
}
