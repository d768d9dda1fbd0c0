#include "server/http.hpp"

#include <Poco/URI.h>

namespace dangan::server {

std::string Request::param(const std::string& name) const {
    auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
}

std::vector<std::string> Request::all(const std::string& name) const {
    std::vector<std::string> values;
    auto [first, last] = params.equal_range(name);
    for (auto it = first; it != last; ++it) values.push_back(it->second);
    return values;
}

Response Response::html(std::string body, int status) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response Response::json(std::string body, int status) {
    Response r;
    r.status = status;
    r.content_type = "application/json; charset=utf-8";
    r.body = std::move(body);
    return r;
}

Response Response::redirect(const std::string& location) {
    Response r;
    r.status = 303;
    r.headers["Location"] = location;
    return r;
}

Response Response::text(int status, std::string body) {
    Response r;
    r.status = status;
    r.content_type = "text/plain; charset=utf-8";
    r.body = std::move(body);
    return r;
}

void parse_form(const std::string& encoded, std::multimap<std::string, std::string>& into) {
    size_t start = 0;
    while (start <= encoded.size()) {
        size_t end = encoded.find('&', start);
        if (end == std::string::npos) end = encoded.size();
        const std::string pair = encoded.substr(start, end - start);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            std::string key = pair.substr(0, eq), value = eq == std::string::npos ? "" : pair.substr(eq + 1);
            // '+' is a space in form encoding; Poco::URI::decode handles %XX only.
            for (auto* s : {&key, &value})
                for (char& c : *s)
                    if (c == '+') c = ' ';
            std::string k, v;
            Poco::URI::decode(key, k);
            Poco::URI::decode(value, v);
            into.emplace(std::move(k), std::move(v));
        }
        start = end + 1;
    }
}

bool host_allowed(const Request& request, const std::string& bound_host) {
    auto host = request.headers.find("host");
    if (host == request.headers.end()) return true;
    std::string name = host->second;
    if (name.starts_with("[")) name = name.substr(0, name.find(']') + 1);
    else name = name.substr(0, name.find(':'));
    return name == "127.0.0.1" || name == "localhost" || name == "[::1]" || name == bound_host;
}

std::string url_encode(const std::string& value) {
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

}  // namespace dangan::server
