/* fd_filestat_get and path_filestat_get agree on a file and a directory:
   same dev and ino, filetype, size, nlink; distinct files have distinct
   inodes; a missing path is ENOENT, a path through a file ENOTDIR. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "five.txt", 0, RIGHTS_RO, 0);
  __wasi_filestat_t a, b;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &a));
  b = stat_at(dir, "five.txt", 0);
  EXPECT_EQ_U64(a.filetype, __WASI_FILETYPE_REGULAR_FILE);
  EXPECT_EQ_U64(a.size, 5);
  EXPECT_EQ_U64(a.nlink, 1);
  EXPECT_EQ_U64(b.filetype, a.filetype);
  EXPECT_EQ_U64(b.size, a.size);
  EXPECT_EQ_U64(b.nlink, a.nlink);
  EXPECT_EQ_U64(b.ino, a.ino);
  EXPECT_EQ_U64(b.dev, a.dev);
  EXPECT_EQ_U64(b.mtim, a.mtim);
  EXPECT_OK(__wasi_fd_close(fd));

  __wasi_fd_t sub = must_open(dir, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  EXPECT_OK(__wasi_fd_filestat_get(sub, &a));
  b = stat_at(dir, "sub", 1);
  EXPECT_EQ_U64(a.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_EQ_U64(b.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_EQ_U64(b.ino, a.ino);
  EXPECT_EQ_U64(b.dev, a.dev);
  EXPECT_OK(__wasi_fd_close(sub));

  __wasi_filestat_t other = stat_at(dir, "sub/other.txt", 0);
  __wasi_filestat_t five = stat_at(dir, "five.txt", 0);
  if (other.ino == five.ino) FAIL("two files share inode %llu", (unsigned long long)five.ino);
  EXPECT_EQ_U64(other.size, 0);

  /* The preopen itself. */
  EXPECT_OK(__wasi_fd_filestat_get(dir, &a));
  EXPECT_EQ_U64(a.filetype, __WASI_FILETYPE_DIRECTORY);
  b = stat_at(dir, ".", 0);
  EXPECT_EQ_U64(b.ino, a.ino);

  __wasi_filestat_t st;
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, 0, "missing", &st), __WASI_ERRNO_NOENT);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, 0, "five.txt/x", &st), __WASI_ERRNO_NOTDIR);
  EXPECT_ERRNO(__wasi_fd_filestat_get(77, &st), __WASI_ERRNO_BADF);
  return 0;
}
