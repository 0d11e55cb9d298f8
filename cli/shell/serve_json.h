// JSON encoding for `s3lite serve`: SQL values <-> JSON, engine statistics.
//
// Values: NULL -> null, INTEGER -> number (exact int64), REAL -> number
// (shortest round-trip form; +-Inf -> null, JSON has no infinities),
// TEXT -> string, BLOB -> {"blob": "<lower-case hex>"}. Parameters accept
// the same forms plus true/false (bound as 1/0) and {"blob": "<hex>"}.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/db/database.h"
#include "engine/util/status.h"
#include "engine/value/value.h"

namespace s3lite {

nlohmann::json ValueToJson(const Value& v);
// InvalidArgument naming the problem ("parameter 2: ...") for values that
// have no SQL equivalent (arrays, objects other than {"blob": hex}, integers
// outside int64).
Result<Value> JsonToValue(const nlohmann::json& j, size_t index);

// {"get": n, "range_get": n, "put": n, "put_if_absent": n, "delete": n,
//  "list": n, "head": n, "total": n, "bytes_read": n, "bytes_written": n}
nlohmann::json StoreStatsToJson(const StoreStatsSnapshot& s);

std::string BlobToHex(std::string_view bytes);
Result<std::string> BlobFromHex(std::string_view hex);

}  // namespace s3lite
