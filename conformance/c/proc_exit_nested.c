#include "common.h"

/* proc_exit from deep inside a recursion (2000 frames) unwinds everything
   at once: status 7, no frame returns, and output written on the way down
   survives. */
static volatile int returned = 0;
static int dive(int depth) {
  if (depth == 2000) {
    printf("bottom reached\n");
    fflush(stdout);
    __wasi_proc_exit(7);
  }
  int r = dive(depth + 1) + 1;
  returned = 1;
  printf("frame %d returned\n", depth);
  return r;
}
int main(void) {
  printf("diving\n");
  dive(0);
  printf("main continued\n");
  return returned;
}
