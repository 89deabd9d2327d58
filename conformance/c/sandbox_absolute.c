/* Absolute paths never reach the host filesystem: every path call given
   one fails with EPERM (cap-std's escape error, as wasmtime returns),
   including paths naming a file that exists inside the preopen. node:wasi
   answers ENOTCAPABLE. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd;
  __wasi_filestat_t st;
  EXPECT_ERRNO(open_at(dir, "/sandbox/f.txt", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "/f.txt", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "/etc/passwd", 0, RIGHTS_RO, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(open_at(dir, "/tmp/escaped.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_filestat_get(dir, 0, "/etc", &st), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, "/tmp/escaped_dir"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_unlink_file(dir, "/f.txt"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_rename(dir, "f.txt", dir, "/tmp/escaped.txt"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_link(dir, 0, "f.txt", dir, "/tmp/escaped.txt"), __WASI_ERRNO_PERM);
  EXPECT_ERRNO(__wasi_path_symlink("f.txt", dir, "/tmp/escaped.txt"), __WASI_ERRNO_PERM);
  expect_content(dir, "f.txt", "inside");
  return 0;
}
