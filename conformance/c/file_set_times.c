/* fd_filestat_set_times: explicit atim/mtim are stored (fractions chosen to
   be exact in binary, so hosts that pass seconds as doubles keep them),
   only the flagged one changes, *_NOW uses the current time, and asking for
   both a value and NOW of the same timestamp is EINVAL. Works on
   directories too; a closed fd is EBADF. node:wasi drops the fraction of
   a second (1500000000.5 s is stored as 1500000000 s). */
#include "common.h"

#define T1 1500000000500000000ull /* 1500000000.5 s */
#define T2 1600000000250000000ull /* 1600000000.25 s */

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "f.txt", 0, RIGHTS_RW, 0);
  __wasi_filestat_t st;

  EXPECT_OK(__wasi_fd_filestat_set_times(fd, T1, T2, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.atim, T1);
  EXPECT_EQ_U64(st.mtim, T2);

  EXPECT_OK(__wasi_fd_filestat_set_times(fd, 0, T1, __WASI_FSTFLAGS_MTIM));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.atim, T1);
  EXPECT_EQ_U64(st.mtim, T1);

  __wasi_timestamp_t before;
  EXPECT_OK(__wasi_clock_time_get(__WASI_CLOCKID_REALTIME, 1, &before));
  EXPECT_OK(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.atim, T1);
  /* Host clocks and file timestamps may differ in granularity: allow 2 s. */
  if (st.mtim + 2000000000ull < before || st.mtim > before + 2000000000ull)
    FAIL("mtim after MTIM_NOW is %llu, clock said %llu", (unsigned long long)st.mtim, (unsigned long long)before);

  EXPECT_OK(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_ATIM_NOW));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  if (st.atim + 2000000000ull < before) FAIL("atim after ATIM_NOW is %llu", (unsigned long long)st.atim);

  EXPECT_ERRNO(__wasi_fd_filestat_set_times(fd, T1, 0, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_ATIM_NOW), __WASI_ERRNO_INVAL);
  EXPECT_ERRNO(__wasi_fd_filestat_set_times(fd, 0, T1, __WASI_FSTFLAGS_MTIM | __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_INVAL);

  /* Nothing flagged: a successful no-op. */
  EXPECT_OK(__wasi_fd_filestat_set_times(fd, 1, 1, 0));
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  if (st.mtim == 1 || st.atim == 1) FAIL("timestamps changed without flags");

  __wasi_fd_t sub = must_open(dir, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_FILESTAT_SET_TIMES | __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  EXPECT_OK(__wasi_fd_filestat_set_times(sub, T2, T2, __WASI_FSTFLAGS_ATIM | __WASI_FSTFLAGS_MTIM));
  EXPECT_OK(__wasi_fd_filestat_get(sub, &st));
  EXPECT_EQ_U64(st.mtim, T2);
  EXPECT_OK(__wasi_fd_close(sub));

  EXPECT_OK(__wasi_fd_close(fd));
  EXPECT_ERRNO(__wasi_fd_filestat_set_times(fd, 0, 0, __WASI_FSTFLAGS_MTIM_NOW), __WASI_ERRNO_BADF);
  return 0;
}
