// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit: the per-user budget on buffers (fastrpc_dma.c): its arithmetic at
 * the edges, and charges and uncharges through the table, with the limit
 * lowered for the test and users no process has.
 */
#include <kunit/test.h>

/* Users of the initial namespace no lab process runs as. */
#define BUDGET_UID_A	0xfffffff0u
#define BUDGET_UID_B	0xfffffff1u

/* What the table holds for @uid. */
static u64 budget_used(u32 uid)
{
	u64 *used, n;

	mutex_lock(&fastrpc_budget_lock);
	used = xa_load(&fastrpc_budgets, uid);
	n = used ? *used : 0;
	mutex_unlock(&fastrpc_budget_lock);
	return n;
}

static void budget_fits_edges(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, fastrpc_budget_fits(0, 0, 0));
	KUNIT_EXPECT_TRUE(test, fastrpc_budget_fits(0, SZ_1M, SZ_1M));
	KUNIT_EXPECT_FALSE(test, fastrpc_budget_fits(0, SZ_1M + 1, SZ_1M));
	KUNIT_EXPECT_TRUE(test, fastrpc_budget_fits(SZ_1M - PAGE_SIZE, PAGE_SIZE, SZ_1M));
	KUNIT_EXPECT_FALSE(test, fastrpc_budget_fits(SZ_1M, PAGE_SIZE, SZ_1M));
	/* Sums that would wrap never fit. */
	KUNIT_EXPECT_FALSE(test, fastrpc_budget_fits(U64_MAX - 1, 2, U64_MAX));
	KUNIT_EXPECT_FALSE(test, fastrpc_budget_fits(2, U64_MAX - 1, U64_MAX));
	KUNIT_EXPECT_TRUE(test, fastrpc_budget_fits(1, U64_MAX - 1, U64_MAX));
}

static void budget_charge_per_user(struct kunit *test)
{
	u64 saved = max_user_bytes;

	WRITE_ONCE(max_user_bytes, SZ_1M);
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_A, SZ_512K), 0);
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_A, SZ_512K), 0);
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_A, PAGE_SIZE), -ENOSPC);
	KUNIT_EXPECT_EQ(test, budget_used(BUDGET_UID_A), SZ_1M);
	/* Another user has a budget of its own. */
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_B, SZ_1M), 0);
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_B, SZ_1M), -ENOSPC);
	fastrpc_budget_uncharge(BUDGET_UID_A, SZ_512K);
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_A, PAGE_SIZE), 0);
	fastrpc_budget_uncharge(BUDGET_UID_A, SZ_512K + PAGE_SIZE);
	fastrpc_budget_uncharge(BUDGET_UID_B, SZ_1M);
	/* Nothing charged: the users' entries are gone. */
	KUNIT_EXPECT_EQ(test, budget_used(BUDGET_UID_A), 0);
	KUNIT_EXPECT_NULL(test, xa_load(&fastrpc_budgets, BUDGET_UID_A));
	KUNIT_EXPECT_NULL(test, xa_load(&fastrpc_budgets, BUDGET_UID_B));
	/* A refused charge leaves no entry behind either. */
	KUNIT_EXPECT_EQ(test, fastrpc_budget_charge(BUDGET_UID_A, SZ_2M), -ENOSPC);
	KUNIT_EXPECT_NULL(test, xa_load(&fastrpc_budgets, BUDGET_UID_A));
	WRITE_ONCE(max_user_bytes, saved);
}

static struct kunit_case fastrpc_budget_cases[] = {
	KUNIT_CASE(budget_fits_edges),
	KUNIT_CASE(budget_charge_per_user),
	{ }
};

static struct kunit_suite fastrpc_budget_suite = {
	.name = "fastrpc_budget",
	.test_cases = fastrpc_budget_cases,
};

kunit_test_suite(fastrpc_budget_suite);
