/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Errors: the DSP's codes by name, and sentences for the library's errnos. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* DSP errors are an AEE code offset into this range. */
#define DSP_ERR_BASE		0x80000400u

/* AEE codes as Qualcomm's open AEEStdErr.h numbers them (DSP side). */
static const char *const aee_names[] = {
	[0x001] = "AEE_EFAILED",
	[0x002] = "AEE_ENOMEMORY",
	[0x003] = "AEE_ECLASSNOTSUPPORT",
	[0x004] = "AEE_EVERSIONNOTSUPPORT",
	[0x005] = "AEE_EALREADYLOADED",
	[0x006] = "AEE_EUNABLETOLOAD",
	[0x007] = "AEE_EUNABLETOUNLOAD",
	[0x008] = "AEE_EALARMPENDING",
	[0x009] = "AEE_EINVALIDTIME",
	[0x00a] = "AEE_EBADCLASS",
	[0x00b] = "AEE_EBADMETRIC",
	[0x00c] = "AEE_EEXPIRED",
	[0x00d] = "AEE_EBADSTATE",
	[0x00e] = "AEE_EBADPARM",
	[0x00f] = "AEE_ESCHEMENOTSUPPORTED",
	[0x010] = "AEE_EBADITEM",
	[0x011] = "AEE_EINVALIDFORMAT",
	[0x012] = "AEE_EINCOMPLETEITEM",
	[0x013] = "AEE_ENOPERSISTMEMORY",
	[0x014] = "AEE_EUNSUPPORTED",
	[0x015] = "AEE_EPRIVLEVEL",
	[0x016] = "AEE_ERESOURCENOTFOUND",
	[0x017] = "AEE_EREENTERED",
	[0x018] = "AEE_EBADTASK",
	[0x019] = "AEE_EALLOCATED",
	[0x01a] = "AEE_EALREADY",
	[0x01b] = "AEE_EADSAUTHBAD",
	[0x01c] = "AEE_ENEEDSERVICEPROG",
	[0x01d] = "AEE_EMEMPTR",
	[0x01e] = "AEE_EHEAP",
	[0x01f] = "AEE_EIDLE",
	[0x020] = "AEE_EITEMBUSY",
	[0x021] = "AEE_EBADSID",
	[0x022] = "AEE_ENOTYPE",
	[0x023] = "AEE_ENEEDMORE",
	[0x024] = "AEE_EADSCAPS",
	[0x025] = "AEE_EBADSHUTDOWN",
	[0x026] = "AEE_EBUFFERTOOSMALL",
	[0x028] = "AEE_EACKPENDING",
	[0x029] = "AEE_ENOTOWNER",
	[0x02a] = "AEE_EINVALIDITEM",
	[0x02b] = "AEE_ENOTALLOWED",
	[0x02c] = "AEE_EINVHANDLE",
	[0x02d] = "AEE_EOUTOFHANDLES",
	[0x02e] = "AEE_EINTERRUPTED",
	[0x02f] = "AEE_ENOMORE",
	[0x030] = "AEE_ECPUEXCEPTION",
	[0x031] = "AEE_EREADONLY",
	[0x032] = "AEE_EINVALIDMSG",
	[0x033] = "AEE_EINVALIDTHREAD",
	[0x034] = "AEE_EINVALIDPROCESS",
	[0x035] = "AEE_EINVALIDFILENAME",
	[0x036] = "AEE_EINVALIDDIGESTSIZE",
	[0x037] = "AEE_EINVALIDSEGS",
	[0x038] = "AEE_EINVALIDSIGNATURE",
	[0x039] = "AEE_EINVALIDDOMAIN",
	[0x03a] = "AEE_EINVALIDFD",
	[0x03b] = "AEE_EINVALIDDEVICE",
	[0x03c] = "AEE_EINVALIDMODE",
	[0x03d] = "AEE_EINVALIDPROCNAME",
	[0x03e] = "AEE_ENOSUCHMOD",
	[0x03f] = "AEE_ENOSUCHINSTANCE",
	[0x040] = "AEE_ENOSUCHTHREAD",
	[0x041] = "AEE_ENOSUCHPROCESS",
	[0x042] = "AEE_ENOSUCHSYMBOL",
	[0x043] = "AEE_ENOSUCHDEVICE",
	[0x044] = "AEE_ENOSUCHPROP",
	[0x045] = "AEE_ENOSUCHFILE",
	[0x046] = "AEE_ENOSUCHHANDLE",
	[0x047] = "AEE_ENOSUCHSTREAM",
	[0x048] = "AEE_ENOSUCHMAP",
	[0x049] = "AEE_ENOSUCHREGISTER",
	[0x04a] = "AEE_ENOSUCHCLIENT",
	[0x04b] = "AEE_EBADDOMAIN",
	[0x04c] = "AEE_EBADOFFSET",
	[0x04d] = "AEE_EBADSIZE",
	[0x04e] = "AEE_EBADPERMS",
	[0x04f] = "AEE_EBADFD",
	[0x050] = "AEE_EBADPID",
	[0x051] = "AEE_EBADTID",
	[0x052] = "AEE_EBADELF",
	[0x053] = "AEE_EBADASID",
	[0x054] = "AEE_EBADCONTEXT",
	[0x055] = "AEE_EBADMEMALIGN",
	[0x056] = "AEE_EIOCTL",
	[0x057] = "AEE_EFOPEN",
	[0x058] = "AEE_EFGETS",
	[0x059] = "AEE_EFFLUSH",
	[0x05a] = "AEE_EFCLOSE",
	[0x05b] = "AEE_EEOF",
	[0x05c] = "AEE_EFREAD",
	[0x05d] = "AEE_EFWRITE",
	[0x05e] = "AEE_EFGETPOS",
	[0x05f] = "AEE_EFSETPOS",
	[0x060] = "AEE_EFTELL",
	[0x061] = "AEE_EFSEEK",
	[0x062] = "AEE_EFLEN",
	[0x063] = "AEE_EGETENV",
	[0x064] = "AEE_ESETENV",
	[0x065] = "AEE_EMMAP",
	[0x066] = "AEE_EIONMAP",
	[0x067] = "AEE_EIONALLOC",
	[0x068] = "AEE_ENORPCMEMORY",
	[0x069] = "AEE_ENOROOTOFTRUST",
	[0x06a] = "AEE_ENOTLOCKED",
	[0x06b] = "AEE_ENOTINITIALIZED",
	[0x06c] = "AEE_EUNSUPPORTEDAPI",
	[0x06d] = "AEE_EUNPACK",
	[0x06e] = "AEE_EPOLL",
	[0x06f] = "AEE_EEVENTREAD",
	[0x070] = "AEE_EMAXBUFS",
	[0x071] = "AEE_EINVARGS",
	[0x072] = "AEE_ECONNREFUSED",
	[0x081] = "AEE_EUNSIGNEDMOD",
	[0x082] = "AEE_EINVALIDHASH",
	[0x083] = "AEE_EBADVA",
	[0x084] = "AEE_ENOSUCHJOB",
	[0x085] = "AEE_EBADMAPREFCNT",
	[0x086] = "AEE_EBADPAGECNT",
	[0x087] = "AEE_EMAPALREADYPRESENT",
	[0x088] = "AEE_ENOFREESECTION",
	[0x08a] = "AEE_ENOSESSION",
	[0x200] = "AEE_ERPC",
	[0x201] = "AEE_EFILE",
};

