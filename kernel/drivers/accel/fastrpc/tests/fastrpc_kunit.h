/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the driver's KUnit suites, each included by the source
 * file it tests.
 */
#ifndef __FASTRPC_KUNIT_H__
#define __FASTRPC_KUNIT_H__

#include <kunit/test.h>

#include "../fastrpc_drv.h"

/* A domain is large (it embeds its drm_device): never on the stack. */
static inline struct fastrpc_domain *
fastrpc_test_domain(struct kunit *test, u32 id, bool secure)
{
	struct fastrpc_domain *domain;

	domain = kunit_kzalloc(test, sizeof(*domain), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, domain);
	domain->id = id;
	domain->secure = secure;
	return domain;
}

#endif /* __FASTRPC_KUNIT_H__ */
