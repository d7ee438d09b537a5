import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import services as article_services
from articles.models import Article
from articles.services import WorkflowError
from contributors.admin_mixins import OfficeAuditLogAdmin, SafeInputAdmin
from contributors.models import Unit
from contributors.permissions import can_enter_back_office
from contributors.roles import is_office_staff

from . import services, signals
from .models import Issue, IssueAction, IssueTransition, Publication, Section


@admin.register(Publication)
class PublicationAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["title", "slug", "editing_unit", "default_visibility", "is_default"]
    list_filter = ["default_visibility", "is_default"]
    search_fields = ["title", "editing_unit"]
    prepopulated_fields = {}


@admin.register(Section)
class SectionAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "layout", "position", "active"]
    list_editable = ["position", "active"]
    list_filter = ["layout", "active"]
    search_fields = ["name", "slug"]


@admin.register(Issue)
class IssueAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["label", "publication", "issue_date", "status", "visibility", "article_count", "copies"]
    list_filter = ["status", "visibility", "publication", "year"]
    list_select_related = ["publication"]
    search_fields = ["=year", "=number", "=total_number"]
    date_hierarchy = "issue_date"
    autocomplete_fields = ["publication"]
    readonly_fields = ["status", "signed_by", "signed_at", "publish_at", "published_at", "created", "updated"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "publication",
                    ("year", "number", "total_number"),
                    "issue_date",
                    "visibility",
                    "copies",
                ]
            },
        ),
        (
            gettext_lazy("Sign-off and publication"),
            {"fields": ["status", "signed_by", "signed_at", "publish_at", "published_at"]},
        ),
        (gettext_lazy("Record"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]
    inlines = []  # the distribution app adds the footer lines

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def save_model(self, request, obj, form, change):
        # As in services.issue_update_masthead: an imported issue's printed masthead and copies line
        # are cleared once what they show is changed, so that nothing stale is printed.
        changed = set(form.changed_data) if change else set()
        if changed & (services.PRINTED_MASTHEAD_FIELDS | {"year", "publication"}):
            obj.printed_masthead = []
        if "copies" in changed:
            obj.printed_copies = ""
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        # What goes to the signer is what gets signed: the masthead and footer are fixed from then on.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.status == Issue.Status.DRAFTING)

    @admin.display(description=gettext_lazy("issue"), ordering="number")
    def label(self, obj):
        return obj.label

    @admin.display(description=gettext_lazy("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total

    # --- Workflow pages --------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("create-next/", wrap(self.create_next_view), name="bulletin_issue_create_next"),
            path("<path:object_id>/compose/", wrap(self.compose_view), name="bulletin_issue_compose"),
            path("<path:object_id>/compose/place/", wrap(self.place_view), name="bulletin_issue_place"),
            path("<path:object_id>/compose/move/", wrap(self.move_view), name="bulletin_issue_move"),
            path("<path:object_id>/compose/remove/", wrap(self.remove_view), name="bulletin_issue_remove"),
            path(
                "<path:object_id>/transition/<str:action>/",
                wrap(self.transition_view),
                name="bulletin_issue_transition",
            ),
            path("<path:object_id>/preview/", wrap(self.preview_view), name="bulletin_issue_preview"),
            *super().get_urls(),
        ]

    def _office_only(self, request):
        if not (is_office_staff(request.user) and self.has_view_permission(request)):
            raise PermissionDenied

    def _compose_url(self, issue):
        return reverse("admin:bulletin_issue_compose", args=[issue.pk])

    def create_next_view(self, request):
        self._office_only(request)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            issue = services.issue_create(actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("admin:bulletin_issue_changelist"))
        messages.success(request, _("%(issue)s was created.") % {"issue": issue.label})
        return HttpResponseRedirect(self._compose_url(issue))

    def compose_view(self, request, object_id):
        """The issue composition page: sections in order with their articles, the pick list of
        accepted articles, and the buttons for the steps the current user may take."""
        self._office_only(request)
        issue = self.get_object(request, object_id)
        placed = list(
            issue.articles.select_related("section", "author")
            .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk", "name")))
            .order_by("section__position", "section_id", "position", "pk")
        )
        sections = list(Section.objects.filter(active=True).order_by("position", "pk"))
        for article in placed:
            if article.section not in sections:
                sections.append(article.section)
        sections.sort(key=lambda s: (s.position, s.pk))
        groups = [(section, [a for a in placed if a.section_id == section.pk]) for section in sections]
        candidates = list(
            Article.objects.filter(status=Article.Status.ACCEPTED, issue__isnull=True)
            .select_related("author")
            .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk", "name")))
            .order_by("accepted_at", "pk")
        )
        composing = issue.status == Issue.Status.DRAFTING
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Compose %(issue)s") % {"issue": issue.label},
            "issue": issue,
            "groups": groups,
            "sections": sections,
            "candidates": candidates if composing else [],
            "composing": composing,
            "problems": services.issue_problems(issue) if composing else [],
            "workflow_buttons": services.available_transitions(issue, request.user),
            "log": list(issue.transitions.select_related("actor")[:20]),
        }
        return TemplateResponse(request, "admin/bulletin/issue/compose.html", context)

    def _posted_article(self, request, issue=None) -> Article:
        if request.method != "POST":
            raise PermissionDenied
        try:
            queryset = Article.objects.all() if issue is None else issue.articles.all()
            return queryset.get(pk=int(request.POST.get("article", "")))
        except (ValueError, Article.DoesNotExist):
            raise Http404 from None

    def place_view(self, request, object_id):
        self._office_only(request)
        issue = self.get_object(request, object_id)
        article = self._posted_article(request)
        try:
            section = Section.objects.get(pk=int(request.POST.get("section", "")))
        except (ValueError, Section.DoesNotExist):
            section = None
        try:
            article_services.article_place(article=article, actor=request.user, issue=issue, section=section)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("“%(title)s” was placed in 【%(section)s】.")
                % {"title": article.title, "section": section.name},
            )
        return HttpResponseRedirect(self._compose_url(issue))

    def move_view(self, request, object_id):
        self._office_only(request)
        issue = self.get_object(request, object_id)
        article = self._posted_article(request, issue)
        direction = request.POST.get("direction")
        if direction not in ("up", "down"):
            raise Http404
        try:
            services.issue_move_article(issue=issue, article=article, actor=request.user, direction=direction)
        except WorkflowError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(self._compose_url(issue) + f"#article-{article.pk}")

    def remove_view(self, request, object_id):
        self._office_only(request)
        issue = self.get_object(request, object_id)
        article = self._posted_article(request, issue)
        try:
            article_services.article_remove(article=article, actor=request.user)
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("“%(title)s” was taken out of the issue.") % {"title": article.title})
        return HttpResponseRedirect(self._compose_url(issue))

    def transition_view(self, request, object_id, action):
        """GET: the confirmation page (nothing changes). POST: do it through the service."""
        self._office_only(request)
        issue = self.get_object(request, object_id)
        if action not in services.BUTTON_ACTIONS:
            raise Http404
        transition = services.TRANSITIONS[action]
        error = None
        if request.method == "POST":
            note = request.POST.get("note", "")
            try:
                if action == IssueAction.SIGN:
                    services.issue_sign(
                        issue=issue,
                        actor=request.user,
                        publish_at=parse_local_datetime(request.POST.get("publish_at", "")),
                        note=note,
                    )
                elif action == IssueAction.RECALL:
                    services.issue_recall(issue=issue, actor=request.user, reason=note)
                elif action == IssueAction.PUBLISH:
                    services.issue_publish(issue=issue, actor=request.user)
                else:
                    services.ACTION_SERVICES[action](issue=issue, actor=request.user, note=note)
            except WorkflowError as exc:
                error = exc
                if not transition.confirm:
                    for message in exc.messages:
                        messages.error(request, message)
                    return HttpResponseRedirect(self._compose_url(issue))
            else:
                messages.success(
                    request,
                    _("%(issue)s: %(action)s done.") % {"issue": issue.label, "action": transition.label},
                )
                for _receiver, warnings in signals.issue_step_warnings.send(sender=Issue, issue=issue):
                    for warning in warnings or ():
                        messages.warning(request, warning)
                return HttpResponseRedirect(self._compose_url(issue))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(action)s: %(issue)s") % {"action": transition.label, "issue": issue.label},
            "issue": issue,
            "transition": transition,
            "errors": error.messages if error else [],
            "note": request.POST.get("note", ""),
            "publish_at": request.POST.get("publish_at", ""),
            "problem": services.state_problem(issue, transition),
            "article_count": issue.articles.count(),
        }
        return TemplateResponse(request, "admin/bulletin/issue/transition_confirm.html", context)

    def preview_view(self, request, object_id):
        """The issue as readers will see it, whatever its status (the reader site shows only
        published issues)."""
        self._office_only(request)
        issue = self.get_object(request, object_id)
        from .preview import preview_context

        context, template = preview_context(issue)
        return TemplateResponse(request, template, {**context, "preview": True})


def parse_local_datetime(value: str) -> datetime.datetime | None:
    """``2026-11-20T09:00`` from a datetime-local input, in the site's time zone; None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise WorkflowError(_("“%(value)s” is not a valid date and time.") % {"value": value}) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@admin.register(IssueTransition)
class IssueTransitionAdmin(OfficeAuditLogAdmin, admin.ModelAdmin):
    """The audit log of the issue workflow: read only, filterable by unit (issues carrying the
    unit's articles), person, date and action."""

    list_display = ["created", "issue", "action", "from_status", "to_status", "actor", "note"]
    list_filter = [
        "action",
        ("created", admin.DateFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("issue__articles__units", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["issue", "actor"]
    search_fields = ["note", "actor__username", "actor__first_name", "=issue__year", "=issue__number"]
    date_hierarchy = "created"


admin.site.site_header = gettext_lazy("Union work bulletin")
admin.site.site_title = gettext_lazy("Union work bulletin editorial system")
admin.site.index_title = gettext_lazy("Editorial office")


def _back_office_permission(request):
    """Only correspondents, editors, signers (and superusers) enter the back office; readers never
    do, even with a staff flag set by mistake."""
    return can_enter_back_office(request.user)


admin.site.has_permission = _back_office_permission
