"""Forms for signing up as a teacher and joining a class as a student."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That username and password don't match. Check them, or ask your teacher to reset your password."
        ),
    }


class PasswordPairMixin(forms.Form):
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters, not only numbers, and not a common password.",
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again, to be sure."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", "The two passwords are different. Type the same one twice.")
        return cleaned


class TeacherSignupForm(PasswordPairMixin):
    display_name = forms.CharField(
        label="Your name, as students see it",
        max_length=60,
        error_messages={"required": "Write the name your students know you by."},
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only. You sign in with it.",
        error_messages={"required": "Choose a username to sign in with."},
    )
    email = forms.EmailField(label="E-mail (optional)", required=False)

    field_order = ["display_name", "username", "email", "password1", "password2"]


class JoinForm(PasswordPairMixin):
    join_code = forms.CharField(
        label="Class code",
        max_length=12,
        help_text="The code your teacher gave you, like K7QP2M.",
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Type the class code your teacher gave you."},
    )
    display_name = forms.CharField(
        label="Your name",
        max_length=60,
        help_text="Your first name and an initial is enough.",
        error_messages={"required": "Write your name, so your teacher knows who you are."},
    )

    field_order = ["join_code", "display_name", "password1", "password2"]
