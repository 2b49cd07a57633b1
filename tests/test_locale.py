"""Vietnamese everywhere: Django's own messages (its `vi` catalogue and ours over it) and
the error pages."""

import pytest
from django import forms
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.translation import get_language

from factories import UserFactory


def test_the_language_is_vietnamese():
    assert get_language() == "vi"


@pytest.mark.django_db
def test_password_rules_speak_vietnamese():
    user = UserFactory.build(username="baocao.skhcn", email="baocao.skhcn@quangngai.gov.vn")
    with pytest.raises(ValidationError) as caught:
        validate_password("123abc", user)
    # The first comes from our catalogue: Django's vi one has an older wording of it.
    assert caught.value.messages == [
        "Mật khẩu quá ngắn: cần ít nhất 8 ký tự.",
        "Mật khẩu này quá phổ biến.",
    ]


def test_messages_django_leaves_in_english_come_from_our_catalogue():
    # Untranslated in Django's vi catalogue: these prove django.mo is compiled and found.
    with pytest.raises(ValidationError) as caught:
        forms.UUIDField().clean("khong-phai-uuid")
    assert caught.value.messages == ["Nhập một UUID hợp lệ."]
    with pytest.raises(ValidationError) as caught:
        models.IntegerField().to_python("mười")
    assert caught.value.messages == ["Giá trị “mười” phải là một số nguyên."]
    with pytest.raises(ValidationError) as caught:
        forms.CharField().clean("a\x00b")
    assert caught.value.messages == ["Không được chứa ký tự NUL (\\x00)."]


def test_a_form_error_is_vietnamese():
    form = forms.Form()
    form.fields["email"] = forms.EmailField()
    bound = type(form)({"email": "khong-phai-email"})
    bound.fields["email"] = forms.EmailField()
    assert not bound.is_valid()
    assert bound.errors["email"] == ["Nhập địa chỉ email."]


@pytest.mark.django_db
def test_the_404_page_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_gets_a_vietnamese_page():
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Phiên làm việc không hợp lệ" in page
    assert "CSRF verification failed" not in page


def test_the_403_and_500_pages_are_vietnamese():
    assert "Không có quyền truy cập" in render_to_string("403.html")
    # The 500 page is rendered without a request: it must need none.
    assert "Lỗi hệ thống" in render_to_string("500.html")
