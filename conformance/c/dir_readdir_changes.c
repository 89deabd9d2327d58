/* fd_readdir from cookie 0 on an fd opened earlier sees entries created and
   removed since: nothing is cached across calls. */
#include "common.h"

static int has_new;
/* Counts the entries other than "." and "..", which dir_readdir_basic covers. */
static void on_entry(const __wasi_dirent_t *d, const char *name, void *ctx) {
  (void)d;
  if (strcmp(name, "new.txt") == 0) has_new++;
  if (strcmp(name, ".") != 0 && strcmp(name, "..") != 0) ++*(int *)ctx;
}

static int files(__wasi_fd_t fd) {
  int n = 0;
  readdir_all(fd, 1024, on_entry, &n);
  return n;
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t sub = must_open(dir, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_PATH_CREATE_FILE | __WASI_RIGHTS_PATH_UNLINK_FILE, 0);
  EXPECT_EQ_U64(files(sub), 1);
  EXPECT_EQ_U64(has_new, 0);
  put_file(dir, "sub/new.txt", "n");
  EXPECT_EQ_U64(files(sub), 2);
  EXPECT_EQ_U64(has_new, 1);
  EXPECT_OK(__wasi_path_unlink_file(sub, "new.txt"));
  EXPECT_OK(__wasi_path_unlink_file(sub, "old.txt"));
  has_new = 0;
  EXPECT_EQ_U64(files(sub), 0);
  EXPECT_EQ_U64(has_new, 0);
  EXPECT_OK(__wasi_fd_close(sub));
  return 0;
}
