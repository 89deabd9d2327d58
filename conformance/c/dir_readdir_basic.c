/* fd_readdir lists every entry once, "." and ".." included, with the right
   d_type for files, directories and symlinks, d_namlen, and for files a
   d_ino equal to path_filestat_get's. node:wasi leaves out "." and ".."
   (libuv's scandir drops them); wasmtime lists them first. */
#include "common.h"

struct seen { int dot, dotdot, file, sub, link, other; __wasi_inode_t file_ino; };

static void on_entry(const __wasi_dirent_t *d, const char *name, void *ctx) {
  struct seen *s = ctx;
  if (d->d_namlen != strlen(name)) FAIL("d_namlen %u for \"%s\"", d->d_namlen, name);
  if (strcmp(name, ".") == 0) { s->dot++; EXPECT_EQ_U64(d->d_type, __WASI_FILETYPE_DIRECTORY); }
  else if (strcmp(name, "..") == 0) { s->dotdot++; EXPECT_EQ_U64(d->d_type, __WASI_FILETYPE_DIRECTORY); }
  else if (strcmp(name, "a.txt") == 0) { s->file++; s->file_ino = d->d_ino; EXPECT_EQ_U64(d->d_type, __WASI_FILETYPE_REGULAR_FILE); }
  else if (strcmp(name, "sub") == 0) { s->sub++; EXPECT_EQ_U64(d->d_type, __WASI_FILETYPE_DIRECTORY); }
  else if (strcmp(name, "ln") == 0) { s->link++; EXPECT_EQ_U64(d->d_type, __WASI_FILETYPE_SYMBOLIC_LINK); }
  else { s->other++; fprintf(stderr, "unexpected entry \"%s\"\n", name); }
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  struct seen s = {0};
  size_t n = readdir_all(dir, 4096, on_entry, &s);
  EXPECT_EQ_U64(n, 5);
  EXPECT_EQ_U64(s.dot, 1);
  EXPECT_EQ_U64(s.dotdot, 1);
  EXPECT_EQ_U64(s.file, 1);
  EXPECT_EQ_U64(s.sub, 1);
  EXPECT_EQ_U64(s.link, 1);
  EXPECT_EQ_U64(s.other, 0);
  EXPECT_EQ_U64(s.file_ino, stat_at(dir, "a.txt", 0).ino);

  /* An empty directory opened by path has just "." and "..". */
  __wasi_fd_t sub = must_open(dir, "sub", __WASI_OFLAGS_DIRECTORY, __WASI_RIGHTS_FD_READDIR, 0);
  struct seen e = {0};
  EXPECT_EQ_U64(readdir_all(sub, 4096, on_entry, &e), 2);
  EXPECT_EQ_U64(e.dot + e.dotdot, 2);
  EXPECT_OK(__wasi_fd_close(sub));
  return 0;
}
