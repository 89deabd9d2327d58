/* The microbenchmarks: one preview1 call (or one fixed group of calls) per
   iteration, timed inside the guest with clock_time_get so the figure is the
   cost of the call itself, not of starting the process.

   usage: micro MODE BUDGET_MS MAX_ITERS WARMUP_MS

   The loop runs in doubling batches until BUDGET_MS of guest time have passed
   or MAX_ITERS iterations are done, so one program suits a host that answers
   in 50 ns and one that answers in 100 us. BUDGET_MS 0 runs exactly MAX_ITERS
   (the memory workload needs a fixed count). WARMUP_MS of untimed iterations
   come first so the JITs of the engine and of the host have settled.

   The fixture directory is preopened as /data and prepared by the harness:
   read.bin (4 MiB), stat.txt, dir1000/ (1000 empty files), dir200/ (200).
   Raw __wasi_* calls are used throughout so libc buffering never merges or
   splits calls, except in the two modes that time what programs do through
   wasi-libc: clock_gettime(CLOCK_REALTIME), and opendir/readdir/closedir.

   The last line on stdout (stderr for the stdout workload, whose stdout is the
   measured data) is: RESULT mode=M iters=N ns=ELAPSED calls_per_iter=C */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wasi/api.h>

#define MiB (1024u * 1024u)
/* Write workloads rewind every FILE_CAP bytes so the file never outgrows it. */
#define FILE_CAP (1u * MiB)
#define READ_FILE_SIZE (4u * MiB)

static __wasi_fd_t data_fd = (__wasi_fd_t)-1;
static __wasi_fd_t work_fd;
static size_t chunk;
static size_t file_pos;
static unsigned char buf[64 * 1024];
static unsigned char dirbuf[4096];
static unsigned long long sink;

static void die(const char *what, __wasi_errno_t err) {
  fprintf(stderr, "micro: %s failed: errno %d\n", what, err);
  exit(2);
}

static __wasi_timestamp_t now(void) {
  __wasi_timestamp_t t;
  __wasi_errno_t err = __wasi_clock_time_get(__WASI_CLOCKID_MONOTONIC, 1, &t);
  if (err) die("clock_time_get", err);
  return t;
}

static void find_data_preopen(void) {
  for (__wasi_fd_t fd = 3; fd < 64; fd++) {
    __wasi_prestat_t ps;
    if (__wasi_fd_prestat_get(fd, &ps) != 0) continue;
    char name[64];
    size_t len = ps.u.dir.pr_name_len;
    if (len >= sizeof name) continue;
    if (__wasi_fd_prestat_dir_name(fd, (uint8_t *)name, len) != 0) continue;
    name[len] = 0;
    if (strcmp(name, "/data") == 0 || strcmp(name, "data") == 0) {
      data_fd = fd;
      return;
    }
  }
  die("finding the /data preopen", __WASI_ERRNO_NOENT);
}

/* Every right the preopen may hand down, less the write rights on a
   directory, as wasi-libc asks: node:wasi refuses a right outside that set
   and write rights on a directory (EISDIR). */
static __wasi_fd_t open_at(const char *path, __wasi_oflags_t oflags) {
  __wasi_fdstat_t st;
  __wasi_errno_t err = __wasi_fd_fdstat_get(data_fd, &st);
  if (err) die("fd_fdstat_get", err);
  __wasi_rights_t rights = st.fs_rights_inheriting;
  if (oflags & __WASI_OFLAGS_DIRECTORY)
    rights &= ~(__WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_DATASYNC | __WASI_RIGHTS_FD_ALLOCATE |
                __WASI_RIGHTS_FD_FILESTAT_SET_SIZE);
  __wasi_fd_t fd;
  err = __wasi_path_open(data_fd, 0, path, oflags, rights, rights, 0, &fd);
  if (err) die(path, err);
  return fd;
}

static void op_clock(void) { sink += now(); }

static void op_clock_realtime(void) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) die("clock_gettime(CLOCK_REALTIME)", __WASI_ERRNO_INVAL);
  sink += (unsigned long long)ts.tv_nsec;
}

