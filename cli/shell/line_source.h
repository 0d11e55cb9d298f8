// LineSource: where the shell reads its input lines from.
//
//  FileLineSource   a FILE* (stdin when it is not a terminal, .read FILE):
//                   no prompt; a '\r' before the '\n' is dropped as sqlite3 does
//  EditLineSource   the interactive terminal: prompts "s3lite> " and
//                   "   ...> ", line editing and history (~/.s3lite_history)
//                   through libedit when the build has it, plain stdin otherwise
//
// Thread-safety: used by the shell's thread only.
#pragma once

#include <cstdio>
#include <memory>
#include <string>

namespace s3lite {

class LineSource {
 public:
  virtual ~LineSource() = default;
  // Next line without its newline. `continuation`: SQL is pending (the
  // interactive prompt changes). False at end of input.
  virtual bool ReadLine(std::string* line, bool continuation) = 0;
  // 1-based number of the line last returned.
  virtual int line_number() const = 0;
  virtual bool interactive() const = 0;
  // True once after Ctrl-C abandoned the line being edited: the caller
  // drops any pending SQL (the line returned is empty).
  virtual bool TakeCancelled() { return false; }
};

class FileLineSource : public LineSource {
 public:
  // Does not take ownership of `file`.
  explicit FileLineSource(std::FILE* file) : file_(file) {}
  ~FileLineSource() override;
  FileLineSource(const FileLineSource&) = delete;
  FileLineSource& operator=(const FileLineSource&) = delete;
  bool ReadLine(std::string* line, bool continuation) override;
  int line_number() const override { return line_; }
  bool interactive() const override { return false; }

 private:
  std::FILE* file_;
  char* buf_ = nullptr;  // getline's buffer (malloc'ed)
  size_t cap_ = 0;
  int line_ = 0;
};

// Called from the SIGINT handler (async-signal-safe): lets an interactive
// source tell a Ctrl-C at the prompt from the end of input.
void NoteInterruptSignal();

// Interactive input. The history file is loaded on construction and saved
// on destruction (when HOME is set).
std::unique_ptr<LineSource> NewEditLineSource();

}  // namespace s3lite
