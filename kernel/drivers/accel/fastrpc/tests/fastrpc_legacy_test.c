// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the legacy door's pure parts in fastrpc_legacy.c, which
 * includes this file: which nodes a domain gets, which PDs the plain node
 * of a secure domain refuses, and the checks of MMAP, MEM_MAP and
 * GET_DSP_INFO that come before anything is looked up.
 */

#include "fastrpc_kunit.h"

struct kinds_case {
	u32 id;
	bool secure_domain;
	unsigned int n;
	bool secure[2];
};

/* The misc driver's rule (fastrpc_rpmsg_probe() in Linux 6.12). */
static const struct kinds_case kinds_cases[] = {
	{ DRM_FASTRPC_DOMAIN_ADSP, false, 1, { false } },
	{ DRM_FASTRPC_DOMAIN_ADSP, true, 1, { true } },
	{ DRM_FASTRPC_DOMAIN_MDSP, false, 1, { false } },
	{ DRM_FASTRPC_DOMAIN_SDSP, true, 1, { true } },
	{ DRM_FASTRPC_DOMAIN_CDSP, false, 2, { true, false } },
	{ DRM_FASTRPC_DOMAIN_CDSP, true, 2, { true, false } },
	{ DRM_FASTRPC_DOMAIN_CDSP1, true, 2, { true, false } },
	{ DRM_FASTRPC_DOMAIN_GDSP0, false, 2, { true, false } },
	{ DRM_FASTRPC_DOMAIN_GDSP1, true, 2, { true, false } },
};

static void legacy_kinds(struct kunit *test)
{
	unsigned int i, k, n;

	for (i = 0; i < ARRAY_SIZE(kinds_cases); i++) {
		const struct kinds_case *c = &kinds_cases[i];
		struct fastrpc_domain *domain =
			fastrpc_test_domain(test, c->id, c->secure_domain);
		bool secure[2] = { };

		n = fastrpc_legacy_kinds(domain, secure);
		KUNIT_EXPECT_EQ_MSG(test, n, c->n, "domain %u secure %d",
				    c->id, c->secure_domain);
		for (k = 0; k < c->n; k++)
			KUNIT_EXPECT_EQ_MSG(test, secure[k], c->secure[k],
					    "domain %u secure %d node %u",
					    c->id, c->secure_domain, k);
	}
}

static void legacy_rejected(struct kunit *test)
{
	struct fastrpc_domain *cdsp = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_CDSP, true);
	struct fastrpc_domain *cdsp1 = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_CDSP1, true);
	struct fastrpc_domain *adsp = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_ADSP, true);
	struct fastrpc_domain *open = fastrpc_test_domain(test, DRM_FASTRPC_DOMAIN_ADSP, false);
	const u32 unsigned_pd = FASTRPC_MODE_UNSIGNED_MODULE;

	/* The plain node of a secure compute DSP: unsigned PDs only. */
	KUNIT_EXPECT_TRUE(test, fastrpc_legacy_rejected(cdsp, false, 0));
	KUNIT_EXPECT_FALSE(test, fastrpc_legacy_rejected(cdsp, false, unsigned_pd));
	KUNIT_EXPECT_FALSE(test, fastrpc_legacy_rejected(cdsp1, false, unsigned_pd));
	KUNIT_EXPECT_TRUE(test, fastrpc_legacy_rejected(cdsp, false,
							FASTRPC_MODE_DEBUG));
	/* Other secure DSPs run no unsigned PD at all. */
	KUNIT_EXPECT_TRUE(test, fastrpc_legacy_rejected(adsp, false, unsigned_pd));
	/* The -secure node and non-secure domains refuse nothing here. */
	KUNIT_EXPECT_FALSE(test, fastrpc_legacy_rejected(cdsp, true, 0));
	KUNIT_EXPECT_FALSE(test, fastrpc_legacy_rejected(adsp, true, 0));
	KUNIT_EXPECT_FALSE(test, fastrpc_legacy_rejected(open, false, 0));
}

static void legacy_mmap_check(struct kunit *test)
{
	struct fastrpc_req_mmap ok = {
		.flags = LEGACY_MMAP_ADD_PAGES, .size = 1,
	};
	struct fastrpc_req_mmap req;

	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&ok), 0);
	req = ok;
	req.flags = LEGACY_MMAP_REMOTE_HEAP;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&req), -EOPNOTSUPP);
	req.flags = 0;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&req), -EINVAL);
	req = ok;
	req.vaddrin = 0x1000;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&req), -EINVAL);
	req = ok;
	req.size = 0;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&req), -EINVAL);
	/* The largest size that still rounds up to whole pages. */
	req.size = SIZE_MAX - PAGE_SIZE + 1;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&req), 0);
	req.size++;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mmap_check(&req), -EINVAL);
}

static void legacy_mem_map_check(struct kunit *test)
{
	struct fastrpc_mem_map ok = { .fd = 3, .offset = PAGE_SIZE, .length = 1 };
	struct fastrpc_mem_map req;

	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&ok), 0);
	req = ok;
	req.version = 1;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
	req = ok;
	req.reserved[3] = 1;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
	req = ok;
	req.attrs = 2;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
	req.attrs = FASTRPC_ATTR_SECUREMAP;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EOPNOTSUPP);
	req = ok;
	req.offset = -(s32)PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
	req.offset = 1;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
	req = ok;
	req.length = 0;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
	req.length = SIZE_MAX;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_mem_map_check(&req), -EINVAL);
}

static void legacy_dsp_info_check(struct kunit *test)
{
	struct fastrpc_ioctl_capability ok = {
		.domain = DRM_FASTRPC_DOMAIN_CDSP, .attribute_id = 1,
	};
	struct fastrpc_ioctl_capability cap;

	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&ok), 0);
	cap = ok;
	cap.attribute_id = FASTRPC_DSP_CAPS - 1;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&cap), 0);
	cap.attribute_id = FASTRPC_DSP_CAPS;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&cap), -EOVERFLOW);
	cap = ok;
	cap.domain = LEGACY_DOMAIN_MDSP;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&cap), -ECHRNG);
	cap.domain = LEGACY_DOMAINS;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&cap), -ECHRNG);
	/* The domain is checked before the attribute, as upstream does. */
	cap.attribute_id = FASTRPC_DSP_CAPS;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&cap), -ECHRNG);
	cap = ok;
	cap.reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, fastrpc_legacy_dsp_info_check(&cap), -EINVAL);
}

static struct kunit_case fastrpc_legacy_cases[] = {
	KUNIT_CASE(legacy_kinds),
	KUNIT_CASE(legacy_rejected),
	KUNIT_CASE(legacy_mmap_check),
	KUNIT_CASE(legacy_mem_map_check),
	KUNIT_CASE(legacy_dsp_info_check),
	{ }
};

static struct kunit_suite fastrpc_legacy_suite = {
	.name = "fastrpc_legacy",
	.test_cases = fastrpc_legacy_cases,
};

kunit_test_suite(fastrpc_legacy_suite);
