"""`python -m perfeval`: the command line lives in perfeval/cli/."""

import sys

from perfeval.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
