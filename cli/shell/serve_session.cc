#include "cli/shell/serve_session.h"

namespace s3lite {

void RollbackIfOpen(Connection& conn) {
  if (conn.in_transaction()) (void)conn.ExecuteScript("ROLLBACK");
}

Result<std::unique_ptr<Connection>> ConnectionPool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return c;
    }
  }
  return Connection::Open(db_);
}

void ConnectionPool::Release(std::unique_ptr<Connection> conn) {
  if (conn == nullptr) return;
  RollbackIfOpen(*conn);
  if (conn->in_transaction()) return;  // could not roll back: drop it
  (void)conn->SetAsOfVersion(std::nullopt);
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(conn));
}

void ConnectionPool::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.clear();
}

bool SessionManager::ValidId(const std::string& id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<std::shared_ptr<Session>> SessionManager::Get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it != sessions_.end()) return it->second;
  if (sessions_.size() >= max_sessions_) {
    return Status::Busy("too many open sessions (" + std::to_string(max_sessions_) +
                        "); close some or raise --max-sessions");
  }
  auto session = std::make_shared<Session>();
  S3LITE_ASSIGN_OR_RETURN(session->conn, Connection::Open(db_));
  session->last_used = std::chrono::steady_clock::now();
  sessions_[id] = session;
  return session;
}

void SessionManager::Close(const std::string& id, Session* session) {
  RollbackIfOpen(*session->conn);
  session->closed = true;
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it != sessions_.end() && it->second.get() == session) sessions_.erase(it);
}

size_t SessionManager::ExpireIdle() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::shared_ptr<Session>>> candidates;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, s] : sessions_) candidates.emplace_back(id, s);
  }
  size_t expired = 0;
  for (auto& [id, s] : candidates) {
    std::unique_lock<std::mutex> slock(s->mu, std::try_to_lock);
    if (!slock.owns_lock() || s->closed) continue;  // in use right now
    if (now - s->last_used < idle_limit_) continue;
    Close(id, s.get());
    expired++;
  }
  return expired;
}

void SessionManager::CloseAll() {
  std::map<std::string, std::shared_ptr<Session>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    all.swap(sessions_);
  }
  for (auto& [id, s] : all) {
    std::lock_guard<std::mutex> slock(s->mu);
    RollbackIfOpen(*s->conn);
    s->closed = true;
  }
}

size_t SessionManager::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

}  // namespace s3lite
