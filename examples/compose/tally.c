/*
 * The legacy half of the compose example: a preview1 program that knows
 * nothing of components. It reads numbers, one a line, from stdin and writes
 * how many there were, their sum and the largest to the file named by its
 * argument.
 */
#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: tally RESULT-FILE < numbers\n");
    return 2;
  }
  unsigned long long count = 0, sum = 0, max = 0, n;
  while (scanf("%llu", &n) == 1) {
    count++;
    sum += n;
    if (n > max) max = n;
  }
  if (!feof(stdin)) {
    fprintf(stderr, "tally: a line that is not a number\n");
    return 1;
  }
  FILE *out = fopen(argv[1], "w");
  if (out == NULL) {
    perror(argv[1]);
    return 1;
  }
  fprintf(out, "count %llu\nsum %llu\nmax %llu\n", count, sum, max);
  return fclose(out) == 0 ? 0 : 1;
}
