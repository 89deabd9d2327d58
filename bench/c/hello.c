/* The start-up workload: the smallest real preview1 program, so the figure
   is the cost of compiling, instantiating and running a module. */
#include <stdio.h>

int main(void) {
  puts("hello, world");
  return 0;
}
