// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the checks of SESSION_CREATE in fastrpc_session.c, which
 * includes this file: every rejection that comes before user memory is
 * read or privilege is asked.
 */

#include "fastrpc_kunit.h"

struct spec_case {
	const char *what;
	struct drm_fastrpc_session_create args;
	int err;
};

static const struct spec_case spec_cases[] = {
	{ "flags", { .flags = 1 }, -EINVAL },
	{ "unknown type", { .type = 4 }, -EINVAL },
	{ "user pd: unknown attribute", { .attrs = 0x80, .shell_ptr = 0x1000,
					  .shell_size = 64 }, -EINVAL },
	{ "user pd: no shell", { .shell_size = 64 }, -EINVAL },
	{ "user pd: empty shell", { .shell_ptr = 0x1000 }, -EINVAL },
	{ "user pd: shell over 2 MiB", { .shell_ptr = 0x1000,
					 .shell_size = SZ_2M + 1 }, -EFBIG },
	{ "user pd: signature beyond the shell", { .shell_ptr = 0x1000,
						   .shell_size = 64,
						   .siglen = 65 }, -EINVAL },
	{ "root pd: attributes", { .type = DRM_FASTRPC_SESSION_ROOT_PD,
				   .attrs = 1 }, -EINVAL },
	{ "root pd: a shell", { .type = DRM_FASTRPC_SESSION_ROOT_PD,
				.shell_ptr = 0x1000, .shell_size = 64 }, -EINVAL },
	{ "root pd: a name", { .type = DRM_FASTRPC_SESSION_ROOT_PD,
			       .name_ptr = 0x1000, .name_size = 4 }, -EINVAL },
	{ "sensors pd: a signature", { .type = DRM_FASTRPC_SESSION_SENSORS_PD,
				       .siglen = 1 }, -EINVAL },
	{ "static pd: no name", { .type = DRM_FASTRPC_SESSION_STATIC_PD }, -EINVAL },
	{ "static pd: a shell", { .type = DRM_FASTRPC_SESSION_STATIC_PD,
				  .shell_ptr = 0x1000, .name_ptr = 0x1000,
				  .name_size = 8 }, -EINVAL },
	{ "static pd: heap over 64 MiB", { .type = DRM_FASTRPC_SESSION_STATIC_PD,
					   .shell_size = SZ_64M + 1,
					   .name_ptr = 0x1000,
					   .name_size = 8 }, -EINVAL },
};

static void spec_rejections(struct kunit *test)
{
	struct fastrpc_domain *domain = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_CDSP, false);
	struct fastrpc_pd_spec spec;
	char name[FASTRPC_NAME_MAX];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(spec_cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, fastrpc_session_spec(domain, &spec_cases[i].args,
							       name, &spec),
				    spec_cases[i].err, "%s", spec_cases[i].what);
}

static void spec_kernel_shell_faults(struct kunit *test)
{
	/* A kernel address: access_ok() refuses it as a user pointer. */
	struct drm_fastrpc_session_create args = {
		.shell_ptr = (uintptr_t)test, .shell_size = 64,
	};
	struct fastrpc_domain *domain = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_CDSP, false);
	struct fastrpc_pd_spec spec;
	char name[FASTRPC_NAME_MAX];

	KUNIT_EXPECT_EQ(test, fastrpc_session_spec(domain, &args, name, &spec), -EFAULT);
}

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
	KUNIT_CASE(spec_rejections),
	KUNIT_CASE(spec_kernel_shell_faults),
	KUNIT_CASE(spec_pd_bits),
	KUNIT_CASE(spec_init_memory),
	{ }
};

static struct kunit_suite fastrpc_session_spec_suite = {
	.name = "fastrpc_session_spec",
	.test_cases = fastrpc_session_spec_cases,
};

kunit_test_suite(fastrpc_session_spec_suite);
