/*
 * The Node host's optional native part: the few system calls Node's fs module
 * has no cheap equivalent for. Loaded when it was built at install time
 * (binding.gyp); the host works without it, only slower.
 *
 * Every function answers a negative errno instead of throwing, so the caller
 * maps failures exactly as it maps Node's own error codes.
 */
#define _GNU_SOURCE
#include <node_api.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* One entry in listDirectory's answer: inode (u64 LE), type (a DT_* value), name length (u16 LE), name bytes. */
#define RECORD_HEAD 11
/* A getdents64 batch. A record above is always shorter than the kernel's record for the same entry. */
#define BATCH 32768

struct linux_dirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

static napi_value int_value(napi_env env, int64_t v) {
  napi_value r;
  napi_create_int64(env, v, &r);
  return r;
}

static unsigned char type_of_mode(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return DT_REG;
    case S_IFDIR: return DT_DIR;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFBLK: return DT_BLK;
    case S_IFIFO: return DT_FIFO;
    case S_IFSOCK: return DT_SOCK;
    default: return DT_UNKNOWN;
  }
}

static int is_dot_or_dotdot(const char *name) {
  return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

/* What listDirectory gathers before it answers: the records, and where each starts. */
struct listing {
  unsigned char *records;
  size_t used, cap;
  uint32_t *starts;
  size_t count, slots;
};

static int reserve(struct listing *l, size_t bytes, size_t entries) {
  if (l->cap - l->used < bytes) {
    size_t cap = l->cap * 2 > l->used + bytes ? l->cap * 2 : l->used + bytes;
    unsigned char *grown = realloc(l->records, cap);
    if (grown == NULL) return ENOMEM;
    l->records = grown;
    l->cap = cap;
  }
  if (l->slots - l->count < entries) {
    size_t slots = l->slots * 2 > l->count + entries ? l->slots * 2 : l->count + entries;
    uint32_t *grown = realloc(l->starts, slots * sizeof *grown);
    if (grown == NULL) return ENOMEM;
    l->starts = grown;
    l->slots = slots;
  }
  return l->used + bytes > UINT32_MAX ? EOVERFLOW : 0;
}

/*
 * Adds one batch's entries; the inode and type are lstat's, as path_filestat_get would give them.
 * getdents64's d_ino is st_ino for every entry but a mount point, whose d_ino is the directory
 * mounted over, and a mount point is always a directory: only directories, and entries whose
 * file system does not give their type, cost an fstatat.
 */
static int add_batch(struct listing *l, int dir, const char *batch, long len) {
  /* Each record is shorter than the kernel's record for the same entry, which is at least 24 bytes. */
  int err = reserve(l, (size_t)len, (size_t)len / 24);
  if (err != 0) return err;
  for (long at = 0; at < len;) {
    const struct linux_dirent64 *d = (const void *)(batch + at);
    at += d->d_reclen;
    if (is_dot_or_dotdot(d->d_name)) continue;
    uint64_t ino = d->d_ino;
    unsigned char type = d->d_type;
    struct stat st;
    /* An entry removed since the batch was read keeps what the directory said of it. */
    if ((type == DT_DIR || type == DT_UNKNOWN) && fstatat(dir, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
      ino = st.st_ino;
      type = type_of_mode(st.st_mode);
    }
    size_t namlen = strlen(d->d_name);
    unsigned char *r = l->records + l->used;
    for (int i = 0; i < 8; i++) r[i] = (unsigned char)(ino >> (8 * i));
    r[8] = type;
    r[9] = (unsigned char)namlen;
    r[10] = (unsigned char)(namlen >> 8);
    memcpy(r + RECORD_HEAD, d->d_name, namlen);
    l->starts[l->count++] = (uint32_t)l->used;
    l->used += RECORD_HEAD + namlen;
  }
  return 0;
}

static size_t namlen_at(const unsigned char *r) { return r[9] | (size_t)r[10] << 8; }

/* Byte order of names, as strcmp: Node's readdir sorts so, and the host lists alike with or without this file. */
static int by_name(const void *a, const void *b, void *records) {
  const unsigned char *ra = (const unsigned char *)records + *(const uint32_t *)a;
  const unsigned char *rb = (const unsigned char *)records + *(const uint32_t *)b;
  size_t la = namlen_at(ra), lb = namlen_at(rb);
  int c = memcmp(ra + RECORD_HEAD, rb + RECORD_HEAD, la < lb ? la : lb);
  return c != 0 ? c : (la > lb) - (la < lb);
}

static int read_all(struct listing *l, int dir) {
  char *batch = malloc(BATCH);
  if (batch == NULL) return ENOMEM;
  int err = 0;
  for (;;) {
    long n = syscall(SYS_getdents64, dir, batch, BATCH);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n < 0) err = errno;
      break;
    }
    err = add_batch(l, dir, batch, n);
    if (err != 0) break;
  }
  free(batch);
  return err;
}

