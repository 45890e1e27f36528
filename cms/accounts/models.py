from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CompanyIdentity(models.Model):
    """Who a user is at the company's identity provider: the ID token's issuer and subject.

    Company sign-in finds its user by these two alone. An e-mail address is never used to match:
    addresses are reused and renamed, and a provider may let people choose their own."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_identity",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("subject identifier"), max_length=255)
    created_at = models.DateTimeField(_("first signed in"), auto_now_add=True)
    last_signed_in_at = models.DateTimeField(_("last signed in"), null=True, blank=True)
    # Office or department from OIDC_ORG_GROUP_CLAIM, set at every sign-in (empty: none given).
    # Only Insights reads it, to count by group (never shown per person).
    org_group = models.CharField(_("organisational group"), max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("company identity")
        verbose_name_plural = _("company identities")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="accounts_identity_unique_subject"
            )
        ]

    def __str__(self):
        return f"{self.subject} at {self.issuer}"
