// Recursive-descent parser. Internally a syntax error unwinds with a private
// exception type that ParseStatement converts into a Status; nothing escapes.
#include "sql/parser/parser.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace s3lite::sql {

namespace {

struct SyntaxError {
  std::string message;
  int offset = -1;  // byte offset of the offending token, -1 if none
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view sql, size_t start) : sql_(sql), lexer_(sql, start) {}

  ParsedStatement ParseOne() {
    ParsedStatement out;
    while (Peek().IsOp(";")) Advance();
    if (Peek().type == TokenType::kEnd) {
      out.begin = out.end = out.text_end = sql_.size();
      return out;
    }
    out.begin = Peek().pos;
    out.stmt = ParseStmt();
    out.text_end = last_end_;
    const Token& t = Peek();
    if (t.IsOp(";")) {
      Advance();
    } else if (t.type != TokenType::kEnd) {
      Fail(t);
    }
    out.end = last_end_;
    out.max_param = max_param_;
    out.as_of_version = as_of_version_;
    return out;
  }

  ExprPtr ParseStandaloneExpr() {
    ExprPtr e = ParseExpr();
    if (Peek().type != TokenType::kEnd) Fail(Peek());
    return e;
  }

 private:
  // ---- token stream ----
  // Tokens live in a ring of kRing slots: the current one, up to two
  // after it (Peek(2)), and the most recent ones before it. A reference
  // from Peek()/Advance() stays valid until about five more tokens have
  // been consumed; the grammar never holds one across a sub-parse.
  static constexpr size_t kRing = 8;
  const Token& Peek() {
    if (lexed_ == cur_) tokens_[lexed_++ % kRing] = lexer_.Next();
    return tokens_[cur_ % kRing];
  }
  const Token& Peek(size_t ahead) {
    while (lexed_ <= cur_ + ahead) tokens_[lexed_++ % kRing] = lexer_.Next();
    return tokens_[(cur_ + ahead) % kRing];
  }
  const Token& Advance() {
    const Token& t = Peek();
    last_end_ = t.pos + t.text.size();
    cur_++;
    return t;
  }
  [[noreturn]] void Fail(const Token& t) {
    if (t.type == TokenType::kEnd) throw SyntaxError{"incomplete input"};
    if (t.type == TokenType::kIllegal && !t.text.empty() &&
        (t.text[0] == '\'' || t.text[0] == '"' || t.text[0] == '[' || t.text[0] == '`')) {
      throw SyntaxError{"unrecognized token: \"" + std::string(t.text) + "\"", static_cast<int>(t.pos)};
    }
    if (t.type == TokenType::kIllegal) {
      throw SyntaxError{"unrecognized token: \"" + std::string(t.text) + "\"", static_cast<int>(t.pos)};
    }
    throw SyntaxError{"near \"" + std::string(t.text) + "\": syntax error", static_cast<int>(t.pos)};
  }
  [[noreturn]] void FailMsg(std::string msg) { throw SyntaxError{std::move(msg)}; }
  bool AcceptWord(Word w) {
    if (Peek().Is(w)) {
      Advance();
      return true;
    }
    return false;
  }
  void ExpectWord(Word w) {
    if (!AcceptWord(w)) Fail(Peek());
  }
  bool AcceptOp(std::string_view op) {
    if (Peek().IsOp(op)) {
      Advance();
      return true;
    }
    return false;
  }
  void ExpectOp(std::string_view op) {
    if (!AcceptOp(op)) Fail(Peek());
  }
  bool IsName(const Token& t) {
    if (t.type == TokenType::kQuotedId) return true;
    if (t.type == TokenType::kString) return true;  // SQLite accepts 'x' as a name in many places
    return t.type == TokenType::kIdentifier && !t.reserved();
  }
  std::string ExpectName() {
    const Token& t = Peek();
    if (t.type == TokenType::kQuotedId || t.type == TokenType::kString) return Advance().Decoded();
    // Keywords that are not reserved can serve as names.
    if (t.type == TokenType::kIdentifier && !t.reserved()) return std::string(Advance().text);
    Fail(t);
  }
  // Optional "main." / "temp." schema qualifier, then a name.
  std::string ExpectQualifiedName() {
    std::string n = ExpectName();
    if (Peek().IsOp(".")) {
      Advance();
      n = ExpectName();
    }
    return n;
  }
  std::string SpanFrom(size_t begin) { return std::string(sql_.substr(begin, last_end_ - begin)); }

  // ---- statements ----
  StmtPtr ParseStmt() {
    const Token& t = Peek();
    if (t.Is("explain")) {
      Advance();
      auto e = std::make_unique<ExplainStmt>();
      if (AcceptWord("query")) {
        ExpectWord("plan");
        e->query_plan = true;
      }
      e->inner = ParseStmt();
      return e;
    }
    if (t.Is("with")) {  // WITH ... SELECT, or WITH ... INSERT/UPDATE/DELETE
      auto with = std::make_unique<SelectStmt>();
      ParseWith(with.get());
      const Token& n = Peek();
      if (n.Is("insert") || n.Is("replace") || n.Is("update") || n.Is("delete")) {
        StmtPtr dml = n.Is("update") ? ParseUpdate() : n.Is("delete") ? ParseDelete() : ParseInsert();
        if (dml->kind == StmtKind::kInsert) static_cast<InsertStmt&>(*dml).with = std::move(with->with);
        if (dml->kind == StmtKind::kUpdate) static_cast<UpdateStmt&>(*dml).with = std::move(with->with);
        if (dml->kind == StmtKind::kDelete) static_cast<DeleteStmt&>(*dml).with = std::move(with->with);
        return dml;
      }
      auto s = std::make_unique<SelectStatement>();
      s->select = ParseSelectAfterWith(std::move(with));
      return s;
    }
    if (t.Is("select") || t.Is("values") || t.IsOp("(")) {
      auto s = std::make_unique<SelectStatement>();
      s->select = ParseSelect();
      return s;
    }
    if (t.Is("insert") || t.Is("replace")) return ParseInsert();
    if (t.Is("update")) return ParseUpdate();
    if (t.Is("delete")) return ParseDelete();
    if (t.Is("create")) return ParseCreate();
    if (t.Is("drop")) return ParseDrop();
    if (t.Is("alter")) return ParseAlter();
    if (t.Is("begin")) {
      Advance();
      if (!AcceptWord("deferred") && !AcceptWord("immediate")) AcceptWord("exclusive");
      if (AcceptWord("transaction") && IsName(Peek())) Advance();
      return std::make_unique<TransactionStmt>(StmtKind::kBegin);
    }
    if (t.Is("commit") || t.Is("end")) {
      Advance();
      AcceptWord("transaction");
      return std::make_unique<TransactionStmt>(StmtKind::kCommit);
    }
    if (t.Is("rollback")) {
      Advance();
      AcceptWord("transaction");
      auto s = std::make_unique<TransactionStmt>(StmtKind::kRollback);
      if (AcceptWord("to")) {
        AcceptWord("savepoint");
        s->savepoint = ExpectName();
      }
      return s;
    }
    if (t.Is("savepoint")) {
      Advance();
      auto s = std::make_unique<TransactionStmt>(StmtKind::kSavepoint);
      s->savepoint = ExpectName();
      return s;
    }
    if (t.Is("release")) {
      Advance();
      AcceptWord("savepoint");
      auto s = std::make_unique<TransactionStmt>(StmtKind::kRelease);
      s->savepoint = ExpectName();
      return s;
    }
    if (t.Is("pragma")) {
      Advance();
      auto p = std::make_unique<PragmaStmt>();
      p->name = ExpectQualifiedName();
      if (AcceptOp("=")) {
        p->value = ParsePragmaValue();
      } else if (AcceptOp("(")) {
        p->value = ParsePragmaValue();
        ExpectOp(")");
      }
      return p;
    }
    if (t.Is("analyze") || t.Is("vacuum") || t.Is("reindex")) {
      auto n = std::make_unique<NoopStmt>();
      n->verb = t.Is("analyze") ? NoopStmt::kAnalyze : t.Is("vacuum") ? NoopStmt::kVacuum : NoopStmt::kReindex;
      Advance();
      if (n->verb != NoopStmt::kVacuum &&
          (Peek().type == TokenType::kIdentifier || Peek().type == TokenType::kQuotedId)) {
        n->name = Advance().Name();
        if (AcceptOp(".") && (Peek().type == TokenType::kIdentifier || Peek().type == TokenType::kQuotedId)) {
          n->name = Advance().Name();
        }
      }
      while (Peek().type != TokenType::kEnd && !Peek().IsOp(";")) Advance();
      return n;
    }
    Fail(t);
  }