/* The records in name order, as one Buffer. */
static int sorted_buffer(napi_env env, struct listing *l, napi_value *result) {
  qsort_r(l->starts, l->count, sizeof *l->starts, by_name, l->records);
  void *data;
  if (napi_create_buffer(env, l->used, &data, result) != napi_ok) return ENOMEM;
  unsigned char *to = data;
  for (size_t i = 0; i < l->count; i++) {
    const unsigned char *r = l->records + l->starts[i];
    size_t size = RECORD_HEAD + namlen_at(r);
    memcpy(to, r, size);
    to += size;
  }
  return 0;
}

/*
 * Whether an argument is a number. Node's N-API refuses to read any other
 * type as one (napi_number_expected); Deno's converts it ("3" would be fd 3).
 */
static int is_number(napi_env env, napi_value value) {
  napi_valuetype type;
  return napi_typeof(env, value, &type) == napi_ok && type == napi_number;
}

/*
 * listDirectory(fd): every entry of the open directory fd but . and .., with
 * its inode and type as lstat gives them, in name order, as one Buffer of records;
 * or -errno. The directory is read through a descriptor of its own, so fd's
 * offset is untouched, and no name is looked up anywhere but in it.
 */
static napi_value list_directory(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || !is_number(env, argv[0]) ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok)
    return int_value(env, -EINVAL);

  int dir = openat(fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir < 0) return int_value(env, -errno);
  struct listing l = {0};
  int err = read_all(&l, dir);
  close(dir);
  napi_value result;
  if (err == 0) err = sorted_buffer(env, &l, &result);
  free(l.records);
  free(l.starts);
  return err == 0 ? result : int_value(env, -err);
}

/* The bytes [start, start + length) of a typed array argument, or NULL when they are not all inside it. */
static unsigned char *span_of(napi_env env, napi_value array, napi_value start_arg, napi_value length_arg, uint32_t *length) {
  napi_typedarray_type type;
  size_t count, offset;
  void *data;
  napi_value buffer;
  uint32_t start;
  if (napi_get_typedarray_info(env, array, &type, &count, &data, &buffer, &offset) != napi_ok ||
      type != napi_uint8_array || !is_number(env, start_arg) || !is_number(env, length_arg) ||
      napi_get_value_uint32(env, start_arg, &start) != napi_ok || napi_get_value_uint32(env, length_arg, length) != napi_ok ||
      start > count || *length > count - start)
    return NULL;
  return (unsigned char *)data + start;
}

/* pread(fd, bytes, start, length, position) / pwrite(...): how many bytes moved, or -errno. */
static napi_value transfer(napi_env env, napi_callback_info info, int writing) {
  size_t argc = 5;
  napi_value argv[5];
  int32_t fd;
  int64_t position;
  uint32_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5 || !is_number(env, argv[0]) ||
      !is_number(env, argv[4]) || napi_get_value_int32(env, argv[0], &fd) != napi_ok ||
      napi_get_value_int64(env, argv[4], &position) != napi_ok || position < 0)
    return int_value(env, -EINVAL);
  unsigned char *span = span_of(env, argv[1], argv[2], argv[3], &length);
  if (span == NULL) return int_value(env, -EFAULT);
  ssize_t n;
  do {
    n = writing ? pwrite(fd, span, length, position) : pread(fd, span, length, position);
  } while (n < 0 && errno == EINTR);
  return int_value(env, n < 0 ? -errno : n);
}

/* A time for setTimes: nanoseconds since the epoch, or TIME_NOW / TIME_OMIT (never a real preview1 timestamp, which is unsigned). */
#define TIME_NOW (-1)
#define TIME_OMIT (-2)

static int timespec_of(napi_env env, napi_value v, struct timespec *ts) {
  int64_t ns;
  bool lossless;
  if (napi_get_value_bigint_int64(env, v, &ns, &lossless) != napi_ok || !lossless || ns < TIME_OMIT) return EINVAL;
  if (ns == TIME_NOW) {
    ts->tv_sec = 0;
    ts->tv_nsec = UTIME_NOW;
  } else if (ns == TIME_OMIT) {
    ts->tv_sec = 0;
    ts->tv_nsec = UTIME_OMIT;
  } else {
    ts->tv_sec = ns / 1000000000;
    ts->tv_nsec = ns % 1000000000;
  }
  return 0;
}