static void op_write_file(void) {
  if (file_pos + chunk > FILE_CAP) {
    __wasi_filesize_t pos;
    __wasi_errno_t err = __wasi_fd_seek(work_fd, 0, __WASI_WHENCE_SET, &pos);
    if (err) die("fd_seek", err);
    file_pos = 0;
  }
  __wasi_ciovec_t iov = {buf, chunk};
  size_t n;
  __wasi_errno_t err = __wasi_fd_write(work_fd, &iov, 1, &n);
  if (err || n != chunk) die("fd_write", err);
  file_pos += n;
}

static void op_read_file(void) {
  if (file_pos + chunk > READ_FILE_SIZE) {
    __wasi_filesize_t pos;
    __wasi_errno_t err = __wasi_fd_seek(work_fd, 0, __WASI_WHENCE_SET, &pos);
    if (err) die("fd_seek", err);
    file_pos = 0;
  }
  __wasi_iovec_t iov = {buf, chunk};
  size_t n;
  __wasi_errno_t err = __wasi_fd_read(work_fd, &iov, 1, &n);
  if (err || n != chunk) die("fd_read", err);
  file_pos += n;
}

static void op_open_close(void) {
  __wasi_fd_t fd;
  __wasi_errno_t err = __wasi_path_open(data_fd, 0, "stat.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  if (err) die("path_open", err);
  err = __wasi_fd_close(fd);
  if (err) die("fd_close", err);
}

static void op_filestat(void) {
  __wasi_filestat_t st;
  __wasi_errno_t err = __wasi_path_filestat_get(data_fd, __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW, "stat.txt", &st);
  if (err) die("path_filestat_get", err);
  sink += st.size;
}

/* One iteration lists the whole directory from cookie 0, as readdir(3) does
   after rewinddir; the entries are counted to prove the listing is complete. */
static void op_readdir(void) {
  __wasi_dircookie_t cookie = 0;
  size_t entries = 0;
  for (;;) {
    size_t used;
    __wasi_errno_t err = __wasi_fd_readdir(work_fd, dirbuf, sizeof dirbuf, cookie, &used);
    if (err) die("fd_readdir", err);
    size_t off = 0;
    while (off + sizeof(__wasi_dirent_t) <= used) {
      __wasi_dirent_t d;
      memcpy(&d, dirbuf + off, sizeof d);
      if (off + sizeof d + d.d_namlen > used) break;
      off += sizeof d + d.d_namlen;
      cookie = d.d_next;
      entries++;
    }
    if (used < sizeof dirbuf) break;
  }
  /* 1000 files, plus . and .. where the implementation lists them */
  if (entries < 1000 || entries > 1002) {
    fprintf(stderr, "micro: fd_readdir listed %zu entries\n", entries);
    exit(2);
  }
}

/* What ls and globbing do: the directory is opened by name each time, and
   libc asks fd_readdir for its own buffer size. */
static void op_opendir(void) {
  DIR *d = opendir("/data/dir200");
  if (!d) die("opendir(/data/dir200)", __WASI_ERRNO_NOENT);
  size_t entries = 0;
  while (readdir(d)) entries++;
  closedir(d);
  if (entries < 200 || entries > 202) {
    fprintf(stderr, "micro: readdir listed %zu entries\n", entries);
    exit(2);
  }
}

static void op_seek_tell(void) {
  __wasi_filesize_t pos;
  __wasi_errno_t err = __wasi_fd_seek(work_fd, (__wasi_filedelta_t)(sink & 1023), __WASI_WHENCE_SET, &pos);
  if (err) die("fd_seek", err);
  err = __wasi_fd_tell(work_fd, &pos);
  if (err) die("fd_tell", err);
  sink += pos + 1;
}

static void op_poll(void) {
  __wasi_subscription_t sub;
  memset(&sub, 0, sizeof sub);
  sub.userdata = 42;
  sub.u.tag = __WASI_EVENTTYPE_CLOCK;
  sub.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
  sub.u.u.clock.timeout = 0;
  __wasi_event_t ev;
  size_t n;
  n = 0;
  ev.userdata = 0;
  __wasi_errno_t err = __wasi_poll_oneoff(&sub, &ev, 1, &n);
  if (err || n != 1 || ev.userdata != 42) {
    fprintf(stderr, "micro: poll_oneoff: errno %d, %zu event(s), userdata %llu (want 0, 1, 42)\n", err, n,
            (unsigned long long)ev.userdata);
    exit(2);
  }
}

static void op_random(void) {
  __wasi_errno_t err = __wasi_random_get(buf, 4096);
  if (err) die("random_get", err);
  sink += buf[0];
}

static void op_stdout(void) {
  __wasi_ciovec_t iov = {buf, 64};
  size_t n;
  __wasi_errno_t err = __wasi_fd_write(1, &iov, 1, &n);
  if (err || n != 64) die("fd_write(stdout)", err);
}

struct mode {
  const char *name;
  void (*op)(void);
  int calls_per_iter;
};

static const struct mode modes[] = {
    {"clock_time_get", op_clock, 1},
    {"clock_realtime", op_clock_realtime, 1},
    {"fd_write_64", op_write_file, 1},
    {"fd_write_64k", op_write_file, 1},
    {"fd_read_64", op_read_file, 1},
    {"fd_read_64k", op_read_file, 1},
    {"path_open_close", op_open_close, 2},
    {"path_filestat_get", op_filestat, 1},
    {"fd_readdir_1000", op_readdir, 1},
    {"opendir_200", op_opendir, 1},
    {"fd_seek_tell", op_seek_tell, 2},
    {"poll_oneoff_0", op_poll, 1},
    {"random_get_4k", op_random, 1},
    {"stdout_64", op_stdout, 1},
};

static void setup(const char *name) {
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)('a' + i % 26);
  if (strcmp(name, "clock_time_get") == 0 || strcmp(name, "clock_realtime") == 0 || strcmp(name, "poll_oneoff_0") == 0 ||
      strcmp(name, "random_get_4k") == 0 || strcmp(name, "stdout_64") == 0)
    return;
  find_data_preopen();
  if (strncmp(name, "fd_write", 8) == 0) {
    chunk = strcmp(name, "fd_write_64") == 0 ? 64 : sizeof buf;
    work_fd = open_at("write.bin", __WASI_OFLAGS_CREAT | __WASI_OFLAGS_TRUNC);
  } else if (strcmp(name, "fd_read_64") == 0 || strcmp(name, "fd_read_64k") == 0) {
    chunk = strcmp(name, "fd_read_64") == 0 ? 64 : sizeof buf;
    work_fd = open_at("read.bin", 0);
  } else if (strcmp(name, "fd_readdir_1000") == 0) {
    work_fd = open_at("dir1000", __WASI_OFLAGS_DIRECTORY);
  } else if (strcmp(name, "fd_seek_tell") == 0) {
    work_fd = open_at("stat.txt", 0);
  }
}

