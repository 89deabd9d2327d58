/* fd_readdir resumes from any entry's d_next cookie: reading from the cookie
   of entry i yields entry i+1 first, and the last entry's cookie yields
   nothing. */
#include "common.h"

#define MAX 16
struct list { int n; char names[MAX][32]; __wasi_dircookie_t next[MAX]; };

static void on_entry(const __wasi_dirent_t *d, const char *name, void *ctx) {
  struct list *l = ctx;
  if (l->n == MAX) FAIL("too many entries");
  snprintf(l->names[l->n], 32, "%s", name);
  l->next[l->n++] = d->d_next;
}

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  struct list all = {0};
  readdir_all(dir, 4096, on_entry, &all);
  int dots = 0;
  for (int i = 0; i < all.n; i++) dots += strcmp(all.names[i], ".") == 0 || strcmp(all.names[i], "..") == 0;
  EXPECT_EQ_U64(all.n - dots, 6);
  uint8_t buf[512];
  __wasi_size_t used;
  for (int i = 0; i < all.n; i++) {
    EXPECT_OK(__wasi_fd_readdir(dir, buf, sizeof buf, all.next[i], &used));
    if (i == all.n - 1) {
      EXPECT_EQ_U64(used, 0);
      break;
    }
    if (used < sizeof(__wasi_dirent_t)) FAIL("nothing after entry %d (%s)", i, all.names[i]);
    __wasi_dirent_t d;
    memcpy(&d, buf, sizeof d);
    char name[32] = {0};
    memcpy(name, buf + sizeof d, d.d_namlen < 31 ? d.d_namlen : 31);
    if (strcmp(name, all.names[i + 1]) != 0)
      FAIL("resuming after \"%s\" gave \"%s\", expected \"%s\"", all.names[i], name, all.names[i + 1]);
    /* The rest of the listing from that point has exactly the remaining entries. */
    size_t off = 0;
    int count = 0;
    while (off + sizeof d <= used) {
      memcpy(&d, buf + off, sizeof d);
      off += sizeof d + d.d_namlen;
      count++;
    }
    EXPECT_EQ_U64(count, all.n - 1 - i);
  }
  return 0;
}
