#include "server/meeting_form.hpp"

#include "core/date.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>
#include <charconv>

namespace dangan::server {

using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

std::string trim(const std::string& s) {
    // ASCII white space and the ideographic space U+3000 that Chinese input methods type.
    size_t b = 0, e = s.size();
    auto space_at = [&](size_t i) -> size_t {
        if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) return 1;
        if (i + 3 <= s.size() && s.compare(i, 3, "\u3000") == 0) return 3;
        return 0;
    };
    while (b < e) {
        const size_t n = space_at(b);
        if (!n) break;
        b += n;
    }
    while (e > b) {
        if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n') --e;
        else if (e - b >= 3 && s.compare(e - 3, 3, "\u3000") == 0) e -= 3;
        else break;
    }
    return s.substr(b, e - b);
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (auto line = trim(text.substr(start, end - start)); !line.empty()) out.push_back(line);
        start = end + 1;
    }
    return out;
}

std::string text_of(const Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || o->get(key).isEmpty()) return "";
    return o->get(key).toString();
}

Array::Ptr array_of(const Object::Ptr& o, const std::string& key) {
    return o && o->isArray(key) ? o->getArray(key) : Array::Ptr();
}

std::string join_lines(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : "\n") + item;
    return out;
}

/// The first "：" or ":" of a line, as the split between a name and the rest.
std::optional<std::pair<std::string, std::string>> split_label(const std::string& line) {
    size_t at = line.find("：");
    size_t width = 3;
    if (const size_t ascii = line.find(':'); ascii != std::string::npos && (at == std::string::npos || ascii < at)) {
        at = ascii;
        width = 1;
    }
    if (at == std::string::npos) return std::nullopt;
    return std::make_pair(trim(line.substr(0, at)), trim(line.substr(at + width)));
}

/// Sets `key` to `value`, or removes it when the value is empty.
void set_or_remove(Object& o, const std::string& key, const std::string& value) {
    if (value.empty()) o.remove(key);
    else o.set(key, value);
}

std::optional<int> whole_number(const std::string& text, const std::string& label, std::vector<std::string>& messages) {
    if (text.empty()) return std::nullopt;
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > 100000) {
        messages.push_back("“" + label + "”须填一个整数（如 3），现在是“" + text + "”。");
        return std::nullopt;
    }
    return value;
}

Array::Ptr to_array(const std::vector<std::string>& items) {
    Array::Ptr a = new Array;
    for (const auto& item : items) a->add(item);
    return a;
}

}  // namespace

std::vector<std::string> split_names(const std::string& text, bool at_spaces) {
    // Separators become '\x1f' (a control character no name holds), then the text is cut there.
    std::string normal = text;
    for (const char* sep : {"、", "，", "；", "\u3000"})
        for (size_t at; (at = normal.find(sep)) != std::string::npos;) normal.replace(at, std::string(sep).size(), "\x1f");
    for (char& c : normal)
        if (c == ',' || c == ';' || c == '\n' || c == '\r' || (at_spaces && (c == ' ' || c == '\t'))) c = '\x1f';
    std::vector<std::string> names;
    size_t start = 0;
    while (start < normal.size()) {
        size_t end = normal.find('\x1f', start);
        if (end == std::string::npos) end = normal.size();
        if (auto name = trim(normal.substr(start, end - start)); !name.empty()) names.push_back(name);
        start = end + 1;
    }
    return names;
}

Object::Ptr form_fields(const Object::Ptr& record) {
    Object::Ptr f = new Object;
    for (const char* key : {"type", "title", "start", "end", "place", "host", "recorder"}) f->set(key, text_of(record, key));
    f->set("number", text_of(record, "number"));
    // A date the picker can show is ISO; a partial or odd one is shown as written, in a text box.
    const std::string raw = text_of(record, "date");
    std::string iso;
    try {
        if (!raw.empty())
            if (auto d = core::parse_date(raw); d.is_full()) iso = d.iso();
    } catch (const core::DateError&) {
    }
    f->set("date", iso.empty() ? raw : iso);
    f->set("date_is_iso", raw.empty() || !iso.empty());

    Object::Ptr attendance = record && record->isObject("attendance") ? record->getObject("attendance") : Object::Ptr();
    f->set("expected", text_of(attendance, "expected"));
    Array::Ptr present = new Array;
    if (auto a = array_of(attendance, "present"))
        for (const auto& v : *a) present->add(v.toString());
    f->set("present", present);
    f->set("present_more", "");
    std::vector<std::string> absent;
    if (auto a = array_of(attendance, "absent"))
        for (size_t i = 0; i < a->size(); ++i) {
            if (a->isObject(i)) {
                auto o = a->getObject(static_cast<unsigned>(i));
                const std::string reason = text_of(o, "reason");
                absent.push_back(text_of(o, "name") + (reason.empty() ? "" : "：" + reason));
            } else {
                absent.push_back(a->get(static_cast<unsigned>(i)).toString());
            }
        }
    f->set("absent", join_lines(absent));
    std::vector<std::string> attending;
    if (auto a = array_of(attendance, "attending"))
        for (const auto& v : *a) attending.push_back(v.toString());
    std::string attending_text;
    for (const auto& a : attending) attending_text += (attending_text.empty() ? "" : "、") + a;
    f->set("attending", attending_text);

    auto list_text = [&](const std::string& key) {
        std::vector<std::string> items;
        if (auto a = array_of(record, key))
            for (const auto& v : *a) items.push_back(v.toString());
        return join_lines(items);
    };
    f->set("agenda", list_text("agenda"));
    f->set("resolutions", list_text("resolutions"));
    std::vector<std::string> content;
    if (auto a = array_of(record, "content"))
        for (size_t i = 0; i < a->size(); ++i) {
            if (a->isObject(i)) {
                auto o = a->getObject(static_cast<unsigned>(i));
                const std::string speaker = text_of(o, "speaker");
                content.push_back((speaker.empty() ? "" : speaker + "：") + text_of(o, "text"));
            } else {
                content.push_back(a->get(static_cast<unsigned>(i)).toString());
            }
        }
    f->set("content", join_lines(content));
    return f;
}

