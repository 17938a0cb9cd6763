// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The Hexagon shell over its protocol (shell_proto.h), from the host: runs
 * `QEMU SHELL` with pipes on its standard input and output and checks every
 * method, the error answers and the exit statuses.  Most cases share one
 * shell, as vdspd would; the ones about exiting start their own.
 *
 * Usage: hexagon_shell_test QEMU SHELL
 * Exits 77 (skipped) when QEMU cannot be executed.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "scalars.h"
#include "shell_proto.h"

#define EXIT_SKIP	77
#define MAX_OUT		4

#define EBADPARM	AEE_DSP_ERR(AEE_EBADPARM)
#define EUNSUPPORTED	AEE_DSP_ERR(AEE_EUNSUPPORTED)

static const char *qemu_path, *shell_path;

struct shell {
	pid_t pid;
	int to;		/* the shell's standard input */
	int from;	/* the shell's standard output */
};

struct buf {
	const void *ptr;
	uint32_t len;
};

struct reply {
	int32_t retval;
	uint32_t nout;
	uint32_t len[MAX_OUT];
	uint8_t *data[MAX_OUT];
};

static struct shell shared;

static struct shell shell_start(void)
{
	int in[2], out[2];
	struct shell sh;

	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	sh.pid = fork();
	assert_true(sh.pid >= 0);
	if (sh.pid == 0) {
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(126);
		execl(qemu_path, qemu_path, shell_path, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	sh.to = in[1];
	sh.from = out[0];
	return sh;
}

/* Closes the shell's input (end of file) and returns its exit status. */
static int shell_finish(struct shell *sh)
{
	int status;

	close(sh->to);
	close(sh->from);
	if (waitpid(sh->pid, &status, 0) != sh->pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void write_all(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n) {
		ssize_t done = write(fd, p, n);

		if (done < 0 && errno == EINTR)
			continue;
		assert_true(done > 0);
		p += done;
		n -= (size_t)done;
	}
}

/* Returns the bytes read: fewer than n only at end of file. */
static size_t read_all(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t done = read(fd, p + got, n - got);

		if (done < 0 && errno == EINTR)
			continue;
		assert_true(done >= 0);
		if (done == 0)
			break;
		got += (size_t)done;
	}
	return got;
}

static void send_header(int fd, uint32_t magic, uint32_t handle, uint32_t sc, uint32_t nbufs)
{
	struct shell_call call = { magic, handle, sc, nbufs };

	write_all(fd, &call, sizeof(call));
}

/* A well-formed call: nbufs is the number of buffers given, whatever sc says. */
static void send_call(int fd, uint32_t handle, uint32_t sc, const struct buf *in, uint32_t nin,
		      const uint32_t *out_cap, uint32_t nout)
{
	uint32_t i;

	send_header(fd, SHELL_CALL_MAGIC, handle, sc, nin + nout);
	for (i = 0; i < nin; i++)
		write_all(fd, &in[i].len, sizeof(uint32_t));
	if (nout)
		write_all(fd, out_cap, nout * sizeof(uint32_t));
	for (i = 0; i < nin; i++)
		write_all(fd, in[i].ptr, in[i].len);
}

static void reply_free(struct reply *r)
{
	uint32_t i;

	for (i = 0; i < r->nout; i++)
		free(r->data[i]);
	r->nout = 0;
}

/* Reads a reply and checks what the protocol promises about its shape. */
static int32_t recv_reply(int fd, struct reply *r, const uint32_t *out_cap, uint32_t nout)
{
	struct shell_reply head;
	uint32_t i;

	assert_int_equal(read_all(fd, &head, sizeof(head)), sizeof(head));
	assert_int_equal(head.magic, SHELL_REPLY_MAGIC);
	assert_int_equal(head.reserved, 0);
	assert_int_equal(head.nout, head.retval ? 0 : nout);
	r->retval = head.retval;
	r->nout = head.nout;
	if (r->nout)
		assert_int_equal(read_all(fd, r->len, r->nout * sizeof(uint32_t)),
				 r->nout * sizeof(uint32_t));
	for (i = 0; i < r->nout; i++) {
		assert_true(r->len[i] <= out_cap[i]);
		r->data[i] = malloc(r->len[i] ? r->len[i] : 1);
		assert_non_null(r->data[i]);
		assert_int_equal(read_all(fd, r->data[i], r->len[i]), r->len[i]);
	}
	return r->retval;
}

static int32_t invoke(uint32_t handle, uint32_t sc, const struct buf *in, uint32_t nin,
		      const uint32_t *out_cap, uint32_t nout, struct reply *r)
{
	assert_true(nout <= MAX_OUT);
	send_call(shared.to, handle, sc, in, nin, out_cap, nout);
	return recv_reply(shared.from, r, out_cap, nout);
}

static int32_t lab_invoke(uint32_t method, const struct buf *in, uint32_t nin,
			  const uint32_t *out_cap, uint32_t nout, struct reply *r)
{
	return invoke(LAB_SKEL_HANDLE, SC_MAKE(method, nin, nout), in, nin, out_cap, nout, r);
}

/* A lab method's status when it has no outputs worth keeping. */
static int32_t lab_call(uint32_t method, const struct buf *in, uint32_t nin,
			const uint32_t *out_cap, uint32_t nout)
{
	struct reply r;
	int32_t ret = lab_invoke(method, in, nin, out_cap, nout, &r);

	reply_free(&r);
	return ret;
}

static int group_setup(void **state)
{
	(void)state;
	shared = shell_start();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	return shell_finish(&shared) == 0 ? 0 : -1;
}

static void lab_null__returns_zero(void **state)
{
	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

static void lab_null__with_a_buffer_is_ebadparm(void **state)
{
	uint8_t byte = 1;
	struct buf in = { &byte, 1 };

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_NULL, &in, 1, NULL, 0), EBADPARM);
}

static void echo_bytes(uint32_t in_len, uint32_t out_cap, uint32_t expect_len)
{
	uint8_t *data = malloc(in_len ? in_len : 1);
	struct buf in = { data, in_len };
	struct reply r;
	uint32_t i;

	assert_non_null(data);
	for (i = 0; i < in_len; i++)
		data[i] = (uint8_t)(i * 31 + (i >> 8));
	assert_int_equal(lab_invoke(LAB_METHOD_ECHO, &in, 1, &out_cap, 1, &r), 0);
	assert_int_equal(r.nout, 1);
	assert_int_equal(r.len[0], expect_len);
	assert_memory_equal(r.data[0], data, expect_len);
	reply_free(&r);
	free(data);
}

static void lab_echo__0_bytes(void **state)
{
	(void)state;
	echo_bytes(0, 0, 0);
}

static void lab_echo__1_byte(void **state)
{
	(void)state;
	echo_bytes(1, 1, 1);
}

static void lab_echo__4096_bytes(void **state)
{
	(void)state;
	echo_bytes(4096, 4096, 4096);
}

static void lab_echo__100000_bytes(void **state)
{
	(void)state;
	echo_bytes(100000, 100000, 100000);
}

static void lab_echo__16_mib(void **state)
{
	(void)state;
	echo_bytes(16u << 20, 16u << 20, 16u << 20);
}

static void lab_echo__short_output_gets_what_fits(void **state)
{
	(void)state;
	echo_bytes(100, 10, 10);
}

static void lab_echo__long_output_gets_the_input(void **state)
{
	(void)state;
	echo_bytes(10, 100, 10);
}

static void lab_echo__two_inputs_is_ebadparm(void **state)
{
	uint8_t a[4] = { 1, 2, 3, 4 };
	struct buf in[2] = { { a, 4 }, { a, 4 } };
	uint32_t cap = 8;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_ECHO, in, 2, &cap, 1), EBADPARM);
}

static void lab_echo__in_handle_in_sc_is_ebadparm(void **state)
{
	uint8_t a[4] = { 1, 2, 3, 4 };
	struct buf in = { a, 4 };
	uint32_t cap = 4;
	struct reply r;

	(void)state;
	/* The buffers are right; the one input handle sc also claims is not. */
	assert_int_equal(invoke(LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1) | 1u << 4,
				&in, 1, &cap, 1, &r), EBADPARM);
}

static void lab_sum__one_mib_of_counting(void **state)
{
	const uint32_t n = 262144;
	uint32_t *words = malloc(n * sizeof(uint32_t));
	struct buf in = { words, n * sizeof(uint32_t) };
	uint32_t cap = 8, i;
	struct reply r;
	uint64_t sum;

	(void)state;
	assert_non_null(words);
	for (i = 0; i < n; i++)
		words[i] = i;	/* the host is little-endian, like the protocol */
	assert_int_equal(lab_invoke(LAB_METHOD_SUM, &in, 1, &cap, 1, &r), 0);
	assert_int_equal(r.len[0], 8);
	memcpy(&sum, r.data[0], 8);
	assert_int_equal(sum, 34359607296ull);	/* 262143 * 262144 / 2 */
	reply_free(&r);
	free(words);
}

static void lab_sum__carries_past_32_bits(void **state)
{
	uint32_t words[4] = { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff };
	struct buf in = { words, sizeof(words) };
	uint32_t cap = 16;
	struct reply r;
	uint64_t sum;

	(void)state;
	assert_int_equal(lab_invoke(LAB_METHOD_SUM, &in, 1, &cap, 1, &r), 0);
	assert_int_equal(r.len[0], 8);
	memcpy(&sum, r.data[0], 8);
	assert_int_equal(sum, 4ull * 0xffffffffull);
	reply_free(&r);
}

