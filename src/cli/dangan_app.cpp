#include "cli/dangan_app.hpp"

#include "core/date.hpp"
#include "core/diagnostic.hpp"
#include "jobs/check_job.hpp"

#include <Poco/Util/HelpFormatter.h>
#include <Poco/Util/Option.h>
#include <Poco/Util/OptionCallback.h>
#include <Poco/Util/OptionException.h>

#include <iostream>

namespace dangan::cli {

namespace {

constexpr int exit_usage = 2;

const char* const usage_text = R"(usage: dangan COMMAND [OPTIONS] ARGS…

commands:
  check DATA…        check the record data (folders or .json files) against the date and record rules
  help               show this help

Exit codes: 0 no error found, 1 error-level findings, 2 unusable input or wrong usage.
See README.md for the data format, the rule-set profiles and examples.)";

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace

DanganApp::DanganApp() { setUnixOptions(true); }

void DanganApp::defineOptions(Poco::Util::OptionSet& options) {
    Application::defineOptions(options);
    auto add = [&](const char* name, const char* short_name, const char* description, const char* argument) {
        Poco::Util::Option option(name, short_name, description);
        option.required(false).repeatable(false);
        if (argument) option.argument(argument);
        option.callback(Poco::Util::OptionCallback<DanganApp>(this, &DanganApp::handle_option));
        options.addOption(option);
    };
    add("help", "h", "show this help", nullptr);
    add("format", "f", "report format: text (default) or json", "text|json");
    add("as-of", "", "the date to check against (default: today), e.g. 2025-12-31", "DATE");
    add("profile", "p", "rule-set profile: an id in profiles/ or a .json file", "PROFILE");
}

void DanganApp::handle_option(const std::string& name, const std::string& value) { values_[name] = value; }

void DanganApp::print_help() const {
    Poco::Util::HelpFormatter formatter(options());
    formatter.setCommand("dangan");
    formatter.setUsage("COMMAND [OPTIONS] ARGS…");
    formatter.setUnixStyle(true);
    std::cout << usage_text << "\n\noptions:\n";
    formatter.format(std::cout);
}

int DanganApp::main(const std::vector<std::string>& args) {
    // Poco's Application::run would turn an escaping exception into its own exit code (70):
    // every failure is mapped here, in one place, to dangan's codes.
    try {
        return run_command(args);
    } catch (const core::InputError& e) {
        std::cerr << "dangan: " << e.what() << "\n";
    } catch (const UsageError& e) {
        std::cerr << "dangan: " << e.what() << "\n(run 'dangan help' for usage)\n";
    } catch (const Poco::Exception& e) {
        std::cerr << "dangan: " << e.displayText() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "dangan: internal error: " << e.what() << "\n";
    }
    return exit_usage;
}

int DanganApp::run_command(const std::vector<std::string>& args) {
    if (values_.count("help") || args.empty() || args[0] == "help") {
        print_help();
        return args.empty() && !values_.count("help") ? exit_usage : 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());

    std::optional<core::PartialDate> as_of;
    if (values_.count("as-of")) {
        try {
            as_of = core::parse_date(values_["as-of"]);
        } catch (const core::DateError& e) {
            throw UsageError(std::string("--as-of: ") + e.what());
        }
        if (!as_of->is_full()) throw UsageError("--as-of needs a full date such as 2025-12-31");
    }
    const std::string format = values_.count("format") ? values_["format"] : "text";
    if (format != "text" && format != "json") throw UsageError("--format must be text or json, not '" + format + "'");

    if (command == "check") {
        if (rest.empty()) throw UsageError("check needs a data folder or .json files, e.g. dangan check samples/branch-2025");
        jobs::CheckRequest request;
        request.inputs.assign(rest.begin(), rest.end());
        if (values_.count("profile")) request.profile = values_["profile"];
        request.as_of = as_of;
        request.format = format;
        return static_cast<int>(jobs::run_check(request, std::cout, std::cerr));
    }
    throw UsageError("unknown command '" + command + "'; expected check or help");
}

int run(int argc, char** argv) {
    try {
        DanganApp app;
        app.init(argc, argv);
        return app.run();
    } catch (const core::InputError& e) {
        std::cerr << "dangan: " << e.what() << "\n";
        return 2;
    } catch (const UsageError& e) {
        std::cerr << "dangan: " << e.what() << "\n(run 'dangan help' for usage)\n";
        return exit_usage;
    } catch (const Poco::Util::OptionException& e) {
        std::cerr << "dangan: " << e.displayText() << "\n(run 'dangan help' for usage)\n";
        return exit_usage;
    } catch (const Poco::Exception& e) {
        std::cerr << "dangan: " << e.displayText() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "dangan: internal error: " << e.what() << "\n";
        return 2;
    }
}

}  // namespace dangan::cli
