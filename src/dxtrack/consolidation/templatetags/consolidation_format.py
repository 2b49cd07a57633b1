"""Numbers and shares on the consolidation pages, written the Vietnamese way (1.234,5)."""

from django import template
from django.utils.html import format_html

from dxtrack.consolidation import colours
from dxtrack.plans.vn_numbers import format_vn_number

register = template.Library()


@register.filter
def vn_number(value: float | int | None, decimals: int | None = None) -> str:
    """75.0 → "75", 1250 → "1.250", 81.25 → "81,25"; nothing → "—"."""
    if value is None or value == "":
        return "—"
    return format_vn_number(value, decimals if decimals is None else int(decimals))


@register.filter
def vn_share(value: float | None) -> str:
    """A percentage with one decimal: 18.2 → "18,2%"; no base → "—"."""
    if value is None:
        return "—"
    return f"{format_vn_number(value, 1)}%"


@register.filter
def colour_label(colour: str | None) -> str:
    """green → "Xanh": the name of a status colour (`colours.COLOUR_LABELS`)."""
    return colours.COLOUR_LABELS.get(colour or "", "")


@register.filter
def signed_change(value: int | None) -> str:
    """A change since the previous period: +3, −2 (a true minus sign), 0; nothing → ""."""
    if value is None:
        return ""
    if value > 0:
        return f"+{format_vn_number(value, 0)}"
    if value < 0:
        return f"−{format_vn_number(-value, 0)}"
    return "0"


@register.simple_tag
def colour_badge(colour: str | None, label: str = "") -> str:
    """A status colour badge: a dot and the status in words (the colour's name alone when
    there are no words; for screen readers before them otherwise). A tag, not an include:
    the dashboard's tables hold hundreds of them."""
    colour = colour or colours.GREY
    name = colours.COLOUR_LABELS.get(colour, "")
    if label:
        return format_html(
            '<span class="colour colour--{}"><span class="colour__dot" aria-hidden="true">'
            '</span><span class="visually-hidden">{}: </span>{}</span>',
            colour,
            name,
            label,
        )
    return format_html(
        '<span class="colour colour--{}"><span class="colour__dot" aria-hidden="true">'
        "</span>{}</span>",
        colour,
        name,
    )


@register.filter
def reported_value(value) -> str:
    """An indicator's value as reported (a number the Vietnamese way, or the words such as
    "Đạt"); nothing → "—"."""
    if value is None:
        return "—"
    if value.value is not None:
        return format_vn_number(value.value, None)
    return value.text or "—"
