// The SQL layer's library anchor; see sql/README.md for the folder map.
namespace s3lite {
extern const char kSqlLayerVersion[] = "s3lite-sql 1";
}  // namespace s3lite
