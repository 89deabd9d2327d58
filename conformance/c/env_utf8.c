#include "common.h"

/* Non-ASCII names and values are passed as UTF-8 bytes, unchanged. */
int main(void) {
  EXPECT_STR(getenv("GREETING"), "gr\xc3\xbc\xc3\x9f \xe4\xbd\xa0\xe5\xa5\xbd \xf0\x9f\x91\x8b");
  EXPECT_STR(getenv("CAF\xc3\x89"), "cr\xc3\xa8me");
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_environ_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, 2);
  EXPECT_EQ_U64(size, (9 + 18 + 1) + (6 + 6 + 1));
  return 0;
}
