"""``python -m govsim``: the command line, for environments without the console script."""

import sys

from govsim.cli.main import main

sys.exit(main())
