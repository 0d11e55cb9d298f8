// box, table, markdown and column modes (exec_prepared_stmt_columnar in
// sqlite3 3.40): the result set is buffered, each value is split into display
// lines (newlines and control bytes end a line, tabs expand to 8-column stops,
// --wrap N wraps long values, --wordwrap prefers word boundaries), widths are
// counted in UTF-8 characters, headers are centred, values left-aligned.
#include <algorithm>
#include <cctype>

#include "cli/common/result_formatter.h"
#include "cli/common/value_render.h"

namespace s3lite {
namespace {

// UTF-8 box drawing pieces, named by the directions they connect
// (1 = up, 2 = right, 3 = down, 4 = left), as in shell.c.
constexpr const char* kBox13 = "\xe2\x94\x82";    // │
constexpr const char* kBox24 = "\xe2\x94\x80";    // ─
constexpr const char* kBox23 = "\xe2\x94\x8c";    // ┌
constexpr const char* kBox34 = "\xe2\x94\x90";    // ┐
constexpr const char* kBox12 = "\xe2\x94\x94";    // └
constexpr const char* kBox14 = "\xe2\x94\x98";    // ┘
constexpr const char* kBox123 = "\xe2\x94\x9c";   // ├
constexpr const char* kBox134 = "\xe2\x94\xa4";   // ┤
constexpr const char* kBox234 = "\xe2\x94\xac";   // ┬
constexpr const char* kBox124 = "\xe2\x94\xb4";   // ┴
constexpr const char* kBox1234 = "\xe2\x94\xbc";  // ┼

int CharCount(const std::string& z) {
  int n = 0;
  for (unsigned char c : z) {
    if ((c & 0xc0) != 0x80) n++;
  }
  return n;
}

// One display line from z[start...]; *next is where the next line of the
// same value starts, or npos when the value is exhausted.
std::string DisplayLine(const std::string& z, size_t start, int max_width, bool word_wrap,
                        size_t* next) {
  auto at = [&](size_t i) -> unsigned char { return i < z.size() ? z[i] : 0; };
  if (max_width < 0) max_width = -max_width;
  if (max_width == 0) max_width = 1000000;
  size_t i = start;
  int n = 0;
  while (n < max_width) {
    if (at(i) >= ' ') {
      n++;
      do { i++; } while ((at(i) & 0xc0) == 0x80);
      continue;
    }
    if (at(i) == '\t') {
      do { n++; } while ((n & 7) != 0 && n < max_width);
      i++;
      continue;
    }
    break;
  }
  size_t k = i;
  if (n >= max_width && word_wrap) {
    size_t half = start + (i - start) / 2;
    for (k = i; k > half; k--) {
      if (std::isspace(at(k - 1))) break;
    }
    if (k <= half) {
      for (k = i; k > half; k--) {
        if ((std::isalnum(at(k - 1)) != 0) != (std::isalnum(at(k)) != 0) && (at(k) & 0xc0) != 0x80) {
          break;
        }
      }
    }
    if (k <= half) {
      k = i;
    } else {
      i = k;
      while (at(i) == ' ') i++;
    }
  }
  if (n >= max_width && at(i) >= ' ') {
    *next = i;
  } else if (at(i) == '\r' && at(i + 1) == '\n') {
    *next = at(i + 2) ? i + 2 : std::string::npos;
  } else if (at(i) == 0 || at(i + 1) == 0) {
    *next = std::string::npos;
  } else {
    *next = i + 1;
  }
  std::string out;
  size_t j = start;
  n = 0;
  while (j < k) {
    if (at(j) >= ' ') {
      n++;
      do { out += static_cast<char>(at(j++)); } while ((at(j) & 0xc0) == 0x80);
      continue;
    }
    if (at(j) == '\t') {
      do {
        n++;
        out += ' ';
      } while ((n & 7) != 0 && n < max_width);
      j++;
      continue;
    }
    break;
  }
  return out;
}

std::string Repeat(const char* piece, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += piece;
  return out;
}

// utf8_width_print: pad (or cut) to `w` characters, left-aligned.
std::string Fit(const std::string& z, int w) {
  int n = 0;
  size_t i = 0;
  for (; i < z.size(); ++i) {
    if ((static_cast<unsigned char>(z[i]) & 0xc0) != 0x80) {
      n++;
      if (n == w) {
        do { i++; } while (i < z.size() && (static_cast<unsigned char>(z[i]) & 0xc0) == 0x80);
        break;
      }
    }
  }
  if (n >= w) return z.substr(0, i);
  return z + std::string(w - n, ' ');
}

std::string Centre(const std::string& z, int w) {
  int n = CharCount(z);
  int left = std::max(0, (w - n) / 2), right = std::max(0, (w - n + 1) / 2);
  return std::string(left, ' ') + z + std::string(right, ' ');
}

// --quote: quoted_column() in shell.c (numbers as text, 'strings', x'hex').
std::string QuotedColumn(const Value& v) {
  if (v.is_blob()) {
    std::string hex = HexBlobLiteral(v.blob());
    hex[0] = 'x';
    return hex;
  }
  if (v.is_text()) return QuoteSqlString(v.text());
  std::optional<std::string> t = ColumnText(v);
  return t ? *t : "NULL";
}

class ColumnarFormatter : public ResultFormatter {
 public:
  ColumnarFormatter(const OutputSettings& s, std::FILE* out) : s_(s), out_(out) {}

  void Begin(const std::vector<std::string>& columns) override {
    ncol_ = columns.size();
    cells_.clear();
    row_div_.clear();
    for (const auto& c : columns) {
      size_t unused;
      cells_.push_back(DisplayLine(c.substr(0, c.find('\0')), 0, s_.wrap, s_.word_wrap, &unused));
    }
  }

