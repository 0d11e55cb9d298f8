// Fuzz target: WAL batch objects (engine/wal/wal_batch.h, DecodeWalBatch).
//
// Input: one wal/<seq> object. It is decoded as is and again with its
// trailing CRC32C recomputed, so the fuzzer reaches the record decoder
// behind the checksum. Properties:
//  - DecodeWalBatch never crashes or over-allocates; errors are Corruption
//    naming the object.
//  - A decoded batch re-encodes (WalBatchBuilder) to bytes that decode to
//    the same records, and CommittedTransactions only returns records that
//    precede a kCommit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/util/coding.h"
#include "engine/util/crc32c.h"
#include "engine/wal/wal_batch.h"
#include "fuzz/fuzz_check.h"

namespace {

using namespace s3lite;

const std::string kObject = "wal/00000000000000000042";

void DecodeOne(std::string_view bytes) {
  Result<WalBatch> batch = DecodeWalBatch(bytes, kObject);
  if (!batch.ok()) {
    CheckDecodeError(batch.status(), kObject);
    return;
  }
  WalBatchBuilder builder(batch->database_id, batch->epoch, batch->seq);
  for (const WalRecord& r : batch->records) builder.Add(r);
  std::string again = builder.Finish();
  Result<WalBatch> back = DecodeWalBatch(again, kObject);
  FUZZ_CHECK(back.ok(), "re-encoded batch does not decode: %s", back.status().ToString().c_str());
  FUZZ_CHECK(back->database_id == batch->database_id && back->epoch == batch->epoch &&
                 back->seq == batch->seq,
             "batch header changed in round trip");
  FUZZ_CHECK(back->records == batch->records, "records changed in round trip (%zu vs %zu)",
             back->records.size(), batch->records.size());

  WalTransactions txns = CommittedTransactions(*batch);
  FUZZ_CHECK(txns.groups.size() == txns.txn_ids.size(), "groups/txn_ids size mismatch");
  size_t committed = 0;
  for (const auto& g : txns.groups) {
    committed += g.size() + 1;
    for (const WalRecord* r : g) FUZZ_CHECK(r->type != WalRecordType::kCommit, "kCommit inside a group");
  }
  FUZZ_CHECK(committed <= batch->records.size(), "more committed records than records");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  DecodeOne(input);
  if (size > 4) {
    std::string fixed(input);
    EncodeFixed32(fixed.data() + size - 4, crc32c::Value(fixed.data(), size - 4));
    DecodeOne(fixed);
  }
  return 0;
}
