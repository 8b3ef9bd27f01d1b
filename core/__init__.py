"""Pure domain core of 节水普陀: content loading, tariffs, labels, savings, quiz scoring.

Imported by the site (Python 3.11+) and by the bot's action server (Python 3.10), so it
uses only the standard library and PyYAML, and nothing newer than Python 3.10.
"""