  ExprPtr ParsePragmaValue() {
    const Token& t = Peek();
    if (t.type == TokenType::kIdentifier || t.type == TokenType::kQuotedId) {
      auto e = std::make_unique<Expr>();
      e->kind = ExprKind::kLiteral;
      e->value = Value::Text(Advance().Name());
      return e;
    }
    return ParseUnary();
  }

  ConflictAction ParseConflictAction() {
    if (AcceptWord("replace")) return ConflictAction::kReplace;
    if (AcceptWord("ignore")) return ConflictAction::kIgnore;
    if (AcceptWord("abort")) return ConflictAction::kAbort;
    if (AcceptWord("fail")) return ConflictAction::kFail;
    if (AcceptWord("rollback")) return ConflictAction::kRollback;
    Fail(Peek());
  }

  void ParseReturning(Returning* r) {
    if (!AcceptWord("returning")) return;
    r->columns = ParseResultColumns();
  }

  StmtPtr ParseInsert() {
    auto s = std::make_unique<InsertStmt>();
    if (AcceptWord("replace")) {
      s->action = ConflictAction::kReplace;
    } else {
      ExpectWord("insert");
      if (AcceptWord("or")) s->action = ParseConflictAction();
    }
    ExpectWord("into");
    s->table = ExpectQualifiedName();
    if (AcceptWord("as")) s->alias = ExpectName();
    if (Peek().IsOp("(")) {
      Advance();
      do {
        s->columns.push_back(ExpectName());
      } while (AcceptOp(","));
      ExpectOp(")");
    }
    if (AcceptWord("default")) {
      ExpectWord("values");
      s->default_values = true;
    } else if (Peek().Is("values") || Peek().Is("select") || Peek().Is("with") || Peek().IsOp("(")) {
      s->select = ParseSelect();
    } else {
      Fail(Peek());
    }
    while (Peek().Is("on")) {
      // Only the last ON CONFLICT clause may omit the conflict target.
      if (!s->upserts.empty() && s->upserts.back().target_columns.empty()) Fail(Peek());
      Advance();
      ExpectWord("conflict");
      UpsertClause u;
      if (AcceptOp("(")) {
        do {
          u.target_columns.push_back(ExpectName());
          if (AcceptWord("collate")) ExpectName();
          if (!AcceptWord("asc")) AcceptWord("desc");
        } while (AcceptOp(","));
        ExpectOp(")");
        if (AcceptWord("where")) u.target_where = ParseExpr();
      }
      ExpectWord("do");
      if (AcceptWord("nothing")) {
        u.do_nothing = true;
      } else {
        ExpectWord("update");
        ExpectWord("set");
        u.do_nothing = false;
        ParseSetList(&u.sets);
        if (AcceptWord("where")) u.where = ParseExpr();
      }
      s->upserts.push_back(std::move(u));
    }
    ParseReturning(&s->returning);
    return s;
  }

  void ParseSetList(std::vector<std::pair<std::vector<std::string>, ExprPtr>>* sets) {
    do {
      std::vector<std::string> cols;
      if (AcceptOp("(")) {
        do {
          cols.push_back(ExpectName());
        } while (AcceptOp(","));
        ExpectOp(")");
      } else {
        cols.push_back(ExpectName());
      }
      ExpectOp("=");
      sets->emplace_back(std::move(cols), ParseExpr());
    } while (AcceptOp(","));
  }

  void ParseOrderLimit(std::vector<OrderTerm>* order_by, ExprPtr* limit, ExprPtr* offset) {
    if (Peek().Is("order")) {
      Advance();
      ExpectWord("by");
      *order_by = ParseOrderTerms();
    }
    if (AcceptWord("limit")) {
      *limit = ParseExpr();
      if (AcceptWord("offset")) {
        *offset = ParseExpr();
      } else if (AcceptOp(",")) {
        // LIMIT offset, count
        *offset = std::move(*limit);
        *limit = ParseExpr();
      }
    }
  }

  StmtPtr ParseUpdate() {
    ExpectWord("update");
    auto s = std::make_unique<UpdateStmt>();
    if (AcceptWord("or")) s->action = ParseConflictAction();
    s->table = ExpectQualifiedName();
    if (AcceptWord("as")) s->alias = ExpectName();
    else if (IsName(Peek()) && !Peek().Is("set")) s->alias = ExpectName();
    ExpectWord("set");
    std::vector<std::pair<std::vector<std::string>, ExprPtr>> sets;
    ParseSetList(&sets);
    for (auto& [cols, e] : sets) {
      if (cols.size() == 1) {
        s->sets.emplace_back(cols[0], std::move(e));
      } else {
        FailMsg("row value assignments are not supported");
      }
    }
    if (AcceptWord("from")) {
      FromItem target;
      target.table_name = s->table;
      target.alias = s->alias;
      s->from.from.push_back(std::move(target));
      ParseFrom(&s->from.from);
    }
    if (AcceptWord("where")) s->where = ParseExpr();
    ParseReturning(&s->returning);
    ParseOrderLimit(&s->order_by, &s->limit, &s->offset);
    if (!s->order_by.empty() && !s->limit) FailMsg("ORDER BY without LIMIT on UPDATE");
    return s;
  }

  StmtPtr ParseDelete() {
    ExpectWord("delete");
    ExpectWord("from");
    auto s = std::make_unique<DeleteStmt>();
    s->table = ExpectQualifiedName();
    if (AcceptWord("as")) s->alias = ExpectName();
    if (AcceptWord("where")) s->where = ParseExpr();
    ParseReturning(&s->returning);
    ParseOrderLimit(&s->order_by, &s->limit, &s->offset);
    if (!s->order_by.empty() && !s->limit) FailMsg("ORDER BY without LIMIT on DELETE");
    return s;
  }

  bool ParseIfNotExists() {
    if (Peek().Is("if")) {
      Advance();
      ExpectWord("not");
      ExpectWord("exists");
      return true;
    }
    return false;
  }

  StmtPtr ParseCreate() {
    ExpectWord("create");
    bool temp = AcceptWord("temp") || AcceptWord("temporary");
    if (AcceptWord("table")) return ParseCreateTable(temp);
    bool unique = AcceptWord("unique");
    if (AcceptWord("index")) {
      auto s = std::make_unique<CreateIndexStmt>();
      s->unique = unique;
      s->if_not_exists = ParseIfNotExists();
      s->name = ExpectQualifiedName();
      ExpectWord("on");
      s->table = ExpectName();
      ExpectOp("(");
      s->columns = ParseIndexedColumns();
      ExpectOp(")");
      if (AcceptWord("where")) s->where = ParseExpr();
      return s;
    }
    if (unique) Fail(Peek());
    if (AcceptWord("view")) {
      auto s = std::make_unique<CreateViewStmt>();
      s->temporary = temp;
      s->if_not_exists = ParseIfNotExists();
      s->name = ExpectQualifiedName();
      if (AcceptOp("(")) {
        do {
          s->columns.push_back(ExpectName());
        } while (AcceptOp(","));
        ExpectOp(")");
      }
      ExpectWord("as");
      s->select = ParseSelect();
      return s;
    }
    if (AcceptWord("trigger")) return ParseCreateTrigger(temp);
    if (Peek().Is("virtual")) FailMsg("CREATE VIRTUAL TABLE is not supported");
    Fail(Peek());
  }

