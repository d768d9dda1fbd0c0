# The two commands a new user needs (see README):
#   make demo   installs what is missing, builds, checks and renders the sample branch year into out/
#   make test   installs what is missing, builds and runs the whole test suite: the unit and end-to-end
#               tests in build/, then the same tests under ASan+UBSan and 60 s of each fuzz target in
#               build-check/ (scripts/sanitize.sh). CI runs this.
#   make test-fast   the plain suite only (build/), for the edit-build-test loop
#   make fuzz        the maintainers' longer fuzz runs (FUZZ_SECONDS each, default 600)
BUILD ?= build
# cmake --build runs make again; without this every sub-make prints "Entering directory" lines.
MAKEFLAGS += --no-print-directory
JOBS  ?= $(shell nproc)
# Unity build: eight files compiled as one. A clean build on two cores takes 1 min 50 s instead of about
# 3 min; while editing, UNITY=OFF recompiles only the file you changed.
UNITY ?= ON
DANGAN = $(BUILD)/src/cli/dangan

.PHONY: deps build demo test test-fast sanitize fuzz clean
deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_UNITY_BUILD=$(UNITY) > $(BUILD).cmake.log 2>&1 || (cat $(BUILD).cmake.log; exit 1)
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@bash scripts/demo.sh $(DANGAN)

# One after the other even under make -j: each half uses every core.
test: test-fast
	@$(MAKE) --no-print-directory sanitize

test-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

# docs/reliability.md: the check build (clang, ASan+UBSan, libFuzzer) in build-check/.
sanitize: deps
	@JOBS=$(JOBS) bash scripts/sanitize.sh

FUZZ_SECONDS ?= 600
fuzz: deps
	@JOBS=$(JOBS) bash scripts/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD).cmake.log build-check build-check.cmake.log out
