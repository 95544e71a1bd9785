"""``python -m govsim``: the ``govsim`` command, also from an environment not on PATH."""

import sys

from govsim.cli.main import main

sys.exit(main())
