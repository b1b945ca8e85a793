"""Order numbers people can read out on the phone: ``OP-7K3Q-9XW2``.

The alphabet leaves out 0/O, 1/I/L and U/V lookalikes; 8 random characters give 27^8 ≈ 2.8·10^11
combinations, and a clash (checked against the database) simply draws again.
"""

import secrets

from ..models import Order

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"


def new_order_number() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"OP-{chars[:4]}-{chars[4:]}"


def unique_order_number() -> str:
    for _attempt in range(10):
        number = new_order_number()
        if not Order.objects.filter(number=number).exists():
            return number
    raise RuntimeError("could not draw a free order number")