static void lab_sum__of_nothing_is_zero(void **state)
{
	struct buf in = { NULL, 0 };
	uint32_t cap = 8;
	struct reply r;
	uint64_t sum;

	(void)state;
	assert_int_equal(lab_invoke(LAB_METHOD_SUM, &in, 1, &cap, 1, &r), 0);
	memcpy(&sum, r.data[0], 8);
	assert_int_equal(sum, 0);
	reply_free(&r);
}

static void lab_sum__ragged_input_is_ebadparm(void **state)
{
	uint8_t bytes[5] = { 0 };
	struct buf in = { bytes, 5 };
	uint32_t cap = 8;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SUM, &in, 1, &cap, 1), EBADPARM);
}

static void lab_sum__short_output_is_ebadparm(void **state)
{
	uint32_t word = 1;
	struct buf in = { &word, 4 };
	uint32_t cap = 7;

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SUM, &in, 1, &cap, 1), EBADPARM);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void lab_sleep__50ms_takes_50ms(void **state)
{
	uint32_t ms = 50;
	struct buf in = { &ms, 4 };
	double start = now_ms();

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SLEEP, &in, 1, NULL, 0), 0);
	assert_true(now_ms() - start >= 50.0);
}

static void lab_sleep__wrong_size_is_ebadparm(void **state)
{
	uint64_t ms = 50;
	struct buf in = { &ms, 8 };

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SLEEP, &in, 1, NULL, 0), EBADPARM);
}

static void lab_sleep__with_an_output_is_ebadparm(void **state)
{
	uint32_t ms = 1, cap = 4;
	struct buf in = { &ms, 4 };

	(void)state;
	assert_int_equal(lab_call(LAB_METHOD_SLEEP, &in, 1, &cap, 1), EBADPARM);
}

static void lab__unknown_methods_are_eunsupported(void **state)
{
	(void)state;
	assert_int_equal(lab_call(0, NULL, 0, NULL, 0), EUNSUPPORTED);
	assert_int_equal(lab_call(1, NULL, 0, NULL, 0), EUNSUPPORTED);
	assert_int_equal(lab_call(6, NULL, 0, NULL, 0), EUNSUPPORTED);
	assert_int_equal(lab_call(31, NULL, 0, NULL, 0), EUNSUPPORTED);
}

