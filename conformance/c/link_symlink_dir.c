/* A symlink to a directory: opened with SYMLINK_FOLLOW it is that directory
   (same inode, same listing), files are created through it, and removing it
   with path_remove_directory is ENOTDIR while path_unlink_file removes just
   the link. */
#include "common.h"

static int files;
static void count(const __wasi_dirent_t *d, const char *name, void *ctx) {
  (void)d; (void)ctx;
  if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) files++;
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "dl", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  __wasi_filestat_t st;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &st));
  EXPECT_EQ_U64(st.filetype, __WASI_FILETYPE_DIRECTORY);
  EXPECT_EQ_U64(st.ino, stat_at(dir, "real", 0).ino);
  readdir_all(fd, 1024, count, NULL);
  EXPECT_EQ_U64(files, 2);
  EXPECT_OK(__wasi_fd_close(fd));

  put_file(dir, "dl/made.txt", "via link");
  expect_content(dir, "real/made.txt", "via link");
  EXPECT_ERRNO(__wasi_path_remove_directory(dir, "dl"), __WASI_ERRNO_NOTDIR);
  EXPECT_OK(__wasi_path_unlink_file(dir, "dl"));
  EXPECT_EQ_U64(stat_at(dir, "real", 0).filetype, __WASI_FILETYPE_DIRECTORY);
  return 0;
}
