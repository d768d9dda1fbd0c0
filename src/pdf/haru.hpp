// A thin RAII layer over libharu 2.3: one document handle whose error handler records the error
// instead of aborting, and checks that turn a failed call into a HaruError exception.
#pragma once

#include <hpdf.h>

#include <stdexcept>
#include <string>

namespace dangan::pdf {

/// A libharu call failed. what() is "libharu error 0x1017 (detail 2) in <operation>: <reason>".
class HaruError : public std::runtime_error {
public:
    HaruError(std::string operation, unsigned long code, unsigned long detail);
    unsigned long code() const { return code_; }
    unsigned long detail() const { return detail_; }

private:
    unsigned long code_;
    unsigned long detail_;
};

/// A readable reason for a libharu error code (hpdf_error.h), e.g. 0x1060 → "the TrueType font lacks
/// a table libharu needs"; "unknown libharu error" for codes not listed.
std::string haru_error_reason(unsigned long code);

/// Owns an HPDF_Doc. libharu calls the handler, which only records the error (it must not throw or
/// longjmp through C code); the wrapper then throws from C++ when the call reports failure.
class HaruDoc {
public:
    HaruDoc();
    ~HaruDoc();
    HaruDoc(const HaruDoc&) = delete;
    HaruDoc& operator=(const HaruDoc&) = delete;

    HPDF_Doc get() const { return doc_; }
    operator HPDF_Doc() const { return doc_; }

    /// Throws HaruError if `status` is not HPDF_OK or an error was recorded since the last check.
    void check(HPDF_STATUS status, const char* operation);
    /// For calls that return a handle: throws when it is null or an error was recorded.
    template <typename T>
    T check_handle(T handle, const char* operation) {
        check(handle ? HPDF_OK : HPDF_INVALID_OBJECT, operation);
        return handle;
    }

private:
    static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void* self);
    HPDF_Doc doc_ = nullptr;
    unsigned long error_ = 0;
    unsigned long detail_ = 0;
};

}  // namespace dangan::pdf
