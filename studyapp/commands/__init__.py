"""The `studyapp` subcommands beyond the takeaway tools, one module per topic: cards (and the card writer's options),
collection (import, decks, backup, restore, optimise), export, check, stats, feeds. Each module's `register(sub)`
adds its subcommands; cli.build_parser() calls every one by name. Helpers they share are in shared.py; exit codes,
reading a post and writing output in cli_io (never in cli)."""
