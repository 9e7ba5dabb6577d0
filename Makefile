# The README's two commands: `make run` and `make test`.
SWIFT ?= swift
# With Open MPI installed (setup installs it on Debian/Ubuntu), builds can train under mpirun
# (docs/distributed.md). Expanded when a recipe runs, so after setup has installed it.
TRAITS = $(shell pkg-config --exists ompi 2>/dev/null && echo --traits MPI)

.PHONY: run test setup build release bench clean

setup:
	@./scripts/setup.sh

release: setup
	$(SWIFT) build -c release --product sketch $(TRAITS)

build: setup
	$(SWIFT) build $(TRAITS)

run: release
	$(SWIFT) run -c release --skip-build $(TRAITS) sketch $(ARGS)

test: setup
	$(SWIFT) build --build-tests $(TRAITS)
	$(SWIFT) build -c release --product sketch $(TRAITS)
	$(SWIFT) test --skip-build $(TRAITS)
	.build/debug/sketch-fuzz smoke 2
	SMALL=1 ./scripts/hostile-table.sh .build/release/sketch >/dev/null
	SKETCH_BIN=$$PWD/.build/release/sketch ./scripts/test-shipping.sh
	./scripts/check-library-snippet.sh

clean:
	rm -rf .build
