#!/usr/bin/python3
"""Entry point of the side-by-side benchmark (bench/run.sh calls this)."""
import sys

from plinthbench.cli import main

if __name__ == "__main__":
    sys.exit(main())
