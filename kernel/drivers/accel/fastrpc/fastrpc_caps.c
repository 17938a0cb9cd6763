// SPDX-License-Identifier: GPL-2.0-only
/*
 * FastRPC accelerator: the DSP's capability table.
 *
 * The DSP answers it on its utilities handle (2), method 0: one input, the
 * number n of attributes asked for, one output of n u32s, attributes 1 to
 * n; attribute 0 is the driver's own and always 0.  It is asked once per
 * domain, through the asking file's session when it has one (as the misc
 * driver sends it) or as a call of the driver's own, and kept until the
 * domain goes away.  The accel door's QUERY and the legacy door's
 * GET_DSP_INFO read the same table.
 */

#include <linux/slab.h>
#include <linux/string.h>

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
 * fastrpc_file_dsp_attr() - one attribute of the DSP's capability table
 * @fpriv: the asking file
 * @id: the attribute, below FASTRPC_DSP_CAPS
 * @value: out, the DSP's answer
 *
 * May wait for the DSP: no lock may be held, and not inside
 * drm_dev_enter().  Two first askers may both ask; the answers are alike.
 *
 * Return: 0; -EOPNOTSUPP when the DSP has no table; -EIO when it failed the
 * query otherwise; the call's errors (-ENODEV, -ECONNRESET, -ETIMEDOUT...).
 */
int fastrpc_file_dsp_attr(struct fastrpc_file *fpriv, u32 id, u32 *value)
{
	struct fastrpc_domain *domain = fpriv->domain;
	bool known;
	u32 *table;
	int err;

	mutex_lock(&domain->lock);
	known = domain->dsp_caps_valid;
	if (known)
		*value = domain->dsp_caps[id];
	mutex_unlock(&domain->lock);
	if (known)
		return 0;

	table = kcalloc(FASTRPC_DSP_CAPS, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;

	err = fastrpc_caps_ask(fpriv, table);
	if (!err) {
		mutex_lock(&domain->lock);
		memcpy(domain->dsp_caps, table, sizeof(domain->dsp_caps));
		domain->dsp_caps_valid = true;
		*value = table[id];
		mutex_unlock(&domain->lock);
	}
	kfree(table);
	return err;
}