  // RAISE(IGNORE) / RAISE(ROLLBACK|ABORT|FAIL, message), inside a trigger:
  // name = the action (lower case), value = the message.
  ExprPtr ParseRaise(size_t begin) {
    Advance();  // RAISE
    ExpectOp("(");
    auto e = Make(ExprKind::kRaise, begin);
    if (AcceptWord("ignore")) {
      e->name = "ignore";
    } else {
      if (AcceptWord("rollback")) e->name = "rollback";
      else if (AcceptWord("abort")) e->name = "abort";
      else if (AcceptWord("fail")) e->name = "fail";
      else Fail(Peek());
      ExpectOp(",");
      const Token& m = Peek();
      if (m.type != TokenType::kString && m.type != TokenType::kQuotedId && m.type != TokenType::kIdentifier) Fail(m);
      const Token& a = Advance();
      std::string msg = a.Name();
      if (a.type == TokenType::kString) {  // 'it''s' -> it's
        msg.clear();
        for (size_t i = 1; i + 1 < a.text.size(); i++) {
          msg.push_back(a.text[i]);
          if (a.text[i] == '\'' && a.text[i + 1] == '\'') i++;
        }
      }
      e->value = Value::Text(std::move(msg));
    }
    ExpectOp(")");
    e->span = SpanFrom(begin);
    return e;
  }

  // CREATE [TEMP] TRIGGER [IF NOT EXISTS] name [BEFORE|AFTER|INSTEAD OF]
  // DELETE|INSERT|UPDATE [OF cols] ON table [FOR EACH ROW] [WHEN expr]
  // BEGIN stmt; ... END   ("CREATE ... TRIGGER" already consumed).
  StmtPtr ParseCreateTrigger(bool temp) {
    auto s = std::make_unique<CreateTriggerStmt>();
    s->temporary = temp;
    s->if_not_exists = ParseIfNotExists();
    s->name = ExpectQualifiedName();
    if (AcceptWord("before")) {
      s->time = CreateTriggerStmt::kBefore;
    } else if (AcceptWord("after")) {
      s->time = CreateTriggerStmt::kAfter;
    } else if (AcceptWord("instead")) {
      ExpectWord("of");
      s->time = CreateTriggerStmt::kInsteadOf;
    }
    if (AcceptWord("delete")) {
      s->event = CreateTriggerStmt::kDelete;
    } else if (AcceptWord("insert")) {
      s->event = CreateTriggerStmt::kInsert;
    } else if (AcceptWord("update")) {
      s->event = CreateTriggerStmt::kUpdate;
      if (AcceptWord("of")) {
        do {
          s->update_columns.push_back(ExpectName());
        } while (AcceptOp(","));
      }
    } else {
      Fail(Peek());
    }
    ExpectWord("on");
    s->table = ExpectQualifiedName();
    if (AcceptWord("for")) {
      ExpectWord("each");
      ExpectWord("row");
    }
    if (AcceptWord("when")) {
      size_t begin = Peek().pos;
      s->when = ParseExpr();
      s->when_sql = SpanFrom(begin);
    }
    ExpectWord("begin");
    bool saved = in_trigger_;
    in_trigger_ = true;
    do {
      const Token& t = Peek();
      if (!(t.Is("insert") || t.Is("replace") || t.Is("update") || t.Is("delete") || t.Is("select") ||
            t.Is("values") || t.Is("with"))) {
        Fail(t);
      }
      size_t begin = t.pos;
      s->body.push_back(ParseStmt());
      s->body_sql.push_back(SpanFrom(begin));
      ExpectOp(";");
    } while (!Peek().Is("end"));
    in_trigger_ = saved;
    Advance();  // END
    return s;
  }

  std::vector<IndexedColumn> ParseIndexedColumns() {
    std::vector<IndexedColumn> cols;
    do {
      IndexedColumn c;
      ExprPtr e = ParseExpr();
      if (e->kind == ExprKind::kCollate) {
        c.collation = e->name;
        e = std::move(e->args[0]);
      }
      if (e->kind == ExprKind::kColumn && e->table.empty()) {
        c.name = e->name;
      } else if (e->kind == ExprKind::kLiteral && e->value.is_text()) {
        c.name = e->value.text();  // 'col' as a name, as SQLite allows
      } else {
        c.expr = std::move(e);
      }
      if (AcceptWord("desc")) c.desc = true;
      else AcceptWord("asc");
      cols.push_back(std::move(c));
    } while (AcceptOp(","));
    return cols;
  }

  StmtPtr ParseCreateTable(bool temp) {
    auto s = std::make_unique<CreateTableStmt>();
    s->temporary = temp;
    s->if_not_exists = ParseIfNotExists();
    s->name = ExpectQualifiedName();
    if (AcceptWord("as")) {
      s->as_select = ParseSelect();
      return s;
    }
    ExpectOp("(");
    while (true) {
      if (Peek().Is("constraint") || Peek().Is("primary") || Peek().Is("unique") || Peek().Is("check") ||
          Peek().Is("foreign")) {
        ParseTableConstraint(s.get());
      } else {
        s->columns.push_back(ParseColumnDef());
      }
      if (AcceptOp(",")) continue;
      break;
    }
    ExpectOp(")");
    // Table options: WITHOUT ROWID, STRICT.
    while (IsName(Peek()) || Peek().Is("without")) {
      if (AcceptWord("without")) {
        ExpectWord("rowid");
        s->without_rowid = true;
      } else if (!AcceptWord("strict")) {
        Fail(Peek());
      }
      if (!AcceptOp(",")) break;
    }
    return s;
  }

  void ParseConflictClause() {
    if (Peek().Is("on") && Peek(1).Is("conflict")) {
      Advance();
      Advance();
      ParseConflictAction();
    }
  }

  void SkipForeignKeyClause() {
    // REFERENCES t [(cols)] [ON DELETE/UPDATE action | MATCH name]* [DEFERRABLE ...]
    ExpectName();
    if (AcceptOp("(")) {
      do {
        ExpectName();
      } while (AcceptOp(","));
      ExpectOp(")");
    }
    while (true) {
      if (Peek().Is("on") && (Peek(1).Is("delete") || Peek(1).Is("update"))) {
        Advance();
        Advance();
        if (AcceptWord("set")) {
          if (!AcceptWord("null")) ExpectWord("default");
        } else if (AcceptWord("no")) {
          ExpectWord("action");
        } else if (!AcceptWord("cascade")) {
          ExpectWord("restrict");
        }
      } else if (AcceptWord("match")) {
        ExpectName();
      } else {
        break;
      }
    }
    bool not_ = Peek().Is("not") && Peek(1).Is("deferrable");
    if (not_) Advance();
    if (AcceptWord("deferrable")) {
      if (AcceptWord("initially")) {
        if (!AcceptWord("deferred")) ExpectWord("immediate");
      }
    }
  }

