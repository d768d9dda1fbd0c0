#include "server/site.hpp"

#include "core/atomic_write.hpp"
#include "jobs/resources.hpp"
#include "rules/remind.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

namespace dangan::server {

namespace fs = std::filesystem;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

constexpr const char* kCookie = "dangan_session";

bool valid_id(const std::string& id) {
    return !id.empty() && id.size() <= 40 &&
           std::all_of(id.begin(), id.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

std::string cookie(const Request& request, const std::string& name) {
    auto it = request.headers.find("cookie");
    if (it == request.headers.end()) return "";
    const std::string& text = it->second;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(';', start);
        if (end == std::string::npos) end = text.size();
        std::string pair = text.substr(start, end - start);
        while (!pair.empty() && pair.front() == ' ') pair.erase(0, 1);
        if (pair.starts_with(name + "=")) return pair.substr(name.size() + 1);
        start = end + 1;
    }
    return "";
}

}  // namespace

SiteConfig SiteConfig::load(const fs::path& file) {
    const std::string where = file.string();
    Object::Ptr root;
    try {
        Poco::JSON::Parser parser;
        root = parser.parse(core::read_file(file)).extract<Object::Ptr>();
    } catch (const core::InputError&) {
        throw;
    } catch (const std::exception& e) {
        throw core::InputError({where}, std::string("服务器配置不是正确的 JSON 对象：") + e.what());
    }
    SiteConfig config;
    const fs::path folder = file.parent_path();
    auto resolve = [&](const std::string& path) { return fs::path(path).is_absolute() ? fs::path(path) : folder / path; };
    if (!root->isArray("branches") || root->getArray("branches")->size() == 0)
        throw core::InputError({where}, "缺少 branches（支部列表），例如 \"branches\": [{\"id\": \"jc2\", \"name\": \"…\", \"data\": \"…\"}]");
    auto list = root->getArray("branches");
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string at = "branches[" + std::to_string(i) + "]";
        if (!list->isObject(i)) throw core::InputError({where}, at + " 应是一个对象 {\"id\", \"name\", \"data\"}");
        auto b = list->getObject(static_cast<unsigned>(i));
        BranchConfig branch;
        branch.id = b->has("id") ? b->get("id").toString() : "";
        branch.name = b->has("name") ? b->get("name").toString() : branch.id;
        const std::string data = b->has("data") ? b->get("data").toString() : "";
        if (!valid_id(branch.id))
            throw core::InputError({where}, at + ".id“" + branch.id + "”不可用：只能用字母、数字、- 和 _（它是网址的一部分）");
        if (data.empty()) throw core::InputError({where}, at + " 缺少 data（这个支部的数据文件夹）");
        for (const auto& other : config.branches)
            if (other.id == branch.id) throw core::InputError({where}, at + ".id“" + branch.id + "”重复");
        branch.data = resolve(data);
        if (b->has("archive") && !b->get("archive").toString().empty()) branch.archive = resolve(b->get("archive").toString());
        config.branches.push_back(std::move(branch));
    }
    const std::string database = root->has("database") ? root->get("database").toString() : "sqlite:accounts.sqlite";
    const auto colon = database.find(':');
    config.database.kind = database.substr(0, colon);
    config.database.target = colon == std::string::npos ? "" : database.substr(colon + 1);
    if (config.database.kind == "sqlite") config.database.target = resolve(config.database.target).string();
    else if (config.database.kind != "postgresql")
        throw core::InputError({where}, "database“" + database + "”不认识：应为 \"sqlite:文件\" 或 \"postgresql:连接参数\"");
    if (root->has("profile")) config.profile = root->get("profile").toString();
    return config;
}

