#include "common.h"

/* environ_get fills exactly what environ_sizes_get announced, as packed
   NUL-terminated "KEY=VALUE" strings; values may be empty or contain '='.
   Order is not specified, so entries are matched as a set. */
int main(void) {
  const char *want[] = {"A=1", "EMPTY=", "EQ=a=b=c", "SPACES=x y  z", "lower_case=ok"};
  const size_t n = sizeof want / sizeof *want;
  __wasi_size_t count, size;
  EXPECT_OK(__wasi_environ_sizes_get(&count, &size));
  EXPECT_EQ_U64(count, n);
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += strlen(want[i]) + 1;
  EXPECT_EQ_U64(size, total);
  uint8_t **env = calloc(count + 1, sizeof *env);
  uint8_t *buf = malloc(size + 16);
  memset(buf, 0xAA, size + 16);
  env[count] = (uint8_t *)0x1234;
  EXPECT_OK(__wasi_environ_get(env, buf));
  if (env[count] != (uint8_t *)0x1234) FAIL("environ_get wrote past environ[count-1]");
  for (int i = 0; i < 16; i++)
    if (buf[size + i] != 0xAA) FAIL("environ_get wrote past the announced size");
  int seen[8] = {0};
  for (size_t i = 0; i < count; i++) {
    if (env[i] < buf || env[i] >= buf + size) FAIL("environ[%zu] points outside the buffer", i);
    size_t j = 0;
    while (j < n && strcmp((char *)env[i], want[j]) != 0) j++;
    if (j == n) FAIL("unexpected entry \"%s\"", (char *)env[i]);
    if (seen[j]++) FAIL("entry \"%s\" twice", want[j]);
  }
  EXPECT_STR(getenv("EQ"), "a=b=c");
  EXPECT_STR(getenv("EMPTY"), "");
  puts("ok");
  return 0;
}
