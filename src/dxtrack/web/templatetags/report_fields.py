"""The long report form's repeated pieces, drawn in Python: one field (label, box, errors,
what someone else saved into it meanwhile), an item's state and its save button.

The long form has some 700 boxes (160 items); drawn through Django's widget templates they
took most of the page's time. `report_field` writes the same HTML from the same widget
context (`Widget.get_context`, the attributes `BoundField.build_widget_attrs` gives: required,
aria-invalid, aria-describedby), for the widgets the form uses; any other widget goes through
Django's renderer as before. tests/web/test_report_fields.py compares both outputs.
"""

from __future__ import annotations

import html
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()


def _e(value: Any) -> str:
    # format_html per piece cost more than the rest of the box; html.escape is what Django's
    # escape does (quotes too), without the lazy-string wrapping.
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    # Django's forms/widgets/attrs.html: False leaves the attribute out, True writes it bare.
    return "".join(
        f" {_e(name)}" if value is True else f' {_e(name)}="{_e(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def widget_html(field: BoundField) -> SafeString:
    """The box of `field`, as `str(field)` draws it (whitespace between tags aside)."""
    widget = field.field.widget
    # Lists of boxes and hidden inputs are few here: Django draws them.
    if widget.is_hidden or isinstance(
        widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.SelectMultiple
    ):
        return field.as_widget()
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    name, value, own = _e(context["name"]), context["value"], _attrs(context["attrs"])
    if isinstance(widget, forms.Textarea):
        text = _e(value) if value else ""
        return mark_safe(f'<textarea name="{name}"{own}>\n{text}</textarea>')  # noqa: S308
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{_e(option["value"])}"{_attrs(option["attrs"])}>'
            f"{_e(option['label'])}</option>"
            for _group, choices, _index in context["optgroups"]
            for option in choices
        )
        return mark_safe(f'<select name="{name}"{own}>{options}</select>')  # noqa: S308
    if isinstance(widget, Input):
        shown = "" if value is None else f' value="{_e(value)}"'
        return mark_safe(f'<input type="{_e(context["type"])}" name="{name}"{shown}{own}>')  # noqa: S308
    return field.as_widget()


@register.simple_tag
def report_field(field: BoundField, form: Any) -> SafeString:
    """The block of `field` of the row form `form`: label, box, errors, conflict."""
    errors = "".join(
        f'<span class="field-error" role="alert">{_e(error)}</span>' for error in field.errors
    )
    conflict = getattr(form, "conflicts", {}).get(field.name)
    if conflict is not None:
        said = _(
            "Người khác vừa lưu ô này là: “%(theirs)s”. Ô vẫn giữ nội dung bạn nhập; "
            "chọn nội dung đúng rồi lưu lại."
        ) % {"theirs": conflict.theirs}
        errors += f'<span class="field-conflict">{_e(said)}</span>'
    marked = " report-field--error" if field.errors else ""
    return mark_safe(  # noqa: S308 (every value escaped above)
        f'<div class="report-field report-field--{_e(field.name)}{marked}">'
        f'<label for="{_e(field.id_for_label)}">{_e(field.label)}</label>'
        f"{widget_html(field)}{errors}</div>"
    )


@register.simple_tag
def item_state(item: Any) -> SafeString:
    """Whether the item is filled, in words (never by colour alone)."""
    state, label = ("filled", _("Đã điền")) if item.filled else ("missing", _("Chưa điền"))
    saved = f' <span class="item-saved">{_e(_("Vừa lưu"))}</span>' if item.recent else ""
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<span class="item-state item-state--{state}">{_e(label)}</span>{saved}'
    )


@register.simple_tag(takes_context=True)
def item_controls(context: template.Context, item: Any) -> SafeString:
    """The item's key (sent with its fields) and its save button. The button belongs to the
    empty form#item-save-form (its CSRF token), so htmx sends this item and the version, not
    the whole report form; `items_save_url` is the page's."""
    key = _e(item.key)
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<div class="item-controls"><input type="hidden" name="item" value="{key}">'
        f'<button type="button" class="item-save" id="save-{key}" form="item-save-form" '
        f'hx-post="{_e(context["items_save_url"])}" '
        'hx-include="closest .form-item, #report-version" hx-swap="none" '
        f'hx-encoding="multipart/form-data">{_e(_("Lưu mục này"))}</button> '
        f'<span class="item-dirty" hidden>{_e(_("Có thay đổi chưa lưu"))}</span></div>'
    )


def _day(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


@register.simple_tag
def task_head(item: Any, lead: bool) -> SafeString:
    """A task card's heading: number and name, plan and section, time, deadline (extended or
    not), lead agency (for a coordinating one), funding, the item's state, the expected
    result. Drawn here: in the template it was a third of the 160-item page's time."""
    row = item.row
    task = row.task
    key = _e(item.key)
    number = f"{_e(task.number)}. " if task.number else ""
    where = _e(task.plan.number)
    if task.section_id:
        title = Truncator(task.section.title).chars(80)
        where += f" · {_e(task.section.label)} {_e(title)}"
    meta = [f"<span>{where}</span>"]
    if task.timeframe_text:
        meta.append(f"<span>{_e(_('Thời gian'))}: {_e(task.timeframe_text)}</span>")
    extended = ""
    if row.extended:
        extended = (
            f' <span class="extended">({_e(_("đã gia hạn; hạn ban đầu"))} '
            f"{_day(task.ends_on)})</span>"
        )
    meta.append(f"<span>{_e(_('Hạn'))}: <strong>{_day(row.deadline)}</strong>{extended}</span>")
    if not lead and task.lead_text:
        meta.append(f"<span>{_e(_('Chủ trì'))}: {_e(task.lead_text)}</span>")
    if task.funding_source:
        meta.append(f"<span>{_e(_('Nguồn kinh phí'))}: {_e(task.funding_source)}</span>")
    if task.budget is not None:
        amount = floatformat(task.budget, "-3g")
        meta.append(f"<span>{_e(_('Kinh phí'))}: {_e(amount)} {_e(_('triệu đồng'))}</span>")
    meta.append(item_state(item))
    result = ""
    if task.result:
        result = (
            f'<p class="task-card__result"><span class="muted">{_e(_("Kết quả, sản phẩm"))}:'
            f"</span> {_e(task.result)}</p>"
        )
    return mark_safe(  # noqa: S308 (every value escaped)
        f'<header class="task-card__head"><h3 id="{key}-name">{number}{_e(task.name)}</h3>'
        f'<p class="task-card__meta">{" ".join(meta)}</p>{result}</header>'
    )
