/* path_filestat_set_times: explicit values and NOW through a path, through
   a symlink with SYMLINK_FOLLOW (the target changes), value+NOW EINVAL,
   a missing path ENOENT. node:wasi drops the fraction of a second. */
#include "common.h"

#define T1 1500000000500000000ull
#define T2 1600000000250000000ull

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_lookupflags_t follow = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
  EXPECT_OK(__wasi_path_filestat_set_times(dir, 0, "f.txt", T1, T2, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  __wasi_filestat_t st = stat_at(dir, "f.txt", 0);
  EXPECT_EQ_U64(st.atim, T1);
  EXPECT_EQ_U64(st.mtim, T2);

  EXPECT_OK(__wasi_path_filestat_set_times(dir, follow, "link", T2, T1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  st = stat_at(dir, "f.txt", 0);
  EXPECT_EQ_U64(st.atim, T2);
  EXPECT_EQ_U64(st.mtim, T1);

  __wasi_timestamp_t before;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &before));
  EXPECT_OK(__wasi_path_filestat_set_times(dir, 0, "sub/inner.txt", 0, 0, __WASI_FSTFLAGS_ATIM_NOW | __WASI_FSTFLAGS_MTIM_NOW));
  st = stat_at(dir, "sub/inner.txt", 0);
  if (st.mtim + 2000000000ull < before || st.mtim > before + 2000000000ull) FAIL("mtim after NOW is %llu", (unsigned long long)st.mtim);

  EXPECT_OK(__wasi_path_filestat_set_times(dir, 0, "sub", T1, T1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  st = stat_at(dir, "sub", 0);
  EXPECT_EQ_U64(st.mtim, T1);

  EXPECT_ERRNO(__wasi_path_filestat_set_times(dir, 0, "f.txt", T1, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_filestat_set_times(dir, 0, "f.txt", 0, T1, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_path_filestat_set_times(dir, 0, "missing", T1, T1, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM), __WASI_ERRNO_NOENT);
  return 0;
}
