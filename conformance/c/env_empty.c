#include "common.h"

/* An empty environment: zero entries, zero bytes, and libc sees nothing. */
extern char **environ;
int main(void) {
  __wasi_size_t count = 99, size = 99;
  EXPECT_OK(__wasi_environ_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, 0);
  EXPECT_EQ_U64(size, 0);
  if (getenv("PATH") != NULL || getenv("HOME") != NULL) FAIL("host environment leaked in");
  if (environ != NULL && environ[0] != NULL) FAIL("environ not empty: %s", environ[0]);
  return 0;
}
