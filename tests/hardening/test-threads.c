/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * One context shared by 8 reader threads while another thread keeps loading a
 * new one and swapping it in, as a long-running caller (libvirt, a daemon)
 * reloads its configuration:
 *
 *   readers: lock; ctx = ref(current); unlock; look up; unref(ctx)
 *   swapper: new = load(); lock; old = current; current = new; unlock; unref(old)
 *
 * Two fake hosts, A and B, give different answers to the same questions; the
 * swapper alternates between them. Every answer must be exactly the one the
 * context's own host gives (found: the path, the size, and an fd open on that
 * file; not found or rejected: the error), never a mix. Plain pthreads, so
 * that helgrind sees every synchronisation.
 *
 *   test-threads [LOOKUPS_PER_READER [SWAPS]]
 */
#include <romresolve.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define N_READERS 8
#define K	  1024

static const struct {
	const char *name;
	RomresolveLookupKind kind;
} queries[] = {
    {"x.rom", ROMRESOLVE_LOOKUP_ROM},	     /* A: a/x.rom; B: b/x.rom */
    {"x.rom", ROMRESOLVE_LOOKUP_FIRMWARE},   /* the same */
    {"big.bin", ROMRESOLVE_LOOKUP_FIRMWARE}, /* a/big.bin in both */
    {"big.bin", ROMRESOLVE_LOOKUP_ROM},	     /* rejected: over the ceiling */
    {"nothing.rom", ROMRESOLVE_LOOKUP_ROM},  /* not found */
    {"nothing.rom", ROMRESOLVE_LOOKUP_FIRMWARE},
};
#define N_QUERIES G_N_ELEMENTS(queries)

/* What a host answers: a path and size, or an error message. */
typedef struct {
	char *path;
	uint64_t size;
	ino_t ino;
	char *error;
} Answer;

typedef struct {
	char *root;
	Answer answers[N_QUERIES];
} Host;

static Host hosts[2];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static RomresolveContext *current; /* under lock */
static unsigned swaps_done;	   /* under lock */
static unsigned readers_done;	   /* under lock */
static unsigned failures;	   /* under lock */
static unsigned answered[2];	   /* under lock: answers per host */
static unsigned lookups_per_reader = 2000;
static unsigned swaps = 200;

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "test-threads: %s: %s\n", what, detail);
	exit(1);
}

static void write_file(const char *root, const char *rel, const char *data, gsize len)
{
	g_autofree char *path = g_build_filename(root, rel, NULL);
	g_autofree char *dir = g_path_get_dirname(path);
	g_autoptr(GError) error = NULL;

	if (g_mkdir_with_parents(dir, 0755) < 0)
		die("mkdir", dir);
	if (!g_file_set_contents(path, data, (gssize)len, &error))
		die("write", error->message);
	chmod(path, 0644);
}

static void write_rom(const char *root, const char *rel, gsize size)
{
	g_autofree char *data = g_malloc0(size);

	data[0] = 0x55;
	data[1] = (char)0xaa;
	write_file(root, rel, data, size);
}

static void make_host(Host *h, const char *conf)
{
	g_autoptr(GError) error = NULL;

	h->root = g_dir_make_tmp("romresolve-threads-XXXXXX", &error);
	if (!h->root)
		die("mkdtemp", error->message);
	chmod(h->root, 0755);
	write_file(h->root, "etc/qemu/romresolve.d/50-test.conf", conf, strlen(conf));
	write_rom(h->root, "a/x.rom", 100 * K);
	write_rom(h->root, "b/x.rom", 200 * K);
	write_rom(h->root, "a/big.bin", 300 * K);
}

static void ask(RomresolveContext *ctx, size_t q, Answer *a)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(RomresolveResult) r = romresolve_context_resolve(
	    ctx, queries[q].name, "x86_64", "pc-q35-7.2", queries[q].kind, &error);
	struct stat st;

	memset(a, 0, sizeof(*a));
	if (!r) {
		a->error = g_strdup(error->message);
		return;
	}
	a->path = g_strdup(romresolve_result_get_path(r));
	a->size = romresolve_result_get_size(r);
	/* The fd is open on the file measured. */
	if (fstat(romresolve_result_get_fd(r), &st) < 0 || (uint64_t)st.st_size != a->size)
		a->size = UINT64_MAX;
	else
		a->ino = st.st_ino;
}

static gboolean same(const Answer *a, const Answer *b)
{
	return g_strcmp0(a->path, b->path) == 0 && g_strcmp0(a->error, b->error) == 0 &&
	       a->size == b->size && a->ino == b->ino;
}

static void answer_clear(Answer *a)
{
	g_free(a->path);
	g_free(a->error);
}

