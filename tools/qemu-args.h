/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading a QEMU command line for `romresolve exec`, and the arguments exec
 * adds to it. Nothing here runs QEMU or touches the disk: what the binary
 * says of itself (-help, -device help, -machine help) comes in as text, so
 * unit tests and fuzzers feed it directly.
 */
#ifndef ROMRESOLVE_QEMU_ARGS_H
#define ROMRESOLVE_QEMU_ARGS_H

#include <romresolve.h>

/* Bounds on what exec reads: a QEMU's own help texts, and one -device value
 * it looks into (JSON nesting, bytes). Longer or deeper values are passed to
 * QEMU untouched and not looked into. */
#define QEMU_HELP_MAX	    (4 * 1024 * 1024)
#define QEMU_DEVICE_MAX	    (64 * 1024)
#define QEMU_JSON_DEPTH_MAX 32

/* ---- the binary's option table (`QEMU -help`) ---- */

typedef struct QemuOptions QemuOptions;

typedef enum {
	QEMU_OPTION_UNKNOWN, /* not in the table: probe the binary */
	QEMU_OPTION_FLAG,    /* takes no argument */
	QEMU_OPTION_ARG,     /* takes one argument */
	QEMU_OPTION_INVALID, /* the binary refuses it (it will refuse the start) */
} QemuOptionKind;

QemuOptions *qemu_options_new(void);
/* Read the option lines of `QEMU -help`: "-name", "-name ARG   text",
 * "-a/-b file", "-h or -help", "--preconfig". An argument is what stands
 * between the name and the description column (16): "-usb            enable"
 * and "-xen-domid-restrict     restrict" take none, "-dtb    file    use"
 * and "-seed number       seed" take one. */
QemuOptions *qemu_options_parse_help(const char *help_text);
/* The cache form, one "NAME KIND" line per option (KIND 1 flag, 2 arg, 3
 * invalid); FALSE for anything else. */
QemuOptions *qemu_options_parse_table(const char *table);
char *qemu_options_to_table(const QemuOptions *opts);
void qemu_options_set(QemuOptions *opts, const char *name, QemuOptionKind kind);
QemuOptionKind qemu_options_get(const QemuOptions *opts, const char *name);
guint qemu_options_size(const QemuOptions *opts);
void qemu_options_free(QemuOptions *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuOptions, qemu_options_free)

/* What `QEMU -version -NAME` says of an option the table lacks (hidden
 * options such as -M, -hdb): "requires an argument", "invalid option" or
 * "not supported for this target", or, for a flag, the version. */
QemuOptionKind qemu_options_kind_from_probe(gboolean exited_ok, const char *err_text);

/* "-device" and "--device" -> "device"; NULL for a non-option. */
const char *qemu_option_name(const char *arg);

/* ---- `QEMU -machine help`, `QEMU -device help` ---- */

/* `-machine help`, read in place when asked. */
typedef struct QemuMachines QemuMachines;

QemuMachines *qemu_machines_parse(const char *help_text);
/* The same, taking @help_text (g_free'd with @m). */
QemuMachines *qemu_machines_parse_owned(char *help_text);
/* A machine type (or alias) the binary lists. */
gboolean qemu_machines_has(const QemuMachines *m, const char *name);
/* What the alias @name stands for ("alias of X", its last line), or NULL. */
char *qemu_machines_alias(const QemuMachines *m, const char *name);
/* The type marked "(default)" (its first line), or NULL. */
char *qemu_machines_default(const QemuMachines *m);
void qemu_machines_free(QemuMachines *m);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuMachines, qemu_machines_free)

/* The device types (name "X") of `-device help`, and their aliases. */
typedef struct QemuDevices QemuDevices;

QemuDevices *qemu_devices_parse(const char *help_text);
/* The same, taking @help_text (g_free'd with @d; names are cut in it). */
QemuDevices *qemu_devices_parse_owned(char *help_text);
/* The cache form: a header line ("romresolve-devices 2"), the types sorted
 * one a line, an empty line, then one ALIAS"TYPE line per alias, sorted by
 * alias. NULL for anything else (unsorted, a name twice, an alias that is
 * a type or of no type, ...). */
