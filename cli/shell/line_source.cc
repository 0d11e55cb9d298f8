#include "cli/shell/line_source.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <type_traits>

#ifdef S3LITE_HAVE_LIBEDIT
#include <dlfcn.h>
#include <editline/readline.h>
#endif

namespace s3lite {

FileLineSource::~FileLineSource() { std::free(buf_); }

bool FileLineSource::ReadLine(std::string* line, bool /*continuation*/) {
  // getline reads a block at a time (a bench INSERT line is ~25 KB; one
  // fgetc per byte was measurable).
  ssize_t n = getline(&buf_, &cap_, file_);
  if (n < 0) {
    line->clear();
    return false;
  }
  size_t len = static_cast<size_t>(n);
  if (len > 0 && buf_[len - 1] == '\n') len--;
  if (len > 0 && buf_[len - 1] == '\r') len--;
  line->assign(buf_, len);
  line_++;
  return true;
}

namespace {

std::atomic<int> g_interrupts{0};

constexpr const char* kPrompt = "s3lite> ";
constexpr const char* kContinuationPrompt = "   ...> ";

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0') return "";
  return std::string(home) + "/.s3lite_history";
}

// libedit is loaded with dlopen when an interactive session starts, not
// linked: batch runs (scripts, pipes, the benchmarks) then never pay for
// loading it and its dependencies at process start. Without it (not
// installed) the prompt reads plain lines.
struct EditApi {
  bool ok = false;
#ifdef S3LITE_HAVE_LIBEDIT
  decltype(&::readline) readline = nullptr;
  decltype(&::add_history) add_history = nullptr;
  decltype(&::read_history) read_history = nullptr;
  decltype(&::write_history) write_history = nullptr;
  decltype(&::using_history) using_history = nullptr;
  decltype(&::stifle_history) stifle_history = nullptr;
#endif
};

const EditApi& Edit() {
  static const EditApi api = [] {
    EditApi a;
#ifdef S3LITE_HAVE_LIBEDIT
    void* lib = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) return a;
    auto load = [lib](const char* name, auto* fn) {
      *fn = reinterpret_cast<std::remove_pointer_t<decltype(fn)>>(dlsym(lib, name));
      return *fn != nullptr;
    };
    a.ok = load("readline", &a.readline) && load("add_history", &a.add_history) &&
           load("read_history", &a.read_history) && load("write_history", &a.write_history) &&
           load("using_history", &a.using_history) && load("stifle_history", &a.stifle_history);
#endif
    return a;
  }();
  return api;
}

class EditLineSource : public LineSource {
 public:
  EditLineSource() : history_(HistoryPath()) {
#ifdef S3LITE_HAVE_LIBEDIT
    if (Edit().ok) {
      Edit().using_history();
      Edit().stifle_history(2000);
      if (!history_.empty()) Edit().read_history(history_.c_str());
    }
#endif
  }

  ~EditLineSource() override {
#ifdef S3LITE_HAVE_LIBEDIT
    if (Edit().ok && !history_.empty()) Edit().write_history(history_.c_str());
#endif
  }

  bool ReadLine(std::string* line, bool continuation) override {
    const char* prompt = continuation ? kContinuationPrompt : kPrompt;
    int interrupts_before = g_interrupts.load();
#ifdef S3LITE_HAVE_LIBEDIT
    if (Edit().ok) {
      char* raw = Edit().readline(prompt);
      if (raw == nullptr && g_interrupts.load() != interrupts_before) {
        // Ctrl-C at the prompt: abandon the line, keep the shell.
        std::fputs("\n", stdout);
        line->clear();
        cancelled_ = true;
        return true;
      }
      if (raw == nullptr) return false;
      *line = raw;
      std::free(raw);
      if (!line->empty()) Edit().add_history(line->c_str());
      line_++;
      return true;
    }
#endif
    std::fputs(prompt, stdout);
    std::fflush(stdout);
    FileLineSource in(stdin);
    if (!in.ReadLine(line, continuation)) {
      if (g_interrupts.load() == interrupts_before) return false;
      std::clearerr(stdin);
      std::fputs("\n", stdout);
      line->clear();
      cancelled_ = true;
      return true;
    }
    line_++;
    return true;
  }

  int line_number() const override { return line_; }
  bool interactive() const override { return true; }
  bool TakeCancelled() override {
    bool c = cancelled_;
    cancelled_ = false;
    return c;
  }

 private:
  bool cancelled_ = false;
  std::string history_;
  int line_ = 0;
};

}  // namespace

void NoteInterruptSignal() { g_interrupts.fetch_add(1, std::memory_order_relaxed); }

std::unique_ptr<LineSource> NewEditLineSource() { return std::make_unique<EditLineSource>(); }

}  // namespace s3lite
