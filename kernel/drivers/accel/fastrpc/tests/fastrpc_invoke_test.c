// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the pure parts of fastrpc_invoke.c, which includes this
 * file: the scalars word, the payload layout (overlapping copies), the
 * share of context ids a session gets, and how answers are matched to
 * calls.
 */

#include <kunit/test.h>

/* ---- scalars --------------------------------------------------------- */

static void scalars_round_trip(struct kunit *test)
{
	u32 sc = DRM_FASTRPC_SCALARS(31, 255, 255, 15, 15);

	KUNIT_EXPECT_EQ(test, sc, 0x1fffffffU);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_METHOD(sc), 31);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_IN(sc), 255);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_OUT(sc), 255);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_IN_HANDLES(sc), 15);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_OUT_HANDLES(sc), 15);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_NARGS(sc), FASTRPC_MAX_ARGS);
}

static void scalars_fields_masked(struct kunit *test)
{
	u32 sc = DRM_FASTRPC_SCALARS(32 + 3, 256 + 1, 2, 16 + 4, 5);

	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_METHOD(sc), 3);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_IN(sc), 1);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_OUT(sc), 2);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_IN_HANDLES(sc), 4);
	KUNIT_EXPECT_EQ(test, DRM_FASTRPC_SCALARS_OUT_HANDLES(sc), 5);
	KUNIT_EXPECT_EQ(test, sc & GENMASK(31, 29), 0);
}

/* ---- payload layout -------------------------------------------------- */

/* Metadata of @n arguments, where the first copy may start. */
static u64 first_copy(unsigned int n)
{
	return ALIGN(fastrpc_meta_size(n), FASTRPC_ALIGN);
}

static void layout_meta(struct kunit *test)
{
	/* 16 + 8 + 16 bytes per argument, then 16 fds and 64 CRCs. */
	KUNIT_EXPECT_EQ(test, fastrpc_meta_size(0), 16 * 8 + 64 * 4);
	KUNIT_EXPECT_EQ(test, fastrpc_meta_size(3), 3 * 40 + 16 * 8 + 64 * 4);
	KUNIT_EXPECT_EQ(test, fastrpc_fdlist_offset(3), 3 * 40);
	KUNIT_EXPECT_EQ(test, first_copy(2), 512);
}

static void layout_separate(struct kunit *test)
{
	struct fastrpc_arg args[] = { { 0x1000, 10 }, { 0x3000, 20 } };
	u64 off[2], size;

	KUNIT_ASSERT_EQ(test, fastrpc_layout(args, 2, 2, off, &size), 0);
	KUNIT_EXPECT_EQ(test, off[0], first_copy(2));
	KUNIT_EXPECT_EQ(test, off[1], ALIGN(off[0] + 10, FASTRPC_ALIGN));
	KUNIT_EXPECT_EQ(test, size, off[1] + 20);
}

static void layout_overlap_shares(struct kunit *test)
{
	struct fastrpc_arg args[] = { { 0x1000, 32 }, { 0x1010, 32 } };
	u64 off[2], size;

	KUNIT_ASSERT_EQ(test, fastrpc_layout(args, 2, 2, off, &size), 0);
	KUNIT_EXPECT_EQ(test, off[0], first_copy(2));
	KUNIT_EXPECT_EQ(test, off[1], off[0] + 16);
	KUNIT_EXPECT_EQ(test, size, off[0] + 48);
}

static void layout_contained_and_extending(struct kunit *test)
{
	struct fastrpc_arg args[] = {
		{ 0x1000, 40 }, { 0x1008, 8 }, { 0x101e, 34 },
	};
	u64 off[3], size;

	KUNIT_ASSERT_EQ(test, fastrpc_layout(args, 3, 3, off, &size), 0);
	KUNIT_EXPECT_EQ(test, off[1], off[0] + 8);
	KUNIT_EXPECT_EQ(test, off[2], off[0] + 30);
	KUNIT_EXPECT_EQ(test, size, off[0] + 64);
}

