#include "cli/shell/serve_options.h"

#include <cstdlib>

namespace s3lite {

Result<std::pair<std::string, int>> ServeOptions::ListenAddress() const {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return Status::InvalidArgument("--listen wants HOST:PORT, got \"" + listen + "\"");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  char* end = nullptr;
  long port = std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) {
    return Status::InvalidArgument("--listen: bad port in \"" + listen + "\"");
  }
  return std::make_pair(host, static_cast<int>(port));
}

std::optional<int> ParseServeArgs(int argc, char** argv, ServeOptions* out) {
  CLI::App app{"Serve SQL over HTTP: POST /query, GET /tables, GET /health (see docs/SERVE.md)", "s3lite serve"};
  app.add_option("--listen", out->listen, "Address to listen on (port 0: any free port, printed)")
      ->type_name("HOST:PORT")->capture_default_str();
  app.add_option("--token-file", out->token_file,
                 "File holding the bearer token clients must send (Authorization: Bearer ...)")
      ->type_name("FILE")->check(CLI::ExistingFile);
  app.add_option("--max-body-bytes", out->max_body_bytes, "Largest accepted request body (else 413)")
      ->type_name("N")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--timeout-ms", out->timeout_ms, "Per-request time limit; 0 = none (else 503 timeout)")
      ->type_name("MS")->capture_default_str()->check(CLI::NonNegativeNumber);
  app.add_option("--session-idle-ms", out->session_idle_ms,
                 "Sessions idle this long are rolled back and closed")
      ->type_name("MS")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--max-sessions", out->max_sessions, "Most open sessions (else 503)")
      ->type_name("N")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--threads", out->threads, "HTTP worker threads (parallel requests)")
      ->type_name("N")->capture_default_str()->check(CLI::Range(1, 1024));
  out->store.AddOptions(&app);
  app.add_option("STORE", out->store.store, "Store: a directory or s3://bucket/prefix");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace s3lite
