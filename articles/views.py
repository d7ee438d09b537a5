"""Back-office endpoints of the articles app that the admin's own views do not cover: the
rich-text editor's image upload and the Word import of an article's body."""

import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contributors.permissions import get_in_scope_or_404

from . import services
from .images import ImageRejected, image_store, image_url, read_upload
from .models import Article, ArticleImage
from .word import WordRejected, discard, docx_import, read_docx_upload

SESSION_KEY = "word-import"


@dataclass(frozen=True)
class WordPages:
    """Where the Word import's pages live: the admin's (the default) or the desk's. URL names, so
    this app never imports the apps that show it."""

    template: str = "articles/article_word_import.html"
    article_url: str = "admin:articles_article_change"  # takes the article's pk
    list_url: str = "admin:articles_article_changelist"
    import_url: str = "articles:word_import"  # takes the article's pk


ADMIN_PAGES = WordPages()


def _json_error(message: str, status: int) -> JsonResponse:
    # The shape CKEditor 5's upload adapter shows to the user.
    return JsonResponse({"error": {"message": message}}, status=status)


@require_POST
def image_upload(request):
    """CKEditor 5 upload endpoint: staff who may change articles; validated, re-encoded images."""
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return _json_error(_("Please log in to the back office to upload images."), 403)
    if not user.has_perm("articles.change_article"):
        return _json_error(_("You do not have permission to upload images."), 403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _json_error(_("No file was uploaded."), 400)
    try:
        record = image_store(data=read_upload(upload), uploaded_by=user, original_name=upload.name)
    except ImageRejected as error:
        return _json_error(" ".join(error.messages), 400)
    return JsonResponse({"url": image_url(record)})


def editable_article_or_404(user, pk: int) -> Article:
    """The article if the user may change its text: 404 outside their scope, 403 in a locked state
    (the workflow decides, as for the admin's own form)."""
    article = get_in_scope_or_404(Article.objects.all(), user, pk=pk)
    if not user.has_perm("articles.change_article"):
        raise PermissionDenied
    problem = services.edit_problem(article, user)
    if problem:
        raise PermissionDenied(problem)
    return article


@staff_member_required
@require_http_methods(["GET", "POST"])
def word_import(request, pk: int, pages: WordPages = ADMIN_PAGES):
    """Upload a .docx into an article's body: straight in when the body is empty, else after a
    preview and confirmation. The converted HTML waits in the session, never in the form, with the
    version of the article it was previewed against: a confirmation after somebody else's save is
    refused as the article form refuses it. Pictures of a preview stay unattached to the article
    until it is confirmed, so a preview that is cancelled or abandoned leaves only pictures that
    the cancel button or ``cleanup_images`` deletes."""
    article = editable_article_or_404(request.user, pk)
    change_url = reverse(pages.article_url, args=[article.pk])
    context = {"article": article, "change_url": change_url, "title": _("Import from Word")}

    if request.method == "POST" and ("confirm" in request.POST or "cancel" in request.POST):
        pending = request.session.get(SESSION_KEY, {})
        if (
            pending.get("token") != request.POST.get("token")
            or pending.get("article") != article.pk
            or pending.get("version") is None
        ):
            messages.error(request, _("The import preview has expired; please upload the file again."))
            return redirect(pages.import_url, pk=article.pk)
        del request.session[SESSION_KEY]
        if "cancel" in request.POST:
            discard_images(pending.get("images", []))
            messages.info(request, _("The import was cancelled; the body of the article was not changed."))
            return redirect(change_url)
        try:
            apply_import(
                article,
                actor=request.user,
                html=pending["html"],
                title=pending.get("title", ""),
                base_version=pending.get("version"),
                image_ids=pending.get("images", []),
            )
        except services.EditConflict as conflict:
            discard_images(pending.get("images", []))
            messages.error(request, stale_preview_message(conflict))
            return redirect(change_url)
        except services.WorkflowError as error:
            discard_images(pending.get("images", []))
            context["error"] = error.message
            return render(request, pages.template, context, status=400)
        messages.success(request, _("The Word document replaced the body of the article."))
        return redirect(change_url)

    if request.method == "POST":
        upload = request.FILES.get("docx")
        if upload is None:
            context["error"] = _("Choose a .docx file to import.")
            return render(request, pages.template, context, status=400)
        empty = not article.body.strip()
        try:
            result = docx_import(
                data=read_docx_upload(upload),
                uploaded_by=request.user,
                want_title=not article.title.strip(),
            )
        except WordRejected as error:
            context["error"] = " ".join(error.messages)
            return render(request, pages.template, context, status=400)
        for text in result.messages:
            messages.warning(request, text)
        image_ids = [image.pk for image in result.images]
        if empty:
            try:
                apply_import(
                    article,
                    actor=request.user,
                    html=result.html,
                    title=result.title,
                    base_version=article.version,
                    image_ids=image_ids,
                )
            except services.EditConflict as conflict:
                discard_images(image_ids)
                messages.error(request, stale_preview_message(conflict))
                return redirect(change_url)
            except services.WorkflowError as error:
                discard_images(image_ids)
                context["error"] = error.message
                return render(request, pages.template, context, status=400)
            messages.success(request, _("The Word document was imported into the article."))
            return redirect(change_url)
        # A new preview replaces one that was never confirmed: its pictures go now.
        previous = request.session.get(SESSION_KEY, {})
        discard_images(previous.get("images", []))
        token = secrets.token_urlsafe(16)
        request.session[SESSION_KEY] = {
            "token": token,
            "article": article.pk,
            "version": article.version,
            "html": result.html,
            "title": result.title,
            "images": image_ids,
        }
        context.update(preview=result.html, token=token, word_messages=result.messages)
        return render(request, pages.template, context)

    return render(request, pages.template, context)


@staff_member_required
@require_http_methods(["GET", "POST"])
def word_create(request, pages: WordPages = ADMIN_PAGES):
    """Start a new draft article from a Word document: its first heading (or bold first line)
    becomes the title, else the file name; the rest becomes the body."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied
    context = {
        "title": _("New article from Word"),
        "change_url": reverse(pages.list_url),
    }
    if request.method == "POST":
        upload = request.FILES.get("docx")
        if upload is None:
            context["error"] = _("Choose a .docx file to import.")
            return render(request, pages.template, context, status=400)
        try:
            result = docx_import(data=read_docx_upload(upload), uploaded_by=request.user, want_title=True)
        except WordRejected as error:
            context["error"] = " ".join(error.messages)
            return render(request, pages.template, context, status=400)
        title = result.title or upload.name.rsplit(".", 1)[0].strip() or _("Untitled")
        try:
            with transaction.atomic():
                article = services.article_create(actor=request.user, title=title[:200], body=result.html)
                ArticleImage.objects.filter(pk__in=[image.pk for image in result.images]).update(
                    article=article
                )
        except services.WorkflowError as error:
            discard_images([image.pk for image in result.images])
            raise PermissionDenied(str(error)) from None
        for text in result.messages:
            messages.warning(request, text)
        messages.success(request, _("A draft was created from the Word document; check it and submit it."))
        return redirect(pages.article_url, article.pk)
    return render(request, pages.template, context)


def apply_import(
    article: Article, *, actor, html: str, title: str, base_version: int | None, image_ids=()
) -> None:
    """The imported body (and a title for an untitled article) saved as a new revision, unless
    somebody saved the article after ``base_version`` (then :class:`EditConflict`, nothing saved);
    the import's pictures are attached to the article in the same transaction."""
    data = {"body": html}
    if title and not article.title.strip():
        data["title"] = title
    with transaction.atomic():
        services.article_update(article=article, actor=actor, data=data, base_version=base_version)
        ArticleImage.objects.filter(pk__in=list(image_ids), article__isnull=True).update(article=article)


def discard_images(image_ids) -> None:
    """Delete pictures stored for an import that was not applied: rows and files. Only pictures
    attached to no article, so nothing an article uses can go."""
    discard(ArticleImage.objects.filter(pk__in=list(image_ids), article__isnull=True))


def stale_preview_message(conflict) -> str:
    """The refusal of a confirmation whose preview is older than the article's last save."""
    who = conflict.saved_by
    name = (who.get_full_name() or who.get_username()) if who else _("Somebody")
    when = timezone.localtime(conflict.current.updated)
    return _(
        "%(name)s saved this article at %(time)s after your Word preview, so the Word document was "
        "not imported and the article is as they saved it. Check their changes, then import the "
        "file again if it should still replace the body."
    ) % {"name": name, "time": when.strftime("%Y-%m-%d %H:%M:%S")}