/* Listed in any order, the lowest address leads the shared copy. */
static void layout_order_free(struct kunit *test)
{
	struct fastrpc_arg args[] = { { 0x1010, 32 }, { 0x1000, 32 } };
	u64 off[2], size;

	KUNIT_ASSERT_EQ(test, fastrpc_layout(args, 2, 2, off, &size), 0);
	KUNIT_EXPECT_EQ(test, off[1], first_copy(2));
	KUNIT_EXPECT_EQ(test, off[0], off[1] + 16);
}

static void layout_kernel_apart_from_user(struct kunit *test)
{
	struct fastrpc_arg args[] = { { 0x1000, 16, false }, { 0x1000, 16, true } };
	u64 off[2], size;

	KUNIT_ASSERT_EQ(test, fastrpc_layout(args, 2, 2, off, &size), 0);
	KUNIT_EXPECT_NE(test, off[0], off[1]);
	KUNIT_EXPECT_EQ(test, size, first_copy(2) + FASTRPC_ALIGN + 16);
}

static void layout_empty_and_dmabuf_take_no_room(struct kunit *test)
{
	struct fastrpc_arg args[] = {
		{ 0x1000, 0 },
		{ 0, 4096, false, (struct dma_buf *)1 },
		{ 0x5000, 8 },
	};
	u64 off[3], size;

	KUNIT_ASSERT_EQ(test, fastrpc_layout(args, 3, 3, off, &size), 0);
	KUNIT_EXPECT_EQ(test, off[0], 0);
	KUNIT_EXPECT_EQ(test, off[1], 0);
	KUNIT_EXPECT_EQ(test, off[2], first_copy(3));
	KUNIT_EXPECT_EQ(test, size, first_copy(3) + 8);
}

static void layout_wrapping_buffer(struct kunit *test)
{
	struct fastrpc_arg args[] = { { U64_MAX - 10, 100 } };
	u64 off[1], size;

	KUNIT_EXPECT_EQ(test, fastrpc_layout(args, 1, 1, off, &size), -EFAULT);
}

static void layout_payload_bound(struct kunit *test)
{
	u64 room = FASTRPC_MAX_PAYLOAD - first_copy(1);
	struct fastrpc_arg fits[] = { { 0x1000, room } };
	struct fastrpc_arg over[] = { { 0x1000, room + 1 } };
	struct fastrpc_arg sum[] = { { 0x1000, SZ_32M }, { 0x10000000, SZ_32M } };
	u64 off[2], size;

	KUNIT_EXPECT_EQ(test, fastrpc_layout(fits, 1, 1, off, &size), 0);
	KUNIT_EXPECT_EQ(test, size, (u64)FASTRPC_MAX_PAYLOAD);
	KUNIT_EXPECT_EQ(test, fastrpc_layout(over, 1, 1, off, &size), -E2BIG);
	/* Each fits, not both. */
	KUNIT_EXPECT_EQ(test, fastrpc_layout(sum, 2, 2, off, &size), -E2BIG);
}

/* ---- answers --------------------------------------------------------- */

struct answer_fixture {
	struct fastrpc_domain *domain;
	struct fastrpc_session *session;
	struct fastrpc_context *ctx;
};

