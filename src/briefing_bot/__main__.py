from briefing_bot.cli import main

raise SystemExit(main())
