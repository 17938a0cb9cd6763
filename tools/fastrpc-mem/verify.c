/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Does the DSP see the buffer the CPU sees?  Three steps through the lab
 * skeleton (sim/hexagon/shell_proto.h), each checked on the other side:
 *
 *   dsp_fill   the DSP writes a pattern at the buffer's DSP address (FILL),
 *              the CPU reads it back;
 *   dsp_check  the CPU writes another, the DSP reads it there (CHECK);
 *   echo       the buffer passed by its pages, not copied: the DSP copies
 *              its first half into its second (echo, one in and one out
 *              buffer argument), the CPU checks the copy.
 *
 * The CPU first writes what no step expects, so a DSP that did nothing,
 * or reached other memory, fails.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tools-common.h"
#include "mem.h"

/* The lab skeleton's methods and their arguments. */
#define LAB_ECHO	3
#define LAB_FILL	6
#define LAB_CHECK	7

#define SEED_DSP	0x5a
#define SEED_CPU	0xa5
#define SEED_ECHO	0x3c
/* The lab shell takes buffers of up to 64 MiB; the zero-copy path needs no more. */
#define ECHO_MAX	(16u << 20)

struct step {
	const char *name;
	bool ok;
	uint64_t first_bad;	/* offset into the buffer */
	const char *error;	/* the call failed: why */
};