/*
 * setTimes(fd, path, atime, mtime): futimens(fd) when path is null, else
 * utimensat(fd, path) without following a final symlink; times are BigInt
 * nanoseconds (or -1n now, -2n unchanged). 0 or -errno. Node's utimes
 * family takes seconds as a double, which loses the last digits.
 */
static napi_value set_times(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  int32_t fd;
  napi_valuetype path_type;
  struct timespec times[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_typeof(env, argv[1], &path_type) != napi_ok ||
      timespec_of(env, argv[2], &times[0]) != 0 || timespec_of(env, argv[3], &times[1]) != 0)
    return int_value(env, -EINVAL);
  if (path_type == napi_null) return int_value(env, futimens(fd, times) == 0 ? 0 : -errno);
  char path[PATH_MAX];
  size_t len;
  if (napi_get_value_string_utf8(env, argv[1], path, sizeof path, &len) != napi_ok) return int_value(env, -EINVAL);
  if (len >= sizeof path - 1) return int_value(env, -ENAMETOOLONG);
  return int_value(env, utimensat(fd, path, times, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno);
}

/* Nanoseconds since the epoch: Deno's node:fs rounds stat times to the millisecond. */
static int64_t ns_of(struct timespec t) { return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec; }

/*
 * stat(fd, path, out): fstat(fd) when path is null, else fstatat(fd, path)
 * without following a final symlink, into out (a BigInt64Array of STAT_FIELDS):
 * dev, ino, mode, nlink, size, then atime, mtime and ctime in nanoseconds.
 */
#define STAT_FIELDS 8
static napi_value stat_into(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int32_t fd;
  napi_valuetype path_type;
  napi_typedarray_type out_type;
  size_t out_length;
  void *data;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_typeof(env, argv[1], &path_type) != napi_ok ||
      napi_get_typedarray_info(env, argv[2], &out_type, &out_length, &data, NULL, NULL) != napi_ok ||
      out_type != napi_bigint64_array || out_length < STAT_FIELDS)
    return int_value(env, -EINVAL);
  struct stat st;
  if (path_type == napi_null) {
    if (fstat(fd, &st) != 0) return int_value(env, -errno);
  } else {
    char path[PATH_MAX];
    size_t len;
    if (path_type != napi_string || napi_get_value_string_utf8(env, argv[1], path, sizeof path, &len) != napi_ok)
      return int_value(env, -EINVAL);
    if (len >= sizeof path - 1) return int_value(env, -ENAMETOOLONG);
    if (fstatat(fd, path, &st, AT_SYMLINK_NOFOLLOW) != 0) return int_value(env, -errno);
  }
  int64_t *out = data;
  out[0] = (int64_t)st.st_dev;
  out[1] = (int64_t)st.st_ino;
  out[2] = st.st_mode;
  out[3] = (int64_t)st.st_nlink;
  out[4] = st.st_size;
  out[5] = ns_of(st.st_atim);
  out[6] = ns_of(st.st_mtim);
  out[7] = ns_of(st.st_ctim);
  return int_value(env, 0);
}

/*
 * schedYield(): gives the CPU up to another runnable thread, as node:wasi's sched_yield does, so a
 * guest thread spinning on sched_yield while it waits for another lets that one run; 0 or -errno.
 */
static napi_value sched_yield_now(napi_env env, napi_callback_info info) {
  (void)info;
  return int_value(env, sched_yield() == 0 ? 0 : -errno);
}

static napi_value pread_into(napi_env env, napi_callback_info info) { return transfer(env, info, 0); }
static napi_value pwrite_from(napi_env env, napi_callback_info info) { return transfer(env, info, 1); }

NAPI_MODULE_INIT() {
  const napi_property_descriptor functions[] = {
    {"listDirectory", NULL, list_directory, NULL, NULL, NULL, napi_enumerable, NULL},
    {"pread", NULL, pread_into, NULL, NULL, NULL, napi_enumerable, NULL},
    {"pwrite", NULL, pwrite_from, NULL, NULL, NULL, napi_enumerable, NULL},
    {"setTimes", NULL, set_times, NULL, NULL, NULL, napi_enumerable, NULL},
    {"stat", NULL, stat_into, NULL, NULL, NULL, napi_enumerable, NULL},
    {"schedYield", NULL, sched_yield_now, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof functions / sizeof functions[0], functions);
  return exports;
}
