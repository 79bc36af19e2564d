"""Write every real form of tests.real_forms to a folder: `python -m tests.real_forms DIR`
(default /tmp/r19), one NAME.xlsx per form, for `python -m perfeval check`."""

import sys
from pathlib import Path

from tests.real_forms import write_all

for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/r19")):
    print(path)
