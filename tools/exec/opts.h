/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QEMU's key=value option lists as exec reads them (-device, -machine,
 * -nic, -net, -global values): read only, never rewritten.
 */
#ifndef ROMRESOLVE_EXEC_OPTS_H
#define ROMRESOLVE_EXEC_OPTS_H

#include <glib.h>

/* Split at single commas (",," is a literal comma): a new array of new
 * strings, at least one (the empty value gives one empty part). */
GPtrArray *exec_opts_split(const char *value);

/* The machine type a -machine value names ("pc,accel=tcg", "type=q35"), or
 * NULL when it names none. */
char *exec_opts_machine(const char *value);

/* The NIC model a -nic value ("user,model=e1000") or a -net value
 * ("nic,model=e1000": @net, whose first part must be "nic") asks for; the
 * last model= counts, "virtio" is virtio-net-pci (QEMU's pci_nic_init).
 * NULL when it asks for none. */
char *exec_opts_nic_model(const char *value, gboolean net);

/* The driver a -global value names ("drv.prop=v", "driver=drv,..."), or
 * NULL. */
char *exec_opts_global_driver(const char *value);

#endif
