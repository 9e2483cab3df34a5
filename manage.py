#!/usr/bin/env python
from opuss.cli import main

if __name__ == "__main__":
    main()
