#include "core/line_break.hpp"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <stdexcept>
#include <string>

namespace dangan::core {

struct LineBreaker::Impl {
    std::unique_ptr<icu::BreakIterator> iterator;
    UText* text = nullptr;  ///< reopened over each paragraph; utext_openUTF8 reuses the object

    ~Impl() {
        if (text) utext_close(text);
    }
};

LineBreaker::LineBreaker(const char* locale) : impl_(std::make_unique<Impl>()) {
    UErrorCode status = U_ZERO_ERROR;
    impl_->iterator.reset(icu::BreakIterator::createLineInstance(icu::Locale(locale), status));
    if (U_FAILURE(status) || !impl_->iterator) {
        throw std::runtime_error(std::string("cannot create the ICU line break iterator for locale '") +
                                 locale + "': " + u_errorName(status));
    }
}

LineBreaker::~LineBreaker() = default;

void LineBreaker::break_opportunities(std::string_view utf8, std::vector<size_t>& out) {
    out.clear();
    if (utf8.empty()) return;
    UErrorCode status = U_ZERO_ERROR;
    impl_->text = utext_openUTF8(impl_->text, utf8.data(), static_cast<int64_t>(utf8.size()), &status);
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU cannot read the paragraph text: ") + u_errorName(status));
    }
    // setText keeps a shallow clone of the UText; the bytes must stay alive while we iterate.
    impl_->iterator->setText(impl_->text, status);
    if (U_FAILURE(status)) {
        throw std::runtime_error(std::string("ICU line break iterator failed: ") + u_errorName(status));
    }
    // With a UTF-8 UText, BreakIterator positions are native indexes, i.e. UTF-8 byte offsets.
    for (int32_t pos = impl_->iterator->next(); pos != icu::BreakIterator::DONE; pos = impl_->iterator->next()) {
        out.push_back(static_cast<size_t>(pos));
    }
    if (out.empty() || out.back() != utf8.size()) out.push_back(utf8.size());
}

std::vector<size_t> LineBreaker::break_opportunities(std::string_view utf8) {
    std::vector<size_t> out;
    break_opportunities(utf8, out);
    return out;
}

}  // namespace dangan::core
