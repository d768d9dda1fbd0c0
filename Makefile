# The two commands a new user needs (see README):
#   make demo   installs what is missing, builds, checks and renders the sample branch year into out/
#   make test   installs what is missing, builds and runs the whole test suite
#   make sanitize / make fuzz   the suite under ASan+UBSan, and the fuzz targets (docs/reliability.md)
BUILD ?= build
JOBS  ?= $(shell nproc)
DANGAN = $(BUILD)/src/cli/dangan

.PHONY: deps build demo test sanitize fuzz clean
deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo > $(BUILD).cmake.log 2>&1 || (cat $(BUILD).cmake.log; exit 1)
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@bash scripts/demo.sh $(DANGAN)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# Longer checks for maintainers (docs/reliability.md): the suite under ASan/UBSan in build-asan, and
# every fuzz target for FUZZ_SECONDS each (clang + libFuzzer).
FUZZ_SECONDS ?= 60
sanitize: deps
	@bash scripts/sanitize.sh

fuzz: deps
	@bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD).cmake.log out
