# The two commands a newcomer needs (both create .venv/ on first use):
#   make run    build the index if needed and start the chat on http://127.0.0.1:7860
#   make test   run the test suite (and lint), as CI does
.PHONY: run test lint eval bench setup

export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

setup:
	@bash scripts/setup.sh

run: setup
	.venv/bin/briefing-bot index
	.venv/bin/briefing-bot serve

test: setup
	.venv/bin/ruff check src tests benchmarks
	.venv/bin/mypy
	.venv/bin/lint-imports
	.venv/bin/python -m pytest $(PYTEST_ARGS)

eval: setup
	.venv/bin/briefing-bot eval --report eval/reports/latest

# the benchmarks' LangChain baseline needs the `bench` extra
bench:
	@EXTRAS=bench$${EXTRAS:+,$$EXTRAS} bash scripts/setup.sh
	.venv/bin/python benchmarks/run.py