  ColumnDef ParseColumnDef() {
    ColumnDef c;
    c.name = ExpectName();
    // Type name: words, optionally followed by (n) or (n, m).
    size_t type_begin = Peek().pos;
    bool has_type = false;
    while ((Peek().type == TokenType::kIdentifier && !Peek().reserved() &&
            !Peek().Is("generated")) ||
           Peek().type == TokenType::kQuotedId) {
      Advance();
      has_type = true;
    }
    if (has_type && Peek().IsOp("(")) {
      Advance();
      ParseSignedNumber();
      if (AcceptOp(",")) ParseSignedNumber();
      ExpectOp(")");
    }
    if (has_type) c.type = SpanFrom(type_begin);
    // Constraints.
    while (true) {
      if (AcceptWord("constraint")) {
        ExpectName();
        continue;
      }
      if (AcceptWord("primary")) {
        ExpectWord("key");
        c.primary_key = true;
        if (AcceptWord("desc")) c.pk_desc = true;
        else AcceptWord("asc");
        ParseConflictClause();
        if (AcceptWord("autoincrement")) c.autoincrement = true;
        continue;
      }
      if (Peek().Is("not") && Peek(1).Is("null")) {
        Advance();
        Advance();
        c.not_null = true;
        ParseConflictClause();
        continue;
      }
      if (AcceptWord("null")) continue;
      if (AcceptWord("unique")) {
        c.unique = true;
        ParseConflictClause();
        continue;
      }
      if (AcceptWord("check")) {
        ExpectOp("(");
        c.checks.push_back(ParseExpr());
        ExpectOp(")");
        continue;
      }
      if (AcceptWord("default")) {
        if (AcceptOp("(")) {
          c.default_value = ParseExpr();
          ExpectOp(")");
        } else if (Peek().IsOp("-") || Peek().IsOp("+")) {
          c.default_value = ParseUnary();
        } else if (Peek().type == TokenType::kIdentifier && !Peek().Is("null") && !Peek().Is("true") &&
                   !Peek().Is("false") && !Peek().Is("current_time") && !Peek().Is("current_date") &&
                   !Peek().Is("current_timestamp")) {
          auto e = std::make_unique<Expr>();
          e->kind = ExprKind::kLiteral;
          e->value = Value::Text(std::string(Advance().text));
          c.default_value = std::move(e);
        } else {
          c.default_value = ParsePrimary();
        }
        continue;
      }
      if (AcceptWord("collate")) {
        c.collation = ExpectName();
        continue;
      }
      if (AcceptWord("references")) {
        SkipForeignKeyClause();
        continue;
      }
      if (Peek().Is("generated") || Peek().Is("as")) {
        FailMsg("generated columns are not supported");
      }
      break;
    }
    return c;
  }

  void ParseSignedNumber() {
    if (!AcceptOp("+")) AcceptOp("-");
    const Token& t = Peek();
    if (t.type != TokenType::kInteger && t.type != TokenType::kFloat) Fail(t);
    Advance();
  }

  void ParseTableConstraint(CreateTableStmt* s) {
    if (AcceptWord("constraint")) ExpectName();
    TableConstraint tc;
    if (AcceptWord("primary")) {
      ExpectWord("key");
      tc.kind = TableConstraint::kPrimaryKey;
      ExpectOp("(");
      tc.columns = ParseIndexedColumns();
      if (AcceptWord("autoincrement")) tc.autoincrement = true;
      ExpectOp(")");
      ParseConflictClause();
    } else if (AcceptWord("unique")) {
      tc.kind = TableConstraint::kUnique;
      ExpectOp("(");
      tc.columns = ParseIndexedColumns();
      ExpectOp(")");
      ParseConflictClause();
    } else if (AcceptWord("check")) {
      tc.kind = TableConstraint::kCheck;
      ExpectOp("(");
      tc.check = ParseExpr();
      ExpectOp(")");
    } else if (AcceptWord("foreign")) {
      ExpectWord("key");
      tc.kind = TableConstraint::kForeignKey;
      ExpectOp("(");
      do {
        IndexedColumn ic;
        ic.name = ExpectName();
        tc.columns.push_back(std::move(ic));
      } while (AcceptOp(","));
      ExpectOp(")");
      ExpectWord("references");
      SkipForeignKeyClause();
    } else {
      Fail(Peek());
    }
    s->constraints.push_back(std::move(tc));
  }

  StmtPtr ParseDrop() {
    ExpectWord("drop");
    auto s = std::make_unique<DropStmt>();
    if (AcceptWord("table")) s->what = DropStmt::kTable;
    else if (AcceptWord("index")) s->what = DropStmt::kIndex;
    else if (AcceptWord("view")) s->what = DropStmt::kView;
    else if (AcceptWord("trigger")) s->what = DropStmt::kTrigger;
    else Fail(Peek());
    if (Peek().Is("if")) {
      Advance();
      ExpectWord("exists");
      s->if_exists = true;
    }
    s->name = ExpectQualifiedName();
    return s;
  }

  StmtPtr ParseAlter() {
    ExpectWord("alter");
    ExpectWord("table");
    auto s = std::make_unique<AlterTableStmt>();
    s->table = ExpectQualifiedName();
    if (AcceptWord("rename")) {
      if (AcceptWord("to")) {
        s->action = AlterTableStmt::kRenameTable;
        s->new_name = ExpectName();
      } else {
        AcceptWord("column");
        s->action = AlterTableStmt::kRenameColumn;
        s->column = ExpectName();
        ExpectWord("to");
        s->new_name = ExpectName();
      }
    } else if (AcceptWord("add")) {
      AcceptWord("column");
      s->action = AlterTableStmt::kAddColumn;
      size_t begin = Peek().pos;
      s->column_def = ParseColumnDef();
      s->column_def_sql = SpanFrom(begin);
    } else if (AcceptWord("drop")) {
      AcceptWord("column");
      s->action = AlterTableStmt::kDropColumn;
      s->new_name = std::string(Peek().text);  // the name as written (sqlite3's "no such column" error shows it)
      s->column = ExpectName();
    } else {
      Fail(Peek());
    }
    return s;
  }

  // ---- SELECT ----
  SelectPtr ParseSelect() {
    auto s = std::make_unique<SelectStmt>();
    if (Peek().Is("with")) ParseWith(s.get());
    return ParseSelectAfterWith(std::move(s));
  }

  // WITH [RECURSIVE] name[(cols)] AS ([NOT] MATERIALIZED] (select), ... into s->with.
  void ParseWith(SelectStmt* s) {
    if (AcceptWord("with")) {
      s->with_recursive = AcceptWord("recursive");
      do {
        CommonTable ct;
        ct.name = ExpectName();
        if (AcceptOp("(")) {
          do {
            ct.columns.push_back(ExpectName());
          } while (AcceptOp(","));
          ExpectOp(")");
        }
        ExpectWord("as");
        if (AcceptWord("not")) ExpectWord("materialized");
        else AcceptWord("materialized");
        ExpectOp("(");
        ct.select = ParseSelect();
        ExpectOp(")");
        s->with.push_back(std::move(ct));
      } while (AcceptOp(","));
    }
  }

  SelectPtr ParseSelectAfterWith(SelectPtr s) {
    s->cores.push_back(ParseCore());
    while (true) {
      if (AcceptWord("union")) {
        s->ops.push_back(AcceptWord("all") ? CompoundOp::kUnionAll : CompoundOp::kUnion);
      } else if (AcceptWord("intersect")) {
        s->ops.push_back(CompoundOp::kIntersect);
      } else if (AcceptWord("except")) {
        s->ops.push_back(CompoundOp::kExcept);
      } else {
        break;
      }
      s->cores.push_back(ParseCore());
    }
    ParseOrderLimit(&s->order_by, &s->limit, &s->offset);
    return s;
  }

  std::vector<OrderTerm> ParseOrderTerms() {
    std::vector<OrderTerm> terms;
    do {
      OrderTerm t;
      t.expr = ParseExpr();
      if (t.expr->kind == ExprKind::kCollate) {
        t.collation = t.expr->name;
      }
      if (AcceptWord("desc")) t.desc = true;
      else AcceptWord("asc");
      if (AcceptWord("nulls")) {
        if (AcceptWord("first")) t.nulls = 1;
        else {
          ExpectWord("last");
          t.nulls = 2;
        }
      }
      terms.push_back(std::move(t));
    } while (AcceptOp(","));
    return terms;
  }