Object::Ptr record_from_form(const Request& form, const Object::Ptr& base, const std::vector<std::string>& people,
                             std::vector<std::string>& messages) {
    // Built on a copy of the stored record in its key order: what the form does not show survives.
    Object::Ptr r = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (base)
        for (const auto& key : base->getNames()) r->set(key, base->get(key));
    for (const char* key : {"type", "title", "date", "start", "end", "place", "host", "recorder"})
        set_or_remove(*r, key, trim(form.param(key)));
    // The date picker sends ISO dates: a stored "2025年3月6日" that names the same day stays as written.
    if (const std::string stored = text_of(base, "date"); !stored.empty() && r->has("date")) {
        try {
            if (core::parse_date(stored).iso() == r->getValue<std::string>("date")) r->set("date", stored);
        } catch (const core::DateError&) {
        }
    }
    if (auto n = whole_number(trim(form.param("number")), "第几次", messages)) r->set("number", *n);
    else r->remove("number");

    Object::Ptr attendance = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    if (base && base->isObject("attendance")) {
        auto old = base->getObject("attendance");
        for (const auto& key : old->getNames()) attendance->set(key, old->get(key));
    }
    if (auto n = whole_number(trim(form.param("expected")), "应到人数", messages)) attendance->set("expected", *n);
    else attendance->remove("expected");
    std::vector<std::string> present;
    for (const auto& name : form.all("present"))
        if (auto t = trim(name); !t.empty()) present.push_back(t);
    for (const auto& name : split_names(form.param("present_more")))
        if (std::find(present.begin(), present.end(), name) == present.end()) present.push_back(name);
    // An empty list stays absent where the record had no such key (a talk has no 缺席): nothing is added
    // that the secretary did not write.
    auto set_names = [&](const std::string& key, Array::Ptr list) {
        const bool had = base && base->isObject("attendance") && base->getObject("attendance")->has(key);
        if (list->size() == 0 && !had) attendance->remove(key);
        else attendance->set(key, list);
    };
    set_names("present", to_array(present));
    Array::Ptr absent = new Array;
    for (const auto& line : lines(form.param("absent"))) {
        Object::Ptr a = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        if (auto parts = split_label(line)) {
            a->set("name", parts->first);
            if (!parts->second.empty()) a->set("reason", parts->second);
        } else {
            a->set("name", line);
        }
        absent->add(a);
    }
    set_names("absent", absent);
    const auto attending = split_names(form.param("attending"), false);  // "机关党委副书记 黄立新" is one
    if (attending.empty()) attendance->remove("attending");
    else attendance->set("attending", to_array(attending));
    r->set("attendance", attendance);

    auto set_list = [&](const std::string& key, const std::vector<std::string>& items) {
        if (items.empty()) r->remove(key);
        else r->set(key, to_array(items));
    };
    set_list("agenda", lines(form.param("agenda")));
    set_list("resolutions", lines(form.param("resolutions")));
    // "王建华：……" is a speech when the label is a person of the branch, of this meeting (present, attending)
    // or a speaker the stored record already had; any other "…：…" line stays text as typed.
    std::vector<std::string> speakers = people;
    speakers.insert(speakers.end(), present.begin(), present.end());
    for (const auto& a : attending) {
        speakers.push_back(a);
        const auto words = split_names(a);  // "机关党委副书记 黄立新" speaks as 黄立新
        if (!words.empty()) speakers.push_back(words.back());
    }
    if (auto stored = array_of(base, "content"))
        for (size_t i = 0; i < stored->size(); ++i)
            if (stored->isObject(i)) speakers.push_back(text_of(stored->getObject(static_cast<unsigned>(i)), "speaker"));
    Array::Ptr content = new Array;
    for (const auto& line : lines(form.param("content"))) {
        auto parts = split_label(line);
        if (parts && !parts->first.empty() &&
            std::find(speakers.begin(), speakers.end(), parts->first) != speakers.end()) {
            Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("speaker", parts->first);
            o->set("text", parts->second);
            content->add(o);
        } else {
            content->add(line);
        }
    }
    if (content->size() == 0) r->remove("content");
    else r->set("content", content);
    return r;
}

}  // namespace dangan::server
