"""Print the orders the Oscar test store recorded, as JSON read from its own database (run with .oscar/venv/bin/python)."""

import json
import os
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")
django.setup()

from oscar.apps.order.models import Order  # noqa: E402

print(
    json.dumps(
        [
            {
                "number": order.number,
                "email": order.guest_email or (order.user.email if order.user else ""),
                "total": str(order.total_incl_tax),
                "lines": [{"title": line.title, "quantity": line.quantity} for line in order.lines.all()],
            }
            for order in Order.objects.order_by("date_placed")
        ]
    )
)
