#include "cli/shell/shell_args.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>

#include "cli/shell/subcommand.h"

namespace s3lite {
namespace {

struct SqliteFlag {
  const char* name;      // as sqlite3 spells it, without the dash
  const char* arg;       // value name, or nullptr for a flag
  const char* help;
};

// The sqlite3-style options. Order here is the order of -help.
constexpr SqliteFlag kFlags[] = {
    {"as-of", "N", "open read-only and run every statement at retained version N"},
    {"ascii", nullptr, "set output mode to 'ascii'"},
    {"bail", nullptr, "stop after hitting an error"},
    {"batch", nullptr, "force batch I/O (no banner, no prompt)"},
    {"box", nullptr, "set output mode to 'box'"},
    {"cmd", "COMMAND", "run \"COMMAND\" before reading stdin"},
    {"column", nullptr, "set output mode to 'column'"},
    {"csv", nullptr, "set output mode to 'csv'"},
    {"echo", nullptr, "print inputs before execution"},
    {"header", nullptr, "turn headers on"},
    {"noheader", nullptr, "turn headers off"},
    {"help", nullptr, "show this message"},
    {"html", nullptr, "set output mode to HTML"},
    {"interactive", nullptr, "force interactive I/O"},
    {"json", nullptr, "set output mode to 'json'"},
    {"line", nullptr, "set output mode to 'line'"},
    {"list", nullptr, "set output mode to 'list'"},
    {"markdown", nullptr, "set output mode to 'markdown'"},
    {"newline", "SEP", "set output row separator. Default: '\\n'"},
    {"nullvalue", "TEXT", "set text string for NULL values. Default ''"},
    {"quote", nullptr, "set output mode to 'quote'"},
    {"readonly", nullptr, "open the database read-only (same as --read-only)"},
    {"separator", "SEP", "set output column separator. Default: '|'"},
    {"table", nullptr, "set output mode to 'table'"},
    {"tabs", nullptr, "set output mode to 'tabs'"},
    {"version", nullptr, "show the s3lite version"},
    {"writer", nullptr, "take over as the writer now (same as --writer)"},
};

const SqliteFlag* FindFlag(const std::string& name) {
  for (const SqliteFlag& f : kFlags) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

// The double-dash spelling CLI11 knows.
std::string LongName(const std::string& name) { return name == "readonly" ? "--read-only" : "--" + name; }

std::string BuildHelp(CLI::App& app) {
  std::string h =
      "Usage: s3lite [OPTIONS] [STORE] [SQL]...\n"
      "STORE is a local directory (created when missing; default \"s3lite-data\")\n"
      "or s3://bucket[/prefix]. With SQL (or -c/-e SQL) the statements run and the\n"
      "shell exits; otherwise SQL is read from stdin, as a REPL on a terminal.\n"
      "Options are spelled as in sqlite3 (one dash); --name works too.\n"
      "OPTIONS include:\n";
  char buf[256];
  std::snprintf(buf, sizeof buf, "   %-20s %s\n", "-c SQL, -e SQL", "run SQL and exit");
  h += buf;
  for (const SqliteFlag& f : kFlags) {
    std::string spelled = std::string("-") + f.name + (f.arg ? std::string(" ") + f.arg : "");
    std::snprintf(buf, sizeof buf, "   %-20s %s\n", spelled.c_str(), f.help);
    h += buf;
  }
  h += "Store options:\n";
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group() != "Store options") continue;
    std::string names;
    for (const std::string& n : opt->get_lnames()) names += (names.empty() ? "--" : ", --") + n;
    if (opt->get_type_size() != 0) {
      std::string type = opt->get_type_name();
      names += " " + type.substr(0, type.find(':'));  // drop CLI11's ":POSITIVE" validator tag
    }
    std::string desc = opt->get_description();
    if (!opt->get_default_str().empty()) desc += " (default " + opt->get_default_str() + ")";
    std::snprintf(buf, sizeof buf, "   %-34s %s\n", names.c_str(), desc.c_str());
    h += buf;
  }
  if (!ShellSubcommands().empty()) {
    h += "Subcommands:\n";
    for (const ShellSubcommand& s : ShellSubcommands()) {
      std::snprintf(buf, sizeof buf, "   s3lite %-13s %s (s3lite %s --help)\n", s.name, s.help, s.name);
      h += buf;
    }
  }
  h += "Dot commands: run .help inside the shell. Credentials come from the AWS chain\n"
       "(AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, ~/.aws/credentials), never from argv.\n";
  return h;
}

}  // namespace