  std::vector<ResultColumn> ParseResultColumns() {
    std::vector<ResultColumn> cols;
    do {
      ResultColumn rc;
      if (AcceptOp("*")) {
        rc.star = true;
      } else if (IsName(Peek()) && Peek(1).IsOp(".") && Peek(2).IsOp("*")) {
        rc.star = true;
        rc.star_table = Advance().Name();
        Advance();
        Advance();
      } else {
        rc.expr = ParseExpr();
        if (AcceptWord("as")) {
          rc.alias = ExpectName();
        } else if (IsName(Peek()) && Peek().type != TokenType::kString) {
          rc.alias = ExpectName();
        } else if (Peek().type == TokenType::kString) {
          rc.alias = Advance().Decoded();
        }
      }
      cols.push_back(std::move(rc));
    } while (AcceptOp(","));
    return cols;
  }

  SelectCore ParseCore() {
    SelectCore c;
    if (AcceptWord("values")) {
      c.is_values = true;
      do {
        ExpectOp("(");
        std::vector<ExprPtr> row;
        row.reserve(c.values.empty() ? 4 : c.values[0].size());
        do {
          row.push_back(ParseExpr());
        } while (AcceptOp(","));
        ExpectOp(")");
        if (!c.values.empty() && row.size() != c.values[0].size()) {
          FailMsg("all VALUES must have the same number of terms");
        }
        c.values.push_back(std::move(row));
      } while (AcceptOp(","));
      return c;
    }
    ExpectWord("select");
    if (AcceptWord("distinct")) c.distinct = true;
    else AcceptWord("all");
    c.columns = ParseResultColumns();
    if (AcceptWord("from")) ParseFrom(&c.from);
    if (AcceptWord("where")) c.where = ParseExpr();
    if (Peek().Is("group")) {
      Advance();
      ExpectWord("by");
      do {
        c.group_by.push_back(ParseExpr());
      } while (AcceptOp(","));
    }
    if (AcceptWord("having")) c.having = ParseExpr();
    if (AcceptWord("window")) {
      do {
        auto w = std::make_shared<WindowDef>();
        w->name = ExpectName();
        ExpectWord("as");
        ExpectOp("(");
        ParseWindowBody(w.get());
        ExpectOp(")");
        if (!c.windows.empty()) CheckWindowChain(c.windows, *w);
        c.windows.push_back(std::move(w));
      } while (AcceptOp(","));
    }
    return c;
  }

  // The inside of OVER (...) / WINDOW name AS (...): [base] [PARTITION BY
  // exprs] [ORDER BY terms] [frame]. Frame checks as sqlite3WindowAlloc.
  void ParseWindowBody(WindowDef* w) {
    const Token& t = Peek();
    if (IsName(t) && !t.Is("partition") && !t.Is("order") && !t.Is("rows") && !t.Is("range") &&
        !t.Is("groups")) {
      w->base = ExpectName();
    }
    if (AcceptWord("partition")) {
      ExpectWord("by");
      do {
        w->partition_by.push_back(ParseExpr());
      } while (AcceptOp(","));
    }
    if (AcceptWord("order")) {
      ExpectWord("by");
      w->order_by = ParseOrderTerms();
    }
    if (!Peek().Is("rows") && !Peek().Is("range") && !Peek().Is("groups")) return;
    w->has_frame = true;
    if (AcceptWord("rows")) w->unit = WindowDef::kRows;
    else if (AcceptWord("groups")) w->unit = WindowDef::kGroups;
    else if (AcceptWord("range")) w->unit = WindowDef::kRange;
    if (AcceptWord("between")) {
      w->start = ParseFrameBound(true);
      ExpectWord("and");
      w->end = ParseFrameBound(false);
    } else {
      w->start = ParseFrameBound(true);
      w->end = FrameBound{FrameBound::kCurrentRow, nullptr};
    }
    if (AcceptWord("exclude")) {
      if (AcceptWord("no")) {
        ExpectWord("others");
        w->exclude = WindowDef::kNoOthers;
      } else if (AcceptWord("current")) {
        ExpectWord("row");
        w->exclude = WindowDef::kExcludeCurrentRow;
      } else if (AcceptWord("group")) {
        w->exclude = WindowDef::kExcludeGroup;
      } else {
        ExpectWord("ties");
        w->exclude = WindowDef::kExcludeTies;
      }
    }
    FrameBound::Kind s = w->start.kind, e = w->end.kind;
    if ((s == FrameBound::kCurrentRow && e == FrameBound::kPreceding) ||
        (s == FrameBound::kFollowing && (e == FrameBound::kPreceding || e == FrameBound::kCurrentRow))) {
      FailMsg("unsupported frame specification");
    }
  }

  // sqlite3WindowChain: a WINDOW definition after the first that names a
  // base must name an earlier one and may only add ORDER BY (when the base
  // has none) and a frame (when the base has none).
  void CheckWindowChain(const std::vector<std::shared_ptr<WindowDef>>& earlier, const WindowDef& w) {
    if (w.base.empty()) return;
    auto find = [&](const std::string& name) -> const WindowDef* {
      for (const auto& e : earlier) {
        if (EqualsIgnoreCase(e->name, name)) return e.get();
      }
      return nullptr;
    };
    const WindowDef* base = find(w.base);
    if (base == nullptr) FailMsg("no such window: " + w.base);
    bool base_order = false;
    for (const WindowDef* b = base; b != nullptr && !base_order; b = b->base.empty() ? nullptr : find(b->base)) {
      base_order = !b->order_by.empty();
      if (b == find(b->base)) break;
    }
    if (!w.partition_by.empty()) FailMsg("cannot override PARTITION clause of window: " + w.base);
    if (base_order && !w.order_by.empty()) FailMsg("cannot override ORDER BY clause of window: " + w.base);
    if (base->has_frame) FailMsg("cannot override frame specification of window: " + w.base);
  }

  FrameBound ParseFrameBound(bool is_start) {
    FrameBound b;
    if (AcceptWord("unbounded")) {
      if (is_start) {
        ExpectWord("preceding");
        b.kind = FrameBound::kUnboundedPreceding;
      } else {
        ExpectWord("following");
        b.kind = FrameBound::kUnboundedFollowing;
      }
      return b;
    }
    if (AcceptWord("current")) {
      ExpectWord("row");
      b.kind = FrameBound::kCurrentRow;
      return b;
    }
    b.offset = ParseExpr();
    if (AcceptWord("preceding")) {
      b.kind = FrameBound::kPreceding;
    } else {
      ExpectWord("following");
      b.kind = FrameBound::kFollowing;
    }
    return b;
  }

  void ParseFrom(std::vector<FromItem>* items) {
    JoinType jt = JoinType::kComma;
    bool natural = false;
    bool first = true;
    while (true) {
      FromItem item = ParseFromItem();
      item.join = first ? JoinType::kComma : jt;
      item.natural = natural;
      if (!first || true) {
        if (AcceptWord("on")) {
          item.on = ParseExpr();
        } else if (AcceptWord("using")) {
          ExpectOp("(");
          do {
            item.using_columns.push_back(ExpectName());
          } while (AcceptOp(","));
          ExpectOp(")");
        }
      }
      items->push_back(std::move(item));
      first = false;
      // Join operator.
      natural = false;
      if (AcceptOp(",")) {
        jt = JoinType::kComma;
        continue;
      }
      if (AcceptWord("natural")) natural = true;
      if (AcceptWord("join")) {
        jt = JoinType::kInner;
      } else if (AcceptWord("inner")) {
        ExpectWord("join");
        jt = JoinType::kInner;
      } else if (AcceptWord("cross")) {
        ExpectWord("join");
        jt = JoinType::kCross;
      } else if (AcceptWord("left")) {
        AcceptWord("outer");
        ExpectWord("join");
        jt = JoinType::kLeft;
      } else if (AcceptWord("right")) {
        AcceptWord("outer");
        ExpectWord("join");
        jt = JoinType::kRight;
      } else if (AcceptWord("full")) {
        AcceptWord("outer");
        ExpectWord("join");
        jt = JoinType::kFull;
      } else {
        if (natural) Fail(Peek());
        break;
      }
    }
  }

