"""Django's manage.py for the Oscar test store (run with .oscar/venv/bin/python)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

from django.core.management import execute_from_command_line

execute_from_command_line(sys.argv)
