# Two entry points for a fresh Debian 12 machine (see README.md):
#   make run   installs what is missing, builds, and runs the server on 127.0.0.1:5432
#   make test  installs what is missing, builds, and runs every test
BUILD ?= build
JOBS ?= $(shell nproc)
DATA ?= data
ARGS ?=

.PHONY: all deps test-deps build run test clean

all: build

deps:
	@bash scripts/install-deps.sh

test-deps:
	@bash scripts/install-deps.sh --test

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# The quick start: a durable LMDB store in ./data, seeded once from examples/quickstart.sql.
run: build
	$(BUILD)/plinth -D $(DATA) -c plugins.storage=storage_lmdb -c init_sql=$(CURDIR)/examples/quickstart.sql $(ARGS)

test: test-deps build
	cd $(BUILD) && ctest --output-on-failure -j2 --timeout 600

clean:
	rm -rf $(BUILD)
