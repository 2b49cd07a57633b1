"""The report form's boxes drawn in Python are the boxes Django's widget templates draw."""

import re

import pytest
from django.http import QueryDict

from dxtrack.reporting.selectors import report_detail
from dxtrack.web.report_forms import ReportForm
from dxtrack.web.templatetags.report_fields import report_field, widget_html
from reporting.sample import reporting_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return reporting_sample()


def _same_html(html: str) -> str:
    # Django's templates put line breaks and indentation between tags, and write the
    # attributes of an <option> after its value; neither changes what the browser reads.
    html = re.sub(r">\s+<", "><", str(html).strip())
    return re.sub(r"\s+", " ", html)


def _forms(sample, data=None):
    report = sample.report
    detail = report_detail(period_id=report.period_id, agency_id=report.agency_id)
    form = ReportForm(detail, data=data)
    if data is not None:
        form.is_valid()
    return form


def test_every_box_of_an_empty_form_is_drawn_as_django_draws_it(sample):
    form = _forms(sample)
    fields = [bf for row in form.forms for bf in row]

    assert {type(bf.field.widget).__name__ for bf in fields} >= {
        "Select",
        "Textarea",
        "TextInput",
        "DateInput",
        "MultipleFileInput",
    }
    for bf in fields:
        assert _same_html(widget_html(bf)) == _same_html(str(bf)), bf.html_name


def test_typed_values_errors_and_choices_are_drawn_as_django_draws_them(sample):
    training = sample.catalogue.training.pk
    signature = sample.catalogue.signature.pk
    data = QueryDict(mutable=True)
    data.update(
        {
            "version": "1",
            f"task-{training}-status": "in_progress",
            f"task-{training}-description": 'Đã mở 3 lớp <b>"kỹ năng số"</b> & hơn thế',
            f"task-{training}-completed_on": "31/02/2026",
            f"indicator-{signature}-value": "87,43%",
        }
    )
    form = _forms(sample, data)
    task = form.by_task[training]

    assert task.errors  # the date
    for bf in [*task, *form.by_indicator[signature]]:
        assert _same_html(widget_html(bf)) == _same_html(str(bf)), bf.html_name
    block = str(report_field(task["completed_on"], task))
    assert 'aria-invalid="true"' in block and "report-field--error" in block
    assert "Ghi ngày theo dạng dd/mm/yyyy" in block
    assert "&lt;b&gt;&quot;kỹ năng số&quot;&lt;/b&gt; &amp; hơn thế" in str(
        report_field(task["description"], task)
    )
