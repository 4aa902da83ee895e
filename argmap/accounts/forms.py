"""Forms for signing up as a teacher, joining a class as a student, and changing one's own password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
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


class OwnPasswordForm(PasswordChangeForm):
    """Django's password change, in words a student understands."""

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "That isn't your current password. Type the one you signed in with.",
        "password_mismatch": "The two passwords are different. Type the same one twice.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["old_password"].help_text = "If your teacher has just given you a new one, type that."
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = "At least 8 characters, not only numbers, and not a common password."
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""
        self.fields["old_password"].error_messages["required"] = "Type the password you signed in with."
        self.fields["new_password1"].error_messages["required"] = "Choose a new password."
        self.fields["new_password2"].error_messages["required"] = "Type the new password again, to be sure."
