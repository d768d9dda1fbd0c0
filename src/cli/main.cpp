#include "cli/dangan_app.hpp"

int main(int argc, char** argv) { return dangan::cli::run(argc, argv); }