  FromItem ParseFromItem() {
    FromItem item;
    if (AcceptOp("(")) {
      if (Peek().Is("select") || Peek().Is("values") || Peek().Is("with")) {
        item.subquery = ParseSelect();
        ExpectOp(")");
      } else {
        // Parenthesized join: (a JOIN b ...) becomes SELECT * FROM a JOIN b.
        auto sub = std::make_unique<SelectStmt>();
        SelectCore core;
        ResultColumn rc;
        rc.star = true;
        core.columns.push_back(std::move(rc));
        ParseFrom(&core.from);
        ExpectOp(")");
        if (core.from.size() == 1 && !core.from[0].subquery && core.from[0].on == nullptr) {
          FromItem only = std::move(core.from[0]);
          only.join = JoinType::kComma;
          if (AcceptWord("as") || IsName(Peek())) {
            if (!IsName(Peek())) Fail(Peek());
            only.alias = ExpectName();
          }
          return only;
        }
        sub->cores.push_back(std::move(core));
        item.subquery = std::move(sub);
      }
    } else {
      item.table_name = ExpectQualifiedName();
      if (AcceptOp("(")) {  // table-valued function: json_each(...), generate_series(...)
        if (!AcceptOp(")")) {
          do {
            item.func_args.push_back(ParseExpr());
          } while (AcceptOp(","));
          ExpectOp(")");
        }
      }
      if (Peek().Is("as") && Peek(1).Is("of")) {
        Advance();
        Advance();
        ExpectWord("version");
        const Token& t = Peek();
        if (t.type != TokenType::kInteger) Fail(t);
        item.as_of_version = std::strtoull(std::string(Advance().text).c_str(), nullptr, 10);
        if (!as_of_version_) as_of_version_ = item.as_of_version;
      }
    }
    if (AcceptWord("as")) {
      item.alias = ExpectName();
    } else if (IsName(Peek()) && Peek().type != TokenType::kString) {
      item.alias = ExpectName();
    }
    if (AcceptWord("indexed")) {
      ExpectWord("by");
      item.indexed_by = ExpectName();
    } else if (Peek().Is("not") && Peek(1).Is("indexed")) {
      Advance();
      Advance();
      item.not_indexed = true;
    }
    return item;
  }

  // ---- expressions ----
  ExprPtr Make(ExprKind k, size_t begin) {
    auto e = std::make_unique<Expr>();
    e->kind = k;
    e->pos = static_cast<int>(begin);
    return e;
  }
  ExprPtr Binary(Op op, ExprPtr a, ExprPtr b, size_t begin) {
    auto e = Make(ExprKind::kBinary, begin);
    e->op = op;
    e->args.reserve(2);
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    e->span = SpanFrom(begin);
    return e;
  }
  ExprPtr Unary(Op op, ExprPtr a, size_t begin) {
    auto e = Make(ExprKind::kUnary, begin);
    e->op = op;
    e->args.push_back(std::move(a));
    e->span = SpanFrom(begin);
    return e;
  }

  ExprPtr ParseExpr() {
    // A lone literal before ',' or ')' (VALUES rows, argument lists) is the
    // whole expression: no operator can follow, so skip the dozen grammar
    // levels that would each find nothing to do (bench W1: 3,000 per INSERT).
    const Token& first = Peek();
    if (first.type == TokenType::kInteger || first.type == TokenType::kFloat ||
        first.type == TokenType::kString) {
      const Token& next = Peek(1);
      if (next.IsOp(",") || next.IsOp(")")) return ParsePrimary();
    }
    if (++depth_ > 1000) FailMsg("parser stack overflow");
    ExprPtr e = ParseOr();
    depth_--;
    return e;
  }

  ExprPtr ParseOr() {
    size_t begin = Peek().pos;
    ExprPtr e = ParseAnd();
    while (AcceptWord("or")) e = Binary(Op::kOr, std::move(e), ParseAnd(), begin);
    return e;
  }
  ExprPtr ParseAnd() {
    size_t begin = Peek().pos;
    ExprPtr e = ParseNot();
    while (AcceptWord("and")) e = Binary(Op::kAnd, std::move(e), ParseNot(), begin);
    return e;
  }
  ExprPtr ParseNot() {
    size_t begin = Peek().pos;
    if (Peek().Is("not") && !Peek(1).Is("exists")) {
      Advance();
      ExprPtr inner = ParseNot();
      return Unary(Op::kNot, std::move(inner), begin);
    }
    return ParseEquality();
  }

  // A right operand may itself start with NOT (lemon's precedence lets
  // "a IS NOT NOT b" through).
  ExprPtr ParseRhs() {
    if (Peek().Is("not") && !Peek(1).Is("exists")) return ParseNot();
    return ParseComparison();
  }

  ExprPtr ParseEquality() {
    size_t begin = Peek().pos;
    ExprPtr e = ParseComparison();
    while (true) {
      const Token& t = Peek();
      if (t.IsOp("=") || t.IsOp("==")) {
        Advance();
        e = Binary(Op::kEq, std::move(e), ParseRhs(), begin);
      } else if (t.IsOp("!=") || t.IsOp("<>")) {
        Advance();
        e = Binary(Op::kNe, std::move(e), ParseRhs(), begin);
      } else if (t.Is("is")) {
        Advance();
        bool neg = AcceptWord("not");
        if (AcceptWord("distinct")) {
          ExpectWord("from");
          neg = !neg;
        }
        e = Binary(neg ? Op::kIsNot : Op::kIs, std::move(e), ParseRhs(), begin);
      } else if (t.Is("isnull")) {
        Advance();
        e = Unary(Op::kIsNull, std::move(e), begin);
        e = ParseComparison(std::move(e), begin);
      } else if (t.Is("notnull")) {
        Advance();
        e = Unary(Op::kNotNull, std::move(e), begin);
        e = ParseComparison(std::move(e), begin);
      } else if (t.Is("not") && Peek(1).Is("null")) {
        Advance();
        Advance();
        e = Unary(Op::kNotNull, std::move(e), begin);
        e = ParseComparison(std::move(e), begin);
      } else if (t.Is("in") || (t.Is("not") && Peek(1).Is("in"))) {
        bool neg = AcceptWord("not");
        ExpectWord("in");
        e = ParseInRest(std::move(e), neg, begin);
        e = ParseComparison(std::move(e), begin);
      } else if (t.Is("between") || (t.Is("not") && Peek(1).Is("between"))) {
        bool neg = AcceptWord("not");
        ExpectWord("between");
        auto b = Make(ExprKind::kBetween, begin);
        b->negated = neg;
        b->args.push_back(std::move(e));
        b->args.push_back(ParseRhs());
        ExpectWord("and");
        b->args.push_back(ParseRhs());
        b->span = SpanFrom(begin);
        e = std::move(b);
      } else if (t.Is("like") || t.Is("glob") || t.Is("regexp") || t.Is("match") ||
                 (t.Is("not") && (Peek(1).Is("like") || Peek(1).Is("glob") || Peek(1).Is("regexp") ||
                                  Peek(1).Is("match")))) {
        bool neg = AcceptWord("not");
        const Token& w = Advance();
        Op op = w.Is("like") ? Op::kLike : w.Is("glob") ? Op::kGlob : w.Is("regexp") ? Op::kRegexp : Op::kMatch;
        auto b = Make(ExprKind::kBinary, begin);
        b->op = op;
        b->negated = neg;
        b->args.push_back(std::move(e));
        b->args.push_back(ParseRhs());
        if (AcceptWord("escape")) b->args.push_back(ParseRhs());
        b->span = SpanFrom(begin);
        e = std::move(b);
      } else {
        break;
      }
    }
    return e;
  }

