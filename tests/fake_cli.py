"""``python -m tests.fake_cli ARGS``: the ``briefing-bot`` command with the hash fake embedding,
for subprocess tests where the model's semantics don't matter."""

from tests.fakes import install

install()

from briefing_bot.cli import main  # noqa: E402  (after the fake is in place)

raise SystemExit(main())
