"""Custom actions of the 节水普陀 assistant (`rasa run actions --actions bot.actions`).

rasa_sdk imports every submodule of this package and registers the Action classes it
finds. Modules do no work at import time: content is loaded by core on first use.
"""