/* Runs op in doubling batches until budget_ns have passed or max iterations
   are done; returns the iterations run and stores the elapsed time. */
static unsigned long long run(void (*op)(void), unsigned long long budget_ns, unsigned long long max,
                              __wasi_timestamp_t *elapsed) {
  unsigned long long done = 0, batch = 1;
  __wasi_timestamp_t start = now(), t = start;
  while (done < max) {
    if (batch > max - done) batch = max - done;
    for (unsigned long long i = 0; i < batch; i++) op();
    done += batch;
    if (budget_ns) {
      t = now();
      if (t - start >= budget_ns) break;
    }
    batch *= 2;
  }
  if (!budget_ns) t = now();
  *elapsed = t - start;
  return done;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: micro MODE BUDGET_MS MAX_ITERS WARMUP_MS\n");
    return 2;
  }
  const struct mode *m = NULL;
  for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
    if (strcmp(modes[i].name, argv[1]) == 0) m = &modes[i];
  if (!m) {
    fprintf(stderr, "micro: unknown mode %s\n", argv[1]);
    return 2;
  }
  unsigned long long budget = strtoull(argv[2], NULL, 10) * 1000000ull;
  unsigned long long max = strtoull(argv[3], NULL, 10);
  unsigned long long warmup = strtoull(argv[4], NULL, 10) * 1000000ull;
  setup(m->name);
  __wasi_timestamp_t elapsed;
  if (warmup) run(m->op, warmup, max, &elapsed);
  unsigned long long iters = run(m->op, budget, max, &elapsed);
  /* stdout carries the measured bytes in the stdout workload */
  FILE *report = m->op == op_stdout ? stderr : stdout;
  fprintf(report, "RESULT mode=%s iters=%llu ns=%llu calls_per_iter=%d sink=%llu\n", m->name, iters,
          (unsigned long long)elapsed, m->calls_per_iter, sink & 1);
  return 0;
}
