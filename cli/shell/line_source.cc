#include "cli/shell/line_source.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

#ifdef S3LITE_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace s3lite {

bool FileLineSource::ReadLine(std::string* line, bool /*continuation*/) {
  line->clear();
  int c;
  bool any = false;
  while ((c = std::fgetc(file_)) != EOF) {
    any = true;
    if (c == '\n') break;
    line->push_back(static_cast<char>(c));
  }
  if (!any) return false;
  if (!line->empty() && line->back() == '\r') line->pop_back();
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

class EditLineSource : public LineSource {
 public:
  EditLineSource() : history_(HistoryPath()) {
#ifdef S3LITE_HAVE_LIBEDIT
    using_history();
    stifle_history(2000);
    if (!history_.empty()) read_history(history_.c_str());
#endif
  }

  ~EditLineSource() override {
#ifdef S3LITE_HAVE_LIBEDIT
    if (!history_.empty()) write_history(history_.c_str());
#endif
  }

  bool ReadLine(std::string* line, bool continuation) override {
    const char* prompt = continuation ? kContinuationPrompt : kPrompt;
    int interrupts_before = g_interrupts.load();
#ifdef S3LITE_HAVE_LIBEDIT
    char* raw = readline(prompt);
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
    if (!line->empty()) add_history(line->c_str());
#else
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
#endif
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
