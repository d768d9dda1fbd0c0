// The dangan command line: `dangan COMMAND [OPTIONS] ARGS…` with Poco::Util::Application.
#pragma once

#include <Poco/Util/Application.h>
#include <Poco/Util/OptionSet.h>

#include <map>
#include <string>
#include <vector>

namespace dangan::cli {

class DanganApp : public Poco::Util::Application {
public:
    DanganApp();

protected:
    void defineOptions(Poco::Util::OptionSet& options) override;
    int main(const std::vector<std::string>& args) override;

private:
    void handle_option(const std::string& name, const std::string& value);
    void print_help() const;
    int run_command(const std::vector<std::string>& args);
    /// Refuses an option the command does not use, listing the ones it has (issue 14).
    void reject_unused_options(const std::string& command) const;

    std::map<std::string, std::string> values_;  ///< option name → value ("" for flags)
};

/// Runs the program and maps every failure to dangan's exit codes (0 clean, 1 findings, 2 unusable).
int run(int argc, char** argv);

}  // namespace dangan::cli
