"""Fonts that draw a language's text in Matplotlib figures.

Matplotlib's default font (DejaVu Sans) has no Chinese characters: a Chinese
label would come out as empty boxes with a "missing glyph" warning per
character. Chinese figures therefore add a CJK font after the usual font families:
Matplotlib takes each character from the first family that has it, so
Latin letters and digits keep their usual shapes and Chinese comes from the
CJK font. Where no CJK font is
installed, figures fall back to English and the caller shows one line saying
what to install.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from matplotlib import font_manager

__all__ = ["CJK_FONTS", "cjk_font", "figure_language", "font_rc"]

#: CJK fonts for Simplified Chinese, best first: Debian's fonts-noto-cjk, the
#: same font under Adobe's name, WenQuanYi (fonts-wqy-microhei), then the
#: system fonts of Windows and macOS.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)

#: Parts of font file names that mark a CJK font, for fonts installed after
#: Matplotlib built its font cache (the cache is not refreshed by itself).
_FILE_HINTS = ("cjk", "sourcehan", "wqy", "msyh", "pingfang", "simhei")

_NO_FONT = (
    "no Chinese font found (install fonts-noto-cjk, or any of {fonts}); "
    "figures are drawn in English"
)


def _known(names: tuple[str, ...]) -> str | None:
    present = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((name for name in names if name in present), None)


@cache
def cjk_font() -> str | None:
    """The name of an installed font with Chinese characters, or None."""
    found = _known(CJK_FONTS)
    if found is not None:
        return found
    for path in font_manager.findSystemFonts():
        if any(hint in Path(path).name.lower() for hint in _FILE_HINTS):
            font_manager.fontManager.addfont(path)
    return _known(CJK_FONTS)


def figure_language(lang: str) -> tuple[str, str | None]:
    """The language figures can be drawn in, and a one-line message if it had to change.

    Args:
        lang: the language asked for.

    Returns:
        ``(lang, None)`` when its text can be drawn, else ``("en", message)``.
    """
    if lang == "en" or cjk_font() is not None:
        return lang, None
    return "en", _NO_FONT.format(fonts=", ".join(CJK_FONTS[:3]))


def font_rc(lang: str) -> dict[str, object]:
    """Matplotlib settings that draw ``lang``'s text: a CJK font for Chinese.

    Use with ``matplotlib.rc_context``; empty for English.
    """
    font = cjk_font() if lang != "en" else None
    if font is None:
        return {}
    import matplotlib as mpl  # noqa: PLC0415 - the current list, read when asked

    families = [name for name in mpl.rcParams["font.family"] if name != font]
    return {"font.family": [*families, font]}