  void Row(const s3lite::Row& row) override {
    std::vector<std::string> texts(ncol_);
    for (size_t i = 0; i < ncol_; ++i) {
      const Value& v = i < row.size() ? row[i] : Value();
      if (s_.quote) {
        texts[i] = QuotedColumn(v);
      } else {
        std::optional<std::string> t = ColumnText(v);
        texts[i] = t ? *t : s_.null_value;
      }
    }
    std::vector<size_t> pos(ncol_, 0);
    bool more = true;
    bool first = true;
    while (more) {
      more = false;
      row_div_.push_back(true);
      for (size_t i = 0; i < ncol_; ++i) {
        if (pos[i] == std::string::npos) {
          cells_.emplace_back();
          continue;
        }
        size_t next;
        cells_.push_back(DisplayLine(texts[i], pos[i], s_.wrap, s_.word_wrap, &next));
        pos[i] = next;
        if (next != std::string::npos) {
          more = true;
          row_div_.back() = false;
          multi_line_ = true;
        }
      }
      (void)first;
      first = false;
    }
  }

  void End() override {
    if (ncol_ == 0) return;
    std::vector<int> width(ncol_, 0);
    for (size_t i = 0; i < cells_.size(); ++i) {
      width[i % ncol_] = std::max(width[i % ncol_], CharCount(cells_[i]));
    }
    std::string out;
    const char* col_sep = "  ";
    const char* row_sep = "\n";
    switch (s_.mode) {
      case OutputMode::kColumn:
        if (s_.headers) {
          for (size_t i = 0; i < ncol_; ++i) {
            out += Fit(cells_[i], width[i]);
            out += i + 1 == ncol_ ? "\n" : "  ";
          }
          for (size_t i = 0; i < ncol_; ++i) {
            out += std::string(width[i], '-');
            out += i + 1 == ncol_ ? "\n" : "  ";
          }
        }
        break;
      case OutputMode::kTable:
        col_sep = " | ";
        row_sep = " |\n";
        out += Separator(width, "+");
        out += "| ";
        for (size_t i = 0; i < ncol_; ++i) {
          out += Centre(cells_[i], width[i]);
          out += i + 1 == ncol_ ? " |\n" : " | ";
        }
        out += Separator(width, "+");
        break;
      case OutputMode::kMarkdown:
        col_sep = " | ";
        row_sep = " |\n";
        out += "| ";
        for (size_t i = 0; i < ncol_; ++i) {
          out += Centre(cells_[i], width[i]);
          out += i + 1 == ncol_ ? " |\n" : " | ";
        }
        out += Separator(width, "|");
        break;
      default:  // box
        col_sep = nullptr;
        out += BoxSeparator(width, kBox23, kBox234, kBox34);
        out += std::string(kBox13) + " ";
        for (size_t i = 0; i < ncol_; ++i) {
          out += Centre(cells_[i], width[i]);
          out += i + 1 == ncol_ ? std::string(" ") + kBox13 + "\n" : std::string(" ") + kBox13 + " ";
        }
        out += BoxSeparator(width, kBox123, kBox1234, kBox134);
        break;
    }
    std::string box_col_sep = std::string(" ") + kBox13 + " ";
    std::string box_row_sep = std::string(" ") + kBox13 + "\n";
    size_t total = cells_.size();
    for (size_t i = ncol_, j = 0; i < total; ++i, ++j) {
      if (j == 0 && s_.mode != OutputMode::kColumn) {
        out += s_.mode == OutputMode::kBox ? std::string(kBox13) + " " : "| ";
      }
      out += Fit(cells_[i], width[j]);
      if (j == ncol_ - 1) {
        out += s_.mode == OutputMode::kBox ? box_row_sep : row_sep;
        size_t line = i / ncol_ - 1;
        if (multi_line_ && row_div_[line] && i + 1 < total) {
          if (s_.mode == OutputMode::kTable) {
            out += Separator(width, "+");
          } else if (s_.mode == OutputMode::kBox) {
            out += BoxSeparator(width, kBox123, kBox1234, kBox134);
          } else if (s_.mode == OutputMode::kColumn) {
            out += "\n";
          }
        }
        j = static_cast<size_t>(-1);
        Emit(out_, out);
        out.clear();
      } else {
        out += s_.mode == OutputMode::kBox ? box_col_sep : col_sep;
      }
    }
    if (s_.mode == OutputMode::kTable) {
      out += Separator(width, "+");
    } else if (s_.mode == OutputMode::kBox) {
      out += BoxSeparator(width, kBox12, kBox124, kBox14);
    }
    Emit(out_, out);
  }

 private:
  std::string Separator(const std::vector<int>& width, const char* sep) const {
    std::string out;
    for (size_t i = 0; i < ncol_; ++i) {
      out += sep;
      out += std::string(width[i] + 2, '-');
    }
    out += sep;
    out += "\n";
    return out;
  }

  std::string BoxSeparator(const std::vector<int>& width, const char* first, const char* mid,
                           const char* last) const {
    std::string out = first;
    for (size_t i = 0; i < ncol_; ++i) {
      if (i > 0) out += mid;
      out += Repeat(kBox24, width[i] + 2);
    }
    out += last;
    out += "\n";
    return out;
  }

  OutputSettings s_;
  std::FILE* out_;
  size_t ncol_ = 0;
  std::vector<std::string> cells_;  // header line, then display lines, ncol_ per line
  std::vector<bool> row_div_;       // per display line: true if a row ends there
  bool multi_line_ = false;
};

}  // namespace

std::unique_ptr<ResultFormatter> NewColumnarFormatter(const OutputSettings& s, std::FILE* out) {
  return std::make_unique<ColumnarFormatter>(s, out);
}

}  // namespace s3lite
