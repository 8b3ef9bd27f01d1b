"""Custom actions of the 节水普陀 assistant (`rasa run actions --actions bot.actions`).

rasa_sdk imports every submodule of this package and registers the Action classes it
finds. Modules do no work at import time: content is loaded by core on first use.

The one exception is the listening address. rasa_sdk takes it from `SANIC_HOST` (there is
no `-i` option) and defaults to 0.0.0.0, but the action server has no authentication: it
imports this package before it binds, so the default becomes loopback here for every way
of starting it (Procfile, tests, benches, a typed command). `ACTIONS_HOST` chooses another
address on purpose (e.g. the bot on another machine of a private network).
"""

import os

os.environ.setdefault("SANIC_HOST", os.environ.get("ACTIONS_HOST") or "127.0.0.1")
