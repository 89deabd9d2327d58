/* Paths with "." and ".." components and repeated slashes that stay inside
   the preopen resolve normally for every path operation; "." and "sub/.."
   name the preopen itself. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "dir/./nested/../../dir/nested/..//nested///./file.txt", 0, RIGHTS_RO, 0);
  char buf[16];
  read_str(fd, buf, sizeof buf);
  EXPECT_STR(buf, "deep");
  EXPECT_OK(__wasi_fd_close(fd));

  EXPECT_OK(__wasi_path_create_directory(dir, "dir/../made"));
  put_file(dir, "./made/./f.txt", "m");
  EXPECT_OK(__wasi_path_rename(dir, "made/../made/f.txt", dir, "dir/nested/../g.txt"));
  EXPECT_OK(__wasi_path_symlink("g.txt", dir, "dir/./ln"));
  EXPECT_EQ_U64(stat_at(dir, "dir/nested/../ln", 1).size, 1);
  EXPECT_OK(__wasi_path_unlink_file(dir, "./dir/nested/../ln"));

  __wasi_filestat_t self, viadots, root;
  EXPECT_OK(__wasi_fd_filestat_get(dir, &self));
  root = stat_at(dir, ".", 0);
  viadots = stat_at(dir, "dir/..", 0);
  EXPECT_EQ_U64(root.ino, self.ino);
  EXPECT_EQ_U64(viadots.ino, self.ino);
  fd = must_open(dir, "dir/nested/../..", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_FD_FILESTAT_GET, 0);
  __wasi_filestat_t opened;
  EXPECT_OK(__wasi_fd_filestat_get(fd, &opened));
  EXPECT_EQ_U64(opened.ino, self.ino);
  EXPECT_OK(__wasi_fd_close(fd));
  return 0;
}
