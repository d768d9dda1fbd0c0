# The two commands a new user needs (see README):
#   make demo   installs what is missing, builds, checks and renders the sample branch year into out/
#   make test   installs what is missing, builds and runs the whole test suite
BUILD ?= build
JOBS  ?= $(shell nproc)
DANGAN = $(BUILD)/src/cli/dangan

.PHONY: deps build demo test clean
deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo > $(BUILD).cmake.log 2>&1 || (cat $(BUILD).cmake.log; exit 1)
	@cmake --build $(BUILD) -j$(JOBS)

demo: build
	@bash scripts/demo.sh $(DANGAN)

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

clean:
	rm -rf $(BUILD) $(BUILD).cmake.log out
