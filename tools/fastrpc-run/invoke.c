/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Making the calls: the skeletons -k names, opened once a session; each
 * call's arguments, copied or (-z) in buffers of the device; its repeats
 * and their latency.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"

/*
 * What to try when a skeleton does not open: the DSP looks for it in this
 * machine's files, through the listener, in the search path.
 */
static const char *skel_hint(struct runner *r, char *buf, size_t size)
{
	const char *path = fastrpc_device_get_search_path(r->dev);

	snprintf(buf, size, "install the skeleton library (libNAME_skel.so for -k NAME, the "
		 "file a URI names) built for this DSP into a directory of the search path "
		 "'%s' (DSP_LIBRARY_PATH or ADSP_LIBRARY_PATH set it), or -H HANDLE; "
		 "fastrpc-run --log shows what the DSP says", path ? path : "");
	return buf;
}

/* The handle of skeleton @name, opened now or by an earlier call. */
static int skel_handle(struct runner *r, const char *name, uint32_t *handle)
{
	char dlerror[256], hint[512];
	struct skel *grown;
	unsigned int i;
	int32_t retval = 0;
	int ret;

	for (i = 0; i < r->n_skels; i++) {
		if (strcmp(r->skels[i].name, name) == 0) {
			*handle = r->skels[i].handle;
			return EXIT_OK;
		}
	}
	grown = realloc(r->skels, (r->n_skels + 1) * sizeof(*grown));
	if (!grown)
		die(EXIT_FAIL, NULL, "out of memory");
	r->skels = grown;
	ret = fastrpc_session_open_skel(r->session, name, handle, dlerror,
					sizeof(dlerror), &retval);
	if (ret == -EREMOTEIO) {
		/* The DSP's own words, when it gave some, say the most. */
		print_err(skel_hint(r, hint, sizeof(hint)), "cannot open skeleton '%s': %s%s%s", name,
			  tool_strerror(ret, retval), *dlerror ? "; the DSP says: " : "",
			  dlerror);
		return EXIT_DSP_ERROR;
	}
	if (ret) {
		print_err(NULL, "cannot open skeleton '%s': %s", name, tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	r->skels[r->n_skels].name = strdup(name);
	if (!r->skels[r->n_skels].name)
		die(EXIT_FAIL, NULL, "out of memory");
	r->skels[r->n_skels++].handle = *handle;
	return EXIT_OK;
}

int runner_close(struct runner *r)
{
	int status = EXIT_OK, ret;
	int32_t retval = 0;
	unsigned int i;

	for (i = 0; i < r->n_skels; i++) {
		ret = fastrpc_session_close_skel(r->session, r->skels[i].handle, &retval);
		if (ret && status == EXIT_OK) {
			print_err(NULL, "cannot close skeleton '%s' (handle 0x%" PRIx32 "): %s",
				  r->skels[i].name, r->skels[i].handle,
				  tool_strerror(ret, retval));
			status = ret == -EREMOTEIO ? EXIT_DSP_ERROR : EXIT_FAIL;
		}
		free(r->skels[i].name);
	}
	free(r->skels);
	r->skels = NULL;
	r->n_skels = 0;
	return status;
}

/* A buffer of the device for @len bytes, mapped; with @data, filled from it. */
static int device_buffer(struct runner *r, size_t len, const void *data,
			 struct fastrpc_buffer **buf, void **map, const char *where)
{
	int ret;

	ret = fastrpc_buffer_new(r->dev, len, buf);
	if (ret) {
		print_err("without -z the arguments are copied",
			  "%scannot allocate a %zu-byte buffer on %s for -z: %s", where, len,
			  fastrpc_device_get_path(r->dev), tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	ret = fastrpc_buffer_mmap(*buf, map);
	if (ret) {
		print_err("without -z the arguments are copied",
			  "%scannot map a %zu-byte buffer of %s for -z: %s", where, len,
			  fastrpc_device_get_path(r->dev), tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	if (data)
		memcpy(*map, data, len);
	return EXIT_OK;
}

/* The argument list of @c, each buffer copied or, with -z, in device memory. */
static int build_args(struct runner *r, const struct call *c, struct result *res,
		      const char *where)
{
	struct fastrpc_buffer **bufs;
	unsigned int i;
	void *map;
	int ret;

	res->out = calloc(c->n_out ? c->n_out : 1, sizeof(*res->out));
	res->copies = calloc(c->n_out ? c->n_out : 1, sizeof(*res->copies));
	res->bufs = calloc(c->n_in + c->n_out ? c->n_in + c->n_out : 1, sizeof(*res->bufs));
	if (!res->out || !res->copies || !res->bufs || fastrpc_args_new(&res->args))
		die(EXIT_FAIL, NULL, "out of memory");
	bufs = res->bufs;
	for (i = 0; i < c->n_in; i++) {
		const struct spec_buf *in = &c->in[i];

		/* An empty buffer has nothing to share: it goes as it is. */
		if (c->zero_copy && in->len) {
			ret = device_buffer(r, in->len, in->data, &bufs[i], &map, where);
			if (ret)
				return ret;
			ret = fastrpc_args_add_in_buffer(res->args, bufs[i], 0, in->len);
		} else {
			ret = fastrpc_args_add_in(res->args, in->data, in->len);
		}
		if (ret)
			goto err_add;
	}
	for (i = 0; i < c->n_out; i++) {
		size_t len = c->out[i].len;

		if (c->zero_copy && len) {
			ret = device_buffer(r, len, NULL, &bufs[c->n_in + i], &map, where);
			if (ret)
				return ret;
			res->out[i] = map;
			ret = fastrpc_args_add_out_buffer(res->args, bufs[c->n_in + i], 0, len);
		} else {
			res->copies[i] = len ? malloc(len) : NULL;
			if (len && !res->copies[i])
				die(EXIT_FAIL, NULL, "cannot allocate %zu bytes for output %u",
				    len, i);
			res->out[i] = res->copies[i];
			ret = fastrpc_args_add_out(res->args, res->out[i], len);
		}
		if (ret)
			goto err_add;
	}
	return EXIT_OK;

err_add:
	print_err(NULL, "%scannot pass argument %u: %s", where, i, tool_strerror(ret, 0));
	return EXIT_FAIL;
}

/* What to try after the method failed on the DSP with @retval. */
static const char *dsp_error_hint(int32_t retval)
{
	switch ((uint32_t)retval - FASTRPC_DSP_ERROR_BASE) {
	case 0x0e:	/* AEE_EBADPARM */
		return "the inputs (-i) and outputs (-o) the method takes: their number and sizes";
	case 0x14:	/* AEE_EUNSUPPORTED */
	case 0x2c:	/* AEE_EINVHANDLE */
		return "a handle (-H, -k) and method (-m) the DSP process has";
	}
	return NULL;
}

int runner_call(struct runner *r, const struct call *c, const char *where,
		struct result *res)
{
	unsigned int i, k;
	double t0;
	int ret;

	*res = (struct result){ 0 };
	if (c->skel) {
		ret = skel_handle(r, c->skel, &res->handle);
		if (ret)
			return ret;
	} else {
		res->handle = c->handle;
	}
	ret = build_args(r, c, res, where);
	if (ret)
		return ret;
	for (k = 0; k < c->repeat; k++) {
		/* Every call starts from zeroed outputs, copied or not alike. */
		for (i = 0; i < c->n_out; i++)
			if (c->out[i].len)
				memset(res->out[i], 0, c->out[i].len);
		t0 = now_us();
		ret = fastrpc_session_call(r->session, res->handle, c->method, res->args,
					   &res->retval);
		res->called = !ret || ret == -EREMOTEIO;
		if (ret)
			break;
		if (c->have_repeat && latency_add(&res->lat, now_us() - t0))
			die(EXIT_FAIL, NULL, "out of memory");
	}
	if (ret == -EREMOTEIO) {
		print_err(dsp_error_hint(res->retval), "%smethod %" PRIu32 " of handle 0x%" PRIx32
			  "%s%s%s: %s", where, c->method, res->handle,
			  c->skel ? " (skeleton '" : "", c->skel ? c->skel : "",
			  c->skel ? "')" : "", tool_strerror(ret, res->retval));
		return EXIT_DSP_ERROR;
	}
	if (ret) {
		print_err(ret == -ENODEV || ret == -ECONNRESET ?
			  "dmesg | grep -i fastrpc (did the DSP restart?)" : NULL,
			  "%scannot call method %" PRIu32 " of handle 0x%" PRIx32 ": %s",
			  where, c->method, res->handle, tool_strerror(ret, 0));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

void result_free(const struct call *c, struct result *res)
{
	unsigned int i;

	for (i = 0; res->bufs && i < c->n_in + c->n_out; i++)
		fastrpc_buffer_free(res->bufs[i]);
	for (i = 0; res->copies && i < c->n_out; i++)
		free(res->copies[i]);
	fastrpc_args_free(res->args);
	free(res->bufs);
	free(res->copies);
	free(res->out);
	latency_free(&res->lat);
	*res = (struct result){ 0 };
}
