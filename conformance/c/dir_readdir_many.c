/* A directory of 250 files read through a 256-byte buffer (many calls, each
   resuming from a cookie) lists every file exactly once; then they are all
   removed and the directory reads as empty. */
#include "common.h"

#define COUNT 250
static int seen[COUNT];
static int dots;

static void on_entry(const __wasi_dirent_t *d, const char *name, void *ctx) {
  (void)d; (void)ctx;
  int i;
  if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) { dots++; return; }
  if (sscanf(name, "entry_%d.txt", &i) != 1 || i < 0 || i >= COUNT) FAIL("unexpected entry \"%s\"", name);
  seen[i]++;
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  char name[32];
  for (int i = 0; i < COUNT; i++) {
    snprintf(name, sizeof name, "entry_%d.txt", i);
    EXPECT_OK(__wasi_fd_close(must_open(dir, name, __WASI_OFLAGS_CREAT | __WASI_OFLAGS_EXCL, RIGHTS_RW, 0)));
  }
  /* "." and ".." are dir_readdir_basic's business; here only the files count. */
  EXPECT_EQ_U64(readdir_all(dir, 256, on_entry, NULL) - dots, COUNT);
  for (int i = 0; i < COUNT; i++) if (seen[i] != 1) FAIL("entry_%d.txt listed %d times", i, seen[i]);

  for (int i = 0; i < COUNT; i++) {
    snprintf(name, sizeof name, "entry_%d.txt", i);
    EXPECT_OK(__wasi_path_unlink_file(dir, name));
  }
  dots = 0;
  EXPECT_EQ_U64(readdir_all(dir, 256, on_entry, NULL) - dots, 0);
  return 0;
}
