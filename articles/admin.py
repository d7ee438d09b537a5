from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ckeditor_5.widgets import CKEditor5Widget

from contributors.admin_mixins import OfficeAuditLogAdmin, SafeInputAdmin
from contributors.models import Unit
from contributors.permissions import scope_by_unit, units_for

from . import services
from .models import Article, ArticleAction, ArticleRevision, ArticleTransition
from .revisions import revision_diff
from .search import match_articles
from .text import validate_body_length


class ArticleForm(forms.ModelForm):
    """The article form, with the version the editor started from: a save over somebody else's
    newer save is refused with their name, and the editor's own text stays in the form."""

    base_version = forms.IntegerField(
        label=gettext_lazy("version you started from"), widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Article
        fields = ["title", "body", "units", "byline"]
        widgets = {"body": CKEditor5Widget(config_name="default")}
        help_texts = {"body": ""}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version

    def clean_body(self):
        body = self.cleaned_data.get("body", "")
        validate_body_length(body)
        return body

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin runs the whole save in one transaction: the lock holds until the save is done.
            current = Article.objects.select_for_update().get(pk=self.instance.pk)
            base = cleaned.get("base_version")
            if base is not None and base != current.version:
                self.conflict = services.edit_conflict(current)
                # Saving again on purpose now overwrites the version the editor has just seen.
                self.data = self.data.copy()
                self.data[self.add_prefix("base_version")] = current.version
                raise forms.ValidationError(self.conflict.message, code="conflict")
        return cleaned


class ArticleChangeList(ChangeList):
    """The article list without bodies and search text: a list shows titles, never whole articles."""

    def get_queryset(self, request, exclude_parameters=None):
        return super().get_queryset(request, exclude_parameters).defer("body", "search_text")


@admin.register(Article)
class ArticleAdmin(SafeInputAdmin, admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "unit_names",
        "status",
        "issue",
        "section",
        "position",
        "words",
        "author",
        "updated",
    ]
    # By creation date through a filter (today, the past 7 days, this month, this year), not a date
    # hierarchy: the hierarchy's list of years reads every row (160 ms at 200,000 articles).
    list_filter = ["status", ("created", admin.DateFieldListFilter), "section", "issue__year", "units__kind"]
    list_select_related = ["issue", "section", "author"]
    search_fields = ["title", "byline", "units__name"]
    autocomplete_fields = ["units"]
    readonly_fields = [
        "words",
        "status",
        "issue",
        "section",
        "position",
        "author",
        "version",
        "submitted_at",
        "accepted_at",
        "published_at",
        "created",
        "updated",
    ]
    # Count the rows once: with a filter, "N of all M" would count the whole table a second time.
    show_full_result_count = False
    # Fifty rows a page: most of the page's time is Django rendering the rows (eleven columns each).
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "body", "words", "units", "byline", "base_version"]}),
        (gettext_lazy("Placement"), {"fields": ["issue", "section", "position"]}),
        (
            gettext_lazy("Workflow"),
            {"fields": ["status", "author", "version", "submitted_at", "accepted_at", "published_at"]},
        ),
        (gettext_lazy("Record"), {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def get_changelist(self, request, **kwargs):
        return ArticleChangeList

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read only (a published article, say): the body as readers see it, not its HTML source, and
        # no version to carry back.
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "body_html" if field == "body" else field
                        for field in options["fields"]
                        if field != "base_version"
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=gettext_lazy("body"))
    def body_html(self, obj):
        # Sanitised (nh3) on every save, as the reader site shows it.
        return mark_safe(obj.body)  # noqa: S308

    # --- Scope: out of scope is 404 everywhere ---------------------------------------------------------

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("units", queryset=Unit.objects.only("pk", "name")))
        )
        return scope_by_unit(queryset, request.user)

    def get_search_results(self, request, queryset, search_term):
        """The reader site's search (Chinese substrings, AND, quoted phrases, unit names) over every
        status the user may see; the changelist keeps its own ordering."""
        if not search_term.strip():
            return queryset, False
        return match_articles(queryset, search_term).queryset, False

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_edit(obj, request.user))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "units":
            kwargs["queryset"] = units_for(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("words"))
    def words(self, obj):
        """字数: CJK characters and Latin words of the body, as stored on every save (the list does
        not load bodies)."""
        return obj.word_count if obj and obj.pk else 0

    @admin.display(description=gettext_lazy("units"))
    def unit_names(self, obj):
        return "、".join(unit.name for unit in obj.units.all())

    # --- Saving through the services ----------------------------------------------------------------

    def _data(self, form):
        data = {
            field: form.cleaned_data[field] for field in services.TEXT_FIELDS if field in form.cleaned_data
        }
        if "units" in form.cleaned_data:
            data["units"] = list(form.cleaned_data["units"])
        return data

    def save_model(self, request, obj, form, change):
        data = self._data(form)
        try:
            if change:
                article = services.article_update(
                    article=Article.objects.get(pk=obj.pk),
                    actor=request.user,
                    data=data,
                    base_version=form.cleaned_data.get("base_version"),
                )
            else:
                article = services.article_create(actor=request.user, **data)
        except services.WorkflowError as error:
            raise PermissionDenied(error.message) from error
        for field in Article._meta.concrete_fields:
            setattr(obj, field.attname, getattr(article, field.attname))
        obj._state = article._state

    def save_related(self, request, form, formsets, change):
        # Units were saved by the service (a correspondent's own unit when none was chosen).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # --- Workflow pages ----------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                wrap(self.transition_view),
                name="articles_article_transition",
            ),
            path("<path:object_id>/comment/", wrap(self.comment_view), name="articles_article_comment"),
            path("<path:object_id>/revisions/", wrap(self.revisions_view), name="articles_article_revisions"),
            path(
                "<path:object_id>/revisions/<int:number>/restore/",
                wrap(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request, object_id) -> Article:
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        return self.get_object(request, object_id)

    def _back(self, request, article):
        target = request.POST.get("next") or request.GET.get("next")
        if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
            return HttpResponseRedirect(target)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def transition_view(self, request, object_id, action):
        """GET: the confirmation page (nothing changes). POST: do it through the service."""
        article = self._article_or_404(request, object_id)
        if action not in services.BUTTON_ACTIONS:
            raise Http404
        transition = services.TRANSITIONS[action]
        error = None
        if request.method == "POST":
            try:
                if action == ArticleAction.REMOVE:
                    services.article_remove(
                        article=article, actor=request.user, note=request.POST.get("note", "")
                    )
                else:
                    services.ACTION_SERVICES[action](
                        article=article, actor=request.user, note=request.POST.get("note", "")
                    )
            except services.WorkflowError as exc:
                error = exc.message
                if not transition.confirm:
                    messages.error(request, error)
                    return self._back(request, article)
            else:
                messages.success(
                    request,
                    _("“%(title)s”: %(action)s done.") % {"title": article.title, "action": transition.label},
                )
                return self._back(request, article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("%(action)s: %(title)s") % {"action": transition.label, "title": article.title},
            "article": article,
            "transition": transition,
            "error": error,
            "note": request.POST.get("note", ""),
            "next": request.POST.get("next") or request.GET.get("next", ""),
            "problem": services.state_problem(article, transition),
        }
        return TemplateResponse(request, "admin/articles/article/transition_confirm.html", context)

    def comment_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        if request.method != "POST":
            return self._back(request, article)
        try:
            services.article_comment(article=article, actor=request.user, text=request.POST.get("text", ""))
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your note was added."))
        return self._back(request, article)

    def revisions_view(self, request, object_id):
        article = self._article_or_404(request, object_id)
        revisions = list(article.revisions.select_related("author", "restored_from"))
        by_number = {revision.number: revision for revision in revisions}
        diff = old = new = None
        if len(revisions) >= 2:
            try:
                new = by_number.get(int(request.GET.get("b", revisions[0].number)))
                old = by_number.get(int(request.GET.get("a", revisions[1].number)))
            except ValueError:
                old = new = None
            if old and new:
                if old.number > new.number:
                    old, new = new, old
                diff = revision_diff(old, new)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Revisions of “%(title)s”") % {"title": article.title},
            "article": article,
            "revisions": revisions,
            "old": old,
            "new": new,
            "diff": diff,
            "can_restore": services.can_edit(article, request.user),
        }
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def restore_view(self, request, object_id, number):
        article = self._article_or_404(request, object_id)
        revision = get_object_or_404(ArticleRevision, article=article, number=number)
        if request.method == "POST":
            try:
                services.article_restore_revision(article=article, actor=request.user, revision=revision)
            except services.WorkflowError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("Revision %(number)s was restored as a new revision.") % {"number": number}
                )
            return HttpResponseRedirect(reverse("admin:articles_article_revisions", args=[article.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Restore revision %(number)s of “%(title)s”")
            % {"number": number, "title": article.title},
            "article": article,
            "revision": revision,
            "problem": services.edit_problem(article, request.user),
        }
        return TemplateResponse(request, "admin/articles/article/restore_confirm.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        transitions = list(article.transitions.select_related("actor", "issue"))
        extra_context = {
            **(extra_context or {}),
            "workflow_buttons": services.available_transitions(article, request.user),
            "return_note": services.latest_return_note(article)
            if article.status == Article.Status.RETURNED
            else None,
            "comments": list(article.comments.select_related("author")),
            "transitions": transitions,
            "revision_count": article.revisions.count(),
            "edit_problem": services.edit_problem(article, request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ArticleTransition)
class ArticleTransitionAdmin(OfficeAuditLogAdmin, admin.ModelAdmin):
    """The audit log of the article workflow: read only, filterable by unit, person, date and action."""

    list_display = ["created", "article", "action", "from_status", "to_status", "actor", "note"]
    list_filter = [
        "action",
        ("created", admin.DateFieldListFilter),
        ("actor", admin.RelatedOnlyFieldListFilter),
        ("article__units", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["article", "actor"]
    search_fields = ["article__title", "note", "actor__username", "actor__first_name"]
    date_hierarchy = "created"

    def get_queryset(self, request):
        return scope_by_unit(super().get_queryset(request), request.user, field="article__units")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj
