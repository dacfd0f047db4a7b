"""Start 督办台账: the desktop window, or a command when one is given."""

import sys

from tracker.app import main

if __name__ == "__main__":
    sys.exit(main())
