"""The command line (`python -m perfeval …`): the same pipeline without a browser; each command imports
what it needs when it runs, so `--help` stays light. May import anything in perfeval but web."""
