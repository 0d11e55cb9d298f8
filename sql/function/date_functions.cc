// Date and time functions (date, time, datetime, julianday, unixepoch,
// strftime). Placeholder list until implemented; see docs/SQL_FUNCTIONS.md.
#include "sql/function/builtin_functions.h"

namespace s3lite {

std::vector<ScalarFunction> DateTimeScalarFunctions() { return {}; }

}  // namespace s3lite
