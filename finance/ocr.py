"""OCR references and giro numbers: the modulus 10 (Luhn) check digit that Bankgirot uses.

An invoice's OCR reference is its number's digits followed by the check digit (``ocr_for("202000001")``
→ ``"2020000010"``); a bankgiro or plusgiro number is valid when its digits pass the same check."""


def luhn_check_digit(digits: str) -> str:
    """The check digit to append to ``digits``."""
    if not digits.isdigit():
        raise ValueError("OCR-underlaget får bara innehålla siffror.")
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def luhn_valid(digits: str) -> bool:
    """True if the last digit of ``digits`` is the check digit of the others."""
    return len(digits) >= 2 and digits.isdigit() and luhn_check_digit(digits[:-1]) == digits[-1]


def ocr_for(number: str) -> str:
    """The OCR reference of an invoice number: its digits followed by the Luhn check digit."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return digits + luhn_check_digit(digits)
