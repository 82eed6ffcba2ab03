"""An intermediate page for admin actions that need a few inputs (amount, product, ...).

It re-posts the action and the selected rows with the form, so the same action runs again with
`apply` set; it works from the change list and from an object's page (Django 6.1 form actions).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.response import TemplateResponse

SKIPPED = {"csrfmiddlewaretoken", "apply"}


def action_form_page(
    modeladmin: Any,
    request: Any,
    *,
    form: forms.Form,
    title: str,
    intro: str,
    submit: str,
    objects: list[Any],
) -> TemplateResponse:
    """Render `form` for an action; the POST it makes carries `apply` and the original choice."""
    hidden = [
        (name, value)
        for name in request.POST
        if name not in SKIPPED and name not in form.fields
        for value in request.POST.getlist(name)
    ]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "submit": submit,
        "opts": modeladmin.opts,
        "form": form,
        "objects": objects,
        "hidden": hidden,
    }
    return TemplateResponse(request, "admin/action_form.html", context)
