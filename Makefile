# The README's two commands: `make run` and `make test`.
SWIFT ?= swift

.PHONY: run test setup build release bench clean

setup:
	@./scripts/setup.sh

release: setup
	$(SWIFT) build -c release --product sketch

build: setup
	$(SWIFT) build

run: release
	$(SWIFT) run -c release --skip-build sketch $(ARGS)

test: setup
	$(SWIFT) build --build-tests
	$(SWIFT) build -c release --product sketch
	$(SWIFT) test --skip-build
	SKETCH_BIN=$$PWD/.build/release/sketch ./scripts/test-shipping.sh
	./scripts/check-library-snippet.sh

clean:
	rm -rf .build
