// `s3lite serve`: SQL over HTTP on one store (docs/SERVE.md).
//
// Startup: parse options, open the store and Database, bind, print
// "listening on http://HOST:PORT" on stdout (tests and scripts read it when
// --listen uses port 0). SIGTERM/SIGINT: stop accepting, let requests in
// flight finish, roll back open sessions, Database::Close() (final
// checkpoint), exit 0.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <thread>

#include "cli/shell/serve_options.h"
#include "cli/shell/serve_server.h"
#include "cli/shell/subcommand.h"

namespace s3lite {
namespace {

constexpr const char* kProgram = "s3lite serve";

int ServeMain(int argc, char** argv) {
  ServeOptions options;
  if (std::optional<int> rc = ParseServeArgs(argc, argv, &options)) return *rc;

#ifndef S3LITE_HAVE_HTTPLIB
  std::fprintf(stderr, "%s: this s3lite was built without cpp-httplib (libcpp-httplib-dev)\n", kProgram);
  return 1;
#else
  BearerAuth auth;
  if (!options.token_file.empty()) {
    Result<BearerAuth> loaded = BearerAuth::Load(options.token_file);
    if (!loaded.ok()) {
      PrintFatal(kProgram, loaded.status());
      return 1;
    }
    auth = std::move(loaded).value();
  }

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Result<OpenedDatabase> opened = OpenDatabase(options.store);
  if (!opened.ok()) {
    PrintFatal(kProgram, opened.status());
    return 1;
  }
  int exit_code = 0;
  {
    QueryServer server(options, opened->db, std::move(auth), opened->location);
    Result<int> port = server.Bind();
    if (!port.ok()) {
      PrintFatal(kProgram, port.status());
      (void)opened->db->Close();
      return 1;
    }
    Result<std::pair<std::string, int>> addr = options.ListenAddress();
    std::printf("listening on http://%s:%d\n", addr->first.c_str(), *port);
    std::fflush(stdout);
    std::fprintf(stderr, "%s: %s on http://%s:%d%s\n", kProgram, opened->location.c_str(), addr->first.c_str(),
                 *port, options.token_file.empty() ? "" : " (bearer token required)");

    std::thread waiter([&] {
      int sig = 0;
      sigwait(&stop_signals, &sig);
      std::fprintf(stderr, "%s: %s received, finishing requests in flight\n", kProgram,
                   sig == SIGINT ? "SIGINT" : "SIGTERM");
      server.Stop();
    });
    Status run = server.Run();
    if (!run.ok()) {
      PrintFatal(kProgram, run);
      exit_code = 1;
      pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter (signal is blocked: sigwait takes it)
    }
    waiter.join();
  }
  Status closed = opened->db->Close();
  if (!closed.ok()) {
    PrintFatal(kProgram, closed.WithContext("final checkpoint"));
    return 1;
  }
  std::fprintf(stderr, "%s: stopped\n", kProgram);
  return exit_code;
#endif
}

ShellSubcommandRegistration registration{"serve", "Serve SQL over HTTP (s3lite serve -help)", &ServeMain};

}  // namespace
}  // namespace s3lite
