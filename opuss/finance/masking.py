"""An IBAN as anyone but the SR's bank form shows it: country, check digits and the last four
characters, enough to recognise an account, never enough to use it. No Django import: the audit
log masks with it too."""

MASK = "•••• ••••"


def mask_iban(value: str | None) -> str:
    """« FR76 •••• •••• 0189 ». Masking a masked IBAN changes nothing; nothing stays nothing."""
    text = "" if value is None else str(value)
    compact = text.replace(" ", "")
    if compact in ("", "None") or "•" in compact:
        return "" if compact == "None" else text
    return f"{compact[:4]} {MASK} {compact[-4:]}"
