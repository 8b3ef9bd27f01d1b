"""Custom NLU components used by bot/config.yml (imported by name, so keep the paths stable)."""