/* One call in flight, id 5, sequence 77, user PD; a spare reference. */
static int answer_init(struct kunit *test)
{
	struct answer_fixture *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->domain = kunit_kzalloc(test, sizeof(*f->domain), GFP_KERNEL);
	f->session = kunit_kzalloc(test, sizeof(*f->session), GFP_KERNEL);
	f->ctx = kunit_kzalloc(test, sizeof(*f->ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->domain);
	KUNIT_ASSERT_NOT_NULL(test, f->session);
	KUNIT_ASSERT_NOT_NULL(test, f->ctx);

	xa_init_flags(&f->domain->ctxs, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);
	f->session->domain = f->domain;
	f->session->pd = FASTRPC_PD_USER;

	kref_init(&f->ctx->ref);
	kref_get(&f->ctx->ref);
	init_completion(&f->ctx->done);
	f->ctx->session = f->session;
	f->ctx->id = 5;
	f->ctx->msg_ctx = FIELD_PREP(FASTRPC_CTX_SEQ, 77) |
			  FIELD_PREP(FASTRPC_CTX_ID, 5) | FASTRPC_PD_USER;
	f->ctx->state = FASTRPC_CTX_INFLIGHT;
	KUNIT_ASSERT_EQ(test, xa_err(xa_store_irq(&f->domain->ctxs, 5, f->ctx,
						  GFP_KERNEL)), 0);

	test->priv = f;
	return 0;
}

static void answer_exit(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	xa_destroy(&f->domain->ctxs);
}

static void answer_still_waiting(struct kunit *test, struct fastrpc_context *ctx)
{
	KUNIT_EXPECT_EQ(test, ctx->state, FASTRPC_CTX_INFLIGHT);
	KUNIT_EXPECT_FALSE(test, completion_done(&ctx->done));
	KUNIT_EXPECT_EQ(test, kref_read(&ctx->ref), 2);
}

static void answer_matches(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	fastrpc_context_answer(f->domain, f->ctx->msg_ctx, 0x1234);
	KUNIT_EXPECT_EQ(test, f->ctx->state, FASTRPC_CTX_ANSWERED);
	KUNIT_EXPECT_EQ(test, f->ctx->retval, 0x1234);
	KUNIT_EXPECT_TRUE(test, completion_done(&f->ctx->done));
	KUNIT_EXPECT_EQ(test, kref_read(&f->ctx->ref), 1);

	/* A second answer finds the call over. */
	fastrpc_context_answer(f->domain, f->ctx->msg_ctx, 0);
	KUNIT_EXPECT_EQ(test, f->ctx->retval, 0x1234);
	KUNIT_EXPECT_EQ(test, kref_read(&f->ctx->ref), 1);
}

static void answer_stale_sequence_dropped(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	fastrpc_context_answer(f->domain, f->ctx->msg_ctx ^ BIT_ULL(12), 0);
	answer_still_waiting(test, f->ctx);
}

/* A DSP that echoes bits 0-11 only, as the misc driver needs no more. */
static void answer_low_bits_only_matches(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	fastrpc_context_answer(f->domain, f->ctx->msg_ctx & GENMASK_ULL(11, 0), 7);
	KUNIT_EXPECT_EQ(test, f->ctx->state, FASTRPC_CTX_ANSWERED);
	KUNIT_EXPECT_EQ(test, f->ctx->retval, 7);
	KUNIT_EXPECT_EQ(test, kref_read(&f->ctx->ref), 1);
}

/* Above bit 11: ours or nothing; anything else is not for this call. */
static void answer_foreign_high_bits_dropped(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	fastrpc_context_answer(f->domain, (f->ctx->msg_ctx & GENMASK_ULL(11, 0)) |
			       BIT_ULL(50), 0);
	fastrpc_context_answer(f->domain, f->ctx->msg_ctx | BIT_ULL(63), 0);
	answer_still_waiting(test, f->ctx);
}

static void answer_wrong_pd_dropped(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	fastrpc_context_answer(f->domain, (f->ctx->msg_ctx & ~FASTRPC_CTX_PD) |
			       FASTRPC_PD_SENSORS, 0);
	answer_still_waiting(test, f->ctx);
}

static void answer_unknown_id_dropped(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	fastrpc_context_answer(f->domain, FIELD_PREP(FASTRPC_CTX_ID, 6) |
			       FASTRPC_PD_USER, 0);
	fastrpc_context_answer(f->domain, 0, 0);
	fastrpc_context_answer(f->domain, U64_MAX, 0);
	answer_still_waiting(test, f->ctx);
}

static void answer_to_ended_call_dropped(struct kunit *test)
{
	struct answer_fixture *f = test->priv;

	f->ctx->state = FASTRPC_CTX_FAILED;
	fastrpc_context_answer(f->domain, f->ctx->msg_ctx, 0);
	KUNIT_EXPECT_EQ(test, f->ctx->state, FASTRPC_CTX_FAILED);
	KUNIT_EXPECT_EQ(test, kref_read(&f->ctx->ref), 2);
}

/* The ids for user calls, shared evenly among a domain's slots. */
static void call_share_per_slot(struct kunit *test)
{
	u32 slots;

	KUNIT_EXPECT_EQ(test, fastrpc_call_share(1), FASTRPC_SESSION_MAX_CALLS);
	KUNIT_EXPECT_EQ(test, fastrpc_call_share(0), FASTRPC_SESSION_MAX_CALLS);
	KUNIT_EXPECT_EQ(test, fastrpc_call_share(3), FASTRPC_CTX_USER_MAX / 3);
	KUNIT_EXPECT_EQ(test, fastrpc_call_share(FASTRPC_MAX_SESSIONS),
			FASTRPC_CTX_USER_MAX / FASTRPC_MAX_SESSIONS);
	KUNIT_EXPECT_EQ(test, fastrpc_call_share(U32_MAX), 1);
	/* Every slot's share at once fits in the ids, the driver's kept apart. */
	for (slots = 1; slots <= FASTRPC_MAX_SESSIONS; slots++)
		KUNIT_EXPECT_LE(test, fastrpc_call_share(slots) * slots,
				FASTRPC_CTX_USER_MAX);
	KUNIT_EXPECT_GE(test, FASTRPC_CTX_MAX - FASTRPC_CTX_USER_MAX,
			2 * FASTRPC_MAX_SESSIONS + 1);
}

static struct kunit_case fastrpc_scalars_cases[] = {
	KUNIT_CASE(scalars_round_trip),
	KUNIT_CASE(scalars_fields_masked),
	{ }
};

static struct kunit_case fastrpc_layout_cases[] = {
	KUNIT_CASE(layout_meta),
	KUNIT_CASE(layout_separate),
	KUNIT_CASE(layout_overlap_shares),
	KUNIT_CASE(layout_contained_and_extending),
	KUNIT_CASE(layout_order_free),
	KUNIT_CASE(layout_kernel_apart_from_user),
	KUNIT_CASE(layout_empty_and_dmabuf_take_no_room),
	KUNIT_CASE(layout_wrapping_buffer),
	KUNIT_CASE(layout_payload_bound),
	{ }
};

static struct kunit_case fastrpc_call_share_cases[] = {
	KUNIT_CASE(call_share_per_slot),
	{ }
};

static struct kunit_case fastrpc_answer_cases[] = {
	KUNIT_CASE(answer_matches),
	KUNIT_CASE(answer_stale_sequence_dropped),
	KUNIT_CASE(answer_low_bits_only_matches),
	KUNIT_CASE(answer_foreign_high_bits_dropped),
	KUNIT_CASE(answer_wrong_pd_dropped),
	KUNIT_CASE(answer_unknown_id_dropped),
	KUNIT_CASE(answer_to_ended_call_dropped),
	{ }
};

static struct kunit_suite fastrpc_scalars_suite = {
	.name = "fastrpc_scalars",
	.test_cases = fastrpc_scalars_cases,
};

static struct kunit_suite fastrpc_layout_suite = {
	.name = "fastrpc_layout",
	.test_cases = fastrpc_layout_cases,
};

static struct kunit_suite fastrpc_call_share_suite = {
	.name = "fastrpc_call_share",
	.test_cases = fastrpc_call_share_cases,
};

static struct kunit_suite fastrpc_answer_suite = {
	.name = "fastrpc_answer",
	.init = answer_init,
	.exit = answer_exit,
	.test_cases = fastrpc_answer_cases,
};

kunit_test_suites(&fastrpc_scalars_suite, &fastrpc_layout_suite,
		  &fastrpc_call_share_suite, &fastrpc_answer_suite);
