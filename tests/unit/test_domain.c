/* SPDX-License-Identifier: GPL-2.0-or-later */
/* domain.c: domain and interface names, and the legacy node names. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "internal.h"

static const char *const names[] = {
	"adsp", "mdsp", "sdsp", "cdsp", "cdsp1", "gdsp0", "gdsp1",
};

static void fastrpc_version__is_major_minor_patch(void **state)
{
	unsigned int major, minor, patch;
	char end;

	(void)state;
	assert_int_equal(sscanf(fastrpc_version(), "%u.%u.%u%c", &major, &minor,
				&patch, &end), 3);
}

static void fastrpc_domain_name__names_every_id(void **state)
{
	unsigned int id;

	(void)state;
	for (id = 0; id < 7; id++)
		assert_string_equal(fastrpc_domain_name(id), names[id]);
	assert_int_equal(FASTRPC_DOMAIN_CDSP, DRM_FASTRPC_DOMAIN_CDSP);
	assert_int_equal(FASTRPC_DOMAIN_GDSP1, DRM_FASTRPC_DOMAIN_GDSP1);
}

static void fastrpc_domain_name__unknown_id_is_null(void **state)
{
	(void)state;
	assert_null(fastrpc_domain_name(7));
	assert_null(fastrpc_domain_name(UINT32_MAX));
	assert_null(fastrpc_domain_name((unsigned int)-1));
}

static void fastrpc_domain_id__finds_every_name(void **state)
{
	unsigned int id;

	(void)state;
	for (id = 0; id < 7; id++)
		assert_int_equal(fastrpc_domain_id(names[id]), id);
}

static void fastrpc_domain_id__unknown_name_is_enoent(void **state)
{
	(void)state;
	assert_int_equal(fastrpc_domain_id(""), -ENOENT);
	assert_int_equal(fastrpc_domain_id("CDSP"), -ENOENT);
	assert_int_equal(fastrpc_domain_id("cdsp "), -ENOENT);
	assert_int_equal(fastrpc_domain_id("cds"), -ENOENT);
	assert_int_equal(fastrpc_domain_id("gdsp2"), -ENOENT);
	assert_int_equal(fastrpc_domain_id("fastrpc-cdsp"), -ENOENT);
	assert_int_equal(fastrpc_domain_id(NULL), -ENOENT);
}

static void fastrpc_interface_name__names_every_value(void **state)
{
	(void)state;
	assert_string_equal(fastrpc_interface_name(FASTRPC_INTERFACE_ANY), "any");
	assert_string_equal(fastrpc_interface_name(FASTRPC_INTERFACE_ACCEL), "accel");
	assert_string_equal(fastrpc_interface_name(FASTRPC_INTERFACE_LEGACY), "legacy");
}

static void fastrpc_interface_name__unknown_value_is_null(void **state)
{
	(void)state;
	assert_null(fastrpc_interface_name((enum fastrpc_interface)3));
	assert_null(fastrpc_interface_name((enum fastrpc_interface)-1));
}

static void fastrpc_interface_parse__parses_every_name(void **state)
{
	enum fastrpc_interface iface = (enum fastrpc_interface)99;

	(void)state;
	assert_int_equal(fastrpc_interface_parse("any", &iface), 0);
	assert_int_equal(iface, FASTRPC_INTERFACE_ANY);
	assert_int_equal(fastrpc_interface_parse("accel", &iface), 0);
	assert_int_equal(iface, FASTRPC_INTERFACE_ACCEL);
	assert_int_equal(fastrpc_interface_parse("legacy", &iface), 0);
	assert_int_equal(iface, FASTRPC_INTERFACE_LEGACY);
}

static void fastrpc_interface_parse__unknown_name_is_einval(void **state)
{
	enum fastrpc_interface iface = (enum fastrpc_interface)99;

	(void)state;
	assert_int_equal(fastrpc_interface_parse("", &iface), -EINVAL);
	assert_int_equal(fastrpc_interface_parse("Accel", &iface), -EINVAL);
	assert_int_equal(fastrpc_interface_parse("misc", &iface), -EINVAL);
	assert_int_equal(fastrpc_interface_parse("legacy ", &iface), -EINVAL);
	assert_int_equal(fastrpc_interface_parse(NULL, &iface), -EINVAL);
	assert_int_equal(iface, 99);
	assert_int_equal(fastrpc_interface_parse("any", NULL), -EINVAL);
}

/* fastrpc_legacy_node_domain() into a buffer of @size, "!" for a refusal. */
static const char *node_domain(const char *name, size_t size, bool *secure)
{
	static char domain[FASTRPC_DOMAIN_NAME_SIZE];

	assert_true(size <= sizeof(domain));
	memset(domain, '#', sizeof(domain));
	if (fastrpc_legacy_node_domain(name, domain, size, secure))
		return "!";
	return domain;
}

