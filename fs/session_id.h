// SessionOf: the session id (`sid`, field 6 of /proc/PID/stat) of a process.
//
// A shell and every command it runs share one session, so it identifies
// "the user at this terminal or in this script" for `/.query`'s last-result
// convenience (`echo SQL > .query; cat .query`). The comm field may contain
// spaces and parentheses, so parsing starts after the LAST ')'.
//
// Thread-safety: stateless.
#pragma once

#include <sys/types.h>

#include <string_view>

#include "engine/util/status.h"

namespace s3lite {

Result<pid_t> SessionOf(pid_t pid);

// Parses the text of a /proc/PID/stat file.
Result<pid_t> ParseSessionFromStat(std::string_view stat);

}  // namespace s3lite