char *qemu_devices_to_table(const QemuDevices *d);
QemuDevices *qemu_devices_parse_table(const char *table);
QemuDevices *qemu_devices_parse_table_owned(char *table);
/* A type (not an alias) of the binary. */
gboolean qemu_devices_has_type(const QemuDevices *d, const char *name);
/* The type @name is: itself for a type, the type it is the alias of (the
 * first line that gives it), NULL for neither. Points into @d. */
const char *qemu_devices_lookup(const QemuDevices *d, const char *name);
void qemu_devices_free(QemuDevices *d);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuDevices, qemu_devices_free)

/* "qemu-system-x86_64" (any directory) -> "x86_64"; NULL if not that form. */
char *qemu_target_from_binary(const char *binary);

/* ---- the command line ---- */

/* A -device value: its driver and whether romfile is set. JSON values
 * ("{...}") and key=value lists ("e1000,id=n0") both; read only, never
 * rewritten. */
typedef struct {
	char *driver;
	gboolean json;
	gboolean has_romfile;
	gboolean has_romsize;
} QemuDevice;

gboolean qemu_device_parse(const char *value, QemuDevice *dev, GError **error);
void qemu_device_clear(QemuDevice *dev);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(QemuDevice, qemu_device_clear)

/* The machine type a -machine value names ("pc,accel=tcg", "type=q35"), or
 * NULL when it names none. */
char *qemu_machine_from_option(const char *value);

/* What argv asks of QEMU, read with the binary's own option table. */
typedef struct {
	char *machine;		  /* as written (alias or not), NULL: QEMU's default */
	gboolean no_user_config;  /* -no-user-config */
	gboolean default_vga_off; /* the machine's default VGA is not made */
	GPtrArray *devices;	  /* the -device values, in order */
	GPtrArray *nic_models;	  /* model= of -nic and -net nic */
	GPtrArray *unknown;	  /* options the table lacks: probe, then scan again */
} QemuScan;

/* Walk argv (argv[0] is the binary) with @opts. A value `help` is a value
 * like any other: it changes nothing for the other options. Returns FALSE
 * when scan->unknown is not empty (the parse after an unknown option cannot
 * be trusted). */
gboolean qemu_args_scan(char *const *argv, const QemuOptions *opts, QemuScan *scan);
void qemu_scan_clear(QemuScan *scan);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(QemuScan, qemu_scan_clear)

/* The concrete machine type: scan's (or the binary's default), aliases
 * resolved; NULL when neither says. */
char *qemu_machine_resolve(const char *machine, const QemuMachines *machines);

/*
 * The -global arguments (pairs "-global", "DRIVER.romfile=PATH") for every
 * ROM-carrying device of the device table that @devices (the binary's
 * `-device help`) knows: its resolved ROM, "DRIVER.romsize=N" when pinned,
 * "DRIVER.romfile=" when a no-rom rule says the guest gets none. A device
 * whose table entry is "" for this machine (a compat property, e.g. vmxnet3
 * on pc-*-2.6) gets nothing: QEMU's own compat property stays.
 *
 * QEMU turns the machine's default VGA off when a -global names a display
 * driver of its default list (vl.c default_driver_check): VGA, qxl-vga and
 * the virtio-vga family get theirs through their QOM parent type (pci-vga,
 * pci-qxl, virtio-vga-base; the secondary types under those parents get
 * their own entry after it); cirrus-vga, vmware-svga and ati-vga, whose
 * parent is every PCI device, only when the command line turns the default
 * VGA off anyway. A ROM that
 * does not resolve gets a romfile under /dev/null/, which can never exist,
 * whose name says why: any device of that type then fails to start or to
 * hot-plug with that message, and QEMU's own lookup is never reached.
 *
 * @globals gets pointers it does not own (give it no free function): the
 * values are in @strings, "-global" is a constant.
 *
 * Devices the command line names (-device, -nic/-net nic model=) whose ROM
 * does not resolve and that carry no romfile of their own: FALSE with the
 * error (the start stops before QEMU runs).
 */
gboolean qemu_args_globals(RomresolveContext *ctx, const char *arch, const char *machine,
			   const QemuDevices *devices, const QemuScan *scan, GPtrArray *globals,
			   GStringChunk *strings, GError **error);

/* argv[0], then @globals (NULL: none), then argv[1..] byte for byte: the
 * user's own -global and -device properties, which come later, win. One
 * allocation, pointers and strings: free it with g_free. */
char **qemu_args_rewrite(char *const *argv, GPtrArray *globals);

#endif
