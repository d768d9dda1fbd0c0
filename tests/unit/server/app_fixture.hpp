// The web app over a fresh copy of the sample branch, driven through App::handle without a socket: the
// starting point of every handler test in tests/unit/server ("today" is the end of the sample year, the
// form token fixed, output deterministic). Each test file adds what its pages need in a struct of its own.
#pragma once

#include "core/date.hpp"
#include "server/app.hpp"
#include "support/temp_dir.hpp"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace dangan::testing {

inline constexpr const char* kFormToken = "test-token";

struct AppFixture {
    TempDir dir;
    std::filesystem::path data = dir.path / "branch";
    std::unique_ptr<server::App> app;

    /// `tag` names the temporary folder; `adjust` may change the options before the app starts.
    explicit AppFixture(const std::string& tag = "web", const std::function<void(server::AppOptions&)>& adjust = {})
        : dir(tag) {
        std::filesystem::copy(std::filesystem::path(DANGAN_SOURCE_DIR) / "samples/branch-2025", data,
                              std::filesystem::copy_options::recursive);
        server::AppOptions options;
        options.data = data;
        options.as_of = core::parse_date("2025-12-31");
        options.form_token = kFormToken;
        options.deterministic = true;
        if (adjust) adjust(options);
        app = std::make_unique<server::App>(options);
    }

    /// GET `path`, which may carry its own "?query" besides `params`.
    server::Response get(const std::string& path, std::multimap<std::string, std::string> params = {}) {
        server::Request r;
        const auto q = path.find('?');
        r.path = path.substr(0, q);
        r.params = std::move(params);
        if (q != std::string::npos) server::parse_form(path.substr(q + 1), r.params);
        return app->handle(r);
    }

    /// POST `params` to `path`, with the form token unless `token` is false (the CSRF checks).
    server::Response post(const std::string& path, std::multimap<std::string, std::string> params = {},
                          bool token = true) {
        server::Request r;
        r.method = "POST";
        r.path = path;
        r.params = std::move(params);
        if (token) r.params.emplace("token", kFormToken);
        return app->handle(r);
    }
};

}  // namespace dangan::testing
