#include "common.h"
#include <fcntl.h>
#include <unistd.h>

/* There is no small fixed table limit: 300 files created and held open at
   once, then 300 more descriptors reading them back, all distinct and all
   working, then all closed. */
#define N 300
int main(void) {
  static int w[N], r[N];
  char path[64], buf[16];
  for (int i = 0; i < N; i++) {
    snprintf(path, sizeof path, "/sandbox/f%03d", i);
    w[i] = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (w[i] < 0) FAIL("open #%d failed: %s", i, strerror(errno));
    int len = snprintf(buf, sizeof buf, "%d", i);
    CHECK(write(w[i], buf, len) == len);
  }
  for (int i = 0; i < N; i++) {
    snprintf(path, sizeof path, "/sandbox/f%03d", i);
    r[i] = open(path, O_RDONLY);
    if (r[i] < 0) FAIL("reopen #%d failed: %s", i, strerror(errno));
  }
  for (int i = 0; i < N; i++)
    for (int j = 0; j < i; j++)
      if (r[i] == r[j] || w[i] == r[j] || w[i] == w[j] || r[i] == w[j]) FAIL("fd number used twice");
  for (int i = 0; i < N; i++) {
    char want[16];
    int len = snprintf(want, sizeof want, "%d", i);
    memset(buf, 0, sizeof buf);
    CHECK(read(r[i], buf, sizeof buf) == len);
    EXPECT_STR(buf, want);
  }
  for (int i = 0; i < N; i++) {
    CHECK(close(w[i]) == 0);
    CHECK(close(r[i]) == 0);
  }
  EXPECT_ERRNO(__wasi_fd_close(r[N - 1]), __WASI_ERRNO_BADF);
  puts("ok");
  return 0;
}
