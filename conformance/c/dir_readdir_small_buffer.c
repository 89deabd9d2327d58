/* fd_readdir into buffers too small for the next entry: the call fills the
   whole buffer (returning its size, the signal that more may follow) with
   the header and as much of the name as fits; d_namlen still gives the full
   length, and a retry from the same cookie with a bigger buffer gets the
   entry whole. A buffer smaller than a header is filled too. */
#include "common.h"

#define NAME "a_rather_long_file_name.txt"

struct find { __wasi_dircookie_t before; __wasi_dircookie_t prev; int found; };

static void on_entry(const __wasi_dirent_t *d, const char *name, void *ctx) {
  struct find *f = ctx;
  if (strcmp(name, NAME) == 0) { f->before = f->prev; f->found = 1; }
  f->prev = d->d_next;
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  struct find f = {0, __WASI_DIRCOOKIE_START, 0};
  readdir_all(dir, 4096, on_entry, &f);
  if (!f.found) FAIL(NAME " not listed");

  uint8_t buf[128];
  __wasi_size_t used;
  const size_t hdr = sizeof(__wasi_dirent_t);

  EXPECT_OK(__wasi_fd_readdir(dir, buf, hdr + 5, f.before, &used));
  EXPECT_EQ_U64(used, hdr + 5);
  __wasi_dirent_t d;
  memcpy(&d, buf, hdr);
  EXPECT_EQ_U64(d.d_namlen, strlen(NAME));
  if (memcmp(buf + hdr, NAME, 5) != 0) FAIL("truncated name starts \"%.5s\"", buf + hdr);

  EXPECT_OK(__wasi_fd_readdir(dir, buf, 10, f.before, &used));
  EXPECT_EQ_U64(used, 10);

  memset(buf, 0, sizeof buf);
  EXPECT_OK(__wasi_fd_readdir(dir, buf, hdr + strlen(NAME), f.before, &used));
  EXPECT_EQ_U64(used, hdr + strlen(NAME));
  memcpy(&d, buf, hdr);
  if (memcmp(buf + hdr, NAME, strlen(NAME)) != 0) FAIL("retried name is \"%.*s\"", (int)strlen(NAME), buf + hdr);
  EXPECT_EQ_U64(d.d_type, __WASI_FILETYPE_REGULAR_FILE);

  /* Zero-length buffer: nothing written, nothing to report. */
  EXPECT_OK(__wasi_fd_readdir(dir, buf, 0, f.before, &used));
  EXPECT_EQ_U64(used, 0);
  return 0;
}
