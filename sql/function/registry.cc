// The function registry: name/arity lookup over the built-in lists of
// builtin_functions.h. Built once on first use (thread-safe static init) and
// immutable afterwards.
#include <algorithm>
#include <string>
#include <unordered_map>

#include "sql/function/builtin_functions.h"
#include "sql/function/function_registry.h"
#include "sql/function/json_functions.h"

namespace s3lite {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool Accepts(int min_args, int max_args, int argc) {
  return argc >= min_args && (max_args < 0 || argc <= max_args);
}

struct Registry {
  std::unordered_multimap<std::string, ScalarFunction> scalars;
  std::unordered_multimap<std::string, AggregateFunction> aggregates;

  Registry() {
    for (auto* list : {CoreScalarFunctions, StringScalarFunctions, MathScalarFunctions,
                       DateTimeScalarFunctions, ConnectionScalarFunctions, JsonScalarFunctions}) {
      for (ScalarFunction& f : list()) scalars.emplace(f.name, std::move(f));
    }
    for (AggregateFunction& f : BuiltinAggregates()) aggregates.emplace(f.name, std::move(f));
    for (AggregateFunction& f : JsonAggregates()) aggregates.emplace(f.name, std::move(f));
  }
};

const Registry& TheRegistry() {
  static const Registry registry;
  return registry;
}

}  // namespace

const ScalarFunction* FindScalarFunction(std::string_view name, int argc) {
  auto range = TheRegistry().scalars.equal_range(Lower(name));
  for (auto it = range.first; it != range.second; ++it) {
    if (Accepts(it->second.min_args, it->second.max_args, argc)) return &it->second;
  }
  return nullptr;
}

const AggregateFunction* FindAggregateFunction(std::string_view name, int argc) {
  auto range = TheRegistry().aggregates.equal_range(Lower(name));
  for (auto it = range.first; it != range.second; ++it) {
    if (Accepts(it->second.min_args, it->second.max_args, argc)) return &it->second;
  }
  return nullptr;
}

bool IsKnownFunction(std::string_view name) {
  std::string key = Lower(name);
  const Registry& r = TheRegistry();
  return r.scalars.count(key) > 0 || r.aggregates.count(key) > 0;
}

}  // namespace s3lite
