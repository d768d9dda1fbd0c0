#include "server/server.hpp"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/PartHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/ThreadPool.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <condition_variable>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>
#include <sstream>
#include <functional>

namespace dangan::server {

namespace {

constexpr std::streamsize kMaxBody = 4 << 20;  ///< a meeting form is a few KB; refuse anything huge
constexpr std::streamsize kMaxUpload = 20 << 20;  ///< an uploaded workbook (a branch's 台账 is well under 1 MB)

/// Keeps each file part of a multipart form in memory (the app decides where, if anywhere, it goes).
class UploadParts : public Poco::Net::PartHandler {
public:
    explicit UploadParts(std::map<std::string, Upload>& files) : files_(files) {}
    void handlePart(const Poco::Net::MessageHeader& header, std::istream& stream) override {
        std::string disposition;
        Poco::Net::NameValueCollection parameters;
        Poco::Net::MessageHeader::splitParameters(header.get("Content-Disposition", ""), disposition, parameters);
        Upload upload;
        upload.filename = parameters.get("filename", "");
        Poco::StreamCopier::copyToString(stream, upload.bytes);
        files_[parameters.get("name", "")] = std::move(upload);
    }

private:
    std::map<std::string, Upload>& files_;
};

/// One branch's app or the multi-branch site: whichever answers.
using Answer = std::function<Response(const Request&)>;

/// Adapts Poco's request to the app's plain Request and back.
class Handler : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(const Answer& app) : app_(app) {}

    void handleRequest(Poco::Net::HTTPServerRequest& in, Poco::Net::HTTPServerResponse& out) override {
        Request request;
        request.method = in.getMethod();
        Response response;
        try {
            Poco::URI uri(in.getURI());
            request.path = uri.getPath();
            parse_form(uri.getRawQuery(), request.params);
            for (const auto& [name, value] : in) {
                std::string lower = name;
                for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                request.headers[lower] = value;
            }
            if (request.method == "POST") {
                const bool multipart = in.getContentType().starts_with("multipart/form-data");
                const std::streamsize limit = multipart ? kMaxUpload : kMaxBody;
                std::string body;
                std::istream& stream = in.stream();
                char buffer[8192];
                while (stream.read(buffer, sizeof buffer) || stream.gcount() > 0) {
                    body.append(buffer, static_cast<size_t>(stream.gcount()));
                    if (static_cast<std::streamsize>(body.size()) > limit) break;
                }
                if (static_cast<std::streamsize>(body.size()) > limit) {
                    response = Response::text(413, multipart ? "上传的文件太大（最多 20 MB）。" : "请求太大。");
                    send(out, response, false);
                    return;
                }
                if (multipart) {
                    std::istringstream stream_body(body);
                    UploadParts parts(request.files);
                    Poco::Net::HTMLForm form;
                    form.load(in, stream_body, parts);
                    for (const auto& [name, value] : form) request.params.emplace(name, value);
                } else {
                    parse_form(body, request.params);
                }
            }
            response = app_(request);
        } catch (const std::exception& e) {
            response = Response::text(400, std::string("无法读取请求：") + e.what());
        }
        send(out, response, request.method == "HEAD");
    }

private:
    static void send(Poco::Net::HTTPServerResponse& out, const Response& response, bool head) {
        out.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
        out.setContentType(response.content_type);
        out.set("X-Content-Type-Options", "nosniff");
        out.set("X-Frame-Options", "SAMEORIGIN");
        for (const auto& [name, value] : response.headers) out.set(name, value);
        out.setContentLength(static_cast<std::streamsize>(response.body.size()));
        auto& stream = out.send();
        if (!head) stream.write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
    }

