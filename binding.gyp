{
  "targets": [
    {
      "target_name": "wasi_host",
      "sources": ["native/wasi_host.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Werror"]
    }
  ]
}
