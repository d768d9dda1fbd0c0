// Line-break opportunities from ICU's UAX #14 line BreakIterator, as UTF-8 byte offsets.
// Only core/ includes ICU; layout adds the Chinese 禁则 rules on top of these opportunities.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace dangan::core {

/// ICU's line BreakIterator (locale "zh", strict rules), reused for every paragraph: creating a
/// BreakIterator loads rule data and costs far more than running it, so each thread keeps one per
/// locale, shared by its LineBreakers, and the answers for short texts are remembered per thread.
/// Not thread-safe; use one per thread.
class LineBreaker {
public:
    /// Throws std::runtime_error naming the ICU error when the iterator cannot be created.
    explicit LineBreaker(const char* locale = "zh");
    ~LineBreaker();
    LineBreaker(const LineBreaker&) = delete;
    LineBreaker& operator=(const LineBreaker&) = delete;

    /// Clears `out` and fills it with the byte offsets in `utf8` where a new line may begin, in
    /// ascending order, excluding 0 and including utf8.size() when `utf8` is not empty. The text is
    /// read in place (ICU UText over UTF-8), so offsets need no UTF-16 conversion. Invalid UTF-8 is
    /// read as U+FFFD by ICU and still yields offsets on byte boundaries of the input.
    void break_opportunities(std::string_view utf8, std::vector<size_t>& out);

    /// Convenience form that allocates the result.
    std::vector<size_t> break_opportunities(std::string_view utf8);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace dangan::core
