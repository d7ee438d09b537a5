import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bulletin.admin import IssueAdmin
from bulletin.models import Issue
from contributors.admin_mixins import SafeInputAdmin
from contributors.roles import is_office_staff

from . import services
from .models import (
    INVALID_EMAIL,
    Delivery,
    DeliveryEvent,
    DeliveryStatus,
    IssueLine,
    IssueReceipt,
    Recipient,
    RecipientGroup,
)
from .selectors import issue_receipts, receipt_counts

# --- Recipient groups and their members --------------------------------------------------------------


class RecipientForm(forms.ModelForm):
    """A member as typed in: the e-mail address is checked (and refused in plain Chinese) here."""

    class Meta:
        model = Recipient
        fields = ["group", "user", "name", "title", "email", "active"]
        error_messages = {"email": {"invalid": INVALID_EMAIL}}

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()


class RecipientInline(admin.TabularInline):
    model = Recipient
    form = RecipientForm
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "name", "title", "email", "active"]


class IssueLineFormSet(BaseInlineFormSet):
    """The footer lines of an issue. On the add page, kinds left out get the publication's default
    groups; afterwards an empty 共印N份 becomes the number of distinct people on the lines."""

    adding = False

    def save_existing(self, form, obj, commit=True):
        # A line changed by hand loses the label an imported issue printed (报：), as through
        # services.issue_line_set.
        obj.printed_label = ""
        return super().save_existing(form, obj, commit)

    def save(self, commit=True):
        saved = super().save(commit)
        if commit and self.instance.pk:
            if self.adding:
                services.issue_lines_apply_defaults(issue=self.instance)
            if not self.instance.copies:
                services.issue_fill_copies(issue=self.instance)
        return saved


class IssueLineInline(admin.TabularInline):
    model = IssueLine
    formset = IssueLineFormSet
    extra = 0
    autocomplete_fields = ["groups"]
    fields = ["kind", "groups", "text"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"adding": obj is None})


