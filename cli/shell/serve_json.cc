#include "cli/shell/serve_json.h"

#include <cmath>
#include <limits>

namespace s3lite {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string BlobToHex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

Result<std::string> BlobFromHex(std::string_view hex) {
  if (hex.size() % 2 != 0) return Status::InvalidArgument("odd number of hex digits");
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = HexDigit(hex[i]), lo = HexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) return Status::InvalidArgument("not a hex digit in \"" + std::string(hex) + "\"");
    out.push_back(static_cast<char>(hi << 4 | lo));
  }
  return out;
}

nlohmann::json ValueToJson(const Value& v) {
  switch (v.type()) {
    case ValueType::kNull: return nullptr;
    case ValueType::kInteger: return v.integer();
    case ValueType::kReal:
      if (!std::isfinite(v.real())) return nullptr;
      return v.real();
    case ValueType::kText: return v.text();
    case ValueType::kBlob: return nlohmann::json{{"blob", BlobToHex(v.blob())}};
  }
  return nullptr;
}

Result<Value> JsonToValue(const nlohmann::json& j, size_t index) {
  const std::string where = "parameter " + std::to_string(index + 1) + ": ";
  switch (j.type()) {
    case nlohmann::json::value_t::null: return Value::Null();
    case nlohmann::json::value_t::boolean: return Value::Integer(j.get<bool>() ? 1 : 0);
    case nlohmann::json::value_t::number_integer: return Value::Integer(j.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      uint64_t u = j.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return Status::InvalidArgument(where + "integer " + std::to_string(u) + " does not fit in 64 bits");
      }
      return Value::Integer(static_cast<int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return Value::Real(j.get<double>());
    case nlohmann::json::value_t::string: return Value::Text(j.get<std::string>());
    case nlohmann::json::value_t::object:
      if (j.size() == 1 && j.contains("blob") && j["blob"].is_string()) {
        Result<std::string> bytes = BlobFromHex(j["blob"].get<std::string>());
        if (!bytes.ok()) return Status::InvalidArgument(where + "blob: " + bytes.status().message());
        return Value::Blob(std::move(bytes).value());
      }
      return Status::InvalidArgument(where + "objects must be {\"blob\": \"<hex>\"}");
    default:
      return Status::InvalidArgument(where + "arrays and binary values cannot be bound");
  }
}

nlohmann::json StoreStatsToJson(const StoreStatsSnapshot& s) {
  nlohmann::json j = nlohmann::json::object();
  static const char* kNames[] = {"get", "range_get", "put", "put_if_absent", "delete", "list", "head"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(StoreOp::kCount));
  for (int i = 0; i < static_cast<int>(StoreOp::kCount); i++) j[kNames[i]] = s.requests[i];
  j["total"] = s.total_requests();
  j["bytes_read"] = s.bytes_read;
  j["bytes_written"] = s.bytes_written;
  return j;
}

}  // namespace s3lite
