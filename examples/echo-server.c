/*
 * A TCP echo server on a preopened listener, in the shape event loops use:
 * everything non-blocking, one poll() over the listener and every connection.
 *
 *   p1run --tcplisten 127.0.0.1:8080 examples/echo-server.wasm [CONNECTIONS]
 *
 * It finds the listener as the first fd after stdio that is a stream socket,
 * echoes every byte back, half-closes a connection once its peer has finished
 * and everything is sent, and exits 0 after CONNECTIONS connections (default:
 * serve forever). A summary goes to stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <wasi/api.h>

#define MAX_CONNS 256
#define BUF_SIZE 65536

struct conn {
  int fd;
  size_t start, end; /* bytes received but not yet sent back */
  int peer_done;
  unsigned char buf[BUF_SIZE];
};

static struct conn *conns[MAX_CONNS];
static int nconns;

static int find_listener(void) {
  for (int fd = 3; fd < 64; fd++) {
    __wasi_fdstat_t st;
    if (__wasi_fd_fdstat_get(fd, &st) != 0) continue;
    if (st.fs_filetype == __WASI_FILETYPE_SOCKET_STREAM) return fd;
  }
  return -1;
}

static int set_nonblocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  return flags < 0 ? -1 : fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

static void drop_conn(int i) {
  close(conns[i]->fd);
  free(conns[i]);
  conns[i] = conns[--nconns];
}

/* Accepts every pending connection; EAGAIN means none is left. */
static void accept_all(int listener, long *accepted) {
  while (nconns < MAX_CONNS) {
    int fd = accept(listener, NULL, NULL);
    if (fd < 0) {
      if (errno != EAGAIN) perror("accept");
      return;
    }
    if (set_nonblocking(fd) != 0) {
      perror("fcntl");
      close(fd);
      continue;
    }
    struct conn *c = calloc(1, sizeof *c);
    c->fd = fd;
    conns[nconns++] = c;
    (*accepted)++;
  }
}

/* Moves bytes one step: returns 1 when the connection is finished. */
static int serve(struct conn *c, short revents, unsigned long long *echoed) {
  if ((revents & (POLLIN | POLLHUP)) && !c->peer_done && c->end < BUF_SIZE) {
    ssize_t n = recv(c->fd, c->buf + c->end, BUF_SIZE - c->end, 0);
    if (n > 0) c->end += n;
    else if (n == 0) c->peer_done = 1;
    else if (errno != EAGAIN) { perror("recv"); return 1; }
  }
  if (c->end > c->start) {
    ssize_t n = send(c->fd, c->buf + c->start, c->end - c->start, 0);
    if (n > 0) {
      c->start += n;
      *echoed += n;
    } else if (n < 0 && errno != EAGAIN) { perror("send"); return 1; }
    if (c->start == c->end) c->start = c->end = 0;
  }
  if (c->peer_done && c->start == c->end) {
    if (shutdown(c->fd, SHUT_WR) != 0) perror("shutdown");
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  long limit = argc > 1 ? atol(argv[1]) : -1;
  int listener = find_listener();
  if (listener < 0) {
    fprintf(stderr, "echo-server: no listening socket (run with --tcplisten HOST:PORT)\n");
    return 2;
  }
  if (set_nonblocking(listener) != 0) { perror("fcntl"); return 1; }
  long accepted = 0, finished = 0;
  unsigned long long echoed = 0;
  static struct pollfd fds[MAX_CONNS + 1];
  while (limit < 0 || finished < limit) {
    int listening = limit < 0 || accepted < limit;
    int n = 0;
    if (listening) fds[n++] = (struct pollfd){ .fd = listener, .events = POLLIN };
    for (int i = 0; i < nconns; i++) {
      struct conn *c = conns[i];
      short want = 0;
      if (!c->peer_done && c->end < BUF_SIZE) want |= POLLIN;
      if (c->end > c->start) want |= POLLOUT;
      fds[n++] = (struct pollfd){ .fd = c->fd, .events = want };
    }
    if (poll(fds, n, -1) < 0) { perror("poll"); return 1; }
    int base = 0;
    if (listening) {
      if (fds[0].revents & POLLIN) accept_all(listener, &accepted);
      base = 1;
    }
    /* Walk backwards so dropping a connection (swap with the last) skips nothing unvisited. */
    for (int i = n - base - 1; i >= 0; i--) {
      if (fds[base + i].revents == 0) continue;
      if (serve(conns[i], fds[base + i].revents, &echoed)) {
        drop_conn(i);
        finished++;
      }
    }
  }
  fprintf(stderr, "echo-server: %ld connections, %llu bytes echoed\n", finished, echoed);
  return 0;
}