Site::Site(SiteOptions options)
    : options_(std::move(options)), accounts_(options_.config.database),
      index_(std::make_shared<SharedIndex>(options_.config.database)) {
    std::vector<std::string> ids;
    for (const auto& b : options_.config.branches) {
        AppOptions app;
        app.data = b.data;
        app.archive = b.archive;
        app.profile = options_.config.profile;
        app.as_of = options_.as_of;
        app.template_dirs = options_.template_dirs;
        app.deterministic = options_.deterministic;
        app.bound_host = options_.bound_host;
        app.index = index_;
        app.index_id = b.id;
        app.index_name = b.name;
        app.reindex_later = [this, id = b.id] {
            {
                std::lock_guard lock(sweep_mutex_);
                dirty_.insert(id);
                ++saves_seen_;
            }
            sweep_wake_.notify_all();
        };
        apps_[b.id] = std::make_unique<App>(app);
        names_[b.id] = b.name;
        ids.push_back(b.id);
    }
    index_->forget_others(ids);
    refresh_index();
    // The index thread: the branches saved, as soon as they are; every branch's fingerprint every
    // sweep_seconds (edits made outside the server).
    sweeper_ = std::thread([this] {
        const auto every = std::chrono::seconds(options_.sweep_seconds > 0 ? options_.sweep_seconds : 1'000'000);
        auto next_sweep = std::chrono::steady_clock::now() + every;
        std::unique_lock lock(sweep_mutex_);
        while (!stopping_) {
            sweep_wake_.wait_until(lock, next_sweep, [this] { return stopping_ || !dirty_.empty(); });
            if (stopping_) break;
            // A burst of saves (fifty secretaries at once) goes first: the rows are made when the saves
            // have paused for a moment, at most a second after the first, so that the index's work takes
            // neither the cores nor the database's write lock (the change log's inserts) from their answers.
            const auto first = std::chrono::steady_clock::now();
            while (!dirty_.empty() && std::chrono::steady_clock::now() - first < std::chrono::seconds(1)) {
                const auto seen = saves_seen_;
                if (!sweep_wake_.wait_for(lock, std::chrono::milliseconds(100),
                                          [&] { return stopping_ || saves_seen_ != seen; }))
                    break;  // quiet for 100 ms
                if (stopping_) break;
            }
            if (stopping_) break;
            const bool sweep = std::chrono::steady_clock::now() >= next_sweep && options_.sweep_seconds > 0;
            lock.unlock();
            try {
                settle_index();
                if (sweep) refresh_index();
            } catch (const std::exception& e) {
                std::cerr << "dangan: 索引未能更新：" << e.what() << "\n";
            }
            lock.lock();
            if (sweep || std::chrono::steady_clock::now() >= next_sweep) next_sweep = std::chrono::steady_clock::now() + every;
        }
    });
}

size_t Site::settle_index() {
    std::lock_guard settling(settle_mutex_);
    std::set<std::string> ids;
    {
        std::lock_guard lock(sweep_mutex_);
        ids.swap(dirty_);
    }
    size_t made = 0;
    for (const auto& id : ids) made += apps_.at(id)->reindex();
    return made;
}

Site::~Site() {
    {
        std::lock_guard lock(sweep_mutex_);
        stopping_ = true;
    }
    sweep_wake_.notify_all();
    if (sweeper_.joinable()) sweeper_.join();
}

size_t Site::refresh_index() {
    size_t made = 0;
    for (const auto& b : options_.config.branches) made += apps_.at(b.id)->reindex();
    return made;
}

std::optional<Session> Site::session_of(const Request& request) { return accounts_.session(cookie(request, kCookie)); }

Response Site::handle(const Request& request) {
    try {
        return route(request);
    } catch (const core::InputError& e) {
        return apps_.begin()->second->message(400, "无法完成", e.diagnostic().str());
    } catch (const std::exception& e) {
        return apps_.begin()->second->message(500, "内部错误", std::string("处理请求时出错：") + e.what());
    }
}

