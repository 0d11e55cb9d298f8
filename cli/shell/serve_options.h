// ServeOptions: the command line of `s3lite serve` (HTTP query service).
//
//   s3lite serve [--listen HOST:PORT] [--token-file F] [--max-body-bytes N]
//                [--timeout-ms MS] [--session-idle-ms MS] [--max-sessions N]
//                [--threads N] [store options] STORE
//
// Store options are the shared StoreCli ones (cli/common/store_cli.h).
// ParseServeArgs prints help/errors itself (CLI11) and returns the exit code
// to use when the caller should stop (help, bad arguments).
//
// Thread-safety: plain configuration, read-only after parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/common/store_cli.h"

namespace s3lite {

struct ServeOptions {
  StoreCli store;
  std::string listen = "127.0.0.1:8080";
  std::string token_file;              // empty: no authentication
  int64_t max_body_bytes = 1 << 20;    // larger request bodies get 413
  int64_t timeout_ms = 30'000;         // per-request time limit (0 = none)
  int64_t session_idle_ms = 30'000;    // idle sessions are rolled back and closed
  int64_t max_sessions = 64;
  int64_t threads = 8;                 // HTTP worker threads

  // "HOST:PORT" split; InvalidArgument for a malformed --listen.
  Result<std::pair<std::string, int>> ListenAddress() const;
};

// Parses argv (argv[0] == "serve"). Returns nullopt to continue, or the exit
// code to return (0 after --help, 2 after a usage error).
std::optional<int> ParseServeArgs(int argc, char** argv, ServeOptions* out);

}  // namespace s3lite
