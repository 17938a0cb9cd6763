// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: debugfs.  One directory per domain (the accel
 * device's), read-only files:
 *
 *   banks     context banks: stream id, session slots and which are used
 *   sessions  every session holding a slot, with its DSP mappings and the
 *             buffers the DSP holds as handles
 *   calls     every live call: id, msg.ctx, client, state
 *   orphans   sessions whose release the DSP never confirmed
 *   heap      the static PDs' heap: where it is, whether the DSP has it
 */

#include <linux/seq_file.h>

#include <drm/drm_debugfs.h>

#include "fastrpc_cb.h"
#include "fastrpc_debugfs.h"
#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_map.h"
#include "fastrpc_session.h"

static struct fastrpc_domain *fastrpc_debugfs_domain(struct seq_file *m)
{
	struct drm_debugfs_entry *entry = m->private;

	return to_fastrpc_domain(entry->dev);
}

static int fastrpc_debugfs_banks(struct seq_file *m, void *data)
{
	struct fastrpc_domain *domain = fastrpc_debugfs_domain(m);
	struct fastrpc_cb *cb;

	mutex_lock(&domain->lock);
	list_for_each_entry(cb, &domain->cbs, node)
		seq_printf(m, "sid %u slots %u used %*pb\n", cb->sid,
			   cb->nslots, cb->nslots, cb->used);
	mutex_unlock(&domain->lock);

	return 0;
}

static const char *const fastrpc_state_names[] = {
	[FASTRPC_SESSION_NEW] = "new",
	[FASTRPC_SESSION_ACTIVE] = "active",
	[FASTRPC_SESSION_RELEASED] = "released",
	[FASTRPC_SESSION_DEAD] = "dead",
};

/*
 * The domain's lock keeps the list; each session's maps are listed under
 * the session's own map lock, which nests inside it nowhere else.
 */
static int fastrpc_debugfs_sessions(struct seq_file *m, void *data)
{
	struct fastrpc_domain *domain = fastrpc_debugfs_domain(m);
	struct fastrpc_session *session;

	mutex_lock(&domain->lock);
	list_for_each_entry(session, &domain->sessions, node) {
		seq_printf(m, "client %d %s %s sid %u slot %u calls %d%s\n",
			   session->client_id,
			   fastrpc_session_type_name(session->type),
			   fastrpc_state_names[READ_ONCE(session->state)],
			   session->cb ? session->cb->sid : 0, session->slot,
			   atomic_read(&session->calls),
			   session->orphan ? " orphan" : "");
		fastrpc_maps_show(session, m);
	}
	mutex_unlock(&domain->lock);

	return 0;
}

/* Sessions whose release the DSP never confirmed, holding their slots. */
static int fastrpc_debugfs_orphans(struct seq_file *m, void *data)
{
	struct fastrpc_domain *domain = fastrpc_debugfs_domain(m);
	struct fastrpc_session *session;
	unsigned int n = 0;

	mutex_lock(&domain->lock);
	list_for_each_entry(session, &domain->sessions, node)
		n += session->orphan;
	mutex_unlock(&domain->lock);
	seq_printf(m, "%u\n", n);

	return 0;
}

static int fastrpc_debugfs_calls(struct seq_file *m, void *data)
{
	fastrpc_contexts_show(fastrpc_debugfs_domain(m), m);

	return 0;
}

/* The heap lent to static PDs: where it is, and whether the DSP has it. */
static int fastrpc_debugfs_heap(struct seq_file *m, void *data)
{
	fastrpc_heap_show(m, fastrpc_debugfs_domain(m));
	return 0;
}

static const struct drm_debugfs_info fastrpc_debugfs_files[] = {
	{ "banks", fastrpc_debugfs_banks, 0 },
	{ "sessions", fastrpc_debugfs_sessions, 0 },
	{ "calls", fastrpc_debugfs_calls, 0 },
	{ "orphans", fastrpc_debugfs_orphans, 0 },
	{ "heap", fastrpc_debugfs_heap, 0 },
};

/**
 * fastrpc_debugfs_init() - add the domain's debugfs files
 * @domain: the domain, not registered yet
 */
void fastrpc_debugfs_init(struct fastrpc_domain *domain)
{
	drm_debugfs_add_files(&domain->drm, fastrpc_debugfs_files,
			      ARRAY_SIZE(fastrpc_debugfs_files));
}
