"""Reads of the distribution app: who gets an issue (one entry per person, however many groups they are
in), and the read receipts of an issue. Each costs a fixed number of queries, whatever the number of
recipients."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from bulletin.models import Issue

from .models import KIND_ORDER, Delivery, DeliveryStatus, IssueLine, Recipient, RecipientGroup


@dataclass
class Person:
    """One person to deliver to, merged from every membership that names the same user account or the
    same e-mail address (compared case-insensitively)."""

    user_id: int | None
    email: str
    name: str
    title: str
    group_ids: list[int] = field(default_factory=list)
    user_ids: set[int] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)


def issue_groups(issue: Issue) -> list[RecipientGroup]:
    """The groups on the issue's footer lines, in printed order (报送, 印发, 抄送; then position)."""
    groups = RecipientGroup.objects.filter(issueline__issue=issue).distinct()
    return sorted(
        groups, key=lambda g: (KIND_ORDER.index(g.kind) if g.kind in KIND_ORDER else 9, g.position, g.pk)
    )


def _memberships(group_ids) -> list[Recipient]:
    return list(
        Recipient.objects.filter(group_id__in=group_ids, active=True)
        .filter(Q(user__isnull=True) | Q(user__is_active=True) | ~Q(email=""))
        .select_related("user")
        .order_by("pk")
    )


def people_in(groups: list[RecipientGroup]) -> list[Person]:
    """The distinct people in ``groups`` (two queries at most), in the order of the groups.

    Two memberships are the same person when they share a user account, or share an e-mail address
    (the membership's own, else the account's). A deactivated account is ignored; the membership
    still counts when it has an e-mail address of its own."""
    group_order = {group.pk: index for index, group in enumerate(groups)}
    members = sorted(_memberships(list(group_order)), key=lambda m: (group_order[m.group_id], m.pk))
    parent = list(range(len(members)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_by_key: dict[str, int] = {}
    for index, member in enumerate(members):
        for key in _keys(member):
            if key in first_by_key:
                a, b = find(first_by_key[key]), find(index)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                first_by_key[key] = index
    people: dict[int, Person] = {}
    for index, member in enumerate(members):
        root = find(index)
        user = member.user if member.user_id and member.user.is_active else None
        address = _address(member)
        person = people.get(root)
        if person is None:
            person = people[root] = Person(user_id=None, email="", name="", title="")
        if user is not None:
            person.user_ids.add(user.pk)
            if person.user_id is None or user.pk < person.user_id:
                person.user_id = user.pk
        if address:
            person.emails.add(address)
            person.email = person.email or address
        person.name = person.name or member.name or (user.get_full_name() if user else "")
        person.title = person.title or member.title
        if member.group_id not in person.group_ids:
            person.group_ids.append(member.group_id)
    return list(people.values())


def _address(member: Recipient) -> str:
    email = (member.email or "").strip().lower()
    if not email and member.user_id and member.user.is_active:
        email = (member.user.email or "").strip().lower()
    return email


def _keys(member: Recipient) -> list[str]:
    keys = []
    if member.user_id and member.user.is_active:
        keys.append(f"user:{member.user_id}")
    address = _address(member)
    if address:
        keys.append(f"email:{address}")
    return keys


def delivery_entitled(delivery: Delivery) -> bool:
    """Whether the person ``delivery`` went to may still open it (one query): their account, if the
    delivery has one, is active, and they are still an active member of a group on the issue's footer
    lines — by that account, or by the delivery's e-mail address (the membership's own, or the active
    account's). A deleted account leaves the delivery with its address only, and its membership gone.
    A link the office chose to keep (``delivery_keep``) stays entitled."""
    if delivery.link_kept_at is not None:
        return True
    if delivery.user_id is not None and not delivery.user.is_active:
        return False
    who = Q()
    if delivery.user_id is not None:
        who |= Q(user_id=delivery.user_id)
    if delivery.email:
        who |= Q(email__iexact=delivery.email)
        who |= Q(email="", user__is_active=True, user__email__iexact=delivery.email)
    if not who:
        return False
    return Recipient.objects.filter(who, active=True, group__issueline__issue_id=delivery.issue_id).exists()


def issue_people(issue: Issue) -> list[Person]:
    return people_in(issue_groups(issue))


def issue_copies_default(issue: Issue) -> int:
    """共印N份 when the office leaves it empty: the number of distinct people on the footer lines."""
    return len(issue_people(issue))


# --- Read receipts -------------------------------------------------------------------------------------


@dataclass
class ReceiptGroup:
    group: RecipientGroup | None  # None: people no longer in any group of the issue
    deliveries: list[Delivery]

    @property
    def total(self) -> int:
        return len(self.deliveries)

    @property
    def delivered(self) -> int:
        return sum(1 for d in self.deliveries if d.status == DeliveryStatus.SENT)

    @property
    def failed(self) -> int:
        return sum(1 for d in self.deliveries if d.status == DeliveryStatus.FAILED)

    @property
    def opened(self) -> int:
        return sum(1 for d in self.deliveries if d.opened)

    @property
    def not_opened(self) -> int:
        return self.total - self.opened


@dataclass
class Receipts:
    issue: Issue
    groups: list[ReceiptGroup]
    deliveries: list[Delivery]

    @property
    def summary(self) -> ReceiptGroup:
        return ReceiptGroup(None, self.deliveries)


def issue_receipts(issue: Issue) -> Receipts:
    """The deliveries of ``issue`` by group, in printed order: three queries.

    A person in two groups is listed under both; the summary counts each person once."""
    deliveries = list(Delivery.objects.filter(issue=issue).for_receipts())
    groups: dict[int, RecipientGroup] = {}
    for delivery in deliveries:
        for group in delivery.groups.all():
            groups.setdefault(group.pk, group)
    ordered = sorted(
        groups.values(),
        key=lambda g: (KIND_ORDER.index(g.kind) if g.kind in KIND_ORDER else 9, g.position, g.pk),
    )
    by_group = [
        ReceiptGroup(group, [d for d in deliveries if any(g.pk == group.pk for g in d.groups.all())])
        for group in ordered
    ]
    orphans = [d for d in deliveries if not d.groups.all()]
    if orphans:
        by_group.append(ReceiptGroup(None, orphans))
    return Receipts(issue=issue, groups=by_group, deliveries=deliveries)


def receipt_counts(issues):
    """Annotate issues with their numbers of deliveries, sent, failed and opened ones (one query)."""
    return issues.annotate(
        delivery_total=Count("deliveries", distinct=True),
        delivery_sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT), distinct=True),
        delivery_failed=Count(
            "deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED), distinct=True
        ),
        delivery_opened=Count("deliveries", filter=Q(deliveries__first_read_at__isnull=False), distinct=True),
    )


def lines_by_kind(issue: Issue) -> dict[str, IssueLine]:
    return {line.kind: line for line in issue.distribution_lines.all()}
