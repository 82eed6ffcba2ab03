"""The lead page's "Send a consultation payment link…" action: texted through bots' outbound gate
or emailed through compliance's email gate. It lives in bots because only bots may text (billing
sits below bots and opens the Stripe page; bots sends it)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from billing import selectors as billing_selectors
from billing import services as billing_services
from billing.exceptions import PaymentLinkNotSentError
from bots.services import message_send_payment_link
from enterprisehub.admin_forms import action_form_page
from enterprisehub.errors import ApplicationError
from leads.admin import LeadAdmin


class PaymentLinkForm(forms.Form):
    product = forms.ModelChoiceField(queryset=None, label="Consultation")
    channel = forms.ChoiceField(
        choices=[("sms", "Text message"), ("email", "Email")],
        widget=forms.RadioSelect,
        initial="sms",
        label="Send by",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = billing_selectors.fee_products_active()


def _send(request, lead, form) -> str:
    product = form.cleaned_data["product"]
    args = {"lead_id": lead.pk, "product_id": product.pk, "actor": request.user}
    if form.cleaned_data["channel"] == "email":
        billing_services.payment_link_email(viewer=request.user, **args)
        return f"Payment link for {product.name} emailed to {lead}."
    result = message_send_payment_link(viewer=request.user, **args)
    if not result.sent:
        flags = ", ".join(result.message.compliance_flags)
        raise PaymentLinkNotSentError(f"The text was blocked ({flags}); the link was withdrawn.")
    when = "queued" if result.message.send_after is None else "scheduled for the send window"
    return f"Payment link for {product.name} texted to {lead} ({when})."


@admin.action(
    description="Send a consultation payment link…",
    permissions=["change"],
    location=[admin.ActionLocation.CHANGE_FORM],
)
def send_payment_link(modeladmin, request, queryset):
    """Open a Stripe Checkout page for a fee product and send its link to the lead."""
    lead = queryset.first()
    form = PaymentLinkForm(request.POST if "apply" in request.POST else None)
    if lead is None or not (form.is_bound and form.is_valid()):
        return action_form_page(
            modeladmin,
            request,
            form=form,
            title="Send a consultation payment link",
            intro="Stripe hosts the payment page; the link works for 24 hours. Texts and emails "
            "pass the usual gates (opt-out, consent, quiet hours, Fair Housing, CAN-SPAM).",
            submit="Send link",
            objects=[lead] if lead else [],
        )
    try:
        note = _send(request, lead, form)
    except ApplicationError as exc:
        modeladmin.message_user(request, f"Not sent: {exc.message} ({exc.code})", messages.ERROR)
        return None
    modeladmin.message_user(request, note)
    return None


LeadAdmin.action_register(send_payment_link)
