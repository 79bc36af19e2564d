"""`python -m bench [--units N --years N --seed S ...]`: generate (or reuse) the city, run all figures."""

import sys

from bench.run import main

if __name__ == "__main__":
    sys.exit(main())
