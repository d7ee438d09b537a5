"""The pages of upward adoptions and leader instructions in the desk's tour (page_tour.py): an
adoption, an instruction waiting for feedback and one answered, on the tour's published article."""

from django.urls import reverse

from infowork import services
from tests.infowork.records_helpers import days_ago


def build_records(*, published_article, editor, correspondent) -> dict:
    adopted = services.upward_adoption_record(
        actor=editor,
        article=published_article,
        level="province",
        outlet="省总工会《工会信息》",
        date=days_ago(0),
    )
    waiting = services.instruction_record(
        actor=editor,
        article=published_article,
        leader="王建平副市长",
        level="city",
        date=days_ago(0),
        text="请总结推广。",
    )
    answered = services.instruction_record(
        actor=editor,
        article=published_article,
        leader="李主席",
        level="province",
        date=days_ago(0),
        text="很好。",
    )
    services.instruction_feedback_record(
        actor=correspondent, instruction=answered, text="已推广。", done_on=days_ago(0)
    )
    return {"adopted": adopted, "waiting_instruction": waiting}


def records_pages(data, page) -> list:
    article, adopted, waiting = data["published_article"], data["adopted"], data["waiting_instruction"]
    accepted = data["placed"]

    def desk(name, *args, query=""):
        url = reverse(f"desk:{name}", args=args)
        return f"{url}?{query}" if query else url

    return [
        page("editor", "review-published", desk("review", article.pk)),
        page("editor", "adoption-create", desk("review_adoption", article.pk)),
        page(
            "editor",
            "adoption-create-empty",
            desk("review_adoption", article.pk),
            400,
            "post",
            {"outlet": ""},
        ),
        page("editor", "adoption-create-unpublished", desk("review_adoption", accepted.pk)),
        page("editor", "instruction-create", desk("review_instruction", article.pk)),
        page(
            "editor",
            "instruction-create-no-text",
            desk("review_instruction", article.pk),
            400,
            "post",
            {"leader": "", "level": "x", "date": "2026-13-01", "text": ""},
        ),
        page("editor", "adoption-delete", desk("adoption_delete", adopted.pk)),
        page("editor", "adoption-delete-no-reason", desk("adoption_delete", adopted.pk), 400, "post"),
        page("editor", "instruction-delete", desk("instruction_delete", waiting.pk)),
        page("editor", "adoption-list", desk("adoption_list")),
        page("editor", "adoption-list-filtered", desk("adoption_list", query="level=province")),
        page("editor", "adoption-list-bad-filter", desk("adoption_list", query="level=x&year=abc"), 400),
        page("editor", "instruction-list", desk("instruction_list")),
        page("signer", "signer-adoption-list", desk("adoption_list")),
        page("signer", "signer-instruction-list", desk("instruction_list")),
        page("editor", "editor-feedback", desk("instruction_feedback", waiting.pk)),
        page("correspondent", "unit-instructions", desk("unit_instructions")),
        page("correspondent", "feedback", desk("instruction_feedback", waiting.pk)),
        page(
            "correspondent",
            "feedback-empty",
            desk("instruction_feedback", waiting.pk),
            400,
            "post",
            {"done_on": "x"},
        ),
    ]
