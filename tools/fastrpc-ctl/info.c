/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fastrpc-ctl info: one domain as the driver and the DSP describe it.  The
 * accel driver's parameters exist on the accel interface only; on the
 * legacy one their keys are null.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <xf86drm.h>

#include <drm/fastrpc_accel.h>

#include "ctl.h"
#include "tools-common.h"

#define LABEL_WIDTH	17

const struct ctl_param ctl_params[] = {
	{ DRM_FASTRPC_PARAM_UAPI_VERSION, "uapi_version", "uapi version", false },
	{ DRM_FASTRPC_PARAM_MAX_ARGS, "max_args", "max args", false },
	{ DRM_FASTRPC_PARAM_MAX_SHELL_SIZE, "max_shell_size", "max shell size", true },
	{ DRM_FASTRPC_PARAM_CONTEXT_BANKS, "context_banks", "context banks", false },
	{ DRM_FASTRPC_PARAM_SESSIONS_FREE, "sessions_free", "sessions free", false },
	{ DRM_FASTRPC_PARAM_GEM_MAX_BYTES, "gem_max_bytes", "buffer bytes per user", true },
	{ DRM_FASTRPC_PARAM_MAX_CALLS, "max_calls", "max calls", false },
	{ DRM_FASTRPC_PARAM_MAX_MAPS, "max_maps", "max maps", false },
};

const size_t ctl_nparams = ARRAY_SIZE(ctl_params);

/* "label:" padded, then @conv (a printf conversion), then @tail. */
static const char *label_fmt(char *buf, size_t size, const char *label,
			     const char *conv, const char *tail)
{
	char colon[LABEL_WIDTH + 1];

	snprintf(colon, sizeof(colon), "%s:", label);
	snprintf(buf, size, "%-*s%s%s", LABEL_WIDTH, colon, conv, tail);
	return buf;
}

static void print_value(const char *key, const char *label, uint64_t v, bool bytes)
{
	char fmt[96], human[32], tail[48] = "\n";

	if (bytes)
		snprintf(tail, sizeof(tail), " (%s)\n", size_str(v, human, sizeof(human)));
	print_uint(key, label_fmt(fmt, sizeof(fmt), label, "%" PRIu64, tail), v);
}

/* Return: 0, or -EINVAL for a parameter this driver does not know. */
static int query(struct fastrpc_device *dev, uint32_t param, const char *key,
		 uint64_t *value)
{
	int ret = fastrpc_device_query(dev, param, 0, value);

	if (ret && ret != -EINVAL)
		die(EXIT_FAIL, "dmesg | grep -i fastrpc", "cannot query %s of %s: %s", key,
		    fastrpc_device_get_path(dev), tool_strerror(ret, 0));
	return ret;
}

static void print_caps(uint64_t caps)
{
	char fmt[64], unknown[16];
	const char *name;
	unsigned int bit;
	bool first = true;

	print_string(NULL, label_fmt(fmt, sizeof(fmt), "caps", "%s", ""), "");
	print_open_array("caps");
	for (bit = 0; bit < 64; bit++) {
		if (!(caps & (1ULL << bit)))
			continue;
		name = ctl_cap_name(bit);
		if (!name) {
			snprintf(unknown, sizeof(unknown), "bit%u", bit);
			name = unknown;
		}
		print_string("cap", first ? "%s" : " %s", name);
		first = false;
	}
	print_close_array();
	print_string(NULL, "%s\n", first ? "none" : "");
}

static void print_params(struct fastrpc_device *dev)
{
	char fmt[96];
	uint64_t v;
	size_t i;

	if (fastrpc_device_get_interface(dev) != FASTRPC_INTERFACE_ACCEL) {
		print_string(NULL, label_fmt(fmt, sizeof(fmt), "parameters", "%s", "\n"),
			     "none on the legacy interface (-I accel has them)");
		for (i = 0; i < ctl_nparams; i++) {
			print_null(ctl_params[i].key, NULL);
			if (ctl_params[i].param == DRM_FASTRPC_PARAM_UAPI_VERSION)
				print_null("caps", NULL);
		}
		return;
	}
	for (i = 0; i < ctl_nparams; i++) {
		if (!query(dev, ctl_params[i].param, ctl_params[i].key, &v))
			print_value(ctl_params[i].key, ctl_params[i].label, v,
				    ctl_params[i].bytes);
		else
			print_null(ctl_params[i].key,
				   label_fmt(fmt, sizeof(fmt), ctl_params[i].label, "",
					     "unknown to this driver\n"));
		/* The capabilities right after the version, as the UAPI lists them. */
		if (ctl_params[i].param != DRM_FASTRPC_PARAM_UAPI_VERSION)
			continue;
		if (!query(dev, DRM_FASTRPC_PARAM_CAPS, "caps", &v))
			print_caps(v);
		else
			print_null("caps", label_fmt(fmt, sizeof(fmt), "caps", "",
						     "unknown to this driver\n"));
	}
}

