import sys

from dxtrack.cli import main

sys.exit(main())
