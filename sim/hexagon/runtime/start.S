/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Process entry.  The kernel (or qemu-user) enters here with r29 pointing
 * at argc, followed by the argv pointers, a NULL, then envp.  Call
 * main(argc, argv) on an 8-byte aligned stack, as the ABI asks, and exit
 * with its return value.
 */
	.text
	.globl	_start
	.type	_start, @function
	.p2align 4
_start:
	{
		r0 = memw(r29 + #0)
		r1 = add(r29, #4)
	}
	r29 = and(r29, #-8)
	/* A zero frame pointer and link register end any backtrace here. */
	{
		r30 = #0
		r31 = #0
	}
	call	main
	call	rt_exit
	.size	_start, . - _start

	.section .note.GNU-stack, "", @progbits
