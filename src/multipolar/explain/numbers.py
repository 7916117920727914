"""How a number is written in a sentence: two decimals and a true minus sign (U+2212), the one
definition the `why`, `read` and forecast texts share."""

from __future__ import annotations


def num(x: float) -> str:
    """Two decimals with a true minus sign.

    >>> num(-0.123), num(-0.001), num(0.5)
    ('−0.12', '0.00', '0.50')
    """
    text = f"{x:.2f}"
    return "0.00" if text == "-0.00" else text.replace("-", "−")


def signed(x: float) -> str:
    """Two decimals, always signed, with a true minus sign (a balance in −1…1).

    >>> signed(-0.26), signed(0.33), signed(0.0), signed(-0.001)
    ('−0.26', '+0.33', '+0.00', '+0.00')
    """
    text = num(x)
    return text if text.startswith("−") else "+" + text
