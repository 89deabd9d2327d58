#include "common.h"

/* exit(42) flushes stdio, then proc_exit(42) ends the module: the
   code is the exit status, output written before survives, and nothing
   after the call runs. */
int main(void) {
  printf("stdout before exit\n");
  fprintf(stderr, "stderr before exit\n");
  exit(42);
  FAIL("exit returned");
}
