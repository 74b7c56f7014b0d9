"""``python -m gfs_ledger`` runs the command line."""

import sys

from gfs_ledger.cli import main

sys.exit(main())
