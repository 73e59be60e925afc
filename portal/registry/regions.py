"""GB/T 2260 region codes: a region and everything under it share a prefix."""


def region_prefix(code: str) -> str:
    """Return the code prefix its sub-regions share: 330000 → 33, 330100 → 3301."""
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def region_code_range(code: str) -> tuple[str, str]:
    """Return the lowest and highest codes of a region and the regions under it.

    A range, unlike LIKE 'prefix%', lets SQLite use an index on the code.
    """
    prefix = region_prefix(code)
    return prefix.ljust(6, "0"), prefix.ljust(6, "9")


def province_code(code: str) -> str:
    """Return the code of the province a region lies in ("" for no region)."""
    return f"{code[:2]}0000" if code else ""