/* remotectl open, in the layout remotectl.c documents. */
static int32_t remotectl_open(const void *name, uint32_t namelen, uint32_t errlen, struct reply *r)
{
	uint32_t lens[2] = { namelen, errlen };
	struct buf in[2] = { { lens, 8 }, { name, namelen } };
	uint32_t cap[2] = { 4, errlen };

	return invoke(0, SC_MAKE(0, 2, 2), in, 2, cap, 2, r);
}

static void remotectl_open__lab_returns_its_handle(void **state)
{
	struct reply r;
	uint32_t handle;

	(void)state;
	assert_int_equal(remotectl_open(LAB_SKEL_NAME, sizeof(LAB_SKEL_NAME), 256, &r), 0);
	assert_int_equal(r.len[0], 4);
	memcpy(&handle, r.data[0], 4);
	assert_int_equal(handle, LAB_SKEL_HANDLE);
	assert_int_equal(r.len[1], 1);
	assert_int_equal(r.data[1][0], 0);
	reply_free(&r);
}

static void remotectl_open__unknown_name_is_enosuchmod(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(remotectl_open("labx", 5, 256, &r), AEE_DSP_ERR(AEE_ENOSUCHMOD));
	assert_int_equal(remotectl_open("la", 3, 256, &r), AEE_DSP_ERR(AEE_ENOSUCHMOD));
}

static void remotectl_open__unterminated_name_is_ebadparm(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(remotectl_open("lab", 3, 256, &r), EBADPARM);
	assert_int_equal(remotectl_open("", 0, 256, &r), EBADPARM);
}

static void remotectl_close__lab_returns_zero(void **state)
{
	uint32_t args[2] = { LAB_SKEL_HANDLE, 16 };
	struct buf in = { args, 8 };
	uint32_t cap = 16;
	struct reply r;

	(void)state;
	assert_int_equal(invoke(0, SC_MAKE(1, 1, 1), &in, 1, &cap, 1, &r), 0);
	assert_int_equal(r.len[0], 1);
	assert_int_equal(r.data[0][0], 0);
	reply_free(&r);
	args[0] = 0x1234;
	assert_int_equal(invoke(0, SC_MAKE(1, 1, 1), &in, 1, &cap, 1, &r), EBADPARM);
}

static void remotectl__unknown_method_is_eunsupported(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(invoke(0, SC_MAKE(2, 0, 0), NULL, 0, NULL, 0, &r), EUNSUPPORTED);
}

static void shell__unknown_handle_is_ebadparm(void **state)
{
	struct reply r;

	(void)state;
	assert_int_equal(invoke(0x1234, SC_MAKE(LAB_METHOD_NULL, 0, 0), NULL, 0, NULL, 0, &r),
			 EBADPARM);
}

static void shell__output_over_the_limit_is_ebadparm(void **state)
{
	uint32_t cap = SHELL_MAX_BUF_LEN + 1;
	struct reply r;

	(void)state;
	assert_int_equal(lab_invoke(LAB_METHOD_ECHO, NULL, 0, &cap, 1, &r), EBADPARM);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* The shell must drop the oversized input's bytes and stay in step. */
static void shell__input_over_the_limit_is_ebadparm(void **state)
{
	uint8_t *big = calloc(1, SHELL_MAX_BUF_LEN + 1);
	struct buf in = { big, SHELL_MAX_BUF_LEN + 1 };
	uint32_t cap = 8;
	struct reply r;

	(void)state;
	assert_non_null(big);
	assert_int_equal(lab_invoke(LAB_METHOD_ECHO, &in, 1, &cap, 1, &r), EBADPARM);
	free(big);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* 255 outputs of 64 MiB cannot fit a 32-bit DSP process. */
static void shell__call_too_big_for_memory_is_enomemory(void **state)
{
	struct shell_reply head;
	uint32_t cap[255], i;

	(void)state;
	for (i = 0; i < 255; i++)
		cap[i] = SHELL_MAX_BUF_LEN;
	send_call(shared.to, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 0, 255), NULL, 0, cap, 255);
	/* More outputs than struct reply holds: read the header by hand. */
	assert_int_equal(read_all(shared.from, &head, sizeof(head)), sizeof(head));
	assert_int_equal(head.magic, SHELL_REPLY_MAGIC);
	assert_int_equal(head.retval, AEE_DSP_ERR(AEE_ENOMEMORY));
	assert_int_equal(head.nout, 0);
	assert_int_equal(lab_call(LAB_METHOD_NULL, NULL, 0, NULL, 0), 0);
}

/* Calls written ahead are answered in order. */
static void shell__pipelined_calls_are_answered_in_order(void **state)
{
	uint32_t values[64], cap = 4, i;
	struct reply r;

	(void)state;
	for (i = 0; i < 64; i++) {
		struct buf in = { &values[i], 4 };

		values[i] = i * 0x01010101u;
		send_call(shared.to, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1),
			  &in, 1, &cap, 1);
	}
	for (i = 0; i < 64; i++) {
		assert_int_equal(recv_reply(shared.from, &r, &cap, 1), 0);
		assert_memory_equal(r.data[0], &values[i], 4);
		reply_free(&r);
	}
}

