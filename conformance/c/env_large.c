#include "common.h"

/* 64 KiB of environment: 64 variables of 1 KiB each, plus one 16 KiB
   value; every byte must arrive. */
int main(void) {
  char key[16];
  for (int i = 0; i < 64; i++) {
    snprintf(key, sizeof key, "VAR_%02d", i);
    const char *v = getenv(key);
    if (v == NULL) FAIL("%s missing", key);
    EXPECT_EQ_U64(strlen(v), 1024);
    for (int j = 0; j < 1024; j++)
      if (v[j] != '0' + (i + j) % 10) FAIL("%s differs at byte %d", key, j);
  }
  const char *big = getenv("BIG");
  if (big == NULL) FAIL("BIG missing");
  EXPECT_EQ_U64(strlen(big), 16384);
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_environ_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, 65);
  EXPECT_EQ_U64(size, 64 * (7 + 1024 + 1) + 4 + 16384 + 1);
  return 0;
}
