// `dangan serve DATA`: the web app on Poco::Net's HTTPServer, bound to 127.0.0.1 unless asked otherwise.
#pragma once

#include "server/app.hpp"
#include "server/site.hpp"

#include <ostream>
#include <string>

namespace dangan::server {

struct ServeOptions {
    AppOptions app;                                  ///< one branch: `serve DATA`
    std::optional<std::filesystem::path> config;     ///< many branches: `serve --config server.json`
    /// --index FILE (`serve DATA` only): the shared index in this SQLite file, kept between runs (a restart
    /// only compares the folder's fingerprint), instead of a private in-memory database.
    std::optional<std::filesystem::path> index;
    std::string host = "127.0.0.1";  ///< --host: another address exposes the branch's records to the network
    int port = 8080;                 ///< --port; 0 picks a free one (printed)
    /// Connections served at once. Most of a save's time is waiting for its group commit (branch.hpp), so
    /// more threads than cores make larger groups: 50 secretaries saving at once are written in a few groups
    /// instead of one group per 8.
    int threads = 64;
};

/// Serves until SIGINT or SIGTERM. Prints the address to `out` ("dangan: 网页版已启动：http://…") and
/// returns 0; returns 2 with a Chinese message when the port cannot be opened.
int serve(const ServeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace dangan::server
