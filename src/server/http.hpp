// The web app's requests and responses as plain values: handlers are functions of a Request, so unit
// tests call them directly and only server.cpp knows Poco::Net.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dangan::server {

/// A file sent with a form (multipart/form-data): the name the browser gave and its bytes.
struct Upload {
    std::string filename;
    std::string bytes;
};

struct Request {
    std::string method = "GET";
    std::string path = "/";                              ///< decoded, without the query
    std::multimap<std::string, std::string> params;      ///< query and form fields, decoded (UTF-8)
    std::map<std::string, std::string> headers;          ///< lower-case names
    std::map<std::string, Upload> files;                 ///< uploaded files by form field name

    /// The first value of `name`, or "" when absent.
    std::string param(const std::string& name) const;
    /// Every value of `name` (check boxes, repeated fields), in order.
    std::vector<std::string> all(const std::string& name) const;
    bool has(const std::string& name) const { return params.count(name) > 0; }
};

struct Response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::map<std::string, std::string> headers;

    static Response html(std::string body, int status = 200);
    static Response json(std::string body, int status = 200);
    static Response redirect(const std::string& location);  ///< 303 See Other (after a POST)
    static Response text(int status, std::string body);
};

/// Decodes an application/x-www-form-urlencoded string (query or body) into `into`.
void parse_form(const std::string& encoded, std::multimap<std::string, std::string>& into);

/// Whether the request's Host names this computer (127.0.0.1, localhost, [::1]) or `bound_host`. Pages of a
/// web site that rebinds its own name to 127.0.0.1 carry their own Host and get nothing (DNS rebinding).
/// A request without Host (HTTP/1.0, tests) passes.
bool host_allowed(const Request& request, const std::string& bound_host);

/// Percent-encodes a value for a query string.
std::string url_encode(const std::string& value);

}  // namespace dangan::server