Response Site::route(const Request& request) {
    App& any = *apps_.begin()->second;
    if (!host_allowed(request, options_.bound_host))
        return any.message(403, "拒绝访问", "只接受通过本服务器地址的访问。");
    const std::string& path = request.path;
    if (path.starts_with("/static/")) return any.static_file(path.substr(8));
    if (path == "/login") return request.method == "POST" ? log_in(request) : login_page("", 200);

    const auto looked_up = std::chrono::steady_clock::now();
    const auto session = session_of(request);
    if (!session) {
        if (request.method == "POST") return any.message(403, "请先登录", "登录已过期或尚未登录，请重新登录。");
        return Response::redirect("/login");
    }
    const Role role = session->account.role;
    if (request.method == "POST" && path != "/logout" && !path.starts_with("/b/") &&
        request.param("token") != session->csrf)
        return any.message(403, "拒绝操作", "请求缺少本页面的校验码（可能来自其他网站，或页面已过期）。请重新打开页面后再操作。");

    if (path == "/logout" && request.method == "POST") {
        if (request.param("token") != session->csrf) return any.message(403, "拒绝操作", "请求缺少本页面的校验码。");
        accounts_.log_out(session->token);
        auto r = Response::redirect("/login");
        r.headers["Set-Cookie"] = std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
        return r;
    }
    if (path == "/") {
        if (role == Role::secretary) return Response::redirect("/b/" + session->account.branch + "/");
        return dashboard(*session);
    }
    if (path == "/admin/accounts") {
        if (role != Role::admin) return any.message(403, "无权访问", "只有管理员能管理账户。");
        return request.method == "POST" ? add_account(request, *session) : accounts_page(*session, "");
    }
    if (path == "/matters") {
        if (role == Role::secretary) return any.message(403, "无权访问", "各支部档号查询只对检查人员和管理员开放。");
        return matters_search(request, *session);
    }
    if (path == "/changes") {
        if (role == Role::secretary) return any.message(403, "无权访问", "修改记录只对检查人员和管理员开放。");
        return changes_page(*session);
    }
    if (path.starts_with("/b/")) {
        const size_t slash = path.find('/', 3);
        const std::string id = path.substr(3, slash == std::string::npos ? std::string::npos : slash - 3);
        auto app = apps_.find(id);
        if (app == apps_.end()) return any.message(404, "找不到支部", "没有这个支部：" + id);
        if (role == Role::secretary && session->account.branch != id)
            return any.message(403, "无权访问", "您的账户只能查看和修改本支部的记录。");
        Request inner = request;
        inner.path = slash == std::string::npos ? "/" : path.substr(slash);
        Context ctx;
        ctx.base = "/b/" + id;
        ctx.token = session->csrf;
        ctx.read_only = role != Role::secretary;
        ctx.user = session->account.name;
        const std::string who = session->account.name;
        // DANGAN_SAVE_PROFILE=1 (bench/web_load.py): a save's time at the site's level on stderr — the session
        // lookup, the branch's handling, and of it the wait for the change log's entry.
        static const bool profile = [] {
            const char* v = std::getenv("DANGAN_SAVE_PROFILE");
            return v && *v && std::string(v) != "0";
        }();
        if (!profile || request.method != "POST") {
            ctx.changed = [this, who, id](const std::string& what) { accounts_.log_change(who, id, what); };
            return app->second->handle(inner, ctx);
        }
        using SiteClock = std::chrono::steady_clock;
        const auto handled = SiteClock::now();
        double logging = 0;
        ctx.changed = [this, who, id, &logging](const std::string& what) {
            const auto t = SiteClock::now();
            accounts_.log_change(who, id, what);
            logging = std::chrono::duration<double, std::milli>(SiteClock::now() - t).count();
        };
        auto answer = app->second->handle(inner, ctx);
        std::ostringstream line;  // one write: other saves print at the same time
        line << "dangan: site save: session " << std::chrono::duration<double, std::milli>(handled - looked_up).count()
             << " ms, branch " << std::chrono::duration<double, std::milli>(SiteClock::now() - handled).count()
             << " ms, change log " << logging << " ms\n";
        std::cerr << line.str();
        return answer;
    }
    return any.message(404, "找不到页面", "没有这个页面：" + path);
}

Object::Ptr Site::scope(const std::string& title, const Session& session) {
    Object::Ptr s = new Object;
    s->set("title", title);
    s->set("nav", "");
    s->set("base", "");
    s->set("token", session.csrf);
    s->set("user", session.account.name);
    s->set("read_only", session.account.role != Role::secretary);
    s->set("admin", session.account.role == Role::admin);
    s->set("today", apps_.begin()->second->branch().today().iso());
    s->set("org", "党支部档案检查");
    return s;
}

Response Site::login_page(const std::string& message, int status) {
    Object::Ptr s = new Object;
    s->set("title", "登录");
    s->set("nav", "");
    s->set("base", "");
    s->set("message", message);
    s->set("today", apps_.begin()->second->branch().today().iso());
    return apps_.begin()->second->page("login.tpl", s, status);
}

Response Site::log_in(const Request& request) {
    std::string message;
    const auto session = accounts_.log_in(request.param("name"), request.param("password"), message);
    if (!session) return login_page(message, 401);
    auto r = Response::redirect("/");
    // HttpOnly: no script reads it; SameSite=Strict: no other site's page sends it.
    r.headers["Set-Cookie"] = std::string(kCookie) + "=" + session->token + "; Path=/; HttpOnly; SameSite=Strict";
    return r;
}

Poco::JSON::Array::Ptr Site::dashboard_rows() {
    // The index is kept up to date by saves, archive and audit runs and the sweep; a view only reads it,
    // and only when it changed since the last view.
    std::lock_guard lock(dashboard_mutex_);
    const auto generation = index_->generation();
    if (dashboard_rows_ && generation == dashboard_generation_) return dashboard_rows_;
    Array::Ptr ordered = new Array;
    for (const auto& b : index_->branches()) {
        Object::Ptr o = new Object;
        o->set("id", b.id);
        o->set("name", b.name);
        o->set("score", b.score);
        o->set("grade", b.grade);
        o->set("errors", b.errors);
        o->set("warnings", b.warnings);
        o->set("overdue", b.overdue);
        o->set("overdue_items", b.overdue_items);
        o->set("unusable", !b.usable);
        o->set("main", b.main);
        o->set("matters", b.matters);
        o->set("coded", b.coded);
        o->set("last_job", b.last_job);
        ordered->add(o);
    }
    dashboard_rows_ = ordered;
    dashboard_generation_ = generation;
    return ordered;
}

