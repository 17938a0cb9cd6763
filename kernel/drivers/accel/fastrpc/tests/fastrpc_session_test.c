// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of fastrpc_session.c, which includes this file: the PD bits
 * of each session type, the init memory a user PD gets, and which PDs only
 * trusted callers may create.
 */

#include "fastrpc_kunit.h"

static void spec_pd_bits(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, fastrpc_session_pd(DRM_FASTRPC_SESSION_USER_PD), FASTRPC_PD_USER);
	KUNIT_EXPECT_EQ(test, fastrpc_session_pd(DRM_FASTRPC_SESSION_ROOT_PD), FASTRPC_PD_ROOT);
	KUNIT_EXPECT_EQ(test, fastrpc_session_pd(DRM_FASTRPC_SESSION_SENSORS_PD),
			FASTRPC_PD_SENSORS);
	KUNIT_EXPECT_EQ(test, fastrpc_session_pd(DRM_FASTRPC_SESSION_STATIC_PD), FASTRPC_PD_USER);
}

static void spec_init_memory(struct kunit *test)
{
	struct fastrpc_pd_spec user = { .type = DRM_FASTRPC_SESSION_USER_PD,
					.shell_size = SZ_1M + 1 };
	struct fastrpc_pd_spec stat = { .type = DRM_FASTRPC_SESSION_STATIC_PD,
					.heap_size = SZ_1M };
	struct fastrpc_pd_spec root = { .type = DRM_FASTRPC_SESSION_ROOT_PD };

	/* Four times the shell, at least 2 MiB, in whole MiB. */
	KUNIT_EXPECT_EQ(test, fastrpc_session_init_size(&user), (size_t)5 * SZ_1M);
	user.shell_size = 100;
	KUNIT_EXPECT_EQ(test, fastrpc_session_init_size(&user), (size_t)SZ_2M);
	/* A static PD runs in the domain's heap (fastrpc_heap.c): none. */
	KUNIT_EXPECT_EQ(test, fastrpc_session_init_size(&stat), 0);
	KUNIT_EXPECT_EQ(test, fastrpc_session_init_size(&root), 0);
}

static void spec_secure_domains(struct kunit *test)
{
	struct fastrpc_domain *cdsp = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_CDSP, true);
	struct fastrpc_domain *adsp = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_ADSP, true);
	struct fastrpc_domain *open = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_ADSP, false);

	KUNIT_EXPECT_FALSE(test, fastrpc_session_trusted_only(open, 0));
	KUNIT_EXPECT_TRUE(test, fastrpc_session_trusted_only(cdsp, 0));
	KUNIT_EXPECT_FALSE(test, fastrpc_session_trusted_only(cdsp,
							      DRM_FASTRPC_PD_ATTR_UNSIGNED));
	KUNIT_EXPECT_TRUE(test, fastrpc_session_trusted_only(adsp,
							     DRM_FASTRPC_PD_ATTR_UNSIGNED));
}

static struct kunit_case fastrpc_session_spec_cases[] = {
	KUNIT_CASE(spec_secure_domains),
	KUNIT_CASE(spec_pd_bits),
	KUNIT_CASE(spec_init_memory),
	{ }
};

static struct kunit_suite fastrpc_session_spec_suite = {
	.name = "fastrpc_session_spec",
	.test_cases = fastrpc_session_spec_cases,
};

kunit_test_suite(fastrpc_session_spec_suite);