/* A call trickling in a byte at a time: the shell reads until it has it all. */
static void shell__call_in_one_byte_writes(void **state)
{
	uint8_t msg[sizeof(struct shell_call) + 8 + 5];
	struct shell_call call = {
		SHELL_CALL_MAGIC, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1), 2
	};
	uint32_t lens[2] = { 5, 5 }, cap = 5;
	struct reply r;
	size_t i;

	(void)state;
	memcpy(msg, &call, sizeof(call));
	memcpy(msg + sizeof(call), lens, 8);
	memcpy(msg + sizeof(call) + 8, "hello", 5);
	for (i = 0; i < sizeof(msg); i++) {
		write_all(shared.to, &msg[i], 1);
		usleep(1000);
	}
	assert_int_equal(recv_reply(shared.from, &r, &cap, 1), 0);
	assert_int_equal(r.len[0], 5);
	assert_memory_equal(r.data[0], "hello", 5);
	reply_free(&r);
}

/* Answers AEE_EBADPARM, then the exit status; for calls that lose the framing. */
static int lost_framing_status(uint32_t magic, uint32_t sc, uint32_t nbufs)
{
	struct shell sh = shell_start();
	struct shell_reply head;

	send_header(sh.to, magic, LAB_SKEL_HANDLE, sc, nbufs);
	assert_int_equal(read_all(sh.from, &head, sizeof(head)), sizeof(head));
	assert_int_equal(head.magic, SHELL_REPLY_MAGIC);
	assert_int_equal(head.retval, EBADPARM);
	assert_int_equal(head.nout, 0);
	return shell_finish(&sh);
}

static void shell__bad_magic_answers_ebadparm_and_exits_2(void **state)
{
	(void)state;
	assert_int_equal(lost_framing_status(0x12345678, SC_MAKE(LAB_METHOD_NULL, 0, 0), 0), 2);
}

static void shell__nbufs_not_matching_sc_answers_ebadparm_and_exits_2(void **state)
{
	(void)state;
	assert_int_equal(lost_framing_status(SHELL_CALL_MAGIC, SC_MAKE(LAB_METHOD_ECHO, 1, 1), 1),
			 2);
	assert_int_equal(lost_framing_status(SHELL_CALL_MAGIC, SC_MAKE(LAB_METHOD_NULL, 0, 0),
					     SHELL_MAX_BUFS + 1), 2);
}

static void shell__eof_exits_0(void **state)
{
	struct shell sh = shell_start();

	(void)state;
	assert_int_equal(shell_finish(&sh), 0);
}

static void shell__eof_inside_a_header_exits_1(void **state)
{
	struct shell sh = shell_start();
	uint32_t magic = SHELL_CALL_MAGIC;

	(void)state;
	write_all(sh.to, &magic, sizeof(magic));
	assert_int_equal(shell_finish(&sh), 1);
}

