# reliability module: sources, tests, pages.
