// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the accel door's checks in fastrpc_drv.c, which includes
 * this file: every rejection of SESSION_CREATE and INVOKE that comes
 * before user memory is read, a GEM handle looked up or privilege asked.
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

static void invoke_check_fields(struct kunit *test)
{
	struct drm_fastrpc_invoke inv = { .handle = 0x10 };

	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), 0);
	inv.flags = 1;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), -EINVAL);
	inv.flags = 0;
	inv.sc = BIT(29);
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), -EINVAL);
	inv.sc = DRM_FASTRPC_SCALARS(2, 1, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), -EINVAL);
	inv.args_ptr = 0x1000;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), 0);
	inv.sc = 0;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), -EINVAL);
	inv.args_ptr = 0;
	inv.handle = FASTRPC_INIT_HANDLE;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), -EPERM);
	inv.handle = FASTRPC_UTILITIES_HANDLE;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_check(&inv), -EPERM);
}

/* Rejections that come before any GEM handle is looked up. */
static void invoke_arg_rejections(struct kunit *test)
{
	struct drm_fastrpc_invoke_arg u = { .ptr = 0x1000, .size = 8 };
	struct fastrpc_arg arg = { };

	u.flags = 2;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, false, &arg), -EINVAL);
	u.flags = 0;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, true, &arg), -EINVAL);
	u.handle = 1;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, false, &arg), -EINVAL);
	u.handle = 0;
	u.offset = 4;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, false, &arg), -EINVAL);
	u.offset = 0;
	u.ptr = (uintptr_t)&arg;	/* a kernel address */
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, false, &arg), -EFAULT);

	u = (struct drm_fastrpc_invoke_arg){ .ptr = 0x1000, .flags = DRM_FASTRPC_ARG_GEM };
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, false, &arg), -EINVAL);
	u.ptr = 0;
	u.offset = (u64)U32_MAX + 1;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, true, &arg), -EINVAL);
	u.offset = 0;
	u.size = (u64)U32_MAX + 1;
	KUNIT_EXPECT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, true, &arg), -EINVAL);
	KUNIT_EXPECT_PTR_EQ(test, arg.dmabuf, NULL);
	KUNIT_EXPECT_PTR_EQ(test, arg.gem, NULL);
}

static void invoke_arg_user_input(struct kunit *test)
{
	struct drm_fastrpc_invoke_arg u = { .ptr = 0x1000, .size = 8 };
	struct fastrpc_arg arg = { };

	KUNIT_ASSERT_EQ(test, fastrpc_invoke_arg(NULL, &u, false, false, &arg), 0);
	KUNIT_EXPECT_EQ(test, arg.ptr, 0x1000);
	KUNIT_EXPECT_EQ(test, arg.size, 8);
	KUNIT_EXPECT_FALSE(test, arg.kernel);
	KUNIT_EXPECT_PTR_EQ(test, arg.dmabuf, NULL);
	KUNIT_EXPECT_PTR_EQ(test, arg.gem, NULL);
}

static struct kunit_case fastrpc_accel_checks_cases[] = {
	KUNIT_CASE(spec_rejections),
	KUNIT_CASE(spec_kernel_shell_faults),
	KUNIT_CASE(invoke_check_fields),
	KUNIT_CASE(invoke_arg_rejections),
	KUNIT_CASE(invoke_arg_user_input),
	{ }
};

static struct kunit_suite fastrpc_accel_checks_suite = {
	.name = "fastrpc_accel_checks",
	.test_cases = fastrpc_accel_checks_cases,
};

kunit_test_suite(fastrpc_accel_checks_suite);
