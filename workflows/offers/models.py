from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from workflows.applications.models import Application, DispositionReason

# The statuses of an offer still in play (one per application at most): the one definition.
OPEN_OFFER_STATUSES = ["draft", "approved", "extended"]


class OfferQuerySet(models.QuerySet):
    def open(self) -> "OfferQuerySet":
        return self.filter(status__in=OPEN_OFFER_STATUSES)


class Offer(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The offer to an application's candidate: draft → approved (by the HM) → extended →
    accepted (hires the candidate) or declined (rejects the application with the reason).

    Status moves only through `workflows.offers.services.offer_move`, which journals every change.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        EXTENDED = "extended", "Extended"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    salary = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    start_date = models.DateField()
    respond_by = models.DateField(
        null=True, blank=True, help_text="Until when the offer is open (default: a week)."
    )
    notes = models.TextField(blank=True)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True)
    decline_reason = models.ForeignKey(
        DispositionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("notes",)
    not_personal = ("currency", "status")
    personal_data_owner = "application__candidate"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=OPEN_OFFER_STATUSES),
                name="offer_one_open_per_application",
            ),
            models.CheckConstraint(condition=Q(salary__gt=Decimal(0)), name="offer_salary_gt_0"),
            models.CheckConstraint(
                condition=~Q(status="declined") | Q(decline_reason__isnull=False),
                name="offer_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application.candidate} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_OFFER_STATUSES

    @property
    def summary(self) -> str:
        start = self.start_date.strftime("%d %B %Y").lstrip("0")
        return f"{self.salary:,.0f} {self.currency} a year, starting {start}"

    @transition(field=status, source=Status.DRAFT, target=Status.APPROVED)
    def approve(self):
        self.approved_at = timezone.now()

    @transition(field=status, source=Status.APPROVED, target=Status.EXTENDED)
    def extend(self):
        self.extended_at = timezone.now()

    @transition(field=status, source=Status.EXTENDED, target=Status.ACCEPTED)
    def accept(self):
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.EXTENDED, target=Status.DECLINED)
    def decline(self):
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=OPEN_OFFER_STATUSES,
        target=Status.WITHDRAWN,
    )
    def withdraw(self):
        """The application ended (rejected or withdrawn) while the offer was open."""
        self.decided_at = timezone.now()