Response Site::dashboard(const Session& session) {
    auto s = scope("各支部情况", session);
    s->set("branches", dashboard_rows());
    return apps_.begin()->second->page("dashboard.tpl", s);
}

Response Site::accounts_page(const Session& session, const std::string& message, int status) {
    auto s = scope("账户管理", session);
    Array::Ptr list = new Array;
    for (const auto& a : accounts_.accounts()) {
        Object::Ptr o = new Object;
        o->set("name", a.name);
        o->set("role", a.role == Role::secretary ? "支部书记" : a.role == Role::inspector ? "检查人员" : "管理员");
        o->set("branch", a.branch.empty() ? "" : names_.count(a.branch) ? names_.at(a.branch) : a.branch);
        list->add(o);
    }
    s->set("accounts", list);
    Array::Ptr branches = new Array;
    for (const auto& b : options_.config.branches) {
        Object::Ptr o = new Object;
        o->set("id", b.id);
        o->set("name", b.name);
        branches->add(o);
    }
    s->set("branches", branches);
    s->set("message", message);
    return apps_.begin()->second->page("accounts.tpl", s, status);
}

Response Site::add_account(const Request& request, const Session& session) {
    const auto role = role_from(request.param("role"));
    if (!role) return accounts_page(session, "角色不对：应为 支部书记、检查人员 或 管理员。", 422);
    const std::string branch = request.param("branch");
    if (*role == Role::secretary && !apps_.count(branch))
        return accounts_page(session, "支部书记账户须选择所属支部。", 422);
    try {
        accounts_.set_account({request.param("name"), *role, branch}, request.param("password"));
    } catch (const core::InputError& e) {
        return accounts_page(session, e.diagnostic().message, 422);
    }
    accounts_.log_change(session.account.name, "", "账户 " + request.param("name") + "（" + to_string(*role) + "）");
    return Response::redirect("/admin/accounts");
}

Response Site::changes_page(const Session& session) {
    auto s = scope("修改记录", session);
    Array::Ptr list = new Array;
    for (const auto& c : accounts_.changes(200)) {
        Object::Ptr o = new Object;
        o->set("at", c.at);
        o->set("who", c.who);
        o->set("branch", c.branch.empty() ? "" : names_.count(c.branch) ? names_.at(c.branch) : c.branch);
        o->set("what", c.what);
        list->add(o);
    }
    s->set("changes", list);
    return apps_.begin()->second->page("changes.tpl", s);
}

Response Site::matters_search(const Request& request, const Session& session) {
    auto s = scope("各支部档号查询", session);
    const std::string q = request.param("q");
    s->set("q", q);
    Array::Ptr list = new Array;
    if (!q.empty())
        for (const auto& m : index_->matters("", q, 200)) {
            Object::Ptr o = new Object;
            o->set("branch", m.branch);
            o->set("branch_name", names_.count(m.branch) ? names_.at(m.branch) : m.branch);
            o->set("code", m.code);
            o->set("kind", m.kind);
            o->set("date", m.date);
            o->set("title", m.title);
            o->set("issued", m.issued);
            list->add(o);
        }
    s->set("matters", list);
    return apps_.begin()->second->page("search.tpl", s);
}

int add_account_command(const fs::path& config_file, const std::string& name, const std::string& role_text,
                        const std::string& branch, std::istream& in, std::ostream& out, std::ostream& err) {
    const auto config = SiteConfig::load(config_file);
    const auto role = role_from(role_text);
    if (!role) {
        err << "dangan: --role 应为 secretary（支部书记）、inspector（检查人员）或 admin（管理员），不是“" << role_text << "”\n";
        return 2;
    }
    if (*role == Role::secretary &&
        std::none_of(config.branches.begin(), config.branches.end(), [&](const BranchConfig& b) { return b.id == branch; })) {
        err << "dangan: 支部书记账户须用 --branch 指定 " << config_file.string() << " 中的一个支部 id\n";
        return 2;
    }
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    AccountStore store(config.database);
    store.set_account({name, *role, branch}, password);
    out << "dangan: 账户“" << name << "”已保存（" << to_string(*role) << (branch.empty() ? "" : "，支部 " + branch) << "）\n";
    return 0;
}

}  // namespace dangan::server
