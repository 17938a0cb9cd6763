/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vdsp_edge internals: one struct edge_domain per virtual DSP, shared by the
 * device-tree, RPMsg and character-device parts of the module.
 */
#ifndef VDSP_EDGE_INTERNAL_H
#define VDSP_EDGE_INTERNAL_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

struct address_space;
struct device_node;
struct page;
struct platform_device;
struct rpmsg_device;
struct edge_ept;

#define EDGE_NAME_MAX	24
/* qcom,vmids a domain's node may carry (the drivers take up to 16). */
#define EDGE_MAX_VMIDS	4

/*
 * The virtual SMMU's stream id of bank @reg of the domain at @index in the
 * edge's list: unique over all domains, as a board's stream ids are.
 */
#define EDGE_SMMU_SID(index, reg)	((((index) + 1) << 8) | (reg))

/**
 * struct edge_domain - one virtual DSP
 * @name: domain name, the node's label ("cdsp").
 * @index: its place in the edge's list of domains (for stream ids).
 * @smmu: its banks are behind the virtual SMMU; DSP addresses are IOVAs.
 * @smmu_faults: SMMU context faults reported for its banks.
 * @devname: misc device name ("vdsp-cdsp").
 * @secure: the node lacks qcom,non-secure-domain.
 * @vmids: its qcom,vmids, when @nvmids is not 0.
 * @nvmids: entries in @vmids.
 * @nsessions: qcom,nsessions of each of its context banks.
 * @heap: the carveout standing for the board's remote heap, or NULL.
 * @heap_phys: its physical address (below 4 GiB).
 * @heap_size: its size.
 * @edge_np: the node standing for the GLINK edge (/vdsp-edge-<name>).
 * @fastrpc_np: its "qcom,fastrpc" child, the RPMsg device's of_node.
 * @heap_np: the carveout's node, a child of @edge_np, when @heap is set.
 * @edge_pdev: platform device the OF core made for @edge_np; parent of the
 *	RPMsg device, as a GLINK edge device is on a board.
 * @misc: /dev/vdsp-<name>.
 * @misc_registered: @misc is registered.
 * @state_lock: serialises up/down; protects @up and @rpdev.
 * @up: the domain's RPMsg device is registered.
 * @rpdev: the registered RPMsg device, NULL when down.
 * @map_sem: faults on DSP memory hold it for reading; "down" takes it for
 *	writing once, so no fault that saw the old generation is still
 *	inserting pages when the mappings are zapped.
 * @open_lock: protects @mapping (misc_open holds misc_mtx, which a
 *	driver's remove takes under @state_lock: open cannot take that).
 * @mapping: address space of the open character device, NULL when closed;
 *	its mappings of DSP memory are zapped when the domain goes down.
 * @lock: protects everything below.
 * @link: messages flow (false from the start of "down" to the next "up").
 * @ept: the endpoint the bound driver created, if any.
 * @events: queued struct edge_event, oldest first.
 * @nmsgs: MSG events in @events.
 * @gen: bumped on every "down"; MSG events and mappings of an older
 *	generation are stale.
 * @readq: readers wait here for events.
 * @sendq: senders wait here for room in the queue.
 * @read_lock: one reader at a time.
 */
struct edge_domain {
	const char *name;
	unsigned int index;
	bool smmu;
	atomic_t smmu_faults;
	char devname[EDGE_NAME_MAX];
	bool secure;
	u32 vmids[EDGE_MAX_VMIDS];
	unsigned int nvmids;
	unsigned int nsessions;
	struct page *heap;
	phys_addr_t heap_phys;
	size_t heap_size;
	struct device_node *edge_np;
	struct device_node *fastrpc_np;
	struct device_node *heap_np;
	struct platform_device *edge_pdev;
	struct miscdevice misc;
	bool misc_registered;

	struct mutex state_lock;	/* up/down; @up, @rpdev */
	bool up;
	struct rpmsg_device *rpdev;
	struct rw_semaphore map_sem;	/* faults vs. zap */
	struct mutex open_lock;		/* @mapping */
	struct address_space *mapping;

	spinlock_t lock;		/* @link .. @gen */
	bool link;
	struct edge_ept *ept;
	struct list_head events;
	unsigned int nmsgs;
	unsigned long gen;
	wait_queue_head_t readq;
	wait_queue_head_t sendq;
	struct mutex read_lock;		/* one reader at a time */
};

/**
 * struct edge_event - one queued event
 * @node: entry in edge_domain.events.
 * @gen: edge_domain.gen when queued.
 * @type: VDSP_EDGE_EV_*.
 * @len: bytes in @data.
 * @data: the message.
 */
struct edge_event {
	struct list_head node;
	unsigned long gen;
	u32 type;
	u32 len;
	u8 data[];
};

extern unsigned int edge_max_queued;

/* edge_main.c */
int edge_domain_set_up(struct edge_domain *dom);
int edge_domain_set_down(struct edge_domain *dom);

/* edge_of.c */
int edge_of_create(struct edge_domain *doms, unsigned int ndoms,
		   unsigned int cbs, bool smmu, size_t heap_size);
void edge_of_destroy(struct edge_domain *doms, unsigned int ndoms);

/* edge_rpmsg.c */
int edge_rpmsg_register(struct edge_domain *dom);
void edge_rpmsg_unregister(struct edge_domain *dom);
int edge_rpmsg_deliver(struct edge_domain *dom, void *data, int len);
void edge_rpmsg_wait_released(void);

/* edge_cdev.c */
void edge_queue_init(struct edge_domain *dom);
int edge_queue_msg(struct edge_domain *dom, const void *data, int len,
		   bool may_wait);
struct edge_event *edge_event_alloc(u32 type);
void edge_queue_link(struct edge_domain *dom, struct edge_event *ev,
		     bool link);
void edge_queue_purge(struct edge_domain *dom);
void edge_cdev_zap(struct edge_domain *dom);
void edge_cdev_zap_range(struct edge_domain *dom, u64 addr, u64 len);
int edge_cdev_register(struct edge_domain *dom);
void edge_cdev_unregister(struct edge_domain *dom);

/* edge_smmu.c */
int edge_smmu_register(struct device_node *np, struct edge_domain *doms,
		       unsigned int ndoms);
void edge_smmu_unregister(void);
int edge_smmu_translate(struct edge_domain *dom, u32 reg, u64 iova,
			phys_addr_t *phys);
void edge_smmu_fault(struct edge_domain *dom, u32 reg, u64 iova, int err);

#endif /* VDSP_EDGE_INTERNAL_H */
