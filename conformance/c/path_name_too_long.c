/* A 255-byte file name works; a 256-byte one is ENAMETOOLONG (the host
   filesystem's limit, passed through). */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  char name[300];
  memset(name, 'n', 255);
  name[255] = 0;
  put_file(dir, name, "long");
  EXPECT_OK(__wasi_path_unlink_file(dir, name));
  name[255] = 'n';
  name[256] = 0;
  __wasi_fd_t fd;
  EXPECT_ERRNO(open_at(dir, name, __WASI_OFLAGS_CREAT, RIGHTS_RW, 0, &fd), __WASI_ERRNO_NAMETOOLONG);
  EXPECT_ERRNO(__wasi_path_create_directory(dir, name), __WASI_ERRNO_NAMETOOLONG);
  return 0;
}