  ExprPtr ParseInRest(ExprPtr lhs, bool neg, size_t begin) {
    if (!Peek().IsOp("(")) {
      // IN table-name
      std::string name = ExpectQualifiedName();
      auto e = Make(ExprKind::kInSelect, begin);
      e->negated = neg;
      e->args.push_back(std::move(lhs));
      auto sel = std::make_unique<SelectStmt>();
      SelectCore core;
      ResultColumn rc;
      rc.star = true;
      core.columns.push_back(std::move(rc));
      FromItem fi;
      fi.table_name = name;
      core.from.push_back(std::move(fi));
      sel->cores.push_back(std::move(core));
      e->select = std::move(sel);
      e->span = SpanFrom(begin);
      return e;
    }
    ExpectOp("(");
    if (Peek().Is("select") || Peek().Is("values") || Peek().Is("with")) {
      auto e = Make(ExprKind::kInSelect, begin);
      e->negated = neg;
      e->args.push_back(std::move(lhs));
      e->select = ParseSelect();
      ExpectOp(")");
      e->span = SpanFrom(begin);
      return e;
    }
    auto e = Make(ExprKind::kInList, begin);
    e->negated = neg;
    e->args.push_back(std::move(lhs));
    if (!Peek().IsOp(")")) {
      do {
        e->args.push_back(ParseExpr());
      } while (AcceptOp(","));
    }
    ExpectOp(")");
    e->span = SpanFrom(begin);
    return e;
  }

  ExprPtr ParseComparison(ExprPtr lhs = nullptr, size_t lbegin = 0) {
    size_t begin = lhs ? lbegin : Peek().pos;
    ExprPtr e = ParseBitwise(std::move(lhs), begin);
    while (true) {
      const Token& t = Peek();
      Op op;
      if (t.IsOp("<")) op = Op::kLt;
      else if (t.IsOp("<=")) op = Op::kLe;
      else if (t.IsOp(">")) op = Op::kGt;
      else if (t.IsOp(">=")) op = Op::kGe;
      else break;
      Advance();
      e = Binary(op, std::move(e), ParseBitwise(), begin);
    }
    return e;
  }
  ExprPtr ParseBitwise(ExprPtr lhs = nullptr, size_t lbegin = 0) {
    size_t begin = lhs ? lbegin : Peek().pos;
    ExprPtr e = ParseAdditive(std::move(lhs), begin);
    while (true) {
      const Token& t = Peek();
      Op op;
      if (t.IsOp("&")) op = Op::kBitAnd;
      else if (t.IsOp("|")) op = Op::kBitOr;
      else if (t.IsOp("<<")) op = Op::kShl;
      else if (t.IsOp(">>")) op = Op::kShr;
      else break;
      Advance();
      e = Binary(op, std::move(e), ParseAdditive(), begin);
    }
    return e;
  }
  ExprPtr ParseAdditive(ExprPtr lhs = nullptr, size_t lbegin = 0) {
    size_t begin = lhs ? lbegin : Peek().pos;
    ExprPtr e = ParseMultiplicative(std::move(lhs), begin);
    while (true) {
      const Token& t = Peek();
      Op op;
      if (t.IsOp("+")) op = Op::kAdd;
      else if (t.IsOp("-")) op = Op::kSub;
      else break;
      Advance();
      e = Binary(op, std::move(e), ParseMultiplicative(), begin);
    }
    return e;
  }
  ExprPtr ParseMultiplicative(ExprPtr lhs = nullptr, size_t lbegin = 0) {
    size_t begin = lhs ? lbegin : Peek().pos;
    ExprPtr e = ParseConcat(std::move(lhs), begin);
    while (true) {
      const Token& t = Peek();
      Op op;
      if (t.IsOp("*")) op = Op::kMul;
      else if (t.IsOp("/")) op = Op::kDiv;
      else if (t.IsOp("%")) op = Op::kMod;
      else break;
      Advance();
      e = Binary(op, std::move(e), ParseConcat(), begin);
    }
    return e;
  }
  ExprPtr ParseConcat(ExprPtr lhs = nullptr, size_t lbegin = 0) {
    size_t begin = lhs ? lbegin : Peek().pos;
    ExprPtr e = lhs ? std::move(lhs) : ParseCollate();
    while (true) {
      if (Peek().IsOp("||")) {
        Advance();
        e = Binary(Op::kConcat, std::move(e), ParseCollate(), begin);
      } else if (Peek().IsOp("->") || Peek().IsOp("->>")) {
        // JSON operators: calls of the functions named "->" / "->>".
        auto f = Make(ExprKind::kFunction, begin);
        f->name = std::string(Advance().text);
        f->args.push_back(std::move(e));
        f->args.push_back(ParseCollate());
        f->span = SpanFrom(begin);
        e = std::move(f);
      } else {
        break;
      }
    }
    return e;
  }
  ExprPtr ParseCollate() {
    size_t begin = Peek().pos;
    ExprPtr e = ParseUnary();
    while (AcceptWord("collate")) {
      auto c = Make(ExprKind::kCollate, begin);
      c->name = ExpectName();
      c->args.push_back(std::move(e));
      c->span = SpanFrom(begin);
      e = std::move(c);
    }
    return e;
  }
  ExprPtr ParseUnary() {
    size_t begin = Peek().pos;
    const Token& t = Peek();
    // NOT as the operand of a tighter operator ("a * NOT b"), as lemon allows.
    if (t.Is("not") && !Peek(1).Is("exists")) return ParseNot();
    if (t.IsOp("-") || t.IsOp("+") || t.IsOp("~")) {
      Op op = t.IsOp("-") ? Op::kNeg : t.IsOp("+") ? Op::kPlus : Op::kBitNot;
      Advance();
      if (++depth_ > 1000) FailMsg("parser stack overflow");
      ExprPtr inner = Peek().Is("not") ? ParseNot() : ParseUnary();
      depth_--;
      // Fold -<integer literal> so that -9223372036854775808 is an INTEGER.
      if (op == Op::kNeg && inner->kind == ExprKind::kLiteral && big_literal_ == inner.get()) {
        inner->value = Value::Integer(INT64_MIN);
        inner->span = SpanFrom(begin);
        big_literal_ = nullptr;
        return inner;
      }
      return Unary(op, std::move(inner), begin);
    }
    return ParsePrimary();
  }

  ExprPtr Literal(Value v, size_t begin) {
    auto e = Make(ExprKind::kLiteral, begin);
    e->value = std::move(v);
    e->span = SpanFrom(begin);
    return e;
  }