static void print_attr(unsigned int attr, uint32_t v)
{
	char fmt[96], human[32], tail[48] = "\n";
	const char *conv = "%" PRIu64;

	if (attr == FASTRPC_DSP_ATTR_ARCH_VER)
		conv = "0x%" PRIx64;
	if (attr == FASTRPC_DSP_ATTR_VTCM_PAGE && v)
		snprintf(tail, sizeof(tail), " (%s)\n", size_str(v, human, sizeof(human)));
	snprintf(fmt, sizeof(fmt), "  %-15s%s%s", fastrpc_dsp_attr_name(attr), conv, tail);
	print_uint(fastrpc_dsp_attr_name(attr), fmt, v);
}

/* The capability table, attributes 1 to 10.  Return: an exit status. */
static int print_dsp_attrs(struct fastrpc_device *dev)
{
	uint32_t v[FASTRPC_DSP_ATTR_STATUS_NOTIFY + 1];
	char fmt[64];
	unsigned int a;
	int ret = 0;

	for (a = FASTRPC_DSP_ATTR_UNSIGNED_PD; a <= FASTRPC_DSP_ATTR_STATUS_NOTIFY && !ret; a++)
		ret = fastrpc_device_get_dsp_attr(dev, a, &v[a]);
	label_fmt(fmt, sizeof(fmt), "dsp attributes", "", "");
	if (ret == -EOPNOTSUPP) {
		print_null("dsp_attributes", strcat(fmt, "the DSP has no capability table\n"));
		return EXIT_OK;
	}
	if (ret) {
		print_null("dsp_attributes", strcat(fmt, "unknown (the DSP did not answer)\n"));
		print_err("fastrpc-ctl doctor (it checks the DSP)",
			  "cannot read the DSP's capability table of %s: %s",
			  fastrpc_device_get_domain(dev), tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	print_string(NULL, "%s\n", "dsp attributes:");
	print_open_object("dsp_attributes");
	for (a = FASTRPC_DSP_ATTR_UNSIGNED_PD; a <= FASTRPC_DSP_ATTR_STATUS_NOTIFY; a++)
		print_attr(a, v[a]);
	print_close_object();
	return EXIT_OK;
}

static void print_drm(struct fastrpc_device *dev)
{
	drmVersionPtr v = NULL;
	char fmt[64], version[48];

	if (fastrpc_device_get_interface(dev) == FASTRPC_INTERFACE_ACCEL)
		v = drmGetVersion(fastrpc_device_get_fd(dev));
	if (!v) {
		print_null("drm_driver", NULL);
		print_null("drm_version", NULL);
		print_null("drm_description", NULL);
		return;
	}
	snprintf(version, sizeof(version), "%d.%d.%d", v->version_major, v->version_minor,
		 v->version_patchlevel);
	print_string("drm_driver", label_fmt(fmt, sizeof(fmt), "drm driver", "%s", ""),
		     v->name ? v->name : "");
	print_string("drm_version", " %s", version);
	print_string("drm_description", " (%s)\n", v->desc ? v->desc : "");
	drmFreeVersion(v);
}

int cmd_info(const struct ctl_opts *o)
{
	struct fastrpc_device *dev = ctl_open(o);
	enum fastrpc_interface iface = fastrpc_device_get_interface(dev);
	struct utsname u;
	uint64_t secure = fastrpc_device_is_secure(dev);
	char fmt[64];
	int status;

	print_string("domain", label_fmt(fmt, sizeof(fmt), "domain", "%s", "\n"),
		     fastrpc_device_get_domain(dev));
	print_uint("domain_id", label_fmt(fmt, sizeof(fmt), "domain id", "%" PRIu64, "\n"),
		   fastrpc_device_get_domain_id(dev));
	print_string("node", label_fmt(fmt, sizeof(fmt), "node", "%s", "\n"),
		     fastrpc_device_get_path(dev));
	print_string("interface", label_fmt(fmt, sizeof(fmt), "interface", "%s", "\n"),
		     fastrpc_interface_name(iface));
	print_string("driver", label_fmt(fmt, sizeof(fmt), "driver", "%s", "\n"),
		     fastrpc_device_get_driver(dev));
	print_drm(dev);
	/* Accel: the domain is secure; legacy: opened through the -secure node. */
	if (iface == FASTRPC_INTERFACE_ACCEL &&
	    query(dev, DRM_FASTRPC_PARAM_SECURE, "secure", &secure))
		secure = 0;
	print_bool("secure", label_fmt(fmt, sizeof(fmt), "secure", "%s", "\n"), secure);
	print_params(dev);
	status = print_dsp_attrs(dev);
	if (uname(&u) == 0)
		print_string("kernel", label_fmt(fmt, sizeof(fmt), "kernel", "%s", "\n"),
			     u.release);
	else
		print_null("kernel", NULL);
	fastrpc_device_close(dev);
	return status;
}