static void shell__eof_inside_input_bytes_exits_1(void **state)
{
	struct shell sh = shell_start();
	uint32_t lens[2] = { 100, 100 };

	(void)state;
	send_header(sh.to, SHELL_CALL_MAGIC, LAB_SKEL_HANDLE, SC_MAKE(LAB_METHOD_ECHO, 1, 1), 2);
	write_all(sh.to, lens, sizeof(lens));
	write_all(sh.to, "only ten..", 10);
	assert_int_equal(shell_finish(&sh), 1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest shared_shell[] = {
		cmocka_unit_test(lab_null__returns_zero),
		cmocka_unit_test(lab_null__with_a_buffer_is_ebadparm),
		cmocka_unit_test(lab_echo__0_bytes),
		cmocka_unit_test(lab_echo__1_byte),
		cmocka_unit_test(lab_echo__4096_bytes),
		cmocka_unit_test(lab_echo__100000_bytes),
		cmocka_unit_test(lab_echo__16_mib),
		cmocka_unit_test(lab_echo__short_output_gets_what_fits),
		cmocka_unit_test(lab_echo__long_output_gets_the_input),
		cmocka_unit_test(lab_echo__two_inputs_is_ebadparm),
		cmocka_unit_test(lab_echo__in_handle_in_sc_is_ebadparm),
		cmocka_unit_test(lab_sum__one_mib_of_counting),
		cmocka_unit_test(lab_sum__carries_past_32_bits),
		cmocka_unit_test(lab_sum__of_nothing_is_zero),
		cmocka_unit_test(lab_sum__ragged_input_is_ebadparm),
		cmocka_unit_test(lab_sum__short_output_is_ebadparm),
		cmocka_unit_test(lab_sleep__50ms_takes_50ms),
		cmocka_unit_test(lab_sleep__wrong_size_is_ebadparm),
		cmocka_unit_test(lab_sleep__with_an_output_is_ebadparm),
		cmocka_unit_test(lab__unknown_methods_are_eunsupported),
		cmocka_unit_test(remotectl_open__lab_returns_its_handle),
		cmocka_unit_test(remotectl_open__unknown_name_is_enosuchmod),
		cmocka_unit_test(remotectl_open__unterminated_name_is_ebadparm),
		cmocka_unit_test(remotectl_close__lab_returns_zero),
		cmocka_unit_test(remotectl__unknown_method_is_eunsupported),
		cmocka_unit_test(shell__unknown_handle_is_ebadparm),
		cmocka_unit_test(shell__output_over_the_limit_is_ebadparm),
		cmocka_unit_test(shell__input_over_the_limit_is_ebadparm),
		cmocka_unit_test(shell__call_too_big_for_memory_is_enomemory),
		cmocka_unit_test(shell__pipelined_calls_are_answered_in_order),
		cmocka_unit_test(shell__call_in_one_byte_writes),
	};
	const struct CMUnitTest own_shell[] = {
		cmocka_unit_test(shell__bad_magic_answers_ebadparm_and_exits_2),
		cmocka_unit_test(shell__nbufs_not_matching_sc_answers_ebadparm_and_exits_2),
		cmocka_unit_test(shell__eof_exits_0),
		cmocka_unit_test(shell__eof_inside_a_header_exits_1),
		cmocka_unit_test(shell__eof_inside_input_bytes_exits_1),
	};
	int failed;

	if (argc != 3) {
		fprintf(stderr, "usage: %s QEMU SHELL\n", argv[0]);
		return 2;
	}
	qemu_path = argv[1];
	shell_path = argv[2];
	if (access(qemu_path, X_OK)) {
		printf("hexagon_shell: cannot run %s (%s): skipped\n", qemu_path, strerror(errno));
		return EXIT_SKIP;
	}
	/* A shell that dies must fail an assertion, not kill the test with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	failed = cmocka_run_group_tests_name("hexagon shell, one process", shared_shell,
					     group_setup, group_teardown);
	failed += cmocka_run_group_tests_name("hexagon shell, own processes", own_shell,
					      NULL, NULL);
	return failed ? 1 : 0;
}