    const Answer& app_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(Answer app) : app_(std::move(app)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(app_);
    }

private:
    Answer app_;
};

/// `serve DATA`'s index thread, as a site's (site.cpp): a save asks for the branch's index rows to be made
/// again and answers at once; this thread makes them (one branch: one update for any number of saves that
/// asked meanwhile). Pages that show the index bring it up to date themselves before reading it.
class IndexThread {
public:
    void start(App& app) {
        thread_ = std::thread([this, &app] {
            std::unique_lock lock(mutex_);
            while (true) {
                wake_.wait(lock, [this] { return stopping_ || dirty_; });
                if (stopping_) break;
                dirty_ = false;
                lock.unlock();
                try {
                    app.reindex();
                } catch (const std::exception& e) {
                    std::cerr << "dangan: 索引未能更新：" << e.what() << "\n";
                }
                lock.lock();
            }
        });
    }
    void later() {
        {
            std::lock_guard lock(mutex_);
            dirty_ = true;
        }
        wake_.notify_one();
    }
    ~IndexThread() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_one();
        if (thread_.joinable()) thread_.join();
    }

private:
    std::mutex mutex_;
    std::condition_variable wake_;
    bool dirty_ = false, stopping_ = false;
    std::thread thread_;
};

}  // namespace

int serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
    std::unique_ptr<App> app;
    std::unique_ptr<Site> site;
    auto index_thread = std::make_unique<IndexThread>();  // stopped before the app goes
    Answer answer;
    if (options.config) {
        SiteOptions site_options;
        site_options.config = SiteConfig::load(*options.config);
        site_options.as_of = options.app.as_of;
        site_options.template_dirs = options.app.template_dirs;
        site_options.deterministic = options.app.deterministic;
        site_options.bound_host = options.host;
        site = std::make_unique<Site>(site_options);
        answer = [&site](const Request& r) { return site->handle(r); };
    } else {
        AppOptions app_options = options.app;
        app_options.bound_host = options.host;
        // One branch: the shared index in a private in-memory SQLite database (the same schema and code as
        // a site's), made from the folder at start; nothing is written outside the data folder.
        // With --index FILE the index is that SQLite file (and, in WAL mode, FILE-wal and FILE-shm beside it),
        // kept between runs: a restart makes it again only when the folder changed.
        if (options.index) {
            std::error_code ec;
            const auto folder = options.index->parent_path().empty() ? std::filesystem::path(".") : options.index->parent_path();
            if (!std::filesystem::is_directory(folder, ec)) {
                err << "dangan: " << options.index->string() << "：索引文件所在的文件夹不存在；请先建好文件夹，或换一个位置\n";
                return 2;
            }
            if (std::filesystem::is_directory(*options.index, ec)) {
                err << "dangan: " << options.index->string() << "：这是一个文件夹；--index 要给一个文件名，如 --index 索引.sqlite\n";
                return 2;
            }
            app_options.index = std::make_shared<SharedIndex>(DatabaseConfig{"sqlite", options.index->string()});
        }
        if (!app_options.index) app_options.index = std::make_shared<SharedIndex>(DatabaseConfig{"sqlite", ":memory:"});
        if (!app_options.reindex_later) app_options.reindex_later = [thread = index_thread.get()] { thread->later(); };
        app = std::make_unique<App>(app_options);
        app->reindex(!options.index);
        index_thread->start(*app);
        answer = [&app](const Request& r) { return app->handle(r); };
    }
    // SIGINT/SIGTERM are waited for below, not delivered to whichever thread is running.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    Poco::Net::ServerSocket socket;
    try {
        // SO_REUSEADDR (a restart right after a stop) but not SO_REUSEPORT: a second server on the port must fail.
        socket.bind(Poco::Net::SocketAddress(options.host, static_cast<Poco::UInt16>(options.port)), true, false);
        socket.listen(64);
    } catch (const Poco::Exception& e) {
        err << "dangan: 无法在 " << options.host << ":" << options.port << " 启动网页版：" << e.displayText()
            << "（端口可能已被占用；用 --port 换一个端口）\n";
        return 2;
    }
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options.threads);
    params->setMaxQueued(256);
    params->setKeepAlive(true);
    // Poco's default pool holds 16 threads at most: our own pool, sized for `threads`.
    Poco::ThreadPool pool(2, options.threads);
    Poco::Net::HTTPServer server(new Factory(answer), pool, socket, params);
    server.start();
    const auto port = socket.address().port();
    out << "dangan: 网页版已启动：http://" << (options.host == "0.0.0.0" ? "127.0.0.1" : options.host) << ":" << port
        << "/  （" << (options.config ? "配置：" + options.config->string() : "数据文件夹：" + options.app.data.string())
        << "；按 Ctrl+C 停止）" << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stopAll(true);
    out << "dangan: 网页版已停止" << std::endl;
    return 0;
}

}  // namespace dangan::server
