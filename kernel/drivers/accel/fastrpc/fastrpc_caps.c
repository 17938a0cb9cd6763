// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: the DSP's capability table.
 *
 * The DSP answers it on its utilities handle (2), method 0: one input, the
 * number n of attributes asked for, one output of n u32s, attributes 1 to
 * n; attribute 0 is the driver's own and always 0.  It is asked once per
 * domain, through the asking file's session when it has one (as the misc
 * driver sends it) or as a call of the driver's own, and kept until the
 * domain goes away, as is the answer that the DSP has none; asks are
 * serialized, so a storm of queries takes one session slot and one context
 * id at most.  The accel door's QUERY and the legacy door's GET_DSP_INFO
 * read the same table.
 */

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>

#include <drm/fastrpc_accel.h>

#include "fastrpc_caps.h"
#include "fastrpc_drv.h"
#include "fastrpc_invoke.h"
#include "fastrpc_session.h"

/* An old DSP without the table says so; the misc driver's -EOPNOTSUPP. */
#define FASTRPC_AEE_EUNSUPPORTED	((s32)0x80000414)
#define FASTRPC_CAPS_TIMEOUT		(10 * HZ)

static int fastrpc_caps_ask(struct fastrpc_file *fpriv, u32 *table)
{
	u32 n = FASTRPC_DSP_CAPS - 1;
	struct fastrpc_arg args[2] = {
		{ .ptr = (uintptr_t)&n, .size = sizeof(n), .kernel = true },
		{ .ptr = (uintptr_t)&table[1], .size = n * sizeof(*table),
		  .kernel = true },
	};
	struct fastrpc_call call = {
		.handle = FASTRPC_UTILITIES_HANDLE,
		.sc = DRM_FASTRPC_SCALARS(0, 1, 1, 0, 0),
		.kernel = true,
		.args = args,
		.wait = FASTRPC_WAIT_BOUNDED,
		.timeout = FASTRPC_CAPS_TIMEOUT,
	};
	struct fastrpc_session *session;
	int err;

	session = fastrpc_file_session_get(fpriv);
	if (session) {
		call.pid = session->client_id;
		err = fastrpc_call(session, &call);
		fastrpc_session_put(session);
	} else {
		err = fastrpc_domain_call(fpriv->domain, &call);
	}
	if (err)
		return err;
	if (call.retval == FASTRPC_AEE_EUNSUPPORTED)
		return -EOPNOTSUPP;

	return call.retval ? -EIO : 0;
}

/**
 * enum fastrpc_caps_state - what a domain knows of its DSP's table
 * @FASTRPC_CAPS_UNKNOWN: not asked yet, or the last ask got no answer
 * @FASTRPC_CAPS_ASKING: one asker waits for the DSP; the others wait for it
 * @FASTRPC_CAPS_KNOWN: the table is in the domain
 * @FASTRPC_CAPS_UNSUPPORTED: the DSP has no table
 */
enum fastrpc_caps_state {
	FASTRPC_CAPS_UNKNOWN,
	FASTRPC_CAPS_ASKING,
	FASTRPC_CAPS_KNOWN,
	FASTRPC_CAPS_UNSUPPORTED,
};

/**
 * fastrpc_file_dsp_attr() - one attribute of the DSP's capability table
 * @fpriv: the asking file
 * @id: the attribute, below FASTRPC_DSP_CAPS
 * @value: out, the DSP's answer
 *
 * Asks are serialized: one caller asks the DSP, without a lock held, and
 * the others wait for its answer (a fatal signal ends their wait).  The
 * table, or the DSP's word that it has none, is kept until the domain goes
 * away; a call that got no answer is not, and the next caller asks again.
 * May wait for the DSP: not inside drm_dev_enter().
 *
 * Return: 0; -EOPNOTSUPP when the DSP has no table; -EIO when it failed the
 * query otherwise; -EINTR; the call's errors (-ENODEV, -ECONNRESET,
 * -ETIMEDOUT...).
 */
int fastrpc_file_dsp_attr(struct fastrpc_file *fpriv, u32 id, u32 *value)
{
	struct fastrpc_domain *domain = fpriv->domain;
	u32 *table;
	int err;

	mutex_lock(&domain->lock);
	while (domain->caps_state == FASTRPC_CAPS_ASKING) {
		mutex_unlock(&domain->lock);
		/* Written under the lock; no lock may be taken in here. */
		if (wait_event_killable(domain->caps_wq,
					READ_ONCE(domain->caps_state) !=
					FASTRPC_CAPS_ASKING))
			return -EINTR;
		mutex_lock(&domain->lock);
	}
	switch (domain->caps_state) {
	case FASTRPC_CAPS_KNOWN:
		*value = domain->dsp_caps[id];
		err = 0;
		break;
	case FASTRPC_CAPS_UNSUPPORTED:
		err = -EOPNOTSUPP;
		break;
	default:
		WRITE_ONCE(domain->caps_state, FASTRPC_CAPS_ASKING);
		err = -EAGAIN;
		break;
	}
	mutex_unlock(&domain->lock);
	if (err != -EAGAIN)
		return err;

	table = kcalloc(FASTRPC_DSP_CAPS, sizeof(*table), GFP_KERNEL);
	err = table ? fastrpc_caps_ask(fpriv, table) : -ENOMEM;

	mutex_lock(&domain->lock);
	if (!err) {
		memcpy(domain->dsp_caps, table, sizeof(domain->dsp_caps));
		WRITE_ONCE(domain->caps_state, FASTRPC_CAPS_KNOWN);
		*value = table[id];
	} else {
		WRITE_ONCE(domain->caps_state, err == -EOPNOTSUPP ?
			   FASTRPC_CAPS_UNSUPPORTED : FASTRPC_CAPS_UNKNOWN);
	}
	mutex_unlock(&domain->lock);
	wake_up_all(&domain->caps_wq);

	kfree(table);
	return err;
}