@admin.register(RecipientGroup)
class RecipientGroupAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "position", "active", "member_count"]
    list_editable = ["position", "active"]
    list_filter = ["kind", "active", "default_for"]
    search_fields = ["name"]
    filter_horizontal = ["default_for"]
    inlines = [RecipientInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(member_total=Count("members"))

    @admin.display(description=gettext_lazy("members"), ordering="member_total")
    def member_count(self, obj):
        return obj.member_total


@admin.register(Recipient)
class RecipientAdmin(SafeInputAdmin, admin.ModelAdmin):
    form = RecipientForm
    list_display = ["__str__", "group", "user", "email", "active"]
    list_filter = ["group", "active"]
    list_select_related = ["group", "user"]
    search_fields = ["name", "email", "user__username", "user__first_name", "group__name"]
    autocomplete_fields = ["group", "user"]


@admin.register(IssueLine)
class IssueLineAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["issue", "kind", "printed_text"]
    list_filter = ["kind"]
    list_select_related = ["issue"]
    search_fields = ["text", "groups__name"]
    autocomplete_fields = ["issue", "groups"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=gettext_lazy("text as printed"))
    def printed_text(self, obj):
        return obj.display_text


# Footer lines are edited on the issue page; distribution depends on bulletin, not the reverse.
IssueAdmin.inlines = [*IssueAdmin.inlines, IssueLineInline]


# --- Deliveries ----------------------------------------------------------------------------------------


class OfficeOnlyMixin:
    """Deliveries and receipts are the editorial office's business (and superusers')."""

    def has_view_permission(self, request, obj=None):
        return is_office_staff(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return is_office_staff(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeliveryEventInline(admin.TabularInline):
    model = DeliveryEvent
    extra = 0
    can_delete = False
    fields = ["created", "action", "actor", "note"]
    readonly_fields = fields
    ordering = ["-created", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OpenedFilter(admin.SimpleListFilter):
    title = gettext_lazy("opened")
    parameter_name = "opened"

    def lookups(self, request, model_admin):
        return [("yes", _("Opened")), ("no", _("Not opened"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(first_read_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(first_read_at__isnull=True)
        return queryset


CONFIRM_TEMPLATE = "distribution/admin/delivery_confirm.html"


@admin.register(Delivery)
class DeliveryAdmin(OfficeOnlyMixin, SafeInputAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "issue",
        "email",
        "status",
        "attempts",
        "sent_at",
        "first_read_at",
        "last_read_at",
        "link_state",
    ]
    list_filter = ["status", OpenedFilter, ("issue", admin.RelatedOnlyFieldListFilter), "groups"]
    list_select_related = ["issue", "user"]
    search_fields = ["name", "email", "user__username", "user__first_name", "=issue__year", "=issue__number"]
    readonly_fields = [
        "issue",
        "user",
        "name",
        "title",
        "email",
        "group_names",
        "status",
        "attempts",
        "error",
        "queued_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "link_state",
        "link_kept_at",
        "first_read_at",
        "last_read_at",
        "read_count",
    ]
    fields = readonly_fields
    inlines = [DeliveryEventInline]
    actions = ["resend", "revoke_links", "keep_links"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=gettext_lazy("recipient groups"))
    def group_names(self, obj):
        return "、".join(group.name for group in obj.groups.all())

    @admin.display(description=gettext_lazy("reading link"))
    def link_state(self, obj):
        return _("withdrawn") if obj.link_revoked_at else _("active")

    def render_change_form(self, request, context, *args, **kwargs):
        # Everything here is a record; changes go through the actions (re-send, withdraw).
        context.update(show_save=False, show_save_and_continue=False, show_save_and_add_another=False)
        return super().render_change_form(request, context, *args, **kwargs)

    def _confirm(self, request, queryset, *, action, title, question, button):
        deliveries = list(queryset.select_related("issue").order_by("issue", "name", "pk"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "question": question,
            "button": button,
            "action": action,
            "deliveries": deliveries,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, CONFIRM_TEMPLATE, context)

    def _confirmed(self, request, queryset, *, service, done, **confirm):
        """One delivery action: the confirm page first (``confirm``: action, title, question,
        button), then ``service`` on the selected deliveries and ``done`` (with ``%(count)d``)."""
        if request.POST.get("confirmed") != "yes":
            return self._confirm(request, queryset, **confirm)
        try:
            count = service(deliveries=list(queryset), actor=request.user)
        except services.DistributionError as error:
            self.message_user(request, error.message, messages.ERROR)
            return None
        self.message_user(request, done % {"count": count}, messages.SUCCESS)
        return None

    @admin.action(
        description=gettext_lazy("Re-send the reading link to the selected people"), permissions=["change"]
    )
    def resend(self, request, queryset):
        return self._confirmed(
            request,
            queryset,
            service=services.delivery_resend,
            done=_("E-mails queued to be sent again: %(count)d."),
            action="resend",
            title=_("Re-send reading links"),
            question=_(
                "Each person below gets the issue again by e-mail, with a fresh personal link. "
                "Withdrawn links are replaced by new ones."
            ),
            button=_("Yes, send them again"),
        )

    @admin.action(
        description=gettext_lazy("Keep the reading links working for the selected former recipients"),
        permissions=["change"],
    )
    def keep_links(self, request, queryset):
        return self._confirmed(
            request,
            queryset,
            service=services.delivery_keep,
            done=_("Reading links kept: %(count)d."),
            action="keep_links",
            title=_("Keep reading links"),
            question=_(
                "The personal links of the people below keep opening this issue even after their "
                "account is deactivated or they leave the issue's recipient groups."
            ),
            button=_("Yes, keep the links"),
        )

    @admin.action(
        description=gettext_lazy("Withdraw the reading links of the selected people"), permissions=["change"]
    )
    def revoke_links(self, request, queryset):
        return self._confirmed(
            request,
            queryset,
            service=services.delivery_revoke,
            done=_("Reading links withdrawn: %(count)d."),
            action="revoke_links",
            title=_("Withdraw reading links"),
            question=_(
                "The personal links of the people below stop working at once. "
                "Re-sending the issue later gives them a new link."
            ),
            button=_("Yes, withdraw the links"),
        )


# --- Read receipts -------------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """A cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@admin.register(IssueReceipt)
class IssueReceiptAdmin(OfficeOnlyMixin, SafeInputAdmin, admin.ModelAdmin):
    """One page per issue: who was sent it, who opened it and who has not, by group; CSV export."""

    list_display = ["label", "issue_date", "status", "recipients", "sent", "failed", "opened", "not_opened"]
    list_filter = ["status", "year"]
    search_fields = ["=year", "=number", "=total_number"]
    list_display_links = ["label"]
    actions = None

    def get_queryset(self, request):
        issues = super().get_queryset(request).select_related("publication")
        issues = issues.filter(
            Q(status=Issue.Status.PUBLISHED) | Q(pk__in=Delivery.objects.values("issue_id"))
        )
        return receipt_counts(issues)

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("issue"), ordering="number")
    def label(self, obj):
        return obj.label

    @admin.display(description=gettext_lazy("recipients"), ordering="delivery_total")
    def recipients(self, obj):
        return obj.delivery_total

    @admin.display(description=gettext_lazy("sent"), ordering="delivery_sent")
    def sent(self, obj):
        return obj.delivery_sent

    @admin.display(description=gettext_lazy("failed"), ordering="delivery_failed")
    def failed(self, obj):
        return obj.delivery_failed

    @admin.display(description=gettext_lazy("opened"), ordering="delivery_opened")
    def opened(self, obj):
        return obj.delivery_opened

    @admin.display(description=gettext_lazy("not opened"))
    def not_opened(self, obj):
        return obj.delivery_total - obj.delivery_opened

    def get_urls(self):
        wrap = self.admin_site.admin_view
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/csv/", wrap(self.csv_view), name=f"{info}_csv"),
            path("<path:object_id>/resend/", wrap(self.resend_view), name=f"{info}_resend"),
            *super().get_urls(),
        ]

    def _issue(self, request, object_id) -> Issue:
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = self.get_object(request, object_id)
        if issue is None:
            raise Http404
        return issue

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self._issue(request, object_id)
        receipts = issue_receipts(issue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Read receipts: %(issue)s") % {"issue": issue.label},
            "issue": issue,
            "receipts": receipts,
            "summary": receipts.summary,
            "deliveries_url": reverse("admin:distribution_delivery_changelist")
            + f"?issue__id__exact={issue.pk}",
            "can_resend": is_office_staff(request.user) and issue.is_published,
        }
        return TemplateResponse(request, "distribution/admin/issue_receipts.html", context)

    def csv_view(self, request, object_id):
        issue = self._issue(request, object_id)
        receipts = issue_receipts(issue)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(
            [
                _("Group"),
                _("Kind"),
                _("Name"),
                _("Job title"),
                _("E-mail"),
                _("Account"),
                _("Delivery status"),
                _("Attempts"),
                _("Last error"),
                _("Sent at"),
                _("First read"),
                _("Last read"),
                _("Page views"),
            ]
        )
        for block in receipts.groups:
            for d in block.deliveries:
                writer.writerow(
                    [
                        csv_cell(block.group.name if block.group else _("(no longer in a group)")),
                        block.group.get_kind_display() if block.group else "",
                        csv_cell(d.display_name),
                        csv_cell(d.title),
                        csv_cell(d.email),
                        csv_cell(d.user.get_username() if d.user else ""),
                        d.get_status_display(),
                        d.attempts,
                        csv_cell(d.error),
                        local(d.sent_at),
                        local(d.first_read_at),
                        local(d.last_read_at),
                        d.read_count,
                    ]
                )
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
        filename = f"receipts-{issue.year}-{issue.number}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response

    def resend_view(self, request, object_id):
        """GET: what will happen (nothing changes). POST: re-send through the service."""
        issue = self._issue(request, object_id)
        if not is_office_staff(request.user):
            raise PermissionDenied
        only_unopened = request.POST.get("scope", request.GET.get("scope")) == "unopened"
        back = reverse("admin:distribution_issuereceipt_change", args=[issue.pk])
        if request.method == "POST":
            try:
                count = services.issue_resend(issue=issue, actor=request.user, only_unopened=only_unopened)
            except services.DistributionError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("E-mails queued to be sent: %(count)d.") % {"count": count},
                    messages.SUCCESS,
                )
            return HttpResponseRedirect(back)
        deliveries = Delivery.objects.filter(issue=issue).exclude(email="")
        if only_unopened:
            deliveries = deliveries.filter(first_read_at__isnull=True)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Re-send %(issue)s") % {"issue": issue.label},
            "issue": issue,
            "only_unopened": only_unopened,
            "count": deliveries.count(),
            "unsent": deliveries.exclude(status=DeliveryStatus.SENT).count(),
            "back": back,
            "problem": None
            if issue.is_published
            else _("%(issue)s is not published at the moment; its reading links cannot be sent.")
            % {"issue": issue.label},
        }
        return TemplateResponse(request, "distribution/admin/issue_resend_confirm.html", context)