static void fastrpc_legacy_node_domain__plain_node(void **state)
{
	bool secure = true;

	(void)state;
	assert_string_equal(node_domain("fastrpc-cdsp", 64, &secure), "cdsp");
	assert_false(secure);
	assert_string_equal(node_domain("fastrpc-gdsp1", 64, &secure), "gdsp1");
	assert_false(secure);
}

static void fastrpc_legacy_node_domain__secure_node(void **state)
{
	bool secure = false;

	(void)state;
	assert_string_equal(node_domain("fastrpc-cdsp-secure", 64, &secure), "cdsp");
	assert_true(secure);
	assert_string_equal(node_domain("fastrpc-adsp-secure", 64, &secure), "adsp");
	assert_true(secure);
}

/* The function only splits the name: a domain no DSP has is still one. */
static void fastrpc_legacy_node_domain__unknown_domain_is_split(void **state)
{
	bool secure = true;

	(void)state;
	assert_string_equal(node_domain("fastrpc-foo", 64, &secure), "foo");
	assert_false(secure);
	assert_string_equal(node_domain("fastrpc-secure", 64, &secure), "secure");
	assert_false(secure);
}

static void fastrpc_legacy_node_domain__empty_domain_is_einval(void **state)
{
	char domain[64];
	bool secure;

	(void)state;
	assert_int_equal(fastrpc_legacy_node_domain("fastrpc-", domain, sizeof(domain),
						    &secure), -EINVAL);
	assert_int_equal(fastrpc_legacy_node_domain("fastrpc--secure", domain,
						    sizeof(domain), &secure), -EINVAL);
}

static void fastrpc_legacy_node_domain__other_names_are_einval(void **state)
{
	static const char *const others[] = {
		"", "fastrpc", "fastrpccdsp", "xfastrpc-cdsp", "accel0",
		"Fastrpc-cdsp", "adsprpc-smd",
	};
	char domain[64];
	unsigned int i;
	bool secure;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(others); i++)
		assert_int_equal(fastrpc_legacy_node_domain(others[i], domain,
							    sizeof(domain), &secure),
				 -EINVAL);
}

/* @size holds the domain and its NUL: 7 characters fit in 8 bytes, 8 do not. */
static void fastrpc_legacy_node_domain__too_long_is_einval(void **state)
{
	bool secure;

	(void)state;
	assert_string_equal(node_domain("fastrpc-1234567", 8, &secure), "1234567");
	assert_string_equal(node_domain("fastrpc-1234567-secure", 8, &secure), "1234567");
	assert_true(secure);
	assert_string_equal(node_domain("fastrpc-12345678", 8, &secure), "!");
	assert_string_equal(node_domain("fastrpc-12345678-secure", 8, &secure), "!");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fastrpc_version__is_major_minor_patch),
		cmocka_unit_test(fastrpc_domain_name__names_every_id),
		cmocka_unit_test(fastrpc_domain_name__unknown_id_is_null),
		cmocka_unit_test(fastrpc_domain_id__finds_every_name),
		cmocka_unit_test(fastrpc_domain_id__unknown_name_is_enoent),
		cmocka_unit_test(fastrpc_interface_name__names_every_value),
		cmocka_unit_test(fastrpc_interface_name__unknown_value_is_null),
		cmocka_unit_test(fastrpc_interface_parse__parses_every_name),
		cmocka_unit_test(fastrpc_interface_parse__unknown_name_is_einval),
		cmocka_unit_test(fastrpc_legacy_node_domain__plain_node),
		cmocka_unit_test(fastrpc_legacy_node_domain__secure_node),
		cmocka_unit_test(fastrpc_legacy_node_domain__unknown_domain_is_split),
		cmocka_unit_test(fastrpc_legacy_node_domain__empty_domain_is_einval),
		cmocka_unit_test(fastrpc_legacy_node_domain__other_names_are_einval),
		cmocka_unit_test(fastrpc_legacy_node_domain__too_long_is_einval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
