"""The one phone parser: ``phonenumbers`` (Google's libphonenumber metadata) for stores and buyers alike.

- ``normalise_whatsapp``: a store's WhatsApp number. Mobile numbers only (WhatsApp needs one): a landline such as
  Surabaya's ``031-5678901`` is refused with its own message.
- ``normalise_phone``: a buyer's number at checkout. Mobile or landline; read in the channel's country
  (``0812…`` in Indonesia, ``012…`` in Malaysia), and any country's number written with its ``+`` prefix
  (``+60 12-345 6789`` in the International channel).

Both return E.164 (``+6281234567890``) or raise a ``ValidationError`` that says what to fix.
"""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PhoneType = phonenumbers.PhoneNumberType
#: Types WhatsApp can reach. Some countries (the US) do not tell mobile from landline: those are accepted.
MOBILE_TYPES = frozenset({PhoneType.MOBILE, PhoneType.FIXED_LINE_OR_MOBILE})

PHONE_NOT_RECOGNISED = _("Phone number not recognised. Example: 0812-3456-7890.")
WHATSAPP_NOT_RECOGNISED = _("WhatsApp number not recognised. A correct example: 0812-3456-7890.")
WHATSAPP_LANDLINE = _(
    "This is a landline number. WhatsApp needs a mobile number, for example 0812-3456-7890."
)


def parse_phone(raw: str, region: str = "ID", *, message=PHONE_NOT_RECOGNISED) -> phonenumbers.PhoneNumber:
    """A valid number read in ``region`` (ISO country code), or ``ValidationError(message)``."""
    try:
        number = phonenumbers.parse((raw or "").strip(), (region or "ID").upper())
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid")
    return number


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(raw: str, region: str = "ID") -> str:
    """A buyer's phone (mobile or landline) as E.164, or ``ValidationError``."""
    return e164(parse_phone(raw, region))


def normalise_whatsapp(raw: str, region: str = "ID") -> str:
    """A WhatsApp (mobile) number as E.164, or ``ValidationError``; a landline is refused as one."""
    number = parse_phone(raw, region, message=WHATSAPP_NOT_RECOGNISED)
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(WHATSAPP_LANDLINE, code="landline")
    return e164(number)
