/* fd_write and fd_read move the file position; several iovecs are gathered
   and scattered in order; a read at end of file returns 0 bytes. */
#include "common.h"

int main(void) {
  __wasi_fd_t dir = preopen("/sandbox");
  __wasi_fd_t fd = must_open(dir, "new.txt", __WASI_OFLAGS_CREAT, RIGHTS_RW, 0);

  /* Gathered write: wasmtime writes only the first non-empty iovec per call,
     so loop until everything is out, as the spec allows short writes. */
  const char *parts[] = {"", "hello ", "", "world", "\n"};
  size_t total = 0;
  __wasi_ciovec_t iovs[5];
  for (int i = 0; i < 5; i++) iovs[i] = (__wasi_ciovec_t){(const uint8_t *)parts[i], strlen(parts[i])};
  size_t want = 12, first = 0;
  while (total < want) {
    __wasi_size_t n;
    EXPECT_OK(__wasi_fd_write(fd, iovs + first, 5 - first, &n));
    if (n == 0) FAIL("fd_write wrote 0 bytes with %zu left", want - total);
    total += n;
    while (n > 0) {
      size_t take = n < iovs[first].buf_len ? n : iovs[first].buf_len;
      iovs[first].buf += take;
      iovs[first].buf_len -= take;
      n -= take;
      if (iovs[first].buf_len == 0 && first < 4) first++;
    }
  }
  __wasi_filesize_t pos;
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 12);

  /* A read at end of file returns 0 and leaves the position alone. */
  char buf[32];
  EXPECT_EQ_U64(read_str(fd, buf, sizeof buf), 0);
  EXPECT_OK(__wasi_fd_tell(fd, &pos));
  EXPECT_EQ_U64(pos, 12);

  /* Scattered read from the start: bytes land in order across the iovecs. */
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  char a[3] = {0}, b[20] = {0};
  size_t got = 0;
  while (got < 12) {
    __wasi_iovec_t riovs[2];
    if (got < 3) {
      riovs[0] = (__wasi_iovec_t){(uint8_t *)a + got, 3 - got};
      riovs[1] = (__wasi_iovec_t){(uint8_t *)b, sizeof b};
    } else {
      riovs[0] = (__wasi_iovec_t){(uint8_t *)b + (got - 3), sizeof b - (got - 3)};
      riovs[1] = (__wasi_iovec_t){(uint8_t *)b, 0};
    }
    __wasi_size_t n;
    EXPECT_OK(__wasi_fd_read(fd, riovs, 2, &n));
    if (n == 0) FAIL("early end of file after %zu bytes", got);
    got += n;
  }
  if (memcmp(a, "hel", 3) != 0) FAIL("first iovec holds \"%.3s\", expected \"hel\"", a);
  if (memcmp(b, "lo world\n", 9) != 0) FAIL("second iovec holds \"%.9s\"", b);

  /* Partial reads continue where the last one stopped. */
  EXPECT_OK(__wasi_fd_seek(fd, 6, __WASI_WHENCE_SET, &pos));
  __wasi_iovec_t one = {(uint8_t *)buf, 3};
  __wasi_size_t n;
  EXPECT_OK(__wasi_fd_read(fd, &one, 1, &n));
  EXPECT_EQ_U64(n, 3);
  EXPECT_OK(__wasi_fd_read(fd, &one, 1, &n));
  EXPECT_EQ_U64(n, 3);
  if (memcmp(buf, "ld\n", 3) != 0) FAIL("second partial read gave \"%.3s\"", buf);

  /* Writing in the middle overwrites, it does not insert. */
  EXPECT_OK(__wasi_fd_seek(fd, 0, __WASI_WHENCE_SET, &pos));
  write_str(fd, "J");
  EXPECT_OK(__wasi_fd_close(fd));
  expect_content(dir, "new.txt", "Jello world\n");
  return 0;
}
