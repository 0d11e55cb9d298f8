#include "cli/common/store_cli.h"

#include <cstdio>

#include "engine/store/redact.h"

namespace s3lite {

void StoreCli::AddOptions(CLI::App* app, const std::string& group) {
  app->add_option("--data", data_dir, "Local directory store (same as a STORE argument)")
      ->group(group)->type_name("DIR");
  app->add_option("--s3-bucket", s3_bucket, "S3 bucket (alias: STORE s3://BUCKET/PREFIX)")
      ->group(group)->type_name("BUCKET");
  app->add_option("--s3-prefix", s3_prefix, "Key prefix inside --s3-bucket")->group(group)->type_name("PREFIX");
  app->add_option("--endpoint-url,--s3-endpoint", endpoint_url,
                  "S3 endpoint, e.g. http://127.0.0.1:7480 (default: AWS_ENDPOINT_URL, else AWS)")
      ->group(group)->type_name("URL");
  app->add_option("--region,--s3-region", region, "S3 region (default: AWS_REGION, else us-east-1)")
      ->group(group)->type_name("REGION");
  app->add_flag("--force-path-style", force_path_style, "Address S3 as http://host/bucket/key")->group(group);
  app->add_option("--profile", profile, "Credentials profile in ~/.aws/credentials (default: AWS_PROFILE)")
      ->group(group)->type_name("NAME");
  app->add_option("--cache", cache_pages, "Page cache size in 4 KiB pages")
      ->group(group)->type_name("PAGES")->capture_default_str()->check(CLI::PositiveNumber);
  app->add_option("--prefetch-workers", prefetch_workers, "Parallel chunk fetches for scans")
      ->group(group)->type_name("N")->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_option("--refresh", refresh_ms, "How stale a reader's view may be, in ms (0 = always check)")
      ->group(group)->type_name("MS")->capture_default_str()->check(CLI::NonNegativeNumber);
  app->add_flag("--read-only", read_only, "Never write to the store")->group(group);
  app->add_flag("--writer", writer,
                "Take over as the writer at open, even while another instance holds the writer lease "
                "(that instance's next commit fails)")
      ->group(group);
  app->add_option("--writer-lease", writer_lease_ms,
                  "Writer lease ttl in ms: renewed every ttl/3 while writing; a dead writer's lease "
                  "expires after it")
      ->group(group)->type_name("MS")->capture_default_str()->check(CLI::PositiveNumber);
}

Result<std::string> StoreCli::Location() const {
  int given = !store.empty() + !data_dir.empty() + !s3_bucket.empty();
  if (given > 1) {
    return Status::InvalidArgument("give the store once: a STORE argument, --data DIR or --s3-bucket B");
  }
  if (!s3_prefix.empty() && s3_bucket.empty()) {
    return Status::InvalidArgument("--s3-prefix needs --s3-bucket");
  }
  if (!store.empty()) return store;
  if (!data_dir.empty()) return data_dir;
  if (!s3_bucket.empty()) {
    std::string prefix = s3_prefix;
    while (!prefix.empty() && prefix.front() == '/') prefix.erase(prefix.begin());
    return "s3://" + s3_bucket + (prefix.empty() ? "" : "/" + prefix);
  }
  return std::string(kDefaultStoreLocation);
}

Result<StoreOptions> StoreCli::BuildStoreOptions() const {
  StoreOptions o;
  S3LITE_ASSIGN_OR_RETURN(o.location, Location());
  o.endpoint_url = endpoint_url;
  o.region = region;
  o.profile = profile;
  o.force_path_style = force_path_style;
  return o;
}

DatabaseOptions StoreCli::BuildDatabaseOptions() const {
  DatabaseOptions o;
  o.cache_pages = static_cast<size_t>(cache_pages);
  o.prefetch_workers = prefetch_workers;
  o.refresh_ms = refresh_ms;
  o.read_only = read_only;
  o.takeover = writer;
  o.writer_lease_ms = writer_lease_ms;
  return o;
}

Result<std::shared_ptr<ObjectStore>> OpenStoreOnly(const StoreCli& cli, std::string* location) {
  S3LITE_ASSIGN_OR_RETURN(StoreOptions options, cli.BuildStoreOptions());
  *location = options.location;
  Result<std::shared_ptr<ObjectStore>> store = OpenStore(options);
  if (!store.ok()) {
    return store.status().WithContext("cannot open store " + RedactUrl(options.location));
  }
  Status reach = CheckStoreReachable(**store);
  if (!reach.ok()) return reach.WithContext("cannot open store " + RedactUrl(options.location));
  return store;
}

Result<OpenedDatabase> OpenDatabase(const StoreCli& cli) {
  OpenedDatabase out;
  S3LITE_ASSIGN_OR_RETURN(out.store, OpenStoreOnly(cli, &out.location));
  Result<std::shared_ptr<Database>> db = Database::Open(out.store, cli.BuildDatabaseOptions());
  if (!db.ok()) return db.status().WithContext("cannot open database in " + out.location);
  out.db = std::move(db).value();
  return out;
}

void PrintFatal(const char* program, const Status& status) {
  std::string msg = status.message();
  for (char& c : msg) {
    if (c == '\n') c = ' ';
  }
  std::fprintf(stderr, "%s: %s\n", program, msg.c_str());
}

}  // namespace s3lite
