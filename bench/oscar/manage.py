#!/usr/bin/env python
"""django-oscar 4.2.1 comparison shop for ``bench/run.py --oscar``; run with the oscar virtualenv, not the shop's."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oscar_bench_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
