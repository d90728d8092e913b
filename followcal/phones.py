"""Phone numbers as people write them -> dialable tel: links and readable international text.

libphonenumber (the `phonenumbers` port) reads national formats ("(312) 555-0147") with the
company's country as the default region, and extensions written "ext. 12", "x12" or "#12".
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber


@functools.lru_cache(maxsize=1024)
def parse_phone(
    text: str, region: str | None, no_region_fix: str = "set the interview's `country`"
) -> PhoneNumber:
    """The number `text` means when dialled in `region` (ISO 3166-1 alpha-2, or None).

    Raises ValueError with a sentence for the user when it cannot be a phone number there;
    without a region, it names `no_region_fix` as the other way out (empty: none).
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as err:
        if err.error_type == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            fix = "write it with its country code, like +1 312 555 0147"
            if not region and no_region_fix:  # no country (a zone like UTC): say both fixes
                fix += f", or {no_region_fix}"
            raise ValueError(f"'{text}' has no country code; {fix}") from None
        raise ValueError(f"'{text}' is not a phone number") from None
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason == phonenumbers.ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        raise ValueError(f"'{text}' has no area code: write the whole number")
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValueError(f"'{text}' has too few or too many digits for a phone number")
    return number


# Every event of a contact shows the same number: format it once a run, not once an event.
@functools.lru_cache(maxsize=1024)
def phone_uri(text: str, region: str | None) -> str:
    """RFC 3966: `tel:+13125550147;ext=12`, which dials right from any country."""
    import phonenumbers

    number = parse_phone(text, region)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"tel:{e164}" + (f";ext={number.extension}" if number.extension else "")


@functools.lru_cache(maxsize=1024)
def phone_display(text: str, region: str | None) -> str:
    """'+1 312-555-0147 ext. 12': readable, and right wherever the reader is."""
    import phonenumbers

    number = parse_phone(text, region)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