static void put_le32(unsigned char *p, uint32_t v)
{
	unsigned int i;

	for (i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static uint32_t get_le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* struct lab_arange { u64 addr; u32 len; u32 seed; }, little-endian. */
static void arange(unsigned char r[16], uint64_t addr, uint32_t len, uint32_t seed)
{
	put_le32(r, (uint32_t)addr);
	put_le32(r + 4, (uint32_t)(addr >> 32));
	put_le32(r + 8, len);
	put_le32(r + 12, seed);
}

/* Every byte the complement of the pattern of @seed. */
static void anti_fill(unsigned char *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = ~pattern_byte(seed, i);
}

static void report_step(const struct step *s, const char *what)
{
	print_open_object("step");
	print_string("step", "%-10s ", s->name);
	print_bool("ok", NULL, s->ok);
	print_string(NULL, "%s", s->ok ? "ok      " : "FAILED  ");
	if (s->ok || s->error)
		print_null("first_bad", NULL);
	else
		print_uint("first_bad", "first bad byte at offset %" PRIu64 "; ", s->first_bad);
	if (s->error)
		print_string("error", "%s\n", s->error);
	else
		print_string(NULL, "%s\n", what);
	print_close_object();
}

/* A CPU check of [@off, @off + @len) against @seed, into @s. */
static void cpu_check(struct step *s, int fd, const unsigned char *p, size_t off,
		      size_t len, uint32_t seed)
{
	struct pattern_diff d;

	dmabuf_cpu_begin(fd, false);
	s->ok = pattern_check(p + off, len, seed, &d);
	dmabuf_cpu_end(fd, false);
	s->first_bad = off + d.first;
}

/* A failed call: the step's error, and the status it makes. */
static int call_failed(struct step *s, const char *what, int ret, int32_t retval)
{
	/* One failed step per run: the first failed call ends it. */
	static char error[256];

	snprintf(error, sizeof(error), "%s", tool_strerror(ret, retval));
	s->ok = false;
	s->error = error;
	return mem_call_failed(what, ret, retval);
}

static int dsp_fill(struct fastrpc_session *session, uint32_t handle, int fd,
		    unsigned char *p, size_t size, uint64_t dsp_addr, struct step *s)
{
	unsigned char req[16];
	struct fastrpc_iovec in = { req, sizeof(req) };
	int32_t retval = 0;
	int ret;

	dmabuf_cpu_begin(fd, true);
	anti_fill(p, size, SEED_DSP);
	dmabuf_cpu_end(fd, true);
	arange(req, dsp_addr, size, SEED_DSP);
	ret = fastrpc_session_invoke(session, handle, LAB_FILL, &in, 1, NULL, 0, &retval);
	if (ret)
		return call_failed(s, "have the DSP fill the buffer (FILL)", ret, retval);
	cpu_check(s, fd, p, 0, size, SEED_DSP);
	return EXIT_OK;
}

static int dsp_check(struct fastrpc_session *session, uint32_t handle, int fd,
		     unsigned char *p, size_t size, uint64_t dsp_addr, struct step *s)
{
	unsigned char req[16], res[8] = { 0 };
	struct fastrpc_iovec in = { req, sizeof(req) }, out = { res, sizeof(res) };
	int32_t retval = 0;
	int ret;

	dmabuf_cpu_begin(fd, true);
	pattern_fill(p, size, SEED_CPU);
	dmabuf_cpu_end(fd, true);
	arange(req, dsp_addr, size, SEED_CPU);
	ret = fastrpc_session_invoke(session, handle, LAB_CHECK, &in, 1, &out, 1, &retval);
	if (ret)
		return call_failed(s, "have the DSP check the buffer (CHECK)", ret, retval);
	s->ok = get_le32(res) == 1;
	s->first_bad = get_le32(res + 4);
	return EXIT_OK;
}

static int echo(struct fastrpc_session *session, uint32_t handle, int fd,
		struct fastrpc_buffer *buf, unsigned char *p, size_t size, struct step *s)
{
	size_t half = size / 2, len = half < ECHO_MAX ? half : ECHO_MAX;
	struct fastrpc_args *args;
	int32_t retval = 0;
	int ret;

	dmabuf_cpu_begin(fd, true);
	pattern_fill(p, len, SEED_ECHO);
	anti_fill(p + half, len, SEED_ECHO);
	dmabuf_cpu_end(fd, true);
	ret = fastrpc_args_new(&args);
	if (!ret)
		ret = fastrpc_args_add_in_buffer(args, buf, 0, len);
	if (!ret)
		ret = fastrpc_args_add_out_buffer(args, buf, half, len);
	if (!ret)
		ret = fastrpc_session_call(session, handle, LAB_ECHO, args, &retval);
	fastrpc_args_free(args);
	if (ret)
		return call_failed(s, "pass the buffer to echo", ret, retval);
	cpu_check(s, fd, p, half, len, SEED_ECHO);
	return EXIT_OK;
}

int verify_buffer(struct fastrpc_session *session, struct fastrpc_buffer *buf,
		  int dmabuf_fd, size_t size, uint64_t dsp_addr, uint32_t handle)
{
	struct step fill = { .name = "dsp_fill" }, check = { .name = "dsp_check" },
		    copy = { .name = "echo" };
	char what[3][128], text[32];
	int status, ret;
	void *data;

	ret = fastrpc_buffer_mmap(buf, &data);
	if (ret) {
		print_err(NULL, "cannot map the buffer for the CPU: %s", strerror(-ret));
		return EXIT_FAIL;
	}
	size_str(size, text, sizeof(text));
	snprintf(what[0], sizeof(what[0]), "%s written by the DSP at 0x%" PRIx64
		 ", read by the CPU", text, dsp_addr);
	snprintf(what[1], sizeof(what[1]), "%s written by the CPU, read by the DSP at 0x%"
		 PRIx64, text, dsp_addr);
	snprintf(what[2], sizeof(what[2]), "%s passed in place, copied by the DSP from "
		 "offset 0 to %zu", size_str(size / 2 < ECHO_MAX ? size / 2 : ECHO_MAX,
					     text, sizeof(text)), size / 2);

	/* A failed call ends the run: the next would fail the same way. */
	print_open_array("steps");
	status = dsp_fill(session, handle, dmabuf_fd, data, size, dsp_addr, &fill);
	report_step(&fill, what[0]);
	if (!status) {
		status = dsp_check(session, handle, dmabuf_fd, data, size, dsp_addr, &check);
		report_step(&check, what[1]);
	}
	if (!status) {
		status = echo(session, handle, dmabuf_fd, buf, data, size, &copy);
		report_step(&copy, what[2]);
	}
	print_close_array();
	if (!status && !(fill.ok && check.ok && copy.ok)) {
		print_err("dmesg; the DSP's log (vdspd in the lab)",
			  "the DSP and the CPU see different bytes in the buffer");
		status = EXIT_FAIL;
	}
	print_bool("ok", "verified:     %s\n", status == EXIT_OK);
	return status;
}
