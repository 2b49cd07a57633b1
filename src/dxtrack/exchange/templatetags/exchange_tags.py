"""What the pages need to know from the exchange app: whether the province signs."""

from django import template

from dxtrack.exchange.signed_documents import signing_configured

register = template.Library()


@register.simple_tag
def province_signs() -> bool:
    """True when the province's key is configured: the pages offer signed PDFs."""
    return signing_configured()
