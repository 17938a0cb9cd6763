/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The FastRPC scalars word, as it travels in struct shell_call: bits 31..29
 * attributes, 28..24 method, 23..16 input buffers, 15..8 output buffers,
 * 7..4 input handles, 3..0 output handles.  Shared by the shell and its
 * host-side test; needs only <stdint.h>.
 */
#ifndef SCALARS_H
#define SCALARS_H

#include <stdint.h>

#define SC_METHOD(sc)		(((sc) >> 24) & 0x1fu)
#define SC_INBUFS(sc)		(((sc) >> 16) & 0xffu)
#define SC_OUTBUFS(sc)		(((sc) >> 8) & 0xffu)
#define SC_INHANDLES(sc)	(((sc) >> 4) & 0x0fu)
#define SC_OUTHANDLES(sc)	((sc) & 0x0fu)
/* Everything but the method and the attributes. */
#define SC_COUNTS(sc)		((sc) & 0x00ffffffu)

#define SC_MAKE(method, in, out) \
	((uint32_t)(((method) & 0x1fu) << 24 | ((in) & 0xffu) << 16 | ((out) & 0xffu) << 8))

#endif /* SCALARS_H */