FASTRPC_EXPORT const char *fastrpc_dsp_strerror(int32_t retval)
{
	uint32_t code = (uint32_t)retval - DSP_ERR_BASE;

	if (retval == 0)
		return "success";
	/* retval below the base wraps code to a huge value, out of the table. */
	if (code < ARRAY_SIZE(aee_names) && aee_names[code])
		return aee_names[code];
	return "unknown DSP error";
}

/* What the commonest DSP errors mean to whoever called. */
static const struct {
	uint32_t code;
	const char *meaning;
} aee_meanings[] = {
	{ 0x001, "the method failed" },
	{ 0x002, "the DSP is out of memory" },
	{ 0x00d, "the call is not valid in the DSP process's state" },
	{ 0x00e, "a parameter is not valid for this method" },
	{ 0x014, "the DSP does not support this" },
	{ 0x015, "the process lacks the privilege on the DSP" },
	{ 0x02c, "the remote handle is not open in this process" },
	{ 0x03e, "the DSP has no such module (skeleton)" },
	{ 0x041, "the DSP process is gone" },
	{ 0x045, "the DSP found no such file" },
	{ 0x052, "the DSP refused the ELF" },
	{ 0x072, "the DSP refused the connection" },
	{ 0x081, "the module is unsigned and the process only runs signed code" },
	{ 0x200, "the remote call itself failed" },
};

static const char *aee_meaning(int32_t retval)
{
	uint32_t code = (uint32_t)retval - DSP_ERR_BASE;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aee_meanings); i++)
		if (aee_meanings[i].code == code)
			return aee_meanings[i].meaning;
	return NULL;
}

/* What an errno of this library means for a FastRPC program. */
static const char *errno_meaning(int err)
{
	switch (err) {
	case -ENOENT:
		return "no such FastRPC domain, node or file";
	case -EACCES:
	case -EPERM:
		return "permission denied (the node's group, or the privilege the driver asks for attaches and system processes)";
	case -ENODEV:
		return "the DSP is not there (it went down, or the driver was unbound): open the domain again once it is back";
	case -ECONNRESET:
		return "the DSP went away during the call (it crashed or restarted)";
	case -ECONNREFUSED:
		return "the DSP refused to start the process (a shell it cannot load, or a signed-code rule)";
	case -ENOEXEC:
		return "not a shell ELF a DSP can load";
	case -EFBIG:
		return "the shell is larger than the driver takes";
	case -EBUSY:
		return "busy: the device already holds a session, or no session slot is free";
	case -EXDEV:
		return "the buffer belongs to another device or interface: export it and import it where it is used";
	case -EOPNOTSUPP:
		return "this interface or driver does not support it";
	case -EINTR:
		return "interrupted by a signal (the method may have run on the DSP)";
	case -ETIMEDOUT:
		return "the DSP did not answer in time";
	}
	return NULL;
}

FASTRPC_EXPORT const char *fastrpc_strerror(int err, int32_t retval, char *buf,
					    size_t size)
{
	const char *what;

	if (!buf || !size)
		return buf;
	if (err == -EREMOTEIO) {
		what = aee_meaning(retval);
		snprintf(buf, size, "the method failed on the DSP: %s (0x%08x)%s%s",
			 fastrpc_dsp_strerror(retval), (uint32_t)retval,
			 what ? ", " : "", what ? what : "");
		return buf;
	}
	if (err == 0) {
		snprintf(buf, size, "success");
		return buf;
	}
	what = errno_meaning(err);
	if (what)
		snprintf(buf, size, "%s", what);
	else
		snprintf(buf, size, "%s", strerror(-err));
	return buf;
}