bool ParseShellArgs(int argc, char** argv, ShellArgs* args, std::string* error, std::string* help) {
  // Fast path: no word looks like an option (`s3lite STORE [SQL]...`, how
  // the benchmarks and most scripts run the shell). CLI11 would give the
  // first word to STORE and the rest to SQL; building its ~40 options costs
  // more than the rest of a one-query process's startup (bench W5).
  bool plain = true;
  for (int i = 1; i < argc && plain; ++i) plain = argv[i][0] != '-';
  if (plain) {
    if (argc > 1) args->store.store = argv[1];
    for (int i = 2; i < argc; ++i) args->sql.emplace_back(argv[i]);
    return true;
  }

  // Pre-pass: sqlite3's single-dash words become CLI11 long options.
  std::vector<std::string> words;
  bool value_next = false;
  bool literal = false;
  for (int i = 1; i < argc; ++i) {
    std::string w = argv[i];
    if (literal || value_next) {
      words.push_back(w);
      value_next = false;
      continue;
    }
    if (w == "--") {
      literal = true;
      words.push_back(w);
      continue;
    }
    if (w.size() > 2 && w[0] == '-' && w[1] != '-') {
      const SqliteFlag* f = FindFlag(w.substr(1));
      if (f == nullptr) {
        *error = "unknown option: " + w + "\nUse -help for a list of options.";
        return false;
      }
      words.push_back(LongName(f->name));
      value_next = f->arg != nullptr;
      continue;
    }
    if (w.size() > 2 && w[0] == '-' && w[1] == '-') {
      const SqliteFlag* f = FindFlag(w.substr(2));
      if (f != nullptr) {
        words.push_back(LongName(f->name));
        value_next = f->arg != nullptr;
        continue;
      }
    }
    if (w == "-c" || w == "-e") value_next = true;
    words.push_back(w);
  }

  CLI::App app{"s3lite: a sqlite3-compatible SQL shell for databases in object storage", "s3lite"};
  app.set_help_flag();
  args->store.AddOptions(&app);
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, int> counts;
  for (const SqliteFlag& f : kFlags) {
    std::string lname = LongName(f.name);
    if (lname == "--read-only" || lname == "--writer") continue;  // registered by StoreCli
    if (f.arg != nullptr) {
      app.add_option(lname, values[f.name], f.help)
          ->type_name(f.arg)
          ->group("sqlite3 options")
          ->allow_extra_args(false)
          ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    } else {
      app.add_flag(lname, counts[f.name], f.help)->group("sqlite3 options");
    }
  }
  app.add_option("-c,-e", args->run_and_exit, "run SQL and exit")
      ->type_name("SQL")
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  app.add_option("store", args->store.store, "local directory or s3://bucket[/prefix]")->type_name("STORE");
  app.add_option("sql", args->sql, "SQL or dot commands to run, in order")->type_name("SQL");

  std::vector<std::string> reversed(words.rbegin(), words.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    *error = e.what();
    return false;
  }

  // With the store given by --data or --s3-bucket, every positional is SQL.
  if ((!args->store.data_dir.empty() || !args->store.s3_bucket.empty()) && !args->store.store.empty()) {
    args->sql.insert(args->sql.begin(), std::move(args->store.store));
    args->store.store.clear();
  }

  // Replay the order-sensitive options in command-line order.
  std::map<const CLI::Option*, size_t> used;
  for (const CLI::Option* opt : app.parse_order()) {
    std::string lname = opt->get_lnames().empty() ? "" : opt->get_lnames()[0];
    if (lname == "read-only") lname = "readonly";
    const SqliteFlag* f = FindFlag(lname);
    if (f == nullptr) continue;
    ShellAction action{f->name, ""};
    if (f->arg != nullptr) {
      size_t i = used[opt]++;
      if (i < opt->results().size()) action.value = opt->results()[i];
    }
    args->actions.push_back(action);
  }
  args->bail = counts["bail"] > 0;
  args->batch = counts["batch"] > 0;
  args->interactive = counts["interactive"] > 0;
  args->echo = counts["echo"] > 0;
  args->show_version = counts["version"] > 0;
  args->show_help = counts["help"] > 0;
  if (args->show_help) *help = BuildHelp(app);
  if (!values["as-of"].empty()) {
    const std::string& v = values["as-of"].back();
    char* end = nullptr;
    errno = 0;
    unsigned long long n = std::strtoull(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno != 0 || n == 0 || v[0] == '-') {
      *error = "-as-of wants a version number (see s3lite-admin versions), got \"" + v + "\"";
      return false;
    }
    if (args->store.writer) {
      *error = "-as-of reads an old version read-only; it cannot be combined with --writer";
      return false;
    }
    args->as_of_version = n;
    args->store.read_only = true;
  }
  return true;
}

}  // namespace s3lite