static int host_of(RomresolveContext *ctx)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(romresolve_context_get_root(ctx), hosts[i].root) == 0)
			return i;
	return -1;
}

static void *reader(void *arg)
{
	unsigned id = GPOINTER_TO_UINT(arg);

	for (unsigned n = 0;; n++) {
		RomresolveContext *ctx;
		size_t q = (n + id) % N_QUERIES;
		Answer got;
		int h;
		gboolean done;

		pthread_mutex_lock(&lock);
		ctx = romresolve_context_ref(current);
		done = swaps_done >= swaps && n >= lookups_per_reader;
		readers_done += done;
		pthread_mutex_unlock(&lock);
		if (done) {
			romresolve_context_unref(ctx);
			return NULL;
		}
		ask(ctx, q, &got);
		h = host_of(ctx);
		romresolve_context_unref(ctx);

		pthread_mutex_lock(&lock);
		if (h < 0 || !same(&got, &hosts[h].answers[q])) {
			if (failures++ < 10)
				fprintf(
				    stderr,
				    "reader %u: %s (%s lookup) on host %d: got %s%s, size "
				    "%" G_GUINT64_FORMAT "\n",
				    id, queries[q].name,
				    queries[q].kind == ROMRESOLVE_LOOKUP_ROM ? "rom" : "firmware",
				    h, got.path ? got.path : "error: ", got.error ? got.error : "",
				    got.size);
		} else {
			answered[h]++;
		}
		pthread_mutex_unlock(&lock);
		answer_clear(&got);
	}
}

/* At least @swaps swaps, and on until every reader is done. */
static void *swapper(void *arg)
{
	for (unsigned i = 0;; i++) {
		g_autoptr(GError) error = NULL;
		RomresolveContext *fresh = romresolve_context_new(hosts[i % 2].root, NULL, &error);
		RomresolveContext *old;
		gboolean done;

		if (!fresh)
			die("load", error->message);
		pthread_mutex_lock(&lock);
		old = current;
		current = fresh;
		swaps_done = i + 1;
		done = swaps_done >= swaps && readers_done == N_READERS;
		pthread_mutex_unlock(&lock);
		romresolve_context_unref(old);
		if (done)
			return arg;
	}
}

static void remove_tree(const char *path)
{
	g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
	const char *name;

	while (d && (name = g_dir_read_name(d))) {
		g_autofree char *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR))
			remove_tree(child);
		else
			remove(child);
	}
	remove(path);
}

int main(int argc, char **argv)
{
	pthread_t readers[N_READERS], swap;

	if (argc > 1)
		lookups_per_reader = (unsigned)atoi(argv[1]);
	if (argc > 2)
		swaps = (unsigned)atoi(argv[2]);
	umask(022);
	/* A searches a (256K) then b (512K); B searches b then a. */
	make_host(&hosts[0], "[dir /a]\npriority = 10\n[dir /b]\npriority = 20\nmax-size = 512K\n");
	make_host(&hosts[1], "[dir /a]\npriority = 30\n[dir /b]\npriority = 20\nmax-size = 512K\n");

	/* The answers, single-threaded. */
	for (int h = 0; h < 2; h++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(RomresolveContext) ctx =
		    romresolve_context_new(hosts[h].root, NULL, &error);

		if (!ctx)
			die("load", error->message);
		for (size_t q = 0; q < N_QUERIES; q++)
			ask(ctx, q, &hosts[h].answers[q]);
	}
	if (same(&hosts[0].answers[0], &hosts[1].answers[0]) || !hosts[0].answers[0].path ||
	    !hosts[0].answers[3].error || !hosts[0].answers[4].error)
		die("setup", "the two hosts do not answer as designed");

	current = romresolve_context_new(hosts[0].root, NULL, NULL);
	pthread_create(&swap, NULL, swapper, NULL);
	for (unsigned i = 0; i < N_READERS; i++)
		pthread_create(&readers[i], NULL, reader, GUINT_TO_POINTER(i));
	pthread_join(swap, NULL);
	for (unsigned i = 0; i < N_READERS; i++)
		pthread_join(readers[i], NULL);
	romresolve_context_unref(current);

	printf("%u readers, %u swaps: %u answers from host A, %u from host B, %u wrong\n",
	       N_READERS, swaps_done, answered[0], answered[1], failures);
	for (int h = 0; h < 2; h++) {
		for (size_t q = 0; q < N_QUERIES; q++)
			answer_clear(&hosts[h].answers[q]);
		remove_tree(hosts[h].root);
		g_free(hosts[h].root);
	}
	return failures ? 1 : 0;
}