  ExprPtr ParsePrimary() {
    size_t begin = Peek().pos;
    const Token& t = Peek();
    switch (t.type) {
      case TokenType::kInteger: {
        std::string_view digits = Advance().text;
        // Decimal integers that fit in int64 (all but the rarest) without
        // copying the text for strtoll.
        if (digits.size() <= 18 && (digits.size() < 2 || (digits[1] != 'x' && digits[1] != 'X'))) {
          int64_t v = 0;
          for (char d : digits) v = v * 10 + (d - '0');
          return Literal(Value::Integer(v), begin);
        }
        std::string text(digits);
        if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
          if (text.size() - 2 > 16) FailMsg("hex literal too big: " + text);
          uint64_t v = std::strtoull(text.c_str() + 2, nullptr, 16);
          return Literal(Value::Integer(static_cast<int64_t>(v)), begin);
        }
        errno = 0;
        char* end = nullptr;
        long long v = std::strtoll(text.c_str(), &end, 10);
        if (errno == ERANGE) {
          ExprPtr e = Literal(Value::Real(std::strtod(text.c_str(), nullptr)), begin);
          if (text == "9223372036854775808") big_literal_ = e.get();
          return e;
        }
        return Literal(Value::Integer(v), begin);
      }
      case TokenType::kFloat: {
        std::string text(Advance().text);
        return Literal(Value::Real(std::strtod(text.c_str(), nullptr)), begin);
      }
      case TokenType::kString:
        return Literal(Value::Text(Advance().Decoded()), begin);
      case TokenType::kBlob:
        return Literal(Value::Blob(Advance().Decoded()), begin);
      case TokenType::kParam: {
        std::string text(Advance().text);
        auto e = Make(ExprKind::kParam, begin);
        if (text.size() > 1 && text[0] == '?') {
          e->param_index = std::atoi(text.c_str() + 1);
          if (e->param_index <= 0 || e->param_index > 32766) {
            FailMsg("variable number must be between ?1 and ?32766");
          }
        } else if (text[0] == '?') {
          e->param_index = max_param_ + 1;
        } else {
          auto it = named_params_.find(text);
          if (it != named_params_.end()) {
            e->param_index = it->second;
          } else {
            e->param_index = max_param_ + 1;
            named_params_[text] = e->param_index;
          }
        }
        if (e->param_index > max_param_) max_param_ = e->param_index;
        e->span = SpanFrom(begin);
        return e;
      }
      case TokenType::kOperator: {
        if (t.IsOp("(")) {
          Advance();
          if (Peek().Is("select") || Peek().Is("values") || Peek().Is("with")) {
            auto e = Make(ExprKind::kSubquery, begin);
            e->select = ParseSelect();
            ExpectOp(")");
            e->span = SpanFrom(begin);
            return e;
          }
          ExprPtr inner = ParseExpr();
          if (Peek().IsOp(",")) FailMsg("row value misused");
          ExpectOp(")");
          // Keep the parentheses in the span, as sqlite3 names "(a+b)".
          inner->span = SpanFrom(begin);
          return inner;
        }
        Fail(t);
      }
      case TokenType::kQuotedId:
      case TokenType::kIdentifier:
        return ParseIdentifierExpr(begin);
      default:
        Fail(t);
    }
  }

  ExprPtr ParseIdentifierExpr(size_t begin) {
    const Token& t = Peek();
    if (t.type == TokenType::kIdentifier) {
      if (t.Is("null")) {
        Advance();
        return Literal(Value::Null(), begin);
      }
      if (t.Is("true") && !Peek(1).IsOp("(") && !Peek(1).IsOp(".")) {
        Advance();
        return Literal(Value::Integer(1), begin);
      }
      if (t.Is("false") && !Peek(1).IsOp("(") && !Peek(1).IsOp(".")) {
        Advance();
        return Literal(Value::Integer(0), begin);
      }
      if (t.Is("current_time") || t.Is("current_date") || t.Is("current_timestamp")) {
        std::string name = Lower(Advance().text);
        auto e = Make(ExprKind::kFunction, begin);
        e->name = name;
        e->span = SpanFrom(begin);
        return e;
      }
      if (t.Is("case")) return ParseCase(begin);
      if (t.Is("cast")) {
        Advance();
        ExpectOp("(");
        auto e = Make(ExprKind::kCast, begin);
        e->args.push_back(ParseExpr());
        ExpectWord("as");
        size_t type_begin = Peek().pos;
        bool any = false;
        while ((Peek().type == TokenType::kIdentifier && !Peek().reserved()) ||
               Peek().type == TokenType::kQuotedId) {
          Advance();
          any = true;
        }
        if (any && AcceptOp("(")) {
          ParseSignedNumber();
          if (AcceptOp(",")) ParseSignedNumber();
          ExpectOp(")");
        }
        e->name = any ? SpanFrom(type_begin) : "";
        ExpectOp(")");
        e->span = SpanFrom(begin);
        return e;
      }
      if (t.Is("exists") || (t.Is("not") && Peek(1).Is("exists"))) {
        bool neg = AcceptWord("not");
        ExpectWord("exists");
        ExpectOp("(");
        auto e = Make(ExprKind::kExists, begin);
        e->negated = neg;
        e->select = ParseSelect();
        ExpectOp(")");
        e->span = SpanFrom(begin);
        return e;
      }
      if (t.Is("raise") && in_trigger_) return ParseRaise(begin);
      if (t.Is("raise")) FailMsg("RAISE() may only be used within a trigger-program");
      if (t.reserved() && !Peek(1).IsOp("(")) Fail(t);
    }
    std::string first = Advance().Name();
    if (Peek().IsOp("(") && t.type == TokenType::kIdentifier) {
      Advance();
      auto e = Make(ExprKind::kFunction, begin);
      e->name = Lower(first);
      if (AcceptOp("*")) {
        e->star = true;
      } else if (!Peek().IsOp(")")) {
        if (AcceptWord("distinct")) e->distinct = true;
        else AcceptWord("all");
        do {
          e->args.push_back(ParseExpr());
        } while (AcceptOp(","));
        if (Peek().Is("order")) FailMsg("ORDER BY in aggregate arguments is not supported");
      }
      ExpectOp(")");
      if (Peek().Is("filter") && Peek(1).IsOp("(")) {
        Advance();
        Advance();
        ExpectWord("where");
        e->filter = ParseExpr();
        ExpectOp(")");
      }
      if (Peek().Is("over") && (Peek(1).IsOp("(") || IsName(Peek(1)))) {
        Advance();
        e->over = std::make_shared<WindowDef>();
        if (AcceptOp("(")) {
          ParseWindowBody(e->over.get());
          ExpectOp(")");
        } else {
          e->over->base = ExpectName();
          e->over->bare_name = true;
        }
      }
      e->span = SpanFrom(begin);
      return e;
    }
    auto e = Make(ExprKind::kColumn, begin);
    e->name = first;
    if (Peek().IsOp(".")) {
      Advance();
      e->table = e->name;
      e->name = ExpectColumnName();
      if (Peek().IsOp(".")) {  // schema.table.column
        Advance();
        e->table = e->name;
        e->name = ExpectColumnName();
      }
    }
    e->span = SpanFrom(begin);
    return e;
  }

  std::string ExpectColumnName() {
    const Token& t = Peek();
    if (t.type == TokenType::kIdentifier || t.type == TokenType::kQuotedId || t.type == TokenType::kString) {
      return Advance().Name();
    }
    Fail(t);
  }

  ExprPtr ParseCase(size_t begin) {
    ExpectWord("case");
    auto e = Make(ExprKind::kCase, begin);
    if (!Peek().Is("when")) {
      e->case_has_operand = true;
      e->args.push_back(ParseExpr());
    }
    if (!Peek().Is("when")) Fail(Peek());
    while (AcceptWord("when")) {
      e->args.push_back(ParseExpr());
      ExpectWord("then");
      e->args.push_back(ParseExpr());
    }
    if (AcceptWord("else")) {
      e->case_has_else = true;
      e->args.push_back(ParseExpr());
    }
    ExpectWord("end");
    e->span = SpanFrom(begin);
    return e;
  }

  std::string_view sql_;
  Lexer lexer_;
  Token tokens_[kRing];
  size_t cur_ = 0;    // index (in the statement) of the current token
  size_t lexed_ = 0;  // tokens lexed so far
  size_t last_end_ = 0;
  int depth_ = 0;
  int max_param_ = 0;
  std::optional<uint64_t> as_of_version_;
  std::unordered_map<std::string, int> named_params_;
  const Expr* big_literal_ = nullptr;
  bool in_trigger_ = false;  // inside CREATE TRIGGER ... BEGIN ... END (RAISE allowed)
};

}  // namespace

bool IsReservedWord(std::string_view word) { return IsReservedKeyword(LookupKeyword(word)); }

Result<ParsedStatement> ParseStatement(std::string_view sql, size_t start) {
  return ParseStatement(sql, start, nullptr);
}

Result<ParsedStatement> ParseStatement(std::string_view sql, size_t start, int* error_offset) {
  if (error_offset != nullptr) *error_offset = -1;
  Parser p(sql, start);
  try {
    return p.ParseOne();
  } catch (const SyntaxError& e) {
    if (error_offset != nullptr) *error_offset = e.offset;
    return Status::InvalidArgument(e.message);
  }
}

Result<ExprPtr> ParseExpression(std::string_view sql) {
  Parser p(sql, 0);
  try {
    return p.ParseStandaloneExpr();
  } catch (const SyntaxError& e) {
    return Status::InvalidArgument(e.message);
  }
}

}  // namespace s3lite::sql
