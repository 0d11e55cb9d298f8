// Writer epochs (see fence.h).
#include "engine/manifest/fence.h"

#include <algorithm>

#include "engine/manifest/object_names.h"

namespace s3lite {

Result<uint64_t> CurrentMaxEpoch(ObjectStore& store) {
  S3LITE_ASSIGN_OR_RETURN(std::vector<ObjectInfo> objects, store.List(std::string(kFencePrefix)));
  uint64_t max_epoch = 0;
  for (const ObjectInfo& o : objects) {
    if (auto e = ParseFenceKey(o.key)) max_epoch = std::max(max_epoch, *e);
  }
  return max_epoch;
}

Result<uint64_t> AcquireEpoch(ObjectStore& store, uint64_t at_least, std::string_view owner) {
  S3LITE_ASSIGN_OR_RETURN(uint64_t current, CurrentMaxEpoch(store));
  uint64_t epoch = std::max(current + 1, std::max<uint64_t>(at_least, 1));
  for (int attempt = 0; attempt < 64; attempt++, epoch++) {
    if (epoch > kMaxEpoch) {
      return Status::InvalidArgument("cannot take writer epoch " + std::to_string(epoch) + ": epochs are limited to " +
                                     std::to_string(kMaxEpoch));
    }
    std::string body = "epoch " + std::to_string(epoch) + "\nowner " + std::string(owner) + "\n";
    Status s = store.PutIfAbsent(FenceKey(epoch), body);
    if (s.ok()) return epoch;
    if (!s.IsAlreadyExists()) return s.WithContext("taking writer epoch " + FenceKey(epoch));
    // Another writer took this epoch first: try the next one.
  }
  return Status::Conflict("could not take a writer epoch: lost 64 races to other writers");
}

Status CheckFenced(ObjectStore& store, uint64_t my_epoch) {
  S3LITE_ASSIGN_OR_RETURN(uint64_t current, CurrentMaxEpoch(store));
  if (current > my_epoch) {
    return Status::Conflict("fenced: a newer writer (epoch " + std::to_string(current) + ") has taken over");
  }
  return Status::OK();
}

}  // namespace s3lite
