// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * A test skeleton for the loader's init and fini: linked with
 * -init=initfini_init (DT_INIT) and holding a destructor (DT_FINI_ARRAY,
 * an R_HEX_32 relocation against it).  Clang 14 drops constructors for
 * Hexagon, hence -init.  Method 2 answers {u32 inits, u32 the word its data
 * pointer reaches}; init and fini each log a line.
 */
#include <stdint.h>

typedef union {
	struct {
		void *pv;
		uint32_t nLen;
	} buf;
	uint64_t h64;
} remote_arg;

void HAP_debug_v2(int level, const char *file, int line, const char *format, ...);
int initfini_skel_invoke(uint32_t sc, remote_arg *pra);
void initfini_init(void);

static uint32_t inits;
static uint32_t target = 0x5eed;
/* A data pointer: an R_HEX_RELATIVE word or a GOT entry to relocate. */
uint32_t *volatile pointer = &target;

void initfini_init(void)
{
	inits++;
	HAP_debug_v2(1, __FILE__, __LINE__, "initfini: init %u", inits);
}

__attribute__((destructor)) static void initfini_fini(void)
{
	HAP_debug_v2(1, __FILE__, __LINE__, "initfini: fini after %u inits", inits);
}

int initfini_skel_invoke(uint32_t sc, remote_arg *pra)
{
	uint8_t *out;

	if (sc != 0x02000100u || pra[0].buf.nLen != 8)
		return (int)0x8000040eu;
	out = pra[0].buf.pv;
	out[0] = (uint8_t)inits;
	out[1] = (uint8_t)(inits >> 8);
	out[2] = (uint8_t)(inits >> 16);
	out[3] = (uint8_t)(inits >> 24);
	out[4] = (uint8_t)*pointer;
	out[5] = (uint8_t)(*pointer >> 8);
	out[6] = 0;
	out[7] = 0;
	return 0;
}
