// SPDX-License-Identifier: GPL-2.0-only
/*
 * A lab helper: a misc device of the name given, so that a test can load
 * the FastRPC driver while one of its legacy node names is taken (as when
 * another driver serves a DSP of the same name) and watch it carry on.
 * The device answers nothing but open and close.
 *
 *   modprobe lab_taken_name name=fastrpc-cdsp
 */

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>

static char *name = "fastrpc-lab";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "the misc device name to take (default fastrpc-lab)");

static const struct file_operations lab_taken_fops = {
	.owner = THIS_MODULE,
};

static struct miscdevice lab_taken_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.fops = &lab_taken_fops,
};

static int __init lab_taken_init(void)
{
	lab_taken_misc.name = name;
	return misc_register(&lab_taken_misc);
}
module_init(lab_taken_init);

static void __exit lab_taken_exit(void)
{
	misc_deregister(&lab_taken_misc);
}
module_exit(lab_taken_exit);

MODULE_DESCRIPTION("Lab helper: a misc device that takes a name");
MODULE_LICENSE("GPL");
