"""Order numbers people can read out on the phone: ``OP-7K3Q-9XW2``.

The alphabet leaves out 0/O, 1/I/L and U/V lookalikes; 8 random characters give 29^8 ≈ 5·10^11 combinations.
A number is drawn without asking the database whether it is taken (that was one query per store order): the
unique constraint on ``Order.number`` catches the rare clash, and ``place_order`` then places again with fresh
numbers (the clash rolled the whole placement back, so nothing is half-written).
"""

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"


def new_order_number() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"OP-{chars[:4]}-{chars[4:]}"
