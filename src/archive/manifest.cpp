#include "archive/manifest.hpp"

#include "core/atomic_write.hpp"
#include "core/diagnostic.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace dangan::archive {

std::string sha256_file(const std::filesystem::path& file) {
    // Opened with O_NONBLOCK and checked with fstat: a file replaced by a FIFO or a device between the
    // walk and the hashing is refused instead of hanging the audit or hashing without end.
    int fd = -1;
    try {
        fd = core::open_regular_file(file);
    } catch (const core::InputError& e) {
        throw std::runtime_error(e.what());
    }
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    std::vector<char> buffer(256 * 1024);
    for (;;) {
        const ssize_t n = ::read(fd, buffer.data(), buffer.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            throw std::runtime_error("cannot read " + file.string());
        }
        if (n == 0) break;
        engine.update(buffer.data(), static_cast<unsigned>(n));
    }
    ::close(fd);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string sha256_bytes(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::vector<std::optional<std::string>> sha256_files(const std::vector<std::filesystem::path>& files, int workers,
                                                     std::vector<std::string>& errors,
                                                     const std::function<void(size_t, size_t)>& progress) {
    std::vector<std::optional<std::string>> out(files.size());
    errors.assign(files.size(), "");
    std::atomic<size_t> next{0}, done{0};
    // Each worker takes the next file: files differ wildly in size, so static slices would leave
    // one thread idle while the other hashes the big scans.
    auto work = [&] {
        for (size_t i = next++; i < files.size(); i = next++) {
            try {
                out[i] = sha256_file(files[i]);
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
            if (progress) progress(++done, files.size());
        }
    };
    const int n = std::max(1, std::min<int>(workers, static_cast<int>(files.size())));
    std::vector<std::thread> threads;
    for (int t = 1; t < n; ++t) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    return out;
}

std::string manifest_to_json(const Manifest& m) {
    Poco::JSON::Object root(Poco::JSON_PRESERVE_KEY_ORDER);
    root.set("dangan_manifest", 1);
    root.set("record_id", m.record_id);
    root.set("code", m.code);
    root.set("style", m.style);
    root.set("year", m.year);
    root.set("item", m.item);
    root.set("kind", m.kind);
    root.set("title", m.title);
    root.set("date", m.date);
    root.set("pages", m.pages);
    root.set("record_sha256", m.record_sha256);
    Poco::JSON::Array::Ptr files = new Poco::JSON::Array;
    for (const auto& f : m.files) {
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("path", f.path);
        o->set("size", static_cast<Poco::UInt64>(f.size));
        o->set("sha256", f.sha256);
        files->add(o);
    }
    root.set("files", files);
    std::ostringstream out;
    root.stringify(out, 2);
    out << "\n";
    return out.str();
}

Manifest manifest_from_json(const std::string& text) {
    Poco::JSON::Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {  // before std::exception, which it derives from
        throw std::runtime_error("not valid JSON (" + e.message() + ")");
    } catch (const std::exception&) {
        throw std::runtime_error("not valid JSON");
    }
    if (!root || !root->has("dangan_manifest")) throw std::runtime_error("not a dangan manifest");
    Manifest m;
    try {
        m.record_id = root->optValue<std::string>("record_id", "");
        m.code = root->optValue<std::string>("code", "");
        m.style = root->optValue<std::string>("style", "DA/T 22-2015");
        m.year = root->optValue<int>("year", 0);
        m.item = root->optValue<int>("item", 0);
        m.kind = root->optValue<std::string>("kind", "");
        m.title = root->optValue<std::string>("title", "");
        m.date = root->optValue<std::string>("date", "");
        m.pages = root->optValue<int>("pages", 0);
        m.record_sha256 = root->optValue<std::string>("record_sha256", "");
        const auto files = root->getArray("files");
        if (!files) throw std::runtime_error("the manifest has no \"files\" list");
        for (size_t i = 0; i < files->size(); ++i) {
            const auto f = files->getObject(static_cast<unsigned>(i));
            if (!f || !f->has("path") || !f->has("sha256")) throw std::runtime_error("a file entry lacks path or sha256");
            m.files.push_back({f->getValue<std::string>("path"), f->optValue<Poco::UInt64>("size", 0),
                               f->getValue<std::string>("sha256")});
        }
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("a field has the wrong type (" + e.message() + ")");
    }
    return m;
}

}  // namespace dangan::archive
