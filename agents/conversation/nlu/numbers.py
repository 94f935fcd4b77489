"""Numbers as people say them: "22", "22.5", "二十二", "二十二点五", "两", "twenty-two".

`NUMBER` is a regex fragment the slot extractors embed between their anchors ("到 … 度",
"百分之 …"), so a bare "一" in "查一下" is never read as a number on its own.
"""

from __future__ import annotations

_CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
_CN_MYRIAD = "万"

_EN_ONES: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_EN_TENS: dict[str, int] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

_EN_WORD = "|".join(sorted([*_EN_ONES, *_EN_TENS, "hundred"], key=len, reverse=True))
# Never starting inside a run of digits: the leftmost match starts at the run's first digit
# anyway, and trying every later start made a long run of digits quadratic.
_ARABIC = r"(?<!\d)\d+(?:\.\d+)?"
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万"
_CHINESE = rf"(?<![{_CN_NUMERAL}])[{_CN_NUMERAL}]+(?:点[零〇一二三四五六七八九]+)?"
# "nine hundred and ninety nine" is five words; a bounded run keeps backtracking linear.
_ENGLISH = rf"(?:a\s+hundred|(?:{_EN_WORD})(?:[\s-]+(?:and[\s-]+)?(?:{_EN_WORD})){{0,7}})(?![a-z])"

NUMBER = rf"(?:{_ARABIC}|{_CHINESE}|(?<![a-z]){_ENGLISH})"
"""A regex fragment matching one number in any of the three spellings (lower-cased text)."""


def parse_number(token: str) -> float | None:
    """The value of a number token matched by `NUMBER`, or None when it is not one."""
    token = token.strip().lower()
    if not token:
        return None
    try:
        return float(token)
    except ValueError:
        pass
    if token[0] in _CN_DIGITS or token[0] in _CN_UNITS or token[0] == _CN_MYRIAD:
        return parse_chinese_number(token)
    return _parse_english_number(token)


def parse_chinese_number(text: str) -> float | None:
    """ "二十二" → 22, "二十二点五" → 22.5, "两" → 2, "三百五" → 350, "二零二四" → 2024."""
    integer_part, _, fraction_part = text.partition("点")
    whole = _parse_chinese_integer(integer_part)
    if whole is None:
        return None
    if not fraction_part:
        return float(whole)
    digits = [_CN_DIGITS.get(ch) for ch in fraction_part]
    if any(d is None for d in digits):
        return None
    return float(f"{whole}." + "".join(str(d) for d in digits))


def _parse_chinese_integer(text: str) -> int | None:
    if not text:
        return None
    if not any(ch in _CN_UNITS or ch == _CN_MYRIAD for ch in text):
        # Digit by digit, as years and room numbers are read: 二零二四.
        digits = [_CN_DIGITS.get(ch) for ch in text]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    total = 0
    section = 0
    digit: int | None = None
    last_unit = 1
    previous_was_unit = False
    digit_follows_unit = False
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            digit_follows_unit = previous_was_unit
            previous_was_unit = False
        elif ch in _CN_UNITS:
            last_unit = _CN_UNITS[ch]
            section += (1 if digit is None else digit) * last_unit
            digit = None
            previous_was_unit = True
        elif ch == _CN_MYRIAD:
            total += (section + (digit or 0)) * 10_000
            section, digit, last_unit, previous_was_unit = 0, None, 10_000, True
        else:
            return None
    if digit is not None:
        # Colloquial "三百五" means 350: a trailing digit right after 百/千 counts one unit lower.
        section += digit * (last_unit // 10 if digit_follows_unit and last_unit >= 100 else 1)
    return total + section


def _parse_english_number(text: str) -> float | None:
    words = [w for w in text.replace("-", " ").split() if w not in {"and", "a"}]
    if not words:
        return None
    value = 0
    for word in words:
        if word in _EN_ONES:
            value += _EN_ONES[word]
        elif word in _EN_TENS:
            value += _EN_TENS[word]
        elif word == "hundred":
            value = (value or 1) * 100
        else:
            return None
    return float(value)
