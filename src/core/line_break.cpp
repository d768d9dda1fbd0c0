#include "core/line_break.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace dangan::core {

namespace {

/// The ICU line iterators of this thread, one per locale: creating one loads rule data and costs
/// far more than a short paragraph, and a book makes a LineBreaker for every record it lays out. An
/// iterator carries nothing from one break_opportunities call to the next, so every LineBreaker of
/// the thread may use it.
icu::BreakIterator& thread_iterator(const std::string& locale) {
    thread_local std::unordered_map<std::string, std::unique_ptr<icu::BreakIterator>> iterators;
    auto& slot = iterators[locale];
    if (!slot) {
        UErrorCode status = U_ZERO_ERROR;
        slot.reset(icu::BreakIterator::createLineInstance(icu::Locale(locale.c_str()), status));
        if (U_FAILURE(status) || !slot) {
            slot.reset();
            throw std::runtime_error("cannot create the ICU line break iterator for locale '" + locale +
                                     "': " + u_errorName(status));
        }
    }
    return *slot;
}

/// Short texts (table labels, footers, names) come back record after record: their opportunities are
/// remembered per thread, keyed by locale and text. The answer is ICU's, so it is the same either way.
constexpr size_t kMemoMaxBytes = 64;
constexpr size_t kMemoMaxEntries = 8192;

std::unordered_map<std::string, std::vector<size_t>>& thread_memo() {
    thread_local std::unordered_map<std::string, std::vector<size_t>> memo;
    return memo;
}

}  // namespace

struct LineBreaker::Impl {
    std::string locale;
    UText* text = nullptr;  ///< reopened over each paragraph; utext_openUTF8 reuses the object
    std::string key;        ///< scratch for the memo key

    ~Impl() {
        if (text) utext_close(text);
    }
};

LineBreaker::LineBreaker(const char* locale) : impl_(std::make_unique<Impl>()) {
    impl_->locale = locale;
    thread_iterator(impl_->locale);  // fails here, not at the first paragraph
}

LineBreaker::~LineBreaker() = default;

void LineBreaker::break_opportunities(std::string_view utf8, std::vector<size_t>& out) {
    out.clear();
    if (utf8.empty()) return;
    const bool memo = utf8.size() <= kMemoMaxBytes;
    if (memo) {
        impl_->key.assign(impl_->locale);
        impl_->key += '\0';
        impl_->key.append(utf8);
        auto& known = thread_memo();
        if (auto it = known.find(impl_->key); it != known.end()) {
            out = it->second;
            return;
        }
    }
    icu::BreakIterator& iterator = thread_iterator(impl_->locale);
    UErrorCode status = U_ZERO_ERROR;
    impl_->text = utext_openUTF8(impl_->text, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU cannot read the paragraph text: ") + u_errorName(status));
    }
    // setText keeps a shallow clone of the UText; the bytes must stay alive while we iterate.
    iterator.setText(impl_->text, status);
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU line break iterator failed: ") + u_errorName(status));
    }
    // With a UTF-8 UText, BreakIterator positions are native indexes, i.e. UTF-8 byte offsets.
    for (int32_t pos = iterator.next(); pos != icu::BreakIterator::DONE; pos = iterator.next()) {
        out.push_back(static_cast<size_t>(pos));
    }
    if (out.empty() || out.back() != utf8.size()) out.push_back(utf8.size());
    if (memo) {
        auto& known = thread_memo();
        if (known.size() >= kMemoMaxEntries) known.clear();
        known.emplace(impl_->key, out);
    }
}

std::vector<size_t> LineBreaker::break_opportunities(std::string_view utf8) {
    std::vector<size_t> out;
    break_opportunities(utf8, out);
    return out;
}

}  // namespace dangan::core
